/*
 * Drawing pieces shared by the screens: a canvas (renderer, fonts, text cache, the
 * touch targets of the frame being drawn), a dark gym theme, rectangle cutting for
 * proportional layout, and widgets (text that always fits its box, buttons, panels,
 * bars, thick lines, discs, polygons).
 *
 * Sizes are fractions of the window's short side (canvas_px) so one layout reads the same at
 * 1280x800 and 800x480, and in portrait (800x1280, 480x800).
 */
#ifndef WIDGETS_H
#define WIDGETS_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "../core/plate_loading.h"
#include "../core/session.h"
#include "i18n.h"
#include "type_scale.h"
#include "ui.h"

#define CANVAS_MAX_BUTTONS 96
#define CANVAS_MAX_TEXTS   256
#define CANVAS_MAX_PLOTS   8

enum font_weight { FONT_REGULAR, FONT_BOLD, FONT_WEIGHTS };

enum align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };

/* A touch target recorded while drawing; ui_hit looks them up on the last frame. */
struct button_rec {
    SDL_Rect r;
    enum action action;
    int arg;
    bool enabled;
};

struct text_entry; /* text cache slot, private to widgets.c */

struct canvas {
    SDL_Renderer *ren;
    int w, h;      /* output size in pixels */
    SDL_Rect area; /* where the screen lays out (the window minus the sim strip) */
    int layer;     /* overlays bump it: text on different layers may overlap */
    TTF_Font *font[FONT_WEIGHTS];
    int font_px[FONT_WEIGHTS];    /* size the font is set to now */
    void *font_map[FONT_WEIGHTS]; /* each font file, mapped: glyphs read without a syscall */
    size_t font_map_len[FONT_WEIGHTS];

    struct text_entry *cache;
    int *buckets; /* hash chains into cache */
    int cache_len, cache_cap;
    size_t cache_bytes; /* textures and strings held */
    uint64_t frame;
    int64_t now_us; /* the frame's time, set by the caller before canvas_begin */

    struct button_rec buttons[CANVAS_MAX_BUTTONS];
    int n_buttons;

    /* what each string drew, kept for the layout checks (ui_layout_texts) */
    struct text_box {
        SDL_Rect r;   /* pixels covered */
        SDL_Rect box; /* the box it was laid out in */
        int layer;
        int px;
        int weight;
        bool key; /* the screen's key number */
        char str[UI_TEXT_REC_MAX];
    } texts[CANVAS_MAX_TEXTS];
    int n_texts;
    SDL_Rect plots[CANVAS_MAX_PLOTS]; /* where each plot's marks go (ui_layout_plots) */
    int n_plots;
    struct ui_text_stats stats; /* this frame */

    struct type_scale type; /* set at each canvas_begin from the output size */
    double px_per_mm_asked; /* 0: from the panel size */
    bool large_text;        /* the larger-text mode (type_scale.h) */
    double cap_of_em;       /* the bold face's cap height per em, measured at open */
    bool drawing_key;
    int page;            /* the page a paged screen shows, chosen by hand; -1: the screen decides */
    enum rack_unit unit; /* loads are shown in the reader's unit (the view's) */
    enum rack_unit plate_unit; /* the rack's plates are named in the rack's unit */
    int text_floor_px;         /* > 0: no text drawn smaller (the trainer's screens: TYPE_LABEL) */
};

/* A touch target's arg at or above this, on ACTION_TOUCH, turns a screen's page (the UI's
 * own view state, never the session's): arg - UI_ARG_PAGE_BASE is the page. */
#define UI_ARG_PAGE_BASE 1000

/* Opens the two DejaVu faces from <assets_dir>/fonts. 0 ok, -1 with err filled. */
int canvas_open(struct canvas *cv, SDL_Renderer *ren, const char *assets_dir, char *err,
                size_t err_len);
