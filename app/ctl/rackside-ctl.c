/*
 * rackside-ctl: the operator's command line. Enrols members and badges, sets start loads
 * and overrides, lists and exports the day's flags and sets, exports a set's bar samples
 * and analyses IMU trace files, backs up the database. Works while
 * the kiosk runs (WAL, busy timeout). Exit status: 0 ok, 1 the command failed, 2 bad usage.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>
#include <json-c/json.h>
#include <sodium.h>

#include "../config.h"
#include "../store/store.h"
#include "bar_info.h"
#include "ctl_parse.h"
#include "imu.h"
#include "plate_cmds.h"
#include "server_cmds.h"

#define EXIT_FAIL        1
#define EXIT_USAGE       2
#define G_PER_KG         1000.0
#define US_PER_S         1000000LL
#define ISO_TIME         32
#define SERVICE_DATA_DIR "/var/lib/rackside"           /* the service's --data-dir */
#define SERVICE_CONFIG   "/etc/rackside/rackside.conf" /* the service's --config */

static const char usage_text[] =
    "usage: rackside-ctl [--data-dir DIR] [--config FILE] COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  member add NAME [--trainer [--pin PIN]] enrol a lifter, or a trainer (a new PIN is\n"
    "                                          made and shown once unless --pin gives one)\n"
    "  badge add UID MEMBER                    give MEMBER (id or exact name) a badge\n"
    "  badge remove UID                        take a badge away\n"
    "  members                                 list members and their badges\n"
    "  exercises                               list the rack's exercises\n"
    "  flags [--date YYYY-MM-DD] [--format table|csv|json]\n"
    "                                          the day's flags (default today, table)\n"
    "  start-load MEMBER EXERCISE KG           load to start from with no history\n"
    "  override MEMBER EXERCISE KG --reason TEXT --by TRAINER [--date YYYY-MM-DD]\n"
    "                                          lift a cap for one day, with a reason\n"
    "  sets [--date YYYY-MM-DD] [--format table|json]\n"
    "                                          the day's sets with their ids (default today)\n"
    "  export-imu SET_ID FILE.csv [--force]    a set's recorded bar samples as a trace file\n"
    "  analyze-imu FILE.csv --exercise squat|bench|press|deadlift|row [--json]\n"
    "                                          reps, phases and velocities in a trace file\n"
    "  backup FILE                             copy the database to a new file\n"
    "  bar-info [--seconds N]                  the USB bar unit's info, and frames received\n"
    "                                          and lost over N s (default 2; stop the "
    "kiosk)\n" PLATE_CMDS_USAGE SERVER_CMDS_USAGE
    "  help                                    this text\n"
    "\n"
    "The database is DIR/" STORE_DB_FILE ". Without --data-dir: the service's\n"
    "" SERVICE_DATA_DIR " when it exists, else $XDG_DATA_HOME/rackside or\n"
    "~/.local/share/rackside (where the kiosk keeps it when started by hand). Every\n"
    "command says which database it uses. FILE (default " SERVICE_CONFIG ") gives\n"
    "the PIN length the kiosk's keypad takes (pin_digits).\n";

struct ctl {
    struct store *st;
    int pin_digits; /* what the kiosk's keypad takes, from its settings */
    const char *config_path;
};

static int failure(const char *msg)
{
    fprintf(stderr, "rackside-ctl: %s\n", msg);
    return EXIT_FAIL;
}

/* --- option parsing: "--name value" pairs and flags after the positional arguments --- */

struct option_spec {
    const char *name;
    bool takes_value;
    const char *value; /* out: the value, or "" for a flag that was given */
};

