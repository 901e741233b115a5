/* Check-in: pain today, the red-flag questions and body weight, before any lifting. */
#include <limits.h>
#include <stdio.h>

#include "screens.h"

#define PAIN_LEVELS 11

/* 0 green through amber at 5 to red at 10. */
static SDL_Color pain_colour(int level)
{
    if (level <= 5)
        return colour_mix(COL_GO, COL_CAUTION, level / 5.0);
    return colour_mix(COL_CAUTION, COL_STOP, (level - 5) / 5.0);
}

/* The pain scale 0..10 in rows of equal buttons, each with its number; 0 and 10 say
 * what they mean. */
static void pain_rows(struct canvas *cv, SDL_Rect box, const struct session_view *v, int rows)
{
    int chosen = v->checkin.pain;
    int gap = canvas_px(cv, 0.01);
    int per_row = (PAIN_LEVELS + rows - 1) / rows;
    for (int i = 0; i < PAIN_LEVELS; i++) {
        SDL_Rect row = rect_row(box, rows, i / per_row, gap);
        SDL_Rect b = rect_column(row, per_row, i % per_row, gap);
        SDL_Color c = pain_colour(i);
        char num[24];
        snprintf(num, sizeof num, "%d", i);
        SDL_Rect in = rect_inset(b, canvas_px(cv, 0.005));
        SDL_Rect word = {0, 0, 0, 0};
        if (i == 0 || i == PAIN_LEVELS - 1)
            word = rect_cut_bottom(&in, text_line_px(cv, type_px(cv, TYPE_LABEL), FONT_REGULAR));
        if (i == chosen) {
            draw_fill(cv, b, c);
            draw_frame(cv, b, canvas_px(cv, 0.009), COL_WHITE);
            draw_text(cv, in, num, type_px(cv, TYPE_TITLE), FONT_BOLD, colour_on(c), ALIGN_CENTER);
        } else {
            /* the colour scale stays visible but the chosen one stands out */
            double fade = chosen >= 0 ? 0.75 : 0.5;
            draw_fill(cv, b, colour_mix(c, COL_BG, fade));
            draw_frame(cv, b, canvas_px(cv, 0.004), colour_mix(c, COL_BG, fade / 2));
            draw_text(cv, in, num, type_px(cv, TYPE_TITLE), FONT_BOLD,
                      chosen >= 0 ? COL_DIM : COL_TEXT, ALIGN_CENTER);
        }
        if (word.w > 0)
            draw_text(cv, word, i == 0 ? _("none") : _("worst"), type_px(cv, TYPE_LABEL),
                      FONT_REGULAR, i == chosen ? colour_on(c) : COL_TEXT, ALIGN_CENTER);
        canvas_add_target(cv, b, ACTION_PAIN, i, view_can(v, ACTION_PAIN, i));
    }
}

