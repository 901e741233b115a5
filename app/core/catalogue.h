/*
 * The rack's catalogues as data, four INI files in assets/catalogue (or a gym's own in
 * /etc/rackside or the data directory; app/catalogue_files.c finds them): the exercises
 * it offers (exercises.conf), the warm-up steps and routines (warmup.conf), the warm-up's
 * animated figures (figures.conf) and the bar and plate sets (plates.conf). Parsed from
 * memory here (no I/O: the kiosk, the tests and the fuzzer hand in the text); the first
 * problem stops the read with the file's name, the line and what is accepted.
 *
 * exercises.conf, one section per exercise, in the order the plan offers them:
 *   [squat]                  the exercise's id (a-z, 0-9, '-'): the history file's name
 *   name = Back squat        shown to lifters; name.de = Kniebeuge for another language
 *   body = lower             lower | upper: the largest step ([rules] step_*_max)
 *   load = plate             plate (measured) | declared (the lifter confirms it)
 *   starts = eccentric       eccentric | concentric: how a rep begins
 *   tempo = 3-1-2-0          optional: eccentric-pause-concentric-pause, seconds
 *   target_reps = 5
 *   work_sets = 3
 *   min_velocity_mps = 0.15  optional: a rep slower than this, and slower up than
 *                            the tempo's cue, is a grind: the set stops (set_rep_grinds)
 *   step_max = 5kg 10lb      optional: this exercise's largest step, instead of body's, as
 *                            a load with its unit (2.5kg, 5lb or one of each); a rack in
 *                            the unit not given takes the other's, rounded down to a whole
 *                            pound or half kilogram. step_max_kg = 5 (older) is the kg one
 *   readiness_drop_pct = 15  optional: this exercise's velocity-readiness drop, instead of
 *                            [rules] readiness_drop_pct (which alone turns readiness on)
 *   warmup = lower           the routine (warmup.conf) for a session that starts here
 *
 * warmup.conf: steps, then routines made of them:
 *   [step cat-cow]
 *   name = Cat-cow           name.de = ... as above
 *   cue = On hands and knees: round, then arch the back slowly      (cue.de = ...)
 *   seconds = 40             the step's timer
 *   reps = 10                optional: said with the cue
 *   figure = cat-cow         the animated figure: a [section] of figures.conf
 *   [routine lower]
 *   steps = cat-cow, hip-swings, glute-bridge, bird-dog, dead-bug
 *
 * figures.conf, one section per figure, keyframes of a stick figure seen from the side:
 *   [cat-cow]
 *   seconds = 5              one loop through all the frames
 *   frames = 2               keyframes, 1..8
 *   ease = yes               optional: yes eases each move (poses), no moves steadily
 *   rack = no                optional: yes draws the rack's upright
 *   head = 0.78,0.66 0.83,0.40     x,y per frame in a unit box (y down, floor at 0.86);
 *   neck = 0.70,0.55               one point: the joint holds still
 *   spine, hip, elbow.near, hand.near, knee.near, foot.near, elbow.far ... foot.far
 *
 * plates.conf, the rack's bar and plates: one set for a rack in kilograms, one in pounds
 * (the rack's unit picks one; rackside.conf [rack] bar and plates override it):
 *   [kg]
 *   bar = 20                 the empty bar, in the section's unit
 *   plates = 25/20/15/10/5/2.5/1.25    each optionally with its pairs: 25x4 (else 10)
 *   [lb]
 *   bar = 45
 *   plates = 45/35/25/10/5/2.5         change plates too: 1.25/0.5 lb, 0.5/0.25 kg
 */
#ifndef CATALOGUE_H
#define CATALOGUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phrase.h"
#include "plates.h"

#define CATALOGUE_EXERCISES_MAX 8 /* the plan's picker holds this many */
#define CATALOGUE_STEPS_MAX     24
#define CATALOGUE_ROUTINES_MAX  8
#define CATALOGUE_ROUTINE_STEPS 12
#define CATALOGUE_LANGS_MAX     4 /* translations besides the plain name */
#define CATALOGUE_KEY_MAX       24
#define CATALOGUE_NAME_MAX      32
#define CATALOGUE_CUE_MAX       128
#define CATALOGUE_LANG_MAX      8
#define CATALOGUE_ERR_MAX       256
#define CATALOGUE_FIGURES_MAX   16
#define CATALOGUE_FRAMES_MAX    8

struct catalogue_text {
    char lang[CATALOGUE_LANG_MAX]; /* "de", "pt_BR" */
    char text[CATALOGUE_CUE_MAX];
};

/* The stick figure's joints, as figures.conf names them (catalogue_joint_name). The far
 * limbs are drawn dimmer, behind the body. */
enum catalogue_joint {
    JOINT_HEAD,
    JOINT_NECK,
    JOINT_SPINE, /* the middle of the back: rounds and arches */
    JOINT_HIP,
    JOINT_ELBOW_FAR,
    JOINT_HAND_FAR,
    JOINT_KNEE_FAR,
    JOINT_FOOT_FAR,
    JOINT_ELBOW_NEAR,
    JOINT_HAND_NEAR,
    JOINT_KNEE_NEAR,
    JOINT_FOOT_NEAR,
    CATALOGUE_JOINTS
};

/* A warm-up step's animation: keyframes of the joints in a unit box (x right, y down, the
 * floor at CATALOGUE_FLOOR_Y), played in a loop, each frame to the next. */