/* Splits argv into positionals and known options; returns how many positionals or -1. */
static int parse_args(int argc, char **argv, char **pos, int max_pos, struct option_spec *opts)
{
    int n = 0;
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) != 0 || argv[i][2] == '\0') {
            if (n == max_pos) {
                ctl_usage_error("unexpected argument \"%s\"", argv[i]);
                return -1;
            }
            pos[n++] = argv[i];
            continue;
        }
        struct option_spec *o = opts;
        while (o && o->name && strcmp(o->name, argv[i] + 2) != 0)
            o++;
        if (!o || !o->name) {
            ctl_usage_error("unknown option %s", argv[i]);
            return -1;
        }
        if (o->takes_value) {
            if (i + 1 >= argc) {
                ctl_usage_error("option %s needs a value", argv[i]);
                return -1;
            }
            o->value = argv[++i];
        } else {
            o->value = "";
        }
    }
    return n;
}

/* "62.5" -> 62500 g; -1 when not a load a rack can hold. */
static int32_t parse_kg(const char *s)
{
    return ctl_parse_kg(s);
}

/* "2025-03-01" -> local day number; -1 when not a calendar date. */
static int64_t parse_date(const char *s)
{
    int64_t noon_s;
    if (ctl_parse_date(s, &noon_s) != 0)
        return -1;
    return store_local_day(noon_s * US_PER_S);
}

/* The gym's day now, with the kiosk's default boundary (04:00), so an override set at
 * 01:00 is for the evening's lifters, as the kiosk sees it. */
static int64_t today(void)
{
    struct rules r;
    rules_default(&r);
    return store_gym_day((int64_t)time(NULL) * US_PER_S, r.day_start_min);
}

/* ISO 8601 local time with offset: 2025-03-01T18:03:00+01:00 */
static void iso_time(int64_t wall_us, char out[ISO_TIME])
{
    time_t t = (time_t)(wall_us / US_PER_S);
    struct tm tm;
    char zone[8];
    localtime_r(&t, &tm);
    strftime(out, ISO_TIME, "%Y-%m-%dT%H:%M:%S", &tm);
    strftime(zone, sizeof zone, "%z", &tm);
    size_t n = strlen(out);
    snprintf(out + n, ISO_TIME - n, "%.3s:%.2s", zone, zone + 3);
}

/* Text for a terminal or JSON: never an escape sequence, never invalid UTF-8. */
static const char *clean_text(const char *s, char *buf, size_t n)
{
    store_text_clean(s, buf, n);
    return buf;
}

static const char *role_name(enum role role)
{
    return role == ROLE_TRAINER ? "trainer" : "lifter";
}

static int find_member(struct ctl *c, const char *id_or_name, struct member_row *out)
{
    char err[STORE_ERR_MAX];
    int rc = store_find_member(c->st, id_or_name, out, err);
    if (rc != 1)
        return failure(err);
    return 0;
}

static int find_exercise(struct ctl *c, const char *id_or_name, struct exercise *out)
{
    struct exercise ex[SESSION_MAX_EXERCISES];
    int n = store_exercises(c->st, ex, SESSION_MAX_EXERCISES);
    if (n < 0)
        return failure("cannot read the exercises");
    for (int i = 0; i < n; i++) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)ex[i].id);
        if (strcmp(id, id_or_name) == 0 || strcasecmp(ex[i].name, id_or_name) == 0) {
            *out = ex[i];
            return 0;
        }
    }
    fprintf(stderr, "rackside-ctl: no exercise \"%s\" (see rackside-ctl exercises)\n", id_or_name);
    return EXIT_FAIL;
}

/* --- commands --- */

/* A PIN of n digits from the system's random source, uniform over 10^n. */
static void new_pin(int n, char *out)
{
    for (int i = 0; i < n; i++)
        out[i] = (char)('0' + randombytes_uniform(10));
    out[n] = '\0';
}

