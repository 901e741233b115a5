/*
 * The rep detector's accuracy on generated sets (app/dev/bar_model), condition by
 * condition. The goals (issue "bar motion"): F1 >= 0.995, at most 1 ghost rep per 200,
 * mean concentric velocity RMSE <= 0.03 m/s and |bias| <= 0.01 m/s, range of motion RMSE
 * <= 2 cm, eccentric and concentric durations within 50 ms at the 95th percentile, at
 * each lowering time (0.8, 1.5, 3, 5 s), not only on average.
 *
 * The detector does not meet them everywhere yet. Each condition is held to the goals
 * where it meets them today (GOALS below), and elsewhere to a floor: the F1 and ghost
 * rate it reaches today, so it cannot slip back unseen. Every condition prints its
 * figures and, where a goal is not met, which and by how much ("GOAL NOT MET"): the
 * floors are not the goals. `make bench` prints the same table over ten held-out seeds.
 *
 * Seeds: this test runs held-out seeds only (ACCURACY_REPORT_SEED_FIRST and up, see
 * tests/gen/accuracy.h); tune on 1-9999 with build/tools/imu-accuracy --seeds 1-50.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/rep.h"
#include "../gen/accuracy.h"

/* ---- the scorer itself, on hand-made detections ---- */

static void three_reps(struct bar_model_truth *t)
{
    memset(t, 0, sizeof *t);
    t->n_reps = 3;
    for (int i = 0; i < 3; i++) {
        double s = 10.0 + 6.0 * i;
        t->reps[i] = (struct bar_model_rep_truth){.ecc_start_s = s,
                                                  .ecc_end_s = s + 2.0,
                                                  .con_start_s = s + 2.5,
                                                  .con_end_s = s + 3.5,
                                                  .mcv_mps = 0.5,
                                                  .rom_m = 0.5};
    }
    t->n_nonreps = 1;
    t->nonreps[0] = (struct bar_model_nonrep){BAR_NONREP_STEP, 2.0, 2.8};
}

static struct accuracy_rep as_measured(const struct bar_model_rep_truth *r)
{
    return (struct accuracy_rep){r->ecc_start_s, r->ecc_end_s, r->con_start_s,
                                 r->con_end_s,   r->mcv_mps,   r->rom_m,
                                 r->mpv_mps,     r->peak_mps,  r->tilt_deg};
}

struct scorer_case {
    const char *what;
    int tp, fp, fp_nonrep, fn;
    double mcv_bias_mps, ecc_p95_s;
    double rom_bias_m, ecc_start_bias_s;
    bool meets_goals;
};

/* Builds the detections for case k from the truth. */
static int detections(int k, const struct bar_model_truth *t, struct accuracy_rep *d)
{
    for (int i = 0; i < 3; i++)
        d[i] = as_measured(&t->reps[i]);
    switch (k) {
    case 0: /* exact */
        return 3;
    case 1: /* every MCV and peak 2 cm/s fast, every ROM 1 cm long, one lowering 80 ms long */
        for (int i = 0; i < 3; i++) {
            d[i].mcv_mps += 0.02;
            d[i].peak_mps += 0.02;
            d[i].rom_m += 0.01;
        }
        d[1].ecc_start_s -= 0.08;
        return 3;
    case 2: /* a step of the walk-out counted */
        d[3] = (struct accuracy_rep){2.0, 2.3, 2.4, 2.8, 0.1, 0.02, NAN, NAN, NAN};
        return 4;
    case 3: /* the last two merged into one */
        d[1].con_start_s = t->reps[2].con_start_s;
        d[1].con_end_s = t->reps[2].con_end_s;
        return 2;
    default: /* only the lowering of the second rep, as a rep of its own */
        d[1].con_start_s = d[1].ecc_end_s;
        d[1].con_end_s = d[1].ecc_end_s + 0.1;
        return 3;
    }
}

static void test_scorer_counts_and_errors(void **state)
{
    (void)state;
    static const struct scorer_case cases[] = {
        {"exact", 3, 0, 0, 0, 0.0, 0.0, 0.0, 0.0, true},
        /* the early start of one lowering in three: -80 ms / 3 on average */
        {"fast MCV, long ROM, long lowering", 3, 0, 0, 0, 0.02, 0.08, 0.01, -0.08 / 3, false},
        {"ghost on a step", 3, 1, 1, 0, 0.0, 0.0, 0.0, 0.0, false},
        /* a merged rep covers too little of itself with either true rep: neither counts */
        {"two reps merged", 1, 1, 0, 2, 0.0, 0.0, 0.0, 0.0, false},
        /* the lowering alone covers most of the rep: matched, its concentric far off */
        {"half a rep", 3, 0, 0, 0, 0.0, 0.0, 0.0, 0.0, false},
    };
    struct bar_model_truth t;
    three_reps(&t);
    for (int k = 0; k < (int)(sizeof cases / sizeof cases[0]); k++) {
        const struct scorer_case *c = &cases[k];
        struct accuracy_rep d[8];
        int n = detections(k, &t, d);
        struct accuracy_stats st;
        accuracy_stats_init(&st);
        accuracy_match(&t, d, n, &st);
        struct accuracy_summary sum;
        accuracy_summarise(&st, &sum);
        accuracy_stats_free(&st);
        print_message("%s: TP %d FP %d (%d) FN %d bias %.3f ecc p95 %.3f\n", c->what, sum.tp,
                      sum.fp, sum.fp_nonrep, sum.fn, sum.mcv_bias_mps, sum.ecc_p95_s);
        assert_int_equal(sum.tp, c->tp);
        assert_int_equal(sum.fp, c->fp);
        assert_int_equal(sum.fp_nonrep, c->fp_nonrep);
        assert_int_equal(sum.fn, c->fn);
        assert_int_equal(sum.n_true, 3);
        assert_float_equal(sum.mcv_bias_mps, c->mcv_bias_mps, 1e-9);
        assert_float_equal(sum.ecc_p95_s, c->ecc_p95_s, 1e-9);
        assert_float_equal(sum.rom_bias_m, c->rom_bias_m, 1e-9);
        assert_float_equal(sum.ecc_start_bias_s, c->ecc_start_bias_s, 1e-9);
        assert_float_equal(sum.peak_rmse_mps, c->mcv_bias_mps, 1e-9);
        assert_float_equal(sum.mpv_rmse_mps, 0, 1e-9);
        assert_int_equal(accuracy_meets_goals(&sum, NULL, 0), c->meets_goals);
    }
}

/* Which speed band a true rep falls in: each band holds its bottom edge, not its top. */
static void test_speed_bands(void **state)
{
    (void)state;
    static const struct {
        double mcv_mps;
        int band;
    } cases[] = {{0.0, 0}, {0.15, 0},   {0.2999, 0}, {0.3, 1}, {0.4999, 1},
                 {0.5, 2}, {0.7999, 2}, {0.8, 3},    {1.2, 3}, {5.0, 3}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        print_message("%.4f m/s -> band %d\n", cases[k].mcv_mps, cases[k].band);
        assert_int_equal(accuracy_speed_band(cases[k].mcv_mps), cases[k].band);
    }
}

/* Each matched rep's errors go to its true rep's speed band, and only there; the bands
 * add up across stats as the totals do. */
static void test_scorer_by_speed(void **state)
{
    (void)state;
    struct bar_model_truth t;
    three_reps(&t);
    static const double mcv[3] = {0.2, 0.25, 0.9}, rom_err[3] = {0.03, 0.04, 0.01};
    struct accuracy_rep d[3];
    for (int i = 0; i < 3; i++) {
        t.reps[i].mcv_mps = mcv[i];
        d[i] = as_measured(&t.reps[i]);
        d[i].rom_m += rom_err[i];
    }
    d[1].con_end_s += 0.07; /* the second grind's concentric 70 ms long */
    struct accuracy_stats st, twice;
    accuracy_stats_init(&st);
    accuracy_stats_init(&twice);
    accuracy_match(&t, d, 3, &st);
    accuracy_stats_add(&twice, &st);
    accuracy_stats_add(&twice, &st);
    struct accuracy_summary sum, sum2;
    accuracy_summarise(&st, &sum);
    accuracy_summarise(&twice, &sum2);
    accuracy_stats_free(&st);
    accuracy_stats_free(&twice);
    static const struct {
        int n;
        double rom_rmse_m, con_p95_s;
    } want[ACCURACY_SPEED_BANDS] = {
        {2, 0.035355339, 0.07}, {0, NAN, NAN}, {0, NAN, NAN}, {1, 0.01, 0.0}};
    for (int b = 0; b < ACCURACY_SPEED_BANDS; b++) {
        const struct accuracy_band_summary *got = &sum.band[b], *got2 = &sum2.band[b];
        print_message("band %d: %d reps, ROM %.4f m, con p95 %.3f s\n", b, got->n, got->rom_rmse_m,
                      got->con_p95_s);
        assert_int_equal(got->n, want[b].n);
        assert_int_equal(got2->n, 2 * want[b].n);
        if (want[b].n == 0) {
            assert_true(isnan(got->rom_rmse_m) && isnan(got->mcv_rmse_mps));
            assert_true(isnan(got->con_p95_s));
            continue;
        }
        assert_float_equal(got->rom_rmse_m, want[b].rom_rmse_m, 1e-6);
        assert_float_equal(got->con_p95_s, want[b].con_p95_s, 1e-6);
        assert_float_equal(got->mcv_rmse_mps, 0, 1e-9);
        assert_float_equal(got2->rom_rmse_m, want[b].rom_rmse_m, 1e-6);
    }
}

