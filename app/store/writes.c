/*
 * Writes: the session's effects (run by the writer thread), the operator's commands and
 * the first-start demo seed. Each write is one transaction, so a failure (a full disk)
 * leaves nothing half-written.
 */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "../core/badge.h"
#include "store_db.h"

#define PIN_MIN_DIGITS    4
#define LOAD_MAX_G        1000000 /* a tonne: anything above is a typo */
#define UID_MIN_LEN       1
#define US_PER_DAY        (86400LL * 1000000LL)
#define KG                1000
#define DEMO_HISTORY_SETS 3 /* working sets per seeded session */
/* Measured on a 74 s set: level 3 packs as small as 9 (within 0.2 %) ten times faster. */
#define IMU_ZLIB_LEVEL 3

static const struct demo_badge demo_badges[] = {
    {"0001", "Alex Rivera", ROLE_LIFTER, NULL},
    {"0002", "Sam Okafor", ROLE_LIFTER, NULL},
    {"9001", "Jordan Lee", ROLE_TRAINER, "2468"},
};

int store_demo_badges(const struct demo_badge **out)
{
    *out = demo_badges;
    return (int)(sizeof demo_badges / sizeof demo_badges[0]);
}

/* --- statements --- */

/* Binds "?", in order: 'i' int64, 'n' int64 with 0 as NULL, 's' text, 'b' int16 trace. */
static int run(sqlite3 *db, const char *sql, const char *types, ...)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        return -1;
    va_list ap;
    va_start(ap, types);
    for (int i = 0; types[i]; i++) {
        int col = i + 1;
        switch (types[i]) {
        case 'i':
            sqlite3_bind_int64(q, col, va_arg(ap, int64_t));
            break;
        case 'n': {
            int64_t v = va_arg(ap, int64_t);
            if (v)
                sqlite3_bind_int64(q, col, v);
            else
                sqlite3_bind_null(q, col);
            break;
        }
        case 's':
            sqlite3_bind_text(q, col, va_arg(ap, const char *), -1, SQLITE_TRANSIENT);
            break;
        case 'b': {
            const int16_t *trace = va_arg(ap, const int16_t *);
            unsigned char le[2 * REP_TRACE_POINTS];
            for (int k = 0; k < REP_TRACE_POINTS; k++) {
                uint16_t u = (uint16_t)trace[k];
                le[2 * k] = (unsigned char)(u & 0xff);
                le[2 * k + 1] = (unsigned char)(u >> 8);
            }
            sqlite3_bind_blob(q, col, le, sizeof le, SQLITE_TRANSIENT);
            break;
        }
        }
    }
    va_end(ap);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* One integer from a query with one int64 parameter; 1 found, 0 none, -1 error. */
static int query_int(sqlite3 *db, const char *sql, int64_t arg, int64_t *out)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, arg);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int fail(sqlite3 *db, const char *what, char err[STORE_ERR_MAX])
{
    store_db_err(db, what, err);
    store_rollback(db);
    return -1;
}

/* --- effects --- */

/* A trainer's action about a lifter, for the lifter's story (schema step 12): who (the
 * effect's member), when, what, and the note. The lifter is member_id, or when that is 0
 * the member the flag is about. */
static int trainer_action(sqlite3 *db, const struct effect *e, const char *kind, int64_t member_id,
                          int64_t flag_id, int64_t exercise_id, int32_t load_g, const char *note)
{
    return store_record_action(db, e->t_wall_us, e->member_id, kind, member_id, flag_id,
                               exercise_id, load_g, note);
}

int store_record_action(sqlite3 *db, int64_t t_wall_us, int64_t by_member_id, const char *kind,
                        int64_t member_id, int64_t flag_id, int64_t exercise_id, int32_t load_g,
                        const char *note)
{
    return run(db,
               "INSERT INTO trainer_actions (t_us, by_member_id, member_id, kind, flag_id, "
               "exercise_id, load_g, note) VALUES (?, ?, COALESCE(?, (SELECT member_id FROM "
               "flags WHERE id = ?)), ?, ?, ?, ?, ?)",
               "innnsnnns", t_wall_us, by_member_id, member_id, flag_id, kind, flag_id, exercise_id,
               (int64_t)load_g, note);
}

static int32_t red_flag_mask(const bool *flags)
{
    int32_t mask = 0;
    for (int i = 0; i < RED_FLAG_QUESTIONS; i++)
        if (flags[i])
            mask |= 1 << i;
    return mask;
}

static int insert_flag(sqlite3 *db, const struct effect *e, int64_t set_key,
                       const struct raised_flag *f)
{
    return run(db,
               "INSERT INTO flags (t_us, member_id, session_key, set_key, kind, severity, rep, "
               "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               "innnssis", e->t_wall_us, e->member_id, e->session_key, set_key,
               flag_kind_id(f->kind), severity_label(f->severity), (int64_t)f->rep, f->detail);
}

/* ms from t0_us to t_us, rounded to the nearest (either way) */
static int64_t ms_from(int64_t t0_us, int64_t t_us)
{
    int64_t d = t_us - t0_us;
    return d >= 0 ? (d + 500) / 1000 : -((-d + 500) / 1000);
}

/* idx is the rep's place in the set, so a rep numbered twice cannot cost the whole set;
 * its phase bounds are kept as ms from origin_us (the kiosk's clock, see set_done) */
static int insert_rep(sqlite3 *db, int64_t set_key, int idx, const struct rep_result *r,
                      int64_t origin_us)
{
    return run(db,
               "INSERT INTO reps (set_key, idx, ecc_ms, bottom_ms, conc_ms, top_ms, rom_mm, "
               "mean_conc_mmps, peak_conc_mmps, peak_horiz_mg, peak_gyro_dps, rushed, momentum, "
               "trace, mean_prop_mmps, tilt_cdeg, momentum_pct, ecc_start_ms, ecc_end_ms, "
               "con_start_ms, con_end_ms) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               "iiiiiiiiiiiiibiiiiiii", set_key, (int64_t)idx, (int64_t)r->ecc_ms,
               (int64_t)r->bottom_ms, (int64_t)r->conc_ms, (int64_t)r->top_ms, (int64_t)r->rom_mm,
               (int64_t)r->mean_conc_mmps, (int64_t)r->peak_conc_mmps, (int64_t)r->peak_horiz_mg,
               (int64_t)r->peak_gyro_dps, (int64_t)r->rushed, (int64_t)r->momentum, r->trace_mmps,
               (int64_t)r->mean_prop_mmps, (int64_t)r->tilt_cdeg, (int64_t)r->momentum_pct,
               ms_from(origin_us, r->ecc_start_us), ms_from(origin_us, r->ecc_end_us),
               ms_from(origin_us, r->con_start_us), ms_from(origin_us, r->con_end_us));
}

/*
 * The session row a set or flag hangs on, created when it is missing: a check-in that
 * could not be written (a full disk) must not cost every set after it. pain -1 says
 * the check-in answers are not known; the check-in's own retry fills them in.
 */
static int repair_session(sqlite3 *db, const struct effect *e)
{
    if (!e->session_key)
        return 0;
    return run(db,
               "INSERT OR IGNORE INTO sessions (key, member_id, started_us, pain, red_flags) "
               "VALUES (?, ?, ?, -1, 0)",
               "iii", e->session_key, e->member_id, e->t_wall_us);
}

