/* One flag with its evidence: per-rep speed traces and lowering times, then acknowledge. */
#include <stdio.h>
#include <stdlib.h>

#include "i18n.h"
#include "screens.h"

#define REP_MARKS_SHOWN 32    /* rep numbers placed on the traces at most */
#define PLOT_INSET      0.015 /* a plot's panel to its marks, of the short side */

/* A plot's title in the label size, on as many lines as it takes in w. */
static int title_h(struct canvas *cv, const char *title, int w)
{
    int px = type_px(cv, TYPE_LABEL);
    return text_wrap_lines(cv, title, px, FONT_REGULAR, w) * text_line_px(cv, px, FONT_REGULAR);
}

static void plot_title(struct canvas *cv, SDL_Rect *box, const char *title)
{
    draw_text_wrap(cv, rect_cut_top(box, title_h(cv, title, box->w)), title,
                   type_px(cv, TYPE_LABEL), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
}

/* A rep's number as the plots say it. */
static void rep_number(char *out, size_t n, const struct set_detail *d, int r)
{
    snprintf(out, n, "%d", d->reps[r].index > 0 ? d->reps[r].index : r + 1);
}

/* Vertical bar speed across each rep, one line per rep, each numbered at its own point
 * with a marker shape, and a key of markers and numbers under the plot. */
static void trace_plot(struct canvas *cv, SDL_Rect box, const struct set_detail *d)
{
    int px = type_px(cv, TYPE_LABEL), line = text_line_px(cv, px, FONT_BOLD);
    plot_title(cv, &box, _("Bar speed through each rep (m/s)"));
    SDL_Rect legend = rect_cut_bottom(&box, line);
    draw_panel(cv, box, COL_PANEL, COL_PANEL_HI);
    SDL_Rect plot = rect_inset(box, canvas_px(cv, PLOT_INSET));
    char scale[24], num[16];
    int peak = 100;
    for (int r = 0; r < d->n_reps; r++)
        for (int i = 0; i < REP_TRACE_POINTS; i++)
            if (abs(d->reps[r].trace_mmps[i]) > peak)
                peak = abs(d->reps[r].trace_mmps[i]);
    i18n_fixed(num, sizeof num, peak / 1000.0, 1); /* the reader's decimal sign */
    snprintf(scale, sizeof scale, "%s m/s", num);
    SDL_Rect taken[REP_MARKS_SHOWN + 1];
    int n_taken = 0;
    taken[n_taken++] =
        draw_text(cv, rect_cut_top(&plot, line), scale, px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    plot.y -= line; /* the numbers may use the scale's row where it is free */
    plot.h += line;
    /* the numbers over the highest point and under the lowest stay inside the plot */
    SDL_Rect lines = rect_inset(plot, 0);
    lines.y += line / 2;
    lines.h -= line;
    canvas_add_plot(cv, lines);
    int zero_y = lines.y + lines.h / 2;
    draw_fill(cv, (SDL_Rect){lines.x, zero_y, lines.w, 1}, COL_FAINT);
    int thick = mm_px(cv, 0.6) > 1 ? mm_px(cv, 0.6) : 1;
    for (int r = 0; r < d->n_reps; r++) {
        const struct rep_result *rep = &d->reps[r];
        SDL_Color c = plot_series_colour(r);
        for (int i = 1; i < REP_TRACE_POINTS; i++) {
            int x0 = lines.x + (i - 1) * lines.w / (REP_TRACE_POINTS - 1);
            int x1 = lines.x + i * lines.w / (REP_TRACE_POINTS - 1);
            int y0 = zero_y - rep->trace_mmps[i - 1] * (lines.h / 2) / peak;
            int y1 = zero_y - rep->trace_mmps[i] * (lines.h / 2) / peak;
            draw_line(cv, x0, y0, x1, y1, thick, c);
        }
    }
    /* each trace numbered at its own point along the rep, spread evenly from left to
     * right so the numbers never sit on one another */
    int mark_r = mm_px(cv, 1.2);
    for (int r = 0; r < d->n_reps; r++) {
        const struct rep_result *rep = &d->reps[r];
        SDL_Color c = plot_series_colour(r);
        int i = (r + 1) * (REP_TRACE_POINTS - 1) / (d->n_reps + 1);
        int x = lines.x + i * lines.w / (REP_TRACE_POINTS - 1);
        int y = zero_y - rep->trace_mmps[i] * (lines.h / 2) / peak;
        plot_series_marker(cv, x, y, mark_r, r, c);
        char no[16];
        rep_number(no, sizeof no, d, r);
        int w = text_width(cv, no, px, FONT_BOLD) + 2;
        int label_y = rep->trace_mmps[i] >= 0 ? y - mark_r - line : y + mark_r;
        SDL_Rect at = {x - w / 2, label_y, w, line};
        at.y = at.y < plot.y                   ? plot.y
               : at.y + at.h > plot.y + plot.h ? plot.y + plot.h - at.h
                                               : at.y;
        /* a number that would sit on another (or on the scale) is left to the key */
        bool clear = at.x >= plot.x && at.x + at.w <= plot.x + plot.w && n_taken <= REP_MARKS_SHOWN;
        for (int k = 0; clear && k < n_taken; k++)
            clear = !SDL_HasIntersection(&at, &taken[k]);
        if (clear)
            taken[n_taken++] = draw_text(cv, at, no, px, FONT_BOLD, c, ALIGN_CENTER);
    }
    /* the key: as many reps as the line holds, each a marker and its number */
    char widest[16];
    rep_number(widest, sizeof widest, d, d->n_reps - 1);
    int cell_w = line + text_width(cv, widest, px, FONT_BOLD) + mm_px(cv, 2);
    int shown = legend.w / (cell_w > 0 ? cell_w : 1);
    shown = shown < d->n_reps ? shown : d->n_reps;
    for (int r = 0; r < shown; r++) {
        SDL_Rect cell = {legend.x + r * cell_w, legend.y, cell_w, legend.h};
        SDL_Rect sw = rect_cut_left(&cell, line);
        plot_series_marker(cv, sw.x + sw.w / 2, sw.y + sw.h / 2, line / 4, r,
                           plot_series_colour(r));
        char name[16];
        rep_number(name, sizeof name, d, r);
        draw_text(cv, cell, name, px, FONT_BOLD, plot_series_colour(r), ALIGN_LEFT);
    }
}

/* Lowering time of each rep against the target: a bar per rep with its number under it
 * and its time over it, rushed ones striped and the key saying so. */
static void eccentric_plot(struct canvas *cv, SDL_Rect box, const struct set_detail *d,
                           int target_ms)
{
    int px = type_px(cv, TYPE_LABEL), line = text_line_px(cv, px, FONT_BOLD);
    char title[96], target[16];
    i18n_fixed(target, sizeof target, target_ms / 1000.0, 1);
    const char *args[1] = {target};
    i18n_phrase(title, sizeof title, N_("Lowering time per rep (target %s s)"), args, 1);
    plot_title(cv, &box, title);
    bool any_rushed = false;
    for (int r = 0; r < d->n_reps; r++)
        any_rushed = any_rushed || d->reps[r].rushed;
    if (any_rushed) { /* the key: a striped swatch and the word */
        SDL_Rect key = rect_cut_bottom(&box, line);
        SDL_Rect sw = rect_centre(rect_cut_left(&key, line * 3 / 2), line, line * 3 / 4);
        draw_fill(cv, sw, COL_CAUTION);
        draw_stripes(cv, sw, COL_BG);
        rect_cut_left(&key, mm_px(cv, 1.5));
        draw_text(cv, key, _("rushed"), px, FONT_BOLD, COL_CAUTION, ALIGN_LEFT);
    }
    draw_panel(cv, box, COL_PANEL, COL_PANEL_HI);
    SDL_Rect plot = rect_inset(box, canvas_px(cv, PLOT_INSET));
    SDL_Rect numbers = rect_cut_bottom(&plot, line);
    SDL_Rect labels = rect_cut_top(&plot, line);
    canvas_add_plot(cv, plot);
    int top = target_ms * 3 / 2;
    for (int r = 0; r < d->n_reps; r++)
        if (d->reps[r].ecc_ms > top)
            top = d->reps[r].ecc_ms;
    if (top <= 0)
        top = 1;
    /* the target line first: bars cover it, their numbers stay readable */
    int ty = plot.y + plot.h - (int)((int64_t)plot.h * target_ms / top);
    for (int x = plot.x; x < plot.x + plot.w; x += canvas_px(cv, 0.02))
        draw_fill(cv, (SDL_Rect){x, ty - 1, canvas_px(cv, 0.012), 3}, COL_WHITE);
    int slots = d->n_reps > 5 ? d->n_reps : 5;
    int gap = plot.w / slots / 5;
    for (int r = 0; r < d->n_reps; r++) {
        const struct rep_result *rep = &d->reps[r];
        SDL_Rect col = rect_column(plot, slots, r, gap);
        int h = (int)((int64_t)plot.h * (rep->ecc_ms > 0 ? rep->ecc_ms : 0) / top);
        SDL_Rect bar = {col.x, plot.y + plot.h - h, col.w, h};
        draw_fill(cv, bar, rep->rushed ? COL_CAUTION : COL_ACCENT);
        if (rep->rushed)
            draw_stripes(cv, bar, COL_BG);
        SDL_Rect cell = {col.x - gap / 2, 0, col.w + gap, line};
        char no[16], v[16];
        rep_number(no, sizeof no, d, r);
        if (text_width(cv, no, px, FONT_BOLD) <= cell.w) {
            cell.y = numbers.y;
            draw_text(cv, cell, no, px, FONT_BOLD, COL_DIM, ALIGN_CENTER);
        }
        /* the time over its bar where the column holds it (the bar's height says it too) */
        i18n_fixed(v, sizeof v, rep->ecc_ms / 1000.0, 1);
        int vw = text_width(cv, v, px, FONT_BOLD);
        if (vw > cell.w)
            continue;
        cell.y = plot.y + plot.h - h - labels.h;
        if (cell.y < labels.y)
            cell.y = labels.y;
        draw_fill(cv, rect_centre(cell, vw + 6, cell.h), COL_PANEL);
        draw_text(cv, cell, v, px, FONT_BOLD, COL_TEXT, ALIGN_CENTER);
    }
}

/* The least height the two plots need to be read: their titles, keys, insets and the
 * marks' TRAINER_PLOT_MIN_MM (the lowering times' numbers under and over the bars). */
static int plots_min_h(struct canvas *cv, int w)
{
    int line = text_line_px(cv, type_px(cv, TYPE_LABEL), FONT_BOLD);
    int t1 = title_h(cv, _("Bar speed through each rep (m/s)"), w);
    int t2 = title_h(cv, _("Lowering time per rep (target %s s)"), w);
    return (t1 > t2 ? t1 : t2) + 3 * line + 2 * canvas_px(cv, PLOT_INSET) +
           mm_px(cv, TRAINER_PLOT_MIN_MM);
}

/* The pages of a short panel: what to do about the flag first (who, when and the presets),
 * then the evidence (both plots, or each on a page of its own). */
enum detail_part { PART_BOTH, PART_SPEED, PART_LOWERING, PART_ACT };
struct detail_pages {
    int n;
    enum detail_part part[3];
    bool nav_beside; /* one page: the buttons beside what was seen, not under the plots */
};

/* The button that turns to the next page names it (the last turns back to the first). */
static const char *next_page_label(const struct detail_pages *p, int page)
{
    switch (p->part[(page + 1) % p->n]) {
    case PART_ACT:
        return _("\xE2\x97\x80 Acknowledge");
    case PART_LOWERING:
        return _("Lowering times \xE2\x96\xB6");
    default:
        return _("Evidence \xE2\x96\xB6");
    }
}

/* The buttons under the evidence: Back, the lifter's story, a typed note, and on a short
 * panel the way to the next page. */
#define NAV_MAX 4
static int nav_buttons(struct canvas *cv, const struct session_view *v, const struct flag_view *f,
                       const struct detail_pages *p, int page, struct grid_button *b)
{
    int n = 0;
    b[n++] =
        (struct grid_button){_("Back"), BUTTON_QUIET, ACTION_BACK, 0, view_can(v, ACTION_BACK, 0)};
    /* the lifter's last 8 weeks, from any flag about a lifter (from the evidence, on the 7":
     * its page of what to do has room for no more) */
    bool act_page =
        p && p->n > 1 && p->part[page] == PART_ACT && !type_scale_large_fits(cv->w, cv->h);
    if (!act_page)
        b[n++] = (struct grid_button){_("Story"), BUTTON_QUIET, ACTION_STORY, 0,
                                      view_can(v, ACTION_STORY, 0)};
    if (p && p->n > 1)
        b[n++] = (struct grid_button){next_page_label(p, page), BUTTON_PLAIN, ACTION_TOUCH,
                                      UI_ARG_PAGE_BASE + (page + 1) % p->n, true};
    if (f && !f->acked && (!p || p->n == 1 || p->part[page] == PART_ACT))
        b[n++] = (struct grid_button){_("Type a note\xE2\x80\xA6"), BUTTON_PLAIN, ACTION_NOTE, 0,
                                      view_can(v, ACTION_NOTE, 0)};
    return n;
}

/* Acknowledging with a preset note (or, above, a typed one); once acked, who and why. */
static int ack_buttons(const struct session_view *v, struct grid_button *b)
{
    for (int i = 0; i < SESSION_ACK_NOTES; i++)
        b[i] = (struct grid_button){_(session_ack_note(i)), BUTTON_PLAIN, ACTION_FLAG_ACK, i,
                                    view_can(v, ACTION_FLAG_ACK, i)};
    return SESSION_ACK_NOTES;
}

static void acked_line(char *out, size_t n, const struct flag_view *f)
{
    const char *args[2] = {f->ack_by[0] ? f->ack_by : _("a trainer"), _(f->ack_note)};
    i18n_phrase(out, n, N_("\xE2\x9C\x93 Acknowledged by %s: %s"), args, 2);
}

/* The lifter's no-lifting day can be lifted here, with one of the preset reasons (an
 * enrolment screen's differ from a day's), or a typed one. */
#define CLEAR_MAX 8
static int clear_buttons(const struct session_view *v, const struct flag_view *f,
                         struct grid_button *b)
{
    int n = session_clear_reasons_for(f->kind);
    n = n < CLEAR_MAX - 1 ? n : CLEAR_MAX - 1;
    for (int i = 0; i < n; i++)
        b[i] = (struct grid_button){_(session_clear_reason_for(f->kind, i)), BUTTON_DANGER,
                                    ACTION_CLEAR_DAY, i, view_can(v, ACTION_CLEAR_DAY, i)};
    b[n] = (struct grid_button){_("Type a reason\xE2\x80\xA6"), BUTTON_PLAIN, ACTION_NOTE, 1,
                                view_can(v, ACTION_NOTE, 1)};
    return n + 1;
}

/* What to do about the flag: the clearing (a caption and its reasons) over the
 * acknowledging. Draws when draw is set; returns the height in width w. */
static int act_block(struct canvas *cv, SDL_Rect box, const struct session_view *v,
                     const struct flag_view *f, bool draw)
{
    int px = type_px(cv, TYPE_LABEL), gap = canvas_px(cv, 0.015), h = 0, w = box.w;
    struct grid_button b[CLEAR_MAX > SESSION_ACK_NOTES ? CLEAR_MAX : SESSION_ACK_NOTES];
    if (f->clearable) {
        /* an enrolment screen's yes is cleared for good, a no-lifting day for the day */
        const char *what =
            f->kind == FLAG_SCREENING ? _("Clear to lift:") : _("Clear to lift today:");
        int ch = text_wrap_lines(cv, what, px, FONT_BOLD, w) * text_line_px(cv, px, FONT_BOLD);
        int n = clear_buttons(v, f, b);
        int cols = button_grid_cols(cv, b, n, w);
        if (draw) {
            draw_text_wrap(cv, (SDL_Rect){box.x, box.y + h, w, ch}, what, px, FONT_BOLD, COL_STOP,
                           ALIGN_LEFT);
            draw_button_grid(cv, (SDL_Rect){box.x, box.y + h + ch, w, 0}, b, n, cols);
        }
        h += ch + button_grid_h(cv, b, n, w, cols) + gap;
    }
    if (f->acked) {
        char line[3 * NOTE_MAX_LEN];
        acked_line(line, sizeof line, f);
        int lh = text_wrap_lines(cv, line, px, FONT_BOLD, w) * text_line_px(cv, px, FONT_BOLD);
        if (draw)
            draw_text_wrap(cv, (SDL_Rect){box.x, box.y + h, w, lh}, line, px, FONT_BOLD, COL_GO,
                           ALIGN_LEFT);
        return h + lh;
    }
    int n = ack_buttons(v, b);
    int cols = button_grid_cols(cv, b, n, w);
    if (draw)
        draw_button_grid(cv, (SDL_Rect){box.x, box.y + h, w, 0}, b, n, cols);
    return h + button_grid_h(cv, b, n, w, cols);
}

/* Who, when, how serious (a chip with its word), where and what the kiosk saw, and the set
 * (in rest_w under the first line where rest_w > 0): draws when draw is set; returns the
 * height in box's width. */
static int info_block(struct canvas *cv, SDL_Rect box, const struct session_view *v,
                      const struct flag_view *f, bool draw, bool full, int rest_w)
{
    int px = type_px(cv, TYPE_LABEL), body = type_px(cv, TYPE_BODY);
    int gap = canvas_px(cv, 0.008), w = box.w, h = 0;
    char when[16], line[160];
    format_time_of_day(when, sizeof when, f->t_wall_us);
    const char *sev_word = _(severity_label(f->severity));
    int chip_w = text_width(cv, sev_word, px, FONT_BOLD) + mm_px(cv, 4);
    snprintf(line, sizeof line, "%s \xC2\xB7 %s", f->member, when);
    int name_w = w - chip_w - mm_px(cv, 3);
    int lines = text_wrap_lines(cv, line, body, FONT_BOLD, name_w);
    int first_h = lines * text_line_px(cv, body, FONT_BOLD);
    if (draw) {
        SDL_Color sev = colour_severity(f->severity);
        SDL_Rect chip = {box.x + w - chip_w, box.y, chip_w, text_line_px(cv, px, FONT_BOLD)};
        draw_fill(cv, chip, sev);
        draw_text(cv, chip, sev_word, px, FONT_BOLD, colour_on(sev), ALIGN_CENTER);
        draw_text_wrap(cv, (SDL_Rect){box.x, box.y, name_w, first_h}, line, body, FONT_BOLD,
                       COL_TEXT, ALIGN_LEFT);
    }
    h += first_h + gap;
    if (!full) /* beside what to do about it on a short panel: who and when */
        return h;
    w = rest_w > 0 ? rest_w : w;
    char said[2 * NOTE_MAX_LEN];
    i18n_flag_detail(said, sizeof said, f->detail, cv->unit);
    char seen[FLAG_RACK_MAX + 2 * NOTE_MAX_LEN + 16]; /* a flag from another rack says which */
    if (f->rack[0]) {
        const char *args[2] = {f->rack, said};
        i18n_phrase(seen, sizeof seen, f->detail[0] ? N_("At %s \xC2\xB7 %s") : N_("At %s"), args,
                    f->detail[0] ? 2 : 1);
    } else {
        snprintf(seen, sizeof seen, "%s", said);
    }
    if (seen[0]) {
        int sh =
            text_wrap_lines(cv, seen, px, FONT_REGULAR, w) * text_line_px(cv, px, FONT_REGULAR);
        if (draw)
            draw_text_wrap(cv, (SDL_Rect){box.x, box.y + h, w, sh}, seen, px, FONT_REGULAR, COL_DIM,
                           ALIGN_LEFT);
        h += sh + gap;
    }
    const struct set_detail *d = v->trainer.detail;
    if (f->set_key != 0 && d) {
        char kg[24], done[16], of[16];
        format_load(cv, kg, sizeof kg, d->load_g);
        snprintf(done, sizeof done, "%d", d->n_reps);
        snprintf(of, sizeof of, "%d", d->target_reps);
        const char *args[4] = {_(d->exercise), kg, done, of};
        i18n_phrase(line, sizeof line, N_("%s, %s: %s of %s reps"), args, 4);
        int eh = text_wrap_lines(cv, line, px, FONT_BOLD, w) * text_line_px(cv, px, FONT_BOLD);
        if (draw)
            draw_text_wrap(cv, (SDL_Rect){box.x, box.y + h, w, eh}, line, px, FONT_BOLD, COL_TEXT,
                           ALIGN_LEFT);
        h += eh + gap;
    }
    return h;
}

/* Who and when over what was seen, with the buttons under the evidence beside it on the
 * right (in the room the short lines leave, so a wide panel's one page holds the plots at
 * their height): the split of the width that takes the least height. Draws when draw is
 * set; returns the height in box. */
static int info_nav_block(struct canvas *cv, SDL_Rect box, const struct session_view *v,
                          const struct flag_view *f, bool draw)
{
    int gap = canvas_px(cv, 0.02), best_h = -1, best_w = 0;
    struct grid_button nav[NAV_MAX];
    struct detail_pages one = {1, {PART_BOTH}};
    int n = nav_buttons(cv, v, f, &one, 0, nav);
    int head = info_block(cv, box, v, f, false, false, 0);
    for (int tenth = 3; tenth <= 7; tenth++) {
        int nav_w = box.w * tenth / 10, text_w = box.w - nav_w - gap;
        int text_h = info_block(cv, box, v, f, false, true, text_w) - head;
        int nav_h = button_grid_h(cv, nav, n, nav_w, button_grid_cols(cv, nav, n, nav_w));
        int h = head + (text_h > nav_h ? text_h : nav_h);
        if (best_h < 0 || h < best_h) {
            best_h = h;
            best_w = nav_w;
        }
    }
    if (draw) {
        info_block(cv, box, v, f, true, true, box.w - best_w - gap);
        int cols = button_grid_cols(cv, nav, n, best_w);
        draw_button_grid(cv, (SDL_Rect){box.x + box.w - best_w, box.y + head, best_w, 0}, nav, n,
                         cols);
    }
    return best_h;
}

/* The evidence: the two plots side by side (stacked in portrait), one of them, or why
 * there are none. */
static void evidence(struct canvas *cv, SDL_Rect a, const struct session_view *v,
                     const struct flag_view *f, enum detail_part part)
{
    const char *none = f->set_key == 0      ? _("Not about a set: no rep data")
                       : !v->trainer.detail ? _("Loading\xE2\x80\xA6")
                                            : NULL;
    if (none) {
        draw_text_wrap(cv, a, none, type_px(cv, TYPE_BODY), FONT_REGULAR, COL_DIM, ALIGN_CENTER);
        return;
    }
    const struct set_detail *d = v->trainer.detail;
    if (part != PART_BOTH) {
        if (part == PART_SPEED)
            trace_plot(cv, a, d);
        else
            eccentric_plot(cv, a, d, v->lift.tempo_ms[0]);
        return;
    }
    int gap = canvas_px(cv, 0.03);
    SDL_Rect second = canvas_portrait(cv) ? rect_cut_bottom(&a, (a.h - gap) / 2)
                                          : rect_cut_right(&a, (a.w - gap) / 2);
    if (canvas_portrait(cv))
        rect_cut_bottom(&a, gap);
    else
        rect_cut_right(&a, gap);
    trace_plot(cv, a, d);
    eccentric_plot(cv, second, d, v->lift.tempo_ms[0]);
}

/* The height the evidence needs in width w: the plots' least (both, or one), or a line
 * saying why there are none. */
static int evidence_min_h(struct canvas *cv, const struct session_view *v,
                          const struct flag_view *f, int w, enum detail_part part)
{
    if (f->set_key == 0 || !v->trainer.detail)
        return 2 * text_line_px(cv, type_px(cv, TYPE_BODY), FONT_REGULAR);
    int gap = canvas_px(cv, 0.03);
    if (part != PART_BOTH)
        return plots_min_h(cv, w);
    if (canvas_portrait(cv))
        return 2 * plots_min_h(cv, w) + gap;
    return plots_min_h(cv, (w - gap) / 2);
}

/* One page where the plots keep their least height beside the rest; else the evidence
 * and what to do about it on pages of their own, the plots each on one where both do
 * not fit. */
static void detail_pages(struct canvas *cv, SDL_Rect a, const struct session_view *v,
                         const struct flag_view *f, struct detail_pages *p)
{
    int gap = canvas_px(cv, 0.012);
    struct grid_button nav[NAV_MAX];
    struct detail_pages one = {1, {PART_BOTH}};
    int n = nav_buttons(cv, v, f, &one, 0, nav);
    int fixed = info_block(cv, a, v, f, false, true, 0) +
                button_grid_h(cv, nav, n, a.w, button_grid_cols(cv, nav, n, a.w)) + 3 * gap;
    *p = one;
    /* the 10" keeps one page (the evidence takes what the rest leaves): a trainer at a desk
     * sees the flag whole */
    if (fixed + act_block(cv, a, v, f, false) + evidence_min_h(cv, v, f, a.w, PART_BOTH) <= a.h)
        return;
    /* a wide panel keeps the plots on one page with the buttons beside what was seen (a flag
     * without plots gains nothing from it) */
    if (f->set_key != 0 && v->trainer.detail && !canvas_portrait(cv) &&
        info_nav_block(cv, a, v, f, false) + act_block(cv, a, v, f, false) +
                evidence_min_h(cv, v, f, a.w, PART_BOTH) + 2 * gap <=
            a.h) {
        p->nav_beside = true;
        return;
    }
    /* paged: the nav row gains the page button; the evidence's pages say who and when */
    struct detail_pages two = {2, {PART_ACT, PART_BOTH}};
    n = nav_buttons(cv, v, f, &two, 1, nav);
    fixed = info_block(cv, a, v, f, false, false, 0) +
            button_grid_h(cv, nav, n, a.w, button_grid_cols(cv, nav, n, a.w)) + 3 * gap;
    *p = two;
    if (fixed + evidence_min_h(cv, v, f, a.w, PART_BOTH) <= a.h)
        return;
    *p = (struct detail_pages){3, {PART_ACT, PART_SPEED, PART_LOWERING}};
}

void screen_flag_detail(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    const struct flag_view *f = v->trainer.open_flag;
    draw_header(cv, &a, f ? _(flag_kind_label(f->kind)) : _("Flag"), v->name);
    a = rect_inset(a, canvas_px(cv, 0.02));
    int gap = canvas_px(cv, 0.012);
    struct grid_button nav[NAV_MAX];
    if (!f) {
        int n = nav_buttons(cv, v, NULL, NULL, 0, nav);
        SDL_Rect row = rect_cut_bottom(&a, button_grid_h(cv, nav, n, a.w, n));
        draw_button_grid(cv, row, nav, n, n);
        draw_text_wrap(cv, a, _("This flag is no longer in the list"), type_px(cv, TYPE_BODY),
                       FONT_REGULAR, COL_DIM, ALIGN_CENTER);
        return;
    }
    struct detail_pages pages;
    detail_pages(cv, a, v, f, &pages);
    int page = cv->page >= 0 && cv->page < pages.n ? cv->page : 0;
    enum detail_part part = pages.part[page];
    if (pages.nav_beside) {
        rect_cut_top(&a, info_nav_block(cv, a, v, f, true));
        rect_cut_top(&a, gap);
        act_block(cv, rect_cut_bottom(&a, act_block(cv, a, v, f, false)), v, f, true);
        rect_cut_bottom(&a, gap);
        evidence(cv, a, v, f, PART_BOTH);
        return;
    }
    int n = nav_buttons(cv, v, f, &pages, page, nav);
    int cols = button_grid_cols(cv, nav, n, a.w);
    draw_button_grid(cv, rect_cut_bottom(&a, button_grid_h(cv, nav, n, a.w, cols)), nav, n, cols);
    rect_cut_bottom(&a, gap);
    /* beside the presets, what was seen where the room holds it, else who and when */
    bool full = pages.n == 1 || (part == PART_ACT && info_block(cv, a, v, f, false, true, 0) + gap +
                                                             act_block(cv, a, v, f, false) <=
                                                         a.h);
    rect_cut_top(&a, info_block(cv, a, v, f, true, full, 0));
    rect_cut_top(&a, gap);
    if (pages.n == 1 || part == PART_ACT) {
        int act_h = act_block(cv, a, v, f, false);
        act_block(cv, rect_cut_bottom(&a, act_h), v, f, true);
        rect_cut_bottom(&a, gap);
    }
    if (part != PART_ACT)
        evidence(cv, a, v, f, part);
}
