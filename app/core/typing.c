/* The on-screen keyboard's typed text as UTF-8 (typing.h). */
#include <stdio.h>
#include <string.h>

#include "typing.h"

#define UTF8_CONT_MASK 0xC0
#define UTF8_CONT      0x80
/* Latin-1's small letters à..þ are C3 A0..C3 BE in UTF-8 and their capitals 0x20 lower in
 * the second byte; ÷ (C3 B7) is no letter and ß (C3 9F) lies outside. */
#define LATIN1_LEAD       0xC3
#define LATIN1_SMALL_LO   0xA0
#define LATIN1_SMALL_HI   0xBE
#define LATIN1_DIVIDE     0xB7
#define LATIN1_CASE_SHIFT 0x20

static bool continuation(unsigned char c)
{
    return (c & UTF8_CONT_MASK) == UTF8_CONT;
}

int typing_chars(const char *text)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        n += !continuation(*p);
    return n;
}

int typing_chars_trimmed(const struct note_state *n)
{
    int len = n->len;
    while (len > 0 && n->text[len - 1] == ' ')
        len--;
    int chars = 0;
    for (int i = 0; i < len; i++)
        chars += !continuation((unsigned char)n->text[i]);
    return chars;
}

bool typing_fits(const struct note_state *n, const char *key, int max_chars, int max_bytes)
{
    size_t add = strlen(key);
    if (max_bytes > (int)sizeof n->text - 1)
        max_bytes = (int)sizeof n->text - 1;
    return add > 0 && (size_t)n->len + add <= (size_t)max_bytes &&
           typing_chars(n->text) + typing_chars(key) <= max_chars;
}

void typing_capital(const char *key, char *out, size_t len)
{
    snprintf(out, len, "%s", key);
    unsigned char *u = (unsigned char *)out;
    if (u[0] >= 'a' && u[0] <= 'z')
        u[0] = (unsigned char)(u[0] - 'a' + 'A');
    else if (u[0] == LATIN1_LEAD && u[1] >= LATIN1_SMALL_LO && u[1] <= LATIN1_SMALL_HI &&
             u[1] != LATIN1_DIVIDE)
        u[1] = (unsigned char)(u[1] - LATIN1_CASE_SHIFT);
}

void typing_add(struct note_state *n, const char *key, bool capital)
{
    char k[16];
    if (capital)
        typing_capital(key, k, sizeof k);
    else
        snprintf(k, sizeof k, "%s", key);
    size_t add = strlen(k);
    if ((size_t)n->len + add >= sizeof n->text)
        return;
    memcpy(n->text + n->len, k, add + 1);
    n->len += (int)add;
}

void typing_erase(struct note_state *n)
{
    while (n->len > 0 && continuation((unsigned char)n->text[n->len - 1]))
        n->len--;
    if (n->len > 0)
        n->len--;
    n->text[n->len] = '\0';
}
