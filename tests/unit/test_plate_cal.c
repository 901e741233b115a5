/*
 * The calibration arithmetic `rackside-ctl calibrate` and the kiosk share: cases of a plate
 * whose true offsets and scales are known, captured as an operator would (zero, the weight
 * over each side or in the middle), and what must come back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "../../app/core/plate_cal.h"

struct plate_truth {
    double offset[2], g_per_count[2];
};

/* The counts a plate reads with weight_g on it, left_share of it over the left cells. */
static void counts_for(const struct plate_truth *p, double weight_g, double left_share,
                       double out[2])
{
    out[0] = p->offset[0] + weight_g * left_share / p->g_per_count[0];
    out[1] = p->offset[1] + weight_g * (1 - left_share) / p->g_per_count[1];
}

static void test_solve_cases(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        struct plate_truth plate;
        double weight_g, share_a, share_b;
        bool middle, ok;
        const char *why; /* part of the reason when not ok */
    } cases[] = {
        {"left then right",
         {{83000, -61000}, {0.0493, 0.0521}},
         20000,
         0.85,
         0.15,
         false,
         true,
         NULL},
        {"lopsided cells",
         {{-120000, 4000}, {0.031, 0.075}},
         45359.237,
         0.9,
         0.2,
         false,
         true,
         NULL},
        {"middle", {{83000, -61000}, {0.0493, 0.0521}}, 20000, 0.5, 0, true, true, NULL},
        {"placed alike", {{0, 0}, {0.05, 0.05}}, 20000, 0.5, 0.5, false, false, "read alike"},
        {"a side wired backwards",
         {{0, 0}, {0.05, -0.05}},
         20000,
         0.85,
         0.15,
         false,
         false,
         "right side"},
        {"nothing put on", {{1000, 2000}, {0.05, 0.05}}, 0, 0.5, 0, true, false, "left side"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct plate_truth *p = &cases[i].plate;
        double zero[2] = {p->offset[0], p->offset[1]}, a[2], b[2];
        counts_for(p, cases[i].weight_g, cases[i].share_a, a);
        counts_for(p, cases[i].weight_g, cases[i].share_b, b);
        struct load_calibration cal = {0};
        char why[200] = "";
        /* the operator says the weight; with nothing put on, the counts did not move */
        double said_g = cases[i].weight_g > 0 ? cases[i].weight_g : 20000;
        struct plate_cal_why fault;
        bool ok = plate_cal_solve(zero, a, b, cases[i].middle, said_g, &cal, &fault);
        if (!ok)
            plate_cal_why_english(&fault, why, sizeof why);
        if (ok != cases[i].ok)
            fail_msg("%s: solve %s (%s)", cases[i].name, ok ? "succeeded" : "failed", why);
        if (!ok) {
            assert_non_null(strstr(why, cases[i].why));
            continue;
        }
        for (int side = 0; side < 2; side++) {
            assert_int_equal(cal.offset[side], (int32_t)lround(p->offset[side]));
            assert_true(fabs(cal.g_per_count[side] / p->g_per_count[side] - 1) < 1e-9);
        }
        /* a check placement anywhere reads the weight: no residual on an exact plate */
        double check[2];
        counts_for(p, 20000, 0.3, check);
        assert_true(fabs(plate_cal_read_g(&cal, check) - 20000) < 1.0);
    }
}

static void test_trimmed_mean_ignores_glitches(void **state)
{
    (void)state;
    int32_t words[64];
    for (int i = 0; i < 64; i++)
        words[i] = 100000 + (i % 2 ? 3 : -3);
    words[5] = 0x7FFFFF; /* a rail code */
    words[17] = -1;      /* an all-ones word */
    words[40] = 100000 ^ (1 << 20);
    assert_true(fabs(plate_cal_trimmed_mean(words, 64) - 100000) <= 3);
    assert_true(plate_cal_trimmed_mean(words, 0) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_solve_cases),
        cmocka_unit_test(test_trimmed_mean_ignores_glitches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
