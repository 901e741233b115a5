/*
 * A set's bar samples: the recorder keeps the set in progress and only it, gives back
 * exactly the floats the bar link made from every sensor count, stops at its bound and
 * says so; the packed form round-trips and refuses damaged bytes; the store keeps the
 * samples with the set (a copy taken when the set is submitted), and says why when a
 * set has none.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "../../app/core/imu_record.h"
#include "../../app/store/store.h"

#define RAW_FULL   32768.0f
#define T0_US      5000000
#define PERIOD_US  1000
#define SET_A      1001
#define SET_B      1002
#define N_SAMPLES  3000
#define US_PER_S   1000000LL
#define SQUAT_ID   1
#define LIFTER_KEY 77

static struct imu_sample sample(int64_t t_us, int16_t seed)
{
    struct imu_sample s = {.t_us = t_us};
    for (int a = 0; a < 3; a++) {
        /* what the bar link makes of counts at +-16 g / +-2000 dps */
        s.accel_g[a] = (float)(int16_t)(seed * (a + 1)) * (16.0f / RAW_FULL);
        s.gyro_dps[a] = (float)(int16_t)(seed * (a + 7) - 3) * (2000.0f / RAW_FULL);
    }
    return s;
}

static struct imu_record *new_record(void)
{
    struct imu_record *r = calloc(1, sizeof *r);
    assert_non_null(r);
    return r;
}

static void assert_sample_equal(const struct imu_sample *got, const struct imu_sample *want)
{
    assert_int_equal(got->t_us, want->t_us);
    assert_memory_equal(got->accel_g, want->accel_g, sizeof got->accel_g);
    assert_memory_equal(got->gyro_dps, want->gyro_dps, sizeof got->gyro_dps);
}

/* Every count the sensor can send comes back as the same float. */
static void test_every_count_exact(void **state)
{
    (void)state;
    struct imu_record *r = new_record();
    struct imu_track t;
    for (int32_t c = INT16_MIN; c <= INT16_MAX; c++) {
        struct imu_sample s = {.t_us = T0_US + (c - INT16_MIN)};
        for (int a = 0; a < 3; a++) {
            s.accel_g[a] = (float)c * (16.0f / RAW_FULL);
            s.gyro_dps[a] = (float)c * (2000.0f / RAW_FULL);
        }
        imu_record_push(r, SET_A, &s);
    }
    imu_record_track(r, &t);
    assert_int_equal(t.n, 65536);
    for (int i = 0; i < t.n; i++) {
        struct imu_sample got;
        imu_track_sample(&t, i, &got);
        float want_a = (float)(i + INT16_MIN) * (16.0f / RAW_FULL);
        float want_g = (float)(i + INT16_MIN) * (2000.0f / RAW_FULL);
        assert_memory_equal(&got.accel_g[1], &want_a, sizeof want_a);
        assert_memory_equal(&got.gyro_dps[2], &want_g, sizeof want_g);
    }
    free(r);
}

/*
 * Counts kept as the bar unit sent them are what the floats the link makes of them would
 * have become: for every count, on every axis, and the same samples are dropped.
 */
static void test_counts_kept_as_floats_would_be(void **state)
{
    (void)state;
    struct imu_record *from_floats = new_record(), *from_counts = new_record();
    for (int32_t c = INT16_MIN; c <= INT16_MAX; c++) {
        int16_t counts[IMU_RECORD_AXES];
        struct imu_sample s = {.t_us = T0_US + (c - INT16_MIN) / 2}; /* every other repeats */
        for (int a = 0; a < IMU_RECORD_AXES; a++)
            counts[a] = (int16_t)(c * (a + 1) + a);
        for (int a = 0; a < 3; a++) {
            s.accel_g[a] = (float)counts[a] * (16.0f / RAW_FULL);
            s.gyro_dps[a] = (float)counts[3 + a] * (2000.0f / RAW_FULL);
        }
        imu_record_push(from_floats, SET_A, &s);
        imu_record_push_counts(from_counts, SET_A, s.t_us, counts);
    }
    assert_int_equal(from_counts->n, 32768);
    assert_int_equal(from_counts->n, from_floats->n);
    assert_int_equal(from_counts->t0_us, from_floats->t0_us);
    assert_memory_equal(from_counts->t_off_us, from_floats->t_off_us,
                        (size_t)from_floats->n * sizeof from_floats->t_off_us[0]);
    assert_memory_equal(from_counts->counts, from_floats->counts,
                        (size_t)from_floats->n * sizeof from_floats->counts[0]);
    int16_t none[IMU_RECORD_AXES] = {0};
    imu_record_push_counts(from_counts, 0, T0_US + 10 * US_PER_S, none); /* between sets */
    assert_int_equal(from_counts->n, 32768);
    free(from_floats);
    free(from_counts);
}

