/*
 * The plate that could not be opened: it answers like two dead DOUT lines, so the load
 * filter reports a fault, the screens say the plate is not answering, and everything
 * that does not need the plate (check-in, warm-up, declared loads) keeps working.
 */
#include <stdlib.h>

#include "plate_absent.h"

#define ABSENT_PERIOD_US 100000 /* a dead HX711 is noticed at 10 samples/s */

struct plate_absent {
    struct plate port;
    int64_t next_us;
    bool started;
};

static int absent_poll(struct plate *p, int64_t now_us, struct plate_sample *out, int max)
{
    struct plate_absent *a = (struct plate_absent *)p;
    if (!a->started) {
        a->started = true;
        a->next_us = now_us;
    }
    int n = 0;
    while (n < max && a->next_us <= now_us) {
        out[n++] = (struct plate_sample){.t_us = a->next_us, .ok_mask = 0};
        a->next_us += ABSENT_PERIOD_US;
    }
    return n;
}

static void absent_close(struct plate *p)
{
    free(p);
}

struct plate *plate_absent_new(void)
{
    struct plate_absent *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->port = (struct plate){.name = "no plate", .poll = absent_poll, .close = absent_close};
    return &a->port;
}
