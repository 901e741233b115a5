/*
 * rackside-ctl's arguments that are numbers and dates, parsed strictly: what an operator
 * types either means exactly one thing or is refused.
 */
#ifndef CTL_PARSE_H
#define CTL_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#define CTL_KG_MAX 1000 /* a tonne: anything above is a typo */

/* "62.5" -> 62500 g. Plain decimals only (no sign, exponent, hex, spaces), over 0 and
 * at most CTL_KG_MAX kg; -1 otherwise. */
int32_t ctl_parse_kg(const char *s);
/* A load as a rack in kilograms or pounds writes it: "62.5" or "62.5kg" -> 62500 g,
 * "225lb" -> 102058 g (the nearest gram), *lb set when given in pounds (lb may be NULL).
 * The same limits as ctl_parse_kg; -1 otherwise. */
int32_t ctl_parse_load(const char *s, bool *lb);

/* "2025-03-01" (exactly YYYY-MM-DD, a real calendar date) -> 0 with that date's local
 * noon in *noon_s (seconds since the epoch); -1 otherwise. */
int ctl_parse_date(const char *s, int64_t *noon_s);

#define CTL_EXIT_USAGE 2 /* a bad command line */

/* "rackside-ctl: WHAT (see rackside-ctl --help)" on stderr; returns CTL_EXIT_USAGE. */
int ctl_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A "--name value" option or a "--name" switch, in a table ended by {NULL}. */
struct ctl_option {
    const char *name;
    bool takes_value;
    const char *value; /* out: the value, or "" for a switch that was given */
};

/* Splits argv into at most max_pos positionals (pos) and the options in opts (may be
 * NULL); returns how many positionals, or -1 after a usage message. */
int ctl_parse_args(int argc, char **argv, char **pos, int max_pos, struct ctl_option *opts);

#endif
