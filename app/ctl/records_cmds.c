/*
 * rackside-ctl: check-ins, restore, vacuum, purge-health and members import
 * (records_cmds.h). The report is in report.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>
#include <json-c/json.h>
#include <sodium.h>

#include "../core/badge.h"
#include "../store/records.h"
#include "ctl_out.h"
#include "ctl_parse.h"
#include "records_cmds.h"

#define EXIT_FAIL       1
#define G_PER_KG        1000.0
#define IMPORT_ROWS_MAX 100000 /* a gym's members, with room: more is a wrong file */
#define IMPORT_LINE_MAX 4096

/* --- checkins --- */

struct checkin_out {
    enum ctl_format format;
    bool health;
    json_object *array;
    int n;
};

/* "1,3": the red-flag questions answered yes, numbered from 1 as on the screen. */
static void red_flag_list(unsigned mask, char *out, size_t n)
{
    out[0] = '\0';
    for (int i = 0; i < RED_FLAG_QUESTIONS; i++)
        if (mask & (1u << i)) {
            size_t len = strlen(out);
            snprintf(out + len, n - len, "%s%d", len ? "," : "", i + 1);
        }
}

static const char *const checkin_header[] = {"id",   "time",      "ended",  "member",
                                             "pain", "red_flags", "body_kg"};

static void checkin_csv(const struct checkin_out *o, const struct checkin_row *r, const char *when,
                        const char *ended, const char *reds)
{
    char kg[24] = "";
    if (r->body_g > 0)
        snprintf(kg, sizeof kg, "%.1f", r->body_g / G_PER_KG);
    ctl_csv_int(r->key, false);
    ctl_csv_field(when, false);
    ctl_csv_field(ended, false);
    ctl_csv_text(r->member, false);
    if (o->health) {
        char pain[16] = "";
        if (r->pain >= 0)
            snprintf(pain, sizeof pain, "%d", r->pain);
        ctl_csv_field(pain, false);
        ctl_csv_field(reds, false);
    }
    ctl_csv_field(kg, true);
}

static void checkin_json(struct checkin_out *o, const struct checkin_row *r, const char *when,
                         const char *ended)
{
    char member[4 * NAME_MAX_LEN];
    store_text_clean(r->member, member, sizeof member);
    json_object *j = json_object_new_object();
    json_object_object_add(j, "id", json_object_new_int64(r->key));
    json_object_object_add(j, "time", json_object_new_string(when));
    json_object_object_add(j, "ended", ended[0] ? json_object_new_string(ended) : NULL);
    json_object_object_add(j, "member", json_object_new_string(member));
    if (o->health) {
        json_object_object_add(j, "pain", r->pain >= 0 ? json_object_new_int(r->pain) : NULL);
        json_object *reds = json_object_new_array();
        for (int i = 0; i < RED_FLAG_QUESTIONS; i++)
            if (r->red_flags & (1u << i))
                json_object_array_add(reds, json_object_new_int(i + 1));
        json_object_object_add(j, "red_flags", reds);
    }
    json_object_object_add(j, "body_g", r->body_g > 0 ? json_object_new_int(r->body_g) : NULL);
    json_object_array_add(o->array, j);
}

static void checkin_row_out(void *ctx, const struct checkin_row *r)
{
    struct checkin_out *o = ctx;
    char when[CTL_ISO_TIME], ended[CTL_ISO_TIME] = "", reds[32];
    ctl_iso_time(r->started_wall_us, when);
    if (r->ended_wall_us)
        ctl_iso_time(r->ended_wall_us, ended);
    red_flag_list(r->red_flags, reds, sizeof reds);
    o->n++;
    if (o->format == CTL_CSV) {
        checkin_csv(o, r, when, ended, reds);
    } else if (o->format == CTL_JSON) {
        checkin_json(o, r, when, ended);
    } else {
        char member[4 * NAME_MAX_LEN], pain[16] = "-", kg[16] = "-";
        store_text_clean(r->member, member, sizeof member);
        if (r->pain >= 0)
            snprintf(pain, sizeof pain, "%d", r->pain);
        if (r->body_g > 0)
            snprintf(kg, sizeof kg, "%.1f", r->body_g / G_PER_KG);
        if (o->health)
            printf("%-16.16s %-24s %-4s %-9s %s\n", when, member, pain, reds[0] ? reds : "-", kg);
        else
            printf("%-16.16s %-24s %s\n", when, member, kg);
    }
}