static int cmd_member(struct ctl *c, int argc, char **argv)
{
    struct option_spec opts[] = {{"trainer", false, NULL}, {"pin", true, NULL}, {NULL}};
    char *pos[2];
    int n = parse_args(argc, argv, pos, 2, opts);
    if (n < 0)
        return EXIT_USAGE;
    if (n != 2 || strcmp(pos[0], "add") != 0)
        return ctl_usage_error("usage: member add NAME [--trainer [--pin PIN]]");
    bool trainer = opts[0].value != NULL;
    if (!trainer && opts[1].value)
        return ctl_usage_error("only trainers have a PIN");
    char pin[PIN_MAX_DIGITS + 1] = "";
    if (trainer && opts[1].value) {
        if ((int)strlen(opts[1].value) != c->pin_digits)
            return ctl_usage_error("the kiosk's keypad takes %d-digit PINs (pin_digits in %s), "
                                   "not %zu digits",
                                   c->pin_digits, c->config_path, strlen(opts[1].value));
        snprintf(pin, sizeof pin, "%s", opts[1].value);
    } else if (trainer) {
        new_pin(c->pin_digits, pin);
    }
    char err[STORE_ERR_MAX];
    int64_t id;
    if (store_member_add(c->st, pos[1], trainer ? ROLE_TRAINER : ROLE_LIFTER, trainer ? pin : NULL,
                         &id, err) != 0)
        return failure(err);
    printf("added %s \"%s\" with id %lld\n", trainer ? "trainer" : "lifter", pos[1], (long long)id);
    if (trainer && !opts[1].value)
        printf("PIN %s (shown this once: give it to the trainer; then badge add UID \"%s\")\n", pin,
               pos[1]);
    return 0;
}

static int cmd_badge(struct ctl *c, int argc, char **argv)
{
    char *pos[3];
    int n = parse_args(argc, argv, pos, 3, NULL);
    if (n < 0)
        return EXIT_USAGE;
    char err[STORE_ERR_MAX];
    if (n == 3 && strcmp(pos[0], "add") == 0) {
        struct member_row m;
        int rc = find_member(c, pos[2], &m);
        if (rc != 0)
            return rc;
        if (store_badge_add(c->st, pos[1], m.id, err) != 0)
            return failure(err);
        printf("badge %s belongs to %s (id %lld)\n", pos[1], m.name, (long long)m.id);
        return 0;
    }
    if (n == 2 && strcmp(pos[0], "remove") == 0) {
        if (store_badge_remove(c->st, pos[1], err) != 0)
            return failure(err);
        printf("badge %s removed\n", pos[1]);
        return 0;
    }
    return ctl_usage_error("usage: badge add UID MEMBER | badge remove UID");
}

static void print_member(void *ctx, const struct member_row *row)
{
    (void)ctx;
    char created[ISO_TIME], name[4 * NAME_MAX_LEN];
    iso_time(row->created_wall_us, created);
    created[10] = '\0'; /* the date is enough here */
    printf("%-5lld %-28s %-8s %-10s %s\n", (long long)row->id,
           clean_text(row->name, name, sizeof name), role_name(row->role), created,
           row->badges[0] ? row->badges : "-");
}

static int cmd_members(struct ctl *c, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return ctl_usage_error("members takes no arguments");
    printf("%-5s %-28s %-8s %-10s %s\n", "ID", "NAME", "ROLE", "ADDED", "BADGES");
    if (store_members(c->st, print_member, NULL) < 0)
        return failure("cannot list members");
    return 0;
}

static int cmd_exercises(struct ctl *c, int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return ctl_usage_error("exercises takes no arguments");
    struct exercise ex[SESSION_MAX_EXERCISES];
    int n = store_exercises(c->st, ex, SESSION_MAX_EXERCISES);
    if (n < 0)
        return failure("cannot read the exercises");
    printf("%-4s %-20s %-6s %-9s %s\n", "ID", "NAME", "BODY", "LOAD", "WORK");
    for (int i = 0; i < n; i++)
        printf("%-4lld %-20s %-6s %-9s %dx%d\n", (long long)ex[i].id, ex[i].name,
               ex[i].upper_body ? "upper" : "lower", ex[i].on_plate ? "plate" : "declared",
               ex[i].work_sets, ex[i].target_reps);
    return 0;
}

/* flags: one writer per format, each called per flag */

enum flag_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

struct flag_out {
    enum flag_format format;
    json_object *array;
    int n;
};

