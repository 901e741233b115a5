/*
 * Which plates go on each side of a bar for a target load, from a rack's plate set; what is
 * left over when the plates cannot make the load exactly. Pure: no I/O, no clock.
 */
#ifndef PLATE_LOADING_H
#define PLATE_LOADING_H

#include <stdbool.h>
#include <stdint.h>

#include "plates.h"

#define PLATE_KINDS_MAX   12
#define PLATE_LOADING_MAX 24 /* plates on one side, at most */

/* A rack's plates: weights heaviest first, and how many pairs of each (0: as many as needed).
 * On a pound rack the plates are counted in thousandths of a pound (plates.h), so 0.5 lb
 * plates (227 g to the gram) make 46 lb on a 45 lb bar (20865 g) exactly. */
struct loading_plates {
    enum rack_unit unit; /* RACK_KG (0) unless the rack's set says */
    int n;
    int32_t g[PLATE_KINDS_MAX];
    int pairs[PLATE_KINDS_MAX];
};

/* The usual kilogram set: 25, 20, 15, 10, 5, 2.5 and 1.25 kg, enough of each. */
void plate_set_default_kg(struct loading_plates *ps);
/* The rack's plates (config, kg or lb, in any order) heaviest first, with their pairs; kinds
 * past PLATE_KINDS_MAX are left out (the lightest, as the rack's set holds no more). */
void plate_loading_plates_from(struct loading_plates *out, const struct plate_set *rack);

struct plate_loading {
    int n;                       /* plates on each side */
    int kind[PLATE_LOADING_MAX]; /* index into the plate set, heaviest first (bar outward) */
    int32_t made_g;              /* bar and plates: what the bar will weigh */
    int32_t remainder_g;         /* target - made_g: > 0 when the plates cannot make it */
    bool below_bar;              /* the target is lighter than the empty bar */
};

/*
 * Loads the bar of bar_g toward target_g with the heaviest plates first, never above the
 * target (a cap must not be exceeded). 0 on success, -1 when the plate set is invalid
 * (weights not heaviest first, not positive, or more kinds than PLATE_KINDS_MAX).
 */
int plate_loading_for(const struct loading_plates *ps, int32_t bar_g, int32_t target_g,
                      struct plate_loading *out);

/*
 * What a plate reading of measured_g most likely is on this rack: the nearest load the bar
 * and plates make when it lies within tol_g of one (a 20 kg bar read as 19.9 kg is the
 * 20 kg bar), else measured_g itself. Never changes a reading by more than tol_g.
 */
int32_t plate_loading_snap_g(const struct loading_plates *ps, int32_t bar_g, int32_t measured_g,
                             int32_t tol_g);

#endif
