/* Schema steps 7 and 8: every member, exercise and set made at this rack gets a random UUID and
 * enters the outbox in the transaction that makes it; a row that arrives with a uid (from
 * the gym's server) does not; the seeded exercises have the same uid at every rack. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ctype.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../app/store/store.h"
#include "../../app/store/store_db.h"
#include "store_fixture.h"

struct fixture {
    char dir[64], path[PATH_MAX];
    struct store *st;
    sqlite3 *db;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->st = store_fixture_open("outbox", f->dir, sizeof f->dir, f->path, sizeof f->path);
    if (!f->st)
        return -1;
    f->db = f->st->wdb;
    *state = f;
    return 0;
}

STORE_FIXTURE_TEARDOWN(teardown)

static void exec_ok(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
}

static long long one_int(sqlite3 *db, const char *sql)
{
    return store_fixture_int(db, sql);
}

static void one_text(sqlite3 *db, const char *sql, char *out, size_t n)
{
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    const unsigned char *t = sqlite3_column_text(q, 0);
    snprintf(out, n, "%s", t ? (const char *)t : "");
    sqlite3_finalize(q);
}

/* 8-4-4-4-12 lower-case hex, version 4, variant 10xx */
static bool is_uuid_v4(const char *s)
{
    if (strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !(isdigit((unsigned char)s[i]) || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    }
    return s[14] == '4' && strchr("89ab", s[19]) != NULL;
}

static void seeded_exercises_share_their_uids(void **state)
{
    struct fixture *f = *state;
    char uid[64];
    one_text(f->db, "SELECT uid FROM exercises WHERE name = 'Back squat'", uid, sizeof uid);
    assert_string_equal(uid, "5eed0000-0000-4000-8000-000000000001");
    assert_int_equal(one_int(f->db, "SELECT count(*) FROM exercises WHERE uid IS NULL"), 0);
    assert_int_equal(one_int(f->db, "SELECT count(*) FROM sync_outbox WHERE kind = 'exercise'"),
                     one_int(f->db, "SELECT count(*) FROM exercises"));
}

static void rows_made_here_get_a_uuid_and_enter_the_outbox(void **state)
{
    struct fixture *f = *state;
    exec_ok(f->db, "INSERT INTO members (name, role, created_us) VALUES ('Alex', 'lifter', 1)");
    exec_ok(f->db, "INSERT INTO sets (key, member_id, exercise_id, started_us, load_g, declared,"
                   " target_reps, reps_done, clean, stopped) VALUES (77, 1, 1, 5, 60000, 0, 5,"
                   " 5, 1, 0)");
    char uid[64];
    one_text(f->db, "SELECT uid FROM members WHERE name = 'Alex'", uid, sizeof uid);
    assert_true(is_uuid_v4(uid));
    one_text(f->db, "SELECT uid FROM sets WHERE key = 77", uid, sizeof uid);
    assert_true(is_uuid_v4(uid));
    assert_int_equal(one_int(f->db, "SELECT count(*) FROM sync_outbox WHERE kind = 'member' AND"
                                    " row_key = 1"),
                     1);
    assert_int_equal(one_int(f->db, "SELECT count(*) FROM sync_outbox WHERE kind = 'set' AND"
                                    " row_key = 77"),
                     1);
    /* the outbox keeps the order the rows were made in */
    assert_true(one_int(f->db, "SELECT seq FROM sync_outbox WHERE kind = 'member'") <
                one_int(f->db, "SELECT seq FROM sync_outbox WHERE kind = 'set'"));
}

static void a_row_from_the_server_keeps_its_uid_and_stays_out(void **state)
{
    struct fixture *f = *state;
    exec_ok(f->db, "INSERT INTO members (name, role, created_us, uid) VALUES ('Sam', 'lifter', 2,"
                   " '0190b2c4-0000-7000-8000-000000000002')");
    char uid[64];
    one_text(f->db, "SELECT uid FROM members WHERE name = 'Sam'", uid, sizeof uid);
    assert_string_equal(uid, "0190b2c4-0000-7000-8000-000000000002");
    assert_int_equal(one_int(f->db, "SELECT count(*) FROM sync_outbox WHERE kind = 'member'"), 0);
}

static void a_rolled_back_row_leaves_no_outbox_entry(void **state)
{
    struct fixture *f = *state;
    exec_ok(f->db, "BEGIN; INSERT INTO members (name, role, created_us) VALUES ('Kim', 'lifter',"
                   " 3); ROLLBACK;");
    assert_int_equal(one_int(f->db, "SELECT count(*) FROM sync_outbox WHERE kind = 'member'"), 0);
}

static void many_rows_many_distinct_uids(void **state)
{
    struct fixture *f = *state;
    exec_ok(f->db, "BEGIN");
    for (int i = 0; i < 2000; i++) {
        char sql[160];
        snprintf(sql, sizeof sql,
                 "INSERT INTO members (name, role, created_us) VALUES ('m%d', 'lifter', %d)", i, i);
        exec_ok(f->db, sql);
    }
    exec_ok(f->db, "COMMIT");
    assert_int_equal(one_int(f->db, "SELECT count(DISTINCT uid) FROM members"), 2000);
    /* the random hex digits are spread: each of the 16 appears at a UUID's last place */
    assert_int_equal(one_int(f->db, "SELECT count(DISTINCT substr(uid, 36, 1)) FROM members"), 16);
    assert_int_equal(one_int(f->db, "SELECT count(DISTINCT substr(uid, 20, 1)) FROM members"), 4);
}

/* Schema step 8: each change of a record kept in place enters the outbox as it was, under
 * a uid of its own, in order; changes that do not alter what it says do not; what the
 * sync writes from the server (sync_state.pulling) does not. */
struct change {
    const char *sql;
    const char *kind;    /* the outbox record it makes, NULL none */
    const char *payload; /* its values, with the clock's own times left out (NULL: any) */
};

static const struct change changes[] = {
    {"INSERT INTO members (name, role, created_us) VALUES ('Alex', 'lifter', 1)", "member", NULL},
    {"INSERT INTO badges (uid, member_id) VALUES ('0A11', 1)", "badge", NULL},
    {"INSERT INTO day_checkins (member_id, day, pain_max, red_flags, no_lift, updated_us)"
     " VALUES (1, 20000, 2, 0, 0, 100)",
     "checkin", "[100,\"U1\",20000,2,0,0]"},
    {"UPDATE day_checkins SET pain_max = 2, updated_us = 150", NULL, NULL},
    {"UPDATE day_checkins SET pain_max = 7, no_lift = 1, updated_us = 200", "checkin",
     "[200,\"U1\",20000,7,0,1]"},
    {"UPDATE day_checkins SET warmup_done_us = 300", "warmup", "[300,\"U1\",300]"},
    {"UPDATE day_checkins SET no_lift = 0, red_flags = 0, pain_max = -1, cleared_us = 400,"
     " cleared_by = 1, cleared_reason = 'seen by the physio'",
     "clearance", "[400,\"U1\",20000,\"U1\",\"seen by the physio\"]"},
    {"INSERT INTO sessions (key, member_id, started_us, pain, red_flags) VALUES (9, 1, 9, 1, 0)",
     "session", NULL},
    {"INSERT INTO flags (t_us, member_id, session_key, kind, severity) VALUES"
     " (10, 1, 9, 'pain', 'stop')",
     "flag", NULL},
    {"INSERT INTO acknowledgements (flag_id, t_us, by_member_id, note) VALUES (1, 11, 1, 'ok')",
     "ack", NULL},
    {"INSERT INTO start_loads (member_id, exercise_id, load_g) VALUES (1, 1, 40000)", "start_load",
     NULL},
    {"UPDATE start_loads SET load_g = 45000", "start_load", NULL},
    {"INSERT INTO overrides (member_id, exercise_id, day, load_g, reason, by_member_id)"
     " VALUES (1, 1, 20000, 50000, 'tested', 1)",
     "override", NULL},
    {"DELETE FROM badges WHERE uid = '0A11'", "badge", NULL},
    {"UPDATE members SET language = 'es', unit = 'lb' WHERE id = 1", "prefs", NULL},
    {"UPDATE members SET text_size = 'large' WHERE id = 1", "prefs", NULL},
    {"UPDATE members SET name = 'Alex B' WHERE id = 1", NULL, NULL},
    {"UPDATE sync_state SET pulling = 1", NULL, NULL},
    {"UPDATE members SET language = 'de', prefs_us = 9 WHERE id = 1", NULL, NULL},
    {"INSERT INTO badges (uid, member_id) VALUES ('0B22', 1)", NULL, NULL},
    {"UPDATE day_checkins SET pain_max = 9, updated_us = 500", NULL, NULL},
    {"UPDATE start_loads SET load_g = 60000", NULL, NULL},
    {"UPDATE sync_state SET pulling = 0", NULL, NULL},
};

static void every_change_enters_the_outbox_once_in_order(void **state)
{
    struct fixture *f = *state;
    exec_ok(f->db, "DELETE FROM sync_outbox");
    char u1[64], sql[256], got[256];
    for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
        const struct change *c = &changes[i];
        long long before = one_int(f->db, "SELECT coalesce(max(seq), 0) FROM sync_outbox");
        exec_ok(f->db, c->sql);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM sync_outbox WHERE seq > %lld", before);
        long long n = one_int(f->db, sql);
        if (n != (c->kind ? 1 : 0))
            fail_msg("%s: %lld outbox records, wanted %d", c->sql, n, c->kind ? 1 : 0);
        if (!c->kind)
            continue;
        snprintf(sql, sizeof sql, "SELECT kind FROM sync_outbox WHERE seq > %lld", before);
        one_text(f->db, sql, got, sizeof got);
        if (strcmp(got, c->kind) != 0)
            fail_msg("%s: a %s in the outbox, wanted a %s", c->sql, got, c->kind);
        snprintf(sql, sizeof sql,
                 "SELECT coalesce(uid, (SELECT uid FROM members WHERE id = 1)) FROM sync_outbox "
                 "WHERE seq > %lld",
                 before);
        one_text(f->db, sql, got, sizeof got);
        if (!is_uuid_v4(got))
            fail_msg("%s: the record's uid is \"%s\"", c->sql, got);
        if (!c->payload)
            continue;
        one_text(f->db, "SELECT uid FROM members WHERE id = 1", u1, sizeof u1);
        snprintf(sql, sizeof sql,
                 "SELECT replace(payload, '%s', 'U1') FROM sync_outbox WHERE seq > %lld", u1,
                 before);
        one_text(f->db, sql, got, sizeof got);
        if (strcmp(got, c->payload) != 0)
            fail_msg("%s: payload %s, wanted %s", c->sql, got, c->payload);
    }
    /* sessions and flags made here have uids; the outbox names their rows */
    one_text(f->db, "SELECT uid FROM sessions WHERE key = 9", got, sizeof got);
    assert_true(is_uuid_v4(got));
    one_text(f->db, "SELECT uid FROM flags WHERE id = 1", got, sizeof got);
    assert_true(is_uuid_v4(got));
    assert_int_equal(one_int(f->db, "SELECT count(DISTINCT uid) FROM sync_outbox WHERE uid IS NOT"
                                    " NULL"),
                     one_int(f->db, "SELECT count(*) FROM sync_outbox WHERE uid IS NOT NULL"));
    assert_int_equal(one_int(f->db, "SELECT json_extract(payload, '$[3]') FROM sync_outbox WHERE"
                                    " kind = 'badge' ORDER BY seq DESC LIMIT 1"),
                     1); /* the badge taken away */
}

