/*
 * Simulated load-cell plate: raw HX711 counts per side at 80 samples/s from the plate
 * model (plate_model.h), so the kiosk sees what a real plate gives: a person who sways,
 * steps on one foot at a time, walks the bar out, swings the load in a rep; noise, a zero
 * that is off and drifts, creep and single-sample glitches.
 *
 * Sampling starts at the first poll; a poll returns the samples due since the last one
 * (up to max, the rest wait), and samples left unread for over 2 s are lost as in a full
 * ring. Everything comes from the seed, so a run replays exactly. Changes are moves that
 * take their time (a step on 1.2 s, an unrack 2.5 s, a rerack 2 s); one asked for while
 * another is under way follows it. A dead side reads as an HX711 that never went ready:
 * its ok bit is 0.
 */
#ifndef PLATE_SIM_H
#define PLATE_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "plate.h"

#define PLATE_SIM_RATE_HZ 80

struct plate_sim;

struct plate_sim *plate_sim_new(const struct load_calibration *cal, uint32_t seed);
struct plate *plate_sim_port(struct plate_sim *sim);

/* What is on the plate from t_us on. */
void plate_sim_set_person(struct plate_sim *sim, int32_t body_g, int64_t t_us); /* 0: off */
void plate_sim_set_bar(struct plate_sim *sim, int32_t bar_g, int64_t t_us);     /* 0: racked */
void plate_sim_set_left_pct(struct plate_sim *sim, int left_pct, int64_t t_us); /* 50: even */
/* A rep from t_us: down, pause and up in ms; the load swings by (body + bar) a / g. */
void plate_sim_rep(struct plate_sim *sim, int down_ms, int pause_ms, int up_ms, int64_t t_us);
/* Fault injection: a side whose DOUT never goes ready. */
void plate_sim_set_dead(struct plate_sim *sim, enum plate_side side, bool dead);

int32_t plate_sim_person_g(const struct plate_sim *sim);
int32_t plate_sim_bar_g(const struct plate_sim *sim);
int plate_sim_left_pct(const struct plate_sim *sim);

#endif
