#include <math.h>
#include <stdio.h>
#include <string.h>

#include "load.h"

/* What an HX711 reads when its input is beyond full scale: never a real load. Anything
 * outside them cannot come from a 24-bit converter at all. */
#define HX711_SATURATED_HIGH 0x7FFFFF
#define HX711_SATURATED_LOW  (-0x800000)
#define DISPLAY_STEP_G       100

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
    f->sway_permille = rules->load_sway_permille;
    f->side_permille = rules->load_side_permille;
    f->unrack_min_g = rules->unrack_min_g;
    f->prev_end_us = INT64_MIN;
    for (int side = 0; side < PLATE_SIDES; side++) {
        f->side[side].bad_since_us = -1;
        f->side[side].same_since_us = -1;
        f->side[side].good_since_us = -1;
    }
}

static bool raw_usable(int32_t raw)
{
    return raw > HX711_SATURATED_LOW && raw < HX711_SATURATED_HIGH;
}

static double counts_to_g(const struct load_filter *f, int side, int32_t raw)
{
    double g = ((double)raw - f->cal.offset[side]) * f->cal.g_per_count[side];
    return isfinite(g) ? g : 0; /* a broken calibration reads nothing */
}

static int32_t clamp_g(double g)
{
    if (isnan(g))
        return 0;
    if (g <= INT32_MIN)
        return INT32_MIN;
    if (g >= INT32_MAX)
        return INT32_MAX;
    return (int32_t)lround(g);
}

static int32_t median(const int32_t *v, int n)
{
    int32_t s[LOAD_MEDIAN];
    memcpy(s, v, (size_t)n * sizeof(*v));
    for (int i = 1; i < n; i++) /* insertion sort: five words */
        for (int j = i; j > 0 && s[j - 1] > s[j]; j--) {
            int32_t t = s[j];
            s[j] = s[j - 1];
            s[j - 1] = t;
        }
    return s[n / 2];
}

static int slot(const struct load_filter *f, int age)
{
    /* age 0 is the newest entry */
    return ((f->head - 1 - age) % LOAD_WINDOW_MAX + LOAD_WINDOW_MAX) % LOAD_WINDOW_MAX;
}

/* Faults per side: a run of missing, rail or identical words long enough to be no glitch. */
static void track_fault(struct load_side_state *sd, int64_t t_us, bool ok, bool usable, int32_t raw)
{
    if (!usable) {
        enum load_fault kind = ok ? LOAD_FAULT_SATURATED : LOAD_FAULT_NO_ANSWER;
        if (sd->bad_since_us < 0 || kind != sd->bad_kind) {
            sd->bad_since_us = t_us;
            sd->bad_kind = kind;
        }
        sd->good_since_us = -1;
        if (t_us - sd->bad_since_us >= LOAD_FAULT_AFTER_US)
            sd->fault = kind;
        return;
    }
    sd->bad_since_us = -1;
    if (sd->same_since_us >= 0 && raw == sd->same_raw) {
        if (t_us - sd->same_since_us >= LOAD_FROZEN_AFTER_US) {
            sd->fault = LOAD_FAULT_FROZEN;
            sd->good_since_us = -1;
        }
    } else {
        sd->same_raw = raw;
        sd->same_since_us = t_us;
    }
    if (sd->fault == LOAD_FAULT_NONE ||
        (sd->fault == LOAD_FAULT_FROZEN && raw == sd->same_raw && t_us != sd->same_since_us))
        return;
    if (sd->good_since_us < 0)
        sd->good_since_us = t_us;
    if (t_us - sd->good_since_us >= LOAD_RECOVER_US)
        sd->fault = LOAD_FAULT_NONE;
}

/* One side's sample: faults, then the median of the last usable words. */
static void push_side(struct load_filter *f, int side, const struct plate_sample *s)
{
    struct load_side_state *sd = &f->side[side];
    bool ok = s->ok_mask & (1u << side);
    bool usable = ok && raw_usable(s->raw[side]);
    track_fault(sd, s->t_us, ok, usable, s->raw[side]);
    memmove(&sd->word_g[1], &sd->word_g[0], (LOAD_WORDS - 1) * sizeof(sd->word_g[0]));
    sd->word_g[0] = sd->value_g; /* held through a missing word */
    if (sd->n_words < LOAD_WORDS && sd->have_value)
        sd->n_words++;
    if (!usable)
        return; /* a missing word holds the last value: one gap is no movement */
    memmove(&sd->last_raw[1], &sd->last_raw[0], (LOAD_MEDIAN - 1) * sizeof(sd->last_raw[0]));
    sd->last_raw[0] = s->raw[side];
    if (sd->n_raw < LOAD_MEDIAN)
        sd->n_raw++;
    /* five words where they span a few tens of ms; three at 10 samples/s, where five would
     * span half a second of a person's sway. An odd count, so the first words vote too. */
    int n = f->dt_us > 0 && f->dt_us < LOAD_MEDIAN_SHORT_US ? sd->n_raw
                                                            : (sd->n_raw < 3 ? sd->n_raw : 3);
    int32_t raw = median(sd->last_raw, n % 2 ? n : n - 1);
    sd->value_g = counts_to_g(f, side, raw);
    sd->word_g[0] = counts_to_g(f, side, s->raw[side]);
    sd->have_value = true;
}

