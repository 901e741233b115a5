/*
 * rackside-ctl server init|migrate|add-rack|status. The schema's steps are in
 * server_schema.c; they are applied in one transaction under an advisory lock, so two
 * operators migrating at once, or a step that fails halfway, leave the schema at a
 * version it had.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "../config.h"
#include "../store/plate_conf.h"
#include "../store/records.h"
#include "../store/store_db.h"
#include "../sync/pull.h"
#include "../sync/push.h"
#include "../sync/sync.h"
#include "ctl_parse.h"
#include "server_cmds.h"
#include "../sync/server_conn.h"
#include "server_schema.h"

#define EXIT_FAIL    1
#define MIGRATE_LOCK "7291548" /* pg_advisory_xact_lock key for the schema's migrations */

static int failure(const char *what)
{
    fprintf(stderr, "rackside-ctl: %s\n", what);
    return EXIT_FAIL;
}

/* Runs sql; false with err set to one line naming what was being done. */
static bool exec_ok(PGconn *c, const char *sql, const char *doing, char err[SERVER_ERR_MAX])
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType s = PQresultStatus(r);
    bool ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
    if (!ok) {
        char line[SERVER_ERR_MAX];
        server_one_line(PQerrorMessage(c), line);
        snprintf(err, SERVER_ERR_MAX, "%s: %.400s", doing, line);
    }
    PQclear(r);
    return ok;
}

/* The first column of the first row as a number; -1 on failure (err set). */
static long query_long(PGconn *c, const char *sql, char err[SERVER_ERR_MAX])
{
    PGresult *r = PQexec(c, sql);
    long v = -1;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
        v = strtol(PQgetvalue(r, 0, 0), NULL, 10);
    else
        server_one_line(PQerrorMessage(c), err);
    PQclear(r);
    return v;
}

/* Applies the steps the server lacks. fresh: a database without the schema is made one
 * (init); otherwise it is an error (migrate points at init). */
static int migrate(PGconn *c, bool fresh)
{
    char err[SERVER_ERR_MAX];
    int n;
    const struct server_migration *steps = server_migrations(&n);
    if (!exec_ok(c, "BEGIN; SELECT pg_advisory_xact_lock(" MIGRATE_LOCK ")", "locking the schema",
                 err))
        return failure(err);
    /* init makes the kiosks' group role under the same lock: two inits at once, one role */
    if (fresh && !exec_ok(c, server_group_role_sql, "creating the role " SERVER_KIOSK_GROUP, err))
        goto fail;
    long have = query_long(c, "SELECT (to_regclass('schema_version') IS NOT NULL)::int", err);
    if (have < 0)
        goto fail;
    if (!have && !fresh) {
        PQclear(PQexec(c, "ROLLBACK"));
        return failure("the gym's database has no rackside schema yet: run rackside-ctl server "
                       "init first, as the database's owner");
    }
    if (!have && !exec_ok(c,
                          "CREATE TABLE schema_version ("
                          "  version integer PRIMARY KEY,"
                          "  description text NOT NULL,"
                          "  applied_at timestamptz NOT NULL DEFAULT now())",
                          "creating schema_version", err))
        goto fail;
    long cur = query_long(c, "SELECT coalesce(max(version), 0) FROM schema_version", err);
    if (cur < 0)
        goto fail;
    if (cur > n) {
        snprintf(err, sizeof err,
                 "the gym's schema is at version %ld, newer than this rackside-ctl knows (%d): "
                 "upgrade rackside here first",
                 cur, n);
        goto fail;
    }
    for (long v = cur + 1; v <= n; v++) {
        char doing[64];
        snprintf(doing, sizeof doing, "schema step %ld", v);
        if (!exec_ok(c, steps[v - 1].sql, doing, err))
            goto fail;
        char version[24];
        snprintf(version, sizeof version, "%ld", v);
        const char *params[] = {version, steps[v - 1].what};
        PGresult *r = PQexecParams(c,
                                   "INSERT INTO schema_version (version, description) "
                                   "VALUES ($1, $2)",
                                   2, NULL, params, NULL, NULL, 0);
        bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (!ok) {
            server_one_line(PQerrorMessage(c), err);
            goto fail;
        }
    }
    if (!exec_ok(c, "COMMIT", "committing the schema", err))
        return failure(err);
    if (cur == n)
        printf("gym schema is up to date (version %d)\n", n);
    else
        printf("gym schema migrated from version %ld to %d\n", cur, n);
    return 0;
fail:
    PQclear(PQexec(c, "ROLLBACK"));
    return failure(err);
}

