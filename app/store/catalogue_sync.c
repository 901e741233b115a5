/*
 * The exercise catalogue into the database (store.h, store_sync_catalogue): sets refer to
 * exercises by row id, so a catalogue's exercise keeps its row across renames.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../core/catalogue.h"
#include "store_db.h"

/*
 * A catalogue exercise's UUID, the same at every rack of a gym: made from its id (a
 * version-8 UUID over a BLAKE2b hash of "rackside exercise " and the id), so the front
 * squat a gym adds to every rack's catalogue is one exercise on the gym server and a
 * lifter's front squats at rack 1 count at rack 2. The four first exercises already have
 * fixed UUIDs (schema step 7) and keep them. libsodium is started by store_open.
 */
static void exercise_uid(const char *key, char out[37])
{
    unsigned char h[16];
    char in[64];
    int n = snprintf(in, sizeof in, "rackside exercise %s", key);
    crypto_generichash(h, sizeof h, (const unsigned char *)in, (size_t)n, NULL, 0);
    h[6] = (unsigned char)((h[6] & 0x0f) | 0x80); /* version 8 */
    h[8] = (unsigned char)((h[8] & 0x3f) | 0x80); /* RFC 9562 variant */
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

static int bind_exercise(sqlite3_stmt *q, const struct catalogue_exercise *e, int position,
                         const char *uid)
{
    /* every statement names ?11, so ?10 is bound in those that leave it unused too */
    sqlite3_bind_text(q, 10, uid, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 11, e->step_max_mu[RACK_LB]);
    sqlite3_bind_text(q, 1, e->name, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 2, e->upper_body);
    sqlite3_bind_int(q, 3, e->on_plate);
    sqlite3_bind_int(q, 4, e->target_reps);
    sqlite3_bind_int(q, 5, e->work_sets);
    sqlite3_bind_text(q, 6, e->con_first ? "concentric" : "eccentric", -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 7, position);
    sqlite3_bind_text(q, 8, e->key, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 9, e->step_max_mu[RACK_KG]); /* thousandths of a kilogram: grams */
    return sqlite3_step(q) == SQLITE_DONE ? 0 : -1;
}

/* By key, else a row of that name without a key, else the same exercise pulled from
 * another rack (its UUID), else a new row given the gym-wide UUID (the insert's trigger
 * has queued it for the gym server by row, so the server gets that UUID): 0 ok, -1 failed. */
static int upsert(sqlite3 *db, const struct catalogue_exercise *e, int position)
{
    static const char *const sql[] = {
        "UPDATE exercises SET name = ?1, upper_body = ?2, on_plate = ?3, target_reps = ?4, "
        "work_sets = ?5, starts = ?6, position = ?7, step_max_g = ?9, step_max_lb_mu = ?11 WHERE "
        "key = ?8",
        "UPDATE exercises SET upper_body = ?2, on_plate = ?3, target_reps = ?4, "
        "work_sets = ?5, starts = ?6, position = ?7, key = ?8, step_max_g = ?9, "
        "step_max_lb_mu = ?11 WHERE name = ?1 AND key IS NULL",
        "UPDATE exercises SET name = ?1, upper_body = ?2, on_plate = ?3, target_reps = ?4, "
        "work_sets = ?5, starts = ?6, position = ?7, key = ?8, step_max_g = ?9, "
        "step_max_lb_mu = ?11 WHERE uid = ?10 AND key IS NULL",
        "INSERT INTO exercises (name, upper_body, on_plate, target_reps, work_sets, starts, "
        "position, key, step_max_g, step_max_lb_mu) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
        "?11)",
    };
    char uid[37];
    exercise_uid(e->key, uid);
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        sqlite3_stmt *q;
        if (sqlite3_prepare_v2(db, sql[i], -1, &q, NULL) != SQLITE_OK)
            return -1;
        int rc = bind_exercise(q, e, position, uid);
        sqlite3_finalize(q);
        if (rc != 0)
            return -1;
        if (sqlite3_changes(db) == 0)
            continue;
        if (i + 1 < sizeof sql / sizeof sql[0])
            return 0;
        if (sqlite3_prepare_v2(db, "UPDATE exercises SET uid = ? WHERE id = last_insert_rowid()",
                               -1, &q, NULL) != SQLITE_OK)
            return -1;
        sqlite3_bind_text(q, 1, uid, -1, SQLITE_STATIC);
        rc = sqlite3_step(q) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(q);
        return rc;
    }
    return -1;
}

/* The catalogue's settings the database does not keep. */
static void add_catalogue_settings(struct exercise *x, const struct catalogue_exercise *e)
{
    snprintf(x->key, sizeof x->key, "%s", e->key);
    memcpy(x->tempo_ms, e->tempo_ms, sizeof x->tempo_ms);
    x->min_vel_mmps = e->min_vel_mmps;
    memcpy(x->step_max_mu, e->step_max_mu, sizeof x->step_max_mu);
    x->readiness_drop_pct = e->readiness_drop_pct;
    memcpy(x->names, e->names, sizeof x->names);
    x->n_names = e->n_names;
}

int store_sync_catalogue(struct store *st, const struct catalogue *c, struct exercise *out, int max,
                         char err[STORE_ERR_MAX])
{
    char what[STORE_ERR_MAX];
    snprintf(what, sizeof what, "cannot put the exercise catalogue into %.200s", st->path);
    pthread_mutex_lock(&st->wlock);
    sqlite3 *db = st->wdb;
    int n = -1;
    if (store_begin(db, what, err) != 0)
        goto out;
    if (sqlite3_exec(db, "UPDATE exercises SET position = NULL", NULL, NULL, NULL) != SQLITE_OK)
        goto fail;
    for (int i = 0; i < c->n_exercises; i++)
        if (upsert(db, &c->exercises[i], i + 1) != 0) {
            snprintf(
                what, sizeof what,
                "exercise [%.23s] '%.31s' cannot join the database (another exercise there has "
                "that name: rename one)",
                c->exercises[i].key, c->exercises[i].name);
            goto fail;
        }
    struct exercise ex[SESSION_MAX_EXERCISES];
    int got = store_query_exercises(db, ex, SESSION_MAX_EXERCISES);
    if (got < c->n_exercises)
        goto fail;
    if (store_commit(db, what, err) != 0)
        goto out;
    n = c->n_exercises < max ? c->n_exercises : max;
    for (int i = 0; i < n; i++) {
        add_catalogue_settings(&ex[i], &c->exercises[i]);
        out[i] = ex[i];
    }
    /* the writer's check of a set's exercise and the badge look-ups' history use these */
    pthread_mutex_lock(&st->rlock);
    memcpy(st->ex, ex, sizeof st->ex);
    st->n_ex = n;
    pthread_mutex_unlock(&st->rlock);
    goto out;
fail:
    store_db_err(db, what, err);
    store_rollback(db);
out:
    pthread_mutex_unlock(&st->wlock);
    return n;
}
