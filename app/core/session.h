/*
 * The kiosk's session flow (DESIGN.md "A session at the rack") as one state machine.
 *
 * Pure: no I/O and no clock of its own. Every entry point takes the time it acts at
 * (t_us, the kiosk's monotonic clock). Inputs are device readings (plate loads, IMU
 * samples, badges already resolved by the store), touches turned into actions by the
 * UI, and answers to requests. Outputs are the state the UI draws (read the struct,
 * never write it) and effects (records to store, requests to answer) that the caller
 * drains with session_next_effect().
 */
#ifndef SESSION_H
#define SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalogue.h"
#include "cue.h"
#include "imu_record.h"
#include "load.h"
#include "offline.h"
#include "pin_lockout.h"
#include "progression.h"
#include "rep.h"
#include "rules.h"
#include "screening.h"
#include "story.h"

enum screen {
    SCREEN_ATTRACT,
    SCREEN_CHECKIN,
    SCREEN_ADVICE,
    SCREEN_WARMUP,
    SCREEN_PLAN,
    SCREEN_SET,
    SCREEN_REST,
    SCREEN_STOP,
    SCREEN_TRAINER_PIN,
    SCREEN_FLAGS,
    SCREEN_FLAG_DETAIL,
    SCREEN_TRAINER_LOADS, /* a lifter's start load, or a cap lifted for today */

    /* the plate's zero and scale with a known weight */
    SCREEN_TRAINER_CALIBRATE,
    SCREEN_PIN_CHANGE, /* a trainer changes their own PIN (core/pin_change.c) */
    SCREEN_SCREENING,  /* the enrolment screen's history questions (core/screening.h) */
    SCREEN_STORY,      /* a lifter's last 8 weeks, from a flag (core/trainer_story.c) */
    SCREEN_NOTE,       /* a typed note to acknowledge a flag (core/trainer_note.c) */
    SCREEN_ENROL,      /* a new badge given to a new or existing member (core/trainer_enrol.c) */
    SCREEN_COUNT
};
const char *screen_name(enum screen screen); /* "attract", "check-in", ... */

enum role { ROLE_LIFTER, ROLE_TRAINER };

enum flag_kind {
    FLAG_OVERLOAD,
    FLAG_RUSHED,
    FLAG_MOMENTUM,
    FLAG_ASYMMETRY,
    FLAG_VELOCITY_LOSS,
    FLAG_PAIN,
    FLAG_RED_FLAG,
    FLAG_WARMUP_SKIPPED,
    FLAG_SET_ABANDONED,
    FLAG_DEVICE_FAULT,
    FLAG_PIN_LOCKOUT, /* too many wrong trainer PINs: trainer access locked */
    FLAG_SCREENING,   /* the enrolment screen had a yes: a trainer's clearance is needed */
    FLAG_GRIND,       /* a rep under the exercise's minimum speed: near failure, the set ends */
    FLAG_KIND_COUNT
};
enum severity { SEVERITY_INFO, SEVERITY_CAUTION, SEVERITY_STOP };
#define SEVERITIES 3

const char *flag_kind_id(enum flag_kind kind);    /* stable id stored in the database */
const char *flag_kind_label(enum flag_kind kind); /* for people: "Overload attempt" */
enum severity flag_kind_severity(enum flag_kind kind);
const char *severity_label(enum severity sev); /* "info", "caution", "stop" */
/* -1 when the id is unknown. */
int flag_kind_from_id(const char *id);

enum light { LIGHT_OFF, LIGHT_GREEN, LIGHT_AMBER, LIGHT_RED };

#define NAME_MAX_LEN     48
#define NOTE_MAX_LEN     96
#define PIN_HASH_MAX_LEN 128
#define PIN_MAX_DIGITS   8

/* An exercise the rack offers (seeded in the store). */
struct exercise {
    int64_t id;
    char name[32];
    bool upper_body;
    bool on_plate;   /* false: load declared by the lifter (bench press) */
    int target_reps; /* per working set */
    int work_sets;
    bool con_first; /* a rep starts with the lift (deadlift from the floor, press from the
                       shoulders), not with the lowering */
    /* --- from the exercise catalogue (core/catalogue.h) --- */
    char key[24];           /* "squat": how records and rackside-ctl name it, "" unknown */
    int tempo_ms[4];        /* all 0: the rules' tempo */
    int min_vel_mmps;       /* 0: none */
    int32_t step_max_mu[2]; /* its largest step per rack unit (catalogue.h), 0 0: by body */
    struct catalogue_text names[CATALOGUE_LANGS_MAX]; /* name in other languages (name.de) */
    int n_names;
    /* this exercise's velocity-readiness drop, 0: the rules' */
    int readiness_drop_pct;
};

#define SESSION_MAX_EXERCISES 8
#define SESSION_MAX_HISTORY   64

struct exercise_history {
    int64_t exercise_id;
    struct set_record sets[SESSION_MAX_HISTORY]; /* last 8 weeks, any order */
    size_t n_sets;
    int32_t start_load_g; /* trainer's start load, 0 none */
    int32_t override_g;   /* trainer's cap for today, 0 none */
    int sets_today;       /* sets done (not stopped) earlier in the gym's day */
};

/* What the store knows of a lifter's gym day so far: decisions that hold all day. */
struct day_record {
    bool no_lift;                /* a red flag or pain 6+ today, not cleared by a trainer */
    bool red_flag;               /* ... because of a red flag */
    int pain_max;                /* the highest pain reported today since a clearance, -1 none */
    int64_t warmup_done_wall_us; /* the last warm-up finished today, 0 none */
};

/* A member's own display (core/prefs.h): the unit their loads are shown in. */
enum unit_pref { UNIT_PREF_RACK, UNIT_PREF_KG, UNIT_PREF_LB };
/* ... and the size of their text: the rack's ([kiosk] text_size), normal or large. */
enum text_pref { TEXT_PREF_RACK, TEXT_PREF_NORMAL, TEXT_PREF_LARGE };
#define LANG_CODE_MAX 4

/* Who tapped in, as the store knows them. */
struct member_profile {
    int64_t id;
    char name[NAME_MAX_LEN];
    enum role role;
    char pin_hash[PIN_HASH_MAX_LEN]; /* trainers */
    int64_t today;                   /* local day number, for progression */
    int64_t last_session_day;        /* -1 never */
    int last_session_pain;           /* -1 unknown */
    struct day_record day;
    struct exercise_history hist[SESSION_MAX_EXERCISES];
    size_t n_hist;
    struct screening_record screening; /* the last enrolment screen (day -1: never) */
    char lang[LANG_CODE_MAX];          /* their own language ("en", "es", "de"), "": the rack's */
    enum unit_pref unit_pref;          /* their own unit for loads */
    enum text_pref text_pref;          /* their own text size */
    /* trainers: trainer access is locked until then (wall clock, us) by the gym's latest
     * PIN lockout, at any rack (a record), 0 none */
    int64_t pin_locked_until_wall_us;
};

