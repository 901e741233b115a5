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

int store_clear_screening(struct store *st, int64_t member_id, int64_t by_member_id,
                          const char *reason, char err[STORE_ERR_MAX])
{
    const char *bad = store_text_problem(reason);
    if (!reason[0] || bad) {
        store_errf(err, "the reason %s", bad ? bad : "is empty: say why the lifter may lift");
        return -1;
    }
    pthread_mutex_lock(&st->wlock);
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(
        st->wdb,
        "UPDATE screenings SET cleared_us = ?3, cleared_by = ?2, cleared_reason = ?4 "
        "WHERE id = (SELECT id FROM screenings WHERE member_id = ?1 ORDER BY t_us DESC, id "
        "DESC LIMIT 1) AND answers != 0 AND cleared_us IS NULL",
        -1, &q, NULL);
    int changed = -1;
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, member_id);
        sqlite3_bind_int64(q, 2, by_member_id);
        sqlite3_bind_int64(q, 3, store_wall_now_us());
        sqlite3_bind_text(q, 4, reason, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(q) == SQLITE_DONE)
            changed = sqlite3_changes(st->wdb);
        sqlite3_finalize(q);
    }
    if (changed < 0)
        store_db_err(st->wdb, "cannot record the clearance", err);
    else if (changed == 0)
        store_errf(err, "nothing to clear: the last enrolment screen had no yes, or is cleared");
    pthread_mutex_unlock(&st->wlock);
    return changed;
}
