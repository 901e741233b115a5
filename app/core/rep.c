/*
 * Rep detector. See rep.h for the contract. Per sample: tilt tracking, vertical
 * acceleration, velocity, stillness and a 200 Hz record of the movement. Per rest: the
 * drift of the excursion that just ended is removed, and reps are looked for in the
 * record (the per-rep pass, bounded by REP_BINS_MAX).
 */
#include "rep.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define G_MPS2     9.80665f
#define US_PER_S   1e6f
#define DEG_TO_RAD 0.017453292f
#define RAD_TO_DEG 57.29578f

/* Stillness, on the raw signal over a short window (time constant QUIET_TAU_S): the
 * spread of the vertical accel (whip, knocks), its mean (a push), acceleration off the
 * vertical and rotation. Loose enough for a bar held with shaking hands: what tells a
 * held bar from a slow movement is the velocity. */
#define QUIET_TAU_S    0.05f
#define QUIET_VAR_G2   (0.04f * 0.04f)
#define QUIET_MEAN_G   0.02f
#define QUIET_GYRO_DPS 10.0f
#define QUIET_HORIZ_G  0.03f
/* Rest: quiet this long with the integrated velocity near zero... */
#define REST_AFTER_US 150000
#define REST_VEL_MPS  0.05f
/* ...but not a bar that left its last rest already moving (faster than REST_AWAY_MPS)
 * and has only sped up since: faster than REST_RISING_MPS and at REST_RISING_FRAC of the
 * fastest it went that way since. */
#define REST_RISING_MPS  0.04f
#define REST_RISING_FRAC 0.9f
/* ...or, after a movement, under this fraction of its peak speed in the same direction:
 * the drift left by then is a fraction of the movement, and a slow phase keeps most of
 * its own peak while it lasts (a slow concentric after a fast lowering too). */
#define REST_VEL_FRAC 0.4f
/* ...provided the bar has just slowed down: its speed changed by more than
 * REST_STOP_RATIO times what is left, from the extremes of the last REST_STOP_TAU_S
 * (a phase at a steady speed is not a stop, whatever the drift). */
#define REST_STOP_RATIO 2.0f
#define REST_STOP_TAU_S 1.0f
/* ...or quiet this long whatever the velocity says (drift after a knock). */
#define REST_FORCE_US 2500000
/* ...but after a slow movement (slower than this at its peak), longer than the slowest
 * lowering, which is quiet too. */
#define REST_FORCE_SLOW_US   7000000
#define REST_FORCE_SLOW_MPS  0.3f
#define REST_FORCE_FRAC      0.35f
#define REST_FORCE_MOVING_US 4500000
/* A forced rest takes what the live velocity reads for drift. Since the velocity was last
 * zeroed (a rest, a short stop), drift grows by what 1 g's error integrates to: a mg or two
 * once it is learned. A bar reading faster than REST_VEL_MPS plus that much is moving (a
 * grind too quiet to tell from a hold) and is not forced before REST_FORCE_SLOW_US. But
 * not after a rest left only once the drift showed (crept): that rest went on into a slow
 * movement and learned 1 g from it, and the drift since is what it learned, several mg. */
#define REST_FORCE_DRIFT_G 0.002f
/* Not after an excursion that is no slow lowering, whatever its speed: one that went
 * both ways beyond MOVED_VEL_MPS (a whole rep, slow: what is left is drift), or a bar
 * carried (walked out of the rack, stepped with), which shakes sideways far beyond a
 * controlled lowering; its apparent speed is what the steps left in the integral. */
#define REST_FORCE_SLOW_HORIZ_G 0.1f
/* ...or, after any other excursion, quiet this long with the live velocity flat all the
 * while: a bar held after the drift of a walk-out or of a whip that hid the stop. A
 * lowering starts from a standstill, so its quiet stretch holds the velocity's rise. */
#define REST_HOLD_US  600000
#define REST_HOLD_MPS 0.015f
/* ...or flat but for a steady slope, what a 1 g reference a few mg off makes of a held
 * bar (the unit's accel bias projects on the vertical by the bar's roll, which the
 * walk-out changes): a straight line within REST_LINE_RMS_MPS, no steeper than
 * REST_LINE_MPS2 and REST_LINE_BIAS_SD standard deviations of what the part of the bias
 * not yet learned makes of the turn since 1 g was last taken (see line_slope_max). A
 * lowering that starts from a standstill bends the line. */
#define REST_LINE_MPS2    0.02f
#define REST_LINE_RMS_MPS 0.004f
#define REST_LINE_BIAS_SD 3.0f
/* ...or on a line of any slope once the live velocity has carried the bar farther from its
 * last rest than any lift goes: the velocity is drift then. The accel's bias, learned wrong
 * (a walk-out's steps read as drift), made 1 g 10-20 mg off as the bar rolled in the
 * hands, steeper than a hold's line may be; no rest was taken, nothing corrected it, and
 * every rep after was lost. A lift's stroke is under a metre. */
#define LOST_TRAVEL_M 1.5f
/* ...or, on the floor (see on_floor), this steep: 50 mg of accel bias turned 17 degrees. */
#define FLOOR_LINE_MPS2 0.15f
/* ...and no more than this above the lowest the bar went since it last rested. */
#define FLOOR_ABOVE_M 0.1f
/* A bar reading faster than REST_HOLD_CRUISE_MPS and still at most of its peak speed that
 * way has not stopped: a slow phase cruising (a grind at a steady pace). */
#define REST_HOLD_CRUISE_MPS  0.1f
#define REST_HOLD_CRUISE_FRAC 0.9f
/* Nor is a rest forced (REST_FORCE_US) on a bar cruising so and still speeding up over
 * the quiet stretch, faster than FORCE_AWAY_MPS2: a long lowering to the floor is smooth
 * enough to be quiet for seconds. Unless the quiet stretch has travelled FORCE_TRAVEL_M,
 * more than any lift's stroke: then the velocity has drifted (a bar that rattles while
 * held can go without a rest for a whole set). */
#define FORCE_AWAY_MPS2 0.03f
#define FORCE_TRAVEL_M  1.0f
/* A rest's mean velocity is the drift there: taken over its stretch from REST_SKIP_US
 * on (the bar may still creep as it settles) once it has lasted REST_TRUST_US, or over
 * what there was when it ended, if at least REST_SETTLE_US long. */
#define REST_SKIP_US   150000
#define REST_TRUST_US  500000
#define REST_EARLY_US  350000 /* a rep closed by a sharp stop is handed out this soon */
#define REST_SETTLE_US 250000
#define REST_TAIL_US   100000 /* before a rest ends, the bar already creeps */
#define REST_FINAL_US  1200000
#define REST_CREEP_US  1000000
#define REST_WINDOW_US 400000
/* Over a rest's first REST_EARLY_US, a velocity leaving zero this fast and this far:
 * the bar is moving (sway is a few mg, the 1 g reference's error under 5 mg). */
#define REST_AWAY_MPS2 0.1f
#define REST_AWAY_MPS  0.02f
/* At rest: the vertical follows gravity and the gyro's bias is learned. */
#define REST_UP_TAU_S 0.3f
/* Moving: a weak pull toward the measured gravity while the accel is close to 1 g, so
 * the gyro's residual bias cannot walk the vertical away between rests. */
#define MOVE_UP_TAU_S 2.0f
#define MOVE_UP_GATE  0.1f /* |a|^2 within this of 1 g^2 */
/* Gyro bias from the pull: dps per second per unit of misalignment (its time constant
 * is the pull's rate over this: 29 dps / 3 = 10 s moving, 190 / 60 = 3 s at rest). */
#define BIAS_KI      3.0f
#define BIAS_KI_REST 60.0f
/* Faster than a bar moves under control: before any rest, the references the first
 * sample gave were taken from a moving bar (a set started moments after a rerack). */
#define LOST_VEL_MPS 2.5f
/* 1 g is learned from the mean only where the bar lies still (racked, on the floor):
 * a held bar sways, and a short window of sway has a mean acceleration of several mg. */
#define STILL_TAU_S            0.3f
#define STILL_GYRO_VAR         1.0f /* dps^2: a racked bar's gyro is noise only */
#define STILL_LEARN_TAU_S      0.3f
#define REFS_STEP_US           300000
#define REFS_LAG_STEPS         4
#define REFS_KNOWN_S           1.0f    /* still time before they count as known */
#define REFS_G_STEP_MAX        0.0003f /* g, per step */
#define REFS_BIAS_STEP_MAX_DPS 0.01f
/* Elsewhere it follows the velocity each excursion at least ZUPT_MIN_US long ended with,
 * which should be zero (see bias_learn), by at most ZUPT_MAX_G an excursion. */
#define ZUPT_MIN_US 1000000
#define ZUPT_MAX_G  0.004f
/* The drift takes the shape the bias update gives it only when the update took the drift
 * mostly as the references' error (see bias_learn), and then only half of it: the shape
 * is as good as the bias's estimate, which a set's first reps have barely taught. In full
 * it read one pause's level 4 mm/s off (a concentric's start 0.2 s early, full-mix seed
 * 88) where half of it and the line hold every pinned case. */
#define SHAPE_MIN_GAIN 0.2f
#define SHAPE_WEIGHT   0.5f
/* The accel's bias vector, learned from the same drift: a few tens of mg on each axis, it
 * projects on the vertical by the unit's orientation, so a bar that rolls 8 degrees in
 * the hands during a lowering reads several mg off the 1 g learned at the top. What is
 * known of it at first (g, per axis) and of 1 g, how far either may wander between two
 * excursions (the bias walks with time and temperature), the drift's own uncertainty
 * (g s: the rests' sway), and the largest bias believed. */
#define BIAS_SD_G     0.04f
#define BIAS_G_SD_G   0.003f
#define BIAS_WALK_G   0.002f
#define BIAS_G_WALK_G 0.001f
#define BIAS_DRIFT_GS 0.0005f
#define BIAS_MAX_G    0.1f
/* Between two sets on the same unit its bias moves with temperature: 0.3 mg per degree,
 * ten degrees between a cold morning and a warm gym (see rep_detector_set_unit_ref). */
#define UNIT_REF_DRIFT_G 0.003f
/* The slope over a rest this long teaches the 1 g reference (see learn_from_slope). */
#define SLOPE_MIN_US 500000
#define SLOPE_GAIN   0.5f
#define SLOPE_MAX_G  0.005f
/* A bar that turned while it lay still (gripped and rolled in towards the shins before a
 * deadlift, rolled on landing) reads 1 g differently: the unit's accel bias and scale
 * errors project on the vertical by its orientation, several mg for ten degrees. Once it
 * has turned by TURN_DEG from where 1 g was learned and lain still again (the rotation
 * rate's variance under TURN_STILL_DPS2: gyro noise, no sway in the hands) for TURN_MIN_US
 * after TURN_SETTLE_US, 1 g is taken from the velocity's slope there, at once and in full,
 * from the start of the rest: the rest before a pull may last only half a second.
 * TURNING_DPS: still turning. */
#define TURN_DEG        1.5f
#define TURNING_DPS     3.0f
#define TURN_SETTLE_US  150000
#define TURN_MIN_US     250000
#define TURN_WAIT_US    500000 /* a rest going on is tried once this long after the turn */
#define TURN_STILL_DPS2 0.1f
/* What is kept before a movement, with nothing pending. */
#define LOOKBACK_US 300000
/* Longer gaps in the samples lose the integration. */
#define MAX_GAP_US 250000
/* Live phase for the screen: speeds and travel that change it. */
#define PHASE_VEL_MPS     0.05f
#define PHASE_VEL_END_MPS 0.025f
#define PHASE_POS_M       0.03f
/* A phase's run around its peak that covers under PHASE_SPAN_MIN of the stroke's travel
 * goes on across dips under the threshold shorter than PHASE_DIP_US (half a whip's swing
 * at 5 Hz): whip ringing through a slow phase, no pause. */
#define PHASE_SPAN_MIN 0.5f
/* A phase's peak is looked for where the bar is more than PEAK_BAND of the stroke from
 * either end: whip ringing at the top or the bottom stays within a few centimetres. */
#define PEAK_BAND 0.1f
/* A rest this long inside a lowering's stroke (see rest_in_stroke). */
#define STROKE_REST_BINS (500000 / REP_BIN_US)
#define PHASE_DIP_US     100000
#define PHASE_DIP_BINS   (PHASE_DIP_US / REP_BIN_US)
/* The whip's period is sought over WHIP_SPAN_BINS (0.4 s) from WHIP_LEAD_BINS before the
 * turn, among lags of WHIP_LAG_MIN..WHIP_LAG_MAX bins (12-6 Hz, 80-170 ms); the speed
 * smoothed over it is a mean of RING_TAPS * 2 + 1 means over a period. */
#define WHIP_SPAN_BINS (400000 / REP_BIN_US)
#define WHIP_LEAD_BINS (100000 / REP_BIN_US)
#define WHIP_LAG_MIN   16
#define WHIP_LAG_MAX   34
#define RING_TAPS      7
/* Ringing on a lift under way need not swing back past zero: a swing out over this many
 * times the threshold just before a dip under it is the plates, not noise at an onset. */
#define RING_RIDE 2.0f
/* How far under a pause's level, as a fraction of the threshold's height over it, the
 * speed swings back before a lowering's start for the start to be ringing's. */
#define RING_SWING_FRAC 0.5f
/* A lowering's start is measured against the velocity over the end of the rest before it
 * (see rest_before): a rest ending at most ONSET_GAP_BINS before the threshold's crossing,
 * less its last ONSET_TAIL_BINS, over up to ONSET_WINDOW_BINS and at least
 * ONSET_WINDOW_MIN_BINS. */
#define ONSET_GAP_BINS        (500000 / REP_BIN_US)
#define ONSET_TAIL_BINS       (REST_TAIL_US / REP_BIN_US)
#define ONSET_WINDOW_BINS     (1000000 / REP_BIN_US)
#define ONSET_WINDOW_MIN_BINS (150000 / REP_BIN_US)
/* A pause the drift left moving: where a concentric's run holds a pause (the bar stopped
 * at the bottom or the top, but the velocity drift left there stays above the threshold:
 * the concentric swallowed the pause), the speed, averaged over PAUSE_SMOOTH_BINS either
 * side (a whip's period), holds within PAUSE_TOL of the phase's peak for PAUSE_MIN_BINS
 * at under PAUSE_LEVEL of it. The phase is bounded there, its threshold is taken from
 * that level, and the level is the velocity's offset for its measures. A lowering's
 * smooth onset from a standstill can be as flat: a lowering's run is not bounded so, and
 * the pause before it is held to PAUSE_TOP_TOL. */
#define PAUSE_SMOOTH_BINS 10
#define PAUSE_MIN_BINS    (200000 / REP_BIN_US)
#define FLAT_BINS         (100000 / REP_BIN_US)
/* A stretch that short at a ringing top is as often the whip's remainder or the lowering's
 * first creep as the drift (with a perfect unit, +11 mm/s at the median, +25 at p90, where
 * the drift left is a few): its speed counts half, the levelled record's zero the rest. */