enum action {
    ACTION_NONE,
    ACTION_PAIN,         /* arg 0..10 */
    ACTION_RED_FLAG_YES, /* arg question index: answered yes */
    ACTION_RED_FLAG_NO,  /* arg question index: answered no */
    ACTION_CHECKIN_DONE,
    ACTION_ADVICE_DONE,
    ACTION_WARMUP_NEXT,  /* step done (allowed once its timer ran) */
    ACTION_WARMUP_SKIP,  /* skip the rest: raises a flag */
    ACTION_EXERCISE,     /* arg index into the exercise list */
    ACTION_START_SET,    /* go to the next planned set */
    ACTION_DECLARE_LOAD, /* arg grams: lifter-confirmed load for off-plate lifts */
    ACTION_PAIN_STOP,    /* "pain - stop" during a set */
    ACTION_END_SET,      /* finish the set without reracking (off-plate lifts) */
    ACTION_REST_DONE,
    ACTION_STOP_DONE,
    ACTION_LOGOUT,
    ACTION_PIN_DIGIT, /* arg 0..9 */
    ACTION_PIN_BACK,
    ACTION_FLAG_OPEN,  /* arg index into the flag list */
    ACTION_FLAGS_PAGE, /* arg index of the first flag to show */
    ACTION_FLAG_ACK,   /* arg index into session_ack_notes() */
    ACTION_BACK,
    ACTION_TOUCH,         /* any touch: counts as activity for idle logout */
    ACTION_LOADS,         /* trainer: open the loads screen */
    ACTION_LOAD_LIFTER,   /* arg index into the lifter list */
    ACTION_LIFTERS_PAGE,  /* arg index of the first lifter to show */
    ACTION_LOAD_EXERCISE, /* arg index into the exercise list */
    ACTION_LOAD_KIND,     /* arg 0 start load, 1 today's cap */
    ACTION_LOAD_STEP,     /* arg grams to add (negative to take off) */
    ACTION_LOAD_REASON,   /* arg index into session_load_reason() */
    ACTION_LOAD_SAVE,
    ACTION_TAKEOVER,        /* another lifter takes the rack from an idle owner */
    ACTION_TAKEOVER_CANCEL, /* ... or leaves it be */
    ACTION_FLAGS_DAY,       /* arg days further back (1) or forward (-1) */
    ACTION_CLEAR_DAY,       /* arg index into session_clear_reason(): lift today's no-lift */

    /* the Calibrate page (trainer_cal.c) */
    ACTION_CALIBRATE,   /* trainer: open the Calibrate page */
    ACTION_CAL_WEIGHT,  /* arg whole kg or lb to add to the known weight (negative: less) */
    ACTION_CAL_MIDDLE,  /* arg 0: the weight over each side in turn, 1: once in the middle */
    ACTION_CAL_CAPTURE, /* take the step's reading (the plate steady) */
    ACTION_CAL_SAVE,    /* store the result where the kiosk reads it */
    ACTION_PIN_CHANGE,  /* flags: open the page where trainers change their own PIN */
    /* the enrolment screen (core/screening.h) */
    ACTION_SCREENING_YES,  /* arg question index: answered yes */
    ACTION_SCREENING_NO,   /* arg question index: answered no */
    ACTION_SCREENING_DONE, /* every question answered */

    /* the trainer's review (trainer_flags.c, trainer_story.c) */
    ACTION_LOAD_NEXT,      /* loads: from who and what to how much (a lifter chosen) */
    ACTION_FLAGS_FILTER,   /* arg enum flags_filter: the next value of that filter */
    ACTION_STORY,          /* flag detail: the lifter's last 8 weeks */
    ACTION_STORY_EXERCISE, /* story: arg index into the story's exercises */
    ACTION_NOTE,           /* flag detail: acknowledge with a typed note */
    ACTION_NOTE_KEY,       /* note: arg index into session_note_key's layer */
    ACTION_NOTE_SPACE,
    ACTION_NOTE_ERASE, /* the last character */
    ACTION_NOTE_LAYER, /* arg 0 letters, 1 digits and punctuation, 2 accents */
    ACTION_NOTE_SAVE,  /* acknowledge the flag with the note */

    /* enrolment at the rack (trainer_enrol.c); the page also takes ACTION_NOTE_KEY,
     * _SPACE, _ERASE and _LAYER (its keyboard), ACTION_LOAD_LIFTER (a member found) and
     * ACTION_BACK */
    ACTION_ENROL,      /* flags: open the Enrol page; enrol: another badge */
    ACTION_ENROL_TO,   /* arg 0 a new member, 1 an existing member */
    ACTION_ENROL_FIND, /* look for members whose name holds what is typed */
    ACTION_ENROL_SAVE, /* give the badge: to the new member typed, or the member chosen */
    /* a member's own language and unit (prefs.c) */
    ACTION_PREFS,     /* arg 1: show the choices, 0: close them */
    ACTION_PREF_LANG, /* arg index into prefs_languages */
    ACTION_PREF_UNIT, /* arg 0 kg, 1 lb */
    /* a lost badge taken away (trainer_enrol.c): from the Enrol page (find the member) or
     * the lifter's story (that lifter); on the Enrol page's list of members found, the
     * member chosen's badges */
    ACTION_BADGE_TAKE,
    ACTION_BADGE_PICK,   /* arg index into the member's badges: asks to confirm */
    ACTION_BADGE_REMOVE, /* confirmed: take the badge away */
    ACTION_ENROL_LOADS,  /* a new member enrolled: set their start loads (Loads page) */
    ACTION_PREF_TEXT,    /* arg 0 normal, 1 large */
    ACTION_COUNT
};

#define SESSION_ACK_NOTES 4
const char *session_ack_note(int index); /* preset notes, so trainers need not type */

/* The on-screen keyboard's keys for a typed note: layer 0 letters, 1 digits and
 * punctuation, 2 accented letters (es/de, small and capital); "" outside them. */
#define NOTE_KEYS      27
#define NOTE_LAYERS    3
#define NOTE_TYPED_MAX 60 /* characters: a short note, the acknowledgement keeps it whole */
const char *session_note_key(int layer, int index);