void canvas_close(struct canvas *cv);
/* Cap height in pixels of a face at px, as the font renders an "H". */
int canvas_cap_px(struct canvas *cv, int weight, int px);
/* Starts a frame at the renderer's current output size; forgets last frame's buttons. */
void canvas_begin(struct canvas *cv);
/* Ends a frame: counts overlapping text, frees cached text not used lately. */
void canvas_end(struct canvas *cv);

/* A panel turned to portrait ([kiosk] orientation = portrait): screens stack what they
 * set side by side in landscape, so the key number keeps the whole width. */
bool canvas_portrait(const struct canvas *cv);
/* frac of the window's short side (its height in landscape), in pixels, at least 1. */
int canvas_px(const struct canvas *cv, double frac);
/* The font size for a role of the type scale, in pixels. */
int type_px(const struct canvas *cv, enum type_role role);
/* A screen's drawing, given what it shows (the session's view). */
typedef void (*screen_body_fn)(struct canvas *cv, const void *ctx);
/* Draws body with the key number at the type scale's size and, on the 7" where the screen
 * then leaves a line or label out, again a step smaller each time down to a floor
 * (TYPE_KEY_LEAST_CAP_MM_7IN): every line first, then the largest key number the panel holds
 * beside them; where even the floor leaves some out, the largest size that left out least.
 * The 10"'s key keeps its size. Returns the key's font px used. */
int draw_key_fitted(struct canvas *cv, screen_body_fn body, const void *ctx);
/* The smallest side of a touch target, in pixels (TOUCH_TARGET_MIN_MM on this panel). */
int target_px(const struct canvas *cv);
/* mm on this panel, in pixels. */
int mm_px(const struct canvas *cv, double mm);

/* ---- theme: high contrast on a dark ground; colour always comes with words ---- */
extern const SDL_Color COL_BG, COL_PANEL, COL_PANEL_HI, COL_TEXT, COL_DIM, COL_FAINT;
extern const SDL_Color COL_GO, COL_CAUTION, COL_STOP, COL_STOP_BG, COL_ACCENT, COL_WHITE;
extern const SDL_Color COL_BLACK;
SDL_Color colour_severity(enum severity sev);
SDL_Color colour_mix(SDL_Color a, SDL_Color b, double t); /* t 0: a, 1: b */
/* Black or white, whichever reads better on bg. */
SDL_Color colour_on(SDL_Color bg);

/* ---- rectangle cutting ---- */
SDL_Rect rect_cut_top(SDL_Rect *r, int h);
SDL_Rect rect_cut_bottom(SDL_Rect *r, int h);
SDL_Rect rect_cut_left(SDL_Rect *r, int w);
SDL_Rect rect_cut_right(SDL_Rect *r, int w);
SDL_Rect rect_inset(SDL_Rect r, int d);
/* Column i of n equal columns with gap between them. */
SDL_Rect rect_column(SDL_Rect r, int n, int i, int gap);
SDL_Rect rect_row(SDL_Rect r, int n, int i, int gap);
/* A w x h box centred in r. */
SDL_Rect rect_centre(SDL_Rect r, int w, int h);

/* ---- shapes ---- */
void draw_fill(struct canvas *cv, SDL_Rect r, SDL_Color c);
void draw_frame(struct canvas *cv, SDL_Rect r, int thick, SDL_Color c);
void draw_panel(struct canvas *cv, SDL_Rect r, SDL_Color fill, SDL_Color border);
/* A line thick pixels wide, drawn as parallel SDL_RenderDrawLine strokes. */
void draw_line(struct canvas *cv, int x0, int y0, int x1, int y1, int thick, SDL_Color c);
void draw_disc(struct canvas *cv, int cx, int cy, int r, SDL_Color c);
void draw_ring(struct canvas *cv, int cx, int cy, int r, int thick, SDL_Color c);
/* Convex polygon, filled. */
void draw_polygon(struct canvas *cv, const SDL_FPoint *pts, int n, SDL_Color c);
/* A bar filled to frac (0..1) from the left. */
void draw_progress(struct canvas *cv, SDL_Rect r, double frac, SDL_Color fill);
void draw_tick(struct canvas *cv, SDL_Rect r, int thick, SDL_Color c); /* a drawn ✓ */
/* Diagonal stripes over r: marks a bar as flagged by pattern, not colour alone. */
void draw_stripes(struct canvas *cv, SDL_Rect r, SDL_Color c);

