#include "readiness.h"

#define PERCENT 100

static int usable(const struct set_record *r, int64_t today, int window_days)
{
    return r->clean && !r->stopped && r->vel_mmps > 0 && r->load_g > 0 && r->day < today &&
           r->day >= today - window_days;
}

int readiness_usual_mmps(const struct rules *rules, const struct set_record *sets, size_t n,
                         int64_t today, int32_t load_g)
{
    int window_days = rules->best_window_days;
    if (load_g <= 0)
        return 0;
    int64_t near_sum = 0;
    int near_n = 0, pts = 0;
    int32_t lo = 0, hi = 0;
    /* sums for the line v = a + b * load, in kg and mm/s */
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        const struct set_record *r = &sets[i];
        if (!usable(r, today, window_days))
            continue;
        int64_t diff = (int64_t)r->load_g - load_g;
        if ((diff < 0 ? -diff : diff) * PERCENT <= (int64_t)load_g * rules->readiness_near_pct) {
            near_sum += r->vel_mmps;
            near_n++;
        }
        double x = r->load_g / 1000.0, y = r->vel_mmps;
        sx += x, sy += y, sxx += x * x, sxy += x * y;
        lo = pts == 0 || r->load_g < lo ? r->load_g : lo;
        hi = pts == 0 || r->load_g > hi ? r->load_g : hi;
        pts++;
    }
    if (near_n > 0)
        return (int)(near_sum / near_n);
    if (pts < rules->readiness_min_points ||
        (int64_t)(hi - lo) * PERCENT < (int64_t)hi * rules->readiness_spread_pct)
        return 0;
    double den = pts * sxx - sx * sx;
    if (den <= 0)
        return 0;
    double b = (pts * sxy - sx * sy) / den;
    if (b >= 0)
        return 0; /* heavier was not slower: these points are no profile to read from */
    double v = (sy - b * sx) / pts + b * (load_g / 1000.0);
    return v > 0 ? (int)(v + 0.5) : 0;
}
