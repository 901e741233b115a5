#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/prefs.h"
#include "../store/store.h"
#include "pull.h"
#include "server_conn.h"

#define REF_DEPTH_MAX 4  /* a rep names a set, which names a session, which names a member */
#define NAME_TRIES    10 /* "Name (Rack 2)", then "Name (Rack 2) 2" .. */
#define COL_ID        1  /* every pulled row: seq, id, rack, created_us, then its columns */
#define COL_RACK      2
#define COL_CREATED   3
#define COL_FIRST     4

#define WHY_MAX 256 /* why a record waits */

/* A record fetched by id because a record being pulled names it, applied before it. */
struct fetched {
    const struct table *t;
    PGresult *r;
};

struct pull {
    sqlite3 *db;
    PGconn *pg;
    const char *rack;
    int day_start_min;
    char *err;
    struct fetched *pre; /* fetched before the kiosk's database is locked, in the order to apply */
    int n_pre, cap_pre;
    bool waits;        /* the record being applied cannot be here yet: it waits (pull_waiting) */
    char why[WHY_MAX]; /* ... and why */
};

struct table;
typedef int (*apply_fn)(struct pull *p, const struct table *t, PGresult *r, int row);

#define REFS_MAX 4 /* records a record names */

/* A column (after the common four) naming a record of another table by its id. */
struct ref {
    int col;
    const char *table; /* NULL: the end of the list */
};

/* A table of the gym: the columns pulled after the common four, how a row is applied,
 * the records it names, and (for records other records name) how its local key is found
 * by uid. */
struct table {
    const char *name;
    const char *cols;
    apply_fn apply;
    const char *local_key; /* SELECT key WHERE uid = ?; NULL: nothing names it */
    bool own_only;         /* only the rack's own rows (its calibrations), in every window */
    struct ref refs[REFS_MAX];
};

/* --- the kiosk's side: SQL with text parameters (SQLite's column affinity makes numbers of
 * them), NULL for SQL NULL --- */

static int sql_fail(struct pull *p, const char *what)
{
    snprintf(p->err, SYNC_ERR_MAX, "%s: %s", what, sqlite3_errmsg(p->db));
    return -1;
}

/* sql with n text values bound, stepped once: SQLite's result (the prepare's if it failed) */
static int step_text(struct pull *p, const char *sql, int n, const char *const *v)
{
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(p->db, sql, -1, &q, NULL);
    if (rc != SQLITE_OK)
        return rc;
    for (int i = 0; i < n; i++)
        sqlite3_bind_text(q, i + 1, v[i], -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc;
}

static int exec_text(struct pull *p, const char *sql, int n, const char *const *v)
{
    return step_text(p, sql, n, v) == SQLITE_DONE ? 0 : sql_fail(p, "writing a pulled record");
}

/* Marks the record being applied as waiting, with why; -1, as a failed apply returns. */
__attribute__((format(printf, 2, 3))) static int wait_because(struct pull *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->why, sizeof p->why, fmt, ap);
    va_end(ap);
    p->waits = true;
    return -1;
}

/*
 * As exec_text, for a pulled record: one this schema refuses (a constraint: a kind, role,
 * language or value a newer rack knows, or a record the server took that this rack
 * cannot) waits in pull_waiting with the reason, fetched again after each start until
 * it fits, and the pull goes on. Anything else is an error.
 */
static int apply_sql(struct pull *p, const char *sql, int n, const char *const *v)
{
    if (step_text(p, sql, n, v) == SQLITE_DONE)
        return 0;
    if ((sqlite3_extended_errcode(p->db) & 0xff) != SQLITE_CONSTRAINT)
        return sql_fail(p, "writing a pulled record");
    return wait_because(p, "%s", sqlite3_errmsg(p->db));
}

/* The first column of sql's first row for one text parameter: 1 found, 0 none, -1. */
static int query_key(struct pull *p, const char *sql, const char *param, int64_t *out)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(p->db, sql, -1, &q, NULL) != SQLITE_OK)
        return sql_fail(p, "reading the kiosk's records");
    sqlite3_bind_text(q, 1, param, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sql_fail(p, "reading the kiosk's records");
    return rc == SQLITE_ROW;
}

static const char *val(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static void pg_fail(struct pull *p, const char *doing)
{
    char line[SERVER_ERR_MAX];
    server_flatten(PQerrorMessage(p->pg), line, sizeof line);
    snprintf(p->err, SYNC_ERR_MAX, "%s: %.400s", doing, line);
}

static const struct table tables[];
static const struct table *table_named(const char *name);

/* Whether the record of table t with this id waits in pull_waiting: 1, 0, -1; why: its reason. */
static int waiting(struct pull *p, const struct table *t, const char *uid, char why[WHY_MAX])
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(p->db, "SELECT reason FROM pull_waiting WHERE tbl = ? AND uid = ?", -1,
                           &q, NULL) != SQLITE_OK)
        return sql_fail(p, "reading the records waiting");
    sqlite3_bind_text(q, 1, t->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, uid, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW && why)
        snprintf(why, WHY_MAX, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sql_fail(p, "reading the records waiting");
    return rc == SQLITE_ROW;
}

/*
 * The local key of the record of table t with this uid (NULL: 0, no record named). The
 * records a page names were fetched before the kiosk's database was locked (prefetch), so
 * one missing here waits (it was refused, or the server lacks it): so does the record
 * naming it, which the caller says by returning -1 with p->waits set.
 */
static int local_ref(struct pull *p, const char *table, const char *uid, int64_t *key)
{
    *key = 0;
    if (!uid)
        return 0;
    const struct table *t = table_named(table);
    int found = query_key(p, t->local_key, uid, key);
    if (found != 0)
        return found < 0 ? -1 : 0;
    char why[WHY_MAX] = "";
    if (waiting(p, t, uid, why) < 0)
        return -1;
    return wait_because(p, "names %.20s %.40s, which is not here (%.180s)", t->name, uid,
                        why[0] ? why : "the gym's server did not give it");
}

/* The record of table t with this id on the server: one row, or NULL with p->err set. */
static PGresult *fetch_row(struct pull *p, const struct table *t, const char *uid,
                           const char *doing)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT seq, id, rack, created_us, %s FROM %s WHERE id = $1", t->cols,
             t->name);
    const char *params[] = {uid};
    PGresult *r = PQexecParams(p->pg, sql, 1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        pg_fail(p, doing);
    else if (PQntuples(r) != 1)
        snprintf(p->err, SYNC_ERR_MAX, "the gym's server has no %s %s (%s)", t->name, uid, doing);
    else
        return r;
    PQclear(r);
    return NULL;
}

