/*
 * A set's summary (core/set_summary.h) as a table of sets: reps, best / mean / last
 * velocity, the velocity loss against the limit, time under tension and the tempo score;
 * and the tolerance of one phase against its cue.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "../../app/core/set_summary.h"

#define MAXR  8
#define US_MS 1000

/* A rep as the table writes it: mean concentric mm/s and the phases in ms. */
struct rep_row {
    int mmps; /* 0 ends the list */
    int ecc_ms, bottom_ms, conc_ms, top_ms;
    bool conc_first; /* a deadlift: up, top pause, down, floor */
};

/* The rep the detector would hand out: phases laid end to end from t0. */
static struct rep_result make_rep(const struct rep_row *row, int64_t t0_us)
{
    struct rep_result r = {0};
    r.mean_conc_mmps = row->mmps;
    r.ecc_ms = row->ecc_ms;
    r.bottom_ms = row->bottom_ms;
    r.conc_ms = row->conc_ms;
    r.top_ms = row->top_ms;
    r.t_start_us = t0_us;
    if (!row->conc_first) { /* down, bottom pause, up; the top pause after the rep */
        r.ecc_start_us = t0_us;
        r.ecc_end_us = t0_us + row->ecc_ms * US_MS;
        r.con_start_us = r.ecc_end_us + row->bottom_ms * US_MS;
        r.con_end_us = r.con_start_us + row->conc_ms * US_MS;
        r.t_end_us = r.con_end_us;
    } else { /* up, top pause, down; the floor pause after the rep */
        r.con_start_us = t0_us;
        r.con_end_us = t0_us + row->conc_ms * US_MS;
        r.ecc_start_us = r.con_end_us + row->top_ms * US_MS;
        r.ecc_end_us = r.ecc_start_us + row->ecc_ms * US_MS;
        r.t_end_us = r.ecc_end_us;
    }
    return r;
}