/*
 * A side's last words, every one but word 2 that stands further off their median than
 * far_g taken as the median: a second glitch two words away must not hide this one.
 */
static void words_near(const struct load_side_state *sd, double far_g, double c[LOAD_WORDS])
{
    memcpy(c, sd->word_g, sizeof sd->word_g);
    if (sd->n_words < LOAD_WORDS)
        return;
    double s[LOAD_WORDS];
    memcpy(s, c, sizeof s);
    for (int i = 1; i < LOAD_WORDS; i++) /* insertion sort: five words */
        for (int j = i; j > 0 && s[j - 1] > s[j]; j--) {
            double t = s[j];
            s[j] = s[j - 1];
            s[j - 1] = t;
        }
    for (int k = 0; k < LOAD_WORDS; k++)
        if (k != 2 && fabs(c[k] - s[LOAD_WORDS / 2]) > far_g)
            c[k] = s[LOAD_WORDS / 2];
}

static double bend_of(const double *w, int k)
{
    return w[k] - (w[k - 1] + w[k + 1]) / 2;
}

/* Whether word 2 of w bends off the line between its neighbours by more than big_g, and
 * more than they do (a glitch next to it bends them by half its size). */
static bool is_glitch(const double *w, int n_words, double bend_g, double big_g)
{
    double b = fabs(bend_g);
    return n_words >= 4 && b > big_g && b >= fabs(bend_of(w, 1)) &&
           (n_words < LOAD_WORDS || b >= fabs(bend_of(w, 3)));
}

/*
 * The sample two before the newest, each side's own word rather than its median, twice
 * over. A stable stretch's sums take a word unless it bends off the line between its
 * neighbours by LOAD_ALONE_G more than the other side's word does (a person's
 * movement bends both feet's force together, a glitch one word): at 10 samples/s a
 * median of three bends a person's sway, and a stretch's mean keeps what it bent. A
 * span's sum (level_total) runs through reps, whose force bends both sides by kilograms
 * and the split with them: it takes a word unless it bends by over a kilogram, and three
 * times what the other side's does, and a median clips a rep's peaks, so that sum would
 * no longer be the weight. A glitch is taken as the mean of its neighbours.
 */
static void clean_words(const struct load_filter *f, double out_g[PLATE_SIDES],
                        double *span_total_g)
{
    double bend_g[PLATE_SIDES], raw_bend_g[PLATE_SIDES], on_g[PLATE_SIDES];
    double c[PLATE_SIDES][LOAD_WORDS];
    for (int side = 0; side < PLATE_SIDES; side++) {
        const struct load_side_state *sd = &f->side[side];
        on_g[side] = fmax(fabs(sd->word_g[2]), LOAD_GLITCH_MIN_G);
        raw_bend_g[side] = sd->n_words < 4 ? 0 : bend_of(sd->word_g, 2);
        words_near(sd, fmax(LOAD_GLITCH_HUGE_G, LOAD_GLITCH_FAR * fabs(raw_bend_g[side])), c[side]);
        bend_g[side] = sd->n_words < 4 ? 0 : bend_of(c[side], 2);
    }
    *span_total_g = 0;
    for (int side = 0; side < PLATE_SIDES; side++) {
        const struct load_side_state *sd = &f->side[side];
        double scale = on_g[side] / on_g[1 - side]; /* the other side's bend at this one's load */
        double with_g = bend_g[1 - side] * scale;
        double alone_g = LOAD_ALONE_G + LOAD_ALONE_PERMILLE / 1000.0 * fabs(with_g);
        bool glitch = is_glitch(c[side], sd->n_words, bend_g[side], 0) &&
                      fabs(bend_g[side] - with_g) > alone_g;
        out_g[side] = glitch ? (c[side][1] + c[side][3]) / 2 : sd->word_g[2];
        double big_g = fmax(LOAD_GLITCH_MIN_G, on_g[side] * LOAD_GLITCH_PERMILLE / 1000.0) +
                       LOAD_GLITCH_ALONE * fabs(raw_bend_g[1 - side] * scale);
        bool span_glitch = is_glitch(sd->word_g, sd->n_words, raw_bend_g[side], big_g);
        *span_total_g += span_glitch ? (sd->word_g[1] + sd->word_g[3]) / 2 : sd->word_g[2];
    }
}

static bool any_fault(const struct load_filter *f)
{
    for (int side = 0; side < PLATE_SIDES; side++)
        if (f->side[side].fault != LOAD_FAULT_NONE)
            return true;
    return false;
}

static int stretch_mean(const struct load_filter *f, double mean_g[PLATE_SIDES], bool pending);

static void queue_event(struct load_filter *f, enum load_event type, int64_t t_us,
                        int64_t decided_us, int32_t load_g)
{
    if (f->n_events == LOAD_QUEUE) {
        memmove(&f->events[0], &f->events[1], (LOAD_QUEUE - 1) * sizeof(f->events[0]));
        f->n_events--;
    }
    f->events[f->n_events++] = (struct load_event_at){
        .t_us = t_us, .decided_us = decided_us, .type = type, .load_g = load_g};
}

