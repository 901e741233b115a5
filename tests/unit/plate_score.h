/*
 * Scores what a plate filter found in a generated visit against the visit's truth:
 * stable stretches (found, load error, split error, time to a stable reading) and
 * events (precision, recall, F1). Shared by the accuracy test, gen-plate's evaluator and
 * the benchmark. A detected stretch matches the truth stretch it overlaps most, when the
 * overlap is at least PLATE_SCORE_OVERLAP of the truth; an event matches a truth event of
 * the same type within PLATE_SCORE_EVENT_US, each used once.
 */
#ifndef PLATE_SCORE_H
#define PLATE_SCORE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/core/load.h"
#include "../../app/dev/plate_model.h"

#define PLATE_SCORE_OVERLAP   0.4
#define PLATE_SCORE_EVENT_US  1000000
#define PLATE_SCORE_MAX_ERR   8192
#define PLATE_SCORE_MAX_FOUND 256

struct score_stretch {
    int64_t start_us, end_us;
    int64_t stable_at_us; /* when the filter first said stable */
    double total_g;
    double left_pct; /* NAN when it does not say */
};

struct score_event {
    int64_t t_us;
    enum load_event type;
};

struct plate_found {
    struct score_stretch stretch[PLATE_SCORE_MAX_FOUND];
    int n_stretch;
    struct score_event event[PLATE_SCORE_MAX_FOUND];
    int n_events;
};

struct plate_score {
    int visits;
    int required, required_found;
    int scored, matched;
    int extra; /* detected stretches that match no truth stretch */
    int n_load, n_split, n_latency;
    double load_err_g[PLATE_SCORE_MAX_ERR];
    double split_err_pp[PLATE_SCORE_MAX_ERR];
    double latency_s[PLATE_SCORE_MAX_ERR];
    int tp, fp, fn;
    int reracks_in_reps; /* reracks the filter reported while a rep was under way */
};

static inline int64_t score_overlap(int64_t a0, int64_t a1, int64_t b0, int64_t b1)
{
    int64_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
    return hi > lo ? hi - lo : 0;
}

static inline void score_push(double *arr, int *n, double v)
{
    if (*n < PLATE_SCORE_MAX_ERR)
        arr[(*n)++] = v;
}

static inline void score_stretches(struct plate_score *sc, const struct plate_visit *v,
                                   const struct plate_found *f)
{
    bool used[PLATE_SCORE_MAX_FOUND] = {0};
    for (int i = 0; i < v->n_stretch; i++) {
        const struct plate_truth_stretch *t = &v->stretch[i];
        int best = -1;
        int64_t best_ov = 0;
        for (int k = 0; k < f->n_stretch; k++) {
            int64_t ov =
                score_overlap(t->start_us, t->end_us, f->stretch[k].start_us, f->stretch[k].end_us);
            if (ov > best_ov) {
                best_ov = ov;
                best = k;
            }
        }
        bool hit = best >= 0 && best_ov >= PLATE_SCORE_OVERLAP * (double)(t->end_us - t->start_us);
        sc->scored++;
        sc->required += t->required;
        if (!hit && getenv("PLATE_SCORE_VERBOSE"))
            fprintf(stderr, "seed %llu missed kind %d [%.2f %.2f]\n",
                    (unsigned long long)v->cfg.seed, t->kind, (t->start_us - v->t0_us) / 1e6,
                    (t->end_us - v->t0_us) / 1e6);
        if (!hit)
            continue;
        used[best] = true;
        sc->matched++;
        sc->required_found += t->required;
        const struct score_stretch *d = &f->stretch[best];
        if (getenv("PLATE_SCORE_VERBOSE"))
            fprintf(stderr,
                    "seed %llu kind %d %s [%.2f %.2f] %.3f kg %.2f%% | [%.2f %.2f] at %.2f %.3f kg "
                    "%.2f%%\n",
                    (unsigned long long)v->cfg.seed, t->kind, t->required ? "req" : "opt",
                    (t->start_us - v->t0_us) / 1e6, (t->end_us - v->t0_us) / 1e6, t->total_g / 1e3,
                    t->left_pct, (d->start_us - v->t0_us) / 1e6, (d->end_us - v->t0_us) / 1e6,
                    (d->stable_at_us - v->t0_us) / 1e6, d->total_g / 1e3, d->left_pct);
        score_push(sc->load_err_g, &sc->n_load, fabs(d->total_g - t->total_g));
        if (t->kind != 0 && !isnan(d->left_pct))
            score_push(sc->split_err_pp, &sc->n_split, fabs(d->left_pct - t->left_pct));
        if (t->required) {
            double lat = (double)(d->stable_at_us - t->start_us) / 1e6;
            score_push(sc->latency_s, &sc->n_latency, lat > 0 ? lat : 0);
        }
    }
    for (int k = 0; k < f->n_stretch; k++) {
        if (used[k])
            continue;
        /* a stretch inside a short, unscored pause (between reps) is not an error */
        bool in_truth_still = false;
        for (int i = 0; i < v->n_stretch; i++)
            in_truth_still |= score_overlap(v->stretch[i].start_us, v->stretch[i].end_us,
                                            f->stretch[k].start_us, f->stretch[k].end_us) > 0;
        sc->extra += !in_truth_still;
    }
}

