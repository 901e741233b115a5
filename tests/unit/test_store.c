/*
 * The store against real SQLite files in a temporary directory: migrations, the writer
 * thread's commits surviving a reopen, badge look-ups with history, flags with their
 * acknowledgements, PINs, refusing files it must not touch, and a full disk (a VFS that
 * fails writes on demand).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../app/core/catalogue.h"
#include "../../app/store/store.h"
#include "../../app/store/store_db.h"

#define US_PER_S       1000000LL
#define US_PER_HOUR    (3600LL * US_PER_S)
#define NOBODY_ID      65534
#define HOUR_OF_SETS   10 /* sets in tests happen at 10:00 local */
#define SQUAT          0  /* exercise indexes in the session's list (id order) */
#define DEADLIFT       1
#define TRACE_NEG_MMPS (-1234)

#define DIR_LEN 64 /* mkdtemp names are short; small buffers keep snprintf checks quiet */

struct fixture {
    char dir[DIR_LEN];
    char path[2 * DIR_LEN];
};

/* --- a VFS that reports a full disk on demand (the test's only global) --- */

static atomic_bool disk_full;
static sqlite3_vfs full_vfs;
static sqlite3_io_methods full_io;

struct full_file {
    sqlite3_file base;
    sqlite3_file *real; /* follows this struct in the same allocation */
};

static sqlite3_file *real_of(sqlite3_file *f)
{
    return ((struct full_file *)f)->real;
}

static int f_close(sqlite3_file *f)
{
    return real_of(f)->pMethods->xClose(real_of(f));
}
static int f_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
    return real_of(f)->pMethods->xRead(real_of(f), b, n, o);
}
static int f_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
    if (atomic_load(&disk_full))
        return SQLITE_FULL;
    return real_of(f)->pMethods->xWrite(real_of(f), b, n, o);
}
static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    return real_of(f)->pMethods->xTruncate(real_of(f), size);
}
static int f_sync(sqlite3_file *f, int flags)
{
    return real_of(f)->pMethods->xSync(real_of(f), flags);
}
static int f_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return real_of(f)->pMethods->xFileSize(real_of(f), size);
}
static int f_lock(sqlite3_file *f, int l)
{
    return real_of(f)->pMethods->xLock(real_of(f), l);
}
static int f_unlock(sqlite3_file *f, int l)
{
    return real_of(f)->pMethods->xUnlock(real_of(f), l);
}
static int f_reserved(sqlite3_file *f, int *out)
{
    return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}
static int f_control(sqlite3_file *f, int op, void *arg)
{
    return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}
static int f_sector(sqlite3_file *f)
{
    return real_of(f)->pMethods->xSectorSize(real_of(f));
}
static int f_device(sqlite3_file *f)
{
    return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}
static int f_shm_map(sqlite3_file *f, int pg, int sz, int ext, void volatile **p)
{
    return real_of(f)->pMethods->xShmMap(real_of(f), pg, sz, ext, p);
}
static int f_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
    return real_of(f)->pMethods->xShmLock(real_of(f), off, n, flags);
}
static void f_shm_barrier(sqlite3_file *f)
{
    real_of(f)->pMethods->xShmBarrier(real_of(f));
}
static int f_shm_unmap(sqlite3_file *f, int del)
{
    return real_of(f)->pMethods->xShmUnmap(real_of(f), del);
}

static int full_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
    sqlite3_vfs *real = vfs->pAppData;
    struct full_file *ff = (struct full_file *)f;
    ff->real = (sqlite3_file *)(ff + 1);
    int rc = real->xOpen(real, name, ff->real, flags, out);
    f->pMethods = rc == SQLITE_OK ? &full_io : NULL;
    return rc;
}

#define PASS_VFS(ret, fn, params, args)                                                            \
    static ret full_##fn params                                                                    \
    {                                                                                              \
        sqlite3_vfs *real = vfs->pAppData;                                                         \
        return real->fn args;                                                                      \
    }
PASS_VFS(int, xDelete, (sqlite3_vfs * vfs, const char *n, int s), (real, n, s))
PASS_VFS(int, xAccess, (sqlite3_vfs * vfs, const char *n, int f, int *o), (real, n, f, o))
PASS_VFS(int, xFullPathname, (sqlite3_vfs * vfs, const char *n, int sz, char *o), (real, n, sz, o))
PASS_VFS(int, xRandomness, (sqlite3_vfs * vfs, int n, char *o), (real, n, o))
PASS_VFS(int, xSleep, (sqlite3_vfs * vfs, int us), (real, us))
PASS_VFS(int, xCurrentTimeInt64, (sqlite3_vfs * vfs, sqlite3_int64 *t), (real, t))
PASS_VFS(int, xGetLastError, (sqlite3_vfs * vfs, int n, char *o), (real, n, o))

static int install_full_vfs(void)
{
    sqlite3_vfs *real = sqlite3_vfs_find(NULL);
    if (!real)
        return -1;
    full_io = (sqlite3_io_methods){
        .iVersion = 2,
        .xClose = f_close,
        .xRead = f_read,
        .xWrite = f_write,
        .xTruncate = f_truncate,
        .xSync = f_sync,
        .xFileSize = f_size,
        .xLock = f_lock,
        .xUnlock = f_unlock,
        .xCheckReservedLock = f_reserved,
        .xFileControl = f_control,
        .xSectorSize = f_sector,
        .xDeviceCharacteristics = f_device,
        .xShmMap = f_shm_map,
        .xShmLock = f_shm_lock,
        .xShmBarrier = f_shm_barrier,
        .xShmUnmap = f_shm_unmap,
    };
    full_vfs = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(struct full_file) + real->szOsFile,
        .mxPathname = real->mxPathname,
        .zName = "rackside-test-full",
        .pAppData = real,
        .xOpen = full_open,
        .xDelete = full_xDelete,
        .xAccess = full_xAccess,
        .xFullPathname = full_xFullPathname,
        .xRandomness = full_xRandomness,
        .xSleep = full_xSleep,
        .xCurrentTimeInt64 = full_xCurrentTimeInt64,
        .xGetLastError = full_xGetLastError,
    };
    /* the default VFS, so the store uses it without knowing */
    return sqlite3_vfs_register(&full_vfs, 1) == SQLITE_OK ? 0 : -1;
}

/* --- fixture and helpers --- */

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/rackside-store-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/%s", f->dir, STORE_DB_FILE);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[PATH_MAX + 16];
    chmod(f->dir, 0700);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

static struct store *open_ok(const struct fixture *f, bool threaded)
{
    char err[STORE_ERR_MAX] = "";
    struct store *st = store_open(f->path, threaded, err);
    if (!st)
        fail_msg("store_open: %s", err);
    return st;
}

static int64_t add_member(struct store *st, const char *name, enum role role, const char *pin,
                          const char *uid)
{
    char err[STORE_ERR_MAX] = "";
    int64_t id = 0;
    if (store_member_add(st, name, role, pin, &id, err) != 0)
        fail_msg("member_add: %s", err);
    if (uid && store_badge_add(st, uid, id, err) != 0)
        fail_msg("badge_add: %s", err);
    return id;
}

static int64_t today_now(void)
{
    return store_local_day((int64_t)time(NULL) * US_PER_S);
}

/* hour:00 local on a day */
static int64_t at(int64_t day, int hour)
{
    int64_t start;
    store_local_day_bounds(day, &start, NULL);
    return start + hour * US_PER_HOUR;
}

/* Submits one effect and returns its completion (caller releases). */
static struct store_done submit_wait(struct store *st, const struct effect *e)
{
    assert_int_equal(store_submit(st, e), 0);
    store_flush(st);
    struct store_done d;
    assert_true(store_next_done(st, &d));
    assert_int_equal(d.kind, e->kind);
    return d;
}

static void submit_ok(struct store *st, const struct effect *e)
{
    struct store_done d = submit_wait(st, e);
    if (!d.ok)
        fail_msg("effect %d: %s", e->kind, d.err);
    store_done_release(&d);
}

static void open_session(struct store *st, int64_t member_id, int64_t key, int64_t wall_us,
                         int pain)
{
    struct effect e = {.kind = EFFECT_SESSION_OPEN,
                       .t_wall_us = wall_us,
                       .session_key = key,
                       .member_id = member_id,
                       .pain = pain,
                       .body_g = 80000};
    e.red_flags[1] = true;
    submit_ok(st, &e);
}

/* A set with n reps; rep i gets distinct numbers and a trace with negative values. */
static void make_set(struct live_set *s, int64_t key, int exercise, int32_t load_g, int n_reps,
                     bool clean)
{
    memset(s, 0, sizeof *s);
    s->key = key;
    s->t_start_us = 4321000123; /* the kiosk's clock */
    s->exercise = exercise;
    s->exercise_id = exercise + 1; /* seeded in id order from 1 */
    s->load_g = load_g;
    s->target_reps = 5;
    s->left_pct = 52;
    s->clean = clean;
    s->n_reps = n_reps;
    for (int i = 0; i < n_reps; i++) {
        struct rep_result *r = &s->reps[i];
        r->index = i + 1;
        r->ecc_ms = 2900 + i;
        r->bottom_ms = 1000 + i;
        r->conc_ms = 1800 + i;
        r->top_ms = 300 + i;
        r->rom_mm = 610 + i;
        r->mean_conc_mmps = 450 - 10 * i;
        r->peak_conc_mmps = 700 - 10 * i;
        r->peak_horiz_mg = 120 + i;
        r->peak_gyro_dps = 15 + i;
        r->mean_prop_mmps = 470 - 10 * i;
        r->tilt_cdeg = i % 2 ? -120 - i : 80 + i; /* either side lower */
        r->momentum_pct = 40 + 30 * i;
        /* phase bounds on the kiosk's clock, kept as ms from the set's start (rounded) */
        int64_t rep_us = s->t_start_us + 2000400 + 7000000 * i;
        r->ecc_start_us = rep_us;
        r->ecc_end_us = rep_us + r->ecc_ms * 1000 + 600;
        r->con_start_us = r->ecc_end_us + r->bottom_ms * 1000;
        r->con_end_us = r->con_start_us + r->conc_ms * 1000;
        r->rushed = i == 1;
        r->momentum = i == 2;
        for (int k = 0; k < REP_TRACE_POINTS; k++)
            r->trace_mmps[k] = (int16_t)(k % 2 ? TRACE_NEG_MMPS - k - i : 300 * k + i);
    }
}

static struct store_done set_done(struct store *st, int64_t member_id, int64_t session_key,
                                  int64_t wall_us, const struct live_set *s)
{
    static struct live_set copy; /* the set started a minute before it ended */
    copy = *s;
    copy.t_start_wall_us = wall_us - 60 * US_PER_S;
    struct effect e = {.kind = EFFECT_SET_DONE,
                       .t_wall_us = wall_us,
                       .session_key = session_key,
                       .member_id = member_id,
                       .key = s->key,
                       .set = &copy};
    return submit_wait(st, &e);
}

