/* rackside-ctl actions: trainers' actions as CSV (actions_cmd.c). */
#ifndef ACTIONS_CMD_H
#define ACTIONS_CMD_H

#include <stdint.h>

#include "../store/store.h"

#define ACTIONS_CMD_USAGE                                                                          \
    "  actions [--date D | --from D --to D] [--no-health]\n"                                       \
    "                                          trainers' actions as CSV: who, about whom,\n"       \
    "                                          what, when, the load and the words\n"

int ctl_actions(struct store *st, int64_t today, int argc, char **argv);

#define ACK_CMD_USAGE                                                                              \
    "  ack FLAG_ID --by TRAINER [--note TEXT]\n"                                                   \
    "                                          acknowledge a flag (its id from flags --format\n"   \
    "                                          csv|json) as a trainer does at the kiosk\n"

int ctl_ack(struct store *st, int argc, char **argv);

#endif