/* Reasons a trainer gives for clearing a lifter's no-lift day. */
#define SESSION_CLEAR_REASONS 4
const char *session_clear_reason(int index);
/* Reasons a trainer gives for clearing an enrolment screen's yes (a history question, not
 * today's symptoms); a reason may also be typed (ACTION_NOTE arg 1). */
#define SESSION_SCREEN_CLEAR_REASONS 4
const char *session_screen_clear_reason(int index);
/* The presets for clearing that flag kind: its count and each reason. */
int session_clear_reasons_for(enum flag_kind kind);
const char *session_clear_reason_for(enum flag_kind kind, int index);

#define RED_FLAG_QUESTIONS RULES_RED_FLAGS
const char *session_red_flag_question(int index);
bool session_red_flag_urgent(int index); /* worded as urgent (cauda equina signs) */

struct planned_set {
    int32_t load_g;
    int reps;
    bool ramp; /* warm-up ramp set, not a working set */
    bool done;
};

#define PLAN_MAX_SETS 10

/* What the cap's sentence is made from, so a screen can say it in the reader's language and
 * unit (progression_explain_in; offline: progression_explain_offline). */
struct cap_source {
    struct progression_input in; /* .sets NULL: the sentence reads none */
    bool offline;                /* the offline rule held the cap: its sentence instead */
    int64_t offline_age_s;       /* since the last sync, -1 never */
};

struct plan {
    int exercise; /* index into session.exercises, -1 none yet */
    struct progression_result cap;
    char cap_why[PROGRESSION_EXPLAIN_MAX]; /* the cap's reason, as progression_explain says */
    struct cap_source why_from;            /* what it says, for the reader's own words */
    int32_t work_g;
    struct planned_set sets[PLAN_MAX_SETS];
    int n_sets;
    int current; /* next set to do */
    /* velocity readiness (core/readiness.h): the last ramp set's load and its reps' mean
     * concentric velocity, once it is done (0 until then) */
    int32_t ramp_load_g;
    int ramp_vel_mmps;
};

#define SET_MAX_REPS  30
#define SET_MAX_FLAGS 16

struct raised_flag {
    enum flag_kind kind;
    enum severity severity;
    int rep; /* 0: the set as a whole */
    char detail[NOTE_MAX_LEN];
    /* what it saw, for the lifter's sentence in their language (flag_text.h): enum
     * flag_says and its numbers; 0 says only the label */
    int says;
    int32_t val[2];
};

/* The set in progress, or the last one while resting / stopped. */
struct live_set {
    int64_t key;         /* unique, assigned at start */
    int exercise;        /* index into session.exercises */
    int64_t exercise_id; /* the store's id for it */
    int planned;         /* index in plan.sets */
    int32_t target_g;
    int target_reps;
    int64_t t_start_us;
    int64_t t_start_wall_us;
    int64_t t_moved_us; /* the bar last moved, or was lifted or racked */
    bool bar_held;      /* plate says the bar is off the rack */
    bool load_known;    /* bar load measured (or declared) */
    int32_t load_g;     /* measured or declared */
    bool declared;
    int left_pct; /* left share of the load while held, 0..100 */
    int n_reps;
    struct rep_result reps[SET_MAX_REPS];
    int n_flags;
    struct raised_flag flags[SET_MAX_FLAGS];
    bool stopped; /* ended by a stop: not credited */
    bool clean;
    bool saved; /* the store has committed it (synchronous=FULL) */
    bool save_failed;
    /* the bar unit the set was measured with ("" unknown), and what earlier sets had
     * learned of it when its detector started (rep_detector_set_unit_ref): kept with the
     * set's record, so the analyser measures it from the same start */
    char bar_unit[BAR_UNIT_ID_MAX];
    bool began_from_ref;
    struct rep_unit_ref start_ref;
    /* what the set learned of the unit, for the next set on it (at the set's end) */
    bool learned;
    struct rep_unit_ref learned_ref;
};

/* One of the day's flags, as the store lists them for the trainer. */
#define FLAG_RACK_MAX 64 /* a rack's name in the gym (config.h server_rack) */

struct flag_view {
    int64_t id;
    int64_t t_wall_us;
    char member[NAME_MAX_LEN];
    enum flag_kind kind;
    enum severity severity;
    char detail[NOTE_MAX_LEN];
    int64_t set_key; /* 0: not about a set */
    bool acked;
    char ack_note[NOTE_MAX_LEN];
    char ack_by[NAME_MAX_LEN];
    int64_t member_id;
    bool earlier;             /* from a previous gym day, listed first because nobody reviewed it */
    bool clearable;           /* the lifter's no-lifting day it caused is today's, or the enrolment
                                 screen's yes it raised is not cleared yet: a trainer may lift it */
    char rack[FLAG_RACK_MAX]; /* the gym's rack that raised it; "" this rack */
};

#define SESSION_MAX_FLAG_VIEWS 64
#define SESSION_MAX_LIFTERS    64

/* A lifter the trainer can set loads for. */
struct lifter_view {
    int64_t id;
    char name[NAME_MAX_LEN];
};

/* Reasons a trainer gives for lifting a cap, so nobody types at the rack. */
#define SESSION_LOAD_REASONS 4
const char *session_load_reason(int index);

/* A set's evidence for the flag detail screen. */
/* A stored set. Its reps' phase bounds (ecc_start_us .. con_end_us) count from the set's
 * first recorded bar sample (its start when it has none), to the ms (0 for reps stored
 * before they were kept). */
struct set_detail {
    int64_t set_key;
    char exercise[32];
    int32_t load_g;
    int target_reps;
    int n_reps;
    struct rep_result reps[SET_MAX_REPS];
};

enum effect_kind {
    EFFECT_NONE,
    EFFECT_SESSION_OPEN,  /* lifter checked in: member, pain, red flags, body weight */
    EFFECT_SESSION_CLOSE, /* lifter left */
    EFFECT_SET_DONE,      /* commit the set, its reps and flags; answer session_set_saved */
    EFFECT_FLAG,          /* a flag not tied to a set (red flag, warm-up skipped, ...) */
    EFFECT_VERIFY_PIN,    /* answer with session_pin_result */
    EFFECT_LOAD_FLAGS,    /* .flags_q: the day (.key days back too), filters and window;
                             answer with session_flags_page_loaded */
    EFFECT_LOAD_DETAIL,   /* set_key in .key; answer with session_detail_loaded */
    EFFECT_ACK_FLAG,      /* flag id in .key, note in .text */
    EFFECT_UNKNOWN_BADGE, /* informational: the screen says so */
    EFFECT_LOAD_LIFTERS,  /* .text "" every lifter, else those whose name holds it; .key
                             the first match wanted (a window of SESSION_MAX_LIFTERS);
                             answer with session_lifters_window */
    EFFECT_SET_LOAD,      /* .key lifter, .exercise_id, .load_g, .override, .text reason;
                             .member_id is the trainer; answer with session_load_saved */
    EFFECT_WARMUP_DONE,   /* the lifter finished the warm-up: it counts for a while today */
    EFFECT_CLEAR_DAY,     /* .key lifter, .text reason, .member_id the trainer, flag id in
                             .exercise_id: lift the lifter's no-lifting day, acknowledge it */

