/*
 * Pulling the gym's records made at other racks into the kiosk's database, so that a
 * lifter's history, day and loads follow the badge.
 *
 * The cursor is a window of server transactions [lo, hi): hi is the oldest transaction
 * still running when the window opened (pg_snapshot_xmin), so every row of a transaction
 * in the window has committed (or never will) and no row can join the window later.
 * Within it each table is read in order of its gym-wide seq, a page at a time; a page
 * and the cursor after it are written in one SQLite transaction, so a kiosk stopped at
 * any point (power, SIGKILL) goes on from the last page it wrote, and never applies a
 * record twice. A record naming one this kiosk does not hold yet (a member enrolled in a
 * transaction that is outside the window, a flag of this rack's that a new SD card lacks)
 * fetches that one first, by id, before the page's SQLite transaction begins: nothing
 * waits on the network while the kiosk's database is locked, so a stalled server never
 * holds up a set's commit.
 *
 * A record this schema refuses (any constraint: a kind, role, language or value a newer
 * rack knows) waits in pull_waiting with the reason, and so does a record naming a
 * waiting one; the pull goes on.
 */
#ifndef SYNC_PULL_H
#define SYNC_PULL_H

#include <libpq-fe.h>
#include <sqlite3.h>

#include "push.h"

/* Applies up to max records of the other racks (the kiosk's own are skipped: it has
 * them). Returns how many rows it read (0: caught up with what the server has
 * committed), or -1 with err set to one line; on -1 the kiosk's database and cursor are
 * as they were. day_start_min: the gym's day boundary (a warm-up's day). */
int sync_pull(sqlite3 *db, PGconn *pg, const char *rack, int day_start_min, int max,
              char err[SYNC_ERR_MAX]);

/* Fetches again the records a pull set aside because this schema refused them (a kind a
 * newer rack knows): called once a connection, since the schema changes only when the
 * kiosk or rackside-ctl starts. Each is tried once, oldest first; those that fit now are
 * applied, the rest keep waiting (never lost). Returns how many still wait, or -1 with err
 * set (the records not tried yet as they were). */
int sync_pull_waiting(sqlite3 *db, PGconn *pg, const char *rack, int day_start_min,
                      char err[SYNC_ERR_MAX]);

/* How far this rack's pull is behind the server: the other racks' records it has not
 * pulled yet and when the oldest of them was made (wall µs; 0: none). 0, or -1 with err. */
int sync_pull_lag(sqlite3 *db, PGconn *pg, const char *rack, long *records, int64_t *oldest_us,
                  char err[SYNC_ERR_MAX]);

/* Records waiting at this rack (pull_waiting), or -1. */
long sync_pull_waiting_depth(sqlite3 *db);

#endif
