/* Warm-up: the step, its cue and timer, a moving stick figure, and the steps to come. */
#include <math.h>
#include <stdio.h>

#include "catalogue_text.h"
#include "screens.h"

/* The step's figure (its keyframes from figures.conf) where its loop is at t_us. */
static void draw_warmup_figure(struct canvas *cv, SDL_Rect box, const struct catalogue_figure *f,
                               int64_t t_us)
{
    if (f->n_frames <= 0)
        return; /* a step with no figure: the panel stays empty */
    float x[CATALOGUE_JOINTS], y[CATALOGUE_JOINTS];
    catalogue_figure_pose(f, t_us / 1000, x, y);
    int side = box.w < box.h ? box.w : box.h;
    int ox = box.x + (box.w - side) / 2, oy = box.y + (box.h - side) / 2;
    int thick = side / 26 > 3 ? side / 26 : 3;
#define X(j)         (ox + (int)lroundf(x[j] * side))
#define Y(j)         (oy + (int)lroundf(y[j] * side))
#define SEG(a, b, c) draw_line(cv, X(a), Y(a), X(b), Y(b), thick, c)
    int floor_y = oy + (int)(CATALOGUE_FLOOR_Y * side) + thick;
    draw_line(cv, ox, floor_y, ox + side, floor_y, canvas_px(cv, 0.004), COL_FAINT);
    SDL_Color far = COL_DIM, near = COL_TEXT;
    if (f->rack) {
        int rx = ox + (int)lroundf(0.78f * side);
        draw_line(cv, rx, oy + (int)lroundf(0.04f * side), rx,
                  oy + (int)lroundf(CATALOGUE_FLOOR_Y * side), thick, COL_FAINT);
    }
    /* far limbs first, behind the body */
    SEG(JOINT_HIP, JOINT_KNEE_FAR, far);
    SEG(JOINT_KNEE_FAR, JOINT_FOOT_FAR, far);
    SEG(JOINT_NECK, JOINT_ELBOW_FAR, far);
    SEG(JOINT_ELBOW_FAR, JOINT_HAND_FAR, far);
    SEG(JOINT_HIP, JOINT_SPINE, near);
    SEG(JOINT_SPINE, JOINT_NECK, near);
    SEG(JOINT_NECK, JOINT_HEAD, near);
    draw_disc(cv, X(JOINT_HEAD), Y(JOINT_HEAD), side / 14, near);
    SEG(JOINT_HIP, JOINT_KNEE_NEAR, near);
    SEG(JOINT_KNEE_NEAR, JOINT_FOOT_NEAR, near);
    SEG(JOINT_NECK, JOINT_ELBOW_NEAR, near);
    SEG(JOINT_ELBOW_NEAR, JOINT_HAND_NEAR, near);
#undef SEG
#undef X
#undef Y
}

/* The steps as chips: done ones ticked, the current one outlined; a chip too narrow for
 * its name shows the step's number. */
static void step_chips(struct canvas *cv, SDL_Rect row, const struct warmup_step *steps, int n,
                       int current)
{
    int gap = canvas_px(cv, 0.012);
    int px = type_px(cv, TYPE_LABEL);
    for (int i = 0; i < n; i++) {
        SDL_Rect c = rect_column(row, n, i, gap);
        SDL_Rect in = rect_inset(c, canvas_px(cv, 0.006));
        char label[64];
        SDL_Color fg = COL_DIM;
        enum font_weight wt = i == current ? FONT_BOLD : FONT_REGULAR;
        const char *tick = i < current ? "\xE2\x9C\x93 " : "";
        snprintf(label, sizeof label, "%s%s", tick,
                 ui_catalogue_text(steps[i].name, steps[i].names, steps[i].n_names));
        if (text_width(cv, label, px, wt) > in.w)
            snprintf(label, sizeof label, "%s%d", tick, i + 1);
        if (i < current) {
            draw_panel(cv, c, COL_PANEL, COL_GO);
            fg = COL_GO;
        } else if (i == current) {
            draw_fill(cv, c, COL_PANEL_HI);
            draw_frame(cv, c, canvas_px(cv, 0.007), COL_ACCENT);
            fg = COL_TEXT;
        } else {
            draw_panel(cv, c, COL_BG, COL_FAINT);
        }
        draw_text(cv, in, label, px, wt, fg, ALIGN_CENTER);
    }
}

