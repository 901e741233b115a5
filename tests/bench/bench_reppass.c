/*
 * The rep detector's per-rep pass at its worst: 36 s of reps back to back with no rest
 * (the longest record it keeps), then the bar comes to rest, the drift is anchored and
 * the whole record is searched at once. What is measured is the 2 s of resting
 * samples in which that happens, so it bounds the pass from above (the samples' own
 * cost, about 2000 x 150 instructions, is included).
 *
 *   bench_reppass          wall time of the measured stretch, median of several passes
 *   bench_reppass --once   one pass, for callgrind (the runner prints instructions per
 *                          unit; a unit here is the whole worst case)
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../app/core/rep.h"
#include "bench_util.h"

#define RATE_HZ 1000
#define MOVE_S  36.0
#define REST_S  2.0
#define LEAD_S  2.0
#define REP_S   2.0 /* one rep: down and up, no pause */
#define DEPTH_M 0.45
#define PASSES  7
#define G_MPS2  9.80665
#define PI      3.14159265358979323846

/* The bar at t: still, then reps (a cosine of height), then still again. */
static void sample_at(double t, struct imu_sample *s)
{
    double az = 0;
    if (t > LEAD_S && t < LEAD_S + MOVE_S) {
        double w = 2 * PI / REP_S;
        az = -DEPTH_M / 2 * w * w * cos(w * (t - LEAD_S));
    }
    memset(s, 0, sizeof *s);
    s->t_us = 1000000 + (int64_t)llround(t * 1e6);
    s->accel_g[2] = (float)(1.0 + az / G_MPS2);
}

struct run {
    struct rep_detector det;
    int reps;
};

static void feed(struct run *r, double from_s, double to_s)
{
    struct imu_sample s;
    struct rep_result res;
    for (double t = from_s; t < to_s; t += 1.0 / RATE_HZ) {
        sample_at(t, &s);
        if (rep_detector_push(&r->det, &s, &res))
            r->reps++;
    }
}

/* The measured code: the resting samples during which the pass runs. */
__attribute__((noinline)) void bench_measured(struct run *r);
__attribute__((noinline)) void bench_measured(struct run *r)
{
    feed(r, LEAD_S + MOVE_S, LEAD_S + MOVE_S + REST_S);
}

static void prepare(struct run *r)
{
    struct rules rules;
    rules_default(&rules);
    memset(r, 0, sizeof *r);
    rep_detector_init(&r->det, &rules);
    feed(r, 0, LEAD_S + MOVE_S);
}

int main(int argc, char **argv)
{
    int once = argc > 1 && strcmp(argv[1], "--once") == 0;
    struct run *r = malloc(sizeof *r);
    if (!r)
        return 1;
    int want = (int)(MOVE_S / REP_S);
    if (once) {
        prepare(r);
        bench_measured(r);
        printf("units 1\n");
        int ok = r->reps == want && r->det.pass_bins_max > REP_BINS_MAX * 9 / 10;
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
    printf("bench_reppass: worst-case per-rep pass: %d bins (%.1f s of record), %d reps at "
           "once, with %.0f ms of resting samples around it: median %.3f ms (min %.3f, max "
           "%.3f) over %d passes\n",
           r->det.pass_bins_max, r->det.pass_bins_max * REP_BIN_US / 1e6, r->reps, REST_S * 1000,
           ms[PASSES / 2], ms[0], ms[PASSES - 1], PASSES);
    int ok = r->reps == want && r->det.pass_bins_max > REP_BINS_MAX * 9 / 10;
    if (!ok)
        printf("bench_reppass: expected %d reps from a full record, got %d (%d bins)\n", want,
               r->reps, r->det.pass_bins_max);
    free(r);
    return ok ? 0 : 1;
}
