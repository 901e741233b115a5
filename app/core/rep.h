/*
 * Rep detector: bar unit IMU samples in, measured reps out.
 *
 * Per sample (cheap): the vertical is tracked in the sensor frame by integrating the
 * gyro (bias learned at rest) and pulling it toward the measured gravity only while the
 * bar is at rest (a complementary filter on the tilt; heading is never needed, so no
 * magnetometer). The accel projected on that vertical, minus the 1 g read at rest, is
 * the vertical acceleration, integrated to velocity. Rest is decided on the raw signal:
 * the spread and mean of the vertical accel and the rotation rate over a short window,
 * plus the integrated velocity being near zero (or, after a walk-out or a rep whose stop
 * was hidden by whip, staying flat for REST_HOLD_US: the drift then is all there is),
 * never on an estimate that adapts while the bar moves. Velocity is held at zero at rest.
 * The accel reads 1 g differently as the unit turns (its bias and scale errors): a bar
 * lying still again after it turned (a deadlift's setup roll) has 1 g measured afresh
 * from that rest's velocity slope, at once. While it moves, 1 g follows the turn: the
 * accel's bias vector is learned with 1 g from the drift each excursion leaves (the bar
 * turning differently from one excursion to the next tells the two apart).
 *
 * Per rest (bounded, on a 200 Hz record of the movement): the velocity drift between two
 * rests is removed linearly, position follows, and complete reps are found as strokes of
 * the position (down then up for eccentric-first lifts, up then down for
 * concentric-first ones). Each phase runs while the vertical speed is above
 * rules.phase_threshold_pct of that phase's peak; pauses are what lies between.
 *
 * Contract for the caller: push every sample in time order. A rep's result is ready
 * once the bar has come to rest after it (at the top for eccentric-first lifts, on the
 * floor or at the shoulders for concentric-first ones) -- typically 0.1 to 0.7 s after
 * its last phase ends; reps done back to back without any rest come out together when
 * the bar next rests (or the record fills, see REP_BINS_MAX). When push returns true,
 * *out holds one final result; results are never revised. Several results may be ready
 * at once: push returns them one per call on the following samples, and
 * rep_detector_finish hands out whatever is pending at the end of a stream. The live
 * phase and velocity (for the screen and the tones) are
 * provisional: they follow the bar as it moves and are not corrected afterwards.
 */
#ifndef REP_H
#define REP_H

#include <stdbool.h>
#include <stdint.h>

#include "rules.h"

struct imu_sample {
    int64_t t_us;     /* on the kiosk's monotonic clock */
    float accel_g[3]; /* bar unit body frame, z up at rest, x along the bar */
    float gyro_dps[3];
};

enum rep_phase {
    REP_PHASE_TOP,        /* standing, top pause (or not started, eccentric-first) */
    REP_PHASE_ECCENTRIC,  /* lowering */
    REP_PHASE_BOTTOM,     /* bottom pause (or not started, concentric-first) */
    REP_PHASE_CONCENTRIC, /* lifting */
};

/* Which way a rep of the exercise starts. */
enum rep_start {
    REP_START_ECCENTRIC,  /* squat, bench, press from lockout: down then up */
    REP_START_CONCENTRIC, /* deadlift and row from the floor, press from the shoulders */
};

#define REP_TRACE_POINTS 48

