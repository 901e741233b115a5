/*
 * The on-screen keyboard of the note and of enrolment: the layer's keys (session_note_key),
 * the other layers, space, erase, the page's way back and its way on. Every key is a
 * finger wide: nine columns where the panel holds them, fewer on a narrow one (a 7" turned
 * to portrait holds five), rows balanced so they are nearly full. Where the bottom row
 * cannot hold every key with its word, it keeps back and on, and one key stepping through
 * the layers, space and erase go after the last letter.
 */
#include <limits.h>

#include "screens.h"

#define KEY_COLS_MOST 9

static const char *const layer_names[NOTE_LAYERS] = {"abc", "123", "\xC3\xA1\xC3\xBC"};
static const char space_sign[] = "\xE2\x90\xA3"; /* ␣ where the word does not fit */

struct key_plan {
    int cols, rows;
    bool narrow;      /* one layer key, space and erase among the letters; back and on below */
    int back_w, on_w; /* the bottom's words, as wide as they need */
};

static int gap_px(const struct canvas *cv)
{
    return canvas_px(cv, 0.01);
}

static int need_w(struct canvas *cv, const char *label)
{
    int w = button_width(cv, label, 0, INT_MAX);
    return w > target_px(cv) ? w : target_px(cv);
}

static struct key_plan plan_keys(struct canvas *cv, int w, const struct keyboard_words *k)
{
    struct key_plan p = {0};
    int gap = gap_px(cv), t = target_px(cv);
    int fit = (w + gap) / (t + gap);
    fit = fit > KEY_COLS_MOST ? KEY_COLS_MOST : fit < 1 ? 1 : fit;
    p.rows = (NOTE_KEYS + fit - 1) / fit;
    p.cols = (NOTE_KEYS + p.rows - 1) / p.rows;
    p.back_w = need_w(cv, k->back);
    p.on_w = need_w(cv, k->on);
    /* back, on, two layers, erase and at least a target of space */
    p.narrow = p.back_w + p.on_w + 4 * t + 5 * gap > w;
    if (p.narrow && p.rows * p.cols - NOTE_KEYS < 3)
        p.rows++; /* a row of its own for the layer key, space and erase */
    return p;
}

int keyboard_min_px(struct canvas *cv, int w, const struct keyboard_words *k)
{
    struct key_plan p = plan_keys(cv, w, k);
    return (p.rows + 1) * (target_px(cv) + gap_px(cv));
}

int typed_line_px(struct canvas *cv)
{
    int line = text_line_px(cv, type_px(cv, TYPE_BODY), FONT_BOLD) + 2 * canvas_px(cv, 0.014);
    int want = canvas_px(cv, 0.085);
    return line > want ? line : want;
}

static void layer_key(struct canvas *cv, SDL_Rect r, const struct session_view *v, int layer)
{
    draw_button(cv, r, layer_names[layer], BUTTON_PLAIN, ACTION_NOTE_LAYER, layer,
                view_can(v, ACTION_NOTE_LAYER, layer));
}

static void space_erase(struct canvas *cv, SDL_Rect r, const struct session_view *v, int erase_w,
                        int gap, const char *space)
{
    draw_button(cv, rect_cut_right(&r, erase_w), "\xE2\x8C\xAB", BUTTON_PLAIN, ACTION_NOTE_ERASE, 0,
                view_can(v, ACTION_NOTE_ERASE, 0));
    rect_cut_right(&r, gap);
    draw_button(cv, r, need_w(cv, space) <= r.w ? space : space_sign, BUTTON_PLAIN,
                ACTION_NOTE_SPACE, 0, view_can(v, ACTION_NOTE_SPACE, 0));
}

void draw_keyboard(struct canvas *cv, SDL_Rect a, const struct session_view *v,
                   const struct keyboard_words *k)
{
    struct key_plan p = plan_keys(cv, a.w, k);
    int gap = gap_px(cv), t = target_px(cv);
    SDL_Rect row = rect_cut_bottom(&a, t);
    rect_cut_bottom(&a, gap);
    if (p.narrow) /* back and on share the row */
        p.back_w = p.on_w = (row.w - gap) / 2;
    draw_button(cv, rect_cut_left(&row, p.back_w), k->back, BUTTON_QUIET, ACTION_BACK, 0,
                view_can(v, ACTION_BACK, 0));
    rect_cut_left(&row, gap);
    draw_button(cv, rect_cut_right(&row, p.on_w), k->on, BUTTON_PRIMARY, k->on_action, 0,
                view_can(v, k->on_action, 0));
    rect_cut_right(&row, gap);
    int layer = v->trainer.note_layer;
    if (!p.narrow) {
        for (int l = 0; l < NOTE_LAYERS; l++)
            if (l != layer) {
                layer_key(cv, rect_cut_left(&row, t), v, l);
                rect_cut_left(&row, gap);
            }
        space_erase(cv, row, v, t, gap, k->space);
    }

    /* the letters: rows at least a finger high, taller when the page has room */
    int px = type_px(cv, TYPE_BODY);
    for (int i = 0; i < NOTE_KEYS; i++) {
        SDL_Rect r = rect_row(a, p.rows, i / p.cols, gap);
        draw_button_px(cv, rect_column(r, p.cols, i % p.cols, gap), session_note_key(layer, i), px,
                       BUTTON_PLAIN, ACTION_NOTE_KEY, i, view_can(v, ACTION_NOTE_KEY, i));
    }
    if (p.narrow) { /* the next layer, space and erase after the last letter */
        int used = NOTE_KEYS % p.cols;
        int last_row = NOTE_KEYS / p.cols;
        if (used == 0 || p.cols - used < 3) /* a row of their own */
            used = 0, last_row = p.rows - 1;
        SDL_Rect r = rect_row(a, p.rows, last_row, gap);
        SDL_Rect first = rect_column(r, p.cols, used, gap);
        r.w = r.x + r.w - first.x;
        r.x = first.x;
        layer_key(cv, rect_cut_left(&r, first.w), v, (layer + 1) % NOTE_LAYERS);
        rect_cut_left(&r, gap);
        space_erase(cv, r, v, first.w, gap, k->space);
    }
}
