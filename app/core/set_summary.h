/*
 * How a set went, as a velocity coach reads it: reps, best, mean and last mean concentric
 * velocity, the velocity loss so far against the stop threshold, time under tension and a
 * tempo score. Worked out from the set's reps and the cue's tempo; pure, no clock.
 */
#ifndef SET_SUMMARY_H
#define SET_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>

#include "rep.h"

/* A phase keeps the tempo when its measured time is within this share of the cue's, or
 * within SET_TEMPO_TOL_MS, whichever is larger (a 1 s pause held for 1.2 s keeps it). */
#define SET_TEMPO_TOL_PCT 25
#define SET_TEMPO_TOL_MS  250

/* A rep's timed phases against the cue: kept, or the first that was off and which way. */
enum set_tempo_verdict {
    SET_TEMPO_NONE, /* nothing cued to time */
    SET_TEMPO_KEPT,
    SET_TEMPO_DOWN_FAST,
    SET_TEMPO_DOWN_SLOW,
    SET_TEMPO_PAUSE_SHORT,
    SET_TEMPO_PAUSE_LONG,
};

/* One rep's tempo measured against the cue, as the set screen says it after the rep. */
struct set_rep_tempo {
    int index;                      /* 1-based within the set, 0 none */
    int32_t down_ms, up_ms;         /* its lowering and lifting, measured */
    int down_cue_ms, up_cue_ms;     /* the cue's, 0 not cued */
    enum set_tempo_verdict verdict; /* the lowering and the pause between (not the lifting,
                                       which goes as fast as the lifter can) */
};

struct set_summary {
    int n_reps;
    int32_t best_mmps;      /* the fastest rep's mean concentric velocity, 0 no reps */
    int32_t mean_mmps;      /* the reps' mean of it */
    int32_t last_mmps;      /* the last rep's */
    int32_t loss_pct;       /* velocity loss so far (rep_velocity_loss_pct) */
    int32_t loss_limit_pct; /* the rules' threshold the loss is held against */
    bool loss_over;         /* loss_pct beyond the limit: the set is flagged */
    int64_t tut_ms;         /* time under tension: each rep's lowering, lifting and the pause
                               between them, summed (the pauses between reps not counted) */
    int tempo_scored;       /* reps the cue could be held against (a cued phase to time) */
    int tempo_kept;         /* of those, reps whose timed phases all kept the cue */
    int tempo_pct;          /* tempo_kept as % of tempo_scored, -1 none scored */
    struct set_rep_tempo last_tempo; /* the last rep's, index 0 no reps */
};

/*
 * The summary of reps[0..n-1] under the cue tempo_ms (eccentric, bottom pause, concentric,
 * top pause; NULL: no cue) and the velocity loss limit in %. The tempo is held on the
 * lowering and on the pause between lowering and lifting (the bottom pause, or the top
 * pause in a lift that starts with the concentric); the concentric is meant to be as fast
 * as the lifter can, so its time is not scored. In a lift that starts with the lowering, a
 * cued top pause is held against the rep it leads into (from the last rep's lifting to this
 * rep's lowering), and only when cut short; the set's first rep has none.
 */
void set_summary_compute(const struct rep_result *reps, int n, const int *tempo_ms,
                         int loss_limit_pct, struct set_summary *out);

/* reps[i]'s tempo against the cue tempo_ms (4 phases; NULL: no cue); the reps before it give
 * the top pause held before its lowering. */
void set_rep_tempo_of(const struct rep_result *reps, int i, const int *tempo_ms,
                      struct set_rep_tempo *out);

/* Whether a measured phase of measured_ms keeps a cue of cue_ms (cue_ms <= 0: not cued). */
bool set_tempo_phase_kept(int32_t measured_ms, int cue_ms);

/*
 * Whether rep is a grind, the lifter near failure: its mean concentric velocity under the
 * exercise's minimum (min_mmps, exercises.conf min_velocity_mps; 0: none) and its
 * concentric slower than the cue of conc_cue_ms allows (set_tempo_phase_kept). A
 * concentric the cue itself asks to take long (2 s over 450 mm is 225 mm/s) is slow by
 * design, not a grind; with no concentric cue (0) the minimum alone decides.
 */
bool set_rep_grinds(const struct rep_result *rep, int32_t min_mmps, int conc_cue_ms);

#endif
