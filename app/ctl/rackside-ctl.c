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
#include "../core/prefs.h"
#include "../store/records.h"
#include "../store/store.h"
#include "actions_cmd.h"
#include "allowed.h"
#include "bar_info.h"
#include "calibrations_cmd.h"
#include "ctl_out.h"
#include "ctl_parse.h"
#include "imu.h"
#include "plate_cmds.h"
#include "records_cmds.h"
#include "screening_cmds.h"
#include "server_cmds.h"

#define EXIT_FAIL        1
#define EXIT_USAGE       2
#define G_PER_KG         1000.0
#define US_PER_S         1000000LL
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
    "  flags [--date D | --from D --to D] [--format table|csv|json] [--no-health]\n"
    "                                          the day's flags (default today, table);\n"
    "                                          dates are YYYY-MM-DD\n"
    "  start-load MEMBER EXERCISE KG [--by TRAINER]\n"
    "                                          load to start from with no history (KG: 62.5,\n"
    "                                          or pounds as 135lb)\n"
    "  override MEMBER EXERCISE KG --reason TEXT --by TRAINER [--date YYYY-MM-DD]\n"
    "                                          lift a cap for one day, with a reason; the\n"
    "                                          rack rounds it down to its plates\n"
    "  clear-screening MEMBER --reason TEXT --by TRAINER\n"
    "                                          let a lifter whose enrolment screen had a yes\n"
    "                                          lift, with a reason\n" SCREENING_CMDS_USAGE
    "  prefs MEMBER [--lang en|es|de|rack] [--unit kg|lb|rack] [--text normal|large|rack]\n"
    "                                          a member's own language, unit and text size\n"
    "                                          at every rack (rack: the rack's); none given:\n"
    "                                          show them\n"
    "  sets [--date D] [--member NAME [--from D --to D]] [--format table|csv|json]\n"
    "                                          the day's sets with their ids (default today),\n"
    "                                          or one member's\n"
    "  export-imu SET_ID FILE.csv [--force]    a set's recorded bar samples as a trace file\n"
    "  analyze-imu FILE.csv --exercise squat|bench|press|deadlift|row [--unit-ref F] [--json]\n"
    "                                          reps, phases and velocities in a trace file\n"
    "                                          (--unit-ref: the .unit.json export-imu "
    "wrote)\n" ALLOWED_USAGE
    "  backup FILE                             copy the database to a new file "
    "(online)\n" RECORDS_CMDS_USAGE ACTIONS_CMD_USAGE CALIBRATIONS_CMD_USAGE ACK_CMD_USAGE
    "  bar-info [--seconds N]                  the USB bar unit's info, and frames received\n"
    "                                          and lost over N s (default 2; stop the "
    "kiosk)\n" PLATE_CMDS_USAGE SERVER_CMDS_USAGE
    "  help                                    this text\n"
    "\n"
    "The database is DIR/" STORE_DB_FILE ". Without --data-dir: the service's\n"
    "" SERVICE_DATA_DIR " when it exists, else $XDG_DATA_HOME/rackside or\n"
    "~/.local/share/rackside (where the kiosk keeps it when started by hand). Every\n"
    "command says which database it uses. FILE (default " SERVICE_CONFIG ") gives\n"
    "the PIN length the kiosk's keypad takes (pin_digits), and with [server] the gym\n"
    "server: member, badge, members, start-load, override, clear-screening, prefs\n"
    "and ack sync with it first and after; flags, sets, checkins, report and\n"
    "allowed --member sync first, so they show the gym's records.\n";

struct ctl {
    struct store *st;
    int pin_digits; /* what the kiosk's keypad takes, from its settings */
    const char *config_path;
    const char *data_dir; /* --data-dir, NULL when not given */
};

/* "2025-03-01" -> local day number; -1 when not a calendar date. */
static int64_t parse_date(const char *s)
{
    return ctl_parse_day(s);
}

/* The gym's day now, with the kiosk's default boundary (04:00), so an override set at
 * 01:00 is for the evening's lifters, as the kiosk sees it. */
static int64_t today(void)
{
    struct rules r;
    rules_default(&r);
    return store_gym_day((int64_t)time(NULL) * US_PER_S, r.day_start_min);
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
        return ctl_fail(err);
    return 0;
}

