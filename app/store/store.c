/*
 * Opening and closing the database, the data directory, local days and PINs.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "store_db.h"

#define SQLITE_MAGIC     "SQLite format 3"
#define SQLITE_MAGIC_LEN 16 /* including the NUL */
#define US_PER_S         1000000LL
#define DATA_DIR_MODE    0750

/*
 * PINs are four digits: no hash setting makes 10^4 guesses slow for someone holding the
 * database, so the hash only keeps PINs out of plain sight in backups and the kiosk
 * limits tries. The cheapest settings keep a check on a Pi well under 50 ms and a few
 * kB of memory, so the trainer is not kept waiting.
 */
#define PIN_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PIN_MEMLIMIT crypto_pwhash_MEMLIMIT_MIN

_Static_assert(crypto_pwhash_STRBYTES <= PIN_HASH_MAX_LEN, "a PIN hash fits member_profile");

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_status;

static void sodium_start(void)
{
    sodium_status = sodium_init();
}

static bool sodium_ready(void)
{
    pthread_once(&sodium_once, sodium_start);
    return sodium_status >= 0;
}

static const char *hint(int code)
{
    switch (code & 0xff) {
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return " (check the data directory's permissions)";
    case SQLITE_FULL:
        return " (free some disk space)";
    case SQLITE_NOTADB:
        return " (not a rackside database: refusing to touch it)";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return " (another program holds the database: try again)";
    case SQLITE_CORRUPT:
        return " (the file is damaged: restore a backup)";
    case SQLITE_IOERR:
        return " (disk error: check the storage)";
    default:
        return "";
    }
}

void store_errf(char err[STORE_ERR_MAX], const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, STORE_ERR_MAX, fmt, ap);
    va_end(ap);
}

void store_db_err(sqlite3 *db, const char *what, char err[STORE_ERR_MAX])
{
    int code = db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM;
    const char *msg = db ? sqlite3_errmsg(db) : "out of memory";
    store_errf(err, "%s: %s%s", what, msg, hint(code));
}

int store_begin(sqlite3 *db, const char *what, char err[STORE_ERR_MAX])
{
    /* IMMEDIATE takes the write lock up front, so busy waits happen here, not at COMMIT */
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK)
        return 0;
    store_db_err(db, what, err);
    return -1;
}

int store_commit(sqlite3 *db, const char *what, char err[STORE_ERR_MAX])
{
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
        return 0;
    store_db_err(db, what, err);
    store_rollback(db);
    return -1;
}

void store_rollback(sqlite3 *db)
{
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

int64_t store_wall_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * US_PER_S + ts.tv_nsec / 1000;
}

int store_default_data_dir(char *out, size_t n)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    int len;
    /* the XDG spec says relative paths in XDG_DATA_HOME are to be ignored */
    if (xdg && xdg[0] == '/') {
        len = snprintf(out, n, "%s/rackside", xdg);
    } else {
        const char *home = getenv("HOME");
        if (!home || !home[0]) {
            struct passwd *pw = getpwuid(getuid());
            home = pw ? pw->pw_dir : NULL;
        }
        if (!home || !home[0]) {
            if (n > 0)
                out[0] = '\0';
            return -1;
        }
        len = snprintf(out, n, "%s/.local/share/rackside", home);
    }
    if (len < 0 || (size_t)len >= n) {
        if (n > 0)
            out[0] = '\0';
        return -1;
    }
    return 0;
}

int store_db_path(const char *dir, char *out, size_t n)
{
    int len = snprintf(out, n, "%s/%s", dir, STORE_DB_FILE);
    return len >= 0 && (size_t)len < n ? 0 : -1;
}

int store_make_data_dir(const char *dir, char err[STORE_ERR_MAX])
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path || !path[0]) {
        store_errf(err, "data directory name is empty or too long");
        return -1;
    }
    for (char *p = path + 1;; p++) {
        bool last = *p == '\0';
        if (*p != '/' && !last)
            continue;
        *p = '\0';
        if (mkdir(path, DATA_DIR_MODE) != 0 && errno != EEXIST) {
            store_errf(err, "cannot create data directory %s: %s", path, strerror(errno));
            return -1;
        }
        if (last)
            break;
        *p = '/';
    }
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        store_errf(err, "data directory %s is not a directory", dir);
        return -1;
    }
    return 0;
}

/*
 * A file that exists and is not empty must start with SQLite's header before we let
 * SQLite near it: whatever else it is, it is someone's data and is left alone.
 */
