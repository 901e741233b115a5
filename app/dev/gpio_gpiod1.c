/* struct gpio on libgpiod 1.x (Debian 12, Raspberry Pi OS Bookworm). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gpiod.h>

#include "gpio.h"

struct gpiod1 {
    struct gpio base; /* first, so the port converts back */
    struct gpiod_chip *chip;
    struct gpiod_line *lines[GPIO_LINES_MAX];
    char label[64];
};

static struct gpiod_line *line_of(struct gpiod1 *c, int handle)
{
    if (handle < 0 || handle >= GPIO_LINES_MAX || !c->lines[handle]) {
        errno = EBADF;
        return NULL;
    }
    return c->lines[handle];
}

static struct gpiod_line *find_line(struct gpiod1 *c, const char *line, char err[GPIO_ERR_MAX])
{
    unsigned offset;
    struct gpiod_line *l;
    if (gpio_parse_offset(line, &offset)) {
        l = gpiod_chip_get_line(c->chip, offset);
        if (!l)
            snprintf(err, GPIO_ERR_MAX, "GPIO line offset %u is not on chip '%s' (%u lines)",
                     offset, c->label, gpiod_chip_num_lines(c->chip));
        return l;
    }
    l = gpiod_chip_find_line(c->chip, line);
    if (!l)
        snprintf(err, GPIO_ERR_MAX,
                 "no GPIO line named '%s' on chip '%s': use a name gpioinfo shows, or an offset",
                 line, c->label);
    return l;
}

static int d1_request(struct gpio *g, const char *line, enum gpio_dir dir, unsigned flags,
                      int value, char err[GPIO_ERR_MAX])
{
    struct gpiod1 *c = (struct gpiod1 *)g;
    int slot = 0;
    while (slot < GPIO_LINES_MAX && c->lines[slot])
        slot++;
    if (slot == GPIO_LINES_MAX) {
        snprintf(err, GPIO_ERR_MAX, "GPIO line '%s': more than %d lines on chip '%s'", line,
                 GPIO_LINES_MAX, c->label);
        return -1;
    }
    struct gpiod_line *l = find_line(c, line, err);
    if (!l)
        return -1;
    int req_flags = (flags & GPIO_ACTIVE_LOW) ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0;
    int rc = dir == GPIO_OUTPUT
                 ? gpiod_line_request_output_flags(l, GPIO_CONSUMER, req_flags, value ? 1 : 0)
                 : gpiod_line_request_input_flags(l, GPIO_CONSUMER, req_flags);
    if (rc < 0) {
        int e = errno;
        const char *user = gpiod_line_consumer(l);
        if (e == EBUSY)
            snprintf(err, GPIO_ERR_MAX,
                     "GPIO line '%s' on chip '%s' is busy (used by '%s'): stop that program or "
                     "pick another line",
                     line, c->label, user ? user : "another program");
        else
            snprintf(err, GPIO_ERR_MAX, "cannot request GPIO line '%s' on chip '%s': %s", line,
                     c->label, strerror(e));
        return -1;
    }
    c->lines[slot] = l;
    return slot;
}

static int d1_get(struct gpio *g, int handle)
{
    struct gpiod_line *l = line_of((struct gpiod1 *)g, handle);
    return l ? gpiod_line_get_value(l) : -1;
}

static int d1_set(struct gpio *g, int handle, int value)
{
    struct gpiod_line *l = line_of((struct gpiod1 *)g, handle);
    return l ? gpiod_line_set_value(l, value ? 1 : 0) : -1;
}

static void d1_release(struct gpio *g, int handle)
{
    struct gpiod1 *c = (struct gpiod1 *)g;
    struct gpiod_line *l = line_of(c, handle);
    if (!l)
        return;
    gpiod_line_release(l);
    c->lines[handle] = NULL;
}

static void d1_close(struct gpio *g)
{
    struct gpiod1 *c = (struct gpiod1 *)g;
    for (int i = 0; i < GPIO_LINES_MAX; i++)
        d1_release(g, c->lines[i] ? i : -1);
    gpiod_chip_close(c->chip);
    free(c);
}

static struct gpio *wrap(struct gpiod_chip *chip)
{
    struct gpiod1 *c = calloc(1, sizeof(*c));
    if (!c) {
        gpiod_chip_close(chip);
        return NULL;
    }
    c->chip = chip;
    snprintf(c->label, sizeof c->label, "%s", gpiod_chip_label(chip));
    c->base = (struct gpio){.label = c->label,
                            .request = d1_request,
                            .get = d1_get,
                            .set = d1_set,
                            .release = d1_release,
                            .close = d1_close};
    return &c->base;
}

struct gpio *gpio_chip_try(const char *path, const char *want_label, char label[GPIO_LABEL_MAX])
{
    label[0] = '\0';
    struct gpiod_chip *chip = gpiod_chip_open(path);
    if (!chip)
        return NULL; /* errno says why */
    const char *have = gpiod_chip_label(chip);
    snprintf(label, GPIO_LABEL_MAX, "%s", have ? have : "");
    if (strcmp(label, want_label) != 0) {
        gpiod_chip_close(chip);
        errno = 0;
        return NULL;
    }
    struct gpio *g = wrap(chip);
    if (!g)
        errno = ENOMEM;
    return g;
}
