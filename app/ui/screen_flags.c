/* The day's flags for a trainer: one row each, tap for the evidence. */
#include <stdio.h>
#include <time.h>

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
        snprintf(out, n, "earlier");
}

static void flag_row(struct canvas *cv, SDL_Rect r, const struct session_view *v,
                     const struct flag_view *f, int index)
{
    SDL_Color sev = colour_severity(f->severity);
    draw_fill(cv, r, COL_PANEL);
    draw_fill(cv, rect_cut_left(&r, canvas_px(cv, 0.012)), sev);
    SDL_Rect in = rect_inset(r, canvas_px(cv, 0.01));
    in.x += canvas_px(cv, 0.01);
    in.w -= canvas_px(cv, 0.02);
    int px = canvas_px(cv, 0.042);
    int gap = canvas_px(cv, 0.02);
    char t[16];
    format_when(t, sizeof t, f);
    SDL_Rect time_r = rect_cut_left(&in, text_width(cv, "00:00", px, FONT_REGULAR));
    rect_cut_left(&in, gap);
    SDL_Rect ack = rect_cut_right(&in, in.w / 7);
    rect_cut_right(&in, gap);
    SDL_Rect sev_r = rect_cut_right(&in, in.w / 6);
    rect_cut_right(&in, gap);
    SDL_Rect who = rect_cut_left(&in, in.w * 2 / 5);
    rect_cut_left(&in, gap);
    draw_text(cv, time_r, t, px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    draw_text(cv, who, f->member, px, FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    draw_text(cv, in, flag_kind_label(f->kind), px, FONT_REGULAR, COL_TEXT, ALIGN_LEFT);
    SDL_Rect chip = rect_inset(sev_r, canvas_px(cv, 0.008));
    draw_fill(cv, chip, sev);
    draw_text(cv, rect_inset(chip, canvas_px(cv, 0.004)), severity_label(f->severity),
              canvas_px(cv, 0.036), FONT_BOLD, colour_on(sev), ALIGN_CENTER);
    if (f->acked)
        draw_text(cv, ack, "\xE2\x9C\x93 acked", px, FONT_BOLD, COL_GO, ALIGN_RIGHT);
    else
        draw_text(cv, ack, "open", px, FONT_REGULAR, COL_CAUTION, ALIGN_RIGHT);
    canvas_add_target(cv, r, ACTION_FLAG_OPEN, index, view_can(v, ACTION_FLAG_OPEN, index));
}

/* Page back and forth a gym day at a time; today's list starts with anything unreviewed. */
static void day_row(struct canvas *cv, SDL_Rect row, const struct session_view *v)
{
    int bw = row.w / 4;
    int px = canvas_px(cv, 0.038);
    draw_button_px(cv, rect_cut_left(&row, bw), "\xE2\x97\x80 Day before", px, BUTTON_QUIET,
                   ACTION_FLAGS_DAY, 1, view_can(v, ACTION_FLAGS_DAY, 1));
    draw_button_px(cv, rect_cut_right(&row, bw), "Day after \xE2\x96\xB6", px, BUTTON_QUIET,
                   ACTION_FLAGS_DAY, -1, view_can(v, ACTION_FLAGS_DAY, -1));
    const char *what = v->trainer.flags_days_back == 0 ? "Unreviewed first" : "That day";
    draw_text(cv, row, what, canvas_px(cv, 0.036), FONT_REGULAR, COL_DIM, ALIGN_CENTER);
}

void screen_flags(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    char title[48];
    if (v->trainer.flags_days_back == 0)
        snprintf(title, sizeof title, "Today's flags");
    else if (v->trainer.flags_days_back == 1)
        snprintf(title, sizeof title, "Yesterday's flags");
    else
        snprintf(title, sizeof title, "Flags %d days ago", v->trainer.flags_days_back);
    draw_header(cv, &a, title, v->name);
    a = rect_inset(a, canvas_px(cv, 0.025));
    day_row(cv, rect_cut_top(&a, target_px(cv)), v);
    rect_cut_top(&a, canvas_px(cv, 0.01));
    SDL_Rect bottom = rect_cut_bottom(&a, target_px(cv));
    rect_cut_bottom(&a, canvas_px(cv, 0.015));
    int tool_w = bottom.w / 8; /* four tools and the two page buttons share the row */
    draw_button(cv, rect_cut_left(&bottom, tool_w), "Log out", BUTTON_QUIET, ACTION_LOGOUT, 0,
                view_can(v, ACTION_LOGOUT, 0));
    rect_cut_left(&bottom, canvas_px(cv, 0.015));
    draw_button(cv, rect_cut_left(&bottom, tool_w), "Loads", BUTTON_QUIET, ACTION_LOADS, 0,
                view_can(v, ACTION_LOADS, 0));
    rect_cut_left(&bottom, canvas_px(cv, 0.015));
    draw_button(cv, rect_cut_left(&bottom, tool_w), "Calibrate", BUTTON_QUIET, ACTION_CALIBRATE, 0,
                view_can(v, ACTION_CALIBRATE, 0));
    rect_cut_left(&bottom, canvas_px(cv, 0.015));
    draw_button(cv, rect_cut_left(&bottom, tool_w), "My PIN", BUTTON_QUIET, ACTION_PIN_CHANGE, 0,
                view_can(v, ACTION_PIN_CHANGE, 0));

    if (v->trainer.flags_loading) {
        draw_text(cv, a, "Loading\xE2\x80\xA6", canvas_px(cv, 0.07), FONT_REGULAR, COL_DIM,
                  ALIGN_CENTER);
        return;
    }
    if (v->trainer.n_flags == 0) {
        draw_text(cv, a,
                  v->trainer.flags_days_back ? "No flags that day" : "No flags today \xE2\x9C\x93",
                  canvas_px(cv, 0.08), FONT_BOLD, COL_GO, ALIGN_CENTER);
        return;
    }
    int open = v->trainer.n_open;

    /* rows stay under 15 mm: a trainer at the screen reads a day's flags a page at a time,
     * and 15 mm rows would leave two a page on the 7" */
    int row_h = canvas_px(cv, 0.095);
    int gap = canvas_px(cv, 0.01);
    int fit = (a.h + gap) / (row_h + gap);
    if (fit < 1)
        fit = 1;
    int first = v->trainer.flags_first;
    int last = first + fit < v->trainer.n_flags ? first + fit : v->trainer.n_flags;
    for (int i = first; i < last; i++)
        flag_row(cv, (SDL_Rect){a.x, a.y + (i - first) * (row_h + gap), a.w, row_h}, v,
                 &v->trainer.flags[i], i);

    /* more flags than fit: page through them, the buttons say where they go */
    if (v->trainer.n_flags > fit) {
        /* both the same size, one line each, beside the tools */
        int page_w = tool_w * 9 / 8, page_px = canvas_px(cv, 0.045);
        SDL_Rect next = rect_cut_right(&bottom, page_w);
        rect_cut_right(&bottom, canvas_px(cv, 0.015));
        SDL_Rect prev = rect_cut_right(&bottom, page_w);
        int prev_first = first - fit > 0 ? first - fit : 0;
        draw_button_px(cv, prev, "\xE2\x97\x80 Earlier", page_px, BUTTON_QUIET, ACTION_FLAGS_PAGE,
                       prev_first, view_can(v, ACTION_FLAGS_PAGE, prev_first));
        draw_button_px(cv, next, "Later \xE2\x96\xB6", page_px, BUTTON_QUIET, ACTION_FLAGS_PAGE,
                       last, view_can(v, ACTION_FLAGS_PAGE, last));
    }
    char summary[80];
    if (v->trainer.n_flags > fit)
        snprintf(summary, sizeof summary, "%d\xE2\x80\x93%d of %d, %d open", first + 1, last,
                 v->trainer.n_flags, open);
    else
        snprintf(summary, sizeof summary, "%d %s, %d open \xC2\xB7 tap one for the evidence",
                 v->trainer.n_flags, v->trainer.n_flags == 1 ? "flag" : "flags", open);
    rect_cut_left(&bottom, canvas_px(cv, 0.03));
    rect_cut_right(&bottom, canvas_px(cv, 0.015));
    draw_text(cv, bottom, summary, canvas_px(cv, 0.04), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
}
