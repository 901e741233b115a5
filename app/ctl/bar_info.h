/*
 * rackside-ctl bar-info: asks the bar unit on USB who it is and how it is set (device
 * info), then streams for a moment and counts the frames that arrive and those lost.
 * Run it with the kiosk stopped: the kiosk holds the unit's interface while it runs.
 */
#ifndef CTL_BAR_INFO_H
#define CTL_BAR_INFO_H

#include <stdio.h>

#define BAR_INFO_DEFAULT_MS 2000u

/* Reports on out, problems (what, where, what to do) on err; 0 when the unit answers and
 * streams, 1 otherwise. */
int bar_info_run(unsigned duration_ms, FILE *out, FILE *err);

/* The command: [--seconds N]. Exit status 0, 1 (failed) or 2 (bad usage). */
int ctl_bar_info(int argc, char **argv);

#endif
