/* Simulated bar unit: timing, connection, garbage and determinism of its byte stream. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/dev/bar_sim.h"
#include "../../firmware/proto/barproto.h"

#define T0_US 2000000
#define SPF   ((int)BARPROTO_SAMPLES) /* samples per frame, 1 ms apart */

static uint8_t buf_a[256 * 1024], buf_b[256 * 1024];

static void test_frames_only_when_complete(void **state)
{
    (void)state;
    struct bar_sim *sim = bar_sim_new(1, T0_US);
    struct bar *b = bar_sim_port(sim);
    assert_true(bar_connected(b));
    assert_string_equal(b->name, "simulated bar unit");
    /* Samples at T0, T0+1 ms, ...: the first frame is complete at T0 + SPF - 1 ms. */
    assert_int_equal(bar_read(b, T0_US + (SPF - 2) * 1000, buf_a, sizeof buf_a), 0);
    assert_int_equal(bar_read(b, T0_US + (SPF - 1) * 1000, buf_a, sizeof buf_a),
                     BARPROTO_FRAME_SIZE);
    struct barproto_frame f;
    assert_int_equal(barproto_decode(buf_a, BARPROTO_FRAME_SIZE, &f), BARPROTO_OK);
    assert_int_equal(f.seq, 0);
    assert_int_equal(f.count, BARPROTO_SAMPLES);
    assert_int_equal(f.period_us, 1000);
    assert_int_equal(f.accel_fs_g, 16);
    assert_int_equal(f.gyro_fs_dps, 2000);
    /* The MCU clock is not the kiosk clock. */
    assert_true(f.t_us != (uint64_t)T0_US);
    /* At rest: 1 g (2048 counts at 16 g), pointing wherever the clamp's roll puts it. */
    for (unsigned i = 0; i < f.count; i++) {
        const int16_t *a = f.samples[i].accel;
        double g = sqrt((double)a[0] * a[0] + (double)a[1] * a[1] + (double)a[2] * a[2]);
        assert_true(fabs(g - 2048) < 60);
    }
    int n = bar_read(b, T0_US + (6 * SPF - 1) * 1000, buf_a, sizeof buf_a);
    assert_int_equal(n, 5 * BARPROTO_FRAME_SIZE);
    for (int k = 0; k < 5; k++) {
        struct barproto_frame g;
        assert_int_equal(barproto_decode(buf_a + k * BARPROTO_FRAME_SIZE, BARPROTO_FRAME_SIZE, &g),
                         BARPROTO_OK);
        assert_int_equal(g.seq, k + 1);
        assert_true(g.t_us == f.t_us + 1000u * SPF * (uint64_t)(k + 1));
    }
    bar_close(b);
}

static void test_small_reads_get_everything(void **state)
{
    (void)state;
    struct bar_sim *sim = bar_sim_new(2, T0_US);
    struct bar *b = bar_sim_port(sim);
    size_t got = 0;
    /* 10 bytes at a time at the same instant drains what is ready, nothing more. */
    for (;;) {
        int n = bar_read(b, T0_US + (5 * SPF - 1) * 1000, buf_a + got, 10);
        assert_true(n >= 0 && n <= 10);
        if (n == 0)
            break;
        got += (size_t)n;
    }
    assert_int_equal(got, 5 * BARPROTO_FRAME_SIZE);
    bar_close(b);
}

static void test_deterministic_per_seed(void **state)
{
    (void)state;
    const int tempo[4] = {1000, 200, 800, 0};
    size_t len[3];
    uint8_t *bufs[2] = {buf_a, buf_b};
    for (int k = 0; k < 3; k++) {
        struct bar_sim *sim = bar_sim_new(k < 2 ? 42 : 43, T0_US);
        bar_sim_rep(sim, BAR_SIM_REP_CLEAN, tempo, 400, T0_US + 100000);
        struct bar *b = bar_sim_port(sim);
        uint8_t *out = bufs[k < 2 ? k : 1];
        len[k] = 0;
        for (int64_t t = T0_US; t < T0_US + 2500000; t += 10000)
            len[k] += (size_t)bar_read(b, t, out + len[k], sizeof buf_a - len[k]);
        bar_close(b);
        if (k == 1) {
            assert_int_equal(len[0], len[1]);
            assert_memory_equal(buf_a, buf_b, len[0]);
        }
    }
    assert_int_equal(len[2], len[0]);
    assert_memory_not_equal(buf_a, buf_b, len[0]);
}

static void test_busy_follows_queue(void **state)
{
    (void)state;
    struct bar_sim *sim = bar_sim_new(3, T0_US);
    const int tempo[4] = {1000, 500, 1000, 500};
    assert_false(bar_sim_busy(sim, T0_US));
    bar_sim_rep(sim, BAR_SIM_REP_CLEAN, tempo, 400, T0_US + 1000000);
    bar_sim_rep(sim, BAR_SIM_REP_CLEAN, tempo, 400, T0_US); /* queued: starts after the first */
    assert_true(bar_sim_busy(sim, T0_US));
    assert_true(bar_sim_busy(sim, T0_US + 1000000 + 2 * 3000000 - 1));
    assert_false(bar_sim_busy(sim, T0_US + 1000000 + 2 * 3000000));
    bar_sim_rep(sim, BAR_SIM_REP_RUSHED, tempo, 400, T0_US + 9000000);
    /* Rushed: eccentric at 40 %, no bottom pause. */
    assert_true(bar_sim_busy(sim, T0_US + 9000000 + 400000 + 1500000 - 1));
    assert_false(bar_sim_busy(sim, T0_US + 9000000 + 400000 + 1500000));
    bar_close(bar_sim_port(sim));
}

