#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>

#include "../core/flag_text.h"
#include "../core/flag_detail.h"
#include "../core/phrase.h"
#include "../core/progression.h"
#include "i18n.h"

extern int _nl_msg_cat_cntr; /* glibc's (and libintl's) catalogue generation counter */

static const char *const languages[] = {"en", "es", "de"};
#define N_LANGUAGES ((int)(sizeof languages / sizeof languages[0]))
/* gettext tries each language of LANGUAGE in turn; each language has its own text domain
 * (rackside-es is only in es/), so this list is set once and never changed */
#define ALL_LANGUAGES "es:de"
#define DOMAIN_MAX    32

/* A UTF-8 locale whose name is not "C": glibc ignores LANGUAGE under "C" and "POSIX", and
 * C.UTF-8 is built into glibc 2.35 and later (Debian 12 on), so no locale need be installed. */
static const char *const utf8_locales[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8"};

/* The language the screens are drawn in now, and which catalogues were found. gettext's
 * own state is the process's; this is kept beside it and read by the UI thread only. */
static int current = 0;
static int rack_default = 0; /* the language i18n_use was given */
static bool available[N_LANGUAGES] = {true};
static char domains[N_LANGUAGES][DOMAIN_MAX];

int i18n_languages(const char *const **codes)
{
    *codes = languages;
    return N_LANGUAGES;
}

static int index_of(const char *code)
{
    for (int i = 0; code && i < N_LANGUAGES; i++)
        if (strcmp(code, languages[i]) == 0)
            return i;
    return -1;
}

bool i18n_known(const char *code)
{
    return index_of(code) >= 0;
}

static bool has_catalogue(const char *dir, const char *code)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/" I18N_DOMAIN "-%s.mo", dir, code, code);
    return access(path, R_OK) == 0;
}

const char *i18n_find_dir(const char *assets_dir, char *buf, size_t len)
{
    const char *env = getenv("RACKSIDE_LOCALEDIR");
    if (env && *env) {
        snprintf(buf, len, "%s", env);
        return buf;
    }
    if (assets_dir) {
        snprintf(buf, len, "%s/locale", assets_dir);
        if (has_catalogue(buf, "es"))
            return buf;
    }
    static const char *const beside[] = {"locale", "../locale", "../../locale"};
    char *base = SDL_GetBasePath();
    for (size_t i = 0; base && i < sizeof beside / sizeof beside[0]; i++) {
        snprintf(buf, len, "%s%s", base, beside[i]);
        if (has_catalogue(buf, "es")) {
            SDL_free(base);
            return buf;
        }
    }
    SDL_free(base);
    return NULL;
}

int i18n_use(const char *code, const char *locale_dir, char err[I18N_ERR_MAX])
{
    err[0] = '\0';
    if (!i18n_known(code)) {
        snprintf(err, I18N_ERR_MAX, "language '%s' is not one of en, es, de", code ? code : "");
        code = "en";
    }
    setenv("LANGUAGE", ALL_LANGUAGES, 1);
    const char *set = NULL;
    for (size_t i = 0; !set && i < sizeof utf8_locales / sizeof utf8_locales[0]; i++)
        set = setlocale(LC_MESSAGES, utf8_locales[i]);
    if (!set && !err[0])
        snprintf(err, I18N_ERR_MAX, "no UTF-8 locale (C.UTF-8) to show '%s' in: English shown",
                 code);
    for (int i = 1; i < N_LANGUAGES; i++) {
        snprintf(domains[i], sizeof domains[i], I18N_DOMAIN "-%s", languages[i]);
        available[i] = set && locale_dir && has_catalogue(locale_dir, languages[i]);
        if (locale_dir)
            bindtextdomain(domains[i], locale_dir);
        bind_textdomain_codeset(domains[i], "UTF-8");
    }
    /* gettext keeps what it looked up: new catalogues need its counter bumped (the gettext
     * manual, "Being Prepared for Runtime Language Changes") */
    ++_nl_msg_cat_cntr;
    if (!err[0] && strcmp(code, "en") != 0 && !available[index_of(code)])
        snprintf(err, I18N_ERR_MAX, "no catalogue for '%s' in %s: English shown", code,
                 locale_dir ? locale_dir : "(no locale directory found)");
    i18n_select(code);
    rack_default = current;
    return err[0] ? -1 : 0;
}

bool i18n_select(const char *code)
{
    if (!code || !*code) {
        current = rack_default;
        return true;
    }
    int i = index_of(code);
    if (i < 0 || !available[i]) {
        current = 0;
        return i == 0;
    }
    current = i;
    return true;
}

const char *i18n_current(void)
{
    return languages[current];
}

const char *i18n_text(const char *s)
{
    if (!s || !*s)
        return "";
    return current == 0 ? s : dgettext(domains[current], s);
}

