#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <ini.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "core/pin_lockout.h"
#include "store/records.h"

#define RULE(key, kind, member, min, max)                                                          \
    {                                                                                              \
        "rules", key, kind, offsetof(struct config, rules.member), min, max                        \
    }

/*
 * The steps given as a load with its unit, per rack unit ("[rules] smallest_step = 2.5kg
 * 5lb"), each beside the older kilogram key that still sets the kilogram rack's. Ranges:
 * the smallest from a pair of the lightest plates anyone makes to a pair of the largest
 * common ones; the largest steps as the kilogram keys always took, the same in pounds.
 */
enum unit_step { STEP_SMALLEST, STEP_LOWER_MAX, STEP_UPPER_MAX, N_UNIT_STEPS };
static const struct {
    const char *key, *kg_key, *kg_example, *lb_example, *example;
    size_t offset; /* of its int32_t[2] (per rack unit) in struct rules */
    double min[2], max[2];
} unit_steps[N_UNIT_STEPS] = {
    [STEP_SMALLEST] = {"smallest_step",
                       "smallest_step_kg",
                       "2.5kg",
                       "5lb",
                       "1.25kg 2lb",
                       offsetof(struct rules, smallest_step_mu),
                       {0.25, 0.5},
                       {20, 45}},
    [STEP_LOWER_MAX] = {"step_lower_max",
                        "step_lower_max_kg",
                        "5kg",
                        "10lb",
                        "4kg 8lb",
                        offsetof(struct rules, step_lower_max_mu),
                        {0.5, 1},
                        {50, 110}},
    [STEP_UPPER_MAX] = {"step_upper_max",
                        "step_upper_max_kg",
                        "2.5kg",
                        "5lb",
                        "2kg 4lb",
                        offsetof(struct rules, step_upper_max_mu),
                        {0.5, 1},
                        {50, 110}},
};

/*
 * Each number's range. A range alone does not make a config sensible: the relations
 * between settings are in `relations` below.
 */
