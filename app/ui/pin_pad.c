/* The trainer's PIN keypad and its dots, one per digit: the digits are never shown. Shared
 * by the PIN entry and the page where a trainer changes their own PIN. */
#include <stdio.h>

#include "screens.h"

#define KEYPAD_COLS 3
#define KEYPAD_ROWS 4

void draw_pin_dots(struct canvas *cv, SDL_Rect row, int entered, int digits)
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

SDL_Rect pin_pad_area(const struct canvas *cv, SDL_Rect *a)
{
    if (!canvas_portrait(cv)) {
        SDL_Rect pad = rect_cut_right(a, a->w * 11 / 20);
        rect_cut_right(a, canvas_px(cv, 0.04));
        return pad;
    }
    /* portrait: the keypad across the bottom half, keys no wider than they are tall */
    int rows_h = KEYPAD_ROWS * (target_px(cv) + canvas_px(cv, 0.02));
    SDL_Rect pad = rect_cut_bottom(a, a->h / 2 > rows_h ? a->h / 2 : rows_h);
    rect_cut_bottom(a, canvas_px(cv, 0.03));
    int most_w = pad.h * KEYPAD_COLS / KEYPAD_ROWS;
    return most_w < pad.w ? rect_centre(pad, most_w, pad.h) : pad;
}

void draw_pin_keypad(struct canvas *cv, SDL_Rect pad, const struct session_view *v)
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
                draw_button(cv, key, "\xE2\x8C\xAB", BUTTON_QUIET, ACTION_PIN_BACK, 0,
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
