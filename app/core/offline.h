/*
 * A rack of a gym, and what it may allow when it has not heard from the gym's server. A
 * kiosk that has not finished a sync for longer than the offline limit may be missing
 * sets, check-ins and flags made at other racks: it keeps working on what it has, but
 * allows no step above the last base it knows (no increase on partial history). A kiosk
 * that never synced is offline from the start. A trainer's override still holds: it was
 * decided for this lifter today, whatever the history says.
 */
#ifndef OFFLINE_H
#define OFFLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "progression.h"
#include "rules.h"

struct server_link {
    bool enabled; /* the rack belongs to a gym server; false: a rack alone, never offline */
    int64_t
        heard_wall_us; /* the end of the last whole sync, on the session's wall clock; 0 never */
    int limit_s;       /* offline after this long without one */
    long set_aside;    /* records the server refused and that wait for a fix (sync/push.h) */
};

/* Whether the rack counts as offline at wall_us. */
bool server_link_offline(const struct server_link *l, int64_t wall_us);

/* Whole seconds since the last sync at wall_us, -1 never. */
int64_t server_link_age_s(const struct server_link *l, int64_t wall_us);

/*
 * The rule on one cap: offline, a cap above the base B (rounded down to the plates) comes
 * down to it; an override, a start load or the empty bar (no base), and caps already at
 * or below B are kept. Returns true when it lowered the cap.
 */
bool offline_hold_cap(const struct rules *rules, const struct server_link *l, int64_t wall_us,
                      struct progression_result *r);

/* The reason a held cap gives, in place of the progression's sentence. */
void offline_explain(const struct server_link *l, int64_t wall_us, char *out, size_t n);

#endif
