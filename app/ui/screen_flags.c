/*
 * The day's flags for a trainer, as the core arranged them (view.trainer.review): grouped by
 * lifter, red flags and pain first, filtered by kind, severity and lifter. Every row and
 * button is a finger's width (TOUCH_TARGET_MIN_MM) on both panels; the list pages with the
 * arrows at its right.
 */
#include <stdio.h>
#include <time.h>

#include "../core/phrase.h"
#include "i18n.h"
#include "screens.h"

/* A flag from an earlier day shows its date (day/month) instead of its time. */
static void format_when(char *out, size_t n, const struct flag_view *f)
{
    if (!f->earlier) {
        format_time_of_day(out, n, f->t_wall_us);
        return;
    }
    time_t t = (time_t)(f->t_wall_us / 1000000);
    struct tm tm;
    if (!localtime_r(&t, &tm) || strftime(out, n, "%d/%m", &tm) == 0)
        snprintf(out, n, "%s", _("earlier"));
}

/* The heading over a lifter's flags, on the group's first row (or the page's): the name
 * and the group's counts, side by side when they fit, else on two lines. */
struct group_words {
    char name[NAME_MAX_LEN];
    char counts[48];
    bool two_lines;
};

static void group_words(struct canvas *cv, int w, const struct flag_view *f,
                        const struct flag_group *g, struct group_words *out)
{
    int px = type_px(cv, TYPE_LABEL);
    char n_flags[16], n_open[16];
    i18n_int(n_flags, sizeof n_flags, g->n);
    i18n_int(n_open, sizeof n_open, g->n_open);
    const char *args[] = {n_flags, g->n == 1 ? _("flag") : _("flags"), n_open};
    i18n_phrase(out->counts, sizeof out->counts, N_("%s %s, %s open"), args, 3);
    /* a name too long for the line is shortened (first name and initial) rather than cut;
     * the detail page has it whole */
    if (text_width(cv, f->member, px, FONT_BOLD) > w)
        display_name(out->name, sizeof out->name, f->member);
    else
        snprintf(out->name, sizeof out->name, "%s", f->member);
    int counts_w = mm_px(cv, 4) + text_width(cv, out->counts, px, FONT_REGULAR);
    out->two_lines = text_width(cv, out->name, px, FONT_BOLD) + counts_w > w;
    /* in portrait a line saved is a row more on the page: the name shortened beside the
     * counts (landscape has the width for the whole name over them) */
    char short_name[NAME_MAX_LEN];
    display_name(short_name, sizeof short_name, f->member);
    if (out->two_lines && canvas_portrait(cv) &&
        text_width(cv, short_name, px, FONT_BOLD) + counts_w <= w) {
        snprintf(out->name, sizeof out->name, "%s", short_name);
        out->two_lines = false;
    }
}

