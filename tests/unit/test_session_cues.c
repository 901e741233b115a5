/*
 * The sounds the session calls for (session.cue_events, core/cue.h): a badge taken counts
 * as badge-ok, one not known or not taken now (rack in use, a set running) as badge-no;
 * a rep counts as clean or flagged exactly when the session raised a flag for it.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/session.h"
#include "session_fixture.h"

#define SEC    1000000LL
#define WALL0  1763800000000000LL
#define BODY_G 80000
#define G_MPS2 9.80665

static const struct exercise exercises[] = {
    {.id = 1, .name = "Back squat", .on_plate = true, .target_reps = 5, .work_sets = 2},
};

static struct session sess;
static int64_t now_us;

static void plate(int32_t total_g)
{
    fixture_plate(&sess, now_us, total_g, 50);
}

static void fresh(void)
{
    now_us = 0;
    fixture_session_init(&sess, exercises, 1, 0, WALL0);
}

static uint32_t count(enum cue_event ev)
{
    return sess.cue_events.n[ev];
}

/* Sam checked in, warm-up skipped, a set started with the bar off the hooks. */
static void sam_in_a_set(void)
{
    struct member_profile sam = fixture_member(1, "Sam Okafor", ROLE_LIFTER);
    plate(BODY_G);
    fixture_check_in(&sess, &sam, 1, now_us);
    session_action(&sess, ACTION_WARMUP_SKIP, 0, now_us);
    session_action(&sess, ACTION_START_SET, 0, now_us);
    assert_int_equal(sess.screen, SCREEN_SET);
    plate(BODY_G + 20000);
    assert_true(sess.visit.set.load_known);
}

enum tap { UNKNOWN, SAM, ALEX, TRAINER };

static const struct {
    const char *name;
    bool in_set; /* Sam is in a set first (his badge-ok counted before the taps) */
    enum tap taps[3];
    int n_taps;
    uint32_t want_ok, want_no; /* after the taps */
} badge_cases[] = {
    {"an unknown badge", false, {UNKNOWN}, 1, 0, 1},
    {"a lifter taps in", false, {SAM}, 1, 1, 0},
    {"the same lifter again: still here", false, {SAM, SAM}, 2, 2, 0},
    {"a trainer on an empty rack", false, {TRAINER}, 1, 1, 0},
    {"another lifter while a set runs: rack in use", true, {ALEX}, 1, 1, 1},
    {"a trainer while a set runs: not now", true, {TRAINER}, 1, 1, 1},
    {"the lifter in the set taps again", true, {SAM}, 1, 2, 0},
    {"unknown, then known", false, {UNKNOWN, ALEX}, 2, 1, 1},
};

static void badges_sound_taken_or_not(void **state)
{
    (void)state;
    struct member_profile who[] = {
        [SAM] = fixture_member(1, "Sam Okafor", ROLE_LIFTER),
        [ALEX] = fixture_member(2, "Alex Rivera", ROLE_LIFTER),
        [TRAINER] = fixture_member(9, "Jordan Lee", ROLE_TRAINER),
    };
    for (size_t c = 0; c < sizeof badge_cases / sizeof badge_cases[0]; c++) {
        fresh();
        if (badge_cases[c].in_set)
            sam_in_a_set();
        for (int i = 0; i < badge_cases[c].n_taps; i++) {
            now_us += SEC;
            enum tap tap = badge_cases[c].taps[i];
            if (tap == UNKNOWN)
                session_badge_unknown(&sess, "Badge 77 is not enrolled", now_us);
            else
                session_badge(&sess, &who[tap], now_us);
        }
        if (count(CUE_EVENT_BADGE_OK) != badge_cases[c].want_ok ||
            count(CUE_EVENT_BADGE_NO) != badge_cases[c].want_no)
            fail_msg("%s: badge-ok %u, badge-no %u; want %u, %u", badge_cases[c].name,
                     count(CUE_EVENT_BADGE_OK), count(CUE_EVENT_BADGE_NO), badge_cases[c].want_ok,
                     badge_cases[c].want_no);
    }
}

/* A vertical rep as the bar unit sees it: down then up on a cosine profile, 1 kHz. */
static void imu_rep(double down_s, double up_s, double depth_m)
{
    struct imu_sample smp = {0};
    const double still_s = 0.6;
    double total = still_s + down_s + 0.5 + up_s + still_s;
    for (double tt = 0; tt < total; tt += 0.001) {
        double a = 0;
        double t1 = tt - still_s, t2 = t1 - down_s - 0.5;
        if (t1 >= 0 && t1 < down_s)
            a = -depth_m / 2 * pow(M_PI / down_s, 2) * cos(M_PI * t1 / down_s);
        else if (t2 >= 0 && t2 < up_s)
            a = depth_m / 2 * pow(M_PI / up_s, 2) * cos(M_PI * t2 / up_s);
        smp.t_us = now_us + (int64_t)(tt * SEC);
        smp.accel_g[2] = (float)(1.0 + a / G_MPS2);
        session_imu(&sess, &smp);
    }
    now_us += (int64_t)(total * SEC);
    session_tick(&sess, now_us, WALL0 + now_us);
}

/* Lowering times against the default 3 s cue: under 70 % of it is rushed. */
static const struct {
    double down_s;
    bool flagged;
} rep_cases[] = {
    {3.0, false}, {0.8, true}, {2.5, false}, {1.2, true}, {2.8, false},
};

static void reps_sound_clean_or_flagged(void **state)
{
    (void)state;
    fresh();
    sam_in_a_set();
    uint32_t clean = 0, flagged = 0;
    for (size_t i = 0; i < sizeof rep_cases / sizeof rep_cases[0]; i++) {
        int flags_before = sess.visit.set.n_flags;
        imu_rep(rep_cases[i].down_s, 1.5, 0.45);
        assert_int_equal(sess.visit.set.n_reps, (int)i + 1);
        bool raised = sess.visit.set.n_flags > flags_before;
        assert_int_equal(raised, rep_cases[i].flagged);
        clean += !rep_cases[i].flagged;
        flagged += rep_cases[i].flagged;
        if (count(CUE_EVENT_REP_CLEAN) != clean || count(CUE_EVENT_REP_FLAGGED) != flagged)
            fail_msg("rep %zu (%.1f s down): clean %u flagged %u, want %u %u", i + 1,
                     rep_cases[i].down_s, count(CUE_EVENT_REP_CLEAN), count(CUE_EVENT_REP_FLAGGED),
                     clean, flagged);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(badges_sound_taken_or_not),
        cmocka_unit_test(reps_sound_clean_or_flagged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
