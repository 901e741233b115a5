#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phrase.h"
#include "plate_cal.h"

#define PLATE_CAL_WORDS_MAX 1024
#define PLATE_CAL_ALIKE     0.05 /* placements whose determinant is this small read alike */
#define G_PER_COUNT_MIN     1e-6
#define G_PER_COUNT_MAX     1e3

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

double plate_cal_trimmed_mean(const int32_t *words, int n)
{
    static int32_t v[PLATE_CAL_WORDS_MAX]; /* one caller at a time: the ctl or the kiosk's core */
    if (n <= 0)
        return 0;
    if (n > PLATE_CAL_WORDS_MAX)
        n = PLATE_CAL_WORDS_MAX;
    memcpy(v, words, (size_t)n * sizeof v[0]);
    qsort(v, (size_t)n, sizeof v[0], cmp_i32);
    int lo = n / 4, hi = n - n / 4;
    double sum = 0;
    for (int i = lo; i < hi; i++)
        sum += v[i];
    return sum / (hi - lo);
}

/* marks the phrases for xgettext (tests/e2e/i18n.sh); the screen translates them */
#ifndef N_
#define N_(str) str
#endif

const char *const plate_cal_faults_en[PLATE_CAL_FAULTS] = {
    [PLATE_CAL_ALIKE_PLACEMENTS] =
        N_("the two placements read alike: set the weight right over each side's cells"),
    [PLATE_CAL_LEFT_WRONG_WAY] =
        N_("the left side did not read the weight the right way (%s g a count): check that "
           "the weight was on, and that side's cell wiring (A+/A- swapped?)"),
    [PLATE_CAL_RIGHT_WRONG_WAY] =
        N_("the right side did not read the weight the right way (%s g a count): check that "
           "the weight was on, and that side's cell wiring (A+/A- swapped?)"),
};

void plate_cal_why_english(const struct plate_cal_why *why, char *out, size_t n)
{
    const char *args[1] = {why->arg};
    phrase_fill(out, n, plate_cal_faults_en[why->fault], args, 1);
}

bool plate_cal_solve(const double zero[PLATE_SIDES], const double a[PLATE_SIDES],
                     const double b[PLATE_SIDES], bool middle, double weight_g,
                     struct load_calibration *out, struct plate_cal_why *why)
{
    *why = (struct plate_cal_why){PLATE_CAL_FAULTS, ""};
    double da[2] = {a[0] - zero[0], a[1] - zero[1]};
    double g_per_count[2];
    if (middle) {
        g_per_count[0] = da[0] != 0 ? weight_g / 2 / da[0] : 0;
        g_per_count[1] = da[1] != 0 ? weight_g / 2 / da[1] : 0;
    } else {
        double db[2] = {b[0] - zero[0], b[1] - zero[1]};
        double det = da[0] * db[1] - da[1] * db[0];
        if (!(fabs(det) >= PLATE_CAL_ALIKE * fabs(da[0] * db[1])) || det == 0) {
            why->fault = PLATE_CAL_ALIKE_PLACEMENTS;
            return false;
        }
        g_per_count[0] = weight_g * (db[1] - da[1]) / det;
        g_per_count[1] = weight_g * (da[0] - db[0]) / det;
    }
    for (int side = 0; side < 2; side++)
        if (!(g_per_count[side] > G_PER_COUNT_MIN && g_per_count[side] < G_PER_COUNT_MAX)) {
            why->fault = side == 0 ? PLATE_CAL_LEFT_WRONG_WAY : PLATE_CAL_RIGHT_WRONG_WAY;
            snprintf(why->arg, sizeof why->arg, "%.3g", g_per_count[side]);
            return false;
        }
    for (int side = 0; side < 2; side++) {
        out->offset[side] = (int32_t)lround(zero[side]);
        out->g_per_count[side] = g_per_count[side];
    }
    return true;
}

double plate_cal_read_g(const struct load_calibration *cal, const double counts[PLATE_SIDES])
{
    return (counts[0] - cal->offset[0]) * cal->g_per_count[0] +
           (counts[1] - cal->offset[1]) * cal->g_per_count[1];
}
