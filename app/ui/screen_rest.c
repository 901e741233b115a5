/* Rest: time to the next set, how the last one went and whether it is saved. */
#include <stdio.h>

#include "screens.h"

#define US_PER_S 1000000

static void save_status(struct canvas *cv, SDL_Rect box, const struct live_set *set)
{
    int px = canvas_px(cv, 0.05);
    SDL_Rect line = {box.x, box.y, box.w, canvas_px(cv, 0.065)};
    if (set->save_failed)
        draw_text_wrap(cv, box,
                       "\xE2\x9C\x97 Not saved yet: the record could not be written and "
                       "the kiosk keeps trying. Tell a trainer.",
                       canvas_px(cv, 0.042), FONT_BOLD, COL_STOP, ALIGN_LEFT);
    else if (set->saved)
        draw_text(cv, line, "Saved \xE2\x9C\x93", px, FONT_BOLD, COL_GO, ALIGN_LEFT);
    else
        draw_text(cv, line, "Saving\xE2\x80\xA6", px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
}

void screen_rest(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    const struct live_set *set = v->lift.set;
    const struct plan *p = v->lift.plan;
    SDL_Rect a = cv->area;
    draw_header(cv, &a, "Rest", v->name);
    a = rect_inset(a, canvas_px(cv, 0.025));

    SDL_Rect bottom = rect_cut_bottom(&a, canvas_px(cv, 0.12));
    rect_cut_bottom(&a, canvas_px(cv, 0.015));
    draw_button(cv, rect_cut_left(&bottom, bottom.w / 5), "Log out", BUTTON_QUIET, ACTION_LOGOUT, 0,
                view_can(v, ACTION_LOGOUT, 0));
    draw_button(cv, rect_cut_right(&bottom, bottom.w * 9 / 20), "Next set", BUTTON_PRIMARY,
                ACTION_REST_DONE, 0, view_can(v, ACTION_REST_DONE, 0));

    SDL_Rect left = rect_cut_left(&a, a.w / 2);
    rect_cut_left(&a, canvas_px(cv, 0.03));
    int64_t left_us = v->lift.rest_left_us;
    int secs = left_us > 0 ? (int)((left_us + US_PER_S - 1) / US_PER_S) : 0;
    char clock[16];
    format_clock(clock, sizeof clock, secs);
    draw_text(cv, rect_cut_top(&left, canvas_px(cv, 0.05)), "Next set in", canvas_px(cv, 0.042),
              FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    draw_text(cv, rect_cut_top(&left, canvas_px(cv, 0.23)), clock, canvas_px(cv, 0.22), FONT_BOLD,
              secs == 0 ? COL_GO : COL_TEXT, ALIGN_LEFT);
    double total = (double)v->lift.rest_us;
    draw_progress(cv, rect_cut_top(&left, canvas_px(cv, 0.035)),
                  total > 0 ? 1.0 - (double)left_us / total : 1, COL_ACCENT);
    rect_cut_top(&left, canvas_px(cv, 0.03));
    if (p->current < p->n_sets) {
        char kg[24], next[64];
        format_kg(kg, sizeof kg, p->sets[p->current].load_g);
        snprintf(next, sizeof next, "Next: %s \xC3\x97 %d", kg, p->sets[p->current].reps);
        draw_text(cv, rect_cut_top(&left, canvas_px(cv, 0.07)), next, canvas_px(cv, 0.06),
                  FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    } else if (p->n_sets > 0) {
        draw_text(cv, rect_cut_top(&left, canvas_px(cv, 0.07)), "All sets done \xE2\x9C\x93",
                  canvas_px(cv, 0.06), FONT_BOLD, COL_GO, ALIGN_LEFT);
    }
    rect_cut_top(&left, canvas_px(cv, 0.02));
    save_status(cv, rect_cut_top(&left, canvas_px(cv, 0.12)), set);

    /* right: the last set */
    char kg[24], line[64];
    (set->declared ? format_kg : format_measured_kg)(kg, sizeof kg, set->load_g);
    snprintf(line, sizeof line, "Last set: %d %s at %s", set->n_reps,
             set->n_reps == 1 ? "rep" : "reps", kg);
    draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.065)), line, canvas_px(cv, 0.055), FONT_BOLD,
              COL_TEXT, ALIGN_LEFT);
    if (set->stopped)
        draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.05)), "Stopped: not credited",
                  canvas_px(cv, 0.042), FONT_BOLD, COL_STOP, ALIGN_LEFT);
    else if (!set->clean && set->n_reps > 0)
        draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.05)),
                  "Counted, but not clean: no step up from it", canvas_px(cv, 0.038), FONT_REGULAR,
                  COL_CAUTION, ALIGN_LEFT);
    rect_cut_top(&a, canvas_px(cv, 0.015));
    int flag_px = canvas_px(cv, 0.038);
    int lines = set->n_flags < 3 ? set->n_flags : 3;
    SDL_Rect flags = rect_cut_bottom(&a, lines * flag_px * 3 / 2);
    if (lines > 0)
        draw_set_flags(cv, flags, set->flags, set->n_flags, flag_px);
    else
        draw_text(cv, rect_cut_bottom(&a, flag_px * 3 / 2), "No flags \xE2\x9C\x93", flag_px,
                  FONT_BOLD, COL_GO, ALIGN_LEFT);
    rect_cut_bottom(&a, canvas_px(cv, 0.01));
    draw_velocity_bars(cv, a, set->reps, set->n_reps);
}
