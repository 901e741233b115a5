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
#include "../../app/core/view.h"

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

/* After a new member is enrolled, their start loads may be set next (skippable): the Loads
 * page opens with them chosen; a badge given to a member enrolled offers nothing. */
static void test_start_loads_after_enrolment(void **state)
{
    (void)state;
    static const struct {
        bool new_member;
        int64_t id; /* the store's answer: the member's id */
        bool offered;
    } cases[] = {{true, 42, true}, {false, 5, false}, {true, 0, false}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct session *s = at(FLAGS);
        assert_true(session_badge_enrol(s, "0A1", NULL, T0_US));
        assert_false(session_can(s, ACTION_ENROL_LOADS, 0));
        if (cases[i].new_member) {
            session_action(s, ACTION_ENROL_TO, 0, T0_US);
            type(s, "robin park");
        } else {
            session_action(s, ACTION_ENROL_TO, 1, T0_US);
            type(s, "sam");
            session_action(s, ACTION_ENROL_FIND, 0, T0_US);
            struct lifter_view found[1] = {{5, "Sam Okafor"}};
            session_lifters_loaded(s, found, 1, T0_US);
            session_action(s, ACTION_LOAD_LIFTER, 0, T0_US);
        }
        session_action(s, ACTION_ENROL_SAVE, 0, T0_US);
        assert_false(session_can(s, ACTION_ENROL_LOADS, 0)); /* not while it saves */
        drain(s, NULL);
        session_enrol_saved_member(s, true, cases[i].id,
                                   cases[i].new_member ? "Robin Park" : "Sam Okafor", "", T0_US);
        assert_int_equal(s->trainer.enrol.step, ENROL_DONE);
        assert_int_equal(session_can(s, ACTION_ENROL_LOADS, 0), cases[i].offered);
        if (!cases[i].offered)
            continue;
        session_action(s, ACTION_ENROL_LOADS, 0, T0_US);
        assert_int_equal(s->screen, SCREEN_TRAINER_LOADS);
        assert_int_equal(s->trainer.load_lifter, 0);
        assert_int_equal(s->trainer.lifters[s->trainer.load_lifter].id, cases[i].id);
        assert_true(session_can(s, ACTION_LOAD_NEXT, 0));
        session_action(s, ACTION_LOAD_NEXT, 0, T0_US);
        session_action(s, ACTION_LOAD_STEP, 10000, T0_US);
        session_action(s, ACTION_LOAD_SAVE, 0, T0_US);
        struct effect e = {0};
        drain(s, &e);
        assert_int_equal(e.kind, EFFECT_SET_LOAD);
        assert_int_equal(e.key, cases[i].id);
        assert_false(e.override);
        /* skipping it: Back goes to the flags */
        session_action(s, ACTION_BACK, 0, T0_US);
        session_action(s, ACTION_BACK, 0, T0_US);
        assert_int_equal(s->screen, SCREEN_FLAGS);
    }
}

/* Where the trainer starts taking a badge away from. */
enum take_from { FROM_ENROL, FROM_STORY };

static struct session *taking(enum take_from from)
{
    struct session *s = at(FLAGS);
    if (from == FROM_ENROL) {
        session_action(s, ACTION_ENROL, 0, T0_US);
        assert_true(session_can(s, ACTION_BADGE_TAKE, 0));
        session_action(s, ACTION_BADGE_TAKE, 0, T0_US);
        assert_int_equal(s->trainer.enrol.step, ENROL_FIND);
        assert_false(session_can(s, ACTION_ENROL_SAVE, 0));
        type(s, "sam");
        session_action(s, ACTION_ENROL_FIND, 0, T0_US);
        struct lifter_view found[2] = {{5, "Sam Okafor"}, {7, "Samira Haddad"}};
        session_lifters_loaded(s, found, 2, T0_US);
        assert_false(session_can(s, ACTION_BADGE_TAKE, 0)); /* nobody chosen yet */
        assert_false(session_can(s, ACTION_ENROL_SAVE, 0)); /* never gives one */
        session_action(s, ACTION_LOAD_LIFTER, 0, T0_US);
        assert_false(session_can(s, ACTION_ENROL_SAVE, 0));
    } else {
        struct flag_view f = {.id = 3, .member_id = 5, .kind = FLAG_RUSHED};
        snprintf(f.member, sizeof f.member, "Sam Okafor");
        session_flags_loaded(s, &f, 1, T0_US);
        session_action(s, ACTION_FLAG_OPEN, 0, T0_US);
        session_action(s, ACTION_STORY, 0, T0_US);
        assert_int_equal(s->screen, SCREEN_STORY);
        assert_false(session_can(s, ACTION_BADGE_TAKE, 0)); /* the story is loading */
        static struct lifter_story st;
        memset(&st, 0, sizeof st);
        st.member_id = 5;
        snprintf(st.name, sizeof st.name, "Sam Okafor");
        session_story_loaded(s, &st, T0_US);
    }
    drain(s, NULL);
    assert_true(session_can(s, ACTION_BADGE_TAKE, 0));
    session_action(s, ACTION_BADGE_TAKE, 0, T0_US);
    assert_int_equal(s->screen, SCREEN_ENROL);
    assert_int_equal(s->trainer.enrol.step, ENROL_BADGES);
    struct effect e = {0};
    drain(s, &e);
    assert_int_equal(e.kind, EFFECT_LOAD_BADGES);
    assert_int_equal(e.key, 5);
    return s;
}

