/*
 * A set's raw bar samples, kept as the evidence behind its reps: the session feeds every
 * IMU sample with the key of the set in progress (0 between sets); a new key starts a
 * new recording, so the buffer holds the current or last set until the next one starts.
 *
 * Samples are kept as the sensor's own counts at its full scale (+-16 g, +-2000 dps,
 * what the bar unit streams), so a recording converts back to exactly the floats the
 * rep detector saw, and with the time the detector saw (the kiosk's clock, the bar
 * unit's clock plus the link's fixed offset). Bounded: IMU_RECORD_MAX_S of samples at
 * 1 kHz, in the struct itself (no allocation); later samples are dropped and the
 * recording marked truncated.
 *
 * The pre-roll: between sets the last IMU_RECORD_PREROLL_S of samples are kept in a
 * ring, and a new set's recording begins with them (imu_record_start), so it holds the
 * samples the kiosk's rep detector learned the bar's orientation and the sensor's bias
 * from before the set. The kiosk starts each set's detector afresh on that pre-roll, so
 * the analyser reading the exported trace from its first line measures what the kiosk
 * measured. The pre-roll counts within the bound.
 *
 * The packed form (imu_track_pack) is what the store compresses and keeps: the time
 * steps as varints, then each axis as 16-bit deltas from the sample before, axis by
 * axis, which zlib squeezes well because a still bar's deltas are mostly tiny.
 */
#ifndef IMU_RECORD_H
#define IMU_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rep.h"

#define IMU_RECORD_MAX_S       240 /* 4 minutes: longer than any set of 20 slow reps */
#define IMU_RECORD_RATE_HZ     1000
#define IMU_RECORD_MAX_SAMPLES (IMU_RECORD_MAX_S * IMU_RECORD_RATE_HZ)
#define IMU_RECORD_ACCEL_FS_G  16
#define IMU_RECORD_GYRO_FS_DPS 2000
#define IMU_RECORD_AXES        6 /* ax ay az gx gy gz */
#define IMU_RECORD_FORMAT      1 /* of the packed form */
/* Long enough for the detector to learn 1 g and the gyro's bias on a racked bar. */
#define IMU_RECORD_PREROLL_S       3
#define IMU_RECORD_PREROLL_SAMPLES (IMU_RECORD_PREROLL_S * IMU_RECORD_RATE_HZ)

/* Samples as counts, times as offsets from the first: a recording or a copy of one. */
struct imu_track {
    int64_t set_key;
    int64_t t0_us;
    int n;
    bool truncated;
    /* the bar unit that sent them ("" unknown), and what earlier sets had learned of it
     * when the set's detector started (has_unit_ref; else it started afresh) */
    char bar_unit[BAR_UNIT_ID_MAX];
    bool has_unit_ref;
    struct rep_unit_ref unit_ref;
    uint32_t *t_off_us;
    int16_t (*counts)[IMU_RECORD_AXES];
};

struct imu_record {
    int64_t set_key; /* the set being recorded, 0 none yet */
    int64_t t0_us;
    int n;
    bool truncated;
    int pre_next, pre_n; /* the pre-roll ring: its next slot and how many it holds */
    uint32_t t_off_us[IMU_RECORD_MAX_SAMPLES];
    int16_t counts[IMU_RECORD_MAX_SAMPLES][IMU_RECORD_AXES];
    int64_t pre_t_us[IMU_RECORD_PREROLL_SAMPLES];
    int16_t pre_counts[IMU_RECORD_PREROLL_SAMPLES][IMU_RECORD_AXES];
};

/*
 * A zeroed record is empty and ready. set_key 0: not in a set, the sample goes to the
 * pre-roll ring; a new set_key starts its recording (with the pre-roll, as
 * imu_record_start does).
 */
void imu_record_push(struct imu_record *r, int64_t set_key, const struct imu_sample *s);
/*
 * The same for a sample whose counts are at hand at the record's full scales (+-16 g,
 * +-2000 dps, what the bar unit streams): they are kept as they are, which is what
 * imu_record_push would make of their floats, without converting back.
 */
void imu_record_push_counts(struct imu_record *r, int64_t set_key, int64_t t_us,
                            const int16_t counts[IMU_RECORD_AXES]);
/*
 * Starts set_key's recording now with the pre-roll: the samples of the last
 * IMU_RECORD_PREROLL_S before the newest one kept between sets (the ring is emptied).
 * With no pre-roll the record is emptied and the set's first sample starts it. Nothing
 * happens if set_key is already being recorded or is 0.
 */
void imu_record_start(struct imu_record *r, int64_t set_key);
/*
 * Feeds the recording so far, in order, to a rep detector (a set's start: a fresh
 * detector on the pre-roll). The results it gives on the way are not kept.
 */
void imu_record_replay(struct imu_record *r, struct rep_detector *d);
/* The record as a track (pointing into it). */
void imu_record_track(struct imu_record *r, struct imu_track *out);

/* Sample i of a track as the rep detector takes it. */
void imu_track_sample(const struct imu_track *t, int i, struct imu_sample *out);

/* Bytes imu_track_pack may write for n samples. */
size_t imu_track_pack_max(int n);
/* Packs t into out (imu_track_pack_max(t->n) bytes); returns the length. */
size_t imu_track_pack(const struct imu_track *t, uint8_t *out);
/*
 * Unpacks n samples into t's arrays (room for n each; t->n is set). -1 when the bytes
 * are not a packing of n samples (a damaged record), 0 ok.
 */
int imu_track_unpack(const uint8_t *in, size_t len, int n, struct imu_track *t);

#endif
