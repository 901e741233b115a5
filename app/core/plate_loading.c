#include <string.h>

#include "plate_loading.h"

void plate_set_default_kg(struct loading_plates *ps)
{
    static const int32_t kg_g[] = {25000, 20000, 15000, 10000, 5000, 2500, 1250};
    memset(ps, 0, sizeof *ps);
    ps->n = (int)(sizeof kg_g / sizeof kg_g[0]);
    memcpy(ps->g, kg_g, sizeof kg_g);
}

void plate_loading_plates_from(struct loading_plates *out, const struct plate_set *rack)
{
    memset(out, 0, sizeof *out);
    out->unit = rack->unit;
    for (int k = 0; k < rack->n_kinds && k < PLATES_MAX_KINDS; k++) {
        if (rack->plate_g[k] <= 0 || rack->pairs[k] <= 0)
            continue;
        /* insert heaviest first; the same weight twice is one kind with both counts */
        int at = 0;
        while (at < out->n && out->g[at] > rack->plate_g[k])
            at++;
        if (at < out->n && out->g[at] == rack->plate_g[k]) {
            out->pairs[at] += rack->pairs[k];
            continue;
        }
        if (out->n == PLATE_KINDS_MAX) {
            if (at == out->n)
                continue; /* lighter than every kind held */
            out->n--;     /* the lightest gives way */
        }
        memmove(&out->g[at + 1], &out->g[at], (size_t)(out->n - at) * sizeof out->g[0]);
        memmove(&out->pairs[at + 1], &out->pairs[at], (size_t)(out->n - at) * sizeof out->pairs[0]);
        out->g[at] = rack->plate_g[k];
        out->pairs[at] = rack->pairs[k];
        out->n++;
    }
}

static bool set_valid(const struct loading_plates *ps)
{
    if (ps->n < 0 || ps->n > PLATE_KINDS_MAX)
        return false;
    for (int k = 0; k < ps->n; k++)
        if (ps->g[k] <= 0 || ps->pairs[k] < 0 || (k > 0 && ps->g[k] >= ps->g[k - 1]))
            return false;
    return true;
}

/*
 * The search for a side's plates: heaviest first, each kind from as many as fit down to none,
 * so the first exact answer is the one a lifter would load (the heaviest plates, fewest).
 * Greedy alone misses loads where a light plate does not divide the next heavier one
 * (45 + 1.25 + 3 x 0.5 lb makes 47.75; 45 + 2.5 leaves 0.25 no plate makes).
 */
struct side_search {
    const struct loading_plates *ps;
    int64_t mu[PLATE_KINDS_MAX], below_mu[PLATE_KINDS_MAX + 1]; /* kinds k.. at most, in total */
    int take[PLATE_KINDS_MAX], best_take[PLATE_KINDS_MAX];
    int64_t best_mu;
    int best_n, budget;
};

static int kind_most(const struct side_search *q, int k, int64_t left_mu, int used)
{
    int64_t fit = left_mu / q->mu[k];
    int room = PLATE_LOADING_MAX - used;
    int most = fit < room ? (int)fit : room;
    int pairs = q->ps->pairs[k];
    return pairs > 0 && pairs < most ? pairs : most;
}

static void side_search(struct side_search *q, int k, int64_t left_mu, int64_t made_mu, int used)
{
    if (q->budget-- <= 0 || q->best_mu == made_mu + left_mu)
        return; /* out of time, or an exact answer already found */
    if (k == q->ps->n || left_mu == 0) {
        if (made_mu > q->best_mu || (made_mu == q->best_mu && used < q->best_n)) {
            q->best_mu = made_mu;
            q->best_n = used;
            memcpy(q->best_take, q->take, sizeof q->take);
            for (int j = k; j < q->ps->n; j++)
                q->best_take[j] = 0;
        }
        return;
    }
    if (made_mu + (q->below_mu[k] < left_mu ? q->below_mu[k] : left_mu) <= q->best_mu)
        return; /* the lighter kinds cannot beat what is found */
    for (int c = kind_most(q, k, left_mu, used); c >= 0; c--) {
        q->take[k] = c;
        side_search(q, k + 1, left_mu - c * q->mu[k], made_mu + c * q->mu[k], used + c);
    }
    q->take[k] = 0;
}

#define SIDE_SEARCH_BUDGET 20000 /* calls: a usual set finds its answer in tens */

int plate_loading_for(const struct loading_plates *ps, int32_t bar_g, int32_t target_g,
                      struct plate_loading *out)
{
    memset(out, 0, sizeof *out);
    if (!set_valid(ps) || bar_g < 0)
        return -1;
    out->made_g = bar_g;
    int64_t bar_mu = plates_given_mu(ps->unit, bar_g);
    int64_t target_mu = plates_load_mu(ps->unit, target_g);
    if (target_mu < bar_mu) {
        out->below_bar = true;
        out->remainder_g = target_g - bar_g;
        return 0;
    }
    struct side_search q = {.ps = ps, .best_mu = -1, .budget = SIDE_SEARCH_BUDGET};
    for (int k = ps->n - 1; k >= 0; k--) {
        q.mu[k] = plates_given_mu(ps->unit, ps->g[k]);
        int most =
            ps->pairs[k] > 0 && ps->pairs[k] < PLATE_LOADING_MAX ? ps->pairs[k] : PLATE_LOADING_MAX;
        q.below_mu[k] = q.below_mu[k + 1] + most * q.mu[k];
    }
    side_search(&q, 0, (target_mu - bar_mu) / 2, 0, 0);
    for (int k = 0; k < ps->n; k++)
        for (int c = 0; c < q.best_take[k]; c++)
            out->kind[out->n++] = k;
    out->made_g = plates_mu_to_g(ps->unit, bar_mu + 2 * q.best_mu);
    /* a pound load a gram or two over its target (each to the nearest gram) is the target */
    out->remainder_g = target_g > out->made_g ? target_g - out->made_g : 0;
    return 0;
}

int32_t plate_loading_snap_g(const struct loading_plates *ps, int32_t bar_g, int32_t measured_g,
                             int32_t tol_g)
{
    struct plate_loading below, above;
    if (tol_g <= 0 || ps->n <= 0 || plate_loading_for(ps, bar_g, measured_g, &below) != 0)
        return measured_g;
    /* the next load up is at most one pair of the lightest plates above */
    int32_t step_g = 2 * ps->g[ps->n - 1];
    if (plate_loading_for(ps, bar_g, measured_g + step_g, &above) != 0)
        return measured_g;
    int32_t lo = below.below_bar ? bar_g : below.made_g;
    int32_t hi = above.made_g;
    int32_t best = measured_g - lo <= hi - measured_g ? lo : hi;
    int32_t off = best > measured_g ? best - measured_g : measured_g - best;
    return off <= tol_g ? best : measured_g;
}
