/*
 * Wire protocol, framer and ICM-42688-P FIFO parsing: the firmware's portable core
 * tested on the host.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../firmware/proto/barproto.h"
#include "../../firmware/proto/framer.h"
#include "../../firmware/core/imu_fifo.h"

#define WIRE_VERSION 2
#define WIRE_COUNT   18
#define WIRE_PERIOD  16
#define WIRE_ACCEL   19
#define WIRE_GYRO    20
#define WIRE_CRC     (BARPROTO_FRAME_SIZE - 4)

static struct barproto_frame sample_frame(void)
{
    struct barproto_frame f;
    memset(&f, 0, sizeof f);
    f.version = BARPROTO_VERSION;
    f.flags = BARPROTO_FLAG_CLIPPED | BARPROTO_FLAG_FIFO_OVERFLOW;
    f.seq = 0xDEADBEEFu;
    f.t_us = 0x0123456789ABCDEFull;
    f.period_us = 1000;
    f.count = BARPROTO_SAMPLES;
    f.accel_fs_g = 16;
    f.gyro_fs_dps = 2000;
    for (unsigned i = 0; i < BARPROTO_SAMPLES; i++) {
        for (int a = 0; a < 3; a++) {
            f.samples[i].accel[a] = (int16_t)(i * 1000 - 32768 + a * 7);
            f.samples[i].gyro[a] = (int16_t)(32767 - i * 999 - a * 3);
        }
    }
    return f;
}

/* Rewrites the CRC after a deliberate edit so only the edited field is wrong. */
static void reseal(uint8_t *buf)
{
    uint32_t crc = barproto_crc32(buf, WIRE_CRC);
    for (int i = 0; i < 4; i++)
        buf[WIRE_CRC + i] = (uint8_t)(crc >> (8 * i));
}

static void test_round_trip_every_field(void **state)
{
    (void)state;
    struct barproto_frame in = sample_frame(), out;
    uint8_t buf[BARPROTO_FRAME_SIZE];
    barproto_encode(&in, buf);
    memset(&out, 0xAA, sizeof out);
    assert_int_equal(barproto_decode(buf, BARPROTO_FRAME_SIZE, &out), BARPROTO_OK);
    assert_int_equal(out.version, in.version);
    assert_int_equal(out.flags, in.flags);
    assert_int_equal(out.seq, in.seq);
    assert_true(out.t_us == in.t_us);
    assert_int_equal(out.period_us, in.period_us);
    assert_int_equal(out.count, in.count);
    assert_int_equal(out.accel_fs_g, in.accel_fs_g);
    assert_int_equal(out.gyro_fs_dps, in.gyro_fs_dps);
    assert_memory_equal(out.samples, in.samples, sizeof in.samples);
}

static void test_layout_is_little_endian(void **state)
{
    (void)state;
    struct barproto_frame in = sample_frame();
    uint8_t buf[BARPROTO_FRAME_SIZE];
    barproto_encode(&in, buf);
    assert_int_equal(buf[0], 'R');
    assert_int_equal(buf[1], 'B');
    assert_int_equal(buf[WIRE_VERSION], BARPROTO_VERSION);
    assert_int_equal(buf[4], 0xEF); /* seq, low byte first */
    assert_int_equal(buf[7], 0xDE);
    assert_int_equal(buf[8], 0xEF); /* t_us */
    assert_int_equal(buf[15], 0x01);
    assert_int_equal(buf[WIRE_PERIOD], 1000 & 0xFF);
    assert_int_equal(buf[WIRE_PERIOD + 1], 1000 >> 8);
    assert_int_equal(buf[22], 0);
    assert_int_equal(buf[23], 0);
    /* first sample accel x = -32768 -> 0x8000 */
    assert_int_equal(buf[24], 0x00);
    assert_int_equal(buf[25], 0x80);
    uint32_t crc = barproto_crc32(buf, WIRE_CRC);
    assert_int_equal(buf[WIRE_CRC], crc & 0xFF);
    assert_int_equal(buf[WIRE_CRC + 3], crc >> 24);
}

