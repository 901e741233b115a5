/* Rest: time to the next set, how the last one went and whether it is saved. */
#include <stdio.h>
#include <string.h>

#include "screens.h"

#define US_PER_S 1000000

/* The lines of the rest screen under the clock, in the order they are read. */
#define REST_LINES_MAX (8 + SET_MAX_FLAGS)
struct rest_lines {
    char text[REST_LINES_MAX][FLAG_LINE_LEN];
    SDL_Color colour[REST_LINES_MAX];
    int n;
};

static char *rest_line(struct rest_lines *l, SDL_Color c)
{
    if (l->n >= REST_LINES_MAX)
        return NULL;
    l->colour[l->n] = c;
    l->text[l->n][0] = '\0';
    return l->text[l->n++];
}

/* The lines from first on as one, a " · " between, in the first caution colour among them. */
static void join_rest_lines(struct rest_lines *l, int first)
{
    if (first >= l->n)
        return;
    char all[sizeof l->text[0]];
    size_t len = 0;
    SDL_Color c = l->colour[first];
    for (int i = first; i < l->n; i++) {
        int w = snprintf(all + len, sizeof all - len, "%s%s", i > first ? " \xC2\xB7 " : "",
                         l->text[i]);
        if (w > 0 && (size_t)w < sizeof all - len)
            len += (size_t)w;
        if (memcmp(&l->colour[i], &COL_TEXT, sizeof c) != 0)
            c = l->colour[i];
    }
    memcpy(l->text[first], all, len + 1);
    l->colour[first] = c;
    l->n = first + 1;
}

/* How the set went, a line each: velocity, its loss against the limit, time under
 * tension, the tempo kept. narrow_w: the loss in numbers only where its words would wrap.
 * Every line is a translation filled by substitution (i18n_phrase): a translation that takes
 * other arguments than its English shows the English, never garbage. */
static void summary_lines(struct canvas *cv, struct rest_lines *l, const struct set_summary *sum,
                          int narrow_w, bool compact)
{
    if (sum->n_reps <= 0)
        return;
    int px = type_px(cv, TYPE_LABEL);
    char best[16], mean[16], tut[16], loss[12], limit[12], kept[12], scored[12], pct[12], *t;
    size_t n = sizeof l->text[0];
    i18n_fixed(best, sizeof best, sum->best_mmps / 1000.0, 2);
    i18n_fixed(mean, sizeof mean, sum->mean_mmps / 1000.0, 2);
    i18n_number(tut, sizeof tut, sum->tut_ms / 1000.0, 1);
    i18n_int(loss, sizeof loss, (long)sum->loss_pct);
    i18n_int(limit, sizeof limit, (long)sum->loss_limit_pct);
    i18n_int(kept, sizeof kept, sum->tempo_kept);
    i18n_int(scored, sizeof scored, sum->tempo_scored);
    i18n_int(pct, sizeof pct, sum->tempo_pct);
    const char *speeds[] = {best, mean}, *losses[] = {loss, limit};
    if (compact && (t = rest_line(l, COL_TEXT))) /* a short panel: two numbers a line */
        i18n_phrase(t, n, N_("Best %s \xC2\xB7 mean %s\xC2\xA0m/s"), speeds, 2);
    if (!compact && (t = rest_line(l, COL_TEXT)))
        i18n_phrase(t, n, N_("Best %s\xC2\xA0m/s"), &speeds[0], 1);
    if (!compact && (t = rest_line(l, COL_TEXT)))
        i18n_phrase(t, n, N_("Mean %s\xC2\xA0m/s"), &speeds[1], 1);
    if ((t = rest_line(l, sum->loss_over ? COL_CAUTION : COL_TEXT))) {
        if (sum->loss_over)
            i18n_phrase(t, n, N_("\xE2\x9A\xA0 Velocity loss %s\xC2\xA0%%: over %s\xC2\xA0%%"),
                        losses, 2);
        else
            i18n_phrase(t, n, N_("Velocity loss %s\xC2\xA0%% of %s\xC2\xA0%%"), losses, 2);
        if (text_wrap_lines(cv, t, px, FONT_BOLD, narrow_w) > 1) { /* numbers only */
            char nums[64]; /* over the limit: its sign kept, never the colour alone */
            i18n_phrase(nums, sizeof nums, N_("Loss %s\xC2\xA0%% / %s\xC2\xA0%%"), losses, 2);
            snprintf(t, n, "%s%s", sum->loss_over ? "\xE2\x9A\xA0 " : "", nums);
        }
    }
    if (compact && sum->tempo_scored > 0 && (t = rest_line(l, COL_TEXT))) {
        const char *args[] = {tut, kept, scored};
        i18n_phrase(t, n, N_("%s\xC2\xA0s under tension \xC2\xB7 tempo %s/%s"), args, 3);
        return;
    }
    if ((t = rest_line(l, COL_TEXT))) {
        const char *args[] = {tut};
        i18n_phrase(t, n, N_("Under tension %s\xC2\xA0s"), args, 1);
    }
    if ((t = rest_line(l, COL_TEXT))) {
        const char *args[] = {kept, scored, pct};
        if (sum->tempo_scored > 0)
            i18n_phrase(t, n, N_("Tempo kept %s of %s reps (%s\xC2\xA0%%)"), args, 3);
        else
            snprintf(t, n, "%s", _("Tempo: no cue to keep"));
    }
}

