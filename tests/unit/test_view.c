/*
 * The screens' view (core/view.c): in every state a table of sessions reaches, each
 * control's enabled state in the view is session_can's answer, and the numbers the view
 * hands the screens are the ones the core then acts on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/session.h"
#include "session_fixture.h"
#include "../../app/core/view.h"

#define SEC    1000000LL
#define WALL0  1763800000000000LL
#define BODY_G 80000
#define BAR_G  20000

static const struct exercise exercises[] = {
    {.id = 1, .name = "Back squat", .on_plate = true, .target_reps = 3, .work_sets = 2},
    {.id = 4, .name = "Bench press", .upper_body = true, .target_reps = 5, .work_sets = 1},
};

struct rig {
    struct session s;
    int64_t t;
};

static void advance(struct rig *r, int64_t us)
{
    fixture_advance(&r->s, &r->t, us, WALL0);
}

static void plate(struct rig *r, int32_t total_g, int left_pct)
{
    fixture_plate(&r->s, r->t, total_g, left_pct);
}

static void act(struct rig *r, enum action a, int arg)
{
    session_action(&r->s, a, arg, r->t);
}

static void drain(struct rig *r)
{
    struct effect e;
    while (session_next_effect(&r->s, &e))
        ;
}

static void badge(struct rig *r, int64_t id, const char *name, enum role role)
{
    struct member_profile m = fixture_member(id, name, role);
    session_badge(&r->s, &m, r->t);
}

/* ---- the states: each drives a fresh session somewhere ---- */

static void st_attract(struct rig *r)
{
    (void)r;
}

static void st_unknown_badge(struct rig *r)
{
    session_badge_unknown(&r->s, "Badge not known", r->t);
}

static void st_checkin_new(struct rig *r)
{
    /* a trainer's start load on the squat, and two of its sets done earlier today: the
     * plan ramps up to it and goes on from the third set */
    struct member_profile m = fixture_member(1, "Sam Okafor", ROLE_LIFTER);
    m.hist[0] = (struct exercise_history){.exercise_id = 1, .start_load_g = 60000, .sets_today = 2};
    m.n_hist = 1;
    plate(r, BODY_G, 50);
    session_badge(&r->s, &m, r->t);
}

static void st_checkin_partly(struct rig *r)
{
    st_checkin_new(r);
    act(r, ACTION_PAIN, 3);
    act(r, ACTION_RED_FLAG_NO, 0);
    act(r, ACTION_RED_FLAG_YES, 2);
}

static void st_checkin_ready(struct rig *r)
{
    st_checkin_new(r);
    act(r, ACTION_PAIN, 1);
    for (int q = 0; q < RED_FLAG_QUESTIONS; q++)
        act(r, ACTION_RED_FLAG_NO, q);
}

static void st_advice_urgent(struct rig *r)
{
    st_checkin_ready(r);
    act(r, ACTION_RED_FLAG_YES, 3);
    act(r, ACTION_CHECKIN_DONE, 0);
}

static void st_advice_pain(struct rig *r)
{
    st_checkin_new(r);
    act(r, ACTION_PAIN, 7);
    for (int q = 0; q < RED_FLAG_QUESTIONS; q++)
        act(r, ACTION_RED_FLAG_NO, q);
    act(r, ACTION_CHECKIN_DONE, 0);
}

static void st_warmup_start(struct rig *r)
{
    st_checkin_ready(r);
    act(r, ACTION_CHECKIN_DONE, 0);
}

static void st_warmup_midstep(struct rig *r)
{
    st_warmup_start(r);
    advance(r, 25 * SEC);
}

static void st_plan(struct rig *r)
{
    st_warmup_start(r);
    act(r, ACTION_WARMUP_SKIP, 0);
}

static void st_plan_bench(struct rig *r)
{
    st_plan(r);
    act(r, ACTION_EXERCISE, 1);
}

static void st_set_held(struct rig *r)
{
    st_plan(r);
    act(r, ACTION_START_SET, 0);
    plate(r, BODY_G + BAR_G, 50);
}

static void st_set_uneven(struct rig *r)
{
    st_plan(r);
    act(r, ACTION_START_SET, 0);
    plate(r, BODY_G + BAR_G, 70);
}

