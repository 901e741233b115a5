/* A trainer changes their own PIN: old, new, new again, on a keypad; only dots are shown. */
#include <stdio.h>

#include "screens.h"

#define KEYPAD_COLS 3
#define KEYPAD_ROWS 4

static void dots(struct canvas *cv, SDL_Rect row, int entered, int digits)
{
    int n = digits > entered ? digits : entered;
    if (n > PIN_MAX_DIGITS)
        n = PIN_MAX_DIGITS;
    if (n <= 0)
        return;
    int r = row.h * 3 / 10;
    int step = r * 3;
    if (step * n > row.w)
        step = row.w / n;
    int x0 = row.x + (row.w - step * n) / 2 + step / 2;
    int cy = row.y + row.h / 2;
    for (int i = 0; i < n; i++) {
        if (i < entered)
            draw_disc(cv, x0 + i * step, cy, r, COL_TEXT);
        else
            draw_ring(cv, x0 + i * step, cy, r, canvas_px(cv, 0.005), COL_DIM);
    }
}

static void keypad(struct canvas *cv, SDL_Rect pad, const struct session_view *v)
{
    static const int keys[KEYPAD_ROWS][KEYPAD_COLS] = {
        {1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {-1, 0, -2}}; /* -1 back, -2 empty */
    int gap = canvas_px(cv, 0.02);
    for (int r = 0; r < KEYPAD_ROWS; r++) {
        SDL_Rect row = rect_row(pad, KEYPAD_ROWS, r, gap);
        for (int c = 0; c < KEYPAD_COLS; c++) {
            SDL_Rect key = rect_column(row, KEYPAD_COLS, c, gap);
            int k = keys[r][c];
            if (k == -2)
                continue;
            if (k == -1) {
                draw_button(cv, key, "\xE2\x8C\xAB Back", BUTTON_QUIET, ACTION_PIN_BACK, 0,
                            view_can(v, ACTION_PIN_BACK, 0));
                continue;
            }
            char label[12];
            snprintf(label, sizeof label, "%d", k);
            draw_button(cv, key, label, BUTTON_PLAIN, ACTION_PIN_DIGIT, k,
                        view_can(v, ACTION_PIN_DIGIT, k));
        }
    }
}

static const char *prompt(const struct view_trainer *t)
{
    if (t->pc_saving)
        return "Saving\xE2\x80\xA6";
    switch (t->pc_step) {
    case 0:
        return "Your current PIN";
    case 1:
        return "A new PIN";
    case 2:
        return "The new PIN again";
    default:
        return "Done";
    }
}

void screen_pin_change(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    const struct view_trainer *t = &v->trainer;
    SDL_Rect a = cv->area;
    draw_header(cv, &a, "Change my PIN", v->name);
    a = rect_inset(a, canvas_px(cv, 0.03));
    SDL_Rect pad = rect_cut_right(&a, a.w * 11 / 20);
    rect_cut_right(&a, canvas_px(cv, 0.04));

    SDL_Rect back = rect_cut_bottom(&a, canvas_px(cv, 0.12));
    draw_button(cv, back, t->pc_step == 3 ? "Back to flags" : "Cancel", BUTTON_QUIET, ACTION_BACK,
                0, view_can(v, ACTION_BACK, 0));
    rect_cut_top(&a, canvas_px(cv, 0.04));
    char step[32];
    snprintf(step, sizeof step, "Step %d of 3", t->pc_step < 3 ? t->pc_step + 1 : 3);
    draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.06)), step, canvas_px(cv, 0.045), FONT_REGULAR,
              COL_DIM, ALIGN_CENTER);
    draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.09)), prompt(t), canvas_px(cv, 0.07), FONT_BOLD,
              COL_TEXT, ALIGN_CENTER);
    rect_cut_top(&a, canvas_px(cv, 0.03));
    if (t->pc_step < 3)
        dots(cv, rect_cut_top(&a, canvas_px(cv, 0.1)), t->pc_len, t->pin_digits);
    rect_cut_top(&a, canvas_px(cv, 0.03));
    if (t->pc_msg && t->pc_msg[0])
        draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.16)), t->pc_msg, canvas_px(cv, 0.045),
                  FONT_BOLD, t->pc_failed ? COL_STOP : COL_GO, ALIGN_CENTER);
    keypad(cv, pad, v);
}