static void test_summary_table(void **state)
{
    (void)state;
    static const int cue_3010[4] = {3000, 1000, 1000, 0};
    static const int cue_none[4] = {0, 0, 0, 0};
    static const int cue_dl[4] = {3000, 0, 1000, 1000}; /* a second held at the top */
    static const struct {
        const char *what;
        const int *cue;
        int limit_pct;
        struct rep_row reps[MAXR];
        int n, best, mean, last, loss_pct;
        bool over;
        long tut_ms;
        int scored, kept, tempo_pct;
    } cases[] = {
        {"no reps", cue_3010, 30, {{0}}, 0, 0, 0, 0, 0, false, 0, 0, 0, -1},
        {"one rep: no loss, tempo kept",
         cue_3010,
         30,
         {{500, 3000, 1000, 800, 900}},
         1,
         500,
         500,
         500,
         0,
         false,
         4800,
         1,
         1,
         100},
        {"three reps slowing 20 %: under a 30 % limit",
         cue_3010,
         30,
         {{500, 3000, 1000, 800, 900}, {450, 3100, 900, 900, 900}, {400, 2900, 1100, 1000, 0}},
         3,
         500,
         450,
         400,
         20,
         false,
         4800 + 4900 + 5000,
         3,
         3,
         100},
        {"the last rep 40 % slower than the best: over the limit",
         cue_3010,
         30,
         {{600, 3000, 1000, 700}, {620, 3000, 1000, 700}, {372, 3000, 1000, 1200}},
         3,
         620,
         530,
         372,
         40,
         true,
         4700 + 4700 + 5200,
         3,
         3,
         100},
        {"exactly at the limit is not over it",
         cue_3010,
         30,
         {{500, 3000, 1000, 800}, {350, 3000, 1000, 900}},
         2,
         500,
         425,
         350,
         30,
         false,
         4800 + 4900,
         2,
         2,
         100},
        {"the best rep last: no loss",
         cue_3010,
         20,
         {{400, 3000, 1000, 900}, {420, 3000, 1000, 900}},
         2,
         420,
         410,
         420,
         0,
         false,
         9800,
         2,
         2,
         100},
        {"a rushed lowering and a skipped pause miss the cue",
         cue_3010,
         30,
         {{500, 3000, 1000, 800},
          {500, 1200, 1000, 800},
          {500, 3000, 100, 800},
          {500, 3600, 1200, 800}},
         4,
         500,
         500,
         500,
         0,
         false,
         4800 + 3000 + 3900 + 5600,
         4,
         2,
         50},
        {"just outside the tolerance: 3.8 s for a 3 s cue",
         cue_3010,
         30,
         {{500, 3800, 1000, 800}, {500, 3750, 1000, 800}},
         2,
         500,
         500,
         500,
         0,
         false,
         5600 + 5550,
         2,
         1,
         50},
        {"a short pause cue: 250 ms either way",
         cue_3010,
         30,
         {{500, 3000, 1250, 800}, {500, 3000, 740, 800}},
         2,
         500,
         500,
         500,
         0,
         false,
         5050 + 4540,
         2,
         1,
         50},
        {"no cue: tempo not scored",
         cue_none,
         30,
         {{500, 1000, 0, 800}, {450, 900, 0, 800}},
         2,
         500,
         475,
         450,
         10,
         false,
         1800 + 1700,
         0,
         0,
         -1},
        {"no tempo given at all: not scored",
         NULL,
         30,
         {{500, 1000, 0, 800}},
         1,
         500,
         500,
         500,
         0,
         false,
         1800,
         0,
         0,
         -1},
        {"concentric first: the top pause is the one held",
         cue_dl,
         30,
         {{700, 3000, 2000, 600, 0, true},
          {650, 3000, 200, 600, 1000, true},
          {600, 3000, 2000, 600, 1100, true}},
         3,
         700,
         650,
         600,
         14,
         false,
         3600 + 4600 + 4700,
         3,
         2,
         66},
        {"a slow concentric is not held against the cue",
         cue_3010,
         30,
         {{300, 3000, 1000, 4000}},
         1,
         300,
         300,
         300,
         0,
         false,
         8000,
         1,
         1,
         100},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct rep_result reps[MAXR];
        int n = 0;
        int64_t t_us = 1000000;
        for (; n < MAXR && cases[c].reps[n].mmps > 0; n++) {
            reps[n] = make_rep(&cases[c].reps[n], t_us);
            t_us = reps[n].t_end_us + 2000000;
        }
        struct set_summary s;
        set_summary_compute(reps, n, cases[c].cue, cases[c].limit_pct, &s);
        print_message("%s\n", cases[c].what);
        assert_int_equal(s.n_reps, cases[c].n);
        assert_int_equal(s.best_mmps, cases[c].best);
        assert_int_equal(s.mean_mmps, cases[c].mean);
        assert_int_equal(s.last_mmps, cases[c].last);
        assert_int_equal(s.loss_pct, cases[c].loss_pct);
        assert_int_equal(s.loss_limit_pct, cases[c].limit_pct);
        assert_int_equal(s.loss_over, cases[c].over);
        assert_int_equal(s.tut_ms, cases[c].tut_ms);
        assert_int_equal(s.tempo_scored, cases[c].scored);
        assert_int_equal(s.tempo_kept, cases[c].kept);
        assert_int_equal(s.tempo_pct, cases[c].tempo_pct);
    }
}

static void test_phase_tolerance(void **state)
{
    (void)state;
    static const struct {
        int measured_ms, cue_ms;
        bool kept;
    } cases[] = {
        {3000, 3000, true},  {3750, 3000, true}, {3751, 3000, false},  {2250, 3000, true},
        {2249, 3000, false}, {1250, 1000, true}, {1251, 1000, false},  {750, 1000, true},
        {749, 1000, false},  {0, 0, true},       {9000, 0, true},      {0, 500, false},
        {250, 500, true},    {8000, 8000, true}, {10001, 8000, false},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        print_message("%d ms against %d ms\n", cases[c].measured_ms, cases[c].cue_ms);
        assert_int_equal(set_tempo_phase_kept(cases[c].measured_ms, cases[c].cue_ms),
                         cases[c].kept);
    }
}

/*
 * A grind: under the exercise's minimum speed and slower up than the cue allows (its
 * tolerance: 25 % or 250 ms). A 2 s cue over 450 mm asks for 225 mm/s, so a rep at the cue
 * under a 300 mm/s minimum is slow by design; past 2.5 s up it grinds. No minimum, no grind;
 * no concentric cue, the minimum alone.
 */
