/*
 * records_bench: times the kiosk's reads on a gym's database (build/tools/gen-gymdb):
 *
 *   records_bench DB [--rounds N]
 *
 * - today's cap look-up: a badge tap's look-up (member, 8 weeks of sets, start loads,
 *   overrides, the day so far) and the cap the core computes from it for each exercise,
 *   for members who trained in the last 8 weeks; budget 0.3 ms warm here (about 1 ms on a
 *   Pi 4).
 * - the trainer's list of flags (unreviewed flags of every earlier day and today's), a window
 *   of 64 at a time, arranged by the store, through its own request path: each window
 *   paged to from the first to the last, timed; budget 50 ms a window.
 * - the day's flags as rackside-ctl lists them; and how many of the flags the trainer's
 *   list should reach (unreviewed from any earlier day, or today's) its pages reach.
 * - a lifter's story (the trainer's Story page): 8 weeks of sets, check-ins, warm-ups,
 *   flags and trainer actions read through the store, and the core's pictures worked out
 *   (story_compute), for members who trained in the last 8 weeks; budget 100 ms.
 * - the query plans of the store's own statements, each of those reads run once more with
 *   the store noting what it runs (store_plans_note): each must search an index, never scan
 *   a table, a window of
 *   sets must be bounded by its index, and the earlier days' open flags must come from the
 *   partial index flags_open alone.
 * Prints the median, 95th percentile and worst, and "over budget" (exit 1) when a median
 * is over its budget or a plan fails its check. Wall time on CLOCK_MONOTONIC; the machine
 * is shared, so medians.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "../../app/core/progression.h"
#include "../../app/core/story.h"
#include "../../app/store/records.h"
#include "../../app/store/store.h"

#define DAY_START_MIN   240
#define US_PER_S        1000000LL
#define CAP_BUDGET_US   300
#define FLAG_BUDGET_US  50000
#define STORY_BUDGET_US 100000
#define MAX_BADGES      4096

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * US_PER_S + ts.tv_nsec / 1000;
}

/* The process's CPU time (the store's writer thread included), which the machine's other
 * load does not stretch as it does the wall time. */
static int64_t cpu_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * US_PER_S + ts.tv_nsec / 1000;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Prints median, p95 and worst; returns the median. */
static int64_t report(const char *what, int64_t *us, int n, int64_t budget_us)
{
    qsort(us, (size_t)n, sizeof *us, cmp_i64);
    int64_t median = us[n / 2];
    printf("%-36s median %8.3f ms  p95 %8.3f ms  worst %8.3f ms  (%d runs)", what, median / 1e3,
           us[n * 95 / 100] / 1e3, us[n - 1] / 1e3, n);
    if (budget_us > 0)
        printf("  budget %g ms%s", budget_us / 1e3, median > budget_us ? "  OVER BUDGET" : "");
    printf("\n");
    return median;
}

/* Badges of members who trained in the 8 weeks before today: the look-ups that cost most. */
static int recent_badges(const char *path, int64_t today, char (*uids)[32], int max)
{
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return -1;
    int64_t from_us;
    store_gym_day_bounds(today - STORE_HISTORY_DAYS, DAY_START_MIN, &from_us, NULL);
    sqlite3_stmt *q;
    int n = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT b.uid FROM badges b WHERE b.member_id IN "
                           "(SELECT DISTINCT member_id FROM sets WHERE started_us >= ?1) "
                           "ORDER BY b.uid",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, from_us);
        while (n < max && sqlite3_step(q) == SQLITE_ROW)
            snprintf(uids[n++], 32, "%s", (const char *)sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    return n;
}

/* One badge tap: the look-up and every exercise's cap; returns the caps' sum (kept live). */
static int64_t cap_lookup(struct store *st, const char *uid, int64_t today,
                          const struct exercise *ex, int n_ex, const struct rules *rules)
{
    static struct member_profile p;
    if (store_find_badge(st, uid, today, &p) != 1)
        return -1;
    int64_t sum = 0;
    for (int i = 0; i < n_ex; i++) {
        const struct exercise_history *h = NULL;
        for (size_t k = 0; k < p.n_hist; k++)
            if (p.hist[k].exercise_id == ex[i].id)
                h = &p.hist[k];
        struct progression_input in = {
            .sets = h ? h->sets : NULL,
            .n_sets = h ? h->n_sets : 0,
            .today = today,
            .last_session_day = p.last_session_day,
            .last_session_pain = p.last_session_pain,
            .pain_today = p.day.pain_max,
            .upper_body = ex[i].upper_body,
            .start_load_g = h ? h->start_load_g : 0,
            .override_g = h ? h->override_g : 0,
        };
        struct progression_result r;
        progression_cap(rules, &in, &r);
        sum += r.cap_g;
    }
    return sum;
}

