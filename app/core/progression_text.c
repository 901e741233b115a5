/* The cap's reason in plain words: one sentence, quoted the same everywhere. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "phrase.h"
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

/* The English words: the sentences as rackside-ctl and the trainer's view give them, and
 * the source the screens translate (assets/i18n). Every argument is a string. */
const char *const progression_phrases_en[PROGRESSION_PHRASES] = {
    [PHRASE_SET] = "set",
    [PHRASE_BEST] = "Best clean %s %s on %s",
    [PHRASE_HELD_WEEK] = ", held a week: +%s",
    [PHRASE_HELD_DAYS] = ", held %s days: +%s",
    [PHRASE_STANDING_ONE] = ", 1 day ago: no step until it has held %2$s days",
    [PHRASE_STANDING] = ", %s days ago: no step until it has held %s days",
    [PHRASE_ATTEMPT] = "; %s on %s was not clean: no step",
    [PHRASE_PAIN_LAST] = "Pain %s at the last session (%s): no step; ",
    [PHRASE_TWO_FOR_TWO] = ": no step until the last set goes %s reps over target two sessions "
                           "in a row (%s so far)",
    [PHRASE_SLOW] = "Ramp set %s mm/s against a usual %s mm/s, over %s %% slower: no step; ",
    [PHRASE_RECENT_SINCE] = "No clean %s in the last %s days; %s done since the last clean "
                            "one: at most %s steps of %s above it",
    [PHRASE_RECENT_OUTSIDE] = "No clean %s in the last %s days; the last was %s on %s: at most "
                              "%s steps of %s above it",
    [PHRASE_RECENT] = "Best clean %s of the last %s days %s: at most %s steps of %s above it",
    [PHRASE_AWAY] = "Away from %s %s days: %s %% of %s",
    [PHRASE_START_LOAD] = "No clean %s in %s days: the trainer's start load %s",
    [PHRASE_EMPTY_BAR] = "No clean %s in %s days and no start load: the empty bar",
    [PHRASE_NO_LIFT] = "Pain %s today: no lifting today",
    [PHRASE_OVERRIDE] = "Set by a trainer for today: %s",
    [PHRASE_PAIN_TODAY] = "Pain %s today: no step, %s %% of %s",
    [PHRASE_UNDER_BAR_SUM] = " = %s, under the %s bar: the empty bar is the least this rack "
                             "loads; a lighter bar is the lifter's call",
    [PHRASE_UNDER_BAR] = "; %s, under the %s bar: the empty bar is the least this rack loads; a "
                         "lighter bar is the lifter's call",
    [PHRASE_ROUNDED] = ", rounded down to %s",
    [PHRASE_SUM] = " = %s",
    [PHRASE_TODAY] = "; today %s",
    [PHRASE_OFFLINE_NEVER] = "Not yet in touch with the gym server: no step up today",
    [PHRASE_OFFLINE_MIN] = "Gym server not heard for %s min: no step up until it is",
    [PHRASE_OFFLINE_H] = "Gym server not heard for %s h: no step up until it is",
};

