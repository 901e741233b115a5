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
#include <ctype.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../app/catalogue_files.h"
#include "../../app/config.h"
#include "../../app/kiosk_words.h"
#include "../../app/core/flag_text.h"
#include "../../app/core/flag_detail.h"
#include "../../app/core/phrase.h"
#include "../../app/core/plate_cal.h"
#include "../../app/core/prefs.h"
#include "../../app/core/progression.h"
#include "../../app/core/session.h"
#include "../../app/ui/i18n.h"
#include "../../app/ui/ui.h"

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
        {"en", 567, RACK_LB, "1.25 lb"},   {"de", 20978, RACK_LB, "46,25 lb"},
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

/* What the core writes on the trainer's screens: the preset notes, the reasons to lift a
 * cap or clear a day, the severities; translated in each language. */
static void test_trainer_core_strings_are_translated(void **state)
{
    (void)state;
    const char *langs[] = {"es", "de"};
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        use(langs[l]);
        const char *strings[SESSION_ACK_NOTES + SESSION_LOAD_REASONS + SESSION_CLEAR_REASONS + 3];
        int n = 0;
        for (int i = 0; i < SESSION_ACK_NOTES; i++)
            strings[n++] = session_ack_note(i);
        for (int i = 0; i < SESSION_LOAD_REASONS; i++)
            strings[n++] = session_load_reason(i);
        for (int i = 0; i < SESSION_CLEAR_REASONS; i++)
            strings[n++] = session_clear_reason(i);
        strings[n++] = severity_label(SEVERITY_INFO);
        strings[n++] = severity_label(SEVERITY_CAUTION);
        strings[n++] = severity_label(SEVERITY_STOP);
        for (int i = 0; i < n; i++)
            if (strcmp(_(strings[i]), strings[i]) == 0)
                fail_msg("%s: \"%s\" has no translation (assets/i18n/%s.po)", langs[l], strings[i],
                         langs[l]);
    }
    use("en");
}

/* The enrol page's sentences, the store's refusals among them, in every language, each
 * taking the English's arguments: a refusal reads "No se ha dado: ya hay un socio llamado
 * Robin Park ...", not the store's English after "No se ha dado:". */
static void test_enrol_sentences_are_translated(void **state)
{
    (void)state;
    const char *langs[] = {"es", "de"};
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        use(langs[l]);
        for (int i = 0; i < ENROL_MSGS; i++) {
            const char *t = _(enrol_formats[i]);
            if (strcmp(t, enrol_formats[i]) == 0)
                fail_msg("%s: \"%s\" has no translation (assets/i18n/%s.po)", langs[l],
                         enrol_formats[i], langs[l]);
            if (phrase_arity(t) != phrase_arity(enrol_formats[i]))
                fail_msg("%s: \"%s\" takes other arguments than \"%s\"", langs[l], t,
                         enrol_formats[i]);
        }
    }
    /* the Loads page's word on a save too */
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        use(langs[l]);
        for (int i = 0; i < LOAD_PHRASES; i++) {
            const char *t = _(trainer_load_phrases_en[i]);
            if (strcmp(t, trainer_load_phrases_en[i]) == 0 ||
                phrase_arity(t) != phrase_arity(trainer_load_phrases_en[i]))
                fail_msg("%s: \"%s\" has no translation with its arguments", langs[l],
                         trainer_load_phrases_en[i]);
        }
    }
    use("es");
    char out[256];
    const char *args[ENROL_MSG_ARGS] = {"Robin Park", ""};
    phrase_fill(out, sizeof out, _(enrol_formats[ENROL_MSG_NOT_GIVEN_NAME_TAKEN]), args,
                ENROL_MSG_ARGS);
    assert_string_equal(out, "No se ha dado: ya hay un socio llamado Robin Park (elíjalo en la "
                             "lista)");
    use("en");
}

/* A lifter's own language switches the screens' words without touching the environment
 * (other threads read it); "" goes back to the rack's language. */
static void test_select_switches_without_the_environment(void **state)
{
    (void)state;
    use("de"); /* the rack's */
    const char *env = getenv("LANGUAGE");
    char before[64];
    snprintf(before, sizeof before, "%s", env ? env : "");
    assert_true(i18n_select("es"));
    assert_string_equal(_("Rest"), "Descanso");
    assert_string_equal(i18n_current(), "es");
    assert_true(i18n_select("en"));
    assert_string_equal(_("Rest"), "Rest");
    assert_true(i18n_select(""));
    assert_string_equal(_("Rest"), "Pause");
    assert_false(i18n_select("fr"));
    assert_string_equal(_("Rest"), "Rest");
    assert_true(i18n_select(NULL));
    assert_string_equal(i18n_current(), "de");
    env = getenv("LANGUAGE");
    assert_string_equal(env ? env : "", before);
    /* the core's list of languages a lifter may choose is the kiosk's */
    const char *const *codes;
    assert_int_equal(i18n_languages(&codes), PREFS_LANGUAGES);
    for (int i = 0; i < PREFS_LANGUAGES; i++)
        assert_string_equal(codes[i], prefs_languages[i]);
    use("en");
}