/* The set in progress is kept after its pre-roll; a new set starts over; 0 keeps what
 * was recorded. */
static void test_records_the_set_in_progress(void **state)
{
    (void)state;
    struct imu_record *r = new_record();
    struct imu_sample before = sample(T0_US - 5 * PERIOD_US, 5);
    imu_record_push(r, 0, &before); /* between sets: the pre-roll */
    assert_int_equal(r->n, 0);
    struct imu_sample s;
    for (int i = 0; i < 10; i++) {
        s = sample(T0_US + i * PERIOD_US, (int16_t)i);
        imu_record_push(r, SET_A, &s);
    }
    s = sample(T0_US + 20 * PERIOD_US, 1);
    imu_record_push(r, 0, &s); /* resting: set A stays as it was */
    assert_int_equal(r->set_key, SET_A);
    assert_int_equal(r->n, 11);
    assert_int_equal(r->t0_us, before.t_us);

    struct imu_sample first = sample(T0_US + 30 * PERIOD_US, 9);
    imu_record_push(r, SET_B, &first);
    assert_int_equal(r->set_key, SET_B);
    assert_int_equal(r->n, 2); /* the rest after set A within the pre-roll, then the set */
    assert_int_equal(r->t0_us, s.t_us);
    /* a sample not after the last one could not be read back from a trace file */
    imu_record_push(r, SET_B, &first);
    struct imu_sample early = sample(first.t_us - 1, 2);
    imu_record_push(r, SET_B, &early);
    assert_int_equal(r->n, 2);
    assert_false(r->truncated);
    struct imu_track t;
    struct imu_sample got;
    imu_record_track(r, &t);
    imu_track_sample(&t, 0, &got);
    assert_sample_equal(&got, &s);
    imu_track_sample(&t, 1, &got);
    assert_sample_equal(&got, &first);
    free(r);
}

/*
 * The pre-roll: a set's recording starts with the last IMU_RECORD_PREROLL_S of samples
 * before it (what the detector learned from), oldest first, nothing older (the unit
 * may have been off for an hour), and started by imu_record_start before any sample of
 * the set arrives.
 */
static void test_preroll(void **state)
{
    (void)state;
    struct imu_record *r = new_record();
    struct imu_sample s = sample(T0_US - 3600 * US_PER_S, 3); /* an hour before */
    imu_record_push(r, 0, &s);
    int n_before = IMU_RECORD_PREROLL_SAMPLES + 1500; /* the ring wraps */
    for (int i = 0; i < n_before; i++) {
        s = sample(T0_US + i * PERIOD_US, (int16_t)(i * 7));
        imu_record_push(r, 0, &s);
    }
    imu_record_start(r, SET_A);
    assert_int_equal(r->set_key, SET_A);
    assert_int_equal(r->n, IMU_RECORD_PREROLL_SAMPLES);
    assert_false(r->truncated);
    int first = n_before - IMU_RECORD_PREROLL_SAMPLES;
    assert_int_equal(r->t0_us, T0_US + first * PERIOD_US);
    struct imu_track t;
    imu_record_track(r, &t);
    for (int k = 0; k < t.n; k++) {
        struct imu_sample got,
            want = sample(T0_US + (first + k) * PERIOD_US, (int16_t)((first + k) * 7));
        imu_track_sample(&t, k, &got);
        assert_sample_equal(&got, &want);
    }
    /* the set's own samples follow; starting it again changes nothing */
    s = sample(T0_US + n_before * PERIOD_US, 1);
    imu_record_push(r, SET_A, &s);
    imu_record_start(r, SET_A);
    assert_int_equal(r->n, IMU_RECORD_PREROLL_SAMPLES + 1);
    /* the pre-roll went with set A: set B starts with what came after it only */
    struct imu_sample after = sample(s.t_us + PERIOD_US, 2);
    imu_record_push(r, 0, &after);
    imu_record_start(r, SET_B);
    assert_int_equal(r->n, 1);
    assert_int_equal(r->t0_us, after.t_us);
    /* with nothing before it, a set starts at its first sample */
    imu_record_start(r, SET_A);
    assert_int_equal(r->n, 0);
    s = sample(after.t_us + 5 * PERIOD_US, 4);
    imu_record_push(r, SET_A, &s);
    assert_int_equal(r->n, 1);
    assert_int_equal(r->t0_us, s.t_us);
    free(r);
}

