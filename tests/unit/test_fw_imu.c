/*
 * The bar unit's core against the ICM-42688-P model: probe, configuration for every
 * rate and range, streaming at the set rate with the sensor's clock off the MCU's,
 * watermark and INT1, FIFO overflow, a host that stops reading, a sensor that stops
 * answering or resets itself. Runs on the host (cmocka) and on an emulated Cortex-M0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../firmware/core/crc32_soft.h"
#include "fw_rig.h"

#define STEP_US    100u
#define S          1000000u
#define DRIFT_SEED 0x2545f491u

static struct rig rig; /* large: static rather than on a small target stack */

static uint32_t lcg(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

/* A drift in [-20000, +20000] ppm (the sensor's clock 2 % off either way) per seed. */
static int32_t drift_for(uint32_t seed)
{
    uint32_t st = seed ^ DRIFT_SEED;
    lcg(&st);
    return (int32_t)((lcg(&st) >> 4) % 40001u) - 20000;
}

static void start(struct rig *r)
{
    assert_true(rig_request(r, RIG_REQ_OUT, BARPROTO_REQ_START, 0, 0));
}

struct probe_case {
    const char *what;
    uint8_t who_am_i;
    bool dead;
    enum barunit_state expect;
    uint8_t info_who;
    bool fault;
};

static const struct probe_case probe_cases[] = {
    {"ICM-42688-P", 0x47, false, BARUNIT_IDLE, 0x47, false},
    {"another part (ICM-42605)", 0x42, false, BARUNIT_FAULT, 0x42, true},
    {"nothing on the bus", 0x47, true, BARUNIT_FAULT, 0xff, true},
};

static void test_probe(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof probe_cases / sizeof probe_cases[0]; k++) {
        const struct probe_case *c = &probe_cases[k];
        print_message("%s\n", c->what);
        rig_init(&rig, c->who_am_i, 0);
        rig.imu.dead = c->dead;
        barunit_poll(&rig.unit, rig.imu.now_us, false);
        assert_int_equal(rig.unit.state, c->expect);
        assert_int_equal(rig.imu.resets, c->dead ? 0 : 1);
        struct barproto_info info;
        rig_info(&rig, &info);
        assert_int_equal(info.who_am_i, c->info_who);
        assert_int_equal((info.status & BARPROTO_STATUS_IMU_FAULT) != 0, c->fault);
        assert_string_equal(info.serial, "E66038B7132F5A29");
        assert_int_equal(info.version, BARPROTO_VERSION);
        assert_false(info.status & BARPROTO_STATUS_WATCHDOG);
        rig.unit.watchdog_restart = true; /* the port says the last start followed a hang */
        rig_info(&rig, &info);
        assert_true(info.status & BARPROTO_STATUS_WATCHDOG);
    }
}

static uint8_t accel_code(uint8_t g)
{
    return g == 16 ? 0 : g == 8 ? 1 : g == 4 ? 2 : 3;
}

static uint8_t gyro_code(uint16_t dps)
{
    return dps == 2000 ? 0 : dps == 1000 ? 1 : dps == 500 ? 2 : dps == 250 ? 3 : 4;
}

/* Every rate and range the unit offers lands in the sensor's registers as the datasheet
 * codes them, with the FIFO, watermark and INT1 set up, and no timing rule broken. */
