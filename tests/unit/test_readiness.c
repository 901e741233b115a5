/*
 * Velocity readiness (core/readiness.h): the lifter's usual speed at a load from their own
 * load-velocity points, as a table of histories; then through the rule, a ramp set clearly
 * slower than that holds the step and one as fast does not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "../../app/core/progression.h"
#include "../../app/core/readiness.h"

#define TODAY 20000
#define MAXP  6

struct point {
    int ago; /* days before today; 0 ends the list */
    int kg;
    int mmps;
    bool clean;
};

static void test_usual(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        struct point pts[MAXP];
        int load_kg;
        int want_lo, want_hi; /* mm/s */
    } cases[] = {
        {"no history", {{0}}, 80, 0, 0},
        {"a point at that load", {{10, 80, 600, true}}, 80, 600, 600},
        {"points within 5 %: their mean", {{10, 80, 600, true}, {3, 82, 560, true}}, 80, 580, 580},
        {"an unclean set is no point", {{10, 80, 600, true}, {3, 80, 300, false}}, 80, 600, 600},
        {"today's own sets are no point", {{0}}, 80, 0, 0},
        {"older than the window", {{70, 80, 600, true}}, 80, 0, 0},
        {"a line through three loads",
         {{20, 100, 400, true}, {13, 110, 340, true}, {6, 120, 280, true}},
         85,
         489,
         491},
        {"two points are not a profile", {{20, 100, 400, true}, {13, 120, 280, true}}, 85, 0, 0},
        {"loads too close for a line",
         {{20, 100, 400, true}, {13, 103, 390, true}, {6, 106, 380, true}},
         85,
         0,
         0},
        {"faster when heavier: no profile",
         {{20, 100, 300, true}, {13, 110, 340, true}, {6, 120, 380, true}},
         85,
         0,
         0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct set_record sets[MAXP];
        size_t n = 0;
        for (int k = 0; k < MAXP && cases[i].pts[k].ago > 0; k++, n++)
            sets[n] = (struct set_record){.day = TODAY - cases[i].pts[k].ago,
                                          .load_g = cases[i].pts[k].kg * 1000,
                                          .clean = cases[i].pts[k].clean,
                                          .target_reps = 5,
                                          .done_reps = 5,
                                          .vel_mmps = cases[i].pts[k].mmps};
        if (i == 4) /* a set today at the load, which must not count */
            sets[n++] =
                (struct set_record){.day = TODAY, .load_g = 80000, .clean = true, .vel_mmps = 500};
        int got = readiness_usual_mmps(sets, n, TODAY, 56, cases[i].load_kg * 1000);
        if (got < cases[i].want_lo || got > cases[i].want_hi)
            fail_msg("%s: want %d..%d mm/s, got %d", cases[i].what, cases[i].want_lo,
                     cases[i].want_hi, got);
    }
}

/* B 100 kg stood 8 days, usual 500 mm/s at the ramp load: 10 % slower holds the step. */
static void test_through_the_rule(void **state)
{
    (void)state;
    struct rules r;
    rules_default(&r);
    struct set_record sets[] = {{.day = TODAY - 8,
                                 .load_g = 100000,
                                 .clean = true,
                                 .vel_mmps = 420,
                                 .target_reps = 5,
                                 .done_reps = 5},
                                {.day = TODAY - 15,
                                 .load_g = 85000,
                                 .clean = true,
                                 .vel_mmps = 500,
                                 .target_reps = 5,
                                 .done_reps = 5}};
    static const struct {
        int drop_pct, ramp_mmps;
        int32_t want_g;
        enum progression_reason reason;
    } cases[] = {
        {0, 300, 105000, PROGRESSION_STEP},  /* off: speed is not asked */
        {10, 455, 105000, PROGRESSION_STEP}, /* 9 % slower: within the drop */
        {10, 449, 100000, PROGRESSION_SLOW}, /* over 10 % slower: no step */
        {10, 520, 105000, PROGRESSION_STEP}, /* faster */
        {20, 420, 105000, PROGRESSION_STEP}, /* 16 % slower, the gym allows 20 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        r.readiness_drop_pct = cases[i].drop_pct;
        struct progression_input in = {.sets = sets,
                                       .n_sets = 2,
                                       .today = TODAY,
                                       .last_session_day = TODAY - 8,
                                       .last_session_pain = 0,
                                       .exercise = "squat"};
        in.ramp_vel_mmps = cases[i].ramp_mmps;
        in.usual_vel_mmps = readiness_usual_mmps(sets, 2, TODAY, r.best_window_days, 85000);
        assert_int_equal(in.usual_vel_mmps, 500);
        struct progression_result out;
        progression_cap(&r, &in, &out);
        char why[PROGRESSION_EXPLAIN_MAX];
        progression_explain(&r, &in, &out, why, sizeof why);
        if (out.cap_g != cases[i].want_g || out.reason != cases[i].reason)
            fail_msg("case %zu: want %d (%d), got %d (%d): %s", i, cases[i].want_g, cases[i].reason,
                     out.cap_g, out.reason, why);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_usual),
        cmocka_unit_test(test_through_the_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
