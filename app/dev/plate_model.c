#include <math.h>
#include <string.h>

#include "plate_model.h"

#define G_MPS2             9.81
#define TWO_PI             6.283185307179586
#define US_PER_S           1e6
#define CELL_SPAN_M        0.5 /* between the left and the right load cells */
#define HX711_MAX          0x7FFFFF
#define HX711_MIN          (-0x800000)
#define JITTER_US          250.0 /* when the reader gets to a ready chip */
#define CREEP_TAU_MIN      40.0  /* seconds */
#define CREEP_TAU_MAX      200.0
#define BAR_SWAY_GAIN      1.4 /* a person holding a bar sways more */
#define LEFT_MIN           0.02
#define CONVERSION_STEP_US 5000.0 /* the force is averaged over a conversion in steps of this */

/* splitmix64 */
static uint64_t mix(uint64_t z)
{
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double unit_of(uint64_t z)
{
    return (double)(z >> 11) / (double)(1ull << 53);
}

static double uniform(uint64_t *rng, double lo, double hi)
{
    *rng = mix(*rng);
    return lo + (hi - lo) * unit_of(*rng);
}

static double gauss(uint64_t *rng)
{
    double u1 = uniform(rng, 1e-12, 1.0), u2 = uniform(rng, 0.0, 1.0);
    return sqrt(-2.0 * log(u1)) * cos(TWO_PI * u2);
}

/* A move's own random traits, from the seed and its start: no state to keep in step. */
static double move_rand(const struct plate_model *m, const struct plate_move *mv, int k, double lo,
                        double hi)
{
    uint64_t z = mix(m->cfg.seed ^ mix((uint64_t)mv->t_us * 31u + (uint64_t)k));
    return lo + (hi - lo) * unit_of(z);
}

static double smooth(double u)
{
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    return u * u * (3 - 2 * u);
}

static double clamp_left(double l)
{
    return l < LEFT_MIN ? LEFT_MIN : l > 1 - LEFT_MIN ? 1 - LEFT_MIN : l;
}

void plate_model_defaults(struct plate_model_config *cfg, uint64_t seed, int rate_hz)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->seed = seed;
    cfg->rate_hz = rate_hz;
    for (int side = 0; side < PLATE_SIDES; side++) {
        cfg->cal.offset[side] = side == PLATE_LEFT ? 83000 : -61000;
        cfg->cal.g_per_count[side] = side == PLATE_LEFT ? 0.0493 : 0.0521;
    }
    /* HX711 input noise is about 90 nV rms at 80/s, 50 nV at 10/s: with four 200 kg cells
     * at 2 mV/V and 5 V that is 10-20 g per side at 80/s. */
    cfg->noise_g = rate_hz >= 80 ? 15.0 : 8.0;
    cfg->glitch_p = 0.004;
    cfg->zero_error_g = 400.0;
    /* zero drift of a cell is about 0.002 % of full scale per kelvin: a few grams a minute as
     * a room warms; creep of a C3 cell is within 0.025 % of the load over 30 minutes */
    cfg->drift_g_per_min = 6.0;
    cfg->creep_frac = 0.00025;
    cfg->clock_error = 0.05;
    cfg->jitter_us = JITTER_US;
    cfg->sway = 1.0;
}

