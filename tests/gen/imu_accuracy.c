/*
 * imu-accuracy: the rep detector's accuracy per generated condition, against the goals.
 *
 *   imu-accuracy [--seeds A-B] [--condition NAME] [--without SOURCES] [--reps | --misses]
 *                [--trace SECONDS] [--nudge SALT] [--rests] [--units-seen N]
 *                [--by-speed] [--by-lift] [--onset-shift MPS]
 *
 * --reps also lists every set's true and measured reps, with times from the set's first
 * sample as gen-imu writes them (gen-imu --seed N --condition NAME gives the same set);
 * each true rep says what it was found as (or "MISSED"), with its lowering time and the
 * pauses around it, and each measured rep no true rep matched says "GHOST". --misses
 * lists only the sets with a missed or ghost rep. --trace S (every set, as --reps, unless
 * --misses narrows them) also prints the detector's state every S seconds of the set (true
 * height and vertical speed, live velocity and its offset, quiet, rest, anchored and final
 * flags, the 1 g reference) and each rest it sees begin and end, each drift anchor and
 * each rep as it is handed out: where a miss starts. --without accel-bias,roll (a comma-
 * separated list; an unknown name lists them all) runs each condition less those error
 * sources, on the same sets with the same draws: how many misses each one causes.
 * --nudge N moves every accelerometer sample by one count, up or down as salt N draws it
 * (see accuracy_trace_nudge): a figure, or a rep, that moves far under it is on a knife
 * edge, and another build's last bits may tip it. --rests adds a table of the rests the
 * detector took, by why it took them (see enum rep_rest_kind), and how many of them it
 * took on a bar truly moving faster than MOVING_MPS: what a missed rep starts from, as
 * a rest in mid-phase zeroes the live velocity and anchors the drift there. Under each
 * missed rep, --reps and --misses name the rests taken on a moving bar inside it.
 * --units-seen N measures each set on a bar unit the detector has measured N sets with
 * before (see accuracy_trace_learn_unit): it starts from what they taught of the unit's
 * accel bias (rep_detector_set_unit_ref). Without it every set is on a unit never seen,
 * as every set the kiosk measures is today. --by-speed adds a table of each condition's
 * matched reps split by how fast the true rep's concentric went (accuracy_speed_band):
 * their count, MCV and ROM RMSE and concentric duration p95 in each band. A grind's
 * lowering and lift each last seconds, for the drift to grow in and to pass for a stop.
 * --by-lift adds a table of each condition's sets split by the lift they are (a mixed
 * condition draws one per set): sets, true reps, missed and ghost reps, F1, MCV and ROM
 * RMSE and the eccentric and concentric duration p95: whether the misses are one lift's.
 * --onset-shift MPS adds a table of how far the truth's own phase durations move when the
 * 5 % threshold moves up and down by MPS (m/s): the 95th percentile over the true reps of
 * half the change in each rep's eccentric and concentric duration, and how many reps it
 * moves by more than the goal (50 ms). A phase that starts or ends gently holds its speed
 * near the threshold for a while: there, a velocity error of MPS alone (the truth's, not
 * the detector's) moves the phase's bounds that far. It says how close to the bar's true
 * speed a measurement must come for the phase goal to be in reach at all.
 *
 * Seeds default to the held-out ones (10001-10010); tune on 1-9999 only. Columns: true
 * reps, true positives, ghost reps (FP; "walk": of them, mostly an unrack, walk-out
 * step, rerack or setup), missed reps (FN), F1, ghosts per 200 true reps, mean
 * concentric velocity RMSE and bias (m/s), ROM RMSE (m), and the 95th percentile of
 * |eccentric| and |concentric| duration error (s) over matched reps; then, to show
 * where the errors come from (no goal): ROM RMSE without the worst 1 % of reps, and the
 * 95th percentile of the eccentric's start and end time errors apart, and the mean signed
 * ROM error (m) and eccentric start error (s, late positive): the bias in them; and the
 * 95th percentile of the live velocity's error (m/s) at the true reps' turning points, the
 * middle of each bottom and top pause: how far the provisional velocity the rest decisions
 * are taken on has drifted where the bar truly stops (a false or missed rest starts
 * there). A condition whose
 * sensor is outside the datasheet (a faulty unit) is reported but left out of "all" and
 * of the exit status. Exit status 0 when every other condition run meets every goal, 1
 * when one does not, 2 on bad arguments.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/core/rep.h"
#include "accuracy.h"

#define DEFAULT_SEEDS 10
#define LIFTS         BAR_LIFT_ANY /* the lifts a set can be */

