/*
 * Reads: badge look-ups with the history progression needs, listings, flags, set detail.
 * The public functions run on the read connection; the writer thread calls the
 * store_query_* ones on its own connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "records.h"
#include "store_db.h"

#define HISTORY_SLOTS (STORE_HISTORY_DAYS + 1) /* today and the STORE_HISTORY_DAYS before */

static void col_text(sqlite3_stmt *q, int col, char *out, size_t n)
{
    const unsigned char *t = sqlite3_column_text(q, col);
    snprintf(out, n, "%s", t ? (const char *)t : "");
}

static enum severity severity_from_text(const char *s)
{
    if (strcmp(s, "stop") == 0)
        return SEVERITY_STOP;
    if (strcmp(s, "caution") == 0)
        return SEVERITY_CAUTION;
    return SEVERITY_INFO;
}

static enum role role_from_text(const char *s)
{
    return strcmp(s, "trainer") == 0 ? ROLE_TRAINER : ROLE_LIFTER;
}

int store_query_exercises(sqlite3 *db, struct exercise *out, int max)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "SELECT id, name, upper_body, on_plate, target_reps, work_sets, "
                           "starts, key, step_max_g, step_max_lb_mu FROM exercises "
                           "ORDER BY position IS NULL, position, id",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    int n = 0, rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && n < max) {
        struct exercise *e = &out[n++];
        memset(e, 0, sizeof *e);
        e->id = sqlite3_column_int64(q, 0);
        col_text(q, 1, e->name, sizeof e->name);
        e->upper_body = sqlite3_column_int(q, 2) != 0;
        e->on_plate = sqlite3_column_int(q, 3) != 0;
        e->target_reps = sqlite3_column_int(q, 4);
        e->work_sets = sqlite3_column_int(q, 5);
        const unsigned char *starts = sqlite3_column_text(q, 6);
        e->con_first = starts && strcmp((const char *)starts, "concentric") == 0;
        col_text(q, 7, e->key, sizeof e->key);
        e->step_max_mu[RACK_KG] = sqlite3_column_int(q, 8); /* grams: thousandths of a kg */
        e->step_max_mu[RACK_LB] = sqlite3_column_int(q, 9);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

int store_exercises(struct store *st, struct exercise *out, int max)
{
    pthread_mutex_lock(&st->rlock);
    int n = store_query_exercises(st->rdb, out, max);
    pthread_mutex_unlock(&st->rlock);
    return n;
}

int store_trainer_count(struct store *st)
{
    pthread_mutex_lock(&st->rlock);
    sqlite3_stmt *q;
    int n = -1;
    if (sqlite3_prepare_v2(st->rdb,
                           "SELECT count(*) FROM members m JOIN badges b ON b.member_id = m.id "
                           "WHERE m.role = 'trainer'",
                           -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW)
            n = sqlite3_column_int(q, 0);
        sqlite3_finalize(q);
    }
    pthread_mutex_unlock(&st->rlock);
    return n;
}

/* --- badge look-up --- */

/* One exercise's sets over the history window, kept as progression needs them. */
struct day_sets {
    struct set_record best[HISTORY_SLOTS]; /* heaviest clean, unstopped set of the day */
    struct set_record last[HISTORY_SLOTS]; /* the day's last set, of any kind */
    int sets_today;                        /* not stopped, earlier in today's gym day */
};

/*
 * Fills h->sets newest day first: each day's heaviest clean set (B, the recent limit and
 * time away build on these only), then the last set of the two newest days with a set
 * (2-for-2 reads the last set of the last two sessions) unless it was that best. 57 + 2
 * records fit in SESSION_MAX_HISTORY, and a day's last set comes after its best.
 */
static void history_from_days(const struct day_sets *d, struct exercise_history *h)
{
    _Static_assert(HISTORY_SLOTS + 2 <= SESSION_MAX_HISTORY, "a day's best and two last sets");
    h->n_sets = 0;
    for (int ago = 0; ago < HISTORY_SLOTS; ago++)
        if (d->best[ago].load_g > 0)
            h->sets[h->n_sets++] = d->best[ago];
    for (int ago = 0, sessions = 0; ago < HISTORY_SLOTS && sessions < 2; ago++) {
        const struct set_record *last = &d->last[ago], *best = &d->best[ago];
        if (last->load_g <= 0)
            continue;
        sessions++;
        if (last->load_g == best->load_g && last->clean == best->clean &&
            last->stopped == best->stopped && last->done_reps == best->done_reps &&
            last->target_reps == best->target_reps)
            continue; /* the day's best was its last set: already there */
        h->sets[h->n_sets++] = *last;
    }
}

/* Where each gym day of the window starts: start_us[k] starts day today - STORE_HISTORY_DAYS
 * + k, start_us[HISTORY_SLOTS] is the end of today. Worked out once a day and kept in the
 * store (under rlock), so rows are placed in their day without a time-zone conversion
 * each, and a badge tap does not pay 58 of them. */
struct window {
    int64_t start_us[HISTORY_SLOTS + 1];
};

static void window_of(struct store *st, int64_t today, struct window *w)
{
    _Static_assert(sizeof st->window_start_us == sizeof w->start_us, "the kept window");
    if (st->window_day != today || st->window_day_start != st->day_start_min) {
        for (int k = 0; k <= HISTORY_SLOTS; k++)
            store_gym_day_bounds(today - STORE_HISTORY_DAYS + k, st->day_start_min,
                                 &st->window_start_us[k], NULL);
        st->window_day = today;
        st->window_day_start = st->day_start_min;
    }
    memcpy(w->start_us, st->window_start_us, sizeof w->start_us);
}

static bool window_kept(const struct store *st)
{
    return st->window_day >= 0 && st->window_day_start == st->day_start_min;
}

/* The gym day of t_us, from the kept window when it holds that day. */
static int64_t day_of(const struct store *st, int64_t t_us)
{
    const int64_t *b = st->window_start_us;
    if (window_kept(st) && t_us >= b[0] && t_us < b[HISTORY_SLOTS]) {
        int k = 0;
        while (k + 1 < HISTORY_SLOTS && t_us >= b[k + 1])
            k++;
        return st->window_day - STORE_HISTORY_DAYS + k;
    }
    return store_gym_day(t_us, st->day_start_min);
}

/* Where gym day `day` starts and ends, from the kept window when it holds that day. */
static void bounds_of(const struct store *st, int64_t day, int64_t *from_us, int64_t *to_us)
{
    int64_t k = day - (st->window_day - STORE_HISTORY_DAYS);
    if (window_kept(st) && k >= 0 && k < HISTORY_SLOTS) {
        *from_us = st->window_start_us[k];
        *to_us = st->window_start_us[k + 1];
        return;
    }
    store_gym_day_bounds(day, st->day_start_min, from_us, to_us);
}

/* The sets of one exercise in the window, by the index sets_member(member, exercise, time). */
static int load_exercise_history(sqlite3 *db, const struct window *w, int64_t member_id,
                                 int64_t exercise_id, int64_t today, struct day_sets *d)
{
    sqlite3_stmt *q = store_stmt(db, STORE_EXERCISE_HISTORY_SQL);
    if (!q)
        return -1;
    int rc;
    sqlite3_bind_int64(q, 1, member_id);
    sqlite3_bind_int64(q, 2, exercise_id);
    sqlite3_bind_int64(q, 3, w->start_us[0]);
    sqlite3_bind_int64(q, 4, w->start_us[HISTORY_SLOTS]);
    memset(d, 0, sizeof *d);
    int k = 0; /* rows come oldest first: the day only moves forward */
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t t_us = sqlite3_column_int64(q, 0);
        while (k + 1 < HISTORY_SLOTS && t_us >= w->start_us[k + 1])
            k++;
        int ago = HISTORY_SLOTS - 1 - k;
        struct set_record set = {.day = today - ago,
                                 .load_g = (int32_t)sqlite3_column_int(q, 1),
                                 .clean = sqlite3_column_int(q, 2) != 0,
                                 .stopped = sqlite3_column_int(q, 3) != 0,
                                 .target_reps = sqlite3_column_int(q, 4),
                                 .vel_mmps = sqlite3_column_int(q, 6),
                                 .done_reps = sqlite3_column_int(q, 5)};
        if (ago == 0 && !set.stopped)
            d->sets_today++;
        if (set.load_g <= 0)
            continue;
        d->last[ago] = set;
        if (set.clean && !set.stopped && set.load_g > d->best[ago].load_g)
            d->best[ago] = set;
    }
    store_stmt_release(q);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int load_history(sqlite3 *db, struct store *st, int64_t member_id, int64_t today,
                        struct member_profile *out)
{
    struct day_sets *d = malloc(sizeof *d);
    struct window *w = malloc(sizeof *w);
    int rc = d && w ? 0 : -1;
    if (rc == 0)
        window_of(st, today, w);
    out->n_hist = 0;
    for (int i = 0; rc == 0 && i < st->n_ex && i < SESSION_MAX_EXERCISES; i++) {
        struct exercise_history *h = &out->hist[out->n_hist++];
        h->exercise_id = st->ex[i].id;
        rc = load_exercise_history(db, w, member_id, h->exercise_id, today, d);
        history_from_days(d, h);
        h->sets_today = d->sets_today;
    }
    free(w);
    free(d);
    return rc;
}

static struct exercise_history *hist_for(struct member_profile *p, int64_t exercise_id)
{
    for (size_t i = 0; i < p->n_hist; i++)
        if (p->hist[i].exercise_id == exercise_id)
            return &p->hist[i];
    return NULL;
}

/* Start loads and today's overrides, both keyed by exercise. */
static int load_trainer_loads(sqlite3 *db, int64_t member_id, int64_t today,
                              struct member_profile *out)
{
    static const char *const sql[2] = {
        "SELECT exercise_id, load_g FROM start_loads WHERE member_id = ?1",
        "SELECT exercise_id, load_g FROM overrides WHERE member_id = ?1 AND day = ?2",
    };
    for (int k = 0; k < 2; k++) {
        sqlite3_stmt *q = store_stmt(db, sql[k]);
        if (!q)
            return -1;
        sqlite3_bind_int64(q, 1, member_id);
        if (k == 1)
            sqlite3_bind_int64(q, 2, today);
        int rc;
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            struct exercise_history *h = hist_for(out, sqlite3_column_int64(q, 0));
            if (!h)
                continue;
            int32_t load_g = (int32_t)sqlite3_column_int(q, 1);
            if (k == 0)
                h->start_load_g = load_g;
            else
                h->override_g = load_g;
        }
        store_stmt_release(q);
        if (rc != SQLITE_DONE)
            return -1;
    }
    return 0;
}