static const struct config_setting fields[] = {
    RULE("pain_no_lift_min", CONFIG_INT, pain_no_lift_min, 1, 10),
    RULE("pain_cap_min", CONFIG_INT, pain_cap_min, 1, 10),
    RULE("pain_cap_pct", CONFIG_INT, pain_cap_pct, 10, 100),
    RULE("warmup_min_s", CONFIG_SECONDS, warmup_min_us, 0, 3600),
    RULE("idle_after_s", CONFIG_SECONDS, idle_after_us, 10, 3600),
    RULE("idle_countdown_s", CONFIG_SECONDS, idle_countdown_us, 3, 300),
    RULE("rest_s", CONFIG_SECONDS, rest_us, 10, 1800),
    /* a lowering under half a second is not a controlled tempo, and 0 turns off the
     * rushed-rep check that the tempo exists for */
    RULE("tempo_eccentric_ms", CONFIG_INT, tempo_ms[0], 500, 10000),
    RULE("tempo_bottom_ms", CONFIG_INT, tempo_ms[1], 0, 10000),
    RULE("tempo_concentric_ms", CONFIG_INT, tempo_ms[2], 0, 10000),
    RULE("tempo_top_ms", CONFIG_INT, tempo_ms[3], 0, 10000),
    RULE("rushed_pct", CONFIG_INT, rushed_pct, 10, 100),
    RULE("phase_threshold_pct", CONFIG_INT, phase_threshold_pct, 1, 50),
    RULE("velocity_loss_pct", CONFIG_INT, velocity_loss_pct, 5, 90),
    RULE("momentum_horiz_mg", CONFIG_INT, momentum_horiz_mg, 50, 4000),
    RULE("momentum_gyro_dps", CONFIG_INT, momentum_gyro_dps, 5, 2000),
    RULE("momentum_bounce_pct", CONFIG_INT, momentum_bounce_pct, 5, 500),
    RULE("tilt_max_cdeg", CONFIG_INT, tilt_max_cdeg, 50, 4500),
    RULE("rep_min_rom_mm", CONFIG_INT, rep_min_rom_mm, 30, 1000),
    RULE("asymmetry_pct", CONFIG_INT, asymmetry_pct, 1, 49),
    RULE("empty_bar_kg", CONFIG_KG, empty_bar_g, 1, 50),
    /* the kilogram rack's steps as they were first given; unit_steps above take either unit */
    RULE("smallest_step_kg", CONFIG_KG, smallest_step_mu[RACK_KG], 0.25, 20),
    RULE("step_lower_max_kg", CONFIG_KG, step_lower_max_mu[RACK_KG], 0.5, 50),
    RULE("step_upper_max_kg", CONFIG_KG, step_upper_max_mu[RACK_KG], 0.5, 50),
    RULE("step_pct", CONFIG_INT, step_pct, 1, 20),
    RULE("overload_margin_kg", CONFIG_KG, overload_margin_g, 0, 20),
    RULE("unrack_min_kg", CONFIG_KG, unrack_min_g, 1, 50),
    RULE("best_window_days", CONFIG_INT, best_window_days, 7, 365),
    RULE("stand_days", CONFIG_INT, stand_days, 1, 60),
    RULE("recent_days", CONFIG_INT, recent_days, 1, 120),
    RULE("away_short_days", CONFIG_INT, away_short_days, 1, 120),
    RULE("away_long_days", CONFIG_INT, away_long_days, 1, 365),
    RULE("away_short_pct", CONFIG_INT, away_short_pct, 10, 100),
    RULE("away_long_pct", CONFIG_INT, away_long_pct, 10, 100),
    RULE("recent_limit_steps", CONFIG_INT, recent_limit_steps, 1, 5),
    RULE("two_for_two_reps", CONFIG_INT, two_for_two_reps, 0, 5),
    RULE("readiness_drop_pct", CONFIG_INT, readiness_drop_pct, 0, 50),
    /* the lifter's usual speed at a load (readiness.h): which points are "at that load",
     * and what makes a load-velocity line; two points always make a line, so at least 3 */
    RULE("readiness_near_pct", CONFIG_INT, readiness_near_pct, 1, 25),
    RULE("readiness_spread_pct", CONFIG_INT, readiness_spread_pct, 1, 100),
    RULE("readiness_min_points", CONFIG_INT, readiness_min_points, 3, 50),
    RULE("screening_valid_days", CONFIG_INT, screening_valid_days, 30, 730),
    RULE("pin_digits", CONFIG_INT, pin_digits, 4, 8),
    /* trainer access: idle logout and the PIN lockout */
    RULE("trainer_idle_s", CONFIG_SECONDS, trainer_idle_us, 10, 3600),
    RULE("pin_lockout_tries", CONFIG_INT, pin_lockout_tries, 2, PIN_LOCKOUT_MAX_TRIES),
    RULE("pin_lockout_window_s", CONFIG_SECONDS, pin_lockout_window_us, 60, 24 * 3600),
    RULE("pin_lockout_s", CONFIG_SECONDS, pin_lockout_us, 60, 24 * 3600),
    RULE("day_start_min", CONFIG_INT, day_start_min, 0, 23 * 60 + 59),
    RULE("warmup_valid_s", CONFIG_SECONDS, warmup_valid_us, 0, 24 * 3600),
    RULE("abandon_after_s", CONFIG_SECONDS, abandon_after_us, 10, 3600),
    {"plate", "rate_hz", CONFIG_INT, offsetof(struct config, plate_rate_hz), 10, 80, {10, 80}},
    /* the plate's stable window (load.h): how long, and how still, before a load counts */
    {"plate", "stable_window_s", CONFIG_SECONDS, offsetof(struct config, rules.load_window_us), 0.1,
     3},
    {"plate", "stable_min_kg", CONFIG_KG, offsetof(struct config, rules.load_stable_g), 0.05, 5},
    {"plate", "sway_permille", CONFIG_INT, offsetof(struct config, rules.load_sway_permille), 5,
     200},
    {"plate", "side_permille", CONFIG_INT, offsetof(struct config, rules.load_side_permille), 20,
     500},
    {"lights", "active_low", CONFIG_INT, offsetof(struct config, lights_active_low), 0, 1},
    {"kiosk", "allow_sim_in_production", CONFIG_INT,
     offsetof(struct config, allow_sim_in_production), 0, 1},
    {"kiosk", "health_retention_days", CONFIG_INT, offsetof(struct config, health_retention_days),
     1, 36500},
    {"plate", "offset_left", CONFIG_INT, offsetof(struct config, cal.offset[PLATE_LEFT]), -8388608,
     8388607},
    {"plate", "offset_right", CONFIG_INT, offsetof(struct config, cal.offset[PLATE_RIGHT]),
     -8388608, 8388607},
    {"plate", "g_per_count_left", CONFIG_DOUBLE,
     offsetof(struct config, cal.g_per_count[PLATE_LEFT]), 1e-6, 1e3},
    {"plate", "g_per_count_right", CONFIG_DOUBLE,
     offsetof(struct config, cal.g_per_count[PLATE_RIGHT]), 1e-6, 1e3},
    /* ---- [sound]: the cues' volume (quiet_from / quiet_until are times: see below) ---- */
    {"sound", "volume_pct", CONFIG_INT, offsetof(struct config, sound.volume_pct), 0, 100},
    {"sound", "quiet_volume_pct", CONFIG_INT, offsetof(struct config, sound.quiet_volume_pct), 0,
     100},
    /* [server]: ten seconds is a hiccup, a week is a rack nobody watches */
    {"server", "offline_limit_s", CONFIG_INT, offsetof(struct config, server_offline_limit_s), 10,
     7 * 24 * 3600},
};

#define N_FIELDS ((int)(sizeof fields / sizeof fields[0]))

enum relation_op { REL_LT, REL_LE };

/* a OP b, both [rules] settings; why says what breaks when it does not hold. */
struct relation {
    const char *a;
    enum relation_op op;
    const char *b;
    const char *why;
};

static const struct relation relations[] = {
    {"smallest_step_kg", REL_LE, "step_lower_max_kg",
     N_("the smallest step would override the largest one")},
    {"smallest_step_kg", REL_LE, "step_upper_max_kg",
     N_("the smallest step would override the largest one")},
    {"overload_margin_kg", REL_LT, "smallest_step_kg",
     N_("a load a whole step over the cap would pass as noise")},
    {"pain_cap_min", REL_LT, "pain_no_lift_min",
     N_("pain that stops lifting must be above pain that caps it")},
    {"away_short_days", REL_LT, "away_long_days", N_("time-away limits must be in order")},
    {"away_long_pct", REL_LE, "away_short_pct", N_("a longer time away must not allow more")},
    {"away_long_days", REL_LT, "best_window_days",
     N_("the best set would be forgotten before time away counts")},
    {"stand_days", REL_LT, "recent_days",
     N_("a best set must stand for less than the recent window")},
    {"recent_days", REL_LE, "best_window_days",
     N_("the recent window lies inside the best-set window")},
    {"unrack_min_kg", REL_LE, "empty_bar_kg",
     N_("an empty bar off the rack would not count as lifted")},
    {"idle_countdown_s", REL_LT, "idle_after_s",
     N_("the log-out countdown must be shorter than the idle time")},
};