static void prefetched_free(struct pull *p)
{
    for (int i = 0; i < p->n_pre; i++)
        PQclear(p->pre[i].r);
    free(p->pre);
    p->pre = NULL;
    p->n_pre = p->cap_pre = 0;
}

static bool prefetched(const struct pull *p, const struct table *t, const char *uid)
{
    for (int i = 0; i < p->n_pre; i++)
        if (p->pre[i].t == t && strcmp(PQgetvalue(p->pre[i].r, 0, COL_ID), uid) == 0)
            return true;
    return false;
}

/*
 * Fetches from the server the records row i of r names that the kiosk lacks (a member
 * enrolled in a transaction outside the window, a flag of this rack's that a new SD card
 * does not hold), and the records they name in turn, into p->pre, before the kiosk's
 * database is locked: a slow or stalled server never holds up a set's commit. A record
 * waiting in pull_waiting is not fetched: the record naming it waits too.
 */
static int prefetch(struct pull *p, const struct table *t, PGresult *r, int i, int depth)
{
    for (const struct ref *f = t->refs; f < t->refs + REFS_MAX && f->table; f++) {
        const char *uid = val(r, i, COL_FIRST + f->col);
        const struct table *rt = table_named(f->table);
        int64_t key;
        if (!uid || prefetched(p, rt, uid))
            continue;
        int have = query_key(p, rt->local_key, uid, &key);
        if (have == 0)
            have = waiting(p, rt, uid, NULL);
        if (have < 0)
            return -1;
        if (have)
            continue;
        if (depth >= REF_DEPTH_MAX) {
            snprintf(p->err, SYNC_ERR_MAX, "a record names %s %s too deep to fetch", rt->name, uid);
            return -1;
        }
        PGresult *fr = fetch_row(p, rt, uid, "fetching a record another names");
        if (!fr)
            return -1;
        if (prefetch(p, rt, fr, 0, depth + 1) != 0) {
            PQclear(fr);
            return -1;
        }
        if (p->n_pre == p->cap_pre) {
            int cap = p->cap_pre ? 2 * p->cap_pre : 16;
            struct fetched *grown = realloc(p->pre, (size_t)cap * sizeof *grown);
            if (!grown) {
                PQclear(fr);
                snprintf(p->err, SYNC_ERR_MAX, "out of memory fetching named records");
                return -1;
            }
            p->pre = grown;
            p->cap_pre = cap;
        }
        p->pre[p->n_pre++] = (struct fetched){rt, fr};
    }
    return 0;
}

static int prefetch_rows(struct pull *p, const struct table *t, PGresult *r)
{
    for (int i = 0; r && i < PQntuples(r); i++)
        if (prefetch(p, t, r, i, 0) != 0)
            return -1;
    return 0;
}

/*
 * A name free in table (names are unique at a rack, not in the gym): the name, else the
 * name with the rack that made it, "Alex Rivera (Rack 2)", else that with a number.
 */
static int free_name(struct pull *p, const char *table, const char *name, const char *rack,
                     char *out, size_t n)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE name = ?", table);
    for (int i = 0; i < NAME_TRIES; i++) {
        if (i == 0)
            snprintf(out, n, "%s", name);
        else if (i == 1)
            snprintf(out, n, "%.40s (%.20s)", name, rack);
        else
            snprintf(out, n, "%.40s (%.20s) %d", name, rack, i);
        int64_t unused;
        int taken = query_key(p, sql, out, &unused);
        if (taken <= 0)
            return taken;
    }
    snprintf(p->err, SYNC_ERR_MAX, "no free name for %s \"%.60s\" of %.40s", table, name, rack);
    return -1;
}

/* Whether row i was made at this rack (pulled back after a restore). */
static bool own(const struct pull *p, PGresult *r, int i)
{
    const char *rack = val(r, i, COL_RACK);
    return rack && strcmp(rack, p->rack) == 0;
}

/* --- applying each table's rows --- */

static int apply_member(struct pull *p, const struct table *t, PGresult *r, int i)
{
    int64_t key;
    int have = query_key(p, t->local_key, val(r, i, COL_ID), &key);
    if (have != 0)
        return have < 0 ? -1 : 0;
    char name[96];
    if (free_name(p, "members", val(r, i, COL_FIRST), val(r, i, COL_RACK), name, sizeof name) != 0)
        return -1;
    const char *v[] = {val(r, i, COL_ID), name, val(r, i, COL_FIRST + 1), val(r, i, COL_FIRST + 2),
                       val(r, i, COL_CREATED)};
    return apply_sql(p,
                     "INSERT INTO members (uid, name, role, pin_hash, created_us) "
                     "VALUES (?, ?, ?, ?, ?)",
                     5, v);
}

static int apply_exercise(struct pull *p, const struct table *t, PGresult *r, int i)
{
    int64_t key;
    int have = query_key(p, t->local_key, val(r, i, COL_ID), &key);
    if (have != 0)
        return have < 0 ? -1 : 0;
    char name[96];
    if (free_name(p, "exercises", val(r, i, COL_FIRST), val(r, i, COL_RACK), name, sizeof name) !=
        0)
        return -1;
    const char *v[] = {val(r, i, COL_ID),        name,
                       val(r, i, COL_FIRST + 1), val(r, i, COL_FIRST + 2),
                       val(r, i, COL_FIRST + 3), val(r, i, COL_FIRST + 4)};
    return apply_sql(p,
                     "INSERT INTO exercises (uid, name, upper_body, on_plate, target_reps, "
                     "work_sets) VALUES (?, ?, ?, ?, ?, ?)",
                     6, v);
}

/* Formats a local key as a parameter ("" when 0: none). */
static const char *key_text(int64_t key, char buf[24])
{
    if (!key)
        return NULL;
    snprintf(buf, 24, "%" PRId64, key);
    return buf;
}

/* The latest record for a badge's uid holds: given (to this member) or taken away. */
static int apply_badge(struct pull *p, const struct table *t, PGresult *r, int i)
{
    (void)t;
    int64_t member;
    char mk[24];
    if (local_ref(p, "members", val(r, i, COL_FIRST + 1), &member) != 0)
        return -1;
    const char *v[] = {val(r, i, COL_FIRST), key_text(member, mk)};
    bool removed = strcmp(val(r, i, COL_FIRST + 2), "1") == 0;
    return apply_sql(p,
                     removed ? "DELETE FROM badges WHERE uid = ? AND member_id = ?"
                             : "INSERT OR REPLACE INTO badges (uid, member_id) VALUES (?, ?)",
                     2, v);
}

