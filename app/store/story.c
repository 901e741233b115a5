/*
 * A lifter's story (core/story.h) from the records: 8 weeks of sets per exercise with each
 * set's mean concentric velocity, check-ins (pain, red flags), warm-ups, flags and the
 * trainers' actions. Every read goes through an index on the member and the time.
 */
#include <stdio.h>
#include <string.h>

#include "store_db.h"

static void col_text(sqlite3_stmt *q, int col, char *out, size_t n)
{
    const unsigned char *t = sqlite3_column_text(q, col);
    snprintf(out, n, "%s", t ? (const char *)t : "");
}

static int finish(sqlite3_stmt *q, int rc)
{
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Every read here is one lifter's rows between two bounds (?1 the lifter, ?2 from, ?3 to)
 * and, when limit > 0, at most that many (?4). */
static sqlite3_stmt *prepare_window(sqlite3 *db, const char *sql, int64_t member_id, int64_t from,
                                    int64_t to, int limit)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_int64(q, 1, member_id);
    sqlite3_bind_int64(q, 2, from);
    sqlite3_bind_int64(q, 3, to);
    if (limit > 0)
        sqlite3_bind_int(q, 4, limit);
    return q;
}

static struct story_exercise *exercise_for(struct lifter_story *st, int64_t id)
{
    for (int i = 0; i < st->n_ex; i++)
        if (st->ex[i].exercise_id == id)
            return &st->ex[i];
    if (st->n_ex >= STORY_MAX_EXERCISES)
        return NULL;
    struct story_exercise *ex = &st->ex[st->n_ex++];
    memset(ex, 0, sizeof *ex);
    ex->exercise_id = id;
    return ex;
}

/* Sets oldest first; past STORY_MAX_SETS an exercise keeps its newest. */
static int load_sets(sqlite3 *db, struct lifter_story *st, int64_t from_us, int64_t to_us,
                     int day_start_min)
{
    sqlite3_stmt *q = prepare_window(
        db,
        "SELECT s.exercise_id, e.name, e.upper_body, s.started_us, s.load_g, s.clean, "
        "s.stopped, (SELECT AVG(mean_conc_mmps) FROM reps r WHERE r.set_key = s.key AND "
        "r.mean_conc_mmps > 0) FROM sets s JOIN exercises e ON e.id = s.exercise_id "
        "WHERE s.member_id = ?1 AND s.started_us >= ?2 AND s.started_us < ?3 "
        "ORDER BY s.exercise_id, s.started_us",
        st->member_id, from_us, to_us, 0);
    if (!q)
        return -1;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct story_exercise *ex = exercise_for(st, sqlite3_column_int64(q, 0));
        if (!ex)
            continue;
        col_text(q, 1, ex->name, sizeof ex->name);
        ex->upper_body = sqlite3_column_int(q, 2) != 0;
        if (ex->n_sets == STORY_MAX_SETS) {
            memmove(&ex->sets[0], &ex->sets[1], sizeof ex->sets[0] * (STORY_MAX_SETS - 1));
            ex->n_sets--;
        }
        struct story_set *s = &ex->sets[ex->n_sets++];
        s->day = store_gym_day(sqlite3_column_int64(q, 3), day_start_min);
        s->load_g = sqlite3_column_int(q, 4);
        s->clean = sqlite3_column_int(q, 5) != 0;
        s->stopped = sqlite3_column_int(q, 6) != 0;
        s->vel_mmps = sqlite3_column_type(q, 7) == SQLITE_NULL ? 0 : sqlite3_column_int(q, 7);
    }
    return finish(q, rc);
}

static int load_start_loads(sqlite3 *db, struct lifter_story *st)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT exercise_id, load_g FROM start_loads WHERE member_id = ?",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, st->member_id);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        for (int i = 0; i < st->n_ex; i++)
            if (st->ex[i].exercise_id == sqlite3_column_int64(q, 0))
                st->ex[i].start_load_g = sqlite3_column_int(q, 1);
    return finish(q, rc);
}

