/*
 * The trainer's list a window at a time: for generated gyms (seeds 1..6: lifters, flags of
 * every kind and severity over today and the past 400 days, some acknowledged, some about
 * nobody), the store's pages, asked for one after the other with each set of filters and
 * laid end to end, are the core's arrangement of the whole list (trainer_flags_page_of),
 * with the same groups, counts and filter steps. A table of filter cases per seed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <time.h>

#include "store_fixture.h"

#define US_PER_S   1000000LL
#define US_PER_MIN (60 * US_PER_S)
#define MAX_FLAGS  400
#define N_MEMBERS  9

struct fixture {
    char dir[PATH_MAX];
    char path[PATH_MAX + 16];
    struct store *st;
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    fx->st = store_fixture_open("review", fx->dir, sizeof fx->dir, fx->path, sizeof fx->path);
    *state = fx;
    return fx->st ? 0 : -1;
}
STORE_FIXTURE_TEARDOWN(teardown)

/* Names that sort in ways strcmp and SQLite must agree on: accents, case, a prefix. */
static const char *const names[N_MEMBERS] = {
    "Ana", "Ana Bell", "ben", "Zoë", "Émile", "Cy", "Dee", "Al", "Bo",
};

static uint32_t next_rand(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

/* The gym: members, then flags raised over today and the 400 days before (ids 1..n in
 * that order), a third of the earlier ones acknowledged. all[] gets every flag as the
 * core would see it, with its day's offset in ago[]. */
struct gym {
    struct flag_view all[MAX_FLAGS];
    int ago[MAX_FLAGS];
    int n;
    int64_t member_id[N_MEMBERS];
};

static void make_gym(struct store *st, const char *path, uint32_t seed, int64_t today,
                     struct gym *g)
{
    memset(g, 0, sizeof *g);
    char err[STORE_ERR_MAX];
    for (int m = 0; m < N_MEMBERS; m++)
        assert_int_equal(store_member_add(st, names[m], m == 0 ? ROLE_TRAINER : ROLE_LIFTER,
                                          m == 0 ? "2468" : NULL, &g->member_id[m], err),
                         0);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_stmt *ins, *ack;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "INSERT INTO flags (id, t_us, member_id, kind, severity)"
                                        " VALUES (?1, ?2, ?3, ?4, ?5)",
                                        -1, &ins, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "INSERT INTO acknowledgements (flag_id, t_us, by_member_id)"
                                        " VALUES (?1, ?2, ?3)",
                                        -1, &ack, NULL),
                     SQLITE_OK);
    uint32_t r = seed;
    g->n = 150 + (int)(next_rand(&r) % 200);
    for (int i = 0; i < g->n; i++) {
        struct flag_view *f = &g->all[i];
        f->id = i + 1;
        /* half today, the rest over 400 days (past a year too) */
        g->ago[i] = next_rand(&r) % 2 ? 0 : 1 + (int)(next_rand(&r) % 400);
        int64_t start;
        store_gym_day_bounds(today - g->ago[i], 0, &start, NULL);
        /* a few at the same minute: the id decides */
        f->t_wall_us = start + (int64_t)(next_rand(&r) % 90) * US_PER_MIN;
        int m = (int)(next_rand(&r) % (N_MEMBERS + 1)); /* N_MEMBERS: about nobody */
        f->member_id = m < N_MEMBERS ? g->member_id[m] : 0;
        snprintf(f->member, sizeof f->member, "%s", m < N_MEMBERS ? names[m] : "");
        f->kind = (enum flag_kind)(next_rand(&r) % FLAG_KIND_COUNT);
        /* mostly the kind's own severity, sometimes another (the list sorts on both) */
        f->severity = next_rand(&r) % 4 ? flag_kind_severity(f->kind)
                                        : (enum severity)(next_rand(&r) % SEVERITIES);
        f->acked = next_rand(&r) % 3 == 0;
        sqlite3_bind_int64(ins, 1, f->id);
        sqlite3_bind_int64(ins, 2, f->t_wall_us);
        if (f->member_id)
            sqlite3_bind_int64(ins, 3, f->member_id);
        else
            sqlite3_bind_null(ins, 3);
        sqlite3_bind_text(ins, 4, flag_kind_id(f->kind), -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 5, severity_label(f->severity), -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
        sqlite3_reset(ins);
        for (int k = 0; f->acked && k < 1 + (int)(next_rand(&r) % 2); k++) {
            sqlite3_bind_int64(ack, 1, f->id);
            sqlite3_bind_int64(ack, 2, f->t_wall_us + (k + 1) * US_PER_MIN);
            sqlite3_bind_int64(ack, 3, g->member_id[0]);
            assert_int_equal(sqlite3_step(ack), SQLITE_DONE);
            sqlite3_reset(ack);
        }
    }
    sqlite3_finalize(ins);
    sqlite3_finalize(ack);
    assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* The list a trainer sees days_back days ago: that day's flags; today's also holds what
 * nobody acknowledged on any day before, however long ago. */
static int the_list(const struct gym *g, int days_back, struct flag_view *out)
{
    int n = 0;
    for (int i = 0; i < g->n; i++)
        if (g->ago[i] == days_back || (days_back == 0 && !g->all[i].acked))
            out[n++] = g->all[i];
    return n;
}

/* Asks the store for the window q names, as the kiosk does. */
static struct flags_page *store_page(struct store *st, int64_t now_us, const struct flags_query *q)
{
    struct effect e = {.kind = EFFECT_LOAD_FLAGS, .t_wall_us = now_us, .key = q->days_back};
    e.flags_q = *q;
    assert_int_equal(store_submit(st, &e), 0);
    store_flush(st);
    struct store_done d;
    struct flags_page *page = NULL;
    while (store_next_done(st, &d)) {
        if (d.kind == EFFECT_LOAD_FLAGS && d.ok) {
            page = d.page;
            d.page = NULL;
        }
        store_done_release(&d);
    }
    if (!page)
        fail_msg("the store did not answer the window at %d", q->offset);
    return page;
}

static void same_summary(const char *what, const struct flags_page *got,
                         const struct flags_page *want)
{
    const struct flags_summary *a = &got->sum, *b = &want->sum;
    if (a->all != b->all || a->total != b->total || a->total_open != b->total_open ||
        a->n_lifters != b->n_lifters || a->member_count != b->member_count ||
        a->next_member != b->next_member || strcmp(a->member_name, b->member_name) != 0)
        fail_msg("%s: store %d all, %d kept, %d open, %d lifters, member %d \"%s\", next %lld; "
                 "core %d, %d, %d, %d, %d \"%s\", %lld",
                 what, a->all, a->total, a->total_open, a->n_lifters, a->member_count,
                 a->member_name, (long long)a->next_member, b->all, b->total, b->total_open,
                 b->n_lifters, b->member_count, b->member_name, (long long)b->next_member);
    for (int k = 0; k < FLAG_KIND_COUNT; k++)
        if (a->kind_count[k] != b->kind_count[k])
            fail_msg("%s: kind %s: store %d, core %d", what, flag_kind_id((enum flag_kind)k),
                     a->kind_count[k], b->kind_count[k]);
    for (int k = 0; k < SEVERITIES; k++)
        if (a->severity_count[k] != b->severity_count[k])
            fail_msg("%s: severity %d: store %d, core %d", what, k, a->severity_count[k],
                     b->severity_count[k]);
    if (got->q.filter_kind != want->q.filter_kind ||
        got->q.filter_severity != want->q.filter_severity ||
        got->q.filter_member != want->q.filter_member || got->q.offset != want->q.offset)
        fail_msg("%s: the store settled the filters as %d %d %lld at %d, the core as %d %d %lld "
                 "at %d",
                 what, got->q.filter_kind, got->q.filter_severity, (long long)got->q.filter_member,
                 got->q.offset, want->q.filter_kind, want->q.filter_severity,
                 (long long)want->q.filter_member, want->q.offset);
}

/* Pages through the list from the first window to the last, the store's against the
 * core's; returns the flags reached. */
static int walk(struct store *st, int64_t now_us, const struct flag_view *list, int n,
                struct flags_query q, const char *what)
{
    static struct flag_place scratch[MAX_FLAGS];
    static struct flags_page want;
    int reached = 0;
    for (int window = 0;; window++) {
        trainer_flags_page_of(list, n, &q, scratch, &want);
        struct flags_page *got = store_page(st, now_us, &q);
        char where[160];
        snprintf(where, sizeof where, "%s, window %d", what, window);
        same_summary(where, got, &want);
        if (got->n != want.n)
            fail_msg("%s: store %d flags, core %d", where, got->n, want.n);
        for (int i = 0; i < got->n; i++) {
            const struct flag_group *a = &got->group[i], *b = &want.group[i];
            if (got->flags[i].id != want.flags[i].id || a->member_id != b->member_id ||
                a->n != b->n || a->n_open != b->n_open || a->rank != b->rank ||
                a->first != b->first || got->flags[i].acked != want.flags[i].acked)
                fail_msg("%s, position %d: store flag %lld (group %lld: %d, %d open, rank %d, "
                         "from %d), core flag %lld (group %lld: %d, %d open, rank %d, from %d)",
                         where, got->q.offset + i, (long long)got->flags[i].id,
                         (long long)a->member_id, a->n, a->n_open, a->rank, a->first,
                         (long long)want.flags[i].id, (long long)b->member_id, b->n, b->n_open,
                         b->rank, b->first);
        }
        reached += got->n;
        int next = got->q.offset + got->n;
        q = got->q;
        free(got);
        if (want.n == 0 || next >= want.sum.total)
            break;
        q.offset = next;
    }
    return reached;
}

static void test_pages_end_to_end_are_the_arrangement(void **state)
{
    struct fixture *fx = *state;
    for (uint32_t seed = 1; seed <= 6; seed++) {
        if (seed > 1) { /* a fresh database per seed */
            assert_int_equal(store_fixture_close(fx->st, fx->dir), 0);
            fx->st =
                store_fixture_open("review", fx->dir, sizeof fx->dir, fx->path, sizeof fx->path);
            assert_non_null(fx->st);
        }
        int64_t now_us = (int64_t)time(NULL) * US_PER_S;
        int64_t today = store_gym_day(now_us, 0);
        static struct gym g;
        make_gym(fx->st, fx->path, seed, today, &g);
        static const struct {
            const char *what;
            int days_back;
            int kind, severity; /* + 1; 0 all */
            int member;         /* index into names + 1; 0 all; -1 nobody enrolled */
            int offset;
        } cases[] = {
            {"everything", 0, 0, 0, 0, 0},
            {"pain only", 0, FLAG_PAIN + 1, 0, 0, 0},
            {"stop only", 0, 0, SEVERITY_STOP + 1, 0, 0},
            {"info only", 0, 0, SEVERITY_INFO + 1, 0, 0},
            {"one lifter", 0, 0, 0, 4, 0},
            {"one lifter's cautions", 0, 0, SEVERITY_CAUTION + 1, 1, 0},
            {"rushed eccentrics of one lifter", 0, FLAG_RUSHED + 1, 0, 2, 0},
            {"a lifter not in the list goes back to all", 0, 0, 0, -1, 0},
            {"from the middle", 0, 0, 0, 0, 100},
            {"past the end goes back to the start", 0, 0, 0, 0, 5000},
            {"yesterday", 1, 0, 0, 0, 0},
            {"a day a week back, caution", 7, 0, SEVERITY_CAUTION + 1, 0, 0},
        };
        static struct flag_view list[MAX_FLAGS];
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            int n = the_list(&g, cases[c].days_back, list);
            struct flags_query q = {cases[c].days_back, cases[c].kind, cases[c].severity, 0,
                                    cases[c].offset};
            q.filter_member = cases[c].member > 0   ? g.member_id[cases[c].member - 1]
                              : cases[c].member < 0 ? 999999
                                                    : 0;
            char what[96];
            snprintf(what, sizeof what, "seed %u, %s (%d flags)", seed, cases[c].what, n);
            int reached = walk(fx->st, now_us, list, n, q, what);
            if (c == 0 && reached != n) /* the whole list is reachable */
                fail_msg("%s: %d of %d flags reached", what, reached, n);
        }
    }
}

