/*
 * Trainer PIN lockout at one kiosk: after `tries` wrong PINs within `window_us`, trainer
 * access is locked for `lock_us` for every badge (the rules' pin_lockout_* settings)
 * (a second badge must not buy more guesses). A good PIN forgets earlier failures.
 * Pure: every call takes the time it acts at. With a gym server the lockout is also a
 * record (EFFECT_PIN_LOCKOUT) that every rack holds until it ends (a second rack must not
 * buy more guesses either): a trainer badge's profile carries the gym's latest
 * (member_profile.pin_locked_until_wall_us).
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

#define PIN_LOCKOUT_MAX_TRIES 20 /* the most `tries` a config may set */

struct pin_lockout {
    int tries;         /* 1..PIN_LOCKOUT_MAX_TRIES */
    int64_t window_us; /* failures older than this are forgotten */
    int64_t lock_us;
    int64_t fail_us[PIN_LOCKOUT_MAX_TRIES]; /* the latest failures, oldest first */
    int n_fails;
    int64_t locked_until_us; /* 0: not locked */
};

/* tries is clamped to 1..PIN_LOCKOUT_MAX_TRIES. */
void pin_lockout_init(struct pin_lockout *l, int tries, int64_t window_us, int64_t lock_us);
/* True while locked at t_us; *seconds_left (may be NULL) rounds up, for the countdown. */
bool pin_lockout_locked(const struct pin_lockout *l, int64_t t_us, int *seconds_left);
/* A wrong PIN at t_us; true when it starts a lockout. Ignored while locked. */
bool pin_lockout_failed(struct pin_lockout *l, int64_t t_us);
void pin_lockout_succeeded(struct pin_lockout *l);

#endif
