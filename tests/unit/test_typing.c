/*
 * The on-screen keyboard's typed text as UTF-8 (issue 11: accented letters for names and
 * notes in Spanish and German): capitals of accented letters, erase taking a whole
 * character, counting characters rather than bytes, and the limits in both.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/typing.h"

static void capitals(void **state)
{
    (void)state;
    static const struct {
        const char *key, *capital;
    } cases[] = {
        {"q", "Q"}, {"a", "A"}, {"á", "Á"},   {"é", "É"}, {"í", "Í"}, {"ó", "Ó"},
        {"ú", "Ú"}, {"ü", "Ü"}, {"ñ", "Ñ"},   {"ä", "Ä"}, {"ö", "Ö"}, {"ç", "Ç"},
        {"à", "À"}, {"ê", "Ê"}, {"ß", "ß"},   {"Ä", "Ä"}, {"Ñ", "Ñ"}, {"1", "1"},
        {"¿", "¿"}, {"¡", "¡"}, {"kg", "Kg"}, {"÷", "÷"}, {".", "."}, {"", ""},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char out[16];
        typing_capital(cases[c].key, out, sizeof out);
        if (strcmp(out, cases[c].capital) != 0)
            fail_msg("capital of \"%s\": \"%s\", want \"%s\"", cases[c].key, out, cases[c].capital);
    }
}

/* Keys typed one after another (the first as a capital when asked), then erases. */
static void typing_table(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        const char *keys[8];
        bool first_capital;
        int erases;
        const char *text;
        int chars, chars_trimmed;
    } cases[] = {
        {"plain letters", {"a", "b"}, false, 0, "ab", 2, 2},
        {"an accented first letter as a capital", {"á", "n", "a"}, true, 0, "Ána", 3, 3},
        {"erase takes ñ whole", {"a", "ñ"}, false, 1, "a", 1, 1},
        {"erase takes ß whole", {"ß"}, false, 1, "", 0, 0},
        {"two erases past two accents", {"x", "ü", "ö"}, false, 2, "x", 1, 1},
        {"erase on nothing", {NULL}, false, 3, "", 0, 0},
        {"a three-byte character erased whole", {"a", "€"}, false, 1, "a", 1, 1},
        {"accents count as one character", {"Á", "é", "ñ"}, false, 0, "Áéñ", 3, 3},
        {"spaces at the end not counted", {"ü", " ", " "}, false, 0, "ü  ", 3, 1},
        {"a word key", {"5", "kg"}, false, 0, "5kg", 3, 3},
        {"ß at the start stays small", {"ß", "e"}, true, 0, "ße", 2, 2},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct note_state n = {0};
        for (int k = 0; k < 8 && cases[c].keys[k]; k++)
            typing_add(&n, cases[c].keys[k], k == 0 && cases[c].first_capital);
        for (int e = 0; e < cases[c].erases; e++)
            typing_erase(&n);
        if (strcmp(n.text, cases[c].text) != 0 || n.len != (int)strlen(cases[c].text))
            fail_msg("%s: \"%s\" (%d bytes), want \"%s\"", cases[c].what, n.text, n.len,
                     cases[c].text);
        if (typing_chars(n.text) != cases[c].chars)
            fail_msg("%s: %d characters, want %d", cases[c].what, typing_chars(n.text),
                     cases[c].chars);
        if (typing_chars_trimmed(&n) != cases[c].chars_trimmed)
            fail_msg("%s: %d characters trimmed, want %d", cases[c].what, typing_chars_trimmed(&n),
                     cases[c].chars_trimmed);
    }
}

/* A key fits while both the characters and the bytes stay within their limits. */
static void limits(void **state)
{
    (void)state;
    static const struct {
        const char *typed, *key;
        int max_chars, max_bytes;
        bool fits;
    } cases[] = {
        {"abc", "d", 4, 10, true},  {"abcd", "e", 4, 10, false}, {"ñññ", "ñ", 4, 10, true},
        {"ñññ", "ñ", 4, 7, false},  {"abc", "kg", 4, 10, false}, {"ab", "kg", 4, 10, true},
        {"", "", 4, 10, false},     {"ab", "ü", 3, 4, true},     {"ab", "ü", 3, 3, false},
        {"ßßß", "a", 3, 10, false},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct note_state n = {0};
        typing_add(&n, cases[c].typed, false);
        bool fits = typing_fits(&n, cases[c].key, cases[c].max_chars, cases[c].max_bytes);
        if (fits != cases[c].fits)
            fail_msg("\"%s\" + \"%s\" within %d characters, %d bytes: %s", cases[c].typed,
                     cases[c].key, cases[c].max_chars, cases[c].max_bytes,
                     fits ? "fits" : "does not fit");
    }
    /* never past the buffer, whatever the limits asked */
    struct note_state n = {0};
    for (int i = 0; i < 200; i++)
        if (typing_fits(&n, "ñ", 1000, 1000))
            typing_add(&n, "ñ", false);
    assert_true(n.len < (int)sizeof n.text);
    assert_int_equal(typing_chars(n.text), n.len / 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(capitals),
        cmocka_unit_test(typing_table),
        cmocka_unit_test(limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