/* Runs sql on the database beside the store (a failure fails the test). */
static void exec_sql(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    sqlite3_close(db);
}

static long long int_of(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    long long v = store_fixture_int(db, sql);
    sqlite3_close(db);
    return v;
}

/* Every flag is marked acknowledged (flags.acked) exactly when an acknowledgement of it is
 * kept, and the store's list (today's: the earlier open flags go by the mark) is the core's
 * arrangement of the gym as g now says. */
static void mark_holds(struct fixture *fx, const struct gym *g, int64_t now_us, const char *what)
{
    long long wrong =
        int_of(fx->path, "SELECT count(*) FROM flags WHERE acked IS NOT EXISTS"
                         " (SELECT 1 FROM acknowledgements a WHERE a.flag_id = flags.id)");
    if (wrong != 0)
        fail_msg("%s: %lld flags marked otherwise than their acknowledgements say", what, wrong);
    static struct flag_view list[MAX_FLAGS];
    int n = the_list(g, 0, list);
    struct flags_query q = {0};
    if (walk(fx->st, now_us, list, n, q, what) != n)
        fail_msg("%s: the list does not reach its %d flags", what, n);
}

/* The next flag of a day before today that nobody acknowledged, from index *from on. */
static int next_open_flag(const struct gym *g, int *from)
{
    for (int i = *from; i < g->n; i++)
        if (g->ago[i] >= 1 && !g->all[i].acked) {
            *from = i + 1;
            return i;
        }
    fail_msg("no open flag of an earlier day left after %d", *from);
    return -1;
}

