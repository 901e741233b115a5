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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <zlib.h>

#include "name_fold.h"
#include "records.h"
#include "store_db.h"

#define SQLITE_MAGIC     "SQLite format 3"
#define SQLITE_MAGIC_LEN 16 /* including the NUL */
#define US_PER_S         1000000LL
#define DATA_DIR_MODE    0700 /* pain and red-flag answers: the service user only */

/*
 * Trainer PINs are 4 to 8 digits, so the hash is what stands between a copied backup and
 * the PIN: argon2id as slow as a trainer can bear at the rack, about half a second on a
 * Raspberry Pi 4 (measured with `make bench`, bench_pin: 0.13-0.15 s on a 2-core x86
 * server; a Pi 4 runs libsodium's portable argon2 about 3-5 times slower). 16 MiB is
 * held only while a PIN is checked, in a child process (pin_work_apart). The encoded hash carries
 * its own parameters, so hashes made with other settings still verify, and are rehashed at the next
 * good PIN.
 */
#define PIN_OPSLIMIT 3ULL
#define PIN_MEMLIMIT (16U << 20)

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

static _Thread_local int last_code;

int store_last_code(void)
{
    return last_code;
}

void store_clear_last_code(void)
{
    last_code = 0;
}

bool store_code_is_transient(int code)
{
    switch (code & 0xff) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
    case SQLITE_CORRUPT: /* a restored backup takes it */
    case SQLITE_NOTADB:
        return true;
    default:
        return false; /* a broken constraint or a check of ours: it will never land */
    }
}

bool store_effect_is_record(enum effect_kind kind)
{
    return kind == EFFECT_SESSION_OPEN || kind == EFFECT_SESSION_CLOSE || kind == EFFECT_SET_DONE ||
           kind == EFFECT_FLAG || kind == EFFECT_ACK_FLAG || kind == EFFECT_PIN_LOCKOUT;
}