#define FLAT_LEVEL_WEIGHT 0.5f
#define PAUSE_TOL         0.05f
/* The pause a lowering leaves when no rest was seen there (a top held, swaying): a slow
 * lowering eases off it at under PAUSE_TOL of its peak over PAUSE_MIN_BINS (a 2.5-s
 * deadlift lowering: 0.08 m/s^2), so the stretch nearest the peak within PAUSE_TOL was
 * as often the lowering's own first creep, its level 1-2 cm/s and the start up to a
 * quarter of a second late, or a lull in the lockout's ringing. A top's level holds
 * within half that. */
#define PAUSE_TOP_TOL 0.025f
#define PAUSE_LEVEL   0.3f
/* An excursion whose speed never passed this is a fidget: no per-rep pass. */
#define MOVED_VEL_MPS 0.08f
/* A stop too short to be a rest: over two windows of REP_STOP_BLOCKS / 2 blocks (100 ms
 * each, whip averaged out) the live velocity changed by under STOP_FLAT_MPS, having
 * fallen within the last STOP_PEAK_BLOCKS (1.2 s) from a speed STOP_DROP_MPS higher, and
 * it stands under STOP_LEVEL_FRAC of that fall: the bar stopped there, whatever the live
 * velocity says; what it says is its drift. A slow lowering that goes on at a steady pace
 * after a touch-and-go top is flat too, but the fall before it is older by then. Once per
 * stop: the next one waits for the bar to move by STOP_REARM_MPS. */
#define STOP_FLAT_MPS    0.02f
#define STOP_DROP_MPS    0.3f
#define STOP_LEVEL_FRAC  0.25f
#define STOP_REARM_MPS   0.15f
#define STOP_PEAK_BLOCKS 240
/* Position strokes: swings smaller than this are ignored (walking, bobbing). */
#define STROKE_MIN_M 0.05f
/* The most drift a rep's levelling may take off (see level_reps). */
#define LEVEL_DRIFT_MAX_MPS 0.1f
/* A rest whose drift lies this far off the line through the rests either side of it is
 * read again in hindsight (see drop_false_rest). */
#define DROP_OFF_LINE_MPS 0.03f
/* The record is kept, and a lowering's start sought, up to this far before the top it
 * leaves (see level_reach). */
#define LEVEL_REACH_BINS (2000000 / REP_BIN_US)
#define EXTREMA_MAX      256
/* The propulsive phase ends where the bar decelerates faster than gravity, measured
 * over PROP_HALF_BINS either side. */
#define PROP_HALF_BINS 4
#define INT16_LIMIT    32767
#define BIN_S          ((float)REP_BIN_US / US_PER_S)

/* The larger and the smaller of two finite numbers, inline (fmaxf is a call). */
static inline float max_f(float a, float b)
{
    return a > b ? a : b;
}

static inline float min_f(float a, float b)
{
    return a < b ? a : b;
}

static float dot3(const float a[3], const float b[3])
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/* 1 g where the vertical is now. */
static void bias_g_eff(struct rep_detector *d)
{
    struct rep_bias *bi = &d->bias;
    float du[3] = {d->up[0] - bi->up[0], d->up[1] - bi->up[1], d->up[2] - bi->up[2]};
    bi->g_eff = d->g_ref + dot3(bi->b, du);
}

/* g_ref made to hold where the vertical is now (1 g at every orientation unchanged). */
static void bias_rebase(struct rep_detector *d)
{
    bias_g_eff(d);
    d->g_ref = d->bias.g_eff;
    memcpy(d->bias.up, d->up, sizeof d->bias.up);
}

static void bias_span_start(struct rep_detector *d)
{
    d->bias.span++;
    memcpy(d->bias.span_up, d->bias.up, sizeof d->bias.span_up);
    memset(d->bias.span_r, 0, sizeof d->bias.span_r);
}

static void bias_init(struct rep_detector *d)
{
    memset(&d->bias, 0, sizeof d->bias);
    for (int i = 0; i < 4; i++) {
        float sd = i == 0 ? BIAS_G_SD_G : BIAS_SD_G;
        d->bias.p[i][i] = sd * sd;
    }
}

/*
 * The drift dv_mps over span_s: 1 g off by dg and the bias off by db make
 * dv / g = dg * span_s + db . r, r the integral of (up - span_up) over the span. Both
 * are corrected by what the drift says of them, weighed by what was known (a Kalman
 * update on the four unknowns): one excursion's drift cannot tell the two apart, the
 * bar turning differently in the next ones does.
 */
static void bias_learn(struct rep_detector *d, float dv_mps, float span_s, struct rep_anchor *an)
{
    struct rep_bias *bi = &d->bias;
    float phi[4] = {span_s, bi->span_r[0], bi->span_r[1], bi->span_r[2]}, pphi[4];
    float s = BIAS_DRIFT_GS * BIAS_DRIFT_GS;
    for (int i = 0; i < 4; i++) {
        pphi[i] = 0;
        for (int j = 0; j < 4; j++)
            pphi[i] += bi->p[i][j] * phi[j];
        s += phi[i] * pphi[i];
    }
    float y = dv_mps / G_MPS2, k[4];
    for (int i = 0; i < 4; i++)
        k[i] = pphi[i] / s;
    /* What the update makes of the drift over the span, k . phi(t) at each moment, is
     * its shape for the record (see integrate_positions); k . phi is nearly 1 when the
     * drift is far beyond what the excursion's own noise makes. */
    float kphi = 0;
    for (int i = 0; i < 4; i++)
        kphi += k[i] * phi[i];
    if (kphi > SHAPE_MIN_GAIN) {
        an->shaped = true;
        an->span = bi->span;
        for (int i = 0; i < 4; i++)
            an->shape[i] = k[i] / kphi;
    }
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            bi->p[i][j] -= k[i] * pphi[j];
    for (int i = 0; i < 4; i++) {
        float w = i == 0 ? BIAS_G_WALK_G : BIAS_WALK_G;
        bi->p[i][i] += w * w;
    }
    float db[3] = {k[1] * y, k[2] * y, k[3] * y};
    float du[3] = {bi->up[0] - bi->span_up[0], bi->up[1] - bi->span_up[1],
                   bi->up[2] - bi->span_up[2]};
    float fix = k[0] * y + dot3(db, du);
    d->g_ref += fix > ZUPT_MAX_G ? ZUPT_MAX_G : fix < -ZUPT_MAX_G ? -ZUPT_MAX_G : fix;
    for (int i = 0; i < 3; i++) {
        float b = bi->b[i] + db[i];
        bi->b[i] = b > BIAS_MAX_G ? BIAS_MAX_G : b < -BIAS_MAX_G ? -BIAS_MAX_G : b;
    }
}

static int64_t bin_time(const struct rep_detector *d, int i)
{
    return d->bin0_us + (int64_t)i * REP_BIN_US;
}

/* Drops the first k bins of the record. */
static void drop_bins(struct rep_detector *d, int k)
{
    if (k <= 0)
        return;
    if (k > d->nbins)
        k = d->nbins;
    memmove(d->bins, d->bins + k, sizeof d->bins[0] * (size_t)(d->nbins - k));
    d->nbins -= k;
    d->bin0_us += (int64_t)k * REP_BIN_US;
    d->rest_bin = d->rest_bin > k ? d->rest_bin - k : 0;
    /* Anchors before the record go, but the last of them still bounds the first stretch. */
    int a = 0;
    while (a + 1 < d->n_anchors && d->anchors[a + 1].t_us <= d->bin0_us)
        a++;
    if (a > 0) {
        memmove(d->anchors, d->anchors + a, sizeof d->anchors[0] * (size_t)(d->n_anchors - a));
        d->n_anchors -= a;
    }
}

static void clear_record(struct rep_detector *d, int64_t t_us)
{
    d->nbins = 0;
    d->bin0_us = t_us + REP_BIN_US;
    d->next_bin_us = d->bin0_us;
    d->prev_t_us = t_us;
    d->prev_vel_mps = d->vel_mps;
    d->bin_horiz2 = d->bin_gyro2 = 0;
    memset(&d->blk, 0, sizeof d->blk);
    d->blk.t0_us = t_us;
    d->n_anchors = 0;
    d->rest_bin = 0;
    d->moved = false;
}

void rep_detector_init(struct rep_detector *d, const struct rules *rules)
{
    /* The record's arrays are written before they are read (bins below nbins). */
    memset(d, 0, offsetof(struct rep_detector, bins));
    d->rules = *rules;
    bias_init(d);
    d->last_end_us = INT64_MIN;
    d->start = REP_START_ECCENTRIC;
    d->phase = REP_PHASE_TOP;
}

static enum rep_phase idle_phase(const struct rep_detector *d)
{
    return d->start == REP_START_ECCENTRIC ? REP_PHASE_TOP : REP_PHASE_BOTTOM;
}

void rep_detector_set_start(struct rep_detector *d, enum rep_start start)
{
    d->start = start;
    d->phase = idle_phase(d);
}

void rep_detector_reset(struct rep_detector *d)
{
    d->q_len = 0;
    d->q_head = 0;
    d->reps_done = 0;
    d->last_end_us = INT64_MIN;
    d->tilt_ref_set = false;
    d->vel_mps = 0;
    d->v_off_mps = 0;
    d->pos_m = 0;
    d->phase = idle_phase(d);
    d->phase_start_us = d->last_t_us;
    clear_record(d, d->last_t_us);
}

void rep_detector_unit_ref(const struct rep_detector *d, struct rep_unit_ref *out)
{
    for (int i = 0; i < 3; i++) {
        out->b[i] = d->bias.b[i];
        for (int j = 0; j < 3; j++)
            out->p[i][j] = d->bias.p[1 + i][1 + j];
    }
}

bool rep_detector_set_unit_ref(struct rep_detector *d, const struct rep_unit_ref *ref)
{
    for (int i = 0; i < 3; i++) {
        if (!(fabsf(ref->b[i]) <= BIAS_MAX_G) || !(ref->p[i][i] > 0) || !isfinite(ref->p[i][i]))
            return false;
        for (int j = 0; j < i; j++)
            if (!isfinite(ref->p[i][j]) || !isfinite(ref->p[j][i]))
                return false;
    }
    /* Loosened by what temperature may have moved since, never beyond the prior (a
     * direction the bar never turned in stays unknown), and taken as a covariance
     * whatever rounding left of it: symmetric, each correlation short of one. */
    float var[3];
    for (int i = 0; i < 3; i++) {
        var[i] = ref->p[i][i] + UNIT_REF_DRIFT_G * UNIT_REF_DRIFT_G;
        var[i] = min_f(var[i], BIAS_SD_G * BIAS_SD_G);
    }
    for (int i = 0; i < 3; i++) {
        d->bias.b[i] = ref->b[i];
        d->bias.p[0][1 + i] = d->bias.p[1 + i][0] = 0;
        for (int j = 0; j < 3; j++) {
            float c = 0.5f * (ref->p[i][j] + ref->p[j][i]);
            float lim = 0.999f * sqrtf(var[i] * var[j]);
            d->bias.p[1 + i][1 + j] = i == j ? var[i] : c > lim ? lim : c < -lim ? -lim : c;
        }
    }
    return true;
}

void rep_detector_begin_set(struct rep_detector *d)
{
    d->q_len = 0;
    d->q_head = 0;
    d->reps_done = 0;
}

static void queue_result(struct rep_detector *d, const struct rep_result *r)
{
    if (d->q_len == REP_QUEUE)
        return; /* cannot happen: a pass finds at most REP_QUEUE reps before it is drained */
    d->queue[(d->q_head + d->q_len) % REP_QUEUE] = *r;
    d->q_len++;
}

static bool pop_result(struct rep_detector *d, struct rep_result *out)
{
    if (d->q_len == 0)
        return false;
    *out = d->queue[d->q_head];
    d->q_head = (d->q_head + 1) % REP_QUEUE;
    d->q_len--;
    return true;
}

/* ---- the per-rep pass ---- */

struct extremum {
    int bin;
    bool high;
};

/* The drift at t_us: a line between the rests around it (flat beyond them). */
static float drift_at(const struct rep_detector *d, int64_t t_us, int *a)
{
    const struct rep_anchor *an = d->anchors;
    int n = d->n_anchors;
    if (n == 0)
        return 0;
    while (*a + 1 < n && an[*a + 1].t_us <= t_us)
        (*a)++;
    if (t_us <= an[0].t_us)
        return an[0].v_mps;
    if (*a + 1 >= n)
        return an[n - 1].v_mps;
    const struct rep_anchor *l = &an[*a], *r = &an[*a + 1];
    return l->v_mps + (r->v_mps - l->v_mps) * (float)(t_us - l->t_us) / (float)(r->t_us - l->t_us);
}

/* Positions from the corrected velocities. */
static void integrate_vc(struct rep_detector *d)
{
    float p = 0;
    d->pos[0] = 0;
    for (int j = 1; j < d->nbins; j++) {
        p += 0.5f * (d->vc[j - 1] + d->vc[j]) * BIN_S;
        d->pos[j] = p;
    }
}

/*
 * The drift between anchors a and a + 1 in the shape the bias model gives it: 1 g off
 * drifts the velocity on a line, the accel's bias by how far the unit has turned since
 * the span began (see bias_learn). A bar that rolls in the hands through a rep and back
 * drifts most in the middle, where a straight line puts the error into the rep's depth
 * and phases. Bins written before the span began (the end of the rest at a, before it
 * was anchored) had not turned in it: their span_r is the span before's. The spans
 * follow one another, so the first bin of the anchor's span starts the rest.
 */
static void shaped_drift(struct rep_detector *d, int a, int from, int to)
{
    const struct rep_anchor *l = &d->anchors[a], *r = &d->anchors[a + 1];
    float dv = r->v_mps - l->v_mps;
    /* Half the line between the anchors, half the model's shape: the line's part per
     * bin, and the bias's per unit of span_r, in m/s. */
    float line =
        (1 - SHAPE_WEIGHT) / ((float)(r->t_us - l->t_us) / US_PER_S) + SHAPE_WEIGHT * r->shape[0];
    float v = l->v_mps + dv * line * (float)(bin_time(d, from) - l->t_us) / US_PER_S;
    float step = dv * line * BIN_S;
    float c[3] = {SHAPE_WEIGHT * dv * r->shape[1], SHAPE_WEIGHT * dv * r->shape[2],
                  SHAPE_WEIGHT * dv * r->shape[3]};
    int j = from;
    for (; j < to && d->bins[j].span != r->span; j++, v += step)
        d->vc[j] = d->bins[j].vel_mps - v;
    for (; j < to; j++, v += step) {
        const float *sr = d->bins[j].span_r;
        d->vc[j] = d->bins[j].vel_mps - (v + c[0] * sr[0] + c[1] * sr[1] + c[2] * sr[2]);
    }
}

