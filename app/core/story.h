/*
 * A lifter's story for a trainer: the last 8 weeks per exercise (the load of each session
 * against the cap the rules gave that day, the load-velocity points and their fitted
 * line), the pain answers, warm-ups done or skipped, flags, and what trainers did.
 *
 * The store fills the raw records (store_query_story); story_compute works out what the
 * pictures show (sessions, cap line, fitted line, scales), so the screen only draws.
 * Pure: no I/O, no clock (the story's today comes with the records).
 */
#ifndef STORY_H
#define STORY_H

#include <stdbool.h>
#include <stdint.h>

#include "rules.h"

#define STORY_DAYS          56 /* 8 weeks */
#define STORY_MAX_EXERCISES 8
#define STORY_MAX_SETS      96 /* per exercise: the newest kept */
#define STORY_MAX_DAYS      STORY_DAYS
#define STORY_MAX_FLAGS     64
#define STORY_MAX_ACTIONS   16
#define STORY_NAME_MAX      48
#define STORY_NOTE_MAX      96

struct story_set {
    int64_t day; /* the gym day */
    int32_t load_g;
    int vel_mmps; /* the set's mean concentric velocity over its reps, 0 unknown */
    bool clean;
    bool stopped;
};

/* One session of an exercise: its heaviest set and the cap the rules gave that day. */
struct story_session {
    int64_t day;
    int32_t top_g;
    int32_t cap_g; /* from the sets before that day (0: not worked out) */
    bool clean;    /* the heaviest set was clean */
    bool stopped;  /* a set that day was stopped */
};

struct story_exercise {
    int64_t exercise_id;
    char name[32];
    bool upper_body;
    int32_t start_load_g;                  /* the trainer's, 0 none */
    struct story_set sets[STORY_MAX_SETS]; /* oldest first */
    int n_sets;

    /* worked out by story_compute */
    struct story_session sessions[STORY_MAX_DAYS];
    int n_sessions;
    int32_t load_lo_g, load_hi_g; /* the load axis: every session's load and cap within */
    int vel_hi_mmps;              /* the velocity axis' top */
    int32_t lv_lo_g, lv_hi_g;     /* the load-velocity picture's load axis */
    int fit_n;                    /* load-velocity points with a velocity */
    bool fit_ok;                  /* a line could be fitted (two loads or more) */
    double fit_v0_mmps;           /* velocity = fit_v0_mmps + fit_mmps_per_kg * load_kg */
    double fit_mmps_per_kg;
};

/* A gym day's check-in: the highest pain answered, and the warm-up. */
struct story_day {
    int64_t day;
    int pain;      /* -1 not answered that day */
    bool red_flag; /* a red-flag question answered yes */
    bool warmup_done;
    bool warmup_skipped;
};

struct story_flag {
    int64_t day;
    int kind;     /* enum flag_kind */
    int severity; /* enum severity */
    bool acked;
};

/* A trainer's action about the lifter, newest first. */
struct story_action {
    int64_t t_wall_us;
    char by[STORY_NAME_MAX];
    bool by_operator; /* rackside-ctl's, no trainer badge: by says "the operator" */
    char what[24];    /* "acknowledged", "cleared to lift", "start load", "cap for today" */
    char note[STORY_NOTE_MAX]; /* for a load: "Squat 62.5 kg: reason" (English, kg) */
    bool has_load;             /* a start load or a cap: */
    int32_t load_g;            /* its load, */
    char exercise[32];         /* its exercise's name (the catalogue's English) */
    char reason[STORY_NOTE_MAX];
};

struct lifter_story {
    int64_t member_id;
    char name[STORY_NAME_MAX];
    int64_t today; /* the gym day the story ends on */
    struct story_exercise ex[STORY_MAX_EXERCISES];
    int n_ex;
    struct story_day days[STORY_MAX_DAYS]; /* days with a check-in, oldest first */
    int n_days;
    struct story_flag flags[STORY_MAX_FLAGS]; /* oldest first */
    int n_flags;
    struct story_action actions[STORY_MAX_ACTIONS];
    int n_actions;
};

/* Works out each exercise's sessions, cap line, fitted line and axes from the records. */
void story_compute(struct lifter_story *st, const struct rules *rules);

#endif
