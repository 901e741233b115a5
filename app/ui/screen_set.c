/* Set: live bar load, rep count, the tempo cue of the bar's phase, per-rep speed. */
#include <stdio.h>
#include <stdlib.h>

#include "screens.h"

#define US_PER_MS 1000

static void tempo_cue(struct canvas *cv, SDL_Rect box, const struct session_view *v)
{
    enum rep_phase ph = v->lift.phase;
    const int *tempo = v->lift.tempo_ms;
    int target_ms = v->lift.phase_target_ms;
    const char *word;
    SDL_Color c;
    switch (ph) {
    case REP_PHASE_ECCENTRIC:
        word = "DOWN";
        c = COL_ACCENT;
        break;
    case REP_PHASE_BOTTOM:
        word = "HOLD";
        c = COL_TEXT;
        break;
    case REP_PHASE_CONCENTRIC:
        word = "UP";
        c = COL_GO;
        break;
    case REP_PHASE_TOP:
    default:
        word = "READY"; /* the load side says when to unrack */
        c = COL_TEXT;
        break;
    }
    draw_panel(cv, box, COL_PANEL, COL_FAINT);
    SDL_Rect in = rect_inset(box, canvas_px(cv, 0.015));
    SDL_Rect bar = rect_cut_bottom(&in, canvas_px(cv, 0.04));
    char cue[32];
    if (target_ms > 0)
        snprintf(cue, sizeof cue, "%s %g s", word, target_ms / 1000.0);
    else
        snprintf(cue, sizeof cue, "%s", word);
    SDL_Rect side = rect_cut_right(&in, in.w * 2 / 5);
    draw_text(cv, in, cue, canvas_px(cv, 0.12), FONT_BOLD, c, ALIGN_LEFT);
    int64_t into_us = v->lift.phase_into_us;
    if (target_ms > 0) {
        /* the seconds counted in this phase, so the lifter can pace against the cue */
        char secs[16];
        snprintf(secs, sizeof secs, "%.1f s", into_us / 1e6);
        draw_text(cv, side, secs, canvas_px(cv, 0.08), FONT_BOLD, COL_DIM, ALIGN_RIGHT);
    } else {
        char conv[64];
        snprintf(conv, sizeof conv, "tempo %g-%g-%g-%g", tempo[0] / 1000.0, tempo[1] / 1000.0,
                 tempo[2] / 1000.0, tempo[3] / 1000.0);
        draw_text(cv, side, conv, canvas_px(cv, 0.04), FONT_REGULAR, COL_DIM, ALIGN_RIGHT);
    }
    draw_progress(cv, bar, target_ms > 0 ? (double)into_us / ((double)target_ms * US_PER_MS) : 0,
                  c);
}

static void split_bar(struct canvas *cv, SDL_Rect box, const struct session_view *v)
{
    int left = v->lift.set->left_pct;
    bool uneven = v->lift.split_uneven;
    SDL_Color c = uneven ? COL_CAUTION : COL_ACCENT;
    int px = canvas_px(cv, 0.04);
    char l[32], r[32];
    /* the heavier side carries a warning sign when the split is beyond the limit */
    snprintf(l, sizeof l, "%sL %d%%", uneven && left > 50 ? "\xE2\x9A\xA0 " : "", left);
    snprintf(r, sizeof r, "R %d%%%s", 100 - left, uneven && left < 50 ? " \xE2\x9A\xA0" : "");
    int lw = text_width(cv, "\xE2\x9A\xA0 L 100%", px, FONT_BOLD);
    SDL_Rect lr = rect_cut_left(&box, lw);
    SDL_Rect rr = rect_cut_right(&box, lw);
    draw_text(cv, lr, l, px, FONT_BOLD, uneven ? c : COL_TEXT, ALIGN_LEFT);
    draw_text(cv, rr, r, px, FONT_BOLD, uneven ? c : COL_TEXT, ALIGN_RIGHT);
    SDL_Rect bar = rect_centre(box, box.w - 2 * canvas_px(cv, 0.015), box.h / 2);
    draw_progress(cv, bar, left / 100.0, c);
    draw_fill(cv, (SDL_Rect){bar.x + bar.w / 2 - 1, bar.y - bar.h / 3, 3, bar.h * 5 / 3},
              COL_WHITE);
}

