/*
 * The trainer's Calibrate page: empty the plate and take the zero, set a known weight over
 * the left cells then the right ones (or once in the middle), then somewhere else for a
 * check; the live reading and whether the plate is steady beside the steps; the result,
 * its check residual, Save and Cancel. The core (trainer_cal.c) decides every step.
 */
#include <stdio.h>
#include <string.h>

#include "../core/phrase.h"
#include "i18n.h"
#include "screens.h"

#define G_PER_LB 453.59237

static double in_unit(const struct view_calibrate *c, double g)
{
    return c->lb ? g / G_PER_LB : g / 1000.0;
}

static const char *unit(const struct view_calibrate *c)
{
    return c->lb ? "lb" : "kg";
}

/* What the trainer does now, in the words of the step. */
static void instruction(const struct view_calibrate *c, char *out, size_t n)
{
    char w[32];
    snprintf(w, sizeof w, "%d", c->weight);
    const char *args[2] = {w, unit(c)};
    switch (c->step) {
    case CAL_ZERO:
        snprintf(out, n, "%s", _("Take everything off the plate and step off, then Take zero."));
        break;
    case CAL_LEFT:
        if (c->middle)
            i18n_phrase(out, n, N_("Set the %s %s weight in the middle of the plate."), args, 2);
        else
            i18n_phrase(out, n, N_("Set the %s %s weight over the LEFT side's cells."), args, 2);
        break;
    case CAL_RIGHT:
        i18n_phrase(out, n, N_("Move the %s %s weight over the RIGHT side's cells."), args, 2);
        break;
    case CAL_CHECK:
        i18n_phrase(out, n, N_("For a check, set the %s %s weight anywhere else on the plate."),
                    args, 2);
        break;
    case CAL_DONE:
        snprintf(out, n, "%s",
                 c->saved ? _("Saved. Take the weight off the plate.")
                          : _("Save to use this calibration, or Cancel to keep the old one."));
        break;
    }
}

/* The steps' names, the one now first among them in the core's order. */
static const char *step_name(const struct view_calibrate *c, int i)
{
    static const char *const names[] = {N_("Zero (empty plate)"), N_("Weight on the left"),
                                        N_("Weight on the right"), N_("Check"), N_("Result")};
    return i == CAL_LEFT && c->middle ? _("Weight in the middle") : _(names[i]);
}

/* Width of the step list: its longest name at the label size beside its mark. */
static int step_list_w(struct canvas *cv, const struct view_calibrate *c)
{
    int label = type_px(cv, TYPE_LABEL), w = 0;
    for (int i = CAL_ZERO; i <= CAL_DONE; i++) {
        int t = text_width(cv, step_name(c, i), label, FONT_BOLD);
        w = t > w ? t : w;
    }
    return w + text_line_px(cv, label, FONT_BOLD) + canvas_px(cv, 0.012);
}

/* Each step on a line: a tick when done, a dot for the one now, the skipped one faint and
 * struck through ("right" when the weight went once in the middle). */
static void step_list(struct canvas *cv, SDL_Rect a, const struct view_calibrate *c)
{
    int label = type_px(cv, TYPE_LABEL);
    int row_h = text_line_px(cv, label, FONT_BOLD);
    for (int i = CAL_ZERO; i <= CAL_DONE; i++) {
        SDL_Rect r = rect_cut_top(&a, row_h);
        bool skipped = i == CAL_RIGHT && c->middle;
        bool done = (int)c->step > i || (i == CAL_DONE && c->saved);
        bool now = (int)c->step == i && !done;
        SDL_Rect mark = rect_cut_left(&r, row_h);
        rect_cut_left(&r, canvas_px(cv, 0.012));
        if (done && !skipped)
            draw_tick(cv, rect_inset(mark, row_h / 5), canvas_px(cv, 0.006), COL_GO);
        else if (now)
            draw_disc(cv, mark.x + mark.w / 2, mark.y + mark.h / 2, row_h / 5, COL_ACCENT);
        SDL_Rect drawn = draw_text(cv, r, step_name(c, i), label, now ? FONT_BOLD : FONT_REGULAR,
                                   skipped ? COL_FAINT
                                   : now   ? COL_TEXT
                                           : COL_DIM,
                                   ALIGN_LEFT);
        if (skipped)
            draw_fill(cv, (SDL_Rect){drawn.x, drawn.y + drawn.h / 2, drawn.w, 2}, COL_FAINT);
    }
}

