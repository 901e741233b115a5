/*
 * Lifter loads for a trainer: pick a lifter and an exercise, then set the start load
 * (used when the lifter has no clean set in 8 weeks) or lift today's cap, with a reason.
 */
#include <stdio.h>

#include "screens.h"

#define EXERCISES_PER_ROW 4
#define LOAD_STEPS        4

static const struct {
    int delta_g;
    const char *label;
} steps[LOAD_STEPS] = {
    {-10000, "\xE2\x88\x92"
             "10"},
    {-2500, "\xE2\x88\x92"
            "2.5"},
    {2500, "+2.5"},
    {10000, "+10"},
};

static void lifter_row(struct canvas *cv, const struct session_view *v, SDL_Rect r,
                       const char *name, bool chosen, int index)
{
    SDL_Color fill = chosen ? COL_ACCENT : COL_PANEL;
    draw_fill(cv, r, fill);
    if (chosen)
        draw_frame(cv, r, canvas_px(cv, 0.006), COL_WHITE);
    SDL_Rect in = rect_inset(r, canvas_px(cv, 0.01));
    in.x += canvas_px(cv, 0.012);
    in.w -= canvas_px(cv, 0.024);
    int px = canvas_px(cv, 0.042);
    if (chosen) {
        SDL_Rect tick = rect_cut_right(&in, in.h);
        draw_tick(cv, rect_inset(tick, in.h / 6), canvas_px(cv, 0.008), colour_on(fill));
        rect_cut_right(&in, canvas_px(cv, 0.01));
    }
    draw_text(cv, in, name, px, chosen ? FONT_BOLD : FONT_REGULAR,
              chosen ? colour_on(fill) : COL_TEXT, ALIGN_LEFT);
    canvas_add_target(cv, r, ACTION_LOAD_LIFTER, index, view_can(v, ACTION_LOAD_LIFTER, index));
}

/* The lifters, a page at a time; the paging buttons sit under the list. */
static void lifter_list(struct canvas *cv, SDL_Rect a, const struct session_view *v)
{
    int label_px = canvas_px(cv, 0.036);
    draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.05)), "Lifter", label_px, FONT_REGULAR, COL_DIM,
              ALIGN_LEFT);
    if (v->trainer.lifters_loading) {
        draw_text(cv, a, "Loading\xE2\x80\xA6", canvas_px(cv, 0.06), FONT_REGULAR, COL_DIM,
                  ALIGN_CENTER);
        return;
    }
    if (v->trainer.n_lifters <= 0) {
        draw_text_wrap(cv, rect_inset(a, canvas_px(cv, 0.02)), "No lifters enrolled",
                       canvas_px(cv, 0.05), FONT_BOLD, COL_DIM, ALIGN_CENTER);
        return;
    }
    int row_h = canvas_px(cv, 0.09);
    int gap = canvas_px(cv, 0.01);
    int fit = (a.h + gap) / (row_h + gap);
    if (fit < 1)
        fit = 1;
    if (v->trainer.n_lifters > fit) {
        /* more than fit: keep a row for the paging buttons */
        SDL_Rect pager = rect_cut_bottom(&a, canvas_px(cv, 0.1));
        rect_cut_bottom(&a, gap);
        fit = (a.h + gap) / (row_h + gap);
        if (fit < 1)
            fit = 1;
        int first = v->trainer.lifters_first;
        int last = first + fit < v->trainer.n_lifters ? first + fit : v->trainer.n_lifters;
        int prev_first = first - fit > 0 ? first - fit : 0;
        int bgap = canvas_px(cv, 0.015);
        int px = canvas_px(cv, 0.042);
        draw_button_px(cv, rect_column(pager, 2, 0, bgap), "\xE2\x97\x80 Earlier", px, BUTTON_QUIET,
                       ACTION_LIFTERS_PAGE, prev_first,
                       view_can(v, ACTION_LIFTERS_PAGE, prev_first));
        draw_button_px(cv, rect_column(pager, 2, 1, bgap), "Later \xE2\x96\xB6", px, BUTTON_QUIET,
                       ACTION_LIFTERS_PAGE, last, view_can(v, ACTION_LIFTERS_PAGE, last));
        for (int i = first; i < last; i++)
            lifter_row(cv, v, (SDL_Rect){a.x, a.y + (i - first) * (row_h + gap), a.w, row_h},
                       v->trainer.lifters[i].name, i == v->trainer.load_lifter, i);
        return;
    }
    for (int i = 0; i < v->trainer.n_lifters; i++)
        lifter_row(cv, v, (SDL_Rect){a.x, a.y + i * (row_h + gap), a.w, row_h},
                   v->trainer.lifters[i].name, i == v->trainer.load_lifter, i);
}

