#include "barlink.h"

#include <string.h>

#include "imu_record.h"

#define MAGIC_LO       ((uint8_t)(BARPROTO_MAGIC & 0xFFu))
#define MAGIC_HI       ((uint8_t)(BARPROTO_MAGIC >> 8))
#define RAW_FULL_SCALE 32768.0f
/* A larger forward jump in seq than this (20 s of frames) is a reboot, not a loss. */
#define MAX_SEQ_GAP_FRAMES 1000u
/* A frame up to this many behind the expected seq, with a recent timestamp, is a repeat. */
#define MAX_REPEAT_FRAMES 8u

_Static_assert(sizeof(struct barproto_sample) == sizeof(((struct barlink *)0)->raw),
               "a sample's counts copy as one block");

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
        uint64_t repeat_window_us = (uint64_t)f->period_us * BARPROTO_SAMPLES * MAX_REPEAT_FRAMES;
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

static void deliver(struct barlink *l, const struct barproto_frame *f, barlink_sample_fn fn,
                    void *ctx)
{
    float accel_scale = (float)f->accel_fs_g / RAW_FULL_SCALE;
    float gyro_scale = (float)f->gyro_fs_dps / RAW_FULL_SCALE;
    bool record_scale =
        f->accel_fs_g == IMU_RECORD_ACCEL_FS_G && f->gyro_fs_dps == IMU_RECORD_GYRO_FS_DPS;
    l->raw_counts = record_scale ? l->raw : NULL;
    l->frame_end_t_us =
        (int64_t)(f->t_us + (uint64_t)f->period_us * (f->count - 1u)) + l->offset_us;
    for (unsigned i = 0; i < f->count; i++) {
        uint64_t mcu_us = f->t_us + (uint64_t)f->period_us * i;
        int64_t t_us = (int64_t)mcu_us + l->offset_us;
        /* A smaller offset learned later must not send time backwards. */
        if (l->have_sample && t_us <= l->last_sample_t_us)
            t_us = l->last_sample_t_us + 1;
        const struct barproto_sample *raw = &f->samples[i];
        struct imu_sample s = {.t_us = t_us};
        for (int a = 0; a < 3; a++) {
            s.accel_g[a] = (float)raw->accel[a] * accel_scale;
            s.gyro_dps[a] = (float)raw->gyro[a] * gyro_scale;
        }
        memcpy(l->raw, raw, sizeof l->raw); /* ax ay az gx gy gz, as a record keeps them */
        l->have_sample = true;
        l->last_sample_t_us = t_us;
        l->last_mcu_us = mcu_us;
        if (fn)
            fn(ctx, &s);
    }
}

/* Drops n bytes from the front of the buffer. */
static void consume(struct barlink *l, size_t n)
{
    memmove(l->buf, l->buf + n, l->len - n);
    l->len -= n;
}

/* Skips to the next byte that could start a frame; returns false when none is buffered. */
static bool seek_magic(struct barlink *l)
{
    size_t i = 0;
    while (i + 1 < l->len && !(l->buf[i] == MAGIC_LO && l->buf[i + 1] == MAGIC_HI))
        i++;
    /* A lone trailing low byte may be the first half of the next magic. */
    if (i + 1 >= l->len && !(l->len > 0 && l->buf[l->len - 1] == MAGIC_LO))
        i = l->len;
    l->stats.bytes_skipped += i;
    consume(l, i);
    return l->len >= 2;
}

/* Decodes every whole frame in the buffer. */
static void drain(struct barlink *l, int64_t rx_t_us, barlink_sample_fn fn, void *ctx)
{
    while (seek_magic(l) && l->len >= BARPROTO_FRAME_SIZE) {
        struct barproto_frame f;
        enum barproto_status st = barproto_decode(l->buf, &f);
        if (st != BARPROTO_OK) {
            if (st == BARPROTO_BAD_CRC)
                l->stats.crc_errors++;
            else if (st == BARPROTO_BAD_VERSION)
                l->stats.version_errors++;
            else if (st == BARPROTO_BAD_FIELD)
                l->stats.bad_frames++;
            /* The magic may have been a coincidence: look again one byte on. */
            l->stats.bytes_skipped++;
            consume(l, 1);
            continue;
        }
        consume(l, BARPROTO_FRAME_SIZE);
        l->stats.frames_ok++;
        if (!track_seq(l, &f))
            continue;
        track_offset(l, &f, rx_t_us);
        deliver(l, &f, fn, ctx);
    }
}

void barlink_feed(struct barlink *l, const uint8_t *data, size_t len, int64_t rx_t_us,
                  barlink_sample_fn fn, void *ctx)
{
    while (len > 0) {
        size_t room = sizeof l->buf - l->len;
        size_t n = len < room ? len : room;
        memcpy(l->buf + l->len, data, n);
        l->len += n;
        data += n;
        len -= n;
        drain(l, rx_t_us, fn, ctx);
    }
}
