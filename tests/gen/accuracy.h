/*
 * Accuracy of the rep detector against generated sets with ground truth.
 *
 * A trace is one set from app/dev/bar_model under a named condition and a seed; the
 * detector runs on it exactly as the kiosk runs it (rep_detector_init, then
 * rep_detector_push for each sample, accel in g and gyro in deg/s) and its reps are
 * matched to the true reps by time overlap.
 *
 * Seeds: 1-9999 are for tuning the detector; 10001 and up are held out and only used
 * to report its accuracy (the test and the default of imu-accuracy use them). Every
 * condition draws its own sets from a seed, so the same seed number under two
 * conditions gives two unrelated sets.
 */
#ifndef ACCURACY_H
#define ACCURACY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../app/core/rep.h"
#include "../../app/dev/bar_model.h"

#define ACCURACY_TUNE_SEED_FIRST   1
#define ACCURACY_TUNE_SEED_LAST    9999
#define ACCURACY_REPORT_SEED_FIRST 10001

/* The goals. */
#define GOAL_F1_MIN         0.995
#define GOAL_GHOSTS_PER_200 1.0
#define GOAL_MCV_RMSE_MPS   0.03
#define GOAL_MCV_BIAS_MPS   0.01
#define GOAL_ROM_RMSE_M     0.02
#define GOAL_PHASE_P95_S    0.05

struct accuracy_trace {
    struct bar_model_plan plan;
    struct bar_model_imu imu;
    struct bar_model_truth truth;
    struct bar_model_sample *samples;
    size_t n;
    double first_t_s; /* true time of the first sample */
    int rate_asked;   /* the rate it was made at: 0 for the condition's */
    /* What earlier sets on the same unit taught (accuracy_trace_learn_unit), if any: the
     * detector starts from it (rep_detector_set_unit_ref). */
    bool has_unit_ref;
    struct rep_unit_ref unit_ref;
};

/* Generates the set for (condition, seed); rate_hz 0 keeps the condition's rate. */
struct accuracy_trace *accuracy_trace_new(const struct bar_model_condition *c, uint64_t seed,
                                          int rate_hz);
void accuracy_trace_free(struct accuracy_trace *tr);

/*
 * The set's unit as a detector knows it after n earlier sets on it: each a set of its own
 * under the same condition (another lift, other reps and tempo) measured by the same unit
 * (its mount, biases, scale errors and noise), with the unit up to 5 C warmer or cooler
 * than at this set's start and its bias walk begun afresh. Each set's detector starts
 * from what the one before learned of the unit (rep_detector_set_unit_ref), and tr's
 * from what the last one learned. False when out of memory (tr is left as it was).
 */
bool accuracy_trace_learn_unit(struct accuracy_trace *tr, const struct bar_model_condition *c,
                               uint64_t seed, int n);

/* Moves every axis of every accelerometer sample by one count (+-16 g full scale: 0.49
 * mg), up or down as salt draws it: the trace a build that differs in its last bits (its
 * libm, its compiler) could make of the same seed. A figure that moves far under it sits
 * on a knife edge. */
void accuracy_trace_nudge(struct accuracy_trace *tr, uint64_t salt);

struct accuracy_errs {
    double *v;
    size_t n, cap;
};

/* Adds v (dropped when out of memory); the 95th percentile of what was added (nearest
 * rank), infinite when nothing was. The caller frees e->v. */
void accuracy_errs_add(struct accuracy_errs *e, double v);
double accuracy_errs_p95(const struct accuracy_errs *e);

/* A rep as measured, on the plan's clock; NAN where the detector gives no figure. */
struct accuracy_rep {
    double ecc_start_s, ecc_end_s, con_start_s, con_end_s;
    double mcv_mps, rom_m;
    double mpv_mps, peak_mps, tilt_deg;
};

/* Where the errors are, by how fast the true rep's concentric went (its mean concentric
 * velocity): a grind's drift has seconds to grow. Band b holds the reps at under
 * accuracy_speed_band_top_mps[b] and at or over the band before's top; the last has no
 * top. */
#define ACCURACY_SPEED_BANDS 4
extern const double accuracy_speed_band_top_mps[ACCURACY_SPEED_BANDS - 1];
/* The band a true rep of mean concentric velocity mcv_mps falls in. */
int accuracy_speed_band(double mcv_mps);

struct accuracy_band_stats {
    int n;
    double mcv_err2_sum, rom_err2_sum;
    struct accuracy_errs con_abs_s;
};