const char *const progression_months_en[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void progression_words_english(struct progression_words *w, enum rack_unit unit)
{
    for (int i = 0; i < PROGRESSION_PHRASES; i++)
        w->phrase[i] = progression_phrases_en[i];
    for (int i = 0; i < 12; i++)
        w->month[i] = progression_months_en[i];
    w->decimal_sign = ".";
    w->unit = unit;
    w->name_keeps_case = false;
}

static void format_day(const struct progression_words *w, int64_t day, char *out, size_t n)
{
    int year, month, mday;
    civil_from_days(day, &year, &month, &mday);
    snprintf(out, n, "%d %s", mday, w->month[month - 1]);
}

void progression_format_day(int64_t day, char *out, size_t n)
{
    struct progression_words w;
    progression_words_english(&w, RACK_KG);
    format_day(&w, day, out, n);
}

struct text {
    char *out;
    size_t n, len;
    const struct progression_words *w;
};

/* Appends the phrase filled with its arguments (strings, NULL-terminated). */
static void add(struct text *t, enum progression_phrase which, ...)
{
    if (t->len >= t->n)
        return;
    const char *args[PHRASE_MAX_ARGS];
    int n_args = 0;
    va_list ap;
    va_start(ap, which);
    for (const char *a; n_args < PHRASE_MAX_ARGS && (a = va_arg(ap, const char *));)
        args[n_args++] = a;
    va_end(ap);
    phrase_fill(t->out + t->len, t->n - t->len, t->w->phrase[which], args, n_args);
    t->len += strlen(t->out + t->len);
}

/* A load in the reader's unit and decimal sign: "102,5 kg", "226 lb". */
static void load(const struct text *t, int64_t g, char out[24], size_t n)
{
    char num[24];
    plates_format(t->w->unit, g, num, sizeof num);
    phrase_number(out, n, num, t->w->decimal_sign);
}

static void num(char *out, size_t n, long long v)
{
    snprintf(out, n, "%lld", v);
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
static void add_outcome(struct text *t, const struct progression_result *r)
{
    bool sum = ends_in_sum(r->reason);
    char cap[24];
    load(t, r->cap_g, cap, sizeof cap);
    if (r->below_bar) {
        char want[24];
        load(t, r->want_g, want, sizeof want);
        add(t, sum ? PHRASE_UNDER_BAR_SUM : PHRASE_UNDER_BAR, want, cap, NULL);
    } else if (r->rounded) {
        add(t, PHRASE_ROUNDED, cap, NULL);
    } else if (r->reason == PROGRESSION_START_LOAD) {
        return; /* the sentence already gave the load */
    } else if (sum) {
        add(t, PHRASE_SUM, cap, NULL);
    } else {
        add(t, PHRASE_TODAY, cap, NULL);
    }
}

static void add_best(struct text *t, const char *ex, const struct progression_result *r)
{
    char best[24], day[16];
    load(t, r->best_g, best, sizeof best);
    format_day(t->w, r->best_day, day, sizeof day);
    add(t, PHRASE_BEST, ex, best, day, NULL);
}

static void explain_recent(struct text *t, const struct rules *rules,
                           const struct progression_result *r, const char *ex)
{
    char a[24], b[24], day[16], days[16], steps[16];
    load(t, r->recent_g, a, sizeof a);
    load(t, r->recent_step_g, b, sizeof b);
    num(days, sizeof days, rules->recent_days);
    num(steps, sizeof steps, rules->recent_limit_steps);
    if (r->recent_since) {
        add(t, PHRASE_RECENT_SINCE, ex, days, a, steps, b, NULL);
    } else if (r->recent_outside) {
        format_day(t->w, r->last_clean_day, day, sizeof day);
        add(t, PHRASE_RECENT_OUTSIDE, ex, days, a, day, steps, b, NULL);
    } else {
        add(t, PHRASE_RECENT, ex, days, a, steps, b, NULL);
    }
}

static void explain_history(struct text *t, const struct rules *rules,
                            const struct progression_input *in, const struct progression_result *r,
                            const char *ex)
{
    char a[24], b[24], c[24], day[16];
    int64_t held = in->today - r->best_day;
    switch (r->reason) {
    case PROGRESSION_STEP:
        add_best(t, ex, r);
        load(t, r->step_g, a, sizeof a);
        num(b, sizeof b, held);
        if (held == DAYS_A_WEEK)
            add(t, PHRASE_HELD_WEEK, a, NULL);
        else
            add(t, PHRASE_HELD_DAYS, b, a, NULL);
        break;
    case PROGRESSION_HOLD_STANDING:
        add_best(t, ex, r);
        num(a, sizeof a, held);
        num(b, sizeof b, rules->stand_days);
        add(t, held == 1 ? PHRASE_STANDING_ONE : PHRASE_STANDING, a, b, NULL);
        break;
    case PROGRESSION_HOLD_ATTEMPT:
        add_best(t, ex, r);
        load(t, r->attempt_g, a, sizeof a);
        format_day(t->w, r->attempt_day, day, sizeof day);
        add(t, PHRASE_ATTEMPT, a, day, NULL);
        break;
    case PROGRESSION_PAIN_LAST:
        format_day(t->w, in->last_session_day, day, sizeof day);
        num(a, sizeof a, in->last_session_pain);
        add(t, PHRASE_PAIN_LAST, a, day, NULL);
        add_best(t, ex, r);
        break;
    case PROGRESSION_TWO_FOR_TWO:
        add_best(t, ex, r);
        num(a, sizeof a, rules->two_for_two_reps);
        num(b, sizeof b, r->two_for_two_met);
        add(t, PHRASE_TWO_FOR_TWO, a, b, NULL);
        break;
    case PROGRESSION_SLOW:
        num(a, sizeof a, in->ramp_vel_mmps);
        num(b, sizeof b, in->usual_vel_mmps);
        num(c, sizeof c, progression_readiness_drop_pct(rules, in));
        add(t, PHRASE_SLOW, a, b, c, NULL);
        add_best(t, ex, r);
        break;
    case PROGRESSION_HOLD_RECENT:
        explain_recent(t, rules, r, ex);
        break;
    case PROGRESSION_AWAY_SHORT:
    case PROGRESSION_AWAY_LONG:
        load(t, r->best_g, a, sizeof a);
        num(b, sizeof b, in->today - r->last_clean_day);
        num(c, sizeof c, r->pct);
        add(t, PHRASE_AWAY, ex, b, c, a, NULL);
        break;
    case PROGRESSION_START_LOAD:
        load(t, in->start_load_g, a, sizeof a);
        num(b, sizeof b, rules->best_window_days);
        add(t, PHRASE_START_LOAD, ex, b, a, NULL);
        break;
    case PROGRESSION_EMPTY_BAR:
        num(b, sizeof b, rules->best_window_days);
        add(t, PHRASE_EMPTY_BAR, ex, b, NULL);
        break;
    default:
        break;
    }
}

void progression_explain_in(const struct rules *rules, const struct progression_input *in,
                            const struct progression_result *r, const struct progression_words *w,
                            char *out, size_t n)
{
    struct text t = {out, n, 0, w};
    if (n == 0)
        return;
    out[0] = '\0';
    const char *ex = in->exercise && in->exercise[0] ? in->exercise : w->phrase[PHRASE_SET];
    char name[PROGRESSION_NAME_MAX];
    if (ex == in->exercise && !w->name_keeps_case) {
        /* a small first letter mid-sentence, unless the name is in capitals (RDL) */
        snprintf(name, sizeof name, "%s", ex);
        if (name[0] >= 'A' && name[0] <= 'Z' && !(name[1] >= 'A' && name[1] <= 'Z'))
            name[0] = (char)(name[0] - 'A' + 'a');
        ex = name;
    }
    char a[24], b[24];
    switch (r->reason) {
    case PROGRESSION_NO_LIFT:
        num(a, sizeof a, in->pain_today);
        add(&t, PHRASE_NO_LIFT, a, NULL);
        return;
    case PROGRESSION_OVERRIDE:
        load(&t, in->override_g, a, sizeof a);
        add(&t, PHRASE_OVERRIDE, a, NULL);
        if (r->rounded || r->below_bar)
            add_outcome(&t, r);
        return;
    case PROGRESSION_PAIN_TODAY:
        load(&t, r->hold_g, a, sizeof a);
        num(b, sizeof b, in->pain_today);
        char pct[16];
        num(pct, sizeof pct, r->pct);
        add(&t, PHRASE_PAIN_TODAY, b, pct, a, NULL);
        add_outcome(&t, r);
        return;
    default:
        explain_history(&t, rules, in, r, ex);
        add_outcome(&t, r);
    }
}

void progression_explain(const struct rules *rules, const struct progression_input *in,
                         const struct progression_result *r, char *out, size_t n)
{
    struct progression_words w;
    progression_words_english(&w, rules->plates.unit);
    progression_explain_in(rules, in, r, &w, out, n);
}

void progression_explain_offline(int64_t age_s, const struct progression_words *w, char *out,
                                 size_t n)
{
    char a[24];
    if (age_s < 0) {
        phrase_fill(out, n, w->phrase[PHRASE_OFFLINE_NEVER], NULL, 0);
        return;
    }
    bool minutes = age_s < 3600;
    num(a, sizeof a, minutes ? age_s / 60 : age_s / 3600);
    const char *args[] = {a};
    phrase_fill(out, n, w->phrase[minutes ? PHRASE_OFFLINE_MIN : PHRASE_OFFLINE_H], args, 1);
}

void progression_explain_offline_load(int64_t age_s, int64_t cap_g,
                                      const struct progression_words *w, char *out, size_t n)
{
    progression_explain_offline(age_s, w, out, n);
    if (cap_g <= 0)
        return;
    struct text t = {out, n, strlen(out), w};
    char cap[24];
    load(&t, cap_g, cap, sizeof cap);
    add(&t, PHRASE_TODAY, cap, NULL);
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
