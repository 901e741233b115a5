/*
 * Enrolment at the rack in the core (core/trainer_enrol.c), as tables of cases: which taps
 * the Enrol page takes (an unknown badge only once a trainer is past the PIN; a known one
 * only on the page, refused with its owner's name), and what each step lets the trainer
 * press and what Save asks the store for.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/session.h"

#define T0_US   (1000LL * 1000000)
#define WALL_US (1767254400LL * 1000000)

static const struct exercise exercises[] = {{1, "Back squat", false, true, 5, 3}};

static struct member_profile person(int64_t id, const char *name, enum role role)
{
    struct member_profile m = {.id = id, .role = role};
    snprintf(m.name, sizeof m.name, "%s", name);
    m.screening.day = -1;
    return m;
}

static void drain(struct session *s, struct effect *last)
{
    struct effect e;
    while (session_next_effect(s, &e))
        if (last)
            *last = e;
}

/* Where the kiosk stands when the badge is tapped. */
enum where { NOBODY, LIFTER, PIN_SCREEN, FLAGS, ENROL_PAGE, ON_TOP_OF_LIFTER };

static struct session *at(enum where w)
{
    static struct session s;
    struct rules r;
    rules_default(&r);
    session_init(&s, &r, exercises, 1, T0_US, WALL_US);
    struct member_profile t = person(9, "Jordan Lee", ROLE_TRAINER);
    struct member_profile l = person(5, "Sam Okafor", ROLE_LIFTER);
    if (w == LIFTER || w == ON_TOP_OF_LIFTER)
        session_badge(&s, &l, T0_US);
    if (w >= PIN_SCREEN) {
        session_badge(&s, &t, T0_US);
        if (w != PIN_SCREEN) {
            for (int d = 0; d < s.rules.pin_digits; d++)
                session_action(&s, ACTION_PIN_DIGIT, 1, T0_US);
            session_pin_result(&s, true, T0_US);
        }
    }
    if (w == ENROL_PAGE)
        session_action(&s, ACTION_ENROL, 0, T0_US);
    drain(&s, NULL);
    return &s;
}

