/*
 * Today's cap at badge time: a member's profile from the store (each exercise's last 8
 * weeks through the sets_member index, start loads, overrides, last check-in, the day)
 * plus progression_cap, median over runs, on a database of 50 members with 1 and then,
 * grown, with 4 years of sets (5 sets every other day on 4 exercises): the time must not
 * grow with the years kept. --once runs the rule alone for callgrind (a unit is one
 * progression_cap).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../app/core/progression.h"
#include "../../app/store/store.h"

#define MEMBERS     50
#define RUNS        201
#define RULE_UNITS  100000
#define US_PER_DAY  86400000000LL
#define SETS_A_DAY  5
#define DB_PATH_MAX 64

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Grows the database at path to MEMBERS lifters with `years` of history, from `from_years`
 * (0: a new file; else the one the last call left, which then gains the years between);
 * 0 ok. */
static int fill(const char *path, int from_years, int years, int64_t now_us)
{
    char err[STORE_ERR_MAX];
    if (from_years == 0) {
        unlink(path);
        struct store *st = store_open(path, false, err);
        if (!st) {
            fprintf(stderr, "bench_cap: %s\n", err);
            return -1;
        }
        store_close(st);
    }
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK)
        return -1;
    /* a throwaway file filled in one transaction: no journal, no sync, and a cache that
     * holds the indexes (the random uids' index went out to the disk and back at random:
     * 545 s on a busy machine); the store opens it again in WAL for the timing */
    if (sqlite3_exec(db,
                     "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
                     "PRAGMA cache_size = -262144; BEGIN",
                     NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_cap: %s\n", sqlite3_errmsg(db));
        sqlite3_close(db);
        return -1;
    }
    sqlite3_stmt *m, *s;
    sqlite3_prepare_v2(
        db, "INSERT INTO members (id, name, role, created_us) VALUES (?, ?, 'lifter', 0)", -1, &m,
        NULL);
    sqlite3_prepare_v2(db,
                       "INSERT INTO sets (member_id, exercise_id, started_us, load_g, declared, "
                       "target_reps, reps_done, clean, stopped) VALUES (?, ?, ?, ?, 0, 5, 5, 1, 0)",
                       -1, &s, NULL);
    for (int id = 1; id <= MEMBERS; id++) {
        if (from_years == 0) {
            char name[16];
            snprintf(name, sizeof name, "m%d", id);
            sqlite3_bind_int(m, 1, id);
            sqlite3_bind_text(m, 2, name, -1, SQLITE_TRANSIENT);
            sqlite3_step(m);
            sqlite3_reset(m);
        }
        /* every other day back from yesterday: odd days ago */
        for (int day = from_years * 365 | 1; day < years * 365; day += 2)
            for (int ex = 1; ex <= 4; ex++)
                for (int k = 0; k < SETS_A_DAY; k++) {
                    sqlite3_bind_int(s, 1, id);
                    sqlite3_bind_int(s, 2, ex);
                    sqlite3_bind_int64(s, 3, now_us - day * US_PER_DAY + k * 300000000LL);
                    sqlite3_bind_int(s, 4, 60000 + k * 2500);
                    sqlite3_step(s);
                    sqlite3_reset(s);
                }
    }
    sqlite3_finalize(m);
    sqlite3_finalize(s);
    int rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

static double median_profile_ms(const char *path, int64_t now_us)
{
    char err[STORE_ERR_MAX];
    struct store *st = store_open(path, false, err);
    if (!st)
        return -1;
    struct rules r;
    rules_default(&r);
    store_set_day_start(st, r.day_start_min);
    int64_t today = store_gym_day(now_us, r.day_start_min);
    struct member_profile *p = malloc(sizeof *p);
    double t[RUNS];
    for (int i = 0; i < RUNS; i++) {
        double t0 = now_s();
        if (store_member_profile(st, 1 + i % MEMBERS, today, p) != 0)
            return -1;
        struct progression_input in = {.sets = p->hist[0].sets,
                                       .n_sets = p->hist[0].n_sets,
                                       .today = today,
                                       .last_session_day = p->last_session_day,
                                       .last_session_pain = p->last_session_pain};
        struct progression_result res;
        progression_cap(&r, &in, &res);
        t[i] = now_s() - t0;
    }
    free(p);
    store_close(st);
    qsort(t, RUNS, sizeof t[0], cmp);
    return t[RUNS / 2] * 1e3;
}

__attribute__((noinline)) void bench_measured(const struct rules *r,
                                              const struct progression_input *in, long n);
__attribute__((noinline)) void bench_measured(const struct rules *r,
                                              const struct progression_input *in, long n)
{
    struct progression_result res;
    for (long i = 0; i < n; i++)
        progression_cap(r, in, &res);
}

/* The rule alone on a full history: 57 day bests and two last sets. */
static void rule_input(struct set_record *sets, struct progression_input *in)
{
    for (int i = 0; i < 59; i++)
        sets[i] = (struct set_record){.day = 1000 - i % 57,
                                      .load_g = 60000 + i * 500,
                                      .clean = true,
                                      .target_reps = 5,
                                      .done_reps = 6};
    *in = (struct progression_input){
        .sets = sets, .n_sets = 59, .today = 1000, .last_session_day = 998, .last_session_pain = 0};
}

int main(int argc, char **argv)
{
    struct rules r;
    rules_default(&r);
    struct set_record sets[59];
    struct progression_input in;
    rule_input(sets, &in);
    if (argc > 1 && strcmp(argv[1], "--once") == 0) {
        bench_measured(&r, &in, 1000);
        printf("units %d\n", 1000);
        return 0;
    }
    double t0 = now_s();
    bench_measured(&r, &in, RULE_UNITS);
    printf("progression_cap on 59 sets: %.2f us\n", (now_s() - t0) / RULE_UNITS * 1e6);

    char path[DB_PATH_MAX];
    snprintf(path, sizeof path, "/tmp/rackside-bench-cap-%d.db", (int)getpid());
    int64_t now_us = (int64_t)time(NULL) * 1000000LL;
    /* one database grown from 1 to 4 years, timed at each */
    for (int from = 0, years = 1; years <= 4; from = years, years += 3) {
        if (fill(path, from, years, now_us) != 0)
            return 1;
        double ms = median_profile_ms(path, now_us);
        if (ms < 0)
            return 1;
        printf("profile (4 exercises) + cap, %d year%s of sets: median %.3f ms\n", years,
               years > 1 ? "s" : "", ms);
    }
    unlink(path);
    char wal[DB_PATH_MAX + 8];
    snprintf(wal, sizeof wal, "%s-wal", path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", path);
    unlink(wal);
    return 0;
}
