/*
 * The kiosk's database: SQLite in WAL mode, schema versioned with PRAGMA user_version
 * and migrated forward on open.
 *
 * Writes go through one writer thread (store_submit), so the render thread never waits
 * on the disk; a completed set is committed with synchronous=FULL before its completion
 * says ok. Badge look-ups are answered at once from a read connection, because a
 * lifter waits for them. rackside-ctl opens the same file while the kiosk runs.
 */
#ifndef STORE_H
#define STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/session.h"

#define STORE_SCHEMA_VERSION  26
#define STORE_ERR_MAX         256
#define STORE_DB_FILE         "rackside.db"
#define STORE_QUEUE_MAX       64 /* requests waiting plus completions not yet taken */
#define STORE_HISTORY_DAYS    56 /* set history handed to progression (8 weeks) */
#define STORE_BUSY_TIMEOUT_MS 5000

/*
 * The data directory: $XDG_DATA_HOME/rackside, else ~/.local/share/rackside. The kiosk
 * and rackside-ctl share this rule so they open the same file. 0 ok, -1 no home / too long.
 */
int store_default_data_dir(char *out, size_t n);
/* dir + "/" + STORE_DB_FILE; 0 ok, -1 too long. */
int store_db_path(const char *dir, char *out, size_t n);
/* Creates the directory and its parents (mode 0750) if missing; 0 ok, -1 with err. */
int store_make_data_dir(const char *dir, char err[STORE_ERR_MAX]);

struct store;

/*
 * Opens (creating and migrating) the database at path. With threaded false no writer
 * thread is started and store_submit() runs each request at once (rackside-ctl, tests).
 * On failure returns NULL with a one-line message in err: what failed, where, what to do.
 */
struct store *store_open(const char *path, bool threaded, char err[STORE_ERR_MAX]);
void store_close(struct store *st);
int store_schema_version(struct store *st);

/* Badge look-up: 1 found (profile filled for today), 0 not known, -1 error. */
int store_find_badge(struct store *st, const char *uid, int64_t today, struct member_profile *out);

/* The profile of a known member for today, as a badge look-up fills it (rackside-ctl
 * allowed): sets of the last STORE_HISTORY_DAYS per exercise, start loads, overrides,
 * the last check-in. 0 ok, -1 error. */
int store_member_profile(struct store *st, int64_t member_id, int64_t today,
                         struct member_profile *out);

/* Trainers with a badge (who can open the trainer's screens); -1 on error. */
int store_trainer_count(struct store *st);

/* The rack's exercises, the catalogue's first in its order; returns how many, -1 on error. */
int store_exercises(struct store *st, struct exercise *out, int max);

/*
 * A trainer (by_member_id) clears the yes answers of a lifter's last enrolment screen
 * with a reason (core/screening.h): 1 cleared, 0 nothing to clear (err says so), -1 error.
 */
int store_clear_screening(struct store *st, int64_t member_id, int64_t by_member_id,
                          const char *reason, char err[STORE_ERR_MAX]);

struct catalogue;
/*
 * The catalogue's exercises become the rack's (app/store/catalogue_sync.c): each is found
 * by its id (key), else by its name among rows without one, else added; its name and
 * settings follow the catalogue; rows the catalogue leaves out stay for their history but
 * are no longer offered. out gets the rack's exercises in the catalogue's order with their
 * database ids and catalogue settings. Call before the writer thread has work (at start).
 * Returns how many, or -1 with err (nothing changed).
 */
int store_sync_catalogue(struct store *st, const struct catalogue *c, struct exercise *out, int max,
                         char err[STORE_ERR_MAX]);

/*
 * Queues an effect from the session (copied, with the live set of EFFECT_SET_DONE; the
 * effect may go away). Every submitted effect yields exactly one store_done, so the
 * caller must drain store_next_done(). 0 ok, -1 queue full (STORE_QUEUE_MAX).
 */
int store_submit(struct store *st, const struct effect *e);

