/*
 * Lifter loads for a trainer, in two steps so every target is a finger wide on the 7"
 * panel: who and what (a lifter, an exercise, a start load or today's cap), then how much
 * (the load, the reason a cap is lifted, Save). The start load is used when the lifter has
 * no clean set in 8 weeks.
 */
#include <stdio.h>

#include "i18n.h"
#include "screens.h"

#define EXERCISES_PER_ROW 4
#define LOAD_STEPS        4

/* Step i of the four (big off, small off, small on, big on), from the core's steps for
 * the rack's plates, labelled in the rack's unit ("+2,5" kg, "+5" lb). */
static int step_g(const struct session_view *v, int i)
{
    int g = v->trainer.load_step_g[i == 0 || i == 3 ? 1 : 0];
    return i < 2 ? -g : g;
}

static void step_label(const struct canvas *cv, int delta_g, char *out, size_t n)
{
    char num[24];
    i18n_load_number(num, sizeof num, delta_g < 0 ? -delta_g : delta_g, cv->plate_unit);
    snprintf(out, n, "%s%s", delta_g < 0 ? "\xE2\x88\x92" : "+", num);
}

void draw_lifter_row(struct canvas *cv, const struct session_view *v, SDL_Rect r, const char *name,
                     bool chosen, int index)
{
    SDL_Color fill = chosen ? COL_ACCENT : COL_PANEL;
    draw_fill(cv, r, fill);
    if (chosen)
        draw_frame(cv, r, canvas_px(cv, 0.006), COL_WHITE);
    SDL_Rect in = rect_inset(r, canvas_px(cv, 0.01));
    in.x += canvas_px(cv, 0.012);
    in.w -= canvas_px(cv, 0.024);
    int px = canvas_px(cv, 0.045);
    if (chosen) {
        SDL_Rect tick = rect_cut_right(&in, in.h);
        draw_tick(cv, rect_inset(tick, in.h / 5), canvas_px(cv, 0.008), colour_on(fill));
        rect_cut_right(&in, canvas_px(cv, 0.01));
    }
    /* a name too long for the row even at the smallest size is shortened, never cut */
    char short_name[NAME_MAX_LEN];
    int least = canvas_px(cv, 0.027) > cv->text_floor_px ? canvas_px(cv, 0.027) : cv->text_floor_px;
    if (text_width(cv, name, least, FONT_BOLD) > in.w)
        name = display_name(short_name, sizeof short_name, name);
    draw_text(cv, in, name, px, chosen ? FONT_BOLD : FONT_REGULAR,
              chosen ? colour_on(fill) : COL_TEXT, ALIGN_LEFT);
    canvas_add_target(cv, r, ACTION_LOAD_LIFTER, index, view_can(v, ACTION_LOAD_LIFTER, index));
}

/* The lifters, a page at a time: rows a finger high, the arrows at the list's right. */
static void lifter_list(struct canvas *cv, SDL_Rect a, const struct session_view *v)
{
    int label_px = canvas_px(cv, 0.036);
    draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.05)), _("Lifter"), label_px, FONT_REGULAR,
              COL_DIM, ALIGN_LEFT);
    if (v->trainer.lifters_loading) {
        draw_text(cv, a, _("Loading\xE2\x80\xA6"), canvas_px(cv, 0.06), FONT_REGULAR, COL_DIM,
                  ALIGN_CENTER);
        return;
    }
    if (v->trainer.n_lifters <= 0) {
        draw_text_wrap(cv, rect_inset(a, canvas_px(cv, 0.02)), _("No lifters enrolled"),
                       canvas_px(cv, 0.05), FONT_BOLD, COL_DIM, ALIGN_CENTER);
        return;
    }
    int row_h = target_px(cv);
    int gap = canvas_px(cv, 0.01);
    int fit = (a.h + gap) / (row_h + gap);
    if (fit < 1)
        fit = 1;
    int first = v->trainer.lifters_first;
    int last = first + fit < v->trainer.n_lifters ? first + fit : v->trainer.n_lifters;
    /* the pages count among every lifter; the list holds a window of them */
    int off = v->trainer.lifters_offset;
    if (v->trainer.lifters_total > fit) {
        SDL_Rect col = rect_cut_right(&a, target_px(cv));
        rect_cut_right(&a, canvas_px(cv, 0.012));
        int prev_first = off + first - fit > 0 ? off + first - fit : 0;
        int px = canvas_px(cv, 0.05);
        draw_button_px(cv, rect_cut_top(&col, target_px(cv)), "\xE2\x96\xB2", px, BUTTON_QUIET,
                       ACTION_LIFTERS_PAGE, prev_first, view_lifters_page_can(v, prev_first));
        draw_button_px(cv, rect_cut_bottom(&col, target_px(cv)), "\xE2\x96\xBC", px, BUTTON_QUIET,
                       ACTION_LIFTERS_PAGE, off + last, view_lifters_page_can(v, off + last));
        char where[32];
        snprintf(where, sizeof where, "%d\xE2\x80\x93%d", off + first + 1, off + last);
        draw_text(cv, col, where, canvas_px(cv, 0.034), FONT_REGULAR, COL_DIM, ALIGN_CENTER);
    }
    for (int i = first; i < last; i++)
        draw_lifter_row(cv, v, (SDL_Rect){a.x, a.y + (i - first) * (row_h + gap), a.w, row_h},
                        v->trainer.lifters[i].name, i == v->trainer.load_lifter, i);
}

