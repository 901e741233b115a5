/*
 * rackside-ctl allowed: today's allowed load and its reason, from a history file (an
 * offline check, no database) or from a member's stored sets, through the kiosk's own
 * progression rule.
 */
#ifndef CTL_ALLOWED_H
#define CTL_ALLOWED_H

#include <stdbool.h>

struct store;

#define ALLOWED_USAGE                                                                              \
    "  allowed --history FILE.csv --exercise ID --date YYYY-MM-DD [--pain N] [--unit kg|lb]\n"     \
    "          [--ramp KG,M/S] [--catalogue DIR] [--lang en|es|de] [--json]\n"                     \
    "                                          today's allowed load and why, from a history\n"     \
    "                                          file (header " HISTORY_HEADER_TEXT ",\n"            \
    "                                          then velocity_mps if the sets' speeds follow);\n"   \
    "                                          ID: squat, bench, press, deadlift or the\n"         \
    "                                          catalogue's own (exercises.conf, from DIR or\n"     \
    "                                          where the kiosk reads it), with its own rules;\n"   \
    "                                          --ramp: today's last ramp set, load and speed;\n"   \
    "                                          --lang: the reason in that language\n"              \
    "  allowed --member NAME --exercise E [--date YYYY-MM-DD] [--pain N] [--catalogue DIR]\n"      \
    "          [--lang en|es|de] [--json]\n"                                                       \
    "                                          the same for a member, from the database (the\n"    \
    "                                          exercise's rules from DIR when it is given;\n"      \
    "                                          offline past [server] offline_limit_s: no\n"        \
    "                                          step above the last base, as the kiosk)\n"

#define HISTORY_HEADER_TEXT "date,exercise,load_kg,target_reps,done_reps,clean,pain"

/* True when argv asks for the file form, which opens no database. */
bool ctl_allowed_is_offline(int argc, char **argv);
/*
 * st is NULL for the file form; data_dir is --data-dir (NULL: not given), where a gym's
 * catalogue may be. Exit status: 0 ok, 1 failed, 2 bad input or usage.
 */
int ctl_allowed(struct store *st, const char *config_path, const char *data_dir, int argc,
                char **argv);

#endif
