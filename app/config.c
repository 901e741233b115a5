#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <ini.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#define RULE(key, kind, member, min, max)                                                          \
    {                                                                                              \
        "rules", key, kind, offsetof(struct config, rules.member), min, max                        \
    }

static const struct config_setting fields[] = {
    RULE("pain_no_lift_min", CONFIG_INT, pain_no_lift_min, 1, 10),
    RULE("pain_cap_min", CONFIG_INT, pain_cap_min, 1, 10),
    RULE("pain_cap_pct", CONFIG_INT, pain_cap_pct, 10, 100),
    RULE("warmup_min_s", CONFIG_SECONDS, warmup_min_us, 0, 3600),
    RULE("idle_after_s", CONFIG_SECONDS, idle_after_us, 10, 3600),
    RULE("idle_countdown_s", CONFIG_SECONDS, idle_countdown_us, 3, 300),
    RULE("rest_s", CONFIG_SECONDS, rest_us, 10, 1800),
    RULE("tempo_eccentric_ms", CONFIG_INT, tempo_ms[0], 0, 10000),
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
    RULE("empty_bar_kg", CONFIG_KG, empty_bar_g, 0, 50),
    RULE("smallest_step_kg", CONFIG_KG, smallest_step_g, 0.25, 20),
    RULE("step_lower_max_kg", CONFIG_KG, step_lower_max_g, 0.5, 50),
    RULE("step_upper_max_kg", CONFIG_KG, step_upper_max_g, 0.5, 50),
    RULE("step_pct", CONFIG_INT, step_pct, 1, 20),
    RULE("overload_margin_kg", CONFIG_KG, overload_margin_g, 0, 20),
    RULE("unrack_min_kg", CONFIG_KG, unrack_min_g, 1, 100),
    RULE("best_window_days", CONFIG_INT, best_window_days, 7, 365),
    RULE("stand_days", CONFIG_INT, stand_days, 1, 60),
    RULE("recent_days", CONFIG_INT, recent_days, 1, 120),
    RULE("away_short_days", CONFIG_INT, away_short_days, 1, 120),
    RULE("away_long_days", CONFIG_INT, away_long_days, 1, 365),
    RULE("away_short_pct", CONFIG_INT, away_short_pct, 10, 100),
    RULE("away_long_pct", CONFIG_INT, away_long_pct, 10, 100),
    RULE("pin_digits", CONFIG_INT, pin_digits, 4, 8),
    {"plate", "rate_hz", CONFIG_INT, offsetof(struct config, plate_rate_hz), 10, 80},
    {"lights", "active_low", CONFIG_INT, offsetof(struct config, lights_active_low), 0, 1},
    {"plate", "offset_left", CONFIG_INT, offsetof(struct config, cal.offset[PLATE_LEFT]), -8388608,
     8388607},
    {"plate", "offset_right", CONFIG_INT, offsetof(struct config, cal.offset[PLATE_RIGHT]),
     -8388608, 8388607},
    {"plate", "g_per_count_left", CONFIG_DOUBLE,
     offsetof(struct config, cal.g_per_count[PLATE_LEFT]), 1e-6, 1e3},
    {"plate", "g_per_count_right", CONFIG_DOUBLE,
     offsetof(struct config, cal.g_per_count[PLATE_RIGHT]), 1e-6, 1e3},
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
}

struct parse {
    FILE *file;
    struct config *cfg;
    const char *path;
    char *err;
    int n_errors;
    int lineno;
};

static void complain(struct parse *p, const char *fmt, const char *a, const char *b)
{
    if (p->n_errors++ > 0)
        return; /* the first problem is the one to fix first; the rest still apply */
    char what[160];
    snprintf(what, sizeof what, fmt, a, b);
    snprintf(p->err, CONFIG_ERR_MAX, "config %s line %d: %s", p->path, p->lineno, what);
}

static int set_number(struct parse *p, const struct config_setting *f, const char *value)
{
    char *end;
    errno = 0;
    double v = strtod(value, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (errno || end == value || *end != '\0' || v < f->min || v > f->max || v != v) {
        char range[64];
        snprintf(range, sizeof range, "%g..%g", f->min, f->max);
        complain(p, "'%s' is not a number in %s; the default stays", value, range);
        return 0;
    }
    char *base = (char *)p->cfg + f->offset;
    switch (f->unit) {
    case CONFIG_INT:
        if ((double)(int)v != v) {
            complain(p, "'%s' for '%s' must be a whole number; the default stays", value, f->key);
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

static int set_driver(struct parse *p, enum device_driver *d, const char *value)
{
    if (strcmp(value, "sim") == 0)
        *d = DRIVER_SIM;
    else if (strcmp(value, "hardware") == 0)
        *d = DRIVER_HARDWARE;
    else
        complain(p, "driver '%s' is neither sim nor hardware%s", value, "");
    return 1;
}

static int on_entry(void *user, const char *section, const char *key, const char *value, int lineno)
{
    struct parse *p = user;
    (void)lineno;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(section, fields[i].section) == 0 && strcmp(key, fields[i].key) == 0)
            return set_number(p, &fields[i], value);
    for (size_t i = 0; i < sizeof strfields / sizeof strfields[0]; i++) {
        const struct strfield *f = &strfields[i];
        if (strcmp(section, f->section) == 0 && strcmp(key, f->key) == 0) {
            if (strlen(value) >= f->size)
                complain(p, "value of '%s' is too long%s", key, "");
            else
                memcpy((char *)p->cfg + f->offset, value, strlen(value) + 1);
            return 1;
        }
    }
    if (strcmp(key, "driver") == 0) {
        if (strcmp(section, "plate") == 0)
            return set_driver(p, &p->cfg->plate, value);
        if (strcmp(section, "bar") == 0)
            return set_driver(p, &p->cfg->bar, value);
        if (strcmp(section, "badge") == 0)
            return set_driver(p, &p->cfg->badge, value);
        if (strcmp(section, "lights") == 0)
            return set_driver(p, &p->cfg->lights, value);
    }
    complain(p, "unknown setting '%s' in [%s]", key, section);
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
            complain(p, "holds a NUL byte: not a text line; it is ignored%s%s", "", "");
        else
            complain(p, "line longer than %s characters; it is ignored%s", limit, "");
        str[0] = '\0';
    }
    return str;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    struct parse *p = user;
    return on_entry(user, section, name, value, p->lineno);
}

int config_load(const char *path, struct config *cfg, char err[CONFIG_ERR_MAX])
{
    err[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, CONFIG_ERR_MAX, "config %s: %s; using the defaults", path, strerror(errno));
        return -1;
    }
    struct parse p = {.file = f, .cfg = cfg, .path = path, .err = err};
    int bad_line = ini_parse_stream(read_line, &p, handler, &p);
    fclose(f);
    if (bad_line > 0 && p.n_errors == 0) {
        p.lineno = bad_line;
        complain(&p, "not a 'key = value' line or a [section]%s%s", "", "");
    } else if (bad_line < 0) {
        snprintf(err, CONFIG_ERR_MAX, "config %s: cannot read it; using the defaults", path);
        return -1;
    }
    return p.n_errors ? -1 : 0;
}
