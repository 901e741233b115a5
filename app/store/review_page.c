/*
 * The trainer's list of flags, a window at a time: the unreviewed flags of every earlier day
 * (however old: a flag stays until a trainer acknowledges it) and the gym day's (or one
 * earlier day's), arranged exactly as the core's trainer_flags_page_of arranges a whole list
 * (grouped by lifter, each group placed by its worst flag, any open, the name and id; within
 * a group worst first, open first, oldest first, by id). A gym's years hold thousands of
 * unreviewed flags; the kiosk holds 64.
 *
 * The list is read once per list opened, from the indexes alone (flags_open for the earlier
 * days), into a compact array sorted by lifter and by the group's order, with the summary's
 * counts; every window and filter after that is arranged from the array, and only the
 * window's flags are read whole (store_query_flags).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_db.h"

/* One flag of the list: what arranging it needs. */
struct review_row {
    int64_t id, t_us, member_id;
    int rank;         /* trainer_flag_rank_of */
    int16_t kind;     /* enum flag_kind, -1 unknown */
    uint8_t severity; /* enum severity */
    uint8_t open;
};

/* One lifter's flags, in the group's order. */
struct review_member {
    int64_t member_id;
    int first, rows; /* rows[first .. first + rows) */
    int n, n_open;   /* flags (all of them, or those a filter keeps), open flags */
    int rank;        /* of the worst of them */
    char name[NAME_MAX_LEN];
};

struct review_list {
    struct review_row *rows;
    int n_rows;
    struct review_member *members; /* in the unfiltered list's order */
    int n_members;
    struct flags_summary base; /* all, kind_count, severity_count, n_lifters */
};

/* The whole list: ?1..?2 the day, ?3..?1 the earlier days (every one of them for today's
 * list, none for an earlier day's), where only what nobody acknowledged counts. The day's
 * part is a range of flags_time; the earlier part a range of flags_open, which holds only
 * the flags nobody acknowledged (flags.acked, kept by triggers on acknowledgements) and
 * every column read here, so the years of acknowledged flags are never visited. */
static const char list_sql[] =
    "SELECT id, t_us, COALESCE(member_id, 0), kind, severity, acked FROM flags"
    " WHERE t_us >= ?1 AND t_us < ?2"
    " UNION ALL"
    " SELECT id, t_us, COALESCE(member_id, 0), kind, severity, 0 FROM flags INDEXED BY flags_open"
    " WHERE acked = 0 AND t_us >= ?3 AND t_us < ?1";

static void list_free(struct review_list *l)
{
    if (!l)
        return;
    free(l->rows);
    free(l->members);
    free(l);
}

void store_review_list_free(struct review_list_key *key)
{
    list_free(key->list);
    key->list = NULL;
    key->valid = false;
}

static int cmp_i64(int64_t a, int64_t b)
{
    return (a > b) - (a < b);
}

/* By lifter, then the group's order: worst first, open first, oldest first, by id. */
static int row_cmp(const void *pa, const void *pb)
{
    const struct review_row *a = pa, *b = pb;
    int c = cmp_i64(a->member_id, b->member_id);
    if (!c)
        c = (a->rank > b->rank) - (a->rank < b->rank);
    if (!c)
        c = (int)b->open - (int)a->open;
    if (!c)
        c = cmp_i64(a->t_us, b->t_us);
    return c ? c : cmp_i64(a->id, b->id);
}

/* The groups' order: worst flag, any open, name, id. */
static int group_cmp(const void *pa, const void *pb)
{
    const struct review_member *a = pa, *b = pb;
    int c = (a->rank > b->rank) - (a->rank < b->rank);
    if (!c)
        c = (b->n_open > 0) - (a->n_open > 0);
    if (!c)
        c = strcmp(a->name, b->name);
    return c ? c : cmp_i64(a->member_id, b->member_id);
}

/* Reads the list's rows (st stepped to the end) into l->rows. 0 ok. */
static int rows_read(sqlite3_stmt *st, struct review_list *l)
{
    int cap = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (l->n_rows == cap) {
            cap = cap ? cap * 2 : 1024;
            struct review_row *more = realloc(l->rows, (size_t)cap * sizeof *more);
            if (!more)
                return -1;
            l->rows = more;
        }
        struct review_row *r = &l->rows[l->n_rows];
        const char *kind = (const char *)sqlite3_column_text(st, 3);
        const char *sev = (const char *)sqlite3_column_text(st, 4);
        int k = kind ? flag_kind_from_id(kind) : -1;
        enum severity sv = store_severity_from_text(sev ? sev : "");
        *r = (struct review_row){
            .id = sqlite3_column_int64(st, 0),
            .t_us = sqlite3_column_int64(st, 1),
            .member_id = sqlite3_column_int64(st, 2),
            .rank = trainer_flag_rank_of(k < 0 ? FLAG_KIND_COUNT : (enum flag_kind)k, sv),
            .kind = (int16_t)k,
            .severity = (uint8_t)sv,
            .open = sqlite3_column_int(st, 5) == 0,
        };
        l->n_rows++;
    }
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Each lifter's name ('' when there is no such member), looked up once per lifter rather than
 * once per flag. 0 ok. */