    /* .cal: the plate's new offsets and scale; answer with session_calibration_saved */
    EFFECT_SAVE_CALIBRATION,
    EFFECT_CHANGE_PIN, /* .member_id the trainer, .text "OLD NEW" (digits): check the old
                          PIN, store the new one's hash; answer with session_pin_changed */
    EFFECT_SCREENING,  /* the enrolment screen answered: .key the yes answers (1 << question) */
    EFFECT_LOAD_STORY, /* .key the lifter: their last 8 weeks; answer with session_story_loaded */
    EFFECT_CLEAR_SCREENING, /* .key lifter, .text reason, .member_id the trainer, flag id in
                               .exercise_id: clear the lifter's enrolment screen's yes */
    EFFECT_ENROL,           /* .text "UID NAME": a badge for a new member named NAME (.key 0) or for
                               the member .key (NAME ""); .member_id the trainer; answer with
                               session_enrol_saved */
    EFFECT_MEMBER_PREFS,    /* .member_id's own language (.text, "" the rack's), unit (.key,
                               enum unit_pref) and text size (.text_pref) */
    EFFECT_LOAD_BADGES,     /* .key the member: their badges; answer with session_badges_loaded */
    EFFECT_BADGE_REMOVE,    /* .key the member, .text the badge's UID, .member_id the trainer:
                               take the badge away; answer with session_badge_removed */
    EFFECT_PIN_LOCKOUT,     /* trainer access locked here from .t_wall_us until .key (wall
                               clock, us); .member_id whose badge tried last: a record every
                               rack of the gym holds too */
};

/* The trainer's list as asked of the store: which day, the filters (0 all, else the value
 * + 1; the member's id) and the window's first flag among those the filters keep. */
struct flags_query {
    int days_back; /* 0: today, with the unreviewed flags of every earlier day */
    int filter_kind;
    int filter_severity;
    int64_t filter_member;
    int offset;
};

struct effect {
    enum effect_kind kind;
    int64_t t_wall_us;
    int64_t session_key;
    int64_t member_id;
    int64_t key;
    char text[NOTE_MAX_LEN];
    const struct live_set *set; /* EFFECT_SET_DONE: valid for SESSION_SETS_OUT more sets */
    /* EFFECT_SET_DONE: the bar's samples, when imu->set_key is the set's; valid until the
       next set starts */
    const struct imu_record *imu;
    struct raised_flag flag;    /* EFFECT_FLAG */
    struct flags_query flags_q; /* EFFECT_LOAD_FLAGS */
    int pain;
    bool red_flags[RED_FLAG_QUESTIONS];
    bool no_lift; /* EFFECT_SESSION_OPEN: the check-in means no lifting today */
    int32_t body_g;
    int64_t exercise_id; /* EFFECT_SET_LOAD */
    int32_t load_g;
    bool override;            /* EFFECT_SET_LOAD: a cap for today rather than a start load */
    enum text_pref text_pref; /* EFFECT_MEMBER_PREFS */

    struct load_calibration cal; /* EFFECT_SAVE_CALIBRATION */
    /* EFFECT_SAVE_CALIBRATION, for the audit: the known weight, where it stood, the check
       reading's error; the kiosk adds the calibration replaced (.cal_old) and what the save
       did (.text) before it hands the effect to the store */
    int32_t cal_known_g;
    bool cal_middle;
    double cal_check_error_g;
    struct load_calibration cal_old;
};

#define SESSION_MAX_EFFECTS 32
#define SESSION_SETS_OUT    4

/* The Calibrate page's steps, in order (a middle placement skips CAL_RIGHT). */
enum cal_step { CAL_ZERO, CAL_LEFT, CAL_RIGHT, CAL_CHECK, CAL_DONE };
#define CAL_SAMPLES 64 /* counts kept per side: under a second at 80 samples/s */
/* A trainer changing their own PIN: the old one, then the new one twice. */
enum pin_change_step { PIN_CHANGE_OLD, PIN_CHANGE_NEW, PIN_CHANGE_AGAIN, PIN_CHANGE_DONE };
struct pin_change_state {
    enum pin_change_step step;
    int len;
    char digits[PIN_MAX_DIGITS + 1]; /* the step's digits so far */
    char old_pin[PIN_MAX_DIGITS + 1];
    char new_pin[PIN_MAX_DIGITS + 1];
    bool saving;
    bool failed;            /* msg is a problem, not a success */
    const char *msg;        /* what the last step did, "" none: an English phrase (phrase.h) */
    char arg[NOTE_MAX_LEN]; /* its %s: the store's reason */
};

/* Enrolment at the rack: wait for a badge, new or existing member, type the name (or part
 * of it to find the member), pick the member, done. */
enum enrol_step {
    ENROL_WAIT,
    ENROL_CHOOSE,
    ENROL_NAME,
    ENROL_FIND,
    ENROL_PICK,
    ENROL_DONE,
    ENROL_BADGES,  /* taking a badge away: the member's badges */
    ENROL_CONFIRM, /* ... the one picked, to confirm */
};
#define ENROL_UID_MAX    32 /* a badge UID and its NUL (core/badge.h BADGE_UID_MAX) */
#define ENROL_BADGES_MAX 8  /* a member's badges listed to take one away */
/* What the enrol page says after a tap or a save: an English format (enrol_formats) and its
 * arguments, so the screen shows it in the reader's language (phrase.h). */