/* 1 when a set with this key is already stored (a retry of a write that landed). */
static int set_stored(sqlite3 *db, int64_t key)
{
    int64_t unused;
    return query_int(db, "SELECT key FROM sets WHERE key = ?", key, &unused);
}

/*
 * The set's bar samples, packed and compressed. Out of memory keeps the set without its
 * samples (the set matters more than its evidence); a failed insert fails the set.
 */
static int insert_imu(sqlite3 *db, const struct live_set *set, const struct imu_track *t)
{
    int64_t set_key = set->key;
    char ref[UNIT_REF_JSON_MAX];
    if (set->began_from_ref)
        unit_ref_to_json(set->bar_unit, &set->start_ref, ref);
    size_t packed_max = imu_track_pack_max(t->n);
    uLongf zlen = compressBound((uLong)packed_max);
    unsigned char *packed = malloc(packed_max), *z = malloc(zlen);
    int rc = 0;
    if (packed && z) {
        size_t len = imu_track_pack(t, packed);
        if (compress2(z, &zlen, packed, (uLong)len, IMU_ZLIB_LEVEL) == Z_OK) {
            sqlite3_stmt *q;
            rc = -1;
            if (sqlite3_prepare_v2(db,
                                   "INSERT INTO imu_records (set_key, format, clock, t0_us, "
                                   "span_us, n_samples, accel_fs_g, gyro_fs_dps, truncated, "
                                   "samples, bar_unit, unit_ref) "
                                   "VALUES (?, ?, 'kiosk', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                   -1, &q, NULL) == SQLITE_OK) {
                sqlite3_bind_int64(q, 1, set_key);
                sqlite3_bind_int(q, 2, IMU_RECORD_FORMAT);
                sqlite3_bind_int64(q, 3, t->t0_us);
                sqlite3_bind_int64(q, 4, t->t_off_us[t->n - 1]);
                sqlite3_bind_int(q, 5, t->n);
                sqlite3_bind_int(q, 6, IMU_RECORD_ACCEL_FS_G);
                sqlite3_bind_int(q, 7, IMU_RECORD_GYRO_FS_DPS);
                sqlite3_bind_int(q, 8, t->truncated);
                sqlite3_bind_blob(q, 9, z, (int)zlen, SQLITE_STATIC);
                if (set->bar_unit[0])
                    sqlite3_bind_text(q, 10, set->bar_unit, -1, SQLITE_STATIC);
                if (set->began_from_ref)
                    sqlite3_bind_text(q, 11, ref, -1, SQLITE_STATIC);
                rc = sqlite3_step(q) == SQLITE_DONE ? 0 : -1;
                sqlite3_finalize(q);
            }
        }
    }
    free(packed);
    free(z);
    return rc;
}

/* What the set learned of its bar unit: where the unit's next set starts. */
static int learned_unit(sqlite3 *db, const struct live_set *set, int64_t t_wall_us)
{
    char ref[UNIT_REF_JSON_MAX];
    unit_ref_to_json(set->bar_unit, &set->learned_ref, ref);
    return run(db,
               "INSERT INTO bar_units (serial, unit_ref, set_key, updated_us) VALUES (?, ?, ?, ?) "
               "ON CONFLICT (serial) DO UPDATE SET unit_ref = excluded.unit_ref, "
               "set_key = excluded.set_key, updated_us = excluded.updated_us",
               "ssii", set->bar_unit, ref, set->key, t_wall_us);
}

/*
 * The set, its reps and its flags in one transaction at synchronous=FULL: once this
 * returns 0 the set survives a power cut, which is what "saved" on the screen promises.
 * The session row is created in the same transaction if it is missing, and a set that
 * is already there counts as saved, so a retry or a replayed journal never doubles it.
 */
static int set_done(struct store *st, const struct store_req *req, char err[STORE_ERR_MAX])
{
    const struct effect *e = &req->e;
    sqlite3 *db = st->wdb;
    const struct live_set *s = e->set;
    bool known = false;
    for (int i = 0; i < st->n_ex; i++)
        known |= st->ex[i].id == s->exercise_id;
    if (!known) {
        store_errf(err, "cannot save set %lld: exercise %lld is not on this rack",
                   (long long)s->key, (long long)s->exercise_id);
        return -1;
    }
    const char *what = "cannot save the set";
    sqlite3_exec(db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
    int rc = store_begin(db, what, err);
    if (rc == 0) {
        int stored = set_stored(db, s->key);
        rc = stored < 0 ? -1 : 0;
        if (rc == 0 && stored == 0) {
            rc = repair_session(db, e);
            if (rc == 0)
                rc = run(db,
                         "INSERT INTO sets (key, session_key, member_id, exercise_id, started_us, "
                         "load_g, declared, target_reps, reps_done, clean, stopped, left_pct) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         "iniiiiiiiiii", s->key, e->session_key, e->member_id, s->exercise_id,
                         s->t_start_wall_us, (int64_t)s->load_g, (int64_t)s->declared,
                         (int64_t)s->target_reps, (int64_t)s->n_reps, (int64_t)s->clean,
                         (int64_t)s->stopped, (int64_t)s->left_pct);
            /* Phase bounds count from the set's first recorded bar sample, the first line
             * of its exported trace (analyze-imu's zero), else from the set's start. */
            bool recorded = req->imu && req->imu->set_key == s->key && req->imu->n > 0;
            int64_t origin_us = recorded ? req->imu->t0_us : s->t_start_us;
            for (int i = 0; rc == 0 && i < s->n_reps && i < SET_MAX_REPS; i++)
                rc = insert_rep(db, s->key, i + 1, &s->reps[i], origin_us);
            for (int i = 0; rc == 0 && i < s->n_flags && i < SET_MAX_FLAGS; i++)
                rc = insert_flag(db, e, s->key, &s->flags[i]);
            if (rc == 0 && req->imu && req->imu->set_key == s->key && req->imu->n > 0)
                rc = insert_imu(db, s, req->imu);
            if (rc == 0 && s->learned && s->bar_unit[0])
                rc = learned_unit(db, s, e->t_wall_us);
        }
        if (rc != 0)
            rc = fail(db, what, err);
        else
            rc = store_commit(db, what, err);
    }
    sqlite3_exec(db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
    return rc;
}

static int64_t gym_day(const struct store *st, int64_t wall_us)
{
    return store_gym_day(wall_us, st->day_start_min);
}

/*
 * The check-in, and what it decides for the rest of the gym's day: the highest pain and
 * any red flag only ever add up until a trainer clears the day. It fills in a session row
 * a set or a flag had to create before it landed.
 */
static int session_open(struct store *st, const struct effect *e, char err[STORE_ERR_MAX])
{
    sqlite3 *db = st->wdb;
    int64_t mask = red_flag_mask(e->red_flags);
    if (store_begin(db, "cannot record the check-in", err) != 0)
        return -1;
    if (run(db,
            "INSERT INTO sessions (key, member_id, started_us, pain, red_flags, body_g) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
            "started_us = excluded.started_us, pain = excluded.pain, "
            "red_flags = excluded.red_flags, body_g = excluded.body_g",
            "iiiiin", e->session_key, e->member_id, e->t_wall_us, (int64_t)e->pain, mask,
            (int64_t)e->body_g) != 0 ||
        run(db,
            "INSERT INTO day_checkins (member_id, day, pain_max, red_flags, no_lift, updated_us) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (member_id, day) DO UPDATE SET "
            "pain_max = max(pain_max, excluded.pain_max), "
            "red_flags = red_flags | excluded.red_flags, "
            "no_lift = no_lift OR excluded.no_lift, updated_us = excluded.updated_us",
            "iiiiii", e->member_id, gym_day(st, e->t_wall_us), (int64_t)e->pain, mask,
            (int64_t)(e->no_lift ? 1 : 0), e->t_wall_us) != 0) {
        store_db_err(db, "cannot record the check-in", err);
        store_rollback(db);
        return -1;
    }
    return store_commit(db, "cannot record the check-in", err);
}

/* A warm-up finished: a lifter coming back within the hour need not repeat it. */
static int warmup_done(struct store *st, const struct effect *e, char err[STORE_ERR_MAX])
{
    if (run(st->wdb,
            "INSERT INTO day_checkins (member_id, day, warmup_done_us, updated_us) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (member_id, day) DO UPDATE SET "
            "warmup_done_us = excluded.warmup_done_us, updated_us = excluded.updated_us",
            "iiii", e->member_id, gym_day(st, e->t_wall_us), e->t_wall_us, e->t_wall_us) != 0) {
        store_db_err(st->wdb, "cannot record the warm-up", err);
        return -1;
    }
    return 0;
}

/*
 * A trainer lifts a lifter's no-lifting day, with a reason: the day starts afresh (the
 * lifter answers again) and the flag that caused it counts as reviewed in the same words.
 */
static int clear_day(struct store *st, const struct effect *e, char err[STORE_ERR_MAX])
{
    sqlite3 *db = st->wdb;
    char note[NOTE_MAX_LEN + 24];
    snprintf(note, sizeof note, "Cleared to lift: %s", e->text);
    if (store_begin(db, "cannot record the clearance", err) != 0)
        return -1;
    if (run(db,
            "UPDATE day_checkins SET no_lift = 0, red_flags = 0, pain_max = -1, cleared_us = ?, "
            "cleared_by = ?, cleared_reason = ?, updated_us = ? WHERE member_id = ? AND day = ?",
            "iisiii", e->t_wall_us, e->member_id, e->text, e->t_wall_us, e->key,
            gym_day(st, e->t_wall_us)) != 0 ||
        (e->exercise_id != 0 &&
         run(db,
             "INSERT INTO acknowledgements (flag_id, t_us, by_member_id, note) "
             "SELECT ?, ?, ?, ? WHERE NOT EXISTS "
             "(SELECT 1 FROM acknowledgements WHERE flag_id = ?)",
             "iiisi", e->exercise_id, e->t_wall_us, e->member_id, note, e->exercise_id) != 0) ||
        trainer_action(db, e, "clear_day", e->key, e->exercise_id, 0, 0, e->text) != 0) {
        store_db_err(db, "cannot record the clearance", err);
        store_rollback(db);
        return -1;
    }
    return store_commit(db, "cannot record the clearance", err);
}

/* The row and its end in one transaction, so a log-out never depends on the check-in. */
static int session_close(sqlite3 *db, const struct effect *e, char err[STORE_ERR_MAX])
{
    const char *what = "cannot record the log-out";
    if (store_begin(db, what, err) != 0)
        return -1;
    if (repair_session(db, e) != 0 || run(db, "UPDATE sessions SET ended_us = ? WHERE key = ?",
                                          "ii", e->t_wall_us, e->session_key) != 0)
        return fail(db, what, err);
    return store_commit(db, what, err);
}

static int flag(sqlite3 *db, const struct effect *e, char err[STORE_ERR_MAX])
{
    const char *what = "cannot record the flag";
    if (store_begin(db, what, err) != 0)
        return -1;
    if (repair_session(db, e) != 0 || insert_flag(db, e, 0, &e->flag) != 0)
        return fail(db, what, err);
    return store_commit(db, what, err);
}

/* A trainer PIN lockout started here: a record (its uid and the outbox by trigger), so
 * every rack holds it, and this one after a restart. */
static int pin_lockout(sqlite3 *db, const struct effect *e, char err[STORE_ERR_MAX])
{
    if (run(db,
            "INSERT INTO pin_lockouts (t_us, until_us, member_id) VALUES (?1, max(?1, ?2), "
            "(SELECT id FROM members WHERE id = ?3))",
            "iii", e->t_wall_us, e->key, e->member_id) != 0) {
        store_db_err(db, "cannot record the PIN lockout", err);
        return -1;
    }
    return 0;
}

/* After a good PIN, a hash made with older, weaker settings is replaced by today's. */
static void upgrade_pin_hash(sqlite3 *db, int64_t member_id, const char *old, const char *pin)
{
    char hash[PIN_HASH_MAX_LEN];
    if (!store_pin_needs_rehash(old) || store_pin_hash(pin, hash) != 0)
        return;
    /* best effort: the old hash still works if this cannot be written */
    run(db, "UPDATE members SET pin_hash = ? WHERE id = ? AND pin_hash = ?", "sis", hash, member_id,
        old);
}

static int verify_pin(sqlite3 *db, const struct effect *e, char err[STORE_ERR_MAX])
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT pin_hash FROM members WHERE id = ? AND role = 'trainer'", -1,
                           &q, NULL) != SQLITE_OK) {
        store_db_err(db, "cannot check the PIN", err);
        return -1;
    }
    sqlite3_bind_int64(q, 1, e->member_id);
    int rc = sqlite3_step(q);
    char stored[PIN_HASH_MAX_LEN] = "";
    if (rc == SQLITE_ROW && sqlite3_column_text(q, 0))
        snprintf(stored, sizeof stored, "%s", (const char *)sqlite3_column_text(q, 0));
    bool ok = rc == SQLITE_ROW && store_pin_verify(stored, e->text);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        store_db_err(db, "cannot check the PIN", err);
    else if (!ok)
        store_errf(err, "wrong PIN");
    sqlite3_finalize(q);
    if (ok)
        upgrade_pin_hash(db, e->member_id, stored, e->text);
    return ok ? 0 : -1;
}

