/*
 * A member's own language, unit and text size (core/prefs.h), kept on their row: '' is the
 * rack's.
 * Written by the kiosk when the lifter chooses at the rack and by rackside-ctl prefs.
 */
#include <stdio.h>
#include <string.h>

#include "../core/prefs.h"
#include "store_db.h"

int store_query_prefs(sqlite3 *db, int64_t member_id, struct member_profile *out)
{
    out->lang[0] = '\0';
    out->unit_pref = UNIT_PREF_RACK;
    out->text_pref = TEXT_PREF_RACK;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "SELECT language, unit, text_size FROM members WHERE id = ?1", -1,
                           &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, member_id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        const char *lang = (const char *)sqlite3_column_text(q, 0);
        const char *unit = (const char *)sqlite3_column_text(q, 1);
        if (prefs_language_index(lang) >= 0)
            snprintf(out->lang, sizeof out->lang, "%s", lang);
        if (!prefs_unit_parse(unit, &out->unit_pref))
            out->unit_pref = UNIT_PREF_RACK;
        if (!prefs_text_parse((const char *)sqlite3_column_text(q, 2), &out->text_pref))
            out->text_pref = TEXT_PREF_RACK;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int write_prefs(sqlite3 *db, int64_t member_id, const char *lang, enum unit_pref unit,
                       enum text_pref text, char err[STORE_ERR_MAX])
{
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(
        db, "UPDATE members SET language = ?2, unit = ?3, text_size = ?4 WHERE id = ?1", -1, &q,
        NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, member_id);
        sqlite3_bind_text(q, 2, prefs_language_index(lang) >= 0 ? lang : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 3, unit == UNIT_PREF_RACK ? "" : prefs_unit_name(unit), -1,
                          SQLITE_STATIC);
        sqlite3_bind_text(q, 4, text == TEXT_PREF_RACK ? "" : prefs_text_name(text), -1,
                          SQLITE_STATIC);
        rc = sqlite3_step(q);
        sqlite3_finalize(q);
    }
    if (rc != SQLITE_DONE) {
        store_db_err(db, "cannot keep the member's language, unit and text size", err);
        return -1;
    }
    if (sqlite3_changes(db) != 1) {
        store_errf(err, "no member %lld to keep a language and unit for", (long long)member_id);
        return -1;
    }
    return 0;
}

int store_write_prefs(struct store *st, const struct effect *e, char err[STORE_ERR_MAX])
{
    return write_prefs(st->wdb, e->member_id, e->text, (enum unit_pref)e->key, e->text_pref, err);
}

int store_set_prefs(struct store *st, int64_t member_id, const char *lang, enum unit_pref unit,
                    enum text_pref text, char err[STORE_ERR_MAX])
{
    pthread_mutex_lock(&st->wlock);
    int rc = write_prefs(st->wdb, member_id, lang, unit, text, err);
    pthread_mutex_unlock(&st->wlock);
    return rc;
}