static int names_read(sqlite3 *db, struct review_list *l)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT name FROM members WHERE id = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return -1;
    int rc = SQLITE_DONE;
    for (int i = 0; i < l->n_members && (rc == SQLITE_DONE || rc == SQLITE_ROW); i++) {
        struct review_member *m = &l->members[i];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, m->member_id);
        const unsigned char *name =
            (rc = sqlite3_step(st)) == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
        snprintf(m->name, sizeof m->name, "%s", name ? (const char *)name : "");
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* Sorts the rows by lifter and group order, makes the lifters' groups (in the unfiltered
 * list's order, their names read from db) and the summary's counts. 0 ok. */
static int list_arrange(sqlite3 *db, struct review_list *l)
{
    if (l->n_rows > 0)
        qsort(l->rows, (size_t)l->n_rows, sizeof *l->rows, row_cmp);
    l->members = calloc((size_t)(l->n_rows > 0 ? l->n_rows : 1), sizeof *l->members);
    if (!l->members)
        return -1;
    for (int i = 0; i < l->n_rows; i++) {
        const struct review_row *r = &l->rows[i];
        if (i == 0 || r->member_id != l->rows[i - 1].member_id) {
            struct review_member *m = &l->members[l->n_members++];
            *m = (struct review_member){.member_id = r->member_id, .first = i, .rank = r->rank};
        }
        struct review_member *m = &l->members[l->n_members - 1];
        m->rows++;
        m->n++;
        m->n_open += r->open;
        if (r->kind >= 0)
            l->base.kind_count[r->kind]++;
        l->base.severity_count[r->severity]++;
        l->base.all++;
    }
    if (names_read(db, l) != 0)
        return -1;
    if (l->n_members > 0)
        qsort(l->members, (size_t)l->n_members, sizeof *l->members, group_cmp);
    l->base.n_lifters = l->n_members;
    return 0;
}

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

/* Reads the list q's day asks for, arranged. NULL on an error. */
static struct review_list *list_read(sqlite3 *db, int64_t today, int day_start_min,
                                     const struct flags_query *q)
{
    struct review_list *l = calloc(1, sizeof *l);
    sqlite3_stmt *st = NULL;
    int64_t from_us, to_us, oldest_us;
    store_gym_day_bounds(today - q->days_back, day_start_min, &from_us, &to_us);
    /* an earlier day's list: that day only; today's: every earlier day's open flags */
    oldest_us = q->days_back == 0 ? INT64_MIN : from_us;
    int rc = l && sqlite3_prepare_v2(db, list_sql, -1, &st, NULL) == SQLITE_OK ? 0 : -1;
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, from_us);
        sqlite3_bind_int64(st, 2, to_us);
        sqlite3_bind_int64(st, 3, oldest_us);
        rc = rows_read(st, l);
    }
    sqlite3_finalize(st);
    if (rc == 0)
        rc = list_arrange(db, l);
    if (rc != 0) {
        list_free(l);
        return NULL;
    }
    return l;
}

/* The list q's day asks for: the one key holds, unless the day or the database changed
 * since (key NULL: read afresh into *owned, which the caller frees). */
static const struct review_list *list_of(sqlite3 *db, int64_t today, int day_start_min,
                                         const struct flags_query *q, struct review_list_key *key,
                                         struct review_list **owned)
{
    *owned = NULL;
    struct review_list_key now = {
        true, today, q->days_back, day_start_min, sqlite3_total_changes64(db), data_version(db),
        NULL};
    if (key && key->valid && key->list && key->today == now.today &&
        key->days_back == now.days_back && key->day_start_min == now.day_start_min &&
        key->changes == now.changes && key->data_version == now.data_version &&
        now.data_version >= 0)
        return key->list;
    struct review_list *l = list_read(db, today, day_start_min, q);
    if (!key) {
        *owned = l;
        return l;
    }
    store_review_list_free(key);
    if (l) {
        now.list = l;
        *key = now;
    }
    return l;
}

/* The lifters' groups a window reaches into, placed among all the groups of its list (at
 * most one per flag in it), and the list's size. */
struct reach {
    struct flag_group g[SESSION_MAX_FLAG_VIEWS];
    int n, total, total_open;
    int offset, max; /* the window */
};

