/*
 * A software GPIO chip for tests, behind struct gpio: named lines, two HX711s on a
 * shared SCK ("SCK") with DOUTs "DOUT_L" and "DOUT_R", a RATE line, and spare outputs
 * for the stack light. The model owns time: every line call takes MODEL_OP_US, waits
 * advance the clock, and nothing depends on the wall clock.
 *
 * Each HX711 converts its value every period (RATE high: 80/s, low: 10/s, unrequested:
 * the strap), drives DOUT low when data is ready, shifts a bit out on each SCK rising
 * edge, pulls DOUT high on the 25th pulse and takes the pulse count as the next gain.
 * SCK high over MODEL_POWER_DOWN_US powers it down; SCK low again resets it (gain 128,
 * data after settling). Faults: a dead DOUT (always high), a DOUT stuck low, random bit
 * flips on DOUT reads, a stall while SCK is high (a preempted thread) or every SCK high
 * too long (a clock too slow for the 50 us limit), every call failing (chip gone) and open
 * failing. Each conversion can carry noise and a drifting zero.
 *
 * The clock can be held at a limit: a wait that would pass it blocks until the test
 * moves the limit, so a reader thread can be stopped at an exact model time.
 */
#ifndef HX711_MODEL_H
#define HX711_MODEL_H

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../app/dev/gpio.h"
#include "../../app/dev/hx711.h"

#define MODEL_OP_US          1
#define MODEL_POWER_DOWN_US  60
#define MODEL_SETTLE_PERIODS 4
#define MODEL_GAIN_PULSES    25 /* 24 data + 1: channel A, gain 128 */
#define MODEL_MAX_PULSES     27
#define MODEL_SAFETY_S       10 /* a test waiting longer than this on the thread has failed */
#define MODEL_FREE           INT64_MAX

enum model_line_id {
    LINE_SCK,
    LINE_DOUT_L,
    LINE_DOUT_R,
    LINE_RATE,
    LINE_RED,
    LINE_AMBER,
    LINE_GREEN,
    LINE_BUZZER,
    MODEL_LINES
};

static const char *const model_line_names[MODEL_LINES] = {"SCK", "DOUT_L", "DOUT_R", "RATE",
                                                          "RED", "AMBER",  "GREEN",  "BUZZER"};

struct model_chip {
    int32_t value; /* what it converts, 24-bit signed */
    bool dead;
    bool stuck_low;
    double flip_p;             /* chance a DOUT read comes back inverted */
    double noise_counts;       /* each conversion's noise, one standard deviation */
    double drift_counts_per_s; /* the zero walking off as the cells warm */
    int64_t phase_us;          /* its conversions lag the other chip's by this much */
    bool powered_down;
    bool ready;      /* data waiting, DOUT low */
    int pulses;      /* SCK pulses in the current read */
    uint32_t word;   /* the conversion being shifted out */
    int last_pulses; /* pulses of the last finished read */
    int gain;        /* selected for the next conversion */
    int64_t next_conv_us;
    int reads;         /* finished reads (>= 25 pulses) */
    int partial_reads; /* reads cut off before 25 pulses */
    int power_downs;
};

struct model_line {
    bool requested;
    bool output;
    bool active_low;
    int level; /* physical level, 0 or 1 */
};

struct hx711_model {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    char label[32];
    int64_t now_us;
    int64_t limit_us;
    bool blocked; /* a wait is held at the limit */
    bool timed_out;
    int strap_hz; /* the rate when RATE is not driven */
    struct model_line lines[MODEL_LINES];
    struct model_chip chips[2];
    int64_t sck_high_us; /* when SCK last went high */
    int64_t stall_us;    /* added inside the next SCK high */
    int64_t slow_sck_us; /* added inside every SCK high: a clock too slow for the chip */
    int64_t longest_high_us;
    bool fail_ops;  /* every call fails: the chip is gone */
    bool fail_open; /* opening fails */
    int opens;
    uint64_t rng;
};

struct model_gpio {
    struct gpio base;
    struct hx711_model *m;
    int line[GPIO_LINES_MAX]; /* handle -> line, -1 free */
};

