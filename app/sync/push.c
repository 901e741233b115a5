#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "push.h"
#include "server_conn.h"

#define MAX_PARAMS 20

/*
 * One kind of record. A row kind (select set) is read from its row at push time: select's
 * one parameter is the row's key and its first column the uid. A payload kind was taken
 * as it was when it changed: the outbox holds its uid and its values (a JSON array).
 * insert's first two parameters are the uid and the rack, then the values in order.
 */
struct kind {
    const char *name;
    const char *select; /* NULL: a payload kind */
    const char *insert;
};

#define ON_CONFLICT " ON CONFLICT (id) DO NOTHING"

static const struct kind kinds[] = {
    {"member", "SELECT uid, created_us, name, role, pin_hash FROM members WHERE id = ?",
     "INSERT INTO members (id, rack, created_us, name, role, pin_hash) "
     "VALUES ($1, $2, $3, $4, $5, $6)" ON_CONFLICT},
    /* the seeded exercises have no time of making: 0 */
    {"exercise",
     "SELECT uid, 0, name, upper_body, on_plate, target_reps, work_sets FROM exercises "
     "WHERE id = ?",
     "INSERT INTO exercises (id, rack, created_us, name, upper_body, on_plate, target_reps, "
     "work_sets) VALUES ($1, $2, $3, $4, $5::int::boolean, $6::int::boolean, $7, $8)" ON_CONFLICT},
    {"set",
     "SELECT s.uid, s.started_us, m.uid, e.uid, s.started_us, s.load_g, s.declared, "
     "s.target_reps, s.reps_done, s.clean, s.stopped, s.left_pct, se.uid FROM sets s "
     "JOIN members m ON m.id = s.member_id JOIN exercises e ON e.id = s.exercise_id "
     "LEFT JOIN sessions se ON se.key = s.session_key WHERE s.key = ?",
     "INSERT INTO sets (id, rack, created_us, member_id, exercise_id, started_us, load_g, "
     "declared, target_reps, reps_done, clean, stopped, left_pct, session_id) VALUES ($1, $2, $3, "
     "$4, $5, $6, $7, $8::int::boolean, $9, $10, $11::int::boolean, $12::int::boolean, $13, "
     "$14)" ON_CONFLICT},
    {"session",
     "SELECT s.uid, s.started_us, m.uid, s.started_us, s.ended_us, s.pain, s.red_flags, s.body_g "
     "FROM sessions s JOIN members m ON m.id = s.member_id WHERE s.key = ?",
     "INSERT INTO sessions (id, rack, created_us, member_id, started_us, ended_us, pain, "
     "red_flags, body_g) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)" ON_CONFLICT},
    {"flag",
     "SELECT f.uid, f.t_us, f.t_us, m.uid, se.uid, st.uid, f.kind, f.severity, f.rep, f.detail "
     "FROM flags f LEFT JOIN members m ON m.id = f.member_id "
     "LEFT JOIN sessions se ON se.key = f.session_key LEFT JOIN sets st ON st.key = f.set_key "
     "WHERE f.id = ?",
     "INSERT INTO flags (id, rack, created_us, t_us, member_id, session_id, set_id, kind, "
     "severity, rep, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)" ON_CONFLICT},
    {"badge", NULL,
     "INSERT INTO badges (id, rack, created_us, uid, member_id, removed) "
     "VALUES ($1, $2, $3, $4, $5, $6::int::boolean)" ON_CONFLICT},
    {"checkin", NULL,
     "INSERT INTO checkins (id, rack, created_us, member_id, day, pain, red_flags, no_lift) "
     "VALUES ($1, $2, $3, $4, date '1970-01-01' + $5::int, $6, $7, $8::int::boolean)" ON_CONFLICT},
    {"warmup", NULL,
     "INSERT INTO warmups (id, rack, created_us, member_id, done_us) "
     "VALUES ($1, $2, $3, $4, $5)" ON_CONFLICT},
    {"clearance", NULL,
     "INSERT INTO clearances (id, rack, created_us, member_id, day, by_member_id, reason) "
     "VALUES ($1, $2, $3, $4, date '1970-01-01' + $5::int, $6, $7)" ON_CONFLICT},
    {"ack", NULL,
     "INSERT INTO acknowledgements (id, rack, created_us, flag_id, by_member_id, note) "
     "VALUES ($1, $2, $3, $4, $5, $6)" ON_CONFLICT},
    {"start_load", NULL,
     "INSERT INTO start_loads (id, rack, created_us, member_id, exercise_id, load_g) "
     "VALUES ($1, $2, $3, $4, $5, $6)" ON_CONFLICT},
    {"override", NULL,
     "INSERT INTO overrides (id, rack, created_us, member_id, exercise_id, day, load_g, reason, "
     "by_member_id) VALUES ($1, $2, $3, $4, $5, date '1970-01-01' + $6::int, $7, $8, "
     "$9)" ON_CONFLICT},
    {"screening",
     "SELECT s.uid, s.t_us, m.uid, s.day, s.answers, s.t_us FROM screenings s "
     "JOIN members m ON m.id = s.member_id WHERE s.id = ?",
     "INSERT INTO screenings (id, rack, created_us, member_id, day, answers, t_us) "
     "VALUES ($1, $2, $3, $4, date '1970-01-01' + $5::int, $6, $7)" ON_CONFLICT},
    {"trainer_action",
     "SELECT a.uid, a.t_us, a.t_us, b.uid, m.uid, a.kind, f.uid, e.uid, a.load_g, a.note "
     "FROM trainer_actions a LEFT JOIN members b ON b.id = a.by_member_id "
     "LEFT JOIN members m ON m.id = a.member_id LEFT JOIN flags f ON f.id = a.flag_id "
     "LEFT JOIN exercises e ON e.id = a.exercise_id WHERE a.id = ?",
     "INSERT INTO trainer_actions (id, rack, created_us, t_us, by_member_id, member_id, kind, "
     "flag_id, exercise_id, load_g, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
     "$11)" ON_CONFLICT},
    {"screening_clear", NULL,
     "INSERT INTO screening_clearances (id, rack, created_us, screening_id, by_member_id, "
     "reason) VALUES ($1, $2, $3, $4, $5, $6)" ON_CONFLICT},
    /* a member's language, unit and text size as chosen then: the latest choice holds */
    {"prefs", NULL,
     "INSERT INTO member_prefs (id, rack, created_us, member_id, language, unit, text_size) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7)" ON_CONFLICT},
    /* a trainer's PIN as changed then (its hash): the latest change holds */
    {"pin", NULL,
     "INSERT INTO member_pins (id, rack, created_us, member_id, pin_hash) "
     "VALUES ($1, $2, $3, $4, $5)" ON_CONFLICT},
    /* the audit of a plate calibration at this rack (server schema step 5's columns) */
    {"calibration",
     "SELECT c.uid, c.t_us, c.t_us, b.uid, c.by_text, c.source, c.known_g, c.middle, "
     "c.old_offset_left, c.old_offset_right, c.old_g_per_count_left, c.old_g_per_count_right, "
     "c.offset_left, c.offset_right, c.g_per_count_left, c.g_per_count_right, c.check_error_g, "
     "c.result FROM calibrations c LEFT JOIN members b ON b.id = c.by_member_id WHERE c.id = ?",
     "INSERT INTO calibrations (id, rack, created_us, t_us, by_member_id, by_text, source, "
     "known_g, middle, old_offset_left, old_offset_right, old_g_per_count_left, "
     "old_g_per_count_right, offset_left, offset_right, g_per_count_left, g_per_count_right, "
     "check_error_g, result) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::int::boolean, $10, $11, "
     "$12, $13, $14, $15, $16, $17, $18, $19)" ON_CONFLICT},
    /* a trainer PIN lockout started at this rack: every rack holds it until it ends */
    {"pin_lockout",
     "SELECT l.uid, l.t_us, m.uid, l.until_us FROM pin_lockouts l "
     "LEFT JOIN members m ON m.id = l.member_id WHERE l.id = ?",
     "INSERT INTO pin_lockouts (id, rack, created_us, member_id, until_us) "
     "VALUES ($1, $2, $3, $4, $5)" ON_CONFLICT},
    /* the server's own function applies a purge (server schema step 3): kiosks may not
     * change rows themselves */
    {"purge", NULL, "SELECT purge_health($1, $2, $3, $4, $5)"},
};