static double hist_at(const struct load_filter *f, int age)
{
    return f->hist[((f->hist_head - 1 - age) % LOAD_HIST + LOAD_HIST) % LOAD_HIST].g;
}

static int64_t hist_t(const struct load_filter *f, int age)
{
    return f->hist[((f->hist_head - 1 - age) % LOAD_HIST + LOAD_HIST) % LOAD_HIST].t_us;
}

static void hist_add(struct load_filter *f, int64_t t_us, double total_g)
{
    if (f->bucket_n > 0 && t_us - f->bucket_start_us >= LOAD_HIST_US) {
        f->hist[f->hist_head].t_us = f->bucket_start_us + LOAD_HIST_US / 2;
        f->hist[f->hist_head].g = f->bucket_g / f->bucket_n;
        f->hist_head = (f->hist_head + 1) % LOAD_HIST;
        if (f->hist_count < LOAD_HIST)
            f->hist_count++;
        f->bucket_n = 0;
    }
    if (f->bucket_n == 0) {
        f->bucket_start_us = t_us;
        f->bucket_g = 0;
    }
    f->bucket_g += total_g;
    f->bucket_n++;
}

/*
 * When the total, smoothed over LOAD_HIST_SMOOTH buckets, last crossed halfway from the
 * old level to the new one before the stretch began. The smoothing averages out a walkout's
 * steps and a rep's swings, which would cross it too, but not the bar leaving the hooks.
 */
static int64_t crossing_us(const struct load_filter *f, double from_g, double to_g)
{
    double mid = (from_g + to_g) / 2 + f->zero_g[0] + f->zero_g[1];
    bool rising = to_g > from_g;
    int64_t t_us = f->stretch_start_us;
    const int half = LOAD_HIST_SMOOTH / 2;
    for (int age = half; age + half < f->hist_count; age++) {
        if (hist_t(f, age) > f->stretch_start_us)
            continue;
        double sum = 0;
        for (int k = -half; k < half; k++)
            sum += hist_at(f, age + k);
        double smooth = sum / LOAD_HIST_SMOOTH;
        if (rising ? smooth < mid : smooth > mid)
            return t_us;
        t_us = hist_t(f, age);
    }
    return t_us;
}

/* A stable load against what stood on the plate before: the events, with hysteresis. */
static enum load_event classify(struct load_filter *f, int32_t level)
{
    switch (f->state) {
    case LOAD_EMPTY:
        if (level < LOAD_PERSON_MIN_G)
            return LOAD_EVENT_NONE;
        f->state = LOAD_PERSON;
        f->person_g = level;
        return LOAD_EVENT_STEP_ON;
    case LOAD_PERSON:
    case LOAD_BAR_HELD:
        break;
    }
    if (level < LOAD_PERSON_MIN_G / 2) {
        f->state = LOAD_EMPTY;
        f->person_g = f->bar_g = 0;
        return LOAD_EVENT_STEP_OFF;
    }
    int32_t over_g = level - f->person_g;
    if (f->state == LOAD_PERSON && over_g >= f->unrack_min_g) {
        f->state = LOAD_BAR_HELD;
        f->bar_g = over_g;
        return LOAD_EVENT_UNRACK;
    }
    if (f->state == LOAD_BAR_HELD && over_g < f->unrack_min_g / 2) {
        f->state = LOAD_PERSON;
        f->bar_g = 0;
        return LOAD_EVENT_RERACK;
    }
    return LOAD_EVENT_NONE;
}

/* Once a stretch has held long enough, its level is compared with the last one's. */
static void check_event(struct load_filter *f, int64_t now_us)
{
    if (f->classified || now_us - f->stretch_start_us < LOAD_EVENT_AFTER_US)
        return;
    f->classified = true;
    double mean[PLATE_SIDES];
    stretch_mean(f, mean, true);
    double level_g = mean[0] + mean[1] - f->zero_g[0] - f->zero_g[1];
    int32_t level = clamp_g(level_g);
    enum load_event ev = classify(f, level);
    if (ev != LOAD_EVENT_NONE) {
        int64_t t_us = crossing_us(f, f->last_level_g, level_g);
        int32_t load_g = ev == LOAD_EVENT_STEP_ON  ? f->person_g
                         : ev == LOAD_EVENT_UNRACK ? f->bar_g
                                                   : 0;
        queue_event(f, ev, t_us, now_us, load_g);
    }
    f->last_level_g = level_g;
}

/*
 * A sample joins a stretch's sums: its total through its clean words once they are decided
 * (else its median), its split through its median, which also keeps a rep's last sway
 * between the feet out of a short hold's split.
 */
