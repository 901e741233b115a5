#include "accuracy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/core/rep.h"
#include "../../app/core/rules.h"

#define DEG_PER_RAD  (180.0 / 3.14159265358979323846)
#define MAX_DETECTED 64
/* A detection and a true rep match when each covers at least this much of the other. */
#define MATCH_COVER 0.5

/* FNV-1a of the condition's name, mixed with the seed: one stream per condition. */
static uint64_t trace_seed(const char *name, uint64_t seed)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const char *c = name; *c; c++)
        h = (h ^ (uint8_t)*c) * 0x100000001b3ULL;
    return h ^ (seed * 0x9E3779B97F4A7C15ULL);
}

/* A set from plan_seed measured by the unit of imu_seed, temp_c warmer at its start. */
static struct accuracy_trace *trace_make(const struct bar_model_condition *c, uint64_t plan_seed,
                                         uint64_t imu_seed, int rate_hz, double temp_c)
{
    struct accuracy_trace *tr = calloc(1, sizeof *tr);
    if (!tr)
        return NULL;
    tr->rate_asked = rate_hz;
    bar_model_plan_set(&tr->plan, &c->set, plan_seed);
    struct bar_model_sensor sensor = c->sensor;
    if (rate_hz > 0)
        sensor.rate_hz = rate_hz;
    bar_model_imu_init(&tr->imu, &sensor, imu_seed);
    tr->imu.temp_c = temp_c;
    bar_model_truth(&tr->plan, &tr->truth);
    size_t cap = (size_t)(tr->plan.end_s * tr->imu.rate_hz) + 2;
    tr->samples = malloc(cap * sizeof *tr->samples);
    if (!tr->samples) {
        free(tr);
        return NULL;
    }
    while (tr->n < cap &&
           bar_model_imu_next(&tr->imu, &tr->plan, tr->plan.end_s, &tr->samples[tr->n]))
        tr->n++;
    tr->first_t_s = tr->n > 0 ? tr->samples[0].t_s : 0;
    return tr;
}

struct accuracy_trace *accuracy_trace_new(const struct bar_model_condition *c, uint64_t seed,
                                          int rate_hz)
{
    uint64_t s = trace_seed(c->name, seed);
    return trace_make(c, s, s, rate_hz, 0);
}

/* splitmix64's finaliser: a well-mixed word from a counter */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void accuracy_trace_nudge(struct accuracy_trace *tr, uint64_t salt)
{
    const double lsb = BAR_MODEL_ACCEL_FS_G * BAR_MODEL_G_MPS2 / 32768.0;
    for (size_t i = 0; i < tr->n; i++) {
        struct bar_model_sample *s = &tr->samples[i];
        uint64_t bits = mix64(salt * 0x9E3779B97F4A7C15ULL + i);
        for (int a = 0; a < 3; a++) {
            int raw = s->accel_raw[a] + ((bits >> a) & 1 ? 1 : -1);
            raw = raw > INT16_MAX ? INT16_MAX : (raw < INT16_MIN ? INT16_MIN : raw);
            s->accel_raw[a] = (int16_t)raw;
            s->accel_mps2[a] = raw * lsb;
        }
    }
}

void accuracy_trace_free(struct accuracy_trace *tr)
{
    if (!tr)
        return;
    free(tr->samples);
    free(tr);
}

static void errs_add(struct accuracy_errs *e, double v)
{
    if (e->n == e->cap) {
        size_t cap = e->cap ? 2 * e->cap : 256;
        double *nv = realloc(e->v, cap * sizeof *nv);
        if (!nv)
            return;
        e->v = nv;
        e->cap = cap;
    }
    e->v[e->n++] = v;
}

const double accuracy_speed_band_top_mps[ACCURACY_SPEED_BANDS - 1] = {0.3, 0.5, 0.8};

int accuracy_speed_band(double mcv_mps)
{
    int b = 0;
    while (b < ACCURACY_SPEED_BANDS - 1 && !(mcv_mps < accuracy_speed_band_top_mps[b]))
        b++;
    return b;
}

