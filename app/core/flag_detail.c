/* A stored flag detail in the reader's words (flag_detail.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flag_detail.h"

#define ARG_LEN 32

/* Every detail the session (session.c) and the PIN lockout (trainer.c) write, in order of
 * the .po files' entries. Keep these the same as the formats there (test_flag_detail holds
 * a detail of each as stored); one that drifts is shown in English, never wrong. */
const char *const flag_detail_phrases_en[FLAG_DETAIL_PHRASES] = {
    "%s kg on the bar, today's cap %s kg",
    "no movement for %s s with nobody on the plate",
    "no movement for %s s with the bar racked",
    "red flag %s",
    "pain %s/10 at check-in",
    "history question %s",
    "skipped at step %s of %s after %s s",
    "left/right split %s/%s",
    "rep %s: %s s down, cue %s s",
    "rep %s: swing %s mg, rotation %s dps",
    "rep %s: the bar tilted %s deg, one side lower",
    "rep %s: %s %% slower than the best rep",
    "left during a set",
    "the kiosk stopped during the set",
    "pain reported during the set",
    "the bar lifted during the warm-up",
    "bar unit disconnected during the set",
    "%s wrong PINs (last with %s's badge): locked %s min",
    "rep %s: up at %s mm/s, under the minimum %s mm/s",
    "%s on the bar, today's cap %s",
};

/* Older forms of a shape: the form, the shape, and for each of the shape's arguments the
 * form's argument that gives it. */
static const struct {
    const char *form;
    int shape;
    int from[3];
} older[] = {
    {"eccentric %s s, target %s s, rep %s", FLAG_DETAIL_RUSHED, {2, 0, 1}},
    {"velocity down %s%% by rep %s", FLAG_DETAIL_SLOWER, {1, 0, -1}},
};

struct match {
    char (*args)[ARG_LEN];
    int n;
};

/* fmt's "%s" takes the shortest non-empty run of s that lets the rest match. */
static bool match_from(const char *fmt, const char *s, struct match *m)
{
    while (*fmt) {
        if (fmt[0] == '%' && fmt[1] == '%') {
            if (*s != '%')
                return false;
            fmt += 2, s++;
            continue;
        }
        if (fmt[0] == '%' && fmt[1] == 's') {
            if (m->n >= PHRASE_MAX_ARGS)
                return false;
            for (size_t take = 1; take <= strlen(s) && take < ARG_LEN; take++) {
                int slot = m->n++;
                snprintf(m->args[slot], ARG_LEN, "%.*s", (int)take, s);
                if (match_from(fmt + 2, s + take, m))
                    return true;
                m->n = slot;
            }
            return false;
        }
        if (*fmt != *s)
            return false;
        fmt++, s++;
    }
    return *s == '\0';
}

int flag_detail_match(const char *english, char args[][32], int *n_args)
{
    for (int i = 0; i < FLAG_DETAIL_PHRASES; i++) {
        struct match m = {args, 0};
        if (match_from(flag_detail_phrases_en[i], english, &m)) {
            *n_args = m.n;
            return i;
        }
    }
    for (size_t k = 0; k < sizeof older / sizeof older[0]; k++) {
        char form_args[PHRASE_MAX_ARGS][ARG_LEN];
        struct match m = {form_args, 0};
        if (!match_from(older[k].form, english, &m))
            continue;
        int n = phrase_arity(flag_detail_phrases_en[older[k].shape]);
        for (int a = 0; a < n; a++)
            memcpy(args[a], form_args[older[k].from[a]], ARG_LEN);
        *n_args = n;
        return older[k].shape;
    }
    *n_args = 0;
    return -1;
}

/* "112.5" -> "112,5" (phrase_number): a number, alone or before its unit. */
static void number_in_words(char *arg, size_t cap, const char *sign)
{
    char c[ARG_LEN];
    snprintf(c, sizeof c, "%.*s", (int)(sizeof c - 1), arg);
    phrase_number(arg, cap, c, sign);
}

/* "112.5" (kg, stored) -> "248 lb" in the reader's unit and number sign; false when arg is
 * not a load. */
static bool load_in_unit(const char *arg, enum rack_unit unit, const char *sign, char *out)
{
    char *end;
    double kg = strtod(arg, &end);
    if (end == arg || *end || !(kg >= 0 && kg < 10000))
        return false;
    char num[ARG_LEN - 4];
    plates_load_text(unit, plates_unit_to_g(RACK_KG, kg), num, sizeof num);
    number_in_words(num, sizeof num, sign);
    snprintf(out, ARG_LEN, "%s %s", num, plates_unit_name(unit));
    return true;
}

bool flag_detail_say(char *out, size_t n, const char *english,
                     const char *const words[FLAG_DETAIL_PHRASES], const char *number_sign,
                     enum rack_unit unit)
{
    char args[PHRASE_MAX_ARGS][ARG_LEN];
    int n_args;
    int i = flag_detail_match(english, args, &n_args);
    if (i < 0) {
        snprintf(out, n, "%s", english);
        return false;
    }
    char loads[2][ARG_LEN];
    bool in_unit = i == FLAG_DETAIL_OVERLOAD &&
                   load_in_unit(args[0], unit, number_sign, loads[0]) &&
                   load_in_unit(args[1], unit, number_sign, loads[1]);
    if (in_unit) {
        i = FLAG_DETAIL_LOADS;
        memcpy(args, loads, sizeof loads);
    }
    const char *fmt =
        words && words[i] && phrase_arity(words[i]) == phrase_arity(flag_detail_phrases_en[i])
            ? words[i]
            : flag_detail_phrases_en[i];
    const char *argv[PHRASE_MAX_ARGS];
    for (int a = 0; a < n_args; a++) {
        number_in_words(args[a], sizeof args[a], number_sign);
        argv[a] = args[a];
    }
    phrase_fill(out, n, fmt, argv, n_args);
    return true;
}
