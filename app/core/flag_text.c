/* A flag as the lifter reads it (flag_text.h). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "flag_text.h"
#include "phrase.h"

#define FLAG_PHRASE_OF(says)       (FLAG_PHRASE_FIRST + (says)-1)
#define FLAG_PHRASE_SHORT_OF(says) (FLAG_PHRASE_SHORT_FIRST + (says)-1)

const char *const flag_phrases_en[FLAG_PHRASES] = {
    [FLAG_PHRASE_LABEL] = "%s",
    [FLAG_PHRASE_LABEL_REP] = "%s, rep %s",
    [FLAG_PHRASE_OF(FLAG_SAYS_OVERLOAD)] = "Overload: %s on the bar, today's cap %s",
    [FLAG_PHRASE_OF(FLAG_SAYS_RUSHED)] = "Rep %s rushed: down in %s s, the cue %s s",
    [FLAG_PHRASE_OF(FLAG_SAYS_MOMENTUM)] = "Rep %s: momentum, the bar swung or bounced",
    [FLAG_PHRASE_OF(FLAG_SAYS_TILT)] = "Rep %s: the bar tilted %s\xC2\xB0, one side lower",
    [FLAG_PHRASE_OF(FLAG_SAYS_SPLIT)] = "Uneven: %s %% of the load on the left foot, %s %% on the "
                                        "right",
    [FLAG_PHRASE_OF(FLAG_SAYS_VELOCITY_LOSS)] =
        "Rep %s: %s %% slower than the best rep, over %s %%",
    [FLAG_PHRASE_OF(FLAG_SAYS_ABANDONED_EMPTY)] = "Set ended: no movement for %s s, nobody on the "
                                                  "plate",
    [FLAG_PHRASE_OF(FLAG_SAYS_ABANDONED_RACKED)] =
        "Set ended: no movement for %s s, the bar racked",
    [FLAG_PHRASE_OF(FLAG_SAYS_BAR_LOST)] = "The bar sensor disconnected during the set",
    [FLAG_PHRASE_OF(FLAG_SAYS_PLATE_LOST)] = "The load plate stopped answering",
    [FLAG_PHRASE_OF(FLAG_SAYS_PAIN_IN_SET)] = "Pain reported during the set",
    [FLAG_PHRASE_OF(FLAG_SAYS_GRIND)] = "Rep %s came up at %s m/s, under this lift's %s m/s: "
                                        "a grind, near failure",
    [FLAG_PHRASE_SHORT_OF(FLAG_SAYS_OVERLOAD)] = "Overload: %s, cap %s",
    [FLAG_PHRASE_SHORT_OF(FLAG_SAYS_RUSHED)] = "Rep %s: down %s s of %s",
    [FLAG_PHRASE_SHORT_OF(FLAG_SAYS_MOMENTUM)] = "Rep %s: swing or bounce",
    [FLAG_PHRASE_SHORT_OF(FLAG_SAYS_TILT)] = "Rep %s: tilted %s\xC2\xB0",
    [FLAG_PHRASE_SHORT_OF(FLAG_SAYS_SPLIT)] = "Uneven: %s/%s %% left/right",
    [FLAG_PHRASE_SHORT_OF(FLAG_SAYS_VELOCITY_LOSS)] = "Rep %s: %s %% slower, over %s %%",
    [FLAG_PHRASE_SHORT_OF(FLAG_SAYS_ABANDONED_EMPTY)] = "Ended: still %s s, plate empty",
    [FLAG_PHRASE_SHORT_OF(FLAG_SAYS_ABANDONED_RACKED)] = "Ended: still %s s, bar racked",
    [FLAG_PHRASE_SHORT_OF(FLAG_SAYS_BAR_LOST)] = "Bar sensor lost in the set",
    [FLAG_PHRASE_SHORT_OF(FLAG_SAYS_PLATE_LOST)] = "Plate stopped answering",
    [FLAG_PHRASE_SHORT_OF(FLAG_SAYS_PAIN_IN_SET)] = "Pain in the set",
    [FLAG_PHRASE_SHORT_OF(FLAG_SAYS_GRIND)] = "Rep %s: %s m/s, under %s: a grind",
};

void flag_words_english(struct flag_words *w, enum rack_unit unit)
{
    for (int i = 0; i < FLAG_PHRASES; i++)
        w->phrase[i] = flag_phrases_en[i];
    for (int k = 0; k < FLAG_KIND_COUNT; k++)
        w->label[k] = flag_kind_label((enum flag_kind)k);
    w->decimal_sign = ".";
    w->unit = unit;
}

/* "." in num becomes the reader's decimal sign. */
static void localise(const struct flag_words *w, char *num, size_t n)
{
    char c[32];
    snprintf(c, sizeof c, "%s", num);
    phrase_number(num, n, c, w->decimal_sign);
}

