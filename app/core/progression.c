#include <stdio.h>
#include <string.h>

#include "progression.h"

#define PERCENT 100

/* What this exercise's history says, as seen from today. */
struct history {
    int32_t best_g;         /* B: heaviest clean set in the best window, 0 none */
    int64_t best_first_day; /* the first day B was reached */
    int32_t recent_g;       /* heaviest clean set in the recent window, 0 none */
    int64_t last_clean_day; /* newest clean set, -1 none */
    int32_t last_clean_g;   /* heaviest clean set of that day */
    int two_for_two;        /* newest sessions in a row whose last set earned 2-for-2 */
    int32_t since_min_g;    /* the lightest set of any kind after last_clean_day, 0 none */
    int32_t attempt_g;      /* the heaviest set over B in the stand window not counted */
    int64_t attempt_day;
};

/* Only a clean set with no stop flag builds anything: B, R, time at the rack, 2-for-2. */
static bool counts(const struct set_record *set)
{
    return set->clean && !set->stopped && set->load_g > 0;
}

static bool in_window(const struct progression_input *in, const struct set_record *set, int days)
{
    int64_t age_days = in->today - set->day;
    return age_days >= 0 && age_days < days;
}

/* The last set done on day: the latest of that day in the array's order. */
static const struct set_record *last_set_of(const struct progression_input *in, int64_t day)
{
    const struct set_record *last = NULL;
    for (size_t i = 0; i < in->n_sets; i++)
        if (in->sets[i].day == day)
            last = &in->sets[i];
    return last;
}

/* The newest day with a set before `before` (and within the window), -1 none. */
static int64_t session_before(const struct rules *rules, const struct progression_input *in,
                              int64_t before)
{
    int64_t day = -1;
    for (size_t i = 0; i < in->n_sets; i++) {
        const struct set_record *set = &in->sets[i];
        if (in_window(in, set, rules->best_window_days) && set->day < before && set->day > day)
            day = set->day;
    }
    return day;
}

/* How many of the last two sessions, newest first and in a row, earned 2-for-2. */
static int two_for_two_run(const struct rules *rules, const struct progression_input *in)
{
    int run = 0;
    int64_t day = in->today + 1;
    for (int k = 0; k < 2; k++) {
        day = session_before(rules, in, day);
        if (day < 0)
            break;
        const struct set_record *last = last_set_of(in, day);
        if (!counts(last) || last->target_reps <= 0 ||
            last->done_reps < last->target_reps + rules->two_for_two_reps)
            break;
        run++;
    }
    return run;
}

/*
 * What sets that build nothing still show, once B and the last clean day are known: a
 * lighter set done since the last clean day (the recent limit's base never sits above
 * it) and a heavier attempt than B this week that was not clean (no step over it).
 */
static void scan_unclean(const struct rules *rules, const struct progression_input *in,
                         struct history *h)
{
    for (size_t i = 0; i < in->n_sets; i++) {
        const struct set_record *set = &in->sets[i];
        if (set->load_g <= 0 || !in_window(in, set, rules->best_window_days))
            continue;
        if (h->last_clean_day >= 0 && set->day > h->last_clean_day &&
            (h->since_min_g == 0 || set->load_g < h->since_min_g))
            h->since_min_g = set->load_g;
        if (!counts(set) && h->best_g > 0 && set->load_g > h->best_g &&
            in_window(in, set, rules->stand_days) && set->load_g > h->attempt_g) {
            h->attempt_g = set->load_g;
            h->attempt_day = set->day;
        }
    }
}