/* A window of the trainer's list, as the kiosk asks for it: a request to the store and its
 * answer. Returns the flags in it (and the list's size in *total), or -1. */
static int review_page(struct store *st, int64_t now_wall_us, int days_back, int offset, int *total)
{
    struct effect e = {.kind = EFFECT_LOAD_FLAGS, .t_wall_us = now_wall_us, .key = days_back};
    e.flags_q.days_back = days_back;
    e.flags_q.offset = offset;
    if (store_submit(st, &e) != 0)
        return -1;
    struct store_done d;
    int n = -1;
    while (store_next_done(st, &d)) {
        if (d.kind == EFFECT_LOAD_FLAGS && d.ok && d.page && d.page->q.offset == offset) {
            n = d.page->n;
            *total = d.page->sum.total;
        }
        store_done_release(&d);
    }
    return n;
}

/* Members who trained in the 8 weeks before today, the most sets first (the longest
 * stories). */
static int recent_members(const char *path, int64_t today, int64_t *ids, int max)
{
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return -1;
    int64_t from_us;
    store_gym_day_bounds(today - STORE_HISTORY_DAYS, DAY_START_MIN, &from_us, NULL);
    sqlite3_stmt *q;
    int n = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT member_id FROM sets WHERE started_us >= ?1 GROUP BY member_id "
                           "ORDER BY count(*) DESC, member_id LIMIT ?2",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, from_us);
        sqlite3_bind_int(q, 2, max);
        while (n < max && sqlite3_step(q) == SQLITE_ROW)
            ids[n++] = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    return n;
}

/* The Story page's cost: the store's read and the core's pictures; returns the sets read. */
static int story_once(struct store *st, int64_t member_id, int64_t today, const struct rules *rules)
{
    static struct lifter_story story;
    if (store_lifter_story(st, member_id, today, &story) != 1)
        return -1;
    story_compute(&story, rules);
    int n = 0;
    for (int e = 0; e < story.n_ex; e++)
        n += story.ex[e].n_sets;
    return n;
}

