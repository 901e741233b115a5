/*
 * Names compared as a trainer types them: "jose" finds "José", "muller" finds "Müller",
 * "STRASSE" finds "Straße". SQLite's lower() and LIKE fold ASCII only, so the store gives
 * its connections a fold() SQL function built on GLib's Unicode tables (case folding, then
 * canonical decomposition with the marks dropped); scripts without marks stay as they are.
 */
#ifndef NAME_FOLD_H
#define NAME_FOLD_H

#include <stddef.h>

#include <sqlite3.h>

/* s folded into out (always terminated, cut at n - 1 on a character's boundary); text that
 * is not UTF-8 is folded as ASCII only. Returns out. */
char *name_fold(const char *s, char *out, size_t n);

/* Adds fold(text) to db: NULL stays NULL. 0 ok, -1 (SQLite's error on db). */
int name_fold_register(sqlite3 *db);

#endif