struct accuracy_stats {
    int traces, n_true, tp, fp, fn;
    int fp_nonrep; /* ghosts that are mostly a walk-out step, unrack, rerack or setup */
    double mcv_err_sum, mcv_err2_sum, rom_err2_sum;
    int n_mpv, n_peak, n_tilt; /* matched reps the detector gave these figures for */
    double mpv_err2_sum, peak_err2_sum, tilt_err2_sum;
    struct accuracy_errs ecc_abs_s, con_abs_s;
    /* Where the errors come from: the eccentric's start and end apart, and each ROM error. */
    struct accuracy_errs ecc_start_abs_s, ecc_end_abs_s, rom_abs_m;
    double rom_err_sum, ecc_start_err_sum; /* signed: the systematic part */
    struct accuracy_band_stats band[ACCURACY_SPEED_BANDS];
};

/* A speed band's matched reps and their RMSEs and concentric p95 (NAN without any). */
struct accuracy_band_summary {
    int n;
    double mcv_rmse_mps, rom_rmse_m, con_p95_s;
};

struct accuracy_summary {
    int traces, n_true, tp, fp, fn, fp_nonrep;
    double f1, ghosts_per_200, mcv_rmse_mps, mcv_bias_mps, rom_rmse_m, ecc_p95_s, con_p95_s;
    double mpv_rmse_mps, peak_rmse_mps, tilt_rmse_deg; /* NAN when never given */
    /* Diagnostics, no goal: p95 of |error| of the eccentric's start and end times, and
     * the ROM RMSE without the worst 1 % of reps (a few lost reps against many). */
    double ecc_start_p95_s, ecc_end_p95_s, rom_rmse_trim_m;
    /* The mean signed ROM error and eccentric start error (late is positive): how much of
     * the RMSE and p95 is a bias rather than spread. */
    double rom_bias_m, ecc_start_bias_s;
    struct accuracy_band_summary band[ACCURACY_SPEED_BANDS];
};

void accuracy_stats_init(struct accuracy_stats *st);
void accuracy_stats_free(struct accuracy_stats *st);
/* Adds everything in from to into. */
void accuracy_stats_add(struct accuracy_stats *into, const struct accuracy_stats *from);
/* Runs the rep detector over the trace as the kiosk does; returns the reps found (<= cap). */
int accuracy_detect(const struct accuracy_trace *tr, struct accuracy_rep *out, int cap);
/* The same, calling watch after every sample with the detector's state, the sample and the
 * rep it handed out then (NULL if none, or beyond cap): for tracing what it decided. */
struct rep_detector;
typedef void (*accuracy_watch_fn)(void *ctx, const struct rep_detector *d,
                                  const struct bar_model_sample *s, const struct accuracy_rep *rep);
int accuracy_detect_watch(const struct accuracy_trace *tr, struct accuracy_rep *out, int cap,
                          accuracy_watch_fn watch, void *ctx);
/* Pairs measured reps with the true ones one to one by time overlap: match[i] is the
 * measured rep true rep i was found as, or -1 when it was missed (match holds n_reps). */
void accuracy_pair(const struct bar_model_truth *truth, const struct accuracy_rep *det, int n,
                   int *match);
/* Matches measured reps to the true ones (accuracy_pair) and scores them. */
void accuracy_match(const struct bar_model_truth *truth, const struct accuracy_rep *det, int n,
                    struct accuracy_stats *st);
/* Detects and matches one trace, adding the outcome to st. */
void accuracy_score(const struct accuracy_trace *tr, struct accuracy_stats *st);
/* Generates, runs and scores (condition, seed). False when out of memory. */
bool accuracy_run(const struct bar_model_condition *c, uint64_t seed, struct accuracy_stats *st);
void accuracy_summarise(const struct accuracy_stats *st, struct accuracy_summary *out);

/*
 * A condition with some of its error sources taken away (imu-accuracy --without): the
 * share of the misses each one causes. Every source but "loss" leaves the set and the
 * sensor's random draws as they were, so the same seed gives the same lift, the same
 * unit and the same noise, less that source: a paired comparison.
 */
struct accuracy_source {
    const char *name;
    const char *about;
    bool paired; /* the same draws: the same set and noise, less the source */
    void (*remove)(struct bar_model_condition *c);
};
/* The error sources, in a fixed order; *out points at a static table. */
int accuracy_sources(const struct accuracy_source **out);
/* *out is c without the comma-separated sources in list. False, and why names the first
 * unknown source, when one is not in the table. */
bool accuracy_condition_without(const struct bar_model_condition *c, const char *list,
                                struct bar_model_condition *out, char *why, size_t why_len);
/* True when every goal holds; otherwise why names the first that does not. */
bool accuracy_meets_goals(const struct accuracy_summary *s, char *why, size_t why_len);

#endif