/* Adds the next group of the list in order (its first position is the flags so far). */
static void reach_add(struct reach *r, const struct review_member *m)
{
    struct flag_group g = {.member_id = m->member_id,
                           .rank = m->rank,
                           .n = m->n,
                           .n_open = m->n_open,
                           .first = r->total};
    if (g.first + g.n > r->offset && g.first < r->offset + r->max && r->n < r->max)
        r->g[r->n++] = g;
    r->total += g.n;
    r->total_open += g.n_open;
}

/* Whether q's kind and severity filters keep a flag. */
static bool row_kept(const struct flags_query *q, const struct review_row *r)
{
    return (q->filter_kind == 0 || r->kind == q->filter_kind - 1) &&
           (q->filter_severity == 0 || r->severity == q->filter_severity - 1);
}

/* The summary's counts and the lifters' order; settles q's filters on them. */
static void summarize(const struct review_list *l, struct flags_query *q, struct flags_summary *sum)
{
    memcpy(sum->kind_count, l->base.kind_count, sizeof sum->kind_count);
    memcpy(sum->severity_count, l->base.severity_count, sizeof sum->severity_count);
    sum->all = l->base.all;
    sum->n_lifters = l->base.n_lifters;
    int64_t after_asked = 0;
    for (int i = 0; i < l->n_members && q->filter_member != 0; i++) {
        const struct review_member *m = &l->members[i];
        if (m->member_id != q->filter_member)
            continue;
        sum->member_count = m->n;
        snprintf(sum->member_name, sizeof sum->member_name, "%s", m->name);
        after_asked = i + 1 < l->n_members ? l->members[i + 1].member_id : 0;
    }
    flags_query_settle(q, sum);
    sum->next_member =
        q->filter_member != 0 ? after_asked : (l->n_members > 0 ? l->members[0].member_id : 0);
}

/* The groups of the kept list, in its order, into kept (as many as the list's lifters):
 * each with the flags the filters keep and its worst among them. Returns how many. */
static int groups_kept(const struct review_list *l, const struct flags_query *q,
                       struct review_member *kept)
{
    int n = 0;
    for (int i = 0; i < l->n_members; i++) {
        const struct review_member *m = &l->members[i];
        if (q->filter_member != 0 && m->member_id != q->filter_member)
            continue;
        struct review_member k = *m;
        k.n = k.n_open = 0;
        for (int j = m->first; j < m->first + m->rows; j++) {
            const struct review_row *r = &l->rows[j];
            if (!row_kept(q, r))
                continue;
            if (k.n++ == 0)
                k.rank = r->rank; /* the rows are worst first */
            k.n_open += r->open;
        }
        if (k.n > 0)
            kept[n++] = k;
    }
    if (n > 1 && (q->filter_kind != 0 || q->filter_severity != 0))
        qsort(kept, (size_t)n, sizeof *kept, group_cmp); /* the worst kept may differ */
    return n;
}

/* The window's flags, in order: max flags from q's offset of the kept list, each with its
 * group (placed among the groups by adding up the flags of those before it), and the kept
 * list's size. Returns how many, or -1. */
static int window(const struct review_list *l, const struct flags_query *q, int max,
                  struct flags_page *out)
{
    struct reach r = {.offset = q->offset, .max = max};
    const struct review_member *groups = l->members;
    struct review_member *kept = NULL;
    int n_groups = l->n_members;
    if (q->filter_kind != 0 || q->filter_severity != 0 || q->filter_member != 0) {
        kept = malloc((size_t)(l->n_members > 0 ? l->n_members : 1) * sizeof *kept);
        if (!kept)
            return -1;
        n_groups = groups_kept(l, q, kept);
        groups = kept;
    }
    int n = 0;
    for (int g = 0; g < n_groups; g++) {
        int before = r.n;
        reach_add(&r, &groups[g]);
        if (r.n == before)
            continue;
        /* the group's kept flags from the window's start on */
        const struct review_member *m = &groups[g];
        int pos = r.g[before].first;
        for (int j = m->first; j < m->first + m->rows && n < max; j++) {
            const struct review_row *row = &l->rows[j];
            if (!row_kept(q, row) || pos++ < q->offset)
                continue;
            out->flags[n].id = row->id;
            out->group[n++] = r.g[before];
        }
    }
    free(kept);
    out->sum.total = r.total;
    out->sum.total_open = r.total_open;
    return n;
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
    struct review_list *owned;
    const struct review_list *l = list_of(db, today, day_start_min, &out->q, key, &owned);
    if (!l)
        return -1;
    summarize(l, &out->q, &out->sum);
    int n = window(l, &out->q, max, out);
    if (n == 0 && out->q.offset > 0) { /* past the end: the list is shorter now */
        flags_window_settle(&out->q, out->sum.total);
        n = window(l, &out->q, max, out);
    }
    list_free(owned);
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
