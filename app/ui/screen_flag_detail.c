/* One flag with its evidence: per-rep speed traces and lowering times, then acknowledge. */
#include <stdio.h>
#include <stdlib.h>

#include "i18n.h"
#include "screens.h"

#define REP_COLOURS 4
#define REP_MARKS   4 /* marker shapes; with the colours, 16 reps differ before a repeat */

/* Rep traces keep clear of the go, caution and stop colours (a rushed rep is caution
 * yellow in the chart beside it) and of each other for red-green colour blindness; each
 * trace also carries its rep number and a marker shape, so colour is never the only cue. */
static const SDL_Color rep_colours[REP_COLOURS] = {
    {86, 180, 233, 255},  /* sky blue */
    {204, 121, 167, 255}, /* reddish purple */
    {235, 235, 235, 255}, /* white */
    {0, 114, 178, 255},   /* blue */
};

/* Marker m (0 disc, 1 square, 2 triangle, 3 diamond) of radius r at (x, y). */
static void rep_marker(struct canvas *cv, int x, int y, int r, int m, SDL_Color c)
{
    switch (m % REP_MARKS) {
    case 0:
        draw_disc(cv, x, y, r, c);
        break;
    case 1:
        draw_fill(cv, (SDL_Rect){x - r, y - r, 2 * r, 2 * r}, c);
        break;
    case 2: {
        SDL_FPoint t[3] = {{(float)x, (float)(y - r)},
                           {(float)(x + r), (float)(y + r)},
                           {(float)(x - r), (float)(y + r)}};
        draw_polygon(cv, t, 3, c);
        break;
    }
    default: {
        SDL_FPoint d[4] = {{(float)x, (float)(y - r)},
                           {(float)(x + r), (float)y},
                           {(float)x, (float)(y + r)},
                           {(float)(x - r), (float)y}};
        draw_polygon(cv, d, 4, c);
        break;
    }
    }
}

