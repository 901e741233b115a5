/*
 * The kiosk's sync with the gym's server: a thread of its own, with its own SQLite
 * connection to the kiosk's database (WAL: the render thread and the store's writer never
 * wait on it for longer than one short page) and its own libpq connection. Each round
 * pushes the whole outbox, then pulls what the other racks made (push.h, pull.h); after a
 * failure it reconnects and tries again, and a record made meanwhile waits in the outbox.
 *
 * Rounds run every SYNC_POLL_MS, at once when sync_kick says a record was made, and at once
 * when another rack's push NOTIFYs the channel it listens on.
 */
#ifndef SYNC_SYNC_H
#define SYNC_SYNC_H

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/offline.h"
#include "push.h"

#define SYNC_POLL_MS       1000     /* a round at least this often while the server answers */
#define SYNC_RETRY_MS      5000     /* after a failure (no server, refused) */
#define SYNC_PUSH_BATCH    500      /* records a server transaction */
#define SYNC_PULL_BATCH    200      /* pulled rows a kiosk transaction: a set commit waits little */
#define SYNC_HEARD_SAVE_US 10000000 /* the last contact is written down at most this often */

struct sync_status {
    bool running;           /* a sync thread runs (a server is configured) */
    bool connected;         /* the last round reached the server */
    int64_t heard_wall_us;  /* the end of the last whole round, 0 never (kept across restarts) */
    long outbox;            /* records waiting to be pushed, -1 unknown */
    long set_aside;         /* of those, refused by the server and set aside (push.h) */
    long waiting;           /* pulled records this rack's schema refused, waiting (pull.h) */
    long pushed, pulled;    /* records since the start */
    char err[SYNC_ERR_MAX]; /* why the last round failed, "" it did not */
    uint64_t generation;    /* changes when connected or err does (what the log says) */
};

struct sync;

/* Starts the thread on the database at db_path; NULL with err when it cannot start (the
 * server being down is not that: the thread keeps trying). */
struct sync *sync_start(const char *db_path, const char *conninfo, const char *rack,
                        int day_start_min, char err[SYNC_ERR_MAX]);
/* A record was made: push it now rather than at the next poll. */
void sync_kick(struct sync *s);
void sync_get_status(struct sync *s, struct sync_status *out);
/* Stops the thread (ending a round in progress first, then pushing what is left while
 * the server answers) and frees s; NULL is fine. gen (NULL: none): as sync_follow's, a
 * change not logged yet is. */
void sync_stop(struct sync *s, uint64_t *gen);

/*
 * The kiosk's side, once a frame: the link as the session's core sees it (the last sync
 * moved onto the session's wall clock, which a scenario runs faster), and one line on
 * stderr when the sync's state changes (reached, or why not). *gen: the status last
 * logged, 0 at first.
 */
void sync_follow(struct sync *s, int64_t session_wall_us, int limit_s, uint64_t *gen,
                 struct server_link *out);

/*
 * One whole round on the caller's connections (rackside-ctl server sync): the outbox
 * pushed, then pulled until caught up. 0 ok, -1 with err; *pushed and *pulled count what
 * went through either way. On success the last contact is written down.
 */
int sync_round(sqlite3 *db, PGconn *pg, const char *rack, int day_start_min, long *pushed,
               long *pulled, char err[SYNC_ERR_MAX]);

/* The last contact written down in the kiosk's database (wall µs), 0 never, -1 error. */
int64_t sync_heard(sqlite3 *db);
/* Writes it down, and as the last push and pull when records went either way. */
int sync_save_heard(sqlite3 *db, int64_t wall_us, bool pushed, bool pulled);

#endif