static void set_ok(struct store *st, int64_t member_id, int64_t session_key, int64_t wall_us,
                   const struct live_set *s)
{
    struct store_done d = set_done(st, member_id, session_key, wall_us, s);
    if (!d.ok)
        fail_msg("set %lld: %s", (long long)s->key, d.err);
    assert_int_equal(d.key, s->key);
    store_done_release(&d);
}

static int64_t count_rows(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return n;
}

/* Today's cap reads one exercise's last 8 weeks through the index, never the table. */
static void test_history_query_uses_its_index(void **state)
{
    struct fixture *f = *state;
    store_close(open_ok(f, false));
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *q;
    assert_int_equal(
        sqlite3_prepare_v2(db, "EXPLAIN QUERY PLAN " STORE_EXERCISE_HISTORY_SQL, -1, &q, NULL),
        SQLITE_OK);
    char plan[512] = "";
    while (sqlite3_step(q) == SQLITE_ROW) {
        size_t len = strlen(plan);
        snprintf(plan + len, sizeof plan - len, "%s;", (const char *)sqlite3_column_text(q, 3));
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    if (!strstr(plan, "USING INDEX sets_member (member_id=? AND exercise_id=? AND started_us>") ||
        strstr(plan, "SCAN") || strstr(plan, "TEMP B-TREE"))
        fail_msg("history query plan: %s", plan);
}

/* --- tests --- */

static void test_migrates_empty_file(void **state)
{
    struct fixture *f = *state;
    int fd = open(f->path, O_CREAT | O_WRONLY, 0600);
    assert_true(fd >= 0);
    close(fd);
    struct store *st = open_ok(f, false);
    assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);

    static const char *const tables[] = {
        "members",      "badges",       "exercises",    "sessions",
        "sets",         "reps",         "flags",        "acknowledgements",
        "start_loads",  "overrides",    "imu_records",  "day_checkins",
        "sync_outbox",  "sync_state",   "screenings",   "trainer_actions",
        "calibrations", "pull_waiting", "pin_lockouts", "bar_units"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char sql[128];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'",
                 tables[i]);
        assert_int_equal(count_rows(f->path, sql), 1);
    }
    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"),
                     sizeof tables / sizeof tables[0]);

    static const struct exercise want[] = {
        {0, "Back squat", false, true, 5, 3},
        {0, "Deadlift", false, true, 5, 3},
        {0, "Overhead press", true, true, 5, 3},
        {0, "Bench press", true, false, 5, 3},
    };
    struct exercise ex[SESSION_MAX_EXERCISES];
    assert_int_equal(store_exercises(st, ex, SESSION_MAX_EXERCISES), 4);
    for (int i = 0; i < 4; i++) {
        assert_string_equal(ex[i].name, want[i].name);
        assert_int_equal(ex[i].upper_body, want[i].upper_body);
        assert_int_equal(ex[i].on_plate, want[i].on_plate);
        assert_int_equal(ex[i].target_reps, want[i].target_reps);
        assert_int_equal(ex[i].work_sets, want[i].work_sets);
    }
    store_close(st);

    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
    sqlite3_finalize(q);
    sqlite3_close(db);
}

static void test_reopen_keeps_data_and_migrates_once(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_ok(f, false);
    int64_t id = add_member(st, "Alex Rivera", ROLE_LIFTER, NULL, "0001");
    store_close(st);

    st = open_ok(f, true);
    assert_int_equal(store_schema_version(st), STORE_SCHEMA_VERSION);
    struct member_profile p;
    assert_int_equal(store_find_badge(st, "0001", today_now(), &p), 1);
    assert_int_equal(p.id, id);
    assert_string_equal(p.name, "Alex Rivera");
    assert_int_equal(p.role, ROLE_LIFTER);
    store_close(st);
    /* the seeded exercises were not inserted twice */
    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM exercises"), 4);
}

/*
 * An exercise's own largest step is kept per rack unit (the catalogue's step_max = 2.5kg
 * 10lb), so rackside-ctl allowed --member on a pound rack reads the pound figure; a
 * catalogue that changes it updates the row, and after a reopen the database answers
 * alone. Before schema step 25 only the kilogram figure was kept (the pound one read 0).
 */
static void test_exercise_step_kept_per_unit(void **state)
{
    struct fixture *f = *state;
    static const struct {
        int32_t kg_mu, lb_mu; /* the squat's step_max: thousandths of a kg, of a lb */
    } cases[] = {{2500, 10000}, {0, 7500}, {3000, 0}, {0, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct catalogue *c = calloc(1, sizeof *c);
        assert_non_null(c);
        catalogue_init(c);
        struct catalogue_exercise *e = &c->exercises[c->n_exercises++];
        snprintf(e->key, sizeof e->key, "squat");
        snprintf(e->name, sizeof e->name, "Back squat");
        e->target_reps = 5;
        e->work_sets = 3;
        e->on_plate = true;
        e->step_max_mu[RACK_KG] = cases[i].kg_mu;
        e->step_max_mu[RACK_LB] = cases[i].lb_mu;
        struct store *st = open_ok(f, false);
        struct exercise out[SESSION_MAX_EXERCISES];
        char err[STORE_ERR_MAX] = "";
        if (store_sync_catalogue(st, c, out, SESSION_MAX_EXERCISES, err) != 1)
            fail_msg("case %zu: sync: %s", i, err);
        free(c);
        store_close(st);
        st = open_ok(f, false);
        struct exercise ex[SESSION_MAX_EXERCISES];
        int n = store_exercises(st, ex, SESSION_MAX_EXERCISES);
        store_close(st);
        assert_true(n >= 1);
        assert_string_equal(ex[0].key, "squat");
        if (ex[0].step_max_mu[RACK_KG] != cases[i].kg_mu ||
            ex[0].step_max_mu[RACK_LB] != cases[i].lb_mu)
            fail_msg("case %zu: stored %d kg-mu %d lb-mu, want %d %d", i,
                     ex[0].step_max_mu[RACK_KG], ex[0].step_max_mu[RACK_LB], cases[i].kg_mu,
                     cases[i].lb_mu);
    }
}

static void test_newer_schema_refused(void **state)
{
    struct fixture *f = *state;
    store_close(open_ok(f, false));
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    char err[STORE_ERR_MAX] = "";
    assert_null(store_open(f->path, false, err));
    assert_non_null(strstr(err, "newer"));
    assert_non_null(strstr(err, f->path));
}

static void test_committed_set_survives_reopen(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_ok(f, true);
    int64_t id = add_member(st, "Sam Okafor", ROLE_LIFTER, NULL, "0002");
    int64_t day = today_now();
    int64_t t0 = at(day, HOUR_OF_SETS);
    open_session(st, id, t0, t0, 2);

    struct live_set *s = malloc(sizeof *s);
    make_set(s, t0 + 1, SQUAT, 72500, 3, false);
    s->n_flags = 2;
    s->flags[0] = (struct raised_flag){FLAG_RUSHED, SEVERITY_CAUTION, 2, "eccentric 1.2 s"};
    s->flags[1] = (struct raised_flag){FLAG_MOMENTUM, SEVERITY_CAUTION, 3, "bar swing"};
    struct effect e = {.kind = EFFECT_SET_DONE,
                       .t_wall_us = t0 + 60 * US_PER_S,
                       .session_key = t0,
                       .member_id = id,
                       .key = s->key,
                       .set = s};
    assert_int_equal(store_submit(st, &e), 0);
    /* the submit copied the set: scribbling on it now changes nothing stored */
    struct live_set want = *s;
    memset(s, 0x5a, sizeof *s);
    store_flush(st);
    struct store_done d;
    assert_true(store_next_done(st, &d));
    assert_int_equal(d.kind, EFFECT_SET_DONE);
    assert_true(d.ok);
    assert_int_equal(d.key, want.key);
    assert_false(store_next_done(st, &d));
    store_close(st);
    free(s);

    st = open_ok(f, false);
    struct set_detail det;
    assert_int_equal(store_set_detail(st, want.key, &det), 1);
    assert_string_equal(det.exercise, "Back squat");
    assert_int_equal(det.load_g, 72500);
    assert_int_equal(det.target_reps, 5);
    assert_int_equal(det.n_reps, 3);
    for (int i = 0; i < 3; i++) {
        const struct rep_result *a = &det.reps[i], *b = &want.reps[i];
        assert_int_equal(a->index, b->index);
        assert_int_equal(a->ecc_ms, b->ecc_ms);
        assert_int_equal(a->bottom_ms, b->bottom_ms);
        assert_int_equal(a->conc_ms, b->conc_ms);
        assert_int_equal(a->top_ms, b->top_ms);
        assert_int_equal(a->rom_mm, b->rom_mm);
        assert_int_equal(a->mean_conc_mmps, b->mean_conc_mmps);
        assert_int_equal(a->peak_conc_mmps, b->peak_conc_mmps);
        assert_int_equal(a->peak_horiz_mg, b->peak_horiz_mg);
        assert_int_equal(a->peak_gyro_dps, b->peak_gyro_dps);
        assert_int_equal(a->mean_prop_mmps, b->mean_prop_mmps);
        assert_int_equal(a->tilt_cdeg, b->tilt_cdeg);
        assert_int_equal(a->momentum_pct, b->momentum_pct);
        assert_int_equal(a->ecc_start_us, 2000000 + 7000000 * i);
        assert_int_equal(a->ecc_end_us, a->ecc_start_us + (b->ecc_ms + 1) * 1000);
        assert_int_equal(a->con_start_us, a->ecc_end_us + b->bottom_ms * 1000);
        assert_int_equal(a->con_end_us, a->con_start_us + b->conc_ms * 1000);
        assert_int_equal(a->rushed, b->rushed);
        assert_int_equal(a->momentum, b->momentum);
        assert_memory_equal(a->trace_mmps, b->trace_mmps, sizeof a->trace_mmps);
    }
    assert_int_equal(store_set_detail(st, want.key + 999, &det), 0);

    struct flag_view fl[8];
    assert_int_equal(store_day_flags(st, day, fl, 8), 2);
    assert_int_equal(fl[0].kind, FLAG_RUSHED);
    assert_int_equal(fl[0].set_key, want.key);
    assert_string_equal(fl[0].member, "Sam Okafor");
    assert_string_equal(fl[0].detail, "eccentric 1.2 s");
    assert_int_equal(fl[1].kind, FLAG_MOMENTUM);
    assert_int_equal(fl[1].severity, SEVERITY_CAUTION);
    assert_false(fl[1].acked);
    store_close(st);
    assert_int_equal(count_rows(f->path, "SELECT red_flags FROM sessions"), 1 << 1);
    assert_int_equal(count_rows(f->path, "SELECT left_pct FROM sets"), 52);
}

/* A store (not threaded) with a lifter, Robin Park (badge S1), and a trainer, Jordan Lee
 * (badge T1, PIN 2468): the people of the story's tests. */
static struct store *open_with_people(const struct fixture *f, int64_t *lifter, int64_t *trainer)
{
    struct store *st = open_ok(f, false);
    *lifter = add_member(st, "Robin Park", ROLE_LIFTER, NULL, "S1");
    *trainer = add_member(st, "Jordan Lee", ROLE_TRAINER, "2468", "T1");
    return st;
}

/* A lifter's story from the records: sets with their mean velocity, check-ins, a skipped
 * warm-up, flags, and each trainer action (acknowledgement, start load, cap) with who. */
static void test_story_keeps_trainer_actions(void **state)
{
    struct fixture *f = *state;
    int64_t lifter, trainer;
    struct store *st = open_with_people(f, &lifter, &trainer);
    int64_t today = today_now();
    open_session(st, lifter, 1, at(today - 10, 12), 3);
    struct live_set s;
    make_set(&s, 101, 0, 60000, 5, true);
    set_ok(st, lifter, 1, at(today - 10, 12) + 600 * US_PER_S, &s);
    open_session(st, lifter, 2, at(today - 3, 12), 5);
    make_set(&s, 102, 0, 70000, 3, false);
    set_ok(st, lifter, 2, at(today - 3, 12) + 600 * US_PER_S, &s);
    struct effect fl = {.kind = EFFECT_FLAG, .t_wall_us = at(today - 3, 12), .member_id = lifter};
    fl.flag = (struct raised_flag){FLAG_WARMUP_SKIPPED, SEVERITY_CAUTION, 0, "skipped"};
    submit_ok(st, &fl);
    int64_t flag_id = count_rows(f->path, "SELECT max(id) FROM flags");
    struct effect ack = {.kind = EFFECT_ACK_FLAG,
                         .t_wall_us = at(today - 2, 9),
                         .member_id = trainer,
                         .key = flag_id};
    snprintf(ack.text, sizeof ack.text, "Technique cue given");
    submit_ok(st, &ack);
    struct effect load = {.kind = EFFECT_SET_LOAD,
                          .t_wall_us = at(today - 1, 9),
                          .member_id = trainer,
                          .key = lifter,
                          .exercise_id = 1,
                          .load_g = 65000,
                          .override = true};
    snprintf(load.text, sizeof load.text, "Medical clearance seen");
    submit_ok(st, &load);

    static struct lifter_story story;
    assert_int_equal(store_lifter_story(st, lifter, today, &story), 1);
    assert_string_equal(story.name, "Robin Park");
    assert_int_equal(story.n_ex, 1);
    assert_int_equal(story.ex[0].n_sets, 2);
    assert_int_equal(story.ex[0].sets[0].load_g, 60000);
    assert_int_equal(story.ex[0].sets[0].vel_mmps, 430); /* 450 - 10 i over 5 reps */
    assert_false(story.ex[0].sets[1].clean);
    assert_int_equal(story.n_days, 2);
    assert_int_equal(story.days[1].pain, 5);
    assert_true(story.days[1].warmup_skipped);
    assert_true(story.days[1].red_flag);
    assert_int_equal(story.n_flags, 1);
    assert_true(story.flags[0].acked);
    assert_int_equal(story.n_actions, 2); /* newest first */
    assert_string_equal(story.actions[0].what, "cap for today");
    assert_string_equal(story.actions[0].by, "Jordan Lee");
    assert_non_null(strstr(story.actions[0].note, "Medical clearance seen"));
    assert_non_null(strstr(story.actions[0].note, "65.0 kg"));
    assert_string_equal(story.actions[1].what, "acknowledged");
    assert_string_equal(story.actions[1].note, "Technique cue given");
    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM trainer_actions WHERE by_member_id "
                                         "IS NOT NULL AND member_id IS NOT NULL"),
                     2);
    assert_int_equal(store_lifter_story(st, 9999, today, &story), 0); /* nobody */
    store_close(st);
}