static const char *const lift_names[] = {"squat", "bench", "deadlift", "press", "any"};

static int usage(void)
{
    fprintf(stderr, "usage: imu-accuracy [--seeds A-B] [--condition NAME] [--without SOURCES] "
                    "[--reps | --misses] [--trace SECONDS] [--nudge SALT] [--rests] "
                    "[--units-seen N] [--by-speed] [--by-lift] [--onset-shift MPS]\n");
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
    printf("%-10s %4s %5s %4s %4s %5s %5s %6s %9s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s "
           "%8s %8s  %s\n",
           "condition", "sets", "reps", "TP", "FP", "(walk)", "FN", "F1", "ghost/200", "MCVrmse",
           "MCVbias", "ROMrmse", "ecc p95", "con p95", "MPVrmse", "PKrmse", "ROM99%", "eccS p95",
           "eccE p95", "ROMbias", "eccSbias", "turnV p95", "goals");
}

/* |live velocity error| at the true turning points, in TURN_BIN_MPS bins (the last one
 * holds everything beyond). */
#define TURN_BIN_MPS 0.001
#define TURN_BINS    3000

struct turn_errs {
    unsigned long n, count[TURN_BINS];
};

static void turn_add(struct turn_errs *into, const struct turn_errs *from)
{
    into->n += from->n;
    for (int i = 0; i < TURN_BINS; i++)
        into->count[i] += from->count[i];
}

/* The 95th percentile, to the bin's upper edge (NAN without any). */
static double turn_p95(const struct turn_errs *e)
{
    if (e->n == 0)
        return NAN;
    unsigned long need = (unsigned long)ceil(0.95 * (double)e->n), seen = 0;
    for (int i = 0; i < TURN_BINS; i++) {
        seen += e->count[i];
        if (seen >= need)
            return (i + 1) * TURN_BIN_MPS;
    }
    return TURN_BINS * TURN_BIN_MPS;
}

static void print_row(const char *name, const struct accuracy_summary *s,
                      const struct turn_errs *turn)
{
    char why[128];
    bool ok = accuracy_meets_goals(s, why, sizeof why);
    printf("%-10s %4d %5d %4d %4d %5d %5d %6.3f %9.1f %8.3f %+8.3f %8.3f %8.3f %8.3f %8.3f "
           "%8.3f %8.3f %8.3f %8.3f %+8.3f %+8.3f %8.3f  %s\n",
           name, s->traces, s->n_true, s->tp, s->fp, s->fp_nonrep, s->fn, s->f1, s->ghosts_per_200,
           s->mcv_rmse_mps, s->mcv_bias_mps, s->rom_rmse_m, s->ecc_p95_s, s->con_p95_s,
           s->mpv_rmse_mps, s->peak_rmse_mps, s->rom_rmse_trim_m, s->ecc_start_p95_s,
           s->ecc_end_p95_s, s->rom_bias_m, s->ecc_start_bias_s, turn_p95(turn), ok ? "met" : why);
}

/* A rest taken while the true bar moved faster than this (m/s) was none: a hand's sway
 * stays under a centimetre a second. */
#define MOVING_MPS 0.04
#define REST_KINDS (REP_REST_FLOOR + 1)

static const char *const rest_kinds[REST_KINDS] = {"none", "still", "held", "forced", "floor"};

/* The rests taken, by kind, and of them those on a moving bar. */
struct rest_audit {
    unsigned long taken[REST_KINDS], moving[REST_KINDS];
};

static void rests_add(struct rest_audit *into, const struct rest_audit *from)
{
    for (int k = 0; k < REST_KINDS; k++) {
        into->taken[k] += from->taken[k];
        into->moving[k] += from->moving[k];
    }
}

/* The true vertical speed at plan time t_s. */
static double true_vz(const struct bar_model_plan *p, double t_s)
{
    const double h = 0.001;
    return (bar_model_true_z(p, t_s + h) - bar_model_true_z(p, t_s - h)) / (2 * h);
}