static void st_set_bench(struct rig *r)
{
    st_plan_bench(r);
    act(r, ACTION_DECLARE_LOAD, BAR_G);
}

static void st_stop_held(struct rig *r)
{
    st_plan(r);
    plate(r, BODY_G + BAR_G + 60000, 50); /* unracked far over the cap: a stop */
}

static void st_stop_racked(struct rig *r)
{
    st_stop_held(r);
    plate(r, BODY_G, 50);
}

static void st_stop_pain(struct rig *r)
{
    st_set_held(r);
    act(r, ACTION_PAIN_STOP, 0);
    plate(r, BODY_G, 50);
}

static void st_rest(struct rig *r)
{
    st_set_bench(r);
    /* a rep the bar unit measured (its figures do not matter here): End set rests */
    r->s.visit.set.reps[0] = (struct rep_result){.index = 1, .ecc_ms = 3000};
    r->s.visit.set.n_reps = 1;
    act(r, ACTION_END_SET, 0);
}

static void st_idle(struct rig *r)
{
    st_plan(r);
    advance(r, r->s.rules.idle_after_us + SEC);
}

static void st_takeover_offered(struct rig *r)
{
    st_plan(r);
    advance(r, r->s.rules.idle_after_us + SEC);
    badge(r, 2, "Alex Rivera", ROLE_LIFTER);
}

static void st_rack_in_use(struct rig *r)
{
    st_set_held(r);
    badge(r, 2, "Alex Rivera", ROLE_LIFTER);
}

static void st_pin(struct rig *r)
{
    badge(r, 9, "Jordan Lee", ROLE_TRAINER);
    act(r, ACTION_PIN_DIGIT, 2);
    act(r, ACTION_PIN_DIGIT, 4);
}

static void st_pin_checking(struct rig *r)
{
    badge(r, 9, "Jordan Lee", ROLE_TRAINER);
    for (int i = 0; i < r->s.rules.pin_digits; i++)
        act(r, ACTION_PIN_DIGIT, 1);
}

static void flags_list(struct rig *r, int n)
{
    static struct flag_view list[SESSION_MAX_FLAG_VIEWS];
    memset(list, 0, sizeof list);
    for (int i = 0; i < n; i++) {
        list[i].id = 100 + i;
        list[i].kind = i % 3 == 0 ? FLAG_RED_FLAG : FLAG_RUSHED;
        list[i].severity = i % 3 == 0 ? SEVERITY_STOP : SEVERITY_CAUTION;
        list[i].member_id = 1 + i % 2;
        list[i].set_key = i % 3 == 0 ? 0 : 5000 + i;
        list[i].acked = i % 4 == 1;
        list[i].clearable = i == 0;
        snprintf(list[i].member, sizeof list[i].member, "Lifter %d", i);
    }
    session_flags_loaded(&r->s, list, n, r->t);
}

static void st_flags(struct rig *r)
{
    st_pin_checking(r);
    session_pin_result(&r->s, true, r->t);
    flags_list(r, 20);
}

static void st_flags_paged(struct rig *r)
{
    st_flags(r);
    act(r, ACTION_FLAGS_PAGE, 7);
    act(r, ACTION_FLAGS_DAY, 1);
    flags_list(r, 3);
}

/* The list's position (the core groups and orders it) of the store's flag `index`. */
static int shown_at(const struct rig *r, int index)
{
    for (int p = 0; p < r->s.trainer.review.n_shown; p++)
        if (r->s.trainer.review.order[p] == index)
            return p;
    fail_msg("flag %d is not shown", index);
    return -1;
}

static void st_flag_detail_clearable(struct rig *r)
{
    st_flags(r);
    act(r, ACTION_FLAG_OPEN, shown_at(r, 0));
}

static void st_flag_detail_loaded(struct rig *r)
{
    st_flags(r);
    act(r, ACTION_FLAG_OPEN, shown_at(r, 2));
    struct set_detail d = {.set_key = 5002, .load_g = 40000, .target_reps = 3, .n_reps = 2};
    session_detail_loaded(&r->s, &d, r->t);
}

static void st_flag_detail_acked(struct rig *r)
{
    st_flags(r);
    act(r, ACTION_FLAG_OPEN, shown_at(r, 1));
}

