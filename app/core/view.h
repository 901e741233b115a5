/*
 * What the screens show, as the core decided it at one moment: a read-only view of the
 * session, made by session_view(). Screens read this and nothing else of the session. The
 * numbers in it are already worked out (today's allowed load, the next set's load, the
 * timers, the tempo phase and its target), and every control's enabled state is the
 * answer session_can() gave when the view was made (view_can).
 *
 * Pointers in the view point into the session: the view is valid until the session next
 * changes (the next session_* call), which is all a frame needs.
 */
#ifndef VIEW_H
#define VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "cue.h"
#include "plate_loading.h"
#include "session.h"
#include "set_summary.h"

/*
 * session_can is asked for every argument -1..VIEW_ARGS-1 of every action the screen
 * offers. The actions that take arguments beyond that (ACTION_LOAD_STEP's and
 * ACTION_DECLARE_LOAD's grams) decide by the argument's sign, so they are asked once
 * more below (-VIEW_ARGS) and once above (VIEW_ARGS).
 */
#define VIEW_ARGS 64

/* Check-in and advice. */
struct view_checkin {
    int pain;                 /* -1 until answered */
    const bool *red_flags;    /* RED_FLAG_QUESTIONS: answered yes */
    const bool *red_answered; /* RED_FLAG_QUESTIONS: answered at all */
    bool body_known;          /* weighed in */
    int32_t body_g;
    bool red_flag; /* advice: sent home for a red flag (now or earlier today), not for pain */
    bool urgent;   /* advice: one of the red flags answered yes is worded as urgent */
    /* the enrolment screen (core/screening.h) */
    const bool *screening_yes;      /* SCREENING_QUESTIONS: answered yes */
    const bool *screening_answered; /* SCREENING_QUESTIONS: answered at all */
    bool screening_wait;            /* advice: a history yes waits for a trainer's clearance */
};

/* The warm-up's current step and its timers. */
struct view_warmup {
    const struct warmup_step *steps;
    int n_steps;
    int step;        /* the current step, within 0..n_steps-1 */
    int64_t step_us; /* the step's length */
    int64_t into_us; /* time into the step, never negative */
    int left_s;      /* whole seconds left on the step's timer */
    bool step_done;  /* its timer has run */
    int total_s;     /* time since the warm-up began */
    int min_s;       /* the warm-up's minimum */
    bool min_met;    /* total_s has reached it */
};

/* Plan, set, rest and stop: the lifter's visit. */
struct view_lift {
    const struct exercise *exercises;
    int n_exercises;
    const struct plan *plan;
    const struct exercise *exercise; /* the plan's exercise, NULL none chosen */
    int32_t next_g;                  /* the load of the set Start set begins */
    int next_set;    /* that set in the plan (flow_next_set), -1 none: the empty bar */
    bool next_ramp;  /* it is a ramp set, else a work set */
    int next_number; /* its number among the ramp or the work sets (Ramp 1, Work 2) */
    bool all_done;   /* every planned set is done */
    int32_t empty_bar_g;
    enum rack_unit unit; /* every load is shown in it: the reader's own unit, else the rack's */
    enum rack_unit plate_unit;    /* the rack's unit: its plates are named in it */
    struct loading_plates plates; /* the rack's plates, heaviest first: the loading picture */
    const struct rules *rules;    /* for the cap's sentence in the reader's words */
    const int *tempo_ms;          /* 4: eccentric, bottom pause, concentric, top pause */

    const struct live_set *set;          /* the set in progress, or the last one */
    const struct exercise *set_exercise; /* its exercise, NULL unknown */
    enum rep_phase phase;                /* where the bar is in the rep */
    int phase_target_ms;                 /* the tempo's time for it (at the top, the top pause
                                            while the cue counts it), 0 none */
    int64_t phase_into_us;               /* time into the phase, never negative */
    /* the set screen's cue word, as the cues lead (core/cue.h): */
    bool cue_off;       /* the bar unit is not connected: no phase, no sweep; rack the bar */
    int count_in;       /* the count-in's number as its pip plays (3, 2, 1), 0 none */
    enum cue_lead lead; /* the way a "go" said to go, the bar not moved yet; NONE: phase */
    bool split_uneven;  /* the left/right split is beyond the limit */
    /* how the set goes so far (the last set while resting): its reps against the set's own
     * cue and the rules' velocity loss limit */
    struct set_summary summary;

    int64_t rest_left_us; /* until the rest ends (negative once it has) */
    int64_t rest_us;      /* the rest's length */

    enum flag_kind stop_reason;
    bool stop_ends_day;                  /* pain or a red flag: no more lifting today */
    const char *stop_detail;             /* what the stopping flag saw, "" none */
    const struct raised_flag *stop_flag; /* the flag that stopped the set (flag_text.h), NULL
                                            none */
};

