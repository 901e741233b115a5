#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/dev/lights.h"
#include "../../app/dev/plate_sim.h"

#define SAMPLE_US   12500 /* 80 samples/s */
#define POLL_US     10000
#define POLL_MAX    4 /* small, so some polls leave a remainder */
#define BODY_G      80000
#define BAR_G       60000
#define TOLERANCE_G 200

static void assert_near_g(int32_t got_g, int32_t want_g, int32_t tol_g)
{
    if (got_g < want_g - tol_g || got_g > want_g + tol_g)
        fail_msg("%d g is not within %d g of %d g", got_g, tol_g, want_g);
}

static const struct load_calibration cal = {
    .offset = {8000, -12000},
    .g_per_count = {0.05, 0.04},
};

struct rig {
    struct plate_sim *sim;
    struct load_filter filter;
    struct load_reading reading;
    int64_t t_us;
    int64_t last_sample_us;
    int n_samples;
    uint8_t ok_seen; /* OR of ok masks */
    uint8_t ok_all;  /* AND of ok masks */
};

static struct rig *rig_new(uint32_t seed)
{
    static struct rig rig;
    memset(&rig, 0, sizeof(rig));
    struct rules r;
    rules_default(&r);
    rig.sim = plate_sim_new(&cal, seed);
    assert_non_null(rig.sim);
    load_filter_init(&rig.filter, &cal, &r);
    rig.last_sample_us = -1;
    rig.ok_all = 0xFF;
    return &rig;
}

static void rig_free(struct rig *rig)
{
    plate_close(plate_sim_port(rig->sim));
}

/* Polls the simulator every POLL_US up to until_us, feeding the load filter. */
static void run_until(struct rig *rig, int64_t until_us)
{
    for (; rig->t_us <= until_us; rig->t_us += POLL_US) {
        struct plate_sample s[POLL_MAX];
        int n = plate_poll(plate_sim_port(rig->sim), rig->t_us, s, POLL_MAX);
        assert_in_range(n, 0, POLL_MAX);
        for (int i = 0; i < n; i++) {
            assert_true(s[i].t_us <= rig->t_us);
            if (rig->last_sample_us >= 0)
                assert_int_equal(s[i].t_us - rig->last_sample_us, SAMPLE_US);
            rig->last_sample_us = s[i].t_us;
            rig->n_samples++;
            rig->ok_seen |= s[i].ok_mask;
            rig->ok_all &= s[i].ok_mask;
            load_filter_push(&rig->filter, &s[i]);
        }
    }
    load_filter_read(&rig->filter, &rig->reading);
}

static void test_empty_plate_reads_zero(void **state)
{
    (void)state;
    struct rig *rig = rig_new(1);
    run_until(rig, 3000000); /* the zero off since calibration is tracked after a second */
    assert_true(rig->reading.stable);
    assert_false(rig->reading.fault);
    assert_near_g(rig->reading.total_g, 0, 50);
    assert_int_equal(rig->ok_all, 0x3);
    rig_free(rig);
}

static void test_rate_is_80_per_second(void **state)
{
    (void)state;
    struct rig *rig = rig_new(2);
    run_until(rig, 2000000 - 1); /* samples at 0, 12.5 ms, ... 1987.5 ms */
    assert_int_equal(rig->n_samples, 160);
    rig_free(rig);
}

static void test_poll_keeps_the_remainder(void **state)
{
    (void)state;
    struct plate_sim *sim = plate_sim_new(&cal, 3);
    struct plate *port = plate_sim_port(sim);
    struct plate_sample s[100];
    assert_int_equal(plate_poll(port, 0, s, 100), 1);
    assert_int_equal(s[0].t_us, 0);
    /* a second of samples is due; take 30, then the other 50 */
    assert_int_equal(plate_poll(port, 1000000, s, 30), 30);
    assert_int_equal(s[0].t_us, SAMPLE_US);
    assert_int_equal(s[29].t_us, 30 * SAMPLE_US);
    assert_int_equal(plate_poll(port, 1000000, s, 100), 50);
    assert_int_equal(s[0].t_us, 31 * SAMPLE_US);
    assert_int_equal(s[49].t_us, 1000000);
    assert_int_equal(plate_poll(port, 1000000, s, 100), 0);
    plate_close(port);
}

