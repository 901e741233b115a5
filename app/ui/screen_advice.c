/* Advice: no lifting today, why, and what to do about it. */
#include <stdio.h>

#include "screens.h"

void screen_advice(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    char who[NAME_MAX_LEN];
    draw_header(cv, &a, _("Check-in"), display_name(who, sizeof who, v->name));
    a = rect_inset(a, canvas_px(cv, 0.02));
    int gap = canvas_px(cv, 0.015);
    SDL_Rect bottom = rect_cut_bottom(&a, target_px(cv));
    rect_cut_bottom(&a, gap);

    int title_px = type_px(cv, TYPE_TITLE);
    SDL_Rect title = rect_cut_top(&a, title_px * 3 / 2);
    int icon = title.h;
    SDL_Rect ic = rect_cut_left(&title, icon);
    /* a "no entry" sign next to the words, so the message is not colour alone */
    draw_disc(cv, ic.x + icon / 2, ic.y + icon / 2, icon * 9 / 20, COL_STOP);
    draw_fill(cv, rect_centre(ic, icon * 6 / 10, icon / 6), COL_WHITE);
    rect_cut_left(&title, gap * 2);
    bool wait = v->checkin.screening_wait;
    draw_text(cv, title, wait ? _("No lifting yet") : _("No lifting today"), title_px, FONT_BOLD,
              COL_TEXT, ALIGN_LEFT);
    rect_cut_top(&a, gap);

    bool urgent = v->checkin.urgent;
    bool red = v->checkin.red_flag;
    char why[160];
    const char *what;
    if (wait && !red) {
        snprintf(why, sizeof why, "%s", _(screening_wait_text()));
        what = _("Ask a trainer today: they clear you with a reason, then you can lift.");
    } else if (red) {
        snprintf(why, sizeof why, "%s", _("You answered yes to a warning sign."));
        what = _("See a doctor or physiotherapist today.");
    } else {
        snprintf(why, sizeof why, _("Your back pain today is %d out of 10."), v->checkin.pain);
        what = _("Rest today. If the pain persists, see a doctor or physiotherapist.");
    }
    int px = type_px(cv, TYPE_BODY);
    int line_h = text_line_px(cv, px, FONT_BOLD);
    int n = text_wrap_lines(cv, why, px, FONT_REGULAR, a.w);
    draw_text_wrap(cv, rect_cut_top(&a, n * line_h), why, px, FONT_REGULAR, COL_TEXT, ALIGN_LEFT);
    n = text_wrap_lines(cv, what, px, FONT_BOLD, a.w);
    draw_text_wrap(cv, rect_cut_top(&a, n * line_h), what, px, FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    rect_cut_top(&a, gap);
    int label_px = type_px(cv, TYPE_LABEL);
    if (red) {
        /* the cauda equina warning: always there after a red flag, loudest when ticked */
        SDL_Color edge = urgent ? COL_STOP : COL_CAUTION;
        draw_fill(cv, a, urgent ? COL_STOP_BG : COL_PANEL);
        draw_frame(cv, a, canvas_px(cv, 0.008), edge);
        SDL_Rect in = rect_inset(a, canvas_px(cv, 0.02));
        char tag_text[48];
        snprintf(tag_text, sizeof tag_text, "\xE2\x9A\xA0 %s", _("URGENT"));
        SDL_Rect tag = rect_cut_left(&in, text_width(cv, tag_text, label_px, FONT_BOLD) + gap);
        draw_text(cv, rect_cut_top(&tag, text_line_px(cv, label_px, FONT_BOLD)), tag_text, label_px,
                  FONT_BOLD, urgent ? COL_WHITE : COL_CAUTION, ALIGN_LEFT);
        draw_text_wrap(cv, in,
                       _("If you have new bladder or bowel trouble or numbness in the saddle "
                         "area, seek urgent care now."),
                       label_px, FONT_BOLD, COL_WHITE, ALIGN_LEFT);
    }
    SDL_Rect done = rect_cut_right(&bottom, bottom.w * 3 / 10);
    draw_button(cv, done, _("Done"), BUTTON_PRIMARY, ACTION_ADVICE_DONE, 0,
                view_can(v, ACTION_ADVICE_DONE, 0));
    rect_cut_right(&bottom, gap);
    draw_text_wrap(cv, bottom, _("A trainer has been told, so they can check in with you."),
                   label_px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
}
