/*
 * Trainers' actions over a range of gym days, for the operator's export (rackside-ctl
 * actions): who did what about which lifter, when, and in what words.
 */
#include <stdio.h>
#include <string.h>

#include "records.h"
#include "store_db.h"

static void col(sqlite3_stmt *q, int i, char *out, size_t n)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    snprintf(out, n, "%s", t ? (const char *)t : "");
}

int store_actions_each(struct store *st, int64_t from_day, int64_t to_day,
                       void (*fn)(void *ctx, const struct action_row *row), void *ctx)
{
    int64_t from_us, to_us;
    store_gym_day_bounds(from_day, st->day_start_min, &from_us, NULL);
    store_gym_day_bounds(to_day, st->day_start_min, NULL, &to_us);
    pthread_mutex_lock(&st->rlock);
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(
        st->rdb,
        "SELECT a.t_us, COALESCE(b.name, ''), COALESCE(m.name, ''), a.kind, "
        "COALESCE(e.name, ''), a.load_g, a.note, "
        "a.kind IN ('clear_day', 'clear_screen') OR COALESCE(f.kind IN (?3, ?4, ?5), 0) "
        "FROM trainer_actions a LEFT JOIN members b ON b.id = a.by_member_id "
        "LEFT JOIN members m ON m.id = a.member_id LEFT JOIN exercises e ON e.id = a.exercise_id "
        "LEFT JOIN flags f ON f.id = a.flag_id WHERE a.t_us >= ?1 AND a.t_us < ?2 "
        "ORDER BY a.t_us, a.id",
        -1, &q, NULL);
    int n = -1;
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, from_us);
        sqlite3_bind_int64(q, 2, to_us);
        sqlite3_bind_text(q, 3, flag_kind_id(FLAG_PAIN), -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, flag_kind_id(FLAG_RED_FLAG), -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, flag_kind_id(FLAG_SCREENING), -1, SQLITE_STATIC);
        n = 0;
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            struct action_row r = {.t_wall_us = sqlite3_column_int64(q, 0)};
            col(q, 1, r.by, sizeof r.by);
            col(q, 2, r.member, sizeof r.member);
            col(q, 3, r.kind, sizeof r.kind);
            col(q, 4, r.exercise, sizeof r.exercise);
            r.load_g = sqlite3_column_type(q, 5) == SQLITE_NULL ? 0 : sqlite3_column_int(q, 5);
            col(q, 6, r.note, sizeof r.note);
            r.health = sqlite3_column_int(q, 7) != 0;
            fn(ctx, &r);
            n++;
        }
        if (rc != SQLITE_DONE)
            n = -1;
        sqlite3_finalize(q);
    }
    pthread_mutex_unlock(&st->rlock);
    return n;
}