static void test_crc_is_ieee(void **state)
{
    (void)state;
    /* The standard CRC-32 check value. */
    assert_int_equal(barproto_crc32((const uint8_t *)"123456789", 9), 0xCBF43926u);
}

static void test_partial_frame_round_trip(void **state)
{
    (void)state;
    struct barproto_frame in = sample_frame(), out;
    in.count = 3;
    uint8_t buf[BARPROTO_FRAME_SIZE];
    barproto_encode(&in, buf);
    assert_int_equal(barproto_decode(buf, BARPROTO_FRAME_SIZE, &out), BARPROTO_OK);
    assert_int_equal(out.count, 3);
    assert_memory_equal(out.samples, in.samples, 3 * sizeof in.samples[0]);
    /* Unused slots are zero on the wire. */
    for (size_t i = 24 + 3 * BARPROTO_SAMPLE_SIZE; i < WIRE_CRC; i++)
        assert_int_equal(buf[i], 0);
}

struct corruption {
    const char *what;
    size_t offset;
    uint8_t value;
    int reseal;
    enum barproto_status expect;
};

static const struct corruption corruptions[] = {
    {"magic", 0, 'X', 1, BARPROTO_BAD_MAGIC},
    {"magic high", 1, 'b', 1, BARPROTO_BAD_MAGIC},
    {"version", WIRE_VERSION, BARPROTO_VERSION + 1, 1, BARPROTO_BAD_VERSION},
    {"payload bit", 40, 0x5A, 0, BARPROTO_BAD_CRC},
    {"version 0", WIRE_VERSION, 0, 1, BARPROTO_BAD_VERSION},
    /* version 1 frames are 268 bytes: these 76 are only the start of one */
    {"version 1, cut short", WIRE_VERSION, 1, 1, BARPROTO_SHORT},
    {"seq bit", 5, 0x01, 0, BARPROTO_BAD_CRC},
    {"crc itself", WIRE_CRC + 2, 0x00, 0, BARPROTO_BAD_CRC},
    {"count 0", WIRE_COUNT, 0, 1, BARPROTO_BAD_FIELD},
    {"count too big", WIRE_COUNT, BARPROTO_SAMPLES + 1, 1, BARPROTO_BAD_FIELD},
    {"period 0", WIRE_PERIOD, 0, 1, BARPROTO_BAD_FIELD},
    {"accel range 3 g", WIRE_ACCEL, 3, 1, BARPROTO_BAD_FIELD},
    {"gyro range 2001", WIRE_GYRO, 0xD1, 1, BARPROTO_BAD_FIELD},
    {"MCU clock past int64", 15, 0x80, 1, BARPROTO_BAD_FIELD}, /* top byte of t_us */
};

static void test_corruptions_detected(void **state)
{
    (void)state;
    struct barproto_frame in = sample_frame();
    for (size_t c = 0; c < sizeof corruptions / sizeof corruptions[0]; c++) {
        const struct corruption *k = &corruptions[c];
        uint8_t buf[BARPROTO_FRAME_SIZE];
        barproto_encode(&in, buf);
        if (k->offset == WIRE_PERIOD)
            buf[WIRE_PERIOD + 1] = 0;
        if (k->value == buf[k->offset] && !k->reseal)
            buf[k->offset] ^= 0xFF;
        else
            buf[k->offset] = k->value;
        if (k->reseal)
            reseal(buf);
        struct barproto_frame out = sample_frame();
        out.seq = 7;
        enum barproto_status st = barproto_decode(buf, BARPROTO_FRAME_SIZE, &out);
        print_message("%s -> %s\n", k->what, barproto_status_str(st));
        assert_int_equal(st, k->expect);
        assert_int_equal(out.seq, 7); /* untouched on error */
    }
}

