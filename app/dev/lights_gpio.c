#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lights_gpio.h"

#define LINE_NAME_MAX 32

enum output { OUT_RED, OUT_AMBER, OUT_GREEN, OUT_BUZZER, OUTPUTS };

static const char *const output_name[OUTPUTS] = {"red light", "amber light", "green light",
                                                 "buzzer"};

struct lights_gpio {
    struct lights port; /* first, so the port converts back */
    char chip[64];
    char line[OUTPUTS][LINE_NAME_MAX]; /* "" for an output not fitted */
    bool active_low;
    gpio_open_fn *open_gpio;
    void *open_ctx;
    struct gpio *gpio; /* NULL after a failure, until the next set reopens it */
    int handle[OUTPUTS];
    char problem[LIGHTS_GPIO_ERR_MAX];
};

static void close_chip(struct lights_gpio *lg)
{
    for (int i = 0; i < OUTPUTS; i++) {
        gpio_release(lg->gpio, lg->handle[i]);
        lg->handle[i] = -1;
    }
    gpio_close(lg->gpio);
    lg->gpio = NULL;
}

/* Requests every fitted output, all off. */
static int open_chip(struct lights_gpio *lg, char err[LIGHTS_GPIO_ERR_MAX])
{
    lg->gpio = lg->open_gpio(lg->open_ctx, lg->chip, err);
    if (!lg->gpio)
        return -1;
    unsigned flags = lg->active_low ? GPIO_ACTIVE_LOW : 0;
    for (int i = 0; i < OUTPUTS; i++) {
        if (!*lg->line[i])
            continue;
        lg->handle[i] = gpio_request(lg->gpio, lg->line[i], GPIO_OUTPUT, flags, 0, err);
        if (lg->handle[i] < 0) {
            close_chip(lg);
            return -1;
        }
    }
    return 0;
}

static void fail(struct lights_gpio *lg, const char *msg)
{
    if (!*lg->problem)
        fprintf(stderr, "rackside: lights: %s\n", msg);
    snprintf(lg->problem, sizeof lg->problem, "%s", msg);
}

static void lg_set(struct lights *l, enum light light, bool buzzer)
{
    struct lights_gpio *lg = (struct lights_gpio *)l;
    char err[LIGHTS_GPIO_ERR_MAX];
    if (!lg->gpio && open_chip(lg, err) < 0) {
        fail(lg, err);
        return;
    }
    const int want[OUTPUTS] = {
        [OUT_RED] = light == LIGHT_RED,
        [OUT_AMBER] = light == LIGHT_AMBER,
        [OUT_GREEN] = light == LIGHT_GREEN,
        [OUT_BUZZER] = buzzer,
    };
    for (int i = 0; i < OUTPUTS; i++) {
        if (lg->handle[i] < 0 || gpio_set(lg->gpio, lg->handle[i], want[i]) == 0)
            continue;
        snprintf(err, sizeof err, "%s (line '%s' on '%s'): %s; trying again at the next change",
                 output_name[i], lg->line[i], lg->chip, strerror(errno));
        close_chip(lg);
        fail(lg, err);
        return;
    }
    if (*lg->problem)
        fprintf(stderr, "rackside: lights: working again\n");
    lg->problem[0] = '\0';
}

static void lg_close(struct lights *l)
{
    struct lights_gpio *lg = (struct lights_gpio *)l;
    for (int i = 0; lg->gpio && i < OUTPUTS; i++)
        if (lg->handle[i] >= 0)
            gpio_set(lg->gpio, lg->handle[i], 0);
    close_chip(lg);
    free(lg);
}

struct lights *lights_gpio_open_with(const struct lights_gpio_config *cfg, gpio_open_fn *open_gpio,
                                     void *open_ctx, char err[LIGHTS_GPIO_ERR_MAX])
{
    const char *lines[OUTPUTS] = {cfg->red_line, cfg->amber_line, cfg->green_line,
                                  cfg->buzzer_line};
    for (int i = 0; i < OUT_BUZZER; i++) {
        if (!lines[i] || !*lines[i]) {
            snprintf(err, LIGHTS_GPIO_ERR_MAX, "lights: no GPIO line given for the %s",
                     output_name[i]);
            return NULL;
        }
    }
    struct lights_gpio *lg = calloc(1, sizeof(*lg));
    if (!lg) {
        snprintf(err, LIGHTS_GPIO_ERR_MAX, "lights: out of memory");
        return NULL;
    }
    snprintf(lg->chip, sizeof lg->chip, "%s", cfg->chip_label ? cfg->chip_label : "");
    for (int i = 0; i < OUTPUTS; i++) {
        snprintf(lg->line[i], sizeof lg->line[i], "%s", lines[i] ? lines[i] : "");
        lg->handle[i] = -1;
    }
    lg->active_low = cfg->active_low;
    lg->open_gpio = open_gpio;
    lg->open_ctx = open_ctx;
    if (open_chip(lg, err) < 0) {
        free(lg);
        return NULL;
    }
    lg->port = (struct lights){
        .name = "lights-gpio", .set = lg_set, .close = lg_close, .light = LIGHT_OFF};
    return &lg->port;
}

struct lights *lights_gpio_open(const struct lights_gpio_config *cfg, char err[LIGHTS_GPIO_ERR_MAX])
{
    return lights_gpio_open_with(cfg, gpio_open_ctx, NULL, err);
}

bool lights_gpio_problem(struct lights *l, char msg[LIGHTS_GPIO_ERR_MAX])
{
    struct lights_gpio *lg = (struct lights_gpio *)l;
    snprintf(msg, LIGHTS_GPIO_ERR_MAX, "%s", lg->problem);
    return *msg != '\0';
}
