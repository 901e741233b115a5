/*
 * The trainer's review in the core, as tables of cases: the flag list's order, groups and
 * counts; the filters' steps and what each button says; a lifter's story worked out from
 * its records (sessions, cap line, fitted load-velocity line) and the screens it opens.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/session.h"
#include "../../app/core/story.h"
#include "../../app/core/view.h"

#define T0_US   (1000LL * 1000000)
#define WALL_US (1767254400LL * 1000000)

static const struct exercise exercises[] = {
    {1, "Back squat", false, true, 5, 3},
    {2, "Bench press", true, false, 5, 3},
};

static struct session *signed_in(void)
{
    static struct session s;
    struct rules r;
    rules_default(&r);
    session_init(&s, &r, exercises, 2, T0_US, WALL_US);
    struct member_profile t = {.id = 9, .name = "Jordan Lee", .role = ROLE_TRAINER};
    session_badge(&s, &t, T0_US);
    for (int d = 0; d < s.rules.pin_digits; d++)
        session_action(&s, ACTION_PIN_DIGIT, 1, T0_US);
    session_pin_result(&s, true, T0_US);
    assert_int_equal(s.screen, SCREEN_FLAGS);
    struct effect e;
    while (session_next_effect(&s, &e))
        ;
    return &s;
}

/* One flag: who, what, how serious, reviewed or not, when (minutes into the day). */
struct row {
    int64_t member;
    const char *name;
    enum flag_kind kind;
    bool acked;
    int minute;
};

static int load(struct session *s, const struct row *rows, int n)
{
    struct flag_view f[SESSION_MAX_FLAG_VIEWS];
    memset(f, 0, sizeof f);
    for (int i = 0; i < n; i++) {
        f[i].id = i + 1;
        f[i].member_id = rows[i].member;
        snprintf(f[i].member, sizeof f[i].member, "%s", rows[i].name);
        f[i].kind = rows[i].kind;
        f[i].severity = flag_kind_severity(rows[i].kind);
        f[i].acked = rows[i].acked;
        f[i].t_wall_us = WALL_US + rows[i].minute * 60LL * 1000000;
    }
    session_flags_loaded(s, f, n, T0_US);
    return n;
}

/* The store's part: a filter pressed asks for the list's first window with the filters
 * set (nothing changes before the answer); the answer is the whole list, arranged here. */
static void answer(struct session *s, const struct row *rows, int n)
{
    struct effect e;
    bool asked = false;
    while (session_next_effect(s, &e)) {
        if (e.kind != EFFECT_LOAD_FLAGS)
            continue;
        asked = true;
        const struct trainer_review *r = &s->trainer.review;
        assert_int_equal(e.flags_q.days_back, 0);
        assert_int_equal(e.flags_q.filter_kind, r->filter_kind);
        assert_int_equal(e.flags_q.filter_severity, r->filter_severity);
        assert_int_equal(e.flags_q.filter_member, r->filter_member);
        assert_int_equal(e.flags_q.offset, 0);
    }
    assert_true(asked);
    assert_false(session_can(s, ACTION_FLAGS_FILTER, FILTER_KIND)); /* loading */
    load(s, rows, n);
}

