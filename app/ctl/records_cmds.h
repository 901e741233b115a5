/*
 * rackside-ctl's record commands: check-ins, restore, vacuum, the purge of old health
 * answers, importing members from a spreadsheet, and the day's report as one HTML page.
 * Exit status as the rest of rackside-ctl: 0 ok, 1 failed, 2 bad usage or input.
 */
#ifndef RECORDS_CMDS_H
#define RECORDS_CMDS_H

#include <stdint.h>

#include "../store/store.h"

#define RECORDS_CMDS_USAGE                                                                         \
    "  checkins [--date D | --from D --to D] [--format table|csv|json] [--no-health]\n"            \
    "                                          check-ins; --no-health leaves out pain and\n"       \
    "                                          red-flag answers\n"                                 \
    "  report [--date D | --from D --to D] --out FILE.html\n"                                      \
    "                                          the flags with per-rep plots, one HTML page\n"      \
    "  restore FILE                            replace the database with a backup (the\n"          \
    "                                          replaced one is kept beside it)\n"                  \
    "  vacuum                                  give free space in the database back\n"             \
    "  purge-health --before D                 remove pain, red-flag and enrolment-screen\n"       \
    "                                          answers recorded before day D (training\n"          \
    "                                          records and screens' decisions stay)\n"             \
    "  members import FILE.csv [--dry-run]     add members and badges from a CSV file\n"           \
    "                                          (name,role,badges); --dry-run only lists\n"

int ctl_checkins(struct store *st, int64_t today, int argc, char **argv);
int ctl_report(struct store *st, int64_t today, int argc, char **argv);
int ctl_restore(struct store *st, int argc, char **argv);
int ctl_vacuum(struct store *st, int argc, char **argv);
int ctl_purge_health(struct store *st, int argc, char **argv);
/* members import; pin_digits: the length of the PINs made for new trainers */
int ctl_members_import(struct store *st, int pin_digits, int argc, char **argv);

#endif
