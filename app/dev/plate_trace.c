#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "plate_trace.h"

#define TRACE_FIELDS     3
#define FIELD_MAX        32
#define COUNT_MIN        (-8388608)
#define COUNT_MAX        8388607
#define COUNTS_PER_KG_LO 1.0 /* a plate so coarse it could not weigh a person */
#define COUNTS_PER_KG_HI 1e7

struct row {
    char field[TRACE_FIELDS][FIELD_MAX];
    int n;
    bool too_long;
};

static void on_field(void *s, size_t len, void *data)
{
    struct row *r = data;
    if (r->n < TRACE_FIELDS) {
        if (len >= FIELD_MAX) {
            r->too_long = true;
            len = FIELD_MAX - 1;
        }
        memcpy(r->field[r->n], s ? s : "", len);
        r->field[r->n][len] = '\0';
    }
    r->n++;
}

static void on_row(int c, void *data)
{
    (void)c;
    (void)data;
}

static int split(const char *line, struct row *r, char err[PLATE_TRACE_ERR_MAX])
{
    struct csv_parser p;
    memset(r, 0, sizeof(*r));
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        snprintf(err, PLATE_TRACE_ERR_MAX, "out of memory");
        return -1;
    }
    size_t len = strlen(line);
    int rc = 0;
    if (csv_parse(&p, line, len, on_field, on_row, r) != len ||
        csv_fini(&p, on_field, on_row, r) != 0) {
        snprintf(err, PLATE_TRACE_ERR_MAX, "not CSV: %s", csv_strerror(csv_error(&p)));
        rc = -1;
    }
    csv_free(&p);
    return rc;
}

/* A whole decimal integer in [lo, hi]; the text is what the field held. */
static bool parse_int(const char *text, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno || end == text || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

int plate_trace_parse_line(const char *line, bool header, int64_t prev_us, struct plate_sample *out,
                           char err[PLATE_TRACE_ERR_MAX])
{
    if (header) {
        if (strcmp(line, PLATE_TRACE_HEADER) == 0 ||
            (strncmp(line, PLATE_TRACE_HEADER, strlen(PLATE_TRACE_HEADER)) == 0 &&
             strcmp(line + strlen(PLATE_TRACE_HEADER), "\r") == 0))
            return 0;
        snprintf(err, PLATE_TRACE_ERR_MAX, "the first line must be the header \"%s\"",
                 PLATE_TRACE_HEADER);
        return -1;
    }
    if (line[0] == '\0' || strcmp(line, "\r") == 0)
        return 0;
    struct row r;
    if (split(line, &r, err) < 0)
        return -1;
    if (r.n != TRACE_FIELDS) {
        snprintf(err, PLATE_TRACE_ERR_MAX, "%d fields, want 3 (t_us,left_counts,right_counts)",
                 r.n);
        return -1;
    }
    long long t;
    if (r.too_long || !parse_int(r.field[0], 0, INT64_MAX / 2, &t)) {
        snprintf(err, PLATE_TRACE_ERR_MAX, "t_us \"%.24s\" is not a time in microseconds",
                 r.field[0]);
        return -1;
    }
    if (prev_us != INT64_MIN && t <= prev_us) {
        snprintf(err, PLATE_TRACE_ERR_MAX, "t_us %lld is not after the line before (%lld)", t,
                 (long long)prev_us);
        return -1;
    }
    memset(out, 0, sizeof(*out));
    out->t_us = t;
    static const char *const names[PLATE_SIDES] = {"left_counts", "right_counts"};
    for (int side = 0; side < PLATE_SIDES; side++) {
        const char *f = r.field[1 + side];
        char *trim = (char *)f + strlen(f);
        while (trim > f && trim[-1] == '\r')
            *--trim = '\0';
        if (*f == '\0') {
            out->raw[side] = -1; /* no answer: what a DOUT that stays high reads */
            continue;
        }
        long long v;
        if (!parse_int(f, COUNT_MIN, COUNT_MAX, &v)) {
            snprintf(err, PLATE_TRACE_ERR_MAX,
                     "%s \"%.24s\" is not a 24-bit count (-8388608..8388607) or empty", names[side],
                     f);
            return -1;
        }
        out->raw[side] = (int32_t)v;
        out->ok_mask |= (uint8_t)(1u << side);
    }
    return 1;
}

bool plate_trace_parse_cal(const char *text, struct load_calibration *cal,
                           char err[PLATE_TRACE_ERR_MAX])
{
    double v[4];
    const char *p = text;
    for (int i = 0; i < 4; i++) {
        char *end;
        errno = 0;
        v[i] = strtod(p, &end);
        if (errno || end == p || !isfinite(v[i]) || (i < 3 && *end != ',') || (i == 3 && *end)) {
            snprintf(err, PLATE_TRACE_ERR_MAX,
                     "--cal wants LEFT_OFFSET,LEFT_COUNTS_PER_KG,RIGHT_OFFSET,RIGHT_COUNTS_PER_KG "
                     "(four numbers), not \"%.40s\"",
                     text);
            return false;
        }
        p = end + 1;
    }
    for (int side = 0; side < PLATE_SIDES; side++) {
        double off = v[2 * side], cpk = v[2 * side + 1];
        if (off < COUNT_MIN || off > COUNT_MAX || off != floor(off)) {
            snprintf(err, PLATE_TRACE_ERR_MAX, "--cal: offset %g is not a 24-bit count", off);
            return false;
        }
        if (!(cpk >= COUNTS_PER_KG_LO && cpk <= COUNTS_PER_KG_HI)) {
            snprintf(err, PLATE_TRACE_ERR_MAX,
                     "--cal: %g counts per kg is not a plate's scale (1 to 10000000)", cpk);
            return false;
        }
        cal->offset[side] = (int32_t)off;
        cal->g_per_count[side] = 1000.0 / cpk;
    }
    return true;
}
