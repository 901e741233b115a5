/*
 * Out of service: the whole screen when the kiosk cannot run safely (a bad settings
 * file, a database it cannot open, a device the service needs that is not there). It
 * says what is wrong, where, and what staff should do, in that order, and that the
 * kiosk keeps trying by itself. Nothing on it can be touched.
 */
#include <stdio.h>
#include <string.h>

#include "../core/phrase.h"
#include "screens.h"

#define FAULT_WORD_ROOM_PCT 95 /* of the width a word may take before a path breaks */

/*
 * text with a line break after a '/' in each word wider than w at px (a path to a file
 * breaks at a folder rather than shrinking the whole section). Returns buf.
 */
static const char *paths_broken(struct canvas *cv, const char *text, int px, int w, char *buf,
                                size_t n)
{
    size_t len = 0;
    int room = w * FAULT_WORD_ROOM_PCT / 100;
    for (const char *p = text; *p && len + 2 < n;) {
        size_t word = strcspn(p, " \n");
        char piece[UI_FAULT_TEXT_MAX];
        size_t from = 0;
        while (from < word && len + 2 < n) {
            /* the longest run of the word up to a '/' that fits, else the rest */
            size_t take = word - from, cut = 0;
            for (size_t i = from; i < word; i++) {
                if (p[i] != '/')
                    continue;
                snprintf(piece, sizeof piece, "%.*s", (int)(i + 1 - from), p + from);
                if (text_width(cv, piece, px, FONT_REGULAR) <= room)
                    cut = i + 1 - from;
            }
            snprintf(piece, sizeof piece, "%.*s", (int)take, p + from);
            if (cut > 0 && cut < take && text_width(cv, piece, px, FONT_REGULAR) > room)
                take = cut;
            size_t k = take < n - 2 - len ? take : n - 2 - len;
            memcpy(buf + len, p + from, k);
            len += k;
            from += take;
            if (from < word)
                buf[len++] = '\n';
        }
        p += word;
        if (*p && len + 2 < n)
            buf[len++] = *p++;
    }
    buf[len] = '\0';
    return buf;
}

/* The label and its sentence beside it where both fit on one line ("WHERE  /etc/...").*/
static bool section_one_line(struct canvas *cv, const char *label, const char *text, int w, int px)
{
    return text_width(cv, label, type_px(cv, TYPE_LABEL), FONT_BOLD) + mm_px(cv, 3) +
               text_width(cv, text, px, FONT_REGULAR) <=
           w;
}

/* The text's height in width w at px, with paths broken at a folder where they must be. */
static int text_h(struct canvas *cv, const char *text, int w, int px)
{
    char broken[UI_FAULT_TEXT_MAX + 16];
    text = paths_broken(cv, text, px, w, broken, sizeof broken);
    return text_wrap_lines(cv, text, px, FONT_REGULAR, w) * text_line_px(cv, px, FONT_REGULAR);
}

/* Where the panel is short (hang), a label whose text takes fewer lines beside it than
 * under it keeps a column of its own at the left: its width then, else 0. */
static int hang_w(struct canvas *cv, const char *label, const char *text, int w, int px, bool hang)
{
    if (!hang)
        return 0;
    int col = text_width(cv, label, type_px(cv, TYPE_LABEL), FONT_BOLD) + mm_px(cv, 3);
    int line = text_line_px(cv, type_px(cv, TYPE_LABEL), FONT_BOLD);
    int beside = text_h(cv, text, w - col, px);
    return col < w / 2 && (beside > line ? beside : line) < line + text_h(cv, text, w, px) ? col
                                                                                           : 0;
}

/* The height a section takes in width w with its text at px: its label's line, the text's. */
static int section_h(struct canvas *cv, const char *label, const char *text, int w, int px,
                     bool hang)
{
    int line = text_line_px(cv, type_px(cv, TYPE_LABEL), FONT_BOLD);
    int text_line = text_line_px(cv, px, FONT_REGULAR);
    if (section_one_line(cv, label, text, w, px))
        return line > text_line ? line : text_line;
    int col = hang_w(cv, label, text, w, px, hang);
    if (col > 0) {
        int beside = text_h(cv, text, w - col, px);
        return beside > line ? beside : line;
    }
    return line + text_h(cv, text, w, px);
}

