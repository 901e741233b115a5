/*
 * The kiosk's languages, with GNU gettext: every string a lifter reads is written in
 * English in the code, marked with _(), and looked up in the catalogue of the language in
 * use (assets/i18n/LANG.po, compiled by msgfmt into LOCALEDIR/LANG/LC_MESSAGES/rackside-LANG.mo,
 * one text domain per language). A string missing from a catalogue shows in English. The
 * rack's language is the default; a lifter's own language is selected while they are
 * logged in (i18n_select), without touching the process's environment.
 *
 * Numbers are formatted here too, with the language's decimal sign (a translation like any
 * other), never through the C library's LC_NUMERIC: the kiosk runs as a service under the
 * C locale, where no other locale need be installed.
 */
#ifndef I18N_H
#define I18N_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/plates.h"

#define I18N_DOMAIN  "rackside"
#define I18N_ERR_MAX 256

/* A string to translate, looked up now; N_ marks one that is looked up later. */
#define _(s) i18n_text(s)
#ifndef N_
#define N_(s) s
#endif
/* A string in a context (gettext's msgctxt), for short words that mean more than one thing. */
#define C_(ctx, s) i18n_context(ctx "\004" s)

/* The languages the kiosk ships, English first (the source). */
int i18n_languages(const char *const **codes);
bool i18n_known(const char *code);

/*
 * Finds the compiled catalogues: $RACKSIDE_LOCALEDIR, <assets_dir>/locale (installed), or
 * locale/ beside the program or one or two levels up (a build tree). NULL: none found.
 */
const char *i18n_find_dir(const char *assets_dir, char *buf, size_t len);

/*
 * Finds the catalogues in locale_dir and shows every string after this in language code
 * ("en", "es", "de"). Sets the process's LANGUAGE and LC_MESSAGES: call it before any thread
 * starts. 0 ok; -1 with err filled (unknown language, no catalogue): English is shown.
 */
int i18n_use(const char *code, const char *locale_dir, char err[I18N_ERR_MAX]);

/*
 * Shows every string after this in code, among the catalogues i18n_use found; any time, from
 * the thread that draws (a lifter's own language at their badge, the rack's after). "" or
 * NULL: the language i18n_use was given. false: not a language or no catalogue for it,
 * English shown.
 */
bool i18n_select(const char *code);

/* The translation of s, or s itself ("" stays "": gettext would give its header). */
const char *i18n_text(const char *s);
/* The translation of one (n == 1) or many, by the plural rule of the language in use. */
const char *i18n_plural(const char *one, const char *many, unsigned long n);
/* The translation of "ctx\004str", or str when there is none (as gettext's pgettext). */
const char *i18n_context(const char *key);

/* The language whose catalogue is in use now ("en" when none is). */
const char *i18n_current(void);

/* The decimal sign of the language in use: "." in English, "," in Spanish and German. */
const char *i18n_decimal_sign(void);

/* value with at most max_decimals decimals, trailing zeros dropped ("82,5", "3", "0,23"). */
void i18n_number(char *buf, size_t len, double value, int max_decimals);
/* value with exactly decimals decimals ("0,23", "1,0"). */
void i18n_fixed(char *buf, size_t len, double value, int decimals);

/* A load in the unit: kg to 0.01 and lb to 0.1, no trailing zeros ("82,5 kg", "185 lb"). */
void i18n_load(char *buf, size_t len, int64_t load_g, enum rack_unit unit);
/* The same without the unit ("82,5", "45"): a plate's weight, a number beside its unit. */
void i18n_load_number(char *buf, size_t len, int64_t load_g, enum rack_unit unit);

/* The cap's sentences in the language in use, loads in unit (core/progression.h). */
struct progression_words;
void i18n_progression_words(struct progression_words *w, enum rack_unit unit);
/* A flag's sentence for the lifter (core/flag_text.h) in the language in use, loads in unit:
 * a translation whose arguments differ from its English's gives the English. */
struct flag_words;
void i18n_flag_words(struct flag_words *w, enum rack_unit unit);

/* A stored flag detail (English, core/flag_detail.h) in the language in use. */
void i18n_flag_detail(char *buf, size_t len, const char *english, enum rack_unit unit);

/* fmt's translation filled with args (phrase.h): the English fmt when the translation takes
 * other arguments. */
void i18n_phrase(char *buf, size_t len, const char *fmt, const char *const *args, int n_args);
/* The same for a plural: one's or many's translation by n (as i18n_plural), the English of
 * the two when it takes other arguments. */
void i18n_phrase_plural(char *buf, size_t len, const char *one, const char *many, unsigned long n,
                        const char *const *args, int n_args);
/* A kept sentence (phrase.h) in the language in use: its format and the arguments it marks
 * as words translated, the others (what a file says) as they stand. */
struct phrase_said;
void i18n_said(char *buf, size_t len, const struct phrase_said *said);
/* An integer as the text a phrase takes ("12", "-3"). */
void i18n_int(char *buf, size_t len, long value);

#endif