static int cmd_init(PGconn *c)
{
    return migrate(c, true);
}

static int cmd_add_rack(PGconn *c, const char *rack, const char *role)
{
    char err[SERVER_ERR_MAX];
    char *ident = PQescapeIdentifier(c, role, strlen(role));
    if (!ident)
        return failure("out of memory");
    const char *params[] = {role, rack};
    PGresult *r = PQexecParams(c, "SELECT count(*) FROM pg_roles WHERE rolname = $1", 1, NULL,
                               params, NULL, NULL, 0);
    bool exists = PQresultStatus(r) == PGRES_TUPLES_OK && strcmp(PQgetvalue(r, 0, 0), "1") == 0;
    PQclear(r);
    char sql[512];
    /* a new role gets no password here: a password on a command line is seen by ps */
    snprintf(sql, sizeof sql,
             exists ? "BEGIN; GRANT " SERVER_KIOSK_GROUP " TO %s"
                    : "BEGIN; CREATE ROLE %s LOGIN IN ROLE " SERVER_KIOSK_GROUP,
             ident);
    PQfreemem(ident);
    if (!exec_ok(c, sql, "giving the role kiosk rights", err))
        goto fail;
    r = PQexecParams(c,
                     "INSERT INTO racks (name, role) VALUES ($2, $1) "
                     "ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role",
                     2, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        char line[SERVER_ERR_MAX];
        server_one_line(PQerrorMessage(c), line);
        snprintf(err, sizeof err, "registering the rack: %.440s", line);
        PQclear(r);
        goto fail;
    }
    PQclear(r);
    if (!exec_ok(c, "COMMIT", "committing", err))
        return failure(err);
    printf("rack \"%s\" inserts its records as role %s%s\n", rack, role,
           exists ? "" : " (new: set its password with psql's \\password)");
    return 0;
fail:
    PQclear(PQexec(c, "ROLLBACK"));
    return failure(err);
}

/* One value from a query with one text parameter, or "" (err set) on failure. */
static bool query_text(PGconn *c, const char *sql, const char *param, char *out, size_t n)
{
    const char *params[] = {param};
    PGresult *r = PQexecParams(c, sql, param ? 1 : 0, NULL, params, NULL, NULL, 0);
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    snprintf(out, n, "%s", ok && !PQgetisnull(r, 0, 0) ? PQgetvalue(r, 0, 0) : "");
    PQclear(r);
    return ok;
}

/* "N s ago" (or "never") for a wall time in µs, 0 never. */
static void print_ago(const char *what, int64_t wall_us)
{
    if (wall_us > 0)
        printf("%s: %lld s ago\n", what, (long long)((store_wall_now_us() - wall_us) / 1000000));
    else
        printf("%s: never\n", what);
}

#define SET_ASIDE_SHOWN 5 /* the first few records set aside, each with the server's error */

/* "label: n what", then the first few rows of sql (LIMIT ?), each printed by row. */
static void print_first(sqlite3 *db, long n, const char *label, const char *what, const char *sql,
                        void (*row)(sqlite3_stmt *q))
{
    if (n <= 0)
        return;
    printf("%s: %ld %s\n", label, n, what);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_int(q, 1, SET_ASIDE_SHOWN);
    while (sqlite3_step(q) == SQLITE_ROW)
        row(q);
    sqlite3_finalize(q);
}

static void set_aside_row(sqlite3_stmt *q)
{
    printf("  %s #%lld after %d tries: %s\n", (const char *)sqlite3_column_text(q, 1),
           (long long)sqlite3_column_int64(q, 0), sqlite3_column_int(q, 2),
           (const char *)sqlite3_column_text(q, 3));
}