/* A rest taken on a moving bar: when (plan time), why, and the true speed then. */
struct moving_rest {
    double t_s, vz;
    enum rep_rest_kind kind;
};

#define MOVING_RESTS_MAX 64

/* What the set's watch follows: its turning points in time order (plan time) and the next
 * one due; and whether the detector was at rest, to audit each rest as it is taken, with
 * those taken on a moving bar kept to name beside a missed rep. */
struct turn_watch {
    const struct accuracy_trace *tr;
    double t_s[2 * BAR_MODEL_REPS_MAX];
    int n, next;
    struct turn_errs *errs;
    struct rest_audit *rests;
    bool rest;
    struct moving_rest moving[MOVING_RESTS_MAX];
    int n_moving;
};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The middle of each true rep's bottom pause (after its eccentric) and top pause (after
 * its concentric), whichever way the rep starts. */
static void turn_watch_init(struct turn_watch *w, const struct accuracy_trace *tr,
                            struct turn_errs *errs, struct rest_audit *rests)
{
    w->tr = tr;
    w->errs = errs;
    w->rests = rests;
    w->rest = false;
    w->n_moving = 0;
    w->n = w->next = 0;
    for (int i = 0; i < tr->truth.n_reps; i++) {
        const struct bar_model_rep_truth *r = &tr->truth.reps[i];
        w->t_s[w->n++] = r->ecc_end_s + 0.5 * r->bottom_pause_s;
        w->t_s[w->n++] = r->con_end_s + 0.5 * r->top_pause_s;
    }
    qsort(w->t_s, (size_t)w->n, sizeof w->t_s[0], cmp_double);
}

static void turn_sample(void *ctx, const struct rep_detector *d, const struct bar_model_sample *s,
                        const struct accuracy_rep *rep)
{
    (void)rep;
    struct turn_watch *w = ctx;
    const struct bar_model_plan *p = &w->tr->plan;
    if (d->rest && !w->rest) {
        w->rests->taken[d->rest_kind]++;
        double vz = true_vz(p, s->t_s);
        if (fabs(vz) > MOVING_MPS) {
            w->rests->moving[d->rest_kind]++;
            if (w->n_moving < MOVING_RESTS_MAX)
                w->moving[w->n_moving++] = (struct moving_rest){s->t_s, vz, d->rest_kind};
        }
    }
    w->rest = d->rest;
    if (w->next >= w->n || s->t_s < w->t_s[w->next])
        return;
    while (w->next < w->n && s->t_s >= w->t_s[w->next])
        w->next++;
    double vz = true_vz(p, s->t_s);
    int bin = (int)(fabs(d->vel_mps - vz) / TURN_BIN_MPS);
    w->errs->count[bin < TURN_BINS ? bin : TURN_BINS - 1]++;
    w->errs->n++;
}

static const char *const nonrep_names[] = {"unrack", "step", "move", "rerack", "setup"};

static void print_rep(const char *what, int i, double t0, const struct accuracy_rep *r)
{
    printf("    %-5s %2d: ecc %7.3f-%7.3f  con %7.3f-%7.3f  mcv %.3f  rom %.3f", what, i + 1,
           r->ecc_start_s - t0, r->ecc_end_s - t0, r->con_start_s - t0, r->con_end_s - t0,
           r->mcv_mps, r->rom_m);
}

/* A true rep, what it was found as, and what lay around it: its lowering time and the
 * pauses at the bottom (on the floor or the chest, 0 for touch-and-go) and at the top. */
static void print_true_rep(const struct bar_model_rep_truth *t, int i, double t0, int found)
{
    struct accuracy_rep r = {t->ecc_start_s, t->ecc_end_s, t->con_start_s,
                             t->con_end_s,   t->mcv_mps,   t->rom_m};
    print_rep("true", i, t0, &r);
    printf("  lowering %.2f s, bottom pause %.2f s, top pause %.2f s",
           t->ecc_end_s - t->ecc_start_s, t->bottom_pause_s, t->top_pause_s);
    if (found < 0)
        printf("  MISSED\n");
    else
        printf("  -> found %d\n", found + 1);
}

