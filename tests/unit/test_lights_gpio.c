/* The stack light and buzzer on GPIO outputs, against the model chip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/dev/lights_gpio.h"
#include "hx711_model.h"

static const struct lights_gpio_config fitted = {.chip_label = "model-gpio",
                                                 .red_line = "RED",
                                                 .amber_line = "AMBER",
                                                 .green_line = "GREEN",
                                                 .buzzer_line = "BUZZER"};

static const int output_lines[] = {LINE_RED, LINE_AMBER, LINE_GREEN, LINE_BUZZER};
#define OUTPUTS 4

static const struct {
    enum light light;
    bool buzzer;
    int on[OUTPUTS]; /* red, amber, green, buzzer */
} states[] = {
    {LIGHT_OFF, false, {0, 0, 0, 0}},   {LIGHT_GREEN, false, {0, 0, 1, 0}},
    {LIGHT_AMBER, false, {0, 1, 0, 0}}, {LIGHT_RED, false, {1, 0, 0, 0}},
    {LIGHT_RED, true, {1, 0, 0, 1}},    {LIGHT_OFF, true, {0, 0, 0, 1}},
    {LIGHT_GREEN, false, {0, 0, 1, 0}},
};

static void assert_levels(struct hx711_model *m, const int on[OUTPUTS], bool active_low)
{
    for (int i = 0; i < OUTPUTS; i++)
        if (m->lines[output_lines[i]].level != (on[i] ^ active_low))
            fail_msg("%s is at level %d, want %d", model_line_names[output_lines[i]],
                     m->lines[output_lines[i]].level, on[i] ^ active_low);
}

static void check_states(bool active_low)
{
    struct hx711_model m;
    model_init(&m, 10, 1);
    struct lights_gpio_config cfg = fitted;
    cfg.active_low = active_low;
    char err[LIGHTS_GPIO_ERR_MAX];
    struct lights *l = lights_gpio_open_with(&cfg, model_open, &m, err);
    assert_non_null(l);
    static const int all_off[OUTPUTS] = {0};
    assert_levels(&m, all_off, active_low);
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
        lights_set(l, states[i].light, states[i].buzzer);
        assert_levels(&m, states[i].on, active_low);
        assert_int_equal(l->light, states[i].light);
    }
    lights_set(l, LIGHT_RED, true);
    lights_close(l);
    assert_levels(&m, all_off, active_low);
    for (int i = 0; i < OUTPUTS; i++)
        assert_false(m.lines[output_lines[i]].requested);
    model_destroy(&m);
}

static void test_states(void **state)
{
    (void)state;
    check_states(false);
}

static void test_states_active_low(void **state)
{
    (void)state;
    check_states(true);
}

static void test_no_buzzer_fitted(void **state)
{
    (void)state;
    struct hx711_model m;
    model_init(&m, 10, 1);
    struct lights_gpio_config cfg = fitted;
    cfg.buzzer_line = NULL;
    char err[LIGHTS_GPIO_ERR_MAX];
    struct lights *l = lights_gpio_open_with(&cfg, model_open, &m, err);
    assert_non_null(l);
    assert_false(m.lines[LINE_BUZZER].requested);
    lights_set(l, LIGHT_RED, true);
    assert_int_equal(m.lines[LINE_RED].level, 1);
    assert_int_equal(m.lines[LINE_BUZZER].level, 0);
    assert_false(lights_gpio_problem(l, err));
    lights_close(l);
    model_destroy(&m);
}

static void test_open_errors(void **state)
{
    (void)state;
    struct lights_gpio_config bad_line = fitted, no_red = fitted, bad_chip = fitted;
    bad_line.green_line = "BLUE";
    no_red.red_line = "";
    bad_chip.chip_label = "pinctrl-rp1";
    const struct {
        const struct lights_gpio_config *cfg;
        const char *says;
    } cases[] = {{&bad_line, "'BLUE'"}, {&no_red, "red light"}, {&bad_chip, "'pinctrl-rp1'"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct hx711_model m;
        model_init(&m, 10, 1);
        char err[LIGHTS_GPIO_ERR_MAX] = "";
        assert_null(lights_gpio_open_with(cases[i].cfg, model_open, &m, err));
        if (!strstr(err, cases[i].says))
            fail_msg("\"%s\" does not say %s", err, cases[i].says);
        for (int id = 0; id < MODEL_LINES; id++)
            assert_false(m.lines[id].requested);
        model_destroy(&m);
    }
}

/* The chip fails: set reports it and lets go of the chip; the next change reopens it. */
static void test_failure_and_recovery(void **state)
{
    (void)state;
    struct hx711_model m;
    model_init(&m, 10, 1);
    char err[LIGHTS_GPIO_ERR_MAX];
    struct lights *l = lights_gpio_open_with(&fitted, model_open, &m, err);
    assert_non_null(l);
    lights_set(l, LIGHT_GREEN, false);
    m.fail_ops = true;
    m.fail_open = true;
    lights_set(l, LIGHT_RED, true);
    char msg[LIGHTS_GPIO_ERR_MAX];
    assert_true(lights_gpio_problem(l, msg));
    assert_non_null(strstr(msg, "'RED'"));
    assert_non_null(strstr(msg, strerror(ENODEV)));
    for (int i = 0; i < OUTPUTS; i++)
        assert_false(m.lines[output_lines[i]].requested);
    lights_set(l, LIGHT_AMBER, false); /* still gone: reopening fails, reported */
    assert_true(lights_gpio_problem(l, msg));
    assert_non_null(strstr(msg, "model-gpio"));

    m.fail_ops = false;
    m.fail_open = false;
    lights_set(l, LIGHT_RED, true);
    assert_false(lights_gpio_problem(l, msg));
    static const int red_buzzer[OUTPUTS] = {1, 0, 0, 1};
    assert_levels(&m, red_buzzer, false);
    lights_close(l);
    model_destroy(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_states),
        cmocka_unit_test(test_states_active_low),
        cmocka_unit_test(test_no_buzzer_fitted),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_failure_and_recovery),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