static bool valid_pin(const char *pin);

/* A trainer's own PIN: the old one must match; the new one (the same digit rules as
 * `member add`) is stored only as its argon2id hash. */
static int change_pin(sqlite3 *db, const struct effect *e, char err[STORE_ERR_MAX])
{
    char old_pin[PIN_MAX_DIGITS + 1] = "", new_pin[PIN_MAX_DIGITS + 1] = "";
    const char *sp = strchr(e->text, ' ');
    size_t old_len = sp ? (size_t)(sp - e->text) : 0;
    if (!sp || old_len > PIN_MAX_DIGITS || strlen(sp + 1) > PIN_MAX_DIGITS) {
        store_errf(err, "a PIN is %d to %d digits", PIN_MIN_DIGITS, PIN_MAX_DIGITS);
        return -1;
    }
    memcpy(old_pin, e->text, old_len);
    snprintf(new_pin, sizeof new_pin, "%s", sp + 1);
    if (!valid_pin(new_pin)) {
        store_errf(err, "a PIN is %d to %d digits", PIN_MIN_DIGITS, PIN_MAX_DIGITS);
        return -1;
    }
    struct effect check = *e;
    snprintf(check.text, sizeof check.text, "%s", old_pin);
    int rc = verify_pin(db, &check, err); /* "wrong PIN" when it does not match */
    sodium_memzero(check.text, sizeof check.text);
    sodium_memzero(old_pin, sizeof old_pin);
    if (rc != 0) {
        sodium_memzero(new_pin, sizeof new_pin);
        return -1;
    }
    char hash[PIN_HASH_MAX_LEN];
    rc = store_pin_hash(new_pin, hash);
    sodium_memzero(new_pin, sizeof new_pin);
    if (rc != 0) {
        store_errf(err, "cannot hash the PIN (out of memory?)");
        return -1;
    }
    if (run(db, "UPDATE members SET pin_hash = ? WHERE id = ? AND role = 'trainer'", "si", hash,
            e->member_id) != 0) {
        store_db_err(db, "cannot store the new PIN", err);
        return -1;
    }
    return 0;
}