static void moments_add(struct load_moments *m, double t_s, const struct load_entry *e)
{
    const double *g = e->decided ? e->word_g : e->g;
    if (t_s >= LOAD_SKIP_US / 1e6) {
        for (int side = 0; side < PLATE_SIDES; side++)
            m->split_g[side] += e->g[side] - m->ref_g[side];
        m->split_n++;
    }
    double p = 1;
    for (int k = 0; k < LOAD_MOMENTS; k++, p *= t_s) {
        m->w[k] += p;
        for (int side = 0; side < PLATE_SIDES; side++)
            m->x[side][k] += (g[side] - m->ref_g[side]) * p;
    }
}

/*
 * The mean over [0, T] weighted by (t (T - t))^LOAD_TAPER_POWER. A person's sway makes
 * the force swing around the weight (F = W + m a); a plain mean over a few seconds keeps
 * up to 2 m v / T of it, a smooth taper far less, and the taper also weighs down the
 * ringing after the load arrives. The weights expand into powers of t, so running
 * moments give the mean without keeping the stretch's samples.
 */
static void moments_mean(const struct load_moments *m, double t_end_s, double mean_g[PLATE_SIDES])
{
    const int p = LOAD_TAPER_POWER;
    double num[PLATE_SIDES] = {0}, den = 0, scale = 0;
    double t_pow[LOAD_TAPER_POWER + 1] = {1};
    for (int k = 1; k <= p; k++)
        t_pow[k] = t_pow[k - 1] * t_end_s;
    double binom = 1; /* C(p, j) */
    for (int j = 0; j <= p; j++) {
        double c = binom * t_pow[p - j] * (j % 2 ? -1 : 1);
        den += c * m->w[p + j];
        scale += fabs(c * m->w[p + j]);
        for (int side = 0; side < PLATE_SIDES; side++)
            num[side] += c * m->x[side][p + j];
        binom = binom * (p - j) / (j + 1);
    }
    bool tapered = den > 1e-9 * scale && m->w[0] >= 3;
    for (int side = 0; side < PLATE_SIDES; side++) {
        double n = tapered ? num[side] : m->x[side][0];
        double d = tapered ? den : m->w[0];
        mean_g[side] = m->ref_g[side] + (d > 0 ? n / d : 0);
    }
}

static double since_start_s(const struct load_filter *f, int64_t t_us)
{
    return (double)(t_us - f->sum_from_us) / 1e6;
}

/* The stretch's mean per side (zero not taken off), with the samples not summed yet when
 * pending (the live reading) or without them (what the stretch ends with). */
static int stretch_mean(const struct load_filter *f, double mean_g[PLATE_SIDES], bool pending)
{
    struct load_moments m = f->sums;
    int n = f->n_sum;
    int64_t end_us = f->summed_to_us;
    for (int age = 0; pending && age < f->count; age++) {
        const int i = slot(f, age);
        if (f->ring[i].t_us <= f->summed_to_us || f->ring[i].t_us < f->sum_from_us)
            break;
        moments_add(&m, since_start_s(f, f->ring[i].t_us), &f->ring[i]);
        if (n++ == f->n_sum)
            end_us = f->ring[i].t_us;
    }
    moments_mean(&m, since_start_s(f, end_us), mean_g);
    return n;
}

/*
 * The stretch's load per side, zero taken off: the total from the tapered mean, shared
 * between the sides as the plain mean over the stretch shares it. A person's sideways sway
 * moves load from one foot to the other for real, so the split of a stretch is its plain
 * mean; the taper, which serves the total, would weigh its middle alone.
 */
static void split_sides(const struct load_filter *f, double mean_g[PLATE_SIDES])
{
    double total = mean_g[0] + mean_g[1] - f->zero_g[0] - f->zero_g[1];
    const struct load_moments *m = &f->sums;
    bool skipped = m->split_n >= LOAD_WINDOW_MIN_SAMPLES;
    double plain[PLATE_SIDES];
    for (int side = 0; side < PLATE_SIDES; side++)
        plain[side] =
            m->ref_g[side] - f->zero_g[side] +
            (skipped ? m->split_g[side] / m->split_n : (m->w[0] > 0 ? m->x[side][0] / m->w[0] : 0));
    double plain_total = plain[0] + plain[1];
    if (fabs(plain_total) < 1) {
        mean_g[0] -= f->zero_g[0];
        mean_g[1] -= f->zero_g[1];
        return;
    }
    mean_g[PLATE_LEFT] = total * plain[PLATE_LEFT] / plain_total;
    mean_g[PLATE_RIGHT] = total - mean_g[PLATE_LEFT];
}

static void commit_until_departure(struct load_filter *f);

/* The span sums of every sample before the first one at or after t_us. */
static struct load_cum cum_before(const struct load_filter *f, int64_t t_us)
{
    struct load_cum c = f->cum;
    for (int age = 0; age < f->count; age++) {
        const int i = slot(f, age);
        if (f->ring[i].t_us < t_us)
            break;
        if (f->ring[i].decided)
            c = f->ring[i].cum;
    }
    return c;
}

static struct load_cum cum_diff(struct load_cum a, struct load_cum b)
{
    return (struct load_cum){.g = a.g - b.g, .n = a.n - b.n, .tg = a.tg - b.tg, .t = a.t - b.t};
}

static double cum_s(const struct load_filter *f, int64_t t_us)
{
    return (double)(t_us - f->cum_origin_us) / 1e6;
}

