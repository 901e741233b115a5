/*
 * The trainer's list of flags, a window at a time: the unreviewed flags of the past year and
 * the gym day's (or one earlier day's), arranged in SQL exactly as the core's
 * trainer_flags_page_of arranges a whole list (grouped by lifter, each group placed by its
 * worst flag, any open, the name and id; within a group worst first, open first, oldest
 * first, by id). A gym's year holds thousands of unreviewed flags; the kiosk holds 64.
 * The rank is the core's own (flag_rank(), registered on each connection).
 */
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

/* The whole list, once per statement: ?1..?2 the day, ?3..?1 the earlier days (empty when
 * the list is an earlier day's), where only what nobody acknowledged counts. Each part is
 * a range of flags_time; the earlier part asks acknowledgements_flag for each. */
#define BASE_SQL                                                                                   \
    "WITH base AS MATERIALIZED ("                                                                  \
    " SELECT f.id, f.t_us, COALESCE(f.member_id, 0) AS mid, COALESCE(m.name, '') AS name,"         \
    "  f.kind, f.severity, flag_rank(f.kind, f.severity) AS rank,"                                 \
    "  EXISTS (SELECT 1 FROM acknowledgements a WHERE a.flag_id = f.id) AS acked"                  \
    " FROM flags f LEFT JOIN members m ON m.id = f.member_id"                                      \
    " WHERE f.t_us >= ?1 AND f.t_us < ?2"                                                          \
    " UNION ALL"                                                                                   \
    " SELECT f.id, f.t_us, COALESCE(f.member_id, 0), COALESCE(m.name, ''), f.kind, f.severity,"    \
    "  flag_rank(f.kind, f.severity), 0"                                                           \
    " FROM flags f LEFT JOIN members m ON m.id = f.member_id"                                      \
    " WHERE f.t_us >= ?3 AND f.t_us < ?1"                                                          \
    "  AND NOT EXISTS (SELECT 1 FROM acknowledgements a WHERE a.flag_id = f.id))"

/* What the filter buttons count, over the whole list: (0, kind, severity, flags) for each
 * kind and severity; then (1, worst rank, any open, flags, lifter, name) for each lifter,
 * in the order the list groups them. */
static const char summary_sql[] =
    BASE_SQL " SELECT 0, kind, severity, count(*), 0, '' FROM base GROUP BY kind, severity"
             " UNION ALL"
             " SELECT 1, min(rank), max(1 - acked), count(*), mid, name FROM base GROUP BY mid"
             " ORDER BY 1, 2, 3 DESC, 6, 5";

/* The window: the flags the filters keep (?4 kind id, ?5 severity + 1, ?6 lifter; 0 or ''
 * all), arranged, ?7 of them from ?8; with each one's group (worst rank, any open, flags,
 * open, first position) and the filtered list's size. */
static const char page_sql[] =
    BASE_SQL ", kept AS (SELECT * FROM base WHERE (?4 = '' OR kind = ?4)"
             "  AND (?5 = 0 OR (?5 = 3 AND severity = 'stop') OR (?5 = 2 AND severity = 'caution')"
             "   OR (?5 = 1 AND severity NOT IN ('stop', 'caution')))"
             "  AND (?6 = 0 OR mid = ?6)),"
             " grouped AS (SELECT *, min(rank) OVER g AS grank, max(1 - acked) OVER g AS gopen,"
             "  count(*) OVER g AS gn, sum(1 - acked) OVER g AS gn_open,"
             "  row_number() OVER (g ORDER BY rank, acked, t_us, id) AS in_group"
             "  FROM kept WINDOW g AS (PARTITION BY mid)),"
             " placed AS (SELECT *, row_number() OVER"
             "  (ORDER BY grank, gopen DESC, name, mid, rank, acked, t_us, id) - 1 AS pos,"
             "  count(*) OVER () AS total, sum(1 - acked) OVER () AS total_open FROM grouped)"
             " SELECT id, mid, grank, gopen, gn, gn_open, pos - in_group + 1, total, total_open"
             " FROM placed ORDER BY pos LIMIT ?7 OFFSET ?8";

static void bind_days(sqlite3_stmt *q, int64_t today, int day_start_min,
                      const struct flags_query *fq)
{
    int64_t from_us, to_us, oldest_us;
    store_gym_day_bounds(today - fq->days_back, day_start_min, &from_us, &to_us);
    oldest_us = from_us; /* an earlier day's list: that day only */
    if (fq->days_back == 0)
        store_gym_day_bounds(today - EARLIER_DAYS_MAX, day_start_min, &oldest_us, NULL);
    sqlite3_bind_int64(q, 1, from_us);
    sqlite3_bind_int64(q, 2, to_us);
    sqlite3_bind_int64(q, 3, oldest_us);
}

/* The summary's counts and the lifters' order; settles q's filters on them. */
static int summarize(sqlite3 *db, int64_t today, int day_start_min, struct flags_query *q,
                     struct flags_summary *sum)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, summary_sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    bind_days(st, today, day_start_min, q);
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

/* The window's flags, whole, in order. Returns how many, or -1. */
static int window(sqlite3 *db, int64_t today, int day_start_min, const struct flags_query *q,
                  int max, struct flags_page *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, page_sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    bind_days(st, today, day_start_min, q);
    const char *kind = q->filter_kind > 0 ? flag_kind_id((enum flag_kind)(q->filter_kind - 1)) : "";
    sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, q->filter_severity);
    sqlite3_bind_int64(st, 6, q->filter_member);
    sqlite3_bind_int(st, 7, max);
    sqlite3_bind_int(st, 8, q->offset);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
        out->flags[n].id = sqlite3_column_int64(st, 0);
        out->group[n] = (struct flag_group){
            .member_id = sqlite3_column_int64(st, 1),
            .rank = sqlite3_column_int(st, 2),
            .n_open = sqlite3_column_int(st, 5),
            .n = sqlite3_column_int(st, 4),
            .first = sqlite3_column_int(st, 6),
        };
        out->sum.total = sqlite3_column_int(st, 7);
        out->sum.total_open = sqlite3_column_int(st, 8);
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return -1;
    return n;
}

int store_query_review_page(sqlite3 *db, int64_t today, int day_start_min,
                            const struct flags_query *want, int max, struct flags_page *out)
{
    memset(out, 0, sizeof *out);
    if (max > SESSION_MAX_FLAG_VIEWS)
        max = SESSION_MAX_FLAG_VIEWS;
    out->q = *want;
    if (out->q.days_back < 0)
        out->q.days_back = 0;
    if (out->q.offset < 0)
        out->q.offset = 0;
    if (summarize(db, today, day_start_min, &out->q, &out->sum) != 0)
        return -1;
    int n = window(db, today, day_start_min, &out->q, max, out);
    if (n == 0 && out->q.offset > 0) { /* past the end: the list is shorter now */
        flags_window_settle(&out->q, 0);
        n = window(db, today, day_start_min, &out->q, max, out);
    }
    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        int64_t id = out->flags[i].id;
        if (store_query_flag(db, id, &out->flags[i]) != 1)
            return -1; /* a flag is never deleted while the list is read */
    }
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
