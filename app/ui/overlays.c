/* Drawn over any screen: the idle-logout countdown and, in simulation, the status strip and key
 * help. */
#include <stdio.h>

#include "screens.h"

#define SIM_STRIP_FRAC 0.05
#define DIM_ALPHA      215

/* The one list of simulation keys: the help overlay draws it (in the language in use) and
 * README repeats it. */
static const struct ui_sim_key sim_keys[] = {
    {"1 / 2", N_("tap a demo lifter's badge")},
    {"9", N_("tap the trainer badge (PIN 2468)")},
    {"0", N_("tap an unknown badge")},
    {"P", N_("step on / off the plate")},
    {"U", N_("unrack / rerack the bar")},
    {"R", N_("a clean rep")},
    {"F", N_("a rushed rep")},
    {"W", N_("a swinging rep")},
    {"L", N_("shift weight left / back to even")},
    {"B", N_("load a heavier bar (20 kg over the cap)")},
    {"D", N_("unplug / plug the bar unit")},
    {"H", N_("show / hide this help")},
    {"Esc", N_("quit")},
};

int ui_sim_keys(const struct ui_sim_key **keys)
{
    *keys = sim_keys;
    return (int)(sizeof sim_keys / sizeof sim_keys[0]);
}

static void dim_everything(struct canvas *cv)
{
    SDL_Color dim = COL_BLACK;
    dim.a = DIM_ALPHA;
    draw_fill(cv, (SDL_Rect){0, 0, cv->w, cv->h}, dim);
}

void overlay_idle(struct canvas *cv, const struct session_view *v)
{
    dim_everything(cv);
    /* portrait: nearly the whole width, so the words keep their size */
    bool tall = canvas_portrait(cv);
    SDL_Rect screen = {0, 0, cv->w, cv->h};
    SDL_Rect panel = tall ? rect_centre(screen, cv->w * 19 / 20, cv->h * 3 / 5)
                          : rect_centre(screen, cv->w * 3 / 4, cv->h * 4 / 5);
    draw_panel(cv, panel, COL_PANEL, COL_CAUTION);
    SDL_Rect in = rect_inset(panel, canvas_px(cv, 0.03));
    int title_px = type_px(cv, TYPE_TITLE), body_px = type_px(cv, TYPE_BODY);
    draw_text(cv, rect_cut_top(&in, text_line_px(cv, title_px, FONT_BOLD)), _("Still there?"),
              title_px, FONT_BOLD, COL_TEXT, ALIGN_CENTER);
    const char *stay = _("Tap anywhere to stay");
    int stay_lines = text_wrap_lines(cv, stay, body_px, FONT_REGULAR, in.w) > 1 ? 2 : 1;
    draw_text_wrap(cv, rect_cut_bottom(&in, stay_lines * text_line_px(cv, body_px, FONT_REGULAR)),
                   stay, body_px, FONT_REGULAR, COL_TEXT, ALIGN_CENTER);
    draw_text(cv, rect_cut_top(&in, text_line_px(cv, body_px, FONT_REGULAR)), _("Logging out in"),
              body_px, FONT_REGULAR, COL_CAUTION, ALIGN_CENTER);
    /* the seconds left are the key number: read from the rack */
    char secs[16];
    snprintf(secs, sizeof secs, "%d s", v->idle_seconds_left);
    draw_key_text(cv, in, secs, COL_CAUTION, ALIGN_CENTER);
    canvas_add_target(cv, (SDL_Rect){0, 0, cv->w, cv->h}, ACTION_TOUCH, 0, true);
}

