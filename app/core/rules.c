#include "rules.h"

void rules_default(struct rules *r)
{
    *r = (struct rules){
        .pain_no_lift_min = 6,
        .pain_cap_min = 4,
        .pain_cap_pct = 90,
        .warmup_min_us = 180 * 1000000LL,
        .idle_after_us = 90 * 1000000LL,
        .idle_countdown_us = 20 * 1000000LL,
        .rest_us = 120 * 1000000LL,
        .tempo_ms = {3000, 1000, 2000, 0},
        .rushed_pct = 70,
        .phase_threshold_pct = 5,
        .velocity_loss_pct = 30,
        .momentum_horiz_mg = 350,
        .momentum_gyro_dps = 60,
        .momentum_bounce_pct = 30,
        .tilt_max_cdeg = 500,
        .rep_min_rom_mm = 120,
        .asymmetry_pct = 10,
        .empty_bar_g = 20000,
        .smallest_step_mu = {[RACK_KG] = 2500, [RACK_LB] = 5000},
        .smallest_step_g = 2500,
        .step_lower_max_mu = {[RACK_KG] = 5000, [RACK_LB] = 10000},
        .step_upper_max_mu = {[RACK_KG] = 2500, [RACK_LB] = 5000},
        .step_lower_max_g = 5000,
        .step_upper_max_g = 2500,
        .step_pct = 5,
        .overload_margin_g = 1000,
        .unrack_min_g = 10000,
        .load_window_us = 400000,
        .load_stable_g = 400,
        .load_sway_permille = 30,
        .load_side_permille = 150,
        .best_window_days = 56,
        .stand_days = 7,
        .recent_days = 14,
        .away_short_days = 15,
        .away_long_days = 28,
        .away_short_pct = 90,
        .away_long_pct = 80,
        .recent_limit_steps = 2,
        .two_for_two_reps = 0,
        .readiness_drop_pct = 0,
        .readiness_near_pct = 5,
        .readiness_spread_pct = 10,
        .readiness_min_points = 3,
        .screening_valid_days = 182,
        .pin_digits = 4,
        .trainer_idle_us = 60 * 1000000LL,
        .pin_lockout_tries = 5,
        .pin_lockout_window_us = 15 * 60 * 1000000LL,
        .pin_lockout_us = 5 * 60 * 1000000LL,
        .day_start_min = 240,
        .warmup_valid_us = 3600 * 1000000LL,
        .abandon_after_us = 60 * 1000000LL,
    };
    plates_default_kg(&r->plates);
}

void rules_use_plates(struct rules *r, const struct plate_set *ps)
{
    r->plates = *ps;
    r->empty_bar_g = ps->bar_g;
    r->smallest_step_g = plates_mu_to_g(ps->unit, r->smallest_step_mu[ps->unit]);
    r->step_lower_max_g = plates_mu_to_g(ps->unit, r->step_lower_max_mu[ps->unit]);
    r->step_upper_max_g = plates_mu_to_g(ps->unit, r->step_upper_max_mu[ps->unit]);
}

/* A step given only in the other unit comes to this one rounded down to these: whole
 * pounds, half kilograms (the least each unit's step_max takes). */
#define STEP_OTHER_GRAIN_MU_LB 1000
#define STEP_OTHER_GRAIN_MU_KG 500

int32_t rules_step_max_g(const struct rules *r, const int32_t exercise_mu[2], bool upper_body)
{
    enum rack_unit u = r->plates.unit, other = u == RACK_LB ? RACK_KG : RACK_LB;
    if (exercise_mu[u] > 0)
        return plates_mu_to_g(u, exercise_mu[u]);
    if (exercise_mu[other] > 0) {
        /* never a bigger jump than the gym allowed in its other unit: 2.5 kg is 5.51 lb,
         * so 5 lb on a pound rack; 5 lb is 2.27 kg, so 2 kg on a kilogram rack */
        int32_t g = plates_mu_to_g(other, exercise_mu[other]);
        int64_t grain = u == RACK_LB ? STEP_OTHER_GRAIN_MU_LB : STEP_OTHER_GRAIN_MU_KG;
        int64_t mu = plates_load_mu(u, g) / grain * grain;
        return mu > 0 ? plates_mu_to_g(u, mu) : g;
    }
    return upper_body ? r->step_upper_max_g : r->step_lower_max_g;
}
