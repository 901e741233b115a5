/* The config file: the shipped file is clean, a bad line is named and the rest applies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../app/config.h"

static char *write_temp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/rackside-conf-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

/* text as a config file over the defaults: config_load's answer; *path the file's name
 * (gone by then) for the messages that name it. */
static int load_text(const char *text, struct config *cfg, char err[CONFIG_ERR_MAX],
                     const char **path)
{
    *path = write_temp(text);
    config_default(cfg);
    int rc = config_load(*path, cfg, err);
    unlink(*path);
    return rc;
}

static void shipped_file_matches_the_defaults(void **state)
{
    (void)state;
    const char *assets = getenv("RACKSIDE_ASSETS");
    char path[512];
    snprintf(path, sizeof path, "%s/config/rackside.conf", assets ? assets : "assets");
    struct config cfg, def;
    config_default(&cfg);
    config_default(&def);
    char err[CONFIG_ERR_MAX];
    assert_int_equal(config_load(path, &cfg, err), 0);
    assert_string_equal(err, "");
    /* one difference on purpose: installed kiosks give new trainers 6-digit PINs, while
     * the simulation keeps the demo trainer's 4 */
    assert_int_equal(cfg.rules.pin_digits, 6);
    cfg.rules.pin_digits = def.rules.pin_digits;
    assert_memory_equal(&cfg.rules, &def.rules, sizeof cfg.rules);
    assert_int_equal(cfg.plate, DRIVER_SIM);
    assert_int_equal(cfg.allow_sim_in_production, 0);
    assert_memory_equal(&cfg.sound, &def.sound, sizeof cfg.sound);
}

static void missing_file_is_defaults(void **state)
{
    (void)state;
    struct config cfg;
    config_default(&cfg);
    char err[CONFIG_ERR_MAX];
    assert_int_equal(config_load("/nonexistent/rackside.conf", &cfg, err), 0);
    assert_int_equal(cfg.rules.rest_us, 120 * 1000000LL);
}

/* The readiness numbers and the plate's stable window land in the rules the core reads. */
static void readiness_and_stable_window_land(void **state)
{
    (void)state;
    char *path = write_temp("[rules]\nreadiness_drop_pct = 12\nreadiness_near_pct = 3\n"
                            "readiness_spread_pct = 20\nreadiness_min_points = 5\n"
                            "[plate]\nstable_window_s = 0.8\nstable_min_kg = 0.25\n"
                            "sway_permille = 45\nside_permille = 200\n");
    struct config cfg;
    config_default(&cfg);
    char err[CONFIG_ERR_MAX];
    assert_int_equal(config_load(path, &cfg, err), 0);
    assert_int_equal(cfg.rules.readiness_drop_pct, 12);
    assert_int_equal(cfg.rules.readiness_near_pct, 3);
    assert_int_equal(cfg.rules.readiness_spread_pct, 20);
    assert_int_equal(cfg.rules.readiness_min_points, 5);
    assert_int_equal(cfg.rules.load_window_us, 800000);
    assert_int_equal(cfg.rules.load_stable_g, 250);
    assert_int_equal(cfg.rules.load_sway_permille, 45);
    assert_int_equal(cfg.rules.load_side_permille, 200);
    unlink(path);
}

static void values_convert_to_units(void **state)
{
    (void)state;
    char *path = write_temp("[rules]\nrest_s = 90\nempty_bar_kg = 15\nsmallest_step_kg = 1.25\n"
                            "tempo_eccentric_ms = 4000\n[plate]\ng_per_count_left = 0.02\n"
                            "gpio_chip = pinctrl-rp1\ndriver = hardware\n");
    struct config cfg;
    config_default(&cfg);
    char err[CONFIG_ERR_MAX];
    assert_int_equal(config_load(path, &cfg, err), 0);
    assert_int_equal(cfg.rules.rest_us, 90 * 1000000LL);
    assert_int_equal(cfg.rules.empty_bar_g, 15000);
    assert_int_equal(cfg.rules.smallest_step_g, 1250);
    assert_int_equal(cfg.rules.tempo_ms[0], 4000);
    assert_true(cfg.cal.g_per_count[PLATE_LEFT] > 0.0199 &&
                cfg.cal.g_per_count[PLATE_LEFT] < 0.0201);
    assert_string_equal(cfg.gpio_chip, "pinctrl-rp1");
    assert_int_equal(cfg.plate, DRIVER_HARDWARE);
    unlink(path);
}