/* Velocities with the drift removed, and positions from them. */
static void integrate_positions(struct rep_detector *d)
{
    int a = 0, i = 0;
    while (i < d->nbins) {
        /* One stretch of the drift line at a time: its slope per bin, or its shape. */
        int64_t t = bin_time(d, i);
        float v0 = drift_at(d, t, &a), slope = 0;
        int end = d->nbins;
        bool shaped = false;
        if (d->n_anchors > 0 && t >= d->anchors[0].t_us && a + 1 < d->n_anchors) {
            shaped = d->anchors[a + 1].shaped;
            const struct rep_anchor *l = &d->anchors[a], *r = &d->anchors[a + 1];
            slope = (r->v_mps - l->v_mps) / (float)(r->t_us - l->t_us) * (float)REP_BIN_US;
            int64_t e = (r->t_us - d->bin0_us) / REP_BIN_US + 1;
            end = e < end ? (int)e : end;
        } else if (d->n_anchors > 0 && t < d->anchors[0].t_us) {
            int64_t e = (d->anchors[0].t_us - d->bin0_us) / REP_BIN_US + 1;
            end = e < end ? (int)e : end;
        }
        if (end <= i)
            end = i + 1;
        if (shaped)
            shaped_drift(d, a, i, end);
        else
            for (int j = i; j < end; j++)
                d->vc[j] = d->bins[j].vel_mps - (v0 + slope * (float)(j - i));
        i = end;
    }
    integrate_vc(d);
}

/*
 * Turning points of the position, ignoring swings under STROKE_MIN_M. When the record
 * ends at rest, its last candidate is a turning point too.
 */
static int find_extrema(const struct rep_detector *d, struct extremum *ext, bool ends_at_rest)
{
    const float *p = d->pos;
    int n = 0, dir = 0, hi = 0, lo = 0, cand = 0;
    for (int i = 1; i < d->nbins && n < EXTREMA_MAX - 1; i++) {
        if (dir == 0) {
            if (p[i] > p[hi])
                hi = i;
            if (p[i] < p[lo])
                lo = i;
            if (p[hi] - p[i] >= STROKE_MIN_M) {
                ext[n++] = (struct extremum){hi, true};
                dir = -1;
                cand = i;
            } else if (p[i] - p[lo] >= STROKE_MIN_M) {
                ext[n++] = (struct extremum){lo, false};
                dir = 1;
                cand = i;
            }
        } else if (dir < 0) {
            if (p[i] < p[cand])
                cand = i;
            else if (p[i] - p[cand] >= STROKE_MIN_M) {
                ext[n++] = (struct extremum){cand, false};
                dir = 1;
                cand = i;
            }
        } else {
            if (p[i] > p[cand])
                cand = i;
            else if (p[cand] - p[i] >= STROKE_MIN_M) {
                ext[n++] = (struct extremum){cand, true};
                dir = -1;
                cand = i;
            }
        }
    }
    if (ends_at_rest && dir != 0)
        ext[n++] = (struct extremum){cand, dir > 0};
    return n;
}

/*
 * Reps done back to back with no rest between (touch-and-go) have the drift line only at
 * the rests around the set, tens of seconds apart, and the drift between wanders from it
 * by a few cm/s: enough to shift a phase's edge by a tenth of a second. But each rep starts
 * and ends at the same height, the lockout (or the floor, for lifts that start with the
 * lift), within a centimetre: the mean velocity from one rep's start to the next is the
 * drift left over that rep. A line through those means, placed at each rep's middle (held
 * flat beyond the first and last), is taken off the velocity between the reps' starts,
 * and the positions integrated again. Between start-level points with a rest between
 * them (not a brief one: a slow phase read as still for a moment), or without a rep's stroke
 * (rep_min_rom_mm each way) between them, or implying a drift over LEVEL_DRIFT_MAX_MPS (no rep: a
 * walk back to the rack), the velocity is left as it was but for its ends (see below). Returns
 * whether anything was levelled.
 */
static bool level_reps(struct rep_detector *d, const struct extremum *ext, int n, bool high,
                       float min_rom_m)
{
    int at[EXTREMA_MAX], m = 0; /* the start-level points, as indices into ext */
    for (int j = 0; j < n; j++)
        if (ext[j].high == high)
            at[m++] = j;
    float drift[EXTREMA_MAX], mid[EXTREMA_MAX];
    bool ok[EXTREMA_MAX], any = false;
    for (int k = 0; k + 1 < m; k++) {
        int i0 = ext[at[k]].bin, i1 = ext[at[k + 1]].bin;
        ok[k] = at[k + 1] == at[k] + 2;
        for (int i = i0; ok[k] && i <= i1; i++)
            ok[k] = d->bins[i].rest != REP_BIN_REST;
        if (ok[k]) {
            float turn = d->pos[ext[at[k] + 1].bin];
            ok[k] = fabsf(d->pos[i0] - turn) >= min_rom_m && fabsf(d->pos[i1] - turn) >= min_rom_m;
        }
        drift[k] = (d->pos[i1] - d->pos[i0]) / ((float)(i1 - i0) * BIN_S);
        mid[k] = 0.5f * (float)(i0 + i1);
        ok[k] = ok[k] && fabsf(drift[k]) <= LEVEL_DRIFT_MAX_MPS;
        any = any || ok[k];
    }
    if (!any)
        return false;
    for (int k = 0; k + 1 < m; k++) {
        if (!ok[k])
            continue;
        bool prev = k > 0 && ok[k - 1], next = k + 2 < m && ok[k + 1];
        for (int i = ext[at[k]].bin; i < ext[at[k + 1]].bin; i++) {
            float x = (float)i, v = drift[k];
            if (x < mid[k] && prev)
                v += (drift[k] - drift[k - 1]) * (x - mid[k]) / (mid[k] - mid[k - 1]);
            else if (x > mid[k] && next)
                v += (drift[k + 1] - drift[k]) * (x - mid[k]) / (mid[k + 1] - mid[k]);
            d->vc[i] -= v;
        }
    }
    /* A stroke left unlevelled beside levelled ones (a rest in it, or its ends not level)
     * takes their drift at its ends, fading to none at its rests (the anchors level those)
     * or across it: a step in the velocity there reads as the bar stopping, and a
     * lowering's start is measured against it. */
    for (int k = 0; k + 1 < m; k++) {
        if (ok[k])
            continue;
        int i0 = ext[at[k]].bin, i1 = ext[at[k + 1]].bin, r0 = i0, r1 = i1;
        while (r0 < i1 && d->bins[r0].rest != REP_BIN_REST)
            r0++;
        while (r1 > i0 && d->bins[r1].rest != REP_BIN_REST)
            r1--;
        float before = k > 0 && ok[k - 1] ? drift[k - 1] : 0;
        float after = k + 2 < m && ok[k + 1] ? drift[k + 1] : 0;
        for (int i = i0; i < r0; i++)
            d->vc[i] -= before * (float)(r0 - i) / (float)(r0 - i0);
        for (int i = r1 + 1; i < i1; i++)
            d->vc[i] -= after * (float)(i - r1) / (float)(i1 - r1);
    }
    integrate_vc(d);
    return true;
}

/* Where between bins i and i+1 the signed speed crosses th: a time. */
static int64_t crossing_us(const struct rep_detector *d, int i, float sign, float th)
{
    float a = sign * d->vc[i], b = sign * d->vc[i + 1];
    float f = a != b ? (th - a) / (b - a) : 0.5f;
    if (f < 0)
        f = 0;
    if (f > 1)
        f = 1;
    return bin_time(d, i) + (int64_t)lrintf(f * (float)REP_BIN_US);
}

static float pos_at_us(const struct rep_detector *d, int64_t t_us)
{
    float x = (float)(t_us - d->bin0_us) / (float)REP_BIN_US;
    int i = (int)x;
    if (i < 0)
        return d->pos[0];
    if (i >= d->nbins - 1)
        return d->pos[d->nbins - 1];
    float f = x - (float)i;
    return d->pos[i] + (d->pos[i + 1] - d->pos[i]) * f;
}

struct phase_span {
    int peak;       /* bin of the peak speed */
    float peak_mps; /* its speed, positive */
    int64_t start_us, end_us;
    /* The speed the bar reads in a pause found at either end (zero if none): drift. */
    float off_start_mps, off_end_mps;
};

/* The mean velocity over bins lo..hi. */
static float mean_vc(const struct rep_detector *d, int lo, int hi)
{
    float sum = 0;
    for (int i = lo; i <= hi; i++)
        sum += d->vc[i];
    return sum / (float)(hi - lo + 1);
}

/*
 * The drift left where a lowering starts: the bar rested just before (a top pause too
 * short to anchor the drift, or one anchored long before its end), so the velocity over
 * the end of that rest, less its last ONSET_TAIL_BINS (a slow start creeps quietly), is
 * what is left of the drift there. The phase (its peak at bin k, direction sign,
 * threshold th) tells where the lowering began. Returns the first bin averaged (the start
 * is not sought before it) and the velocity in *c, or -1 when no rest ends within
 * ONSET_GAP_BINS before bin s.
 */
static int rest_before(const struct rep_detector *d, int s, int k, float sign, float th, float *c)
{
    int r = s;
    while (r > 0 && s - r < ONSET_GAP_BINS && !d->bins[r].rest)
        r--;
    if (!d->bins[r].rest)
        return -1;
    int hi = r - ONSET_TAIL_BINS, lo = hi;
    while (lo > 0 && hi - lo < ONSET_WINDOW_BINS && d->bins[lo - 1].rest)
        lo--;
    if (hi - lo < ONSET_WINDOW_MIN_BINS)
        return -1;
    /* The lowering may have begun inside the rest (one seen ending only once the drift
     * showed): the level is taken again over what lies before the start it gives. */
    *c = mean_vc(d, lo, hi);
    int t = k;
    while (t > lo && sign * d->vc[t - 1] > th + sign * *c)
        t--;
    int h = t - ONSET_TAIL_BINS;
    if (h < hi && h - lo >= ONSET_WINDOW_MIN_BINS)
        *c = mean_vc(d, lo, h);
    return lo;
}

/* The signed speed around bin i, averaged over a whip's period. */
static float smooth_speed(const struct rep_detector *d, int i, float sign)
{
    int lo = i - PAUSE_SMOOTH_BINS, hi = i + PAUSE_SMOOTH_BINS;
    lo = lo < 0 ? 0 : lo;
    hi = hi > d->nbins - 1 ? d->nbins - 1 : hi;
    return sign * (d->pos[hi] - d->pos[lo]) / ((float)(hi - lo) * BIN_S);
}

/* The position at fractional bin x (within the record). */
static float pos_between(const struct rep_detector *d, float x)
{
    if (x <= 0)
        return d->pos[0];
    if (x >= (float)(d->nbins - 1))
        return d->pos[d->nbins - 1];
    int i = (int)x;
    float f = x - (float)i;
    return d->pos[i] + f * (d->pos[i + 1] - d->pos[i]);
}

/*
 * The whip's period, in bins, where the bar turns at bin c: the lag, among a whip's
 * (WHIP_LAG_MIN..WHIP_LAG_MAX), at which the velocity less its smoothed self over
 * WHIP_SPAN_BINS from shortly before c best matches itself. The plates ring at the bar's
 * own frequency, 6-12 Hz with the load; a fixed 100 ms leaves a quarter of the ringing at
 * the low end. 0 when the record is too short around c.
 */
static float whip_period(const struct rep_detector *d, int c)
{
    float x[WHIP_SPAN_BINS + WHIP_LAG_MAX];
    int lo = c - WHIP_LEAD_BINS, n = WHIP_SPAN_BINS + WHIP_LAG_MAX;
    if (lo < 0 || lo + n > d->nbins)
        return 0;
    for (int i = 0; i < n; i++)
        x[i] = d->vc[lo + i] - smooth_speed(d, lo + i, 1.0f);
    float best = 0;
    int lag = 0;
    for (int l = WHIP_LAG_MIN; l <= WHIP_LAG_MAX; l++) {
        float r = 0;
        for (int i = 0; i < WHIP_SPAN_BINS; i++)
            r += x[i] * x[i + l];
        if (r > best) {
            best = r;
            lag = l;
        }
    }
    return (float)lag;
}

/* The whip's period where the bar turned at bin c, found once: *per < 0 until then. */
static float period_at(const struct rep_detector *d, int c, float *per)
{
    if (*per < 0)
        *per = whip_period(d, c);
    return *per;
}

/* The signed speed around bin i, smoothed over two whip periods (a triangle: a mean over
 * one period, of means over one period), per bins long; over PAUSE_SMOOTH_BINS either side
 * when the period is not known. Ringing a little off the period still averages out. */
static float ringing_speed(const struct rep_detector *d, int i, float sign, float per)
{
    if (per <= 0) {
        float sum = 0;
        for (int j = i - PAUSE_SMOOTH_BINS; j <= i + PAUSE_SMOOTH_BINS; j++)
            sum += smooth_speed(d, j < 0 ? 0 : (j >= d->nbins ? d->nbins - 1 : j), sign);
        return sum / (float)(2 * PAUSE_SMOOTH_BINS + 1);
    }
    float h = 0.5f * per, sum = 0;
    for (int j = -RING_TAPS; j <= RING_TAPS; j++) {
        float x = (float)i + h * (float)j / (float)RING_TAPS;
        sum += pos_between(d, x + h) - pos_between(d, x - h);
    }
    return sign * sum / ((float)(2 * RING_TAPS + 1) * per * BIN_S);
}

/*
 * A pause between the peak at bin k and bin stop (either side, step dir): the nearest
 * stretch to the peak over which the smoothed speed holds within tol_frac of the peak
 * for PAUSE_MIN_BINS, under PAUSE_LEVEL of it. Returns the stretch's end nearest the
 * peak, or -1, and its mean speed in *level.
 */
static int find_pause(const struct rep_detector *d, int k, int stop, int dir, float sign,
                      float peak, float tol_frac, float *level)
{
    float tol = tol_frac * peak, top = PAUSE_LEVEL * peak;
    int r = -1;
    float ur = 0;
    for (int i = k; i != stop; i += dir) {
        float u = smooth_speed(d, i, sign);
        if (r < 0 || fabsf(u - ur) > tol) {
            r = u < top ? i : -1;
            ur = u;
            continue;
        }
        if (abs(i - r) >= PAUSE_MIN_BINS) {
            *level = sign * (d->pos[i] - d->pos[r]) / ((float)(i - r) * BIN_S);
            return r;
        }
    }
    return -1;
}

/*
 * Whip ringing across a phase's edge: the speed at bin i is under the threshold, swings
 * the other way past it and, within PHASE_DIP_BINS further out (step dir, not past stop),
 * is over it again. Noise about the threshold does not swing back that far.
 */
static bool ringing(const struct rep_detector *d, int i, int dir, int stop, float sign, float th)
{
    bool back = sign * d->vc[i] < -th;
    for (int j = i + dir, n = 1; j != stop + dir && n < PHASE_DIP_BINS; j += dir, n++) {
        back = back || sign * d->vc[j] < -th;
        if (sign * d->vc[j] > th)
            return back;
    }
    return false;
}

/*
 * Whip ringing riding on a lift already under way (a slow grind out of a touch-and-go
 * bottom under heavy plates): the speed at bin i dips under the threshold without swinging
 * back past zero, within PHASE_DIP_BINS before it (not before stop) it was over RING_RIDE
 * times the threshold, and averaged over the ringing it is over the threshold at i.
 */
