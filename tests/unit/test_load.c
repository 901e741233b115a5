/* The plate's load filter, case by case: glitches, stability, events, zero, faults, rounding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/load.h"
#include "../../app/dev/plate_model.h"

#define PERIOD_US    12500 /* 80 samples/s */
#define SATURATED_HI 0x7FFFFF
#define SATURATED_LO (-0x800000)
#define BOTH_OK      0x3
#define NOISE_G      12

static const struct load_calibration cal = {
    .offset = {120000, -45000},
    .g_per_count = {0.05, 0.04},
};

static struct rules default_rules(void)
{
    struct rules r;
    rules_default(&r);
    return r;
}

/* assert_in_range() compares unsigned: this one takes signed grams. */
static void assert_near_g(int32_t got_g, int32_t want_g, int32_t tol_g)
{
    if (got_g < want_g - tol_g || got_g > want_g + tol_g)
        fail_msg("%d g is not within %d g of %d g", got_g, tol_g, want_g);
}

/* A 24-bit word with one bit flipped, as a long DOUT wire can deliver it. */
static int32_t hx711_flip(int32_t word, int bit)
{
    uint32_t w = ((uint32_t)word & 0xFFFFFFu) ^ (1u << bit);
    return (int32_t)((w ^ 0x800000u) - 0x800000u);
}

static int32_t counts_for(int side, double grams)
{
    return cal.offset[side] + (int32_t)lround(grams / cal.g_per_count[side]);
}

/* A small deterministic noise, a few counts like a real converter's. */
static double noise_g(uint32_t *rng)
{
    *rng = *rng * 1664525u + 1013904223u;
    return ((double)(*rng >> 8) / (1u << 24) - 0.5) * 2 * NOISE_G;
}

struct trace {
    struct load_filter f;
    uint32_t rng;
    int64_t t_us;
    struct load_reading rd;
    struct load_event_at events[32];
    int n_events;
    int unstable_after_stable; /* readings that dropped out of a stable stretch */
    bool was_stable;
};

static void trace_init(struct trace *tr, uint32_t seed)
{
    memset(tr, 0, sizeof(*tr));
    const struct rules r = default_rules();
    load_filter_init(&tr->f, &cal, &r);
    tr->rng = seed;
}

static void trace_push(struct trace *tr, const struct plate_sample *s)
{
    load_filter_push(&tr->f, s);
    load_filter_read(&tr->f, &tr->rd);
    tr->unstable_after_stable += tr->was_stable && !tr->rd.stable;
    tr->was_stable = tr->rd.stable;
    struct load_event_at ev;
    while (load_filter_take_event(&tr->f, &ev))
        if (tr->n_events < 32)
            tr->events[tr->n_events++] = ev;
}

/* Samples of left_g and right_g (with noise) until until_us. */
static void hold(struct trace *tr, double left_g, double right_g, int64_t until_us)
{
    for (; tr->t_us < until_us; tr->t_us += PERIOD_US) {
        struct plate_sample s = {.t_us = tr->t_us,
                                 .raw = {counts_for(PLATE_LEFT, left_g + noise_g(&tr->rng)),
                                         counts_for(PLATE_RIGHT, right_g + noise_g(&tr->rng))},
                                 .ok_mask = BOTH_OK};
        trace_push(tr, &s);
    }
}

static void test_calibration_math(void **state)
{
    (void)state;
    static const struct {
        int32_t raw[PLATE_SIDES];
        int32_t want_g[PLATE_SIDES];
    } cases[] = {
        {{120000, -45000}, {0, 0}},     {{121000, -44000}, {50, 40}},
        {{119000, -46000}, {-50, -40}}, {{120000 + 800000, -45000 + 1000000}, {40000, 40000}},
        {{120001, -44999}, {0, 0}}, /* 0.05 g and 0.04 g round to 0 */
        {{120010, -44975}, {1, 1}},
    };
    const struct rules r = default_rules();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct load_filter f;
        load_filter_init(&f, &cal, &r);
        struct plate_sample s = {
            .t_us = 1000, .raw = {cases[i].raw[0], cases[i].raw[1]}, .ok_mask = BOTH_OK};
        load_filter_push(&f, &s);
        struct load_reading rd;
        load_filter_read(&f, &rd);
        assert_int_equal(rd.side_g[PLATE_LEFT], cases[i].want_g[PLATE_LEFT]);
        assert_int_equal(rd.side_g[PLATE_RIGHT], cases[i].want_g[PLATE_RIGHT]);
        assert_int_equal(rd.total_g, cases[i].want_g[0] + cases[i].want_g[1]);
        assert_int_equal(rd.t_us, 1000);
        assert_false(rd.fault);
        assert_false(rd.stable); /* one sample never covers a window */
    }
}