static void lifters(struct rig *r, int n)
{
    static struct lifter_view list[SESSION_MAX_LIFTERS];
    for (int i = 0; i < n; i++) {
        list[i].id = 1 + i;
        snprintf(list[i].name, sizeof list[i].name, "Lifter %d", i);
    }
    session_lifters_loaded(&r->s, list, n, r->t);
}

static void st_loads_empty(struct rig *r)
{
    st_flags(r);
    act(r, ACTION_LOADS, 0);
    lifters(r, 12);
}

static void st_loads_override(struct rig *r)
{
    st_loads_empty(r);
    act(r, ACTION_LOAD_LIFTER, 3);
    act(r, ACTION_LOAD_KIND, 1);
    act(r, ACTION_LIFTERS_PAGE, 5);
    act(r, ACTION_LOAD_NEXT, 0); /* who and what, then how much */
    act(r, ACTION_LOAD_STEP, 10000);
}

static void st_loads_ready(struct rig *r)
{
    st_loads_override(r);
    act(r, ACTION_LOAD_REASON, 2);
}

static void st_loads_saving(struct rig *r)
{
    st_loads_ready(r);
    act(r, ACTION_LOAD_SAVE, 0);
}

static void st_trainer_on_top(struct rig *r)
{
    st_plan(r);
    badge(r, 9, "Jordan Lee", ROLE_TRAINER);
}

static const struct state {
    const char *name;
    void (*reach)(struct rig *r);
    enum screen screen;
} states[] = {
    {"attract", st_attract, SCREEN_ATTRACT},
    {"unknown badge", st_unknown_badge, SCREEN_ATTRACT},
    {"check-in, nothing answered", st_checkin_new, SCREEN_CHECKIN},
    {"check-in, partly answered", st_checkin_partly, SCREEN_CHECKIN},
    {"check-in, ready", st_checkin_ready, SCREEN_CHECKIN},
    {"advice, urgent red flag", st_advice_urgent, SCREEN_ADVICE},
    {"advice, pain 7", st_advice_pain, SCREEN_ADVICE},
    {"warm-up, first second", st_warmup_start, SCREEN_WARMUP},
    {"warm-up, mid step", st_warmup_midstep, SCREEN_WARMUP},
    {"plan", st_plan, SCREEN_PLAN},
    {"plan, bench", st_plan_bench, SCREEN_PLAN},
    {"set, bar held", st_set_held, SCREEN_SET},
    {"set, uneven", st_set_uneven, SCREEN_SET},
    {"set, bench declared", st_set_bench, SCREEN_SET},
    {"stop, bar held", st_stop_held, SCREEN_STOP},
    {"stop, racked", st_stop_racked, SCREEN_STOP},
    {"stop, pain", st_stop_pain, SCREEN_STOP},
    {"rest", st_rest, SCREEN_REST},
    {"idle countdown", st_idle, SCREEN_PLAN},
    {"takeover offered", st_takeover_offered, SCREEN_PLAN},
    {"rack in use", st_rack_in_use, SCREEN_SET},
    {"pin, two digits", st_pin, SCREEN_TRAINER_PIN},
    {"pin, checking", st_pin_checking, SCREEN_TRAINER_PIN},
    {"flags", st_flags, SCREEN_FLAGS},
    {"flags, a day back", st_flags_paged, SCREEN_FLAGS},
    {"flag detail, clearable", st_flag_detail_clearable, SCREEN_FLAG_DETAIL},
    {"flag detail, set loaded", st_flag_detail_loaded, SCREEN_FLAG_DETAIL},
    {"flag detail, acknowledged", st_flag_detail_acked, SCREEN_FLAG_DETAIL},
    {"loads, nobody chosen", st_loads_empty, SCREEN_TRAINER_LOADS},
    {"loads, cap without a reason", st_loads_override, SCREEN_TRAINER_LOADS},
    {"loads, ready", st_loads_ready, SCREEN_TRAINER_LOADS},
    {"loads, saving", st_loads_saving, SCREEN_TRAINER_LOADS},
    {"trainer on top of a lifter", st_trainer_on_top, SCREEN_TRAINER_PIN},
};
#define N_STATES ((int)(sizeof states / sizeof states[0]))