/* Rows made elsewhere take keys below zero: the kiosk makes its keys from the wall clock,
 * so they can never meet one of its own. */
#define NEXT_KEY(table) "(SELECT min(0, coalesce(min(key), 0)) - 1 FROM " table ")"

static int apply_session(struct pull *p, const struct table *t, PGresult *r, int i)
{
    int64_t key, member;
    int have = query_key(p, t->local_key, val(r, i, COL_ID), &key);
    if (have != 0)
        return have < 0 ? -1 : 0;
    char mk[24];
    if (local_ref(p, "members", val(r, i, COL_FIRST), &member) != 0)
        return -1;
    const char *v[] = {val(r, i, COL_ID),        key_text(member, mk),     val(r, i, COL_FIRST + 1),
                       val(r, i, COL_FIRST + 2), val(r, i, COL_FIRST + 3), val(r, i, COL_FIRST + 4),
                       val(r, i, COL_FIRST + 5)};
    return apply_sql(p,
                     "INSERT INTO sessions (key, uid, member_id, started_us, ended_us, pain, "
                     "red_flags, body_g) VALUES (" NEXT_KEY("sessions") ", ?, ?, ?, ?, ?, ?, ?)",
                     7, v);
}

static int apply_set(struct pull *p, const struct table *t, PGresult *r, int i)
{
    int64_t key, session, member, exercise;
    int have = query_key(p, t->local_key, val(r, i, COL_ID), &key);
    if (have != 0)
        return have < 0 ? -1 : 0;
    if (local_ref(p, "sessions", val(r, i, COL_FIRST), &session) != 0 ||
        local_ref(p, "members", val(r, i, COL_FIRST + 1), &member) != 0 ||
        local_ref(p, "exercises", val(r, i, COL_FIRST + 2), &exercise) != 0)
        return -1;
    char sk[24], mk[24], ek[24];
    const char *v[13] = {val(r, i, COL_ID), key_text(session, sk), key_text(member, mk),
                         key_text(exercise, ek)};
    for (int c = 3; c < 11; c++)
        v[c + 1] = val(r, i, COL_FIRST + c);
    /* where it was lifted, which keeps its bar samples (one of this rack's own, pulled back
     * after a restore, is this rack's) */
    v[12] = own(p, r, i) ? NULL : val(r, i, COL_RACK);
    return apply_sql(p,
                     "INSERT INTO sets (key, uid, session_key, member_id, exercise_id, started_us, "
                     "load_g, declared, target_reps, reps_done, clean, stopped, left_pct, rack) "
                     "VALUES (" NEXT_KEY("sets") ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     13, v);
}

static int apply_rep(struct pull *p, const struct table *t, PGresult *r, int i)
{
    (void)t;
    int64_t set;
    if (local_ref(p, "sets", val(r, i, COL_FIRST), &set) != 0)
        return -1;
    char sk[24];
    const char *v[13] = {key_text(set, sk)};
    for (int c = 1; c < 13; c++)
        v[c] = val(r, i, COL_FIRST + c);
    return apply_sql(p,
                     "INSERT OR IGNORE INTO reps (set_key, idx, ecc_ms, bottom_ms, conc_ms, "
                     "top_ms, rom_mm, mean_conc_mmps, peak_conc_mmps, peak_horiz_mg, "
                     "peak_gyro_dps, rushed, momentum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                     "?)",
                     13, v);
}