static void test_empty_filter_reads_zero(void **state)
{
    (void)state;
    const struct rules r = default_rules();
    struct load_filter f;
    load_filter_init(&f, &cal, &r);
    struct load_reading rd;
    load_filter_read(&f, &rd);
    assert_int_equal(rd.total_g, 0);
    assert_false(rd.stable);
    assert_false(rd.fault);
    struct load_event_at ev;
    assert_false(load_filter_take_event(&f, &ev));
}

/* A person steps on: stable within a window of the load arriving, one step_on event dated
 * to when the load crossed half of it, the reading the person's weight and split. */
static void test_step_on_and_off(void **state)
{
    (void)state;
    static struct trace tr;
    trace_init(&tr, 1);
    hold(&tr, 0, 0, 2000000);
    assert_true(tr.rd.stable);
    assert_int_equal(tr.rd.state, LOAD_EMPTY);
    /* the load climbs over 400 ms */
    for (int k = 0; k <= 32; k++)
        hold(&tr, 45000.0 * k / 32, 35000.0 * k / 32, tr.t_us + PERIOD_US);
    int64_t arrived_us = tr.t_us;
    int64_t stable_us = -1;
    while (tr.t_us < arrived_us + 3000000) {
        hold(&tr, 45000, 35000, tr.t_us + PERIOD_US);
        if (tr.rd.stable && stable_us < 0)
            stable_us = tr.t_us;
    }
    assert_true(stable_us > 0 && stable_us - arrived_us <= 600000);
    assert_near_g(tr.rd.total_g, 80000, 20);
    assert_near_g(tr.rd.side_g[PLATE_LEFT], 45000, 20);
    assert_true(tr.rd.state == LOAD_PERSON && !tr.rd.bar_held);
    assert_int_equal(tr.n_events, 1);
    assert_int_equal(tr.events[0].type, LOAD_EVENT_STEP_ON);
    assert_near_g(tr.events[0].load_g, 80000, 50);
    assert_true(tr.events[0].t_us > arrived_us - 400000 && tr.events[0].t_us < arrived_us + 200000);

    hold(&tr, 0, 0, tr.t_us + 3000000);
    assert_int_equal(tr.n_events, 2);
    assert_int_equal(tr.events[1].type, LOAD_EVENT_STEP_OFF);
    assert_int_equal(tr.rd.state, LOAD_EMPTY);
}

/* A single bad word of each kind, on either side, anywhere in a stable stretch: the
 * reading does not move, stays stable, and makes no event. */
static void test_single_glitch_changes_nothing(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        int32_t raw; /* 0: the true word with bit 'bit' flipped */
        int bit;
        bool ok;
    } glitches[] = {
        {"bit 23 flipped", 0, 23, true},
        {"bit 20 flipped", 0, 20, true},
        {"bit 14 flipped", 0, 14, true},
        {"positive rail", SATURATED_HI, 0, true},
        {"negative rail", SATURATED_LO, 0, true},
        {"all ones", -1, 0, true},
        {"late", -1, 0, false},
    };
    for (size_t g = 0; g < sizeof(glitches) / sizeof(glitches[0]); g++) {
        for (int side = 0; side < PLATE_SIDES; side++) {
            static struct trace clean, dirty;
            trace_init(&clean, 7);
            trace_init(&dirty, 7);
            hold(&clean, 30000, 50000, 3000000);
            hold(&dirty, 30000, 50000, 3000000);
            int32_t before_g = dirty.rd.total_g;
            /* the same noisy sample, once clean and once glitched */
            uint32_t rng = dirty.rng;
            struct plate_sample s = {.t_us = dirty.t_us,
                                     .raw = {counts_for(PLATE_LEFT, 30000 + noise_g(&rng)),
                                             counts_for(PLATE_RIGHT, 50000 + noise_g(&rng))},
                                     .ok_mask = BOTH_OK};
            trace_push(&clean, &s);
            int32_t word = s.raw[side];
            s.raw[side] = glitches[g].raw ? glitches[g].raw : hx711_flip(word, glitches[g].bit);
            if (!glitches[g].ok)
                s.ok_mask &= (uint8_t) ~(1u << side);
            trace_push(&dirty, &s);
            clean.rng = dirty.rng = rng;
            clean.t_us = dirty.t_us = s.t_us + PERIOD_US;
            hold(&clean, 30000, 50000, clean.t_us + 2000000);
            hold(&dirty, 30000, 50000, dirty.t_us + 2000000);
            if (dirty.unstable_after_stable != 0 || dirty.n_events != clean.n_events)
                fail_msg("%s on side %d: stability or events changed", glitches[g].what, side);
            assert_near_g(dirty.rd.total_g, clean.rd.total_g, 3);
            assert_near_g(dirty.rd.total_g, before_g, 20);
            assert_false(dirty.rd.fault);
        }
    }
}