/* Schema step 24: the mark on a flag follows its acknowledgements however they come (the
 * kiosk's trainer screen, rackside-ctl ack, a pull from the gym's server, the purge that
 * takes them away), and the earlier days' open flags leave today's list when acknowledged and
 * come back when the last acknowledgement goes. Seeds 7 and 8 (not the arrangement's). */
static void test_the_mark_follows_every_acknowledgement(void **state)
{
    struct fixture *fx = *state;
    for (uint32_t seed = 7; seed <= 8; seed++) {
        if (seed > 7) {
            assert_int_equal(store_fixture_close(fx->st, fx->dir), 0);
            fx->st =
                store_fixture_open("review", fx->dir, sizeof fx->dir, fx->path, sizeof fx->path);
            assert_non_null(fx->st);
        }
        int64_t now_us = (int64_t)time(NULL) * US_PER_S;
        static struct gym g;
        make_gym(fx->st, fx->path, seed, store_gym_day(now_us, 0), &g);
        mark_holds(fx, &g, now_us, "as made");
        int from = 0, trainer = (int)g.member_id[0];
        char sql[512];

        /* on the trainer's screen: the kiosk's acknowledgement */
        int k = next_open_flag(&g, &from);
        struct effect e = {
            .kind = EFFECT_ACK_FLAG, .t_wall_us = now_us, .key = g.all[k].id, .member_id = trainer};
        snprintf(e.text, sizeof e.text, "seen");
        assert_int_equal(store_submit(fx->st, &e), 0);
        store_flush(fx->st);
        struct store_done d;
        while (store_next_done(fx->st, &d)) {
            assert_true(d.ok);
            store_done_release(&d);
        }
        g.all[k].acked = true;
        mark_holds(fx, &g, now_us, "acknowledged at the rack");

        /* rackside-ctl ack */
        int c = next_open_flag(&g, &from);
        char err[STORE_ERR_MAX];
        if (store_ack_flag(fx->st, g.all[c].id, trainer, "rang him", err) != 0)
            fail_msg("rackside-ctl ack: %s", err);
        g.all[c].acked = true;
        mark_holds(fx, &g, now_us, "acknowledged by rackside-ctl");

        /* pulled from the gym's server: written as the pull writes it (sync_state.pulling,
         * app/sync/pull.c's apply_ack), which enters no outbox record */
        int p = next_open_flag(&g, &from);
        long long outbox = int_of(fx->path, "SELECT count(*) FROM sync_outbox");
        snprintf(sql, sizeof sql,
                 "UPDATE sync_state SET pulling = 1;"
                 "INSERT INTO acknowledgements (flag_id, t_us, by_member_id, note)"
                 " SELECT %lld, %lld, %d, 'from rack 2' WHERE NOT EXISTS (SELECT 1 FROM"
                 " acknowledgements WHERE flag_id = %lld AND t_us = %lld AND by_member_id = %d);"
                 "UPDATE sync_state SET pulling = 0;",
                 (long long)g.all[p].id, (long long)now_us, trainer, (long long)g.all[p].id,
                 (long long)now_us, trainer);
        exec_sql(fx->path, sql);
        assert_int_equal(int_of(fx->path, "SELECT count(*) FROM sync_outbox"), outbox);
        g.all[p].acked = true;
        mark_holds(fx, &g, now_us, "acknowledged at another rack, pulled");

        /* a second acknowledgement, then each taken away (the purge deletes them): the flag
         * is open again only when none is left */
        snprintf(sql, sizeof sql,
                 "INSERT INTO acknowledgements (flag_id, t_us, by_member_id) VALUES (%lld, %lld,"
                 " %d)",
                 (long long)g.all[p].id, (long long)now_us + 1, trainer);
        exec_sql(fx->path, sql);
        snprintf(sql, sizeof sql,
                 "DELETE FROM acknowledgements WHERE flag_id = %lld AND note = 'from rack 2'",
                 (long long)g.all[p].id);
        exec_sql(fx->path, sql);
        mark_holds(fx, &g, now_us, "one of two acknowledgements taken away");
        snprintf(sql, sizeof sql, "DELETE FROM acknowledgements WHERE flag_id = %lld",
                 (long long)g.all[p].id);
        exec_sql(fx->path, sql);
        g.all[p].acked = false;
        mark_holds(fx, &g, now_us, "every acknowledgement taken away");
    }
}