static int find_exercise(struct ctl *c, const char *id_or_name, struct exercise *out)
{
    struct exercise ex[SESSION_MAX_EXERCISES];
    int n = store_exercises(c->st, ex, SESSION_MAX_EXERCISES);
    if (n < 0)
        return ctl_fail("cannot read the exercises");
    for (int i = 0; i < n; i++) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)ex[i].id);
        /* the row id, the catalogue's id ("squat", as allowed --exercise takes it) or the name */
        if (strcmp(id, id_or_name) == 0 || (ex[i].key[0] && strcmp(ex[i].key, id_or_name) == 0) ||
            strcasecmp(ex[i].name, id_or_name) == 0) {
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
    struct ctl_option opts[] = {{"trainer", false, NULL}, {"pin", true, NULL}, {NULL}};
    char *pos[2];
    int n = ctl_parse_args(argc, argv, pos, 2, opts);
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
        return ctl_fail(err);
    printf("added %s \"%s\" with id %lld\n", trainer ? "trainer" : "lifter", pos[1], (long long)id);
    if (trainer && !opts[1].value)
        printf("PIN %s (shown this once: give it to the trainer; then badge add UID \"%s\")\n", pin,
               pos[1]);
    return 0;
}

static int cmd_badge(struct ctl *c, int argc, char **argv)
{
    char *pos[3];
    int n = ctl_parse_args(argc, argv, pos, 3, NULL);
    if (n < 0)
        return EXIT_USAGE;
    char err[STORE_ERR_MAX];
    if (n == 3 && strcmp(pos[0], "add") == 0) {
        struct member_row m;
        int rc = find_member(c, pos[2], &m);
        if (rc != 0)
            return rc;
        if (store_badge_add(c->st, pos[1], m.id, err) != 0)
            return ctl_fail(err);
        printf("badge %s belongs to %s (id %lld)\n", pos[1], m.name, (long long)m.id);
        return 0;
    }
    if (n == 2 && strcmp(pos[0], "remove") == 0) {
        if (store_badge_remove(c->st, pos[1], err) != 0)
            return ctl_fail(err);
        printf("badge %s removed\n", pos[1]);
        return 0;
    }
    return ctl_usage_error("usage: badge add UID MEMBER | badge remove UID");
}

static void print_member(void *ctx, const struct member_row *row)
{
    (void)ctx;
    char created[CTL_ISO_TIME], name[4 * NAME_MAX_LEN];
    ctl_iso_time(row->created_wall_us, created);
    created[10] = '\0'; /* the date is enough here */
    printf("%-5lld %-28s %-8s %-10s %s\n", (long long)row->id,
           clean_text(row->name, name, sizeof name), role_name(row->role), created,
           row->badges[0] ? row->badges : "-");
}

static int cmd_members(struct ctl *c, int argc, char **argv)
{
    if (argc > 0 && strcmp(argv[0], "import") == 0)
        return ctl_members_import(c->st, c->pin_digits, argc - 1, argv + 1);
    if (argc != 0)
        return ctl_usage_error("members takes no arguments");
    printf("%-5s %-28s %-8s %-10s %s\n", "ID", "NAME", "ROLE", "ADDED", "BADGES");
    if (store_members(c->st, print_member, NULL) < 0)
        return ctl_fail("cannot list members");
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
        return ctl_fail("cannot read the exercises");
    printf("%-4s %-20s %-6s %-9s %-5s %s\n", "ID", "NAME", "BODY", "LOAD", "WORK", "KEY");
    for (int i = 0; i < n; i++)
        printf("%-4lld %-20s %-6s %-9s %dx%-3d %s\n", (long long)ex[i].id, ex[i].name,
               ex[i].upper_body ? "upper" : "lower", ex[i].on_plate ? "plate" : "declared",
               ex[i].work_sets, ex[i].target_reps, ex[i].key[0] ? ex[i].key : "-");
    return 0;
}

/* flags: one writer per format, each called per flag */

enum flag_format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

struct flag_out {
    enum flag_format format;
    json_object *array;
    int n;
    bool dates; /* the table spans days: its first column is the date */
};

static const char *const csv_header[] = {"id",       "time",     "member",  "kind",   "label",
                                         "severity", "rep",      "set_key", "detail", "acked",
                                         "ack_by",   "ack_note", "rack"};