/* Schema step 15: a language and unit chosen here go out with the time they were chosen,
 * which the member's row keeps (a pulled choice replaces it only when newer). */
static void a_choice_of_language_goes_out_with_its_time(void **state)
{
    struct fixture *f = *state;
    exec_ok(f->db, "INSERT INTO members (name, role, created_us) VALUES ('Alex', 'lifter', 1)");
    exec_ok(f->db, "DELETE FROM sync_outbox");
    assert_int_equal(one_int(f->db, "SELECT prefs_us FROM members WHERE id = 1"), 0);
    exec_ok(f->db, "UPDATE members SET language = 'es', unit = 'lb' WHERE id = 1");
    long long t = one_int(f->db, "SELECT prefs_us FROM members WHERE id = 1");
    assert_true(t > 1700000000000000LL); /* the wall clock's µs, after 2023 */
    assert_int_equal(one_int(f->db, "SELECT json_extract(payload, '$[0]') FROM sync_outbox"), t);
    char got[128], want[128];
    one_text(f->db,
             "SELECT json_extract(payload, '$[1]') || '/' || json_extract(payload, '$[2]') || '/' "
             "|| json_extract(payload, '$[3]') FROM sync_outbox",
             got, sizeof got);
    one_text(f->db, "SELECT uid || '/es/lb' FROM members WHERE id = 1", want, sizeof want);
    assert_string_equal(got, want);
    one_text(f->db, "SELECT uid FROM sync_outbox", got, sizeof got);
    assert_true(is_uuid_v4(got));
    /* the text size goes with them, as the fifth value ('': the rack's) */
    one_text(f->db, "SELECT json_extract(payload, '$[4]') FROM sync_outbox", got, sizeof got);
    assert_string_equal(got, "");
    exec_ok(f->db, "UPDATE members SET text_size = 'large' WHERE id = 1");
    one_text(f->db,
             "SELECT json_extract(payload, '$[4]') FROM sync_outbox ORDER BY seq DESC LIMIT 1", got,
             sizeof got);
    assert_string_equal(got, "large");
}

