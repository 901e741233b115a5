/*
 * The store tests' shared fixture: a store on a new SQLite file in a folder of its own
 * under /tmp, removed with everything in it afterwards. Header only (static inline), so a
 * test takes it without a change to how tests are built; include it after cmocka.h.
 */
#ifndef STORE_FIXTURE_H
#define STORE_FIXTURE_H

#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/store/store.h"

/* Makes /tmp/rackside-TAG-XXXXXX into dir (dir_len bytes), opens dir/rackside.db (its
 * path into path) and returns the store; NULL when either fails. */
static inline struct store *store_fixture_open(const char *tag, char *dir, size_t dir_len,
                                               char *path, size_t path_len)
{
    snprintf(dir, dir_len, "/tmp/rackside-%s-XXXXXX", tag);
    if (!mkdtemp(dir))
        return NULL;
    snprintf(path, path_len, "%s/rackside.db", dir);
    char err[STORE_ERR_MAX];
    return store_open(path, false, err);
}

/* Closes st and removes dir: 0, or -1 when the folder could not be removed. */
static inline int store_fixture_close(struct store *st, const char *dir)
{
    store_close(st);
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A teardown named name for a test's struct fixture (calloc'd) whose st is a store opened
 * by store_fixture_open in its dir. */
#define STORE_FIXTURE_TEARDOWN(name)                                                               \
    static int name(void **state)                                                                  \
    {                                                                                              \
        struct fixture *fx = *state;                                                               \
        int rc = store_fixture_close(fx->st, fx->dir);                                             \
        free(fx);                                                                                  \
        return rc;                                                                                 \
    }

/* The one integer a query gives (a failed query fails the test). */
static inline long long store_fixture_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    long long v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

#endif
