/*
 * The enrolment screen's answers (core/screening.h): one row per time a lifter answered,
 * the latest counting; a trainer's clearance (who, when, why) on the row it clears.
 */
#include <stdio.h>
#include <string.h>

#include "store_db.h"

int store_query_screening(sqlite3 *db, int64_t member_id, struct screening_record *out)
{
    *out = (struct screening_record){.day = -1};
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "SELECT day, answers, cleared_us IS NOT NULL FROM screenings "
                           "WHERE member_id = ?1 ORDER BY t_us DESC, id DESC LIMIT 1",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, member_id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        out->day = sqlite3_column_int64(q, 0);
        out->yes_mask = (uint32_t)sqlite3_column_int(q, 1);
        out->cleared = sqlite3_column_int(q, 2) != 0;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_write_screening(struct store *st, const struct effect *e, char err[STORE_ERR_MAX])
{
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(st->wdb,
                                "INSERT INTO screenings (member_id, day, answers, t_us) "
                                "VALUES (?1, ?2, ?3, ?4)",
                                -1, &q, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, e->member_id);
        sqlite3_bind_int64(q, 2, store_gym_day(e->t_wall_us, st->day_start_min));
        sqlite3_bind_int64(q, 3, e->key);
        sqlite3_bind_int64(q, 4, e->t_wall_us);
        rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        sqlite3_finalize(q);
    }
    if (rc != SQLITE_OK) {
        store_db_err(st->wdb, "cannot record the enrolment screen", err);
        return -1;
    }
    return 0;
}

int store_seed_screenings(sqlite3 *db, int64_t day, int64_t now_us)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO screenings (member_id, day, answers, t_us) "
                           "SELECT id, ?1, 0, ?2 FROM members WHERE role = 'lifter'",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, day);
    sqlite3_bind_int64(q, 2, now_us);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Clears the yes answers of the lifter's last enrolment screen: who, when, why on the row,
 * and the trainer's action in the lifter's story. Inside the caller's transaction. 1
 * cleared, 0 nothing to clear (err says so), -1 error.
 */
static int clear_screening(sqlite3 *db, int64_t member_id, int64_t by_member_id, const char *reason,
                           int64_t now_us, char err[STORE_ERR_MAX])
{
    const char *bad = store_text_problem(reason);
    if (!reason[0] || bad) {
        store_errf(err, "the reason %s", bad ? bad : "is empty: say why the lifter may lift");
        return 0;
    }
    sqlite3_stmt *q;
    int changed = -1;
    if (sqlite3_prepare_v2(
            db,
            "UPDATE screenings SET cleared_us = ?3, cleared_by = ?2, cleared_reason = ?4 "
            "WHERE id = (SELECT id FROM screenings WHERE member_id = ?1 ORDER BY t_us DESC, id "
            "DESC LIMIT 1) AND answers != 0 AND cleared_us IS NULL",
            -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, member_id);
        sqlite3_bind_int64(q, 2, by_member_id);
        sqlite3_bind_int64(q, 3, now_us);
        sqlite3_bind_text(q, 4, reason, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(q) == SQLITE_DONE)
            changed = sqlite3_changes(db);
        sqlite3_finalize(q);
    }
    if (changed > 0 && store_record_action(db, now_us, by_member_id, "clear_screen", member_id, 0,
                                           0, 0, reason) != 0)
        changed = -1;
    if (changed < 0)
        store_db_err(db, "cannot record the clearance", err);
    else if (changed == 0)
        store_errf(err, "nothing to clear: the last enrolment screen had no yes, or is cleared");
    return changed;
}

int store_clear_screening(struct store *st, int64_t member_id, int64_t by_member_id,
                          const char *reason, char err[STORE_ERR_MAX])
{
    const char *what = "cannot record the clearance";
    pthread_mutex_lock(&st->wlock);
    int changed = -1;
    if (store_begin(st->wdb, what, err) == 0) {
        changed =
            clear_screening(st->wdb, member_id, by_member_id, reason, store_wall_now_us(), err);
        if (changed <= 0)
            store_rollback(st->wdb);
        else if (store_commit(st->wdb, what, err) != 0)
            changed = -1;
    }
    pthread_mutex_unlock(&st->wlock);
    return changed;
}

int store_write_clear_screening(struct store *st, const struct effect *e, char err[STORE_ERR_MAX])
{
    const char *what = "cannot record the clearance";
    sqlite3 *db = st->wdb;
    char note[NOTE_MAX_LEN + 24];
    snprintf(note, sizeof note, "Cleared to lift: %s", e->text);
    if (store_begin(db, what, err) != 0)
        return -1;
    int rc = clear_screening(db, e->key, e->member_id, e->text, e->t_wall_us, err);
    sqlite3_stmt *q;
    if (rc == 1 && e->exercise_id != 0) {
        /* the flag the screen raised counts as reviewed, in the same words */
        rc = -1;
        if (sqlite3_prepare_v2(db,
                               "INSERT INTO acknowledgements (flag_id, t_us, by_member_id, note) "
                               "SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS "
                               "(SELECT 1 FROM acknowledgements WHERE flag_id = ?1)",
                               -1, &q, NULL) == SQLITE_OK) {
            sqlite3_bind_int64(q, 1, e->exercise_id);
            sqlite3_bind_int64(q, 2, e->t_wall_us);
            sqlite3_bind_int64(q, 3, e->member_id);
            sqlite3_bind_text(q, 4, note, -1, SQLITE_TRANSIENT);
            rc = sqlite3_step(q) == SQLITE_DONE ? 1 : -1;
            sqlite3_finalize(q);
        }
        if (rc < 0)
            store_db_err(db, what, err);
    }
    if (rc != 1) {
        store_rollback(db);
        return -1;
    }
    return store_commit(db, what, err);
}

/* Whether the lifter's last enrolment screen has a yes no trainer has cleared. */
int store_query_screening_waits(sqlite3 *db, int64_t member_id, bool *waits)
{
    struct screening_record r;
    if (store_query_screening(db, member_id, &r) != 0)
        return -1;
    *waits = r.day >= 0 && r.yes_mask != 0 && !r.cleared;
    return 0;
}
