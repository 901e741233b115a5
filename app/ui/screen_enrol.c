/*
 * Enrolment at the rack (core/trainer_enrol.c): a badge nobody has, given to a new member
 * (the name typed on the note's keyboard) or to a member enrolled (part of the name typed,
 * then the member picked from the matches). One step at a time, every target a finger wide
 * on both panels; what the last tap or save did sits above the bottom row.
 */
#include <stdio.h>

#include "../core/phrase.h"
#include "screens.h"

static const char *title_of(const struct session_view *v)
{
    if (v->trainer.enrol_take)
        return _("Take a lost badge away");
    switch (v->trainer.enrol_step) {
    case ENROL_NAME:
        return _("Enrol: a new member");
    case ENROL_FIND:
    case ENROL_PICK:
        return _("Enrol: a member enrolled");
    default:
        return _("Enrol a badge");
    }
}

/* The line typed so far, or what to type. */
static void typed_line(struct canvas *cv, SDL_Rect r, const struct session_view *v)
{
    draw_fill(cv, r, COL_PANEL);
    draw_frame(cv, r, canvas_px(cv, 0.004), COL_DIM);
    SDL_Rect in = rect_inset(r, canvas_px(cv, 0.012));
    const char *hint = v->trainer.enrol_step == ENROL_NAME ? _("Type the new member's full name")
                       : v->trainer.enrol_take ? _("Type part of the name of the badge's owner")
                                               : _("Type part of the member's name");
    char shown[NAME_MAX_LEN + 8];
    snprintf(shown, sizeof shown, "%s_", v->trainer.note);
    const char *from = shown; /* a name longer than the line shows its end */
    while (*from && text_width(cv, from, type_px(cv, TYPE_BODY), FONT_BOLD) > in.w) {
        from++;
        while ((*from & 0xC0) == 0x80)
            from++;
    }
    draw_text(cv, in, v->trainer.note_len > 0 ? from : hint, type_px(cv, TYPE_BODY), FONT_BOLD,
              v->trainer.note_len > 0 ? COL_TEXT : COL_DIM, ALIGN_LEFT);
}

/* The members whose name holds what was typed, as many as fit (more: type more). */
static void matches(struct canvas *cv, SDL_Rect a, const struct session_view *v)
{
    char line[NAME_MAX_LEN + 64];
    if (v->trainer.lifters_loading) {
        draw_text(cv, a, _("Looking\xE2\x80\xA6"), type_px(cv, TYPE_TITLE), FONT_REGULAR, COL_DIM,
                  ALIGN_CENTER);
        return;
    }
    if (v->trainer.n_lifters <= 0) {
        const char *args[] = {v->trainer.note};
        i18n_phrase(line, sizeof line, N_("No lifter's name holds \"%s\": Back to type again"),
                    args, 1);
        draw_text_wrap(cv, a, line, type_px(cv, TYPE_BODY), FONT_BOLD, COL_DIM, ALIGN_CENTER);
        return;
    }
    int row_h = target_px(cv), gap = canvas_px(cv, 0.01);
    int fit = (a.h + gap) / (row_h + gap);
    if (fit < 1)
        fit = 1;
    /* every match, a page at a time: the list holds a window of them from lifters_offset */
    int total = v->trainer.lifters_total, off = v->trainer.lifters_offset;
    int first = v->trainer.lifters_first;
    int last = first + fit < v->trainer.n_lifters ? first + fit : v->trainer.n_lifters;
    if (total > fit) {
        /* where the page is, and how many there are in all, in a column wide enough */
        char where[32], of[48];
        snprintf(where, sizeof where, "%d\xE2\x80\x93%d", off + first + 1, off + last);
        format_of_total(of, sizeof of, total);
        int label = type_px(cv, TYPE_LABEL), line_h = text_line_px(cv, label, FONT_REGULAR);
        int words_w = text_width(cv, where, label, FONT_REGULAR);
        if (text_width(cv, of, label, FONT_REGULAR) > words_w)
            words_w = text_width(cv, of, label, FONT_REGULAR);
        words_w += canvas_px(cv, 0.01);
        SDL_Rect col = rect_cut_right(&a, words_w > target_px(cv) ? words_w : target_px(cv));
        rect_cut_right(&a, canvas_px(cv, 0.012));
        int prev = off + first - fit > 0 ? off + first - fit : 0;
        int arrow_px = type_px(cv, TYPE_TITLE);
        draw_button_px(cv, rect_cut_top(&col, target_px(cv)), "\xE2\x96\xB2", arrow_px,
                       BUTTON_QUIET, ACTION_LIFTERS_PAGE, prev, view_lifters_page_can(v, prev));
        draw_button_px(cv, rect_cut_bottom(&col, target_px(cv)), "\xE2\x96\xBC", arrow_px,
                       BUTTON_QUIET, ACTION_LIFTERS_PAGE, off + last,
                       view_lifters_page_can(v, off + last));
        SDL_Rect top = rect_cut_top(&col, col.h / 2);
        draw_text(cv, rect_cut_bottom(&top, line_h), where, label, FONT_REGULAR, COL_DIM,
                  ALIGN_CENTER);
        draw_text(cv, rect_cut_top(&col, line_h), of, label, FONT_REGULAR, COL_DIM, ALIGN_CENTER);
    }
    for (int i = first; i < last; i++)
        draw_lifter_row(cv, v, (SDL_Rect){a.x, a.y + (i - first) * (row_h + gap), a.w, row_h},
                        v->trainer.lifters[i].name, i == v->trainer.enrol_pick, i);
}

