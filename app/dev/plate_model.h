/*
 * A physical model of the load-cell plate and the person on it, in raw HX711 counts.
 *
 * What stands on the plate is a state (body, bar held, left share of the stance) changed
 * by moves: stepping on or off, unracking or reracking the bar, a rep, a shift of weight.
 * The force on each side is the static weight times (1 + a/g) of the moving mass, so a
 * rep swings the total by (body + bar) * a/g, a step-on overshoots and rings, a walkout
 * lifts one foot at a time. A person standing still sways: the centre of pressure wanders
 * a centimetre or two left and right at 0.1-1 Hz (the split moves), and breathing, the
 * heartbeat and postural corrections move the centre of mass by a fraction of a millimetre
 * to a few millimetres (the total wobbles by M * (2 pi f)^2 * z). The sensor adds noise,
 * a zero that is off since calibration and drifts, creep of the cells under load,
 * single-sample glitches (a flipped bit, a rail code, an all-ones word), a clock that runs
 * a few percent off nominal with jitter, and faults on demand.
 *
 * The model also generates whole visits (plate_visit_generate): a lifter steps on, stands
 * for the weigh-in, does one to three sets (unrack, hold, reps with a pause at the top,
 * rerack, rest), steps off; each visit comes with the truth the filter is scored against.
 * Pure C, deterministic from the seed: the simulator, the tests and gen-plate share it.
 */
#ifndef PLATE_MODEL_H
#define PLATE_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/load.h"

#define PLATE_MODEL_MAX_MOVES   96
#define PLATE_VISIT_MAX_STRETCH 96
#define PLATE_VISIT_MAX_EVENTS  32
#define PLATE_VISIT_MIN_US      1500000 /* a still stretch shorter than this is not scored */
#define PLATE_VISIT_REQUIRED_US 2000000 /* a still stretch this long must be found */

enum plate_move_kind {
    PLATE_MOVE_STEP_ON,  /* body_g steps on, ending with left_frac */
    PLATE_MOVE_STEP_OFF, /* the person (and nothing else) steps off */
    PLATE_MOVE_UNRACK,   /* bar_g taken off the hooks, then a walkout of one to three steps */
    PLATE_MOVE_RERACK,   /* walk in, set the bar on the hooks */
    PLATE_MOVE_REP,      /* down, pause, up: the whole mass accelerates */
    PLATE_MOVE_SHIFT,    /* weight shifted to left_frac without stepping */
};

struct plate_move {
    enum plate_move_kind kind;
    int64_t t_us;     /* start */
    int64_t dur_us;   /* whole move, ringing included; for a rep set from its phases */
    int32_t body_g;   /* STEP_ON */
    int32_t bar_g;    /* UNRACK */
    double left_frac; /* the stance's left share after the move (STEP_ON, UNRACK, RERACK, SHIFT) */
    /* REP: phases and how far the centre of mass of lifter and bar travels */
    int64_t down_us, pause_us, up_us;
    double depth_m;
};

enum plate_fault_kind {
    PLATE_FAULT_NONE,
    PLATE_FAULT_DEAD,      /* DOUT never goes low: ok bit 0 */
    PLATE_FAULT_FROZEN,    /* the same word every sample */
    PLATE_FAULT_SATURATED, /* the positive rail every sample */
};

struct plate_model_config {
    uint64_t seed;
    int rate_hz;                 /* nominal: 10 or 80 */
    struct load_calibration cal; /* what the plate was calibrated to */
    double noise_g;              /* per side, one standard deviation */
    double glitch_p;             /* chance a side's sample is a glitch */
    double zero_error_g;         /* at most this far off zero at the start, per side */
    double drift_g_per_min;      /* at most this much zero drift, per side */
    double creep_frac;           /* at most this share of an applied load creeps in */
    double clock_error;          /* the chips' oscillator: at most this far off nominal */
    double jitter_us;            /* when the reader gets to a ready chip, +/- */
    double sway;                 /* 1 = a typical person; 0 = a still weight */
};

/* What the model knows about one sample: the static load per side, no noise or dynamics. */
struct plate_model_truth {
    double static_g[PLATE_SIDES];
    bool moving;         /* inside a move */
    uint8_t glitch_mask; /* sides whose word is a glitch */
};