static void scan_history(const struct rules *rules, const struct progression_input *in,
                         struct history *h)
{
    *h = (struct history){.best_first_day = -1, .last_clean_day = -1};
    for (size_t i = 0; i < in->n_sets; i++) {
        const struct set_record *set = &in->sets[i];
        if (!counts(set) || !in_window(in, set, rules->best_window_days))
            continue;
        if (set->load_g > h->best_g || (set->load_g == h->best_g && set->day < h->best_first_day)) {
            h->best_g = set->load_g;
            h->best_first_day = set->day;
        }
        if (in_window(in, set, rules->recent_days) && set->load_g > h->recent_g)
            h->recent_g = set->load_g;
        if (set->day > h->last_clean_day) {
            h->last_clean_day = set->day;
            h->last_clean_g = 0;
        }
        if (set->day == h->last_clean_day && set->load_g > h->last_clean_g)
            h->last_clean_g = set->load_g;
    }
    h->two_for_two = two_for_two_run(rules, in);
    scan_unclean(rules, in, h);
}

static int64_t percent_of(int64_t load_g, int pct)
{
    return load_g * pct / PERCENT;
}

/* min(step_pct of the load, the largest step), but at least what the plates can add. */
static int32_t step_for(const struct rules *rules, const struct progression_input *in,
                        int32_t load_g)
{
    int64_t step_g = percent_of(load_g, rules->step_pct);
    int32_t max_g = rules_step_max_g(rules, in->step_max_mu, in->upper_body);
    if (step_g > max_g)
        step_g = max_g;
    int32_t least_g = plates_smallest_increment_g(&rules->plates);
    if (least_g < rules->smallest_step_g)
        least_g = rules->smallest_step_g;
    if (step_g < least_g)
        step_g = least_g;
    return (int32_t)step_g;
}

/*
 * Rounds the rule's load down to the plates and notes what that did. Rounded means the
 * plates cannot make the load, judged on their own grid: a pound load summed from grams
 * (65 lb + 5 lb is 31752 g, 70 lb 31751 g) is the load the plates make when rounding it
 * up comes back to the cap.
 */
static void set_cap(const struct rules *rules, int64_t want_g, struct progression_result *out)
{
    out->want_g = want_g;
    if (want_g > INT32_MAX)
        want_g = INT32_MAX;
    out->below_bar = !plates_round_down(&rules->plates, want_g, &out->cap_g);
    int32_t up_g;
    bool made = plates_round_up(&rules->plates, want_g, &up_g) && up_g == out->cap_g;
    out->rounded = !out->below_bar && !made;
}

/* load_g as the rack's plates make it: the nearest load, the lighter at a tie (0: 0). */
static int32_t on_rack_g(const struct rules *rules, int32_t load_g)
{
    int32_t down_g, up_g;
    if (load_g <= 0)
        return 0;
    if (!plates_round_down(&rules->plates, load_g, &down_g))
        return down_g; /* under the bar: the bar */
    if (!plates_round_up(&rules->plates, load_g, &up_g))
        return down_g; /* over what the plates reach */
    return up_g - load_g < load_g - down_g ? up_g : down_g;
}

int progression_readiness_drop_pct(const struct rules *rules, const struct progression_input *in)
{
    if (rules->readiness_drop_pct <= 0)
        return 0; /* off for the gym: the bar's velocity is not trusted yet */
    return in->readiness_drop_pct > 0 ? in->readiness_drop_pct : rules->readiness_drop_pct;
}

/* Why no step today, or PROGRESSION_STEP when one is earned. */
static enum progression_reason
step_gate(const struct rules *rules, const struct progression_input *in, const struct history *h)
{
    if (in->last_session_pain >= rules->pain_cap_min)
        return PROGRESSION_PAIN_LAST;
    if (in->today - h->best_first_day < rules->stand_days)
        return PROGRESSION_HOLD_STANDING;
    if (h->attempt_g > h->best_g)
        return PROGRESSION_HOLD_ATTEMPT;
    if (rules->two_for_two_reps > 0 && h->two_for_two < 2)
        return PROGRESSION_TWO_FOR_TWO;
    int drop_pct = progression_readiness_drop_pct(rules, in);
    if (drop_pct > 0 && in->ramp_vel_mmps > 0 && in->usual_vel_mmps > 0 &&
        (int64_t)in->ramp_vel_mmps * PERCENT < (int64_t)in->usual_vel_mmps * (PERCENT - drop_pct))
        return PROGRESSION_SLOW;
    return PROGRESSION_STEP;
}

