/*
 * A completed set's commit, as the kiosk makes it before the screen says "Saved": the
 * store's writer thread, synchronous=FULL, a set of five reps with their traces, on the
 * disk the build directory lives on (not /tmp, which may be memory). Timed from the
 * submit to the answer, over SETS sets of one session; median and p99.
 *
 *   bench_commit          prints the figures
 *   bench_commit --once   does nothing (no instruction count: the time is the disk's)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../app/core/session.h"
#include "../../app/store/store.h"
#include "bench_util.h"

#define SETS     200
#define REPS     5
#define US_PER_S 1000000LL
#define WALL0_US (1767258000LL * US_PER_S) /* 2026-01-01 09:00 UTC */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Submits e and waits for its answer; false when it was not recorded. */
static bool commit(struct store *st, const struct effect *e)
{
    if (store_submit(st, e) != 0)
        return false;
    store_flush(st);
    struct store_done d;
    bool ok = store_next_done(st, &d) && d.ok;
    store_done_release(&d);
    return ok;
}

static void make_set(struct live_set *s, int64_t key, int64_t wall_us)
{
    memset(s, 0, sizeof *s);
    s->key = key;
    s->exercise = 0;
    s->exercise_id = 1;
    s->load_g = 60000 + 2500 * (int32_t)(key % 8);
    s->target_reps = REPS;
    s->clean = true;
    s->n_reps = REPS;
    s->t_start_wall_us = wall_us - 60 * US_PER_S;
    for (int i = 0; i < REPS; i++) {
        struct rep_result *r = &s->reps[i];
        r->index = i + 1;
        r->ecc_ms = 2900;
        r->conc_ms = 1800;
        r->rom_mm = 600;
        r->mean_conc_mmps = 450 - 10 * i;
        for (int k = 0; k < REP_TRACE_POINTS; k++)
            r->trace_mmps[k] = (int16_t)(300 * k);
    }
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--once") == 0)
        return 0;
    char dir[] = "build/bench-commit-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("bench_commit: mkdtemp under build/");
        return 1;
    }
    char path[64], err[STORE_ERR_MAX];
    snprintf(path, sizeof path, "%s/rackside.db", dir);
    struct store *st = store_open(path, true, err);
    int64_t member = 0;
    int rc = 1;
    if (!st || store_member_add(st, "Bench Lifter", ROLE_LIFTER, NULL, &member, err) != 0) {
        fprintf(stderr, "bench_commit: %s\n", err);
        goto out;
    }
    struct effect open = {.kind = EFFECT_SESSION_OPEN,
                          .t_wall_us = WALL0_US,
                          .session_key = 1,
                          .member_id = member,
                          .pain = 1,
                          .body_g = 80000};
    if (!commit(st, &open)) {
        fprintf(stderr, "bench_commit: the session was not recorded\n");
        goto out;
    }
    static struct live_set set;
    double ms[SETS];
    for (int i = 0; i < SETS; i++) {
        int64_t wall_us = WALL0_US + (int64_t)(i + 2) * 90 * US_PER_S;
        make_set(&set, 100 + i, wall_us);
        struct effect e = {.kind = EFFECT_SET_DONE,
                           .t_wall_us = wall_us,
                           .session_key = 1,
                           .member_id = member,
                           .key = set.key,
                           .set = &set};
        double t0 = now_ms();
        if (!commit(st, &e)) {
            fprintf(stderr, "bench_commit: set %d was not recorded\n", i);
            goto out;
        }
        ms[i] = now_ms() - t0;
    }
    qsort(ms, SETS, sizeof ms[0], cmp_double);
    printf("bench_commit: set commit (synchronous=FULL, %d reps): median %.2f ms, p99 %.2f ms "
           "over %d sets, disk under build/\n",
           REPS, ms[SETS / 2], ms[(SETS * 99 + 99) / 100 - 1], SETS);
    rc = 0;
out:
    store_close(st);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        rc = 1;
    return rc;
}
