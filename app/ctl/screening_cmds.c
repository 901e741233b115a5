#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "../core/screening.h"
#include "../store/records.h"
#include "ctl_out.h"
#include "ctl_parse.h"
#include "screening_cmds.h"

struct screening_out {
    enum ctl_format format;
    bool health;
    json_object *array;
    int n;
};

/* "1,3" (numbered as on the screen), "removed" once purged, "" no yes. */
static void yes_list(uint32_t mask, char *out, size_t n)
{
    out[0] = '\0';
    if (mask & SCREENING_YES_REMOVED) {
        snprintf(out, n, "removed");
        return;
    }
    for (int i = 0; i < SCREENING_QUESTIONS; i++)
        if (mask & (1u << i)) {
            size_t len = strlen(out);
            snprintf(out + len, n - len, "%s%d", len ? "," : "", i + 1);
        }
}

/* What the screen means for the lifter now: the decision the store keeps. */
static const char *standing(const struct screening_row *r)
{
    if (r->yes_mask == 0)
        return "no yes";
    return r->cleared_wall_us ? "cleared" : "waits for a trainer";
}

static void row_csv(const struct screening_out *o, const struct screening_row *r, const char *when,
                    const char *yes, const char *cleared)
{
    ctl_csv_field(when, false);
    ctl_csv_text(r->member, !o->health);
    if (!o->health)
        return;
    ctl_csv_field(yes, false);
    ctl_csv_field(standing(r), false);
    ctl_csv_field(cleared, false);
    ctl_csv_text(r->cleared_by, false);
    ctl_csv_text(r->reason, true);
}

static json_object *text_or_null(const char *s)
{
    char clean[1024];
    store_text_clean(s, clean, sizeof clean);
    return s[0] ? json_object_new_string(clean) : NULL;
}

static void row_json(struct screening_out *o, const struct screening_row *r, const char *when,
                     const char *cleared)
{
    json_object *j = json_object_new_object();
    json_object_object_add(j, "time", json_object_new_string(when));
    json_object_object_add(j, "member", text_or_null(r->member));
    if (o->health) {
        json_object *yes = NULL;
        if (!(r->yes_mask & SCREENING_YES_REMOVED)) {
            yes = json_object_new_array();
            for (int i = 0; i < SCREENING_QUESTIONS; i++)
                if (r->yes_mask & (1u << i))
                    json_object_array_add(yes, json_object_new_int(i + 1));
        }
        json_object_object_add(j, "yes", yes); /* null: a yes whose questions were purged */
        json_object_object_add(j, "standing", json_object_new_string(standing(r)));
        json_object_object_add(j, "cleared", cleared[0] ? json_object_new_string(cleared) : NULL);
        json_object_object_add(j, "cleared_by", text_or_null(r->cleared_by));
        json_object_object_add(j, "reason", text_or_null(r->reason));
    }
    json_object_array_add(o->array, j);
}

static void row_out(void *ctx, const struct screening_row *r)
{
    struct screening_out *o = ctx;
    char when[CTL_ISO_TIME], cleared[CTL_ISO_TIME] = "", yes[32];
    ctl_iso_time(r->t_wall_us, when);
    if (r->cleared_wall_us)
        ctl_iso_time(r->cleared_wall_us, cleared);
    yes_list(r->yes_mask, yes, sizeof yes);
    o->n++;
    if (o->format == CTL_CSV) {
        row_csv(o, r, when, yes, cleared);
        return;
    }
    if (o->format == CTL_JSON) {
        row_json(o, r, when, cleared);
        return;
    }
    char member[4 * NAME_MAX_LEN], by[4 * NAME_MAX_LEN];
    store_text_clean(r->member, member, sizeof member);
    store_text_clean(r->cleared_by, by, sizeof by);
    if (o->health)
        printf("%-16.16s %-24s %-7s %-19s %s\n", when, member, yes[0] ? yes : "-", standing(r),
               by[0] ? by : "-");
    else
        printf("%-16.16s %s\n", when, member);
}

static void begin(const struct screening_out *o)
{
    if (o->format == CTL_CSV) {
        if (o->health)
            printf("%s\ntime,member,yes,standing,cleared,cleared_by,reason\n",
                   CTL_HEALTH_NOTICE_CSV);
        else
            printf("time,member\n");
    } else if (o->format == CTL_TABLE) {
        if (o->health)
            printf("%s\n%-16s %-24s %-7s %-19s %s\n", CTL_HEALTH_NOTICE, "TIME", "MEMBER", "YES",
                   "STANDING", "CLEARED BY");
        else
            printf("%-16s %s\n", "TIME", "MEMBER");
    }
}

int ctl_screenings(struct store *st, int64_t today, int argc, char **argv)
{
    struct ctl_export x;
    int rc = ctl_parse_export(argc, argv, today, true, &x);
    if (rc != 0)
        return rc;
    struct screening_out o = {x.format, x.health, NULL, 0};
    if (o.format == CTL_JSON)
        o.array = json_object_new_array();
    begin(&o);
    rc = store_screenings_each(st, x.range.from_day, x.range.to_day, row_out, &o);
    if (o.format == CTL_JSON) {
        if (rc >= 0)
            ctl_json_export(o.health, !o.health, "screenings", o.array);
        json_object_put(o.array);
    }
    if (rc < 0)
        return ctl_fail("cannot read the enrolment screens");
    if (o.format == CTL_TABLE && o.n == 0)
        printf("(no enrolment screens)\n");
    return 0;
}