/*
 * The load of a stretch that ends, from its own samples and, when it continues a level,
 * from every sample since that level's first stretch. A person at rest at both ends of a
 * span has gained no momentum over it, so the force's mean over the span is the weight
 * however they moved in between (F - W = m dv/dt): the reps between two holds add nothing,
 * and the sway only enters at the two ends, which are weighted down to zero (the first
 * stretch ramps up, the last ramps down). A span whose mean disagrees with its last
 * stretch had something else on the plate or the hooks: the stretch does not join it.
 */
static double level_total(struct load_filter *f, double own_g)
{
    struct load_cum end = cum_before(f, f->summed_to_us + 1);
    struct load_cum own = cum_diff(end, f->start_cum);
    double from_s = cum_s(f, f->sum_from_us), to_s = cum_s(f, f->summed_to_us);
    double len_s = to_s - from_s;
    if (len_s <= 0 || own.n < LOAD_WINDOW_MIN_SAMPLES)
        return own_g; /* too short to weigh a ramp on; the levels go on past it */
    double tol_g =
        fmax(f->stable_g, fabs(own_g - f->zero_g[0] - f->zero_g[1]) * LOAD_LEVEL_PERMILLE / 1000.0);
    double down_g = (to_s * own.g - own.tg) / len_s, down_w = (to_s * own.n - own.t) / len_s;
    struct load_level *best = NULL, *oldest = &f->level[0];
    double best_g = own_g;
    for (int k = 0; k < LOAD_LEVELS; k++) {
        struct load_level *lv = &f->level[k];
        if (!lv->open || lv->last_end_us < oldest->last_end_us)
            oldest = lv;
        if (!lv->open || f->stretch_start_us - lv->last_end_us > LOAD_LEVEL_GAP_US ||
            fabs(own_g - lv->value_g) > tol_g)
            continue;
        struct load_cum mid = cum_diff(f->start_cum, lv->end_cum);
        double w = lv->ramp_w + mid.n + down_w;
        if (mid.n < 0 || w <= 0)
            continue;
        double span_g = (lv->ramp_g + mid.g + down_g) / w;
        if (fabs(span_g - own_g) > tol_g)
            continue;
        if (!best || fabs(own_g - lv->value_g) < fabs(own_g - best->value_g)) {
            best = lv;
            best_g = span_g;
        }
    }
    if (!best && len_s * 1e6 < LOAD_LEVEL_FIRST_US)
        return own_g; /* a rep's pause or slow phase: it may join a level, never start one */
    if (!best) {
        best = oldest;
        best->open = true;
        best->ramp_g = (own.tg - from_s * own.g) / len_s;
        best->ramp_w = (own.t - from_s * own.n) / len_s;
        best->end_cum = end;
    }
    best->value_g = best_g;
    best->last_end_us = f->summed_to_us;
    return best_g;
}

static void end_stretch(struct load_filter *f)
{
    if (!f->stable)
        return;
    commit_until_departure(f);
    f->stable = false;
    if (f->n_sum == 0)
        return; /* shorter than the trim: nothing settled */
    double mean[PLATE_SIDES];
    stretch_mean(f, mean, false);
    struct load_stretch st = {.start_us = f->stretch_start_us,
                              .end_us = f->summed_to_us,
                              .stable_at_us = f->stable_at_us};
    double total = level_total(f, mean[0] + mean[1]);
    mean[PLATE_LEFT] += (total - mean[0] - mean[1]) / 2;
    mean[PLATE_RIGHT] = total - mean[PLATE_LEFT];
    split_sides(f, mean);
    for (int side = 0; side < PLATE_SIDES; side++)
        st.side_g[side] = clamp_g(mean[side]);
    st.total_g = st.side_g[PLATE_LEFT] + st.side_g[PLATE_RIGHT];
    /* the whole stretch says better than its first second what stands on the plate */
    if (f->classified) {
        if (f->state == LOAD_PERSON && st.total_g >= LOAD_PERSON_MIN_G)
            f->person_g = st.total_g;
        else if (f->state == LOAD_BAR_HELD)
            f->bar_g = st.total_g - f->person_g;
        f->last_level_g = st.total_g;
    }
    if (f->n_stretches == LOAD_QUEUE) {
        memmove(&f->stretches[0], &f->stretches[1], (LOAD_QUEUE - 1) * sizeof(f->stretches[0]));
        f->n_stretches--;
    }
    f->stretches[f->n_stretches++] = st;
    f->prev_end_us = st.end_us;
}

/* Samples older than the trim join the stretch's sums. */
static void commit(struct load_filter *f, int64_t upto_us)
{
    int age = 0;
    while (age < f->count && f->ring[slot(f, age)].t_us > f->summed_to_us &&
           f->ring[slot(f, age)].t_us >= f->sum_from_us)
        age++;
    for (age--; age >= 0; age--) {
        const int i = slot(f, age);
        if (f->ring[i].t_us > upto_us)
            break;
        moments_add(&f->sums, since_start_s(f, f->ring[i].t_us), &f->ring[i]);
        f->n_sum++;
        f->summed_to_us = f->ring[i].t_us;
    }
}

