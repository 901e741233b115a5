/*
 * The operator's records: range exports, backup and restore with SQLite's backup API,
 * vacuum, and the purge of old health answers (records.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "records.h"
#include "store_db.h"

static const char *const db_suffixes[] = {"", "-wal", "-shm"};

int store_restrict_files(const char *db_path, char err[STORE_ERR_MAX])
{
    for (size_t i = 0; i < sizeof db_suffixes / sizeof db_suffixes[0]; i++) {
        char path[PATH_MAX + 8];
        snprintf(path, sizeof path, "%s%s", db_path, db_suffixes[i]);
        /* missing WAL files are fine; a file someone else owns keeps the owner's mode */
        if (chmod(path, STORE_FILE_MODE) != 0 && errno != ENOENT && errno != EPERM) {
            store_errf(err, "cannot make %s private (mode 0600): %s", path, strerror(errno));
            return -1;
        }
    }
    return 0;
}

static void col_copy(sqlite3_stmt *q, int col, char *out, size_t n)
{
    const unsigned char *t = sqlite3_column_text(q, col);
    snprintf(out, n, "%s", t ? (const char *)t : "");
}

int store_each_row(struct store *st, const char *sql, const int64_t *args, int n_args,
                   void (*row)(sqlite3_stmt *q, void *ctx), void *ctx)
{
    pthread_mutex_lock(&st->rlock);
    sqlite3_stmt *q;
    int n = -1;
    if (sqlite3_prepare_v2(st->rdb, sql, -1, &q, NULL) == SQLITE_OK) {
        for (int i = 0; i < n_args; i++)
            sqlite3_bind_int64(q, i + 1, args[i]);
        int rc;
        n = 0;
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            row(q, ctx);
            n++;
        }
        sqlite3_finalize(q);
        if (rc != SQLITE_DONE)
            n = -1;
    }
    pthread_mutex_unlock(&st->rlock);
    return n;
}

/* Gym days from_day..to_day as wall times: from the first's start to the last's end. */
static void range_bounds(const struct store *st, int64_t from_day, int64_t to_day, int64_t *from_us,
                         int64_t *to_us)
{
    store_gym_day_bounds(from_day, st->day_start_min, from_us, NULL);
    store_gym_day_bounds(to_day, st->day_start_min, NULL, to_us);
}

struct checkin_each {
    void (*fn)(void *ctx, const struct checkin_row *row);
    void *ctx;
};

static void checkin_row(sqlite3_stmt *q, void *ctx)
{
    const struct checkin_each *e = ctx;
    struct checkin_row r = {0};
    r.key = sqlite3_column_int64(q, 0);
    r.started_wall_us = sqlite3_column_int64(q, 1);
    r.ended_wall_us = sqlite3_column_int64(q, 2);
    col_copy(q, 3, r.member, sizeof r.member);
    r.pain = sqlite3_column_int(q, 4);
    r.red_flags = (unsigned)sqlite3_column_int(q, 5);
    r.body_g = sqlite3_column_int(q, 6);
    e->fn(e->ctx, &r);
}

int store_checkins_each(struct store *st, int64_t from_day, int64_t to_day,
                        void (*fn)(void *ctx, const struct checkin_row *row), void *ctx)
{
    int64_t b[2];
    range_bounds(st, from_day, to_day, &b[0], &b[1]);
    struct checkin_each e = {fn, ctx};
    return store_each_row(st,
                          "SELECT s.key, s.started_us, COALESCE(s.ended_us, 0), m.name, s.pain, "
                          "s.red_flags, COALESCE(s.body_g, 0) FROM sessions s "
                          "JOIN members m ON m.id = s.member_id "
                          "WHERE s.started_us >= ?1 AND s.started_us < ?2 "
                          "ORDER BY s.started_us, s.key",
                          b, 2, checkin_row, &e);
}