/* Vertical bar speed across each rep, one line per rep, with a legend in words. */
static void trace_plot(struct canvas *cv, SDL_Rect box, const struct set_detail *d)
{
    int px = canvas_px(cv, 0.032);
    draw_text(cv, rect_cut_top(&box, px * 3 / 2), _("Bar speed through each rep (m/s)"), px,
              FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    SDL_Rect legend = rect_cut_bottom(&box, px * 3 / 2);
    draw_panel(cv, box, COL_PANEL, COL_PANEL_HI);
    SDL_Rect plot = rect_inset(box, canvas_px(cv, 0.015));
    int peak = 100;
    for (int r = 0; r < d->n_reps; r++)
        for (int i = 0; i < REP_TRACE_POINTS; i++)
            if (abs(d->reps[r].trace_mmps[i]) > peak)
                peak = abs(d->reps[r].trace_mmps[i]);
    int zero_y = plot.y + plot.h / 2;
    draw_fill(cv, (SDL_Rect){plot.x, zero_y, plot.w, 1}, COL_FAINT);
    char scale[24], num[16];
    i18n_fixed(num, sizeof num, peak / 1000.0, 1); /* the reader's decimal sign */
    snprintf(scale, sizeof scale, "%s m/s", num);
    draw_text(cv, (SDL_Rect){plot.x, plot.y, plot.w, px * 5 / 4}, scale, px * 4 / 5, FONT_REGULAR,
              COL_FAINT, ALIGN_LEFT);
    int thick = canvas_px(cv, 0.005);
    for (int r = 0; r < d->n_reps; r++) {
        const struct rep_result *rep = &d->reps[r];
        SDL_Color c = rep_colours[r % REP_COLOURS];
        for (int i = 1; i < REP_TRACE_POINTS; i++) {
            int x0 = plot.x + (i - 1) * plot.w / (REP_TRACE_POINTS - 1);
            int x1 = plot.x + i * plot.w / (REP_TRACE_POINTS - 1);
            int y0 = zero_y - rep->trace_mmps[i - 1] * (plot.h / 2) / peak;
            int y1 = zero_y - rep->trace_mmps[i] * (plot.h / 2) / peak;
            draw_line(cv, x0, y0, x1, y1, thick, c);
        }
    }
    /* each trace numbered at its own point along the rep, spread evenly from left to
     * right so the numbers never sit on one another */
    int mark_r = px / 3;
    for (int r = 0; r < d->n_reps; r++) {
        const struct rep_result *rep = &d->reps[r];
        SDL_Color c = rep_colours[r % REP_COLOURS];
        int m = r / REP_COLOURS;
        int i = (r + 1) * (REP_TRACE_POINTS - 1) / (d->n_reps + 1);
        int x = plot.x + i * plot.w / (REP_TRACE_POINTS - 1);
        int y = zero_y - rep->trace_mmps[i] * (plot.h / 2) / peak;
        rep_marker(cv, x, y, mark_r, m, c);
        char no[16];
        snprintf(no, sizeof no, "%d", rep->index > 0 ? rep->index : r + 1);
        int label_y = rep->trace_mmps[i] >= 0 ? y - mark_r - px * 6 / 5 : y + mark_r;
        draw_text(cv, (SDL_Rect){x - px, label_y, 2 * px, px * 6 / 5}, no, px, FONT_BOLD, c,
                  ALIGN_CENTER);
    }
    int shown = d->n_reps < 2 * REP_COLOURS ? d->n_reps : 2 * REP_COLOURS;
    for (int r = 0; r < shown; r++) {
        SDL_Rect cell = rect_column(legend, shown > 6 ? shown : 6, r, canvas_px(cv, 0.01));
        SDL_Rect sw = rect_cut_left(&cell, cell.h);
        rep_marker(cv, sw.x + sw.w / 2, sw.y + sw.h / 2, sw.h / 4, r / REP_COLOURS,
                   rep_colours[r % REP_COLOURS]);
        char name[16];
        snprintf(name, sizeof name, "%d", d->reps[r].index > 0 ? d->reps[r].index : r + 1);
        draw_text(cv, cell, name, px, FONT_BOLD, rep_colours[r % REP_COLOURS], ALIGN_LEFT);
    }
}

/* Lowering time of each rep against the target, rushed ones marked in words. */
static void eccentric_plot(struct canvas *cv, SDL_Rect box, const struct set_detail *d,
                           int target_ms)
{
    int px = canvas_px(cv, 0.032);
    char title[96], target[16];
    i18n_fixed(target, sizeof target, target_ms / 1000.0, 1);
    snprintf(title, sizeof title, _("Lowering time per rep (target %s s)"), target);
    draw_text(cv, rect_cut_top(&box, px * 3 / 2), title, px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    SDL_Rect marks = rect_cut_bottom(&box, px * 3 / 2);
    draw_panel(cv, box, COL_PANEL, COL_PANEL_HI);
    SDL_Rect plot = rect_inset(box, canvas_px(cv, 0.015));
    SDL_Rect labels = rect_cut_top(&plot, px * 5 / 4);
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
        char v[16];
        i18n_fixed(v, sizeof v, rep->ecc_ms / 1000.0, 1);
        SDL_Rect lab = {col.x - gap / 2, plot.y + plot.h - h - labels.h, col.w + gap, labels.h};
        if (lab.y < labels.y)
            lab.y = labels.y;
        draw_fill(cv, rect_centre(lab, text_width(cv, v, px, FONT_BOLD) + 6, lab.h), COL_PANEL);
        draw_text(cv, lab, v, px, FONT_BOLD, COL_TEXT, ALIGN_CENTER);
        if (rep->rushed)
            draw_text(cv, (SDL_Rect){col.x - gap / 2, marks.y, col.w + gap, marks.h}, _("rushed"),
                      px, FONT_BOLD, COL_CAUTION, ALIGN_CENTER);
    }
}

static void ack_row(struct canvas *cv, SDL_Rect row, const struct session_view *v,
                    const struct flag_view *f)
{
    if (f->acked) {
        char line[2 * NOTE_MAX_LEN];
        snprintf(line, sizeof line, _("\xE2\x9C\x93 Acknowledged by %s: %s"),
                 f->ack_by[0] ? f->ack_by : _("a trainer"), f->ack_note);
        draw_text_wrap(cv, rect_centre(row, row.w, row.h * 4 / 5), line, canvas_px(cv, 0.042),
                       FONT_BOLD, COL_GO, ALIGN_LEFT);
        return;
    }
    /* one size for the whole row, small enough for the longest note on two lines */
    for (int i = 0; i < SESSION_ACK_NOTES; i++)
        draw_button_px(cv, rect_column(row, SESSION_ACK_NOTES, i, canvas_px(cv, 0.015)),
                       _(session_ack_note(i)), canvas_px(cv, 0.034), BUTTON_PLAIN, ACTION_FLAG_ACK,
                       i, view_can(v, ACTION_FLAG_ACK, i));
}

/* The lifter's no-lifting day can be lifted here, with one of the preset reasons. */
static void clear_row(struct canvas *cv, SDL_Rect row, const struct session_view *v,
                      const struct flag_view *f)
{
    SDL_Rect label = rect_cut_left(&row, row.w / 6);
    /* an enrolment screen's yes is cleared for good, a no-lifting day for the day */
    draw_text_wrap(cv, label,
                   f->kind == FLAG_SCREENING ? _("Clear to lift:") : _("Clear to lift today:"),
                   canvas_px(cv, 0.034), FONT_BOLD, COL_STOP, ALIGN_LEFT);
    rect_cut_left(&row, canvas_px(cv, 0.015));
    /* the kind's own presets (an enrolment screen's differ from a day's), then a typed one */
    int n = session_clear_reasons_for(f->kind);
    for (int i = 0; i < n; i++)
        draw_button_px(cv, rect_column(row, n + 1, i, canvas_px(cv, 0.015)),
                       _(session_clear_reason_for(f->kind, i)), canvas_px(cv, 0.03), BUTTON_DANGER,
                       ACTION_CLEAR_DAY, i, view_can(v, ACTION_CLEAR_DAY, i));
    draw_button_px(cv, rect_column(row, n + 1, n, canvas_px(cv, 0.015)),
                   _("Type a reason\xE2\x80\xA6"), canvas_px(cv, 0.03), BUTTON_PLAIN, ACTION_NOTE,
                   1, view_can(v, ACTION_NOTE, 1));
}

void screen_flag_detail(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    const struct flag_view *f = v->trainer.open_flag;
    draw_header(cv, &a, f ? _(flag_kind_label(f->kind)) : _("Flag"), v->name);
    a = rect_inset(a, canvas_px(cv, 0.025));

    SDL_Rect bottom = rect_cut_bottom(&a, target_px(cv));
    rect_cut_bottom(&a, canvas_px(cv, 0.015));
    draw_button(cv, rect_cut_left(&bottom, bottom.w / 6), _("Back"), BUTTON_QUIET, ACTION_BACK, 0,
                view_can(v, ACTION_BACK, 0));
    rect_cut_left(&bottom, canvas_px(cv, 0.015));
    /* the lifter's last 8 weeks, from any flag about a lifter */
    draw_button(cv, rect_cut_left(&bottom, bottom.w / 5), _("Story"), BUTTON_QUIET, ACTION_STORY, 0,
                view_can(v, ACTION_STORY, 0));
    rect_cut_left(&bottom, canvas_px(cv, 0.02));
    if (!f) {
        draw_text(cv, a, _("This flag is no longer in the list"), canvas_px(cv, 0.05), FONT_REGULAR,
                  COL_DIM, ALIGN_CENTER);
        return;
    }
    /* acknowledging: a preset note in a row of its own, or a note typed on the keyboard */
    if (!f->acked) {
        draw_button(cv, rect_cut_right(&bottom, bottom.w * 2 / 5), _("Type a note\xE2\x80\xA6"),
                    BUTTON_PLAIN, ACTION_NOTE, 0, view_can(v, ACTION_NOTE, 0));
        bottom = rect_cut_bottom(&a, target_px(cv));
        rect_cut_bottom(&a, canvas_px(cv, 0.015));
    }
    ack_row(cv, bottom, v, f);
    if (f->clearable)
        clear_row(cv, rect_cut_bottom(&a, target_px(cv)), v, f);

    /* who, when, how serious, what the kiosk saw */
    SDL_Rect info = rect_cut_top(&a, canvas_px(cv, 0.06));
    char when[16], line[160];
    format_time_of_day(when, sizeof when, f->t_wall_us);
    SDL_Color sev = colour_severity(f->severity);
    SDL_Rect chip = rect_cut_right(&info, info.w / 6);
    draw_fill(cv, chip, sev);
    draw_text(cv, rect_inset(chip, canvas_px(cv, 0.006)), _(severity_label(f->severity)),
              canvas_px(cv, 0.04), FONT_BOLD, colour_on(sev), ALIGN_CENTER);
    rect_cut_right(&info, canvas_px(cv, 0.02));
    snprintf(line, sizeof line, "%s \xC2\xB7 %s", f->member, when);
    draw_text(cv, info, line, canvas_px(cv, 0.05), FONT_BOLD, COL_TEXT, ALIGN_LEFT);
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
    if (seen[0])
        draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.055)), seen, canvas_px(cv, 0.042),
                  FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    rect_cut_top(&a, canvas_px(cv, 0.015));

    if (f->set_key == 0) {
        draw_text(cv, a, _("Not about a set: no rep data"), canvas_px(cv, 0.045), FONT_REGULAR,
                  COL_DIM, ALIGN_CENTER);
        return;
    }
    if (!v->trainer.detail) {
        draw_text(cv, a, _("Loading\xE2\x80\xA6"), canvas_px(cv, 0.06), FONT_REGULAR, COL_DIM,
                  ALIGN_CENTER);
        return;
    }
    const struct set_detail *d = v->trainer.detail;
    char kg[24];
    format_load(cv, kg, sizeof kg, d->load_g);
    snprintf(line, sizeof line, _("%s, %s: %d of %d reps"), _(d->exercise), kg, d->n_reps,
             d->target_reps);
    draw_text(cv, rect_cut_top(&a, canvas_px(cv, 0.05)), line, canvas_px(cv, 0.042), FONT_BOLD,
              COL_TEXT, ALIGN_LEFT);
    rect_cut_top(&a, canvas_px(cv, 0.01));
    SDL_Rect right = rect_cut_right(&a, (a.w - canvas_px(cv, 0.03)) / 2);
    rect_cut_right(&a, canvas_px(cv, 0.03));
    trace_plot(cv, a, d);
    eccentric_plot(cv, right, d, v->lift.tempo_ms[0]);
}
