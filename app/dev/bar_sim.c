/*
 * Simulated bar unit. The motion model gives the bar's height as a smooth cosine
 * profile per phase; its second derivative plus gravity is what the accelerometer
 * sees, along the vertical of a unit mounted slightly askew with a small bias and
 * noise. Samples are quantised like the ICM-42688-P at +-16 g / +-2000 dps and framed
 * with the firmware's framer, stamped with an MCU clock the kiosk has to learn.
 */
#include "bar_sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../firmware/proto/framer.h"

#define SIM_PERIOD_US   1000
#define SIM_ACCEL_FS_G  16
#define SIM_GYRO_FS_DPS 2000
#define SIM_RAW_FULL    32768.0
#define SIM_QUEUE_MAX   64
#define SIM_OUT_FRAMES  64
#define SIM_OUT_CAP     (SIM_OUT_FRAMES * BARPROTO_FRAME_SIZE)
/* The unit booted this long before it was plugged in, by its own clock. */
#define SIM_BOOT_US 3500000
#define G_MPS2      9.80665
#define PI          3.14159265358979323846
/* Sensor noise (rms) and a mounting a couple of degrees off the vertical, with bias. */
#define ACCEL_NOISE_G  0.003
#define GYRO_NOISE_DPS 0.1
#define MOUNT_TILT_X   0.03
#define MOUNT_TILT_Y   (-0.02)
#define ACCEL_BIAS_X_G 0.004
#define ACCEL_BIAS_Y_G (-0.002)
#define ACCEL_BIAS_Z_G 0.006
/* Faults. */
#define RUSHED_ECC_PCT 40
#define SWING_HORIZ_G  0.5
#define SWING_GYRO_DPS 90.0
#define SWING_HZ       1.5

struct sim_rep {
    enum bar_sim_rep style;
    int64_t phase_us[4]; /* eccentric, bottom, concentric, top */
    double depth_m;
    int64_t t_req_us;
};

struct bar_sim {
    struct bar port; /* first: the port is the simulator */
    uint64_t rng;
    bool have_spare;
    double spare;
    bool connected;
    int64_t mcu_offset_us; /* MCU clock = kiosk clock + this */
    int64_t gen_t_us;      /* kiosk time of the next sample to generate */
    struct framer framer;
    struct sim_rep queue[SIM_QUEUE_MAX];
    int head, count;
    int64_t prev_end_us; /* end of the last rep that finished */
    double up[3];        /* the vertical in the unit's body frame */
    uint8_t out[SIM_OUT_CAP];
    size_t out_len;
    int garbage;
};

/* xorshift64*: small, fast and deterministic for a given seed. */
static uint64_t rng_next(struct bar_sim *sim)
{
    sim->rng ^= sim->rng >> 12;
    sim->rng ^= sim->rng << 25;
    sim->rng ^= sim->rng >> 27;
    return sim->rng * 0x2545F4914F6CDD1DULL;
}

static double rng_uniform(struct bar_sim *sim)
{
    return ((double)(rng_next(sim) >> 11) + 0.5) / 9007199254740992.0; /* (0, 1) */
}

/* Standard normal by Box-Muller. */
static double rng_gauss(struct bar_sim *sim)
{
    if (sim->have_spare) {
        sim->have_spare = false;
        return sim->spare;
    }
    double r = sqrt(-2.0 * log(rng_uniform(sim)));
    double th = 2.0 * PI * rng_uniform(sim);
    sim->spare = r * sin(th);
    sim->have_spare = true;
    return r * cos(th);
}

static int64_t rep_start(const struct bar_sim *sim, int i, int64_t prev_end_us)
{
    const struct sim_rep *r = &sim->queue[(sim->head + i) % SIM_QUEUE_MAX];
    return r->t_req_us > prev_end_us ? r->t_req_us : prev_end_us;
}

static int64_t rep_length(const struct sim_rep *r)
{
    return r->phase_us[0] + r->phase_us[1] + r->phase_us[2] + r->phase_us[3];
}

