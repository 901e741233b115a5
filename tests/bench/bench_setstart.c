/*
 * A set's start in the kiosk: the recording begins with the pre-roll (the last
 * IMU_RECORD_PREROLL_S of a held, swaying bar before the tap) and a fresh rep detector is
 * fed all of it (imu_record_replay, as session.c does), a one-off per set on top of the
 * per-sample cost. Measured: imu_record_start, rep_detector_init and the replay.
 *
 *   bench_setstart          wall time, median of several passes
 *   bench_setstart --once   one pass, for callgrind (a unit is one set's start)
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../app/core/imu_record.h"
#include "../../app/core/rep.h"
#include "bench_util.h"

#define RATE_HZ  1000
#define BEFORE_S 10.0 /* between sets: more than the pre-roll, so the ring is full */
#define PASSES   7
#define SET_KEY  42
#define PI       3.14159265358979323846

struct run {
    struct rep_detector det;
    struct imu_record rec;
    struct rules rules;
};

/* A bar held in the rack's hooks and swaying a little: 1 g plus a slow wobble. */
static void sample_at(double t, struct imu_sample *s)
{
    memset(s, 0, sizeof *s);
    s->t_us = 1000000 + (int64_t)llround(t * 1e6);
    s->accel_g[0] = (float)(0.002 * sin(2 * PI * 0.7 * t));
    s->accel_g[2] = (float)(1.0 + 0.003 * sin(2 * PI * 1.3 * t));
    s->gyro_dps[1] = (float)(0.3 * sin(2 * PI * 0.9 * t));
}

/* The measured code: the set's start. */
__attribute__((noinline)) void bench_measured(struct run *r);
__attribute__((noinline)) void bench_measured(struct run *r)
{
    imu_record_start(&r->rec, SET_KEY);
    rep_detector_init(&r->det, &r->rules);
    imu_record_replay(&r->rec, &r->det);
    rep_detector_begin_set(&r->det);
}

static void prepare(struct run *r)
{
    memset(r, 0, sizeof *r);
    rules_default(&r->rules);
    for (double t = 0; t < BEFORE_S; t += 1.0 / RATE_HZ) {
        struct imu_sample s;
        sample_at(t, &s);
        imu_record_push(&r->rec, 0, &s);
    }
}

int main(int argc, char **argv)
{
    int once = argc > 1 && strcmp(argv[1], "--once") == 0;
    struct run *r = malloc(sizeof *r);
    if (!r)
        return 1;
    if (once) {
        prepare(r);
        bench_measured(r);
        printf("units 1\n");
        int ok = r->rec.n >= IMU_RECORD_PREROLL_SAMPLES - 1;
        free(r);
        return ok ? 0 : 1;
    }
    double ms[PASSES];
    for (int i = 0; i < PASSES; i++) {
        prepare(r);
        int64_t t0 = now_ns();
        bench_measured(r);
        ms[i] = (double)(now_ns() - t0) / 1e6;
    }
    qsort(ms, PASSES, sizeof ms[0], cmp_double);
    printf("bench_setstart: a set's start, %d samples of pre-roll through a fresh rep "
           "detector: median %.3f ms (min %.3f, max %.3f) over %d passes\n",
           r->rec.n, ms[PASSES / 2], ms[0], ms[PASSES - 1], PASSES);
    int ok = r->rec.n >= IMU_RECORD_PREROLL_SAMPLES - 1;
    if (!ok)
        printf("bench_setstart: expected a pre-roll of %d samples, got %d\n",
               IMU_RECORD_PREROLL_SAMPLES, r->rec.n);
    free(r);
    return ok ? 0 : 1;
}
