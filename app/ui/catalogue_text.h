/*
 * A catalogue's words on a lifter's screen (core/catalogue.h): an exercise's or a warm-up
 * step's name, and a step's cue, in the language the screens are in now. A gym's own
 * translation (name.de = ...) comes first; without one the plain text goes through the
 * kiosk's own translations (the shipped exercises and steps are in its .po files), and
 * is shown as written when those have none either.
 */
#ifndef UI_CATALOGUE_TEXT_H
#define UI_CATALOGUE_TEXT_H

#include "../core/catalogue.h"

const char *ui_catalogue_text(const char *plain, const struct catalogue_text *t, int n);

#endif