static void test_grind_table(void **state)
{
    (void)state;
    static const struct {
        int32_t mean_mmps, conc_ms, min_mmps;
        int cue_ms;
        bool grinds;
    } cases[] = {
        {90, 5000, 300, 2000, true},   /* up in 5 s: near failure */
        {176, 2501, 300, 2000, true},  /* just past the cue's tolerance */
        {180, 2500, 300, 2000, false}, /* within it */
        {225, 2000, 300, 2000, false}, /* at the cue: the tempo asked for it */
        {299, 3000, 300, 2000, true},  /* a millimetre a second under */
        {300, 3000, 300, 2000, false}, /* at the minimum: not under it */
        {450, 1000, 300, 2000, false}, /* fast */
        {90, 5000, 0, 2000, false},    /* no minimum for this exercise */
        {90, 5000, 80, 2000, false},   /* over a lower minimum (a deadlift's 0.08) */
        {290, 1500, 300, 0, true},     /* no concentric cue: the minimum alone */
        {310, 1500, 300, 0, false},    {0, 0, 300, 2000, false}, /* no concentric measured */
        {150, 5000, 200, 4000, false}, /* a slow cue (4 s) kept within 5 s */
        {150, 5001, 200, 4000, true},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct rep_result r = {.mean_conc_mmps = cases[c].mean_mmps, .conc_ms = cases[c].conc_ms};
        print_message("%d mm/s up in %d ms, minimum %d, cue %d ms\n", cases[c].mean_mmps,
                      cases[c].conc_ms, cases[c].min_mmps, cases[c].cue_ms);
        assert_int_equal(set_rep_grinds(&r, cases[c].min_mmps, cases[c].cue_ms), cases[c].grinds);
    }
}

/* The last rep's tempo against the cue, as the set screen says it after each rep: its
 * number, lowering and lifting against the cue's, and the first timed phase that was off. */
