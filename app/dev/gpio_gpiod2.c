/* struct gpio on libgpiod 2.x (Debian 13, Raspberry Pi OS Trixie). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gpiod.h>

#include "gpio.h"

struct line {
    struct gpiod_line_request *req; /* one request per line: the lines of a port differ in use */
    unsigned offset;
};

struct gpiod2 {
    struct gpio base; /* first, so the port converts back */
    struct gpiod_chip *chip;
    struct line lines[GPIO_LINES_MAX];
    unsigned num_lines;
    char label[64];
};

static struct line *line_of(struct gpiod2 *c, int handle)
{
    if (handle < 0 || handle >= GPIO_LINES_MAX || !c->lines[handle].req) {
        errno = EBADF;
        return NULL;
    }
    return &c->lines[handle];
}

static int find_offset(struct gpiod2 *c, const char *line, unsigned *offset, char err[GPIO_ERR_MAX])
{
    if (gpio_parse_offset(line, offset)) {
        if (*offset < c->num_lines)
            return 0;
        snprintf(err, GPIO_ERR_MAX, "GPIO line offset %u is not on chip '%s' (%u lines)", *offset,
                 c->label, c->num_lines);
        return -1;
    }
    int off = gpiod_chip_get_line_offset_from_name(c->chip, line);
    if (off < 0) {
        snprintf(err, GPIO_ERR_MAX,
                 "no GPIO line named '%s' on chip '%s': use a name gpioinfo shows, or an offset",
                 line, c->label);
        return -1;
    }
    *offset = (unsigned)off;
    return 0;
}

/* Who holds a line, for the "busy" message; "" when unknown. */
static void consumer_of(struct gpiod2 *c, unsigned offset, char *out, size_t cap)
{
    out[0] = '\0';
    struct gpiod_line_info *info = gpiod_chip_get_line_info(c->chip, offset);
    if (!info)
        return;
    const char *user = gpiod_line_info_get_consumer(info);
    if (user)
        snprintf(out, cap, "%s", user);
    gpiod_line_info_free(info);
}

static struct gpiod_line_request *request_line(struct gpiod2 *c, unsigned offset, enum gpio_dir dir,
                                               unsigned flags, int value)
{
    struct gpiod_line_settings *settings = gpiod_line_settings_new();
    struct gpiod_line_config *line_cfg = gpiod_line_config_new();
    struct gpiod_request_config *req_cfg = gpiod_request_config_new();
    struct gpiod_line_request *req = NULL;
    if (!settings || !line_cfg || !req_cfg)
        goto out;
    gpiod_line_settings_set_direction(settings, dir == GPIO_OUTPUT ? GPIOD_LINE_DIRECTION_OUTPUT
                                                                   : GPIOD_LINE_DIRECTION_INPUT);
    gpiod_line_settings_set_active_low(settings, (flags & GPIO_ACTIVE_LOW) != 0);
    if (dir == GPIO_OUTPUT)
        gpiod_line_settings_set_output_value(settings, value ? GPIOD_LINE_VALUE_ACTIVE
                                                             : GPIOD_LINE_VALUE_INACTIVE);
    if (gpiod_line_config_add_line_settings(line_cfg, &offset, 1, settings) < 0)
        goto out;
    gpiod_request_config_set_consumer(req_cfg, GPIO_CONSUMER);
    req = gpiod_chip_request_lines(c->chip, req_cfg, line_cfg);
out:;
    int e = errno;
    gpiod_request_config_free(req_cfg);
    gpiod_line_config_free(line_cfg);
    gpiod_line_settings_free(settings);
    errno = e;
    return req;
}