static int check_existing_file(const char *path, char err[STORE_ERR_MAX])
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return 0; /* SQLite creates it; its own error says why it cannot */
    if (!S_ISREG(sb.st_mode)) {
        store_errf(err, "cannot open database %s: not a regular file", path);
        return -1;
    }
    if (sb.st_size == 0)
        return 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        store_errf(err, "cannot open database %s: %s (check the data directory's permissions)",
                   path, strerror(errno));
        return -1;
    }
    char magic[SQLITE_MAGIC_LEN] = {0};
    ssize_t got = read(fd, magic, sizeof magic);
    close(fd);
    if (got != (ssize_t)sizeof magic || memcmp(magic, SQLITE_MAGIC, sizeof magic) != 0) {
        store_errf(err,
                   "cannot open database %s: file is not a database (refusing to touch it; "
                   "move it away or choose another data directory)",
                   path);
        return -1;
    }
    return 0;
}

static int exec_pragma(sqlite3 *db, const char *sql, const char *path, char err[STORE_ERR_MAX])
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
        return 0;
    char what[PATH_MAX + 32];
    snprintf(what, sizeof what, "cannot open database %s", path);
    store_db_err(db, what, err);
    return -1;
}

static sqlite3 *open_connection(const char *path, int flags, char err[STORE_ERR_MAX])
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, flags, NULL);
    char what[PATH_MAX + 32];
    snprintf(what, sizeof what, "cannot open database %s", path);
    if (rc != SQLITE_OK) {
        store_db_err(db, what, err);
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_extended_result_codes(db, 1);
    if (sqlite3_db_readonly(db, "main") == 1) {
        store_errf(err,
                   "%s: attempt to write a readonly database (check the data directory's "
                   "permissions)",
                   what);
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, STORE_BUSY_TIMEOUT_MS);
    return db;
}

/* The writer connection: checks, WAL, migrations. Reads before writing anything. */
static sqlite3 *open_writer(const char *path, char err[STORE_ERR_MAX])
{
    sqlite3 *db = open_connection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err);
    if (!db)
        return NULL;
    /* user_version reads the header: a damaged file fails here, before any write */
    if (exec_pragma(db, "PRAGMA user_version", path, err) != 0 ||
        exec_pragma(db, "PRAGMA foreign_keys = ON", path, err) != 0 ||
        exec_pragma(db, "PRAGMA journal_mode = WAL", path, err) != 0 ||
        exec_pragma(db, "PRAGMA synchronous = NORMAL", path, err) != 0 ||
        store_migrate(db, path, err) != 0) {
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_stmt *q;
    bool wal = false;
    if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW)
            wal = strcmp((const char *)sqlite3_column_text(q, 0), "wal") == 0;
        sqlite3_finalize(q);
    }
    if (!wal) {
        store_errf(err,
                   "cannot open database %s: WAL mode not available (is it on a network "
                   "file system?)",
                   path);
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

static void *writer_main(void *arg);

struct store *store_open(const char *path, bool threaded, char err[STORE_ERR_MAX])
{
    if (!sodium_ready()) {
        store_errf(err, "cannot start libsodium");
        return NULL;
    }
    if (strlen(path) >= PATH_MAX) {
        store_errf(err, "database path is too long");
        return NULL;
    }
    if (check_existing_file(path, err) != 0)
        return NULL;
    struct store *st = calloc(1, sizeof *st);
    if (!st) {
        store_errf(err, "cannot open database %s: out of memory", path);
        return NULL;
    }
    snprintf(st->path, sizeof st->path, "%s", path);
    pthread_mutex_init(&st->wlock, NULL);
    pthread_mutex_init(&st->rlock, NULL);
    pthread_mutex_init(&st->qlock, NULL);
    pthread_cond_init(&st->work, NULL);
    pthread_cond_init(&st->idle, NULL);

    st->wdb = open_writer(path, err);
    if (!st->wdb)
        goto fail;
    st->rdb = open_connection(path, SQLITE_OPEN_READWRITE, err);
    if (!st->rdb)
        goto fail;
    st->n_ex = store_query_exercises(st->rdb, st->ex, SESSION_MAX_EXERCISES);
    if (st->n_ex < 0) {
        char what[PATH_MAX + 32];
        snprintf(what, sizeof what, "cannot read exercises from %s", path);
        store_db_err(st->rdb, what, err);
        goto fail;
    }
    st->req = calloc(STORE_QUEUE_MAX, sizeof *st->req);
    if (!st->req) {
        store_errf(err, "cannot open database %s: out of memory", path);
        goto fail;
    }
    if (threaded) {
        int rc = pthread_create(&st->thread, NULL, writer_main, st);
        if (rc != 0) {
            store_errf(err, "cannot start the database writer: %s", strerror(rc));
            goto fail;
        }
        st->threaded = true;
    }
    return st;
fail:
    store_close(st);
    return NULL;
}

void store_close(struct store *st)
{
    if (!st)
        return;
    if (st->threaded) {
        /* the writer drains what is queued first, so a stop never drops a set */
        pthread_mutex_lock(&st->qlock);
        st->stopping = true;
        pthread_cond_signal(&st->work);
        pthread_mutex_unlock(&st->qlock);
        pthread_join(st->thread, NULL);
    }
    for (int i = 0; i < st->done_count; i++)
        store_done_release(&st->done[(st->done_head + i) % STORE_QUEUE_MAX]);
    free(st->req);
    sqlite3_close(st->rdb);
    sqlite3_close(st->wdb);
    pthread_cond_destroy(&st->idle);
    pthread_cond_destroy(&st->work);
    pthread_mutex_destroy(&st->qlock);
    pthread_mutex_destroy(&st->rlock);
    pthread_mutex_destroy(&st->wlock);
    free(st);
}

int store_schema_version(struct store *st)
{
    int version = -1;
    pthread_mutex_lock(&st->rlock);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(st->rdb, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW)
            version = sqlite3_column_int(q, 0);
        sqlite3_finalize(q);
    }
    pthread_mutex_unlock(&st->rlock);
    return version;
}