static struct story_day *day_for(struct lifter_story *st, int64_t day)
{
    for (int i = 0; i < st->n_days; i++)
        if (st->days[i].day == day)
            return &st->days[i];
    if (st->n_days >= STORY_MAX_DAYS)
        return NULL;
    /* days come in time order from each query; keep the list sorted anyway */
    int at = st->n_days;
    while (at > 0 && st->days[at - 1].day > day)
        at--;
    memmove(&st->days[at + 1], &st->days[at], sizeof st->days[0] * (size_t)(st->n_days - at));
    st->n_days++;
    st->days[at] = (struct story_day){.day = day, .pain = -1};
    return &st->days[at];
}

/* Check-ins: the day's highest pain and any red flag. */
static int load_checkins(sqlite3 *db, struct lifter_story *st, int64_t from_us, int64_t to_us,
                         int day_start_min)
{
    sqlite3_stmt *q =
        prepare_window(db,
                       "SELECT started_us, pain, red_flags FROM sessions WHERE member_id = ?1 "
                       "AND started_us >= ?2 AND started_us < ?3 ORDER BY started_us",
                       st->member_id, from_us, to_us, 0);
    if (!q)
        return -1;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct story_day *d = day_for(st, store_gym_day(sqlite3_column_int64(q, 0), day_start_min));
        if (!d)
            continue;
        int pain = sqlite3_column_type(q, 1) == SQLITE_NULL ? -1 : sqlite3_column_int(q, 1);
        if (pain > d->pain)
            d->pain = pain;
        d->red_flag = d->red_flag || sqlite3_column_int(q, 2) != 0;
    }
    return finish(q, rc);
}

static int load_warmups(sqlite3 *db, struct lifter_story *st, int64_t from_day)
{
    sqlite3_stmt *q =
        prepare_window(db,
                       "SELECT day FROM day_checkins WHERE member_id = ?1 AND day >= ?2 AND "
                       "day <= ?3 AND warmup_done_us IS NOT NULL",
                       st->member_id, from_day, st->today, 0);
    if (!q)
        return -1;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct story_day *d = day_for(st, sqlite3_column_int64(q, 0));
        if (d)
            d->warmup_done = true;
    }
    return finish(q, rc);
}

/* The newest STORY_MAX_FLAGS flags, kept oldest first; a skipped warm-up marks its day. */
static int load_flags(sqlite3 *db, struct lifter_story *st, int64_t from_us, int64_t to_us,
                      int day_start_min)
{
    sqlite3_stmt *q = prepare_window(db,
                                     "SELECT f.t_us, f.kind, f.severity, EXISTS (SELECT 1 FROM "
                                     "acknowledgements a WHERE a.flag_id = f.id) FROM flags f "
                                     "WHERE f.member_id = ?1 AND f.t_us >= ?2 AND f.t_us < ?3 "
                                     "ORDER BY f.t_us DESC LIMIT ?4",
                                     st->member_id, from_us, to_us, STORY_MAX_FLAGS);
    if (!q)
        return -1;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        char kind[32], sev[16];
        col_text(q, 1, kind, sizeof kind);
        col_text(q, 2, sev, sizeof sev);
        int k = flag_kind_from_id(kind);
        if (k < 0)
            continue;
        struct story_flag *f = &st->flags[st->n_flags++];
        f->day = store_gym_day(sqlite3_column_int64(q, 0), day_start_min);
        f->kind = k;
        f->severity = strcmp(sev, "stop") == 0      ? SEVERITY_STOP
                      : strcmp(sev, "caution") == 0 ? SEVERITY_CAUTION
                                                    : SEVERITY_INFO;
        f->acked = sqlite3_column_int(q, 3) != 0;
        if (k == FLAG_WARMUP_SKIPPED) {
            struct story_day *d = day_for(st, f->day);
            if (d)
                d->warmup_skipped = true;
        }
    }
    for (int i = 0, j = st->n_flags - 1; i < j; i++, j--) {
        struct story_flag t = st->flags[i];
        st->flags[i] = st->flags[j];
        st->flags[j] = t;
    }
    return finish(q, rc);
}

/* The words are English here and said in the reader's language by the story's screen
 * (i18n.sh extracts them from this file). */
