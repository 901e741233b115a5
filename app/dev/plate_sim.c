#include <stdlib.h>
#include <string.h>

#include "plate_model.h"
#include "plate_sim.h"

#define PLATE_SIM_BACKLOG_US 2000000 /* older unread samples are lost, as in a full ring */
#define PLATE_SIM_PENDING    32
#define STEP_ON_US           1200000
#define STEP_OFF_US          1000000
#define UNRACK_US            2500000
#define RERACK_US            2000000
#define SHIFT_US             1000000
#define REP_DEPTH_M          0.45
#define PERCENT              100.0

struct plate_sim {
    struct plate port; /* first, so the port converts back to the simulator */
    struct plate_model model;
    struct plate_model_config cfg;
    bool started;
    struct plate_move pending[PLATE_SIM_PENDING]; /* asked for before the first poll */
    int n_pending;
    /* what the caller last asked for */
    int32_t want_person_g, want_bar_g;
    int want_left_pct;
    bool dead[PLATE_SIDES];
};

static void move(struct plate_sim *sim, struct plate_move mv)
{
    if (sim->started) {
        plate_model_move(&sim->model, &mv);
        return;
    }
    if (sim->n_pending < PLATE_SIM_PENDING)
        sim->pending[sim->n_pending++] = mv;
}

static int sim_poll(struct plate *p, int64_t now_us, struct plate_sample *out, int max)
{
    struct plate_sim *sim = (struct plate_sim *)p;
    if (!sim->started) {
        sim->started = true;
        plate_model_init(&sim->model, &sim->cfg, now_us);
        for (int i = 0; i < sim->n_pending; i++)
            plate_model_move(&sim->model, &sim->pending[i]);
        for (int side = 0; side < PLATE_SIDES; side++)
            plate_sim_set_dead(sim, (enum plate_side)side, sim->dead[side]);
    }
    struct plate_sample lost;
    while (now_us - sim->model.t_us > PLATE_SIM_BACKLOG_US)
        plate_model_sample(&sim->model, &lost, NULL);
    int n = 0;
    while (n < max && sim->model.t_us <= now_us)
        plate_model_sample(&sim->model, &out[n++], NULL);
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
    plate_model_defaults(&sim->cfg, seed, PLATE_SIM_RATE_HZ);
    sim->cfg.cal = *cal;
    /* the kiosk's clock and the samples' keep step, so a replay lines up */
    sim->cfg.clock_error = 0;
    sim->cfg.jitter_us = 0;
    sim->want_left_pct = 50;
    return sim;
}

struct plate *plate_sim_port(struct plate_sim *sim)
{
    return &sim->port;
}

void plate_sim_set_person(struct plate_sim *sim, int32_t body_g, int64_t t_us)
{
    body_g = body_g > 0 ? body_g : 0;
    if (body_g == sim->want_person_g)
        return;
    if (sim->want_person_g > 0) {
        if (sim->want_bar_g > 0)
            plate_sim_set_bar(sim, 0, t_us);
        move(sim,
             (struct plate_move){.kind = PLATE_MOVE_STEP_OFF, .t_us = t_us, .dur_us = STEP_OFF_US});
    }
    if (body_g > 0)
        move(sim, (struct plate_move){.kind = PLATE_MOVE_STEP_ON,
                                      .t_us = t_us,
                                      .dur_us = STEP_ON_US,
                                      .body_g = body_g,
                                      .left_frac = sim->want_left_pct / PERCENT});
    sim->want_person_g = body_g;
}

void plate_sim_set_bar(struct plate_sim *sim, int32_t bar_g, int64_t t_us)
{
    bar_g = bar_g > 0 ? bar_g : 0;
    if (bar_g == sim->want_bar_g || sim->want_person_g == 0)
        return; /* nobody to hold it */
    double left = sim->want_left_pct / PERCENT;
    if (sim->want_bar_g > 0)
        move(sim,
             (struct plate_move){
                 .kind = PLATE_MOVE_RERACK, .t_us = t_us, .dur_us = RERACK_US, .left_frac = left});
    if (bar_g > 0)
        move(sim, (struct plate_move){.kind = PLATE_MOVE_UNRACK,
                                      .t_us = t_us,
                                      .dur_us = UNRACK_US,
                                      .bar_g = bar_g,
                                      .left_frac = left});
    sim->want_bar_g = bar_g;
}

void plate_sim_set_left_pct(struct plate_sim *sim, int left_pct, int64_t t_us)
{
    sim->want_left_pct = left_pct < 0 ? 0 : left_pct > 100 ? 100 : left_pct;
    move(sim, (struct plate_move){.kind = PLATE_MOVE_SHIFT,
                                  .t_us = t_us,
                                  .dur_us = SHIFT_US,
                                  .left_frac = sim->want_left_pct / PERCENT});
}

void plate_sim_rep(struct plate_sim *sim, int down_ms, int pause_ms, int up_ms, int64_t t_us)
{
    if (sim->want_person_g == 0)
        return;
    move(sim, (struct plate_move){.kind = PLATE_MOVE_REP,
                                  .t_us = t_us,
                                  .down_us = (int64_t)down_ms * 1000,
                                  .pause_us = (int64_t)pause_ms * 1000,
                                  .up_us = (int64_t)up_ms * 1000,
                                  .depth_m = REP_DEPTH_M});
}

void plate_sim_set_dead(struct plate_sim *sim, enum plate_side side, bool dead)
{
    if ((unsigned)side >= PLATE_SIDES)
        return;
    sim->dead[side] = dead;
    plate_model_set_fault(&sim->model, side, dead ? PLATE_FAULT_DEAD : PLATE_FAULT_NONE);
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