void plate_model_init(struct plate_model *m, const struct plate_model_config *cfg, int64_t t0_us)
{
    memset(m, 0, sizeof(*m));
    m->cfg = *cfg;
    m->rng = mix(cfg->seed * 2 + 1);
    double rate = cfg->rate_hz * (1.0 + uniform(&m->rng, -cfg->clock_error, cfg->clock_error));
    m->period_us = US_PER_S / rate;
    m->t_us = t0_us;
    m->next_exact = (double)t0_us;
    m->origin_us = t0_us;
    m->last_us = t0_us;
    m->left_frac = 0.5;
    /* medio-lateral sway of the centre of pressure: 0.4-1.5 cm in three components */
    for (int i = 0; i < 3; i++) {
        m->ml_amp_m[i] = uniform(&m->rng, 0.0015, 0.005) * cfg->sway;
        m->ml_hz[i] = uniform(&m->rng, 0.1, 1.0);
        m->ml_phase[i] = uniform(&m->rng, 0, TWO_PI);
    }
    /* vertical: breathing, postural corrections, heartbeat, tremor */
    static const double hz_lo[4] = {0.2, 0.1, 0.9, 2.0}, hz_hi[4] = {0.4, 1.0, 1.5, 5.0};
    static const double z_lo[4] = {0.5e-3, 0.3e-3, 0.1e-3, 0.005e-3};
    static const double z_hi[4] = {2.0e-3, 1.5e-3, 0.5e-3, 0.04e-3};
    for (int i = 0; i < 4; i++) {
        m->z_amp_m[i] = uniform(&m->rng, z_lo[i], z_hi[i]) * cfg->sway;
        m->z_hz[i] = uniform(&m->rng, hz_lo[i], hz_hi[i]);
        m->z_phase[i] = uniform(&m->rng, 0, TWO_PI);
    }
    for (int side = 0; side < PLATE_SIDES; side++) {
        m->zero_g[side] = uniform(&m->rng, -cfg->zero_error_g, cfg->zero_error_g);
        m->drift_g_per_us[side] =
            uniform(&m->rng, -cfg->drift_g_per_min, cfg->drift_g_per_min) / 60e6;
        m->creep_frac[side] = uniform(&m->rng, 0.25, 1.0) * cfg->creep_frac;
    }
    m->creep_tau_us = uniform(&m->rng, CREEP_TAU_MIN, CREEP_TAU_MAX) * US_PER_S;
}

void plate_model_move(struct plate_model *m, const struct plate_move *mv)
{
    if (m->n_moves == PLATE_MODEL_MAX_MOVES)
        return;
    struct plate_move v = *mv;
    if (v.kind == PLATE_MOVE_REP)
        v.dur_us = v.down_us + v.pause_us + v.up_us + 500000;
    int64_t busy = plate_model_busy_until(m);
    if (v.t_us < busy)
        v.t_us = busy;
    m->moves[m->n_moves++] = v;
}

int64_t plate_model_busy_until(const struct plate_model *m)
{
    if (m->n_moves == 0)
        return 0;
    const struct plate_move *last = &m->moves[m->n_moves - 1];
    return last->t_us + last->dur_us;
}

/* What a finished move leaves on the plate. */
static void apply_end(int32_t *body_g, int32_t *bar_g, double *left, const struct plate_move *mv)
{
    switch (mv->kind) {
    case PLATE_MOVE_STEP_ON:
        *body_g = mv->body_g;
        *left = mv->left_frac;
        break;
    case PLATE_MOVE_STEP_OFF:
        *body_g = 0;
        *bar_g = 0;
        break;
    case PLATE_MOVE_UNRACK:
        *bar_g = mv->bar_g;
        *left = mv->left_frac;
        break;
    case PLATE_MOVE_RERACK:
        *bar_g = 0;
        *left = mv->left_frac;
        break;
    case PLATE_MOVE_REP:
        break;
    case PLATE_MOVE_SHIFT:
        *left = mv->left_frac;
        break;
    }
}

void plate_model_final(const struct plate_model *m, int32_t *body_g, int32_t *bar_g,
                       double *left_frac)
{
    *body_g = m->body_g;
    *bar_g = m->bar_g;
    *left_frac = m->left_frac;
    for (int i = 0; i < m->n_moves; i++)
        apply_end(body_g, bar_g, left_frac, &m->moves[i]);
}

void plate_model_set_fault(struct plate_model *m, enum plate_side side, enum plate_fault_kind k)
{
    if ((unsigned)side < PLATE_SIDES)
        m->fault[side] = k;
}

/* The centre of pressure's wander, as a change of the left share. */
static double ml_sway(const struct plate_model *m, double t_s)
{
    double x = 0;
    for (int i = 0; i < 3; i++)
        x += m->ml_amp_m[i] * sin(TWO_PI * m->ml_hz[i] * t_s + m->ml_phase[i]);
    return x / CELL_SPAN_M;
}

/* The centre of mass's vertical acceleration over g. */
static double z_sway(const struct plate_model *m, double t_s)
{
    double a = 0;
    for (int i = 0; i < 4; i++) {
        double w = TWO_PI * m->z_hz[i];
        a += m->z_amp_m[i] * w * w * sin(w * t_s + m->z_phase[i]);
    }
    return a / G_MPS2;
}