static void flag_row(void *ctx, const struct flag_view *f, int rep)
{
    struct flag_out *o = ctx;
    char when[CTL_ISO_TIME];
    ctl_iso_time(f->t_wall_us, when);
    char member[4 * NAME_MAX_LEN], detail[4 * NOTE_MAX_LEN], note[4 * NOTE_MAX_LEN],
        by[4 * NAME_MAX_LEN], rack[4 * FLAG_RACK_MAX];
    clean_text(f->member, member, sizeof member);
    clean_text(f->rack, rack, sizeof rack);
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
        /* the id first: what ack FLAG_ID takes */
        printf("%-6lld ", (long long)f->id);
        if (o->dates) /* the table spans days: the date before the time */
            printf("%.5s ", when + 5);
        /* the rack that raised it, with a gym server ("-": this rack) */
        printf("%.5s %-20s %-10s %-26s %-8s %-4d %-4s %-16s %s%s%s\n", when + 11, member,
               f->rack[0] ? rack : "-", flag_kind_label(f->kind), severity_label(f->severity), rep,
               f->acked ? "yes" : "no", set, detail, f->acked && note[0] ? " | ack: " : "",
               f->acked ? note : "");
        break;
    }
    case FORMAT_CSV:
        ctl_csv_int(f->id, false);
        ctl_csv_field(when, false);
        ctl_csv_text(f->member, false);
        ctl_csv_field(flag_kind_id(f->kind), false);
        ctl_csv_field(flag_kind_label(f->kind), false);
        ctl_csv_field(severity_label(f->severity), false);
        ctl_csv_int(rep, false);
        ctl_csv_int(f->set_key, false);
        ctl_csv_text(f->detail, false);
        ctl_csv_field(f->acked ? "yes" : "no", false);
        ctl_csv_text(f->ack_by, false);
        ctl_csv_text(f->ack_note, false);
        ctl_csv_text(f->rack, true);
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
        json_object_object_add(j, "rack", f->rack[0] ? json_object_new_string(rack) : NULL);
        json_object_array_add(o->array, j);
        break;
    }
    }
}

/* Counts the flags that quote a health answer (pain, red flags). */
static void count_health_flag(void *ctx, const struct flag_view *f, int rep)
{
    (void)rep;
    if (ctl_is_health_flag(f->kind))
        (*(int *)ctx)++;
}

/* Only the flags that quote no health answer (flags --no-health). */
struct flag_filter {
    struct flag_out *out;
    bool no_health;
};

static void flag_filtered(void *ctx, const struct flag_view *f, int rep)
{
    struct flag_filter *ff = ctx;
    if (!ff->no_health || !ctl_is_health_flag(f->kind))
        flag_row(ff->out, f, rep);
}

static int cmd_flags(struct ctl *c, int argc, char **argv)
{
    struct ctl_option opts[] = {{"date", true, NULL},       {"format", true, NULL},
                                {"from", true, NULL},       {"to", true, NULL},
                                {"no-health", false, NULL}, {NULL}};
    char *pos[1];
    int n = ctl_parse_args(argc, argv, pos, 0, opts);
    if (n < 0)
        return EXIT_USAGE;
    struct ctl_range r;
    int rc = ctl_parse_range(opts[0].value, opts[2].value, opts[3].value, today(), &r);
    if (rc != 0)
        return rc;
    struct flag_out o = {FORMAT_TABLE, NULL, 0};
    const char *fmt = opts[1].value ? opts[1].value : "table";
    if (strcmp(fmt, "csv") == 0)
        o.format = FORMAT_CSV;
    else if (strcmp(fmt, "json") == 0)
        o.format = FORMAT_JSON;
    else if (strcmp(fmt, "table") != 0)
        return ctl_usage_error("--format is table, csv or json, not \"%s\"", fmt);
    bool no_health = opts[4].value != NULL;

    int health = 0;
    if (!no_health &&
        store_flags_range_each(c->st, r.from_day, r.to_day, count_health_flag, &health) < 0)
        return ctl_fail("cannot read the flags");
    if (health > 0 && o.format == FORMAT_TABLE) /* said first, as the CSV does */
        printf("%s\n", CTL_HEALTH_NOTICE);
    if (health > 0 && o.format == FORMAT_CSV)
        printf("%s\n", CTL_HEALTH_NOTICE_CSV);
    if (o.format == FORMAT_TABLE)
        printf("%-6s %-*s %-20s %-10s %-26s %-8s %-4s %-4s %-16s %s\n", "ID", r.days > 1 ? 11 : 5,
               r.days > 1 ? "DATE  TIME" : "TIME", "MEMBER", "RACK", "FLAG", "SEVERITY", "REP",
               "ACK", "SET", "DETAIL");
    if (o.format == FORMAT_CSV)
        for (size_t i = 0; i < sizeof csv_header / sizeof csv_header[0]; i++)
            ctl_csv_field(csv_header[i], i + 1 == sizeof csv_header / sizeof csv_header[0]);
    if (o.format == FORMAT_JSON)
        o.array = json_object_new_array();
    o.dates = r.days > 1;
    struct flag_filter ff = {&o, no_health};
    rc = store_flags_range_each(c->st, r.from_day, r.to_day, flag_filtered, &ff);
    if (o.format == FORMAT_JSON) {
        if (rc >= 0)
            ctl_json_export(health > 0, no_health, "flags", o.array); /* says it first */
        json_object_put(o.array);
    }
    if (rc < 0)
        return ctl_fail("cannot read the flags");
    if (o.format == FORMAT_TABLE && o.n == 0)
        printf("(no flags %s)\n", r.days > 1 ? "in those days" : "that day");
    return 0;
}

