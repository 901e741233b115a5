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

/* Why captures cannot make a calibration: a kind, said by its phrase (phrase.h: a format
 * whose one argument, when it has one, is the side's grams per count). */
enum plate_cal_fault {
    PLATE_CAL_ALIKE_PLACEMENTS, /* the two placements read alike */
    PLATE_CAL_LEFT_WRONG_WAY,   /* the left side did not read the weight the right way */
    PLATE_CAL_RIGHT_WRONG_WAY,
    PLATE_CAL_FAULTS
};
/* The kinds' sentences in English, with what to do: rackside-ctl prints them, the kiosk's
 * Calibrate page says their translations (assets/i18n). */
extern const char *const plate_cal_faults_en[PLATE_CAL_FAULTS];

#define PLATE_CAL_ARG_MAX 24
struct plate_cal_why {
    enum plate_cal_fault fault;
    char arg[PLATE_CAL_ARG_MAX]; /* the phrase's argument ("-0.0503"), "" none */
};

/*
 * Grams per count per side from the captures (counts per side: zero, weight over the left
 * cells or in the middle (a), weight over the right cells (b, unused when middle)); the
 * offsets are the zero. False, with the reason (its kind and argument) in why, when they
 * cannot be right: the placements read alike, or a side read the weight the wrong way.
 */
bool plate_cal_solve(const double zero[PLATE_SIDES], const double a[PLATE_SIDES],
                     const double b[PLATE_SIDES], bool middle, double weight_g,
                     struct load_calibration *out, struct plate_cal_why *why);

/* why in English (plate_cal_faults_en filled). */
void plate_cal_why_english(const struct plate_cal_why *why, char *out, size_t n);

/* What the calibration reads, in grams, for a capture. */
double plate_cal_read_g(const struct load_calibration *cal, const double counts[PLATE_SIDES]);

#endif
