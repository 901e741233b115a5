/*
 * Languages: the kiosk shows Spanish and German under the C locale a systemd service runs
 * in, numbers carry the language's decimal sign, loads read in the rack's unit, every
 * string of the core that the lifter screens show is translated (the screens' own strings
 * are checked against the catalogues by tests/e2e/i18n.sh), and a missing one is English.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/progression.h"
#include "../../app/core/session.h"
#include "../../app/ui/i18n.h"

static const char *locale_dir(void)
{
    static char buf[1024];
    const char *a = getenv("RACKSIDE_ASSETS");
    const char *dir = i18n_find_dir(a && *a ? a : "assets", buf, sizeof buf);
    if (!dir)
        fail_msg("no compiled catalogues found (build/locale: make locale)");
    return dir;
}

static void use(const char *lang)
{
    char err[I18N_ERR_MAX];
    if (i18n_use(lang, locale_dir(), err) != 0)
        fail_msg("%s: %s", lang, err);
}

/* As under systemd: LANG unset or C, LC_ALL=C; glibc ignores LANGUAGE in the "C" locale. */
static void test_translates_under_the_c_locale(void **state)
{
    (void)state;
    setenv("LC_ALL", "C", 1);
    unsetenv("LANG");
    setlocale(LC_ALL, "");
    use("es");
    assert_string_equal(_("Rest"), "Descanso");
    assert_string_equal(i18n_current(), "es");
    use("de");
    assert_string_equal(_("Rest"), "Pause");
    use("en");
    assert_string_equal(_("Rest"), "Rest");
    assert_string_equal(i18n_current(), "en");
}

static void test_unknown_language_is_english(void **state)
{
    (void)state;
    char err[I18N_ERR_MAX];
    assert_int_equal(i18n_use("fr", locale_dir(), err), -1);
    assert_non_null(strstr(err, "fr"));
    assert_string_equal(_("Rest"), "Rest");
    assert_false(i18n_known("xx"));
    assert_true(i18n_known("de"));
    /* a catalogue that is not there: English, and said */
    assert_int_equal(i18n_use("es", "/nonexistent", err), -1);
    assert_non_null(strstr(err, "no catalogue"));
    assert_string_equal(_("Rest"), "Rest");
}

/* A string no catalogue has shows as written; "" stays "" (not the catalogue's header). */
static void test_missing_key_falls_back(void **state)
{
    (void)state;
    use("de");
    assert_string_equal(_("A sentence no catalogue has"), "A sentence no catalogue has");
    assert_string_equal(_(""), "");
    assert_string_equal(C_("no such context", "L"), "L");
    use("en");
}

static void test_numbers_and_loads(void **state)
{
    (void)state;
    static const struct {
        const char *lang;
        int64_t g;
        enum rack_unit unit;
        const char *want;
    } loads[] = {
        {"en", 82500, RACK_KG, "82.5 kg"}, {"es", 82500, RACK_KG, "82,5 kg"},
        {"de", 1250, RACK_KG, "1,25 kg"},  {"de", 100000, RACK_KG, "100 kg"},
        {"en", 20412, RACK_LB, "45 lb"},   {"es", 102060, RACK_LB, "225 lb"},
        {"de", 1134, RACK_LB, "2,5 lb"},   {"en", 46000, RACK_LB, "101.4 lb"},
        {"es", 0, RACK_KG, "0 kg"},        {"en", -2500, RACK_KG, "-2.5 kg"},
        {"es", 102058, RACK_LB, "225 lb"}, /* 3 g under: the same load on pound plates */
    };
    for (size_t i = 0; i < sizeof loads / sizeof loads[0]; i++) {
        use(loads[i].lang);
        char buf[32];
        i18n_load(buf, sizeof buf, loads[i].g, loads[i].unit);
        if (strcmp(buf, loads[i].want) != 0)
            fail_msg("%s %lld g: \"%s\", want \"%s\"", loads[i].lang, (long long)loads[i].g, buf,
                     loads[i].want);
    }
    char buf[32];
    use("es");
    i18n_fixed(buf, sizeof buf, 0.234, 2);
    assert_string_equal(buf, "0,23");
    i18n_fixed(buf, sizeof buf, -0.001, 1);
    assert_string_equal(buf, "0,0");
    i18n_number(buf, sizeof buf, 3.0, 1);
    assert_string_equal(buf, "3");
    use("en");
    i18n_fixed(buf, sizeof buf, 1.25, 1);
    assert_string_equal(buf, "1.3"); /* halves round away from zero */
}

/* What the core writes and the lifter screens show through _(): translated in each
 * language, so a new flag, question or step without one fails here. */
static void test_core_strings_are_translated(void **state)
{
    (void)state;
    const char *langs[] = {"es", "de"};
    const struct warmup_step *steps;
    int n_steps = session_warmup_steps(&steps);
    assert_true(n_steps > 0);
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        use(langs[l]);
        const char *strings[96];
        int n = 0;
        for (int k = 0; k < FLAG_KIND_COUNT; k++)
            strings[n++] = flag_kind_label(k);
        for (int q = 0; q < RED_FLAG_QUESTIONS; q++)
            strings[n++] = session_red_flag_question(q);
        for (int i = 0; i < n_steps; i++) {
            strings[n++] = steps[i].name;
            strings[n++] = steps[i].cue;
        }
        for (int q = 0; q < SCREENING_QUESTIONS; q++)
            strings[n++] = screening_question(q);
        strings[n++] = screening_wait_text();
        for (int r = PROGRESSION_STEP; r <= PROGRESSION_HOLD_ATTEMPT; r++)
            strings[n++] = progression_reason_str(r);
        for (int i = 0; i < n; i++)
            if (strcmp(_(strings[i]), strings[i]) == 0)
                fail_msg("%s: \"%s\" has no translation (assets/i18n/%s.po)", langs[l], strings[i],
                         langs[l]);
    }
    use("en");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_translates_under_the_c_locale),
        cmocka_unit_test(test_unknown_language_is_english),
        cmocka_unit_test(test_missing_key_falls_back),
        cmocka_unit_test(test_numbers_and_loads),
        cmocka_unit_test(test_core_strings_are_translated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
