/*
 * Simulated load-cell plate: yields raw HX711 counts per side at 80 samples/s from
 * what stands on it, with the noise and settling a real plate shows.
 *
 * Sampling starts at the first poll; a poll returns the samples due since the last
 * one (up to max, the rest wait), and samples left unread for over 2 s are lost as in a
 * full ring. Noise comes from a PRNG seeded by seed, so a run replays exactly.
 * Both the person and the bar split left/right by left_pct. A dead side reads as an
 * HX711 that never went ready: its ok bit is 0.
 */
#ifndef PLATE_SIM_H
#define PLATE_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "plate.h"

struct plate_sim;

struct plate_sim *plate_sim_new(const struct load_calibration *cal, uint32_t seed);
struct plate *plate_sim_port(struct plate_sim *sim);

/* What is on the plate from t_us on. Loads settle over a few hundred ms. */
void plate_sim_set_person(struct plate_sim *sim, int32_t body_g, int64_t t_us); /* 0: off */
void plate_sim_set_bar(struct plate_sim *sim, int32_t bar_g, int64_t t_us);     /* 0: racked */
void plate_sim_set_left_pct(struct plate_sim *sim, int left_pct, int64_t t_us); /* 50: even */
/* Fault injection: a side whose DOUT never goes ready. */
void plate_sim_set_dead(struct plate_sim *sim, enum plate_side side, bool dead);

int32_t plate_sim_person_g(const struct plate_sim *sim);
int32_t plate_sim_bar_g(const struct plate_sim *sim);
int plate_sim_left_pct(const struct plate_sim *sim);

#endif
