/*
 * Rep detector fed end to end: the simulated bar unit's frames go through the kiosk's
 * bar link into the detector, as in the kiosk.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/barlink.h"
#include "../../app/core/rep.h"
#include "../../app/dev/bar_sim.h"

#define T0_US        1000000
#define SETTLE_US    2000000 /* bar held still before the first rep */
#define POLL_US      10000   /* USB poll */
#define USB_DELAY_US 800
#define DEPTH_MM     450
#define MAX_REPS     16
#define REST_US      1500000 /* still between queued reps */

struct run {
    struct rep_detector det;
    int n_reps;
    struct rep_result reps[MAX_REPS];
    float max_still_speed_mps; /* largest |velocity| seen while no rep was under way */
    int phases_seen;           /* bit per enum rep_phase */
};

static void on_sample(void *ctx, const struct imu_sample *s)
{
    struct run *r = ctx;
    struct rep_result res;
    if (rep_detector_push(&r->det, s, &res)) {
        assert_true(r->n_reps < MAX_REPS);
        r->reps[r->n_reps++] = res;
    }
    r->phases_seen |= 1 << rep_detector_phase(&r->det);
}

static struct run *run_new(void)
{
    struct run *r = calloc(1, sizeof *r);
    assert_non_null(r);
    struct rules rules;
    rules_default(&rules);
    rep_detector_init(&r->det, &rules);
    return r;
}

/* Streams the simulator into the detector from T0 until until_us. */
static void stream(struct run *r, struct bar_sim *sim, int64_t until_us)
{
    struct barlink link;
    barlink_init(&link);
    static uint8_t buf[64 * 1024];
    for (int64_t t = T0_US + POLL_US; t <= until_us; t += POLL_US) {
        int n = bar_read(bar_sim_port(sim), t, buf, sizeof buf);
        assert_true(n >= 0);
        barlink_feed(&link, buf, (size_t)n, t + USB_DELAY_US, on_sample, r);
        if (!bar_sim_busy(sim, t)) {
            float v = fabsf(rep_detector_velocity_mps(&r->det));
            if (v > r->max_still_speed_mps)
                r->max_still_speed_mps = v;
        }
    }
    assert_int_equal(link.stats.crc_errors, 0);
    assert_int_equal(link.stats.frames_lost, 0);
}

/* Queues reps with a rest between them; returns when the last should be over. */
static int64_t queue_reps(struct bar_sim *sim, const enum bar_sim_rep *styles, int n,
                          const int tempo[4])
{
    int64_t t = T0_US + SETTLE_US;
    for (int i = 0; i < n; i++) {
        bar_sim_rep(sim, styles[i], tempo, DEPTH_MM, t);
        int len = 0;
        for (int p = 0; p < 4; p++)
            len += tempo[p];
        t += (int64_t)len * 1000 + REST_US;
    }
    return t;
}

static void print_rep(const struct rep_result *p)
{
    print_message("rep %d: ecc %d bottom %d conc %d top %d ms, rom %d mm, mean %d peak %d mm/s, "
                  "horiz %d mg, gyro %d dps, rushed %d momentum %d\n",
                  p->index, p->ecc_ms, p->bottom_ms, p->conc_ms, p->top_ms, p->rom_mm,
                  p->mean_conc_mmps, p->peak_conc_mmps, p->peak_horiz_mg, p->peak_gyro_dps,
                  p->rushed, p->momentum);
}

static const int tempo_3120[4] = {3000, 1000, 2000, 0};

static struct run *run_styles(uint32_t seed, const enum bar_sim_rep *styles, int n)
{
    struct run *r = run_new();
    struct bar_sim *sim = bar_sim_new(seed, T0_US);
    int64_t end = queue_reps(sim, styles, n, tempo_3120);
    stream(r, sim, end + 500000);
    bar_close(bar_sim_port(sim));
    for (int i = 0; i < r->n_reps; i++)
        print_rep(&r->reps[i]);
    return r;
}

static void assert_within_pct(int32_t got, double want, double pct)
{
    print_message("  %d vs %.0f (+-%.0f %%)\n", got, want, pct);
    assert_true(fabs(got - want) <= want * pct / 100.0);
}

static void test_clean_rep_measured(void **state)
{
    (void)state;
    const enum bar_sim_rep styles[] = {BAR_SIM_REP_CLEAN};
    struct run *r = run_styles(1, styles, 1);
    assert_int_equal(r->n_reps, 1);
    const struct rep_result *p = &r->reps[0];
    assert_int_equal(p->index, 1);
    assert_within_pct(p->ecc_ms, 3000, 15);
    assert_within_pct(p->conc_ms, 2000, 15);
    assert_within_pct(p->bottom_ms, 1000, 25);
    assert_within_pct(p->rom_mm, DEPTH_MM, 10);
    /* Cosine profile: mean speed = depth / duration. */
    assert_within_pct(p->mean_conc_mmps, DEPTH_MM * 1000.0 / 2000.0, 15);
    /* Peak of a half cosine: pi/2 times the mean. */
    assert_within_pct(p->peak_conc_mmps, M_PI / 2 * DEPTH_MM * 1000.0 / 2000.0, 15);
    assert_false(p->rushed);
    assert_false(p->momentum);
    assert_true(p->top_ms >= 0 && p->top_ms < 1000);
    assert_true(p->t_end_us > p->t_start_us);
    /* Start: after settling; the rep lasts about 3 + 1 + 2 s. */
    assert_within_pct((int32_t)((p->t_start_us - T0_US - SETTLE_US) / 1000), 0 + 50, 200);
    /* Trace: goes down, then up, zero-ish at the ends. */
    int16_t lo = 0, hi = 0;
    int lo_at = 0, hi_at = 0;
    for (int k = 0; k < REP_TRACE_POINTS; k++) {
        if (p->trace_mmps[k] < lo) {
            lo = p->trace_mmps[k];
            lo_at = k;
        }
        if (p->trace_mmps[k] > hi) {
            hi = p->trace_mmps[k];
            hi_at = k;
        }
    }
    assert_true(lo_at < hi_at);
    assert_within_pct(-lo, M_PI / 2 * DEPTH_MM * 1000.0 / 3000.0, 15);
    assert_within_pct(hi, M_PI / 2 * DEPTH_MM * 1000.0 / 2000.0, 15);
    assert_true(abs(p->trace_mmps[0]) < 40 && abs(p->trace_mmps[REP_TRACE_POINTS - 1]) < 40);
    int all_phases = (1 << REP_PHASE_TOP) | (1 << REP_PHASE_ECCENTRIC) | (1 << REP_PHASE_BOTTOM) |
                     (1 << REP_PHASE_CONCENTRIC);
    assert_int_equal(r->phases_seen, all_phases);
    assert_int_equal(rep_detector_phase(&r->det), REP_PHASE_TOP);
    free(r);
}

