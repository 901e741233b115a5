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

int plate_loading_for(const struct loading_plates *ps, int32_t bar_g, int32_t target_g,
                      struct plate_loading *out)
{
    memset(out, 0, sizeof *out);
    if (!set_valid(ps) || bar_g < 0)
        return -1;
    out->made_g = bar_g;
    if (target_g < bar_g) {
        out->below_bar = true;
        out->remainder_g = target_g - bar_g;
        return 0;
    }
    /* per side, heaviest first: with weights that each divide the next heavier one (every
     * usual set) this is the closest load under the target */
    int64_t side_g = ((int64_t)target_g - bar_g) / 2;
    for (int k = 0; k < ps->n && out->n < PLATE_LOADING_MAX; k++) {
        int used = 0;
        while (side_g >= ps->g[k] && out->n < PLATE_LOADING_MAX &&
               (ps->pairs[k] == 0 || used < ps->pairs[k])) {
            out->kind[out->n++] = k;
            side_g -= ps->g[k];
            out->made_g += 2 * ps->g[k];
            used++;
        }
    }
    out->remainder_g = target_g - out->made_g;
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