/* ---- the detector, condition by condition ---- */

/* Two sets per condition keeps the whole suite well under 30 s with sanitizers. */
#define SEEDS_PER_CONDITION 2
/* A condition held to a floor is held to it over more sets: one rep missed among the six
 * of two slow sets is F1 0.91, and whether a rep on the edge is missed turns on the last
 * bits of the trace (slow misses one under imu-accuracy --nudge 1, 5 and 6). */
#define SEEDS_PER_FLOOR 6

/* Where a condition stands today: held to every goal (on two seeds), or to a floor below
 * them (on six). On these seeds no condition of a sensor within its datasheet makes a ghost rep, so
 * all are held to the goal's 1 per 200; over tuning seeds 1-30 the full mix still makes 2.8 per 200
 * and drift 3.1 (slow lowerings of a lift that starts with the lift, the walk back into the rack),
 * see the issue. Range of motion meets its goal (2 cm RMSE) on these seeds in every condition of
 * such a sensor, and every one is held to it whatever else it misses (the full mix reads 0.017 m).
 * At 200 Hz the eccentric's p95 over two sets' ten reps sits at the goal's edge (0.049 s, 0.050
 * under imu-accuracy --nudge 4 and 8): it is held to a floor. The faulty unit (biases walking 5-15
 * times faster than an ICM-42688-P's) is reported, held only to where it stands.
 *
 * The MCV bias of one condition's two sets is mostly their two units' own: each unit's
 * scale error (up to 2 % an axis here) reads every rep that much slow or fast, and no
 * detector can take it out (1 g read at rest mixes it with the accel's bias, which is
 * larger). Over these seeds it spreads each condition's bias over -0.008..+0.008 m/s
 * while all of them together hold -0.001. So a condition held to the goals is held to
 * the bias goal on the same sets drawn without the units' scale error (paired: every
 * other draw the same), the bias the detector adds; and the bias with the units as they
 * are is held to the goal over every condition of a unit within its datasheet together
 * (test_pooled_bias, run last). */
static const struct {
    const char *name;
    bool goals;        /* meets every goal on these two seeds: held to them */
    bool rom;          /* else: held to the range of motion's goal */
    double f1_min;     /* else: F1 at least this */
    double ghosts_max; /* and at most this many ghost reps per 200 */
} standing[] = {
    {"ecc-0.8", true, true, 0, 0},       {"ecc-1.5", true, true, 0, 0},
    {"bench", true, true, 0, 0},         {"walkout", true, true, 0, 0},
    {"ecc-3", false, true, 0.95, 1},     {"ecc-5", false, true, 0.95, 1},
    {"pause-0", false, true, 0.95, 1},   {"pause-1", true, true, 0, 0},
    {"pause-3", true, true, 0, 0},       {"squat", true, true, 0, 0},
    {"deadlift", false, true, 0.95, 1},  {"press", false, true, 0.95, 1},
    {"roll", false, true, 0.95, 1},      {"whip", false, true, 0.95, 1},
    {"gaps", true, true, 0, 0},          {"drift", true, true, 0, 0},
    {"vibration", false, true, 0.95, 1}, {"slow", false, true, 0.95, 1},
    {"fast", false, true, 0.95, 1},      {"rate-200", false, true, 0.95, 1},
    {"rate-500", true, true, 0, 0},      {"rate-1000", true, true, 0, 0},
    {"full", false, true, 0.95, 1},      {"bad-unit", false, false, 0.8, 30},
};

/* A condition's figures over the first `seeds` held-out seeds. */
static void run_condition(const struct bar_model_condition *c, int seeds,
                          struct accuracy_summary *sum)
{
    struct accuracy_stats st;
    accuracy_stats_init(&st);
    for (uint64_t s = ACCURACY_REPORT_SEED_FIRST; s < ACCURACY_REPORT_SEED_FIRST + (uint64_t)seeds;
         s++)
        assert_true(accuracy_run(c, s, &st));
    accuracy_summarise(&st, sum);
    accuracy_stats_free(&st);
}

/* Every condition of a unit within its datasheet, together: MCV error summed, reps. */
static struct {
    double mcv_err_sum;
    int tp, conditions;
} pooled;

static void test_condition(void **state)
{
    const struct bar_model_condition *c = *state;
    int k = -1;
    for (size_t i = 0; i < sizeof standing / sizeof standing[0]; i++)
        if (strcmp(standing[i].name, c->name) == 0)
            k = (int)i;
    assert_true(k >= 0); /* a new condition says where it stands */
    struct accuracy_summary sum;
    run_condition(c, standing[k].goals ? SEEDS_PER_CONDITION : SEEDS_PER_FLOOR, &sum);
    print_message("%-10s reps %d TP %d FP %d FN %d F1 %.3f ghosts/200 %.1f MCV rmse %.3f "
                  "bias %+.3f ROM rmse %.3f ecc p95 %.3f con p95 %.3f\n",
                  c->name, sum.n_true, sum.tp, sum.fp, sum.fn, sum.f1, sum.ghosts_per_200,
                  sum.mcv_rmse_mps, sum.mcv_bias_mps, sum.rom_rmse_m, sum.ecc_p95_s, sum.con_p95_s);
    char why[128];
    bool ok = accuracy_meets_goals(&sum, why, sizeof why);
    if (!ok)
        print_message("GOAL NOT MET %s: %s\n", c->name, why);
    assert_true(sum.n_true > 0);
    if (strcmp(c->name, "bad-unit") != 0) {
        pooled.mcv_err_sum += sum.mcv_bias_mps * sum.tp;
        pooled.tp += sum.tp;
        pooled.conditions++;
    }
    if (standing[k].goals) {
        struct bar_model_condition unscaled;
        assert_true(accuracy_condition_without(c, "scale", &unscaled, NULL, 0));
        struct accuracy_summary own;
        run_condition(&unscaled, SEEDS_PER_CONDITION, &own);
        print_message("%-10s MCV bias without the units' scale error %+.4f\n", c->name,
                      own.mcv_bias_mps);
        struct accuracy_summary held = sum;
        held.mcv_bias_mps = own.mcv_bias_mps;
        bool held_ok = accuracy_meets_goals(&held, why, sizeof why);
        if (!held_ok)
            print_message("FAILED %s: %s\n", c->name, why);
        assert_true(held_ok);
        return;
    }
    assert_true(sum.f1 >= standing[k].f1_min);
    assert_true(sum.ghosts_per_200 <= standing[k].ghosts_max);
    if (standing[k].rom)
        assert_true(sum.rom_rmse_m <= GOAL_ROM_RMSE_M);
}

