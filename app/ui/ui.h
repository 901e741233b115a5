/*
 * The kiosk's screens, drawn with SDL2 from the session state. One file per screen
 * (ui/screen_*.c) plus small widgets (ui/widgets.c). The UI never changes the session:
 * a touch becomes an action that the caller hands to session_action().
 */
#ifndef UI_H
#define UI_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/session.h"
#include "type_scale.h"

struct ui;

struct ui_options {
    int width, height;      /* window / logical size: 1280x800 or 800x480 */
    bool fullscreen;        /* desktop full screen; on KMSDRM always full screen */
    bool hidden;            /* no window shown (tests, --demo without a display) */
    const char *assets_dir; /* holds fonts/ */
    double px_per_mm;       /* the panel's pixels per mm; 0: from its size (10.1" or 7") */
};

/* What the simulation shows beside the session: the stack light and the key help. */
struct ui_sim {
    bool active;    /* running on simulated devices */
    bool show_help; /* the key overlay (toggled with H) */
    enum light light;
    bool buzzer;
    bool on_plate;
    bool bar_held;
    const char *status; /* one line, e.g. "plate: sim  bar: sim (connected)" */
    /* beyond the simulation: what the kiosk tells staff on every screen */
    const char *notice; /* NULL none: an amber line across the top */
    bool sound_mute;    /* no sound device opens: the stop alarm is mute (said before notice) */
    bool no_trainer;    /* attract: say how to create the first trainer */
    bool demo_members;  /* attract: the demo badges and PIN exist (simulation only) */
};

/* Out of service: what is wrong, where, what staff should do (each a sentence or two). */
#define UI_FAULT_TEXT_MAX 320
struct ui_fault {
    char what[UI_FAULT_TEXT_MAX];
    char where[UI_FAULT_TEXT_MAX];
    char todo[UI_FAULT_TEXT_MAX];
    int retry_s; /* seconds to the next try */
};

/*
 * The fault of a settings file in the language in use: what is wrong (what, phrase.h), the
 * file and its line (0: the file as a whole) and how many more problems it has, what to do.
 */
struct phrase_said;
void ui_fault_settings(struct ui_fault *f, const char *path, int line, int more,
                       const struct phrase_said *what);
/* A catalogue file's fault (catalogue_files.h) in the language in use: which file cannot be
 * used and what is wrong in it, where, what to do. */
void ui_fault_said(struct ui_fault *f, const struct phrase_said *title,
                   const struct phrase_said *detail, const struct phrase_said *where,
                   const struct phrase_said *fix);

#define UI_ERR_MAX 256

struct ui *ui_open(const struct ui_options *opt, char err[UI_ERR_MAX]);
void ui_close(struct ui *ui);

/* True when the screen would look different from the last frame drawn. */
bool ui_needs_redraw(struct ui *ui, const struct session *s, const struct ui_sim *sim);
/*
 * When ui_needs_redraw will next say yes with nothing else changing (an animation frame,
 * a timer's next second), on the session's clock; INT64_MAX: not until something changes.
 */
int64_t ui_next_redraw_us(const struct ui *ui, const struct session *s);
/* The larger-text mode ([kiosk] text_size = large): the next frame draws in full with the
 * type scale's larger sizes. */
void ui_set_large_text(struct ui *ui, bool on);
/*
 * A portrait layout ([kiosk] orientation = portrait): a window wider than tall is turned
 * to tall (1280x800 becomes 800x1280). A full-screen display whose mode is wide cannot be
 * turned here: -1 with what to do in err (the screens lay out for the display as it is).
 */
int ui_set_portrait(struct ui *ui, char err[UI_ERR_MAX]);

/* Draws the screen for the session state and presents it. */
void ui_render(struct ui *ui, const struct session *s, const struct ui_sim *sim);

/* Draws the out-of-service screen and presents it (the session is not running). */
void ui_render_fault(struct ui *ui, const struct ui_fault *f);

