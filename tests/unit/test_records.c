/*
 * The operator's records in the store (app/store/records.h) against real SQLite files:
 * which gym day a record belongs to in the range exports (the day starts at 04:00, so
 * 03:59 is the evening before), what a purge of health answers removes and keeps at its
 * cut-off, and what restore refuses or does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../app/config.h"
#include "../../app/core/screening.h"
#include "../../app/store/records.h"
#include "../../app/store/store_db.h"
#include "store_fixture.h"

#define US_PER_MIN    (60 * 1000000LL)
#define DAY_START_MIN 240
#define BASE_DAY      20400 /* a gym day in 2025, far from any DST change in most zones */
#define DIR_LEN       64

struct fixture {
    char dir[DIR_LEN];
    char path[2 * DIR_LEN];
    struct store *st;
    int64_t member_id;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->st = store_fixture_open("records", f->dir, sizeof f->dir, f->path, sizeof f->path);
    if (!f->st)
        return -1;
    char err[STORE_ERR_MAX];
    store_set_day_start(f->st, DAY_START_MIN);
    if (store_member_add(f->st, "Robin Park", ROLE_LIFTER, NULL, &f->member_id, err) != 0)
        return -1;
    *state = f;
    return 0;
}

STORE_FIXTURE_TEARDOWN(teardown)

/* Local wall time of day BASE_DAY + day_off at minutes after midnight (may be 24:00+). */
static int64_t at(int day_off, int minutes)
{
    int64_t start_us;
    store_local_day_bounds(BASE_DAY + day_off, &start_us, NULL);
    /* local midnight plus minutes: the store's own day numbering, no DST in between */
    return start_us + minutes * US_PER_MIN;
}

static void exec_sql(struct fixture *f, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 2000);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

/* A check-in with pain, a set, and a pain flag at t. */
static void add_visit(struct fixture *f, int64_t key, int64_t t_us, int pain)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO sessions (key, member_id, started_us, pain, red_flags) "
             "VALUES (%lld, %lld, %lld, %d, 2);"
             "INSERT INTO day_checkins (member_id, day, pain_max, red_flags, updated_us) "
             "VALUES (%lld, %lld, %d, 2, %lld) ON CONFLICT DO NOTHING;"
             "INSERT INTO sets (key, session_key, member_id, exercise_id, started_us, load_g, "
             "declared, target_reps, reps_done, clean, stopped) "
             "VALUES (%lld, %lld, %lld, 1, %lld, 60000, 0, 5, 5, 1, 0);"
             "INSERT INTO flags (t_us, member_id, session_key, kind, severity, detail) "
             "VALUES (%lld, %lld, %lld, 'pain', 'caution', 'pain %d/10 at check-in');"
             "INSERT INTO flags (t_us, member_id, session_key, set_key, kind, severity) "
             "VALUES (%lld, %lld, %lld, %lld, 'rushed', 'caution');",
             (long long)key, (long long)f->member_id, (long long)t_us, pain,
             (long long)f->member_id, (long long)store_gym_day(t_us, DAY_START_MIN), pain,
             (long long)t_us, (long long)key, (long long)key, (long long)f->member_id,
             (long long)t_us, (long long)t_us, (long long)f->member_id, (long long)key, pain,
             (long long)t_us, (long long)f->member_id, (long long)key, (long long)key);
    exec_sql(f, sql);
}

static void count_checkin(void *ctx, const struct checkin_row *r)
{
    (void)r;
    (*(int *)ctx)++;
}

static void count_flag(void *ctx, const struct flag_view *v, int rep)
{
    (void)v, (void)rep;
    (*(int *)ctx)++;
}

static void count_set(void *ctx, const struct set_row *r)
{
    (void)r;
    (*(int *)ctx)++;
}

/* Visits at day offset and minute; each case is a range of gym days and what it holds. */
static const struct {
    int day_off, minutes;
} visits[] = {
    {0, 3 * 60 + 59},               /* 03:59: the evening before, gym day -1 */
    {0, 4 * 60},                    /* 04:00: gym day 0 */
    {0, 23 * 60 + 59}, {1, 2 * 60}, /* 02:00 next morning: still gym day 0 */
    {1, 10 * 60},      {3, 10 * 60},
};

