#include "framer.h"

#include <string.h>

uint8_t framer_samples_per_frame(uint16_t period_us)
{
    uint32_t n = period_us ? 1u + FRAMER_SPAN_MAX_US / period_us : 1u;
    return (uint8_t)(n < BARPROTO_SAMPLES ? n : BARPROTO_SAMPLES);
}

void framer_init(struct framer *f, uint16_t period_us, uint8_t accel_fs_g, uint16_t gyro_fs_dps)
{
    memset(f, 0, sizeof *f);
    f->per_frame = framer_samples_per_frame(period_us);
    f->frame.version = BARPROTO_VERSION;
    f->frame.period_us = period_us;
    f->frame.accel_fs_g = accel_fs_g;
    f->frame.gyro_fs_dps = gyro_fs_dps;
}

static void emit(struct framer *f, uint8_t out[BARPROTO_FRAME_SIZE])
{
    f->frame.seq = f->next_seq++;
    barproto_encode(&f->frame, out);
    f->frame.count = 0;
    f->frame.flags = 0;
}

static bool clipped(const struct barproto_sample *s)
{
    for (int a = 0; a < 3; a++) {
        if (s->accel[a] == INT16_MAX || s->accel[a] == INT16_MIN || s->gyro[a] == INT16_MAX ||
            s->gyro[a] == INT16_MIN)
            return true;
    }
    return false;
}

bool framer_push(struct framer *f, const struct barproto_sample *s, uint64_t t_us,
                 uint8_t out[BARPROTO_FRAME_SIZE])
{
    bool sent = false;
    if (f->frame.count > 0) {
        /* Half a period of slack absorbs timer jitter; more than that is a gap. */
        uint64_t slack = f->frame.period_us / 2u;
        if (t_us + slack < f->next_t_us || t_us > f->next_t_us + slack) {
            emit(f, out);
            sent = true;
        }
    }
    if (f->frame.count == 0)
        f->frame.t_us = t_us;
    f->frame.samples[f->frame.count++] = *s;
    if (clipped(s))
        f->frame.flags |= BARPROTO_FLAG_CLIPPED;
    f->next_t_us = t_us + f->frame.period_us;
    /* After a gap this frame holds one sample, so at most one frame goes out per push. */
    if (f->frame.count >= f->per_frame) {
        emit(f, out);
        sent = true;
    }
    return sent;
}

bool framer_close_late(struct framer *f, uint8_t out[BARPROTO_FRAME_SIZE])
{
    if (f->frame.count == 0)
        return false;
    /* the next read comes once per_frame more samples are in: the last one is due at */
    uint64_t next_read_us = f->next_t_us + (uint64_t)(f->per_frame - 1u) * f->frame.period_us;
    if (next_read_us - f->frame.t_us <= FRAMER_SPAN_MAX_US)
        return false;
    emit(f, out);
    return true;
}

bool framer_flush(struct framer *f, uint8_t out[BARPROTO_FRAME_SIZE])
{
    if (f->frame.count == 0)
        return false;
    emit(f, out);
    return true;
}

void framer_mark(struct framer *f, uint8_t flags)
{
    f->frame.flags |= flags;
}
