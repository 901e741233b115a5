/*
 * The libgpiod backend's chip lookup, as far as a machine without GPIO chips allows:
 * the kernel's gpio-sim and gpio-mockup modules are not available here, so requesting
 * and driving real lines is covered by the model tests (test_hx711, test_lights_gpio)
 * and on the Pi. What runs here: finding a chip by label fails with a message that names
 * the label and lists what exists, the listing order, offsets, and the clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../app/dev/gpio.h"

#define NO_SUCH_LABEL "rackside-no-such-chip"

static void assert_says(const char *msg, const char *part)
{
    if (!strstr(msg, part))
        fail_msg("\"%s\" does not say \"%s\"", msg, part);
}

/* The real /dev: whatever chips this machine has, none carries the label, and each is listed. */
static void test_no_chip_with_label(void **state)
{
    (void)state;
    char err[GPIO_ERR_MAX] = "";
    assert_null(gpio_open(NO_SUCH_LABEL, err));
    assert_says(err, "'" NO_SUCH_LABEL "'");
    char names[32][32];
    int n = gpio_chip_names("/dev", names, 32);
    assert_true(n >= 0);
    if (n == 0)
        assert_says(err, "no GPIO chips in /dev");
    for (int i = 0; i < n; i++)
        assert_says(err, names[i]);
    print_message("%s\n", err);
}

static char *make_dir(const char *const files[], int n)
{
    char *dir = strdup("/tmp/rackside-gpio-XXXXXX");
    assert_non_null(mkdtemp(dir));
    for (int i = 0; i < n; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fclose(f);
    }
    return dir;
}

static void remove_dir(char *dir, const char *const files[], int n)
{
    for (int i = 0; i < n; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
    free(dir);
}

/* Entries that are not GPIO chips are listed with why they could not be opened, in chip
 * number order; other files are ignored. */
static void test_listing_names_what_exists(void **state)
{
    (void)state;
    static const char *const files[] = {"gpiochip10", "gpiochip2", "tty0", "gpiochip0"};
    char *dir = make_dir(files, 4);
    char names[8][32];
    assert_int_equal(gpio_chip_names(dir, names, 8), 3);
    assert_string_equal(names[0], "gpiochip0");
    assert_string_equal(names[1], "gpiochip2");
    assert_string_equal(names[2], "gpiochip10");

    char err[GPIO_ERR_MAX] = "";
    assert_null(gpio_open_dir(dir, "pinctrl-bcm2711", err));
    assert_says(err, "no GPIO chip labelled 'pinctrl-bcm2711'");
    const char *c0 = strstr(err, "gpiochip0 (cannot open");
    const char *c2 = strstr(err, "gpiochip2 (cannot open");
    const char *c10 = strstr(err, "gpiochip10 (cannot open");
    assert_true(c0 && c2 && c10 && c0 < c2 && c2 < c10);
    assert_null(strstr(err, "tty0"));
    remove_dir(dir, files, 4);
}

static void test_empty_and_missing_dir(void **state)
{
    (void)state;
    char *dir = make_dir(NULL, 0);
    char err[GPIO_ERR_MAX] = "";
    assert_null(gpio_open_dir(dir, "pinctrl-rp1", err));
    assert_says(err, "'pinctrl-rp1'");
    assert_says(err, "no GPIO chips in");
    assert_says(err, dir);
    remove_dir(dir, NULL, 0);

    assert_null(gpio_open_dir("/nonexistent-rackside", "pinctrl-rp1", err));
    assert_says(err, "'pinctrl-rp1'");
    assert_says(err, "cannot list /nonexistent-rackside");
}

static void test_parse_offset(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        bool is_offset;
        unsigned offset;
    } cases[] = {
        {"0", true, 0},           {"17", true, 17},
        {"GPIO17", false, 0},     {"", false, 0},
        {"-1", false, 0},         {"1a", false, 0},
        {" 3", false, 0},         {"4294967295", true, 4294967295u},
        {"4294967296", false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned off = 12345;
        assert_int_equal(gpio_parse_offset(cases[i].line, &off), cases[i].is_offset);
        if (cases[i].is_offset)
            assert_int_equal(off, cases[i].offset);
    }
    unsigned off;
    assert_false(gpio_parse_offset(NULL, &off));
}

/* Waits last at least as long as asked, spinning or sleeping. */
static void test_monotonic_wait(void **state)
{
    (void)state;
    const struct gpio_clock *c = &gpio_clock_monotonic;
    static const int64_t waits_us[] = {1, 50, GPIO_SPIN_MAX_US - 1, GPIO_SPIN_MAX_US, 2000};
    for (size_t i = 0; i < sizeof waits_us / sizeof waits_us[0]; i++) {
        int64_t t0 = gpio_now_us(c);
        gpio_wait_us(c, waits_us[i]);
        assert_true(gpio_now_us(c) - t0 >= waits_us[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_chip_with_label),
        cmocka_unit_test(test_listing_names_what_exists),
        cmocka_unit_test(test_empty_and_missing_dir),
        cmocka_unit_test(test_parse_offset),
        cmocka_unit_test(test_monotonic_wait),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
