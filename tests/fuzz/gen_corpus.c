/*
 * Writes the binary seed inputs of the fuzzers into tests/fuzz/corpus/: frames from the
 * firmware's own framer and encoder, key sequences a badge reader types, and FIFO bytes
 * as the ICM-42688-P lays them out. The text seeds (config files) are kept as files.
 * The outputs are checked in; run this again after a wire-protocol change:
 *
 *   cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -o /tmp/gen_corpus tests/fuzz/gen_corpus.c \
 *      app/core/barlink.c app/core/rep.c app/core/rules.c app/core/plates.c
 * firmware/proto/barproto.c \ firmware/proto/framer.c firmware/proto/crc32_host.c -ldeflate -lm
 *   /tmp/gen_corpus tests/fuzz/corpus
 */
#include <linux/input-event-codes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/core/barlink.h"
#include "../../app/core/rep.h"
#include "../../app/core/rules.h"
#include "../../firmware/proto/framer.h"

#define G_MPS2        9.80665
#define PI            3.14159265358979
#define ACCEL_FS_G    4
#define GYRO_FS_DPS   500
#define RAW_FULL      32768.0
#define MCU_START_US  5000000u
#define STREAM_MAX    (64u * 1024u)
#define SQUAT_RATE_US 10000u /* 100 Hz keeps a whole rep in a few kB */
#define SQUAT_DEPTH_M 0.5
#define RX_LAG_MS     3

struct blob {
    size_t len;
    uint8_t bytes[STREAM_MAX];
};

static void put(struct blob *b, const void *p, size_t n)
{
    if (b->len + n > sizeof b->bytes) {
        fprintf(stderr, "gen_corpus: blob too large\n");
        exit(1);
    }
    memcpy(b->bytes + b->len, p, n);
    b->len += n;
}

static void put_byte(struct blob *b, uint8_t v)
{
    put(b, &v, 1);
}

static void save(const char *dir, const char *target, const char *name, const struct blob *b)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s/%s", dir, target, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b->bytes, 1, b->len, f) != b->len || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

static int16_t raw_accel(double g)
{
    return (int16_t)lrint(g * RAW_FULL / ACCEL_FS_G);
}

static struct barproto_sample still_sample(int i)
{
    /* A little tilt and a wobble of a count or two, as a real sensor shows. */
    struct barproto_sample s = {.accel = {raw_accel(0.02), raw_accel(-0.01), raw_accel(1.0)}};
    s.accel[2] += (int16_t)(i % 3 - 1);
    s.gyro[0] = (int16_t)(i % 2);
    return s;
}

/* Frames of n still samples at 1 kHz, appended to b; returns the next MCU time. */
static uint64_t still_frames(struct framer *fr, struct blob *b, int n, uint64_t t_us)
{
    uint8_t out[BARPROTO_FRAME_SIZE];
    for (int i = 0; i < n; i++, t_us += 1000) {
        struct barproto_sample s = still_sample(i);
        if (framer_push(fr, &s, t_us, out))
            put(b, out, sizeof out);
    }
    return t_us;
}

/* Vertical acceleration (g, gravity included) of a squat at time t into the rep. */
static double squat_accel_g(double t_s, double ecc_s, double bottom_s, double conc_s)
{
    double half = SQUAT_DEPTH_M / 2;
    if (t_s < ecc_s) {
        double w = PI / ecc_s;
        return 1.0 - half * w * w * cos(w * t_s) / G_MPS2;
    }
    t_s -= ecc_s + bottom_s;
    if (t_s >= 0 && t_s < conc_s) {
        double w = PI / conc_s;
        return 1.0 + half * w * w * cos(w * t_s) / G_MPS2;
    }
    return 1.0;
}

static void barproto_seeds(const char *dir)
{
    struct framer fr;
    uint8_t out[BARPROTO_FRAME_SIZE];
    struct blob b;

    framer_init(&fr, 1000, ACCEL_FS_G, GYRO_FS_DPS);
    for (int i = 0; i < (int)BARPROTO_SAMPLES; i++) {
        struct barproto_sample s = still_sample(i);
        if (framer_push(&fr, &s, MCU_START_US + 1000u * (unsigned)i, out)) {
            b.len = 0;
            put(&b, out, sizeof out);
            save(dir, "barproto", "full_1khz", &b);
        }
    }

    framer_init(&fr, 1250, 16, 2000);
    for (int i = 0; i < 7; i++) {
        struct barproto_sample s = {.accel = {INT16_MAX, -3, 2048}, .gyro = {-1, INT16_MIN, 7}};
        framer_push(&fr, &s, 123456789u + 1250u * (unsigned)i, out);
    }
    framer_mark(&fr, BARPROTO_FLAG_FIFO_OVERFLOW);
    framer_flush(&fr, out);
    b.len = 0;
    put(&b, out, sizeof out);
    save(dir, "barproto", "partial_clipped_overflow", &b);

    struct barproto_frame f = {.version = BARPROTO_VERSION,
                               .seq = 0xFFFFFFFFu,
                               .t_us = UINT64_MAX - 100000u,
                               .period_us = 65535,
                               .count = 1,
                               .accel_fs_g = 2,
                               .gyro_fs_dps = 125};
    barproto_encode(&f, out);
    b.len = 0;
    put(&b, out, sizeof out);
    save(dir, "barproto", "extremes", &b);
}

