/* The session flow: transitions, idle logout, badge switching, sets and stops. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/imu_csv.h"
#include "../../app/core/session.h"
#include "../../app/core/flag_text.h"
#include "session_fixture.h"
#include "../../app/core/view.h"

#define SEC    1000000LL
#define WALL0  1763800000000000LL /* any wall time */
#define BODY_G 80000
#define G_MPS2 9.80665

static const struct exercise exercises[] = {
    {.id = 1, .name = "Back squat", .on_plate = true, .target_reps = 3, .work_sets = 2},
    {.id = 4,
     .name = "Bench press",
     .upper_body = true,
     .on_plate = false,
     .target_reps = 5,
     .work_sets = 1},
};

struct fixture {
    struct session s;
    int64_t t;
};

static struct member_profile lifter(int64_t id, const char *name)
{
    return fixture_member(id, name, ROLE_LIFTER);
}

static struct member_profile trainer(void)
{
    struct member_profile m = lifter(9, "Jordan");
    m.role = ROLE_TRAINER;
    return m;
}

static int setup(void **state)
{
    static struct fixture f;
    memset(&f, 0, sizeof f);
    fixture_session_init(&f.s, exercises, 2, 0, WALL0);
    *state = &f;
    return 0;
}

static void advance(struct fixture *f, int64_t us)
{
    fixture_advance(&f->s, &f->t, us, WALL0);
}

static void plate(struct fixture *f, int32_t total_g, int left_pct)
{
    fixture_plate(&f->s, f->t, total_g, left_pct);
}

/* Drains effects; returns how many of kind were queued (the last copied to out). */
static int effects_of(struct fixture *f, enum effect_kind kind, struct effect *out)
{
    struct effect e = {0};
    int n = 0;
    while (session_next_effect(&f->s, &e)) {
        if (e.kind == kind) {
            n++;
            if (out)
                *out = e;
        }
    }
    return n;
}

/* The red-flag questions start unanswered: each gets a deliberate "no". */
static void answer_no(struct fixture *f)
{
    for (int q = 0; q < RED_FLAG_QUESTIONS; q++)
        session_action(&f->s, ACTION_RED_FLAG_NO, q, f->t);
}

/* m badges in, answers pain 0 and no red flags, and skips the warm-up: the plan. */
static void to_plan_as(struct fixture *f, const struct member_profile *m)
{
    session_badge(&f->s, m, f->t);
    session_action(&f->s, ACTION_PAIN, 0, f->t);
    answer_no(f);
    session_action(&f->s, ACTION_CHECKIN_DONE, 0, f->t);
    session_action(&f->s, ACTION_WARMUP_SKIP, 0, f->t);
}

static void check_in(struct fixture *f, int pain)
{
    struct member_profile m = lifter(1, "Sam");
    plate(f, BODY_G, 50);
    fixture_check_in(&f->s, &m, pain, f->t);
}

static void to_plan(struct fixture *f)
{
    check_in(f, 1);
    assert_int_equal(f->s.screen, SCREEN_WARMUP);
    session_action(&f->s, ACTION_WARMUP_SKIP, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_PLAN);
}

/* A vertical rep the way the bar unit sees it: down then up on a cosine profile, 1 kHz. */
/* The bar held still for s seconds, 1 kHz. */
static void imu_still(struct fixture *f, double s)
{
    struct imu_sample smp = {0};
    smp.accel_g[2] = 1.0f;
    for (double tt = 0; tt < s; tt += 0.001) {
        smp.t_us = f->t + (int64_t)(tt * SEC);
        session_imu(&f->s, &smp);
    }
    f->t += (int64_t)(s * SEC);
    session_tick(&f->s, f->t, WALL0 + f->t);
}

static void imu_rep(struct fixture *f, double down_s, double up_s, double depth_m)
{
    struct imu_sample smp = {0};
    const double still_s = 0.6;
    double total = still_s + down_s + 0.5 + up_s + still_s;
    for (double tt = 0; tt < total; tt += 0.001) {
        double a = 0; /* m/s^2, vertical */
        double t1 = tt - still_s, t2 = t1 - down_s - 0.5;
        if (t1 >= 0 && t1 < down_s)
            a = -depth_m / 2 * pow(M_PI / down_s, 2) * cos(M_PI * t1 / down_s);
        else if (t2 >= 0 && t2 < up_s)
            a = depth_m / 2 * pow(M_PI / up_s, 2) * cos(M_PI * t2 / up_s);
        smp.t_us = f->t + (int64_t)(tt * SEC);
        smp.accel_g[2] = (float)(1.0 + a / G_MPS2);
        session_imu(&f->s, &smp);
    }
    f->t += (int64_t)(total * SEC);
    session_tick(&f->s, f->t, WALL0 + f->t);
}

/* The trainer taps in and the store accepts the PIN: the day's flags are showing. */
static void trainer_signed_in(struct fixture *f)
{
    struct member_profile t = trainer();
    session_badge(&f->s, &t, f->t);
    for (int d = 0; d < 4; d++)
        session_action(&f->s, ACTION_PIN_DIGIT, 1, f->t);
    session_pin_result(&f->s, true, f->t);
    assert_int_equal(f->s.screen, SCREEN_FLAGS);
}

static void unknown_badge_stays_on_attract(void **state)
{
    struct fixture *f = *state;
    session_badge_unknown(&f->s, "Badge 77 is not enrolled", f->t);
    assert_int_equal(f->s.screen, SCREEN_ATTRACT);
    assert_string_equal(f->s.banner, "Badge 77 is not enrolled");
    advance(f, 7 * SEC);
    assert_string_equal(f->s.banner, "");
}

static void red_flag_means_no_lifting(void **state)
{
    struct fixture *f = *state;
    struct member_profile m = lifter(1, "Alex");
    session_badge(&f->s, &m, f->t);
    assert_int_equal(f->s.screen, SCREEN_CHECKIN);
    session_action(&f->s, ACTION_PAIN, 2, f->t);
    answer_no(f);
    session_action(&f->s, ACTION_RED_FLAG_YES, 3, f->t);
    /* not weighed in, but a red flag sends the lifter home anyway */
    session_action(&f->s, ACTION_CHECKIN_DONE, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_ADVICE);
    struct effect e = {0};
    assert_true(session_next_effect(&f->s, &e));
    assert_int_equal(e.kind, EFFECT_SESSION_OPEN);
    assert_true(e.red_flags[3]);
    assert_true(session_next_effect(&f->s, &e));
    assert_int_equal(e.kind, EFFECT_FLAG);
    assert_int_equal(e.flag.kind, FLAG_RED_FLAG);
    assert_int_equal(e.flag.severity, SEVERITY_STOP);
    bool buzzer;
    assert_int_equal(session_light(&f->s, &buzzer), LIGHT_RED);
    session_action(&f->s, ACTION_ADVICE_DONE, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_ATTRACT);
    assert_int_equal(effects_of(f, EFFECT_SESSION_CLOSE, NULL), 1);
}

static void pain_levels(void **state)
{
    struct fixture *f = *state;
    check_in(f, 6);
    assert_int_equal(f->s.screen, SCREEN_ADVICE);
    struct effect e = {0};
    assert_int_equal(effects_of(f, EFFECT_FLAG, &e), 1);
    assert_int_equal(e.flag.kind, FLAG_PAIN);
    session_action(&f->s, ACTION_ADVICE_DONE, 0, f->t);

    check_in(f, 4); /* lifts, but capped, and the trainer hears of it */
    assert_int_equal(f->s.screen, SCREEN_WARMUP);
    assert_int_equal(effects_of(f, EFFECT_FLAG, &e), 1);
    assert_int_equal(e.flag.severity, SEVERITY_CAUTION);
}

static void checkin_waits_for_pain_and_weight(void **state)
{
    struct fixture *f = *state;
    struct member_profile m = lifter(1, "Sam");
    session_badge(&f->s, &m, f->t);
    session_action(&f->s, ACTION_CHECKIN_DONE, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_CHECKIN); /* pain not answered */
    session_action(&f->s, ACTION_PAIN, 0, f->t);
    answer_no(f);
    session_action(&f->s, ACTION_CHECKIN_DONE, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_CHECKIN); /* not weighed */
    assert_false(f->s.visit.body_known);
    plate(f, 81500, 50);
    assert_true(f->s.visit.body_known);
    assert_int_equal(f->s.visit.body_g, 81500);
    session_action(&f->s, ACTION_CHECKIN_DONE, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_WARMUP);
}

