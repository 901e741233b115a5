/*
 * A short note typed on an on-screen keyboard to acknowledge a flag: the note so far, three
 * rows of nine keys (letters, or digits and punctuation, from the core's session_note_key),
 * and Cancel, the other layer, Space, erase and Save along the bottom. Every key is a
 * finger wide on both panels.
 */
#include <stdio.h>

#include "i18n.h"
#include "screens.h"

static void note_line(struct canvas *cv, SDL_Rect r, const struct session_view *v)
{
    draw_fill(cv, r, COL_PANEL);
    draw_frame(cv, r, canvas_px(cv, 0.004), COL_DIM);
    SDL_Rect in = rect_inset(r, canvas_px(cv, 0.012));
    char shown[NOTE_MAX_LEN + 8];
    snprintf(shown, sizeof shown, "%s_", v->trainer.note);
    char n[16];
    snprintf(n, sizeof n, "%d/%d", v->trainer.note_len, v->trainer.note_max);
    int label = type_px(cv, TYPE_LABEL);
    SDL_Rect count = rect_cut_right(&in, text_width(cv, "00/00", label, FONT_REGULAR));
    rect_cut_right(&in, canvas_px(cv, 0.012));
    draw_text(cv, count, n, label, FONT_REGULAR, COL_DIM, ALIGN_RIGHT);
    /* a note longer than the line shows its end, where the typing is */
    const char *from = shown;
    while (*from && text_width(cv, from, type_px(cv, TYPE_BODY), FONT_BOLD) > in.w) {
        from++;
        while ((*from & 0xC0) == 0x80)
            from++;
    }
    const char *hint = v->trainer.note_clear
                           ? _("Type the reason to clear the lifter to lift\xE2\x80\xA6")
                           : _("Type a short note\xE2\x80\xA6");
    draw_text(cv, in, v->trainer.note_len > 0 ? from : hint, type_px(cv, TYPE_BODY), FONT_BOLD,
              v->trainer.note_len > 0 ? COL_TEXT : COL_DIM, ALIGN_LEFT);
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
    a = rect_inset(a, canvas_px(cv, 0.015));
    int gap = canvas_px(cv, 0.01);
    note_line(cv, rect_cut_top(&a, typed_line_px(cv)), v);
    rect_cut_top(&a, gap);
    const struct keyboard_words k = {_("Cancel"), _("Save"), _("space"), ACTION_NOTE_SAVE};
    draw_keyboard(cv, a, v, &k);
}
