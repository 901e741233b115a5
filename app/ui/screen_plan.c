/* Plan: which exercise, today's allowed load and why, the ramp and working sets. */
#include <stdio.h>
#include <string.h>

#include "../core/plate_loading.h"
#include "catalogue_text.h"
#include "screens.h"

#define EXERCISES_PER_ROW 4
#define PLATE_STYLES      7

/* How a plate looks, by weight: the usual competition colours and relative sizes; a plate
 * of another weight is drawn grey at the size of the next lighter one. Each plate carries
 * its number too, so colour is never the only way to tell them apart. */
static const struct {
    int32_t g;
    SDL_Color colour;
    int height_pct;
    int width_pct;
} plate_styles[PLATE_STYLES] = {
    {25000, {213, 43, 43, 255}, 100, 100}, {20000, {40, 90, 200, 255}, 100, 90},
    {15000, {230, 190, 30, 255}, 88, 80},  {10000, {40, 160, 70, 255}, 76, 70},
    {5000, {235, 235, 235, 255}, 56, 55},  {2500, {60, 60, 60, 255}, 44, 45},
    {1250, {190, 190, 200, 255}, 36, 40},
};

static int plate_style(int32_t g)
{
    for (int k = 0; k < PLATE_STYLES; k++)
        if (g >= plate_styles[k].g)
            return k;
    return PLATE_STYLES - 1;
}

/* A planned set's name as the list of sets shows it: "Ramp 1", "Work 2". */
static void set_name(char *out, size_t n, bool ramp, int number)
{
    char no[16];
    i18n_int(no, sizeof no, number);
    const char *args[] = {no};
    i18n_phrase(out, n, ramp ? N_("Ramp %s") : N_("Work %s"), args, 1);
}

/* The plates in words after what they are for (head: "Ramp 1, 20 kg", or the load alone),
 * the last plate, its unit and the words after held together by no-break spaces. */
static void plates_sentence(struct canvas *cv, char *line, size_t size, const char *head,
                            const struct view_lift *l, const struct plate_loading *pl)
{
    char kg[24], list[96];
    size_t len = 0;
    if (pl->below_bar) {
        format_load(cv, kg, sizeof kg, pl->made_g);
        const char *args[] = {head, kg};
        i18n_phrase(line, size, N_("%1$s: lighter than the empty bar (%2$s)"), args, 2);
        return;
    }
    list[0] = '\0';
    for (int i = 0; i < pl->n && len < sizeof list; i++) {
        /* plates are named as they are marked: in the rack's unit */
        i18n_load_number(kg, sizeof kg, l->plates.g[pl->kind[i]], cv->plate_unit);
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? " + " : "", kg);
    }
    const char *args[] = {head, list, plates_unit_name(cv->plate_unit)};
    if (pl->n == 0)
        i18n_phrase(line, size, N_("%1$s: no\xC2\xA0plates"), args, 1);
    else
        i18n_phrase(line, size,
                    N_("%1$s: %2$s\xC2\xA0%3$s\xC2\xA0"
                       "a\xC2\xA0"
                       "side"),
                    args, 3);
}

/*
 * The plates for the set Start begins, named with its set and load so the line cannot be
 * read as the cap's ("Ramp 1, 20 kg: no plates"); by_load the same after the load alone,
 * for a column too narrow for the whole; short_line what the plates cannot make.
 */
static void plate_words(struct canvas *cv, char *line, char *by_load, size_t size, char *short_line,
                        size_t short_size, const struct view_lift *l,
                        const struct plate_loading *pl)
{
    char name[48], load[24], head[80];
    short_line[0] = '\0';
    if (l->all_done)
        snprintf(name, sizeof name, "%s", _("Extra set"));
    else if (l->next_set < 0)
        snprintf(name, sizeof name, "%s", _("Next set"));
    else
        set_name(name, sizeof name, l->next_ramp, l->next_number);
    format_load(cv, load, sizeof load, l->next_g);
    const char *head_args[] = {name, load};
    i18n_phrase(head, sizeof head, N_("%1$s, %2$s"), head_args, 2);
    plates_sentence(cv, line, size, head, l, pl);
    plates_sentence(cv, by_load, size, load, l, pl);
    if (pl->remainder_g > 0) {
        char made[24], rest[24];
        format_load(cv, made, sizeof made, pl->made_g);
        format_load(cv, rest, sizeof rest, pl->remainder_g);
        const char *args[] = {rest, made};
        i18n_phrase(short_line, short_size, N_("\xE2\x9A\xA0 %s short: the plates make %s"), args,
                    2);
    }
}