/* Maps a touch or click at window pixel (x, y) to an action on the last frame drawn. */
enum action ui_hit(struct ui *ui, int x, int y, int *arg);
/* A finger's tap: ui_hit, and a tap on a page control (a screen too long for the panel,
 * such as the check-in on the 7") turns the view's page, which holds until the session
 * changes. The session hears ACTION_TOUCH. */
enum action ui_touch(struct ui *ui, int x, int y, int *arg);

/*
 * The button for action on the last frame drawn: with nth 0 the one carrying arg, else the
 * nth (from 1) of that action in drawing order. False when the frame has no such button;
 * *arg_out and *enabled say what a tap on it would do.
 */
bool ui_find_button(const struct ui *ui, enum action action, int arg, int nth, int *arg_out,
                    bool *enabled);

/* Writes the last frame drawn as a PNG. 0 ok, -1 with a message in err. */
int ui_screenshot(struct ui *ui, const char *png_path, char err[UI_ERR_MAX]);

/* Frames drawn so far (for benchmarks and the no-redraw check). */
uint64_t ui_frames_drawn(const struct ui *ui);

/* The next ui_needs_redraw says yes (window exposed, restored, renderer reset). */
void ui_invalidate(struct ui *ui);

/*
 * Keep a copy of every frame so ui_screenshot works after the frame was presented.
 * On by default with the software renderer (hidden windows, offscreen and dummy
 * drivers); accelerated renderers pay a read-back per frame when it is on.
 */
void ui_keep_frames(struct ui *ui, bool on);

/* Off: moving figures and tempo bars redraw only when the state changes (scenarios). */
void ui_animate(struct ui *ui, bool on);

/* What the text helper did on the last frame: text must never leave the window. */
struct ui_text_stats {
    int drawn;          /* strings drawn */
    int shrunk;         /* drawn smaller than asked, to fit their box */
    int ellipsized;     /* did not fit even at the smallest size: cut with "…" */
    int outside;        /* strings with any pixel outside the window */
    int overlaps;       /* pairs of strings on the same layer whose boxes intersect */
    int omitted;        /* lines or labels a lifter screen had no room for (screen_rest.c,
                           draw_velocity_bars): the layout test holds it to 0 */
    int marks_unplaced; /* rep numbers under a speed plot's bars that found no clear place
                           (draw_velocity_bars); the layout test holds them to a ceiling */
    int notice_px;      /* staff's notice across the top: its height (0: none), the screen
                           laid out under it */
    int cache_entries;  /* the text cache after the frame: strings measured or drawn */
    size_t cache_bytes; /* and the bytes its textures and strings hold */
};
void ui_text_stats(const struct ui *ui, struct ui_text_stats *out);

/*
 * The layout of the last frame, for the layout tests: every string drawn (where, in which
 * box, its cap height as rendered, whether it is the screen's key number) and every touch
 * target, with the panel's px/mm to turn them into millimetres.
 */
#define UI_TEXT_REC_MAX 128
struct ui_rect {
    int x, y, w, h;
};
struct ui_text_rec {
    struct ui_rect r, box;
    int layer;
    int px;     /* font size */
    int cap_px; /* cap height of the face at that size, as the font renders it */
    bool key;
    char str[UI_TEXT_REC_MAX];
};
struct ui_target_rec {
    struct ui_rect r;
    enum action action;
    int arg;
    bool enabled;
};
double ui_px_per_mm(const struct ui *ui);
/* The type scale's font size in px for role on this panel (type_scale.h). */
int ui_type_px(const struct ui *ui, enum type_role role);
int ui_layout_texts(struct ui *ui, const struct ui_text_rec **out);
int ui_layout_targets(struct ui *ui, const struct ui_target_rec **out);
/* Where each plot of the last frame put its marks (the trainer's plots: their least height
 * is checked, TRAINER_PLOT_MIN_MM). */
int ui_layout_plots(struct ui *ui, const struct ui_rect **out);

/* The simulation keys, as the help overlay lists them (one table, README matches it). */
struct ui_sim_key {
    const char *key;
    const char *what;
};
int ui_sim_keys(const struct ui_sim_key **keys);

#endif