/* A barlink input: the read plan header, then the stream. */
static void barlink_save(const char *dir, const char *name, const uint8_t *plan, size_t n_pairs,
                         const struct blob *stream)
{
    static struct blob b;
    b.len = 0;
    put_byte(&b, (uint8_t)n_pairs);
    put(&b, plan, 2 * n_pairs);
    put(&b, stream->bytes, stream->len);
    save(dir, "barlink", name, &b);
}

struct rep_count {
    struct rep_detector det;
    int reps;
};

static void count_rep(void *ctx, const struct imu_sample *s)
{
    struct rep_count *c = ctx;
    struct rep_result r;
    if (rep_detector_push(&c->det, s, &r))
        c->reps++;
}

static void barlink_seeds(const char *dir)
{
    static struct blob s;
    struct framer fr;
    uint8_t out[BARPROTO_FRAME_SIZE];

    /* Three frames at 1 kHz in one read. */
    s.len = 0;
    framer_init(&fr, 1000, ACCEL_FS_G, GYRO_FS_DPS);
    uint64_t t = still_frames(&fr, &s, 3 * BARPROTO_SAMPLES, MCU_START_US);
    barlink_save(dir, "three_frames", NULL, 0, &s);

    /* Garbage, a lost frame, a reboot (seq and clock start over), odd read sizes. */
    s.len = 0;
    put(&s, "RB\x01junk", 7);
    t = still_frames(&fr, &s, 2 * BARPROTO_SAMPLES, t);
    still_frames(&fr, &(struct blob){0}, BARPROTO_SAMPLES, t); /* lost on the wire */
    t = still_frames(&fr, &s, BARPROTO_SAMPLES, t + BARPROTO_SAMPLES * 1000u);
    framer_init(&fr, 1000, ACCEL_FS_G, GYRO_FS_DPS);
    still_frames(&fr, &s, 2 * BARPROTO_SAMPLES, MCU_START_US);
    const uint8_t odd_reads[] = {63, 1, 200, 4, 0, 0, 255, 20};
    barlink_save(dir, "gap_garbage_reboot", odd_reads, sizeof odd_reads / 2, &s);

    /* One squat at 100 Hz: 1 s still, 1.2 s down, 0.3 s pause, 1 s up, 1.5 s still. */
    s.len = 0;
    framer_init(&fr, SQUAT_RATE_US, ACCEL_FS_G, GYRO_FS_DPS);
    const double still_s = 1.0, ecc_s = 1.2, bottom_s = 0.3, conc_s = 1.0, after_s = 1.5;
    double total_s = still_s + ecc_s + bottom_s + conc_s + after_s;
    int n = (int)(total_s * 1e6 / SQUAT_RATE_US);
    for (int i = 0; i < n; i++) {
        double t_s = i * (SQUAT_RATE_US / 1e6) - still_s;
        struct barproto_sample smp = still_sample(i);
        if (t_s >= 0)
            smp.accel[2] = raw_accel(squat_accel_g(t_s, ecc_s, bottom_s, conc_s));
        if (framer_push(&fr, &smp, MCU_START_US + (uint64_t)i * SQUAT_RATE_US, out))
            put(&s, out, sizeof out);
    }
    if (framer_flush(&fr, out))
        put(&s, out, sizeof out);
    /* A frame (268 bytes) per 200 ms, read as 256 + 12 bytes. */
    const uint8_t per_frame[] = {255, 200, 11, 0};
    barlink_save(dir, "squat_100hz", per_frame, sizeof per_frame / 2, &s);

    /* The seed must reach the rep detector's measuring code, or it seeds little. */
    static struct rep_count c;
    struct rules rules;
    rules_default(&rules);
    rep_detector_init(&c.det, &rules);
    struct barlink l;
    barlink_init(&l);
    int64_t rx_us = 1000000000;
    for (size_t off = 0; off < s.len; off += BARPROTO_FRAME_SIZE) {
        rx_us += 200000;
        barlink_feed(&l, s.bytes + off, BARPROTO_FRAME_SIZE, rx_us + RX_LAG_MS * 1000, count_rep,
                     &c);
    }
    if (c.reps != 1) {
        fprintf(stderr, "gen_corpus: the squat seed gives %d reps, not 1\n", c.reps);
        exit(1);
    }
}