enum enrol_msg {
    ENROL_MSG_OWNED,         /* "Badge %s already belongs to %s": the badge, its owner */
    ENROL_MSG_BADGES_UNREAD, /* the member */
    ENROL_MSG_TAKEN,         /* the badge, the member */
    ENROL_MSG_NOT_TAKEN,     /* the store's reason */
    ENROL_MSG_NOT_TAKEN_ERROR,
    ENROL_MSG_GIVEN,        /* the badge, the member */
    ENROL_MSG_GIVEN_NONAME, /* the badge */
    ENROL_MSG_NOT_GIVEN,    /* the store's reason */
    ENROL_MSG_NOT_GIVEN_ERROR,
    /* the store's refusals (enum enrol_refusal), each a sentence of its own */
    ENROL_MSG_NOT_GIVEN_NOT_TRAINER,
    ENROL_MSG_NOT_GIVEN_TRAINER_BADGE,
    ENROL_MSG_NOT_GIVEN_NAME_TAKEN, /* the name */
    ENROL_MSG_NOT_GIVEN_NAME_BAD,
    ENROL_MSG_NOT_GIVEN_NO_MEMBER,
    ENROL_MSG_NOT_GIVEN_BADGE_BAD,  /* the badge */
    ENROL_MSG_NOT_TAKEN_NOT_THEIRS, /* the badge */
    ENROL_MSG_NOT_TAKEN_NOT_TRAINER,
    ENROL_MSGS,
};
#define ENROL_MSG_ARGS 2
extern const char *const enrol_formats[ENROL_MSGS];

/* The Loads page's word on a save: the lifter, the exercise and the load; the load alone
 * while the page still shows that lifter and exercise; or why not. */
enum trainer_load_phrase {
    LOAD_SAID_TO_START,
    LOAD_SAID_FOR_TODAY,
    LOAD_SAID_NOT_SAVED,
    LOAD_SAID_LOAD_TO_START,
    LOAD_SAID_LOAD_FOR_TODAY,
    LOAD_PHRASES,
};
extern const char *const trainer_load_phrases_en[LOAD_PHRASES];

/*
 * Why the store refused a badge given or taken away at the rack, so the page says it in the
 * reader's language (the store's English goes to the log and to rackside-ctl). OTHER: no
 * plain reason (a database error), the store's words as they are.
 */
enum enrol_refusal {
    ENROL_REFUSED_OTHER,
    ENROL_REFUSED_OWNED,         /* the badge, its owner */
    ENROL_REFUSED_NOT_TRAINER,   /* the one asking is not a signed-in trainer */
    ENROL_REFUSED_TRAINER_BADGE, /* a trainer's badge: given with rackside-ctl */
    ENROL_REFUSED_NAME_TAKEN,    /* the name */
    ENROL_REFUSED_NAME_BAD,      /* a character a name may not have */
    ENROL_REFUSED_NO_MEMBER,     /* the member is gone */
    ENROL_REFUSED_BADGE_BAD,     /* the badge: not a UID */
    ENROL_REFUSED_NOT_THEIRS,    /* the badge: no longer the member's */
};
#define ENROL_REFUSAL_ARG_MAX 64
struct enrol_refused {
    enum enrol_refusal why;
    char args[ENROL_MSG_ARGS][ENROL_REFUSAL_ARG_MAX];
};

/* The flag list's filters, each cycled through the values the day's list has. */
enum flags_filter { FILTER_KIND, FILTER_SEVERITY, FILTER_LIFTER, FILTERS };
#define FILTER_LABEL_MAX 64

/* A lifter's flags, together in the list: the lifter's worst flag decides the place. */
struct flag_group {
    int64_t member_id;
    int first; /* position of its first flag (a page's: among all; the review's: in the
                  window, 0 when the group began before it) */
    int n;     /* flags in the group, in the whole filtered list */
    int n_open;
    int rank; /* of the group's worst flag (trainer_flag_rank) */
};

/* What the filter buttons need from the whole list (unfiltered), and the filtered list's
 * size. */
struct flags_summary {
    int all;                         /* flags in the list */
    int kind_count[FLAG_KIND_COUNT]; /* ... of each kind */
    int severity_count[SEVERITIES];  /* ... of each severity */
    int n_lifters;                   /* lifters the list names (0 counts as one: nobody) */
    int member_count;                /* the filtered lifter's flags */
    char member_name[NAME_MAX_LEN];  /* ... their name */
    int64_t next_member;             /* the lifter after the filtered one, in the order the
                                        unfiltered list groups them (0: back to all) */
    int total;                       /* flags the filters keep */
    int total_open;                  /* ... not acknowledged */
};

/* One window of the list, arranged (trainer_flags_page_of is the arrangement): flags[i] is
 * at position q.offset + i among those the filters keep; group[i] is its lifter's group in
 * that whole list (n and n_open count the whole group, first its first position). */
struct flags_page {
    struct flags_query q; /* as answered: a filter whose value the list lacks is off */
    struct flag_view flags[SESSION_MAX_FLAG_VIEWS];
    struct flag_group group[SESSION_MAX_FLAG_VIEWS];
    int n;
    struct flags_summary sum;
};

/* A flag's place while trainer_flags_page_of arranges a list (scratch, one per flag). */
struct flag_place {
    int index;
    struct flag_group group;
};
/* The trainer's list arranged, from the whole of it (all, n): grouped by lifter, each group
 * placed by its worst flag (trainer_flag_rank_of), any open, then the name and id; within a
 * group worst first, open first, oldest first, by id. Fills out with the window want asks
 * for (settled as flags_query_settle and flags_window_settle say) and the summary; returns
 * the flags in the window. The store's page query does the same in SQL. */
int trainer_flags_page_of(const struct flag_view *all, int n, const struct flags_query *want,
                          struct flag_place *scratch, struct flags_page *out);
/* 0 red flag, 1 pain, then by severity: 2 stop, 3 caution, 4 info. */
int trainer_flag_rank_of(enum flag_kind kind, enum severity severity);
/* A filter whose value the list no longer has goes back to all. */
void flags_query_settle(struct flags_query *q, const struct flags_summary *sum);
/* A window past the end of the filtered list (total flags) goes back to its start. */
void flags_window_settle(struct flags_query *q, int total);

/* What the list shows: positions into trainer_state.flags, and the filters. */
struct trainer_review {
    int order[SESSION_MAX_FLAG_VIEWS];    /* position -> index into flags */
    int group_of[SESSION_MAX_FLAG_VIEWS]; /* position -> index into groups */
    int n_shown;
    struct flag_group groups[SESSION_MAX_FLAG_VIEWS];
    int n_groups;
    int n_open_shown;
    /* 0 all (so a zeroed review shows everything), else the value + 1 */
    int filter_kind;                              /* enum flag_kind + 1 */
    int filter_severity;                          /* enum severity + 1 */
    int64_t filter_member;                        /* the member's id, 0 all */
    char filter_label[FILTERS][FILTER_LABEL_MAX]; /* "Pain reported (2)", "All kinds (9)" */
    int filter_count[FILTERS];                    /* the flags each button's label counts */
    char filter_name[NAME_MAX_LEN];               /* the lifter the lifter filter keeps, "" all */
};