static const struct {
    int from, to; /* gym day offsets, inclusive */
    int want;
} ranges[] = {
    {-1, -1, 1}, {0, 0, 3}, {1, 1, 1}, {0, 1, 4}, {2, 2, 0}, {-5, 10, 6}, {3, 3, 1},
};

static void ranges_follow_the_gym_day(void **state)
{
    struct fixture *f = *state;
    for (size_t i = 0; i < sizeof visits / sizeof visits[0]; i++)
        add_visit(f, 100 + (int64_t)i, at(visits[i].day_off, visits[i].minutes), 5);
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        int64_t from = BASE_DAY + ranges[i].from, to = BASE_DAY + ranges[i].to;
        int checkins = 0, flags = 0, sets = 0, all_sets = 0;
        int rc[4] = {
            store_checkins_each(f->st, from, to, count_checkin, &checkins),
            store_flags_range_each(f->st, from, to, count_flag, &flags),
            store_member_sets_each(f->st, f->member_id, from, to, count_set, &sets),
            store_member_sets_each(f->st, 0, from, to, count_set, &all_sets),
        };
        /* each returns how many it handed over */
        assert_int_equal(rc[0], checkins);
        assert_int_equal(rc[1], flags);
        assert_int_equal(rc[2], sets);
        assert_int_equal(rc[3], all_sets);
        if (checkins != ranges[i].want || flags != 2 * ranges[i].want || sets != ranges[i].want ||
            all_sets != ranges[i].want)
            fail_msg("days %d..%d: %d check-ins, %d flags, %d sets; wanted %d, %d, %d",
                     ranges[i].from, ranges[i].to, checkins, flags, sets, ranges[i].want,
                     2 * ranges[i].want, ranges[i].want);
    }
    int none = 0;
    assert_int_equal(store_member_sets_each(f->st, f->member_id + 99, BASE_DAY - 10, BASE_DAY + 10,
                                            count_set, &none),
                     0);
}

static int64_t query_int(struct fixture *f, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
}

/* The cut-off is the start of a gym day: 03:59 that morning is before it, 04:00 is not. */
static void purge_stops_at_the_cut_off(void **state)
{
    struct fixture *f = *state;
    for (size_t i = 0; i < sizeof visits / sizeof visits[0]; i++)
        add_visit(f, 100 + (int64_t)i, at(visits[i].day_off, visits[i].minutes), 5);
    int64_t cut_us;
    store_gym_day_bounds(BASE_DAY, DAY_START_MIN, &cut_us, NULL);
    struct health_purge p;
    char err[STORE_ERR_MAX];
    assert_int_equal(store_purge_health(f->st, cut_us, &p, err), 0);
    assert_int_equal(p.checkins, 1);
    assert_int_equal(p.days, 1);
    assert_int_equal(p.flags, 1);
    assert_int_equal(query_int(f, "SELECT count(*) FROM sessions WHERE pain = 5"), 5);
    assert_int_equal(query_int(f, "SELECT count(*) FROM sessions WHERE pain = -1 AND "
                                  "red_flags = 0"),
                     1);
    assert_int_equal(query_int(f, "SELECT count(*) FROM flags WHERE kind = 'pain'"), 5);
    /* training records all stay: sets and the rushed flags */
    assert_int_equal(query_int(f, "SELECT count(*) FROM sets"), 6);
    assert_int_equal(query_int(f, "SELECT count(*) FROM flags WHERE kind = 'rushed'"), 6);
    /* a second purge finds nothing; a later cut-off takes the rest */
    assert_int_equal(store_purge_health(f->st, cut_us, &p, err), 0);
    assert_int_equal(p.checkins + p.days + p.flags, 0);
    assert_int_equal(store_purge_health(f->st, at(10, 0), &p, err), 0);
    assert_int_equal(p.checkins, 5);
    assert_int_equal(query_int(f, "SELECT count(*) FROM flags WHERE kind IN ('pain', 'red-flag')"),
                     0);
    assert_int_equal(query_int(f, "SELECT count(*) FROM day_checkins WHERE pain_max <> -1"), 0);
}