struct plate_model {
    struct plate_model_config cfg;
    uint64_t rng;
    int64_t t_us;      /* time of the next sample */
    double period_us;  /* the chips' real period */
    double next_exact; /* the next sample's exact time, before jitter */
    int64_t origin_us; /* the sway's time origin */
    int32_t body_g;    /* settled state: who stands on the plate */
    int32_t bar_g;     /* and what they hold */
    double left_frac;  /* and how they stand */
    struct plate_move moves[PLATE_MODEL_MAX_MOVES]; /* pending, by time */
    int n_moves;
    /* sway: medio-lateral centre of pressure (m) and vertical centre of mass (m) */
    double ml_amp_m[3], ml_hz[3], ml_phase[3];
    double z_amp_m[4], z_hz[4], z_phase[4];
    /* sensor */
    double zero_g[PLATE_SIDES], drift_g_per_us[PLATE_SIDES];
    double creep_frac[PLATE_SIDES], creep_g[PLATE_SIDES], creep_tau_us;
    int64_t last_us;
    uint64_t n_samples;
    uint8_t last_glitch;
    enum plate_fault_kind fault[PLATE_SIDES];
    int32_t frozen_raw[PLATE_SIDES];
};

/* Typical values for a plate of four 200 kg cells at the rate: noise, glitches, drift. */
void plate_model_defaults(struct plate_model_config *cfg, uint64_t seed, int rate_hz);
/* Starts empty at t0_us (the first sample's time); draws the sensor's and sway's traits. */
void plate_model_init(struct plate_model *m, const struct plate_model_config *cfg, int64_t t0_us);
/* Schedules a move; one that overlaps the previous one starts when that ends. */
void plate_model_move(struct plate_model *m, const struct plate_move *mv);
/* The next sample (times advance by the chips' own period); truth may be NULL. */
void plate_model_sample(struct plate_model *m, struct plate_sample *out,
                        struct plate_model_truth *truth);
void plate_model_set_fault(struct plate_model *m, enum plate_side side, enum plate_fault_kind k);
/* The move in progress or pending that ends last; 0 when none. */
int64_t plate_model_busy_until(const struct plate_model *m);
/* What stands on the plate once every pending move is done. */
void plate_model_final(const struct plate_model *m, int32_t *body_g, int32_t *bar_g,
                       double *left_frac);

/* --- whole visits with their truth --- */

struct plate_truth_stretch {
    int64_t start_us, end_us;
    int32_t total_g;
    double left_pct; /* mean left share of the static load over the stretch; 50 when empty */
    bool required;   /* long enough that the filter must find it */
    int kind;        /* 0 empty, 1 person, 2 person holding the bar */
};

struct plate_truth_event {
    int64_t t_us; /* when the static load crosses halfway from the old level to the new */
    enum load_event type;
    int move; /* the move that makes it */
};

struct plate_visit {
    struct plate_model_config cfg;
    int32_t body_g, bar_g;
    struct plate_move moves[PLATE_MODEL_MAX_MOVES];
    int n_moves;
    int64_t t0_us, end_us;
    /* truth: filled by plate_visit_generate except left_pct, which plate_visit_run adds */
    struct plate_truth_stretch stretch[PLATE_VISIT_MAX_STRETCH];
    int n_stretch;
    struct plate_truth_event event[PLATE_VISIT_MAX_EVENTS];
    int n_events;
    int n_glitches;
};

/*
 * One lifter's visit from the seed, at rate_hz. Seeds below PLATE_SEED_HELD_OUT are for
 * tuning; the accuracy test and the figures reported use seeds from it up.
 */
#define PLATE_SEED_HELD_OUT 1000
void plate_visit_generate(struct plate_visit *v, uint64_t seed, int rate_hz);

/* Runs the visit's model, calling emit for each sample; completes the truth. */
typedef void plate_visit_emit_fn(void *ctx, const struct plate_sample *s,
                                 const struct plate_model_truth *truth);
void plate_visit_run(struct plate_visit *v, plate_visit_emit_fn *emit, void *ctx);

#endif