static void checkins_begin(const struct checkin_out *o)
{
    size_t n = sizeof checkin_header / sizeof checkin_header[0];
    if (o->format == CTL_CSV) {
        if (o->health)
            printf("%s\n", CTL_HEALTH_NOTICE_CSV);
        for (size_t i = 0; i < n; i++) {
            bool answer = strcmp(checkin_header[i], "pain") == 0 ||
                          strcmp(checkin_header[i], "red_flags") == 0;
            if (o->health || !answer)
                ctl_csv_field(checkin_header[i], i + 1 == n);
        }
    } else if (o->format == CTL_TABLE) {
        if (o->health)
            printf("%s\n", CTL_HEALTH_NOTICE);
        if (o->health)
            printf("%-16s %-24s %-4s %-9s %s\n", "TIME", "MEMBER", "PAIN", "RED FLAGS", "BODY kg");
        else
            printf("%-16s %-24s %s\n", "TIME", "MEMBER", "BODY kg");
    }
}

int ctl_checkins(struct store *st, int64_t today, int argc, char **argv)
{
    struct ctl_export x;
    int rc = ctl_parse_export(argc, argv, today, true, &x);
    if (rc != 0)
        return rc;
    struct checkin_out o = {x.format, x.health, NULL, 0};
    if (o.format == CTL_JSON)
        o.array = json_object_new_array();
    checkins_begin(&o);
    rc = store_checkins_each(st, x.range.from_day, x.range.to_day, checkin_row_out, &o);
    if (o.format == CTL_JSON) {
        if (rc >= 0)
            ctl_json_export(o.health, !o.health, "checkins", o.array);
        json_object_put(o.array);
    }
    if (rc < 0)
        return ctl_fail("cannot read the check-ins");
    if (o.format == CTL_TABLE && o.n == 0)
        printf("(no check-ins)\n");
    return 0;
}

/* --- restore, vacuum, purge-health --- */

int ctl_restore(struct store *st, int argc, char **argv)
{
    char *pos[1];
    if (ctl_parse_args(argc, argv, pos, 1, NULL) != 1)
        return ctl_usage_error("usage: restore FILE");
    char kept[PATH_MAX + 64], err[STORE_ERR_MAX];
    if (store_restore(st, pos[0], kept, sizeof kept, err) != 0)
        return ctl_fail(err);
    printf("restored from %s; the database it replaced is kept as %s\n"
           "restart the kiosk so it reads the restored records (systemctl restart rackside)\n",
           pos[0], kept);
    return 0;
}

int ctl_vacuum(struct store *st, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return ctl_usage_error("vacuum takes no arguments");
    int64_t before, after;
    char err[STORE_ERR_MAX];
    if (store_vacuum(st, &before, &after, err) != 0)
        return ctl_fail(err);
    printf("vacuumed: %lld bytes before, %lld after\n", (long long)before, (long long)after);
    return 0;
}

int ctl_purge_health(struct store *st, int argc, char **argv)
{
    struct ctl_option opts[] = {{"before", true, NULL}, {NULL}};
    char *pos[1];
    if (ctl_parse_args(argc, argv, pos, 0, opts) != 0 || !opts[0].value)
        return ctl_usage_error("usage: purge-health --before YYYY-MM-DD");
    int64_t day = ctl_parse_day(opts[0].value);
    if (day < 0)
        return ctl_usage_error("--before wants a date as YYYY-MM-DD, not \"%s\"", opts[0].value);
    struct rules defaults;
    rules_default(&defaults);
    int64_t before_us;
    store_gym_day_bounds(day, defaults.day_start_min, &before_us, NULL);
    struct health_purge p;
    char err[STORE_ERR_MAX];
    if (store_purge_health(st, before_us, &p, err) != 0)
        return ctl_fail(err);
    printf("removed pain and red-flag answers before %s: %d check-ins, %d days, %d flags, "
           "%d trainers' reasons, %d enrolment screens\n",
           opts[0].value, p.checkins, p.days, p.flags, p.reasons, p.screenings);
    return 0;
}

