/* Warm-up: the step, its cue and timer, a moving stick figure, and the steps to come. */
#include <math.h>
#include <stdio.h>

#include "screens.h"

#define US_PER_S 1000000

/* Joint positions of one pose, in a unit box (x right, y down, floor at FLOOR_Y). */
struct pose {
    SDL_FPoint head, neck, hip, spine_mid;
    SDL_FPoint elbow[2], hand[2], knee[2], foot[2]; /* [0] far side, [1] near side */
    bool rack;                                      /* draw the rack upright the lifter holds */
};

#define FLOOR_Y 0.86f

static SDL_FPoint pt(float x, float y)
{
    return (SDL_FPoint){x, y};
}

static SDL_FPoint mixp(SDL_FPoint a, SDL_FPoint b, float t)
{
    return (SDL_FPoint){a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
}

static SDL_FPoint mid(SDL_FPoint a, SDL_FPoint b)
{
    return mixp(a, b, 0.5f);
}

/* 0..1..0 over one period, eased at both ends like a slow controlled movement. */
static float ease(int64_t t_us, int64_t period_us)
{
    double ph = (double)(t_us % period_us) / (double)period_us;
    return (float)(0.5 - 0.5 * cos(2 * M_PI * ph));
}

static void quadruped(struct pose *p, float hip_y, float shoulder_y)
{
    *p = (struct pose){0};
    SDL_FPoint hip = pt(0.34f, hip_y), sh = pt(0.70f, shoulder_y);
    p->hip = hip;
    p->neck = sh;
    p->spine_mid = mid(hip, sh);
    for (int i = 0; i < 2; i++) {
        float dx = i ? 0.0f : 0.03f; /* far limbs a little behind */
        p->hand[i] = pt(0.70f + dx, FLOOR_Y);
        p->elbow[i] = mid(sh, p->hand[i]);
        p->knee[i] = pt(0.34f + dx, FLOOR_Y);
        p->foot[i] = pt(0.10f + dx, FLOOR_Y);
    }
    p->head = pt(0.80f, shoulder_y - 0.06f);
}

static void pose_cat_cow(struct pose *p, int64_t t_us)
{
    float u = ease(t_us, 5 * US_PER_S);
    quadruped(p, 0.55f, 0.55f);
    /* u 0: cat (back rounded up, head down); u 1: cow (back sags, head up) */
    p->spine_mid.y = 0.47f + 0.16f * u;
    p->head = mixp(pt(0.78f, 0.66f), pt(0.83f, 0.40f), u);
}

static void pose_hip_swings(struct pose *p, int64_t t_us)
{
    double ph = (double)(t_us % (2 * US_PER_S)) / (2.0 * US_PER_S);
    float swing = (float)(0.75 * sin(2 * M_PI * ph)); /* radians from vertical */
    *p = (struct pose){.rack = true};
    p->hip = pt(0.45f, 0.48f);
    p->neck = pt(0.45f, 0.20f);
    p->spine_mid = mid(p->hip, p->neck);
    p->head = pt(0.45f, 0.11f);
    /* far arm holds the rack, near arm hangs */
    p->hand[0] = pt(0.74f, 0.30f);
    p->elbow[0] = pt(0.60f, 0.30f);
    p->elbow[1] = pt(0.43f, 0.34f);
    p->hand[1] = pt(0.42f, 0.46f);
    p->knee[0] = pt(0.45f, 0.67f);
    p->foot[0] = pt(0.45f, FLOOR_Y);
    float thigh = 0.19f, shin = 0.19f;
    p->knee[1] = pt(0.45f + thigh * sinf(swing), 0.48f + thigh * cosf(swing));
    float bend = swing < 0 ? swing * 0.3f : swing - 0.35f; /* knee bends on the front swing */
    p->foot[1] = pt(p->knee[1].x + shin * sinf(bend), p->knee[1].y + shin * cosf(bend));
}

static void pose_glute_bridge(struct pose *p, int64_t t_us)
{
    float u = ease(t_us, 4 * US_PER_S);
    *p = (struct pose){0};
    p->neck = pt(0.22f, 0.80f);
    p->head = pt(0.11f, 0.79f);
    p->hip = pt(0.45f, 0.80f - 0.20f * u);
    p->spine_mid = mid(p->neck, p->hip);
    for (int i = 0; i < 2; i++) {
        float dx = i ? 0.0f : 0.03f;
        p->hand[i] = pt(0.46f + dx, FLOOR_Y - 0.01f);
        p->elbow[i] = pt(0.34f + dx, FLOOR_Y - 0.02f);
        p->foot[i] = pt(0.74f + dx, FLOOR_Y);
        p->knee[i] = pt(0.66f + dx, 0.56f - 0.04f * u);
    }
}

static void pose_bird_dog(struct pose *p, int64_t t_us)
{
    float u = ease(t_us, 5 * US_PER_S);
    quadruped(p, 0.55f, 0.55f);
    /* near arm reaches forward, far leg reaches back, back stays flat */
    p->hand[1] = mixp(pt(0.70f, FLOOR_Y), pt(0.98f, 0.50f), u);
    p->elbow[1] = mid(p->neck, p->hand[1]);
    p->knee[0] = mixp(pt(0.37f, FLOOR_Y), pt(0.18f, 0.56f), u);
    p->foot[0] = mixp(pt(0.13f, FLOOR_Y), pt(0.02f, 0.54f), u);
}

static void pose_dead_bug(struct pose *p, int64_t t_us)
{
    int64_t period = 6 * US_PER_S;
    /* one side per half period: opposite arm and leg lower toward the floor */
    int side = (int)((t_us / (period / 2)) % 2);
    float u = ease(t_us, period / 2);
    *p = (struct pose){0};
    p->neck = pt(0.30f, 0.80f);
    p->head = pt(0.19f, 0.79f);
    p->hip = pt(0.60f, 0.80f);
    p->spine_mid = mid(p->neck, p->hip);
    for (int i = 0; i < 2; i++) {
        float dx = i ? 0.0f : 0.03f;
        p->hand[i] = pt(0.31f + dx, 0.40f);
        p->elbow[i] = pt(0.30f + dx, 0.60f);
        p->knee[i] = pt(0.60f + dx, 0.55f);
        p->foot[i] = pt(0.78f + dx, 0.55f);
    }
    int arm = side, leg = 1 - side;
    p->hand[arm] = mixp(p->hand[arm], pt(0.06f, 0.74f), u);
    p->elbow[arm] = mid(p->neck, p->hand[arm]);
    p->knee[leg] = mixp(p->knee[leg], pt(0.78f, 0.72f), u);
    p->foot[leg] = mixp(p->foot[leg], pt(0.97f, 0.78f), u);
}

static void draw_pose(struct canvas *cv, SDL_Rect box, const struct pose *p)
{
    int side = box.w < box.h ? box.w : box.h;
    int ox = box.x + (box.w - side) / 2, oy = box.y + (box.h - side) / 2;
    int thick = side / 26 > 3 ? side / 26 : 3;
#define X(q)         (ox + (int)lroundf((q).x * side))
#define Y(q)         (oy + (int)lroundf((q).y * side))
#define SEG(a, b, c) draw_line(cv, X(a), Y(a), X(b), Y(b), thick, c)
    draw_line(cv, ox, oy + (int)(FLOOR_Y * side) + thick, ox + side,
              oy + (int)(FLOOR_Y * side) + thick, canvas_px(cv, 0.004), COL_FAINT);
    SDL_Color far = COL_DIM, near = COL_TEXT;
    if (p->rack)
        SEG(pt(0.78f, 0.04f), pt(0.78f, FLOOR_Y), COL_FAINT);
    SEG(p->hip, p->knee[0], far);
    SEG(p->knee[0], p->foot[0], far);
    SEG(p->neck, p->elbow[0], far);
    SEG(p->elbow[0], p->hand[0], far);
    SEG(p->hip, p->spine_mid, near);
    SEG(p->spine_mid, p->neck, near);
    SEG(p->neck, p->head, near);
    draw_disc(cv, X(p->head), Y(p->head), side / 14, near);
    SEG(p->hip, p->knee[1], near);
    SEG(p->knee[1], p->foot[1], near);
    SEG(p->neck, p->elbow[1], near);
    SEG(p->elbow[1], p->hand[1], near);
#undef SEG
#undef X
#undef Y
}

static void draw_warmup_figure(struct canvas *cv, SDL_Rect box, int figure, int64_t t_us)
{
    struct pose p;
    if (t_us < 0)
        t_us = 0;
    switch (figure) {
    case FIGURE_HIP_SWINGS:
        pose_hip_swings(&p, t_us);
        break;
    case FIGURE_GLUTE_BRIDGE:
        pose_glute_bridge(&p, t_us);
        break;
    case FIGURE_BIRD_DOG:
        pose_bird_dog(&p, t_us);
        break;
    case FIGURE_DEAD_BUG:
        pose_dead_bug(&p, t_us);
        break;
    case FIGURE_CAT_COW:
    default:
        pose_cat_cow(&p, t_us);
        break;
    }
    draw_pose(cv, box, &p);
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
        snprintf(label, sizeof label, "%s%s", tick, _(steps[i].name));
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
    snprintf(title, sizeof title, _("Warm-up \xC2\xB7 step %d of %d"), cur + 1, n);
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
                      text_wrap_lines(cv, _(steps[cur].cue), label_px, FONT_REGULAR, a.w) *
                          text_line_px(cv, label_px, FONT_REGULAR) +
                      key_line_px(cv, type_px(cv, TYPE_KEY)) + mm_px(cv, 3) + 3 * gap;
        int room = a.h - words_h;
        fig_h = room < a.h / 5 ? a.h / 5 : room < fig_h ? room : fig_h;
    }
    SDL_Rect fig = tall ? rect_cut_top(&a, fig_h) : rect_cut_right(&a, a.w * 2 / 5);
    draw_panel(cv, fig, COL_PANEL, COL_FAINT);
    draw_warmup_figure(cv, rect_inset(fig, canvas_px(cv, 0.02)), steps[cur].figure, v->now_us);
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
    draw_text(cv, rect_cut_top(&a, title_h), _(steps[cur].name), type_px(cv, TYPE_TITLE), FONT_BOLD,
              COL_TEXT, ALIGN_LEFT);
    draw_text_wrap(cv, a, _(steps[cur].cue), type_px(cv, TYPE_LABEL), FONT_REGULAR, COL_TEXT,
                   ALIGN_LEFT);

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
    snprintf(total, sizeof total, _("Warm-up %s of %s"), t1, t2);
    SDL_Rect tbar = rect_cut_bottom(&mid_r, mm_px(cv, 3));
    draw_text(cv, mid_r, total, type_px(cv, TYPE_LABEL), FONT_REGULAR,
              w->min_met ? COL_GO : COL_TEXT, ALIGN_CENTER);
    draw_progress(cv, tbar, min_s > 0 ? (double)total_s / min_s : 1,
                  w->min_met ? COL_GO : COL_ACCENT);
}