/*
 * What the writer thread finished. Pointers are owned until store_done_release.
 *
 * A record (check-in, log-out, set, flag, acknowledgement) that fails for a reason that
 * may pass (a full disk, a locked or unwritable file) comes back with ok false and
 * retry true: the store keeps it and tries again at each store_retry, and when it lands
 * a second completion with ok true (and retried true) follows for the same kind and key.
 * Whatever is still pending at store_close goes to the journal (store_use_journal), which
 * the next start replays.
 */
struct store_done {
    enum effect_kind kind;
    int64_t key; /* set key for EFFECT_SET_DONE, set key for EFFECT_LOAD_DETAIL */
    bool ok;
    bool retry;   /* failed now; kept and retried */
    bool retried; /* an earlier failure that has now landed */
    char err[STORE_ERR_MAX];
    struct flags_page *page;     /* EFFECT_LOAD_FLAGS: the window asked for, arranged */
    struct set_detail *detail;   /* EFFECT_LOAD_DETAIL */
    struct lifter_view *lifters; /* EFFECT_LOAD_LIFTERS */
    int n_lifters;
    struct lifter_story *story; /* EFFECT_LOAD_STORY */
    char name[NAME_MAX_LEN];    /* EFFECT_ENROL: the member the badge is given to (key: their id) */
    int lifters_offset;         /* EFFECT_LOAD_LIFTERS: the window's first among the matches */
    int lifters_total;          /* ... and how many match in all */
    char badges[ENROL_BADGES_MAX][ENROL_UID_MAX]; /* EFFECT_LOAD_BADGES: the member's */
    int n_badges;
    struct enrol_refused refused; /* EFFECT_ENROL, EFFECT_BADGE_REMOVE refused: why, plainly */
};
bool store_next_done(struct store *st, struct store_done *out);
void store_done_release(struct store_done *d);
/* Blocks until every submitted request is done (shutdown, --demo, tests). */
void store_flush(struct store *st);

#define STORE_PENDING_MAX    128 /* records kept for retry; beyond that a failure is final */
#define STORE_JOURNAL_SUFFIX ".pending"

/*
 * Keeps records that could not be written across a stop: reserves journal_path (so it
 * can be written when the disk is full) and replays what a previous run left in it.
 * Returns how many records it replayed (those that fail again stay pending), or -1
 * with err when the journal cannot be reserved or read (an unreadable one is moved
 * aside to journal_path + ".bad", never deleted).
 */
int store_use_journal(struct store *st, const char *journal_path, char err[STORE_ERR_MAX]);
/* Tries the pending records again (on the writer thread when there is one). */
void store_retry(struct store *st);
/* How many records wait for a retry, and why the oldest failed (err may be NULL). */
int store_pending(struct store *st, char err[STORE_ERR_MAX]);

/* The local day [start, end) in wall microseconds and the day's number. */
int64_t store_local_day(int64_t wall_us);
void store_local_day_bounds(int64_t day, int64_t *start_wall_us, int64_t *end_wall_us);

/*
 * The gym's day: it starts day_start_min minutes after local midnight (04:00 by default),
 * so a session after midnight belongs to the evening before. Decisions that hold for a
 * day (no lifting, a pain cap, a trainer's cap) and the trainer's list of flags use it.
 */
int64_t store_gym_day(int64_t wall_us, int day_start_min);
void store_gym_day_bounds(int64_t day, int day_start_min, int64_t *start_wall_us,
                          int64_t *end_wall_us);
/* Refreshes the query planner's statistics (a sampled ANALYZE); from any thread. */
int store_analyze(struct store *st);

/*
 * The query plans of the store's own statements (tests/bench/records.sh): with on, every
 * statement either connection runs from then on is noted by its SQL text (0 ok, -1 out of
 * memory); store_plans_each stops noting and calls each with every statement noted and its
 * plan as EXPLAIN QUERY PLAN gives it on the connection that ran it (its steps joined by
 * "; ", "" when it has none; ok false: it could not be explained, plan says why). Returns
 * how many.
 */
int store_plans_note(struct store *st, bool on);
int store_plans_each(struct store *st,
                     void (*each)(void *ctx, const char *sql, const char *plan, bool ok),
                     void *ctx);