/* Whether today's whole list (every window of it) holds flag id. */
static bool listed_today(struct store *st, int64_t now_us, int64_t id)
{
    struct flags_query q = {0};
    for (;;) {
        struct flags_page *page = store_page(st, now_us, &q);
        bool found = false;
        for (int i = 0; i < page->n; i++)
            found = found || page->flags[i].id == id;
        int next = page->q.offset + page->n, total = page->sum.total;
        free(page);
        if (found)
            return true;
        if (next >= total || next == q.offset)
            return false;
        q.offset = next;
    }
}

/* Runs one store request to its answer; the answer must be ok. */
static void submit_ok(struct store *st, const struct effect *e)
{
    assert_int_equal(store_submit(st, e), 0);
    store_flush(st);
    struct store_done d;
    while (store_next_done(st, &d)) {
        if (!d.ok)
            fail_msg("the store refused: %s", d.err);
        store_done_release(&d);
    }
}

/* A flag nobody acknowledged stays on today's list however old it is (the issue: "stay
 * until acknowledged"; a year was the limit once), and leaves it when acknowledged. Raised
 * and acknowledged as the kiosk does, one age a case. */
static void test_open_flags_stay_however_old(void **state)
{
    struct fixture *fx = *state;
    static const int ages[] = {1, 364, 365, 366, 400, 5 * 365 + 1};
    enum { N_AGES = sizeof ages / sizeof ages[0] };
    char err[STORE_ERR_MAX];
    int64_t lifter, trainer;
    assert_int_equal(store_member_add(fx->st, "Dana Cole", ROLE_TRAINER, "2468", &trainer, err), 0);
    assert_int_equal(store_member_add(fx->st, "Sam Okafor", ROLE_LIFTER, NULL, &lifter, err), 0);
    int64_t now_us = (int64_t)time(NULL) * US_PER_S;
    int64_t today = store_gym_day(now_us, 0), id[N_AGES];
    for (int i = 0; i < N_AGES; i++) {
        int64_t start;
        store_gym_day_bounds(today - ages[i], 0, &start, NULL);
        struct effect e = {
            .kind = EFFECT_FLAG, .t_wall_us = start + 10 * 60 * US_PER_MIN, .member_id = lifter};
        e.flag = (struct raised_flag){FLAG_PAIN, SEVERITY_CAUTION, 0, "pain 4/10"};
        submit_ok(fx->st, &e);
        id[i] = int_of(fx->path, "SELECT max(id) FROM flags");
    }
    for (int i = 0; i < N_AGES; i++)
        if (!listed_today(fx->st, now_us, id[i]))
            fail_msg("an open flag %d days old is not on today's list", ages[i]);
    for (int i = N_AGES - 1; i >= 0; i--) { /* the oldest acknowledged first */
        struct effect ack = {
            .kind = EFFECT_ACK_FLAG, .t_wall_us = now_us, .key = id[i], .member_id = trainer};
        snprintf(ack.text, sizeof ack.text, "seen");
        submit_ok(fx->st, &ack);
        if (listed_today(fx->st, now_us, id[i]))
            fail_msg("a flag %d days old is still on today's list once acknowledged", ages[i]);
        for (int j = 0; j < i; j++)
            if (!listed_today(fx->st, now_us, id[j]))
                fail_msg("acknowledging a flag %d days old took the one %d days old away", ages[i],
                         ages[j]);
    }
}

