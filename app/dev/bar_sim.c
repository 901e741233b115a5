/*
 * Simulated bar unit. The bar's motion comes from the bar motion model (bar_model.h):
 * queued reps, unracking with a walk-out and reracking with an impact on the hooks,
 * each turned into a true trajectory with whip, sway and vibration; the unit on the
 * sleeve reads it at any mount roll with the ICM-42688-P's noise, bias drift, scale
 * errors and quantisation, as the generated test traces do (lost samples are a fault
 * injected on purpose here). Samples are framed with the firmware's framer and stamped with an MCU
 * clock the kiosk has to learn.
 */
#include "bar_sim.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../firmware/proto/framer.h"
#include "bar_model.h"

#define SIM_RATE_HZ    1000
#define SIM_PERIOD_US  (1000000 / SIM_RATE_HZ)
#define SIM_OUT_FRAMES 320 /* 1.28 s of 4-sample frames: a slow reader gets a backlog */
#define SIM_OUT_CAP    (SIM_OUT_FRAMES * BARPROTO_FRAME_SIZE)
/* The unit booted this long before it was plugged in, by its own clock. */
#define SIM_BOOT_US 3500000
/* The lifter and the unit behave like the generated "squat" condition. */
#define SIM_CONDITION "squat"
/* Motion further back than this is forgotten. */
#define SIM_KEEP_S 30.0
/* Faults. */
#define RUSHED_ECC_PCT 40
#define SWING_G        0.5

struct bar_sim {
    struct bar port; /* first: the port is the simulator */
    uint64_t rng[4]; /* garbage bytes */
    bool connected;
    char serial[24];       /* the simulated unit's, made from its seed like a real one's UID */
    int64_t t0_us;         /* kiosk time of the model's time 0 */
    int64_t mcu_offset_us; /* MCU clock = kiosk clock + this */
    struct framer framer;
    struct bar_model_set set;
    struct bar_model_plan plan;
    struct bar_model_imu imu;
    int64_t busy_until_us; /* end of the last queued movement */
    uint8_t out[SIM_OUT_CAP];
    size_t out_len;
    int garbage;
};

static double model_s(const struct bar_sim *sim, int64_t t_us)
{
    return (double)(t_us - sim->t0_us) / 1e6;
}

static int64_t kiosk_us(const struct bar_sim *sim, double t_s)
{
    return sim->t0_us + (int64_t)llround(t_s * 1e6);
}

/* Frames the next sample if it was taken by now_us; false when none is due yet. */
static bool generate_sample(struct bar_sim *sim, int64_t now_us)
{
    struct bar_model_sample taken;
    if (!bar_model_imu_next(&sim->imu, &sim->plan, model_s(sim, now_us), &taken))
        return false;
    struct barproto_sample s;
    memcpy(s.accel, taken.accel_raw, sizeof s.accel);
    memcpy(s.gyro, taken.gyro_raw, sizeof s.gyro);
    /* The unit stamps each sample on its sampling grid; lost ones leave a hole. */
    uint64_t mcu_us = (uint64_t)(kiosk_us(sim, taken.t_s) + sim->mcu_offset_us);
    uint8_t frame[BARPROTO_FRAME_SIZE];
    if (framer_push(&sim->framer, &s, mcu_us, frame)) {
        memcpy(sim->out + sim->out_len, frame, sizeof frame);
        sim->out_len += sizeof frame;
    }
    return true;
}

/* A fresh power-up: new MCU clock, seq from 0, nothing in flight, sampling from t_us. */
static void boot(struct bar_sim *sim, int64_t t_us)
{
    sim->mcu_offset_us = SIM_BOOT_US - t_us;
    sim->out_len = 0;
    sim->imu.k = (t_us - sim->t0_us + SIM_PERIOD_US - 1) / SIM_PERIOD_US;
    framer_init(&sim->framer, SIM_PERIOD_US, BAR_MODEL_ACCEL_FS_G, BAR_MODEL_GYRO_FS_DPS);
}

static int sim_read(struct bar *b, int64_t now_us, uint8_t *buf, size_t cap)
{
    struct bar_sim *sim = (struct bar_sim *)b;
    if (!sim->connected)
        return 0;
    /* A frame is ready once its last sample is taken; a slow reader gets a backlog. */
    while (sim->out_len + BARPROTO_FRAME_SIZE <= SIM_OUT_CAP && generate_sample(sim, now_us))
        ;
    bar_model_forget_before(&sim->plan, model_s(sim, now_us) - SIM_KEEP_S);

    size_t n = 0;
    while (sim->garbage > 0 && n < cap) {
        buf[n++] = (uint8_t)bar_model_rng_next(sim->rng);
        sim->garbage--;
    }
    size_t take = sim->out_len < cap - n ? sim->out_len : cap - n;
    memcpy(buf + n, sim->out, take);
    memmove(sim->out, sim->out + take, sim->out_len - take);
    sim->out_len -= take;
    return (int)(n + take);
}

int64_t bar_sim_next_frame_us(const struct bar_sim *sim)
{
    unsigned have = sim->framer.frame.count;
    unsigned need = have < BARPROTO_SAMPLES ? BARPROTO_SAMPLES - have : 1u;
    return kiosk_us(sim, bar_model_imu_next_t_s(&sim->imu)) + (int64_t)(need - 1u) * SIM_PERIOD_US;
}

