/*
 * Today's allowed load for one lifter and exercise (DESIGN.md "Progression").
 * Pure: the caller hands in the set history and today's check-in.
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
    bool clean; /* all target reps, tempo within tolerance, no stop flag */
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
};

struct progression_input {
    const struct set_record *sets;
    size_t n_sets;
    int64_t today;
    int64_t last_session_day; /* -1: never */
    int last_session_pain;    /* -1: unknown */
    int pain_today;
    bool upper_body;
    int32_t start_load_g; /* 0: none set */
    int32_t override_g;   /* 0: no override today */
};

struct progression_result {
    int32_t cap_g;
    int32_t best_g; /* B, 0 when none */
    int32_t step_g; /* one step for this B (0 when none); added only when reason is STEP */
    enum progression_reason reason;
    bool pain_capped; /* today's pain capped the load at rules.pain_cap_pct */
};

/*
 * Caps come out rounded down to what the plates make and never under the empty bar;
 * an override is taken as the trainer gave it. Reasons rank: override, pain today, then
 * the history (no clean set, away, pain last session, B not stood, recent limit, step).
 * Sets dated after today are ignored; last_session_day falls back to the newest set.
 */
void progression_cap(const struct rules *rules, const struct progression_input *in,
                     struct progression_result *out);
/* A short sentence for the plan screen, e.g. "Best 100 kg stood 7 days: +5 kg". */
const char *progression_reason_str(enum progression_reason reason);

#endif