/* The kiosk's gym day boundary for what the store computes itself (0 until set: midnight). */
void store_set_day_start(struct store *st, int day_start_min);

/* A lifter's last 8 weeks up to the gym day `today` (core/story.h; not yet computed: the
 * caller runs story_compute). 1 found, 0 no such member, -1 error. */
int store_lifter_story(struct store *st, int64_t member_id, int64_t today,
                       struct lifter_story *out);

/* Operator commands (synchronous; used by rackside-ctl and the first-start seed). */
int store_member_add(struct store *st, const char *name, enum role role, const char *pin,
                     int64_t *id_out, char err[STORE_ERR_MAX]);
int store_badge_add(struct store *st, const char *uid, int64_t member_id, char err[STORE_ERR_MAX]);
/* A lifter's start load, recorded as the trainer by_member_id's action (0: the operator,
 * unnamed); by_member_id must be a trainer. */
int store_set_start_load(struct store *st, int64_t member_id, int64_t exercise_id, int32_t load_g,
                         int64_t by_member_id, char err[STORE_ERR_MAX]);
/* A member's own language ("en", "es", "de"; "" the rack's), unit and text size; -1 with
 * err. */
int store_set_prefs(struct store *st, int64_t member_id, const char *lang, enum unit_pref unit,
                    enum text_pref text, char err[STORE_ERR_MAX]);
int store_badge_remove(struct store *st, const char *uid, char err[STORE_ERR_MAX]);
/* A trainer (by_member_id) acknowledges a flag with a note ("" none), as the kiosk does:
 * the acknowledgement and the trainer's action in one transaction. -1 with err (no such
 * flag, already acknowledged, not a trainer). */
int store_ack_flag(struct store *st, int64_t flag_id, int64_t by_member_id, const char *note,
                   char err[STORE_ERR_MAX]);
/* A trainer lifts a lifter's cap for one exercise on one local day, with a reason; recorded
 * as the trainer's action. */
int store_set_override(struct store *st, int64_t member_id, int64_t exercise_id, int64_t day,
                       int32_t load_g, const char *reason, int64_t by_member_id,
                       char err[STORE_ERR_MAX]);

struct member_row {
    int64_t id;
    char name[NAME_MAX_LEN];
    enum role role;
    char badges[128]; /* comma-separated UIDs */
    int64_t created_wall_us;
};
/* Calls fn for every member in name order; returns how many or -1. */
int store_members(struct store *st, void (*fn)(void *ctx, const struct member_row *row), void *ctx);
/* A member by id ("12") or exact name (names are unique): 1 found, 0 none, -1 error. */
int store_find_member(struct store *st, const char *id_or_name, struct member_row *out,
                      char err[STORE_ERR_MAX]);

/*
 * The flags raised on a local day, oldest first; returns how many or -1. With more than
 * max, the newest max are kept.
 */
int store_day_flags(struct store *st, int64_t day, struct flag_view *out, int max);
/* Every flag of a local day, oldest first, with the rep it names (0: the whole set). */
int store_day_flags_each(struct store *st, int64_t day,
                         void (*fn)(void *ctx, const struct flag_view *flag, int rep), void *ctx);
/* A set with its reps: 1 found, 0 no such set, -1 error. */
int store_set_detail(struct store *st, int64_t set_key, struct set_detail *out);

/*
 * What a bar unit's sets learned of it (core/rep.h rep_unit_ref) as JSON, the form the
 * store keeps and export-imu writes beside a trace:
 *   {"unit":"E6614103E7452D2F","bias_g":[bx,by,bz],"cov_g2":[[..3..],[..3..],[..3..]]}
 * Numbers have nine significant digits, so each float reads back exactly and a set is
 * measured again from the very start the kiosk gave its detector.
 */
#define UNIT_REF_JSON_MAX 640
/* Writes it into out; returns its length. */
int unit_ref_to_json(const char *unit, const struct rep_unit_ref *r, char out[UNIT_REF_JSON_MAX]);
/* Reads it back: 0 ok, -1 with err saying what is missing or wrong. unit may be NULL. */
int unit_ref_from_json(const char *text, char unit[BAR_UNIT_ID_MAX], struct rep_unit_ref *r,
                       char err[STORE_ERR_MAX]);
