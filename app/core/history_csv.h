/*
 * A lifter's set history as CSV, for the offline check (rackside-ctl allowed --history):
 * the header "date,exercise,load_kg,target_reps,done_reps,clean,pain", then one set a
 * line: 2026-11-14,squat,100,5,5,1,0 (clean: 1 when the set had no stop flag and its
 * tempo held; pain: that day's check-in, 0..10). Exercises: squat, bench, press, deadlift.
 * An eighth column, named velocity_mps in the header, may follow: the set's mean
 * concentric velocity in m/s (0.45), empty when it was not measured; the lifter's usual
 * speed at a load comes from these (velocity readiness, readiness.h). A file without it
 * reads as before.
 *
 * Parsed from memory (no I/O here, so the fuzzer and the tests drive it), strictly: each
 * field's characters are checked before conversion and the first bad line stops the
 * read with its number and a one-line reason. Plain splitting on commas, not libcsv:
 * none of these fields may hold a quote or a comma, so quoting is never valid input.
 *
 * history_to_input turns the rows into the progression's input for one exercise and day,
 * so the offline check and its tests ask the rule exactly as the kiosk does.
 */
#ifndef HISTORY_CSV_H
#define HISTORY_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalogue.h"
#include "progression.h"

#define HISTORY_CSV_HEADER   "date,exercise,load_kg,target_reps,done_reps,clean,pain"
#define HISTORY_CSV_VELOCITY "velocity_mps" /* the optional last column's name */
#define HISTORY_CSV_LINE_MAX 256
#define HISTORY_CSV_ERR_MAX  160
#define HISTORY_EXERCISE_MAX CATALOGUE_KEY_MAX

struct history_row {
    int64_t day; /* days since 1970-01-01 */
    char exercise[HISTORY_EXERCISE_MAX];
    int32_t load_g;
    int target_reps, done_reps;
    bool clean;
    int pain;
    bool stopped; /* not in the file (clean 0 covers it); set by callers that know */
    int vel_mmps; /* velocity_mps in mm/s; 0: not in the file, or not measured */
};

typedef int (*history_row_fn)(void *ctx, const struct history_row *row);

struct history_csv_error {
    long line; /* 0: not about one line */
    char msg[HISTORY_CSV_ERR_MAX];
};

/* Calls fn for each row; 0 ok, -1 at the first bad line (or when fn returns nonzero). */
int history_csv_parse(const char *data, size_t len, history_row_fn fn, void *ctx,
                      struct history_csv_error *err);
/*
 * The same, where an exercise is one of the catalogue's ids (front-squat), as the kiosk
 * names them; cat NULL: squat, bench, press, deadlift.
 */
int history_csv_parse_in(const struct catalogue *cat, const char *data, size_t len,
                         history_row_fn fn, void *ctx, struct history_csv_error *err);

/* "2026-11-14" -> day number; -1 when not exactly a real YYYY-MM-DD date. */
int64_t history_parse_date(const char *s, size_t len);
/* true for squat, bench, press, deadlift; *upper_body says which half works. */
bool history_exercise_known(const char *name, bool *upper_body);

/*
 * The progression's input for `exercise` on `today` from rows: that exercise's sets up to
 * today (sets[] needs room for n; in the file's order, which within a day is the order
 * the sets were done), the
 * last check-in before today from every exercise's rows, and today's pain the highest of
 * pain_today and any row of today. in->sets points into sets.
 */
void history_to_input(const struct history_row *rows, size_t n, const char *exercise, int64_t today,
                      int pain_today, struct set_record *sets, struct progression_input *in);

/*
 * The exercise's own rules from its catalogue entry into in, as the kiosk's session takes
 * them: its body half, its largest step and its velocity-readiness drop.
 */
void history_use_exercise(const struct catalogue_exercise *ex, struct progression_input *in);

/*
 * Today's last ramp set, load_g at vel_mmps, into in: its speed and the lifter's usual
 * one at that load from in's sets (readiness_usual_mmps), for the rule to compare, as
 * the kiosk does once the last ramp set is done.
 */
void history_ramp_set(const struct rules *rules, int32_t load_g, int vel_mmps,
                      struct progression_input *in);
/* "0.45" m/s -> 450 mm/s: a plain decimal, up to 3 places, over 0, at most 5 m/s; -1 not. */
int history_parse_velocity(const char *s, size_t len);
/* "102.5" kg -> 102500 g: a plain decimal, up to 3 places, over 0, at most a tonne; -1 not. */
int32_t history_parse_load(const char *s, size_t len);

#endif
