/* Schema step 17: the plate calibrations' audit. A calibration from the command line or
 * from the kiosk's Calibrate page (through the store thread) is kept with who, when, the
 * known weight, the old and new calibration and the result, gets a UUID and enters the
 * outbox as kind 'calibration'; the rebuilt outbox still takes every earlier kind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/store/records.h"
#include "../../app/store/store.h"
#include "../../app/store/store_db.h"
#include "store_fixture.h"

#define DAY_START_MIN 0

struct fixture {
    char dir[64], path[PATH_MAX];
    struct store *st;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->st = store_fixture_open("cal", f->dir, sizeof f->dir, f->path, sizeof f->path);
    if (!f->st)
        return -1;
    *state = f;
    return 0;
}

STORE_FIXTURE_TEARDOWN(teardown)

static long long one_int(sqlite3 *db, const char *sql)
{
    return store_fixture_int(db, sql);
}

struct rows {
    int n;
    struct calibration_audit row[4];
};

static void keep(void *ctx, const struct calibration_audit *a)
{
    struct rows *r = ctx;
    if (r->n < 4)
        r->row[r->n] = *a;
    r->n++;
}

static int64_t today(void)
{
    return store_gym_day(store_wall_now_us(), DAY_START_MIN);
}

static const struct load_calibration OLD_CAL = {{1000, -2000}, {0.05, 0.06}};
static const struct load_calibration NEW_CAL = {{1234, -1987}, {0.0512, 0.0598}};

static void test_command_line_calibration_is_kept_and_queued(void **state)
{
    struct fixture *f = *state;
    struct calibration_audit a = {.t_wall_us = store_wall_now_us(),
                                  .by = "olga",
                                  .source = "ctl",
                                  .known_g = 20000,
                                  .middle = false,
                                  .old_cal = OLD_CAL,
                                  .new_cal = NEW_CAL,
                                  .checked = true,
                                  .check_error_g = -12.5,
                                  .result = "saved"};
    char err[STORE_ERR_MAX] = "";
    assert_int_equal(store_add_calibration(f->st, &a, err), 0);

    struct rows r = {0};
    assert_int_equal(store_calibrations_each(f->st, today(), today(), keep, &r), 1);
    const struct calibration_audit *b = &r.row[0];
    assert_int_equal(b->t_wall_us, a.t_wall_us);
    assert_string_equal(b->by, "olga");
    assert_string_equal(b->source, "ctl");
    assert_int_equal(b->known_g, 20000);
    assert_false(b->middle);
    assert_memory_equal(b->old_cal.offset, OLD_CAL.offset, sizeof OLD_CAL.offset);
    assert_memory_equal(b->new_cal.offset, NEW_CAL.offset, sizeof NEW_CAL.offset);
    assert_true(b->old_cal.g_per_count[1] == OLD_CAL.g_per_count[1]);
    assert_true(b->new_cal.g_per_count[0] == NEW_CAL.g_per_count[0]);
    assert_true(b->checked);
    assert_true(b->check_error_g == -12.5);
    assert_string_equal(b->result, "saved");
    /* a version-4 UUID, and one outbox record naming the row */
    assert_int_equal(strlen(b->uid), 36);
    assert_int_equal(b->uid[14], '4');
    sqlite3 *db = f->st->wdb;
    assert_int_equal(one_int(db, "SELECT count(*) FROM sync_outbox WHERE kind = 'calibration' "
                                 "AND row_key = (SELECT id FROM calibrations)"),
                     1);
    /* another day's range holds nothing */
    r.n = 0;
    assert_int_equal(store_calibrations_each(f->st, today() - 3, today() - 1, keep, &r), 0);
}

/* The Calibrate page's Save reaches the store as an effect: the trainer is named by the
 * member's row, the reference load and the check's error come with it. */