static int ack_flag(sqlite3 *db, const struct effect *e, char err[STORE_ERR_MAX])
{
    if (store_begin(db, "cannot record the acknowledgement", err) != 0)
        return -1;
    if (run(db,
            "INSERT INTO acknowledgements (flag_id, t_us, by_member_id, note) VALUES (?, ?, ?, ?)",
            "iiis", e->key, e->t_wall_us, e->member_id, e->text) != 0 ||
        trainer_action(db, e, "ack", 0, e->key, 0, 0, e->text) != 0) {
        store_db_err(db, "cannot record the acknowledgement", err);
        store_rollback(db);
        return -1;
    }
    return store_commit(db, "cannot record the acknowledgement", err);
}

static int load_flags(struct store *st, const struct effect *e, struct store_done *done)
{
    sqlite3 *db = st->wdb;
    done->page = calloc(1, sizeof *done->page);
    if (!done->page) {
        store_errf(done->err, "cannot load flags: out of memory");
        return -1;
    }
    /* one read transaction for the whole window: its statements (a lifter's name, a flag
       read whole) then share one lock and one look at the WAL instead of one each */
    bool own =
        sqlite3_get_autocommit(db) && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
    int rc = store_query_review_page(db, gym_day(st, e->t_wall_us), st->day_start_min, &e->flags_q,
                                     SESSION_MAX_FLAG_VIEWS, &st->review_key, done->page);
    if (rc != 0)
        store_db_err(db, "cannot load flags", done->err);
    if (own)
        sqlite3_exec(db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static int load_detail(sqlite3 *db, const struct effect *e, struct store_done *done)
{
    done->detail = calloc(1, sizeof *done->detail);
    if (!done->detail) {
        store_errf(done->err, "cannot load the set: out of memory");
        return -1;
    }
    int rc = store_query_set_detail(db, e->key, done->detail);
    if (rc < 0)
        store_db_err(db, "cannot load the set", done->err);
    else if (rc == 0)
        store_errf(done->err, "set %lld is not in the database", (long long)e->key);
    return rc == 1 ? 0 : -1;
}

/* A lifter's story up to today's gym day (the core works out its pictures). */
static int load_story(struct store *st, const struct effect *e, struct store_done *done)
{
    done->story = calloc(1, sizeof *done->story);
    if (!done->story) {
        store_errf(done->err, "cannot load the lifter's story: out of memory");
        return -1;
    }
    int rc = store_query_story(st->wdb, e->key, gym_day(st, e->t_wall_us), st->day_start_min,
                               done->story);
    if (rc < 0)
        store_db_err(st->wdb, "cannot load the lifter's story", done->err);
    else if (rc == 0)
        store_errf(done->err, "member %lld is not in the database", (long long)e->key);
    return rc == 1 ? 0 : -1;
}

static int start_load(sqlite3 *db, int64_t member_id, int64_t exercise_id, int32_t load_g,
                      char err[STORE_ERR_MAX]);
static int enrol(sqlite3 *db, const struct effect *e, struct store_done *done);
static int load_badges(sqlite3 *db, const struct effect *e, struct store_done *done);
static int take_badge(sqlite3 *db, const struct effect *e, struct store_done *done);
static int override(sqlite3 *db, int64_t member_id, int64_t exercise_id, int64_t day,
                    int32_t load_g, const char *reason, int64_t by_member_id,
                    char err[STORE_ERR_MAX]);

static int64_t count_lifters(sqlite3 *db, const char *text);

/* The lifters a trainer can set loads for (or give a badge to), by name; with a text, those
 * whose name holds it, whatever the case and accents (fold(), name_fold.h). The text may be
 * anywhere in the name (a surname), so no index could serve it: a gym's members are a scan. */
static int load_lifters(sqlite3 *db, const struct effect *e, struct store_done *done)
{
    done->lifters = calloc(SESSION_MAX_LIFTERS, sizeof *done->lifters);
    if (!done->lifters) {
        store_errf(done->err, "cannot list lifters: out of memory");
        return -1;
    }
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "SELECT id, name, count(*) OVER () FROM members WHERE role = 'lifter' "
                           "AND (?2 = '' OR instr(fold(name), fold(?2)) > 0) "
                           "ORDER BY fold(name), id LIMIT ?1 OFFSET ?3",
                           -1, &q, NULL) != SQLITE_OK) {
        store_db_err(db, "cannot list lifters", done->err);
        return -1;
    }
    /* a window of the matches from e->key on, and how many match in all */
    int64_t offset = e->key > 0 ? e->key : 0;
    done->lifters_offset = (int)offset;
    sqlite3_bind_int(q, 1, SESSION_MAX_LIFTERS);
    sqlite3_bind_text(q, 2, e->text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 3, offset);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && done->n_lifters < SESSION_MAX_LIFTERS) {
        struct lifter_view *l = &done->lifters[done->n_lifters++];
        l->id = sqlite3_column_int64(q, 0);
        const unsigned char *name = sqlite3_column_text(q, 1);
        snprintf(l->name, sizeof l->name, "%s", name ? (const char *)name : "");
        done->lifters_total = sqlite3_column_int(q, 2);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        store_db_err(db, "cannot list lifters", done->err);
        return -1;
    }
    if (done->n_lifters == 0) /* past the end: count them anyway */
        done->lifters_total = (int)count_lifters(db, e->text);
    return 0;
}