static void warmup_runs_at_least_three_minutes(void **state)
{
    struct fixture *f = *state;
    check_in(f, 0);
    assert_int_equal(f->s.screen, SCREEN_WARMUP);
    session_action(&f->s, ACTION_WARMUP_NEXT, 0, f->t);
    assert_int_equal(f->s.visit.warmup_step, 0); /* its timer has not run */
    advance(f, 179 * SEC);
    assert_int_equal(f->s.screen, SCREEN_WARMUP);
    advance(f, 22 * SEC);
    assert_int_equal(f->s.screen, SCREEN_PLAN);
    assert_int_equal(effects_of(f, EFFECT_FLAG, NULL), 0); /* nothing skipped */
}

static void skipping_warmup_raises_a_flag(void **state)
{
    struct fixture *f = *state;
    to_plan(f);
    struct effect e = {0};
    assert_int_equal(effects_of(f, EFFECT_FLAG, &e), 1);
    assert_int_equal(e.flag.kind, FLAG_WARMUP_SKIPPED);
}

static void plan_ramps_to_the_cap(void **state)
{
    struct fixture *f = *state;
    to_plan(f);
    const struct plan *p = &f->s.visit.plan;
    assert_int_equal(p->exercise, 0);
    /* no history, no start load: the empty bar, so no ramp below it */
    assert_int_equal(p->cap.cap_g, 20000);
    assert_int_equal(p->n_sets, 2);
    assert_false(p->sets[0].ramp);

    struct member_profile m = lifter(2, "Kim");
    m.n_hist = 1;
    m.hist[0] = (struct exercise_history){.exercise_id = 1, .start_load_g = 100000};
    session_action(&f->s, ACTION_LOGOUT, 0, f->t);
    to_plan_as(f, &m);
    assert_int_equal(p->cap.cap_g, 100000);
    /* bar x10, 50 % x5, 70 % x3, 85 % x1, then two working sets of 3 */
    int32_t want_g[] = {20000, 50000, 70000, 85000, 100000, 100000};
    int want_reps[] = {10, 5, 3, 1, 3, 3};
    assert_int_equal(p->n_sets, 6);
    for (int i = 0; i < 6; i++) {
        assert_int_equal(p->sets[i].load_g, want_g[i]);
        assert_int_equal(p->sets[i].reps, want_reps[i]);
        assert_int_equal(p->sets[i].ramp, i < 4);
    }
}

/*
 * Ramp sets are loads the rack's plates make, each rounded down from its share of the cap,
 * in the rack's unit: 225 lb on 45 lb bar with 45..2.5 lb plates ramps 45, 110 (50 %:
 * 112.5), 155 (157.5), 190 lb (191.25); 97.5 kg on the kilogram set 20, 47.5 (48.75),
 * 67.5 (68.25), 82.5 kg (82.875).
 */
