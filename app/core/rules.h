/*
 * Every number the rules use, with the defaults from DESIGN.md. The config file
 * (app/config.c) overrides them; the core never reads a file.
 */
#ifndef RULES_H
#define RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "plates.h"

#define RULES_RED_FLAGS 5

struct rules {
    /* check-in */
    int pain_no_lift_min; /* pain at or above: no lifting today (6) */
    int pain_cap_min;     /* pain at or above: no increase, cap at pain_cap_pct (4) */
    int pain_cap_pct;     /* 90 */

    /* warm-up */
    int64_t warmup_min_us; /* at least 3 minutes */

    /* idle logout */
    int64_t idle_after_us;     /* 90 s without plate load or touch */
    int64_t idle_countdown_us; /* then a 20 s countdown */

    /* rest between sets */
    int64_t rest_us; /* 120 s */

    /* tempo: eccentric, bottom pause, concentric, top pause, milliseconds (3-1-2-0) */
    int tempo_ms[4];
    int rushed_pct;          /* eccentric under this % of target is rushed (70) */
    int phase_threshold_pct; /* a phase runs while speed > this % of its peak (5) */
    int velocity_loss_pct;   /* flag when a rep's mean concentric velocity drops by more (30) */
    int momentum_horiz_mg;   /* horizontal acceleration beyond this is swing (350 mg) */
    int momentum_gyro_dps; /* bar rotation (roll in the hands excluded) beyond this is swing (60) */
    int momentum_bounce_pct; /* upward accel at the bottom turning point beyond this % of g (30) */
    int tilt_max_cdeg;       /* bar tilt, one side lower, beyond this is asymmetry (500 = 5 deg) */
    int rep_min_rom_mm;      /* less travel than this is not a rep (walk-out, rerack) (120) */
    int asymmetry_pct;       /* left/right split beyond 50 +/- this (10 -> 60/40) */

    /* load */
    int32_t empty_bar_g; /* 20000 */
    /* the smallest progression step, per rack unit in thousandths of it ([rules]
     * smallest_step): 2500 on a kilogram rack (2.5 kg), 5000 on a pound rack (5 lb) */
    int32_t smallest_step_mu[2];
    int32_t smallest_step_g; /* the one for the plates' unit, to the gram (rules_use_plates) */
    /* the largest steps, per rack unit in thousandths of it ([rules] step_lower_max,
     * step_upper_max): 5 kg / 2.5 kg, and on a pound rack 10 lb / 5 lb (DESIGN's 11.02 lb
     * and 5.51 lb down to what pound plates step by, never a bigger jump) */
    int32_t step_lower_max_mu[2];
    int32_t step_upper_max_mu[2];
    int32_t step_lower_max_g; /* the plates' unit's, to the gram (rules_use_plates) */
    int32_t step_upper_max_g;
    int step_pct;              /* 5 % of B */
    int32_t overload_margin_g; /* measured load may exceed the cap by this (noise) */
    int32_t unrack_min_g;      /* plate load above body weight that means "bar held" */
    /* the plate's stable window ([plate] stable_*): a load is stable while, over the last
     * load_window_us, the total moves less than load_sway_permille of it (at least
     * load_stable_g) and each side less than load_side_permille of it (a foot leaving) */
    int64_t load_window_us; /* 0.4 s */
    int32_t load_stable_g;  /* 400 g: the band on a light load */
    int load_sway_permille; /* 30: a person's sway moves the total by up to ~2 % */
    int load_side_permille; /* 150: and the split by several points; a step by ~50 */

    /* progression windows */
    int best_window_days; /* 56: B is the heaviest clean set in this window */
    int stand_days;       /* 7: B must stand this long before a step */
    int recent_days;      /* 14: never more than two steps above the best of these */
    int away_short_days;  /* 15..28 away: 90 % of B */
    int away_long_days;   /* > 28 away: 80 % of B */
    int away_short_pct;
    int away_long_pct;
    int recent_limit_steps; /* 2: steps allowed over the best of the recent window */
    /* 2-for-2: a step only after two sessions in a row whose last set went this many reps
     * over target (0: off, the gym's choice) */
    int two_for_two_reps;

    /* velocity readiness: the last ramp set this % slower than usual at that load -> no
     * step today (0: off until the bar's velocity is trusted) */
    int readiness_drop_pct;
    /* the usual velocity at a load: the mean of the points within readiness_near_pct of
     * it, else a line through at least readiness_min_points spread over
     * readiness_spread_pct of load (readiness.h) */
    int readiness_near_pct;   /* 5 */
    int readiness_spread_pct; /* 10 */
    int readiness_min_points; /* 3 */

    /* the enrolment screen is asked again once the last answers are this old (182) */
    int screening_valid_days;

    /* the rack's bar and plates: caps, ramp sets and overrides are loads these make */
    struct plate_set plates;

    /* trainer */
    int pin_digits;                /* 4 */
    int64_t trainer_idle_us;       /* the trainer's screens log out after this idle (60 s) */
    int pin_lockout_tries;         /* wrong PINs at this kiosk that lock trainer access (5) */
    int64_t pin_lockout_window_us; /* ... within this long (15 min) */
    int64_t pin_lockout_us;        /* ... for this long (5 min) */

    /* decisions that hold for the gym's day */
    int day_start_min;        /* the gym's day starts this many minutes after midnight (240) */
    int64_t warmup_valid_us;  /* a warm-up done this recently counts on coming back (1 h) */
    int64_t abandon_after_us; /* a set with no movement and nobody lifting ends (60 s) */
};

void rules_default(struct rules *r);
/* After a new plate set: the bar, the smallest and the largest steps the rest of the
 * rules read follow it (a step is at least the smallest step in the plates' unit and at least what
 * the plates can add). */
void rules_use_plates(struct rules *r, const struct plate_set *ps);
/*
 * An exercise's largest step on this rack, in grams: its own in the plates' unit
 * (exercise_mu, thousandths of each rack unit, 0: not given), else its own in the other
 * unit rounded down to a whole pound or half kilogram, else the body half's.
 */
int32_t rules_step_max_g(const struct rules *r, const int32_t exercise_mu[2], bool upper_body);

#endif