/* At the bound the recording stops and says it was cut; a new set starts afresh. */
static void test_bounded(void **state)
{
    (void)state;
    struct imu_record *r = new_record();
    for (int64_t i = 0; i < IMU_RECORD_MAX_SAMPLES + 10; i++) {
        struct imu_sample s = sample(T0_US + i * PERIOD_US, (int16_t)i);
        imu_record_push(r, SET_A, &s);
    }
    assert_int_equal(r->n, IMU_RECORD_MAX_SAMPLES);
    assert_true(r->truncated);
    /* a set that outlasts the 32-bit time offsets is cut too, not wrapped */
    struct imu_sample s = sample(T0_US, 1);
    imu_record_push(r, SET_B, &s);
    assert_false(r->truncated);
    s.t_us = T0_US + (int64_t)UINT32_MAX + 1;
    imu_record_push(r, SET_B, &s);
    assert_int_equal(r->n, 1);
    assert_true(r->truncated);
    /* out-of-range values are kept at the sensor's limits */
    struct imu_record *q = new_record();
    struct imu_sample wild = {.t_us = 1, .accel_g = {100.0f, -100.0f, NAN}};
    imu_record_push(q, SET_A, &wild);
    assert_int_equal(q->counts[0][0], INT16_MAX);
    assert_int_equal(q->counts[0][1], INT16_MIN);
    assert_int_equal(q->counts[0][2], 0);
    free(q);
    free(r);
}

