/*
 * Kiosk side of the bar unit link: bytes from the USB bulk endpoint in, IMU samples
 * on the kiosk clock out. Finds frames by magic + CRC (so it resynchronises after
 * garbage), counts lost frames from sequence gaps, and maps the MCU timestamp to the
 * kiosk's monotonic clock with an offset learned from the first frame and kept to the
 * smallest observed delay (USB latency only ever adds delay, so the smallest one is
 * the closest to the truth). Call barlink_init again after a reconnect. Reads frames of
 * every protocol version barproto_frame_size knows (units with older firmware).
 */
#ifndef BARLINK_H
#define BARLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../firmware/proto/barproto.h"
#include "rep.h"

struct barlink_stats {
    uint64_t frames_ok;
    uint64_t frames_v1;   /* of frames_ok, protocol 1's (a unit with firmware before 1.1) */
    uint64_t frames_lost; /* from gaps in seq */
    uint64_t crc_errors;
    uint64_t bytes_skipped;   /* garbage between frames */
    uint64_t bad_frames;      /* right magic + CRC, impossible fields */
    uint64_t version_errors;  /* right magic, a protocol version this kiosk cannot read */
    uint64_t device_restarts; /* seq or MCU clock jumped back: the unit rebooted */
};

typedef void (*barlink_sample_fn)(void *ctx, const struct imu_sample *s);

struct barlink {
    /* the bytes of a frame split across reads (and any garbage before it) */
    uint8_t buf[2 * BARPROTO_FRAME_SIZE_MAX];
    size_t len;
    bool have_seq;
    uint32_t next_seq;
    bool have_offset;
    int64_t offset_us; /* kiosk time = MCU time + offset */
    int64_t last_frame_rx_us;
    uint64_t last_mcu_us; /* MCU time of the last sample delivered */
    bool have_sample;
    int64_t last_sample_t_us; /* kiosk time of the last sample delivered */
    /* while delivering: the sample's counts as sent, when the frame's full scales are the
     * ones a set's record keeps (16 g, 2000 dps); NULL otherwise */
    const int16_t *raw_counts;
    int16_t raw[8];         /* six axes, then two of padding the conversion loads with them */
    int64_t frame_end_t_us; /* while delivering: kiosk time of the frame's last sample,
                             * when the frame left the unit (its samples' arrival) */
    struct barlink_stats stats;
};

void barlink_init(struct barlink *l);
/*
 * Feeds bytes received at kiosk time rx_t_us, in any chunking; calls fn for every
 * decoded sample, in order, with strictly increasing kiosk times.
 */
void barlink_feed(struct barlink *l, const uint8_t *data, size_t len, int64_t rx_t_us,
                  barlink_sample_fn fn, void *ctx);

#endif