struct strfield {
    const char *section;
    const char *key;
    size_t offset;
    size_t size;
};

#define STR(section, key, member)                                                                  \
    {                                                                                              \
        section, key, offsetof(struct config, member), sizeof((struct config *)0)->member          \
    }

static const struct strfield strfields[] = {
    STR("plate", "gpio_chip", gpio_chip),
    STR("plate", "gpio_sck", gpio_sck),
    STR("plate", "gpio_dout_left", gpio_dout_left),
    STR("plate", "gpio_dout_right", gpio_dout_right),
    STR("plate", "gpio_rate", gpio_rate),
    STR("lights", "gpio_chip", lights_chip),
    STR("lights", "gpio_red", light_red),
    STR("lights", "gpio_amber", light_amber),
    STR("lights", "gpio_green", light_green),
    STR("lights", "gpio_buzzer", light_buzzer),
    STR("badge", "device", badge_device),
    STR("badge", "name", badge_name),
    STR("rack", "unit", rack_unit),
    STR("kiosk", "language", language),
    STR("kiosk", "orientation", orientation),
    STR("kiosk", "text_size", text_size),
    STR("rack", "bar", rack_bar),
    STR("rack", "plates", rack_plates),
    STR("server", "connection", server_connection),
    STR("server", "rack", server_rack),
};

int config_settings(const struct config_setting **out)
{
    *out = fields;
    return (int)(sizeof fields / sizeof fields[0]);
}

void config_default(struct config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    rules_default(&cfg->rules);
    /* A plate of four 200 kg cells behind an HX711 at gain 128 reads about 0.05 g a count. */
    for (int side = 0; side < PLATE_SIDES; side++) {
        cfg->cal.offset[side] = 0;
        cfg->cal.g_per_count[side] = 0.05;
    }
    cfg->plate = cfg->bar = cfg->badge = cfg->lights = DRIVER_SIM;
    cfg->plate_rate_hz = 80;
    cfg->health_retention_days = STORE_HEALTH_RETENTION_DAYS;
    snprintf(cfg->lights_chip, sizeof cfg->lights_chip, "pinctrl-bcm2711");
    snprintf(cfg->light_red, sizeof cfg->light_red, "GPIO17");
    snprintf(cfg->light_amber, sizeof cfg->light_amber, "GPIO27");
    snprintf(cfg->light_green, sizeof cfg->light_green, "GPIO22");
    snprintf(cfg->light_buzzer, sizeof cfg->light_buzzer, "GPIO23");
    snprintf(cfg->badge_name, sizeof cfg->badge_name, "RFID");
    snprintf(cfg->gpio_chip, sizeof cfg->gpio_chip, "pinctrl-bcm2711");
    snprintf(cfg->gpio_sck, sizeof cfg->gpio_sck, "GPIO5");
    snprintf(cfg->gpio_dout_left, sizeof cfg->gpio_dout_left, "GPIO6");
    snprintf(cfg->gpio_dout_right, sizeof cfg->gpio_dout_right, "GPIO13");
    cue_volume_default(&cfg->sound);
    cfg->server_offline_limit_s = 300;
}

#define SEEN_MAX 128 /* distinct keys a file may set: every field, string and driver */

struct parse {
    FILE *file;
    struct config *cfg;
    const char *path;
    char *err;
    int n_errors;
    int lineno;
    /* where each key was set, for duplicates and for naming a line in a relation */
    bool step_set[N_UNIT_STEPS][2]; /* unit_steps[i].key gave the step for that unit */
    int n_seen;
    struct {
        char section[16];
        char key[32];
        int line;
    } seen[SEEN_MAX];
};

/* The file's first problem, in English for the log and kept to say in the reader's language
 * (cfg->problem); later ones are only counted. */
static void complain_said(struct parse *p, const struct phrase_said *said)
{
    if (p->n_errors++ > 0)
        return; /* the first problem is the one to fix first; the rest still apply */
    struct config_problem *pr = &p->cfg->problem;
    pr->what = *said;
    pr->line = p->lineno;
    char what[CONFIG_ERR_MAX];
    phrase_said_fill(what, sizeof what, said, NULL);
    snprintf(p->err, CONFIG_ERR_MAX, "config %s line %d: %.200s", p->path, p->lineno, what);
}

/* A problem said with fmt (a phrase.h format marked N_) and its arguments, at least one;
 * "" where it takes none. */
#define COMPLAIN(p, fmt, ...)                                                                      \
    do {                                                                                           \
        struct phrase_said said_;                                                                  \
        PHRASE_SAY(&said_, fmt, __VA_ARGS__);                                                      \
        complain_said((p), &said_);                                                                \
    } while (0)

static const char *unit_name(enum config_unit u)
{
    switch (u) {
    case CONFIG_SECONDS:
        return " s";
    case CONFIG_KG:
        return " kg";
    default:
        return "";
    }
}

/*
 * A plain decimal: optional minus, digits, optional fraction. strtod alone would also
 * take hex ("0x10"), exponents, "inf" and "nan", none of which belong in this file.
 */
static bool plain_decimal(const char *s)
{
    const char *p = s;
    if (*p == '-')
        p++;
    int digits = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++, digits++;
    }
    return digits > 0 && *p == '\0';
}