/* A damped ring after a landing: amplitude share, from the move's traits. */
static double ringing(const struct plate_model *m, const struct plate_move *mv, double after_s,
                      double lo, double hi)
{
    if (after_s < 0)
        return 0;
    double amp = move_rand(m, mv, 1, lo, hi) * (move_rand(m, mv, 2, 0, 1) < 0.5 ? -1 : 1);
    double tau_s = move_rand(m, mv, 3, 0.1, 0.25);
    double hz = move_rand(m, mv, 4, 1.5, 3.5);
    return amp * exp(-after_s / tau_s) * sin(TWO_PI * hz * after_s);
}

/* Walking steps on the plate inside [from, to] of a move: one foot at a time leaves it. */
static void walk(const struct plate_model *m, const struct plate_move *mv, double s, double from,
                 double to, double *left, double *accel)
{
    int steps = 1 + (int)move_rand(m, mv, 5, 0, 2.999);
    double len = (to - from) / steps;
    if (s < from || s >= to || len <= 0)
        return;
    int k = (int)((s - from) / len);
    double v = (s - from - k * len) / len;
    bool left_foot = ((k + (move_rand(m, mv, 6, 0, 1) < 0.5)) % 2) == 0;
    double w = sin(M_PI * v) * sin(M_PI * v) * 0.95;
    *left = left_foot ? *left * (1 - w) : 1 - (1 - *left) * (1 - w);
    *accel += move_rand(m, mv, 7 + k, 0.06, 0.15) * sin(TWO_PI * v);
}

/*
 * The bar and body settling after a rep: a damped ring that leaves them at rest. It is the
 * derivative of a damped velocity that starts and ends at zero (2 amp / w * e^(-t/tau) *
 * sin^2(w t / 2)), so it carries no net impulse; a damped sine of acceleration alone would
 * leave the lifter rising for good.
 */
static double rep_ring(double after_s)
{
    const double amp = 0.03, tau_s = 0.12, w = TWO_PI * 3;
    if (after_s < 0)
        return 0;
    double half = sin(w * after_s / 2);
    return amp * exp(-after_s / tau_s) * (sin(w * after_s) - 2 / (w * tau_s) * half * half);
}

/* Vertical acceleration over g of a rep's centre of mass (cosine profiles per phase). */
static double rep_accel(const struct plate_move *mv, double s, double *progress)
{
    double d = mv->down_us / US_PER_S, p = mv->pause_us / US_PER_S, u = mv->up_us / US_PER_S;
    double depth = mv->depth_m;
    *progress = 0;
    if (s < d) {
        *progress = s / d;
        return -depth * (M_PI / d) * (M_PI / d) / 2 * cos(M_PI * s / d) / G_MPS2;
    }
    if (s < d + p) {
        *progress = 1;
        return 0;
    }
    if (s < d + p + u) {
        double v = s - d - p;
        *progress = 1 - v / u;
        return depth * (M_PI / u) * (M_PI / u) / 2 * cos(M_PI * v / u) / G_MPS2;
    }
    return 0;
}

struct plate_now {
    double side_g[PLATE_SIDES]; /* static */
    double accel;               /* vertical acceleration of the moving mass, over g */
    double moving_g;            /* the mass that accelerates */
    double left;                /* how the dynamic force splits */
};

