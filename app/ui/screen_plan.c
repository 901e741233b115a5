/* Plan: which exercise, today's allowed load and why, the ramp and working sets. */
#include <stdio.h>

#include "screens.h"

#define PLATE_KINDS       7
#define MAX_PLATES_SIDE   12
#define EXERCISES_PER_ROW 4

/* Standard plates, heaviest first, with their usual colours and relative sizes. */
static const struct {
    int32_t g;
    const char *label;
    SDL_Color colour;
    int height_pct;
    int width_pct;
} plates[PLATE_KINDS] = {
    {25000, "25", {213, 43, 43, 255}, 100, 100},  {20000, "20", {40, 90, 200, 255}, 100, 90},
    {15000, "15", {230, 190, 30, 255}, 88, 80},   {10000, "10", {40, 160, 70, 255}, 76, 70},
    {5000, "5", {235, 235, 235, 255}, 56, 55},    {2500, "2.5", {60, 60, 60, 255}, 44, 45},
    {1250, "1.25", {190, 190, 200, 255}, 36, 40},
};

/* Plates per side for load_g on a bar of bar_g, heaviest first; returns how many. */
static int plates_per_side(int32_t load_g, int32_t bar_g, int *kind, int max)
{
    int32_t side_g = (load_g - bar_g) / 2;
    int n = 0;
    for (int k = 0; k < PLATE_KINDS && n < max; k++)
        while (side_g >= plates[k].g && n < max) {
            kind[n++] = k;
            side_g -= plates[k].g;
        }
    return n;
}

/* The bar as seen from the front with the plates to load on each side. */
static void plate_picture(struct canvas *cv, SDL_Rect box, int32_t load_g, int32_t bar_g)
{
    int kind[MAX_PLATES_SIDE];
    int n = plates_per_side(load_g, bar_g, kind, MAX_PLATES_SIDE);
    SDL_Rect words = rect_cut_bottom(&box, canvas_px(cv, 0.055));
    int cy = box.y + box.h / 2;
    int bar_h = box.h / 12 > 2 ? box.h / 12 : 2;
    draw_fill(cv, (SDL_Rect){box.x, cy - bar_h / 2, box.w, bar_h}, COL_DIM);
    int plate_w = box.w / 16;
    int collar = box.w * 3 / 10;         /* where the sleeves start, from each end */
    for (int side = 0; side < 2; side++) /* collars: plates go on outside them */
        draw_fill(cv,
                  (SDL_Rect){side ? box.x + box.w - collar - bar_h : box.x + collar,
                             cy - bar_h * 3 / 2, bar_h, bar_h * 3},
                  COL_FAINT);
    for (int side = 0; side < 2; side++) {
        int x = side ? box.x + box.w - collar + 1 : box.x + collar - 1;
        for (int i = 0; i < n; i++) {
            int w = plate_w * plates[kind[i]].width_pct / 100;
            int h = box.h * plates[kind[i]].height_pct / 100;
            SDL_Rect r = {side ? x : x - w, cy - h / 2, w, h};
            draw_fill(cv, r, plates[kind[i]].colour);
            draw_frame(cv, r, 1, COL_BLACK);
            x = side ? x + w + 1 : x - w - 1;
        }
    }
    char line[96] = "";
    size_t len = 0;
    if (n == 0)
        snprintf(line, sizeof line, "Empty bar, no plates");
    else
        len = (size_t)snprintf(line, sizeof line, "Each side: ");
    for (int i = 0; i < n && len < sizeof line; i++)
        len += (size_t)snprintf(line + len, sizeof line - len, "%s%s", i ? " + " : "",
                                plates[kind[i]].label);
    if (n > 0 && len < sizeof line)
        snprintf(line + len, sizeof line - len, " kg");
    draw_text(cv, words, line, canvas_px(cv, 0.045), FONT_BOLD, COL_TEXT, ALIGN_CENTER);
}

