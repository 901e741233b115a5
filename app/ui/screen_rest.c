/* Rest: time to the next set, how the last one went and whether it is saved. */
#include <stdio.h>

#include "screens.h"

#define US_PER_S 1000000

/* Lines beside the clock, most important first, while they fit: each may wrap once. */
static void stack_lines(struct canvas *cv, SDL_Rect a, const char *const *lines,
                        const SDL_Color *colours, const int *px, int n)
{
    for (int i = 0; i < n; i++) {
        if (!lines[i] || !lines[i][0])
            continue;
        enum font_weight wt = FONT_BOLD;
        int line_h = text_line_px(cv, px[i], wt);
        int rows = text_wrap_lines(cv, lines[i], px[i], wt, a.w);
        if (rows > 2 || rows * line_h > a.h)
            break;
        draw_text_wrap(cv, rect_cut_top(&a, rows * line_h), lines[i], px[i], wt, colours[i],
                       ALIGN_LEFT);
    }
}

/* How the set went, one line each while they fit (each may wrap once), cut from the top of
 * a: velocity, its loss against the limit, time under tension, the tempo kept. */
static void summary_lines(struct canvas *cv, SDL_Rect *a, const struct set_summary *sum)
{
    if (sum->n_reps <= 0)
        return;
    int px = type_px(cv, TYPE_LABEL);
    char best[16], mean[16], tut[16], l[5][128];
    SDL_Color c[5] = {COL_TEXT, COL_TEXT, sum->loss_over ? COL_CAUTION : COL_TEXT, COL_TEXT,
                      COL_TEXT};
    i18n_fixed(best, sizeof best, sum->best_mmps / 1000.0, 2);
    i18n_fixed(mean, sizeof mean, sum->mean_mmps / 1000.0, 2);
    i18n_number(tut, sizeof tut, sum->tut_ms / 1000.0, 1);
    snprintf(l[0], sizeof l[0], _("Best %s\xC2\xA0m/s"), best);
    snprintf(l[1], sizeof l[1], _("Mean %s\xC2\xA0m/s"), mean);
    if (sum->loss_over)
        snprintf(l[2], sizeof l[2], _("\xE2\x9A\xA0 Velocity loss %d\xC2\xA0%%: over %d\xC2\xA0%%"),
                 (int)sum->loss_pct, (int)sum->loss_limit_pct);
    else
        snprintf(l[2], sizeof l[2], _("Velocity loss %d\xC2\xA0%% of %d\xC2\xA0%%"),
                 (int)sum->loss_pct, (int)sum->loss_limit_pct);
    if (text_wrap_lines(cv, l[2], px, FONT_BOLD, a->w) > 1) /* a narrow column: numbers only */
        snprintf(l[2], sizeof l[2], _("Loss %d\xC2\xA0%% / %d\xC2\xA0%%"), (int)sum->loss_pct,
                 (int)sum->loss_limit_pct);
    snprintf(l[3], sizeof l[3], _("Under tension %s\xC2\xA0s"), tut);
    if (sum->tempo_scored > 0)
        snprintf(l[4], sizeof l[4], _("Tempo kept %d of %d reps (%d\xC2\xA0%%)"), sum->tempo_kept,
                 sum->tempo_scored, sum->tempo_pct);
    else
        snprintf(l[4], sizeof l[4], "%s", _("Tempo: no cue to keep"));
    int line_h = text_line_px(cv, px, FONT_BOLD);
    /* the flags under it keep two fifths of the column */
    int room_h = a->h * 3 / 5;
    for (int i = 0; i < 5; i++) {
        int rows = text_wrap_lines(cv, l[i], px, FONT_BOLD, a->w);
        if (rows > 2 || rows * line_h > room_h)
            break;
        room_h -= rows * line_h;
        draw_text_wrap(cv, rect_cut_top(a, rows * line_h), l[i], px, FONT_BOLD, c[i], ALIGN_LEFT);
    }
    rect_cut_top(a, px / 2);
}

void screen_rest(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
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
    rect_cut_top(&a, gap);

    char next[96] = "", kg[24], last[128];
    if (p->current < p->n_sets) {
        char nkg[24];
        format_load(cv, nkg, sizeof nkg, p->sets[p->current].load_g);
        snprintf(next, sizeof next,
                 secs == 0 ? _("Now: %s \xC3\x97 %d") : _("Next: %s \xC3\x97 %d"), nkg,
                 p->sets[p->current].reps);
    } else if (p->n_sets > 0) {
        snprintf(next, sizeof next, "%s \xE2\x9C\x93", _("All sets done"));
    }
    if (set->declared)
        format_load(cv, kg, sizeof kg, set->load_g);
    else
        format_bar_load(cv, kg, sizeof kg, set->load_g, &v->lift.plates, v->lift.empty_bar_g);
    snprintf(last, sizeof last,
             i18n_plural("Last set: %d rep at %s", "Last set: %d reps at %s",
                         (unsigned long)(set->n_reps > 0 ? set->n_reps : 0)),
             set->n_reps, kg);
    const char *saved = set->save_failed ? _("\xE2\x9C\x97 Not saved yet: the kiosk keeps trying. "
                                             "Tell a trainer.")
                        : set->saved     ? _("Saved \xE2\x9C\x93")
                                         : _("Saving\xE2\x80\xA6");
    const char *credit = set->stopped ? _("\xE2\x9C\x97 Stopped: not credited")
                         : !set->clean && set->n_reps > 0
                             ? _("\xE2\x9A\xA0 Counted, not clean: no step up from it")
                             : "";
    const char *lines[] = {next, credit, saved, last};
    const SDL_Color colours[] = {p->current < p->n_sets ? COL_TEXT : COL_GO,
                                 set->stopped ? COL_STOP : COL_CAUTION,
                                 set->save_failed ? COL_STOP
                                 : set->saved     ? COL_GO
                                                  : COL_DIM,
                                 COL_TEXT};
    const int px[] = {type_px(cv, TYPE_TITLE), type_px(cv, TYPE_LABEL), type_px(cv, TYPE_LABEL),
                      type_px(cv, TYPE_LABEL)};
    if (tall) { /* the lines under the clock's bar, up to eight rows */
        int rows_h =
            2 * text_line_px(cv, px[0], FONT_BOLD) + 6 * text_line_px(cv, px[1], FONT_BOLD);
        top = rect_cut_top(&a, rows_h < a.h / 2 ? rows_h : a.h / 2);
        rect_cut_top(&a, gap);
    }
    stack_lines(cv, top, lines, colours, px, 4);

    /* the set's speed per rep, full height whatever the flags: they go beside it (portrait:
     * under it) */
    int flag_px = type_px(cv, TYPE_LABEL);
    SDL_Rect side = tall ? rect_cut_bottom(&a, a.h / 2) : rect_cut_right(&a, a.w * 2 / 5);
    if (tall)
        rect_cut_bottom(&a, gap);
    else
        rect_cut_right(&a, 2 * gap);
    summary_lines(cv, &side, &v->lift.summary);
    if (set->n_flags > 0)
        draw_set_flags(cv, side, set->flags, set->n_flags, flag_px);
    else if (side.h >= text_line_px(cv, flag_px, FONT_BOLD))
        draw_text(cv, rect_cut_top(&side, text_line_px(cv, flag_px, FONT_BOLD)),
                  _("No flags \xE2\x9C\x93"), flag_px, FONT_BOLD, COL_GO, ALIGN_LEFT);
    draw_velocity_bars(cv, a, set->reps, set->n_reps);
}