/* The trainer's flow: the PIN, the list of flags and one flag's evidence, the Loads page. */
struct trainer_state {
    int pin_len;
    char pin[PIN_MAX_DIGITS + 1];
    bool pin_wrong;
    bool pin_checking;
    int pin_tries; /* wrong PINs in a row; too many logs the trainer out */
    struct flag_view flags[SESSION_MAX_FLAG_VIEWS];
    int n_flags;
    int flags_first;  /* the first flag on the page shown, within the window */
    int flags_offset; /* the window's first among all the flags the filters keep */
    struct flag_group flags_group[SESSION_MAX_FLAG_VIEWS]; /* each flag's lifter's group */
    struct flags_summary flags_sum;                        /* the whole list's counts */
    int flags_days_back; /* 0: today and the unreviewed; N: the gym day N days ago */
    bool flags_loading;
    bool flags_failed;              /* the store could not read the list */
    char flags_error[NOTE_MAX_LEN]; /* ... why, in the store's words */
    int flag_open;                  /* index into flags, -1 none */
    struct set_detail detail;
    bool detail_loaded;

    /* loads for a lifter (or the members an enrolment found): a window of the matches */
    struct lifter_view lifters[SESSION_MAX_LIFTERS];
    int n_lifters;
    int lifters_first; /* within the window */
    bool lifters_loading;
    int lifters_offset;               /* the window's first match among them all */
    int lifters_total;                /* how many match in all */
    char lifters_query[NOTE_MAX_LEN]; /* what they match ("" every lifter) */
    int load_lifter;                  /* index into lifters, -1 none chosen */
    int64_t load_lifter_id;           /* ... their id, kept while the list pages */
    int load_exercise;                /* index into exercises */
    bool load_override;
    int32_t load_g;
    int load_reason; /* -1 none chosen */
    bool load_saving;
    char load_msg[NOTE_MAX_LEN];     /* what the last save did, in English and the rack's unit */
    const char *load_say;            /* ... as one of trainer_load_phrases_en, NULL none */
    char load_said[2][NOTE_MAX_LEN]; /* ... its lifter and exercise, or why not */
    int load_said_exercise;          /* ... that exercise, an index into exercises */
    int32_t load_said_g;             /* ... and its load */
    bool load_failed;

    /* the Calibrate page (trainer_cal.c) */
    struct trainer_cal {
        bool lb; /* the rack's unit ([rack] unit); kept over trainer_reset */
        enum cal_step step;
        bool middle;
        int weight;                            /* the known weight, whole kg or lb */
        int32_t raw[CAL_SAMPLES][PLATE_SIDES]; /* the last samples' counts, a ring */
        int64_t raw_t_us[CAL_SAMPLES];
        int n_raw, at;
        double counts[4][PLATE_SIDES]; /* zero, left or middle, right, check */
        bool solved;
        struct load_calibration result;
        double residual_g; /* the check reading less the weight */
        bool saving, saved, failed;
        char msg[NOTE_MAX_LEN]; /* why a solve or a save failed, or what the save did */
        /* msg's English format (cal_formats) and its argument: a percentage (msg_pct, the
         * check's) or a string; NULL: msg as it stands (a solve's reason) */
        const char *msg_fmt;
        char msg_arg[NOTE_MAX_LEN];
        double msg_pct; /* < 0: the argument is msg_arg */
    } cal;
    struct pin_change_state pin_change;

    /* the list as shown (trainer_flags.c): filtered, grouped by lifter, worst first */
    struct trainer_review review;
    int load_page; /* the Loads page: 0 who and what, 1 how much */

    /* a typed note (trainer_note.c) */
    struct note_state {
        char text[NOTE_MAX_LEN]; /* UTF-8: an accented letter takes two bytes */
        int len;                 /* bytes */
        int layer;
        bool clear; /* the note is the reason the open flag's clearance gives */
    } note;

    /* a lifter's story (trainer_story.c), opened from a flag */
    struct lifter_story story;
    bool story_loading;
    bool story_failed;
    int story_ex; /* the exercise shown, index into story.ex */

    /* enrolment at the rack (trainer_enrol.c): the name typed is in note */
    struct enrol_state {
        int step;                /* enum enrol_step */
        char uid[ENROL_UID_MAX]; /* the badge, "" until one is tapped */
        int pick;                /* the member chosen, index into lifters, -1 none */
        int64_t pick_id;         /* ... their id, kept while the list pages */
        bool saving;
        bool failed;                /* msg is a refusal */
        char msg[2 * NOTE_MAX_LEN]; /* what the last tap or save did, "" none */
        const char *msg_fmt;        /* msg's English format (enrol_formats) */
        char msg_args[ENROL_MSG_ARGS][2 * NOTE_MAX_LEN];
        /* taking a badge away: the member, their badges, the one picked */
        bool take;
        bool from_story; /* opened from the lifter's story: Back goes there */
        int64_t member_id;
        char member[NAME_MAX_LEN];
        char badges[ENROL_BADGES_MAX][ENROL_UID_MAX];
        int n_badges;
        bool badges_loading;
        int badge_pick; /* index into badges, -1 none */
        /* a new member enrolled (ENROL_DONE): their start loads may be set next */
        bool new_member;
    } enrol;
};

/*
 * One lifter's visit to the rack: the check-in, the warm-up, the plan, the set in progress
 * (or the last one) and the rest or stop that follows. It is what a trainer's screens put
 * aside and give back, whole.
 */
struct visit {
    int64_t session_key;

    /* check-in */
    int pain; /* -1 until answered */
    bool red_flags[RED_FLAG_QUESTIONS];
    bool red_answered[RED_FLAG_QUESTIONS]; /* each question is answered, none pre-selected */
    bool body_known;
    int32_t body_g;
    bool no_lift_today; /* advice screen reason */
    bool red_flag_today;
    /* the enrolment screen (core/screening.h): answers, and no lifting until cleared */
    bool screening_yes[SCREENING_QUESTIONS];
    bool screening_answered[SCREENING_QUESTIONS];
    bool screening_wait;

    /* warm-up */
    int warmup_step;
    int64_t warmup_step_start_us;
    int64_t warmup_start_us;

    /* plan and sets */
    struct plan plan;
    struct live_set set;
    int64_t rest_until_us;
    int64_t stop_at_us;
    enum flag_kind stop_reason;

    bool prefs_open; /* the language and unit choices are showing (prefs.c) */
};

