/* A set's summary for the lifter: see set_summary.h. */
#include "set_summary.h"

#include <string.h>

#define PERCENT 100

bool set_tempo_phase_kept(int32_t measured_ms, int cue_ms)
{
    if (cue_ms <= 0)
        return true;
    int64_t tol_ms = (int64_t)cue_ms * SET_TEMPO_TOL_PCT / PERCENT;
    if (tol_ms < SET_TEMPO_TOL_MS)
        tol_ms = SET_TEMPO_TOL_MS;
    int64_t off_ms = (int64_t)measured_ms - cue_ms;
    return off_ms <= tol_ms && off_ms >= -tol_ms;
}

bool set_rep_grinds(const struct rep_result *rep, int32_t min_mmps, int conc_cue_ms)
{
    if (min_mmps <= 0 || rep->conc_ms <= 0 || rep->mean_conc_mmps >= min_mmps)
        return false;
    return conc_cue_ms <= 0 ||
           (rep->conc_ms > conc_cue_ms && !set_tempo_phase_kept(rep->conc_ms, conc_cue_ms));
}

/* Whether the rep starts with the lowering: its eccentric began before its concentric. */
static bool eccentric_first(const struct rep_result *r)
{
    return r->ecc_start_us <= r->con_start_us;
}

/* The rep's time under tension: the lowering, the pause between it and the lifting, and the
 * lifting (not the pause after the last phase, which runs until the next rep starts). */
static int64_t rep_tension_ms(const struct rep_result *r)
{
    int32_t pause_ms = eccentric_first(r) ? r->bottom_ms : r->top_ms;
    int64_t ms = (int64_t)r->ecc_ms + pause_ms + r->conc_ms;
    return ms > 0 ? ms : 0;
}

/* How a timed phase went against its cue: 0 kept, -1 short, 1 long. */
static int phase_off(int32_t measured_ms, int cue_ms)
{
    if (set_tempo_phase_kept(measured_ms, cue_ms))
        return 0;
    return measured_ms < cue_ms ? -1 : 1;
}

/* The top pause a lift that starts with the lowering held before rep i: from the last rep's
 * lifting to this one's lowering; -1 none (the set's first rep, a concentric-first lift). */
static int32_t top_pause_before_ms(const struct rep_result *reps, int i)
{
    if (i <= 0 || !eccentric_first(&reps[i]))
        return -1;
    int64_t us = reps[i].ecc_start_us - reps[i - 1].con_end_us;
    return us >= 0 ? (int32_t)(us / 1000) : -1;
}

/* The lowering, then the pause between the lowering and the lifting (the bottom pause, or
 * the top pause in a lift that starts with the concentric), then, in a lift that starts with
 * the lowering, the top pause held before it (top_before_ms, -1 none): only cut short counts
 * there, as standing longer between reps is a breath, not a tempo missed. */
static enum set_tempo_verdict rep_verdict(const struct rep_result *r, int32_t top_before_ms,
                                          const int *tempo_ms)
{
    if (!tempo_ms)
        return SET_TEMPO_NONE;
    bool ecc_first = eccentric_first(r);
    int pause_cue_ms = ecc_first ? tempo_ms[1] : tempo_ms[3];
    int32_t pause_ms = ecc_first ? r->bottom_ms : r->top_ms;
    if (tempo_ms[0] <= 0 && pause_cue_ms <= 0)
        return SET_TEMPO_NONE;
    int down = phase_off(r->ecc_ms, tempo_ms[0]);
    if (down)
        return down < 0 ? SET_TEMPO_DOWN_FAST : SET_TEMPO_DOWN_SLOW;
    int pause = phase_off(pause_ms, pause_cue_ms);
    if (pause)
        return pause < 0 ? SET_TEMPO_PAUSE_SHORT : SET_TEMPO_PAUSE_LONG;
    if (ecc_first && top_before_ms >= 0 && phase_off(top_before_ms, tempo_ms[3]) < 0)
        return SET_TEMPO_PAUSE_SHORT;
    return SET_TEMPO_KEPT;
}

/* Rep i's tempo against the cue: 1 kept, 0 not, -1 nothing cued to time. */
static int rep_tempo(const struct rep_result *reps, int i, const int *tempo_ms)
{
    enum set_tempo_verdict v = rep_verdict(&reps[i], top_pause_before_ms(reps, i), tempo_ms);
    return v == SET_TEMPO_NONE ? -1 : v == SET_TEMPO_KEPT;
}

void set_rep_tempo_of(const struct rep_result *reps, int i, const int *tempo_ms,
                      struct set_rep_tempo *out)
{
    const struct rep_result *rep = &reps[i];
    *out = (struct set_rep_tempo){
        .index = rep->index,
        .down_ms = rep->ecc_ms,
        .up_ms = rep->conc_ms,
        .down_cue_ms = tempo_ms ? tempo_ms[0] : 0,
        .up_cue_ms = tempo_ms ? tempo_ms[2] : 0,
        .verdict = rep_verdict(rep, top_pause_before_ms(reps, i), tempo_ms),
    };
}

void set_summary_compute(const struct rep_result *reps, int n, const int *tempo_ms,
                         int loss_limit_pct, struct set_summary *out)
{
    memset(out, 0, sizeof *out);
    out->loss_limit_pct = loss_limit_pct;
    out->tempo_pct = -1;
    if (!reps || n <= 0)
        return;
    out->n_reps = n;
    int64_t sum_mmps = 0;
    for (int i = 0; i < n; i++) {
        const struct rep_result *r = &reps[i];
        if (r->mean_conc_mmps > out->best_mmps)
            out->best_mmps = r->mean_conc_mmps;
        sum_mmps += r->mean_conc_mmps;
        out->tut_ms += rep_tension_ms(r);
        int kept = rep_tempo(reps, i, tempo_ms);
        if (kept >= 0) {
            out->tempo_scored++;
            out->tempo_kept += kept;
        }
    }
    out->mean_mmps = (int32_t)(sum_mmps / n);
    out->last_mmps = reps[n - 1].mean_conc_mmps;
    set_rep_tempo_of(reps, n - 1, tempo_ms, &out->last_tempo);
    if (out->last_tempo.index <= 0)
        out->last_tempo.index = n;
    /* the one rule for the loss, the one the flag is raised by */
    out->loss_pct = rep_velocity_loss_pct(reps, n);
    out->loss_over = out->loss_pct > loss_limit_pct;
    if (out->tempo_scored > 0)
        out->tempo_pct = out->tempo_kept * PERCENT / out->tempo_scored;
}
