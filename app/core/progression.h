/*
 * Today's allowed load for one lifter and exercise (DESIGN.md "Progression"), and the
 * reason for it in plain words. Pure: the caller hands in that exercise's set history
 * and today's check-in; every number is in struct rules.
 *
 * B is the heaviest clean set (clean, no stop flag) of the last best_window_days. With B:
 *  - away (days since this exercise's last clean set) away_short_days..away_long_days:
 *    away_short_pct of B; more: away_long_pct of B; no step;
 *  - else B + one step once B has stood stand_days, with no pain 4+ at the last session,
 *    (2-for-2 on) two sessions in a row whose last set went the reps over target, and
 *    (readiness on) a ramp set not clearly slower than usual; else B;
 *  - never more than recent_limit_steps of R's step above R, the heaviest clean set of
 *    the last recent_days (none there: of the last day with a clean set, but never above
 *    a set done since that day);
 *  - a set heavier than B in the last stand_days that was not clean: no step.
 * So marking a clean set unclean afterwards never raises a cap: what it showed stays.
 * Without B: the trainer's start load, else the empty bar. A trainer's override replaces
 * the cap; pain 4-5 today scales the cap without a step; pain 6+ allows nothing. Every
 * cap is rounded down to a load the rack's plates make; one under the bar is the bar,
 * and said. Unclean and stop-flagged sets never raise a cap: they do not count as B, R,
 * time at the rack or a 2-for-2 session.
 */
#ifndef PROGRESSION_H
#define PROGRESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules.h"

struct set_record {
    int64_t day; /* local days since 1970-01-01 */
    int32_t load_g;
    bool clean;      /* all target reps, tempo within tolerance */
    bool stopped;    /* a stop flag ended it */
    int target_reps; /* 0: not known */
    int done_reps;
    int vel_mmps; /* its reps' mean concentric velocity, 0 not measured (readiness.h) */
};

enum progression_reason {
    PROGRESSION_STEP,          /* B + one step */
    PROGRESSION_HOLD_STANDING, /* B has not stood 7 days: no step */
    PROGRESSION_HOLD_RECENT,   /* capped at two steps over the best of the last 14 days */
    PROGRESSION_AWAY_SHORT,    /* away 15-28 days: 90 % of B */
    PROGRESSION_AWAY_LONG,     /* away more than 28 days: 80 % of B */
    PROGRESSION_PAIN_LAST,     /* pain 4+ at the last session: no step */
    PROGRESSION_START_LOAD,    /* no clean set in 8 weeks: trainer's start load */
    PROGRESSION_EMPTY_BAR,     /* no clean set, no start load: the empty bar */
    PROGRESSION_OVERRIDE,      /* a trainer lifted the cap for today */
    PROGRESSION_PAIN_TODAY,    /* pain 4-5 today: no step, capped at rules.pain_cap_pct */
    PROGRESSION_TWO_FOR_TWO,   /* 2-for-2 on and not yet earned: no step */
    PROGRESSION_SLOW,          /* the last ramp set clearly slower than usual: no step */
    PROGRESSION_NO_LIFT,       /* pain 6+ today: no lifting */
    PROGRESSION_HOLD_ATTEMPT,  /* a heavier set than B in the last 7 days was not clean */
};

struct progression_input {
    const struct set_record *sets; /* this exercise only; within a day, in the order done */
    size_t n_sets;
    int64_t today;
    int64_t last_session_day; /* the lifter's last check-in before today, -1: never */
    int last_session_pain;    /* its pain, -1: unknown */
    int pain_today;
    bool upper_body;
    const char *exercise; /* for the reason: "squat"; NULL: "set" */
    /* this exercise's largest step per rack unit, thousandths of each unit (its
     * catalogue's step_max); both 0: the rules' by body half (rules_step_max_g) */
    int32_t step_max_mu[2];
    int32_t start_load_g; /* 0: none set */
    int32_t override_g;   /* 0: no override today */
    /* velocity readiness: the last ramp set's mean concentric velocity and the lifter's
     * usual one at that load, mm/s; 0: not known (no check) */
    int ramp_vel_mmps;
    int usual_vel_mmps;
    /* this exercise's drop that counts as clearly slower; 0: the rules' (readiness stays
     * off while the rules' is 0) */
    int readiness_drop_pct;
};

