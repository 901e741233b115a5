#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hx711.h"

#define HX711_SCK_HALF_US        1 /* datasheet: PD_SCK high and low at least 0.2 us */
#define HX711_POLL_US            500
#define HX711_TIMEOUT_NUM        3 /* wait for data ready up to 3/2 of a period */
#define HX711_TIMEOUT_DEN        2
#define HX711_RESET_AFTER_MISSES 3
#define HX711_RESET_BACKOFF_MAX  256 /* misses between resets once resets do not help */
#define HX711_SIGN_BIT           0x800000u
#define HX711_DATA_MASK          0xFFFFFFu
#define HX711_ALL_SIDES          ((1u << PLATE_SIDES) - 1)

struct hx711 {
    struct gpio *gpio;
    const struct gpio_clock *clock;
    int sck, dout[PLATE_SIDES], rate; /* line handles; rate -1 when strapped */
    int period_us;
    int64_t settled_us; /* conversions before this are not worth waiting for */
    enum hx711_side_status status[PLATE_SIDES];
    int misses[PLATE_SIDES]; /* in a row */
    int reset_at;            /* misses in a row that trigger the next reset */
    int resets;
    char err[HX711_ERR_MAX];
};

int32_t hx711_sign_extend(uint32_t bits)
{
    return (int32_t)((bits & HX711_DATA_MASK) ^ HX711_SIGN_BIT) - (int32_t)HX711_SIGN_BIT;
}

static int64_t now_us(const struct hx711 *h)
{
    return gpio_now_us(h->clock);
}

static int gpio_failed(struct hx711 *h, const char *what)
{
    int e = errno;
    snprintf(h->err, sizeof h->err, "HX711 on chip '%s': %s failed: %s", h->gpio->label, what,
             strerror(e));
    errno = e;
    return -1;
}

int hx711_reset(struct hx711 *h)
{
    if (gpio_set(h->gpio, h->sck, 1) < 0)
        return gpio_failed(h, "PD_SCK high (power down)");
    gpio_wait_us(h->clock, HX711_POWER_DOWN_HOLD_US);
    if (gpio_set(h->gpio, h->sck, 0) < 0)
        return gpio_failed(h, "PD_SCK low (power up)");
    h->settled_us = now_us(h) + (int64_t)HX711_SETTLE_PERIODS * h->period_us;
    return 0;
}

/* Sides whose DOUT reads low twice running: one glitch on a long wire is not "ready". */
static int ready_sides(struct hx711 *h, unsigned *mask)
{
    unsigned low[2] = {0, 0};
    for (int pass = 0; pass < 2; pass++) {
        for (int side = 0; side < PLATE_SIDES; side++) {
            int v = gpio_get(h->gpio, h->dout[side]);
            if (v < 0)
                return gpio_failed(h, "reading DOUT");
            if (v == 0)
                low[pass] |= 1u << side;
        }
    }
    *mask = low[0] & low[1];
    return 0;
}

/* Waits for data ready; returns 0 with the sides that are ready (maybe none), -1 on error. */
static int wait_ready(struct hx711 *h, unsigned *ready, const atomic_bool *stop)
{
    int64_t t_us = now_us(h);
    int64_t from_us = t_us > h->settled_us ? t_us : h->settled_us;
    int64_t deadline_us = from_us + (int64_t)h->period_us * HX711_TIMEOUT_NUM / HX711_TIMEOUT_DEN;
    for (;;) {
        if (ready_sides(h, ready) < 0)
            return -1;
        if (*ready == HX711_ALL_SIDES || t_us >= deadline_us)
            return 0;
        if (stop && atomic_load(stop)) {
            errno = ECANCELED;
            snprintf(h->err, sizeof h->err, "HX711 read stopped");
            return -1;
        }
        int64_t step_us = deadline_us - t_us;
        gpio_wait_us(h->clock, step_us < HX711_POLL_US ? step_us : HX711_POLL_US);
        t_us = now_us(h);
    }
}

/*
 * One PD_SCK pulse; reads the ready sides' DOUT while it is high when bits is not NULL.
 * Returns 1 when the pulse may have run past HX711_PD_SCK_HIGH_MAX_US, 0 when in time.
 */
static int pulse(struct hx711 *h, unsigned ready, uint32_t *bits)
{
    int64_t start_us = now_us(h);
    if (gpio_set(h->gpio, h->sck, 1) < 0)
        return gpio_failed(h, "PD_SCK high");
    gpio_wait_us(h->clock, HX711_SCK_HALF_US);
    for (int side = 0; bits && side < PLATE_SIDES; side++) {
        if (!(ready & (1u << side)))
            continue;
        int v = gpio_get(h->gpio, h->dout[side]);
        if (v < 0) {
            gpio_failed(h, "reading DOUT");
            gpio_set(h->gpio, h->sck, 0);
            return -1;
        }
        bits[side] = bits[side] << 1 | (uint32_t)v;
    }
    if (gpio_set(h->gpio, h->sck, 0) < 0)
        return gpio_failed(h, "PD_SCK low");
    /* an upper bound on the high time: the edges happen somewhere inside the two calls */
    int overrun = now_us(h) - start_us > HX711_PD_SCK_HIGH_MAX_US;
    gpio_wait_us(h->clock, HX711_SCK_HALF_US);
    return overrun;
}

