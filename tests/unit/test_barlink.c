/*
 * Kiosk side of the bar link: frames from the simulated bar unit (the firmware's own
 * framer) and hand-made frames, fed in awkward ways.
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
#include "../../app/dev/bar_sim.h"
#include "../../firmware/proto/framer.h"

#define MAX_SAMPLES  20000
#define SIM_START_US 1000000
#define SPF          ((int)BARPROTO_SAMPLES) /* samples per frame */
#define FRAME_US     (SPF * 1000)            /* one frame at 1 kHz */

struct capture {
    int n;
    struct imu_sample s[MAX_SAMPLES];
};

static void on_sample(void *ctx, const struct imu_sample *s)
{
    struct capture *c = ctx;
    assert_true(c->n < MAX_SAMPLES);
    c->s[c->n++] = *s;
}

/* Bytes the simulator sends over [t0, t1), read every step_us, with their read times. */
struct stream {
    size_t len;
    uint8_t bytes[(4000 / BARPROTO_SAMPLES) * BARPROTO_FRAME_SIZE]; /* 4 s of samples */
    size_t read_end[400];
    int64_t read_t[400];
    int reads;
};

static void record_stream(struct stream *st, uint32_t seed, int64_t dur_us, int64_t step_us)
{
    struct bar_sim *sim = bar_sim_new(seed, SIM_START_US);
    const int tempo[4] = {600, 100, 400, 0};
    bar_sim_rep(sim, BAR_SIM_REP_CLEAN, tempo, 300, SIM_START_US + 200000);
    struct bar *b = bar_sim_port(sim);
    memset(st, 0, sizeof *st);
    for (int64_t t = SIM_START_US + step_us; t <= SIM_START_US + dur_us; t += step_us) {
        int n = bar_read(b, t, st->bytes + st->len, sizeof st->bytes - st->len);
        assert_true(n >= 0);
        st->len += (size_t)n;
        st->read_end[st->reads] = st->len;
        st->read_t[st->reads++] = t;
    }
    bar_close(b);
}

static void feed_stream(struct barlink *l, const struct stream *st, size_t chunk, struct capture *c)
{
    size_t from = 0;
    for (int r = 0; r < st->reads; r++) {
        while (from < st->read_end[r]) {
            size_t n = st->read_end[r] - from < chunk ? st->read_end[r] - from : chunk;
            barlink_feed(l, st->bytes + from, n, st->read_t[r], on_sample, c);
            from += n;
        }
    }
}

static struct stream stream_a;
static struct capture cap_a, cap_b;

static void test_chunking_does_not_matter(void **state)
{
    (void)state;
    record_stream(&stream_a, 7, 1000000, 5000);
    assert_int_equal(stream_a.len % BARPROTO_FRAME_SIZE, 0);
    assert_int_equal(stream_a.len / BARPROTO_FRAME_SIZE, 1000 / BARPROTO_SAMPLES);

    const size_t chunks[] = {1, 3, 64, 269, 4096};
    struct barlink whole;
    barlink_init(&whole);
    cap_a.n = 0;
    feed_stream(&whole, &stream_a, SIZE_MAX, &cap_a);
    assert_int_equal(cap_a.n, 1000);
    assert_int_equal(whole.stats.frames_ok, 1000 / BARPROTO_SAMPLES);
    for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
        struct barlink l;
        barlink_init(&l);
        cap_b.n = 0;
        feed_stream(&l, &stream_a, chunks[k], &cap_b);
        assert_int_equal(cap_b.n, cap_a.n);
        assert_memory_equal(cap_b.s, cap_a.s, sizeof cap_a.s[0] * (size_t)cap_a.n);
        assert_int_equal(l.stats.frames_lost, 0);
        assert_int_equal(l.stats.crc_errors, 0);
        assert_int_equal(l.stats.bytes_skipped, 0);
    }
}

static void test_samples_are_physical(void **state)
{
    (void)state;
    record_stream(&stream_a, 8, 200000, 5000);
    struct barlink l;
    barlink_init(&l);
    cap_a.n = 0;
    feed_stream(&l, &stream_a, SIZE_MAX, &cap_a);
    assert_int_equal(cap_a.n, 200);
    /*
     * Bar at rest: about 1 g, wherever the clamp's roll points it (within the unit's
     * offset and scale errors, a few percent); no rotation.
     */
    for (int i = 0; i < cap_a.n; i++) {
        const float *a = cap_a.s[i].accel_g, *w = cap_a.s[i].gyro_dps;
        assert_float_equal(sqrtf(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]), 1.0, 0.08);
        assert_float_equal(sqrtf(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]), 0.0, 1.0);
    }
}