/* Movement is not stable: a slow push and a step's split change; sway is. */
static void test_stability_band(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        double total_amp_g, total_hz;  /* a sinusoid on the total */
        double split_amp_pp, split_hz; /* and on the split */
        bool stable;
    } cases[] = {
        {"still", 0, 1, 0, 1, true},
        {"heartbeat and breathing: 0.5 % at 1.2 Hz", 500, 1.2, 0, 1, true},
        {"sway: 5 points of split at 0.5 Hz", 300, 0.8, 5, 0.5, true},
        {"a rep's swing: 15 % at 0.6 Hz", 15000, 0.6, 0, 1, false},
        {"a foot leaving: 40 points at 1 Hz", 0, 1, 40, 1, false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        static struct trace tr;
        trace_init(&tr, 3);
        int stable_n = 0, n = 0;
        for (; tr.t_us < 8000000; tr.t_us += PERIOD_US) {
            double t_s = tr.t_us / 1e6;
            double total = 100000 + cases[i].total_amp_g * sin(2 * M_PI * cases[i].total_hz * t_s);
            double left =
                0.5 + cases[i].split_amp_pp / 100 * sin(2 * M_PI * cases[i].split_hz * t_s);
            struct plate_sample s = {
                .t_us = tr.t_us,
                .raw = {counts_for(PLATE_LEFT, total * left + noise_g(&tr.rng)),
                        counts_for(PLATE_RIGHT, total * (1 - left) + noise_g(&tr.rng))},
                .ok_mask = BOTH_OK};
            trace_push(&tr, &s);
            if (tr.t_us >= 2000000) {
                n++;
                stable_n += tr.rd.stable;
            }
        }
        bool mostly_stable = stable_n > n * 9 / 10;
        bool never_long = stable_n < n / 3;
        if (cases[i].stable ? !mostly_stable : !never_long)
            fail_msg("%s: stable %d of %d readings", cases[i].what, stable_n, n);
    }
}

/* The share of readings after the first 2 s that are stable, for a sinusoid on the total
 * and on the split of total_g at 80 samples/s, read with rules r. */
static double stable_share(const struct rules *r, double total_g, double total_amp_g,
                           double total_hz, double split_amp_pp, double split_hz)
{
    static struct trace tr;
    memset(&tr, 0, sizeof tr);
    load_filter_init(&tr.f, &cal, r);
    tr.rng = 5;
    int stable_n = 0, n = 0;
    for (; tr.t_us < 8000000; tr.t_us += PERIOD_US) {
        double t_s = tr.t_us / 1e6;
        double total = total_g + total_amp_g * sin(2 * M_PI * total_hz * t_s);
        double left = 0.5 + split_amp_pp / 100 * sin(2 * M_PI * split_hz * t_s);
        struct plate_sample s = {
            .t_us = tr.t_us,
            .raw = {counts_for(PLATE_LEFT, total * left + noise_g(&tr.rng)),
                    counts_for(PLATE_RIGHT, total * (1 - left) + noise_g(&tr.rng))},
            .ok_mask = BOTH_OK};
        trace_push(&tr, &s);
        if (tr.t_us >= 2000000) {
            n++;
            stable_n += tr.rd.stable;
        }
    }
    return (double)stable_n / n;
}

/* Each of the plate's stable-window settings ([plate] stable_window_s, stable_min_kg,
 * sway_permille, side_permille) changes whether a load counts: a signal the defaults
 * never hold still is held with the setting moved (or the other way round). */
