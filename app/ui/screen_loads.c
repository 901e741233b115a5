/*
 * Lifter loads for a trainer, in two steps so every target is a finger wide on the 7"
 * panel: who and what (a lifter, an exercise, a start load or today's cap), then how much
 * (the load, the reason a cap is lifted, Save). The start load is used when the lifter has
 * no clean set in 8 weeks.
 */
#include <stdio.h>

#include "catalogue_text.h"
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
    int px = type_px(cv, TYPE_LABEL);
    if (chosen) {
        SDL_Rect tick = rect_cut_right(&in, in.h * 3 / 5);
        draw_tick(cv, rect_centre(tick, tick.w, tick.w), canvas_px(cv, 0.008), colour_on(fill));
        rect_cut_right(&in, canvas_px(cv, 0.01));
    }
    /* a name too long for the row even at the smallest size is shortened, never cut */
    char short_name[NAME_MAX_LEN];
    int least = type_px(cv, TYPE_LABEL);
    if (text_width(cv, name, least, FONT_BOLD) > in.w)
        name = display_name(short_name, sizeof short_name, name);
    draw_text(cv, in, name, px, chosen ? FONT_BOLD : FONT_REGULAR,
              chosen ? colour_on(fill) : COL_TEXT, ALIGN_LEFT);
    canvas_add_target(cv, r, ACTION_LOAD_LIFTER, index, view_can(v, ACTION_LOAD_LIFTER, index));
}

/* A section's caption over its buttons, a line of the label size. */
static int caption_h(struct canvas *cv)
{
    return text_line_px(cv, type_px(cv, TYPE_LABEL), FONT_REGULAR);
}

static void caption(struct canvas *cv, SDL_Rect *a, const char *what)
{
    draw_text(cv, rect_cut_top(a, caption_h(cv)), what, type_px(cv, TYPE_LABEL), FONT_REGULAR,
              COL_DIM, ALIGN_LEFT);
}

/* The lifters, a page at a time: rows a finger high, the arrows at the list's right. */
static void lifter_list(struct canvas *cv, SDL_Rect a, const struct session_view *v)
{
    caption(cv, &a, _("Lifter"));
    if (v->trainer.lifters_loading) {
        draw_text(cv, a, _("Loading\xE2\x80\xA6"), type_px(cv, TYPE_BODY), FONT_REGULAR, COL_DIM,
                  ALIGN_CENTER);
        return;
    }
    if (v->trainer.n_lifters <= 0) {
        draw_text_wrap(cv, rect_inset(a, canvas_px(cv, 0.02)), _("No lifters enrolled"),
                       type_px(cv, TYPE_BODY), FONT_BOLD, COL_DIM, ALIGN_CENTER);
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
        int px = type_px(cv, TYPE_TITLE); /* an arrow, as draw_button sets a short label */
        draw_button_px(cv, rect_cut_top(&col, target_px(cv)), "\xE2\x96\xB2", px, BUTTON_QUIET,
                       ACTION_LIFTERS_PAGE, prev_first, view_lifters_page_can(v, prev_first));
        draw_button_px(cv, rect_cut_bottom(&col, target_px(cv)), "\xE2\x96\xBC", px, BUTTON_QUIET,
                       ACTION_LIFTERS_PAGE, off + last, view_lifters_page_can(v, off + last));
        char where[32];
        snprintf(where, sizeof where, "%d\xE2\x80\x93%d", off + first + 1, off + last);
        if (col.h >= caption_h(cv)) /* the rows shown, where the arrows leave room */
            draw_text(cv, col, where, type_px(cv, TYPE_LABEL), FONT_REGULAR, COL_DIM, ALIGN_CENTER);
    }
    for (int i = first; i < last; i++)
        draw_lifter_row(cv, v, (SDL_Rect){a.x, a.y + (i - first) * (row_h + gap), a.w, row_h},
                        v->trainer.lifters[i].name, i == v->trainer.load_lifter, i);
}

/* Exercises in rows a finger high, as many to a row as stay twice a finger wide. */
/* Whether every exercise's name fits whole on a finger-high button col_w wide (two
 * lines at most; a German compound is one word and does not wrap). */
static bool names_fit(struct canvas *cv, const struct session_view *v, int col_w)
{
    for (int i = 0; i < v->lift.n_exercises; i++)
        if (button_height(cv, _(v->lift.exercises[i].name), col_w) > target_px(cv))
            return false;
    return true;
}

