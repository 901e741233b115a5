/*
 * A lifter's own language, unit and text size: a button on the check-in and the plan that reads the
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

/* The language row: each language named in itself. */
static void language_row(struct canvas *cv, SDL_Rect row, int gap, const struct session_view *v)
{
    int shown = language_shown(v);
    int w = (row.w - (PREFS_LANGUAGES - 1) * gap) / PREFS_LANGUAGES;
    for (int i = 0; i < PREFS_LANGUAGES; i++) {
        SDL_Rect b = rect_cut_left(&row, w);
        rect_cut_left(&row, gap);
        draw_button(cv, b, language_names[i], i == shown ? BUTTON_SELECTED : BUTTON_PLAIN,
                    ACTION_PREF_LANG, i, view_can(v, ACTION_PREF_LANG, i));
    }
}

/* Two choices side by side in row: kg / lb, or "Aa" normal / "Aa" large (the letters at
 * two sizes read the same in every language). */
static void pair(struct canvas *cv, SDL_Rect row, int gap, const struct session_view *v,
                 enum action action, int chosen)
{
    int w = (row.w - gap) / 2;
    for (int i = 0; i <= 1; i++) {
        SDL_Rect b = rect_cut_left(&row, w);
        rect_cut_left(&row, gap);
        enum button_style style = i == chosen ? BUTTON_SELECTED : BUTTON_PLAIN;
        bool can = view_can(v, action, i);
        if (action == ACTION_PREF_UNIT)
            draw_button(cv, b, i ? "lb" : "kg", style, action, i, can);
        else
            draw_button_px(cv, b, "Aa",
                           i ? type_px(cv, TYPE_TITLE) * 3 / 2 : type_px(cv, TYPE_LABEL), style,
                           action, i, can);
    }
}

/* The size whoever reads chose, else the rack's (the one in use): 1 large, 0 normal. */
static int text_shown(const struct canvas *cv, const struct session_view *v)
{
    if (v->text_pref != TEXT_PREF_RACK)
        return v->text_pref == TEXT_PREF_LARGE;
    return cv->large_text;
}

void overlay_prefs(struct canvas *cv, const struct session_view *v)
{
    int gap = canvas_px(cv, 0.015);
    int target = target_px(cv);
    int title_h = text_line_px(cv, type_px(cv, TYPE_TITLE), FONT_BOLD);
    int label_px = type_px(cv, TYPE_LABEL);
    int label_h = text_line_px(cv, label_px, FONT_REGULAR);
    /* the 7" has no room for the larger text: the choice is kept (it holds at a 10"
     * rack) and this rack says it keeps its own size */
    bool large_fits = type_scale_large_fits(cv->w, cv->h);
    /* kg, lb, Aa, Aa and Done in one row where five targets fit, else two rows */
    SDL_Rect panel = rect_inset(cv->area, canvas_px(cv, 0.04));
    int in_w = panel.w - 2 * gap;
    bool one_row = in_w >= 5 * target + 4 * gap;
    int rows = one_row ? 2 : 3;
    /* the title and the 7"'s note wrap rather than shrink below their sizes */
    const char *title = _("Your language, unit and text size");
    const char *note = _("Large text needs the 10\" screen: this one keeps the rack's size");
    int title_px = type_px(cv, TYPE_TITLE);
    int title_lines = text_wrap_lines(cv, title, title_px, FONT_BOLD, in_w);
    title_h *= title_lines < 1 ? 1 : title_lines > 2 ? 2 : title_lines;
    int note_lines = large_fits ? 0 : text_wrap_lines(cv, note, label_px, FONT_REGULAR, in_w);
    int note_h = (note_lines > 3 ? 3 : note_lines) * label_h;
    int want_h = title_h + rows * (label_h + target) + note_h + (rows + 3) * gap;
    /* the choices block the screen under them: a touch outside does nothing */
    canvas_add_target(cv, cv->area, ACTION_TOUCH, 0, true);
    if (panel.h > want_h)
        panel = (SDL_Rect){panel.x, panel.y + (panel.h - want_h) / 2, panel.w, want_h};
    draw_panel(cv, panel, COL_PANEL, COL_ACCENT);
    SDL_Rect in = rect_inset(panel, gap);
    draw_text_wrap(cv, rect_cut_top(&in, title_h), title, title_px, FONT_BOLD, COL_TEXT,
                   ALIGN_LEFT);
    rect_cut_top(&in, gap);

    draw_text(cv, rect_cut_top(&in, label_h), _("Language"), label_px, FONT_REGULAR, COL_DIM,
              ALIGN_LEFT);
    language_row(cv, rect_cut_top(&in, target), gap, v);
    rect_cut_top(&in, gap);

    SDL_Rect captions = rect_cut_top(&in, label_h);
    SDL_Rect row = rect_cut_top(&in, target);
    rect_cut_top(&in, gap);
    /* equal columns: five in one row, else three (the language row's width) */
    int cols = one_row ? 5 : 3;
    int col_w = (row.w - (cols - 1) * gap) / cols;
    SDL_Rect units = rect_cut_left(&row, 2 * col_w + gap), texts, done;
    rect_cut_left(&row, gap);
    draw_text(cv, (SDL_Rect){captions.x, captions.y, units.w, captions.h}, _("Loads in"), label_px,
              FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    if (one_row) {
        texts = rect_cut_left(&row, 2 * col_w + gap);
        rect_cut_left(&row, gap);
        draw_text(cv, (SDL_Rect){texts.x, captions.y, texts.w, captions.h}, _("Text size"),
                  label_px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    } else { /* the text sizes on a row of their own, Done beside them */
        draw_text(cv, rect_cut_top(&in, label_h), _("Text size"), label_px, FONT_REGULAR, COL_DIM,
                  ALIGN_LEFT);
        row = rect_cut_top(&in, target);
        rect_cut_top(&in, gap);
        texts = rect_cut_left(&row, 2 * col_w + gap);
        rect_cut_left(&row, gap);
    }
    done = row;
    pair(cv, units, gap, v, ACTION_PREF_UNIT, v->lift.unit == RACK_LB);
    pair(cv, texts, gap, v, ACTION_PREF_TEXT, text_shown(cv, v));
    draw_button(cv, done, _("Done"), BUTTON_PRIMARY, ACTION_PREFS, 0, view_can(v, ACTION_PREFS, 0));
    if (!large_fits)
        draw_text_wrap(cv, rect_cut_top(&in, note_h), note, label_px, FONT_REGULAR, COL_DIM,
                       ALIGN_LEFT);
}

const char *view_notice_text(const struct session_view *v, const char *english, char *buf,
                             size_t len)
{
    if (!v->notice_fmt)
        return _(english);
    /* a translation that does not fit gives the English */
    i18n_phrase(buf, len, v->notice_fmt, v->notice_args, BANNER_ARGS);
    return buf;
}