/* A line wraps over at most this many rows (a sentence in a narrow column, the set's numbers
 * or flags as one paragraph). */
#define LINE_ROWS_MAX 8

/* Height the lines from..to take in width w at px, each wrapped (-1: one would need more
 * than LINE_ROWS_MAX rows). */
static int lines_h(struct canvas *cv, const struct rest_lines *l, int from, int to, int px, int w)
{
    int line_h = text_line_px(cv, px, FONT_BOLD), h = 0;
    for (int i = from; i < to; i++) {
        int rows = text_wrap_lines(cv, l->text[i], px, FONT_BOLD, w);
        if (rows > LINE_ROWS_MAX)
            return -1;
        h += rows * line_h;
    }
    return h;
}

/* Draws lines from i on, while they fit in box; returns the first not drawn. */
static int draw_lines(struct canvas *cv, SDL_Rect box, const struct rest_lines *l, int i, int px)
{
    int line_h = text_line_px(cv, px, FONT_BOLD);
    for (; i < l->n; i++) {
        if (!l->text[i][0])
            continue;
        int rows = text_wrap_lines(cv, l->text[i], px, FONT_BOLD, box.w);
        if (rows > LINE_ROWS_MAX || rows * line_h > box.h)
            break;
        draw_text_wrap(cv, rect_cut_top(&box, rows * line_h), l->text[i], px, FONT_BOLD,
                       l->colour[i], ALIGN_LEFT);
    }
    return i;
}

/* How many lines from the first on fit in box, as draw_lines draws them (the index of the
 * first that does not). */
static int lines_in_from(struct canvas *cv, const struct rest_lines *l, int i, SDL_Rect box, int px)
{
    int line_h = text_line_px(cv, px, FONT_BOLD);
    for (; i < l->n; i++) {
        if (!l->text[i][0])
            continue;
        int rows = text_wrap_lines(cv, l->text[i], px, FONT_BOLD, box.w);
        if (rows > LINE_ROWS_MAX || rows * line_h > box.h)
            break;
        box.h -= rows * line_h;
    }
    return i;
}

static int lines_in(struct canvas *cv, const struct rest_lines *l, SDL_Rect box, int px)
{
    return lines_in_from(cv, l, 0, box, px);
}

/* Whether the lines from first on fit in a's two columns, the left filled first. */
static bool two_columns_fit(struct canvas *cv, const struct rest_lines *l, int first, SDL_Rect a,
                            int gap, int px)
{
    SDL_Rect left = rect_cut_left(&a, (a.w - 2 * gap) / 2);
    rect_cut_left(&a, 2 * gap);
    return lines_in_from(cv, l, lines_in_from(cv, l, first, left, px), a, px) >= l->n;
}