/* An acknowledged pain flag goes with its acknowledgement (the foreign key holds). */
static void purge_takes_acknowledgements(void **state)
{
    struct fixture *f = *state;
    add_visit(f, 7, at(-30, 600), 4);
    exec_sql(f, "INSERT INTO acknowledgements (flag_id, t_us, by_member_id, note) "
                "SELECT id, t_us + 1, member_id, 'seen' FROM flags");
    struct health_purge p;
    char err[STORE_ERR_MAX];
    assert_int_equal(store_purge_health(f->st, at(0, 0), &p, err), 0);
    assert_int_equal(p.flags, 1);
    assert_int_equal(query_int(f, "SELECT count(*) FROM acknowledgements"), 1); /* rushed's */
    assert_int_equal(query_int(f, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

/*
 * Enrolment screens are health answers too: the purge drops which questions had a yes and
 * the clearance's words, never the decision. Each case is one lifter's screens (day
 * offsets from the cut-off, the answers, when cleared) and what must hold after a purge at
 * the start of day 0: the rows left, their answers, and whether the words of the last
 * clearance stay. The decision (screening_need on every day from -400 to +400) must be
 * the same before and after.
 */
#define NOT_CLEARED 9999
static const struct screening_case {
    const char *what;
    int n;
    struct {
        int day;     /* answered on day (offset from the cut-off's day) */
        int answers; /* yes bits */
        int cleared; /* day cleared, NOT_CLEARED none */
    } rows[3];
    int rows_left;
    uint32_t last_answers; /* the last row's answers after the purge */
    bool reason_left;      /* the last row's clearance words stay */
} screening_cases[] = {
    {"old, all no", 1, {{-30, 0, NOT_CLEARED}}, 1, 0, false},
    {"old yes, never cleared: still waits",
     1,
     {{-300, 5, NOT_CLEARED}},
     1,
     SCREENING_YES_REMOVED,
     false},
    {"old yes, cleared long ago", 1, {{-300, 16, -290}}, 1, SCREENING_YES_REMOVED, false},
    {"old yes, cleared after the cut-off", 1, {{-3, 2, 1}}, 1, SCREENING_YES_REMOVED, true},
    {"the day of the cut-off is kept", 1, {{0, 8, NOT_CLEARED}}, 1, 8, false},
    {"recent yes, cleared", 1, {{2, 1, 3}}, 1, 1, true},
    {"old yes replaced by a recent screen", 2, {{-200, 4, -199}, {5, 0, NOT_CLEARED}}, 1, 0, false},
    {"two old screens: the last decides",
     2,
     {{-400, 1, -390}, {-200, 0, NOT_CLEARED}},
     1,
     0,
     false},
    {"three: old, old uncleared yes, none after",
     3,
     {{-500, 0, NOT_CLEARED}, {-300, 0, NOT_CLEARED}, {-20, 3, NOT_CLEARED}},
     1,
     SCREENING_YES_REMOVED,
     false},
};

static void add_screenings(struct fixture *f, int64_t member, const struct screening_case *c)
{
    for (int i = 0; i < c->n; i++) {
        char sql[512];
        int64_t t = at(c->rows[i].day, 600);
        if (c->rows[i].cleared == NOT_CLEARED)
            snprintf(sql, sizeof sql,
                     "INSERT INTO screenings (member_id, day, answers, t_us) "
                     "VALUES (%lld, %lld, %d, %lld)",
                     (long long)member, (long long)(BASE_DAY + c->rows[i].day), c->rows[i].answers,
                     (long long)t);
        else
            snprintf(sql, sizeof sql,
                     "INSERT INTO screenings (member_id, day, answers, t_us, cleared_us, "
                     "cleared_by, cleared_reason) VALUES (%lld, %lld, %d, %lld, %lld, %lld, "
                     "'operated on in spring, physio says fine')",
                     (long long)member, (long long)(BASE_DAY + c->rows[i].day), c->rows[i].answers,
                     (long long)t, (long long)at(c->rows[i].cleared, 700), (long long)member);
        exec_sql(f, sql);
        if (c->rows[i].answers) {
            snprintf(sql, sizeof sql,
                     "INSERT INTO flags (t_us, member_id, kind, severity, detail) VALUES "
                     "(%lld, %lld, 'screening', 'stop', 'history question #%d')",
                     (long long)t, (long long)member, c->rows[i].answers);
            exec_sql(f, sql);
        }
    }
}

/* screening_need on each day from -400 to +400, as a string of O (ok), D (due), C. */
static void decisions(struct fixture *f, int64_t member, char out[802])
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    struct screening_record rec;
    assert_int_equal(store_query_screening(db, member, &rec), 0);
    sqlite3_close(db);
    for (int d = -400; d <= 400; d++)
        out[d + 400] = "ODC"[screening_need(&rec, BASE_DAY + d, 182)];
    out[801] = '\0';
}

static void purge_keeps_the_screening_decision(void **state)
{
    struct fixture *f = *state;
    size_t n = sizeof screening_cases / sizeof screening_cases[0];
    int64_t member[16];
    char before[16][802];
    char err[STORE_ERR_MAX];
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "Lifter %zu", i);
        assert_int_equal(store_member_add(f->st, name, ROLE_LIFTER, NULL, &member[i], err), 0);
        add_screenings(f, member[i], &screening_cases[i]);
        decisions(f, member[i], before[i]);
    }
    int64_t cut_us;
    store_gym_day_bounds(BASE_DAY, DAY_START_MIN, &cut_us, NULL);
    struct health_purge p;
    assert_int_equal(store_purge_health(f->st, cut_us, &p, err), 0);
    assert_true(p.screenings > 0);
    for (size_t i = 0; i < n; i++) {
        const struct screening_case *c = &screening_cases[i];
        char after[802], sql[256];
        decisions(f, member[i], after);
        if (strcmp(before[i], after) != 0)
            fail_msg("%s: the decision changed", c->what);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM screenings WHERE member_id = %lld",
                 (long long)member[i]);
        if (query_int(f, sql) != c->rows_left)
            fail_msg("%s: %lld screens left, wanted %d", c->what, (long long)query_int(f, sql),
                     c->rows_left);
        snprintf(sql, sizeof sql,
                 "SELECT answers FROM screenings WHERE member_id = %lld ORDER BY t_us DESC",
                 (long long)member[i]);
        if (query_int(f, sql) != (int64_t)c->last_answers)
            fail_msg("%s: answers %lld, wanted %u", c->what, (long long)query_int(f, sql),
                     c->last_answers);
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM screenings WHERE member_id = %lld AND cleared_reason "
                 "LIKE '%%physio%%'",
                 (long long)member[i]);
        if ((query_int(f, sql) > 0) != c->reason_left)
            fail_msg("%s: the clearance's words %s", c->what,
                     c->reason_left ? "were removed" : "stayed");
    }
    /* the screening flags stay for the trainers; before the cut-off they name no question */
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM flags WHERE kind = 'screening' AND detail <> '' AND t_us < %lld",
             (long long)cut_us);
    assert_int_equal(query_int(f, sql), 0);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM flags WHERE kind = 'screening' AND detail <> '' AND "
             "t_us >= %lld",
             (long long)cut_us);
    assert_int_equal(query_int(f, sql), 2); /* the cut-off's day and the recent yes */
    assert_int_equal(query_int(f, "SELECT count(*) FROM flags WHERE kind = 'screening'"), 8);
    /* a second purge finds nothing more */
    assert_int_equal(store_purge_health(f->st, cut_us, &p, err), 0);
    assert_int_equal(p.screenings, 0);
}