static void test_configuration_registers(void **state)
{
    (void)state;
    static const uint16_t rates[] = {200, 500, 1000};
    static const uint8_t odr[] = {0x07, 0x0f, 0x06};
    /* a frame's samples: as many as span 4 ms at most (framer.h) */
    static const unsigned frame_samples[] = {1, 3, 4};
    static const uint8_t accels[] = {2, 4, 8, 16};
    static const uint16_t gyros[] = {125, 250, 500, 1000, 2000};
    for (unsigned ri = 0; ri < 3; ri++)
        for (unsigned ai = 0; ai < 4; ai++)
            for (unsigned gi = 0; gi < 5; gi++) {
                rig_init(&rig, 0x47, 0);
                barunit_poll(&rig.unit, rig.imu.now_us, false);
                assert_true(rig_request(&rig, RIG_REQ_OUT, BARPROTO_REQ_SET_RATE, rates[ri], 0));
                assert_true(
                    rig_request(&rig, RIG_REQ_OUT, BARPROTO_REQ_SET_ACCEL_RANGE, accels[ai], 0));
                assert_true(
                    rig_request(&rig, RIG_REQ_OUT, BARPROTO_REQ_SET_GYRO_RANGE, gyros[gi], 0));
                start(&rig);
                barunit_poll(&rig.unit, rig.imu.now_us, false);
                assert_int_equal(rig.unit.state, BARUNIT_STREAM);
                const uint8_t *reg = rig.imu.regs;
                assert_int_equal(reg[ICM_ACCEL_CONFIG0], accel_code(accels[ai]) << 5 | odr[ri]);
                assert_int_equal(reg[ICM_GYRO_CONFIG0], gyro_code(gyros[gi]) << 5 | odr[ri]);
                assert_int_equal(reg[ICM_PWR_MGMT0], 0x0f);
                assert_int_equal(reg[ICM_INT_CONFIG] & 0x07, 0x07); /* latched, push-pull, high */
                assert_int_equal(reg[ICM_FIFO_CONFIG], 0x40);
                assert_int_equal(reg[ICM_FIFO_CONFIG1] & 0x0f, 0x0f);
                assert_int_equal(reg[ICM_FIFO_CONFIG1] & 0x10, 0); /* 16-bit packets */
                assert_int_equal(reg[ICM_INT_SOURCE0] & 0x06, 0x06);
                assert_int_equal(reg[ICM_INT_CONFIG1] & 0x10, 0);
                unsigned wm = (unsigned)(reg[ICM_FIFO_CONFIG3] & 0x0f) << 8 | reg[ICM_FIFO_CONFIG2];
                assert_int_equal(wm, frame_samples[ri] * 16u); /* one frame's packets */
                assert_int_equal(rig.imu.violations, 0);
                struct barproto_info info;
                rig_info(&rig, &info);
                assert_int_equal(info.rate_hz, rates[ri]);
                assert_int_equal(info.accel_fs_g, accels[ai]);
                assert_int_equal(info.gyro_fs_dps, gyros[gi]);
                assert_int_equal(info.status, BARPROTO_STATUS_STREAMING);
            }
}

struct bad_request {
    uint8_t type, request;
    uint16_t value, index;
};

static const struct bad_request bad_requests[] = {
    {RIG_REQ_OUT, BARPROTO_REQ_SET_RATE, 300, 0},
    {RIG_REQ_OUT, BARPROTO_REQ_SET_RATE, 0, 0},
    {RIG_REQ_OUT, BARPROTO_REQ_SET_RATE, 2000, 0},
    {RIG_REQ_OUT, BARPROTO_REQ_SET_ACCEL_RANGE, 3, 0},
    {RIG_REQ_OUT, BARPROTO_REQ_SET_ACCEL_RANGE, 32, 0},
    {RIG_REQ_OUT, BARPROTO_REQ_SET_ACCEL_RANGE, 256 + 16, 0}, /* not 16 in a byte */
    {RIG_REQ_OUT, BARPROTO_REQ_SET_GYRO_RANGE, 62, 0},
    {RIG_REQ_OUT, BARPROTO_REQ_SET_GYRO_RANGE, 4000, 0},
    {RIG_REQ_OUT, BARPROTO_REQ_SET_RATE, 1000, 1}, /* another interface */
    {RIG_REQ_OUT, BARPROTO_REQ_START, 0, 0x100},   /* an endpoint's wIndex */
    {0x40, BARPROTO_REQ_START, 0, 0},              /* addressed to the device */
    {RIG_REQ_OUT, BARPROTO_REQ_GET_INFO, 0, 0},    /* GET_INFO is an IN request */
    {RIG_REQ_IN, BARPROTO_REQ_START, 0, 0},
    {RIG_REQ_OUT, 0x7f, 0, 0},
};

static void test_bad_requests_refused_and_change_nothing(void **state)
{
    (void)state;
    rig_init(&rig, 0x47, 0);
    barunit_poll(&rig.unit, rig.imu.now_us, false);
    for (size_t k = 0; k < sizeof bad_requests / sizeof bad_requests[0]; k++) {
        const struct bad_request *b = &bad_requests[k];
        print_message("request 0x%02x/0x%02x value %u index %u\n", b->type, b->request, b->value,
                      b->index);
        assert_false(rig_request(&rig, b->type, b->request, b->value, b->index));
    }
    assert_int_equal(rig.unit.rate_hz, 1000);
    assert_int_equal(rig.unit.accel_fs_g, 16);
    assert_int_equal(rig.unit.gyro_fs_dps, 2000);
    assert_false(rig.unit.want_stream);
    struct usb_setup s = {RIG_REQ_IN, BARPROTO_REQ_GET_INFO, 0, 0, 4};
    uint8_t data[BARPROTO_INFO_SIZE];
    uint16_t len = 99;
    assert_true(barunit_control(&rig.unit, &s, data, &len));
    assert_int_equal(len, 4); /* no more than the host asked for */
}