/* A reader that stalls loses the old samples, as a full ring would, not the new ones. */
static void test_long_stall_drops_old_samples(void **state)
{
    (void)state;
    struct plate_sim *sim = plate_sim_new(&cal, 3);
    struct plate *port = plate_sim_port(sim);
    static struct plate_sample s[1000];
    assert_int_equal(plate_poll(port, 0, s, 1000), 1);
    plate_sim_set_person(sim, BODY_G, 1000000);
    int n = plate_poll(port, 10000000, s, 1000);
    assert_in_range(n, 2 * 80, 2 * 80 + 1);
    assert_int_equal(s[n - 1].t_us, 10000000);
    assert_true(s[0].t_us >= 8000000);
    for (int i = 1; i < n; i++)
        assert_int_equal(s[i].t_us - s[i - 1].t_us, SAMPLE_US);
    /* the person who stepped on during the stall is there */
    struct rules r;
    rules_default(&r);
    struct load_filter f;
    load_filter_init(&f, &cal, &r);
    for (int i = 0; i < n; i++)
        load_filter_push(&f, &s[i]);
    struct load_reading rd;
    load_filter_read(&f, &rd);
    assert_true(rd.stable);
    assert_near_g(rd.total_g, BODY_G, 1000); /* the zero is off: nothing empty to track */
    plate_close(port);
}

/* Stepping on takes a moment and rings; then the filter reads the person, stepping off
 * reads zero again, each with its event. */
static void test_person_reads_body_weight(void **state)
{
    (void)state;
    struct rig *rig = rig_new(4);
    run_until(rig, 3000000);
    plate_sim_set_person(rig->sim, BODY_G, 3000000);
    assert_int_equal(plate_sim_person_g(rig->sim), BODY_G);
    run_until(rig, 3600000);
    assert_false(rig->reading.stable);
    run_until(rig, 7000000);
    assert_true(rig->reading.stable);
    assert_false(rig->reading.fault);
    assert_near_g(rig->reading.total_g, BODY_G, TOLERANCE_G);
    assert_near_g(rig->reading.side_g[PLATE_LEFT], BODY_G / 2, 3000); /* sway moves it */
    assert_int_equal(rig->reading.state, LOAD_PERSON);

    plate_sim_set_person(rig->sim, 0, 7000000);
    run_until(rig, 10000000);
    assert_true(rig->reading.stable);
    assert_near_g(rig->reading.total_g, 0, TOLERANCE_G);
    assert_int_equal(rig->reading.state, LOAD_EMPTY);
    rig_free(rig);
}

/* A person standing still is not a still weight: the raw total wobbles by more than the
 * converter's noise, and glitches come through to the filter, which reads through both. */
static void test_signal_is_a_person(void **state)
{
    (void)state;
    struct plate_sim *sim = plate_sim_new(&cal, 5);
    struct plate *port = plate_sim_port(sim);
    static struct plate_sample s[80 * 62];
    assert_int_equal(plate_poll(port, 0, s, 1), 1);
    plate_sim_set_person(sim, BODY_G, 0);
    int n = 0;
    for (int64_t t = 1000000; t <= 62000000; t += 1000000)
        n += plate_poll(port, t, s + n, 80);
    int glitches = 0;
    double lo = 1e12, hi = -1e12;
    for (int i = 240; i < n; i++) {
        double g = (s[i].raw[0] - cal.offset[0]) * cal.g_per_count[0] +
                   (s[i].raw[1] - cal.offset[1]) * cal.g_per_count[1];
        double prev = (s[i - 1].raw[0] - cal.offset[0]) * cal.g_per_count[0] +
                      (s[i - 1].raw[1] - cal.offset[1]) * cal.g_per_count[1];
        if (fabs(g - prev) > 5000)
            glitches++;
        else {
            lo = g < lo ? g : lo;
            hi = g > hi ? g : hi;
        }
    }
    assert_true(glitches > 0);
    assert_true(hi - lo > 300); /* sway and heartbeat, not only a few grams of noise */
    struct rules r;
    rules_default(&r);
    static struct load_filter f;
    load_filter_init(&f, &cal, &r);
    int unstable = 0;
    for (int i = 0; i < n; i++) {
        load_filter_push(&f, &s[i]);
        struct load_reading rd;
        load_filter_read(&f, &rd);
        unstable += s[i].t_us > 5000000 && !rd.stable;
    }
    assert_true(unstable < n / 20);
    plate_close(port);
}

/* The bar comes off the hooks with a walkout and goes back; reps swing the total by the
 * dynamic force, and the filter keeps the bar held through them. */
static void test_bar_and_reps(void **state)
{
    (void)state;
    struct rig *rig = rig_new(6);
    plate_sim_set_person(rig->sim, BODY_G, 2000000);
    run_until(rig, 5000000);
    assert_true(rig->reading.stable);
    int32_t body_g = rig->reading.total_g;

    plate_sim_set_bar(rig->sim, 20000, 5000000);
    assert_int_equal(plate_sim_bar_g(rig->sim), 20000);
    run_until(rig, 5800000);
    assert_false(rig->reading.stable);
    run_until(rig, 10000000);
    assert_true(rig->reading.stable);
    assert_true(rig->reading.bar_held);
    assert_near_g(rig->reading.total_g - body_g, 20000, TOLERANCE_G);

    int32_t min_g = INT32_MAX;
    for (int rep = 0; rep < 3; rep++) {
        plate_sim_rep(rig->sim, 900, 0, 700, rig->t_us);
        int64_t until = rig->t_us + 2500000;
        while (rig->t_us < until) {
            run_until(rig, rig->t_us + POLL_US);
            min_g = rig->reading.total_g < min_g ? rig->reading.total_g : min_g;
            assert_true(rig->reading.bar_held);
        }
    }
    assert_true(min_g < body_g); /* the swing dipped below the lifter alone */

    plate_sim_set_bar(rig->sim, 0, rig->t_us);
    run_until(rig, rig->t_us + 5000000);
    assert_false(rig->reading.bar_held);
    assert_near_g(rig->reading.total_g, BODY_G, TOLERANCE_G);
    rig_free(rig);
}