/* What the Loads page asks for before Save can be pressed. */
enum view_load_hint { VIEW_LOAD_READY, VIEW_LOAD_CHOOSE_LIFTER, VIEW_LOAD_CHOOSE_REASON };

/* The Calibrate page: the step, the live reading and what the captures gave. */
struct view_calibrate {
    enum cal_step step;
    bool middle; /* the weight goes once in the middle, not over each side */
    bool lb;     /* the weight is in lb (the rack's unit), else kg */
    int weight;  /* the known weight, whole kg or lb */
    double weight_g;
    int32_t live_g; /* the plate's load as the current calibration reads it */
    int32_t live_side_g[PLATE_SIDES];
    int32_t raw[PLATE_SIDES]; /* the last sample's counts */
    bool stable;              /* the load filter calls the plate steady */
    bool ready;               /* ... long enough for Capture */
    bool fault;
    const char *fault_msg;
    bool solved;
    struct load_calibration result;
    double residual_g; /* the check reading less the weight */
    bool saving, saved, failed;
    const char *msg;     /* why a solve or a save failed, or what the save did, "" none */
    const char *msg_fmt; /* msg's English format, NULL: msg as it stands */
    const char *msg_arg; /* its argument: a string, or */
    double msg_pct;      /* a percentage (>= 0) in the reader's decimals */
};

/* The trainer's screens (PIN, flags, flag detail, Loads, Calibrate). */
struct view_trainer {
    int pin_len; /* digits entered; the digits themselves are not in the view */
    int pin_digits;
    bool pin_wrong;
    bool pin_checking;

    const struct flag_view *flags;
    int n_flags;
    int n_open; /* flags not acknowledged */
    /* the list as shown: review->order[pos] indexes flags; groups by lifter, filters */
    const struct trainer_review *review;
    int flags_first;  /* the first position on the page shown, within review's order */
    int flags_offset; /* the window's first among all the flags the filters keep
                         (ACTION_FLAGS_PAGE's arg counts among them all) */
    int flags_total;  /* how many flags the filters keep */
    int flags_days_back;
    bool flags_loading;
    bool flags_failed;                 /* the store could not read the list */
    const char *flags_error;           /* ... why, in the store's words ("" none) */
    const struct flag_view *open_flag; /* the flag shown in detail, NULL none */
    const struct set_detail *detail;   /* its set's evidence, NULL not loaded (yet) */

    const struct lifter_view *lifters;
    int n_lifters;
    int lifters_first; /* within the list */
    bool lifters_loading;
    int lifters_offset;    /* the list's first among all the matches (ACTION_LIFTERS_PAGE's arg
                              counts among them all) */
    int lifters_total;     /* how many match in all */
    bool lifters_pageable; /* the list pages here now (the Loads' first step, the Enrol list) */
    int load_lifter;       /* index into lifters, -1 none */
    int load_exercise;     /* index into lift.exercises */
    bool load_override;
    int32_t load_g;
    int load_reason; /* -1 none */
    bool load_saving;
    const char *load_msg; /* what the last save did, "" none */
    /* ... as a phrase (trainer_load_phrases_en; NULL none) and its arguments: the lifter,
     * the exercise and the load in the reader's unit, or a refusal's reason */
    const char *load_say;
    char load_args[3][NOTE_MAX_LEN];
    int n_load_args;
    /* the exercise load_args names, an index into lift.exercises (said in the reader's
     * words from its catalogue entry), -1 when they name none */
    int load_said_exercise;
    bool load_failed;
    enum view_load_hint load_hint;
    int load_page; /* 0: who and what, 1: how much */
    /* the Loads page's steps in grams (ACTION_LOAD_STEP's arg): a pair of the rack's lightest
     * plates, and four of those (2.5 and 10 kg; 5 and 20 lb) */
    int32_t load_step_g[2];

    /* a lifter's story: the records and what story_compute worked out from them */
    const struct lifter_story *story;
    bool story_loading;
    bool story_failed; /* the store could not read it */
    int story_ex;      /* the exercise shown, -1 none (no sets in 8 weeks) */

    /* a typed note: what is typed so far, the keyboard's layer (session_note_key) */
    const char *note;
    int note_len, note_max;
    int note_layer;
    bool note_clear; /* the note is a clearance's reason */

    /* enrolment at the rack: the step (enum enrol_step), the badge ("" none yet), the
     * member chosen (index into lifters, -1 none), what the last tap or save did; the name
     * typed is note, at most enrol_name_max bytes */
    int enrol_step;
    const char *enrol_uid;
    int enrol_pick;
    bool enrol_saving;
    bool enrol_failed;
    const char *enrol_msg;
    const char *enrol_msg_fmt; /* enrol_msg's English format, NULL: enrol_msg as it stands */
    const char *enrol_msg_args[ENROL_MSG_ARGS];
    int enrol_name_max;
    /* taking a badge away: whether, the member, their badges, the one picked (-1 none) */
    bool enrol_take;
    const char *enrol_member;
    const char (*enrol_badges)[ENROL_UID_MAX];
    int enrol_n_badges;
    bool enrol_badges_loading;
    int enrol_badge_pick;