static void section(struct canvas *cv, SDL_Rect *a, const char *label, const char *text, int px,
                    int gap, bool hang)
{
    int label_px = type_px(cv, TYPE_LABEL);
    SDL_Rect box = rect_cut_top(a, section_h(cv, label, text, a->w, px, hang));
    int col =
        section_one_line(cv, label, text, box.w, px) ? 0 : hang_w(cv, label, text, box.w, px, hang);
    char broken[UI_FAULT_TEXT_MAX + 16];
    text = paths_broken(cv, text, px, box.w - col, broken, sizeof broken);
    if (section_one_line(cv, label, text, box.w, px)) {
        int w = text_width(cv, label, label_px, FONT_BOLD);
        draw_text(cv, rect_cut_left(&box, w), label, label_px, FONT_BOLD, COL_CAUTION, ALIGN_LEFT);
        rect_cut_left(&box, mm_px(cv, 3));
        draw_text(cv, box, text, px, FONT_REGULAR, COL_TEXT, ALIGN_LEFT);
    } else if (col > 0) {
        SDL_Rect left = rect_cut_left(&box, col);
        draw_text(cv, rect_cut_top(&left, text_line_px(cv, label_px, FONT_BOLD)), label, label_px,
                  FONT_BOLD, COL_CAUTION, ALIGN_LEFT);
        draw_text_wrap(cv, box, text, px, FONT_REGULAR, COL_TEXT, ALIGN_LEFT);
    } else {
        draw_text(cv, rect_cut_top(&box, text_line_px(cv, label_px, FONT_BOLD)), label, label_px,
                  FONT_BOLD, COL_CAUTION, ALIGN_LEFT);
        draw_text_wrap(cv, box, text, px, FONT_REGULAR, COL_TEXT, ALIGN_LEFT);
    }
    rect_cut_top(a, gap);
}

/* The three sections' height in width w at px with gap between them. */
static int sections_h(struct canvas *cv, const struct ui_fault *f, int w, int px, int gap,
                      bool hang)
{
    return section_h(cv, _("WHAT IS WRONG"), f->what, w, px, hang) +
           section_h(cv, _("WHERE"), f->where, w, px, hang) +
           section_h(cv, _("WHAT TO DO"), f->todo, w, px, hang) + 2 * gap;
}