/* The plate during a move at s seconds into it, from the state before it. */
static void in_move(const struct plate_model *m, const struct plate_move *mv, double s,
                    struct plate_now *n)
{
    double dur = mv->dur_us / US_PER_S;
    double body = m->body_g, bar = m->bar_g, l0 = m->left_frac, l1 = mv->left_frac;
    double left = l0, bar_now = bar;
    switch (mv->kind) {
    case PLATE_MOVE_STEP_ON: {
        double ramp = dur * 0.55, u = s / ramp;
        bool lead_left = move_rand(m, mv, 0, 0, 1) < 0.5;
        double lead = smooth(u / 0.6), trail = smooth((u - 0.4) / 0.6);
        n->side_g[PLATE_LEFT] = mv->body_g * l1 * (lead_left ? lead : trail);
        n->side_g[PLATE_RIGHT] = mv->body_g * (1 - l1) * (lead_left ? trail : lead);
        n->moving_g = mv->body_g;
        n->accel = ringing(m, mv, s - ramp, 0.02, 0.08);
        n->left = l1;
        return;
    }
    case PLATE_MOVE_STEP_OFF: {
        double u = s / dur;
        bool lead_left = move_rand(m, mv, 0, 0, 1) < 0.5;
        double lead = 1 - smooth(u / 0.6), trail = 1 - smooth((u - 0.4) / 0.6);
        n->side_g[PLATE_LEFT] = (body + bar) * l0 * (lead_left ? lead : trail);
        n->side_g[PLATE_RIGHT] = (body + bar) * (1 - l0) * (lead_left ? trail : lead);
        n->moving_g = n->side_g[PLATE_LEFT] + n->side_g[PLATE_RIGHT];
        n->accel = 0.08 * sin(M_PI * smooth((u - 0.3) / 0.6));
        n->left = l0;
        return;
    }
    case PLATE_MOVE_UNRACK: {
        double ramp = dur * 0.65, lift = ramp * 0.3;
        bar_now = mv->bar_g * smooth(s / lift);
        double accel = s < lift ? move_rand(m, mv, 20, 0.05, 0.15) * sin(TWO_PI * s / lift) : 0;
        left = l0 + (l1 - l0) * smooth((s - lift) / (ramp - lift));
        walk(m, mv, s, lift, ramp, &left, &accel);
        accel += ringing(m, mv, s - ramp, 0.02, 0.06);
        n->accel = accel;
        break;
    }
    case PLATE_MOVE_RERACK: {
        double ramp = dur * 0.65, walk_end = ramp * 0.6, set = ramp - walk_end;
        double accel = 0;
        left = l0 + (l1 - l0) * smooth(s / walk_end);
        walk(m, mv, s, 0, walk_end, &left, &accel);
        if (s >= walk_end && s < ramp)
            accel -= move_rand(m, mv, 20, 0.04, 0.12) * sin(TWO_PI * (s - walk_end) / set);
        bar_now = bar * (1 - smooth((s - walk_end - set * 0.3) / (set * 0.5)));
        accel += ringing(m, mv, s - ramp, 0.01, 0.04);
        n->accel = accel;
        break;
    }
    case PLATE_MOVE_REP: {
        double progress;
        n->accel = rep_accel(mv, s, &progress);
        double end = (mv->down_us + mv->pause_us + mv->up_us) / US_PER_S;
        n->accel += rep_ring(s - end);
        left = l0 + move_rand(m, mv, 21, -0.03, 0.03) * sin(M_PI * progress);
        break;
    }
    case PLATE_MOVE_SHIFT:
        left = l0 + (l1 - l0) * smooth(s / dur);
        n->accel = 0;
        break;
    }
    left = clamp_left(left);
    double on = body + bar_now;
    n->side_g[PLATE_LEFT] = on * left;
    n->side_g[PLATE_RIGHT] = on * (1 - left);
    n->moving_g = on;
    n->left = left;
}

/* Everything on the plate at t_us, before the sensor; moves that ended are folded in. */
static bool plate_at(struct plate_model *m, int64_t t_us, struct plate_now *n)
{
    while (m->n_moves > 0 && m->moves[0].t_us + m->moves[0].dur_us <= t_us) {
        apply_end(&m->body_g, &m->bar_g, &m->left_frac, &m->moves[0]);
        memmove(&m->moves[0], &m->moves[1], (size_t)(--m->n_moves) * sizeof(m->moves[0]));
    }
    memset(n, 0, sizeof(*n));
    bool moving = m->n_moves > 0 && m->moves[0].t_us <= t_us;
    if (moving) {
        in_move(m, &m->moves[0], (t_us - m->moves[0].t_us) / US_PER_S, n);
    } else {
        double on = (double)m->body_g + m->bar_g;
        n->side_g[PLATE_LEFT] = on * m->left_frac;
        n->side_g[PLATE_RIGHT] = on * (1 - m->left_frac);
        n->moving_g = on;
        n->left = m->left_frac;
    }
    /* a person sways whatever else they do */
    if (m->body_g > 0 || (moving && n->moving_g > 0)) {
        double t_s = (t_us - m->origin_us) / US_PER_S;
        double gain = m->bar_g > 0 ? BAR_SWAY_GAIN : 1.0;
        double on = n->side_g[PLATE_LEFT] + n->side_g[PLATE_RIGHT];
        double left = clamp_left(n->side_g[PLATE_LEFT] / (on > 0 ? on : 1) +
                                 gain * ml_sway(m, t_s) * (on > 0));
        n->side_g[PLATE_LEFT] = on * left;
        n->side_g[PLATE_RIGHT] = on * (1 - left);
        n->accel += gain * z_sway(m, t_s);
        n->left = left;
    }
    return moving;
}

