/*
 * The trainer's Calibrate page: empty the plate and take the zero, set a known weight over
 * the left cells then the right ones (or once in the middle), then somewhere else for a
 * check; the live reading and whether the plate is steady beside the steps; the result,
 * its check residual, Save and Cancel. The core (trainer_cal.c) decides every step.
 */
#include <stdio.h>

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

static void step_list(struct canvas *cv, SDL_Rect a, const struct view_calibrate *c)
{
    static const char *const names[] = {N_("Zero (empty plate)"), N_("Weight on the left"),
                                        N_("Weight on the right"), N_("Check"), N_("Result")};
    int row_h = canvas_px(cv, 0.07);
    int px = canvas_px(cv, 0.036);
    for (int i = CAL_ZERO; i <= CAL_DONE; i++) {
        SDL_Rect r = rect_cut_top(&a, row_h);
        const char *name = i == CAL_LEFT && c->middle ? _("Weight in the middle") : _(names[i]);
        bool skipped = i == CAL_RIGHT && c->middle;
        bool done = (int)c->step > i || (i == CAL_DONE && c->saved);
        bool now = (int)c->step == i && !done;
        SDL_Rect mark = rect_cut_left(&r, row_h);
        if (done && !skipped)
            draw_tick(cv, rect_inset(mark, row_h / 4), canvas_px(cv, 0.006), COL_GO);
        else if (now)
            draw_disc(cv, mark.x + mark.w / 2, mark.y + mark.h / 2, row_h / 6, COL_ACCENT);
        draw_text(cv, r, name, px, now ? FONT_BOLD : FONT_REGULAR,
                  skipped ? COL_FAINT
                  : now   ? COL_TEXT
                          : COL_DIM,
                  ALIGN_LEFT);
    }
}

/* The load as the current calibration reads it, and whether Capture can take it. */
static void live_box(struct canvas *cv, SDL_Rect r, const struct view_calibrate *c)
{
    draw_panel(cv, r, COL_PANEL, COL_FAINT);
    SDL_Rect in = rect_inset(r, canvas_px(cv, 0.015));
    char line[128], num[32];
    i18n_fixed(num, sizeof num, in_unit(c, c->live_g), 2);
    snprintf(line, sizeof line, "%s %s", num, unit(c));
    draw_text(cv, rect_cut_top(&in, in.h * 2 / 5), line, canvas_px(cv, 0.07), FONT_BOLD, COL_TEXT,
              ALIGN_LEFT);
    const char *state = c->fault    ? _("Plate fault")
                        : c->ready  ? _("Steady \xE2\x80\x94 ready")
                        : c->stable ? _("Steady\xE2\x80\xA6")
                                    : _("Moving\xE2\x80\xA6");
    SDL_Color col = c->fault ? COL_STOP : c->ready ? COL_GO : COL_CAUTION;
    draw_text(cv, rect_cut_top(&in, in.h / 2), state, canvas_px(cv, 0.045), FONT_BOLD, col,
              ALIGN_LEFT);
    if (c->fault && c->fault_msg && c->fault_msg[0])
        snprintf(line, sizeof line, "%s", c->fault_msg);
    else {
        char l[16], r_[16];
        snprintf(l, sizeof l, "%d", (int)c->raw[PLATE_LEFT]);
        snprintf(r_, sizeof r_, "%d", (int)c->raw[PLATE_RIGHT]);
        i18n_phrase(line, sizeof line, N_("counts  left %s   right %s"),
                    (const char *const[]){l, r_}, 2);
    }
    draw_text(cv, in, line, canvas_px(cv, 0.03), FONT_REGULAR, COL_DIM, ALIGN_LEFT);
}

/* The known weight and where it goes: chosen before it is on the plate. */
static void weight_row(struct canvas *cv, SDL_Rect r, const struct session_view *v)
{
    const struct view_calibrate *c = &v->trainer.cal;
    static const int deltas[4] = {-5, -1, 1, 5};
    static const char *const labels[4] = {"\xE2\x88\x92"
                                          "5",
                                          "\xE2\x88\x92"
                                          "1",
                                          "+1", "+5"};
    int gap = canvas_px(cv, 0.01);
    int bw = r.w / 9;
    for (int i = 0; i < 2; i++) {
        draw_button(cv, rect_cut_left(&r, bw), labels[i], BUTTON_PLAIN, ACTION_CAL_WEIGHT,
                    deltas[i], view_can(v, ACTION_CAL_WEIGHT, deltas[i]));
        rect_cut_left(&r, gap);
    }
    char w[32];
    snprintf(w, sizeof w, "%d %s", c->weight, unit(c));
    draw_text(cv, rect_cut_left(&r, bw * 2), w, canvas_px(cv, 0.05), FONT_BOLD, COL_TEXT,
              ALIGN_CENTER);
    for (int i = 2; i < 4; i++) {
        rect_cut_left(&r, gap);
        draw_button(cv, rect_cut_left(&r, bw), labels[i], BUTTON_PLAIN, ACTION_CAL_WEIGHT,
                    deltas[i], view_can(v, ACTION_CAL_WEIGHT, deltas[i]));
    }
    rect_cut_left(&r, gap * 3);
    int half = (r.w - gap) / 2;
    draw_button(cv, rect_cut_left(&r, half), _("Sides"), c->middle ? BUTTON_QUIET : BUTTON_SELECTED,
                ACTION_CAL_MIDDLE, 0, view_can(v, ACTION_CAL_MIDDLE, 0));
    rect_cut_left(&r, gap);
    draw_button(cv, r, _("Middle"), c->middle ? BUTTON_SELECTED : BUTTON_QUIET, ACTION_CAL_MIDDLE,
                1, view_can(v, ACTION_CAL_MIDDLE, 1));
}