/* Plurals are the language's: each language's catalogue, one and many, as a table. */
static void test_plurals_in_every_language(void **state)
{
    (void)state;
    static const struct {
        const char *lang;
        unsigned long n;
        const char *want;
    } cases[] = {
        {"en", 1, "+ %s more flag"},  {"en", 3, "+ %s more flags"}, {"es", 1, "+ %s aviso más"},
        {"es", 3, "+ %s avisos más"}, {"de", 1, "+ %s weiterer"},   {"de", 3, "+ %s weitere"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        use(cases[i].lang);
        const char *got = i18n_plural("+ %s more flag", "+ %s more flags", cases[i].n);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("%s, %lu: \"%s\", not \"%s\"", cases[i].lang, cases[i].n, got, cases[i].want);
    }
    /* a lifter's own language, selected at their badge, has its plurals too */
    use("en");
    assert_true(i18n_select("es"));
    assert_string_equal(i18n_plural("Last set: %s rep at %s", "Last set: %s reps at %s", 2),
                        "Última serie: %s reps. con %s");
    i18n_select(NULL);
}

/* Formats filled by substitution: positions, "%%", missing arguments, anything else kept. */
static void test_phrase_fill(void **state)
{
    (void)state;
    static const struct {
        const char *fmt;
        int n_args;
        const char *want;
        int arity;
    } cases[] = {
        {"%s on %s", 2, "A on B", 2},
        {"%2$s, %1$s", 2, "B, A", 2},
        {"%1$s and %1$s", 1, "A and A", 1},
        {"90 %% of %s", 1, "90 % of A", 1},
        {"%s %s %s", 2, "A B ", 3}, /* one too many: "" */
        {"%d left", 1, "%d left", -1},
        {"%", 0, "%", -1},
        {"", 0, "", 0},
        {"no arguments", 0, "no arguments", 0},
    };
    const char *args[] = {"A", "B"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[64];
        phrase_fill(out, sizeof out, cases[i].fmt, args, cases[i].n_args);
        if (strcmp(out, cases[i].want) != 0)
            fail_msg("\"%s\": \"%s\", want \"%s\"", cases[i].fmt, out, cases[i].want);
        assert_int_equal(phrase_arity(cases[i].fmt), cases[i].arity);
    }
    char small[6];
    phrase_fill(small, sizeof small, "%s and more", args, 2);
    assert_string_equal(small, "A and");
}

/* A number in a sentence takes the reader's decimal mark, alone or before its unit, and
 * nothing else does (phrase_number); every composed sentence the screens fill goes through
 * it: the Loads page's "Gespeichert: 72.5 kg für heute" failed before. */
static void test_numbers_in_phrases(void **state)
{
    (void)state;
    static const struct {
        const char *arg, *sign, *want;
    } numbers[] = {
        {"72.5 kg", ",", "72,5 kg"},
        {"72.5", ",", "72,5"},
        {"140.5 lb", ",", "140,5 lb"},
        {"-0.5 s", ",", "-0,5 s"},
        {"12.5 %", ",", "12,5 %"},
        {"0.63 m/s", ",", "0,63 m/s"},
        {"72.5 kg", ".", "72.5 kg"},
        {"72.5 kg", NULL, "72.5 kg"},
        {"72 kg", ",", "72 kg"},
        {"A.5", ",", "A.5"},
        {"Rack 2.5", ",", "Rack 2.5"},
        {"1.2.3", ",", "1.2.3"},
        {"v1.5", ",", "v1.5"},
        {"5.", ",", "5."},
        {"1.5 s, rep 2", ",", "1.5 s, rep 2"},
        {"2.5 kg 3.5", ",", "2.5 kg 3.5"},
        {"", ",", ""},
    };
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        char out[32];
        phrase_number(out, sizeof out, numbers[i].arg, numbers[i].sign);
        if (strcmp(out, numbers[i].want) != 0)
            fail_msg("\"%s\" with \"%s\": \"%s\", want \"%s\"", numbers[i].arg,
                     numbers[i].sign ? numbers[i].sign : "(null)", out, numbers[i].want);
    }
    static const struct {
        const char *lang, *fmt;
        const char *args[3];
        int n_args;
        const char *want;
    } said[] = {
        {"de", "Saved: %s for today", {"72.5 kg"}, 1, "Gespeichert: 72,5 kg f\xC3\xBCr heute"},
        {"es", "Saved: %s to start", {"140.5 lb"}, 1, "Guardado: 140,5 lb para empezar"},
        {"en", "Saved: %s for today", {"72.5 kg"}, 1, "Saved: 72.5 kg for today"},
        {"de",
         "Saved: %s, %s %s to start",
         {"Ana L.", "Kniebeuge", "62.5 kg"},
         3,
         "Gespeichert: Ana L., Kniebeuge 62,5 kg zum Start"},
        {"es", "Not saved: %s", {"disk I/O error 1.5"}, 1, "No se ha guardado: disk I/O error 1.5"},
        /* Calibrate's reason for no calibration (it was English in es/de) */
        {"de",
         "the left side did not read the weight the right way (%s g a count): check that the "
         "weight was on, and that side's cell wiring (A+/A- swapped?)",
         {"-0.0503"},
         1,
         "die linke Seite hat das Gewicht verkehrt herum gelesen (-0,0503 g pro Z\xC3\xA4hlwert): "
         "pr\xC3\xBC"
         "fen, ob das Gewicht auflag, und die Verkabelung der Zellen dieser Seite "
         "(A+/A- vertauscht?)"},
    };
    for (size_t i = 0; i < sizeof said / sizeof said[0]; i++) {
        use(said[i].lang);
        char out[256];
        i18n_phrase(out, sizeof out, said[i].fmt, said[i].args, said[i].n_args);
        if (strcmp(out, said[i].want) != 0)
            fail_msg("%s \"%s\": \"%s\", want \"%s\"", said[i].lang, said[i].fmt, out,
                     said[i].want);
    }
    use("en");
}

