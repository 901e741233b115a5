/*
 * What a bar unit's sets learned of it, as JSON (store.h unit_ref_to_json): read with
 * json-c, the parser the rest of rackside's JSON goes through, and written by hand, as
 * its form is fixed and its numbers need nine significant digits to read back exactly.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>
#include <pthread.h>

#include "store.h"
#include "store_db.h"

int unit_ref_to_json(const char *unit, const struct rep_unit_ref *r, char out[UNIT_REF_JSON_MAX])
{
    /* a serial is hex (the firmware's) or the simulator's name: nothing to escape, but a
     * character that would need it is dropped rather than written raw */
    char name[BAR_UNIT_ID_MAX];
    size_t n = 0;
    for (const char *c = unit ? unit : ""; *c && n + 1 < sizeof name; c++)
        if (*c >= 0x20 && *c < 0x7f && *c != '"' && *c != '\\')
            name[n++] = *c;
    name[n] = '\0';
    return snprintf(out, UNIT_REF_JSON_MAX,
                    "{\"unit\":\"%s\",\"bias_g\":[%.9g,%.9g,%.9g],"
                    "\"cov_g2\":[[%.9g,%.9g,%.9g],[%.9g,%.9g,%.9g],[%.9g,%.9g,%.9g]]}",
                    name, r->b[0], r->b[1], r->b[2], r->p[0][0], r->p[0][1], r->p[0][2], r->p[1][0],
                    r->p[1][1], r->p[1][2], r->p[2][0], r->p[2][1], r->p[2][2]);
}

/* n finite numbers from a JSON array into out; false if it is not exactly that. */
static bool numbers(json_object *arr, float *out, size_t n)
{
    if (!json_object_is_type(arr, json_type_array) || json_object_array_length(arr) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        json_object *v = json_object_array_get_idx(arr, i);
        if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
            return false;
        double d = json_object_get_double(v);
        if (!isfinite(d) || fabs(d) > 1e30)
            return false;
        out[i] = (float)d;
    }
    return true;
}

int unit_ref_from_json(const char *text, char unit[BAR_UNIT_ID_MAX], struct rep_unit_ref *r,
                       char err[STORE_ERR_MAX])
{
    enum json_tokener_error jerr;
    json_object *root = json_tokener_parse_verbose(text, &jerr);
    int rc = -1;
    json_object *u = NULL, *b, *p;
    bool has_unit = root && json_object_object_get_ex(root, "unit", &u);
    if (!root) {
        store_errf(err, "not JSON (%s)", json_tokener_error_desc(jerr));
    } else if (!json_object_is_type(root, json_type_object)) {
        store_errf(err, "not a JSON object");
    } else if (!json_object_object_get_ex(root, "bias_g", &b) || !numbers(b, r->b, 3)) {
        store_errf(err, "\"bias_g\" is not three numbers (g, in the sensor's axes)");
    } else if (!json_object_object_get_ex(root, "cov_g2", &p) ||
               !json_object_is_type(p, json_type_array) || json_object_array_length(p) != 3 ||
               !numbers(json_object_array_get_idx(p, 0), r->p[0], 3) ||
               !numbers(json_object_array_get_idx(p, 1), r->p[1], 3) ||
               !numbers(json_object_array_get_idx(p, 2), r->p[2], 3)) {
        store_errf(err, "\"cov_g2\" is not three rows of three numbers (g^2)");
    } else if (has_unit && !json_object_is_type(u, json_type_string)) {
        store_errf(err, "\"unit\" is not a string (the bar unit's serial number)");
    } else {
        if (unit)
            snprintf(unit, BAR_UNIT_ID_MAX, "%s", has_unit ? json_object_get_string(u) : "");
        rc = 0;
    }
    json_object_put(root);
    return rc;
}

int store_bar_unit_ref(struct store *st, const char *serial, struct rep_unit_ref *out,
                       char err[STORE_ERR_MAX])
{
    pthread_mutex_lock(&st->rlock);
    sqlite3_stmt *q;
    int found = -1;
    if (sqlite3_prepare_v2(st->rdb, "SELECT unit_ref FROM bar_units WHERE serial = ?", -1, &q,
                           NULL) != SQLITE_OK) {
        store_db_err(st->rdb, "cannot read what is known of the bar unit", err);
    } else {
        sqlite3_bind_text(q, 1, serial, -1, SQLITE_STATIC);
        int rc = sqlite3_step(q);
        char why[STORE_ERR_MAX];
        if (rc == SQLITE_DONE) {
            found = 0;
        } else if (rc != SQLITE_ROW) {
            store_db_err(st->rdb, "cannot read what is known of the bar unit", err);
        } else if (!sqlite3_column_text(q, 0) ||
                   unit_ref_from_json((const char *)sqlite3_column_text(q, 0), NULL, out, why) !=
                       0) {
            if (!sqlite3_column_text(q, 0))
                snprintf(why, sizeof why, "empty");
            store_errf(err,
                       "bar unit %s: what its sets learned is damaged (%s); its next set "
                       "starts afresh",
                       serial, why);
        } else {
            found = 1;
        }
        sqlite3_finalize(q);
    }
    pthread_mutex_unlock(&st->rlock);
    return found;
}