/* The shown order as flag ids, and the groups' members, counts and open counts. */
static void test_order_and_groups(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        struct row rows[8];
        int n;
        int order[8]; /* flag ids, shown top to bottom */
        int64_t groups[4];
        int group_n[4], group_open[4];
        int n_groups;
    } cases[] = {
        {"a red flag puts its lifter first, whatever the time or the name",
         {{1, "Ana", FLAG_RUSHED, false, 10},
          {2, "Zoe", FLAG_RED_FLAG, false, 50},
          {1, "Ana", FLAG_OVERLOAD, false, 20}},
         3,
         {2, 3, 1},
         {2, 1},
         {1, 2},
         {1, 2},
         2},
        {"pain before stop severities; within a lifter worst first, then open, then time",
         {{3, "Cy", FLAG_OVERLOAD, false, 5},
          {4, "Di", FLAG_PAIN, true, 90},
          {3, "Cy", FLAG_RUSHED, true, 1},
          {3, "Cy", FLAG_RUSHED, false, 2}},
         4,
         {2, 1, 4, 3},
         {4, 3},
         {1, 3},
         {0, 2},
         2},
        {"same worst flag: the lifter with something open first, then by name",
         {{5, "Bo", FLAG_MOMENTUM, true, 1},
          {6, "Al", FLAG_MOMENTUM, true, 2},
          {7, "Cat", FLAG_MOMENTUM, false, 3}},
         3,
         {3, 2, 1},
         {7, 6, 5},
         {1, 1, 1},
         {1, 0, 0},
         3},
        {"an empty list shows nothing", {{0}}, 0, {0}, {0}, {0}, {0}, 0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct session *s = signed_in();
        load(s, cases[c].rows, cases[c].n);
        const struct trainer_review *r = &s->trainer.review;
        if (r->n_shown != cases[c].n || r->n_groups != cases[c].n_groups)
            fail_msg("%s: %d shown in %d groups", cases[c].what, r->n_shown, r->n_groups);
        for (int p = 0; p < r->n_shown; p++)
            if (s->trainer.flags[r->order[p]].id != cases[c].order[p])
                fail_msg("%s: position %d is flag %lld, wanted %d", cases[c].what, p,
                         (long long)s->trainer.flags[r->order[p]].id, cases[c].order[p]);
        for (int g = 0; g < r->n_groups; g++) {
            if (r->groups[g].member_id != cases[c].groups[g] ||
                r->groups[g].n != cases[c].group_n[g] ||
                r->groups[g].n_open != cases[c].group_open[g])
                fail_msg("%s: group %d is member %lld (%d, %d open)", cases[c].what, g,
                         (long long)r->groups[g].member_id, r->groups[g].n, r->groups[g].n_open);
            /* a group's rows are together and start where it says */
            for (int k = 0; k < r->groups[g].n; k++)
                assert_int_equal(r->group_of[r->groups[g].first + k], g);
        }
    }
}

static const struct row day[] = {
    {1, "Ana", FLAG_RUSHED, false, 10},     {1, "Ana", FLAG_PAIN, false, 11},
    {2, "Ben", FLAG_RUSHED, true, 12},      {2, "Ben", FLAG_WARMUP_SKIPPED, false, 13},
    {3, "Cy", FLAG_DEVICE_FAULT, true, 14},
};
#define N_DAY ((int)(sizeof day / sizeof day[0]))

/* Pressing a filter: what it shows next, how many, and what its button says. */
static void test_filters_step(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        int presses[6]; /* filters pressed in turn, -1 ends */
        int shown, open;
        const char *label[FILTERS];
    } cases[] = {
        {"nothing pressed: everything",
         {-1},
         5,
         3,
         {"All kinds (5)", "Any severity (5)", "All lifters (5)"}},
        {"kind: the first kind the day has",
         {FILTER_KIND, -1},
         2,
         1,
         {"Rushed eccentric (2)", "Any severity (5)", "All lifters (5)"}},
        {"kind twice: the next kind",
         {FILTER_KIND, FILTER_KIND, -1},
         1,
         1,
         {"Pain reported (1)", "Any severity (5)", "All lifters (5)"}},
        {"kind through every kind and back to all",
         {FILTER_KIND, FILTER_KIND, FILTER_KIND, FILTER_KIND, FILTER_KIND, -1},
         5,
         3,
         {"All kinds (5)", "Any severity (5)", "All lifters (5)"}},
        {"severity: stop first",
         {FILTER_SEVERITY, -1},
         1,
         1,
         {"All kinds (5)", "Only stop (1)", "All lifters (5)"}},
        {"severity twice: caution",
         {FILTER_SEVERITY, FILTER_SEVERITY, -1},
         4,
         2,
         {"All kinds (5)", "Only caution (4)", "All lifters (5)"}},
        {"lifter: the one with pain comes first",
         {FILTER_LIFTER, -1},
         2,
         2,
         {"All kinds (5)", "Any severity (5)", "Ana (2)"}},
        {"lifter and kind together",
         {FILTER_LIFTER, FILTER_LIFTER, FILTER_KIND, -1},
         1,
         0,
         {"Rushed eccentric (2)", "Any severity (5)", "Ben (2)"}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct session *s = signed_in();
        load(s, day, N_DAY);
        for (int i = 0; cases[c].presses[i] >= 0; i++) {
            assert_true(session_can(s, ACTION_FLAGS_FILTER, cases[c].presses[i]));
            session_action(s, ACTION_FLAGS_FILTER, cases[c].presses[i], T0_US);
            answer(s, day, N_DAY);
        }
        const struct trainer_review *r = &s->trainer.review;
        if (r->n_shown != cases[c].shown || r->n_open_shown != cases[c].open)
            fail_msg("%s: %d shown, %d open", cases[c].what, r->n_shown, r->n_open_shown);
        for (int f = 0; f < FILTERS; f++)
            if (strcmp(r->filter_label[f], cases[c].label[f]) != 0)
                fail_msg("%s: filter %d says \"%s\"", cases[c].what, f, r->filter_label[f]);
        /* a reload that drops the filtered value goes back to all */
        load(s, day + 4, 1);
        assert_int_equal(r->n_shown, 1);
    }
}