void screen_fault(struct canvas *cv, const struct ui_fault *f)
{
    SDL_Rect a = cv->area;
    int title_px = type_px(cv, TYPE_TITLE), label_px = type_px(cv, TYPE_LABEL);
    int pad = canvas_px(cv, 0.02), margin = canvas_px(cv, 0.035), gap = canvas_px(cv, 0.02);
    const char *title = _("Out of service \xE2\x80\x94 do not lift");
    const char *staff = _("The rack's safety checks are not running. Staff: see below.");
    char line[96], secs[16];
    i18n_int(secs, sizeof secs, f->retry_s);
    const char *retry_args[] = {secs};
    if (f->retry_s > 0)
        i18n_phrase(line, sizeof line, N_("Trying again in %s s. Stack light: amber."), retry_args,
                    1);
    else
        snprintf(line, sizeof line, "%s", _("Trying again now. Stack light: amber."));
    /* each on more lines where the panel is narrow, rather than shrunk */
    int title_h = text_wrap_lines(cv, title, title_px, FONT_BOLD, a.w - 2 * pad) *
                  text_line_px(cv, title_px, FONT_BOLD);
    int staff_h = text_wrap_lines(cv, staff, label_px, FONT_REGULAR, a.w - 2 * pad) *
                  text_line_px(cv, label_px, FONT_REGULAR);
    int w = a.w - 2 * margin;
    int foot_h = text_wrap_lines(cv, line, label_px, FONT_REGULAR, w) *
                 text_line_px(cv, label_px, FONT_REGULAR);
    /* the sentences at the body size; where the panel is short, at the label size, and then
     * without the band's second line (its title already says not to lift) */
    int room = a.h - title_h - staff_h - 2 * pad - 2 * margin - foot_h;
    int px = type_px(cv, TYPE_BODY);
    if (sections_h(cv, f, w, px, gap, false) > room)
        px = label_px;
    if (sections_h(cv, f, w, px, gap, false) > room) {
        staff_h = 0;
        room += text_wrap_lines(cv, staff, label_px, FONT_REGULAR, a.w - 2 * pad) *
                text_line_px(cv, label_px, FONT_REGULAR);
    }
    if (sections_h(cv, f, w, px, gap, false) > room) { /* and then with narrower margins */
        room += 2 * (margin - pad);
        w += 2 * (margin - pad);
        margin = pad;
        gap = pad / 2;
    }
    /* and last with the labels beside their sentences where that saves a line */
    bool hang = sections_h(cv, f, w, px, gap, false) > room;
    /* amber band with words: colour never says it alone */
    SDL_Rect band = rect_cut_top(&a, title_h + staff_h + 2 * pad);
    draw_fill(cv, band, COL_CAUTION);
    SDL_Rect in = rect_inset(band, pad);
    draw_text_wrap(cv, rect_cut_top(&in, title_h), title, title_px, FONT_BOLD, COL_BLACK,
                   ALIGN_LEFT);
    if (staff_h > 0)
        draw_text_wrap(cv, in, staff, label_px, FONT_REGULAR, COL_BLACK, ALIGN_LEFT);

    a = rect_inset(a, margin);
    SDL_Rect foot = rect_cut_bottom(&a, foot_h);
    section(cv, &a, _("WHAT IS WRONG"), f->what, px, gap, hang);
    section(cv, &a, _("WHERE"), f->where, px, gap, hang);
    section(cv, &a, _("WHAT TO DO"), f->todo, px, gap, hang);
    draw_text_wrap(cv, foot, line, label_px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    /* a modal blocker: a touch anywhere does nothing */
    canvas_add_target(cv, (SDL_Rect){0, 0, cv->w, cv->h}, ACTION_NONE, 0, false);
}

void ui_fault_settings(struct ui_fault *f, const char *path, int line, int more,
                       const struct phrase_said *what)
{
    char detail[UI_FAULT_TEXT_MAX], at[16], n_more[16];
    i18n_said(detail, sizeof detail, what);
    i18n_int(at, sizeof at, line);
    i18n_int(n_more, sizeof n_more, more);
    const char *where_args[] = {path, at, n_more};
    /* what is wrong alone: where names the settings file, the footer says it tries again */
    snprintf(f->what, sizeof f->what, "%s", detail);
    if (line > 0 && more > 0)
        i18n_phrase_plural(f->where, sizeof f->where, "%s, line %s (and %s more problem)",
                           "%s, line %s (and %s more problems)", (unsigned long)more, where_args,
                           3);
    else if (line > 0)
        i18n_phrase(f->where, sizeof f->where, N_("%s, line %s"), where_args, 2);
    else
        snprintf(f->where, sizeof f->where, "%s", path);
    snprintf(f->todo, sizeof f->todo, "%s", _("Fix that line, or put back the shipped file."));
}

void ui_fault_said(struct ui_fault *f, const struct phrase_said *title,
                   const struct phrase_said *detail, const struct phrase_said *where,
                   const struct phrase_said *fix)
{
    char t[UI_FAULT_TEXT_MAX], d[UI_FAULT_TEXT_MAX];
    i18n_said(t, sizeof t, title);
    i18n_said(d, sizeof d, detail);
    const char *args[] = {t, d};
    phrase_fill(f->what, sizeof f->what, "%s %s", args, 2);
    i18n_said(f->where, sizeof f->where, where);
    i18n_said(f->todo, sizeof f->todo, fix);
}

/* A line across the top of any screen: a problem staff should know of that does not stop
 * the kiosk (settings not used, records waiting to be saved, a device missing). It takes its
 * own room (the screen is laid out under it), so it never hides what the screen says: on the
 * stop screen the word STOP stays whole. As many lines of the label size as it takes, five at
 * the most (a longer one ends in "…"). */
#define KIOSK_NOTICE_LINES_MAX 5
int staff_notice_height(struct canvas *cv, const char *text)
{
    int px = type_px(cv, TYPE_LABEL), pad = canvas_px(cv, 0.01);
    int lines = text_wrap_lines(cv, text, px, FONT_BOLD, cv->w - 2 * pad);
    lines = lines < 1 ? 1 : lines > KIOSK_NOTICE_LINES_MAX ? KIOSK_NOTICE_LINES_MAX : lines;
    return lines * text_line_px(cv, px, FONT_BOLD) + 2 * pad;
}

void staff_notice(struct canvas *cv, const char *text, SDL_Rect strip)
{
    int px = type_px(cv, TYPE_LABEL), pad = canvas_px(cv, 0.01);
    draw_fill(cv, strip, COL_CAUTION);
    draw_text_wrap(cv, rect_inset(strip, pad), text, px, FONT_BOLD, COL_BLACK, ALIGN_LEFT);
}
