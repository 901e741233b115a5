/*
 * A catalogue read again while the kiosk runs (session_set_exercises): taken only between
 * sessions, so a lifter's plan, set and cap never see two catalogues. Each case brings the
 * session to a state through its real inputs (badges, actions) and asks whether a new list
 * of exercises is taken there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/session.h"
#include "session_fixture.h"

#define SEC   1000000LL
#define WALL0 1763800000000000LL

static const struct exercise before[] = {
    {.id = 1, .name = "Back squat", .on_plate = true, .target_reps = 5, .work_sets = 2},
    {.id = 2, .name = "Bench press", .upper_body = true, .target_reps = 5, .work_sets = 2},
};
static const struct exercise after[] = {
    {.id = 1, .name = "Back squat", .on_plate = true, .target_reps = 5, .work_sets = 2},
    {.id = 2, .name = "Bench press", .upper_body = true, .target_reps = 5, .work_sets = 2},
    {.id = 7, .name = "Front squat", .on_plate = true, .target_reps = 3, .work_sets = 5},
};

static struct session sess;

enum state { NOBODY, LIFTER_CHECKING_IN, LIFTER_LEFT, TRAINER_ON_TOP, TRAINER_LEFT };

/* The session brought to a state by badges and the log-out action, at t_us 1 s apart. */
static void bring_to(enum state st)
{
    fixture_session_init(&sess, before, 2, 0, WALL0);
    struct member_profile sam = fixture_member(5, "Sam", ROLE_LIFTER);
    struct member_profile tess = fixture_member(9, "Tess", ROLE_TRAINER);
    int64_t t = SEC;
    if (st == NOBODY)
        return;
    if (st == TRAINER_ON_TOP || st == TRAINER_LEFT) {
        session_badge(&sess, &tess, t);
        if (st == TRAINER_LEFT)
            session_action(&sess, ACTION_LOGOUT, 0, t += SEC);
        return;
    }
    session_badge(&sess, &sam, t);
    if (st == LIFTER_LEFT)
        session_action(&sess, ACTION_LOGOUT, 0, t += SEC);
}

static void test_exercises_change_between_sessions_only(void **state)
{
    (void)state;
    static const struct {
        enum state st;
        bool taken;
    } cases[] = {
        {NOBODY, true},          {LIFTER_CHECKING_IN, false}, {LIFTER_LEFT, true},
        {TRAINER_ON_TOP, false}, {TRAINER_LEFT, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bring_to(cases[i].st);
        bool can = session_catalogue_can_change(&sess);
        bool took = session_set_exercises(&sess, after, 3);
        if (can != cases[i].taken || took != cases[i].taken)
            fail_msg("case %zu: can %d, took %d, wanted %d (screen %d)", i, can, took,
                     cases[i].taken, (int)sess.screen);
        int want_n = cases[i].taken ? 3 : 2;
        assert_int_equal(sess.n_exercises, want_n);
        assert_string_equal(sess.exercises[want_n - 1].name,
                            cases[i].taken ? "Front squat" : "Bench press");
    }
}

/* An empty list is never taken: the rack keeps what it has. */
static void test_an_empty_catalogue_is_refused(void **state)
{
    (void)state;
    bring_to(NOBODY);
    assert_false(session_set_exercises(&sess, after, 0));
    assert_int_equal(sess.n_exercises, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exercises_change_between_sessions_only),
        cmocka_unit_test(test_an_empty_catalogue_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