/* Beside a missed rep: the rests taken on a moving bar from its first phase's start to
 * its last one's end (where its trouble most likely started). */
static void print_moving_rests(const struct turn_watch *w, const struct bar_model_rep_truth *t,
                               double t0)
{
    double from = fmin(t->ecc_start_s, t->con_start_s), to = fmax(t->ecc_end_s, t->con_end_s);
    for (int k = 0; k < w->n_moving; k++)
        if (w->moving[k].t_s >= from && w->moving[k].t_s <= to)
            printf("           a rest (%s) taken at %.3f on a bar moving %+.3f m/s\n",
                   rest_kinds[w->moving[k].kind], w->moving[k].t_s - t0, w->moving[k].vz);
}

/* What --trace follows: the set, the step and the state last printed. */
struct tracer {
    const struct accuracy_trace *tr;
    double step_s, next_s, rest_since_s;
    float v_off; /* the live velocity's offset last seen */
    bool rest;
    int n_anchors;
};

static void trace_sample(void *ctx, const struct rep_detector *d, const struct bar_model_sample *s,
                         const struct accuracy_rep *rep)
{
    struct tracer *t = ctx;
    double t0 = t->tr->first_t_s, now = s->t_s - t0;
    if (d->rest != t->rest) {
        if (d->rest)
            printf("      rest from %.3f (%s, true speed %+.3f m/s; live velocity zeroed, offset "
                   "%+.4f)\n",
                   now, rest_kinds[d->rest_kind], true_vz(&t->tr->plan, s->t_s), d->v_off_mps);
        else
            printf("      rest ends %.3f after %.3f s (%s%s)\n", now, now - t->rest_since_s,
                   d->anchored ? "anchored" : "not anchored", d->rest_final ? ", final" : "");
        t->rest = d->rest;
        t->rest_since_s = now;
    }
    if (d->n_anchors > 0 && d->n_anchors != t->n_anchors) {
        const struct rep_anchor *a = &d->anchors[d->n_anchors - 1];
        printf("      anchor at %.3f: drift %+.4f m/s\n",
               (double)(a->t_us - t->tr->samples[0].t_us) / 1e6, a->v_mps);
    }
    t->n_anchors = d->n_anchors;
    if (!d->rest && !t->rest && d->v_off_mps != t->v_off)
        printf("      short stop at %.3f: live velocity %+.4f m/s off, zeroed\n", now,
               d->v_off_mps - t->v_off);
    t->v_off = d->v_off_mps;
    if (rep)
        printf("      rep handed out at %.3f: ecc %.3f-%.3f con %.3f-%.3f rom %.3f\n", now,
               rep->ecc_start_s - t0, rep->ecc_end_s - t0, rep->con_start_s - t0,
               rep->con_end_s - t0, rep->rom_m);
    if (now < t->next_s)
        return;
    t->next_s += t->step_s;
    const struct bar_model_plan *p = &t->tr->plan;
    double z = bar_model_true_z(p, s->t_s), dz = bar_model_true_z(p, s->t_s + 0.001) - z;
    printf("      %8.3f  z %+.3f vz %+.3f  v %+.4f off %+.4f  %s%s%s%s  1g %.5f\n", now, z,
           dz / 0.001, d->vel_mps, d->v_off_mps, d->quiet ? "Q" : "-", d->rest ? "R" : "-",
           d->anchored ? "A" : "-", d->rest_final ? "F" : "-", d->g_ref);
}

/* Scores one set into st, and into by_lift[its lift] unless that is NULL; with verbose,
 * lists its true and measured reps (with misses_only, only when one was missed or a ghost
 * was found), and with trace_s > 0 the detector's state through the set. Adds the live
 * velocity's errors at its true turning points to turn, and the rests it took to rests. */