static int apply_flag(struct pull *p, const struct table *t, PGresult *r, int i)
{
    int64_t key, member, session, set;
    int have = query_key(p, t->local_key, val(r, i, COL_ID), &key);
    if (have != 0)
        return have < 0 ? -1 : 0;
    if (local_ref(p, "members", val(r, i, COL_FIRST + 1), &member) != 0 ||
        local_ref(p, "sessions", val(r, i, COL_FIRST + 2), &session) != 0 ||
        local_ref(p, "sets", val(r, i, COL_FIRST + 3), &set) != 0)
        return -1;
    char mk[24], sk[24], tk[24];
    /* the trainer's list says which rack raised it; one of this rack's own (pulled back
     * after a restore) is this rack's */
    const char *rack = own(p, r, i) ? NULL : val(r, i, COL_RACK);
    const char *v[] = {val(r, i, COL_ID),        val(r, i, COL_FIRST),
                       key_text(member, mk),     key_text(session, sk),
                       key_text(set, tk),        val(r, i, COL_FIRST + 4),
                       val(r, i, COL_FIRST + 5), val(r, i, COL_FIRST + 6),
                       val(r, i, COL_FIRST + 7), rack};
    return apply_sql(p,
                     "INSERT INTO flags (uid, t_us, member_id, session_key, set_key, kind, "
                     "severity, rep, detail, rack) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     10, v);
}

/* An enrolment screen answered at another rack: a yes there stops the lifter here. */
static int apply_screening(struct pull *p, const struct table *t, PGresult *r, int i)
{
    int64_t key, member;
    int have = query_key(p, t->local_key, val(r, i, COL_ID), &key);
    if (have != 0)
        return have < 0 ? -1 : 0;
    if (local_ref(p, "members", val(r, i, COL_FIRST), &member) != 0)
        return -1;
    char mk[24];
    const char *v[] = {val(r, i, COL_ID), key_text(member, mk), val(r, i, COL_FIRST + 1),
                       val(r, i, COL_FIRST + 2), val(r, i, COL_FIRST + 3)};
    return apply_sql(p,
                     "INSERT INTO screenings (uid, member_id, day, answers, t_us) "
                     "VALUES (?, ?, ?, ?, ?)",
                     5, v);
}

/* A trainer's clearance of a screen, made at any rack: the first one holds. */
static int apply_screening_clear(struct pull *p, const struct table *t, PGresult *r, int i)
{
    (void)t;
    int64_t screening, by;
    if (local_ref(p, "screenings", val(r, i, COL_FIRST), &screening) != 0 ||
        local_ref(p, "members", val(r, i, COL_FIRST + 1), &by) != 0)
        return -1;
    char sk[24], bk[24];
    const char *v[] = {key_text(screening, sk), val(r, i, COL_CREATED), key_text(by, bk),
                       val(r, i, COL_FIRST + 2)};
    return apply_sql(p,
                     "UPDATE screenings SET cleared_us = ?2, cleared_by = ?3, cleared_reason = ?4 "
                     "WHERE id = ?1 AND cleared_us IS NULL",
                     4, v);
}

/* A trainer's action at another rack, for the lifter's story. A kind this schema does not
 * take yet (a newer rack's) waits for the upgrade rather than stopping the pull. */
static int apply_trainer_action(struct pull *p, const struct table *t, PGresult *r, int i)
{
    int64_t key, by, member, flag, exercise;
    int have = query_key(p, t->local_key, val(r, i, COL_ID), &key);
    if (have != 0)
        return have < 0 ? -1 : 0;
    if (local_ref(p, "members", val(r, i, COL_FIRST + 1), &by) != 0 ||
        local_ref(p, "members", val(r, i, COL_FIRST + 2), &member) != 0 ||
        local_ref(p, "flags", val(r, i, COL_FIRST + 4), &flag) != 0 ||
        local_ref(p, "exercises", val(r, i, COL_FIRST + 5), &exercise) != 0)
        return -1;
    char bk[24], mk[24], fk[24], ek[24];
    const char *v[] = {val(r, i, COL_ID),      val(r, i, COL_FIRST),     key_text(by, bk),
                       key_text(member, mk),   val(r, i, COL_FIRST + 3), key_text(flag, fk),
                       key_text(exercise, ek), val(r, i, COL_FIRST + 6), val(r, i, COL_FIRST + 7)};
    return apply_sql(p,
                     "INSERT INTO trainer_actions (uid, t_us, by_member_id, member_id, kind, "
                     "flag_id, exercise_id, load_g, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     9, v);
}

static int apply_ack(struct pull *p, const struct table *t, PGresult *r, int i)
{
    (void)t;
    int64_t flag, by;
    if (local_ref(p, "flags", val(r, i, COL_FIRST), &flag) != 0 ||
        local_ref(p, "members", val(r, i, COL_FIRST + 1), &by) != 0)
        return -1;
    char fk[24], bk[24];
    const char *v[] = {key_text(flag, fk), val(r, i, COL_CREATED), key_text(by, bk),
                       val(r, i, COL_FIRST + 2)};
    return apply_sql(p,
                     "INSERT INTO acknowledgements (flag_id, t_us, by_member_id, note) "
                     "SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM acknowledgements "
                     "WHERE flag_id = ?1 AND t_us = ?2 AND by_member_id = ?3)",
                     4, v);
}

/* The day's decision only adds up (the highest pain, any red flag), as at the rack, but
 * not over a trainer's clearance made after it. */
static int apply_checkin(struct pull *p, const struct table *t, PGresult *r, int i)
{
    (void)t;
    int64_t member;
    if (local_ref(p, "members", val(r, i, COL_FIRST), &member) != 0)
        return -1;
    char mk[24];
    const char *v[] = {key_text(member, mk),     val(r, i, COL_FIRST + 1), val(r, i, COL_FIRST + 2),
                       val(r, i, COL_FIRST + 3), val(r, i, COL_FIRST + 4), val(r, i, COL_CREATED)};
    return apply_sql(p,
                     "INSERT INTO day_checkins (member_id, day, pain_max, red_flags, no_lift, "
                     "updated_us) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (member_id, day) DO "
                     "UPDATE SET pain_max = max(pain_max, excluded.pain_max), "
                     "red_flags = red_flags | excluded.red_flags, "
                     "no_lift = no_lift OR excluded.no_lift, "
                     "updated_us = max(updated_us, excluded.updated_us) "
                     "WHERE cleared_us IS NULL OR cleared_us < excluded.updated_us",
                     6, v);
}

static int apply_warmup(struct pull *p, const struct table *t, PGresult *r, int i)
{
    (void)t;
    int64_t member;
    if (local_ref(p, "members", val(r, i, COL_FIRST), &member) != 0)
        return -1;
    const char *done = val(r, i, COL_FIRST + 1);
    char mk[24], day[24];
    snprintf(day, sizeof day, "%" PRId64, store_gym_day(strtoll(done, NULL, 10), p->day_start_min));
    const char *v[] = {key_text(member, mk), day, done};
    return apply_sql(p,
                     "INSERT INTO day_checkins (member_id, day, warmup_done_us, updated_us) "
                     "VALUES (?1, ?2, ?3, ?3) ON CONFLICT (member_id, day) DO UPDATE SET "
                     "warmup_done_us = max(coalesce(warmup_done_us, 0), excluded.warmup_done_us)",
                     3, v);
}

/* A clearance starts the day afresh only when nothing was answered here after it: a
 * pain answer at this rack after a trainer cleared the day at another still holds. */
static int apply_clearance(struct pull *p, const struct table *t, PGresult *r, int i)
{
    (void)t;
    int64_t member, by;
    if (local_ref(p, "members", val(r, i, COL_FIRST), &member) != 0 ||
        local_ref(p, "members", val(r, i, COL_FIRST + 2), &by) != 0)
        return -1;
    char mk[24], bk[24];
    const char *v[] = {key_text(member, mk), val(r, i, COL_FIRST + 1), val(r, i, COL_CREATED),
                       key_text(by, bk), val(r, i, COL_FIRST + 3)};
    return apply_sql(
        p,
        "INSERT INTO day_checkins (member_id, day, cleared_us, cleared_by, "
        "cleared_reason, updated_us) VALUES (?1, ?2, ?3, ?4, ?5, ?3) "
        "ON CONFLICT (member_id, day) DO UPDATE SET "
        "no_lift = CASE WHEN updated_us <= excluded.cleared_us THEN 0 ELSE no_lift END, "
        "red_flags = CASE WHEN updated_us <= excluded.cleared_us THEN 0 "
        "  ELSE red_flags END, "
        "pain_max = CASE WHEN updated_us <= excluded.cleared_us THEN -1 "
        "  ELSE pain_max END, "
        "cleared_us = excluded.cleared_us, cleared_by = excluded.cleared_by, "
        "cleared_reason = excluded.cleared_reason "
        "WHERE cleared_us IS NULL OR cleared_us < excluded.cleared_us",
        5, v);
}

static int apply_start_load(struct pull *p, const struct table *t, PGresult *r, int i)
{
    (void)t;
    int64_t member, exercise;
    if (local_ref(p, "members", val(r, i, COL_FIRST), &member) != 0 ||
        local_ref(p, "exercises", val(r, i, COL_FIRST + 1), &exercise) != 0)
        return -1;
    char mk[24], ek[24];
    const char *v[] = {key_text(member, mk), key_text(exercise, ek), val(r, i, COL_FIRST + 2)};
    return apply_sql(p,
                     "INSERT INTO start_loads (member_id, exercise_id, load_g) VALUES (?, ?, ?) "
                     "ON CONFLICT (member_id, exercise_id) DO UPDATE SET load_g = excluded.load_g",
                     3, v);
}

static int apply_override(struct pull *p, const struct table *t, PGresult *r, int i)
{
    (void)t;
    int64_t member, exercise, by;
    if (local_ref(p, "members", val(r, i, COL_FIRST), &member) != 0 ||
        local_ref(p, "exercises", val(r, i, COL_FIRST + 1), &exercise) != 0 ||
        local_ref(p, "members", val(r, i, COL_FIRST + 5), &by) != 0)
        return -1;
    char mk[24], ek[24], bk[24];
    const char *v[] = {key_text(member, mk),     key_text(exercise, ek),   val(r, i, COL_FIRST + 2),
                       val(r, i, COL_FIRST + 3), val(r, i, COL_FIRST + 4), key_text(by, bk)};
    return apply_sql(p,
                     "INSERT INTO overrides (member_id, exercise_id, day, load_g, reason, "
                     "by_member_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (member_id, "
                     "exercise_id, day) DO UPDATE SET load_g = excluded.load_g, "
                     "reason = excluded.reason, by_member_id = excluded.by_member_id",
                     6, v);
}

/* A member's language, unit and text size chosen at another rack replace the choice here
 * only when made later (members.prefs_us): the latest choice at any rack holds. A language,
 * unit or text size this build does not know (a newer rack's) waits for the upgrade. */
static int apply_prefs(struct pull *p, const struct table *t, PGresult *r, int i)
{
    (void)t;
    const char *lang = val(r, i, COL_FIRST + 1), *unit = val(r, i, COL_FIRST + 2);
    const char *text = val(r, i, COL_FIRST + 3);
    enum unit_pref u;
    enum text_pref tp;
    if (!lang || !unit || !text)
        return wait_because(p, "a choice without its language, unit or text size");
    if (lang[0] && prefs_language_index(lang) < 0)
        return wait_because(p, "language \"%.40s\" is not one this rack knows", lang);
    if (unit[0] && !prefs_unit_parse(unit, &u))
        return wait_because(p, "unit \"%.40s\" is not one this rack knows", unit);
    if (text[0] && !prefs_text_parse(text, &tp))
        return wait_because(p, "text size \"%.40s\" is not one this rack knows", text);
    int64_t member;
    if (local_ref(p, "members", val(r, i, COL_FIRST), &member) != 0)
        return -1;
    char mk[24];
    const char *v[] = {key_text(member, mk), lang, unit, val(r, i, COL_CREATED), text};
    return apply_sql(p,
                     "UPDATE members SET language = ?2, unit = ?3, text_size = ?5, prefs_us = ?4 "
                     "WHERE id = ?1 AND prefs_us < ?4",
                     5, v);
}

/* A trainer's PIN changed at another rack replaces the one here only when changed later
 * (members.pin_us): the latest change at any rack holds. */
static int apply_pin(struct pull *p, const struct table *t, PGresult *r, int i)
{
    (void)t;
    int64_t member;
    if (local_ref(p, "members", val(r, i, COL_FIRST), &member) != 0)
        return -1;
    char mk[24];
    const char *v[] = {key_text(member, mk), val(r, i, COL_FIRST + 1), val(r, i, COL_CREATED)};
    return apply_sql(p,
                     "UPDATE members SET pin_hash = ?2, pin_us = ?3 WHERE id = ?1 AND "
                     "role = 'trainer' AND pin_us < ?3",
                     3, v);
}

/* A trainer PIN lockout started at another rack: trainer access here stays locked until
 * it ends (the badge lookup reads the latest). */
static int apply_pin_lockout(struct pull *p, const struct table *t, PGresult *r, int i)
{
    (void)t;
    int64_t member;
    if (local_ref(p, "members", val(r, i, COL_FIRST), &member) != 0)
        return -1;
    char mk[24];
    const char *v[] = {val(r, i, COL_ID), val(r, i, COL_CREATED), val(r, i, COL_FIRST + 1),
                       key_text(member, mk), own(p, r, i) ? NULL : val(r, i, COL_RACK)};
    return apply_sql(p,
                     "INSERT INTO pin_lockouts (uid, t_us, until_us, member_id, rack) "
                     "VALUES (?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING",
                     5, v);
}

/*
 * One of this rack's calibrations, from the server (a restored backup or a new SD card gets
 * its own back; one it holds is left as it is). A saved one newer than every calibration
 * saved here is marked to go into [plate] of the settings file (store_take_pulled_
 * calibration): a calibration made here later is never overwritten by an older one.
 */
static int apply_calibration(struct pull *p, const struct table *t, PGresult *r, int i)
{
    int64_t key, by;
    int have = query_key(p, t->local_key, val(r, i, COL_ID), &key);
    if (have != 0)
        return have < 0 ? -1 : 0;
    if (local_ref(p, "members", val(r, i, COL_FIRST + 1), &by) != 0)
        return -1;
    char bk[24];
    const char *v[18] = {val(r, i, COL_ID), val(r, i, COL_FIRST), key_text(by, bk)};
    for (int c = 2; c < 16; c++)
        v[c + 1] = val(r, i, COL_FIRST + c);
    int64_t newer = 0;
    if (strcmp(val(r, i, COL_FIRST + 15), "saved") == 0 &&
        query_key(p,
                  "SELECT count(*) = 0 FROM calibrations WHERE result = 'saved' AND "
                  "t_us >= CAST(?1 AS INTEGER)",
                  val(r, i, COL_FIRST), &newer) < 0)
        return -1;
    /* a source this schema does not know (a newer rack's) waits for the upgrade */
    if (apply_sql(p,
                  "INSERT INTO calibrations (uid, t_us, by_member_id, by_text, source, known_g, "
                  "middle, old_offset_left, old_offset_right, old_g_per_count_left, "
                  "old_g_per_count_right, offset_left, offset_right, g_per_count_left, "
                  "g_per_count_right, check_error_g, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                  "?, ?, ?, ?, ?, ?, ?, ?)",
                  17, v) != 0)
        return -1;
    if (!newer)
        return 0;
    const char *u[] = {val(r, i, COL_ID)};
    return exec_text(p, "UPDATE sync_state SET calibration_pulled = ? WHERE id = 1", 1, u);
}

/* In the order records name one another, so a page seldom has to fetch what it names. */
static const struct table tables[] = {
    {"members", "name, role, pin_hash", apply_member, "SELECT id FROM members WHERE uid = ?"},
    {"exercises", "name, upper_body::int, on_plate::int, target_reps, work_sets", apply_exercise,
     "SELECT id FROM exercises WHERE uid = ?"},
    {"badges", "uid, member_id, removed::int", apply_badge, NULL, .refs = {{1, "members"}}},
    {"sessions", "member_id, started_us, ended_us, pain, red_flags, body_g", apply_session,
     "SELECT key FROM sessions WHERE uid = ?", .refs = {{0, "members"}}},
    {"sets",
     "session_id, member_id, exercise_id, started_us, load_g, declared::int, target_reps, "
     "reps_done, clean::int, stopped::int, left_pct",
     apply_set, "SELECT key FROM sets WHERE uid = ?",
     .refs = {{0, "sessions"}, {1, "members"}, {2, "exercises"}}},
    {"reps",
     "set_id, idx, ecc_ms, bottom_ms, conc_ms, top_ms, rom_mm, mean_conc_mmps, peak_conc_mmps, "
     "peak_horiz_mg, peak_gyro_dps, rushed::int, momentum::int",
     apply_rep, NULL, .refs = {{0, "sets"}}},
    {"flags", "t_us, member_id, session_id, set_id, kind, severity, rep, detail", apply_flag,
     "SELECT id FROM flags WHERE uid = ?", .refs = {{1, "members"}, {2, "sessions"}, {3, "sets"}}},
    {"acknowledgements", "flag_id, by_member_id, note", apply_ack, NULL,
     .refs = {{0, "flags"}, {1, "members"}}},
    {"checkins", "member_id, day - date '1970-01-01', pain, red_flags, no_lift::int", apply_checkin,
     NULL, .refs = {{0, "members"}}},
    {"warmups", "member_id, done_us", apply_warmup, NULL, .refs = {{0, "members"}}},
    {"clearances", "member_id, day - date '1970-01-01', by_member_id, reason", apply_clearance,
     NULL, .refs = {{0, "members"}, {2, "members"}}},
    {"start_loads", "member_id, exercise_id, load_g", apply_start_load, NULL,
     .refs = {{0, "members"}, {1, "exercises"}}},
    {"overrides", "member_id, exercise_id, day - date '1970-01-01', load_g, reason, by_member_id",
     apply_override, NULL, .refs = {{0, "members"}, {1, "exercises"}, {5, "members"}}},
    {"screenings", "member_id, day - date '1970-01-01', answers, t_us", apply_screening,
     "SELECT id FROM screenings WHERE uid = ?", .refs = {{0, "members"}}},
    {"screening_clearances", "screening_id, by_member_id, reason", apply_screening_clear, NULL,
     .refs = {{0, "screenings"}, {1, "members"}}},
    {"trainer_actions", "t_us, by_member_id, member_id, kind, flag_id, exercise_id, load_g, note",
     apply_trainer_action, "SELECT id FROM trainer_actions WHERE uid = ?",
     .refs = {{1, "members"}, {2, "members"}, {4, "flags"}, {5, "exercises"}}},
    {"member_prefs", "member_id, language, unit, text_size", apply_prefs, NULL,
     .refs = {{0, "members"}}},
    {"member_pins", "member_id, pin_hash", apply_pin, NULL, .refs = {{0, "members"}}},
    /* rows pushed before server step 5 lack the audit's columns: such a row is kept but
     * never applied ("unknown") */
    {"calibrations",
     "coalesce(t_us, created_us), by_member_id, by_text, coalesce(source, 'ctl'), "
     "coalesce(known_g, 1), coalesce(middle::int, 0), coalesce(old_offset_left, offset_left), "
     "coalesce(old_offset_right, offset_right), "
     "coalesce(old_g_per_count_left, g_per_count_left), "
     "coalesce(old_g_per_count_right, g_per_count_right), offset_left, offset_right, "
     "g_per_count_left, g_per_count_right, check_error_g, coalesce(result, 'unknown')",
     apply_calibration, "SELECT id FROM calibrations WHERE uid = ?", true,
     .refs = {{1, "members"}}},
    /* after the calibrations: a pull cursor stored before keeps naming the same table */
    {"pin_lockouts", "member_id, until_us", apply_pin_lockout, NULL, .refs = {{0, "members"}}},
};
#define N_TABLES ((int)(sizeof tables / sizeof tables[0]))

static const struct table *table_named(const char *name)
{
    for (int i = 0; i < N_TABLES; i++)
        if (strcmp(tables[i].name, name) == 0)
            return &tables[i];
    return &tables[0]; /* callers name tables from the list above */
}

/* Applies r's rows; one that cannot be here yet waits in pull_waiting, with why. */
static int apply_rows(struct pull *p, const struct table *t, PGresult *r)
{
    for (int i = 0; r && i < PQntuples(r); i++) {
        p->waits = false;
        if (t->apply(p, t, r, i) == 0)
            continue;
        if (!p->waits)
            return -1;
        const char *w[] = {t->name, val(r, i, COL_ID), p->why};
        if (exec_text(p,
                      "INSERT INTO pull_waiting (tbl, uid, reason) VALUES (?, ?, ?) "
                      "ON CONFLICT (tbl, uid) DO UPDATE SET reason = excluded.reason",
                      3, w) != 0)
            return -1;
    }
    return 0;
}

/* The records fetched first, then r's rows. */
static int apply_all(struct pull *p, const struct table *t, PGresult *r)
{
    for (int i = 0; i < p->n_pre; i++)
        if (apply_rows(p, p->pre[i].t, p->pre[i].r) != 0)
            return -1;
    return apply_rows(p, t, r);
}

/* BEGIN IMMEDIATE with the pull's mark (the triggers that queue the rack's own records
 * leave pulled ones out). */
static int begin_pulling(struct pull *p)
{
    if (sqlite3_exec(p->db, "BEGIN IMMEDIATE; UPDATE sync_state SET pulling = 1 WHERE id = 1", NULL,
                     NULL, NULL) == SQLITE_OK)
        return 0;
    sql_fail(p, "writing pulled records");
    sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

/* COMMIT when rc is 0, else ROLLBACK; rc, or -1 when the commit failed. */
static int end_pulling(struct pull *p, int rc)
{
    if (rc == 0 && sqlite3_exec(p->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = sql_fail(p, "committing pulled records");
    if (rc != 0)
        sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* --- the cursor --- */

struct cursor {
    int64_t lo, hi; /* the window of transactions; hi 0: none open */
    int table;
    int64_t seq;
    int64_t own_below; /* the rack's own rows too in transactions below (-1: below hi) */
};

static int cursor_read(struct pull *p, struct cursor *c)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(p->db,
                           "SELECT pull_lo, pull_hi, pull_table, pull_seq, pull_own_below "
                           "FROM sync_state WHERE id = 1",
                           -1, &q, NULL) != SQLITE_OK)
        return sql_fail(p, "reading the pull's cursor");
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        c->lo = sqlite3_column_int64(q, 0);
        c->hi = sqlite3_column_int64(q, 1);
        c->table = sqlite3_column_int(q, 2);
        c->seq = sqlite3_column_int64(q, 3);
        c->own_below = sqlite3_column_int64(q, 4);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW)
        return sql_fail(p, "reading the pull's cursor");
    if (c->table < 0 || c->table >= N_TABLES)
        c->table = 0; /* read the window again: applying a record twice changes nothing */
    return 0;
}

static int cursor_write(struct pull *p, const struct cursor *c)
{
    char v[5][24];
    snprintf(v[0], 24, "%" PRId64, c->lo);
    snprintf(v[1], 24, "%" PRId64, c->hi);
    snprintf(v[2], 24, "%d", c->table);
    snprintf(v[3], 24, "%" PRId64, c->seq);
    snprintf(v[4], 24, "%" PRId64, c->own_below);
    const char *params[] = {v[0], v[1], v[2], v[3], v[4]};
    return exec_text(p,
                     "UPDATE sync_state SET pull_lo = ?, pull_hi = ?, pull_table = ?, "
                     "pull_seq = ?, pull_own_below = ?, pulling = 0 WHERE id = 1",
                     5, params);
}

/* The oldest transaction running on the server now: the window's end. */
static int server_horizon(struct pull *p, int64_t *out)
{
    PGresult *r = PQexec(p->pg, "SELECT pg_snapshot_xmin(pg_current_snapshot())::text");
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    if (ok)
        *out = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    else
        pg_fail(p, "asking the server for its oldest open transaction");
    PQclear(r);
    return ok ? 0 : -1;
}

/* One page of table t in the window after seq; NULL on failure. */
static PGresult *page(struct pull *p, const struct cursor *c, int max)
{
    const struct table *t = &tables[c->table];
    char sql[768], lo[24], hi[24], seq[24], lim[16], own_below[24];
    /* the rack's own calibrations come in whichever window holds them (a new SD card reads every
     * window from the first, a restored backup those after it): one held changes nothing */
    snprintf(sql, sizeof sql,
             "SELECT seq, id, rack, created_us, %s FROM %s WHERE txid >= $1::text::xid8 AND "
             "txid < $2::text::xid8 AND seq > $3 AND %s ORDER BY seq LIMIT $5",
             t->cols, t->name,
             t->own_only ? "rack = $4 AND $6::text::xid8 IS NOT NULL"
                         : "(rack <> $4 OR txid < $6::text::xid8)");
    snprintf(lo, sizeof lo, "%" PRId64, c->lo);
    snprintf(hi, sizeof hi, "%" PRId64, c->hi);
    snprintf(seq, sizeof seq, "%" PRId64, c->seq);
    snprintf(lim, sizeof lim, "%d", max);
    snprintf(own_below, sizeof own_below, "%" PRId64, c->own_below > 0 ? c->own_below : 0);
    const char *params[] = {lo, hi, seq, p->rack, lim, own_below};
    PGresult *r = PQexecParams(p->pg, sql, 6, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        char doing[64];
        snprintf(doing, sizeof doing, "pulling %s", t->name);
        pg_fail(p, doing);
        PQclear(r);
        return NULL;
    }
    return r;
}

/*
 * Writes a page and the cursor after it in one short transaction: the records the page
 * names were fetched before it (prefetch), so nothing waits on the network while the
 * kiosk's database is locked. 1 when the cursor is no longer at read (another process on
 * this database, rackside-ctl server sync beside the kiosk, wrote the page first):
 * nothing is written, and the caller reads the cursor again.
 */
static int commit_page(struct pull *p, PGresult *r, const struct cursor *read,
                       const struct cursor *after, int table)
{
    if (prefetch_rows(p, &tables[table], r) != 0 || begin_pulling(p) != 0)
        return -1;
    struct cursor now = {0};
    int rc = cursor_read(p, &now);
    if (rc == 0 && (now.lo != read->lo || now.hi != read->hi || now.table != read->table ||
                    now.seq != read->seq)) {
        sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
        return 1;
    }
    if (rc == 0)
        rc = apply_all(p, &tables[table], r);
    if (rc == 0)
        rc = cursor_write(p, after);
    return end_pulling(p, rc);
}

int sync_pull(sqlite3 *db, PGconn *pg, const char *rack, int day_start_min, int max,
              char err[SYNC_ERR_MAX])
{
    struct pull p = {.db = db, .pg = pg, .rack = rack, .day_start_min = day_start_min, .err = err};
    struct cursor c = {0}; /* GCC at -O1 cannot see cursor_read fills it */
    if (max < 1)
        max = 1;
    if (cursor_read(&p, &c) != 0)
        return -1;
    const struct cursor read = c;
    if (c.hi == 0) {
        int64_t horizon;
        if (server_horizon(&p, &horizon) != 0)
            return -1;
        if (horizon <= c.lo)
            return 0; /* no transaction has finished since the last window */
        c.hi = horizon;
        c.table = 0;
        c.seq = 0;
        /* restored from a backup: this window brings back what the rack made since */
        if (c.own_below < 0)
            c.own_below = horizon;
    }
    while (c.table < N_TABLES) {
        PGresult *r = page(&p, &c, max);
        if (!r)
            return -1;
        int n = PQntuples(r);
        struct cursor after = c;
        if (n > 0)
            after.seq = strtoll(PQgetvalue(r, n - 1, 0), NULL, 10);
        if (n < max) { /* the table's last page in this window */
            after.table++;
            after.seq = 0;
        }
        if (after.table == N_TABLES) { /* the window is done: the next opens where it ended */
            after.lo = c.hi;
            after.hi = 0;
            after.table = 0;
        }
        int rc = n > 0 || after.hi == 0 ? commit_page(&p, r, &read, &after, c.table) : 0;
        PQclear(r);
        prefetched_free(&p);
        if (rc != 0)
            return rc < 0 ? -1 : 1;
        if (n > 0 || after.hi == 0)
            return n;
        c = after;
    }
    return 0;
}

#define WAITING_MAX 64 /* waiting records read from the list at once */

/* The records waiting for this schema, by table and id: how many read (n <= max). */
static int waiting_read(struct pull *p, char (*tbl)[32], char (*uid)[40], int max)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(p->db, "SELECT tbl, uid FROM pull_waiting ORDER BY rowid LIMIT ?", -1,
                           &q, NULL) != SQLITE_OK)
        return sql_fail(p, "reading the records waiting for an upgrade");
    sqlite3_bind_int(q, 1, max);
    int n = 0;
    while (n < max && sqlite3_step(q) == SQLITE_ROW) {
        snprintf(tbl[n], 32, "%s", (const char *)sqlite3_column_text(q, 0));
        snprintf(uid[n], 40, "%s", (const char *)sqlite3_column_text(q, 1));
        n++;
    }
    sqlite3_finalize(q);
    return n;
}

