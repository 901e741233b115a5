#include <string.h>

#include "load.h"
#include "progression.h"

/* "never more than two steps above the heaviest clean set of the last 14 days" */
#define RECENT_LIMIT_STEPS 2

/* What the set history says, as seen from today. */
struct history {
    int32_t best_g;         /* B: heaviest clean set in the best window, 0 none */
    int64_t best_first_day; /* the first day B was reached */
    int32_t recent_g;       /* heaviest clean set in the recent window, 0 none */
    int64_t last_day;       /* newest set of any kind, -1 none */
};

static void scan_history(const struct rules *rules, const struct progression_input *in,
                         struct history *h)
{
    *h = (struct history){.best_first_day = -1, .last_day = -1};
    for (size_t i = 0; i < in->n_sets; i++) {
        const struct set_record *set = &in->sets[i];
        int64_t age_days = in->today - set->day;
        if (age_days < 0)
            continue;
        if (set->day > h->last_day)
            h->last_day = set->day;
        if (!set->clean || set->load_g <= 0)
            continue;
        if (age_days < rules->best_window_days) {
            if (set->load_g > h->best_g ||
                (set->load_g == h->best_g && set->day < h->best_first_day)) {
                h->best_g = set->load_g;
                h->best_first_day = set->day;
            }
        }
        if (age_days < rules->recent_days && set->load_g > h->recent_g)
            h->recent_g = set->load_g;
    }
}

static int64_t percent_of(int64_t load_g, int pct)
{
    return load_g * pct / 100;
}

static int32_t step_for(const struct rules *rules, int32_t best_g, bool upper_body)
{
    int64_t step_g = percent_of(best_g, rules->step_pct);
    int32_t max_g = upper_body ? rules->step_upper_max_g : rules->step_lower_max_g;
    if (step_g > max_g)
        step_g = max_g;
    if (step_g < rules->smallest_step_g)
        step_g = rules->smallest_step_g;
    return (int32_t)step_g;
}

static int32_t round_cap(const struct rules *rules, int64_t load_g)
{
    if (load_g > INT32_MAX)
        load_g = INT32_MAX;
    return load_round_down(rules, (int32_t)load_g);
}

/*
 * The cap from the history alone. *hold_g gets the cap without any step, which is what
 * today's pain scales down.
 */
static void cap_from_history(const struct rules *rules, const struct progression_input *in,
                             const struct history *h, int32_t step_g,
                             struct progression_result *out, int64_t *hold_g)
{
    if (h->best_g == 0) {
        bool start = in->start_load_g > 0;
        out->reason = start ? PROGRESSION_START_LOAD : PROGRESSION_EMPTY_BAR;
        *hold_g = start ? in->start_load_g : rules->empty_bar_g;
        out->cap_g = round_cap(rules, *hold_g);
        return;
    }

    int64_t last_day = in->last_session_day > h->last_day ? in->last_session_day : h->last_day;
    int64_t away_days = last_day >= 0 ? in->today - last_day : 0;
    if (away_days >= rules->away_short_days) {
        bool long_away = away_days > rules->away_long_days;
        out->reason = long_away ? PROGRESSION_AWAY_LONG : PROGRESSION_AWAY_SHORT;
        *hold_g = percent_of(h->best_g, long_away ? rules->away_long_pct : rules->away_short_pct);
        out->cap_g = round_cap(rules, *hold_g);
        return;
    }

    int64_t limit_g =
        h->recent_g > 0 ? h->recent_g + (int64_t)RECENT_LIMIT_STEPS * step_g : INT64_MAX;
    int64_t cap_g;
    if (in->last_session_pain >= rules->pain_cap_min) {
        out->reason = PROGRESSION_PAIN_LAST;
        cap_g = h->best_g;
    } else if (in->today - h->best_first_day < rules->stand_days) {
        out->reason = PROGRESSION_HOLD_STANDING;
        cap_g = h->best_g;
    } else {
        out->reason = PROGRESSION_STEP;
        cap_g = (int64_t)h->best_g + step_g;
    }
    if (cap_g > limit_g) {
        out->reason = PROGRESSION_HOLD_RECENT;
        cap_g = limit_g;
    }
    *hold_g = h->best_g < limit_g ? h->best_g : limit_g;
    out->cap_g = round_cap(rules, cap_g);
}

void progression_cap(const struct rules *rules, const struct progression_input *in,
                     struct progression_result *out)
{
    struct history h;
    scan_history(rules, in, &h);

    memset(out, 0, sizeof(*out));
    out->best_g = h.best_g;
    out->step_g = h.best_g > 0 ? step_for(rules, h.best_g, in->upper_body) : 0;

    int64_t hold_g;
    cap_from_history(rules, in, &h, out->step_g, out, &hold_g);

    if (in->override_g > 0) {
        /* The trainer's decision stands as given; it is recorded with its reason. */
        out->cap_g = in->override_g;
        out->reason = PROGRESSION_OVERRIDE;
        return;
    }
    if (in->pain_today >= rules->pain_cap_min) {
        out->cap_g = round_cap(rules, percent_of(hold_g, rules->pain_cap_pct));
        out->reason = PROGRESSION_PAIN_TODAY;
        out->pain_capped = true;
    }
}

const char *progression_reason_str(enum progression_reason reason)
{
    switch (reason) {
    case PROGRESSION_STEP:
        return "Your best has held a week: one step up today";
    case PROGRESSION_HOLD_STANDING:
        return "New best this week: hold it before stepping up";
    case PROGRESSION_HOLD_RECENT:
        return "Lighter recent weeks: climb back two steps at a time";
    case PROGRESSION_AWAY_SHORT:
        return "Back after a few weeks away: start below your best";
    case PROGRESSION_AWAY_LONG:
        return "Back after a long break: start well below your best";
    case PROGRESSION_PAIN_LAST:
        return "Pain last session: no increase today";
    case PROGRESSION_START_LOAD:
        return "No clean set lately: your trainer's start load";
    case PROGRESSION_EMPTY_BAR:
        return "No clean set lately: start with the empty bar";
    case PROGRESSION_OVERRIDE:
        return "Limit set by your trainer for today";
    case PROGRESSION_PAIN_TODAY:
        return "Pain today: no increase";
    }
    return "Unknown";
}
