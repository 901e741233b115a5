/* The enrolment screen: five questions on the back's history, before the first lift and
 * every six months (core/screening.h). Nothing pre-selected; on a short panel the
 * questions come a few at a time, moving on as they are answered. */
#include <stdio.h>

#include "screens.h"

static void history_row(struct canvas *cv, SDL_Rect row, const struct session_view *v, int i)
{
    bool answered = v->checkin.screening_answered[i];
    bool yes = answered && v->checkin.screening_yes[i];
    draw_fill(cv, row, COL_PANEL);
    SDL_Rect in = row;
    int answer_px = type_px(cv, TYPE_LABEL);
    int seg_w = target_px(cv) * 5 / 4;
    char yes_l[48], no_l[48], yes_on[56], no_on[56];
    snprintf(yes_l, sizeof yes_l, "%s", _("Yes"));
    snprintf(no_l, sizeof no_l, "%s", _("No"));
    snprintf(yes_on, sizeof yes_on, "\xE2\x9C\x93 %s", yes_l);
    snprintf(no_on, sizeof no_on, "\xE2\x9C\x93 %s", no_l);
    int yes_w = text_width(cv, yes_on, answer_px, FONT_BOLD);
    int no_w = text_width(cv, no_on, answer_px, FONT_BOLD);
    int need_w = (yes_w > no_w ? yes_w : no_w) + target_px(cv) * 3 / 10;
    if (seg_w < need_w)
        seg_w = need_w;
    /* portrait: the answers in a strip under the question, which keeps the row's width */
    SDL_Rect answers = in;
    if (canvas_portrait(cv)) {
        answers = rect_cut_bottom(&in, target_px(cv));
        rect_cut_right(&in, canvas_px(cv, 0.012));
    }
    SDL_Rect yes_r = rect_cut_right(&answers, seg_w);
    rect_cut_right(&answers, canvas_px(cv, 0.006));
    SDL_Rect no_r = rect_cut_right(&answers, seg_w);
    if (!canvas_portrait(cv)) {
        in = answers;
        rect_cut_right(&in, canvas_px(cv, 0.015));
    }
    rect_cut_left(&in, canvas_px(cv, 0.012));
    const char *q = _(screening_question(i));
    int lines = text_wrap_lines(cv, q, answer_px, FONT_REGULAR, in.w);
    int line_h = text_line_px(cv, answer_px, FONT_REGULAR);
    SDL_Rect text = in;
    if (lines * line_h < text.h)
        text = rect_centre(text, text.w, lines * line_h);
    draw_text_wrap(cv, text, q, answer_px, FONT_REGULAR, COL_TEXT, ALIGN_LEFT);
    draw_button_px(cv, no_r, answered && !yes ? no_on : no_l, answer_px,
                   answered && !yes ? BUTTON_SELECTED : BUTTON_PLAIN, ACTION_SCREENING_NO, i,
                   view_can(v, ACTION_SCREENING_NO, i));
    draw_button_px(cv, yes_r, yes ? yes_on : yes_l, answer_px, yes ? BUTTON_DANGER : BUTTON_PLAIN,
                   ACTION_SCREENING_YES, i, view_can(v, ACTION_SCREENING_YES, i));
}

void screen_screening(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    char who[NAME_MAX_LEN];
    draw_header(cv, &a, _("Before your first lift"), display_name(who, sizeof who, v->name));
    a = rect_inset(a, canvas_px(cv, 0.01));
    int gap = canvas_px(cv, 0.008);
    SDL_Rect bottom = rect_cut_bottom(&a, target_px(cv));
    rect_cut_bottom(&a, gap * 2);
    int px = type_px(cv, TYPE_LABEL);
    const char *intro = _("Asked before your first lift, and again every six months.");
    int line_h = text_line_px(cv, px, FONT_REGULAR);
    int n = text_wrap_lines(cv, intro, px, FONT_REGULAR, a.w);
    draw_text_wrap(cv, rect_cut_top(&a, n * line_h), intro, px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    rect_cut_top(&a, gap);
    const char *yes_means = _("A yes means a trainer talks with you before you lift.");
    bool tall = canvas_portrait(cv);
    int row_need = target_px(cv);
    if (tall) { /* its own lines over the buttons; rows as tall as the longest question */
        int told = text_wrap_lines(cv, yes_means, px, FONT_REGULAR, a.w);
        draw_text_wrap(cv, rect_cut_bottom(&a, told * line_h), yes_means, px, FONT_REGULAR, COL_DIM,
                       ALIGN_LEFT);
        rect_cut_bottom(&a, gap);
        for (int i = 0; i < SCREENING_QUESTIONS; i++) {
            int q_lines = text_wrap_lines(cv, _(screening_question(i)), px, FONT_REGULAR,
                                          a.w - 2 * canvas_px(cv, 0.012));
            int need = q_lines * line_h + canvas_px(cv, 0.012) + target_px(cv);
            row_need = need > row_need ? need : row_need;
        }
    }
    /* as many rows as fit; the page shown is the one with the first unanswered question */
    int per_page = (a.h + gap) / (row_need + gap);
    if (per_page < 1)
        per_page = 1;
    if (per_page > SCREENING_QUESTIONS)
        per_page = SCREENING_QUESTIONS;
    int first = 0;
    while (first < SCREENING_QUESTIONS && v->checkin.screening_answered[first])
        first++;
    if (first == SCREENING_QUESTIONS)
        first = SCREENING_QUESTIONS - 1;
    first = first / per_page * per_page;
    int shown = SCREENING_QUESTIONS - first < per_page ? SCREENING_QUESTIONS - first : per_page;
    for (int i = 0; i < shown; i++) {
        int row_h = (a.h - (per_page - 1) * gap) / per_page;
        SDL_Rect r = {a.x, a.y + i * (row_h + gap), a.w, row_h};
        history_row(cv, r, v, first + i);
    }
    SDL_Rect go = rect_cut_right(&bottom, bottom.w * (tall ? 5 : 3) / 10);
    draw_button(cv, go, _("Continue"), BUTTON_PRIMARY, ACTION_SCREENING_DONE, 0,
                view_can(v, ACTION_SCREENING_DONE, 0));
    rect_cut_right(&bottom, canvas_px(cv, 0.015));
    if (!tall)
        draw_text_wrap(cv, bottom, yes_means, px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
}
