/*
 * rackside-ctl actions: the trainers' actions over a range of gym days as CSV (who, about
 * whom, what, when, the load and the words), for a gym's own audit. The words of an action
 * that may speak of health (a note on a pain, red-flag or enrolment-screen flag, a day or a
 * screen cleared) make it a health export; --no-health leaves them out, keeping the action.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/records.h"
#include "actions_cmd.h"
#include "ctl_out.h"
#include "ctl_parse.h"

struct actions_out {
    bool health;
    int n;
};

static void action_csv(void *ctx, const struct action_row *r)
{
    struct actions_out *o = ctx;
    char when[CTL_ISO_TIME], kg[16] = "";
    ctl_iso_time(r->t_wall_us, when);
    if (r->load_g > 0)
        snprintf(kg, sizeof kg, "%.2f", r->load_g / 1000.0);
    ctl_csv_field(when, false);
    ctl_csv_text(r->by[0] ? r->by : "(operator)", false);
    ctl_csv_text(r->member, false);
    ctl_csv_field(r->kind, false);
    ctl_csv_text(r->exercise, false);
    ctl_csv_field(kg, false);
    ctl_csv_text(r->health && !o->health ? "" : r->note, true);
    o->n++;
}

int ctl_actions(struct store *st, int64_t today, int argc, char **argv)
{
    struct ctl_export x;
    int rc = ctl_parse_export(argc, argv, today, false, &x);
    if (rc != 0)
        return rc;
    struct actions_out o = {x.health, 0};
    if (o.health)
        printf("%s\n", CTL_HEALTH_NOTICE_CSV);
    static const char *const header[] = {"time",     "by",      "member", "action",
                                         "exercise", "load_kg", "note"};
    for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
        ctl_csv_field(header[i], i + 1 == sizeof header / sizeof header[0]);
    if (store_actions_each(st, x.range.from_day, x.range.to_day, action_csv, &o) < 0)
        return ctl_fail("cannot read the trainers' actions");
    return 0;
}

/* rackside-ctl ack FLAG_ID --by TRAINER [--note TEXT]: the acknowledgement the kiosk's
 * flag detail makes (the same store records, so it reaches the gym server the same way),
 * for a trainer at a desk. FLAG_ID is the id the flags table (or --format csv|json) gives. */
int ctl_ack(struct store *st, int argc, char **argv)
{
    static const char usage[] = "usage: ack FLAG_ID --by TRAINER [--note TEXT]";
    struct ctl_option opts[] = {{"by", true, NULL}, {"note", true, NULL}, {NULL}};
    char *pos[1];
    int n = ctl_parse_args(argc, argv, pos, 1, opts);
    if (n < 0)
        return CTL_EXIT_USAGE;
    if (n != 1 || !opts[0].value)
        return ctl_usage_error("%s", usage);
    char *end;
    long long id = strtoll(pos[0], &end, 10);
    if (end == pos[0] || *end || id <= 0)
        return ctl_usage_error("FLAG_ID is a flag's id (the ID column of flags), not \"%s\"",
                               pos[0]);
    struct member_row by;
    char err[STORE_ERR_MAX];
    if (store_find_member(st, opts[0].value, &by, err) != 1)
        return ctl_fail(err);
    if (by.role != ROLE_TRAINER)
        return ctl_usage_error("--by names a trainer; %s is not one", by.name);
    const char *note = opts[1].value ? opts[1].value : "";
    if (store_ack_flag(st, id, by.id, note, err) != 0)
        return ctl_fail(err);
    printf("flag %lld acknowledged by %s%s%s\n", id, by.name, note[0] ? ": " : "", note);
    return 0;
}