static int exercise_rows(struct canvas *cv, const struct session_view *v, int w, int n, int *cols)
{
    int c = n < EXERCISES_PER_ROW ? n : EXERCISES_PER_ROW;
    while (c > 1 && (w / c < 2 * target_px(cv) || !names_fit(cv, v, w / c)))
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
    int rows = exercise_rows(cv, v, a->w, n, &cols);
    int gap = canvas_px(cv, 0.012);
    int px = type_px(cv, TYPE_LABEL);
    for (int i = 0; i < n; i++) {
        SDL_Rect r = {a->x, a->y + (i / cols) * (target_px(cv) + gap), a->w, target_px(cv)};
        r = rect_column(r, cols, i % cols, gap);
        const struct exercise *ex = &v->lift.exercises[i];
        draw_button_px(cv, r, ui_catalogue_text(ex->name, ex->names, ex->n_names), px,
                       i == v->trainer.load_exercise ? BUTTON_SELECTED : BUTTON_PLAIN,
                       ACTION_LOAD_EXERCISE, i, view_can(v, ACTION_LOAD_EXERCISE, i));
    }
    rect_cut_top(a, rows * (target_px(cv) + gap));
}

/* The height load_row takes in width w: one row, or in a narrow box the load over its
 * steppers. */
static bool load_stacked(struct canvas *cv, int w)
{
    return w < 7 * target_px(cv);
}

/* The load's own line over the steppers when stacked: as tall as its figure, or as two
 * lines of the save's message beside it. */
#define LOAD_SAID_MAX (4 * NOTE_MAX_LEN)
static const char *message_of(const struct session_view *v, SDL_Color *c, char said[LOAD_SAID_MAX]);

static int load_line_h(struct canvas *cv, const struct session_view *v, int w, bool with_message)
{
    int h = text_line_px(cv, type_px(cv, TYPE_TITLE), FONT_BOLD);
    SDL_Color c;
    char said[LOAD_SAID_MAX], kg[24];
    const char *msg = with_message ? message_of(v, &c, said) : NULL;
    if (!msg)
        return h;
    format_load(cv, kg, sizeof kg, v->trainer.load_g);
    int px = type_px(cv, TYPE_LABEL);
    int beside = w - text_width(cv, kg, type_px(cv, TYPE_TITLE), FONT_BOLD) - canvas_px(cv, 0.012);
    int lines = text_width(cv, msg, px, FONT_BOLD) <= beside
                    ? 1
                    : text_wrap_lines(cv, msg, px, FONT_BOLD, beside);
    int need = lines * text_line_px(cv, px, FONT_BOLD);
    return need > h ? need : h;
}

static int load_row_h(struct canvas *cv, const struct session_view *v, int w, bool with_message)
{
    return load_stacked(cv, w)
               ? load_line_h(cv, v, w, with_message) + target_px(cv) + canvas_px(cv, 0.012)
               : target_px(cv);
}

/* On a narrow panel the save's message sits beside the load over the steppers (the
 * reasons take the height a line of its own would need). */
static bool message_by_load(struct canvas *cv, const struct session_view *v, int w)
{
    return v->trainer.load_page == 1 && canvas_portrait(cv) && load_stacked(cv, w);
}

/* The load, big, between the steppers: take off on the left, add on the right (in a narrow
 * box the load over them). */
static void message_line(struct canvas *cv, SDL_Rect box, const struct session_view *v);

static void load_row(struct canvas *cv, SDL_Rect box, const struct session_view *v,
                     bool with_message)
{
    int gap = canvas_px(cv, 0.012);
    char kg[24];
    format_load(cv, kg, sizeof kg, v->trainer.load_g);
    if (load_stacked(cv, box.w)) {
        SDL_Rect top = rect_cut_top(&box, load_line_h(cv, v, box.w, with_message));
        if (with_message) { /* the load at the title's size, what the save did beside it */
            int px = type_px(cv, TYPE_TITLE);
            SDL_Rect num = rect_cut_left(&top, text_width(cv, kg, px, FONT_BOLD));
            draw_text(cv, num, kg, px, FONT_BOLD, COL_TEXT, ALIGN_LEFT);
            rect_cut_left(&top, gap);
            message_line(cv, top, v);
        } else {
            draw_text(cv, top, kg, type_px(cv, TYPE_TITLE), FONT_BOLD, COL_TEXT, ALIGN_CENTER);
        }
        rect_cut_top(&box, gap);
        char label[32];
        for (int i = 0; i < LOAD_STEPS; i++) {
            step_label(cv, step_g(v, i), label, sizeof label);
            draw_button_px(cv, rect_column(box, LOAD_STEPS, i, gap), label, type_px(cv, TYPE_BODY),
                           BUTTON_PLAIN, ACTION_LOAD_STEP, step_g(v, i),
                           view_can(v, ACTION_LOAD_STEP, step_g(v, i)));
        }
        return;
    }
    int bw = box.w / 7 > target_px(cv) ? box.w / 7 : target_px(cv);
    int px = type_px(cv, TYPE_BODY);
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
    /* the figure's size, as large as the finger-high row between the steppers holds */
    draw_text(cv, r, kg, type_px(cv, TYPE_FIGURE), FONT_BOLD, COL_TEXT, ALIGN_CENTER);
}