/*
 * The last session before today's gym day and its highest pain (every check-in that day):
 * progression's "pain 4+ at the last session". Today's answers reach the rule as today's
 * pain (day.pain_max), so a pain-free check-in this morning cannot hide last time's pain.
 */
static int load_last_session(sqlite3 *db, const struct store *st, int64_t member_id, int64_t today,
                             struct member_profile *out)
{
    out->last_session_day = -1;
    out->last_session_pain = -1;
    int64_t today_us, end_us;
    bounds_of(st, today, &today_us, &end_us);
    sqlite3_stmt *q = store_stmt(db, "SELECT started_us FROM sessions WHERE member_id = ?1 AND "
                                     "started_us < ?2 ORDER BY started_us DESC LIMIT 1");
    if (!q)
        return -1;
    sqlite3_bind_int64(q, 1, member_id);
    sqlite3_bind_int64(q, 2, today_us);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        out->last_session_day = day_of(st, sqlite3_column_int64(q, 0));
    store_stmt_release(q);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? 0 : -1;

    int64_t from_us, to_us;
    bounds_of(st, out->last_session_day, &from_us, &to_us);
    q = store_stmt(db, "SELECT max(pain) FROM sessions WHERE member_id = ?1 AND "
                       "started_us >= ?2 AND started_us < ?3");
    if (!q)
        return -1;
    sqlite3_bind_int64(q, 1, member_id);
    sqlite3_bind_int64(q, 2, from_us);
    sqlite3_bind_int64(q, 3, to_us);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        out->last_session_pain = sqlite3_column_int(q, 0);
    store_stmt_release(q);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* What the lifter's gym day holds so far: the check-in's decision and the warm-up. */
static int load_day(sqlite3 *db, int64_t member_id, int64_t today, struct member_profile *out)
{
    out->day = (struct day_record){.pain_max = -1};
    sqlite3_stmt *q = store_stmt(db, "SELECT no_lift, red_flags, pain_max, "
                                     "COALESCE(warmup_done_us, 0) FROM day_checkins "
                                     "WHERE member_id = ?1 AND day = ?2");
    if (!q)
        return -1;
    sqlite3_bind_int64(q, 1, member_id);
    sqlite3_bind_int64(q, 2, today);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        out->day.no_lift = sqlite3_column_int(q, 0) != 0;
        out->day.red_flag = sqlite3_column_int(q, 1) != 0;
        out->day.pain_max = sqlite3_column_int(q, 2);
        out->day.warmup_done_wall_us = sqlite3_column_int64(q, 3);
    }
    store_stmt_release(q);
    /* the day's sets per exercise are counted with the history (sets_today) */
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Everything progression and the day's decisions need, for out->id on today. */
static int load_profile(sqlite3 *db, struct store *st, int64_t today, struct member_profile *out)
{
    if (load_history(db, st, out->id, today, out) != 0 ||
        load_trainer_loads(db, out->id, today, out) != 0 ||
        load_last_session(db, st, out->id, today, out) != 0 ||
        load_day(db, out->id, today, out) != 0 ||
        store_query_screening(db, out->id, &out->screening) != 0 ||
        store_query_prefs(db, out->id, out) != 0)
        return -1;
    return 0;
}

static int find_badge(sqlite3 *db, struct store *st, const char *uid, int64_t today,
                      struct member_profile *out)
{
    /* a trainer's: the gym's latest PIN lockout, whichever rack started it */
    sqlite3_stmt *q =
        store_stmt(db, "SELECT m.id, m.name, m.role, m.pin_hash, "
                       "CASE m.role WHEN 'trainer' THEN (SELECT coalesce(max(until_us), "
                       "0) FROM pin_lockouts) ELSE 0 END FROM badges b "
                       "JOIN members m ON m.id = b.member_id WHERE b.uid = ?1");
    if (!q)
        return -1;
    sqlite3_bind_text(q, 1, uid, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = sqlite3_column_int64(q, 0);
        col_text(q, 1, out->name, sizeof out->name);
        char role[16];
        col_text(q, 2, role, sizeof role);
        out->role = role_from_text(role);
        col_text(q, 3, out->pin_hash, sizeof out->pin_hash);
        out->pin_locked_until_wall_us = sqlite3_column_int64(q, 4);
        out->today = today;
    }
    store_stmt_release(q);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW)
        return -1;
    return load_profile(db, st, today, out) == 0 ? 1 : -1;
}