/* Takes one waiting record off the list and fetches it again, in one transaction: it is
 * applied, or (still refused) back on the list; on any failure the list is as it was. */
static int retry_one(struct pull *p, const char *tbl, const char *uid)
{
    const struct table *t = NULL;
    for (int i = 0; i < N_TABLES && !t; i++)
        if (strcmp(tables[i].name, tbl) == 0)
            t = &tables[i];
    /* read, and what it names, before the kiosk's database is locked: a slow server never
     * holds up a set's commit (a table this build no longer pulls: nothing to wait for) */
    PGresult *r = NULL;
    int rc = 0;
    if (t && (!(r = fetch_row(p, t, uid, "fetching a record that waited")) ||
              prefetch_rows(p, t, r) != 0))
        rc = -1;
    if (rc == 0)
        rc = begin_pulling(p);
    if (rc == 0) {
        const char *v[] = {tbl, uid};
        rc = exec_text(p, "DELETE FROM pull_waiting WHERE tbl = ? AND uid = ?", 2, v);
        if (rc == 0 && r)
            rc = apply_all(p, t, r);
        if (rc == 0)
            rc = exec_text(p, "UPDATE sync_state SET pulling = 0 WHERE id = 1", 0, NULL);
        rc = end_pulling(p, rc);
    }
    PQclear(r);
    prefetched_free(p);
    return rc;
}

