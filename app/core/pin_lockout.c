#include <string.h>

#include "pin_lockout.h"

#define US_PER_S 1000000

void pin_lockout_init(struct pin_lockout *l, int tries, int64_t window_us, int64_t lock_us)
{
    memset(l, 0, sizeof *l);
    l->tries = tries < 1 ? 1 : tries > PIN_LOCKOUT_MAX_TRIES ? PIN_LOCKOUT_MAX_TRIES : tries;
    l->window_us = window_us;
    l->lock_us = lock_us;
}

bool pin_lockout_locked(const struct pin_lockout *l, int64_t t_us, int *seconds_left)
{
    bool locked = l->locked_until_us != 0 && t_us < l->locked_until_us;
    if (seconds_left)
        *seconds_left = locked ? (int)((l->locked_until_us - t_us + US_PER_S - 1) / US_PER_S) : 0;
    return locked;
}

bool pin_lockout_failed(struct pin_lockout *l, int64_t t_us)
{
    if (pin_lockout_locked(l, t_us, NULL))
        return false;
    /* forget failures older than the window */
    int keep = 0;
    for (int i = 0; i < l->n_fails; i++)
        if (t_us - l->fail_us[i] < l->window_us && t_us >= l->fail_us[i])
            l->fail_us[keep++] = l->fail_us[i];
    l->n_fails = keep;
    l->fail_us[l->n_fails++] = t_us;
    if (l->n_fails < l->tries)
        return false;
    l->n_fails = 0;
    l->locked_until_us = t_us + l->lock_us;
    return true;
}

void pin_lockout_succeeded(struct pin_lockout *l)
{
    l->n_fails = 0;
}
