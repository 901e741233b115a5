/*
 * GPIO lines, thin: open a chip by its label, request lines by name (or a numeric
 * offset string), get and set their values, release, close.
 *
 * libgpiod 1.x and 2.x differ, so one file per API (gpio_gpiod1.c, gpio_gpiod2.c) fills
 * struct gpio and the Makefile builds the one pkg-config reports. Tests put a software
 * model behind the same struct. Chips are found by label, never by number: gpiochip
 * numbering changes between Pi models and kernels.
 *
 * Bit-banged protocols (HX711) are timed against a struct gpio_clock, so a model of the
 * hardware can own time as well as the lines.
 */
#ifndef GPIO_H
#define GPIO_H

#include <stdbool.h>
#include <stdint.h>

#define GPIO_ERR_MAX   320
#define GPIO_LINES_MAX 8 /* lines one struct gpio holds at once */
#define GPIO_CONSUMER  "rackside"
#define GPIO_DEV_DIR   "/dev"

enum gpio_dir { GPIO_INPUT, GPIO_OUTPUT };

enum gpio_flag {
    GPIO_ACTIVE_LOW = 1u << 0, /* value 1 drives (or reads) the line low */
};

struct gpio {
    const char *label; /* the chip's label */
    /*
     * Requests line (a name, or decimal digits for an offset) for this process. Outputs
     * start at value. Returns a handle >= 0 for the calls below, or -1 with a one-line
     * message in err saying which line, on which chip, and what to do.
     */
    int (*request)(struct gpio *g, const char *line, enum gpio_dir dir, unsigned flags, int value,
                   char err[GPIO_ERR_MAX]);
    int (*get)(struct gpio *g, int handle);            /* 0 or 1; -1 with errno */
    int (*set)(struct gpio *g, int handle, int value); /* 0; -1 with errno */
    void (*release)(struct gpio *g, int handle);       /* accepts -1 */
    void (*close)(struct gpio *g);                     /* releases every line */
};

/*
 * Opens the chip labelled chip_label among dev_dir/gpiochip*. NULL when there is none:
 * err names the label and lists the chips that do exist (or why none could be opened).
 */
struct gpio *gpio_open_dir(const char *dev_dir, const char *chip_label, char err[GPIO_ERR_MAX]);

static inline struct gpio *gpio_open(const char *chip_label, char err[GPIO_ERR_MAX])
{
    return gpio_open_dir(GPIO_DEV_DIR, chip_label, err);
}

/* How a port opens its chip: gpio_open on hardware, a model in tests. */
typedef struct gpio *gpio_open_fn(void *ctx, const char *chip_label, char err[GPIO_ERR_MAX]);
struct gpio *gpio_open_ctx(void *ctx, const char *chip_label, char err[GPIO_ERR_MAX]);

static inline int gpio_request(struct gpio *g, const char *line, enum gpio_dir dir, unsigned flags,
                               int value, char err[GPIO_ERR_MAX])
{
    return g->request(g, line, dir, flags, value, err);
}

static inline int gpio_get(struct gpio *g, int handle)
{
    return g->get(g, handle);
}

static inline int gpio_set(struct gpio *g, int handle, int value)
{
    return g->set(g, handle, value);
}

static inline void gpio_release(struct gpio *g, int handle)
{
    if (g && handle >= 0)
        g->release(g, handle);
}

static inline void gpio_close(struct gpio *g)
{
    if (g)
        g->close(g);
}

/* The time lines are driven against: the monotonic clock on hardware, a model's in tests. */
struct gpio_clock {
    int64_t (*now_us)(void *ctx);
    /* Waits at least us. Short waits spin, so the scheduler cannot stretch them. */
    void (*wait_us)(void *ctx, int64_t us);
    void *ctx;
};

/* CLOCK_MONOTONIC in microseconds; waits under GPIO_SPIN_MAX_US spin, longer ones sleep. */
#define GPIO_SPIN_MAX_US 200
extern const struct gpio_clock gpio_clock_monotonic;

static inline int64_t gpio_now_us(const struct gpio_clock *c)
{
    return c->now_us(c->ctx);
}

static inline void gpio_wait_us(const struct gpio_clock *c, int64_t us)
{
    c->wait_us(c->ctx, us);
}

/* Shared by the backends. */
/* "17" → 17. Returns false for anything but plain decimal digits in range. */
bool gpio_parse_offset(const char *line, unsigned *offset);
/* The gpiochip* entries of dev_dir, sorted by number; returns how many (0..max), -1 on error. */
int gpio_chip_names(const char *dev_dir, char names[][32], int max);

#define GPIO_LABEL_MAX 64
/*
 * The one thing each libgpiod API file does for the chip scan in gpio.c: open the chip
 * at path and return it when its label is want_label. Otherwise NULL, with the label it
 * has in label (errno 0), or with label empty and errno saying why it did not open.
 */
struct gpio *gpio_chip_try(const char *path, const char *want_label, char label[GPIO_LABEL_MAX]);

#endif
