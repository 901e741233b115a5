/*
 * Set recording: a sample costs a few compares and 16 bytes written; packing and
 * unpacking run once per set, outside the sample path.
 */
#include "imu_record.h"

#include <string.h>

#define RAW_FULL         32768.0f
#define VARINT_MAX       5 /* a uint32 in 7-bit groups */
#define VARINT_BITS      7
#define VARINT_MORE      0x80u
#define VARINT_VALUE     0x7fu
#define BYTE_BITS        8
#define BYTE_MASK        0xffu
#define ACCEL_PER_CNT    ((float)IMU_RECORD_ACCEL_FS_G / RAW_FULL)
#define GYRO_PER_CNT     ((float)IMU_RECORD_GYRO_FS_DPS / RAW_FULL)
#define CNT_PER_G        (RAW_FULL / (float)IMU_RECORD_ACCEL_FS_G)
#define CNT_PER_DPS      (RAW_FULL / (float)IMU_RECORD_GYRO_FS_DPS)
#define ROUND_MAGIC      12582912.0f /* 1.5 * 2^23 */
#define ROUND_MAGIC_BITS 0x4b400000  /* its bits */

/*
 * Back to the sensor's count, cheaply (this runs six times a sample): multiplied, not
 * divided; clamped by compares the compiler turns into min/max; rounded by adding
 * 1.5 * 2^23, which leaves the nearest integer in the float's low mantissa bits, rather
 * than by lrintf, a library call. The value is within a rounding error of a whole count.
 */
static int16_t to_counts(float value, float counts_per_unit)
{
    float c = value * counts_per_unit;
    c = c > (float)INT16_MAX ? (float)INT16_MAX : c;
    c = c < (float)INT16_MIN ? (float)INT16_MIN : c;
    c = c == c ? c : 0.0f; /* NaN: a sample that makes no sense */
    float shifted = c + ROUND_MAGIC;
    int32_t bits;
    memcpy(&bits, &shifted, sizeof bits);
    return (int16_t)(bits - ROUND_MAGIC_BITS);
}

/* Between sets: the pre-roll ring's slot for a sample at t_us. */
static int16_t *preroll_slot(struct imu_record *r, int64_t t_us)
{
    int i = r->pre_next;
    r->pre_next = i + 1 == IMU_RECORD_PREROLL_SAMPLES ? 0 : i + 1;
    if (r->pre_n < IMU_RECORD_PREROLL_SAMPLES)
        r->pre_n++;
    r->pre_t_us[i] = t_us;
    return r->pre_counts[i];
}

/* The slot for a sample at t_us in the recording, or -1 to drop it. */
static int append_slot(struct imu_record *r, int64_t t_us)
{
    int64_t off_us = t_us - r->t0_us;
    if (r->n > 0 && off_us <= (int64_t)r->t_off_us[r->n - 1])
        return -1; /* not after the last sample: the analyser could not read it back */
    if (r->n == IMU_RECORD_MAX_SAMPLES || off_us < 0 || off_us > UINT32_MAX) {
        r->truncated = true;
        return -1;
    }
    r->t_off_us[r->n] = (uint32_t)off_us;
    return r->n++;
}

void imu_record_start(struct imu_record *r, int64_t set_key)
{
    if (set_key == 0 || set_key == r->set_key)
        return;
    r->n = 0;
    r->truncated = false;
    if (r->pre_n == 0) {
        r->set_key = 0; /* the set's first sample starts it */
        return;
    }
    r->set_key = set_key;
    int first = r->pre_next - r->pre_n;
    first = first < 0 ? first + IMU_RECORD_PREROLL_SAMPLES : first;
    /* Only what lies within the pre-roll's length of the newest sample (the unit may
     * have been off for a while): older samples taught the detector nothing it kept. */
    int newest = r->pre_next == 0 ? IMU_RECORD_PREROLL_SAMPLES - 1 : r->pre_next - 1;
    int64_t since_us = r->pre_t_us[newest] - (int64_t)IMU_RECORD_PREROLL_S * 1000000;
    bool started = false;
    for (int k = 0; k < r->pre_n; k++) {
        int i = (first + k) % IMU_RECORD_PREROLL_SAMPLES;
        if (r->pre_t_us[i] <= since_us)
            continue;
        if (!started) {
            r->t0_us = r->pre_t_us[i];
            started = true;
        }
        int j = append_slot(r, r->pre_t_us[i]);
        if (j >= 0)
            memcpy(r->counts[j], r->pre_counts[i], sizeof r->counts[j]);
    }
    r->pre_n = 0;
    r->pre_next = 0;
}

/*
 * A sample outside the recording in progress: between sets, into the pre-roll ring; or
 * the first of a new set (with no pre-roll, its recording starts here). Out of line, so
 * a set's own samples take the short way below.
 */
static __attribute__((noinline)) int16_t *slot_elsewhere(struct imu_record *r, int64_t set_key,
                                                         int64_t t_us)
{
    if (set_key == 0)
        return preroll_slot(r, t_us);
    imu_record_start(r, set_key);
    if (r->set_key != set_key) {
        r->set_key = set_key;
        r->t0_us = t_us;
    }
    int i = append_slot(r, t_us);
    return i < 0 ? NULL : r->counts[i];
}

