/*
 * rackside-ctl server ...: the gym's PostgreSQL server, named by [server] connection in
 * the config file. Exit status as the rest of rackside-ctl: 0 ok, 1 failed, 2 bad usage.
 */
#ifndef SERVER_CMDS_H
#define SERVER_CMDS_H

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

#endif
