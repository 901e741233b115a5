/*
 * Badge look-ups on their own thread: answers come back in the order the badges were
 * tapped, as the frame loop's own read gave them (enrolled, not enrolled), each one
 * waking the loop; a full queue refuses rather than blocks; closing answers what was
 * asked first; and a look-up sees a write the kiosk asked for just before it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../app/store/badge_lookup.h"
#include "../../app/store/store.h"

#define TODAY 20000

struct fixture {
    char dir[64];
    char path[128];
    struct store *st;
    int64_t lifter, trainer;
    atomic_int wakes;
};

static void count_wake(void *ctx)
{
    struct fixture *f = ctx;
    atomic_fetch_add(&f->wakes, 1);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/rackside-lookup-XXXXXX");
    if (!f || !mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/rackside.db", f->dir);
    char err[STORE_ERR_MAX];
    f->st = store_open(f->path, true, err);
    if (!f->st || store_member_add(f->st, "Ada Lift", ROLE_LIFTER, NULL, &f->lifter, err) != 0 ||
        store_badge_add(f->st, "AA01", f->lifter, err) != 0 ||
        store_member_add(f->st, "Tom Train", ROLE_TRAINER, "135790", &f->trainer, err) != 0 ||
        store_badge_add(f->st, "TT02", f->trainer, err) != 0) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->st);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

static const struct {
    const char *uid;
    int found;
    enum role role;
} taps[] = {
    {"AA01", 1, ROLE_LIFTER},
    {"ZZ99", 0, ROLE_LIFTER}, /* not enrolled */
    {"TT02", 1, ROLE_TRAINER},
    {"AA01", 1, ROLE_LIFTER},
};

static void test_answers_in_tap_order(void **state)
{
    struct fixture *f = *state;
    struct badge_lookup *bl = badge_lookup_open(f->st, count_wake, f);
    assert_non_null(bl);
    _Static_assert(sizeof taps / sizeof taps[0] == BADGE_LOOKUP_QUEUE, "the table fills the queue");
    for (size_t i = 0; i < BADGE_LOOKUP_QUEUE; i++)
        assert_true(badge_lookup_submit(bl, taps[i].uid, TODAY));
    assert_false(badge_lookup_submit(bl, "AA01", TODAY)); /* full: refused, never blocks */
    badge_lookup_settle(bl);
    assert_int_equal(atomic_load(&f->wakes), BADGE_LOOKUP_QUEUE);
    struct badge_answer a;
    for (size_t i = 0; i < BADGE_LOOKUP_QUEUE; i++) {
        assert_true(badge_lookup_next(bl, &a));
        assert_string_equal(a.uid, taps[i].uid);
        assert_int_equal(a.found, taps[i].found);
        if (a.found == 1) {
            assert_int_equal(a.who.role, taps[i].role);
            assert_int_equal(a.who.today, TODAY);
            assert_int_equal(a.who.id, taps[i].role == ROLE_LIFTER ? f->lifter : f->trainer);
        }
    }
    assert_false(badge_lookup_next(bl, &a));
    assert_true(badge_lookup_submit(bl, "TT02", TODAY)); /* room again once taken */
    badge_lookup_close(bl);                              /* answers it, then stops */
}

/* A badge enrolled a moment before its tap is found: the look-up reads after the writes. */
static void test_reads_after_earlier_writes(void **state)
{
    struct fixture *f = *state;
    struct badge_lookup *bl = badge_lookup_open(f->st, NULL, NULL);
    assert_non_null(bl);
    char err[STORE_ERR_MAX];
    assert_int_equal(store_badge_add(f->st, "AA03", f->lifter, err), 0);
    assert_true(badge_lookup_submit(bl, "AA03", TODAY));
    badge_lookup_settle(bl);
    struct badge_answer a;
    assert_true(badge_lookup_next(bl, &a));
    assert_int_equal(a.found, 1);
    assert_int_equal(a.who.id, f->lifter);
    badge_lookup_close(bl);
    badge_lookup_close(NULL);
}

/* The thread gives the query planner statistics before its first answer. */
static void test_statistics_before_first_answer(void **state)
{
    struct fixture *f = *state;
    struct badge_lookup *bl = badge_lookup_open(f->st, NULL, NULL);
    assert_non_null(bl);
    assert_true(badge_lookup_submit(bl, "AA01", TODAY));
    badge_lookup_settle(bl);
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT count(*) FROM sqlite_stat1 WHERE idx = "
                                        "'badges_member'",
                                        -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 1);
    sqlite3_finalize(q);
    sqlite3_close(db);
    badge_lookup_close(bl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_answers_in_tap_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reads_after_earlier_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_statistics_before_first_answer, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