static void test_which_taps_it_takes(void **state)
{
    (void)state;
    static const struct {
        enum where where;
        bool known; /* the badge is Alex's */
        bool taken;
        enum screen then;
        const char *says; /* the notice, "" none */
    } cases[] = {
        {NOBODY, false, false, SCREEN_ATTRACT, ""},
        {LIFTER, false, false, SCREEN_CHECKIN, ""},
        {PIN_SCREEN, false, false, SCREEN_TRAINER_PIN, ""}, /* not signed in yet */
        {FLAGS, false, true, SCREEN_ENROL, ""},
        {ON_TOP_OF_LIFTER, false, true, SCREEN_ENROL, ""},
        {ENROL_PAGE, false, true, SCREEN_ENROL, ""},
        {FLAGS, true, false, SCREEN_FLAGS, ""}, /* a badge as usual */
        {ENROL_PAGE, true, true, SCREEN_ENROL, "Badge 0A1 already belongs to Alex Rivera"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct session *s = at(cases[i].where);
        struct member_profile alex = person(6, "Alex Rivera", ROLE_LIFTER);
        bool taken = session_badge_enrol(s, "0A1", cases[i].known ? &alex : NULL, T0_US + 1);
        if (taken != cases[i].taken || s->screen != cases[i].then)
            fail_msg("case %zu: taken %d on %s", i, taken, screen_name(s->screen));
        assert_non_null(strstr(session_notice(s), cases[i].says));
        if (taken && !cases[i].known)
            assert_string_equal(s->trainer.enrol.uid, "0A1");
        if (cases[i].known && taken) /* refused: still waiting for a badge */
            assert_int_equal(s->trainer.enrol.step, ENROL_WAIT);
    }
}

/* The keys a test presses: each character found on session_note_key's layers. */
static void type(struct session *s, const char *letters)
{
    for (const char *c = letters; *c; c++) {
        if (*c == ' ') {
            session_action(s, ACTION_NOTE_SPACE, 0, T0_US);
            continue;
        }
        bool found = false;
        for (int layer = 0; layer < 2 && !found; layer++) {
            int k = 0;
            while (k < NOTE_KEYS && session_note_key(layer, k)[0] != *c)
                k++;
            if (k == NOTE_KEYS)
                continue;
            session_action(s, ACTION_NOTE_LAYER, layer, T0_US);
            session_action(s, ACTION_NOTE_KEY, k, T0_US);
            session_action(s, ACTION_NOTE_LAYER, 0, T0_US);
            found = true;
        }
        assert_true(found);
    }
}

static void test_a_new_member(void **state)
{
    (void)state;
    static const struct {
        const char *typed;
        bool can_save;
        const char *text; /* EFFECT_ENROL's text */
    } cases[] = {
        {"", false, NULL},
        {"a", false, NULL},
        {"al", true, "0A1 Al"},
        {"robin park", true, "0A1 Robin Park"},
        {"ana maria-lopez ", true, "0A1 Ana Maria-Lopez"}, /* a space at the end is dropped */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct session *s = at(FLAGS);
        assert_true(session_badge_enrol(s, "0A1", NULL, T0_US));
        assert_false(session_can(s, ACTION_NOTE_KEY, 0)); /* the choice first */
        session_action(s, ACTION_ENROL_TO, 0, T0_US);
        assert_int_equal(s->trainer.enrol.step, ENROL_NAME);
        assert_false(session_can(s, ACTION_ENROL_FIND, 0));
        type(s, cases[i].typed);
        assert_int_equal(session_can(s, ACTION_ENROL_SAVE, 0), cases[i].can_save);
        if (!cases[i].can_save)
            continue;
        session_action(s, ACTION_ENROL_SAVE, 0, T0_US);
        struct effect e = {0};
        drain(s, &e);
        assert_int_equal(e.kind, EFFECT_ENROL);
        assert_int_equal(e.key, 0);
        assert_int_equal(e.member_id, 9); /* the trainer */
        assert_string_equal(e.text, cases[i].text);
        assert_false(session_can(s, ACTION_ENROL_SAVE, 0)); /* once */
        session_action(s, ACTION_BACK, 0, T0_US);           /* nothing while it saves */
        assert_int_equal(s->screen, SCREEN_ENROL);
        assert_int_equal(s->trainer.enrol.step, ENROL_NAME);
        session_enrol_saved(s, true, cases[i].text + 4, "", T0_US);
        assert_int_equal(s->trainer.enrol.step, ENROL_DONE);
        char says[NOTE_MAX_LEN];
        snprintf(says, sizeof says, "Badge 0A1 is %s's now", cases[i].text + 4);
        assert_non_null(strstr(session_notice(s), says));
        session_action(s, ACTION_BACK, 0, T0_US); /* Done */
        assert_int_equal(s->screen, SCREEN_FLAGS);
    }
}

static void test_an_existing_member(void **state)
{
    (void)state;
    struct session *s = at(FLAGS);
    assert_true(session_badge_enrol(s, "0A1", NULL, T0_US));
    session_action(s, ACTION_ENROL_TO, 1, T0_US);
    assert_false(session_can(s, ACTION_ENROL_FIND, 0)); /* nothing typed */
    type(s, "sam");
    session_action(s, ACTION_ENROL_FIND, 0, T0_US);
    struct effect e = {0};
    drain(s, &e);
    assert_int_equal(e.kind, EFFECT_LOAD_LIFTERS);
    assert_string_equal(e.text, "Sam");
    assert_false(session_can(s, ACTION_LOAD_LIFTER, 0)); /* still looking */
    struct lifter_view found[2] = {{5, "Sam Okafor"}, {7, "Samira Haddad"}};
    session_lifters_loaded(s, found, 2, T0_US);
    assert_false(session_can(s, ACTION_ENROL_SAVE, 0)); /* nobody chosen */
    assert_false(session_can(s, ACTION_LOAD_LIFTER, 2));
    session_action(s, ACTION_LOAD_LIFTER, 1, T0_US);
    session_action(s, ACTION_ENROL_SAVE, 0, T0_US);
    drain(s, &e);
    assert_int_equal(e.kind, EFFECT_ENROL);
    assert_int_equal(e.key, 7);
    assert_string_equal(e.text, "0A1 ");
    /* the store refuses: the page says why and the trainer may choose again */
    session_enrol_saved(s, false, "", "badge 0A1 already belongs to Sam Okafor", T0_US);
    assert_int_equal(s->trainer.enrol.step, ENROL_PICK);
    assert_true(s->trainer.enrol.failed);
    assert_non_null(strstr(s->trainer.enrol.msg, "already belongs to Sam Okafor"));
    assert_true(session_can(s, ACTION_ENROL_SAVE, 0));
    /* Back steps back: the search, the choice, the flags */
    session_action(s, ACTION_BACK, 0, T0_US);
    assert_int_equal(s->trainer.enrol.step, ENROL_FIND);
    session_action(s, ACTION_BACK, 0, T0_US);
    assert_int_equal(s->trainer.enrol.step, ENROL_CHOOSE);
    session_action(s, ACTION_BACK, 0, T0_US);
    assert_int_equal(s->screen, SCREEN_FLAGS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_which_taps_it_takes),
        cmocka_unit_test(test_a_new_member),
        cmocka_unit_test(test_an_existing_member),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
