/*
 * The bar motion model behind the generated traces and the simulated bar: its physics
 * and its ground truth must hold before any accuracy figure measured with it means
 * anything.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/dev/bar_model.h"

#define G BAR_MODEL_G_MPS2

static struct bar_model_plan *plan_for(const char *condition, uint64_t seed)
{
    const struct bar_model_condition *c = bar_model_condition_find(condition);
    assert_non_null(c);
    struct bar_model_plan *p = malloc(sizeof *p);
    assert_non_null(p);
    bar_model_plan_set(p, &c->set, seed);
    return p;
}

/* A still bar reads 1 g of specific force, upward, whatever the unit's roll. */
static void test_still_bar_reads_one_g_at_any_roll(void **state)
{
    (void)state;
    const struct bar_model_sensor ideal = {.rate_hz = 1000, .any_roll = true};
    int rolled = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        struct bar_model_plan *p = malloc(sizeof *p);
        assert_non_null(p);
        bar_model_plan_init(p, BAR_LIFT_SQUAT, seed);
        assert_true(bar_model_add_unrack(p, 3.0)); /* resting in the rack until then */
        struct bar_model_imu imu;
        bar_model_imu_init(&imu, &ideal, seed);
        struct bar_model_sample s;
        int n = 0;
        while (bar_model_imu_next(&imu, p, 2.0, &s)) {
            double a2 = 0, w2 = 0;
            for (int i = 0; i < 3; i++) {
                a2 += s.accel_mps2[i] * s.accel_mps2[i];
                w2 += s.gyro_rps[i] * s.gyro_rps[i];
            }
            assert_true(fabs(sqrt(a2) - G) < 0.01);
            assert_true(sqrt(w2) < 0.002);
            n++;
        }
        assert_int_equal(n, 2001);
        /* The gravity vector is in the unit's own frame: mostly not along z. */
        if (fabs(s.accel_mps2[2]) < 0.9 * G)
            rolled++;
        free(p);
    }
    assert_true(rolled >= 4);
}

/*
 * Integrating the true acceleration twice returns the true trajectory: from the true
 * state at the start of each second, the integral stays on the path over that second.
 */
static void test_true_acceleration_integrates_to_trajectory(void **state)
{
    (void)state;
    static const char *const conds[] = {"squat", "deadlift", "pause-0", "whip", "full"};
    const double lever[3] = {0, 0, 0}, dt = 0.00025, window_s = 1.0;
    for (size_t c = 0; c < sizeof conds / sizeof conds[0]; c++) {
        struct bar_model_plan *p = plan_for(conds[c], 7);
        double worst = 0, worst_v = 0, travel = 0;
        for (double t0 = 0; t0 + window_s < p->end_s; t0 += window_s) {
            struct bar_model_state st;
            bar_model_eval(p, t0, lever, &st);
            double z = st.z_m, v = st.vz_mps, a_prev = st.az_mps2, z_start = st.z_m;
            for (double t = t0 + dt; t <= t0 + window_s; t += dt) {
                bar_model_eval(p, t, lever, &st);
                double v_next = v + 0.5 * (a_prev + st.az_mps2) * dt;
                z += 0.5 * (v + v_next) * dt;
                v = v_next;
                a_prev = st.az_mps2;
                worst = fmax(worst, fabs(z - st.z_m));
                worst_v = fmax(worst_v, fabs(v - st.vz_mps));
                travel = fmax(travel, fabs(st.z_m - z_start));
            }
        }
        print_message("%s: %.0f s, worst over a second: position %.3f mm, velocity %.3f mm/s\n",
                      conds[c], p->end_s, worst * 1000, worst_v * 1000);
        assert_true(travel > 0.2); /* the bar did move */
        assert_true(worst < 0.0005);
        assert_true(worst_v < 0.002);
        free(p);
    }
}

/*
 * Nothing in any condition moves the bar beyond what a lifter and the hooks can: no
 * jump between segments shows up as a spike of acceleration or rotation.
 */
