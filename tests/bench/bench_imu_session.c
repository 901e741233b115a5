/*
 * The whole IMU pipeline as the kiosk runs it during a set, per sample: wire bytes ->
 * bar link (frame search, CRC, time mapping, units) -> session_imu (the set's sample
 * record, the rep detector with its orientation and per-rep pass, phase changes and the
 * reps a set counts). bench_imu measures the link and detector alone; this one adds the
 * session, end to end, over sets with reps in the stream.
 *
 * The stream is recorded from the simulated bar unit beforehand (seed 7, six reps,
 * clean, rushed and swinging, at two depths: not the seed bench_imu tunes on).
 *
 *   bench_imu_session          wall time, median of several passes, ns per sample
 *   bench_imu_session --once   one pass for callgrind (--toggle-collect=bench_measured);
 *                              prints "units N"
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../app/core/barlink.h"
#include "../../app/core/rules.h"
#include "../../app/core/session.h"
#include "../../app/dev/bar_sim.h"
#include "bench_util.h"

#define SEED       7
#define T0_US      1000000
#define POLL_US    16667 /* one read per frame at 60 Hz, as the kiosk */
#define REPS       6
#define REST_US    2500000
#define PASSES     7
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
    struct session *s;
    uint64_t samples;
};

static void on_sample(void *ctx, const struct imu_sample *imu)
{
    struct pipeline *p = ctx;
    p->samples++;
    session_imu_counts(p->s, imu, p->link.raw_counts); /* as the kiosk's frame loop */
}

static void record(struct recording *rec)
{
    struct bar_sim *sim = bar_sim_new(SEED, T0_US);
    const int tempo[4] = {2000, 500, 1000, 0};
    static const enum bar_sim_rep style[REPS] = {BAR_SIM_REP_CLEAN, BAR_SIM_REP_RUSHED,
                                                 BAR_SIM_REP_CLEAN, BAR_SIM_REP_SWING,
                                                 BAR_SIM_REP_CLEAN, BAR_SIM_REP_RUSHED};
    int64_t t = T0_US + REST_US;
    for (int i = 0; i < REPS; i++) {
        bar_sim_rep(sim, style[i], tempo, i % 2 ? 380 : 520, t);
        t += 4000000 + REST_US;
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

/* A session in a set with the bar held and its load known: every rep counts. */
static void pipeline_init(struct pipeline *p)
{
    static const struct exercise ex[] = {{1, "Back squat", false, true, 5, 3}};
    struct rules rules;
    rules_default(&rules);
    struct session *s = p->s;
    memset(p, 0, sizeof *p);
    p->s = s;
    barlink_init(&p->link);
    session_init(s, &rules, ex, 1, T0_US, 0);
    s->screen = SCREEN_SET;
    s->visit.set.key = 1;
    s->visit.set.target_reps = 10;
    s->visit.set.target_g = 60000;
    s->visit.set.bar_held = true;
    s->visit.set.load_known = true;
    s->visit.set.load_g = 60000;
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

int main(int argc, char **argv)
{
    int once = argc > 1 && strcmp(argv[1], "--once") == 0;
    static struct recording rec;
    static struct pipeline p;
    rec.bytes = malloc(STREAM_CAP);
    p.s = calloc(1, sizeof *p.s);
    if (!rec.bytes || !p.s)
        return 1;
    record(&rec);
    int passes = once ? 1 : PASSES;
    double ns_per_sample[PASSES];
    for (int i = 0; i < passes; i++) {
        pipeline_init(&p);
        int64_t t0 = now_ns();
        bench_measured(&rec, &p);
        ns_per_sample[i] = (double)(now_ns() - t0) / (double)p.samples;
    }
    int reps = p.s->visit.set.n_reps;
    if (once) {
        printf("units %llu\nreps %d\n", (unsigned long long)p.samples, reps);
    } else {
        qsort(ns_per_sample, PASSES, sizeof ns_per_sample[0], cmp_double);
        printf("bench_imu_session: link + session_imu (record, detector, set), %llu samples, "
               "%d of %d reps counted: median %.1f ns/sample (min %.1f, max %.1f), %d passes\n",
               (unsigned long long)p.samples, reps, REPS, ns_per_sample[PASSES / 2],
               ns_per_sample[0], ns_per_sample[PASSES - 1], PASSES);
    }
    free(rec.bytes);
    free(p.s);
    return reps == REPS ? 0 : 1;
}
