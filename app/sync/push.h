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
 * err set to one line; on -1 the outbox is as it was. db: a connection to the kiosk's database,
 * used by this thread alone. */
int sync_push(sqlite3 *db, PGconn *pg, const char *rack, int max, char err[SYNC_ERR_MAX]);

/* Records waiting in the outbox, or -1. */
long sync_outbox_depth(sqlite3 *db);

#endif
