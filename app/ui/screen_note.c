/*
 * A short note typed on an on-screen keyboard to acknowledge a flag: the note so far, three
 * rows of nine keys (letters, or digits and punctuation, from the core's session_note_key),
 * and Cancel, the other layer, Space, erase and Save along the bottom. Every key is a
 * finger wide on both panels.
 */
#include <stdio.h>

#include "i18n.h"
#include "screens.h"

#define KEY_COLS 9
#define KEY_ROWS (NOTE_KEYS / KEY_COLS)

static void note_line(struct canvas *cv, SDL_Rect r, const struct session_view *v)
{
    draw_fill(cv, r, COL_PANEL);
    draw_frame(cv, r, canvas_px(cv, 0.004), COL_DIM);
    SDL_Rect in = rect_inset(r, canvas_px(cv, 0.012));
    char shown[NOTE_TYPED_MAX + 8];
    snprintf(shown, sizeof shown, "%s_", v->trainer.note);
    SDL_Rect count = rect_cut_right(&in, in.w / 8);
    draw_text(
        cv, in,
        v->trainer.note_len > 0
            ? shown
            : (v->trainer.note_clear ? _("Type the reason to clear the lifter to lift\xE2\x80\xA6")
                                     : _("Type a short note\xE2\x80\xA6")),
        canvas_px(cv, 0.045), FONT_BOLD, v->trainer.note_len > 0 ? COL_TEXT : COL_DIM, ALIGN_LEFT);
    char n[16];
    snprintf(n, sizeof n, "%d/%d", v->trainer.note_len, v->trainer.note_max);
    draw_text(cv, count, n, canvas_px(cv, 0.032), FONT_REGULAR, COL_DIM, ALIGN_RIGHT);
}

void draw_note_keys(struct canvas *cv, SDL_Rect a, const struct session_view *v)
{
    int gap = canvas_px(cv, 0.01);
    int px = canvas_px(cv, 0.05);
    for (int i = 0; i < NOTE_KEYS; i++) {
        SDL_Rect row = rect_row(a, KEY_ROWS, i / KEY_COLS, gap);
        draw_button_px(cv, rect_column(row, KEY_COLS, i % KEY_COLS, gap),
                       session_note_key(v->trainer.note_layer, i), px, BUTTON_PLAIN,
                       ACTION_NOTE_KEY, i, view_can(v, ACTION_NOTE_KEY, i));
    }
}

static void bottom_row(struct canvas *cv, SDL_Rect row, const struct session_view *v)
{
    int gap = canvas_px(cv, 0.012);
    int w = (row.w - 4 * gap) / 6;
    draw_button(cv, rect_cut_left(&row, w), _("Cancel"), BUTTON_QUIET, ACTION_BACK, 0,
                view_can(v, ACTION_BACK, 0));
    rect_cut_left(&row, gap);
    int other = v->trainer.note_layer == 0 ? 1 : 0;
    draw_button(cv, rect_cut_left(&row, w), other ? "123" : "abc", BUTTON_PLAIN, ACTION_NOTE_LAYER,
                other, view_can(v, ACTION_NOTE_LAYER, other));
    rect_cut_left(&row, gap);
    draw_button(cv, rect_cut_right(&row, w * 3 / 2), _("Save"), BUTTON_PRIMARY, ACTION_NOTE_SAVE, 0,
                view_can(v, ACTION_NOTE_SAVE, 0));
    rect_cut_right(&row, gap);
    draw_button(cv, rect_cut_right(&row, w), "\xE2\x8C\xAB", BUTTON_PLAIN, ACTION_NOTE_ERASE, 0,
                view_can(v, ACTION_NOTE_ERASE, 0));
    rect_cut_right(&row, gap);
    draw_button(cv, row, _("space"), BUTTON_PLAIN, ACTION_NOTE_SPACE, 0,
                view_can(v, ACTION_NOTE_SPACE, 0));
}

void screen_note(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    const struct flag_view *f = v->trainer.open_flag;
    char title[NAME_MAX_LEN + 48];
    snprintf(title, sizeof title, v->trainer.note_clear ? _("Clear to lift: %s") : _("Note: %s"),
             f ? _(flag_kind_label(f->kind)) : _("flag"));
    draw_header(cv, &a, title, f ? f->member : v->name);
    a = rect_inset(a, canvas_px(cv, 0.02));
    int gap = canvas_px(cv, 0.012);
    bottom_row(cv, rect_cut_bottom(&a, target_px(cv)), v);
    rect_cut_bottom(&a, gap);
    note_line(cv, rect_cut_top(&a, canvas_px(cv, 0.085)), v);
    rect_cut_top(&a, gap);
    draw_note_keys(cv, a, v);
}