/* Flags the trainer's list should reach: unreviewed ones of any earlier day, and the day's. */
static int flags_wanted(const char *path, int64_t today)
{
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return -1;
    int64_t day_us, end_us;
    store_gym_day_bounds(today, DAY_START_MIN, &day_us, &end_us);
    sqlite3_stmt *q;
    int n = -1;
    if (sqlite3_prepare_v2(db,
                           "SELECT count(*) FROM flags f WHERE f.t_us < ?1 AND (f.t_us >= ?2 OR "
                           "NOT EXISTS (SELECT 1 FROM acknowledgements a WHERE a.flag_id = f.id))",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, end_us);
        sqlite3_bind_int64(q, 2, day_us);
        if (sqlite3_step(q) == SQLITE_ROW)
            n = sqlite3_column_int(q, 0);
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    return n;
}

static void count_flag(void *ctx, const struct flag_view *f, int rep)
{
    (void)f, (void)rep;
    (*(int *)ctx)++;
}

/* ---- the query plans of the store's own statements ---- */

static void no_row(void *ctx, const void *row)
{
    (void)row;
    (*(int *)ctx)++;
}
static void checkin_seen(void *ctx, const struct checkin_row *r)
{
    no_row(ctx, r);
}
static void set_seen(void *ctx, const struct set_row *r)
{
    no_row(ctx, r);
}

/* The first flag on a set in the day's flags, for its detail (the flag's page, the report). */
static void flag_set(void *ctx, const struct flag_view *f, int rep)
{
    (void)rep;
    int64_t *key = ctx;
    if (!*key && f->set_key)
        *key = f->set_key;
}

/* Whether the table or alias name (len bytes) is the exercise catalogue in sql. */
static bool is_catalogue(const char *sql, const char *name, size_t len)
{
    char alias[48];
    snprintf(alias, sizeof alias, "exercises %.*s ", (int)len, name);
    return (len == strlen("exercises") && strncmp(name, "exercises", len) == 0) ||
           strstr(sql, alias) != NULL;
}

/* Whether plan scans a table: "SCAN t" with no index after it. Not counted: a
 * subquery's rows, and the rack's exercise catalogue (tens of rows at most: the story
 * loops over it to search sets_member by member, exercise and time for each). */
static bool scans_a_table(const char *sql, const char *plan)
{
    for (const char *p = strstr(plan, "SCAN "); p; p = strstr(p + 5, "SCAN ")) {
        if (p != plan && p[-1] != ' ')
            continue;
        const char *name = p + 5, *end = name + strcspn(name, " ;");
        size_t len = (size_t)(end - name);
        if (strncmp(end, " USING ", 7) == 0 || name[0] == '(' ||
            strncmp(name, "CONSTANT ROW", 12) == 0 || is_catalogue(sql, name, len))
            continue;
        return true;
    }
    return false;
}

struct plan_check {
    int n, bad;
};

/* A statement's plan against the checks (records.sh reads the lines). */
static void check_plan(void *ctx, const char *sql, const char *plan, bool ok)
{
    struct plan_check *c = ctx;
    const char *verdict = "ok";
    if (!ok)
        verdict = "NOT EXPLAINED";
    else if (scans_a_table(sql, plan))
        verdict = "SCANS A TABLE";
    /* a window of one lifter's sets (the cap's history, the story) is bounded by the index
       on both ends, so its cost does not grow with the years kept */
    else if (strstr(sql, "FROM sets") && strstr(sql, "started_us >= ?") &&
             strstr(sql, "member_id = ?") && !strstr(plan, "started_us>? AND started_us<?"))
        verdict = "NOT BOUNDED";
    /* the earlier days' open flags come from the partial index over them alone, so the
       list's first window does not visit the years of acknowledged flags */
    else if (strstr(sql, "INDEXED BY flags_open") && !strstr(plan, "COVERING INDEX flags_open"))
        verdict = "NOT flags_open";
    c->n++;
    c->bad += strcmp(verdict, "ok") != 0;
    if (!plan[0])
        return; /* BEGIN, PRAGMA, CREATE: nothing to plan */
    printf("  plan %-14s %.*s%s\n      %s\n", verdict, 110, sql, strlen(sql) > 110 ? "..." : "",
           plan);
}

/* Each read the budgets cover run once more, the store noting its statements, then their
 * plans checked; returns the plans that failed. */
static int check_plans(struct store *st, const char *uid, int64_t member_id, int64_t now_wall_us,
                       int64_t today, const struct exercise *ex, int n_ex,
                       const struct rules *rules)
{
    int yesterday, total, rows = 0;
    int64_t set_key = 0;
    static struct set_detail detail;
    if (store_plans_note(st, true) != 0)
        return 1;
    cap_lookup(st, uid, today, ex, n_ex, rules);
    review_page(st, now_wall_us, 1, 0, &yesterday);      /* an earlier day's list */
    review_page(st, now_wall_us, 0, 0, &total);          /* today's, gathered */
    review_page(st, now_wall_us, 0, 64, &total);         /* a later window, read again */
    store_day_flags_each(st, today, flag_set, &set_key); /* rackside-ctl flags */
    store_flags_range_each(st, today - 6, today, flag_set, &set_key); /* the report */
    if (set_key)
        store_set_detail(st, set_key, &detail); /* a flag's plots */
    story_once(st, member_id, today, rules);
    store_checkins_each(st, today - 6, today, checkin_seen, &rows);
    store_day_sets_each(st, today, set_seen, &rows);
    store_member_sets_each(st, member_id, today - 27, today, set_seen, &rows);
    struct plan_check c = {0};
    store_plans_each(st, check_plan, &c);
    printf("query plans: %d statements of the store's, %d failing their check\n", c.n, c.bad);
    return c.bad;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: records_bench DB [--rounds N]\n");
        return 2;
    }
    int rounds = argc > 3 && strcmp(argv[2], "--rounds") == 0 ? atoi(argv[3]) : 400;
    if (rounds < 20)
        rounds = 20;
    char err[STORE_ERR_MAX];
    struct store *st = store_open(argv[1], false, err);
    if (!st) {
        fprintf(stderr, "records_bench: %s\n", err);
        return 1;
    }
    store_set_day_start(st, DAY_START_MIN);
    struct rules rules;
    rules_default(&rules);
    int64_t now_wall_us = (int64_t)time(NULL) * US_PER_S;
    int64_t today = store_gym_day(now_wall_us, DAY_START_MIN);
    struct exercise ex[SESSION_MAX_EXERCISES];
    int n_ex = store_exercises(st, ex, SESSION_MAX_EXERCISES);

    static char uids[MAX_BADGES][32];
    int n_uids = recent_badges(argv[1], today, uids, MAX_BADGES);
    int64_t *us = calloc((size_t)rounds, sizeof *us);
    int over = 0;
    if (n_uids <= 0 || !us || n_ex <= 0) {
        fprintf(stderr, "records_bench: no member trained in the last 8 weeks\n");
        return 1;
    }
    int64_t sink = 0;
    for (int i = 0; i < rounds; i++) {
        int64_t t0 = mono_us();
        sink += cap_lookup(st, uids[(i * 7919) % n_uids], today, ex, n_ex, &rules);
        us[i] = mono_us() - t0;
    }
    printf("members who trained in the last 8 weeks: %d (caps summed %lld g)\n", n_uids,
           (long long)sink);
    over += report("today's cap look-up (badge tap)", us, rounds, CAP_BUDGET_US) > CAP_BUDGET_US;

    /* the goal: the whole list, paged, not the newest SESSION_MAX_FLAG_VIEWS; each
       round opens the list (yesterday's asked for first, so the store gathers today's
       afresh, as at a trainer's sign-in) and pages from the first window to the last, which
       read the list the first gathered */
    int flag_rounds = rounds / 10, n_review = 0, total = 0, timed = 0, yesterday;
    int64_t *page_us = NULL, *page_cpu_us = NULL;
    int64_t *first_cpu_us = calloc((size_t)flag_rounds, sizeof *first_cpu_us);
    for (int i = 0; i < flag_rounds; i++) {
        int reached = 0;
        review_page(st, now_wall_us, 1, 0, &yesterday);
        for (int offset = 0;; offset += SESSION_MAX_FLAG_VIEWS) {
            int64_t t0 = mono_us(), c0 = cpu_us();
            int n = review_page(st, now_wall_us, 0, offset, &total);
            int64_t took = mono_us() - t0, cpu = cpu_us() - c0;
            if (n <= 0)
                break;
            if (offset == 0 && first_cpu_us) {
                us[i] = took; /* the first window: the list gathered */
                first_cpu_us[i] = cpu;
            }
            int64_t *more = realloc(page_us, (size_t)(timed + 1) * sizeof *page_us);
            int64_t *more_cpu =
                more ? realloc(page_cpu_us, (size_t)(timed + 1) * sizeof *more) : NULL;
            if (more)
                page_us = more;
            if (!more_cpu)
                break;
            page_cpu_us = more_cpu;
            page_cpu_us[timed] = cpu;
            page_us[timed++] = took;
            reached += n;
            if (offset + n >= total)
                break;
        }
        n_review = reached;
    }
    printf("trainer's list: %d flags, %d windows of %d\n", total,
           (total + SESSION_MAX_FLAG_VIEWS - 1) / SESSION_MAX_FLAG_VIEWS, SESSION_MAX_FLAG_VIEWS);
    printf("trainer's list reaches: %d of %d flags (unreviewed from any earlier day or "
           "raised today)\n",
           n_review, flags_wanted(argv[1], today));
    if (timed > 0) {
        over += report("the day's flags, first window", us, flag_rounds, FLAG_BUDGET_US) >
                FLAG_BUDGET_US;
        over += report("the day's flags (trainer's screen)", page_us, timed, FLAG_BUDGET_US) >
                FLAG_BUDGET_US;
        report("the day's flags, CPU a window", page_cpu_us, timed, 0);
        if (first_cpu_us)
            report("the day's flags, CPU first window", first_cpu_us, flag_rounds, 0);
    } else {
        over++;
    }
    free(page_us);
    free(page_cpu_us);
    free(first_cpu_us);
    int n_day = 0;
    for (int i = 0; i < flag_rounds; i++) {
        int64_t t0 = mono_us();
        n_day = 0;
        store_day_flags_each(st, today, count_flag, &n_day);
        us[i] = mono_us() - t0;
    }
    printf("today's flags: %d\n", n_day);
    over += report("the day's flags (rackside-ctl flags)", us, flag_rounds, FLAG_BUDGET_US) >
            FLAG_BUDGET_US;

    static int64_t members[MAX_BADGES];
    int n_members = recent_members(argv[1], today, members, MAX_BADGES);
    int story_rounds = rounds / 4, sets_max = 0;
    for (int i = 0; n_members > 0 && i < story_rounds; i++) {
        /* the busiest lifters first, then a spread of the rest */
        int64_t id = members[i < 10 ? i % n_members : (i * 7919) % n_members];
        int64_t t0 = mono_us();
        int n = story_once(st, id, today, &rules);
        us[i] = mono_us() - t0;
        if (n < 0) {
            fprintf(stderr, "records_bench: member %lld's story could not be read\n",
                    (long long)id);
            over++;
            break;
        }
        sets_max = n > sets_max ? n : sets_max;
    }
    if (n_members > 0) {
        printf("lifters' stories: %d members, up to %d sets in 8 weeks\n", n_members, sets_max);
        over += report("a lifter's story (trainer's screen)", us, story_rounds, STORY_BUDGET_US) >
                STORY_BUDGET_US;
    }
    free(us);
    if (n_members > 0)
        over += check_plans(st, uids[0], members[0], now_wall_us, today, ex, n_ex, &rules) != 0;
    store_close(st);
    return over ? 1 : 0;
}