    struct view_calibrate cal;
    /* changing one's own PIN: the step (enum pin_change_step), digits typed (never the
     * digits), whether the store is saving, what the last step did */
    int pc_step;
    int pc_len;
    bool pc_saving;
    bool pc_failed;
    const char *pc_msg;     /* an English phrase, "" none */
    const char *pc_msg_arg; /* its %s, if it takes one */

    /* the lifter the trainer's screens sit on: their cap on the exercise planned and its
     * reason, the sentence the plan and rackside-ctl allowed show ("" none planned) */
    int32_t lifter_cap_g;
    const char *lifter_cap_why;
    int64_t lifter_id;           /* that lifter's member id, 0 none held */
    const char *lifter_exercise; /* the exercise planned, "" none */
    /* what the reason says, for the reader's own words (view_lifter_cap_explain) */
    const struct plan *lifter_plan;   /* NULL none planned */
    const struct exercise *lifter_ex; /* its exercise, NULL none */
    const struct rules *lifter_rules;
};

/* --- gym server: the rack's link, for the small indicator --- */
struct view_server {
    bool enabled;  /* the rack belongs to a gym server */
    bool offline;  /* not heard from it for longer than the limit: no step up */
    int64_t age_s; /* since the last sync, -1 never */
    long refused;  /* records the server refused, set aside: said on the trainer's flags page */
};
/* --- end of gym server --- */

struct session_view {
    enum screen screen;
    uint64_t generation; /* changes with everything the screens show but the clock */
    int64_t now_us;
    const char *name; /* whoever is logged in (on the trainer's screens, the trainer) */

    /* enabled controls, from session_can: bit arg of can[action] for arg 0..VIEW_ARGS-1 */
    uint64_t can[ACTION_COUNT];
    bool can_minus_one[ACTION_COUNT]; /* argument -1 (the day after) */
    bool can_below[ACTION_COUNT];     /* arguments below -1 */
    bool can_above[ACTION_COUNT];     /* arguments VIEW_ARGS and over */

    bool idle_countdown;
    int idle_seconds_left;
    const char *notice; /* the line over the screen, "" none */
    const char *banner; /* attract: a short message ("badge not known"), "" none */
    /* notice or banner composed with names or numbers: its English format (NULL: the text
     * is whole) and arguments, for the screen to say in the reader's language */
    const char *notice_fmt;
    const char *notice_args[BANNER_ARGS];
    /* the reader's own language ("" : the rack's), and whether their choices show */
    const char *lang;
    enum text_pref text_pref; /* their own text size, TEXT_PREF_RACK: the rack's */
    bool prefs_open;
    bool plate_fault;
    const char *plate_fault_msg; /* "" when the plate gave none */
    bool bar_connected;

    struct view_checkin checkin;
    struct view_warmup warmup;
    struct view_lift lift;
    struct view_trainer trainer;
    struct view_server server; /* gym server */
};

/* The view of the session at now_us. */
void session_view(const struct session *s, int64_t now_us, struct session_view *out);

/* Whether the control (action, arg) is enabled: session_can's answer in the view. */
bool view_can(const struct session_view *v, enum action action, int arg);
/* ACTION_LIFTERS_PAGE's enabled state for any position among all the matches (they go past
 * VIEW_ARGS): session_can's answer, from the view. */
bool view_lifters_page_can(const struct session_view *v, int first);
/* The same for ACTION_FLAGS_PAGE: positions among all the flags the filters keep. */
bool view_flags_page_can(const struct session_view *v, int first);

/* What the session looks like to the cue schedule at t_us: the speaker plays what the
 * schedule decides from this and reads nothing else of the session. */
void session_cue_input(const struct session *s, int64_t t_us, struct cue_input *in);

/*
 * The plan's cap sentence in other words (w: a language's phrases and the reader's unit),
 * the exercise named as exercise (NULL: as the plan has it). The same sentence as the
 * plan's cap_why, which is English in the rack's unit.
 */
void view_cap_explain(const struct view_lift *l, const struct progression_words *w,
                      const char *exercise, char *out, size_t n);
/* The same for the lifter the trainer's screens sit on (t->lifter_plan; "" none planned). */
void view_lifter_cap_explain(const struct view_trainer *t, const struct progression_words *w,
                             const char *exercise, char *out, size_t n);

/* Planned set i's number among the ramp or the work sets (1 for the first of each): the
 * plan's list and its plate line name a set the same way. */
int view_set_number(const struct plan *p, int i);

#endif
