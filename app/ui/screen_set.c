/* Set: live bar load, rep count, the tempo cue of the bar's phase, per-rep speed. */
#include <stdio.h>
#include <string.h>

#include "catalogue_text.h"
#include "screens.h"

/* Shorter than this, a landscape panel has no room for the flags beside the plot. */
#define SHORT_PANEL_H 600

#define US_PER_MS 1000

/* The phase word and its colour for the bar's phase now. */
static const char *phase_word(enum rep_phase ph, SDL_Color *c, int n_reps)
{
    switch (ph) {
    case REP_PHASE_ECCENTRIC:
        *c = COL_ACCENT;
        return _("DOWN");
    case REP_PHASE_BOTTOM:
        *c = COL_TEXT;
        return _("HOLD");
    case REP_PHASE_CONCENTRIC:
        *c = COL_GO;
        return _("UP");
    case REP_PHASE_TOP:
    default:
        *c = COL_TEXT;
        /* before the first rep: get ready (the load line says when to unrack); between
         * reps the bar is at the top */
        return n_reps > 0 ? _("TOP") : _("READY");
    }
}

/* The phase word as the key, read from the rack; below it, the sweep of the cue. */
static void tempo_cue(struct canvas *cv, SDL_Rect key, SDL_Rect sweep, const struct session_view *v,
                      enum align align)
{
    const int *tempo = v->lift.tempo_ms;
    int target_ms = v->lift.phase_target_ms;
    SDL_Color c;
    const char *word = phase_word(v->lift.phase, &c, v->lift.set->n_reps);
    draw_key_text(cv, key, word, c, align);
    int64_t into_us = v->lift.phase_into_us;
    char secs[96], into[16], of[16], t[4][16];
    if (target_ms > 0) {
        /* the seconds counted in this phase, so the lifter can pace against the cue */
        i18n_fixed(into, sizeof into, into_us / 1e6, 1);
        i18n_number(of, sizeof of, target_ms / 1000.0, 1);
        const char *args[] = {into, of};
        i18n_phrase(secs, sizeof secs, N_("%s of %s s"), args, 2);
    } else {
        for (int i = 0; i < 4; i++)
            i18n_number(t[i], sizeof t[i], tempo[i] / 1000.0, 1);
        const char *args[] = {t[0], t[1], t[2], t[3]};
        i18n_phrase(secs, sizeof secs, N_("tempo %s-%s-%s-%s"), args, 4);
    }
    int px = type_px(cv, TYPE_LABEL);
    char widest[96];
    i18n_phrase(widest, sizeof widest, N_("%s of %s s"), (const char *[]){"00,0", "00"}, 2);
    int words_w = text_width(cv, widest, px, FONT_BOLD);
    if (text_width(cv, secs, px, FONT_BOLD) > words_w)
        words_w = text_width(cv, secs, px, FONT_BOLD);
    SDL_Rect words = rect_cut_right(&sweep, words_w);
    rect_cut_right(&sweep, mm_px(cv, 2));
    draw_progress(cv, rect_centre(sweep, sweep.w, mm_px(cv, 3)),
                  target_ms > 0 ? (double)into_us / ((double)target_ms * US_PER_MS) : 0, c);
    draw_text(cv, words, secs, px, FONT_BOLD, COL_DIM, ALIGN_RIGHT);
}