static void exercise_buttons(struct canvas *cv, SDL_Rect box, const struct session_view *v,
                             int rows)
{
    int n = v->lift.n_exercises;
    int cols = n < EXERCISES_PER_ROW ? n : EXERCISES_PER_ROW;
    int px = canvas_px(cv, 0.042);
    for (int i = 0; i < n; i++) {
        SDL_Rect r = rect_row(box, rows, i / cols, canvas_px(cv, 0.01));
        r = rect_column(r, cols, i % cols, canvas_px(cv, 0.012));
        draw_button_px(cv, r, v->lift.exercises[i].name, px,
                       i == v->trainer.load_exercise ? BUTTON_SELECTED : BUTTON_PLAIN,
                       ACTION_LOAD_EXERCISE, i, view_can(v, ACTION_LOAD_EXERCISE, i));
    }
}

/* The load, big, between the steppers: take off on the left, add on the right. */
static void load_row(struct canvas *cv, SDL_Rect box, const struct session_view *v)
{
    int gap = canvas_px(cv, 0.012);
    int bw = box.w / 7;
    int px = canvas_px(cv, 0.045);
    SDL_Rect r = box;
    for (int i = 0; i < LOAD_STEPS / 2; i++) {
        draw_button_px(cv, rect_cut_left(&r, bw), steps[i].label, px, BUTTON_PLAIN,
                       ACTION_LOAD_STEP, steps[i].delta_g,
                       view_can(v, ACTION_LOAD_STEP, steps[i].delta_g));
        rect_cut_left(&r, gap);
    }
    for (int i = LOAD_STEPS - 1; i >= LOAD_STEPS / 2; i--) {
        draw_button_px(cv, rect_cut_right(&r, bw), steps[i].label, px, BUTTON_PLAIN,
                       ACTION_LOAD_STEP, steps[i].delta_g,
                       view_can(v, ACTION_LOAD_STEP, steps[i].delta_g));
        rect_cut_right(&r, gap);
    }
    char kg[24];
    format_kg(kg, sizeof kg, v->trainer.load_g);
    draw_text(cv, r, kg, canvas_px(cv, 0.11), FONT_BOLD, COL_TEXT, ALIGN_CENTER);
}

static void reason_buttons(struct canvas *cv, SDL_Rect box, const struct session_view *v)
{
    int gap = canvas_px(cv, 0.012);
    int px = canvas_px(cv, 0.036);
    for (int i = 0; i < SESSION_LOAD_REASONS; i++) {
        SDL_Rect r = rect_row(box, 2, i / 2, gap);
        r = rect_column(r, 2, i % 2, gap);
        draw_button_px(cv, r, session_load_reason(i), px,
                       i == v->trainer.load_reason ? BUTTON_SELECTED : BUTTON_PLAIN,
                       ACTION_LOAD_REASON, i, view_can(v, ACTION_LOAD_REASON, i));
    }
}