static int d2_request(struct gpio *g, const char *line, enum gpio_dir dir, unsigned flags,
                      int value, char err[GPIO_ERR_MAX])
{
    struct gpiod2 *c = (struct gpiod2 *)g;
    int slot = 0;
    while (slot < GPIO_LINES_MAX && c->lines[slot].req)
        slot++;
    if (slot == GPIO_LINES_MAX) {
        snprintf(err, GPIO_ERR_MAX, "GPIO line '%s': more than %d lines on chip '%s'", line,
                 GPIO_LINES_MAX, c->label);
        return -1;
    }
    unsigned offset;
    if (find_offset(c, line, &offset, err) < 0)
        return -1;
    struct gpiod_line_request *req = request_line(c, offset, dir, flags, value);
    if (!req) {
        int e = errno;
        char user[64];
        consumer_of(c, offset, user, sizeof user);
        if (e == EBUSY)
            snprintf(err, GPIO_ERR_MAX,
                     "GPIO line '%s' on chip '%s' is busy (used by '%s'): stop that program or "
                     "pick another line",
                     line, c->label, *user ? user : "another program");
        else
            snprintf(err, GPIO_ERR_MAX, "cannot request GPIO line '%s' on chip '%s': %s", line,
                     c->label, strerror(e));
        return -1;
    }
    c->lines[slot] = (struct line){.req = req, .offset = offset};
    return slot;
}

static int d2_get(struct gpio *g, int handle)
{
    struct line *l = line_of((struct gpiod2 *)g, handle);
    if (!l)
        return -1;
    enum gpiod_line_value v = gpiod_line_request_get_value(l->req, l->offset);
    return v == GPIOD_LINE_VALUE_ERROR ? -1 : v == GPIOD_LINE_VALUE_ACTIVE;
}

static int d2_set(struct gpio *g, int handle, int value)
{
    struct line *l = line_of((struct gpiod2 *)g, handle);
    if (!l)
        return -1;
    return gpiod_line_request_set_value(
        l->req, l->offset, value ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE);
}

static void d2_release(struct gpio *g, int handle)
{
    struct gpiod2 *c = (struct gpiod2 *)g;
    struct line *l = line_of(c, handle);
    if (!l)
        return;
    gpiod_line_request_release(l->req);
    *l = (struct line){0};
}

static void d2_close(struct gpio *g)
{
    struct gpiod2 *c = (struct gpiod2 *)g;
    for (int i = 0; i < GPIO_LINES_MAX; i++)
        d2_release(g, c->lines[i].req ? i : -1);
    gpiod_chip_close(c->chip);
    free(c);
}

static struct gpio *wrap(struct gpiod_chip *chip, const char *label, unsigned num_lines)
{
    struct gpiod2 *c = calloc(1, sizeof(*c));
    if (!c) {
        gpiod_chip_close(chip);
        return NULL;
    }
    c->chip = chip;
    c->num_lines = num_lines;
    snprintf(c->label, sizeof c->label, "%s", label);
    c->base = (struct gpio){.label = c->label,
                            .request = d2_request,
                            .get = d2_get,
                            .set = d2_set,
                            .release = d2_release,
                            .close = d2_close};
    return &c->base;
}

struct gpio *gpio_chip_try(const char *path, const char *want_label, char label[GPIO_LABEL_MAX])
{
    label[0] = '\0';
    struct gpiod_chip *chip = gpiod_chip_open(path);
    struct gpiod_chip_info *info = chip ? gpiod_chip_get_info(chip) : NULL;
    if (!info) {
        int e = errno;
        if (chip)
            gpiod_chip_close(chip);
        errno = e;
        return NULL; /* errno says why */
    }
    const char *have = gpiod_chip_info_get_label(info);
    snprintf(label, GPIO_LABEL_MAX, "%s", have ? have : "");
    unsigned num_lines = (unsigned)gpiod_chip_info_get_num_lines(info);
    gpiod_chip_info_free(info);
    if (strcmp(label, want_label) != 0) {
        gpiod_chip_close(chip);
        errno = 0;
        return NULL;
    }
    struct gpio *g = wrap(chip, want_label, num_lines);
    if (!g)
        errno = ENOMEM;
    return g;
}
