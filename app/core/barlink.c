#include "barlink.h"

#include <stddef.h>
#include <string.h>

#include "imu_record.h"

#define MAGIC_LO       ((uint8_t)(BARPROTO_MAGIC & 0xFFu))
#define MAGIC_HI       ((uint8_t)(BARPROTO_MAGIC >> 8))
#define RAW_FULL_SCALE 32768.0f
/* A larger forward jump in seq than this (20 s of 4 ms frames) is a reboot, not a loss. */
#define MAX_SEQ_GAP_FRAMES 5000u
/* A frame up to this many behind the expected seq, with a recent timestamp, is a repeat. */
#define MAX_REPEAT_FRAMES 8u

_Static_assert(sizeof(((struct barlink *)0)->buf) >= 2 * BARPROTO_FRAME_SIZE_MAX,
               "a split frame and the start of the next fit the buffer");
_Static_assert(offsetof(struct imu_sample, gyro_dps) ==
                   offsetof(struct imu_sample, accel_g) + 3 * sizeof(float),
               "a sample's six axes lie in a row, as the conversion writes them");

/* Four lanes at once (SSE on x86, NEON on a Pi): the six axes' int-to-float and scale
 * were a fifth of the link's instructions one by one. */
typedef int32_t lanes_i32 __attribute__((vector_size(16)));
typedef int16_t lanes_i16 __attribute__((vector_size(16)));
typedef float lanes_f32 __attribute__((vector_size(16)));

/* Eight counts to two vectors of four widened to 32 bits: each count paired with
 * itself, then shifted back arithmetically (an unpack and a shift on SSE2, a widening
 * move on NEON), where putting the lanes together one by one took 17 instructions. */
static inline void widen(lanes_i16 v, lanes_i32 *lo, lanes_i32 *hi)
{
    lanes_i16 a = __builtin_shufflevector(v, v, 0, 0, 1, 1, 2, 2, 3, 3);
    lanes_i16 b = __builtin_shufflevector(v, v, 4, 4, 5, 5, 6, 6, 7, 7);
    lanes_i32 wa, wb;
    memcpy(&wa, &a, sizeof wa);
    memcpy(&wb, &b, sizeof wb);
    *lo = wa >> 16;
    *hi = wb >> 16;
}

void barlink_init(struct barlink *l)
{
    memset(l, 0, sizeof *l);
}

/* Forgets the clock and sequence so a rebooted unit is learned afresh. */
static void forget_device(struct barlink *l)
{
    l->have_seq = false;
    l->have_offset = false;
}

/*
 * Tracks seq; returns false for a repeated frame, which must be dropped. A seq that
 * jumps far, or a clock that runs back further than a repeat would, is a reboot.
 */
static bool track_seq(struct barlink *l, const struct barproto_frame *f)
{
    if (l->have_seq) {
        uint32_t gap = f->seq - l->next_seq;
        int32_t back = (int32_t)(l->next_seq - f->seq);
        bool clock_back = l->have_sample && f->t_us <= l->last_mcu_us;
        uint64_t repeat_window_us =
            (uint64_t)f->period_us * barproto_frame_samples(f->version) * MAX_REPEAT_FRAMES;
        if (gap != 0 && back > 0 && back <= (int32_t)MAX_REPEAT_FRAMES && clock_back &&
            l->last_mcu_us - f->t_us <= repeat_window_us)
            return false;
        if (gap > MAX_SEQ_GAP_FRAMES || clock_back) {
            l->stats.device_restarts++;
            forget_device(l);
        } else {
            l->stats.frames_lost += gap;
        }
    }
    l->have_seq = true;
    l->next_seq = f->seq + 1u;
    return true;
}

/* Learns the MCU-to-kiosk offset from a frame that arrived at rx_t_us. */
static void track_offset(struct barlink *l, const struct barproto_frame *f, int64_t rx_t_us)
{
    uint64_t last_mcu_us = f->t_us + (uint64_t)f->period_us * (f->count - 1u);
    int64_t candidate = rx_t_us - (int64_t)last_mcu_us;
    if (!l->have_offset || candidate < l->offset_us)
        l->offset_us = candidate;
    l->have_offset = true;
    l->last_frame_rx_us = rx_t_us;
}