static void run_set(const struct accuracy_trace *tr, const char *name, unsigned long long seed,
                    bool verbose, bool misses_only, double trace_s, struct accuracy_stats *st,
                    struct accuracy_stats *by_lift, struct turn_errs *turn,
                    struct rest_audit *rests)
{
    struct accuracy_rep det[64];
    struct turn_watch w;
    turn_watch_init(&w, tr, turn, rests);
    int nd = accuracy_detect_watch(tr, det, 64, turn_sample, &w);
    struct accuracy_stats one;
    accuracy_stats_init(&one);
    accuracy_match(&tr->truth, det, nd, &one);
    if (verbose && (!misses_only || one.fn > 0 || one.fp > 0)) {
        double t0 = tr->first_t_s;
        int match[BAR_MODEL_REPS_MAX];
        bool matched[64] = {false};
        accuracy_pair(&tr->truth, det, nd, match);
        printf("  %s seed %llu (%s, %d Hz, mount roll %.0f deg): TP %d FP %d FN %d\n", name, seed,
               lift_names[tr->plan.lift], tr->imu.rate_hz, tr->imu.mount_roll_deg, one.tp, one.fp,
               one.fn);
        for (int i = 0; i < tr->truth.n_reps; i++) {
            print_true_rep(&tr->truth.reps[i], i, t0, match[i]);
            if (match[i] < 0)
                print_moving_rests(&w, &tr->truth.reps[i], t0);
            if (match[i] >= 0)
                matched[match[i]] = true;
        }
        for (int i = 0; i < nd; i++) {
            print_rep("found", i, t0, &det[i]);
            printf("%s\n", matched[i] ? "" : "  GHOST");
        }
        for (int i = 0; i < tr->truth.n_nonreps; i++) {
            const struct bar_model_nonrep *nr = &tr->truth.nonreps[i];
            printf("    %s %.3f-%.3f\n", nonrep_names[nr->kind], nr->start_s - t0, nr->end_s - t0);
        }
        if (trace_s > 0) {
            struct tracer t = {.tr = tr, .step_s = trace_s};
            printf("    trace (Q quiet, R rest, A anchored, F final):\n");
            accuracy_detect_watch(tr, det, 64, trace_sample, &t);
        }
    }
    accuracy_stats_add(st, &one);
    if (by_lift && tr->plan.lift < LIFTS)
        accuracy_stats_add(&by_lift[tr->plan.lift], &one);
    accuracy_stats_free(&one);
}

/* Whether the tables after the main one list row c of n conditions (c == n: "all"): each
 * condition run, and "all" when every one ran. */
static bool listed(const struct bar_model_condition *conds, int n, const char *only, int c)
{
    if (c == n)
        return !only;
    return !only || strcmp(only, conds[c].name) == 0;
}

/* The --by-speed table: per condition (and "all" when every one ran), each speed band's
 * matched reps, MCV and ROM RMSE and concentric duration p95. */
static void print_bands(const struct bar_model_condition *conds, int n, const char *only,
                        struct accuracy_band_summary bands[][ACCURACY_SPEED_BANDS])
{
    printf("\nmatched reps by the true rep's mean concentric velocity: reps, MCV RMSE (m/s), "
           "ROM RMSE (m), con p95 (s)\n%-10s",
           "condition");
    for (int b = 0; b < ACCURACY_SPEED_BANDS; b++) {
        char head[40];
        if (b == 0)
            snprintf(head, sizeof head, "under %.1f m/s", accuracy_speed_band_top_mps[0]);
        else if (b == ACCURACY_SPEED_BANDS - 1)
            snprintf(head, sizeof head, "%.1f m/s and up", accuracy_speed_band_top_mps[b - 1]);
        else
            snprintf(head, sizeof head, "%.1f-%.1f m/s", accuracy_speed_band_top_mps[b - 1],
                     accuracy_speed_band_top_mps[b]);
        printf(" | %-28s", head);
    }
    printf("\n");
    for (int c = 0; c <= n; c++) {
        if (!listed(conds, n, only, c))
            continue;
        printf("%-10s", c < n ? conds[c].name : "all");
        for (int b = 0; b < ACCURACY_SPEED_BANDS; b++) {
            const struct accuracy_band_summary *s = &bands[c][b];
            printf(" | %5d %6.3f %6.3f %6.3f  ", s->n, s->mcv_rmse_mps, s->rom_rmse_m,
                   s->con_p95_s);
        }
        printf("\n");
    }
}

/* The --by-lift table: per condition (and "all" when every one ran), each lift's sets
 * and their figures; a lift no set of the condition was is left out. */