static inline void score_events(struct plate_score *sc, const struct plate_visit *v,
                                const struct plate_found *f)
{
    bool used[PLATE_VISIT_MAX_EVENTS] = {0};
    for (int k = 0; k < f->n_events; k++) {
        int best = -1;
        int64_t best_dt = PLATE_SCORE_EVENT_US + 1;
        for (int i = 0; i < v->n_events; i++) {
            int64_t dt = llabs(f->event[k].t_us - v->event[i].t_us);
            if (!used[i] && v->event[i].type == f->event[k].type && dt < best_dt) {
                best_dt = dt;
                best = i;
            }
        }
        if (best < 0 && getenv("PLATE_SCORE_VERBOSE")) {
            fprintf(stderr,
                    "seed %llu unmatched %s at %.2f; truth:", (unsigned long long)v->cfg.seed,
                    load_event_name(f->event[k].type), (f->event[k].t_us - v->t0_us) / 1e6);
            for (int i = 0; i < v->n_events; i++)
                fprintf(stderr, " %s %.2f", load_event_name(v->event[i].type),
                        (v->event[i].t_us - v->t0_us) / 1e6);
            fputc('\n', stderr);
        }
        if (best >= 0) {
            used[best] = true;
            sc->tp++;
        } else {
            sc->fp++;
        }
        if (f->event[k].type == LOAD_EVENT_RERACK)
            for (int i = 0; i < v->n_moves; i++) {
                const struct plate_move *mv = &v->moves[i];
                if (mv->kind == PLATE_MOVE_REP && f->event[k].t_us >= mv->t_us &&
                    f->event[k].t_us < mv->t_us + mv->dur_us)
                    sc->reracks_in_reps++;
            }
    }
    for (int i = 0; i < v->n_events; i++)
        sc->fn += !used[i];
}

static inline void plate_score_visit(struct plate_score *sc, const struct plate_visit *v,
                                     const struct plate_found *f)
{
    sc->visits++;
    score_stretches(sc, v, f);
    score_events(sc, v, f);
}

static inline int score_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The p-th percentile (0..100) by nearest rank; 0 when empty. */
static inline double score_pct(double *arr, int n, double p)
{
    if (n == 0)
        return 0;
    qsort(arr, (size_t)n, sizeof(double), score_cmp);
    int rank = (int)ceil(p / 100.0 * n);
    return arr[rank < 1 ? 0 : rank - 1];
}

static inline double score_f1(const struct plate_score *sc)
{
    double d = 2.0 * sc->tp + sc->fp + sc->fn;
    return d > 0 ? 2.0 * sc->tp / d : 1.0;
}

static inline void plate_score_print(FILE *out, const char *label, struct plate_score *sc)
{
    fprintf(
        out,
        "%s: %d visits; stretches: %d/%d required found, %d/%d scored matched, %d extra;\n"
        "  load error p95 %.1f g (max %.1f); split error p95 %.3f pp (max %.3f);\n"
        "  time to stable p95 %.2f s (max %.2f);\n"
        "  events: %d tp, %d fp, %d fn, F1 %.4f; reracks during reps %d\n",
        label, sc->visits, sc->required_found, sc->required, sc->matched, sc->scored, sc->extra,
        score_pct(sc->load_err_g, sc->n_load, 95), score_pct(sc->load_err_g, sc->n_load, 100),
        score_pct(sc->split_err_pp, sc->n_split, 95), score_pct(sc->split_err_pp, sc->n_split, 100),
        score_pct(sc->latency_s, sc->n_latency, 95), score_pct(sc->latency_s, sc->n_latency, 100),
        sc->tp, sc->fp, sc->fn, score_f1(sc), sc->reracks_in_reps);
}

/* A filter run over a generated visit, collecting what the filter reports as it goes. */
struct plate_score_run {
    struct load_filter f;
    struct plate_found *found;
};

/* Takes the stretches and events the filter has finished into r->found. */
static inline void plate_score_drain(struct plate_score_run *r)
{
    struct plate_found *fd = r->found;
    struct load_stretch st;
    while (load_filter_take_stretch(&r->f, &st))
        if (fd->n_stretch < PLATE_SCORE_MAX_FOUND)
            fd->stretch[fd->n_stretch++] = (struct score_stretch){
                .start_us = st.start_us,
                .end_us = st.end_us,
                .stable_at_us = st.stable_at_us,
                .total_g = st.total_g,
                .left_pct = st.total_g >= 2000 ? 100.0 * st.side_g[PLATE_LEFT] / st.total_g : NAN};
    struct load_event_at ev;
    while (load_filter_take_event(&r->f, &ev))
        if (fd->n_events < PLATE_SCORE_MAX_FOUND)
            fd->event[fd->n_events++] = (struct score_event){.t_us = ev.t_us, .type = ev.type};
}

/* plate_visit_run's callback: one sample into the filter, then what it finished. */
static inline void plate_score_emit(void *ctx, const struct plate_sample *s,
                                    const struct plate_model_truth *truth)
{
    (void)truth;
    struct plate_score_run *r = ctx;
    load_filter_push(&r->f, s);
    plate_score_drain(r);
}

#endif