void screen_set(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    const struct live_set *set = v->lift.set;
    const struct plan *p = v->lift.plan;
    bool on_plate = v->lift.set_exercise ? v->lift.set_exercise->on_plate : true;
    char title[96];
    const char *ex_name = v->lift.set_exercise ? v->lift.set_exercise->name : "Set";
    snprintf(title, sizeof title, "%s \xC2\xB7 set %d of %d", ex_name, set->planned + 1,
             p->n_sets > 0 ? p->n_sets : 1);
    SDL_Rect a = cv->area;
    draw_header(cv, &a, title, v->name);
    a = rect_inset(a, canvas_px(cv, 0.025));

    SDL_Rect bottom = rect_cut_bottom(&a, canvas_px(cv, 0.12));
    rect_cut_bottom(&a, canvas_px(cv, 0.015));
    draw_button(cv, rect_cut_left(&bottom, bottom.w * 7 / 20), "Pain \xE2\x80\x94 stop",
                BUTTON_DANGER, ACTION_PAIN_STOP, 0, view_can(v, ACTION_PAIN_STOP, 0));
    if (!on_plate)
        draw_button(cv, rect_cut_right(&bottom, bottom.w * 2 / 5), "End set", BUTTON_PLAIN,
                    ACTION_END_SET, 0, view_can(v, ACTION_END_SET, 0));
    /* a device that stopped answering: say what no longer works, not just that it failed */
    const char *fault = !v->bar_connected ? "\xE2\x9A\xA0 Bar unit not connected: reps are "
                                            "not counted"
                        : v->plate_fault && v->plate_fault_msg[0] ? v->plate_fault_msg
                        : v->plate_fault ? "\xE2\x9A\xA0 Plate not answering: load not measured"
                                         : NULL;
    if (fault) {
        rect_cut_left(&bottom, canvas_px(cv, 0.03));
        draw_text_wrap(cv, bottom, fault, canvas_px(cv, 0.04), FONT_BOLD, COL_CAUTION, ALIGN_LEFT);
    }

    /* left: load and reps, the numbers read from across the rack */
    SDL_Rect left = rect_cut_left(&a, a.w * 2 / 5);
    rect_cut_left(&a, canvas_px(cv, 0.03));
    char kg[24], target[48], tkg[24];
    format_kg(tkg, sizeof tkg, set->target_g);
    snprintf(target, sizeof target, "Target %s \xC3\x97 %d", tkg, set->target_reps);
    draw_text(cv, rect_cut_top(&left, canvas_px(cv, 0.05)), "On the bar", canvas_px(cv, 0.042),
              FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    SDL_Rect load_r = rect_cut_top(&left, canvas_px(cv, 0.16));
    if (set->load_known) {
        (set->declared ? format_kg : format_measured_kg)(kg, sizeof kg, set->load_g);
        draw_text(cv, load_r, kg, canvas_px(cv, 0.15), FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    } else {
        draw_text(cv, load_r, "Unrack the bar", canvas_px(cv, 0.085), FONT_BOLD, COL_CAUTION,
                  ALIGN_LEFT);
    }
    draw_text(cv, rect_cut_top(&left, canvas_px(cv, 0.06)), target, canvas_px(cv, 0.05),
              FONT_REGULAR, COL_TEXT, ALIGN_LEFT);
    rect_cut_top(&left, canvas_px(cv, 0.03));
    draw_text(cv, rect_cut_top(&left, canvas_px(cv, 0.05)), "Reps", canvas_px(cv, 0.042),
              FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    char reps[24];
    snprintf(reps, sizeof reps, "%d / %d", set->n_reps, set->target_reps);
    draw_text(cv, rect_cut_top(&left, canvas_px(cv, 0.2)), reps, canvas_px(cv, 0.19), FONT_BOLD,
              set->n_reps >= set->target_reps && set->target_reps > 0 ? COL_GO : COL_TEXT,
              ALIGN_LEFT);

    /* right: the cue, the speed of each rep, balance and flags */
    tempo_cue(cv, rect_cut_top(&a, canvas_px(cv, 0.2)), v);
    rect_cut_top(&a, canvas_px(cv, 0.02));
    int flag_px = canvas_px(cv, 0.038);
    int flag_lines = set->n_flags < 2 ? set->n_flags : 2;
    SDL_Rect flags = rect_cut_bottom(&a, flag_lines * flag_px * 3 / 2);
    SDL_Rect split = rect_cut_bottom(&a, canvas_px(cv, 0.07));
    rect_cut_bottom(&a, canvas_px(cv, 0.01));
    draw_velocity_bars(cv, a, set->reps, set->n_reps);
    if (set->bar_held || set->load_known)
        split_bar(cv, split, v);
    if (flag_lines > 0)
        draw_set_flags(cv, flags, set->flags, set->n_flags, flag_px);
}