/* Whether the lines from the first on fit in a: in a column beside the bars (landscape),
 * in one column, or in two. */
static bool lines_fit(struct canvas *cv, const struct rest_lines *l, int first, SDL_Rect a, int gap,
                      bool tall)
{
    int px = type_px(cv, TYPE_LABEL);
    int side = lines_h(cv, l, first, l->n, px, a.w * 2 / 5);
    if (!tall && side >= 0 && side <= a.h)
        return true;
    int h = lines_h(cv, l, first, l->n, px, a.w);
    if (h >= 0 && h <= a.h)
        return true;
    return two_columns_fit(cv, l, first, a, gap, px);
}

/*
 * The lines and the set's speeds in a: the lines in a column beside the bars (landscape)
 * or over them (portrait) when both fit; else the lines across the whole of a, in two
 * columns where one is not enough, without the bars. What still does not fit is counted
 * as omitted (the layout test holds the lifter screens to none).
 */
static void lines_and_bars(struct canvas *cv, SDL_Rect a, const struct rest_lines *l,
                           const struct live_set *set, bool tall, int gap, bool bars_too)
{
    int px = type_px(cv, TYPE_LABEL);
    int row_h = px * 6 / 5;
    int bars_min_h = set->n_reps > 0 ? row_h * 5 : row_h * 3; /* values, bars, numbers */
    if (!bars_too) {
        /* (the flags' page: the speeds are the numbers' page's) */
    } else if (tall) {
        int h = lines_h(cv, l, 0, l->n, px, a.w);
        if (h >= 0 && h + gap + bars_min_h <= a.h) {
            draw_lines(cv, rect_cut_top(&a, h), l, 0, px);
            rect_cut_top(&a, gap);
            draw_velocity_bars(cv, a, set->reps, set->n_reps);
            return;
        }
    } else {
        static const int fifths[] = {2, 3}; /* the column's share of the width */
        for (size_t f = 0; f < sizeof fifths / sizeof fifths[0]; f++) {
            int side_w = a.w * fifths[f] / 5;
            int h = lines_h(cv, l, 0, l->n, px, side_w);
            /* (the bars beside them only where they number every rep: else the words alone) */
            SDL_Rect bars = {a.x, a.y, a.w - side_w - 2 * gap, a.h};
            if (h < 0 || h > a.h || a.w - side_w - 2 * gap < bars_min_h ||
                !velocity_bars_numbered(cv, bars, set->n_reps))
                continue;
            SDL_Rect side = rect_cut_right(&a, side_w);
            rect_cut_right(&a, 2 * gap);
            draw_lines(cv, side, l, 0, px);
            draw_velocity_bars(cv, a, set->reps, set->n_reps);
            return;
        }
    }
    /* the words first: the bars only say again what Best and Mean say; two columns where
     * each still holds a line in three rows */
    int col_w = (a.w - 2 * gap) / 2;
    int h = lines_h(cv, l, 0, l->n, px, a.w);
    int next;
    if ((h >= 0 && h <= a.h) || !two_columns_fit(cv, l, 0, a, gap, px)) {
        next = draw_lines(cv, a, l, 0, px);
    } else {
        SDL_Rect left = rect_cut_left(&a, col_w);
        rect_cut_left(&a, 2 * gap);
        next = draw_lines(cv, a, l, draw_lines(cv, left, l, 0, px), px);
    }
    cv->stats.omitted += l->n - next;
}

/* A way of saying the rest screen's lines: the flags' form, the numbers two a line, the
 * numbers as one paragraph. */
struct rest_level {
    enum flag_form form;
    bool compact, joined;
};

/* What the lines say besides the set's numbers and flags. */
struct rest_text {
    const char *credit, *saved, *load;
    bool saved_below, tall;
    bool saved_first; /* paged: "Saved" first, beside the clock, the button where it was */
};

enum { REST_NUMBERS = 1, REST_FLAGS = 2 };

