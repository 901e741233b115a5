/* Set: live bar load, rep count, the tempo cue of the bar's phase, per-rep speed. */
#include <stdio.h>
#include <string.h>

#include "catalogue_text.h"
#include "screens.h"

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

/* The key word the cue says now (the core's cue state, view_lift): with no bar unit, rack the
 * bar; the count-in's number as its pip plays; the way a "go" said to go until the bar
 * moves; else the bar's phase. */
static const char *cue_word(const struct view_lift *l, SDL_Color *c, char *num, size_t n)
{
    if (l->cue_off) {
        *c = COL_CAUTION;
        return _("RACK");
    }
    if (l->count_in > 0) {
        *c = COL_ACCENT;
        i18n_int(num, n, l->count_in);
        return num;
    }
    bool still = l->phase == REP_PHASE_TOP || l->phase == REP_PHASE_BOTTOM;
    if (still && l->lead != CUE_LEAD_NONE)
        return phase_word(l->lead == CUE_LEAD_DOWN ? REP_PHASE_ECCENTRIC : REP_PHASE_CONCENTRIC, c,
                          l->set->n_reps);
    return phase_word(l->phase, c, l->set->n_reps);
}

/* What the last rep's tempo said against the cue, in words or (short) a sign. */
static const char *verdict_words(enum set_tempo_verdict v, bool short_form)
{
    if (v == SET_TEMPO_NONE)
        return "";
    if (v == SET_TEMPO_KEPT || short_form)
        return v == SET_TEMPO_KEPT ? "\xE2\x9C\x93" : "\xE2\x9A\xA0";
    switch (v) {
    case SET_TEMPO_DOWN_FAST:
        return _("\xE2\x9A\xA0 down too fast");
    case SET_TEMPO_DOWN_SLOW:
        return _("\xE2\x9A\xA0 down too slow");
    case SET_TEMPO_PAUSE_SHORT:
        return _("\xE2\x9A\xA0 pause too short");
    default:
        return _("\xE2\x9A\xA0 pause too long");
    }
}

/* "Rep 4: down 2.8 of 3 s, up 1.9 of 2 s ✓", the last rep measured against the cue, in the
 * longest form that fits in w ("Rep 4: ↓2.8/3 ↑1.9/2 s ✓"); false when neither does. */
static bool rep_tempo_line(struct canvas *cv, const struct set_rep_tempo *t, int w, int px,
                           char *out, size_t n)
{
    char idx[12], down[16], down_cue[16], up[16], up_cue[16];
    i18n_int(idx, sizeof idx, t->index);
    i18n_fixed(down, sizeof down, t->down_ms / 1000.0, 1);
    i18n_number(down_cue, sizeof down_cue, t->down_cue_ms / 1000.0, 1);
    i18n_fixed(up, sizeof up, t->up_ms / 1000.0, 1);
    i18n_number(up_cue, sizeof up_cue, t->up_cue_ms / 1000.0, 1);
    static const char *const forms[] = {
        N_("Rep %s: down %s of %s s, up %s of %s s %s"),
        N_("Rep %s: \xE2\x86\x93%s/%s \xE2\x86\x91%s/%s s %s"),
    };
    for (int f = 0; f < 2; f++) {
        const char *args[] = {idx, down, down_cue, up, up_cue, verdict_words(t->verdict, f > 0)};
        i18n_phrase(out, n, forms[f], args, 6);
        if (text_width(cv, out, px, FONT_BOLD) <= w)
            return true;
    }
    return false;
}

/* The cue's key word, read from the rack; below it, the sweep of the phase (or the top pause)
 * and its seconds, between reps the last rep's tempo against the cue. */