#define TEN "0123456789"
#define LONG_TEXT                                                                                  \
    TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN

static const struct {
    const char *text;
    const char *want; /* in the message */
} bad_files[] = {
    {"[rules]\nrest_s = 60\npain_cap_pct = lots\n", "line 3: 'lots'"},
    {"[rules]\npain_cap_pct = 250\n", "line 2: '250' is not a number in 10..100"},
    {"[rules]\npain_no_lift_min = 5.5\n", "line 2: '5.5' for 'pain_no_lift_min' must be a whole"},
    {"[rules]\nrest_s = 60\nbogus = 1\n", "line 3: unknown setting 'bogus' in [rules]"},
    {"[rules]\nrest_s = 60\n[plate\n", "line 3: not a 'key = value' line"},
    {"[plate]\ndriver = magic\n", "line 2: driver 'magic' is neither sim nor hardware"},
    {"[rules]\nrest_s = 60\n# " LONG_TEXT "\n", "line 3: line longer than 198 characters"},
};

static void bad_lines_are_named_and_the_rest_applies(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
        char *path = write_temp(bad_files[i].text);
        struct config cfg;
        config_default(&cfg);
        char err[CONFIG_ERR_MAX];
        assert_int_equal(config_load(path, &cfg, err), -1);
        if (!strstr(err, bad_files[i].want) || !strstr(err, path))
            fail_msg("case %zu: '%s' lacks '%s'", i, err, bad_files[i].want);
        if (strstr(bad_files[i].text, "rest_s = 60"))
            assert_int_equal(cfg.rules.rest_us, 60 * 1000000LL);
        assert_int_equal(cfg.rules.pain_cap_pct, 90);
        unlink(path);
    }
}

/* A value cut at inih's line limit must not be applied half. */
static void an_overlong_value_is_not_applied(void **state)
{
    (void)state;
    char *path =
        write_temp("[badge]\ndevice = /dev/input/by-id/" LONG_TEXT "\n[rules]\nrest_s = 61\n");
    struct config cfg;
    config_default(&cfg);
    char err[CONFIG_ERR_MAX];
    assert_int_equal(config_load(path, &cfg, err), -1);
    assert_non_null(strstr(err, "line 2: line longer than"));
    assert_string_equal(cfg.badge_device, "");
    assert_int_equal(cfg.rules.rest_us, 61 * 1000000LL); /* lines after it still count */
    unlink(path);
}

/*
 * Nonsense the loader used to accept (issue 7): each file breaks one range, one
 * relation between settings or one rule of the format, and the message must name the
 * file, the line, the key and what is accepted.
 */