static void test_stable_window_settings(void **state)
{
    (void)state;
    enum { WINDOW, MIN_G, SWAY, SIDE };
    static const struct {
        const char *what;
        int setting;
        int64_t value; /* us, g or permille */
        double total_g, amp_g, hz, split_pp, split_hz;
        bool stable_default, stable_set;
    } cases[] = {
        {"a 3 Hz tremor of 1.8 kg: 0.4 s sees all of it, 0.1 s a third", WINDOW, 100000, 100000,
         1800, 3, 0, 1, false, true},
        {"a still person, read over 2.5 s: still", WINDOW, 2500000, 100000, 0, 1, 0, 1, true, true},
        {"10 kg rocking 0.3 kg at 2 Hz: over 0.4 kg, within 1 kg", MIN_G, 1000, 10000, 300, 2, 0, 1,
         false, true},
        {"100 kg swaying 2.5 kg at 2 Hz: over 3 %, within 10 %", SWAY, 100, 100000, 2500, 2, 0, 1,
         false, true},
        {"100 kg, 20 points of split at 1 Hz: over 15 %, within 50 %", SIDE, 500, 100000, 0, 1, 20,
         1, false, true},
        {"100 kg, 3 points of split at 2 Hz: within 15 %, over 2 %", SIDE, 20, 100000, 300, 0.8, 3,
         2, true, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool got[2];
        double share[2];
        for (int moved = 0; moved < 2; moved++) {
            struct rules r = default_rules();
            if (moved) {
                if (cases[i].setting == WINDOW)
                    r.load_window_us = cases[i].value;
                else if (cases[i].setting == MIN_G)
                    r.load_stable_g = (int32_t)cases[i].value;
                else if (cases[i].setting == SWAY)
                    r.load_sway_permille = (int)cases[i].value;
                else
                    r.load_side_permille = (int)cases[i].value;
            }
            share[moved] = stable_share(&r, cases[i].total_g, cases[i].amp_g, cases[i].hz,
                                        cases[i].split_pp, cases[i].split_hz);
            /* held: stable nearly throughout; not: never for long */
            got[moved] = share[moved] > 0.9;
            if (share[moved] > 1.0 / 3 && share[moved] <= 0.9)
                fail_msg("%s: stable %.0f %% of the time, neither held nor not", cases[i].what,
                         share[moved] * 100);
        }
        if (got[0] != cases[i].stable_default || got[1] != cases[i].stable_set)
            fail_msg("%s: stable %.0f %% with the defaults, %.0f %% with the setting",
                     cases[i].what, share[0] * 100, share[1] * 100);
    }
}

/* A lifter holding a 20 kg bar does reps as fast as 0.5 g each way: the total dips far
 * below body + 10 kg, yet the bar stays held and nothing is reracked. */
static void test_rep_never_reracks(void **state)
{
    (void)state;
    static const struct {
        int32_t body_g, bar_g;
        int down_ms, pause_ms, up_ms;
        double depth_m;
    } cases[] = {
        {80000, 20000, 1000, 0, 700, 0.5},      /* a bounce, 0.5 g */
        {80000, 20000, 3000, 1000, 2000, 0.5},  /* tempo 3-1-2 */
        {130000, 15000, 3500, 1200, 2000, 0.3}, /* slow and shallow: forces inside the band */
        {60000, 20000, 800, 0, 800, 0.35},      {100000, 140000, 1500, 500, 900, 0.5},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct plate_model_config cfg;
        plate_model_defaults(&cfg, 11 + i, 80);
        cfg.cal = cal;
        cfg.glitch_p = 0.01;
        static struct plate_model m;
        plate_model_init(&m, &cfg, 0);
        plate_model_move(&m, &(struct plate_move){.kind = PLATE_MOVE_STEP_ON,
                                                  .t_us = 2000000,
                                                  .dur_us = 1500000,
                                                  .body_g = cases[i].body_g,
                                                  .left_frac = 0.5});
        plate_model_move(&m, &(struct plate_move){.kind = PLATE_MOVE_UNRACK,
                                                  .t_us = 8000000,
                                                  .dur_us = 2500000,
                                                  .bar_g = cases[i].bar_g,
                                                  .left_frac = 0.5});
        int64_t t_us = 14000000;
        for (int rep = 0; rep < 5; rep++) {
            struct plate_move mv = {.kind = PLATE_MOVE_REP,
                                    .t_us = t_us,
                                    .down_us = cases[i].down_ms * 1000,
                                    .pause_us = cases[i].pause_ms * 1000,
                                    .up_us = cases[i].up_ms * 1000,
                                    .depth_m = cases[i].depth_m};
            plate_model_move(&m, &mv);
            t_us = plate_model_busy_until(&m) + 300000;
        }
        static struct trace tr;
        trace_init(&tr, 1);
        int32_t min_g = INT32_MAX;
        bool held_after = false;
        while (m.t_us < t_us + 3000000) {
            struct plate_sample s;
            plate_model_sample(&m, &s, NULL);
            trace_push(&tr, &s);
            if (s.t_us > 14000000) {
                min_g = tr.rd.total_g < min_g ? tr.rd.total_g : min_g;
                if (!tr.rd.bar_held)
                    fail_msg("case %zu: the bar read as reracked at %lld us", i, (long long)s.t_us);
                held_after = true;
            }
        }
        assert_true(held_after);
        assert_int_equal(tr.n_events, 2); /* step on, unrack: nothing from the reps */
        assert_int_equal(tr.events[1].type, LOAD_EVENT_UNRACK);
        assert_near_g(tr.events[1].load_g, cases[i].bar_g, 500);
        if (cases[i].down_ms <= 1000) /* the fast ones swing well below body + 10 kg */
            assert_true(min_g < cases[i].body_g + cases[i].bar_g / 2);
    }
}

/* Faults: a side that stops answering, repeats one word or sits on a rail for a second is
 * a fault with a message that names it; good samples for half a second clear it. */
static void test_faults_and_recovery(void **state)
{
    (void)state;
    static const struct {
        enum load_fault kind;
        int32_t raw;
        bool ok;
        const char *says;
    } cases[] = {
        {LOAD_FAULT_NO_ANSWER, -1, false, "not answering"},
        {LOAD_FAULT_FROZEN, 0, true, "repeats one value"},
        {LOAD_FAULT_SATURATED, SATURATED_HI, true, "beyond full scale"},
        {LOAD_FAULT_SATURATED, SATURATED_LO, true, "beyond full scale"},
    };
    static const char *const side_name[] = {"left", "right"};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        for (int side = 0; side < PLATE_SIDES; side++) {
            static struct trace tr;
            trace_init(&tr, 5);
            hold(&tr, 40000, 40000, 2000000);
            assert_true(tr.rd.stable);
            int64_t from_us = tr.t_us;
            int32_t frozen = counts_for(side, 40000);
            int64_t fault_at = -1;
            for (; tr.t_us < from_us + 3000000; tr.t_us += PERIOD_US) {
                struct plate_sample s = {.t_us = tr.t_us,
                                         .raw = {counts_for(0, 40000 + noise_g(&tr.rng)),
                                                 counts_for(1, 40000 + noise_g(&tr.rng))},
                                         .ok_mask = BOTH_OK};
                s.raw[side] = cases[i].raw ? cases[i].raw : frozen;
                if (!cases[i].ok)
                    s.ok_mask &= (uint8_t) ~(1u << side);
                trace_push(&tr, &s);
                if (tr.rd.fault && fault_at < 0)
                    fault_at = tr.t_us;
            }
            int64_t limit =
                cases[i].kind == LOAD_FAULT_FROZEN ? LOAD_FROZEN_AFTER_US : LOAD_FAULT_AFTER_US;
            assert_true(fault_at >= from_us + limit - PERIOD_US);
            assert_true(fault_at <= from_us + limit + 2 * PERIOD_US);
            assert_true(tr.rd.fault);
            assert_false(tr.rd.stable);
            assert_int_equal(tr.rd.fault_kind, cases[i].kind);
            assert_int_equal(tr.rd.fault_side, side);
            assert_int_equal(tr.rd.side_g[side], 0);
            assert_non_null(strstr(tr.rd.fault_msg, "Plate offline"));
            assert_non_null(strstr(tr.rd.fault_msg, side_name[side]));
            assert_non_null(strstr(tr.rd.fault_msg, cases[i].says));
            int64_t back_us = tr.t_us;
            int64_t cleared_at = -1;
            while (tr.t_us < back_us + 2000000) {
                hold(&tr, 40000, 40000, tr.t_us + PERIOD_US);
                if (!tr.rd.fault && cleared_at < 0)
                    cleared_at = tr.t_us;
            }
            assert_true(cleared_at > back_us + LOAD_RECOVER_US - 2 * PERIOD_US);
            assert_true(cleared_at < back_us + LOAD_RECOVER_US + 4 * PERIOD_US);
            assert_true(tr.rd.stable);
            assert_near_g(tr.rd.total_g, 80000, 30);
            assert_string_equal(tr.rd.fault_msg, "");
        }
    }
}

