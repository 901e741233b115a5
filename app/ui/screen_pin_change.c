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
    SDL_Rect pad = pin_pad_area(cv, &a);

    SDL_Rect back = rect_cut_bottom(&a, target_px(cv));
    rect_cut_bottom(&a, canvas_px(cv, 0.015));
    draw_button(cv, back, t->pc_step == 3 ? _("Back to flags") : _("Cancel"), BUTTON_QUIET,
                ACTION_BACK, 0, view_can(v, ACTION_BACK, 0));
    /* what fits of step, prompt, dots and message, in that order of need */
    int label = type_px(cv, TYPE_LABEL), title = type_px(cv, TYPE_TITLE);
    char step[32];
    snprintf(step, sizeof step, _("Step %d of 3"), t->pc_step < 3 ? t->pc_step + 1 : 3);
    draw_text(cv, rect_cut_top(&a, text_line_px(cv, label, FONT_REGULAR)), step, label,
              FONT_REGULAR, COL_DIM, ALIGN_CENTER);
    draw_text(cv, rect_cut_top(&a, text_line_px(cv, title, FONT_BOLD)), prompt(t), title, FONT_BOLD,
              COL_TEXT, ALIGN_CENTER);
    rect_cut_top(&a, canvas_px(cv, 0.02));
    if (t->pc_step < 3)
        draw_pin_dots(cv, rect_cut_top(&a, canvas_px(cv, 0.08)), t->pc_len, t->pin_digits);
    rect_cut_top(&a, canvas_px(cv, 0.02));
    char said[2 * NOTE_MAX_LEN + 64];
    const char *args[1] = {t->pc_msg_arg ? t->pc_msg_arg : ""};
    if (t->pc_msg && t->pc_msg[0])
        i18n_phrase(said, sizeof said, t->pc_msg, args, 1);
    if (t->pc_msg && t->pc_msg[0])
        draw_text_wrap(cv, a, said, label, FONT_BOLD, t->pc_failed ? COL_STOP : COL_GO,
                       ALIGN_CENTER);
    draw_pin_keypad(cv, pad, v);
}
