/*
 * Rep detector. Per sample (cheap): project the accel onto the vertical learned while
 * the bar was still, integrate to velocity, decide whether the bar is still and, if
 * so, hold velocity at zero. Per rep (once, when the bar is still at the top again):
 * remove the remaining drift, find the phases by the 5 %-of-peak rule and measure.
 */
#include "rep.h"

#include <math.h>
#include <string.h>

#define G_MPS2   9.80665f
#define US_PER_S 1e6f
/* Low-pass for the quiet test: about 16 samples (16 ms at 1 kHz). */
#define LP_ALPHA 0.0625f
/* Gravity settles over about a quarter second of stillness. */
#define GRAV_LEARN_SAMPLES   256
#define GRAV_RELEARN_SAMPLES 32
#define GRAV_RENORM_EVERY    16 /* power of two */
/* Quiet: low-passed vertical accel and rotation below these. */
#define QUIET_ACCEL_G  0.012f
#define QUIET_GYRO_DPS 8.0f
/* Still: quiet this long at low velocity, or quiet this long whatever velocity says. */
#define STILL_US       100000
#define STILL_VEL_MPS  0.06f
#define STILL_FORCE_US 2000000
#define STILL_LEAK     (1.0f / 32.0f)
/* Going down faster than this starts a rep; coming up faster marks its concentric. */
#define REP_START_VEL_MPS 0.05f
/* The live phase shown on screen changes at this speed. */
#define PHASE_VEL_MPS 0.03f
/* A gap in the samples longer than this loses the integration: start over. */
#define MAX_GAP_US 100000
/* Less travel than this is shuffling the feet, not a rep. */
#define REP_MIN_ROM_MM 100
/* Bounce: next to no bottom pause and a sharp upward push out of the hole. */
#define BOUNCE_PAUSE_MS 60
#define BOUNCE_ACCEL_MG 300
#define INT16_LIMIT     32767

void rep_detector_init(struct rep_detector *d, const struct rules *rules)
{
    memset(d, 0, sizeof *d);
    d->rules = *rules;
    d->phase = REP_PHASE_TOP;
    d->stride = 1;
    d->stride_left = 1;
}

/* Drops the samples of the movement being recorded. */
static void discard(struct rep_detector *d)
{
    d->in_rep = false;
    d->saw_conc = false;
    d->n = 0;
    d->anchor = 0;
    d->stride = 1;
    d->stride_left = 1;
    d->horiz_g_peak = 0;
    d->gyro_dps_peak = 0;
    d->up_g_peak = 0;
}

void rep_detector_reset(struct rep_detector *d)
{
    discard(d);
    d->reps_done = 0;
    d->vel_mps = 0;
    d->pos_m = 0;
    d->phase = REP_PHASE_TOP;
    d->phase_start_us = d->last_t_us;
}