static void test_every_condition_physically_bounded(void **state)
{
    (void)state;
    const struct bar_model_condition *conds;
    int n = bar_model_conditions(&conds);
    const double lever[3] = {0.01, 0, 0.03};
    for (int c = 0; c < n; c++) {
        struct bar_model_plan *p = plan_for(conds[c].name, 100 + (uint64_t)c);
        double a_max = 0, w_max = 0;
        for (double t = 0; t < p->end_s; t += 0.001) {
            struct bar_model_state st;
            bar_model_eval(p, t, lever, &st);
            const double *a = st.acc_mps2, *w = st.gyro_rps;
            a_max = fmax(a_max, sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]) / G);
            w_max = fmax(w_max, sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]) * 57.29578);
        }
        /* Each segment takes over exactly where the last left the bar. */
        for (int i = 1; i < p->n_segs; i++) {
            struct bar_model_state before, after;
            bar_model_eval(p, p->segs[i].t0_s - 1e-6, lever, &before);
            bar_model_eval(p, p->segs[i].t0_s + 1e-6, lever, &after);
            assert_true(fabs(after.z_m - before.z_m) < 1e-5);
            for (int r = 0; r < 3; r++)
                for (int k = 0; k < 3; k++)
                    assert_true(fabs(after.rot[r][k] - before.rot[r][k]) < 1e-4);
        }
        print_message("%-10s peak %.1f g, %.0f deg/s\n", conds[c].name, a_max, w_max);
        assert_true(a_max < 12);
        assert_true(w_max < 200);
        free(p);
    }
}

/* Sensor to world (the bar's rotation at t times the mount), and the unit's vertical speed. */
static void sensor_to_world(const struct bar_model_plan *p, const struct bar_model_imu *imu,
                            double t_s, double r[3][3], double *vz_mps)
{
    struct bar_model_state st;
    bar_model_eval(p, t_s, imu->lever_m, &st);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            r[i][j] = st.rot[i][0] * imu->mount[0][j] + st.rot[i][1] * imu->mount[1][j] +
                      st.rot[i][2] * imu->mount[2][j];
    *vz_mps = st.vel_mps[2];
}

/*
 * The frames and signs, checked from the outside: the gyro is the body rate in the
 * unit's frame (integrated from the true start it ends on the true orientation), and
 * the accelerometer reads specific force, +1 g up at rest and more when the bar
 * accelerates up (its vertical part less g integrates to the unit's true vertical speed).
 */
static void test_sensor_frames_and_signs(void **state)
{
    (void)state;
    struct bar_model_set set = bar_model_condition_find("roll")->set;
    set.tremor_mg = 0; /* vibration is laid on as acceleration alone */
    const struct bar_model_sensor ideal = {.rate_hz = 1000, .any_roll = true, .misalign_deg = 5};
    for (uint64_t seed = 1; seed <= 3; seed++) {
        struct bar_model_plan *p = malloc(sizeof *p);
        assert_non_null(p);
        bar_model_plan_set(p, &set, seed);
        struct bar_model_imu imu;
        bar_model_imu_init(&imu, &ideal, seed);
        double r[3][3], truth[3][3], vz, v = 0, worst_v = 0, turned = 0;
        sensor_to_world(p, &imu, 0, r, &vz);
        struct bar_model_sample s;
        double dt = 1.0 / imu.rate_hz;
        int k = 0;
        while (bar_model_imu_next(&imu, p, p->end_s, &s)) {
            /* Attitude: R <- R (I + [w dt]x), renormalised by the check below. */
            const double *w = s.gyro_rps;
            double d[3][3] = {
                {1, -w[2] * dt, w[1] * dt}, {w[2] * dt, 1, -w[0] * dt}, {-w[1] * dt, w[0] * dt, 1}};
            double n[3][3];
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    n[i][j] = r[i][0] * d[0][j] + r[i][1] * d[1][j] + r[i][2] * d[2][j];
            memcpy(r, n, sizeof r);
            turned += sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]) * dt;
            /* Vertical speed from the true attitude, restarted from the truth each second. */
            sensor_to_world(p, &imu, s.t_s, truth, &vz);
            if (k++ % imu.rate_hz == 0)
                v = vz;
            double up = truth[2][0] * s.accel_mps2[0] + truth[2][1] * s.accel_mps2[1] +
                        truth[2][2] * s.accel_mps2[2];
            v += (up - G) * dt;
            worst_v = fmax(worst_v, fabs(v - vz));
        }
        /* The integrated attitude's up axis against the truth's. */
        double dot = r[2][0] * truth[2][0] + r[2][1] * truth[2][1] + r[2][2] * truth[2][2];
        double norm = sqrt(r[2][0] * r[2][0] + r[2][1] * r[2][1] + r[2][2] * r[2][2]);
        double err_deg = acos(fmin(1, dot / norm)) * 57.29578;
        print_message("seed %d: turned %.0f deg in all, attitude off by %.2f deg; vertical "
                      "speed within %.1f mm/s\n",
                      (int)seed, turned * 57.29578, err_deg, worst_v * 1000);
        assert_true(turned * 57.29578 > 30);
        assert_true(err_deg < 1.0);
        assert_true(worst_v < 0.02);
        free(p);
    }
}

