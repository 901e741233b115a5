/*
 * Pushing the kiosk's outbox (store schema steps 7 and 8) to the gym's PostgreSQL server. Each
 * record is an INSERT ... ON CONFLICT (id) DO NOTHING keyed by its uid, so a push retried
 * after any failure (the server gone mid-batch, the kiosk killed before it cleared its
 * outbox) never makes a record twice; a batch is one server transaction, and the outbox
 * is cleared only after the server committed it.
 */
#ifndef SYNC_PUSH_H
#define SYNC_PUSH_H

#include <libpq-fe.h>
#include <sqlite3.h>

#define SYNC_ERR_MAX 512
#define SYNC_CHANNEL "rackside_sync" /* NOTIFY after each push that sent records */

/* Pushes up to max outbox records, oldest first, as rack. Returns how many left the
 * outbox (0: it was empty; a record whose row is gone from this database leaves unsent) or -1 with
 * err set to one line; on -1 the outbox is as it was but for a refused record's count of
 * tries (below). db: a connection to the kiosk's database,
 * used by this thread alone. */
int sync_push(sqlite3 *db, PGconn *pg, const char *rack, int max, char err[SYNC_ERR_MAX]);

/* Records waiting in the outbox (set aside or not), or -1. */
long sync_outbox_depth(sqlite3 *db);

/*
 * A record the server refuses for what it holds (a constraint, a value out of range: not
 * the link, not privileges) is tried again at each round; after SYNC_SET_ASIDE_TRIES it
 * is set aside, with the server's error, and the records behind it go on. Records
 * behind it that name it are refused in turn.
 */
#define SYNC_SET_ASIDE_TRIES 5

/* Records set aside, or -1. */
long sync_set_aside(sqlite3 *db);
/* Puts the records set aside back in the queue (after a fix); how many, or -1. */
long sync_retry_set_aside(sqlite3 *db);

#endif