static void split_bar(struct canvas *cv, SDL_Rect box, const struct session_view *v)
{
    int left = v->lift.set->left_pct;
    bool uneven = v->lift.split_uneven;
    SDL_Color c = uneven ? COL_CAUTION : COL_ACCENT;
    int px = type_px(cv, TYPE_LABEL);
    char l[32], r[32];
    /* the heavier side carries a warning sign when the split is beyond the limit */
    const char *left_w = C_("left side of the bar", "L"), *right_w = C_("right side", "R");
    snprintf(l, sizeof l, "%s%s %d%%", uneven && left > 50 ? "\xE2\x9A\xA0 " : "", left_w, left);
    snprintf(r, sizeof r, "%s %d%%%s", right_w, 100 - left,
             uneven && left < 50 ? " \xE2\x9A\xA0" : "");
    char widest[32];
    snprintf(widest, sizeof widest, "\xE2\x9A\xA0 %s 100%%",
             strlen(left_w) > strlen(right_w) ? left_w : right_w);
    int lw = text_width(cv, widest, px, FONT_BOLD);
    SDL_Rect lr = rect_cut_left(&box, lw);
    SDL_Rect rr = rect_cut_right(&box, lw);
    draw_text(cv, lr, l, px, FONT_BOLD, uneven ? c : COL_TEXT, ALIGN_LEFT);
    draw_text(cv, rr, r, px, FONT_BOLD, uneven ? c : COL_TEXT, ALIGN_RIGHT);
    SDL_Rect bar = rect_centre(box, box.w - 2 * canvas_px(cv, 0.015), box.h / 2);
    draw_progress(cv, bar, left / 100.0, c);
    draw_fill(cv, (SDL_Rect){bar.x + bar.w / 2 - 1, bar.y - bar.h / 3, 3, bar.h * 5 / 3},
              COL_WHITE);
}

/* "Target 100 kg x 5": the set's load and reps. */
static void target_line(char *out, size_t n, const char *load, int reps)
{
    char r[12];
    i18n_int(r, sizeof r, reps);
    i18n_phrase(out, n, N_("Target %s \xC3\x97 %s"), (const char *[]){load, r}, 2);
}

