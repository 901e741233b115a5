/*
 * IMU trace reader: a table of files, good and bad, each with the samples it yields and,
 * when bad, the line and the words of its one message; every file is read whole and one
 * byte at a time. Units are converted at the edge (m/s^2 -> g, rad/s -> deg/s), and a
 * sample written with imu_csv_format reads back bit for bit.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/imu_csv.h"

#define H      IMU_CSV_HEADER "\n"
#define ROW(t) #t ",0.1,-0.2,9.80665,0.01,0.02,-0.03\n"
#define MAX_S  8

struct got {
    int n;
    struct imu_sample s[MAX_S];
};

static void keep(void *ctx, const struct imu_sample *s)
{
    struct got *g = ctx;
    if (g->n < MAX_S)
        g->s[g->n] = *s;
    g->n++;
}

static int read_all(const char *text, size_t len, size_t chunk, struct imu_csv *c, struct got *g)
{
    imu_csv_init(c);
    memset(g, 0, sizeof *g);
    for (size_t at = 0; at < len; at += chunk) {
        size_t n = len - at < chunk ? len - at : chunk;
        if (imu_csv_feed(c, text + at, n, keep, g) != 0)
            return -1;
    }
    return imu_csv_finish(c, keep, g);
}

struct csv_case {
    const char *name;
    const char *text;
    int samples;      /* good samples read (before the error, if any) */
    long err_line;    /* 0: the file is good */
    const char *says; /* words the message must contain */
};

static const struct csv_case cases[] = {
    {"good", H ROW(1000) ROW(2000) ROW(3000), 3, 0, NULL},
    {"good without a final newline", H ROW(1000) "2000,0,0,9.8,0,0,0", 2, 0, NULL},
    {"good with CRLF", IMU_CSV_HEADER "\r\n1000,0,0,9.8,0,0,0\r\n2000,0,0,9.8,0,0,0\r\n", 2, 0,
     NULL},
    {"good with a byte order mark", "\xEF\xBB\xBF" H ROW(5), 1, 0, NULL},
    {"good with gaps and exponents", H ROW(0) ROW(1000) "1e5,1.5e-1,-2E-1,9.8,0,0,0\n", 3, 0, NULL},
    {"good with blank lines at the end", H ROW(1) ROW(2) "\n\n", 2, 0, NULL},
    {"good with spaces around numbers", H " 1 , 0 ,0,9.8,0,0, 0\n", 1, 0, NULL},
    {"empty file", "", 0, 1, "empty"},
    {"header only", H, 0, 2, "no samples"},
    {"header only, no newline", IMU_CSV_HEADER, 0, 2, "no samples"},
    {"wrong header", "time,ax,ay,az,gx,gy,gz\n" ROW(1), 0, 1, "header"},
    {"header with a missing column", "t_us,ax,ay,az,gx,gy\n", 0, 1, "header"},
    {"no header, numbers first", ROW(1) ROW(2), 0, 1, "header"},
    {"a missing column", H ROW(1) "2,0,0,9.8,0,0\n", 1, 3, "6 columns, expected 7"},
    {"an extra column", H "1,0,0,9.8,0,0,0,7\n", 0, 2, "8 columns, expected 7"},
    {"one column", H "12345\n", 0, 2, "1 column, expected 7"},
    {"an empty field", H "1,0,,9.8,0,0,0\n", 0, 2, "column 3 (ay) is empty"},
    {"a word", H ROW(1) "2,0,0,abc,0,0,0\n", 1, 3, "column 4 (az) is \"abc\", not a number"},
    {"NaN", H "1,nan,0,9.8,0,0,0\n", 0, 2, "column 2 (ax) is \"nan\", not a finite number"},
    {"inf", H "1,0,0,9.8,-inf,0,0\n", 0, 2, "column 5 (gx) is \"-inf\", not a finite number"},
    {"hex", H "1,0x10,0,9.8,0,0,0\n", 0, 2, "not a number"},
    {"decimal comma", H "1,0;5,0,9.8,0,0,0\n", 0, 2, "not a number"},
    {"two points", H "1,1.2.3,0,9.8,0,0,0\n", 0, 2, "not a number"},
    {"quoted number", H "1,\"0.5\",0,9.8,0,0,0\n", 0, 2, "not a number"},
    {"overflowing number", H "1,1e999,0,9.8,0,0,0\n", 0, 2, "too large"},
    {"time going backwards", H ROW(2000) ROW(3000) ROW(2500), 2, 4, "goes back in time"},
    {"time repeating", H ROW(2000) ROW(2000), 1, 3, "repeats"},
    {"fractional time", H "1.5,0,0,9.8,0,0,0\n", 0, 2, "whole number of microseconds"},
    {"negative time", H "-5,0,0,9.8,0,0,0\n", 0, 2, "out of range"},
    {"huge time", H "1e300,0,0,9.8,0,0,0\n", 0, 2, "out of range"},
    {"accel in the wrong unit", H "1,0,0,9810,0,0,0\n", 0, 2, "beyond"},
    {"gyro in degrees", H ROW(1) "2,0,0,9.8,0,0,200\n", 1, 3, "not degrees/s"},
    {"a blank line between samples", H ROW(1) "\n" ROW(2), 1, 3, "empty line"},
    {"a NUL byte", H "1,0,0,9.8\0,0,0,0\n", 0, 2, "NUL"},
};

