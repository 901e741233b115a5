/*
 * A member's own language, unit and text size. The rack has its language and unit (the settings);
 * a lifter may choose their own at the rack (the choices on their screens) or a trainer
 * with rackside-ctl. They apply from the badge to the logout: every load is still a load
 * the rack's plates make (grams inside, rounded to the rack's plate set), shown converted
 * into the lifter's unit; the plates themselves are named as they are marked.
 */
#ifndef PREFS_H
#define PREFS_H

#include "session.h"

#define PREFS_LANGUAGES 3
/* The languages a member may choose, English first: "en", "es", "de". */
extern const char *const prefs_languages[PREFS_LANGUAGES];

/* The index of code among prefs_languages, -1 none. */
int prefs_language_index(const char *code);
/* "rack", "kg", "lb" for a unit preference; parses the same (false: none of them). */
const char *prefs_unit_name(enum unit_pref u);
bool prefs_unit_parse(const char *name, enum unit_pref *out);

/* "rack", "normal", "large" for a text-size preference; parses the same. */
const char *prefs_text_name(enum text_pref t);
bool prefs_text_parse(const char *name, enum text_pref *out);

/* The language whoever is logged in reads ("" : the rack's) and the unit loads are shown in. */
const char *session_language(const struct session *s);
enum rack_unit session_display_unit(const struct session *s);
/* The text size whoever is logged in chose (TEXT_PREF_RACK: the rack's, as after logout). */
enum text_pref session_text_pref(const struct session *s);

#endif