/* A filter with one value to show is off; a list that is loading offers none. */
static void test_filter_enabled(void **state)
{
    (void)state;
    struct session *s = signed_in();
    load(s, day + 4, 1);
    for (int f = 0; f < FILTERS; f++)
        assert_false(session_can(s, ACTION_FLAGS_FILTER, f));
    load(s, day, N_DAY);
    for (int f = 0; f < FILTERS; f++)
        assert_true(session_can(s, ACTION_FLAGS_FILTER, f));
    assert_false(session_can(s, ACTION_FLAGS_FILTER, FILTERS));
    /* open-N is the Nth shown: the pain flag (Ana's) is first */
    session_action(s, ACTION_FLAG_OPEN, 0, T0_US);
    assert_int_equal(s->screen, SCREEN_FLAG_DETAIL);
    assert_int_equal(s->trainer.flags[s->trainer.flag_open].kind, FLAG_PAIN);
}

/* The story's sessions and cap line from its sets, and the fitted line. */
static void test_story_compute(void **state)
{
    (void)state;
    struct rules r;
    rules_default(&r);
    static struct lifter_story st;
    memset(&st, 0, sizeof st);
    st.today = 20000;
    st.n_ex = 1;
    struct story_exercise *ex = &st.ex[0];
    /* three sessions: 60 then 80 kg (clean), then 100 kg stopped; velocity 1000 - 5/kg */
    static const struct {
        int64_t day;
        int32_t load_g;
        bool clean, stopped;
    } sets[] = {
        {19950, 40000, true, false}, {19950, 60000, true, false},  {19960, 80000, true, false},
        {19960, 70000, true, false}, {19990, 100000, false, true},
    };
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
        ex->sets[ex->n_sets++] =
            (struct story_set){sets[i].day, sets[i].load_g, 1000 - 5 * sets[i].load_g / 1000,
                               sets[i].clean, sets[i].stopped};
    story_compute(&st, &r);
    assert_int_equal(ex->n_sessions, 3);
    static const struct {
        int64_t day;
        int32_t top_g;
        bool clean, stopped;
    } want[] = {
        {19950, 60000, true, false}, {19960, 80000, true, false}, {19990, 100000, false, true}};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(ex->sessions[i].day, want[i].day);
        assert_int_equal(ex->sessions[i].top_g, want[i].top_g);
        assert_int_equal(ex->sessions[i].clean, want[i].clean);
        assert_int_equal(ex->sessions[i].stopped, want[i].stopped);
    }
    /* the first session had nothing before it: the empty bar; later ones follow B */
    assert_int_equal(ex->sessions[0].cap_g, r.empty_bar_g);
    assert_true(ex->sessions[1].cap_g >= 60000 && ex->sessions[1].cap_g <= 65000);
    /* 30 days after the last set: away more than 28 days, 80 % of B (80 kg) */
    assert_true(ex->sessions[2].cap_g >= 62500 && ex->sessions[2].cap_g <= 64000);
    assert_true(ex->fit_ok);
    assert_int_equal(ex->fit_n, 5);
    assert_true(ex->fit_mmps_per_kg > -5.001 && ex->fit_mmps_per_kg < -4.999);
    assert_true(ex->fit_v0_mmps > 999.9 && ex->fit_v0_mmps < 1000.1);
    assert_true(ex->load_lo_g <= r.empty_bar_g && ex->load_hi_g >= 100000);
    assert_int_equal(ex->lv_lo_g, 40000);
    assert_int_equal(ex->lv_hi_g, 100000);

    /* one load only: no line */
    ex->n_sets = 2;
    ex->sets[1] = ex->sets[0];
    story_compute(&st, &r);
    assert_false(ex->fit_ok);
}

