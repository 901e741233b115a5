/*
 * The stack light and buzzer on GPIO outputs: one line each for red, amber and green,
 * one for the buzzer. LIGHT_RED lights red, and so on; LIGHT_OFF lights none. Relay
 * boards that switch on a low input take active_low. Close turns everything off.
 *
 * A failing chip never stops the kiosk: the failure is logged once and reported by
 * lights_gpio_problem, and the next lights_set opens the chip again and applies the
 * state asked for.
 */
#ifndef LIGHTS_GPIO_H
#define LIGHTS_GPIO_H

#include <stdbool.h>

#include "gpio.h"
#include "lights.h"

#define LIGHTS_GPIO_ERR_MAX GPIO_ERR_MAX

struct lights_gpio_config {
    const char *chip_label;
    const char *red_line;
    const char *amber_line;
    const char *green_line;
    const char *buzzer_line; /* NULL or "": no buzzer fitted */
    bool active_low;
};

/* NULL with a one-line message in err when the chip or a line is wrong. */
struct lights *lights_gpio_open(const struct lights_gpio_config *cfg,
                                char err[LIGHTS_GPIO_ERR_MAX]);
/* The same on any chip: a model in tests. */
struct lights *lights_gpio_open_with(const struct lights_gpio_config *cfg, gpio_open_fn *open_gpio,
                                     void *open_ctx, char err[LIGHTS_GPIO_ERR_MAX]);

/* What is wrong now ("" when nothing); returns true when anything is. */
bool lights_gpio_problem(struct lights *l, char msg[LIGHTS_GPIO_ERR_MAX]);

#endif