long sync_pull_waiting_depth(sqlite3 *db)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM pull_waiting", -1, &q, NULL) != SQLITE_OK)
        return -1;
    long n = sqlite3_step(q) == SQLITE_ROW ? (long)sqlite3_column_int64(q, 0) : -1;
    sqlite3_finalize(q);
    return n;
}

/* The records waiting, or -1 with p->err set. */
static int waiting_count(struct pull *p)
{
    long n = sync_pull_waiting_depth(p->db);
    return n < 0 ? sql_fail(p, "counting the records waiting") : (int)n;
}

/* Each waiting record is tried once, oldest first (a member before the records naming
 * it); one still refused goes back at the end of the list. */
int sync_pull_waiting(sqlite3 *db, PGconn *pg, const char *rack, int day_start_min,
                      char err[SYNC_ERR_MAX])
{
    struct pull p = {.db = db, .pg = pg, .rack = rack, .day_start_min = day_start_min, .err = err};
    char tbl[WAITING_MAX][32], uid[WAITING_MAX][40];
    int total = waiting_count(&p);
    for (int done = 0, n; total > 0 && done < total; done += n) {
        n = waiting_read(&p, tbl, uid, total - done < WAITING_MAX ? total - done : WAITING_MAX);
        if (n <= 0)
            return n < 0 ? -1 : 0;
        for (int i = 0; i < n; i++)
            if (retry_one(&p, tbl[i], uid[i]) != 0)
                return -1;
    }
    return total < 0 ? -1 : waiting_count(&p);
}

