#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history_csv.h"
#include "readiness.h"

#define COLUMNS      8 /* the last, velocity_mps, only when the header names it */
#define VEL_MAX_MMPS 5000
#define LOAD_MAX_G   1000000 /* a tonne */
#define REPS_MAX     100
#define PAIN_MAX     10
#define YEAR_MIN     1970
#define YEAR_MAX     9999

static const char *const column_names[COLUMNS] = {"date",        "exercise",          "load_kg",
                                                  "target_reps", "done_reps",         "clean",
                                                  "pain",        HISTORY_CSV_VELOCITY};

/* Days since 1970-01-01 of a civil date (H. Hinnant's method). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool digits(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return len > 0;
}

static int number(const char *s, size_t len)
{
    int v = 0;
    for (size_t i = 0; i < len; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int64_t history_parse_date(const char *s, size_t len)
{
    if (len != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) || !digits(s + 5, 2) ||
        !digits(s + 8, 2))
        return -1;
    int y = number(s, 4), m = number(s + 5, 2), d = number(s + 8, 2);
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < YEAR_MIN || y > YEAR_MAX || m < 1 || m > 12 || d < 1 ||
        d > mdays[m - 1] + (m == 2 && leap))
        return -1;
    return days_from_civil(y, m, d);
}

bool history_exercise_known(const char *name, bool *upper_body)
{
    static const struct {
        const char *name;
        bool upper;
    } known[] = {{"squat", false}, {"bench", true}, {"press", true}, {"deadlift", false}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(name, known[i].name) == 0) {
            if (upper_body)
                *upper_body = known[i].upper;
            return true;
        }
    return false;
}

/* A plain decimal with up to 3 places and at most 4 whole digits, in thousandths; -1 not. */
static int64_t thousandths(const char *s, size_t len)
{
    size_t dot = 0;
    while (dot < len && s[dot] != '.')
        dot++;
    size_t frac = dot < len ? len - dot - 1 : 0;
    if (dot == 0 || dot > 4 || !digits(s, dot) || (dot < len && (frac == 0 || frac > 3)) ||
        (frac && !digits(s + dot + 1, frac)))
        return -1;
    int64_t v = (int64_t)number(s, dot) * 1000;
    int scale = 100;
    for (size_t i = 0; i < frac; i++, scale /= 10)
        v += (s[dot + 1 + i] - '0') * scale;
    return v;
}

int32_t history_parse_load(const char *s, size_t len)
{
    int64_t g = thousandths(s, len);
    return g > 0 && g <= LOAD_MAX_G ? (int32_t)g : -1;
}

int history_parse_velocity(const char *s, size_t len)
{
    int64_t mmps = thousandths(s, len);
    return mmps > 0 && mmps <= VEL_MAX_MMPS ? (int)mmps : -1;
}

static int small_int(const char *s, size_t len, int max)
{
    if (!digits(s, len) || len > 3)
        return -1;
    int v = number(s, len);
    return v <= max ? v : -1;
}

static int fail(struct history_csv_error *err, long line, const char *fmt, const char *a,
                const char *b)
{
    err->line = line;
    snprintf(err->msg, sizeof err->msg, fmt, a, b);
    return -1;
}

/* The catalogue's ids, "a, b, c", for a message (cut where it does not fit). */
static void catalogue_keys(const struct catalogue *cat, char *out, size_t n)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < cat->n_exercises && len + 1 < n; i++) {
        int k = snprintf(out + len, n - len, "%s%s", i ? ", " : "", cat->exercises[i].key);
        len = k < 0 || (size_t)k >= n - len ? n - 1 : len + (size_t)k;
    }
}

/* Whether the row's exercise is one the file may name; fails with the ones it may. */
static int check_exercise(const struct catalogue *cat, const char *name, long line,
                          struct history_csv_error *err)
{
    if (!cat)
        return history_exercise_known(name, NULL)
                   ? 0
                   : fail(err, line, "exercise '%s' is not squat, bench, press or deadlift%s", name,
                          "");
    if (catalogue_exercise(cat, name))
        return 0;
    char keys[88]; /* what the message holds beside the name */
    catalogue_keys(cat, keys, sizeof keys);
    return fail(err, line, "exercise '%s' is not in the catalogue: %s", name, keys);
}

