/*
 * rackside-ctl server ...: the gym's PostgreSQL server, named by [server] connection in
 * the config file. Exit status as the rest of rackside-ctl: 0 ok, 1 failed, 2 bad usage.
 */
#ifndef SERVER_CMDS_H
#define SERVER_CMDS_H

#include <stdbool.h>

#define SERVER_CMDS_USAGE                                                                          \
    "  server init                             create the gym's schema and the kiosks' group\n"    \
    "                                          role on [server] connection (as its owner)\n"       \
    "  server migrate                          bring the gym's schema up to date\n"                \
    "  server add-rack NAME ROLE               let login role ROLE insert rack NAME's records\n"   \
    "                                          and read the gym's (nothing else)\n"                \
    "  server status                           the server, its schema version and this rack\n"     \
    "  server push                             send this rack's new records to the server now\n"   \
    "  server sync                             push, then pull the other racks' records now\n"     \
    "  server retry                            queue the records the server refused again\n"

/* argv: what follows "server"; config_path: the file whose [server] names the server;
 * db_path: the rack's database, read by status when it exists (NULL: none). */
int server_cmd(const char *config_path, const char *db_path, int argc, char **argv);

/* server push, sync and retry: argv as above; st: the rack's database. */
struct store;
int server_push_cmd(struct store *st, const char *config_path, int argc, char **argv);

/*
 * An operator's command at a rack with a gym server ([server] in config_path; none: 0 and
 * nothing done): a whole sync round before it (so member, badge, flags, sets, checkins,
 * report and allowed see the gym's members, flags and history, and a badge can be given to
 * a lifter enrolled at another rack), and, after a change (wrote), another, so the change
 * is on the gym server when the command ends. The server unreachable: one line on stderr
 * (a read: what follows is this rack's as of its last sync, and when that was), 1, and the
 * command goes on with what the rack holds (a change waits in the outbox for the next sync).
 */
int server_gym_sync(struct store *st, const char *config_path, bool wrote);

#endif
