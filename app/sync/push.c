#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "push.h"

#define MAX_PARAMS 14

/* One record: its SQLite query (one parameter, the row's key) and the server's INSERT,
 * whose first two parameters are the uid and the rack, then the query's other columns. */
struct kind {
    const char *name;
    const char *select; /* first column: the uid */
    const char *insert;
};

static const struct kind kinds[] = {
    {"member", "SELECT uid, created_us, name, role, pin_hash FROM members WHERE id = ?",
     "INSERT INTO members (id, rack, created_us, name, role, pin_hash) "
     "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING"},
    /* the seeded exercises have no time of making: 0 */
    {"exercise",
     "SELECT uid, 0, name, upper_body, on_plate, target_reps, work_sets FROM exercises "
     "WHERE id = ?",
     "INSERT INTO exercises (id, rack, created_us, name, upper_body, on_plate, target_reps, "
     "work_sets) VALUES ($1, $2, $3, $4, $5::int::boolean, $6::int::boolean, $7, $8) "
     "ON CONFLICT (id) DO NOTHING"},
    /* the set's session is not on the server yet: session_id stays NULL */
    {"set",
     "SELECT s.uid, s.started_us, m.uid, e.uid, s.started_us, s.load_g, s.declared, "
     "s.target_reps, s.reps_done, s.clean, s.stopped, s.left_pct FROM sets s "
     "JOIN members m ON m.id = s.member_id JOIN exercises e ON e.id = s.exercise_id "
     "WHERE s.key = ?",
     "INSERT INTO sets (id, rack, created_us, member_id, exercise_id, started_us, load_g, "
     "declared, target_reps, reps_done, clean, stopped, left_pct) VALUES ($1, $2, $3, $4, $5, "
     "$6, $7, $8::int::boolean, $9, $10, $11::int::boolean, $12::int::boolean, $13) "
     "ON CONFLICT (id) DO NOTHING"},
};

static const struct kind *kind_named(const char *name)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].name, name) == 0)
            return &kinds[i];
    return NULL;
}

static void pg_err(PGconn *pg, const char *doing, char err[SYNC_ERR_MAX])
{
    char flat[SYNC_ERR_MAX];
    size_t n = 0;
    for (const char *p = PQerrorMessage(pg); *p && n + 1 < sizeof flat; p++)
        flat[n++] = (*p == '\n' || *p == '\r') ? ' ' : *p;
    while (n > 0 && flat[n - 1] == ' ')
        n--;
    flat[n] = '\0';
    snprintf(err, SYNC_ERR_MAX, "%s: %.400s", doing, flat);
}

static bool pg_ok(PGconn *pg, const char *sql, char err[SYNC_ERR_MAX])
{
    PGresult *r = PQexec(pg, sql);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok)
        pg_err(pg, sql, err);
    return ok;
}

/* Sends one record to the server; 1 sent, 0 gone from the kiosk's database (nothing to
 * send), -1 failed. */
static int push_one(sqlite3 *db, PGconn *pg, const char *rack, const struct kind *k,
                    int64_t row_key, char err[SYNC_ERR_MAX])
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, k->select, -1, &q, NULL) != SQLITE_OK) {
        snprintf(err, SYNC_ERR_MAX, "reading a %s: %s", k->name, sqlite3_errmsg(db));
        return -1;
    }
    sqlite3_bind_int64(q, 1, row_key);
    int rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        if (rc != SQLITE_DONE)
            snprintf(err, SYNC_ERR_MAX, "reading a %s: %s", k->name, sqlite3_errmsg(db));
        sqlite3_finalize(q);
        return rc == SQLITE_DONE ? 0 : -1;
    }
    int n = sqlite3_column_count(q);
    char *values[MAX_PARAMS] = {0};
    const char *params[MAX_PARAMS];
    params[0] = (const char *)sqlite3_column_text(q, 0);
    params[1] = rack;
    for (int i = 1; i < n && i + 1 < MAX_PARAMS; i++) {
        const unsigned char *t = sqlite3_column_text(q, i);
        values[i] = t ? strdup((const char *)t) : NULL;
        params[i + 1] = values[i];
    }
    bool ok = params[0] != NULL;
    if (!ok)
        snprintf(err, SYNC_ERR_MAX, "a %s without a uid (key %lld)", k->name, (long long)row_key);
    if (ok) {
        PGresult *r = PQexecParams(pg, k->insert, n + 1, NULL, params, NULL, NULL, 0);
        ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (!ok) {
            char doing[64];
            snprintf(doing, sizeof doing, "sending a %s", k->name);
            pg_err(pg, doing, err);
        }
    }
    for (int i = 0; i < MAX_PARAMS; i++)
        free(values[i]);
    sqlite3_finalize(q);
    return ok ? 1 : -1;
}

long sync_outbox_depth(sqlite3 *db)
{
    sqlite3_stmt *q;
    long n = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sync_outbox", -1, &q, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(q) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n;
}

/* Removes the pushed records; a failure here only means they are sent again (no-ops). */
static int clear_outbox(sqlite3 *db, int64_t last_seq, char err[SYNC_ERR_MAX])
{
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(db, "DELETE FROM sync_outbox WHERE seq <= ?", -1, &q, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, last_seq);
        rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        sqlite3_finalize(q);
    }
    if (rc != SQLITE_OK)
        snprintf(err, SYNC_ERR_MAX, "clearing the outbox: %s", sqlite3_errmsg(db));
    return rc == SQLITE_OK ? 0 : -1;
}

int sync_push(sqlite3 *db, PGconn *pg, const char *rack, int max, char err[SYNC_ERR_MAX])
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT seq, kind, row_key FROM sync_outbox ORDER BY seq LIMIT ?",
                           -1, &q, NULL) != SQLITE_OK) {
        snprintf(err, SYNC_ERR_MAX, "reading the outbox: %s", sqlite3_errmsg(db));
        return -1;
    }
    sqlite3_bind_int(q, 1, max);
    if (!pg_ok(pg, "BEGIN", err)) {
        sqlite3_finalize(q);
        return -1;
    }
    int pushed = 0, rc;
    int64_t last_seq = -1;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const struct kind *k = kind_named((const char *)sqlite3_column_text(q, 1));
        if (!k) {
            snprintf(err, SYNC_ERR_MAX, "an outbox record of an unknown kind");
            rc = SQLITE_ERROR;
            break;
        }
        int one = push_one(db, pg, rack, k, sqlite3_column_int64(q, 2), err);
        if (one < 0) {
            rc = SQLITE_ERROR;
            break;
        }
        pushed++; /* sent, or gone from this database: either way done with */
        last_seq = sqlite3_column_int64(q, 0);
    }
    if (rc != SQLITE_DONE) {
        if (rc != SQLITE_ERROR)
            snprintf(err, SYNC_ERR_MAX, "reading the outbox: %s", sqlite3_errmsg(db));
        sqlite3_finalize(q);
        PQclear(PQexec(pg, "ROLLBACK"));
        return -1;
    }
    sqlite3_finalize(q);
    if (!pg_ok(pg, "COMMIT", err))
        return -1;
    if (last_seq >= 0 && clear_outbox(db, last_seq, err) != 0)
        return -1;
    return pushed;
}