/* sets: the day's sets, so an operator finds a set's id for export-imu; or one member's */

struct set_out {
    enum flag_format format;
    json_object *array;
    int n;
};

static const char *const set_csv_header[] = {"id",      "time",     "member",      "exercise",
                                             "load_kg", "declared", "reps",        "target_reps",
                                             "clean",   "stopped",  "imu_samples", "imu_seconds",
                                             "uid",     "rack",     "bar_unit"};

static void set_row_csv(const struct set_row *r, const char *when, double imu_s)
{
    char num[32];
    ctl_csv_int(r->key, false);
    ctl_csv_field(when, false);
    ctl_csv_text(r->member, false);
    ctl_csv_text(r->exercise, false);
    snprintf(num, sizeof num, "%.3f", r->load_g / G_PER_KG);
    ctl_csv_field(num, false);
    ctl_csv_field(r->declared ? "yes" : "no", false);
    ctl_csv_int(r->reps_done, false);
    ctl_csv_int(r->target_reps, false);
    ctl_csv_field(r->clean ? "yes" : "no", false);
    ctl_csv_field(r->stopped ? "yes" : "no", false);
    ctl_csv_int(r->n_samples, false);
    snprintf(num, sizeof num, "%.3f", imu_s);
    ctl_csv_field(num, false);
    ctl_csv_field(r->uid, false);
    ctl_csv_text(r->rack, false);
    ctl_csv_text(r->bar_unit, true);
}

static void set_row_out(void *ctx, const struct set_row *r)
{
    struct set_out *o = ctx;
    char when[CTL_ISO_TIME];
    ctl_iso_time(r->started_wall_us, when);
    o->n++;
    double imu_s = r->n_samples ? (double)r->span_us / US_PER_S : 0;
    if (o->format == FORMAT_CSV) {
        set_row_csv(r, when, imu_s);
        return;
    }
    if (o->format == FORMAT_TABLE) {
        char reps[16], imu[16];
        snprintf(reps, sizeof reps, "%d/%d", r->reps_done, r->target_reps);
        if (r->n_samples)
            snprintf(imu, sizeof imu, "%.1f s%s", imu_s, r->truncated ? "+" : "");
        else
            snprintf(imu, sizeof imu, "-");
        char member[4 * NAME_MAX_LEN], exercise[4 * NAME_MAX_LEN], rack[4 * FLAG_RACK_MAX];
        clean_text(r->member, member, sizeof member); /* no name rewrites the terminal */
        clean_text(r->exercise, exercise, sizeof exercise);
        clean_text(r->rack, rack, sizeof rack);
        /* the rack it was lifted at, with a gym server ("-": this rack) */
        printf("%-18lld %.5s %-20s %-16s %8.1f %-6s %-5s %-7s %-11s %s\n", (long long)r->key,
               when + 11, member, exercise, r->load_g / G_PER_KG, reps, r->clean ? "yes" : "no",
               r->stopped ? "stopped" : "-", imu, r->rack[0] ? rack : "-");
        return;
    }
    char member[4 * NAME_MAX_LEN], exercise[4 * NAME_MAX_LEN];
    json_object *j = json_object_new_object();
    json_object_object_add(j, "id", json_object_new_int64(r->key));
    json_object_object_add(j, "time", json_object_new_string(when));
    json_object_object_add(j, "member",
                           json_object_new_string(clean_text(r->member, member, sizeof member)));
    json_object_object_add(
        j, "exercise", json_object_new_string(clean_text(r->exercise, exercise, sizeof exercise)));
    json_object_object_add(j, "load_g", json_object_new_int(r->load_g));
    json_object_object_add(j, "declared", json_object_new_boolean(r->declared));
    json_object_object_add(j, "reps", json_object_new_int(r->reps_done));
    json_object_object_add(j, "target_reps", json_object_new_int(r->target_reps));
    json_object_object_add(j, "clean", json_object_new_boolean(r->clean));
    json_object_object_add(j, "stopped", json_object_new_boolean(r->stopped));
    json_object_object_add(j, "imu_samples", json_object_new_int(r->n_samples));
    json_object_object_add(j, "imu_seconds", json_object_new_double(imu_s));
    json_object_object_add(j, "imu_truncated", json_object_new_boolean(r->truncated));
    /* its id in the whole gym, and the rack it was lifted at (null: this rack) */
    json_object_object_add(j, "uid", json_object_new_string(r->uid));
    char rack[4 * FLAG_RACK_MAX];
    json_object_object_add(
        j, "rack",
        r->rack[0] ? json_object_new_string(clean_text(r->rack, rack, sizeof rack)) : NULL);
    /* the bar unit that recorded its samples, by serial (null: none recorded, or unknown) */
    char unit[4 * BAR_UNIT_ID_MAX];
    json_object_object_add(
        j, "bar_unit",
        r->bar_unit[0] ? json_object_new_string(clean_text(r->bar_unit, unit, sizeof unit)) : NULL);
    json_object_array_add(o->array, j);
}

