/*
 * Plate load filter: raw HX711 counts per side in, grams out.
 *
 * The plate has two HX711s, left and right. Each sample carries both sides' raw
 * 24-bit counts (sign-extended) and whether each side answered. The filter converts
 * with the calibration, keeps a short window and says whether the load is stable
 * (spread inside the window under rules.load_stable_g) so body weight and bar load
 * are captured only from a still plate.
 *
 * A side that did not answer, or answered with an HX711 saturation code, counts as
 * unknown for that sample. A side unknown for the whole window is a fault: the reading
 * then holds only the sides that are known, and is never stable.
 */
#ifndef LOAD_H
#define LOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "rules.h"

enum plate_side { PLATE_LEFT, PLATE_RIGHT, PLATE_SIDES };

/* What the plate says happened: a person stepped on or off, the bar left or met the hooks. */
enum load_event {
    LOAD_EVENT_NONE,
    LOAD_EVENT_STEP_ON,
    LOAD_EVENT_STEP_OFF,
    LOAD_EVENT_UNRACK,
    LOAD_EVENT_RERACK,
};

/* "step_on", "step_off", "unrack", "rerack" (the analyser's JSON); "" for none. */
const char *load_event_name(enum load_event e);

struct plate_sample {
    int64_t t_us;
    int32_t raw[PLATE_SIDES]; /* sign-extended 24-bit counts */
    uint8_t ok_mask;          /* bit per side: 1 = the HX711 answered in time */
};

struct load_calibration {
    int32_t offset[PLATE_SIDES];     /* raw counts with nothing on the plate */
    double g_per_count[PLATE_SIDES]; /* from a known weight */
};

#define LOAD_WINDOW_MAX 256

struct load_reading {
    int64_t t_us;
    int32_t total_g;
    int32_t side_g[PLATE_SIDES];
    bool stable; /* window covered, spread <= rules.load_stable_g, no fault */
    bool fault;  /* a side has not answered for the whole window */
};

struct load_filter {
    struct load_calibration cal;
    int64_t window_us;
    int32_t stable_g;
    struct {
        int64_t t_us;
        int32_t side_g[PLATE_SIDES];
        uint8_t ok_mask;
    } ring[LOAD_WINDOW_MAX];
    int head;  /* next slot to write */
    int count; /* valid entries */
};

void load_filter_init(struct load_filter *f, const struct load_calibration *cal,
                      const struct rules *rules);
void load_filter_push(struct load_filter *f, const struct plate_sample *s);
/* The reading over the last rules.load_window_us before the newest sample: side_g is the
 * mean of each side's known samples, total_g their sum. All zero before the first push. */
void load_filter_read(const struct load_filter *f, struct load_reading *out);

/* Rounds a load down to what the rack's plates can make: bar + n * smallest step.
 * Anything at or below the empty bar gives the empty bar, the lightest load there is. */
int32_t load_round_down(const struct rules *rules, int32_t load_g);

#endif