/* Taking a badge away: the member's badges, one button each. */
static void badges(struct canvas *cv, SDL_Rect a, const struct session_view *v)
{
    char line[NAME_MAX_LEN + 64];
    const struct view_trainer *t = &v->trainer;
    if (t->enrol_badges_loading) {
        draw_text(cv, a, _("Looking\xE2\x80\xA6"), type_px(cv, TYPE_TITLE), FONT_REGULAR, COL_DIM,
                  ALIGN_CENTER);
        return;
    }
    if (t->enrol_n_badges <= 0) {
        const char *args[] = {t->enrol_member};
        i18n_phrase(line, sizeof line, N_("%s has no badge"), args, 1);
        draw_text_wrap(cv, a, line, type_px(cv, TYPE_BODY), FONT_BOLD, COL_DIM, ALIGN_CENTER);
        return;
    }
    const char *who[] = {t->enrol_member};
    i18n_phrase(line, sizeof line, N_("%s's badges: tap the one that is lost"), who, 1);
    int body_px = type_px(cv, TYPE_BODY); /* on two lines where the panel is narrow */
    draw_text_wrap(cv, rect_cut_top(&a, 2 * text_line_px(cv, body_px, FONT_BOLD)), line, body_px,
                   FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    rect_cut_top(&a, canvas_px(cv, 0.02));
    int row_h = target_px(cv), gap = canvas_px(cv, 0.015);
    int cols = 2, rows = (ENROL_BADGES_MAX + cols - 1) / cols;
    for (int i = 0; i < t->enrol_n_badges; i++) {
        SDL_Rect row = {a.x, a.y + (i / cols) * (row_h + gap), a.w, row_h};
        if (i / cols >= rows || row.y + row_h > a.y + a.h)
            break;
        draw_button(cv, rect_column(row, cols, i % cols, gap), t->enrol_badges[i], BUTTON_PLAIN,
                    ACTION_BADGE_PICK, i, view_can(v, ACTION_BADGE_PICK, i));
    }
}

/* Taking a badge away: are you sure. */
static void confirm(struct canvas *cv, SDL_Rect a, const struct session_view *v)
{
    char line[ENROL_UID_MAX + NAME_MAX_LEN + 160];
    const char *args[] = {v->trainer.enrol_uid, v->trainer.enrol_member};
    i18n_phrase(line, sizeof line,
                N_("Take badge %s away from %s? It will open nothing here or at another rack; "
                   "their records stay."),
                args, 2);
    draw_text_wrap(cv, rect_centre(a, a.w, a.h / 2), line, type_px(cv, TYPE_BODY), FONT_BOLD,
                   COL_TEXT, ALIGN_CENTER);
}

static void choose(struct canvas *cv, SDL_Rect a, const struct session_view *v)
{
    char line[ENROL_UID_MAX + 64];
    const char *args[] = {v->trainer.enrol_uid};
    i18n_phrase(line, sizeof line, N_("Badge %s is new. Give it to:"), args, 1);
    int px = type_px(cv, TYPE_BODY); /* on two lines where the panel is narrow */
    int lines = text_wrap_lines(cv, line, px, FONT_BOLD, a.w) > 1 ? 2 : 1;
    draw_text_wrap(cv, rect_cut_top(&a, lines * text_line_px(cv, px, FONT_BOLD)), line, px,
                   FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    rect_cut_top(&a, canvas_px(cv, 0.02));
    int gap = canvas_px(cv, 0.03);
    /* side by side, or one above the other on a narrow panel */
    bool stacked = canvas_portrait(cv);
    SDL_Rect row = rect_cut_top(&a, (stacked ? 4 : 2) * target_px(cv) + (stacked ? gap : 0));
    SDL_Rect first = stacked ? rect_row(row, 2, 0, gap) : rect_column(row, 2, 0, gap);
    SDL_Rect second = stacked ? rect_row(row, 2, 1, gap) : rect_column(row, 2, 1, gap);
    draw_button(cv, first, _("A new member"), BUTTON_PRIMARY, ACTION_ENROL_TO, 0,
                view_can(v, ACTION_ENROL_TO, 0));
    draw_button(cv, second, _("A member already enrolled"), BUTTON_PLAIN, ACTION_ENROL_TO, 1,
                view_can(v, ACTION_ENROL_TO, 1));
}

/* The bottom row of the steps without a keyboard. */
static void plain_row(struct canvas *cv, SDL_Rect row, const struct session_view *v)
{
    int gap = canvas_px(cv, 0.015);
    int step = v->trainer.enrol_step;
    const char *back = step == ENROL_DONE ? _("Done") : C_("enrol", "Back");
    draw_button(cv, rect_cut_left(&row, button_width(cv, back, row.w / 4, row.w / 3)), back,
                BUTTON_QUIET, ACTION_BACK, 0, view_can(v, ACTION_BACK, 0));
    rect_cut_left(&row, gap);
    /* the way on: half the row, or all that is left where its words need it */
    bool take = v->trainer.enrol_take;
    if (step == ENROL_PICK && take)
        draw_button(cv, rect_cut_right(&row, button_width(cv, _("Their badges"), row.w / 2, row.w)),
                    _("Their badges"), BUTTON_PRIMARY, ACTION_BADGE_TAKE, 0,
                    view_can(v, ACTION_BADGE_TAKE, 0));
    else if (step == ENROL_PICK)
        draw_button(cv,
                    rect_cut_right(&row, button_width(cv, _("Give the badge"), row.w / 2, row.w)),
                    _("Give the badge"), BUTTON_PRIMARY, ACTION_ENROL_SAVE, 0,
                    view_can(v, ACTION_ENROL_SAVE, 0));
    else if (step == ENROL_CONFIRM)
        draw_button(cv, rect_cut_right(&row, button_width(cv, _("Take it away"), row.w / 2, row.w)),
                    _("Take it away"), BUTTON_DANGER, ACTION_BADGE_REMOVE, 0,
                    view_can(v, ACTION_BADGE_REMOVE, 0));
    else if (step == ENROL_WAIT)
        draw_button(
            cv,
            rect_cut_right(&row, button_width(cv, _("Take a lost badge away"), row.w / 2, row.w)),
            _("Take a lost badge away"), BUTTON_PLAIN, ACTION_BADGE_TAKE, 0,
            view_can(v, ACTION_BADGE_TAKE, 0));
    else if (step == ENROL_DONE && view_can(v, ACTION_ENROL_LOADS, 0)) {
        /* a new member: their start loads next, or not now */
        SDL_Rect right = rect_cut_right(&row, row.w * 2 / 3);
        draw_button(cv, rect_column(right, 2, 0, gap), _("Set start loads"), BUTTON_PRIMARY,
                    ACTION_ENROL_LOADS, 0, true);
        draw_button(cv, rect_column(right, 2, 1, gap), _("Enrol another badge"), BUTTON_PLAIN,
                    ACTION_ENROL, 0, view_can(v, ACTION_ENROL, 0));
    } else if (step == ENROL_DONE)
        draw_button(
            cv, rect_cut_right(&row, button_width(cv, _("Enrol another badge"), row.w / 2, row.w)),
            _("Enrol another badge"), BUTTON_PLAIN, ACTION_ENROL, 0, view_can(v, ACTION_ENROL, 0));
}

/* What the last tap or save did, in the reader's language: the core's English format
 * translated and filled (a translation that takes other arguments gives the English). */
static const char *enrol_msg(const struct session_view *v, char *buf, size_t len)
{
    const char *english = v->trainer.enrol_msg_fmt;
    if (!english)
        return v->trainer.enrol_msg;
    i18n_phrase(buf, len, english, v->trainer.enrol_msg_args, ENROL_MSG_ARGS);
    return buf;
}

void screen_enrol(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    draw_header(cv, &a, title_of(v), v->name);
    a = rect_inset(a, canvas_px(cv, 0.02));
    int gap = canvas_px(cv, 0.012);
    int step = v->trainer.enrol_step;
    bool keyboard = step == ENROL_NAME || step == ENROL_FIND;
    SDL_Rect keys = {0};
    bool name = step == ENROL_NAME;
    const struct keyboard_words k = {
        C_("enrol", "Back"), name ? C_("enrol", "Enrol") : C_("enrol", "Find"),
        C_("enrol", "space"), name ? ACTION_ENROL_SAVE : ACTION_ENROL_FIND};
    if (keyboard) { /* the keyboard and its bottom row, under the typed line and message */
        keys = rect_cut_bottom(&a, keyboard_min_px(cv, a.w, &k));
        rect_cut_bottom(&a, gap);
    } else {
        plain_row(cv, rect_cut_bottom(&a, target_px(cv)), v);
        rect_cut_bottom(&a, gap);
    }
    /* what the last tap or save did: a refusal in the stop colour, a badge given in go */
    char said[4 * NOTE_MAX_LEN];
    const char *msg =
        v->trainer.enrol_saving ? _("Saving\xE2\x80\xA6") : enrol_msg(v, said, sizeof said);
    if (msg[0] && step != ENROL_DONE) {
        int px = type_px(cv, TYPE_LABEL);
        int lines = text_wrap_lines(cv, msg, px, FONT_BOLD, a.w);
        lines = lines < 1 ? 1 : lines > 4 ? 4 : lines;
        draw_text_wrap(cv, rect_cut_bottom(&a, lines * text_line_px(cv, px, FONT_BOLD)), msg, px,
                       FONT_BOLD, v->trainer.enrol_failed ? COL_STOP : COL_DIM, ALIGN_LEFT);
        rect_cut_bottom(&a, gap);
    }
    switch (step) {
    case ENROL_WAIT:
        draw_text_wrap(cv, rect_centre(a, a.w, a.h / 2), _("Tap the new badge on the reader"),
                       type_px(cv, TYPE_TITLE), FONT_BOLD, COL_TEXT, ALIGN_CENTER);
        break;
    case ENROL_CHOOSE:
        choose(cv, a, v);
        break;
    case ENROL_NAME:
    case ENROL_FIND:
        typed_line(cv, rect_cut_top(&a, typed_line_px(cv)), v);
        draw_keyboard(cv, keys, v, &k);
        break;
    case ENROL_PICK:
        matches(cv, a, v);
        break;
    case ENROL_BADGES:
        badges(cv, a, v);
        break;
    case ENROL_CONFIRM:
        confirm(cv, a, v);
        break;
    case ENROL_DONE:
        draw_text_wrap(cv, rect_centre(a, a.w, a.h / 2), msg, type_px(cv, TYPE_TITLE), FONT_BOLD,
                       COL_GO, ALIGN_CENTER);
        break;
    }
}