static int cmd_sets(struct ctl *c, int argc, char **argv)
{
    struct ctl_option opts[] = {{"date", true, NULL},   {"format", true, NULL},
                                {"member", true, NULL}, {"from", true, NULL},
                                {"to", true, NULL},     {NULL}};
    char *pos[1];
    int n = ctl_parse_args(argc, argv, pos, 0, opts);
    if (n < 0)
        return EXIT_USAGE;
    struct ctl_range r;
    int rc = ctl_parse_range(opts[0].value, opts[3].value, opts[4].value, today(), &r);
    if (rc != 0)
        return rc;
    const char *fmt = opts[1].value ? opts[1].value : "table";
    struct set_out o = {FORMAT_TABLE, NULL, 0};
    if (strcmp(fmt, "json") == 0)
        o.format = FORMAT_JSON;
    else if (strcmp(fmt, "csv") == 0)
        o.format = FORMAT_CSV;
    else if (strcmp(fmt, "table") != 0)
        return ctl_usage_error("--format is table, csv or json, not \"%s\"", fmt);
    struct member_row m = {0};
    if (opts[2].value && (rc = find_member(c, opts[2].value, &m)) != 0)
        return rc;
    /* --member alone: everything on record for that member */
    if (opts[2].value && !opts[0].value && !opts[3].value && !opts[4].value)
        r.from_day = 0;
    if (o.format == FORMAT_JSON)
        o.array = json_object_new_array();
    else if (o.format == FORMAT_CSV)
        for (size_t i = 0; i < sizeof set_csv_header / sizeof set_csv_header[0]; i++)
            ctl_csv_field(set_csv_header[i],
                          i + 1 == sizeof set_csv_header / sizeof set_csv_header[0]);
    else
        printf("%-18s %-5s %-20s %-16s %8s %-6s %-5s %-7s %-11s %s\n", "ID", "TIME", "MEMBER",
               "EXERCISE", "LOAD kg", "REPS", "CLEAN", "STOPPED", "BAR SAMPLES", "RACK");
    /* one day without a member: the calendar day, as before (sets lists what export-imu
     * takes); a member or a range: gym days */
    if (!opts[2].value && !opts[3].value && !opts[4].value)
        rc = store_day_sets_each(c->st, r.from_day, set_row_out, &o);
    else
        rc = store_member_sets_each(c->st, m.id, r.from_day, r.to_day, set_row_out, &o);
    if (o.format == FORMAT_JSON) {
        if (rc >= 0)
            printf("%s\n", json_object_to_json_string_ext(o.array, JSON_C_TO_STRING_PRETTY));
        json_object_put(o.array);
    }
    if (rc < 0)
        return ctl_fail("cannot read the sets");
    if (o.format == FORMAT_TABLE && o.n == 0)
        printf("(no sets %s)\n", r.days > 1 || opts[2].value ? "in those days" : "that day");
    return 0;
}