void accuracy_stats_init(struct accuracy_stats *st)
{
    memset(st, 0, sizeof *st);
}

void accuracy_stats_free(struct accuracy_stats *st)
{
    free(st->ecc_abs_s.v);
    free(st->con_abs_s.v);
    free(st->ecc_start_abs_s.v);
    free(st->ecc_end_abs_s.v);
    free(st->rom_abs_m.v);
    for (int b = 0; b < ACCURACY_SPEED_BANDS; b++)
        free(st->band[b].con_abs_s.v);
    memset(st, 0, sizeof *st);
}

void accuracy_stats_add(struct accuracy_stats *into, const struct accuracy_stats *from)
{
    into->traces += from->traces;
    into->n_true += from->n_true;
    into->tp += from->tp;
    into->fp += from->fp;
    into->fn += from->fn;
    into->fp_nonrep += from->fp_nonrep;
    into->mcv_err_sum += from->mcv_err_sum;
    into->mcv_err2_sum += from->mcv_err2_sum;
    into->rom_err2_sum += from->rom_err2_sum;
    into->rom_err_sum += from->rom_err_sum;
    into->ecc_start_err_sum += from->ecc_start_err_sum;
    into->n_mpv += from->n_mpv;
    into->n_peak += from->n_peak;
    into->n_tilt += from->n_tilt;
    into->mpv_err2_sum += from->mpv_err2_sum;
    into->peak_err2_sum += from->peak_err2_sum;
    into->tilt_err2_sum += from->tilt_err2_sum;
    for (size_t i = 0; i < from->ecc_abs_s.n; i++)
        errs_add(&into->ecc_abs_s, from->ecc_abs_s.v[i]);
    for (size_t i = 0; i < from->con_abs_s.n; i++)
        errs_add(&into->con_abs_s, from->con_abs_s.v[i]);
    for (size_t i = 0; i < from->ecc_start_abs_s.n; i++)
        errs_add(&into->ecc_start_abs_s, from->ecc_start_abs_s.v[i]);
    for (size_t i = 0; i < from->ecc_end_abs_s.n; i++)
        errs_add(&into->ecc_end_abs_s, from->ecc_end_abs_s.v[i]);
    for (size_t i = 0; i < from->rom_abs_m.n; i++)
        errs_add(&into->rom_abs_m, from->rom_abs_m.v[i]);
    for (int b = 0; b < ACCURACY_SPEED_BANDS; b++) {
        struct accuracy_band_stats *to = &into->band[b];
        const struct accuracy_band_stats *f = &from->band[b];
        to->n += f->n;
        to->mcv_err2_sum += f->mcv_err2_sum;
        to->rom_err2_sum += f->rom_err2_sum;
        for (size_t i = 0; i < f->con_abs_s.n; i++)
            errs_add(&to->con_abs_s, f->con_abs_s.v[i]);
    }
}

/*
 * The only place that knows the detector's result: converts it to phase times on the
 * true clock (the bar unit's clock less the unit's offset).
 */
static void from_result(const struct accuracy_trace *tr, const struct rep_result *r,
                        struct accuracy_rep *d)
{
    double off_us = (double)tr->imu.clock_offset_us;
    d->ecc_start_s = ((double)r->ecc_start_us - off_us) / 1e6;
    d->ecc_end_s = ((double)r->ecc_end_us - off_us) / 1e6;
    d->con_start_s = ((double)r->con_start_us - off_us) / 1e6;
    d->con_end_s = ((double)r->con_end_us - off_us) / 1e6;
    d->mcv_mps = r->mean_conc_mmps / 1e3;
    d->rom_m = r->rom_mm / 1e3;
    d->peak_mps = r->peak_conc_mmps / 1e3;
    d->mpv_mps = r->mean_prop_mmps / 1e3;
    d->tilt_deg = fabs(r->tilt_cdeg / 1e2); /* the truth is the largest |tilt| */
}

