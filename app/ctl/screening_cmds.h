/*
 * rackside-ctl screenings: the enrolment screens answered over a range of gym days, as a
 * table, CSV or JSON, like the check-ins. The answers are health data: with them the
 * export says so on its first line; --no-health leaves out which questions had a yes, the
 * lifter's standing (a yes waits for or has a trainer's clearance) and the clearance, so
 * that only who answered and when remain.
 */
#ifndef SCREENING_CMDS_H
#define SCREENING_CMDS_H

#include <stdint.h>

#include "../store/store.h"

#define SCREENING_CMDS_USAGE                                                                       \
    "  screenings [--date D | --from D --to D] [--format table|csv|json] [--no-health]\n"          \
    "                                          enrolment screens: questions answered yes,\n"       \
    "                                          clearances; --no-health only who and when\n"

int ctl_screenings(struct store *st, int64_t today, int argc, char **argv);

#endif
