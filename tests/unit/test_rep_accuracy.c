/*
 * The rep detector's accuracy on generated sets (app/dev/bar_model), condition by
 * condition, against the goals: F1 >= 0.995, at most 1 ghost rep per 200, mean
 * concentric velocity RMSE <= 0.03 m/s and |bias| <= 0.01 m/s, range of motion RMSE
 * <= 2 cm, eccentric and concentric durations within 50 ms at the 95th percentile.
 * Each lowering time (0.8, 1.5, 3, 5 s) is its own condition, so every goal must hold
 * at each of them, not only on average.
 *
 * Seeds: this test runs held-out seeds only (ACCURACY_REPORT_SEED_FIRST and up, see
 * tests/gen/accuracy.h); tune on 1-9999 with build/tools/imu-accuracy --seeds 1-50.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "../gen/accuracy.h"

/* Two sets per condition keeps the whole suite well under 30 s with sanitizers. */
#define SEEDS_PER_CONDITION 2

static void test_condition(void **state)
{
    const struct bar_model_condition *c = *state;
    struct accuracy_stats st;
    accuracy_stats_init(&st);
    for (uint64_t s = ACCURACY_REPORT_SEED_FIRST;
         s < ACCURACY_REPORT_SEED_FIRST + SEEDS_PER_CONDITION; s++)
        assert_true(accuracy_run(c, s, &st));
    struct accuracy_summary sum;
    accuracy_summarise(&st, &sum);
    accuracy_stats_free(&st);
    print_message("%-10s reps %d TP %d FP %d FN %d F1 %.3f ghosts/200 %.1f MCV rmse %.3f "
                  "bias %+.3f ROM rmse %.3f ecc p95 %.3f con p95 %.3f\n",
                  c->name, sum.n_true, sum.tp, sum.fp, sum.fn, sum.f1, sum.ghosts_per_200,
                  sum.mcv_rmse_mps, sum.mcv_bias_mps, sum.rom_rmse_m, sum.ecc_p95_s, sum.con_p95_s);
    char why[128];
    bool ok = accuracy_meets_goals(&sum, why, sizeof why);
    if (!ok)
        print_message("%s: %s\n", c->name, why);
    assert_true(sum.n_true > 0);
    assert_true(ok);
}

int main(void)
{
    const struct bar_model_condition *conds;
    int n = bar_model_conditions(&conds);
    struct CMUnitTest tests[64];
    if (n > 64)
        return 1;
    for (int i = 0; i < n; i++) {
        tests[i] =
            (struct CMUnitTest){conds[i].name, test_condition, NULL, NULL, (void *)&conds[i]};
    }
    return _cmocka_run_group_tests("rep_accuracy", tests, (size_t)n, NULL, NULL);
}