/* Counts to g / deg/s at the simulator's full scales. */
static double accel_g(int16_t raw)
{
    return raw * 16.0 / 32768.0;
}

static double gyro_dps(int16_t raw)
{
    return raw * 2000.0 / 32768.0;
}

/*
 * A rep moves the bar along gravity, whatever way the unit is clamped on the sleeve;
 * only a swinging rep also moves it sideways hard and turns it fast.
 */
static void test_rep_moves_along_gravity_unless_swinging(void **state)
{
    (void)state;
    const int tempo[4] = {1000, 0, 1000, 0};
    for (int style = BAR_SIM_REP_CLEAN; style <= BAR_SIM_REP_SWING; style += 2) {
        struct bar_sim *sim = bar_sim_new(4, T0_US);
        bar_sim_rep(sim, (enum bar_sim_rep)style, tempo, 500, T0_US + 200000);
        struct bar *b = bar_sim_port(sim);
        /* A slow reader gets the backlog over several reads, in order. */
        size_t len = 0;
        int n;
        while ((n = bar_read(b, T0_US + 2399000, buf_a + len, sizeof buf_a - len)) > 0)
            len += (size_t)n;
        assert_true(len >= (2200 / SPF) * BARPROTO_FRAME_SIZE && len % BARPROTO_FRAME_SIZE == 0);
        double up[3] = {0, 0, 0}, along_min = 10, along_max = -10, horiz_peak = 0, gyro_peak = 0;
        for (size_t k = 0; k < len / BARPROTO_FRAME_SIZE; k++) {
            struct barproto_frame f;
            assert_int_equal(
                barproto_decode(buf_a + k * BARPROTO_FRAME_SIZE, BARPROTO_FRAME_SIZE, &f),
                BARPROTO_OK);
            for (unsigned i = 0; i < f.count; i++) {
                const struct barproto_sample *s = &f.samples[i];
                double a[3] = {accel_g(s->accel[0]), accel_g(s->accel[1]), accel_g(s->accel[2])};
                if (k < 100 / SPF) { /* still before the rep: learn gravity */
                    for (int x = 0; x < 3; x++)
                        up[x] += a[x];
                    continue;
                }
                double norm = sqrt(up[0] * up[0] + up[1] * up[1] + up[2] * up[2]);
                double along = (a[0] * up[0] + a[1] * up[1] + a[2] * up[2]) / norm;
                double a2 = a[0] * a[0] + a[1] * a[1] + a[2] * a[2];
                along_min = fmin(along_min, along);
                along_max = fmax(along_max, along);
                horiz_peak = fmax(horiz_peak, sqrt(fmax(0, a2 - along * along)));
                double w2 = 0;
                for (int x = 0; x < 3; x++)
                    w2 += gyro_dps(s->gyro[x]) * gyro_dps(s->gyro[x]);
                gyro_peak = fmax(gyro_peak, sqrt(w2));
            }
        }
        print_message("style %d: along gravity %.2f..%.2f g, sideways %.2f g, turning %.0f dps\n",
                      style, along_min, along_max, horiz_peak, gyro_peak);
        /* 0.5 m down in 1 s and up in 1 s: well over 0.2 g either way. */
        assert_true(along_max - 1 > 0.2 && 1 - along_min > 0.2);
        if (style == BAR_SIM_REP_SWING) {
            assert_true(horiz_peak > 0.3);
            assert_true(gyro_peak > 60);
        } else {
            assert_true(horiz_peak < 0.15);
            assert_true(gyro_peak < 30);
        }
        bar_close(b);
    }
}

static void test_disconnect_and_reboot(void **state)
{
    (void)state;
    struct bar_sim *sim = bar_sim_new(5, T0_US);
    struct bar *b = bar_sim_port(sim);
    assert_int_equal(bar_read(b, T0_US + (2 * SPF - 1) * 1000, buf_a, sizeof buf_a),
                     2 * BARPROTO_FRAME_SIZE);
    bar_sim_set_connected(sim, false, T0_US + 50000);
    assert_false(bar_connected(b));
    assert_int_equal(bar_read(b, T0_US + 500000, buf_a, sizeof buf_a), 0);
    bar_sim_set_connected(sim, true, T0_US + 1000000);
    assert_true(bar_connected(b));
    assert_int_equal(bar_read(b, T0_US + 1000000 + (SPF - 1) * 1000, buf_a, sizeof buf_a),
                     BARPROTO_FRAME_SIZE);
    struct barproto_frame f;
    assert_int_equal(barproto_decode(buf_a, BARPROTO_FRAME_SIZE, &f), BARPROTO_OK);
    assert_int_equal(f.seq, 0); /* a replug is a power cycle */
    bar_close(b);
}

