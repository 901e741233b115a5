/*
 * The kiosk: one context that owns the devices, the store, the session and the UI,
 * and the frame loop that moves data between them. main.c parses the command line
 * and calls kiosk_run; --demo drives the same loop from a script (demo.c).
 */
#ifndef KIOSK_H
#define KIOSK_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "catalogue_files.h"
#include "config.h"
#include "core/badge.h"
#include "core/barlink.h"
#include "core/load.h"
#include "core/session.h"
#include "dev/badge_evdev.h"
#include "dev/badge_reader.h"
#include "dev/bar_usb.h"
#include "dev/lights_gpio.h"
#include "dev/plate_absent.h"
#include "dev/plate_hx711.h"
#include "dev/bar_sim.h"
#include "dev/lights.h"
#include "dev/plate_sim.h"
#include "dev/speaker.h"
#include "notify.h"
#include "pixel_probe.h"
#include "store/store.h"
#include "sync/sync.h"
#include "ui/ui.h"
#include "wake.h"

struct kiosk_options {
    const char *data_dir; /* NULL: $XDG_DATA_HOME/rackside */
    const char *config_path;
    const char *assets_dir;
    int width, height;
    bool fullscreen;
    bool demo;                   /* play the demo scenario (assets/scenarios/demo.scenario) */
    const char *scenario;        /* --scenario FILE: play it on a virtual clock, exit 0/1 */
    int64_t start_wall_us;       /* the virtual clock's wall time at the start; 0: now */
    int repeat;                  /* --repeat N: play the scenario N times in this process */
    bool real_time;              /* --real-time: a scenario plays on the real clock */
    const char *screenshot_dir;  /* a PNG of every distinct screen (and of a fault) */
    bool production;             /* --production: real devices only, faults full screen */
    volatile sig_atomic_t *stop; /* set by SIGTERM: the only way a production kiosk quits */
    const char *lang;            /* --lang: en, es or de over [kiosk] language; NULL none */
    const char *unit;            /* --unit: kg or lb, the rack's unit; NULL: [rack] unit */
};

struct scenario;

/* What the simulated world looks like (the lifter the keys stand for). */
struct sim_world {
    bool on_plate;
    int32_t body_g;
    bool bar_held;
    int32_t bar_g;
    bool heavier; /* the next unrack loads more than today's cap */
    bool leaning;
    bool bar_connected;
};

struct kiosk {
    struct kiosk_options opt;
    struct config cfg;
    char data_dir[512];
    char db_path[600];

    struct store *store;
    struct badge_lookup *lookup; /* reads tapped badges off the frame loop */
    /* --- gym server: the sync thread (NULL: none configured) --- */
    struct sync *sync;
    uint64_t sync_logged; /* the sync status last logged */
    /* --- end of gym server --- */
    struct ui *ui;
    struct session session;

    /* devices and what decodes them */
    struct plate *plate;
    struct plate_sim *plate_sim;
    struct load_filter load;
    struct bar *bar;
    struct bar_sim *bar_sim;
    struct barlink link;
    uint8_t bar_bytes[8192]; /* one read from the bar unit */
    struct badge_reader *badge;
    struct badge_sim *badge_sim;
    struct badge_decoder badge_dec;
    struct lights *lights;
    struct speaker *speaker; /* NULL until tried, or out of memory; mute without a device */
    struct sim_world world;
    bool show_help;

    /* clock: real, or virtual and fast-forwardable under --demo */
    int64_t mono_start_us;
    int64_t wall_start_us;
    int64_t virtual_us;
    bool virtual_clock; /* a scenario is playing */

    /* production (--production, or --fullscreen on KMSDRM): fail loud, never simulate */
    bool production;
    bool running;          /* started; false: the out-of-service screen and retries */
    struct ui_fault fault; /* why it is not running */
    char fault_english[UI_FAULT_TEXT_MAX * 2]; /* what and where as the log says them */
    char fault_logged[UI_FAULT_TEXT_MAX * 2];
    bool fault_shot;                       /* --screenshot-dir: the fault screen was captured */
    int64_t next_try_us;                   /* when to try starting again */
    char config_notice[UI_FAULT_TEXT_MAX]; /* simulation: the settings that were not used */
    bool lang_applied; /* the language is chosen once, before any device thread starts */
    /* --- the exercise and warm-up catalogues (catalogue_files.h) --- */
    struct catalogue catalogue;
    struct exercise exercises[SESSION_MAX_EXERCISES]; /* the catalogue's, with database ids */
    int n_exercises;
    char catalogue_notice[UI_FAULT_TEXT_MAX];     /* a catalogue file that was not used, and why */
    struct catalogue_files_stamp catalogue_stamp; /* the files as last read */
    int64_t next_catalogue_check_us;
    bool catalogue_edited;           /* a file changed: read again between sessions */
    int64_t catalogue_said_until_us; /* "read again" shown until then; 0 not shown */
    /* --- end of catalogues --- */
    char notice[UI_FAULT_TEXT_MAX]; /* this frame's line across the top */
    int64_t next_store_retry_us;
    int64_t next_trainer_check_us;
    int64_t next_pulled_cal_check_us;
    int64_t next_retention_us; /* the daily purge of old health answers */
    bool no_trainer;
    bool demo_members;
    struct store_demo_pins demo_pins; /* hashed at the first seeding, kept over --repeat's runs */