static bool in_choices(const struct config_setting *f, double v)
{
    if (!f->choices[0])
        return true;
    return v == f->choices[0] || v == f->choices[1];
}

static int set_number(struct parse *p, const struct config_setting *f, const char *value)
{
    char lo[32], hi[32], what[96];
    snprintf(what, sizeof what, "[%s] %s", f->section, f->key);
    double v = plain_decimal(value) ? strtod(value, NULL) : NAN;
    if (!(v >= f->min && v <= f->max) || !in_choices(f, v)) {
        if (f->choices[0]) {
            snprintf(lo, sizeof lo, "%d", f->choices[0]);
            snprintf(hi, sizeof hi, "%d%s", f->choices[1], unit_name(f->unit));
            COMPLAIN(p, N_("'%s' is not %s or %s for %s"), value, lo, hi, what);
        } else {
            snprintf(lo, sizeof lo, "%g", f->min);
            snprintf(hi, sizeof hi, "%g%s", f->max, unit_name(f->unit));
            COMPLAIN(p, N_("'%s' is not a number in %s..%s for %s"), value, lo, hi, what);
        }
        return 1;
    }
    char *base = (char *)p->cfg + f->offset;
    switch (f->unit) {
    case CONFIG_INT:
        if ((double)(int)v != v) {
            COMPLAIN(p, N_("'%s' for '%s' must be a whole number"), value, f->key);
            return 1;
        }
        *(int *)base = (int)v;
        break;
    case CONFIG_SECONDS:
        *(int64_t *)base = (int64_t)(v * 1e6);
        break;
    case CONFIG_KG:
        *(int32_t *)base = (int32_t)(v * 1000.0 + (v >= 0 ? 0.5 : -0.5));
        break;
    case CONFIG_DOUBLE:
        *(double *)base = v;
        break;
    }
    return 1;
}

static int set_driver(struct parse *p, enum device_driver *d, bool *set, const char *value)
{
    if (strcmp(value, "sim") == 0)
        *d = DRIVER_SIM;
    else if (strcmp(value, "hardware") == 0)
        *d = DRIVER_HARDWARE;
    else {
        COMPLAIN(p, N_("driver '%s' is neither sim nor hardware"), value);
        return 1;
    }
    *set = true;
    return 1;
}

/* Records where section/key was set; false (with a complaint) when it was set before. */
static bool first_time(struct parse *p, const char *section, const char *key)
{
    for (int i = 0; i < p->n_seen; i++)
        if (strcmp(p->seen[i].section, section) == 0 && strcmp(p->seen[i].key, key) == 0) {
            char first[48];
            snprintf(first, sizeof first, "%d", p->seen[i].line);
            char what[64];
            snprintf(what, sizeof what, "[%s] %s", section, key);
            COMPLAIN(p, N_("%s is set twice (first on line %s); remove one"), what, first);
            return false;
        }
    if (p->n_seen < SEEN_MAX && strlen(section) < sizeof p->seen[0].section &&
        strlen(key) < sizeof p->seen[0].key) {
        snprintf(p->seen[p->n_seen].section, sizeof p->seen[0].section, "%s", section);
        snprintf(p->seen[p->n_seen].key, sizeof p->seen[0].key, "%s", key);
        p->seen[p->n_seen].line = p->lineno;
        p->n_seen++;
    }
    return true;
}

static int line_of(const struct parse *p, const char *section, const char *key)
{
    for (int i = 0; i < p->n_seen; i++)
        if (strcmp(p->seen[i].section, section) == 0 && strcmp(p->seen[i].key, key) == 0)
            return p->seen[i].line;
    return 0;
}

static int on_driver(struct parse *p, const char *section, const char *value)
{
    struct config *c = p->cfg;
    if (strcmp(section, "plate") == 0)
        return set_driver(p, &c->plate, &c->plate_set, value);
    if (strcmp(section, "bar") == 0)
        return set_driver(p, &c->bar, &c->bar_set, value);
    if (strcmp(section, "badge") == 0)
        return set_driver(p, &c->badge, &c->badge_set, value);
    if (strcmp(section, "lights") == 0)
        return set_driver(p, &c->lights, &c->lights_set, value);
    return 0;
}

/* ---- [sound]: quiet hours, as local times of day ---- */

#define MINUTES_PER_HOUR 60

/* "HH:MM", 00:00..23:59, two digits each, as minutes of the day; -1 when it is not one. */
static int clock_minutes(const char *s)
{
    if (strlen(s) != 5 || s[2] != ':')
        return -1;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0');
    int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23 || m >= MINUTES_PER_HOUR)
        return -1;
    return h * MINUTES_PER_HOUR + m;
}

/* quiet_from / quiet_until in [sound]: 1 when taken (or complained about), -1 not one. */
static int on_sound_time(struct parse *p, const char *section, const char *key, const char *value)
{
    if (strcmp(section, "sound") != 0)
        return -1;
    int *to = strcmp(key, "quiet_from") == 0    ? &p->cfg->sound.quiet_from_min
              : strcmp(key, "quiet_until") == 0 ? &p->cfg->sound.quiet_until_min
                                                : NULL;
    if (!to)
        return -1;
    if (!first_time(p, section, key))
        return 1;
    int min = clock_minutes(value);
    if (min < 0) {
        char what[64];
        snprintf(what, sizeof what, "[sound] %s", key);
        COMPLAIN(p, N_("'%s' is not a time HH:MM (00:00..23:59) for %s; no quiet hours"), value,
                 what);
        *to = -1;
        return 1;
    }
    *to = min;
    return 1;
}

