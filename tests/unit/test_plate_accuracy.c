/*
 * The plate filter against generated lifters' visits it was not tuned on (seeds from
 * PLATE_SEED_HELD_OUT up; tuning used seeds below it), at 80 and at 10 samples/s: the
 * issue's goals, each asserted as written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "plate_score.h"

#define VISITS         24
#define LOAD_GOAL_G    50.0 /* static load within 0.05 kg at the 95th percentile */
#define SPLIT_GOAL_PP  0.25
#define F1_GOAL        0.99
#define GLITCH_SAME_US 250000 /* events are dated in 0.1 s buckets: one may move a bucket */
/* Every goal as written, at both rates. */
static const double load_limit_g[2] = {LOAD_GOAL_G, LOAD_GOAL_G};
static const double split_limit_pp[2] = {SPLIT_GOAL_PP, SPLIT_GOAL_PP};

static void run_visit(struct plate_visit *v, struct plate_found *found)
{
    static struct plate_score_run r;
    memset(found, 0, sizeof(*found));
    struct rules rules;
    rules_default(&rules);
    load_filter_init(&r.f, &v->cfg.cal, &rules);
    r.found = found;
    plate_visit_run(v, plate_score_emit, &r);
    load_filter_finish(&r.f);
    plate_score_drain(&r);
}

struct rate_result {
    struct plate_score sc;
    int glitches, glitch_event_diffs;
};

static struct rate_result results[2];
static const int rates[2] = {80, 10};

/* Each visit twice: as generated, and without its glitches. */
static int run_all(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        struct rate_result *rr = &results[k];
        memset(rr, 0, sizeof(*rr));
        for (int i = 0; i < VISITS; i++) {
            static struct plate_visit v, clean;
            static struct plate_found found, found_clean;
            plate_visit_generate(&v, PLATE_SEED_HELD_OUT + (uint64_t)i, rates[k]);
            clean = v;
            clean.cfg.glitch_p = 0;
            run_visit(&v, &found);
            run_visit(&clean, &found_clean);
            plate_score_visit(&rr->sc, &v, &found);
            rr->glitches += v.n_glitches;
            bool same = found.n_events == found_clean.n_events;
            for (int e = 0; same && e < found.n_events; e++)
                same = found.event[e].type == found_clean.event[e].type &&
                       llabs(found.event[e].t_us - found_clean.event[e].t_us) <= GLITCH_SAME_US;
            rr->glitch_event_diffs += !same;
            if (!same) {
                printf("  seed %d: with glitches", i);
                for (int e = 0; e < found.n_events; e++)
                    printf(" %s %.2f", load_event_name(found.event[e].type),
                           (found.event[e].t_us - v.t0_us) / 1e6);
                printf("; without");
                for (int e = 0; e < found_clean.n_events; e++)
                    printf(" %s %.2f", load_event_name(found_clean.event[e].type),
                           (found_clean.event[e].t_us - v.t0_us) / 1e6);
                printf("\n");
            }
        }
        char label[64];
        snprintf(label, sizeof label, "%d samples/s, held-out seeds", rates[k]);
        plate_score_print(stdout, label, &rr->sc);
        printf("  %d single-sample glitches; visits whose events they changed: %d\n", rr->glitches,
               rr->glitch_event_diffs);
    }
    return 0;
}

static void test_every_stretch_found(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        assert_true(results[k].sc.required > 100);
        int missed = results[k].sc.required - results[k].sc.required_found;
        if (missed > 0)
            printf("GOAL NOT MET: %d/s: %d of %d stable stretches found\n", rates[k],
                   results[k].sc.required_found, results[k].sc.required);
        if (missed > 0)
            fail_msg("%d/s: %d stable stretches missed", rates[k], missed);
    }
}

static void test_time_to_stable(void **state)
{
    (void)state;
    static const double limit_s[2] = {0.6, 2.0};
    for (int k = 0; k < 2; k++) {
        struct plate_score *sc = &results[k].sc;
        double worst = score_pct(sc->latency_s, sc->n_latency, 100);
        if (worst > limit_s[k])
            fail_msg("%d/s: a stable reading %.2f s after the load settled", rates[k], worst);
    }
}

static void test_events(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        struct rate_result *rr = &results[k];
        if (score_f1(&rr->sc) < F1_GOAL)
            fail_msg("%d/s: events F1 %.4f", rates[k], score_f1(&rr->sc));
        assert_int_equal(rr->sc.reracks_in_reps, 0);
        assert_true(rr->glitches > 100); /* the visits had glitches to ignore */
        assert_int_equal(rr->glitch_event_diffs, 0);
    }
}

static void test_static_load_and_split(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        struct plate_score *sc = &results[k].sc;
        double load_g = score_pct(sc->load_err_g, sc->n_load, 95);
        double split_pp = score_pct(sc->split_err_pp, sc->n_split, 95);
        if (load_g > LOAD_GOAL_G || split_pp > SPLIT_GOAL_PP)
            printf("GOAL NOT MET: %d/s: load error p95 %.0f g (goal %.0f), split p95 %.3f pp "
                   "(goal %.2f)\n",
                   rates[k], load_g, LOAD_GOAL_G, split_pp, SPLIT_GOAL_PP);
        if (load_g > load_limit_g[k] || split_pp > split_limit_pp[k])
            fail_msg("%d/s: load error p95 %.0f g (at most %.0f), split p95 %.3f pp (at most %.2f)",
                     rates[k], load_g, load_limit_g[k], split_pp, split_limit_pp[k]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_stretch_found),
        cmocka_unit_test(test_time_to_stable),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_static_load_and_split),
    };
    return cmocka_run_group_tests(tests, run_all, NULL);
}
