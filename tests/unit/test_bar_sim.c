/* Simulated bar unit: timing, connection, garbage and determinism of its byte stream. */
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

static uint8_t buf_a[256 * 1024], buf_b[256 * 1024];

static void test_frames_only_when_complete(void **state)
{
    (void)state;
    struct bar_sim *sim = bar_sim_new(1, T0_US);
    struct bar *b = bar_sim_port(sim);
    assert_true(bar_connected(b));
    assert_string_equal(b->name, "simulated bar unit");
    /* Samples at T0, T0+1 ms, ...: the first frame is complete at T0 + 19 ms. */
    assert_int_equal(bar_read(b, T0_US + 18000, buf_a, sizeof buf_a), 0);
    assert_int_equal(bar_read(b, T0_US + 19000, buf_a, sizeof buf_a), BARPROTO_FRAME_SIZE);
    struct barproto_frame f;
    assert_int_equal(barproto_decode(buf_a, &f), BARPROTO_OK);
    assert_int_equal(f.seq, 0);
    assert_int_equal(f.count, BARPROTO_SAMPLES);
    assert_int_equal(f.period_us, 1000);
    assert_int_equal(f.accel_fs_g, 16);
    assert_int_equal(f.gyro_fs_dps, 2000);
    /* The MCU clock is not the kiosk clock. */
    assert_true(f.t_us != (uint64_t)T0_US);
    /* At rest: about 2048 counts (1 g at 16 g) on z. */
    for (unsigned i = 0; i < f.count; i++)
        assert_true(abs(f.samples[i].accel[2] - 2048) < 60);
    int n = bar_read(b, T0_US + 119000, buf_a, sizeof buf_a);
    assert_int_equal(n, 5 * BARPROTO_FRAME_SIZE);
    for (int k = 0; k < 5; k++) {
        struct barproto_frame g;
        assert_int_equal(barproto_decode(buf_a + k * BARPROTO_FRAME_SIZE, &g), BARPROTO_OK);
        assert_int_equal(g.seq, k + 1);
        assert_true(g.t_us == f.t_us + 20000u * (uint64_t)(k + 1));
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
        int n = bar_read(b, T0_US + 99000, buf_a + got, 10);
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

static void test_rep_moves_z_only_unless_swinging(void **state)
{
    (void)state;
    const int tempo[4] = {1000, 0, 1000, 0};
    for (int style = BAR_SIM_REP_CLEAN; style <= BAR_SIM_REP_SWING; style += 2) {
        struct bar_sim *sim = bar_sim_new(4, T0_US);
        bar_sim_rep(sim, (enum bar_sim_rep)style, tempo, 500, T0_US);
        struct bar *b = bar_sim_port(sim);
        /* A slow reader gets the backlog over several reads, in order. */
        size_t len = 0;
        int n;
        while ((n = bar_read(b, T0_US + 1999000, buf_a + len, sizeof buf_a - len)) > 0)
            len += (size_t)n;
        assert_int_equal(len, 100 * BARPROTO_FRAME_SIZE);
        int z_min = 32767, z_max = -32768, y_peak = 0, gx_peak = 0;
        for (int k = 0; k < 100; k++) {
            struct barproto_frame f;
            assert_int_equal(barproto_decode(buf_a + k * BARPROTO_FRAME_SIZE, &f), BARPROTO_OK);
            for (unsigned i = 0; i < f.count; i++) {
                const struct barproto_sample *s = &f.samples[i];
                z_min = s->accel[2] < z_min ? s->accel[2] : z_min;
                z_max = s->accel[2] > z_max ? s->accel[2] : z_max;
                y_peak = abs(s->accel[1]) > y_peak ? abs(s->accel[1]) : y_peak;
                gx_peak = abs(s->gyro[0]) > gx_peak ? abs(s->gyro[0]) : gx_peak;
            }
        }
        /* 0.5 m in 1 s, cosine: peak accel 2.47 m/s^2 = 0.25 g = 515 counts. */
        assert_true(z_max - 2048 > 400 && 2048 - z_min > 400);
        if (style == BAR_SIM_REP_SWING) {
            assert_true(y_peak > 2048 * 3 / 10); /* > 0.3 g sideways */
            assert_true(gx_peak > 60 * 32768 / 2000);
        } else {
            assert_true(y_peak < 2048 / 10);
            assert_true(gx_peak < 5 * 32768 / 2000);
        }
        bar_close(b);
    }
}

static void test_disconnect_and_reboot(void **state)
{
    (void)state;
    struct bar_sim *sim = bar_sim_new(5, T0_US);
    struct bar *b = bar_sim_port(sim);
    assert_int_equal(bar_read(b, T0_US + 39000, buf_a, sizeof buf_a), 2 * BARPROTO_FRAME_SIZE);
    bar_sim_set_connected(sim, false, T0_US + 50000);
    assert_false(bar_connected(b));
    assert_int_equal(bar_read(b, T0_US + 500000, buf_a, sizeof buf_a), 0);
    bar_sim_set_connected(sim, true, T0_US + 1000000);
    assert_true(bar_connected(b));
    assert_int_equal(bar_read(b, T0_US + 1019000, buf_a, sizeof buf_a), BARPROTO_FRAME_SIZE);
    struct barproto_frame f;
    assert_int_equal(barproto_decode(buf_a, &f), BARPROTO_OK);
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
    int n = bar_read(b, T0_US + 19000, buf_a, sizeof buf_a);
    assert_int_equal(n, 20 + BARPROTO_FRAME_SIZE);
    struct barproto_frame f;
    assert_int_equal(barproto_decode(buf_a + 20, &f), BARPROTO_OK);
    assert_int_equal(f.seq, 0);
    bar_close(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frames_only_when_complete),
        cmocka_unit_test(test_small_reads_get_everything),
        cmocka_unit_test(test_deterministic_per_seed),
        cmocka_unit_test(test_busy_follows_queue),
        cmocka_unit_test(test_rep_moves_z_only_unless_swinging),
        cmocka_unit_test(test_disconnect_and_reboot),
        cmocka_unit_test(test_garbage_comes_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