/*
 * The 14-day limit: recent_limit_steps of R's step over R, the heaviest clean set of the
 * recent window or, with none there, of the last day with a clean set. It bounds every
 * cap built on the history, time away included.
 */
static int64_t recent_limit(const struct rules *rules, const struct progression_input *in,
                            const struct history *h, struct progression_result *out)
{
    out->recent_outside = h->recent_g == 0;
    out->recent_g = h->recent_g > 0 ? h->recent_g : h->last_clean_g;
    if (out->recent_outside && h->since_min_g > 0 && h->since_min_g < out->recent_g) {
        out->recent_g = h->since_min_g;
        out->recent_since = true;
    }
    out->recent_step_g = step_for(rules, in, out->recent_g);
    return out->recent_g + (int64_t)rules->recent_limit_steps * out->recent_step_g;
}

/* The cap from the history alone; out->hold_g gets it without a step. */
static void cap_from_history(const struct rules *rules, const struct progression_input *in,
                             const struct history *h, struct progression_result *out)
{
    if (h->best_g == 0) {
        bool start = in->start_load_g > 0;
        out->reason = start ? PROGRESSION_START_LOAD : PROGRESSION_EMPTY_BAR;
        out->hold_g = start ? in->start_load_g : rules->plates.bar_g;
        set_cap(rules, out->hold_g, out);
        return;
    }
    int64_t limit_g = recent_limit(rules, in, h, out);
    int64_t cap_g;
    int64_t away_days = in->today - h->last_clean_day;
    if (away_days >= rules->away_short_days) {
        bool long_away = away_days > rules->away_long_days;
        out->reason = long_away ? PROGRESSION_AWAY_LONG : PROGRESSION_AWAY_SHORT;
        out->pct = long_away ? rules->away_long_pct : rules->away_short_pct;
        cap_g = percent_of(h->best_g, out->pct);
        out->hold_g = (int32_t)cap_g;
    } else {
        out->reason = step_gate(rules, in, h);
        cap_g = h->best_g + (out->reason == PROGRESSION_STEP ? out->step_g : 0);
        out->hold_g = h->best_g;
    }
    if (cap_g > limit_g) {
        out->reason = PROGRESSION_HOLD_RECENT;
        cap_g = limit_g;
    }
    if (out->hold_g > limit_g)
        out->hold_g = (int32_t)limit_g;
    set_cap(rules, cap_g, out);
}

void progression_cap(const struct rules *rules, const struct progression_input *in,
                     struct progression_result *out)
{
    struct history h;
    scan_history(rules, in, &h);

    memset(out, 0, sizeof(*out));
    out->best_g = h.best_g;
    out->best_rack_g = on_rack_g(rules, h.best_g);
    out->best_day = h.best_first_day;
    out->last_clean_day = h.last_clean_day;
    out->two_for_two_met = h.two_for_two;
    out->attempt_g = h.attempt_g;
    out->attempt_day = h.attempt_day;
    out->step_g = h.best_g > 0 ? step_for(rules, in, h.best_g) : 0;
    cap_from_history(rules, in, &h, out);

    if (in->pain_today >= rules->pain_no_lift_min) {
        out->reason = PROGRESSION_NO_LIFT;
        out->cap_g = 0;
        out->want_g = 0;
        out->rounded = out->below_bar = false;
        return;
    }
    if (in->override_g > 0) {
        /* The trainer's decision, recorded with its reason, still on the rack's plates. */
        out->reason = PROGRESSION_OVERRIDE;
        set_cap(rules, in->override_g, out);
        return;
    }
    if (in->pain_today >= rules->pain_cap_min) {
        out->reason = PROGRESSION_PAIN_TODAY;
        out->pain_capped = true;
        out->pct = rules->pain_cap_pct;
        set_cap(rules, percent_of(out->hold_g, rules->pain_cap_pct), out);
    }
}