static const struct state *named(const char *name)
{
    for (int i = 0; i < N_STATES; i++)
        if (strcmp(states[i].name, name) == 0)
            return &states[i];
    fail_msg("no state %s", name);
    return NULL;
}

static void reach(struct rig *r, const struct state *st)
{
    memset(r, 0, sizeof *r);
    r->t = 1 * SEC;
    fixture_session_init(&r->s, exercises, 2, r->t, WALL0 + r->t);
    st->reach(r);
    drain(r);
}

/* Every argument a screen passes: indexes, digits and pain levels, days, grams. */
static int args_for(const struct session_view *v, int *args)
{
    int n = 0;
    static const int extra[] = {-100000,   -10000,        -2500, -2,    -1,
                                VIEW_ARGS, VIEW_ARGS + 1, 2500,  10000, 100000};
    for (int a = 0; a < VIEW_ARGS; a++)
        args[n++] = a;
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        args[n++] = extra[i];
    args[n++] = v->lift.next_g;
    return n;
}

static struct rig rig;

/* The table: in every state, every control the view enables is one session_can allows. */
static void test_enabled_states_are_session_can(void **state)
{
    (void)state;
    int args[VIEW_ARGS + 16];
    int enabled_total = 0, disabled_offered = 0;
    for (int i = 0; i < N_STATES; i++) {
        reach(&rig, &states[i]);
        struct session_view v;
        session_view(&rig.s, rig.t, &v);
        if (v.screen != states[i].screen)
            fail_msg("%s: reached screen %s, not %s", states[i].name, screen_name(v.screen),
                     screen_name(states[i].screen));
        int n = args_for(&v, args);
        for (int a = 0; a < ACTION_COUNT; a++) {
            for (int k = 0; k < n; k++) {
                bool core = session_can(&rig.s, (enum action)a, args[k]);
                bool view = view_can(&v, (enum action)a, args[k]);
                if (core != view)
                    fail_msg("%s: action %d arg %d: session_can %d, view %d", states[i].name, a,
                             args[k], core, view);
                enabled_total += core;
                disabled_offered += !core && session_offers(&rig.s, (enum action)a);
            }
        }
        /* the screen's actions are answered, others are never enabled */
        for (int a = 0; a < ACTION_COUNT; a++)
            if (!session_offers(&rig.s, (enum action)a))
                assert_false(view_can(&v, (enum action)a, 0));
    }
    /* the table reaches states where controls are on and where offered ones are off */
    assert_true(enabled_total > 200);
    assert_true(disabled_offered > 200);
}

