#include <math.h>
#include <string.h>

#include "load.h"

/* What an HX711 reads when its input is beyond full scale: never a real load. Anything
 * outside them cannot come from a 24-bit converter at all. */
#define HX711_SATURATED_HIGH 0x7FFFFF
#define HX711_SATURATED_LOW  (-0x800000)

#define SIDE_BIT(side) (1u << (side))

const char *load_event_name(enum load_event e)
{
    static const char *const names[] = {
        [LOAD_EVENT_NONE] = "",
        [LOAD_EVENT_STEP_ON] = "step_on",
        [LOAD_EVENT_STEP_OFF] = "step_off",
        [LOAD_EVENT_UNRACK] = "unrack",
        [LOAD_EVENT_RERACK] = "rerack",
    };
    return (unsigned)e < sizeof names / sizeof names[0] ? names[e] : "";
}

void load_filter_init(struct load_filter *f, const struct load_calibration *cal,
                      const struct rules *rules)
{
    memset(f, 0, sizeof(*f));
    f->cal = *cal;
    f->window_us = rules->load_window_us;
    f->stable_g = rules->load_stable_g;
}

static bool raw_usable(int32_t raw)
{
    return raw > HX711_SATURATED_LOW && raw < HX711_SATURATED_HIGH;
}

static int32_t clamp_g(double g)
{
    if (isnan(g)) /* a broken calibration */
        return 0;
    if (g <= INT32_MIN)
        return INT32_MIN;
    if (g >= INT32_MAX)
        return INT32_MAX;
    return (int32_t)lround(g);
}

static int32_t counts_to_g(const struct load_calibration *cal, int side, int32_t raw)
{
    int64_t net = (int64_t)raw - cal->offset[side];
    return clamp_g((double)net * cal->g_per_count[side]);
}

static int slot(const struct load_filter *f, int age)
{
    /* age 0 is the newest entry */
    return ((f->head - 1 - age) % LOAD_WINDOW_MAX + LOAD_WINDOW_MAX) % LOAD_WINDOW_MAX;
}

void load_filter_push(struct load_filter *f, const struct plate_sample *s)
{
    /* A clock that jumps back (a replay restarting, a port reopened) starts a new window. */
    if (f->count > 0 && s->t_us < f->ring[slot(f, 0)].t_us)
        f->count = 0;

    uint8_t ok = 0;
    for (int side = 0; side < PLATE_SIDES; side++) {
        bool usable = (s->ok_mask & SIDE_BIT(side)) && raw_usable(s->raw[side]);
        f->ring[f->head].side_g[side] = usable ? counts_to_g(&f->cal, side, s->raw[side]) : 0;
        if (usable)
            ok |= SIDE_BIT(side);
    }
    f->ring[f->head].t_us = s->t_us;
    f->ring[f->head].ok_mask = ok;
    f->head = (f->head + 1) % LOAD_WINDOW_MAX;
    if (f->count < LOAD_WINDOW_MAX)
        f->count++;
}

void load_filter_read(const struct load_filter *f, struct load_reading *out)
{
    memset(out, 0, sizeof(*out));
    if (f->count == 0)
        return;

    int64_t newest_us = f->ring[slot(f, 0)].t_us;
    int64_t start_us = newest_us - f->window_us;
    out->t_us = newest_us;

    /* Entries inside the window, and whether history reaches back to its start. */
    int n = 0;
    bool covered = false;
    int64_t sum_g[PLATE_SIDES] = {0};
    int n_ok[PLATE_SIDES] = {0};
    for (int age = 0; age < f->count; age++) {
        const int i = slot(f, age);
        if (f->ring[i].t_us < start_us) {
            covered = true;
            break;
        }
        if (f->ring[i].t_us == start_us)
            covered = true;
        n++;
        for (int side = 0; side < PLATE_SIDES; side++) {
            if (f->ring[i].ok_mask & SIDE_BIT(side)) {
                sum_g[side] += f->ring[i].side_g[side];
                n_ok[side]++;
            }
        }
    }

    uint8_t alive = 0;
    int64_t total_g = 0;
    for (int side = 0; side < PLATE_SIDES; side++) {
        if (n_ok[side] == 0) {
            out->fault = true;
            continue;
        }
        alive |= SIDE_BIT(side);
        out->side_g[side] = (int32_t)llround((double)sum_g[side] / n_ok[side]);
        total_g += out->side_g[side];
    }
    out->total_g = clamp_g((double)total_g);

    /* Spread of the total over the samples where every live side answered. */
    int64_t min_g = INT64_MAX, max_g = INT64_MIN;
    int n_spread = 0;
    for (int age = 0; age < n; age++) {
        const int i = slot(f, age);
        if ((f->ring[i].ok_mask & alive) != alive)
            continue;
        int64_t sample_g = 0;
        for (int side = 0; side < PLATE_SIDES; side++)
            sample_g += (alive & SIDE_BIT(side)) ? f->ring[i].side_g[side] : 0;
        min_g = sample_g < min_g ? sample_g : min_g;
        max_g = sample_g > max_g ? sample_g : max_g;
        n_spread++;
    }

    /* A half-known plate is never "stable": body weight must not be taken from it. */
    out->stable = covered && !out->fault && n_spread >= 2 && max_g - min_g <= f->stable_g;
}

int32_t load_round_down(const struct rules *rules, int32_t load_g)
{
    if (load_g <= rules->empty_bar_g)
        return rules->empty_bar_g;
    if (rules->smallest_step_g <= 0)
        return load_g;
    int32_t over_g = load_g - rules->empty_bar_g;
    return rules->empty_bar_g + over_g / rules->smallest_step_g * rules->smallest_step_g;
}
