#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../app/core/load.h"

#define PERIOD_US    12500 /* 80 samples/s */
#define SATURATED_HI 0x7FFFFF
#define SATURATED_LO (-0x800000)
#define BOTH_OK      0x3

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

static int32_t counts_for(int side, int32_t grams)
{
    return cal.offset[side] + (int32_t)(grams / cal.g_per_count[side]);
}

static void push_g(struct load_filter *f, int64_t t_us, int32_t left_g, int32_t right_g,
                   uint8_t ok_mask)
{
    struct plate_sample s = {
        .t_us = t_us,
        .raw = {counts_for(PLATE_LEFT, left_g), counts_for(PLATE_RIGHT, right_g)},
        .ok_mask = ok_mask,
    };
    load_filter_push(f, &s);
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
}

static void test_stable_only_after_full_window(void **state)
{
    (void)state;
    const struct rules r = default_rules();
    struct load_filter f;
    load_filter_init(&f, &cal, &r);
    const int64_t t0 = 5000000;
    for (int64_t t = t0; t <= t0 + r.load_window_us + 2 * PERIOD_US; t += PERIOD_US) {
        push_g(&f, t, 40000, 40000, BOTH_OK);
        struct load_reading rd;
        load_filter_read(&f, &rd);
        assert_int_equal(rd.total_g, 80000);
        if (t - t0 < r.load_window_us)
            assert_false(rd.stable);
        else
            assert_true(rd.stable);
    }
}

static void test_spread_limit(void **state)
{
    (void)state;
    const struct rules r = default_rules();
    /* alternating samples: spread equals the step between them */
    const int32_t spreads_g[] = {0, r.load_stable_g - 2, r.load_stable_g, r.load_stable_g + 2,
                                 5000};
    for (size_t i = 0; i < sizeof(spreads_g) / sizeof(spreads_g[0]); i++) {
        struct load_filter f;
        load_filter_init(&f, &cal, &r);
        int k = 0;
        for (int64_t t = 0; t <= r.load_window_us; t += PERIOD_US, k++) {
            int32_t extra_g = (k % 2) ? spreads_g[i] : 0;
            push_g(&f, t, 40000 + extra_g / 2, 40000 + extra_g - extra_g / 2, BOTH_OK);
        }
        struct load_reading rd;
        load_filter_read(&f, &rd);
        assert_int_equal(rd.stable, spreads_g[i] <= r.load_stable_g);
        /* 41 samples, 20 of them high: the reading is their mean */
        int32_t mean_g = 80000 + (int32_t)((int64_t)spreads_g[i] * 20 / 41);
        assert_near_g(rd.total_g, mean_g, 2);
    }
}

/* A person steps on: the load climbs over 300 ms, then sways by +/-50 g. */
static int32_t stepping_on_g(int64_t t_us, int64_t on_us, int32_t body_g, int k)
{
    const int64_t climb_us = 300000;
    if (t_us < on_us)
        return 0;
    int32_t sway_g = (k % 2) ? 50 : -50;
    if (t_us < on_us + climb_us)
        return (int32_t)((int64_t)body_g * (t_us - on_us) / climb_us) + sway_g;
    return body_g + sway_g;
}

static void test_stepping_on(void **state)
{
    (void)state;
    const struct rules r = default_rules();
    struct load_filter f;
    load_filter_init(&f, &cal, &r);
    const int64_t on_us = 1000000;
    const int32_t body_g = 80000;
    bool was_stable_empty = false;
    int64_t stable_again_us = -1;
    struct load_reading rd = {0};
    int k = 0;
    for (int64_t t = 0; t <= 3000000; t += PERIOD_US, k++) {
        int32_t g = stepping_on_g(t, on_us, body_g, k);
        push_g(&f, t, g / 2, g - g / 2, BOTH_OK);
        load_filter_read(&f, &rd);
        if (t < on_us && rd.stable) {
            was_stable_empty = true;
            assert_near_g(rd.total_g, 0, 10);
        }
        if (t > on_us && t < on_us + 300000)
            assert_false(rd.stable);
        if (t > on_us && rd.stable && stable_again_us < 0)
            stable_again_us = t;
    }
    assert_true(was_stable_empty);
    /* stable again once a whole window lies after the climb */
    assert_int_equal(stable_again_us, on_us + 300000 + r.load_window_us);
    assert_true(rd.stable);
    assert_near_g(rd.total_g, body_g, 100);
}