struct key {
    int code, value, gap_ms;
};

static void badge_save(const char *dir, const char *name, const struct key *keys, size_t n)
{
    struct blob b = {0};
    for (size_t i = 0; i < n; i++) {
        int steps = keys[i].gap_ms / 8;
        put_byte(&b, (uint8_t)(steps > 127 ? 127 : steps));
        put_byte(&b, (uint8_t)(keys[i].code & 0xFF));
        put_byte(&b, (uint8_t)((keys[i].code >> 8) & 0xFF));
        put_byte(&b, (uint8_t)keys[i].value);
    }
    save(dir, "badge", name, &b);
}

/* Press and release of each key, 8 ms apart, as a reader types. */
static size_t typed(struct key *out, const int *codes, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        out[k++] = (struct key){codes[i], 1, 8};
        out[k++] = (struct key){codes[i], 0, 8};
    }
    return k;
}

static void badge_seeds(const char *dir)
{
    struct key keys[128];
    const int uid[] = {KEY_0, KEY_4, KEY_A, KEY_F, KEY_MINUS, KEY_9, KEY_ENTER};
    badge_save(dir, "uid_enter", keys, typed(keys, uid, sizeof uid / sizeof uid[0]));

    const int keypad[] = {KEY_KP1, KEY_KP2, KEY_KPMINUS, KEY_KP0, KEY_KPENTER};
    badge_save(dir, "keypad", keys, typed(keys, keypad, sizeof keypad / sizeof keypad[0]));

    size_t k = 0;
    keys[k++] = (struct key){KEY_LEFTSHIFT, 1, 8};
    k += typed(keys + k, (const int[]){KEY_D, KEY_E}, 2);
    keys[k++] = (struct key){KEY_LEFTSHIFT, 0, 8};
    k += typed(keys + k, (const int[]){KEY_7, KEY_ENTER}, 2);
    keys[k++] = (struct key){KEY_1, 1, 600}; /* stalls, then a new read */
    keys[k++] = (struct key){KEY_1, 2, 8};   /* autorepeat */
    k += typed(keys + k, (const int[]){KEY_ENTER}, 1);
    badge_save(dir, "shift_stall_repeat", keys, k);

    int longest[40];
    for (int i = 0; i < 39; i++)
        longest[i] = KEY_1 + i % 10;
    longest[39] = KEY_ENTER;
    badge_save(dir, "too_long", keys, typed(keys, longest, 40));
}

static void fifo_packet(struct blob *b, uint8_t header, const int16_t v[6], int8_t temp,
                        uint16_t ts)
{
    put_byte(b, header);
    for (int i = 0; i < 6; i++) {
        put_byte(b, (uint8_t)((uint16_t)v[i] >> 8));
        put_byte(b, (uint8_t)v[i]);
    }
    put_byte(b, (uint8_t)temp);
    put_byte(b, (uint8_t)(ts >> 8));
    put_byte(b, (uint8_t)ts);
}

static void imu_fifo_seeds(const char *dir)
{
    struct blob b = {0};
    const int16_t rest[6] = {80, -40, 8192, 3, -2, 1};
    for (int i = 0; i < 4; i++)
        fifo_packet(&b, 0x68, rest, 21, (uint16_t)(0xFFF0u + 8u * (unsigned)i));
    save(dir, "imu_fifo", "four_packets_wrap", &b);

    b.len = 0;
    fifo_packet(&b, 0x6F, rest, -40, 100); /* fsync, both ODR-changed bits */
    const int16_t invalid[6] = {INT16_MIN, 0, 0, 0, 0, 0};
    fifo_packet(&b, 0x68, invalid, 0, 108);
    put_byte(&b, 0x80); /* the FIFO ran empty */
    put_byte(&b, 0x70); /* a 20-bit packet 4 header */
    fifo_packet(&b, 0x68, rest, 127, 116);
    b.len -= 3; /* cut short */
    save(dir, "imu_fifo", "fsync_invalid_empty_short", &b);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    barproto_seeds(argv[1]);
    barlink_seeds(argv[1]);
    badge_seeds(argv[1]);
    imu_fifo_seeds(argv[1]);
    return 0;
}