static int64_t count_lifters(sqlite3 *db, const char *text)
{
    sqlite3_stmt *q;
    int64_t n = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT count(*) FROM members WHERE role = 'lifter' "
                           "AND (?1 = '' OR instr(fold(name), fold(?1)) > 0)",
                           -1, &q, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(q, 1, text, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n;
}

/* The load and the trainer's action that set it, in one transaction. */
static int set_load(struct store *st, const struct effect *e, char err[STORE_ERR_MAX])
{
    sqlite3 *db = st->wdb;
    if (store_begin(db, "cannot set the load", err) != 0)
        return -1;
    int rc = e->override ? override(db, e->key, e->exercise_id, gym_day(st, e->t_wall_us),
                                    e->load_g, e->text, e->member_id, err)
                         : start_load(db, e->key, e->exercise_id, e->load_g, err);
    if (rc == 0 && trainer_action(db, e, e->override ? "override" : "start_load", e->key, 0,
                                  e->exercise_id, e->load_g, e->override ? e->text : "") != 0)
        rc = fail(db, "cannot record the trainer's action", err);
    if (rc != 0) {
        store_rollback(db);
        return -1;
    }
    return store_commit(db, "cannot set the load", err);
}

void store_execute(struct store *st, const struct store_req *req, struct store_done *done)
{
    const struct effect *e = &req->e;
    sqlite3 *db = st->wdb;
    memset(done, 0, sizeof *done);
    done->kind = e->kind;
    done->key = e->kind == EFFECT_SET_DONE && e->set ? e->set->key : e->key;
    store_clear_last_code();
    int rc = 0;
    switch (e->kind) {
    case EFFECT_SESSION_OPEN:
        rc = session_open(st, e, done->err);
        break;
    case EFFECT_SESSION_CLOSE:
        rc = session_close(db, e, done->err);
        break;
    case EFFECT_SET_DONE:
        rc = set_done(st, req, done->err);
        break;
    case EFFECT_FLAG:
        rc = flag(db, e, done->err);
        break;
    case EFFECT_VERIFY_PIN:
        rc = verify_pin(db, e, done->err);
        break;
    case EFFECT_CHANGE_PIN:
        rc = change_pin(db, e, done->err);
        break;
    case EFFECT_LOAD_FLAGS:
        rc = load_flags(st, e, done);
        break;
    case EFFECT_LOAD_DETAIL:
        rc = load_detail(db, e, done);
        break;
    case EFFECT_ACK_FLAG:
        rc = ack_flag(db, e, done->err);
        break;
    case EFFECT_LOAD_LIFTERS:
        rc = load_lifters(db, e, done);
        break;
    case EFFECT_SET_LOAD:
        rc = set_load(st, e, done->err);
        break;
    case EFFECT_WARMUP_DONE:
        rc = warmup_done(st, e, done->err);
        break;
    case EFFECT_CLEAR_DAY:
        rc = clear_day(st, e, done->err);
        break;
    case EFFECT_SCREENING:
        rc = store_write_screening(st, e, done->err);
        break;
    case EFFECT_LOAD_STORY:
        rc = load_story(st, e, done);
        break;
    case EFFECT_ENROL:
        rc = enrol(db, e, done);
        break;
    case EFFECT_CLEAR_SCREENING:
        rc = store_write_clear_screening(st, e, done->err);
        break;
    case EFFECT_MEMBER_PREFS:
        rc = store_write_prefs(st, e, done->err);
        break;
    case EFFECT_SAVE_CALIBRATION: /* the audit: the kiosk wrote the settings file first */
        rc = store_write_calibration(st, e, done->err);
        break;
    case EFFECT_LOAD_BADGES:
        rc = load_badges(db, e, done);
        break;
    case EFFECT_BADGE_REMOVE:
        rc = take_badge(db, e, done);
        break;
    case EFFECT_PIN_LOCKOUT:
        rc = pin_lockout(db, e, done->err);
        break;
    case EFFECT_NONE:
    case EFFECT_UNKNOWN_BADGE: /* the screen says so; nothing to keep */
        break;
    }
    done->ok = rc == 0;
    if (!done->ok) {
        store_done_release(done);
        done->retry = store_effect_is_record(e->kind) && store_code_is_transient(store_last_code());
    }
}

/* --- operator commands --- */

static bool valid_pin(const char *pin)
{
    size_t n = strlen(pin);
    if (n < PIN_MIN_DIGITS || n > PIN_MAX_DIGITS)
        return false;
    for (size_t i = 0; i < n; i++)
        if (pin[i] < '0' || pin[i] > '9')
            return false;
    return true;
}

/* Why a trainer at the rack was refused, for the page in the reader's language (r may be
 * NULL: rackside-ctl, whose words are the English in err). */
static void refuse(struct enrol_refused *r, enum enrol_refusal why, const char *a, const char *b)
{
    if (!r)
        return;
    r->why = why;
    const int most = ENROL_REFUSAL_ARG_MAX - 1; /* a long name is cut; the log has it whole */
    snprintf(r->args[0], sizeof r->args[0], "%.*s", most, a ? a : "");
    snprintf(r->args[1], sizeof r->args[1], "%.*s", most, b ? b : "");
}

/* hash: a trainer's PIN hash, made here from pin when empty (and left in it), else used as
 * it is (the demo's, made once a process) */
static int member_add_hashed(sqlite3 *db, const char *name, enum role role, const char *pin,
                             char hash[PIN_HASH_MAX_LEN], int64_t created_us, int64_t *id_out,
                             char err[STORE_ERR_MAX], struct enrol_refused *r)
{
    size_t len = strlen(name);
    if (len == 0 || len >= NAME_MAX_LEN) {
        store_errf(err, "a member's name must be 1 to %d bytes", NAME_MAX_LEN - 1);
        refuse(r, ENROL_REFUSED_NAME_BAD, NULL, NULL);
        return -1;
    }
    const char *bad = store_text_problem(name);
    if (bad) {
        store_errf(err, "the name %s: use letters, digits, spaces and punctuation", bad);
        refuse(r, ENROL_REFUSED_NAME_BAD, NULL, NULL);
        return -1;
    }
    if (role == ROLE_TRAINER) {
        if (!pin || !valid_pin(pin)) {
            store_errf(err, "a trainer needs a PIN of %d to %d digits", PIN_MIN_DIGITS,
                       PIN_MAX_DIGITS);
            return -1;
        }
        if (!hash[0] && store_pin_hash(pin, hash) != 0) {
            store_errf(err, "cannot hash the PIN (out of memory?)");
            return -1;
        }
    } else if (pin) {
        store_errf(err, "only trainers have a PIN");
        return -1;
    }
    int64_t existing;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT id FROM members WHERE name = ?", -1, &q, NULL) != SQLITE_OK)
        return fail(db, "cannot add member", err);
    sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        existing = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW) {
        store_errf(err, "a member called \"%s\" already exists (id %lld)", name,
                   (long long)existing);
        refuse(r, ENROL_REFUSED_NAME_TAKEN, name, NULL);
        return -1;
    }
    if (run(db, "INSERT INTO members (name, role, pin_hash, created_us) VALUES (?, ?, ?, ?)",
            "sssi", name, role == ROLE_TRAINER ? "trainer" : "lifter",
            role == ROLE_TRAINER ? hash : "", created_us) != 0)
        return fail(db, "cannot add member", err);
    if (id_out)
        *id_out = sqlite3_last_insert_rowid(db);
    return 0;
}

static int member_add(sqlite3 *db, const char *name, enum role role, const char *pin,
                      int64_t created_us, int64_t *id_out, char err[STORE_ERR_MAX],
                      struct enrol_refused *r)
{
    char hash[PIN_HASH_MAX_LEN] = "";
    return member_add_hashed(db, name, role, pin, hash, created_us, id_out, err, r);
}

int store_member_add(struct store *st, const char *name, enum role role, const char *pin,
                     int64_t *id_out, char err[STORE_ERR_MAX])
{
    pthread_mutex_lock(&st->wlock);
    int rc = member_add(st->wdb, name, role, pin, store_wall_now_us(), id_out, err, NULL);
    pthread_mutex_unlock(&st->wlock);
    return rc;
}