/* Warm-up steps: mobility then activation, each with a duration and a figure to draw. */
struct warmup_step {
    char name[32];
    char cue[128];
    int seconds;
    int figure;                  /* which animation the UI draws */
    struct catalogue_figure fig; /* its keyframes (figures.conf), n_frames 0: none */
    /* the catalogue's name.de, cue.de ...: the screen shows the kiosk's language */
    struct catalogue_text names[CATALOGUE_LANGS_MAX];
    int n_names;
    struct catalogue_text cues[CATALOGUE_LANGS_MAX];
    int n_cues;
};
#define SESSION_MAX_WARMUP 12

#define BANNER_ARGS    2
#define BANNER_ARG_MAX NOTE_MAX_LEN
/* The lines over the screen composed with a name or numbers: English formats (phrase.h). */
enum banner_format { BANNER_TAKE_OVER, BANNER_RACK_IN_USE, BANNER_PIN_LOCKED, BANNER_FORMATS };
extern const char *const session_banner_formats[BANNER_FORMATS];

struct session {
    struct rules rules;
    struct exercise exercises[SESSION_MAX_EXERCISES];
    int n_exercises;
    struct warmup_step warmup[SESSION_MAX_WARMUP]; /* the routine led, n_warmup 0: built-in */
    int n_warmup;

    enum screen screen;
    uint64_t generation; /* bumps on every change the screen shows */
    int64_t now_us;
    int64_t wall_offset_us; /* wall clock = t_us + offset */

    /* who is here */
    bool logged_in;
    struct member_profile who;
    int64_t last_activity_us;
    bool idle_countdown; /* the idle-logout countdown is showing */
    int64_t idle_logout_at_us;
    char banner[NOTE_MAX_LEN]; /* a short message on the attract screen ("badge not known") */
    int64_t banner_until_us;
    /* a banner composed with names or numbers: its English format (NULL: banner is the
     * whole text) and its arguments, so a screen says it in the reader's language */
    const char *banner_fmt;
    char banner_args[BANNER_ARGS][BANNER_ARG_MAX];

    /* another lifter's badge while this one has the rack */
    bool takeover_offered; /* the owner is idle and the bar racked: the newcomer may take over */
    struct member_profile pending;

    /* the lifter's visit (empty while nobody or a trainer alone is logged in) */
    struct visit visit;

    /* plate and bar */
    bool bar_off_hooks; /* the plate says the lifter holds the bar, whatever the screen */
    bool plate_left;    /* the plate was empty since the lifter last stood on it */
    struct load_reading load;
    bool plate_fault;
    bool bar_connected;
    int64_t bar_last_sample_us;
    struct rep_detector reps;
    /* the unit connected ("" unknown) and what its sets have learned of it: each set's
     * detector starts from it (core/rep.h rep_unit_ref) */
    char bar_unit[BAR_UNIT_ID_MAX];
    bool have_unit_ref;
    struct rep_unit_ref unit_ref;

    /* the trainer's screens (core/trainer.c): their own state */
    struct trainer_state trainer;
    /* wrong trainer PINs at this kiosk, whoever's badge: too many lock trainer access */
    struct pin_lockout pin_lock;

    /* a trainer's screens on top of a lifter's session: the lifter's part, kept aside */
    struct lifter_hold {
        bool active;
        enum screen screen;
        struct member_profile who;
        struct visit visit;
    } hold;

    /* sounds the session calls for, counted (core/cue.h): badges taken or not, reps */
    struct cue_events cue_events;
    /* the cues as the frame loop last followed them (session_cue_follow): what each has
     * played so far, counted, the alarm, and the state the set screen's cue word is read
     * from (the count-in's number, the way a "go" said to go, the top pause) */
    struct cue_state cue;
    uint32_t cue_played[TONE_CUE_COUNT];
    bool cue_alarm;

    int64_t key_seq;       /* last key handed out */
    uint32_t raised_kinds; /* every flag kind raised since session_init, 1 << kind */

    struct live_set sets_out[SESSION_SETS_OUT]; /* what EFFECT_SET_DONE points at */
    int sets_out_next;

    struct effect effects[SESSION_MAX_EFFECTS];
    int effect_head, effect_count;

    /* --- gym server: whether the rack is in touch (core/offline.h) --- */
    struct server_link server;
    int64_t server_shown; /* what the view shows of it (session.c server_shown) */
    /* --- end of gym server --- */

    struct imu_record imu_rec; /* the current or last set's bar samples (large: last) */
};

/* The built-in routine (before any catalogue is read, and in tests). */
int session_warmup_steps(const struct warmup_step **steps);
/* The routine this session leads (the catalogue's, once session_set_warmup gave one). */
int session_warmup(const struct session *s, const struct warmup_step **steps);
/* The warm-up routine from the catalogue; n 0 keeps the built-in one. */
void session_set_warmup(struct session *s, const struct warmup_step *steps, int n);
/* The catalogue's routine as warm-up steps (names, cues and their translations): how many
 * went into out, 0 when there is no such routine. */
int session_warmup_from_catalogue(const struct catalogue *c, const char *routine,
                                  struct warmup_step *out, int max);
/* The tempo of the exercise at index (its catalogue's, else the rules'), 4 phases in ms. */
const int *session_tempo_ms(const struct session *s, int exercise);

void session_init(struct session *s, const struct rules *rules, const struct exercise *ex,
                  int n_exercises, int64_t t_us, int64_t wall_us);

/* --- a catalogue re-read while the kiosk runs (session_catalogue.c) --- */
/* Between sessions: nobody logged in, no lifter's session held, the attract screen. Only
 * then may the exercises change: a plan, a set or a cap never sees two catalogues. */
bool session_catalogue_can_change(const struct session *s);
/* The re-read catalogue's exercises (n > 0), when session_catalogue_can_change; false and
 * nothing changed otherwise. The warm-up follows with session_set_warmup. */
bool session_set_exercises(struct session *s, const struct exercise *ex, int n);
/* --- end of catalogue re-read --- */

/* Time passes: timers, idle logout, rest, stop screens. Call every frame. */
void session_tick(struct session *s, int64_t t_us, int64_t wall_us);
/*
 * The cue schedule (core/cue.h) brought up to t_us: counts in cue_played each cue it
 * decides now and sets cue_alarm. The frame loop calls it once a frame (session_tick
 * does); the speaker plays what the counts grew by, the set screen reads cue.
 */
void session_cue_follow(struct session *s, int64_t t_us);

/* --- gym server --- */
/* The rack's link to the gym's server as the sync last saw it (heard_wall_us on the
 * session's wall clock). Caps computed from now on follow the offline rule. */
void session_set_server(struct session *s, const struct server_link *link, int64_t t_us);
/* --- end of gym server --- */