static const struct {
    const char *text;
    const char *want;
} nonsense[] = {
    /* relations between settings, one case each */
    {"[rules]\nstep_lower_max_kg = 5\nsmallest_step_kg = 20\n",
     "line 3: [rules] smallest_step_kg = 20 must be at most step_lower_max_kg = 5"},
    {"[rules]\nsmallest_step_kg = 5\nstep_lower_max_kg = 10\n",
     "line 2: [rules] smallest_step_kg = 5 must be at most step_upper_max_kg = 2.5"},
    {"[rules]\noverload_margin_kg = 2.5\n",
     "line 2: [rules] overload_margin_kg = 2.5 must be below smallest_step_kg = 2.5"},
    {"[rules]\npain_cap_min = 7\npain_no_lift_min = 6\n",
     "line 3: [rules] pain_cap_min = 7 must be below pain_no_lift_min = 6"},
    {"[rules]\naway_short_days = 30\naway_long_days = 20\n",
     "line 3: [rules] away_short_days = 30 must be below away_long_days = 20"},
    {"[rules]\naway_long_pct = 95\n",
     "line 2: [rules] away_long_pct = 95 must be at most away_short_pct = 90"},
    {"[rules]\naway_long_days = 60\n",
     "line 2: [rules] away_long_days = 60 must be below best_window_days = 56"},
    {"[rules]\nstand_days = 14\n",
     "line 2: [rules] stand_days = 14 must be below recent_days = 14"},
    {"[rules]\nrecent_days = 60\nstand_days = 7\n",
     "line 2: [rules] recent_days = 60 must be at most best_window_days = 56"},
    {"[rules]\nunrack_min_kg = 30\n",
     "line 2: [rules] unrack_min_kg = 30 must be at most empty_bar_kg = 20"},
    {"[rules]\nidle_after_s = 20\nidle_countdown_s = 30\n",
     "line 3: [rules] idle_countdown_s = 30 must be below idle_after_s = 20"},
    /* ranges */
    {"[rules]\nempty_bar_kg = 0\n",
     "line 2: '0' is not a number in 1..50 kg for [rules] empty_bar_kg"},
    {"[rules]\nunrack_min_kg = 100\n",
     "line 2: '100' is not a number in 1..50 kg for [rules] unrack_min_kg"},
    {"[rules]\ntempo_eccentric_ms = 0\ntempo_bottom_ms = 0\ntempo_concentric_ms = 0\n"
     "tempo_top_ms = 0\n",
     "line 2: '0' is not a number in 500..10000 for [rules] tempo_eccentric_ms"},
    {"[rules]\npin_digits = 9\n", "line 2: '9' is not a number in 4..8 for [rules] pin_digits"},
    {"[rules]\ntrainer_idle_s = 9\n",
     "line 2: '9' is not a number in 10..3600 s for [rules] trainer_idle_s"},
    {"[rules]\npin_lockout_tries = 1\n",
     "line 2: '1' is not a number in 2..20 for [rules] pin_lockout_tries"},
    {"[rules]\npin_lockout_tries = 21\n",
     "line 2: '21' is not a number in 2..20 for [rules] pin_lockout_tries"},
    {"[rules]\npin_lockout_s = 59\n",
     "line 2: '59' is not a number in 60..86400 s for [rules] pin_lockout_s"},
    {"[rules]\npin_lockout_window_s = 0\n",
     "line 2: '0' is not a number in 60..86400 s for [rules] pin_lockout_window_s"},
    {"[plate]\nrate_hz = 37\n", "line 2: '37' is not 10 or 80 for [plate] rate_hz"},
    {"[rules]\nrest_s = 0x78\n", "line 2: '0x78' is not a number in 10..1800 s for [rules] rest_s"},
    {"[rules]\nrest_s = 1e2\n", "line 2: '1e2' is not a number"},
    {"[rules]\nrest_s = inf\n", "line 2: 'inf' is not a number"},
    {"[rules]\nrest_s = nan\n", "line 2: 'nan' is not a number"},
    {"[rules]\nrest_s = +60\n", "line 2: '+60' is not a number"},
    /* format */
    {"[rules]\nrest_s = 60\nrest_s = 90\n",
     "line 3: [rules] rest_s is set twice (first on line 2)"},
    {"[plate]\ndriver = sim\n[plate]\ndriver = hardware\n",
     "line 4: [plate] driver is set twice (first on line 2)"},
    {"[plate]\ndriver = hardwre\n", "line 2: driver 'hardwre' is neither sim nor hardware"},
    {"[plate]\ndriver = hardware\ngpio_sck =\n",
     "line 3: [plate] gpio_sck is empty but driver = hardware needs it"},
    {"[kiosk]\nallow_sim_in_production = yes\n", "line 2: 'yes' is not a number in 0..1"},
    /* [sound] */
    {"[sound]\nvolume_pct = 101\n",
     "line 2: '101' is not a number in 0..100 for [sound] volume_pct"},
    {"[sound]\nvolume_pct = loud\n", "line 2: 'loud' is not a number in 0..100"},
    {"[sound]\nquiet_from = 25:00\nquiet_until = 06:00\n",
     "line 2: '25:00' is not a time HH:MM (00:00..23:59) for [sound] quiet_from"},
    {"[sound]\nquiet_from = 22:00\nquiet_until = 6:00\n",
     "line 3: '6:00' is not a time HH:MM (00:00..23:59) for [sound] quiet_until"},
    {"[sound]\nquiet_from = 22:60\nquiet_until = 06:00\n", "line 2: '22:60' is not a time"},
    {"[sound]\nquiet_from = 22:00\n",
     "line 2: [sound] quiet_from is set without quiet_until: give both ends"},
    {"[sound]\nquiet_until = 06:00\n",
     "line 2: [sound] quiet_until is set without quiet_from: give both ends"},
    {"[sound]\nquiet_from = 07:30\nquiet_until = 07:30\n",
     "line 3: [sound] quiet_from and quiet_until are the same time"},
    {"[sound]\nvolume_pct = 50\nquiet_volume_pct = 60\n",
     "line 3: [sound] quiet_volume_pct = 60 must be at most volume_pct = 50"},
    {"[sound]\nquiet_from = 22:00\nquiet_from = 23:00\nquiet_until = 06:00\n",
     "line 3: [sound] quiet_from is set twice (first on line 2)"},
    {"[sound]\nloudness = 3\n", "line 2: unknown setting 'loudness' in [sound]"},
    /* velocity readiness and the plate's stable window */
    {"[rules]\nreadiness_near_pct = 0\n",
     "line 2: '0' is not a number in 1..25 for [rules] readiness_near_pct"},
    {"[rules]\nreadiness_min_points = 2\n",
     "line 2: '2' is not a number in 3..50 for [rules] readiness_min_points"},
    {"[rules]\nreadiness_spread_pct = 5.5\n",
     "line 2: '5.5' for 'readiness_spread_pct' must be a whole number"},
    {"[plate]\nrate_hz = 80\nstable_window_s = 5\n",
     "line 3: '5' is not a number in 0.1..3 s for [plate] stable_window_s"},
    {"[plate]\nstable_min_kg = 0\n",
     "line 2: '0' is not a number in 0.05..5 kg for [plate] stable_min_kg"},
    {"[plate]\nsway_permille = 1000\n",
     "line 2: '1000' is not a number in 5..200 for [plate] sway_permille"},
    {"[plate]\nside_permille = 10\n",
     "line 2: '10' is not a number in 20..500 for [plate] side_permille"},
};