static void test_timestamps_monotonic_and_mapped(void **state)
{
    (void)state;
    record_stream(&stream_a, 9, 1001000, 7000);
    struct barlink l;
    barlink_init(&l);
    cap_a.n = 0;
    feed_stream(&l, &stream_a, 100, &cap_a);
    assert_int_equal(cap_a.n, 1000);
    for (int i = 1; i < cap_a.n; i++)
        assert_true(cap_a.s[i].t_us > cap_a.s[i - 1].t_us);
    /*
     * The simulator's sample i is taken at kiosk time SIM_START_US + 1000 i. Reads every
     * 7 ms see some frames with no delay at all, so the learned mapping becomes exact,
     * and it is never later than the truth.
     */
    for (int i = 0; i < cap_a.n; i++) {
        int64_t truth = SIM_START_US + 1000 * (int64_t)i;
        assert_true(cap_a.s[i].t_us >= truth);
        assert_true(cap_a.s[i].t_us - truth <= 7000);
    }
    assert_int_equal(cap_a.s[cap_a.n - 1].t_us, SIM_START_US + 999000);
    assert_int_equal(l.offset_us + (int64_t)3500000, SIM_START_US);
}

static void test_jitter_never_runs_time_backwards(void **state)
{
    (void)state;
    /* Hand-made frames: the first arrives 15 ms late, the rest on time. */
    struct framer f;
    framer_init(&f, 1000, 16, 2000);
    struct barlink l;
    barlink_init(&l);
    cap_a.n = 0;
    uint8_t buf[BARPROTO_FRAME_SIZE];
    struct barproto_sample s = {{0, 0, 2048}, {0, 0, 0}};
    const int64_t offset = 10000000;
    for (int i = 0; i < 100; i++) {
        uint64_t mcu = 1000u * (uint64_t)i;
        if (!framer_push(&f, &s, mcu, buf))
            continue;
        int64_t delay = i < 20 ? 15000 : 200;
        barlink_feed(&l, buf, sizeof buf, (int64_t)mcu + offset + delay, on_sample, &cap_a);
    }
    assert_int_equal(cap_a.n, 100);
    for (int i = 1; i < cap_a.n; i++)
        assert_true(cap_a.s[i].t_us > cap_a.s[i - 1].t_us);
    assert_int_equal(l.offset_us, offset + 200);
    assert_int_equal(cap_a.s[99].t_us, offset + 99000 + 200);
    assert_float_equal(cap_a.s[5].accel_g[2], 1.0, 1e-6);
}

static void test_garbage_prefix_resyncs(void **state)
{
    (void)state;
    struct bar_sim *sim = bar_sim_new(11, SIM_START_US);
    struct bar *b = bar_sim_port(sim);
    struct barlink l;
    barlink_init(&l);
    cap_a.n = 0;
    static uint8_t buf[64 * BARPROTO_FRAME_SIZE];
    bar_sim_inject_garbage(sim, 1000);
    int n = bar_read(b, SIM_START_US + 100000, buf, sizeof buf);
    assert_int_equal(n, 1000 + (100 / BARPROTO_SAMPLES) * BARPROTO_FRAME_SIZE);
    barlink_feed(&l, buf, (size_t)n, SIM_START_US + 100000, on_sample, &cap_a);
    assert_int_equal(cap_a.n, 100);
    assert_int_equal(l.stats.frames_ok, 100 / BARPROTO_SAMPLES);
    assert_true(l.stats.bytes_skipped >= 1000);
    assert_int_equal(l.stats.frames_lost, 0);
    bar_close(b);
}

static void test_dropped_frame_counted(void **state)
{
    (void)state;
    record_stream(&stream_a, 12, 10 * FRAME_US, FRAME_US);
    assert_int_equal(stream_a.len, 10 * BARPROTO_FRAME_SIZE);
    struct barlink l;
    barlink_init(&l);
    cap_a.n = 0;
    for (int fr = 0; fr < 10; fr++) {
        if (fr == 3 || fr == 6 || fr == 7)
            continue;
        barlink_feed(&l, stream_a.bytes + fr * BARPROTO_FRAME_SIZE, BARPROTO_FRAME_SIZE,
                     stream_a.read_t[fr], on_sample, &cap_a);
    }
    assert_int_equal(l.stats.frames_lost, 3);
    assert_int_equal(l.stats.frames_ok, 7);
    assert_int_equal(cap_a.n, 7 * SPF);
    /* Samples after the gap keep their own times: the gap shows in time. */
    assert_int_equal(cap_a.s[3 * SPF].t_us - cap_a.s[3 * SPF - 1].t_us, (SPF + 1) * 1000);
}

