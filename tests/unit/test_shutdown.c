/*
 * SIGTERM or Esc mid-set (issue 7): session_shutdown stores the set so far as stopped
 * (not credited) at every phase of a set, and closes the session; with no set on screen
 * it only closes the session. Each phase is a row: how far the set got before the stop.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/session.h"

#define SEC    1000000LL
#define WALL0  1763800000000000LL
#define BODY_G 80000
#define G_MPS2 9.80665

static const struct exercise exercises[] = {
    {.id = 1, .name = "Back squat", .on_plate = true, .target_reps = 3, .work_sets = 2},
};

struct fx {
    struct session s;
    int64_t t;
};

static void plate(struct fx *f, int32_t total_g)
{
    struct load_reading r = {.t_us = f->t, .total_g = total_g, .stable = true};
    r.side_g[PLATE_LEFT] = total_g / 2;
    r.side_g[PLATE_RIGHT] = total_g - r.side_g[PLATE_LEFT];
    session_plate(&f->s, &r, f->t);
}

/* Vertical bar motion at 1 kHz for seconds, down then up; stop_s cuts it short. */
static void imu(struct fx *f, double stop_s)
{
    struct imu_sample smp = {0};
    const double still = 0.6, down = 3.0, pause = 0.5, up = 2.0, depth = 0.45;
    double total = still + down + pause + up + still;
    if (stop_s > 0 && stop_s < total)
        total = stop_s;
    for (double tt = 0; tt < total; tt += 0.001) {
        double a = 0, t1 = tt - still, t2 = t1 - down - pause;
        if (t1 >= 0 && t1 < down)
            a = -depth / 2 * pow(M_PI / down, 2) * cos(M_PI * t1 / down);
        else if (t2 >= 0 && t2 < up)
            a = depth / 2 * pow(M_PI / up, 2) * cos(M_PI * t2 / up);
        smp.t_us = f->t + (int64_t)(tt * SEC);
        smp.accel_g[2] = (float)(1.0 + a / G_MPS2);
        session_imu(&f->s, &smp);
    }
    f->t += (int64_t)(total * SEC);
    session_tick(&f->s, f->t, WALL0 + f->t);
}

enum phase { AT_PLAN, SET_STARTED, UNRACKED, MID_REP, AFTER_REP, AFTER_TWO_REPS };

static void reach(struct fx *f, enum phase p)
{
    struct member_profile m = {
        .id = 1, .role = ROLE_LIFTER, .last_session_pain = -1, .screening = {.day = 20000}};
    strcpy(m.name, "Sam");
    plate(f, BODY_G);
    session_badge(&f->s, &m, f->t);
    session_action(&f->s, ACTION_PAIN, 1, f->t);
    for (int q = 0; q < RED_FLAG_QUESTIONS; q++) /* each answered: none is pre-selected */
        session_action(&f->s, ACTION_RED_FLAG_NO, q, f->t);
    session_action(&f->s, ACTION_CHECKIN_DONE, 0, f->t);
    session_action(&f->s, ACTION_WARMUP_SKIP, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_PLAN);
    if (p == AT_PLAN)
        return;
    session_action(&f->s, ACTION_START_SET, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_SET);
    if (p == SET_STARTED)
        return;
    plate(f, BODY_G + 20000);
    if (p == UNRACKED)
        return;
    imu(f, p == MID_REP ? 2.5 : 0);
    if (p == AFTER_TWO_REPS)
        imu(f, 0);
}

static void every_phase(void **state)
{
    (void)state;
    static const struct {
        enum phase phase;
        bool set_stored; /* by the shutdown itself */
        int min_reps;
    } rows[] = {
        {AT_PLAN, false, 0}, {SET_STARTED, true, 0}, {UNRACKED, true, 0},
        {MID_REP, true, 0},  {AFTER_REP, true, 1},   {AFTER_TWO_REPS, true, 2},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        static struct fx f;
        memset(&f, 0, sizeof f);
        struct rules r;
        rules_default(&r);
        session_init(&f.s, &r, exercises, 1, 0, WALL0);
        reach(&f, rows[i].phase);
        struct effect e;
        while (session_next_effect(&f.s, &e))
            ; /* what happened before the stop */
        session_shutdown(&f.s, f.t);
        int sets = 0, closes = 0;
        while (session_next_effect(&f.s, &e)) {
            if (e.kind == EFFECT_SET_DONE) {
                sets++;
                if (!e.set->stopped || e.set->clean || e.set->n_reps < rows[i].min_reps)
                    fail_msg("row %zu: stopped %d clean %d reps %d", i, e.set->stopped,
                             e.set->clean, e.set->n_reps);
                bool flagged = false;
                for (int k = 0; k < e.set->n_flags; k++)
                    flagged |= e.set->flags[k].kind == FLAG_SET_ABANDONED;
                if (!flagged)
                    fail_msg("row %zu: the stored set does not say why it ended", i);
            }
            closes += e.kind == EFFECT_SESSION_CLOSE;
        }
        if (sets != (rows[i].set_stored ? 1 : 0) || closes != 1)
            fail_msg("row %zu: %d sets stored, %d closes", i, sets, closes);
        assert_int_equal(f.s.screen, SCREEN_ATTRACT);
        session_shutdown(&f.s, f.t); /* twice: nothing more */
        assert_false(session_next_effect(&f.s, &e));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_phase),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