static void tempo_cue(struct canvas *cv, SDL_Rect key, SDL_Rect sweep, const struct session_view *v,
                      enum align align)
{
    const int *tempo = v->lift.tempo_ms;
    int target_ms = v->lift.phase_target_ms;
    SDL_Color c;
    char num[12];
    draw_key_text(cv, key, cue_word(&v->lift, &c, num, sizeof num), c, align);
    int px = type_px(cv, TYPE_LABEL);
    if (v->lift.cue_off) { /* no phase to sweep: what to do instead */
        const char *say = _("Rack the bar and plug in the bar unit");
        /* (portrait: the line under the key word is where the fault is said) */
        if (text_width(cv, say, px, FONT_BOLD) > sweep.w || canvas_portrait(cv))
            say =
                canvas_portrait(cv) ? _("\xE2\x9A\xA0 Bar unit not connected") : _("Rack the bar");
        draw_text(cv, sweep, say, px, FONT_BOLD, COL_CAUTION, align);
        return;
    }
    int64_t into_us = v->lift.phase_into_us;
    double done = target_ms > 0 ? (double)into_us / ((double)target_ms * US_PER_MS) : 0;
    const struct set_rep_tempo *last = &v->lift.summary.last_tempo;
    char line[160];
    /* a top pause keeps room for its sweep beside the words */
    int room = target_ms > 0 ? sweep.w - mm_px(cv, 20) : sweep.w;
    if (v->lift.phase == REP_PHASE_TOP && v->lift.count_in == 0 && last->index > 0 &&
        rep_tempo_line(cv, last, room, px, line, sizeof line)) {
        /* between reps: the rep just done against the cue, a top pause swept beside it */
        bool kept = last->verdict == SET_TEMPO_KEPT || last->verdict == SET_TEMPO_NONE;
        SDL_Color words_c = kept ? COL_DIM : COL_CAUTION;
        if (target_ms <= 0) { /* no pause to sweep: the words where the key word is */
            draw_text(cv, sweep, line, px, FONT_BOLD, words_c, align);
            return;
        }
        SDL_Rect words = rect_cut_right(&sweep, text_width(cv, line, px, FONT_BOLD));
        draw_text(cv, words, line, px, FONT_BOLD, words_c, ALIGN_RIGHT);
        rect_cut_right(&sweep, mm_px(cv, 2));
        if (sweep.w >= mm_px(cv, 6))
            draw_progress(cv, rect_centre(sweep, sweep.w, mm_px(cv, 3)), done, c);
        return;
    }
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
    char widest[96];
    i18n_phrase(widest, sizeof widest, N_("%s of %s s"), (const char *[]){"00,0", "00"}, 2);
    int words_w = text_width(cv, widest, px, FONT_BOLD);
    if (text_width(cv, secs, px, FONT_BOLD) > words_w)
        words_w = text_width(cv, secs, px, FONT_BOLD);
    SDL_Rect words = rect_cut_right(&sweep, words_w);
    rect_cut_right(&sweep, mm_px(cv, 2));
    draw_progress(cv, rect_centre(sweep, sweep.w, mm_px(cv, 3)), done, c);
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

/* The load on the bar in words, or what to do to get one; false: the latter. */
static bool load_words(struct canvas *cv, const struct session_view *v, char *line, size_t n)
{
    const struct live_set *set = v->lift.set;
    char kg[24];
    if (v->plate_fault && !set->declared) {
        /* what it showed is stale: not shown; portrait says why here (landscape: beside the
         * stop button, where the whole sentence fits) */
        if (canvas_portrait(cv))
            snprintf(line, n, "\xE2\x9A\xA0 %s", _("Plate not answering"));
        else
            line[0] = '\0';
        return false;
    }
    if (!set->load_known) {
        snprintf(line, n, "\xE2\x86\x91 %s", _("Unrack the bar"));
        return false;
    }
    if (set->declared)
        format_load(cv, kg, sizeof kg, set->load_g);
    else
        format_bar_load(cv, kg, sizeof kg, set->load_g, &v->lift.plates, v->lift.empty_bar_g);
    i18n_phrase(line, n, N_("On the bar %s"), (const char *[]){kg}, 1);
    return true;
}

/* The load line's size: the title's, a plate fault's words the label's (a sentence, not a
 * number). */
static int load_line_px(struct canvas *cv, const struct session_view *v)
{
    return type_px(cv, v->plate_fault && !v->lift.set->declared ? TYPE_LABEL : TYPE_TITLE);
}

static void load_line(struct canvas *cv, SDL_Rect row, const struct session_view *v)
{
    char line[96];
    bool known = load_words(cv, v, line, sizeof line);
    draw_text(cv, row, line, load_line_px(cv, v), FONT_BOLD, known ? COL_TEXT : COL_CAUTION,
              ALIGN_LEFT);
}

static int load_line_w(struct canvas *cv, const struct session_view *v)
{
    char line[96];
    load_words(cv, v, line, sizeof line);
    return text_width(cv, line, load_line_px(cv, v), FONT_BOLD);
}

/* The least width the balance needs: its two sides' words and a bar between. */
static int split_min_w(struct canvas *cv)
{
    return 2 * text_width(cv, "\xE2\x9A\xA0 R 100%", type_px(cv, TYPE_LABEL), FONT_BOLD) +
           mm_px(cv, 12);
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

/* Whether the set has all its target reps: the count says so in green and a tick. */
static bool count_done(const struct live_set *set)
{
    return set->n_reps >= set->target_reps && set->target_reps > 0;
}

/* Width of the tick beside a finished count where there are no "reps / of N" words. */
static int tick_col_w(struct canvas *cv, const struct live_set *set)
{
    return count_done(set)
               ? text_width(cv, "\xE2\x9C\x93", type_px(cv, TYPE_TITLE), FONT_BOLD) + mm_px(cv, 2)
               : 0;
}

/* The rep count as the key number, "of N" beside it, or where there is no room for that
 * only a tick once it is finished (never the green alone). */
static void rep_count(struct canvas *cv, SDL_Rect box, const struct live_set *set, bool with_of)
{
    char n[16], of[32], reps[48];
    char target[12];
    snprintf(n, sizeof n, "%d", set->n_reps);
    i18n_int(target, sizeof target, set->target_reps);
    i18n_phrase(of, sizeof of, N_("of %s"), (const char *[]){target}, 1);
    bool done = count_done(set);
    SDL_Color c = done ? COL_GO : COL_TEXT;
    int line = type_px(cv, TYPE_TITLE) * 6 / 5;
    if (!with_of) { /* the target line under it says the reps wanted (and the tick where
                       the box has no room for it: set_body_landscape) */
        bool tick = done && box.w >= text_width(cv, n, type_px(cv, TYPE_KEY), FONT_BOLD) +
                                         tick_col_w(cv, set);
        SDL_Rect tick_r = rect_cut_right(&box, tick ? tick_col_w(cv, set) : 0);
        SDL_Rect drawn = draw_key_text(cv, box, n, c, ALIGN_LEFT);
        if (tick) /* on the number's baseline */
            draw_text(cv,
                      (SDL_Rect){tick_r.x + mm_px(cv, 2), drawn.y + drawn.h - line,
                                 tick_r.w - mm_px(cv, 2), line},
                      "\xE2\x9C\x93", type_px(cv, TYPE_TITLE), FONT_BOLD, c, ALIGN_LEFT);
        return;
    }
    SDL_Rect of_r = rect_cut_right(&box, of_col_w(cv));
    SDL_Rect drawn = draw_key_text(cv, box, n, c, ALIGN_LEFT);
    /* "reps" over "of 5", aligned to the number's baseline */
    SDL_Rect words = {of_r.x + mm_px(cv, 2), drawn.y, of_r.w - mm_px(cv, 2), drawn.h};
    snprintf(reps, sizeof reps, "%s%s", _("reps"), done ? " \xE2\x9C\x93" : "");
    draw_text(cv, (SDL_Rect){words.x, words.y + words.h - 2 * line, words.w, line}, reps,
              type_px(cv, TYPE_LABEL), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    draw_text(cv, (SDL_Rect){words.x, words.y + words.h - line, words.w, line}, of,
              type_px(cv, TYPE_TITLE), FONT_BOLD, c, ALIGN_LEFT);
}

/* The coach's row: the last rep's mean concentric velocity as a figure read from a step
 * back ("last rep, m/s" beside it), and the set's velocity loss so far against the limit the
 * core stops the set at (both from the view's summary), at the right or, stacked (portrait),
 * on a row of its own under it. Returns the height it took. */
/* The set's velocity loss so far against the limit, in words where they fit in r, else in
 * numbers; counted as left out where neither fits. */
static void loss_line(struct canvas *cv, SDL_Rect loss_r, const struct session_view *v,
                      enum align align)
{
    const struct set_summary *sum = &v->lift.summary;
    int label_px = type_px(cv, TYPE_LABEL);
    char loss[96];
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
    if (text_width(cv, loss, label_px, FONT_BOLD) > loss_r.w) /* a narrow row: numbers only */
        i18n_phrase(loss, sizeof loss, N_("Loss %s\xC2\xA0%% / %s\xC2\xA0%%"), losses, 2);
    if (text_width(cv, loss, label_px, FONT_BOLD) <= loss_r.w)
        draw_text(cv, loss_r, loss, label_px, FONT_BOLD, c, align);
    else
        cv->stats.omitted++;
}

static int caption_w(struct canvas *cv)
{
    int label_px = type_px(cv, TYPE_LABEL);
    int what_w = text_width(cv, _("last rep"), label_px, FONT_REGULAR);
    int unit_w = text_width(cv, "m/s", label_px, FONT_BOLD);
    return (what_w > unit_w ? what_w : unit_w) + mm_px(cv, 1);
}

/* Width of the loss in numbers ("Loss 22 % / 30 %"). */
static int loss_narrow_w(struct canvas *cv, const struct session_view *v)
{
    const struct set_summary *sum = &v->lift.summary;
    char loss[64], pct[12], limit[12];
    i18n_int(pct, sizeof pct, (long)sum->loss_pct);
    i18n_int(limit, sizeof limit, (long)sum->loss_limit_pct);
    i18n_phrase(loss, sizeof loss, N_("Loss %s\xC2\xA0%% / %s\xC2\xA0%%"),
                (const char *[]){pct, limit}, 2);
    return text_width(cv, loss, type_px(cv, TYPE_LABEL), FONT_BOLD);
}

/* Whether the loss, in numbers at least, fits beside the figure and its caption in w. */
static bool coach_fits_beside(struct canvas *cv, int w, const struct session_view *v)
{
    char mps[16], loss[64], pct[12], limit[12];
    const struct set_summary *sum = &v->lift.summary;
    i18n_fixed(mps, sizeof mps, sum->last_mmps / 1000.0, 2);
    i18n_int(pct, sizeof pct, (long)sum->loss_pct);
    i18n_int(limit, sizeof limit, (long)sum->loss_limit_pct);
    i18n_phrase(loss, sizeof loss, N_("Loss %s\xC2\xA0%% / %s\xC2\xA0%%"),
                (const char *[]){pct, limit}, 2);
    int need = text_width(cv, mps, type_px(cv, TYPE_FIGURE), FONT_BOLD) + mm_px(cv, 2) +
               caption_w(cv) + mm_px(cv, 3) +
               text_width(cv, loss, type_px(cv, TYPE_LABEL), FONT_BOLD);
    return need <= w;
}

static int coach_rows_h(struct canvas *cv, bool stacked, enum type_role role)
{
    /* room beside the figure for its caption's two lines ("last rep" over "m/s"), or its
     * one line beside a figure of the title's size */
    int h = key_line_px(cv, type_px(cv, role));
    int caption = (role == TYPE_FIGURE ? 2 : 1) * (type_px(cv, TYPE_LABEL) * 6 / 5);
    if (h < caption)
        h = caption;
    return stacked ? h + type_px(cv, TYPE_LABEL) * 6 / 5 : h;
}

/* The last rep's speed at the figure's size, or the title's where only that leaves the plot
 * under it (in a, after gap) room to number every rep. */
static enum type_role figure_role(struct canvas *cv, SDL_Rect a, int n_reps, int figure_h,
                                  int title_h, int gap)
{
    int least = velocity_bars_least_h(cv, a.w, n_reps);
    return a.h - figure_h - gap < least && a.h - title_h - gap >= least ? TYPE_TITLE : TYPE_FIGURE;
}

static void coach_rows(struct canvas *cv, SDL_Rect row, const struct session_view *v, bool stacked,
                       bool elsewhere, enum type_role role)
{
    const struct set_summary *sum = &v->lift.summary;
    int label_px = type_px(cv, TYPE_LABEL), fig_px = type_px(cv, role);
    SDL_Rect loss_r = stacked ? rect_cut_bottom(&row, label_px * 6 / 5) : row;
    char mps[16];
    i18n_fixed(mps, sizeof mps, sum->last_mmps / 1000.0, 2);
    int fig_w = text_width(cv, mps, fig_px, FONT_BOLD);
    SDL_Rect fig = rect_cut_left(&row, fig_w < row.w ? fig_w : row.w);
    SDL_Rect drawn = draw_big_text(cv, fig, mps, role, COL_TEXT, ALIGN_LEFT);
    /* "last rep" over "m/s", the lower line on the figure's baseline */
    rect_cut_left(&row, mm_px(cv, 2));
    const char *what = _("last rep"), *unit = "m/s";
    int cap_w = caption_w(cv);
    SDL_Rect cap = rect_cut_left(&row, cap_w < row.w ? cap_w : row.w);
    int line = label_px * 6 / 5;
    int bottom = drawn.h > 0 ? drawn.y + drawn.h : cap.y + cap.h;
    if (bottom > cap.y + cap.h)
        bottom = cap.y + cap.h;
    if (bottom - 2 * line < cap.y)
        bottom = cap.y + 2 * line;
    if (2 * line <= cap.h) {
        draw_text(cv, (SDL_Rect){cap.x, bottom - 2 * line, cap.w, line}, what, label_px,
                  FONT_REGULAR, COL_DIM, ALIGN_LEFT);
        draw_text(cv, (SDL_Rect){cap.x, bottom - line, cap.w, line}, unit, label_px, FONT_BOLD,
                  COL_DIM, ALIGN_LEFT);
    } else { /* a row of the title's size: "m/s last rep" on one line beside the figure */
        char both[64];
        snprintf(both, sizeof both, "%s %s", unit, what);
        int both_w = text_width(cv, both, label_px, FONT_REGULAR) + mm_px(cv, 1);
        rect_cut_left(&row, both_w > cap.w ? both_w - cap.w : 0);
        bottom = cap.y + (cap.h + line) / 2;
        draw_text(cv, (SDL_Rect){cap.x, bottom - line, both_w, line}, both, label_px, FONT_REGULAR,
                  COL_DIM, ALIGN_LEFT);
    }
    if (!stacked) {
        rect_cut_left(&row, mm_px(cv, 3));
        loss_r = (SDL_Rect){row.x, bottom - line, row.w, line};
    }
    if (!elsewhere)
        loss_line(cv, loss_r, v, stacked ? ALIGN_LEFT : ALIGN_RIGHT);
}

/* How many of the flags from the first fit in box each said in form (a line each). */
static int prefix_in(struct canvas *cv, SDL_Rect box, const struct raised_flag *flags, int n,
                     int px, enum flag_form form)
{
    struct flag_lines l;
    set_flag_lines(cv, flags, n, form, &l);
    int line_h = text_line_px(cv, px, FONT_BOLD), gap = px / 4, h = -gap;
    for (int i = 0; i < l.n; i++) {
        h += gap + text_wrap_lines(cv, l.text[i], px, FONT_BOLD, box.w) * line_h;
        if (h > box.h)
            return i;
    }
    return n;
}

/* Whether every flag fits in box in form. */
static bool all_in(struct canvas *cv, SDL_Rect box, const struct raised_flag *flags, int n, int px,
                   enum flag_form form)
{
    struct flag_lines l;
    set_flag_lines(cv, flags, n, form, &l);
    return box.w > 0 && set_flags_h(cv, &l, box.w, px) <= box.h;
}

/* How many of the flags fit in box: all of them in the form draw_set_flags picks, else the
 * first ones each by its name and rep. */
static int flags_in(struct canvas *cv, SDL_Rect box, const struct raised_flag *flags, int n, int px)
{
    enum flag_form form = set_flags_form(cv, flags, n, box.w, box.h, px);
    if (form != FLAG_FORM_COUNT && all_in(cv, box, flags, n, px, form))
        return n; /* the count alone is the last resort, not a fit */
    return prefix_in(cv, box, flags, n, px, FLAG_FORM_NAMED);
}

/* How many flags go in box, the others in the free row (empty: none): each said in full
 * across the two where that fits, then each by name, then all in box in a shorter form, then
 * all in the free row, then the first by name in box and the others in the free row. */
static int flags_split(struct canvas *cv, SDL_Rect box, SDL_Rect free_row,
                       const struct raised_flag *flags, int n, int px)
{
    for (int form = FLAG_FORM_SAID; form <= FLAG_FORM_NAMED; form++) {
        int k = prefix_in(cv, box, flags, n, px, (enum flag_form)form);
        if (k >= n || all_in(cv, free_row, flags + k, n - k, px, (enum flag_form)form))
            return k;
    }
    if (all_in(cv, box, flags, n, px, FLAG_FORM_JOINED))
        return n;
    if (all_in(cv, free_row, flags, n, px, FLAG_FORM_JOINED))
        return 0;
    int k = prefix_in(cv, box, flags, n, px, FLAG_FORM_NAMED);
    if (all_in(cv, free_row, flags + k, n - k, px, FLAG_FORM_JOINED))
        return k;
    /* last, all of them in the free row, where their count at least fits on a line, rather
     * than a count over what is under box */
    int line_h = text_line_px(cv, px, FONT_BOLD);
    bool box_holds = box.w > 0 && box.h >= line_h;
    return free_row.w > 0 && free_row.h >= line_h && !box_holds ? 0 : n;
}

/* Landscape: the count and the phase word side by side over the rows and the plot. */
static void set_body_landscape(struct canvas *cv, SDL_Rect a, const struct session_view *v,
                               SDL_Rect free_row)
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
    const char *words[] = {_("DOWN"), _("HOLD"), _("UP"), _("TOP"), _("READY"), _("RACK")};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        int w = text_width(cv, words[i], type_px(cv, TYPE_KEY), FONT_BOLD);
        word_w = w > word_w ? w : word_w;
    }
    bool with_of = digits_w + of_w + gap + word_w <= key.w;
    /* a finished count's tick beside it where the phase word leaves room, else after the
     * target under it */
    bool tick_beside = !with_of && digits_w + tick_col_w(cv, set) + gap + word_w <= key.w;
    SDL_Rect reps = rect_cut_left(&key, digits_w + (with_of       ? of_w
                                                    : tick_beside ? tick_col_w(cv, set)
                                                                  : 0));
    rect_cut_left(&key, gap);
    rep_count(cv, reps, set, with_of);
    rect_cut_top(&a, gap / 2);
    SDL_Rect row = rect_cut_top(&a, type_px(cv, TYPE_LABEL) * 6 / 5);
    /* the target takes what it needs (up to half), the sweep the rest */
    char tkg[24], target[64];
    format_load(cv, tkg, sizeof tkg, set->target_g);
    target_line(target, sizeof target, tkg, set->target_reps);
    if (!with_of && !tick_beside && count_done(set))
        strncat(target, " \xE2\x9C\x93", sizeof target - strlen(target) - 1);
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

    /* the plot of each rep's speed; beside it the last rep's speed, the loss and what was
     * flagged; where the plot would lose its speeds there (the 7"), the last rep's speed over
     * the plot across the width and the flags in the free row beside the stop button */
    int flag_px = type_px(cv, TYPE_LABEL);
    SDL_Rect plot = a;
    SDL_Rect side = rect_cut_right(&plot, a.w / 2); /* a flag's name and rep on one line */
    rect_cut_right(&plot, 2 * gap);
    if (set->n_reps <= 0 && set->n_flags == 0) { /* where the reps will appear */
        draw_velocity_bars_titled(cv, a, set->reps, 0, true);
        return;
    }
    if (velocity_bars_fit(cv, plot, set->n_reps) || free_row.w <= 0) {
        if (set->n_reps > 0) { /* before the first rep the plot says where the reps appear */
            bool stack = !coach_fits_beside(cv, side.w, v);
            coach_rows(cv, rect_cut_top(&side, coach_rows_h(cv, stack, TYPE_FIGURE)), v, stack,
                       false, TYPE_FIGURE);
            rect_cut_top(&side, gap);
        }
        /* with no line left beside the plot nor a free row, the flags take the plot's last
         * line: at the least their count is said */
        int line_h = text_line_px(cv, flag_px, FONT_BOLD);
        if (set->n_flags > 0 && free_row.w <= 0 && side.h < line_h && plot.h > line_h + gap) {
            SDL_Rect under = rect_cut_bottom(&plot, line_h);
            rect_cut_bottom(&plot, gap);
            draw_velocity_bars_titled(cv, plot, set->reps, set->n_reps, set->n_reps <= 0);
            draw_set_flags(cv, under, set->flags, set->n_flags, flag_px);
            return;
        }
        draw_velocity_bars_titled(cv, plot, set->reps, set->n_reps, set->n_reps <= 0);
        /* the flags that fit beside the plot there, the others in the free row */
        int k = flags_split(cv, side, free_row, set->flags, set->n_flags, flag_px);
        if (k > 0)
            draw_set_flags(cv, side, set->flags, k, flag_px);
        if (k < set->n_flags)
            draw_set_flags(cv, free_row, set->flags + k, set->n_flags - k, flag_px);
        return;
    }
    if (set->n_reps > 0) {
        enum type_role role = figure_role(cv, a, set->n_reps, coach_rows_h(cv, false, TYPE_FIGURE),
                                          coach_rows_h(cv, false, TYPE_TITLE), gap / 2);
        coach_rows(cv, rect_cut_top(&a, coach_rows_h(cv, false, role)), v, false, false, role);
        rect_cut_top(&a, gap / 2);
    }
    draw_velocity_bars_titled(cv, a, set->reps, set->n_reps, set->n_reps <= 0);
    if (set->n_flags > 0)
        draw_set_flags(cv, free_row, set->flags, set->n_flags, flag_px);
}

/* Whether every flag fits under the coach's rows at role and the least plot in a (portrait),
 * or beside the stop button. */
static bool flags_fit_under(struct canvas *cv, SDL_Rect a, const struct session_view *v,
                            SDL_Rect free_row, bool stack, enum type_role role)
{
    const struct live_set *set = v->lift.set;
    int gap = canvas_px(cv, 0.015), px = type_px(cv, TYPE_LABEL);
    int left_h =
        a.h - coach_rows_h(cv, stack, role) - 2 * gap - velocity_bars_min_h(cv, a.w, set->n_reps);
    SDL_Rect box = {a.x, a.y, a.w, left_h > 0 ? left_h : 0};
    int k = flags_in(cv, box, set->flags, set->n_flags, px);
    return k == set->n_flags ||
           (free_row.w > 0 &&
            flags_in(cv, free_row, set->flags + k, set->n_flags - k, px) == set->n_flags - k);
}

/* The spaces between the portrait set's lines: where the plot under them would leave reps
 * without their number, the lines close up (the count and the phase word keep their pads). */
struct portrait_gaps {
    int keys, rows, plot; /* between the two key lines, between the rows, over the plot */
};

static struct portrait_gaps portrait_gaps(struct canvas *cv, bool tight)
{
    int gap = canvas_px(cv, 0.015);
    return tight ? (struct portrait_gaps){0, 0, gap / 4}
                 : (struct portrait_gaps){gap, gap / 2, gap};
}

/* The rows the portrait set has under its key lines, as they fall for this set. */
struct portrait_rows {
    bool loss_up;      /* the loss at the right of the target, so the coach takes one row */
    bool split_beside; /* the balance beside the load, not on a row of its own */
    bool stack;        /* the loss under the last rep's speed */
};

/* The height the portrait set's lines take over the plot with the coach's rows at role. */
static int portrait_lines_h(struct canvas *cv, const struct session_view *v,
                            const struct portrait_rows *r, enum type_role role,
                            struct portrait_gaps g)
{
    const struct live_set *set = v->lift.set;
    int label_row = type_px(cv, TYPE_LABEL) * 6 / 5;
    int h = 2 * key_line_px(cv, type_px(cv, TYPE_KEY)) + g.keys;
    h += g.rows + label_row + g.rows + label_row + g.rows + type_px(cv, TYPE_TITLE) * 6 / 5;
    if ((set->bar_held || set->load_known) && !r->split_beside)
        h += g.rows + label_row;
    if (set->n_reps > 0)
        h += g.rows + coach_rows_h(cv, r->stack, role);
    return h + g.plot;
}

/* Portrait: the count, then the phase word, each the whole width; the rows; the plot over
 * the flags. */
static void set_body_portrait(struct canvas *cv, SDL_Rect a, const struct session_view *v,
                              SDL_Rect free_row)
{
    const struct live_set *set = v->lift.set;
    int key_h = key_line_px(cv, type_px(cv, TYPE_KEY));
    char tkg[24], target[64];
    format_load(cv, tkg, sizeof tkg, set->target_g);
    target_line(target, sizeof target, tkg, set->target_reps);
    /* the velocity loss at the right of the target where both fit, so the last rep's
     * speed below takes one row; the balance beside the load where both fit */
    int target_w = text_width(cv, target, type_px(cv, TYPE_LABEL), FONT_REGULAR);
    struct portrait_rows rows;
    rows.loss_up = set->n_reps > 0 && target_w + mm_px(cv, 3) + loss_narrow_w(cv, v) <= a.w;
    bool split = set->bar_held || set->load_known;
    int load_w = load_line_w(cv, v), split_w = split_min_w(cv);
    rows.split_beside = split && load_w + canvas_px(cv, 0.015) + split_w <= a.w;
    rows.stack = !rows.loss_up && !coach_fits_beside(cv, a.w, v);
    /* the last rep's speed at the figure's size where the plot under it numbers every rep,
     * else the title's; where neither does, the lines close up (the figure steps down to the
     * title's size on the 10" too where that makes the flags all fit) */
    enum type_role role = TYPE_FIGURE;
    bool tight = false;
    if (set->n_reps > 0) {
        int least = velocity_bars_least_h(cv, a.w, set->n_reps);
        static const struct {
            bool tight;
            enum type_role role;
        } tries[] = {
            {false, TYPE_FIGURE}, {false, TYPE_TITLE}, {true, TYPE_FIGURE}, {true, TYPE_TITLE}};
        for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++)
            if (a.h - portrait_lines_h(cv, v, &rows, tries[i].role,
                                       portrait_gaps(cv, tries[i].tight)) >=
                least) {
                role = tries[i].role;
                tight = tries[i].tight;
                break;
            }
        /* (what the coach's rows, the plot and the flags share, as flags_fit_under takes it) */
        SDL_Rect rest = a;
        rect_cut_top(&rest, portrait_lines_h(cv, v, &rows, role, portrait_gaps(cv, tight)) -
                                coach_rows_h(cv, rows.stack, role) - portrait_gaps(cv, tight).plot);
        if (role == TYPE_FIGURE && set->n_flags > 0 && type_scale_large_fits(cv->w, cv->h) &&
            !flags_fit_under(cv, rest, v, free_row, rows.stack, TYPE_FIGURE) &&
            flags_fit_under(cv, rest, v, free_row, rows.stack, TYPE_TITLE))
            role = TYPE_TITLE;
    }
    struct portrait_gaps g = portrait_gaps(cv, tight);
    rep_count(cv, rect_cut_top(&a, key_h), set, true);
    rect_cut_top(&a, g.keys);
    SDL_Rect word = rect_cut_top(&a, key_h);
    rect_cut_top(&a, g.rows);
    SDL_Rect sweep = rect_cut_top(&a, type_px(cv, TYPE_LABEL) * 6 / 5);
    tempo_cue(cv, word, sweep, v, ALIGN_LEFT);
    rect_cut_top(&a, g.rows);
    SDL_Rect trow = rect_cut_top(&a, type_px(cv, TYPE_LABEL) * 6 / 5);
    if (rows.loss_up) {
        SDL_Rect tl = rect_cut_left(&trow, target_w);
        rect_cut_left(&trow, mm_px(cv, 3));
        draw_text(cv, tl, target, type_px(cv, TYPE_LABEL), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
        loss_line(cv, trow, v, ALIGN_RIGHT);
    } else {
        draw_text(cv, trow, target, type_px(cv, TYPE_LABEL), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    }
    rect_cut_top(&a, g.rows);
    SDL_Rect lrow = rect_cut_top(&a, type_px(cv, TYPE_TITLE) * 6 / 5);
    if (rows.split_beside) {
        load_line(cv, rect_cut_left(&lrow, load_w), v);
        rect_cut_left(&lrow, canvas_px(cv, 0.015));
        split_bar(cv, lrow, v);
    } else {
        load_line(cv, lrow, v);
        if (split) {
            rect_cut_top(&a, g.rows);
            split_bar(cv, rect_cut_top(&a, type_px(cv, TYPE_LABEL) * 6 / 5), v);
        }
    }
    if (set->n_reps > 0) {
        rect_cut_top(&a, g.rows);
        coach_rows(cv, rect_cut_top(&a, coach_rows_h(cv, rows.stack, role)), v, rows.stack,
                   rows.loss_up, role);
    }
    rect_cut_top(&a, g.plot);
    int gap = canvas_px(cv, 0.015);
    /* the flags take up to two fifths under the plot, more where they need it and the plot
     * keeps its speeds; those that still do not fit go beside the stop button */
    if (set->n_flags > 0) {
        int px = type_px(cv, TYPE_LABEL);
        int min_h = velocity_bars_min_h(cv, a.w, set->n_reps);
        if (min_h > a.h)
            min_h = a.h;
        int plot_h = min_h > a.h * 3 / 5 ? min_h : a.h * 3 / 5;
        SDL_Rect box = {a.x, a.y + plot_h + gap, a.w, a.h - plot_h - gap};
        if (flags_in(cv, box, set->flags, set->n_flags, px) < set->n_flags) {
            plot_h = min_h;
            box = (SDL_Rect){a.x, a.y + plot_h + gap, a.w, a.h - plot_h - gap};
        }
        /* where the plot's least leaves no line under it, the flags go beside the stop
         * button in the longest form that fits there (at the least their count); with no
         * row there, one line under the plot says there are flags, taken from the plot */
        int line_h = text_line_px(cv, px, FONT_BOLD);
        if (box.h < line_h && free_row.w > 0 && free_row.h >= line_h) {
            a.h = plot_h;
            draw_set_flags(cv, free_row, set->flags, set->n_flags, px);
            draw_velocity_bars_titled(cv, a, set->reps, set->n_reps, set->n_reps <= 0);
            return;
        }
        if (box.h < line_h && a.h - gap - line_h >= 0) {
            plot_h = a.h - gap - line_h;
            box = (SDL_Rect){a.x, a.y + plot_h + gap, a.w, line_h};
        }
        if (box.h < 0)
            box = (SDL_Rect){a.x, a.y + a.h, a.w, 0};
        a.h = plot_h;
        int k = flags_split(cv, box, free_row, set->flags, set->n_flags, px);
        if (k > 0)
            draw_set_flags(cv, box, set->flags, k, px);
        if (k < set->n_flags)
            draw_set_flags(cv, free_row, set->flags + k, set->n_flags - k, px);
    }
    draw_velocity_bars_titled(cv, a, set->reps, set->n_reps, set->n_reps <= 0);
}

static void screen_set_body(struct canvas *cv, const void *ctx)
{
    const struct session_view *v = ctx;
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
    /* (what its words need, from a third: the rest of the row says the flags) */
    int pain_w = button_width(cv, _("Pain \xE2\x80\x94 stop"), bottom.w / 3,
                              canvas_portrait(cv) ? bottom.w / 2 : bottom.w * 7 / 20);
    draw_button(cv, rect_cut_left(&bottom, pain_w), _("Pain \xE2\x80\x94 stop"), BUTTON_DANGER,
                ACTION_PAIN_STOP, 0, view_can(v, ACTION_PAIN_STOP, 0));
    if (!on_plate)
        draw_button(cv, rect_cut_right(&bottom, bottom.w * 2 / 5), _("End set"), BUTTON_PLAIN,
                    ACTION_END_SET, 0, view_can(v, ACTION_END_SET, 0));
    /* a device that stopped answering: say what no longer works, not just that it failed
     * (the bar unit's line stays short: the key word's line already says to plug it in; the
     * plate's technical message, which side and which wire, is staff's: the log) */
    const char *fault = !v->bar_connected ? _("\xE2\x9A\xA0 Bar unit not connected")
                        : v->plate_fault  ? _("\xE2\x9A\xA0 Plate not answering: load not measured")
                                          : NULL;
    /* portrait: the bar unit's fault is said under the key word (tempo_cue), the plate's
     * where the load was (load_words), so the row beside the stop button keeps the flags */
    if (fault && canvas_portrait(cv))
        fault = NULL;
    if (fault) {
        rect_cut_left(&bottom, canvas_px(cv, 0.03));
        draw_text_wrap(cv, bottom, fault, type_px(cv, TYPE_LABEL), FONT_BOLD, COL_CAUTION,
                       ALIGN_LEFT);
    }

    /* the row beside the stop button is free for the flags when nothing else is there */
    SDL_Rect free_row = {0, 0, 0, 0};
    if (!fault && on_plate) {
        rect_cut_left(&bottom, canvas_px(cv, 0.03));
        free_row = bottom;
    }
    if (canvas_portrait(cv))
        set_body_portrait(cv, a, v, free_row);
    else
        set_body_landscape(cv, a, v, free_row);
}

void screen_set(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    draw_key_fitted(cv, screen_set_body, v);
}