/* What the last save did, or why Save waits. */
static void message_line(struct canvas *cv, SDL_Rect box, const struct session_view *v)
{
    int px = canvas_px(cv, 0.04);
    const char *msg = NULL;
    SDL_Color c = COL_DIM;
    if (v->trainer.load_saving) {
        msg = "Saving\xE2\x80\xA6";
    } else if (v->trainer.load_msg[0]) {
        msg = v->trainer.load_msg;
        c = v->trainer.load_failed ? COL_STOP : COL_GO;
    } else if (v->trainer.load_hint == VIEW_LOAD_CHOOSE_LIFTER) {
        msg = "Choose a lifter";
    } else if (v->trainer.load_hint == VIEW_LOAD_CHOOSE_REASON) {
        msg = "Choose a reason to lift the cap";
    }
    if (!msg)
        return;
    /* one line centred beside the buttons; a long message wraps instead of being cut */
    if (text_width(cv, msg, px, FONT_BOLD) <= box.w)
        draw_text(cv, box, msg, px, FONT_BOLD, c, ALIGN_CENTER);
    else
        draw_text_wrap(cv, box, msg, px, FONT_BOLD, c, ALIGN_CENTER);
}

void screen_loads(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    draw_header(cv, &a, "Lifter loads", v->name);
    a = rect_inset(a, canvas_px(cv, 0.025));
    SDL_Rect bottom = rect_cut_bottom(&a, canvas_px(cv, 0.12));
    rect_cut_bottom(&a, canvas_px(cv, 0.015));
    draw_button(cv, rect_cut_left(&bottom, bottom.w / 5), "Back", BUTTON_QUIET, ACTION_BACK, 0,
                view_can(v, ACTION_BACK, 0));
    SDL_Rect save = rect_cut_right(&bottom, bottom.w * 3 / 10);
    draw_button(cv, save, "Save", BUTTON_PRIMARY, ACTION_LOAD_SAVE, 0,
                view_can(v, ACTION_LOAD_SAVE, 0));
    int pad = canvas_px(cv, 0.02);
    bottom.x += pad;
    bottom.w -= 2 * pad;
    message_line(cv, bottom, v);

    SDL_Rect left = rect_cut_left(&a, a.w * 2 / 5);
    rect_cut_left(&a, canvas_px(cv, 0.035));
    lifter_list(cv, left, v);

    int label_h = canvas_px(cv, 0.05);
    int label_px = canvas_px(cv, 0.036);
    int sgap = canvas_px(cv, 0.015);
    int rows = (v->lift.n_exercises + EXERCISES_PER_ROW - 1) / EXERCISES_PER_ROW;
    if (rows > 0) {
        draw_text(cv, rect_cut_top(&a, label_h), "Exercise", label_px, FONT_REGULAR, COL_DIM,
                  ALIGN_LEFT);
        exercise_buttons(cv, rect_cut_top(&a, canvas_px(cv, rows > 1 ? 0.17 : 0.09)), v, rows);
        rect_cut_top(&a, sgap);
    }
    SDL_Rect kind = rect_cut_top(&a, canvas_px(cv, 0.09));
    int kgap = canvas_px(cv, 0.012);
    int kind_px = canvas_px(cv, 0.045);
    draw_button_px(cv, rect_column(kind, 2, 0, kgap), "Start load", kind_px,
                   v->trainer.load_override ? BUTTON_PLAIN : BUTTON_SELECTED, ACTION_LOAD_KIND, 0,
                   view_can(v, ACTION_LOAD_KIND, 0));
    draw_button_px(cv, rect_column(kind, 2, 1, kgap), "Today's cap", kind_px,
                   v->trainer.load_override ? BUTTON_SELECTED : BUTTON_PLAIN, ACTION_LOAD_KIND, 1,
                   view_can(v, ACTION_LOAD_KIND, 1));
    rect_cut_top(&a, sgap);
    load_row(cv, rect_cut_top(&a, canvas_px(cv, 0.12)), v);
    rect_cut_top(&a, sgap);

    if (v->trainer.load_override) {
        draw_text(cv, rect_cut_top(&a, label_h), "Reason (needed to lift a cap)", label_px,
                  FONT_REGULAR, COL_DIM, ALIGN_LEFT);
        reason_buttons(cv, a, v);
    } else {
        draw_text_wrap(cv, a,
                       "The start load is used when this lifter has no clean set in the last "
                       "8 weeks.",
                       canvas_px(cv, 0.038), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    }
}