/* From a flag about a lifter the story opens, asks the store, and goes back to the flag. */
static void test_story_screens(void **state)
{
    (void)state;
    struct session *s = signed_in();
    load(s, day, N_DAY);
    session_action(s, ACTION_FLAG_OPEN, 0, T0_US);
    assert_true(session_can(s, ACTION_STORY, 0));
    session_action(s, ACTION_STORY, 0, T0_US);
    assert_int_equal(s->screen, SCREEN_STORY);
    struct effect e;
    bool asked = false;
    while (session_next_effect(s, &e))
        if (e.kind == EFFECT_LOAD_STORY) {
            asked = true;
            assert_int_equal(e.key, 1); /* Ana */
        }
    assert_true(asked);
    assert_false(session_can(s, ACTION_STORY_EXERCISE, 0)); /* loading */
    static struct lifter_story st;
    memset(&st, 0, sizeof st);
    st.member_id = 1;
    st.n_ex = 2;
    session_story_loaded(s, &st, T0_US);
    assert_true(session_can(s, ACTION_STORY_EXERCISE, 1));
    assert_false(session_can(s, ACTION_STORY_EXERCISE, 2));
    session_action(s, ACTION_STORY_EXERCISE, 1, T0_US);
    assert_int_equal(s->trainer.story_ex, 1);
    session_story_loaded(s, &st, T0_US); /* an answer nobody waits for changes nothing */
    assert_int_equal(s->trainer.story_ex, 1);
    session_action(s, ACTION_BACK, 0, T0_US);
    assert_int_equal(s->screen, SCREEN_FLAG_DETAIL);

    /* a flag about nobody (a PIN lockout) has no story */
    struct row nobody = {0, "", FLAG_PIN_LOCKOUT, false, 1};
    session_action(s, ACTION_BACK, 0, T0_US);
    load(s, &nobody, 1);
    session_action(s, ACTION_FLAG_OPEN, 0, T0_US);
    assert_false(session_can(s, ACTION_STORY, 0));
}

/* The Loads page's steps come from the rack's plates and unit (issue 10: a pound rack had
 * kg steps): the view's small and big step, pressed in turn from the empty bar, land on
 * loads the plates make, read in the rack's unit. */