static void exercise_row(struct canvas *cv, SDL_Rect row, const struct session_view *v)
{
    int n = v->lift.n_exercises;
    int cols = n < EXERCISES_PER_ROW ? n : EXERCISES_PER_ROW;
    int rows = (n + cols - 1) / (cols ? cols : 1);
    for (int i = 0; i < n; i++) {
        SDL_Rect r = rect_row(row, rows, i / cols, canvas_px(cv, 0.01));
        r = rect_column(r, cols, i % cols, canvas_px(cv, 0.015));
        draw_button(cv, r, v->lift.exercises[i].name,
                    i == v->lift.plan->exercise ? BUTTON_SELECTED : BUTTON_PLAIN, ACTION_EXERCISE,
                    i, view_can(v, ACTION_EXERCISE, i));
    }
}

static void set_list(struct canvas *cv, SDL_Rect box, const struct plan *p)
{
    int shown = p->n_sets > 6 ? p->n_sets : 6;
    int row_h = box.h / shown;
    int max_h = canvas_px(cv, 0.085);
    if (row_h > max_h)
        row_h = max_h;
    int ramp_no = 0, work_no = 0;
    for (int i = 0; i < p->n_sets; i++) {
        const struct planned_set *ps = &p->sets[i];
        SDL_Rect r = {box.x, box.y + i * row_h, box.w, row_h - canvas_px(cv, 0.008)};
        bool current = i == p->current;
        if (current) {
            draw_fill(cv, r, COL_PANEL_HI);
            draw_frame(cv, r, canvas_px(cv, 0.006), COL_ACCENT);
        } else {
            draw_fill(cv, r, COL_PANEL);
        }
        SDL_Rect in = rect_inset(r, canvas_px(cv, 0.008));
        in.x += canvas_px(cv, 0.01);
        in.w -= canvas_px(cv, 0.02);
        char what[32], load[24], line[64];
        if (ps->ramp)
            snprintf(what, sizeof what, "Ramp %d", ++ramp_no);
        else
            snprintf(what, sizeof what, "Work %d", ++work_no);
        format_kg(load, sizeof load, ps->load_g);
        snprintf(line, sizeof line, "%s \xC3\x97 %d", load, ps->reps);
        int px = canvas_px(cv, 0.042);
        SDL_Color fg = ps->done ? COL_DIM : COL_TEXT;
        SDL_Rect status = rect_cut_right(&in, in.w / 4);
        SDL_Rect name = rect_cut_left(&in, in.w * 2 / 5);
        draw_text(cv, name, what, px, ps->ramp ? FONT_REGULAR : FONT_BOLD, ps->ramp ? COL_DIM : fg,
                  ALIGN_LEFT);
        draw_text(cv, in, line, px, FONT_BOLD, fg, ALIGN_LEFT);
        if (ps->done)
            draw_text(cv, status, "done \xE2\x9C\x93", px, FONT_REGULAR, COL_GO, ALIGN_RIGHT);
        else if (current)
            draw_text(cv, status, "next", px, FONT_BOLD, COL_ACCENT, ALIGN_RIGHT);
    }
}

