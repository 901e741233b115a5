/* Advice: no lifting today, why, and what to do about it. */
#include <stdio.h>

#include "screens.h"

void screen_advice(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    draw_header(cv, &a, "Check-in", v->name);
    a = rect_inset(a, canvas_px(cv, 0.035));
    SDL_Rect bottom = rect_cut_bottom(&a, canvas_px(cv, 0.12));
    rect_cut_bottom(&a, canvas_px(cv, 0.03));

    SDL_Rect title = rect_cut_top(&a, canvas_px(cv, 0.13));
    int icon = title.h;
    SDL_Rect ic = rect_cut_left(&title, icon);
    /* a "no entry" sign next to the words, so the message is not colour alone */
    draw_disc(cv, ic.x + icon / 2, ic.y + icon / 2, icon * 9 / 20, COL_STOP);
    draw_fill(cv, rect_centre(ic, icon * 6 / 10, icon / 6), COL_WHITE);
    rect_cut_left(&title, canvas_px(cv, 0.03));
    draw_text(cv, title, "No lifting today", canvas_px(cv, 0.1), FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    rect_cut_top(&a, canvas_px(cv, 0.03));

    bool urgent = v->checkin.urgent;
    bool red = v->checkin.red_flag;
    char why[160];
    const char *what;
    if (red) {
        snprintf(why, sizeof why, "You answered yes to a warning sign.");
        what = "See a doctor or physiotherapist today.";
    } else {
        snprintf(why, sizeof why, "Your back pain today is %d out of 10.", v->checkin.pain);
        what = "Rest today. If the pain persists, see a doctor or physiotherapist.";
    }
    int px = canvas_px(cv, 0.06);
    draw_text_wrap(cv, rect_cut_top(&a, canvas_px(cv, 0.12)), why, px, FONT_REGULAR, COL_TEXT,
                   ALIGN_LEFT);
    draw_text_wrap(cv, rect_cut_top(&a, canvas_px(cv, 0.16)), what, px, FONT_BOLD, COL_TEXT,
                   ALIGN_LEFT);
    rect_cut_top(&a, canvas_px(cv, 0.02));
    if (red) {
        /* the cauda equina warning: always there after a red flag, loudest when ticked */
        SDL_Color edge = urgent ? COL_STOP : COL_CAUTION;
        draw_fill(cv, a, urgent ? COL_STOP_BG : COL_PANEL);
        draw_frame(cv, a, canvas_px(cv, 0.008), edge);
        SDL_Rect in = rect_inset(a, canvas_px(cv, 0.025));
        SDL_Rect tag = rect_cut_left(
            &in, text_width(cv, "\xE2\x9A\xA0 URGENT", canvas_px(cv, 0.05), FONT_BOLD));
        draw_text(cv, rect_cut_top(&tag, canvas_px(cv, 0.065)), "\xE2\x9A\xA0 URGENT",
                  canvas_px(cv, 0.05), FONT_BOLD, urgent ? COL_WHITE : COL_CAUTION, ALIGN_LEFT);
        rect_cut_left(&in, canvas_px(cv, 0.025));
        draw_text_wrap(cv, in,
                       "If you have new bladder or bowel trouble or numbness in the saddle "
                       "area, seek urgent care now.",
                       canvas_px(cv, 0.05), FONT_BOLD, COL_WHITE, ALIGN_LEFT);
    } else {
        draw_text_wrap(cv, a, "A trainer has been told, so they can check in with you.",
                       canvas_px(cv, 0.045), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    }
    SDL_Rect done = rect_cut_right(&bottom, bottom.w * 3 / 10);
    draw_button(cv, done, "Done", BUTTON_PRIMARY, ACTION_ADVICE_DONE, 0,
                view_can(v, ACTION_ADVICE_DONE, 0));
    if (red)
        draw_text(cv, bottom, "A trainer has been told.", canvas_px(cv, 0.04), FONT_REGULAR,
                  COL_DIM, ALIGN_LEFT);
}