static void test_rushed_rep_flagged(void **state)
{
    (void)state;
    const enum bar_sim_rep styles[] = {BAR_SIM_REP_RUSHED};
    struct run *r = run_styles(2, styles, 1);
    assert_int_equal(r->n_reps, 1);
    const struct rep_result *p = &r->reps[0];
    assert_true(p->rushed);
    assert_within_pct(p->ecc_ms, 3000 * 0.4, 15);
    assert_true(p->bottom_ms < 100);
    assert_within_pct(p->rom_mm, DEPTH_MM, 10);
    free(r);
}

static void test_swing_rep_flagged(void **state)
{
    (void)state;
    const enum bar_sim_rep styles[] = {BAR_SIM_REP_SWING};
    struct run *r = run_styles(3, styles, 1);
    assert_int_equal(r->n_reps, 1);
    const struct rep_result *p = &r->reps[0];
    assert_true(p->momentum);
    assert_false(p->rushed);
    assert_true(p->peak_horiz_mg > 350);
    assert_true(p->peak_gyro_dps > 60);
    /* The swing is sideways: the vertical measurement holds. */
    assert_within_pct(p->rom_mm, DEPTH_MM, 10);
    free(r);
}

static void test_five_reps_counted(void **state)
{
    (void)state;
    const enum bar_sim_rep styles[] = {BAR_SIM_REP_CLEAN, BAR_SIM_REP_CLEAN, BAR_SIM_REP_RUSHED,
                                       BAR_SIM_REP_CLEAN, BAR_SIM_REP_SWING};
    struct run *r = run_styles(4, styles, 5);
    assert_int_equal(r->n_reps, 5);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(r->reps[i].index, i + 1);
        assert_within_pct(r->reps[i].rom_mm, DEPTH_MM, 10);
        assert_int_equal(r->reps[i].rushed, styles[i] == BAR_SIM_REP_RUSHED);
        if (i > 0)
            assert_true(r->reps[i].t_start_us > r->reps[i - 1].t_end_us);
    }
    assert_false(r->reps[0].momentum);
    assert_true(r->reps[4].momentum);
    assert_true(r->max_still_speed_mps < 0.02f);
    free(r);
}

static void test_still_bar_no_reps_no_drift(void **state)
{
    (void)state;
    struct run *r = run_new();
    struct bar_sim *sim = bar_sim_new(5, T0_US);
    stream(r, sim, T0_US + 60000000);
    bar_close(bar_sim_port(sim));
    assert_int_equal(r->n_reps, 0);
    print_message("max |v| while still: %.4f m/s\n", r->max_still_speed_mps);
    assert_true(r->max_still_speed_mps < 0.01f);
    assert_int_equal(rep_detector_phase(&r->det), REP_PHASE_TOP);
    free(r);
}

static void test_shallow_movement_is_not_a_rep(void **state)
{
    (void)state;
    struct run *r = run_new();
    struct bar_sim *sim = bar_sim_new(6, T0_US);
    const int quick[4] = {800, 200, 800, 0};
    bar_sim_rep(sim, BAR_SIM_REP_CLEAN, quick, 60, T0_US + SETTLE_US); /* 6 cm dip */
    stream(r, sim, T0_US + SETTLE_US + 4000000);
    bar_close(bar_sim_port(sim));
    assert_int_equal(r->n_reps, 0);
    assert_int_equal(rep_detector_phase(&r->det), REP_PHASE_TOP);
    free(r);
}

static void test_reset_forgets_count(void **state)
{
    (void)state;
    const enum bar_sim_rep styles[] = {BAR_SIM_REP_CLEAN, BAR_SIM_REP_CLEAN};
    struct run *r = run_styles(7, styles, 2);
    assert_int_equal(r->n_reps, 2);
    assert_int_equal(r->reps[1].index, 2);
    rep_detector_reset(&r->det);
    assert_int_equal(r->det.reps_done, 0);
    assert_int_equal(rep_detector_phase(&r->det), REP_PHASE_TOP);
    assert_float_equal(rep_detector_velocity_mps(&r->det), 0, 1e-9);
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_rep_measured),
        cmocka_unit_test(test_rushed_rep_flagged),
        cmocka_unit_test(test_swing_rep_flagged),
        cmocka_unit_test(test_five_reps_counted),
        cmocka_unit_test(test_still_bar_no_reps_no_drift),
        cmocka_unit_test(test_shallow_movement_is_not_a_rep),
        cmocka_unit_test(test_reset_forgets_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