/* The story's action by what it says, or NULL. */
static const struct story_action *story_says(const struct lifter_story *st, const char *what,
                                             const char *note)
{
    for (int i = 0; i < st->n_actions; i++)
        if (strcmp(st->actions[i].what, what) == 0 && strstr(st->actions[i].note, note))
            return &st->actions[i];
    return NULL;
}

/* A trainer's actions at the rack as the story hands them: a no-lifting day cleared, a
 * badge given to the lifter (an enrolment) and a badge taken away, each with who, what
 * and its words, written through the store's own requests. */
static void test_story_tells_each_trainer_action(void **state)
{
    struct fixture *f = *state;
    int64_t lifter, trainer;
    struct store *st = open_with_people(f, &lifter, &trainer);
    int64_t today = today_now();
    open_session(st, lifter, 1, at(today - 2, 12), 7); /* pain 7: no lifting that day */
    struct effect clear = {.kind = EFFECT_CLEAR_DAY,
                           .t_wall_us = at(today - 2, 13),
                           .member_id = trainer,
                           .key = lifter};
    snprintf(clear.text, sizeof clear.text, "Seen by the physio");
    struct effect give = {
        .kind = EFFECT_ENROL, .t_wall_us = at(today - 1, 9), .member_id = trainer, .key = lifter};
    snprintf(give.text, sizeof give.text, "S2 ");
    struct effect take = {.kind = EFFECT_BADGE_REMOVE,
                          .t_wall_us = at(today - 1, 10),
                          .member_id = trainer,
                          .key = lifter};
    snprintf(take.text, sizeof take.text, "S1");
    static const struct {
        const char *what, *note;
    } want[] = {
        {"cleared to lift", "Seen by the physio"},
        {"enrolled", "S2"},
        {"badge taken away", "badge S1"},
    };
    const struct effect *done[] = {&clear, &give, &take};
    static struct lifter_story story;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_int_equal(store_lifter_story(st, lifter, today, &story), 1);
        if (story_says(&story, want[i].what, want[i].note))
            fail_msg("\"%s\" is in the story before it was done", want[i].what);
        submit_ok(st, done[i]);
        assert_int_equal(store_lifter_story(st, lifter, today, &story), 1);
        const struct story_action *a = story_says(&story, want[i].what, want[i].note);
        if (!a)
            fail_msg("the story does not say \"%s\" (\"%s\"): %d actions", want[i].what,
                     want[i].note, story.n_actions);
        assert_string_equal(a->by, "Jordan Lee");
        assert_false(a->by_operator);
        assert_int_equal(a->t_wall_us, done[i]->t_wall_us);
    }
    store_close(st);
}

/* The story holds the last 8 weeks (STORY_DAYS gym days, today the last): a set, a
 * check-in and a flag 55 days back are in it, 56 days back not; a warm-up done is marked
 * on its day and a day without one is not. */
static void test_story_window_and_warmups(void **state)
{
    struct fixture *f = *state;
    int64_t lifter, trainer;
    struct store *st = open_with_people(f, &lifter, &trainer);
    int64_t today = today_now();
    static const struct {
        int ago;
        bool in;
    } cases[] = {{0, true}, {STORY_DAYS - 1, true}, {STORY_DAYS, false}, {70, false}};
    enum { N_CASES = sizeof cases / sizeof cases[0] };
    struct live_set s;
    for (int i = 0; i < N_CASES; i++) {
        int64_t t = at(today - cases[i].ago, 12);
        open_session(st, lifter, 100 + i, t, 1);
        make_set(&s, 200 + i, SQUAT, 50000 + 1000 * cases[i].ago, 5, true);
        set_ok(st, lifter, 100 + i, t + 600 * US_PER_S, &s);
        struct effect fl = {
            .kind = EFFECT_FLAG, .t_wall_us = t + 700 * US_PER_S, .member_id = lifter};
        fl.flag = (struct raised_flag){FLAG_RUSHED, SEVERITY_CAUTION, 1, "rushed"};
        submit_ok(st, &fl);
    }
    struct effect warm = {
        .kind = EFFECT_WARMUP_DONE, .t_wall_us = at(today - 3, 12) + 300, .member_id = lifter};
    open_session(st, lifter, 120, at(today - 3, 12), 0);
    submit_ok(st, &warm);
    open_session(st, lifter, 121, at(today - 4, 12), 0); /* no warm-up that day */

    static struct lifter_story story;
    assert_int_equal(store_lifter_story(st, lifter, today, &story), 1);
    assert_int_equal(story.n_ex, 1);
    for (int i = 0; i < N_CASES; i++) {
        int64_t day = today - cases[i].ago;
        bool set = false, flag = false, checkin = false;
        for (int k = 0; k < story.ex[0].n_sets; k++)
            set = set || story.ex[0].sets[k].load_g == 50000 + 1000 * cases[i].ago;
        for (int k = 0; k < story.n_flags; k++)
            flag = flag || story.flags[k].day == day;
        for (int k = 0; k < story.n_days; k++)
            checkin = checkin || (story.days[k].day == day && story.days[k].pain == 1);
        if (set != cases[i].in || flag != cases[i].in || checkin != cases[i].in)
            fail_msg("%d days back: set %d, flag %d, check-in %d in the story; wanted %d",
                     cases[i].ago, set, flag, checkin, cases[i].in);
    }
    int warmed = -1, not_warmed = -1;
    for (int k = 0; k < story.n_days; k++) {
        if (story.days[k].day == today - 3)
            warmed = story.days[k].warmup_done;
        if (story.days[k].day == today - 4)
            not_warmed = story.days[k].warmup_done;
    }
    assert_int_equal(warmed, 1);
    assert_int_equal(not_warmed, 0);
    store_close(st);
}

/* Adds n trainer actions about member (an acknowledgement each, minutes apart from
 * first_us), the first a start load so the oldest can be told. */
static void add_actions(const char *path, int64_t member, int64_t by, int64_t first_us, int from,
                        int n)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    for (int i = from; i < from + n; i++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "INSERT INTO trainer_actions (t_us, by_member_id, member_id, kind, note)"
                 " VALUES (%lld, %lld, %lld, '%s', 'action %d')",
                 (long long)(first_us + i * 60 * US_PER_S), (long long)by, (long long)member,
                 i == 0 ? "start_load" : "ack", i);
        if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
            fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    }
    sqlite3_close(db);
}

/* The story's limits (STORY_MAX_ACTIONS, STORY_MAX_FLAGS, STORY_MAX_SETS an exercise): at
 * the limit everything is there; one more and the oldest leaves, the newest kept. */
