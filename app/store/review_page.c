/*
 * The trainer's list of flags, a window at a time: the unreviewed flags of every earlier day
 * (however old: a flag stays until a trainer acknowledges it) and the gym day's (or one
 * earlier day's), arranged in SQL exactly as the core's trainer_flags_page_of arranges a
 * whole list (grouped by lifter, each group placed by its worst flag, any open, the name
 * and id; within a group worst first, open first, oldest first, by id). A gym's years hold
 * thousands of unreviewed flags; the kiosk holds 64. The rank is the core's own (flag_rank(),
 * registered on each connection).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "store_db.h"

static void flag_rank_sql(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *kind = (const char *)sqlite3_value_text(argv[0]);
    const char *sev = (const char *)sqlite3_value_text(argv[1]);
    int k = kind ? flag_kind_from_id(kind) : -1;
    enum severity sv = store_severity_from_text(sev ? sev : "");
    sqlite3_result_int(ctx, trainer_flag_rank_of(k < 0 ? FLAG_KIND_COUNT : (enum flag_kind)k, sv));
}

int store_flag_rank_register(sqlite3 *db)
{
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    return sqlite3_create_function_v2(db, "flag_rank", 2, flags, NULL, flag_rank_sql, NULL, NULL,
                                      NULL) == SQLITE_OK
               ? 0
               : -1;
}

/* The whole list, gathered once per window asked for into a table of the connection's
 * own (temp.review_list): ?1..?2 the day, ?3..?1 the earlier days (every one of them for
 * today's list, none for an earlier day's), where only what nobody acknowledged counts.
 * The day's part is a range of flags_time; the earlier part a range of flags_open, which
 * holds only the flags nobody acknowledged (flags.acked, kept by triggers on
 * acknowledgements) and every column read here, so the years of acknowledged flags are
 * never visited. */