static void print_lifts(const struct bar_model_condition *conds, int n, const char *only,
                        struct accuracy_stats (*by_lift)[LIFTS])
{
    printf("\nsets by lift: sets, true reps, missed (FN) and ghost (FP) reps, F1, MCV RMSE (m/s), "
           "ROM RMSE (m), ecc and con p95 (s)\n%-10s %-8s %5s %5s %5s %5s %6s %8s %8s %8s %8s\n",
           "condition", "lift", "sets", "reps", "FN", "FP", "F1", "MCVrmse", "ROMrmse", "ecc p95",
           "con p95");
    for (int c = 0; c <= n; c++) {
        if (!listed(conds, n, only, c))
            continue;
        for (int l = 0; l < LIFTS; l++) {
            struct accuracy_summary s;
            accuracy_summarise(&by_lift[c][l], &s);
            if (s.traces == 0)
                continue;
            printf("%-10s %-8s %5d %5d %5d %5d %6.3f %8.3f %8.3f %8.3f %8.3f\n",
                   c < n ? conds[c].name : "all", lift_names[l], s.traces, s.n_true, s.fn, s.fp,
                   s.f1, s.mcv_rmse_mps, s.rom_rmse_m, s.ecc_p95_s, s.con_p95_s);
        }
    }
}

/* --onset-shift: per condition, half the change in each true rep's phase durations when
 * the threshold moves by +-shift_mps, and how many changed by more than the goal. */
struct onset_shift {
    struct accuracy_errs ecc, con;
    int ecc_over, con_over;
};

static void onset_shift_add(struct onset_shift *o, double ecc_s, double con_s)
{
    accuracy_errs_add(&o->ecc, ecc_s);
    accuracy_errs_add(&o->con, con_s);
    o->ecc_over += ecc_s > GOAL_PHASE_P95_S;
    o->con_over += con_s > GOAL_PHASE_P95_S;
}

static void onset_shift_set(const struct accuracy_trace *tr, double shift_mps,
                            struct onset_shift *o, struct onset_shift *all)
{
    static struct bar_model_truth up, down;
    bar_model_truth_shifted(&tr->plan, shift_mps, &up);
    bar_model_truth_shifted(&tr->plan, -shift_mps, &down);
    for (int i = 0; i < up.n_reps && i < down.n_reps; i++) {
        const struct bar_model_rep_truth *a = &up.reps[i], *b = &down.reps[i];
        double ecc = fabs((a->ecc_end_s - a->ecc_start_s) - (b->ecc_end_s - b->ecc_start_s)) / 2;
        double con = fabs((a->con_end_s - a->con_start_s) - (b->con_end_s - b->con_start_s)) / 2;
        onset_shift_add(o, ecc, con);
        if (all)
            onset_shift_add(all, ecc, con);
    }
}

static void onset_shift_row(const char *name, struct onset_shift *o)
{
    int n = (int)o->ecc.n;
    printf("%-10s %6d %8.3f %6d %8.3f %6d\n", name, n, accuracy_errs_p95(&o->ecc), o->ecc_over,
           accuracy_errs_p95(&o->con), o->con_over);
    free(o->ecc.v);
    free(o->con.v);
}

