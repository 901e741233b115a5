#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plate_sim.h"

#define PLATE_SIM_RATE_HZ     80
#define PLATE_SIM_PERIOD_US   (1000000 / PLATE_SIM_RATE_HZ)
#define PLATE_SIM_SETTLE_US   150000.0 /* time constant of a load coming on or off */
#define PLATE_SIM_NOISE_G     3.0      /* per side, one standard deviation */
#define PLATE_SIM_BACKLOG_US  2000000  /* older unread samples are lost, as in a full ring */
#define PLATE_SIM_MAX_CHANGES 64

#define HX711_MAX_COUNT 0x7FFFFF
#define HX711_MIN_COUNT (-0x800000)
#define HX711_NOT_READY (-1) /* what clocking a DOUT that stays high reads */

enum change_kind { CHANGE_PERSON, CHANGE_BAR, CHANGE_LEFT_PCT };

struct change {
    int64_t t_us;
    enum change_kind kind;
    int32_t value;
};

struct plate_sim {
    struct plate port; /* first, so the port converts back to the simulator */
    struct load_calibration cal;
    uint64_t rng;
    bool started;
    int64_t next_us; /* time of the next sample */
    int64_t state_us;

    /* what the generator has reached so far */
    int32_t person_g, bar_g;
    int left_pct;
    double side_g[PLATE_SIDES]; /* settling towards the targets */

    /* what the caller last asked for */
    int32_t want_person_g, want_bar_g;
    int want_left_pct;
    bool dead[PLATE_SIDES];

    struct change changes[PLATE_SIM_MAX_CHANGES]; /* pending, by time */
    int n_changes;
};