/* MEMBER EXERCISE LOAD, shared by start-load and override: kilograms, or pounds with lb
 * after them (225lb), said back in the unit given. */
static int member_exercise_load(struct ctl *c, char **pos, struct member_row *m,
                                struct exercise *ex, int32_t *load_g, char *said, size_t said_n)
{
    bool lb = false;
    *load_g = ctl_parse_load(pos[2], &lb);
    if (*load_g < 0)
        return ctl_usage_error("KG wants a load in kilograms such as 62.5 (or pounds: 135lb), "
                               "not \"%s\"",
                               pos[2]);
    plates_format(lb ? RACK_LB : RACK_KG, *load_g, said, said_n);
    int rc = find_member(c, pos[0], m);
    if (rc == 0)
        rc = find_exercise(c, pos[1], ex);
    return rc;
}

static int cmd_start_load(struct ctl *c, int argc, char **argv)
{
    struct ctl_option opts[] = {{"by", true, NULL}, {NULL}};
    char *pos[3];
    int n = ctl_parse_args(argc, argv, pos, 3, opts);
    if (n < 0)
        return EXIT_USAGE;
    if (n != 3)
        return ctl_usage_error("usage: start-load MEMBER EXERCISE KG [--by TRAINER]");
    struct member_row m, by = {0};
    struct exercise ex;
    int32_t load_g;
    char said[32];
    int rc = member_exercise_load(c, pos, &m, &ex, &load_g, said, sizeof said);
    if (rc == 0 && opts[0].value)
        rc = find_member(c, opts[0].value, &by);
    if (rc != 0)
        return rc;
    if (opts[0].value && by.role != ROLE_TRAINER)
        return ctl_usage_error("--by names a trainer; %s is not one", by.name);
    char err[STORE_ERR_MAX];
    if (store_set_start_load(c->st, m.id, ex.id, load_g, by.id, err) != 0)
        return ctl_fail(err);
    if (by.id)
        printf("start load for %s, %s: %s (by %s)\n", m.name, ex.name, said, by.name);
    else
        printf("start load for %s, %s: %s\n", m.name, ex.name, said);
    return 0;
}

static int cmd_override(struct ctl *c, int argc, char **argv)
{
    struct ctl_option opts[] = {
        {"reason", true, NULL}, {"by", true, NULL}, {"date", true, NULL}, {NULL}};
    char *pos[3];
    int n = ctl_parse_args(argc, argv, pos, 3, opts);
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
    char said[32];
    int rc = member_exercise_load(c, pos, &m, &ex, &load_g, said, sizeof said);
    if (rc == 0)
        rc = find_member(c, opts[1].value, &by);
    if (rc != 0)
        return rc;
    char err[STORE_ERR_MAX];
    if (store_set_override(c->st, m.id, ex.id, day, load_g, opts[0].value, by.id, err) != 0)
        return ctl_fail(err);
    printf("cap for %s, %s: %s on that day, rounded down to the rack's plates (by %s)\n", m.name,
           ex.name, said, by.name);
    return 0;
}

/* --- the enrolment screen (core/screening.h): a trainer's clearance of a yes --- */
static int cmd_clear_screening(struct ctl *c, int argc, char **argv)
{
    struct ctl_option opts[] = {{"reason", true, NULL}, {"by", true, NULL}, {NULL}};
    char *pos[1];
    int n = ctl_parse_args(argc, argv, pos, 1, opts);
    if (n < 0)
        return EXIT_USAGE;
    if (n != 1 || !opts[0].value || !opts[1].value)
        return ctl_usage_error("usage: clear-screening MEMBER --reason TEXT --by TRAINER");
    struct member_row m, by;
    int rc = find_member(c, pos[0], &m);
    if (rc == 0)
        rc = find_member(c, opts[1].value, &by);
    if (rc != 0)
        return rc;
    if (by.role != ROLE_TRAINER)
        return ctl_usage_error("--by names a trainer; %s is not one", by.name);
    char err[STORE_ERR_MAX];
    if (store_clear_screening(c->st, m.id, by.id, opts[0].value, err) != 1)
        return ctl_fail(err);
    printf("%s may lift: enrolment screen cleared by %s\n", m.name, by.name);
    return 0;
}
/* --- end of the enrolment screen --- */