/* The cap's sentence and the composed notices in each language: every phrase translated,
 * taking the arguments its English takes (else a screen falls back to the English). */
static void test_composed_sentences_are_translated(void **state)
{
    (void)state;
    const char *langs[] = {"es", "de"};
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        use(langs[l]);
        const char *strings[PROGRESSION_PHRASES + 12 + BANNER_FORMATS + FLAG_DETAIL_PHRASES +
                            PLATE_CAL_FAULTS];
        int n = 0;
        for (int i = 0; i < PROGRESSION_PHRASES; i++)
            strings[n++] = progression_phrases_en[i];
        for (int i = 0; i < 12; i++)
            strings[n++] = progression_months_en[i];
        for (int i = 0; i < BANNER_FORMATS; i++)
            strings[n++] = session_banner_formats[i];
        for (int i = 0; i < FLAG_DETAIL_PHRASES; i++) /* stored flag details */
            strings[n++] = flag_detail_phrases_en[i];
        for (int i = 0; i < PLATE_CAL_FAULTS; i++) /* why a calibration cannot be made */
            strings[n++] = plate_cal_faults_en[i];
        for (int i = 0; i < n; i++) {
            const char *t = _(strings[i]);
            /* " = %s" is the same in every language */
            if (strcmp(t, strings[i]) == 0 && strcmp(strings[i], " = %s") != 0)
                fail_msg("%s: \"%s\" has no translation (assets/i18n/%s.po)", langs[l], strings[i],
                         langs[l]);
            if (phrase_arity(t) != phrase_arity(strings[i]))
                fail_msg("%s: \"%s\" takes %d arguments, its English %d", langs[l], t,
                         phrase_arity(t), phrase_arity(strings[i]));
        }
    }
    use("en");
}

/* The same cap said to a Spanish lifter in pounds on a kg rack, and in German in kg: the
 * plates' loads converted, never another load. */