/*
 * The kiosk's way: rules_default, then every sample in order. The set's lift is
 * tr->plan.lift (tr->truth.con_first says whether a rep starts with the concentric);
 * a detector that needs to know how the exercise starts takes it from there.
 */
int accuracy_detect(const struct accuracy_trace *tr, struct accuracy_rep *out, int cap)
{
    return accuracy_detect_watch(tr, out, cap, NULL, NULL);
}

static int detect(const struct accuracy_trace *tr, struct accuracy_rep *out, int cap,
                  accuracy_watch_fn watch, void *ctx, struct rep_unit_ref *learned);

int accuracy_detect_watch(const struct accuracy_trace *tr, struct accuracy_rep *out, int cap,
                          accuracy_watch_fn watch, void *ctx)
{
    return detect(tr, out, cap, watch, ctx, NULL);
}

/* As accuracy_detect_watch; with learned, what the detector learned of the unit by the
 * set's end. */
static int detect(const struct accuracy_trace *tr, struct accuracy_rep *out, int cap,
                  accuracy_watch_fn watch, void *ctx, struct rep_unit_ref *learned)
{
    static const float g = (float)BAR_MODEL_G_MPS2;
    struct rules rules;
    rules_default(&rules);
    struct rep_detector *d = malloc(sizeof *d);
    if (!d)
        return 0;
    rep_detector_init(d, &rules);
    rep_detector_set_start(d, tr->truth.con_first ? REP_START_CONCENTRIC : REP_START_ECCENTRIC);
    if (tr->has_unit_ref)
        rep_detector_set_unit_ref(d, &tr->unit_ref);
    int n = 0;
    for (size_t i = 0; i < tr->n; i++) {
        const struct bar_model_sample *s = &tr->samples[i];
        struct imu_sample imu = {.t_us = s->t_us};
        for (int a = 0; a < 3; a++) {
            imu.accel_g[a] = (float)s->accel_mps2[a] / g;
            imu.gyro_dps[a] = (float)(s->gyro_rps[a] * DEG_PER_RAD);
        }
        struct rep_result r;
        bool kept = rep_detector_push(d, &imu, &r) && n < cap;
        if (kept)
            from_result(tr, &r, &out[n++]);
        if (watch)
            watch(ctx, d, s, kept ? &out[n - 1] : NULL);
    }
    struct rep_result r;
    while (rep_detector_finish(d, &r))
        if (n < cap)
            from_result(tr, &r, &out[n++]);
    if (learned)
        rep_detector_unit_ref(d, learned);
    free(d);
    return n;
}

static double overlap(double a0, double a1, double b0, double b1)
{
    double lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
    return hi > lo ? hi - lo : 0;
}

static void true_span(const struct bar_model_rep_truth *t, double *from, double *to)
{
    *from = fmin(t->ecc_start_s, t->con_start_s);
    *to = fmax(t->ecc_end_s, t->con_end_s);
}

static void detected_span(const struct accuracy_rep *d, double *from, double *to)
{
    *from = fmin(d->ecc_start_s, d->con_start_s);
    *to = fmax(d->ecc_end_s, d->con_end_s);
}

/* How well true rep i and detection j cover each other: 0 when not enough to match. */
static double cover(const struct bar_model_rep_truth *t, const struct accuracy_rep *d)
{
    double t0, t1, d0, d1;
    true_span(t, &t0, &t1);
    detected_span(d, &d0, &d1);
    double ov = overlap(t0, t1, d0, d1);
    if (t1 <= t0 || d1 <= d0)
        return 0;
    double ct = ov / (t1 - t0), cd = ov / (d1 - d0);
    double c = ct < cd ? ct : cd;
    return c >= MATCH_COVER ? c : 0;
}