/* --- a member's own language, unit and text size (core/prefs.h) --- */
static int cmd_prefs(struct ctl *c, int argc, char **argv)
{
    struct ctl_option opts[] = {
        {"lang", true, NULL}, {"unit", true, NULL}, {"text", true, NULL}, {NULL}};
    char *pos[1];
    int n = ctl_parse_args(argc, argv, pos, 1, opts);
    if (n < 0)
        return EXIT_USAGE;
    if (n != 1)
        return ctl_usage_error("usage: prefs MEMBER [--lang en|es|de|rack] [--unit kg|lb|rack] "
                               "[--text normal|large|rack]");
    const char *lang = opts[0].value;
    if (lang && strcmp(lang, "rack") != 0 && prefs_language_index(lang) < 0)
        return ctl_usage_error("--lang wants en, es, de or rack, not \"%s\"", lang);
    enum unit_pref unit = UNIT_PREF_RACK;
    if (opts[1].value && !prefs_unit_parse(opts[1].value, &unit))
        return ctl_usage_error("--unit wants kg, lb or rack, not \"%s\"", opts[1].value);
    enum text_pref text = TEXT_PREF_RACK;
    if (opts[2].value && !prefs_text_parse(opts[2].value, &text))
        return ctl_usage_error("--text wants normal, large or rack, not \"%s\"", opts[2].value);
    struct member_row m;
    int rc = find_member(c, pos[0], &m);
    if (rc != 0)
        return rc;
    struct member_profile *p = malloc(sizeof *p);
    if (!p || store_member_profile(c->st, m.id, today(), p) != 0) {
        free(p);
        return ctl_fail("cannot read the member's language, unit and text size");
    }
    char err[STORE_ERR_MAX];
    if (lang || opts[1].value || opts[2].value) {
        char new_lang[LANG_CODE_MAX];
        snprintf(new_lang, sizeof new_lang, "%s",
                 !lang                       ? p->lang
                 : strcmp(lang, "rack") == 0 ? ""
                                             : lang);
        enum unit_pref new_unit = opts[1].value ? unit : p->unit_pref;
        enum text_pref new_text = opts[2].value ? text : p->text_pref;
        if (store_set_prefs(c->st, m.id, new_lang, new_unit, new_text, err) != 0) {
            free(p);
            return ctl_fail(err);
        }
        snprintf(p->lang, sizeof p->lang, "%s", new_lang);
        p->unit_pref = new_unit;
        p->text_pref = new_text;
    }
    printf("%s: language %s, unit %s, text %s\n", m.name, p->lang[0] ? p->lang : "rack",
           prefs_unit_name(p->unit_pref), prefs_text_name(p->text_pref));
    free(p);
    return 0;
}
/* --- end of language and unit --- */

