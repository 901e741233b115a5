/*
 * Framer: the sending half of the wire protocol, shared by the bar unit firmware and
 * the kiosk's simulated bar unit. Collects samples stamped with the MCU clock into
 * frames, numbers them and encodes them with barproto_encode.
 *
 * A frame carries the time of its first sample and a fixed period, so a sample that
 * does not follow the previous one by one period (samples lost to a FIFO overflow)
 * closes the frame early and starts the next one.
 *
 * A frame leaves once its samples span FRAMER_SPAN_MAX_US, or it is full: at 1 kHz
 * that is the full BARPROTO_SAMPLES (3 ms from first to last), at 500 Hz three samples,
 * at 200 Hz or slower every sample on its own, so a sample never waits for the rate to
 * fill a frame (at 200 Hz four samples would hold the first for 15 ms). The wire is the
 * same: a frame says how many samples it carries.
 */
#ifndef FRAMER_H
#define FRAMER_H

#include <stdbool.h>
#include <stdint.h>

#include "barproto.h"

/* The longest a frame's first sample waits for its last. */
#define FRAMER_SPAN_MAX_US 4000u

struct framer {
    struct barproto_frame frame; /* the frame being filled */
    uint8_t per_frame;           /* samples a frame closes at, from the period */
    uint32_t next_seq;
    uint64_t next_t_us; /* when the next contiguous sample is due */
};

/* Samples a frame carries at this sampling period: as many as fit FRAMER_SPAN_MAX_US
 * from first to last, 1 to BARPROTO_SAMPLES. */
uint8_t framer_samples_per_frame(uint16_t period_us);

/* Starts at seq 0 with the given sampling period and full scales. */
void framer_init(struct framer *f, uint16_t period_us, uint8_t accel_fs_g, uint16_t gyro_fs_dps);

/*
 * Adds one sample taken at MCU time t_us. Returns true when a frame was written to out:
 * either this sample filled it, or this sample did not follow on in time and the
 * earlier, partial frame was closed (this sample then opens the next frame).
 */
bool framer_push(struct framer *f, const struct barproto_sample *s, uint64_t t_us,
                 uint8_t out[BARPROTO_FRAME_SIZE]);

/*
 * After a read of the sensor's FIFO: closes the partial frame when keeping it open until
 * the next read (a frame's worth of samples away) would hold its first sample past
 * FRAMER_SPAN_MAX_US. Frames fall out of step with reads after a short first frame or a
 * late read; this puts them back. Returns true when a frame was written to out.
 */
bool framer_close_late(struct framer *f, uint8_t out[BARPROTO_FRAME_SIZE]);

/* Closes a partial frame (on stop); returns false when there was nothing to send. */
bool framer_flush(struct framer *f, uint8_t out[BARPROTO_FRAME_SIZE]);

/* Sets BARPROTO_FLAG_* bits on the frame being filled (e.g. a FIFO overflow seen). */
void framer_mark(struct framer *f, uint8_t flags);

#endif