static void waiting_row(sqlite3_stmt *q)
{
    printf("  %s %s: %s\n", (const char *)sqlite3_column_text(q, 0),
           (const char *)sqlite3_column_text(q, 1), (const char *)sqlite3_column_text(q, 2));
}

/* The records the server refused and that wait for a fix (push.h); the other racks'
 * records this rack's database refused, waiting for an upgrade (pull.h). */
static void print_refused(sqlite3 *db)
{
    print_first(db, sync_set_aside(db), "set aside",
                "records the server refused (fix the cause, then rackside-ctl server retry)",
                "SELECT seq, kind, tries, coalesce(last_err, '') FROM sync_outbox "
                "WHERE set_aside ORDER BY seq LIMIT ?",
                set_aside_row);
    print_first(db, sync_pull_waiting_depth(db), "waiting here",
                "records from other racks this rack's database refuses (an upgrade of rackside "
                "here takes them)",
                "SELECT tbl, uid, reason FROM pull_waiting ORDER BY rowid LIMIT ?", waiting_row);
}

/* What the rack's database says of its sync: the outbox, the last contact, push and pull
 * (the kiosk writes them down at most every SYNC_HEARD_SAVE_US). */
static void print_local(sqlite3 *db)
{
    printf("outbox: %ld records waiting\n", sync_outbox_depth(db));
    print_refused(db);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "SELECT coalesce(heard_us, 0), coalesce(pushed_us, 0), "
                           "coalesce(pulled_us, 0) FROM sync_state WHERE id = 1",
                           -1, &q, NULL) != SQLITE_OK)
        return;
    if (sqlite3_step(q) == SQLITE_ROW) {
        print_ago("last sync", sqlite3_column_int64(q, 0));
        print_ago("last push of records", sqlite3_column_int64(q, 1));
        print_ago("last pull of records", sqlite3_column_int64(q, 2));
    }
    sqlite3_finalize(q);
}

/* The other racks' records this rack has not pulled yet. */
static void print_lag(sqlite3 *db, PGconn *c, const char *rack)
{
    char err[SYNC_ERR_MAX];
    long n;
    int64_t oldest_us;
    if (sync_pull_lag(db, c, rack, &n, &oldest_us, err) != 0)
        printf("pull lag: unknown (%s)\n", err);
    else if (n == 0)
        printf("pull lag: none, caught up with the other racks\n");
    else
        printf("pull lag: %ld records of other racks not pulled yet, the oldest made %lld s ago\n",
               n, (long long)((store_wall_now_us() - oldest_us) / 1000000));
}

/* Healthy (0): reachable, the schema this build knows, this rack registered. */
static int cmd_status(PGconn *c, const struct config *cfg, const char *db_path)
{
    char err[SERVER_ERR_MAX], text[256];
    int n;
    server_migrations(&n);
    query_text(c, "SELECT current_setting('server_version')", NULL, text, sizeof text);
    printf("server: PostgreSQL %s, database %s as %s%s\n", text, PQdb(c), PQuser(c),
           PQsslInUse(c) ? ", TLS" : ", no TLS");
    long have = query_long(c, "SELECT (to_regclass('schema_version') IS NOT NULL)::int", err);
    if (have < 0)
        return failure(err);
    if (!have) {
        printf("schema: none (run rackside-ctl server init)\n");
        return EXIT_FAIL;
    }
    long cur = query_long(c, "SELECT coalesce(max(version), 0) FROM schema_version", err);
    if (cur < 0)
        return failure(err);
    printf("schema: version %ld (this rackside knows %d)%s\n", cur, n,
           cur < n ? ": run rackside-ctl server migrate" : "");
    bool registered = query_text(c, "SELECT coalesce(role, '') FROM racks WHERE name = $1",
                                 cfg->server_rack, text, sizeof text);
    if (registered)
        printf("rack: \"%s\", role %s\n", cfg->server_rack, text[0] ? text : "(none)");
    else
        printf("rack: \"%s\" is not registered (run rackside-ctl server add-rack)\n",
               cfg->server_rack);
    long racks = query_long(c, "SELECT count(*) FROM racks", err);
    long sets = query_long(c, "SELECT count(*) FROM sets", err);
    long flags = query_long(c, "SELECT count(*) FROM flags", err);
    printf("gym: %ld racks, %ld sets, %ld flags\n", racks, sets, flags);
    sqlite3 *db = NULL;
    if (db_path && access(db_path, R_OK) == 0 &&
        sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        print_local(db);
        print_lag(db, c, cfg->server_rack);
    }
    sqlite3_close(db);
    return cur == n && registered ? 0 : EXIT_FAIL;
}

