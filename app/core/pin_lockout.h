/*
 * Trainer PIN lockout at one kiosk: after PIN_LOCKOUT_TRIES wrong PINs within
 * PIN_LOCKOUT_WINDOW_US, trainer access is locked for PIN_LOCKOUT_US for every badge
 * (a second badge must not buy more guesses). A good PIN forgets earlier failures.
 * Pure: every call takes the time it acts at.
 *
 * Hooks (in the session, which owns one struct pin_lockout):
 *   - a trainer badge tapped: if pin_lockout_locked(), show the countdown, not the keypad;
 *   - session_pin_result(ok = false): if pin_lockout_failed() returns true, raise a flag
 *     (the lockout started) and leave the keypad;
 *   - session_pin_result(ok = true): pin_lockout_succeeded().
 */
#ifndef PIN_LOCKOUT_H
#define PIN_LOCKOUT_H

#include <stdbool.h>
#include <stdint.h>

#define PIN_LOCKOUT_TRIES     5
#define PIN_LOCKOUT_WINDOW_US (15LL * 60 * 1000000)
#define PIN_LOCKOUT_US        (15LL * 60 * 1000000)

struct pin_lockout {
    int64_t fail_us[PIN_LOCKOUT_TRIES]; /* the latest failures, oldest first */
    int n_fails;
    int64_t locked_until_us; /* 0: not locked */
};

void pin_lockout_init(struct pin_lockout *l);
/* True while locked at t_us; *seconds_left (may be NULL) rounds up, for the countdown. */
bool pin_lockout_locked(const struct pin_lockout *l, int64_t t_us, int *seconds_left);
/* A wrong PIN at t_us; true when it starts a lockout. Ignored while locked. */
bool pin_lockout_failed(struct pin_lockout *l, int64_t t_us);
void pin_lockout_succeeded(struct pin_lockout *l);

#endif