/* BEGIN or COMMIT on the read connection, by a kept statement (sqlite3_exec would prepare
 * it again at every badge tap). */
static void read_txn(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q = store_stmt(db, sql);
    if (q)
        sqlite3_step(q);
    store_stmt_release(q);
}

int store_find_badge(struct store *st, const char *uid, int64_t today, struct member_profile *out)
{
    pthread_mutex_lock(&st->rlock);
    /* one read transaction, so the profile is one consistent snapshot */
    read_txn(st->rdb, "BEGIN");
    int rc = find_badge(st->rdb, st, uid, today, out);
    read_txn(st->rdb, "COMMIT");
    pthread_mutex_unlock(&st->rlock);
    return rc;
}

int store_member_profile(struct store *st, int64_t member_id, int64_t today,
                         struct member_profile *out)
{
    memset(out, 0, sizeof *out);
    out->id = member_id;
    out->today = today;
    pthread_mutex_lock(&st->rlock);
    read_txn(st->rdb, "BEGIN");
    int rc = load_profile(st->rdb, st, today, out);
    read_txn(st->rdb, "COMMIT");
    pthread_mutex_unlock(&st->rlock);
    return rc;
}

/* --- members --- */

#define MEMBER_SELECT                                                                              \
    "SELECT m.id, m.name, m.role, m.created_us, "                                                  \
    "(SELECT group_concat(uid, ',') FROM (SELECT uid FROM badges WHERE member_id = m.id "          \
    "ORDER BY uid)) FROM members m "

