/* What both libgpiod backends share: the clock, offset parsing and the chip listing. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gpio.h"

#define GPIO_CHIPS_MAX 32 /* a Pi 5 has a handful; more is a misconfigured system */

#define GPIO_CHIP_PREFIX "gpiochip"

static int64_t monotonic_now_us(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void monotonic_wait_us(void *ctx, int64_t us)
{
    if (us <= 0)
        return;
    int64_t until_us = monotonic_now_us(ctx) + us;
    if (us < GPIO_SPIN_MAX_US) {
        /* nanosleep would add the timer slack (50 us by default): too long for a clock pulse */
        while (monotonic_now_us(ctx) < until_us) {
        }
        return;
    }
    struct timespec ts = {.tv_sec = until_us / 1000000, .tv_nsec = (until_us % 1000000) * 1000};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
    }
}

const struct gpio_clock gpio_clock_monotonic = {
    .now_us = monotonic_now_us,
    .wait_us = monotonic_wait_us,
};

struct gpio *gpio_open_ctx(void *ctx, const char *chip_label, char err[GPIO_ERR_MAX])
{
    (void)ctx;
    return gpio_open(chip_label, err);
}

bool gpio_parse_offset(const char *line, unsigned *offset)
{
    if (!line || !*line || strspn(line, "0123456789") != strlen(line))
        return false;
    errno = 0;
    unsigned long v = strtoul(line, NULL, 10);
    if (errno || v > UINT_MAX)
        return false;
    *offset = (unsigned)v;
    return true;
}

/* gpiochip10 sorts after gpiochip9 */
static int chip_number(const char *name)
{
    return atoi(name + strlen(GPIO_CHIP_PREFIX));
}

static int by_chip_number(const void *a, const void *b)
{
    int na = chip_number(a), nb = chip_number(b);
    return na != nb ? (na > nb) - (na < nb) : strcmp(a, b);
}

int gpio_chip_names(const char *dev_dir, char names[][32], int max)
{
    DIR *d = opendir(dev_dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < max) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, GPIO_CHIP_PREFIX, strlen(GPIO_CHIP_PREFIX)) != 0 || len >= 32)
            continue;
        memcpy(names[n++], e->d_name, len + 1);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof(names[0]), by_chip_number);
    return n;
}

static void append(char *buf, size_t cap, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, cap - len, fmt, ap);
    va_end(ap);
}

/*
 * Chips are found by label, never by number (numbering differs between Pi models and
 * kernels). When none matches, the message lists every chip seen and why any could
 * not be opened, so the operator can put the right label in the config.
 */
struct gpio *gpio_open_dir(const char *dev_dir, const char *chip_label, char err[GPIO_ERR_MAX])
{
    char names[GPIO_CHIPS_MAX][32];
    int n = gpio_chip_names(dev_dir, names, GPIO_CHIPS_MAX);
    if (n < 0) {
        snprintf(err, GPIO_ERR_MAX, "no GPIO chip labelled '%s': cannot list %s: %s", chip_label,
                 dev_dir, strerror(errno));
        return NULL;
    }
    char seen[GPIO_ERR_MAX] = "";
    bool denied = false;
    for (int i = 0; i < n; i++) {
        char path[512], label[GPIO_LABEL_MAX];
        if (snprintf(path, sizeof path, "%s/%s", dev_dir, names[i]) >= (int)sizeof path)
            continue;
        errno = 0;
        struct gpio *g = gpio_chip_try(path, chip_label, label);
        if (g)
            return g;
        if (errno == ENOMEM) {
            snprintf(err, GPIO_ERR_MAX, "GPIO chip '%s': out of memory", chip_label);
            return NULL;
        }
        if (errno != 0) {
            denied |= errno == EACCES || errno == EPERM;
            append(seen, sizeof seen, "%s%s (cannot open: %s)", *seen ? ", " : "", names[i],
                   strerror(errno));
        } else {
            append(seen, sizeof seen, "%s%s '%s'", *seen ? ", " : "", names[i], label);
        }
    }
    if (n == 0) {
        snprintf(err, GPIO_ERR_MAX,
                 "no GPIO chip labelled '%s': there are no GPIO chips in %s (is this the Pi, "
                 "with its GPIO driver loaded?)",
                 chip_label, dev_dir);
    } else {
        err[0] = '\0';
        append(err, GPIO_ERR_MAX, "no GPIO chip labelled '%s'; chips here: ", chip_label);
        append(err, GPIO_ERR_MAX, "%s%s", seen, denied ? " (add this user to the gpio group)" : "");
    }
    return NULL;
}
