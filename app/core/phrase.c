#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "phrase.h"

/* Reads "N$" at p (N 1..9); returns the argument index and moves p past it, -1 none. */
static int position(const char **p)
{
    const char *q = *p;
    if (q[0] >= '1' && q[0] <= '9' && q[1] == '$') {
        *p = q + 2;
        return q[0] - '1';
    }
    return -1;
}

void phrase_fill(char *out, size_t n, const char *fmt, const char *const *args, int n_args)
{
    if (n == 0)
        return;
    size_t len = 0;
    int next = 0;
    for (const char *p = fmt ? fmt : ""; *p && len + 1 < n;) {
        const char *add = p;
        size_t add_len = 1;
        if (p[0] == '%' && p[1] == '%') {
            add_len = 1;
            p += 2;
        } else if (p[0] == '%') {
            const char *q = p + 1;
            int at = position(&q);
            if (*q == 's') {
                int i = at >= 0 ? at : next++;
                add = i < n_args && args[i] ? args[i] : "";
                add_len = strlen(add);
                p = q + 1;
            } else {
                p++; /* not a conversion this knows: the "%" as it stands */
            }
        } else {
            p++;
        }
        if (add_len > n - 1 - len)
            add_len = n - 1 - len;
        memcpy(out + len, add, add_len);
        len += add_len;
    }
    out[len] = '\0';
}

int phrase_arity(const char *fmt)
{
    int next = 0, most = 0;
    for (const char *p = fmt ? fmt : ""; *p; p++) {
        if (*p != '%')
            continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        const char *q = p + 1;
        int at = position(&q);
        if (*q != 's')
            return -1;
        int i = at >= 0 ? at : next++;
        if (i + 1 > most)
            most = i + 1;
        p = q;
    }
    return most;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The point of a number at the start of arg followed by nothing or by " unit" (letters, %,
 * /, the micro sign and the like: no digits, no further point), NULL when it is not one. */
static const char *number_point(const char *arg)
{
    const char *p = arg + (arg[0] == '-' || arg[0] == '+');
    const char *point = NULL;
    int digits = 0;
    for (; is_digit(*p) || (*p == '.' && !point); p++) {
        if (*p == '.')
            point = p;
        else
            digits++;
    }
    if (!point || digits == 0 || !is_digit(point[1]) || point == arg)
        return NULL;
    if (*p == '\0')
        return point;
    if (*p != ' ' || p[1] == '\0')
        return NULL;
    for (const char *u = p + 1; *u; u++)
        if (is_digit(*u) || *u == '.' || *u == ' ')
            return NULL;
    return point;
}

void phrase_number(char *out, size_t n, const char *arg, const char *sign)
{
    if (n == 0)
        return;
    arg = arg ? arg : "";
    const char *point = sign && strcmp(sign, ".") != 0 ? number_point(arg) : NULL;
    if (point)
        snprintf(out, n, "%.*s%s%s", (int)(point - arg), arg, sign, point + 1);
    else
        snprintf(out, n, "%s", arg);
}

#define NUMBER_ARG_MAX 64 /* a number and its unit; a longer argument is no number */

void phrase_fill_numbers(char *out, size_t n, const char *fmt, const char *const *args, int n_args,
                         const char *sign)
{
    char said[PHRASE_MAX_ARGS][NUMBER_ARG_MAX];
    const char *argv[PHRASE_MAX_ARGS];
    if (n_args > PHRASE_MAX_ARGS)
        n_args = PHRASE_MAX_ARGS;
    for (int i = 0; i < n_args; i++) {
        argv[i] = args[i];
        if (args[i] && strlen(args[i]) < NUMBER_ARG_MAX && number_point(args[i])) {
            phrase_number(said[i], sizeof said[i], args[i], sign);
            argv[i] = said[i];
        }
    }
    phrase_fill(out, n, fmt, argv, n_args);
}

void phrase_said_set(struct phrase_said *s, const char *fmt, const char *const *args, int n_args)
{
    s->fmt = fmt;
    s->lead[0] = '\0';
    s->translate = 0;
    s->n_args = n_args < PHRASE_MAX_ARGS ? n_args : PHRASE_MAX_ARGS;
    for (int i = 0; i < s->n_args; i++)
        snprintf(s->args[i], sizeof s->args[i], "%s", args[i] ? args[i] : "");
}

void phrase_said_fill(char *out, size_t n, const struct phrase_said *s,
                      const char *(*look)(const char *))
{
    if (n == 0)
        return;
    out[0] = '\0';
    if (!s->fmt)
        return;
    const char *fmt = look ? look(s->fmt) : s->fmt;
    if (phrase_arity(fmt) != phrase_arity(s->fmt))
        fmt = s->fmt;
    const char *args[PHRASE_MAX_ARGS];
    for (int i = 0; i < s->n_args; i++)
        args[i] = look && (s->translate >> i & 1u) ? look(s->args[i]) : s->args[i];
    size_t lead = strlen(s->lead) < n - 1 ? strlen(s->lead) : n - 1;
    memcpy(out, s->lead, lead);
    phrase_fill(out + lead, n - lead, fmt, args, s->n_args);
}