/* Where a narrow panel has no column for the list: the step now, in words. */
static int step_line(struct canvas *cv, SDL_Rect *a, const struct view_calibrate *c)
{
    char no[16], line[96];
    int at = (int)c->step < CAL_DONE ? (int)c->step : CAL_DONE;
    snprintf(no, sizeof no, "%d", at + 1);
    const char *args[2] = {no, step_name(c, at)};
    i18n_phrase(line, sizeof line, N_("Step %s of 5: %s"), args, 2);
    int label = type_px(cv, TYPE_LABEL);
    int h = text_wrap_lines(cv, line, label, FONT_BOLD, a->w) * text_line_px(cv, label, FONT_BOLD);
    draw_text_wrap(cv, rect_cut_top(a, h), line, label, FONT_BOLD, COL_DIM, ALIGN_LEFT);
    return h;
}

/* Wrapped text at px cut from the top of *a, as tall as its lines; left out (and counted
 * so) when *a has no room for them. */
static void wrapped(struct canvas *cv, SDL_Rect *a, const char *str, int px,
                    enum font_weight weight, SDL_Color c)
{
    int h = text_wrap_lines(cv, str, px, weight, a->w) * text_line_px(cv, px, weight);
    if (h > a->h) {
        cv->stats.omitted++;
        return;
    }
    draw_text_wrap(cv, rect_cut_top(a, h), str, px, weight, c, ALIGN_LEFT);
}

/* The load as the current calibration reads it, whether Capture can take it (in words as
 * well as colour), and the cells' counts. */
static void live_lines(struct canvas *cv, SDL_Rect *a, const struct view_calibrate *c)
{
    char line[128], num[32];
    i18n_fixed(num, sizeof num, in_unit(c, c->live_g), 2);
    snprintf(line, sizeof line, "%s %s", num, unit(c));
    const char *state = c->fault    ? _("Plate fault")
                        : c->ready  ? _("Steady \xE2\x80\x94 ready")
                        : c->stable ? _("Steady\xE2\x80\xA6")
                                    : _("Moving\xE2\x80\xA6");
    SDL_Color col = c->fault ? COL_STOP : c->ready ? COL_GO : COL_CAUTION;
    int title = type_px(cv, TYPE_TITLE), body = type_px(cv, TYPE_BODY);
    int gap = canvas_px(cv, 0.02);
    int rw = text_width(cv, line, title, FONT_BOLD), sw = text_width(cv, state, body, FONT_BOLD);
    int line_h = text_line_px(cv, title, FONT_BOLD);
    if (rw + gap + sw <= a->w) { /* reading and state side by side */
        SDL_Rect r = rect_cut_top(a, line_h);
        draw_text(cv, rect_cut_left(&r, rw), line, title, FONT_BOLD, COL_TEXT, ALIGN_LEFT);
        rect_cut_left(&r, gap);
        draw_text(cv, r, state, body, FONT_BOLD, col, ALIGN_LEFT);
    } else {
        draw_text(cv, rect_cut_top(a, line_h), line, title, FONT_BOLD, COL_TEXT, ALIGN_LEFT);
        draw_text(cv, rect_cut_top(a, text_line_px(cv, body, FONT_BOLD)), state, body, FONT_BOLD,
                  col, ALIGN_LEFT);
    }
    if (c->fault && c->fault_msg && c->fault_msg[0])
        snprintf(line, sizeof line, "%s", c->fault_msg);
    else {
        char l[16], r_[16];
        snprintf(l, sizeof l, "%d", (int)c->raw[PLATE_LEFT]);
        snprintf(r_, sizeof r_, "%d", (int)c->raw[PLATE_RIGHT]);
        i18n_phrase(line, sizeof line, N_("counts  left %s   right %s"),
                    (const char *const[]){l, r_}, 2);
    }
    wrapped(cv, a, line, type_px(cv, TYPE_LABEL), FONT_REGULAR, COL_DIM);
}

