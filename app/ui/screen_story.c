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
/* "Load per session (kg)" in the language in use. */
static void loads_title_of(char *buf, size_t n, enum rack_unit unit)
{
    i18n_phrase(buf, n, N_("Load per session (%s)"), (const char *const[]){plates_unit_name(unit)},
                1);
}

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
    int r = mm_px(cv, 1.6), t = mm_px(cv, 0.5) > 1 ? mm_px(cv, 0.5) : 1;
    if (stopped) {
        draw_line(cv, x - r, y - r, x + r, y + r, t, c);
        draw_line(cv, x - r, y + r, x + r, y - r, t, c);
    } else if (clean) {
        draw_disc(cv, x, y, r, c);
    } else {
        draw_ring(cv, x, y, r, t, c);
    }
}

/* The label size's line height, the unit the pictures lay out in. */
static int line_px(struct canvas *cv)
{
    return text_line_px(cv, type_px(cv, TYPE_LABEL), FONT_BOLD);
}

static int wrapped_h(struct canvas *cv, const char *s, enum font_weight weight, int w)
{
    int px = type_px(cv, TYPE_LABEL);
    return text_wrap_lines(cv, s, px, weight, w) * text_line_px(cv, px, weight);
}

/* A picture's frame: its title and the key to its marks over it (each on the lines it
 * takes), the plot inside. Draws when draw is set; returns the height they take. */
/* A key's entries, which translations part with two spaces, parted by " \xC2\xB7 " so a
 * wrapped line measures as it draws. */
static const char *key_entries(const char *key, char *out, size_t n)
{
    size_t o = 0;
    for (const char *p = key; *p && o + 4 < n; p++) {
        if (p[0] == ' ' && p[1] == ' ') {
            while (p[1] == ' ')
                p++;
            o += (size_t)snprintf(out + o, n - o, " \xC2\xB7 ");
            continue;
        }
        out[o++] = *p;
    }
    out[o < n ? o : n - 1] = '\0';
    return out;
}

static int frame_head(struct canvas *cv, SDL_Rect r, const char *title, const char *key_in,
                      bool draw)
{
    char key_buf[256];
    const char *key = key_in ? key_entries(key_in, key_buf, sizeof key_buf) : NULL;
    int px = type_px(cv, TYPE_LABEL), pad = canvas_px(cv, 0.01), w = r.w - 2 * pad;
    int th = wrapped_h(cv, title, FONT_BOLD, w), kh = key ? wrapped_h(cv, key, FONT_REGULAR, w) : 0;
    if (draw) {
        draw_text_wrap(cv, (SDL_Rect){r.x + pad, r.y + pad, w, th}, title, px, FONT_BOLD, COL_TEXT,
                       ALIGN_LEFT);
        if (key)
            draw_text_wrap(cv, (SDL_Rect){r.x + pad, r.y + pad + th, w, kh}, key, px, FONT_REGULAR,
                           COL_DIM, ALIGN_LEFT);
    }
    return pad + th + kh;
}

#define FRAME_INSET 0.01  /* a picture's frame to what is inside it, of the short side */
#define PLOT_INSET  0.012 /* the frame's inside to the marks of the load and velocity plots */
#define DAYS_INSET  0.006 /* and to the pain bars */
#define DAYS_ROW_MM 4.5   /* the warm-ups' and the flags' rows under the pain bars */

static SDL_Rect frame(struct canvas *cv, SDL_Rect r, const char *title, const char *key)
{
    draw_fill(cv, r, COL_PANEL);
    int head = frame_head(cv, r, title, key, true);
    SDL_Rect in = rect_inset(r, canvas_px(cv, FRAME_INSET));
    rect_cut_top(&in, head - canvas_px(cv, FRAME_INSET));
    return in;
}

/* A scale column wide enough for its labels. */
static SDL_Rect scale_col(struct canvas *cv, SDL_Rect *in, const char *a, const char *b)
{
    int px = type_px(cv, TYPE_LABEL);
    int wa = text_width(cv, a, px, FONT_REGULAR), wb = text_width(cv, b, px, FONT_REGULAR);
    return rect_cut_left(in, (wa > wb ? wa : wb) + canvas_px(cv, 0.01));
}

static void axis_label(struct canvas *cv, SDL_Rect r, const char *s, enum align a)
{
    draw_text(cv, r, s, type_px(cv, TYPE_LABEL), FONT_REGULAR, COL_DIM, a);
}