/* v/100 to one decimal, without a trailing ".0" ("3", "1.2"). */
static void hundredths(const struct flag_words *w, long v, char *out, size_t n)
{
    long tenths = (v + (v < 0 ? -5 : 5)) / 10;
    if (tenths % 10 == 0)
        snprintf(out, n, "%ld", tenths / 10);
    else
        snprintf(out, n, "%s%ld.%ld", tenths < 0 ? "-" : "", (tenths < 0 ? -tenths : tenths) / 10,
                 (tenths < 0 ? -tenths : tenths) % 10);
    localise(w, out, n);
}

/* v/100 to two decimals ("0.18", "0.3" never: "0.30"), as a speed in m/s reads. */
static void hundredths_2(const struct flag_words *w, long v, char *out, size_t n)
{
    long a = v < 0 ? -v : v;
    snprintf(out, n, "%s%ld.%02ld", v < 0 ? "-" : "", a / 100, a % 100);
    localise(w, out, n);
}

static void load(const struct flag_words *w, long g, char *out, size_t n)
{
    plates_format(w->unit, g, out, n);
    localise(w, out, n);
}

static void sentence(const struct raised_flag *f, const struct flag_words *w, bool brief, char *out,
                     size_t n)
{
    char a[3][32] = {"", "", ""};
    const char *label = (unsigned)f->kind < FLAG_KIND_COUNT ? w->label[f->kind] : "";
    int says = f->says > FLAG_SAYS_NOTHING && f->says < FLAG_SAYS_COUNT ? f->says : 0;
    int which = says && brief ? FLAG_PHRASE_SHORT_OF(says)
                : says        ? FLAG_PHRASE_OF(says)
                : f->rep > 0  ? FLAG_PHRASE_LABEL_REP
                              : FLAG_PHRASE_LABEL;
    const char *args[3] = {a[0], a[1], a[2]};
    snprintf(a[0], sizeof a[0], "%d", f->rep);
    switch (says) {
    case FLAG_SAYS_NOTHING:
        args[0] = label ? label : "";
        snprintf(a[1], sizeof a[1], "%d", f->rep);
        break;
    case FLAG_SAYS_OVERLOAD:
        load(w, f->val[0], a[0], sizeof a[0]);
        load(w, f->val[1], a[1], sizeof a[1]);
        break;
    case FLAG_SAYS_RUSHED: /* ms as seconds to 0.1 */
        hundredths(w, f->val[0] / 10, a[1], sizeof a[1]);
        hundredths(w, f->val[1] / 10, a[2], sizeof a[2]);
        break;
    case FLAG_SAYS_TILT:
        hundredths(w, f->val[0] < 0 ? -f->val[0] : f->val[0], a[1], sizeof a[1]);
        break;
    case FLAG_SAYS_SPLIT:
        snprintf(a[0], sizeof a[0], "%d", (int)f->val[0]);
        snprintf(a[1], sizeof a[1], "%d", 100 - (int)f->val[0]);
        break;
    case FLAG_SAYS_VELOCITY_LOSS:
        snprintf(a[1], sizeof a[1], "%d", (int)f->val[0]);
        snprintf(a[2], sizeof a[2], "%d", (int)f->val[1]);
        break;
    case FLAG_SAYS_GRIND: /* mm/s as m/s to 0.01 */
        hundredths_2(w, (f->val[0] + 5) / 10, a[1], sizeof a[1]);
        hundredths_2(w, (f->val[1] + 5) / 10, a[2], sizeof a[2]);
        break;
    case FLAG_SAYS_ABANDONED_EMPTY:
    case FLAG_SAYS_ABANDONED_RACKED:
        snprintf(a[0], sizeof a[0], "%d", (int)f->val[0]);
        break;
    default: /* the rep alone, or nothing */
        break;
    }
    const char *fmt = w->phrase[which] ? w->phrase[which] : flag_phrases_en[which];
    /* a translation that takes other arguments than its English: the English */
    if (phrase_arity(fmt) != phrase_arity(flag_phrases_en[which]))
        fmt = flag_phrases_en[which];
    phrase_fill(out, n, fmt, args, 3);
}

void flag_sentence(const struct raised_flag *f, const struct flag_words *w, char *out, size_t n)
{
    sentence(f, w, false, out, n);
}

void flag_sentence_short(const struct raised_flag *f, const struct flag_words *w, char *out,
                         size_t n)
{
    sentence(f, w, true, out, n);
}