    struct notify *notify; /* systemd's readiness and watchdog; NULL outside systemd */
    struct wake *wake;     /* how the frame loop sleeps; device threads wake it */
    bool speaker_tried;    /* the sound device is opened after the first frame */
    struct scenario *scenario;
    char scenario_tmp[256]; /* a scenario without --data-dir runs on a fresh database here */
    /* --repeat on fresh databases: the first run's, migrated and seeded (for the run's start
     * seeded_at_us), put in place of each later run's empty file; "" none */
    char seeded_db[256];
    int64_t seeded_at_us;
    int sets_saved;      /* sets the store committed in this run */
    int runs_passed;     /* --repeat: scenario runs passed so far */
    bool replay_pending; /* --repeat: start the next run at the next frame */
    struct pixel_probe probe;
    int64_t real_time_start_us; /* --real-time: the scenario's zero on the monotonic clock */
    bool screens_seen[SCREEN_COUNT + 1]; /* + the idle countdown */
    int drawn_screen;                    /* what the last frame showed, -1 none */
    int logged_screen;                   /* the last screen named in the log, -1 none */
    int screenshots;
    bool quit;
    int exit_code;
};

/*
 * What an input event may do. In production nothing quits (only SIGTERM from the
 * service does) and the simulation keys are inert; under --demo keys do nothing but Esc.
 */
enum kiosk_input {
    KIOSK_INPUT_IGNORE,
    KIOSK_INPUT_QUIT,
    KIOSK_INPUT_SIM_KEY,
    KIOSK_INPUT_CLICK,
    KIOSK_INPUT_TOUCH,
};
union SDL_Event;
enum kiosk_input kiosk_classify_event(bool production, bool demo, const union SDL_Event *ev);

/* Runs the kiosk until it is asked to stop; returns the process exit code. */
int kiosk_run(const struct kiosk_options *opt);

/* Used by scenarios: the same entry points the keys and touches use. */
int64_t kiosk_now_us(const struct kiosk *k);
void kiosk_sim_key(struct kiosk *k, int sdl_keycode, int64_t t_us);
void kiosk_touch(struct kiosk *k, enum action action, int arg, int64_t t_us);
/* The simulated world: a badge tap, a person on the plate (body_g 0: the default lifter),
 * leaning left (lean 1), right (-1) or even (0), the bar off or on the hooks, a heavier bar,
 * the bar unit's cable. */
void kiosk_sim_badge(struct kiosk *k, const char *uid, int64_t t_us);
void kiosk_sim_plate(struct kiosk *k, bool on, int32_t body_g, int64_t t_us);
void kiosk_sim_lean(struct kiosk *k, int lean, int64_t t_us);
void kiosk_sim_bar(struct kiosk *k, bool held, int64_t t_us);
void kiosk_sim_heavier(struct kiosk *k, int64_t t_us);
void kiosk_sim_bar_link(struct kiosk *k, bool connected, int64_t t_us);
/* The simulated lifter does one rep at the cued tempo, in the given style. */
void kiosk_sim_rep(struct kiosk *k, enum bar_sim_rep style, int64_t t_us);

/* What a scenario checks: what the screen shows, who is at the rack, the line of text
 * the screen shows above everything (a banner, "rack in use"), the trainer's list. */
enum screen kiosk_shown_screen(const struct kiosk *k);
const char *kiosk_lifter_name(const struct kiosk *k); /* NULL: nobody */
const char *kiosk_notice(const struct kiosk *k);
int kiosk_listed_flags(const struct kiosk *k, enum flag_kind kind);
/* Draws the frame now if the state changed since the last one (touch targets follow). */
void kiosk_redraw(struct kiosk *k);

#endif
