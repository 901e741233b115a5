/* A member's own language, unit and text size (prefs.h), and the choices on the lifter's screens.
 */
#include <stdio.h>
#include <string.h>

#include "flow.h"
#include "prefs.h"

const char *const prefs_languages[PREFS_LANGUAGES] = {"en", "es", "de"};

int prefs_language_index(const char *code)
{
    for (int i = 0; code && i < PREFS_LANGUAGES; i++)
        if (strcmp(code, prefs_languages[i]) == 0)
            return i;
    return -1;
}

const char *prefs_unit_name(enum unit_pref u)
{
    return u == UNIT_PREF_KG ? "kg" : u == UNIT_PREF_LB ? "lb" : "rack";
}

bool prefs_unit_parse(const char *name, enum unit_pref *out)
{
    static const enum unit_pref all[] = {UNIT_PREF_RACK, UNIT_PREF_KG, UNIT_PREF_LB};
    for (size_t i = 0; name && i < sizeof all / sizeof all[0]; i++)
        if (strcmp(name, prefs_unit_name(all[i])) == 0) {
            *out = all[i];
            return true;
        }
    return false;
}

const char *prefs_text_name(enum text_pref t)
{
    return t == TEXT_PREF_NORMAL ? "normal" : t == TEXT_PREF_LARGE ? "large" : "rack";
}

bool prefs_text_parse(const char *name, enum text_pref *out)
{
    static const enum text_pref all[] = {TEXT_PREF_RACK, TEXT_PREF_NORMAL, TEXT_PREF_LARGE};
    for (size_t i = 0; name && i < sizeof all / sizeof all[0]; i++)
        if (strcmp(name, prefs_text_name(all[i])) == 0) {
            *out = all[i];
            return true;
        }
    return false;
}

enum text_pref session_text_pref(const struct session *s)
{
    return s->logged_in ? s->who.text_pref : TEXT_PREF_RACK;
}

const char *session_language(const struct session *s)
{
    return s->logged_in ? s->who.lang : "";
}

enum rack_unit session_display_unit(const struct session *s)
{
    if (s->logged_in && s->who.unit_pref == UNIT_PREF_KG)
        return RACK_KG;
    if (s->logged_in && s->who.unit_pref == UNIT_PREF_LB)
        return RACK_LB;
    return s->rules.plates.unit;
}

/* The screens a lifter reads between the badge and the bar: not during a set or a stop,
 * not the trainer's. */
static bool prefs_screen(const struct session *s)
{
    if (!s->logged_in || s->who.role != ROLE_LIFTER || s->hold.active)
        return false;
    switch (s->screen) {
    case SCREEN_CHECKIN:
    case SCREEN_SCREENING:
    case SCREEN_ADVICE:
    case SCREEN_WARMUP:
    case SCREEN_PLAN:
    case SCREEN_REST:
        return true;
    default:
        return false;
    }
}

static bool prefs_can(const struct session *s, int arg)
{
    (void)arg;
    return prefs_screen(s);
}

static void prefs_show(struct session *s, int open, int64_t t_us)
{
    (void)t_us;
    s->visit.prefs_open = open != 0;
    flow_changed(s);
}

/* The choice is kept at once: it is the lifter's from now on, at every rack. */
static void prefs_save(struct session *s, int64_t t_us)
{
    struct effect *e = flow_push(s, EFFECT_MEMBER_PREFS, t_us);
    if (e) {
        snprintf(e->text, sizeof e->text, "%s", s->who.lang);
        e->key = s->who.unit_pref;
        e->text_pref = s->who.text_pref;
    }
    flow_changed(s);
}

static bool lang_can(const struct session *s, int index)
{
    return prefs_screen(s) && s->visit.prefs_open && index >= 0 && index < PREFS_LANGUAGES;
}

static void choose_lang(struct session *s, int index, int64_t t_us)
{
    snprintf(s->who.lang, sizeof s->who.lang, "%s", prefs_languages[index]);
    prefs_save(s, t_us);
}

static bool unit_can(const struct session *s, int lb)
{
    return prefs_screen(s) && s->visit.prefs_open && (lb == 0 || lb == 1);
}

static void choose_unit(struct session *s, int lb, int64_t t_us)
{
    s->who.unit_pref = lb ? UNIT_PREF_LB : UNIT_PREF_KG;
    prefs_save(s, t_us);
}

static bool text_can(const struct session *s, int large)
{
    return prefs_screen(s) && s->visit.prefs_open && (large == 0 || large == 1);
}

static void choose_text(struct session *s, int large, int64_t t_us)
{
    s->who.text_pref = large ? TEXT_PREF_LARGE : TEXT_PREF_NORMAL;
    prefs_save(s, t_us);
}

const struct transition prefs_table[] = {
    {SCREEN_COUNT, ACTION_PREFS, prefs_can, prefs_show},
    {SCREEN_COUNT, ACTION_PREF_LANG, lang_can, choose_lang},
    {SCREEN_COUNT, ACTION_PREF_UNIT, unit_can, choose_unit},
    {SCREEN_COUNT, ACTION_PREF_TEXT, text_can, choose_text},
};
const size_t prefs_table_len = sizeof prefs_table / sizeof prefs_table[0];

bool prefs_offered(const struct session *s)
{
    return prefs_screen(s);
}