static void test_info_round_trip_and_checks(void **state)
{
    (void)state;
    struct barproto_info in = {.version = BARPROTO_VERSION,
                               .fw_version = {1, 2, 3},
                               .who_am_i = BARPROTO_WHO_AM_I,
                               .accel_fs_g = 16,
                               .rate_hz = 1000,
                               .gyro_fs_dps = 2000,
                               .status = BARPROTO_STATUS_IMU_FAULT,
                               .frames_dropped = 0x01020304u,
                               .serial = "RB-000123"};
    uint8_t buf[BARPROTO_INFO_SIZE];
    barproto_info_encode(&in, buf);
    assert_int_equal(buf[10], BARPROTO_STATUS_IMU_FAULT);
    assert_int_equal(buf[11], 0);
    assert_int_equal(buf[12], 0x04); /* little-endian, like every field */
    assert_int_equal(buf[15], 0x01);
    assert_int_equal(buf[0], BARPROTO_VERSION); /* any kiosk can read this byte */
    assert_int_equal(buf[6], 1000 & 0xff);
    assert_int_equal(buf[7], 1000 >> 8);
    struct barproto_info out;
    assert_int_equal(barproto_info_decode(buf, sizeof buf, &out), BARPROTO_OK);
    assert_memory_equal(out.fw_version, in.fw_version, 3);
    assert_int_equal(out.who_am_i, BARPROTO_WHO_AM_I);
    assert_int_equal(out.accel_fs_g, 16);
    assert_int_equal(out.rate_hz, 1000);
    assert_int_equal(out.gyro_fs_dps, 2000);
    assert_string_equal(out.serial, "RB-000123");
    assert_int_equal(out.status, BARPROTO_STATUS_IMU_FAULT);
    assert_int_equal(out.frames_dropped, 0x01020304u);

    assert_int_equal(barproto_info_decode(buf, 0, &out), BARPROTO_BAD_FIELD);
    assert_int_equal(barproto_info_decode(buf, BARPROTO_INFO_SIZE - 1, &out), BARPROTO_BAD_FIELD);
    buf[0] = BARPROTO_VERSION + 1;
    assert_int_equal(barproto_info_decode(buf, 1, &out), BARPROTO_BAD_VERSION);
    buf[0] = 0;
    assert_int_equal(barproto_info_decode(buf, 1, &out), BARPROTO_BAD_VERSION);
    buf[0] = 1; /* a unit from before protocol 2: same layout, still read */
    assert_int_equal(barproto_info_decode(buf, sizeof buf, &out), BARPROTO_OK);
    assert_int_equal(out.version, 1);
    buf[0] = BARPROTO_VERSION;
    buf[16] = 0x07; /* a control character in the serial shows as '?' */
    assert_int_equal(barproto_info_decode(buf, sizeof buf, &out), BARPROTO_OK);
    assert_int_equal(out.serial[0], '?');
}

static void test_status_strings_distinct(void **state)
{
    (void)state;
    const enum barproto_status all[] = {BARPROTO_OK,      BARPROTO_BAD_MAGIC, BARPROTO_BAD_VERSION,
                                        BARPROTO_BAD_CRC, BARPROTO_BAD_FIELD, BARPROTO_SHORT};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        assert_non_null(barproto_status_str(all[i]));
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(barproto_status_str(all[i]), barproto_status_str(all[j]));
    }
}

/*
 * Version 1 frames (20 samples, 268 bytes), as units with older firmware send them,
 * still decode; the length given decides whether the whole frame is there.
 */
static void test_version_1_frame_round_trip(void **state)
{
    (void)state;
    struct barproto_frame in, out;
    memset(&in, 0, sizeof in);
    in.version = 1;
    in.seq = 41;
    in.t_us = 123456789;
    in.period_us = 1000;
    in.count = BARPROTO_V1_SAMPLES;
    in.accel_fs_g = 16;
    in.gyro_fs_dps = 2000;
    for (unsigned i = 0; i < BARPROTO_V1_SAMPLES; i++)
        in.samples[i] = (struct barproto_sample){{(int16_t)i, 2, 3}, {4, 5, (int16_t)-i}};
    uint8_t buf[BARPROTO_FRAME_SIZE_MAX];
    assert_int_equal(barproto_encode(&in, buf), BARPROTO_V1_FRAME_SIZE);
    assert_int_equal(BARPROTO_V1_FRAME_SIZE, 268);
    assert_int_equal(barproto_frame_size(1), 268);
    assert_int_equal(barproto_frame_size(2), 76);
    assert_int_equal(barproto_frame_size(3), 0);
    assert_int_equal(barproto_decode(buf, BARPROTO_V1_FRAME_SIZE - 1, &out), BARPROTO_SHORT);
    assert_int_equal(barproto_decode(buf, BARPROTO_V1_FRAME_SIZE, &out), BARPROTO_OK);
    assert_memory_equal(&out, &in, sizeof in);
    /* the CRC is where version 1 puts it, after 20 samples */
    uint32_t crc = (uint32_t)buf[264] | (uint32_t)buf[265] << 8 | (uint32_t)buf[266] << 16 |
                   (uint32_t)buf[267] << 24;
    assert_int_equal(crc, barproto_crc32(buf, 264));
}

