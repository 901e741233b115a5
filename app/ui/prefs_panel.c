/*
 * A lifter's own language and unit: a button on the check-in and the plan that reads the
 * same in every language ("EN ES DE · kg/lb": a lifter who cannot read the rack's language
 * still finds it), and the choices over the screen, each language named in itself.
 */
#include <stdio.h>

#include "../core/phrase.h"
#include "../core/prefs.h"
#include "i18n.h"
#include "screens.h"

/* the reader's unit first: "EN ES DE · kg/lb" */
#define PREFS_BUTTON_KG "EN ES DE \xC2\xB7 kg/lb"
#define PREFS_BUTTON_LB "EN ES DE \xC2\xB7 lb/kg"

/* Each language named in itself, in prefs_languages' order. */
static const char *const language_names[PREFS_LANGUAGES] = {"English", "Espa\xC3\xB1ol", "Deutsch"};

int prefs_button_width(struct canvas *cv, int most_w)
{
    return button_width(cv, PREFS_BUTTON_KG, 0, most_w);
}

void draw_prefs_button(struct canvas *cv, SDL_Rect r, const struct session_view *v)
{
    draw_button(cv, r, v->lift.unit == RACK_LB ? PREFS_BUTTON_LB : PREFS_BUTTON_KG, BUTTON_QUIET,
                ACTION_PREFS, 1, view_can(v, ACTION_PREFS, 1));
}

/* The language the reader reads now: their own, else the rack's (the one in use). */
static int language_shown(const struct session_view *v)
{
    int i = prefs_language_index(v->lang);
    return i >= 0 ? i : prefs_language_index(i18n_current());
}

void overlay_prefs(struct canvas *cv, const struct session_view *v)
{
    int gap = canvas_px(cv, 0.015);
    int target = target_px(cv);
    int title_h = text_line_px(cv, type_px(cv, TYPE_TITLE), FONT_BOLD);
    int label_h = text_line_px(cv, type_px(cv, TYPE_LABEL), FONT_REGULAR);
    /* the choices block the screen under them: a touch outside does nothing */
    canvas_add_target(cv, cv->area, ACTION_TOUCH, 0, true);
    SDL_Rect panel = rect_inset(cv->area, canvas_px(cv, 0.04));
    int want_h = title_h + 2 * (label_h + target) + target + 6 * gap;
    if (panel.h > want_h)
        panel = (SDL_Rect){panel.x, panel.y + (panel.h - want_h) / 2, panel.w, want_h};
    draw_panel(cv, panel, COL_PANEL, COL_ACCENT);
    SDL_Rect in = rect_inset(panel, gap);
    draw_text(cv, rect_cut_top(&in, title_h), _("Your language and unit"), type_px(cv, TYPE_TITLE),
              FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    rect_cut_top(&in, gap);

    draw_text(cv, rect_cut_top(&in, label_h), _("Language"), type_px(cv, TYPE_LABEL), FONT_REGULAR,
              COL_DIM, ALIGN_LEFT);
    SDL_Rect row = rect_cut_top(&in, target);
    rect_cut_top(&in, gap);
    int shown = language_shown(v);
    int w = (row.w - (PREFS_LANGUAGES - 1) * gap) / PREFS_LANGUAGES;
    for (int i = 0; i < PREFS_LANGUAGES; i++) {
        SDL_Rect b = rect_cut_left(&row, w);
        rect_cut_left(&row, gap);
        draw_button(cv, b, language_names[i], i == shown ? BUTTON_SELECTED : BUTTON_PLAIN,
                    ACTION_PREF_LANG, i, view_can(v, ACTION_PREF_LANG, i));
    }

    draw_text(cv, rect_cut_top(&in, label_h), _("Loads in"), type_px(cv, TYPE_LABEL), FONT_REGULAR,
              COL_DIM, ALIGN_LEFT);
    row = rect_cut_top(&in, target);
    rect_cut_top(&in, gap);
    SDL_Rect done = rect_cut_right(&row, w);
    rect_cut_right(&row, gap);
    int uw = (row.w - gap) / 2;
    for (int lb = 0; lb <= 1; lb++) {
        SDL_Rect b = rect_cut_left(&row, uw);
        rect_cut_left(&row, gap);
        bool chosen = (v->lift.unit == RACK_LB) == (lb == 1);
        draw_button(cv, b, lb ? "lb" : "kg", chosen ? BUTTON_SELECTED : BUTTON_PLAIN,
                    ACTION_PREF_UNIT, lb, view_can(v, ACTION_PREF_UNIT, lb));
    }
    draw_button(cv, done, _("Done"), BUTTON_PRIMARY, ACTION_PREFS, 0, view_can(v, ACTION_PREFS, 0));
}

const char *view_notice_text(const struct session_view *v, const char *english, char *buf,
                             size_t len)
{
    if (!v->notice_fmt)
        return _(english);
    const char *fmt = _(v->notice_fmt);
    if (phrase_arity(fmt) != phrase_arity(v->notice_fmt))
        fmt = v->notice_fmt; /* a translation that does not fit: the English */
    phrase_fill(buf, len, fmt, v->notice_args, BANNER_ARGS);
    return buf;
}