void store_db_err(sqlite3 *db, const char *what, char err[STORE_ERR_MAX])
{
    int code = db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM;
    last_code = code;
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
    if (name_fold_register(db) != 0) { /* the lifter search's fold(), name_fold.h */
        store_db_err(db, what, err);
        sqlite3_close(db);
        return NULL;
    }
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
static int journal_write(struct store *st);

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
    st->journal_fd = -1;
    st->window_day = -1;
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
    if (!st->rdb || store_restrict_files(path, err) != 0)
        goto fail;
    st->n_ex = store_query_exercises(st->rdb, st->ex, SESSION_MAX_EXERCISES);
    if (st->n_ex < 0) {
        char what[PATH_MAX + 32];
        snprintf(what, sizeof what, "cannot read exercises from %s", path);
        store_db_err(st->rdb, what, err);
        goto fail;
    }
    st->req = calloc(STORE_QUEUE_MAX, sizeof *st->req);
    st->pending = calloc(STORE_PENDING_MAX, sizeof *st->pending);
    st->journal_fd = -1;
    st->window_day = -1;
    if (!st->req || !st->pending) {
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

/*
 * Statistics for SQLite's query planner, so a read keeps to the index that bounds it as
 * the tables grow: ANALYZE sampling at most ANALYZE_ROWS rows an index (milliseconds even
 * on years of records), while sets are written.
 */
#define ANALYZE_ROWS 1000

int store_analyze(struct store *st)
{
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA analysis_limit = %d; ANALYZE;", ANALYZE_ROWS);
    pthread_mutex_lock(&st->wlock);
    int rc = sqlite3_exec(st->wdb, sql, NULL, NULL, NULL);
    pthread_mutex_unlock(&st->wlock);
    return rc == SQLITE_OK ? 0 : -1;
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
    /* what SQLite recommends at the close of a connection: statistics for the tables
     * this run's queries would have planned better with */
    sqlite3_exec(st->wdb, "PRAGMA optimize", NULL, NULL, NULL);
    for (int i = 0; i < st->done_count; i++)
        store_done_release(&st->done[(st->done_head + i) % STORE_QUEUE_MAX]);
    if (st->journal_fd >= 0) {
        journal_write(st);
        close(st->journal_fd);
    }
    free(st->pending);
    free(st->req);
    store_review_list_free(&st->review_key);
    store_plans_free(st);
    store_stmts_finalize(st->rdb);
    store_stmts_finalize(st->wdb);
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

/* --- records kept for retry --- */

static void note_pending(struct store *st, const char *why)
{
    pthread_mutex_lock(&st->qlock);
    if (why)
        snprintf(st->pending_err, sizeof st->pending_err, "%s", why);
    pthread_mutex_unlock(&st->qlock);
}

/* Keeps a failed record (writer side). False when the list is full: the record is lost. */
static bool pending_add(struct store *st, const struct store_req *req, const char *why)
{
    pthread_mutex_lock(&st->qlock);
    bool room = st->n_pending < STORE_PENDING_MAX;
    if (room) {
        struct store_req *slot = &st->pending[st->n_pending++];
        *slot = *req;
        slot->e.set = NULL;
        /*
         * The set's bar samples are evidence, not the record: a set kept for retry (and
         * journaled across a stop) is written without them.
         */
        slot->imu = NULL;
        snprintf(st->pending_err, sizeof st->pending_err, "%s", why);
    }
    pthread_mutex_unlock(&st->qlock);
    if (room)
        journal_write(st);
    return room;
}

/* Runs one request and keeps it for retry when it failed for a reason that may pass. */
static void run_request(struct store *st, const struct store_req *req, struct store_done *done)
{
    pthread_mutex_lock(&st->wlock);
    store_execute(st, req, done);
    pthread_mutex_unlock(&st->wlock);
    if (done->retry && !pending_add(st, req, done->err))
        done->retry = false;
    if (done->retry) {
        size_t n = strlen(done->err);
        snprintf(done->err + n, STORE_ERR_MAX - n, "; kept, will retry");
    }
}

static bool done_room(struct store *st)
{
    pthread_mutex_lock(&st->qlock);
    bool room = st->req_count + st->done_count + 1 < STORE_QUEUE_MAX;
    pthread_mutex_unlock(&st->qlock);
    return room;
}

/*
 * Tries the pending records in order, stopping at the first that still fails (the disk
 * is still full): each that lands answers with a completion marked retried.
 */
static void retry_pending(struct store *st)
{
    bool changed = false;
    for (;;) {
        pthread_mutex_lock(&st->qlock);
        int n = st->n_pending;
        pthread_mutex_unlock(&st->qlock);
        if (n == 0 || !done_room(st))
            break;
        struct store_req *req = malloc(sizeof *req);
        if (!req)
            break;
        *req = st->pending[0];
        req->e.set = req->e.kind == EFFECT_SET_DONE ? &req->set : NULL;
        struct store_done done;
        pthread_mutex_lock(&st->wlock);
        store_execute(st, req, &done);
        pthread_mutex_unlock(&st->wlock);
        free(req);
        if (!done.ok && done.retry) {
            note_pending(st, done.err);
            break;
        }
        /* landed, or can never land (then it is reported and dropped) */
        pthread_mutex_lock(&st->qlock);
        memmove(&st->pending[0], &st->pending[1], sizeof st->pending[0] * (size_t)(n - 1));
        st->n_pending--;
        done.retried = true;
        push_done(st, &done);
        pthread_mutex_unlock(&st->qlock);
        changed = true;
    }
    if (changed)
        journal_write(st);
}

static void *writer_main(void *arg)
{
    struct store *st = arg;
    struct store_req *req = malloc(sizeof *req);
    pthread_mutex_lock(&st->qlock);
    for (;;) {
        while (st->req_count == 0 && !st->stopping && !st->retry_wanted)
            pthread_cond_wait(&st->work, &st->qlock);
        if (st->req_count == 0 && st->stopping)
            break;
        if (st->req_count == 0) {
            st->retry_wanted = false;
            st->busy = true;
            pthread_mutex_unlock(&st->qlock);
            retry_pending(st);
            pthread_mutex_lock(&st->qlock);
            st->busy = false;
            pthread_cond_broadcast(&st->idle);
            continue;
        }
        struct store_done done = {0};
        struct imu_track *imu = st->req[st->req_head].imu; /* freed here, whatever happens */
        if (req) {
            *req = st->req[st->req_head];
            req->e.set = req->e.kind == EFFECT_SET_DONE ? &req->set : NULL;
        }
        st->req_head = (st->req_head + 1) % STORE_QUEUE_MAX;
        st->req_count--;
        st->busy = true;
        pthread_mutex_unlock(&st->qlock);

        if (req)
            run_request(st, req, &done);
        else
            store_errf(done.err, "database writer: out of memory");
        store_imu_free(imu); /* a record kept for retry travels without its samples */

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

void store_retry(struct store *st)
{
    if (!st->threaded) {
        retry_pending(st);
        return;
    }
    pthread_mutex_lock(&st->qlock);
    if (st->n_pending > 0) {
        st->retry_wanted = true;
        pthread_cond_signal(&st->work);
    }
    pthread_mutex_unlock(&st->qlock);
}

int store_pending(struct store *st, char err[STORE_ERR_MAX])
{
    pthread_mutex_lock(&st->qlock);
    int n = st->n_pending;
    if (err)
        snprintf(err, STORE_ERR_MAX, "%s", n ? st->pending_err : "");
    pthread_mutex_unlock(&st->qlock);
    return n;
}

/* --- the journal: pending records across a stop --- */

#define JOURNAL_MAGIC "RACKJNL1"

struct journal_head {
    char magic[8];
    uint32_t record_size; /* sizeof (struct store_req) of the build that wrote it */
    uint32_t count;
    uint32_t crc; /* zlib crc32 of the records */
    uint32_t reserved;
};

static size_t journal_reserve(void)
{
    return sizeof(struct journal_head) + STORE_PENDING_MAX * sizeof(struct store_req);
}

/*
 * Writes the pending records, then the header that makes them count, each followed by
 * fdatasync. The file was reserved at its full size, so this needs no new disk space.
 */
static int journal_write(struct store *st)
{
    if (st->journal_fd < 0)
        return 0;
    pthread_mutex_lock(&st->qlock);
    int n = st->n_pending;
    size_t bytes = sizeof(struct store_req) * (size_t)n;
    struct journal_head h = {.record_size = sizeof(struct store_req), .count = (uint32_t)n};
    memcpy(h.magic, JOURNAL_MAGIC, sizeof h.magic);
    h.crc = (uint32_t)crc32(0L, (const Bytef *)st->pending, (uInt)bytes);
    int rc = 0;
    if (bytes && pwrite(st->journal_fd, st->pending, bytes, sizeof h) != (ssize_t)bytes)
        rc = -1;
    pthread_mutex_unlock(&st->qlock);
    if (rc == 0 && bytes)
        rc = fdatasync(st->journal_fd);
    if (rc == 0 && pwrite(st->journal_fd, &h, sizeof h, 0) != (ssize_t)sizeof h)
        rc = -1;
    if (rc == 0)
        rc = fdatasync(st->journal_fd);
    return rc;
}

/* Reads a journal's records: count (>= 0), or -1 when the file is not a journal we wrote. */
static int journal_read(int fd, struct store_req *out, int max)
{
    struct stat sb;
    struct journal_head h;
    if (fstat(fd, &sb) != 0)
        return -1;
    if (sb.st_size == 0)
        return 0;
    if (pread(fd, &h, sizeof h, 0) != (ssize_t)sizeof h)
        return -1;
    static const char zero[sizeof h.magic];
    if (memcmp(h.magic, zero, sizeof zero) == 0)
        return 0; /* reserved, never written */
    if (memcmp(h.magic, JOURNAL_MAGIC, sizeof h.magic) != 0 ||
        h.record_size != sizeof(struct store_req) || h.count > (uint32_t)max)
        return -1;
    size_t bytes = sizeof(struct store_req) * h.count;
    if (bytes && pread(fd, out, bytes, sizeof h) != (ssize_t)bytes)
        return -1;
    if ((uint32_t)crc32(0L, (const Bytef *)out, (uInt)bytes) != h.crc)
        return -1;
    for (uint32_t i = 0; i < h.count; i++)
        if (!store_effect_is_record(out[i].e.kind))
            return -1;
    return (int)h.count;
}

int store_use_journal(struct store *st, const char *journal_path, char err[STORE_ERR_MAX])
{
    int fd = open(journal_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        store_errf(err, "cannot open the journal %s: %s", journal_path, strerror(errno));
        return -1;
    }
    struct store_req *old = calloc(STORE_PENDING_MAX, sizeof *old);
    if (!old) {
        close(fd);
        store_errf(err, "cannot read the journal %s: out of memory", journal_path);
        return -1;
    }
    int n = journal_read(fd, old, STORE_PENDING_MAX);
    int rc = 0;
    if (n < 0) {
        /* someone's data, perhaps from another version: kept aside, never deleted */
        char bad[PATH_MAX + 8];
        snprintf(bad, sizeof bad, "%s.bad", journal_path);
        close(fd);
        rename(journal_path, bad);
        store_errf(err, "journal %s is not readable by this version; moved to %s", journal_path,
                   bad);
        fd = open(journal_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        n = 0;
        rc = -1;
    }
    if (fd >= 0 && posix_fallocate(fd, 0, (off_t)journal_reserve()) != 0 && rc == 0) {
        store_errf(err, "cannot reserve space for the journal %s (free some disk space)",
                   journal_path);
        rc = -1;
    }
    st->journal_fd = fd;
    snprintf(st->journal, sizeof st->journal, "%s", journal_path);
    /* replay in order; what fails again is pending (and so journaled) once more */
    for (int i = 0; i < n; i++) {
        old[i].e.set = old[i].e.kind == EFFECT_SET_DONE ? &old[i].set : NULL;
        old[i].e.imu = NULL; /* pointers of the run that wrote it mean nothing now */
        old[i].imu = NULL;
        struct store_done done;
        pthread_mutex_lock(&st->wlock);
        store_execute(st, &old[i], &done);
        pthread_mutex_unlock(&st->wlock);
        if (!done.ok && done.retry) {
            pthread_mutex_lock(&st->qlock);
            if (st->n_pending < STORE_PENDING_MAX) {
                st->pending[st->n_pending] = old[i];
                st->pending[st->n_pending++].e.set = NULL;
                snprintf(st->pending_err, sizeof st->pending_err, "%s", done.err);
            }
            pthread_mutex_unlock(&st->qlock);
        }
        store_done_release(&done);
    }
    free(old);
    journal_write(st);
    return rc == 0 ? n : -1;
}

/* The set's samples, copied: the session records the next set into the same buffer. */
static struct imu_track *copy_imu(const struct effect *e)
{
    const struct imu_record *r = e->imu;
    if (e->kind != EFFECT_SET_DONE || !r || !e->set || r->set_key != e->set->key || r->n <= 0)
        return NULL;
    struct imu_track *t = store_imu_alloc(r->n);
    if (!t)
        return NULL; /* the set is still saved, without its samples */
    t->set_key = r->set_key;
    t->t0_us = r->t0_us;
    t->n = r->n;
    t->truncated = r->truncated;
    memcpy(t->t_off_us, r->t_off_us, (size_t)r->n * sizeof r->t_off_us[0]);
    memcpy(t->counts, r->counts, (size_t)r->n * sizeof r->counts[0]);
    return t;
}

int store_submit(struct store *st, const struct effect *e)
{
    struct imu_track *imu = copy_imu(e);
    pthread_mutex_lock(&st->qlock);
    /* a completion needs a free slot too, so count both */
    int used = st->req_count + (st->busy ? 1 : 0) + st->done_count;
    if (used >= STORE_QUEUE_MAX || st->stopping || (e->kind == EFFECT_SET_DONE && !e->set)) {
        pthread_mutex_unlock(&st->qlock);
        store_imu_free(imu);
        return -1;
    }
    struct store_req *slot = &st->req[(st->req_head + st->req_count) % STORE_QUEUE_MAX];
    slot->e = *e;
    slot->e.imu = NULL; /* the session's buffer: only the copy travels */
    slot->imu = imu;
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
    pthread_mutex_unlock(&st->qlock); /* run_request takes it to keep a failed record */
    run_request(st, slot, &done);
    pthread_mutex_lock(&st->qlock);
    store_imu_free(slot->imu);
    slot->imu = NULL;
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
    free(d->page);
    free(d->detail);
    free(d->lifters);
    free(d->story);
    d->story = NULL;
    d->page = NULL;
    d->detail = NULL;
    d->lifters = NULL;
    d->n_lifters = 0;
}

void store_flush(struct store *st)
{
    if (!st->threaded)
        return;
    pthread_mutex_lock(&st->qlock);
    while (st->req_count > 0 || st->busy || st->retry_wanted)
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

/* What argon2id work answers: 0 or -1, and the hash it made. */
struct pin_answer {
    int rc;
    char hash[crypto_pwhash_STRBYTES];
};

/* Hashes pin (hash NULL) or checks it against hash. */
static void pin_work(const char *hash, const char *pin, struct pin_answer *a)
{
    memset(a, 0, sizeof *a);
    if (hash)
        a->rc = crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0 ? 0 : -1;
    else
        a->rc = crypto_pwhash_str(a->hash, pin, strlen(pin), PIN_OPSLIMIT, PIN_MEMLIMIT);
}

/* Reads the child's whole answer; false when it died before giving one. */
static bool read_answer(int fd, struct pin_answer *a)
{
    size_t got = 0;
    while (got < sizeof *a) {
        ssize_t n = read(fd, (char *)a + got, sizeof *a - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        got += (size_t)n;
    }
    return true;
}

/*
 * argon2id holds PIN_MEMLIMIT (16 MiB) while it runs. It runs in a child process that
 * exits as soon as it has answered, so the kiosk's own memory stays flat (it needs some
 * 25 MB; its budget is 40): the machine still lends the 16 MiB for the half second of a
 * check, and the settings stay as strong as the Pi allows (issue 7). The child touches
 * nothing but the PIN and the pipe. Where no child can be made the work is done here,
 * as before, so a PIN still checks.
 */
static void pin_work_apart(const char *hash, const char *pin, struct pin_answer *a)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        pin_work(hash, pin, a);
        return;
    }
    pid_t child = fork();
    if (child == 0) {
        close(fds[0]);
        struct pin_answer mine;
        pin_work(hash, pin, &mine);
        ssize_t n = write(fds[1], &mine, sizeof mine);
        _exit(n == (ssize_t)sizeof mine ? 0 : 1);
    }
    close(fds[1]);
    bool answered = child > 0 && read_answer(fds[0], a);
    close(fds[0]);
    if (child > 0)
        while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
            ;
    if (!answered)
        pin_work(hash, pin, a);
}

int store_pin_hash(const char *pin, char out[PIN_HASH_MAX_LEN])
{
    if (!sodium_ready())
        return -1;
    struct pin_answer a;
    pin_work_apart(NULL, pin, &a);
    if (a.rc != 0)
        return -1;
    a.hash[sizeof a.hash - 1] = '\0';
    snprintf(out, PIN_HASH_MAX_LEN, "%s", a.hash);
    return 0;
}

bool store_pin_verify(const char *hash, const char *pin)
{
    if (!hash || !pin || !hash[0] || !sodium_ready())
        return false;
    struct pin_answer a;
    pin_work_apart(hash, pin, &a);
    return a.rc == 0;
}

bool store_pin_needs_rehash(const char *hash)
{
    return crypto_pwhash_str_needs_rehash(hash, PIN_OPSLIMIT, PIN_MEMLIMIT) != 0;
}

/* --- backup --- */

/*
 * The copy holds pain and red-flag answers: it is created empty with mode 0600 (and
 * O_EXCL, so an existing file is never overwritten) before SQLite fills it.
 */
int store_backup(struct store *st, const char *dest_path, char err[STORE_ERR_MAX])
{
    return store_backup_online(st, dest_path, err); /* records.c: SQLite's backup API */
}
