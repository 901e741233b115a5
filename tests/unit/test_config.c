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
    assert_memory_equal(&cfg.rules, &def.rules, sizeof cfg.rules);
    assert_int_equal(cfg.plate, DRIVER_SIM);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_file_matches_the_defaults),
        cmocka_unit_test(missing_file_is_defaults),
        cmocka_unit_test(values_convert_to_units),
        cmocka_unit_test(bad_lines_are_named_and_the_rest_applies),
        cmocka_unit_test(an_overlong_value_is_not_applied),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
