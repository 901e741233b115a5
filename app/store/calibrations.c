/*
 * The audit of the plate's calibrations (table calibrations, schema step 16): written by
 * the kiosk's store thread for the Calibrate page's Save and by rackside-ctl calibrate,
 * read by rackside-ctl calibrations. A row enters the outbox by its trigger, so the gym's
 * server keeps every rack's audit.
 */
#include <stdio.h>
#include <string.h>

#include "records.h"
#include "store_db.h"

static int insert(sqlite3 *db, const struct calibration_audit *a, char err[STORE_ERR_MAX])
{
    static const char sql[] =
        "INSERT INTO calibrations (t_us, by_member_id, by_text, source, known_g, middle, "
        "old_offset_left, old_offset_right, old_g_per_count_left, old_g_per_count_right, "
        "offset_left, offset_right, g_per_count_left, g_per_count_right, check_error_g, result) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
        store_db_err(db, "cannot record the calibration", err);
        return -1;
    }
    sqlite3_bind_int64(q, 1, a->t_wall_us);
    if (a->by_member_id > 0)
        sqlite3_bind_int64(q, 2, a->by_member_id);
    else
        sqlite3_bind_null(q, 2);
    sqlite3_bind_text(q, 3, a->by, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 4, a->source, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 5, a->known_g);
    sqlite3_bind_int(q, 6, a->middle);
    const struct load_calibration *cals[2] = {&a->old_cal, &a->new_cal};
    for (int c = 0; c < 2; c++) {
        int at = 7 + 4 * c;
        sqlite3_bind_int64(q, at, cals[c]->offset[PLATE_LEFT]);
        sqlite3_bind_int64(q, at + 1, cals[c]->offset[PLATE_RIGHT]);
        sqlite3_bind_double(q, at + 2, cals[c]->g_per_count[PLATE_LEFT]);
        sqlite3_bind_double(q, at + 3, cals[c]->g_per_count[PLATE_RIGHT]);
    }
    if (a->checked)
        sqlite3_bind_double(q, 15, a->check_error_g);
    else
        sqlite3_bind_null(q, 15);
    sqlite3_bind_text(q, 16, a->result, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        store_db_err(db, "cannot record the calibration", err);
        return -1;
    }
    return 0;
}

static bool valid(const struct calibration_audit *a, char err[STORE_ERR_MAX])
{
    if (strcmp(a->source, "kiosk") != 0 && strcmp(a->source, "ctl") != 0) {
        store_errf(err, "a calibration comes from the kiosk or rackside-ctl, not \"%s\"",
                   a->source);
        return false;
    }
    if (a->known_g <= 0 || a->result[0] == '\0') {
        store_errf(err, "a calibration needs its known weight and its result");
        return false;
    }
    return true;
}

int store_add_calibration(struct store *st, const struct calibration_audit *a,
                          char err[STORE_ERR_MAX])
{
    if (!valid(a, err))
        return -1;
    pthread_mutex_lock(&st->wlock);
    int rc = insert(st->wdb, a, err);
    pthread_mutex_unlock(&st->wlock);
    return rc;
}

/* The Calibrate page's Save, as the kiosk hands it to the store thread (wlock held). */
int store_write_calibration(struct store *st, const struct effect *e, char err[STORE_ERR_MAX])
{
    struct calibration_audit a = {
        .t_wall_us = e->t_wall_us,
        .by_member_id = e->member_id,
        .source = "kiosk",
        .known_g = e->cal_known_g,
        .middle = e->cal_middle,
        .old_cal = e->cal_old,
        .new_cal = e->cal,
        .checked = true,
        .check_error_g = e->cal_check_error_g,
    };
    snprintf(a.result, sizeof a.result, "%s", e->text);
    if (!valid(&a, err))
        return -1;
    return insert(st->wdb, &a, err);
}

struct calibration_each {
    void (*fn)(void *ctx, const struct calibration_audit *row);
    void *ctx;
};

