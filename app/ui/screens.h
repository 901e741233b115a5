/*
 * One drawing function per screen (ui/screen_<name>.c) and the overlays drawn over
 * them (ui/overlays.c). Each lays out inside cv->area and records its touch targets.
 */
#ifndef SCREENS_H
#define SCREENS_H

#include "../core/view.h"
#include "ui.h"
#include "widgets.h"

typedef void (*screen_draw_fn)(struct canvas *cv, const struct session_view *v,
                               const struct ui_sim *sim);

void screen_attract(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
void screen_checkin(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
void screen_advice(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
void screen_screening(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
void screen_warmup(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
void screen_plan(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
void screen_set(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
void screen_rest(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
void screen_stop(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
void screen_pin(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
void screen_pin_change(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
void screen_flags(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
void screen_flag_detail(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
void screen_loads(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
void screen_calibrate(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
void screen_story(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
void screen_note(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
void screen_enrol(struct canvas *cv, const struct session_view *v, const struct ui_sim *sim);
/* keyboard.c: the on-screen keyboard (session_note_key's layer shown, the other layers,
 * space, erase) with the page's way back and way on, keys a finger wide on every panel;
 * the least height it takes at width w. */
struct keyboard_words {
    const char *back, *on, *space;
    enum action on_action;
};
void draw_keyboard(struct canvas *cv, SDL_Rect a, const struct session_view *v,
                   const struct keyboard_words *k);
int keyboard_min_px(struct canvas *cv, int w, const struct keyboard_words *k);
/* The height of the line above the keyboard that shows what is typed. */
int typed_line_px(struct canvas *cv);
/* screen_loads.c: a lifter to choose, a finger high (ACTION_LOAD_LIFTER index) */
void draw_lifter_row(struct canvas *cv, const struct session_view *v, SDL_Rect r, const char *name,
                     bool chosen, int index);

/* Overlays: the idle-logout countdown, the simulation strip and the key help. */
void overlay_idle(struct canvas *cv, const struct session_view *v);
/* A line over the top of any screen but the attract screen ("Rack in use by Sam"), with
 * Take over / Not now when the core offers a takeover. */
void overlay_notice(struct canvas *cv, const struct session_view *v);
/* prefs_panel.c: a lifter's own language and unit. The button that opens the choices (its
 * label the same in every language), and the choices over the screen. */
void draw_prefs_button(struct canvas *cv, SDL_Rect r, const struct session_view *v);
int prefs_button_width(struct canvas *cv, int most_w);
void overlay_prefs(struct canvas *cv, const struct session_view *v);
/* The notice or banner in the reader's language (composed ones filled in). */
const char *view_notice_text(const struct session_view *v, const char *english, char *buf,
                             size_t len);
/* Height the simulation strip takes at the bottom (0 when not simulating). */
int overlay_sim_strip_height(const struct canvas *cv, const struct ui_sim *sim);
void overlay_sim_strip(struct canvas *cv, const struct ui_sim *sim, SDL_Rect strip);
void overlay_sim_help(struct canvas *cv);
/* screen_fault.c: the whole screen when the kiosk cannot run, and a notice strip. */
void screen_fault(struct canvas *cv, const struct ui_fault *f);
/* The kiosk's own line across the top (records waiting for the disk, settings not used). */
int staff_notice_height(struct canvas *cv, const char *text);
void staff_notice(struct canvas *cv, const char *text, SDL_Rect strip);

/* offline_strip.c (gym server): the line at the bottom while the rack is offline, and
 * its height (0 while it is not). */
int offline_strip_height(struct canvas *cv, const struct session_view *v);
void offline_strip(struct canvas *cv, const struct session_view *v, SDL_Rect strip);

/* pin_pad.c: the trainer's PIN keypad (digits and Back) and one dot per digit typed */
void draw_pin_dots(struct canvas *cv, SDL_Rect row, int entered, int digits);
void draw_pin_keypad(struct canvas *cv, SDL_Rect pad, const struct session_view *v);
/* Where the keypad goes, cut from *a: beside the words in landscape, under them in portrait. */
SDL_Rect pin_pad_area(const struct canvas *cv, SDL_Rect *a);

#endif