struct rep_result {
    int index;          /* 1-based within the set */
    int64_t t_start_us; /* first phase's start */
    int64_t t_end_us;   /* last moving phase's end */
    int32_t ecc_ms, bottom_ms, conc_ms, top_ms;
    int32_t rom_mm;         /* travel, from the two strokes (see stroke_rom in rep.c) */
    int32_t mean_conc_mmps; /* concentric displacement / concentric duration */
    int32_t peak_conc_mmps;
    int32_t peak_horiz_mg; /* largest horizontal acceleration seen during the rep */
    int32_t peak_gyro_dps; /* largest bar rotation rate, roll about the bar excluded */
    bool rushed;           /* eccentric under rules.rushed_pct of target */
    bool momentum;         /* bounce or swing beyond the rules' thresholds */
    int16_t trace_mmps[REP_TRACE_POINTS]; /* vertical velocity across the rep, for plots */
    /* Phase bounds on the kiosk clock. Eccentric-first: ecc, bottom pause, con, top pause.
     * Concentric-first: con, top pause, ecc, bottom pause (on the floor or at the
     * shoulders). The pause after the last phase (top_ms, or bottom_ms when concentric
     * first) runs until the next rep starts, or, when the result is handed out before
     * that, to the moment the bar was seen resting. */
    int64_t ecc_start_us, ecc_end_us, con_start_us, con_end_us;
    /* Mean velocity over the propulsive part of the concentric: up to where the bar
     * first decelerates faster than gravity (the whole concentric in a slow lift). */
    int32_t mean_prop_mmps;
    /* Bar tilt, one side lower: the largest angle of the bar's axis from its level at
     * rest in the rack, during the rep, signed (positive: the unit's end of the bar
     * higher), hundredths of a degree. */
    int32_t tilt_cdeg;
    /* Bounce: the bar's upward acceleration at the bottom turning point, in % of g
     * (averaged over REP_BOUNCE_WINDOW_MS). About 0 after a bottom pause, 10-25 for a
     * controlled touch-and-go, 30+ when the bar is bounced out of the bottom. The
     * rules threshold it (rules.momentum_bounce_pct). */
    int32_t momentum_pct;
};

#define REP_BOUNCE_WINDOW_MS 100

/* The movement is kept at this rate for the per-rep pass, 41 s of it without a rest at
 * most: then the reps complete in it are handed out and older is dropped. */
#define REP_BIN_US   5000
#define REP_BINS_MAX 8192
#define REP_QUEUE    32 /* results ready but not yet handed out */

struct rep_bin {
    float vel_mps;     /* integrated velocity at the bin's end, drift and all */
    int16_t tilt_e4;   /* bar axis along the vertical, 1e-4 (sine of the tilt) */
    uint16_t horiz_mg; /* largest horizontal acceleration in the bin */
    uint16_t gyro_dps; /* largest rotation rate off the bar's axis in the bin */
    uint8_t rest;      /* enum rep_bin_rest */
    uint8_t span;      /* the excursion (bias span) the bin was written in, counted... */
    float span_r[3];   /* ...and its integral of up - span_up so far, s (see rep_bias) */
};

/* What a bin's rest says: the bar was at rest, or seemed to for a moment (a rest that
 * ended before it settled, never anchored: a slow phase quiet at its ends, as often). */
enum rep_bin_rest { REP_BIN_MOVING, REP_BIN_REST, REP_BIN_BRIEF_REST };

/* Why the bar was taken to be at rest: its live velocity near zero on a quiet signal
 * (still), quiet on a level or steady line for a while (held), quiet so long that the
 * live velocity must have drifted (forced), or lying on the floor before a pull (floor). */
enum rep_rest_kind {
    REP_REST_NONE,
    REP_REST_STILL,
    REP_REST_HELD,
    REP_REST_FORCED,
    REP_REST_FLOOR
};

#define REP_ANCHORS_MAX 64

struct rep_anchor {
    int64_t t_us;
    float v_mps; /* integrated velocity while the bar rested: the drift */
    /* The drift since the anchor before, shaped by the bias model (see bias_learn): the
     * share of it at a bin of that span is shape . (t since that anchor in s, span_r). */
    bool shaped;
    uint8_t span;
    float shape[4];
};

/* Sums over the samples of one REP_BIN_US block. */
struct rep_block {
    int n;
    int64_t t0_us;
    float e, e2; /* vertical accel (g) and its square */
};