static void member_from_row(sqlite3_stmt *q, struct member_row *row)
{
    memset(row, 0, sizeof *row);
    row->id = sqlite3_column_int64(q, 0);
    col_text(q, 1, row->name, sizeof row->name);
    char role[16];
    col_text(q, 2, role, sizeof role);
    row->role = role_from_text(role);
    row->created_wall_us = sqlite3_column_int64(q, 3);
    col_text(q, 4, row->badges, sizeof row->badges);
}

int store_members(struct store *st, void (*fn)(void *ctx, const struct member_row *row), void *ctx)
{
    pthread_mutex_lock(&st->rlock);
    sqlite3_stmt *q;
    int n = -1;
    if (sqlite3_prepare_v2(st->rdb, MEMBER_SELECT "ORDER BY m.name COLLATE NOCASE, m.id", -1, &q,
                           NULL) == SQLITE_OK) {
        int rc;
        n = 0;
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            struct member_row row;
            member_from_row(q, &row);
            fn(ctx, &row);
            n++;
        }
        if (rc != SQLITE_DONE)
            n = -1;
        sqlite3_finalize(q);
    }
    pthread_mutex_unlock(&st->rlock);
    return n;
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

int store_find_member(struct store *st, const char *id_or_name, struct member_row *out,
                      char err[STORE_ERR_MAX])
{
    bool by_id = all_digits(id_or_name);
    pthread_mutex_lock(&st->rlock);
    sqlite3_stmt *q;
    int found = -1;
    if (sqlite3_prepare_v2(
            st->rdb, by_id ? MEMBER_SELECT "WHERE m.id = ?1" : MEMBER_SELECT "WHERE m.name = ?1",
            -1, &q, NULL) == SQLITE_OK) {
        if (by_id)
            sqlite3_bind_int64(q, 1, strtoll(id_or_name, NULL, 10));
        else
            sqlite3_bind_text(q, 1, id_or_name, -1, SQLITE_TRANSIENT);
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            member_from_row(q, out);
            found = 1;
        } else if (rc == SQLITE_DONE) {
            store_errf(err, "no member %s \"%s\"", by_id ? "with id" : "called", id_or_name);
            found = 0;
        } else {
            store_db_err(st->rdb, "cannot look up member", err);
        }
        sqlite3_finalize(q);
    } else {
        store_db_err(st->rdb, "cannot look up member", err);
    }
    pthread_mutex_unlock(&st->rlock);
    return found;
}

