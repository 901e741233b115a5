/*
 * rackside-ctl's load and date arguments: the input is one argument (bytes up to the
 * first NUL). Both parsers see it.
 *
 * Invariants: a load is accepted exactly when the argument is a plain decimal
 * (digits, optionally a point and more digits) over 0 and at most CTL_KG_MAX kg, and
 * then it is that many grams to the nearest gram; a date is accepted exactly when the
 * argument is YYYY-MM-DD naming a real calendar day from 1970, and then the noon it
 * returns is that day (local time) at 12:00.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../app/ctl/ctl_parse.h"
#include "fuzz.h"

#define ARG_MAX 64

static bool plain_decimal(const char *s)
{
    size_t whole = strspn(s, "0123456789");
    if (whole == 0)
        return false;
    if (s[whole] == '\0')
        return true;
    if (s[whole] != '.')
        return false;
    size_t frac = strspn(s + whole + 1, "0123456789");
    return frac > 0 && s[whole + 1 + frac] == '\0';
}

static void check_kg(const char *arg)
{
    int32_t g = ctl_parse_kg(arg);
    bool shape = plain_decimal(arg);
    double kg = shape ? strtod(arg, NULL) : 0;
    bool want = shape && kg > 0 && kg <= CTL_KG_MAX && kg * 1000 >= 0.5;
    FUZZ_CHECK((g > 0) == want, "'%s' gave %d g", arg, g);
    FUZZ_CHECK(g == -1 || g > 0, "'%s' gave %d g", arg, g);
    if (g > 0)
        FUZZ_CHECK(g - kg * 1000 <= 0.5 + 1e-6 && kg * 1000 - g <= 0.5 + 1e-6, "'%s' gave %d g",
                   arg, g);
}

/* A load with its unit: "62.5" and "62.5kg" are ctl_parse_kg's; "135lb" is pounds to the
 * nearest gram, within the same limit; any other ending is refused. */
static void check_load(const char *arg)
{
    bool lb = false;
    int32_t g = ctl_parse_load(arg, &lb);
    size_t n = strlen(arg);
    bool has_lb = n > 2 && strcmp(arg + n - 2, "lb") == 0;
    FUZZ_CHECK(lb == has_lb, "'%s': pounds %d", arg, lb);
    FUZZ_CHECK(g == -1 || (g > 0 && g <= CTL_KG_MAX * 1000), "'%s' gave %d g", arg, g);
    if (!has_lb && !(n > 2 && strcmp(arg + n - 2, "kg") == 0))
        FUZZ_CHECK(g == ctl_parse_kg(arg), "'%s': %d g, not as KG", arg, g);
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* YYYY-MM-DD of a real day from 1970: independent of mktime. */
static bool real_date(const char *s, int *y, int *m, int *d)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    *y = atoi(s), *m = atoi(s + 5), *d = atoi(s + 8);
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (*y < 1970 || *m < 1 || *m > 12 || *d < 1)
        return false;
    return *d <= days[*m - 1] + (*m == 2 && leap(*y));
}

static void check_date(const char *arg)
{
    int64_t noon_s = 0;
    int rc = ctl_parse_date(arg, &noon_s);
    int y, m, d;
    bool want = real_date(arg, &y, &m, &d);
    FUZZ_CHECK((rc == 0) == want, "'%s' gave %d", arg, rc);
    if (rc != 0)
        return;
    time_t t = (time_t)noon_s;
    struct tm tm;
    FUZZ_CHECK(localtime_r(&t, &tm) != NULL, "'%s': noon %lld is not a time", arg,
               (long long)noon_s);
    FUZZ_CHECK(tm.tm_year + 1900 == y && tm.tm_mon + 1 == m && tm.tm_mday == d &&
                   tm.tm_hour == 12 && tm.tm_min == 0,
               "'%s' came back as %04d-%02d-%02d %02d:%02d", arg, tm.tm_year + 1900, tm.tm_mon + 1,
               tm.tm_mday, tm.tm_hour, tm.tm_min);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char arg[ARG_MAX + 1];
    size_t n = size < ARG_MAX ? size : ARG_MAX;
    memcpy(arg, data, n);
    arg[n] = '\0';
    check_load(arg);
    check_kg(arg);
    check_date(arg);
    return 0;
}
