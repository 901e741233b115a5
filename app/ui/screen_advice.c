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
        char pain[16];
        i18n_int(pain, sizeof pain, v->checkin.pain);
        const char *args[] = {pain};
        i18n_phrase(why, sizeof why, N_("Your back pain today is %s out of 10."), args, 1);
        what = _("Rest today. If the pain persists, see a doctor or physiotherapist.");
    }
    int label_px = type_px(cv, TYPE_LABEL);
    const char *told = _("A trainer has been told, so they can check in with you.");
    bool tall = canvas_portrait(cv);
    if (tall) { /* portrait: its own lines over the button row, the width's whole */
        int lines = text_wrap_lines(cv, told, label_px, FONT_REGULAR, a.w);
        draw_text_wrap(cv, rect_cut_bottom(&a, lines * text_line_px(cv, label_px, FONT_REGULAR)),
                       told, label_px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
        rect_cut_bottom(&a, gap);
    }
    const char *urgent_text = _("If you have new bladder or bowel trouble or numbness in the "
                                "saddle area, seek urgent care now.");
    int px = type_px(cv, TYPE_BODY);
    /* the urgent warning keeps its size: the sentences above it give way to the label size
     * where both do not fit (larger text, a narrow panel) */
    int in_w = a.w - 2 * canvas_px(cv, 0.02);
    int warn_h = !red ? 0
                      : 2 * canvas_px(cv, 0.02) +
                            (tall ? text_line_px(cv, label_px, FONT_BOLD) : 0) +
                            text_wrap_lines(cv, urgent_text, label_px, FONT_BOLD,
                                            tall ? in_w : in_w * 3 / 4) *
                                text_line_px(cv, label_px, FONT_BOLD);
    int say_h = (text_wrap_lines(cv, why, px, FONT_REGULAR, a.w) +
                 text_wrap_lines(cv, what, px, FONT_BOLD, a.w)) *
                    text_line_px(cv, px, FONT_BOLD) +
                gap;
    if (say_h + warn_h > a.h)
        px = label_px;
    int line_h = text_line_px(cv, px, FONT_BOLD);
    int n = text_wrap_lines(cv, why, px, FONT_REGULAR, a.w);
    draw_text_wrap(cv, rect_cut_top(&a, n * line_h), why, px, FONT_REGULAR, COL_TEXT, ALIGN_LEFT);
    n = text_wrap_lines(cv, what, px, FONT_BOLD, a.w);
    draw_text_wrap(cv, rect_cut_top(&a, n * line_h), what, px, FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    rect_cut_top(&a, gap);
    if (red) {
        /* the cauda equina warning: always there after a red flag, loudest when ticked */
        SDL_Color edge = urgent ? COL_STOP : COL_CAUTION;
        draw_fill(cv, a, urgent ? COL_STOP_BG : COL_PANEL);
        draw_frame(cv, a, canvas_px(cv, 0.008), edge);
        SDL_Rect in = rect_inset(a, canvas_px(cv, 0.02));
        char tag_text[48];
        snprintf(tag_text, sizeof tag_text, "\xE2\x9A\xA0 %s", _("URGENT"));
        int tag_w = text_width(cv, tag_text, label_px, FONT_BOLD) + gap;
        /* portrait: the tag over the words, so they keep the width */
        SDL_Rect tag = tall ? rect_cut_top(&in, text_line_px(cv, label_px, FONT_BOLD))
                            : rect_cut_left(&in, tag_w);
        draw_text(cv, rect_cut_top(&tag, text_line_px(cv, label_px, FONT_BOLD)), tag_text, label_px,
                  FONT_BOLD, urgent ? COL_WHITE : COL_CAUTION, ALIGN_LEFT);
        draw_text_wrap(cv, in, urgent_text, label_px, FONT_BOLD, COL_WHITE, ALIGN_LEFT);
    }
    SDL_Rect done = rect_cut_right(&bottom, bottom.w * (tall ? 5 : 3) / 10);
    draw_button(cv, done, _("Done"), BUTTON_PRIMARY, ACTION_ADVICE_DONE, 0,
                view_can(v, ACTION_ADVICE_DONE, 0));
    rect_cut_right(&bottom, gap);
    if (!tall)
        draw_text_wrap(cv, bottom, told, label_px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
}