static void test_load_steps(void **state)
{
    (void)state;
    static const struct {
        enum rack_unit unit;
        double small, big;  /* the steps, in the unit */
        int presses[6];     /* +1 / -1 small, +4 / -4 big; 0 ends */
        double after[6];    /* the load after each, in the unit */
        const char *plates; /* NULL: the unit's default set on its usual bar */
    } cases[] = {
        {RACK_KG, 2.5, 10, {4, 1, 1, -1, -4, 0}, {30, 32.5, 35, 32.5, 22.5}, NULL},
        {RACK_LB, 5, 20, {4, 1, 1, -1, -4, 0}, {65, 70, 75, 70, 50}, NULL},
        {RACK_LB, 5, 20, {-1, 1, 4, 4, 4, 0}, {45, 50, 70, 90, 110}, NULL},
        /* 0.5 lb micro-plates: a pound a step, never the half pounds 1.25 + 0.5 make */
        {RACK_LB,
         1,
         4,
         {1, 1, 1, -1, 4, -4},
         {46, 47, 48, 47, 51, 47},
         "45/35/25/10/5/2.5/1.25/0.5"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct session *s = signed_in();
        struct plate_set ps;
        char err[PLATES_ERR_MAX];
        if (cases[c].plates)
            assert_int_equal(plates_parse(&ps, "lb", "45", cases[c].plates, err), 0);
        else if (cases[c].unit == RACK_LB)
            plates_default_lb(&ps);
        else
            plates_default_kg(&ps);
        rules_use_plates(&s->rules, &ps);
        session_action(s, ACTION_LOADS, 0, T0_US);
        struct lifter_view lifters[1] = {{.id = 5, .name = "Robin Park"}};
        session_lifters_loaded(s, lifters, 1, T0_US);
        session_action(s, ACTION_LOAD_LIFTER, 0, T0_US);
        session_action(s, ACTION_LOAD_NEXT, 0, T0_US);
        s->trainer.load_g = s->rules.empty_bar_g;
        static struct session_view v;
        session_view(s, T0_US, &v);
        int32_t small = v.trainer.load_step_g[0], big = v.trainer.load_step_g[1];
        assert_int_equal(small, plates_unit_to_g(cases[c].unit, cases[c].small));
        assert_int_equal(big, 4 * small);
        assert_true(abs(big - plates_unit_to_g(cases[c].unit, cases[c].big)) <= 2);
        for (int i = 0; i < 6 && cases[c].presses[i]; i++) {
            int k = cases[c].presses[i];
            int g = k == 1 ? small : k == -1 ? -small : k == 4 ? big : -big;
            session_action(s, ACTION_LOAD_STEP, g, T0_US);
            int32_t want = plates_unit_to_g(cases[c].unit, cases[c].after[i]);
            if (abs(s->trainer.load_g - want) > 2)
                fail_msg("%s rack, press %d: %d g, want %.1f (%d g)",
                         plates_unit_name(cases[c].unit), i, s->trainer.load_g, cases[c].after[i],
                         want);
        }
    }
}

/* Typing a note: keys pressed (layer*100 + key, or SPACE / ERASE) -> what is typed, and
 * whether Save takes it. */
#define SPACE -2
#define ERASE -3
static void test_typed_note(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        int keys[12];
        int n;
        const char *text;
        bool save;
    } cases[] = {
        {"a first letter is a capital", {9, 25, 3}, 3, "Apr", true},
        {"too short to save", {9, 25}, 2, "Ap", false},
        {"no space first, no two spaces", {SPACE, 9, SPACE, SPACE, 25}, 5, "A p", true},
        {"digits and punctuation on the other layer", {100, 110, 126}, 3, "1,kg", true},
        {"erase takes the last character", {9, 25, 3, ERASE}, 4, "Ap", false},
        {"erase on nothing does nothing", {ERASE, 9}, 2, "A", false},
        {"a trailing space is not counted or kept", {9, 25, SPACE}, 3, "Ap ", false},
        /* the accents' layer: small and capital, a first accented letter made a capital */
        {"an accented first letter is a capital", {200, 23, 9}, 3, "Ána", true},
        {"Rücken", {3, 205, 20, 16, 2, 23}, 6, "Rücken", true},
        {"erase takes ñ whole", {9, 206, 8, ERASE, ERASE, 23, 8}, 7, "Ano", true},
        {"two accented letters are two characters", {225, 201}, 2, "Äé", false},
        {"ß stays small", {209, 201, 2}, 3, "ßée", true},
        {"Spanish question marks", {216, 0, 6, 201}, 4, "¿qué", true},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct session *s = signed_in();
        load(s, day, N_DAY);
        session_action(s, ACTION_FLAG_OPEN, 1, T0_US);
        assert_true(session_can(s, ACTION_NOTE, 0));
        session_action(s, ACTION_NOTE, 0, T0_US);
        assert_int_equal(s->screen, SCREEN_NOTE);
        for (int i = 0; i < cases[c].n; i++) {
            int k = cases[c].keys[i];
            if (k == SPACE) {
                session_action(s, ACTION_NOTE_SPACE, 0, T0_US);
            } else if (k == ERASE) {
                session_action(s, ACTION_NOTE_ERASE, 0, T0_US);
            } else {
                session_action(s, ACTION_NOTE_LAYER, k / 100, T0_US);
                session_action(s, ACTION_NOTE_KEY, k % 100, T0_US);
            }
        }
        if (strcmp(s->trainer.note.text, cases[c].text) != 0)
            fail_msg("%s: typed \"%s\"", cases[c].what, s->trainer.note.text);
        if (session_can(s, ACTION_NOTE_SAVE, 0) != cases[c].save)
            fail_msg("%s: Save %s", cases[c].what, cases[c].save ? "off" : "on");
        if (!cases[c].save)
            continue;
        int64_t id = s->trainer.flags[s->trainer.flag_open].id;
        session_action(s, ACTION_NOTE_SAVE, 0, T0_US);
        assert_int_equal(s->screen, SCREEN_FLAG_DETAIL);
        struct effect e;
        bool acked = false;
        while (session_next_effect(s, &e))
            if (e.kind == EFFECT_ACK_FLAG) {
                acked = true;
                assert_int_equal(e.key, id);
                assert_string_equal(e.text, cases[c].text);
            }
        assert_true(acked);
        assert_false(session_can(s, ACTION_NOTE, 0)); /* acknowledged: no second note */
    }
    /* the note stops at its length */
    struct session *s = signed_in();
    load(s, day, N_DAY);
    session_action(s, ACTION_FLAG_OPEN, 1, T0_US);
    session_action(s, ACTION_NOTE, 0, T0_US);
    for (int i = 0; i < NOTE_TYPED_MAX + 10; i++)
        session_action(s, ACTION_NOTE_KEY, 0, T0_US);
    assert_int_equal(s->trainer.note.len, NOTE_TYPED_MAX);
    assert_false(session_can(s, ACTION_NOTE_KEY, 0));
    /* accented letters: as many as the stored note's bytes hold, erased whole */
    for (int i = 0; i < NOTE_TYPED_MAX; i++)
        session_action(s, ACTION_NOTE_ERASE, 0, T0_US);
    session_action(s, ACTION_NOTE_LAYER, 2, T0_US);
    for (int i = 0; i < NOTE_TYPED_MAX + 10; i++)
        session_action(s, ACTION_NOTE_KEY, 6, T0_US);
    assert_int_equal(s->trainer.note.len, (NOTE_MAX_LEN - 1) / 2 * 2);
    assert_false(session_can(s, ACTION_NOTE_KEY, 6));
    session_action(s, ACTION_NOTE_ERASE, 0, T0_US);
    assert_int_equal(s->trainer.note.len, (NOTE_MAX_LEN - 1) / 2 * 2 - 2);
    assert_string_equal(s->trainer.note.text + s->trainer.note.len - 2, "ñ");
    session_action(s, ACTION_BACK, 0, T0_US); /* cancel: nothing stored */
    assert_int_equal(s->screen, SCREEN_FLAG_DETAIL);
    assert_false(s->trainer.flags[s->trainer.flag_open].acked);
}