static void test_left_pct_splits_the_load(void **state)
{
    (void)state;
    struct rig *rig = rig_new(7);
    plate_sim_set_left_pct(rig->sim, 70, 0);
    plate_sim_set_person(rig->sim, BODY_G, 3000000); /* after the empty plate's zero */
    assert_int_equal(plate_sim_left_pct(rig->sim), 70);
    run_until(rig, 6000000);
    assert_true(rig->reading.stable);
    assert_near_g(rig->reading.total_g, BODY_G, TOLERANCE_G);
    assert_near_g(rig->reading.side_g[PLATE_LEFT], BODY_G * 70 / 100, 3000);

    /* shifting back to even moves weight across, the total stays */
    plate_sim_set_left_pct(rig->sim, 50, 6000000);
    run_until(rig, 10000000);
    assert_near_g(rig->reading.side_g[PLATE_LEFT], BODY_G / 2, 3000);
    assert_near_g(rig->reading.total_g, BODY_G, TOLERANCE_G);
    rig_free(rig);
}

static void test_dead_side_faults(void **state)
{
    (void)state;
    struct rig *rig = rig_new(8);
    plate_sim_set_person(rig->sim, BODY_G, 2500000);
    run_until(rig, 4000000);
    assert_false(rig->reading.fault);

    plate_sim_set_dead(rig->sim, PLATE_RIGHT, true);
    rig->ok_seen = 0;
    rig->ok_all = 0xFF;
    run_until(rig, 6000000);
    assert_int_equal(rig->ok_seen, 1u << PLATE_LEFT); /* the right never answered */
    assert_true(rig->reading.fault);
    assert_false(rig->reading.stable);
    assert_int_equal(rig->reading.side_g[PLATE_RIGHT], 0);
    assert_non_null(strstr(rig->reading.fault_msg, "right"));

    plate_sim_set_dead(rig->sim, PLATE_RIGHT, false);
    run_until(rig, 8000000);
    assert_false(rig->reading.fault);
    assert_true(rig->reading.stable);
    assert_near_g(rig->reading.total_g, BODY_G, TOLERANCE_G);
    rig_free(rig);
}

static void test_deterministic(void **state)
{
    (void)state;
    enum { N = 241 }; /* 3 s */
    static struct plate_sample a[N], b[N], c[N];
    struct plate_sim *sims[3] = {plate_sim_new(&cal, 42), plate_sim_new(&cal, 42),
                                 plate_sim_new(&cal, 43)};
    struct plate_sample *out[3] = {a, b, c};
    for (int k = 0; k < 3; k++) {
        plate_sim_set_person(sims[k], BODY_G, 0);
        assert_int_equal(plate_poll(plate_sim_port(sims[k]), 0, out[k], 1), 1);
        for (int sec = 1; sec <= 3; sec++)
            assert_int_equal(
                plate_poll(plate_sim_port(sims[k]), sec * 1000000, out[k] + 1 + (sec - 1) * 80, 80),
                80);
        plate_close(plate_sim_port(sims[k]));
    }
    assert_memory_equal(a, b, sizeof(a));
    assert_memory_not_equal(a, c, sizeof(a));
}

/* The stack-light simulator only records what lights_set() asked for. */
static void test_lights_sim_records(void **state)
{
    (void)state;
    struct lights *l = lights_sim_new();
    assert_non_null(l);
    assert_int_equal(l->light, LIGHT_OFF);
    assert_false(l->buzzer);
    lights_set(l, LIGHT_RED, true);
    assert_int_equal(l->light, LIGHT_RED);
    assert_true(l->buzzer);
    lights_set(l, LIGHT_GREEN, false);
    assert_int_equal(l->light, LIGHT_GREEN);
    assert_false(l->buzzer);
    lights_close(l);
    lights_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_plate_reads_zero),
        cmocka_unit_test(test_rate_is_80_per_second),
        cmocka_unit_test(test_poll_keeps_the_remainder),
        cmocka_unit_test(test_long_stall_drops_old_samples),
        cmocka_unit_test(test_person_reads_body_weight),
        cmocka_unit_test(test_signal_is_a_person),
        cmocka_unit_test(test_bar_and_reps),
        cmocka_unit_test(test_left_pct_splits_the_load),
        cmocka_unit_test(test_dead_side_faults),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_lights_sim_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