static void test_cap_sentence_in_the_readers_words(void **state)
{
    (void)state;
    struct rules rules;
    rules_default(&rules);
    struct progression_input in = {
        .today = 20000, .last_session_day = -1, .last_session_pain = -1, .exercise = "Sentadilla"};
    struct progression_result r = {.reason = PROGRESSION_STEP,
                                   .cap_g = 102500,
                                   .best_g = 100000,
                                   .best_day = 19993,
                                   .step_g = 2500};
    static const struct {
        const char *lang;
        enum rack_unit unit;
        const char *want;
    } cases[] = {
        {"es", RACK_LB,
         "Mejor serie limpia de sentadilla: 220,5 lb el 27 sept, mantenida una "
         "semana: +5,5 lb = 226 lb"},
        {"de", RACK_KG,
         "Bester sauberer Satz Sentadilla: 100 kg am 27 Sep., eine Woche "
         "gehalten: +2,5 kg = 102,5 kg"},
        {"en", RACK_KG, "Best clean sentadilla 100 kg on 27 Sep, held a week: +2.5 kg = 102.5 kg"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        use(cases[i].lang);
        struct progression_words w;
        i18n_progression_words(&w, cases[i].unit);
        char out[PROGRESSION_EXPLAIN_MAX];
        progression_explain_in(&rules, &in, &r, &w, out, sizeof out);
        if (strcmp(out, cases[i].want) != 0)
            fail_msg("%s: \"%s\", want \"%s\"", cases[i].lang, out, cases[i].want);
    }
    /* English in the rack's unit is what rackside-ctl allowed says */
    char ctl[PROGRESSION_EXPLAIN_MAX];
    progression_explain(&rules, &in, &r, ctl, sizeof ctl);
    assert_string_equal(ctl, cases[2].want);
    use("en");
}

/* A flag as the lifter reads it (core/flag_text.h): what was flagged and what was seen, in
 * the reader's language and unit, every format translated with the arguments of its
 * English; a translation that takes others, or a shape the build does not know, never
 * crashes: the English, or the kind's label. */
static void test_flag_sentences_in_every_language(void **state)
{
    (void)state;
    const struct raised_flag rushed = {.kind = FLAG_RUSHED,
                                       .severity = SEVERITY_CAUTION,
                                       .rep = 3,
                                       .says = FLAG_SAYS_RUSHED,
                                       .val = {1234, 3000}};
    const struct raised_flag overload = {.kind = FLAG_OVERLOAD,
                                         .severity = SEVERITY_STOP,
                                         .says = FLAG_SAYS_OVERLOAD,
                                         .val = {102500, 100000}};
    const struct raised_flag loss = {
        .kind = FLAG_VELOCITY_LOSS, .rep = 5, .says = FLAG_SAYS_VELOCITY_LOSS, .val = {34, 30}};
    const struct raised_flag split = {
        .kind = FLAG_ASYMMETRY, .rep = 2, .says = FLAG_SAYS_SPLIT, .val = {62, 0}};
    const struct raised_flag tilt = {
        .kind = FLAG_ASYMMETRY, .rep = 4, .says = FLAG_SAYS_TILT, .val = {-375, 0}};
    const struct raised_flag said_nothing = {.kind = FLAG_SET_ABANDONED, .rep = 4};
    const struct raised_flag unknown_shape = {.kind = FLAG_MOMENTUM, .rep = 2, .says = 99};
    const struct raised_flag grind = {
        .kind = FLAG_GRIND, .rep = 3, .says = FLAG_SAYS_GRIND, .val = {92, 300}};
    static const struct {
        const char *lang;
        enum rack_unit unit;
        int flag; /* index into flags[] below */
        const char *want;
    } cases[] = {
        {"en", RACK_KG, 0, "Rep 3 rushed: down in 1.2 s, the cue 3 s"},
        {"es", RACK_KG, 0, "Rep. 3 demasiado r\xC3\xA1pida: bajada en 1,2 s, la pauta 3 s"},
        {"de", RACK_KG, 0, "Wdh. 3 zu schnell: abgesenkt in 1,2 s, Vorgabe 3 s"},
        {"en", RACK_KG, 1, "Overload: 102.5 kg on the bar, today's cap 100 kg"},
        {"es", RACK_LB, 1, "Sobrecarga: 226 lb en la barra, l\xC3\xADmite de hoy 220,5 lb"},
        {"de", RACK_KG, 1,
         "\xC3\x9C"
         "berlast: 102,5 kg auf der Stange, heute erlaubt 100 kg"},
        {"en", RACK_KG, 2, "Rep 5: 34 % slower than the best rep, over 30 %"},
        {"es", RACK_KG, 2, "Rep. 5: 34 % m\xC3\xA1s lenta que la mejor, m\xC3\xA1s del 30 %"},
        {"de", RACK_KG, 2,
         "Wdh. 5: 34 % langsamer als die beste, \xC3\xBC"
         "ber 30 %"},
        {"en", RACK_KG, 3, "Uneven: 62 % of the load on the left foot, 38 % on the right"},
        {"de", RACK_KG, 3,
         "Ungleich: 62 % der Last auf dem linken Fu\xC3\x9F, 38 % auf dem rechten"},
        {"en", RACK_KG, 4, "Rep 4: the bar tilted 3.8\xC2\xB0, one side lower"},
        {"es", RACK_KG, 4,
         "Rep. 4: la barra se inclin\xC3\xB3 3,8\xC2\xB0, un lado m\xC3\xA1s bajo"},
        {"en", RACK_KG, 5, "Set abandoned, rep 4"},
        {"es", RACK_KG, 5, "Serie abandonada, rep. 4"},
        {"de", RACK_KG, 6, "Schwung (Pendeln oder Federn), Wdh. 2"},
        {"en", RACK_KG, 7,
         "Rep 3 came up at 0.09 m/s, under this lift's 0.30 m/s: a grind, near "
         "failure"},
        {"de", RACK_KG, 7,
         "Wdh. 3 kam mit 0,09 m/s hoch, unter den 0,30 m/s dieser \xC3\x9C"
         "bung: am Limit, kurz vor dem Versagen"},
        {"es", RACK_LB, 7,
         "La rep. 3 subi\xC3\xB3 a 0,09 m/s, por debajo de los 0,30 m/s de este ejercicio: al "
         "l\xC3\xADmite, cerca del fallo"},
    };
    const struct raised_flag *flags[] = {&rushed, &overload,     &loss,          &split,
                                         &tilt,   &said_nothing, &unknown_shape, &grind};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        use(cases[i].lang);
        struct flag_words w;
        i18n_flag_words(&w, cases[i].unit);
        char out[256];
        flag_sentence(flags[cases[i].flag], &w, out, sizeof out);
        if (strcmp(out, cases[i].want) != 0)
            fail_msg("%s case %zu: \"%s\", want \"%s\"", cases[i].lang, i, out, cases[i].want);
    }
    /* every format translated, with its English's arguments */
    const char *langs[] = {"es", "de"};
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        use(langs[l]);
        for (int i = 0; i < FLAG_PHRASES; i++) {
            const char *t = _(flag_phrases_en[i]);
            if (strcmp(t, flag_phrases_en[i]) == 0 && strcmp(t, "%s") != 0)
                fail_msg("%s: \"%s\" has no translation", langs[l], flag_phrases_en[i]);
            if (phrase_arity(t) != phrase_arity(flag_phrases_en[i]))
                fail_msg("%s: \"%s\" takes %d arguments, its English %d", langs[l], t,
                         phrase_arity(t), phrase_arity(flag_phrases_en[i]));
        }
    }
    /* a translation that does not fit its English (printf's conversions, one argument too
     * many) is not used: the English says it */
    use("es");
    struct flag_words w;
    i18n_flag_words(&w, RACK_KG);
    const char *bad[] = {"%d %n %s", "Rep %s: %s %s %s %s"};
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
        for (int i = 0; i < FLAG_PHRASES; i++)
            w.phrase[i] = bad[b];
        char out[256];
        flag_sentence(&rushed, &w, out, sizeof out);
        assert_string_equal(out, "Rep 3 rushed: down in 1,2 s, the cue 3 s");
    }
    use("en");
}

/* ---- a settings file's and a catalogue's problems, as the fault screen says them ---- */

#define EXERCISE                                                                                   \
    "[squat]\nname = Back squat\nbody = lower\nload = plate\nstarts = eccentric\n"                 \
    "target_reps = 5\nwork_sets = 3\nwarmup = lower\n"
#define LONG_NAME                                                                                  \
    "name = "                                                                                      \
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz\n"

