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

#define STORE_SCHEMA_VERSION 1
#define STORE_ERR_MAX        256

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

/* The rack's exercises; returns how many, -1 on error. */
int store_exercises(struct store *st, struct exercise *out, int max);

/* Queues an effect from the session (copied; the effect may go away). 0 ok, -1 queue full. */
int store_submit(struct store *st, const struct effect *e);

/* What the writer thread finished. Pointers are owned until store_done_release. */
struct store_done {
    enum effect_kind kind;
    int64_t key; /* set key for EFFECT_SET_DONE, set key for EFFECT_LOAD_DETAIL */
    bool ok;
    char err[STORE_ERR_MAX];
    struct flag_view *flags; /* EFFECT_LOAD_FLAGS */
    int n_flags;
    struct set_detail *detail; /* EFFECT_LOAD_DETAIL */
};
bool store_next_done(struct store *st, struct store_done *out);
void store_done_release(struct store_done *d);
/* Blocks until every submitted request is done (shutdown, --demo, tests). */
void store_flush(struct store *st);

/* The local day [start, end) in wall microseconds and the day's number. */
int64_t store_local_day(int64_t wall_us);
void store_local_day_bounds(int64_t day, int64_t *start_wall_us, int64_t *end_wall_us);

/* Operator commands (synchronous; used by rackside-ctl and the first-start seed). */
int store_member_add(struct store *st, const char *name, enum role role, const char *pin,
                     int64_t *id_out, char err[STORE_ERR_MAX]);
int store_badge_add(struct store *st, const char *uid, int64_t member_id, char err[STORE_ERR_MAX]);
int store_set_start_load(struct store *st, int64_t member_id, int64_t exercise_id, int32_t load_g,
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

/* The flags raised on a local day, oldest first; returns how many or -1. */
int store_day_flags(struct store *st, int64_t day, struct flag_view *out, int max);
int store_set_detail(struct store *st, int64_t set_key, struct set_detail *out);

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

/* Trainer PIN check against a stored hash (libsodium). */
bool store_pin_verify(const char *hash, const char *pin);

#endif