static void nonsense_is_refused_with_file_line_key_and_range(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof nonsense / sizeof nonsense[0]; i++) {
        char *path = write_temp(nonsense[i].text);
        struct config cfg;
        config_default(&cfg);
        char err[CONFIG_ERR_MAX];
        int rc = config_load(path, &cfg, err);
        if (rc != -1 || !strstr(err, nonsense[i].want) || !strstr(err, path))
            fail_msg("case %zu: rc %d, '%s' lacks '%s'", i, rc, err, nonsense[i].want);
        unlink(path);
    }
}

/* Each relation holds at its edge: equal where "at most" allows it. */
static void relations_accept_their_edges(void **state)
{
    (void)state;
    static const char *const fine[] = {
        "[rules]\nsmallest_step_kg = 2.5\nstep_upper_max_kg = 2.5\nstep_lower_max_kg = 2.5\n",
        "[rules]\npain_cap_min = 5\npain_no_lift_min = 6\n",
        "[rules]\naway_long_pct = 90\naway_short_pct = 90\n",
        "[rules]\nunrack_min_kg = 20\nempty_bar_kg = 20\n",
        "[rules]\nrecent_days = 56\nbest_window_days = 56\n",
        "[rules]\ntempo_eccentric_ms = 500\ntempo_bottom_ms = 0\ntempo_concentric_ms = 0\n",
        "[rules]\nempty_bar_kg = 10\nunrack_min_kg = 5\nrest_s = 60.5\n",
        "[plate]\nrate_hz = 10\n[kiosk]\nallow_sim_in_production = 1\n",
        "[sound]\nvolume_pct = 40\nquiet_volume_pct = 40\n",
        "[sound]\nvolume_pct = 0\nquiet_volume_pct = 0\nquiet_from = 00:00\nquiet_until = 23:59\n",
    };
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
        char *path = write_temp(fine[i]);
        struct config cfg;
        config_default(&cfg);
        char err[CONFIG_ERR_MAX];
        if (config_load(path, &cfg, err) != 0)
            fail_msg("case %zu refused: %s", i, err);
        unlink(path);
    }
}

/* Two problems: the first is named and the count of the rest is given. */
static void more_problems_are_counted(void **state)
{
    (void)state;
    char *path = write_temp("[rules]\nrest_s = 0x10\nempty_bar_kg = 0\npin_digits = 9\n");
    struct config cfg;
    config_default(&cfg);
    char err[CONFIG_ERR_MAX];
    assert_int_equal(config_load(path, &cfg, err), -1);
    assert_non_null(strstr(err, "line 2:"));
    assert_non_null(strstr(err, "(and 2 more problems)"));
    unlink(path);
}

/* A directory or an unreadable path is an error, not an empty file; absence is noted. */
static void a_directory_is_not_a_config(void **state)
{
    (void)state;
    struct config cfg;
    config_default(&cfg);
    char err[CONFIG_ERR_MAX];
    assert_int_equal(config_load("/tmp", &cfg, err), -1);
    assert_non_null(strstr(err, "config /tmp: is a directory"));
    assert_false(cfg.present);
    assert_int_equal(config_load("/nonexistent/rackside.conf", &cfg, err), 0);
    assert_false(cfg.present);
    char *path = write_temp("[plate]\ndriver = sim\n");
    assert_int_equal(config_load(path, &cfg, err), 0);
    assert_true(cfg.present);
    assert_true(cfg.plate_set);
    assert_false(cfg.bar_set);
    unlink(path);
}