void overlay_notice(struct canvas *cv, const struct session_view *v)
{
    int px = type_px(cv, TYPE_LABEL);
    bool takeover = view_can(v, ACTION_TAKEOVER, 0);
    int pad = canvas_px(cv, 0.012);
    char text[NOTE_MAX_LEN];
    const char *said = view_notice_text(v, v->notice, text, sizeof text);
    /* two lines, up to four on a narrow panel that needs them, at the label size */
    int lines = takeover ? 2 : text_wrap_lines(cv, said, px, FONT_BOLD, cv->area.w - 2 * pad);
    lines = lines < 2 ? 2 : lines > 4 ? 4 : lines;
    int h = takeover ? target_px(cv) + 2 * pad : lines * text_line_px(cv, px, FONT_BOLD) + 2 * pad;
    SDL_Rect bar = {cv->area.x, cv->area.y, cv->area.w, h};
    draw_panel(cv, bar, COL_PANEL, COL_CAUTION);
    SDL_Rect in = rect_inset(bar, pad);
    if (takeover) {
        SDL_Rect cancel = rect_cut_right(&in, in.w / 5);
        rect_cut_right(&in, pad);
        SDL_Rect take = rect_cut_right(&in, in.w / 4);
        rect_cut_right(&in, pad);
        draw_button(cv, take, _("Take over"), BUTTON_PRIMARY, ACTION_TAKEOVER, 0, true);
        draw_button(cv, cancel, _("Not now"), BUTTON_QUIET, ACTION_TAKEOVER_CANCEL, 0, true);
    }
    draw_text_wrap(cv, in, said, px, FONT_BOLD, COL_TEXT, ALIGN_LEFT);
}

int overlay_sim_strip_height(const struct canvas *cv, const struct ui_sim *sim)
{
    /* portrait: two rows, the devices' status on the second */
    int rows = canvas_portrait(cv) ? 2 : 1;
    return sim && sim->active ? rows * canvas_px(cv, SIM_STRIP_FRAC) : 0;
}

static const char *light_word(enum light l)
{
    switch (l) {
    case LIGHT_GREEN:
        return N_("GREEN go");
    case LIGHT_AMBER:
        return N_("AMBER caution");
    case LIGHT_RED:
        return N_("RED stop");
    case LIGHT_OFF:
        break;
    }
    return N_("light off");
}

static SDL_Color light_colour(enum light l)
{
    switch (l) {
    case LIGHT_GREEN:
        return COL_GO;
    case LIGHT_AMBER:
        return COL_CAUTION;
    case LIGHT_RED:
        return COL_STOP;
    case LIGHT_OFF:
        break;
    }
    return COL_FAINT;
}

/* One piece of the strip, left to right. */
static void strip_piece(struct canvas *cv, SDL_Rect *rest, const char *text, int px,
                        enum font_weight weight, SDL_Color c)
{
    int gap = canvas_px(cv, 0.03);
    int w = text_width(cv, text, px, weight);
    if (w > rest->w) { /* a narrow strip (portrait) leaves out what does not fit whole */
        rest->w = 0;
        return;
    }
    draw_text(cv, rect_cut_left(rest, w), text, px, weight, c, ALIGN_LEFT);
    rect_cut_left(rest, gap);
}