/* A set's reps go with it: each rep's id is made from the set's and its place, so a
 * retried push sends the same ids. */
#define REPS_SELECT                                                                                \
    "SELECT st.uid, st.started_us, r.idx, r.ecc_ms, r.bottom_ms, r.conc_ms, r.top_ms, r.rom_mm, "  \
    "r.mean_conc_mmps, r.peak_conc_mmps, r.peak_horiz_mg, r.peak_gyro_dps, r.rushed, "             \
    "r.momentum FROM reps r JOIN sets st ON st.key = r.set_key WHERE r.set_key = ? ORDER BY r.idx"
#define REPS_INSERT                                                                                \
    "INSERT INTO reps (id, rack, created_us, set_id, idx, ecc_ms, bottom_ms, conc_ms, top_ms, "    \
    "rom_mm, mean_conc_mmps, peak_conc_mmps, peak_horiz_mg, peak_gyro_dps, rushed, momentum) "     \
    "VALUES (md5($1::text || '/' || $4::int::text)::uuid, $2, $3, $1::uuid, $4::int, $5, $6, $7, " \
    "$8, $9, $10, $11, "                                                                           \
    "$12, $13, $14::int::boolean, $15::int::boolean)" ON_CONFLICT

static const struct kind *kind_named(const char *name)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].name, name) == 0)
            return &kinds[i];
    return NULL;
}