int main(int argc, char **argv)
{
    unsigned long long first = ACCURACY_REPORT_SEED_FIRST;
    unsigned long long last = first + DEFAULT_SEEDS - 1;
    const char *only = NULL, *without = "";
    bool verbose = false, misses_only = false, audit = false, by_speed = false, by_lift = false;
    double trace_s = 0, shift_mps = 0;
    unsigned long long nudge = 0;
    long units_seen = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--reps") == 0 || strcmp(argv[i], "--misses") == 0) {
            verbose = true;
            misses_only = strcmp(argv[i], "--misses") == 0;
            continue;
        }
        if (strcmp(argv[i], "--rests") == 0) {
            audit = true;
            continue;
        }
        if (strcmp(argv[i], "--by-speed") == 0) {
            by_speed = true;
            continue;
        }
        if (strcmp(argv[i], "--by-lift") == 0) {
            by_lift = true;
            continue;
        }
        if (i + 1 >= argc)
            return usage();
        if (strcmp(argv[i], "--seeds") == 0) {
            if (!parse_seeds(argv[i + 1], &first, &last)) {
                fprintf(stderr, "imu-accuracy: --seeds wants A-B, not %s\n", argv[i + 1]);
                return 2;
            }
        } else if (strcmp(argv[i], "--condition") == 0) {
            only = argv[i + 1];
        } else if (strcmp(argv[i], "--without") == 0) {
            without = argv[i + 1];
        } else if (strcmp(argv[i], "--trace") == 0) {
            char *end;
            trace_s = strtod(argv[i + 1], &end);
            if (end == argv[i + 1] || *end != '\0' || !(trace_s >= 0.001 && trace_s <= 60)) {
                fprintf(stderr, "imu-accuracy: --trace wants seconds (0.001-60), not %s\n",
                        argv[i + 1]);
                return 2;
            }
        } else if (strcmp(argv[i], "--nudge") == 0) {
            char *end;
            nudge = strtoull(argv[i + 1], &end, 10);
            if (end == argv[i + 1] || *end != '\0' || nudge == 0) {
                fprintf(stderr, "imu-accuracy: --nudge wants a salt (1 and up), not %s\n",
                        argv[i + 1]);
                return 2;
            }
        } else if (strcmp(argv[i], "--onset-shift") == 0) {
            char *end;
            shift_mps = strtod(argv[i + 1], &end);
            if (end == argv[i + 1] || *end != '\0' || !(shift_mps > 0 && shift_mps <= 0.1)) {
                fprintf(stderr,
                        "imu-accuracy: --onset-shift wants m/s (over 0, up to 0.1), not %s\n",
                        argv[i + 1]);
                return 2;
            }
        } else if (strcmp(argv[i], "--units-seen") == 0) {
            char *end;
            units_seen = strtol(argv[i + 1], &end, 10);
            if (end == argv[i + 1] || *end != '\0' || units_seen < 0 || units_seen > 100) {
                fprintf(stderr,
                        "imu-accuracy: --units-seen wants a count of sets (0-100), not %s\n",
                        argv[i + 1]);
                return 2;
            }
        } else {
            return usage();
        }
        i++;
    }
    if (trace_s > 0 && !verbose)
        verbose = true; /* a trace goes with the set's reps */
    const struct bar_model_condition *conds;
    int n = bar_model_conditions(&conds);
    if (only && !bar_model_condition_find(only)) {
        fprintf(stderr, "imu-accuracy: no condition called %s\n", only);
        return 2;
    }
    struct bar_model_condition cond;
    char why[128];
    if (!accuracy_condition_without(&conds[0], without, &cond, why, sizeof why)) {
        fprintf(stderr, "imu-accuracy: --without: %s; the sources are:\n", why);
        const struct accuracy_source *src;
        int n_src = accuracy_sources(&src);
        for (int k = 0; k < n_src; k++)
            fprintf(stderr, "  %-12s %s\n", src[k].name, src[k].about);
        return 2;
    }
    printf("seeds %llu-%llu%s%s%s", first, last,
           last < ACCURACY_REPORT_SEED_FIRST ? " (tuning seeds: not a report)" : "",
           *without ? ", without " : "", without);
    if (units_seen > 0)
        printf(", each unit measured %ld sets before", units_seen);
    printf("\n");
    print_header();
    struct accuracy_stats all;
    accuracy_stats_init(&all);
    static struct turn_errs turn_all, turn;
    memset(&turn_all, 0, sizeof turn_all);
    struct rest_audit rests[n], rests_all = {{0}};
    memset(rests, 0, sizeof rests);
    struct accuracy_band_summary bands[n + 1][ACCURACY_SPEED_BANDS];
    memset(bands, 0, sizeof bands);
    struct accuracy_stats(*lifts)[LIFTS] = NULL;
    if (by_lift) {
        lifts = calloc((size_t)n + 1, sizeof *lifts);
        if (!lifts) {
            fprintf(stderr, "imu-accuracy: out of memory\n");
            return 1;
        }
        for (int c = 0; c <= n; c++)
            for (int l = 0; l < LIFTS; l++)
                accuracy_stats_init(&lifts[c][l]);
    }
    struct onset_shift *shifts = NULL;
    if (shift_mps > 0) {
        shifts = calloc((size_t)n + 1, sizeof *shifts);
        if (!shifts) {
            fprintf(stderr, "imu-accuracy: out of memory\n");
            return 1;
        }
    }
    bool all_ok = true;
    for (int c = 0; c < n; c++) {
        if (only && strcmp(only, conds[c].name) != 0)
            continue;
        struct accuracy_stats st;
        accuracy_stats_init(&st);
        memset(&turn, 0, sizeof turn);
        accuracy_condition_without(&conds[c], without, &cond, NULL, 0);
        for (unsigned long long s = first; s <= last; s++) {
            struct accuracy_trace *tr = accuracy_trace_new(&cond, s, 0);
            if (!tr) {
                fprintf(stderr, "imu-accuracy: out of memory\n");
                return 1;
            }
            if (nudge)
                accuracy_trace_nudge(tr, nudge);
            if (units_seen > 0 && !accuracy_trace_learn_unit(tr, &cond, s, (int)units_seen)) {
                fprintf(stderr, "imu-accuracy: out of memory\n");
                return 1;
            }
            run_set(tr, conds[c].name, s, verbose, misses_only, trace_s, &st,
                    lifts ? lifts[c] : NULL, &turn, &rests[c]);
            if (shifts)
                onset_shift_set(tr, shift_mps, &shifts[c], conds[c].off_spec ? NULL : &shifts[n]);
            accuracy_trace_free(tr);
        }
        struct accuracy_summary sum;
        accuracy_summarise(&st, &sum);
        print_row(conds[c].name, &sum, &turn);
        memcpy(bands[c], sum.band, sizeof bands[c]);
        if (!conds[c].off_spec) {
            accuracy_stats_add(&all, &st);
            turn_add(&turn_all, &turn);
            rests_add(&rests_all, &rests[c]);
            for (int l = 0; lifts && l < LIFTS; l++)
                accuracy_stats_add(&lifts[n][l], &lifts[c][l]);
            all_ok = all_ok && accuracy_meets_goals(&sum, NULL, 0);
        }
        accuracy_stats_free(&st);
        fflush(stdout);
    }
    if (!only) {
        struct accuracy_summary sum;
        accuracy_summarise(&all, &sum);
        print_row("all", &sum, &turn_all);
        memcpy(bands[n], sum.band, sizeof bands[n]);
    }
    accuracy_stats_free(&all);
    if (audit) {
        printf("\nrests taken, and of them on a bar moving over %.2f m/s (none was a rest)\n",
               MOVING_MPS);
        printf("%-10s", "condition");
        for (int k = REP_REST_STILL; k < REST_KINDS; k++)
            printf(" %7s %7s", rest_kinds[k], "moving");
        printf("\n");
        for (int c = 0; c <= n; c++) {
            if (!listed(conds, n, only, c))
                continue;
            const struct rest_audit *a = c < n ? &rests[c] : &rests_all;
            printf("%-10s", c < n ? conds[c].name : "all");
            for (int k = REP_REST_STILL; k < REST_KINDS; k++)
                printf(" %7lu %7lu", a->taken[k], a->moving[k]);
            printf("\n");
        }
    }
    if (by_speed)
        print_bands(conds, n, only, bands);
    if (lifts) {
        print_lifts(conds, n, only, lifts);
        for (int c = 0; c <= n; c++)
            for (int l = 0; l < LIFTS; l++)
                accuracy_stats_free(&lifts[c][l]);
        free(lifts);
    }
    if (shifts) {
        printf("\nthe true reps' own phase durations with the %.0f %% threshold moved by +-%.4f "
               "m/s:\np95 of half the change (s), and how many reps it moves by over %.0f ms\n"
               "%-10s %6s %8s %6s %8s %6s\n",
               BAR_MODEL_PHASE_PCT, shift_mps, GOAL_PHASE_P95_S * 1000, "condition", "reps",
               "ecc p95", "over", "con p95", "over");
        for (int c = 0; c <= n; c++)
            if (listed(conds, n, only, c))
                onset_shift_row(c < n ? conds[c].name : "all", &shifts[c]);
            else {
                free(shifts[c].ecc.v);
                free(shifts[c].con.v);
            }
        free(shifts);
    }
    return all_ok ? 0 : 1;
}
