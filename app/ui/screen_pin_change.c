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
    /* the prompt, the dots and the message whole; the step line and the room between them
     * where they leave it */
    int label = type_px(cv, TYPE_LABEL), title = type_px(cv, TYPE_TITLE);
    char said[2 * NOTE_MAX_LEN + 64] = "";
    const char *args[1] = {t->pc_msg_arg ? t->pc_msg_arg : ""};
    if (t->pc_msg && t->pc_msg[0])
        i18n_phrase(said, sizeof said, t->pc_msg, args, 1);
    enum font_weight face = FONT_BOLD;
    int said_lines = said[0] ? text_wrap_lines(cv, said, label, FONT_BOLD, a.w) : 0;
    int reg_lines = said[0] ? text_wrap_lines(cv, said, label, FONT_REGULAR, a.w) : 0;
    int step_h = text_line_px(cv, label, FONT_REGULAR), space = canvas_px(cv, 0.02);
    int dots_h = t->pc_step < 3 ? canvas_px(cv, 0.08) : 0;
    int fixed = text_line_px(cv, title, FONT_BOLD) + dots_h;
    int said_h = said_lines * text_line_px(cv, label, FONT_BOLD);
    if (fixed + step_h + 2 * space + said_h > a.h && reg_lines < said_lines) {
        face = FONT_REGULAR; /* fewer lines in the regular face */
        said_h = reg_lines * text_line_px(cv, label, FONT_REGULAR);
    }
    if (fixed + step_h + 2 * space + said_h > a.h)
        step_h = 0; /* the prompt says what to type; the step count gives way */
    if (fixed + step_h + 2 * space + said_h > a.h)
        space = canvas_px(cv, 0.005);
    char step[32];
    char no[16];
    i18n_int(no, sizeof no, t->pc_step < 3 ? t->pc_step + 1 : 3);
    i18n_phrase(step, sizeof step, N_("Step %s of 3"), (const char *const[]){no}, 1);
    if (step_h > 0)
        draw_text(cv, rect_cut_top(&a, step_h), step, label, FONT_REGULAR, COL_DIM, ALIGN_CENTER);
    draw_text(cv, rect_cut_top(&a, text_line_px(cv, title, FONT_BOLD)), prompt(t), title, FONT_BOLD,
              COL_TEXT, ALIGN_CENTER);
    rect_cut_top(&a, space);
    if (dots_h > 0)
        draw_pin_dots(cv, rect_cut_top(&a, dots_h), t->pc_len, t->pin_digits);
    rect_cut_top(&a, space);
    if (said[0])
        draw_text_wrap(cv, a, said, label, face, t->pc_failed ? COL_STOP : COL_GO, ALIGN_CENTER);
    draw_pin_keypad(cv, pad, v);
}
