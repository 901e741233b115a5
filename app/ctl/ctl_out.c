#include <stdio.h>
#include <string.h>
#include <time.h>

#include <csv.h>
#include <json-c/json.h>

#include "../store/store.h"
#include "ctl_out.h"
#include "ctl_parse.h"

#define US_PER_S 1000000LL

int ctl_fail(const char *msg)
{
    fprintf(stderr, "rackside-ctl: %s\n", msg);
    return 1;
}

void ctl_iso_time(int64_t wall_us, char out[CTL_ISO_TIME])
{
    time_t t = (time_t)(wall_us / US_PER_S);
    struct tm tm;
    char zone[8];
    localtime_r(&t, &tm);
    strftime(out, CTL_ISO_TIME, "%Y-%m-%dT%H:%M:%S", &tm);
    strftime(zone, sizeof zone, "%z", &tm);
    size_t n = strlen(out);
    snprintf(out + n, CTL_ISO_TIME - n, "%.3s:%.2s", zone, zone + 3);
}

void ctl_csv_field(const char *s, bool last)
{
    csv_fwrite(stdout, s, strlen(s));
    fputc(last ? '\n' : ',', stdout);
}

/* A leading = + - @ tab or CR makes a spreadsheet formula (=HYPERLINK(...)), so such a
 * field starts with an apostrophe, which spreadsheets show as text. */
void ctl_csv_text(const char *s, bool last)
{
    char clean[4 * NOTE_MAX_LEN], guarded[4 * NOTE_MAX_LEN + 2];
    store_text_clean(s, clean, sizeof clean);
    bool formula = strchr("=+-@\t\r", clean[0]) != NULL && clean[0] != '\0';
    snprintf(guarded, sizeof guarded, "%s%s", formula ? "'" : "", clean);
    ctl_csv_field(guarded, last);
}

void ctl_csv_int(long long v, bool last)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", v);
    ctl_csv_field(buf, last);
}

int64_t ctl_parse_day(const char *s)
{
    int64_t noon_s;
    if (ctl_parse_date(s, &noon_s) != 0)
        return -1;
    return store_local_day(noon_s * US_PER_S);
}

static int day_option(const char *name, const char *value, int64_t *out)
{
    if ((*out = ctl_parse_day(value)) < 0)
        return ctl_usage_error("--%s wants a date as YYYY-MM-DD, not \"%s\"", name, value);
    return 0;
}

int ctl_parse_range(const char *date, const char *from, const char *to, int64_t today,
                    struct ctl_range *out)
{
    if (date && (from || to))
        return ctl_usage_error("give --date, or --from and --to, not both");
    out->from_day = out->to_day = today;
    int rc = 0;
    if (date)
        rc = day_option("date", date, &out->from_day);
    if (date)
        out->to_day = out->from_day;
    if (from || to)
        out->from_day = 0; /* 1970: before anything on record */
    if (rc == 0 && from)
        rc = day_option("from", from, &out->from_day);
    if (rc == 0 && to)
        rc = day_option("to", to, &out->to_day);
    if (rc != 0)
        return rc;
    if (out->from_day > out->to_day)
        return ctl_usage_error("--from %s is after --to %s", from ? from : "(first day)",
                               to ? to : "(today)");
    int64_t days = out->to_day - out->from_day + 1;
    out->days = days > 1000000 ? 1000000 : (int)days;
    return 0;
}

bool ctl_is_health_flag(enum flag_kind kind)
{
    return kind == FLAG_PAIN || kind == FLAG_RED_FLAG || kind == FLAG_SCREENING;
}

int ctl_parse_export(int argc, char **argv, int64_t today, bool formats, struct ctl_export *out)
{
    struct ctl_option opts[] = {{"date", true, NULL},   {"from", true, NULL},
                                {"to", true, NULL},     {"no-health", false, NULL},
                                {"format", true, NULL}, {NULL}};
    if (!formats)
        opts[4].name = NULL; /* the option list ends before --format */
    char *pos[1];
    if (ctl_parse_args(argc, argv, pos, 0, opts) < 0)
        return CTL_EXIT_USAGE;
    int rc = ctl_parse_range(opts[0].value, opts[1].value, opts[2].value, today, &out->range);
    if (rc != 0)
        return rc;
    out->health = opts[3].value == NULL;
    const char *fmt = formats && opts[4].value ? opts[4].value : "table";
    if (strcmp(fmt, "csv") == 0)
        out->format = CTL_CSV;
    else if (strcmp(fmt, "json") == 0)
        out->format = CTL_JSON;
    else if (strcmp(fmt, "table") == 0)
        out->format = CTL_TABLE;
    else
        return ctl_usage_error("--format is table, csv or json, not \"%s\"", fmt);
    return 0;
}

void ctl_json_export(bool health, bool left_out, const char *key, struct json_object *rows)
{
    printf("{\"health_answers\": %s, \"notice\": \"%s\",\n\"%s\": %s}\n", health ? "true" : "false",
           health     ? CTL_HEALTH_NOTICE
           : left_out ? "health answers left out (--no-health)"
                      : "no health answers in this export",
           key, json_object_to_json_string_ext(rows, JSON_C_TO_STRING_PRETTY));
}