/* The weight as its row shows it: "20 kg". */
static void weight_text(const struct view_calibrate *c, char *out, size_t n)
{
    snprintf(out, n, "%d %s", c->weight, unit(c));
}

/* Width of the weight between its steppers in a row w wide: what it takes at the title
 * size, or what the four steppers leave (it steps down to fit). */
static int weight_w(struct canvas *cv, int w, const struct view_calibrate *c)
{
    char t[32];
    weight_text(c, t, sizeof t);
    int gap = canvas_px(cv, 0.012);
    int want = text_width(cv, t, type_px(cv, TYPE_TITLE), FONT_BOLD) + 2 * gap;
    int left = w - 4 * target_px(cv) - 4 * gap;
    return want < left ? want : left;
}

/* The width Sides and Middle each need at the label size. */
static int where_w(struct canvas *cv, int w)
{
    int sides_w = button_width(cv, _("Sides"), 0, w),
        middle_w = button_width(cv, _("Middle"), 0, w);
    return sides_w > middle_w ? sides_w : middle_w;
}

/* Whether the steppers and Sides / Middle share one row w wide. */
static bool weight_one_row(struct canvas *cv, int w, const struct view_calibrate *c)
{
    int gap = canvas_px(cv, 0.012);
    int used = 4 * target_px(cv) + 4 * gap + weight_w(cv, w, c) + 2 * gap;
    return w - used >= 2 * where_w(cv, w) + gap;
}

/* The known weight and where it goes, chosen before it is on the plate: the steppers with
 * the weight between them, then Sides and Middle beside them when the row holds all, else
 * on a row of their own. */
static void weight_rows(struct canvas *cv, SDL_Rect r, const struct session_view *v)
{
    const struct view_calibrate *c = &v->trainer.cal;
    static const int deltas[4] = {-5, -1, 1, 5};
    static const char *const labels[4] = {"\xE2\x88\x92"
                                          "5",
                                          "\xE2\x88\x92"
                                          "1",
                                          "+1", "+5"};
    int gap = canvas_px(cv, 0.012), bw = target_px(cv);
    char w[32];
    weight_text(c, w, sizeof w);
    int ww = weight_w(cv, r.w, c);
    bool one_row = weight_one_row(cv, r.w, c);
    SDL_Rect row = rect_cut_top(&r, target_px(cv));
    for (int i = 0; i < 2; i++) {
        draw_button(cv, rect_cut_left(&row, bw), labels[i], BUTTON_PLAIN, ACTION_CAL_WEIGHT,
                    deltas[i], view_can(v, ACTION_CAL_WEIGHT, deltas[i]));
        rect_cut_left(&row, gap);
    }
    draw_text(cv, rect_cut_left(&row, ww), w, type_px(cv, TYPE_TITLE), FONT_BOLD, COL_TEXT,
              ALIGN_CENTER);
    for (int i = 2; i < 4; i++) {
        rect_cut_left(&row, gap);
        draw_button(cv, rect_cut_left(&row, bw), labels[i], BUTTON_PLAIN, ACTION_CAL_WEIGHT,
                    deltas[i], view_can(v, ACTION_CAL_WEIGHT, deltas[i]));
    }
    SDL_Rect where = row;
    if (one_row)
        rect_cut_left(&where, 2 * gap);
    else {
        rect_cut_top(&r, gap);
        where = rect_cut_top(&r, target_px(cv));
    }
    draw_button(cv, rect_column(where, 2, 0, gap), _("Sides"),
                c->middle ? BUTTON_QUIET : BUTTON_SELECTED, ACTION_CAL_MIDDLE, 0,
                view_can(v, ACTION_CAL_MIDDLE, 0));
    draw_button(cv, rect_column(where, 2, 1, gap), _("Middle"),
                c->middle ? BUTTON_SELECTED : BUTTON_QUIET, ACTION_CAL_MIDDLE, 1,
                view_can(v, ACTION_CAL_MIDDLE, 1));
}

/* The check's error against the weight: within 1 % in green, else amber; the words say
 * how far off either way. */