struct screening_each {
    void (*fn)(void *ctx, const struct screening_row *row);
    void *ctx;
};

static void screening_row(sqlite3_stmt *q, void *ctx)
{
    const struct screening_each *e = ctx;
    struct screening_row r = {0};
    r.t_wall_us = sqlite3_column_int64(q, 0);
    col_copy(q, 1, r.member, sizeof r.member);
    r.yes_mask = (uint32_t)sqlite3_column_int64(q, 2);
    r.cleared_wall_us = sqlite3_column_int64(q, 3);
    col_copy(q, 4, r.cleared_by, sizeof r.cleared_by);
    col_copy(q, 5, r.reason, sizeof r.reason);
    e->fn(e->ctx, &r);
}

int store_screenings_each(struct store *st, int64_t from_day, int64_t to_day,
                          void (*fn)(void *ctx, const struct screening_row *row), void *ctx)
{
    const int64_t days[2] = {from_day, to_day};
    struct screening_each e = {fn, ctx};
    return store_each_row(st,
                          "SELECT s.t_us, m.name, s.answers, COALESCE(s.cleared_us, 0), "
                          "COALESCE(t.name, ''), COALESCE(s.cleared_reason, '') "
                          "FROM screenings s JOIN members m ON m.id = s.member_id "
                          "LEFT JOIN members t ON t.id = s.cleared_by "
                          "WHERE s.day >= ?1 AND s.day <= ?2 ORDER BY s.t_us, s.id",
                          days, 2, screening_row, &e);
}

struct set_each {
    void (*fn)(void *ctx, const struct set_row *row);
    void *ctx;
};

static void set_row_out(sqlite3_stmt *q, void *ctx)
{
    const struct set_each *e = ctx;
    struct set_row row = {0};
    row.key = sqlite3_column_int64(q, 0);
    row.started_wall_us = sqlite3_column_int64(q, 1);
    col_copy(q, 2, row.member, sizeof row.member);
    col_copy(q, 3, row.exercise, sizeof row.exercise);
    row.load_g = sqlite3_column_int(q, 4);
    row.declared = sqlite3_column_int(q, 5) != 0;
    row.target_reps = sqlite3_column_int(q, 6);
    row.reps_done = sqlite3_column_int(q, 7);
    row.clean = sqlite3_column_int(q, 8) != 0;
    row.stopped = sqlite3_column_int(q, 9) != 0;
    row.n_samples = sqlite3_column_int(q, 10);
    row.span_us = sqlite3_column_int64(q, 11);
    row.truncated = sqlite3_column_int(q, 12) != 0;
    col_copy(q, 13, row.uid, sizeof row.uid);
    col_copy(q, 14, row.rack, sizeof row.rack);
    col_copy(q, 15, row.bar_unit, sizeof row.bar_unit);
    e->fn(e->ctx, &row);
}

/* A set as the operator lists it; the WHERE clause follows. */
#define SET_ROW_SQL                                                                                \
    "SELECT s.key, s.started_us, m.name, e.name, s.load_g, s.declared, "                           \
    "s.target_reps, s.reps_done, s.clean, s.stopped, "                                             \
    "coalesce(r.n_samples, 0), coalesce(r.span_us, 0), "                                           \
    "coalesce(r.truncated, 0), coalesce(s.uid, ''), coalesce(s.rack, ''), "                        \
    "coalesce(r.bar_unit, '') FROM sets s "                                                        \
    "JOIN members m ON m.id = s.member_id "                                                        \
    "JOIN exercises e ON e.id = s.exercise_id "                                                    \
    "LEFT JOIN imu_records r ON r.set_key = s.key "

static void set_found(void *ctx, const struct set_row *row)
{
    *(struct set_row *)ctx = *row;
}