static void test_story_limits_keep_the_newest(void **state)
{
    struct fixture *f = *state;
    int64_t lifter, trainer;
    struct store *st = open_with_people(f, &lifter, &trainer);
    int64_t today = today_now(), first_us = at(today - 50, 8);
    static struct lifter_story story;

    add_actions(f->path, lifter, trainer, first_us, 0, STORY_MAX_ACTIONS);
    for (int i = 0; i < STORY_MAX_FLAGS; i++) {
        struct effect fl = {
            .kind = EFFECT_FLAG, .t_wall_us = first_us + i * 60 * US_PER_S, .member_id = lifter};
        fl.flag =
            (struct raised_flag){i == 0 ? FLAG_OVERLOAD : FLAG_RUSHED, SEVERITY_CAUTION, 1, "x"};
        submit_ok(st, &fl);
    }
    struct live_set s;
    for (int i = 0; i < STORY_MAX_SETS + 1; i++) {
        int64_t t = at(today - 48 + i / 2, 10 + i % 2);
        if (i % 2 == 0)
            open_session(st, lifter, 300 + i, t - 60 * US_PER_S, 1);
        make_set(&s, 400 + i, DEADLIFT, 20000 + 500 * i, 5, true);
        set_ok(st, lifter, 300 + i - i % 2, t, &s);
        if (i == STORY_MAX_SETS - 1) { /* at every limit: all of it */
            assert_int_equal(store_lifter_story(st, lifter, today, &story), 1);
            assert_int_equal(story.n_actions, STORY_MAX_ACTIONS);
            assert_string_equal(story.actions[STORY_MAX_ACTIONS - 1].what, "start load");
            assert_int_equal(story.n_flags, STORY_MAX_FLAGS);
            assert_int_equal(story.flags[0].kind, FLAG_OVERLOAD);
            assert_int_equal(story.ex[0].n_sets, STORY_MAX_SETS);
            assert_int_equal(story.ex[0].sets[0].load_g, 20000);
        }
    }
    add_actions(f->path, lifter, trainer, first_us, STORY_MAX_ACTIONS, 1);
    struct effect fl = {.kind = EFFECT_FLAG,
                        .t_wall_us = first_us + STORY_MAX_FLAGS * 60 * US_PER_S,
                        .member_id = lifter};
    fl.flag = (struct raised_flag){FLAG_RUSHED, SEVERITY_CAUTION, 1, "x"};
    submit_ok(st, &fl);
    assert_int_equal(store_lifter_story(st, lifter, today, &story), 1);
    /* actions newest first: the newest (action 16) leads, the oldest (the start load) left */
    assert_int_equal(story.n_actions, STORY_MAX_ACTIONS);
    assert_string_equal(story.actions[0].note, "action 16");
    for (int i = 0; i < story.n_actions; i++)
        assert_string_not_equal(story.actions[i].what, "start load");
    /* flags and sets oldest first: the oldest left, the newest last */
    assert_int_equal(story.n_flags, STORY_MAX_FLAGS);
    for (int i = 0; i < story.n_flags; i++)
        assert_int_not_equal(story.flags[i].kind, FLAG_OVERLOAD);
    assert_int_equal(story.ex[0].n_sets, STORY_MAX_SETS);
    assert_int_equal(story.ex[0].sets[0].load_g, 20000 + 500);
    assert_int_equal(story.ex[0].sets[STORY_MAX_SETS - 1].load_g, 20000 + 500 * STORY_MAX_SETS);
    store_close(st);
}

static void test_unknown_badge(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_ok(f, false);
    add_member(st, "Alex Rivera", ROLE_LIFTER, NULL, "0001");
    struct member_profile p;
    assert_int_equal(store_find_badge(st, "0003", today_now(), &p), 0);
    assert_int_equal(store_find_badge(st, "", today_now(), &p), 0);
    struct effect e = {.kind = EFFECT_UNKNOWN_BADGE, .t_wall_us = at(today_now(), 9)};
    submit_ok(st, &e);
    store_close(st);
}

static const struct exercise_history *hist_of(const struct member_profile *p, int64_t ex_id)
{
    for (size_t i = 0; i < p->n_hist; i++)
        if (p->hist[i].exercise_id == ex_id)
            return &p->hist[i];
    return NULL;
}

static bool has_record(const struct exercise_history *h, int64_t day, int32_t load_g, bool clean)
{
    for (size_t i = 0; i < h->n_sets; i++)
        if (h->sets[i].day == day && h->sets[i].load_g == load_g && h->sets[i].clean == clean)
            return true;
    return false;
}

static void test_find_badge_history(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_ok(f, true);
    int64_t id = add_member(st, "Sam Okafor", ROLE_LIFTER, NULL, "0002");
    int64_t trainer = add_member(st, "Jordan Lee", ROLE_TRAINER, "2468", "9001");
    int64_t today = today_now();
    struct exercise ex[SESSION_MAX_EXERCISES];
    int n_ex = store_exercises(st, ex, SESSION_MAX_EXERCISES);
    char err[STORE_ERR_MAX];

    /* days ago, exercise, load, clean: the window is STORE_HISTORY_DAYS */
    static const struct {
        int ago;
        int exercise;
        int32_t load_g;
        bool clean;
    } sets[] = {
        {3, SQUAT, 60000, true},    {3, SQUAT, 57500, true}, /* same day: the heavier counts */
        {3, SQUAT, 65000, false},   {10, SQUAT, 62500, true},
        {70, SQUAT, 80000, true}, /* older than the window */
        {5, DEADLIFT, 90000, true},
    };
    int64_t key = at(today - 80, 6);
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        int64_t t = at(today - sets[i].ago, HOUR_OF_SETS) + (int64_t)i;
        open_session(st, id, ++key, t, 1);
        struct live_set s;
        make_set(&s, ++key, sets[i].exercise, sets[i].load_g, 5, sets[i].clean);
        set_ok(st, id, key - 1, t + US_PER_S, &s);
    }
    /* the most recent check-in, three days ago, with pain 5 */
    open_session(st, id, ++key, at(today - 3, HOUR_OF_SETS + 2), 5);
    assert_int_equal(store_set_start_load(st, id, ex[DEADLIFT].id, 50000, 0, err), 0);
    assert_int_equal(
        store_set_override(st, id, ex[SQUAT].id, today, 67500, "strong week", trainer, err), 0);
    assert_int_equal(
        store_set_override(st, id, ex[DEADLIFT].id, today - 1, 99000, "yesterday", trainer, err),
        0);
    assert_int_equal(store_set_override(st, id, ex[SQUAT].id, today, 67500, "", trainer, err), -1);
    assert_int_equal(store_set_override(st, id, ex[SQUAT].id, today, 67500, "x", id, err), -1);

    struct member_profile p;
    assert_int_equal(store_find_badge(st, "0002", today, &p), 1);
    assert_int_equal(p.today, today);
    assert_int_equal(p.last_session_day, today - 3);
    assert_int_equal(p.last_session_pain, 5);
    assert_int_equal(p.n_hist, (size_t)n_ex);

    const struct exercise_history *sq = hist_of(&p, ex[SQUAT].id);
    assert_non_null(sq);
    assert_int_equal(sq->n_sets, 3);
    assert_true(has_record(sq, today - 3, 60000, true));
    assert_true(has_record(sq, today - 3, 65000, false));
    assert_true(has_record(sq, today - 10, 62500, true));
    assert_false(has_record(sq, today - 70, 80000, true));
    assert_int_equal(sq->override_g, 67500);
    assert_int_equal(sq->start_load_g, 0);

    const struct exercise_history *dl = hist_of(&p, ex[DEADLIFT].id);
    assert_non_null(dl);
    assert_int_equal(dl->n_sets, 1);
    assert_true(has_record(dl, today - 5, 90000, true));
    assert_int_equal(dl->start_load_g, 50000);
    assert_int_equal(dl->override_g, 0); /* yesterday's override is not today's */

    /* a pain-free check-in this morning does not hide the pain of the last session; the
     * last session's pain is the highest of that day */
    open_session(st, id, ++key, at(today, HOUR_OF_SETS - 1), 0);
    open_session(st, id, ++key, at(today - 3, HOUR_OF_SETS + 3), 2);
    assert_int_equal(store_find_badge(st, "0002", today, &p), 1);
    assert_int_equal(p.last_session_day, today - 3);
    assert_int_equal(p.last_session_pain, 5);

    /* someone never seen */
    assert_int_equal(store_find_badge(st, "9001", today, &p), 1);
    assert_int_equal(p.role, ROLE_TRAINER);
    assert_int_equal(p.last_session_day, -1);
    assert_int_equal(p.last_session_pain, -1);
    assert_true(store_pin_verify(p.pin_hash, "2468"));
    store_close(st);
}

/* The look-up keeps the window's day bounds (worked out once a day) and its statements: a
 * store asked about several days and day starts in turn answers as a fresh store does,
 * sets at 03:00 falling before or after a 04:00 boundary included. */
static void same_profile(const struct member_profile *a, const struct member_profile *b)
{
    assert_int_equal(a->last_session_day, b->last_session_day);
    assert_int_equal(a->last_session_pain, b->last_session_pain);
    assert_int_equal(a->n_hist, b->n_hist);
    for (size_t i = 0; i < a->n_hist; i++) {
        assert_int_equal(a->hist[i].n_sets, b->hist[i].n_sets);
        assert_int_equal(a->hist[i].sets_today, b->hist[i].sets_today);
        for (size_t k = 0; k < a->hist[i].n_sets; k++) {
            assert_int_equal(a->hist[i].sets[k].day, b->hist[i].sets[k].day);
            assert_int_equal(a->hist[i].sets[k].load_g, b->hist[i].sets[k].load_g);
        }
    }
}

static void test_kept_window_answers_as_fresh(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_ok(f, true);
    int64_t id = add_member(st, "Sam Okafor", ROLE_LIFTER, NULL, "0002");
    int64_t today = today_now();
    int64_t key = at(today - 90, 6);
    static const struct {
        int ago, hour, pain;
        int32_t load_g;
    } sets[] = {{0, 3, 2, 40000},  {1, 3, 5, 42500},   {1, 10, 1, 45000}, {2, 23, 0, 47500},
                {56, 3, 4, 50000}, {57, 10, 3, 52500}, {60, 10, 6, 55000}};
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        int64_t t = at(today - sets[i].ago, sets[i].hour);
        open_session(st, id, ++key, t, sets[i].pain);
        struct live_set s;
        make_set(&s, ++key, SQUAT, sets[i].load_g, 5, true);
        set_ok(st, id, key - 1, t + US_PER_S, &s);
    }
    static const struct {
        int day_offset, day_start_min;
    } asks[] = {{0, 0}, {0, 240}, {1, 240}, {-1, 240}, {-1, 0}, {3, 0}, {57, 240}, {-58, 240}};
    for (size_t i = 0; i < sizeof asks / sizeof asks[0]; i++) {
        store_set_day_start(st, asks[i].day_start_min);
        struct member_profile kept, fresh;
        assert_int_equal(store_find_badge(st, "0002", today + asks[i].day_offset, &kept), 1);
        struct store *other = open_ok(f, false);
        store_set_day_start(other, asks[i].day_start_min);
        assert_int_equal(store_find_badge(other, "0002", today + asks[i].day_offset, &fresh), 1);
        store_close(other);
        same_profile(&kept, &fresh);
    }
    /* the 03:00 set is yesterday's with a 04:00 start, today's with a midnight one */
    struct member_profile p;
    store_set_day_start(st, 240);
    assert_int_equal(store_find_badge(st, "0002", today, &p), 1);
    assert_int_equal(hist_of(&p, SQUAT + 1)->sets_today, 0);
    store_set_day_start(st, 0);
    assert_int_equal(store_find_badge(st, "0002", today, &p), 1);
    assert_int_equal(hist_of(&p, SQUAT + 1)->sets_today, 1);
    store_close(st);
}