/* A lost badge taken away: from the Enrol page or the lifter's story, the member's badges,
 * one picked, a confirmation, then the store takes it; Back steps back at each step. */
/* The page and the notice say m with arguments a and b: the English format the screens
 * translate, not a sentence made here. */
static void said(const struct session *s, enum enrol_msg m, const char *a, const char *b)
{
    static struct session_view v;
    session_view(s, T0_US, &v);
    assert_ptr_equal(v.trainer.enrol_msg_fmt, enrol_formats[m]);
    assert_string_equal(v.trainer.enrol_msg_args[0], a);
    assert_string_equal(v.trainer.enrol_msg_args[1], b);
    assert_ptr_equal(v.notice_fmt, enrol_formats[m]);
    assert_string_equal(v.notice_args[0], a);
}

static void test_take_a_badge_away(void **state)
{
    (void)state;
    static const enum take_from froms[] = {FROM_ENROL, FROM_STORY};
    for (size_t i = 0; i < sizeof froms / sizeof froms[0]; i++) {
        struct session *s = taking(froms[i]);
        assert_false(session_can(s, ACTION_BADGE_PICK, 0)); /* still looking */
        static const char uids[2][ENROL_UID_MAX] = {"0002", "04A2B9C1"};
        session_badges_loaded(s, uids, 2, T0_US);
        assert_false(session_can(s, ACTION_BADGE_PICK, 2));
        assert_false(session_can(s, ACTION_BADGE_REMOVE, 0)); /* nothing picked */
        session_action(s, ACTION_BADGE_PICK, 1, T0_US);
        assert_int_equal(s->trainer.enrol.step, ENROL_CONFIRM);
        /* not that one after all: Back to the badges, nothing stored */
        session_action(s, ACTION_BACK, 0, T0_US);
        assert_int_equal(s->trainer.enrol.step, ENROL_BADGES);
        assert_false(session_next_effect(s, &(struct effect){0}));
        session_action(s, ACTION_BADGE_PICK, 0, T0_US);
        assert_true(session_can(s, ACTION_BADGE_REMOVE, 0));
        session_action(s, ACTION_BADGE_REMOVE, 0, T0_US);
        assert_false(session_can(s, ACTION_BADGE_REMOVE, 0)); /* once */
        struct effect e = {0};
        drain(s, &e);
        assert_int_equal(e.kind, EFFECT_BADGE_REMOVE);
        assert_int_equal(e.key, 5);
        assert_int_equal(e.member_id, 9);
        assert_string_equal(e.text, "0002");
        session_badge_removed(s, false, "badge 0002 is not that member's any more", T0_US);
        assert_int_equal(s->trainer.enrol.step, ENROL_CONFIRM);
        assert_non_null(strstr(session_notice(s), "Not taken away: badge 0002"));
        said(s, ENROL_MSG_NOT_TAKEN, "badge 0002 is not that member's any more", "");
        session_action(s, ACTION_BADGE_REMOVE, 0, T0_US);
        drain(s, NULL);
        session_badge_removed(s, true, "", T0_US);
        assert_int_equal(s->trainer.enrol.step, ENROL_DONE);
        assert_non_null(strstr(session_notice(s), "Badge 0002 taken from Sam Okafor"));
        said(s, ENROL_MSG_TAKEN, "0002", "Sam Okafor");
        assert_false(session_can(s, ACTION_ENROL_LOADS, 0));
        session_action(s, ACTION_BACK, 0, T0_US); /* Done */
        assert_int_equal(s->screen, froms[i] == FROM_STORY ? SCREEN_STORY : SCREEN_FLAGS);
    }
    /* Back from the badges: to the members found, or to the story */
    struct session *s = taking(FROM_ENROL);
    session_action(s, ACTION_BACK, 0, T0_US);
    assert_int_equal(s->trainer.enrol.step, ENROL_PICK);
    s = taking(FROM_STORY);
    session_action(s, ACTION_BACK, 0, T0_US);
    assert_int_equal(s->screen, SCREEN_STORY);
}

