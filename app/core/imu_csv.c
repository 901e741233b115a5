/*
 * IMU trace reader: a line at a time, each checked completely before its sample is
 * handed on, so a bad file yields the samples before the bad line and one message.
 */
#include "imu_csv.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NUMBER_MAX  48 /* characters in one field: far more than a double needs */
#define RAD_TO_DEG  (180.0 / 3.14159265358979323846)
#define UTF8_BOM    "\xEF\xBB\xBF"
#define UTF8_BOM_SZ 3
/* A value read at a limit and written back may land a rounding step beyond it. */
#define LIMIT_SLACK (1.0 + 1e-6)

static const char *const column_names[IMU_CSV_COLUMNS] = {"t_us", "ax", "ay", "az",
                                                          "gx",   "gy", "gz"};

void imu_csv_init(struct imu_csv *c)
{
    memset(c, 0, sizeof *c);
}

static int fail(struct imu_csv *c, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct imu_csv *c, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
    c->err_line = line;
    c->failed = true;
    return -1;
}

/* Shows a field in a message, cut short and with anything unprintable as '?'. */
static void quote(const char *s, size_t len, char out[24])
{
    size_t n = len < 20 ? len : 20;
    for (size_t i = 0; i < n; i++)
        out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
    if (n < len) {
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n] = '\0';
}

static bool number_char(char ch)
{
    return (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' ||
           ch == 'E';
}

static bool blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* Field col of the line as a finite number; -1 with the message set. */
static int parse_number(struct imu_csv *c, const char *s, size_t len, int col, double *out)
{
    while (len > 0 && blank(*s)) {
        s++;
        len--;
    }
    while (len > 0 && blank(s[len - 1]))
        len--;
    char shown[24];
    quote(s, len, shown);
    if (len == 0)
        return fail(c, c->line, "column %d (%s) is empty; every line needs %d numbers: %s", col + 1,
                    column_names[col], IMU_CSV_COLUMNS, IMU_CSV_HEADER);
    bool digit = false, ok = len < NUMBER_MAX;
    for (size_t i = 0; ok && i < len; i++) {
        ok = number_char(s[i]);
        digit |= s[i] >= '0' && s[i] <= '9';
    }
    double v = 0;
    if (ok && digit) {
        char buf[NUMBER_MAX];
        memcpy(buf, s, len);
        buf[len] = '\0';
        char *end;
        v = strtod(buf, &end);
        ok = end == buf + len;
    }
    if (!ok || !digit) {
        size_t sign = len > 0 && (s[0] == '-' || s[0] == '+');
        bool word = len >= sign + 3 &&
                    (strncasecmp(s + sign, "nan", 3) == 0 || strncasecmp(s + sign, "inf", 3) == 0);
        return fail(c, c->line, "column %d (%s) is \"%s\", not %s; write plain decimal numbers",
                    col + 1, column_names[col], shown, word ? "a finite number" : "a number");
    }
    if (!isfinite(v))
        return fail(c, c->line, "column %d (%s) is \"%s\", too large to be a measurement", col + 1,
                    column_names[col], shown);
    *out = v;
    return 0;
}

/* The time column: whole microseconds, in range, strictly after the previous sample. */
static int check_time(struct imu_csv *c, double t, int64_t *out)
{
    if (t < 0 || t > (double)IMU_CSV_T_MAX_US)
        return fail(c, c->line, "t_us %g is out of range (0 to 2^53 microseconds)", t);
    if (t != floor(t))
        return fail(c, c->line, "t_us %.17g is not a whole number of microseconds", t);
    int64_t t_us = (int64_t)t;
    if (c->samples > 0 && t_us == c->last_t_us)
        return fail(c, c->line,
                    "t_us %lld repeats the previous sample's time; each sample needs its own time",
                    (long long)t_us);
    if (c->samples > 0 && t_us < c->last_t_us)
        return fail(c, c->line,
                    "t_us %lld goes back in time (previous sample %lld); samples must be in "
                    "time order",
                    (long long)t_us, (long long)c->last_t_us);
    *out = t_us;
    return 0;
}

static int check_range(struct imu_csv *c, int col, double v)
{
    bool accel = col <= 3;
    double max = accel ? IMU_CSV_ACCEL_MAX_MPS2 : IMU_CSV_GYRO_MAX_RADPS;
    if (fabs(v) <= max * LIMIT_SLACK)
        return 0;
    if (accel)
        return fail(c, c->line,
                    "column %d (%s) is %g m/s^2, beyond +-%.0f m/s^2 (64 g): acceleration is "
                    "in m/s^2",
                    col + 1, column_names[col], v, max);
    return fail(c, c->line,
                "column %d (%s) is %g rad/s, beyond +-%.0f rad/s: angular rate is in rad/s, "
                "not degrees/s",
                col + 1, column_names[col], v, max);
}

/* Splits a data line at commas into exactly IMU_CSV_COLUMNS numbers. */
static int parse_sample(struct imu_csv *c, const char *line, size_t len, struct imu_sample *out)
{
    const char *field[IMU_CSV_COLUMNS];
    size_t flen[IMU_CSV_COLUMNS];
    int n = 0;
    const char *start = line;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && line[i] != ',')
            continue;
        if (n < IMU_CSV_COLUMNS) {
            field[n] = start;
            flen[n] = (size_t)(line + i - start);
        }
        n++;
        start = line + i + 1;
    }
    if (n != IMU_CSV_COLUMNS)
        return fail(c, c->line, "%d column%s, expected %d: %s", n, n == 1 ? "" : "s",
                    IMU_CSV_COLUMNS, IMU_CSV_HEADER);
    double v[IMU_CSV_COLUMNS];
    for (int k = 0; k < IMU_CSV_COLUMNS; k++)
        if (parse_number(c, field[k], flen[k], k, &v[k]) != 0 ||
            (k > 0 && check_range(c, k, v[k]) != 0))
            return -1;
    if (check_time(c, v[0], &out->t_us) != 0)
        return -1;
    for (int a = 0; a < 3; a++) {
        out->accel_g[a] = (float)(v[1 + a] / IMU_CSV_G_MPS2);
        out->gyro_dps[a] = (float)(v[4 + a] * RAD_TO_DEG);
    }
    return 0;
}

