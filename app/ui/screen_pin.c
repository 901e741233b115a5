/* Trainer PIN: a keypad and one dot per digit; the digits themselves are never shown. */
#include <stdio.h>

#include "screens.h"

#define KEYPAD_COLS 3
#define KEYPAD_ROWS 4

static void pin_dots(struct canvas *cv, SDL_Rect row, int entered, int digits)
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

void screen_pin(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    draw_header(cv, &a, "Trainer", v->name);
    a = rect_inset(a, canvas_px(cv, 0.03));
    SDL_Rect pad = rect_cut_right(&a, a.w * 11 / 20);
    rect_cut_right(&a, canvas_px(cv, 0.04));

    SDL_Rect cancel = rect_cut_bottom(&a, target_px(cv));
    draw_button(cv, cancel, "Cancel", BUTTON_QUIET, ACTION_LOGOUT, 0,
                view_can(v, ACTION_LOGOUT, 0));
    rect_cut_top(&a, canvas_px(cv, 0.04));
    draw_text(cv, rect_cut_top(&a, text_line_px(cv, type_px(cv, TYPE_TITLE), FONT_BOLD)),
              "Enter your PIN", type_px(cv, TYPE_TITLE), FONT_BOLD, COL_TEXT, ALIGN_CENTER);
    rect_cut_top(&a, canvas_px(cv, 0.03));
    pin_dots(cv, rect_cut_top(&a, canvas_px(cv, 0.1)), v->trainer.pin_len, v->trainer.pin_digits);
    rect_cut_top(&a, canvas_px(cv, 0.03));
    int px = type_px(cv, TYPE_LABEL);
    SDL_Rect status = rect_cut_top(&a, 2 * text_line_px(cv, px, FONT_BOLD));
    if (v->trainer.pin_wrong)
        draw_text_wrap(cv, status, "\xE2\x9C\x97 Wrong PIN, try again", px, FONT_BOLD, COL_STOP,
                       ALIGN_CENTER);
    else if (v->trainer.pin_checking)
        draw_text(cv, status, "Checking\xE2\x80\xA6", px, FONT_REGULAR, COL_DIM, ALIGN_CENTER);

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