static bool ringing_on_lift(const struct rep_detector *d, int i, int stop, float sign, float th,
                            float *per)
{
    bool swung = false;
    for (int j = i - 1, n = 1; j >= stop && n < PHASE_DIP_BINS && !swung; j--, n++)
        swung = sign * d->vc[j] > RING_RIDE * th;
    return swung && ringing_speed(d, i, sign, period_at(d, stop, per)) > th;
}

/* From bin i outward (step dir, not past stop), the last bin whose ringing speed is over th. */
static int ringing_walk(const struct rep_detector *d, int i, int dir, int stop, float sign,
                        float th, float per)
{
    while (i != stop && ringing_speed(d, i + dir, sign, per) > th)
        i += dir;
    return i;
}

/* When the ringing speed crosses th between bins i and i + 1. */
static int64_t ringing_crossing(const struct rep_detector *d, int i, float sign, float th,
                                float per)
{
    float a = ringing_speed(d, i, sign, per), b = ringing_speed(d, i + 1, sign, per);
    float f = a != b ? (th - a) / (b - a) : 0.5f;
    f = f < 0 ? 0 : (f > 1 ? 1 : f);
    return bin_time(d, i) + (int64_t)lrintf(f * (float)REP_BIN_US);
}

/*
 * How far before turning point c the bar stayed level with it (within STROKE_MIN_M / 2,
 * for at most LEVEL_REACH_BINS): the pause there. Drift can put a top's highest point
 * late, well into a lowering that crept off it.
 */
static int level_reach(const struct rep_detector *d, int c)
{
    int i = c;
    while (i > 0 && c - i < LEVEL_REACH_BINS &&
           fabsf(d->pos[i - 1] - d->pos[c]) < 0.5f * STROKE_MIN_M)
        i--;
    return i;
}

/* The signed speed around bin i: averaged over the whip's period per (bins) when known,
 * else over PAUSE_SMOOTH_BINS either side. */
static float settled_speed(const struct rep_detector *d, int i, float sign, float per)
{
    return per > 0 ? ringing_speed(d, i, sign, per) : smooth_speed(d, i, sign);
}

/* A touch-and-go top, too brief to hold a level for PAUSE_MIN_BINS: the flattest FLAT_BINS
 * of the speed in [lo, k), averaged over the whip's period per (the plates ring from the
 * lockout into the lowering), under PAUSE_LEVEL of the peak and changing by no more than
 * PAUSE_TOL of it, sought until the lowering is under way (over PAUSE_LEVEL). Returns its
 * end, or -1, and its mean speed, weighed by FLAT_LEVEL_WEIGHT against the levelled
 * record's zero, in *level. */
static int flattest(const struct rep_detector *d, int lo, int k, float sign, float peak, float per,
                    float *level)
{
    int best = -1;
    float best_d = 0;
    /* Each bin's speed worked out once: bin j's is speed[(j - lo) % (FLAT_BINS + 1)]. */
    float speed[FLAT_BINS + 1];
    for (int j = lo; j < lo + FLAT_BINS && j < k; j++)
        speed[(j - lo) % (FLAT_BINS + 1)] = settled_speed(d, j, sign, per);
    for (int i = lo; i + FLAT_BINS < k; i++) {
        float u = speed[(i - lo) % (FLAT_BINS + 1)];
        float w = speed[(i + FLAT_BINS - lo) % (FLAT_BINS + 1)] =
            settled_speed(d, i + FLAT_BINS, sign, per);
        if (u > PAUSE_LEVEL * peak) /* the lowering is under way: the top lies behind */
            break;
        if (w > PAUSE_LEVEL * peak)
            continue;
        float dd = fabsf(w - u);
        if (best < 0 || dd < best_d) {
            best = i;
            best_d = dd;
        }
    }
    if (best < 0 || best_d > PAUSE_TOL * peak)
        return -1;
    *level = FLAT_LEVEL_WEIGHT * sign * (d->pos[best + FLAT_BINS] - d->pos[best]) /
             ((float)FLAT_BINS * BIN_S);
    return best + FLAT_BINS;
}

/* Whether the signed speed went under floor (swung back: whip ringing) within
 * PHASE_DIP_BINS before bin s. */
static bool swung_before(const struct rep_detector *d, int s, float sign, float floor)
{
    for (int j = s - 1; j > 0 && s - j <= PHASE_DIP_BINS; j--)
        if (sign * d->vc[j] < floor)
            return true;
    return false;
}

/*
 * A phase inside stroke [from, to]: runs while sign * velocity > pct of the peak. The
 * peak it is found around is the speed's, averaged over a whip's period: a slow lowering
 * into a bottom the plates ring in peaks at the ringing otherwise (faster than the
 * lowering itself), and the phase found is a sliver of the ringing.
 */
static void find_phase(const struct rep_detector *d, int from, int to, float sign,
                       struct phase_span *ph)
{
    /* The fastest bin away from the stroke's ends, else the fastest of all. */
    int k = -1, k_any = from;
    float best = 0, best_any = smooth_speed(d, from, sign);
    float travel = sign * (d->pos[to] - d->pos[from]);
    for (int i = from; i <= to; i++) {
        float f = travel > 0 ? sign * (d->pos[i] - d->pos[from]) / travel : 0.5f;
        float u = smooth_speed(d, i, sign);
        if (u > best_any) {
            best_any = u;
            k_any = i;
        }
        if (f > PEAK_BAND && f < 1 - PEAK_BAND && (k < 0 || u > best)) {
            best = u;
            k = i;
        }
    }
    if (k < 0)
        k = k_any;
    float th = sign * d->vc[k] * (float)d->rules.phase_threshold_pct / 100.0f;
    int s = k, e = k, lo = sign < 0 ? level_reach(d, from) : from;
    while (s > lo && sign * d->vc[s - 1] > th)
        s--;
    while (e < to && sign * d->vc[e + 1] > th)
        e++;
    /* Whip ringing through a slow phase (heavy plates after a touch-and-go) takes the
     * speed under the threshold for a moment, and the run around a whip's peak is a
     * sliver of the stroke: it is taken on across short dips. */
    bool bridge = fabsf(d->pos[e] - d->pos[s]) < PHASE_SPAN_MIN * fabsf(d->pos[to] - d->pos[from]);
    while (bridge) {
        int j = e + 1;
        while (j < to && j - e <= PHASE_DIP_BINS && sign * d->vc[j] <= th)
            j++;
        if (j > to || j - e > PHASE_DIP_BINS || sign * d->vc[j] <= th)
            break;
        e = j;
        while (e < to && sign * d->vc[e + 1] > th)
            e++;
    }
    while (bridge) {
        int j = s - 1;
        while (j > from && s - j <= PHASE_DIP_BINS && sign * d->vc[j] <= th)
            j--;
        if (j < from || s - j > PHASE_DIP_BINS || sign * d->vc[j] <= th)
            break;
        s = j;
        while (s > from && sign * d->vc[s - 1] > th)
            s--;
    }
    float peak = sign * d->vc[k], level, th_s = th, th_e = th;
    ph->off_start_mps = ph->off_end_mps = 0;
    bool lifting = sign > 0;
    /* A lowering starts from a standstill: its start is where the speed passes the
     * threshold over what the rest just before left of the drift. */
    float c;
    int r = lifting ? -1 : rest_before(d, s, k, sign, th, &c);
    if (r >= 0) {
        th_s = th + sign * c;
        s = k;
        while (s > r && sign * d->vc[s - 1] > th_s)
            s--;
    }
    /* No rest just before (a top pause too short or too swaying to be one): the speed
     * holding level over the pause is what the drift left there; at a touch-and-go top,
     * over its flattest stretch. */
    float per = -1; /* the whip's period, sought only where the bar rings */
    int p = !lifting && r < 0
                ? find_pause(d, k, lo > 0 ? lo - 1 : 0, -1, sign, peak, PAUSE_TOP_TOL, &level)
                : -1;
    if (!lifting && r < 0 && p < 0)
        p = flattest(d, lo, k, sign, peak, period_at(d, lo, &per), &level);
    bool ring = false;
    if (p >= 0) {
        th_s = level + (peak - level) * (float)d->rules.phase_threshold_pct / 100.0f;
        s = p + 1;
        while (s < k && sign * d->vc[s] <= th_s)
            s++;
        /* The plates still ringing from the lockout swing the speed past the threshold and
         * back: the lowering starts where the speed averaged over the ringing passes it.
         * Swung back half as far below the level as the threshold lies above it is ringing
         * enough: a lull of it carried the speed past the threshold a moment early. */
        ring = swung_before(d, s, sign, level - RING_SWING_FRAC * (th_s - level));
        if (ring) {
            float ring_per = period_at(d, lo, &per);
            s = p + 1;
            while (s < k && ringing_speed(d, s, sign, ring_per) <= th_s)
                s++;
        }
    }
    /* A lift out of a bottom the bar still rings in (heavy plates after the reversal):
     * its start is sought on the speed averaged over the ringing. */
    if (lifting && s > from &&
        (ringing(d, s - 1, -1, from, sign, th) ||
         ringing_on_lift(d, s - 1, from, sign, th, &per))) {
        ring = true;
        s = ringing_walk(d, s, -1, from, sign, th, period_at(d, from, &per));
    }
    /* A pause inside a concentric's run: it starts (ends) where the speed leaves its level. */
    p = lifting ? find_pause(d, k, s - 1, -1, sign, peak, PAUSE_TOL, &level) : -1;
    if (p >= 0) {
        th_s = level + (peak - level) * (float)d->rules.phase_threshold_pct / 100.0f;
        s = p + 1;
        while (s < k && (ring ? ringing_speed(d, s, sign, per) : sign * d->vc[s]) <= th_s)
            s++;
        ph->off_start_mps = level;
    }
    p = lifting ? find_pause(d, k, e + 1, 1, sign, peak, PAUSE_TOL, &level) : -1;
    if (p >= 0) {
        th_e = level + (peak - level) * (float)d->rules.phase_threshold_pct / 100.0f;
        e = p - 1;
        while (e > k && sign * d->vc[e] <= th_e)
            e--;
        ph->off_end_mps = level;
    }
    /* The peak speed reported is the fastest within the phase. */
    ph->peak = k;
    for (int i = s; i <= e; i++)
        if (sign * d->vc[i] > sign * d->vc[ph->peak])
            ph->peak = i;
    ph->peak_mps = sign * d->vc[ph->peak];
    if (s == 0)
        ph->start_us = bin_time(d, s);
    else
        ph->start_us =
            ring ? ringing_crossing(d, s - 1, sign, th_s, per) : crossing_us(d, s - 1, sign, th_s);
    ph->end_us = e + 1 < d->nbins ? crossing_us(d, e, sign, th_e) : bin_time(d, e);
}

/* The bar's travel over a phase, signed, less the offset of the pauses found around it
 * (taken as changing steadily across the phase). */