static void red_flag_row(struct canvas *cv, SDL_Rect row, const struct session_view *v, int i)
{
    bool yes = v->checkin.red_flags[i];
    bool answered = v->checkin.red_answered[i];
    bool urgent = session_red_flag_urgent(i);
    draw_panel(cv, row, COL_PANEL, urgent ? COL_STOP : COL_FAINT);
    SDL_Rect in = row;
    /* wide enough for "✓ Yes" at the body size inside the button's padding */
    int seg_w = target_px(cv) * 5 / 4;
    int answer_px = type_px(cv, TYPE_LABEL);
    char yes_l[32], no_l[32], yes_tick[40], no_tick[40];
    snprintf(yes_l, sizeof yes_l, "%s", _("Yes"));
    snprintf(no_l, sizeof no_l, "%s", _("No"));
    snprintf(yes_tick, sizeof yes_tick, "\xE2\x9C\x93 %s", yes_l);
    snprintf(no_tick, sizeof no_tick, "\xE2\x9C\x93 %s", no_l);
    int need_w = text_width(cv, yes_tick, answer_px, FONT_BOLD);
    if (text_width(cv, no_tick, answer_px, FONT_BOLD) > need_w)
        need_w = text_width(cv, no_tick, answer_px, FONT_BOLD);
    need_w += target_px(cv) * 3 / 10;
    if (seg_w < need_w)
        seg_w = need_w;
    /* portrait: the answers in a strip under the question, which keeps the row's width */
    SDL_Rect answers = in;
    if (canvas_portrait(cv)) {
        answers = rect_cut_bottom(&in, target_px(cv));
        rect_cut_top(&in, canvas_px(cv, 0.012));
        rect_cut_right(&in, canvas_px(cv, 0.012));
    }
    SDL_Rect yes_r = rect_cut_right(&answers, seg_w);
    rect_cut_right(&answers, canvas_px(cv, 0.006));
    SDL_Rect no_r = rect_cut_right(&answers, seg_w);
    if (!canvas_portrait(cv)) {
        in = answers;
        rect_cut_right(&in, canvas_px(cv, 0.015));
    }
    rect_cut_left(&in, canvas_px(cv, 0.012));
    int px = type_px(cv, TYPE_LABEL);
    if (urgent) {
        /* the sign over the word: narrow, so the question keeps two lines */
        int line_h = text_line_px(cv, px, FONT_BOLD);
        int tag_w = text_width(cv, _("URGENT"), px, FONT_BOLD) + canvas_px(cv, 0.02);
        /* room for the tag above the question (portrait rows are made with it) */
        bool tall = canvas_portrait(cv) || row.h >= 2 * target_px(cv);
        SDL_Rect tag = tall ? rect_cut_top(&in, line_h * 5 / 2) : rect_cut_left(&in, tag_w);
        tag = rect_centre(tag, tag_w, 2 * line_h);
        if (tall)
            tag.x = in.x;
        draw_fill(cv, tag, COL_STOP);
        draw_text(cv, (SDL_Rect){tag.x, tag.y, tag.w, line_h}, "\xE2\x9A\xA0", px, FONT_BOLD,
                  COL_WHITE, ALIGN_CENTER);
        draw_text(cv, (SDL_Rect){tag.x, tag.y + line_h, tag.w, line_h}, _("URGENT"), px, FONT_BOLD,
                  COL_WHITE, ALIGN_CENTER);
        if (!tall)
            rect_cut_left(&in, canvas_px(cv, 0.012));
    }
    const char *q = _(session_red_flag_question(i));
    enum font_weight wt = FONT_REGULAR; /* the tag says urgent; bold would not fit */
    int lines = text_wrap_lines(cv, q, px, wt, in.w);
    int line_h = text_line_px(cv, px, wt);
    SDL_Rect text = in;
    /* centre one or two lines vertically */
    if (lines * line_h < text.h)
        text = rect_centre(text, text.w, lines * line_h);
    draw_text_wrap(cv, text, q, px, wt, COL_TEXT, ALIGN_LEFT);
    /* nothing is chosen until the lifter answers: a pre-selected "No" would be an answer
     * nobody gave */
    draw_button_px(cv, no_r, answered && !yes ? no_tick : no_l, answer_px,
                   answered && !yes ? BUTTON_SELECTED : BUTTON_PLAIN, ACTION_RED_FLAG_NO, i,
                   view_can(v, ACTION_RED_FLAG_NO, i));
    draw_button_px(cv, yes_r, yes ? yes_tick : yes_l, answer_px, yes ? BUTTON_DANGER : BUTTON_PLAIN,
                   ACTION_RED_FLAG_YES, i, view_can(v, ACTION_RED_FLAG_YES, i));
}

static void say_line(struct canvas *cv, SDL_Rect box, const char *str, int px,
                     enum font_weight weight, SDL_Color c, enum align align)
{
    draw_text(cv, box, str, px, weight, c, align);
}

static void say_wrapped(struct canvas *cv, SDL_Rect box, const char *str, int px,
                        enum font_weight weight, SDL_Color c, enum align align)
{
    draw_text_wrap(cv, box, str, px, weight, c, align);
}