/* A known badge was tapped (resolved by the store). */
void session_badge(struct session *s, const struct member_profile *who, int64_t t_us);
/* A badge the store does not know, or garbled input. */
void session_badge_unknown(struct session *s, const char *why, int64_t t_us);

void session_action(struct session *s, enum action action, int arg, int64_t t_us);

void session_plate(struct session *s, const struct load_reading *load, int64_t t_us);
void session_imu(struct session *s, const struct imu_sample *imu);
/* A rep as the detector hands it over, counted in the set on the screen: the flags it raises
 * (rushed, momentum, tilt, velocity loss, a grind's stop) and its sound, as for a detected
 * one. Layout fixtures build their sets this way, so what they show agrees with itself. */
void session_add_rep(struct session *s, const struct rep_result *rep, int64_t t_us);
/* The same with the sample's counts as the bar unit sent them, at the record's full scales
 * (barlink's raw_counts; NULL: none), so the set's record keeps them without converting. */
void session_imu_counts(struct session *s, const struct imu_sample *imu, const int16_t *counts);
void session_bar_link(struct session *s, bool connected, int64_t t_us);
/*
 * The bar unit now connected: its serial number ("" or NULL when it gives none) and what
 * the store kept of it from earlier sets (NULL: nothing). A different unit replaces what
 * the session knew; the same one keeps the session's own, which is as new. Sets on a unit
 * without a serial start afresh, as nothing learned can be told to belong to it.
 */
void session_bar_unit(struct session *s, const char *serial, const struct rep_unit_ref *known);

/* Answers to effects. */
void session_pin_result(struct session *s, bool ok, int64_t t_us);
void session_set_saved(struct session *s, int64_t set_key, bool ok, int64_t t_us);
/* A window of the trainer's list, arranged by the store (struct flags_page). */
void session_flags_page_loaded(struct session *s, const struct flags_page *page, int64_t t_us);
/* The store could not read the window asked for the gym day days_back days ago: why says
 * what failed. The list shows the fault, never an empty list. */
void session_flags_page_failed(struct session *s, int days_back, const char *why, int64_t t_us);
/* The whole list at once, in any order: arranged and windowed here (trainer_flags_page_of)
 * as the store would; for lists that fit a window (the tests, a day of a small gym). */
void session_flags_loaded(struct session *s, const struct flag_view *flags, int n, int64_t t_us);
void session_detail_loaded(struct session *s, const struct set_detail *detail, int64_t t_us);
void session_lifters_loaded(struct session *s, const struct lifter_view *lifters, int n,
                            int64_t t_us);
/* The same for a window of the matches: n of them from position offset, of total. */
void session_lifters_window(struct session *s, const struct lifter_view *lifters, int n, int offset,
                            int total, int64_t t_us);
void session_load_saved(struct session *s, bool ok, const char *why, int64_t t_us);
/* The Calibrate page: each plate sample's counts (only kept while the page is shown), and
 * the answer to EFFECT_SAVE_CALIBRATION. */
void session_plate_counts(struct session *s, const struct plate_sample *sample, int64_t t_us);
void session_calibration_saved(struct session *s, bool ok, const char *why, int64_t t_us);
/* EFFECT_CHANGE_PIN's answer: wrong_old when the old PIN did not match (it counts toward
 * the lockout); why says what else went wrong. */
void session_pin_changed(struct session *s, bool ok, bool wrong_old, const char *why, int64_t t_us);
/* EFFECT_LOAD_STORY's answer (NULL when the store could not read it). */
void session_story_loaded(struct session *s, const struct lifter_story *story, int64_t t_us);

/* A badge tapped while a trainer is signed in (past the PIN): an unknown one (owner NULL)
 * opens the Enrol page for it; a known one on the Enrol page is refused, naming its owner.
 * True when the enrolment took the badge; false: handle it as usual (session_badge,
 * session_badge_unknown). */
bool session_badge_enrol(struct session *s, const char *uid, const struct member_profile *owner,
                         int64_t t_us);
/* EFFECT_ENROL's answer: name is the member who has the badge now; why says what failed. */
void session_enrol_saved(struct session *s, bool ok, const char *name, const char *why,
                         int64_t t_us);
/* The same, with the member's id (a new member's start loads may then be set). */
void session_enrol_saved_member(struct session *s, bool ok, int64_t member_id, const char *name,
                                const char *why, int64_t t_us);
/* EFFECT_LOAD_BADGES's answer: the member's badges (n -1: the store could not read them). */
void session_badges_loaded(struct session *s, const char (*uids)[ENROL_UID_MAX], int n,
                           int64_t t_us);
/* EFFECT_BADGE_REMOVE's answer: why says what failed. */
void session_badge_removed(struct session *s, bool ok, const char *why, int64_t t_us);
/*
 * The store refused the badge given or taken away (after session_enrol_saved_member or
 * session_badge_removed would have said why in English): the page and the notice say the
 * refusal's own sentence, translated by the screen. A refusal without one (OTHER) is said
 * as "Not given: <the store's words>" (text).
 */
void session_enrol_refused(struct session *s, const struct enrol_refused *r, const char *text,
                           int64_t t_us);

/* Whether check-in may continue: pain answered, and weighed in unless sent home. */
bool session_checkin_ready(const struct session *s);

/*
 * Whether the action may be taken now on the screen shown: every button's enabled state
 * comes from here, and session_action does nothing when it says no.
 */
bool session_can(const struct session *s, enum action action, int arg);
/* Whether the screen shown has the action at all, whatever its argument. */
bool session_offers(const struct session *s, enum action action);

/* Today's cap on the exercise planned (or the one the plan opens on), 0 nobody here. */
int32_t session_cap_g(const struct session *s);

/* The screen to draw: a trainer's screens on top of a lifter's session show over it. */
enum screen session_screen(const struct session *s);

/* The lifter who has the rack (also while a trainer's screens are on top), NULL none. */
const struct member_profile *session_lifter(const struct session *s);

/* A line the screen shows over everything ("Rack in use by Sam"), "" none. */
const char *session_notice(const struct session *s);

/* Drains the effect queue; false when empty. */
bool session_next_effect(struct session *s, struct effect *out);

/* The kiosk is stopping: a set in progress is stored as stopped, the session closed. */
void session_shutdown(struct session *s, int64_t t_us);

/* What the stack light should show now, and whether the buzzer sounds. */
enum light session_light(const struct session *s, bool *buzzer);

/* Seconds left on the idle-logout countdown (0 when not counting down). */
int session_idle_seconds_left(const struct session *s);

#endif