/* The reasons' rows in columns of box's width: each row as tall as its longest reason needs
 * at the label size (a finger's target at least). Returns the height they take. */
static int reason_rows(struct canvas *cv, const struct session_view *v, int w, int cols,
                       int row_h[SESSION_LOAD_REASONS])
{
    (void)v;
    int gap = canvas_px(cv, 0.012), h = 0;
    int col_w = (w - gap * (cols - 1)) / cols;
    for (int row = 0; row * cols < SESSION_LOAD_REASONS; row++) {
        row_h[row] = target_px(cv);
        for (int i = row * cols; i < (row + 1) * cols && i < SESSION_LOAD_REASONS; i++) {
            int need = button_height(cv, _(session_load_reason(i)), col_w);
            row_h[row] = need > row_h[row] ? need : row_h[row];
        }
        h += (row > 0 ? gap : 0) + row_h[row];
    }
    return h;
}

/* The columns the reasons take in w x h: two side by side where every reason fits whole
 * in them, else one a row (a long reason in another language on fewer lines). */
static int reason_cols(struct canvas *cv, const struct session_view *v, int w, int h)
{
    int row_h[SESSION_LOAD_REASONS];
    int two = reason_rows(cv, v, w, 2, row_h), one = reason_rows(cv, v, w, 1, row_h);
    return two <= h || two <= one ? 2 : 1;
}

static void reason_buttons(struct canvas *cv, SDL_Rect box, const struct session_view *v)
{
    int gap = canvas_px(cv, 0.012);
    int px = type_px(cv, TYPE_LABEL);
    int cols = reason_cols(cv, v, box.w, box.h);
    int row_h[SESSION_LOAD_REASONS];
    reason_rows(cv, v, box.w, cols, row_h);
    int y = box.y;
    for (int i = 0; i < SESSION_LOAD_REASONS; i++) {
        SDL_Rect r = {box.x, y, box.w, row_h[i / cols]};
        r = rect_column(r, cols, i % cols, gap);
        draw_button_px(cv, r, _(session_load_reason(i)), px,
                       i == v->trainer.load_reason ? BUTTON_SELECTED : BUTTON_PLAIN,
                       ACTION_LOAD_REASON, i, view_can(v, ACTION_LOAD_REASON, i));
        if (i % cols == cols - 1)
            y += row_h[i / cols] + gap;
    }
}

/* What the last save did, or what the page waits for (NULL: nothing to say), and its
 * colour. */

static const char *message_of(const struct session_view *v, SDL_Color *c, char said[LOAD_SAID_MAX])
{
    *c = COL_DIM;
    if (v->trainer.load_saving)
        return _("Saving\xE2\x80\xA6");
    if (v->trainer.load_say) { /* the core's phrase, in the reader's words and unit */
        const char *args[3] = {v->trainer.load_args[0], v->trainer.load_args[1],
                               v->trainer.load_args[2]};
        /* a saved load names its lifter as the list does when short of room: first name
         * and initial (the list beside it has the whole name) */
        char shown[NAME_MAX_LEN];
        if (v->trainer.n_load_args == 3)
            args[0] = display_name(shown, sizeof shown, args[0]);
        int ei = v->trainer.load_said_exercise; /* the exercise in the reader's words */
        if (ei >= 0 && ei < v->lift.n_exercises)
            args[1] = ui_catalogue_text(v->lift.exercises[ei].name, v->lift.exercises[ei].names,
                                        v->lift.exercises[ei].n_names);
        i18n_phrase(said, LOAD_SAID_MAX, v->trainer.load_say, args, v->trainer.n_load_args);
        *c = v->trainer.load_failed ? COL_STOP : COL_GO;
        return said;
    }
    if (v->trainer.load_hint == VIEW_LOAD_CHOOSE_LIFTER)
        return _("Choose a lifter");
    if (v->trainer.load_page == 1 && v->trainer.load_hint == VIEW_LOAD_CHOOSE_REASON)
        return _("Choose a reason to lift the cap");
    return NULL;
}