/* ---- text ---- */
/*
 * Draws str inside box at px (shrinking down to a floor, then cutting with "…", so it
 * never leaves the box), aligned horizontally and centred vertically. Returns the
 * rectangle actually covered (w 0 for empty strings).
 */
SDL_Rect draw_text(struct canvas *cv, SDL_Rect box, const char *str, int px,
                   enum font_weight weight, SDL_Color c, enum align align);
/* Word-wrapped into box, top-aligned, shrinking until every line fits. Returns the height used. */
int draw_text_wrap(struct canvas *cv, SDL_Rect box, const char *str, int px,
                   enum font_weight weight, SDL_Color c, enum align align);
/* Height a key number at px takes (its cap height and a little room): lay out with it. */
int key_line_px(struct canvas *cv, int px);
/* The screen's key number (TYPE_KEY, bold, cropped to cap height and baseline; shrinks to
 * fit box): recorded as such for the layout checks. */
SDL_Rect draw_key_text(struct canvas *cv, SDL_Rect box, const char *str, SDL_Color c,
                       enum align align);
/* The same for another role's number (TYPE_FIGURE: the last rep's speed), cropped alike and
 * shrunk to fit box; only TYPE_KEY is recorded as the key. */
SDL_Rect draw_big_text(struct canvas *cv, SDL_Rect box, const char *str, enum type_role role,
                       SDL_Color c, enum align align);
/* Lines draw_text_wrap would take for str at px in width w (more than 12: too long). */
int text_wrap_lines(struct canvas *cv, const char *str, int px, enum font_weight weight, int w);
/* The lines draw_text_wrap would take for str at px in width w, joined by '\n' into out; a
 * sign ("\xE2\x9A\xA0") stays on the line of the word after it. Returns as text_wrap_lines. */
int text_wrap_split(struct canvas *cv, const char *str, int px, enum font_weight weight, int w,
                    char *out, size_t len);
/* Height of one wrapped line at px, as draw_text_wrap sets them. */
int text_line_px(struct canvas *cv, int px, enum font_weight weight);
/* Width of str at px (for laying out pieces side by side). */
int text_width(struct canvas *cv, const char *str, int px, enum font_weight weight);

/* ---- touch targets ---- */
enum button_style {
    BUTTON_PLAIN,    /* dark panel, light border */
    BUTTON_PRIMARY,  /* the main way on: green */
    BUTTON_DANGER,   /* red: pain - stop */
    BUTTON_SELECTED, /* a chosen option */
    BUTTON_QUIET,    /* secondary: outline only */
};
/* Draws a button and records it as a touch target; disabled ones look dim and hit nothing. */
void draw_button(struct canvas *cv, SDL_Rect r, const char *label, enum button_style style,
                 enum action action, int arg, bool enabled);
/* The same with the label's largest size given (a row of buttons that should match). */
void draw_button_px(struct canvas *cv, SDL_Rect r, const char *label, int px,
                    enum button_style style, enum action action, int arg, bool enabled);
/* The width of a button for label: share of a row, or what the label needs at the label
 * size (a longer word in another language), at most most_w. */
int button_width(struct canvas *cv, const char *label, int share_w, int most_w);
/* The height a button w wide needs to hold label whole at the label size, on as many lines
 * as it takes (at least a finger's target). */
int button_height(struct canvas *cv, const char *label, int w);
/* The narrowest a button h high holds label whole at the label size (two lines where it has
 * two words), at least a finger's target. */