/* One kind of problem: the file (rackside.conf, or a catalogue file that replaces the shipped
 * one), its text, and the line the fault must name (0: the file as a whole). */
static const struct problem_case {
    const char *file;
    const char *text;
    int line;
} problem_cases[] = {
    {"rackside.conf", "[rules]\nrest_s = abc\n", 2},
    {"rackside.conf", "[plate]\nrate_hz = 20\n", 2},
    {"rackside.conf", "[rules]\npain_cap_min = 4.5\n", 2},
    {"rackside.conf", "[plate]\ndriver = hardwre\n", 2},
    {"rackside.conf", "[rules]\nrest_s = 60\nrest_s = 90\n", 3},
    {"rackside.conf", "[sound]\nquiet_from = 25:00\n", 2},
    {"rackside.conf", "[sound]\nquiet_from = 22:00\n", 2},
    {"rackside.conf", "[sound]\nquiet_from = 22:00\nquiet_until = 22:00\n", 3},
    {"rackside.conf", "[sound]\nvolume_pct = 50\nquiet_volume_pct = 80\n", 3},
    {"rackside.conf", "[rules]\nsmallest_step = 2.5\n", 2},
    {"rackside.conf", "[badge]\n" LONG_NAME, 2},
    {"rackside.conf", "[rules]\nrest_minutes = 1\n", 2},
    {"rackside.conf", "[rules]\nsmallest_step_kg = 20\n", 2},
    {"rackside.conf", "[rules]\npain_cap_min = 7\npain_no_lift_min = 6\n", 3},
    {"rackside.conf", "[rules]\nsmallest_step_kg = 2.5\nsmallest_step = 2.5kg\n", 3},
    {"rackside.conf", "[rules]\nsmallest_step = 20lb\n", 2},
    {"rackside.conf", "[rack]\nplates = 25/0.1\n", 2},
    {"rackside.conf", "[rack]\nunit = stone\n", 2},
    {"rackside.conf", "[rules]\nempty_bar_kg = 15\n[rack]\nbar = 20\n", 2},
    {"rackside.conf", "[plate]\ndriver = hardware\ngpio_chip =\n", 3},
    {"rackside.conf", "[server]\nrack = a/b\n", 2},
    {"rackside.conf", "[server]\nconnection = service=gym\n", 2},
    {"rackside.conf", "[server]\nrack = Rack 1\n", 2},
    {"rackside.conf", "[rules]\nthis is not a setting\n", 2},
    {"rackside.conf", NULL, 0}, /* a directory where the file should be */
    {"exercises.conf", EXERCISE "tempo = 3-1-2\n", 9},
    {"exercises.conf", EXERCISE "tempo = 0-1-2-0\n", 9},
    {"exercises.conf", EXERCISE "min_velocity_mps = 9\n", 9},
    {"exercises.conf", EXERCISE "readiness_drop_pct = 2.5\n", 9},
    {"exercises.conf", EXERCISE "body = upper\n", 9},
    {"exercises.conf", EXERCISE "colour = red\n", 9},
    {"exercises.conf", EXERCISE "name.xyz = Sentadilla\n", 9},
    {"exercises.conf", EXERCISE "step_max = 3\n", 9},
    {"exercises.conf", EXERCISE "step_max_kg = 2.5\nstep_max = 2.5kg\n", 10},
    {"exercises.conf", EXERCISE "[squat]\nname = Again\n", 9},
    {"exercises.conf", EXERCISE "[deadlift]\nname = Back squat\n", 10},
    {"exercises.conf", "[squat]\nname = Back squat\nbody = sideways\n", 3},
    {"exercises.conf", "[squat]\nname =\n", 2},
    {"exercises.conf", "[Squat]\nname = Back squat\n", 1},
    {"exercises.conf", "[squat]\nname = Back squat\n", 1},
    {"exercises.conf", "name = Back squat\n", 1},
    {"exercises.conf", "[squat]\nthis is not a key line\n", 2},
    {"exercises.conf",
     "[squat]\nname = Back squat\nbody = lower\nload = plate\nstarts = eccentric\n"
     "target_reps = 5\nwork_sets = 3\nwarmup = nosuch\n",
     1},
    {"exercises.conf", "# nothing\n", 0},
    {"warmup.conf", "[stretch a]\nname = A\n", 1},
    {"warmup.conf", "[routine lower]\nsteps = nosuch\n", 2},
    {"warmup.conf", "[step a]\nname = A\ncue = C\nseconds = 2\nfigure = cat-cow\n", 4},
    {"warmup.conf", "[step a]\nname = A\ncue = C\nseconds = 20\nfigure = nosuch\n", 5},
    {"figures.conf", "[fig]\nseconds = 2\nframes = 2\nhead = 0.5\n", 4},
    {"plates.conf", "[kg]\nbar = 20\nplates = 25/20/0.1\n[lb]\nbar = 45\nplates = 45\n", 3},
    {"plates.conf", "[st]\nbar = 20\n", 1},
    {"plates.conf", "[kg]\nbar = 20\nplates = 25/20\n", 0},
    {"plates.conf", "[kg]\nbar = 200\n", 2},
    {"plates.conf", "[kg]\nbar = 20\nplates = 25//5\n", 3},
    {"plates.conf", "[kg]\nbar = 20\nplates = 25/25\n", 3},
};

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* A copy of the shipped catalogue files into dir/catalogue. */
static void copy_catalogue(const char *dir)
{
    const char *a = getenv("RACKSIDE_ASSETS");
    static const char *const names[] = {"exercises.conf", "warmup.conf", "figures.conf",
                                        "plates.conf"};
    char path[1024], to[1024];
    snprintf(path, sizeof path, "%s/catalogue", dir);
    mkdir(path, 0755);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/catalogue/%s", a && *a ? a : "assets", names[i]);
        snprintf(to, sizeof to, "%s/catalogue/%s", dir, names[i]);
        FILE *in = fopen(path, "r"), *out = fopen(to, "w");
        assert_non_null(in);
        assert_non_null(out);
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, in)) > 0)
            fwrite(buf, 1, n, out);
        fclose(in);
        fclose(out);
    }
}

