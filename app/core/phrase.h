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

#endif