/* Types letters and spaces on the note's keyboard. */
static void type(struct session *s, const char *letters)
{
    for (const char *c = letters; *c; c++) {
        if (*c == ' ') {
            session_action(s, ACTION_NOTE_SPACE, 0, T0_US);
            continue;
        }
        int k = 0;
        while (k < NOTE_KEYS && session_note_key(0, k)[0] != *c)
            k++;
        assert_true(k < NOTE_KEYS);
        session_action(s, ACTION_NOTE_KEY, k, T0_US);
    }
}

/*
 * Clearing a lifter to lift: an enrolment screen's yes has presets of its own (a history
 * question, not today's symptoms), a no-lifting day the day's; either may be typed instead.
 * Each asks the store for its own clearance with the words given.
 */
static void test_clear_reasons(void **state)
{
    (void)state;
    /* the two kinds' presets are different words */
    for (int i = 0; i < SESSION_SCREEN_CLEAR_REASONS; i++)
        for (int j = 0; j < SESSION_CLEAR_REASONS; j++)
            assert_string_not_equal(session_screen_clear_reason(i), session_clear_reason(j));
    static const struct {
        enum flag_kind kind;
        bool clearable, acked;
        int preset;        /* -1: typed */
        const char *typed; /* lower case, as pressed */
        bool can;
        enum effect_kind effect;
        const char *text;
    } cases[] = {
        {FLAG_SCREENING, true, false, 0, NULL, true, EFFECT_CLEAR_SCREENING, "Cleared by physio"},
        {FLAG_SCREENING, true, false, 1, NULL, true, EFFECT_CLEAR_SCREENING, "Doctor's note seen"},
        {FLAG_SCREENING, true, false, 3, NULL, true, EFFECT_CLEAR_SCREENING,
         "Yes given by mistake, checked with the lifter"},
        {FLAG_SCREENING, true, false, SESSION_SCREEN_CLEAR_REASONS, NULL, false, EFFECT_NONE, ""},
        {FLAG_RED_FLAG, true, false, 0, NULL, true, EFFECT_CLEAR_DAY, "Seen by a physiotherapist"},
        {FLAG_PAIN, true, false, 1, NULL, true, EFFECT_CLEAR_DAY, "Seen by a doctor"},
        {FLAG_SCREENING, true, false, -1, "physio letter seen", true, EFFECT_CLEAR_SCREENING,
         "Physio letter seen"},
        {FLAG_SCREENING, true, true, -1, "gp ok", true, EFFECT_CLEAR_SCREENING, "Gp ok"},
        {FLAG_PAIN, true, false, -1, "fine now", true, EFFECT_CLEAR_DAY, "Fine now"},
        {FLAG_SCREENING, true, false, -1, "ok", false, EFFECT_NONE, ""}, /* too short */
        {FLAG_SCREENING, false, false, 0, NULL, false, EFFECT_NONE, ""},
        {FLAG_SCREENING, false, false, -1, "cleared", false, EFFECT_NONE, ""},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct session *s = signed_in();
        struct flag_view f = {.id = 7, .member_id = 5, .kind = cases[c].kind};
        f.severity = flag_kind_severity(f.kind);
        f.clearable = cases[c].clearable;
        f.acked = cases[c].acked;
        snprintf(f.member, sizeof f.member, "Al");
        session_flags_loaded(s, &f, 1, T0_US);
        session_action(s, ACTION_FLAG_OPEN, 0, T0_US);
        struct effect e = {0};
        while (session_next_effect(s, &e))
            ;
        bool can;
        if (cases[c].preset >= 0) {
            can = session_can(s, ACTION_CLEAR_DAY, cases[c].preset);
            session_action(s, ACTION_CLEAR_DAY, cases[c].preset, T0_US);
        } else {
            bool open = session_can(s, ACTION_NOTE, 1);
            assert_int_equal(session_can(s, ACTION_NOTE, 0), !cases[c].acked);
            if (open) {
                session_action(s, ACTION_NOTE, 1, T0_US);
                assert_int_equal(s->screen, SCREEN_NOTE);
                type(s, cases[c].typed);
            }
            can = open && session_can(s, ACTION_NOTE_SAVE, 0);
            session_action(s, ACTION_NOTE_SAVE, 0, T0_US);
        }
        if (can != cases[c].can)
            fail_msg("case %zu: can %d", c, can);
        e.kind = EFFECT_NONE;
        struct effect got = {0};
        while (session_next_effect(s, &got))
            e = got;
        assert_int_equal(e.kind, cases[c].effect);
        if (!cases[c].can)
            continue;
        assert_int_equal(s->screen, SCREEN_FLAG_DETAIL);
        assert_string_equal(e.text, cases[c].text);
        assert_int_equal(e.key, 5);
        assert_int_equal(e.exercise_id, 7);
        assert_false(s->trainer.flags[0].clearable); /* once */
        assert_true(s->trainer.flags[0].acked);
    }
}

