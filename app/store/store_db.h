/*
 * Inside the store: the context shared by its files (store.c opens and closes,
 * schema.c migrates, queries.c reads, writes.c writes, writer.c runs the writer
 * thread). Not part of the store's interface; only app/store/ includes it.
 */
#ifndef STORE_DB_H
#define STORE_DB_H

#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>

#include "store.h"

/* A queued request: the effect plus its own copy of the live set it points to. */
struct store_req {
    struct effect e;
    struct live_set set;
    struct imu_track *imu; /* EFFECT_SET_DONE: a copy of the set's samples, owned; or NULL */
};

/* review_page.c: the trainer's list as the connection read it last, arranged, so the windows
 * after the first (and the filters) are arranged from it instead of reading the open flags
 * again: valid while nothing was written on the connection (sqlite3_total_changes64) or by
 * another (PRAGMA data_version). */
struct review_list;
struct review_list_key {
    bool valid;
    int64_t today;
    int days_back;
    int day_start_min;
    int64_t changes;
    int64_t data_version;
    struct review_list *list; /* owned */
};

struct store {
    char path[PATH_MAX];

    /* the writer connection: the writer thread and the synchronous operator commands */
    sqlite3 *wdb;
    pthread_mutex_t wlock;
    /* the read connection: badge look-ups and listings, answered on the caller's thread */
    sqlite3 *rdb;
    pthread_mutex_t rlock;

    /* exercises in id order: the session refers to them by index */
    struct exercise ex[SESSION_MAX_EXERCISES];
    int n_ex;

    int day_start_min;                 /* the gym's day starts this long after midnight */
    struct review_list_key review_key; /* the writer's last list */

    /* where each gym day of the cap's history window starts (queries.c), kept for the day
     * it was worked out: each bound is a mktime, which reads the time zone file again;
     * under rlock */
    int64_t window_day;   /* the window's today; -1 none yet */
    int window_day_start; /* the day_start_min it was worked out with */
    int64_t window_start_us[STORE_HISTORY_DAYS + 2];

    bool threaded;
    pthread_t thread;
    pthread_mutex_t qlock;
    pthread_cond_t work;   /* a request was queued, or stopping */
    pthread_cond_t idle;   /* the request queue drained */
    struct store_req *req; /* ring of STORE_QUEUE_MAX */
    int req_head, req_count;
    bool busy; /* the writer thread is running a request */
    bool stopping;
    struct store_done done[STORE_QUEUE_MAX];
    int done_head, done_count;

    /* records that failed for a reason that may pass (a full disk): retried in order */
    struct store_req *pending;       /* STORE_PENDING_MAX */
    int n_pending;                   /* read under qlock; changed only by the writer */
    bool retry_wanted;               /* store_retry asked; under qlock */
    char pending_err[STORE_ERR_MAX]; /* why the oldest is still pending; under qlock */
    char journal[PATH_MAX];          /* "" none: pending records are lost at close */
    int journal_fd;                  /* reserved at its full size; -1 none */

    struct store_plans *plans; /* the statements noted for their plans (plans.c); NULL none */
};

/* One exercise's sets of a member in a time window, oldest first: bounded by the index
 * sets_member(member_id, exercise_id, started_us) (test_store checks the plan). */
#define STORE_EXERCISE_HISTORY_SQL                                                                 \
    "SELECT started_us, load_g, clean, stopped, target_reps, reps_done, "                          \
    "(SELECT CAST(avg(mean_conc_mmps) AS INTEGER) FROM reps "                                      \
    " WHERE reps.set_key = sets.key AND mean_conc_mmps > 0) FROM sets "                            \
    "WHERE member_id = ?1 AND exercise_id = ?2 AND started_us >= ?3 AND started_us < ?4 "          \
    "ORDER BY started_us"

/* statements.c: a statement prepared once for this connection and kept, found again by its
 * SQL text (the same text, not an equal one, is best: a short compare). Bind, step, then
 * give it back with store_stmt_release, never sqlite3_finalize; not for a statement that
 * may be in use twice at once. NULL when it does not prepare. Only on the store's own
 * connections (rdb, wdb): store_close finalizes them; a caller's connection would not close.
 * store_stmts_finalize before
 * the connection closes. */
sqlite3_stmt *store_stmt(sqlite3 *db, const char *sql);
void store_stmt_release(sqlite3_stmt *q);
void store_stmts_finalize(sqlite3 *db);

/* schema.c: migrates a freshly opened connection up to STORE_SCHEMA_VERSION. */
int store_migrate(sqlite3 *db, const char *path, char err[STORE_ERR_MAX]);

