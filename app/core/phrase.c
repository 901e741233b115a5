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