/* Quiet hours need both ends, apart, and a volume no louder than the usual one. */
static void check_sound(struct parse *p)
{
    struct cue_volume *v = &p->cfg->sound;
    int lf = line_of(p, "sound", "quiet_from"), lu = line_of(p, "sound", "quiet_until");
    if ((lf > 0) != (lu > 0) && v->quiet_from_min != v->quiet_until_min) {
        p->lineno = lf > lu ? lf : lu;
        COMPLAIN(p, N_("[sound] %s is set without %s: give both ends of quiet hours"),
                 lf ? "quiet_from" : "quiet_until", lf ? "quiet_until" : "quiet_from");
        v->quiet_from_min = v->quiet_until_min = -1;
    } else if (v->quiet_from_min >= 0 && v->quiet_from_min == v->quiet_until_min) {
        p->lineno = lf > lu ? lf : lu;
        COMPLAIN(p,
                 N_("[sound] quiet_from and quiet_until are the same time: quiet hours need a "
                    "start and a different end"),
                 "");
        v->quiet_from_min = v->quiet_until_min = -1;
    }
    if (v->quiet_volume_pct > v->volume_pct) {
        int lq = line_of(p, "sound", "quiet_volume_pct"), lv = line_of(p, "sound", "volume_pct");
        p->lineno = lq > lv ? lq : lv;
        char quiet[16], usual[16];
        snprintf(quiet, sizeof quiet, "%d", v->quiet_volume_pct);
        snprintf(usual, sizeof usual, "%d", v->volume_pct);
        COMPLAIN(p,
                 N_("[sound] quiet_volume_pct = %s must be at most volume_pct = %s: quiet hours "
                    "would be louder than the rest of the day"),
                 quiet, usual);
    }
}

/* ---- [rules] smallest_step, step_lower_max, step_upper_max: a load with its unit ---- */

/* "2.5kg", "5lb" or one of each ("1.25kg 1lb"): unit_steps[i] for a rack in that unit; the
 * other unit keeps its own. */
static int on_unit_step(struct parse *p, enum unit_step i, const char *value)
{
    int32_t mu[2];
    if (plates_parse_steps(value, unit_steps[i].min, unit_steps[i].max, mu) != 0) {
        char kg[48], lb[48];
        snprintf(kg, sizeof kg, "%s (%g..%g)", unit_steps[i].kg_example, unit_steps[i].min[RACK_KG],
                 unit_steps[i].max[RACK_KG]);
        snprintf(lb, sizeof lb, "%s (%g..%g)", unit_steps[i].lb_example, unit_steps[i].min[RACK_LB],
                 unit_steps[i].max[RACK_LB]);
        COMPLAIN(p,
                 N_("'%s' is not a step with its unit for [rules] %s: give it as %s or %s, or one "
                    "of each (\"%s\")"),
                 value, unit_steps[i].key, kg, lb, unit_steps[i].example);
        return 1;
    }
    int32_t *to = (int32_t *)((char *)&p->cfg->rules + unit_steps[i].offset);
    for (int u = RACK_KG; u <= RACK_LB; u++) {
        if (mu[u])
            to[u] = mu[u];
        p->step_set[i][u] = mu[u] != 0;
    }
    return 1;
}

/* The unit step KEY names, or N_UNIT_STEPS. */
static enum unit_step unit_step_named(const char *key)
{
    int i = 0;
    while (i < N_UNIT_STEPS && strcmp(unit_steps[i].key, key) != 0)
        i++;
    return (enum unit_step)i;
}

static int handler(void *user, const char *section, const char *key, const char *value)
{
    struct parse *p = user;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(section, fields[i].section) == 0 && strcmp(key, fields[i].key) == 0)
            return first_time(p, section, key) ? set_number(p, &fields[i], value) : 1;
    for (size_t i = 0; i < sizeof strfields / sizeof strfields[0]; i++) {
        const struct strfield *f = &strfields[i];
        if (strcmp(section, f->section) == 0 && strcmp(key, f->key) == 0) {
            if (!first_time(p, section, key))
                return 1;
            if (strlen(value) >= f->size)
                COMPLAIN(p, N_("value of '%s' is too long"), key);
            else
                memcpy((char *)p->cfg + f->offset, value, strlen(value) + 1);
            return 1;
        }
    }
    int sound = on_sound_time(p, section, key, value);
    if (sound >= 0)
        return sound;
    enum unit_step step = unit_step_named(key);
    if (strcmp(section, "rules") == 0 && step < N_UNIT_STEPS)
        return first_time(p, section, key) ? on_unit_step(p, step, value) : 1;
    bool device_section = strcmp(section, "plate") == 0 || strcmp(section, "bar") == 0 ||
                          strcmp(section, "badge") == 0 || strcmp(section, "lights") == 0;
    if (strcmp(key, "driver") == 0 && device_section)
        return first_time(p, section, key) ? on_driver(p, section, value) : 1;
    COMPLAIN(p, N_("unknown setting '%s' in [%s]"), key, section);
    return 1;
}

/*
 * Debian's inih passes no line number to the handler, so this reader hands it one
 * physical line at a time and counts them. A line too long for inih's buffer, or one
 * holding a NUL byte, is reported and handed on empty, so no part of it is applied.
 */
