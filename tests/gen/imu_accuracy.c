/*
 * imu-accuracy: the rep detector's accuracy per generated condition, against the goals.
 *
 *   imu-accuracy [--seeds A-B] [--condition NAME]
 *
 * Seeds default to the held-out ones (10001-10010); tune on 1-9999 only. Columns: true
 * reps, true positives, ghost reps (FP; "walk": of them, mostly an unrack, walk-out
 * step, rerack or setup), missed reps (FN), F1, ghosts per 200 true reps, mean
 * concentric velocity RMSE and bias (m/s), ROM RMSE (m), and the 95th percentile of
 * |eccentric| and |concentric| duration error (s) over matched reps. Exit status 0
 * when every condition run meets every goal, 1 when one does not, 2 on bad arguments.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accuracy.h"

#define DEFAULT_SEEDS 10

static int usage(void)
{
    fprintf(stderr, "usage: imu-accuracy [--seeds A-B] [--condition NAME]\n");
    return 2;
}

static bool parse_seeds(const char *v, unsigned long long *a, unsigned long long *b)
{
    char *end;
    errno = 0;
    *a = strtoull(v, &end, 10);
    if (errno || end == v)
        return false;
    if (*end == '\0') {
        *b = *a;
        return true;
    }
    if (*end != '-')
        return false;
    const char *rest = end + 1;
    *b = strtoull(rest, &end, 10);
    return errno == 0 && end != rest && *end == '\0' && *b >= *a;
}

static void print_header(void)
{
    printf("%-10s %4s %5s %4s %4s %5s %5s %6s %9s %8s %8s %8s %8s %8s %8s %8s  %s\n", "condition",
           "sets", "reps", "TP", "FP", "(walk)", "FN", "F1", "ghost/200", "MCVrmse", "MCVbias",
           "ROMrmse", "ecc p95", "con p95", "MPVrmse", "PKrmse", "goals");
}

static void print_row(const char *name, const struct accuracy_summary *s)
{
    char why[128];
    bool ok = accuracy_meets_goals(s, why, sizeof why);
    printf("%-10s %4d %5d %4d %4d %5d %5d %6.3f %9.1f %8.3f %+8.3f %8.3f %8.3f %8.3f %8.3f "
           "%8.3f  %s\n",
           name, s->traces, s->n_true, s->tp, s->fp, s->fp_nonrep, s->fn, s->f1, s->ghosts_per_200,
           s->mcv_rmse_mps, s->mcv_bias_mps, s->rom_rmse_m, s->ecc_p95_s, s->con_p95_s,
           s->mpv_rmse_mps, s->peak_rmse_mps, ok ? "met" : why);
}

int main(int argc, char **argv)
{
    unsigned long long first = ACCURACY_REPORT_SEED_FIRST;
    unsigned long long last = first + DEFAULT_SEEDS - 1;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (i + 1 >= argc)
            return usage();
        if (strcmp(argv[i], "--seeds") == 0) {
            if (!parse_seeds(argv[i + 1], &first, &last)) {
                fprintf(stderr, "imu-accuracy: --seeds wants A-B, not %s\n", argv[i + 1]);
                return 2;
            }
        } else if (strcmp(argv[i], "--condition") == 0) {
            only = argv[i + 1];
        } else {
            return usage();
        }
        i++;
    }
    const struct bar_model_condition *conds;
    int n = bar_model_conditions(&conds);
    if (only && !bar_model_condition_find(only)) {
        fprintf(stderr, "imu-accuracy: no condition called %s\n", only);
        return 2;
    }
    printf("seeds %llu-%llu%s\n", first, last,
           last < ACCURACY_REPORT_SEED_FIRST ? " (tuning seeds: not a report)" : "");
    print_header();
    struct accuracy_stats all;
    accuracy_stats_init(&all);
    bool all_ok = true;
    for (int c = 0; c < n; c++) {
        if (only && strcmp(only, conds[c].name) != 0)
            continue;
        struct accuracy_stats st;
        accuracy_stats_init(&st);
        for (unsigned long long s = first; s <= last; s++) {
            struct accuracy_trace *tr = accuracy_trace_new(&conds[c], s, 0);
            if (!tr) {
                fprintf(stderr, "imu-accuracy: out of memory\n");
                return 1;
            }
            accuracy_score(tr, &st);
            accuracy_trace_free(tr);
        }
        struct accuracy_summary sum;
        accuracy_summarise(&st, &sum);
        print_row(conds[c].name, &sum);
        accuracy_stats_add(&all, &st);
        all_ok = all_ok && accuracy_meets_goals(&sum, NULL, 0);
        accuracy_stats_free(&st);
        fflush(stdout);
    }
    if (!only) {
        struct accuracy_summary sum;
        accuracy_summarise(&all, &sum);
        print_row("all", &sum);
    }
    accuracy_stats_free(&all);
    return all_ok ? 0 : 1;
}
