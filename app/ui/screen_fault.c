/*
 * Out of service: the whole screen when the kiosk cannot run safely (a bad settings
 * file, a database it cannot open, a device the service needs that is not there). It
 * says what is wrong, where, and what staff should do, in that order, and that the
 * kiosk keeps trying by itself. Nothing on it can be touched.
 */
#include <stdio.h>

#include "screens.h"

/* The label and its sentence beside it where both fit on one line ("WHERE  /etc/...").*/
static bool section_one_line(struct canvas *cv, const char *label, const char *text, int w, int px)
{
    return text_width(cv, label, type_px(cv, TYPE_LABEL), FONT_BOLD) + mm_px(cv, 3) +
               text_width(cv, text, px, FONT_REGULAR) <=
           w;
}

/* The height a section takes in width w with its text at px: its label's line, the text's. */
static int section_h(struct canvas *cv, const char *label, const char *text, int w, int px)
{
    int line = text_line_px(cv, type_px(cv, TYPE_LABEL), FONT_BOLD);
    int text_line = text_line_px(cv, px, FONT_REGULAR);
    if (section_one_line(cv, label, text, w, px))
        return line > text_line ? line : text_line;
    return line + text_wrap_lines(cv, text, px, FONT_REGULAR, w) * text_line;
}

static void section(struct canvas *cv, SDL_Rect *a, const char *label, const char *text, int px,
                    int gap)
{
    int label_px = type_px(cv, TYPE_LABEL);
    SDL_Rect box = rect_cut_top(a, section_h(cv, label, text, a->w, px));
    if (section_one_line(cv, label, text, box.w, px)) {
        int w = text_width(cv, label, label_px, FONT_BOLD);
        draw_text(cv, rect_cut_left(&box, w), label, label_px, FONT_BOLD, COL_CAUTION, ALIGN_LEFT);
        rect_cut_left(&box, mm_px(cv, 3));
        draw_text(cv, box, text, px, FONT_REGULAR, COL_TEXT, ALIGN_LEFT);
    } else {
        draw_text(cv, rect_cut_top(&box, text_line_px(cv, label_px, FONT_BOLD)), label, label_px,
                  FONT_BOLD, COL_CAUTION, ALIGN_LEFT);
        draw_text_wrap(cv, box, text, px, FONT_REGULAR, COL_TEXT, ALIGN_LEFT);
    }
    rect_cut_top(a, gap);
}

/* The three sections' height in width w at px with gap between them. */
static int sections_h(struct canvas *cv, const struct ui_fault *f, int w, int px, int gap)
{
    return section_h(cv, _("WHAT IS WRONG"), f->what, w, px) +
           section_h(cv, _("WHERE"), f->where, w, px) +
           section_h(cv, _("WHAT TO DO"), f->todo, w, px) + 2 * gap;
}

void screen_fault(struct canvas *cv, const struct ui_fault *f)
{
    SDL_Rect a = cv->area;
    int title_px = type_px(cv, TYPE_TITLE), label_px = type_px(cv, TYPE_LABEL);
    int pad = canvas_px(cv, 0.02), margin = canvas_px(cv, 0.035), gap = canvas_px(cv, 0.02);
    const char *title = _("Out of service \xE2\x80\x94 do not lift");
    const char *staff = _("The rack's safety checks are not running. Staff: see below.");
    char line[96];
    if (f->retry_s > 0)
        snprintf(line, sizeof line, _("Trying again in %d s. Stack light: amber."), f->retry_s);
    else
        snprintf(line, sizeof line, "%s", _("Trying again now. Stack light: amber."));
    /* each on more lines where the panel is narrow, rather than shrunk */
    int title_h = text_wrap_lines(cv, title, title_px, FONT_BOLD, a.w - 2 * pad) *
                  text_line_px(cv, title_px, FONT_BOLD);
    int staff_h = text_wrap_lines(cv, staff, label_px, FONT_REGULAR, a.w - 2 * pad) *
                  text_line_px(cv, label_px, FONT_REGULAR);
    int w = a.w - 2 * margin;
    int foot_h = text_wrap_lines(cv, line, label_px, FONT_REGULAR, w) *
                 text_line_px(cv, label_px, FONT_REGULAR);
    /* the sentences at the body size; where the panel is short, at the label size, and then
     * without the band's second line (its title already says not to lift) */
    int room = a.h - title_h - staff_h - 2 * pad - 2 * margin - foot_h;
    int px = type_px(cv, TYPE_BODY);
    if (sections_h(cv, f, w, px, gap) > room)
        px = label_px;
    if (sections_h(cv, f, w, px, gap) > room) {
        staff_h = 0;
        room += text_wrap_lines(cv, staff, label_px, FONT_REGULAR, a.w - 2 * pad) *
                text_line_px(cv, label_px, FONT_REGULAR);
    }
    if (sections_h(cv, f, w, px, gap) > room) { /* and then with narrower margins */
        room += 2 * (margin - pad);
        w += 2 * (margin - pad);
        margin = pad;
        gap = pad / 2;
    }
    /* amber band with words: colour never says it alone */
    SDL_Rect band = rect_cut_top(&a, title_h + staff_h + 2 * pad);
    draw_fill(cv, band, COL_CAUTION);
    SDL_Rect in = rect_inset(band, pad);
    draw_text_wrap(cv, rect_cut_top(&in, title_h), title, title_px, FONT_BOLD, COL_BLACK,
                   ALIGN_LEFT);
    if (staff_h > 0)
        draw_text_wrap(cv, in, staff, label_px, FONT_REGULAR, COL_BLACK, ALIGN_LEFT);

    a = rect_inset(a, margin);
    SDL_Rect foot = rect_cut_bottom(&a, foot_h);
    section(cv, &a, _("WHAT IS WRONG"), f->what, px, gap);
    section(cv, &a, _("WHERE"), f->where, px, gap);
    section(cv, &a, _("WHAT TO DO"), f->todo, px, gap);
    draw_text_wrap(cv, foot, line, label_px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    /* a modal blocker: a touch anywhere does nothing */
    canvas_add_target(cv, (SDL_Rect){0, 0, cv->w, cv->h}, ACTION_NONE, 0, false);
}

/* A line across the top of any screen: a problem staff should know of that does not stop
 * the kiosk (settings not used, records waiting to be saved, a device missing). */
void overlay_kiosk_notice(struct canvas *cv, const char *text)
{
    /* two lines of the label size */
    int px = type_px(cv, TYPE_LABEL), pad = canvas_px(cv, 0.01);
    SDL_Rect strip = {0, 0, cv->w, 2 * text_line_px(cv, px, FONT_BOLD) + 2 * pad};
    draw_fill(cv, strip, COL_CAUTION);
    draw_text_wrap(cv, rect_inset(strip, pad), text, px, FONT_BOLD, COL_BLACK, ALIGN_LEFT);
}