/* store.c: a one-line message into err (cut at STORE_ERR_MAX). */
void store_errf(char err[STORE_ERR_MAX], const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* store.c: "what: sqlite's message (hint)" for the last error on db. */
void store_db_err(sqlite3 *db, const char *what, char err[STORE_ERR_MAX]);
/* BEGIN IMMEDIATE / COMMIT; on failure err reads "what: reason" and nothing is left open. */
int store_begin(sqlite3 *db, const char *what, char err[STORE_ERR_MAX]);
int store_commit(sqlite3 *db, const char *what, char err[STORE_ERR_MAX]);
void store_rollback(sqlite3 *db);
int64_t store_wall_now_us(void);
int store_pin_hash(const char *pin, char out[PIN_HASH_MAX_LEN]);
/* True when a stored hash was made with weaker settings than today's (or is not one). */
bool store_pin_needs_rehash(const char *hash);

/* writes.c: a trainer's action about a lifter (trainer_actions, schema step 12), who
 * (by_member_id, 0 the operator unnamed) and when; the lifter is member_id, or when that is
 * 0 the one flag_id is about. Call inside the transaction that makes the change. 0 ok. */
int store_record_action(sqlite3 *db, int64_t t_wall_us, int64_t by_member_id, const char *kind,
                        int64_t member_id, int64_t flag_id, int64_t exercise_id, int32_t load_g,
                        const char *note);

/* queries.c: reads on a given connection (the writer thread uses its own). */
int store_query_day_flags(sqlite3 *db, int64_t day, int day_start_min, struct flag_view *out,
                          int max);
int store_query_set_detail(sqlite3 *db, int64_t set_key, struct set_detail *out);
/* The flags as the lists show them, each read by its id (flags[i].id): how many were
 * found, -1 on an error. */
int store_query_flags(sqlite3 *db, struct flag_view *flags, int n);
/* Whether the no-lifting day (or enrolment screen's wait) a flag caused still stands today:
 * sets f->clearable. 0 ok. */
int store_mark_clearable(sqlite3 *db, int64_t today, struct flag_view *f);
enum severity store_severity_from_text(const char *s);
/* review_page.c: the trainer's list, arranged as trainer_flags_page_of arranges it: the
 * window q asks for (at most max flags) and the whole list's counts; key (NULL: none) keeps
 * the list the connection read last. 0 ok, -1 error. */
int store_query_review_page(sqlite3 *db, int64_t today, int day_start_min,
                            const struct flags_query *q, int max, struct review_list_key *key,
                            struct flags_page *out);
/* plans.c: forgets the statements noted (store_close). */
void store_plans_free(struct store *st);
/* review_page.c: forgets the list key holds (store_close); key stays usable. */
void store_review_list_free(struct review_list_key *key);
/* story.c: a lifter's story for the gym day today; 1 found, 0 no such member, -1 error. */
int store_query_story(sqlite3 *db, int64_t member_id, int64_t today, int day_start_min,
                      struct lifter_story *out);
int store_query_exercises(sqlite3 *db, struct exercise *out, int max);

/*
 * store.c: the last SQLite result code store_db_err described on this thread, like errno:
 * the writer tells a full disk (retry later) from a broken constraint (never lands).
 */
int store_last_code(void);
void store_clear_last_code(void);
/* SQLite codes that may go away by themselves or by staff action (space, permissions). */
bool store_code_is_transient(int code);
/* The effects that are records of what happened: kept and retried when they fail. */
bool store_effect_is_record(enum effect_kind kind);
/* queries.c: room for n samples in one allocation (store_imu_free); NULL out of memory. */
struct imu_track *store_imu_alloc(int n);

/* screening.c: the lifter's last enrolment screen (day -1: none); its answers as a row;
 * all-no answers for every lifter on day (the demo's lifters have done theirs). */
int store_query_screening(sqlite3 *db, int64_t member_id, struct screening_record *out);
int store_write_screening(struct store *st, const struct effect *e, char err[STORE_ERR_MAX]);
/* EFFECT_CLEAR_SCREENING: a trainer at the kiosk clears the lifter's (.key) last screen with
 * the reason (.text), and acknowledges the flag (.exercise_id) it raised. 0 ok, -1 err. */
int store_write_clear_screening(struct store *st, const struct effect *e, char err[STORE_ERR_MAX]);
/* Whether the lifter's last enrolment screen has a yes not cleared yet; 0 ok, -1 error. */
int store_query_screening_waits(sqlite3 *db, int64_t member_id, bool *waits);
/* prefs.c: a member's own language and unit */
int store_query_prefs(sqlite3 *db, int64_t member_id, struct member_profile *out);
int store_write_prefs(struct store *st, const struct effect *e, char err[STORE_ERR_MAX]);
int store_seed_screenings(sqlite3 *db, int64_t day, int64_t now_us);
/* calibrations.c: the Calibrate page's Save, for the audit */
int store_write_calibration(struct store *st, const struct effect *e, char err[STORE_ERR_MAX]);

/* records.c: runs sql on the reader with ?1..?n_args bound to args, row(q, ctx) for each
 * row; how many rows, -1 on error. */
int store_each_row(struct store *st, const char *sql, const int64_t *args, int n_args,
                   void (*row)(sqlite3_stmt *q, void *ctx), void *ctx);
/* records.c: the sets started in [from_us, to_us), one member's (member_id) or all (0). */
int store_sets_between(struct store *st, int64_t member_id, int64_t from_us, int64_t to_us,
                       void (*fn)(void *ctx, const struct set_row *row), void *ctx);

/* writes.c: runs one request on the writer connection (wlock held) and fills done. */
void store_execute(struct store *st, const struct store_req *req, struct store_done *done);

#endif