/* The bar as seen from the front with the plates to load on each side. */
static void plate_picture(struct canvas *cv, SDL_Rect box, const struct loading_plates *ps,
                          const struct plate_loading *pl)
{
    int cy = box.y + box.h / 2;
    int bar_h = box.h / 12 > 2 ? box.h / 12 : 2;
    draw_fill(cv, (SDL_Rect){box.x, cy - bar_h / 2, box.w, bar_h}, COL_DIM);
    int plate_w = box.w / 14;
    int collar = box.w * 3 / 10;         /* where the sleeves start, from each end */
    for (int side = 0; side < 2; side++) /* collars: plates go on outside them */
        draw_fill(cv,
                  (SDL_Rect){side ? box.x + box.w - collar - bar_h : box.x + collar,
                             cy - bar_h * 3 / 2, bar_h, bar_h * 3},
                  COL_FAINT);
    for (int side = 0; side < 2; side++) {
        int x = side ? box.x + box.w - collar + 1 : box.x + collar - 1;
        for (int i = 0; i < pl->n; i++) {
            int st = plate_style(ps->g[pl->kind[i]]);
            int w = plate_w * plate_styles[st].width_pct / 100;
            int h = box.h * plate_styles[st].height_pct / 100;
            SDL_Rect r = {side ? x : x - w, cy - h / 2, w, h};
            if ((side ? r.x + r.w > box.x + box.w : r.x < box.x))
                break; /* more plates than the sleeve shows: the words say them all */
            draw_fill(cv, r, plate_styles[st].colour);
            draw_frame(cv, r, 1, COL_BLACK);
            x = side ? x + w + 1 : x - w - 1;
        }
    }
}

/* Exercise buttons in a row: fewer on a portrait panel, so each name keeps its size. */
static int exercises_per_row(const struct canvas *cv)
{
    return canvas_portrait(cv) ? EXERCISES_PER_ROW / 2 : EXERCISES_PER_ROW;
}

static void exercise_row(struct canvas *cv, SDL_Rect row, const struct session_view *v)
{
    int n = v->lift.n_exercises;
    int per_row = exercises_per_row(cv);
    int cols = n < per_row ? n : per_row;
    int rows = (n + cols - 1) / (cols ? cols : 1);
    for (int i = 0; i < n; i++) {
        SDL_Rect r = rect_row(row, rows, i / cols, canvas_px(cv, 0.01));
        r = rect_column(r, cols, i % cols, canvas_px(cv, 0.015));
        draw_button(cv, r,
                    ui_catalogue_text(v->lift.exercises[i].name, v->lift.exercises[i].names,
                                      v->lift.exercises[i].n_names),
                    i == v->lift.plan->exercise ? BUTTON_SELECTED : BUTTON_PLAIN, ACTION_EXERCISE,
                    i, view_can(v, ACTION_EXERCISE, i));
    }
}