static void test_left_right_split(void **state)
{
    (void)state;
    const struct rules r = default_rules();
    struct load_filter f;
    load_filter_init(&f, &cal, &r);
    for (int64_t t = 0; t <= r.load_window_us; t += PERIOD_US)
        push_g(&f, t, 56000, 24000, BOTH_OK);
    struct load_reading rd;
    load_filter_read(&f, &rd);
    assert_int_equal(rd.side_g[PLATE_LEFT], 56000);
    assert_int_equal(rd.side_g[PLATE_RIGHT], 24000);
    assert_int_equal(rd.total_g, 80000);
    assert_true(rd.stable);
}

static void test_dead_side_faults(void **state)
{
    (void)state;
    const struct rules r = default_rules();
    struct load_filter f;
    load_filter_init(&f, &cal, &r);
    struct load_reading rd;
    /* a working plate first, then the right DOUT dies */
    for (int64_t t = 0; t <= r.load_window_us; t += PERIOD_US)
        push_g(&f, t, 40000, 40000, BOTH_OK);
    int64_t dead_from = r.load_window_us + PERIOD_US;
    int64_t t;
    for (t = dead_from; t <= dead_from + 2 * r.load_window_us; t += PERIOD_US) {
        struct plate_sample s = {
            .t_us = t, .raw = {counts_for(PLATE_LEFT, 40000), -1}, .ok_mask = 1u << PLATE_LEFT};
        load_filter_push(&f, &s);
        load_filter_read(&f, &rd);
        if (t - dead_from < r.load_window_us) {
            /* some right samples still in the window: known, not a fault */
            assert_false(rd.fault);
            assert_int_equal(rd.side_g[PLATE_RIGHT], 40000);
        } else {
            assert_true(rd.fault);
            assert_false(rd.stable);
            assert_int_equal(rd.side_g[PLATE_RIGHT], 0);
            assert_int_equal(rd.side_g[PLATE_LEFT], 40000);
            assert_int_equal(rd.total_g, 40000);
        }
    }
    /* the side comes back: the fault clears with its first sample */
    push_g(&f, t, 40000, 40000, BOTH_OK);
    load_filter_read(&f, &rd);
    assert_false(rd.fault);
    assert_int_equal(rd.total_g, 80000);
}

static void test_intermittent_side_uses_known_samples(void **state)
{
    (void)state;
    const struct rules r = default_rules();
    struct load_filter f;
    load_filter_init(&f, &cal, &r);
    int k = 0;
    for (int64_t t = 0; t <= r.load_window_us; t += PERIOD_US, k++) {
        /* every third right sample is late; what it holds is garbage */
        struct plate_sample s = {
            .t_us = t,
            .raw = {counts_for(PLATE_LEFT, 30000), k % 3 ? counts_for(PLATE_RIGHT, 50000) : 12345},
            .ok_mask = k % 3 ? BOTH_OK : 1u << PLATE_LEFT};
        load_filter_push(&f, &s);
    }
    struct load_reading rd;
    load_filter_read(&f, &rd);
    assert_false(rd.fault);
    assert_true(rd.stable);
    assert_int_equal(rd.side_g[PLATE_RIGHT], 50000);
    assert_int_equal(rd.total_g, 80000);
}