/* "doing: message" in one line (server_flatten: no row's values). */
static void flat_err(const char *msg, const char *doing, char err[SYNC_ERR_MAX])
{
    char flat[SYNC_ERR_MAX];
    server_flatten(msg, flat, sizeof flat);
    snprintf(err, SYNC_ERR_MAX, "%s: %.400s", doing, flat);
}

static void pg_err(PGconn *pg, const char *doing, char err[SYNC_ERR_MAX])
{
    flat_err(PQerrorMessage(pg), doing, err);
}

/* Queues one statement in the pipeline (its result is read at the batch's end). */
static bool pg_send(PGconn *pg, const char *sql, int n, const char *const *v, const char *what,
                    char err[SYNC_ERR_MAX])
{
    if (PQsendQueryParams(pg, sql, n, NULL, v, NULL, NULL, 0))
        return true;
    char doing[64];
    snprintf(doing, sizeof doing, "sending a %s", what);
    pg_err(pg, doing, err);
    return false;
}

/*
 * Whether the server refused a record for what it holds (SQLSTATE class 22, data
 * exception, or 23, integrity constraint violation): sending it again will not help
 * until something is fixed. Anything else (the connection, privileges, a server shutting
 * down) is the link's, and every record waits for it.
 */
static bool refused_record(const char *sqlstate)
{
    return sqlstate && (strncmp(sqlstate, "22", 2) == 0 || strncmp(sqlstate, "23", 2) == 0);
}

#define NULLS_MAX 2 /* PQgetResult gives one NULL after each statement; more: nothing is coming */

/*
 * Ends the batch: the pipeline's Sync commits everything queued since the last one as one
 * implicit transaction, or nothing when a statement failed. Reads every result; false
 * with err naming the first failure.
 */
static bool pipeline_end(PGconn *pg, bool ok, bool *refused, char err[SYNC_ERR_MAX])
{
    *refused = false;
    if (!PQpipelineSync(pg)) {
        pg_err(pg, "ending a batch", err);
        return false;
    }
    int nulls = 0;
    bool synced = false;
    while (!synced) {
        PGresult *r = PQgetResult(pg);
        if (!r) {
            if (PQstatus(pg) == CONNECTION_BAD || ++nulls > NULLS_MAX) {
                if (ok)
                    pg_err(pg, "the server left mid-batch", err);
                ok = false;
                break;
            }
            continue;
        }
        nulls = 0;
        ExecStatusType st = PQresultStatus(r);
        synced = st == PGRES_PIPELINE_SYNC;
        if (ok && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_PIPELINE_SYNC) {
            flat_err(PQresultErrorMessage(r), "sending a batch", err);
            *refused = refused_record(PQresultErrorField(r, PG_DIAG_SQLSTATE));
            ok = false;
        }
        PQclear(r);
    }
    if (synced)
        PQexitPipelineMode(pg);
    return ok;
}

/* An INSERT's parameters: the uid, the rack, then the record's values (owned copies). */
struct params {
    const char *v[MAX_PARAMS];
    char *own[MAX_PARAMS];
    int n;
};

static void params_free(struct params *p)
{
    for (int i = 0; i < MAX_PARAMS; i++)
        free(p->own[i]);
    memset(p, 0, sizeof *p);
}

/* Appends a value (NULL is SQL NULL); false when there is no room or no memory. */
static bool params_add(struct params *p, const unsigned char *text)
{
    if (p->n >= MAX_PARAMS)
        return false;
    if (text && !(p->own[p->n] = strdup((const char *)text)))
        return false;
    p->v[p->n] = p->own[p->n];
    p->n++;
    return true;
}

/* The row q stands on as parameters: its first column (the uid), the rack, the rest. */
static bool params_from_row(struct params *p, sqlite3_stmt *q, const char *rack)
{
    int n = sqlite3_column_count(q);
    bool ok =
        params_add(p, sqlite3_column_text(q, 0)) && params_add(p, (const unsigned char *)rack);
    for (int i = 1; ok && i < n; i++)
        ok = params_add(p, sqlite3_column_text(q, i));
    return ok && p->v[0];
}

