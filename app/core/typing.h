/*
 * Text typed on the kiosk's on-screen keyboard (a trainer's note, a new member's name), kept
 * as UTF-8: a key types one character or a short word ("kg"), erase takes back a whole
 * character (never half of "ñ"), and a capital is made for accented letters too ("á" at a
 * word's start becomes "Á"; "ß" has no capital of its own and stays).
 */
#ifndef TYPING_H
#define TYPING_H

#include <stdbool.h>
#include <stddef.h>

#include "session.h"

/* Characters (not bytes) in a UTF-8 string. */
int typing_chars(const char *text);
/* Characters typed, spaces at the end not counted. */
int typing_chars_trimmed(const struct note_state *n);
/* Whether key fits: at most max_chars characters and max_bytes bytes once typed. */
bool typing_fits(const struct note_state *n, const char *key, int max_chars, int max_bytes);
/* Types key, its first letter as a capital when capital is set. */
void typing_add(struct note_state *n, const char *key, bool capital);
/* Takes back the last character, whole. */
void typing_erase(struct note_state *n);
/* The key's first letter as a capital into out ("á" -> "Á", "q" -> "Q", "ß" stays). */
void typing_capital(const char *key, char *out, size_t len);

#endif