static void test_saturated_codes_ignored(void **state)
{
    (void)state;
    const struct rules r = default_rules();
    /* saturation codes, and values no 24-bit converter can produce */
    const int32_t codes[] = {SATURATED_HI, SATURATED_LO, 0x1000000, INT32_MIN, INT32_MAX};
    for (size_t c = 0; c < sizeof(codes) / sizeof(codes[0]); c++) {
        struct load_filter f;
        load_filter_init(&f, &cal, &r);
        int k = 0;
        for (int64_t t = 0; t <= r.load_window_us; t += PERIOD_US, k++) {
            struct plate_sample s = {
                .t_us = t,
                .raw = {k % 4 == 1 ? codes[c] : counts_for(PLATE_LEFT, 40000),
                        k % 4 == 3 ? codes[c] : counts_for(PLATE_RIGHT, 40000)},
                .ok_mask = BOTH_OK, /* the bits say fine; the codes say otherwise */
            };
            load_filter_push(&f, &s);
        }
        struct load_reading rd;
        load_filter_read(&f, &rd);
        assert_int_equal(rd.total_g, 80000);
        assert_true(rd.stable);
        assert_false(rd.fault);

        /* saturated for a whole window: as dead as a missing side */
        for (int64_t t = r.load_window_us + PERIOD_US; t <= 3 * r.load_window_us; t += PERIOD_US) {
            struct plate_sample s = {
                .t_us = t, .raw = {codes[c], counts_for(PLATE_RIGHT, 40000)}, .ok_mask = BOTH_OK};
            load_filter_push(&f, &s);
        }
        load_filter_read(&f, &rd);
        assert_true(rd.fault);
        assert_false(rd.stable);
        assert_int_equal(rd.total_g, 40000);
    }
}

static void test_clock_going_back_restarts_window(void **state)
{
    (void)state;
    const struct rules r = default_rules();
    struct load_filter f;
    load_filter_init(&f, &cal, &r);
    for (int64_t t = 10000000; t <= 10000000 + r.load_window_us; t += PERIOD_US)
        push_g(&f, t, 40000, 40000, BOTH_OK);
    struct load_reading rd;
    load_filter_read(&f, &rd);
    assert_true(rd.stable);
    push_g(&f, 0, 10000, 10000, BOTH_OK);
    load_filter_read(&f, &rd);
    assert_false(rd.stable);
    assert_int_equal(rd.total_g, 20000);
}

static void test_gap_in_samples(void **state)
{
    (void)state;
    const struct rules r = default_rules();
    struct load_filter f;
    load_filter_init(&f, &cal, &r);
    for (int64_t t = 0; t <= r.load_window_us; t += PERIOD_US)
        push_g(&f, t, 10000, 10000, BOTH_OK);
    /* a second without samples: only the new sample is in the window */
    push_g(&f, r.load_window_us + 1000000, 40000, 40000, BOTH_OK);
    struct load_reading rd;
    load_filter_read(&f, &rd);
    assert_int_equal(rd.total_g, 80000);
    assert_false(rd.stable);
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
    fine.smallest_step_g = 1000;
    fine.empty_bar_g = 15000;
    assert_int_equal(load_round_down(&fine, 47999), 47000);
    assert_int_equal(load_round_down(&fine, 15999), 15000);
    assert_int_equal(load_round_down(&fine, 10000), 15000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calibration_math),
        cmocka_unit_test(test_empty_filter_reads_zero),
        cmocka_unit_test(test_stable_only_after_full_window),
        cmocka_unit_test(test_spread_limit),
        cmocka_unit_test(test_stepping_on),
        cmocka_unit_test(test_left_right_split),
        cmocka_unit_test(test_dead_side_faults),
        cmocka_unit_test(test_intermittent_side_uses_known_samples),
        cmocka_unit_test(test_saturated_codes_ignored),
        cmocka_unit_test(test_clock_going_back_restarts_window),
        cmocka_unit_test(test_gap_in_samples),
        cmocka_unit_test(test_round_down),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