/* The empty plate's zero follows a drift; a load beyond the band is not zeroed away. */
static void test_zero_tracking_and_tare(void **state)
{
    (void)state;
    static const struct {
        double off_g;     /* the plate's zero since calibration, each side */
        double drift_gps; /* per second */
        int32_t want_g;
    } cases[] = {
        {0, 0, 0}, {600, 0, 0}, {-700, 0, 0}, {300, 2, 0}, {2500, 0, 5000}, /* 5 kg: a load */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        static struct trace tr;
        trace_init(&tr, 9);
        for (; tr.t_us < 20000000; tr.t_us += PERIOD_US) {
            double g = cases[i].off_g + cases[i].drift_gps * tr.t_us / 1e6;
            struct plate_sample s = {
                .t_us = tr.t_us,
                .raw = {counts_for(0, g + noise_g(&tr.rng)), counts_for(1, g + noise_g(&tr.rng))},
                .ok_mask = BOTH_OK};
            trace_push(&tr, &s);
        }
        assert_true(tr.rd.stable);
        assert_near_g(tr.rd.total_g, cases[i].want_g, 40);
    }
    /* a tare zeroes what stands there now, and later readings count from it */
    static struct trace tr;
    trace_init(&tr, 4);
    hold(&tr, 2500, 2500, 2000000);
    assert_true(load_filter_tare(&tr.f));
    hold(&tr, 2500, 2500, 3000000);
    assert_near_g(tr.rd.total_g, 0, 20);
    hold(&tr, 42500, 42500, 6000000);
    assert_near_g(tr.rd.total_g, 80000, 30);
    /* not while moving */
    hold(&tr, 60000, 20000, tr.t_us + 100000);
    assert_false(tr.rd.stable);
    assert_false(load_filter_tare(&tr.f));
}