void screen_warmup(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    const struct view_warmup *w = &v->warmup;
    const struct warmup_step *steps = w->steps;
    int n = w->n_steps;
    int cur = w->step;
    char title[64];
    char at[16], of[16];
    i18n_int(at, sizeof at, cur + 1);
    i18n_int(of, sizeof of, n);
    const char *args[] = {at, of};
    i18n_phrase(title, sizeof title, N_("Warm-up \xC2\xB7 step %s of %s"), args, 2);
    SDL_Rect a = cv->area;
    char who[NAME_MAX_LEN];
    draw_header(cv, &a, title, display_name(who, sizeof who, v->name));
    a = rect_inset(a, canvas_px(cv, 0.02));
    if (n <= 0)
        return;
    int gap = canvas_px(cv, 0.015);

    step_chips(cv, rect_cut_top(&a, type_px(cv, TYPE_LABEL) * 3 / 2), steps, n, cur);
    rect_cut_top(&a, gap);
    SDL_Rect bottom = rect_cut_bottom(&a, target_px(cv));
    rect_cut_bottom(&a, gap);

    /* portrait: the total's line over the buttons, the figure over the step */
    bool tall = canvas_portrait(cv);
    SDL_Rect total_row = {0};
    SDL_Rect skip_row = {0};
    if (tall) {
        skip_row = rect_cut_bottom(&a, target_px(cv));
        rect_cut_bottom(&a, gap);
        total_row = rect_cut_bottom(&a, type_px(cv, TYPE_LABEL) * 3 / 2 + mm_px(cv, 3));
        rect_cut_bottom(&a, gap);
    }
    int fig_h = a.h * 2 / 5;
    if (tall) { /* the figure gives way to the step's words, down to a fifth */
        int label_px = type_px(cv, TYPE_LABEL);
        int words_h = type_px(cv, TYPE_TITLE) * 6 / 5 +
                      text_wrap_lines(
                          cv, ui_catalogue_text(steps[cur].cue, steps[cur].cues, steps[cur].n_cues),
                          label_px, FONT_REGULAR, a.w) *
                          text_line_px(cv, label_px, FONT_REGULAR) +
                      key_line_px(cv, type_px(cv, TYPE_KEY)) + mm_px(cv, 3) + 3 * gap;
        int room = a.h - words_h;
        fig_h = room < a.h / 5 ? a.h / 5 : room < fig_h ? room : fig_h;
    }
    SDL_Rect fig = tall ? rect_cut_top(&a, fig_h) : rect_cut_right(&a, a.w * 2 / 5);
    draw_panel(cv, fig, COL_PANEL, COL_FAINT);
    draw_warmup_figure(cv, rect_inset(fig, canvas_px(cv, 0.02)), &steps[cur].fig, v->now_us);
    if (tall)
        rect_cut_top(&a, gap * 2);
    else
        rect_cut_right(&a, gap * 2);

    int64_t step_us = w->step_us;
    int64_t into_us = w->into_us;
    int left_s = w->left_s;
    bool step_done = w->step_done;
    char clock[16];
    format_clock(clock, sizeof clock, left_s);

    /* the step's time left is the key number, at the bottom of the column by the figure */
    SDL_Rect bar = rect_cut_bottom(&a, mm_px(cv, 3));
    rect_cut_bottom(&a, gap / 2);
    int key_px = type_px(cv, TYPE_KEY);
    SDL_Rect num = rect_cut_bottom(&a, key_line_px(cv, key_px));
    rect_cut_bottom(&a, gap / 2);
    SDL_Rect drawn = draw_key_text(cv, num, clock, step_done ? COL_GO : COL_TEXT, ALIGN_LEFT);
    SDL_Rect note = {drawn.x + drawn.w + gap, drawn.y, num.x + num.w - drawn.x - drawn.w - gap,
                     drawn.h};
    int label_h = text_line_px(cv, type_px(cv, TYPE_LABEL), FONT_BOLD);
    draw_text(cv, (SDL_Rect){note.x, note.y + note.h - label_h, note.w, label_h},
              step_done ? _("done \xE2\x9C\x93") : _("left"), type_px(cv, TYPE_LABEL), FONT_BOLD,
              step_done ? COL_GO : COL_DIM, ALIGN_LEFT);
    draw_progress(cv, bar, step_us > 0 ? (double)into_us / (double)step_us : 1, COL_ACCENT);

    /* above it the step's name and how to do it */
    int title_h = type_px(cv, TYPE_TITLE) * 6 / 5;
    draw_text(cv, rect_cut_top(&a, title_h),
              ui_catalogue_text(steps[cur].name, steps[cur].names, steps[cur].n_names),
              type_px(cv, TYPE_TITLE), FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    draw_text_wrap(cv, a, ui_catalogue_text(steps[cur].cue, steps[cur].cues, steps[cur].n_cues),
                   type_px(cv, TYPE_LABEL), FONT_REGULAR, COL_TEXT, ALIGN_LEFT);

    /* bottom: skip (raises a flag), total time against the minimum, next */
    int total_s = w->total_s;
    int min_s = w->min_s;
    /* portrait: Skip takes a row of its own over Next */
    SDL_Rect skip = tall ? skip_row : rect_cut_left(&bottom, bottom.w * 2 / 5);
    /* Next is a quarter of the row, or what its word needs in a longer language */
    int next_w = text_width(cv, _("Next"), type_px(cv, TYPE_BODY), FONT_BOLD) + target_px(cv) / 3;
    next_w = next_w < bottom.w / 4 ? bottom.w / 4 : next_w > bottom.w / 3 ? bottom.w / 3 : next_w;
    if (tall)
        next_w = bottom.w;
    SDL_Rect next = rect_cut_right(&bottom, next_w);
    draw_button(cv, skip, _("Skip warm-up (raises a flag)"), BUTTON_QUIET, ACTION_WARMUP_SKIP, 0,
                view_can(v, ACTION_WARMUP_SKIP, 0));
    draw_button(cv, next, _("Next"), BUTTON_PRIMARY, ACTION_WARMUP_NEXT, 0,
                view_can(v, ACTION_WARMUP_NEXT, 0));
    SDL_Rect mid_r = tall ? total_row : rect_inset(bottom, canvas_px(cv, 0.01));
    if (!tall) {
        mid_r.x += gap;
        mid_r.w -= 2 * gap;
    }
    char total[64], t1[16], t2[16];
    format_clock(t1, sizeof t1, total_s);
    format_clock(t2, sizeof t2, min_s);
    const char *times[] = {t1, t2};
    i18n_phrase(total, sizeof total, N_("Warm-up %s of %s"), times, 2);
    SDL_Rect tbar = rect_cut_bottom(&mid_r, mm_px(cv, 3));
    draw_text(cv, mid_r, total, type_px(cv, TYPE_LABEL), FONT_REGULAR,
              w->min_met ? COL_GO : COL_TEXT, ALIGN_CENTER);
    draw_progress(cv, tbar, min_s > 0 ? (double)total_s / min_s : 1,
                  w->min_met ? COL_GO : COL_ACCENT);
}