static bool send_params(PGconn *pg, const char *insert, const struct params *p, const char *what,
                        char err[SYNC_ERR_MAX])
{
    return pg_send(pg, insert, p->n, p->v, what, err);
}

/* Sends each row of select (bound to key) with insert; how many, or -1. */
static int send_rows(sqlite3 *db, PGconn *pg, const char *rack, const char *select,
                     const char *insert, int64_t key, const char *what, char err[SYNC_ERR_MAX])
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, select, -1, &q, NULL) != SQLITE_OK) {
        snprintf(err, SYNC_ERR_MAX, "reading a %s: %s", what, sqlite3_errmsg(db));
        return -1;
    }
    sqlite3_bind_int64(q, 1, key);
    int rc, n = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct params p = {0};
        bool ok = params_from_row(&p, q, rack);
        if (!ok)
            snprintf(err, SYNC_ERR_MAX, "a %s without a uid (key %lld)", what, (long long)key);
        else
            ok = send_params(pg, insert, &p, what, err);
        params_free(&p);
        if (!ok) {
            sqlite3_finalize(q);
            return -1;
        }
        n++;
    }
    if (rc != SQLITE_DONE) {
        snprintf(err, SYNC_ERR_MAX, "reading a %s: %s", what, sqlite3_errmsg(db));
        n = -1;
    }
    sqlite3_finalize(q);
    return n;
}

/* A payload record: its uid and the values it had when it changed. */
static int send_payload(sqlite3 *db, PGconn *pg, const char *rack, const struct kind *k,
                        const unsigned char *uid, const unsigned char *payload,
                        char err[SYNC_ERR_MAX])
{
    struct params p = {0};
    sqlite3_stmt *q;
    bool ok = uid && payload && params_add(&p, uid) &&
              params_add(&p, (const unsigned char *)rack) &&
              sqlite3_prepare_v2(db, "SELECT value FROM json_each(?) ORDER BY key", -1, &q, NULL) ==
                  SQLITE_OK;
    if (!ok) {
        snprintf(err, SYNC_ERR_MAX, "a %s in the outbox without its uid or values", k->name);
        params_free(&p);
        return -1;
    }
    sqlite3_bind_text(q, 1, (const char *)payload, -1, SQLITE_STATIC);
    int rc;
    while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW)
        ok = params_add(&p, sqlite3_column_text(q, 0));
    if (ok && rc != SQLITE_DONE) {
        snprintf(err, SYNC_ERR_MAX, "a %s's values are not a JSON array: %s", k->name,
                 sqlite3_errmsg(db));
        ok = false;
    } else if (!ok) {
        snprintf(err, SYNC_ERR_MAX, "a %s with too many values", k->name);
    }
    sqlite3_finalize(q);
    if (ok)
        ok = send_params(pg, k->insert, &p, k->name, err);
    params_free(&p);
    return ok ? 1 : -1;
}

/* Sends one outbox record (q stands on it: seq, kind, row_key, uid, payload); 1 sent, 0
 * its row is gone from the kiosk's database (nothing to send), -1 failed. */
static int push_one(sqlite3 *db, PGconn *pg, const char *rack, sqlite3_stmt *q,
                    char err[SYNC_ERR_MAX])
{
    const struct kind *k = kind_named((const char *)sqlite3_column_text(q, 1));
    if (!k) {
        snprintf(err, SYNC_ERR_MAX, "an outbox record of an unknown kind");
        return -1;
    }
    if (!k->select)
        return send_payload(db, pg, rack, k, sqlite3_column_text(q, 3), sqlite3_column_text(q, 4),
                            err);
    int64_t key = sqlite3_column_int64(q, 2);
    int n = send_rows(db, pg, rack, k->select, k->insert, key, k->name, err);
    if (n > 0 && strcmp(k->name, "set") == 0 &&
        send_rows(db, pg, rack, REPS_SELECT, REPS_INSERT, key, "rep", err) < 0)
        return -1;
    return n < 0 ? -1 : n > 0;
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

/* Removes the pushed records (a record set aside before them stays); a failure here only
 * means they are sent again (no-ops). */
static int clear_outbox(sqlite3 *db, int64_t last_seq, char err[SYNC_ERR_MAX])
{
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(db, "DELETE FROM sync_outbox WHERE seq <= ? AND NOT set_aside", -1,
                                &q, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, last_seq);
        rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        sqlite3_finalize(q);
    }
    if (rc != SQLITE_OK)
        snprintf(err, SYNC_ERR_MAX, "clearing the outbox: %s", sqlite3_errmsg(db));
    return rc == SQLITE_OK ? 0 : -1;
}