/* Loads [server] from config_path and connects; NULL after saying why. */
static PGconn *connect_configured(const char *config_path, struct config *cfg)
{
    config_default(cfg);
    char err[SERVER_ERR_MAX > CONFIG_ERR_MAX ? SERVER_ERR_MAX : CONFIG_ERR_MAX];
    if (config_load(config_path, cfg, err) != 0) {
        failure(err);
        return NULL;
    }
    if (!config_server_enabled(cfg)) {
        snprintf(err, sizeof err,
                 "no gym server in %.300s: set connection and rack in its [server] section",
                 config_path);
        failure(err);
        return NULL;
    }
    PGconn *c = server_connect(cfg->server_connection, err);
    if (!c)
        failure(err);
    return c;
}

int server_cmd(const char *config_path, const char *db_path, int argc, char **argv)
{
    if (argc < 1)
        return ctl_usage_error("server needs init, migrate, add-rack, status, push or sync");
    const char *sub = argv[0];
    bool add_rack = strcmp(sub, "add-rack") == 0;
    if (strcmp(sub, "init") != 0 && strcmp(sub, "migrate") != 0 && strcmp(sub, "status") != 0 &&
        !add_rack)
        return ctl_usage_error("unknown server command \"%s\"", sub);
    if (add_rack && argc != 3)
        return ctl_usage_error("server add-rack needs NAME and ROLE");
    if (!add_rack && argc != 1)
        return ctl_usage_error("server %s takes no arguments", sub);
    struct config cfg;
    PGconn *c = connect_configured(config_path, &cfg);
    if (!c)
        return EXIT_FAIL;
    int rc;
    if (strcmp(sub, "init") == 0)
        rc = cmd_init(c);
    else if (strcmp(sub, "migrate") == 0)
        rc = migrate(c, false);
    else if (add_rack)
        rc = cmd_add_rack(c, argv[1], argv[2]);
    else
        rc = cmd_status(c, &cfg, db_path);
    PQfinish(c);
    return rc;
}

#define PUSH_BATCH 500 /* records a server transaction: small enough to retry cheaply */

/* server push (the outbox) and server sync (the outbox, then the other racks' records). */
/* server retry: the records set aside go back in the queue, for the next sync. */
static int retry_cmd(struct store *st)
{
    pthread_mutex_lock(&st->wlock);
    long n = sync_retry_set_aside(st->wdb);
    pthread_mutex_unlock(&st->wlock);
    if (n < 0)
        return failure("cannot queue the records set aside again: the database refused");
    printf("%ld records set aside are queued again; the next sync sends them\n", n);
    return 0;
}

/* A calibration of this rack's the sync got back from the server (a restored backup, a new
 * SD card), newer than any saved here: into [plate] of the settings file. */
static void put_pulled_calibration(struct store *st, const char *config_path)
{
    struct load_calibration cal;
    char uid[40], err[STORE_ERR_MAX];
    int got = store_take_pulled_calibration(st, &cal, uid, err);
    if (got < 0)
        fprintf(stderr, "rackside-ctl: %s\n", err);
    if (got <= 0)
        return;
    if (plate_conf_save(config_path, &cal) != 0) {
        fprintf(stderr,
                "rackside-ctl: cannot write %s: put the calibration %s from the gym's server in "
                "its [plate] section: offset_left = %d, offset_right = %d, g_per_count_left = "
                "%.9g, g_per_count_right = %.9g\n",
                config_path, uid, cal.offset[PLATE_LEFT], cal.offset[PLATE_RIGHT],
                cal.g_per_count[PLATE_LEFT], cal.g_per_count[PLATE_RIGHT]);
        return;
    }
    printf("calibration %s from the gym server saved in [plate] of %s; restart the kiosk to use "
           "it\n",
           uid, config_path);
}