/* Hands the checked frame's samples (read straight from its bytes) to fn. */
static void deliver(struct barlink *l, const struct barproto_frame *f, const uint8_t *bytes,
                    barlink_sample_fn fn, void *ctx)
{
    float accel_scale = (float)f->accel_fs_g / RAW_FULL_SCALE;
    float gyro_scale = (float)f->gyro_fs_dps / RAW_FULL_SCALE;
    bool record_scale =
        f->accel_fs_g == IMU_RECORD_ACCEL_FS_G && f->gyro_fs_dps == IMU_RECORD_GYRO_FS_DPS;
    l->raw_counts = record_scale ? l->raw : NULL;
    const lanes_f32 scale_lo = {accel_scale, accel_scale, accel_scale, gyro_scale};
    const lanes_f32 scale_hi = {gyro_scale, gyro_scale, gyro_scale, gyro_scale};
    int64_t offset_us = l->offset_us;
    l->frame_end_t_us = (int64_t)(f->t_us + (uint64_t)f->period_us * (f->count - 1u)) + offset_us;
    /* kept in locals: fn may reach l and f, so the compiler would reload every field */
    bool have_sample = l->have_sample;
    int64_t last_t_us = l->last_sample_t_us;
    uint64_t mcu_us = f->t_us;
    const unsigned count = f->count, period_us = f->period_us;
    int16_t *raw = l->raw; /* ax ay az gx gy gz, as a record keeps them */
    for (unsigned i = 0; i < count; i++, mcu_us += period_us) {
        int64_t t_us = (int64_t)mcu_us + offset_us;
        /* A smaller offset learned later must not send time backwards. */
        if (have_sample && t_us <= last_t_us)
            t_us = last_t_us + 1;
        barproto_sample_counts(bytes, i, raw);
        struct imu_sample s;
        s.t_us = t_us;
        lanes_i16 counts;
        memcpy(&counts, raw, sizeof counts); /* raw[6..7] are padding */
        lanes_i32 lo, hi;
        widen(counts, &lo, &hi);
        lanes_f32 axes[2] = {__builtin_convertvector(lo, lanes_f32) * scale_lo,
                             __builtin_convertvector(hi, lanes_f32) * scale_hi};
        memcpy((char *)&s + offsetof(struct imu_sample, accel_g), axes, 6 * sizeof(float));
        have_sample = true;
        last_t_us = t_us;
        if (fn)
            fn(ctx, &s);
    }
    /* only this file reads these three, so they are stored once a frame */
    l->have_sample = have_sample;
    l->last_sample_t_us = last_t_us;
    l->last_mcu_us = mcu_us - period_us;
}

/* Offset of the next byte in p[0..n) that could start a frame; n when none can. */
static size_t seek_magic(const uint8_t *p, size_t n)
{
    if (n >= 2 && p[0] == MAGIC_LO && p[1] == MAGIC_HI)
        return 0; /* frames back to back, as a healthy link sends them */
    const uint8_t *m = n > 0 ? memchr(p, MAGIC_LO, n) : NULL;
    while (m) {
        size_t i = (size_t)(m - p);
        /* A lone trailing low byte may be the first half of the next magic. */
        if (i + 1 == n || p[i + 1] == MAGIC_HI)
            return i;
        m = memchr(m + 1, MAGIC_LO, n - i - 1);
    }
    return n;
}

/* Counts a frame that failed its checks. */
static void count_bad(struct barlink *l, enum barproto_status st)
{
    if (st == BARPROTO_BAD_CRC)
        l->stats.crc_errors++;
    else if (st == BARPROTO_BAD_VERSION)
        l->stats.version_errors++;
    else if (st == BARPROTO_BAD_FIELD)
        l->stats.bad_frames++;
}

/*
 * Decodes every whole frame in p[0..n); returns how many bytes it is done with. What is
 * left (under a frame's size) may be the start of a frame the next read completes.
 */
static size_t drain(struct barlink *l, const uint8_t *p, size_t n, int64_t rx_t_us,
                    barlink_sample_fn fn, void *ctx)
{
    size_t at = 0;
    for (;;) {
        size_t skip = seek_magic(p + at, n - at);
        l->stats.bytes_skipped += skip;
        at += skip;
        struct barproto_frame f;
        enum barproto_status st = barproto_decode_header(p + at, n - at, &f);
        if (st == BARPROTO_SHORT)
            return at;
        if (st != BARPROTO_OK) {
            count_bad(l, st);
            /* The magic may have been a coincidence: look again one byte on. */
            l->stats.bytes_skipped++;
            at++;
            continue;
        }
        const uint8_t *bytes = p + at;
        at += barproto_frame_size(f.version);
        l->stats.frames_ok++;
        l->stats.frames_v1 += f.version == 1;
        if (!track_seq(l, &f))
            continue;
        track_offset(l, &f, rx_t_us);
        deliver(l, &f, bytes, fn, ctx);
    }
}

/*
 * Whole frames are decoded where the caller's bytes lie; only a frame split across
 * reads is gathered in l->buf first.
 */
void barlink_feed(struct barlink *l, const uint8_t *data, size_t len, int64_t rx_t_us,
                  barlink_sample_fn fn, void *ctx)
{
    while (len > 0) {
        if (l->len == 0) {
            size_t used = drain(l, data, len, rx_t_us, fn, ctx);
            memcpy(l->buf, data + used, len - used); /* under one frame: it fits */
            l->len = len - used;
            return;
        }
        size_t room = sizeof l->buf - l->len;
        size_t n = len < room ? len : room;
        memcpy(l->buf + l->len, data, n);
        l->len += n;
        data += n;
        len -= n;
        size_t used = drain(l, l->buf, l->len, rx_t_us, fn, ctx);
        memmove(l->buf, l->buf + used, l->len - used);
        l->len -= used;
    }
}