static const char list_table_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS review_list (id INTEGER PRIMARY KEY, t_us INTEGER,"
    " mid INTEGER, name TEXT, kind TEXT, severity TEXT, rank INTEGER, acked INTEGER);"
    "CREATE INDEX IF NOT EXISTS temp.review_list_group ON review_list(mid, rank, acked, t_us, kind,"
    " severity, name);"
    "DELETE FROM temp.review_list;";
static const char list_sql[] =
    "INSERT INTO temp.review_list"
    " SELECT f.id, f.t_us, COALESCE(f.member_id, 0), COALESCE(m.name, ''), f.kind, f.severity,"
    "  flag_rank(f.kind, f.severity), f.acked"
    " FROM flags f LEFT JOIN members m ON m.id = f.member_id"
    " WHERE f.t_us >= ?1 AND f.t_us < ?2"
    " UNION ALL"
    " SELECT f.id, f.t_us, COALESCE(f.member_id, 0), COALESCE(m.name, ''), f.kind, f.severity,"
    "  flag_rank(f.kind, f.severity), 0"
    " FROM flags f INDEXED BY flags_open LEFT JOIN members m ON m.id = f.member_id"
    " WHERE f.acked = 0 AND f.t_us >= ?3 AND f.t_us < ?1";

/* What the filter buttons count, over the whole list: (0, kind, severity, flags) for each
 * kind and severity; then (1, worst rank, any open, flags, lifter, name, open flags) for
 * each lifter, in the order the list groups them (the unfiltered list's groups). */
static const char summary_sql[] =
    "SELECT 0, kind, severity, count(*), 0, '', 0 FROM temp.review_list GROUP BY kind, severity"
    " UNION ALL"
    " SELECT 1, min(rank), max(1 - acked), count(*), mid, name, sum(1 - acked)"
    " FROM temp.review_list GROUP BY mid ORDER BY 1, 2, 3 DESC, 6, 5";

/* The lifters' groups a window reaches into, placed among all the groups of its list (at
 * most one per flag in it), and the list's size. */
struct reach {
    struct flag_group g[SESSION_MAX_FLAG_VIEWS];
    int n, total, total_open;
    int offset, max; /* the window */
};

/* Adds the next group of the list in order (its first position is the flags so far). */
static void reach_add(struct reach *r, int64_t member_id, int rank, int n, int n_open)
{
    struct flag_group g = {
        .member_id = member_id, .rank = rank, .n = n, .n_open = n_open, .first = r->total};
    if (g.first + g.n > r->offset && g.first < r->offset + r->max && r->n < r->max)
        r->g[r->n++] = g;
    r->total += g.n;
    r->total_open += g.n_open;
}

/* The flags the kind and severity filters keep (?1 kind id, ?2 severity + 1; 0 or '' all),
 * and the lifter filter too (?3 the lifter, 0 all). */
#define KIND_KEPT_SQL                                                                              \
    " (?1 = '' OR kind = ?1) AND (?2 = 0 OR (?2 = 3 AND severity = 'stop')"                        \
    " OR (?2 = 2 AND severity = 'caution')"                                                        \
    " OR (?2 = 1 AND severity NOT IN ('stop', 'caution')))"
#define KEPT_SQL KIND_KEPT_SQL " AND (?3 = 0 OR mid = ?3)"

/* The lifters' groups of the flags kept, in the list's order (worst rank, any open, name,
 * id), each with its flags and open flags: window() adds them up to the window asked for.
 * A scan of temp.review_list_group, which holds every column read here. */
static const char groups_sql[] =
    "SELECT mid, min(rank), max(1 - acked), count(*), sum(1 - acked) FROM temp.review_list"
    " WHERE" KEPT_SQL " GROUP BY mid ORDER BY 2, 3 DESC, name, mid";

/* One lifter's flags kept (?3 the lifter), in the group's order: worst first, open first,
 * oldest first, by id; a range of temp.review_list_group. */
static const char group_flags_sql[] =
    "SELECT id FROM temp.review_list WHERE mid = ?3 AND" KIND_KEPT_SQL
    " ORDER BY rank, acked, t_us, id";

static int64_t data_version(sqlite3 *db)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Gathers the list q's day asks for into temp.review_list, unless it holds it already
 * (key). 0 ok. */
static int gather(sqlite3 *db, int64_t today, int day_start_min, const struct flags_query *q,
                  struct review_list_key *key)
{
    struct review_list_key now = {
        true, today, q->days_back, day_start_min, sqlite3_total_changes64(db), data_version(db)};
    if (key && key->valid && key->today == now.today && key->days_back == now.days_back &&
        key->day_start_min == now.day_start_min && key->changes == now.changes &&
        key->data_version == now.data_version && now.data_version >= 0)
        return 0;
    if (key)
        key->valid = false;
    if (sqlite3_exec(db, list_table_sql, NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, list_sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int64_t from_us, to_us, oldest_us;
    store_gym_day_bounds(today - q->days_back, day_start_min, &from_us, &to_us);
    /* an earlier day's list: that day only; today's: every earlier day's open flags */
    oldest_us = q->days_back == 0 ? INT64_MIN : from_us;
    sqlite3_bind_int64(st, 1, from_us);
    sqlite3_bind_int64(st, 2, to_us);
    sqlite3_bind_int64(st, 3, oldest_us);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return -1;
    if (key) {
        now.changes = sqlite3_total_changes64(db);
        *key = now;
    }
    return 0;
}

/* The summary's counts and the lifters' order; settles q's filters on them. The unfiltered
 * list's groups are these lifters': the window of it q asks for goes to *all. */
static int summarize(sqlite3 *db, struct flags_query *q, int max, struct flags_summary *sum,
                     struct reach *all)
{
    *all = (struct reach){.offset = q->offset, .max = max};
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, summary_sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int64_t first = 0, prev = -1, after_asked = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int count = sqlite3_column_int(st, 3);
        if (sqlite3_column_int(st, 0) == 0) {
            const char *kind = (const char *)sqlite3_column_text(st, 1);
            const char *sev = (const char *)sqlite3_column_text(st, 2);
            int k = kind ? flag_kind_from_id(kind) : -1;
            if (k >= 0 && k < FLAG_KIND_COUNT)
                sum->kind_count[k] += count;
            sum->severity_count[store_severity_from_text(sev ? sev : "")] += count;
            sum->all += count;
            continue;
        }
        int64_t mid = sqlite3_column_int64(st, 4);
        reach_add(all, mid, sqlite3_column_int(st, 1), count, sqlite3_column_int(st, 6));
        if (sum->n_lifters++ == 0)
            first = mid;
        if (prev == q->filter_member && q->filter_member != 0)
            after_asked = mid;
        if (mid == q->filter_member && q->filter_member != 0) {
            sum->member_count = count;
            const unsigned char *name = sqlite3_column_text(st, 5);
            snprintf(sum->member_name, sizeof sum->member_name, "%s",
                     name ? (const char *)name : "");
        }
        prev = mid;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return -1;
    flags_query_settle(q, sum);
    sum->next_member = q->filter_member != 0 ? after_asked : first;
    return 0;
}

static void bind_filters(sqlite3_stmt *st, const struct flags_query *q, int64_t member)
{
    const char *kind = q->filter_kind > 0 ? flag_kind_id((enum flag_kind)(q->filter_kind - 1)) : "";
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, q->filter_severity);
    sqlite3_bind_int64(st, 3, member);
}

/* The groups of the kept list the window q asks for reaches into, from the database. */
static int groups_reached(sqlite3 *db, const struct flags_query *q, struct reach *r)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, groups_sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    bind_filters(st, q, q->filter_member);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        reach_add(r, sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1),
                  sqlite3_column_int(st, 3), sqlite3_column_int(st, 4));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The window's flags, whole, in order: max flags from q's offset of the kept list, each with
 * its group (placed among the groups by adding up the flags of those before it), and the
 * kept list's size. all: the unfiltered list's groups for a window (the summary's), used
 * when q keeps everything. Returns how many, or -1. */
static int window(sqlite3 *db, const struct flags_query *q, int max, const struct reach *all,
                  struct flags_page *out)
{
    struct reach kept = {.offset = q->offset, .max = max};
    const struct reach *r = &kept;
    if (q->filter_kind == 0 && q->filter_severity == 0 && q->filter_member == 0 && all &&
        all->offset == q->offset && all->max == max)
        r = all;
    else if (groups_reached(db, q, &kept) != 0)
        return -1;
    out->sum.total = r->total;
    out->sum.total_open = r->total_open;
    if (r->n == 0)
        return 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, group_flags_sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    int n = 0, rc = SQLITE_DONE;
    for (int g = 0; g < r->n && n < max && rc == SQLITE_DONE; g++) {
        sqlite3_reset(st);
        bind_filters(st, q, r->g[g].member_id);
        for (int pos = r->g[g].first; n < max && (rc = sqlite3_step(st)) == SQLITE_ROW; pos++) {
            if (pos < q->offset)
                continue;
            out->flags[n].id = sqlite3_column_int64(st, 0);
            out->group[n++] = r->g[g];
        }
        if (rc == SQLITE_ROW)
            rc = SQLITE_DONE; /* the window is full */
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? n : -1;
}

int store_query_review_page(sqlite3 *db, int64_t today, int day_start_min,
                            const struct flags_query *want, int max, struct review_list_key *key,
                            struct flags_page *out)
{
    memset(out, 0, sizeof *out);
    if (max > SESSION_MAX_FLAG_VIEWS)
        max = SESSION_MAX_FLAG_VIEWS;
    out->q = *want;
    if (out->q.days_back < 0)
        out->q.days_back = 0;
    if (out->q.offset < 0)
        out->q.offset = 0;
    struct reach all;
    if (gather(db, today, day_start_min, &out->q, key) != 0 ||
        summarize(db, &out->q, max, &out->sum, &all) != 0)
        return -1;
    int n = window(db, &out->q, max, &all, out);
    if (n == 0 && out->q.offset > 0) { /* past the end: the list is shorter now */
        flags_window_settle(&out->q, out->sum.total);
        n = window(db, &out->q, max, NULL, out);
    }
    if (n < 0)
        return -1;
    if (store_query_flags(db, out->flags, n) != n)
        return -1; /* a flag is never deleted while the list is read */
    int64_t from_us;
    store_gym_day_bounds(today - out->q.days_back, day_start_min, &from_us, NULL);
    for (int i = 0; i < n; i++) {
        out->flags[i].earlier = out->q.days_back == 0 && out->flags[i].t_wall_us < from_us;
        if (out->q.days_back == 0 && store_mark_clearable(db, today, &out->flags[i]) != 0)
            return -1;
    }
    out->n = n;
    return 0;
}