/* Weighed or not: the body weight itself is never shown on this shared screen. */
static void weight_line(struct canvas *cv, SDL_Rect box, const struct session_view *v)
{
    int px = type_px(cv, TYPE_LABEL);
    SDL_Rect top = box;
    /* portrait: each sentence may take two lines of the narrow width */
    void (*say)(struct canvas *, SDL_Rect, const char *, int, enum font_weight, SDL_Color,
                enum align) = canvas_portrait(cv) ? say_wrapped : say_line;
    if (v->checkin.pain < 0) {
        top = rect_cut_top(&box, box.h / 2);
        say(cv, box, _("Choose a pain number to continue"), px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    }
    if (v->checkin.body_known)
        say(cv, top, _("Weighed \xE2\x9C\x93"), px, FONT_BOLD, COL_GO, ALIGN_LEFT);
    else if (v->plate_fault) /* the lifter's words: which side and wire is staff's */
        draw_text_wrap(cv, top, _("Plate not answering: weigh-in skipped"), px, FONT_BOLD,
                       COL_CAUTION, ALIGN_LEFT);
    else
        say(cv, top, _("\xE2\x86\x93 Stand on the plate to weigh in"), px, FONT_BOLD, COL_CAUTION,
            ALIGN_LEFT);
}

#define QUESTIONS_PAGE_1 3 /* on a panel too short for all five: 3, then 2 */

/* A question's row on a portrait panel: its lines the whole width (the urgent one under
 * its tag), the answers under them. On a landscape panel, one target's height. */
static int question_row_h(struct canvas *cv, int row_w, int i)
{
    if (!canvas_portrait(cv))
        return target_px(cv);
    int px = type_px(cv, TYPE_LABEL);
    int line_h = text_line_px(cv, px, FONT_REGULAR);
    int w = row_w - 2 * canvas_px(cv, 0.012);
    int lines = text_wrap_lines(cv, _(session_red_flag_question(i)), px, FONT_REGULAR, w);
    int tag_h = session_red_flag_urgent(i) ? text_line_px(cv, px, FONT_BOLD) * 5 / 2 : 0;
    return canvas_px(cv, 0.012) + tag_h + lines * line_h + canvas_px(cv, 0.012) + target_px(cv);
}

/* Back / Next between the check-in's pages (the 7"): a move of the view, not an answer. */
static void page_button(struct canvas *cv, SDL_Rect r, const char *label, int page, bool quiet)
{
    draw_button(cv, r, label, quiet ? BUTTON_QUIET : BUTTON_PRIMARY, ACTION_TOUCH,
                UI_ARG_PAGE_BASE + page, true);
}

/* The questions' pages on a short panel: page p (from 1) holds the questions from
 * first[p - 1] to first[p]; page 0 is the pain scale. */
struct question_pages {
    int n;
    int first[RED_FLAG_QUESTIONS + 1];
};

/* Landscape: 3, then 2. Portrait: as many of the taller rows as avail_h holds. */
static void question_pages(struct canvas *cv, int row_w, int avail_h, int gap,
                           struct question_pages *qp)
{
    qp->n = 0;
    qp->first[0] = 0;
    if (!canvas_portrait(cv)) {
        qp->first[++qp->n] = QUESTIONS_PAGE_1;
        qp->first[++qp->n] = RED_FLAG_QUESTIONS;
        return;
    }
    int used = 0;
    for (int i = 0; i < RED_FLAG_QUESTIONS; i++) {
        int h = question_row_h(cv, row_w, i) + gap;
        if (used > 0 && used + h > avail_h + gap) {
            qp->first[++qp->n] = i;
            used = 0;
        }
        used += h;
    }
    qp->first[++qp->n] = RED_FLAG_QUESTIONS;
}

/* The page the check-in shows on a short panel: the first with something unanswered,
 * unless the lifter just paged by hand. */
static int checkin_page(const struct canvas *cv, const struct session_view *v,
                        const struct question_pages *qp)
{
    if (cv->page >= 0 && cv->page <= qp->n)
        return cv->page;
    if (v->checkin.pain < 0)
        return 0;
    for (int p = 1; p <= qp->n; p++)
        for (int q = qp->first[p - 1]; q < qp->first[p]; q++)
            if (!v->checkin.red_answered[q])
                return p;
    return qp->n;
}

void screen_checkin(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    char who[NAME_MAX_LEN];
    int gap = canvas_px(cv, 0.008);
    SDL_Rect body = rect_inset(a, canvas_px(cv, 0.01));
    /* the 7" holds eleven 15 mm keys only in two rows, a portrait panel in more: each key
     * as wide as a target and as "none" / "worst" at the label size */
    int key_min_w = target_px(cv);
    for (int i = 0; i < 2; i++) {
        int word_w =
            text_width(cv, i ? _("worst") : _("none"), type_px(cv, TYPE_LABEL), FONT_REGULAR) +
            2 * canvas_px(cv, 0.005) + mm_px(cv, 1);
        key_min_w = word_w > key_min_w ? word_w : key_min_w;
    }
    int rows = 1;
    while (rows < 4) {
        int per_row = (PAIN_LEVELS + rows - 1) / rows;
        if ((body.w - (per_row - 1) * canvas_px(cv, 0.01)) / per_row >= key_min_w)
            break;
        rows++;
    }
    int pain_h = rows * target_px(cv) + (rows - 1) * gap;
    int questions_h = 0;
    for (int i = 0; i < RED_FLAG_QUESTIONS; i++)
        questions_h += question_row_h(cv, body.w, i) + gap;
    int all_h = header_px(cv) + pain_h + questions_h - gap + target_px(cv) + 4 * gap +
                2 * canvas_px(cv, 0.01);
    if (canvas_portrait(cv)) /* the weigh-in's lines sit over the buttons there */
        all_h += 4 * text_line_px(cv, type_px(cv, TYPE_LABEL), FONT_BOLD) + gap;
    bool one_page = all_h <= a.h;
    bool tall = canvas_portrait(cv);
    /* a question page's room: the window less a two-line header, the insets, Continue,
     * the paging row and (portrait) the weigh-in's lines */
    int label_line = text_line_px(cv, type_px(cv, TYPE_LABEL), FONT_BOLD);
    int avail = a.h - header_px(cv) - text_line_px(cv, type_px(cv, TYPE_BODY), FONT_REGULAR) -
                2 * canvas_px(cv, 0.01) - 2 * (target_px(cv) + gap * 2) -
                ((v->checkin.pain < 0 ? 4 : 2) * label_line + gap);
    struct question_pages qp;
    question_pages(cv, body.w, avail, gap, &qp);
    int page = one_page ? -1 : checkin_page(cv, v, &qp);
    draw_header(cv, &a, page > 0 ? _("Any of these today?") : _("Pain in your back today?"),
                display_name(who, sizeof who, v->name));
    a = rect_inset(a, canvas_px(cv, 0.01));

    SDL_Rect bottom = rect_cut_bottom(&a, target_px(cv));
    rect_cut_bottom(&a, gap * 2);
    /* portrait, paged: Back and Next in a row of their own over Continue */
    SDL_Rect nav = bottom;
    if (tall && !one_page) {
        nav = rect_cut_bottom(&a, target_px(cv));
        rect_cut_bottom(&a, gap * 2);
    }
    if (page <= 0) {
        pain_rows(cv, rect_cut_top(&a, pain_h), v, rows);
        rect_cut_top(&a, gap * 2);
    }
    /* paged with Next in the bottom row, the weigh-in goes above it, full width */
    bool weight_above = page == 0 || page == 1 || tall;
    if (weight_above) {
        int lines = (v->checkin.pain < 0 ? 2 : 1) * (tall ? 2 : 1);
        int line_h = text_line_px(cv, type_px(cv, TYPE_LABEL), FONT_BOLD);
        weight_line(cv, rect_cut_bottom(&a, lines * line_h), v);
        rect_cut_bottom(&a, gap);
    }
    if (one_page && canvas_portrait(cv)) {
        for (int i = 0; i < RED_FLAG_QUESTIONS; i++) {
            red_flag_row(cv, rect_cut_top(&a, question_row_h(cv, a.w, i)), v, i);
            rect_cut_top(&a, gap);
        }
    } else if (one_page) {
        for (int i = 0; i < RED_FLAG_QUESTIONS; i++)
            red_flag_row(cv, rect_row(a, RED_FLAG_QUESTIONS, i, gap), v, i);
    } else if (page > 0) {
        int first = qp.first[page - 1];
        int last = qp.first[page];
        for (int i = first; i < last; i++) {
            /* the long urgent question takes what the page has left */
            int others = last - first - 1;
            int row_h = session_red_flag_urgent(i) && page == 2 && !tall
                            ? a.h - others * (target_px(cv) + gap) - gap
                            : question_row_h(cv, a.w, i);
            SDL_Rect r = rect_cut_top(&a, row_h);
            rect_cut_top(&a, gap);
            red_flag_row(cv, r, v, i);
        }
    }

    /* Continue is always there (greyed until every answer is in); paging sits beside it */
    SDL_Rect go = rect_cut_right(&bottom, bottom.w * (tall ? 5 : 3) / 10);
    rect_cut_right(&bottom, canvas_px(cv, 0.015));
    draw_button(cv, go, _("Continue"), BUTTON_PRIMARY, ACTION_CHECKIN_DONE, 0,
                view_can(v, ACTION_CHECKIN_DONE, 0));
    SDL_Rect *paging = tall ? &nav : &bottom;
    if (!one_page && page < qp.n) {
        page_button(cv, rect_cut_right(paging, paging->w * (tall ? 1 : 1) / (tall ? 2 : 3)),
                    _("Next \xE2\x96\xB6"), page + 1, false);
        rect_cut_right(paging, canvas_px(cv, 0.015));
    }
    if (page > 0) {
        page_button(cv, rect_cut_left(paging, tall ? paging->w : paging->w * 2 / 5),
                    _("\xE2\x97\x80 Back"), page - 1, true);
        rect_cut_left(paging, canvas_px(cv, 0.015));
    }
    /* --- a lifter's own language and unit, before any question --- */
    if (page == 0) {
        /* portrait: beside Next in the paging row, where Back goes on later pages, or in a
         * row of its own over the weigh-in where that is too narrow for its words (the
         * pain page leaves room); with no room either, the plan offers it */
        SDL_Rect *row = tall ? &nav : &bottom;
        int most = tall ? row->w : row->w / 2;
        int need = prefs_button_width(cv, INT_MAX);
        SDL_Rect own = {0};
        if (tall && need > most && a.h >= target_px(cv) + gap && need <= a.w) {
            own = rect_cut_bottom(&a, target_px(cv));
            row = &own;
            most = own.w;
        }
        if (!tall || need <= most) {
            draw_prefs_button(cv, rect_cut_left(row, prefs_button_width(cv, most)), v);
            rect_cut_left(row, canvas_px(cv, 0.015));
        }
    }
    /* --- end of language and unit --- */
    if (!weight_above)
        weight_line(cv, bottom, v);
}