struct rep_detector {
    struct rules rules;
    enum rep_start start;
    /* orientation and references */
    bool started;
    float up[3]; /* the vertical in the sensor frame, unit */
    float gyro_bias_dps[3];
    float g_ref;            /* accel along the vertical at rest (1 g with the unit's scale) */
    float learn[4];         /* 1 g and gyro bias being learned at rest... */
    float learn_hist[4][4]; /* ...as they were one step ago and before */
    int64_t learn_step_us;
    float learned_s;          /* time spent learning them still */
    bool refs_known;          /* long enough: from now on they only drift */
    bool rested;              /* a rest has been finished since the stream began */
    float rest_g_ref;         /* g_ref as the rest began */
    bool g_zupt;              /* 1 g corrected by the drift between two rests */
    float w_lp_dps[3], w_var; /* the gyro's spread at rest: sway or still */
    float last_gyro_dps[3];
    float ref_up[3]; /* the vertical where 1 g was last learned lying still */
    /* 1 g as the unit turns: the accel's bias projects on the vertical by the unit's
     * orientation, so the vertical accel is taken less g_ref + bias . (up - bias_up),
     * the bias learned from the drift each excursion leaves (see add_anchor). */
    struct rep_bias {
        float b[3];       /* the accel's bias, g, sensor frame (what of it shows) */
        float p[4][4];    /* uncertainty of (1 g, bias) */
        float up[3];      /* where g_ref holds as it is */
        float span_up[3]; /* bias_up when the excursion began... */
        float span_r[3];  /* ...and the integral of up - span_up since, s */
        uint8_t span;     /* counts the spans (wrapping), to tell the bins of one */
        float g_eff;      /* g_ref + b . (up - bias_up), per block */
    } bias;
    int64_t turn_us; /* at rest: when the bar was last seen turning */
    bool turn_tried; /* the rest since then was tried for 1 g (learn_after_turn) */
    int turn_n;      /* blocks since it lay still after turning, from turn_from_us... */
    int64_t turn_from_us;
    float turn_w_dps[3], turn_w2; /* ...and their rotation rate's sums */
    float tilt_ref;               /* bar axis sine at the first rest: the level */
    bool tilt_ref_set;
    /* stillness on the raw signal */
    float e_prev_g; /* last vertical accel, for trapezoid integration */
    float e_lp_g;   /* vertical accel, low-passed */
    float e_var_g2; /* its spread */
    float w2_lp;    /* rotation rate squared, low-passed */
    float h2_lp;    /* acceleration off the vertical, squared, low-passed */
    bool quiet;
    bool crept;       /* the last rest was left by drifting, and the bar has been quiet since */
    bool left_moving; /* the last rest ended with the live velocity already away from zero */
    float risen_m, risen_min_m; /* height above the last rest (live), and its lowest since */
    int64_t quiet_since_us;
    float quiet_vmin_mps, quiet_vmax_mps; /* the live velocity's range while quiet */
    float quiet_sum[5]; /* while quiet, per block: n, sum t, v, t*t, t*v, in blocks */
    float quiet_v2;     /* ...and sum v*v */
    /* ...and, once not turning for TURN_SETTLE_US, the rotation rate's sums (dps) */
    int32_t quiet_wn;
    float quiet_w_dps[3], quiet_w2;
    int64_t quiet_w_from_us, quiet_turn_us;
    bool rest;
    enum rep_rest_kind rest_kind; /* why the rest going on (or the last one) was taken */
    bool anchored;                /* the rest has lasted long enough to zero the live velocity */
    bool rest_final;              /* ...and to anchor the drift for the record */
    bool early_tried;             /* whether it closes a rep was tried early */
    int64_t rest_since_us;
    int64_t off_since_us; /* when the live velocity was last zeroed (see drift_could_be) */
    int rest_bin;         /* first bin of the rest */
    float rest_v_off_mps; /* v_off_mps before the rest zeroed the live velocity */
    int64_t last_t_us;
    /* live motion */
    float vel_mps;
    float pos_m; /* since the last rest, provisional */
    enum rep_phase phase;
    int64_t phase_start_us;
    /* the record of the movement */
    int64_t bin0_us; /* end time of bins[0] */
    int64_t next_bin_us;
    int nbins;
    float v_off_mps; /* live velocity = integrated velocity - this (zeroed at rests) */
    int n_anchors;   /* rests: where the integrated velocity is known to be drift */
    struct rep_anchor anchors[REP_ANCHORS_MAX];
    float bin_horiz2, bin_gyro2; /* maxima inside the bin being filled */
    struct rep_block blk;
    float prev_vel_mps; /* for interpolation onto the bin grid */
    int64_t prev_t_us;
    float exc_peak_mps[2];    /* the largest live speed down [0], up [1] since the last rest, or
                               * the stop that began the phase that way (see short_stop) */
    float exc_horiz2_g2;      /* ...and the largest horizontal acceleration, low-passed, squared */
    float v_hi_mps, v_lo_mps; /* the live velocity's recent extremes, fading */
    bool moved;               /* the bar moved beyond a fidget since the last anchor */
    /* A stop too short to be a rest (a touch-and-go top, see short_stop in rep.c): the
     * live velocity of the last REP_STOP_BLOCKS blocks, the sums of the newer and the
     * older half, the fastest up and down of the last 1.2 s and their age in blocks,
     * whether the next stop may correct the live velocity, and how fast the last stop
     * after a fall read the bar rising (0 if it read it falling or still). */
#define REP_STOP_BLOCKS 40
    float stop_v[REP_STOP_BLOCKS];
    float stop_sum[2], stop_hi, stop_lo;
    int stop_i, stop_n, stop_hi_age, stop_lo_age;
    bool stop_armed;
    float stop_up_mps;
    /* the set */
    int reps_done;
    int64_t last_end_us; /* where the last rep ended: the next one starts no earlier */
    struct rep_result queue[REP_QUEUE];
    int q_head, q_len;
    /* the per-rep pass's cost, in bins visited: largest so far (for the benchmark) */
    int pass_bins_max;
    /* Big arrays last: only what is in use is ever read, so init leaves them alone. */
    struct rep_bin bins[REP_BINS_MAX];
    float vc[REP_BINS_MAX];  /* scratch for the per-rep pass: velocity, drift removed */
    float pos[REP_BINS_MAX]; /* and position */
};