static void test_corrupt_byte_then_recovers(void **state)
{
    (void)state;
    record_stream(&stream_a, 13, 10 * FRAME_US, FRAME_US);
    struct barlink l;
    barlink_init(&l);
    cap_a.n = 0;
    stream_a.bytes[4 * BARPROTO_FRAME_SIZE + 30] ^= 0x10; /* a sample's byte */
    feed_stream(&l, &stream_a, 37, &cap_a);
    assert_true(l.stats.crc_errors >= 1);
    assert_int_equal(l.stats.frames_ok, 9);
    assert_int_equal(l.stats.frames_lost, 1);
    assert_int_equal(cap_a.n, 9 * SPF);
    assert_true(l.stats.bytes_skipped >= BARPROTO_FRAME_SIZE);
}

static void test_reboot_not_counted_as_loss(void **state)
{
    (void)state;
    struct framer f;
    framer_init(&f, 1000, 16, 2000);
    struct barlink l;
    barlink_init(&l);
    cap_a.n = 0;
    uint8_t buf[BARPROTO_FRAME_SIZE];
    struct barproto_sample s = {{0, 0, 2048}, {0, 0, 0}};
    int64_t t = 5000000;
    for (int i = 0; i < 200; i++, t += 1000) {
        if (i == 100)
            framer_init(&f, 1000, 16, 2000); /* reboot: seq and MCU clock from 0 */
        uint64_t mcu = 1000u * (uint64_t)(i < 100 ? 400 + i : i - 100);
        if (framer_push(&f, &s, mcu, buf))
            barlink_feed(&l, buf, sizeof buf, t + 300, on_sample, &cap_a);
    }
    assert_int_equal(cap_a.n, 200);
    assert_int_equal(l.stats.device_restarts, 1);
    assert_int_equal(l.stats.frames_lost, 0);
    for (int i = 1; i < cap_a.n; i++)
        assert_true(cap_a.s[i].t_us > cap_a.s[i - 1].t_us);
    assert_int_equal(cap_a.s[199].t_us, t - 1000 + 300);
}

static void test_repeated_frame_dropped(void **state)
{
    (void)state;
    record_stream(&stream_a, 14, 5 * FRAME_US, FRAME_US);
    struct barlink l;
    barlink_init(&l);
    cap_a.n = 0;
    for (int fr = 0; fr < 5; fr++) {
        barlink_feed(&l, stream_a.bytes + fr * BARPROTO_FRAME_SIZE, BARPROTO_FRAME_SIZE,
                     stream_a.read_t[fr], on_sample, &cap_a);
        if (fr == 2)
            barlink_feed(&l, stream_a.bytes + fr * BARPROTO_FRAME_SIZE, BARPROTO_FRAME_SIZE,
                         stream_a.read_t[fr], on_sample, &cap_a);
    }
    assert_int_equal(cap_a.n, 5 * SPF);
    assert_int_equal(l.stats.frames_lost, 0);
    assert_int_equal(l.stats.device_restarts, 0);
}

static void test_bad_version_and_fields_counted(void **state)
{
    (void)state;
    struct barproto_frame f = {.version = BARPROTO_VERSION + 1,
                               .period_us = 1000,
                               .count = 1,
                               .accel_fs_g = 16,
                               .gyro_fs_dps = 2000};
    uint8_t buf[BARPROTO_FRAME_SIZE];
    barproto_encode(&f, buf);
    struct barlink l;
    barlink_init(&l);
    cap_a.n = 0;
    barlink_feed(&l, buf, sizeof buf, 0, on_sample, &cap_a);
    assert_int_equal(l.stats.version_errors, 1);
    f.version = BARPROTO_VERSION;
    f.accel_fs_g = 5;
    barproto_encode(&f, buf);
    barlink_feed(&l, buf, sizeof buf, 0, on_sample, &cap_a);
    assert_int_equal(l.stats.bad_frames, 1);
    assert_int_equal(cap_a.n, 0);
    assert_int_equal(l.stats.frames_ok, 0);
}