#define CATALOGUE_FLOOR_Y 0.86f
struct catalogue_figure {
    char key[CATALOGUE_KEY_MAX];
    int cycle_ms; /* one loop through every frame */
    int n_frames; /* 0: none (nothing to draw) */
    bool eased;   /* each move eases in and out (poses); else steady (a sampled swing) */
    bool rack;    /* draw the rack's upright the lifter holds */
    float x[CATALOGUE_FRAMES_MAX][CATALOGUE_JOINTS];
    float y[CATALOGUE_FRAMES_MAX][CATALOGUE_JOINTS];
    int line;
};

struct catalogue_exercise {
    char key[CATALOGUE_KEY_MAX];
    char name[CATALOGUE_NAME_MAX];
    struct catalogue_text names[CATALOGUE_LANGS_MAX];
    int n_names;
    bool upper_body;
    bool on_plate;
    bool con_first;
    int tempo_ms[4]; /* all 0: the rules' tempo */
    int target_reps;
    int work_sets;
    int min_vel_mmps; /* 0: none */
    /* this exercise's largest step per rack unit (enum rack_unit), in thousandths of
     * that unit; both 0: by body half (rules_step_max_g) */
    int32_t step_max_mu[2];
    char warmup[CATALOGUE_KEY_MAX];
    int line; /* the section's line, for messages */
    /* this exercise's velocity-readiness drop, 0: the gym's */
    int readiness_drop_pct;
};

struct catalogue_step {
    char key[CATALOGUE_KEY_MAX];
    char name[CATALOGUE_NAME_MAX];
    struct catalogue_text names[CATALOGUE_LANGS_MAX];
    int n_names;
    char cue[CATALOGUE_CUE_MAX];
    struct catalogue_text cues[CATALOGUE_LANGS_MAX];
    int n_cues;
    int seconds;
    int reps;   /* 0: none */
    int figure; /* index into catalogue.figures */
    int line;
};

struct catalogue_routine {
    char key[CATALOGUE_KEY_MAX];
    int steps[CATALOGUE_ROUTINE_STEPS]; /* indexes into catalogue.steps */
    int n_steps;
    int line;
    int steps_line; /* where steps = was given */
};

struct catalogue {
    struct catalogue_exercise exercises[CATALOGUE_EXERCISES_MAX];
    int n_exercises;
    struct catalogue_step steps[CATALOGUE_STEPS_MAX];
    int n_steps;
    struct catalogue_routine routines[CATALOGUE_ROUTINES_MAX];
    int n_routines;
    struct catalogue_figure figures[CATALOGUE_FIGURES_MAX];
    int n_figures;
    /* plates.conf: a kilogram rack's set and a pound rack's, by enum rack_unit */
    struct plate_set plates[2];
    int plates_line[2]; /* each section's line; 0: not read */
};

struct catalogue_error {
    char msg[CATALOGUE_ERR_MAX]; /* "exercises.conf line 12: body 'lowr' must be lower or upper" */
    int line;                    /* 0: about the file as a whole */
    struct phrase_said what;     /* the same without file and line, to say in any language */
};

void catalogue_init(struct catalogue *c);

/*
 * Reads exercises.conf's text (file names it in messages) into c, replacing its exercises.
 * 0 ok; -1 with err at the first problem (c's exercises are then unusable).
 */
int catalogue_parse_exercises(struct catalogue *c, const char *file, const char *text, size_t len,
                              struct catalogue_error *err);
/* figures.conf's text: the warm-up figures' keyframes (read it before warmup.conf). */
int catalogue_parse_figures(struct catalogue *c, const char *file, const char *text, size_t len,
                            struct catalogue_error *err);
/* The same for warmup.conf: its steps and routines; each step's figure is one of c's. */
int catalogue_parse_warmup(struct catalogue *c, const char *file, const char *text, size_t len,
                           struct catalogue_error *err);
/* plates.conf's text: the [kg] and [lb] sets (both needed) into c->plates. */
int catalogue_parse_plates(struct catalogue *c, const char *file, const char *text, size_t len,
                           struct catalogue_error *err);
/*
 * What needs both files: each exercise's warm-up routine exists (the line named is in
 * exercises_file). 0 ok, -1 with err.
 */
int catalogue_check(const struct catalogue *c, const char *exercises_file,
                    struct catalogue_error *err);

/*
 * A tempo as exercises.conf's tempo line gives it ("3-1-2-2": seconds of eccentric, bottom
 * pause, concentric, top pause) into ms; 0 ok, -1 with err (err->what without a file).
 */
int catalogue_parse_tempo(const char *value, int ms[4], struct catalogue_error *err);

const struct catalogue_exercise *catalogue_exercise(const struct catalogue *c, const char *key);
const struct catalogue_routine *catalogue_routine(const struct catalogue *c, const char *key);
/* The name in lang ("de"), else the plain one. */
const char *catalogue_text_in(const char *plain, const struct catalogue_text *t, int n,
                              const char *lang);

/* A figure's index in c->figures by its name ("cat-cow"); -1 unknown. */
int catalogue_figure_index(const struct catalogue *c, const char *key);
/* "hand.near" ... as figures.conf writes them. */
const char *catalogue_joint_name(enum catalogue_joint j);
/* Where the figure's joints are at t_ms into its loop (x, y in the unit box). */
void catalogue_figure_pose(const struct catalogue_figure *f, int64_t t_ms,
                           float x[CATALOGUE_JOINTS], float y[CATALOGUE_JOINTS]);

#endif