/* Exercises in rows a finger high, as many to a row as stay twice a finger wide. */
static int exercise_rows(struct canvas *cv, int w, int n, int *cols)
{
    int c = n < EXERCISES_PER_ROW ? n : EXERCISES_PER_ROW;
    while (c > 1 && w / c < 2 * target_px(cv))
        c--;
    *cols = c > 0 ? c : 1;
    return (n + *cols - 1) / *cols;
}

static void exercise_buttons(struct canvas *cv, SDL_Rect *a, const struct session_view *v)
{
    int n = v->lift.n_exercises;
    if (n <= 0)
        return;
    int cols;
    int rows = exercise_rows(cv, a->w, n, &cols);
    int gap = canvas_px(cv, 0.012);
    int px = canvas_px(cv, 0.042);
    for (int i = 0; i < n; i++) {
        SDL_Rect r = {a->x, a->y + (i / cols) * (target_px(cv) + gap), a->w, target_px(cv)};
        r = rect_column(r, cols, i % cols, gap);
        draw_button_px(cv, r, _(v->lift.exercises[i].name), px,
                       i == v->trainer.load_exercise ? BUTTON_SELECTED : BUTTON_PLAIN,
                       ACTION_LOAD_EXERCISE, i, view_can(v, ACTION_LOAD_EXERCISE, i));
    }
    rect_cut_top(a, rows * (target_px(cv) + gap));
}

/* The load, big, between the steppers: take off on the left, add on the right. */
static void load_row(struct canvas *cv, SDL_Rect box, const struct session_view *v)
{
    int gap = canvas_px(cv, 0.012);
    int bw = box.w / 7 > target_px(cv) ? box.w / 7 : target_px(cv);
    int px = canvas_px(cv, 0.045);
    SDL_Rect r = box;
    char label[32];
    for (int i = 0; i < LOAD_STEPS / 2; i++) {
        step_label(cv, step_g(v, i), label, sizeof label);
        draw_button_px(cv, rect_cut_left(&r, bw), label, px, BUTTON_PLAIN, ACTION_LOAD_STEP,
                       step_g(v, i), view_can(v, ACTION_LOAD_STEP, step_g(v, i)));
        rect_cut_left(&r, gap);
    }
    for (int i = LOAD_STEPS - 1; i >= LOAD_STEPS / 2; i--) {
        step_label(cv, step_g(v, i), label, sizeof label);
        draw_button_px(cv, rect_cut_right(&r, bw), label, px, BUTTON_PLAIN, ACTION_LOAD_STEP,
                       step_g(v, i), view_can(v, ACTION_LOAD_STEP, step_g(v, i)));
        rect_cut_right(&r, gap);
    }
    char kg[24];
    format_load(cv, kg, sizeof kg, v->trainer.load_g);
    draw_text(cv, r, kg, canvas_px(cv, 0.11), FONT_BOLD, COL_TEXT, ALIGN_CENTER);
}

static void reason_buttons(struct canvas *cv, SDL_Rect box, const struct session_view *v)
{
    int gap = canvas_px(cv, 0.012);
    int px = canvas_px(cv, 0.036);
    for (int i = 0; i < SESSION_LOAD_REASONS; i++) {
        SDL_Rect r = {box.x, box.y + (i / 2) * (target_px(cv) + gap), box.w, target_px(cv)};
        r = rect_column(r, 2, i % 2, gap);
        draw_button_px(cv, r, _(session_load_reason(i)), px,
                       i == v->trainer.load_reason ? BUTTON_SELECTED : BUTTON_PLAIN,
                       ACTION_LOAD_REASON, i, view_can(v, ACTION_LOAD_REASON, i));
    }
}

/* What the last save did, or what the page waits for. */
static void message_line(struct canvas *cv, SDL_Rect box, const struct session_view *v)
{
    int px = canvas_px(cv, 0.04);
    const char *msg = NULL;
    char said[4 * NOTE_MAX_LEN];
    SDL_Color c = COL_DIM;
    if (v->trainer.load_saving) {
        msg = _("Saving\xE2\x80\xA6");
    } else if (v->trainer.load_say) { /* the core's phrase, in the reader's words and unit */
        const char *args[3] = {v->trainer.load_args[0], v->trainer.load_args[1],
                               v->trainer.load_args[2]};
        i18n_phrase(said, sizeof said, v->trainer.load_say, args, v->trainer.n_load_args);
        msg = said;
        c = v->trainer.load_failed ? COL_STOP : COL_GO;
    } else if (v->trainer.load_hint == VIEW_LOAD_CHOOSE_LIFTER) {
        msg = _("Choose a lifter");
    } else if (v->trainer.load_page == 1 && v->trainer.load_hint == VIEW_LOAD_CHOOSE_REASON) {
        msg = _("Choose a reason to lift the cap");
    }
    if (!msg)
        return;
    /* one line centred beside the buttons; a long message wraps instead of being cut */
    if (text_width(cv, msg, px, FONT_BOLD) <= box.w)
        draw_text(cv, box, msg, px, FONT_BOLD, c, ALIGN_CENTER);
    else
        draw_text_wrap(cv, box, msg, px, FONT_BOLD, c, ALIGN_CENTER);
}