static void test_last_rep_tempo_table(void **state)
{
    (void)state;
    static const int cue_3120[4] = {3000, 1000, 2000, 0};
    static const int cue_3122[4] = {3000, 1000, 2000, 2000}; /* 2 s held at the top */
    static const int cue_dl[4] = {3000, 0, 1000, 1000};      /* a second held at the top */
    static const struct {
        const char *what;
        const int *cue;
        struct rep_row reps[MAXR];
        int index, down_ms, up_ms, down_cue_ms, up_cue_ms;
        enum set_tempo_verdict verdict;
    } cases[] = {
        {"on the cue",
         cue_3120,
         {{500, 2800, 1000, 1900}},
         1,
         2800,
         1900,
         3000,
         2000,
         SET_TEMPO_KEPT},
        {"the lifting is not judged: as fast as the lifter can",
         cue_3120,
         {{700, 3100, 1100, 900}},
         1,
         3100,
         900,
         3000,
         2000,
         SET_TEMPO_KEPT},
        {"lowered in 1.5 of 3 s",
         cue_3120,
         {{500, 1500, 1000, 1900}},
         1,
         1500,
         1900,
         3000,
         2000,
         SET_TEMPO_DOWN_FAST},
        {"lowered in 4.5 of 3 s",
         cue_3120,
         {{500, 4500, 1000, 1900}},
         1,
         4500,
         1900,
         3000,
         2000,
         SET_TEMPO_DOWN_SLOW},
        {"no pause at the bottom",
         cue_3120,
         {{500, 3000, 200, 1900}},
         1,
         3000,
         1900,
         3000,
         2000,
         SET_TEMPO_PAUSE_SHORT},
        {"a 2 s pause for 1 s",
         cue_3120,
         {{500, 3000, 2000, 1900}},
         1,
         3000,
         1900,
         3000,
         2000,
         SET_TEMPO_PAUSE_LONG},
        {"the lowering is said first when both are off",
         cue_3120,
         {{500, 1000, 0, 1900}},
         1,
         1000,
         1900,
         3000,
         2000,
         SET_TEMPO_DOWN_FAST},
        {"the last of three: its own figures",
         cue_3120,
         {{500, 3000, 1000, 1900}, {480, 2900, 1000, 2000}, {450, 1800, 1000, 2300}},
         3,
         1800,
         2300,
         3000,
         2000,
         SET_TEMPO_DOWN_FAST},
        {"a deadlift's top pause held",
         cue_dl,
         {{500, 3000, 0, 900, 1000, true}},
         1,
         3000,
         900,
         3000,
         1000,
         SET_TEMPO_KEPT},
        {"a deadlift's top pause skipped",
         cue_dl,
         {{500, 3000, 0, 900, 100, true}},
         1,
         3000,
         900,
         3000,
         1000,
         SET_TEMPO_PAUSE_SHORT},
        {"a squat's 2 s top pause held before the lowering",
         cue_3122,
         {{500, 3000, 1000, 1900, 2100}, {480, 3000, 1000, 2000}},
         2,
         3000,
         2000,
         3000,
         2000,
         SET_TEMPO_KEPT},
        {"a squat's top pause cut to 0.6 s: the next rep went down early",
         cue_3122,
         {{500, 3000, 1000, 1900, 600}, {480, 3000, 1000, 2000}},
         2,
         3000,
         2000,
         3000,
         2000,
         SET_TEMPO_PAUSE_SHORT},
        {"standing longer at the top is a breath, not a tempo missed",
         cue_3122,
         {{500, 3000, 1000, 1900, 6000}, {480, 3000, 1000, 2000}},
         2,
         3000,
         2000,
         3000,
         2000,
         SET_TEMPO_KEPT},
        {"the first rep has no top pause before it",
         cue_3122,
         {{500, 3000, 1000, 1900}},
         1,
         3000,
         1900,
         3000,
         2000,
         SET_TEMPO_KEPT},
        {"no top pause cued: none held against the rep",
         cue_3120,
         {{500, 3000, 1000, 1900, 100}, {480, 3000, 1000, 2000}},
         2,
         3000,
         2000,
         3000,
         2000,
         SET_TEMPO_KEPT},
        {"no cue", NULL, {{500, 3000, 1000, 900}}, 1, 3000, 900, 0, 0, SET_TEMPO_NONE},
        {"no reps", cue_3120, {{0}}, 0, 0, 0, 0, 0, SET_TEMPO_NONE},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct rep_result reps[MAXR];
        int n = 0;
        int64_t t0_us = 0;
        for (; n < MAXR && cases[c].reps[n].mmps > 0; n++) {
            reps[n] = make_rep(&cases[c].reps[n], t0_us);
            reps[n].index = n + 1;
            /* the next rep starts once this one's pause after it is over (1 s when none) */
            int after_ms = cases[c].reps[n].conc_first ? 0 : cases[c].reps[n].top_ms;
            t0_us = reps[n].t_end_us + (int64_t)(after_ms > 0 ? after_ms : 1000) * US_MS;
        }
        struct set_summary sum;
        set_summary_compute(reps, n, cases[c].cue, 30, &sum);
        const struct set_rep_tempo *t = &sum.last_tempo;
        print_message("%s: rep %d down %d of %d up %d of %d verdict %d\n", cases[c].what, t->index,
                      t->down_ms, t->down_cue_ms, t->up_ms, t->up_cue_ms, t->verdict);
        assert_int_equal(t->index, cases[c].index);
        assert_int_equal(t->down_ms, cases[c].down_ms);
        assert_int_equal(t->up_ms, cases[c].up_ms);
        assert_int_equal(t->down_cue_ms, cases[c].down_cue_ms);
        assert_int_equal(t->up_cue_ms, cases[c].up_cue_ms);
        assert_int_equal(t->verdict, cases[c].verdict);
        /* a one-rep set: the verdict is the one the set's tempo score counts */
        if (n == 1 && t->verdict != SET_TEMPO_NONE)
            assert_int_equal(t->verdict == SET_TEMPO_KEPT, sum.tempo_kept == 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_table),
        cmocka_unit_test(test_phase_tolerance),
        cmocka_unit_test(test_grind_table),
        cmocka_unit_test(test_last_rep_tempo_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