/* Ended stretches come out with their whole mean; a new clock or a gap starts over. */
static void test_stretches_gap_and_clock(void **state)
{
    (void)state;
    static struct trace tr;
    trace_init(&tr, 2);
    hold(&tr, 30000, 30000, 4000000);
    hold(&tr, 50000, 50000, 8000000);
    load_filter_finish(&tr.f);
    struct load_stretch st[4];
    int n = 0;
    while (n < 4 && load_filter_take_stretch(&tr.f, &st[n]))
        n++;
    assert_int_equal(n, 2);
    assert_near_g(st[0].total_g, 60000, 10);
    assert_near_g(st[1].total_g, 100000, 10);
    /* it ends where the step began (within the median's two words), not LOAD_TRIM_US early */
    assert_true(st[0].start_us <= 500000 && st[0].end_us <= 4000000 + 2 * PERIOD_US &&
                st[0].end_us >= 4000000 - 2 * PERIOD_US);
    assert_true(st[1].start_us >= 4000000 && st[1].end_us >= 8000000 - 2 * PERIOD_US);
    assert_true(st[1].stable_at_us - st[1].start_us <= 600000);

    /* a second without samples: not stable until a new window has filled */
    tr.t_us += 1000000;
    hold(&tr, 50000, 50000, tr.t_us + PERIOD_US);
    assert_false(tr.rd.stable);
    /* a clock that goes back: likewise */
    hold(&tr, 50000, 50000, tr.t_us + 1000000);
    assert_true(tr.rd.stable);
    tr.t_us = 0;
    hold(&tr, 50000, 50000, PERIOD_US);
    assert_false(tr.rd.stable);
}

