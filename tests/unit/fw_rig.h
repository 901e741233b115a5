/*
 * The bar unit's core wired to the ICM-42688-P model, for tests on the host and on the
 * emulated Cortex-M0: a main loop stepped on the model's clock, and a host that
 * collects the frames the unit queues.
 */
#ifndef FW_RIG_H
#define FW_RIG_H

#include "../../firmware/core/barunit.h"
#include "icm42688_model.h"

#define RIG_REQ_OUT 0x41u
#define RIG_REQ_IN  0xc1u

static const uint8_t rig_uid[USB_UID_LEN] = {0xe6, 0x60, 0x38, 0xb7, 0x13, 0x2f, 0x5a, 0x29};

struct rig {
    struct icm_model imu;
    struct barunit unit;
    /* what the host has decoded */
    uint32_t frames, bad_frames, seq_gaps, lost_frames;
    bool have_seq;
    uint32_t next_seq;
    uint32_t samples;       /* valid samples received */
    uint32_t sample_errors; /* a sample that is not the model's next one */
    uint32_t index_jumps;   /* samples lost between frames (after overflow or drops) */
    uint32_t next_index;    /* the model's index the next sample should carry */
    bool have_index;
    uint32_t stamp_errors; /* a stamp more than a period from the sample's true time */
    uint32_t flagged_overflow, flagged_dropped;
    uint32_t short_frames;  /* fewer samples than a frame carries at its period */
    uint64_t worst_wait_us; /* longest from a frame's first sample to the host taking it
                             * (of the samples whose true time the model keeps) */
    uint64_t last_t_us;
};

static inline void rig_init(struct rig *r, uint8_t who_am_i, int32_t drift_ppm)
{
    memset(r, 0, sizeof *r);
    icm_model_init(&r->imu, who_am_i, drift_ppm);
    struct icm_spi spi = icm_model_spi(&r->imu);
    barunit_init(&r->unit, &spi, rig_uid);
}

static inline bool rig_request(struct rig *r, uint8_t type, uint8_t req, uint16_t value,
                               uint16_t index)
{
    struct usb_setup s = {type, req, value, index, 0};
    uint8_t data[BARPROTO_INFO_SIZE];
    uint16_t len;
    return barunit_control(&r->unit, &s, data, &len);
}

static inline void rig_info(struct rig *r, struct barproto_info *info)
{
    struct usb_setup s = {RIG_REQ_IN, BARPROTO_REQ_GET_INFO, 0, 0, BARPROTO_INFO_SIZE};
    uint8_t data[BARPROTO_INFO_SIZE];
    uint16_t len = 0;
    if (!barunit_control(&r->unit, &s, data, &len) || len != BARPROTO_INFO_SIZE ||
        barproto_info_decode(data, len, info) != BARPROTO_OK)
        memset(info, 0xee, sizeof *info);
}

/* Which model sample carries these values, searching from the expected index on. */
static inline bool rig_sample_index(const struct barproto_sample *s, uint32_t from, uint32_t *index)
{
    for (uint32_t i = from; i < from + 4096u; i++) {
        if (s->accel[0] == icm_model_value(i, 0) && s->accel[1] == icm_model_value(i, 1) &&
            s->accel[2] == icm_model_value(i, 2)) {
            *index = i;
            return true;
        }
    }
    return false;
}

/* The host's view of one frame: decodes it and checks sequence, samples and stamps. */
static inline void rig_take_frame(struct rig *r, const uint8_t *bytes)
{
    struct barproto_frame f;
    if (barproto_decode(bytes, BARPROTO_FRAME_SIZE, &f) != BARPROTO_OK) {
        r->bad_frames++;
        return;
    }
    r->frames++;
    if (r->have_seq && f.seq != r->next_seq) {
        r->seq_gaps++;
        r->lost_frames += f.seq - r->next_seq;
    }
    r->have_seq = true;
    r->next_seq = f.seq + 1;
    if (f.flags & BARPROTO_FLAG_FIFO_OVERFLOW)
        r->flagged_overflow++;
    if (f.flags & BARPROTO_FLAG_FRAMES_DROPPED)
        r->flagged_dropped++;
    if (f.count < framer_samples_per_frame(f.period_us))
        r->short_frames++;
    for (unsigned k = 0; k < f.count; k++) {
        uint32_t i;
        const struct barproto_sample *s = &f.samples[k];
        if (!rig_sample_index(s, r->have_index ? r->next_index : 0, &i)) {
            r->sample_errors++;
            continue;
        }
        if (r->have_index && i != r->next_index)
            r->index_jumps++;
        for (unsigned a = 0; a < 3; a++)
            if (s->gyro[a] != icm_model_value(i, a + 3))
                r->sample_errors++;
        r->have_index = true;
        r->next_index = i + 1;
        r->samples++;
        uint64_t t = f.t_us + (uint64_t)k * f.period_us;
        if (i < ICM_MODEL_TAKEN) {
            uint64_t truth = r->imu.taken_us[i];
            /* how long the frame's first sample waited to leave (taken now) */
            if (k == 0 && r->imu.now_us > truth && r->imu.now_us - truth > r->worst_wait_us)
                r->worst_wait_us = r->imu.now_us - truth;
            uint64_t err = t > truth ? t - truth : truth - t;
            if (err > f.period_us)
                r->stamp_errors++;
        }
        r->last_t_us = t;
    }
}

static inline void rig_drain(struct rig *r)
{
    const uint8_t *fr;
    while ((fr = barunit_tx_peek(&r->unit))) {
        rig_take_frame(r, fr);
        barunit_tx_pop(&r->unit);
    }
}

/* Runs the unit's main loop until the model's clock reaches until_us. */
static inline void rig_run(struct rig *r, uint64_t until_us, uint32_t step_us, bool drain)
{
    while (r->imu.now_us < until_us) {
        icm_model_advance(&r->imu, r->imu.now_us + step_us);
        barunit_poll(&r->unit, r->imu.now_us, icm_model_int1(&r->imu));
        if (drain)
            rig_drain(r);
    }
}

#endif