/* --- members import --- */

#define IMPORT_COLS 3 /* name, role, badges */
#define IMPORT_UIDS 8 /* badges one member may be given in one row */

#define IMPORT_FIELDS 16 /* fields read per row; more are ignored */

struct import_row {
    char field[IMPORT_FIELDS][IMPORT_LINE_MAX / 4];
    int n_fields;
    bool too_long; /* a field did not fit: refused, never cut short */
};

struct import {
    struct store *st;
    bool dry_run;
    int pin_digits;
    int col[IMPORT_COLS]; /* where each column is in the file; -1 absent */
    bool header_done;
    int line;     /* the line being fed to the parser */
    int row_line; /* the line the current row started on */
    struct import_row cur;
    int errors, rows, changes;
    /* names and badges seen earlier in the file, to refuse a second use */
    char (*names)[NAME_MAX_LEN];
    char (*uids)[BADGE_UID_MAX];
    int n_names, n_uids;
    bool applying; /* second pass: make the changes */
};

static const char *const import_cols[IMPORT_COLS] = {"name", "role", "badges"};

static void import_field(void *data, size_t len, void *ctx)
{
    struct import *im = ctx;
    struct import_row *r = &im->cur;
    if (r->n_fields == 0)
        im->row_line = im->line;
    if (r->n_fields < IMPORT_FIELDS) {
        char *out = r->field[r->n_fields];
        size_t n = len < sizeof r->field[0] - 1 ? len : sizeof r->field[0] - 1;
        r->too_long |= len > n;
        if (data)
            memcpy(out, data, n);
        out[data ? n : 0] = '\0';
    }
    r->n_fields++;
}

/* The row's value for column c of import_cols ("" when the file has no such column). */
static const char *import_value(const struct import *im, int c)
{
    int k = im->col[c];
    return k >= 0 && k < im->cur.n_fields && k < IMPORT_FIELDS ? im->cur.field[k] : "";
}

static bool valid_uid(const char *uid)
{
    size_t n = strlen(uid);
    if (n == 0 || n >= BADGE_UID_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)uid[i]))
            return false;
    return true;
}

static void row_error(struct import *im, const char *fmt, const char *arg)
{
    fprintf(stderr, "rackside-ctl: line %d: ", im->row_line);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    im->errors++;
}

static bool seen_name(const struct import *im, const char *s)
{
    for (int i = 0; i < im->n_names; i++)
        if (strcmp(im->names[i], s) == 0)
            return true;
    return false;
}

static bool seen_uid(const struct import *im, const char *s)
{
    for (int i = 0; i < im->n_uids; i++)
        if (strcmp(im->uids[i], s) == 0)
            return true;
    return false;
}

static void new_pin(int n, char *out)
{
    for (int i = 0; i < n; i++)
        out[i] = (char)('0' + randombytes_uniform(10));
    out[n] = '\0';
}

/* Splits "A1 B2" into UIDs; -1 when one is not a badge UID (named in bad). */
static int split_uids(char *badges, char *uids[IMPORT_UIDS], char **bad)
{
    int n = 0;
    for (char *save = NULL, *t = strtok_r(badges, " ;", &save); t;
         t = strtok_r(NULL, " ;", &save)) {
        if (!valid_uid(t) || n == IMPORT_UIDS) {
            *bad = t;
            return -1;
        }
        uids[n++] = t;
    }
    return n;
}