/* --- the writer thread and its queues --- */

static void push_done(struct store *st, const struct store_done *d)
{
    st->done[(st->done_head + st->done_count) % STORE_QUEUE_MAX] = *d;
    st->done_count++;
}

static void *writer_main(void *arg)
{
    struct store *st = arg;
    struct store_req *req = malloc(sizeof *req);
    pthread_mutex_lock(&st->qlock);
    for (;;) {
        while (st->req_count == 0 && !st->stopping)
            pthread_cond_wait(&st->work, &st->qlock);
        if (st->req_count == 0)
            break;
        struct store_done done = {0};
        if (req) {
            *req = st->req[st->req_head];
            req->e.set = req->e.kind == EFFECT_SET_DONE ? &req->set : NULL;
        }
        st->req_head = (st->req_head + 1) % STORE_QUEUE_MAX;
        st->req_count--;
        st->busy = true;
        pthread_mutex_unlock(&st->qlock);

        if (req) {
            pthread_mutex_lock(&st->wlock);
            store_execute(st, req, &done);
            pthread_mutex_unlock(&st->wlock);
        } else {
            store_errf(done.err, "database writer: out of memory");
        }

        pthread_mutex_lock(&st->qlock);
        push_done(st, &done);
        st->busy = false;
        if (st->req_count == 0)
            pthread_cond_broadcast(&st->idle);
    }
    pthread_cond_broadcast(&st->idle);
    pthread_mutex_unlock(&st->qlock);
    free(req);
    return NULL;
}

int store_submit(struct store *st, const struct effect *e)
{
    pthread_mutex_lock(&st->qlock);
    /* a completion needs a free slot too, so count both */
    int used = st->req_count + (st->busy ? 1 : 0) + st->done_count;
    if (used >= STORE_QUEUE_MAX || st->stopping || (e->kind == EFFECT_SET_DONE && !e->set)) {
        pthread_mutex_unlock(&st->qlock);
        return -1;
    }
    struct store_req *slot = &st->req[(st->req_head + st->req_count) % STORE_QUEUE_MAX];
    slot->e = *e;
    if (e->kind == EFFECT_SET_DONE)
        slot->set = *e->set;
    slot->e.set = NULL;
    if (st->threaded) {
        st->req_count++;
        pthread_cond_signal(&st->work);
        pthread_mutex_unlock(&st->qlock);
        return 0;
    }
    /* no thread: run it now, still answering through store_next_done */
    slot->e.set = e->kind == EFFECT_SET_DONE ? &slot->set : NULL;
    struct store_done done = {0};
    pthread_mutex_lock(&st->wlock);
    store_execute(st, slot, &done);
    pthread_mutex_unlock(&st->wlock);
    push_done(st, &done);
    pthread_mutex_unlock(&st->qlock);
    return 0;
}