/* --- flags --- */

/* A flag as the lists show it, with its newest acknowledgement (flag_from_row reads it). */
#define FLAG_VIEW_SQL                                                                              \
    " SELECT f.id, f.t_us, COALESCE(m.name, ''), f.kind, f.severity, f.detail,"                    \
    "  COALESCE(f.set_key, 0), f.rep, a.flag_id IS NOT NULL, COALESCE(a.note, ''),"                \
    "  COALESCE(t.name, ''), COALESCE(f.member_id, 0), COALESCE(f.rack, '')"                       \
    " FROM flags f"                                                                                \
    " LEFT JOIN members m ON m.id = f.member_id"                                                   \
    " LEFT JOIN acknowledgements a ON a.rowid = (SELECT rowid FROM acknowledgements"               \
    "  WHERE flag_id = f.id ORDER BY t_us DESC, rowid DESC LIMIT 1)"                               \
    " LEFT JOIN members t ON t.id = a.by_member_id"

/* The day's flags; ?3 keeps the newest that many. */
static const char flags_sql[] =
    "SELECT * FROM (" FLAG_VIEW_SQL
    " WHERE f.t_us >= ?1 AND f.t_us < ?2 AND (?4 = 0 OR a.flag_id IS NULL)"
    " ORDER BY f.t_us DESC, f.id DESC LIMIT ?3)"
    " ORDER BY 2, 1";

static void flag_from_row(sqlite3_stmt *q, struct flag_view *v, int *rep)
{
    memset(v, 0, sizeof *v);
    v->id = sqlite3_column_int64(q, 0);
    v->t_wall_us = sqlite3_column_int64(q, 1);
    col_text(q, 2, v->member, sizeof v->member);
    char text[32];
    col_text(q, 3, text, sizeof text);
    int kind = flag_kind_from_id(text);
    v->kind = kind < 0 ? FLAG_KIND_COUNT : (enum flag_kind)kind;
    col_text(q, 4, text, sizeof text);
    v->severity = severity_from_text(text);
    col_text(q, 5, v->detail, sizeof v->detail);
    v->set_key = sqlite3_column_int64(q, 6);
    *rep = sqlite3_column_int(q, 7);
    v->acked = sqlite3_column_int(q, 8) != 0;
    col_text(q, 9, v->ack_note, sizeof v->ack_note);
    col_text(q, 10, v->ack_by, sizeof v->ack_by);
    v->member_id = sqlite3_column_int64(q, 11);
    col_text(q, 12, v->rack, sizeof v->rack);
}

