/*
 * Barbell motion model. A plan is a timeline of segments (rest, holds, the phases of
 * each rep, unrack, steps, rerack, impacts), each a smooth move between two heights
 * with its own velocity shape; whip, sway and vibration are laid on top. Everything the
 * sensor sees is derived from the pose (position and orientation) by differentiating
 * it, so acceleration, angular rate and the trajectory always agree.
 */
#include "bar_model.h"

#include <math.h>
#include <string.h>

#define PI     3.14159265358979323846
#define DEG    (PI / 180.0)
#define G      BAR_MODEL_G_MPS2
#define DIFF_S 1e-4 /* step of the central differences for acceleration and rate */
#define VEL_S  1e-5 /* step for the true velocity */
/* Sway fades in and out over this long at the edges of a held stretch. */
#define HELD_RAMP_S 0.5
/* Whip: the sleeve's flex decays with this time constant (about 0.5 s to die out). */
#define WHIP_TAU_S    0.16
#define WHIP_LAST_TAU 10.0
/* Flex turns the sleeve: angle = vertical flex / this length. */
#define WHIP_LEVER_M 0.4
/* A bar rolling on the floor turns by its travel over the plate radius. */
#define PLATE_RADIUS_M 0.225
/* Hips shoot: a swing at this frequency, with this much bar roll per 0.5 g. */
#define SWING_HZ       1.5
#define SWING_ROLL_DEG 9.5
/* The truth's scans. */
#define PEAK_STEP_S  0.0005
#define EDGE_STEP_S  0.00025
#define EDGE_REACH_S 1.0
#define ROM_STEP_S   0.001
#define TILT_STEP_S  0.005
/* ICM-42688-P noise densities. */
#define ACCEL_ND_G_RTHZ  70e-6
#define GYRO_ND_DPS_RTHZ 0.0028
/* ICM-42688-P bias against temperature (datasheet, typical): zero-g level change
 * +-0.15 mg/C, zero-rate output variation +-0.005 deg/s/C. Parts are drawn up to twice
 * that, since the datasheet gives no maximum. A bar unit carried from a cold car into a
 * warm gym (a 20 C step, a small case on a steel sleeve with a time constant of about two
 * minutes) warms at up to 10 C a minute: the hardest steady change a set meets. */
#define ACCEL_TC_MG_PER_C  (2 * 0.15)
#define GYRO_TC_DPS_PER_C  (2 * 0.005)
#define TEMP_MAX_C_PER_MIN 10.0
#define RAW_FULL           32768.0
#define GAP_MIN_S          0.005
#define GAP_MAX_S          0.050