struct progression_result {
    int32_t cap_g;  /* 0 when no lifting is allowed */
    int32_t best_g; /* B, 0 when none */
    /* B as the rack's plates make it, the nearest load (the lighter at a tie): what the
     * lifter is shown, so a kilogram history on a pound rack reads 155 lb, not 154.3 */
    int32_t best_rack_g;
    int32_t step_g; /* one step for this B (0 when none); added only when reason is STEP */
    enum progression_reason reason;
    bool pain_capped; /* today's pain capped the load at rules.pain_cap_pct */
    bool below_bar;   /* the rule asked for less than the bar: the bar is what is given */
    bool rounded;     /* the rule's load was rounded down to the plates */
    /* what the reason sentence quotes */
    int64_t best_day;       /* the first day B was lifted */
    int64_t last_clean_day; /* -1 none */
    int32_t recent_g;       /* R, the 14-day limit's base */
    int32_t recent_step_g;
    bool recent_outside; /* R is the last clean day's best, older than the recent window */
    bool recent_since;   /* ... lowered to the lightest set done since that day */
    int32_t attempt_g;   /* the heaviest set over B in the stand window that was not clean */
    int64_t attempt_day;
    int32_t hold_g;      /* the cap before any step or today's pain, unrounded */
    int64_t want_g;      /* the rule's load before rounding */
    int pct;             /* away or pain percentage applied */
    int two_for_two_met; /* sessions in a row that went the reps over target (0..2) */
};

/*
 * Reasons rank: pain 6+ today, override, pain 4-5 today, then the history (no clean set,
 * away, pain last session, B not stood, 2-for-2, readiness, recent limit, step). Sets
 * dated after today are ignored.
 */
void progression_cap(const struct rules *rules, const struct progression_input *in,
                     struct progression_result *out);
/* The drop that counts as clearly slower for this exercise: its own, else the rules'; 0
 * (no check) while the rules' is 0. */
int progression_readiness_drop_pct(const struct rules *rules, const struct progression_input *in);

#define PROGRESSION_EXPLAIN_MAX 200
#define PROGRESSION_NAME_MAX    64 /* an exercise's name in a sentence */
/*
 * The cap's reason in plain words, in the rack's unit, e.g. "Last clean squat 100 kg on
 * 14 Nov, held a week: +2.5 kg" or "Away 21 days: 90 % of 100 kg, rounded down to 87.5
 * kg". The one sentence the plan screen, the trainer's view and rackside-ctl show.
 */
void progression_explain(const struct rules *rules, const struct progression_input *in,
                         const struct progression_result *r, char *out, size_t n);
/* The parts of the cap's sentences, each a format whose arguments are strings (phrase.h). */
enum progression_phrase {
    PHRASE_SET, /* the word for the exercise when none is named */
    PHRASE_BEST,
    PHRASE_HELD_WEEK,
    PHRASE_HELD_DAYS,
    PHRASE_STANDING_ONE,
    PHRASE_STANDING,
    PHRASE_ATTEMPT,
    PHRASE_PAIN_LAST,
    PHRASE_TWO_FOR_TWO,
    PHRASE_SLOW,
    PHRASE_RECENT_SINCE,
    PHRASE_RECENT_OUTSIDE,
    PHRASE_RECENT,
    PHRASE_AWAY,
    PHRASE_START_LOAD,
    PHRASE_EMPTY_BAR,
    PHRASE_NO_LIFT,
    PHRASE_OVERRIDE,
    PHRASE_PAIN_TODAY,
    PHRASE_UNDER_BAR_SUM,
    PHRASE_UNDER_BAR,
    PHRASE_ROUNDED,
    PHRASE_SUM,
    PHRASE_TODAY,
    PHRASE_OFFLINE_NEVER,
    PHRASE_OFFLINE_MIN,
    PHRASE_OFFLINE_H,
    PROGRESSION_PHRASES
};

/*
 * The words a sentence is written in: the phrases (a screen passes their translations),
 * the months' short names, the decimal sign, and the unit the reader reads loads in (the
 * rack's, or a lifter's own: the loads are the rack's plates' loads, converted).
 */
struct progression_words {
    const char *phrase[PROGRESSION_PHRASES];
    const char *month[12];
    const char *decimal_sign;
    enum rack_unit unit;
    /* the exercise's name keeps its capital mid-sentence (German nouns); else "Back squat"
     * is said "back squat" ("Best clean back squat", "Mejor serie limpia de sentadilla") */
    bool name_keeps_case;
};
extern const char *const progression_phrases_en[PROGRESSION_PHRASES];
extern const char *const progression_months_en[12];
/* English, loads in unit: what progression_explain writes. */
void progression_words_english(struct progression_words *w, enum rack_unit unit);

/* progression_explain in other words: the same sentence in a language and unit. */
void progression_explain_in(const struct rules *rules, const struct progression_input *in,
                            const struct progression_result *r, const struct progression_words *w,
                            char *out, size_t n);

/* The sentence of a cap held because the rack has not heard from the gym server for age_s
 * seconds (-1 never), in place of the progression's. */
void progression_explain_offline(int64_t age_s, const struct progression_words *w, char *out,
                                 size_t n);
/* The same sentence followed by the load it holds ("...: no step up until it is; today
 * 100 kg"), for an answer in words alone (rackside-ctl allowed): cap_g 0 adds nothing. */
void progression_explain_offline_load(int64_t age_s, int64_t cap_g,
                                      const struct progression_words *w, char *out, size_t n);

/* A short label for the reason kind, e.g. "Step", "Away". */
const char *progression_reason_str(enum progression_reason reason);

/* "14 Nov" for a day number. */
void progression_format_day(int64_t day, char *out, size_t n);

#endif