struct motion {
    double vert_mps2; /* up positive */
    double horiz_g;   /* across the bar */
    double gyro_dps[3];
};

/* Half-cosine move of dist_m in dur_us: acceleration at rel_us into it. */
static double cosine_accel(double dist_m, int64_t dur_us, int64_t rel_us)
{
    double dur_s = (double)dur_us / 1e6;
    double w = PI / dur_s;
    return dist_m / 2.0 * w * w * cos(w * (double)rel_us / 1e6);
}

static void rep_motion(const struct sim_rep *r, int64_t rel_us, struct motion *m)
{
    const int64_t *ph = r->phase_us;
    if (rel_us < ph[0]) {
        m->vert_mps2 = -cosine_accel(r->depth_m, ph[0], rel_us);
        return;
    }
    rel_us -= ph[0] + ph[1];
    if (rel_us < 0 || rel_us >= ph[2])
        return; /* pausing */
    m->vert_mps2 = cosine_accel(r->depth_m, ph[2], rel_us);
    if (r->style == BAR_SIM_REP_SWING) {
        /* Hips shoot: the bar swings and rolls, fading in and out over the lift. */
        double t_s = (double)rel_us / 1e6;
        double window = sin(PI * (double)rel_us / (double)ph[2]);
        double osc = sin(2.0 * PI * SWING_HZ * t_s) * window;
        m->horiz_g = SWING_HORIZ_G * osc;
        m->gyro_dps[0] = SWING_GYRO_DPS * osc;
        m->gyro_dps[2] = 0.3 * SWING_GYRO_DPS * osc;
    }
}

/* Motion at kiosk time t_us; finished reps leave the queue. */
static void motion_at(struct bar_sim *sim, int64_t t_us, struct motion *m)
{
    memset(m, 0, sizeof *m);
    while (sim->count > 0) {
        const struct sim_rep *r = &sim->queue[sim->head];
        int64_t start = rep_start(sim, 0, sim->prev_end_us);
        if (t_us < start)
            return;
        if (t_us < start + rep_length(r)) {
            rep_motion(r, t_us - start, m);
            return;
        }
        sim->prev_end_us = start + rep_length(r);
        sim->head = (sim->head + 1) % SIM_QUEUE_MAX;
        sim->count--;
    }
}

static int16_t quantise(double value, double full_scale)
{
    double raw = round(value * SIM_RAW_FULL / full_scale);
    if (raw > INT16_MAX)
        return INT16_MAX;
    if (raw < INT16_MIN)
        return INT16_MIN;
    return (int16_t)raw;
}

static void generate_sample(struct bar_sim *sim)
{
    struct motion m;
    motion_at(sim, sim->gen_t_us, &m);
    double along = 1.0 + m.vert_mps2 / G_MPS2;
    const double bias[3] = {ACCEL_BIAS_X_G, ACCEL_BIAS_Y_G, ACCEL_BIAS_Z_G};
    const double across[3] = {0, 1, 0};
    struct barproto_sample s;
    for (int a = 0; a < 3; a++) {
        double acc =
            along * sim->up[a] + m.horiz_g * across[a] + bias[a] + ACCEL_NOISE_G * rng_gauss(sim);
        double gyro = m.gyro_dps[a] + GYRO_NOISE_DPS * rng_gauss(sim);
        s.accel[a] = quantise(acc, SIM_ACCEL_FS_G);
        s.gyro[a] = quantise(gyro, SIM_GYRO_FS_DPS);
    }
    uint8_t frame[BARPROTO_FRAME_SIZE];
    uint64_t mcu_us = (uint64_t)(sim->gen_t_us + sim->mcu_offset_us);
    if (framer_push(&sim->framer, &s, mcu_us, frame)) {
        memcpy(sim->out + sim->out_len, frame, sizeof frame);
        sim->out_len += sizeof frame;
    }
    sim->gen_t_us += SIM_PERIOD_US;
}