/* More matches than the list holds: the list pages through all of them, asking the store
 * for the window a page falls in; a member chosen stays chosen while it is in the window. */
/* A refusal from the store is said as its own sentence (the screen translates it), not
 * the store's English after "Not given:"; one without a sentence of its own keeps the
 * store's words. Giving (a new member) and taking away, as a table. */
static void test_store_refusals_said_plainly(void **state)
{
    (void)state;
    static const struct {
        bool take;
        enum enrol_refusal why;
        const char *a, *b, *text;
        enum enrol_msg want;
        const char *want_a, *want_b;
    } cases[] = {
        {false, ENROL_REFUSED_OWNED, "0A1", "Sam Okafor", "badge 0A1 already belongs to Sam Okafor",
         ENROL_MSG_OWNED, "0A1", "Sam Okafor"},
        {false, ENROL_REFUSED_NOT_TRAINER, "", "", "only a signed-in trainer may give a badge",
         ENROL_MSG_NOT_GIVEN_NOT_TRAINER, "", ""},
        {false, ENROL_REFUSED_TRAINER_BADGE, "", "", "x", ENROL_MSG_NOT_GIVEN_TRAINER_BADGE, "",
         ""},
        {false, ENROL_REFUSED_NAME_TAKEN, "Robin Park", "", "a member called \"Robin Park\"",
         ENROL_MSG_NOT_GIVEN_NAME_TAKEN, "Robin Park", ""},
        {false, ENROL_REFUSED_NAME_BAD, "", "", "the name", ENROL_MSG_NOT_GIVEN_NAME_BAD, "", ""},
        {false, ENROL_REFUSED_NO_MEMBER, "", "", "no member", ENROL_MSG_NOT_GIVEN_NO_MEMBER, "",
         ""},
        {false, ENROL_REFUSED_BADGE_BAD, "A-1", "", "badge", ENROL_MSG_NOT_GIVEN_BADGE_BAD, "A-1",
         ""},
        {false, ENROL_REFUSED_OTHER, "", "", "cannot enrol the badge: disk I/O error",
         ENROL_MSG_NOT_GIVEN, "cannot enrol the badge: disk I/O error", ""},
        {false, ENROL_REFUSED_OTHER, "", "", "", ENROL_MSG_NOT_GIVEN_ERROR, "", ""},
        {true, ENROL_REFUSED_NOT_THEIRS, "0002", "", "badge 0002 is not that member's any more",
         ENROL_MSG_NOT_TAKEN_NOT_THEIRS, "0002", ""},
        {true, ENROL_REFUSED_NOT_TRAINER, "", "", "only", ENROL_MSG_NOT_TAKEN_NOT_TRAINER, "", ""},
        {true, ENROL_REFUSED_OTHER, "", "", "cannot take the badge away: busy", ENROL_MSG_NOT_TAKEN,
         "cannot take the badge away: busy", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct session *s;
        if (cases[i].take) {
            s = taking(FROM_ENROL);
            static const char uids[1][ENROL_UID_MAX] = {"0002"};
            session_badges_loaded(s, uids, 1, T0_US);
            session_action(s, ACTION_BADGE_PICK, 0, T0_US);
            session_action(s, ACTION_BADGE_REMOVE, 0, T0_US);
        } else {
            s = at(FLAGS);
            assert_true(session_badge_enrol(s, "0A1", NULL, T0_US));
            session_action(s, ACTION_ENROL_TO, 0, T0_US);
            type(s, "robin park");
            session_action(s, ACTION_ENROL_SAVE, 0, T0_US);
        }
        drain(s, NULL);
        struct enrol_refused r = {.why = cases[i].why};
        snprintf(r.args[0], sizeof r.args[0], "%s", cases[i].a);
        snprintf(r.args[1], sizeof r.args[1], "%s", cases[i].b);
        session_enrol_refused(s, &r, cases[i].text, T0_US);
        assert_true(s->trainer.enrol.failed);
        assert_false(s->trainer.enrol.saving);
        said(s, cases[i].want, cases[i].want_a, cases[i].want_b);
        /* said once: a second answer for the same save changes nothing */
        session_enrol_refused(s, &(struct enrol_refused){ENROL_REFUSED_OTHER, {"", ""}}, "late",
                              T0_US);
        said(s, cases[i].want, cases[i].want_a, cases[i].want_b);
    }
}

static void test_find_pages_through_every_match(void **state)
{
    (void)state;
    enum { TOTAL = 150, PAGE = 5 };
    static struct lifter_view all[TOTAL];
    for (int i = 0; i < TOTAL; i++) {
        all[i].id = 1000 + i;
        snprintf(all[i].name, sizeof all[i].name, "Member %03d", i);
    }
    struct session *s = at(FLAGS);
    assert_true(session_badge_enrol(s, "0A1", NULL, T0_US));
    session_action(s, ACTION_ENROL_TO, 1, T0_US);
    type(s, "member");
    session_action(s, ACTION_ENROL_FIND, 0, T0_US);
    struct effect e = {0};
    drain(s, &e);
    assert_int_equal(e.key, 0);
    session_lifters_window(s, all, SESSION_MAX_LIFTERS, 0, TOTAL, T0_US);
    assert_int_equal(s->trainer.lifters_total, TOTAL);
    session_action(s, ACTION_LOAD_LIFTER, 3, T0_US);
    /* page forward a screen at a time, as the screen asks, and see every member once */
    int seen = 0, loads = 0;
    for (int first = 0; first < TOTAL; first += PAGE) {
        if (first > 0) {
            assert_true(session_can(s, ACTION_LIFTERS_PAGE, first));
            session_action(s, ACTION_LIFTERS_PAGE, first, T0_US);
        }
        while (session_next_effect(s, &e)) {
            assert_int_equal(e.kind, EFFECT_LOAD_LIFTERS);
            assert_string_equal(e.text, "Member");
            int off = (int)e.key,
                n = TOTAL - off < SESSION_MAX_LIFTERS ? TOTAL - off : SESSION_MAX_LIFTERS;
            assert_false(session_can(s, ACTION_LIFTERS_PAGE, first + PAGE)); /* loading */
            session_lifters_window(s, all + off, n, off, TOTAL, T0_US);
            loads++;
        }
        const struct trainer_state *ts = &s->trainer;
        int at_pos = ts->lifters_offset + ts->lifters_first;
        /* the screen's arrows ask the view, for positions past what its bits hold */
        static struct session_view v;
        session_view(s, T0_US, &v);
        for (int p = -2; p <= TOTAL + 2; p++)
            if (view_lifters_page_can(&v, p) != session_can(s, ACTION_LIFTERS_PAGE, p))
                fail_msg("page %d: the view and the core disagree", p);
        assert_int_equal(at_pos, first);
        for (int k = 0; k < PAGE && first + k < TOTAL; k++) {
            assert_true(ts->lifters_first + k < ts->n_lifters);
            assert_int_equal(ts->lifters[ts->lifters_first + k].id, all[first + k].id);
            seen++;
        }
    }
    assert_int_equal(seen, TOTAL);
    assert_int_equal(loads, 2); /* 0..63 held, then 60.. and 120.. in two more windows */
    assert_false(session_can(s, ACTION_LIFTERS_PAGE, TOTAL));
    /* back to the first page: the member chosen there is chosen again */
    session_action(s, ACTION_LIFTERS_PAGE, 0, T0_US);
    drain(s, &e);
    assert_int_equal(e.kind, EFFECT_LOAD_LIFTERS);
    session_lifters_window(s, all + e.key, SESSION_MAX_LIFTERS, (int)e.key, TOTAL, T0_US);
    assert_int_equal(s->trainer.enrol.pick, 3);
    assert_true(session_can(s, ACTION_ENROL_SAVE, 0));
    session_action(s, ACTION_ENROL_SAVE, 0, T0_US);
    drain(s, &e);
    assert_int_equal(e.key, all[3].id);
    /* a window nobody asks for any more is ignored */
    session_lifters_window(s, all + 64, 10, 64, TOTAL, T0_US);
    assert_int_equal(s->trainer.lifters_offset, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_which_taps_it_takes),
        cmocka_unit_test(test_a_new_member),
        cmocka_unit_test(test_an_existing_member),
        cmocka_unit_test(test_start_loads_after_enrolment),
        cmocka_unit_test(test_take_a_badge_away),
        cmocka_unit_test(test_find_pages_through_every_match),
        cmocka_unit_test(test_store_refusals_said_plainly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
