/*
 * The session tests' shared fixture: a member as the store would hand one over, a session
 * started on the default rules, the clock moved on in the kiosk's ticks, the plate's
 * reading, and a lifter's check-in answered. Header only (static inline), so a test takes
 * it without a change to how tests are built.
 */
#ifndef SESSION_FIXTURE_H
#define SESSION_FIXTURE_H

#include <string.h>

#include "../../app/core/session.h"

#define FIXTURE_TICK_US 100000 /* the kiosk's tick */
#define FIXTURE_BODY_G  80000  /* the lifter standing on the plate */
#define FIXTURE_HELD_G  10000  /* over the body weight: the bar is held */
#define FIXTURE_TODAY   20000  /* the gym day of every member */

/* A member with no history, screened today. */
static inline struct member_profile fixture_member(int64_t id, const char *name, enum role role)
{
    struct member_profile m = {.id = id,
                               .role = role,
                               .today = FIXTURE_TODAY,
                               .last_session_day = -1,
                               .last_session_pain = -1,
                               .screening = {.day = FIXTURE_TODAY}};
    strncpy(m.name, name, sizeof m.name - 1);
    return m;
}

/* s started with exercises on the default rules at t_us (wall time wall_us). */
static inline void fixture_session_init(struct session *s, const struct exercise *exercises, int n,
                                        int64_t t_us, int64_t wall_us)
{
    struct rules r;
    rules_default(&r);
    session_init(s, &r, exercises, n, t_us, wall_us);
}

/* The clock *t_us moved on by us in the kiosk's ticks (wall time wall0_us + *t_us). */
static inline void fixture_advance(struct session *s, int64_t *t_us, int64_t us, int64_t wall0_us)
{
    int64_t end = *t_us + us;
    while (*t_us < end) {
        *t_us += FIXTURE_TICK_US;
        session_tick(s, *t_us, wall0_us + *t_us);
    }
}

/* A stable plate reading of total_g at t_us, left_pct of it on the left; the bar counts as
 * held more than FIXTURE_HELD_G over the body weight (what the filter's events would say). */
static inline void fixture_plate(struct session *s, int64_t t_us, int32_t total_g, int left_pct)
{
    struct load_reading r = {.t_us = t_us, .total_g = total_g, .stable = true};
    r.side_g[PLATE_LEFT] = total_g * left_pct / 100;
    r.side_g[PLATE_RIGHT] = total_g - r.side_g[PLATE_LEFT];
    r.bar_held = total_g - FIXTURE_BODY_G >= FIXTURE_HELD_G;
    session_plate(s, &r, t_us);
}

/* m taps in and checks in at t_us: pain, a deliberate "no" to each red-flag question, done. */
static inline void fixture_check_in(struct session *s, const struct member_profile *m, int pain,
                                    int64_t t_us)
{
    session_badge(s, m, t_us);
    session_action(s, ACTION_PAIN, pain, t_us);
    for (int q = 0; q < RED_FLAG_QUESTIONS; q++)
        session_action(s, ACTION_RED_FLAG_NO, q, t_us);
    session_action(s, ACTION_CHECKIN_DONE, 0, t_us);
}

#endif