static void set_vertical(struct rep_detector *d)
{
    const float *g = d->grav_g;
    float mag = sqrtf(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
    if (mag <= 0)
        return;
    for (int a = 0; a < 3; a++)
        d->up[a] = g[a] / mag;
    d->bias_g = mag;
}

/* Averages the accel into the gravity estimate while the bar is still. */
static void learn_gravity(struct rep_detector *d, const float accel_g[3])
{
    /* A running mean at first, then an exponential one over GRAV_LEARN_SAMPLES. */
    float k = 1.0f / GRAV_LEARN_SAMPLES;
    if (d->still_count < GRAV_LEARN_SAMPLES)
        k = 1.0f / (float)++d->still_count;
    for (int a = 0; a < 3; a++)
        d->grav_g[a] += (accel_g[a] - d->grav_g[a]) * k;
    /* The vertical moves slowly: renormalise now and then, not every sample. */
    d->still_samples++;
    if ((d->still_samples & (GRAV_RENORM_EVERY - 1)) == 0 || d->still_count < GRAV_RENORM_EVERY)
        set_vertical(d);
}

/* Keeps the sample, halving the rate of everything kept when the buffer fills. */
static void record(struct rep_detector *d, int64_t t_us)
{
    if (--d->stride_left > 0)
        return;
    if (d->n == REP_SAMPLES_MAX) {
        for (int i = 0; i < REP_SAMPLES_MAX / 2; i++) {
            d->t[i] = d->t[2 * i];
            d->vel[i] = d->vel[2 * i];
        }
        d->n = REP_SAMPLES_MAX / 2;
        d->anchor /= 2;
        d->stride *= 2;
    }
    d->stride_left = d->stride;
    d->t[d->n] = t_us;
    d->vel[d->n] = d->vel_mps;
    d->n++;
}

/*
 * The bar has just been found still with velocity residual_mps, which should be zero:
 * the integration drifted by that much since the last zero-velocity update. Spread the
 * correction linearly over the samples since then.
 */
static void correct_drift(struct rep_detector *d, float residual_mps)
{
    int last = d->n - 1;
    if (last > d->anchor) {
        float span = (float)(d->t[last] - d->t[d->anchor]);
        float per_us = residual_mps / span;
        for (int i = d->anchor; i <= last; i++)
            d->vel[i] -= per_us * (float)(d->t[i] - d->t[d->anchor]);
    }
    d->anchor = d->n;
}

static int32_t ms_between(int64_t from_us, int64_t to_us)
{
    return (int32_t)((to_us - from_us + 500) / 1000);
}

static int16_t to_mmps(float vel_mps)
{
    float mmps = vel_mps * 1000.0f;
    if (mmps > INT16_LIMIT)
        return INT16_LIMIT;
    if (mmps < -INT16_LIMIT)
        return -INT16_LIMIT;
    return (int16_t)lrintf(mmps);
}

/* Phase bounds: the run of samples around peak whose speed (sign applied) exceeds th. */
static void phase_bounds(const float *vel, int lo, int hi, int peak, float sign, float th,
                         int *start, int *end)
{
    int s = peak, e = peak;
    while (s > lo && sign * vel[s - 1] > th)
        s--;
    while (e < hi && sign * vel[e + 1] > th)
        e++;
    *start = s;
    *end = e;
}

static void fill_trace(const struct rep_detector *d, int from, int to, struct rep_result *r)
{
    int64_t t0 = d->t[from], span = d->t[to] - d->t[from];
    int i = from;
    for (int k = 0; k < REP_TRACE_POINTS; k++) {
        int64_t tk = t0 + span * k / (REP_TRACE_POINTS - 1);
        while (i < to && d->t[i + 1] <= tk)
            i++;
        r->trace_mmps[k] = to_mmps(d->vel[i]);
    }
}

/*
 * The propulsive part of the concentric ends where the bar first decelerates faster than
 * gravity would (the lifter lets go of it); the index of that sample, or ce.
 */
static int propulsive_end(const struct rep_detector *d, int cs, int ce)
{
    for (int i = cs + 1; i <= ce; i++) {
        float dt_s = (float)(d->t[i] - d->t[i - 1]) * (1.0f / US_PER_S);
        if (dt_s > 0 && d->vel[i] - d->vel[i - 1] < -G_MPS2 * dt_s)
            return i - 1;
    }
    return ce;
}

/* The larger of swing and rotation against their thresholds, in percent. */
static int32_t momentum_pct(const struct rep_detector *d, const struct rep_result *r)
{
    int64_t horiz = d->rules.momentum_horiz_mg > 0
                        ? (int64_t)r->peak_horiz_mg * 100 / d->rules.momentum_horiz_mg
                        : 0;
    int64_t gyro = d->rules.momentum_gyro_dps > 0
                       ? (int64_t)r->peak_gyro_dps * 100 / d->rules.momentum_gyro_dps
                       : 0;
    int64_t pct = horiz > gyro ? horiz : gyro;
    return pct > INT32_MAX ? INT32_MAX : (int32_t)pct;
}

/* Measures the recorded movement; false when it is not a rep. */
static bool measure(struct rep_detector *d, int64_t t_end_us, struct rep_result *r)
{
    int n = d->n;
    if (n < 3)
        return false;
    int i_min = 0;
    for (int i = 1; i < n; i++)
        if (d->vel[i] < d->vel[i_min])
            i_min = i;
    int i_max = i_min;
    for (int i = i_min + 1; i < n; i++)
        if (d->vel[i] > d->vel[i_max])
            i_max = i;
    float ecc_peak = -d->vel[i_min], conc_peak = d->vel[i_max];
    if (ecc_peak <= 0 || conc_peak <= 0)
        return false;

    float pct = (float)d->rules.phase_threshold_pct / 100.0f;
    int es, ee, cs, ce;
    phase_bounds(d->vel, 0, i_max, i_min, -1.0f, ecc_peak * pct, &es, &ee);
    phase_bounds(d->vel, ee, n - 1, i_max, 1.0f, conc_peak * pct, &cs, &ce);
    int pe = propulsive_end(d, cs, ce);

    /* Position by the trapezoid rule; travel is measured over the whole movement. */
    float pos = 0, pos_min = 0, pos_max = 0, pos_cs = 0, pos_ce = 0, pos_pe = 0;
    for (int i = 1; i < n; i++) {
        float dt_s = (float)(d->t[i] - d->t[i - 1]) * (1.0f / US_PER_S);
        pos += 0.5f * (d->vel[i] + d->vel[i - 1]) * dt_s;
        if (pos < pos_min)
            pos_min = pos;
        if (pos > pos_max)
            pos_max = pos;
        if (i == cs)
            pos_cs = pos;
        if (i == ce)
            pos_ce = pos;
        if (i == pe)
            pos_pe = pos;
    }
    int32_t rom_mm = (int32_t)lrintf((pos_max - pos_min) * 1000.0f);
    if (rom_mm < REP_MIN_ROM_MM)
        return false;

    memset(r, 0, sizeof *r);
    r->t_start_us = d->t[es];
    r->t_end_us = t_end_us;
    r->ecc_ms = ms_between(d->t[es], d->t[ee]);
    r->bottom_ms = ms_between(d->t[ee], d->t[cs]);
    r->conc_ms = ms_between(d->t[cs], d->t[ce]);
    r->top_ms = ms_between(d->t[ce], t_end_us);
    r->rom_mm = rom_mm;
    float conc_s = (float)(d->t[ce] - d->t[cs]) / US_PER_S;
    r->mean_conc_mmps = conc_s > 0 ? (int32_t)lrintf((pos_ce - pos_cs) / conc_s * 1000.0f) : 0;
    r->peak_conc_mmps = (int32_t)lrintf(conc_peak * 1000.0f);
    r->peak_horiz_mg = (int32_t)lrintf(sqrtf(d->horiz_g_peak) * 1000.0f);
    r->peak_gyro_dps = (int32_t)lrintf(sqrtf(d->gyro_dps_peak));
    r->rushed = (int64_t)r->ecc_ms * 100 < (int64_t)d->rules.rushed_pct * d->rules.tempo_ms[0];
    bool bounce = r->bottom_ms < BOUNCE_PAUSE_MS && d->up_g_peak * 1000.0f > BOUNCE_ACCEL_MG;
    r->momentum = r->peak_horiz_mg > d->rules.momentum_horiz_mg ||
                  r->peak_gyro_dps > d->rules.momentum_gyro_dps || bounce;
    r->ecc_start_us = d->t[es];
    r->ecc_end_us = d->t[ee];
    r->con_start_us = d->t[cs];
    r->con_end_us = d->t[ce];
    float prop_s = (float)(d->t[pe] - d->t[cs]) / US_PER_S;
    r->mean_prop_mmps = prop_s > 0 ? (int32_t)lrintf((pos_pe - pos_cs) / prop_s * 1000.0f) : 0;
    r->tilt_cdeg = 0; /* not measured here: the vertical is all this detector tracks */
    r->momentum_pct = momentum_pct(d, r);
    fill_trace(d, es, ce, r);
    r->index = ++d->reps_done;
    return true;
}

static void set_phase(struct rep_detector *d, int64_t t_us)
{
    enum rep_phase p = REP_PHASE_TOP;
    if (d->in_rep && !d->saw_conc)
        p = d->vel_mps < -PHASE_VEL_MPS ? REP_PHASE_ECCENTRIC : REP_PHASE_BOTTOM;
    else if (d->in_rep)
        p = d->vel_mps > PHASE_VEL_MPS ? REP_PHASE_CONCENTRIC : REP_PHASE_TOP;
    if (p != d->phase) {
        d->phase = p;
        d->phase_start_us = t_us;
    }
}

/* The bar has just come to rest: close a rep, anchor the drift, or drop a fidget. */
static bool came_to_rest(struct rep_detector *d, int64_t t_us, struct rep_result *out)
{
    bool done = false;
    if (d->in_rep) {
        correct_drift(d, d->vel_mps);
        if (!d->saw_conc)
            return false; /* bottom pause: keep measuring */
        done = measure(d, t_us, out);
    }
    discard(d);
    d->pos_m = 0;
    return done;
}

bool rep_detector_push(struct rep_detector *d, const struct imu_sample *s, struct rep_result *out)
{
    const float *a = s->accel_g, *w = s->gyro_dps;
    if (!d->started) {
        memcpy(d->grav_g, a, sizeof d->grav_g);
        set_vertical(d);
        d->still_count = 1;
        d->started = true;
        d->last_t_us = d->quiet_since_us = d->phase_start_us = s->t_us;
        return false;
    }
    int64_t dt_us = s->t_us - d->last_t_us;
    if (dt_us <= 0)
        return false;
    d->last_t_us = s->t_us;
    if (dt_us > MAX_GAP_US) {
        discard(d);
        d->vel_mps = 0;
        d->still = false;
        d->quiet_since_us = s->t_us;
        set_phase(d, s->t_us);
        return false;
    }

    float along = a[0] * d->up[0] + a[1] * d->up[1] + a[2] * d->up[2];
    float vert_g = along - d->bias_g;
    float dt_s = (float)dt_us * (1.0f / US_PER_S);
    d->vel_mps += vert_g * G_MPS2 * dt_s;
    d->pos_m += d->vel_mps * dt_s;
    d->vert_f_g += (vert_g - d->vert_f_g) * LP_ALPHA;
    float gyro_sum = fabsf(w[0]) + fabsf(w[1]) + fabsf(w[2]);
    d->gyro_f_dps += (gyro_sum - d->gyro_f_dps) * LP_ALPHA;

    bool quiet = fabsf(d->vert_f_g) < QUIET_ACCEL_G && d->gyro_f_dps < QUIET_GYRO_DPS;
    if (quiet && !d->quiet)
        d->quiet_since_us = s->t_us;
    d->quiet = quiet;
    bool done = false;
    if (!quiet) {
        if (d->still)
            d->anchor = d->n; /* drift is corrected from where the bar last left rest */
        d->still = false;
    } else if (!d->still) {
        int64_t quiet_us = s->t_us - d->quiet_since_us;
        if ((quiet_us >= STILL_US && fabsf(d->vel_mps) < STILL_VEL_MPS) ||
            quiet_us >= STILL_FORCE_US) {
            d->still = true;
            /* A new resting position is learned quickly, but never from one sample. */
            if (d->still_count > GRAV_RELEARN_SAMPLES)
                d->still_count = GRAV_RELEARN_SAMPLES;
            done = came_to_rest(d, s->t_us, out);
            d->vel_mps = 0;
        }
    }
    if (d->still) {
        learn_gravity(d, a);
        /*
         * Velocity leaks to zero rather than being held there, so the first few ms of a
         * movement, before the low-passed quiet test notices it, still count.
         */
        d->vel_mps -= d->vel_mps * STILL_LEAK;
        if (!d->in_rep)
            d->pos_m = 0;
    }

    /* Record the movement (and a bottom pause); nothing while resting at the top. */
    if (!d->still || d->in_rep) {
        float a2 = a[0] * a[0] + a[1] * a[1] + a[2] * a[2];
        float horiz2 = a2 - along * along;
        float gyro2 = w[0] * w[0] + w[1] * w[1] + w[2] * w[2];
        /* Plain compares: fmaxf is a library call that also handles NaN. */
        if (horiz2 > d->horiz_g_peak)
            d->horiz_g_peak = horiz2;
        if (gyro2 > d->gyro_dps_peak)
            d->gyro_dps_peak = gyro2;
        if (d->vert_f_g > d->up_g_peak)
            d->up_g_peak = d->vert_f_g;
        if (!d->in_rep && d->vel_mps < -REP_START_VEL_MPS)
            d->in_rep = true;
        else if (d->in_rep && d->vel_mps > REP_START_VEL_MPS)
            d->saw_conc = true;
        record(d, s->t_us);
    }
    set_phase(d, s->t_us);
    return done;
}

void rep_detector_set_start(struct rep_detector *d, enum rep_start start)
{
    /* Kept for the caller; this detector segments eccentric-first lifts only. */
    d->start = start;
}

bool rep_detector_finish(struct rep_detector *d, struct rep_result *out)
{
    bool done = false;
    if (d->in_rep && d->saw_conc) {
        correct_drift(d, d->vel_mps);
        done = measure(d, d->last_t_us, out);
    }
    discard(d);
    return done;
}

int32_t rep_velocity_loss_pct(const struct rep_result *reps, int n)
{
    if (n < 1)
        return 0;
    int32_t best = 0;
    for (int i = 0; i < n; i++)
        if (reps[i].mean_conc_mmps > best)
            best = reps[i].mean_conc_mmps;
    int32_t last = reps[n - 1].mean_conc_mmps;
    if (best <= 0 || last >= best)
        return 0;
    return (int32_t)((int64_t)(best - last) * 100 / best);
}

float rep_detector_velocity_mps(const struct rep_detector *d)
{
    return d->vel_mps;
}

enum rep_phase rep_detector_phase(const struct rep_detector *d)
{
    return d->phase;
}

int64_t rep_detector_phase_start_us(const struct rep_detector *d)
{
    return d->phase_start_us;
}