/* [sound]: what lands where, in the units the speaker takes. */
static const struct {
    const char *text;
    int volume_pct, quiet_volume_pct, quiet_from_min, quiet_until_min;
} sound_cases[] = {
    {"", 100, 40, -1, -1},
    {"[sound]\nvolume_pct = 80\n", 80, 40, -1, -1},
    {"[sound]\nquiet_from = 21:30\nquiet_until = 06:05\nquiet_volume_pct = 25\n", 100, 25,
     21 * 60 + 30, 6 * 60 + 5},
    {"[sound]\nquiet_until = 14:00\nquiet_from = 12:00\n", 100, 40, 12 * 60, 14 * 60},
    {"[sound]\nquiet_from = 00:00\nquiet_until = 23:59\n", 100, 40, 0, 23 * 60 + 59},
};

static void sound_settings_land(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof sound_cases / sizeof sound_cases[0]; i++) {
        char *path = write_temp(sound_cases[i].text);
        struct config cfg;
        config_default(&cfg);
        char err[CONFIG_ERR_MAX];
        if (config_load(path, &cfg, err) != 0)
            fail_msg("case %zu refused: %s", i, err);
        assert_int_equal(cfg.sound.volume_pct, sound_cases[i].volume_pct);
        assert_int_equal(cfg.sound.quiet_volume_pct, sound_cases[i].quiet_volume_pct);
        assert_int_equal(cfg.sound.quiet_from_min, sound_cases[i].quiet_from_min);
        assert_int_equal(cfg.sound.quiet_until_min, sound_cases[i].quiet_until_min);
        unlink(path);
    }
}

/* The defaults satisfy every range (and, by the load above, every relation). */
static void defaults_are_in_range(void **state)
{
    (void)state;
    struct config cfg;
    config_default(&cfg);
    const struct config_setting *f;
    int n = config_settings(&f);
    for (int i = 0; i < n; i++) {
        double v = config_value(&cfg, &f[i]);
        if (v < f[i].min - 1e-9 || v > f[i].max + 1e-9)
            fail_msg("default %s = %g outside %g..%g", f[i].key, v, f[i].min, f[i].max);
    }
}

/* The rack's plate set: applied to the rules' bar and plates; a bad one is named by
 * file and line, and the kilogram defaults stay. */
static void rack_plates_are_read_and_checked(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *err; /* NULL: clean */
        int32_t bar_g, least_g;
    } cases[] = {
        {"[rack]\nunit = lb\nbar = 45\nplates = 45/35/25/10/5/2.5\n", NULL, 20412, 2268},
        {"[rack]\nunit = kg\nbar = 15\nplates = 20/10/5/2.5\n", NULL, 15000, 5000},
        {"[rack]\nunit = lb\n", NULL, 20412, 2268},
        {"[rules]\nempty_bar_kg = 15\n", NULL, 15000, 2500},
        {"[rack]\nunit = st\n", "line 2: [rack] unit 'st' is neither kg nor lb", 20000, 2500},
        {"[rack]\nbar = 20\nplates = 25/20//5\n", "line 3: [rack] an empty plate", 20000, 2500},
        {"[rack]\nplates = 25/0.1\n", "line 2: [rack] '0.1' is not a plate weight", 20000, 2500},
        {"[rack]\nplates = 25x0\n", "line 2: [rack] '25x0': pairs after x", 20000, 2500},
        {"[rack]\nplates = 25/25\n", "line 2: [rack] plate '25' is listed twice", 20000, 2500},
        {"[rack]\nbar = 100\n", "line 2: [rack] bar '100' is not a bar's weight", 20000, 2500},
        {"[rack]\nbar = 20\nplates = 25/20/15\n", NULL, 20000, 30000}, /* coarse, but a set */
        /* micro-plates: a pair of 0.5 lb adds 1 lb (453.59 g) */
        {"[rack]\nunit = lb\nplates = 45/2.5/0.5\n", NULL, 20412, 454},
        {"[rack]\nunit = lb\nplates = 45/2.33\n",
         "line 3: [rack] '45/2.33': no common step to count loads in", 20000, 2500},
        {"[rules]\nempty_bar_kg = 15\n[rack]\nbar = 20\n",
         "line 2: [rules] empty_bar_kg differs from [rack] bar", 20000, 2500},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct config cfg;
        char err[CONFIG_ERR_MAX];
        const char *path;
        int rc = load_text(cases[i].text, &cfg, err, &path);
        if (!cases[i].err) {
            assert_int_equal(rc, 0);
        } else {
            assert_int_equal(rc, -1);
            if (!strstr(err, cases[i].err) || !strstr(err, path))
                fail_msg("case %zu: '%s' not in '%s'", i, cases[i].err, err);
        }
        if (cases[i].err && strstr(cases[i].err, "empty_bar_kg"))
            continue; /* the bar line applied; which wins is the error's point */
        assert_int_equal(cfg.rules.plates.bar_g, cases[i].bar_g);
        assert_int_equal(cfg.rules.empty_bar_g, cases[i].bar_g);
        assert_int_equal(plates_smallest_increment_g(&cfg.rules.plates), cases[i].least_g);
    }
}