/* The records of table k the cursor c has not passed, as SQL over $1 (lo), $2 (hi), $3 (seq),
 * $4 (the rack): a window's tables before c's done, and c's own up to its seq. */
static void lag_clause(char *out, size_t n, const struct cursor *c, int k)
{
    const char *done = k < c->table ? "false" : k == c->table ? "seq > $3" : "true";
    if (c->hi == 0) /* no window open: everything from lo on */
        snprintf(out, n,
                 "SELECT created_us FROM %s WHERE rack <> $4 AND txid >= $1::text::xid8 AND "
                 "$2::text IS NOT NULL AND $3::bigint IS NOT NULL",
                 tables[k].name);
    else
        snprintf(out, n,
                 "SELECT created_us FROM %s WHERE rack <> $4 AND $3::bigint IS NOT NULL AND "
                 "(txid >= $2::text::xid8 OR (txid >= $1::text::xid8 AND %s))",
                 tables[k].name, done);
}

int sync_pull_lag(sqlite3 *db, PGconn *pg, const char *rack, long *records, int64_t *oldest_us,
                  char err[SYNC_ERR_MAX])
{
    struct pull p = {.db = db, .pg = pg, .rack = rack, .err = err};
    struct cursor c = {0};
    if (cursor_read(&p, &c) != 0)
        return -1;
    char sql[8192] = "SELECT count(*), coalesce(min(created_us), 0) FROM (", part[512];
    for (int k = 0, first = 1; k < N_TABLES; k++) {
        if (tables[k].own_only)
            continue;
        lag_clause(part, sizeof part, &c, k);
        strncat(sql, first ? "" : " UNION ALL ", sizeof sql - strlen(sql) - 1);
        strncat(sql, part, sizeof sql - strlen(sql) - 1);
        first = 0;
    }
    strncat(sql, ") lag", sizeof sql - strlen(sql) - 1);
    char lo[24], hi[24], seq[24];
    snprintf(lo, sizeof lo, "%" PRId64, c.lo);
    snprintf(hi, sizeof hi, "%" PRId64, c.hi);
    snprintf(seq, sizeof seq, "%" PRId64, c.seq);
    const char *params[] = {lo, hi, seq, rack};
    PGresult *r = PQexecParams(pg, sql, 4, NULL, params, NULL, NULL, 0);
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    if (ok) {
        *records = strtol(PQgetvalue(r, 0, 0), NULL, 10);
        *oldest_us = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
    } else {
        pg_fail(&p, "measuring the pull's lag");
    }
    PQclear(r);
    return ok ? 0 : -1;
}