static int check_header(struct imu_csv *c, const char *line, size_t len)
{
    if (len >= UTF8_BOM_SZ && memcmp(line, UTF8_BOM, UTF8_BOM_SZ) == 0) {
        line += UTF8_BOM_SZ; /* spreadsheets save one */
        len -= UTF8_BOM_SZ;
    }
    if (len == strlen(IMU_CSV_HEADER) && memcmp(line, IMU_CSV_HEADER, len) == 0) {
        c->header_seen = true;
        return 0;
    }
    char shown[24];
    quote(line, len, shown);
    return fail(c, c->line,
                "the header is \"%s\"; the first line must be exactly %s (us, m/s^2, rad/s)", shown,
                IMU_CSV_HEADER);
}

/* One complete line, without its newline (and without a CR before it). */
static int take_line(struct imu_csv *c, imu_csv_sample_fn fn, void *ctx)
{
    const char *line = c->buf;
    size_t len = c->len;
    c->len = 0;
    if (len > 0 && line[len - 1] == '\r')
        len--;
    if (memchr(line, '\0', len))
        return fail(c, c->line, "a NUL byte: this is not a text file");
    if (!c->header_seen)
        return check_header(c, line, len);
    if (len == 0) {
        if (!c->blank_line)
            c->blank_line = c->line;
        return 0;
    }
    if (c->blank_line)
        return fail(c, c->blank_line,
                    "an empty line between samples; remove it (only the end may have them)");
    struct imu_sample s;
    if (parse_sample(c, line, len, &s) != 0)
        return -1;
    c->last_t_us = s.t_us;
    c->samples++;
    fn(ctx, &s);
    return 0;
}

int imu_csv_feed(struct imu_csv *c, const char *data, size_t len, imu_csv_sample_fn fn, void *ctx)
{
    if (c->failed)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (c->len == 0)
            c->line++;
        if (data[i] == '\n') {
            if (take_line(c, fn, ctx) != 0)
                return -1;
            continue;
        }
        /* at once, not at the line's end: a file with no newlines may never end */
        if (c->len == IMU_CSV_LINE_MAX)
            return fail(c, c->line,
                        "the line is longer than %d characters: this is not an IMU trace line",
                        IMU_CSV_LINE_MAX);
        c->buf[c->len++] = data[i];
    }
    return 0;
}

int imu_csv_finish(struct imu_csv *c, imu_csv_sample_fn fn, void *ctx)
{
    if (c->failed)
        return -1;
    if (c->len > 0) {
        if (take_line(c, fn, ctx) != 0)
            return -1;
    }
    if (c->line == 0)
        return fail(c, 1, "the file is empty; the first line must be the header %s",
                    IMU_CSV_HEADER);
    if (c->samples == 0)
        return fail(c, c->line + 1, "no samples after the header; add lines of %s", IMU_CSV_HEADER);
    return 0;
}

int imu_csv_format(const struct imu_sample *s, char *out, size_t n)
{
    /* 9 significant digits bring a float back exactly once converted to g or deg/s */
    int len = snprintf(out, n, "%lld,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g\n", (long long)s->t_us,
                       s->accel_g[0] * IMU_CSV_G_MPS2, s->accel_g[1] * IMU_CSV_G_MPS2,
                       s->accel_g[2] * IMU_CSV_G_MPS2, s->gyro_dps[0] / RAD_TO_DEG,
                       s->gyro_dps[1] / RAD_TO_DEG, s->gyro_dps[2] / RAD_TO_DEG);
    return len < 0 || (size_t)len >= n ? -1 : len;
}