/*
 * The smallest progression step is the rack's unit's ([rules] smallest_step, "5lb" /
 * "2.5kg" or one of each; smallest_step_kg the kilogram one as before): a pound rack
 * steps by 5 lb unless told, never by 2.5 kg (5.5 lb). A bad value is named with what it
 * takes. Every case but the kilogram ones failed before (a pound rack read 2500 g).
 */
static void smallest_step_per_unit(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *err; /* NULL: clean */
        int32_t step_g;  /* the rack's, in grams */
    } cases[] = {
        {"", NULL, 2500},
        {"[rack]\nunit = lb\n", NULL, 2268}, /* 5 lb */
        /* micro-plates: a 1 lb step is under the 1 kg overload margin, which must come down */
        {"[rack]\nunit = lb\nplates = 45/25/10/5/2.5/1.25/0.5\n[rules]\nsmallest_step = 1lb\n"
         "overload_margin_kg = 0.4\n",
         NULL, 454},
        {"[rack]\nunit = lb\n[rules]\nsmallest_step = 1lb\n",
         "line 4: [rules] smallest_step's pound step 1 lb (0.454 kg) must be above "
         "overload_margin_kg = 1: a load a whole step over the cap would pass as noise",
         454},
        {"[rules]\nsmallest_step = 1lb\noverload_margin_kg = 0.4\n", NULL, 2500}, /* kg: 2.5 kg */
        {"[rules]\nsmallest_step = 1.25kg 2 lb\noverload_margin_kg = 0.5\n[rack]\nunit = lb\n",
         NULL, 907},
        {"[rules]\nsmallest_step = 1.25 kg, 2lb\noverload_margin_kg = 0.5\n", NULL, 1250},
        {"[rules]\nsmallest_step_kg = 1.5\n", NULL, 1500},
        /* the old key is the kilogram rack's: a pound rack keeps its own */
        {"[rules]\nsmallest_step_kg = 1.5\n[rack]\nunit = lb\n", NULL, 2268},
        {"[rules]\nsmallest_step = 5lbs\n",
         "line 2: '5lbs' is not a step with its unit for [rules] smallest_step: give it as 2.5kg",
         2500},
        {"[rules]\nsmallest_step = 2.5\n", "line 2: '2.5' is not a step with its unit", 2500},
        {"[rules]\nsmallest_step = 50lb\n", "(0.5..45)", 2500},
        {"[rules]\nsmallest_step = 0.1kg\n", "2.5kg (0.25..20)", 2500},
        {"[rules]\nsmallest_step = 2kg 1kg\n", "'2kg 1kg' is not a step with its unit", 2500},
        {"[rules]\nsmallest_step = -1kg\n", "'-1kg' is not a step", 2500},
        {"[rules]\nsmallest_step_kg = 1\nsmallest_step = 1.25kg\n",
         "line 3: [rules] smallest_step and smallest_step_kg both give the kilogram step (first "
         "on line 2); keep one",
         1250},
        {"[rules]\nsmallest_step = 3kg\n",
         "line 2: [rules] smallest_step = 3kg must be at most step_upper_max_kg = 2.5", 3000},
        /* a pound step against the pound rack's own largest step (5 lb upper body) */
        {"[rules]\nsmallest_step = 10lb\n[rack]\nunit = lb\n",
         "line 2: [rules] smallest_step's pound step 10 lb (4.54 kg) must be at most "
         "step_upper_max = 5 lb",
         4536},
        {"[rules]\noverload_margin_kg = 2\nsmallest_step = 2.5kg 4lb\n",
         "line 3: [rules] smallest_step's pound step 4 lb (1.81 kg) must be above "
         "overload_margin_kg = 2",
         2500},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct config cfg;
        char err[CONFIG_ERR_MAX];
        const char *path;
        int rc = load_text(cases[i].text, &cfg, err, &path);
        if (cases[i].err ? rc != -1 || !strstr(err, cases[i].err) || !strstr(err, path) : rc != 0)
            fail_msg("case %zu: rc %d '%s', want '%s'", i, rc, err,
                     cases[i].err ? cases[i].err : "clean");
        if (cfg.rules.smallest_step_g != cases[i].step_g)
            fail_msg("case %zu: step %d g, want %d g", i, cfg.rules.smallest_step_g,
                     cases[i].step_g);
    }
}