/*
 * When a stretch ends, the movement that ended it began somewhere in the samples not
 * summed yet: they join the stretch up to the first that leaves its level by more than a
 * person's sway does, so the stretch ends where the movement began, not LOAD_TRIM_US early.
 */
static void commit_until_departure(struct load_filter *f)
{
    if (f->n_sum == 0)
        return;
    double mean[PLATE_SIDES];
    stretch_mean(f, mean, false);
    double level = fabs(mean[0] + mean[1] - f->zero_g[0] - f->zero_g[1]);
    double band_total = fmax(f->stable_g / 2.0, level * LOAD_DEPART_PERMILLE / 1000.0);
    double band_side = fmax(f->stable_g / 2.0, level * LOAD_DEPART_SIDE_PERMILLE / 1000.0);
    int age = 0;
    while (age < f->count && f->ring[slot(f, age)].t_us > f->summed_to_us)
        age++;
    for (age--; age >= 0; age--) {
        const int i = slot(f, age);
        double total = f->ring[i].g[0] + f->ring[i].g[1];
        if (fabs(total - mean[0] - mean[1]) > band_total)
            break;
        bool side_moved = false;
        for (int side = 0; side < PLATE_SIDES; side++)
            side_moved |= fabs(f->ring[i].g[side] - mean[side]) > band_side;
        if (side_moved)
            break;
        moments_add(&f->sums, since_start_s(f, f->ring[i].t_us), &f->ring[i]);
        f->n_sum++;
        f->summed_to_us = f->ring[i].t_us;
    }
}

struct window {
    bool covered;
    int n;
    int64_t oldest_us;
    double mean_g[PLATE_SIDES];
    double min_total, max_total, min_side[PLATE_SIDES], max_side[PLATE_SIDES];
};

/* The last rules.load_window_us, and at least LOAD_WINDOW_MIN_SAMPLES samples. */
static void window_stats(const struct load_filter *f, struct window *w)
{
    memset(w, 0, sizeof(*w));
    int64_t start_us = f->last_us - f->window_us;
    w->min_total = w->min_side[0] = w->min_side[1] = INFINITY;
    w->max_total = w->max_side[0] = w->max_side[1] = -INFINITY;
    double sum[PLATE_SIDES] = {0};
    for (int age = 0; age < f->count; age++) {
        const int i = slot(f, age);
        if (age >= LOAD_WINDOW_MIN_SAMPLES && f->ring[i].t_us < start_us) {
            w->covered = true;
            break;
        }
        double total = f->ring[i].g[0] + f->ring[i].g[1];
        w->min_total = fmin(w->min_total, total);
        w->max_total = fmax(w->max_total, total);
        for (int side = 0; side < PLATE_SIDES; side++) {
            w->min_side[side] = fmin(w->min_side[side], f->ring[i].g[side]);
            w->max_side[side] = fmax(w->max_side[side], f->ring[i].g[side]);
            sum[side] += f->ring[i].g[side];
        }
        w->oldest_us = f->ring[i].t_us;
        w->n++;
    }
    w->covered |= f->count == LOAD_WINDOW_MAX;
    for (int side = 0; side < PLATE_SIDES; side++)
        w->mean_g[side] = w->n ? sum[side] / w->n : 0;
}

/* Still enough for a person: the band grows with the load, as sway does. */
static bool calm(const struct load_filter *f, const struct window *w)
{
    if (!w->covered || w->n < LOAD_WINDOW_MIN_SAMPLES)
        return false;
    double level = fabs(w->mean_g[0] + w->mean_g[1] - f->zero_g[0] - f->zero_g[1]);
    double band_total = fmax(f->stable_g, level * f->sway_permille / 1000.0);
    double band_side = fmax(f->stable_g, level * f->side_permille / 1000.0);
    if (w->max_total - w->min_total > band_total) {
        return false;
    }
    for (int side = 0; side < PLATE_SIDES; side++)
        if (w->max_side[side] - w->min_side[side] > band_side) {
            return false;
        }
    /* the speed is measured against the stretch's level, which its first LOAD_TRIM_US
     * (a 0.4 s window's mean, off by a person's sway) does not know well enough */
    if (f->stable && f->n_sum > 0 && fabs(f->vel_mps) > LOAD_MOVE_MPS) {
        return false;
    }
    if (!f->stable || f->n_sum == 0)
        return true;
    /* a slow movement stays inside every window but walks away from the stretch */
    double mean[PLATE_SIDES];
    stretch_mean(f, mean, false);
    /* and a shift of weight from one foot to the other walks the sides away */
    for (int side = 0; side < PLATE_SIDES; side++)
        if (fabs(w->mean_g[side] - mean[side]) > band_side) {
            return false;
        }
    if (fabs(w->mean_g[0] + w->mean_g[1] - mean[0] - mean[1]) > band_total) {
        return false;
    }
    return true;
}

/*
 * The speed of the mass on the plate from its force: a = g (F - W) / W, integrated with a
 * leak so that an error in the level W fades. Sway stays at centimetres a second; a rep
 * that is slow enough to keep the force inside the band still reaches a decimetre.
 */