static void test_kiosk_save_goes_through_the_store_thread(void **state)
{
    struct fixture *f = *state;
    char err[STORE_ERR_MAX];
    int64_t trainer;
    assert_int_equal(store_member_add(f->st, "Tess Trainer", ROLE_TRAINER, "2468", &trainer, err),
                     0);
    struct effect e = {.kind = EFFECT_SAVE_CALIBRATION,
                       .t_wall_us = store_wall_now_us(),
                       .member_id = trainer,
                       .cal = NEW_CAL,
                       .cal_old = OLD_CAL,
                       .cal_known_g = 9072,
                       .cal_middle = true,
                       .cal_check_error_g = 3.25};
    snprintf(e.text, sizeof e.text, "not saved: cannot write /etc/rackside.conf (Read-only)");
    assert_int_equal(store_submit(f->st, &e), 0);
    struct store_done d;
    assert_true(store_next_done(f->st, &d));
    assert_true(d.ok);
    store_done_release(&d);

    struct rows r = {0};
    assert_int_equal(store_calibrations_each(f->st, today(), today(), keep, &r), 1);
    assert_string_equal(r.row[0].by, "Tess Trainer");
    assert_int_equal(r.row[0].by_member_id, trainer);
    assert_string_equal(r.row[0].source, "kiosk");
    assert_int_equal(r.row[0].known_g, 9072);
    assert_true(r.row[0].middle);
    assert_true(r.row[0].check_error_g == 3.25);
    assert_string_equal(r.row[0].result, "not saved: cannot write /etc/rackside.conf (Read-only)");
    assert_int_equal(one_int(f->st->wdb, "SELECT count(*) FROM sync_outbox WHERE kind = "
                                         "'calibration'"),
                     1);
}

/* What the audit refuses, as a table: each case leaves no row and no outbox record. */
static void test_incomplete_audits_are_refused(void **state)
{
    struct fixture *f = *state;
    static const struct {
        const char *source;
        int32_t known_g;
        const char *result;
        const char *says;
    } cases[] = {
        {"phone", 20000, "saved", "kiosk or rackside-ctl"},
        {"", 20000, "saved", "kiosk or rackside-ctl"},
        {"ctl", 0, "saved", "known weight"},
        {"ctl", -5, "saved", "known weight"},
        {"kiosk", 20000, "", "result"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct calibration_audit a = {.t_wall_us = store_wall_now_us(),
                                      .known_g = cases[i].known_g,
                                      .old_cal = OLD_CAL,
                                      .new_cal = NEW_CAL};
        snprintf(a.source, sizeof a.source, "%s", cases[i].source);
        snprintf(a.result, sizeof a.result, "%s", cases[i].result);
        char err[STORE_ERR_MAX] = "";
        assert_int_equal(store_add_calibration(f->st, &a, err), -1);
        if (!strstr(err, cases[i].says))
            fail_msg("case %zu: \"%s\" does not say \"%s\"", i, err, cases[i].says);
    }
    assert_int_equal(one_int(f->st->wdb, "SELECT count(*) FROM calibrations"), 0);
    assert_int_equal(
        one_int(f->st->wdb, "SELECT count(*) FROM sync_outbox WHERE kind = 'calibration'"), 0);
}

/* Step 16 rebuilt the outbox for its list of kinds: every kind the push knows still fits. */
static void test_outbox_takes_every_kind(void **state)
{
    struct fixture *f = *state;
    static const char *const kinds[] = {
        "member",     "exercise", "set",        "session",         "flag",
        "badge",      "checkin",  "warmup",     "clearance",       "ack",
        "start_load", "override", "screening",  "screening_clear", "trainer_action",
        "purge",      "prefs",    "calibration"};
    sqlite3 *db = f->st->wdb;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char sql[200];
        snprintf(sql, sizeof sql,
                 "INSERT INTO sync_outbox (kind, uid, payload) VALUES ('%s', 'u%zu', '[]')",
                 kinds[i], i);
        char *msg = NULL;
        if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
            fail_msg("kind %s refused: %s", kinds[i], msg ? msg : "?");
    }
    assert_int_not_equal(
        sqlite3_exec(db,
                     "INSERT INTO sync_outbox (kind, uid, payload) VALUES ('nonsense', 'x', '[]')",
                     NULL, NULL, NULL),
        SQLITE_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_command_line_calibration_is_kept_and_queued, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_kiosk_save_goes_through_the_store_thread, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_incomplete_audits_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outbox_takes_every_kind, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