int button_least_width(struct canvas *cv, const char *label, int h);
/* Buttons in order packed into rows of width w (gap between them), each at its least width:
 * first_of_row[r] is row r's first button, first_of_row[rows] = n. Returns the rows. */
int button_rows_pack(struct canvas *cv, const char *const labels[], int n, int w, int gap,
                     int first_of_row[]);
/* The widths of n buttons (n <= 16) sharing a row w wide: each at least its least width, the
 * room beyond given to those that would take it for one line, then shared out. */
void button_row_widths(struct canvas *cv, const char *const labels[], int n, int w, int gap,
                       int out[]);
/* A grid of buttons in equal columns, each row as tall as its longest label needs at the
 * label size (a finger's target at least). */
struct grid_button {
    const char *label;
    enum button_style style;
    enum action action;
    int arg;
    bool enabled;
};
/* The height n buttons take in cols columns of width w. */
int button_grid_h(struct canvas *cv, const struct grid_button *b, int n, int w, int cols);
/* The columns (n down to 1) that take the least height in width w. */
int button_grid_cols(struct canvas *cv, const struct grid_button *b, int n, int w);
/* Draws the grid from box's top; returns the height used. */
int draw_button_grid(struct canvas *cv, SDL_Rect box, const struct grid_button *b, int n, int cols);
/* Records where a plot's marks go (its data area, under its title and key, inside its
 * axes), for the layout checks of its least height. */
void canvas_add_plot(struct canvas *cv, SDL_Rect r);
/* A touch target without drawing (whole-screen "tap to stay", modal blockers). */
void canvas_add_target(struct canvas *cv, SDL_Rect r, enum action action, int arg, bool enabled);

/* ---- plots and lists shared by the set, rest and flag-detail screens ---- */
/* Bars of mean concentric velocity per rep (m/s), each numbered; rushed and momentum reps
 * striped and named under the bar where it fits. */
void draw_velocity_bars(struct canvas *cv, SDL_Rect box, const struct rep_result *reps, int n);
/* The same; untitled (titled false) under a line that already says what the bars are. */
/* Whether the bars of n reps keep their speeds over them in box (after any title). */
bool velocity_bars_fit(struct canvas *cv, SDL_Rect box, int n);
/* The least height the bars of n reps need in width w to keep their speeds. */
int velocity_bars_min_h(struct canvas *cv, int w, int n);
/* The least height the bars of n reps need in width w to keep every rep's number (the strip:
 * the bars over their numbers, no speeds). */
int velocity_bars_least_h(struct canvas *cv, int w, int n);
/* Whether draw_velocity_bars (titled) numbers every one of n reps in box. */
bool velocity_bars_numbered(struct canvas *cv, SDL_Rect box, int n);
void draw_velocity_bars_titled(struct canvas *cv, SDL_Rect box, const struct rep_result *reps,
                               int n, bool titled);
/* A flag's line as the set and rest screens list it: its severity in words and what was
 * seen, in the reader's language (core/flag_text.h). */
void set_flag_line(const struct canvas *cv, const struct raised_flag *f, char *out, size_t n);
/* The ways a set's flags are said, longest first: */
/* each flag's sentence (what was seen), the same said short, each flag's name and rep, one
 * line per kind with the
 * reps it was raised on (in the plot's short word where the kind has one), those lines as one,
 * and shortest, how many there are at the most severe's ("\xE2\x9A\xA0 2 flags") */
enum flag_form {
    FLAG_FORM_SAID,
    FLAG_FORM_SHORT, /* the sentence said short, what was seen kept (flag_sentence_short) */
    FLAG_FORM_NAMED,
    FLAG_FORM_BY_KIND,
    FLAG_FORM_JOINED,
    FLAG_FORM_COUNT
};
#define FLAG_LINES_MAX SET_MAX_FLAGS
#define FLAG_LINE_LEN  1024 /* every kind and every rep, joined */
struct flag_lines {
    char text[FLAG_LINES_MAX][FLAG_LINE_LEN];
    enum severity severity[FLAG_LINES_MAX];
    int n;
};
/* A set's flags as lines in form (with their severity in words). Returns the lines. */
int set_flag_lines(const struct canvas *cv, const struct raised_flag *flags, int n,
                   enum flag_form form, struct flag_lines *out);