static void group_head(struct canvas *cv, SDL_Rect r, const struct group_words *gw)
{
    int px = type_px(cv, TYPE_LABEL);
    int line = text_line_px(cv, px, FONT_BOLD);
    if (gw->two_lines) {
        draw_text(cv, rect_cut_top(&r, line), gw->name, px, FONT_BOLD, COL_TEXT, ALIGN_LEFT);
        draw_text(cv, r, gw->counts, px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
        return;
    }
    int name_w = text_width(cv, gw->name, px, FONT_BOLD);
    draw_text(cv, rect_cut_left(&r, name_w < r.w ? name_w : r.w), gw->name, px, FONT_BOLD, COL_TEXT,
              ALIGN_LEFT);
    rect_cut_left(&r, mm_px(cv, 4));
    draw_text(cv, r, gw->counts, px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
}

/* The second line of a row: the rack that raised it (a flag from another rack of the gym),
 * when, and what it saw (with_said). */
static void detail_line(char *out, size_t n, const struct flag_view *f, bool with_said,
                        enum rack_unit unit)
{
    char when[16], said[2 * NOTE_MAX_LEN] = "";
    format_when(when, sizeof when, f);
    if (with_said)
        i18n_flag_detail(said, sizeof said, f->detail, unit);
    if (f->rack[0] && said[0])
        snprintf(out, n, "%s \xC2\xB7 %s \xC2\xB7 %s", f->rack, when, said);
    else if (f->rack[0])
        snprintf(out, n, "%s \xC2\xB7 %s", f->rack, when);
    else if (said[0])
        snprintf(out, n, "%s \xC2\xB7 %s", when, said);
    else
        snprintf(out, n, "%s", when);
}

/* One flag, a finger high: its severity as a strip and a word, the kind on the first line,
 * where, when and what was seen on the second, open or acked under the severity. */
static void flag_row(struct canvas *cv, SDL_Rect r, const struct session_view *v, int pos)
{
    const struct trainer_review *rv = v->trainer.review;
    const struct flag_view *f = &v->trainer.flags[rv->order[pos]];
    SDL_Rect whole = r;
    SDL_Color sev = colour_severity(f->severity);
    draw_fill(cv, r, COL_PANEL);
    draw_fill(cv, rect_cut_left(&r, canvas_px(cv, 0.012)), sev);
    SDL_Rect in = rect_inset(r, canvas_px(cv, 0.006));
    rect_cut_left(&in, mm_px(cv, 2));
    int px = type_px(cv, TYPE_LABEL);
    const char *sev_word = _(severity_label(f->severity));
    const char *state = f->acked ? _("\xE2\x9C\x93 acked") : _("open");
    int sw = text_width(cv, sev_word, px, FONT_BOLD) + mm_px(cv, 3);
    int aw = text_width(cv, state, px, FONT_BOLD);
    SDL_Rect status = rect_cut_right(&in, sw > aw ? sw : aw);
    rect_cut_right(&in, mm_px(cv, 2));
    SDL_Rect top = rect_cut_top(&in, in.h / 2);
    const char *kind = _(flag_kind_label(f->kind));
    bool bold = text_width(cv, kind, px, FONT_BOLD) <= top.w; /* a long word: the regular face */
    if (!bold && text_width(cv, kind, px, FONT_REGULAR) > top.w) {
        /* a kind too long for a line ("Intento de sobrecarga") takes both, whole; where and
         * when are on the flag's page */
        SDL_Rect both = {top.x, top.y, top.w, top.h + in.h};
        draw_text_wrap(cv, both, kind, px, FONT_BOLD, COL_TEXT, ALIGN_LEFT);
        in.w = 0;
    } else
        draw_text(cv, top, kind, px, bold ? FONT_BOLD : FONT_REGULAR, COL_TEXT, ALIGN_LEFT);
    /* what was seen when it fits whole, else where and when (the detail page has it) */
    char second[FLAG_RACK_MAX + 2 * NOTE_MAX_LEN + 32];
    detail_line(second, sizeof second, f, true, cv->unit);
    if (text_width(cv, second, px, FONT_REGULAR) > in.w)
        detail_line(second, sizeof second, f, false, cv->unit);
    if (in.w > 0)
        draw_text(cv, in, second, px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    SDL_Rect chip_row = rect_cut_top(&status, status.h / 2);
    SDL_Rect chip = rect_centre(chip_row, sw, text_line_px(cv, px, FONT_BOLD));
    chip.x = chip_row.x + chip_row.w - sw;
    draw_fill(cv, chip, sev);
    draw_text(cv, chip, sev_word, px, FONT_BOLD, colour_on(sev), ALIGN_CENTER);
    draw_text(cv, status, state, px, f->acked ? FONT_BOLD : FONT_REGULAR,
              f->acked ? COL_GO : COL_CAUTION, ALIGN_RIGHT);
    canvas_add_target(cv, whole, ACTION_FLAG_OPEN, pos, view_can(v, ACTION_FLAG_OPEN, pos));
}

/* The list laid out in a width: a row a finger high, a lifter's heading one or two lines
 * of the label size over the group's first row on a page. */
struct list_layout {
    struct canvas *cv;
    const struct session_view *v;
    int w, row_h, line_h, gap;
};

static struct list_layout list_layout(struct canvas *cv, const struct session_view *v, int w)
{
    return (struct list_layout){cv,
                                v,
                                w,
                                target_px(cv),
                                text_line_px(cv, type_px(cv, TYPE_LABEL), FONT_BOLD),
                                canvas_px(cv, 0.01)};
}

static bool heads_row(const struct trainer_review *rv, int first, int p)
{
    return p == first || rv->group_of[p] != rv->group_of[p - 1];
}

static void words_at(const struct list_layout *l, int p, struct group_words *gw)
{
    const struct trainer_review *rv = l->v->trainer.review;
    group_words(l->cv, l->w, &l->v->trainer.flags[rv->order[p]], &rv->groups[rv->group_of[p]], gw);
}

/* The height rows first..last-1 take as a page starting at first. */
static int page_h(const struct list_layout *l, int first, int last)
{
    const struct trainer_review *rv = l->v->trainer.review;
    int h = 0;
    for (int p = first; p < last; p++) {
        h += (p > first ? l->gap : 0) + l->row_h;
        if (heads_row(rv, first, p)) {
            struct group_words gw;
            words_at(l, p, &gw);
            h += l->line_h * (gw.two_lines ? 2 : 1);
        }
    }
    return h;
}

/* The end of the page that starts at first in h pixels (at least one row). */
static int page_end(const struct list_layout *l, int first, int h)
{
    int n = l->v->trainer.review->n_shown, last = first + 1;
    while (last < n && page_h(l, first, last + 1) <= h)
        last++;
    return last < n ? last : n;
}

/* The start of the page before the one at first: as many rows as fit ending at first. */
static int page_before(const struct list_layout *l, int first, int h)
{
    int q = first - 1 > 0 ? first - 1 : 0;
    while (q > 0 && page_h(l, q - 1, first) <= h)
        q--;
    return q;
}

/* The rows first..last-1 of the arranged list, top down in box, each lifter's flags under
 * the lifter's name. */
static void flag_list(struct canvas *cv, SDL_Rect box, const struct session_view *v, int first,
                      int last)
{
    const struct trainer_review *rv = v->trainer.review;
    struct list_layout l = list_layout(cv, v, box.w);
    int y = box.y;
    for (int p = first; p < last; p++) {
        if (heads_row(rv, first, p)) {
            struct group_words gw;
            words_at(&l, p, &gw);
            int hh = l.line_h * (gw.two_lines ? 2 : 1);
            group_head(cv, (SDL_Rect){box.x, y, box.w, hh}, &gw);
            y += hh;
        }
        flag_row(cv, (SDL_Rect){box.x, y, box.w, l.row_h}, v, p);
        y += l.row_h + l.gap;
    }
}

/* The widest a filter button grows to hold its label whole: two fifths of the window in the
 * landscape column (the list keeps the rest), a row in portrait. */
static int filter_column_most(const struct canvas *cv)
{
    return canvas_portrait(cv) ? cv->area.w * 9 / 10 : cv->area.w * 2 / 5;
}

/* What a filter button shows, in the reader's language, with the count the core gives:
 * "All kinds (9)" when the filter is off, else what it keeps ("Only stop (2)"). */
static void filter_label(struct canvas *cv, const struct trainer_review *rv, int which, char *out,
                         size_t n)
{
    char count[16];
    snprintf(count, sizeof count, "%d", rv->filter_count[which]);
    const char *one[1] = {count};
    const char *two[2] = {NULL, count};
    if (which == FILTER_KIND && rv->filter_kind == 0)
        i18n_phrase(out, n, N_("All kinds (%s)"), one, 1);
    else if (which == FILTER_SEVERITY && rv->filter_severity == 0)
        i18n_phrase(out, n, N_("Any severity (%s)"), one, 1);
    else if (which == FILTER_LIFTER && rv->filter_member == 0)
        i18n_phrase(out, n, N_("All lifters (%s)"), one, 1);
    else if (which == FILTER_SEVERITY) {
        two[0] = _(severity_label((enum severity)(rv->filter_severity - 1)));
        i18n_phrase(out, n, N_("Only %s (%s)"), two, 2);
    } else {
        two[0] = which == FILTER_KIND ? _(flag_kind_label((enum flag_kind)(rv->filter_kind - 1)))
                                      : rv->filter_name;
        phrase_fill(out, n, "%s (%s)", two, 2);
        /* a lifter's name too long for a button on two lines: first name and initial (the
         * list's heading has it whole) */
        char name[NAME_MAX_LEN];
        if (which == FILTER_LIFTER &&
            button_least_width(cv, out, target_px(cv)) > filter_column_most(cv)) {
            two[0] = display_name(name, sizeof name, rv->filter_name);
            phrase_fill(out, n, "%s (%s)", two, 2);
        }
    }
}

/* A row of buttons, each as wide as its label needs at the label size and the room left
 * shared out; when the labels need more than the row, each keeps the least width that holds
 * its label whole (on two lines) and the rest goes to those that would take one line. */
static void button_row(struct canvas *cv, SDL_Rect row, const char *const labels[],
                       const enum action actions[], const int args[],
                       const enum button_style styles[], int n, const struct session_view *v)
{
    int gap = canvas_px(cv, 0.012), w[8];
    button_row_widths(cv, labels, n, row.w, gap, w);
    int x = row.x;
    for (int i = 0; i < n; i++) {
        if (i == n - 1)
            w[i] = row.x + row.w - x;
        draw_button_px(cv, (SDL_Rect){x, row.y, w[i], row.h}, labels[i], type_px(cv, TYPE_LABEL),
                       styles[i], actions[i], args[i], view_can(v, actions[i], args[i]));
        x += w[i] + gap;
    }
}

/* The day back and forth and the three filters, each button saying what it shows: a
 * column at the list's left in landscape, rows over it in portrait. */
static void filter_block(struct canvas *cv, SDL_Rect box, const struct session_view *v, bool column)
{
    const struct trainer_review *rv = v->trainer.review;
    char label[FILTERS][FILTER_LABEL_MAX * 2];
    const char *labels[2 + FILTERS] = {_("\xE2\x97\x80 Day"), _("Day \xE2\x96\xB6")};
    enum action actions[2 + FILTERS] = {ACTION_FLAGS_DAY, ACTION_FLAGS_DAY};
    int args[2 + FILTERS] = {1, -1};
    enum button_style styles[2 + FILTERS] = {BUTTON_QUIET, BUTTON_QUIET};
    bool set[FILTERS] = {rv->filter_kind != 0, rv->filter_severity != 0, rv->filter_member != 0};
    for (int i = 0; i < FILTERS; i++) {
        filter_label(cv, rv, i, label[i], sizeof label[i]);
        labels[2 + i] = label[i];
        actions[2 + i] = ACTION_FLAGS_FILTER;
        args[2 + i] = i;
        styles[2 + i] = set[i] ? BUTTON_SELECTED : BUTTON_PLAIN;
    }
    int t = target_px(cv);
    if (column) { /* the days side by side, then a filter a row */
        int rows = 1 + FILTERS;
        int gap = (box.h - rows * t) / (rows - 1);
        gap = gap > canvas_px(cv, 0.012) ? canvas_px(cv, 0.012) : gap < 0 ? 0 : gap;
        button_row(cv, rect_cut_top(&box, t), labels, actions, args, styles, 2, v);
        for (int i = 0; i < FILTERS; i++) {
            rect_cut_top(&box, gap);
            button_row(cv, rect_cut_top(&box, t), labels + 2 + i, actions + 2 + i, args + 2 + i,
                       styles + 2 + i, 1, v);
        }
        return;
    }
    int gap = canvas_px(cv, 0.012), first[2 + FILTERS + 1];
    int rows = button_rows_pack(cv, labels, 2 + FILTERS, box.w, gap, first);
    for (int r = 0; r < rows; r++) {
        if (r > 0)
            rect_cut_top(&box, gap);
        int i = first[r];
        button_row(cv, rect_cut_top(&box, t), labels + i, actions + i, args + i, styles + i,
                   first[r + 1] - i, v);
    }
}

/* The rows the portrait filters take in width w (filter_block packs them alike). */
static int filter_rows(struct canvas *cv, const struct trainer_review *rv, int w)
{
    const char *labels[2 + FILTERS] = {_("\xE2\x97\x80 Day"), _("Day \xE2\x96\xB6")};
    char label[FILTERS][FILTER_LABEL_MAX * 2];
    for (int i = 0; i < FILTERS; i++) {
        filter_label(cv, rv, i, label[i], sizeof label[i]);
        labels[2 + i] = label[i];
    }
    int first[2 + FILTERS + 1];
    return button_rows_pack(cv, labels, 2 + FILTERS, w, canvas_px(cv, 0.012), first);
}

/* The trainer's tools: one row where they fit at the label size, else two. */
static const struct {
    const char *label;
    enum action action;
} tools[] = {
    {N_("Log out"), ACTION_LOGOUT},      {N_("Loads"), ACTION_LOADS},
    {N_("Calibrate"), ACTION_CALIBRATE}, {N_("My PIN"), ACTION_PIN_CHANGE},
    {N_("Enrol"), ACTION_ENROL},
};
#define N_TOOLS ((int)(sizeof tools / sizeof tools[0]))

static void tool_labels(const char *labels[N_TOOLS])
{
    for (int i = 0; i < N_TOOLS; i++)
        labels[i] = _(tools[i].label);
}

/* One row in landscape (the labels wrap or share what is left), as many as they take whole
 * in portrait. */
static int tool_rows(struct canvas *cv, int w, int first[N_TOOLS + 1])
{
    const char *labels[N_TOOLS];
    tool_labels(labels);
    if (!canvas_portrait(cv)) {
        first[0] = 0;
        first[1] = N_TOOLS;
        return 1;
    }
    return button_rows_pack(cv, labels, N_TOOLS, w, canvas_px(cv, 0.012), first);
}

static void tool_block(struct canvas *cv, SDL_Rect box, const struct session_view *v, int rows,
                       const int first[])
{
    const char *labels[N_TOOLS];
    enum action actions[N_TOOLS];
    int args[N_TOOLS] = {0};
    enum button_style styles[N_TOOLS];
    tool_labels(labels);
    for (int i = 0; i < N_TOOLS; i++) {
        actions[i] = tools[i].action;
        styles[i] = BUTTON_QUIET;
    }
    for (int r = 0; r < rows; r++) {
        if (r > 0)
            rect_cut_top(&box, canvas_px(cv, 0.012));
        int i = first[r];
        button_row(cv, rect_cut_top(&box, target_px(cv)), labels + i, actions + i, args + i,
                   styles + i, first[r + 1] - i, v);
    }
}

/* The title: the day, and the counts when they fit beside the trainer's name. */
static void title_of(char *out, size_t n, const struct session_view *v, struct canvas *cv)
{
    const char *day = v->trainer.flags_days_back == 0   ? _("Today's flags")
                      : v->trainer.flags_days_back == 1 ? _("Yesterday's flags")
                                                        : NULL;
    char buf[32];
    if (!day) {
        char days[16];
        i18n_int(days, sizeof days, v->trainer.flags_days_back);
        const char *args[] = {days};
        i18n_phrase(buf, sizeof buf, N_("Flags %s days ago"), args, 1);
        day = buf;
    }
    snprintf(out, n, "%s", day);
    if (v->trainer.flags_loading || v->trainer.n_flags == 0)
        return;
    char full[80];
    char shown[16], open[16];
    i18n_int(shown, sizeof shown, v->trainer.flags_total);
    i18n_int(open, sizeof open, v->trainer.review->n_open_shown);
    const char *args[] = {day, shown, open};
    i18n_phrase(full, sizeof full, N_("%s: %s shown, %s open"), args, 3);
    if (text_width(cv, full, type_px(cv, TYPE_TITLE), FONT_BOLD) <= cv->area.w * 3 / 5)
        snprintf(out, n, "%s", full);
}

/* Up and down a page: a column at the list's right in landscape, a row under it in
 * portrait; each arrow says where it goes by being there, the rows shown between them.
 * Positions count among all the flags the filters keep (the list holds a window of them
 * from flags_offset), as the Find and Loads lists count theirs. */
static void pager(struct canvas *cv, SDL_Rect box, const struct session_view *v, int prev_first,
                  int first, int last)
{
    int off = v->trainer.flags_offset;
    bool row = box.w > box.h;
    SDL_Rect up = row ? rect_cut_left(&box, target_px(cv)) : rect_cut_top(&box, target_px(cv));
    SDL_Rect down =
        row ? rect_cut_right(&box, target_px(cv)) : rect_cut_bottom(&box, target_px(cv));
    int px = type_px(cv, TYPE_TITLE); /* an arrow, as draw_button sets a short label */
    draw_button_px(cv, up, "\xE2\x96\xB2", px, BUTTON_QUIET, ACTION_FLAGS_PAGE, prev_first,
                   view_flags_page_can(v, prev_first));
    draw_button_px(cv, down, "\xE2\x96\xBC", px, BUTTON_QUIET, ACTION_FLAGS_PAGE, off + last,
                   view_flags_page_can(v, off + last));
    char where[32], of[48];
    snprintf(where, sizeof where, "%d\xE2\x80\x93%d", off + first + 1, off + last);
    format_of_total(of, sizeof of, v->trainer.flags_total);
    int label = type_px(cv, TYPE_LABEL), line_h = text_line_px(cv, label, FONT_REGULAR);
    if (row) {
        char both[88];
        snprintf(both, sizeof both, "%s %s", where, of);
        draw_text(cv, box, both, label, FONT_REGULAR, COL_DIM, ALIGN_CENTER);
        return;
    }
    SDL_Rect top = rect_cut_top(&box, box.h / 2);
    draw_text(cv, rect_cut_bottom(&top, line_h), where, label, FONT_REGULAR, COL_DIM, ALIGN_CENTER);
    draw_text(cv, rect_cut_top(&box, line_h), of, label, FONT_REGULAR, COL_DIM, ALIGN_CENTER);
}

/* The landscape pager column's width: a target, or the widest of its two lines at the
 * largest positions the list can reach. */
static int pager_column_w(struct canvas *cv, const struct session_view *v)
{
    int total = v->trainer.flags_total;
    char where[32], of[48];
    snprintf(where, sizeof where, "%d\xE2\x80\x93%d", total, total);
    format_of_total(of, sizeof of, total);
    int label = type_px(cv, TYPE_LABEL), pad = canvas_px(cv, 0.01);
    int w = target_px(cv), need = text_width(cv, where, label, FONT_REGULAR) + 2 * pad;
    w = need > w ? need : w;
    need = text_width(cv, of, label, FONT_REGULAR) + 2 * pad;
    return need > w ? need : w;
}

/* The landscape filter column: as wide as the widest label needs on one line up to three
 * tenths of the list's width, wider (up to filter_column_most) where a label needs it to be
 * whole on two lines ("Todos los deportistas (6)"). */
static int filter_column_w(struct canvas *cv, const struct trainer_review *rv, int w)
{
    int col = 2 * target_px(cv), one_line = w * 3 / 10, most = filter_column_most(cv);
    for (int i = 0; i < FILTERS; i++) {
        char label[FILTER_LABEL_MAX * 2];
        filter_label(cv, rv, i, label, sizeof label);
        int need = button_width(cv, label, 0, one_line);
        int least = button_least_width(cv, label, target_px(cv));
        need = need > least ? need : least;
        col = need > col ? need : col;
    }
    return col < most ? col : most;
}

void screen_flags(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    char title[80];
    title_of(title, sizeof title, v, cv);
    draw_header(cv, &a, title, v->name);
    int m = canvas_px(cv, 0.015), gap = canvas_px(cv, 0.012), t = target_px(cv);
    a = rect_inset(a, m);
    const struct trainer_review *rv = v->trainer.review;
    bool portrait = canvas_portrait(cv);
    int first_tool[N_TOOLS + 1];
    int rows = tool_rows(cv, a.w, first_tool);
    tool_block(cv, rect_cut_bottom(&a, rows * t + (rows - 1) * gap), v, rows, first_tool);
    rect_cut_bottom(&a, gap);
    if (portrait) {
        /* the days and the filters in as few rows as hold each label whole */
        int filters = filter_rows(cv, rv, a.w);
        filter_block(cv, rect_cut_top(&a, filters * t + (filters - 1) * gap), v, false);
        rect_cut_top(&a, gap);
    } else {
        filter_block(cv, rect_cut_left(&a, filter_column_w(cv, rv, a.w)), v, true);
        rect_cut_left(&a, gap);
    }

    if (v->trainer.flags_failed) { /* a fault, never an empty list */
        char why[2 * NOTE_MAX_LEN];
        const char *args[] = {v->trainer.flags_error ? v->trainer.flags_error : ""};
        i18n_phrase(why, sizeof why,
                    N_("The flags could not be read: %s. Try again with \xE2\x97\x80 Day "
                       "\xE2\x96\xB6 or log out and in; if it persists, tell the operator."),
                    args, 1);
        draw_text_wrap(cv, a, why, type_px(cv, TYPE_BODY), FONT_BOLD, COL_STOP, ALIGN_CENTER);
        return;
    }
    if (v->trainer.flags_loading || v->trainer.n_flags == 0 || rv->n_shown == 0) {
        const char *what = v->trainer.flags_loading     ? _("Loading\xE2\x80\xA6")
                           : v->trainer.n_flags > 0     ? _("No flags match the filters")
                           : v->trainer.flags_days_back ? _("No flags that day")
                                                        : _("No flags today \xE2\x9C\x93");
        bool none = !v->trainer.flags_loading && v->trainer.n_flags == 0;
        draw_text_wrap(cv, a, what, type_px(cv, TYPE_BODY), none ? FONT_BOLD : FONT_REGULAR,
                       none ? COL_GO : COL_DIM, ALIGN_CENTER);
        return;
    }
    int first = v->trainer.flags_first;
    struct list_layout l = list_layout(cv, v, a.w);
    int off = v->trainer.flags_offset;
    if (off > 0 || first > 0 || off + page_end(&l, first, a.h) < v->trainer.flags_total) {
        SDL_Rect col =
            portrait ? rect_cut_bottom(&a, t) : rect_cut_right(&a, pager_column_w(cv, v));
        if (portrait)
            rect_cut_bottom(&a, gap);
        else
            rect_cut_right(&a, gap);
        l = list_layout(cv, v, a.w);
        int end = page_end(&l, first, a.h);
        /* the page before starts in this window, else a page's worth before it */
        int prev = first > 0 ? off + page_before(&l, first, a.h) : off - (end - first);
        pager(cv, col, v, prev > 0 ? prev : 0, first, end);
    }
    int last = page_end(&l, first, a.h);
    flag_list(cv, a, v, first, last);
}