/* Clocks out one conversion from the ready sides; returns 1 on an overrun, -1 on error. */
static int shift_in(struct hx711 *h, unsigned ready, uint32_t bits[PLATE_SIDES])
{
    for (int i = 0; i < HX711_DATA_BITS + HX711_GAIN_A128_PULSES; i++) {
        int rc = pulse(h, ready, i < HX711_DATA_BITS ? bits : NULL);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* After its last pulse a chip pulls DOUT high until the next conversion. */
static int check_released(struct hx711 *h, unsigned *ready)
{
    for (int side = 0; side < PLATE_SIDES; side++) {
        if (!(*ready & (1u << side)))
            continue;
        int v = gpio_get(h->gpio, h->dout[side]);
        if (v < 0)
            return gpio_failed(h, "reading DOUT");
        if (v == 0) {
            *ready &= ~(1u << side);
            h->status[side] = HX711_SIDE_STUCK_LOW;
        }
    }
    return 0;
}

/* Sides that keep failing get a power cycle, less often while it does not help. */
static int track_misses(struct hx711 *h, unsigned ok)
{
    bool reset = false;
    for (int side = 0; side < PLATE_SIDES; side++) {
        h->misses[side] = (ok & (1u << side)) ? 0 : h->misses[side] + 1;
        reset |= h->misses[side] >= h->reset_at;
    }
    if (ok == HX711_ALL_SIDES)
        h->reset_at = HX711_RESET_AFTER_MISSES;
    if (!reset)
        return 0;
    for (int side = 0; side < PLATE_SIDES; side++)
        h->misses[side] = 0;
    if (h->reset_at < HX711_RESET_BACKOFF_MAX)
        h->reset_at *= 2;
    h->resets++;
    return hx711_reset(h);
}

int hx711_read(struct hx711 *h, struct plate_sample *out, const atomic_bool *stop)
{
    unsigned ready = 0; /* set by wait_ready; gcc -O1 cannot see that */
    if (wait_ready(h, &ready, stop) < 0)
        return -1;
    memset(out, 0, sizeof(*out));
    out->t_us = now_us(h);
    for (int side = 0; side < PLATE_SIDES; side++) {
        h->status[side] = (ready & (1u << side)) ? HX711_SIDE_OK : HX711_SIDE_NOT_READY;
        out->raw[side] = -1; /* what a DOUT that stays high clocks out */
    }
    if (ready) {
        uint32_t bits[PLATE_SIDES] = {0};
        int rc = shift_in(h, ready, bits);
        if (rc < 0)
            return -1;
        if (rc > 0) {
            /* the chips may have powered down mid-word: nothing read can be trusted */
            for (int side = 0; side < PLATE_SIDES; side++)
                h->status[side] = HX711_SIDE_SCK_OVERRUN;
            h->resets++;
            return hx711_reset(h);
        }
        if (check_released(h, &ready) < 0)
            return -1;
        for (int side = 0; side < PLATE_SIDES; side++)
            if (ready & (1u << side))
                out->raw[side] = hx711_sign_extend(bits[side]);
    }
    out->ok_mask = (uint8_t)ready;
    return track_misses(h, ready);
}

static int request(struct hx711 *h, const char *line, const char *role, enum gpio_dir dir,
                   int value, char err[HX711_ERR_MAX])
{
    if (!line || !*line) {
        snprintf(err, HX711_ERR_MAX, "HX711: no GPIO line given for %s", role);
        return -1;
    }
    return gpio_request(h->gpio, line, dir, 0, value, err);
}

struct hx711 *hx711_open(struct gpio *gpio, const struct gpio_clock *clock,
                         const struct hx711_config *cfg, char err[HX711_ERR_MAX])
{
    if (cfg->rate_hz != 10 && cfg->rate_hz != 80) {
        snprintf(err, HX711_ERR_MAX, "HX711 rate must be 10 or 80 samples/s, not %d", cfg->rate_hz);
        return NULL;
    }
    struct hx711 *h = calloc(1, sizeof(*h));
    if (!h) {
        snprintf(err, HX711_ERR_MAX, "HX711: out of memory");
        return NULL;
    }
    h->gpio = gpio;
    h->clock = clock;
    h->sck = h->rate = h->dout[PLATE_LEFT] = h->dout[PLATE_RIGHT] = -1;
    h->period_us = 1000000 / cfg->rate_hz;
    h->reset_at = HX711_RESET_AFTER_MISSES;
    static const char *const dout_role[PLATE_SIDES] = {"the left DOUT", "the right DOUT"};
    if ((h->sck = request(h, cfg->sck_line, "PD_SCK", GPIO_OUTPUT, 0, err)) < 0)
        goto fail;
    for (int side = 0; side < PLATE_SIDES; side++)
        if ((h->dout[side] =
                 request(h, cfg->dout_line[side], dout_role[side], GPIO_INPUT, 0, err)) < 0)
            goto fail;
    /* RATE high selects 80 samples/s */
    if (cfg->rate_line && *cfg->rate_line &&
        (h->rate = request(h, cfg->rate_line, "RATE", GPIO_OUTPUT, cfg->rate_hz == 80, err)) < 0)
        goto fail;
    if (hx711_reset(h) < 0) {
        snprintf(err, HX711_ERR_MAX, "%s", h->err);
        goto fail;
    }
    return h;
fail:
    hx711_close(h);
    return NULL;
}

void hx711_close(struct hx711 *h)
{
    if (!h)
        return;
    if (h->sck >= 0)
        gpio_set(h->gpio, h->sck, 1); /* powered down: under 1 uA until the next open */
    gpio_release(h->gpio, h->rate);
    for (int side = 0; side < PLATE_SIDES; side++)
        gpio_release(h->gpio, h->dout[side]);
    gpio_release(h->gpio, h->sck);
    free(h);
}

int hx711_period_us(const struct hx711 *h)
{
    return h->period_us;
}

enum hx711_side_status hx711_side_status(const struct hx711 *h, enum plate_side side)
{
    return h->status[side];
}

int hx711_resets(const struct hx711 *h)
{
    return h->resets;
}

const char *hx711_error(const struct hx711 *h)
{
    return h->err;
}