/* A check-in's decision holds for the gym's day: pain only adds up, a red flag stays, a
 * trainer's clearance starts the day afresh and is recorded with its reason. */
static void test_day_record_holds_and_clears(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_ok(f, true);
    store_set_day_start(st, 240);
    int64_t lifter = add_member(st, "Alex Rivera", ROLE_LIFTER, NULL, "0001");
    int64_t trainer = add_member(st, "Jordan Lee", ROLE_TRAINER, "2468", "9001");
    int64_t today = today_now();
    static const struct {
        int hour; /* local time of the check-in (26: 02:00 the next morning) */
        int pain;
        bool red;
        bool no_lift;
        int want_pain_max;
        bool want_no_lift;
    } checkins[] = {
        {9, 5, false, false, 5, false},
        {10, 2, false, false, 5, false}, /* less pain later: the day keeps 5 */
        {11, 1, true, true, 5, true},
        {26, 0, false, false, 5, true}, /* 02:00 is still the same gym day */
    };
    for (size_t i = 0; i < sizeof checkins / sizeof checkins[0]; i++) {
        struct effect e = {.kind = EFFECT_SESSION_OPEN,
                           .t_wall_us = at(today, checkins[i].hour),
                           .session_key = 1000 + (int64_t)i,
                           .member_id = lifter,
                           .pain = checkins[i].pain,
                           .no_lift = checkins[i].no_lift};
        e.red_flags[1] = checkins[i].red;
        submit_ok(st, &e);
        struct member_profile p;
        assert_int_equal(store_find_badge(st, "0001", today, &p), 1);
        assert_int_equal(p.day.pain_max, checkins[i].want_pain_max);
        assert_int_equal(p.day.no_lift, checkins[i].want_no_lift);
    }
    struct effect warm = {
        .kind = EFFECT_WARMUP_DONE, .t_wall_us = at(today, 12), .member_id = lifter};
    submit_ok(st, &warm);
    struct effect clear = {
        .kind = EFFECT_CLEAR_DAY, .t_wall_us = at(today, 13), .member_id = trainer, .key = lifter};
    snprintf(clear.text, sizeof clear.text, "Seen by a physiotherapist");
    submit_ok(st, &clear);
    struct member_profile p;
    assert_int_equal(store_find_badge(st, "0001", today, &p), 1);
    assert_false(p.day.no_lift);
    assert_int_equal(p.day.pain_max, -1);
    assert_int_equal(p.day.warmup_done_wall_us, at(today, 12));
    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM day_checkins WHERE cleared_reason = "
                                         "'Seen by a physiotherapist' AND cleared_by IS NOT NULL"),
                     1);
    /* the next gym day starts empty */
    assert_int_equal(store_find_badge(st, "0001", today + 1, &p), 1);
    assert_false(p.day.no_lift);
    assert_int_equal(p.day.pain_max, -1);
    assert_int_equal(p.day.warmup_done_wall_us, 0);
    store_close(st);
}

static void test_gym_day_starts_at_the_boundary(void **state)
{
    (void)state;
    int64_t day = today_now();
    static const struct {
        int minutes; /* after local midnight of day */
        int start_min;
        int64_t want_offset; /* gym day relative to day */
    } cases[] = {
        {0, 0, 0},    {239, 240, -1}, {240, 240, 0},   {23 * 60 + 59, 240, 0},
        {30, 60, -1}, {60, 60, 0},    {12 * 60, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t midnight;
        store_local_day_bounds(day, &midnight, NULL);
        int64_t t = midnight + (int64_t)cases[i].minutes * 60 * US_PER_S;
        assert_int_equal(store_gym_day(t, cases[i].start_min), day + cases[i].want_offset);
        int64_t from, to;
        store_gym_day_bounds(store_gym_day(t, cases[i].start_min), cases[i].start_min, &from, &to);
        assert_true(from <= t && t < to);
    }
}

static void test_day_flags_with_acks(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_ok(f, true);
    int64_t lifter = add_member(st, "Alex Rivera", ROLE_LIFTER, NULL, "0001");
    int64_t trainer = add_member(st, "Jordan Lee", ROLE_TRAINER, "2468", "9001");
    int64_t today = today_now();

    static const struct {
        int ago;
        int hour;
        enum flag_kind kind;
    } raised[] = {
        {0, 9, FLAG_RED_FLAG}, {0, 11, FLAG_WARMUP_SKIPPED}, {1, 9, FLAG_PAIN}, {0, 7, FLAG_PAIN}};
    for (size_t i = 0; i < sizeof raised / sizeof raised[0]; i++) {
        struct effect e = {.kind = EFFECT_FLAG,
                           .t_wall_us = at(today - raised[i].ago, raised[i].hour),
                           .member_id = lifter};
        e.flag = (struct raised_flag){raised[i].kind, flag_kind_severity(raised[i].kind), 0, ""};
        snprintf(e.flag.detail, sizeof e.flag.detail, "flag %zu", i);
        submit_ok(st, &e);
    }

    struct effect load = {
        .kind = EFFECT_LOAD_FLAGS, .t_wall_us = at(today, 12), .member_id = trainer};
    struct store_done d = submit_wait(st, &load);
    assert_true(d.ok);
    assert_non_null(d.page);
    assert_int_equal(d.page->n, 4);
    assert_int_equal(d.page->sum.total, 4);
    const struct flag_view *fl0 = d.page->flags;
    /* yesterday's pain flag, unreviewed, is in today's list; one lifter's flags, worst
     * first (the red flag, then pain oldest first), then the warm-up skipped */
    assert_int_equal(fl0[0].kind, FLAG_RED_FLAG);
    assert_int_equal(fl0[1].kind, FLAG_PAIN);
    assert_true(fl0[1].earlier);
    assert_int_equal(fl0[2].kind, FLAG_PAIN);
    assert_false(fl0[2].earlier);
    assert_int_equal(fl0[3].kind, FLAG_WARMUP_SKIPPED);
    assert_string_equal(fl0[0].member, "Alex Rivera");
    assert_int_equal(fl0[0].member_id, lifter);
    assert_int_equal(fl0[0].severity, SEVERITY_STOP);
    assert_int_equal(fl0[0].set_key, 0);
    assert_int_equal(d.page->group[3].n, 4);
    assert_int_equal(d.page->group[3].n_open, 4);
    int64_t red_id = fl0[0].id;
    int64_t yesterday_id = fl0[1].id;
    store_done_release(&d);

    /* a day back: only that day's flags */
    load.key = load.flags_q.days_back = 1;
    d = submit_wait(st, &load);
    assert_true(d.ok);
    assert_int_equal(d.page->n, 1);
    assert_int_equal(d.page->flags[0].id, yesterday_id);
    assert_false(d.page->flags[0].earlier);
    store_done_release(&d);
    load.key = load.flags_q.days_back = 0;

    /* reviewed, it no longer heads today's list */
    struct effect ack_old = {.kind = EFFECT_ACK_FLAG,
                             .t_wall_us = at(today, 12),
                             .member_id = trainer,
                             .key = yesterday_id};
    d = submit_wait(st, &ack_old);
    assert_true(d.ok);
    store_done_release(&d);
    d = submit_wait(st, &load);
    assert_int_equal(d.page->n, 3);
    for (int i = 0; i < 3; i++)
        assert_false(d.page->flags[i].earlier);
    store_done_release(&d);

    struct effect ack = {
        .kind = EFFECT_ACK_FLAG, .t_wall_us = at(today, 12), .member_id = trainer, .key = red_id};
    snprintf(ack.text, sizeof ack.text, "sent to physio");
    d = submit_wait(st, &ack);
    assert_true(d.ok);
    assert_int_equal(d.key, red_id);
    store_done_release(&d);

    /* an acknowledgement of a flag that does not exist fails */
    ack.key = red_id + 1000;
    d = submit_wait(st, &ack);
    assert_false(d.ok);
    assert_true(strlen(d.err) > 0);
    store_done_release(&d);

    struct flag_view fl[SESSION_MAX_FLAG_VIEWS];
    assert_int_equal(store_day_flags(st, today, fl, SESSION_MAX_FLAG_VIEWS), 3);
    assert_false(fl[0].acked);
    assert_true(fl[1].acked);
    assert_string_equal(fl[1].ack_note, "sent to physio");
    assert_string_equal(fl[1].ack_by, "Jordan Lee");
    assert_false(fl[2].acked);
    /* with room for two, the newest two */
    assert_int_equal(store_day_flags(st, today, fl, 2), 2);
    assert_int_equal(fl[0].kind, FLAG_RED_FLAG);
    assert_int_equal(fl[1].kind, FLAG_WARMUP_SKIPPED);
    assert_int_equal(store_day_flags(st, today - 1, fl, SESSION_MAX_FLAG_VIEWS), 1);
    assert_int_equal(fl[0].kind, FLAG_PAIN);
    assert_int_equal(store_day_flags(st, today - 2, fl, SESSION_MAX_FLAG_VIEWS), 0);

    struct effect detail = {.kind = EFFECT_LOAD_DETAIL, .t_wall_us = at(today, 12), .key = 42};
    d = submit_wait(st, &detail);
    assert_false(d.ok);
    assert_null(d.detail);
    store_done_release(&d);
    store_close(st);
}

static void test_pin_verify(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_ok(f, true);
    int64_t trainer = add_member(st, "Jordan Lee", ROLE_TRAINER, "2468", "9001");
    int64_t lifter = add_member(st, "Alex Rivera", ROLE_LIFTER, NULL, "0001");
    const struct {
        const int64_t *who;
        const char *pin;
        bool ok;
    } cases[] = {
        {&trainer, "2468", true},   {&trainer, "2469", false}, {&trainer, "", false},
        {&trainer, "24680", false}, {&lifter, "2468", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct effect e = {.kind = EFFECT_VERIFY_PIN, .member_id = *cases[i].who};
        snprintf(e.text, sizeof e.text, "%s", cases[i].pin);
        struct store_done d = submit_wait(st, &e);
        if (d.ok != cases[i].ok)
            fail_msg("case %zu: pin \"%s\" gave %d", i, cases[i].pin, d.ok);
        store_done_release(&d);
    }
    char err[STORE_ERR_MAX];
    int64_t id;
    assert_int_equal(store_member_add(st, "No Pin", ROLE_TRAINER, NULL, &id, err), -1);
    assert_int_equal(store_member_add(st, "Bad Pin", ROLE_TRAINER, "12a4", &id, err), -1);
    assert_int_equal(store_member_add(st, "Lifter Pin", ROLE_LIFTER, "1234", &id, err), -1);
    assert_int_equal(store_member_add(st, "Alex Rivera", ROLE_LIFTER, NULL, &id, err), -1);
    assert_non_null(strstr(err, "already exists"));
    assert_false(store_pin_verify("", "2468"));
    assert_false(store_pin_verify("not a hash", "2468"));
    store_close(st);
    /* the PIN is not stored in the clear */
    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM members WHERE pin_hash LIKE "
                                         "'%2468%'"),
                     0);
}