/* Who and what: the lifters on the left; the exercise and the kind of load on the right. */
static void who_page(struct canvas *cv, SDL_Rect a, const struct session_view *v)
{
    SDL_Rect left = rect_cut_left(&a, a.w * 9 / 20);
    rect_cut_left(&a, canvas_px(cv, 0.03));
    lifter_list(cv, left, v);
    int label_h = canvas_px(cv, 0.05);
    int label_px = canvas_px(cv, 0.036);
    draw_text(cv, rect_cut_top(&a, label_h), _("Exercise"), label_px, FONT_REGULAR, COL_DIM,
              ALIGN_LEFT);
    exercise_buttons(cv, &a, v);
    rect_cut_top(&a, canvas_px(cv, 0.01));
    draw_text(cv, rect_cut_top(&a, label_h), _("Set"), label_px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    SDL_Rect kind = rect_cut_top(&a, target_px(cv));
    int kgap = canvas_px(cv, 0.012);
    int kind_px = canvas_px(cv, 0.042);
    draw_button_px(cv, rect_column(kind, 2, 0, kgap), _("Start load"), kind_px,
                   v->trainer.load_override ? BUTTON_PLAIN : BUTTON_SELECTED, ACTION_LOAD_KIND, 0,
                   view_can(v, ACTION_LOAD_KIND, 0));
    draw_button_px(cv, rect_column(kind, 2, 1, kgap), _("Today's cap"), kind_px,
                   v->trainer.load_override ? BUTTON_SELECTED : BUTTON_PLAIN, ACTION_LOAD_KIND, 1,
                   view_can(v, ACTION_LOAD_KIND, 1));
}

/* How much: whose load it is, the load between its steppers, and a cap's reason. */
static void amount_page(struct canvas *cv, SDL_Rect a, const struct session_view *v)
{
    int li = v->trainer.load_lifter, ei = v->trainer.load_exercise;
    char who[NAME_MAX_LEN + 80];
    snprintf(who, sizeof who, "%s \xC2\xB7 %s \xC2\xB7 %s",
             li >= 0 && li < v->trainer.n_lifters ? v->trainer.lifters[li].name : "",
             ei >= 0 && ei < v->lift.n_exercises ? v->lift.exercises[ei].name : "",
             v->trainer.load_override ? _("today's cap") : _("start load"));
    draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.07)), who, canvas_px(cv, 0.045), FONT_BOLD,
              COL_TEXT, ALIGN_LEFT);
    rect_cut_top(&a, canvas_px(cv, 0.01));
    load_row(cv, rect_cut_top(&a, target_px(cv)), v);
    rect_cut_top(&a, canvas_px(cv, 0.015));
    if (v->trainer.load_override) {
        draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.05)), _("Reason (needed to lift a cap)"),
                  canvas_px(cv, 0.036), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
        reason_buttons(cv, a, v);
    } else {
        draw_text_wrap(cv, a,
                       _("The start load is used when this lifter has no clean set in the last "
                         "8 weeks."),
                       canvas_px(cv, 0.04), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    }
}

void screen_loads(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    draw_header(cv, &a,
                v->trainer.load_page == 0 ? _("Lifter loads: who") : _("Lifter loads: how much"),
                v->name);
    a = rect_inset(a, canvas_px(cv, 0.02));
    SDL_Rect bottom = rect_cut_bottom(&a, target_px(cv));
    rect_cut_bottom(&a, canvas_px(cv, 0.015));
    draw_button(cv, rect_cut_left(&bottom, bottom.w / 5), _("Back"), BUTTON_QUIET, ACTION_BACK, 0,
                view_can(v, ACTION_BACK, 0));
    SDL_Rect go = rect_cut_right(&bottom, bottom.w * 3 / 10);
    if (v->trainer.load_page == 0)
        draw_button(cv, go, _("Next \xE2\x96\xB6"), BUTTON_PRIMARY, ACTION_LOAD_NEXT, 0,
                    view_can(v, ACTION_LOAD_NEXT, 0));
    else
        draw_button(cv, go, _("Save"), BUTTON_PRIMARY, ACTION_LOAD_SAVE, 0,
                    view_can(v, ACTION_LOAD_SAVE, 0));
    int pad = canvas_px(cv, 0.02);
    bottom.x += pad;
    bottom.w -= 2 * pad;
    message_line(cv, bottom, v);
    if (v->trainer.load_page == 0)
        who_page(cv, a, v);
    else
        amount_page(cv, a, v);
}