static int32_t to_counts(const struct plate_model *m, int side, double grams)
{
    double gpc = m->cfg.cal.g_per_count[side];
    double counts = m->cfg.cal.offset[side] + (gpc > 0 ? grams / gpc : 0);
    if (counts >= HX711_MAX)
        return HX711_MAX;
    if (counts <= HX711_MIN)
        return HX711_MIN;
    return (int32_t)lround(counts);
}

/* What a glitched read gives: a flipped bit, a rail code, or all ones. */
static int32_t glitch(uint64_t z, int32_t raw)
{
    double kind = unit_of(mix(z));
    if (kind < 0.5) {
        int bit = 10 + (int)(unit_of(mix(z + 1)) * 13.999);
        uint32_t word = ((uint32_t)raw & 0xFFFFFFu) ^ (1u << bit);
        return (int32_t)((word ^ 0x800000u) - 0x800000u);
    }
    if (kind < 0.75)
        return unit_of(mix(z + 2)) < 0.5 ? HX711_MAX : HX711_MIN;
    return -1;
}

static void force_of(const struct plate_now *n, double g[PLATE_SIDES])
{
    g[PLATE_LEFT] = n->side_g[PLATE_LEFT] + n->moving_g * n->accel * n->left;
    g[PLATE_RIGHT] = n->side_g[PLATE_RIGHT] + n->moving_g * n->accel * (1 - n->left);
}

/*
 * The force per side as the HX711 converts it: its sigma-delta modulator integrates the
 * input over the whole conversion, so a word is the mean force since the last one, not
 * the force at one instant (at 10 samples/s that is 100 ms of a rep). n is the plate at t_us.
 */
static bool converted(struct plate_model *m, int64_t t_us, struct plate_now *n,
                      double g[PLATE_SIDES])
{
    double span_us = (double)(t_us - m->last_us);
    if (span_us > m->period_us)
        span_us = m->period_us;
    int k = (int)(span_us / CONVERSION_STEP_US);
    double sum[PLATE_SIDES] = {0};
    for (int j = k; j >= 1; j--) { /* oldest first: plate_at only goes forward */
        struct plate_now sub;
        double sg[PLATE_SIDES];
        plate_at(m, t_us - (int64_t)(span_us * j / (k + 1)), &sub);
        force_of(&sub, sg);
        for (int side = 0; side < PLATE_SIDES; side++)
            sum[side] += sg[side];
    }
    bool moving = plate_at(m, t_us, n);
    force_of(n, g);
    for (int side = 0; side < PLATE_SIDES; side++)
        g[side] = (g[side] + sum[side]) / (k + 1);
    return moving;
}