static void message_line(struct canvas *cv, SDL_Rect box, const struct session_view *v)
{
    int px = type_px(cv, TYPE_LABEL);
    SDL_Color c;
    char said[LOAD_SAID_MAX];
    const char *msg = message_of(v, &c, said);
    if (!msg)
        return;
    /* one line centred beside the buttons; a long message wraps to the lines the box holds,
     * and past them is cut (the saved load is in the list and the lifter's story) */
    int lines = text_wrap_lines(cv, msg, px, FONT_BOLD, box.w);
    if (text_width(cv, msg, px, FONT_BOLD) <= box.w ||
        lines * text_line_px(cv, px, FONT_BOLD) > box.h)
        draw_text(cv, box, msg, px, FONT_BOLD, c, ALIGN_CENTER);
    else
        draw_text_wrap(cv, box, msg, px, FONT_BOLD, c, ALIGN_CENTER);
}

/* Whether the message fits beside Back and the way on, in w x h: one line, or the lines
 * the box holds. */
static bool message_fits(struct canvas *cv, const struct session_view *v, int w, int h)
{
    SDL_Color c;
    char said[LOAD_SAID_MAX];
    const char *msg = message_of(v, &c, said);
    if (!msg)
        return true;
    int px = type_px(cv, TYPE_LABEL);
    return text_wrap_lines(cv, msg, px, FONT_BOLD, w) * text_line_px(cv, px, FONT_BOLD) <= h;
}

/* Lines the message takes over the buttons on a narrow panel (0: none). */
static int message_lines(struct canvas *cv, const struct session_view *v, int w)
{
    SDL_Color c;
    char said[LOAD_SAID_MAX];
    const char *msg = message_of(v, &c, said);
    if (!msg)
        return 0;
    int px = type_px(cv, TYPE_LABEL);
    return text_width(cv, msg, px, FONT_BOLD) <= w ? 1 : 2;
}

/* The height of the exercises' rows and the kind of load under them, in width w. */
static int choices_h(struct canvas *cv, const struct session_view *v, int w)
{
    int cols, gap = canvas_px(cv, 0.012);
    int rows = v->lift.n_exercises > 0 ? exercise_rows(cv, v, w, v->lift.n_exercises, &cols) : 0;
    return caption_h(cv) + rows * (target_px(cv) + gap) + canvas_px(cv, 0.01) + target_px(cv);
}

/* Who and what: the lifters on the left (on top in portrait); the exercise and the kind of
 * load on the right (under them). */