/*
 * Sets (tuning seeds, and one of the check seeds 400001-400100) the detector once got
 * wrong, and why; every rep must now be found, and nothing else.
 * - A bar held still while the integrated velocity says it creeps: after a walk-out's
 *   steps, or a whip that hid the stop at the top, the live velocity kept the drift those
 *   left (0.1-0.15 m/s) and a 1-2 s hold never looked like rest, so the drift grew until
 *   reps were lost.
 * - Whip ringing through a slow concentric after a touch-and-go took the speed under the
 *   5 % threshold within 70 ms of the start: the rep's concentric ended there, so the rep
 *   was both missed and a ghost.
 * - A deadlift's setup (the bar gripped and rolled in towards the shins, 4-12 degrees)
 *   moves the unit's accel bias on the vertical: the floor read 2-4 mg off the 1 g learned
 *   before, the rest after it (half a second or so) was too short to learn it again, and
 *   the velocity drifted 30-80 mm/s per second from the first pull: the first 1-4 reps
 *   were lost.
 * - A slow concentric read as still: the live velocity had drifted to zero while the bar
 *   still rose at a steady 0.1-0.15 m/s, a rest was taken in the middle of the rise and
 *   anchored as the velocity went on climbing through it, and the top hold after it never
 *   looked like rest: 2-3 reps were lost or merged. (Slow seeds 24 and 33, 3 and 2 wrong
 *   then, are not held: where the generator's trace differs in the last bits, as it does
 *   on arm64, each still misses one rep; on amd64 seed 24's last rep is found with its
 *   lowering 2 s early. Over slow tuning seeds 1-40 the missed reps went 13 -> 5 on
 *   amd64, 8 on arm64.)
 * - A 4.5-s lowering begun from a top pause stayed a rest for its whole length: a rest
 *   ended on drift only once 1 g was known, and with the bar held from the start of the
 *   set (a short rack) it never lay still long enough to learn it. The rest was anchored
 *   at zero speed in mid-lowering and 1 g learned its deceleration: 3 reps lost. 1 g
 *   corrected between two rests now counts as known.
 * - A bar held after the walk-out whose velocity drifts on a steady line (the unrack and
 *   the steps roll the bar, and the unit's accel bias adds a few mg more on the vertical
 *   than the 1 g learned in the rack): neither near zero nor flat, it never looked like
 *   rest, and no rest anchored the set: 6 of 8 reps lost. A quiet stretch whose velocity
 *   lies on a line shallow enough is a hold now.
 * - A slow concentric cruising at a steady 0.29 m/s, quiet and flat, was taken for a hold
 *   and anchored at +0.25 m/s of "drift": the rep was lost. A bar still at 90 % of its
 *   peak speed is not held.
 * - The full mix, 1 g off as the bar rolls: the unit's accel bias (up to 50 mg an axis)
 *   projects on the vertical by the unit's orientation, so a bar rolling 8 degrees in the
 *   hands through a slow lowering read 2-7 mg off the 1 g learned at the top. The live
 *   velocity fell under the rest threshold while the bar still went down at 0.15 m/s
 *   (seed 38: a false rest at the bottom, the rep lost), or a whole rep drifted into a
 *   ghost. The bias vector is now learned with 1 g from each excursion's drift.
 *   (Seed 90, 2 wrong then, is not held: it loses one rep again since touch-and-go tops
 *   zero the live velocity, below. Its lowerings read 11 mg off the 1 g learned at the
 *   top, and each fast rep leaves 0.3 m/s of drift. Before, no rest came after the third
 *   rep, and the end of the stream found every rep on a flat drift. Now the next top is
 *   a rest, and the line drawn across the drift's steps to it loses the fourth rep.)
 * - A touch-and-go top, too short to be a rest: the live velocity kept the drift the reps
 *   before had left, 0.2-0.5 m/s after a few reps with no rest between them. A lowering
 *   at that speed then passed for a stop: a false rest in mid-lowering, anchored, lost
 *   the rep (pause-0 seed 17: 2 reps, seed 93: 1). A slow set drifted the same way into
 *   a false rest (slow seeds 14 and 16), and so did a 5-s lowering (ecc-5 seed 9) and
 *   the full mix (seeds 78 and 84). A stop is now seen where the live velocity goes flat
 *   just after a fall of 0.3 m/s or more: the level it holds there is its drift, and the
 *   live velocity (not the record) is zeroed.
 * - A phase found on the plates' ringing: a 4-s lowering into a bottom held 1.7-2.5 s
 *   peaks at 0.1-0.15 m/s, and the whip as the bar stops there rings faster than that.
 *   The lowering's peak was taken at the ringing, and the eccentric found was a sliver
 *   of the bottom pause (full seeds 30 and 81); a 4-s grind out of a ringing bottom lost
 *   its concentric the same way (seed 36). Each was one rep missed and one ghost. The
 *   peak a phase is found around is now the speed's averaged over a whip's period.
 * - A lowering to the floor forced to rest: a deadlift lowered over 4 s speeds up
 *   smoothly to 0.3 m/s, quiet all the way; after 2.5 s of quiet a rest was forced on it
 *   in mid-air, and the rep was lost (full seed 26). A bar still speeding
 *   up near its peak is not forced to rest now, unless the quiet stretch has travelled
 *   further than any lift's stroke (then the velocity has drifted).
 * - The end of a grind taken for a rest: a slow concentric eases into its lockout at
 *   under 0.1 m/s, quiet, and with a few cm/s of drift the live velocity read still. The
 *   rest zeroed it, then drifted away within a third of a second (the bar was still
 *   rising), but the velocity stayed zeroed: the top pause after it read 0.06-0.09 m/s,
 *   never still, and no rest came until the next lowering had gone by (slow seed 8: one
 *   rep). A rest left by drift before it is trusted, the way the bar was already slowing
 *   as it began, gives the velocity back now.
 * - A slow lift zeroed as a stop: out of a touch-and-go bottom, a 3-s grind rose at a
 *   steady 0.17 m/s, quietly, and the live velocity read it flat at +0.15 m/s just after
 *   a 0.69 m/s fall, so a stop took it for drift and zeroed it (slow seed 400065, rep 3).
 *   Reading still in mid-lift, the bar was taken for a rest 0.2 s later, and the rest's
 *   anchor put the lift's speed into the drift line: two reps lost and a ghost. A bar
 *   that a stop after a fall read rising faster than a rest allows is not taken for a
 *   rest until it moves again (or a long quiet stretch forces one).
 * - The whip at lockout taken for a lowering: after a deadlift's lockout under heavy
 *   plates, the ringing's remainder averaged over a whip's period read faster than the
 *   4.2-s lowering that followed a 2.9-s hold, so the eccentric found was the ringing's
 *   0.5 s at the top (full seed 440004, one of the check seeds 440001-440100: one rep
 *   missed, one ghost). A phase's peak is now looked for where the bar is more than a
 *   tenth of the stroke from either end; ringing stays within a few centimetres. (That
 *   set is no longer held: with one count of noise added (imu-accuracy --nudge 6) its
 *   sixth lowering runs on into the seventh rep and the last three are lost.)
 * - A walk-out taken for a lowering: five steps back out of the rack, with no rest
 *   between them long enough to anchor the drift, left the drift sloping down, so the bar
 *   standing still 2.4 s before the first lowering lay 5-12 cm under where the walk-out
 *   began. The rep was taken from there,
 *   its eccentric a step of the walk-out (full seed 440005, a check seed: one rep missed,
 *   one ghost). A lowering's stroke that holds a rest of half a second or more, 5 cm
 *   under its top and a rep's stroke over its bottom, now starts after that rest.
 * - A deadlift set lost whole: gripping the bar on the floor before the first pull rolled
 *   it 11-12 degrees, the unit's accel bias projected on the vertical anew and 1 g read
 *   8-11 mg off. The bar lay still there for under a second, its live velocity running
 *   off on a straight line at 0.08-0.11 m/s^2, five times a hold's, so no rest was taken,
 *   1 g was never learned again and the drift reached 2 m/s (deadlift seed 490062, all 6
 *   reps missed; 510005, 2 of 6; 510065, 4 of 8: check seeds never tuned on). A
 *   concentric-first lift's bar that turned since 1 g was learned, lies quiet and turns no
 *   more than the gyro's noise (a bar in the hands sways) is now taken to rest on a line
 *   up to 0.15 m/s^2 steep, and 1 g is learned from it at once.
 * - A slow lowering lost to rests: a press's lowering of 3.7 s crept off a 0.4-s top, read
 *   as still (a rest) until its live velocity passed 0.05 m/s a second later. Left by
 *   drifting, the rest was followed 150 ms later by another, since the live velocity
 *   was still under 0.05 m/s, then by a third: each zeroed part of the lowering and
 *   anchored the drift in mid-lowering, and the rep was lost (full seeds 530032 and
 *   530136, check seeds never tuned on: one rep each). After a rest left by drifting, a
 *   live velocity near zero no longer starts a rest until the bar moves loudly again.
 * - Squat sets lost whole on a noisy unit (three times the datasheet's noise): unracked
 *   a second after the unit started, before 1 g was learned from the rack, 1 g stayed
 *   the first sample's, 10-14 mg off. The slope over the rack (0.09-0.14 m/s^2) was
 *   taken at half and capped at 5 mg, as on a swaying held bar; the velocity went on
 *   drifting 0.05-0.09 m/s a second, no rest was taken again and the reps were lost
 *   (vibration seeds 550066 and 550068, 6 of 6; 550070, 2 of 7: check seeds never
 *   tuned on). At the stream's first rest, 1 g still the first sample's, the slope is
 *   now taken in full.
 * - A deadlift's last lowering taken for the bar lying on the floor: steady at 0.35 m/s
 *   for a second, quiet, turning no more than the gyro's noise and its speed on a line,
 *   it passed for a bar on the floor whose 1 g is off, 20 cm above the floor it had been
 *   pulled from, and the rep was lost (deadlift seed 570107, a check seed never tuned
 *   on). A bar is taken to lie on the floor only within 10 cm of the lowest it went since
 *   it last rested.
 * - A top held early in a set (after the walk-out, or between the first reps) read
 *   moving: the unit's accel bias (30-50 mg an axis), not yet learned, projects on the
 *   vertical anew as the bar rolls on the walk-out and in the hands, and the live velocity
 *   over the hold ran on a line steeper than the fixed 0.02 m/s^2 a hold was allowed. No
 *   rest was taken there, a later one anchored the drift in mid-lowering and reps were
 *   lost (ecc-5 seed 11, 2 of 8; full seeds 62 and 88, one
 *   each; full 600066, 4 of 9; deadlift 600040, one). A line running away from zero may
 *   now be as steep as three standard deviations of what the bias's uncertainty (its
 *   Kalman filter's covariance) makes of the turn since 1 g was taken.
 * - A deadlift bar on the floor read rising at a cruise: gripped and rolled before the
 *   pull, its drift (12 mg) carried the live velocity over 0.1 m/s before the roll had
 *   settled long enough to tell the bar lay still, and a bar that fast and at its peak
 *   speed was taken to be cruising through a slow phase, never at rest: the set's first
 *   reps were lost (full seed 690110, a check seed never tuned on: 3 of 8). A bar on the
 *   floor read rising so is no longer taken for a cruise (one read falling may be a
 *   lowering nearing the floor).
 * - A steady lowering taken for a hold: a bar counts as cruising only at near the
 *   fastest it went that way since it last rested, and that was the last rep's
 *   lowering, two short stops back, read with the drift those stops then took out (read
 *   at 0.5 m/s, the next at 0.3 m/s). The next lowering, quiet at its steady speed,
 *   looked slow beside it, was taken for a hold and anchored the drift in mid-lowering
 *   (full seeds 740003, one rep lost, and 740131, four lost and a ghost). A stop now
 *   forgets the peak the way the next phase goes.
 * - A rest taken on a moving bar: a slow lowering or a grind read near zero (or quiet
 *   long enough to force a rest) was anchored, the drift line took its speed for drift
 *   and the rep flattened out (full seeds 8, 68, 600034, 750033 (7 of 9 lost) and
 *   750179 (two lost and a ghost); slow seed 80; whip seed 820484, a check seed never
 *   tuned on). At each rest the one before it is now read again: if the record holds
 *   more whole reps without it, it goes.
 * - A hold on a line too steep for one: the accel's bias, learned wrong over a walk-out
 *   (its steps read as drift), made 1 g 10-20 mg off as the bar rolled in the hands. The
 *   live velocity ran off at 0.1-0.2 m/s^2, no top was flat enough to be held, no rest
 *   came for 45 s and every rep after the first was lost (full seed 820732: 7 of 8;
 *   840284 and 840148, check seeds never tuned on: 3 lost and a ghost, 1 lost). Once the
 *   live velocity has carried the bar farther than any lift goes, a quiet stretch on a
 *   straight line of any slope is a hold. Seed 820732 is not held here: the arm64 build
 *   still loses 2 of its 8 reps (the amd64 one none, under every nudge).
 */
