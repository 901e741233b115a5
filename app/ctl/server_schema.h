/*
 * The gym's schema on its PostgreSQL server, as numbered migrations (like the kiosk's
 * SQLite schema in app/store/schema.c): step N takes the schema from version N-1 to N.
 * Append new steps at the end; never edit one a gym may already have applied.
 */
#ifndef SERVER_SCHEMA_H
#define SERVER_SCHEMA_H

#define SERVER_KIOSK_GROUP "rackside_kiosk" /* every kiosk's login role is a member */

struct server_migration {
    const char *what; /* kept in schema_version.description */
    const char *sql;
};

/* The steps in order; *n gets how many (the latest version this build knows). */
const struct server_migration *server_migrations(int *n);

/* Creates the kiosks' group role when missing (needs CREATEROLE); run by init only. */
extern const char server_group_role_sql[];

#endif