/* The lines in order: whether the set counted and is saved, then (what) its reps and how it
 * went, then what was flagged. */
static void rest_compose(struct canvas *cv, const struct session_view *v,
                         const struct rest_text *txt, const struct rest_level *lv, int what, int w,
                         struct rest_lines *l)
{
    const struct live_set *set = v->lift.set;
    char *t;
    l->n = 0;
    SDL_Color saved_c = set->save_failed ? COL_STOP : set->saved ? COL_GO : COL_DIM;
    if (!txt->saved_below && txt->saved_first && (t = rest_line(l, saved_c)))
        snprintf(t, sizeof l->text[0], "%s", txt->saved);
    if ((what & REST_FLAGS) && txt->credit[0] &&
        (t = rest_line(l, set->stopped ? COL_STOP : COL_CAUTION)))
        snprintf(t, sizeof l->text[0], "%s", txt->credit);
    if (!txt->saved_below && !txt->saved_first && (t = rest_line(l, saved_c)))
        snprintf(t, sizeof l->text[0], "%s", txt->saved);
    if (what & REST_NUMBERS) {
        int numbers = l->n;
        if ((t = rest_line(l, COL_TEXT))) {
            char reps[12];
            i18n_int(reps, sizeof reps, set->n_reps);
            const char *args[] = {reps, txt->load};
            i18n_phrase_plural(t, sizeof l->text[0], "Last set: %s rep at %s",
                               "Last set: %s reps at %s",
                               (unsigned long)(set->n_reps > 0 ? set->n_reps : 0), args, 2);
        }
        summary_lines(cv, l, &v->lift.summary, txt->tall ? w : w * 2 / 5, lv->compact);
        if (lv->joined) /* the numbers as one paragraph, a " · " between */
            join_rest_lines(l, numbers);
    }
    if (!(what & REST_FLAGS))
        return;
    if (set->n_flags == 0 && (t = rest_line(l, COL_GO)))
        snprintf(t, sizeof l->text[0], "%s", _("No flags \xE2\x9C\x93"));
    struct flag_lines fl;
    set_flag_lines(cv, set->flags, set->n_flags, lv->form, &fl);
    for (int i = 0; i < fl.n; i++)
        if ((t = rest_line(l, colour_severity(fl.severity[i]))))
            snprintf(t, sizeof l->text[0], "%s", fl.text[i]);
}