/* --- framer --- */

static struct barproto_sample numbered(int i)
{
    struct barproto_sample s = {{(int16_t)i, (int16_t)-i, 2048}, {(int16_t)(3 * i), 0, -1}};
    return s;
}

static void test_framer_seq_and_timestamps(void **state)
{
    (void)state;
    const unsigned n = BARPROTO_SAMPLES; /* a frame's samples */
    struct framer f;
    framer_init(&f, 1000, 16, 2000);
    uint8_t buf[BARPROTO_FRAME_SIZE];
    const uint64_t t0 = 5000000;
    unsigned frames = 0;
    for (unsigned i = 0; i < 3 * n - 1; i++) {
        struct barproto_sample s = numbered((int)i);
        bool sent = framer_push(&f, &s, t0 + 1000u * (uint64_t)i, buf);
        assert_int_equal(sent, (i + 1) % n == 0);
        if (!sent)
            continue;
        struct barproto_frame out;
        assert_int_equal(barproto_decode(buf, BARPROTO_FRAME_SIZE, &out), BARPROTO_OK);
        assert_int_equal(out.version, BARPROTO_VERSION);
        assert_int_equal(out.seq, frames);
        assert_true(out.t_us == t0 + 1000u * n * (uint64_t)frames);
        assert_int_equal(out.count, n);
        assert_int_equal(out.period_us, 1000);
        assert_int_equal(out.accel_fs_g, 16);
        assert_int_equal(out.gyro_fs_dps, 2000);
        assert_int_equal(out.flags, 0);
        assert_int_equal(out.samples[0].accel[0], n * frames);
        assert_int_equal(out.samples[n - 1].gyro[0], 3 * (n * frames + n - 1));
        frames++;
    }
    assert_int_equal(frames, 2);
    assert_true(framer_flush(&f, buf));
    struct barproto_frame out;
    assert_int_equal(barproto_decode(buf, BARPROTO_FRAME_SIZE, &out), BARPROTO_OK);
    assert_int_equal(out.seq, 2);
    assert_int_equal(out.count, n - 1);
    assert_true(out.t_us == t0 + 2000u * n);
    assert_false(framer_flush(&f, buf));
}

/*
 * At every rate the unit offers (and slower), a frame leaves within FRAMER_SPAN_MAX_US
 * of its first sample: the sample that closes it was taken at most 4 ms after the first.
 * At 200 Hz a full frame of four would have held its first sample 15 ms.
 */