static float phase_travel(const struct rep_detector *d, const struct phase_span *ph,
                          int64_t from_us, int64_t to_us, float sign)
{
    float dur_s = (float)(to_us - from_us) / US_PER_S;
    float off = 0.5f * (ph->off_start_mps + ph->off_end_mps);
    return pos_at_us(d, to_us) - pos_at_us(d, from_us) - sign * off * dur_s;
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

static int bin_at(const struct rep_detector *d, int64_t t_us)
{
    int64_t i = (t_us - d->bin0_us) / REP_BIN_US;
    if (i < 0)
        return 0;
    if (i >= d->nbins)
        return d->nbins - 1;
    return (int)i;
}

static void fill_trace(const struct rep_detector *d, int64_t from_us, int64_t to_us,
                       struct rep_result *r)
{
    for (int k = 0; k < REP_TRACE_POINTS; k++) {
        int64_t tk = from_us + (to_us - from_us) * k / (REP_TRACE_POINTS - 1);
        r->trace_mmps[k] = to_mmps(d->vc[bin_at(d, tk)]);
    }
}

/* Mean velocity from the concentric's start to where the bar first decelerates faster
 * than gravity after its peak speed (the end of the propulsive phase). */
static float mean_propulsive(const struct rep_detector *d, const struct phase_span *con)
{
    int end = bin_at(d, con->end_us);
    int64_t prop_end_us = con->end_us;
    for (int i = con->peak; i + PROP_HALF_BINS < end; i++) {
        if (i < PROP_HALF_BINS)
            continue;
        float acc =
            (d->vc[i + PROP_HALF_BINS] - d->vc[i - PROP_HALF_BINS]) / (2 * PROP_HALF_BINS * BIN_S);
        if (acc < -G_MPS2) {
            prop_end_us = bin_time(d, i);
            break;
        }
    }
    float dur_s = (float)(prop_end_us - con->start_us) / US_PER_S;
    if (dur_s <= 0)
        return 0;
    return phase_travel(d, con, con->start_us, prop_end_us, 1.0f) / dur_s;
}

/*
 * Range of motion from the two strokes' displacements, each over its phase. A velocity
 * offset left after drift removal (the drift line is straight, the drift need not be)
 * lengthens one stroke and shortens the other by itself times the stroke's duration, and
 * widens a lowest-to-highest span either way; the bar ends a rep about where it started
 * (within the lockout's few mm), so each stroke weighted by the other's duration cancels
 * a steady offset: a slow 5 s lowering leaves its error out, the short concentric
 * carries the figure. span_m, the lowest-to-highest span, stands in where a stroke says
 * nothing (no duration, or the bar did not go the way the phase says). The strokes are
 * taken as they are even where a concentric's pause gave its offset (phase_travel): the
 * lowering carries that offset too, and the weighting cancels it in both.
 */
static float stroke_rom(const struct rep_detector *d, const struct phase_span *ecc,
                        const struct phase_span *con, float span_m)
{
    float te = (float)(ecc->end_us - ecc->start_us), tc = (float)(con->end_us - con->start_us);
    float down = pos_at_us(d, ecc->start_us) - pos_at_us(d, ecc->end_us);
    float up = pos_at_us(d, con->end_us) - pos_at_us(d, con->start_us);
    if (te <= 0 || tc <= 0 || down <= 0 || up <= 0)
        return span_m;
    return (tc * down + te * up) / (te + tc);
}

/* Upward acceleration at the bottom turning point, % of g. */
static int32_t bounce_pct(const struct rep_detector *d, int bottom)
{
    int half = REP_BOUNCE_WINDOW_MS * 1000 / REP_BIN_US / 2;
    int lo = bottom - half, hi = bottom + half;
    if (lo < 0)
        lo = 0;
    if (hi > d->nbins - 1)
        hi = d->nbins - 1;
    if (hi <= lo)
        return 0;
    float acc = (d->vc[hi] - d->vc[lo]) / ((float)(hi - lo) * BIN_S);
    return (int32_t)lrintf(acc / G_MPS2 * 100.0f);
}

/* Tilt, swing and rotation over bins [from, to]. */
static void rep_extras(const struct rep_detector *d, int from, int to, struct rep_result *r)
{
    int tilt_e4 = 0, horiz = 0, gyro = 0;
    for (int i = from; i <= to; i++) {
        int t = d->bins[i].tilt_e4 - (int)lrintf(d->tilt_ref * 1e4f);
        if (abs(t) > abs(tilt_e4))
            tilt_e4 = t;
        if (d->bins[i].horiz_mg > horiz)
            horiz = d->bins[i].horiz_mg;
        if (d->bins[i].gyro_dps > gyro)
            gyro = d->bins[i].gyro_dps;
    }
    float s = (float)tilt_e4 * 1e-4f;
    if (s > 1)
        s = 1;
    if (s < -1)
        s = -1;
    r->tilt_cdeg = (int32_t)lrintf(asinf(s) * RAD_TO_DEG * 100.0f);
    r->peak_horiz_mg = horiz;
    r->peak_gyro_dps = gyro;
}

/*
 * Measures the rep made of strokes [a, b] and [b, c]: for eccentric-first lifts a is
 * the top, b the bottom and c the top again; for concentric-first ones the other way up.
 */
static void measure(struct rep_detector *d, int a, int b, int c, int64_t next_us,
                    struct rep_result *r)
{
    bool ecc_first = d->start == REP_START_ECCENTRIC;
    struct phase_span ecc, con;
    if (ecc_first) {
        find_phase(d, a, b, -1.0f, &ecc);
        find_phase(d, b, c, 1.0f, &con);
    } else {
        find_phase(d, a, b, 1.0f, &con);
        find_phase(d, b, c, -1.0f, &ecc);
    }
    /* A phase's start is sought back across the turning point it leaves (drift can put
     * that late), so it may reach into the rep before; the reps do not overlap, and the
     * pause after this one is never negative. */
    struct phase_span *first = ecc_first ? &ecc : &con, *last = ecc_first ? &con : &ecc;
    if (first->start_us < d->last_end_us)
        first->start_us = d->last_end_us < first->end_us ? d->last_end_us : first->end_us;
    if (next_us < last->end_us)
        next_us = last->end_us;
    memset(r, 0, sizeof *r);
    r->ecc_start_us = ecc.start_us;
    r->ecc_end_us = ecc.end_us;
    r->con_start_us = con.start_us;
    r->con_end_us = con.end_us;
    r->ecc_ms = ms_between(ecc.start_us, ecc.end_us);
    r->conc_ms = ms_between(con.start_us, con.end_us);
    if (ecc_first) {
        r->t_start_us = ecc.start_us;
        r->t_end_us = con.end_us;
        r->bottom_ms = ms_between(ecc.end_us, con.start_us);
        r->top_ms = ms_between(con.end_us, next_us);
    } else {
        r->t_start_us = con.start_us;
        r->t_end_us = ecc.end_us;
        r->top_ms = ms_between(con.end_us, ecc.start_us);
        r->bottom_ms = ms_between(ecc.end_us, next_us);
    }
    int from = bin_at(d, r->t_start_us), to = bin_at(d, r->t_end_us);
    float lo = d->pos[from], hi = d->pos[from];
    for (int i = from; i <= to; i++) {
        if (d->pos[i] < lo)
            lo = d->pos[i];
        if (d->pos[i] > hi)
            hi = d->pos[i];
    }
    r->rom_mm = (int32_t)lrintf(stroke_rom(d, &ecc, &con, hi - lo) * 1000.0f);
    float conc_s = (float)(con.end_us - con.start_us) / US_PER_S;
    if (conc_s > 0)
        r->mean_conc_mmps = (int32_t)lrintf(phase_travel(d, &con, con.start_us, con.end_us, 1.0f) /
                                            conc_s * 1000.0f);
    r->peak_conc_mmps = (int32_t)lrintf(con.peak_mps * 1000.0f);
    r->mean_prop_mmps = (int32_t)lrintf(mean_propulsive(d, &con) * 1000.0f);
    r->momentum_pct = bounce_pct(d, ecc_first ? b : a);
    rep_extras(d, from, to, r);
    r->rushed = (int64_t)r->ecc_ms * 100 < (int64_t)d->rules.rushed_pct * d->rules.tempo_ms[0];
    r->momentum = r->momentum_pct > d->rules.momentum_bounce_pct ||
                  r->peak_horiz_mg > d->rules.momentum_horiz_mg ||
                  r->peak_gyro_dps > d->rules.momentum_gyro_dps;
    fill_trace(d, r->t_start_us, r->t_end_us, r);
    r->index = ++d->reps_done;
    d->last_end_us = r->t_end_us;
}

/*
 * A lowering's stroke from the top at bin a to the bottom at b that holds a rest of
 * STROKE_REST_BINS or more, over STROKE_MIN_M under the top and a rep's stroke over the
 * bottom: the bar stood still there, so the lowering started after it,
 * and what came before it was none (a walk-out that the drift left sloping down). Returns
 * the last bin of the last such rest, or a.
 */
static int rest_in_stroke(const struct rep_detector *d, int a, int b, float min_rom_m)
{
    int run = 0;
    for (int i = b - 1; i > a; i--) {
        run = d->bins[i].rest ? run + 1 : 0;
        int end = i + run - 1;
        if (run >= STROKE_REST_BINS && d->pos[end] - d->pos[b] >= min_rom_m &&
            d->pos[a] - d->pos[end] >= STROKE_MIN_M)
            return end;
    }
    return a;
}

/*
 * The record read for reps: the velocity with the drift removed, its turning points, and
 * the same again once touch-and-go reps are levelled. Returns how many turning points.
 */
static int read_record(struct rep_detector *d, struct extremum *ext, bool ends_at_rest)
{
    integrate_positions(d);
    int n = find_extrema(d, ext, ends_at_rest);
    float min_rom_m = (float)d->rules.rep_min_rom_mm / 1000.0f;
    if (level_reps(d, ext, n, d->start == REP_START_ECCENTRIC, min_rom_m))
        n = find_extrema(d, ext, ends_at_rest);
    return n;
}

/* Whether a rep starts at turning point j: at the start's level (the top for
 * eccentric-first lifts, the floor for the others), with a rep's stroke each way. */
static bool rep_at(const struct rep_detector *d, const struct extremum *ext, int j)
{
    float min_rom_m = (float)d->rules.rep_min_rom_mm / 1000.0f;
    if (ext[j].high != (d->start == REP_START_ECCENTRIC))
        return false;
    float a = d->pos[ext[j].bin], b = d->pos[ext[j + 1].bin], c = d->pos[ext[j + 2].bin];
    return fabsf(a - b) >= min_rom_m && fabsf(c - b) >= min_rom_m;
}

/* How many whole reps the record holds, read as find_reps reads it. */
static int count_reps(struct rep_detector *d)
{
    struct extremum ext[EXTREMA_MAX];
    int n = read_record(d, ext, true), reps = 0;
    for (int j = 0; j + 2 < n; j++)
        if (rep_at(d, ext, j)) {
            reps++;
            j += 1;
        }
    return reps;
}

/*
 * The per-rep pass: the whole record is corrected (the bar is at rest, or the stream
 * ended). Finds complete reps, queues their results, and drops what no rep needs.
 */
static void find_reps(struct rep_detector *d, int64_t now_us, bool ends_at_rest)
{
    if (d->nbins < 3)
        return;
    if (d->nbins > d->pass_bins_max)
        d->pass_bins_max = d->nbins;
    struct extremum ext[EXTREMA_MAX];
    int n = read_record(d, ext, ends_at_rest);
    bool first_high = d->start == REP_START_ECCENTRIC;
    float min_rom_m = (float)d->rules.rep_min_rom_mm / 1000.0f;
    int keep = -1;
    struct rep_result r;
    for (int j = 0; j + 2 < n; j++) {
        if (!rep_at(d, ext, j))
            continue;
        int a = ext[j].bin, b = ext[j + 1].bin, c = ext[j + 2].bin;
        if (first_high)
            a = rest_in_stroke(d, a, b, min_rom_m);
        if (d->q_len == REP_QUEUE)
            break;
        /* The pause after a rep (at the top for eccentric-first lifts, on the floor for
         * concentric-first ones) lasts until the next rep starts, or as far as seen. */
        int64_t next_us = now_us;
        for (int k = j + 3; k < n; k++)
            if (ext[k].high != first_high) {
                struct phase_span nx;
                find_phase(d, c, ext[k].bin, first_high ? -1.0f : 1.0f, &nx);
                next_us = nx.start_us;
                break;
            }
        measure(d, a, b, c, next_us, &r);
        queue_result(d, &r);
        keep = c;
        j += 1; /* c may start the next rep */
    }
    if (keep < 0) {
        /* Keep from the last turning point a rep could start at, else only the lookback. */
        for (int j = n - 1; j >= 0 && keep < 0; j--)
            if (ext[j].high == first_high)
                keep = ext[j].bin;
        if (keep < 0)
            keep = d->nbins - (int)(LOOKBACK_US / REP_BIN_US);
        else if (first_high)
            keep = level_reach(d, keep);
    } else if (first_high) {
        keep = level_reach(d, keep);
    }
    drop_bins(d, keep);
}

/*
 * The rest anchored before the newest, read again with hindsight. A slow phase can pass
 * for a rest: its speed read near zero (the velocity had drifted by as much), or it was
 * quiet long enough to force one. Anchored there, the drift line takes the phase's speed
 * for drift: the lowering it stood in flattens out, and its rep is lost. If the record,
 * read with that anchor left out (the drift line straight from the one before it to the
 * new one), holds more whole reps than read with it, the bar was moving through it, and
 * it goes. Only an anchor whose drift lies DROP_OFF_LINE_MPS or more off that line is
 * tried: one taken on a moving bar holds the phase's speed there, and the two reads of
 * the record it costs are spared at most rests. The new anchor's drift shape
 * was learned over the span from the one that goes: the line stands in for it. What the
 * dropped anchor taught 1 g and the bias stays; the rests after it correct that.
 */
static void drop_false_rest(struct rep_detector *d)
{
    int n = d->n_anchors;
    if (n < 3)
        return;
    const struct rep_anchor *l = &d->anchors[n - 3], *m = &d->anchors[n - 2],
                            *r = &d->anchors[n - 1];
    float line =
        l->v_mps + (r->v_mps - l->v_mps) * (float)(m->t_us - l->t_us) / (float)(r->t_us - l->t_us);
    if (fabsf(m->v_mps - line) < DROP_OFF_LINE_MPS)
        return;
    int with = count_reps(d);
    struct rep_anchor gone = *m, last = *r;
    d->anchors[n - 2] = last;
    d->anchors[n - 2].shaped = false;
    d->n_anchors = n - 1;
    if (count_reps(d) > with)
        return;
    d->anchors[n - 2] = gone;
    d->anchors[n - 1] = last;
    d->n_anchors = n;
}

/* ---- per sample ---- */

/*
 * The bar rested over bins [from, to]: its true velocity there was zero, so the mean
 * integrated velocity is the drift at that time. It anchors the drift line, feeds the
 * 1 g reference (the drift's slope since the last anchor is its error), zeroes the live
 * velocity, and the record is searched for reps.
 */
static void add_anchor(struct rep_detector *d, int from, int to, int64_t t_us)
{
    if (from < 0 || to >= d->nbins || to < from)
        return;
    float sum = 0;
    for (int i = from; i <= to; i++)
        sum += d->bins[i].vel_mps;
    struct rep_anchor an = {
        (bin_time(d, from) + bin_time(d, to)) / 2, sum / (float)(to - from + 1), false, 0, {0}};
    if (d->n_anchors > 0) {
        const struct rep_anchor *last = &d->anchors[d->n_anchors - 1];
        int64_t span_us = an.t_us - last->t_us;
        if (span_us <= 0)
            return;
        if (span_us >= ZUPT_MIN_US) {
            bias_learn(d, an.v_mps - last->v_mps, (float)span_us / US_PER_S, &an);
            d->g_zupt = true;
        }
    }
    if (d->n_anchors == REP_ANCHORS_MAX) {
        memmove(d->anchors, d->anchors + 1, sizeof d->anchors[0] * (REP_ANCHORS_MAX - 1));
        d->n_anchors--;
    }
    d->anchors[d->n_anchors++] = an;
    bias_span_start(d);
    /* The live velocity restarts from the anchor's drift. */
    float v_int = d->vel_mps + d->v_off_mps;
    d->v_off_mps = an.v_mps;
    d->vel_mps = v_int - d->v_off_mps;
    d->prev_vel_mps = d->vel_mps;
    if (d->moved) {
        drop_false_rest(d);
        find_reps(d, t_us, true);
    }
    d->moved = false;
}

/* Writes the bins whose end time has passed, interpolating the velocity. */
static void write_bins(struct rep_detector *d, int64_t t_us)
{
    while (d->next_bin_us <= t_us) {
        if (d->nbins == REP_BINS_MAX) {
            /* A movement this long without a rest (touch-and-go reps, one after another):
             * the reps complete in it are handed out and what they need no more is
             * dropped; failing that, its end is kept. The drift now is what the live
             * velocity is offset by (zeroed at each stop too short to be a rest): it
             * ends the drift line for this search only. */
            bool end = d->n_anchors < REP_ANCHORS_MAX &&
                       (d->n_anchors == 0 || d->anchors[d->n_anchors - 1].t_us < d->next_bin_us);
            if (end)
                d->anchors[d->n_anchors++] =
                    (struct rep_anchor){d->next_bin_us, d->v_off_mps, false, 0, {0}};
            find_reps(d, d->next_bin_us, false);
            if (end)
                d->n_anchors--;
            if (d->nbins > REP_BINS_MAX * 3 / 4)
                drop_bins(d, d->nbins - REP_BINS_MAX / 2);
        }
        float f = (float)(d->next_bin_us - d->prev_t_us) / (float)(t_us - d->prev_t_us);
        struct rep_bin *b = &d->bins[d->nbins++];
        b->vel_mps = d->prev_vel_mps + (d->vel_mps - d->prev_vel_mps) * f + d->v_off_mps;
        b->tilt_e4 = (int16_t)(d->up[0] * 1e4f); /* up is a unit vector: within 1e4 */
        float h = sqrtf(d->bin_horiz2) * 1000.0f, w = sqrtf(d->bin_gyro2);
        b->horiz_mg = (uint16_t)(h > 65535.0f ? 65535.0f : h);
        b->gyro_dps = (uint16_t)(w > 65535.0f ? 65535.0f : w);
        b->rest = d->rest ? REP_BIN_REST : REP_BIN_MOVING;
        b->span = d->bias.span;
        memcpy(b->span_r, d->bias.span_r, sizeof b->span_r);
        d->bin_horiz2 = d->bin_gyro2 = 0;
        d->next_bin_us += REP_BIN_US;
    }
    d->prev_t_us = t_us;
    d->prev_vel_mps = d->vel_mps;
}

static void set_phase(struct rep_detector *d, enum rep_phase p, int64_t t_us)
{
    if (p != d->phase) {
        d->phase = p;
        d->phase_start_us = t_us;
        d->pos_m = 0;
    }
}

/*
 * The live phase, provisional: follows the live velocity with some hysteresis. Leaving
 * the start position takes some travel as well (walking the bar out is not a rep);
 * turning at the bottom or the top does not.
 */
static void live_phase(struct rep_detector *d, int64_t t_us)
{
    float v = d->vel_mps;
    switch (d->phase) {
    case REP_PHASE_TOP:
        if (v < -PHASE_VEL_MPS && d->pos_m < -PHASE_POS_M)
            set_phase(d, REP_PHASE_ECCENTRIC, t_us);
        break;
    case REP_PHASE_ECCENTRIC:
        if (v > PHASE_VEL_END_MPS)
            set_phase(d, REP_PHASE_CONCENTRIC, t_us);
        else if (v > -PHASE_VEL_END_MPS)
            set_phase(d, REP_PHASE_BOTTOM, t_us);
        break;
    case REP_PHASE_BOTTOM:
        if (v > PHASE_VEL_END_MPS && (d->start == REP_START_ECCENTRIC || d->pos_m > PHASE_POS_M))
            set_phase(d, REP_PHASE_CONCENTRIC, t_us);
        else if (v < -PHASE_VEL_MPS && d->pos_m < -PHASE_POS_M)
            set_phase(d, REP_PHASE_ECCENTRIC, t_us);
        break;
    case REP_PHASE_CONCENTRIC:
        /* A twitch out of the bottom (whip, a wobble) that does not rise is still the
         * bottom pause. */
        if (v < PHASE_VEL_END_MPS && d->pos_m < PHASE_POS_M)
            set_phase(d, REP_PHASE_BOTTOM, t_us);
        else if (v < -PHASE_VEL_END_MPS && d->start == REP_START_CONCENTRIC)
            set_phase(d, REP_PHASE_ECCENTRIC, t_us);
        else if (v < PHASE_VEL_END_MPS)
            set_phase(d, REP_PHASE_TOP, t_us);
        break;
    }
}

static void first_sample(struct rep_detector *d, const struct imu_sample *s)
{
    const float *a = s->accel_g;
    float mag = sqrtf(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    if (!(mag > 0.1f)) { /* no gravity in it (or NaN): assume the unit sits as mounted */
        d->up[2] = 1;
        mag = 1;
    } else {
        for (int k = 0; k < 3; k++)
            d->up[k] = a[k] / mag;
    }
    d->g_ref = mag;
    d->g_zupt = false;
    memcpy(d->ref_up, d->up, sizeof d->ref_up);
    memcpy(d->bias.up, d->up, sizeof d->bias.up);
    bias_span_start(d);
    bias_g_eff(d);
    d->started = true;
    d->last_t_us = d->phase_start_us = d->quiet_since_us = s->t_us;
    clear_record(d, s->t_us);
}

/* A long gap: what was integrated is lost; start again from here. */
static void lose_track(struct rep_detector *d, int64_t t_us)
{
    d->vel_mps = 0;
    d->v_off_mps = 0;
    d->off_since_us = t_us;
    d->rest = false;
    d->quiet = false;
    d->e_var_g2 = 1; /* not quiet until a window of samples says so */
    set_phase(d, idle_phase(d), t_us);
    clear_record(d, t_us);
}

/* The references a rest teaches: 1 g along the vertical and the gyro's bias. */
static void refs_get(const struct rep_detector *d, float r[4])
{
    r[0] = d->g_ref;
    for (int k = 0; k < 3; k++)
        r[1 + k] = 0;
}

static void refs_set(struct rep_detector *d, const float r[4])
{
    d->g_ref = r[0];
}

/* A new rest: what it teaches starts from what is known. */
static void refs_start(struct rep_detector *d, const float g_dps[3], int64_t t_us)
{
    refs_get(d, d->learn);
    for (int k = 0; k < REFS_LAG_STEPS; k++)
        memcpy(d->learn_hist[k], d->learn, sizeof d->learn);
    for (int k = 0; k < 3; k++)
        d->w_lp_dps[k] = g_dps[k];
    d->w_var = STILL_GYRO_VAR * 1.5f; /* not still until a window says so */
    d->learn_step_us = t_us + REFS_STEP_US;
}

/*
 * At rest: pull the vertical toward gravity. Where the bar lies still (racked, on the
 * floor: no sway in the gyro), learn 1 g and the gyro's bias -- taken up only once
 * REFS_LAG_STEPS * REFS_STEP_US old, so they never include the slow start of a
 * movement (which stays quiet for a while). A held bar sways and rolls in the hands:
 * its mean teaches nothing reliable.
 */
static void learn_at_rest(struct rep_detector *d, const float a[3], const float g[3], float along,
                          float dt_s, int64_t t_us)
{
    float ku = dt_s * (1.0f / REST_UP_TAU_S), inv = 1.0f / d->g_ref;
    float kw = dt_s * (1.0f / STILL_TAU_S), w_dev2 = 0;
    for (int k = 0; k < 3; k++) {
        d->up[k] += (a[k] * inv - d->up[k]) * ku;
        d->w_lp_dps[k] += (g[k] - d->w_lp_dps[k]) * kw;
        float dev = g[k] - d->w_lp_dps[k];
        w_dev2 += dev * dev;
    }
    d->w_var += (w_dev2 - d->w_var) * kw;
    /* Not from a rest's first stretch: a slow lowering creeps for a second before it
     * stops, and its small deceleration would be learned as gravity. */
    if (d->w_var < STILL_GYRO_VAR &&
        (!d->refs_known || t_us - d->rest_since_us > REST_FINAL_US - REST_WINDOW_US)) {
        float kl = dt_s * (1.0f / STILL_LEARN_TAU_S);
        d->learned_s += dt_s;
        d->learn[0] += (along - d->learn[0]) * kl;
        if (d->turn_tried) /* a turn before is learned first */
            memcpy(d->ref_up, d->up, sizeof d->ref_up);
    }
    if (t_us >= d->learn_step_us) {
        bias_rebase(d); /* what is learned here holds here */
        /* Once known, they only drift slowly: a bar that turns smoothly while held
         * (quiet, no sway) moves them by no more than that. */
        /* The first time (the bar racked before the set) they are needed at once. */
        float now[4], *next = d->learn_hist[d->refs_known ? REFS_LAG_STEPS - 1 : 0];
        refs_get(d, now);
        for (int k = 0; d->refs_known && k < 4; k++) {
            float lim = k == 0 ? REFS_G_STEP_MAX : REFS_BIAS_STEP_MAX_DPS;
            float dv = next[k] - now[k];
            next[k] = now[k] + (dv > lim ? lim : dv < -lim ? -lim : dv);
        }
        refs_set(d, next);
        d->refs_known = d->refs_known || d->learned_s >= REFS_KNOWN_S;
        memmove(d->learn_hist[1], d->learn_hist[0], sizeof d->learn_hist[0] * (REFS_LAG_STEPS - 1));
        memcpy(d->learn_hist[0], d->learn, sizeof d->learn);
        d->learn_step_us = t_us + REFS_STEP_US;
    }
    if (!d->tilt_ref_set) {
        d->tilt_ref = d->up[0];
        d->tilt_ref_set = t_us - d->rest_since_us > REST_SETTLE_US;
    }
}

/* Bin index of time t_us, clamped to the record. */
static int bin_of(const struct rep_detector *d, int64_t t_us)
{
    int64_t i = (t_us - d->bin0_us) / REP_BIN_US;
    return i < 0 ? 0 : i >= d->nbins ? d->nbins - 1 : (int)i;
}

/* Mean integrated velocity over [from_us, to_us]: the drift, if the bar rested. */
static float mean_vel(const struct rep_detector *d, int64_t from_us, int64_t to_us)
{
    int a = bin_of(d, from_us), b = bin_of(d, to_us);
    float sum = 0;
    for (int i = a; i <= b; i++)
        sum += d->bins[i].vel_mps;
    return b >= a ? sum / (float)(b - a + 1) : d->vel_mps + d->v_off_mps;
}

/* The slope of the integrated velocity over bins [from, to], by least squares. */
static bool fit_slope(const struct rep_detector *d, int from, int to, float *slope_mps2)
{
    int n = to - from + 1;
    float sx = 0, sy = 0, sxy = 0, sxx = 0;
    for (int i = 0; i < n; i++) {
        float x = (float)i, y = d->bins[from + i].vel_mps;
        sx += x;
        sy += y;
        sxy += x * y;
        sxx += x * x;
    }
    float den = (float)n * sxx - sx * sx;
    if (n < 2 || den <= 0)
        return false;
    *slope_mps2 = ((float)n * sxy - sx * sy) / den / BIN_S;
    return true;
}

/*
 * Over a rest the integrated velocity should stay flat: its slope is the error left in
 * the 1 g reference where the bar is held now (the unit's accel bias projects on the
 * vertical differently as the bar rolls in the hands). A held bar sways, so the slope
 * of a short rest is itself uncertain by a mg or two: take part of it.
 *
 * But not at the stream's first rest when 1 g is still the first sample's (the bar
 * unracked a second after the unit started, before the mean over the rest was learned):
 * on a noisy unit that sample is 10 mg off or more, a velocity drifting at 0.1 m/s a
 * second is never near zero again, no rest is taken to correct it and the whole set is
 * lost. There the slope is the only measure of 1 g there is: it is taken in full (if the
 * mean's first steps moved 1 g during the rest, the slope is bent and part of it is taken).
 */
static void learn_from_slope(struct rep_detector *d, int from, int to)
{
    float slope_mps2;
    if ((to - from + 1) * REP_BIN_US < SLOPE_MIN_US || !fit_slope(d, from, to, &slope_mps2))
        return;
    if (!d->rested && !d->refs_known && d->g_ref == d->rest_g_ref) {
        d->g_ref += slope_mps2 / G_MPS2;
        d->learn[0] = d->g_ref;
        for (int k = 0; k < REFS_LAG_STEPS; k++)
            d->learn_hist[k][0] = d->g_ref;
        return;
    }
    float fix = SLOPE_GAIN * slope_mps2 / G_MPS2;
    d->g_ref += fix > SLOPE_MAX_G ? SLOPE_MAX_G : fix < -SLOPE_MAX_G ? -SLOPE_MAX_G : fix;
}

/*
 * A rest ends (or has lasted REST_FINAL_US): the last REST_WINDOW_US of it, before the
 * bar starts to move again, is where it rested surely (a slow lowering creeps for a
 * second before it stops, quietly). That anchors the drift.
 */
static void finish_rest(struct rep_detector *d, int64_t end_us, int64_t t_us)
{
    d->rest_final = true;
    learn_from_slope(d, bin_of(d, d->rest_since_us + REST_SKIP_US), bin_of(d, end_us));
    d->rested = true;
    int64_t from = end_us - REST_WINDOW_US;
    if (from < d->rest_since_us + REST_SKIP_US)
        from = d->rest_since_us + REST_SKIP_US;
    if (from > end_us)
        from = end_us;
    add_anchor(d, bin_of(d, from), bin_of(d, end_us), t_us);
}

/*
 * Early in a rest: if the rest so far closes a rep (the bar stopped sharply at the top
 * after a concentric), the rep is handed out now rather than a second later. If it
 * closes none (a bottom pause, a slow lowering still creeping), nothing is kept and
 * the rest is anchored later, on its quieter end.
 */
static void try_early(struct rep_detector *d, int64_t t_us)
{
    int n_anchors = d->n_anchors, q_len = d->q_len, reps = d->reps_done;
    float g_ref = d->g_ref, v_off = d->v_off_mps, vel = d->vel_mps;
    bool g_zupt = d->g_zupt;
    struct rep_bias bias = d->bias;
    struct rep_anchor last = n_anchors > 0 ? d->anchors[n_anchors - 1] : (struct rep_anchor){0};
    add_anchor(d, bin_of(d, d->rest_since_us + REST_SKIP_US), d->nbins - 1, t_us);
    if (d->q_len > q_len) {
        d->rest_final = true;
        return;
    }
    /* Nothing closed: undo (the record's early bins may have been dropped, harmlessly). */
    d->reps_done = reps;
    d->g_ref = g_ref;
    d->g_zupt = g_zupt;
    d->bias = bias;
    d->v_off_mps = v_off;
    d->vel_mps = d->prev_vel_mps = vel;
    if (d->n_anchors > 0 && (n_anchors == 0 || d->anchors[d->n_anchors - 1].t_us != last.t_us))
        d->n_anchors--;
    d->moved = true;
}

/* The bar rests afresh or turns: what it lies still at is to be tried for 1 g. */
static void turn_restart(struct rep_detector *d)
{
    d->turn_tried = false;
    d->turn_n = 0;
    d->turn_w2 = 0;
    for (int i = 0; i < 3; i++)
        d->turn_w_dps[i] = 0;
}

/* Since when the bar has been resting without turning. */
static int64_t turn_start_us(const struct rep_detector *d)
{
    return d->turn_us > d->rest_since_us ? d->turn_us : d->rest_since_us;
}

/*
 * At rest, up to end_us: if the bar has turned since 1 g was learned and has lain still
 * since it stopped turning, 1 g is learned afresh there (see TURN_DEG) and the rest
 * anchors the drift on that stretch.
 */
static void learn_after_turn(struct rep_detector *d, int64_t end_us, int64_t t_us)
{
    d->turn_tried = true;
    /* The stretch the rotation was watched over (a hold is seen late: not before). */
    int64_t from_us = d->turn_from_us;
    const float *u = d->up, *r = d->ref_up;
    if (d->turn_n == 0 || end_us - from_us < TURN_MIN_US ||
        u[0] * r[0] + u[1] * r[1] + u[2] * r[2] > cosf(TURN_DEG * DEG_TO_RAD))
        return;
    int from = bin_of(d, from_us), to = bin_of(d, end_us);
    /* The rotation rate's spread about its mean (the gyro's bias) over the stretch. */
    float n = (float)d->turn_n, m2 = 0, slope_mps2 = 0;
    for (int i = 0; i < 3; i++)
        m2 += d->turn_w_dps[i] * d->turn_w_dps[i];
    float w_var = d->turn_w2 / n - m2 / (n * n);
    if (w_var > TURN_STILL_DPS2 || !fit_slope(d, from, to, &slope_mps2))
        return;
    bias_rebase(d);
    float g = d->g_ref + slope_mps2 / G_MPS2;
    d->rest_final = true;
    add_anchor(d, from, to, t_us);
    d->g_ref = d->learn[0] = g;
    for (int k = 0; k < REFS_LAG_STEPS; k++)
        d->learn_hist[k][0] = g;
    d->refs_known = true;
    memcpy(d->ref_up, d->up, sizeof d->ref_up);
}

/*
 * A bar that came to rest decelerated into it: over the rest its velocity stays near
 * zero, swaying. One still rising or falling at a steady pace, away from zero, beyond
 * what sway and the 1 g reference's error can make of REST_EARLY_US, was moving through
 * it (a slow phase read as still because the velocity had drifted to zero). Before the
 * first anchor (the first rest of a stream: 1 g is the first sample's), it says nothing.
 */
static bool leaving_rest(const struct rep_detector *d)
{
    float slope_mps2;
    int from = d->rest_bin, to = d->nbins - 1;
    if (to - from < 4 || !fit_slope(d, from, to, &slope_mps2))
        return false;
    float v = d->vel_mps;
    return slope_mps2 * v > 0 && fabsf(slope_mps2) > REST_AWAY_MPS2 && fabsf(v) > REST_AWAY_MPS;
}

/* Restart the quiet stretch's range and line at velocity v. */
static void quiet_restart(struct rep_detector *d, int64_t t_us, float v)
{
    d->quiet_since_us = t_us;
    d->quiet_vmin_mps = d->quiet_vmax_mps = v;
    memset(d->quiet_sum, 0, sizeof d->quiet_sum);
    d->quiet_v2 = 0;
    d->quiet_wn = 0;
    d->quiet_turn_us = t_us;
}

/* The rotation rate over the quiet stretch, once it stopped turning (see on_floor). */
static void quiet_rotation(struct rep_detector *d, const float w[3], int64_t t_us)
{
    if (d->w2_lp > TURNING_DPS * TURNING_DPS) {
        d->quiet_wn = 0;
        d->quiet_turn_us = t_us;
        return;
    }
    if (t_us - d->quiet_turn_us < TURN_SETTLE_US)
        return;
    if (d->quiet_wn++ == 0) {
        d->quiet_w_from_us = t_us;
        d->quiet_w2 = 0;
        for (int i = 0; i < 3; i++)
            d->quiet_w_dps[i] = 0;
    }
    for (int i = 0; i < 3; i++) {
        d->quiet_w_dps[i] += w[i];
        d->quiet_w2 += w[i] * w[i];
    }
}

/* The line fitted to the live velocity over the quiet stretch: its slope (m/s a bin) and
 * mean squared residual. False with too few points for one. */
static bool quiet_line(const struct rep_detector *d, float *slope, float *res2)
{
    const float *q = d->quiet_sum;
    float n = q[0], sxx = n * q[3] - q[1] * q[1], sxy = n * q[4] - q[1] * q[2];
    float syy = n * d->quiet_v2 - q[2] * q[2];
    if (n < 3 || sxx <= 0)
        return false;
    *slope = sxy / sxx;
    *res2 = (syy - *slope * sxy) / (n * n);
    return true;
}

/*
 * The steepest line a held bar's live velocity may run on (m/s^2): REST_LINE_MPS2 for
 * 1 g a couple of mg off, and what the accel's bias may make of the turn since 1 g was
 * taken where the bar is now held. Before the bias is learned (the walk-out, the set's
 * first reps) that is up to 50 mg on an axis, and the bar rolls up to 8 degrees a rep in
 * the hands: 10 mg, 0.1 m/s^2, a top held there drifting five times as steeply as the
 * fixed bound allows. Once the turns of a few reps have taught the bias, its uncertainty
 * and the bound shrink again (the Kalman filter's covariance, see bias_learn).
 */
static float line_slope_max(const struct rep_detector *d)
{
    const struct rep_bias *bi = &d->bias;
    float du[3] = {d->up[0] - bi->up[0], d->up[1] - bi->up[1], d->up[2] - bi->up[2]}, var = 0;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            var += du[i] * bi->p[1 + i][1 + j] * du[j];
    return REST_LINE_MPS2 + REST_LINE_BIAS_SD * G_MPS2 * sqrtf(var);
}

/* Whether the live velocity over the quiet stretch lies on a line as flat as a held bar
 * with a 1 g reference a few mg off makes it. */
static bool quiet_on_line(const struct rep_detector *d)
{
    float slope, res2;
    if (!quiet_line(d, &slope, &res2) || res2 >= REST_LINE_RMS_MPS * REST_LINE_RMS_MPS)
        return false;
    if (fabsf(slope) < REST_LINE_MPS2 * BIN_S)
        return true;
    /* Steeper, only away from zero: a grind easing into lockout slows down on a line as
     * straight, and as quiet. */
    return slope * d->vel_mps > 0 && fabsf(slope) < line_slope_max(d) * BIN_S;
}

/*
 * A concentric-first lift's bar lying on the floor (or racked at the shoulders) after it
 * turned there since 1 g was learned: the unit's accel bias projects on the vertical
 * anew, up to FLOOR_LINE_MPS2, and the live velocity runs off on a steep straight line
 * where a hold's would be flat. Told from a hold by the rotation: a bar in the hands
 * sways, one lying still turns no more than the gyro's noise (TURN_STILL_DPS2), for
 * TURN_MIN_US after it stopped turning. It can go no lower: the line is drift. And it is
 * down at the lowest it went since it last rested: a steady lowering is quiet too, turns
 * no more and its speed lies on a line as flat, but one still FLOOR_ABOVE_M above the
 * floor it was pulled from was read lying still there, and the rep was lost.
 */
static bool on_floor(const struct rep_detector *d, int64_t t_us)
{
    if (d->start != REP_START_CONCENTRIC || d->quiet_wn == 0 ||
        t_us - d->quiet_w_from_us < TURN_MIN_US || d->risen_m - d->risen_min_m > FLOOR_ABOVE_M ||
        dot3(d->up, d->ref_up) > cosf(TURN_DEG * DEG_TO_RAD))
        return false;
    float n = (float)d->quiet_wn, m2 = 0, slope, res2;
    for (int i = 0; i < 3; i++)
        m2 += d->quiet_w_dps[i] * d->quiet_w_dps[i];
    return d->quiet_w2 / n - m2 / (n * n) <= TURN_STILL_DPS2 && quiet_line(d, &slope, &res2) &&
           fabsf(slope) < FLOOR_LINE_MPS2 * BIN_S && res2 < REST_LINE_RMS_MPS * REST_LINE_RMS_MPS;
}

/* Whether the live velocity, quiet for REST_HOLD_US on a line as straight as a hold's (of
 * any slope), has carried the bar farther from its last rest than any lift goes (see
 * LOST_TRAVEL_M). */
static bool drifted_hold(const struct rep_detector *d, int64_t quiet_us)
{
    float slope, res2;
    return fabsf(d->risen_m) > LOST_TRAVEL_M && quiet_us >= REST_HOLD_US &&
           quiet_line(d, &slope, &res2) && res2 < REST_LINE_RMS_MPS * REST_LINE_RMS_MPS;
}

/* Whether the live velocity v has been speeding up over the quiet stretch (the line
 * fitted to it), over less than FORCE_TRAVEL_M (see FORCE_AWAY_MPS2). */
static bool speeding_up(const struct rep_detector *d, float v)
{
    float slope, res2;
    if (!quiet_line(d, &slope, &res2))
        return false;
    float slope_mps2 = slope / BIN_S;
    return slope_mps2 * v > 0 && fabsf(slope_mps2) > FORCE_AWAY_MPS2 &&
           fabsf(d->quiet_sum[2]) * BIN_S < FORCE_TRAVEL_M;
}

/*
 * Whether the bar was still slowing as the rest began: over its first REST_SKIP_US the
 * velocity changed faster than REST_AWAY_MPS2, toward where it now drifts. A bar that
 * stopped and then set off slowly was flat first.
 */
static bool easing_in(const struct rep_detector *d)
{
    float slope_mps2;
    int to = d->rest_bin + (int)(REST_SKIP_US / REP_BIN_US);
    return to < d->nbins && fit_slope(d, d->rest_bin, to, &slope_mps2) &&
           fabsf(slope_mps2) > REST_AWAY_MPS2 && slope_mps2 * d->vel_mps > 0;
}

/* A rest that was none: the live velocity it zeroed is given back. */
static void give_back_rest(struct rep_detector *d)
{
    float v_int = d->vel_mps + d->v_off_mps;
    d->v_off_mps = d->rest_v_off_mps;
    d->vel_mps = d->prev_vel_mps = v_int - d->v_off_mps;
}

/* Whether a live velocity v could be drift alone, by how long since it was last zeroed. */
static bool drift_could_be(const struct rep_detector *d, float v, int64_t t_us)
{
    float since_s = (float)(t_us - d->off_since_us) / US_PER_S;
    return fabsf(v) <= REST_VEL_MPS + REST_FORCE_DRIFT_G * G_MPS2 * since_s;
}

/*
 * A stop at a bottom (see short_stop) that read the bar rising faster than REST_VEL_MPS,
 * and no movement since: the bar may be rising still. A slow lift out of a touch-and-go
 * bottom holds a steady speed quietly, and the stop took that speed for drift. Zeroed,
 * it reads still in mid-lift, and a rest taken there, anchored, puts the lift's speed
 * into the drift line: the reps after it are lost one after another. Only a rest forced
 * by a long quiet stretch is taken on such a bar.
 */
static bool rising_from_stop(const struct rep_detector *d)
{
    return !d->stop_armed && d->stop_up_mps > REST_VEL_MPS;
}

static void update_rest(struct rep_detector *d, bool quiet, int64_t t_us)
{
    if (quiet && !d->quiet)
        quiet_restart(d, t_us, d->vel_mps);
    if (!quiet)
        d->crept = false;
    d->quiet = quiet;
    if (d->rest) {
        d->off_since_us = t_us; /* the live velocity is zeroed while at rest */
        int64_t rest_us = t_us - d->rest_since_us;
        /* Until 1 g is known (learned where the bar lay still, or corrected by the drift
         * between two rests), drift says nothing. */
        bool drifting =
            (d->refs_known || (d->g_zupt && d->anchored)) && fabsf(d->vel_mps) > REST_VEL_MPS;
        if (!quiet || drifting) {
            d->rest = false;
            d->left_moving = fabsf(d->vel_mps) > REST_AWAY_MPS;
            /* Left by drifting: a slow start that took up to REST_CREEP_US to show. */
            int64_t end_us = t_us - (drifting ? REST_CREEP_US : REST_TAIL_US);
            if (!d->turn_tried)
                learn_after_turn(d, end_us, t_us);
            /* Too brief to settle: the bar may never have stopped (a slow lowering
             * easing off a short top). It anchors nothing, and marks no rest that keeps
             * a rep from being levelled. */
            if (!d->rest_final && end_us - d->rest_since_us >= REST_SETTLE_US)
                finish_rest(d, end_us, t_us);
            else if (!d->rest_final)
                for (int i = d->rest_bin; i < d->nbins; i++)
                    d->bins[i].rest = REP_BIN_BRIEF_REST;
            /* Drifted away before it was trusted, the way it was already going as it
             * began: no rest, but a slow phase easing into its end (a grind into lockout)
             * read as still. The bar was moving all along: the velocity zeroed at its
             * start is given back, or the pause after it reads as a steady movement and
             * is never taken for a rest. */
            if (drifting && !d->anchored && !d->rest_final && easing_in(d))
                give_back_rest(d);
            /* A slow start: rest only after a new window, and not on a live velocity
             * near zero alone (see still, below). */
            if (drifting) {
                quiet_restart(d, t_us, d->vel_mps);
                d->crept = true;
            }
        } else if (!d->turn_tried && d->turn_n > 0 && t_us - d->turn_from_us >= TURN_WAIT_US) {
            learn_after_turn(d, t_us, t_us);
        } else if (!d->early_tried && rest_us >= REST_EARLY_US) {
            d->early_tried = true;
            if (d->n_anchors > 0 && !d->rest_final && leaving_rest(d)) {
                /* Not a rest: the bar went on accelerating away through it (a steady
                 * phase read as still by a drifted velocity). It was moving all along:
                 * the velocity zeroed when it was taken for a rest is given back. */
                d->rest = false;
                give_back_rest(d);
                quiet_restart(d, t_us, d->vel_mps);
            } else if (d->moved) {
                try_early(d, t_us);
            }
        } else if (!d->anchored && rest_us >= REST_TRUST_US) {
            /* Trusted enough for the live velocity and for learning, not yet for reps. */
            d->anchored = true;
            refs_start(d, d->last_gyro_dps, t_us);
            float v_int = d->vel_mps + d->v_off_mps;
            d->v_off_mps = mean_vel(d, d->rest_since_us + REST_SKIP_US, t_us);
            d->vel_mps = d->prev_vel_mps = v_int - d->v_off_mps;
        } else if (!d->rest_final && rest_us >= REST_FINAL_US) {
            finish_rest(d, t_us, t_us);
        }
        return;
    }
    if (!quiet)
        return;
    int64_t quiet_us = t_us - d->quiet_since_us;
    float vel_max = REST_VEL_FRAC * d->exc_peak_mps[d->vel_mps > 0];
    if (vel_max < REST_VEL_MPS)
        vel_max = REST_VEL_MPS;
    float v = d->vel_mps, slowed = max_f(d->v_hi_mps - v, v - d->v_lo_mps);
    /* Once a rest was left by drifting (a slow lowering creeping off a short top, read as
     * still until its speed showed), a live velocity near zero says nothing until the bar
     * moves loudly again: it is what that rest left of the lowering. Rests taken on it
     * anchored the drift mid-lowering, one after another, and the rep was lost. Only a
     * hold, a long quiet stretch or the floor rests such a bar. Nor is one still that
     * left its rest already moving and has only sped up since: a slow lowering easing
     * off a top, its rest ended by a moment's shake, reads under REST_VEL_MPS for a while
     * yet (and what a fast lift left of its speed the other way, fading, passes for its
     * having slowed). Taken for a rest, its speed went into the drift, the rest held and
     * anchored, and the lowering's start read up to a second late. A bar that left its
     * rest still (walked, stepped with) may be at rest again with the drift that left. */
    bool rising = d->left_moving && fabsf(v) > REST_RISING_MPS &&
                  fabsf(v) >= REST_RISING_FRAC * d->exc_peak_mps[v > 0];
    bool still =
        !d->crept && !rising &&
        (fabsf(v) < REST_VEL_MPS || (fabsf(v) < vel_max && slowed > REST_STOP_RATIO * fabsf(v)));
    bool slow = max_f(d->exc_peak_mps[0], d->exc_peak_mps[1]) < REST_FORCE_SLOW_MPS &&
                min_f(d->exc_peak_mps[0], d->exc_peak_mps[1]) < MOVED_VEL_MPS &&
                d->exc_horiz2_g2 < REST_FORCE_SLOW_HORIZ_G * REST_FORCE_SLOW_HORIZ_G;
    int64_t force_us = slow ? REST_FORCE_SLOW_US : REST_FORCE_US;
    /* A grinding lift is quiet too and keeps most of its (low) peak speed while it
     * lasts: a bar still rising at over REST_FORCE_FRAC of a slow peak waits longer. */
    float up_peak = d->exc_peak_mps[1];
    if (v > REST_FORCE_FRAC * up_peak && up_peak < REST_FORCE_SLOW_MPS &&
        force_us < REST_FORCE_SLOW_US)
        force_us = REST_FORCE_MOVING_US;
    d->quiet_vmin_mps = min_f(d->quiet_vmin_mps, v);
    d->quiet_vmax_mps = max_f(d->quiet_vmax_mps, v);
    float *q = d->quiet_sum, x = q[0];
    q[0] += 1;
    q[1] += x;
    q[2] += v;
    q[3] += x * x;
    q[4] += x * v;
    d->quiet_v2 += v * v;
    bool cruising = fabsf(v) > REST_HOLD_CRUISE_MPS &&
                    fabsf(v) > REST_HOLD_CRUISE_FRAC * d->exc_peak_mps[v > 0];
    bool held = !slow && !cruising && quiet_us >= REST_HOLD_US &&
                (d->quiet_vmax_mps - d->quiet_vmin_mps < REST_HOLD_MPS || quiet_on_line(d));
    bool forced = quiet_us >= force_us && !(cruising && speeding_up(d, v)) &&
                  (quiet_us >= REST_FORCE_SLOW_US || d->crept || drift_could_be(d, v, t_us));
    /* A bar on the floor whose drift reads it rising at a cruise is not pulled: a pull
     * leaves the floor (FLOOR_ABOVE_M) and the bar turns in the hands. One reading it
     * falling so may be a lowering, as quiet and as still, nearing the floor. */
    bool floor = !held && (!cruising || v > 0) && on_floor(d, t_us);
    held = held || (!floor && drifted_hold(d, quiet_us));
    if (!forced && rising_from_stop(d))
        return;
    if ((quiet_us >= REST_AFTER_US && still) || held || forced || floor) {
        d->rest = true;
        d->rest_kind = floor                                ? REP_REST_FLOOR
                       : held                               ? REP_REST_HELD
                       : quiet_us >= REST_AFTER_US && still ? REP_REST_STILL
                                                            : REP_REST_FORCED;
        d->crept = d->left_moving = false;
        d->rest_g_ref = d->g_ref;
        d->exc_peak_mps[0] = d->exc_peak_mps[1] = d->exc_horiz2_g2 = 0;
        d->anchored = false;
        d->rest_final = false;
        d->early_tried = false;
        turn_restart(d);
        /* A hold is seen late: it rested since it went quiet. */
        d->rest_since_us = held || floor ? d->quiet_since_us : t_us;
        /* The live velocity starts from zero (the record keeps the integral). */
        d->rest_v_off_mps = d->v_off_mps;
        d->v_off_mps += d->vel_mps;
        d->vel_mps = d->prev_vel_mps = 0;
        d->rest_bin = d->nbins;
        d->pos_m = 0;
        if (floor) {
            /* 1 g where it lies now, from the line, at once: the bar may be pulled
             * moments later. */
            d->turn_n = d->quiet_wn;
            d->turn_from_us = d->quiet_w_from_us;
            d->turn_w2 = d->quiet_w2;
            memcpy(d->turn_w_dps, d->quiet_w_dps, sizeof d->turn_w_dps);
            learn_after_turn(d, t_us, t_us);
        }
    }
}

/*
 * Between rests: a stop too short to be one (see STOP_FLAT_MPS) zeroes the live velocity
 * there, so the drift left since the last rest does not carry into the next lowering
 * (where a lowering at the drift's speed would pass for a stop). The record keeps the
 * integrated velocity: only the live one is corrected.
 */
static void short_stop(struct rep_detector *d)
{
    const int half = REP_STOP_BLOCKS / 2;
    if (d->rest) {
        d->stop_n = 0;
        d->stop_armed = true;
        return;
    }
    float v = d->vel_mps, *ring = d->stop_v;
    if (d->stop_n == 0) {
        d->stop_sum[0] = d->stop_sum[1] = 0;
        d->stop_i = 0;
        d->stop_hi = d->stop_lo = v;
        d->stop_hi_age = d->stop_lo_age = 0;
    }
    /* The newer half's oldest moves to the older half; the older half's oldest leaves. */
    int i = d->stop_i, mid = (i + half) % REP_STOP_BLOCKS;
    if (d->stop_n >= half)
        d->stop_sum[0] += ring[mid] - (d->stop_n >= REP_STOP_BLOCKS ? ring[i] : 0);
    d->stop_sum[1] += v - (d->stop_n >= half ? ring[mid] : 0);
    ring[i] = v;
    d->stop_i = (i + 1) % REP_STOP_BLOCKS;
    if (d->stop_n < REP_STOP_BLOCKS)
        d->stop_n++;
    /* The fastest of the last STOP_PEAK_BLOCKS blocks, near enough: a peak held that long
     * gives way to the speed then. */
    if (v >= d->stop_hi || ++d->stop_hi_age > STOP_PEAK_BLOCKS) {
        d->stop_hi = v;
        d->stop_hi_age = 0;
    }
    if (v <= d->stop_lo || ++d->stop_lo_age > STOP_PEAK_BLOCKS) {
        d->stop_lo = v;
        d->stop_lo_age = 0;
    }
    if (!d->stop_armed) {
        d->stop_armed = fabsf(v) > STOP_REARM_MPS;
        return;
    }
    if (d->stop_n < REP_STOP_BLOCKS)
        return;
    float m0 = d->stop_sum[0] / (float)half, m1 = d->stop_sum[1] / (float)half;
    float drop = max_f(d->stop_hi - m1, m1 - d->stop_lo);
    if (fabsf(m1 - m0) > STOP_FLAT_MPS || drop < STOP_DROP_MPS ||
        fabsf(m1) > STOP_LEVEL_FRAC * drop)
        return;
    d->stop_armed = false;
    /* After a fall, reading the bar rising: see rising_from_stop. */
    bool fell = m1 - d->stop_lo > d->stop_hi - m1;
    d->stop_up_mps = fell && m1 > 0 ? m1 : 0;
    d->v_off_mps += m1;
    d->off_since_us = d->last_t_us;
    d->vel_mps -= m1;
    d->prev_vel_mps -= m1;
    d->v_hi_mps -= m1;
    d->v_lo_mps -= m1;
    d->stop_n = 0; /* the ring restarts on the corrected velocity */
    /* The phase after the stop goes the other way: its peak is its own, not one an
     * earlier phase that way reached (read on the old zero, drift and all). A steady
     * lowering after a top stop, slower than the last lowering as that was read, did
     * not look like cruising and was taken for a hold in mid-lowering: its speed went
     * into the drift line and the rep was lost. The peak of the phase just ended is
     * kept: forgotten too, slow lifts out of touch-and-go bottoms were lost. */
    d->exc_peak_mps[fell] = 0;
    /* The quiet stretch goes on, on the corrected velocity. */
    float *q = d->quiet_sum;
    d->quiet_vmin_mps -= m1;
    d->quiet_vmax_mps -= m1;
    d->quiet_v2 += m1 * (q[0] * m1 - 2 * q[2]);
    q[4] -= m1 * q[1];
    q[2] -= m1 * q[0];
}

/*
 * Every REP_BIN_US (or every sample below 200 Hz): what need not run per sample, on
 * the block's means -- stillness, rest, the pull toward gravity and the gyro's bias,
 * renormalising the vertical, the live phase and the record. Kept out of line: inlined,
 * it made every sample save and restore the registers it needs (12 instructions).
 */
static __attribute__((noinline)) void end_block(struct rep_detector *d, const struct imu_sample *s)
{
    struct rep_block *k = &d->blk;
    int64_t t_us = s->t_us;
    float inv_n = 1.0f / (float)k->n, dt_s = (float)(t_us - k->t0_us) * (1.0f / US_PER_S);
    const float *a = s->accel_g;
    float e = k->e * inv_n, e2 = k->e2 * inv_n;
    float *u = d->up, w[3];
    float fix = 1.5f - 0.5f * (u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
    for (int i = 0; i < 3; i++) {
        u[i] *= fix;
        d->last_gyro_dps[i] = s->gyro_dps[i];
        w[i] = s->gyro_dps[i] - d->gyro_bias_dps[i];
    }
    float along = a[0] * u[0] + a[1] * u[1] + a[2] * u[2];
    float a2 = a[0] * a[0] + a[1] * a[1] + a[2] * a[2];
    float h2 = a2 - along * along;
    float gyro2 = w[1] * w[1] + w[2] * w[2]; /* rotation off the bar's axis: roll excluded */

    /* Stillness on the raw signal: spread and mean of the vertical accel, acceleration
     * off the vertical, rotation. */
    float kq = dt_s * (1.0f / QUIET_TAU_S);
    if (kq > 1)
        kq = 1;
    d->e_lp_g += (e - d->e_lp_g) * kq;
    float dev2 = e2 - 2 * e * d->e_lp_g + d->e_lp_g * d->e_lp_g;
    d->e_var_g2 += (dev2 - d->e_var_g2) * kq;
    d->w2_lp += (w[0] * w[0] + gyro2 - d->w2_lp) * kq;
    d->h2_lp += (h2 - d->h2_lp) * kq;
    bool quiet = d->e_var_g2 < QUIET_VAR_G2 && fabsf(d->e_lp_g) < QUIET_MEAN_G &&
                 d->w2_lp < QUIET_GYRO_DPS * QUIET_GYRO_DPS &&
                 d->h2_lp < QUIET_HORIZ_G * QUIET_HORIZ_G;
    if (d->rest && d->w2_lp > TURNING_DPS * TURNING_DPS) {
        d->turn_us = t_us;
        turn_restart(d);
    } else if (d->rest && !d->turn_tried && t_us - turn_start_us(d) >= TURN_SETTLE_US) {
        if (d->turn_n++ == 0)
            d->turn_from_us = t_us;
        for (int i = 0; i < 3; i++) {
            d->turn_w_dps[i] += w[i];
            d->turn_w2 += w[i] * w[i];
        }
    }
    update_rest(d, quiet, t_us);
    if (!d->rest && d->quiet)
        quiet_rotation(d, w, t_us);

    bool near_1g = fabsf(a2 - d->g_ref * d->g_ref) < MOVE_UP_GATE;
    if (d->rest && d->anchored) {
        learn_at_rest(d, a, d->last_gyro_dps, along, dt_s, t_us);
    } else if (!d->rest && near_1g) {
        float kp = dt_s * (1.0f / MOVE_UP_TAU_S) / d->g_ref;
        for (int i = 0; i < 3; i++)
            u[i] += (a[i] - along * u[i]) * kp;
    }
    if (near_1g) {
        /* The pull toward gravity, integrated, is the gyro's bias (Mahony's integral
         * term): a bias left in the gyro keeps the pull one-sided. */
        float ki = dt_s * (d->rest ? BIAS_KI_REST : BIAS_KI) / d->g_ref;
        d->gyro_bias_dps[0] -= (a[1] * u[2] - a[2] * u[1]) * ki;
        d->gyro_bias_dps[1] -= (a[2] * u[0] - a[0] * u[2]) * ki;
        d->gyro_bias_dps[2] -= (a[0] * u[1] - a[1] * u[0]) * ki;
    }
    float kv = dt_s * (1.0f / REST_STOP_TAU_S);
    d->v_hi_mps = max_f(d->vel_mps, d->v_hi_mps + (d->vel_mps - d->v_hi_mps) * kv);
    d->v_lo_mps = min_f(d->vel_mps, d->v_lo_mps + (d->vel_mps - d->v_lo_mps) * kv);
    if (!d->rest && fabsf(d->vel_mps) > d->exc_peak_mps[d->vel_mps > 0])
        d->exc_peak_mps[d->vel_mps > 0] = fabsf(d->vel_mps);
    if (!d->rest && d->h2_lp > d->exc_horiz2_g2)
        d->exc_horiz2_g2 = d->h2_lp;
    short_stop(d);
    if (!d->rest && !d->moved && fabsf(d->vel_mps) > MOVED_VEL_MPS)
        d->moved = true;
    d->pos_m = d->rest ? 0 : d->pos_m + d->vel_mps * dt_s;
    d->risen_m = d->rest ? 0 : d->risen_m + d->vel_mps * dt_s;
    d->risen_min_m = d->rest ? 0 : min_f(d->risen_min_m, d->risen_m);
    if (h2 > d->bin_horiz2)
        d->bin_horiz2 = h2;
    if (gyro2 > d->bin_gyro2)
        d->bin_gyro2 = gyro2;
    for (int i = 0; i < 3; i++)
        d->bias.span_r[i] += (u[i] - d->bias.span_up[i]) * dt_s;
    bias_g_eff(d);
    write_bins(d, t_us);
    live_phase(d, t_us);
    memset(k, 0, sizeof *k);
    k->t0_us = t_us;
}

/*
 * Before the first rest the vertical and 1 g are the first sample's. Taken from a bar
 * still swinging, they are wrong enough that the bar never looks quiet and no rest ever
 * corrects them: once the velocity says so, a bar steady again (spread, rotation) gives
 * them afresh and the count starts over from there.
 */
static void recover_refs(struct rep_detector *d, const struct imu_sample *s)
{
    if (d->refs_known || fabsf(d->vel_mps) < LOST_VEL_MPS || d->e_var_g2 >= QUIET_VAR_G2 ||
        d->w2_lp >= QUIET_GYRO_DPS * QUIET_GYRO_DPS)
        return;
    first_sample(d, s);
    lose_track(d, s->t_us);
}

bool rep_detector_push(struct rep_detector *d, const struct imu_sample *s, struct rep_result *out)
{
    if (!d->started) {
        first_sample(d, s);
        return false;
    }
    int64_t dt_us = s->t_us - d->last_t_us;
    if (dt_us <= 0)
        return pop_result(d, out);
    d->last_t_us = s->t_us;
    if (dt_us > MAX_GAP_US) {
        lose_track(d, s->t_us);
        return pop_result(d, out);
    }
    float dt_s = (float)dt_us * (1.0f / US_PER_S);
    const float *a = s->accel_g, *g = s->gyro_dps, *b = d->gyro_bias_dps;
    float w0 = g[0] - b[0], w1 = g[1] - b[1], w2 = g[2] - b[2];

    /* The vertical, fixed in the world, turns the other way in the sensor frame:
     * up' = up x w (renormalised once a block). */
    float *u = d->up, r = dt_s * DEG_TO_RAD;
    float u0 = u[0], u1 = u[1], u2 = u[2];
    u[0] = u0 + (u1 * w2 - u2 * w1) * r;
    u[1] = u1 + (u2 * w0 - u0 * w2) * r;
    u[2] = u2 + (u0 * w1 - u1 * w0) * r;

    float along = a[0] * u[0] + a[1] * u[1] + a[2] * u[2];
    float e = along - d->bias.g_eff;
    d->vel_mps += (e + d->e_prev_g) * (0.5f * G_MPS2 * dt_s);
    d->e_prev_g = e;

    /* The spread of the vertical accel needs every sample; the rest is taken once a
     * block, from its last sample. */
    struct rep_block *k = &d->blk;
    k->n++;
    k->e += e;
    k->e2 += e * e;
    if (s->t_us >= d->next_bin_us) {
        end_block(d, s);
        recover_refs(d, s);
    } else {
        d->prev_t_us = s->t_us;
        d->prev_vel_mps = d->vel_mps;
    }
    return d->q_len > 0 && pop_result(d, out);
}

bool rep_detector_finish(struct rep_detector *d, struct rep_result *out)
{
    if (d->started && !(d->rest && d->rest_final) && d->nbins > 0) {
        /* The stream ended: take the bar as having come to rest at its last samples. */
        d->moved = true;
        if (d->rest && !d->rest_final)
            finish_rest(d, d->last_t_us, d->last_t_us);
        else
            add_anchor(d, d->nbins - 1, d->nbins - 1, d->last_t_us);
        d->rest = d->anchored = d->rest_final = true;
    }
    return pop_result(d, out);
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

int32_t rep_velocity_loss_pct(const struct rep_result *reps, int n)
{
    if (n < 2)
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