/* One row per planned set: ramp or work, load x reps, done or next. */
static void set_list(struct canvas *cv, SDL_Rect box, const struct plan *p, int row_h)
{
    int px = type_px(cv, TYPE_LABEL);
    for (int i = 0; i < p->n_sets; i++) {
        const struct planned_set *ps = &p->sets[i];
        SDL_Rect r = {box.x, box.y + i * row_h, box.w, row_h - canvas_px(cv, 0.006)};
        bool current = i == p->current;
        if (current) {
            draw_fill(cv, r, COL_PANEL_HI);
            draw_frame(cv, r, canvas_px(cv, 0.005), COL_ACCENT);
        } else {
            draw_fill(cv, r, COL_PANEL);
        }
        SDL_Rect in = rect_inset(r, canvas_px(cv, 0.005));
        in.x += canvas_px(cv, 0.01);
        in.w -= canvas_px(cv, 0.02);
        char what[32], load[24], line[64];
        set_name(what, sizeof what, ps->ramp, view_set_number(p, i));
        format_load(cv, load, sizeof load, ps->load_g);
        snprintf(line, sizeof line, "%s \xC3\x97 %d", load, ps->reps);
        SDL_Color fg = ps->done ? COL_DIM : COL_TEXT;
        char widest[32], widest_ramp[32];
        set_name(widest, sizeof widest, false, 88);
        set_name(widest_ramp, sizeof widest_ramp, true, 88);
        int name_w = text_width(cv, widest, px, FONT_BOLD);
        int ramp_w = text_width(cv, widest_ramp, px, FONT_BOLD);
        SDL_Rect status = rect_cut_right(&in, text_width(cv, _("next"), px, FONT_BOLD));
        SDL_Rect name = rect_cut_left(&in, name_w > ramp_w ? name_w : ramp_w);
        rect_cut_left(&in, mm_px(cv, 2));
        draw_text(cv, name, what, px, ps->ramp ? FONT_REGULAR : FONT_BOLD, ps->ramp ? COL_DIM : fg,
                  ALIGN_LEFT);
        draw_text(cv, in, line, px, FONT_BOLD, fg, ALIGN_LEFT);
        if (ps->done)
            draw_text(cv, status, "\xE2\x9C\x93", px, FONT_BOLD, COL_GO, ALIGN_RIGHT);
        else if (current)
            draw_text(cv, status, _("next"), px, FONT_BOLD, COL_ACCENT, ALIGN_RIGHT);
    }
}

/* The next set in one line, where the whole list does not fit. */
static void next_line(struct canvas *cv, SDL_Rect *a, const struct plan *p)
{
    char load[24], line[96];
    int px = type_px(cv, TYPE_LABEL);
    if (p->n_sets <= 0)
        return;
    if (p->current >= p->n_sets) {
        snprintf(line, sizeof line, "%s \xE2\x9C\x93", _("All sets done"));
    } else {
        const struct planned_set *ps = &p->sets[p->current];
        format_load(cv, load, sizeof load, ps->load_g);
        char reps[16];
        i18n_int(reps, sizeof reps, ps->reps);
        const char *args[] = {load, reps};
        i18n_phrase(line, sizeof line, N_("Next %s \xC3\x97 %s"), args, 2);
    }
    /* a narrow column (a wide key number on the 7") takes it on two lines */
    int lines = text_wrap_lines(cv, line, px, FONT_BOLD, a->w);
    lines = lines < 1 ? 1 : lines > 2 ? 2 : lines;
    draw_text_wrap(cv, rect_cut_top(a, lines * text_line_px(cv, px, FONT_BOLD)), line, px,
                   FONT_BOLD, p->current >= p->n_sets ? COL_GO : COL_TEXT, ALIGN_LEFT);
}

#define WHY_MAX_LINES 3 /* the cap's sentence, wrapped */

/* The list of sets over the plates' picture where both fit, else the next set's line. */
static void set_list_or_next(struct canvas *cv, SDL_Rect *a, const struct plan *p)
{
    int row_h = type_px(cv, TYPE_LABEL) * 3 / 2;
    int gap = canvas_px(cv, 0.015);
    int picture_min =
        a->h * 2 / 5 > type_px(cv, TYPE_LABEL) * 4 ? a->h * 2 / 5 : type_px(cv, TYPE_LABEL) * 4;
    if (p->n_sets * row_h + gap + picture_min <= a->h)
        set_list(cv, rect_cut_top(a, p->n_sets * row_h), p, row_h);
    else
        next_line(cv, a, p);
}

