/* rackside-ctl calibrations: the plate calibrations' audit (calibrations_cmd.c). */
#ifndef CALIBRATIONS_CMD_H
#define CALIBRATIONS_CMD_H

#include <stdint.h>

#include "../store/store.h"

#define CALIBRATIONS_CMD_USAGE                                                                     \
    "  calibrations [--date D | --from D --to D] [--format table|csv|json]\n"                      \
    "                                          the plate's calibrations: when, who, the known\n"   \
    "                                          weight, old and new calibration, the result\n"

int ctl_calibrations(struct store *st, int64_t today, int argc, char **argv);

#endif
