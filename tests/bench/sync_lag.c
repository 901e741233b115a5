/*
 * Sync lag: from a set's commit at rack 1 to its visibility in rack 2's database, through
 * the two kiosks' own sync threads (app/sync/sync.h) and one gym server. Run by
 * tests/bench/sync_lag.sh, which makes the cluster and the two racks:
 *   sync-lag DB1 CONN1 DB2 CONN2 MEMBER_ID N
 * Commits N sets at rack 1 as the store does (one transaction, synchronous=FULL), a
 * random 50-250 ms apart, and prints each lag's median, 99th percentile and maximum.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../app/sync/sync.h"

#define CONNECT_WAIT_US 30000000LL
#define LAG_GIVE_UP_US  30000000LL
#define POLL_US         500

static long long mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

/* A set at rack 1, committed; its uid into uid. 0 ok. */
static int commit_set(sqlite3 *db, long long key, long long member, char uid[64])
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO sets (key, member_id, exercise_id, started_us, load_g, declared, "
             "target_reps, reps_done, clean, stopped) VALUES (%lld, %lld, 1, %lld, 60000, 0, 5, 5, "
             "0, 0)",
             key, member, key);
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT uid FROM sets WHERE key = ?", -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, key);
    int rc = sqlite3_step(q) == SQLITE_ROW ? 0 : -1;
    if (rc == 0)
        snprintf(uid, 64, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return rc;
}

static int seen(sqlite3 *db, const char *uid)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sets WHERE uid = ?", -1, &q, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(q, 1, uid, -1, SQLITE_STATIC);
    int found = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_finalize(q);
    return found;
}

static int wait_connected(struct sync *s)
{
    long long until = mono_us() + CONNECT_WAIT_US;
    struct sync_status st;
    do {
        sync_get_status(s, &st);
        if (st.connected)
            return 0;
        usleep(10000);
    } while (mono_us() < until);
    fprintf(stderr, "sync-lag: never in touch: %s\n", st.err);
    return -1;
}

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: sync-lag DB1 CONN1 DB2 CONN2 MEMBER_ID N\n");
        return 2;
    }
    long long member = atoll(argv[5]);
    int n = atoi(argv[6]);
    char err[SYNC_ERR_MAX];
    struct sync *s1 = sync_start(argv[1], argv[2], "Rack 1", 240, err);
    struct sync *s2 = s1 ? sync_start(argv[3], argv[4], "Rack 2", 240, err) : NULL;
    sqlite3 *db1 = NULL, *db2 = NULL;
    long long *lag = calloc((size_t)n, sizeof *lag);
    int rc = 1;
    if (!s1 || !s2 || !lag || sqlite3_open(argv[1], &db1) != SQLITE_OK ||
        sqlite3_open(argv[3], &db2) != SQLITE_OK) {
        fprintf(stderr, "sync-lag: %s\n", s1 && s2 ? "cannot open the databases" : err);
        goto out;
    }
    sqlite3_busy_timeout(db1, 5000);
    sqlite3_busy_timeout(db2, 5000);
    sqlite3_exec(db1, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
    if (wait_connected(s1) != 0 || wait_connected(s2) != 0)
        goto out;
    srand(7);
    long long key = 1000000000000LL;
    for (int i = 0; i < n; i++) {
        usleep(50000 + (unsigned)(rand() % 200000));
        char uid[64];
        if (commit_set(db1, ++key, member, uid) != 0) {
            fprintf(stderr, "sync-lag: cannot commit a set: %s\n", sqlite3_errmsg(db1));
            goto out;
        }
        long long t0 = mono_us();
        sync_kick(s1); /* what the kiosk does once the store says a set is saved */
        while (!seen(db2, uid)) {
            if (mono_us() - t0 > LAG_GIVE_UP_US) {
                fprintf(stderr, "sync-lag: set %s not at rack 2 after 30 s\n", uid);
                goto out;
            }
            usleep(POLL_US);
        }
        lag[i] = mono_us() - t0;
    }
    qsort(lag, (size_t)n, sizeof *lag, cmp_ll);
    printf("median %.1f ms, p99 %.1f ms, max %.1f ms over %d sets\n", lag[n / 2] / 1000.0,
           lag[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1] / 1000.0, lag[n - 1] / 1000.0, n);
    rc = 0;
out:
    sync_stop(s1, NULL);
    sync_stop(s2, NULL);
    sqlite3_close(db1);
    sqlite3_close(db2);
    free(lag);
    return rc;
}