/* ---- random numbers ---- */

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void bar_model_rng_seed(uint64_t rng[4], uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        rng[i] = splitmix(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t bar_model_rng_next(uint64_t s[4])
{
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double bar_model_rng_uniform(uint64_t rng[4])
{
    return ((double)(bar_model_rng_next(rng) >> 11) + 0.5) / 9007199254740992.0;
}

double bar_model_rng_range(uint64_t rng[4], double lo, double hi)
{
    return lo + (hi - lo) * bar_model_rng_uniform(rng);
}

double bar_model_rng_gauss(uint64_t rng[4])
{
    double r = sqrt(-2.0 * log(bar_model_rng_uniform(rng)));
    return r * cos(2.0 * PI * bar_model_rng_uniform(rng));
}

static double draw(uint64_t rng[4], struct bar_model_range r)
{
    return bar_model_rng_range(rng, r.lo, r.hi);
}

static double sym(uint64_t rng[4], double a)
{
    return bar_model_rng_range(rng, -a, a);
}

/* ---- velocity shapes ---- */

static double binom(int n, int k)
{
    double c = 1;
    for (int i = 1; i <= k; i++)
        c = c * (n - k + i) / i;
    return c;
}

/* Adds w * u^a * (1-u)^b to the shape's polynomial. */
static void shape_add(struct bar_model_shape *sh, double w, int a, int b)
{
    for (int k = 0; k <= b; k++)
        sh->c[a + k] += w * binom(b, k) * ((k & 1) ? -1.0 : 1.0);
}

static double poly(const struct bar_model_shape *sh, double u)
{
    double f = 0;
    for (int j = 7; j >= 0; j--)
        f = f * u + sh->c[j];
    return f;
}

static double poly_integral(const struct bar_model_shape *sh, double u)
{
    double f = 0;
    for (int j = 7; j >= 0; j--)
        f = f * u + sh->c[j] / (j + 1);
    return f * u;
}

static double dip(const struct bar_model_shape *sh, double u)
{
    double x = (u - sh->dip_c) / sh->dip_w;
    if (sh->dip_a == 0 || x <= -1 || x >= 1)
        return 0;
    return sh->dip_a * 0.5 * (1 + cos(PI * x));
}

static double dip_integral(const struct bar_model_shape *sh, double u)
{
    if (sh->dip_a == 0 || u <= sh->dip_c - sh->dip_w)
        return 0;
    if (u >= sh->dip_c + sh->dip_w)
        return sh->dip_a * sh->dip_w;
    double x = (u - sh->dip_c) / sh->dip_w;
    return sh->dip_a * 0.5 * (u - (sh->dip_c - sh->dip_w) + sh->dip_w / PI * sin(PI * x));
}

static double shape_f(const struct bar_model_shape *sh, double u)
{
    return poly(sh, u) - dip(sh, u);
}

static void shape_finish(struct bar_model_shape *sh)
{
    sh->area = poly_integral(sh, 1.0) - dip_integral(sh, 1.0);
}

/* Fraction of the move done at u. */
static double shape_frac(const struct bar_model_shape *sh, double u)
{
    if (u <= 0)
        return 0;
    if (u >= 1)
        return 1;
    return (poly_integral(sh, u) - dip_integral(sh, u)) / sh->area;
}

/* A sticking region: a dip of depth (fraction of the speed there) centred at c. */
static void shape_stick(struct bar_model_shape *sh, double depth, double c, double w)
{
    sh->dip_c = c;
    sh->dip_w = w;
    sh->dip_a = depth * poly(sh, c);
}

/* Smooth onset (zero acceleration), ends with braking into the bottom (or a stop). */
static void shape_ecc(struct bar_model_shape *sh, uint64_t rng[4], bool bounce)
{
    memset(sh, 0, sizeof *sh);
    double brake = bounce ? bar_model_rng_range(rng, 0.6, 1.0) : bar_model_rng_range(rng, 0, 0.7);
    shape_add(sh, brake, 2, 1);
    shape_add(sh, 1 - brake, 2, 2);
    shape_add(sh, bar_model_rng_range(rng, 0, 0.3), 3, 1);
    shape_finish(sh);
}

/* Drive out of the bottom, a sticking region, deceleration to lockout. */
static void shape_con(struct bar_model_shape *sh, uint64_t rng[4], double sticking, bool floor)
{
    memset(sh, 0, sizeof *sh);
    shape_add(sh, bar_model_rng_range(rng, 0.2, 1.0), 1, 2);
    shape_add(sh, bar_model_rng_range(rng, 0.2, 1.0), 1, 1);
    shape_add(sh, bar_model_rng_range(rng, 0.0, 0.8), 2, 1);
    if (floor) /* the slack comes out of the bar before the plates leave the floor */
        shape_add(sh, bar_model_rng_range(rng, 1.0, 3.0), 2, 2);
    if (sticking > 0)
        shape_stick(sh, sticking, bar_model_rng_range(rng, 0.38, 0.58),
                    bar_model_rng_range(rng, 0.12, 0.2));
    shape_finish(sh);
}

/* Smooth both ends: unrack and small moves. */
static void shape_smooth(struct bar_model_shape *sh)
{
    memset(sh, 0, sizeof *sh);
    shape_add(sh, 1, 2, 2);
    shape_finish(sh);
}

/* Smooth start, still moving at the end (onto the hooks or the floor). */
static void shape_arrive(struct bar_model_shape *sh, uint64_t rng[4], double end_frac)
{
    memset(sh, 0, sizeof *sh);
    shape_add(sh, 1, 2, 1);
    shape_add(sh, bar_model_rng_range(rng, 0, 0.5), 2, 2);
    shape_add(sh, end_frac, 2, 0);
    shape_finish(sh);
}

/* An abrupt stop: speed falls from its value to zero, smooth at both ends. */
static void shape_stop(struct bar_model_shape *sh)
{
    memset(sh, 0, sizeof *sh);
    shape_add(sh, 1, 0, 2);
    shape_add(sh, 2, 1, 2);
    shape_finish(sh);
}

/* ---- plan building ---- */

static struct bar_model_seg *last_seg(struct bar_model_plan *p)
{
    return &p->segs[p->n_segs - 1];
}

static void seg_end_pose(const struct bar_model_seg *s, double *z, double *y, double *roll,
                         double *tilt)
{
    *z = s->z0_m + s->dz_m;
    *y = s->y0_m + s->dy_m;
    *roll = s->roll0_deg + s->droll_deg;
    *tilt = s->tilt0_deg + s->dtilt_deg;
}

/* Appends a segment starting where the last one ended; NULL when the plan is full. */
static struct bar_model_seg *push(struct bar_model_plan *p, enum bar_model_seg_kind kind,
                                  double dur_s, bool held)
{
    if (p->n_segs >= BAR_MODEL_SEGS_MAX)
        return NULL;
    struct bar_model_seg *prev = p->n_segs > 0 ? last_seg(p) : NULL;
    struct bar_model_seg *s = &p->segs[p->n_segs++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->rep = -1;
    s->t0_s = p->end_s;
    s->dur_s = dur_s;
    s->held = held;
    shape_smooth(&s->shape);
    if (prev)
        seg_end_pose(prev, &s->z0_m, &s->y0_m, &s->roll0_deg, &s->tilt0_deg);
    else
        s->tilt0_deg = p->tilt_deg;
    if (held) {
        s->held_since_s = prev && prev->held ? prev->held_since_s : s->t0_s;
        s->held_until_s = INFINITY;
    } else {
        for (int i = p->n_segs - 2; i >= 0 && p->segs[i].held; i--)
            p->segs[i].held_until_s = s->t0_s;
    }
    p->end_s += dur_s;
    return s;
}

static void add_whip(struct bar_model_plan *p, double t_s, double amp_g, double freq_hz)
{
    if (amp_g <= 0) {
        /* The draw a whip takes all the same: a set without whip is the same set. */
        (void)bar_model_rng_range(p->rng, 0.8, 1.25);
        return;
    }
    if (p->n_whips >= BAR_MODEL_WHIPS_MAX)
        return;
    struct bar_model_whip *w = &p->whips[p->n_whips++];
    w->t0_s = t_s;
    w->amp_mps2 = amp_g * G;
    w->freq_hz = freq_hz;
    w->tau_s = WHIP_TAU_S * bar_model_rng_range(p->rng, 0.8, 1.25);
}

/* Fills up to t_s with the bar as it is (held still, or resting). */
static bool fill_to(struct bar_model_plan *p, double t_s)
{
    if (t_s <= p->end_s)
        return true;
    bool held = last_seg(p)->held;
    return push(p, held ? BAR_SEG_HOLD : BAR_SEG_REST, t_s - p->end_s, held) != NULL;
}

void bar_model_plan_init(struct bar_model_plan *p, enum bar_model_lift lift, uint64_t seed)
{
    memset(p, 0, sizeof *p);
    bar_model_rng_seed(p->rng, seed);
    if (lift == BAR_LIFT_ANY)
        lift = (enum bar_model_lift)(bar_model_rng_next(p->rng) % BAR_LIFT_ANY);
    p->lift = lift;
    p->whip_hz = bar_model_rng_range(p->rng, 6, 12);
    p->sway_m = 0.0015;
    p->tremor_mps2 = 0.005 * G;
    for (int i = 0; i < 3; i++) {
        p->sway_ph[i] = bar_model_rng_range(p->rng, 0, 2 * PI);
        p->tremor_ph[i] = bar_model_rng_range(p->rng, 0, 2 * PI);
    }
    p->sway_hz[0] = bar_model_rng_range(p->rng, 0.2, 0.5);
    p->sway_hz[1] = bar_model_rng_range(p->rng, 0.6, 1.2);
    p->sway_hz[2] = bar_model_rng_range(p->rng, 0.3, 0.8);
    p->tremor_hz[0] = bar_model_rng_range(p->rng, 8, 12);
    p->tremor_hz[1] = bar_model_rng_range(p->rng, 18, 30);
    p->tremor_hz[2] = bar_model_rng_range(p->rng, 35, 60);
    p->yaw_deg = sym(p->rng, 2);
    p->tilt_deg = sym(p->rng, 1);
    p->steps_max = 4;
    p->rack_mps = (struct bar_model_range){0.1, 0.35};
    push(p, BAR_SEG_REST, 0, false);
}

static bool con_first(enum bar_model_lift lift)
{
    return lift == BAR_LIFT_DEADLIFT || lift == BAR_LIFT_PRESS;
}

bool bar_model_held(const struct bar_model_plan *p)
{
    return p->n_segs > 0 && p->segs[p->n_segs - 1].held;
}

/* A walk of n steps covering dy_m in all. */
static bool walk(struct bar_model_plan *p, int n, double dy_m)
{
    for (int i = 0; i < n; i++) {
        struct bar_model_seg *s =
            push(p, BAR_SEG_STEP, bar_model_rng_range(p->rng, 0.5, 0.9), true);
        if (!s)
            return false;
        s->dy_m = dy_m / n + sym(p->rng, 0.02);
        s->dz_m = 0;
        s->bob_m = bar_model_rng_range(p->rng, 0.008, 0.025);
        s->droll_deg = sym(p->rng, 1.0);
        /* The heel strikes mid-step: a small ring in the bar. */
        add_whip(p, s->t0_s + s->dur_s * 0.5, bar_model_rng_range(p->rng, 0.03, 0.12),
                 p->whip_hz * 1.5);
        if (!push(p, BAR_SEG_HOLD, bar_model_rng_range(p->rng, 0.1, 0.4), true))
            return false;
    }
    return true;
}

bool bar_model_add_unrack(struct bar_model_plan *p, double t_s)
{
    if (bar_model_held(p) || !fill_to(p, t_s))
        return false;
    if (p->lift == BAR_LIFT_DEADLIFT) {
        /* Grip and pull the bar in: it rolls along the floor towards the shins. */
        struct bar_model_seg *s =
            push(p, BAR_SEG_SETUP, bar_model_rng_range(p->rng, 0.8, 1.5), false);
        if (!s)
            return false;
        s->dy_m = -bar_model_rng_range(p->rng, 0.01, 0.05);
        s->droll_deg = s->dy_m / PLATE_RADIUS_M / DEG;
        return push(p, BAR_SEG_REST, bar_model_rng_range(p->rng, 0.5, 1.5), false) != NULL;
    }
    struct bar_model_seg *s = push(p, BAR_SEG_UNRACK, bar_model_rng_range(p->rng, 0.6, 1.1), true);
    if (!s)
        return false;
    s->dz_m = bar_model_rng_range(p->rng, 0.03, 0.07);
    s->droll_deg = sym(p->rng, 2);
    add_whip(p, s->t0_s + s->dur_s * 0.3, bar_model_rng_range(p->rng, 0.05, 0.2), p->whip_hz);
    if (!push(p, BAR_SEG_HOLD, bar_model_rng_range(p->rng, 0.3, 0.8), true))
        return false;
    if (p->lift == BAR_LIFT_BENCH) {
        s = push(p, BAR_SEG_MOVE, bar_model_rng_range(p->rng, 0.6, 1.2), true);
        if (!s)
            return false;
        s->dy_m = bar_model_rng_range(p->rng, 0.15, 0.3);
        s->dz_m = -bar_model_rng_range(p->rng, 0, 0.03);
    } else {
        int lo = p->lift == BAR_LIFT_PRESS ? 1 : 2;
        int hi = p->steps_max > lo ? p->steps_max : lo;
        int n = lo + (int)(bar_model_rng_next(p->rng) % (uint64_t)(hi - lo + 1));
        if (!walk(p, n, -bar_model_rng_range(p->rng, 0.3, 0.7)))
            return false;
    }
    /* Brace before the first rep. */
    return push(p, BAR_SEG_HOLD, bar_model_rng_range(p->rng, 1.0, 2.5), true) != NULL;
}

/*
 * A move of dz_total_m that arrives moving and is stopped in an impact: splits the
 * distance so the speed is continuous into the impact. Returns the impact segment.
 */
static struct bar_model_seg *arrive(struct bar_model_plan *p, enum bar_model_seg_kind kind,
                                    double dur_s, double dz_total_m, double end_frac, bool held,
                                    int rep, double droll_deg, double dtilt_deg)
{
    struct bar_model_shape sh;
    shape_arrive(&sh, p->rng, end_frac);
    double imp_s = bar_model_rng_range(p->rng, 0.008, 0.02);
    double f1 = shape_f(&sh, 1.0) / sh.area;
    double dz_m = dz_total_m / (1.0 + imp_s / (2.0 * dur_s) * f1);
    struct bar_model_seg *s = push(p, kind, dur_s, held);
    if (!s)
        return NULL;
    s->shape = sh;
    s->dz_m = dz_m;
    s->rep = rep;
    s->droll_deg = droll_deg;
    s->dtilt_deg = dtilt_deg;
    struct bar_model_seg *imp = push(p, BAR_SEG_IMPACT, imp_s, false);
    if (!imp)
        return NULL;
    shape_stop(&imp->shape);
    imp->v_end_mps = dz_m / dur_s * f1;
    imp->dz_m = imp->v_end_mps * imp_s / 2.0;
    return imp;
}

/* The lifter aims for an arrival speed: the shape's end fraction that gives it. */
static double end_frac_for(double dz_m, double dur_s, double v_mps)
{
    double mean = fabs(dz_m) / dur_s;
    double r = v_mps / mean; /* f(1)/area wanted */
    /* f = u^2(1-u) + ~0.25 u^2(1-u)^2 + e u^2: area ~ 1/12 + 1/120 + e/3, f(1) = e. */
    double e = r * (1.0 / 12 + 1.0 / 120) / (1.0 - r / 3.0);
    if (e < 0.0)
        e = 0.0;
    if (e > 2.0)
        e = 2.0;
    return e;
}

bool bar_model_add_rerack(struct bar_model_plan *p, double t_s)
{
    if (!bar_model_held(p) || !fill_to(p, t_s))
        return false;
    double z, y, roll, tilt;
    seg_end_pose(last_seg(p), &z, &y, &roll, &tilt);
    if (p->lift == BAR_LIFT_DEADLIFT) {
        /* Set down on the floor from wherever it is. */
        double dur = bar_model_rng_range(p->rng, 0.8, 1.6);
        double v = draw(p->rng, p->rack_mps);
        struct bar_model_seg *imp =
            arrive(p, BAR_SEG_RERACK, dur, -z, end_frac_for(z, dur, v), true, -1, 0, 0);
        if (!imp)
            return false;
        add_whip(p, imp->t0_s, bar_model_rng_range(p->rng, 0.5, 1.2), p->whip_hz);
        return push(p, BAR_SEG_REST, bar_model_rng_range(p->rng, 1.0, 2.5), false) != NULL;
    }
    if (p->lift == BAR_LIFT_BENCH) {
        struct bar_model_seg *s =
            push(p, BAR_SEG_MOVE, bar_model_rng_range(p->rng, 0.6, 1.2), true);
        if (!s)
            return false;
        s->dy_m = -y;
        s->dz_m = bar_model_rng_range(p->rng, 0.04, 0.08);
    } else {
        int n = 2 + (int)(bar_model_rng_next(p->rng) % 3u);
        if (p->lift == BAR_LIFT_PRESS)
            n = 1 + (int)(bar_model_rng_next(p->rng) % 2u);
        if (!walk(p, n, -y))
            return false;
    }
    if (!push(p, BAR_SEG_HOLD, bar_model_rng_range(p->rng, 0.2, 0.5), true))
        return false;
    seg_end_pose(last_seg(p), &z, &y, &roll, &tilt);
    /* Into the hooks: the hooks sit at the height the bar was unracked from. */
    double dur = bar_model_rng_range(p->rng, 0.5, 1.0);
    double v = draw(p->rng, p->rack_mps);
    double dz = z > 0.02 ? -z : -0.02;
    struct bar_model_seg *imp =
        arrive(p, BAR_SEG_RERACK, dur, dz, end_frac_for(dz, dur, v), true, -1, 0, 0);
    if (!imp)
        return false;
    add_whip(p, imp->t0_s, bar_model_rng_range(p->rng, 0.8, 2.0), p->whip_hz * 1.3);
    return push(p, BAR_SEG_REST, bar_model_rng_range(p->rng, 1.0, 2.5), false) != NULL;
}

static double swing_m(double swing_g)
{
    double w = 2 * PI * SWING_HZ;
    return swing_g * G / (w * w);
}

/* Concentric: from wherever the bar is, up by the rep's range. */
static bool add_con(struct bar_model_plan *p, const struct bar_model_rep *r, int rep, bool floor)
{
    struct bar_model_seg *s = push(p, BAR_SEG_CON, r->con_s, true);
    if (!s)
        return false;
    s->rep = rep;
    shape_con(&s->shape, p->rng, r->sticking, floor);
    s->dz_m = r->rom_m + (r->con_first ? 0 : r->lockout_mm / 1000.0);
    s->droll_deg = r->con_first ? r->roll_deg : -r->roll_deg;
    s->dtilt_deg = r->con_first ? r->tilt_deg : -r->tilt_deg;
    s->swing_m = swing_m(r->swing_g);
    if (floor) /* the bar bends before the plates leave the floor */
        add_whip(p, s->t0_s, r->whip_g * 0.3, p->whip_hz);
    add_whip(p, s->t0_s + s->dur_s, r->whip_g * bar_model_rng_range(p->rng, 0.6, 1.0), p->whip_hz);
    return true;
}

static bool add_ecc(struct bar_model_plan *p, const struct bar_model_rep *r, int rep)
{
    bool bounce = r->bottom_s <= 0;
    double sign = r->con_first ? -1 : 1;
    if (p->lift == BAR_LIFT_DEADLIFT) {
        /* Down to the floor: the plates land and stop the bar. */
        double z, y, roll, tilt;
        seg_end_pose(last_seg(p), &z, &y, &roll, &tilt);
        double v = bounce ? bar_model_rng_range(p->rng, 0.15, 0.4) : draw(p->rng, p->rack_mps);
        struct bar_model_seg *imp =
            arrive(p, BAR_SEG_ECC, r->ecc_s, -z, end_frac_for(z, r->ecc_s, v), true, rep,
                   -r->roll_deg, -r->tilt_deg);
        if (!imp)
            return false;
        add_whip(p, imp->t0_s, r->whip_g * bar_model_rng_range(p->rng, 1.0, 1.5), p->whip_hz);
        return true;
    }
    struct bar_model_seg *s = push(p, BAR_SEG_ECC, r->ecc_s, true);
    if (!s)
        return false;
    s->rep = rep;
    shape_ecc(&s->shape, p->rng, bounce);
    s->dz_m = -(r->rom_m + (r->con_first ? r->lockout_mm / 1000.0 : 0));
    s->droll_deg = sign * r->roll_deg;
    s->dtilt_deg = sign * r->tilt_deg;
    add_whip(p, s->t0_s + s->dur_s, r->whip_g * (bounce ? 1.3 : 1.0), p->whip_hz);
    return true;
}

static bool add_pause(struct bar_model_plan *p, double dur_s)
{
    if (dur_s <= 0)
        return true;
    bool held = last_seg(p)->kind != BAR_SEG_IMPACT;
    return push(p, held ? BAR_SEG_HOLD : BAR_SEG_REST, dur_s, held) != NULL;
}

bool bar_model_add_rep(struct bar_model_plan *p, const struct bar_model_rep *r, double t_s)
{
    if (!fill_to(p, t_s) || p->n_segs + 6 > BAR_MODEL_SEGS_MAX)
        return false;
    int rep = p->n_reps++;
    if (!r->con_first)
        return add_ecc(p, r, rep) && add_pause(p, r->bottom_s) && add_con(p, r, rep, false) &&
               add_pause(p, r->top_s);
    bool floor = p->lift == BAR_LIFT_DEADLIFT;
    return add_con(p, r, rep, floor) && add_pause(p, r->top_s) && add_ecc(p, r, rep) &&
           add_pause(p, r->bottom_s);
}

void bar_model_forget_before(struct bar_model_plan *p, double t_s)
{
    int drop = 0;
    while (drop < p->n_segs - 1 && p->segs[drop].t0_s + p->segs[drop].dur_s < t_s)
        drop++;
    if (drop > 0) {
        memmove(p->segs, p->segs + drop, (size_t)(p->n_segs - drop) * sizeof p->segs[0]);
        p->n_segs -= drop;
    }
    int w = 0;
    while (w < p->n_whips && p->whips[w].t0_s + WHIP_LAST_TAU * p->whips[w].tau_s < t_s)
        w++;
    if (w > 0) {
        memmove(p->whips, p->whips + w, (size_t)(p->n_whips - w) * sizeof p->whips[0]);
        p->n_whips -= w;
    }
}

void bar_model_rep_draw(uint64_t rng[4], const struct bar_model_set *set, double mcv_mps,
                        double rom_m, struct bar_model_rep *r)
{
    memset(r, 0, sizeof *r);
    r->con_first = con_first(set->lift);
    r->ecc_s = draw(rng, set->ecc_s);
    r->bottom_s = draw(rng, set->bottom_s);
    r->top_s = draw(rng, set->top_s);
    /* Where pauses may be none at all, a quarter of the reps are touch-and-go. */
    if (set->bottom_s.lo <= 0 && bar_model_rng_uniform(rng) < 0.25)
        r->bottom_s = 0;
    if (set->top_s.lo <= 0 && bar_model_rng_uniform(rng) < 0.25)
        r->top_s = 0;
    r->rom_m = rom_m + sym(rng, 0.015);
    /* The 5 % onset tails make the measured phase a little shorter than the movement. */
    r->con_s = r->rom_m / mcv_mps * 1.05;
    r->sticking =
        mcv_mps < 0.5 ? bar_model_rng_range(rng, 0.15, 0.45) : bar_model_rng_range(rng, 0.0, 0.25);
    r->whip_g = draw(rng, set->whip_g);
    r->roll_deg = sym(rng, set->roll_deg);
    r->tilt_deg = sym(rng, set->tilt_deg);
    r->lockout_mm = sym(rng, 8);
}

void bar_model_plan_apply(struct bar_model_plan *p, const struct bar_model_set *set)
{
    p->sway_m = set->sway_mm / 1000.0;
    p->tremor_mps2 = set->tremor_mg / 1000.0 * G;
    p->tilt_deg = sym(p->rng, set->tilt_deg);
    if (p->n_segs == 1 && p->segs[0].dur_s == 0)
        p->segs[0].tilt0_deg = p->tilt_deg;
    if (set->steps_max > 0)
        p->steps_max = set->steps_max;
    if (set->rack_mps.hi > 0)
        p->rack_mps = set->rack_mps;
}

void bar_model_plan_set(struct bar_model_plan *p, const struct bar_model_set *set, uint64_t seed)
{
    bar_model_plan_init(p, set->lift, seed);
    struct bar_model_set s = *set;
    s.lift = p->lift;
    bar_model_plan_apply(p, set);
    int span = set->reps_max - set->reps_min + 1;
    int n = set->reps_min + (span > 1 ? (int)(bar_model_rng_next(p->rng) % (uint64_t)span) : 0);
    if (n > BAR_MODEL_REPS_MAX)
        n = BAR_MODEL_REPS_MAX;
    double rom = draw(p->rng, set->rom_m);
    double mcv = draw(p->rng, set->mcv_mps);
    bar_model_add_unrack(p, bar_model_rng_range(p->rng, 1.0, 3.0));
    for (int i = 0; i < n; i++) {
        double v = mcv * (1.0 - set->fatigue_pct / 100.0 * i);
        if (v < 0.1)
            v = 0.1;
        struct bar_model_rep r;
        bar_model_rep_draw(p->rng, &s, v, rom, &r);
        if (!bar_model_add_rep(p, &r, p->end_s))
            break;
    }
    bar_model_add_rerack(p, p->end_s + bar_model_rng_range(p->rng, 0.5, 1.5));
    /* The recording runs on a little after the bar is put away. */
    fill_to(p, p->end_s + bar_model_rng_range(p->rng, 1.0, 2.0));
}

/* ---- reading a plan ---- */

/* The segment at t_s, and how far through it (0..1). */
static const struct bar_model_seg *seg_at(const struct bar_model_plan *p, double t_s, double *u)
{
    int lo = 0, hi = p->n_segs - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (p->segs[mid].t0_s <= t_s)
            lo = mid;
        else
            hi = mid - 1;
    }
    const struct bar_model_seg *s = &p->segs[lo];
    double x = s->dur_s > 0 ? (t_s - s->t0_s) / s->dur_s : 1.0;
    *u = x < 0 ? 0 : x > 1 ? 1 : x;
    return s;
}

static double smoothstep(double u)
{
    return u * u * (3 - 2 * u);
}

/* Fraction of a walk's travel: zero speed at both ends. */
static double walk_frac(double u)
{
    return u - sin(2 * PI * u) / (2 * PI);
}

static double held_env(const struct bar_model_seg *s, double t_s)
{
    if (!s->held)
        return 0;
    double a = (t_s - s->held_since_s) / HELD_RAMP_S, b = (s->held_until_s - t_s) / HELD_RAMP_S;
    a = a <= 0 ? 0 : a >= 1 ? 1 : smoothstep(a);
    b = b <= 0 ? 0 : b >= 1 ? 1 : smoothstep(b);
    return a * b;
}

static double seg_z(const struct bar_model_seg *s, double u)
{
    double z;
    if (s->kind == BAR_SEG_IMPACT) /* speed falls from v_end to zero, f(0) = 1 */
        z = s->z0_m + s->v_end_mps * s->dur_s * poly_integral(&s->shape, u);
    else
        z = s->z0_m + s->dz_m * shape_frac(&s->shape, u);
    if (s->bob_m > 0)
        z -= s->bob_m * 0.5 * (1 - cos(2 * PI * u));
    return z;
}

struct pose {
    double z_rigid; /* the truth */
    double pos[3];  /* sleeve axis point, flex included */
    double roll_deg, tilt_deg, tilt_rigid_deg;
};

static double flex_z(const struct bar_model_plan *p, double t_s)
{
    double z = 0;
    for (int i = p->n_whips - 1; i >= 0; i--) {
        const struct bar_model_whip *w = &p->whips[i];
        double s = t_s - w->t0_s;
        if (s < 0)
            continue;
        if (s > WHIP_LAST_TAU * WHIP_TAU_S * 1.25)
            break;
        double om = 2 * PI * w->freq_hz;
        /* Zero flex and flex speed at the kick, the kick's acceleration, then decay. */
        z += w->amp_mps2 / (om * om) * exp(-s / w->tau_s) * (1 - cos(om * s));
    }
    return z;
}

static void pose_at(const struct bar_model_plan *p, double t_s, struct pose *ps)
{
    double u;
    const struct bar_model_seg *s = seg_at(p, t_s, &u);
    double env = held_env(s, t_s);
    double z = seg_z(s, u);
    double y = s->y0_m + s->dy_m * walk_frac(u);
    double roll = s->roll0_deg + s->droll_deg * smoothstep(u);
    double tilt = s->tilt0_deg + s->dtilt_deg * smoothstep(u);
    if (s->kind == BAR_SEG_SETUP)
        roll = s->roll0_deg + s->droll_deg * walk_frac(u);
    if (s->swing_m > 0) {
        double win = sin(PI * u) * sin(PI * u);
        double osc = sin(2 * PI * SWING_HZ * (t_s - s->t0_s)) * win;
        y += s->swing_m * osc;
        roll += SWING_ROLL_DEG * s->swing_m / swing_m(0.5) * osc;
    }
    if (env > 0) {
        const double *f = p->sway_hz, *ph = p->sway_ph;
        z += p->sway_m * env *
             (0.6 * sin(2 * PI * f[0] * t_s + ph[0]) + 0.4 * sin(2 * PI * f[1] * t_s + ph[1]));
        y += 2 * p->sway_m * env * sin(2 * PI * f[2] * t_s + ph[2]);
        roll += 0.5 * env * sin(2 * PI * f[1] * t_s + ph[2]);
    }
    double fz = flex_z(p, t_s);
    ps->z_rigid = z;
    ps->pos[0] = 0;
    ps->pos[1] = y;
    ps->pos[2] = z + fz;
    ps->roll_deg = roll;
    ps->tilt_rigid_deg = tilt;
    /* Flex bends the sleeve: the unit's end drops as the flex lifts it less than the rest. */
    ps->tilt_deg = tilt + fz / WHIP_LEVER_M / DEG;
}

/* R = Rz(yaw) * Ry(tilt) * Rx(roll): bar frame to world. */
static void rotation(double yaw_deg, double tilt_deg, double roll_deg, double r[3][3])
{
    double cy = cos(yaw_deg * DEG), sy = sin(yaw_deg * DEG);
    double ct = cos(tilt_deg * DEG), st = sin(tilt_deg * DEG);
    double cr = cos(roll_deg * DEG), sr = sin(roll_deg * DEG);
    r[0][0] = cy * ct;
    r[0][1] = cy * st * sr - sy * cr;
    r[0][2] = cy * st * cr + sy * sr;
    r[1][0] = sy * ct;
    r[1][1] = sy * st * sr + cy * cr;
    r[1][2] = sy * st * cr - cy * sr;
    r[2][0] = -st;
    r[2][1] = ct * sr;
    r[2][2] = ct * cr;
}

static void mat_vec(const double m[3][3], const double v[3], double out[3])
{
    for (int i = 0; i < 3; i++)
        out[i] = m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2];
}

/* World position of the sensor point and the bar's rotation at t_s. */
static void sensor_pose(const struct bar_model_plan *p, double t_s, const double lever_m[3],
                        double pos[3], double r[3][3], struct pose *ps)
{
    pose_at(p, t_s, ps);
    rotation(p->yaw_deg, ps->tilt_deg, ps->roll_deg, r);
    double off[3];
    mat_vec(r, lever_m, off);
    for (int i = 0; i < 3; i++)
        pos[i] = ps->pos[i] + off[i];
}

static double tremor(const struct bar_model_plan *p, double t_s, int axis)
{
    double a = 0;
    for (int i = 0; i < 3; i++)
        a += sin(2 * PI * p->tremor_hz[i] * t_s + p->tremor_ph[i] + axis * 2.1) *
             (i == 0 ? 0.5 : 0.35);
    return a;
}

void bar_model_eval(const struct bar_model_plan *p, double t_s, const double lever_m[3],
                    struct bar_model_state *st)
{
    double pm[3], p0[3], pp[3], rm[3][3], r0[3][3], rp[3][3];
    struct pose sm, s0, sp;
    const double h = DIFF_S;
    sensor_pose(p, t_s - h, lever_m, pm, rm, &sm);
    sensor_pose(p, t_s, lever_m, p0, r0, &s0);
    sensor_pose(p, t_s + h, lever_m, pp, rp, &sp);
    double u;
    double env = held_env(seg_at(p, t_s, &u), t_s);
    for (int i = 0; i < 3; i++) {
        st->vel_mps[i] = (pp[i] - pm[i]) / (2 * h);
        st->acc_mps2[i] =
            (pp[i] - 2 * p0[i] + pm[i]) / (h * h) + p->tremor_mps2 * env * tremor(p, t_s, i);
    }
    /* Body rate: the skew part of R^T dR/dt. */
    double w[3][3];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            double acc = 0;
            for (int k = 0; k < 3; k++)
                acc += r0[k][i] * (rp[k][j] - rm[k][j]) / (2 * h);
            w[i][j] = acc;
        }
    st->gyro_rps[0] = 0.5 * (w[2][1] - w[1][2]);
    st->gyro_rps[1] = 0.5 * (w[0][2] - w[2][0]);
    st->gyro_rps[2] = 0.5 * (w[1][0] - w[0][1]);
    /* Tremor turns the bar a little too (about 0.3 deg/s per 5 mg). */
    for (int i = 0; i < 3; i++)
        st->gyro_rps[i] += p->tremor_mps2 / (0.005 * G) * 0.3 * DEG * env * tremor(p, t_s, i + 3);
    memcpy(st->rot, r0, sizeof st->rot);
    st->z_m = s0.z_rigid;
    st->vz_mps = (sp.z_rigid - sm.z_rigid) / (2 * h);
    st->az_mps2 = (sp.z_rigid - 2 * s0.z_rigid + sm.z_rigid) / (h * h);
    st->tilt_deg = s0.tilt_rigid_deg;
    st->held = env > 0;
}

double bar_model_true_z(const struct bar_model_plan *p, double t_s)
{
    struct pose ps;
    pose_at(p, t_s, &ps);
    return ps.z_rigid;
}

/* ---- ground truth ---- */

static double true_v(const struct bar_model_plan *p, double t_s)
{
    return (bar_model_true_z(p, t_s + VEL_S) - bar_model_true_z(p, t_s - VEL_S)) / (2 * VEL_S);
}

static double true_a(const struct bar_model_plan *p, double t_s)
{
    const double h = DIFF_S;
    return (bar_model_true_z(p, t_s + h) - 2 * bar_model_true_z(p, t_s) +
            bar_model_true_z(p, t_s - h)) /
           (h * h);
}

/* Where sign * v crosses th between t_in (above) and t_out (below). */
static double crossing(const struct bar_model_plan *p, double sign, double th, double t_in,
                       double t_out)
{
    double a = sign * true_v(p, t_in) - th, b = sign * true_v(p, t_out) - th;
    double f = a - b != 0 ? a / (a - b) : 0.5;
    return t_in + (t_out - t_in) * f;
}

/* A phase by the onset rule: the run around the segment's peak speed above 5 % of it. */
static void phase(const struct bar_model_plan *p, const struct bar_model_seg *s, double sign,
                  double shift_mps, double *start_s, double *end_s, double *peak_mps)
{
    double t_pk = s->t0_s, v_pk = 0;
    for (double t = s->t0_s; t <= s->t0_s + s->dur_s; t += PEAK_STEP_S) {
        double v = sign * true_v(p, t);
        if (v > v_pk) {
            v_pk = v;
            t_pk = t;
        }
    }
    double th = v_pk * BAR_MODEL_PHASE_PCT / 100.0 + shift_mps;
    double t = t_pk;
    while (t > s->t0_s - EDGE_REACH_S && sign * true_v(p, t - EDGE_STEP_S) > th)
        t -= EDGE_STEP_S;
    *start_s = crossing(p, sign, th, t, t - EDGE_STEP_S);
    t = t_pk;
    while (t < s->t0_s + s->dur_s + EDGE_REACH_S && sign * true_v(p, t + EDGE_STEP_S) > th)
        t += EDGE_STEP_S;
    *end_s = crossing(p, sign, th, t, t + EDGE_STEP_S);
    *peak_mps = v_pk;
}

static bool is_still(enum bar_model_seg_kind k)
{
    return k == BAR_SEG_HOLD || k == BAR_SEG_REST || k == BAR_SEG_IMPACT;
}

/* The start of the next movement after segment i, or the plan's end. */
static double next_move_s(const struct bar_model_plan *p, int i)
{
    for (int j = i + 1; j < p->n_segs; j++)
        if (!is_still(p->segs[j].kind))
            return p->segs[j].t0_s;
    return p->end_s;
}

static void rep_truth(const struct bar_model_plan *p, int ecc, int con, double shift_mps,
                      struct bar_model_rep_truth *r)
{
    double ecc_pk;
    phase(p, &p->segs[ecc], -1, shift_mps, &r->ecc_start_s, &r->ecc_end_s, &ecc_pk);
    phase(p, &p->segs[con], 1, shift_mps, &r->con_start_s, &r->con_end_s, &r->peak_mps);
    double cs = r->con_start_s, ce = r->con_end_s;
    r->mcv_mps = (bar_model_true_z(p, ce) - bar_model_true_z(p, cs)) / (ce - cs);
    /* Propulsive: from the start until the bar first decelerates faster than gravity. */
    double tp = cs;
    while (tp < ce && true_a(p, tp) >= -G)
        tp += EDGE_STEP_S;
    if (tp > ce)
        tp = ce;
    r->mpv_mps = tp > cs ? (bar_model_true_z(p, tp) - bar_model_true_z(p, cs)) / (tp - cs) : 0;
    double from = fmin(r->ecc_start_s, cs), to = fmax(r->ecc_end_s, ce);
    double lo = INFINITY, hi = -INFINITY, tilt = 0;
    for (double t = from; t <= to; t += ROM_STEP_S) {
        double z = bar_model_true_z(p, t);
        lo = fmin(lo, z);
        hi = fmax(hi, z);
    }
    for (double t = from; t <= to; t += TILT_STEP_S) {
        struct pose ps;
        pose_at(p, t, &ps);
        tilt = fmax(tilt, fabs(ps.tilt_rigid_deg));
    }
    r->rom_m = hi - lo;
    r->tilt_deg = tilt;
}

static bool nonrep_kind(enum bar_model_seg_kind k, enum bar_model_nonrep_kind *out)
{
    switch (k) {
    case BAR_SEG_UNRACK:
        *out = BAR_NONREP_UNRACK;
        return true;
    case BAR_SEG_STEP:
        *out = BAR_NONREP_STEP;
        return true;
    case BAR_SEG_MOVE:
        *out = BAR_NONREP_MOVE;
        return true;
    case BAR_SEG_RERACK:
        *out = BAR_NONREP_RERACK;
        return true;
    case BAR_SEG_SETUP:
        *out = BAR_NONREP_SETUP;
        return true;
    default:
        return false;
    }
}

void bar_model_truth(const struct bar_model_plan *p, struct bar_model_truth *out)
{
    bar_model_truth_shifted(p, 0, out);
}

void bar_model_truth_shifted(const struct bar_model_plan *p, double shift_mps,
                             struct bar_model_truth *out)
{
    memset(out, 0, sizeof *out);
    out->con_first = con_first(p->lift);
    int ecc[BAR_MODEL_REPS_MAX], con[BAR_MODEL_REPS_MAX];
    int first = -1, n = 0;
    for (int r = 0; r < BAR_MODEL_REPS_MAX; r++)
        ecc[r] = con[r] = -1;
    for (int i = 0; i < p->n_segs; i++) {
        const struct bar_model_seg *s = &p->segs[i];
        enum bar_model_nonrep_kind k;
        if (nonrep_kind(s->kind, &k) && out->n_nonreps < BAR_MODEL_NONREPS_MAX) {
            double end = s->t0_s + s->dur_s;
            if (s->kind == BAR_SEG_RERACK && i + 1 < p->n_segs)
                end += p->segs[i + 1].dur_s; /* the impact on the hooks */
            out->nonreps[out->n_nonreps++] = (struct bar_model_nonrep){k, s->t0_s, end};
        }
        if (s->rep < 0)
            continue;
        if (first < 0)
            first = s->rep;
        int r = s->rep - first;
        if (r >= BAR_MODEL_REPS_MAX)
            continue;
        if (s->kind == BAR_SEG_ECC)
            ecc[r] = i;
        else
            con[r] = i;
        if (r + 1 > n)
            n = r + 1;
    }
    /* Reps whose phases have been forgotten (a long simulation) are left out. */
    int kept = 0;
    for (int r = 0; r < n; r++)
        if (ecc[r] >= 0 && con[r] >= 0) {
            ecc[kept] = ecc[r];
            con[kept++] = con[r];
        }
    n = kept;
    out->n_reps = n;
    for (int r = 0; r < n; r++)
        rep_truth(p, ecc[r], con[r], shift_mps, &out->reps[r]);
    for (int r = 0; r < n; r++) {
        struct bar_model_rep_truth *t = &out->reps[r];
        const struct bar_model_rep_truth *nx = r + 1 < n ? &out->reps[r + 1] : NULL;
        if (!out->con_first) {
            t->bottom_pause_s = t->con_start_s - t->ecc_end_s;
            t->top_pause_s = (nx ? nx->ecc_start_s : next_move_s(p, con[r])) - t->con_end_s;
        } else {
            t->top_pause_s = t->ecc_start_s - t->con_end_s;
            t->bottom_pause_s = (nx ? nx->con_start_s : next_move_s(p, ecc[r])) - t->ecc_end_s;
        }
    }
}

/* ---- the sensor ---- */

static void axis_angle(const double axis[3], double angle, double r[3][3])
{
    double c = cos(angle), s = sin(angle), t = 1 - c;
    double x = axis[0], y = axis[1], z = axis[2];
    r[0][0] = t * x * x + c;
    r[0][1] = t * x * y - s * z;
    r[0][2] = t * x * z + s * y;
    r[1][0] = t * x * y + s * z;
    r[1][1] = t * y * y + c;
    r[1][2] = t * y * z - s * x;
    r[2][0] = t * x * z - s * y;
    r[2][1] = t * y * z + s * x;
    r[2][2] = t * z * z + c;
}

static void mat_mul(const double a[3][3], const double b[3][3], double out[3][3])
{
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            out[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
}

static void mat_t_vec(const double m[3][3], const double v[3], double out[3])
{
    for (int i = 0; i < 3; i++)
        out[i] = m[0][i] * v[0] + m[1][i] * v[1] + m[2][i] * v[2];
}

static void mix_matrix(uint64_t rng[4], double scale_pct, double cross_pct, double m[3][3])
{
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            m[i][j] = i == j ? 1 + sym(rng, scale_pct / 100) : sym(rng, cross_pct / 100);
}

void bar_model_imu_init(struct bar_model_imu *m, const struct bar_model_sensor *desc, uint64_t seed)
{
    memset(m, 0, sizeof *m);
    m->desc = *desc;
    bar_model_rng_seed(m->rng, seed ^ 0x5EB5A11DULL);
    static const int rates[] = {200, 500, 1000};
    m->rate_hz = desc->rate_hz > 0 ? desc->rate_hz : rates[bar_model_rng_next(m->rng) % 3u];
    m->mount_roll_deg = desc->any_roll ? bar_model_rng_range(m->rng, -180, 180) : sym(m->rng, 10);
    double roll[3][3], mis[3][3], axis[3];
    axis_angle((const double[3]){1, 0, 0}, m->mount_roll_deg * DEG, roll);
    double n = 0;
    for (int i = 0; i < 3; i++) {
        axis[i] = bar_model_rng_gauss(m->rng);
        n += axis[i] * axis[i];
    }
    for (int i = 0; i < 3; i++)
        axis[i] /= sqrt(n);
    axis_angle(axis, bar_model_rng_range(m->rng, 0, desc->misalign_deg) * DEG, mis);
    mat_mul(roll, mis, m->mount);
    /* The unit's centre sits about 3 cm out from the sleeve's axis, along its own z. */
    double lever_s[3] = {sym(m->rng, 0.01), sym(m->rng, 0.01), 0.03};
    mat_vec(m->mount, lever_s, m->lever_m);
    for (int i = 0; i < 3; i++) {
        m->accel_bias_mps2[i] = sym(m->rng, desc->accel_bias_mg / 1000 * G);
        m->gyro_bias_rps[i] = sym(m->rng, desc->gyro_bias_dps * DEG);
    }
    mix_matrix(m->rng, desc->scale_pct, desc->cross_pct, m->accel_mix);
    mix_matrix(m->rng, desc->scale_pct, desc->cross_pct, m->gyro_mix);
    double bw = sqrt(m->rate_hz / 2.0);
    m->accel_sigma_mps2 = ACCEL_ND_G_RTHZ * bw * G * desc->noise_scale;
    m->gyro_sigma_rps = GYRO_ND_DPS_RTHZ * bw * DEG * desc->noise_scale;
    double per_min = sqrt(60.0 * m->rate_hz);
    m->accel_step_mps2 = desc->accel_drift_mg / 1000 * G / per_min;
    m->gyro_step_rps = desc->gyro_drift_dps * DEG / per_min;
    /* Drawn from their own stream, so a sensor without them reads as before. */
    if (desc->temp_c_per_min > 0) {
        uint64_t rng[4];
        bar_model_rng_seed(rng, seed ^ 0x7E3DA1F5ULL);
        for (int i = 0; i < 3; i++) {
            m->accel_tc_mps2[i] = sym(rng, desc->accel_tc_mg_per_c / 1000 * G);
            m->gyro_tc_rps[i] = sym(rng, desc->gyro_tc_dps_per_c * DEG);
        }
        /* Warming or cooling at close to the rate: the hard case is a steady change. */
        double rate = bar_model_rng_range(rng, 0.5, 1.0) * desc->temp_c_per_min;
        m->temp_step_c = (bar_model_rng_uniform(rng) < 0.5 ? -rate : rate) / (60.0 * m->rate_hz);
    }
    m->clock_offset_us = (int64_t)bar_model_rng_range(m->rng, 1e6, 600e6);
}

double bar_model_imu_next_t_s(const struct bar_model_imu *m)
{
    return (double)m->k / m->rate_hz;
}

static int16_t quantise(double v, double full)
{
    double raw = round(v * RAW_FULL / full);
    if (raw > INT16_MAX)
        return INT16_MAX;
    if (raw < INT16_MIN)
        return INT16_MIN;
    return (int16_t)raw;
}

/* Drift, loss: one sample period passes. Returns true when this sample is lost. */
static bool tick(struct bar_model_imu *m)
{
    for (int i = 0; i < 3; i++) {
        m->accel_walk_mps2[i] += m->accel_step_mps2 * bar_model_rng_gauss(m->rng);
        m->gyro_walk_rps[i] += m->gyro_step_rps * bar_model_rng_gauss(m->rng);
    }
    m->temp_c += m->temp_step_c;
    int64_t k = m->k++;
    if (k < m->gap_end)
        return true;
    double p_gap = m->desc.gaps_per_min / (60.0 * m->rate_hz);
    if (p_gap > 0 && bar_model_rng_uniform(m->rng) < p_gap) {
        double len_s = bar_model_rng_range(m->rng, GAP_MIN_S, GAP_MAX_S);
        m->gap_end = k + (int64_t)ceil(len_s * m->rate_hz);
        return true;
    }
    return m->desc.drop_pct > 0 && bar_model_rng_uniform(m->rng) < m->desc.drop_pct / 100;
}

static void measure(struct bar_model_imu *m, const struct bar_model_plan *p, double t_s,
                    struct bar_model_sample *out)
{
    struct bar_model_state st;
    bar_model_eval(p, t_s, m->lever_m, &st);
    double f_w[3] = {st.acc_mps2[0], st.acc_mps2[1], st.acc_mps2[2] + G};
    double f_b[3], f_s[3], w_s[3], a[3], g[3];
    mat_t_vec(st.rot, f_w, f_b);
    mat_t_vec(m->mount, f_b, f_s);
    mat_t_vec(m->mount, st.gyro_rps, w_s);
    mat_vec(m->accel_mix, f_s, a);
    mat_vec(m->gyro_mix, w_s, g);
    const double afs = BAR_MODEL_ACCEL_FS_G * G, gfs = BAR_MODEL_GYRO_FS_DPS * DEG;
    for (int i = 0; i < 3; i++) {
        a[i] += m->accel_bias_mps2[i] + m->accel_walk_mps2[i] + m->accel_tc_mps2[i] * m->temp_c +
                m->accel_sigma_mps2 * bar_model_rng_gauss(m->rng);
        g[i] += m->gyro_bias_rps[i] + m->gyro_walk_rps[i] + m->gyro_tc_rps[i] * m->temp_c +
                m->gyro_sigma_rps * bar_model_rng_gauss(m->rng);
        out->accel_raw[i] = quantise(a[i], afs);
        out->gyro_raw[i] = quantise(g[i], gfs);
        out->accel_mps2[i] = out->accel_raw[i] * afs / RAW_FULL;
        out->gyro_rps[i] = out->gyro_raw[i] * gfs / RAW_FULL;
    }
    double period_us = 1e6 / m->rate_hz;
    double jit = m->desc.jitter_us * bar_model_rng_gauss(m->rng);
    if (jit > period_us / 4)
        jit = period_us / 4;
    if (jit < -period_us / 4)
        jit = -period_us / 4;
    out->t_s = t_s;
    out->t_us = m->clock_offset_us + (int64_t)llround(t_s * 1e6 + jit);
}

bool bar_model_imu_next(struct bar_model_imu *m, const struct bar_model_plan *p, double until_s,
                        struct bar_model_sample *out)
{
    for (;;) {
        double t_s = bar_model_imu_next_t_s(m);
        if (t_s > until_s)
            return false;
        if (tick(m))
            continue;
        measure(m, p, t_s, out);
        return true;
    }
}

/* ---- named conditions ---- */

#define BASE_SET                                                                                   \
    .lift = BAR_LIFT_SQUAT, .reps_min = 3, .reps_max = 8, .ecc_s = {1.2, 3.0},                     \
    .bottom_s = {0, 1.0}, .top_s = {0.3, 2.0}, .mcv_mps = {0.3, 0.9}, .rom_m = {0.35, 0.7},        \
    .fatigue_pct = 3, .steps_max = 4, .rack_mps = {0.1, 0.35}, .whip_g = {0.1, 0.4},               \
    .sway_mm = 1.5, .tremor_mg = 5, .roll_deg = 3, .tilt_deg = 2
#define BASE_SENSOR                                                                                \
    .rate_hz = 1000, .any_roll = true, .misalign_deg = 3, .noise_scale = 1, .accel_bias_mg = 30,   \
    .gyro_bias_dps = 0.5, .accel_drift_mg = 1, .gyro_drift_dps = 0.05, .scale_pct = 2,             \
    .cross_pct = 1, .drop_pct = 0.05, .gaps_per_min = 0.5, .jitter_us = 5

/*
 * Each condition starts from the base and changes what it is about; a later designated
 * initialiser overriding the base's is the point, not a mistake.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const struct bar_model_condition conditions[] = {
    {"ecc-0.8", "squat, 0.8 s lowering", {BASE_SET, .ecc_s = {0.75, 0.85}}, {BASE_SENSOR}},
    {"ecc-1.5", "squat, 1.5 s lowering", {BASE_SET, .ecc_s = {1.4, 1.6}}, {BASE_SENSOR}},
    {"ecc-3", "squat, 3 s lowering", {BASE_SET, .ecc_s = {2.85, 3.15}}, {BASE_SENSOR}},
    {"ecc-5", "squat, 5 s lowering", {BASE_SET, .ecc_s = {4.75, 5.25}}, {BASE_SENSOR}},
    {"pause-0",
     "touch-and-go at the bottom and the top",
     {BASE_SET, .bottom_s = {0, 0}, .top_s = {0, 0}},
     {BASE_SENSOR}},
    {"pause-1",
     "1 s pauses at the bottom and the top",
     {BASE_SET, .bottom_s = {0.9, 1.1}, .top_s = {0.9, 1.1}},
     {BASE_SENSOR}},
    {"pause-3",
     "3 s pauses at the bottom and the top",
     {BASE_SET, .bottom_s = {2.8, 3.2}, .top_s = {2.8, 3.2}},
     {BASE_SENSOR}},
    {"squat", "eccentric first: back squat with walk-out", {BASE_SET}, {BASE_SENSOR}},
    {"bench",
     "eccentric first: bench press, lift-off and rerack",
     {BASE_SET, .lift = BAR_LIFT_BENCH, .rom_m = {0.3, 0.45}, .mcv_mps = {0.25, 0.8}},
     {BASE_SENSOR}},
    {"deadlift",
     "concentric first from the floor, plates land between reps",
     {BASE_SET, .lift = BAR_LIFT_DEADLIFT, .rom_m = {0.45, 0.65}, .bottom_s = {0, 2.0},
      .top_s = {0.2, 1.5}, .whip_g = {0.3, 0.8}},
     {BASE_SENSOR}},
    {"press",
     "concentric first from the shoulders after a walk-out",
     {BASE_SET, .lift = BAR_LIFT_PRESS, .rom_m = {0.4, 0.55}, .mcv_mps = {0.25, 0.7}},
     {BASE_SENSOR}},
    {"roll",
     "unit at any roll, 5 deg askew, bar rolls 8 deg in the hands, 5 deg tilt",
     {BASE_SET, .roll_deg = 8, .tilt_deg = 5},
     {BASE_SENSOR, .misalign_deg = 5}},
    {"whip",
     "heavy plates: 0.8-1.5 g of whip after every reversal, slow grinding reps",
     {BASE_SET, .whip_g = {0.8, 1.5}, .mcv_mps = {0.2, 0.5}},
     {BASE_SENSOR}},
    {"walkout",
     "long walk-out and walk-in, hard rerack",
     {BASE_SET, .steps_max = 6, .rack_mps = {0.3, 0.6}, .reps_min = 2, .reps_max = 4},
     {BASE_SENSOR}},
    {"gaps",
     "1 % of samples lost and six 5-50 ms gaps a minute",
     {BASE_SET},
     {BASE_SENSOR, .drop_pct = 1, .gaps_per_min = 6}},
    {"drift", "large biases, drifting as the unit warms 10 C a minute, twice the random walk",
     .set = {BASE_SET},
     .sensor = {BASE_SENSOR, .accel_bias_mg = 60, .gyro_bias_dps = 2, .accel_drift_mg = 2,
                .gyro_drift_dps = 0.1, .temp_c_per_min = TEMP_MAX_C_PER_MIN,
                .accel_tc_mg_per_c = ACCEL_TC_MG_PER_C, .gyro_tc_dps_per_c = GYRO_TC_DPS_PER_C}},
    {"vibration",
     "shaky hands and rattling plates, 3x sensor noise",
     {BASE_SET, .tremor_mg = 30, .sway_mm = 3},
     {BASE_SENSOR, .noise_scale = 3}},
    {"slow", "grinding reps, 0.15-0.3 m/s", {BASE_SET, .mcv_mps = {0.15, 0.3}}, {BASE_SENSOR}},
    {"fast",
     "light and explosive, 0.9-1.2 m/s",
     {BASE_SET, .mcv_mps = {0.9, 1.2}, .whip_g = {0, 0.2}},
     {BASE_SENSOR}},
    {"rate-200", "200 Hz sampling", {BASE_SET}, {BASE_SENSOR, .rate_hz = 200}},
    {"rate-500", "500 Hz sampling", {BASE_SET}, {BASE_SENSOR, .rate_hz = 500}},
    {"rate-1000", "1000 Hz sampling", {BASE_SET}, {BASE_SENSOR, .rate_hz = 1000}},
    {"full",
     "everything at once, over the whole range",
     {.lift = BAR_LIFT_ANY,
      .reps_min = 1,
      .reps_max = 10,
      .ecc_s = {0.8, 5.0},
      .bottom_s = {0, 3.0},
      .top_s = {0, 3.0},
      .mcv_mps = {0.15, 1.2},
      .rom_m = {0.3, 0.8},
      .fatigue_pct = 4,
      .steps_max = 5,
      .rack_mps = {0.1, 0.5},
      .whip_g = {0, 1.5},
      .sway_mm = 2.5,
      .tremor_mg = 15,
      .roll_deg = 8,
      .tilt_deg = 5},
     {BASE_SENSOR, .rate_hz = 0, .misalign_deg = 5, .noise_scale = 2, .accel_bias_mg = 50,
      .gyro_bias_dps = 1.5, .accel_drift_mg = 2, .gyro_drift_dps = 0.1,
      .temp_c_per_min = TEMP_MAX_C_PER_MIN, .accel_tc_mg_per_c = ACCEL_TC_MG_PER_C,
      .gyro_tc_dps_per_c = GYRO_TC_DPS_PER_C, .drop_pct = 0.3, .gaps_per_min = 3}},
    {"bad-unit",
     "a faulty unit: biases walking 15 mg and 1.5 deg/s rms a minute (5-15x a real one)",
     .off_spec = true, .set = {BASE_SET},
     .sensor = {BASE_SENSOR, .accel_bias_mg = 60, .gyro_bias_dps = 2, .accel_drift_mg = 15,
                .gyro_drift_dps = 1.5}},
};
#pragma GCC diagnostic pop

int bar_model_conditions(const struct bar_model_condition **out)
{
    *out = conditions;
    return (int)(sizeof conditions / sizeof conditions[0]);
}

const struct bar_model_condition *bar_model_condition_find(const char *name)
{
    for (size_t i = 0; i < sizeof conditions / sizeof conditions[0]; i++)
        if (strcmp(conditions[i].name, name) == 0)
            return &conditions[i];
    return NULL;
}