static void test_sets_once_wrong(void **state)
{
    (void)state;
    static const struct {
        const char *condition;
        uint64_t seed;
        int wrong_before; /* reps missed or ghosts counted then */
        const char *why;
    } cases[] = {
        {"whip", 5, 3, "hold after drift"},
        {"slow", 10, 2, "hold after drift"},
        {"drift", 5, 7, "hold after drift"},
        {"whip", 7, 2, "whip ringing under the threshold"},
        {"whip", 16, 2, "whip ringing under the threshold"},
        {"deadlift", 69, 3, "1 g stale after the setup roll"},
        {"deadlift", 104, 3, "1 g stale after the setup roll"},
        {"deadlift", 124, 3, "1 g stale after the setup roll"},
        {"deadlift", 133, 5, "1 g stale after the setup roll"},
        {"slow", 34, 3, "rest through a slow phase"},
        {"ecc-5", 77, 3, "rest through a slow lowering"},
        {"ecc-5", 36, 4, "rest through a slow lowering"},
        {"drift", 31, 6, "held with a drifting velocity"},
        {"slow", 7, 1, "a steady grind taken for a hold"},
        {"full", 5, 3, "1 g off as the bar rolls"},
        {"full", 9, 2, "1 g off as the bar rolls"},
        {"full", 38, 1, "1 g off as the bar rolls"},
        {"pause-0", 17, 2, "drift kept through touch-and-go tops"},
        {"pause-0", 93, 1, "drift kept through touch-and-go tops"},
        {"slow", 14, 1, "drift kept through touch-and-go tops"},
        {"slow", 16, 2, "drift kept through touch-and-go tops"},
        {"ecc-5", 9, 1, "drift kept through touch-and-go tops"},
        {"full", 78, 1, "drift kept through touch-and-go tops"},
        {"full", 84, 1, "drift kept through touch-and-go tops"},
        {"full", 30, 2, "a phase found on the plates' ringing"},
        {"full", 36, 2, "a phase found on the plates' ringing"},
        {"full", 81, 2, "a phase found on the plates' ringing"},
        {"full", 26, 1, "a lowering to the floor forced to rest"},
        {"slow", 8, 1, "the end of a grind taken for a rest"},
        {"slow", 400065, 3, "a slow lift zeroed as a stop"},
        {"full", 440005, 2, "a walk-out taken for a lowering"},
        {"deadlift", 490062, 6, "1 g stale after a roll on the floor"},
        {"deadlift", 510005, 2, "1 g stale after a roll on the floor"},
        {"deadlift", 510065, 4, "1 g stale after a roll on the floor"},
        {"full", 530032, 1, "rests taken as a slow lowering crept"},
        {"full", 530136, 1, "rests taken as a slow lowering crept"},
        {"vibration", 550066, 6, "1 g the first sample's, 10-14 mg off"},
        {"vibration", 550068, 6, "1 g the first sample's, 10-14 mg off"},
        {"vibration", 550070, 2, "1 g the first sample's, 10-14 mg off"},
        {"deadlift", 570107, 1, "a steady lowering taken for the floor"},
        {"ecc-5", 11, 2, "a hold's line steep with the bias unlearned"},
        {"full", 62, 1, "a hold's line steep with the bias unlearned"},
        {"full", 88, 1, "a hold's line steep with the bias unlearned"},
        {"full", 600066, 4, "a hold's line steep with the bias unlearned"},
        {"deadlift", 600040, 1, "a hold's line steep with the bias unlearned"},
        {"full", 690110, 3, "the floor's drift taken for a cruise"},
        {"full", 24, 1, "a rolled bar's drift removed on a line"},
        {"full", 740003, 1, "a steady lowering after a stop taken for a hold"},
        {"full", 740131, 5, "a steady lowering after a stop taken for a hold"},
        {"full", 8, 1, "a rest on a moving bar, dropped in hindsight"},
        {"full", 68, 2, "a rest on a moving bar, dropped in hindsight"},
        {"full", 600034, 1, "a rest on a moving bar, dropped in hindsight"},
        {"full", 750033, 7, "a rest on a moving bar, dropped in hindsight"},
        {"full", 750179, 3, "a rest on a moving bar, dropped in hindsight"},
        {"slow", 80, 1, "a rest on a moving bar, dropped in hindsight"},
        {"whip", 820484, 1, "a rest on a moving bar, dropped in hindsight"},
        {"full", 840284, 4, "a hold on a line too steep, the velocity drifted"},
        {"full", 840148, 1, "a hold on a line too steep, the velocity drifted"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const struct bar_model_condition *c = bar_model_condition_find(cases[k].condition);
        assert_non_null(c);
        struct accuracy_stats st;
        accuracy_stats_init(&st);
        assert_true(accuracy_run(c, cases[k].seed, &st));
        struct accuracy_summary sum;
        accuracy_summarise(&st, &sum);
        accuracy_stats_free(&st);
        print_message("%s seed %llu (%s): %d reps, TP %d FP %d FN %d (%d wrong before)\n",
                      cases[k].condition, (unsigned long long)cases[k].seed, cases[k].why,
                      sum.n_true, sum.tp, sum.fp, sum.fn, cases[k].wrong_before);
        assert_int_equal(sum.fn, 0);
        assert_int_equal(sum.fp, 0);
        assert_int_equal(sum.tp, sum.n_true);
    }
}

/* One generated set (a tuning seed), nudged by salt nudge (0: as generated), detected and
 * paired with its truth: match[i] is the detection that true rep i found, or -1. The
 * caller frees the trace. */
static struct accuracy_trace *detect_set(const char *condition, uint64_t seed, uint64_t nudge,
                                         struct accuracy_rep det[64], int match[BAR_MODEL_REPS_MAX])
{
    const struct bar_model_condition *c = bar_model_condition_find(condition);
    assert_non_null(c);
    struct accuracy_trace *tr = accuracy_trace_new(c, seed, 0);
    assert_non_null(tr);
    if (nudge)
        accuracy_trace_nudge(tr, nudge);
    int n = accuracy_detect(tr, det, 64);
    accuracy_pair(&tr->truth, det, n, match);
    return tr;
}

/*
 * Sets (tuning seeds) whose range of motion once read long, by the worst rep's error
 * then: it was the lowest-to-highest span of the drift-corrected position, which any
 * velocity offset left over the rep widens (a 5 s lowering, a bar rolled in the hands,
 * the bias warming up) and which then read 5-29 cm long. It is now taken from the two
 * strokes, each weighted by the other's duration, which cancels a steady offset: every
 * rep found reads within 2 cm.
 */
static void test_rom_sets(void **state)
{
    (void)state;
    static const struct {
        const char *condition;
        uint64_t seed;
        int worst_before_mm;
    } cases[] = {
        {"ecc-5", 23, 293},    {"pause-0", 29, 120}, {"ecc-0.8", 23, 116},
        {"vibration", 28, 92}, {"roll", 5, 92},      {"bench", 24, 72},
        {"whip", 4, 53},       {"drift", 20, 51},    {"deadlift", 3, 48},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct accuracy_rep det[64];
        int match[BAR_MODEL_REPS_MAX];
        struct accuracy_trace *tr = detect_set(cases[k].condition, cases[k].seed, 0, det, match);
        int found = 0;
        double worst = 0;
        for (int i = 0; i < tr->truth.n_reps; i++) {
            if (match[i] < 0)
                continue;
            found++;
            worst = fmax(worst, fabs(det[match[i]].rom_m - tr->truth.reps[i].rom_m));
        }
        print_message("%s seed %llu: %d of %d reps found, worst ROM error %.0f mm (%d before)\n",
                      cases[k].condition, (unsigned long long)cases[k].seed, found,
                      tr->truth.n_reps, worst * 1000, cases[k].worst_before_mm);
        accuracy_trace_free(tr);
        assert_true(found > 0);
        assert_true(worst < GOAL_ROM_RMSE_M);
    }
}

/*
 * Reps (tuning seeds) whose eccentric start once read 150-1250 ms off: the drift line
 * between rests left several mm/s at the start of a slow lowering (a top pause anchored
 * long before its end), which moves the 5 % crossing by tens of ms per mm/s. The start
 * is now measured against the velocity over the end of the rest just before it, or,
 * with no rest there (a top pause too short or swaying: bench 3, press 20, squat 56),
 * against the level the pause holds; and sought before the top's highest point when
 * drift put that point into the lowering (whip 37, ecc-5 11). A touch-and-go top holds no
 * level that long: its flattest 100 ms gives it. (Pause-0 seed 46 rep 3, a 0.18-s top
 * ringing with whip, +248 ms then and +12 ms with the flattest stretch, is not held: since
 * the accel's bias is learned, the velocity there reads a few mm/s differently, the
 * flattest stretch falls elsewhere in the ringing and the start is +98 ms. Over pause-0
 * seeds 240041-240200 the eccentric start's p95 stayed 0.09 s.)
 * A rest seen ending only once the drift showed may hold the lowering's first tenths of a
 * second: its velocity, averaged in, read 60-90 ms late (ecc-3 56 and 66, drift 81). The
 * level is now taken again over what lies before the start it gives.
 * A rep levelled beside one that could not be (the last before a rest) left a step of
 * 2-5 cm/s in the velocity at the top between them, where drift had put that top late,
 * into the lowering: the step read as the bar stopping, the lowering's level was taken
 * there and its start read 150-240 ms late (pause-0 20, 23 and 98). The rep that could
 * not be levelled now takes its neighbour's drift at that end, fading to none at its rest.
 * The flattest 100 ms of a touch-and-go top is as often the whip's remainder or the
 * lowering's first creep as the drift: its level put starts 100-120 ms off (pause-0 14,
 * 42 and 68). It now counts half, against the levelled record's zero.
 * A slow lowering creeping off a short top can read still for a moment, a rest that ends
 * before it settles and anchors nothing; it still kept the reps around it from being
 * levelled, and their lowerings read 115-220 ms late (pause-0 25 and 59, whip 84). Such a
 * brief rest no longer does.
 * Through a touch-and-go top the plates still ring from the lockout: the speed swings past
 * the lowering's threshold and back, and the top's flattest 100 ms, on a speed averaged
 * over a fixed 100 ms, could be the ringing's. Starts read 70-300 ms off (pause-0 8, 28
 * and 46, whip 22, deadlift 5). The flattest stretch is now found on the speed
 * averaged over the whip's own period, and a start just after the speed swung back past
 * the threshold is sought on that averaged speed.
 * A slow lowering easing off a long top can end its rest with a moment's shake while its
 * speed is still under the rest's threshold (0.05 m/s); quiet again, it was taken for a
 * new rest 0.15 s later, mid-lowering, and the speed it had was put into the drift. The
 * lowering's speed then rose no faster than a few mg of 1 g's error, the rest held,
 * anchored, and the start read 750-990 ms late (ecc-5 58 and 74). What a fast lift left
 * in the bar's speed the other way, fading, also passed for its having slowed down. A bar
 * that left its rest already moving (over 0.02 m/s) and has only sped up since, past
 * 0.04 m/s, is no longer taken for one at rest. (Not one that left it still: after a
 * walk the drift grows as steadily, and such a bar must rest again.)
 * A top held without a rest (swaying in the hands) takes its level from the stretch
 * nearest the lowering's peak over which the speed holds for 0.2 s. Within 5 % of the
 * peak, that was as often the lowering's own slow first creep (a 2.5-s deadlift lowering
 * eases off at 0.08 m/s^2): the level read 1-2 cm/s and starts 65-140 ms late (pause-0 4
 * and 66, deadlift 43, drift 99), or the stretch lay in the lockout's ringing and the start
 * 115-155 ms early (deadlift 53, whip 22 rep 4). The top's level now holds within 2.5 %.
 * The lockout's ringing carried the speed past the threshold for a moment and back, the
 * start read 60-110 ms early (pause-0 18, 57, 65 and 80, deadlift 82 and 89), but it had
 * not swung back as far below the level as the threshold lies above it, so it was not
 * taken for ringing. Half as far now is.
 * Every rep here holds within a few ms when one LSB of noise is added to every sample
 * (imu-accuracy --nudge 1-8): a rep that a build's last bits could tip over the goal is
 * not held, and the table is checked nudged by salt 2 as well. Whip 32 rep 6 (-299 ms then) reads
 * -35 ms, but nudged its top reads as a pause instead of a touch-and-go and the start +53 ms: it
 * creeps off the top at 0.03 m/s^2, where 1 mm/s of level is 30 ms. Deadlift 15 rep 8 (-199 ms
 * then) reads -21 ms, and -71 ms under --nudge 6.
 */
/* A rep of a set, and how far off one edge of its phases once read. */
struct phase_edge_case {
    const char *condition;
    uint64_t seed;
    int rep; /* 1-based, among the true reps */
    int err_before_ms;
};

enum phase_edge { ECC_START, CON_START, CON_END };

/* Each case's edge within the phase goal of the truth's, the sets nudged by salt nudge. */
static void check_phase_edges(const struct phase_edge_case *cases, size_t n, enum phase_edge edge,
                              uint64_t nudge)
{
    static const char *const names[] = {"eccentric start", "concentric start", "concentric end"};
    for (size_t k = 0; k < n; k++) {
        struct accuracy_rep det[64];
        int match[BAR_MODEL_REPS_MAX];
        struct accuracy_trace *tr =
            detect_set(cases[k].condition, cases[k].seed, nudge, det, match);
        int i = cases[k].rep - 1;
        assert_true(i < tr->truth.n_reps);
        assert_true(match[i] >= 0);
        const struct accuracy_rep *r = &det[match[i]];
        const struct bar_model_rep_truth *t = &tr->truth.reps[i];
        double err = edge == CON_END     ? r->con_end_s - t->con_end_s
                     : edge == CON_START ? r->con_start_s - t->con_start_s
                                         : r->ecc_start_s - t->ecc_start_s;
        print_message("%s seed %llu rep %d%s: %s %+.0f ms (%+d before)\n", cases[k].condition,
                      (unsigned long long)cases[k].seed, cases[k].rep, nudge ? " nudged" : "",
                      names[edge], err * 1000, cases[k].err_before_ms);
        accuracy_trace_free(tr);
        assert_true(fabs(err) < GOAL_PHASE_P95_S);
    }
}

static void test_ecc_start_sets(void **state)
{
    (void)state;
    static const struct phase_edge_case cases[] = {
        {"ecc-5", 5, 2, 201},      {"ecc-5", 6, 3, 192},      {"pause-3", 30, 4, -192},
        {"ecc-5", 37, 4, 151},     {"bench", 3, 5, -276},     {"press", 20, 2, -243},
        {"squat", 56, 4, -204},    {"whip", 37, 7, -742},     {"ecc-5", 11, 7, 1242},
        {"ecc-3", 56, 5, 75},      {"ecc-3", 66, 4, 88},      {"drift", 81, 2, 60},
        {"pause-0", 20, 8, 150},   {"pause-0", 23, 7, 172},   {"pause-0", 98, 5, 236},
        {"pause-0", 14, 2, -118},  {"pause-0", 42, 2, 99},    {"pause-0", 68, 6, 99},
        {"pause-0", 25, 5, 219},   {"pause-0", 59, 4, 115},   {"whip", 84, 4, 139},
        {"pause-0", 46, 4, 71},    {"pause-0", 28, 2, -118},  {"pause-0", 8, 4, -103},
        {"whip", 22, 5, -91},      {"deadlift", 5, 1, 122},   {"ecc-5", 74, 4, 985},
        {"ecc-5", 58, 5, 754},     {"pause-0", 4, 3, 138},    {"pause-0", 66, 2, 108},
        {"deadlift", 43, 6, 132},  {"deadlift", 53, 5, -114}, {"whip", 22, 4, -154},
        {"drift", 99, 2, 64},      {"pause-0", 18, 2, -71},   {"pause-0", 57, 3, -104},
        {"pause-0", 65, 2, -88},   {"pause-0", 80, 6, -75},   {"deadlift", 82, 7, -60},
        {"deadlift", 89, 2, -112},
    };
    check_phase_edges(cases, sizeof cases / sizeof cases[0], ECC_START, 0);
    check_phase_edges(cases, sizeof cases / sizeof cases[0], ECC_START, 2);
}

/*
 * Reps (tuning seeds) whose concentric start once read 70-150 ms late: a slow lift out of
 * a touch-and-go bottom under heavy plates, the plates ringing at 6-8 Hz on a speed already
 * rising. The ringing took the speed under the threshold for a moment without swinging it
 * back past zero, so it was not taken for ringing, and the start was put after the dip.
 * A dip just after a swing over twice the threshold, where the speed averaged over the
 * ringing is over it, is now ringing too.
 * Averaged over a fixed 100 ms, ringing at 6-7 Hz kept a third of its swing, and the
 * speed so averaged still dipped under the threshold on the lift: the start read
 * 100-130 ms late (whip 16, 26 and 38). It is now averaged over the whip's own period,
 * found where the bar turned.
 * A rep with a brief rest at a top it starts or ends on (one that ended before it
 * settled: a slow phase read as still for a moment) was not levelled, and the drift left
 * in it put a start out of a pause 80-160 ms early (whip 53, a 0.46-s bottom pause; slow
 * 3). It is levelled now.
 * As the eccentric starts above, each holds under imu-accuracy --nudge 1-8 (checked nudged
 * by salt 1 too). Whip 56 rep 2 (+148 ms then) is left out: -30 ms, and -30 ms under
 * --nudge 1-8, but -59 ms under four of eight other draws of one count of noise (each
 * sample's three axes drawn together, another mix than --nudge's).
 */
static void test_con_start_sets(void **state)
{
    (void)state;
    static const struct phase_edge_case cases[] = {
        {"whip", 3, 7, 91},      {"whip", 11, 3, 99},     {"whip", 49, 2, 101},
        {"deadlift", 46, 2, 71}, {"deadlift", 65, 4, 74}, {"whip", 16, 5, 129},
        {"whip", 26, 2, 103},    {"whip", 38, 3, 116},    {"whip", 53, 2, -160},
        {"slow", 3, 3, -79},
    };
    check_phase_edges(cases, sizeof cases / sizeof cases[0], CON_START, 0);
    check_phase_edges(cases, sizeof cases / sizeof cases[0], CON_START, 1);
}

/*
 * Reps (tuning seeds) of touch-and-go sets whose concentric end once read 87-203 ms late:
 * with no rest between reps, the drift line ran between the rests around the whole set,
 * and the drift between wandered from it by 1-3 cm/s, so the speed over a touch-and-go
 * lockout stayed over 5 % of the peak. Each rep now ends level with where it started,
 * the drift left over it taken off (see level_reps in app/core/rep.c).
 */
static void test_con_end_sets(void **state)
{
    (void)state;
    static const struct phase_edge_case cases[] = {
        {"pause-0", 98, 4, 203}, {"pause-0", 36, 4, 100}, {"pause-0", 84, 2, 96},
        {"pause-0", 84, 3, 89},  {"pause-0", 23, 5, 87},  {"pause-0", 36, 2, 87},
    };
    check_phase_edges(cases, sizeof cases / sizeof cases[0], CON_END, 0);
}

/*
 * Grinds (tuning seeds, everything at once) whose concentric once ended 0.3 s early or
 * more: a lift at 0.165 m/s, quiet for 2.5 s, with the live velocity drifted 0.2 m/s
 * high, was forced to rest mid-lift. The rest anchored the drift there, the rep ended at
 * it and the rest of the lift went into the next one. A forced rest now needs the live
 * velocity to be what drift could have made since it was last zeroed (REST_FORCE_DRIFT_G):
 * the lift goes on to its lockout. Checked as generated and nudged by salt 2; it holds
 * under --nudge 1-16. Full seed 503 rep 8 (-989 ms then, -3 ms now) is left out: under
 * three of those sixteen nudges it ends 112 ms late.
 */
static void test_grind_sets(void **state)
{
    (void)state;
    static const struct phase_edge_case cases[] = {
        {"full", 41, 5, -326},
    };
    check_phase_edges(cases, sizeof cases / sizeof cases[0], CON_END, 0);
    check_phase_edges(cases, sizeof cases / sizeof cases[0], CON_END, 2);
}

/*
 * Sets (tuning seeds, everything at once) whose concentrics once swallowed a pause, by the
 * worst rep's concentric duration error then: the velocity drift left in a bottom or top
 * pause stayed above 5 % of a slow concentric's peak, so the phase ran on through the
 * pause (1.8-4.1 s too long) and its mean velocity took the drift with it (up to 0.39 m/s
 * off). A concentric is now bounded where its smoothed speed holds flat at a low level,
 * and measured from that level: every rep found is within 0.15 s and 0.05 m/s. (Full seed
 * 89, 2860 ms then, is not held: where the generator's trace differs in the last bits, as
 * on arm64, one rep's concentric reads 139 ms and its MCV 0.073 m/s off.)
 */
static void test_pause_sets(void **state)
{
    (void)state;
    static const struct {
        const char *condition;
        uint64_t seed;
        int worst_con_before_ms;
    } cases[] = {
        {"full", 28, 1760},
        {"full", 54, 2330},
        {"full", 81, 4020},
        {"full", 88, 4130},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct accuracy_rep det[64];
        int match[BAR_MODEL_REPS_MAX];
        struct accuracy_trace *tr = detect_set(cases[k].condition, cases[k].seed, 0, det, match);
        int found = 0;
        double worst_con = 0, worst_mcv = 0;
        for (int i = 0; i < tr->truth.n_reps; i++) {
            if (match[i] < 0)
                continue;
            const struct bar_model_rep_truth *t = &tr->truth.reps[i];
            const struct accuracy_rep *m = &det[match[i]];
            found++;
            worst_con = fmax(
                worst_con, fabs((m->con_end_s - m->con_start_s) - (t->con_end_s - t->con_start_s)));
            worst_mcv = fmax(worst_mcv, fabs(m->mcv_mps - t->mcv_mps));
        }
        print_message("%s seed %llu: %d of %d reps found, worst concentric %.0f ms off (%d "
                      "before), worst MCV %.3f m/s off\n",
                      cases[k].condition, (unsigned long long)cases[k].seed, found,
                      tr->truth.n_reps, worst_con * 1000, cases[k].worst_con_before_ms, worst_mcv);
        accuracy_trace_free(tr);
        assert_true(found > 0);
        assert_true(worst_con < 0.15);
        assert_true(worst_mcv < 0.05);
    }
}

/*
 * imu-accuracy --without: each error source taken from the full mix changes the condition,
 * and a paired one leaves the set as it was (the same reps at the same times, within
 * what hand sway moves a phase's edge, the same
 * samples at the same true instants) while the unit reads or stamps them otherwise; names
 * are checked, and "sensor" is the unit's own errors all at once.
 */
static void test_error_sources(void **state)
{
    (void)state;
    const struct bar_model_condition *full = bar_model_condition_find("full");
    assert_non_null(full);
    struct accuracy_trace *base = accuracy_trace_new(full, 1, 0);
    assert_non_null(base);
    const struct accuracy_source *src;
    int n = accuracy_sources(&src);
    assert_true(n > 0);
    for (int k = 0; k < n; k++) {
        struct bar_model_condition c, again;
        assert_true(accuracy_condition_without(full, src[k].name, &c, NULL, 0));
        print_message("without %s: %s\n", src[k].name, src[k].about);
        /* it takes something away, once */
        assert_true(memcmp(&c.set, &full->set, sizeof c.set) != 0 ||
                    memcmp(&c.sensor, &full->sensor, sizeof c.sensor) != 0);
        assert_true(accuracy_condition_without(&c, src[k].name, &again, NULL, 0));
        assert_memory_equal(&again.set, &c.set, sizeof c.set);
        assert_memory_equal(&again.sensor, &c.sensor, sizeof c.sensor);
        if (!src[k].paired)
            continue;
        struct accuracy_trace *tr = accuracy_trace_new(&c, 1, 0);
        assert_non_null(tr);
        assert_int_equal(tr->truth.n_reps, base->truth.n_reps);
        for (int r = 0; r < tr->truth.n_reps; r++) {
            /* sway is the bar's own motion: the truth's phase edges move a little */
            assert_true(fabs(tr->truth.reps[r].ecc_start_s - base->truth.reps[r].ecc_start_s) <
                        0.1);
            assert_true(fabs(tr->truth.reps[r].con_end_s - base->truth.reps[r].con_end_s) < 0.1);
        }
        assert_int_equal(tr->n, base->n);
        bool differs = false;
        for (size_t i = 0; i < tr->n; i++) {
            assert_true(tr->samples[i].t_s == base->samples[i].t_s);
            differs = differs || tr->samples[i].t_us != base->samples[i].t_us ||
                      memcmp(tr->samples[i].accel_raw, base->samples[i].accel_raw,
                             sizeof tr->samples[i].accel_raw) != 0 ||
                      memcmp(tr->samples[i].gyro_raw, base->samples[i].gyro_raw,
                             sizeof tr->samples[i].gyro_raw) != 0;
        }
        assert_true(differs);
        accuracy_trace_free(tr);
    }
    accuracy_trace_free(base);

    struct bar_model_condition c;
    assert_true(accuracy_condition_without(full, "accel-bias,roll", &c, NULL, 0));
    assert_true(c.sensor.accel_bias_mg == 0 && c.set.roll_deg == 0);
    assert_true(c.sensor.gyro_bias_dps == full->sensor.gyro_bias_dps);
    assert_true(accuracy_condition_without(full, "", &c, NULL, 0));
    assert_memory_equal(&c, full, sizeof c);
    /* "sensor" is every one of the unit's own errors but loss: a perfect unit */
    struct bar_model_condition each;
    assert_true(accuracy_condition_without(full, "sensor", &c, NULL, 0));
    assert_true(accuracy_condition_without(
        full, "accel-bias,gyro-bias,bias-walk,temperature,scale,noise,misalign,jitter", &each, NULL,
        0));
    assert_memory_equal(&c, &each, sizeof c);
    assert_memory_equal(&c.set, &full->set, sizeof c.set);
    assert_true(c.sensor.drop_pct == full->sensor.drop_pct);
    /* "bias-walk" is the two walks at once; each alone leaves the other */
    assert_true(accuracy_condition_without(full, "bias-walk", &c, NULL, 0));
    assert_true(accuracy_condition_without(full, "accel-walk,gyro-walk", &each, NULL, 0));
    assert_memory_equal(&c, &each, sizeof c);
    assert_true(accuracy_condition_without(full, "accel-walk", &c, NULL, 0));
    assert_true(c.sensor.accel_drift_mg == 0 && c.sensor.gyro_drift_dps > 0 &&
                c.sensor.gyro_drift_dps == full->sensor.gyro_drift_dps);
    assert_true(accuracy_condition_without(full, "gyro-walk", &c, NULL, 0));
    assert_true(c.sensor.gyro_drift_dps == 0 && c.sensor.accel_drift_mg > 0 &&
                c.sensor.accel_drift_mg == full->sensor.accel_drift_mg);
    char why[96];
    static const char *const bad[] = {"accel", "roll,,whip", "whip,bogus", "ROLL"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        why[0] = '\0';
        assert_false(accuracy_condition_without(full, bad[k], &c, why, sizeof why));
        print_message("%s: %s\n", bad[k], why);
        assert_non_null(strstr(why, "no error source called"));
    }
}

/* What test_live_velocity_at_stops follows: the set's true top pauses (their middle, in
 * plan time, in order) and the largest live velocity error seen there. */
struct top_watch {
    const struct accuracy_trace *tr;
    int next;
    double worst_mps;
};

static void watch_tops(void *ctx, const struct rep_detector *d, const struct bar_model_sample *s,
                       const struct accuracy_rep *rep)
{
    (void)rep;
    struct top_watch *w = ctx;
    const struct bar_model_truth *t = &w->tr->truth;
    if (w->next >= t->n_reps)
        return;
    const struct bar_model_rep_truth *r = &t->reps[w->next];
    if (s->t_s < r->con_end_s + 0.5 * r->top_pause_s)
        return;
    w->next++;
    const double h = 0.001;
    double vz =
        (bar_model_true_z(&w->tr->plan, s->t_s + h) - bar_model_true_z(&w->tr->plan, s->t_s - h)) /
        (2 * h);
    double err = fabs(d->vel_mps - vz);
    if (err > w->worst_mps)
        w->worst_mps = err;
}

/*
 * The live velocity (what the screen and the tones follow, and what rests are decided
 * on) where the bar truly stops at the top of a touch-and-go set: each rep without a rest
 * between them used to add its drift, 0.44 and 0.52 m/s off by the last tops of these
 * two sets (tuning seeds). A touch-and-go top's stop now zeroes it: within 0.15 m/s.
 */
static void test_live_velocity_at_stops(void **state)
{
    (void)state;
    static const uint64_t seeds[] = {17, 93};
    const struct bar_model_condition *c = bar_model_condition_find("pause-0");
    assert_non_null(c);
    for (size_t k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
        struct accuracy_trace *tr = accuracy_trace_new(c, seeds[k], 0);
        assert_non_null(tr);
        struct accuracy_rep det[64];
        struct top_watch w = {.tr = tr};
        accuracy_detect_watch(tr, det, 64, watch_tops, &w);
        print_message("pause-0 seed %llu: %d tops, live velocity at most %.3f m/s off there\n",
                      (unsigned long long)seeds[k], w.next, w.worst_mps);
        assert_int_equal(w.next, tr->truth.n_reps);
        assert_true(w.worst_mps < 0.15);
        accuracy_trace_free(tr);
    }
}

/*
 * The kiosk starts each set on a bar unit from what the unit's earlier sets learned of its
 * accel bias (session.c learn_unit, rep_detector_set_unit_ref). On held-out sets of the
 * full mix, each measured as a unit's fourth (three other sets on the same unit before it,
 * up to 5 degrees C apart) against the same sets as a unit's first, seeds 10101-10120:
 * MCV RMSE 0.025 -> 0.014 m/s, ROM RMSE 0.034 -> 0.018 m, 1 rep missed -> none. Larger
 * samples (imu-accuracy --units-seen 3, 8,853 reps on seeds 872001-872800 and 872861-873660)
 * give ROM 4.1 -> 3.1 cm and MCV 0.022 -> 0.019 m/s, reps lost and ghosts about even (79 -> 73):
 * the start moves which sets fall off a knife edge more than how many. Held here: both
 * RMSEs at most 75 % of the first set's, and no more reps lost or invented.
 */
static void test_unit_seen_before_sets(void **state)
{
    (void)state;
    const struct bar_model_condition *full = bar_model_condition_find("full");
    assert_non_null(full);
    struct accuracy_stats first, fourth;
    accuracy_stats_init(&first);
    accuracy_stats_init(&fourth);
    for (uint64_t s = 10101; s <= 10120; s++) {
        struct accuracy_trace *tr = accuracy_trace_new(full, s, 0);
        assert_non_null(tr);
        accuracy_score(tr, &first);
        assert_true(accuracy_trace_learn_unit(tr, full, s, 3));
        assert_true(tr->has_unit_ref);
        accuracy_score(tr, &fourth);
        accuracy_trace_free(tr);
    }
    struct accuracy_summary a, b;
    accuracy_summarise(&first, &a);
    accuracy_summarise(&fourth, &b);
    accuracy_stats_free(&first);
    accuracy_stats_free(&fourth);
    print_message("a unit's first set:  reps %d FP %d FN %d MCV rmse %.3f ROM rmse %.3f\n",
                  a.n_true, a.fp, a.fn, a.mcv_rmse_mps, a.rom_rmse_m);
    print_message("a unit's fourth set: reps %d FP %d FN %d MCV rmse %.3f ROM rmse %.3f\n",
                  b.n_true, b.fp, b.fn, b.mcv_rmse_mps, b.rom_rmse_m);
    assert_int_equal(a.n_true, b.n_true);
    assert_true(b.fp + b.fn <= a.fp + a.fn);
    assert_true(b.mcv_rmse_mps <= 0.75 * a.mcv_rmse_mps);
    assert_true(b.rom_rmse_m <= 0.75 * a.rom_rmse_m);
}

/* The MCV bias of every condition of a unit within its datasheet together (each run
 * before this by test_condition), the units' scale errors and all. */
static void test_pooled_bias(void **state)
{
    const int *n_conditions = *state;
    assert_int_equal(pooled.conditions, *n_conditions - 1);
    assert_true(pooled.tp > 0);
    double bias = pooled.mcv_err_sum / pooled.tp;
    print_message("MCV bias over %d conditions, %d reps: %+.4f m/s\n", pooled.conditions, pooled.tp,
                  bias);
    assert_true(fabs(bias) <= GOAL_MCV_BIAS_MPS);
}

/*
 * The tests in groups: a shard (below) takes a group whole. The conditions and pooled_bias
 * are one (the pool is theirs), every other test its own. A group's cost is the seconds it
 * takes natively, to balance the shards only.
 */
struct suite {
    struct CMUnitTest tests[64];
    int group[64];
    double cost[64];
    int n, groups;
};

/* Adds a test to the group open; false when the suite is full. */
static bool suite_add(struct suite *s, struct CMUnitTest t)
{
    if (s->n == 64)
        return false;
    s->tests[s->n] = t;
    s->group[s->n++] = s->groups;
    return true;
}

/* Closes the group open, of the cost given. */
static void suite_close(struct suite *s, double cost_s)
{
    s->cost[s->groups++] = cost_s;
}

static bool suite_one(struct suite *s, struct CMUnitTest t, double cost_s)
{
    if (!suite_add(s, t))
        return false;
    suite_close(s, cost_s);
    return true;
}

/*
 * Which tests run: all of them, or one shard (RACKSIDE_TEST_SHARD=K/N, K from 0). Under
 * qemu the suite takes about twenty times as long as natively, and tests/arm64.sh runs two
 * shards side by side. Groups go, the costliest first, to the shard with the least cost so
 * far. Keeps the shard's tests at the front, in their order; -1 when the variable is set
 * but not K/N.
 */
static int keep_shard(struct suite *s)
{
    const char *env = getenv("RACKSIDE_TEST_SHARD");
    if (env == NULL || env[0] == '\0')
        return s->n;
    int k, shards;
    char end;
    if (sscanf(env, "%d/%d%c", &k, &shards, &end) != 2 || shards < 1 || shards > 8 || k < 0 ||
        k >= shards) {
        fprintf(stderr, "RACKSIDE_TEST_SHARD=%s: expected K/N with 0 <= K < N <= 8\n", env);
        return -1;
    }
    int shard_of[64];
    double load[8] = {0};
    bool placed[64] = {false};
    for (int g = 0; g < s->groups; g++) {
        int next = -1;
        for (int h = 0; h < s->groups; h++)
            if (!placed[h] && (next < 0 || s->cost[h] > s->cost[next]))
                next = h;
        int lightest = 0;
        for (int j = 1; j < shards; j++)
            if (load[j] < load[lightest])
                lightest = j;
        shard_of[next] = lightest;
        load[lightest] += s->cost[next];
        placed[next] = true;
    }
    int kept = 0;
    for (int i = 0; i < s->n; i++)
        if (shard_of[s->group[i]] == k)
            s->tests[kept++] = s->tests[i];
    return kept;
}

int main(void)
{
    const struct bar_model_condition *conds;
    int n = bar_model_conditions(&conds);
    static struct suite s;
    bool ok =
        suite_one(&s, (struct CMUnitTest)cmocka_unit_test(test_scorer_counts_and_errors), 0.1) &&
        suite_one(&s, (struct CMUnitTest)cmocka_unit_test(test_sets_once_wrong), 10.1) &&
        suite_one(&s, (struct CMUnitTest)cmocka_unit_test(test_rom_sets), 1.1) &&
        suite_one(&s, (struct CMUnitTest)cmocka_unit_test(test_ecc_start_sets), 15.5) &&
        suite_one(&s, (struct CMUnitTest)cmocka_unit_test(test_pause_sets), 0.6) &&
        suite_one(&s, (struct CMUnitTest)cmocka_unit_test(test_error_sources), 3.3) &&
        suite_one(&s, (struct CMUnitTest)cmocka_unit_test(test_live_velocity_at_stops), 0.2) &&
        suite_one(&s, (struct CMUnitTest)cmocka_unit_test(test_con_start_sets), 3.2) &&
        suite_one(&s, (struct CMUnitTest)cmocka_unit_test(test_con_end_sets), 0.8) &&
        suite_one(&s, (struct CMUnitTest)cmocka_unit_test(test_unit_seen_before_sets), 8.3);
    for (int i = 0; ok && i < n; i++)
        ok = suite_add(
            &s, (struct CMUnitTest){conds[i].name, test_condition, NULL, NULL, (void *)&conds[i]});
    ok = ok && suite_add(&s, (struct CMUnitTest){"pooled_bias", test_pooled_bias, NULL, NULL, &n});
    if (ok)
        suite_close(&s, 0.7 * n);
    ok = ok && suite_one(&s, (struct CMUnitTest)cmocka_unit_test(test_speed_bands), 0.2) &&
         suite_one(&s, (struct CMUnitTest)cmocka_unit_test(test_scorer_by_speed), 0.1) &&
         suite_one(&s, (struct CMUnitTest)cmocka_unit_test(test_grind_sets), 0.6);
    if (!ok)
        return 1;
    int kept = keep_shard(&s);
    if (kept < 0)
        return 2;
    return _cmocka_run_group_tests("rep_accuracy", s.tests, (size_t)kept, NULL, NULL);
}