/* The English formats a fault was said with, to look for in its translation. */
struct english_words {
    char fmt[8][400];
    int n;
};

static void add_english(struct english_words *e, const char *s)
{
    if (e->n < 8)
        snprintf(e->fmt[e->n++], sizeof e->fmt[0], "%s", s);
}

static void add_said(struct english_words *e, const struct phrase_said *s)
{
    add_english(e, s->fmt);
    for (int i = 0; i < s->n_args; i++)
        if (s->translate >> i & 1u)
            add_english(e, s->args[i]);
}

static bool all_letters(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isalpha((unsigned char)s[i]))
            return false;
    return n > 0;
}

/* text holds words as whole words ("rack is" is not in "rack ist"). */
static bool has_words(const char *text, const char *words)
{
    size_t n = strlen(words);
    for (const char *at = strstr(text, words); at; at = strstr(at + 1, words))
        if ((at == text || !isalpha((unsigned char)at[-1])) && !isalpha((unsigned char)at[n]))
            return true;
    return false;
}

/* The first two English words side by side (letters only, one space between) of fmt's own
 * text that text still holds: an English sentence left in a translation. "" none. */
static const char *english_left(const char *fmt, const char *text, char *pair, size_t n)
{
    pair[0] = '\0';
    for (const char *p = fmt; *p;) {
        const char *w1 = p;
        size_t l1 = strcspn(w1, " ");
        const char *w2 = w1 + l1 + (w1[l1] == ' ');
        size_t l2 = strcspn(w2, " ");
        bool word_start = w1 == fmt || w1[-1] == ' ';
        if (w1[l1] == ' ' && word_start && all_letters(w1, l1) && all_letters(w2, l2)) {
            snprintf(pair, n, "%.*s", (int)(l1 + 1 + l2), w1);
            if (has_words(text, pair))
                return pair;
        }
        p = w1 + l1 + (w1[l1] == ' ');
    }
    pair[0] = '\0';
    return pair;
}

/* The case's fault in the language in use: the settings file through config_load, a
 * catalogue through catalogue_files_load on a copy of the shipped files. */
static void fault_of(const struct problem_case *pc, const char *dir, struct ui_fault *f,
                     struct english_words *en)
{
    char path[1024];
    en->n = 0;
    if (strcmp(pc->file, "rackside.conf") == 0) {
        snprintf(path, sizeof path, "%s/%s", dir, pc->text ? "rackside.conf" : "confdir");
        if (pc->text)
            write_file(path, pc->text);
        else
            mkdir(path, 0755);
        struct config *cfg = malloc(sizeof *cfg);
        char err[CONFIG_ERR_MAX];
        config_default(cfg);
        assert_int_equal(config_load(path, cfg, err), -1);
        ui_fault_settings(f, path, cfg->problem.line, cfg->problem.more, &cfg->problem.what);
        add_said(en, &cfg->problem.what);
        free(cfg);
        if (!pc->text)
            rmdir(path);
        return;
    }
    copy_catalogue(dir);
    snprintf(path, sizeof path, "%s/catalogue/%s", dir, pc->file);
    write_file(path, pc->text);
    char etc[1024], notice[CATALOGUE_NOTICE_MAX];
    snprintf(etc, sizeof etc, "%s/no-etc", dir);
    struct catalogue *c = malloc(sizeof *c);
    struct catalogue_fault *cf = malloc(sizeof *cf);
    if (catalogue_files_load(c, NULL, etc, dir, notice, cf) != -1)
        fail_msg("%s: \"%s\" was taken", pc->file, pc->text);
    ui_fault_said(f, &cf->title, &cf->detail, &cf->where, &cf->fix);
    add_said(en, &cf->detail);
    add_said(en, &cf->title);
    add_said(en, &cf->where);
    add_said(en, &cf->fix);
    free(c);
    free(cf);
}

/*
 * Every kind of problem a settings file or a catalogue file can have, on the fault screen
 * in Spanish and in German: no English sentence of it left (its format's nor a reason's),
 * and the file and its line named in the reader's words.
 */