/* splitmix64: small, deterministic, good enough for sensor noise */
static uint64_t next_random(struct plate_sim *sim)
{
    uint64_t z = (sim->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Roughly normal, unit variance: the sum of four uniforms (Irwin-Hall), rescaled. */
static double noise_unit(struct plate_sim *sim)
{
    double sum = 0;
    for (int i = 0; i < 4; i++)
        sum += (double)(next_random(sim) >> 11) / (double)(1ull << 53);
    return (sum - 2.0) * sqrt(3.0);
}

static void apply_change(struct plate_sim *sim, const struct change *c)
{
    switch (c->kind) {
    case CHANGE_PERSON:
        sim->person_g = c->value;
        break;
    case CHANGE_BAR:
        sim->bar_g = c->value;
        break;
    case CHANGE_LEFT_PCT:
        sim->left_pct = c->value;
        break;
    }
}

static void schedule(struct plate_sim *sim, enum change_kind kind, int32_t value, int64_t t_us)
{
    if (sim->n_changes == PLATE_SIM_MAX_CHANGES) {
        apply_change(sim, &sim->changes[0]);
        memmove(&sim->changes[0], &sim->changes[1],
                (size_t)(--sim->n_changes) * sizeof(sim->changes[0]));
    }
    int at = sim->n_changes;
    while (at > 0 && sim->changes[at - 1].t_us > t_us)
        at--;
    memmove(&sim->changes[at + 1], &sim->changes[at],
            (size_t)(sim->n_changes - at) * sizeof(sim->changes[0]));
    sim->changes[at] = (struct change){.t_us = t_us, .kind = kind, .value = value};
    sim->n_changes++;
}

/* Loads move towards what stands on the plate, exponentially, until t_us. */
static void settle(struct plate_sim *sim, int64_t t_us)
{
    double dt_us = (double)(t_us - sim->state_us);
    if (dt_us <= 0)
        return;
    double k = 1.0 - exp(-dt_us / PLATE_SIM_SETTLE_US);
    double on_plate_g = (double)sim->person_g + sim->bar_g;
    double target_g[PLATE_SIDES] = {
        [PLATE_LEFT] = on_plate_g * sim->left_pct / 100.0,
        [PLATE_RIGHT] = on_plate_g * (100 - sim->left_pct) / 100.0,
    };
    for (int side = 0; side < PLATE_SIDES; side++)
        sim->side_g[side] += (target_g[side] - sim->side_g[side]) * k;
    sim->state_us = t_us;
}

/* Moves the plate's state to t_us, each change landing at its own time. */
static void advance(struct plate_sim *sim, int64_t t_us)
{
    int done = 0;
    for (; done < sim->n_changes && sim->changes[done].t_us <= t_us; done++) {
        settle(sim, sim->changes[done].t_us);
        apply_change(sim, &sim->changes[done]);
    }
    sim->n_changes -= done;
    memmove(&sim->changes[0], &sim->changes[done],
            (size_t)sim->n_changes * sizeof(sim->changes[0]));
    settle(sim, t_us);
}

static int32_t to_counts(const struct plate_sim *sim, int side, double grams)
{
    double gpc = sim->cal.g_per_count[side];
    double counts = sim->cal.offset[side] + (gpc != 0 ? grams / gpc : 0);
    if (counts >= HX711_MAX_COUNT)
        return HX711_MAX_COUNT;
    if (counts <= HX711_MIN_COUNT)
        return HX711_MIN_COUNT;
    return (int32_t)lround(counts);
}

static void take_sample(struct plate_sim *sim, struct plate_sample *out)
{
    advance(sim, sim->next_us);
    memset(out, 0, sizeof(*out));
    out->t_us = sim->next_us;
    for (int side = 0; side < PLATE_SIDES; side++) {
        double noise_g = noise_unit(sim) * PLATE_SIM_NOISE_G;
        if (sim->dead[side]) {
            out->raw[side] = HX711_NOT_READY;
            continue;
        }
        out->raw[side] = to_counts(sim, side, sim->side_g[side] + noise_g);
        out->ok_mask |= (uint8_t)(1u << side);
    }
    sim->next_us += PLATE_SIM_PERIOD_US;
}

static int sim_poll(struct plate *p, int64_t now_us, struct plate_sample *out, int max)
{
    struct plate_sim *sim = (struct plate_sim *)p;
    if (!sim->started) {
        sim->started = true;
        sim->next_us = now_us;
        sim->state_us = now_us;
    }
    if (now_us - sim->next_us > PLATE_SIM_BACKLOG_US) {
        int64_t lost = (now_us - PLATE_SIM_BACKLOG_US - sim->next_us) / PLATE_SIM_PERIOD_US + 1;
        sim->next_us += lost * PLATE_SIM_PERIOD_US;
        advance(sim, sim->next_us);
    }
    int n = 0;
    while (n < max && sim->next_us <= now_us)
        take_sample(sim, &out[n++]);
    return n;
}

static void sim_close(struct plate *p)
{
    free(p);
}

struct plate_sim *plate_sim_new(const struct load_calibration *cal, uint32_t seed)
{
    struct plate_sim *sim = calloc(1, sizeof(*sim));
    if (!sim)
        return NULL;
    sim->port = (struct plate){.name = "plate-sim", .poll = sim_poll, .close = sim_close};
    sim->cal = *cal;
    sim->rng = seed;
    sim->left_pct = sim->want_left_pct = 50;
    return sim;
}

struct plate *plate_sim_port(struct plate_sim *sim)
{
    return &sim->port;
}

void plate_sim_set_person(struct plate_sim *sim, int32_t body_g, int64_t t_us)
{
    sim->want_person_g = body_g > 0 ? body_g : 0;
    schedule(sim, CHANGE_PERSON, sim->want_person_g, t_us);
}

void plate_sim_set_bar(struct plate_sim *sim, int32_t bar_g, int64_t t_us)
{
    sim->want_bar_g = bar_g > 0 ? bar_g : 0;
    schedule(sim, CHANGE_BAR, sim->want_bar_g, t_us);
}

void plate_sim_set_left_pct(struct plate_sim *sim, int left_pct, int64_t t_us)
{
    sim->want_left_pct = left_pct < 0 ? 0 : left_pct > 100 ? 100 : left_pct;
    schedule(sim, CHANGE_LEFT_PCT, sim->want_left_pct, t_us);
}

void plate_sim_set_dead(struct plate_sim *sim, enum plate_side side, bool dead)
{
    if ((unsigned)side < PLATE_SIDES)
        sim->dead[side] = dead;
}

int32_t plate_sim_person_g(const struct plate_sim *sim)
{
    return sim->want_person_g;
}

int32_t plate_sim_bar_g(const struct plate_sim *sim)
{
    return sim->want_bar_g;
}

int plate_sim_left_pct(const struct plate_sim *sim)
{
    return sim->want_left_pct;
}
