#include <stdbool.h>
#include <string.h>

#include <glib.h>

#include "name_fold.h"

/* A mark that rides on the letter before it (the accent of "é" once decomposed). */
static bool is_mark(gunichar c)
{
    GUnicodeType t = g_unichar_type(c);
    return t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK ||
           t == G_UNICODE_ENCLOSING_MARK;
}

/* The folded text as a new GLib string (g_free), NULL when s is not UTF-8. Case folding
 * comes first: a folded letter may decompose further ("İ" folds to "i" and a dot above). */
static gchar *fold_utf8(const char *s, gssize len)
{
    if (!g_utf8_validate(s, len, NULL))
        return NULL;
    gchar *folded = g_utf8_casefold(s, len);
    gchar *nfd = g_utf8_normalize(folded, -1, G_NORMALIZE_NFD);
    g_free(folded);
    if (!nfd)
        return NULL;
    char *w = nfd; /* marks dropped in place: the text only gets shorter */
    for (const char *p = nfd; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (is_mark(c))
            continue;
        int len_c = g_unichar_to_utf8(c, w);
        w += len_c;
    }
    *w = '\0';
    return nfd;
}

char *name_fold(const char *s, char *out, size_t n)
{
    if (n == 0)
        return out;
    gchar *f = fold_utf8(s ? s : "", -1);
    if (!f)
        f = g_ascii_strdown(s, -1);
    size_t len = strlen(f);
    if (len > n - 1) { /* cut where a character starts */
        len = n - 1;
        while (len > 0 && (f[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(out, f, len);
    out[len] = '\0';
    g_free(f);
    return out;
}

static void fold_sql(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    int len = sqlite3_value_bytes(argv[0]);
    gchar *f = s ? fold_utf8(s, len) : NULL;
    if (!f && s)
        f = g_ascii_strdown(s, len);
    if (!f) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, f, -1, g_free);
}

int name_fold_register(sqlite3 *db)
{
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    return sqlite3_create_function_v2(db, "fold", 1, flags, NULL, fold_sql, NULL, NULL, NULL) ==
                   SQLITE_OK
               ? 0
               : -1;
}