static void test_file_problems_in_every_language(void **state)
{
    (void)state;
    char dir[] = "/tmp/rackside-i18n-XXXXXX";
    assert_non_null(mkdtemp(dir));
    static const struct {
        const char *lang, *line_word;
    } langs[] = {{"es", "l\xC3\xADnea"}, {"de", "Zeile"}};
    int misses = 0;
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        use(langs[l].lang);
        for (size_t i = 0; i < sizeof problem_cases / sizeof problem_cases[0]; i++) {
            const struct problem_case *pc = &problem_cases[i];
            struct ui_fault f;
            struct english_words en;
            fault_of(pc, dir, &f, &en);
            char all[3 * UI_FAULT_TEXT_MAX + 4], pair[96], want[48];
            snprintf(all, sizeof all, "%s | %s | %s", f.what, f.where, f.todo);
            for (int k = 0; k < en.n; k++)
                if (english_left(en.fmt[k], all, pair, sizeof pair)[0]) {
                    print_message("MISS %s case %zu: \"%s\" of \"%s\" left in: %s\n", langs[l].lang,
                                  i, pair, en.fmt[k], all);
                    misses++;
                }
            snprintf(want, sizeof want, "%s %d", langs[l].line_word, pc->line);
            bool named = pc->line > 0 ? strstr(f.where, want) != NULL
                                      : strstr(f.where, langs[l].line_word) == NULL &&
                                            strstr(f.where, pc->text ? pc->file : "confdir");
            if (!named) {
                print_message("MISS %s case %zu: \"%s\" does not name %s\n", langs[l].lang, i,
                              f.where, pc->line ? want : "the file alone");
                misses++;
            }
        }
    }
    use("en");
    char cmd[sizeof dir + 16];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    if (misses)
        fail_msg("%d problems not said in the reader's language (MISS lines above)", misses);
}

/* ---- the kiosk's own faults and its notices to staff ---- */

#define DEVICE_SAYS "gpiochip 'pinctrl-bcm2711' has no line GPIO5"
#define DB_SAYS     "unable to open database file /var/lib/rackside/rackside.db"
#define CONF        "/etc/rackside/rackside.conf"

/* Fault case i (false past the last): every kind the kiosk sets, and what it must quote. */
static bool kiosk_fault_case(int i, struct kiosk_fault_words *w, const char **quoted)
{
    struct phrase_said where;
    *quoted = CONF;
    switch (i) {
    case 0:
    case 1:
    case 2:
    case 3: {
        static const char *const sections[] = {"plate", "bar", "badge", "lights"};
        kiosk_words_device_silent(w, sections[i], DEVICE_SAYS, CONF);
        *quoted = DEVICE_SAYS;
        return true;
    }
    case 4:
        kiosk_words_device_simulated(w, "plate", true, CONF);
        return true;
    case 5:
        kiosk_words_device_simulated(w, "bar", false, CONF);
        return true;
    case 6:
        kiosk_words_device_simulated(w, "lights", true, CONF);
        return true;
    case 7:
        kiosk_words_database(w, DB_SAYS);
        *quoted = DB_SAYS;
        return true;
    case 8:
        kiosk_words_no_settings(w, CONF);
        return true;
    case 9:
        kiosk_words_catalogue_store(w, DB_SAYS);
        *quoted = DB_SAYS;
        return true;
    case 10:
        kiosk_said_bad_language(&where, "fr", CONF);
        kiosk_words_lang_unit(w, &where);
        return true;
    case 11:
        kiosk_said_unit_clash(&where, "lb", CONF, "kg");
        kiosk_words_lang_unit(w, &where);
        return true;
    case 12:
        kiosk_said_bad_orientation(&where, "sideways", CONF);
        kiosk_words_display(w, &where);
        return true;
    case 13:
        kiosk_said_bad_text_size(&where, "huge", CONF);
        kiosk_words_display(w, &where);
        return true;
    default:
        return false;
    }
}

/* The English of a text said with s: its format and the arguments it translates. */
static int english_misses(const char *lang, const char *what, const struct phrase_said *const *said,
                          int n, const char *text)
{
    struct english_words en = {.n = 0};
    for (int i = 0; i < n; i++)
        add_said(&en, said[i]);
    int misses = 0;
    char pair[96];
    for (int k = 0; k < en.n; k++)
        if (english_left(en.fmt[k], text, pair, sizeof pair)[0]) {
            print_message("MISS %s %s: \"%s\" of \"%s\" left in: %s\n", lang, what, pair, en.fmt[k],
                          text);
            misses++;
        }
    return misses;
}

/*
 * Every out-of-service fault the kiosk sets itself (a device not answering or on its
 * simulator, the database, no settings file, the catalogue into the database, a bad
 * language, unit or display setting) in Spanish and German: no English sentence of it left,
 * what the device or the database said and the file quoted as they stand; the log's words
 * stay English.
 */
static void test_kiosk_faults_in_every_language(void **state)
{
    (void)state;
    static const char *const langs[] = {"es", "de"};
    int misses = 0, cases = 0;
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        use(langs[l]);
        struct kiosk_fault_words w;
        const char *quoted;
        for (int i = 0; kiosk_fault_case(i, &w, &quoted); i++) {
            struct ui_fault f;
            kiosk_words_show(&f, &w);
            char all[3 * UI_FAULT_TEXT_MAX + 8], log[2 * UI_FAULT_TEXT_MAX], what[32];
            snprintf(all, sizeof all, "%s | %s | %s", f.what, f.where, f.todo);
            snprintf(what, sizeof what, "fault %d", i);
            const struct phrase_said *said[] = {&w.what, &w.where, &w.todo};
            misses += english_misses(langs[l], what, said, 3, all);
            if (!strstr(all, quoted)) {
                print_message("MISS %s fault %d: \"%s\" not quoted in: %s\n", langs[l], i, quoted,
                              all);
                misses++;
            }
            kiosk_words_log(log, sizeof log, &w);
            char english[UI_FAULT_TEXT_MAX];
            phrase_said_fill(english, sizeof english, &w.what, NULL);
            assert_non_null(strstr(log, english));
            cases++;
        }
    }
    use("en");
    assert_int_equal(cases, 2 * 14);
    if (misses)
        fail_msg("%d fault sentences left in English (MISS lines above)", misses);
}