static void csv_field(const char *s, bool last)
{
    csv_fwrite(stdout, s, strlen(s));
    fputc(last ? '\n' : ',', stdout);
}

/*
 * Text a person typed, for a spreadsheet: a leading = + - @ tab or CR makes a formula
 * (=HYPERLINK(...)), so such a field starts with an apostrophe, which spreadsheets show
 * as text. Invalid bytes and control characters become U+FFFD.
 */
static void csv_text(const char *s, bool last)
{
    char clean[4 * NOTE_MAX_LEN], guarded[4 * NOTE_MAX_LEN + 2];
    store_text_clean(s, clean, sizeof clean);
    bool formula = strchr("=+-@\t\r", clean[0]) != NULL && clean[0] != '\0';
    snprintf(guarded, sizeof guarded, "%s%s", formula ? "'" : "", clean);
    csv_field(guarded, last);
}

static void csv_int(long long v, bool last)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", v);
    csv_field(buf, last);
}

static const char *const csv_header[] = {"id",  "time",    "member", "kind",  "label",  "severity",
                                         "rep", "set_key", "detail", "acked", "ack_by", "ack_note"};

static void flag_row(void *ctx, const struct flag_view *f, int rep)
{
    struct flag_out *o = ctx;
    char when[ISO_TIME];
    iso_time(f->t_wall_us, when);
    char member[4 * NAME_MAX_LEN], detail[4 * NOTE_MAX_LEN], note[4 * NOTE_MAX_LEN],
        by[4 * NAME_MAX_LEN];
    clean_text(f->member, member, sizeof member);
    clean_text(f->detail, detail, sizeof detail);
    clean_text(f->ack_note, note, sizeof note);
    clean_text(f->ack_by, by, sizeof by);
    o->n++;
    switch (o->format) {
    case FORMAT_TABLE: {
        /* the set's id, so its bar samples can be exported (export-imu) */
        char set[24] = "-";
        if (f->set_key)
            snprintf(set, sizeof set, "%lld", (long long)f->set_key);
        printf("%.5s %-20s %-26s %-8s %-4d %-4s %-16s %s%s%s\n", when + 11, member,
               flag_kind_label(f->kind), severity_label(f->severity), rep, f->acked ? "yes" : "no",
               set, detail, f->acked && note[0] ? " | ack: " : "", f->acked ? note : "");
        break;
    }
    case FORMAT_CSV:
        csv_int(f->id, false);
        csv_field(when, false);
        csv_text(f->member, false);
        csv_field(flag_kind_id(f->kind), false);
        csv_field(flag_kind_label(f->kind), false);
        csv_field(severity_label(f->severity), false);
        csv_int(rep, false);
        csv_int(f->set_key, false);
        csv_text(f->detail, false);
        csv_field(f->acked ? "yes" : "no", false);
        csv_text(f->ack_by, false);
        csv_text(f->ack_note, true);
        break;
    case FORMAT_JSON: {
        /* json-c escapes quotes and controls; the cleaning makes it valid UTF-8 */
        json_object *j = json_object_new_object();
        json_object_object_add(j, "id", json_object_new_int64(f->id));
        json_object_object_add(j, "time", json_object_new_string(when));
        json_object_object_add(j, "t_us", json_object_new_int64(f->t_wall_us));
        json_object_object_add(j, "member", json_object_new_string(member));
        json_object_object_add(j, "kind", json_object_new_string(flag_kind_id(f->kind)));
        json_object_object_add(j, "label", json_object_new_string(flag_kind_label(f->kind)));
        json_object_object_add(j, "severity", json_object_new_string(severity_label(f->severity)));
        json_object_object_add(j, "rep", json_object_new_int(rep));
        json_object_object_add(j, "set_key", f->set_key ? json_object_new_int64(f->set_key) : NULL);
        json_object_object_add(j, "detail", json_object_new_string(detail));
        json_object_object_add(j, "acked", json_object_new_boolean(f->acked));
        json_object_object_add(j, "ack_by", f->acked ? json_object_new_string(by) : NULL);
        json_object_object_add(j, "ack_note", f->acked ? json_object_new_string(note) : NULL);
        json_object_array_add(o->array, j);
        break;
    }
    }
}

