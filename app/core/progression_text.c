/* The cap's reason in plain words: one sentence, quoted the same everywhere. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "progression.h"

#define DAYS_A_WEEK 7

/* Days since 1970-01-01 to a civil date (proleptic Gregorian; H. Hinnant's method). */
static void civil_from_days(int64_t z, int *year, int *month, int *mday)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *mday = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (*month <= 2));
}

void progression_format_day(int64_t day, char *out, size_t n)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int year, month, mday;
    civil_from_days(day, &year, &month, &mday);
    snprintf(out, n, "%d %s", mday, months[month - 1]);
}

struct text {
    char *out;
    size_t n, len;
};

static void add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct text *t, const char *fmt, ...)
{
    if (t->len >= t->n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(t->out + t->len, t->n - t->len, fmt, ap);
    va_end(ap);
    if (k > 0)
        t->len = t->len + (size_t)k < t->n ? t->len + (size_t)k : t->n;
}

/* The reasons whose sentence ends in a sum ("+5 kg", "90 % of 100 kg") to complete. */
static bool ends_in_sum(enum progression_reason reason)
{
    return reason == PROGRESSION_STEP || reason == PROGRESSION_HOLD_RECENT ||
           reason == PROGRESSION_AWAY_SHORT || reason == PROGRESSION_AWAY_LONG ||
           reason == PROGRESSION_PAIN_TODAY;
}

/* How the rule's load became the cap: " = 105 kg", ", rounded down to 102.5 kg", "; today
 * 100 kg", or the bar. */
static void add_outcome(struct text *t, const struct rules *rules,
                        const struct progression_result *r)
{
    bool sum = ends_in_sum(r->reason);
    char cap[24];
    plates_format(rules->plates.unit, r->cap_g, cap, sizeof cap);
    if (r->below_bar) {
        char want[24];
        plates_format(rules->plates.unit, r->want_g, want, sizeof want);
        add(t,
            "%s%s, under the %s bar: the empty bar is the least this rack loads; a lighter "
            "bar is the lifter's call",
            sum ? " = " : "; ", want, cap);
    } else if (r->rounded) {
        add(t, ", rounded down to %s", cap);
    } else if (r->reason == PROGRESSION_START_LOAD) {
        return; /* the sentence already gave the load */
    } else if (sum) {
        add(t, " = %s", cap);
    } else {
        add(t, "; today %s", cap);
    }
}

static void add_best(struct text *t, const struct rules *rules, const char *ex,
                     const struct progression_result *r)
{
    char best[24], day[16];
    plates_format(rules->plates.unit, r->best_g, best, sizeof best);
    progression_format_day(r->best_day, day, sizeof day);
    add(t, "Best clean %s %s on %s", ex, best, day);
}

static void explain_history(struct text *t, const struct rules *rules,
                            const struct progression_input *in, const struct progression_result *r,
                            const char *ex)
{
    char a[24], b[24], day[16];
    enum rack_unit u = rules->plates.unit;
    int64_t held = in->today - r->best_day;
    switch (r->reason) {
    case PROGRESSION_STEP:
        add_best(t, rules, ex, r);
        plates_format(u, r->step_g, a, sizeof a);
        if (held == DAYS_A_WEEK)
            add(t, ", held a week: +%s", a);
        else
            add(t, ", held %lld days: +%s", (long long)held, a);
        break;
    case PROGRESSION_HOLD_STANDING:
        add_best(t, rules, ex, r);
        add(t, ", %lld day%s ago: no step until it has held %d days", (long long)held,
            held == 1 ? "" : "s", rules->stand_days);
        break;
    case PROGRESSION_HOLD_ATTEMPT:
        add_best(t, rules, ex, r);
        plates_format(u, r->attempt_g, a, sizeof a);
        progression_format_day(r->attempt_day, day, sizeof day);
        add(t, "; %s on %s was not clean: no step", a, day);
        break;
    case PROGRESSION_PAIN_LAST:
        progression_format_day(in->last_session_day, day, sizeof day);
        add(t, "Pain %d at the last session (%s): no step; ", in->last_session_pain, day);
        add_best(t, rules, ex, r);
        break;
    case PROGRESSION_TWO_FOR_TWO:
        add_best(t, rules, ex, r);
        add(t,
            ": no step until the last set goes %d reps over target two sessions in a row "
            "(%d so far)",
            rules->two_for_two_reps, r->two_for_two_met);
        break;
    case PROGRESSION_SLOW:
        add(t, "Ramp set %d mm/s against a usual %d mm/s, over %d %% slower: no step; ",
            in->ramp_vel_mmps, in->usual_vel_mmps, rules->readiness_drop_pct);
        add_best(t, rules, ex, r);
        break;
    case PROGRESSION_HOLD_RECENT:
        plates_format(u, r->recent_g, a, sizeof a);
        plates_format(u, r->recent_step_g, b, sizeof b);
        if (r->recent_since) {
            add(t,
                "No clean %s in the last %d days; %s done since the last clean one: at most "
                "%d steps of %s above it",
                ex, rules->recent_days, a, rules->recent_limit_steps, b);
        } else if (r->recent_outside) {
            progression_format_day(r->last_clean_day, day, sizeof day);
            add(t,
                "No clean %s in the last %d days; the last was %s on %s: at most %d steps "
                "of %s above it",
                ex, rules->recent_days, a, day, rules->recent_limit_steps, b);
        } else {
            add(t, "Best clean %s of the last %d days %s: at most %d steps of %s above it", ex,
                rules->recent_days, a, rules->recent_limit_steps, b);
        }
        break;
    case PROGRESSION_AWAY_SHORT:
    case PROGRESSION_AWAY_LONG:
        plates_format(u, r->best_g, a, sizeof a);
        add(t, "Away from %s %lld days: %d %% of %s", ex,
            (long long)(in->today - r->last_clean_day), r->pct, a);
        break;
    case PROGRESSION_START_LOAD:
        plates_format(u, in->start_load_g, a, sizeof a);
        add(t, "No clean %s in %d days: the trainer's start load %s", ex, rules->best_window_days,
            a);
        break;
    case PROGRESSION_EMPTY_BAR:
        add(t, "No clean %s in %d days and no start load: the empty bar", ex,
            rules->best_window_days);
        break;
    default:
        break;
    }
}

void progression_explain(const struct rules *rules, const struct progression_input *in,
                         const struct progression_result *r, char *out, size_t n)
{
    struct text t = {out, n, 0};
    if (n == 0)
        return;
    out[0] = '\0';
    const char *ex = in->exercise && in->exercise[0] ? in->exercise : "set";
    char a[24];
    switch (r->reason) {
    case PROGRESSION_NO_LIFT:
        add(&t, "Pain %d today: no lifting today", in->pain_today);
        return;
    case PROGRESSION_OVERRIDE:
        plates_format(rules->plates.unit, in->override_g, a, sizeof a);
        add(&t, "Set by a trainer for today: %s", a);
        if (r->rounded || r->below_bar)
            add_outcome(&t, rules, r);
        return;
    case PROGRESSION_PAIN_TODAY:
        plates_format(rules->plates.unit, r->hold_g, a, sizeof a);
        add(&t, "Pain %d today: no step, %d %% of %s", in->pain_today, r->pct, a);
        add_outcome(&t, rules, r);
        return;
    default:
        explain_history(&t, rules, in, r, ex);
        add_outcome(&t, rules, r);
    }
}

const char *progression_reason_str(enum progression_reason reason)
{
    switch (reason) {
    case PROGRESSION_STEP:
        return "Step";
    case PROGRESSION_HOLD_STANDING:
        return "Hold: new best";
    case PROGRESSION_HOLD_RECENT:
        return "Hold: lighter recent weeks";
    case PROGRESSION_HOLD_ATTEMPT:
        return "Hold: heavier set not clean";
    case PROGRESSION_AWAY_SHORT:
        return "Away a few weeks";
    case PROGRESSION_AWAY_LONG:
        return "Away a long time";
    case PROGRESSION_PAIN_LAST:
        return "Hold: pain last session";
    case PROGRESSION_START_LOAD:
        return "Start load";
    case PROGRESSION_EMPTY_BAR:
        return "Empty bar";
    case PROGRESSION_OVERRIDE:
        return "Trainer override";
    case PROGRESSION_PAIN_TODAY:
        return "Pain today";
    case PROGRESSION_TWO_FOR_TWO:
        return "Hold: 2-for-2";
    case PROGRESSION_SLOW:
        return "Hold: slow ramp set";
    case PROGRESSION_NO_LIFT:
        return "No lifting";
    }
    return "Unknown";
}