static void who_page(struct canvas *cv, SDL_Rect a, const struct session_view *v)
{
    /* the kind's caption where there is room: its two buttons say what they set */
    if (canvas_portrait(cv)) {
        SDL_Rect below = rect_cut_bottom(&a, choices_h(cv, v, a.w));
        rect_cut_bottom(&a, canvas_px(cv, 0.02));
        lifter_list(cv, a, v);
        a = below;
    } else {
        /* the lifters give the exercises room where their names need it (a German name on
         * a button of its own, in rows that leave the kind's row a finger high) */
        int gap = canvas_px(cv, 0.03), share = 9;
        while (share > 7 && choices_h(cv, v, a.w - a.w * share / 20 - gap) - caption_h(cv) > a.h)
            share--;
        SDL_Rect left = rect_cut_left(&a, a.w * share / 20);
        rect_cut_left(&a, canvas_px(cv, 0.03));
        lifter_list(cv, left, v);
    }
    /* the captions where the room holds them: the buttons say what they set */
    int cols, ex_rows = exercise_rows(cv, v, a.w, v->lift.n_exercises, &cols);
    int ex_h = ex_rows * (target_px(cv) + canvas_px(cv, 0.012));
    if (a.h >= caption_h(cv) + ex_h + canvas_px(cv, 0.01) + target_px(cv))
        caption(cv, &a, _("Exercise"));
    exercise_buttons(cv, &a, v);
    rect_cut_top(&a, canvas_px(cv, 0.01));
    if (a.h >= caption_h(cv) + target_px(cv))
        caption(cv, &a, _("Set"));
    SDL_Rect kind = rect_cut_top(&a, target_px(cv));
    int kgap = canvas_px(cv, 0.012);
    int kind_px = type_px(cv, TYPE_LABEL);
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
    const char *name = li >= 0 && li < v->trainer.n_lifters ? v->trainer.lifters[li].name : "";
    const char *lift = ei >= 0 && ei < v->lift.n_exercises ? _(v->lift.exercises[ei].name) : "";
    const char *kind = v->trainer.load_override ? _("today's cap") : _("start load");
    snprintf(who, sizeof who, "%s \xC2\xB7 %s \xC2\xB7 %s", name, lift, kind);
    /* the whole line when it fits, else with the name shortened (first name and initial),
     * else on two lines at the label size */
    int who_px = type_px(cv, TYPE_BODY);
    if (text_width(cv, who, who_px, FONT_BOLD) > a.w) {
        char short_name[NAME_MAX_LEN];
        snprintf(who, sizeof who, "%s \xC2\xB7 %s \xC2\xB7 %s",
                 display_name(short_name, sizeof short_name, name), lift, kind);
    }
    int who_h = text_line_px(cv, who_px, FONT_BOLD);
    if (text_width(cv, who, who_px, FONT_BOLD) <= a.w)
        draw_text(cv, rect_cut_top(&a, who_h > canvas_px(cv, 0.07) ? who_h : canvas_px(cv, 0.07)),
                  who, who_px, FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    else
        rect_cut_top(&a, draw_text_wrap(cv, a, who, type_px(cv, TYPE_LABEL), FONT_BOLD, COL_TEXT,
                                        ALIGN_LEFT));
    rect_cut_top(&a, canvas_px(cv, 0.01));
    bool by_load = message_by_load(cv, v, a.w);
    load_row(cv, rect_cut_top(&a, load_row_h(cv, v, a.w, by_load)), v, by_load);
    rect_cut_top(&a, canvas_px(cv, 0.015));
    if (v->trainer.load_override) {
        const char *why = _("Reason (needed to lift a cap)");
        /* the reasons whole first: the caption only in the room they leave */
        int row_h[SESSION_LOAD_REASONS];
        int reasons_h = reason_rows(cv, v, a.w, reason_cols(cv, v, a.w, a.h), row_h);
        /* the caption where there is room over the reasons (the hint asks for one too) */
        if (a.h >= reasons_h + caption_h(cv) &&
            text_width(cv, why, type_px(cv, TYPE_LABEL), FONT_REGULAR) <= a.w)
            caption(cv, &a, why);
        else if (a.h >= reasons_h + 2 * caption_h(cv))
            rect_cut_top(&a, draw_text_wrap(cv, a, why, type_px(cv, TYPE_LABEL), FONT_REGULAR,
                                            COL_DIM, ALIGN_LEFT));
        reason_buttons(cv, a, v);
    } else {
        draw_text_wrap(cv, a,
                       _("The start load is used when this lifter has no clean set in the last "
                         "8 weeks."),
                       type_px(cv, TYPE_LABEL), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
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
    /* a narrow panel: the message on a line of its own over Back and the way on */
    int beside_w = bottom.w / 2 - 2 * canvas_px(cv, 0.02);
    bool narrow = canvas_portrait(cv);
    bool above = narrow || !message_fits(cv, v, beside_w, bottom.h);
    SDL_Rect said = bottom;
    bool by_load = message_by_load(cv, v, a.w);
    int lines = above && !by_load ? message_lines(cv, v, a.w) : 0;
    if (lines > 0) {
        said = rect_cut_bottom(&a, lines * text_line_px(cv, type_px(cv, TYPE_LABEL), FONT_BOLD));
        rect_cut_bottom(&a, canvas_px(cv, 0.01));
    }
    draw_button(cv, rect_cut_left(&bottom, bottom.w * (narrow ? 2 : 1) / 5), _("Back"),
                BUTTON_QUIET, ACTION_BACK, 0, view_can(v, ACTION_BACK, 0));
    SDL_Rect go = rect_cut_right(&bottom, narrow ? bottom.w * 2 / 3 : bottom.w * 3 / 10);
    if (v->trainer.load_page == 0)
        draw_button(cv, go, _("Next \xE2\x96\xB6"), BUTTON_PRIMARY, ACTION_LOAD_NEXT, 0,
                    view_can(v, ACTION_LOAD_NEXT, 0));
    else
        draw_button(cv, go, _("Save"), BUTTON_PRIMARY, ACTION_LOAD_SAVE, 0,
                    view_can(v, ACTION_LOAD_SAVE, 0));
    if (!above) {
        int pad = canvas_px(cv, 0.02);
        said = bottom;
        said.x += pad;
        said.w -= 2 * pad;
    }
    if (!by_load)
        message_line(cv, said, v);
    if (v->trainer.load_page == 0)
        who_page(cv, a, v);
    else
        amount_page(cv, a, v);
}
