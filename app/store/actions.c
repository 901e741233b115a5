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

struct action_each {
    void (*fn)(void *ctx, const struct action_row *row);
    void *ctx;
};

/* Words that may speak of health: a clearance's reason, a note on a pain, red-flag or
 * enrolment-screen flag. */
static bool health_words(const char *action, const char *flag_kind)
{
    return strcmp(action, "clear_day") == 0 || strcmp(action, "clear_screen") == 0 ||
           strcmp(flag_kind, flag_kind_id(FLAG_PAIN)) == 0 ||
           strcmp(flag_kind, flag_kind_id(FLAG_RED_FLAG)) == 0 ||
           strcmp(flag_kind, flag_kind_id(FLAG_SCREENING)) == 0;
}

static void action_row(sqlite3_stmt *q, void *ctx)
{
    const struct action_each *e = ctx;
    struct action_row r = {.t_wall_us = sqlite3_column_int64(q, 0)};
    char flag_kind[32];
    col(q, 1, r.by, sizeof r.by);
    col(q, 2, r.member, sizeof r.member);
    col(q, 3, r.kind, sizeof r.kind);
    col(q, 4, r.exercise, sizeof r.exercise);
    r.load_g = sqlite3_column_type(q, 5) == SQLITE_NULL ? 0 : sqlite3_column_int(q, 5);
    col(q, 6, r.note, sizeof r.note);
    col(q, 7, flag_kind, sizeof flag_kind);
    r.health = health_words(r.kind, flag_kind);
    e->fn(e->ctx, &r);
}

int store_actions_each(struct store *st, int64_t from_day, int64_t to_day,
                       void (*fn)(void *ctx, const struct action_row *row), void *ctx)
{
    int64_t b[2];
    store_gym_day_bounds(from_day, st->day_start_min, &b[0], NULL);
    store_gym_day_bounds(to_day, st->day_start_min, NULL, &b[1]);
    struct action_each e = {fn, ctx};
    return store_each_row(
        st,
        "SELECT a.t_us, COALESCE(b.name, ''), COALESCE(m.name, ''), a.kind, "
        "COALESCE(e.name, ''), a.load_g, a.note, COALESCE(f.kind, '') "
        "FROM trainer_actions a LEFT JOIN members b ON b.id = a.by_member_id "
        "LEFT JOIN members m ON m.id = a.member_id LEFT JOIN exercises e ON e.id = a.exercise_id "
        "LEFT JOIN flags f ON f.id = a.flag_id WHERE a.t_us >= ?1 AND a.t_us < ?2 "
        "ORDER BY a.t_us, a.id",
        b, 2, action_row, &e);
}