int store_query_flags(sqlite3 *db, struct flag_view *flags, int n)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, FLAG_VIEW_SQL " WHERE f.id = ?1", -1, &q, NULL) != SQLITE_OK)
        return -1;
    int found = 0, rc = SQLITE_DONE;
    for (int i = 0; i < n && (rc == SQLITE_ROW || rc == SQLITE_DONE); i++) {
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, flags[i].id);
        int rep;
        if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            flag_from_row(q, &flags[i], &rep);
            found++;
        }
    }
    sqlite3_finalize(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? found : -1;
}

enum severity store_severity_from_text(const char *s)
{
    return severity_from_text(s);
}

/* Flags in [from_us, to_us), oldest first; only the unreviewed ones when unacked_only. */
static int query_flags(sqlite3 *db, int64_t from_us, int64_t to_us, int max, bool unacked_only,
                       void (*fn)(void *ctx, const struct flag_view *flag, int rep), void *ctx)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, flags_sql, -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, from_us);
    sqlite3_bind_int64(q, 2, to_us);
    sqlite3_bind_int(q, 3, max);
    sqlite3_bind_int(q, 4, unacked_only ? 1 : 0);
    int n = 0, rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct flag_view v;
        int rep;
        flag_from_row(q, &v, &rep);
        fn(ctx, &v, rep);
        n++;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? n : -1;
}

struct flag_array {
    struct flag_view *out;
    int n;
};

static void flag_into_array(void *ctx, const struct flag_view *flag, int rep)
{
    (void)rep;
    struct flag_array *a = ctx;
    a->out[a->n++] = *flag;
}

int store_query_day_flags(sqlite3 *db, int64_t day, int day_start_min, struct flag_view *out,
                          int max)
{
    if (max <= 0)
        return 0;
    int64_t from_us, to_us;
    store_gym_day_bounds(day, day_start_min, &from_us, &to_us);
    struct flag_array a = {out, 0};
    return query_flags(db, from_us, to_us, max, false, flag_into_array, &a);
}

