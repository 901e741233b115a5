/*
 * IMU pipeline cost per sample: wire bytes -> bar link (frame search, CRC, time
 * mapping, unit conversion) -> rep detector (orientation, gravity removal, stillness,
 * the record and, amortised, the per-rep pass). The input is recorded from the
 * simulated bar unit beforehand, five reps with rests, so only the kiosk's side is
 * measured. bench_reppass measures the per-rep pass at its worst.
 *
 *   bench_imu          wall time, median of several passes, ns per sample
 *   bench_imu --once   one pass, for `valgrind --tool=callgrind
 *                      --toggle-collect=bench_measured`; prints "units N" so the
 *                      runner can divide the instruction count by N
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../app/core/barlink.h"
#include "../../app/core/rep.h"
#include "../../app/dev/bar_sim.h"
#include "bench_util.h"

#define T0_US      1000000
#define POLL_US    10000
#define REPS       5
#define REST_US    2000000
#define DEPTH_MM   450
#define PASSES     9
#define MAX_READS  8192
#define STREAM_CAP (8u << 20)

struct recording {
    uint8_t *bytes;
    size_t len;
    int reads;
    size_t read_end[MAX_READS];
    int64_t read_t[MAX_READS];
};

struct pipeline {
    struct barlink link;
    struct rep_detector det;
    uint64_t samples;
    int reps;
    int32_t rom_mm_sum;
};

static void on_sample(void *ctx, const struct imu_sample *s)
{
    struct pipeline *p = ctx;
    struct rep_result r;
    p->samples++;
    if (rep_detector_push(&p->det, s, &r)) {
        p->reps++;
        p->rom_mm_sum += r.rom_mm;
    }
}

static void record(struct recording *rec)
{
    struct bar_sim *sim = bar_sim_new(1, T0_US);
    const int tempo[4] = {3000, 1000, 2000, 0};
    int64_t t = T0_US + REST_US;
    for (int i = 0; i < REPS; i++) {
        bar_sim_rep(sim, i == 3 ? BAR_SIM_REP_SWING : BAR_SIM_REP_CLEAN, tempo, DEPTH_MM, t);
        t += 6000000 + REST_US;
    }
    struct bar *b = bar_sim_port(sim);
    for (int64_t now = T0_US + POLL_US; now <= t && rec->reads < MAX_READS; now += POLL_US) {
        int n = bar_read(b, now, rec->bytes + rec->len, STREAM_CAP - rec->len);
        if (n < 0)
            break;
        rec->len += (size_t)n;
        rec->read_end[rec->reads] = rec->len;
        rec->read_t[rec->reads++] = now;
    }
    bar_close(b);
}

/* The measured code: everything the kiosk does with the bytes. */
__attribute__((noinline)) void bench_measured(const struct recording *rec, struct pipeline *p);
__attribute__((noinline)) void bench_measured(const struct recording *rec, struct pipeline *p)
{
    size_t from = 0;
    for (int r = 0; r < rec->reads; r++) {
        barlink_feed(&p->link, rec->bytes + from, rec->read_end[r] - from, rec->read_t[r],
                     on_sample, p);
        from = rec->read_end[r];
    }
}

static void pipeline_init(struct pipeline *p)
{
    struct rules rules;
    rules_default(&rules);
    memset(p, 0, sizeof *p);
    barlink_init(&p->link);
    rep_detector_init(&p->det, &rules);
}

int main(int argc, char **argv)
{
    int once = argc > 1 && strcmp(argv[1], "--once") == 0;
    static struct recording rec;
    static struct pipeline p;
    rec.bytes = malloc(STREAM_CAP);
    if (!rec.bytes)
        return 1;
    record(&rec);

    if (once) {
        pipeline_init(&p);
        bench_measured(&rec, &p);
        printf("units %llu\n", (unsigned long long)p.samples);
        printf("reps %d\n", p.reps);
        free(rec.bytes);
        return p.reps == REPS ? 0 : 1;
    }

    double ns_per_sample[PASSES];
    for (int i = 0; i < PASSES; i++) {
        pipeline_init(&p);
        int64_t t0 = now_ns();
        bench_measured(&rec, &p);
        int64_t t1 = now_ns();
        ns_per_sample[i] = (double)(t1 - t0) / (double)p.samples;
    }
    qsort(ns_per_sample, PASSES, sizeof ns_per_sample[0], cmp_double);
    printf("bench_imu: %llu samples (%.1f s at 1 kHz), %zu bytes, %d reps, mean ROM %d mm\n",
           (unsigned long long)p.samples, (double)p.samples / 1000.0, rec.len, p.reps,
           p.reps ? p.rom_mm_sum / p.reps : 0);
    printf("bench_imu: barlink + rep detector: median %.1f ns/sample (min %.1f, max %.1f) over "
           "%d passes\n",
           ns_per_sample[PASSES / 2], ns_per_sample[0], ns_per_sample[PASSES - 1], PASSES);
    free(rec.bytes);
    return p.reps == REPS ? 0 : 1;
}