static void plan_ramps_round_down_to_the_plates(void **state)
{
    struct fixture *f = *state;
    static const struct {
        enum rack_unit unit;
        double start, want[5]; /* in the unit: the start load, then the bar, ramps, work */
    } cases[] = {
        {RACK_LB, 225, {45, 110, 155, 190, 225}},
        {RACK_KG, 97.5, {20, 47.5, 67.5, 82.5, 97.5}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct plate_set ps;
        if (cases[i].unit == RACK_LB)
            plates_default_lb(&ps);
        else
            plates_default_kg(&ps);
        rules_use_plates(&f->s.rules, &ps);
        struct member_profile m = lifter(2, "Kim");
        m.n_hist = 1;
        m.hist[0] = (struct exercise_history){
            .exercise_id = 1, .start_load_g = plates_unit_to_g(cases[i].unit, cases[i].start)};
        plate(f, BODY_G, 50);
        to_plan_as(f, &m);
        const struct plan *p = &f->s.visit.plan;
        assert_int_equal(f->s.screen, SCREEN_PLAN);
        assert_true(p->n_sets >= 5);
        for (int k = 0; k < 5; k++) {
            int32_t want_g = plates_unit_to_g(cases[i].unit, cases[i].want[k]), made_g;
            plates_round_down(&ps, p->sets[k].load_g, &made_g);
            if (p->sets[k].load_g != want_g || made_g != p->sets[k].load_g)
                fail_msg("case %zu set %d: %d g, want %g %s (%d g)", i, k, p->sets[k].load_g,
                         cases[i].want[k], plates_unit_name(cases[i].unit), want_g);
        }
        session_action(&f->s, ACTION_LOGOUT, 0, f->t);
    }
}

static void a_set_counts_reps_and_saves(void **state)
{
    struct fixture *f = *state;
    to_plan(f);
    effects_of(f, EFFECT_NONE, NULL);
    session_action(&f->s, ACTION_START_SET, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_SET);
    plate(f, BODY_G + 20000, 50); /* unrack the empty bar */
    assert_true(f->s.visit.set.bar_held);
    assert_true(f->s.visit.set.load_known);
    assert_int_equal(f->s.visit.set.load_g, 20000);
    for (int i = 0; i < 3; i++)
        imu_rep(f, 3.0, 2.0, 0.45);
    assert_int_equal(f->s.visit.set.n_reps, 3);
    assert_false(f->s.visit.set.reps[0].rushed);
    plate(f, BODY_G, 50); /* rerack */
    assert_int_equal(f->s.screen, SCREEN_REST);
    struct effect e = {0};
    assert_int_equal(effects_of(f, EFFECT_SET_DONE, &e), 1);
    assert_int_equal(e.key, f->s.visit.set.key);
    assert_true(e.set->clean);
    assert_false(f->s.visit.set.saved);
    session_set_saved(&f->s, e.key, true, f->t);
    assert_true(f->s.visit.set.saved);
    assert_int_equal(f->s.visit.plan.current, 1);
    assert_true(f->s.visit.plan.sets[0].done);
    /* the rest timer runs out into the plan; idle logout never interrupts it */
    advance(f, 119 * SEC);
    assert_int_equal(f->s.screen, SCREEN_REST);
    assert_false(f->s.idle_countdown);
    advance(f, 2 * SEC);
    assert_int_equal(f->s.screen, SCREEN_PLAN);
}

/*
 * What a set learns of the bar unit is where the unit's next set starts (core/rep.h
 * rep_unit_ref): told by its serial, kept with each set for the analyser, and never
 * carried to another unit, to a unit without a serial or from a set the unit left.
 */
static void a_set_starts_from_what_the_units_sets_learned(void **state)
{
    struct fixture *f = *state;
    const struct rep_unit_ref stored = {{0.02f, -0.01f, 0.005f},
                                        {{4e-4f, 1e-5f, 0}, {1e-5f, 3e-4f, 0}, {0, 0, 2e-4f}}};
    const struct rep_unit_ref wild = {{0.5f, 0, 0}, {{4e-4f, 0, 0}, {0, 4e-4f, 0}, {0, 0, 4e-4f}}};
    static const struct {
        const char *name;
        const char *unit;    /* connected for the first set */
        int known;           /* what the store kept of it: 0 nothing, 1 stored, 2 wild */
        bool unplugged;      /* the unit leaves and comes back during the first set */
        const char *then;    /* connected for the second set */
        bool first_from_ref; /* the first set began from the stored reference */
        bool learned;        /* the first set's learning is kept */
        int second_from;     /* the second set began from: 0 nothing, 1 stored, 2 learned */
    } cases[] = {
        {"a unit the store knows", "E661A1", 1, false, "E661A1", true, true, 2},
        {"a unit never lifted with", "E661A1", 0, false, "E661A1", false, true, 2},
        {"another unit plugged in between", "E661A1", 1, false, "E661B2", true, true, 0},
        {"a unit without a serial", "", 1, false, "", false, false, 0},
        {"the unit left during the set", "E661A1", 1, true, "E661A1", true, false, 1},
        {"a stored bias no unit has", "E661A1", 2, false, "E661A1", false, true, 2},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        print_message("%s\n", cases[c].name);
        setup(state);
        f = *state;
        const struct rep_unit_ref *known = cases[c].known == 1   ? &stored
                                           : cases[c].known == 2 ? &wild
                                                                 : NULL;
        session_bar_link(&f->s, true, f->t);
        session_bar_unit(&f->s, cases[c].unit, known);
        to_plan(f);
        session_action(&f->s, ACTION_START_SET, 0, f->t);
        plate(f, BODY_G + 20000, 50);
        assert_int_equal(f->s.visit.set.began_from_ref, cases[c].first_from_ref);
        if (cases[c].first_from_ref)
            assert_memory_equal(&f->s.visit.set.start_ref, &stored, sizeof stored);
        imu_rep(f, 2.0, 1.5, 0.45);
        if (cases[c].unplugged) {
            session_bar_link(&f->s, false, f->t);
            session_bar_link(&f->s, true, f->t);
            session_bar_unit(&f->s, cases[c].unit, known);
        }
        imu_rep(f, 2.0, 1.5, 0.45);
        assert_int_equal(f->s.visit.set.n_reps, 2);
        struct rep_unit_ref end;
        rep_detector_unit_ref(&f->s.reps, &end);
        plate(f, BODY_G, 50); /* rerack: the set is saved */
        struct effect e = {0};
        assert_int_equal(effects_of(f, EFFECT_SET_DONE, &e), 1);
        assert_string_equal(e.set->bar_unit, cases[c].unit);
        assert_int_equal(e.set->began_from_ref, cases[c].first_from_ref);
        assert_int_equal(e.set->learned, cases[c].learned);
        if (cases[c].learned)
            assert_memory_equal(&e.set->learned_ref, &end, sizeof end);

        session_bar_unit(&f->s, cases[c].then, NULL);
        advance(f, 121 * SEC); /* the rest runs out */
        assert_int_equal(f->s.screen, SCREEN_PLAN);
        session_action(&f->s, ACTION_START_SET, 0, f->t);
        assert_int_equal(f->s.screen, SCREEN_SET);
        const struct live_set *set = &f->s.visit.set;
        assert_string_equal(set->bar_unit, cases[c].then);
        assert_int_equal(set->began_from_ref, cases[c].second_from != 0);
        if (cases[c].second_from)
            assert_memory_equal(&set->start_ref, cases[c].second_from == 1 ? &stored : &end,
                                sizeof end);
    }
}

/*
 * The set's summary in the view is the session's own reading of the bar: reps slowing from
 * 1.0 s to 2.0 s up lose about half their speed, which the core flags, and the view says the
 * same loss over the same limit; time under tension is the reps' lowering, pause and lifting.
 */
static void the_view_sums_the_set_up(void **state)
{
    struct fixture *f = *state;
    to_plan(f);
    effects_of(f, EFFECT_NONE, NULL);
    session_action(&f->s, ACTION_START_SET, 0, f->t);
    plate(f, BODY_G + 20000, 50);
    const double up_s[] = {1.0, 1.1, 2.0};
    for (int i = 0; i < 3; i++)
        imu_rep(f, 3.0, up_s[i], 0.45);
    const struct live_set *set = &f->s.visit.set;
    assert_int_equal(set->n_reps, 3);
    struct session_view v;
    session_view(&f->s, f->t, &v);
    const struct set_summary *sum = &v.lift.summary;
    print_message("loss %d %%, best %d mean %d last %d mm/s, %ld ms under tension, tempo %d/%d\n",
                  (int)sum->loss_pct, (int)sum->best_mmps, (int)sum->mean_mmps, (int)sum->last_mmps,
                  (long)sum->tut_ms, sum->tempo_kept, sum->tempo_scored);
    assert_int_equal(sum->n_reps, 3);
    assert_int_equal(sum->loss_limit_pct, f->s.rules.velocity_loss_pct);
    assert_in_range(sum->loss_pct, 40, 60);
    assert_true(sum->loss_over);
    bool flagged = false;
    for (int i = 0; i < set->n_flags; i++)
        flagged |= set->flags[i].kind == FLAG_VELOCITY_LOSS;
    assert_true(flagged);
    assert_int_equal(sum->last_mmps, set->reps[2].mean_conc_mmps);
    assert_true(sum->best_mmps >= sum->mean_mmps && sum->mean_mmps >= sum->last_mmps);
    /* 3 s down, 0.5 s at the bottom, 1.0 + 1.1 + 2.0 s up: 14.6 s, within the detector's
     * edges (a tenth of a second per phase) */
    assert_in_range(sum->tut_ms, 14600 - 900, 14600 + 900);
    assert_int_equal(sum->tempo_scored, 3);
    /* still the same after the rerack, on the rest screen */
    plate(f, BODY_G, 50);
    assert_int_equal(f->s.screen, SCREEN_REST);
    struct session_view rest;
    session_view(&f->s, f->t, &rest);
    assert_int_equal(rest.lift.summary.loss_pct, sum->loss_pct);
    assert_int_equal(rest.lift.summary.tut_ms, sum->tut_ms);
}

/*
 * A grind ends the set: a rep under the exercise's minimum speed, slower up than the cue
 * (2 s) allows, is flagged at that rep with the speeds it saw and stops the set, uncredited;
 * a rep at the cue's own pace is not one, nor any rep while the bar's motion is not trusted
 * (the unit dropped out of the set and came back).
 */
static void a_grind_ends_the_set(void **state)
{
    static const struct {
        int min_mmps;
        double up_s;
        bool dropped_out;
        bool stops;
    } cases[] = {
        {300, 5.0, false, true},  /* about 80 mm/s up in 5 s */
        {300, 2.0, false, false}, /* 225 mm/s, at the cue */
        {0, 5.0, false, false},   /* no minimum */
        {60, 5.0, false, false},  /* over a lower minimum */
        {300, 5.0, true, false},  /* the bar unit dropped out of the set */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        setup(state); /* a fresh session each case */
        struct fixture *f = *state;
        to_plan(f);
        effects_of(f, EFFECT_NONE, NULL);
        f->s.exercises[f->s.visit.plan.exercise].min_vel_mmps = cases[c].min_mmps;
        session_action(&f->s, ACTION_START_SET, 0, f->t);
        plate(f, BODY_G + 20000, 50);
        if (cases[c].dropped_out) {
            session_bar_link(&f->s, true, f->t);
            session_bar_link(&f->s, false, f->t);
            session_bar_link(&f->s, true, f->t);
        }
        imu_rep(f, 3.0, 2.0, 0.45);
        imu_rep(f, 3.0, cases[c].up_s, 0.45);
        imu_still(f, 2.0); /* a slow rep is handed out once the bar has rested a while */
        const struct live_set *set = &f->s.visit.set;
        print_message("case %zu: rep 2 at %d mm/s up in %d ms, screen %s\n", c,
                      (int)set->reps[1].mean_conc_mmps, (int)set->reps[1].conc_ms,
                      screen_name(f->s.screen));
        assert_int_equal(set->n_reps, 2);
        const struct raised_flag *grind = NULL;
        for (int i = 0; i < set->n_flags; i++)
            if (set->flags[i].kind == FLAG_GRIND)
                grind = &set->flags[i];
        assert_int_equal(grind != NULL, cases[c].stops);
        assert_int_equal(f->s.screen == SCREEN_STOP, cases[c].stops);
        assert_int_equal(set->stopped, cases[c].stops);
        if (!grind)
            continue;
        assert_int_equal(f->s.visit.stop_reason, FLAG_GRIND);
        assert_int_equal(grind->severity, SEVERITY_STOP);
        assert_int_equal(grind->rep, 2);
        assert_int_equal(grind->says, FLAG_SAYS_GRIND);
        assert_int_equal(grind->val[0], set->reps[1].mean_conc_mmps);
        assert_int_equal(grind->val[1], cases[c].min_mmps);
        assert_in_range(grind->val[0], 60, 120);
    }
}

/*
 * Velocity readiness fed from the bar: with readiness on, the last ramp set's measured
 * speed goes to the rule; clearly slower than the lifter's usual at that load (their
 * 85 kg sets at 450 mm/s) keeps today's work sets at B, as fast keeps the step. An
 * exercise's own drop (exercises.conf readiness_drop_pct) replaces the rules' 10 %.
 */
static void readiness_from_the_last_ramp_set(void **state)
{
    struct fixture *f = *state;
    static const struct {
        double up_s;           /* the last ramp rep's lift: 0.45 m over it */
        int exercise_drop_pct; /* the exercise's own (exercises.conf), 0: the rules' 10 */
        int32_t want_work_g;
        enum progression_reason reason;
    } cases[] = {{0.9, 0, 105000, PROGRESSION_STEP},
                 {2.0, 0, 100000, PROGRESSION_SLOW},
                 {1.05, 0, 105000, PROGRESSION_STEP},
                 {1.05, 1, 100000, PROGRESSION_SLOW}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct rules r;
        rules_default(&r);
        r.readiness_drop_pct = 10;
        struct exercise own[2];
        memcpy(own, exercises, sizeof own);
        own[0].readiness_drop_pct = cases[c].exercise_drop_pct;
        session_init(&f->s, &r, own, 2, f->t, WALL0 + f->t);
        struct member_profile m = lifter(2, "Kim");
        m.n_hist = 1;
        m.hist[0] = (struct exercise_history){.exercise_id = 1, .n_sets = 2};
        m.hist[0].sets[0] = (struct set_record){.day = m.today - 8,
                                                .load_g = 100000,
                                                .clean = true,
                                                .target_reps = 5,
                                                .done_reps = 5,
                                                .vel_mmps = 380};
        m.hist[0].sets[1] = (struct set_record){.day = m.today - 12,
                                                .load_g = 85000,
                                                .clean = true,
                                                .target_reps = 5,
                                                .done_reps = 5,
                                                .vel_mmps = 450};
        plate(f, BODY_G, 50);
        to_plan_as(f, &m);
        struct plan *p = &f->s.visit.plan;
        assert_int_equal(p->cap.cap_g, 105000);
        int last_ramp = 0;
        while (p->sets[last_ramp + 1].ramp)
            last_ramp++;
        for (int i = 0; i < last_ramp; i++) /* the lighter ramp sets are done */
            p->sets[i].done = true;
        p->current = last_ramp;
        session_action(&f->s, ACTION_START_SET, 0, f->t);
        assert_int_equal(f->s.screen, SCREEN_SET);
        plate(f, BODY_G + p->sets[last_ramp].load_g, 50);
        imu_rep(f, 3.0, cases[c].up_s, 0.45);
        plate(f, BODY_G, 50);
        assert_int_equal(f->s.screen, SCREEN_REST);
        assert_int_equal(f->s.visit.set.n_reps, 1);
        if (p->cap.reason != cases[c].reason ||
            p->sets[last_ramp + 1].load_g != cases[c].want_work_g)
            fail_msg("lift in %.1f s (%d mm/s): want %d g (%d), got %d g (%d): %s", cases[c].up_s,
                     p->ramp_vel_mmps, cases[c].want_work_g, cases[c].reason,
                     p->sets[last_ramp + 1].load_g, p->cap.reason, p->cap_why);
        assert_true(p->ramp_vel_mmps > 0);
        effects_of(f, EFFECT_NONE, NULL);
    }
}

struct reanalysis {
    struct rep_detector det;
    int n;
    struct rep_result reps[SET_MAX_REPS];
};

static void reanalyse(void *ctx, const struct imu_sample *smp)
{
    struct reanalysis *a = ctx;
    if (rep_detector_push(&a->det, smp, &a->reps[a->n]) && a->n < SET_MAX_REPS - 1)
        a->n++;
}

/*
 * The set's bar samples travel with its effect, only those of the set, and written as a
 * trace file and read back they give the reps the session counted.
 */
static void a_set_keeps_its_bar_samples(void **state)
{
    struct fixture *f = *state;
    to_plan(f);
    imu_rep(f, 3.0, 2.0, 0.45); /* before the set: only its last seconds are kept */
    effects_of(f, EFFECT_NONE, NULL);
    session_action(&f->s, ACTION_START_SET, 0, f->t);
    int64_t set_start_us = f->t;
    plate(f, BODY_G + 20000, 50);
    const double down_s[3] = {2.0, 3.0, 2.5};
    for (int i = 0; i < 3; i++)
        imu_rep(f, down_s[i], 1.5, 0.40 + 0.05 * i);
    plate(f, BODY_G, 50);
    struct effect e = {0};
    assert_int_equal(effects_of(f, EFFECT_SET_DONE, &e), 1);
    assert_non_null(e.imu);
    assert_int_equal(e.imu->set_key, e.key);
    /* the pre-roll: the samples of the last IMU_RECORD_PREROLL_S before the set */
    int64_t preroll_us = (int64_t)IMU_RECORD_PREROLL_S * SEC;
    assert_true(e.imu->t0_us >= set_start_us - preroll_us);
    assert_true(e.imu->t0_us < set_start_us - preroll_us + 1000);
    /* the pre-roll at 1 kHz, then every sample since the set started (imu_rep's float
     * steps may add one to each) */
    struct imu_track rec;
    imu_record_track(&f->s.imu_rec, &rec);
    int n_before = 0;
    while (n_before < rec.n && rec.t0_us + rec.t_off_us[n_before] < set_start_us)
        n_before++;
    assert_in_range(n_before, IMU_RECORD_PREROLL_SAMPLES - 1, IMU_RECORD_PREROLL_SAMPLES + 1);
    int64_t want_n = (f->t - set_start_us) / 1000;
    assert_in_range(rec.n - n_before, want_n, want_n + 1);
    assert_false(e.imu->truncated);

    struct imu_csv csv;
    static struct reanalysis a;
    struct rules rules;
    rules_default(&rules);
    rep_detector_init(&a.det, &rules);
    a.n = 0;
    imu_csv_init(&csv);
    assert_int_equal(
        imu_csv_feed(&csv, IMU_CSV_HEADER "\n", strlen(IMU_CSV_HEADER) + 1, reanalyse, &a), 0);
    struct imu_track t;
    imu_record_track(&f->s.imu_rec, &t);
    for (int i = 0; i < t.n; i++) {
        struct imu_sample smp;
        char line[160];
        imu_track_sample(&t, i, &smp);
        int len = imu_csv_format(&smp, line, sizeof line);
        assert_true(len > 0);
        assert_int_equal(imu_csv_feed(&csv, line, (size_t)len, reanalyse, &a), 0);
    }
    assert_int_equal(imu_csv_finish(&csv, reanalyse, &a), 0);
    if (rep_detector_finish(&a.det, &a.reps[a.n]))
        a.n++;
    assert_int_equal(a.n, e.set->n_reps);
    assert_int_equal(a.n, 3);
    /*
     * The same samples from the same start: the kiosk's detector began the set afresh on
     * the pre-roll the recording keeps, as the analyser does. Only the trace file's
     * decimals (m/s^2 and rad/s as text) stand between them: within 1 ms and 1 mm (0.17 ms
     * measured on the slow lowering).
     */
    for (int i = 0; i < a.n; i++) {
        const struct rep_result *got = &a.reps[i], *want = &e.set->reps[i];
        assert_in_range(got->ecc_start_us - want->ecc_start_us + 1000, 0, 2000);
        assert_in_range(got->ecc_end_us - want->ecc_end_us + 1000, 0, 2000);
        assert_in_range(got->con_start_us - want->con_start_us + 1000, 0, 2000);
        assert_in_range(got->con_end_us - want->con_end_us + 1000, 0, 2000);
        assert_in_range(got->rom_mm - want->rom_mm + 1, 0, 2);
        assert_in_range(got->mean_conc_mmps - want->mean_conc_mmps + 1, 0, 2);
        assert_in_range(got->peak_conc_mmps - want->peak_conc_mmps + 1, 0, 2);
    }

    /* the next set records afresh; the last one's samples are no longer claimed */
    session_set_saved(&f->s, e.key, true, f->t);
    advance(f, 121 * SEC);
    session_action(&f->s, ACTION_START_SET, 0, f->t);
    imu_rep(f, 1.0, 1.0, 0.1);
    assert_int_equal(f->s.imu_rec.set_key, f->s.visit.set.key);
    assert_true(f->s.imu_rec.set_key != e.key);
}

static void a_rushed_rep_is_flagged_with_the_set(void **state)
{
    struct fixture *f = *state;
    to_plan(f);
    session_action(&f->s, ACTION_START_SET, 0, f->t);
    plate(f, BODY_G + 20000, 50);
    imu_rep(f, 3.0, 2.0, 0.45);
    imu_rep(f, 1.0, 2.0, 0.45);
    assert_int_equal(f->s.visit.set.n_reps, 2);
    assert_true(f->s.visit.set.reps[1].rushed);
    assert_int_equal(f->s.visit.set.n_flags, 1);
    assert_int_equal(f->s.visit.set.flags[0].kind, FLAG_RUSHED);
    assert_int_equal(f->s.visit.set.flags[0].rep, 2);
    bool buzzer;
    assert_int_equal(session_light(&f->s, &buzzer), LIGHT_AMBER);
}

static void overload_stops_the_set(void **state)
{
    struct fixture *f = *state;
    to_plan(f);
    effects_of(f, EFFECT_NONE, NULL);
    session_action(&f->s, ACTION_START_SET, 0, f->t);
    plate(f, BODY_G + 40000, 50); /* 40 kg against a 20 kg cap */
    assert_int_equal(f->s.screen, SCREEN_STOP);
    assert_int_equal(f->s.visit.stop_reason, FLAG_OVERLOAD);
    bool buzzer;
    assert_int_equal(session_light(&f->s, &buzzer), LIGHT_RED);
    assert_true(buzzer);
    advance(f, 4 * SEC);
    session_light(&f->s, &buzzer);
    assert_false(buzzer); /* the buzzer is a signal, not a siren */
    struct effect e = {0};
    assert_int_equal(effects_of(f, EFFECT_SET_DONE, &e), 1);
    assert_true(e.set->stopped);
    assert_false(e.set->clean);
    assert_int_equal(e.set->flags[0].kind, FLAG_OVERLOAD);
    assert_false(session_can(&f->s, ACTION_STOP_DONE, 0)); /* the bar is still held */
    session_action(&f->s, ACTION_STOP_DONE, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_STOP);
    plate(f, BODY_G, 50); /* racked */
    session_action(&f->s, ACTION_STOP_DONE, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_PLAN);
    assert_int_equal(f->s.visit.plan.current, 0); /* not credited */
}

static void within_margin_is_not_overload(void **state)
{
    struct fixture *f = *state;
    to_plan(f);
    session_action(&f->s, ACTION_START_SET, 0, f->t);
    plate(f, BODY_G + 20900, 50); /* plate noise over an empty bar */
    assert_int_equal(f->s.screen, SCREEN_SET);
}

static void pain_stop_ends_the_day(void **state)
{
    struct fixture *f = *state;
    to_plan(f);
    session_action(&f->s, ACTION_START_SET, 0, f->t);
    plate(f, BODY_G + 20000, 50);
    session_action(&f->s, ACTION_PAIN_STOP, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_STOP);
    assert_int_equal(f->s.visit.stop_reason, FLAG_PAIN);
    session_action(&f->s, ACTION_STOP_DONE, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_STOP); /* the stop holds until the bar is racked */
    advance(f, 300 * SEC);
    assert_int_equal(f->s.screen, SCREEN_STOP); /* no idle logout with the bar held either */
    bool buzzer;
    assert_int_equal(session_light(&f->s, &buzzer), LIGHT_RED);
    plate(f, BODY_G, 50);
    session_action(&f->s, ACTION_STOP_DONE, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_ATTRACT);
}

static void asymmetry_is_flagged_once(void **state)
{
    struct fixture *f = *state;
    to_plan(f);
    session_action(&f->s, ACTION_START_SET, 0, f->t);
    plate(f, BODY_G + 20000, 50);
    plate(f, BODY_G + 20000, 70);
    plate(f, BODY_G + 20000, 72);
    assert_int_equal(f->s.visit.set.n_flags, 1);
    assert_int_equal(f->s.visit.set.flags[0].kind, FLAG_ASYMMETRY);
    assert_int_equal(f->s.visit.set.left_pct, 72);
}

static void idle_logout_counts_down(void **state)
{
    struct fixture *f = *state;
    to_plan(f);
    plate(f, 0, 50); /* stepped off */
    effects_of(f, EFFECT_NONE, NULL);
    advance(f, 89 * SEC);
    assert_false(f->s.idle_countdown);
    advance(f, 2 * SEC);
    assert_true(f->s.idle_countdown);
    assert_int_equal(session_idle_seconds_left(&f->s), 19);
    session_action(&f->s, ACTION_TOUCH, 0, f->t); /* still here */
    assert_false(f->s.idle_countdown);
    assert_int_equal(f->s.screen, SCREEN_PLAN);
    advance(f, 111 * SEC);
    assert_int_equal(f->s.screen, SCREEN_ATTRACT);
    assert_false(f->s.logged_in);
    assert_int_equal(effects_of(f, EFFECT_SESSION_CLOSE, NULL), 1);
}

static void standing_on_the_plate_is_not_idle(void **state)
{
    struct fixture *f = *state;
    to_plan(f);
    for (int i = 0; i < 300; i++) {
        advance(f, SEC);
        plate(f, BODY_G, 50);
    }
    assert_false(f->s.idle_countdown);
    assert_int_equal(f->s.screen, SCREEN_PLAN);
}

static void no_idle_logout_during_a_set(void **state)
{
    struct fixture *f = *state;
    to_plan(f);
    session_action(&f->s, ACTION_START_SET, 0, f->t);
    plate(f, BODY_G + 20000, 50); /* the lifter holds the bar, however long */
    advance(f, 300 * SEC);
    assert_int_equal(f->s.screen, SCREEN_SET);
    assert_false(f->s.idle_countdown);
}

/* Nothing moving and the bar racked, or nobody on the plate: the set ends, not credited. */
static void a_set_walked_away_from_is_abandoned(void **state)
{
    static const struct {
        int32_t plate_g; /* what the plate reads while nobody lifts */
        int64_t wait_us;
        enum screen want;
    } cases[] = {
        {BODY_G, 59 * SEC, SCREEN_SET},          /* racked, not long enough yet */
        {BODY_G, 61 * SEC, SCREEN_PLAN},         /* racked, a minute without movement */
        {0, 61 * SEC, SCREEN_PLAN},              /* the lifter walked off */
        {BODY_G + 20000, 300 * SEC, SCREEN_SET}, /* the bar held: somebody is lifting */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fixture *f = *state;
        setup(state);
        f = *state;
        to_plan(f);
        session_action(&f->s, ACTION_START_SET, 0, f->t);
        plate(f, cases[i].plate_g, 50);
        effects_of(f, EFFECT_NONE, NULL);
        advance(f, cases[i].wait_us);
        assert_int_equal(f->s.screen, cases[i].want);
        struct effect e;
        int done = effects_of(f, EFFECT_SET_DONE, &e);
        assert_int_equal(done, cases[i].want == SCREEN_PLAN);
        if (done) {
            assert_true(e.set->stopped);
            assert_false(e.set->clean);
            assert_int_equal(e.set->flags[0].kind, FLAG_SET_ABANDONED);
            assert_int_equal(f->s.visit.plan.current, 0); /* not credited */
        }
    }
}

/* Another lifter's badge never takes the rack from a lifter who is using it. */
/* What the store says of the lifter's gym day so far decides where the badge leads. */
static void decisions_hold_for_the_day(void **state)
{
    static const struct {
        const char *what;
        struct day_record day;
        int sets_today;
        int pain; /* answered now */
        enum screen want;
        int32_t want_cap_g; /* on the plan, 0 not planned */
        int want_current;
    } cases[] = {
        {"a red flag earlier today",
         {.no_lift = true, .red_flag = true, .pain_max = 2},
         0,
         -1,
         SCREEN_ADVICE,
         0,
         0},
        {"pain 7 earlier today", {.no_lift = true, .pain_max = 7}, 0, -1, SCREEN_ADVICE, 0, 0},
        {"pain 5 earlier, 0 now: the cap stays", {.pain_max = 5}, 0, 0, SCREEN_WARMUP, 90000, 0},
        {"pain 0 earlier, 5 now: the cap tightens", {.pain_max = 0}, 0, 5, SCREEN_WARMUP, 90000, 0},
        {"a fresh day", {.pain_max = -1}, 0, 0, SCREEN_WARMUP, 100000, 0},
        {"warm-up 30 min ago, two sets done",
         {.pain_max = 1, .warmup_done_wall_us = WALL0 - 1800 * SEC},
         2,
         1,
         SCREEN_PLAN,
         100000,
         2},
        {"warm-up 2 h ago",
         {.pain_max = 1, .warmup_done_wall_us = WALL0 - 7200 * SEC},
         0,
         1,
         SCREEN_WARMUP,
         100000,
         0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        setup(state);
        struct fixture *f = *state;
        struct member_profile m = lifter(3, "Robin");
        m.day = cases[i].day;
        m.n_hist = 1;
        m.hist[0] = (struct exercise_history){
            .exercise_id = 1, .start_load_g = 100000, .sets_today = cases[i].sets_today};
        plate(f, BODY_G, 50);
        session_badge(&f->s, &m, f->t);
        if (cases[i].pain >= 0) {
            assert_int_equal(f->s.screen, SCREEN_CHECKIN);
            session_action(&f->s, ACTION_PAIN, cases[i].pain, f->t);
            answer_no(f);
            session_action(&f->s, ACTION_CHECKIN_DONE, 0, f->t);
        }
        assert_int_equal(f->s.screen, cases[i].want);
        if (cases[i].want == SCREEN_WARMUP)
            session_action(&f->s, ACTION_WARMUP_SKIP, 0, f->t);
        if (cases[i].want_cap_g) {
            assert_int_equal(f->s.visit.plan.cap.cap_g, cases[i].want_cap_g);
            assert_int_equal(f->s.visit.plan.current, cases[i].want_current);
        }
    }
}

/* The core answers for every button: a table of state, action, argument -> allowed. */
static void the_core_decides_what_is_offered(void **state)
{
    enum stage { AT_CHECKIN, CHECKIN_ANSWERED, AT_WARMUP, WARMUP_LAST_STEP, AT_PLAN, HOLDING };
    static const struct {
        enum stage stage;
        enum action action;
        int arg;
        bool want;
    } cases[] = {
        {AT_CHECKIN, ACTION_CHECKIN_DONE, 0, false}, /* pain given, questions unanswered */
        {AT_CHECKIN, ACTION_PAIN, 10, true},
        {AT_CHECKIN, ACTION_PAIN, 11, false},
        {AT_CHECKIN, ACTION_RED_FLAG_YES, RED_FLAG_QUESTIONS, false},
        {CHECKIN_ANSWERED, ACTION_CHECKIN_DONE, 0, true},
        {CHECKIN_ANSWERED, ACTION_START_SET, 0, false}, /* not on this screen */
        {AT_WARMUP, ACTION_WARMUP_NEXT, 0, false},      /* the step's timer has not run */
        {AT_WARMUP, ACTION_WARMUP_SKIP, 0, true},
        {WARMUP_LAST_STEP, ACTION_WARMUP_NEXT, 0, false}, /* steps done, 3 minutes not */
        {AT_PLAN, ACTION_START_SET, 0, true},
        {AT_PLAN, ACTION_EXERCISE, 2, false},         /* two exercises on this rack */
        {AT_PLAN, ACTION_DECLARE_LOAD, 20000, false}, /* the squat is weighed on the plate */
        {AT_PLAN, ACTION_LOGOUT, 0, true},
        {HOLDING, ACTION_END_SET, 0, false},
        {HOLDING, ACTION_PAIN_STOP, 0, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        setup(state);
        struct fixture *f = *state;
        struct member_profile m = lifter(1, "Sam");
        plate(f, BODY_G, 50);
        session_badge(&f->s, &m, f->t);
        session_action(&f->s, ACTION_PAIN, 1, f->t);
        enum stage st = cases[i].stage;
        if (st >= CHECKIN_ANSWERED)
            answer_no(f);
        if (st >= AT_WARMUP)
            session_action(&f->s, ACTION_CHECKIN_DONE, 0, f->t);
        if (st == WARMUP_LAST_STEP) {
            f->s.rules.warmup_min_us = 600 * SEC; /* longer than the steps add up to */
            for (int step = 0; step < 8; step++) {
                advance(f, 41 * SEC);
                plate(f, BODY_G, 50); /* standing on the plate: not idle */
            }
            assert_int_equal(f->s.screen, SCREEN_WARMUP);
        }
        if (st >= AT_PLAN)
            session_action(&f->s, ACTION_WARMUP_SKIP, 0, f->t);
        if (st == HOLDING) {
            session_action(&f->s, ACTION_START_SET, 0, f->t);
            plate(f, BODY_G + 20000, 50);
        }
        bool can = session_can(&f->s, cases[i].action, cases[i].arg);
        assert_int_equal(can, cases[i].want);
        /* and the action does nothing when it is not allowed */
        if (!can) {
            enum screen before = f->s.screen;
            uint64_t gen = f->s.generation;
            session_action(&f->s, cases[i].action, cases[i].arg, f->t);
            assert_int_equal(f->s.screen, before);
            assert_true(f->s.generation == gen || cases[i].action == ACTION_WARMUP_NEXT);
        }
    }
}

/* The plate reads more than the lifter weighs: a bar lifted, or someone else standing on. */
static void only_the_lifter_unracks(void **state)
{
    static const struct {
        bool left_first; /* the plate was empty in between */
        int32_t then_g;
        enum screen want;
    } cases[] = {
        {false, BODY_G + 20000, SCREEN_SET}, /* the lifter lifts the bar on the plan screen */
        {true, BODY_G + 15000, SCREEN_PLAN}, /* someone heavier steps on after they left */
        {true, BODY_G, SCREEN_PLAN},         /* the lifter is back ... */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        setup(state);
        struct fixture *f = *state;
        to_plan(f);
        if (cases[i].left_first)
            plate(f, 0, 50);
        plate(f, cases[i].then_g, 50);
        assert_int_equal(f->s.screen, cases[i].want);
    }
    /* ... and lifting after coming back counts again */
    struct fixture *f = *state;
    plate(f, BODY_G + 20000, 50);
    assert_int_equal(f->s.screen, SCREEN_SET);
}

/* A trainer's badge opens on top of the lifter's rest and gives it back as it was. */
static void the_trainer_goes_on_top(void **state)
{
    static const struct {
        bool by_own_badge; /* the lifter taps back in, else the trainer logs out */
    } cases[] = {{false}, {true}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        setup(state);
        struct fixture *f = *state;
        to_plan(f);
        session_action(&f->s, ACTION_START_SET, 0, f->t);
        plate(f, BODY_G + 20000, 50);
        struct member_profile t = trainer();
        session_badge(&f->s, &t, f->t);
        assert_int_equal(f->s.screen, SCREEN_SET); /* not while the bar is in use */
        imu_rep(f, 3.0, 2.0, 0.45);
        plate(f, BODY_G, 50);
        assert_int_equal(f->s.screen, SCREEN_REST);
        int64_t key = f->s.visit.session_key;
        session_badge(&f->s, &t, f->t);
        assert_int_equal(f->s.screen, SCREEN_TRAINER_PIN);
        assert_string_equal(session_lifter(&f->s)->name, "Sam");
        /* the trainer's view carries the lifter's cap and its reason, as the plan says it */
        static struct session_view v;
        session_view(&f->s, f->t, &v);
        assert_int_equal(v.trainer.lifter_cap_g, f->s.hold.visit.plan.cap.cap_g);
        assert_true(v.trainer.lifter_cap_why[0] != '\0');
        assert_string_equal(v.trainer.lifter_cap_why, f->s.hold.visit.plan.cap_why);
        if (cases[i].by_own_badge) {
            struct member_profile m = lifter(1, "Sam");
            session_badge(&f->s, &m, f->t);
        } else {
            session_action(&f->s, ACTION_LOGOUT, 0, f->t);
        }
        assert_int_equal(f->s.screen, SCREEN_REST);
        assert_string_equal(f->s.who.name, "Sam");
        assert_int_equal(f->s.visit.session_key, key);
        assert_int_equal(f->s.visit.plan.current, 1);
        assert_true(f->s.visit.plan.sets[0].done);
    }
}

static void the_rack_has_one_owner(void **state)
{
    static const struct {
        const char *what;
        int32_t plate_g;
        bool in_set;
        int64_t idle_us;
        bool offered;
    } cases[] = {
        {"on the plan screen, just now", BODY_G, false, 0, false},
        {"holding the bar", BODY_G + 20000, true, 120 * SEC, false},
        {"idle with the bar racked", BODY_G, false, 95 * SEC, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        setup(state);
        struct fixture *f = *state;
        to_plan(f);
        if (cases[i].in_set)
            session_action(&f->s, ACTION_START_SET, 0, f->t);
        plate(f, cases[i].plate_g, 50);
        advance(f, cases[i].idle_us);
        struct member_profile m = lifter(2, "Alex Rivera");
        session_badge(&f->s, &m, f->t);
        assert_string_equal(session_lifter(&f->s)->name, "Sam");
        assert_non_null(strstr(session_notice(&f->s), "Rack in use by Sam"));
        assert_int_equal(session_can(&f->s, ACTION_TAKEOVER, 0), cases[i].offered);
    }
}

static void a_new_badge_switches_lifter(void **state)
{
    struct fixture *f = *state;
    to_plan(f);
    advance(f, 95 * SEC); /* Sam has gone idle, the bar on the hooks */
    effects_of(f, EFFECT_NONE, NULL);
    struct member_profile m = lifter(2, "Alex");
    session_badge(&f->s, &m, f->t);
    session_action(&f->s, ACTION_TAKEOVER, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_CHECKIN);
    assert_string_equal(f->s.who.name, "Alex");
    assert_int_equal(f->s.visit.pain, -1);
    assert_int_equal(f->s.visit.plan.exercise, -1);
    assert_int_equal(effects_of(f, EFFECT_SESSION_CLOSE, NULL), 1);
}

static void the_same_badge_again_changes_nothing(void **state)
{
    struct fixture *f = *state;
    to_plan(f);
    struct member_profile m = lifter(1, "Sam");
    session_badge(&f->s, &m, f->t);
    assert_int_equal(f->s.screen, SCREEN_PLAN);
}

static void leaving_mid_set_abandons_it(void **state)
{
    struct fixture *f = *state;
    to_plan(f);
    session_action(&f->s, ACTION_START_SET, 0, f->t);
    plate(f, BODY_G + 20000, 50);
    imu_rep(f, 3.0, 2.0, 0.45);
    effects_of(f, EFFECT_NONE, NULL);
    session_action(&f->s, ACTION_LOGOUT, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_ATTRACT);
    struct effect e = {0};
    bool set_done = false, closed = false;
    while (session_next_effect(&f->s, &e)) {
        if (e.kind == EFFECT_SET_DONE) {
            set_done = true;
            assert_true(e.set->stopped);
        }
        closed |= e.kind == EFFECT_SESSION_CLOSE;
    }
    assert_true(set_done);
    assert_true(closed);
}

static void trainer_reviews_and_acknowledges(void **state)
{
    struct fixture *f = *state;
    struct member_profile t = trainer();
    session_badge(&f->s, &t, f->t);
    assert_int_equal(f->s.screen, SCREEN_TRAINER_PIN);
    for (int d = 1; d <= 4; d++)
        session_action(&f->s, ACTION_PIN_DIGIT, d, f->t);
    struct effect e = {0};
    assert_int_equal(effects_of(f, EFFECT_VERIFY_PIN, &e), 1);
    assert_string_equal(e.text, "1234");
    assert_int_equal(e.member_id, 9);
    session_pin_result(&f->s, false, f->t);
    assert_true(f->s.trainer.pin_wrong);
    assert_int_equal(f->s.trainer.pin_len, 0);
    assert_int_equal(f->s.screen, SCREEN_TRAINER_PIN);

    for (int d = 1; d <= 4; d++)
        session_action(&f->s, ACTION_PIN_DIGIT, d, f->t);
    session_pin_result(&f->s, true, f->t);
    assert_int_equal(f->s.screen, SCREEN_FLAGS);
    assert_int_equal(effects_of(f, EFFECT_LOAD_FLAGS, NULL), 1);
    assert_true(f->s.trainer.flags_loading);

    struct flag_view flags[2] = {
        {.id = 11, .kind = FLAG_RUSHED, .set_key = 555},
        {.id = 12, .kind = FLAG_WARMUP_SKIPPED},
    };
    session_flags_loaded(&f->s, flags, 2, f->t);
    assert_false(f->s.trainer.flags_loading);
    assert_int_equal(f->s.trainer.n_flags, 2);
    session_action(&f->s, ACTION_FLAG_OPEN, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_FLAG_DETAIL);
    assert_int_equal(effects_of(f, EFFECT_LOAD_DETAIL, &e), 1);
    assert_int_equal(e.key, 555);
    struct set_detail detail = {.set_key = 555, .n_reps = 2};
    session_detail_loaded(&f->s, &detail, f->t);
    assert_true(f->s.trainer.detail_loaded);
    session_action(&f->s, ACTION_FLAG_ACK, 2, f->t);
    assert_int_equal(effects_of(f, EFFECT_ACK_FLAG, &e), 1);
    assert_int_equal(e.key, 11);
    assert_string_equal(e.text, session_ack_note(2));
    assert_true(f->s.trainer.flags[0].acked);
    session_action(&f->s, ACTION_FLAG_ACK, 1, f->t); /* once is enough */
    assert_int_equal(effects_of(f, EFFECT_ACK_FLAG, NULL), 0);
    session_action(&f->s, ACTION_BACK, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_FLAGS);
}

static void flags_page_and_keep_the_page_on_reload(void **state)
{
    struct fixture *f = *state;
    trainer_signed_in(f);
    struct flag_view flags[20] = {0};
    for (int i = 0; i < 20; i++)
        flags[i] = (struct flag_view){.id = i + 1, .kind = FLAG_RUSHED};
    session_flags_loaded(&f->s, flags, 20, f->t);
    session_action(&f->s, ACTION_FLAGS_PAGE, 12, f->t);
    assert_int_equal(f->s.trainer.flags_first, 12);
    session_action(&f->s, ACTION_FLAGS_PAGE, 20, f->t); /* past the end: ignored */
    assert_int_equal(f->s.trainer.flags_first, 12);
    session_flags_loaded(&f->s, flags, 20, f->t); /* back from a detail: same page */
    assert_int_equal(f->s.trainer.flags_first, 12);
    session_flags_loaded(&f->s, flags, 5, f->t); /* fewer now: back to the start */
    assert_int_equal(f->s.trainer.flags_first, 0);
}

static void trainer_sets_loads(void **state)
{
    struct fixture *f = *state;
    trainer_signed_in(f);
    effects_of(f, EFFECT_NONE, NULL);
    session_action(&f->s, ACTION_LOADS, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_TRAINER_LOADS);
    assert_true(f->s.trainer.lifters_loading);
    assert_int_equal(effects_of(f, EFFECT_LOAD_LIFTERS, NULL), 1);
    struct lifter_view lifters[2] = {{.id = 5, .name = "Robin Park"}, {.id = 7, .name = "Sam"}};
    session_lifters_loaded(&f->s, lifters, 2, f->t);
    assert_false(f->s.trainer.lifters_loading);

    session_action(&f->s, ACTION_LOAD_SAVE, 0, f->t); /* nobody chosen yet */
    assert_int_equal(effects_of(f, EFFECT_SET_LOAD, NULL), 0);
    assert_false(session_can(&f->s, ACTION_LOAD_NEXT, 0));
    session_action(&f->s, ACTION_LOAD_LIFTER, 0, f->t);
    /* who and what first: how much is not offered until Next */
    assert_false(session_can(&f->s, ACTION_LOAD_STEP, 10000));
    assert_false(session_can(&f->s, ACTION_LOAD_SAVE, 0));
    session_action(&f->s, ACTION_LOAD_NEXT, 0, f->t);
    assert_int_equal(f->s.trainer.load_page, 1);
    assert_false(session_can(&f->s, ACTION_LOAD_LIFTER, 1)); /* who is fixed on this step */
    assert_false(session_can(&f->s, ACTION_LOAD_KIND, 1));
    session_action(&f->s, ACTION_LOAD_STEP, 10000, f->t);
    session_action(&f->s, ACTION_LOAD_STEP, 10000, f->t);
    session_action(&f->s, ACTION_LOAD_STEP, 2500, f->t);
    assert_int_equal(f->s.trainer.load_g, 42500);
    session_action(&f->s, ACTION_LOAD_STEP, -100000, f->t); /* never below the empty bar */
    assert_int_equal(f->s.trainer.load_g, 20000);
    session_action(&f->s, ACTION_LOAD_STEP, 20000, f->t);
    session_action(&f->s, ACTION_LOAD_SAVE, 0, f->t);
    struct effect e = {0};
    assert_int_equal(effects_of(f, EFFECT_SET_LOAD, &e), 1);
    assert_int_equal(e.key, 5);
    assert_int_equal(e.member_id, 9); /* the trainer, for the record */
    assert_int_equal(e.exercise_id, 1);
    assert_int_equal(e.load_g, 40000);
    assert_false(e.override);
    assert_true(f->s.trainer.load_saving);
    session_load_saved(&f->s, true, "", f->t);
    assert_false(f->s.trainer.load_saving);
    assert_non_null(strstr(f->s.trainer.load_msg, "Robin Park"));
    /* the page gets the phrase and its arguments, the load in the reader's unit */
    static struct session_view sv;
    const struct view_trainer *tv = &sv.trainer;
    session_view(&f->s, f->t, &sv);
    /* while the page still shows that lifter and exercise, the load alone */
    assert_ptr_equal(tv->load_say, trainer_load_phrases_en[LOAD_SAID_LOAD_TO_START]);
    assert_int_equal(tv->n_load_args, 1);
    assert_string_equal(tv->load_args[0], "40 kg");
    enum rack_unit was = f->s.rules.plates.unit;
    f->s.rules.plates.unit = RACK_LB; /* a pound rack's reader */
    session_view(&f->s, f->t, &sv);
    assert_string_equal(tv->load_args[0], "88.2 lb");
    f->s.rules.plates.unit = was;
    /* another choice on the page: the save names its lifter and exercise */
    int chosen = f->s.trainer.load_lifter;
    f->s.trainer.load_lifter = -1;
    session_view(&f->s, f->t, &sv);
    assert_ptr_equal(tv->load_say, trainer_load_phrases_en[LOAD_SAID_TO_START]);
    assert_int_equal(tv->n_load_args, 3);
    assert_string_equal(tv->load_args[0], "Robin Park");
    assert_string_equal(tv->load_args[2], "40 kg");
    /* the exercise by its place in the list, for the page to say in the reader's words */
    assert_int_equal(tv->load_said_exercise, f->s.trainer.load_exercise);
    assert_string_equal(tv->load_args[1], f->s.exercises[tv->load_said_exercise].name);
    f->s.trainer.load_lifter = chosen;

    /* a cap for today needs a reason: back to who and what to choose it */
    session_action(&f->s, ACTION_BACK, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_TRAINER_LOADS);
    assert_int_equal(f->s.trainer.load_page, 0);
    session_action(&f->s, ACTION_LOAD_KIND, 1, f->t);
    session_action(&f->s, ACTION_LOAD_NEXT, 0, f->t);
    session_action(&f->s, ACTION_LOAD_SAVE, 0, f->t);
    assert_int_equal(effects_of(f, EFFECT_SET_LOAD, NULL), 0);
    session_action(&f->s, ACTION_LOAD_REASON, 2, f->t);
    session_action(&f->s, ACTION_LOAD_SAVE, 0, f->t);
    assert_int_equal(effects_of(f, EFFECT_SET_LOAD, &e), 1);
    assert_true(e.override);
    assert_string_equal(e.text, session_load_reason(2));
    session_load_saved(&f->s, false, "only a trainer may override a cap", f->t);
    assert_true(f->s.trainer.load_failed);
    assert_non_null(strstr(f->s.trainer.load_msg, "only a trainer"));
    session_view(&f->s, f->t, &sv);
    assert_ptr_equal(tv->load_say, trainer_load_phrases_en[LOAD_SAID_NOT_SAVED]);
    assert_int_equal(tv->n_load_args, 1);
    assert_string_equal(tv->load_args[0], "only a trainer may override a cap");
    assert_int_equal(tv->load_said_exercise, -1); /* a refusal names no exercise */
    session_action(&f->s, ACTION_BACK, 0, f->t);  /* how much -> who and what -> flags */
    session_action(&f->s, ACTION_BACK, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_FLAGS);
}

static void too_many_wrong_pins_log_out(void **state)
{
    struct fixture *f = *state;
    struct member_profile t = trainer();
    session_badge(&f->s, &t, f->t);
    for (int attempt = 0; attempt < 5; attempt++) {
        for (int d = 0; d < 4; d++)
            session_action(&f->s, ACTION_PIN_DIGIT, 0, f->t);
        session_pin_result(&f->s, false, f->t);
    }
    assert_int_equal(f->s.screen, SCREEN_ATTRACT);
    assert_false(f->s.logged_in);
    assert_true(f->s.banner[0] != '\0');
}

static void declared_load_for_bench(void **state)
{
    struct fixture *f = *state;
    to_plan(f);
    session_action(&f->s, ACTION_EXERCISE, 1, f->t);
    session_action(&f->s, ACTION_START_SET, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_PLAN); /* off the plate: the load is declared */
    session_action(&f->s, ACTION_DECLARE_LOAD, 20000, f->t);
    assert_int_equal(f->s.screen, SCREEN_SET);
    assert_true(f->s.visit.set.declared);
    imu_rep(f, 3.0, 2.0, 0.40);
    session_action(&f->s, ACTION_END_SET, 0, f->t);
    assert_int_equal(f->s.screen, SCREEN_REST);
    assert_int_equal(f->s.visit.set.n_reps, 1);
}

static void effects_carry_wall_time(void **state)
{
    struct fixture *f = *state;
    advance(f, 5 * SEC);
    check_in(f, 0);
    struct effect e = {0};
    assert_int_equal(effects_of(f, EFFECT_SESSION_OPEN, &e), 1);
    assert_int_equal(e.t_wall_us, WALL0 + f->t);
    assert_int_equal(e.body_g, BODY_G);
    assert_int_equal(e.session_key, f->s.visit.session_key);
}

/* The plan screen's plate line names the set it is for, as the list does: which set Start
 * begins, whether a ramp or a work set, its number among them and its load. */
static void next_set_is_named_by_the_core(void **state)
{
    struct fixture *f = *state;
    static const struct {
        int n_sets, current;
        int next_set;
        bool ramp;
        int number;
        int32_t load_g; /* 0: the empty bar */
        bool all_done;
    } cases[] = {
        {6, 0, 0, true, 1, 20000, false},   {6, 2, 2, true, 3, 70000, false},
        {6, 3, 3, false, 1, 100000, false}, {6, 4, 4, false, 2, 100000, false},
        {6, 6, 5, false, 3, 100000, true}, /* all done: an extra set at the last one's load */
        {0, 0, -1, false, 0, 0, false},    /* nothing planned: the empty bar */
    };
    static const struct planned_set sets[] = {
        {20000, 10, true, false},  {50000, 5, true, false},   {70000, 3, true, false},
        {100000, 5, false, false}, {100000, 5, false, false}, {100000, 5, false, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct plan *p = &f->s.visit.plan;
        p->n_sets = cases[i].n_sets;
        p->current = cases[i].current;
        memcpy(p->sets, sets, sizeof sets);
        struct session_view v;
        session_view(&f->s, f->t, &v);
        const struct view_lift *l = &v.lift;
        if (l->next_set != cases[i].next_set || l->next_ramp != cases[i].ramp ||
            l->next_number != cases[i].number || l->all_done != cases[i].all_done ||
            l->next_g != (cases[i].load_g ? cases[i].load_g : f->s.rules.empty_bar_g))
            fail_msg("case %zu: set %d ramp %d no. %d load %d g done %d", i, l->next_set,
                     l->next_ramp, l->next_number, (int)l->next_g, l->all_done);
        for (int k = 0; k < p->n_sets; k++) /* the list numbers them the same way */
            assert_int_equal(view_set_number(p, k), k < 3 ? k + 1 : k - 2);
        assert_int_equal(view_set_number(p, -1), 0);
        assert_int_equal(view_set_number(p, p->n_sets), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(unknown_badge_stays_on_attract, setup),
        cmocka_unit_test_setup(a_set_starts_from_what_the_units_sets_learned, setup),
        cmocka_unit_test_setup(red_flag_means_no_lifting, setup),
        cmocka_unit_test_setup(pain_levels, setup),
        cmocka_unit_test_setup(checkin_waits_for_pain_and_weight, setup),
        cmocka_unit_test_setup(warmup_runs_at_least_three_minutes, setup),
        cmocka_unit_test_setup(skipping_warmup_raises_a_flag, setup),
        cmocka_unit_test_setup(plan_ramps_to_the_cap, setup),
        cmocka_unit_test_setup(plan_ramps_round_down_to_the_plates, setup),
        cmocka_unit_test_setup(a_set_counts_reps_and_saves, setup),
        cmocka_unit_test_setup(the_view_sums_the_set_up, setup),
        cmocka_unit_test(a_grind_ends_the_set),
        cmocka_unit_test_setup(readiness_from_the_last_ramp_set, setup),
        cmocka_unit_test_setup(a_set_keeps_its_bar_samples, setup),
        cmocka_unit_test_setup(a_rushed_rep_is_flagged_with_the_set, setup),
        cmocka_unit_test_setup(overload_stops_the_set, setup),
        cmocka_unit_test_setup(within_margin_is_not_overload, setup),
        cmocka_unit_test_setup(pain_stop_ends_the_day, setup),
        cmocka_unit_test_setup(asymmetry_is_flagged_once, setup),
        cmocka_unit_test_setup(idle_logout_counts_down, setup),
        cmocka_unit_test_setup(standing_on_the_plate_is_not_idle, setup),
        cmocka_unit_test_setup(no_idle_logout_during_a_set, setup),
        cmocka_unit_test_setup(a_new_badge_switches_lifter, setup),
        cmocka_unit_test_setup(a_set_walked_away_from_is_abandoned, setup),
        cmocka_unit_test_setup(the_rack_has_one_owner, setup),
        cmocka_unit_test_setup(only_the_lifter_unracks, setup),
        cmocka_unit_test_setup(the_trainer_goes_on_top, setup),
        cmocka_unit_test_setup(decisions_hold_for_the_day, setup),
        cmocka_unit_test_setup(the_core_decides_what_is_offered, setup),
        cmocka_unit_test_setup(the_same_badge_again_changes_nothing, setup),
        cmocka_unit_test_setup(leaving_mid_set_abandons_it, setup),
        cmocka_unit_test_setup(trainer_reviews_and_acknowledges, setup),
        cmocka_unit_test_setup(flags_page_and_keep_the_page_on_reload, setup),
        cmocka_unit_test_setup(trainer_sets_loads, setup),
        cmocka_unit_test_setup(too_many_wrong_pins_log_out, setup),
        cmocka_unit_test_setup(declared_load_for_bench, setup),
        cmocka_unit_test_setup(effects_carry_wall_time, setup),
        cmocka_unit_test_setup(next_set_is_named_by_the_core, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