/* Whether the no-lifting day a flag caused is still standing today (a trainer may lift it). */
int store_mark_clearable(sqlite3 *db, int64_t today, struct flag_view *f)
{
    /* an enrolment screen's yes holds, whatever the day, until a trainer clears it */
    if (f->kind == FLAG_SCREENING && f->member_id != 0)
        return store_query_screening_waits(db, f->member_id, &f->clearable);
    bool cause = f->kind == FLAG_RED_FLAG || (f->kind == FLAG_PAIN && f->severity == SEVERITY_STOP);
    if (!cause || f->earlier || f->member_id == 0)
        return 0;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT no_lift FROM day_checkins WHERE member_id = ?1 AND day = ?2",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, f->member_id);
    sqlite3_bind_int64(q, 2, today);
    int rc = sqlite3_step(q);
    f->clearable = rc == SQLITE_ROW && sqlite3_column_int(q, 0) != 0;
    sqlite3_finalize(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_day_flags(struct store *st, int64_t day, struct flag_view *out, int max)
{
    pthread_mutex_lock(&st->rlock);
    int n = store_query_day_flags(st->rdb, day, st->day_start_min, out, max);
    pthread_mutex_unlock(&st->rlock);
    return n;
}

int store_day_flags_each(struct store *st, int64_t day,
                         void (*fn)(void *ctx, const struct flag_view *flag, int rep), void *ctx)
{
    int64_t from_us, to_us;
    store_gym_day_bounds(day, st->day_start_min, &from_us, &to_us);
    pthread_mutex_lock(&st->rlock);
    int n = query_flags(st->rdb, from_us, to_us, -1, false, fn, ctx);
    pthread_mutex_unlock(&st->rlock);
    return n;
}

/* Every flag of gym days from_day..to_day (inclusive), oldest first (records.h). */
int store_flags_range_each(struct store *st, int64_t from_day, int64_t to_day,
                           void (*fn)(void *ctx, const struct flag_view *flag, int rep), void *ctx)
{
    int64_t from_us, to_us;
    store_gym_day_bounds(from_day, st->day_start_min, &from_us, NULL);
    store_gym_day_bounds(to_day, st->day_start_min, NULL, &to_us);
    pthread_mutex_lock(&st->rlock);
    int n = query_flags(st->rdb, from_us, to_us, -1, false, fn, ctx);
    pthread_mutex_unlock(&st->rlock);
    return n;
}

/* --- set detail --- */

static void trace_decode(const void *blob, int bytes, int16_t out[REP_TRACE_POINTS])
{
    const unsigned char *b = blob;
    for (int i = 0; i < REP_TRACE_POINTS; i++)
        out[i] = b && 2 * i + 1 < bytes ? (int16_t)(uint16_t)(b[2 * i] | b[2 * i + 1] << 8) : 0;
}

static int load_reps(sqlite3 *db, struct set_detail *out)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "SELECT idx, ecc_ms, bottom_ms, conc_ms, top_ms, rom_mm, "
                           "mean_conc_mmps, peak_conc_mmps, peak_horiz_mg, peak_gyro_dps, "
                           "rushed, momentum, trace, mean_prop_mmps, tilt_cdeg, momentum_pct, "
                           "ecc_start_ms, ecc_end_ms, con_start_ms, con_end_ms "
                           "FROM reps WHERE set_key = ?1 ORDER BY idx",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, out->set_key);
    int rc;
    out->n_reps = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && out->n_reps < SET_MAX_REPS) {
        struct rep_result *r = &out->reps[out->n_reps++];
        memset(r, 0, sizeof *r);
        r->index = sqlite3_column_int(q, 0);
        r->ecc_ms = sqlite3_column_int(q, 1);
        r->bottom_ms = sqlite3_column_int(q, 2);
        r->conc_ms = sqlite3_column_int(q, 3);
        r->top_ms = sqlite3_column_int(q, 4);
        r->rom_mm = sqlite3_column_int(q, 5);
        r->mean_conc_mmps = sqlite3_column_int(q, 6);
        r->peak_conc_mmps = sqlite3_column_int(q, 7);
        r->peak_horiz_mg = sqlite3_column_int(q, 8);
        r->peak_gyro_dps = sqlite3_column_int(q, 9);
        r->rushed = sqlite3_column_int(q, 10) != 0;
        r->momentum = sqlite3_column_int(q, 11) != 0;
        trace_decode(sqlite3_column_blob(q, 12), sqlite3_column_bytes(q, 12), r->trace_mmps);
        r->mean_prop_mmps = sqlite3_column_int(q, 13); /* NULL (older reps) reads as 0 */
        r->tilt_cdeg = sqlite3_column_int(q, 14);
        r->momentum_pct = sqlite3_column_int(q, 15);
        /* phase bounds from the set's start (see struct set_detail); NULL reads as 0 */
        r->ecc_start_us = sqlite3_column_int64(q, 16) * 1000;
        r->ecc_end_us = sqlite3_column_int64(q, 17) * 1000;
        r->con_start_us = sqlite3_column_int64(q, 18) * 1000;
        r->con_end_us = sqlite3_column_int64(q, 19) * 1000;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_query_set_detail(sqlite3 *db, int64_t set_key, struct set_detail *out)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "SELECT s.key, e.name, s.load_g, s.target_reps FROM sets s "
                           "JOIN exercises e ON e.id = s.exercise_id WHERE s.key = ?1",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, set_key);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->set_key = sqlite3_column_int64(q, 0);
        col_text(q, 1, out->exercise, sizeof out->exercise);
        out->load_g = (int32_t)sqlite3_column_int(q, 2);
        out->target_reps = sqlite3_column_int(q, 3);
    }
    sqlite3_finalize(q);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW)
        return -1;
    return load_reps(db, out) == 0 ? 1 : -1;
}

int store_set_detail(struct store *st, int64_t set_key, struct set_detail *out)
{
    pthread_mutex_lock(&st->rlock);
    sqlite3_exec(st->rdb, "BEGIN", NULL, NULL, NULL);
    int rc = store_query_set_detail(st->rdb, set_key, out);
    sqlite3_exec(st->rdb, "COMMIT", NULL, NULL, NULL);
    pthread_mutex_unlock(&st->rlock);
    return rc;
}

/* --- recorded bar samples --- */

struct imu_track *store_imu_alloc(int n)
{
    if (n < 0 || n > IMU_RECORD_MAX_SAMPLES)
        return NULL;
    size_t count = n > 0 ? (size_t)n : 1;
    /* the counts come first in the block: their alignment is the struct's */
    size_t counts = count * sizeof(int16_t[IMU_RECORD_AXES]);
    size_t times = count * sizeof(uint32_t);
    struct imu_track *t = malloc(sizeof *t + counts + times);
    if (!t)
        return NULL;
    memset(t, 0, sizeof *t);
    unsigned char *p = (unsigned char *)(t + 1);
    t->counts = (int16_t(*)[IMU_RECORD_AXES])p;
    t->t_off_us = (uint32_t *)(p + counts);
    return t;
}