/*
 * What the latest set on bar unit serial learned of it (saved with that set): 1 found,
 * 0 none (a unit never lifted with here), -1 error or a damaged entry (err says which).
 */
int store_bar_unit_ref(struct store *st, const char *serial, struct rep_unit_ref *out,
                       char err[STORE_ERR_MAX]);

/*
 * A set's recorded bar samples: 1 found (*out allocated, free it with store_imu_free),
 * 0 none (err says whether the set is unknown or has no samples), -1 error or a damaged
 * record (err says which).
 */
int store_set_imu(struct store *st, int64_t set_key, struct imu_track **out,
                  char err[STORE_ERR_MAX]);
void store_imu_free(struct imu_track *t);

#define SET_UID_MAX 40 /* a record's global id (a UUID, 36 characters) and its NUL */

/* A set as the operator lists them. */
struct set_row {
    int64_t key;              /* its number here; below zero: pulled from the gym server */
    char uid[SET_UID_MAX];    /* its id in the whole gym */
    char rack[FLAG_RACK_MAX]; /* the rack it was lifted at, "" here (or not known) */
    int64_t started_wall_us;
    char member[NAME_MAX_LEN];
    char exercise[32];
    int32_t load_g;
    bool declared;
    int target_reps, reps_done;
    bool clean, stopped;
    int n_samples; /* recorded bar samples, 0 none */
    int64_t span_us;
    bool truncated;
    char bar_unit[BAR_UNIT_ID_MAX]; /* the bar unit that recorded them, "" unknown */
};
/*
 * A set named as rackside-ctl sets lists it: its number here (one pulled from the gym
 * server has a number below zero) or its global id. 1 found (*out filled: n_samples says
 * whether its bar samples are here), 0 none (err says so), -1 error.
 */
int store_find_set(struct store *st, const char *id, struct set_row *out, char err[STORE_ERR_MAX]);
/* Every set of a local day, oldest first; returns how many or -1. */
int store_day_sets_each(struct store *st, int64_t day,
                        void (*fn)(void *ctx, const struct set_row *row), void *ctx);

/* Copies the database to a new file (the online backup API), safe while the kiosk runs. */
int store_backup(struct store *st, const char *dest_path, char err[STORE_ERR_MAX]);

/* First start: demo lifters, a trainer and their badges, when the database has no members. */
struct demo_badge {
    const char *uid;
    const char *name;
    enum role role;
    const char *pin;
};
int store_demo_badges(const struct demo_badge **out);
/* Returns 1 when it seeded, 0 when members already existed, -1 on error. */
int store_seed_demo(struct store *st, char err[STORE_ERR_MAX]);
/* The demo trainers' PIN hashes (argon2id, by demo badge): made by the first seeding that
 * is handed this and used again by the next ones, so a process that seeds many fresh
 * databases (--repeat) hashes the demo's well-known PIN once, not once a database. */
#define STORE_DEMO_BADGES_MAX 8
struct store_demo_pins {
    char hash[STORE_DEMO_BADGES_MAX][PIN_HASH_MAX_LEN];
};
/* The same, with the history dated from now_wall_us (a kiosk on a virtual clock); pins,
 * when not NULL, holds the PIN hashes across seedings (zeroed before the first). */
int store_seed_demo_at(struct store *st, int64_t now_wall_us, struct store_demo_pins *pins,
                       char err[STORE_ERR_MAX]);

/* text.c: NULL when s is printable UTF-8, else what is wrong with it ("is not valid UTF-8"). */
const char *store_text_problem(const char *s);
/* Copies in to out (size bytes), each invalid byte or hidden character as U+FFFD. */
void store_text_clean(const char *in, char *out, size_t size);

/* Trainer PIN check against a stored hash (libsodium). */
bool store_pin_verify(const char *hash, const char *pin);

#endif