/*
 * The largest steps are the rack's unit's too ([rules] step_lower_max / step_upper_max,
 * "5kg 10lb"; the _kg keys still set the kilogram rack's): 10 lb / 5 lb on a pound rack by
 * default, never 5 kg / 2.5 kg (11.02 / 5.51 lb). Every pound case failed before (a pound
 * rack read 5000 / 2500 g, and the new keys were unknown).
 */
static void largest_steps_per_unit(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *err;          /* NULL: clean */
        int32_t lower_g, upper_g; /* the rack's, in grams */
    } cases[] = {
        {"", NULL, 5000, 2500},
        {"[rack]\nunit = lb\n", NULL, 4536, 2268}, /* 10 lb, 5 lb */
        {"[rules]\nstep_lower_max_kg = 4\nstep_upper_max_kg = 3\n", NULL, 4000, 3000},
        /* the old keys are the kilogram rack's: a pound rack keeps its own */
        {"[rules]\nstep_lower_max_kg = 4\n[rack]\nunit = lb\n", NULL, 4536, 2268},
        {"[rules]\nstep_lower_max = 4kg 15lb\nstep_upper_max = 7.5lb\n[rack]\nunit = lb\n", NULL,
         6804, 3402},
        {"[rules]\nstep_lower_max = 4kg 15lb\nstep_upper_max = 7.5lb\n", NULL, 4000, 2500},
        {"[rules]\nstep_upper_max = 5lbs\n",
         "line 2: '5lbs' is not a step with its unit for [rules] step_upper_max: give it as 2.5kg "
         "(0.5..50) or 5lb (1..110)",
         2500 * 2, 2500},
        {"[rules]\nstep_lower_max = 8\n", "'8' is not a step with its unit", 5000, 2500},
        {"[rules]\nstep_upper_max_kg = 3\nstep_upper_max = 3kg\n",
         "line 3: [rules] step_upper_max and step_upper_max_kg both give the kilogram step (first "
         "on line 2); keep one",
         5000, 3000},
        {"[rules]\nstep_upper_max = 2kg\n",
         "line 2: [rules] smallest_step_kg = 2.5 must be at most "
         "step_upper_max = 2kg",
         5000, 2000},
        {"[rules]\nstep_upper_max = 2.5kg 4lb\n",
         "line 2: [rules] smallest_step's pound step 5 lb (2.27 kg) must be at most "
         "step_upper_max = 4 lb",
         5000, 2500},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *path = write_temp(cases[i].text);
        struct config cfg;
        config_default(&cfg);
        char err[CONFIG_ERR_MAX];
        int rc = config_load(path, &cfg, err);
        unlink(path);
        if (cases[i].err ? rc != -1 || !strstr(err, cases[i].err) || !strstr(err, path) : rc != 0)
            fail_msg("case %zu: rc %d '%s', want '%s'", i, rc, err,
                     cases[i].err ? cases[i].err : "clean");
        if (cfg.rules.step_lower_max_g != cases[i].lower_g ||
            cfg.rules.step_upper_max_g != cases[i].upper_g)
            fail_msg("case %zu: steps %d / %d g, want %d / %d g", i, cfg.rules.step_lower_max_g,
                     cfg.rules.step_upper_max_g, cases[i].lower_g, cases[i].upper_g);
    }
}

/*
 * The rack's plates over plates.conf (config_use_plates): a gym's own sets (a 15 kg bar
 * with 20/10/5/2.5, a 35 lb bar with 45/25/10/5) are the rack's unless [rack] says
 * otherwise; only a [rack] in the file is the rack's own setting (rack_line).
 */
