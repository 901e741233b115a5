/* Attract: what the kiosk is and how to start. */
#include <stdio.h>

#include "screens.h"

/* A gap of `frac` of the canvas, in proportion to the room the screen has: a staff notice
 * across the top takes some of it (ui.c), and the lines keep their size, not the gaps. */
static int gap_px(struct canvas *cv, double frac)
{
    return canvas_px(cv, frac) * cv->area.h / cv->h;
}

void screen_attract(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    SDL_Rect a = rect_inset(cv->area, canvas_px(cv, 0.04));
    rect_cut_top(&a, (int)((long)a.h * cv->area.h / cv->h / 10));
    /* the name gives way first when a staff notice takes a quarter of the screen */
    int name_px = type_px(cv, cv->area.h * 4 < cv->h * 3 ? TYPE_TITLE : TYPE_FIGURE);
    draw_text(cv, rect_cut_top(&a, text_line_px(cv, name_px, FONT_BOLD)), "rackside", name_px,
              FONT_BOLD, COL_TEXT, ALIGN_CENTER);
    const char *what = _("Squat rack coach");
    int body_px = type_px(cv, TYPE_BODY);
    int what_lines = text_wrap_lines(cv, what, body_px, FONT_REGULAR, a.w) > 1 ? 2 : 1;
    draw_text_wrap(cv, rect_cut_top(&a, what_lines * text_line_px(cv, body_px, FONT_REGULAR)), what,
                   body_px, FONT_REGULAR, COL_DIM, ALIGN_CENTER);
    rect_cut_top(&a, gap_px(cv, 0.06));

    /* a badge card outline beside the call to action (portrait: over it, the words
     * wrapped rather than shrunk) */
    SDL_Rect cta = rect_cut_top(&a, gap_px(cv, 0.14));
    int card_h = cta.h, card_w = card_h * 3 / 2;
    const char *cta_text = _("Tap your badge to start");
    int cta_px = type_px(cv, TYPE_TITLE);
    int text_w = text_width(cv, cta_text, cta_px, FONT_BOLD);
    int gap = canvas_px(cv, 0.03);
    bool stacked = canvas_portrait(cv);
    if (text_w > cta.w - card_w - gap)
        text_w = cta.w - card_w - gap;
    SDL_Rect row =
        stacked ? rect_centre(cta, card_w, cta.h) : rect_centre(cta, card_w + gap + text_w, cta.h);
    SDL_Rect card = rect_cut_left(&row, card_w);
    draw_panel(cv, rect_inset(card, card_h / 10), COL_PANEL_HI, COL_ACCENT);
    SDL_Rect chip = rect_inset(card, card_h / 10);
    draw_fill(cv, (SDL_Rect){chip.x + chip.w / 8, chip.y + chip.h / 4, chip.w / 4, chip.h / 4},
              COL_CAUTION);
    for (int i = 0; i < 3; i++)
        draw_ring(cv, chip.x + chip.w * 3 / 4, chip.y + chip.h / 2, chip.h * (i + 1) / 9,
                  canvas_px(cv, 0.004), COL_ACCENT);
    if (stacked) {
        rect_cut_top(&a, gap);
        int lines = text_wrap_lines(cv, cta_text, cta_px, FONT_BOLD, a.w) > 1 ? 2 : 1;
        draw_text_wrap(cv, rect_cut_top(&a, lines * text_line_px(cv, cta_px, FONT_BOLD)), cta_text,
                       cta_px, FONT_BOLD, COL_GO, ALIGN_CENTER);
    } else {
        rect_cut_left(&row, gap);
        draw_text(cv, row, cta_text, cta_px, FONT_BOLD, COL_GO, ALIGN_LEFT);
    }
    rect_cut_top(&a, gap_px(cv, 0.05));

    if (v->banner[0]) {
        char text[NOTE_MAX_LEN];
        const char *banner = view_notice_text(v, v->banner, text, sizeof text);
        int px = type_px(cv, TYPE_BODY);
        int w = a.w * 9 / 10, pad = canvas_px(cv, 0.015);
        int lines = text_wrap_lines(cv, banner, px, FONT_BOLD, w - 2 * pad);
        int most = canvas_portrait(cv) ? 4 : 2; /* a narrow panel takes more lines */
        lines = lines < 1 ? 1 : lines > most ? most : lines;
        SDL_Rect b = rect_cut_top(&a, lines * text_line_px(cv, px, FONT_BOLD) + 2 * pad);
        b = rect_centre(b, w, b.h);
        draw_panel(cv, b, COL_PANEL, COL_CAUTION);
        draw_text_wrap(cv, rect_inset(b, pad), banner, px, FONT_BOLD, COL_CAUTION, ALIGN_CENTER);
    }
    if (sim && sim->no_trainer) {
        SDL_Rect b = rect_cut_top(&a, canvas_px(cv, 0.17));
        b = rect_centre(b, b.w * 9 / 10, b.h);
        draw_panel(cv, b, COL_PANEL, COL_CAUTION);
        draw_text_wrap(cv, rect_inset(b, canvas_px(cv, 0.015)),
                       _("No trainer yet. Staff: at the kiosk's console run\n"
                         "rackside-ctl member add \"NAME\" --trainer   then   "
                         "rackside-ctl badge add UID \"NAME\""),
                       type_px(cv, TYPE_LABEL), FONT_REGULAR, COL_TEXT, ALIGN_CENTER);
    }
    if (sim && sim->active) {
        SDL_Rect hint = rect_cut_bottom(&a, canvas_px(cv, canvas_portrait(cv) ? 0.24 : 0.12));
        /* the demo trainer's PIN only where the demo members were seeded */
        draw_text_wrap(cv, hint,
                       sim->demo_members ? _("Simulation: press 1 or 2 for a demo lifter, 9 for "
                                             "the trainer (PIN 2468)\nH lists every key")
                                         : _("Simulation\nH lists every key"),
                       type_px(cv, TYPE_LABEL), FONT_REGULAR, COL_ACCENT, ALIGN_CENTER);
    }
}