static bool valid_uid(const char *uid)
{
    size_t n = strlen(uid);
    if (n < UID_MIN_LEN || n >= BADGE_UID_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = uid[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            return false;
    }
    return true;
}

static int badge_add(sqlite3 *db, const char *uid, int64_t member_id, char err[STORE_ERR_MAX],
                     struct enrol_refused *r)
{
    if (!valid_uid(uid)) {
        store_errf(err, "badge \"%s\": a badge UID is 1 to %d letters or digits", uid,
                   BADGE_UID_MAX - 1);
        refuse(r, ENROL_REFUSED_BADGE_BAD, uid, NULL);
        return -1;
    }
    int64_t owner, unused;
    if (query_int(db, "SELECT id FROM members WHERE id = ?", member_id, &unused) != 1) {
        store_errf(err, "no member with id %lld", (long long)member_id);
        refuse(r, ENROL_REFUSED_NO_MEMBER, NULL, NULL);
        return -1;
    }
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT member_id FROM badges WHERE uid = ?", -1, &q, NULL) !=
        SQLITE_OK)
        return fail(db, "cannot add badge", err);
    sqlite3_bind_text(q, 1, uid, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        owner = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW) {
        if (owner == member_id)
            return 0;
        store_errf(err,
                   "badge %s already belongs to member %lld (remove it first: badge remove %s)",
                   uid, (long long)owner, uid);
        return -1;
    }
    if (run(db, "INSERT INTO badges (uid, member_id) VALUES (?, ?)", "si", uid, member_id) != 0)
        return fail(db, "cannot add badge", err);
    return 0;
}

/* One text column of a query with one text parameter into out; 1 found, 0 none, -1 error. */
static int query_text(sqlite3 *db, const char *sql, const char *arg, char *out, size_t n)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(q, 1, arg, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(q, 0);
        snprintf(out, n, "%s", t ? (const char *)t : "");
    }
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Who may be given a badge at the rack: a lifter (a trainer's badge opens the trainer's
 * screens, so it is given with rackside-ctl), by a trainer. */
static int enrol_check(sqlite3 *db, const struct effect *e, const char *uid,
                       char err[STORE_ERR_MAX], struct enrol_refused *r)
{
    int64_t is_trainer = 0, is_lifter = 1;
    char owner[NAME_MAX_LEN];
    int rc = query_text(db,
                        "SELECT m.name FROM badges b JOIN members m ON m.id = b.member_id "
                        "WHERE b.uid = ?",
                        uid, owner, sizeof owner);
    if (rc < 0)
        return fail(db, "cannot enrol the badge", err);
    if (rc == 1) {
        store_errf(err, "badge %s already belongs to %s", uid, owner);
        refuse(r, ENROL_REFUSED_OWNED, uid, owner);
        return -1;
    }
    if (query_int(db, "SELECT role = 'trainer' FROM members WHERE id = ?", e->member_id,
                  &is_trainer) != 1 ||
        !is_trainer) {
        store_errf(err, "only a signed-in trainer may give a badge");
        refuse(r, ENROL_REFUSED_NOT_TRAINER, NULL, NULL);
        return -1;
    }
    if (e->key != 0 && query_int(db, "SELECT role = 'lifter' FROM members WHERE id = ?", e->key,
                                 &is_lifter) != 1) {
        store_errf(err, "no member with id %lld", (long long)e->key);
        refuse(r, ENROL_REFUSED_NO_MEMBER, NULL, NULL);
        return -1;
    }
    if (!is_lifter) {
        store_errf(err, "a trainer's badge is given with rackside-ctl badge add");
        refuse(r, ENROL_REFUSED_TRAINER_BADGE, NULL, NULL);
        return -1;
    }
    return 0;
}

/*
 * A badge given at the rack (EFFECT_ENROL): to a new lifter, added as rackside-ctl member
 * add adds one, or to a lifter enrolled, given as rackside-ctl badge add gives it (the same
 * functions, so the member and the badge enter the outbox through the same triggers), and
 * the trainer's action, all in one transaction.
 */
static int enrol(sqlite3 *db, const struct effect *e, struct store_done *done)
{
    const char *what = "cannot enrol the badge";
    const char *sp = strchr(e->text, ' ');
    char uid[BADGE_UID_MAX];
    if (!sp || sp == e->text || (size_t)(sp - e->text) >= sizeof uid) {
        store_errf(done->err, "no badge to give");
        return -1;
    }
    snprintf(uid, sizeof uid, "%.*s", (int)(sp - e->text), e->text);
    const char *name = sp + 1;
    if (store_begin(db, what, done->err) != 0)
        return -1;
    int64_t id = e->key;
    int rc = enrol_check(db, e, uid, done->err, &done->refused);
    if (rc == 0 && id == 0)
        rc = member_add(db, name, ROLE_LIFTER, NULL, e->t_wall_us, &id, done->err, &done->refused);
    if (rc == 0)
        rc = badge_add(db, uid, id, done->err, &done->refused);
    char note[NOTE_MAX_LEN];
    snprintf(note, sizeof note, "badge %s%s", uid, e->key == 0 ? ", new member" : "");
    if (rc == 0 && trainer_action(db, e, "enrol", id, 0, 0, 0, note) != 0)
        rc = fail(db, what, done->err);
    char id_text[24];
    snprintf(id_text, sizeof id_text, "%lld", (long long)id);
    if (rc == 0 && query_text(db, "SELECT name FROM members WHERE id = CAST(? AS INTEGER)", id_text,
                              done->name, sizeof done->name) != 1)
        rc = fail(db, what, done->err);
    if (rc != 0) {
        store_rollback(db);
        return -1;
    }
    done->key = id; /* the member who has the badge now */
    return store_commit(db, what, done->err);
}

int store_badge_add(struct store *st, const char *uid, int64_t member_id, char err[STORE_ERR_MAX])
{
    pthread_mutex_lock(&st->wlock);
    int rc = badge_add(st->wdb, uid, member_id, err, NULL);
    pthread_mutex_unlock(&st->wlock);
    return rc;
}

/* Takes a badge away (its row goes; the outbox's trigger records it taken), as rackside-ctl
 * badge remove and the kiosk's trainer both do. */
static int badge_remove(sqlite3 *db, const char *uid, char err[STORE_ERR_MAX])
{
    int rc = run(db, "DELETE FROM badges WHERE uid = ?", "s", uid);
    if (rc != 0)
        store_db_err(db, "cannot remove badge", err);
    else if (sqlite3_changes(db) == 0) {
        store_errf(err, "no badge %s", uid);
        rc = -1;
    }
    return rc;
}

int store_badge_remove(struct store *st, const char *uid, char err[STORE_ERR_MAX])
{
    pthread_mutex_lock(&st->wlock);
    int rc = badge_remove(st->wdb, uid, err);
    pthread_mutex_unlock(&st->wlock);
    return rc;
}

/* rackside-ctl ack: the kiosk's acknowledgement (ack_flag), for a flag nobody has
 * acknowledged yet, by a trainer. */