/* Streaming at each rate, with the sensor's clock off by seeded amounts: every sample
 * arrives once, in order, framed without gaps, stamped within a period of its time. */
static void test_stream_every_rate_with_clock_drift(void **state)
{
    (void)state;
    static const uint16_t rates[] = {200, 500, 1000};
    for (uint32_t seed = 1; seed <= 4; seed++)
        for (unsigned ri = 0; ri < 3; ri++) {
            int32_t drift = drift_for(seed * 3 + ri);
            rig_init(&rig, 0x47, drift);
            barunit_poll(&rig.unit, rig.imu.now_us, false);
            assert_true(rig_request(&rig, RIG_REQ_OUT, BARPROTO_REQ_SET_RATE, rates[ri], 0));
            start(&rig);
            rig_run(&rig, 3 * S, STEP_US + seed * 37u, true);
            print_message("rate %u drift %d ppm: %u samples in %u frames, %u short, first "
                          "sample waited at most %u us\n",
                          rates[ri], (int)drift, (unsigned)rig.samples, (unsigned)rig.frames,
                          (unsigned)rig.short_frames, (unsigned)rig.worst_wait_us);
            assert_int_equal(rig.bad_frames, 0);
            assert_int_equal(rig.seq_gaps, 0);
            assert_int_equal(rig.sample_errors, 0);
            assert_int_equal(rig.index_jumps, 0);
            assert_int_equal(rig.stamp_errors, 0);
            assert_int_equal(rig.flagged_overflow, 0);
            assert_int_equal(rig.imu.overflows, 0);
            /* at most the first frame is short (the gyro settling opens the stream) */
            assert_true(rig.short_frames <= 1);
            /* a frame leaves within ~4 ms of its first sample at every rate: its span, a
             * sample period of clock drift, and a loop step to see INT1 */
            assert_true(rig.worst_wait_us <=
                        FRAMER_SPAN_MAX_US + S / rates[ri] / 10u + 2u * STEP_US);
            /* every sample made after the gyro settled, less those still in the FIFO or
             * in the frame being filled */
            uint32_t made = rig.imu.produced;
            uint32_t first = rig.samples ? rig.next_index - rig.samples : 0;
            assert_true(first <= made);
            assert_true(made - rig.next_index <= BARPROTO_SAMPLES + rig.imu.fifo_count + 1u);
            assert_true(rig.samples * (uint64_t)S / rates[ri] >= 2 * S); /* ~3 s of data */
        }
}

/* A main loop that takes anything from 20 us to 1.5 ms a turn, reading on INT1 or only
 * on its 10 ms poll, at every rate, the sensor's clock off by up to 2 %: still every
 * sample once and in order, stamped within a period; on INT1 at most 5 % of frames short
 * and each leaving within ~4 ms of its first sample (a loop turn or two later); on
 * the poll alone every read sends what it read (short frames), within the poll. */