static void score_pair(const struct bar_model_rep_truth *t, const struct accuracy_rep *d,
                       struct accuracy_stats *st)
{
    double mcv_err = d->mcv_mps - t->mcv_mps;
    st->mcv_err_sum += mcv_err;
    st->mcv_err2_sum += mcv_err * mcv_err;
    double rom_err = d->rom_m - t->rom_m;
    st->rom_err2_sum += rom_err * rom_err;
    st->rom_err_sum += rom_err;
    st->ecc_start_err_sum += d->ecc_start_s - t->ecc_start_s;
    errs_add(&st->rom_abs_m, fabs(rom_err));
    errs_add(&st->ecc_start_abs_s, fabs(d->ecc_start_s - t->ecc_start_s));
    errs_add(&st->ecc_end_abs_s, fabs(d->ecc_end_s - t->ecc_end_s));
    if (!isnan(d->mpv_mps)) {
        st->n_mpv++;
        st->mpv_err2_sum += (d->mpv_mps - t->mpv_mps) * (d->mpv_mps - t->mpv_mps);
    }
    if (!isnan(d->peak_mps)) {
        st->n_peak++;
        st->peak_err2_sum += (d->peak_mps - t->peak_mps) * (d->peak_mps - t->peak_mps);
    }
    if (!isnan(d->tilt_deg)) {
        st->n_tilt++;
        st->tilt_err2_sum += (d->tilt_deg - t->tilt_deg) * (d->tilt_deg - t->tilt_deg);
    }
    errs_add(&st->ecc_abs_s,
             fabs((d->ecc_end_s - d->ecc_start_s) - (t->ecc_end_s - t->ecc_start_s)));
    double con_err = fabs((d->con_end_s - d->con_start_s) - (t->con_end_s - t->con_start_s));
    errs_add(&st->con_abs_s, con_err);
    struct accuracy_band_stats *b = &st->band[accuracy_speed_band(t->mcv_mps)];
    b->n++;
    b->mcv_err2_sum += mcv_err * mcv_err;
    b->rom_err2_sum += rom_err * rom_err;
    errs_add(&b->con_abs_s, con_err);
}

/* True when most of the detection lies in one non-rep movement. */
static bool on_nonrep(const struct bar_model_truth *truth, const struct accuracy_rep *d)
{
    double d0, d1;
    detected_span(d, &d0, &d1);
    for (int i = 0; i < truth->n_nonreps; i++) {
        const struct bar_model_nonrep *n = &truth->nonreps[i];
        if (d1 > d0 && overlap(d0, d1, n->start_s, n->end_s) >= 0.5 * (d1 - d0))
            return true;
    }
    return false;
}

void accuracy_pair(const struct bar_model_truth *truth, const struct accuracy_rep *det, int nd,
                   int *match)
{
    int nt = truth->n_reps;
    if (nd > MAX_DETECTED)
        nd = MAX_DETECTED;
    bool t_used[BAR_MODEL_REPS_MAX] = {false}, d_used[MAX_DETECTED] = {false};
    for (int i = 0; i < nt; i++)
        match[i] = -1;
    /* Greedy one-to-one: the best-covering pair first. */
    for (;;) {
        int bi = -1, bj = -1;
        double best = 0;
        for (int i = 0; i < nt; i++)
            for (int j = 0; j < nd; j++) {
                if (t_used[i] || d_used[j])
                    continue;
                double c = cover(&truth->reps[i], &det[j]);
                if (c > best) {
                    best = c;
                    bi = i;
                    bj = j;
                }
            }
        if (bi < 0)
            break;
        t_used[bi] = d_used[bj] = true;
        match[bi] = bj;
    }
}

void accuracy_match(const struct bar_model_truth *truth, const struct accuracy_rep *det, int nd,
                    struct accuracy_stats *st)
{
    int nt = truth->n_reps, match[BAR_MODEL_REPS_MAX];
    if (nd > MAX_DETECTED)
        nd = MAX_DETECTED;
    accuracy_pair(truth, det, nd, match);
    bool d_used[MAX_DETECTED] = {false};
    for (int i = 0; i < nt; i++) {
        if (match[i] < 0) {
            st->fn++;
            continue;
        }
        d_used[match[i]] = true;
        st->tp++;
        score_pair(&truth->reps[i], &det[match[i]], st);
    }
    st->traces++;
    st->n_true += nt;
    for (int j = 0; j < nd; j++)
        if (!d_used[j]) {
            st->fp++;
            st->fp_nonrep += on_nonrep(truth, &det[j]);
        }
}