int store_ack_flag(struct store *st, int64_t flag_id, int64_t by_member_id, const char *note,
                   char err[STORE_ERR_MAX])
{
    const char *bad = store_text_problem(note);
    if (bad || strlen(note) >= NOTE_MAX_LEN) {
        store_errf(err, "the note %s", bad ? bad : "is too long");
        return -1;
    }
    struct effect e = {.kind = EFFECT_ACK_FLAG, .key = flag_id, .member_id = by_member_id};
    e.t_wall_us = store_wall_now_us();
    snprintf(e.text, sizeof e.text, "%s", note);
    pthread_mutex_lock(&st->wlock);
    sqlite3 *db = st->wdb;
    int64_t v = 0;
    int rc = -1;
    if (query_int(db, "SELECT id FROM flags WHERE id = ?", flag_id, &v) != 1)
        store_errf(err, "no flag with id %lld", (long long)flag_id);
    else if (query_int(db, "SELECT count(*) FROM acknowledgements WHERE flag_id = ?", flag_id,
                       &v) != 1 ||
             v > 0)
        store_errf(err, "flag %lld is already acknowledged", (long long)flag_id);
    else if (query_int(db, "SELECT role = 'trainer' FROM members WHERE id = ?", by_member_id, &v) !=
                 1 ||
             !v)
        store_errf(err, "only a trainer may acknowledge a flag");
    else
        rc = ack_flag(db, &e, err);
    pthread_mutex_unlock(&st->wlock);
    return rc;
}

/* A member's badges, for a trainer taking a lost one away (EFFECT_LOAD_BADGES). */
static int load_badges(sqlite3 *db, const struct effect *e, struct store_done *done)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT uid FROM badges WHERE member_id = ? ORDER BY uid LIMIT ?",
                           -1, &q, NULL) != SQLITE_OK) {
        store_db_err(db, "cannot list the badges", done->err);
        return -1;
    }
    sqlite3_bind_int64(q, 1, e->key);
    sqlite3_bind_int(q, 2, ENROL_BADGES_MAX);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && done->n_badges < ENROL_BADGES_MAX) {
        const unsigned char *uid = sqlite3_column_text(q, 0);
        snprintf(done->badges[done->n_badges++], ENROL_UID_MAX, "%s", uid ? (const char *)uid : "");
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        store_db_err(db, "cannot list the badges", done->err);
        return -1;
    }
    return 0;
}

/*
 * A lost badge taken away at the rack (EFFECT_BADGE_REMOVE): the badge must be the member's
 * (.key) and the one asking a trainer (.member_id); it goes as rackside-ctl badge remove
 * takes it (the same function, so the outbox records it the same way), with the trainer's
 * action, in one transaction.
 */
static int take_badge(sqlite3 *db, const struct effect *e, struct store_done *done)
{
    char *err = done->err;
    const char *what = "cannot take the badge away";
    int64_t owner = 0, is_trainer = 0;
    if (store_begin(db, what, err) != 0)
        return -1;
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(db, "SELECT member_id FROM badges WHERE uid = ?", -1, &q, NULL);
    if (rc != SQLITE_OK) {
        rc = fail(db, what, err);
    } else {
        sqlite3_bind_text(q, 1, e->text, -1, SQLITE_TRANSIENT);
        int step = sqlite3_step(q);
        if (step == SQLITE_ROW)
            owner = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
        rc = 0;
        if (step != SQLITE_ROW || owner != e->key) {
            store_errf(err, "badge %s is not that member's any more", e->text);
            refuse(&done->refused, ENROL_REFUSED_NOT_THEIRS, e->text, NULL);
            rc = -1;
        }
    }
    if (rc == 0 && (query_int(db, "SELECT role = 'trainer' FROM members WHERE id = ?", e->member_id,
                              &is_trainer) != 1 ||
                    !is_trainer)) {
        store_errf(err, "only a signed-in trainer may take a badge away");
        refuse(&done->refused, ENROL_REFUSED_NOT_TRAINER, NULL, NULL);
        rc = -1;
    }
    if (rc == 0)
        rc = badge_remove(db, e->text, err);
    char note[NOTE_MAX_LEN];
    snprintf(note, sizeof note, "badge %.31s", e->text);
    if (rc == 0 && trainer_action(db, e, "badge_remove", e->key, 0, 0, 0, note) != 0)
        rc = fail(db, what, err);
    if (rc != 0) {
        store_rollback(db);
        return -1;
    }
    return store_commit(db, what, err);
}

static int check_member_exercise(sqlite3 *db, int64_t member_id, int64_t exercise_id,
                                 int32_t load_g, char err[STORE_ERR_MAX])
{
    int64_t unused;
    if (query_int(db, "SELECT id FROM members WHERE id = ?", member_id, &unused) != 1) {
        store_errf(err, "no member with id %lld", (long long)member_id);
        return -1;
    }
    if (query_int(db, "SELECT id FROM exercises WHERE id = ?", exercise_id, &unused) != 1) {
        store_errf(err, "no exercise with id %lld", (long long)exercise_id);
        return -1;
    }
    if (load_g <= 0 || load_g > LOAD_MAX_G) {
        store_errf(err, "load %d g is out of range (1 g to %d kg)", load_g, LOAD_MAX_G / KG);
        return -1;
    }
    return 0;
}

/* Both run with the write lock held: by the public calls below or by store_execute. */
static int start_load(sqlite3 *db, int64_t member_id, int64_t exercise_id, int32_t load_g,
                      char err[STORE_ERR_MAX])
{
    int rc = check_member_exercise(db, member_id, exercise_id, load_g, err);
    if (rc == 0 &&
        run(db,
            "INSERT INTO start_loads (member_id, exercise_id, load_g) VALUES (?, ?, ?) "
            "ON CONFLICT (member_id, exercise_id) DO UPDATE SET load_g = excluded.load_g",
            "iii", member_id, exercise_id, (int64_t)load_g) != 0)
        rc = fail(db, "cannot set the start load", err);
    return rc;
}

static int override(sqlite3 *db, int64_t member_id, int64_t exercise_id, int64_t day,
                    int32_t load_g, const char *reason, int64_t by_member_id,
                    char err[STORE_ERR_MAX])
{
    if (!reason || !reason[0]) {
        store_errf(err, "an override needs a reason");
        return -1;
    }
    const char *bad = store_text_problem(reason);
    if (bad || strlen(reason) >= NOTE_MAX_LEN) {
        store_errf(err, "the reason %s", bad ? bad : "is too long");
        return -1;
    }
    int64_t role_ok = 0;
    int rc = check_member_exercise(db, member_id, exercise_id, load_g, err);
    if (rc == 0 && query_int(db, "SELECT role = 'trainer' FROM members WHERE id = ?", by_member_id,
                             &role_ok) != 1) {
        store_errf(err, "no member with id %lld", (long long)by_member_id);
        rc = -1;
    } else if (rc == 0 && !role_ok) {
        store_errf(err, "only a trainer may override a cap");
        rc = -1;
    }
    if (rc == 0 &&
        run(db,
            "INSERT INTO overrides (member_id, exercise_id, day, load_g, reason, by_member_id) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (member_id, exercise_id, day) DO UPDATE SET "
            "load_g = excluded.load_g, reason = excluded.reason, "
            "by_member_id = excluded.by_member_id",
            "iiiisi", member_id, exercise_id, day, (int64_t)load_g, reason, by_member_id) != 0)
        rc = fail(db, "cannot record the override", err);
    return rc;
}

/* by_member_id, when given, must be a trainer: the action is recorded against them. */
static int check_trainer(sqlite3 *db, int64_t by_member_id, char err[STORE_ERR_MAX])
{
    int64_t is_trainer = 0;
    if (!by_member_id)
        return 0;
    if (query_int(db, "SELECT role = 'trainer' FROM members WHERE id = ?", by_member_id,
                  &is_trainer) != 1) {
        store_errf(err, "no member with id %lld", (long long)by_member_id);
        return -1;
    }
    if (!is_trainer) {
        store_errf(err, "only a trainer may set a lifter's loads");
        return -1;
    }
    return 0;
}