static void restore_refuses_and_keeps(void **state)
{
    struct fixture *f = *state;
    add_visit(f, 1, at(0, 600), 2);
    char backup[3 * DIR_LEN], kept[PATH_MAX], err[STORE_ERR_MAX];
    snprintf(backup, sizeof backup, "%s/b.db", f->dir);
    assert_int_equal(store_backup_online(f->st, backup, err), 0);
    struct stat sb;
    assert_int_equal(stat(backup, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_int_equal(store_backup_online(f->st, backup, err), -1); /* never overwrites */
    add_visit(f, 2, at(1, 600), 3);

    /* files restore must refuse: the database stays as it is */
    static const struct {
        const char *name, *sql, *why;
    } bad[] = {
        {"newer.db", "CREATE TABLE members (id); PRAGMA user_version = 99", "newer"},
        {"other.db", "CREATE TABLE t (x); PRAGMA user_version = 1", "not a rackside database"},
        {"zero.db", "CREATE TABLE members (id)", "not a rackside database"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[3 * DIR_LEN];
        snprintf(path, sizeof path, "%s/%s", f->dir, bad[i].name);
        sqlite3 *db;
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        assert_int_equal(sqlite3_exec(db, bad[i].sql, NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(db);
        assert_int_equal(store_restore(f->st, path, kept, sizeof kept, err), -1);
        if (!strstr(err, bad[i].why))
            fail_msg("%s: \"%s\" does not say \"%s\"", bad[i].name, err, bad[i].why);
        assert_int_equal(query_int(f, "SELECT count(*) FROM sessions"), 2);
    }
    assert_int_equal(store_restore(f->st, backup, kept, sizeof kept, err), 0);
    assert_int_equal(query_int(f, "SELECT count(*) FROM sessions"), 1);
    assert_int_equal(stat(kept, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    assert_non_null(strstr(kept, STORE_REPLACED_SUFFIX));
    /* the kept copy is the database as it was before the restore */
    sqlite3 *db;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open(kept, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM sessions", -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 2);
    sqlite3_finalize(q);
    sqlite3_close(db);
    assert_int_equal(store_schema_version(f->st), STORE_SCHEMA_VERSION);
}

#define US_PER_HOUR (60 * US_PER_MIN)
#define US_PER_DAY  (24 * US_PER_HOUR)

/* The pain a check-in (by key) still holds; -1 removed. */
static int pain_of(struct fixture *f, int key)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT pain FROM sessions WHERE key = %d", key);
    return (int)query_int(f, sql);
}

/*
 * The kiosk's retention (store_retention_tick, as its housekeeping calls it): the default
 * keeps 365 days of answers; it is applied at once and then a day later on the kiosk's own
 * clock, not before, so an answer that crosses the cut-off between the two stays until the
 * next day's run and then goes. A table of ticks: when, and what each answer holds after.
 */
static void retention_runs_daily_at_its_default(void **state)
{
    struct fixture *f = *state;
    struct config cfg;
    config_default(&cfg);
    assert_int_equal(cfg.health_retention_days, 365);
    assert_int_equal(cfg.health_retention_days, STORE_HEALTH_RETENTION_DAYS);
    int64_t start_wall = at(400, 12 * 60);
    add_visit(f, 1, start_wall - 366 * US_PER_DAY, 3);                    /* past the year */
    add_visit(f, 2, start_wall - 365 * US_PER_DAY + 12 * US_PER_HOUR, 4); /* crosses it */
    add_visit(f, 3, start_wall - 300 * US_PER_DAY, 5);                    /* well inside */
    static const struct {
        int64_t t_us; /* the kiosk's clock since it started */
        int ran;
        int pain[3];
    } ticks[] = {
        {0, 1, {-1, 4, 5}},
        {1 * US_PER_HOUR, 0, {-1, 4, 5}},
        {23 * US_PER_HOUR, 0, {-1, 4, 5}}, /* answer 2 is 365.5 days old: not due yet */
        {24 * US_PER_HOUR, 1, {-1, -1, 5}},
        {25 * US_PER_HOUR, 0, {-1, -1, 5}},
        {48 * US_PER_HOUR, 1, {-1, -1, 5}},
    };
    int64_t next_us = 0;
    for (size_t i = 0; i < sizeof ticks / sizeof ticks[0]; i++) {
        int ran = store_retention_tick(f->st, cfg.health_retention_days, ticks[i].t_us,
                                       start_wall + ticks[i].t_us, &next_us);
        if (ran != ticks[i].ran)
            fail_msg("tick at %lld h: ran %d, wanted %d", (long long)(ticks[i].t_us / US_PER_HOUR),
                     ran, ticks[i].ran);
        for (int k = 0; k < 3; k++)
            if (pain_of(f, k + 1) != ticks[i].pain[k])
                fail_msg("tick at %lld h: check-in %d holds pain %d, wanted %d",
                         (long long)(ticks[i].t_us / US_PER_HOUR), k + 1, pain_of(f, k + 1),
                         ticks[i].pain[k]);
    }
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(ranges_follow_the_gym_day, setup, teardown),
        cmocka_unit_test_setup_teardown(purge_stops_at_the_cut_off, setup, teardown),
        cmocka_unit_test_setup_teardown(purge_takes_acknowledgements, setup, teardown),
        cmocka_unit_test_setup_teardown(purge_keeps_the_screening_decision, setup, teardown),
        cmocka_unit_test_setup_teardown(restore_refuses_and_keeps, setup, teardown),
        cmocka_unit_test_setup_teardown(retention_runs_daily_at_its_default, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