static char *read_line(char *str, int num, void *stream)
{
    struct parse *p = stream;
    int c, n = 0;
    bool any = false, too_long = false, nul = false;
    while ((c = fgetc(p->file)) != EOF) {
        any = true;
        if (c == '\n')
            break;
        if (c == '\0')
            nul = true;
        else if (n < num - 2) /* inih keeps room for the newline and the NUL */
            str[n++] = (char)c;
        else
            too_long = true;
    }
    if (!any)
        return NULL;
    p->lineno++;
    str[n] = '\0';
    if (too_long || nul) {
        char limit[16];
        snprintf(limit, sizeof limit, "%d", num - 2);
        if (nul)
            COMPLAIN(p, N_("holds a NUL byte: not a text line; it is ignored"), "");
        else
            COMPLAIN(p, N_("line longer than %s characters; it is ignored"), limit);
        str[0] = '\0';
    }
    return str;
}

static const struct config_setting *field_named(const char *section, const char *key)
{
    for (int i = 0; i < N_FIELDS; i++)
        if (strcmp(fields[i].section, section) == 0 && strcmp(fields[i].key, key) == 0)
            return &fields[i];
    return NULL;
}

double config_value(const struct config *cfg, const struct config_setting *f)
{
    const char *p = (const char *)cfg + f->offset;
    switch (f->unit) {
    case CONFIG_INT:
        return *(const int *)p;
    case CONFIG_SECONDS:
        return (double)*(const int64_t *)p / 1e6;
    case CONFIG_KG:
        return *(const int32_t *)p / 1000.0;
    case CONFIG_DOUBLE:
        return *(const double *)p;
    }
    return 0;
}

/* The key that gave a kilogram step, for naming it in a relation. */
static const char *rule_key(const struct parse *p, const char *key)
{
    for (int i = 0; i < N_UNIT_STEPS; i++)
        if (strcmp(key, unit_steps[i].kg_key) == 0 && p->step_set[i][RACK_KG])
            return unit_steps[i].key;
    return key;
}

/* Relations between settings, once every line is read; the line named is the later one. */
static void check_relations(struct parse *p)
{
    for (size_t i = 0; i < sizeof relations / sizeof relations[0]; i++) {
        const struct relation *r = &relations[i];
        const struct config_setting *fa = field_named("rules", r->a);
        const struct config_setting *fb = field_named("rules", r->b);
        double va = config_value(p->cfg, fa), vb = config_value(p->cfg, fb);
        bool ok = r->op == REL_LT ? va < vb : va <= vb;
        if (ok)
            continue;
        const char *a = rule_key(p, r->a), *b = rule_key(p, r->b);
        int la = line_of(p, "rules", a), lb = line_of(p, "rules", b);
        p->lineno = la > lb ? la : lb;
        char sa[48], sb[48];
        snprintf(sa, sizeof sa, "%s = %g%s", a, va, a == r->a ? "" : "kg");
        snprintf(sb, sizeof sb, "%s = %g%s", b, vb, b == r->b ? "" : "kg");
        struct phrase_said said;
        PHRASE_SAY(&said,
                   r->op == REL_LT ? N_("[rules] %s must be below %s: %s")
                                   : N_("[rules] %s must be at most %s: %s"),
                   sa, sb, r->why);
        said.translate = 1u << 2; /* the reason, in the reader's words */
        complain_said(p, &said);
    }
}

/* A kilogram step given by both its keys: true after saying so. */
static bool step_given_twice(struct parse *p)
{
    for (int i = 0; i < N_UNIT_STEPS; i++) {
        int kg_line = line_of(p, "rules", unit_steps[i].kg_key);
        int line = line_of(p, "rules", unit_steps[i].key);
        if (!p->step_set[i][RACK_KG] || !kg_line)
            continue;
        p->lineno = line > kg_line ? line : kg_line;
        char first[16];
        snprintf(first, sizeof first, "%d", line < kg_line ? line : kg_line);
        COMPLAIN(p,
                 N_("[rules] %s and %s both give the kilogram step (first on line %s); keep one"),
                 unit_steps[i].key, unit_steps[i].kg_key, first);
        return true;
    }
    return false;
}

/*
 * The kilogram steps given twice, and the pound steps, once any is given in the file,
 * against one another and the overload margin (the kilogram ones are in `relations`).
 * Pound defaults alone (5 lb, at most 10 lb / 5 lb) are not held to a kilogram margin a
 * gym chose for its kilogram racks.
 */
static void check_steps(struct parse *p)
{
    if (step_given_twice(p))
        return;
    bool lb_given = false;
    for (int i = 0; i < N_UNIT_STEPS; i++)
        lb_given = lb_given || p->step_set[i][RACK_LB];
    if (!lb_given)
        return;
    const struct rules *r = &p->cfg->rules;
    int32_t least_mu = r->smallest_step_mu[RACK_LB];
    int32_t least_g = plates_mu_to_g(RACK_LB, least_mu);
    const struct {
        enum unit_step other; /* N_UNIT_STEPS: the overload margin */
        bool ok;
        const char *fmt, *why;
    } rel[] = {
        {STEP_LOWER_MAX, least_mu <= r->step_lower_max_mu[RACK_LB],
         N_("[rules] smallest_step's pound step %s (%s kg) must be at most %s = %s: %s"),
         N_("the smallest step would override the largest one")},
        {STEP_UPPER_MAX, least_mu <= r->step_upper_max_mu[RACK_LB],
         N_("[rules] smallest_step's pound step %s (%s kg) must be at most %s = %s: %s"),
         N_("the smallest step would override the largest one")},
        {N_UNIT_STEPS, r->overload_margin_g < least_g,
         N_("[rules] smallest_step's pound step %s (%s kg) must be above %s = %s: %s"),
         N_("a load a whole step over the cap would pass as noise")},
    };
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        if (rel[i].ok)
            continue;
        bool margin = rel[i].other == N_UNIT_STEPS;
        const char *key = margin ? "overload_margin_kg" : unit_steps[rel[i].other].key;
        int line = line_of(p, "rules", "smallest_step"), other = line_of(p, "rules", key);
        p->lineno = line > other ? line : other;
        char step[24], to[24], kg[24];
        plates_format(RACK_LB, least_g, step, sizeof step);
        if (margin)
            snprintf(to, sizeof to, "%g", r->overload_margin_g / 1000.0);
        else
            plates_format(RACK_LB,
                          plates_mu_to_g(RACK_LB, rel[i].other == STEP_LOWER_MAX
                                                      ? r->step_lower_max_mu[RACK_LB]
                                                      : r->step_upper_max_mu[RACK_LB]),
                          to, sizeof to);
        snprintf(kg, sizeof kg, "%.3g", least_g / 1000.0);
        struct phrase_said said;
        PHRASE_SAY(&said, rel[i].fmt, step, kg, key, to, rel[i].why);
        said.translate = 1u << 4; /* the reason, in the reader's words */
        complain_said(p, &said);
        return;
    }
}