/* The member named in the row: checks it, then (applying) adds it; 0 ok, -1 bad row. */
static int import_member(struct import *im, const char *name, enum role role, int64_t *id)
{
    struct member_row m;
    char err[STORE_ERR_MAX];
    int found = store_find_member(im->st, name, &m, err);
    if (found < 0) {
        row_error(im, "%s", err);
        return -1;
    }
    if (found == 1 && m.role != role) {
        row_error(im, "\"%s\" is already enrolled with another role (import never changes roles)",
                  name);
        return -1;
    }
    *id = found == 1 ? m.id : 0;
    if (found == 1 || !im->applying) {
        if (found == 0 && im->dry_run)
            printf("line %d: would add %s \"%s\"%s\n", im->row_line,
                   role == ROLE_TRAINER ? "trainer" : "lifter", name,
                   role == ROLE_TRAINER ? " (a PIN is made and shown)" : "");
        im->changes += found == 0;
        return 0;
    }
    char pin[PIN_MAX_DIGITS + 1] = "";
    if (role == ROLE_TRAINER)
        new_pin(im->pin_digits, pin);
    if (store_member_add(im->st, name, role, role == ROLE_TRAINER ? pin : NULL, id, err) != 0) {
        row_error(im, "%s", err);
        return -1;
    }
    printf("line %d: added %s \"%s\" with id %lld", im->row_line,
           role == ROLE_TRAINER ? "trainer" : "lifter", name, (long long)*id);
    if (role == ROLE_TRAINER)
        printf(", PIN %s (shown this once)", pin);
    printf("\n");
    return 0;
}

static void import_badges(struct import *im, const char *name, int64_t id, char **uids, int n)
{
    for (int i = 0; i < n; i++) {
        int64_t owner = store_badge_owner(im->st, uids[i]);
        if (owner == id && id != 0)
            continue;
        char err[STORE_ERR_MAX];
        if (!im->applying) {
            if (im->dry_run)
                printf("line %d: would give badge %s to \"%s\"\n", im->row_line, uids[i], name);
            im->changes++;
        } else if (store_badge_add(im->st, uids[i], id, err) != 0) {
            row_error(im, "%s", err);
        } else {
            printf("line %d: badge %s belongs to \"%s\"\n", im->row_line, uids[i], name);
        }
    }
}

/* Checks one row against the database and the rows before it; applies it when applying. */
static void import_check_row(struct import *im)
{
    const char *name = import_value(im, 0);
    const char *role_text = import_value(im, 1);
    char badges[IMPORT_LINE_MAX];
    snprintf(badges, sizeof badges, "%s", import_value(im, 2));
    const char *problem = store_text_problem(name);
    enum role role = ROLE_LIFTER;
    if (im->cur.too_long)
        return row_error(im, "a field is longer than %s bytes", "1023");
    if (!name[0])
        return row_error(im, "%sthe name is empty", "");
    if (problem || strlen(name) >= NAME_MAX_LEN)
        return row_error(im, "the name %s", problem ? problem : "is too long");
    if (strcasecmp(role_text, "trainer") == 0)
        role = ROLE_TRAINER;
    else if (role_text[0] && strcasecmp(role_text, "lifter") != 0)
        return row_error(im, "the role is lifter or trainer, not \"%s\"", role_text);
    char *uids[IMPORT_UIDS], *bad = NULL;
    int n = split_uids(badges, uids, &bad);
    if (n < 0)
        return row_error(im,
                         "\"%s\" is not a badge UID (1 to 31 letters or digits, at most 8 "
                         "badges separated by spaces)",
                         bad);
    if (seen_name(im, name))
        return row_error(im, "\"%s\" is named on an earlier line", name);
    for (int i = 0; i < n; i++) {
        if (seen_uid(im, uids[i]))
            return row_error(im, "badge %s is given on an earlier line", uids[i]);
        int64_t owner = store_badge_owner(im->st, uids[i]);
        struct member_row m;
        char err[STORE_ERR_MAX];
        int found = store_find_member(im->st, name, &m, err);
        if (owner < 0 || found < 0)
            return row_error(im, "%scannot read the database", "");
        if (owner > 0 && (found != 1 || m.id != owner))
            return row_error(im, "badge %s belongs to another member (badge remove it first)",
                             uids[i]);
    }
    snprintf(im->names[im->n_names++], NAME_MAX_LEN, "%s", name);
    for (int i = 0; i < n; i++)
        snprintf(im->uids[im->n_uids++], BADGE_UID_MAX, "%s", uids[i]);
    int64_t id;
    if (import_member(im, name, role, &id) == 0)
        import_badges(im, name, id, uids, n);
}