static void tempo_line(struct canvas *cv, SDL_Rect box, const int *tempo_ms)
{
    char line[256];
    snprintf(line, sizeof line, "Tempo %g-%g-%g-%g = %g s down, %g s pause, %g s up, %g s at top",
             tempo_ms[0] / 1000.0, tempo_ms[1] / 1000.0, tempo_ms[2] / 1000.0, tempo_ms[3] / 1000.0,
             tempo_ms[0] / 1000.0, tempo_ms[1] / 1000.0, tempo_ms[2] / 1000.0,
             tempo_ms[3] / 1000.0);
    draw_text(cv, box, line, canvas_px(cv, 0.036), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
}

void screen_plan(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    draw_header(cv, &a, "Today's plan", v->name);
    a = rect_inset(a, canvas_px(cv, 0.025));
    const struct plan *p = v->lift.plan;
    int rows = (v->lift.n_exercises + EXERCISES_PER_ROW - 1) / EXERCISES_PER_ROW;
    if (rows > 0) {
        exercise_row(cv, rect_cut_top(&a, canvas_px(cv, rows > 1 ? 0.16 : 0.1)), v);
        rect_cut_top(&a, canvas_px(cv, 0.02));
    }
    SDL_Rect bottom = rect_cut_bottom(&a, canvas_px(cv, 0.12));
    rect_cut_bottom(&a, canvas_px(cv, 0.015));
    draw_button(cv, rect_cut_left(&bottom, bottom.w / 5), "Log out", BUTTON_QUIET, ACTION_LOGOUT, 0,
                view_can(v, ACTION_LOGOUT, 0));
    SDL_Rect go = rect_cut_right(&bottom, bottom.w * 9 / 20);
    rect_cut_left(&bottom, canvas_px(cv, 0.02));

    if (!v->lift.exercise) {
        draw_text(cv, a, "Choose an exercise", canvas_px(cv, 0.08), FONT_BOLD, COL_TEXT,
                  ALIGN_CENTER);
        draw_button(cv, go, "Start set", BUTTON_PRIMARY, ACTION_START_SET, 0,
                    view_can(v, ACTION_START_SET, 0));
        return;
    }
    const struct exercise *ex = v->lift.exercise;
    int32_t next_g = v->lift.next_g;

    SDL_Rect tempo = rect_cut_bottom(&a, canvas_px(cv, 0.05));
    tempo_line(cv, tempo, v->lift.tempo_ms);
    SDL_Rect right = rect_cut_right(&a, a.w * 9 / 20);
    rect_cut_right(&a, canvas_px(cv, 0.03));
    set_list(cv, right, p);

    char kg[24];
    format_kg(kg, sizeof kg, p->cap.cap_g);
    draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.05)), "Today's allowed load",
              canvas_px(cv, 0.042), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    draw_text(cv, rect_cut_top(&a, canvas_px(cv, ex->on_plate ? 0.17 : 0.11)), kg,
              canvas_px(cv, ex->on_plate ? 0.16 : 0.1), FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    /* the core's sentence for the cap: the same words as rackside-ctl allowed */
    draw_text_wrap(cv, rect_cut_top(&a, canvas_px(cv, 0.1)), p->cap_why, canvas_px(cv, 0.036),
                   FONT_REGULAR, COL_TEXT, ALIGN_LEFT);
    if (p->cap.best_g > 0 && ex->on_plate) {
        /* the change against the best, after rounding to the plates, is what the lifter adds */
        char best[24], diff[24], line[80];
        int32_t diff_g = p->cap.cap_g - p->cap.best_g;
        format_kg(best, sizeof best, p->cap.best_g);
        format_kg(diff, sizeof diff, diff_g < 0 ? -diff_g : diff_g);
        if (diff_g == 0)
            snprintf(line, sizeof line, "Best clean set %s \xC2\xB7 today the same", best);
        else
            snprintf(line, sizeof line, "Best clean set %s \xC2\xB7 today %s%s", best,
                     diff_g > 0 ? "+" : "\xE2\x88\x92", diff);
        draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.05)), line, canvas_px(cv, 0.038),
                  FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    }

    char label[64], load[24];
    format_kg(load, sizeof load, next_g);
    bool all_done = v->lift.all_done;
    if (!ex->on_plate) {
        /* bench and other lifts off the plate: the lifter loads the bar and confirms */
        rect_cut_top(&a, canvas_px(cv, 0.01));
        plate_picture(cv, a, next_g, v->lift.empty_bar_g);
        snprintf(label, sizeof label, "Confirm %s", load);
        draw_button(cv, go, label, BUTTON_PRIMARY, ACTION_DECLARE_LOAD, next_g,
                    view_can(v, ACTION_DECLARE_LOAD, next_g));
    } else {
        snprintf(label, sizeof label, "%s: %s", all_done ? "Extra set" : "Start set", load);
        draw_button(cv, go, label, BUTTON_PRIMARY, ACTION_START_SET, 0,
                    view_can(v, ACTION_START_SET, 0));
    }
    if (all_done)
        draw_text(cv, bottom, "All sets done \xE2\x9C\x93", canvas_px(cv, 0.045), FONT_BOLD, COL_GO,
                  ALIGN_CENTER);
    else if (v->plate_fault && ex->on_plate)
        draw_text_wrap(cv, bottom, "Plate not answering: a trainer must check it",
                       canvas_px(cv, 0.035), FONT_BOLD, COL_CAUTION, ALIGN_CENTER);
}
