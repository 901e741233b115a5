/*
 * Simulated bar unit: the bar motion model (bar_model.h) sampled like the ICM-42688-P
 * on the sleeve (1 kHz raw accelerometer and gyroscope counts, any mount roll, noise,
 * bias drift) and packed into wire frames with the firmware's own
 * encoder. Reps follow a tempo with realistic velocity shapes, whip after reversals and
 * hand sway; rushed and swinging reps are the faults the kiosk must catch. Unracking
 * walks the bar out, reracking walks it in and drops it on the hooks.
 */
#ifndef BAR_SIM_H
#define BAR_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "bar.h"

enum bar_sim_rep {
    BAR_SIM_REP_CLEAN,      /* at the given tempo */
    BAR_SIM_REP_RUSHED,     /* eccentric far faster than cued, no bottom pause */
    BAR_SIM_REP_SWING,      /* hips shoot: horizontal swing and bar rotation */
    BAR_SIM_REP_GRIND,      /* near failure: the lifting takes BAR_SIM_GRIND_CON_PCT of its cue */
    BAR_SIM_REP_RUSHED_TOP, /* at the tempo, but the top pause after the lift held only
                               BAR_SIM_RUSHED_TOP_PCT of its cue: the next rep goes down early */
};

#define BAR_SIM_GRIND_CON_PCT  250
#define BAR_SIM_RUSHED_TOP_PCT 30

struct bar_sim;

struct bar_sim *bar_sim_new(uint32_t seed, int64_t t_us);
struct bar *bar_sim_port(struct bar_sim *sim);

/* Queues one rep starting no earlier than t_us: tempo_ms = ecc, bottom, conc, top. */
void bar_sim_rep(struct bar_sim *sim, enum bar_sim_rep style, const int tempo_ms[4],
                 int32_t depth_mm, int64_t t_us);
/* Lifts the bar off the hooks and walks it out, no earlier than t_us. */
void bar_sim_unrack(struct bar_sim *sim, int64_t t_us);
/* Walks the bar in and sets it down on the hooks, no earlier than t_us. */
void bar_sim_rerack(struct bar_sim *sim, int64_t t_us);
/* True while queued reps (or an unrack or rerack) remain. */
bool bar_sim_busy(const struct bar_sim *sim, int64_t t_us);
/* When the frame being filled is complete (its last sample taken), on the kiosk clock:
 * a frame loop reading the simulator then reads it as a USB thread would be woken. */
int64_t bar_sim_next_frame_us(const struct bar_sim *sim);
void bar_sim_set_connected(struct bar_sim *sim, bool connected, int64_t t_us);
/* Fault injection: the next n samples are lost (a FIFO overflow in the unit). */
void bar_sim_inject_gap(struct bar_sim *sim, int n);
/* Fault injection: the next read starts with n bytes of garbage. */
void bar_sim_inject_garbage(struct bar_sim *sim, int n);

#endif