static int cmd_backup(struct ctl *c, int argc, char **argv)
{
    if (argc != 1)
        return ctl_usage_error("usage: backup FILE");
    char err[STORE_ERR_MAX];
    if (store_backup(c->st, argv[0], err) != 0)
        return ctl_fail(err);
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

static int cmd_allowed(struct ctl *c, int argc, char **argv)
{
    return ctl_allowed(c->st, c->config_path, c->data_dir, argc, argv);
}

static int cmd_calibrate(struct ctl *c, int argc, char **argv)
{
    return plate_cmd_calibrate(c->st, c->config_path, argc, argv);
}

static int cmd_actions(struct ctl *c, int argc, char **argv)
{
    return ctl_actions(c->st, today(), argc, argv);
}

static int cmd_calibrations(struct ctl *c, int argc, char **argv)
{
    return ctl_calibrations(c->st, today(), argc, argv);
}

static int cmd_checkins(struct ctl *c, int argc, char **argv)
{
    return ctl_checkins(c->st, today(), argc, argv);
}

static int cmd_screenings(struct ctl *c, int argc, char **argv)
{
    return ctl_screenings(c->st, today(), argc, argv);
}

static int cmd_report(struct ctl *c, int argc, char **argv)
{
    return ctl_report(c->st, today(), argc, argv);
}

static int cmd_restore(struct ctl *c, int argc, char **argv)
{
    return ctl_restore(c->st, argc, argv);
}

static int cmd_vacuum(struct ctl *c, int argc, char **argv)
{
    return ctl_vacuum(c->st, argc, argv);
}

static int cmd_purge_health(struct ctl *c, int argc, char **argv)
{
    return ctl_purge_health(c->st, argc, argv);
}

/* server push: the only server command that reads the local database */
static int cmd_server_push(struct ctl *c, int argc, char **argv)
{
    return server_push_cmd(c->st, c->config_path, argc, argv);
}

static int cmd_ack(struct ctl *c, int argc, char **argv)
{
    return ctl_ack(c->st, argc, argv);
}

/* With a gym server: what a command does with it (server_gym_sync). */
enum gym {
    GYM_NONE,
    GYM_READ,  /* the gym's records first: a sync before */
    GYM_WRITE, /* ... and the change on the server at its end: a sync after too */
};

static const struct {
    const char *name;
    int (*run)(struct ctl *c, int argc, char **argv);
    bool no_store;
    enum gym gym;
} commands[] = {
    {"ack", cmd_ack, .gym = GYM_WRITE},
    {"member", cmd_member, .gym = GYM_WRITE},
    {"badge", cmd_badge, .gym = GYM_WRITE},
    {"members", cmd_members, .gym = GYM_WRITE}, /* members import */
    {"exercises", cmd_exercises},
    {"flags", cmd_flags, .gym = GYM_READ},
    {"sets", cmd_sets, .gym = GYM_READ},
    {"start-load", cmd_start_load, .gym = GYM_WRITE},
    {"override", cmd_override, .gym = GYM_WRITE},
    {"clear-screening", cmd_clear_screening, .gym = GYM_WRITE},
    {"screenings", cmd_screenings},
    {"prefs", cmd_prefs, .gym = GYM_WRITE},
    {"backup", cmd_backup},
    {"export-imu", cmd_export_imu},
    {"analyze-imu", cmd_analyze_imu, true},
    {"calibrate", cmd_calibrate},
    {"checkins", cmd_checkins, .gym = GYM_READ},
    {"actions", cmd_actions},
    {"calibrations", cmd_calibrations},
    {"report", cmd_report, .gym = GYM_READ},
    {"restore", cmd_restore},
    {"vacuum", cmd_vacuum},
    {"purge-health", cmd_purge_health},
    {"allowed", cmd_allowed, .gym = GYM_READ}, /* --member */
    {"server", cmd_server_push},               /* gym server */
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
    if (strcmp(name, "server") == 0 &&
        !(i + 1 < argc && (strcmp(argv[i + 1], "push") == 0 || strcmp(argv[i + 1], "sync") == 0 ||
                           strcmp(argv[i + 1], "retry") == 0))) {
        for (int k = i + 1; k < argc; k++)
            if (strcmp(argv[k], "--help") == 0) {
                fputs(usage_text, stdout);
                return 0;
            }
        char dir[PATH_MAX], db_path[PATH_MAX];
        bool have_db = (data_dir ? snprintf(dir, sizeof dir, "%s", data_dir) < (int)sizeof dir
                                 : store_default_data_dir(dir, sizeof dir) == 0) &&
                       store_db_path(dir, db_path, sizeof db_path) == 0;
        return server_cmd(config_path ? config_path : SERVICE_CONFIG, have_db ? db_path : NULL,
                          argc - i - 1, argv + i + 1);
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

    struct ctl c = {.config_path = config_path ? config_path : SERVICE_CONFIG,
                    .data_dir = data_dir};
    if (commands[cmd].no_store ||
        (commands[cmd].run == cmd_allowed && ctl_allowed_is_offline(argc - i - 1, argv + i + 1)))
        return commands[cmd].run(&c, argc - i - 1, argv + i + 1);
    char dir[PATH_MAX], path[PATH_MAX], err[STORE_ERR_MAX];
    int rc = find_database(data_dir, dir, path, err);
    if (rc != 0)
        return ctl_fail(err);
    if (!data_dir) /* found, not given: say which, so nobody edits the wrong one */
        fprintf(stderr, "rackside-ctl: database %s\n", path);
    if (store_make_data_dir(dir, err) != 0)
        return ctl_fail(err);
    c.pin_digits = keypad_digits(c.config_path);
    if (sodium_init() < 0)
        return ctl_fail("cannot start libsodium");
    c.st = store_open(path, false, err);
    if (!c.st)
        return ctl_fail(err);
    struct rules defaults;
    rules_default(&defaults);
    store_set_day_start(c.st, defaults.day_start_min); /* --date means that gym day */
    if (commands[cmd].gym != GYM_NONE)
        server_gym_sync(c.st, c.config_path, false);
    rc = commands[cmd].run(&c, argc - i - 1, argv + i + 1);
    if (rc == 0 && commands[cmd].gym == GYM_WRITE)
        server_gym_sync(c.st, c.config_path, true);
    store_close(c.st);
    return rc;
}