static inline uint64_t model_random(struct hx711_model *m)
{
    uint64_t z = (m->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline int model_period_us(const struct hx711_model *m)
{
    const struct model_line *rate = &m->lines[LINE_RATE];
    int hz = rate->requested ? (rate->level ? 80 : 10) : m->strap_hz;
    return 1000000 / hz;
}

static inline void model_restart(struct hx711_model *m, struct model_chip *c, int64_t t_us)
{
    c->powered_down = false;
    c->ready = false;
    c->pulses = 0;
    c->gain = 128;
    c->next_conv_us = t_us + (int64_t)MODEL_SETTLE_PERIODS * model_period_us(m) + c->phase_us;
}

static inline void model_init(struct hx711_model *m, int strap_hz, uint64_t seed)
{
    memset(m, 0, sizeof(*m));
    pthread_mutex_init(&m->mu, NULL);
    pthread_cond_init(&m->cv, NULL);
    snprintf(m->label, sizeof m->label, "model-gpio");
    m->limit_us = MODEL_FREE;
    m->strap_hz = strap_hz;
    m->rng = seed;
    m->now_us = 1000000; /* not zero, so a time of 0 stands out */
    m->chips[1].phase_us = 3000;
    for (int i = 0; i < 2; i++)
        model_restart(m, &m->chips[i], m->now_us);
}

static inline void model_destroy(struct hx711_model *m)
{
    pthread_cond_destroy(&m->cv);
    pthread_mutex_destroy(&m->mu);
}

/* What a conversion gives: the value, the drift so far and the noise, in 24 bits. */
static inline int32_t model_converted(struct hx711_model *m, const struct model_chip *c)
{
    double v = c->value + c->drift_counts_per_s * (double)(c->next_conv_us - 1000000) / 1e6;
    if (c->noise_counts > 0) { /* Box-Muller */
        double u1 = ((double)(model_random(m) >> 11) + 1) / (double)(1ull << 53);
        double u2 = (double)(model_random(m) >> 11) / (double)(1ull << 53);
        v += c->noise_counts * sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
    }
    return v > 0x7FFFFF ? 0x7FFFFF : v < -0x800000 ? -0x800000 : (int32_t)lround(v);
}

/* Conversions and power-down due by the model's current time. Called with mu held. */
static inline void model_advance(struct hx711_model *m)
{
    bool sck = m->lines[LINE_SCK].level;
    for (int i = 0; i < 2; i++) {
        struct model_chip *c = &m->chips[i];
        if (c->dead)
            continue;
        if (sck && !c->powered_down && m->now_us - m->sck_high_us > MODEL_POWER_DOWN_US) {
            c->powered_down = true;
            c->power_downs++;
            if (c->pulses > 0 && c->pulses < MODEL_GAIN_PULSES)
                c->partial_reads++;
            c->ready = false;
            c->pulses = 0;
        }
        while (!c->powered_down && c->next_conv_us <= m->now_us) {
            if (c->pulses >= MODEL_GAIN_PULSES) {
                c->last_pulses = c->pulses;
                c->gain = c->pulses == 25 ? 128 : c->pulses == 26 ? 32 : 64;
                c->reads++;
                c->pulses = 0;
            }
            if (c->pulses == 0) { /* a read in progress keeps its word */
                c->word = (uint32_t)model_converted(m, c) & 0xFFFFFFu;
                c->ready = true;
            }
            c->next_conv_us += model_period_us(m);
        }
    }
}

static inline void model_sck_edge(struct hx711_model *m, int level)
{
    if (level) {
        m->sck_high_us = m->now_us;
        for (int i = 0; i < 2; i++) {
            struct model_chip *c = &m->chips[i];
            if (c->dead || c->powered_down || (!c->ready && c->pulses == 0))
                continue;
            if (c->pulses < MODEL_MAX_PULSES)
                c->pulses++;
            if (c->pulses == MODEL_GAIN_PULSES)
                c->ready = false;
        }
        m->now_us += m->stall_us + m->slow_sck_us;
        m->stall_us = 0;
        return;
    }
    int64_t high_us = m->now_us - m->sck_high_us;
    if (high_us > m->longest_high_us)
        m->longest_high_us = high_us;
    for (int i = 0; i < 2; i++) {
        struct model_chip *c = &m->chips[i];
        if (!c->dead && c->powered_down)
            model_restart(m, c, m->now_us);
    }
}

static inline int model_dout(struct hx711_model *m, int chip)
{
    struct model_chip *c = &m->chips[chip];
    int v;
    if (c->dead || c->powered_down)
        v = 1;
    else if (c->stuck_low)
        v = 0;
    else if (c->pulses >= 1 && c->pulses <= 24)
        v = (int)((c->word >> (24 - c->pulses)) & 1u);
    else if (c->pulses >= MODEL_GAIN_PULSES)
        v = 1;
    else
        v = c->ready ? 0 : 1;
    if (c->flip_p > 0 && (double)(model_random(m) >> 11) / (double)(1ull << 53) < c->flip_p)
        v ^= 1;
    return v;
}

/* --- struct gpio --- */

static inline int model_line_of(struct model_gpio *g, int handle)
{
    if (handle < 0 || handle >= GPIO_LINES_MAX || g->line[handle] < 0)
        return -1;
    return g->line[handle];
}

static inline int model_request(struct gpio *gp, const char *name, enum gpio_dir dir,
                                unsigned flags, int value, char err[GPIO_ERR_MAX])
{
    struct model_gpio *g = (struct model_gpio *)gp;
    struct hx711_model *m = g->m;
    unsigned offset;
    int id = -1;
    if (gpio_parse_offset(name, &offset))
        id = offset < MODEL_LINES ? (int)offset : -1;
    for (int i = 0; id < 0 && i < MODEL_LINES; i++)
        if (strcmp(model_line_names[i], name) == 0)
            id = i;
    if (id < 0) {
        snprintf(err, GPIO_ERR_MAX, "no GPIO line named '%s' on chip '%s'", name, m->label);
        return -1;
    }
    int slot = 0;
    while (slot < GPIO_LINES_MAX && g->line[slot] >= 0)
        slot++;
    pthread_mutex_lock(&m->mu);
    if (m->fail_ops) {
        pthread_mutex_unlock(&m->mu);
        snprintf(err, GPIO_ERR_MAX, "cannot request GPIO line '%s' on chip '%s': %s", name,
                 m->label, strerror(ENODEV));
        return -1;
    }
    struct model_line *l = &m->lines[id];
    if (l->requested || slot == GPIO_LINES_MAX) {
        pthread_mutex_unlock(&m->mu);
        snprintf(err, GPIO_ERR_MAX, "GPIO line '%s' on chip '%s' is busy", name, m->label);
        return -1;
    }
    l->requested = true;
    l->output = dir == GPIO_OUTPUT;
    l->active_low = flags & GPIO_ACTIVE_LOW;
    if (l->output) {
        int level = (value ? 1 : 0) ^ l->active_low;
        if (id == LINE_SCK && level != l->level)
            model_sck_edge(m, level);
        l->level = level;
    }
    pthread_mutex_unlock(&m->mu);
    g->line[slot] = id;
    return slot;
}

static inline int model_get(struct gpio *gp, int handle)
{
    struct model_gpio *g = (struct model_gpio *)gp;
    struct hx711_model *m = g->m;
    int id = model_line_of(g, handle);
    pthread_mutex_lock(&m->mu);
    if (id < 0 || m->fail_ops) {
        pthread_mutex_unlock(&m->mu);
        errno = id < 0 ? EBADF : ENODEV;
        return -1;
    }
    m->now_us += MODEL_OP_US;
    model_advance(m);
    int level = id == LINE_DOUT_L   ? model_dout(m, 0)
                : id == LINE_DOUT_R ? model_dout(m, 1)
                                    : m->lines[id].level;
    int v = level ^ m->lines[id].active_low;
    pthread_mutex_unlock(&m->mu);
    return v;
}

static inline int model_set(struct gpio *gp, int handle, int value)
{
    struct model_gpio *g = (struct model_gpio *)gp;
    struct hx711_model *m = g->m;
    int id = model_line_of(g, handle);
    pthread_mutex_lock(&m->mu);
    int e = id < 0 ? EBADF : m->fail_ops ? ENODEV : !m->lines[id].output ? EPERM : 0;
    if (e) {
        pthread_mutex_unlock(&m->mu);
        errno = e;
        return -1;
    }
    m->now_us += MODEL_OP_US;
    model_advance(m);
    struct model_line *l = &m->lines[id];
    int level = (value ? 1 : 0) ^ l->active_low;
    if (id == LINE_SCK && level != l->level) {
        l->level = level;
        model_sck_edge(m, level);
    }
    l->level = level;
    pthread_mutex_unlock(&m->mu);
    return 0;
}

static inline void model_release(struct gpio *gp, int handle)
{
    struct model_gpio *g = (struct model_gpio *)gp;
    int id = model_line_of(g, handle);
    if (id < 0)
        return;
    pthread_mutex_lock(&g->m->mu);
    g->m->lines[id].requested = false; /* the level stays, as the kernel leaves it */
    pthread_mutex_unlock(&g->m->mu);
    g->line[handle] = -1;
}

static inline void model_close(struct gpio *gp)
{
    for (int i = 0; i < GPIO_LINES_MAX; i++)
        model_release(gp, i);
    free(gp);
}

/* gpio_open_fn: the model is the chip labelled m->label. */
static inline struct gpio *model_open(void *ctx, const char *chip_label, char err[GPIO_ERR_MAX])
{
    struct hx711_model *m = ctx;
    pthread_mutex_lock(&m->mu);
    bool fail = m->fail_open;
    m->opens++;
    pthread_mutex_unlock(&m->mu);
    if (fail || strcmp(chip_label, m->label) != 0) {
        snprintf(err, GPIO_ERR_MAX, "no GPIO chip labelled '%s'; chips here: %s", chip_label,
                 fail ? "none" : m->label);
        return NULL;
    }
    struct model_gpio *g = calloc(1, sizeof(*g));
    if (!g)
        return NULL;
    g->m = m;
    for (int i = 0; i < GPIO_LINES_MAX; i++)
        g->line[i] = -1;
    g->base = (struct gpio){.label = m->label,
                            .request = model_request,
                            .get = model_get,
                            .set = model_set,
                            .release = model_release,
                            .close = model_close};
    return &g->base;
}

/* --- struct gpio_clock --- */

static inline int64_t model_now_us(void *ctx)
{
    struct hx711_model *m = ctx;
    pthread_mutex_lock(&m->mu);
    int64_t t = m->now_us;
    pthread_mutex_unlock(&m->mu);
    return t;
}

static inline void model_wait_us(void *ctx, int64_t us)
{
    struct hx711_model *m = ctx;
    pthread_mutex_lock(&m->mu);
    while (m->now_us + us > m->limit_us && !m->timed_out) {
        m->blocked = true;
        pthread_cond_broadcast(&m->cv);
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += MODEL_SAFETY_S;
        if (pthread_cond_timedwait(&m->cv, &m->mu, &ts) == ETIMEDOUT)
            m->timed_out = true; /* the test forgot the thread: let it run, the test fails */
    }
    m->blocked = false;
    m->now_us += us > 0 ? us : 0;
    model_advance(m);
    pthread_mutex_unlock(&m->mu);
}

static inline struct gpio_clock model_clock(struct hx711_model *m)
{
    return (struct gpio_clock){.now_us = model_now_us, .wait_us = model_wait_us, .ctx = m};
}

/*
 * Lets the clock run to limit_us and waits (in real time, at most MODEL_SAFETY_S) until
 * a reader thread is held there. Returns false when it never got there.
 */
static inline bool model_run_until(struct hx711_model *m, int64_t limit_us)
{
    pthread_mutex_lock(&m->mu);
    m->limit_us = limit_us;
    m->blocked = false;
    pthread_cond_broadcast(&m->cv);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += MODEL_SAFETY_S;
    int rc = 0;
    while (!m->blocked && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&m->cv, &m->mu, &ts);
    bool ok = m->blocked;
    pthread_mutex_unlock(&m->mu);
    return ok;
}

/* Lets the clock run free: what a test does before closing a thread it held. */
static inline void model_free_run(struct hx711_model *m)
{
    pthread_mutex_lock(&m->mu);
    m->limit_us = MODEL_FREE;
    pthread_cond_broadcast(&m->cv);
    pthread_mutex_unlock(&m->mu);
}

/* Changes under the lock, as the reader thread may be running. */
#define MODEL_LOCKED(m, stmt)                                                                      \
    do {                                                                                           \
        pthread_mutex_lock(&(m)->mu);                                                              \
        stmt;                                                                                      \
        pthread_mutex_unlock(&(m)->mu);                                                            \
    } while (0)

#endif
