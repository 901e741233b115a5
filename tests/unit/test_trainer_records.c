/*
 * What trainers' actions leave in the store (real SQLite files): a badge given at the rack
 * (EFFECT_ENROL) as a table of cases -- who gets it, what is refused and that a refusal
 * changes nothing -- with the member and badge in the sync outbox as rackside-ctl's
 * enrolment puts them there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../app/store/records.h"
#include "../../app/store/store.h"
#include "store_fixture.h"

#define DIR_LEN 64
#define WALL_US 1764590400000000LL /* 2025-12-01 12:00 UTC */

static int64_t store_wall_now_us_for_tests(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

struct fixture {
    char dir[DIR_LEN];
    char path[2 * DIR_LEN];
    struct store *st;
    int64_t sam, trainer;
};

static int64_t add(struct store *st, const char *name, enum role role, const char *pin,
                   const char *uid)
{
    char err[STORE_ERR_MAX];
    int64_t id = 0;
    if (store_member_add(st, name, role, pin, &id, err) != 0 ||
        (uid && store_badge_add(st, uid, id, err) != 0))
        fail_msg("%s: %s", name, err);
    return id;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->st = store_fixture_open("trainer-records", f->dir, sizeof f->dir, f->path, sizeof f->path);
    if (!f->st)
        return -1;
    f->sam = add(f->st, "Sam Okafor", ROLE_LIFTER, NULL, "S1");
    f->trainer = add(f->st, "Jordan Lee", ROLE_TRAINER, "2468", "T1");
    *state = f;
    return 0;
}

STORE_FIXTURE_TEARDOWN(teardown)

/* One integer from a query on the file (its own connection, as another reader would). */
static int64_t scalar(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    int64_t v = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
}

static struct store_done submit(struct store *st, const struct effect *e)
{
    assert_int_equal(store_submit(st, e), 0);
    store_flush(st);
    struct store_done d;
    assert_true(store_next_done(st, &d));
    return d;
}

/* Everything a refusal must leave as it was. */
static int64_t footprint(const char *path)
{
    return scalar(path, "SELECT (SELECT count(*) FROM members) * 1000000 + "
                        "(SELECT count(*) FROM badges) * 10000 + "
                        "(SELECT count(*) FROM trainer_actions) * 100 + "
                        "(SELECT count(*) FROM sync_outbox)");
}

enum who { BY_TRAINER, BY_LIFTER };

static void test_enrol_cases(void **state)
{
    struct fixture *f = *state;
    static const struct {
        const char *uid;
        const char *new_name; /* NULL: to the existing member named in to */
        const char *to;
        enum who by;
        const char *err;            /* NULL: given */
        enum enrol_refusal refused; /* why, for the page in the trainer's language */
        const char *arg0, *arg1;
    } cases[] = {
        {"R1", "Robin Park", NULL, BY_TRAINER, NULL, 0, "", ""},
        {"S2", NULL, "Sam Okafor", BY_TRAINER, NULL, 0, "", ""},
        {"S1", "Kim Lee", NULL, BY_TRAINER, "badge S1 already belongs to Sam Okafor",
         ENROL_REFUSED_OWNED, "S1", "Sam Okafor"},
        {"T1", NULL, "Sam Okafor", BY_TRAINER, "badge T1 already belongs to Jordan Lee",
         ENROL_REFUSED_OWNED, "T1", "Jordan Lee"},
        {"X1", "Sam Okafor", NULL, BY_TRAINER, "a member called \"Sam Okafor\" already exists",
         ENROL_REFUSED_NAME_TAKEN, "Sam Okafor", ""},
        {"X2", "Kim Lee", NULL, BY_LIFTER, "only a signed-in trainer may give a badge",
         ENROL_REFUSED_NOT_TRAINER, "", ""},
        {"X3", NULL, "Jordan Lee", BY_TRAINER, "given with rackside-ctl badge add",
         ENROL_REFUSED_TRAINER_BADGE, "", ""},
        {"A-1", "Kim Lee", NULL, BY_TRAINER, "1 to 31 letters or digits", ENROL_REFUSED_BADGE_BAD,
         "A-1", ""},
        {"X4", "Kim\x1b[2JLee", NULL, BY_TRAINER, "the name", ENROL_REFUSED_NAME_BAD, "", ""},
        {"", "Kim Lee", NULL, BY_TRAINER, "no badge to give", ENROL_REFUSED_OTHER, "", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct effect e = {.kind = EFFECT_ENROL, .t_wall_us = WALL_US + (int64_t)i};
        e.member_id = cases[i].by == BY_TRAINER ? f->trainer : f->sam;
        if (cases[i].to) {
            struct member_row m;
            char err[STORE_ERR_MAX];
            assert_int_equal(store_find_member(f->st, cases[i].to, &m, err), 1);
            e.key = m.id;
        }
        snprintf(e.text, sizeof e.text, "%s %s", cases[i].uid,
                 cases[i].new_name ? cases[i].new_name : "");
        int64_t before = footprint(f->path);
        struct store_done d = submit(f->st, &e);
        if (cases[i].err) {
            if (d.ok || !strstr(d.err, cases[i].err))
                fail_msg("case %zu: wanted \"%s\", got ok %d \"%s\"", i, cases[i].err, d.ok, d.err);
            if (d.refused.why != cases[i].refused || strcmp(d.refused.args[0], cases[i].arg0) ||
                strcmp(d.refused.args[1], cases[i].arg1))
                fail_msg("case %zu: refused %d (%s, %s), wanted %d (%s, %s)", i, d.refused.why,
                         d.refused.args[0], d.refused.args[1], cases[i].refused, cases[i].arg0,
                         cases[i].arg1);
            assert_int_equal(footprint(f->path), before); /* nothing half-given */
        } else {
            if (!d.ok)
                fail_msg("case %zu: %s", i, d.err);
            const char *who = cases[i].new_name ? cases[i].new_name : cases[i].to;
            assert_string_equal(d.name, who);
            struct member_profile p;
            assert_int_equal(store_find_badge(f->st, cases[i].uid, 20000, &p), 1);
            assert_string_equal(p.name, who);
            assert_int_equal(p.role, ROLE_LIFTER);
        }
        store_done_release(&d);
    }
    /* each badge given is a trainer's action about the lifter, with who and when */
    assert_int_equal(scalar(f->path, "SELECT count(*) FROM trainer_actions WHERE kind = 'enrol'"),
                     2);
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM trainer_actions a JOIN members m ON m.id = a.member_id "
             "WHERE kind = 'enrol' AND by_member_id = %lld AND t_us >= %lld AND "
             "m.name IN ('Robin Park', 'Sam Okafor') AND a.note LIKE 'badge %%'",
             (long long)f->trainer, WALL_US);
    assert_int_equal(scalar(f->path, sql), 2);
    /* the new member and both badges wait in the outbox, as rackside-ctl's would */
    assert_int_equal(scalar(f->path, "SELECT count(*) FROM sync_outbox o JOIN members m ON "
                                     "m.id = o.row_key WHERE o.kind = 'member' AND "
                                     "m.name = 'Robin Park'"),
                     1);
    assert_int_equal(scalar(f->path, "SELECT count(*) FROM sync_outbox WHERE kind = 'badge' AND "
                                     "json_extract(payload, '$[1]') IN ('R1', 'S2')"),
                     2);
}

/* The lifters a search finds: a part of the name, any case; empty lists them all. */
static void test_lifter_search(void **state)
{
    struct fixture *f = *state;
    add(f->st, "Samira Haddad", ROLE_LIFTER, NULL, NULL);
    add(f->st, "Anna Lindqvist", ROLE_LIFTER, NULL, NULL);
    static const struct {
        const char *text;
        int n;
        const char *first;
    } cases[] = {
        {"sam", 2, "Sam Okafor"}, {"LIND", 1, "Anna Lindqvist"}, {"", 3, "Anna Lindqvist"},
        {"zz", 0, NULL},          {"Jordan", 0, NULL}, /* trainers are not listed */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct effect e = {.kind = EFFECT_LOAD_LIFTERS, .member_id = f->trainer};
        snprintf(e.text, sizeof e.text, "%s", cases[i].text);
        struct store_done d = submit(f->st, &e);
        assert_true(d.ok);
        assert_int_equal(d.n_lifters, cases[i].n);
        if (cases[i].first)
            assert_string_equal(d.lifters[0].name, cases[i].first);
        store_done_release(&d);
    }
}

/* The newest story action of a lifter whose "what" is what, NULL none. */
static const struct story_action *story_action(const struct lifter_story *st, const char *what)
{
    for (int i = 0; i < st->n_actions; i++)
        if (strcmp(st->actions[i].what, what) == 0)
            return &st->actions[i];
    return NULL;
}

/* Loads and caps set through rackside-ctl's store calls, and an enrolment screen cleared
 * at the kiosk or by rackside-ctl, are trainer actions with who and when in the story;
 * a --by who is not a trainer is refused and leaves nothing. */
static void test_actions_from_every_door(void **state)
{
    struct fixture *f = *state;
    char err[STORE_ERR_MAX];
    int64_t today = store_gym_day(store_wall_now_us_for_tests(), 0);
    assert_int_equal(store_set_start_load(f->st, f->sam, 1, 40000, f->trainer, err), 0);
    int64_t before = footprint(f->path);
    assert_int_equal(store_set_start_load(f->st, f->sam, 1, 45000, f->sam, err), -1);
    assert_non_null(strstr(err, "only a trainer"));
    assert_int_equal(footprint(f->path), before);
    assert_int_equal(store_set_start_load(f->st, f->sam, 2, 30000, 0, err), 0); /* no --by */
    assert_int_equal(
        store_set_override(f->st, f->sam, 1, today, 62500, "tested last week", f->trainer, err), 0);
    /* a yes on the enrolment screen, cleared at the kiosk (the flag acknowledged with it) */
    struct effect scr = {.kind = EFFECT_SCREENING,
                         .t_wall_us = store_wall_now_us_for_tests() - 60000000,
                         .member_id = f->sam,
                         .key = 1 << 2};
    struct store_done d = submit(f->st, &scr);
    assert_true(d.ok);
    store_done_release(&d);
    struct effect fl = {.kind = EFFECT_FLAG, .t_wall_us = scr.t_wall_us, .member_id = f->sam};
    fl.flag = (struct raised_flag){FLAG_SCREENING, SEVERITY_STOP, 0, "history question #3"};
    d = submit(f->st, &fl);
    store_done_release(&d);
    struct flag_view flags[8];
    int n = store_day_flags(f->st, store_local_day(scr.t_wall_us), flags, 8);
    assert_int_equal(n, 1);
    struct effect clear = {.kind = EFFECT_CLEAR_SCREENING,
                           .t_wall_us = store_wall_now_us_for_tests(),
                           .member_id = f->trainer,
                           .key = f->sam,
                           .exercise_id = flags[0].id};
    snprintf(clear.text, sizeof clear.text, "Seen by a doctor");
    d = submit(f->st, &clear);
    assert_true(d.ok);
    store_done_release(&d);
    d = submit(f->st, &clear); /* nothing left to clear: refused, nothing twice */
    assert_false(d.ok);
    assert_non_null(strstr(d.err, "nothing to clear"));
    store_done_release(&d);
    assert_int_equal(store_clear_screening(f->st, f->sam, f->trainer, "again", err), 0);
    n = store_day_flags(f->st, store_local_day(scr.t_wall_us), flags, 8);
    assert_true(flags[0].acked);
    assert_string_equal(flags[0].ack_note, "Cleared to lift: Seen by a doctor");

    static struct lifter_story st;
    assert_int_equal(store_lifter_story(f->st, f->sam, today, &st), 1);
    const struct story_action *a = story_action(&st, "screen cleared");
    assert_non_null(a);
    assert_string_equal(a->by, "Jordan Lee");
    assert_string_equal(a->note, "Seen by a doctor");
    a = story_action(&st, "cap for today");
    assert_non_null(a);
    assert_non_null(strstr(a->note, "62.5 kg: tested last week"));
    assert_int_equal(scalar(f->path, "SELECT count(*) FROM trainer_actions WHERE kind = "
                                     "'start_load' AND by_member_id IS NULL AND load_g = 30000"),
                     1);
    assert_int_equal(scalar(f->path,
                            "SELECT count(*) FROM trainer_actions WHERE kind = "
                            "'start_load' AND by_member_id IS NOT NULL AND load_g = 40000"),
                     1);
    int operators = 0;
    for (int i = 0; i < st.n_actions; i++)
        operators += strcmp(st.actions[i].by, "the operator") == 0;
    assert_int_equal(operators, 1);
}

/*
 * The health retention reaches trainers' actions: a year on, an acknowledgement of a pain
 * or red-flag flag, a day cleared and an enrolment screen cleared keep who, when and what
 * but lose their words (which may speak of health) -- and the purge no longer fails on a
 * pain flag a trainer acknowledged. The enrolment screen keeps its decision (a yes) and
 * loses which questions; its flag stays for the trainers and loses the acknowledgement's
 * words. Training actions (a start load, a cap lifted) keep theirs.
 */
static void test_purge_reaches_trainer_actions(void **state)
{
    struct fixture *f = *state;
    char err[STORE_ERR_MAX];
    const int64_t old_us = WALL_US - 400LL * 86400 * 1000000; /* older than a year */
    const int64_t cut_us = WALL_US - 365LL * 86400 * 1000000;
    struct effect open = {.kind = EFFECT_SESSION_OPEN,
                          .t_wall_us = old_us,
                          .session_key = old_us,
                          .member_id = f->sam,
                          .pain = 7,
                          .no_lift = true};
    struct store_done d = submit(f->st, &open);
    assert_true(d.ok);
    store_done_release(&d);
    static const enum flag_kind kinds[] = {FLAG_PAIN, FLAG_RED_FLAG, FLAG_SCREENING, FLAG_RUSHED};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        struct effect fl = {.kind = EFFECT_FLAG,
                            .t_wall_us = old_us + (int64_t)i,
                            .session_key = old_us,
                            .member_id = f->sam};
        fl.flag = (struct raised_flag){kinds[i], flag_kind_severity(kinds[i]), 0, "said so"};
        d = submit(f->st, &fl);
        store_done_release(&d);
        /* each acknowledged in a trainer's own words, some of it after the cut-off */
        struct effect ack = {.kind = EFFECT_ACK_FLAG,
                             .t_wall_us = i == 0 ? WALL_US : old_us + 100,
                             .member_id = f->trainer,
                             .key = scalar(f->path, "SELECT max(id) FROM flags")};
        snprintf(ack.text, sizeof ack.text, "Sciatica flare, sent to GP");
        d = submit(f->st, &ack);
        assert_true(d.ok);
        store_done_release(&d);
    }
    struct effect clear = {.kind = EFFECT_CLEAR_DAY,
                           .t_wall_us = old_us + 200,
                           .member_id = f->trainer,
                           .key = f->sam};
    snprintf(clear.text, sizeof clear.text, "Seen by a doctor");
    d = submit(f->st, &clear);
    store_done_release(&d);
    struct effect scr = {
        .kind = EFFECT_SCREENING, .t_wall_us = old_us, .member_id = f->sam, .key = 1 << 3};
    d = submit(f->st, &scr);
    store_done_release(&d);
    struct effect load = {.kind = EFFECT_SET_LOAD,
                          .t_wall_us = old_us + 300,
                          .member_id = f->trainer,
                          .key = f->sam,
                          .exercise_id = 1,
                          .load_g = 60000,
                          .override = true};
    snprintf(load.text, sizeof load.text, "Tested with a trainer this week");
    d = submit(f->st, &load);
    store_done_release(&d);
    int64_t actions = scalar(f->path, "SELECT count(*) FROM trainer_actions");

    struct health_purge p;
    if (store_purge_health(f->st, cut_us, &p, err) != 0)
        fail_msg("purge: %s", err);
    assert_int_equal(scalar(f->path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    assert_int_equal(scalar(f->path, "SELECT count(*) FROM trainer_actions"), actions);
    /* the words about health are gone, whenever they were written; the rest stays */
    assert_int_equal(scalar(f->path, "SELECT count(*) FROM trainer_actions WHERE note LIKE "
                                     "'%Sciatica%' OR note LIKE '%doctor%'"),
                     1);            /* the rushed flag's acknowledgement: a training record */
    assert_int_equal(p.reasons, 4); /* three health flags' acks, the day cleared */
    assert_int_equal(scalar(f->path, "SELECT count(*) FROM trainer_actions WHERE kind = "
                                     "'override' AND note = 'Tested with a trainer this week'"),
                     1);
    assert_int_equal(scalar(f->path, "SELECT count(*) FROM screenings WHERE answers <> 0"), 1);
    assert_int_equal(scalar(f->path, "SELECT count(*) FROM screenings WHERE answers = 8"), 0);
    assert_int_equal(p.screenings, 1);
    assert_int_equal(scalar(f->path, "SELECT count(*) FROM acknowledgements WHERE note LIKE "
                                     "'%Sciatica%'"),
                     1); /* the rushed flag's, again */
    /* the rushed flag and the enrolment screen's flag stay */
    assert_int_equal(scalar(f->path, "SELECT count(*) FROM flags"), 2);
    assert_int_equal(scalar(f->path, "SELECT count(*) FROM day_checkins WHERE "
                                     "cleared_reason IS NOT NULL AND cleared_reason <> ''"),
                     0);
    /* the story still shows who did what, and when */
    static struct lifter_story st;
    int64_t day = store_gym_day(WALL_US, 0);
    assert_int_equal(store_lifter_story(f->st, f->sam, day, &st), 1);
    assert_int_equal(st.n_actions, 1); /* the ack made after the cut-off, in the window */
    assert_string_equal(st.actions[0].what, "acknowledged");
    assert_string_equal(st.actions[0].by, "Jordan Lee");
    assert_string_equal(st.actions[0].note, "");
    /* a second purge finds nothing more */
    assert_int_equal(store_purge_health(f->st, cut_us, &p, err), 0);
    assert_int_equal(p.checkins + p.days + p.flags + p.reasons + p.screenings, 0);
}

/*
 * A lost badge taken away at the rack (EFFECT_BADGE_REMOVE), as a table of cases: only the
 * member's own badge, only by a trainer; what is refused changes nothing; what is taken
 * reads as unknown, enters the outbox as rackside-ctl's badge remove does (a 'badge'
 * payload marked taken) and is the trainer's action in the lifter's story.
 */
static void test_badge_taken_away(void **state)
{
    struct fixture *f = *state;
    add(f->st, "Robin Park", ROLE_LIFTER, NULL, "R1");
    char err[STORE_ERR_MAX];
    assert_int_equal(store_badge_add(f->st, "S2", f->sam, err), 0);
    /* the member's badges, as the kiosk lists them to pick the lost one */
    struct effect list = {.kind = EFFECT_LOAD_BADGES, .member_id = f->trainer, .key = f->sam};
    struct store_done d = submit(f->st, &list);
    assert_true(d.ok);
    assert_int_equal(d.n_badges, 2);
    assert_string_equal(d.badges[0], "S1");
    assert_string_equal(d.badges[1], "S2");
    store_done_release(&d);
    enum who_is { SAM, TRAINER };
    static const struct {
        const char *uid;
        enum who_is of;
        enum who by;
        const char *err; /* NULL: taken */
        enum enrol_refusal refused;
    } cases[] = {
        {"R1", SAM, BY_TRAINER, "not that member's", ENROL_REFUSED_NOT_THEIRS}, /* Robin's */
        {"T1", SAM, BY_TRAINER, "not that member's", ENROL_REFUSED_NOT_THEIRS},
        {"ZZ9", SAM, BY_TRAINER, "not that member's", ENROL_REFUSED_NOT_THEIRS}, /* nobody's */
        {"S1", SAM, BY_LIFTER, "only a signed-in trainer", ENROL_REFUSED_NOT_TRAINER},
        {"S1", SAM, BY_TRAINER, NULL, 0},
        {"S1", SAM, BY_TRAINER, "not that member's", ENROL_REFUSED_NOT_THEIRS}, /* taken already */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct effect e = {.kind = EFFECT_BADGE_REMOVE, .t_wall_us = WALL_US + (int64_t)i};
        e.member_id = cases[i].by == BY_TRAINER ? f->trainer : f->sam;
        e.key = cases[i].of == SAM ? f->sam : f->trainer;
        snprintf(e.text, sizeof e.text, "%s", cases[i].uid);
        int64_t before = footprint(f->path);
        d = submit(f->st, &e);
        if (cases[i].err) {
            if (d.ok || !strstr(d.err, cases[i].err))
                fail_msg("case %zu: wanted \"%s\", got ok %d \"%s\"", i, cases[i].err, d.ok, d.err);
            assert_int_equal(d.refused.why, cases[i].refused);
            if (cases[i].refused == ENROL_REFUSED_NOT_THEIRS)
                assert_string_equal(d.refused.args[0], cases[i].uid);
            assert_int_equal(footprint(f->path), before);
        } else if (!d.ok) {
            fail_msg("case %zu: %s", i, d.err);
        }
        store_done_release(&d);
    }
    struct member_profile p;
    assert_int_equal(store_find_badge(f->st, "S1", 20000, &p), 0); /* unknown now */
    assert_int_equal(store_find_badge(f->st, "S2", 20000, &p), 1); /* the other one stays */
    assert_int_equal(store_find_badge(f->st, "R1", 20000, &p), 1);
    assert_int_equal(scalar(f->path, "SELECT count(*) FROM sync_outbox WHERE kind = 'badge' AND "
                                     "json_extract(payload, '$[1]') = 'S1' AND "
                                     "json_extract(payload, '$[3]') = 1"),
                     1);
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM trainer_actions WHERE kind = 'badge_remove' AND "
             "by_member_id = %lld AND member_id = %lld AND note = 'badge S1' AND uid IS NOT NULL",
             (long long)f->trainer, (long long)f->sam);
    assert_int_equal(scalar(f->path, sql), 1);
    assert_int_equal(scalar(f->path, "SELECT count(*) FROM sync_outbox o JOIN trainer_actions a "
                                     "ON a.id = o.row_key WHERE o.kind = 'trainer_action' AND "
                                     "a.kind = 'badge_remove'"),
                     1);
    static struct lifter_story st;
    assert_int_equal(store_lifter_story(f->st, f->sam, store_gym_day(WALL_US, 0), &st), 1);
    const struct story_action *a = story_action(&st, "badge taken away");
    assert_non_null(a);
    assert_string_equal(a->by, "Jordan Lee");
    assert_string_equal(a->note, "badge S1");
}

/* More lifters than a window holds: each window from its offset, and how many in all. */
static void test_lifter_windows(void **state)
{
    struct fixture *f = *state;
    enum { N = 150 };
    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "Lifter %03d", i);
        add(f->st, name, ROLE_LIFTER, NULL, NULL);
    }
    static const struct {
        const char *text;
        int offset;
        int n, total;
        const char *first;
    } cases[] = {
        {"lifter", 0, 64, N, "Lifter 000"},   {"lifter", 64, 64, N, "Lifter 064"},
        {"lifter", 128, 22, N, "Lifter 128"}, {"lifter", 149, 1, N, "Lifter 149"},
        {"lifter", 150, 0, N, NULL},          {"lifter 1", 0, 50, 50, "Lifter 100"},
        {"", 100, 51, N + 1, "Lifter 100"}, /* every lifter: Sam Okafor last */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct effect e = {.kind = EFFECT_LOAD_LIFTERS, .member_id = f->trainer};
        e.key = cases[i].offset;
        snprintf(e.text, sizeof e.text, "%s", cases[i].text);
        struct store_done d = submit(f->st, &e);
        assert_true(d.ok);
        if (d.n_lifters != cases[i].n || d.lifters_total != cases[i].total)
            fail_msg("case %zu: %d of %d, wanted %d of %d", i, d.n_lifters, d.lifters_total,
                     cases[i].n, cases[i].total);
        assert_int_equal(d.key, cases[i].offset);
        if (cases[i].first)
            assert_string_equal(d.lifters[0].name, cases[i].first);
        store_done_release(&d);
    }
}

