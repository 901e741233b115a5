/*
 * Out of service: the whole screen when the kiosk cannot run safely (a bad settings
 * file, a database it cannot open, a device the service needs that is not there). It
 * says what is wrong, where, and what staff should do, in that order, and that the
 * kiosk keeps trying by itself. Nothing on it can be touched.
 */
#include <stdio.h>

#include "screens.h"

static void section(struct canvas *cv, SDL_Rect *a, const char *label, const char *text, int h)
{
    SDL_Rect box = rect_cut_top(a, h);
    draw_text(cv, rect_cut_top(&box, canvas_px(cv, 0.045)), label, canvas_px(cv, 0.035), FONT_BOLD,
              COL_CAUTION, ALIGN_LEFT);
    draw_text_wrap(cv, box, text, canvas_px(cv, 0.045), FONT_REGULAR, COL_TEXT, ALIGN_LEFT);
    rect_cut_top(a, canvas_px(cv, 0.02));
}

void screen_fault(struct canvas *cv, const struct ui_fault *f)
{
    SDL_Rect a = cv->area;
    /* amber band with words: colour never says it alone */
    SDL_Rect band = rect_cut_top(&a, canvas_px(cv, 0.16));
    draw_fill(cv, band, COL_CAUTION);
    SDL_Rect in = rect_inset(band, canvas_px(cv, 0.02));
    draw_text(cv, rect_cut_top(&in, in.h * 6 / 10), _("Out of service \xE2\x80\x94 do not lift"),
              canvas_px(cv, 0.075), FONT_BOLD, COL_BLACK, ALIGN_LEFT);
    draw_text(cv, in, _("The rack's safety checks are not running. Staff: see below."),
              canvas_px(cv, 0.035), FONT_REGULAR, COL_BLACK, ALIGN_LEFT);

    a = rect_inset(a, canvas_px(cv, 0.035));
    SDL_Rect foot = rect_cut_bottom(&a, canvas_px(cv, 0.06));
    int h = a.h / 3;
    section(cv, &a, _("WHAT IS WRONG"), f->what, h - canvas_px(cv, 0.02));
    section(cv, &a, _("WHERE"), f->where, h - canvas_px(cv, 0.02));
    section(cv, &a, _("WHAT TO DO"), f->todo, a.h);
    char line[96];
    if (f->retry_s > 0)
        snprintf(line, sizeof line, _("Trying again in %d s. Stack light: amber."), f->retry_s);
    else
        snprintf(line, sizeof line, "%s", _("Trying again now. Stack light: amber."));
    draw_text(cv, foot, line, canvas_px(cv, 0.035), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    /* a modal blocker: a touch anywhere does nothing */
    canvas_add_target(cv, (SDL_Rect){0, 0, cv->w, cv->h}, ACTION_NONE, 0, false);
}

/* A line across the top of any screen: a problem staff should know of that does not stop
 * the kiosk (settings not used, records waiting to be saved, a device missing). */
void overlay_kiosk_notice(struct canvas *cv, const char *text)
{
    int h = canvas_px(cv, 0.1);
    SDL_Rect strip = {0, 0, cv->w, h};
    draw_fill(cv, strip, COL_CAUTION);
    draw_text_wrap(cv, rect_inset(strip, canvas_px(cv, 0.01)), text, canvas_px(cv, 0.03), FONT_BOLD,
                   COL_BLACK, ALIGN_LEFT);
}
