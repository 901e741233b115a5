/*
 * Velocity readiness (issue 9): the lifter's usual mean concentric velocity at a load,
 * from their own load-velocity points, for the rule to compare today's last ramp set with
 * (progression_input.ramp_vel_mmps / usual_vel_mmps; off while rules.readiness_drop_pct
 * is 0). Pure.
 */
#ifndef READINESS_H
#define READINESS_H

#include <stddef.h>
#include <stdint.h>

#include "progression.h"

/*
 * The usual velocity at load_g, mm/s, from the clean, unstopped sets with a velocity
 * before today and within rules.best_window_days: the mean of the points within
 * rules.readiness_near_pct of the load; else the least-squares line through at least
 * rules.readiness_min_points points spread over rules.readiness_spread_pct of load, when
 * it falls with load as a lift's does; else 0 (the history cannot say, so no check).
 */
int readiness_usual_mmps(const struct rules *rules, const struct set_record *sets, size_t n,
                         int64_t today, int32_t load_g);

#endif
