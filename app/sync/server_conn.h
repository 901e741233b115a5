/*
 * A connection to the gym's PostgreSQL server, and libpq's several-line failures turned
 * into one line that says what went wrong and what to check.
 */
#ifndef SERVER_CONN_H
#define SERVER_CONN_H

#include <libpq-fe.h>

#define SERVER_ERR_MAX 512

/* Connects with conninfo (a libpq connection string or "service=NAME"); NULL with err
 * set to one line when it fails. The connection string is never echoed (it may hold a
 * password). */
PGconn *server_connect(const char *conninfo, char err[SERVER_ERR_MAX]);

/* libpq's message (possibly several lines) as one line, with a hint for the common
 * failures (refused password, no TLS where it is required, no server there). */
void server_one_line(const char *libpq_msg, char err[SERVER_ERR_MAX]);

#endif