/*
 * A trainer's own PIN change (issue 11): the old PIN must match, the new one follows the
 * same digit rules as `member add`, and afterwards only the new PIN verifies.
 */
static void test_pin_change(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_ok(f, true);
    int64_t trainer = add_member(st, "Jordan Lee", ROLE_TRAINER, "2468", "9001");
    int64_t lifter = add_member(st, "Alex Rivera", ROLE_LIFTER, NULL, "0001");
    const struct {
        const int64_t *who;
        const char *text; /* "OLD NEW" */
        bool ok;
        const char *err; /* part of the message when refused */
    } cases[] = {
        {&trainer, "1111 1357", false, "wrong PIN"}, {&trainer, "2468 13a7", false, "digits"},
        {&trainer, "2468 123", false, "digits"},     {&trainer, "2468 123456789", false, "digits"},
        {&trainer, "2468", false, "digits"},         {&trainer, "2468 ", false, "digits"},
        {&lifter, "2468 1357", false, "wrong PIN"},  {&trainer, "2468 1357", true, ""},
        {&trainer, "2468 9999", false, "wrong PIN"}, /* the old PIN is gone */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct effect e = {.kind = EFFECT_CHANGE_PIN, .member_id = *cases[i].who};
        snprintf(e.text, sizeof e.text, "%s", cases[i].text);
        struct store_done d = submit_wait(st, &e);
        if (d.ok != cases[i].ok || (!d.ok && !strstr(d.err, cases[i].err)))
            fail_msg("case %zu: \"%s\" gave %d (%s)", i, cases[i].text, d.ok, d.err);
        store_done_release(&d);
    }
    const struct {
        const char *pin;
        bool ok;
    } after[] = {{"2468", false}, {"1357", true}, {"9999", false}};
    for (size_t i = 0; i < sizeof after / sizeof after[0]; i++) {
        struct effect e = {.kind = EFFECT_VERIFY_PIN, .member_id = trainer};
        snprintf(e.text, sizeof e.text, "%s", after[i].pin);
        struct store_done d = submit_wait(st, &e);
        if (d.ok != after[i].ok)
            fail_msg("after the change, pin %s gave %d", after[i].pin, d.ok);
        store_done_release(&d);
    }
    store_close(st);
    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM members WHERE pin_hash LIKE "
                                         "'%1357%'"),
                     0);
}

/* The stored PIN hash's settings, as its encoded string gives them. */
static void hash_params(const char *path, int64_t id, int *mem_kib, int *t)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *q;
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT pin_hash FROM members WHERE id = ?", -1, &q, NULL),
        SQLITE_OK);
    sqlite3_bind_int64(q, 1, id);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    const char *h = (const char *)sqlite3_column_text(q, 0);
    assert_int_equal(sscanf(h, "$argon2id$v=19$m=%d,t=%d,", mem_kib, t), 2);
    sqlite3_finalize(q);
    sqlite3_close(db);
}

/* CPU seconds used by this process's finished children. */
static double children_cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/*
 * argon2id's 16 MiB is taken in a child process, so the kiosk's own memory stays flat:
 * hashing and checking a PIN are work done by a child (its CPU time shows in
 * RUSAGE_CHILDREN), with the same answers as ever.
 */
static void test_pin_work_runs_apart(void **state)
{
    (void)state;
    char hash[PIN_HASH_MAX_LEN];
    double before = children_cpu_s();
    assert_int_equal(store_pin_hash("135790", hash), 0);
    double after_hash = children_cpu_s();
    assert_true(after_hash > before);
    assert_true(store_pin_verify(hash, "135790"));
    assert_false(store_pin_verify(hash, "135791"));
    assert_true(children_cpu_s() > after_hash);
    assert_int_equal(crypto_pwhash_str_verify(hash, "135790", 6), 0); /* a standard hash */
}

/*
 * A copied backup must not give up a PIN in seconds (issue 7): new hashes use at least
 * 16 MiB and 3 passes; a hash made with the old 8 KiB settings still verifies and is
 * replaced by a strong one at the next good PIN; 4 to 8 digits, nothing else.
 */
static void test_pin_hash_strength(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_ok(f, true);
    int64_t six = add_member(st, "Dana Cole", ROLE_TRAINER, "135790", "9002");
    int64_t eight = add_member(st, "Eight Digits", ROLE_TRAINER, "13579024", NULL);
    int mem_kib, t;
    hash_params(f->path, six, &mem_kib, &t);
    assert_true(mem_kib >= 16 * 1024);
    assert_true(t >= 3);
    char err[STORE_ERR_MAX];
    int64_t id;
    assert_int_equal(store_member_add(st, "Nine", ROLE_TRAINER, "123456789", &id, err), -1);
    assert_int_equal(store_member_add(st, "Three", ROLE_TRAINER, "123", &id, err), -1);

    /* an old-style hash, as earlier versions wrote it */
    char old[crypto_pwhash_STRBYTES];
    assert_int_equal(crypto_pwhash_str(old, "2468", 4, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                       crypto_pwhash_MEMLIMIT_MIN),
                     0);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_stmt *q;
    assert_int_equal(
        sqlite3_prepare_v2(db, "UPDATE members SET pin_hash = ? WHERE id = ?", -1, &q, NULL),
        SQLITE_OK);
    sqlite3_bind_text(q, 1, old, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, eight);
    assert_int_equal(sqlite3_step(q), SQLITE_DONE);
    sqlite3_finalize(q);
    sqlite3_close(db);

    struct effect e = {.kind = EFFECT_VERIFY_PIN, .member_id = eight};
    snprintf(e.text, sizeof e.text, "2469");
    struct store_done d = submit_wait(st, &e);
    assert_false(d.ok);
    store_done_release(&d);
    hash_params(f->path, eight, &mem_kib, &t);
    assert_int_equal(mem_kib, 8); /* a wrong PIN changes nothing */
    snprintf(e.text, sizeof e.text, "2468");
    d = submit_wait(st, &e);
    assert_true(d.ok);
    store_done_release(&d);
    hash_params(f->path, eight, &mem_kib, &t);
    assert_true(mem_kib >= 16 * 1024);
    d = submit_wait(st, &e); /* and the new hash takes the same PIN */
    assert_true(d.ok);
    store_done_release(&d);
    store_close(st);
}

enum open_case { OPEN_READONLY_FILE, OPEN_UNWRITABLE_DIR, OPEN_GARBAGE };

/*
 * Opens as an ordinary user in a child: root ignores file permissions. Returns the
 * message store_open gave, or "" when it unexpectedly opened.
 */
static void open_as_user(const char *path, char *msg, size_t n)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        if (geteuid() == 0 && (setgid(NOBODY_ID) != 0 || setuid(NOBODY_ID) != 0))
            _exit(3);
        char err[STORE_ERR_MAX] = "";
        struct store *st = store_open(path, false, err);
        if (st) {
            store_close(st);
            err[0] = '\0';
        }
        ssize_t w = write(fds[1], err, strlen(err));
        _exit(w < 0 ? 4 : 0);
    }
    close(fds[1]);
    size_t got = 0;
    ssize_t r;
    while (got + 1 < n && (r = read(fds[0], msg + got, n - 1 - got)) > 0)
        got += (size_t)r;
    msg[got] = '\0';
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_open_refuses(void **state)
{
    struct fixture *f = *state;
    static const struct {
        enum open_case what;
        const char *expect;
    } cases[] = {
        {OPEN_READONLY_FILE, "readonly"},
        {OPEN_UNWRITABLE_DIR, "permissions"},
        {OPEN_GARBAGE, "not a database"},
    };
    static const char garbage[] = "name,weight\nAlex,80\n this is somebody's spreadsheet\n";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char dir[2 * DIR_LEN], path[4 * DIR_LEN], msg[STORE_ERR_MAX + 1];
        snprintf(dir, sizeof dir, "%s/case%zu", f->dir, i);
        assert_int_equal(mkdir(dir, 0777), 0);
        assert_int_equal(chmod(dir, 0777), 0);
        assert_int_equal(chmod(f->dir, 0755), 0);
        snprintf(path, sizeof path, "%s/%s", dir, STORE_DB_FILE);
        switch (cases[i].what) {
        case OPEN_READONLY_FILE: {
            char err[STORE_ERR_MAX];
            struct store *st = store_open(path, false, err);
            assert_non_null(st);
            store_close(st);
            assert_int_equal(chmod(path, 0444), 0);
            break;
        }
        case OPEN_UNWRITABLE_DIR:
            assert_int_equal(chmod(dir, 0555), 0);
            break;
        case OPEN_GARBAGE: {
            FILE *fp = fopen(path, "w");
            assert_non_null(fp);
            fputs(garbage, fp);
            fclose(fp);
            assert_int_equal(chmod(path, 0666), 0);
            break;
        }
        }
        open_as_user(path, msg, sizeof msg);
        print_message("%s\n", msg);
        if (!strstr(msg, cases[i].expect) || !strstr(msg, path))
            fail_msg("case %zu: message \"%s\"", i, msg);
        assert_null(strchr(msg, '\n'));
        /* root too is refused the garbage file */
        if (cases[i].what == OPEN_GARBAGE) {
            char err[STORE_ERR_MAX] = "";
            assert_null(store_open(path, true, err));
            assert_non_null(strstr(err, path));
            FILE *fp = fopen(path, "r");
            char back[sizeof garbage + 16] = "";
            size_t got = fread(back, 1, sizeof back, fp);
            fclose(fp);
            assert_int_equal(got, strlen(garbage));
            assert_memory_equal(back, garbage, got);
            char side[PATH_MAX + 8];
            snprintf(side, sizeof side, "%s-wal", path);
            assert_int_not_equal(access(side, F_OK), 0);
        }
    }
}

