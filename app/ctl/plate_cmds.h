/*
 * rackside-ctl's plate commands: analyze-plate (a recorded trace through the kiosk's own
 * load filter) and calibrate (the operator's walk through zero and a known weight).
 * Exit status as the rest of rackside-ctl: 0 ok, 1 failed, 2 bad usage or input.
 */
#ifndef PLATE_CMDS_H
#define PLATE_CMDS_H

#include "../store/store.h"

#define PLATE_CMDS_USAGE                                                                           \
    "  analyze-plate FILE.csv --cal "                                                              \
    "LEFT_OFFSET,LEFT_COUNTS_PER_KG,RIGHT_OFFSET,RIGHT_COUNTS_PER_KG "                             \
    "[--json]\n"                                                                                   \
    "                                          stable loads and events in a raw plate trace\n"     \
    "  calibrate [--kg KG | --lb LB] [--middle] [--driver sim|hardware] [--config FILE]\n"         \
    "                                          zero the plate and scale it with a known weight\n"

int plate_cmd_analyze(int argc, char **argv);
/* config: the settings file whose [plate] it writes (rackside-ctl's --config), NULL the
 * installed one; calibrate's own --config wins. Each result goes into the store's audit. */
int plate_cmd_calibrate(struct store *st, const char *config, int argc, char **argv);

#endif