bool store_next_done(struct store *st, struct store_done *out)
{
    pthread_mutex_lock(&st->qlock);
    bool any = st->done_count > 0;
    if (any) {
        *out = st->done[st->done_head];
        st->done[st->done_head] = (struct store_done){0};
        st->done_head = (st->done_head + 1) % STORE_QUEUE_MAX;
        st->done_count--;
    }
    pthread_mutex_unlock(&st->qlock);
    return any;
}

void store_done_release(struct store_done *d)
{
    if (!d)
        return;
    free(d->flags);
    free(d->detail);
    free(d->lifters);
    d->flags = NULL;
    d->detail = NULL;
    d->lifters = NULL;
    d->n_flags = 0;
    d->n_lifters = 0;
}

void store_flush(struct store *st)
{
    if (!st->threaded)
        return;
    pthread_mutex_lock(&st->qlock);
    while (st->req_count > 0 || st->busy)
        pthread_cond_wait(&st->idle, &st->qlock);
    pthread_mutex_unlock(&st->qlock);
}

/* --- local days --- */

/* Days from 1970-01-01 to a civil date (proleptic Gregorian; H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int64_t store_local_day(int64_t wall_us)
{
    int64_t s = wall_us / US_PER_S - (wall_us % US_PER_S < 0 ? 1 : 0);
    time_t t = (time_t)s;
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return s / 86400;
    return days_from_civil((int64_t)tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static int64_t local_midnight_us(int64_t day)
{
    int64_t y;
    int m, d;
    civil_from_days(day, &y, &m, &d);
    /* mktime with isdst -1 resolves DST itself, so days of 23 or 25 hours come out right */
    struct tm tm = {.tm_year = (int)(y - 1900), .tm_mon = m - 1, .tm_mday = d, .tm_isdst = -1};
    return (int64_t)mktime(&tm) * US_PER_S;
}

static int64_t local_time_us(int64_t day, int minutes)
{
    int64_t y;
    int m, d;
    civil_from_days(day, &y, &m, &d);
    struct tm tm = {.tm_year = (int)(y - 1900),
                    .tm_mon = m - 1,
                    .tm_mday = d,
                    .tm_hour = minutes / 60,
                    .tm_min = minutes % 60,
                    .tm_isdst = -1};
    return (int64_t)mktime(&tm) * US_PER_S;
}

int64_t store_gym_day(int64_t wall_us, int day_start_min)
{
    int64_t day = store_local_day(wall_us);
    return wall_us < local_time_us(day, day_start_min) ? day - 1 : day;
}

void store_gym_day_bounds(int64_t day, int day_start_min, int64_t *start_wall_us,
                          int64_t *end_wall_us)
{
    if (start_wall_us)
        *start_wall_us = local_time_us(day, day_start_min);
    if (end_wall_us)
        *end_wall_us = local_time_us(day + 1, day_start_min);
}

void store_set_day_start(struct store *st, int day_start_min)
{
    st->day_start_min = day_start_min;
}

void store_local_day_bounds(int64_t day, int64_t *start_wall_us, int64_t *end_wall_us)
{
    if (start_wall_us)
        *start_wall_us = local_midnight_us(day);
    if (end_wall_us)
        *end_wall_us = local_midnight_us(day + 1);
}

/* --- PINs --- */

int store_pin_hash(const char *pin, char out[PIN_HASH_MAX_LEN])
{
    if (!sodium_ready())
        return -1;
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, pin, strlen(pin), PIN_OPSLIMIT, PIN_MEMLIMIT) != 0)
        return -1;
    snprintf(out, PIN_HASH_MAX_LEN, "%s", hash);
    return 0;
}

bool store_pin_verify(const char *hash, const char *pin)
{
    if (!hash || !pin || !hash[0] || !sodium_ready())
        return false;
    return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}

/* --- backup --- */

int store_backup(struct store *st, const char *dest_path, char err[STORE_ERR_MAX])
{
    struct stat sb;
    if (stat(dest_path, &sb) == 0) {
        store_errf(err, "cannot back up to %s: the file exists (choose a new name)", dest_path);
        return -1;
    }
    pthread_mutex_lock(&st->rlock);
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(st->rdb, "VACUUM INTO ?1", -1, &q, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, dest_path, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(q);
        sqlite3_finalize(q);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK) {
        char what[PATH_MAX + 32];
        snprintf(what, sizeof what, "cannot back up to %s", dest_path);
        store_db_err(st->rdb, what, err);
    }
    pthread_mutex_unlock(&st->rlock);
    return rc == SQLITE_DONE || rc == SQLITE_OK ? 0 : -1;
}
