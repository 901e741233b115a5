/*
 * A lifter's story for a trainer (view.trainer.story, worked out by core/story.c): for the
 * exercise chosen, the load of each session against the cap line and the load-velocity
 * points with their fitted line; for the lifter, pain answers, warm-ups and flags over the
 * 8 weeks, and what trainers did. Every mark differs by shape as well as colour, and each
 * picture's title says what its marks mean.
 */
#include <stdio.h>
#include <time.h>

#include "../core/phrase.h"
#include "catalogue_text.h"
#include "i18n.h"
#include "screens.h"

/* x of a gym day on an 8-week axis. */
static int day_x(SDL_Rect plot, const struct lifter_story *st, int64_t day)
{
    int64_t first = st->today - STORY_DAYS + 1;
    return plot.x + (int)((day - first) * (plot.w - 1) / (STORY_DAYS - 1));
}

static int value_y(SDL_Rect plot, double v, double lo, double hi)
{
    double f = hi > lo ? (v - lo) / (hi - lo) : 0;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    return plot.y + plot.h - 1 - (int)(f * (plot.h - 1));
}

static void dashed(struct canvas *cv, int x0, int y0, int x1, int y1, int thick, SDL_Color c)
{
    int dash = canvas_px(cv, 0.012);
    int dx = x1 - x0, dy = y1 - y0;
    int len = dx > 0 ? dx : -dx;
    len = (dy > 0 ? dy : -dy) > len ? (dy > 0 ? dy : -dy) : len;
    for (int s = 0; s < len; s += 2 * dash) {
        int e = s + dash < len ? s + dash : len;
        draw_line(cv, x0 + dx * s / (len ? len : 1), y0 + dy * s / (len ? len : 1),
                  x0 + dx * e / (len ? len : 1), y0 + dy * e / (len ? len : 1), thick, c);
    }
}

/* Clean: a filled disc; not clean: a ring; stopped: a cross. */
static void mark(struct canvas *cv, int x, int y, bool clean, bool stopped, SDL_Color c)
{
    int r = canvas_px(cv, 0.011), t = canvas_px(cv, 0.004);
    if (stopped) {
        draw_line(cv, x - r, y - r, x + r, y + r, t, c);
        draw_line(cv, x - r, y + r, x + r, y - r, t, c);
    } else if (clean) {
        draw_disc(cv, x, y, r, c);
    } else {
        draw_ring(cv, x, y, r, t, c);
    }
}