static bool sim_connected(struct bar *b)
{
    return ((struct bar_sim *)b)->connected;
}

static void sim_unit(struct bar *b, char *out, size_t cap)
{
    struct bar_sim *sim = (struct bar_sim *)b;
    snprintf(out, cap, "%s", sim->connected ? sim->serial : "");
}

static void sim_close(struct bar *b)
{
    free(b);
}

struct bar_sim *bar_sim_new(uint32_t seed, int64_t t_us)
{
    const struct bar_model_condition *c = bar_model_condition_find(SIM_CONDITION);
    struct bar_sim *sim = calloc(1, sizeof *sim);
    if (!sim || !c) {
        free(sim);
        return NULL;
    }
    sim->port = (struct bar){
        .name = "simulated bar unit",
        .read = sim_read,
        .connected = sim_connected,
        .unit = sim_unit,
        .close = sim_close,
    };
    bar_model_rng_seed(sim->rng, seed);
    snprintf(sim->serial, sizeof sim->serial, "SIM%08" PRIX32, seed);
    sim->set = c->set;
    bar_model_plan_init(&sim->plan, sim->set.lift, seed);
    bar_model_plan_apply(&sim->plan, &sim->set);
    struct bar_model_sensor sensor = c->sensor;
    sensor.rate_hz = SIM_RATE_HZ;
    sensor.jitter_us = 0; /* stamps come from the unit's own sampling clock */
    /* A healthy unit on a cable loses nothing: losses are a fault, injected on purpose. */
    sensor.drop_pct = 0;
    sensor.gaps_per_min = 0;
    bar_model_imu_init(&sim->imu, &sensor, seed);
    sim->t0_us = t_us;
    sim->busy_until_us = t_us;
    sim->connected = true;
    boot(sim, t_us);
    return sim;
}

struct bar *bar_sim_port(struct bar_sim *sim)
{
    return &sim->port;
}

/* The model's rep for a cued tempo and style. */
static void make_rep(struct bar_sim *sim, enum bar_sim_rep style, const int tempo_ms[4],
                     int32_t depth_mm, struct bar_model_rep *r)
{
    double depth_m = depth_mm / 1000.0, con_s = tempo_ms[2] / 1000.0;
    if (style == BAR_SIM_REP_GRIND)
        con_s = con_s * BAR_SIM_GRIND_CON_PCT / 100;
    bar_model_rep_draw(sim->plan.rng, &sim->set, depth_m / (con_s > 0 ? con_s : 1), depth_m, r);
    r->rom_m = depth_m;
    r->ecc_s = tempo_ms[0] / 1000.0;
    r->bottom_s = tempo_ms[1] / 1000.0;
    r->con_s = con_s;
    r->top_s = tempo_ms[3] / 1000.0;
    if (style == BAR_SIM_REP_RUSHED) {
        r->ecc_s = r->ecc_s * RUSHED_ECC_PCT / 100;
        r->bottom_s = 0;
    }
    if (style == BAR_SIM_REP_SWING)
        r->swing_g = SWING_G;
    if (style == BAR_SIM_REP_RUSHED_TOP)
        r->top_s = r->top_s * BAR_SIM_RUSHED_TOP_PCT / 100;
}

static int64_t tempo_us(const struct bar_model_rep *r)
{
    return llround((r->ecc_s + r->bottom_s + r->con_s + r->top_s) * 1e6);
}

void bar_sim_rep(struct bar_sim *sim, enum bar_sim_rep style, const int tempo_ms[4],
                 int32_t depth_mm, int64_t t_us)
{
    struct bar_model_rep r;
    make_rep(sim, style, tempo_ms, depth_mm, &r);
    int64_t start = t_us > sim->busy_until_us ? t_us : sim->busy_until_us;
    if (bar_model_add_rep(&sim->plan, &r, model_s(sim, start)))
        sim->busy_until_us = start + tempo_us(&r);
}

/* After an unrack or rerack, busy until the bar has settled. */
static void moved(struct bar_sim *sim)
{
    int64_t end = kiosk_us(sim, sim->plan.end_s);
    if (end > sim->busy_until_us)
        sim->busy_until_us = end;
}

void bar_sim_unrack(struct bar_sim *sim, int64_t t_us)
{
    int64_t start = t_us > sim->busy_until_us ? t_us : sim->busy_until_us;
    if (bar_model_add_unrack(&sim->plan, model_s(sim, start)))
        moved(sim);
}

void bar_sim_rerack(struct bar_sim *sim, int64_t t_us)
{
    int64_t start = t_us > sim->busy_until_us ? t_us : sim->busy_until_us;
    if (bar_model_add_rerack(&sim->plan, model_s(sim, start)))
        moved(sim);
}

bool bar_sim_busy(const struct bar_sim *sim, int64_t t_us)
{
    return t_us < sim->busy_until_us;
}

void bar_sim_set_connected(struct bar_sim *sim, bool connected, int64_t t_us)
{
    if (connected && !sim->connected)
        boot(sim, t_us);
    if (!connected)
        sim->out_len = 0; /* the lifter keeps moving while unplugged: nothing is kept */
    sim->connected = connected;
}

void bar_sim_inject_gap(struct bar_sim *sim, int n)
{
    if (n > 0)
        sim->imu.gap_end = sim->imu.k + n;
}

void bar_sim_inject_garbage(struct bar_sim *sim, int n)
{
    if (n > 0)
        sim->garbage += n;
}