/* Secondary lines under the key number, in order of importance, while they fit. */
static int left_lines(struct canvas *cv, SDL_Rect a, const struct session_view *v,
                      const struct exercise *ex, const char *plates, const char *by_load)
{
    int top = a.y;
    const struct plan *p = v->lift.plan;
    int px = type_px(cv, TYPE_LABEL);
    int line_h = px * 13 / 10;
    char reason[PROGRESSION_EXPLAIN_MAX], best[24], diff[24], line[128], tempo[192];
    /* the core's sentence for the cap (the same words as rackside-ctl allowed, in the
     * reader's language and unit) where it fits on up to three lines under the plates (it
     * names the best and the step, so the line that says them goes); else its short label,
     * so the lines under it still show */
    char why[PROGRESSION_EXPLAIN_MAX];
    struct progression_words words;
    i18n_progression_words(&words, cv->unit);
    /* the exercise as the plan's buttons name it: the catalogue's name.de first */
    view_cap_explain(&v->lift, &words, ui_catalogue_text(ex->name, ex->names, ex->n_names), why,
                     sizeof why);
    /* the plates after their set and load; where that takes more than two lines or more
     * than the room left, after the load alone (it still tells them from the cap's) */
    if (plates[0]) {
        int n = text_wrap_lines(cv, plates, px, FONT_BOLD, a.w);
        if (n > 2 || n * text_line_px(cv, px, FONT_BOLD) > a.h)
            plates = by_load;
    }
    int room = a.h / text_line_px(cv, px, FONT_REGULAR) -
               (plates[0] ? text_wrap_lines(cv, plates, px, FONT_BOLD, a.w) : 0);
    int why_n = text_wrap_lines(cv, why, px, FONT_REGULAR, a.w);
    bool sentence = p->cap_why[0] && why_n <= WHY_MAX_LINES && why_n <= room;
    if (sentence)
        snprintf(reason, sizeof reason, "%s", why);
    else if (p->cap.pain_capped)
        snprintf(reason, sizeof reason, "%s \xC2\xB7 %s", _(progression_reason_str(p->cap.reason)),
                 _("capped for today's pain"));
    else
        snprintf(reason, sizeof reason, "%s", _(progression_reason_str(p->cap.reason)));
    line[0] = '\0';
    if (p->cap.best_g > 0 && ex->on_plate && !sentence) {
        /* the change against the best, after rounding to the plates, is what the lifter adds */
        int32_t diff_g = p->cap.cap_g - p->cap.best_rack_g;
        format_load(cv, best, sizeof best, p->cap.best_rack_g);
        format_load(cv, diff, sizeof diff, diff_g < 0 ? -diff_g : diff_g);
        if (diff_g == 0)
            i18n_phrase(line, sizeof line, N_("Best clean set %s \xC2\xB7 today the same"),
                        (const char *const[]){best}, 1);
        else {
            char signed_diff[32];
            snprintf(signed_diff, sizeof signed_diff, "%s%s", diff_g > 0 ? "+" : "\xE2\x88\x92",
                     diff);
            const char *args[] = {best, signed_diff};
            i18n_phrase(line, sizeof line, N_("Best clean set %s \xC2\xB7 today %s"), args, 2);
        }
    }
    const int *tempo_ms = v->lift.tempo_ms;
    char t[4][16];
    for (int i = 0; i < 4; i++)
        i18n_number(t[i], sizeof t[i], tempo_ms[i] / 1000.0, 1);
    const char *tempo_args[] = {t[0], t[1], t[2], t[3], t[0], t[1], t[2]};
    i18n_phrase(tempo, sizeof tempo, N_("Tempo %s-%s-%s-%s: %s s down, %s s pause, %s s up"),
                tempo_args, 7);
    /* the plates first: the lifter loads the bar from them */
    const char *lines[] = {plates, reason, line, tempo};
    const SDL_Color colours[] = {COL_TEXT, COL_TEXT, COL_DIM, COL_DIM};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        if (!lines[i][0])
            continue;
        enum font_weight wt = i == 0 ? FONT_BOLD : FONT_REGULAR;
        int n = text_wrap_lines(cv, lines[i], px, wt, a.w);
        line_h = text_line_px(cv, px, wt);
        if (n > (i == 1 ? WHY_MAX_LINES : 2) || n * line_h > a.h)
            break;
        draw_text_wrap(cv, rect_cut_top(&a, n * line_h), lines[i], px, wt, colours[i], ALIGN_LEFT);
    }
    return a.y - top;
}

/* A caution line wrapped over at most max_rows at the bottom of a, the whole width, a half
 * gap over it. */
