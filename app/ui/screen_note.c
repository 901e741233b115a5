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
    if (v->trainer.note_len > 0) {
        draw_text(cv, in, from, type_px(cv, TYPE_BODY), FONT_BOLD, COL_TEXT, ALIGN_LEFT);
        return;
    }
    /* the hint whole: the sentence, else the sentence smaller, else its short form */
    const char *hints[2] = {
        v->trainer.note_clear ? _("Type the reason to clear the lifter to lift\xE2\x80\xA6")
                              : _("Type a short note\xE2\x80\xA6"),
        v->trainer.note_clear ? _("Type the reason\xE2\x80\xA6") : _("Type a note\xE2\x80\xA6")};
    const struct {
        enum type_role role;
        enum font_weight weight;
    } sizes[] = {{TYPE_BODY, FONT_BOLD}, {TYPE_LABEL, FONT_REGULAR}};
    for (int h = 0; h < 2; h++)
        for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
            int px = type_px(cv, sizes[z].role);
            bool last = h == 1 && z == sizeof sizes / sizeof sizes[0] - 1;
            if (text_width(cv, hints[h], px, sizes[z].weight) <= in.w || last) {
                draw_text(cv, in, hints[h], px, sizes[z].weight, COL_DIM, ALIGN_LEFT);
                return;
            }
        }
}

/* The title says what the note is for and on which flag, the lifter beside it: the flag's
 * kind, then the lifter's surname give way (first name and initial) where they do not fit
 * (the flag's page, one tap back, has both). */
static void note_header(struct canvas *cv, SDL_Rect *a, const struct session_view *v)
{
    const struct flag_view *f = v->trainer.open_flag;
    bool clear = v->trainer.note_clear;
    char full[NAME_MAX_LEN + 48], shortened[NAME_MAX_LEN];
    const char *kind[] = {f ? _(flag_kind_label(f->kind)) : _("flag")};
    i18n_phrase(full, sizeof full, clear ? N_("Clear to lift: %s") : N_("Note: %s"), kind, 1);
    const char *who = f ? f->member : v->name;
    display_name(shortened, sizeof shortened, who);
    const char *titles[2] = {full, clear ? _("Clear to lift") : _("Note")};
    const char *whos[2] = {who, shortened};
    for (int t = 0; t < 2; t++)
        for (int w = 0; w < 2; w++)
            if (header_holds(cv, a->w, titles[t], whos[w]) || (t == 1 && w == 1)) {
                draw_header(cv, a, titles[t], whos[w]);
                return;
            }
}

void screen_note(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim)
{
    (void)sim;
    SDL_Rect a = cv->area;
    note_header(cv, &a, v);
    a = rect_inset(a, canvas_px(cv, 0.015));
    int gap = canvas_px(cv, 0.01);
    note_line(cv, rect_cut_top(&a, typed_line_px(cv)), v);
    rect_cut_top(&a, gap);
    const struct keyboard_words k = {_("Cancel"), _("Save"), _("space"), ACTION_NOTE_SAVE};
    draw_keyboard(cv, a, v, &k);
}