struct noted {
    int n;
    char gather_plan[512]; /* the plan of the statement that reads the list */
};

static void note_plan(void *ctx, const char *sql, const char *plan, bool ok)
{
    struct noted *n = ctx;
    if (!ok)
        fail_msg("the store's statement could not be explained: %s: %s", sql, plan);
    n->n++;
    if (strstr(sql, "INDEXED BY flags_open"))
        snprintf(n->gather_plan, sizeof n->gather_plan, "%s", plan);
}

/* The store notes the statements it runs and explains them where they ran (the benchmarks
 * check those plans on a gym's database): the list's read, on the writer's connection,
 * takes the earlier days' open flags from flags_open alone. */
static void test_the_store_explains_its_own_statements(void **state)
{
    struct fixture *fx = *state;
    int64_t now_us = (int64_t)time(NULL) * US_PER_S;
    static struct gym g;
    make_gym(fx->st, fx->path, 9, store_gym_day(now_us, 0), &g);
    assert_int_equal(store_plans_note(fx->st, true), 0);
    struct flags_query q = {0};
    free(store_page(fx->st, now_us, &q));
    struct noted n = {0};
    int explained = store_plans_each(fx->st, note_plan, &n);
    assert_int_equal(explained, n.n);
    assert_true(n.n >= 2); /* the list's read and the window's flags at least */
    if (!strstr(n.gather_plan, "COVERING INDEX flags_open"))
        fail_msg("the list's read does not take flags_open alone: \"%s\"", n.gather_plan);
    /* noting stopped: another page adds nothing */
    free(store_page(fx->st, now_us, &q));
    struct noted again = {0};
    assert_int_equal(store_plans_each(fx->st, note_plan, &again), explained);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pages_end_to_end_are_the_arrangement, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_mark_follows_every_acknowledgement, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_open_flags_stay_however_old, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_store_explains_its_own_statements, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