static void test_stream_jittery_loop(void **state)
{
    (void)state;
    static const uint16_t rates[] = {200, 500, 1000};
    for (uint32_t seed = 1; seed <= 12; seed++) {
        uint32_t st = seed * 2654435761u;
        lcg(&st);
        int32_t drift = (int32_t)((lcg(&st) >> 4) % 40001u) - 20000;
        uint16_t rate = rates[seed % 3];
        bool use_int1 = seed % 2;
        uint32_t max_step = 20u + (lcg(&st) >> 4) % 1500u;
        rig_init(&rig, 0x47, drift);
        barunit_poll(&rig.unit, rig.imu.now_us, false);
        assert_true(rig_request(&rig, RIG_REQ_OUT, BARPROTO_REQ_SET_RATE, rate, 0));
        start(&rig);
        while (rig.imu.now_us < 5 * S / 2) {
            icm_model_advance(&rig.imu, rig.imu.now_us + 20u + (lcg(&st) >> 4) % max_step);
            barunit_poll(&rig.unit, rig.imu.now_us, use_int1 && icm_model_int1(&rig.imu));
            rig_drain(&rig);
        }
        print_message("rate %u drift %d INT1 %d step <= %u us: %u samples, %u short frames, "
                      "first sample waited at most %u us\n",
                      rate, (int)drift, use_int1, (unsigned)max_step, (unsigned)rig.samples,
                      (unsigned)rig.short_frames, (unsigned)rig.worst_wait_us);
        assert_true(rig.samples * (uint64_t)S / rate >= 2 * S);
        assert_int_equal(rig.bad_frames, 0);
        assert_int_equal(rig.seq_gaps, 0);
        assert_int_equal(rig.sample_errors, 0);
        assert_int_equal(rig.index_jumps, 0);
        assert_int_equal(rig.stamp_errors, 0);
        if (use_int1) {
            /* a turn late by a millisecond reads a sample or two past a frame: they leave
             * at once, as a short frame, rather than wait for the next read */
            assert_true(rig.short_frames * 20u <= rig.frames);
            assert_true(rig.worst_wait_us <= FRAMER_SPAN_MAX_US + 2u * max_step + S / rate / 10u);
        } else {
            assert_true(rig.worst_wait_us <= BARUNIT_POLL_US + 2u * max_step + S / rate);
        }
    }
}

/* INT1 follows the watermark, and reading on it keeps the FIFO near the watermark. */
static void test_watermark_drives_reads(void **state)
{
    (void)state;
    static const uint16_t rates[] = {200, 500, 1000};
    static const unsigned frame_samples[] = {1, 3, 4}; /* at most 4 ms from first to last */
    for (unsigned ri = 0; ri < 3; ri++) {
        rig_init(&rig, 0x47, 0);
        barunit_poll(&rig.unit, rig.imu.now_us, false);
        assert_true(rig_request(&rig, RIG_REQ_OUT, BARPROTO_REQ_SET_RATE, rates[ri], 0));
        start(&rig);
        barunit_poll(&rig.unit, rig.imu.now_us, false);
        unsigned wm_packets = frame_samples[ri]; /* INT1 once a frame is in the FIFO */
        /* without the unit reading, INT1 rises exactly when the watermark is reached */
        uint64_t t = rig.imu.now_us;
        while (!icm_model_int1(&rig.imu) && rig.imu.now_us < t + S)
            icm_model_advance(&rig.imu, rig.imu.now_us + 10);
        assert_int_equal(rig.imu.fifo_count, wm_packets);
        unsigned most = 0;
        for (uint64_t end = rig.imu.now_us + S; rig.imu.now_us < end;) {
            icm_model_advance(&rig.imu, rig.imu.now_us + 20);
            if (rig.imu.fifo_count > most)
                most = rig.imu.fifo_count;
            barunit_poll(&rig.unit, rig.imu.now_us, icm_model_int1(&rig.imu));
            rig_drain(&rig);
        }
        assert_int_equal(most, wm_packets);
        assert_true(rig.samples > 0);
        assert_int_equal(rig.sample_errors, 0);
    }
}

/* A main loop that stalls long enough for the FIFO to overflow: the loss is flagged in
 * the next frame, the frame sequence stays whole, and streaming carries on. */
static void test_fifo_overflow_flagged(void **state)
{
    (void)state;
    rig_init(&rig, 0x47, drift_for(11));
    barunit_poll(&rig.unit, rig.imu.now_us, false);
    start(&rig);
    rig_run(&rig, S, STEP_US, true);
    uint32_t before = rig.samples;
    assert_int_equal(rig.flagged_overflow, 0);
    /* 300 ms without a poll: the 128-packet FIFO holds 128 ms */
    icm_model_advance(&rig.imu, rig.imu.now_us + 300000u);
    assert_true(rig.imu.overflows > 0);
    rig_run(&rig, 2 * S, STEP_US, true);
    assert_int_equal(rig.unit.n.fifo_overflows, 1);
    assert_int_equal(rig.flagged_overflow, 1);
    assert_int_equal(rig.index_jumps, 1); /* the samples the FIFO lost, once */
    assert_int_equal(rig.seq_gaps, 0);    /* no frame went missing */
    assert_int_equal(rig.bad_frames, 0);
    assert_int_equal(rig.sample_errors, 0);
    assert_int_equal(rig.stamp_errors, 0);
    assert_true(rig.samples > before + 500u);
    assert_int_equal(rig.unit.state, BARUNIT_STREAM);
}