/* The operator's load commands: the load and the trainer's action (by whom, 0: the operator
 * without --by) in one transaction, as the kiosk's Loads page records them. */
int store_set_start_load(struct store *st, int64_t member_id, int64_t exercise_id, int32_t load_g,
                         int64_t by_member_id, char err[STORE_ERR_MAX])
{
    const char *what = "cannot set the start load";
    pthread_mutex_lock(&st->wlock);
    sqlite3 *db = st->wdb;
    int rc = store_begin(db, what, err);
    if (rc == 0) {
        rc = check_trainer(db, by_member_id, err);
        if (rc == 0)
            rc = start_load(db, member_id, exercise_id, load_g, err);
        if (rc == 0 && store_record_action(db, store_wall_now_us(), by_member_id, "start_load",
                                           member_id, 0, exercise_id, load_g, "") != 0)
            rc = fail(db, what, err);
        if (rc != 0)
            store_rollback(db);
        else
            rc = store_commit(db, what, err);
    }
    pthread_mutex_unlock(&st->wlock);
    return rc;
}

int store_set_override(struct store *st, int64_t member_id, int64_t exercise_id, int64_t day,
                       int32_t load_g, const char *reason, int64_t by_member_id,
                       char err[STORE_ERR_MAX])
{
    const char *what = "cannot record the override";
    pthread_mutex_lock(&st->wlock);
    sqlite3 *db = st->wdb;
    int rc = store_begin(db, what, err);
    if (rc == 0) {
        rc = override(db, member_id, exercise_id, day, load_g, reason, by_member_id, err);
        if (rc == 0 && store_record_action(db, store_wall_now_us(), by_member_id, "override",
                                           member_id, 0, exercise_id, load_g, reason) != 0)
            rc = fail(db, what, err);
        if (rc != 0)
            store_rollback(db);
        else
            rc = store_commit(db, what, err);
    }
    pthread_mutex_unlock(&st->wlock);
    return rc;
}

/* --- first-start demo --- */

/* Sam's back squat over the last weeks: clean sets climbing 60 -> 70 kg, last one 8 days ago. */
static const struct {
    int days_ago;
    int32_t load_g;
} demo_history[] = {
    {29, 60000}, {26, 62500}, {22, 65000}, {19, 65000}, {15, 67500}, {12, 67500}, {8, 70000},
};

#define DEMO_EXERCISE     "Back squat"
#define DEMO_START_LOAD_G 40000 /* Alex's back squat start load */
#define DEMO_PAIN         1
#define DEMO_BODY_G       78000
#define DEMO_LEFT_PCT     50
#define DEMO_HOUR_US      (18LL * 3600 * 1000000LL) /* sessions at 18:00 local */
#define DEMO_SET_GAP_US   (3LL * 60 * 1000000LL)

static int64_t demo_exercise(const struct store *st)
{
    for (int i = 0; i < st->n_ex; i++)
        if (strcmp(st->ex[i].name, DEMO_EXERCISE) == 0)
            return st->ex[i].id;
    return st->n_ex > 0 ? st->ex[0].id : 0;
}

static int seed_history(sqlite3 *db, const struct store *st, int64_t member_id, int64_t now_us)
{
    int64_t squat = demo_exercise(st);
    int64_t today = store_local_day(now_us);
    for (size_t i = 0; i < sizeof demo_history / sizeof demo_history[0]; i++) {
        int64_t start_us;
        store_local_day_bounds(today - demo_history[i].days_ago, &start_us, NULL);
        start_us += DEMO_HOUR_US;
        /* keys from the wall clock of the past, below anything the kiosk hands out today */
        int64_t session_key = start_us;
        if (run(db,
                "INSERT INTO sessions (key, member_id, started_us, ended_us, pain, red_flags, "
                "body_g) VALUES (?, ?, ?, ?, ?, 0, ?)",
                "iiiiii", session_key, member_id, start_us,
                start_us + (DEMO_HISTORY_SETS + 1) * DEMO_SET_GAP_US, (int64_t)DEMO_PAIN,
                (int64_t)DEMO_BODY_G) != 0)
            return -1;
        for (int k = 1; k <= DEMO_HISTORY_SETS; k++) {
            int64_t t_us = start_us + k * DEMO_SET_GAP_US;
            if (run(db,
                    "INSERT INTO sets (key, session_key, member_id, exercise_id, started_us, "
                    "load_g, declared, target_reps, reps_done, clean, stopped, left_pct) "
                    "VALUES (?, ?, ?, ?, ?, ?, 0, 5, 5, 1, 0, ?)",
                    "iiiiiii", t_us, session_key, member_id, squat, t_us,
                    (int64_t)demo_history[i].load_g, (int64_t)DEMO_LEFT_PCT) != 0)
                return -1;
        }
    }
    return 0;
}

static int seed(struct store *st, int64_t now_us, struct store_demo_pins *pins,
                char err[STORE_ERR_MAX])
{
    sqlite3 *db = st->wdb;
    int64_t count;
    if (query_int(db, "SELECT count(*) FROM members", 0, &count) != 1)
        return fail(db, "cannot seed the demo", err);
    if (count > 0)
        return 0;
    const struct demo_badge *badges;
    int n = store_demo_badges(&badges);
    for (int i = 0; i < n; i++) {
        int64_t id;
        char own[PIN_HASH_MAX_LEN] = "";
        char *hash = pins && i < STORE_DEMO_BADGES_MAX ? pins->hash[i] : own;
        if (member_add_hashed(db, badges[i].name, badges[i].role, badges[i].pin, hash, now_us, &id,
                              err, NULL) != 0 ||
            badge_add(db, badges[i].uid, id, err, NULL) != 0)
            return -1;
        bool sam = strcmp(badges[i].name, "Sam Okafor") == 0;
        bool alex = strcmp(badges[i].name, "Alex Rivera") == 0;
        if (sam && seed_history(db, st, id, now_us) != 0)
            return fail(db, "cannot seed the demo history", err);
        if (alex &&
            run(db, "INSERT INTO start_loads (member_id, exercise_id, load_g) VALUES (?, ?, ?)",
                "iii", id, demo_exercise(st), (int64_t)DEMO_START_LOAD_G) != 0)
            return fail(db, "cannot seed the demo start load", err);
    }
    /* the demo's lifters have answered the enrolment screen (all no) */
    if (store_seed_screenings(db, gym_day(st, now_us), now_us) != 0)
        return fail(db, "cannot seed the demo's enrolment screens", err);
    return 1;
}

int store_seed_demo(struct store *st, char err[STORE_ERR_MAX])
{
    return store_seed_demo_at(st, store_wall_now_us(), NULL, err);
}

int store_seed_demo_at(struct store *st, int64_t now_wall_us, struct store_demo_pins *pins,
                       char err[STORE_ERR_MAX])
{
    pthread_mutex_lock(&st->wlock);
    int rc = store_begin(st->wdb, "cannot seed the demo", err);
    if (rc == 0) {
        rc = seed(st, now_wall_us, pins, err);
        if (rc < 0)
            store_rollback(st->wdb);
        else if (store_commit(st->wdb, "cannot seed the demo", err) != 0)
            rc = -1;
    }
    pthread_mutex_unlock(&st->wlock);
    return rc;
}