static double speed(const struct bar_model_plan *p, double t_s)
{
    const double h = 1e-5;
    return (bar_model_true_z(p, t_s + h) - bar_model_true_z(p, t_s - h)) / (2 * h);
}

/* sign * speed over [from, to]: peak, and lowest inside (1 % in from each end). */
static void scan(const struct bar_model_plan *p, double sign, double from, double to, double *peak,
                 double *low)
{
    *peak = 0;
    *low = INFINITY;
    double margin = (to - from) * 0.01;
    for (double t = from; t <= to; t += 0.001) {
        double v = sign * speed(p, t);
        *peak = fmax(*peak, v);
        if (t > from + margin && t < to - margin)
            *low = fmin(*low, v);
    }
}

/* The edges sit on 5 % of the peak (moved by shift_mps), and the speed stays above it in
 * between. */
static void check_phase_shifted(const struct bar_model_plan *p, double sign, double from, double to,
                                double shift_mps)
{
    double peak, low;
    scan(p, sign, from, to, &peak, &low);
    double th = peak * BAR_MODEL_PHASE_PCT / 100 + shift_mps;
    assert_true(fabs(sign * speed(p, from) - th) < 0.02 * peak);
    assert_true(fabs(sign * speed(p, to) - th) < 0.02 * peak);
    assert_true(low > th);
}

static void check_phase(const struct bar_model_plan *p, double sign, double from, double to)
{
    check_phase_shifted(p, sign, from, to, 0);
}

/* Every rep's phases obey the onset convention, in the lift's order, and its figures add up. */
static void test_truth_follows_the_onset_rule(void **state)
{
    (void)state;
    static const char *const conds[] = {"squat", "bench", "deadlift", "press", "ecc-5", "full"};
    for (size_t c = 0; c < sizeof conds / sizeof conds[0]; c++) {
        for (uint64_t seed = 1; seed <= 3; seed++) {
            struct bar_model_plan *p = plan_for(conds[c], seed);
            struct bar_model_truth tr;
            bar_model_truth(p, &tr);
            assert_true(tr.n_reps >= 1);
            assert_int_equal(tr.con_first,
                             p->lift == BAR_LIFT_DEADLIFT || p->lift == BAR_LIFT_PRESS);
            double prev_end = 0;
            for (int i = 0; i < tr.n_reps; i++) {
                const struct bar_model_rep_truth *r = &tr.reps[i];
                check_phase(p, -1, r->ecc_start_s, r->ecc_end_s);
                check_phase(p, 1, r->con_start_s, r->con_end_s);
                double first = tr.con_first ? r->con_start_s : r->ecc_start_s;
                assert_true(first >= prev_end);
                if (tr.con_first)
                    assert_true(r->con_end_s <= r->ecc_start_s);
                else
                    assert_true(r->ecc_end_s <= r->con_start_s);
                prev_end = tr.con_first ? r->ecc_end_s : r->con_end_s;
                double dz = bar_model_true_z(p, r->con_end_s) - bar_model_true_z(p, r->con_start_s);
                assert_float_equal(r->mcv_mps, dz / (r->con_end_s - r->con_start_s), 1e-9);
                assert_true(r->mpv_mps >= r->mcv_mps - 1e-9);
                assert_true(r->peak_mps > r->mcv_mps);
                assert_true(r->rom_m >= 0.25 && r->rom_m <= 0.85);
                assert_true(r->bottom_pause_s >= 0 && r->top_pause_s >= 0);
            }
            free(p);
        }
    }
}