static void test_garbage_comes_first(void **state)
{
    (void)state;
    struct bar_sim *sim = bar_sim_new(6, T0_US);
    struct bar *b = bar_sim_port(sim);
    bar_sim_inject_garbage(sim, 50);
    assert_int_equal(bar_read(b, T0_US + 1000, buf_a, 30), 30);
    int n = bar_read(b, T0_US + (SPF - 1) * 1000, buf_a, sizeof buf_a);
    assert_int_equal(n, 20 + BARPROTO_FRAME_SIZE);
    struct barproto_frame f;
    assert_int_equal(barproto_decode(buf_a + 20, BARPROTO_FRAME_SIZE, &f), BARPROTO_OK);
    assert_int_equal(f.seq, 0);
    bar_close(b);
}

/* A lost run of samples closes the frame early; the next frame starts after the hole. */
static void test_lost_samples_leave_a_hole(void **state)
{
    (void)state;
    struct bar_sim *sim = bar_sim_new(7, T0_US);
    struct bar *b = bar_sim_port(sim);
    /* samples at +0 .. +9 ms: whole frames go, the rest waits (10 is not a multiple) */
    _Static_assert(10 % BARPROTO_SAMPLES != 0, "the gap must split a frame");
    assert_int_equal(bar_read(b, T0_US + 9000, buf_a, sizeof buf_a),
                     (10 / SPF) * BARPROTO_FRAME_SIZE);
    bar_sim_inject_gap(sim, 15); /* samples at +10 .. +24 ms */
    int n = bar_read(b, T0_US + 59000, buf_a, sizeof buf_a);
    assert_int_equal(n, (1 + 35 / SPF) * BARPROTO_FRAME_SIZE); /* +25 .. +59 after the hole */
    struct barproto_frame f, g;
    assert_int_equal(barproto_decode(buf_a, BARPROTO_FRAME_SIZE, &f), BARPROTO_OK);
    assert_int_equal(barproto_decode(buf_a + BARPROTO_FRAME_SIZE, BARPROTO_FRAME_SIZE, &g),
                     BARPROTO_OK);
    assert_int_equal(f.count, 10 % SPF);
    assert_int_equal(g.seq, f.seq + 1);
    assert_true(g.t_us == f.t_us + (uint64_t)(25 - (10 / SPF) * SPF) * 1000u);
    assert_int_equal(g.count, BARPROTO_SAMPLES);
    bar_close(b);
}

/* Unracking walks the bar out and keeps the simulator busy; reracking ends on the hooks. */
static void test_unrack_walk_out_and_rerack(void **state)
{
    (void)state;
    struct bar_sim *sim = bar_sim_new(8, T0_US);
    struct bar *b = bar_sim_port(sim);
    bar_sim_unrack(sim, T0_US + 500000);
    assert_true(bar_sim_busy(sim, T0_US + 2000000));
    int64_t t = T0_US + 500000;
    while (bar_sim_busy(sim, t))
        t += 100000;
    int64_t walked_out = t;
    assert_true(walked_out > T0_US + 3000000 && walked_out < T0_US + 15000000);
    bar_sim_rerack(sim, walked_out + 1000000);
    while (bar_sim_busy(sim, t))
        t += 100000;
    double peak_g = 0, low_g = 10;
    size_t len = 0;
    for (int64_t r = T0_US + 100000; r <= t; r += 100000) {
        len = (size_t)bar_read(b, r, buf_a, sizeof buf_a);
        for (size_t k = 0; k < len / BARPROTO_FRAME_SIZE; k++) {
            struct barproto_frame f;
            assert_int_equal(
                barproto_decode(buf_a + k * BARPROTO_FRAME_SIZE, BARPROTO_FRAME_SIZE, &f),
                BARPROTO_OK);
            for (unsigned i = 0; i < f.count; i++) {
                const int16_t *a = f.samples[i].accel;
                double g =
                    sqrt((double)a[0] * a[0] + (double)a[1] * a[1] + (double)a[2] * a[2]) / 2048.0;
                peak_g = fmax(peak_g, g);
                low_g = fmin(low_g, g);
            }
        }
    }
    print_message("walk-out done after %.1f s; |a| %.2f..%.2f g\n",
                  (walked_out - T0_US - 500000) / 1e6, low_g, peak_g);
    /* Steps bob the bar; the hooks stop it hard. */
    assert_true(low_g < 0.9);
    assert_true(peak_g > 1.8);
    bar_close(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frames_only_when_complete),
        cmocka_unit_test(test_small_reads_get_everything),
        cmocka_unit_test(test_deterministic_per_seed),
        cmocka_unit_test(test_busy_follows_queue),
        cmocka_unit_test(test_rep_moves_along_gravity_unless_swinging),
        cmocka_unit_test(test_disconnect_and_reboot),
        cmocka_unit_test(test_garbage_comes_first),
        cmocka_unit_test(test_lost_samples_leave_a_hole),
        cmocka_unit_test(test_unrack_walk_out_and_rerack),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