static void calibration_row(sqlite3_stmt *q, void *ctx)
{
    const struct calibration_each *e = ctx;
    struct calibration_audit a = {.t_wall_us = sqlite3_column_int64(q, 0)};
    const unsigned char *t = sqlite3_column_text(q, 1);
    snprintf(a.uid, sizeof a.uid, "%s", t ? (const char *)t : "");
    t = sqlite3_column_text(q, 2);
    snprintf(a.by, sizeof a.by, "%s", t ? (const char *)t : "");
    t = sqlite3_column_text(q, 3);
    snprintf(a.source, sizeof a.source, "%s", t ? (const char *)t : "");
    a.known_g = sqlite3_column_int(q, 4);
    a.middle = sqlite3_column_int(q, 5) != 0;
    struct load_calibration *cals[2] = {&a.old_cal, &a.new_cal};
    for (int c = 0; c < 2; c++) {
        int at = 6 + 4 * c;
        cals[c]->offset[PLATE_LEFT] = sqlite3_column_int(q, at);
        cals[c]->offset[PLATE_RIGHT] = sqlite3_column_int(q, at + 1);
        cals[c]->g_per_count[PLATE_LEFT] = sqlite3_column_double(q, at + 2);
        cals[c]->g_per_count[PLATE_RIGHT] = sqlite3_column_double(q, at + 3);
    }
    a.checked = sqlite3_column_type(q, 14) != SQLITE_NULL;
    a.check_error_g = sqlite3_column_double(q, 14);
    t = sqlite3_column_text(q, 15);
    snprintf(a.result, sizeof a.result, "%s", t ? (const char *)t : "");
    a.by_member_id = sqlite3_column_int64(q, 16);
    e->fn(e->ctx, &a);
}

int store_calibrations_each(struct store *st, int64_t from_day, int64_t to_day,
                            void (*fn)(void *ctx, const struct calibration_audit *row), void *ctx)
{
    int64_t b[2];
    store_gym_day_bounds(from_day, st->day_start_min, &b[0], NULL);
    store_gym_day_bounds(to_day, st->day_start_min, NULL, &b[1]);
    struct calibration_each e = {fn, ctx};
    return store_each_row(
        st,
        "SELECT c.t_us, COALESCE(c.uid, ''), COALESCE(m.name, c.by_text), c.source, c.known_g, "
        "c.middle, c.old_offset_left, c.old_offset_right, c.old_g_per_count_left, "
        "c.old_g_per_count_right, c.offset_left, c.offset_right, c.g_per_count_left, "
        "c.g_per_count_right, c.check_error_g, c.result, COALESCE(c.by_member_id, 0) "
        "FROM calibrations c LEFT JOIN members m ON m.id = c.by_member_id "
        "WHERE c.t_us >= ?1 AND c.t_us < ?2 ORDER BY c.t_us, c.id",
        b, 2, calibration_row, &e);
}

/* Reads the marked calibration (still the newest saved here) and clears the mark. */
static int take_pulled(sqlite3 *db, struct load_calibration *cal, char uid[40])
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "SELECT c.uid, c.offset_left, c.offset_right, c.g_per_count_left, "
                           "c.g_per_count_right FROM sync_state s JOIN calibrations c ON "
                           "c.uid = s.calibration_pulled WHERE s.id = 1 AND NOT EXISTS (SELECT 1 "
                           "FROM calibrations n WHERE n.result = 'saved' AND n.t_us > c.t_us)",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        snprintf(uid, 40, "%s", (const char *)sqlite3_column_text(q, 0));
        cal->offset[PLATE_LEFT] = sqlite3_column_int(q, 1);
        cal->offset[PLATE_RIGHT] = sqlite3_column_int(q, 2);
        cal->g_per_count[PLATE_LEFT] = sqlite3_column_double(q, 3);
        cal->g_per_count[PLATE_RIGHT] = sqlite3_column_double(q, 4);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return -1;
    if (sqlite3_exec(db, "UPDATE sync_state SET calibration_pulled = NULL WHERE id = 1", NULL, NULL,
                     NULL) != SQLITE_OK)
        return -1;
    return rc == SQLITE_ROW;
}

/* Whether a pulled calibration is marked, read on the reading connection: WAL readers never
 * wait for a writer, so the kiosk's frame loop can ask every few seconds. */
static bool pulled_marked(struct store *st)
{
    sqlite3_stmt *q;
    bool marked = false;
    pthread_mutex_lock(&st->rlock);
    if (sqlite3_prepare_v2(
            st->rdb, "SELECT 1 FROM sync_state WHERE id = 1 AND calibration_pulled IS NOT NULL", -1,
            &q, NULL) == SQLITE_OK) {
        marked = sqlite3_step(q) == SQLITE_ROW;
        sqlite3_finalize(q);
    }
    pthread_mutex_unlock(&st->rlock);
    return marked;
}

int store_take_pulled_calibration(struct store *st, struct load_calibration *cal, char uid[40],
                                  char err[STORE_ERR_MAX])
{
    if (!pulled_marked(st))
        return 0;
    pthread_mutex_lock(&st->wlock);
    int rc = sqlite3_exec(st->wdb, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK
                 ? take_pulled(st->wdb, cal, uid)
                 : -1;
    if (rc >= 0 && sqlite3_exec(st->wdb, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = -1;
    if (rc < 0) {
        store_db_err(st->wdb, "cannot read the calibration from the gym's server", err);
        sqlite3_exec(st->wdb, "ROLLBACK", NULL, NULL, NULL);
    }
    pthread_mutex_unlock(&st->wlock);
    return rc;
}
