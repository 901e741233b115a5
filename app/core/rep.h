/*
 * Rep detector: bar unit IMU samples in, measured reps out.
 *
 * Vertical acceleration (gravity removed, bias learned while the bar is still) is
 * integrated to velocity, with the velocity reset whenever the bar is still so drift
 * cannot build up. A phase runs while the vertical speed is above
 * rules.phase_threshold_pct of that phase's peak; pauses are what lies between.
 * Eccentric = bar going down, concentric = bar going up (squat-style lifts).
 */
#ifndef REP_H
#define REP_H

#include <stdbool.h>
#include <stdint.h>

#include "rules.h"

struct imu_sample {
    int64_t t_us;     /* on the kiosk's monotonic clock */
    float accel_g[3]; /* bar unit body frame, z up at rest */
    float gyro_dps[3];
};

enum rep_phase {
    REP_PHASE_TOP,        /* standing, top pause (or not started) */
    REP_PHASE_ECCENTRIC,  /* lowering */
    REP_PHASE_BOTTOM,     /* bottom pause */
    REP_PHASE_CONCENTRIC, /* lifting */
};

#define REP_TRACE_POINTS 48

/* Which way a lift starts from rest: squat and bench go down first, a deadlift up. */
enum rep_start { REP_START_ECCENTRIC, REP_START_CONCENTRIC };

struct rep_result {
    int index; /* 1-based within the set */
    int64_t t_start_us;
    int64_t t_end_us;
    int32_t ecc_ms, bottom_ms, conc_ms, top_ms;
    int32_t rom_mm;         /* full travel */
    int32_t mean_conc_mmps; /* concentric displacement / concentric duration */
    int32_t peak_conc_mmps;
    int32_t peak_horiz_mg;                /* largest horizontal acceleration seen during the rep */
    int32_t peak_gyro_dps;                /* largest bar rotation rate seen during the rep */
    bool rushed;                          /* eccentric under rules.rushed_pct of target */
    bool momentum;                        /* swing / jerk / bounce beyond the rules' thresholds */
    int16_t trace_mmps[REP_TRACE_POINTS]; /* vertical velocity across the rep, for plots */
    /* phase bounds on the samples' clock */
    int64_t ecc_start_us, ecc_end_us, con_start_us, con_end_us;
    int32_t mean_prop_mmps; /* mean velocity over the propulsive part of the concentric */
    int32_t tilt_cdeg;      /* bar tilt, one side lower, centidegrees */
    int32_t momentum_pct;   /* the momentum measure in % of the rules' threshold */
};

#define REP_SAMPLES_MAX 8192 /* 8 s at 1 kHz; longer reps are kept at half the rate, and so on */

struct rep_detector {
    struct rules rules;
    /* still-bar estimate of gravity and rest detection */
    bool started;           /* gravity seeded from the first sample */
    float grav_g[3];        /* mean accel vector while still, body frame */
    float up[3];            /* unit vector along grav_g: the vertical */
    float bias_g;           /* |grav_g|: what the accelerometer reads as 1 g at rest */
    float vert_f_g;         /* vertical accel (gravity removed), low-passed */
    float gyro_f_dps;       /* rotation rate (sum of |axes|), low-passed */
    int still_count;        /* samples averaged into grav_g since the bar last came to rest */
    uint32_t still_samples; /* all still samples, wrapping: paces renormalising up[] */
    bool quiet;             /* low accel and rotation now */
    int64_t quiet_since_us;
    bool still; /* quiet long enough: velocity is held at zero */
    /* integration state */
    int64_t last_t_us;
    float vel_mps;
    float pos_m;
    enum rep_phase phase;
    int64_t phase_start_us;
    /* the rep being measured: samples since the bar last left stillness */
    bool in_rep;   /* the bar has gone down far enough to be a rep */
    bool saw_conc; /* ... and come up again */
    int n;
    int stride; /* keep every stride-th sample (long reps are decimated) */
    int stride_left;
    int anchor; /* first sample after the last zero-velocity update */
    int64_t t[REP_SAMPLES_MAX];
    float vel[REP_SAMPLES_MAX];
    float horiz_g_peak;  /* squared while measuring, see rep.c */
    float gyro_dps_peak; /* squared while measuring */
    float up_g_peak;     /* largest low-passed upward accel: a bounce */
    int reps_done;
    enum rep_start start;
};

void rep_detector_init(struct rep_detector *d, const struct rules *rules);
/* Forget any rep in progress and the count: called when the bar is unracked. */
void rep_detector_reset(struct rep_detector *d);
/* Returns true when the sample completes a rep; *out is then filled. */
bool rep_detector_push(struct rep_detector *d, const struct imu_sample *s, struct rep_result *out);
/* Which way the lift starts (default eccentric). */
void rep_detector_set_start(struct rep_detector *d, enum rep_start start);
/* End of the stream: returns true with a rep still open; call until false. */
bool rep_detector_finish(struct rep_detector *d, struct rep_result *out);
/* Velocity loss of the set: the last rep's mean concentric velocity against the best, %. */
int32_t rep_velocity_loss_pct(const struct rep_result *reps, int n);
float rep_detector_velocity_mps(const struct rep_detector *d);
enum rep_phase rep_detector_phase(const struct rep_detector *d);
int64_t rep_detector_phase_start_us(const struct rep_detector *d);

#endif