/* Two axis labels on a row: the first at the left, the second at the right. */
static void axis_ends(struct canvas *cv, SDL_Rect row, const char *left, const char *right)
{
    int w = text_width(cv, left, type_px(cv, TYPE_LABEL), FONT_REGULAR) + 2;
    axis_label(cv, rect_cut_left(&row, w < row.w ? w : row.w), left, ALIGN_LEFT);
    axis_label(cv, row, right, ALIGN_RIGHT);
}

/* The time axis under a plot: 8 weeks ago at the left, today at the right. */
static void time_axis(struct canvas *cv, SDL_Rect row)
{
    axis_ends(cv, row, _("8 weeks ago"), _("today"));
}

/* Load per session: a mark per session's heaviest set, the cap line dashed. */
#define LOADS_KEY                                                                                  \
    N_("\xE2\x97\x8F clean  \xE2\x97\x8B not clean  \xE2\x9C\x95 stopped  - - - cap that day")
static void loads_plot(struct canvas *cv, SDL_Rect r, const struct lifter_story *st,
                       const struct story_exercise *ex)
{
    char loads_title[64];
    loads_title_of(loads_title, sizeof loads_title, cv->unit);
    SDL_Rect in = frame(cv, r, loads_title, _(LOADS_KEY));
    SDL_Rect axis = rect_cut_bottom(&in, line_px(cv));
    char lo[16], hi[16];
    format_load(cv, lo, sizeof lo, ex->load_lo_g);
    format_load(cv, hi, sizeof hi, ex->load_hi_g);
    SDL_Rect scale = scale_col(cv, &in, lo, hi);
    axis_label(cv, rect_cut_top(&scale, line_px(cv)), hi, ALIGN_LEFT);
    axis_label(cv, rect_cut_bottom(&scale, line_px(cv)), lo, ALIGN_LEFT);
    time_axis(cv, (SDL_Rect){in.x, axis.y, in.w, axis.h});
    SDL_Rect p = rect_inset(in, canvas_px(cv, PLOT_INSET));
    canvas_add_plot(cv, p);
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

/* The velocity picture's key: the fitted line in the reader's words and unit (its speed
 * at the lightest load and its change per 10 of the unit), or how many sets so far. */
static void velocity_key(struct canvas *cv, const struct story_exercise *ex, char *out, size_t n)
{
    if (!ex->fit_ok) {
        char count[16];
        snprintf(count, sizeof count, "%d", ex->fit_n);
        const char *args[1] = {count};
        i18n_phrase(out, n, N_("%s sets measured: no line yet"), args, 1);
        return;
    }
    char at[16], load[24], per[16], step[24];
    double v0 = ex->fit_v0_mmps + ex->fit_mmps_per_kg * ex->lv_lo_g / 1000.0;
    int32_t step_g = cv->unit == RACK_LB ? 4536 : 10000; /* 10 lb or 10 kg */
    i18n_fixed(at, sizeof at, v0 / 1000.0, 2);
    format_load(cv, load, sizeof load, ex->lv_lo_g);
    double per_step = ex->fit_mmps_per_kg * step_g / 1000.0 / 1000.0;
    i18n_fixed(per, sizeof per, per_step < 0 ? -per_step : per_step, 2);
    char signed_per[24]; /* a true minus sign, or a plus */
    snprintf(signed_per, sizeof signed_per, "%s%s", per_step < 0 ? "\xE2\x88\x92" : "+", per);
    format_load(cv, step, sizeof step, step_g);
    const char *args[4] = {at, load, signed_per, step};
    i18n_phrase(out, n, N_("- - - fit: %s m/s at %s, %s m/s per %s"), args, 4);
}

/* Velocity at load: each set's mean concentric velocity, and the fitted line. */
static void velocity_plot(struct canvas *cv, SDL_Rect r, const struct story_exercise *ex)
{
    char key[160];
    velocity_key(cv, ex, key, sizeof key);
    SDL_Rect in = frame(cv, r, _("Velocity at load (m/s)"), key);
    SDL_Rect axis = rect_cut_bottom(&in, line_px(cv));
    char s[16];
    i18n_fixed(s, sizeof s, ex->vel_hi_mmps / 1000.0, 1);
    SDL_Rect scale = scale_col(cv, &in, s, "0");
    axis_label(cv, rect_cut_top(&scale, line_px(cv)), s, ALIGN_LEFT);
    axis_label(cv, rect_cut_bottom(&scale, line_px(cv)), "0", ALIGN_LEFT);
    char lo[16], hi[16];
    format_load(cv, lo, sizeof lo, ex->lv_lo_g);
    format_load(cv, hi, sizeof hi, ex->lv_hi_g);
    axis_ends(cv, (SDL_Rect){in.x, axis.y, in.w, axis.h}, lo, hi);
    SDL_Rect p = rect_inset(in, canvas_px(cv, PLOT_INSET));
    canvas_add_plot(cv, p);
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

/* Pain answers as bars (their height, and a number from 4 up), warm-ups and flags in rows
 * under them: a flag's severity by its shape as well as its colour. */
#define DAYS_KEY                                                                                   \
    N_("bars: pain, ! red flag  \xE2\x96\xA0 warm-up  \xE2\x9C\x95 skipped  \xE2\x96\xB2 flag  "   \
       "\xE2\x97\x86 stop flag")
static void days_plot(struct canvas *cv, SDL_Rect r, const struct lifter_story *st)
{
    SDL_Rect in = frame(cv, r,
                        _("Pain 0\xE2\x80\x93"
                          "10, warm-ups, flags"),
                        _(DAYS_KEY));
    SDL_Rect axis = rect_cut_bottom(&in, line_px(cv));
    time_axis(cv, (SDL_Rect){in.x, axis.y, in.w, axis.h});
    int row = mm_px(cv, DAYS_ROW_MM), px = type_px(cv, TYPE_LABEL);
    SDL_Rect flags_row = rect_cut_bottom(&in, row);
    SDL_Rect warm_row = rect_cut_bottom(&in, row);
    SDL_Rect p = rect_inset(in, canvas_px(cv, DAYS_INSET));
    canvas_add_plot(cv, p);
    int bar_w = p.w / STORY_DAYS > 2 ? p.w / STORY_DAYS - 1 : 2;
    int r_mark = row / 3;
    SDL_Rect said[STORY_MAX_DAYS];
    int n_said = 0;
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
                int lh = line_px(cv), w = text_width(cv, n, px, FONT_BOLD) + 2;
                SDL_Rect box = {x - w / 2, y - lh, w, lh};
                box.x = box.x < p.x ? p.x : box.x + box.w > p.x + p.w ? p.x + p.w - box.w : box.x;
                box.y = box.y < p.y ? p.y : box.y; /* a tall bar's number inside its top */
                bool clear = true; /* a number beside another stays with its bar's height */
                for (int k = 0; clear && k < n_said; k++)
                    clear = !SDL_HasIntersection(&box, &said[k]);
                if (clear)
                    said[n_said++] = draw_text(cv, box, n, px, FONT_BOLD, COL_TEXT, ALIGN_CENTER);
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
        enum severity sev = (enum severity)f->severity;
        if (sev == SEVERITY_STOP) {
            SDL_FPoint dia[4] = {{(float)x, (float)(y - r_mark)},
                                 {(float)(x + r_mark), (float)y},
                                 {(float)x, (float)(y + r_mark)},
                                 {(float)(x - r_mark), (float)y}};
            draw_polygon(cv, dia, 4, colour_severity(sev));
        } else {
            SDL_FPoint tri[3] = {{(float)x, (float)(y - r_mark)},
                                 {(float)(x + r_mark), (float)(y + r_mark)},
                                 {(float)(x - r_mark), (float)(y + r_mark)}};
            draw_polygon(cv, tri, 3, colour_severity(sev));
        }
    }
}

/* What trainers did about the lifter, newest first, as many as fit whole; the rest
 * counted ("+ 2 more"). */
static void actions_list(struct canvas *cv, SDL_Rect r, const struct lifter_story *st)
{
    SDL_Rect in = frame(cv, r, _("Trainers' actions, newest first"), NULL);
    int px = type_px(cv, TYPE_LABEL), line = line_px(cv);
    if (st->n_actions == 0) {
        draw_text_wrap(cv, in, _("none in 8 weeks"), px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
        return;
    }
    for (int i = 0; i < st->n_actions; i++) {
        const struct story_action *a = &st->actions[i];
        time_t t = (time_t)(a->t_wall_us / 1000000);
        struct tm tm;
        char when[16] = "";
        if (localtime_r(&t, &tm))
            strftime(when, sizeof when, "%d/%m", &tm);
        char head[STORY_NAME_MAX + 96];
        const char *head_args[3] = {when, a->by_operator ? _("the operator") : a->by, _(a->what)};
        i18n_phrase(head, sizeof head, "%s %s: %s", head_args, 3);
        char said[STORY_NOTE_MAX + 64];
        const char *note = _(a->note); /* a preset note in the reader's words */
        if (a->has_load) { /* a start load or a cap: its exercise and load in the reader's */
            char load[32];
            plates_format(cv->unit, a->load_g, load, sizeof load);
            const char *args[3] = {_(a->exercise), load, a->reason};
            i18n_phrase(said, sizeof said, a->reason[0] ? "%s %s: %s" : "%s %s", args,
                        a->reason[0] ? 3 : 2);
            note = said;
        }
        int hh = wrapped_h(cv, head, FONT_BOLD, in.w);
        int nh = note[0] ? wrapped_h(cv, note, FONT_REGULAR, in.w) : 0;
        bool last = i + 1 == st->n_actions;
        if (hh + nh + (last ? 0 : line) > in.h) { /* the rest, counted */
            char more[32];
            snprintf(more, sizeof more, "+ %d", st->n_actions - i);
            draw_text(cv, rect_cut_top(&in, line), more, px, FONT_BOLD, COL_DIM, ALIGN_LEFT);
            return;
        }
        draw_text_wrap(cv, rect_cut_top(&in, hh), head, px, FONT_BOLD, COL_TEXT, ALIGN_LEFT);
        if (nh)
            draw_text_wrap(cv, rect_cut_top(&in, nh), note, px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    }
}

/* Back, one tab per exercise with sets in the 8 weeks (or, where the tabs would take a
 * second row, one button naming the exercise shown that turns to the next: labels.tab), a
 * lost badge, and where the pictures take pages, the next page ("\xE2\x96\xB6 2/3"). */
#define STORY_BUTTONS (STORY_MAX_EXERCISES + 3)
struct story_labels {
    char page[32];
    char tab[STORY_NAME_MAX + 8];
    bool one_tab;
};
static int story_buttons(const struct session_view *v, int page, int pages,
                         struct story_labels *labels, struct grid_button *b)
{
    char *page_label = labels->page;
    size_t label_len = sizeof labels->page;
    int n = 0;
    b[n++] =
        (struct grid_button){_("Back"), BUTTON_QUIET, ACTION_BACK, 0, view_can(v, ACTION_BACK, 0)};
    const struct lifter_story *st = v->trainer.story;
    int n_ex = v->trainer.story_loading ? 0 : st->n_ex;
    if (labels->one_tab && n_ex > 1 && v->trainer.story_ex >= 0) {
        int next = (v->trainer.story_ex + 1) % n_ex;
        snprintf(labels->tab, sizeof labels->tab, "%s \xE2\x96\xB6",
                 _(st->ex[v->trainer.story_ex].name));
        b[n++] = (struct grid_button){labels->tab, BUTTON_SELECTED, ACTION_STORY_EXERCISE, next,
                                      view_can(v, ACTION_STORY_EXERCISE, next)};
        n_ex = 0;
    }
    for (int i = 0; i < n_ex && i < STORY_MAX_EXERCISES; i++)
        b[n++] = (struct grid_button){
            _(st->ex[i].name), i == v->trainer.story_ex ? BUTTON_SELECTED : BUTTON_PLAIN,
            ACTION_STORY_EXERCISE, i, view_can(v, ACTION_STORY_EXERCISE, i)};
    if (pages > 1) {
        int next = (page + 1) % pages;
        snprintf(page_label, label_len, "%s %d/%d", next ? "\xE2\x96\xB6" : "\xE2\x97\x80",
                 next + 1, pages);
        b[n++] = (struct grid_button){page_label, BUTTON_PLAIN, ACTION_TOUCH,
                                      UI_ARG_PAGE_BASE + next, true};
    }
    /* a lost badge of this lifter's, taken away (the Enrol page, with a confirmation) */
    b[n++] = (struct grid_button){_("Lost badge\xE2\x80\xA6"), BUTTON_QUIET, ACTION_BADGE_TAKE, 0,
                                  view_can(v, ACTION_BADGE_TAKE, 0)};
    return n;
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
    int inset = canvas_px(cv, 0.006), px = type_px(cv, TYPE_LABEL);
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

/* The pictures in the order they are shown. */
enum picture { PIC_LOADS, PIC_VELOCITY, PIC_DAYS, PIC_ACTIONS, PICTURES };

/* The least height a picture needs in width w to be read: its title and key, an axis
 * line, the frame's insets, and TRAINER_PLOT_MIN_MM for its marks (the pain bars with their
 * rows under them and a line over them for a number). */
static int picture_min_h(struct canvas *cv, const struct session_view *v, enum picture pic, int w)
{
    const struct lifter_story *st = v->trainer.story;
    int line = line_px(cv);
    int plot =
        mm_px(cv, TRAINER_PLOT_MIN_MM) + canvas_px(cv, FRAME_INSET) + 2 * canvas_px(cv, PLOT_INSET);
    char title[64], key[160];
    SDL_Rect r = {0, 0, w, 0};
    switch (pic) {
    case PIC_LOADS:
        loads_title_of(title, sizeof title, cv->unit);
        return frame_head(cv, r, title, _(LOADS_KEY), false) + line + plot;
    case PIC_VELOCITY:
        if (v->trainer.story_ex < 0)
            return 2 * line;
        velocity_key(cv, &st->ex[v->trainer.story_ex], key, sizeof key);
        return frame_head(cv, r, _("Velocity at load (m/s)"), key, false) + line + plot;
    case PIC_DAYS:
        return frame_head(cv, r,
                          _("Pain 0\xE2\x80\x93"
                            "10, warm-ups, flags"),
                          _(DAYS_KEY), false) +
               line + 2 * mm_px(cv, DAYS_ROW_MM) + mm_px(cv, TRAINER_PLOT_MIN_MM) +
               canvas_px(cv, FRAME_INSET) + 2 * canvas_px(cv, DAYS_INSET);
    default:
        return frame_head(cv, r, _("Trainers' actions, newest first"), NULL, false) + 2 * line;
    }
}

/* How the pictures share the room: cols x rows a page, the fewest pages where each
 * picture keeps its least height. */
struct story_grid {
    int cols, rows, pages;
};

static bool grid_fits(struct canvas *cv, const struct session_view *v, SDL_Rect a, int cols,
                      int rows, int gap)
{
    int w = (a.w - gap * (cols - 1)) / cols, h = (a.h - gap * (rows - 1)) / rows;
    for (int p = 0; p < PICTURES; p++)
        if (picture_min_h(cv, v, (enum picture)p, w) > h)
            return false;
    return w >= mm_px(cv, 45);
}

static struct story_grid story_grid(struct canvas *cv, const struct session_view *v, SDL_Rect a,
                                    int gap)
{
    static const int landscape[][2] = {{2, 2}, {2, 1}, {1, 1}};
    static const int portrait[][2] = {{1, 4}, {1, 2}, {1, 1}};
    const int(*opt)[2] = canvas_portrait(cv) ? portrait : landscape;
    for (int i = 0; i < 3; i++)
        if (i == 2 || grid_fits(cv, v, a, opt[i][0], opt[i][1], gap)) {
            int per = opt[i][0] * opt[i][1];
            return (struct story_grid){opt[i][0], opt[i][1], (PICTURES + per - 1) / per};
        }
    return (struct story_grid){1, 1, PICTURES};
}

static void picture(struct canvas *cv, SDL_Rect r, const struct session_view *v, enum picture pic)
{
    const struct lifter_story *st = v->trainer.story;
    const struct story_exercise *ex =
        v->trainer.story_ex >= 0 ? &st->ex[v->trainer.story_ex] : NULL;
    if (!ex && (pic == PIC_LOADS || pic == PIC_VELOCITY)) {
        if (pic == PIC_LOADS)
            draw_text_wrap(cv, r, _("No sets in the last 8 weeks"), type_px(cv, TYPE_BODY),
                           FONT_REGULAR, COL_DIM, ALIGN_CENTER);
        return;
    }
    switch (pic) {
    case PIC_LOADS:
        loads_plot(cv, r, st, ex);
        break;
    case PIC_VELOCITY:
        velocity_plot(cv, r, ex);
        break;
    case PIC_DAYS:
        days_plot(cv, r, st);
        break;
    default:
        actions_list(cv, r, st);
        break;
    }
}

/* The buttons on one row where each label holds whole on it (a picture a page keeps the
 * height a second row would take), else in the grid that takes the least height. */
static bool buttons_one_row(struct canvas *cv, const struct grid_button *b, int n, int w)
{
    const char *labels[STORY_BUTTONS];
    int first[STORY_BUTTONS + 1];
    for (int i = 0; i < n; i++)
        labels[i] = b[i].label;
    return button_rows_pack(cv, labels, n, w, canvas_px(cv, 0.012), first) == 1;
}

static int buttons_h(struct canvas *cv, const struct grid_button *b, int n, int w)
{
    if (buttons_one_row(cv, b, n, w))
        return target_px(cv);
    return button_grid_h(cv, b, n, w, button_grid_cols(cv, b, n, w));
}

static void draw_buttons(struct canvas *cv, SDL_Rect row, const struct grid_button *b, int n)
{
    if (!buttons_one_row(cv, b, n, row.w)) {
        draw_button_grid(cv, row, b, n, button_grid_cols(cv, b, n, row.w));
        return;
    }
    const char *labels[STORY_BUTTONS];
    int w[STORY_BUTTONS], gap = canvas_px(cv, 0.012), x = row.x;
    for (int i = 0; i < n; i++)
        labels[i] = b[i].label;
    button_row_widths(cv, labels, n, row.w, gap, w);
    for (int i = 0; i < n; i++) {
        if (i == n - 1)
            w[i] = row.x + row.w - x;
        draw_button_px(cv, (SDL_Rect){x, row.y, w[i], row.h}, b[i].label, type_px(cv, TYPE_LABEL),
                       b[i].style, b[i].action, b[i].arg, b[i].enabled);
        x += w[i] + gap;
    }
}

void screen_story(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    const struct lifter_story *st = v->trainer.story;
    char title[STORY_NAME_MAX + 24];
    const char *who[] = {st->name[0] ? st->name : _("Lifter")};
    i18n_phrase(title, sizeof title, N_("%s: 8 weeks"), who, 1);
    draw_header(cv, &a, title, v->name);
    a = rect_inset(a, canvas_px(cv, 0.02));
    int gap = canvas_px(cv, 0.012);
    struct grid_button b[STORY_BUTTONS];
    struct story_labels labels = {.one_tab = false};
    /* the buttons' rows first (with a page button, as a paged layout has one) */
    int n = story_buttons(v, 0, 2, &labels, b);
    /* a landscape panel keeps its buttons on one row: the tabs as one button if need be */
    if (!canvas_portrait(cv) && !buttons_one_row(cv, b, n, a.w)) {
        labels.one_tab = true;
        n = story_buttons(v, 0, 2, &labels, b);
    }
    SDL_Rect body = a;
    rect_cut_bottom(&body, buttons_h(cv, b, n, a.w) + gap);
    bool busy = v->trainer.story_loading || v->trainer.story_failed;
    int rack_h = busy ? 0 : at_the_rack(cv, rect_cut_top(&body, 0), v, st);
    if (rack_h)
        rect_cut_top(&body, rack_h + gap);
    struct story_grid g = busy ? (struct story_grid){1, 1, 1} : story_grid(cv, v, body, gap);
    /* a picture a page that the sentence at the rack would squeeze: the sentence on a page
     * of its own, first */
    bool rack_page = rack_h && g.cols * g.rows == 1 && !grid_fits(cv, v, body, 1, 1, gap);
    if (rack_page)
        g.pages++;
    int page = cv->page >= 0 && cv->page < g.pages ? cv->page : 0;
    n = story_buttons(v, page, g.pages, &labels, b);
    draw_buttons(cv, rect_cut_bottom(&a, buttons_h(cv, b, n, a.w)), b, n);
    rect_cut_bottom(&a, gap);
    if (busy) {
        draw_text_wrap(cv, a,
                       v->trainer.story_loading ? _("Loading\xE2\x80\xA6")
                                                : _("The lifter's records could not be read"),
                       type_px(cv, TYPE_BODY), FONT_REGULAR, COL_DIM, ALIGN_CENTER);
        return;
    }
    if (rack_page && page == 0) {
        at_the_rack(cv, rect_cut_top(&a, rack_h), v, st);
        return;
    }
    if (rack_page)
        page--;
    else if (rack_h) {
        at_the_rack(cv, rect_cut_top(&a, rack_h), v, st);
        rect_cut_top(&a, gap);
    }
    int per = g.cols * g.rows;
    int w = (a.w - gap * (g.cols - 1)) / g.cols, h = (a.h - gap * (g.rows - 1)) / g.rows;
    for (int i = 0; i < per && page * per + i < PICTURES; i++) {
        SDL_Rect r = {a.x + (i % g.cols) * (w + gap), a.y + (i / g.cols) * (h + gap), w, h};
        picture(cv, r, v, (enum picture)(page * per + i));
    }
}