static void check_line(struct canvas *cv, SDL_Rect *a, const struct view_calibrate *c)
{
    char line[160];
    double pct = c->weight_g > 0 ? 100.0 * c->residual_g / c->weight_g : 0;
    char off[32], p_[32];
    snprintf(off, sizeof off, "%+.2f", in_unit(c, c->residual_g));
    snprintf(p_, sizeof p_, "%+.1f", pct);
    i18n_phrase(line, sizeof line, N_("Check reads %s %s off (%s %%)"),
                (const char *const[]){off, unit(c), p_}, 3);
    wrapped(cv, a, line, type_px(cv, TYPE_BODY), FONT_BOLD,
            pct < 1.0 && pct > -1.0 ? COL_GO : COL_CAUTION);
}

/* The scale and zero found: the audit keeps them, so a small panel shows them only where
 * there is room left. */
static void result_lines(struct canvas *cv, SDL_Rect *a, const struct view_calibrate *c)
{
    char line[160];
    int label = type_px(cv, TYPE_LABEL);
    char l[32], r_[32];
    snprintf(l, sizeof l, "%.6g", c->result.g_per_count[PLATE_LEFT]);
    snprintf(r_, sizeof r_, "%.6g", c->result.g_per_count[PLATE_RIGHT]);
    i18n_phrase(line, sizeof line, N_("Scale  left %s  right %s g/count"),
                (const char *const[]){l, r_}, 2);
    wrapped(cv, a, line, label, FONT_REGULAR, COL_TEXT);
    snprintf(l, sizeof l, "%d", (int)c->result.offset[PLATE_LEFT]);
    snprintf(r_, sizeof r_, "%d", (int)c->result.offset[PLATE_RIGHT]);
    i18n_phrase(line, sizeof line, N_("Zero  left %s  right %s counts"),
                (const char *const[]){l, r_}, 2);
    wrapped(cv, a, line, label, FONT_REGULAR, COL_TEXT);
}

/* Whether the step's line fits over the instruction and the live reading in a (a short
 * landscape panel with a long instruction has no room for all three). */
static bool step_line_fits(struct canvas *cv, SDL_Rect a, const struct view_calibrate *c,
                           const char *instruction_text)
{
    int label = type_px(cv, TYPE_LABEL), body = type_px(cv, TYPE_BODY);
    int title = type_px(cv, TYPE_TITLE), gap = canvas_px(cv, 0.012);
    int need = text_line_px(cv, label, FONT_BOLD) + gap +
               text_wrap_lines(cv, instruction_text, body, FONT_BOLD, a.w) *
                   text_line_px(cv, body, FONT_BOLD) +
               gap;
    if (c->step != CAL_DONE)
        need += text_line_px(cv, title, FONT_BOLD);
    return need <= a.h;
}

/* Cancel, Capture and Save a third of the row each where their words fit; on a narrow
 * panel Capture takes a row of its own over Cancel and Save. */
static void bottom_rows(struct canvas *cv, SDL_Rect *a, const struct session_view *v)
{
    const struct view_calibrate *c = &v->trainer.cal;
    int gap = canvas_px(cv, 0.012);
    const char *back = c->saved ? _("Done") : _("Cancel");
    const char *take = c->step == CAL_ZERO ? _("Take zero") : _("Take reading");
    /* each as wide as its words need at the label size (two lines for Capture's), the
     * rest shared */
    int need[3] = {button_width(cv, back, target_px(cv), a->w), 0,
                   button_width(cv, _("Save"), target_px(cv), a->w)};
    need[1] = button_width(cv, take, target_px(cv), a->w);
    if (strchr(take, ' ')) { /* two lines: its longer half */
        int half = button_width(cv, strchr(take, ' ') + 1, target_px(cv), a->w);
        char first[64];
        snprintf(first, sizeof first, "%.*s", (int)(strchr(take, ' ') - take), take);
        int w1 = button_width(cv, first, target_px(cv), a->w);
        need[1] = half > w1 ? half : w1;
    }
    int sum = need[0] + need[1] + need[2] + 2 * gap;
    bool one_row = sum <= a->w;
    SDL_Rect row = rect_cut_bottom(a, target_px(cv));
    SDL_Rect back_r, take_r = {0, 0, 0, 0}, save_r;
    if (one_row) {
        int extra = (a->w - sum) / 3;
        back_r = rect_cut_left(&row, need[0] + extra);
        rect_cut_left(&row, gap);
        save_r = rect_cut_right(&row, need[2] + extra);
        rect_cut_right(&row, gap);
        take_r = row;
    } else {
        back_r = rect_column(row, 2, 0, gap);
        save_r = rect_column(row, 2, 1, gap);
        if (c->step != CAL_DONE) {
            rect_cut_bottom(a, gap);
            take_r = rect_cut_bottom(a, target_px(cv));
        }
    }
    draw_button(cv, back_r, back, BUTTON_QUIET, ACTION_BACK, 0, view_can(v, ACTION_BACK, 0));
    if (c->step != CAL_DONE)
        draw_button(cv, take_r, take, BUTTON_PRIMARY, ACTION_CAL_CAPTURE, 0,
                    view_can(v, ACTION_CAL_CAPTURE, 0));
    draw_button(cv, save_r, _("Save"), BUTTON_PRIMARY, ACTION_CAL_SAVE, 0,
                view_can(v, ACTION_CAL_SAVE, 0));
}

