/* A trainer changes their own PIN: old, new, new again, on a keypad; only dots are shown. */
#include <stdio.h>

#include "i18n.h"
#include "screens.h"

static const char *prompt(const struct view_trainer *t)
{
    if (t->pc_saving)
        return _("Saving\xE2\x80\xA6");
    switch (t->pc_step) {
    case 0:
        return _("Your current PIN");
    case 1:
        return _("A new PIN");
    case 2:
        return _("The new PIN again");
    default:
        return _("Done");
    }
}

void screen_pin_change(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    const struct view_trainer *t = &v->trainer;
    SDL_Rect a = cv->area;
    draw_header(cv, &a, _("Change my PIN"), v->name);
    a = rect_inset(a, canvas_px(cv, 0.03));
    SDL_Rect pad = rect_cut_right(&a, a.w * 11 / 20);
    rect_cut_right(&a, canvas_px(cv, 0.04));

    SDL_Rect back = rect_cut_bottom(&a, canvas_px(cv, 0.12));
    draw_button(cv, back, t->pc_step == 3 ? _("Back to flags") : _("Cancel"), BUTTON_QUIET,
                ACTION_BACK, 0, view_can(v, ACTION_BACK, 0));
    rect_cut_top(&a, canvas_px(cv, 0.04));
    char step[32];
    snprintf(step, sizeof step, _("Step %d of 3"), t->pc_step < 3 ? t->pc_step + 1 : 3);
    draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.06)), step, canvas_px(cv, 0.045), FONT_REGULAR,
              COL_DIM, ALIGN_CENTER);
    draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.09)), prompt(t), canvas_px(cv, 0.07), FONT_BOLD,
              COL_TEXT, ALIGN_CENTER);
    rect_cut_top(&a, canvas_px(cv, 0.03));
    if (t->pc_step < 3)
        draw_pin_dots(cv, rect_cut_top(&a, canvas_px(cv, 0.1)), t->pc_len, t->pin_digits);
    rect_cut_top(&a, canvas_px(cv, 0.03));
    if (t->pc_msg && t->pc_msg[0])
        draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.16)), t->pc_msg, canvas_px(cv, 0.045),
                  FONT_BOLD, t->pc_failed ? COL_STOP : COL_GO, ALIGN_CENTER);
    draw_pin_keypad(cv, pad, v);
}