static int cmd_flags(struct ctl *c, int argc, char **argv)
{
    struct option_spec opts[] = {{"date", true, NULL}, {"format", true, NULL}, {NULL}};
    char *pos[1];
    int n = parse_args(argc, argv, pos, 0, opts);
    if (n < 0)
        return EXIT_USAGE;
    int64_t day = today();
    if (opts[0].value && (day = parse_date(opts[0].value)) < 0)
        return ctl_usage_error("--date wants a date as YYYY-MM-DD, not \"%s\"", opts[0].value);
    struct flag_out o = {FORMAT_TABLE, NULL, 0};
    const char *fmt = opts[1].value ? opts[1].value : "table";
    if (strcmp(fmt, "csv") == 0)
        o.format = FORMAT_CSV;
    else if (strcmp(fmt, "json") == 0)
        o.format = FORMAT_JSON;
    else if (strcmp(fmt, "table") != 0)
        return ctl_usage_error("--format is table, csv or json, not \"%s\"", fmt);

    if (o.format == FORMAT_TABLE)
        printf("%-5s %-20s %-26s %-8s %-4s %-4s %-16s %s\n", "TIME", "MEMBER", "FLAG", "SEVERITY",
               "REP", "ACK", "SET", "DETAIL");
    if (o.format == FORMAT_CSV)
        for (size_t i = 0; i < sizeof csv_header / sizeof csv_header[0]; i++)
            csv_field(csv_header[i], i + 1 == sizeof csv_header / sizeof csv_header[0]);
    if (o.format == FORMAT_JSON)
        o.array = json_object_new_array();
    int rc = store_day_flags_each(c->st, day, flag_row, &o);
    if (o.format == FORMAT_JSON) {
        if (rc >= 0)
            printf("%s\n", json_object_to_json_string_ext(o.array, JSON_C_TO_STRING_PRETTY));
        json_object_put(o.array);
    }
    if (rc < 0)
        return failure("cannot read the flags");
    if (o.format == FORMAT_TABLE && o.n == 0)
        printf("(no flags that day)\n");
    return 0;
}

/* sets: the day's sets, so an operator finds a set's id for export-imu */

struct set_out {
    bool json;
    json_object *array;
    int n;
};

static void set_row_out(void *ctx, const struct set_row *r)
{
    struct set_out *o = ctx;
    char when[ISO_TIME];
    iso_time(r->started_wall_us, when);
    o->n++;
    double imu_s = r->n_samples ? (double)r->span_us / US_PER_S : 0;
    if (!o->json) {
        char reps[16], imu[16];
        snprintf(reps, sizeof reps, "%d/%d", r->reps_done, r->target_reps);
        if (r->n_samples)
            snprintf(imu, sizeof imu, "%.1f s%s", imu_s, r->truncated ? "+" : "");
        else
            snprintf(imu, sizeof imu, "-");
        char member[4 * NAME_MAX_LEN], exercise[4 * NAME_MAX_LEN];
        clean_text(r->member, member, sizeof member); /* no name rewrites the terminal */
        clean_text(r->exercise, exercise, sizeof exercise);
        printf("%-18lld %.5s %-20s %-16s %8.1f %-6s %-5s %-7s %s\n", (long long)r->key, when + 11,
               member, exercise, r->load_g / G_PER_KG, reps, r->clean ? "yes" : "no",
               r->stopped ? "stopped" : "-", imu);
        return;
    }
    json_object *j = json_object_new_object();
    json_object_object_add(j, "id", json_object_new_int64(r->key));
    json_object_object_add(j, "time", json_object_new_string(when));
    json_object_object_add(j, "member", json_object_new_string(r->member));
    json_object_object_add(j, "exercise", json_object_new_string(r->exercise));
    json_object_object_add(j, "load_g", json_object_new_int(r->load_g));
    json_object_object_add(j, "declared", json_object_new_boolean(r->declared));
    json_object_object_add(j, "reps", json_object_new_int(r->reps_done));
    json_object_object_add(j, "target_reps", json_object_new_int(r->target_reps));
    json_object_object_add(j, "clean", json_object_new_boolean(r->clean));
    json_object_object_add(j, "stopped", json_object_new_boolean(r->stopped));
    json_object_object_add(j, "imu_samples", json_object_new_int(r->n_samples));
    json_object_object_add(j, "imu_seconds", json_object_new_double(imu_s));
    json_object_object_add(j, "imu_truncated", json_object_new_boolean(r->truncated));
    json_object_array_add(o->array, j);
}