void rep_detector_init(struct rep_detector *d, const struct rules *rules);
/* Which way the exercise's reps start; eccentric-first by default. Call before a set. */
void rep_detector_set_start(struct rep_detector *d, enum rep_start start);
/* Forget any rep in progress and the count: called when the bar is unracked. The
 * orientation and the references learned at rest are kept. */
void rep_detector_reset(struct rep_detector *d);
/*
 * A set starts on a detector fed from init with the samples before it (the kiosk's
 * pre-roll, which the set's recording keeps): results ready now are dropped and the
 * count restarts; everything learned and the movement in progress are kept, so the
 * analyser reading the recording from its first sample measures the same reps.
 */
void rep_detector_begin_set(struct rep_detector *d);
/*
 * What a detector learned of the unit itself, for the next set on the same unit: the
 * accel's bias vector (the part of the unit's bias and scale errors that shows on the
 * vertical as the bar turns) and its covariance. They stay put from set to set but for
 * temperature: one set's few rests pin them roughly, several sets closely, and with them
 * the vertical as the bar rolls in the hands.
 */
struct rep_unit_ref {
    float b[3];    /* g, in the sensor's frame */
    float p[3][3]; /* g^2 */
};
/* A bar unit's name, its serial number (16 characters from its USB descriptor), and NUL. */
#define BAR_UNIT_ID_MAX 24
void rep_detector_unit_ref(const struct rep_detector *d, struct rep_unit_ref *out);
/* Starts from what earlier sets learned of this unit, loosened by what temperature may
 * have moved since: call after init, before the first sample. One with a bias beyond the
 * largest believed, or a variance not finite or not positive, is ignored (returns false)
 * and the detector starts from what is known of any unit. */
bool rep_detector_set_unit_ref(struct rep_detector *d, const struct rep_unit_ref *ref);
/* Returns true when a rep's result is ready; *out is then filled (see the contract above). */
bool rep_detector_push(struct rep_detector *d, const struct imu_sample *s, struct rep_result *out);
/* End of the stream: call until false to collect the reps still pending. */
bool rep_detector_finish(struct rep_detector *d, struct rep_result *out);
/* Live, provisional: for the screen and the tones. */
float rep_detector_velocity_mps(const struct rep_detector *d);
enum rep_phase rep_detector_phase(const struct rep_detector *d);
int64_t rep_detector_phase_start_us(const struct rep_detector *d);

/* Velocity loss of a set, %: from the best rep's mean concentric velocity to the last
 * rep's (0 for fewer than two reps or when the last is the best). */
int32_t rep_velocity_loss_pct(const struct rep_result *reps, int n);

#endif
