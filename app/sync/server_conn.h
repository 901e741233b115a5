/*
 * A connection to the gym's PostgreSQL server, and libpq's several-line failures turned
 * into one line that says what went wrong and what to check.
 */
#ifndef SERVER_CONN_H
#define SERVER_CONN_H

#include <libpq-fe.h>
#include <stddef.h>

#define SERVER_ERR_MAX 512

/* Connects with conninfo (a libpq connection string or "service=NAME"); NULL with err
 * set to one line when it fails. The connection string is never echoed (it may hold a
 * password). */
PGconn *server_connect(const char *conninfo, char err[SERVER_ERR_MAX]);

/* libpq's message (possibly several lines) as one line in out, without the row the server
 * quotes when it refuses one ("DETAIL:  Failing row contains (...)"): its values may be a
 * lifter's pain or red-flag answers, which never go to a log. */
void server_flatten(const char *libpq_msg, char *out, size_t n);

/* libpq's message (possibly several lines) as one line (server_flatten), with a hint for the common
 * failures (refused password, no TLS where it is required, no server there). */
void server_one_line(const char *libpq_msg, char err[SERVER_ERR_MAX]);

#endif