/*
 * The amber notices in Spanish and German: records not saved yet (one, many), the
 * catalogue read again, a rack on the defaults or without the rack's plates, a catalogue
 * kept after a bad edit, and a catalogue file with a mistake on its shipped copy.
 */
static void test_kiosk_notices_in_every_language(void **state)
{
    (void)state;
    char dir[] = "/tmp/rackside-notice-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char etc[sizeof dir + 16], path[sizeof dir + 64], notice[CATALOGUE_NOTICE_MAX];
    snprintf(etc, sizeof etc, "%s/etc", dir);
    mkdir(etc, 0755);
    snprintf(path, sizeof path, "%s/exercises.conf", etc);
    write_file(path, "[squat]\nname = Squat\nbody = lowr\n");
    const char *a = getenv("RACKSIDE_ASSETS");
    struct catalogue *c = malloc(sizeof *c);
    struct catalogue_fault *cf = malloc(sizeof *cf);
    assert_int_equal(catalogue_files_load(c, NULL, etc, a && *a ? a : "assets", notice, cf), 0);
    assert_int_equal(cf->n_kept, 1);
    assert_true(cf->kept[0].shipped);
    static const char *const langs[] = {"es", "de"};
    int misses = 0;
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        use(langs[l]);
        struct phrase_said s;
        char text[2 * UI_FAULT_TEXT_MAX];
        for (int pending = 1; pending <= 3; pending += 2) {
            kiosk_said_records_waiting(&s, pending, "disk I/O error");
            i18n_said(text, sizeof text, &s);
            misses += english_misses(langs[l], "records waiting",
                                     (const struct phrase_said *[]){&s}, 1, text);
            assert_non_null(strstr(text, "disk I/O error"));
            assert_non_null(strstr(text, pending == 1 ? "1" : "3"));
        }
        kiosk_said_catalogue_read_again(&s, 12);
        i18n_said(text, sizeof text, &s);
        misses +=
            english_misses(langs[l], "read again", (const struct phrase_said *[]){&s}, 1, text);
        assert_non_null(strstr(text, "12"));
        for (int lead = KIOSK_NOTICE_DEFAULTS; lead <= KIOSK_NOTICE_CATALOGUE_KEPT; lead++) {
            static const char *const leads[] = {
                N_("Settings file not used, running on the defaults: %s"),
                N_("The rack's plates not used: %s"),
                N_("%s The rack goes on with the catalogue it had."),
            };
            kiosk_words_notice(text, sizeof text, (enum kiosk_notice_lead)lead, "WHY");
            phrase_said_set(&s, leads[lead], NULL, 0);
            misses +=
                english_misses(langs[l], "notice", (const struct phrase_said *[]){&s}, 1, text);
            assert_non_null(strstr(text, "WHY"));
        }
        kiosk_words_catalogue_kept(text, sizeof text, cf);
        phrase_said_set(&s, N_("%s: %s. The rack uses the shipped copy until the file is fixed."),
                        NULL, 0);
        const struct phrase_said *kept[] = {&s, &cf->kept[0].detail, &cf->kept[0].where};
        misses += english_misses(langs[l], "catalogue kept", kept, 3, text);
        assert_non_null(strstr(text, path));
        assert_non_null(strstr(text, "3")); /* the line */
    }
    use("en");
    free(c);
    free(cf);
    char cmd[sizeof dir + 16];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    if (misses)
        fail_msg("%d notices left in English (MISS lines above)", misses);
}

/* The simulation's key help in Spanish and German: each key's meaning is translated. */
static void test_sim_keys_in_every_language(void **state)
{
    (void)state;
    const struct ui_sim_key *keys;
    int n = ui_sim_keys(&keys);
    static const char *const langs[] = {"es", "de"};
    for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
        use(langs[l]);
        for (int i = 0; i < n; i++)
            if (strcmp(i18n_text(keys[i].what), keys[i].what) == 0)
                fail_msg("%s: the key %s's help \"%s\" is not translated", langs[l], keys[i].key,
                         keys[i].what);
    }
    use("en");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_translates_under_the_c_locale),
        cmocka_unit_test(test_plurals_in_every_language),
        cmocka_unit_test(test_unknown_language_is_english),
        cmocka_unit_test(test_missing_key_falls_back),
        cmocka_unit_test(test_numbers_and_loads),
        cmocka_unit_test(test_core_strings_are_translated),
        cmocka_unit_test(test_trainer_core_strings_are_translated),
        cmocka_unit_test(test_enrol_sentences_are_translated),
        cmocka_unit_test(test_select_switches_without_the_environment),
        cmocka_unit_test(test_phrase_fill),
        cmocka_unit_test(test_numbers_in_phrases),
        cmocka_unit_test(test_composed_sentences_are_translated),
        cmocka_unit_test(test_cap_sentence_in_the_readers_words),
        cmocka_unit_test(test_flag_sentences_in_every_language),
        cmocka_unit_test(test_file_problems_in_every_language),
        cmocka_unit_test(test_kiosk_faults_in_every_language),
        cmocka_unit_test(test_kiosk_notices_in_every_language),
        cmocka_unit_test(test_sim_keys_in_every_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