/*
 * The rack's bar and plates ([rack] unit, bar, plates): caps round down to what they
 * make. Without them the kilogram set on [rules] empty_bar_kg.
 */
static void apply_rack(struct parse *p)
{
    struct config *c = p->cfg;
    int line = 0;
    static const char *const keys[] = {"unit", "bar", "plates"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        int l = line_of(p, "rack", keys[i]);
        line = l > line ? l : line;
    }
    struct plate_set ps;
    c->empty_bar_line = line_of(p, "rules", "empty_bar_kg");
    c->empty_bar_file_g = c->rules.empty_bar_g;
    snprintf(c->path, sizeof c->path, "%s", p->path);
    if (line == 0) {
        ps = c->rules.plates;
        ps.bar_g = c->rules.empty_bar_g;
        plates_build(&ps);
        rules_use_plates(&c->rules, &ps);
        return;
    }
    struct phrase_said why;
    if (plates_parse_said(&ps, c->rack_unit[0] ? c->rack_unit : "kg",
                          c->rack_bar[0] ? c->rack_bar
                                         : (strcmp(c->rack_unit, "lb") == 0 ? "45" : "20"),
                          c->rack_plates[0]                 ? c->rack_plates
                          : strcmp(c->rack_unit, "lb") == 0 ? "45/35/25/10/5/2.5"
                                                            : "25/20/15/10/5/2.5/1.25",
                          &why) != 0) {
        p->lineno = line;
        snprintf(why.lead, sizeof why.lead, "[rack] ");
        complain_said(p, &why);
        return;
    }
    c->rack_line = line;
    int bar_line = line_of(p, "rules", "empty_bar_kg");
    if (bar_line && c->rack_bar[0] && c->rules.empty_bar_g != ps.bar_g) {
        p->lineno = bar_line;
        COMPLAIN(p,
                 N_("[rules] empty_bar_kg differs from [rack] bar: give the bar once, in [rack]"),
                 "");
        return;
    }
    rules_use_plates(&c->rules, &ps);
}

int config_use_plates(struct config *cfg, const struct plate_set sets[2], const char *unit,
                      char err[CONFIG_ERR_MAX])
{
    err[0] = '\0';
    memset(&cfg->problem, 0, sizeof cfg->problem);
    bool lb = cfg->rack_line ? strcmp(cfg->rack_unit, "lb") == 0 : unit && strcmp(unit, "lb") == 0;
    struct plate_set ps = sets[lb ? RACK_LB : RACK_KG];
    struct config_problem *pr = &cfg->problem;
    if (cfg->rack_line) {
        /* checked when the file was read: this only puts the rack's parts over the set */
        if (plates_over_said(&ps, &sets[lb ? RACK_LB : RACK_KG], cfg->rack_bar, cfg->rack_plates,
                             &pr->what) != 0) {
            snprintf(pr->what.lead, sizeof pr->what.lead, "[rack] ");
            pr->line = cfg->rack_line;
        } else if (cfg->empty_bar_line && !cfg->rack_bar[0] && cfg->empty_bar_file_g != ps.bar_g) {
            char bar[24];
            plates_format(ps.unit, ps.bar_g, bar, sizeof bar);
            PHRASE_SAY(&pr->what,
                       N_("[rules] empty_bar_kg differs from the bar of plates.conf's [%s] set "
                          "(%s): give the bar once, as [rack] bar"),
                       lb ? "lb" : "kg", bar);
            pr->line = cfg->empty_bar_line;
        }
        if (pr->line) {
            char what[CONFIG_ERR_MAX];
            phrase_said_fill(what, sizeof what, &pr->what, NULL);
            pr->more = 0;
            snprintf(err, CONFIG_ERR_MAX, "config %.150s line %d: %.150s", cfg->path, pr->line,
                     what);
            return -1;
        }
    } else if (!lb && cfg->empty_bar_line) {
        ps.bar_g = cfg->empty_bar_file_g; /* the bar as [rules] gives it, as before [rack] */
        plates_build(&ps);
    }
    rules_use_plates(&cfg->rules, &ps);
    return 0;
}

