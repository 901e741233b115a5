/* Trainer PIN: a keypad and one dot per digit; the digits themselves are never shown. */
#include "i18n.h"
#include "screens.h"

void screen_pin(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    draw_header(cv, &a, _("Trainer"), v->name);
    a = rect_inset(a, canvas_px(cv, 0.03));
    SDL_Rect pad = pin_pad_area(cv, &a);

    SDL_Rect cancel = rect_cut_bottom(&a, target_px(cv));
    draw_button(cv, cancel, _("Cancel"), BUTTON_QUIET, ACTION_LOGOUT, 0,
                view_can(v, ACTION_LOGOUT, 0));
    rect_cut_top(&a, canvas_portrait(cv) ? 0 : canvas_px(cv, 0.04));
    draw_text(cv, rect_cut_top(&a, text_line_px(cv, type_px(cv, TYPE_TITLE), FONT_BOLD)),
              _("Enter your PIN"), type_px(cv, TYPE_TITLE), FONT_BOLD, COL_TEXT, ALIGN_CENTER);
    rect_cut_top(&a, canvas_px(cv, 0.03));
    draw_pin_dots(cv, rect_cut_top(&a, canvas_px(cv, 0.1)), v->trainer.pin_len,
                  v->trainer.pin_digits);
    rect_cut_top(&a, canvas_px(cv, 0.03));
    int px = type_px(cv, TYPE_LABEL);
    SDL_Rect status = rect_cut_top(&a, 2 * text_line_px(cv, px, FONT_BOLD));
    if (v->trainer.pin_wrong)
        draw_text_wrap(cv, status, _("\xE2\x9C\x97 Wrong PIN, try again"), px, FONT_BOLD, COL_STOP,
                       ALIGN_CENTER);
    else if (v->trainer.pin_checking)
        draw_text(cv, status, _("Checking\xE2\x80\xA6"), px, FONT_REGULAR, COL_DIM, ALIGN_CENTER);

    draw_pin_keypad(cv, pad, v);
}