/* One data line, split into its fields (seven, or eight with velocity_mps), into row. */
static int parse_fields(const struct catalogue *cat, const char *f[COLUMNS],
                        const size_t flen[COLUMNS], int columns, long line, struct history_row *row,
                        struct history_csv_error *err)
{
    char field[40];
#define FIELD(i)                                                                                   \
    (snprintf(field, sizeof field, "%.*s", (int)(flen[i] > 32 ? 32 : flen[i]), f[i]), field)
    memset(row, 0, sizeof *row);
    row->day = history_parse_date(f[0], flen[0]);
    if (row->day < 0)
        return fail(err, line, "date '%s' is not a date like 2026-11-14%s", FIELD(0), "");
    if (flen[1] >= sizeof row->exercise)
        return check_exercise(cat, FIELD(1), line, err); /* too long for any: says which */
    memcpy(row->exercise, f[1], flen[1]);
    row->exercise[flen[1]] = '\0';
    if (check_exercise(cat, row->exercise, line, err) != 0)
        return -1;
    row->load_g = history_parse_load(f[2], flen[2]);
    if (row->load_g < 0)
        return fail(err, line,
                    "load_kg '%s' is not a load in kg like 102.5 (over 0, at most 1000)%s",
                    FIELD(2), "");
    row->target_reps = small_int(f[3], flen[3], REPS_MAX);
    if (row->target_reps < 1)
        return fail(err, line, "target_reps '%s' is not a whole number 1..100%s", FIELD(3), "");
    row->done_reps = small_int(f[4], flen[4], REPS_MAX);
    if (row->done_reps < 0)
        return fail(err, line, "done_reps '%s' is not a whole number 0..100%s", FIELD(4), "");
    int clean = small_int(f[5], flen[5], 1);
    if (clean < 0)
        return fail(err, line, "clean '%s' is not 0 or 1%s", FIELD(5), "");
    row->clean = clean == 1;
    row->pain = small_int(f[6], flen[6], PAIN_MAX);
    if (row->pain < 0)
        return fail(err, line, "pain '%s' is not a whole number 0..10%s", FIELD(6), "");
    if (columns > 7 && flen[7] > 0) { /* empty: not measured */
        row->vel_mmps = history_parse_velocity(f[7], flen[7]);
        if (row->vel_mmps < 0)
            return fail(err, line,
                        "velocity_mps '%s' is not a speed in m/s like 0.45 (over 0, at most 5), "
                        "or empty when not measured%s",
                        FIELD(7), "");
    }
#undef FIELD
    return 0;
}

/* A line of `columns` fields, as the header said (header: its text, for messages). */
static int parse_line(const struct catalogue *cat, const char *s, size_t len, int columns,
                      const char *header, long line, struct history_row *row,
                      struct history_csv_error *err)
{
    const char *f[COLUMNS];
    size_t flen[COLUMNS];
    int n = 0;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != ',')
            continue;
        if (n == columns) {
            char cols[8];
            snprintf(cols, sizeof cols, "%d", columns);
            return fail(err, line, "more than %s fields; the header is %s", cols, header);
        }
        f[n] = s + start;
        flen[n++] = i - start;
        start = i + 1;
    }
    if (n < columns)
        return fail(err, line, "no %s field; the header is %s", column_names[n], header);
    return parse_fields(cat, f, flen, columns, line, row, err);
}

/* The columns the header names: 7, or 8 with velocity_mps last; 0 when it is neither. */
static int header_columns(const char *s, size_t len)
{
    static const char with_velocity[] = HISTORY_CSV_HEADER "," HISTORY_CSV_VELOCITY;
    if (len == strlen(HISTORY_CSV_HEADER) && memcmp(s, HISTORY_CSV_HEADER, len) == 0)
        return COLUMNS - 1;
    if (len == strlen(with_velocity) && memcmp(s, with_velocity, len) == 0)
        return COLUMNS;
    return 0;
}