/* Nobody reads: the unit keeps sampling, drops whole frames once its queue is full,
 * counts them, and flags the first frame the host gets after the gap. */
static void test_host_not_reading_drops_whole_frames(void **state)
{
    (void)state;
    rig_init(&rig, 0x47, 0);
    barunit_poll(&rig.unit, rig.imu.now_us, false);
    start(&rig);
    rig_run(&rig, S, STEP_US, true);
    rig_run(&rig, 2 * S, STEP_US, false); /* a second of frames nobody collects */
    assert_int_equal(rig.unit.count, BARUNIT_QUEUE_FRAMES);
    uint32_t dropped = rig.unit.n.frames_dropped;
    assert_true(dropped >= 1000u / BARPROTO_SAMPLES - BARUNIT_QUEUE_FRAMES - 1u);
    struct barproto_info info;
    rig_info(&rig, &info);
    assert_int_equal(info.frames_dropped, dropped);
    rig_run(&rig, 3 * S, STEP_US, true);
    assert_int_equal(rig.bad_frames, 0);
    assert_int_equal(rig.seq_gaps, 1);
    assert_int_equal(rig.lost_frames, dropped);
    assert_int_equal(rig.flagged_dropped, 1);
    assert_int_equal(rig.index_jumps, 1);
    assert_int_equal(rig.sample_errors, 0);
    assert_int_equal(rig.unit.n.frames_dropped, dropped); /* no more once read again */
}

/* The sensor stops answering mid-stream: a fault within half a second, reported in
 * device info; when it comes back (powered up afresh) it is probed, configured and
 * streams again without the host asking, frame numbers running on. */
static void test_sensor_stops_answering_and_returns(void **state)
{
    (void)state;
    rig_init(&rig, 0x47, drift_for(21));
    barunit_poll(&rig.unit, rig.imu.now_us, false);
    start(&rig);
    rig_run(&rig, S, STEP_US, true);
    uint32_t frames = rig.frames;
    rig.imu.dead = true;
    uint64_t died = rig.imu.now_us;
    while (rig.unit.state != BARUNIT_FAULT && rig.imu.now_us < died + S)
        rig_run(&rig, rig.imu.now_us + 1000u, STEP_US, true);
    assert_int_equal(rig.unit.state, BARUNIT_FAULT);
    assert_true(rig.imu.now_us - died <= BARUNIT_SILENT_US + BARUNIT_HEALTH_US);
    struct barproto_info info;
    rig_info(&rig, &info);
    assert_true(info.status & BARPROTO_STATUS_IMU_FAULT);
    assert_false(info.status & BARPROTO_STATUS_STREAMING);
    rig_run(&rig, rig.imu.now_us + 2 * S, STEP_US, true);
    assert_int_equal(rig.unit.state, BARUNIT_FAULT); /* still dead, still probing */
    uint32_t faults = rig.unit.n.imu_faults;
    assert_true(faults >= 3);

    rig.imu.dead = false;
    icm_model_reset_regs(&rig.imu); /* it lost power */
    uint32_t resets = rig.imu.resets;
    rig_run(&rig, rig.imu.now_us + S, STEP_US, true);
    assert_int_equal(rig.unit.state, BARUNIT_STREAM);
    assert_int_equal(rig.imu.resets, resets + 1);
    rig_info(&rig, &info);
    assert_int_equal(info.status, BARPROTO_STATUS_STREAMING);
    assert_true(rig.frames > frames + 20u);
    assert_int_equal(rig.bad_frames, 0);
    assert_int_equal(rig.seq_gaps, 0);
    assert_int_equal(rig.sample_errors, 0);
}

/* The sensor resets itself (a brown-out): it still answers but stops sampling; the
 * unit notices the silence and sets it up again. */
static void test_sensor_reset_itself(void **state)
{
    (void)state;
    rig_init(&rig, 0x47, 0);
    barunit_poll(&rig.unit, rig.imu.now_us, false);
    start(&rig);
    rig_run(&rig, S, STEP_US, true);
    icm_model_reset_regs(&rig.imu);
    uint32_t samples = rig.samples;
    rig_run(&rig, 2 * S, STEP_US, true);
    assert_int_equal(rig.unit.state, BARUNIT_STREAM);
    assert_true(rig.samples > samples + 700u);
    assert_int_equal(rig.unit.n.imu_faults, 0);
    assert_int_equal(rig.bad_frames, 0);
    assert_int_equal(rig.sample_errors, 0);
}