static void track_speed(struct load_filter *f, int64_t dt_us)
{
    double mean[PLATE_SIDES];
    if (f->n_sum == 0 || f->summed_to_us - f->sum_from_us < LOAD_SKIP_US) {
        /* no level yet to measure a speed against: the start of a stretch still rings */
        f->vel_mps = 0;
        return;
    }
    moments_mean(&f->sums, since_start_s(f, f->summed_to_us), mean);
    double level = mean[0] + mean[1] - f->zero_g[0] - f->zero_g[1];
    if (level < LOAD_PERSON_MIN_G / 2 || dt_us <= 0) {
        f->vel_mps = 0;
        return;
    }
    const int i = slot(f, 0);
    double force = f->ring[i].g[0] + f->ring[i].g[1] - f->zero_g[0] - f->zero_g[1];
    double dt_s = dt_us / 1e6;
    f->vel_mps =
        f->vel_mps * exp(-(double)dt_us / LOAD_MOVE_TAU_US) + 9.81 * (force - level) / level * dt_s;
}

/* The empty plate's zero follows its drift once it has been still for a while. */
static void track_zero(struct load_filter *f)
{
    if (!f->stable || f->state != LOAD_EMPTY || f->n_sum == 0 ||
        f->summed_to_us - f->stretch_start_us < LOAD_ZERO_AFTER_US)
        return;
    double mean[PLATE_SIDES];
    stretch_mean(f, mean, false);
    if (fabs(mean[0] + mean[1] - f->zero_g[0] - f->zero_g[1]) >= LOAD_ZERO_BAND_G)
        return;
    f->zero_g[0] = mean[0];
    f->zero_g[1] = mean[1];
}

static void restart_window(struct load_filter *f)
{
    end_stretch(f);
    for (int k = 0; k < LOAD_LEVELS; k++)
        f->level[k].open = false;
    /* the sums start again: a clock that went back, a gap, a fault ends every span */
    memset(&f->cum, 0, sizeof f->cum);
    f->cum_origin_us = f->last_us;
    f->count = 0;
}

void load_filter_push(struct load_filter *f, const struct plate_sample *s)
{
    if (f->started) {
        int64_t dt = s->t_us - f->last_us;
        if (dt < 0) { /* a replay restarting, a port reopened: a new clock */
            restart_window(f);
            f->prev_end_us = INT64_MIN;
            f->hist_count = f->bucket_n = 0;
            for (int side = 0; side < PLATE_SIDES; side++) {
                struct load_side_state *sd = &f->side[side];
                sd->bad_since_us = sd->same_since_us = sd->good_since_us = -1;
            }
        } else if (dt > LOAD_GAP_US) {
            restart_window(f);
        }
    }
    if (!f->started)
        f->cum_origin_us = s->t_us;
    int64_t dt_us = f->started ? s->t_us - f->last_us : 0;
    f->dt_us = dt_us;
    f->started = true;
    f->last_us = s->t_us;
    for (int side = 0; side < PLATE_SIDES; side++)
        push_side(f, side, s);
    if (any_fault(f)) {
        restart_window(f);
        return;
    }
    if (!f->side[PLATE_LEFT].have_value || !f->side[PLATE_RIGHT].have_value)
        return;
    f->ring[f->head].t_us = s->t_us;
    for (int side = 0; side < PLATE_SIDES; side++)
        f->ring[f->head].g[side] = f->side[side].value_g;
    if (f->count >= 2) { /* the sample two before this one is decided now */
        const int i = slot(f, 1);
        double x;
        clean_words(f, f->ring[i].word_g, &x);
        double t_s = cum_s(f, f->ring[i].t_us);
        f->ring[i].cum = f->cum;
        f->ring[i].decided = true;
        f->cum.g += x;
        f->cum.n++;
        f->cum.tg += t_s * x;
        f->cum.t += t_s;
    }
    f->ring[f->head].decided = false;
    hist_add(f, s->t_us, f->side[0].value_g + f->side[1].value_g);
    f->head = (f->head + 1) % LOAD_WINDOW_MAX;
    if (f->count < LOAD_WINDOW_MAX)
        f->count++;

    if (f->stable)
        track_speed(f, dt_us);
    struct window w;
    window_stats(f, &w);
    bool still = calm(f, &w);
    if (f->stable && !still) {
        end_stretch(f);
    } else if (!f->stable && still) {
        f->stable = true;
        f->vel_mps = 0;
        /* a stretch starts where its window does, but not inside the one before it */
        f->stretch_start_us = w.oldest_us > f->prev_end_us ? w.oldest_us : f->prev_end_us + 1;
        f->stable_at_us = s->t_us;
        memset(&f->sums, 0, sizeof f->sums);
        f->sums.ref_g[0] = w.mean_g[0];
        f->sums.ref_g[1] = w.mean_g[1];
        f->n_sum = 0;
        f->sum_from_us = f->stretch_start_us;
        f->start_cum = cum_before(f, f->sum_from_us);
        f->summed_to_us = f->sum_from_us - 1;
        f->classified = false;
    }
    if (f->stable) {
        commit(f, s->t_us - LOAD_TRIM_US);
        check_event(f, s->t_us);
        track_zero(f);
    }
}

