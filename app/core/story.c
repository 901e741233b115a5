/*
 * A lifter's story (story.h): sessions, the cap line, the load-velocity line and the axes,
 * worked out from the records the store gave.
 */
#include <string.h>

#include "progression.h"
#include "story.h"

#define AXIS_LOAD_STEP_G  10000 /* the load axis runs between whole 10 kg */
#define AXIS_VEL_STEP     100   /* the velocity axis' top, in whole 0.1 m/s */
#define AXIS_VEL_MIN_MMPS 500

/* Whether the day had a check-in, and its pain (-1 none). */
static int day_pain(const struct lifter_story *st, int64_t day)
{
    for (int i = 0; i < st->n_days; i++)
        if (st->days[i].day == day)
            return st->days[i].pain;
    return -1;
}

/* The last check-in day before `day` (-1 none). */
static int64_t day_before(const struct lifter_story *st, int64_t day)
{
    int64_t best = -1;
    for (int i = 0; i < st->n_days; i++)
        if (st->days[i].day < day && st->days[i].day > best)
            best = st->days[i].day;
    return best;
}

/* The cap the rules gave on `day`, from this exercise's sets before it. */
static int32_t cap_on(const struct lifter_story *st, const struct story_exercise *ex, int64_t day,
                      const struct rules *rules)
{
    struct set_record recs[STORY_MAX_SETS];
    size_t n = 0;
    for (int i = 0; i < ex->n_sets; i++) {
        const struct story_set *s = &ex->sets[i];
        if (s->day >= day || s->day < day - STORY_DAYS)
            continue;
        recs[n++] = (struct set_record){s->day, s->load_g, s->clean, s->stopped, 0, 0};
    }
    int64_t last = day_before(st, day);
    int pain = day_pain(st, day);
    struct progression_input in = {
        .sets = recs,
        .n_sets = n,
        .today = day,
        .last_session_day = last,
        .last_session_pain = last >= 0 ? day_pain(st, last) : -1,
        .pain_today = pain > 0 ? pain : 0,
        .upper_body = ex->upper_body,
        .start_load_g = ex->start_load_g,
    };
    struct progression_result r;
    progression_cap(rules, &in, &r);
    return r.cap_g;
}

/* Sets grouped by day (they come oldest first): the heaviest set of each. */
static void make_sessions(struct story_exercise *ex)
{
    ex->n_sessions = 0;
    for (int i = 0; i < ex->n_sets; i++) {
        const struct story_set *s = &ex->sets[i];
        struct story_session *cur = ex->n_sessions > 0 ? &ex->sessions[ex->n_sessions - 1] : NULL;
        if (!cur || cur->day != s->day) {
            if (ex->n_sessions >= STORY_MAX_DAYS)
                break;
            cur = &ex->sessions[ex->n_sessions++];
            *cur = (struct story_session){s->day, s->load_g, 0, s->clean, s->stopped};
            continue;
        }
        if (s->load_g > cur->top_g || (s->load_g == cur->top_g && s->clean)) {
            cur->top_g = s->load_g;
            cur->clean = s->clean;
        }
        cur->stopped = cur->stopped || s->stopped;
    }
}

/* Least squares of velocity on load over the sets with a velocity; needs two loads. */
static void fit_line(struct story_exercise *ex)
{
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    int vel_max = 0;
    int32_t lo = INT32_MAX, hi = 0;
    for (int i = 0; i < ex->n_sets; i++) {
        const struct story_set *s = &ex->sets[i];
        if (s->vel_mmps <= 0)
            continue;
        double x = s->load_g / 1000.0, y = s->vel_mmps;
        n += 1;
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
        if (s->vel_mmps > vel_max)
            vel_max = s->vel_mmps;
        lo = s->load_g < lo ? s->load_g : lo;
        hi = s->load_g > hi ? s->load_g : hi;
    }
    if (lo > hi)
        lo = hi = 0;
    ex->lv_lo_g = lo / AXIS_LOAD_STEP_G * AXIS_LOAD_STEP_G;
    ex->lv_hi_g = (hi + AXIS_LOAD_STEP_G - 1) / AXIS_LOAD_STEP_G * AXIS_LOAD_STEP_G;
    if (ex->lv_hi_g <= ex->lv_lo_g)
        ex->lv_hi_g = ex->lv_lo_g + AXIS_LOAD_STEP_G;
    ex->fit_n = (int)n;
    double den = n * sxx - sx * sx;
    ex->fit_ok = n >= 2 && den > 1e-9 * (n * sxx + 1);
    ex->fit_mmps_per_kg = ex->fit_ok ? (n * sxy - sx * sy) / den : 0;
    ex->fit_v0_mmps = ex->fit_ok ? (sy - ex->fit_mmps_per_kg * sx) / n : 0;
    int top = (vel_max + AXIS_VEL_STEP - 1) / AXIS_VEL_STEP * AXIS_VEL_STEP;
    ex->vel_hi_mmps = top > AXIS_VEL_MIN_MMPS ? top : AXIS_VEL_MIN_MMPS;
}

/* The load axis holds every session's load and cap, in whole 10 kg. */
static void load_axis(struct story_exercise *ex)
{
    int32_t lo = INT32_MAX, hi = 0;
    for (int i = 0; i < ex->n_sessions; i++) {
        const struct story_session *s = &ex->sessions[i];
        int32_t a = s->top_g, b = s->cap_g > 0 ? s->cap_g : s->top_g;
        lo = a < lo ? a : lo;
        lo = b < lo ? b : lo;
        hi = a > hi ? a : hi;
        hi = b > hi ? b : hi;
    }
    if (lo > hi) {
        lo = 0;
        hi = AXIS_LOAD_STEP_G;
    }
    ex->load_lo_g = lo / AXIS_LOAD_STEP_G * AXIS_LOAD_STEP_G;
    ex->load_hi_g = (hi + AXIS_LOAD_STEP_G - 1) / AXIS_LOAD_STEP_G * AXIS_LOAD_STEP_G;
    if (ex->load_hi_g <= ex->load_lo_g)
        ex->load_hi_g = ex->load_lo_g + AXIS_LOAD_STEP_G;
}

void story_compute(struct lifter_story *st, const struct rules *rules)
{
    for (int e = 0; e < st->n_ex; e++) {
        struct story_exercise *ex = &st->ex[e];
        make_sessions(ex);
        for (int i = 0; i < ex->n_sessions; i++)
            ex->sessions[i].cap_g = cap_on(st, ex, ex->sessions[i].day, rules);
        fit_line(ex);
        load_axis(ex);
    }
}