/* Changing the rate while streaming: the frame in progress goes out, the sequence runs
 * on, frames after it carry the new period. */
static void test_rate_change_while_streaming(void **state)
{
    (void)state;
    rig_init(&rig, 0x47, 0);
    barunit_poll(&rig.unit, rig.imu.now_us, false);
    start(&rig);
    rig_run(&rig, S, STEP_US, true);
    assert_true(rig_request(&rig, RIG_REQ_OUT, BARPROTO_REQ_SET_RATE, 200, 0));
    uint32_t seq = rig.next_seq;
    unsigned frames = 0;
    while (rig.imu.now_us < 3 * S) {
        /* taken every 10 ms: at 200 Hz a frame is one sample (framer.h), and the
         * emulated build's queue holds four */
        rig_run(&rig, rig.imu.now_us + 10000u, STEP_US, false);
        const uint8_t *fr;
        while ((fr = barunit_tx_peek(&rig.unit))) {
            struct barproto_frame f;
            assert_int_equal(barproto_decode(fr, BARPROTO_FRAME_SIZE, &f), BARPROTO_OK);
            assert_int_equal(f.seq, seq++);
            if (frames++ > 0)
                assert_int_equal(f.period_us, 5000); /* the first may be the 1 kHz rest */
            barunit_tx_pop(&rig.unit);
        }
    }
    assert_true(frames >= 15);
    assert_true(rig_request(&rig, RIG_REQ_OUT, BARPROTO_REQ_STOP, 0, 0));
    barunit_poll(&rig.unit, rig.imu.now_us, false);
    assert_int_equal(rig.unit.state, BARUNIT_IDLE);
    assert_int_equal(rig.imu.regs[ICM_PWR_MGMT0], 0);
}

struct led_case {
    enum barunit_state state;
    bool configured;
    uint64_t t_us;
    bool on;
};

static const struct led_case led_cases[] = {
    {BARUNIT_FAULT, true, 0, true},        {BARUNIT_FAULT, true, 150000, false},
    {BARUNIT_FAULT, false, 250000, true},  {BARUNIT_IDLE, false, 50000, true},
    {BARUNIT_IDLE, false, 150000, false},  {BARUNIT_IDLE, false, 2050000, true},
    {BARUNIT_IDLE, true, 1234567, true},   {BARUNIT_STREAM, true, 100000, true},
    {BARUNIT_STREAM, true, 300000, false}, {BARUNIT_STREAM, false, 1000000, false},
};

static void test_status_led(void **state)
{
    (void)state;
    rig_init(&rig, 0x47, 0);
    for (size_t k = 0; k < sizeof led_cases / sizeof led_cases[0]; k++) {
        rig.unit.state = led_cases[k].state;
        assert_int_equal(barunit_led(&rig.unit, led_cases[k].configured, led_cases[k].t_us),
                         led_cases[k].on);
    }
}

/* The unit's own CRC-32 is the protocol's (zlib's on the host). */
static void test_crc32_soft(void **state)
{
    (void)state;
    assert_int_equal(crc32_soft((const uint8_t *)"123456789", 9), 0xcbf43926u);
    uint8_t buf[300];
    uint32_t st = 7;
    for (unsigned len = 0; len < sizeof buf; len += 13) {
        for (unsigned i = 0; i < len; i++)
            buf[i] = (uint8_t)lcg(&st);
        assert_int_equal(crc32_soft(buf, len), barproto_crc32(buf, len));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_probe),
        cmocka_unit_test(test_configuration_registers),
        cmocka_unit_test(test_bad_requests_refused_and_change_nothing),
        cmocka_unit_test(test_stream_every_rate_with_clock_drift),
        cmocka_unit_test(test_stream_jittery_loop),
        cmocka_unit_test(test_watermark_drives_reads),
        cmocka_unit_test(test_fifo_overflow_flagged),
        cmocka_unit_test(test_host_not_reading_drops_whole_frames),
        cmocka_unit_test(test_sensor_stops_answering_and_returns),
        cmocka_unit_test(test_sensor_reset_itself),
        cmocka_unit_test(test_rate_change_while_streaming),
        cmocka_unit_test(test_status_led),
        cmocka_unit_test(test_crc32_soft),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
