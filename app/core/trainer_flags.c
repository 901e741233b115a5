/*
 * The trainer's list of flags as shown: filtered by kind, severity and lifter, grouped by
 * lifter, red flags and pain first. The store hands over the day's flags (with the
 * unreviewed ones of earlier days); this decides their order, the groups' counts and what
 * each filter button says, so the screen only draws positions.
 */
#include <stdio.h>
#include <string.h>

#include "flow.h"
#include "view.h"

/* Red flags first, then pain, then by severity: what a trainer must see before the rest. */
int trainer_flag_rank(const struct flag_view *f)
{
    if (f->kind == FLAG_RED_FLAG)
        return 0;
    if (f->kind == FLAG_PAIN)
        return 1;
    switch (f->severity) {
    case SEVERITY_STOP:
        return 2;
    case SEVERITY_CAUTION:
        return 3;
    case SEVERITY_INFO:
    default:
        return 4;
    }
}

static bool passes(const struct trainer_review *r, const struct flag_view *f)
{
    return (r->filter_kind == 0 || (int)f->kind == r->filter_kind - 1) &&
           (r->filter_severity == 0 || (int)f->severity == r->filter_severity - 1) &&
           (r->filter_member == 0 || f->member_id == r->filter_member);
}

/* Within a lifter: worst first, then what nobody reviewed, then oldest first. */
static bool flag_before(const struct flag_view *a, const struct flag_view *b)
{
    int ra = trainer_flag_rank(a), rb = trainer_flag_rank(b);
    if (ra != rb)
        return ra < rb;
    if (a->acked != b->acked)
        return !a->acked;
    if (a->t_wall_us != b->t_wall_us)
        return a->t_wall_us < b->t_wall_us;
    return a->id < b->id;
}

/* A lifter's worst flag, then whether any is open, then the name: a stable order. */
static bool group_before(const struct flag_group *a, const char *name_a, const struct flag_group *b,
                         const char *name_b)
{
    if (a->rank != b->rank)
        return a->rank < b->rank;
    if ((a->n_open > 0) != (b->n_open > 0))
        return a->n_open > 0;
    int c = strcmp(name_a, name_b);
    if (c != 0)
        return c < 0;
    return a->member_id < b->member_id;
}

/* The flags that pass the filters, worst first (an insertion sort: the list holds
 * SESSION_MAX_FLAG_VIEWS at most). Returns how many. */
static int sorted_passing(const struct trainer_review *r, const struct flag_view *flags, int n,
                          int *idx)
{
    int n_idx = 0;
    for (int i = 0; i < n; i++) {
        if (!passes(r, &flags[i]))
            continue;
        int j = n_idx++;
        while (j > 0 && flag_before(&flags[i], &flags[idx[j - 1]])) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = i;
    }
    return n_idx;
}

/* Groups of the sorted flags, one per lifter, in the order of their first (worst) flag;
 * lead[g] is the group's first flag. Returns how many. */
static int make_groups(const struct flag_view *flags, const int *idx, int n_idx,
                       struct flag_group *groups, int *lead)
{
    int n_groups = 0;
    for (int k = 0; k < n_idx; k++) {
        const struct flag_view *f = &flags[idx[k]];
        int g = 0;
        while (g < n_groups && groups[g].member_id != f->member_id)
            g++;
        if (g == n_groups) {
            groups[g] = (struct flag_group){f->member_id, 0, 0, 0, trainer_flag_rank(f)};
            lead[g] = idx[k];
            n_groups++;
        }
        groups[g].n++;
        groups[g].n_open += !f->acked;
    }
    return n_groups;
}

static void arrange(struct trainer_review *r, const struct flag_view *flags, int n)
{
    int idx[SESSION_MAX_FLAG_VIEWS], lead[SESSION_MAX_FLAG_VIEWS];
    struct flag_group groups[SESSION_MAX_FLAG_VIEWS];
    int n_idx = sorted_passing(r, flags, n, idx);
    int n_groups = make_groups(flags, idx, n_idx, groups, lead);
    int gorder[SESSION_MAX_FLAG_VIEWS];
    for (int g = 0; g < n_groups; g++) {
        int j = g;
        while (j > 0 && group_before(&groups[g], flags[lead[g]].member, &groups[gorder[j - 1]],
                                     flags[lead[gorder[j - 1]]].member)) {
            gorder[j] = gorder[j - 1];
            j--;
        }
        gorder[j] = g;
    }
    r->n_groups = n_groups;
    r->n_shown = 0;
    r->n_open_shown = 0;
    for (int gi = 0; gi < n_groups; gi++) {
        struct flag_group g = groups[gorder[gi]];
        g.first = r->n_shown;
        r->groups[gi] = g;
        r->n_open_shown += g.n_open;
        for (int k = 0; k < n_idx; k++) {
            if (flags[idx[k]].member_id != g.member_id)
                continue;
            r->group_of[r->n_shown] = gi;
            r->order[r->n_shown++] = idx[k];
        }
    }
}

/* ---- the filters: each button steps to the next value the list has, then back to all ---- */

static int count_kind(const struct flag_view *flags, int n, int kind)
{
    int c = 0;
    for (int i = 0; i < n; i++)
        c += kind < 0 || (int)flags[i].kind == kind;
    return c;
}

static int count_severity(const struct flag_view *flags, int n, int sev)
{
    int c = 0;
    for (int i = 0; i < n; i++)
        c += sev < 0 || (int)flags[i].severity == sev;
    return c;
}

