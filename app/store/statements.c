/*
 * Statements prepared once per connection and kept: a badge tap's look-up runs about a
 * dozen small queries, and preparing each again cost as much as running it. A kept
 * statement is found again by its SQL text among the connection's own statements
 * (sqlite3_next_stmt), so nothing outside SQLite holds them and the connection's close
 * finalizes them (store_stmts_finalize).
 */
#include <string.h>

#include "store_db.h"

sqlite3_stmt *store_stmt(sqlite3 *db, const char *sql)
{
    for (sqlite3_stmt *q = sqlite3_next_stmt(db, NULL); q; q = sqlite3_next_stmt(db, q)) {
        /* a statement in use (stepped, not reset) is someone else's: skip it */
        if (sqlite3_stmt_busy(q))
            continue;
        const char *text = sqlite3_sql(q);
        if (text && strcmp(text, sql) == 0) {
            sqlite3_clear_bindings(q);
            return q;
        }
    }
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &q, NULL) != SQLITE_OK) {
        sqlite3_finalize(q);
        return NULL;
    }
    return q;
}

void store_stmt_release(sqlite3_stmt *q)
{
    /* reset at once: a statement left stepped would keep its read transaction open */
    if (q)
        sqlite3_reset(q);
}

void store_stmts_finalize(sqlite3 *db)
{
    if (!db)
        return;
    sqlite3_stmt *q;
    while ((q = sqlite3_next_stmt(db, NULL)) != NULL)
        sqlite3_finalize(q);
}