/* The truth with the threshold moved (imu-accuracy --onset-shift): unmoved, the truth
 * itself; moved up, every phase's edges sit on the higher threshold and every phase is
 * shorter than unmoved, and longer moved down. */
static void test_shifted_truth_moves_the_edges(void **state)
{
    (void)state;
    static const char *const conds[] = {"ecc-5", "squat", "deadlift"};
    const double shift_mps = 0.004;
    for (size_t c = 0; c < sizeof conds / sizeof conds[0]; c++) {
        for (uint64_t seed = 1; seed <= 2; seed++) {
            struct bar_model_plan *p = plan_for(conds[c], seed);
            static struct bar_model_truth tr, same, up, down;
            bar_model_truth(p, &tr);
            bar_model_truth_shifted(p, 0, &same);
            bar_model_truth_shifted(p, shift_mps, &up);
            bar_model_truth_shifted(p, -shift_mps, &down);
            assert_memory_equal(&tr, &same, sizeof tr);
            assert_int_equal(up.n_reps, tr.n_reps);
            assert_int_equal(down.n_reps, tr.n_reps);
            for (int i = 0; i < tr.n_reps; i++) {
                const struct bar_model_rep_truth *r = &tr.reps[i], *u = &up.reps[i],
                                                 *d = &down.reps[i];
                check_phase_shifted(p, -1, u->ecc_start_s, u->ecc_end_s, shift_mps);
                check_phase_shifted(p, 1, u->con_start_s, u->con_end_s, shift_mps);
                check_phase_shifted(p, -1, d->ecc_start_s, d->ecc_end_s, -shift_mps);
                assert_true(u->ecc_start_s > r->ecc_start_s && u->ecc_end_s < r->ecc_end_s);
                assert_true(u->con_start_s > r->con_start_s && u->con_end_s < r->con_end_s);
                assert_true(d->ecc_start_s < r->ecc_start_s && d->ecc_end_s > r->ecc_end_s);
                assert_true(d->con_start_s < r->con_start_s && d->con_end_s > r->con_end_s);
            }
            free(p);
        }
    }
}

/* Unracking, the walk and the rerack are recorded as non-reps, apart from every rep. */
static void test_walkout_and_rerack_are_not_reps(void **state)
{
    (void)state;
    struct bar_model_plan *p = plan_for("squat", 3);
    struct bar_model_truth tr;
    bar_model_truth(p, &tr);
    int kinds[8] = {0};
    for (int i = 0; i < tr.n_nonreps; i++) {
        const struct bar_model_nonrep *n = &tr.nonreps[i];
        kinds[n->kind]++;
        for (int r = 0; r < tr.n_reps; r++)
            assert_true(n->end_s <= tr.reps[r].ecc_start_s || n->start_s >= tr.reps[r].con_end_s);
    }
    assert_int_equal(kinds[BAR_NONREP_UNRACK], 1);
    assert_int_equal(kinds[BAR_NONREP_RERACK], 1);
    assert_true(kinds[BAR_NONREP_STEP] >= 4);
    free(p);
}

/* Same seed, same samples; stamps rise; the gaps condition loses samples. */
static void test_sensor_deterministic_with_gaps(void **state)
{
    (void)state;
    const struct bar_model_condition *c = bar_model_condition_find("gaps");
    assert_non_null(c);
    struct bar_model_plan *p = plan_for("gaps", 5);
    struct bar_model_imu a, b;
    bar_model_imu_init(&a, &c->sensor, 5);
    bar_model_imu_init(&b, &c->sensor, 5);
    struct bar_model_sample sa, sb;
    int64_t last = INT64_MIN, lost_us = 0;
    int n = 0;
    while (bar_model_imu_next(&a, p, p->end_s, &sa)) {
        assert_true(bar_model_imu_next(&b, p, p->end_s, &sb));
        assert_true(sa.t_us == sb.t_us);
        assert_memory_equal(sa.accel_raw, sb.accel_raw, sizeof sa.accel_raw);
        assert_memory_equal(sa.gyro_raw, sb.gyro_raw, sizeof sa.gyro_raw);
        assert_true(sa.t_us > last);
        if (last != INT64_MIN && sa.t_us - last > 1500)
            lost_us += sa.t_us - last - 1000;
        last = sa.t_us;
        n++;
    }
    double expected = p->end_s * 1000;
    print_message("%d samples of %.0f, %.0f ms in gaps\n", n, expected, lost_us / 1e3);
    assert_true(n < expected * 0.995 && n > expected * 0.9);
    assert_true(lost_us > 5000);
    struct bar_model_imu other;
    bar_model_imu_init(&other, &c->sensor, 6);
    assert_true(bar_model_imu_next(&other, p, p->end_s, &sb));
    assert_true(sb.t_us != a.clock_offset_us && other.clock_offset_us != a.clock_offset_us);
    free(p);
}