/* Height the lines take wrapped in width w at line_px, as draw_set_flags sets them. */
int set_flags_h(struct canvas *cv, const struct flag_lines *l, int w, int line_px);
/* The longest form whose lines all fit in w x h (else the shortest, the count). */
enum flag_form set_flags_form(struct canvas *cv, const struct raised_flag *flags, int n, int w,
                              int h, int line_px);
/* The flags raised in a set in the longest form that fits box, in their severity colours
 * with words; what still does not fit is said as "+ N more" and counted as omitted, and
 * where not even the first line fits, their count is said on one line regardless.
 * Returns lines drawn. */
int draw_set_flags(struct canvas *cv, SDL_Rect box, const struct raised_flag *flags, int n,
                   int line_px);

/* ---- series in a plot (a rep's trace): a colour, a marker shape and a number each ---- */
#define PLOT_SERIES_COLOURS 4
#define PLOT_SERIES_MARKERS 4 /* disc, square, triangle, diamond: 16 series before a repeat */
SDL_Color plot_series_colour(int i);
/* The marker shape of series i (0 disc, 1 square, 2 triangle, 3 diamond). */
int plot_series_marker_shape(int i);
/* Series i's marker of radius r at (x, y) in colour c. */
void plot_series_marker(struct canvas *cv, int x, int y, int r, int i, SDL_Color c);

/* ---- shared pieces of several screens ---- */
/* Height of the title bar. */
int header_px(const struct canvas *cv);
/* Title bar: title left, who is logged in right; returns what is left of *area. */
void draw_header(struct canvas *cv, SDL_Rect *area, const char *title, const char *who);
/* Whether draw_header sets title and who whole at their sizes in a window w wide. */
bool header_holds(struct canvas *cv, int w, const char *title, const char *who);
/* A name as lifter screens show it to the room: first name and last initial ("Anna L."). */
const char *display_name(char *buf, size_t len, const char *full);
/* "82.4 kg" / "100 kg": one decimal only when needed. */
void format_kg(char *buf, size_t len, int32_t g);
void format_measured_kg(char *buf, size_t len, int32_t g);
/* A plate reading of the bar: the load the rack's plates make when it is within a quarter
 * kilogram of one (a 20 kg bar read as 19.9 kg says 20 kg), else as format_measured_kg. */
void format_bar_kg(char *buf, size_t len, int32_t g, int32_t bar_g);
/* ---- loads as a lifter reads them: in the rack's unit (cv->unit), with the language's
 * decimal sign ("82,5 kg", "185 lb") ---- */
void format_load(const struct canvas *cv, char *buf, size_t len, int32_t g);
/* The number alone ("82,5"), for a number set beside its unit. */
void format_load_number(const struct canvas *cv, char *buf, size_t len, int32_t g);
/* A plate reading of the bar: the load the rack's bar and plates make when the reading is
 * within a quarter kilogram of one (a 45 lb bar read as 44.8 lb says 45 lb), else the
 * reading to 0.1 of the unit. */
void format_bar_load(const struct canvas *cv, char *buf, size_t len, int32_t g,
                     const struct loading_plates *ps, int32_t bar_g);
/* "m:ss" */
void format_clock(char *buf, size_t len, int seconds);
/* "of 42" in the language in use: the total beside a page's range. */
void format_of_total(char *buf, size_t len, int total);
/* Local "HH:MM" of a wall-clock time in microseconds since 1970. */
void format_time_of_day(char *buf, size_t len, int64_t t_wall_us);

#endif