static void fault_text(const struct load_filter *f, struct load_reading *out)
{
    static const char *const side_name[PLATE_SIDES] = {"left", "right"};
    for (int side = 0; side < PLATE_SIDES; side++) {
        enum load_fault k = f->side[side].fault;
        if (k == LOAD_FAULT_NONE)
            continue;
        out->fault = true;
        out->fault_kind = k;
        out->fault_side = (enum plate_side)side;
        const char *what = k == LOAD_FAULT_NO_ANSWER ? "is not answering (DOUT stuck)"
                           : k == LOAD_FAULT_FROZEN  ? "repeats one value"
                                                     : "reads beyond full scale";
        const char *todo = k == LOAD_FAULT_SATURATED ? "check that side's load cell wires"
                                                     : "check its cable and power";
        snprintf(out->fault_msg, sizeof out->fault_msg,
                 "Plate offline: the %s HX711 %s; %s. It comes back by itself.", side_name[side],
                 what, todo);
        return;
    }
}

void load_filter_read(const struct load_filter *f, struct load_reading *out)
{
    memset(out, 0, sizeof(*out));
    if (!f->started)
        return;
    out->t_us = f->last_us;
    fault_text(f, out);
    double g[PLATE_SIDES] = {0};
    if (f->stable && !out->fault) {
        stretch_mean(f, g, true);
        out->stable = true;
        out->stable_since_us = f->stretch_start_us;
    } else {
        for (int side = 0; side < PLATE_SIDES; side++)
            g[side] = f->side[side].value_g;
    }
    for (int side = 0; side < PLATE_SIDES; side++) {
        bool known = f->side[side].have_value && f->side[side].fault == LOAD_FAULT_NONE;
        out->side_g[side] = known ? clamp_g(g[side] - f->zero_g[side]) : 0;
    }
    out->total_g = clamp_g((double)out->side_g[PLATE_LEFT] + out->side_g[PLATE_RIGHT]);
    out->state = f->state;
    out->bar_held = f->state == LOAD_BAR_HELD;
    out->person_g = f->person_g;
    out->bar_g = f->state == LOAD_BAR_HELD ? f->bar_g : 0;
}

bool load_filter_take_event(struct load_filter *f, struct load_event_at *out)
{
    if (f->n_events == 0)
        return false;
    *out = f->events[0];
    memmove(&f->events[0], &f->events[1], (size_t)(--f->n_events) * sizeof(f->events[0]));
    return true;
}

bool load_filter_take_stretch(struct load_filter *f, struct load_stretch *out)
{
    if (f->n_stretches == 0)
        return false;
    *out = f->stretches[0];
    memmove(&f->stretches[0], &f->stretches[1],
            (size_t)(--f->n_stretches) * sizeof(f->stretches[0]));
    return true;
}

void load_filter_finish(struct load_filter *f)
{
    if (f->stable)
        commit(f, f->last_us);
    end_stretch(f);
}

bool load_filter_tare(struct load_filter *f)
{
    if (!f->stable || any_fault(f))
        return false;
    double mean[PLATE_SIDES];
    stretch_mean(f, mean, true);
    f->zero_g[0] = mean[0];
    f->zero_g[1] = mean[1];
    return true;
}

int32_t load_round_down(const struct rules *rules, int32_t load_g)
{
    int32_t out_g; /* under the bar: the bar, which is the least the rack can load */
    plates_round_down(&rules->plates, load_g, &out_g);
    return out_g;
}

/* On a pound rack the nearest load its plates make, not the bar plus a whole number of
 * smallest steps: 50 lb on a 45 lb bar is not a 5 lb step away from it with 2.5 lb plates. */
static bool nearest_pounds(const struct rules *rules, int32_t load_g, int32_t *out_g)
{
    const struct plate_set *ps = &rules->plates;
    if (ps->unit != RACK_LB || load_g < ps->bar_g - plates_smallest_increment_g(ps) / 2)
        return false;
    int32_t down, up;
    plates_round_down(ps, load_g, &down);
    if (!plates_round_up(ps, load_g, &up) || load_g - down < up - load_g)
        *out_g = down;
    else
        *out_g = up;
    return true;
}

int32_t load_round_nearest(const struct rules *rules, int32_t load_g)
{
    int32_t made_g;
    if (nearest_pounds(rules, load_g, &made_g))
        return made_g;
    int32_t step = rules->smallest_step_g;
    if (step <= 0 || load_g < rules->empty_bar_g - step / 2) {
        int32_t half = DISPLAY_STEP_G / 2;
        return (load_g >= 0 ? load_g + half : load_g - half) / DISPLAY_STEP_G * DISPLAY_STEP_G;
    }
    int64_t over = (int64_t)load_g - rules->empty_bar_g;
    int64_t n = (over + (over >= 0 ? step / 2 : -(step / 2))) / step;
    return (int32_t)(rules->empty_bar_g + n * step);
}