#ifndef N_
#define N_(str) str
#endif
static const char *action_words(const char *kind)
{
    static const struct {
        const char *kind, *words;
    } words[] = {
        {"ack", N_("acknowledged")},
        {"clear_day", N_("cleared to lift")},
        {"clear_screen", N_("screen cleared")},
        {"start_load", N_("start load")},
        {"override", N_("cap for today")},
        {"enrol", N_("enrolled")},
        {"badge_remove", N_("badge taken away")},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].kind, kind) == 0)
            return words[i].words;
    return kind;
}

/* The trainers' actions about the lifter, newest first. */
static int load_actions(sqlite3 *db, struct lifter_story *st, int64_t from_us, int64_t to_us)
{
    sqlite3_stmt *q =
        prepare_window(db,
                       "SELECT a.t_us, COALESCE(m.name, 'the operator'), a.kind, a.note, a.load_g, "
                       "e.name, m.id FROM trainer_actions a LEFT JOIN members m ON "
                       "m.id = a.by_member_id LEFT JOIN exercises e ON e.id = a.exercise_id "
                       "WHERE a.member_id = ?1 AND a.t_us >= ?2 AND a.t_us < ?3 "
                       "ORDER BY a.t_us DESC LIMIT ?4",
                       st->member_id, from_us, to_us, STORY_MAX_ACTIONS);
    if (!q)
        return -1;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct story_action *a = &st->actions[st->n_actions++];
        a->t_wall_us = sqlite3_column_int64(q, 0);
        col_text(q, 1, a->by, sizeof a->by);
        a->by_operator = sqlite3_column_type(q, 6) == SQLITE_NULL;
        char kind[24];
        col_text(q, 2, kind, sizeof kind);
        snprintf(a->what, sizeof a->what, "%s", action_words(kind));
        char note[STORY_NOTE_MAX], ex[32];
        col_text(q, 3, note, sizeof note);
        col_text(q, 5, ex, sizeof ex);
        a->has_load = sqlite3_column_type(q, 4) != SQLITE_NULL;
        if (a->has_load) {
            a->load_g = sqlite3_column_int(q, 4);
            snprintf(a->exercise, sizeof a->exercise, "%s", ex);
            snprintf(a->reason, sizeof a->reason, "%s", note);
            /* a long reason is cut: the full one is in the records */
            int len = snprintf(a->note, sizeof a->note, "%.31s %.1f kg%s%.50s", ex,
                               sqlite3_column_int(q, 4) / 1000.0, note[0] ? ": " : "", note);
            (void)len;
        } else
            snprintf(a->note, sizeof a->note, "%s", note);
    }
    return finish(q, rc);
}

int store_query_story(sqlite3 *db, int64_t member_id, int64_t today, int day_start_min,
                      struct lifter_story *out)
{
    memset(out, 0, sizeof *out);
    out->member_id = member_id;
    out->today = today;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT name FROM members WHERE id = ?", -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, member_id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        col_text(q, 0, out->name, sizeof out->name);
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? 0 : -1;
    int64_t from_day = today - STORY_DAYS + 1, from_us, to_us;
    store_gym_day_bounds(from_day, day_start_min, &from_us, NULL);
    store_gym_day_bounds(today, day_start_min, NULL, &to_us);
    if (load_sets(db, out, from_us, to_us, day_start_min) != 0 || load_start_loads(db, out) != 0 ||
        load_checkins(db, out, from_us, to_us, day_start_min) != 0 ||
        load_warmups(db, out, from_day) != 0 ||
        load_flags(db, out, from_us, to_us, day_start_min) != 0 ||
        load_actions(db, out, from_us, to_us) != 0)
        return -1;
    return 1;
}

int store_lifter_story(struct store *st, int64_t member_id, int64_t today, struct lifter_story *out)
{
    pthread_mutex_lock(&st->rlock);
    sqlite3_exec(st->rdb, "BEGIN", NULL, NULL, NULL);
    int rc = store_query_story(st->rdb, member_id, today, st->day_start_min, out);
    sqlite3_exec(st->rdb, "COMMIT", NULL, NULL, NULL);
    pthread_mutex_unlock(&st->rlock);
    return rc;
}
