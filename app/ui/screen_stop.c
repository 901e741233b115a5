/* Stop: the whole screen says STOP, in words and with a sign, and what to do now. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/flag_text.h"
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
    a = rect_inset(a, canvas_px(cv, 0.03));
    int gap = canvas_px(cv, 0.015);
    SDL_Rect bottom = rect_cut_bottom(&a, target_px(cv));
    draw_button(cv, rect_centre(bottom, bottom.w * (canvas_portrait(cv) ? 5 : 3) / 10, bottom.h),
                _("OK"), BUTTON_PLAIN, ACTION_STOP_DONE, 0, view_can(v, ACTION_STOP_DONE, 0));
    rect_cut_bottom(&a, gap);

    /* the sign and the word, as large as the screen holds */
    int key_px = type_px(cv, TYPE_KEY);
    SDL_Rect head = rect_cut_top(&a, key_line_px(cv, key_px) + 2 * gap);
    int r = head.h / 2;
    const char *stop = _("STOP");
    if (canvas_portrait(cv)) {
        /* portrait: the sign over the word, the word the whole width */
        stop_sign(cv, head.x + head.w / 2, head.y + head.h / 2, r);
        rect_cut_top(&a, gap);
        draw_key_text(cv, rect_cut_top(&a, key_line_px(cv, key_px)), stop, COL_WHITE, ALIGN_CENTER);
    } else {
        int word_w = text_width(cv, stop, key_px, FONT_BOLD);
        int total = 2 * r + 2 * gap + word_w;
        if (total > head.w)
            total = head.w;
        SDL_Rect row = rect_centre(head, total, head.h);
        SDL_Rect icon = rect_cut_left(&row, 2 * r);
        stop_sign(cv, icon.x + r, icon.y + icon.h / 2, r);
        rect_cut_left(&row, 2 * gap);
        draw_key_text(cv, row, stop, COL_WHITE, ALIGN_LEFT);
    }
    rect_cut_top(&a, gap);

    int title_px = type_px(cv, TYPE_TITLE);
    draw_text(cv, rect_cut_top(&a, text_line_px(cv, title_px, FONT_BOLD)),
              _(flag_kind_label(v->lift.stop_reason)), title_px, FONT_BOLD, COL_WHITE,
              ALIGN_CENTER);
    bool body = v->lift.stop_ends_day;
    const char *what = body ? _("Stop lifting today. Tell a trainer.")
                            : _("Rack the bar. This set is not credited.");
    int px = type_px(cv, TYPE_BODY);
    int n = text_wrap_lines(cv, what, px, FONT_REGULAR, a.w);
    draw_text_wrap(cv, rect_cut_top(&a, n * text_line_px(cv, px, FONT_REGULAR)), what, px,
                   FONT_REGULAR, COL_WHITE, ALIGN_CENTER);
    /* what the stop saw, in the reader's language and unit (core/flag_text.h) */
    char detail[NOTE_MAX_LEN + 64] = "";
    if (v->lift.stop_flag) {
        struct flag_words words;
        i18n_flag_words(&words, cv->unit);
        flag_sentence(v->lift.stop_flag, &words, detail, sizeof detail);
    }
    if (detail[0])
        draw_text_wrap(cv, a, detail, type_px(cv, TYPE_LABEL), FONT_REGULAR, COL_WHITE,
                       ALIGN_CENTER);
}
