/*
 * The query plans of the statements the store runs, for the benchmarks that check them on
 * a gym's database (tests/bench/records.sh): while noting, every statement either
 * connection runs is kept by its SQL text as the store wrote it, and afterwards each is
 * explained (EXPLAIN QUERY PLAN) on the connection that ran it, where its temp tables are.
 * So what is checked is the store's own statement, not a copy that could drift from it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_db.h"

#define PLANS_MAX     256
#define PLAN_TEXT_MAX 2048

struct store_plans {
    pthread_mutex_t lock; /* the writer thread and a reader note at once */
    int n;
    struct {
        char *sql;
        sqlite3 *db;
    } seen[PLANS_MAX];
};

/* SQLITE_TRACE_STMT: a statement starts (x is its text, or "-- ..." for a trigger's). */
static int note_stmt(unsigned type, void *ctx, void *stmt, void *x)
{
    struct store_plans *pl = ctx;
    const char *sql = sqlite3_sql(stmt), *text = x;
    if (type != SQLITE_TRACE_STMT || !sql || (text && strncmp(text, "--", 2) == 0))
        return 0;
    sqlite3 *db = sqlite3_db_handle(stmt);
    pthread_mutex_lock(&pl->lock);
    bool known = false;
    for (int i = 0; i < pl->n && !known; i++)
        known = pl->seen[i].db == db && strcmp(pl->seen[i].sql, sql) == 0;
    if (!known && pl->n < PLANS_MAX && (pl->seen[pl->n].sql = strdup(sql)) != NULL)
        pl->seen[pl->n++].db = db;
    pthread_mutex_unlock(&pl->lock);
    return 0;
}

static void plans_free(struct store_plans *pl)
{
    if (!pl)
        return;
    for (int i = 0; i < pl->n; i++)
        free(pl->seen[i].sql);
    pthread_mutex_destroy(&pl->lock);
    free(pl);
}

static void trace_on(sqlite3 *db, pthread_mutex_t *lock, struct store_plans *pl)
{
    pthread_mutex_lock(lock);
    sqlite3_trace_v2(db, pl ? SQLITE_TRACE_STMT : 0, pl ? note_stmt : NULL, pl);
    pthread_mutex_unlock(lock);
}

int store_plans_note(struct store *st, bool on)
{
    if (on && !st->plans) {
        struct store_plans *pl = calloc(1, sizeof *pl);
        if (!pl)
            return -1;
        pthread_mutex_init(&pl->lock, NULL);
        st->plans = pl;
    }
    trace_on(st->wdb, &st->wlock, on ? st->plans : NULL);
    trace_on(st->rdb, &st->rlock, on ? st->plans : NULL);
    return 0;
}

void store_plans_free(struct store *st)
{
    if (!st->plans)
        return;
    store_plans_note(st, false);
    plans_free(st->plans);
    st->plans = NULL;
}

/* One statement's plan, its steps' details joined by "; " ("" when it has none, as a
 * BEGIN); on an error, why it could not be explained. 0 ok, -1 error. */
static int explain(sqlite3 *db, const char *sql, char *out, size_t n)
{
    out[0] = '\0';
    size_t len = strlen(sql) + 32;
    char *text = malloc(len);
    if (!text)
        return -1;
    snprintf(text, len, "EXPLAIN QUERY PLAN %s", sql);
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(db, text, -1, &q, NULL);
    free(text);
    if (rc != SQLITE_OK) {
        snprintf(out, n, "cannot explain: %s", sqlite3_errmsg(db));
        return -1;
    }
    size_t at = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && at < n) {
        const unsigned char *detail = sqlite3_column_text(q, 3);
        int w =
            snprintf(out + at, n - at, "%s%s", at ? "; " : "", detail ? (const char *)detail : "");
        at += w > 0 ? (size_t)w : 0;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

int store_plans_each(struct store *st,
                     void (*each)(void *ctx, const char *sql, const char *plan, bool ok), void *ctx)
{
    struct store_plans *pl = st->plans;
    if (!pl)
        return 0;
    store_plans_note(st, false); /* the explaining is not noted */
    char plan[PLAN_TEXT_MAX];
    for (int i = 0; i < pl->n; i++) {
        pthread_mutex_t *lock = pl->seen[i].db == st->wdb ? &st->wlock : &st->rlock;
        pthread_mutex_lock(lock);
        int rc = explain(pl->seen[i].db, pl->seen[i].sql, plan, sizeof plan);
        pthread_mutex_unlock(lock);
        each(ctx, pl->seen[i].sql, plan, rc == 0);
    }
    return pl->n;
}