static void test_framer_closes_frames_in_time(void **state)
{
    (void)state;
    static const struct {
        uint16_t period_us;
        unsigned per_frame;
    } cases[] = {
        {1000, 4},                        /* 1 kHz: the full frame, 3 ms first to last */
        {2000, 3},                        /* 500 Hz */
        {4000, 2},                        /* 250 Hz */
        {5000, 1},                        /* 200 Hz: each sample on its own */
        {10000, 1}, {20000, 1}, {500, 4}, /* faster than the unit offers: still a full frame */
    };
    for (unsigned c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        uint16_t period = cases[c].period_us;
        assert_int_equal(framer_samples_per_frame(period), cases[c].per_frame);
        struct framer f;
        framer_init(&f, period, 16, 2000);
        uint8_t buf[BARPROTO_FRAME_SIZE];
        const uint64_t t0 = 1000000;
        unsigned frames = 0, samples = 0;
        for (unsigned i = 0; i < 40; i++) {
            struct barproto_sample s = numbered((int)i);
            uint64_t t_us = t0 + (uint64_t)period * i;
            if (!framer_push(&f, &s, t_us, buf))
                continue;
            struct barproto_frame out;
            assert_int_equal(barproto_decode(buf, BARPROTO_FRAME_SIZE, &out), BARPROTO_OK);
            assert_int_equal(out.count, cases[c].per_frame);
            assert_int_equal(out.seq, frames);
            assert_true(out.t_us == t0 + (uint64_t)period * samples);
            assert_int_equal(out.samples[0].accel[0], samples);
            assert_true(t_us - out.t_us <= FRAMER_SPAN_MAX_US); /* left in time */
            frames++;
            samples += out.count;
        }
        assert_int_equal(samples, 40 - 40 % cases[c].per_frame);
    }
}

static void test_framer_gap_closes_frame(void **state)
{
    (void)state;
    const unsigned n = BARPROTO_SAMPLES;
    struct framer f;
    framer_init(&f, 1000, 16, 2000);
    uint8_t buf[BARPROTO_FRAME_SIZE];
    struct barproto_sample s = numbered(1);
    /* one short of a frame, one of them 300 us late: jitter, not a gap */
    for (unsigned i = 0; i < n - 1; i++)
        assert_false(framer_push(&f, &s, 1000u * (uint64_t)i + (i == 1 ? 300u : 0u), buf));
    framer_mark(&f, BARPROTO_FLAG_FIFO_OVERFLOW);
    /* 5 samples missing: the next one cannot share the frame's time base. */
    const uint64_t after_gap_us = 1000u * (n - 1 + 5);
    assert_true(framer_push(&f, &s, after_gap_us, buf));
    struct barproto_frame out;
    assert_int_equal(barproto_decode(buf, BARPROTO_FRAME_SIZE, &out), BARPROTO_OK);
    assert_int_equal(out.count, n - 1);
    assert_int_equal(out.seq, 0);
    assert_true(out.t_us == 0);
    assert_int_equal(out.flags, BARPROTO_FLAG_FIFO_OVERFLOW);
    assert_true(framer_flush(&f, buf));
    assert_int_equal(barproto_decode(buf, BARPROTO_FRAME_SIZE, &out), BARPROTO_OK);
    assert_int_equal(out.seq, 1);
    assert_int_equal(out.count, 1);
    assert_true(out.t_us == after_gap_us);
    assert_int_equal(out.flags, 0);
}

static void test_framer_flags_clipping(void **state)
{
    (void)state;
    struct framer f;
    framer_init(&f, 1000, 16, 2000);
    uint8_t buf[BARPROTO_FRAME_SIZE];
    struct barproto_sample s = numbered(0);
    assert_false(framer_push(&f, &s, 0, buf));
    s.accel[2] = INT16_MAX;
    assert_false(framer_push(&f, &s, 1000, buf));
    assert_true(framer_flush(&f, buf));
    struct barproto_frame out;
    assert_int_equal(barproto_decode(buf, BARPROTO_FRAME_SIZE, &out), BARPROTO_OK);
    assert_int_equal(out.flags, BARPROTO_FLAG_CLIPPED);
}

/* --- ICM-42688-P FIFO, packet 3 --- */