/* The store's answer to a load, as the trainer's view has it: a read that failed says it
 * failed and why (never an empty list); Day still works to try again, and a read that
 * works clears the fault. Steps: 'f' a failure for today, 'F' one for yesterday, '0' no
 * reason given, 'e' an empty window read, 'r' rows read, 'k' the kind filter pressed,
 * '<' ◀ Day pressed, '>' Day ▶ pressed. */
static void test_store_answer(void **state)
{
    (void)state;
    static const struct {
        const char *steps;
        bool loading, failed;
        const char *error;
        int n_flags;
        bool day_back_can;
    } cases[] = {
        {"f", false, true, "cannot load flags: disk I/O error", 0, true},
        {"e", false, false, "", 0, true},
        {"0", false, true, "the store gave no reason", 0, true},
        {"F", true, false, "", 0, false}, /* yesterday's: nobody waits for it */
        {"rkf", false, true, "cannot load flags: disk I/O error", 0, true},
        {"rk", true, false, "", 3, false},
        {"f<", true, false, "", 0, false},
        {"f<f", false, true, "cannot load flags: disk I/O error", 0, true},
        {"f<e", false, false, "", 0, true},
        {"f<e>f>", false, true, "cannot load flags: disk I/O error", 0, true},
    };
    static const struct row rows[] = {
        {1, "Ana", FLAG_RUSHED, false, 10},
        {2, "Bo", FLAG_OVERLOAD, false, 20},
        {2, "Bo", FLAG_MOMENTUM, true, 30},
    };
    static struct flags_page page;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct session *s = signed_in();
        struct effect e;
        for (const char *c = cases[i].steps; *c; c++) {
            int back = s->trainer.flags_days_back;
            switch (*c) {
            case 'f':
            case 'F':
                session_flags_page_failed(s, *c == 'F' ? back + 1 : back,
                                          "cannot load flags: disk I/O error", T0_US);
                break;
            case '0':
                session_flags_page_failed(s, back, "", T0_US);
                break;
            case 'e':
                memset(&page, 0, sizeof page);
                page.q.days_back = back;
                session_flags_page_loaded(s, &page, T0_US);
                break;
            case 'r':
                load(s, rows, 3);
                break;
            case 'k':
                session_action(s, ACTION_FLAGS_FILTER, FILTER_KIND, T0_US);
                break;
            default:
                session_action(s, ACTION_FLAGS_DAY, *c == '<' ? 1 : -1, T0_US);
                break;
            }
            while (session_next_effect(s, &e))
                ;
        }
        static struct session_view v;
        session_view(s, T0_US, &v);
        const char *what = cases[i].steps;
        if (v.trainer.flags_loading != cases[i].loading ||
            v.trainer.flags_failed != cases[i].failed)
            fail_msg("%s: loading %d failed %d", what, v.trainer.flags_loading,
                     v.trainer.flags_failed);
        assert_string_equal(v.trainer.flags_error, cases[i].error);
        assert_int_equal(v.trainer.n_flags, cases[i].n_flags);
        assert_int_equal(session_can(s, ACTION_FLAGS_DAY, 1), cases[i].day_back_can);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_and_groups), cmocka_unit_test(test_filters_step),
        cmocka_unit_test(test_filter_enabled),   cmocka_unit_test(test_story_compute),
        cmocka_unit_test(test_story_screens),    cmocka_unit_test(test_typed_note),
        cmocka_unit_test(test_clear_reasons),    cmocka_unit_test(test_load_steps),
        cmocka_unit_test(test_store_answer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