static void test_seed_is_idempotent(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_ok(f, false);
    char err[STORE_ERR_MAX] = "";
    assert_int_equal(store_seed_demo(st, err), 1);
    assert_int_equal(store_seed_demo(st, err), 0);
    store_close(st);
    st = open_ok(f, false);
    assert_int_equal(store_seed_demo(st, err), 0);

    const struct demo_badge *b;
    int n = store_demo_badges(&b);
    assert_int_equal(n, 3);
    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM members"), n);
    int64_t today = today_now();
    struct exercise ex[SESSION_MAX_EXERCISES];
    store_exercises(st, ex, SESSION_MAX_EXERCISES);
    for (int i = 0; i < n; i++) {
        struct member_profile p;
        assert_int_equal(store_find_badge(st, b[i].uid, today, &p), 1);
        assert_string_equal(p.name, b[i].name);
        assert_int_equal(p.role, b[i].role);
        if (b[i].pin)
            assert_true(store_pin_verify(p.pin_hash, b[i].pin));
        const struct exercise_history *sq = hist_of(&p, ex[SQUAT].id);
        assert_non_null(sq);
        if (strcmp(b[i].name, "Sam Okafor") == 0) {
            int32_t best = 0, first = INT32_MAX;
            for (size_t k = 0; k < sq->n_sets; k++) {
                assert_true(sq->sets[k].clean);
                assert_true(sq->sets[k].day < today);
                best = sq->sets[k].load_g > best ? sq->sets[k].load_g : best;
                first = sq->sets[k].load_g < first ? sq->sets[k].load_g : first;
            }
            assert_true(sq->n_sets >= 4);
            assert_int_equal(best, 70000);
            assert_int_equal(first, 60000);
            assert_true(p.last_session_day > today - 14);
        }
        if (strcmp(b[i].name, "Alex Rivera") == 0) {
            assert_int_equal(sq->n_sets, 0);
            assert_true(sq->start_load_g > 0);
        }
    }
    store_close(st);
}

/* Seedings handed one store_demo_pins hash the demo trainer's PIN once: the second fresh
 * database gets the first one's hash, and it checks the PIN. */
static void test_seed_hashes_the_demo_pin_once(void **state)
{
    struct fixture *f = *state;
    struct store_demo_pins pins = {0};
    char err[STORE_ERR_MAX] = "", first[PIN_HASH_MAX_LEN] = "";
    const struct demo_badge *b;
    int n = store_demo_badges(&b), trainer = -1;
    for (int i = 0; i < n; i++)
        if (b[i].role == ROLE_TRAINER)
            trainer = i;
    assert_true(trainer >= 0 && trainer < STORE_DEMO_BADGES_MAX);
    for (int round = 0; round < 2; round++) {
        unlink(f->path);
        struct store *st = open_ok(f, false);
        assert_int_equal(store_seed_demo_at(st, store_wall_now_us(), &pins, err), 1);
        struct member_profile p;
        assert_int_equal(store_find_badge(st, b[trainer].uid, today_now(), &p), 1);
        assert_true(store_pin_verify(p.pin_hash, b[trainer].pin));
        assert_false(store_pin_verify(p.pin_hash, "0000"));
        assert_string_equal(p.pin_hash, pins.hash[trainer]);
        if (round == 0)
            snprintf(first, sizeof first, "%s", p.pin_hash);
        else
            assert_string_equal(p.pin_hash, first);
        for (int i = 0; i < n; i++)
            if (b[i].role != ROLE_TRAINER)
                assert_string_equal(pins.hash[i], "");
        store_close(st);
    }
}

static void test_disk_full_writes_nothing(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_ok(f, true);
    int64_t id = add_member(st, "Sam Okafor", ROLE_LIFTER, NULL, "0002");
    int64_t t0 = at(today_now(), HOUR_OF_SETS);
    open_session(st, id, t0, t0, 1);

    struct live_set s;
    make_set(&s, t0 + 1, SQUAT, 70000, 5, true);
    s.n_flags = 1;
    s.flags[0] = (struct raised_flag){FLAG_ASYMMETRY, SEVERITY_CAUTION, 0, "62/38"};
    atomic_store(&disk_full, true);
    struct store_done d = set_done(st, id, t0, t0 + US_PER_S, &s);
    atomic_store(&disk_full, false);
    assert_false(d.ok);
    assert_int_equal(d.key, s.key);
    if (!strstr(d.err, "full"))
        fail_msg("err: %s", d.err);
    print_message("%s\n", d.err);
    store_done_release(&d);
    store_close(st);

    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM sets"), 0);
    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM reps"), 0);
    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM flags"), 0);

    /* with space again the same set commits */
    st = open_ok(f, true);
    set_ok(st, id, t0, t0 + US_PER_S, &s);
    store_close(st);
    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM reps"), 5);
    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM flags"), 1);
}

static void test_queue_bounded(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_ok(f, false);
    struct effect e = {.kind = EFFECT_UNKNOWN_BADGE};
    for (int i = 0; i < STORE_QUEUE_MAX; i++)
        assert_int_equal(store_submit(st, &e), 0);
    assert_int_equal(store_submit(st, &e), -1);
    struct store_done d;
    assert_true(store_next_done(st, &d));
    store_done_release(&d);
    assert_int_equal(store_submit(st, &e), 0);
    /* a SET_DONE without its set is refused, not dereferenced */
    assert_true(store_next_done(st, &d));
    struct effect bad = {.kind = EFFECT_SET_DONE};
    assert_int_equal(store_submit(st, &bad), -1);
    store_close(st); /* frees completions nobody took */
}

static void test_local_days(void **state)
{
    (void)state;
    const char *old_tz = getenv("TZ");
    char saved[64] = "";
    if (old_tz)
        snprintf(saved, sizeof saved, "%s", old_tz);
    /* dates, zone, hours in that day */
    static const struct {
        const char *tz;
        int y, m, d;
        int hours;
    } cases[] = {
        {"UTC", 2024, 1, 1, 24},
        {"Europe/Berlin", 2024, 3, 31, 23},
        {"Europe/Berlin", 2024, 10, 27, 25},
        {"America/New_York", 2024, 3, 10, 23},
        {"America/New_York", 2024, 6, 1, 24},
        {"UTC", 1970, 1, 1, 24},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        setenv("TZ", cases[i].tz, 1);
        tzset();
        struct tm tm = {.tm_year = cases[i].y - 1900,
                        .tm_mon = cases[i].m - 1,
                        .tm_mday = cases[i].d,
                        .tm_hour = 12,
                        .tm_isdst = -1};
        int64_t noon_us = (int64_t)mktime(&tm) * US_PER_S;
        int64_t day = store_local_day(noon_us);
        int64_t start, end;
        store_local_day_bounds(day, &start, &end);
        assert_int_equal(end - start, cases[i].hours * US_PER_HOUR);
        assert_int_equal(store_local_day(start), day);
        assert_int_equal(store_local_day(end - 1), day);
        assert_int_equal(store_local_day(end), day + 1);
        assert_int_equal(store_local_day(start - 1), day - 1);
    }
    setenv("TZ", "UTC", 1);
    tzset();
    assert_int_equal(store_local_day(0), 0);
    assert_int_equal(store_local_day(-1), -1);
    assert_int_equal(store_local_day(86400 * US_PER_S * 19000), 19000);
    if (old_tz)
        setenv("TZ", saved, 1);
    else
        unsetenv("TZ");
    tzset();
}

static void test_data_dir_rule(void **state)
{
    (void)state;
    char out[PATH_MAX], db[PATH_MAX];
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    char saved_xdg[PATH_MAX] = "", saved_home[PATH_MAX] = "";
    if (xdg)
        snprintf(saved_xdg, sizeof saved_xdg, "%s", xdg);
    if (home)
        snprintf(saved_home, sizeof saved_home, "%s", home);

    setenv("HOME", "/home/gym", 1);
    setenv("XDG_DATA_HOME", "/srv/data", 1);
    assert_int_equal(store_default_data_dir(out, sizeof out), 0);
    assert_string_equal(out, "/srv/data/rackside");
    setenv("XDG_DATA_HOME", "relative/ignored", 1);
    assert_int_equal(store_default_data_dir(out, sizeof out), 0);
    assert_string_equal(out, "/home/gym/.local/share/rackside");
    unsetenv("XDG_DATA_HOME");
    assert_int_equal(store_default_data_dir(out, sizeof out), 0);
    assert_string_equal(out, "/home/gym/.local/share/rackside");
    assert_int_equal(store_db_path(out, db, sizeof db), 0);
    assert_string_equal(db, "/home/gym/.local/share/rackside/" STORE_DB_FILE);
    assert_int_equal(store_db_path(out, db, 8), -1);
    assert_int_equal(store_default_data_dir(out, 8), -1);
    assert_string_equal(out, "");

    if (xdg)
        setenv("XDG_DATA_HOME", saved_xdg, 1);
    if (home)
        setenv("HOME", saved_home, 1);
    else
        unsetenv("HOME");
}

static void test_make_data_dir(void **state)
{
    struct fixture *f = *state;
    char dir[2 * DIR_LEN], err[STORE_ERR_MAX];
    snprintf(dir, sizeof dir, "%s/a/b/c", f->dir);
    assert_int_equal(store_make_data_dir(dir, err), 0);
    assert_int_equal(store_make_data_dir(dir, err), 0);
    struct stat sb;
    assert_int_equal(stat(dir, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));
    snprintf(dir, sizeof dir, "%s/file", f->dir);
    FILE *fp = fopen(dir, "w");
    fclose(fp);
    assert_int_equal(store_make_data_dir(dir, err), -1);
    assert_non_null(strstr(err, dir));
}

static void test_backup(void **state)
{
    struct fixture *f = *state;
    struct store *st = open_ok(f, true);
    add_member(st, "Alex Rivera", ROLE_LIFTER, NULL, "0001");
    char dest[2 * DIR_LEN], err[STORE_ERR_MAX];
    snprintf(dest, sizeof dest, "%s/backup.db", f->dir);
    assert_int_equal(store_backup(st, dest, err), 0);
    assert_int_equal(store_backup(st, dest, err), -1); /* never overwrites */
    assert_non_null(strstr(err, "exists"));
    store_close(st);
    assert_int_equal(count_rows(dest, "SELECT count(*) FROM badges WHERE uid = '0001'"), 1);
}

/* The trainer's loads screen: lifters listed by name, start loads and caps stored, and
 * only a trainer may lift a cap; all through the writer thread, as the kiosk does it. */
