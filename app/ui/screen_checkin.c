/* Check-in: pain today, the red-flag questions and body weight, before any lifting. */
#include <stdio.h>

#include "screens.h"

#define PAIN_LEVELS 11

/* 0 green through amber at 5 to red at 10. */
static SDL_Color pain_colour(int level)
{
    if (level <= 5)
        return colour_mix(COL_GO, COL_CAUTION, level / 5.0);
    return colour_mix(COL_CAUTION, COL_STOP, (level - 5) / 5.0);
}

static void pain_row(struct canvas *cv, SDL_Rect row, const struct session_view *v)
{
    int chosen = v->checkin.pain;
    int gap = canvas_px(cv, 0.012);
    for (int i = 0; i < PAIN_LEVELS; i++) {
        SDL_Rect b = rect_column(row, PAIN_LEVELS, i, gap);
        SDL_Color c = pain_colour(i);
        char num[12];
        snprintf(num, sizeof num, "%d", i);
        if (i == chosen) {
            draw_fill(cv, b, c);
            draw_frame(cv, b, canvas_px(cv, 0.009), COL_WHITE);
            draw_text(cv, rect_inset(b, canvas_px(cv, 0.012)), num, canvas_px(cv, 0.075), FONT_BOLD,
                      colour_on(c), ALIGN_CENTER);
        } else {
            /* the colour scale stays visible but the chosen one stands out */
            double fade = chosen >= 0 ? 0.75 : 0.5;
            draw_fill(cv, b, colour_mix(c, COL_BG, fade));
            draw_frame(cv, b, canvas_px(cv, 0.004), colour_mix(c, COL_BG, fade / 2));
            draw_text(cv, rect_inset(b, canvas_px(cv, 0.012)), num, canvas_px(cv, 0.06), FONT_BOLD,
                      chosen >= 0 ? COL_DIM : COL_TEXT, ALIGN_CENTER);
        }
        canvas_add_target(cv, b, ACTION_PAIN, i, view_can(v, ACTION_PAIN, i));
    }
}

static void red_flag_row(struct canvas *cv, SDL_Rect row, const struct session_view *v, int i)
{
    bool yes = v->checkin.red_flags[i];
    bool answered = v->checkin.red_answered[i];
    bool urgent = session_red_flag_urgent(i);
    draw_panel(cv, row, COL_PANEL, urgent ? COL_STOP : COL_FAINT);
    SDL_Rect in = row;
    int seg_w = cv->w / 8;
    SDL_Rect yes_r = rect_cut_right(&in, seg_w);
    SDL_Rect no_r = rect_cut_right(&in, seg_w);
    rect_cut_right(&in, canvas_px(cv, 0.02));
    rect_cut_left(&in, canvas_px(cv, 0.015));
    if (urgent) {
        SDL_Rect tag = rect_cut_left(
            &in, text_width(cv, "URGENT", canvas_px(cv, 0.032), FONT_BOLD) + canvas_px(cv, 0.025));
        tag = rect_centre(tag, tag.w, canvas_px(cv, 0.05));
        draw_fill(cv, tag, COL_STOP);
        draw_text(cv, tag, "URGENT", canvas_px(cv, 0.032), FONT_BOLD, COL_WHITE, ALIGN_CENTER);
        rect_cut_left(&in, canvas_px(cv, 0.015));
    }
    int px = canvas_px(cv, 0.04);
    SDL_Rect text = in;
    /* centre one or two lines vertically */
    int one_line = text_width(cv, session_red_flag_question(i), px, FONT_REGULAR);
    int lines = one_line <= text.w ? 1 : 2;
    int line_h = px * 6 / 5;
    if (lines * line_h < text.h)
        text = rect_centre(text, text.w, lines * line_h);
    draw_text_wrap(cv, text, session_red_flag_question(i), px, urgent ? FONT_BOLD : FONT_REGULAR,
                   COL_TEXT, ALIGN_LEFT);
    /* nothing is chosen until the lifter answers: a pre-selected "No" would be an answer
     * nobody gave */
    draw_button(cv, no_r, "No", answered && !yes ? BUTTON_SELECTED : BUTTON_PLAIN,
                ACTION_RED_FLAG_NO, i, view_can(v, ACTION_RED_FLAG_NO, i));
    draw_button(cv, yes_r, "Yes", yes ? BUTTON_DANGER : BUTTON_PLAIN, ACTION_RED_FLAG_YES, i,
                view_can(v, ACTION_RED_FLAG_YES, i));
}

static void weight_line(struct canvas *cv, SDL_Rect box, const struct session_view *v)
{
    char line[64];
    SDL_Rect top = rect_cut_top(&box, box.h * 3 / 5);
    if (v->checkin.body_known) {
        snprintf(line, sizeof line, "Body weight %.1f kg \xE2\x9C\x93", v->checkin.body_g / 1000.0);
        draw_text(cv, top, line, canvas_px(cv, 0.055), FONT_BOLD, COL_GO, ALIGN_LEFT);
    } else if (v->plate_fault) {
        draw_text_wrap(cv, top,
                       v->plate_fault_msg[0] ? v->plate_fault_msg
                                             : "Plate not answering: weigh-in skipped",
                       canvas_px(cv, 0.035), FONT_BOLD, COL_CAUTION, ALIGN_LEFT);
    } else {
        draw_text(cv, top, "Stand on the plate to weigh in", canvas_px(cv, 0.055), FONT_BOLD,
                  COL_CAUTION, ALIGN_LEFT);
    }
    if (v->checkin.pain < 0)
        draw_text(cv, box, "Choose a pain number to continue", canvas_px(cv, 0.035), FONT_REGULAR,
                  COL_DIM, ALIGN_LEFT);
}

void screen_checkin(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    draw_header(cv, &a, "Check-in", v->name);
    a = rect_inset(a, canvas_px(cv, 0.025));

    SDL_Rect title = rect_cut_top(&a, canvas_px(cv, 0.06));
    SDL_Rect hint = rect_cut_right(&title, title.w * 3 / 10);
    draw_text(cv, title, "Pain in your back today?", canvas_px(cv, 0.058), FONT_BOLD, COL_TEXT,
              ALIGN_LEFT);
    draw_text(cv, hint, "0 none \xC2\xB7 10 worst", canvas_px(cv, 0.04), FONT_REGULAR, COL_DIM,
              ALIGN_RIGHT);
    rect_cut_top(&a, canvas_px(cv, 0.008));
    pain_row(cv, rect_cut_top(&a, canvas_px(cv, 0.11)), v);
    rect_cut_top(&a, canvas_px(cv, 0.015));

    SDL_Rect bottom = rect_cut_bottom(&a, canvas_px(cv, 0.105));
    rect_cut_bottom(&a, canvas_px(cv, 0.012));
    draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.05)), "Any of these today?",
              canvas_px(cv, 0.045), FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    for (int i = 0; i < RED_FLAG_QUESTIONS; i++)
        red_flag_row(cv, rect_row(a, RED_FLAG_QUESTIONS, i, canvas_px(cv, 0.008)), v, i);

    SDL_Rect go = rect_cut_right(&bottom, bottom.w * 3 / 10);
    draw_button(cv, go, "Continue", BUTTON_PRIMARY, ACTION_CHECKIN_DONE, 0,
                view_can(v, ACTION_CHECKIN_DONE, 0));
    rect_cut_right(&bottom, canvas_px(cv, 0.03));
    weight_line(cv, bottom, v);
}