/* Hardware needs its lines named: an empty one would fail later, further from the cause. */
static void check_hardware_lines(struct parse *p)
{
    const struct config *c = p->cfg;
    const struct {
        bool hw;
        const char *section, *key, *value;
    } need[] = {
        {c->plate == DRIVER_HARDWARE, "plate", "gpio_chip", c->gpio_chip},
        {c->plate == DRIVER_HARDWARE, "plate", "gpio_sck", c->gpio_sck},
        {c->plate == DRIVER_HARDWARE, "plate", "gpio_dout_left", c->gpio_dout_left},
        {c->plate == DRIVER_HARDWARE, "plate", "gpio_dout_right", c->gpio_dout_right},
        {c->lights == DRIVER_HARDWARE, "lights", "gpio_chip", c->lights_chip},
        {c->lights == DRIVER_HARDWARE, "lights", "gpio_red", c->light_red},
        {c->lights == DRIVER_HARDWARE, "lights", "gpio_amber", c->light_amber},
        {c->lights == DRIVER_HARDWARE, "lights", "gpio_green", c->light_green},
    };
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        if (!need[i].hw || need[i].value[0])
            continue;
        int line = line_of(p, need[i].section, need[i].key);
        p->lineno = line ? line : line_of(p, need[i].section, "driver");
        char what[64];
        snprintf(what, sizeof what, "[%s] %s", need[i].section, need[i].key);
        COMPLAIN(p, N_("%s is empty but driver = hardware needs it"), what);
    }
}

/* --- [server] --- */
bool config_server_enabled(const struct config *cfg)
{
    return cfg->server_connection[0] != '\0';
}

/* A rack name is shown on trainers' screens and keys the rack's records on the server:
 * letters, digits, spaces, '-' and '_', starting with a letter or digit. */
static bool rack_name_ok(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
        return false;
    for (; *s; s++) {
        bool ok = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                  (*s >= '0' && *s <= '9') || *s == ' ' || *s == '-' || *s == '_';
        if (!ok)
            return false;
    }
    return true;
}

/* With a connection the rack needs a name; a name alone is a half-done set-up. */
static void check_server(struct parse *p)
{
    const struct config *c = p->cfg;
    if (c->server_rack[0] && !rack_name_ok(c->server_rack)) {
        p->lineno = line_of(p, "server", "rack");
        COMPLAIN(p, N_("[server] rack '%s' must be letters, digits, spaces, '-' or '_'"),
                 c->server_rack);
    } else if (config_server_enabled(c) && !c->server_rack[0]) {
        int line = line_of(p, "server", "rack");
        p->lineno = line ? line : line_of(p, "server", "connection");
        COMPLAIN(p, N_("[server] rack is empty but connection is set: name this rack"), "");
    } else if (!config_server_enabled(c) && c->server_rack[0]) {
        int line = line_of(p, "server", "connection");
        p->lineno = line ? line : line_of(p, "server", "rack");
        COMPLAIN(p,
                 N_("[server] connection is empty but rack is set: give the gym server's "
                    "connection, or remove rack"),
                 "");
    }
}
/* --- end of [server] --- */

/* A problem with the file as a whole (no line): said in cfg->problem, English in err with
 * the system's own words (detail, NULL none) after it. -1. */
static int file_problem(struct config *cfg, const char *path, char err[CONFIG_ERR_MAX],
                        const char *fmt, const char *detail)
{
    cfg->problem.line = cfg->problem.more = 0;
    phrase_said_set(&cfg->problem.what, fmt, NULL, 0);
    snprintf(err, CONFIG_ERR_MAX, "config %s: %s%s%s%s", path, fmt, detail ? " (" : "",
             detail ? detail : "", detail ? ")" : "");
    return -1;
}

int config_load(const char *path, struct config *cfg, char err[CONFIG_ERR_MAX])
{
    err[0] = '\0';
    memset(&cfg->problem, 0, sizeof cfg->problem);
    cfg->present = false;
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        return file_problem(cfg, path, err,
                            errno == EACCES ? N_("cannot be read: permission denied (check the "
                                                 "file's permissions)")
                                            : N_("cannot be opened (check the file's permissions)"),
                            errno == EACCES ? NULL : strerror(errno));
    }
    /* fopen opens a directory for reading too; reading it then looks like an empty file */
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        fclose(f);
        return file_problem(cfg, path, err,
                            S_ISDIR(sb.st_mode) ? N_("is a directory, not a settings file")
                                                : N_("is not a regular file, not a settings file"),
                            NULL);
    }
    cfg->present = true;
    struct parse *p = calloc(1, sizeof *p);
    if (!p) {
        fclose(f);
        return file_problem(cfg, path, err, N_("cannot be read: out of memory"), NULL);
    }
    *p = (struct parse){.file = f, .cfg = cfg, .path = path, .err = err};
    int bad_line = ini_parse_stream(read_line, p, handler, p);
    bool read_error = ferror(f) != 0;
    fclose(f);
    if (bad_line > 0 && p->n_errors == 0) {
        p->lineno = bad_line;
        COMPLAIN(p, N_("not a 'key = value' line or a [section]"), "");
    } else if (bad_line < 0 || read_error) {
        free(p);
        return file_problem(cfg, path, err, N_("cannot be read (check the disk and the file)"),
                            NULL);
    }
    check_relations(p);
    check_steps(p);
    apply_rack(p);
    check_hardware_lines(p);
    check_sound(p);
    check_server(p);
    int n = p->n_errors;
    cfg->problem.more = n > 1 ? n - 1 : 0;
    if (n > 1) {
        size_t len = strlen(err);
        snprintf(err + len, CONFIG_ERR_MAX - len, " (and %d more problem%s)", n - 1,
                 n > 2 ? "s" : "");
    }
    free(p);
    return n ? -1 : 0;
}
