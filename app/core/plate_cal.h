/*
 * Plate calibration with a known weight: the arithmetic shared by `rackside-ctl calibrate`
 * and the kiosk. Counts are raw HX711 words per side; grams inside, kg or lb at the edges.
 *
 * The operator captures the empty plate (the zero), then the weight over the left side's
 * cells and over the right side's (a 2x2 system: a weight over one side still leans on
 * the other), or once in the middle (each side takes half). A check placement elsewhere
 * gives the residual the operator is shown.
 */
#ifndef PLATE_CAL_H
#define PLATE_CAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "load.h"

/* The mean of the middle half of n words (glitches and the noise's tails left out). */
double plate_cal_trimmed_mean(const int32_t *words, int n);

/*
 * Grams per count per side from the captures (counts per side: zero, weight over the left
 * cells or in the middle (a), weight over the right cells (b, unused when middle)); the
 * offsets are the zero. False, with the reason (what to do) in why, when they cannot be
 * right: the placements read alike, or a side read the weight the wrong way.
 */
bool plate_cal_solve(const double zero[PLATE_SIDES], const double a[PLATE_SIDES],
                     const double b[PLATE_SIDES], bool middle, double weight_g,
                     struct load_calibration *out, char *why, size_t why_len);

/* What the calibration reads, in grams, for a capture. */
double plate_cal_read_g(const struct load_calibration *cal, const double counts[PLATE_SIDES]);

#endif