/* The NUL case needs its real length; every other text ends at its terminator. */
static size_t case_len(const struct csv_case *k)
{
    if (strcmp(k->name, "a NUL byte") == 0)
        return strlen(H) + strlen("1,0,0,9.8") + 1 + strlen(",0,0,0\n");
    return strlen(k->text);
}

static void check_case(const struct csv_case *k, size_t chunk)
{
    struct imu_csv c;
    struct got g;
    size_t len = case_len(k);
    int rc = read_all(k->text, len, chunk ? chunk : (len ? len : 1), &c, &g);
    if (k->err_line == 0 && rc != 0)
        fail_msg("%s: line %ld: %s", k->name, c.err_line, c.err);
    if (k->err_line != 0 && rc == 0)
        fail_msg("%s: read as good", k->name);
    if (g.n != k->samples)
        fail_msg("%s: %d samples, want %d", k->name, g.n, k->samples);
    if (k->err_line == 0)
        return;
    if (c.err_line != k->err_line)
        fail_msg("%s: error at line %ld, want %ld (%s)", k->name, c.err_line, k->err_line, c.err);
    if (!strstr(c.err, k->says))
        fail_msg("%s: message \"%s\" does not say \"%s\"", k->name, c.err, k->says);
    assert_null(strchr(c.err, '\n'));
}

static void test_cases_whole(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(&cases[i], 0);
}

static void test_cases_byte_by_byte(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_case(&cases[i], 1);
}

static void test_overlong_line(void **state)
{
    (void)state;
    size_t n = IMU_CSV_LINE_MAX * 3;
    char *text = malloc(strlen(H) + n + strlen(ROW(9)) + 2);
    assert_non_null(text);
    strcpy(text, H);
    memset(text + strlen(H), '1', n);
    strcpy(text + strlen(H) + n, "\n" ROW(9));
    struct imu_csv c;
    struct got g;
    assert_int_equal(read_all(text, strlen(text), 7, &c, &g), -1);
    assert_int_equal(c.err_line, 2);
    assert_non_null(strstr(c.err, "longer than"));
    assert_int_equal(g.n, 0);
    free(text);
}

/* m/s^2 -> g and rad/s -> deg/s, and the time kept as written. */
static void test_units(void **state)
{
    (void)state;
    const char *text = H "1234567,9.80665,-19.6133,0,3.14159265358979,0,-1.5707963267949\n";
    struct imu_csv c;
    struct got g;
    assert_int_equal(read_all(text, strlen(text), strlen(text), &c, &g), 0);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.s[0].t_us, 1234567);
    assert_float_equal(g.s[0].accel_g[0], 1.0f, 1e-6f);
    assert_float_equal(g.s[0].accel_g[1], -2.0f, 1e-6f);
    assert_float_equal(g.s[0].accel_g[2], 0.0f, 1e-9f);
    assert_float_equal(g.s[0].gyro_dps[0], 180.0f, 1e-4f);
    assert_float_equal(g.s[0].gyro_dps[2], -90.0f, 1e-4f);
}

/* What export-imu writes (the sensor's counts at +-16 g / +-2000 dps) reads back exactly. */
static void test_format_round_trip(void **state)
{
    (void)state;
    const int16_t counts[] = {-32768, -12345, -1, 0, 1, 2048, 4095, 32767};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        struct imu_sample s = {.t_us = 1000000 + (int64_t)i};
        for (int a = 0; a < 3; a++) {
            s.accel_g[a] = (float)counts[(i + (size_t)a) % 8] * 16.0f / 32768.0f;
            s.gyro_dps[a] = (float)counts[(i + 3 + (size_t)a) % 8] * 2000.0f / 32768.0f;
        }
        char text[256];
        int n = snprintf(text, sizeof text, "%s", H);
        assert_true(imu_csv_format(&s, text + n, sizeof text - (size_t)n) > 0);
        struct imu_csv c;
        struct got g;
        assert_int_equal(read_all(text, strlen(text), strlen(text), &c, &g), 0);
        assert_int_equal(g.n, 1);
        assert_memory_equal(&g.s[0], &s, sizeof s);
    }
    char tiny[8];
    struct imu_sample s = {.t_us = 1};
    assert_int_equal(imu_csv_format(&s, tiny, sizeof tiny), -1);
}

/* After an error the reader stays failed: nothing more is read. */
static void test_stays_failed(void **state)
{
    (void)state;
    struct imu_csv c;
    struct got g = {0};
    imu_csv_init(&c);
    const char *bad = H "x\n";
    assert_int_equal(imu_csv_feed(&c, bad, strlen(bad), keep, &g), -1);
    assert_int_equal(imu_csv_feed(&c, ROW(1), strlen(ROW(1)), keep, &g), -1);
    assert_int_equal(imu_csv_finish(&c, keep, &g), -1);
    assert_int_equal(g.n, 0);
    assert_int_equal(c.err_line, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases_whole),       cmocka_unit_test(test_cases_byte_by_byte),
        cmocka_unit_test(test_overlong_line),     cmocka_unit_test(test_units),
        cmocka_unit_test(test_format_round_trip), cmocka_unit_test(test_stays_failed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