static void caution_at_bottom(struct canvas *cv, SDL_Rect *a, const char *text, int max_rows,
                              int gap)
{
    int px = type_px(cv, TYPE_LABEL);
    int rows = text_wrap_lines(cv, text, px, FONT_BOLD, a->w);
    rows = rows < 1 ? 1 : rows > max_rows ? max_rows : rows;
    draw_text_wrap(cv, rect_cut_bottom(a, rows * text_line_px(cv, px, FONT_BOLD)), text, px,
                   FONT_BOLD, COL_CAUTION, ALIGN_LEFT);
    rect_cut_bottom(a, gap / 2);
}

void screen_plan(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    char who[NAME_MAX_LEN];
    draw_header(cv, &a, _("Today's plan"), display_name(who, sizeof who, v->name));
    a = rect_inset(a, canvas_px(cv, 0.02));
    int gap = canvas_px(cv, 0.015);
    const struct plan *p = v->lift.plan;
    int rows = (v->lift.n_exercises + exercises_per_row(cv) - 1) / exercises_per_row(cv);
    if (rows > 0) {
        exercise_row(cv, rect_cut_top(&a, rows * target_px(cv) + (rows - 1) * gap), v);
        rect_cut_top(&a, gap);
    }
    SDL_Rect bottom = rect_cut_bottom(&a, target_px(cv));
    rect_cut_bottom(&a, gap);
    draw_button(
        cv,
        rect_cut_left(&bottom, button_width(cv, _("Log out"), bottom.w / 5,
                                            canvas_portrait(cv) ? bottom.w * 2 / 5 : bottom.w / 4)),
        _("Log out"), BUTTON_QUIET, ACTION_LOGOUT, 0, view_can(v, ACTION_LOGOUT, 0));
    /* portrait: the way on takes the rest of the narrow row */
    SDL_Rect go = rect_cut_right(&bottom, canvas_portrait(cv) ? bottom.w - canvas_px(cv, 0.03)
                                                              : bottom.w / 2);
    rect_cut_left(&bottom, gap);
    rect_cut_right(&bottom, gap);
    /* --- a lifter's own language and unit --- */
    draw_prefs_button(cv, rect_cut_left(&bottom, prefs_button_width(cv, bottom.w)), v);
    /* --- end of language and unit --- */

    if (!v->lift.exercise) {
        draw_text(cv, a, _("Choose an exercise"), type_px(cv, TYPE_TITLE), FONT_BOLD, COL_TEXT,
                  ALIGN_CENTER);
        draw_button(cv, go, _("Start set"), BUTTON_PRIMARY, ACTION_START_SET, 0,
                    view_can(v, ACTION_START_SET, 0));
        return;
    }
    const struct exercise *ex = v->lift.exercise;
    int32_t next_g = v->lift.next_g;
    /* the plate not answering: said over the buttons the whole width, for Start waits on it
     * (the row between the buttons is too narrow for the sentence at 4 mm) */
    if (v->plate_fault && ex->on_plate && !canvas_portrait(cv)) {
        char fault[128];
        snprintf(fault, sizeof fault, "\xE2\x9A\xA0 %s",
                 _("Plate not answering: a trainer must check it"));
        caution_at_bottom(cv, &a, fault, 2, gap);
    }

    /* left: today's allowed load, the key number; right: the sets and the plates */
    char num[24];
    const char *unit_name = plates_unit_name(cv->unit);
    format_load_number(cv, num, sizeof num, p->cap.cap_g);
    int key_px = type_px(cv, TYPE_KEY);
    int unit_w = text_width(cv, unit_name, type_px(cv, TYPE_TITLE), FONT_BOLD) + mm_px(cv, 2);
    int left_w = text_width(cv, num, key_px, FONT_BOLD) + unit_w;
    if (left_w > a.w * 2 / 3)
        left_w = a.w * 2 / 3;
    if (left_w < a.w / 2)
        left_w = a.w / 2;
    /* portrait: the key number and its lines take the whole width, the sets and the
     * plates go under them */
    bool tall = canvas_portrait(cv);
    if (tall)
        left_w = a.w;
    SDL_Rect left = rect_cut_left(&a, left_w);
    rect_cut_left(&a, gap * 2);
    SDL_Rect label_row = rect_cut_top(&left, type_px(cv, TYPE_LABEL) * 13 / 10);
    SDL_Rect key = rect_cut_top(&left, key_line_px(cv, key_px));
    /* a narrow panel (portrait) whose width the number needs: the unit over its right end */
    bool unit_above = text_width(cv, num, key_px, FONT_BOLD) + unit_w > key.w;
    if (unit_above) {
        SDL_Rect u = rect_cut_right(&label_row, unit_w * 2);
        draw_text(cv, u, unit_name, type_px(cv, TYPE_TITLE), FONT_BOLD, COL_TEXT, ALIGN_RIGHT);
    }
    draw_text(cv, label_row, _("Today's allowed load"), type_px(cv, TYPE_LABEL), FONT_REGULAR,
              COL_DIM, ALIGN_LEFT);
    SDL_Rect unit = unit_above ? (SDL_Rect){0} : rect_cut_right(&key, unit_w);
    SDL_Rect drawn = draw_key_text(cv, key, num, COL_TEXT, ALIGN_LEFT);
    int unit_h = type_px(cv, TYPE_TITLE) * 6 / 5;
    if (!unit_above)
        draw_text(cv,
                  (SDL_Rect){drawn.x + drawn.w + mm_px(cv, 2), drawn.y + drawn.h - unit_h, unit.w,
                             unit_h},
                  unit_name, type_px(cv, TYPE_TITLE), FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    rect_cut_top(&left, gap);
    /* every barbell lift: which plates make the next set's load on this rack's bar */
    const struct loading_plates *plates = &v->lift.plates;
    struct plate_loading pl;
    char plate_line[160] = "", by_load[160] = "", short_line[128] = "";
    bool loading = plate_loading_for(plates, v->lift.empty_bar_g, next_g, &pl) == 0;
    if (loading)
        plate_words(cv, plate_line, by_load, sizeof plate_line, short_line, sizeof short_line,
                    &v->lift, &pl);
    if (tall) {
        /* the lines get up to eight rows; the sets and the picture what is left */
        SDL_Rect lines = left;
        lines.h = 8 * text_line_px(cv, type_px(cv, TYPE_LABEL), FONT_BOLD);
        if (lines.h > left.h / 2)
            lines.h = left.h / 2;
        rect_cut_top(&left, left_lines(cv, lines, v, ex, plate_line, by_load));
        rect_cut_top(&left, gap);
        a = left; /* the sets and the picture under the lines, the whole width */
    } else {
        left_lines(cv, left, v, ex, plate_line, by_load);
    }

    set_list_or_next(cv, &a, p);
    rect_cut_top(&a, gap);
    if (short_line[0]) {
        /* what the plates cannot make, under the picture: never dropped for room */
        caution_at_bottom(cv, &a, short_line, 3, gap);
    }
    if (loading)
        plate_picture(cv, a, plates, &pl);

    char label[96], load[24];
    format_load(cv, load, sizeof load, next_g);
    bool all_done = v->lift.all_done;
    if (!ex->on_plate) {
        /* bench and other lifts off the plate: the lifter loads the bar and confirms */
        i18n_phrase(label, sizeof label, N_("Confirm %s"), (const char *const[]){load}, 1);
        draw_button(cv, go, label, BUTTON_PRIMARY, ACTION_DECLARE_LOAD, next_g,
                    view_can(v, ACTION_DECLARE_LOAD, next_g));
    } else {
        i18n_phrase(label, sizeof label, all_done ? N_("Extra set %s") : N_("Start %s"),
                    (const char *const[]){load}, 1);
        /* portrait: the plate not answering said on the button it holds back (the lines
         * over it have no row to spare) */
        if (v->plate_fault && canvas_portrait(cv))
            phrase_fill(label, sizeof label, "\xE2\x9A\xA0 %s",
                        (const char *const[]){_("Plate not answering")}, 1);
        draw_button(cv, go, label, BUTTON_PRIMARY, ACTION_START_SET, 0,
                    view_can(v, ACTION_START_SET, 0));
    }
    if (all_done) {
        char done[64];
        snprintf(done, sizeof done, "%s \xE2\x9C\x93", _("All sets done"));
        draw_text(cv, bottom, done, type_px(cv, TYPE_LABEL), FONT_BOLD, COL_GO, ALIGN_CENTER);
    }
}