static void test_fifo_packet3(void **state)
{
    (void)state;
    /* Built by hand from the datasheet layout: header, accel/gyro big-endian, temp, ts. */
    const uint8_t pkt[IMU_FIFO_PACKET3_SIZE] = {
        0x68 | IMU_FIFO_HEADER_ODR_ACCEL, /* accel + gyro + ODR timestamp */
        0x08,
        0x00, /* ax = 2048 (1 g at 16 g) */
        0xFF,
        0xFE, /* ay = -2 */
        0x12,
        0x34, /* az = 0x1234 */
        0x80,
        0x01, /* gx = -32767 */
        0x00,
        0x10, /* gy = 16 */
        0x7F,
        0xFF, /* gz = 32767 */
        0xF6, /* temp = -10 -> 25 - 4.83 C */
        0xAB,
        0xCD, /* timestamp */
    };
    struct imu_fifo_packet p;
    assert_int_equal(imu_fifo_parse(pkt, sizeof pkt, &p), IMU_FIFO_OK);
    assert_int_equal(p.sample.accel[0], 2048);
    assert_int_equal(p.sample.accel[1], -2);
    assert_int_equal(p.sample.accel[2], 0x1234);
    assert_int_equal(p.sample.gyro[0], -32767);
    assert_int_equal(p.sample.gyro[1], 16);
    assert_int_equal(p.sample.gyro[2], 32767);
    assert_int_equal(p.temp_raw, -10);
    assert_int_equal(imu_fifo_temp_centi_c(p.temp_raw), 2017);
    assert_int_equal(imu_fifo_temp_centi_c(0), 2500);
    assert_int_equal(imu_fifo_temp_centi_c(21), 3514);
    assert_int_equal(p.timestamp, 0xABCD);
    assert_false(p.fsync);
    assert_int_equal(p.header, 0x6A);
}

static void test_fifo_other_packets(void **state)
{
    (void)state;
    uint8_t pkt[IMU_FIFO_PACKET3_SIZE] = {0x6C, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 30, 0, 9};
    struct imu_fifo_packet p;
    assert_int_equal(imu_fifo_parse(pkt, sizeof pkt, &p), IMU_FIFO_OK);
    assert_true(p.fsync);
    assert_int_equal(p.timestamp, 9);
    assert_int_equal(imu_fifo_parse(pkt, 15, &p), IMU_FIFO_SHORT);
    assert_int_equal(imu_fifo_parse(pkt, 0, &p), IMU_FIFO_SHORT);
    pkt[0] = 0x80; /* FIFO empty */
    assert_int_equal(imu_fifo_parse(pkt, sizeof pkt, &p), IMU_FIFO_EMPTY);
    pkt[0] = 0x78; /* packet 4, 20-bit */
    assert_int_equal(imu_fifo_parse(pkt, sizeof pkt, &p), IMU_FIFO_UNSUPPORTED);
    pkt[0] = 0x48; /* accel only: packet 1 */
    assert_int_equal(imu_fifo_parse(pkt, sizeof pkt, &p), IMU_FIFO_UNSUPPORTED);
    pkt[0] = 0x68;
    pkt[7] = 0x80; /* gyro x = -32768: sensor marked the field invalid */
    pkt[8] = 0x00;
    assert_int_equal(imu_fifo_parse(pkt, sizeof pkt, &p), IMU_FIFO_INVALID);
}

static void test_fifo_clock_unwraps(void **state)
{
    (void)state;
    struct imu_fifo_clock c;
    imu_fifo_clock_init(&c);
    assert_true(imu_fifo_clock_extend(&c, 0xFFF0) == 0xFFF0);
    assert_true(imu_fifo_clock_extend(&c, 0x0010) == 0x10010);
    assert_true(imu_fifo_clock_extend(&c, 0x0400) == 0x10400);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_every_field),
        cmocka_unit_test(test_layout_is_little_endian),
        cmocka_unit_test(test_crc_is_ieee),
        cmocka_unit_test(test_partial_frame_round_trip),
        cmocka_unit_test(test_corruptions_detected),
        cmocka_unit_test(test_info_round_trip_and_checks),
        cmocka_unit_test(test_status_strings_distinct),
        cmocka_unit_test(test_framer_seq_and_timestamps),
        cmocka_unit_test(test_framer_gap_closes_frame),
        cmocka_unit_test(test_framer_flags_clipping),
        cmocka_unit_test(test_framer_closes_frames_in_time),
        cmocka_unit_test(test_fifo_packet3),
        cmocka_unit_test(test_fifo_other_packets),
        cmocka_unit_test(test_fifo_clock_unwraps),
        cmocka_unit_test(test_version_1_frame_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
