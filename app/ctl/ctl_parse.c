#include <stdarg.h>
#include <stdio.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/plates.h"
#include "ctl_parse.h"

#define G_PER_KG  1000.0
#define NOON_HOUR 12 /* a date's noon is never skipped or doubled by DST */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int32_t ctl_parse_kg(const char *s)
{
    const char *p = s;
    int digits = 0;
    while (is_digit(*p))
        p++, digits++;
    if (digits == 0)
        return -1;
    if (*p == '.') {
        p++;
        int frac = 0;
        while (is_digit(*p))
            p++, frac++;
        if (frac == 0)
            return -1;
    }
    if (*p != '\0')
        return -1;
    double kg = strtod(s, NULL);
    if (!(kg > 0) || kg > CTL_KG_MAX)
        return -1;
    long g = lround(kg * G_PER_KG);
    return g > 0 ? (int32_t)g : -1;
}

int32_t ctl_parse_load(const char *s, bool *lb)
{
    size_t n = strlen(s);
    bool pounds = n > 2 && strcmp(s + n - 2, "lb") == 0;
    bool kilos = n > 2 && strcmp(s + n - 2, "kg") == 0;
    if (lb)
        *lb = pounds;
    if (!pounds && !kilos)
        return ctl_parse_kg(s);
    char num[32];
    if (n - 2 >= sizeof num)
        return -1;
    memcpy(num, s, n - 2);
    num[n - 2] = '\0';
    int32_t g = ctl_parse_kg(num); /* the number's form and range, as kilograms */
    if (g < 0 || !pounds)
        return g;
    long lb_g = lround(strtod(num, NULL) * PLATES_G_PER_LB);
    return lb_g > 0 && lb_g <= (long)CTL_KG_MAX * G_PER_KG ? (int32_t)lb_g : -1;
}

/* n digits at s into *out; false unless all n are digits. */
static bool digits_at(const char *s, int n, int *out)
{
    *out = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return false;
        *out = *out * 10 + (s[i] - '0');
    }
    return true;
}

int ctl_parse_date(const char *s, int64_t *noon_s)
{
    int y, m, d;
    if (!digits_at(s, 4, &y) || s[4] != '-' || !digits_at(s + 5, 2, &m) || s[7] != '-' ||
        !digits_at(s + 8, 2, &d) || s[10] != '\0')
        return -1;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    struct tm tm = {
        .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = NOON_HOUR, .tm_isdst = -1};
    time_t t = mktime(&tm);
    /* mktime rolls 02-30 over into March: a date that moved was not a date */
    if (t == (time_t)-1 || tm.tm_year != y - 1900 || tm.tm_mon != m - 1 || tm.tm_mday != d)
        return -1;
    *noon_s = (int64_t)t;
    return 0;
}

int ctl_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("rackside-ctl: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs(" (see rackside-ctl --help)\n", stderr);
    va_end(ap);
    return CTL_EXIT_USAGE;
}

/* Splits argv into positionals and known options; returns how many positionals or -1. */
int ctl_parse_args(int argc, char **argv, char **pos, int max_pos, struct ctl_option *opts)
{
    int n = 0;
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) != 0 || argv[i][2] == '\0') {
            if (n == max_pos) {
                ctl_usage_error("unexpected argument \"%s\"", argv[i]);
                return -1;
            }
            pos[n++] = argv[i];
            continue;
        }
        struct ctl_option *o = opts;
        while (o && o->name && strcmp(o->name, argv[i] + 2) != 0)
            o++;
        if (!o || !o->name) {
            ctl_usage_error("unknown option %s", argv[i]);
            return -1;
        }
        if (o->takes_value) {
            if (i + 1 >= argc) {
                ctl_usage_error("option %s needs a value", argv[i]);
                return -1;
            }
            o->value = argv[++i];
        } else {
            o->value = "";
        }
    }
    return n;
}