/* Expected numbers per state: what the screens show is what the core goes on to do. */
static void test_decided_numbers_are_the_cores(void **state)
{
    (void)state;
    struct session_view v;

    /* the load Start set shows is the load the set starts at */
    reach(&rig, named("plan"));
    session_view(&rig.s, rig.t, &v);
    assert_non_null(v.lift.exercise);
    assert_false(v.lift.all_done);
    int32_t shown_g = v.lift.next_g;
    assert_int_equal(rig.s.visit.plan.current, 2);
    assert_true(shown_g > BAR_G);
    act(&rig, ACTION_START_SET, 0);
    assert_int_equal(rig.s.visit.set.target_g, shown_g);

    /* a warm-up step's timer has run exactly when Next is offered (not the last step) */
    reach(&rig, named("warm-up, first second"));
    for (int s = 0; s < 120; s++) {
        session_view(&rig.s, rig.t, &v);
        assert_int_equal(v.warmup.step_done, session_can(&rig.s, ACTION_WARMUP_NEXT, 0));
        assert_int_equal(v.warmup.left_s == 0, v.warmup.step_done);
        rig.t += SEC / 2; /* no tick: the step does not advance by itself */
        rig.s.now_us = rig.t;
    }
    assert_int_equal(v.warmup.min_s, (int)(rig.s.rules.warmup_min_us / SEC));
    assert_false(v.warmup.min_met);

    /* the split is uneven exactly when the core raised an asymmetry flag */
    reach(&rig, named("set, uneven"));
    session_view(&rig.s, rig.t, &v);
    assert_true(v.lift.split_uneven);
    assert_true(rig.s.raised_kinds & (1u << FLAG_ASYMMETRY));
    reach(&rig, named("set, bar held"));
    session_view(&rig.s, rig.t, &v);
    assert_false(v.lift.split_uneven);
    assert_false(rig.s.raised_kinds & (1u << FLAG_ASYMMETRY));

    /* the stop says the day is over exactly when OK logs the lifter out */
    static const char *const stops[] = {"stop, racked", "stop, pain"};
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
        reach(&rig, named(stops[i]));
        session_view(&rig.s, rig.t, &v);
        bool ends = v.lift.stop_ends_day;
        assert_true(v.lift.stop_detail[0] != '\0' || ends);
        act(&rig, ACTION_STOP_DONE, 0);
        assert_int_equal(ends, session_lifter(&rig.s) == NULL);
    }

    /* the advice says red flag, urgent, for the saddle-area question; pain otherwise */
    reach(&rig, named("advice, urgent red flag"));
    session_view(&rig.s, rig.t, &v);
    assert_true(v.checkin.red_flag && v.checkin.urgent);
    reach(&rig, named("advice, pain 7"));
    session_view(&rig.s, rig.t, &v);
    assert_false(v.checkin.red_flag || v.checkin.urgent);
    assert_int_equal(v.checkin.pain, 7);

    /* the Loads page asks for what Save waits for */
    static const char *const loads[] = {"loads, nobody chosen", "loads, cap without a reason",
                                        "loads, ready"};
    for (size_t i = 0; i < sizeof loads / sizeof loads[0]; i++) {
        reach(&rig, named(loads[i]));
        session_view(&rig.s, rig.t, &v);
        assert_int_equal(v.trainer.load_hint == VIEW_LOAD_READY,
                         session_can(&rig.s, ACTION_LOAD_SAVE, 0));
    }
    assert_int_equal(v.trainer.lifters_first, 5);

    /* the flag detail shows a set's evidence only once it is the open flag's */
    reach(&rig, named("flag detail, set loaded"));
    session_view(&rig.s, rig.t, &v);
    assert_non_null(v.trainer.open_flag);
    assert_non_null(v.trainer.detail);
    assert_int_equal(v.trainer.detail->set_key, v.trainer.open_flag->set_key);
    reach(&rig, named("flag detail, acknowledged"));
    session_view(&rig.s, rig.t, &v);
    assert_null(v.trainer.detail);
    assert_int_equal(v.trainer.n_open, 20 - 5); /* every fourth from the second is acked */

    /* the line over the screen: the takeover offer, never an attract banner */
    reach(&rig, named("unknown badge"));
    session_view(&rig.s, rig.t, &v);
    assert_string_equal(v.notice, "");
    assert_string_equal(v.banner, "Badge not known");
    advance(&rig, 10 * SEC);
    session_view(&rig.s, rig.t, &v);
    assert_string_equal(v.banner, "");
    reach(&rig, named("takeover offered"));
    session_view(&rig.s, rig.t, &v);
    assert_true(strstr(v.notice, "take over") != NULL);
    assert_true(view_can(&v, ACTION_TAKEOVER, 0));

    /* a trainer on top: the trainer's name, the PIN, never the digits */
    reach(&rig, named("trainer on top of a lifter"));
    session_view(&rig.s, rig.t, &v);
    assert_string_equal(v.name, "Jordan Lee");
    assert_string_equal(session_lifter(&rig.s)->name, "Sam Okafor");
}

/* The idle countdown's seconds count down with the time the view is made at. */
static void test_idle_seconds_follow_the_clock(void **state)
{
    (void)state;
    struct session_view v;
    reach(&rig, named("idle countdown"));
    session_view(&rig.s, rig.t, &v);
    assert_true(v.idle_countdown);
    assert_int_equal(v.idle_seconds_left, session_idle_seconds_left(&rig.s));
    int before = v.idle_seconds_left;
    session_view(&rig.s, rig.t + 3 * SEC, &v);
    assert_int_equal(v.idle_seconds_left, before - 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enabled_states_are_session_can),
        cmocka_unit_test(test_decided_numbers_are_the_cores),
        cmocka_unit_test(test_idle_seconds_follow_the_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