/* Sends up to max waiting records as one server transaction; *refused: it failed on a
 * record the server refuses (refused_record). */
static int push_batch(sqlite3 *db, PGconn *pg, const char *rack, int max, bool *refused,
                      char err[SYNC_ERR_MAX])
{
    sqlite3_stmt *q;
    *refused = false;
    if (sqlite3_prepare_v2(db,
                           "SELECT seq, kind, row_key, uid, payload FROM sync_outbox "
                           "WHERE set_aside = 0 ORDER BY seq LIMIT ?",
                           -1, &q, NULL) != SQLITE_OK) {
        snprintf(err, SYNC_ERR_MAX, "reading the outbox: %s", sqlite3_errmsg(db));
        return -1;
    }
    sqlite3_bind_int(q, 1, max);
    if (!PQenterPipelineMode(pg)) {
        pg_err(pg, "starting a batch", err);
        sqlite3_finalize(q);
        return -1;
    }
    int pushed = 0, rc;
    int64_t last_seq = -1;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (push_one(db, pg, rack, q, err) < 0) {
            rc = SQLITE_ERROR;
            break;
        }
        pushed++; /* sent, or gone from this database: either way done with */
        last_seq = sqlite3_column_int64(q, 0);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ERROR)
        snprintf(err, SYNC_ERR_MAX, "reading the outbox: %s", sqlite3_errmsg(db));
    sqlite3_finalize(q);
    bool ok = rc == SQLITE_DONE;
    /* other racks waiting on the channel pull at once rather than at their next poll */
    if (ok && pushed > 0)
        ok = pg_send(pg, "NOTIFY " SYNC_CHANNEL, 0, NULL, "notice", err);
    /* a batch that failed here may still commit its first records at the Sync: they stay in
     * the outbox, and sending them again is a no-op */
    if (!pipeline_end(pg, ok, refused, err) || !ok)
        return -1;
    if (last_seq >= 0 && clear_outbox(db, last_seq, err) != 0)
        return -1;
    return pushed;
}

/*
 * The first waiting record was refused once more: counts the try and keeps the error;
 * after SYNC_SET_ASIDE_TRIES it is set aside. 1 set aside now, 0 not yet, -1 error.
 */
static int note_refusal(sqlite3 *db, const char *why)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "UPDATE sync_outbox SET tries = tries + 1, last_err = ?1, "
                           "set_aside = (tries + 1 >= ?2) WHERE seq = (SELECT min(seq) FROM "
                           "sync_outbox WHERE set_aside = 0) RETURNING set_aside",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(q, 1, why, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(q, 2, SYNC_SET_ASIDE_TRIES);
    int rc = sqlite3_step(q), aside = -1;
    if (rc == SQLITE_ROW)
        aside = sqlite3_column_int(q, 0) != 0;
    sqlite3_finalize(q);
    return aside;
}

int sync_push(sqlite3 *db, PGconn *pg, const char *rack, int max, char err[SYNC_ERR_MAX])
{
    bool refused;
    int n = push_batch(db, pg, rack, max, &refused, err);
    if (n >= 0 || !refused)
        return n;
    /* the server refused one of the batch's records: one at a time, to find which */
    int total = 0;
    while (total < max) {
        if ((n = push_batch(db, pg, rack, 1, &refused, err)) == 0)
            break;
        if (n > 0) {
            total += n;
            continue;
        }
        if (!refused)
            return -1;
        int aside = note_refusal(db, err);
        if (aside < 0) {
            snprintf(err, SYNC_ERR_MAX, "counting a refused record's tries: %s",
                     sqlite3_errmsg(db));
            return -1;
        }
        if (!aside)
            return -1; /* tried again at the next round: the cause may be passing */
    }
    return total;
}

long sync_set_aside(sqlite3 *db)
{
    sqlite3_stmt *q;
    long n = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sync_outbox WHERE set_aside", -1, &q, NULL) !=
        SQLITE_OK)
        return -1;
    if (sqlite3_step(q) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n;
}

long sync_retry_set_aside(sqlite3 *db)
{
    if (sqlite3_exec(db, "UPDATE sync_outbox SET set_aside = 0, tries = 0 WHERE set_aside", NULL,
                     NULL, NULL) != SQLITE_OK)
        return -1;
    return (long)sqlite3_changes(db);
}
