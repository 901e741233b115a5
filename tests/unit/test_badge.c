#include <linux/input-event-codes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/badge.h"
#include "../../app/dev/badge_reader.h"

#define KEY_GAP_US 3000 /* how fast a wedge reader types */
#define MAX_EVENTS 256

/* One scripted read: keys with press/release pairs, as the reader sends them. */
struct script {
    struct {
        int64_t t_us;
        int code, value;
    } ev[MAX_EVENTS];
    int n;
    int64_t t_us;
};

static void ev(struct script *s, int code, int value)
{
    assert_true(s->n < MAX_EVENTS);
    s->ev[s->n].t_us = s->t_us;
    s->ev[s->n].code = code;
    s->ev[s->n].value = value;
    s->n++;
}

static void tap(struct script *s, int code)
{
    ev(s, code, 1);
    ev(s, code, 0);
    s->t_us += KEY_GAP_US;
}

static void tap_shifted(struct script *s, int code)
{
    ev(s, KEY_LEFTSHIFT, 1);
    tap(s, code);
    ev(s, KEY_LEFTSHIFT, 0);
}

static void wait_us(struct script *s, int64_t us)
{
    s->t_us += us;
}

struct outcome {
    int completes, garbled;
    char uid[BADGE_UID_MAX];
};

static struct outcome play(struct badge_decoder *d, const struct script *s)
{
    struct outcome o = {0};
    for (int i = 0; i < s->n; i++) {
        char uid[BADGE_UID_MAX];
        enum badge_result r =
            badge_decoder_key(d, s->ev[i].t_us, s->ev[i].code, s->ev[i].value, uid);
        if (r == BADGE_COMPLETE) {
            o.completes++;
            strcpy(o.uid, uid);
        } else if (r == BADGE_GARBLED) {
            o.garbled++;
        }
    }
    return o;
}

static const int digit_keys[10] = {KEY_0, KEY_1, KEY_2, KEY_3, KEY_4,
                                   KEY_5, KEY_6, KEY_7, KEY_8, KEY_9};
static const int letter_keys[26] = {
    KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I, KEY_J, KEY_K, KEY_L, KEY_M,
    KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R, KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X, KEY_Y, KEY_Z,
};

/* Types text the way readers do: upper-case with shift, lower-case without. */
static void type(struct script *s, const char *text)
{
    for (const char *c = text; *c; c++) {
        if (*c >= '0' && *c <= '9')
            tap(s, digit_keys[*c - '0']);
        else if (*c >= 'A' && *c <= 'Z')
            tap_shifted(s, letter_keys[*c - 'A']);
        else if (*c >= 'a' && *c <= 'z')
            tap(s, letter_keys[*c - 'a']);
        else if (*c == '-')
            tap(s, KEY_MINUS);
        else
            fail_msg("cannot type '%c'", *c);
    }
}

struct badge_case {
    const char *name;
    void (*build)(struct script *s);
    int want_completes, want_garbled;
    const char *want_uid;
};

static void digits_enter(struct script *s)
{
    type(s, "0004211337");
    tap(s, KEY_ENTER);
}

static void shifted_hex(struct script *s)
{
    type(s, "04A3F2C1");
    tap(s, KEY_ENTER);
}

static void lower_case_hex(struct script *s)
{
    type(s, "04a3f2c1");
    tap(s, KEY_ENTER);
}

static void all_letters_and_minus(struct script *s)
{
    type(s, "ABCDEFGHIJKLM-nopqrstuvwxyz");
    tap(s, KEY_ENTER);
}

static void keypad_enter(struct script *s)
{
    type(s, "12345678");
    tap(s, KEY_KPENTER);
}

static void keypad_digits(struct script *s)
{
    tap(s, KEY_KP1);
    tap(s, KEY_KP0);
    tap(s, KEY_KPMINUS);
    tap(s, KEY_KP9);
    tap(s, KEY_KPENTER);
}

static void garbage_key(struct script *s)
{
    type(s, "1234");
    tap(s, KEY_SPACE);
    type(s, "5678");
    tap(s, KEY_ENTER);
}

static void shifted_digit(struct script *s)
{
    type(s, "1234");
    tap_shifted(s, KEY_5); /* '%' */
    tap(s, KEY_ENTER);
}