static void screen_rest_body(struct canvas *cv, const void *ctx)
{
    const struct session_view *v = ctx;
    const struct live_set *set = v->lift.set;
    const struct plan *p = v->lift.plan;
    SDL_Rect a = cv->area;
    char who[NAME_MAX_LEN];
    draw_header(cv, &a, _("Rest"), display_name(who, sizeof who, v->name));
    a = rect_inset(a, canvas_px(cv, 0.02));
    int gap = canvas_px(cv, 0.015);

    SDL_Rect bottom = rect_cut_bottom(&a, target_px(cv));
    rect_cut_bottom(&a, gap);
    bool tall = canvas_portrait(cv); /* portrait: rows stacked, buttons halves of the row */
    draw_button(cv,
                rect_cut_left(&bottom, button_width(cv, _("Log out"), bottom.w / 4,
                                                    tall ? bottom.w * 2 / 5 : bottom.w / 3)),
                _("Log out"), BUTTON_QUIET, ACTION_LOGOUT, 0, view_can(v, ACTION_LOGOUT, 0));
    draw_button(
        cv, rect_cut_right(&bottom, tall ? bottom.w - canvas_px(cv, 0.03) : bottom.w * 2 / 5),
        _("Next set"), BUTTON_PRIMARY, ACTION_REST_DONE, 0, view_can(v, ACTION_REST_DONE, 0));
    /* between the buttons (landscape): whether the set is saved, where it fits on a line */
    SDL_Rect status = rect_inset(bottom, gap);

    /* the clock is the key number; beside it what comes next and how the last set went */
    int64_t left_us = v->lift.rest_left_us;
    int secs = left_us > 0 ? (int)((left_us + US_PER_S - 1) / US_PER_S) : 0;
    char clock[16];
    format_clock(clock, sizeof clock, secs);
    int key_px = type_px(cv, TYPE_KEY);
    SDL_Rect top = rect_cut_top(&a, key_line_px(cv, key_px));
    SDL_Rect clock_r = tall ? top : rect_cut_left(&top, text_width(cv, "0:00", key_px, FONT_BOLD));
    rect_cut_left(&top, gap * 2);
    draw_key_text(cv, clock_r, clock, secs == 0 ? COL_GO : COL_TEXT, ALIGN_LEFT);
    rect_cut_top(&a, gap / 2);
    double total = (double)v->lift.rest_us;
    draw_progress(cv, rect_cut_top(&a, mm_px(cv, 3)), total > 0 ? 1.0 - (double)left_us / total : 1,
                  COL_ACCENT);
    rect_cut_top(&a, gap / 2);

    char next[96] = "", kg[24];
    if (p->current < p->n_sets) {
        char nkg[24];
        format_load(cv, nkg, sizeof nkg, p->sets[p->current].load_g);
        char reps[12];
        i18n_int(reps, sizeof reps, p->sets[p->current].reps);
        const char *args[] = {nkg, reps};
        i18n_phrase(next, sizeof next,
                    secs == 0 ? N_("Now: %s \xC3\x97 %s") : N_("Next: %s \xC3\x97 %s"), args, 2);
    } else if (p->n_sets > 0) {
        snprintf(next, sizeof next, "%s \xE2\x9C\x93", _("All sets done"));
    }
    if (set->declared)
        format_load(cv, kg, sizeof kg, set->load_g);
    else
        format_bar_load(cv, kg, sizeof kg, set->load_g, &v->lift.plates, v->lift.empty_bar_g);
    const char *saved = set->save_failed ? _("\xE2\x9C\x97 Not saved yet: the kiosk keeps trying. "
                                             "Tell a trainer.")
                        : set->saved     ? _("Saved \xE2\x9C\x93")
                                         : _("Saving\xE2\x80\xA6");
    const char *credit = set->stopped ? _("\xE2\x9C\x97 Stopped: not credited")
                         : !set->clean && set->n_reps > 0
                             ? _("\xE2\x9A\xA0 Counted, not clean: no step up from it")
                             : "";
    /* what comes next beside the clock (portrait: under its bar), then the rest in order:
     * whether the set counted and is saved, its reps, how it went, what was flagged */
    int title_px = type_px(cv, TYPE_TITLE);
    SDL_Rect next_r = tall ? rect_cut_top(&a, text_line_px(cv, title_px, FONT_BOLD)) : top;
    if (next[0])
        draw_text_wrap(
            cv,
            rect_cut_top(&next_r,
                         text_wrap_lines(cv, next, title_px, FONT_BOLD, next_r.w) > 1 && !tall
                             ? 2 * text_line_px(cv, title_px, FONT_BOLD)
                             : text_line_px(cv, title_px, FONT_BOLD)),
            next, title_px, FONT_BOLD, p->current < p->n_sets ? COL_TEXT : COL_GO, ALIGN_LEFT);
    if (tall)
        rect_cut_top(&a, gap / 2);
    int label_px = type_px(cv, TYPE_LABEL);
    SDL_Color saved_c = set->save_failed ? COL_STOP : set->saved ? COL_GO : COL_DIM;
    bool saved_below =
        !tall && status.w > 0 && text_width(cv, saved, label_px, FONT_BOLD) <= status.w;
    /* each flag on its own line saying why, in full or short ("⚠ Rep 2: down 1.5 s of 3"),
     * with a line per number, else two numbers a line, else the numbers as one paragraph */
    static const struct rest_level levels[] = {
        {FLAG_FORM_SAID, false, false}, {FLAG_FORM_SHORT, false, false},
        {FLAG_FORM_SAID, true, false},  {FLAG_FORM_SHORT, true, false},
        {FLAG_FORM_SHORT, true, true},
    };
    /* where those do not fit (three flags on the 7"), two pages, the flags first: the
     * credit and each flag with why, then the set's numbers; a 15 mm button between them.
     * Each page takes the first of its forms that fits; past those (many flags on a small
     * panel) the flags are named, by kind, as one line, last their count: nothing is left
     * out */
    static const struct rest_level flag_page[] = {
        {FLAG_FORM_SAID, true, true},   {FLAG_FORM_SHORT, true, true},
        {FLAG_FORM_NAMED, true, true},  {FLAG_FORM_BY_KIND, true, true},
        {FLAG_FORM_JOINED, true, true}, {FLAG_FORM_COUNT, true, true},
    };
    static const struct rest_level number_page[] = {
        {FLAG_FORM_COUNT, false, false},
        {FLAG_FORM_COUNT, true, false},
        {FLAG_FORM_COUNT, true, true},
    };
    struct rest_text txt = {credit, saved, kg, saved_below, tall, false};
    struct rest_lines *l = &(struct rest_lines){.n = 0};
    bool fits = false;
    for (size_t i = 0; i < sizeof levels / sizeof levels[0] && !fits; i++) {
        rest_compose(cv, v, &txt, &levels[i], REST_NUMBERS | REST_FLAGS, a.w, l);
        int beside = tall ? 0 : lines_in(cv, l, next_r, label_px);
        fits = lines_fit(cv, l, beside, a, gap, tall);
    }
    bool paged = !fits && set->n_flags > 0;
    if (paged) {
        int page = cv->page == 1 ? 1 : 0;
        char label[96];
        if (page == 0)
            snprintf(label, sizeof label, "%s \xE2\x80\xBA", _("Set summary"));
        else {
            struct flag_lines count;
            set_flag_lines(cv, set->flags, set->n_flags, FLAG_FORM_COUNT, &count);
            snprintf(label, sizeof label, "\xE2\x80\xB9 %.80s", count.text[0]);
        }
        /* the button between Log out and Next set where it fits (landscape), "Saved" then
         * beside the clock; else a row of its own over them */
        int button_w = button_width(cv, label, a.w / 3, a.w);
        SDL_Rect row;
        if (!tall && (status.w >= button_w || status.w >= 2 * target_px(cv))) {
            row = (SDL_Rect){status.x, bottom.y, status.w, bottom.h};
            txt.saved_below = false;
            txt.saved_first = true;
        } else {
            row = rect_cut_bottom(&a, target_px(cv));
            rect_cut_bottom(&a, gap);
        }
        draw_button(cv, rect_cut_left(&row, button_w), label, BUTTON_PLAIN, ACTION_TOUCH,
                    UI_ARG_PAGE_BASE + (1 - page), true);
        const struct rest_level *forms = page == 0 ? flag_page : number_page;
        size_t n_forms = page == 0 ? sizeof flag_page / sizeof flag_page[0]
                                   : sizeof number_page / sizeof number_page[0];
        for (size_t i = 0; i < n_forms; i++) {
            rest_compose(cv, v, &txt, &forms[i], page == 0 ? REST_FLAGS : REST_NUMBERS, a.w, l);
            int beside = tall ? 0 : lines_in(cv, l, next_r, label_px);
            if (lines_fit(cv, l, beside, a, gap, tall))
                break;
        }
    }
    if (txt.saved_below)
        draw_text(cv, status, saved, label_px, FONT_BOLD, saved_c, ALIGN_CENTER);
    /* beside the clock, under "next", as many of the lines as its row holds (landscape) */
    int first = tall ? 0 : draw_lines(cv, next_r, l, 0, label_px);
    struct rest_lines *rest = &(struct rest_lines){.n = 0};
    for (int i = first; i < l->n; i++) {
        rest->colour[rest->n] = l->colour[i];
        snprintf(rest->text[rest->n++], sizeof rest->text[0], "%s", l->text[i]);
    }
    lines_and_bars(cv, a, rest, set, tall, gap, !paged || cv->page == 1);
}

void screen_rest(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    draw_key_fitted(cv, screen_rest_body, v);
}