bool accuracy_trace_learn_unit(struct accuracy_trace *tr, const struct bar_model_condition *c,
                               uint64_t seed, int n)
{
    uint64_t s = trace_seed(c->name, seed), rng[4];
    bar_model_rng_seed(rng, s ^ 0x0E4211CEULL);
    struct rep_unit_ref ref = {{0}};
    bool have = false;
    struct accuracy_rep det[MAX_DETECTED];
    for (int k = 1; k <= n; k++) {
        double temp_c = bar_model_rng_range(rng, -5, 5);
        struct accuracy_trace *before =
            trace_make(c, mix64(s + (uint64_t)k), s, tr->rate_asked, temp_c);
        if (!before)
            return false;
        before->has_unit_ref = have;
        before->unit_ref = ref;
        detect(before, det, MAX_DETECTED, NULL, NULL, &ref);
        have = true;
        accuracy_trace_free(before);
    }
    tr->has_unit_ref = have;
    if (have)
        tr->unit_ref = ref;
    return true;
}

void accuracy_score(const struct accuracy_trace *tr, struct accuracy_stats *st)
{
    struct accuracy_rep det[MAX_DETECTED];
    int nd = accuracy_detect(tr, det, MAX_DETECTED);
    accuracy_match(&tr->truth, det, nd, st);
}

