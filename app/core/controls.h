/*
 * The on-screen controls by stable name ("continue", "pain-5", "flag-2-yes"), so that
 * scenario files, the README and the screens speak of the same buttons. A name maps to
 * an action and its argument; paging and load-step buttons carry an argument the screen
 * computes, so they are named by their place among the buttons of that action instead.
 */
#ifndef CONTROLS_H
#define CONTROLS_H

#include <stdbool.h>
#include <stddef.h>

#include "session.h"

#define CONTROL_NAME_MAX 32

struct control {
    enum action action;
    int arg; /* when nth == 0 */
    int nth; /* > 0: the nth button of this action on the screen, whatever its argument */
};

/* 0 found, -1 not a control name. */
int control_parse(const char *name, struct control *out);

/* Every control name, expanded ("pain-0" ... "pain-10"), for --controls. */
int control_count(void);
/* The index-th name into buf; what it does into *what (static text). */
void control_name(int index, char *buf, size_t n, const char **what);

#endif