/* A choice queued before the text size was kept (schema 17: four values) is sent after the
 * upgrade with the rack's text size, as five values like every later one; a text size that
 * is not normal or large is refused. */
static void a_queued_choice_survives_the_text_size_step(void **state)
{
    struct fixture *f = *state;
    exec_ok(f->db, "INSERT INTO members (name, role, created_us) VALUES ('Alex', 'lifter', 1)");
    exec_ok(f->db, "DELETE FROM sync_outbox");
    /* an acknowledged flag: step 24 marks it when it comes again */
    exec_ok(f->db, "INSERT INTO flags (t_us, member_id, kind, severity) VALUES (10, 1, 'pain',"
                   " 'stop');"
                   "INSERT INTO acknowledgements (flag_id, t_us, by_member_id) VALUES (1, 11, 1);"
                   "DELETE FROM sync_outbox;");
    /* back to schema 17: no text_size, a four-value payload waiting (and none of the later
     * steps: the pull's waiting list, the pulled calibration's mark, the PIN's record, the
     * PIN lockouts and the sets' rack, the flags' acknowledged mark, the exercises' pound
     * step, the bar units' references) */
    exec_ok(f->db, "DROP TABLE bar_units;"
                   "ALTER TABLE imu_records DROP COLUMN unit_ref;"
                   "ALTER TABLE imu_records DROP COLUMN bar_unit;"
                   "ALTER TABLE exercises DROP COLUMN step_max_lb_mu;"
                   "DROP TRIGGER flags_acked;"
                   "DROP TRIGGER flags_ack_moved;"
                   "DROP TRIGGER flags_unacked;"
                   "DROP INDEX flags_open;"
                   "ALTER TABLE flags DROP COLUMN acked;"
                   "DROP TRIGGER members_prefs;"
                   "DROP TRIGGER members_pin;"
                   "DROP TABLE pin_lockouts;"
                   "ALTER TABLE sets DROP COLUMN rack;"
                   "ALTER TABLE members DROP COLUMN pin_us;"
                   "ALTER TABLE members DROP COLUMN text_size;"
                   "DROP TABLE pull_waiting;"
                   "ALTER TABLE sync_state DROP COLUMN calibration_pulled;"
                   "INSERT INTO sync_outbox (kind, uid, payload) VALUES ('prefs',"
                   " '00000000-0000-4000-8000-000000000001', json_array(5, 'U1', 'es', 'lb'));"
                   "PRAGMA user_version = 17;");
    char err[STORE_ERR_MAX] = "";
    if (store_migrate(f->db, "test", err) != 0)
        fail_msg("migrating from 17: %s", err);
    char got[128];
    one_text(f->db, "SELECT payload FROM sync_outbox", got, sizeof got);
    assert_string_equal(got, "[5,\"U1\",\"es\",\"lb\",\"\"]");
    assert_int_equal(one_int(f->db, "SELECT acked FROM flags WHERE id = 1"), 1);
    exec_ok(f->db, "UPDATE members SET text_size = 'normal' WHERE id = 1");
    assert_int_equal(one_int(f->db, "SELECT count(*) FROM sync_outbox"), 2);
    assert_int_not_equal(
        sqlite3_exec(f->db, "UPDATE members SET text_size = 'huge'", NULL, NULL, NULL), SQLITE_OK);
}