void store_imu_free(struct imu_track *t)
{
    free(t);
}

static int imu_row(sqlite3 *db, int64_t set_key, struct imu_track **out, char err[STORE_ERR_MAX])
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "SELECT s.key, r.format, r.t0_us, r.n_samples, r.accel_fs_g, "
                           "r.gyro_fs_dps, r.truncated, r.samples, r.bar_unit, r.unit_ref "
                           "FROM sets s "
                           "LEFT JOIN imu_records r ON r.set_key = s.key WHERE s.key = ?",
                           -1, &q, NULL) != SQLITE_OK) {
        store_db_err(db, "cannot read the set's samples", err);
        return -1;
    }
    sqlite3_bind_int64(q, 1, set_key);
    int rc = sqlite3_step(q), found = 0;
    if (rc == SQLITE_DONE) {
        store_errf(err, "no set %lld (see rackside-ctl sets)", (long long)set_key);
    } else if (rc != SQLITE_ROW) {
        store_db_err(db, "cannot read the set's samples", err);
        found = -1;
    } else if (sqlite3_column_type(q, 1) == SQLITE_NULL) {
        store_errf(err, "set %lld has no recorded bar samples (the bar unit sent none)",
                   (long long)set_key);
    } else {
        int n = sqlite3_column_int(q, 3);
        char why[STORE_ERR_MAX];
        uLongf raw_len = (uLongf)imu_track_pack_max(n);
        unsigned char *raw = raw_len ? malloc(raw_len) : NULL;
        struct imu_track *t = store_imu_alloc(n);
        const void *blob = sqlite3_column_blob(q, 7);
        int blob_len = sqlite3_column_bytes(q, 7);
        found = -1;
        if (sqlite3_column_int(q, 1) != IMU_RECORD_FORMAT ||
            sqlite3_column_int(q, 4) != IMU_RECORD_ACCEL_FS_G ||
            sqlite3_column_int(q, 5) != IMU_RECORD_GYRO_FS_DPS || n <= 0 || !t || !raw || !blob)
            store_errf(err, "set %lld: its samples are in a form this rackside cannot read",
                       (long long)set_key);
        else if (uncompress(raw, &raw_len, blob, (uLong)blob_len) != Z_OK ||
                 imu_track_unpack(raw, raw_len, n, t) != 0)
            store_errf(err, "set %lld: its recorded samples are damaged", (long long)set_key);
        else if (sqlite3_column_type(q, 9) != SQLITE_NULL &&
                 unit_ref_from_json((const char *)sqlite3_column_text(q, 9), NULL, &t->unit_ref,
                                    why) != 0)
            store_errf(err, "set %lld: what it started from of the bar unit is damaged (%s)",
                       (long long)set_key, why);
        else
            found = 1;
        if (found == 1) {
            t->has_unit_ref = sqlite3_column_type(q, 9) != SQLITE_NULL;
            if (sqlite3_column_type(q, 8) != SQLITE_NULL)
                snprintf(t->bar_unit, sizeof t->bar_unit, "%s", sqlite3_column_text(q, 8));
            t->set_key = set_key;
            t->t0_us = sqlite3_column_int64(q, 2);
            t->truncated = sqlite3_column_int(q, 6) != 0;
            *out = t;
        } else {
            store_imu_free(t);
        }
        free(raw);
    }
    sqlite3_finalize(q);
    return found;
}

int store_set_imu(struct store *st, int64_t set_key, struct imu_track **out,
                  char err[STORE_ERR_MAX])
{
    *out = NULL;
    pthread_mutex_lock(&st->rlock);
    int rc = imu_row(st->rdb, set_key, out, err);
    pthread_mutex_unlock(&st->rlock);
    return rc;
}

/* --- the day's sets --- */

int store_day_sets_each(struct store *st, int64_t day,
                        void (*fn)(void *ctx, const struct set_row *row), void *ctx)
{
    int64_t start_us, end_us;
    store_local_day_bounds(day, &start_us, &end_us);
    return store_sets_between(st, 0, start_us, end_us, fn, ctx);
}
