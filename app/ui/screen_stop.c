/* Stop: the whole screen says STOP, in words and with a sign, and what to do now. */
#include <math.h>
#include <stdio.h>

#include "screens.h"

#define OCTAGON_SIDES 8

/* A stop sign: white-rimmed octagon with a bar across (never colour alone). */
static void stop_sign(struct canvas *cv, int cx, int cy, int r)
{
    SDL_FPoint outer[OCTAGON_SIDES], inner[OCTAGON_SIDES];
    int rim = r / 9;
    for (int i = 0; i < OCTAGON_SIDES; i++) {
        double ang = M_PI / 8 + i * M_PI / 4;
        outer[i] = (SDL_FPoint){(float)(cx + r * cos(ang)), (float)(cy + r * sin(ang))};
        inner[i] =
            (SDL_FPoint){(float)(cx + (r - rim) * cos(ang)), (float)(cy + (r - rim) * sin(ang))};
    }
    draw_polygon(cv, outer, OCTAGON_SIDES, COL_WHITE);
    draw_polygon(cv, inner, OCTAGON_SIDES, COL_STOP);
    draw_fill(cv, (SDL_Rect){cx - r * 3 / 5, cy - r / 7, r * 6 / 5, r * 2 / 7}, COL_WHITE);
}

void screen_stop(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    draw_fill(cv, a, COL_STOP_BG);
    a = rect_inset(a, canvas_px(cv, 0.04));
    SDL_Rect bottom = rect_cut_bottom(&a, canvas_px(cv, 0.13));
    draw_button(cv, rect_centre(bottom, bottom.w * 3 / 10, bottom.h), "OK", BUTTON_PLAIN,
                ACTION_STOP_DONE, 0, view_can(v, ACTION_STOP_DONE, 0));

    SDL_Rect head = rect_cut_top(&a, canvas_px(cv, 0.3));
    int r = head.h * 9 / 20;
    int px = canvas_px(cv, 0.26);
    int word_w = text_width(cv, "STOP", px, FONT_BOLD);
    int gap = canvas_px(cv, 0.04);
    int total = 2 * r + gap + word_w;
    if (total > head.w)
        total = head.w;
    SDL_Rect row = rect_centre(head, total, head.h);
    SDL_Rect icon = rect_cut_left(&row, 2 * r);
    stop_sign(cv, icon.x + r, icon.y + icon.h / 2, r);
    rect_cut_left(&row, gap);
    draw_text(cv, row, "STOP", px, FONT_BOLD, COL_WHITE, ALIGN_LEFT);
    rect_cut_top(&a, canvas_px(cv, 0.02));

    draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.1)), flag_kind_label(v->lift.stop_reason),
              canvas_px(cv, 0.085), FONT_BOLD, COL_WHITE, ALIGN_CENTER);
    bool body = v->lift.stop_ends_day;
    const char *what =
        body ? "Stop lifting today. Tell a trainer." : "Rack the bar. This set is not credited.";
    draw_text_wrap(cv, rect_cut_top(&a, canvas_px(cv, 0.16)), what, canvas_px(cv, 0.065),
                   FONT_REGULAR, COL_WHITE, ALIGN_CENTER);
    if (v->lift.stop_detail[0])
        draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.06)), v->lift.stop_detail,
                  canvas_px(cv, 0.045), FONT_REGULAR, COL_WHITE, ALIGN_CENTER);
}