/* What the check or the save said, in the reader's language: the core's English format
 * translated and filled, a percentage in the language's decimals (a translation that takes
 * other arguments gives the English). */
static const char *cal_msg(const struct view_calibrate *c, char *buf, size_t len)
{
    if (!c->msg_fmt)
        return c->msg;
    char pct[16];
    if (c->msg_pct >= 0)
        i18n_fixed(pct, sizeof pct, c->msg_pct, 1);
    const char *args[1] = {c->msg_pct >= 0 ? pct : c->msg_arg};
    i18n_phrase(buf, len, c->msg_fmt, args, 1);
    return buf;
}

void screen_calibrate(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    const struct view_calibrate *c = &v->trainer.cal;
    SDL_Rect a = cv->area;
    draw_header(cv, &a, _("Calibrate the plate"), v->name);
    a = rect_inset(a, canvas_px(cv, 0.02));
    int gap = canvas_px(cv, 0.012);
    bottom_rows(cv, &a, v);
    rect_cut_bottom(&a, gap);
    /* the weight is chosen before it is on the plate, its buttons at the bottom (shown, not
     * taking taps, until the result: what was chosen stays in view) */
    if (c->step != CAL_DONE) {
        int h = weight_one_row(cv, a.w, c) ? target_px(cv) : 2 * target_px(cv) + gap;
        weight_rows(cv, rect_cut_bottom(&a, h), v);
        rect_cut_bottom(&a, gap);
    }
    /* the steps as a list in a column of their own where the panel has room for it beside
     * the rest, else the step now in a line over it */
    char text[160];
    instruction(c, text, sizeof text);
    int list_w = step_list_w(cv, c);
    if (list_w <= a.w * 2 / 5) {
        step_list(cv, rect_cut_left(&a, list_w), c);
        rect_cut_left(&a, 2 * gap);
    } else if (step_line_fits(cv, a, c, text)) {
        step_line(cv, &a, c);
        rect_cut_top(&a, gap);
    } else {
        cv->stats.omitted++; /* the instruction says what to do now */
    }
    /* in order of need: what to do, what the last capture or save said, the check's
     * error, the live reading while a capture waits, then the numbers found */
    wrapped(cv, &a, text, type_px(cv, TYPE_BODY), FONT_BOLD, COL_TEXT);
    rect_cut_top(&a, gap);
    char said[256];            /* the longest reason, in Spanish with its number, is 183 bytes */
    if (c->msg && c->msg[0]) { /* why a solve or a save failed, the check's verdict, saved */
        const char *msg = cal_msg(c, said, sizeof said);
        int body = type_px(cv, TYPE_BODY);
        int h = text_wrap_lines(cv, msg, body, FONT_BOLD, a.w) * text_line_px(cv, body, FONT_BOLD);
        SDL_Rect m = rect_cut_bottom(&a, h < a.h ? h : a.h);
        wrapped(cv, &m, msg, body, FONT_BOLD, c->failed ? COL_STOP : COL_TEXT);
        rect_cut_bottom(&a, gap);
    }
    if (c->solved && c->step == CAL_DONE)
        check_line(cv, &a, c);
    if (c->step != CAL_DONE) {
        live_lines(cv, &a, c);
        rect_cut_top(&a, gap);
    }
    if (c->solved)
        result_lines(cv, &a, c);
}