int store_find_set(struct store *st, const char *id, struct set_row *out, char err[STORE_ERR_MAX])
{
    char *end;
    errno = 0;
    long long key = strtoll(id, &end, 10);
    bool by_key = !errno && end != id && !*end && key != 0;
    memset(out, 0, sizeof *out);
    struct set_each e = {set_found, out};
    pthread_mutex_lock(&st->rlock);
    sqlite3_stmt *q;
    int n = -1;
    if (sqlite3_prepare_v2(st->rdb,
                           by_key ? SET_ROW_SQL "WHERE s.key = ?1"
                                  : SET_ROW_SQL "WHERE s.uid = lower(?1)",
                           -1, &q, NULL) == SQLITE_OK) {
        if (by_key)
            sqlite3_bind_int64(q, 1, key);
        else
            sqlite3_bind_text(q, 1, id, -1, SQLITE_TRANSIENT);
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW)
            set_row_out(q, &e);
        n = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(q);
    }
    if (n < 0)
        store_db_err(st->rdb, "cannot look up the set", err);
    else if (n == 0)
        store_errf(err, "no set %s (see rackside-ctl sets)", id);
    pthread_mutex_unlock(&st->rlock);
    return n;
}

int store_sets_between(struct store *st, int64_t member_id, int64_t from_us, int64_t to_us,
                       void (*fn)(void *ctx, const struct set_row *row), void *ctx)
{
    const int64_t args[3] = {from_us, to_us, member_id};
    struct set_each e = {fn, ctx};
    return store_each_row(st,
                          SET_ROW_SQL "WHERE (?3 = 0 OR s.member_id = ?3) AND s.started_us >= ?1 "
                                      "AND s.started_us < ?2 ORDER BY s.started_us, s.key",
                          args, 3, set_row_out, &e);
}

int store_member_sets_each(struct store *st, int64_t member_id, int64_t from_day, int64_t to_day,
                           void (*fn)(void *ctx, const struct set_row *row), void *ctx)
{
    int64_t from_us, to_us;
    range_bounds(st, from_day, to_day, &from_us, &to_us);
    return store_sets_between(st, member_id, from_us, to_us, fn, ctx);
}

int64_t store_badge_owner(struct store *st, const char *uid)
{
    pthread_mutex_lock(&st->rlock);
    sqlite3_stmt *q;
    int64_t id = -1;
    if (sqlite3_prepare_v2(st->rdb, "SELECT member_id FROM badges WHERE uid = ?1", -1, &q, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(q, 1, uid, -1, SQLITE_TRANSIENT);
        int rc = sqlite3_step(q);
        id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : rc == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(q);
    }
    pthread_mutex_unlock(&st->rlock);
    return id;
}

/* --- backup and restore --- */

/* Copies src's main database into dst's with the backup API, all pages in one step. */
static int copy_db(sqlite3 *dst, sqlite3 *src, const char *what, char err[STORE_ERR_MAX])
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) {
        store_db_err(dst, what, err);
        return -1;
    }
    int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        store_errf(err, "%s: %s", what, sqlite3_errstr(rc));
        return -1;
    }
    return 0;
}