const char *i18n_plural(const char *one, const char *many, unsigned long n)
{
    /* each language is its own text domain (see i18n.h): the plural rule is its catalogue's */
    return current == 0 ? (n == 1 ? one : many) : dngettext(domains[current], one, many, n);
}

const char *i18n_context(const char *key)
{
    const char *t = current == 0 ? key : dgettext(domains[current], key);
    if (t != key)
        return t;
    const char *eot = strchr(key, '\004');
    return eot ? eot + 1 : key;
}

const char *i18n_decimal_sign(void)
{
    /* translators give the sign as the msgstr of "." in the context "number" */
    const char *t = C_("number", ".");
    return t && *t ? t : ".";
}

/* Writes the number with C's "." and swaps in the language's sign. */
static void localise(char *buf, size_t len, const char *num)
{
    phrase_number(buf, len, num, i18n_decimal_sign());
}

void i18n_fixed(char *buf, size_t len, double value, int decimals)
{
    char num[48];
    double scale = pow(10, decimals);
    double r = round(value * scale) / scale;
    if (r == 0)
        r = 0; /* no "-0" */
    snprintf(num, sizeof num, "%.*f", decimals, r);
    localise(buf, len, num);
}

void i18n_number(char *buf, size_t len, double value, int max_decimals)
{
    char num[48];
    double scale = pow(10, max_decimals);
    double r = round(value * scale) / scale;
    if (r == 0)
        r = 0;
    snprintf(num, sizeof num, "%.*f", max_decimals, r);
    char *dot = strchr(num, '.');
    if (dot) {
        char *end = num + strlen(num) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    localise(buf, len, num);
}

void i18n_load_number(char *buf, size_t len, int64_t load_g, enum rack_unit unit)
{
    char num[32];
    plates_load_text(unit, load_g, num, sizeof num);
    localise(buf, len, num);
}

void i18n_load(char *buf, size_t len, int64_t load_g, enum rack_unit unit)
{
    char num[48];
    i18n_load_number(num, sizeof num, load_g, unit);
    snprintf(buf, len, "%s %s", num, plates_unit_name(unit));
}

void i18n_progression_words(struct progression_words *w, enum rack_unit unit)
{
    progression_words_english(w, unit);
    for (int i = 0; i < PROGRESSION_PHRASES; i++) {
        const char *t = _(progression_phrases_en[i]);
        /* a translation must take the arguments its English takes, else the English */
        if (phrase_arity(t) == phrase_arity(progression_phrases_en[i]))
            w->phrase[i] = t;
    }
    for (int i = 0; i < 12; i++)
        w->month[i] = _(progression_months_en[i]);
    w->decimal_sign = i18n_decimal_sign();
    w->name_keeps_case = strcmp(i18n_current(), "de") == 0; /* German nouns keep capitals */
}

void i18n_flag_words(struct flag_words *w, enum rack_unit unit)
{
    flag_words_english(w, unit);
    for (int i = 0; i < FLAG_PHRASES; i++) {
        const char *t = _(flag_phrases_en[i]);
        if (phrase_arity(t) == phrase_arity(flag_phrases_en[i]))
            w->phrase[i] = t;
    }
    for (int k = 0; k < FLAG_KIND_COUNT; k++)
        w->label[k] = _(flag_kind_label((enum flag_kind)k));
    w->decimal_sign = i18n_decimal_sign();
}

void i18n_flag_detail(char *buf, size_t len, const char *english, enum rack_unit unit)
{
    const char *words[FLAG_DETAIL_PHRASES];
    for (int i = 0; i < FLAG_DETAIL_PHRASES; i++)
        words[i] = _(flag_detail_phrases_en[i]);
    flag_detail_say(buf, len, english, words, i18n_decimal_sign(), unit);
}

void i18n_phrase(char *buf, size_t len, const char *fmt, const char *const *args, int n_args)
{
    const char *t = _(fmt);
    phrase_fill_numbers(buf, len, phrase_arity(t) == phrase_arity(fmt) ? t : fmt, args, n_args,
                        i18n_decimal_sign());
}

void i18n_phrase_plural(char *buf, size_t len, const char *one, const char *many, unsigned long n,
                        const char *const *args, int n_args)
{
    const char *t = i18n_plural(one, many, n);
    const char *en = n == 1 ? one : many;
    phrase_fill_numbers(buf, len, phrase_arity(t) == phrase_arity(en) ? t : en, args, n_args,
                        i18n_decimal_sign());
}

void i18n_said(char *buf, size_t len, const struct phrase_said *said)
{
    phrase_said_fill(buf, len, said, i18n_text);
}

void i18n_int(char *buf, size_t len, long value)
{
    snprintf(buf, len, "%ld", value);
}
