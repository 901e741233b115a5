/* Schema step 6: every member, exercise and set made at this rack gets a random UUID and
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

struct fixture {
    char dir[64], path[PATH_MAX];
    struct store *st;
    sqlite3 *db;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/rackside-outbox-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/rackside.db", f->dir);
    char err[STORE_ERR_MAX];
    f->st = store_open(f->path, false, err);
    if (!f->st)
        return -1;
    f->db = f->st->wdb;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->st);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static void exec_ok(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
}

static long long one_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    long long v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