static void rack_plates_over_the_catalogue(void **state)
{
    (void)state;
    struct plate_set sets[2];
    char why[PLATES_ERR_MAX];
    assert_int_equal(plates_parse(&sets[RACK_KG], "kg", "15", "20/10/5/2.5", why), 0);
    assert_int_equal(plates_parse(&sets[RACK_LB], "lb", "35", "45/25/10/5", why), 0);
    static const struct {
        const char *text, *unit; /* the file; --unit (NULL: none) */
        const char *err;         /* NULL: clean */
        enum rack_unit want_unit;
        int32_t bar_g, least_g;
        bool own; /* the file set the rack */
    } cases[] = {
        {"", NULL, NULL, RACK_KG, 15000, 5000, false},
        {"", "lb", NULL, RACK_LB, 15876, 4536, false},
        {"", "kg", NULL, RACK_KG, 15000, 5000, false},
        {"[rules]\nempty_bar_kg = 20\n", NULL, NULL, RACK_KG, 20000, 5000, false},
        {"[rules]\nempty_bar_kg = 20\n", "lb", NULL, RACK_LB, 15876, 4536, false},
        {"[rack]\nunit = lb\n", NULL, NULL, RACK_LB, 15876, 4536, true},
        {"[rack]\nunit = lb\n", "kg", NULL, RACK_LB, 15876, 4536, true},
        {"[rack]\nunit = kg\n", "lb", NULL, RACK_KG, 15000, 5000, true},
        {"[rack]\nbar = 20\n", NULL, NULL, RACK_KG, 20000, 5000, true},
        {"[rack]\nplates = 25/1.25\n", NULL, NULL, RACK_KG, 15000, 2500, true},
        {"[rack]\nunit = lb\nbar = 45\nplates = 45/35/25/10/5/2.5\n", NULL, NULL, RACK_LB, 20412,
         2268, true},
        {"[rules]\nempty_bar_kg = 15\n[rack]\nunit = kg\n", NULL, NULL, RACK_KG, 15000, 5000, true},
        {"[rules]\nempty_bar_kg = 20\n[rack]\nunit = kg\n", NULL,
         "line 2: [rules] empty_bar_kg differs from the bar of plates.conf's [kg] set (15 kg)",
         RACK_KG, 20000, 2500, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *path = write_temp(cases[i].text);
        struct config cfg;
        config_default(&cfg);
        char err[CONFIG_ERR_MAX];
        assert_int_equal(config_load(path, &cfg, err), 0);
        int rc = config_use_plates(&cfg, sets, cases[i].unit, err);
        unlink(path);
        if (cases[i].err) {
            if (rc != -1 || !strstr(err, cases[i].err) || !strstr(err, path))
                fail_msg("case %zu: '%s' not in '%s'", i, cases[i].err, err);
        } else if (rc != 0) {
            fail_msg("case %zu: %s", i, err);
        }
        if ((cfg.rack_line != 0) != cases[i].own)
            fail_msg("case %zu: rack_line %d", i, cfg.rack_line);
        if (cfg.rules.plates.unit != cases[i].want_unit ||
            cfg.rules.plates.bar_g != cases[i].bar_g || cfg.rules.empty_bar_g != cases[i].bar_g ||
            plates_smallest_increment_g(&cfg.rules.plates) != cases[i].least_g)
            fail_msg("case %zu: %s bar %d g, least %d g; want %s %d g, %d g", i,
                     plates_unit_name(cfg.rules.plates.unit), cfg.rules.plates.bar_g,
                     plates_smallest_increment_g(&cfg.rules.plates),
                     plates_unit_name(cases[i].want_unit), cases[i].bar_g, cases[i].least_g);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_file_matches_the_defaults),
        cmocka_unit_test(rack_plates_over_the_catalogue),
        cmocka_unit_test(missing_file_is_defaults),
        cmocka_unit_test(values_convert_to_units),
        cmocka_unit_test(readiness_and_stable_window_land),
        cmocka_unit_test(bad_lines_are_named_and_the_rest_applies),
        cmocka_unit_test(an_overlong_value_is_not_applied),
        cmocka_unit_test(nonsense_is_refused_with_file_line_key_and_range),
        cmocka_unit_test(relations_accept_their_edges),
        cmocka_unit_test(more_problems_are_counted),
        cmocka_unit_test(a_directory_is_not_a_config),
        cmocka_unit_test(defaults_are_in_range),
        cmocka_unit_test(sound_settings_land),
        cmocka_unit_test(rack_plates_are_read_and_checked),
        cmocka_unit_test(smallest_step_per_unit),
        cmocka_unit_test(largest_steps_per_unit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