static void ctrl_key(struct script *s)
{
    ev(s, KEY_LEFTCTRL, 1);
    tap(s, KEY_C);
    ev(s, KEY_LEFTCTRL, 0);
    tap(s, KEY_ENTER);
}

static void longest(struct script *s)
{
    for (int i = 0; i < BADGE_UID_MAX - 1; i++)
        type(s, "7");
    tap(s, KEY_ENTER);
}

static void too_long(struct script *s)
{
    for (int i = 0; i < BADGE_UID_MAX; i++)
        type(s, "7");
    tap(s, KEY_ENTER);
}

static void stall_mid_badge(struct script *s)
{
    type(s, "0451");
    wait_us(s, BADGE_KEY_GAP_MAX_US + 1);
    type(s, "99887766");
    tap(s, KEY_ENTER);
}

static void pause_within_limit(struct script *s)
{
    type(s, "0451");
    wait_us(s, BADGE_KEY_GAP_MAX_US - KEY_GAP_US);
    type(s, "9988");
    tap(s, KEY_ENTER);
}

static void stall_then_enter(struct script *s)
{
    type(s, "0451");
    wait_us(s, 2 * BADGE_KEY_GAP_MAX_US);
    tap(s, KEY_ENTER);
}

static void autorepeat_digit(struct script *s)
{
    ev(s, KEY_4, 1);
    ev(s, KEY_4, 2);
    ev(s, KEY_4, 0);
    s->t_us += KEY_GAP_US;
    type(s, "567");
    tap(s, KEY_ENTER);
}

static void held_shift_repeats(struct script *s)
{
    ev(s, KEY_RIGHTSHIFT, 1);
    ev(s, KEY_RIGHTSHIFT, 2);
    ev(s, KEY_RIGHTSHIFT, 2);
    tap(s, KEY_A);
    tap(s, KEY_B);
    ev(s, KEY_RIGHTSHIFT, 0);
    type(s, "12");
    tap(s, KEY_ENTER);
}

static void lone_enter(struct script *s)
{
    tap(s, KEY_ENTER);
    tap(s, KEY_KPENTER);
}

static void two_badges(struct script *s)
{
    type(s, "1111");
    tap(s, KEY_ENTER);
    wait_us(s, 100000);
    type(s, "2222");
    tap(s, KEY_ENTER);
}

static void garbled_then_good(struct script *s)
{
    type(s, "12");
    tap(s, KEY_TAB);
    tap(s, KEY_ENTER);
    type(s, "ABCD");
    tap(s, KEY_ENTER);
}

static const struct badge_case cases[] = {
    {"digits + Enter", digits_enter, 1, 0, "0004211337"},
    {"shifted letters", shifted_hex, 1, 0, "04A3F2C1"},
    {"lower case normalised", lower_case_hex, 1, 0, "04A3F2C1"},
    {"every letter and minus", all_letters_and_minus, 1, 0, "ABCDEFGHIJKLM-NOPQRSTUVWXYZ"},
    {"keypad Enter", keypad_enter, 1, 0, "12345678"},
    {"keypad digits", keypad_digits, 1, 0, "10-9"},
    {"garbage key dropped at Enter", garbage_key, 0, 1, ""},
    {"shifted digit is punctuation", shifted_digit, 0, 1, ""},
    {"modifier key", ctrl_key, 0, 1, ""},
    {"longest UID that fits", longest, 1, 0, "7777777777777777777777777777777"},
    {"too long", too_long, 0, 1, ""},
    {"stall mid-badge drops the stale part", stall_mid_badge, 1, 1, "99887766"},
    {"pause under the limit", pause_within_limit, 1, 0, "04519988"},
    {"stall then Enter: garbled once", stall_then_enter, 0, 1, ""},
    {"autorepeat is garbled", autorepeat_digit, 0, 1, ""},
    {"held shift repeats harmlessly", held_shift_repeats, 1, 0, "AB12"},
    {"lone Enter is nothing", lone_enter, 0, 0, ""},
    {"two badges in a row", two_badges, 2, 0, "2222"},
    {"garbled read, then a good one", garbled_then_good, 1, 1, "ABCD"},
};