static int cmd_sets(struct ctl *c, int argc, char **argv)
{
    struct option_spec opts[] = {{"date", true, NULL}, {"format", true, NULL}, {NULL}};
    char *pos[1];
    int n = parse_args(argc, argv, pos, 0, opts);
    if (n < 0)
        return EXIT_USAGE;
    int64_t day = today();
    if (opts[0].value && (day = parse_date(opts[0].value)) < 0)
        return ctl_usage_error("--date wants a date as YYYY-MM-DD, not \"%s\"", opts[0].value);
    const char *fmt = opts[1].value ? opts[1].value : "table";
    struct set_out o = {strcmp(fmt, "json") == 0, NULL, 0};
    if (!o.json && strcmp(fmt, "table") != 0)
        return ctl_usage_error("--format is table or json, not \"%s\"", fmt);
    if (o.json)
        o.array = json_object_new_array();
    else
        printf("%-18s %-5s %-20s %-16s %8s %-6s %-5s %-7s %s\n", "ID", "TIME", "MEMBER", "EXERCISE",
               "LOAD kg", "REPS", "CLEAN", "STOPPED", "BAR SAMPLES");
    int rc = store_day_sets_each(c->st, day, set_row_out, &o);
    if (o.json) {
        if (rc >= 0)
            printf("%s\n", json_object_to_json_string_ext(o.array, JSON_C_TO_STRING_PRETTY));
        json_object_put(o.array);
    }
    if (rc < 0)
        return failure("cannot read the sets");
    if (!o.json && o.n == 0)
        printf("(no sets that day)\n");
    return 0;
}

/* MEMBER EXERCISE KG, shared by start-load and override. */
static int member_exercise_load(struct ctl *c, char **pos, struct member_row *m,
                                struct exercise *ex, int32_t *load_g)
{
    *load_g = parse_kg(pos[2]);
    if (*load_g < 0)
        return ctl_usage_error("KG wants a load in kilograms such as 62.5, not \"%s\"", pos[2]);
    int rc = find_member(c, pos[0], m);
    if (rc == 0)
        rc = find_exercise(c, pos[1], ex);
    return rc;
}

static int cmd_start_load(struct ctl *c, int argc, char **argv)
{
    char *pos[3];
    int n = parse_args(argc, argv, pos, 3, NULL);
    if (n < 0)
        return EXIT_USAGE;
    if (n != 3)
        return ctl_usage_error("usage: start-load MEMBER EXERCISE KG");
    struct member_row m;
    struct exercise ex;
    int32_t load_g;
    int rc = member_exercise_load(c, pos, &m, &ex, &load_g);
    if (rc != 0)
        return rc;
    char err[STORE_ERR_MAX];
    if (store_set_start_load(c->st, m.id, ex.id, load_g, err) != 0)
        return failure(err);
    printf("start load for %s, %s: %.1f kg\n", m.name, ex.name, load_g / G_PER_KG);
    return 0;
}