/*
 * A unit with firmware from before protocol 2 sends 20-sample frames of version 1: the
 * kiosk reads them as before, in any chunking, and a unit updated in place (version 2
 * frames after version 1 ones, the clock running on) loses nothing.
 */
static void test_version_1_frames_still_read(void **state)
{
    (void)state;
    static const size_t chunks[] = {1, 7, 76, 268, 5000};
    static uint8_t bytes[8 * BARPROTO_FRAME_SIZE_MAX];
    size_t len = 0, frame_end[8];
    int64_t rx_us[8]; /* each frame arrives 300 us after its last sample */
    uint32_t seq = 0;
    uint64_t mcu = 0;
    struct barproto_frame f = {.period_us = 1000, .accel_fs_g = 16, .gyro_fs_dps = 2000};
    for (int fr = 0; fr < 8; fr++, seq++) {
        f.version = fr < 4 ? 1 : BARPROTO_VERSION;
        f.count = (uint8_t)barproto_frame_samples(f.version);
        f.seq = seq;
        f.t_us = mcu;
        for (unsigned i = 0; i < f.count; i++)
            f.samples[i] =
                (struct barproto_sample){{0, 0, 2048}, {(int16_t)(mcu / 1000 + i), 0, 0}};
        size_t n = barproto_encode(&f, bytes + len);
        assert_int_equal(n, barproto_frame_size(f.version));
        len += n;
        mcu += 1000u * f.count;
        frame_end[fr] = len;
        rx_us[fr] = 5000000 + (int64_t)mcu - 1000 + 300;
    }
    assert_int_equal(len, 4 * BARPROTO_V1_FRAME_SIZE + 4 * BARPROTO_FRAME_SIZE);
    for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
        struct barlink l;
        barlink_init(&l);
        cap_a.n = 0;
        int fr = 0;
        for (size_t at = 0; at < len; at += chunks[k]) {
            size_t n = len - at < chunks[k] ? len - at : chunks[k];
            while (fr < 7 && frame_end[fr + 1] <= at + n)
                fr++; /* a chunk arrives with the last frame it completes */
            barlink_feed(&l, bytes + at, n, rx_us[fr], on_sample, &cap_a);
        }
        assert_int_equal(l.stats.frames_ok, 8);
        assert_int_equal(l.stats.frames_v1, 4);
        assert_int_equal(l.stats.frames_lost + l.stats.crc_errors + l.stats.bytes_skipped, 0);
        assert_int_equal(cap_a.n, 4 * BARPROTO_V1_SAMPLES + 4 * BARPROTO_SAMPLES);
        for (int i = 0; i < cap_a.n; i++) {
            /* each sample carries its own index, so none is lost, doubled or reordered */
            assert_float_equal(cap_a.s[i].gyro_dps[0] * 32768.0f / 2000.0f, (float)i, 1e-3);
            if (i > 0)
                assert_true(cap_a.s[i].t_us > cap_a.s[i - 1].t_us);
        }
        /* the clock is learned from the frames that came soonest: exact by the end */
        assert_int_equal(l.offset_us, 5000000 + 300);
        if (chunks[k] > BARPROTO_FRAME_SIZE)
            continue; /* frames read in a late batch are stamped late, then catch up */
        assert_int_equal(cap_a.s[cap_a.n - 1].t_us, 5000000 + (int64_t)mcu - 1000 + 300);
        assert_int_equal(cap_a.s[cap_a.n - 1].t_us - cap_a.s[0].t_us, 1000 * (cap_a.n - 1));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chunking_does_not_matter),
        cmocka_unit_test(test_samples_are_physical),
        cmocka_unit_test(test_timestamps_monotonic_and_mapped),
        cmocka_unit_test(test_jitter_never_runs_time_backwards),
        cmocka_unit_test(test_garbage_prefix_resyncs),
        cmocka_unit_test(test_dropped_frame_counted),
        cmocka_unit_test(test_corrupt_byte_then_recovers),
        cmocka_unit_test(test_reboot_not_counted_as_loss),
        cmocka_unit_test(test_repeated_frame_dropped),
        cmocka_unit_test(test_bad_version_and_fields_counted),
        cmocka_unit_test(test_version_1_frames_still_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
