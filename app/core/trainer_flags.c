/*
 * The trainer's list of flags as shown: filtered by kind, severity and lifter, grouped by
 * lifter, red flags and pain first. The list can hold thousands of flags (an unreviewed
 * flag of any earlier day stays until acknowledged), so the session holds a window of it: the
 * store arranges the whole list in SQL and answers a page (struct flags_page) with the
 * counts the filter buttons need. trainer_flags_page_of is the arrangement itself, on a
 * list held whole: the store's pages, end to end, equal it (test_store checks).
 */
#include <stdio.h>
#include <string.h>

#include "flow.h"
#include "view.h"

/* Red flags first, then pain, then by severity: what a trainer must see before the rest. */
int trainer_flag_rank_of(enum flag_kind kind, enum severity severity)
{
    if (kind == FLAG_RED_FLAG)
        return 0;
    if (kind == FLAG_PAIN)
        return 1;
    switch (severity) {
    case SEVERITY_STOP:
        return 2;
    case SEVERITY_CAUTION:
        return 3;
    case SEVERITY_INFO:
    default:
        return 4;
    }
}

int trainer_flag_rank(const struct flag_view *f)
{
    return trainer_flag_rank_of(f->kind, f->severity);
}

static bool passes(const struct flags_query *q, const struct flag_view *f)
{
    return (q->filter_kind == 0 || (int)f->kind == q->filter_kind - 1) &&
           (q->filter_severity == 0 || (int)f->severity == q->filter_severity - 1) &&
           (q->filter_member == 0 || f->member_id == q->filter_member);
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

/* ---- the arrangement of a whole list ---- */

/* Each flag's lifter's group among the flags in idx[0..n): its worst rank, flags, open. */
static void group_of_each(const struct flag_view *all, struct flag_place *pl, int n)
{
    for (int i = 0; i < n; i++) {
        const struct flag_view *f = &all[pl[i].index];
        struct flag_group g = {f->member_id, 0, 0, 0, trainer_flag_rank(f)};
        for (int j = 0; j < n; j++) {
            const struct flag_view *o = &all[pl[j].index];
            if (o->member_id != f->member_id)
                continue;
            g.n++;
            g.n_open += !o->acked;
            if (trainer_flag_rank(o) < g.rank)
                g.rank = trainer_flag_rank(o);
        }
        pl[i].group = g;
    }
}

/* The whole order: the lifters' groups, then the flags within a group. */
static bool placed_before(const struct flag_view *all, const struct flag_place *a,
                          const struct flag_place *b)
{
    const struct flag_view *fa = &all[a->index], *fb = &all[b->index];
    if (fa->member_id != fb->member_id)
        return group_before(&a->group, fa->member, &b->group, fb->member);
    return flag_before(fa, fb);
}

/* The flags the query keeps, in pl[0..return), arranged (an insertion sort: a reference
 * for the store's SQL and the tests, on lists of hundreds at most). */
static int arrange_all(const struct flag_view *all, int n, const struct flags_query *q,
                       struct flag_place *pl)
{
    int m = 0;
    for (int i = 0; i < n; i++)
        if (passes(q, &all[i]))
            pl[m++].index = i;
    group_of_each(all, pl, m);
    for (int i = 1; i < m; i++) {
        struct flag_place x = pl[i];
        int j = i;
        while (j > 0 && placed_before(all, &x, &pl[j - 1])) {
            pl[j] = pl[j - 1];
            j--;
        }
        pl[j] = x;
    }
    return m;
}

/* The lifter after `after` (0: the first) in the order the unfiltered list groups them;
 * 0 after the last. pl holds the unfiltered arrangement of m flags. */
static int64_t member_after(const struct flag_view *all, const struct flag_place *pl, int m,
                            int64_t after)
{
    bool found = after == 0;
    for (int i = 0; i < m; i++) {
        int64_t id = all[pl[i].index].member_id;
        if (i > 0 && id == all[pl[i - 1].index].member_id)
            continue;
        if (found)
            return id;
        found = id == after;
    }
    return 0;
}

void flags_query_settle(struct flags_query *q, const struct flags_summary *sum)
{
    if (q->filter_kind < 0 || q->filter_kind > FLAG_KIND_COUNT ||
        (q->filter_kind != 0 && sum->kind_count[q->filter_kind - 1] == 0))
        q->filter_kind = 0;
    if (q->filter_severity < 0 || q->filter_severity > SEVERITIES ||
        (q->filter_severity != 0 && sum->severity_count[q->filter_severity - 1] == 0))
        q->filter_severity = 0;
    if (q->filter_member != 0 && sum->member_count == 0)
        q->filter_member = 0;
}

void flags_window_settle(struct flags_query *q, int total)
{
    if (q->offset < 0 || q->offset >= total)
        q->offset = 0; /* the list is shorter now: back to its start */
}

int trainer_flags_page_of(const struct flag_view *all, int n, const struct flags_query *want,
                          struct flag_place *scratch, struct flags_page *out)
{
    memset(out, 0, sizeof *out);
    struct flags_summary *sum = &out->sum;
    out->q = *want;
    for (int i = 0; i < n; i++) {
        sum->all++;
        if ((unsigned)all[i].kind < FLAG_KIND_COUNT)
            sum->kind_count[all[i].kind]++;
        if ((unsigned)all[i].severity < SEVERITIES)
            sum->severity_count[all[i].severity]++;
        if (want->filter_member != 0 && all[i].member_id == want->filter_member &&
            sum->member_count++ == 0)
            snprintf(sum->member_name, sizeof sum->member_name, "%s", all[i].member);
    }
    flags_query_settle(&out->q, sum);
    struct flags_query none = {0};
    int m = arrange_all(all, n, &none, scratch);
    for (int i = 0; i < m; i++)
        sum->n_lifters +=
            i == 0 || all[scratch[i].index].member_id != all[scratch[i - 1].index].member_id;
    sum->next_member = member_after(all, scratch, m, out->q.filter_member);

    m = arrange_all(all, n, &out->q, scratch);
    sum->total = m;
    flags_window_settle(&out->q, m);
    int first = 0;
    for (int i = 0; i < m; i++) {
        const struct flag_view *f = &all[scratch[i].index];
        sum->total_open += !f->acked;
        if (i > 0 && f->member_id != all[scratch[i - 1].index].member_id)
            first = i;
        if (i < out->q.offset || out->n >= SESSION_MAX_FLAG_VIEWS)
            continue;
        out->flags[out->n] = *f;
        out->group[out->n] = scratch[i].group;
        out->group[out->n].first = first;
        out->n++;
    }
    return out->n;
}

/* ---- the window the session holds ---- */

/* The query the list is at now: its day, filters and window. */
struct flags_query trainer_flags_query(const struct session *s)
{
    const struct trainer_state *ts = &s->trainer;
    return (struct flags_query){ts->flags_days_back, ts->review.filter_kind,
                                ts->review.filter_severity, ts->review.filter_member,
                                ts->flags_offset};
}

static void set_labels(struct trainer_review *r, const struct flags_summary *sum)
{
    char(*l)[FILTER_LABEL_MAX] = r->filter_label;
    int c = r->filter_kind ? sum->kind_count[r->filter_kind - 1] : sum->all;
    r->filter_count[FILTER_KIND] = c;
    if (r->filter_kind == 0)
        snprintf(l[FILTER_KIND], FILTER_LABEL_MAX, "All kinds (%d)", c);
    else
        snprintf(l[FILTER_KIND], FILTER_LABEL_MAX, "%s (%d)",
                 flag_kind_label((enum flag_kind)(r->filter_kind - 1)), c);
    c = r->filter_severity ? sum->severity_count[r->filter_severity - 1] : sum->all;
    r->filter_count[FILTER_SEVERITY] = c;
    if (r->filter_severity == 0)
        snprintf(l[FILTER_SEVERITY], FILTER_LABEL_MAX, "Any severity (%d)", c);
    else
        snprintf(l[FILTER_SEVERITY], FILTER_LABEL_MAX, "Only %s (%d)",
                 severity_label((enum severity)(r->filter_severity - 1)), c);
    c = r->filter_member ? sum->member_count : sum->all;
    r->filter_count[FILTER_LIFTER] = c;
    snprintf(r->filter_name, sizeof r->filter_name, "%s", r->filter_member ? sum->member_name : "");
    if (r->filter_member == 0)
        snprintf(l[FILTER_LIFTER], FILTER_LABEL_MAX, "All lifters (%d)", c);
    else
        snprintf(l[FILTER_LIFTER], FILTER_LABEL_MAX, "%.40s (%d)", sum->member_name, c);
}

/* After a window came or a flag in it changed: what the screen shows. The store arranged
 * the window; the groups are its runs of one lifter, with the whole group's counts. */
void trainer_flags_arrange(struct session *s)
{
    struct trainer_state *ts = &s->trainer;
    struct trainer_review *r = &ts->review;
    r->n_shown = ts->n_flags;
    r->n_groups = 0;
    for (int i = 0; i < ts->n_flags; i++) {
        r->order[i] = i;
        if (i == 0 || ts->flags[i].member_id != ts->flags[i - 1].member_id) {
            r->groups[r->n_groups] = ts->flags_group[i];
            r->groups[r->n_groups].first = i;
            r->n_groups++;
        }
        r->group_of[i] = r->n_groups - 1;
    }
    r->n_open_shown = ts->flags_sum.total_open;
    set_labels(r, &ts->flags_sum);
    if (ts->flags_first >= r->n_shown || ts->flags_first < 0)
        ts->flags_first = 0;
}

void trainer_flags_reset(struct session *s)
{
    struct trainer_state *ts = &s->trainer;
    memset(&ts->review, 0, sizeof ts->review);
    memset(&ts->flags_sum, 0, sizeof ts->flags_sum);
    ts->flags_offset = 0;
    trainer_flags_arrange(s);
}

/* A flag of the window acknowledged here: its group and the list have one open less. */
void trainer_flag_acked(struct session *s, int index)
{
    struct trainer_state *ts = &s->trainer;
    if (index < 0 || index >= ts->n_flags || ts->flags[index].acked)
        return;
    ts->flags[index].acked = true;
    for (int i = 0; i < ts->n_flags; i++)
        if (ts->flags[i].member_id == ts->flags[index].member_id && ts->flags_group[i].n_open > 0)
            ts->flags_group[i].n_open--;
    if (ts->flags_sum.total_open > 0)
        ts->flags_sum.total_open--;
    trainer_flags_arrange(s);
}

/* ---- the filters: each button steps to the next value the list has, then back to all ---- */

/* The next kind after `from` that the list has (-1: all, after the last). */
static int next_kind(const struct flags_summary *sum, int from)
{
    for (int k = from + 1; k < FLAG_KIND_COUNT; k++)
        if (sum->kind_count[k] > 0)
            return k;
    return -1;
}

/* Severities step from the worst down: all, stop, caution, info. */
static int next_severity(const struct flags_summary *sum, int from)
{
    for (int sv = from < 0 ? SEVERITY_STOP : from - 1; sv >= SEVERITY_INFO; sv--)
        if (sum->severity_count[sv] > 0)
            return sv;
    return -1;
}

/* A filter button works when pressing it would show something else: the list has more
 * than one value for it, or the filter is set (pressing goes back towards all). */
bool trainer_filter_can(const struct session *s, int which)
{
    const struct trainer_state *ts = &s->trainer;
    const struct trainer_review *r = &ts->review;
    const struct flags_summary *sum = &ts->flags_sum;
    if (ts->flags_loading || sum->all == 0)
        return false;
    switch (which) {
    case FILTER_KIND:
        return r->filter_kind != 0 || next_kind(sum, next_kind(sum, -1)) >= 0;
    case FILTER_SEVERITY:
        return r->filter_severity != 0 || next_severity(sum, next_severity(sum, -1)) >= 0;
    case FILTER_LIFTER:
        return r->filter_member != 0 || sum->n_lifters > 1;
    default:
        return false;
    }
}

/* The filtered list starts again at its top: the store answers its first window. */
void trainer_filter_next(struct session *s, int which, int64_t t_us)
{
    struct trainer_state *ts = &s->trainer;
    struct trainer_review *r = &ts->review;
    if (which == FILTER_KIND)
        r->filter_kind = next_kind(&ts->flags_sum, r->filter_kind - 1) + 1;
    else if (which == FILTER_SEVERITY)
        r->filter_severity = next_severity(&ts->flags_sum, r->filter_severity - 1) + 1;
    else if (which == FILTER_LIFTER)
        r->filter_member = ts->flags_sum.next_member;
    ts->flags_first = 0;
    ts->flags_offset = 0;
    trainer_load_flags(s, t_us);
    flow_changed(s);
}
