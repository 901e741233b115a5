/*
 * Plate loading: which plates go on each side for a target on a bar, from the rack's plate
 * set, and what is left over when the plates cannot make the target. A table of cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/plate_loading.h"

#define END (-1)

static const struct {
    const char *name;
    int32_t bar_g, target_g;
    int32_t limited_pairs_25; /* 0: the default set; else only this many pairs of 25 kg */
    int32_t side_g[12];       /* plates on one side, END-terminated */
    int32_t made_g, remainder_g;
    bool below_bar;
} cases[] = {
    {"empty bar", 20000, 20000, 0, {END}, 20000, 0, false},
    {"bench 62.5 kg", 20000, 62500, 0, {20000, 1250, END}, 62500, 0, false},
    {"squat 102.5 kg", 20000, 102500, 0, {25000, 15000, 1250, END}, 102500, 0, false},
    {"deadlift 143 kg: 1.5 kg cannot be made",
     20000,
     143000,
     0,
     {25000, 25000, 10000, 1250, END},
     142500,
     500,
     false},
    {"odd gram target rounds down, never over", 20000, 20999, 0, {END}, 20000, 999, false},
    {"a 15 kg bar", 15000, 40000, 0, {10000, 2500, END}, 40000, 0, false},
    {"lighter than the bar", 20000, 15000, 0, {END}, 20000, -5000, true},
    {"heavy: 250 kg", 20000, 250000, 0, {25000, 25000, 25000, 25000, 15000, END}, 250000, 0, false},
    {"only two pairs of 25 kg", 20000, 150000, 2, {25000, 25000, 15000, END}, 150000, 0, false},
    {"only one pair of 25 kg", 20000, 150000, 1, {25000, 20000, 20000, END}, 150000, 0, false},
};

static void test_cases(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct loading_plates ps;
        plate_set_default_kg(&ps);
        if (cases[c].limited_pairs_25)
            ps.pairs[0] = cases[c].limited_pairs_25;
        struct plate_loading pl;
        assert_int_equal(plate_loading_for(&ps, cases[c].bar_g, cases[c].target_g, &pl), 0);
        int n = 0;
        while (cases[c].side_g[n] != END)
            n++;
        if (pl.n != n)
            fail_msg("%s: %d plates a side, expected %d", cases[c].name, pl.n, n);
        for (int i = 0; i < n; i++)
            if (ps.g[pl.kind[i]] != cases[c].side_g[i])
                fail_msg("%s: plate %d is %d g, expected %d g", cases[c].name, i, ps.g[pl.kind[i]],
                         cases[c].side_g[i]);
        if (pl.made_g != cases[c].made_g || pl.remainder_g != cases[c].remainder_g ||
            pl.below_bar != cases[c].below_bar)
            fail_msg("%s: made %d g, remainder %d g, below bar %d", cases[c].name, pl.made_g,
                     pl.remainder_g, pl.below_bar);
        assert_true(pl.made_g <= cases[c].target_g || pl.below_bar);
    }
}

static void test_bad_sets_refused(void **state)
{
    (void)state;
    struct loading_plates ps;
    struct plate_loading pl;
    plate_set_default_kg(&ps);
    ps.g[3] = 30000; /* not heaviest first */
    assert_int_equal(plate_loading_for(&ps, 20000, 100000, &pl), -1);
    plate_set_default_kg(&ps);
    ps.g[6] = 0;
    assert_int_equal(plate_loading_for(&ps, 20000, 100000, &pl), -1);
    plate_set_default_kg(&ps);
    ps.n = PLATE_KINDS_MAX + 1;
    assert_int_equal(plate_loading_for(&ps, 20000, 100000, &pl), -1);
    plate_set_default_kg(&ps);
    assert_int_equal(plate_loading_for(&ps, -1, 100000, &pl), -1);
}