static void import_row_end(int c, void *ctx)
{
    (void)c;
    struct import *im = ctx;
    if (!im->header_done) {
        im->header_done = true;
        for (int k = 0; k < im->cur.n_fields && k < IMPORT_FIELDS; k++)
            for (int col = 0; col < IMPORT_COLS; col++)
                if (strcasecmp(im->cur.field[k], import_cols[col]) == 0)
                    im->col[col] = k;
        if (im->col[0] < 0) {
            row_error(im, "%sthe first line must name the columns: name,role,badges", "");
            im->errors += IMPORT_ROWS_MAX; /* nothing below can be read */
        }
    } else if (im->rows++ < IMPORT_ROWS_MAX) {
        import_check_row(im);
    }
    memset(&im->cur, 0, sizeof im->cur);
}

/* One pass over the file: checks every row, or (applying) makes the changes. */
static int import_pass(struct import *im, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "rackside-ctl: cannot read %s: %s\n", path, strerror(errno));
        return -1;
    }
    struct csv_parser p;
    csv_init(&p, CSV_APPEND_NULL | CSV_EMPTY_IS_NULL);
    char buf[IMPORT_LINE_MAX];
    im->header_done = false;
    im->line = 0;
    im->rows = im->n_names = im->n_uids = 0;
    for (int c = 0; c < IMPORT_COLS; c++)
        im->col[c] = -1;
    memset(&im->cur, 0, sizeof im->cur);
    int rc = 0;
    while (fgets(buf, sizeof buf, f)) {
        if (strchr(buf, '\n') || feof(f))
            im->line++;
        size_t n = strlen(buf);
        if (csv_parse(&p, buf, n, import_field, import_row_end, im) != n) {
            fprintf(stderr, "rackside-ctl: %s line %d: %s\n", path, im->line,
                    csv_strerror(csv_error(&p)));
            rc = -1;
            break;
        }
    }
    if (rc == 0 && csv_fini(&p, import_field, import_row_end, im) != 0) {
        fprintf(stderr, "rackside-ctl: %s line %d: %s\n", path, im->line,
                csv_strerror(csv_error(&p)));
        rc = -1;
    }
    csv_free(&p);
    fclose(f);
    if (im->rows > IMPORT_ROWS_MAX) {
        fprintf(stderr, "rackside-ctl: %s has more than %d rows: is it the right file?\n", path,
                IMPORT_ROWS_MAX);
        rc = -1;
    }
    return rc;
}

int ctl_members_import(struct store *st, int pin_digits, int argc, char **argv)
{
    struct ctl_option opts[] = {{"dry-run", false, NULL}, {NULL}};
    char *pos[1];
    if (ctl_parse_args(argc, argv, pos, 1, opts) != 1)
        return ctl_usage_error("usage: members import FILE.csv [--dry-run]");
    struct import im = {.st = st, .dry_run = opts[0].value != NULL, .pin_digits = pin_digits};
    im.names = calloc(IMPORT_ROWS_MAX + 1, sizeof *im.names);
    im.uids = calloc((size_t)(IMPORT_ROWS_MAX + 1) * IMPORT_UIDS, sizeof *im.uids);
    int rc = EXIT_FAIL;
    if (!im.names || !im.uids) {
        rc = ctl_fail("out of memory");
    } else if (import_pass(&im, pos[0]) != 0) {
        rc = CTL_EXIT_USAGE;
    } else if (im.errors > 0) {
        fprintf(stderr, "rackside-ctl: %d bad row%s in %s: nothing was changed%s\n", im.errors,
                im.errors == 1 ? "" : "s", pos[0], im.dry_run ? "" : " (fix them and run again)");
        rc = CTL_EXIT_USAGE;
    } else if (im.dry_run) {
        printf("%d change%s would be made (dry run: nothing was changed)\n", im.changes,
               im.changes == 1 ? "" : "s");
        rc = 0;
    } else {
        im.applying = true;
        int changes = im.changes;
        rc = import_pass(&im, pos[0]) == 0 && im.errors == 0 ? 0 : EXIT_FAIL;
        printf("%d change%s made\n", changes, changes == 1 ? "" : "s");
    }
    free(im.names);
    free(im.uids);
    return rc;
}