bool accuracy_run(const struct bar_model_condition *c, uint64_t seed, struct accuracy_stats *st)
{
    struct accuracy_trace *tr = accuracy_trace_new(c, seed, 0);
    if (!tr)
        return false;
    accuracy_score(tr, st);
    accuracy_trace_free(tr);
    return true;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The 95th percentile (nearest rank); infinite when nothing was matched. */
static double p95(const struct accuracy_errs *e)
{
    if (e->n == 0)
        return INFINITY;
    double *v = malloc(e->n * sizeof *v);
    if (!v)
        return INFINITY;
    memcpy(v, e->v, e->n * sizeof *v);
    qsort(v, e->n, sizeof *v, cmp_double);
    size_t rank = (size_t)ceil(0.95 * (double)e->n);
    double r = v[rank > 0 ? rank - 1 : 0];
    free(v);
    return r;
}

void accuracy_errs_add(struct accuracy_errs *e, double v)
{
    errs_add(e, v);
}

double accuracy_errs_p95(const struct accuracy_errs *e)
{
    return p95(e);
}

/* RMS of the errors without the largest 1 % of them; infinite when there are none. */
static double rmse_trimmed(const struct accuracy_errs *e)
{
    if (e->n == 0)
        return INFINITY;
    double *v = malloc(e->n * sizeof *v);
    if (!v)
        return INFINITY;
    memcpy(v, e->v, e->n * sizeof *v);
    qsort(v, e->n, sizeof *v, cmp_double);
    size_t keep = e->n - e->n / 100;
    double sum = 0;
    for (size_t i = 0; i < keep; i++)
        sum += v[i] * v[i];
    free(v);
    return sqrt(sum / (double)keep);
}

void accuracy_summarise(const struct accuracy_stats *st, struct accuracy_summary *out)
{
    memset(out, 0, sizeof *out);
    out->traces = st->traces;
    out->n_true = st->n_true;
    out->tp = st->tp;
    out->fp = st->fp;
    out->fn = st->fn;
    out->fp_nonrep = st->fp_nonrep;
    int denom = 2 * st->tp + st->fp + st->fn;
    out->f1 = denom > 0 ? 2.0 * st->tp / denom : 0;
    out->ghosts_per_200 = st->n_true > 0 ? 200.0 * st->fp / st->n_true : INFINITY;
    if (st->tp > 0) {
        out->mcv_rmse_mps = sqrt(st->mcv_err2_sum / st->tp);
        out->mcv_bias_mps = st->mcv_err_sum / st->tp;
        out->rom_rmse_m = sqrt(st->rom_err2_sum / st->tp);
        out->rom_bias_m = st->rom_err_sum / st->tp;
        out->ecc_start_bias_s = st->ecc_start_err_sum / st->tp;
    } else {
        out->mcv_rmse_mps = out->mcv_bias_mps = out->rom_rmse_m = INFINITY;
        out->rom_bias_m = out->ecc_start_bias_s = INFINITY;
    }
    out->mpv_rmse_mps = st->n_mpv > 0 ? sqrt(st->mpv_err2_sum / st->n_mpv) : NAN;
    out->peak_rmse_mps = st->n_peak > 0 ? sqrt(st->peak_err2_sum / st->n_peak) : NAN;
    out->tilt_rmse_deg = st->n_tilt > 0 ? sqrt(st->tilt_err2_sum / st->n_tilt) : NAN;
    out->ecc_p95_s = p95(&st->ecc_abs_s);
    out->con_p95_s = p95(&st->con_abs_s);
    out->ecc_start_p95_s = p95(&st->ecc_start_abs_s);
    out->ecc_end_p95_s = p95(&st->ecc_end_abs_s);
    out->rom_rmse_trim_m = rmse_trimmed(&st->rom_abs_m);
    for (int b = 0; b < ACCURACY_SPEED_BANDS; b++) {
        const struct accuracy_band_stats *in = &st->band[b];
        struct accuracy_band_summary *o = &out->band[b];
        o->n = in->n;
        o->mcv_rmse_mps = in->n > 0 ? sqrt(in->mcv_err2_sum / in->n) : NAN;
        o->rom_rmse_m = in->n > 0 ? sqrt(in->rom_err2_sum / in->n) : NAN;
        o->con_p95_s = in->n > 0 ? p95(&in->con_abs_s) : NAN;
    }
}

bool accuracy_meets_goals(const struct accuracy_summary *s, char *why, size_t why_len)
{
    const char *fail = NULL;
    double got = 0, goal = 0;
    if (s->n_true == 0) {
        fail = "no true reps";
    } else if (!(s->f1 >= GOAL_F1_MIN)) {
        fail = "F1", got = s->f1, goal = GOAL_F1_MIN;
    } else if (!(s->ghosts_per_200 <= GOAL_GHOSTS_PER_200)) {
        fail = "ghost reps per 200", got = s->ghosts_per_200, goal = GOAL_GHOSTS_PER_200;
    } else if (!(s->mcv_rmse_mps <= GOAL_MCV_RMSE_MPS)) {
        fail = "MCV RMSE (m/s)", got = s->mcv_rmse_mps, goal = GOAL_MCV_RMSE_MPS;
    } else if (!(fabs(s->mcv_bias_mps) <= GOAL_MCV_BIAS_MPS)) {
        fail = "|MCV bias| (m/s)", got = s->mcv_bias_mps, goal = GOAL_MCV_BIAS_MPS;
    } else if (!(s->rom_rmse_m <= GOAL_ROM_RMSE_M)) {
        fail = "ROM RMSE (m)", got = s->rom_rmse_m, goal = GOAL_ROM_RMSE_M;
    } else if (!(s->ecc_p95_s <= GOAL_PHASE_P95_S)) {
        fail = "eccentric duration p95 |error| (s)", got = s->ecc_p95_s, goal = GOAL_PHASE_P95_S;
    } else if (!(s->con_p95_s <= GOAL_PHASE_P95_S)) {
        fail = "concentric duration p95 |error| (s)", got = s->con_p95_s, goal = GOAL_PHASE_P95_S;
    }
    if (fail && why)
        snprintf(why, why_len, "%s: %.4g, goal %.4g", fail, got, goal);
    return fail == NULL;
}

/* ---- error sources ---- */

static void no_accel_bias(struct bar_model_condition *c)
{
    c->sensor.accel_bias_mg = 0;
}

static void no_gyro_bias(struct bar_model_condition *c)
{
    c->sensor.gyro_bias_dps = 0;
}

static void no_accel_walk(struct bar_model_condition *c)
{
    c->sensor.accel_drift_mg = 0;
}

static void no_gyro_walk(struct bar_model_condition *c)
{
    c->sensor.gyro_drift_dps = 0;
}

static void no_bias_walk(struct bar_model_condition *c)
{
    no_accel_walk(c);
    no_gyro_walk(c);
}

static void no_temperature(struct bar_model_condition *c)
{
    c->sensor.temp_c_per_min = 0;
}

static void no_scale(struct bar_model_condition *c)
{
    c->sensor.scale_pct = c->sensor.cross_pct = 0;
}

static void no_noise(struct bar_model_condition *c)
{
    c->sensor.noise_scale = 0;
}

static void no_misalign(struct bar_model_condition *c)
{
    c->sensor.misalign_deg = 0;
}

static void no_jitter(struct bar_model_condition *c)
{
    c->sensor.jitter_us = 0;
}

static void no_loss(struct bar_model_condition *c)
{
    c->sensor.drop_pct = c->sensor.gaps_per_min = 0;
}

static void no_roll(struct bar_model_condition *c)
{
    c->set.roll_deg = 0;
}

static void no_tilt(struct bar_model_condition *c)
{
    c->set.tilt_deg = 0;
}

static void no_whip(struct bar_model_condition *c)
{
    c->set.whip_g = (struct bar_model_range){0, 0};
}

static void no_sway(struct bar_model_condition *c)
{
    c->set.sway_mm = c->set.tremor_mg = 0;
}

/* All the unit's own errors but lost samples: a perfect unit on the same lift. */
static void no_sensor(struct bar_model_condition *c)
{
    no_accel_bias(c);
    no_gyro_bias(c);
    no_bias_walk(c);
    no_temperature(c);
    no_scale(c);
    no_noise(c);
    no_misalign(c);
    no_jitter(c);
}

static const struct accuracy_source sources[] = {
    {"accel-bias", "the accelerometer's constant bias", true, no_accel_bias},
    {"gyro-bias", "the gyro's constant bias", true, no_gyro_bias},
    {"bias-walk", "both biases' random walk", true, no_bias_walk},
    {"accel-walk", "the accelerometer bias's random walk", true, no_accel_walk},
    {"gyro-walk", "the gyro bias's random walk", true, no_gyro_walk},
    {"temperature", "bias following the unit's warming", true, no_temperature},
    {"scale", "scale error and cross-axis coupling", true, no_scale},
    {"noise", "sensor noise", true, no_noise},
    {"misalign", "the unit mounted askew", true, no_misalign},
    {"jitter", "timestamp jitter", true, no_jitter},
    {"loss", "lost samples and gaps (draws change: another set of losses)", false, no_loss},
    {"roll", "the bar rolling in the hands", true, no_roll},
    {"tilt", "one side lower", true, no_tilt},
    {"whip", "sleeve flex after reversals", true, no_whip},
    {"sway", "hand sway and vibration while held", true, no_sway},
    {"sensor", "all the unit's own errors above but loss: a perfect unit", true, no_sensor},
};

int accuracy_sources(const struct accuracy_source **out)
{
    *out = sources;
    return (int)(sizeof sources / sizeof sources[0]);
}

bool accuracy_condition_without(const struct bar_model_condition *c, const char *list,
                                struct bar_model_condition *out, char *why, size_t why_len)
{
    *out = *c;
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ",");
        const struct accuracy_source *src = NULL;
        for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++)
            if (strlen(sources[i].name) == len && strncmp(sources[i].name, p, len) == 0)
                src = &sources[i];
        if (!src) {
            if (why)
                snprintf(why, why_len, "no error source called \"%.*s\"", (int)len, p);
            return false;
        }
        src->remove(out);
        p += len;
        if (*p == ',')
            p++;
    }
    return true;
}