/* Whatever the target, the loading never exceeds it and leaves less than the lightest pair. */
static void test_sweep_never_over(void **state)
{
    (void)state;
    struct loading_plates ps;
    plate_set_default_kg(&ps);
    for (int32_t t = 20000; t <= 300000; t += 137) {
        struct plate_loading pl;
        assert_int_equal(plate_loading_for(&ps, 20000, t, &pl), 0);
        assert_true(pl.made_g <= t);
        assert_true(pl.remainder_g >= 0 && pl.remainder_g < 2 * 1250);
    }
}

/* A reading near a load the plates make reads as that load; anything else is left alone. */
static void test_snap(void **state)
{
    (void)state;
    static const struct {
        int32_t measured_g, tol_g, want_g;
    } snaps[] = {
        {19900, 250, 20000},                          /* the empty bar read a little light */
        {20150, 250, 20000},                          /* and a little heavy */
        {62350, 250, 62500},                          /* bar + 20 + 1.25 a side */
        {101240, 250, 101240},                        /* between two loads: what was measured */
        {99800, 250, 100000},  {100300, 250, 100300}, /* just outside the tolerance */
        {18000, 250, 18000}, /* lighter than the bar: a reading, not a load */
        {19900, 0, 19900},   /* no tolerance, no change */
    };
    struct loading_plates ps;
    plate_set_default_kg(&ps);
    for (size_t i = 0; i < sizeof snaps / sizeof snaps[0]; i++) {
        int32_t got = plate_loading_snap_g(&ps, 20000, snaps[i].measured_g, snaps[i].tol_g);
        if (got != snaps[i].want_g)
            fail_msg("snap %d g (tol %d): %d g, expected %d g", snaps[i].measured_g, snaps[i].tol_g,
                     got, snaps[i].want_g);
    }
}

/* The rack's own plates (any order, kg or lb, limited pairs) become the loading set. */
static void test_rack_plates(void **state)
{
    (void)state;
    static const struct {
        const char *unit, *bar, *plates;
        int n;
        int32_t g[4];
        int pairs[4];
        int32_t target_g, made_g; /* a load on them */
    } racks[] = {
        {"kg", "20", "5/25x2/10", 3, {25000, 10000, 5000}, {2, 10, 10}, 172500, 170000},
        /* 315 lb, 142881.6 g: the plates are counted in pounds, the load to the gram */
        {"lb", "45", "10/45x3/25", 3, {20412, 11340, 4536}, {3, 10, 10}, 143000, 142882},
        /* 0.5 lb micro-plates: 140.5 lb is 45 + 1.25 + 3 x 0.5 a side, greedy's 45 + 2.5
         * leaves 0.25 lb that no plate makes */
        {"lb", "45", "45/2.5/1.25/0.5", 4, {20412, 1134, 567, 227}, {10, 10, 10, 10}, 63730, 63730},
    };
    for (size_t i = 0; i < sizeof racks / sizeof racks[0]; i++) {
        struct plate_set rack;
        char err[PLATES_ERR_MAX];
        if (plates_parse(&rack, racks[i].unit, racks[i].bar, racks[i].plates, err) != 0)
            fail_msg("%s %s: %s", racks[i].unit, racks[i].plates, err);
        struct loading_plates ps;
        plate_loading_plates_from(&ps, &rack);
        assert_int_equal(ps.n, racks[i].n);
        for (int k = 0; k < ps.n; k++) {
            if (ps.g[k] != racks[i].g[k] || ps.pairs[k] != racks[i].pairs[k])
                fail_msg("%s %s: kind %d is %d g x%d, expected %d g x%d", racks[i].unit,
                         racks[i].plates, k, ps.g[k], ps.pairs[k], racks[i].g[k],
                         racks[i].pairs[k]);
        }
        struct plate_loading pl;
        assert_int_equal(plate_loading_for(&ps, rack.bar_g, racks[i].target_g, &pl), 0);
        if (pl.made_g != racks[i].made_g)
            fail_msg("%s %s: %d g made for %d g, expected %d g", racks[i].unit, racks[i].plates,
                     pl.made_g, racks[i].target_g, racks[i].made_g);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_bad_sets_refused),
        cmocka_unit_test(test_sweep_never_over),
        cmocka_unit_test(test_snap),
        cmocka_unit_test(test_rack_plates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