int history_csv_parse(const char *data, size_t len, history_row_fn fn, void *ctx,
                      struct history_csv_error *err)
{
    return history_csv_parse_in(NULL, data, len, fn, ctx, err);
}

int history_csv_parse_in(const struct catalogue *cat, const char *data, size_t len,
                         history_row_fn fn, void *ctx, struct history_csv_error *err)
{
    *err = (struct history_csv_error){0};
    long line = 0;
    size_t pos = 0;
    bool header = false;
    int columns = 0;
    const char *header_text = HISTORY_CSV_HEADER;
    /* a spreadsheet's "CSV UTF-8" starts with a byte-order mark: it is not part of the header */
    static const char bom[] = "\xEF\xBB\xBF";
    if (len >= 3 && memcmp(data, bom, 3) == 0)
        pos = 3;
    while (pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        size_t l = end - pos;
        line++;
        if (l > 0 && data[pos + l - 1] == '\r')
            l--;
        if (memchr(data + pos, '\0', l))
            return fail(err, line, "holds a NUL byte: not a text file%s%s", "", "");
        if (l > HISTORY_CSV_LINE_MAX)
            return fail(err, line, "longer than a history line can be%s%s", "", "");
        if (!header) {
            columns = header_columns(data + pos, l);
            if (columns == 0)
                return fail(err, line,
                            "the first line must be the header %s (then ," HISTORY_CSV_VELOCITY
                            " when the sets' velocities follow)%s",
                            HISTORY_CSV_HEADER, "");
            if (columns == COLUMNS)
                header_text = HISTORY_CSV_HEADER "," HISTORY_CSV_VELOCITY;
            header = true;
        } else if (l > 0) {
            struct history_row row;
            if (parse_line(cat, data + pos, l, columns, header_text, line, &row, err) != 0)
                return -1;
            if (fn && fn(ctx, &row) != 0)
                return fail(err, line, "too many sets%s%s", "", "");
        }
        pos = end + 1;
    }
    if (!header)
        return fail(err, line ? line : 1, "empty: the first line must be the header %s%s",
                    HISTORY_CSV_HEADER, "");
    return 0;
}

void history_to_input(const struct history_row *rows, size_t n, const char *exercise, int64_t today,
                      int pain_today, struct set_record *sets, struct progression_input *in)
{
    memset(in, 0, sizeof *in);
    in->today = today;
    in->pain_today = pain_today;
    in->last_session_day = -1;
    in->last_session_pain = -1;
    in->exercise = exercise;
    history_exercise_known(exercise, &in->upper_body);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const struct history_row *r = &rows[i];
        if (r->day > today)
            continue;
        if (r->day == today && r->pain > in->pain_today)
            in->pain_today = r->pain; /* a pain answer today only tightens */
        if (r->day < today && r->day > in->last_session_day) {
            in->last_session_day = r->day;
            in->last_session_pain = r->pain;
        } else if (r->day == in->last_session_day && r->pain > in->last_session_pain) {
            in->last_session_pain = r->pain;
        }
        if (strcmp(r->exercise, exercise) == 0)
            sets[k++] = (struct set_record){.day = r->day,
                                            .load_g = r->load_g,
                                            .clean = r->clean,
                                            .stopped = r->stopped,
                                            .target_reps = r->target_reps,
                                            .done_reps = r->done_reps,
                                            .vel_mmps = r->vel_mmps};
    }
    in->sets = sets;
    in->n_sets = k;
}

void history_use_exercise(const struct catalogue_exercise *ex, struct progression_input *in)
{
    in->upper_body = ex->upper_body;
    memcpy(in->step_max_mu, ex->step_max_mu, sizeof in->step_max_mu);
    in->readiness_drop_pct = ex->readiness_drop_pct;
}

void history_ramp_set(const struct rules *rules, int32_t load_g, int vel_mmps,
                      struct progression_input *in)
{
    in->ramp_vel_mmps = vel_mmps;
    in->usual_vel_mmps = readiness_usual_mmps(rules, in->sets, in->n_sets, in->today, load_g);
}