static void test_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        print_message("case: %s\n", cases[i].name);
        static struct script s;
        memset(&s, 0, sizeof(s));
        s.t_us = 7000000;
        cases[i].build(&s);
        struct badge_decoder d;
        badge_decoder_init(&d);
        struct outcome o = play(&d, &s);
        assert_int_equal(o.completes, cases[i].want_completes);
        assert_int_equal(o.garbled, cases[i].want_garbled);
        assert_string_equal(o.uid, cases[i].want_uid);
        /* nothing left over: the next read starts clean */
        assert_int_equal(badge_decoder_idle(&d, s.t_us + 10 * BADGE_KEY_GAP_MAX_US), BADGE_NONE);
    }
}

static void test_idle_reports_stalled_read_once(void **state)
{
    (void)state;
    struct badge_decoder d;
    badge_decoder_init(&d);
    assert_int_equal(badge_decoder_idle(&d, 0), BADGE_NONE);
    char uid[BADGE_UID_MAX];
    assert_int_equal(badge_decoder_key(&d, 1000, KEY_4, 1, uid), BADGE_NONE);
    assert_int_equal(badge_decoder_key(&d, 2000, KEY_2, 1, uid), BADGE_NONE);
    assert_int_equal(badge_decoder_idle(&d, 2000 + BADGE_KEY_GAP_MAX_US), BADGE_NONE);
    assert_int_equal(badge_decoder_idle(&d, 2001 + BADGE_KEY_GAP_MAX_US), BADGE_GARBLED);
    assert_int_equal(badge_decoder_idle(&d, 9000000), BADGE_NONE);
    /* the stale "42" is gone */
    assert_int_equal(badge_decoder_key(&d, 9000000, KEY_7, 1, uid), BADGE_NONE);
    assert_int_equal(badge_decoder_key(&d, 9003000, KEY_ENTER, 1, uid), BADGE_COMPLETE);
    assert_string_equal(uid, "7");
}

/* The simulated reader types what a wedge reader types; the decoder reads it back. */
static void test_badge_sim_round_trip(void **state)
{
    (void)state;
    struct badge_sim *sim = badge_sim_new();
    assert_non_null(sim);
    struct badge_reader *port = badge_sim_port(sim);
    badge_sim_tap(sim, "04A3f2-c1", 1000000);
    badge_sim_tap_partial(sim, "DEADBEEF", 3000000);
    badge_sim_tap(sim, "0042", 5000000);

    struct badge_decoder d;
    badge_decoder_init(&d);
    struct key_event ev[8];
    int completes = 0, garbled = 0, n_events = 0;
    char last_uid[BADGE_UID_MAX] = "";
    int64_t last_t = -1;
    assert_int_equal(badge_reader_poll(port, 999999, ev, 8), 0);
    for (int64_t now = 0; now <= 6000000; now += 1000) {
        int n = badge_reader_poll(port, now, ev, 8);
        assert_in_range(n, 0, 8);
        for (int i = 0; i < n; i++) {
            assert_true(ev[i].t_us <= now);
            assert_true(ev[i].t_us >= last_t);
            assert_in_range(ev[i].value, 0, 1); /* a reader never autorepeats */
            last_t = ev[i].t_us;
            n_events++;
            char uid[BADGE_UID_MAX];
            enum badge_result r = badge_decoder_key(&d, ev[i].t_us, ev[i].code, ev[i].value, uid);
            if (r == BADGE_COMPLETE) {
                completes++;
                strcpy(last_uid, uid);
                if (completes == 1) {
                    assert_string_equal(uid, "04A3F2-C1");
                    /* 9 keys and Enter, 3 ms apart */
                    assert_true(ev[i].t_us - 1000000 <= 10 * 3000);
                }
            } else if (r == BADGE_GARBLED) {
                garbled++;
            }
        }
        if (badge_decoder_idle(&d, now) == BADGE_GARBLED)
            garbled++;
    }
    assert_int_equal(completes, 2);
    assert_int_equal(garbled, 1); /* the cut-off read, once */
    assert_string_equal(last_uid, "0042");
    /* 04A3f2-c1: 9 keys (A shifted), Enter; DEAD: 4 shifted; 0042: 4 keys, Enter */
    assert_int_equal(n_events, (10 * 2 + 1 * 2) + (4 * 4) + (5 * 2));
    assert_int_equal(badge_reader_poll(port, 100000000, ev, 8), 0);
    badge_reader_close(port);
    badge_reader_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_idle_reports_stalled_read_once),
        cmocka_unit_test(test_badge_sim_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