/* A picture's frame: its title and the key to its marks over it, the plot inside. */
static SDL_Rect frame(struct canvas *cv, SDL_Rect r, const char *title, const char *key)
{
    draw_fill(cv, r, COL_PANEL);
    SDL_Rect in = rect_inset(r, canvas_px(cv, 0.01));
    draw_text(cv, rect_cut_top(&in, canvas_px(cv, 0.042)), title, canvas_px(cv, 0.034), FONT_BOLD,
              COL_TEXT, ALIGN_LEFT);
    if (key)
        draw_text(cv, rect_cut_top(&in, canvas_px(cv, 0.036)), key, canvas_px(cv, 0.03),
                  FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    return in;
}

/* A scale column wide enough for its labels. */
static SDL_Rect scale_col(struct canvas *cv, SDL_Rect *in, const char *a, const char *b)
{
    int px = canvas_px(cv, 0.03);
    int wa = text_width(cv, a, px, FONT_REGULAR), wb = text_width(cv, b, px, FONT_REGULAR);
    return rect_cut_left(in, (wa > wb ? wa : wb) + canvas_px(cv, 0.01));
}

static void axis_label(struct canvas *cv, SDL_Rect r, const char *s, enum align a)
{
    draw_text(cv, r, s, canvas_px(cv, 0.03), FONT_REGULAR, COL_DIM, a);
}

/* The time axis under a plot: 8 weeks ago at the left, today at the right. */
static void time_axis(struct canvas *cv, SDL_Rect row)
{
    axis_label(cv, rect_cut_left(&row, row.w / 2), _("8 weeks ago"), ALIGN_LEFT);
    axis_label(cv, row, _("today"), ALIGN_RIGHT);
}

/* Load per session: a mark per session's heaviest set, the cap line dashed. */
static void loads_plot(struct canvas *cv, SDL_Rect r, const struct lifter_story *st,
                       const struct story_exercise *ex)
{
    char loads_title[64];
    snprintf(loads_title, sizeof loads_title, _("Load per session (%s)"),
             plates_unit_name(cv->unit));
    SDL_Rect in = frame(cv, r, loads_title,
                        _("\xE2\x97\x8F clean  \xE2\x97\x8B not clean  \xE2\x9C\x95 stopped  "
                          "- - - cap that day"));
    SDL_Rect axis = rect_cut_bottom(&in, canvas_px(cv, 0.035));
    char lo[16], hi[16];
    format_load(cv, lo, sizeof lo, ex->load_lo_g);
    format_load(cv, hi, sizeof hi, ex->load_hi_g);
    SDL_Rect scale = scale_col(cv, &in, lo, hi);
    axis_label(cv, rect_cut_top(&scale, canvas_px(cv, 0.035)), hi, ALIGN_LEFT);
    axis_label(cv, rect_cut_bottom(&scale, canvas_px(cv, 0.035)), lo, ALIGN_LEFT);
    time_axis(cv, (SDL_Rect){in.x, axis.y, in.w, axis.h});
    SDL_Rect p = rect_inset(in, canvas_px(cv, 0.012));
    draw_line(cv, p.x, p.y + p.h, p.x + p.w, p.y + p.h, 1, COL_FAINT);
    int t = canvas_px(cv, 0.004);
    for (int i = 0; i < ex->n_sessions; i++) {
        const struct story_session *s = &ex->sessions[i];
        if (s->cap_g <= 0)
            continue;
        int x = day_x(p, st, s->day), y = value_y(p, s->cap_g, ex->load_lo_g, ex->load_hi_g);
        int xn = i + 1 < ex->n_sessions ? day_x(p, st, ex->sessions[i + 1].day) : x + t * 3;
        dashed(cv, x - t * 3, y, xn, y, t, COL_DIM);
    }
    for (int i = 0; i < ex->n_sessions; i++) {
        const struct story_session *s = &ex->sessions[i];
        mark(cv, day_x(p, st, s->day), value_y(p, s->top_g, ex->load_lo_g, ex->load_hi_g), s->clean,
             s->stopped, COL_ACCENT);
    }
}

/* Velocity at load: each set's mean concentric velocity, and the fitted line. */
static void velocity_plot(struct canvas *cv, SDL_Rect r, const struct story_exercise *ex)
{
    char key[96];
    if (ex->fit_ok)
        snprintf(key, sizeof key, "- - - fit: %.2f m/s at %d kg, %+.2f /10 kg",
                 (ex->fit_v0_mmps + ex->fit_mmps_per_kg * ex->lv_lo_g / 1000.0) / 1000.0,
                 ex->lv_lo_g / 1000, ex->fit_mmps_per_kg * 10 / 1000.0);
    else
        snprintf(key, sizeof key, _("%d sets measured: no line yet"), ex->fit_n);
    SDL_Rect in = frame(cv, r, _("Velocity at load (m/s)"), key);
    SDL_Rect axis = rect_cut_bottom(&in, canvas_px(cv, 0.035));
    char s[16];
    snprintf(s, sizeof s, "%.1f", ex->vel_hi_mmps / 1000.0);
    SDL_Rect scale = scale_col(cv, &in, s, "0");
    axis_label(cv, rect_cut_top(&scale, canvas_px(cv, 0.035)), s, ALIGN_LEFT);
    axis_label(cv, rect_cut_bottom(&scale, canvas_px(cv, 0.035)), "0", ALIGN_LEFT);
    char lo[16], hi[16];
    format_load(cv, lo, sizeof lo, ex->lv_lo_g);
    format_load(cv, hi, sizeof hi, ex->lv_hi_g);
    SDL_Rect ax = {in.x, axis.y, in.w, axis.h};
    axis_label(cv, rect_cut_left(&ax, ax.w / 2), lo, ALIGN_LEFT);
    axis_label(cv, ax, hi, ALIGN_RIGHT);
    SDL_Rect p = rect_inset(in, canvas_px(cv, 0.012));
    draw_line(cv, p.x, p.y + p.h, p.x + p.w, p.y + p.h, 1, COL_FAINT);
    double lo_g = ex->lv_lo_g, hi_g = ex->lv_hi_g;
    if (ex->fit_ok) {
        double v0 = ex->fit_v0_mmps + ex->fit_mmps_per_kg * lo_g / 1000.0;
        double v1 = ex->fit_v0_mmps + ex->fit_mmps_per_kg * hi_g / 1000.0;
        dashed(cv, p.x, value_y(p, v0, 0, ex->vel_hi_mmps), p.x + p.w,
               value_y(p, v1, 0, ex->vel_hi_mmps), canvas_px(cv, 0.004), COL_DIM);
    }
    for (int i = 0; i < ex->n_sets; i++) {
        const struct story_set *st = &ex->sets[i];
        if (st->vel_mmps <= 0)
            continue;
        int x = p.x + (int)((st->load_g - lo_g) * (p.w - 1) / (hi_g - lo_g > 0 ? hi_g - lo_g : 1));
        mark(cv, x, value_y(p, st->vel_mmps, 0, ex->vel_hi_mmps), st->clean, st->stopped,
             COL_ACCENT);
    }
}

/* Pain answers as bars (their height and a number), warm-ups and flags in rows under them. */
static void days_plot(struct canvas *cv, SDL_Rect r, const struct lifter_story *st)
{
    SDL_Rect in = frame(cv, r,
                        _("Pain 0\xE2\x80\x93"
                          "10, warm-ups, flags"),
                        _("bars: pain, ! red flag  \xE2\x96\xA0 warm-up  \xE2\x9C\x95 skipped  "
                          "\xE2\x96\xB2 flag"));
    SDL_Rect axis = rect_cut_bottom(&in, canvas_px(cv, 0.035));
    rect_cut_left(&in, canvas_px(cv, 0.02));
    time_axis(cv, (SDL_Rect){in.x, axis.y, in.w, axis.h});
    int row = canvas_px(cv, 0.03);
    SDL_Rect flags_row = rect_cut_bottom(&in, row);
    SDL_Rect warm_row = rect_cut_bottom(&in, row);
    SDL_Rect p = rect_inset(in, canvas_px(cv, 0.006));
    int bar_w = p.w / STORY_DAYS > 2 ? p.w / STORY_DAYS - 1 : 2;
    int r_mark = row / 3;
    for (int i = 0; i < st->n_days; i++) {
        const struct story_day *d = &st->days[i];
        int x = day_x(p, st, d->day);
        if (d->pain >= 0) {
            int y = value_y(p, d->pain, 0, 10);
            SDL_Color c = d->pain >= 6 ? COL_STOP : d->pain >= 4 ? COL_CAUTION : COL_DIM;
            draw_fill(cv, (SDL_Rect){x - bar_w / 2, y, bar_w, p.y + p.h - y + 1}, c);
            if (d->pain >= 4 || d->red_flag) {
                char n[8];
                snprintf(n, sizeof n, "%d%s", d->pain, d->red_flag ? "!" : "");
                int lh = text_line_px(cv, canvas_px(cv, 0.026), FONT_BOLD);
                SDL_Rect box = {x - 2 * row, y - lh, 4 * row, lh};
                box.x = box.x < p.x ? p.x : box.x + box.w > p.x + p.w ? p.x + p.w - box.w : box.x;
                box.y = box.y < p.y ? p.y : box.y;
                draw_text(cv, box, n, canvas_px(cv, 0.026), FONT_BOLD, COL_TEXT, ALIGN_CENTER);
            }
        }
        int wy = warm_row.y + warm_row.h / 2;
        if (d->warmup_skipped)
            mark(cv, x, wy, false, true, COL_CAUTION);
        else if (d->warmup_done)
            draw_fill(cv, (SDL_Rect){x - r_mark, wy - r_mark, 2 * r_mark, 2 * r_mark}, COL_GO);
    }
    for (int i = 0; i < st->n_flags; i++) {
        const struct story_flag *f = &st->flags[i];
        int x = day_x(p, st, f->day), y = flags_row.y + flags_row.h / 2;
        SDL_FPoint tri[3] = {{(float)x, (float)(y - r_mark)},
                             {(float)(x + r_mark), (float)(y + r_mark)},
                             {(float)(x - r_mark), (float)(y + r_mark)}};
        draw_polygon(cv, tri, 3, colour_severity((enum severity)f->severity));
    }
}

/* What trainers did about the lifter, newest first, as many lines as fit. */
static void actions_list(struct canvas *cv, SDL_Rect r, const struct lifter_story *st)
{
    SDL_Rect in = frame(cv, r, _("Trainers' actions, newest first"), NULL);
    if (st->n_actions == 0) {
        draw_text(cv, in, _("none in 8 weeks"), canvas_px(cv, 0.032), FONT_REGULAR, COL_DIM,
                  ALIGN_LEFT);
        return;
    }
    int line_h = canvas_px(cv, 0.036);
    for (int i = 0; i < st->n_actions && in.h >= 2 * line_h; i++) {
        const struct story_action *a = &st->actions[i];
        time_t t = (time_t)(a->t_wall_us / 1000000);
        struct tm tm;
        char when[16] = "";
        if (localtime_r(&t, &tm))
            strftime(when, sizeof when, "%d/%m", &tm);
        char line[STORY_NAME_MAX + 48];
        snprintf(line, sizeof line, "%s %s: %s", when, a->by, a->what);
        draw_text(cv, rect_cut_top(&in, line_h), line, canvas_px(cv, 0.03), FONT_BOLD, COL_TEXT,
                  ALIGN_LEFT);
        draw_text_wrap(cv, rect_cut_top(&in, line_h), a->note, canvas_px(cv, 0.028), FONT_REGULAR,
                       COL_DIM, ALIGN_LEFT);
    }
}

/* Back, then one tab per exercise with sets in the 8 weeks. */
static void tabs(struct canvas *cv, SDL_Rect row, const struct session_view *v)
{
    draw_button(cv, rect_cut_left(&row, row.w / 6), _("Back"), BUTTON_QUIET, ACTION_BACK, 0,
                view_can(v, ACTION_BACK, 0));
    rect_cut_left(&row, canvas_px(cv, 0.02));
    /* a lost badge of this lifter's, taken away (the Enrol page, with a confirmation) */
    draw_button_px(cv, rect_cut_right(&row, row.w / 5), _("Lost badge\xE2\x80\xA6"),
                   canvas_px(cv, 0.035), BUTTON_QUIET, ACTION_BADGE_TAKE, 0,
                   view_can(v, ACTION_BADGE_TAKE, 0));
    rect_cut_right(&row, canvas_px(cv, 0.02));
    const struct lifter_story *st = v->trainer.story;
    int n = v->trainer.story_loading ? 0 : st->n_ex;
    for (int i = 0; i < n; i++)
        draw_button_px(cv, rect_column(row, n, i, canvas_px(cv, 0.012)), _(st->ex[i].name),
                       canvas_px(cv, 0.04),
                       i == v->trainer.story_ex ? BUTTON_SELECTED : BUTTON_PLAIN,
                       ACTION_STORY_EXERCISE, i, view_can(v, ACTION_STORY_EXERCISE, i));
}

/*
 * The lifter whose session the trainer's screens sit on: today's cap on the exercise
 * planned and the rule's reason for it, as the plan says it -- a ramp set slower than the
 * lifter's usual speed at that load holds the step back, and the trainer reviewing the
 * lifter sees why. Returns the height it takes in box's width, 0 (nothing drawn) for any
 * other lifter's story; a zero-height box only asks.
 */
static int at_the_rack(struct canvas *cv, SDL_Rect box, const struct session_view *v,
                       const struct lifter_story *st)
{
    const struct view_trainer *t = &v->trainer;
    if (!t->lifter_id || t->lifter_id != st->member_id || !t->lifter_cap_why[0])
        return 0;
    /* the plan's sentence, composed as the plan composes it: the reader's language and unit,
     * the exercise as its buttons name it; the format filled by substitution (phrase.h) */
    char kg[24], why[PROGRESSION_EXPLAIN_MAX], line[PROGRESSION_EXPLAIN_MAX + 96];
    format_load(cv, kg, sizeof kg, t->lifter_cap_g);
    struct progression_words words;
    i18n_progression_words(&words, cv->unit);
    const struct exercise *ex = t->lifter_ex;
    const char *name =
        ex ? ui_catalogue_text(ex->name, ex->names, ex->n_names) : t->lifter_exercise;
    view_lifter_cap_explain(t, &words, name, why, sizeof why);
    const char *args[] = {name, kg, why[0] ? why : t->lifter_cap_why};
    const char *fmt = _("At the rack now, %s: today's cap %s. %s");
    if (phrase_arity(fmt) != 3)
        fmt = "At the rack now, %s: today's cap %s. %s"; /* a translation that does not fit */
    phrase_fill(line, sizeof line, fmt, args, 3);
    /* as many lines as the reader's language takes (German runs longer) */
    int inset = canvas_px(cv, 0.006), px = canvas_px(cv, 0.032);
    int h = text_wrap_lines(cv, line, px, FONT_BOLD, box.w - 2 * inset) *
                text_line_px(cv, px, FONT_BOLD) +
            2 * inset;
    if (h < canvas_px(cv, 0.1))
        h = canvas_px(cv, 0.1);
    if (box.h == 0)
        return h;
    draw_fill(cv, box, COL_PANEL);
    draw_text_wrap(cv, rect_inset(box, inset), line, px, FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    return h;
}

void screen_story(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    const struct lifter_story *st = v->trainer.story;
    char title[STORY_NAME_MAX + 24];
    snprintf(title, sizeof title, _("%s: 8 weeks"), st->name[0] ? st->name : _("Lifter"));
    draw_header(cv, &a, title, v->name);
    a = rect_inset(a, canvas_px(cv, 0.02));
    tabs(cv, rect_cut_bottom(&a, target_px(cv)), v);
    rect_cut_bottom(&a, canvas_px(cv, 0.012));
    if (v->trainer.story_loading || v->trainer.story_failed) {
        draw_text(cv, a,
                  v->trainer.story_loading ? _("Loading\xE2\x80\xA6")
                                           : _("The lifter's records could not be read"),
                  canvas_px(cv, 0.06), FONT_REGULAR, COL_DIM, ALIGN_CENTER);
        return;
    }
    int gap = canvas_px(cv, 0.012);
    int rack_h = at_the_rack(cv, rect_cut_top(&a, 0), v, st);
    if (rack_h) {
        at_the_rack(cv, rect_cut_top(&a, rack_h), v, st);
        rect_cut_top(&a, gap);
    }
    SDL_Rect right = rect_cut_right(&a, (a.w - gap) * 2 / 5);
    rect_cut_right(&a, gap);
    SDL_Rect top_l = rect_cut_top(&a, (a.h - gap) / 2);
    rect_cut_top(&a, gap);
    SDL_Rect top_r = rect_cut_top(&right, (right.h - gap) / 2);
    rect_cut_top(&right, gap);
    if (v->trainer.story_ex >= 0) {
        const struct story_exercise *ex = &st->ex[v->trainer.story_ex];
        loads_plot(cv, top_l, st, ex);
        velocity_plot(cv, top_r, ex);
    } else {
        draw_text(cv, top_l, _("No sets in the last 8 weeks"), canvas_px(cv, 0.045), FONT_REGULAR,
                  COL_DIM, ALIGN_CENTER);
    }
    days_plot(cv, a, st);
    actions_list(cv, right, st);
}