/* The load on the bar, or what to do to get one. */
static void load_line(struct canvas *cv, SDL_Rect row, const struct session_view *v)
{
    const struct live_set *set = v->lift.set;
    char kg[24], line[96];
    if (set->load_known) {
        if (set->declared)
            format_load(cv, kg, sizeof kg, set->load_g);
        else
            format_bar_load(cv, kg, sizeof kg, set->load_g, &v->lift.plates, v->lift.empty_bar_g);
        i18n_phrase(line, sizeof line, N_("On the bar %s"), (const char *[]){kg}, 1);
        draw_text(cv, row, line, type_px(cv, TYPE_TITLE), FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    } else {
        snprintf(line, sizeof line, "\xE2\x86\x91 %s", _("Unrack the bar"));
        draw_text(cv, row, line, type_px(cv, TYPE_TITLE), FONT_BOLD, COL_CAUTION, ALIGN_LEFT);
    }
}

/* Width of the "reps / of N" words beside the count. */
static int of_col_w(struct canvas *cv)
{
    char of[32], reps[48];
    i18n_phrase(of, sizeof of, N_("of %s"), (const char *[]){"88"}, 1);
    snprintf(reps, sizeof reps, "%s \xE2\x9C\x93", _("reps"));
    int of_w = text_width(cv, of, type_px(cv, TYPE_TITLE), FONT_BOLD);
    int reps_w = text_width(cv, reps, type_px(cv, TYPE_LABEL), FONT_REGULAR);
    return (of_w > reps_w ? of_w : reps_w) + mm_px(cv, 2);
}

/* The rep count as the key number, "of N" beside it. */
static void rep_count(struct canvas *cv, SDL_Rect box, const struct live_set *set, bool with_of)
{
    char n[16], of[32], reps[48];
    char target[12];
    snprintf(n, sizeof n, "%d", set->n_reps);
    i18n_int(target, sizeof target, set->target_reps);
    i18n_phrase(of, sizeof of, N_("of %s"), (const char *[]){target}, 1);
    bool done = set->n_reps >= set->target_reps && set->target_reps > 0;
    SDL_Color c = done ? COL_GO : COL_TEXT;
    if (!with_of) { /* the target line under it says the reps wanted */
        draw_key_text(cv, box, n, c, ALIGN_LEFT);
        return;
    }
    SDL_Rect of_r = rect_cut_right(&box, of_col_w(cv));
    SDL_Rect drawn = draw_key_text(cv, box, n, c, ALIGN_LEFT);
    /* "reps" over "of 5", aligned to the number's baseline */
    SDL_Rect words = {of_r.x + mm_px(cv, 2), drawn.y, of_r.w - mm_px(cv, 2), drawn.h};
    int line = type_px(cv, TYPE_TITLE) * 6 / 5;
    snprintf(reps, sizeof reps, "%s%s", _("reps"), done ? " \xE2\x9C\x93" : "");
    draw_text(cv, (SDL_Rect){words.x, words.y + words.h - 2 * line, words.w, line}, reps,
              type_px(cv, TYPE_LABEL), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    draw_text(cv, (SDL_Rect){words.x, words.y + words.h - line, words.w, line}, of,
              type_px(cv, TYPE_TITLE), FONT_BOLD, c, ALIGN_LEFT);
}

/* The coach's line: the last rep's mean concentric velocity, and the set's velocity loss so
 * far against the limit the core stops the set at (both from the view's summary). It stands
 * over the plot of the reps' speeds in place of the plot's title. */
static void coach_line(struct canvas *cv, SDL_Rect row, const struct session_view *v)
{
    const struct set_summary *sum = &v->lift.summary;
    int title_px = type_px(cv, TYPE_TITLE), label_px = type_px(cv, TYPE_LABEL);
    char mps[16], last[64], loss[96];
    i18n_fixed(mps, sizeof mps, sum->last_mmps / 1000.0, 2);
    i18n_phrase(last, sizeof last, N_("Last rep %s\xC2\xA0m/s"), (const char *[]){mps}, 1);
    int gap = mm_px(cv, 3);
    int last_w = text_width(cv, last, title_px, FONT_BOLD);
    SDL_Rect left = rect_cut_left(&row, last_w < row.w ? last_w : row.w);
    draw_text(cv, left, last, title_px, FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    rect_cut_left(&row, gap);
    /* the loss in words and colour: a sign when it is over the limit */
    SDL_Color c = sum->loss_over ? COL_CAUTION : COL_DIM;
    char pct[12], limit[12];
    i18n_int(pct, sizeof pct, (long)sum->loss_pct);
    i18n_int(limit, sizeof limit, (long)sum->loss_limit_pct);
    const char *losses[] = {pct, limit};
    if (sum->loss_over)
        i18n_phrase(loss, sizeof loss,
                    N_("\xE2\x9A\xA0 Velocity loss %s\xC2\xA0%%: over %s\xC2\xA0%%"), losses, 2);
    else
        i18n_phrase(loss, sizeof loss, N_("Velocity loss %s\xC2\xA0%% of %s\xC2\xA0%%"), losses, 2);
    if (text_width(cv, loss, label_px, FONT_BOLD) > row.w) /* the narrow panel: numbers only */
        i18n_phrase(loss, sizeof loss, N_("Loss %s\xC2\xA0%% / %s\xC2\xA0%%"), losses, 2);
    if (text_width(cv, loss, label_px, FONT_BOLD) <= row.w)
        draw_text(cv, row, loss, label_px, FONT_BOLD, c, ALIGN_RIGHT);
}

/* Landscape: the count and the phase word side by side over the rows and the plot. */
static void set_body_landscape(struct canvas *cv, SDL_Rect a, const struct session_view *v,
                               bool flags_below)
{
    const struct live_set *set = v->lift.set;
    int gap = canvas_px(cv, 0.015);
    /* the two key numbers side by side: reps counted and the phase to do now; under the
     * reps the set's target and the load, under the phase its sweep and the balance */
    SDL_Rect key = rect_cut_top(&a, key_line_px(cv, type_px(cv, TYPE_KEY)));
    /* the count takes what its digits need, the phase word the rest */
    char digits[16];
    snprintf(digits, sizeof digits, "%d", set->n_reps);
    int digits_w = text_width(cv, digits, type_px(cv, TYPE_KEY), FONT_BOLD);
    int of_w = of_col_w(cv) + gap;
    /* the widest phase word must fit beside the count: "of N" gives way first */
    int word_w = 0;
    const char *words[] = {_("DOWN"), _("HOLD"), _("UP"), _("TOP"), _("READY")};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        int w = text_width(cv, words[i], type_px(cv, TYPE_KEY), FONT_BOLD);
        word_w = w > word_w ? w : word_w;
    }
    bool with_of = digits_w + of_w + gap + word_w <= key.w;
    SDL_Rect reps = rect_cut_left(&key, digits_w + (with_of ? of_w : 0));
    rect_cut_left(&key, gap);
    rep_count(cv, reps, set, with_of);
    rect_cut_top(&a, gap / 2);
    SDL_Rect row = rect_cut_top(&a, type_px(cv, TYPE_LABEL) * 6 / 5);
    /* the target takes what it needs (up to half), the sweep the rest */
    char tkg[24], target[64];
    format_load(cv, tkg, sizeof tkg, set->target_g);
    target_line(target, sizeof target, tkg, set->target_reps);
    int target_w = text_width(cv, target, type_px(cv, TYPE_LABEL), FONT_REGULAR) + gap;
    if (target_w < row.w * 2 / 5)
        target_w = row.w * 2 / 5;
    if (target_w > row.w / 2)
        target_w = row.w / 2;
    SDL_Rect row_left = rect_cut_left(&row, target_w);
    rect_cut_left(&row, gap);
    draw_text(cv, row_left, target, type_px(cv, TYPE_LABEL), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    tempo_cue(cv, key, row, v, ALIGN_RIGHT);
    rect_cut_top(&a, gap / 2);
    row = rect_cut_top(&a, type_px(cv, TYPE_TITLE) * 6 / 5);
    row_left = rect_cut_left(&row, row.w / 2);
    rect_cut_left(&row, gap);
    load_line(cv, row_left, v);
    if (set->bar_held || set->load_known)
        split_bar(cv, row, v);
    rect_cut_top(&a, gap / 2);

    if (set->n_reps > 0) { /* before the first rep the plot says where the reps appear */
        coach_line(cv, rect_cut_top(&a, type_px(cv, TYPE_TITLE) * 6 / 5), v);
        rect_cut_top(&a, gap / 2);
    }

    /* the speed of each rep; beside it what was flagged (a short panel: beside the stop
     * button, so the plot has the width) */
    int flag_px = type_px(cv, TYPE_LABEL);
    if (flags_below) {
        draw_velocity_bars_titled(cv, a, set->reps, set->n_reps, set->n_reps <= 0);
        return;
    }
    SDL_Rect side = rect_cut_right(&a, a.w * 2 / 5);
    rect_cut_right(&a, 2 * gap);
    draw_velocity_bars_titled(cv, a, set->reps, set->n_reps, set->n_reps <= 0);
    if (set->n_flags > 0)
        draw_set_flags(cv, side, set->flags, set->n_flags, flag_px);
}

/* Portrait: the count, then the phase word, each the whole width; the rows; the plot over
 * the flags. */
static void set_body_portrait(struct canvas *cv, SDL_Rect a, const struct session_view *v)
{
    const struct live_set *set = v->lift.set;
    int gap = canvas_px(cv, 0.015);
    int key_h = key_line_px(cv, type_px(cv, TYPE_KEY));
    rep_count(cv, rect_cut_top(&a, key_h), set, true);
    rect_cut_top(&a, gap);
    SDL_Rect word = rect_cut_top(&a, key_h);
    rect_cut_top(&a, gap / 2);
    SDL_Rect sweep = rect_cut_top(&a, type_px(cv, TYPE_LABEL) * 6 / 5);
    tempo_cue(cv, word, sweep, v, ALIGN_LEFT);
    rect_cut_top(&a, gap / 2);
    char tkg[24], target[64];
    format_load(cv, tkg, sizeof tkg, set->target_g);
    target_line(target, sizeof target, tkg, set->target_reps);
    draw_text(cv, rect_cut_top(&a, type_px(cv, TYPE_LABEL) * 6 / 5), target,
              type_px(cv, TYPE_LABEL), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    rect_cut_top(&a, gap / 2);
    load_line(cv, rect_cut_top(&a, type_px(cv, TYPE_TITLE) * 6 / 5), v);
    if (set->bar_held || set->load_known) {
        rect_cut_top(&a, gap / 2);
        split_bar(cv, rect_cut_top(&a, type_px(cv, TYPE_LABEL) * 6 / 5), v);
    }
    if (set->n_reps > 0) {
        rect_cut_top(&a, gap / 2);
        coach_line(cv, rect_cut_top(&a, type_px(cv, TYPE_TITLE) * 6 / 5), v);
    }
    rect_cut_top(&a, gap);
    /* the flags take up to two fifths under the plot */
    if (set->n_flags > 0) {
        SDL_Rect flags = rect_cut_bottom(&a, a.h * 2 / 5);
        rect_cut_bottom(&a, gap);
        draw_set_flags(cv, flags, set->flags, set->n_flags, type_px(cv, TYPE_LABEL));
    }
    draw_velocity_bars_titled(cv, a, set->reps, set->n_reps, set->n_reps <= 0);
}

void screen_set(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    const struct live_set *set = v->lift.set;
    const struct plan *p = v->lift.plan;
    bool on_plate = v->lift.set_exercise ? v->lift.set_exercise->on_plate : true;
    char title[96];
    const char *ex_name = v->lift.set_exercise ? ui_catalogue_text(v->lift.set_exercise->name,
                                                                   v->lift.set_exercise->names,
                                                                   v->lift.set_exercise->n_names)
                                               : _("Set");
    char at[12], of[12];
    i18n_int(at, sizeof at, set->planned + 1);
    i18n_int(of, sizeof of, p->n_sets > 0 ? p->n_sets : 1);
    i18n_phrase(title, sizeof title, N_("%s \xC2\xB7 set %s of %s"),
                (const char *[]){ex_name, at, of}, 3);
    SDL_Rect a = cv->area;
    char who[NAME_MAX_LEN];
    draw_header(cv, &a, title, display_name(who, sizeof who, v->name));
    a = rect_inset(a, canvas_px(cv, 0.02));
    int gap = canvas_px(cv, 0.015);

    SDL_Rect bottom = rect_cut_bottom(&a, target_px(cv));
    rect_cut_bottom(&a, gap);
    /* portrait: the narrow row gives the stop half its width, so its words keep their size */
    int pain_w = canvas_portrait(cv) ? bottom.w / 2 : bottom.w * 7 / 20;
    draw_button(cv, rect_cut_left(&bottom, pain_w), _("Pain \xE2\x80\x94 stop"), BUTTON_DANGER,
                ACTION_PAIN_STOP, 0, view_can(v, ACTION_PAIN_STOP, 0));
    if (!on_plate)
        draw_button(cv, rect_cut_right(&bottom, bottom.w * 2 / 5), _("End set"), BUTTON_PLAIN,
                    ACTION_END_SET, 0, view_can(v, ACTION_END_SET, 0));
    /* a device that stopped answering: say what no longer works, not just that it failed */
    const char *fault = !v->bar_connected ? _("\xE2\x9A\xA0 Bar unit not connected: reps are "
                                              "not counted")
                        : v->plate_fault && v->plate_fault_msg[0] ? _(v->plate_fault_msg)
                        : v->plate_fault ? _("\xE2\x9A\xA0 Plate not answering: load not measured")
                                         : NULL;
    if (fault) {
        rect_cut_left(&bottom, canvas_px(cv, 0.03));
        draw_text_wrap(cv, bottom, fault, type_px(cv, TYPE_LABEL), FONT_BOLD, COL_CAUTION,
                       ALIGN_LEFT);
    }

    /* a short landscape panel (the 7"): the flags go in the row beside the stop button,
     * where nothing else is */
    bool flags_below =
        !canvas_portrait(cv) && !fault && on_plate && set->n_flags > 0 && cv->h < SHORT_PANEL_H;
    if (flags_below) {
        rect_cut_left(&bottom, canvas_px(cv, 0.03));
        draw_set_flags(cv, bottom, set->flags, set->n_flags, type_px(cv, TYPE_LABEL));
    }
    if (canvas_portrait(cv))
        set_body_portrait(cv, a, v);
    else
        set_body_landscape(cv, a, v, flags_below);
}
