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

/* The lifter's cell: the name and the group's counts on the group's first row (or the
 * page's), a bracket line on the rows after it, so the group reads without colour. */
static void lifter_cell(struct canvas *cv, SDL_Rect r, const struct flag_view *f,
                        const struct flag_group *g, bool first_row)
{
    if (!first_row) {
        int x = r.x + canvas_px(cv, 0.02);
        draw_fill(cv, (SDL_Rect){x, r.y - canvas_px(cv, 0.012), canvas_px(cv, 0.006), r.h},
                  COL_DIM);
        return;
    }
    SDL_Rect name = rect_cut_top(&r, r.h * 3 / 5);
    int px = canvas_px(cv, 0.042);
    /* a name too long for the cell even a size smaller is shortened (first name and
     * initial) rather than cut; the detail page has it whole */
    char short_name[NAME_MAX_LEN];
    const char *shown = f->member;
    if (text_width(cv, f->member, canvas_px(cv, 0.027), FONT_BOLD) > name.w) /* ~ the floor */
        shown = display_name(short_name, sizeof short_name, f->member);
    draw_text(cv, name, shown, px, FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    char counts[48];
    snprintf(counts, sizeof counts, _("%d %s, %d open"), g->n, g->n == 1 ? _("flag") : _("flags"),
             g->n_open);
    draw_text(cv, r, counts, canvas_px(cv, 0.034), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
}

/* The kind, and under it, when there is room, the rack that raised it (a flag from
 * another rack of the gym) and what it saw; else the kind with the rack beside it (the
 * detail page has the rest). */
static void kind_cell(struct canvas *cv, SDL_Rect in, const struct flag_view *f, int px)
{
    int detail_px = canvas_px(cv, 0.032);
    char said[2 * NOTE_MAX_LEN];
    i18n_flag_detail(said, sizeof said, f->detail, cv->unit);
    char second[FLAG_RACK_MAX + 2 * NOTE_MAX_LEN + 8];
    if (f->rack[0] && f->detail[0])
        snprintf(second, sizeof second, "%s \xC2\xB7 %s", f->rack, said);
    else
        snprintf(second, sizeof second, "%s", f->rack[0] ? f->rack : said);
    bool two_lines = in.h >= 2 * text_line_px(cv, detail_px, FONT_REGULAR);
    if (two_lines && f->rack[0] && text_width(cv, second, detail_px * 4 / 5, FONT_REGULAR) > in.w)
        snprintf(second, sizeof second, "%s", f->rack); /* the rack before the detail */
    if (second[0] && two_lines && text_width(cv, second, detail_px * 4 / 5, FONT_REGULAR) <= in.w) {
        SDL_Rect top = rect_cut_top(&in, in.h * 11 / 20);
        draw_text(cv, top, _(flag_kind_label(f->kind)), px, FONT_BOLD, COL_TEXT, ALIGN_LEFT);
        draw_text(cv, in, second, detail_px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
        return;
    }
    char one[FLAG_RACK_MAX + 64];
    snprintf(one, sizeof one, "%s \xC2\xB7 %s", _(flag_kind_label(f->kind)), f->rack);
    bool beside = f->rack[0] && text_width(cv, one, px * 4 / 5, FONT_BOLD) <= in.w;
    draw_text(cv, in, beside ? one : _(flag_kind_label(f->kind)), px, FONT_BOLD, COL_TEXT,
              ALIGN_LEFT);
}

static void flag_row(struct canvas *cv, SDL_Rect r, const struct session_view *v, int pos,
                     bool first_row)
{
    const struct trainer_review *rv = v->trainer.review;
    const struct flag_view *f = &v->trainer.flags[rv->order[pos]];
    const struct flag_group *g = &rv->groups[rv->group_of[pos]];
    SDL_Rect whole = r;
    SDL_Rect name = rect_cut_left(&r, r.w / 4);
    lifter_cell(cv, rect_inset(name, canvas_px(cv, 0.006)), f, g, first_row);
    rect_cut_left(&r, canvas_px(cv, 0.01));
    SDL_Color sev = colour_severity(f->severity);
    draw_fill(cv, r, COL_PANEL);
    draw_fill(cv, rect_cut_left(&r, canvas_px(cv, 0.012)), sev);
    SDL_Rect in = rect_inset(r, canvas_px(cv, 0.01));
    in.x += canvas_px(cv, 0.01);
    in.w -= canvas_px(cv, 0.02);
    int px = canvas_px(cv, 0.042);
    int gap = canvas_px(cv, 0.015);
    char t[16];
    format_when(t, sizeof t, f);
    SDL_Rect time_r = rect_cut_left(&in, text_width(cv, "00:00", px, FONT_REGULAR));
    rect_cut_left(&in, gap);
    SDL_Rect ack = rect_cut_right(&in, in.w / 6);
    rect_cut_right(&in, gap);
    SDL_Rect sev_r = rect_cut_right(&in, in.w / 5);
    rect_cut_right(&in, gap);
    draw_text(cv, time_r, t, px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    kind_cell(cv, in, f, px);
    SDL_Rect chip = rect_centre(sev_r, sev_r.w, text_line_px(cv, canvas_px(cv, 0.04), FONT_BOLD));
    draw_fill(cv, chip, sev);
    draw_text(cv, rect_inset(chip, canvas_px(cv, 0.004)), _(severity_label(f->severity)),
              canvas_px(cv, 0.034), FONT_BOLD, colour_on(sev), ALIGN_CENTER);
    if (f->acked)
        draw_text(cv, ack, _("\xE2\x9C\x93 acked"), canvas_px(cv, 0.036), FONT_BOLD, COL_GO,
                  ALIGN_RIGHT);
    else
        draw_text(cv, ack, _("open"), canvas_px(cv, 0.036), FONT_REGULAR, COL_CAUTION, ALIGN_RIGHT);
    canvas_add_target(cv, whole, ACTION_FLAG_OPEN, pos, view_can(v, ACTION_FLAG_OPEN, pos));
}

/* What a filter button shows, in the reader's language, with the count the core gives:
 * "All kinds (9)" when the filter is off, else what it keeps ("Only stop (2)"). */
static void filter_label(const struct trainer_review *rv, int which, char *out, size_t n)
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
    }
}

/* The day back and forth, and the three filters, each button saying what it shows. */
static void filter_row(struct canvas *cv, SDL_Rect row, const struct session_view *v)
{
    int gap = canvas_px(cv, 0.012);
    int day_w = row.w / 8 > target_px(cv) ? row.w / 8 : target_px(cv);
    int px = canvas_px(cv, 0.036);
    draw_button_px(cv, rect_cut_left(&row, day_w), _("\xE2\x97\x80 Day"), px, BUTTON_QUIET,
                   ACTION_FLAGS_DAY, 1, view_can(v, ACTION_FLAGS_DAY, 1));
    rect_cut_left(&row, gap);
    draw_button_px(cv, rect_cut_right(&row, day_w), _("Day \xE2\x96\xB6"), px, BUTTON_QUIET,
                   ACTION_FLAGS_DAY, -1, view_can(v, ACTION_FLAGS_DAY, -1));
    rect_cut_right(&row, gap);
    const struct trainer_review *rv = v->trainer.review;
    bool set[FILTERS] = {rv->filter_kind != 0, rv->filter_severity != 0, rv->filter_member != 0};
    for (int i = 0; i < FILTERS; i++) {
        char label[FILTER_LABEL_MAX * 2];
        filter_label(rv, i, label, sizeof label);
        draw_button_px(cv, rect_column(row, FILTERS, i, gap), label, px,
                       set[i] ? BUTTON_SELECTED : BUTTON_PLAIN, ACTION_FLAGS_FILTER, i,
                       view_can(v, ACTION_FLAGS_FILTER, i));
    }
}

/* The trainer's tools, equal widths across the bottom. */
static void tool_row(struct canvas *cv, SDL_Rect row, const struct session_view *v)
{
    static const struct {
        const char *label;
        enum action action;
    } tools[] = {
        {N_("Log out"), ACTION_LOGOUT},      {N_("Loads"), ACTION_LOADS},
        {N_("Calibrate"), ACTION_CALIBRATE}, {N_("My PIN"), ACTION_PIN_CHANGE},
        {N_("Enrol"), ACTION_ENROL},
    };
    int n = (int)(sizeof tools / sizeof tools[0]);
    int px = canvas_px(cv, 0.045);
    for (int i = 0; i < n; i++)
        draw_button_px(cv, rect_column(row, n, i, canvas_px(cv, 0.015)), _(tools[i].label), px,
                       BUTTON_QUIET, tools[i].action, 0, view_can(v, tools[i].action, 0));
}

static void title_of(char *out, size_t n, const struct session_view *v)
{
    const char *day = v->trainer.flags_days_back == 0   ? _("Today's flags")
                      : v->trainer.flags_days_back == 1 ? _("Yesterday's flags")
                                                        : NULL;
    char buf[32];
    if (!day) {
        snprintf(buf, sizeof buf, _("Flags %d days ago"), v->trainer.flags_days_back);
        day = buf;
    }
    if (v->trainer.flags_loading || v->trainer.n_flags == 0)
        snprintf(out, n, "%s", day);
    else
        snprintf(out, n, _("%s: %d shown, %d open"), day, v->trainer.review->n_shown,
                 v->trainer.review->n_open_shown);
}

/* Up and down a page, at the list's right; each arrow says where it goes by being there. */
static void pager(struct canvas *cv, SDL_Rect col, const struct session_view *v, int first,
                  int last, int fit)
{
    int prev_first = first - fit > 0 ? first - fit : 0;
    SDL_Rect up = rect_cut_top(&col, target_px(cv));
    SDL_Rect down = rect_cut_bottom(&col, target_px(cv));
    int px = canvas_px(cv, 0.05);
    draw_button_px(cv, up, "\xE2\x96\xB2", px, BUTTON_QUIET, ACTION_FLAGS_PAGE, prev_first,
                   view_can(v, ACTION_FLAGS_PAGE, prev_first));
    draw_button_px(cv, down, "\xE2\x96\xBC", px, BUTTON_QUIET, ACTION_FLAGS_PAGE, last,
                   view_can(v, ACTION_FLAGS_PAGE, last));
    char where[32];
    snprintf(where, sizeof where, "%d\xE2\x80\x93%d", first + 1, last);
    draw_text(cv, col, where, canvas_px(cv, 0.034), FONT_REGULAR, COL_DIM, ALIGN_CENTER);
}

void screen_flags(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    char title[80];
    title_of(title, sizeof title, v);
    draw_header(cv, &a, title, v->name);
    a = rect_inset(a, canvas_px(cv, 0.02));
    filter_row(cv, rect_cut_top(&a, target_px(cv)), v);
    rect_cut_top(&a, canvas_px(cv, 0.012));
    tool_row(cv, rect_cut_bottom(&a, target_px(cv)), v);
    rect_cut_bottom(&a, canvas_px(cv, 0.012));

    const struct trainer_review *rv = v->trainer.review;
    if (v->trainer.flags_loading || v->trainer.n_flags == 0 || rv->n_shown == 0) {
        const char *what = v->trainer.flags_loading     ? _("Loading\xE2\x80\xA6")
                           : v->trainer.n_flags > 0     ? _("No flags match the filters")
                           : v->trainer.flags_days_back ? _("No flags that day")
                                                        : _("No flags today \xE2\x9C\x93");
        bool none = !v->trainer.flags_loading && v->trainer.n_flags == 0;
        draw_text(cv, a, what, canvas_px(cv, 0.07), none ? FONT_BOLD : FONT_REGULAR,
                  none ? COL_GO : COL_DIM, ALIGN_CENTER);
        return;
    }
    int row_h = target_px(cv);
    int gap = canvas_px(cv, 0.012);
    int fit = (a.h + gap) / (row_h + gap);
    if (fit < 1)
        fit = 1;
    if (rv->n_shown > fit) {
        SDL_Rect col = rect_cut_right(&a, target_px(cv));
        rect_cut_right(&a, canvas_px(cv, 0.015));
        int first = v->trainer.flags_first;
        int last = first + fit < rv->n_shown ? first + fit : rv->n_shown;
        pager(cv, col, v, first, last, fit);
    }
    int first = v->trainer.flags_first;
    int last = first + fit < rv->n_shown ? first + fit : rv->n_shown;
    for (int p = first; p < last; p++) {
        bool group_start = p == first || rv->group_of[p] != rv->group_of[p - 1];
        flag_row(cv, (SDL_Rect){a.x, a.y + (p - first) * (row_h + gap), a.w, row_h}, v, p,
                 group_start);
    }
}