void overlay_sim_strip(struct canvas *cv, const struct ui_sim *sim, SDL_Rect strip)
{
    draw_fill(cv, strip, COL_PANEL);
    draw_fill(cv, (SDL_Rect){strip.x, strip.y, strip.w, canvas_px(cv, 0.003)}, COL_FAINT);
    SDL_Rect rest = rect_inset(strip, canvas_px(cv, 0.008));
    rest.x += canvas_px(cv, 0.01);
    rest.w -= canvas_px(cv, 0.02);
    /* (simulation only: the words as tall as the strip holds them) */
    int px = (canvas_portrait(cv) ? rest.h / 2 : rest.h) * 9 / 10;
    SDL_Rect status_row = rest;
    if (canvas_portrait(cv)) {
        status_row = rect_cut_bottom(&rest, rest.h / 2);
        if (sim->status)
            draw_text(cv, status_row, _(sim->status), px, FONT_REGULAR, COL_FAINT, ALIGN_LEFT);
    }
    const char *keys = _("H: keys");
    SDL_Rect help = rect_cut_right(&rest, text_width(cv, keys, px, FONT_BOLD));
    draw_text(cv, help, keys, px, FONT_BOLD, COL_ACCENT, ALIGN_RIGHT);
    strip_piece(cv, &rest, _("SIM"), px, FONT_BOLD, COL_ACCENT);
    int r = rest.h * 2 / 5;
    SDL_Rect dot = rect_cut_left(&rest, 2 * r + canvas_px(cv, 0.01));
    draw_disc(cv, dot.x + r, dot.y + dot.h / 2, r, light_colour(sim->light));
    draw_ring(cv, dot.x + r, dot.y + dot.h / 2, r, 1, COL_DIM);
    strip_piece(cv, &rest, _(light_word(sim->light)), px, FONT_BOLD, COL_TEXT);
    strip_piece(cv, &rest, sim->buzzer ? _("BUZZER ON") : _("buzzer off"), px,
                sim->buzzer ? FONT_BOLD : FONT_REGULAR, sim->buzzer ? COL_CAUTION : COL_DIM);
    strip_piece(cv, &rest, sim->on_plate ? _("on plate") : _("off plate"), px, FONT_REGULAR,
                COL_DIM);
    strip_piece(cv, &rest, sim->bar_held ? _("bar held") : _("bar racked"), px, FONT_REGULAR,
                COL_DIM);
    /* the devices' line last, whole or not at all */
    if (sim->status && rest.w > 0 && !canvas_portrait(cv) &&
        text_width(cv, _(sim->status), px, FONT_REGULAR) <= rest.w)
        draw_text(cv, rest, _(sim->status), px, FONT_REGULAR, COL_FAINT, ALIGN_LEFT);
}

void overlay_sim_help(struct canvas *cv)
{
    dim_everything(cv);
    SDL_Rect panel = rect_centre((SDL_Rect){0, 0, cv->w, cv->h}, cv->w * 17 / 20, cv->h * 17 / 20);
    draw_panel(cv, panel, COL_PANEL, COL_ACCENT);
    SDL_Rect in = rect_inset(panel, canvas_px(cv, 0.03));
    int title_px = type_px(cv, TYPE_TITLE);
    draw_text(cv, rect_cut_top(&in, text_line_px(cv, title_px, FONT_BOLD)), _("Simulation keys"),
              title_px, FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    rect_cut_top(&in, canvas_px(cv, 0.02));
    const struct ui_sim_key *keys;
    int n = ui_sim_keys(&keys);
    int per_col = (n + 1) / 2;
    int gap = canvas_px(cv, 0.03);
    int key_w = text_width(cv, "1 / 2", type_px(cv, TYPE_BODY), FONT_BOLD) + gap / 2;
    int what_w = rect_column(in, 2, 0, gap).w - key_w;
    /* one size for the whole table: the body size, smaller where a line or row needs it */
    int px = type_px(cv, TYPE_BODY);
    int row_h = rect_row(rect_column(in, 2, 0, gap), per_col, 0, canvas_px(cv, 0.01)).h;
    while (px > 1 && text_line_px(cv, px, FONT_BOLD) > row_h)
        px--;
    for (int i = 0; i < n; i++)
        while (px > 1 && text_width(cv, _(keys[i].what), px, FONT_REGULAR) > what_w)
            px--;
    for (int i = 0; i < n; i++) {
        SDL_Rect col = rect_column(in, 2, i / per_col, gap);
        SDL_Rect row = rect_row(col, per_col, i % per_col, canvas_px(cv, 0.01));
        SDL_Rect key = rect_cut_left(&row, key_w);
        draw_text(cv, key, keys[i].key, px, FONT_BOLD, COL_ACCENT, ALIGN_LEFT);
        draw_text(cv, row, _(keys[i].what), px, FONT_REGULAR, COL_TEXT, ALIGN_LEFT);
    }
    /* the help covers the screen: touches on it reach nothing underneath */
    canvas_add_target(cv, (SDL_Rect){0, 0, cv->w, cv->h}, ACTION_NONE, 0, false);
}