/* A recording with gaps, extremes and jumps between them packs and unpacks exactly. */
static void test_pack_round_trip(void **state)
{
    (void)state;
    struct imu_record *r = new_record();
    int64_t t = T0_US;
    for (int i = 0; i < N_SAMPLES; i++) {
        t += i % 500 == 499 ? 250000 : i % 7 == 0 ? 3 : PERIOD_US; /* gaps and bursts */
        struct imu_sample s =
            sample(t, (int16_t)(i % 3 == 0 ? (i % 2 ? INT16_MAX : INT16_MIN) : i * 37));
        imu_record_push(r, SET_A, &s);
    }
    struct imu_track t_in;
    imu_record_track(r, &t_in);
    assert_int_equal(t_in.n, N_SAMPLES);
    uint8_t *buf = malloc(imu_track_pack_max(t_in.n));
    size_t len = imu_track_pack(&t_in, buf);
    assert_true(len <= imu_track_pack_max(t_in.n));

    struct imu_record *back = new_record();
    struct imu_track t_out;
    imu_record_track(back, &t_out);
    assert_int_equal(imu_track_unpack(buf, len, N_SAMPLES, &t_out), 0);
    assert_int_equal(t_out.n, N_SAMPLES);
    assert_memory_equal(t_out.t_off_us, t_in.t_off_us, N_SAMPLES * sizeof t_in.t_off_us[0]);
    assert_memory_equal(t_out.counts, t_in.counts, N_SAMPLES * sizeof t_in.counts[0]);

    /* damaged: cut short, one byte too many, the wrong count, a step of zero */
    assert_int_equal(imu_track_unpack(buf, len - 1, N_SAMPLES, &t_out), -1);
    assert_int_equal(imu_track_unpack(buf, len + 1, N_SAMPLES, &t_out), -1);
    assert_int_equal(imu_track_unpack(buf, len, N_SAMPLES - 1, &t_out), -1);
    assert_int_equal(imu_track_unpack(buf, len, IMU_RECORD_MAX_SAMPLES + 1, &t_out), -1);
    assert_int_equal(imu_track_unpack(buf, len, -1, &t_out), -1);
    uint8_t zero_step[2 + 2 * 2 * IMU_RECORD_AXES] = {0, 0};
    assert_int_equal(imu_track_unpack(zero_step, sizeof zero_step, 2, &t_out), -1);
    uint8_t late_start[1 + 2 * IMU_RECORD_AXES] = {5};
    assert_int_equal(imu_track_unpack(late_start, sizeof late_start, 1, &t_out), -1);
    uint8_t endless[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
    assert_int_equal(imu_track_unpack(endless, sizeof endless, 1, &t_out), -1);
    free(buf);
    free(back);
    free(r);
}

/* --- with the store --- */

struct fixture {
    char dir[64];
    char path[128];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/rackside-imu-XXXXXX");
    if (!f || !mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/%s", f->dir, STORE_DB_FILE);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

/* Saves set key (as like given, else empty) with the samples r holds of it. */
static void submit(struct store *st, int64_t member, int64_t key, const struct live_set *like,
                   const struct imu_record *r, struct imu_record *scribble)
{
    struct live_set *set = calloc(1, sizeof *set);
    assert_non_null(set);
    if (like)
        *set = *like;
    set->key = key;
    set->exercise_id = SQUAT_ID;
    set->load_g = 60000;
    set->target_reps = 5;
    set->t_start_wall_us = (int64_t)time(NULL) * US_PER_S;
    struct effect e = {.kind = EFFECT_SET_DONE,
                       .t_wall_us = set->t_start_wall_us,
                       .member_id = member,
                       .key = key,
                       .set = set,
                       .imu = r};
    assert_int_equal(store_submit(st, &e), 0);
    /* the next set records into the same buffer at once: what was submitted is kept */
    if (scribble)
        memset(scribble->counts, 0x5a, sizeof scribble->counts[0] * (size_t)scribble->n);
    store_flush(st);
    struct store_done d;
    assert_true(store_next_done(st, &d));
    if (!d.ok)
        fail_msg("set %lld: %s", (long long)key, d.err);
    store_done_release(&d);
    free(set);
}

static void submit_set(struct store *st, int64_t member, int64_t key, const struct imu_record *r,
                       struct imu_record *scribble)
{
    submit(st, member, key, NULL, r, scribble);
}

struct listing {
    int n;
    struct set_row rows[4];
};

static void listed(void *ctx, const struct set_row *row)
{
    struct listing *seen = ctx;
    if (seen->n < 4)
        seen->rows[seen->n] = *row;
    seen->n++;
}

/* A new database with one lifter, Sam Okafor. */
static struct store *open_with_lifter(struct fixture *f, int64_t *member)
{
    char err[STORE_ERR_MAX] = "";
    struct store *st = store_open(f->path, true, err);
    if (!st)
        fail_msg("%s", err);
    assert_int_equal(store_member_add(st, "Sam Okafor", ROLE_LIFTER, NULL, member, err), 0);
    return st;
}

static void test_store_keeps_samples_with_the_set(void **state)
{
    struct fixture *f = *state;
    char err[STORE_ERR_MAX] = "";
    int64_t member;
    struct store *st = open_with_lifter(f, &member);

    struct imu_record *r = new_record();
    struct imu_sample want[N_SAMPLES];
    for (int i = 0; i < N_SAMPLES; i++) {
        want[i] = sample(T0_US + i * PERIOD_US + (i > 100 ? 40000 : 0), (int16_t)(i * 11));
        imu_record_push(r, SET_A, &want[i]);
    }
    submit_set(st, member, SET_A, r, r);
    /* a set whose samples the recorder no longer holds is saved without them */
    submit_set(st, member, SET_B, r, NULL);
    store_close(st);

    st = store_open(f->path, false, err);
    assert_non_null(st);
    struct imu_track *t = NULL;
    assert_int_equal(store_set_imu(st, SET_A, &t, err), 1);
    assert_non_null(t);
    assert_int_equal(t->n, N_SAMPLES);
    assert_false(t->truncated);
    for (int i = 0; i < N_SAMPLES; i++) {
        struct imu_sample got;
        imu_track_sample(t, i, &got);
        assert_sample_equal(&got, &want[i]);
    }
    store_imu_free(t);

    t = NULL;
    assert_int_equal(store_set_imu(st, SET_B, &t, err), 0);
    assert_null(t);
    assert_non_null(strstr(err, "no recorded bar samples"));
    assert_int_equal(store_set_imu(st, 4242, &t, err), 0);
    assert_non_null(strstr(err, "no set 4242"));

    /* the listing says which sets have samples, and how long */
    struct listing seen = {0};
    assert_int_equal(
        store_day_sets_each(st, store_local_day((int64_t)time(NULL) * US_PER_S), listed, &seen), 2);
    assert_int_equal(seen.rows[0].key, SET_A);
    assert_int_equal(seen.rows[0].n_samples, N_SAMPLES);
    assert_int_equal(seen.rows[0].span_us, want[N_SAMPLES - 1].t_us - T0_US);
    assert_string_equal(seen.rows[0].member, "Sam Okafor");
    assert_string_equal(seen.rows[0].exercise, "Back squat");
    assert_int_equal(seen.rows[1].key, SET_B);
    assert_int_equal(seen.rows[1].n_samples, 0);
    store_close(st);
    free(r);
}

/* Floats that read back exactly only with nine significant digits. */
static struct rep_unit_ref unit_ref(float scale)
{
    struct rep_unit_ref r;
    for (int i = 0; i < 3; i++) {
        r.b[i] = scale * (float)(i + 1) / 3.0f;
        for (int j = 0; j < 3; j++)
            r.p[i][j] = (i == j ? 3e-4f : 1e-5f) * scale / 7.0f;
    }
    return r;
}

/* A damaged value in the database: the read says so and names the unit or the set. */
static void damage(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/*
 * A set keeps the unit that recorded it and what earlier sets had learned of it when its
 * detector started, exactly; the unit keeps what its latest set learned, across a restart.
 */
static void test_store_keeps_what_the_unit_learned(void **state)
{
    struct fixture *f = *state;
    char err[STORE_ERR_MAX] = "";
    int64_t member;
    struct store *st = open_with_lifter(f, &member);
    struct imu_record *r = new_record();
    for (int i = 0; i < N_SAMPLES; i++) {
        struct imu_sample s = sample(T0_US + i * PERIOD_US, (int16_t)i);
        imu_record_push(r, SET_A, &s);
    }
    const struct rep_unit_ref started = unit_ref(0.03f), first = unit_ref(0.02f),
                              latest = unit_ref(-0.01f);
    struct live_set a = {.bar_unit = "E6614103E7452D2F",
                         .began_from_ref = true,
                         .start_ref = started,
                         .learned = true,
                         .learned_ref = first};
    submit(st, member, SET_A, &a, r, NULL);
    struct live_set b = {.bar_unit = "E6614103E7452D2F", .learned = true, .learned_ref = latest};
    submit(st, member, SET_B, &b, r, NULL);
    store_close(st);

    st = store_open(f->path, false, err);
    assert_non_null(st);
    struct imu_track *t = NULL;
    assert_int_equal(store_set_imu(st, SET_A, &t, err), 1);
    assert_string_equal(t->bar_unit, "E6614103E7452D2F");
    assert_true(t->has_unit_ref);
    assert_memory_equal(&t->unit_ref, &started, sizeof started);
    store_imu_free(t);
    struct rep_unit_ref got;
    assert_int_equal(store_bar_unit_ref(st, "E6614103E7452D2F", &got, err), 1);
    assert_memory_equal(&got, &latest, sizeof latest); /* the latest set's, not the first's */
    assert_int_equal(store_bar_unit_ref(st, "E661000000000000", &got, err), 0);
    store_close(st);

    /* damaged entries are reported, not read as a reference */
    damage(f->path, "UPDATE bar_units SET unit_ref = '{\"bias_g\":[0,0]}';"
                    "UPDATE imu_records SET unit_ref = 'x' WHERE set_key = 1001");
    st = store_open(f->path, false, err);
    assert_non_null(st);
    assert_int_equal(store_bar_unit_ref(st, "E6614103E7452D2F", &got, err), -1);
    assert_non_null(strstr(err, "bar unit E6614103E7452D2F"));
    assert_non_null(strstr(err, "\"bias_g\" is not three numbers"));
    t = NULL;
    assert_int_equal(store_set_imu(st, SET_A, &t, err), -1);
    assert_null(t);
    assert_non_null(strstr(err, "damaged"));
    store_close(st);
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_count_exact),
        cmocka_unit_test(test_counts_kept_as_floats_would_be),
        cmocka_unit_test(test_records_the_set_in_progress),
        cmocka_unit_test(test_preroll),
        cmocka_unit_test(test_bounded),
        cmocka_unit_test(test_pack_round_trip),
        cmocka_unit_test_setup_teardown(test_store_keeps_samples_with_the_set, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_keeps_what_the_unit_learned, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