static int cmd_override(struct ctl *c, int argc, char **argv)
{
    struct option_spec opts[] = {
        {"reason", true, NULL}, {"by", true, NULL}, {"date", true, NULL}, {NULL}};
    char *pos[3];
    int n = parse_args(argc, argv, pos, 3, opts);
    if (n < 0)
        return EXIT_USAGE;
    if (n != 3 || !opts[0].value || !opts[1].value)
        return ctl_usage_error("usage: override MEMBER EXERCISE KG --reason TEXT --by TRAINER");
    int64_t day = today();
    if (opts[2].value && (day = parse_date(opts[2].value)) < 0)
        return ctl_usage_error("--date wants a date as YYYY-MM-DD, not \"%s\"", opts[2].value);
    struct member_row m, by;
    struct exercise ex;
    int32_t load_g;
    int rc = member_exercise_load(c, pos, &m, &ex, &load_g);
    if (rc == 0)
        rc = find_member(c, opts[1].value, &by);
    if (rc != 0)
        return rc;
    char err[STORE_ERR_MAX];
    if (store_set_override(c->st, m.id, ex.id, day, load_g, opts[0].value, by.id, err) != 0)
        return failure(err);
    printf("cap for %s, %s: %.1f kg on that day (by %s)\n", m.name, ex.name, load_g / G_PER_KG,
           by.name);
    return 0;
}

static int cmd_backup(struct ctl *c, int argc, char **argv)
{
    if (argc != 1)
        return ctl_usage_error("usage: backup FILE");
    char err[STORE_ERR_MAX];
    if (store_backup(c->st, argv[0], err) != 0)
        return failure(err);
    printf("backed up to %s\n", argv[0]);
    return 0;
}

/*
 * The database the kiosk uses: --data-dir when given; else the service's, when it is
 * there (one the operator may not read is an error, never a reason to make a new empty
 * database elsewhere); else the per-user one a kiosk started by hand uses.
 */