int server_push_cmd(struct store *st, const char *config_path, int argc, char **argv)
{
    bool sync = strcmp(argv[0], "sync") == 0;
    if (argc != 1)
        return ctl_usage_error("server %s takes no arguments, not \"%s\"", argv[0], argv[1]);
    if (strcmp(argv[0], "retry") == 0)
        return retry_cmd(st);
    struct config cfg;
    PGconn *c = connect_configured(config_path, &cfg);
    if (!c)
        return EXIT_FAIL;
    char err[SYNC_ERR_MAX];
    long total = 0, pulled = 0;
    int n = 0;
    pthread_mutex_lock(&st->wlock);
    if (sync) {
        n = sync_round(st->wdb, c, cfg.server_rack, cfg.rules.day_start_min, &total, &pulled, err);
    } else {
        while ((n = sync_push(st->wdb, c, cfg.server_rack, PUSH_BATCH, err)) > 0)
            total += n;
    }
    long left = sync_outbox_depth(st->wdb);
    pthread_mutex_unlock(&st->wlock);
    PQfinish(c);
    if (n < 0) {
        fprintf(stderr, "rackside-ctl: pushed %ld records%s, then: %s\n", total,
                sync ? (pulled ? " and pulled some" : "") : "", err);
        return EXIT_FAIL;
    }
    if (sync) {
        printf("pushed %ld records to the gym server as \"%s\", pulled %ld; %ld waiting\n", total,
               cfg.server_rack, pulled, left);
        put_pulled_calibration(st, config_path);
    } else
        printf("pushed %ld records to the gym server as \"%s\"; %ld waiting\n", total,
               cfg.server_rack, left);
    return 0;
}

/* "2026-12-01 20:10, 3 min ago" (local time), or "never", for a wall time in µs, 0 never. */
static void last_sync_text(int64_t wall_us, char *out, size_t n)
{
    time_t t = (time_t)(wall_us / 1000000);
    struct tm tm;
    char at[32];
    if (wall_us <= 0 || !localtime_r(&t, &tm) || !strftime(at, sizeof at, "%Y-%m-%d %H:%M", &tm)) {
        snprintf(out, n, "%s", wall_us == 0 ? "never" : "unknown");
        return;
    }
    int64_t ago_min = (store_wall_now_us() - wall_us) / (60 * (int64_t)1000000);
    snprintf(out, n, "%s, %lld min ago", at, (long long)(ago_min < 0 ? 0 : ago_min));
}

int server_gym_sync(struct store *st, const char *config_path, bool wrote)
{
    struct config cfg;
    config_default(&cfg);
    char err[SYNC_ERR_MAX > CONFIG_ERR_MAX ? SYNC_ERR_MAX : CONFIG_ERR_MAX];
    /* a settings file that does not load is the command's own business (keypad_digits) */
    if (config_load(config_path, &cfg, err) != 0 || !config_server_enabled(&cfg))
        return 0;
    long pushed = 0, pulled = 0;
    int rc = -1;
    PGconn *c = server_connect(cfg.server_connection, err);
    if (c) {
        pthread_mutex_lock(&st->wlock);
        rc =
            sync_round(st->wdb, c, cfg.server_rack, cfg.rules.day_start_min, &pushed, &pulled, err);
        pthread_mutex_unlock(&st->wlock);
        PQfinish(c);
    }
    if (rc != 0 && wrote) {
        fprintf(stderr,
                "rackside-ctl: gym server: %s (the change is kept here and goes at the "
                "next sync)\n",
                err);
        return 1;
    }
    if (rc != 0) {
        char when[64];
        last_sync_text(sync_heard(st->wdb), when, sizeof when);
        fprintf(stderr,
                "rackside-ctl: gym server: %s (what follows is this rack's, as of its last "
                "sync: %s)\n",
                err, when);
        return 1;
    }
    if (wrote && pushed > 0)
        fprintf(stderr, "rackside-ctl: sent to the gym server as \"%s\"\n", cfg.server_rack);
    return 0;
}