/* A new private file (O_EXCL, 0600) filled from src; removed again when anything fails. */
static int backup_to(sqlite3 *src, const char *dest_path, char err[STORE_ERR_MAX])
{
    int fd = open(dest_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, STORE_FILE_MODE);
    if (fd < 0) {
        if (errno == EEXIST)
            store_errf(err, "cannot back up to %s: the file exists (choose a new name)", dest_path);
        else
            store_errf(err, "cannot back up to %s: %s", dest_path, strerror(errno));
        return -1;
    }
    close(fd);
    char what[PATH_MAX + 32];
    snprintf(what, sizeof what, "cannot back up to %s", dest_path);
    sqlite3 *dst = NULL;
    int rc = -1;
    if (sqlite3_open_v2(dest_path, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        store_db_err(dst, what, err);
    else
        rc = copy_db(dst, src, what, err);
    /* the copy is a plain file on its own: no WAL beside it */
    if (rc == 0 && sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
        store_db_err(dst, what, err), rc = -1;
    if (sqlite3_close(dst) != SQLITE_OK)
        rc = -1;
    if (rc != 0)
        unlink(dest_path);
    return rc;
}

int store_backup_online(struct store *st, const char *dest_path, char err[STORE_ERR_MAX])
{
    pthread_mutex_lock(&st->rlock);
    int rc = backup_to(st->rdb, dest_path, err);
    pthread_mutex_unlock(&st->rlock);
    return rc;
}

static int query_text(sqlite3 *db, const char *sql, char *out, size_t n)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        col_copy(q, 0, out, n);
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* A file fit to become the kiosk's database: a sound rackside database this version knows. */
static int check_restorable(sqlite3 *src, const char *path, char err[STORE_ERR_MAX])
{
    char text[STORE_ERR_MAX];
    if (query_text(src, "PRAGMA integrity_check", text, sizeof text) != 0) {
        store_errf(err, "refusing to restore %s: it cannot be read as a database (%s)", path,
                   sqlite3_errmsg(src));
        return -1;
    }
    if (strcmp(text, "ok") != 0) {
        store_errf(err, "refusing to restore %s: it fails SQLite's integrity check (%s)", path,
                   text);
        return -1;
    }
    if (query_text(src, "PRAGMA user_version", text, sizeof text) != 0)
        text[0] = '\0';
    int version = atoi(text);
    if (version > STORE_SCHEMA_VERSION) {
        store_errf(err,
                   "refusing to restore %s: its schema version %d is newer than this rackside "
                   "knows (%d); update rackside first",
                   path, version, STORE_SCHEMA_VERSION);
        return -1;
    }
    if (version < 1 || query_text(src, "SELECT count(*) FROM members", text, sizeof text) != 0) {
        store_errf(err, "refusing to restore %s: it is not a rackside database", path);
        return -1;
    }
    return 0;
}

/* db + ".replaced-20250301T180300": a name for what a restore replaces, never taken. */
static int replaced_name(const char *db_path, char *out, size_t n)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
    for (int i = 0; i < 100; i++) {
        int len = i == 0 ? snprintf(out, n, "%s%s%s", db_path, STORE_REPLACED_SUFFIX, stamp)
                         : snprintf(out, n, "%s%s%s-%d", db_path, STORE_REPLACED_SUFFIX, stamp, i);
        if (len < 0 || (size_t)len >= n)
            return -1;
        if (access(out, F_OK) != 0)
            return 0;
    }
    return -1;
}

int store_restore(struct store *st, const char *src_path, char *kept_path, size_t kept_n,
                  char err[STORE_ERR_MAX])
{
    sqlite3 *src = NULL;
    if (sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        store_errf(err, "cannot open %s: %s", src_path, src ? sqlite3_errmsg(src) : "no memory");
        sqlite3_close(src);
        return -1;
    }
    int rc = check_restorable(src, src_path, err);
    if (rc == 0 && replaced_name(st->path, kept_path, kept_n) != 0) {
        store_errf(err, "cannot name a copy of %s to keep: the path is too long", st->path);
        rc = -1;
    }
    pthread_mutex_lock(&st->wlock);
    if (rc == 0)
        rc = backup_to(st->wdb, kept_path, err);
    if (rc == 0) {
        char what[PATH_MAX + 32];
        snprintf(what, sizeof what, "cannot restore %s", src_path);
        /* the backup API writes the destination in one transaction: all or nothing */
        rc = copy_db(st->wdb, src, what, err);
        if (rc == 0)
            rc = store_migrate(st->wdb, st->path, err);
        /* what the rack made after the backup is on the gym server, if it has one: the
         * next pull brings the rack's own records back too (app/sync/pull.c) */
        if (rc == 0 && sqlite3_exec(st->wdb, "UPDATE sync_state SET pull_own_below = -1", NULL,
                                    NULL, NULL) != SQLITE_OK) {
            store_db_err(st->wdb, "cannot mark the restored database for the gym server", err);
            rc = -1;
        }
    }
    pthread_mutex_unlock(&st->wlock);
    sqlite3_close(src);
    return rc;
}

static int64_t file_bytes(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (int64_t)sb.st_size : -1;
}

int store_vacuum(struct store *st, int64_t *before_bytes, int64_t *after_bytes,
                 char err[STORE_ERR_MAX])
{
    pthread_mutex_lock(&st->wlock);
    sqlite3_exec(st->wdb, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    *before_bytes = file_bytes(st->path);
    int rc = sqlite3_exec(st->wdb, "VACUUM", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        store_db_err(st->wdb, "cannot vacuum the database", err);
    else
        sqlite3_exec(st->wdb, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    *after_bytes = file_bytes(st->path);
    pthread_mutex_unlock(&st->wlock);
    return rc == SQLITE_OK ? 0 : -1;
}

/* --- retention of health answers --- */

/* Runs one statement with the cut-off bound as ?1 (wall µs) and ?2 (gym day), ?3 ?4 kinds
 * (pain, red flag), ?5 the screening flag's kind and ?6 SCREENING_YES_REMOVED. */
static int purge_step(sqlite3 *db, const char *sql, int64_t before_us, int64_t before_day,
                      int *changed)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        return -1;
    for (int i = 1; i <= sqlite3_bind_parameter_count(q); i++) {
        const char *name = sqlite3_bind_parameter_name(q, i);
        if (!name)
            continue;
        if (strcmp(name, "?1") == 0)
            sqlite3_bind_int64(q, i, before_us);
        else if (strcmp(name, "?2") == 0)
            sqlite3_bind_int64(q, i, before_day);
        else if (strcmp(name, "?3") == 0)
            sqlite3_bind_text(q, i, flag_kind_id(FLAG_PAIN), -1, SQLITE_STATIC);
        else if (strcmp(name, "?4") == 0)
            sqlite3_bind_text(q, i, flag_kind_id(FLAG_RED_FLAG), -1, SQLITE_STATIC);
        else if (strcmp(name, "?5") == 0)
            sqlite3_bind_text(q, i, flag_kind_id(FLAG_SCREENING), -1, SQLITE_STATIC);
        else if (strcmp(name, "?6") == 0)
            sqlite3_bind_int64(q, i, SCREENING_YES_REMOVED);
    }
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (changed)
        *changed = sqlite3_changes(db);
    return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * What the purge leaves in the gym server's outbox: records still
 * waiting for the gym server lose the answers too (a check-in's pain and red flags), and
 * an acknowledgement of a purged flag is not sent at all (the server could not place it).
 */
static int purge_outbox(sqlite3 *db, int64_t before_us, int64_t before_day)
{
    int unused;
    return purge_step(db,
                      "DELETE FROM sync_outbox WHERE kind = 'ack' AND "
                      "json_extract(payload, '$[1]') IN (SELECT uid FROM flags "
                      "WHERE t_us < ?1 AND kind IN (?3, ?4))",
                      before_us, before_day, &unused) != 0 ||
                   purge_step(db,
                              "UPDATE sync_outbox SET payload = json_set(payload, '$[3]', -1, "
                              "'$[4]', 0) WHERE kind = 'checkin' AND "
                              "json_extract(payload, '$[2]') < ?2",
                              before_us, before_day, &unused) != 0
               ? -1
               : 0;
}

/*
 * The gym server's copy: the purge enters the outbox as a record of its own (its time
 * and cut-off), after every record it covers, and the server applies it to what it holds
 * (server schema step 3). Only when something went here: a daily retention with nothing
 * to remove sends nothing.
 */
static int purge_on_server(sqlite3 *db, int64_t before_us, int64_t before_day,
                           const struct health_purge *done)
{
    if (!done->checkins && !done->days && !done->flags && !done->reasons && !done->screenings)
        return 0;
    int unused;
    return purge_step(db,
                      "INSERT INTO sync_outbox (kind, uid, payload) VALUES ('purge', "
                      "(SELECT substr(u, 1, 8) || '-' || substr(u, 9, 4) || '-4' || "
                      "substr(u, 14, 3) || '-a' || substr(u, 18, 3) || '-' || substr(u, 21, 12) "
                      "FROM (SELECT lower(hex(randomblob(16))) AS u)), json_array(CAST("
                      "(julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER), ?1, ?2))",
                      before_us, before_day, &unused);
}

/*
 * The enrolment screens' part of the purge (records.h): the decision stays, the answers go.
 * A screen a later one of the member's replaces decides nothing (the store reads the last),
 * so it goes whole; the last one keeps its day, its yes and its clearance.
 */
static int purge_screenings(sqlite3 *db, int64_t before_us, int64_t before_day, int *changed)
{
    int replaced = 0, stripped = 0, unused;
    if (purge_step(db,
                   "DELETE FROM screenings WHERE t_us < ?1 AND EXISTS (SELECT 1 FROM "
                   "screenings n WHERE n.member_id = screenings.member_id AND (n.t_us > "
                   "screenings.t_us OR (n.t_us = screenings.t_us AND n.id > screenings.id)))",
                   before_us, before_day, &replaced) != 0 ||
        purge_step(db,
                   "UPDATE screenings SET answers = ?6 WHERE t_us < ?1 AND answers <> 0 "
                   "AND answers <> ?6",
                   before_us, before_day, &stripped) != 0 ||
        purge_step(db,
                   "UPDATE screenings SET cleared_reason = '' WHERE cleared_us < ?1 "
                   "AND cleared_reason <> ''",
                   before_us, before_day, &unused) != 0 ||
        purge_step(db,
                   "UPDATE flags SET detail = '' WHERE t_us < ?1 AND kind = ?5 AND detail <> ''",
                   before_us, before_day, &unused) != 0)
        return -1;
    *changed = replaced + stripped;
    return 0;
}

/*
 * Trainers' words that may speak of health: an action about a health flag the purge
 * deletes (whenever it was written) loses its note and its link to the flag; one about an
 * enrolment screen's flag (which stays, stripped) loses its note, as do that flag's
 * acknowledgements; a day's or a screen's clearance before the cut-off loses its reason.
 * The actions themselves stay.
 */
static int purge_reasons(sqlite3 *db, int64_t before_us, int64_t before_day, int *changed)
{
    int a = 0, s = 0, b = 0, unused;
    int rc = purge_step(db,
                        "UPDATE trainer_actions SET note = '', flag_id = NULL WHERE flag_id IN "
                        "(SELECT id FROM flags WHERE t_us < ?1 AND kind IN (?3, ?4))",
                        before_us, before_day, &a);
    if (rc == 0)
        rc = purge_step(db,
                        "UPDATE trainer_actions SET note = '' WHERE note <> '' AND flag_id IN "
                        "(SELECT id FROM flags WHERE t_us < ?1 AND kind = ?5)",
                        before_us, before_day, &s);
    if (rc == 0)
        rc = purge_step(db,
                        "UPDATE acknowledgements SET note = '' WHERE note <> '' AND flag_id IN "
                        "(SELECT id FROM flags WHERE t_us < ?1 AND kind = ?5)",
                        before_us, before_day, &unused);
    if (rc == 0)
        rc = purge_step(db,
                        "UPDATE trainer_actions SET note = '' WHERE t_us < ?1 AND kind IN "
                        "('clear_day', 'clear_screen') AND note <> ''",
                        before_us, before_day, &b);
    if (rc == 0) /* the same clearances as the actions' above, as the day kept them */
        rc = purge_step(db,
                        "UPDATE day_checkins SET cleared_reason = '' WHERE day < ?2 AND "
                        "cleared_reason IS NOT NULL AND cleared_reason <> ''",
                        before_us, before_day, &unused);
    *changed = a + s + b;
    return rc;
}

int store_purge_health(struct store *st, int64_t before_wall_us, struct health_purge *out,
                       char err[STORE_ERR_MAX])
{
    *out = (struct health_purge){0};
    /* a day is purged only when the whole of it lies before the cut-off */
    int64_t before_day = store_gym_day(before_wall_us, st->day_start_min);
    pthread_mutex_lock(&st->wlock);
    sqlite3_exec(st->wdb, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
    int rc = store_begin(st->wdb, "cannot remove old health answers", err);
    if (rc == 0) {
        int unused;
        if (purge_step(st->wdb,
                       "UPDATE sessions SET pain = -1, red_flags = 0 WHERE started_us < ?1 "
                       "AND (pain <> -1 OR red_flags <> 0)",
                       before_wall_us, before_day, &out->checkins) != 0 ||
            purge_step(st->wdb,
                       "UPDATE day_checkins SET pain_max = -1, red_flags = 0 WHERE day < ?2 "
                       "AND (pain_max <> -1 OR red_flags <> 0)",
                       before_wall_us, before_day, &out->days) != 0 ||
            purge_step(st->wdb,
                       "DELETE FROM acknowledgements WHERE flag_id IN (SELECT id FROM flags "
                       "WHERE t_us < ?1 AND kind IN (?3, ?4))",
                       before_wall_us, before_day, &unused) != 0 ||
            purge_reasons(st->wdb, before_wall_us, before_day, &out->reasons) != 0 ||
            purge_outbox(st->wdb, before_wall_us, before_day) != 0 ||
            purge_step(st->wdb, "DELETE FROM flags WHERE t_us < ?1 AND kind IN (?3, ?4)",
                       before_wall_us, before_day, &out->flags) != 0 ||
            purge_screenings(st->wdb, before_wall_us, before_day, &out->screenings) != 0 ||
            purge_on_server(st->wdb, before_wall_us, before_day, out) != 0) {
            store_db_err(st->wdb, "cannot remove old health answers", err);
            store_rollback(st->wdb);
            rc = -1;
        } else {
            rc = store_commit(st->wdb, "cannot remove old health answers", err);
        }
    }
    /* the WAL holds the old pages until a checkpoint: fold it in so they are gone too */
    if (rc == 0)
        sqlite3_exec(st->wdb, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    sqlite3_exec(st->wdb, "PRAGMA secure_delete = OFF", NULL, NULL, NULL);
    pthread_mutex_unlock(&st->wlock);
    return rc;
}

#define US_PER_DAY (24 * 3600 * 1000000LL)

int store_apply_retention(struct store *st, int days, int64_t now_wall_us)
{
    struct health_purge p;
    char err[STORE_ERR_MAX];
    if (store_purge_health(st, now_wall_us - days * US_PER_DAY, &p, err) != 0) {
        fprintf(stderr, "rackside: retention: %s (tried again tomorrow)\n", err);
        return -1;
    }
    if (p.checkins || p.days || p.flags || p.reasons || p.screenings)
        fprintf(stderr,
                "rackside: retention: removed health answers older than %d days "
                "(%d check-ins, %d days, %d flags, %d trainers' reasons, %d enrolment "
                "screens)\n",
                days, p.checkins, p.days, p.flags, p.reasons, p.screenings);
    return 0;
}

int store_retention_tick(struct store *st, int days, int64_t t_us, int64_t now_wall_us,
                         int64_t *next_us)
{
    if (*next_us != 0 && t_us < *next_us)
        return 0;
    *next_us = t_us + STORE_RETENTION_EVERY_US;
    return store_apply_retention(st, days, now_wall_us) == 0 ? 1 : -1;
}
