/*
 * Two HX711 load-cell ADCs (left and right side of the plate) on one shared PD_SCK line
 * and one DOUT line each, bit-banged through struct gpio.
 *
 * A read waits until both DOUTs are low (data ready), then clocks 24 bits MSB first,
 * reading both DOUTs on each pulse, then one more pulse that keeps channel A at gain
 * 128. A side whose DOUT does not go low in time, or stays low after the last pulse
 * (shorted or garbled), is not ok for that sample; the other side still reads.
 * PD_SCK high for over 60 us powers the chips down, so every pulse is timed: one that
 * may have run over (the thread was preempted) discards the sample and resets both
 * chips. Sides that keep failing get a power-down/reset, with a growing back-off.
 */
#ifndef HX711_H
#define HX711_H

#include <stdatomic.h>
#include <stdint.h>

#include "../core/load.h"
#include "gpio.h"

#define HX711_PD_SCK_HIGH_MAX_US 50  /* datasheet: over 60 us high powers the chip down */
#define HX711_POWER_DOWN_HOLD_US 100 /* SCK high this long surely powers down (and resets) */
#define HX711_DATA_BITS          24
#define HX711_GAIN_A128_PULSES   1 /* pulses after the data: 1 = channel A, gain 128 */
#define HX711_SETTLE_PERIODS     4 /* output settling after a reset: 400 ms at 10/s, 50 at 80/s */
#define HX711_ERR_MAX            GPIO_ERR_MAX

struct hx711_config {
    const char *chip_label;
    const char *sck_line;               /* PD_SCK, shared by both chips */
    const char *dout_line[PLATE_SIDES]; /* DOUT of the left and the right chip */
    const char *rate_line;              /* RATE of both chips; NULL or "" when strapped */
    int rate_hz;                        /* 10 or 80, as RATE is driven or strapped */
};

enum hx711_side_status {
    HX711_SIDE_OK,
    HX711_SIDE_NOT_READY,   /* DOUT never went low in time: dead, unpowered, unwired */
    HX711_SIDE_STUCK_LOW,   /* DOUT still low after the last pulse: shorted or garbled */
    HX711_SIDE_SCK_OVERRUN, /* a clock pulse ran long: the sample was dropped, chips reset */
};

struct hx711;

/*
 * Requests the lines on gpio (which the caller keeps open and closes after hx711_close)
 * and resets both chips. clock times the pulses. NULL with a one-line message in err.
 */
struct hx711 *hx711_open(struct gpio *gpio, const struct gpio_clock *clock,
                         const struct hx711_config *cfg, char err[HX711_ERR_MAX]);

/*
 * Waits for the next conversion (at most 1.5 periods, more while settling after a
 * reset) and reads it into out: t_us from the clock, raw counts sign-extended, ok_mask a
 * bit per side that answered. Returns 0 with a sample (ok_mask may be 0), -1 when a GPIO
 * call failed (errno, hx711_error says what) or *stop became true while waiting
 * (errno ECANCELED). stop may be NULL.
 */
int hx711_read(struct hx711 *h, struct plate_sample *out, const atomic_bool *stop);

/* Powers both chips down and up again; the next read waits for them to settle. */
int hx711_reset(struct hx711 *h);

/* Powers the chips down (SCK left high) and releases the lines; accepts NULL. */
void hx711_close(struct hx711 *h);

int hx711_period_us(const struct hx711 *h);
enum hx711_side_status hx711_side_status(const struct hx711 *h, enum plate_side side);
int hx711_resets(const struct hx711 *h); /* since open, the one at open not counted */
const char *hx711_error(const struct hx711 *h);

/* Two's complement 24 bits (0..0xFFFFFF as clocked out) to a signed count. */
int32_t hx711_sign_extend(uint32_t bits);

#endif