static int count_member(const struct flag_view *flags, int n, int64_t member, const char **name)
{
    int c = 0;
    for (int i = 0; i < n; i++) {
        if (member != 0 && flags[i].member_id != member)
            continue;
        if (name && c == 0)
            *name = flags[i].member;
        c++;
    }
    return c;
}

/* The next kind after `from` that the list has (-1: all, after the last). */
static int next_kind(const struct flag_view *flags, int n, int from)
{
    for (int k = from + 1; k < FLAG_KIND_COUNT; k++)
        if (count_kind(flags, n, k) > 0)
            return k;
    return -1;
}

/* Severities step from the worst down: all, stop, caution, info. */
static int next_severity(const struct flag_view *flags, int n, int from)
{
    for (int sv = from < 0 ? SEVERITY_STOP : from - 1; sv >= SEVERITY_INFO; sv--)
        if (count_severity(flags, n, sv) > 0)
            return sv;
    return -1;
}

/* Lifters step in the order the unfiltered list groups them. */
static int64_t next_member(const struct trainer_state *ts, int64_t from)
{
    struct trainer_review all = {0};
    arrange(&all, ts->flags, ts->n_flags);
    int g = 0;
    if (from != 0) {
        while (g < all.n_groups && all.groups[g].member_id != from)
            g++;
        g++;
    }
    return g < all.n_groups ? all.groups[g].member_id : 0;
}

static void set_labels(struct trainer_review *r, const struct flag_view *flags, int n)
{
    char(*l)[FILTER_LABEL_MAX] = r->filter_label;
    int c = count_kind(flags, n, r->filter_kind - 1);
    r->filter_count[FILTER_KIND] = c;
    if (r->filter_kind == 0)
        snprintf(l[FILTER_KIND], FILTER_LABEL_MAX, "All kinds (%d)", c);
    else
        snprintf(l[FILTER_KIND], FILTER_LABEL_MAX, "%s (%d)",
                 flag_kind_label((enum flag_kind)(r->filter_kind - 1)), c);
    c = count_severity(flags, n, r->filter_severity - 1);
    r->filter_count[FILTER_SEVERITY] = c;
    if (r->filter_severity == 0)
        snprintf(l[FILTER_SEVERITY], FILTER_LABEL_MAX, "Any severity (%d)", c);
    else
        snprintf(l[FILTER_SEVERITY], FILTER_LABEL_MAX, "Only %s (%d)",
                 severity_label((enum severity)(r->filter_severity - 1)), c);
    const char *name = "";
    c = count_member(flags, n, r->filter_member, &name);
    r->filter_count[FILTER_LIFTER] = c;
    snprintf(r->filter_name, sizeof r->filter_name, "%s", r->filter_member ? name : "");
    if (r->filter_member == 0)
        snprintf(l[FILTER_LIFTER], FILTER_LABEL_MAX, "All lifters (%d)", c);
    else
        snprintf(l[FILTER_LIFTER], FILTER_LABEL_MAX, "%.40s (%d)", name, c);
}

/* After the list, a filter or an acknowledgement changed: what the screen shows. A filter
 * whose value the new list no longer has goes back to all. */
void trainer_flags_arrange(struct session *s)
{
    struct trainer_state *ts = &s->trainer;
    struct trainer_review *r = &ts->review;
    if (r->filter_kind != 0 && count_kind(ts->flags, ts->n_flags, r->filter_kind - 1) == 0)
        r->filter_kind = 0;
    if (r->filter_severity != 0 &&
        count_severity(ts->flags, ts->n_flags, r->filter_severity - 1) == 0)
        r->filter_severity = 0;
    if (r->filter_member != 0 && count_member(ts->flags, ts->n_flags, r->filter_member, NULL) == 0)
        r->filter_member = 0;
    arrange(r, ts->flags, ts->n_flags);
    set_labels(r, ts->flags, ts->n_flags);
    if (ts->flags_first >= r->n_shown)
        ts->flags_first = 0;
}

void trainer_flags_reset(struct session *s)
{
    struct trainer_review *r = &s->trainer.review;
    memset(r, 0, sizeof *r);
    trainer_flags_arrange(s);
}

/* A filter button works when pressing it would show something else: the list has more
 * than one value for it, or the filter is set (pressing goes back towards all). */
bool trainer_filter_can(const struct session *s, int which)
{
    const struct trainer_state *ts = &s->trainer;
    const struct trainer_review *r = &ts->review;
    if (ts->flags_loading || ts->n_flags == 0)
        return false;
    switch (which) {
    case FILTER_KIND:
        return r->filter_kind != 0 ||
               next_kind(ts->flags, ts->n_flags, next_kind(ts->flags, ts->n_flags, -1)) >= 0;
    case FILTER_SEVERITY:
        return r->filter_severity != 0 ||
               next_severity(ts->flags, ts->n_flags, next_severity(ts->flags, ts->n_flags, -1)) >=
                   0;
    case FILTER_LIFTER:
        return r->filter_member != 0 || next_member(ts, next_member(ts, 0)) != 0;
    default:
        return false;
    }
}

void trainer_filter_next(struct session *s, int which, int64_t t_us)
{
    (void)t_us;
    struct trainer_state *ts = &s->trainer;
    struct trainer_review *r = &ts->review;
    if (which == FILTER_KIND)
        r->filter_kind = next_kind(ts->flags, ts->n_flags, r->filter_kind - 1) + 1;
    else if (which == FILTER_SEVERITY)
        r->filter_severity = next_severity(ts->flags, ts->n_flags, r->filter_severity - 1) + 1;
    else if (which == FILTER_LIFTER)
        r->filter_member = next_member(ts, r->filter_member);
    ts->flags_first = 0;
    trainer_flags_arrange(s);
    flow_changed(s);
}
