/*
 * The kiosk's side of a plate fault (a side's DOUT stuck, a constant or saturated word,
 * a side missing: load.c names it in the reading): the screens say "plate offline" with
 * what to do, a device-fault flag is raised once, nothing is read from the plate while it
 * lasts, and the plate is used again by itself once it answers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/session.h"
#include "../../app/core/view.h"

#define SEC    1000000LL
#define WALL0  1763800000000000LL
#define BODY_G 80000
#define OFFLINE                                                                                    \
    "Plate offline: the left HX711 is not answering (DOUT stuck); check its cable and power. It "  \
    "comes back by itself."

static const struct exercise exercises[] = {
    {.id = 1, .name = "Back squat", .on_plate = true, .target_reps = 3, .work_sets = 2},
};

struct fixture {
    struct session s;
    int64_t t;
};

static struct fixture fx;

static void plate(struct fixture *f, int32_t total_g, bool fault)
{
    struct load_reading r = {.t_us = f->t, .total_g = total_g, .stable = !fault, .fault = fault};
    r.side_g[PLATE_LEFT] = total_g / 2;
    r.side_g[PLATE_RIGHT] = total_g - r.side_g[PLATE_LEFT];
    if (fault) {
        r.total_g = r.side_g[PLATE_LEFT] = 0; /* the faulted side reads nothing */
        r.fault_kind = LOAD_FAULT_NO_ANSWER;
        snprintf(r.fault_msg, sizeof r.fault_msg, "%s", OFFLINE);
    }
    session_plate(&f->s, &r, f->t);
    f->t += SEC / 10;
}

/* The device-fault flags queued, outside a set, since the last call. */
static int fault_flags(struct fixture *f)
{
    struct effect e;
    int n = 0;
    while (session_next_effect(&f->s, &e))
        n += e.kind == EFFECT_FLAG && e.flag.kind == FLAG_DEVICE_FAULT;
    return n;
}

static int set_fault_flags(const struct fixture *f)
{
    int n = 0;
    for (int i = 0; i < f->s.visit.set.n_flags; i++)
        n += f->s.visit.set.flags[i].kind == FLAG_DEVICE_FAULT;
    return n;
}

static void start(struct fixture *f)
{
    memset(f, 0, sizeof *f);
    struct rules r;
    rules_default(&r);
    session_init(&f->s, &r, exercises, 1, 0, WALL0);
    struct member_profile m = {.id = 1,
                               .role = ROLE_LIFTER,
                               .today = 20000,
                               .last_session_day = -1,
                               .last_session_pain = -1,
                               .screening = {.day = 20000}}; /* screened today */
    snprintf(m.name, sizeof m.name, "Sam");
    session_badge(&f->s, &m, f->t);
    session_action(&f->s, ACTION_PAIN, 1, f->t);
    for (int q = 0; q < RED_FLAG_QUESTIONS; q++)
        session_action(&f->s, ACTION_RED_FLAG_NO, q, f->t);
}

static void at_plan(struct fixture *f)
{
    start(f);
    plate(f, BODY_G, false);
    session_action(&f->s, ACTION_CHECKIN_DONE, 0, f->t);
    session_action(&f->s, ACTION_WARMUP_SKIP, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_PLAN);
    fault_flags(f); /* the skipped warm-up's */
}

static void offline_is_shown_flagged_once_and_recovers(void **state)
{
    (void)state;
    struct fixture *f = &fx;
    at_plan(f);
    assert_true(session_can(&f->s, ACTION_START_SET, 0));
    for (int i = 0; i < 20; i++)
        plate(f, BODY_G, true);
    assert_int_equal(fault_flags(f), 1);
    struct session_view v;
    session_view(&f->s, f->t, &v);
    assert_true(v.plate_fault);
    assert_non_null(strstr(v.plate_fault_msg, "Plate offline"));
    assert_non_null(strstr(v.plate_fault_msg, "check its cable"));
    assert_false(session_can(&f->s, ACTION_START_SET, 0)); /* no load to check against */

    plate(f, BODY_G, false);
    session_view(&f->s, f->t, &v);
    assert_false(v.plate_fault);
    assert_true(session_can(&f->s, ACTION_START_SET, 0));
    assert_int_equal(fault_flags(f), 0);
}

/* A loose cable that comes and goes during a set: one flag on the set, not one a drop. */
static void a_flapping_plate_flags_a_set_once(void **state)
{
    (void)state;
    struct fixture *f = &fx;
    at_plan(f);
    session_action(&f->s, ACTION_START_SET, 0, f->t);
    plate(f, BODY_G + 20000, false);
    for (int k = 0; k < 3; k++) {
        plate(f, BODY_G + 20000, true);
        plate(f, BODY_G + 20000, false);
    }
    assert_int_equal(set_fault_flags(f), 1);
}

/* Offline before the check-in was done (so before the session was opened): the lifter can
 * still check in without a weigh-in, and the session gets its one flag. */
static void offline_at_check_in_is_flagged_with_the_session(void **state)
{
    (void)state;
    struct fixture *f = &fx;
    start(f);
    for (int i = 0; i < 20; i++)
        plate(f, BODY_G, true);
    assert_true(session_checkin_ready(&f->s));
    session_action(&f->s, ACTION_CHECKIN_DONE, 0, f->t);
    assert_int_equal(fault_flags(f), 1);
    plate(f, BODY_G, true);
    assert_int_equal(fault_flags(f), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(offline_is_shown_flagged_once_and_recovers),
        cmocka_unit_test(a_flapping_plate_flags_a_set_once),
        cmocka_unit_test(offline_at_check_in_is_flagged_with_the_session),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