/* Schema step 23: a trainer PIN lockout started here is a record with a uid in the outbox;
 * one pulled from another rack (its uid and rack) stays out of it; a trainer's badge
 * carries the gym's latest lockout, whichever rack started it, and a lifter's none. */
static void a_pin_lockout_is_a_record_the_badge_carries(void **state)
{
    struct fixture *f = *state;
    exec_ok(f->db, "INSERT INTO members (name, role, created_us) VALUES ('Dana', 'trainer', 1);"
                   "INSERT INTO members (name, role, created_us) VALUES ('Alex', 'lifter', 1);"
                   "INSERT INTO badges (uid, member_id) VALUES ('0D01', 1), ('0A11', 2);"
                   "DELETE FROM sync_outbox");
    struct member_profile who;
    assert_int_equal(store_find_badge(f->st, "0D01", 20000, &who), 1);
    assert_int_equal(who.pin_locked_until_wall_us, 0);
    struct effect e = {
        .kind = EFFECT_PIN_LOCKOUT, .t_wall_us = 1000, .key = 301000, .member_id = 1};
    assert_int_equal(store_submit(f->st, &e), 0);
    store_flush(f->st);
    char uid[64];
    one_text(f->db, "SELECT uid FROM pin_lockouts WHERE rack IS NULL", uid, sizeof uid);
    assert_true(is_uuid_v4(uid));
    assert_int_equal(one_int(f->db, "SELECT count(*) FROM sync_outbox WHERE kind = 'pin_lockout'"
                                    " AND row_key = (SELECT id FROM pin_lockouts)"),
                     1);
    assert_int_equal(store_find_badge(f->st, "0D01", 20000, &who), 1);
    assert_int_equal(who.pin_locked_until_wall_us, 301000);
    /* another rack's, later: the badge carries the latest; nothing goes out again */
    exec_ok(f->db, "INSERT INTO pin_lockouts (uid, t_us, until_us, member_id, rack) VALUES"
                   " ('0190b2c4-0000-7000-8000-000000000009', 2000, 302000, 1, 'Rack 2')");
    assert_int_equal(one_int(f->db, "SELECT count(*) FROM sync_outbox"), 1);
    assert_int_equal(store_find_badge(f->st, "0D01", 20000, &who), 1);
    assert_int_equal(who.pin_locked_until_wall_us, 302000);
    assert_int_equal(store_find_badge(f->st, "0A11", 20000, &who), 1);
    assert_int_equal(who.pin_locked_until_wall_us, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(seeded_exercises_share_their_uids, setup, teardown),
        cmocka_unit_test_setup_teardown(rows_made_here_get_a_uuid_and_enter_the_outbox, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_row_from_the_server_keeps_its_uid_and_stays_out, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_rolled_back_row_leaves_no_outbox_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(many_rows_many_distinct_uids, setup, teardown),
        cmocka_unit_test_setup_teardown(every_change_enters_the_outbox_once_in_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_choice_of_language_goes_out_with_its_time, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_queued_choice_survives_the_text_size_step, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_pin_lockout_is_a_record_the_badge_carries, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
