/*
 * History file reader and the rule behind rackside-ctl allowed --history: the input is a
 * whole history file. Byte 0 picks today's pain (0..10) and how many days after the last
 * row "today" is (0..63).
 *
 * Invariants: an error has a terminated, non-empty message and names a line the file
 * has; every row is in the reader's bounds and, written back as a CSV line and read
 * again, is the same row; for each exercise the cap is a load the plates make (or 0 with
 * no lifting, only at pain 6+), never over B + one step when there is a B, and its reason
 * is a terminated sentence.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../../app/core/history_csv.h"
#include "fuzz.h"

#define ROWS_MAX 2048

static struct history_row rows[ROWS_MAX];
static struct set_record sets[ROWS_MAX];
static size_t n_rows;

static int keep(void *ctx, const struct history_row *row)
{
    (void)ctx;
    FUZZ_CHECK(row->day >= 0 && row->load_g > 0 && row->load_g <= 1000000, "row %lld %d",
               (long long)row->day, row->load_g);
    FUZZ_CHECK(row->target_reps >= 1 && row->target_reps <= 100 && row->done_reps >= 0 &&
                   row->done_reps <= 100 && row->pain >= 0 && row->pain <= 10,
               "reps %d/%d pain %d", row->target_reps, row->done_reps, row->pain);
    FUZZ_CHECK(history_exercise_known(row->exercise, NULL), "exercise %s", row->exercise);
    if (n_rows == ROWS_MAX)
        return -1;
    rows[n_rows++] = *row;
    return 0;
}

static int one_back(void *ctx, const struct history_row *row)
{
    *(struct history_row *)ctx = *row;
    return 0;
}

/* A row written as CSV reads back as the same row. */
static void round_trip(const struct history_row *r)
{
    /* the date by whole years and months: plain, and not the reader's arithmetic */
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = 1970, m = 1;
    int64_t left = r->day;
    for (;;) {
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if (left < 365 + leap)
            break;
        left -= 365 + leap;
        y++;
    }
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    while (left >= mdays[m - 1] + (m == 2 && leap))
        left -= mdays[m - 1] + (m == 2 && leap), m++;
    int d = (int)left + 1;
    char text[256], vel[24] = "";
    if (r->vel_mmps > 0) /* the velocity column, named in the header */
        snprintf(vel, sizeof vel, ",%d.%03d", r->vel_mmps / 1000, r->vel_mmps % 1000);
    int len = snprintf(text, sizeof text, "%s%s\n%04d-%02d-%02d,%s,%d.%03d,%d,%d,%d,%d%s\n",
                       HISTORY_CSV_HEADER, r->vel_mmps > 0 ? "," HISTORY_CSV_VELOCITY : "", y, m, d,
                       r->exercise, r->load_g / 1000, r->load_g % 1000, r->target_reps,
                       r->done_reps, r->clean, r->pain, vel);
    struct history_row back;
    struct history_csv_error err;
    FUZZ_CHECK(history_csv_parse(text, (size_t)len, one_back, &back, &err) == 0,
               "written row not read back: %s (%s)", text, err.msg);
    FUZZ_CHECK(back.day == r->day && back.load_g == r->load_g && back.clean == r->clean &&
                   back.pain == r->pain && back.target_reps == r->target_reps &&
                   back.done_reps == r->done_reps && back.vel_mmps == r->vel_mmps &&
                   strcmp(back.exercise, r->exercise) == 0,
               "%s read back differently", text);
}

static void ask(const struct rules *rules, const char *exercise, int64_t today, int pain)
{
    struct progression_input in;
    history_to_input(rows, n_rows, exercise, today, pain, sets, &in);
    struct progression_result r;
    progression_cap(rules, &in, &r);
    if (r.reason == PROGRESSION_NO_LIFT) {
        FUZZ_CHECK(r.cap_g == 0 && in.pain_today >= rules->pain_no_lift_min, "no lift at %d",
                   in.pain_today);
    } else {
        int32_t again;
        FUZZ_CHECK(plates_round_down(&rules->plates, r.cap_g, &again) && again == r.cap_g,
                   "cap %d is not a load the plates make", r.cap_g);
        if (r.best_g > 0 && in.override_g == 0)
            FUZZ_CHECK(r.cap_g <= r.best_g + r.step_g || r.cap_g == rules->plates.bar_g,
                       "cap %d over B %d + %d", r.cap_g, r.best_g, r.step_g);
    }
    char why[PROGRESSION_EXPLAIN_MAX];
    memset(why, 'x', sizeof why);
    progression_explain(rules, &in, &r, why, sizeof why);
    FUZZ_CHECK(memchr(why, '\0', sizeof why) && why[0], "no reason");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int pain = data[0] % 11;
    int after_days = data[0] / 4 % 64;
    const char *text = (const char *)data + 1;
    size--;
    long lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += text[i] == '\n';
    n_rows = 0;
    struct history_csv_error err;
    if (history_csv_parse(text, size, keep, NULL, &err) != 0) {
        FUZZ_CHECK(memchr(err.msg, '\0', sizeof err.msg) && err.msg[0], "no message");
        FUZZ_CHECK(err.line >= 1 && err.line <= lines, "line %ld of %ld", err.line, lines);
        return 0;
    }
    int64_t last = 0;
    for (size_t i = 0; i < n_rows; i++) {
        if (rows[i].day > last)
            last = rows[i].day;
        if (i < 8)
            round_trip(&rows[i]);
    }
    struct rules rules;
    rules_default(&rules);
    static const char *const exercises[] = {"squat", "bench", "press", "deadlift"};
    for (int e = 0; e < 4; e++)
        ask(&rules, exercises[e], last + after_days, pain);
    return 0;
}
