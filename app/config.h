/*
 * The kiosk's configuration file (INI, read with inih): rule numbers, plate
 * calibration, which devices to use. Missing file: defaults (cfg.present says whether
 * there was one). Every number has a range (config_settings) and the rules' numbers
 * relations between them; a file that breaks either, sets a key twice or names an
 * unknown key or driver is reported with its file, line and key. The caller decides
 * what a bad file means: the production kiosk refuses to start, the simulation runs on
 * the defaults.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/cue.h"
#include "core/phrase.h"
#include "core/load.h"
#include "core/rules.h"

#define CONFIG_ERR_MAX 320

enum device_driver { DRIVER_SIM, DRIVER_HARDWARE };

/* A file's first problem, to say in the reader's language (the kiosk's fault screen): its
 * line (0: the file as a whole), what is wrong with what to do, and how many more. */
struct config_problem {
    int line;
    int more;
    struct phrase_said what;
};

struct config {
    struct rules rules;
    struct load_calibration cal;
    enum device_driver plate;
    enum device_driver bar;
    enum device_driver badge;
    enum device_driver lights;
    /* plate: two HX711s on a shared clock */
    char gpio_chip[64]; /* chip label, never a number */
    char gpio_sck[32];  /* line names, or offsets as numbers */
    char gpio_dout_left[32];
    char gpio_dout_right[32];
    char gpio_rate[32]; /* empty: RATE strapped on the board */
    int plate_rate_hz;  /* 10 or 80 */
    /* stack light and buzzer */
    char lights_chip[64];
    char light_red[32];
    char light_amber[32];
    char light_green[32];
    char light_buzzer[32]; /* empty: no buzzer fitted */
    int lights_active_low; /* relay boards that switch on a low input */
    /* badge reader */
    char badge_device[256]; /* empty: the first keyboard named like badge_name */
    char badge_name[64];
    /* [sound]: volume, and quiet hours at a lower volume (times as HH:MM) */
    struct cue_volume sound;
    /* [rack]: the unit, bar and plate set as written (applied to rules.plates) */
    char rack_unit[8];
    char rack_bar[16];
    char rack_plates[PLATES_SPEC_MAX];
    /* --- the rack's plate set over plates.conf (config_use_plates) --- */
    int rack_line;            /* the last [rack] line the file gave; 0: no [rack], the gym did
                               * not set this rack's plates (plates.conf's set is not "its own") */
    int empty_bar_line;       /* [rules] empty_bar_kg's line; 0: not given */
    int32_t empty_bar_file_g; /* ... and its value */
    char path[256];           /* the file read, for messages */
    /* --- end of the rack's plate set --- */
    /* what the file said, for the production checks */
    bool present;                                   /* a file was read */
    bool plate_set, bar_set, badge_set, lights_set; /* its driver line was there */
    int allow_sim_in_production; /* [kiosk]: a bench test of the service on simulators */
    char language[8];            /* [kiosk]: en, es or de (checked by the kiosk); "" en */
    int health_retention_days;   /* [kiosk]: pain and red-flag answers kept this long */
    /* --- [kiosk] display: "landscape"/"portrait", "normal"/"large" ("" the first; checked
     * by the kiosk) --- */
    char orientation[16];
    char text_size[16];
    /* --- end of [kiosk] display --- */
    /* --- [server]: the gym's PostgreSQL, off while connection is empty --- */
    char server_connection[256]; /* a libpq connection string or "service=NAME" */
    char server_rack[64];        /* this rack's name in the gym; needed with a connection */
    int server_offline_limit_s;  /* unheard-from longer than this: the kiosk is offline */
    /* --- end of [server] --- */
    struct config_problem problem; /* config_load's or config_use_plates's -1: its words */
};

/* Every number the file may set: its section and key, its unit, where it lands, its bounds. */
enum config_unit {
    CONFIG_INT,     /* whole number, stored as int */
    CONFIG_SECONDS, /* seconds in the file, int64 microseconds in memory */
    CONFIG_KG,      /* kilograms in the file, int32 grams in memory */
    CONFIG_DOUBLE,
};

struct config_setting {
    const char *section;
    const char *key;
    enum config_unit unit;
    size_t offset;   /* into struct config */
    double min, max; /* in the file's unit */
    int choices[2];  /* nonzero: the only values allowed (HX711 rate 10 or 80) */
};

int config_settings(const struct config_setting **out);

/* A setting's value in the file's unit. */
double config_value(const struct config *cfg, const struct config_setting *f);

void config_default(struct config *cfg);
/*
 * Loads path over the defaults. Returns 0 when the file is absent or clean, -1 when
 * something in it was wrong: err then names the file, the line, the key and the
 * accepted range (the first problem, and how many more), in English; cfg->problem holds
 * the same to say in the reader's language, and cfg the defaults plus every line that
 * was right.
 */
int config_load(const char *path, struct config *cfg, char err[CONFIG_ERR_MAX]);

/*
 * The rack's bar and plates from plates.conf's sets (sets[RACK_KG], sets[RACK_LB]) into
 * cfg->rules: with a [rack] in the file, the set of its unit (kg when not given) with its
 * own bar and plates lines in place; with none, the set of unit ("kg" or "lb", NULL kg),
 * in kg on [rules] empty_bar_kg when the file gives it. cfg->rack_line keeps its meaning:
 * only a [rack] in the file is the gym's own setting. 0 ok; -1 with err naming the file's
 * line (the bar given twice, differently) and cfg->problem the same, rules.plates then
 * left as they were.
 */
int config_use_plates(struct config *cfg, const struct plate_set sets[2], const char *unit,
                      char err[CONFIG_ERR_MAX]);

/* The rack shares its records with a gym server ([server] connection is set). */
bool config_server_enabled(const struct config *cfg);

#endif