void plate_model_sample(struct plate_model *m, struct plate_sample *out,
                        struct plate_model_truth *truth)
{
    int64_t t_us = m->t_us;
    struct plate_now n;
    double applied_g[PLATE_SIDES];
    bool moving = converted(m, t_us, &n, applied_g);
    double dt_us = (double)(t_us - m->last_us);
    m->last_us = t_us;
    memset(out, 0, sizeof(*out));
    out->t_us = t_us;
    /* glitches come from their own stream, so a trace without them is otherwise the same */
    uint64_t gz = mix(m->cfg.seed ^ 0xA5A5A5A5ull ^ mix(m->n_samples));
    uint8_t glitches = 0;
    for (int side = 0; side < PLATE_SIDES; side++) {
        double applied = applied_g[side];
        double k = 1 - exp(-dt_us / m->creep_tau_us);
        m->creep_g[side] += (m->creep_frac[side] * applied - m->creep_g[side]) * k;
        double zero = m->zero_g[side] + m->drift_g_per_us[side] * (t_us - m->origin_us);
        double noise = gauss(&m->rng) * m->cfg.noise_g;
        int32_t raw = to_counts(m, side, applied + m->creep_g[side] + zero + noise);
        bool ok = true;
        switch (m->fault[side]) {
        case PLATE_FAULT_NONE:
            break;
        case PLATE_FAULT_DEAD:
            raw = -1;
            ok = false;
            break;
        case PLATE_FAULT_FROZEN:
            if (m->frozen_raw[side] == 0)
                m->frozen_raw[side] = raw;
            raw = m->frozen_raw[side];
            break;
        case PLATE_FAULT_SATURATED:
            raw = HX711_MAX;
            break;
        }
        uint64_t gs = mix(gz + (uint64_t)side);
        bool last = m->last_glitch & (1u << side);
        if (ok && !last && m->fault[side] == PLATE_FAULT_NONE && unit_of(gs) < m->cfg.glitch_p) {
            raw = glitch(gs, raw);
            glitches |= (uint8_t)(1u << side);
        }
        out->raw[side] = raw;
        if (ok)
            out->ok_mask |= (uint8_t)(1u << side);
    }
    m->last_glitch = glitches;
    if (truth) {
        truth->static_g[PLATE_LEFT] = n.side_g[PLATE_LEFT];
        truth->static_g[PLATE_RIGHT] = n.side_g[PLATE_RIGHT];
        truth->moving = moving;
        truth->glitch_mask = glitches;
    }
    m->n_samples++;
    m->next_exact += m->period_us;
    int64_t next = llround(m->next_exact + uniform(&m->rng, -m->cfg.jitter_us, m->cfg.jitter_us));
    m->t_us = next > t_us ? next : t_us + 1;
}

/* --- visits --- */

struct visit_builder {
    struct plate_visit *v;
    uint64_t rng;
    int64_t t_us;
    int kind; /* 0 empty, 1 person, 2 holding */
    int64_t still_from_us;
};

static double vr(struct visit_builder *b, double lo, double hi)
{
    return uniform(&b->rng, lo, hi);
}

static int64_t vr_us(struct visit_builder *b, double lo_s, double hi_s)
{
    return (int64_t)(vr(b, lo_s, hi_s) * US_PER_S);
}

/* The still stretch that ends where a move starts. */
static void close_still(struct visit_builder *b, int64_t end_us)
{
    struct plate_visit *v = b->v;
    int64_t len = end_us - b->still_from_us;
    if (len >= PLATE_VISIT_MIN_US && v->n_stretch < PLATE_VISIT_MAX_STRETCH) {
        struct plate_truth_stretch *s = &v->stretch[v->n_stretch++];
        s->start_us = b->still_from_us;
        s->end_us = end_us;
        s->total_g = b->kind == 0 ? 0 : b->kind == 1 ? v->body_g : v->body_g + v->bar_g;
        s->left_pct = 50;
        s->required = len >= PLATE_VISIT_REQUIRED_US;
        s->kind = b->kind;
    }
}

static void add_event(struct plate_visit *v, int64_t t_us, enum load_event type, int move)
{
    if (v->n_events < PLATE_VISIT_MAX_EVENTS)
        v->event[v->n_events++] =
            (struct plate_truth_event){.t_us = t_us, .type = type, .move = move};
}