static int find_database(const char *data_dir, char dir[PATH_MAX], char path[PATH_MAX],
                         char err[STORE_ERR_MAX])
{
    const char *service = getenv("RACKSIDE_SERVICE_DATA_DIR"); /* tests; the unit's own dir */
    if (!service || !*service)
        service = SERVICE_DATA_DIR;
    struct stat sb;
    if (data_dir) {
        snprintf(dir, PATH_MAX, "%s", data_dir);
    } else if (stat(service, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        snprintf(dir, PATH_MAX, "%s", service);
        if (access(service, R_OK | X_OK) != 0) {
            snprintf(err, STORE_ERR_MAX,
                     "the service's database is in %s, which you may not read: run as root "
                     "or as the rackside user (sudo -u rackside rackside-ctl ...), or pass "
                     "--data-dir DIR",
                     service);
            return -1;
        }
    } else if (store_default_data_dir(dir, PATH_MAX) != 0) {
        snprintf(err, STORE_ERR_MAX, "cannot find the data directory: set HOME or use --data-dir");
        return -1;
    }
    if (store_db_path(dir, path, PATH_MAX) != 0) {
        snprintf(err, STORE_ERR_MAX, "the data directory's path is too long");
        return -1;
    }
    return 0;
}

/* The PIN length the kiosk's keypad takes, from the settings the service reads. */
static int keypad_digits(const char *config_path)
{
    struct config cfg;
    config_default(&cfg);
    char err[CONFIG_ERR_MAX];
    if (config_load(config_path, &cfg, err) != 0) {
        fprintf(stderr, "rackside-ctl: %s; PINs of %d digits as by default\n", err,
                cfg.rules.pin_digits);
        config_default(&cfg);
    }
    return cfg.rules.pin_digits;
}

static int cmd_export_imu(struct ctl *c, int argc, char **argv)
{
    return ctl_export_imu(c->st, argc, argv);
}

/* The analyser reads a file only: no database is opened (c->st is NULL). */
static int cmd_analyze_imu(struct ctl *c, int argc, char **argv)
{
    (void)c;
    return ctl_analyze_imu(argc, argv);
}

static int cmd_calibrate(struct ctl *c, int argc, char **argv)
{
    return plate_cmd_calibrate(c->st, argc, argv);
}

/* server push: the only server command that reads the local database */
static int cmd_server_push(struct ctl *c, int argc, char **argv)
{
    return server_push_cmd(c->st, c->config_path, argc, argv);
}

static const struct {
    const char *name;
    int (*run)(struct ctl *c, int argc, char **argv);
    bool no_store;
} commands[] = {
    {"member", cmd_member},
    {"badge", cmd_badge},
    {"members", cmd_members},
    {"exercises", cmd_exercises},
    {"flags", cmd_flags},
    {"sets", cmd_sets},
    {"start-load", cmd_start_load},
    {"override", cmd_override},
    {"backup", cmd_backup},
    {"export-imu", cmd_export_imu},
    {"analyze-imu", cmd_analyze_imu, true},
    {"calibrate", cmd_calibrate},
    {"server", cmd_server_push}, /* gym server */
};

int main(int argc, char **argv)
{
    const char *data_dir = NULL, *config_path = NULL;
    int i = 1;
    for (; i < argc && strncmp(argv[i], "-", 1) == 0; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage_text, stdout);
            return 0;
        }
        if (strcmp(argv[i], "--data-dir") == 0 && i + 1 < argc) {
            data_dir = argv[++i];
            continue;
        }
        if (strcmp(argv[i], "--data-dir") == 0)
            return ctl_usage_error("--data-dir needs a directory");
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            config_path = argv[++i];
            continue;
        }
        if (strcmp(argv[i], "--config") == 0)
            return ctl_usage_error("--config needs a file");
        return ctl_usage_error("unknown option %s", argv[i]);
    }
    if (i == argc)
        return ctl_usage_error("no command given");
    const char *name = argv[i];
    if (strcmp(name, "help") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(name, "analyze-plate") == 0) /* a file, no database */
        return plate_cmd_analyze(argc - i - 1, argv + i + 1);
    /* --- gym server: PostgreSQL, no local database --- */
    if (strcmp(name, "server") == 0 && !(i + 1 < argc && strcmp(argv[i + 1], "push") == 0)) {
        for (int k = i + 1; k < argc; k++)
            if (strcmp(argv[k], "--help") == 0) {
                fputs(usage_text, stdout);
                return 0;
            }
        return server_cmd(config_path ? config_path : SERVICE_CONFIG, argc - i - 1, argv + i + 1);
    }
    /* --- end of gym server --- */
    int cmd = -1;
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (strcmp(commands[k].name, name) == 0)
            cmd = (int)k;
    if (cmd < 0 && strcmp(name, "bar-info") != 0)
        return ctl_usage_error("unknown command \"%s\"", name);
    for (int k = i + 1; k < argc; k++)
        if (strcmp(argv[k], "--help") == 0) {
            fputs(usage_text, stdout);
            return 0;
        }
    if (strcmp(name, "bar-info") == 0) /* the unit, not the database */
        return ctl_bar_info(argc - i - 1, argv + i + 1);

    struct ctl c = {.config_path = config_path ? config_path : SERVICE_CONFIG};
    if (commands[cmd].no_store)
        return commands[cmd].run(&c, argc - i - 1, argv + i + 1);
    char dir[PATH_MAX], path[PATH_MAX], err[STORE_ERR_MAX];
    int rc = find_database(data_dir, dir, path, err);
    if (rc != 0)
        return failure(err);
    if (!data_dir) /* found, not given: say which, so nobody edits the wrong one */
        fprintf(stderr, "rackside-ctl: database %s\n", path);
    if (store_make_data_dir(dir, err) != 0)
        return failure(err);
    c.pin_digits = keypad_digits(c.config_path);
    if (sodium_init() < 0)
        return failure("cannot start libsodium");
    c.st = store_open(path, false, err);
    if (!c.st)
        return failure(err);
    struct rules defaults;
    rules_default(&defaults);
    store_set_day_start(c.st, defaults.day_start_min); /* --date means that gym day */
    rc = commands[cmd].run(&c, argc - i - 1, argv + i + 1);
    store_close(c.st);
    return rc;
}
