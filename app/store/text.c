/*
 * Text people type into the database (names, reasons, notes) must be printable UTF-8:
 * no control characters (a newline or an escape sequence in a name rewrites an
 * operator's terminal), no invalid bytes (they make invalid JSON), and none of the
 * invisible characters that reorder or hide text.
 */
#include <stdint.h>
#include <string.h>

#include "store.h"

/* Decodes one UTF-8 sequence at s; returns its length and the code point, 0 if invalid. */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len;
    uint32_t min;
    if ((s[0] & 0xe0) == 0xc0)
        len = 2, min = 0x80, *cp = s[0] & 0x1f;
    else if ((s[0] & 0xf0) == 0xe0)
        len = 3, min = 0x800, *cp = s[0] & 0x0f;
    else if ((s[0] & 0xf8) == 0xf0)
        len = 4, min = 0x10000, *cp = s[0] & 0x07;
    else
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        *cp = (*cp << 6) | (s[i] & 0x3f);
    }
    if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
        return 0; /* overlong, out of range or a surrogate */
    return len;
}

/* Controls (C0, DEL, C1), line and paragraph separators, bidi embeddings and isolates. */
static bool hidden(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

const char *store_text_problem(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp;
        size_t n = utf8_next(p, &cp);
        if (n == 0)
            return "is not valid UTF-8";
        if (hidden(cp))
            return "holds a control or invisible character";
        p += n;
    }
    return NULL;
}

void store_text_clean(const char *in, char *out, size_t size)
{
    static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
    const unsigned char *p = (const unsigned char *)in;
    size_t used = 0;
    while (*p && size > 0) {
        uint32_t cp;
        size_t n = utf8_next(p, &cp);
        const char *piece = (const char *)p;
        size_t len = n;
        if (n == 0 || hidden(cp)) {
            piece = replacement;
            len = sizeof replacement - 1;
            n = n ? n : 1;
        }
        if (used + len + 1 > size)
            break;
        memcpy(out + used, piece, len);
        used += len;
        p += n;
    }
    if (size > 0)
        out[used] = '\0';
}