/*
 * Every condition but a faulty unit's stays within what an ICM-42688-P does: bias
 * against temperature at most twice the datasheet's typical (0.15 mg/C, 0.005 deg/s/C)
 * at up to 10 C a minute, random walk at most 2 mg and 0.1 deg/s rms a minute. The drift
 * conditions do drift that much: over a minute at rest, the part of the bias that follows
 * the temperature reaches its bound on some seeds and never exceeds it.
 */
static void test_sensor_drift_within_datasheet(void **state)
{
    (void)state;
    const double g_per_mg = G / 1000, rps_per_dps = 0.017453292519943295;
    const struct bar_model_condition *conds;
    int n = bar_model_conditions(&conds);
    int off_spec = 0;
    for (int c = 0; c < n; c++) {
        const struct bar_model_sensor *s = &conds[c].sensor;
        if (conds[c].off_spec) {
            off_spec++;
            continue;
        }
        assert_true(s->accel_tc_mg_per_c <= 2 * 0.15 + 1e-12);
        assert_true(s->gyro_tc_dps_per_c <= 2 * 0.005 + 1e-12);
        assert_true(s->temp_c_per_min <= 10);
        assert_true(s->accel_drift_mg <= 2 && s->gyro_drift_dps <= 0.1);
    }
    assert_true(off_spec >= 1); /* the faulty unit is still reported */
    static const char *const drifting[] = {"drift", "full"};
    for (size_t k = 0; k < sizeof drifting / sizeof drifting[0]; k++) {
        const struct bar_model_condition *c = bar_model_condition_find(drifting[k]);
        assert_non_null(c);
        double a_max = 0, w_max = 0;
        for (uint64_t seed = 1; seed <= 10; seed++) {
            struct bar_model_plan *p = malloc(sizeof *p);
            assert_non_null(p);
            bar_model_plan_init(p, BAR_LIFT_SQUAT, seed);
            struct bar_model_imu m;
            bar_model_imu_init(&m, &c->sensor, seed);
            struct bar_model_sample smp;
            while (bar_model_imu_next(&m, p, 60.0, &smp))
                ;
            for (int i = 0; i < 3; i++) {
                a_max = fmax(a_max, fabs(m.accel_tc_mps2[i] * m.temp_c) / g_per_mg);
                w_max = fmax(w_max, fabs(m.gyro_tc_rps[i] * m.temp_c) / rps_per_dps);
            }
            free(p);
        }
        print_message("%-6s bias from warming over a minute: up to %.2f mg, %.3f deg/s\n",
                      drifting[k], a_max, w_max);
        assert_true(a_max <= 3.0 + 1e-9 && a_max > 1.5);
        assert_true(w_max <= 0.1 + 1e-9 && w_max > 0.05);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_still_bar_reads_one_g_at_any_roll),
        cmocka_unit_test(test_true_acceleration_integrates_to_trajectory),
        cmocka_unit_test(test_every_condition_physically_bounded),
        cmocka_unit_test(test_sensor_frames_and_signs),
        cmocka_unit_test(test_truth_follows_the_onset_rule),
        cmocka_unit_test(test_shifted_truth_moves_the_edges),
        cmocka_unit_test(test_walkout_and_rerack_are_not_reps),
        cmocka_unit_test(test_sensor_deterministic_with_gaps),
        cmocka_unit_test(test_sensor_drift_within_datasheet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
