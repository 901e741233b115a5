/*
 * Framer: the sending half of the wire protocol, shared by the bar unit firmware and
 * the kiosk's simulated bar unit. Collects samples stamped with the MCU clock into
 * frames, numbers them and encodes them with barproto_encode.
 *
 * A frame carries the time of its first sample and a fixed period, so a sample that
 * does not follow the previous one by one period (samples lost to a FIFO overflow)
 * closes the frame early and starts the next one.
 */
#ifndef FRAMER_H
#define FRAMER_H

#include <stdbool.h>
#include <stdint.h>

#include "barproto.h"

struct framer {
    struct barproto_frame frame; /* the frame being filled */
    uint32_t next_seq;
    uint64_t next_t_us; /* when the next contiguous sample is due */
};

/* Starts at seq 0 with the given sampling period and full scales. */
void framer_init(struct framer *f, uint16_t period_us, uint8_t accel_fs_g, uint16_t gyro_fs_dps);

/*
 * Adds one sample taken at MCU time t_us. Returns true when a frame was written to out:
 * either this sample filled it, or this sample did not follow on in time and the
 * earlier, partial frame was closed (this sample then opens the next frame).
 */
bool framer_push(struct framer *f, const struct barproto_sample *s, uint64_t t_us,
                 uint8_t out[BARPROTO_FRAME_SIZE]);

/* Closes a partial frame (on stop); returns false when there was nothing to send. */
bool framer_flush(struct framer *f, uint8_t out[BARPROTO_FRAME_SIZE]);

/* Sets BARPROTO_FLAG_* bits on the frame being filled (e.g. a FIFO overflow seen). */
void framer_mark(struct framer *f, uint8_t flags);

#endif