/* The bookkeeping both pushes share: the counts' slot for a sample at t_us, or NULL to
 * drop it. */
static int16_t *record_slot(struct imu_record *r, int64_t set_key, int64_t t_us)
{
    if (set_key == 0 || set_key != r->set_key)
        return slot_elsewhere(r, set_key, t_us);
    int i = append_slot(r, t_us);
    return i < 0 ? NULL : r->counts[i];
}

void imu_record_push(struct imu_record *r, int64_t set_key, const struct imu_sample *s)
{
    int16_t *c = record_slot(r, set_key, s->t_us);
    if (!c)
        return;
    for (int a = 0; a < 3; a++) {
        c[a] = to_counts(s->accel_g[a], CNT_PER_G);
        c[3 + a] = to_counts(s->gyro_dps[a], CNT_PER_DPS);
    }
}

void imu_record_push_counts(struct imu_record *r, int64_t set_key, int64_t t_us,
                            const int16_t counts[IMU_RECORD_AXES])
{
    int16_t *c = record_slot(r, set_key, t_us);
    if (c)
        memcpy(c, counts, sizeof r->counts[0]);
}

void imu_record_track(struct imu_record *r, struct imu_track *out)
{
    *out = (struct imu_track){.set_key = r->set_key,
                              .t0_us = r->t0_us,
                              .n = r->n,
                              .truncated = r->truncated,
                              .t_off_us = r->t_off_us,
                              .counts = r->counts};
}

void imu_record_replay(struct imu_record *r, struct rep_detector *d)
{
    struct imu_track t;
    imu_record_track(r, &t);
    for (int i = 0; i < t.n; i++) {
        struct imu_sample smp;
        struct rep_result ignored;
        imu_track_sample(&t, i, &smp);
        rep_detector_push(d, &smp, &ignored);
    }
}

/* The same arithmetic as the bar link, so the floats are the ones the detector saw. */
void imu_track_sample(const struct imu_track *t, int i, struct imu_sample *out)
{
    out->t_us = t->t0_us + t->t_off_us[i];
    for (int a = 0; a < 3; a++) {
        out->accel_g[a] = (float)t->counts[i][a] * ACCEL_PER_CNT;
        out->gyro_dps[a] = (float)t->counts[i][3 + a] * GYRO_PER_CNT;
    }
}

size_t imu_track_pack_max(int n)
{
    return n > 0 ? (size_t)n * (VARINT_MAX + 2 * IMU_RECORD_AXES) : 0;
}

size_t imu_track_pack(const struct imu_track *t, uint8_t *out)
{
    size_t len = 0;
    uint32_t prev = 0;
    for (int i = 0; i < t->n; i++) {
        uint32_t step = t->t_off_us[i] - prev;
        prev = t->t_off_us[i];
        do {
            uint8_t b = step & VARINT_VALUE;
            step >>= VARINT_BITS;
            out[len++] = (uint8_t)(b | (step ? VARINT_MORE : 0));
        } while (step);
    }
    for (int a = 0; a < IMU_RECORD_AXES; a++) {
        uint16_t last = 0;
        for (int i = 0; i < t->n; i++) {
            uint16_t c = (uint16_t)t->counts[i][a];
            uint16_t delta = (uint16_t)(c - last); /* wraps: undone exactly by adding back */
            last = c;
            out[len++] = (uint8_t)(delta & BYTE_MASK);
            out[len++] = (uint8_t)(delta >> BYTE_BITS);
        }
    }
    return len;
}

int imu_track_unpack(const uint8_t *in, size_t len, int n, struct imu_track *t)
{
    if (n < 0 || n > IMU_RECORD_MAX_SAMPLES)
        return -1;
    size_t at = 0;
    uint64_t time = 0;
    for (int i = 0; i < n; i++) {
        uint64_t step = 0;
        int shift = 0;
        uint8_t b;
        do {
            if (at == len || shift >= VARINT_MAX * VARINT_BITS)
                return -1;
            b = in[at++];
            step |= (uint64_t)(b & VARINT_VALUE) << shift;
            shift += VARINT_BITS;
        } while (b & VARINT_MORE);
        time += step;
        /* times strictly increase after the first, which is the recording's start */
        if (time > UINT32_MAX || (i == 0 && time != 0) || (i > 0 && step == 0))
            return -1;
        t->t_off_us[i] = (uint32_t)time;
    }
    if (len - at != (size_t)n * 2 * IMU_RECORD_AXES)
        return -1;
    for (int a = 0; a < IMU_RECORD_AXES; a++) {
        uint16_t last = 0;
        for (int i = 0; i < n; i++) {
            uint16_t delta = (uint16_t)(in[at] | (unsigned)in[at + 1] << BYTE_BITS);
            at += 2;
            last = (uint16_t)(last + delta);
            t->counts[i][a] = (int16_t)last;
        }
    }
    t->n = n;
    return 0;
}