static void result_box(struct canvas *cv, SDL_Rect r, const struct view_calibrate *c)
{
    if (!c->solved)
        return;
    char line[160];
    int px = canvas_px(cv, 0.032);
    int row = canvas_px(cv, 0.045);
    char l[32], r_[32];
    snprintf(l, sizeof l, "%.6g", c->result.g_per_count[PLATE_LEFT]);
    snprintf(r_, sizeof r_, "%.6g", c->result.g_per_count[PLATE_RIGHT]);
    i18n_phrase(line, sizeof line, N_("Scale  left %s  right %s g/count"),
                (const char *const[]){l, r_}, 2);
    draw_text(cv, rect_cut_top(&r, row), line, px, FONT_REGULAR, COL_TEXT, ALIGN_LEFT);
    snprintf(l, sizeof l, "%d", (int)c->result.offset[PLATE_LEFT]);
    snprintf(r_, sizeof r_, "%d", (int)c->result.offset[PLATE_RIGHT]);
    i18n_phrase(line, sizeof line, N_("Zero  left %s  right %s counts"),
                (const char *const[]){l, r_}, 2);
    draw_text(cv, rect_cut_top(&r, row), line, px, FONT_REGULAR, COL_TEXT, ALIGN_LEFT);
    if (c->step != CAL_DONE)
        return;
    double pct = c->weight_g > 0 ? 100.0 * c->residual_g / c->weight_g : 0;
    char off[32], p_[32];
    snprintf(off, sizeof off, "%+.2f", in_unit(c, c->residual_g));
    snprintf(p_, sizeof p_, "%+.1f", pct);
    i18n_phrase(line, sizeof line, N_("Check reads %s %s off (%s %%)"),
                (const char *const[]){off, unit(c), p_}, 3);
    draw_text(cv, rect_cut_top(&r, row), line, canvas_px(cv, 0.04), FONT_BOLD,
              pct < 1.0 && pct > -1.0 ? COL_GO : COL_CAUTION, ALIGN_LEFT);
}

void screen_calibrate(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    const struct view_calibrate *c = &v->trainer.cal;
    SDL_Rect a = cv->area;
    draw_header(cv, &a, _("Calibrate the plate"), v->name);
    a = rect_inset(a, canvas_px(cv, 0.025));
    SDL_Rect bottom = rect_cut_bottom(&a, canvas_px(cv, 0.12));
    rect_cut_bottom(&a, canvas_px(cv, 0.015));
    int gap = canvas_px(cv, 0.015);
    int bw = bottom.w / 4;
    draw_button(cv, rect_cut_left(&bottom, bw), c->saved ? _("Done") : _("Cancel"), BUTTON_QUIET,
                ACTION_BACK, 0, view_can(v, ACTION_BACK, 0));
    draw_button(cv, rect_cut_right(&bottom, bw), _("Save"), BUTTON_PRIMARY, ACTION_CAL_SAVE, 0,
                view_can(v, ACTION_CAL_SAVE, 0));
    rect_cut_right(&bottom, gap);
    if (c->step != CAL_DONE)
        draw_button(cv, rect_cut_right(&bottom, bw),
                    c->step == CAL_ZERO ? _("Take zero") : _("Take reading"), BUTTON_PRIMARY,
                    ACTION_CAL_CAPTURE, 0, view_can(v, ACTION_CAL_CAPTURE, 0));

    SDL_Rect left = rect_cut_left(&a, a.w / 3);
    rect_cut_left(&a, gap);
    step_list(cv, left, c);

    char text[160];
    instruction(c, text, sizeof text);
    draw_text_wrap(cv, rect_cut_top(&a, canvas_px(cv, 0.11)), text, canvas_px(cv, 0.04), FONT_BOLD,
                   COL_TEXT, ALIGN_LEFT);
    rect_cut_top(&a, gap);
    live_box(cv, rect_cut_top(&a, canvas_px(cv, 0.2)), c);
    rect_cut_top(&a, gap);
    weight_row(cv, rect_cut_top(&a, canvas_px(cv, 0.08)), v); /* disabled once it is on */
    rect_cut_top(&a, gap);
    if (c->msg && c->msg[0]) /* why a solve or a save failed, or that it saved */
        draw_text_wrap(cv, rect_cut_bottom(&a, canvas_px(cv, 0.09)), c->msg, canvas_px(cv, 0.034),
                       FONT_BOLD, c->failed ? COL_STOP : COL_GO, ALIGN_LEFT);
    result_box(cv, a, c);
}