static void test_trainer_sets_loads_through_the_queue(void **state)
{
    const struct fixture *f = *state;
    struct store *st = open_ok(f, true);
    int64_t robin = add_member(st, "Robin Park", ROLE_LIFTER, NULL, "0101");
    int64_t abe = add_member(st, "abe Adams", ROLE_LIFTER, NULL, NULL);
    int64_t trainer = add_member(st, "Jordan Lee", ROLE_TRAINER, "2468", NULL);
    struct exercise ex[SESSION_MAX_EXERCISES];
    assert_true(store_exercises(st, ex, SESSION_MAX_EXERCISES) > 0);

    struct effect e = {.kind = EFFECT_LOAD_LIFTERS, .t_wall_us = (int64_t)time(NULL) * US_PER_S};
    struct store_done d = submit_wait(st, &e);
    assert_true(d.ok);
    assert_int_equal(d.n_lifters, 2);       /* trainers are not lifters */
    assert_int_equal(d.lifters[0].id, abe); /* by name, whatever the case */
    assert_string_equal(d.lifters[1].name, "Robin Park");
    store_done_release(&d);

    e = (struct effect){.kind = EFFECT_SET_LOAD,
                        .t_wall_us = (int64_t)time(NULL) * US_PER_S,
                        .member_id = trainer,
                        .key = robin,
                        .exercise_id = ex[SQUAT].id,
                        .load_g = 42500};
    d = submit_wait(st, &e);
    assert_true(d.ok);
    store_done_release(&d);
    e.override = true;
    e.load_g = 60000;
    snprintf(e.text, sizeof e.text, "%s", session_load_reason(0));
    d = submit_wait(st, &e);
    assert_true(d.ok);
    store_done_release(&d);
    e.member_id = abe; /* a lifter cannot lift a cap */
    d = submit_wait(st, &e);
    assert_false(d.ok);
    assert_non_null(strstr(d.err, "trainer"));
    store_done_release(&d);

    struct member_profile p;
    assert_int_equal(store_find_badge(st, "0101", today_now(), &p), 1);
    const struct exercise_history *h = NULL;
    for (size_t i = 0; i < p.n_hist; i++)
        if (p.hist[i].exercise_id == ex[SQUAT].id)
            h = &p.hist[i];
    assert_non_null(h);
    assert_int_equal(h->start_load_g, 42500);
    assert_int_equal(h->override_g, 60000);
    store_close(st);
}

/*
 * --- a full disk at every write point of a session (issue 7) ---
 *
 * The records of one session in order; the disk is full at one of them (and, in the
 * "stays full" mode, at every one after it, until the kiosk stops). Each time, what the
 * screen would show as "Saved" is checked against the database, and once space returns
 * (or the next start replays the journal) every record is there.
 */
enum point { P_CHECKIN, P_FLAG1, P_SET1, P_FLAG2, P_SET2, P_ACK, P_LOGOUT, P_COUNT };

struct disk_case {
    char dir[2 * DIR_LEN];
    char path[3 * DIR_LEN];
    char journal[3 * DIR_LEN + 16];
    int64_t lifter, trainer, session, old_flag;
    struct live_set sets[2];
    bool saved[2]; /* what the rest screen would show */
};

static void take_dones(struct store *st, struct disk_case *c)
{
    struct store_done d;
    while (store_next_done(st, &d)) {
        for (int i = 0; i < 2; i++)
            if (d.kind == EFFECT_SET_DONE && d.key == c->sets[i].key)
                c->saved[i] = d.ok;
        if (!d.ok && d.retry)
            assert_non_null(strstr(d.err, "will retry"));
        store_done_release(&d);
    }
}

static void saved_matches_database(const struct disk_case *c)
{
    for (int i = 0; i < 2; i++) {
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM sets WHERE key = %lld",
                 (long long)c->sets[i].key);
        int64_t rows = count_rows(c->path, sql);
        if (c->saved[i] && rows != 1)
            fail_msg("set %d shown as saved but not in the database", i);
    }
}

static struct effect record(struct disk_case *c, enum point p, int64_t t0)
{
    struct effect e = {
        .t_wall_us = t0 + p * US_PER_S, .session_key = c->session, .member_id = c->lifter};
    switch (p) {
    case P_CHECKIN:
        e.kind = EFFECT_SESSION_OPEN;
        e.pain = 3;
        e.body_g = 80000;
        break;
    case P_FLAG1:
    case P_FLAG2:
        e.kind = EFFECT_FLAG;
        e.flag = (struct raised_flag){FLAG_WARMUP_SKIPPED, SEVERITY_INFO, 0, "skipped"};
        break;
    case P_SET1:
    case P_SET2:
        e.kind = EFFECT_SET_DONE;
        e.set = &c->sets[p == P_SET2];
        e.key = e.set->key;
        break;
    case P_ACK:
        e.kind = EFFECT_ACK_FLAG;
        e.member_id = c->trainer;
        e.key = c->old_flag;
        snprintf(e.text, sizeof e.text, "seen");
        break;
    case P_LOGOUT:
    case P_COUNT:
        e.kind = EFFECT_SESSION_CLOSE;
        break;
    }
    return e;
}

static struct store *open_case(struct disk_case *c, bool threaded)
{
    char err[STORE_ERR_MAX] = "";
    struct store *st = store_open(c->path, threaded, err);
    if (!st)
        fail_msg("store_open: %s", err);
    if (store_use_journal(st, c->journal, err) < 0)
        fail_msg("journal: %s", err);
    return st;
}

static void everything_landed(const struct disk_case *c)
{
    char sql[160];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM sessions WHERE key = %lld AND pain = 3 AND body_g = 80000 "
             "AND ended_us IS NOT NULL",
             (long long)c->session);
    assert_int_equal(count_rows(c->path, sql), 1);
    assert_int_equal(count_rows(c->path, "SELECT count(*) FROM sets"), 2);
    assert_int_equal(count_rows(c->path, "SELECT count(*) FROM reps"), 8);
    assert_int_equal(
        count_rows(c->path, "SELECT count(*) FROM flags WHERE session_key IS NOT NULL"), 2);
    assert_int_equal(count_rows(c->path, "SELECT count(*) FROM acknowledgements"), 1);
    assert_int_equal(count_rows(c->path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

static void run_disk_case(const struct fixture *f, int point, bool stays_full, bool threaded)
{
    struct disk_case c = {0};
    snprintf(c.dir, sizeof c.dir, "%s/p%d%c%c", f->dir, point, stays_full ? 's' : 'o',
             threaded ? 't' : 'n');
    assert_int_equal(mkdir(c.dir, 0700), 0);
    snprintf(c.path, sizeof c.path, "%s/%s", c.dir, STORE_DB_FILE);
    snprintf(c.journal, sizeof c.journal, "%s%s", c.path, STORE_JOURNAL_SUFFIX);
    struct store *st = open_case(&c, threaded);
    c.lifter = add_member(st, "Sam Okafor", ROLE_LIFTER, NULL, "0002");
    c.trainer = add_member(st, "Jordan Lee", ROLE_LIFTER, NULL, "9001"); /* no PIN to hash */
    int64_t t0 = at(today_now(), HOUR_OF_SETS);
    c.session = t0;
    struct effect old = {.kind = EFFECT_FLAG, .t_wall_us = t0 - US_PER_HOUR, .member_id = c.lifter};
    old.flag = (struct raised_flag){FLAG_PAIN, SEVERITY_CAUTION, 0, "yesterday"};
    submit_ok(st, &old);
    c.old_flag = count_rows(c.path, "SELECT max(id) FROM flags");
    for (int i = 0; i < 2; i++) {
        make_set(&c.sets[i], t0 + 100 + i, SQUAT, 60000 + 2500 * i, 4, true);
        c.sets[i].t_start_wall_us = t0 + i * US_PER_S;
    }

    for (int p = 0; p < P_COUNT; p++) {
        atomic_store(&disk_full, p == point || (stays_full && p > point));
        struct effect e = record(&c, (enum point)p, t0);
        assert_int_equal(store_submit(st, &e), 0);
        store_flush(st);
        take_dones(st, &c);
        saved_matches_database(&c);
        if (!stays_full) {
            atomic_store(&disk_full, false);
            store_retry(st);
            store_flush(st);
            take_dones(st, &c);
            saved_matches_database(&c);
        }
    }
    atomic_store(&disk_full, false);
    if (stays_full) {
        /* the kiosk stops with records pending: they go to the journal */
        assert_true(store_pending(st, NULL) > 0);
        store_close(st);
        st = open_case(&c, threaded);
    }
    assert_int_equal(store_pending(st, NULL), 0);
    store_close(st);
    everything_landed(&c);
}

static void test_disk_full_at_every_write_point(void **state)
{
    const struct fixture *f = *state;
    for (int point = 0; point < P_COUNT; point++)
        for (int mode = 0; mode < 4; mode++)
            run_disk_case(f, point, mode & 1, mode & 2);
}

/* A journal this version cannot read is moved aside, never deleted or replayed. */
static void test_foreign_journal_is_kept_aside(void **state)
{
    struct fixture *f = *state;
    char journal[3 * DIR_LEN], bad[3 * DIR_LEN + 8];
    snprintf(journal, sizeof journal, "%s%s", f->path, STORE_JOURNAL_SUFFIX);
    snprintf(bad, sizeof bad, "%s.bad", journal);
    FILE *j = fopen(journal, "w");
    assert_non_null(j);
    fputs("RACKJNL1 but then garbage", j);
    fclose(j);
    struct store *st = open_ok(f, false);
    char err[STORE_ERR_MAX] = "";
    assert_int_equal(store_use_journal(st, journal, err), -1);
    assert_non_null(strstr(err, "moved to"));
    store_close(st);
    struct stat sb;
    assert_int_equal(stat(bad, &sb), 0);
    assert_int_equal(stat(journal, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    if (install_full_vfs() != 0) {
        fprintf(stderr, "cannot install the test VFS\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        T(test_migrates_empty_file),
        T(test_reopen_keeps_data_and_migrates_once),
        T(test_newer_schema_refused),
        T(test_exercise_step_kept_per_unit),
        T(test_committed_set_survives_reopen),
        T(test_unknown_badge),
        T(test_story_keeps_trainer_actions),
        T(test_story_tells_each_trainer_action),
        T(test_story_window_and_warmups),
        T(test_story_limits_keep_the_newest),
        T(test_find_badge_history),
        T(test_kept_window_answers_as_fresh),
        T(test_day_flags_with_acks),
        T(test_day_record_holds_and_clears),
        T(test_pin_verify),
        T(test_pin_hash_strength),
        T(test_pin_work_runs_apart),
        T(test_pin_change),
        T(test_open_refuses),
        T(test_seed_is_idempotent),
        T(test_seed_hashes_the_demo_pin_once),
        T(test_disk_full_writes_nothing),
        T(test_queue_bounded),
        cmocka_unit_test(test_local_days),
        cmocka_unit_test(test_gym_day_starts_at_the_boundary),
        cmocka_unit_test(test_data_dir_rule),
        T(test_make_data_dir),
        T(test_backup),
        T(test_trainer_sets_loads_through_the_queue),
        T(test_disk_full_at_every_write_point),
        T(test_foreign_journal_is_kept_aside),
        T(test_history_query_uses_its_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