/* Find and Loads read a name as it is typed at the kiosk or on a phone: whatever the case
 * and the accents, anywhere in the name, in order of the name as read (Élodie among the E, not
 * after Z). */
static void test_lifter_search_folds_accents(void **state)
{
    struct fixture *f = *state;
    static const char *const names[] = {"José Alvarez", "Jürgen Müller", "Zoë Ng",
                                        "Élodie Faure", "Anja Straße",   "Dmitri Ivanov"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        add(f->st, names[i], ROLE_LIFTER, NULL, NULL);
    static const struct {
        const char *text;
        int total;
        const char *first;
    } cases[] = {
        {"jose", 1, "José Alvarez"},    {"JOSÉ", 1, "José Alvarez"},
        {"josé", 1, "José Alvarez"},    {"muller", 1, "Jürgen Müller"},
        {"MÜLLER", 1, "Jürgen Müller"}, {"jurgen m", 1, "Jürgen Müller"},
        {"zoe", 1, "Zoë Ng"},           {"elodie", 1, "Élodie Faure"},
        {"ÉLO", 1, "Élodie Faure"},     {"strasse", 1, "Anja Straße"},
        {"straße", 1, "Anja Straße"},   {"alvar", 1, "José Alvarez"},
        {"a", 5, "Anja Straße"}, /* folded order: "Élodie" after "Dmitri", before "José" */
        {"josè", 1, "José Alvarez"},    {"xavier", 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct effect e = {.kind = EFFECT_LOAD_LIFTERS, .member_id = f->trainer};
        snprintf(e.text, sizeof e.text, "%s", cases[i].text);
        struct store_done d = submit(f->st, &e);
        assert_true(d.ok);
        if (d.lifters_total != cases[i].total)
            fail_msg("\"%s\": %d found, wanted %d", cases[i].text, d.lifters_total, cases[i].total);
        if (cases[i].first)
            assert_string_equal(d.lifters[0].name, cases[i].first);
        if (cases[i].total == 5)
            assert_string_equal(d.lifters[2].name, "Élodie Faure");
        store_done_release(&d);
    }
}

/* rackside-ctl ack: the kiosk's acknowledgement and trainer action, queued for the gym
 * server the same way; a flag already acknowledged, no flag, a lifter as --by and a note
 * with control characters are refused and change nothing. */
static void test_ack_as_the_kiosk_does(void **state)
{
    struct fixture *f = *state;
    char err[STORE_ERR_MAX];
    struct effect fl = {.kind = EFFECT_FLAG, .t_wall_us = WALL_US, .member_id = f->sam};
    fl.flag = (struct raised_flag){FLAG_RUSHED, SEVERITY_CAUTION, 2, "eccentric 1.1 s"};
    struct store_done d = submit(f->st, &fl);
    store_done_release(&d);
    int64_t flag = scalar(f->path, "SELECT max(id) FROM flags");
    static const struct {
        int64_t flag_delta; /* added to the flag's id */
        enum who by;
        const char *note;
        const char *err; /* NULL: acknowledged */
    } cases[] = {
        {1, BY_TRAINER, "", "no flag with id"},
        {0, BY_LIFTER, "", "only a trainer"},
        {0, BY_TRAINER, "bad\x1b[2J", "the note"},
        {0, BY_TRAINER, "Technique cue given", NULL},
        {0, BY_TRAINER, "again", "already acknowledged"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t before = footprint(f->path);
        int rc =
            store_ack_flag(f->st, flag + cases[i].flag_delta,
                           cases[i].by == BY_TRAINER ? f->trainer : f->sam, cases[i].note, err);
        if (cases[i].err) {
            if (rc == 0 || !strstr(err, cases[i].err))
                fail_msg("case %zu: wanted \"%s\", got %d \"%s\"", i, cases[i].err, rc, err);
            assert_int_equal(footprint(f->path), before);
        } else if (rc != 0) {
            fail_msg("case %zu: %s", i, err);
        }
    }
    struct flag_view flags[4];
    assert_int_equal(store_day_flags(f->st, store_local_day(WALL_US), flags, 4), 1);
    assert_true(flags[0].acked);
    assert_string_equal(flags[0].ack_by, "Jordan Lee");
    assert_string_equal(flags[0].ack_note, "Technique cue given");
    assert_int_equal(scalar(f->path, "SELECT count(*) FROM trainer_actions WHERE kind = 'ack' "
                                     "AND note = 'Technique cue given'"),
                     1);
    assert_int_equal(scalar(f->path, "SELECT count(*) FROM sync_outbox WHERE kind = 'ack' AND "
                                     "json_extract(payload, '$[3]') = 'Technique cue given'"),
                     1);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_enrol_cases),
        T(test_lifter_search),
        T(test_actions_from_every_door),
        T(test_purge_reaches_trainer_actions),
        T(test_badge_taken_away),
        T(test_lifter_windows),
        T(test_lifter_search_folds_accents),
        T(test_ack_as_the_kiosk_does),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
