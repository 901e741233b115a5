#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phrase.h"
#include "plates.h"

#define PLATE_MIN_G 225 /* 0.5 lb; the lightest kilogram plate is 0.25 kg */
#define PLATE_MAX_G 60000

static int32_t gcd32(int32_t a, int32_t b)
{
    while (b) {
        int32_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static bool slot_ok(const struct plate_set *ps, int i)
{
    return i >= 0 && i < ps->n_slots && (ps->side_ok[i / 64] >> (i % 64) & 1u);
}

#define SIDE_WORDS (PLATES_SIDE_SLOTS / 64)

/* side_ok |= side_ok << w, as one more plate of w grains on each side (0/1 knapsack: the
 * words are updated from the top, each from lower words not yet changed). */
static void add_plate(uint64_t *bits, int w)
{
    int ws = w / 64, bs = w % 64;
    for (int i = SIDE_WORDS - 1; i >= ws; i--) {
        uint64_t v = bits[i - ws] << bs;
        if (bs && i - ws - 1 >= 0)
            v |= bits[i - ws - 1] >> (64 - bs);
        bits[i] |= v;
    }
}

static double plates_g_per_mu(enum rack_unit unit)
{
    return unit == RACK_LB ? PLATES_G_PER_LB / 1000.0 : 1.0;
}

int32_t plates_mu_to_g(enum rack_unit unit, int64_t mu)
{
    return unit == RACK_LB ? (int32_t)llround((double)mu * plates_g_per_mu(unit)) : (int32_t)mu;
}

int64_t plates_given_mu(enum rack_unit unit, int64_t g)
{
    if (unit != RACK_LB)
        return g;
    return llround((double)g / plates_g_per_mu(unit) / PLATES_MU_GIVEN) * PLATES_MU_GIVEN;
}

int64_t plates_load_mu(enum rack_unit unit, int64_t load_g)
{
    if (unit != RACK_LB)
        return load_g;
    return (int64_t)floor((double)(load_g + PLATES_LB_SAME_G) / plates_g_per_mu(unit));
}

/* Bounded subset sums per side: every plate kind, up to its pairs, in grains. */
void plates_build(struct plate_set *ps)
{
    memset(ps->side_ok, 0, sizeof ps->side_ok);
    ps->bar_mu = (int32_t)plates_given_mu(ps->unit, ps->bar_g);
    int32_t mu[PLATES_MAX_KINDS];
    ps->grain_mu = 0;
    for (int k = 0; k < ps->n_kinds; k++) {
        mu[k] = (int32_t)plates_given_mu(ps->unit, ps->plate_g[k]);
        ps->grain_mu = gcd32(mu[k], ps->grain_mu);
    }
    ps->side_ok[0] = 1;
    if (ps->grain_mu <= 0) {
        ps->grain_mu = 1;
        ps->n_slots = 1;
        return;
    }
    int64_t max_grains = 0;
    for (int k = 0; k < ps->n_kinds; k++)
        max_grains += (int64_t)ps->pairs[k] * (mu[k] / ps->grain_mu);
    ps->n_slots = (int)(max_grains + 1 < PLATES_SIDE_SLOTS ? max_grains + 1 : PLATES_SIDE_SLOTS);
    for (int k = 0; k < ps->n_kinds; k++) {
        int64_t w = mu[k] / ps->grain_mu;
        /* n copies as bundles of 1, 2, 4, ... and the rest: each count 0..n is a sum of them */
        for (int left = ps->pairs[k], bundle = 1; left > 0; left -= bundle, bundle *= 2) {
            int take = bundle < left ? bundle : left;
            if (w * take < PLATES_SIDE_SLOTS)
                add_plate(ps->side_ok, (int)(w * take));
        }
    }
    for (int i = ps->n_slots; i < PLATES_SIDE_SLOTS; i++) /* sums past the plates' total */
        ps->side_ok[i / 64] &= ~(UINT64_C(1) << (i % 64));
}

static void set_from(struct plate_set *ps, enum rack_unit unit, double bar, const double *plates,
                     int n)
{
    memset(ps, 0, sizeof *ps);
    ps->unit = unit;
    ps->bar_g = plates_unit_to_g(unit, bar);
    ps->n_kinds = n;
    for (int k = 0; k < n; k++) {
        ps->plate_g[k] = plates_unit_to_g(unit, plates[k]);
        ps->pairs[k] = PLATES_PAIRS_DEFAULT;
    }
    plates_build(ps);
}

void plates_default_kg(struct plate_set *ps)
{
    static const double kg[] = {25, 20, 15, 10, 5, 2.5, 1.25};
    set_from(ps, RACK_KG, 20, kg, (int)(sizeof kg / sizeof kg[0]));
}

void plates_default_lb(struct plate_set *ps)
{
    static const double lb[] = {45, 35, 25, 10, 5, 2.5};
    set_from(ps, RACK_LB, 45, lb, (int)(sizeof lb / sizeof lb[0]));
}

int32_t plates_unit_to_g(enum rack_unit unit, double value)
{
    return (int32_t)lround(value * (unit == RACK_LB ? PLATES_G_PER_LB : 1000.0));
}

const char *plates_unit_name(enum rack_unit unit)
{
    return unit == RACK_LB ? "lb" : "kg";
}

/* A plain decimal of at most 4 digits before and 2 after the point; -1 otherwise. */
static double plain_number(const char *s, size_t len)
{
    size_t i = 0, before = 0, after = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++, before++;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++, after++;
        if (after == 0)
            return -1;
    }
    if (i != len || before == 0 || before > 4 || after > 2)
        return -1;
    char buf[16];
    memcpy(buf, s, len);
    buf[len] = '\0';
    return strtod(buf, NULL);
}

/* One "25" or "25x4" item of the plates list into kind k. */
static int parse_plate(struct plate_set *ps, const char *s, size_t len, struct phrase_said *err)
{
    char item[24];
    snprintf(item, sizeof item, "%.*s", (int)(len < 20 ? len : 20), s);
    const char *x = memchr(s, 'x', len);
    size_t num_len = x ? (size_t)(x - s) : len;
    double v = plain_number(s, num_len);
    int pairs = PLATES_PAIRS_DEFAULT;
    if (x) {
        double p = plain_number(x + 1, len - num_len - 1);
        if (p < 1 || p > 50 || p != floor(p)) {
            PHRASE_SAY(err, N_("'%s': pairs after x must be a whole number 1..50"), item);
            return -1;
        }
        pairs = (int)p;
    }
    int32_t g = v > 0 ? plates_unit_to_g(ps->unit, v) : 0;
    if (v <= 0 || g < PLATE_MIN_G || g > PLATE_MAX_G) {
        PHRASE_SAY(err, N_("'%s' is not a plate weight (0.25..50 kg or 0.5..100 lb)"), item);
        return -1;
    }
    for (int k = 0; k < ps->n_kinds; k++)
        if (plates_given_mu(ps->unit, ps->plate_g[k]) == plates_given_mu(ps->unit, g)) {
            PHRASE_SAY(err, N_("plate '%s' is listed twice"), item);
            return -1;
        }
    if (ps->n_kinds == PLATES_MAX_KINDS) {
        char most[16];
        snprintf(most, sizeof most, "%d", PLATES_MAX_KINDS);
        PHRASE_SAY(err, N_("more than %s kinds of plate"), most);
        return -1;
    }
    ps->plate_g[ps->n_kinds] = g;
    ps->pairs[ps->n_kinds++] = pairs;
    return 0;
}

/*
 * The table of sums steps by the plates' common step: plates with none coarser than a few
 * hundredths of the unit (46/32.33 lb, or 25/0.26 kg) leave it too short to reach a
 * working load, and every cap would round down to the bar. Such a set is refused, said.
 */
static int reach_check(const struct plate_set *ps, const char *plates, struct phrase_said *err)
{
    int64_t total_mu = ps->bar_mu;
    for (int k = 0; k < ps->n_kinds; k++)
        total_mu += 2 * (int64_t)ps->pairs[k] * plates_given_mu(ps->unit, ps->plate_g[k]);
    int64_t reach_mu = ps->bar_mu + 2 * (int64_t)(ps->n_slots - 1) * ps->grain_mu;
    int64_t want_mu = plates_load_mu(ps->unit, PLATES_REACH_G);
    if (reach_mu >= (total_mu < want_mu ? total_mu : want_mu))
        return 0;
    char list[40], grain[32];
    snprintf(list, sizeof list, "%.32s", plates);
    snprintf(grain, sizeof grain, "%g %s", ps->grain_mu / 1000.0, plates_unit_name(ps->unit));
    PHRASE_SAY(err,
               N_("'%s': no common step to count loads in (%s); use steps of 0.25 kg or 0.25 lb"),
               list, grain);
    return -1;
}

int plates_parse_said(struct plate_set *ps, const char *unit, const char *bar, const char *plates,
                      struct phrase_said *err)
{
    memset(ps, 0, sizeof *ps);
    if (strcmp(unit, "kg") == 0)
        ps->unit = RACK_KG;
    else if (strcmp(unit, "lb") == 0)
        ps->unit = RACK_LB;
    else {
        char u[20];
        snprintf(u, sizeof u, "%.16s", unit);
        PHRASE_SAY(err, N_("unit '%s' is neither kg nor lb"), u);
        return -1;
    }
    double b = plain_number(bar, strlen(bar));
    ps->bar_g = b > 0 ? plates_unit_to_g(ps->unit, b) : 0;
    if (ps->bar_g < 1000 || ps->bar_g > 50000) {
        char b16[20];
        snprintf(b16, sizeof b16, "%.16s", bar);
        PHRASE_SAY(err, N_("bar '%s' is not a bar's weight (1..50 kg, 2..110 lb)"), b16);
        return -1;
    }
    const char *p = plates;
    while (*p) {
        size_t len = strcspn(p, "/");
        if (len == 0) {
            PHRASE_SAY(err, N_("an empty plate in '%s' (plates are like 25/20/10)"), plates);
            return -1;
        }
        if (parse_plate(ps, p, len, err) != 0)
            return -1;
        p += len;
        if (*p == '/' && *++p == '\0') {
            PHRASE_SAY(err, N_("'%s' ends with '/'"), plates);
            return -1;
        }
    }
    if (ps->n_kinds == 0) {
        phrase_said_set(err, N_("no plates given (plates are like 25/20/10/5/2.5/1.25)"), NULL, 0);
        return -1;
    }
    plates_build(ps);
    return reach_check(ps, plates, err);
}

int plates_over_said(struct plate_set *ps, const struct plate_set *base, const char *bar,
                     const char *plates, struct phrase_said *err)
{
    /* a part not given is read as a valid stand-in (20 is a bar, 5 a plate in kg and lb),
     * then replaced by base's: what is checked is only what the rack gives */
    if (plates_parse_said(ps, plates_unit_name(base->unit), bar[0] ? bar : "20",
                          plates[0] ? plates : "5", err) != 0)
        return -1;
    if (!bar[0])
        ps->bar_g = base->bar_g;
    if (!plates[0]) {
        ps->n_kinds = base->n_kinds;
        memcpy(ps->plate_g, base->plate_g, sizeof ps->plate_g);
        memcpy(ps->pairs, base->pairs, sizeof ps->pairs);
    }
    plates_build(ps);
    return 0;
}

int plates_parse(struct plate_set *ps, const char *unit, const char *bar, const char *plates,
                 char err[PLATES_ERR_MAX])
{
    struct phrase_said why;
    int rc = plates_parse_said(ps, unit, bar, plates, &why);
    if (rc != 0)
        phrase_said_fill(err, PLATES_ERR_MAX, &why, NULL);
    return rc;
}

int plates_over(struct plate_set *ps, const struct plate_set *base, const char *bar,
                const char *plates, char err[PLATES_ERR_MAX])
{
    struct phrase_said why;
    int rc = plates_over_said(ps, base, bar, plates, &why);
    if (rc != 0)
        phrase_said_fill(err, PLATES_ERR_MAX, &why, NULL);
    return rc;
}

bool plates_round_down(const struct plate_set *ps, int64_t load_g, int32_t *out_g)
{
    int64_t load_mu = plates_load_mu(ps->unit, load_g);
    if (load_mu < ps->bar_mu) {
        *out_g = ps->bar_g;
        return false;
    }
    int64_t side_grains = (load_mu - ps->bar_mu) / 2 / ps->grain_mu;
    int i = side_grains < ps->n_slots ? (int)side_grains : ps->n_slots - 1;
    while (i > 0 && !slot_ok(ps, i))
        i--;
    *out_g = plates_mu_to_g(ps->unit, ps->bar_mu + 2 * (int64_t)i * ps->grain_mu);
    return true;
}

bool plates_round_up(const struct plate_set *ps, int64_t load_g, int32_t *out_g)
{
    int64_t load_mu =
        ps->unit == RACK_LB
            ? (int64_t)ceil((double)(load_g - PLATES_LB_SAME_G) / plates_g_per_mu(ps->unit))
            : load_g;
    int64_t over = load_mu - ps->bar_mu, step = 2 * (int64_t)ps->grain_mu;
    int64_t from = over <= 0 ? 0 : (over + step - 1) / step;
    for (int64_t i = from; i < ps->n_slots; i++)
        if (slot_ok(ps, (int)i)) {
            *out_g = plates_mu_to_g(ps->unit, ps->bar_mu + i * step);
            return true;
        }
    int i = ps->n_slots - 1;
    while (i > 0 && !slot_ok(ps, i))
        i--;
    *out_g = plates_mu_to_g(ps->unit, ps->bar_mu + i * step);
    return false;
}

int32_t plates_smallest_increment_g(const struct plate_set *ps)
{
    for (int i = 1; i < ps->n_slots; i++)
        if (slot_ok(ps, i))
            return plates_mu_to_g(ps->unit, 2 * (int64_t)i * ps->grain_mu);
    return 0;
}

void plates_mu_text(int64_t mu, char *out, size_t n)
{
    uint64_t whole = (uint64_t)(mu < 0 ? -mu : mu);
    char num[32];
    snprintf(num, sizeof num, "%s%llu.%03u", mu < 0 ? "-" : "", (unsigned long long)(whole / 1000),
             (unsigned)(whole % 1000));
    char *end = num + strlen(num) - 1;
    while (*end == '0')
        *end-- = '\0';
    if (*end == '.')
        *end = '\0';
    snprintf(out, n, "%s", num);
}

void plates_load_text(enum rack_unit unit, int64_t load_g, char *out, size_t n)
{
    int64_t mu =
        llround((double)load_g / plates_g_per_mu(unit) / PLATES_MU_GIVEN) * PLATES_MU_GIVEN;
    if (mu % PLATES_SAID_MU != 0) /* no plate makes it: a load from the other unit, to 0.1 */
        mu = (mu < 0 ? -1 : 1) * (((mu < 0 ? -mu : mu) + 50) / 100 * 100);
    plates_mu_text(mu, out, n);
}

void plates_format(enum rack_unit unit, int64_t load_g, char *out, size_t n)
{
    char num[32];
    plates_load_text(unit, load_g, num, sizeof num);
    snprintf(out, n, "%s %s", num, plates_unit_name(unit));
}

/* One "2.5kg" / "5 lb" at *s into mu; moves *s past it and what separates the next. */
static bool one_step(const char **s, const double min[2], const double max[2], int32_t mu[2])
{
    const char *p = *s;
    char num[16];
    size_t n = 0;
    while (((*p >= '0' && *p <= '9') || *p == '.' || *p == '-') && n + 1 < sizeof num)
        num[n++] = *p++;
    num[n] = '\0';
    while (*p == ' ')
        p++;
    bool kg = strncmp(p, "kg", 2) == 0, lb = strncmp(p, "lb", 2) == 0;
    double v = plain_number(num, n); /* to 0.01 of the unit at most, as plates are given */
    if (v < 0 || (!kg && !lb))
        return false;
    p += 2;
    if (*p && *p != ' ' && *p != ',')
        return false; /* "5lbs", "2.5kgs" */
    while (*p == ' ' || *p == ',')
        p++;
    enum rack_unit u = kg ? RACK_KG : RACK_LB;
    if (!(v >= min[u] && v <= max[u]) || mu[u] != 0)
        return false; /* out of range, or the unit given twice */
    mu[u] = (int32_t)(v * 1000.0 + 0.5);
    *s = p;
    return true;
}

int plates_parse_steps(const char *text, const double min[2], const double max[2], int32_t mu[2])
{
    mu[RACK_KG] = mu[RACK_LB] = 0;
    const char *s = text;
    if (!*s)
        return -1;
    while (*s)
        if (!one_step(&s, min, max, mu)) {
            mu[RACK_KG] = mu[RACK_LB] = 0;
            return -1;
        }
    return 0;
}