static void test_round_down(void **state)
{
    (void)state;
    const struct rules r = default_rules(); /* bar 20 kg, 2.5 kg steps */
    static const struct {
        int32_t in_g, want_g;
    } cases[] = {
        {0, 20000},       {-5000, 20000},   {19999, 20000},   {20000, 20000},
        {22499, 20000},   {22500, 22500},   {22501, 22500},   {94500, 92500},
        {100000, 100000}, {102499, 100000}, {102500, 102500},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_int_equal(load_round_down(&r, cases[i].in_g), cases[i].want_g);

    struct rules fine = r;
    char err[PLATES_ERR_MAX];
    struct plate_set half_kg; /* a 15 kg bar and 0.5 kg plates: 1 kg increments */
    assert_int_equal(plates_parse(&half_kg, "kg", "15", "0.5x50", err), 0);
    rules_use_plates(&fine, &half_kg);
    assert_int_equal(load_round_down(&fine, 47999), 47000);
    assert_int_equal(load_round_down(&fine, 15999), 15000);
    assert_int_equal(load_round_down(&fine, 10000), 15000);
}

/* A measured bar reads as the rack makes it: 19.93 kg is the 20 kg bar. */
static void test_round_nearest(void **state)
{
    (void)state;
    const struct rules r = default_rules();
    static const struct {
        int32_t in_g, want_g;
    } cases[] = {
        {19930, 20000}, {20080, 20000}, {21249, 20000}, {21250, 22500},
        {61180, 60000}, {62600, 62500}, {18760, 20000}, {18740, 18700},
        {17000, 17000}, {5040, 5000},   {-40, 0},       {0, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (load_round_nearest(&r, cases[i].in_g) != cases[i].want_g)
            fail_msg("%d g rounds to %d g, not %d g", cases[i].in_g,
                     load_round_nearest(&r, cases[i].in_g), cases[i].want_g);
    /* a pound rack reads loads its plates make, not the bar + n x 2.5 kg (50 lb measured
     * read 50.5 lb); with micro-plates to the half pound */
    static const struct {
        const char *plates;
        double in_lb, want_lb;
    } lb[] = {
        {"45/35/25/10/5/2.5", 50, 50},
        {"45/35/25/10/5/2.5", 49.7, 50},
        {"45/35/25/10/5/2.5", 47.4, 45},
        {"45/35/25/10/5/2.5", 47.5, 50},
        {"45/35/25/10/5/2.5", 226.1, 225},
        {"45/35/25/10/5/2.5", 44.9, 45},
        {"45/35/25/10/5/2.5/1.25/0.5", 46.2, 46},
        {"45/35/25/10/5/2.5/1.25/0.5", 140.4, 140.5},
        {"45/35/25/10/5/2.5/1.25/0.5", 45.4, 45},
        {"45/35/25/10/5/2.5/1.25/0.5", 45.6, 46},
    };
    for (size_t i = 0; i < sizeof lb / sizeof lb[0]; i++) {
        struct rules p = default_rules();
        struct plate_set ps;
        char err[PLATES_ERR_MAX];
        assert_int_equal(plates_parse(&ps, "lb", "45", lb[i].plates, err), 0);
        rules_use_plates(&p, &ps);
        int32_t got = load_round_nearest(&p, plates_unit_to_g(RACK_LB, lb[i].in_lb));
        if (got != plates_unit_to_g(RACK_LB, lb[i].want_lb))
            fail_msg("%s: %.1f lb reads %d g, not %.1f lb", lb[i].plates, lb[i].in_lb, got,
                     lb[i].want_lb);
    }
}

static void test_event_names(void **state)
{
    (void)state;
    assert_string_equal(load_event_name(LOAD_EVENT_STEP_ON), "step_on");
    assert_string_equal(load_event_name(LOAD_EVENT_STEP_OFF), "step_off");
    assert_string_equal(load_event_name(LOAD_EVENT_UNRACK), "unrack");
    assert_string_equal(load_event_name(LOAD_EVENT_RERACK), "rerack");
    assert_string_equal(load_event_name(LOAD_EVENT_NONE), "");
    assert_string_equal(load_event_name((enum load_event)99), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calibration_math),
        cmocka_unit_test(test_empty_filter_reads_zero),
        cmocka_unit_test(test_step_on_and_off),
        cmocka_unit_test(test_single_glitch_changes_nothing),
        cmocka_unit_test(test_stability_band),
        cmocka_unit_test(test_stable_window_settings),
        cmocka_unit_test(test_rep_never_reracks),
        cmocka_unit_test(test_faults_and_recovery),
        cmocka_unit_test(test_zero_tracking_and_tare),
        cmocka_unit_test(test_stretches_gap_and_clock),
        cmocka_unit_test(test_round_down),
        cmocka_unit_test(test_round_nearest),
        cmocka_unit_test(test_event_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