/* A fresh power-up: new MCU clock, seq from 0, nothing in flight. */
static void boot(struct bar_sim *sim, int64_t t_us)
{
    sim->mcu_offset_us = SIM_BOOT_US - t_us;
    sim->gen_t_us = t_us;
    sim->out_len = 0;
    framer_init(&sim->framer, SIM_PERIOD_US, SIM_ACCEL_FS_G, SIM_GYRO_FS_DPS);
}

static int sim_read(struct bar *b, int64_t now_us, uint8_t *buf, size_t cap)
{
    struct bar_sim *sim = (struct bar_sim *)b;
    if (!sim->connected)
        return 0;
    /* A frame is ready once its last sample is taken; a slow reader gets a backlog. */
    while (sim->gen_t_us <= now_us && sim->out_len + BARPROTO_FRAME_SIZE <= SIM_OUT_CAP)
        generate_sample(sim);

    size_t n = 0;
    while (sim->garbage > 0 && n < cap) {
        buf[n++] = (uint8_t)rng_next(sim);
        sim->garbage--;
    }
    size_t take = sim->out_len < cap - n ? sim->out_len : cap - n;
    memcpy(buf + n, sim->out, take);
    memmove(sim->out, sim->out + take, sim->out_len - take);
    sim->out_len -= take;
    return (int)(n + take);
}

static bool sim_connected(struct bar *b)
{
    return ((struct bar_sim *)b)->connected;
}

static void sim_close(struct bar *b)
{
    free(b);
}

struct bar_sim *bar_sim_new(uint32_t seed, int64_t t_us)
{
    struct bar_sim *sim = calloc(1, sizeof *sim);
    if (!sim)
        return NULL;
    sim->port = (struct bar){
        .name = "simulated bar unit",
        .read = sim_read,
        .connected = sim_connected,
        .close = sim_close,
    };
    /* splitmix64 spreads any seed, including 0, into a valid xorshift state. */
    uint64_t z = (uint64_t)seed + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    sim->rng = (z ^ (z >> 31)) | 1u;
    double up[3] = {MOUNT_TILT_X, MOUNT_TILT_Y, 1.0};
    double norm = sqrt(up[0] * up[0] + up[1] * up[1] + up[2] * up[2]);
    for (int a = 0; a < 3; a++)
        sim->up[a] = up[a] / norm;
    sim->connected = true;
    sim->prev_end_us = t_us;
    boot(sim, t_us);
    return sim;
}

struct bar *bar_sim_port(struct bar_sim *sim)
{
    return &sim->port;
}

void bar_sim_rep(struct bar_sim *sim, enum bar_sim_rep style, const int tempo_ms[4],
                 int32_t depth_mm, int64_t t_us)
{
    if (sim->count == SIM_QUEUE_MAX)
        return;
    struct sim_rep *r = &sim->queue[(sim->head + sim->count) % SIM_QUEUE_MAX];
    r->style = style;
    r->depth_m = depth_mm / 1000.0;
    r->t_req_us = t_us;
    for (int i = 0; i < 4; i++)
        r->phase_us[i] = (int64_t)tempo_ms[i] * 1000;
    if (style == BAR_SIM_REP_RUSHED) {
        r->phase_us[0] = r->phase_us[0] * RUSHED_ECC_PCT / 100;
        r->phase_us[1] = 0;
    }
    sim->count++;
}

bool bar_sim_busy(const struct bar_sim *sim, int64_t t_us)
{
    int64_t end = sim->prev_end_us;
    for (int i = 0; i < sim->count; i++) {
        int64_t start = rep_start(sim, i, end);
        end = start + rep_length(&sim->queue[(sim->head + i) % SIM_QUEUE_MAX]);
    }
    return t_us < end;
}

void bar_sim_set_connected(struct bar_sim *sim, bool connected, int64_t t_us)
{
    if (connected && !sim->connected)
        boot(sim, t_us);
    if (!connected) {
        /* The lifter keeps moving while unplugged: drop the motion already past. */
        struct motion m;
        motion_at(sim, t_us, &m);
        sim->out_len = 0;
    }
    sim->connected = connected;
}

void bar_sim_inject_garbage(struct bar_sim *sim, int n)
{
    if (n > 0)
        sim->garbage += n;
}