/* A still stretch of the given length, then the move. */
static void add(struct visit_builder *b, int64_t still_us, struct plate_move mv)
{
    struct plate_visit *v = b->v;
    if (v->n_moves == PLATE_MODEL_MAX_MOVES)
        return;
    b->t_us += still_us;
    bool shift = mv.kind == PLATE_MOVE_SHIFT; /* standing still while shifting weight */
    if (!shift)
        close_still(b, b->t_us);
    mv.t_us = b->t_us;
    if (mv.kind == PLATE_MOVE_REP)
        mv.dur_us = mv.down_us + mv.pause_us + mv.up_us + 500000;
    v->moves[v->n_moves++] = mv;
    static const enum load_event ev[] = {
        [PLATE_MOVE_STEP_ON] = LOAD_EVENT_STEP_ON, [PLATE_MOVE_STEP_OFF] = LOAD_EVENT_STEP_OFF,
        [PLATE_MOVE_UNRACK] = LOAD_EVENT_UNRACK,   [PLATE_MOVE_RERACK] = LOAD_EVENT_RERACK,
        [PLATE_MOVE_REP] = LOAD_EVENT_NONE,        [PLATE_MOVE_SHIFT] = LOAD_EVENT_NONE,
    };
    if (ev[mv.kind] != LOAD_EVENT_NONE)
        add_event(v, mv.t_us, ev[mv.kind], v->n_moves - 1);
    b->t_us += mv.dur_us;
    if (!shift)
        b->still_from_us = b->t_us;
    if (mv.kind == PLATE_MOVE_STEP_ON || mv.kind == PLATE_MOVE_RERACK)
        b->kind = 1;
    else if (mv.kind == PLATE_MOVE_STEP_OFF)
        b->kind = 0;
    else if (mv.kind == PLATE_MOVE_UNRACK)
        b->kind = 2;
}

/* A stance: mostly near even, sometimes clearly lopsided. */
static double stance(struct visit_builder *b, double person_left)
{
    return clamp_left(person_left + vr(b, -0.03, 0.03));
}

static struct plate_move rep(struct visit_builder *b)
{
    struct plate_move mv = {.kind = PLATE_MOVE_REP};
    mv.depth_m = vr(b, 0.3, 0.55);
    double down = vr(b, 0.8, 3.5), up = vr(b, 0.6, 2.0);
    /* peak acceleration depth * pi^2 / (2 T^2): keep it at or under 0.5 g */
    double t_min = sqrt(mv.depth_m * M_PI * M_PI / (2 * 0.5 * G_MPS2));
    mv.down_us = (int64_t)((down > t_min ? down : t_min) * US_PER_S);
    mv.up_us = (int64_t)((up > t_min ? up : t_min) * US_PER_S);
    mv.pause_us = vr(b, 0, 1) < 0.3 ? 0 : vr_us(b, 0.2, 1.2);
    return mv;
}

static void one_set(struct visit_builder *b, double person_left, int64_t rest_us)
{
    struct plate_visit *v = b->v;
    add(b, rest_us,
        (struct plate_move){.kind = PLATE_MOVE_UNRACK,
                            .dur_us = vr_us(b, 2.0, 3.5),
                            .bar_g = v->bar_g,
                            .left_frac = stance(b, person_left)});
    int reps = 1 + (int)vr(b, 0, 5.999);
    int64_t hold_us = vr_us(b, 2.0, 4.0);
    for (int r = 0; r < reps; r++) {
        add(b, hold_us, rep(b));
        hold_us = vr(b, 0, 1) < 0.7 ? vr_us(b, 0.1, 1.4) : vr_us(b, 1.5, 3.0);
    }
    add(b, hold_us,
        (struct plate_move){.kind = PLATE_MOVE_RERACK,
                            .dur_us = vr_us(b, 1.8, 3.0),
                            .left_frac = stance(b, person_left)});
}

