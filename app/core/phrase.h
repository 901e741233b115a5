/*
 * Sentences composed from a format and strings, for the words the core writes that a
 * screen shows in the reader's language: the format may be a translation, so it is filled
 * here by substitution, never handed to printf. "%s" takes the next argument, "%N$s" the
 * Nth (a translation may reorder them), "%%" is "%"; a missing argument is "", anything
 * else after a "%" is copied as it stands. Pure: no I/O, no locale.
 */
#ifndef PHRASE_H
#define PHRASE_H

#include <stddef.h>

#define PHRASE_MAX_ARGS 8

/* Marks an English literal for the catalogues, said later in the reader's language. */
#ifndef N_
#define N_(s) s
#endif

/* Writes fmt with args substituted into out (always terminated, cut at n - 1). */
void phrase_fill(char *out, size_t n, const char *fmt, const char *const *args, int n_args);

/* The number of arguments fmt takes (the highest position used), -1: a conversion other
 * than %s, %N$s or %% (a translation that does not fit its English). */
int phrase_arity(const char *fmt);

/*
 * arg with its decimal point said as sign when arg is a number, alone or before a unit
 * after a space ("72.5", "72.5 kg", "-0.5 s", "12.5 %"): "72,5 kg". Anything else ("A.5",
 * "1.2.3", "v1.5", a NULL sign or ".") is copied as it stands. Always terminated.
 */
void phrase_number(char *out, size_t n, const char *arg, const char *sign);

/* phrase_fill with each argument that is a number said with sign (phrase_number): the one
 * place a sentence for a reader gets that reader's decimal mark. */
void phrase_fill_numbers(char *out, size_t n, const char *fmt, const char *const *args, int n_args,
                         const char *sign);

/*
 * A sentence kept to be said later, in whatever language the reader has then: its English
 * format (a literal marked N_() so the catalogues carry it) and its arguments as text.
 * An argument whose bit is set in translate is itself English words marked N_() (a
 * reason, "a directory"), said in the reader's language too; lead goes before the sentence
 * as it stands ("[rack] "). Arguments are copied, cut at PHRASE_ARG_MAX - 1 bytes.
 */
#define PHRASE_ARG_MAX  128
#define PHRASE_LEAD_MAX 24
struct phrase_said {
    const char *fmt; /* NULL: nothing said */
    char lead[PHRASE_LEAD_MAX];
    int n_args;
    unsigned translate; /* bit i: args[i] is English words to say in the reader's language */
    char args[PHRASE_MAX_ARGS][PHRASE_ARG_MAX];
};

void phrase_said_set(struct phrase_said *s, const char *fmt, const char *const *args, int n_args);
/* phrase_said_set with the arguments listed (at least one). */
#define PHRASE_SAY(s, fmt, ...)                                                                    \
    phrase_said_set((s), (fmt), (const char *const[]){__VA_ARGS__},                                \
                    (int)(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)))

/*
 * s written out, its format and translated arguments looked up with look (a catalogue's
 * lookup; NULL: the English). A translation whose arguments differ from its English's gives
 * the English. Arguments are copied as they stand: they quote a file, whose numbers keep
 * their decimal point whatever the reader's language.
 */
void phrase_said_fill(char *out, size_t n, const struct phrase_said *s,
                      const char *(*look)(const char *));

#endif
