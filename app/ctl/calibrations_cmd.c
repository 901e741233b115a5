/*
 * rackside-ctl calibrations: the plate calibrations' audit over a range of gym days, from
 * the trainer's Calibrate page and from rackside-ctl calibrate alike: when, who, the known
 * weight and where it stood, the calibration replaced and the one found, the check's error
 * and the result. Holds no health answers.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "../store/records.h"
#include "calibrations_cmd.h"
#include "ctl_out.h"
#include "ctl_parse.h"

struct calibrations_out {
    enum ctl_format format;
    json_object *array;
    int n;
};

static const char *const csv_header[] = {"time",
                                         "id",
                                         "by",
                                         "source",
                                         "known_kg",
                                         "placement",
                                         "old_offset_left",
                                         "old_offset_right",
                                         "old_g_per_count_left",
                                         "old_g_per_count_right",
                                         "offset_left",
                                         "offset_right",
                                         "g_per_count_left",
                                         "g_per_count_right",
                                         "check_error_g",
                                         "result"};
#define CSV_COLUMNS ((int)(sizeof csv_header / sizeof csv_header[0]))

static const char *placement(const struct calibration_audit *a)
{
    return a->middle ? "middle" : "sides";
}

/* A number as JSON in as many digits as it holds: 0.05, not 0.050000000000000003. */
static json_object *number(double v, const char *fmt)
{
    char s[32];
    snprintf(s, sizeof s, fmt, v);
    return json_object_new_double_s(v, s);
}

static json_object *cal_json(const struct load_calibration *c)
{
    json_object *j = json_object_new_object();
    json_object_object_add(j, "offset_left", json_object_new_int(c->offset[PLATE_LEFT]));
    json_object_object_add(j, "offset_right", json_object_new_int(c->offset[PLATE_RIGHT]));
    json_object_object_add(j, "g_per_count_left", number(c->g_per_count[PLATE_LEFT], "%.9g"));
    json_object_object_add(j, "g_per_count_right", number(c->g_per_count[PLATE_RIGHT], "%.9g"));
    return j;
}

static void row_json(struct calibrations_out *o, const struct calibration_audit *a,
                     const char *when)
{
    char by[4 * NAME_MAX_LEN], result[4 * NOTE_MAX_LEN];
    store_text_clean(a->by, by, sizeof by);
    store_text_clean(a->result, result, sizeof result);
    json_object *j = json_object_new_object();
    json_object_object_add(j, "time", json_object_new_string(when));
    json_object_object_add(j, "id", a->uid[0] ? json_object_new_string(a->uid) : NULL);
    json_object_object_add(j, "by", by[0] ? json_object_new_string(by) : NULL);
    json_object_object_add(j, "source", json_object_new_string(a->source));
    json_object_object_add(j, "known_g", json_object_new_int(a->known_g));
    json_object_object_add(j, "placement", json_object_new_string(placement(a)));
    json_object_object_add(j, "old", cal_json(&a->old_cal));
    json_object_object_add(j, "new", cal_json(&a->new_cal));
    json_object_object_add(j, "check_error_g",
                           a->checked ? number(a->check_error_g, "%.1f") : NULL);
    json_object_object_add(j, "result", json_object_new_string(result));
    json_object_array_add(o->array, j);
}

static void row_csv(const struct calibration_audit *a, const char *when)
{
    char v[32];
    ctl_csv_field(when, false);
    ctl_csv_field(a->uid, false);
    ctl_csv_text(a->by, false);
    ctl_csv_field(a->source, false);
    snprintf(v, sizeof v, "%.3f", a->known_g / 1000.0);
    ctl_csv_field(v, false);
    ctl_csv_field(placement(a), false);
    const struct load_calibration *cals[2] = {&a->old_cal, &a->new_cal};
    for (int c = 0; c < 2; c++) {
        ctl_csv_int(cals[c]->offset[PLATE_LEFT], false);
        ctl_csv_int(cals[c]->offset[PLATE_RIGHT], false);
        snprintf(v, sizeof v, "%.9g", cals[c]->g_per_count[PLATE_LEFT]);
        ctl_csv_field(v, false);
        snprintf(v, sizeof v, "%.9g", cals[c]->g_per_count[PLATE_RIGHT]);
        ctl_csv_field(v, false);
    }
    v[0] = '\0';
    if (a->checked)
        snprintf(v, sizeof v, "%.1f", a->check_error_g);
    ctl_csv_field(v, false);
    ctl_csv_text(a->result, true);
}

static void row_out(void *ctx, const struct calibration_audit *a)
{
    struct calibrations_out *o = ctx;
    char when[CTL_ISO_TIME];
    ctl_iso_time(a->t_wall_us, when);
    o->n++;
    if (o->format == CTL_JSON) {
        row_json(o, a, when);
        return;
    }
    if (o->format == CTL_CSV) {
        row_csv(a, when);
        return;
    }
    char by[4 * NAME_MAX_LEN], result[4 * NOTE_MAX_LEN], check[24] = "-";
    store_text_clean(a->by, by, sizeof by);
    store_text_clean(a->result, result, sizeof result);
    if (a->checked)
        snprintf(check, sizeof check, "%+.1f g", a->check_error_g);
    printf("%-19.19s %-16.16s %-5s %7.2f kg %-6s %-10s %s\n", when, by[0] ? by : "-", a->source,
           a->known_g / 1000.0, placement(a), check, result);
}

int ctl_calibrations(struct store *st, int64_t today, int argc, char **argv)
{
    struct ctl_export x;
    int rc = ctl_parse_export(argc, argv, today, true, &x);
    if (rc != 0)
        return rc;
    struct calibrations_out o = {x.format, NULL, 0};
    if (o.format == CTL_JSON)
        o.array = json_object_new_array();
    else if (o.format == CTL_CSV)
        for (int i = 0; i < CSV_COLUMNS; i++)
            ctl_csv_field(csv_header[i], i + 1 == CSV_COLUMNS);
    else
        printf("%-19s %-16s %-5s %10s %-6s %-10s %s\n", "TIME", "BY", "FROM", "KNOWN", "PLACED",
               "CHECK", "RESULT");
    rc = store_calibrations_each(st, x.range.from_day, x.range.to_day, row_out, &o);
    if (o.format == CTL_JSON) {
        if (rc >= 0) {
            json_object *all = json_object_new_object();
            json_object_object_add(all, "calibrations", json_object_get(o.array));
            printf("%s\n", json_object_to_json_string_ext(all, JSON_C_TO_STRING_PRETTY));
            json_object_put(all);
        }
        json_object_put(o.array);
    }
    if (rc < 0)
        return ctl_fail("cannot read the calibrations");
    if (o.format == CTL_TABLE && o.n == 0)
        printf("(no calibrations)\n");
    return 0;
}