void plate_visit_generate(struct plate_visit *v, uint64_t seed, int rate_hz)
{
    memset(v, 0, sizeof(*v));
    plate_model_defaults(&v->cfg, seed, rate_hz);
    struct visit_builder b = {.v = v, .rng = mix(seed ^ 0x5EEDull), .t_us = 1000000};
    v->t0_us = b.t_us;
    b.still_from_us = b.t_us;
    v->cfg.sway = vr(&b, 0.6, 1.5);
    v->body_g = (int32_t)(vr(&b, 45, 130) * 1000);
    /* light bars are exact (15 or 20 kg); loaded ones in 2.5 kg steps */
    double kind = vr(&b, 0, 1);
    v->bar_g = kind < 0.2 ? 15000 : kind < 0.4 ? 20000 : 40000 + 2500 * (int32_t)vr(&b, 0, 56.999);
    double lopsided = vr(&b, 0, 1) < 0.3 ? vr(&b, 0.06, 0.12) : vr(&b, 0, 0.04);
    double person_left = 0.5 + (vr(&b, 0, 1) < 0.5 ? -lopsided : lopsided);

    struct plate_move on = {.kind = PLATE_MOVE_STEP_ON,
                            .dur_us = vr_us(&b, 1.0, 2.0),
                            .body_g = v->body_g,
                            .left_frac = stance(&b, person_left)};
    add(&b, vr_us(&b, 2.0, 6.0), on);
    if (vr(&b, 0, 1) < 0.3)
        add(&b, vr_us(&b, 3.0, 6.0),
            (struct plate_move){.kind = PLATE_MOVE_SHIFT,
                                .dur_us = vr_us(&b, 0.8, 1.5),
                                .left_frac = stance(&b, person_left)});
    int sets = 1 + (int)vr(&b, 0, 2.999);
    int64_t rest_us = vr_us(&b, 4.0, 12.0);
    for (int s = 0; s < sets; s++) {
        one_set(&b, person_left, rest_us);
        rest_us = vr_us(&b, 4.0, 15.0);
        if (s + 1 < sets && vr(&b, 0, 1) < 0.2) { /* steps off during the rest and back on */
            add(&b, rest_us,
                (struct plate_move){.kind = PLATE_MOVE_STEP_OFF, .dur_us = vr_us(&b, 0.8, 1.5)});
            on.dur_us = vr_us(&b, 1.0, 2.0);
            on.left_frac = stance(&b, person_left);
            add(&b, vr_us(&b, 3.0, 8.0), on);
            rest_us = vr_us(&b, 3.0, 8.0);
        }
    }
    add(&b, rest_us,
        (struct plate_move){.kind = PLATE_MOVE_STEP_OFF, .dur_us = vr_us(&b, 0.8, 1.5)});
    b.t_us += vr_us(&b, 3.0, 6.0);
    close_still(&b, b.t_us);
    v->end_us = b.t_us;
}

/* The static total once a visit's move is done. */
static double after_level(const struct plate_visit *v, int move)
{
    int32_t body = 0, bar = 0;
    double left = 0.5;
    for (int i = 0; i <= move; i++)
        apply_end(&body, &bar, &left, &v->moves[i]);
    return (double)body + bar;
}

void plate_visit_run(struct plate_visit *v, plate_visit_emit_fn *emit, void *ctx)
{
    static struct plate_model m; /* large; one visit runs at a time */
    plate_model_init(&m, &v->cfg, v->t0_us);
    for (int i = 0; i < v->n_moves; i++)
        plate_model_move(&m, &v->moves[i]);
    double left_g[PLATE_VISIT_MAX_STRETCH] = {0}, total_g[PLATE_VISIT_MAX_STRETCH] = {0};
    v->n_glitches = 0;
    int at = 0, ev = 0;
    double level_before = 0, level_after = 0; /* around the next event's move */
    bool crossed = false;
    while (m.t_us <= v->end_us) {
        struct plate_sample s;
        struct plate_model_truth truth;
        plate_model_sample(&m, &s, &truth);
        v->n_glitches += (truth.glitch_mask & 1) + ((truth.glitch_mask >> 1) & 1);
        while (at < v->n_stretch && v->stretch[at].end_us < s.t_us)
            at++;
        if (at < v->n_stretch && s.t_us >= v->stretch[at].start_us) {
            left_g[at] += truth.static_g[PLATE_LEFT];
            total_g[at] += truth.static_g[PLATE_LEFT] + truth.static_g[PLATE_RIGHT];
        }
        double total = truth.static_g[PLATE_LEFT] + truth.static_g[PLATE_RIGHT];
        if (ev < v->n_events) {
            const struct plate_move *mv = &v->moves[v->event[ev].move];
            if (s.t_us < mv->t_us) {
                level_before = total;
                crossed = false;
            } else if (!crossed) {
                if (level_after == 0 && ev < v->n_events)
                    level_after = after_level(v, v->event[ev].move);
                double mid = (level_before + level_after) / 2;
                if (level_after > level_before ? total >= mid : total <= mid) {
                    v->event[ev].t_us = s.t_us;
                    crossed = true;
                    ev++;
                    level_after = 0;
                }
            }
        }
        if (emit)
            emit(ctx, &s, &truth);
    }
    for (int i = 0; i < v->n_stretch; i++)
        if (v->stretch[i].kind != 0 && total_g[i] > 0)
            v->stretch[i].left_pct = 100.0 * left_g[i] / total_g[i];
}
