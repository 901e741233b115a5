/*
 * IMU trace reader (rackside-ctl analyze-imu): the input is the whole file. Byte 0 picks
 * a chunk size (1..256) for a second pass that feeds the same bytes in pieces.
 *
 * Invariants: the file read whole and read in chunks gives the same samples and the same
 * error at the same line; an error has a terminated, non-empty message and names a line
 * the file has (or the one after its last, for "no samples"); sample times strictly
 * increase; values are finite and within the reader's bounds; every sample written back
 * with imu_csv_format and read again is the same sample, bit for bit.
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "../../app/core/imu_csv.h"
#include "fuzz.h"

#define CHUNK_MAX    256
#define ROUND_TRIP   160
#define SAMPLES_MAX  4096 /* kept for comparison; later samples are only counted */
#define ACCEL_MAX_G  (IMU_CSV_ACCEL_MAX_MPS2 / IMU_CSV_G_MPS2 + 1e-3)
#define GYRO_MAX_DPS (IMU_CSV_GYRO_MAX_RADPS * 180.0 / 3.14159265358979323846 + 1e-2)

struct pass {
    struct imu_csv csv;
    long n;
    struct imu_sample s[SAMPLES_MAX];
};

static struct pass whole, chunked;

static void keep(void *ctx, const struct imu_sample *s)
{
    struct pass *p = ctx;
    if (p->n > 0 && p->n <= SAMPLES_MAX)
        FUZZ_CHECK(s->t_us > p->s[p->n - 1].t_us, "time %lld after %lld", (long long)s->t_us,
                   (long long)p->s[p->n - 1].t_us);
    for (int a = 0; a < 3; a++) {
        FUZZ_CHECK(isfinite(s->accel_g[a]) && fabsf(s->accel_g[a]) <= ACCEL_MAX_G, "accel %g",
                   (double)s->accel_g[a]);
        FUZZ_CHECK(isfinite(s->gyro_dps[a]) && fabsf(s->gyro_dps[a]) <= GYRO_MAX_DPS, "gyro %g",
                   (double)s->gyro_dps[a]);
    }
    if (p->n < SAMPLES_MAX)
        p->s[p->n] = *s;
    p->n++;
}

static int run(struct pass *p, const char *data, size_t size, size_t chunk)
{
    imu_csv_init(&p->csv);
    p->n = 0;
    for (size_t at = 0; at < size; at += chunk) {
        size_t len = size - at < chunk ? size - at : chunk;
        if (imu_csv_feed(&p->csv, data + at, len, keep, p) != 0)
            return -1;
    }
    return imu_csv_finish(&p->csv, keep, p);
}

static void one_back(void *ctx, const struct imu_sample *s)
{
    *(struct imu_sample *)ctx = *s;
}

/* A sample written in the format and read back is the same sample. */
static void round_trip(const struct imu_sample *s)
{
    char text[ROUND_TRIP];
    int len = imu_csv_format(s, text, sizeof text);
    FUZZ_CHECK(len > 0, "a sample does not fit in %d characters", ROUND_TRIP);
    struct imu_csv c;
    imu_csv_init(&c);
    struct imu_sample back;
    FUZZ_CHECK(imu_csv_feed(&c, IMU_CSV_HEADER "\n", strlen(IMU_CSV_HEADER) + 1, one_back, &back) ==
                       0 &&
                   imu_csv_feed(&c, text, (size_t)len, one_back, &back) == 0 &&
                   imu_csv_finish(&c, one_back, &back) == 0,
               "written sample not read back: %s (%s)", text, c.err);
    FUZZ_CHECK(back.t_us == s->t_us && memcmp(back.accel_g, s->accel_g, sizeof back.accel_g) == 0 &&
                   memcmp(back.gyro_dps, s->gyro_dps, sizeof back.gyro_dps) == 0,
               "%s read back differently", text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t chunk = (size_t)data[0] % CHUNK_MAX + 1;
    const char *text = (const char *)data + 1;
    size--;
    long lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += text[i] == '\n';

    int rc_whole = run(&whole, text, size, size ? size : 1);
    int rc_chunked = run(&chunked, text, size, chunk);
    FUZZ_CHECK(rc_whole == rc_chunked, "whole %d, in chunks of %zu %d", rc_whole, chunk,
               rc_chunked);
    FUZZ_CHECK(whole.n == chunked.n, "%ld samples whole, %ld in chunks", whole.n, chunked.n);
    long kept = whole.n < SAMPLES_MAX ? whole.n : SAMPLES_MAX;
    FUZZ_CHECK(memcmp(whole.s, chunked.s, (size_t)kept * sizeof whole.s[0]) == 0,
               "samples differ in chunks of %zu", chunk);
    if (rc_whole != 0) {
        const struct imu_csv *c = &whole.csv;
        FUZZ_CHECK(memchr(c->err, '\0', sizeof c->err) && c->err[0], "no message");
        FUZZ_CHECK(strcmp(c->err, chunked.csv.err) == 0, "\"%s\" vs \"%s\"", c->err,
                   chunked.csv.err);
        FUZZ_CHECK(c->err_line == chunked.csv.err_line, "line %ld vs %ld", c->err_line,
                   chunked.csv.err_line);
        FUZZ_CHECK(c->err_line >= 1 && c->err_line <= lines + 1, "line %ld of %ld", c->err_line,
                   lines);
    }
    for (long i = 0; i < kept; i++)
        round_trip(&whole.s[i]);
    return 0;
}
