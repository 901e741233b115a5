/*
 * Badge look-ups off the frame loop: the member behind a tapped badge, their 8 weeks of
 * history and the gym day's decisions (everything today's cap is worked out from) are read
 * by a thread of their own. The frame loop never waits on SQLite, nor on the writer
 * finishing a set's synchronous commit first; the answer comes back on a later pass of the
 * loop, which the thread wakes. On a virtual clock the loop settles each look-up at once,
 * so a scenario plays the same on any machine. The same thread keeps the query planner's
 * statistics fresh (store_analyze): when it starts, after store_open's migrations, and then
 * once a day, never on the frame loop.
 */
#ifndef BADGE_LOOKUP_H
#define BADGE_LOOKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/badge.h"
#include "../core/session.h"
#include "store.h"

#define BADGE_LOOKUP_QUEUE     4     /* taps waiting at once; more are dropped (tap again) */
#define BADGE_LOOKUP_ANALYZE_S 86400 /* the planner's statistics again after a day */

struct badge_lookup;

struct badge_answer {
    char uid[BADGE_UID_MAX];
    int found; /* 1 enrolled (who filled), 0 not enrolled, -1 the database failed */
    struct member_profile who;
};

/* Starts the thread; wake(wake_ctx) is called from it when an answer is ready. NULL when
 * out of memory or threads. */
struct badge_lookup *badge_lookup_open(struct store *st, void (*wake)(void *ctx), void *wake_ctx);
/* Finishes the look-ups asked for, then stops the thread. Accepts NULL. */
void badge_lookup_close(struct badge_lookup *bl);

/* Asks for uid on the gym day today; false when BADGE_LOOKUP_QUEUE look-ups wait already. */
bool badge_lookup_submit(struct badge_lookup *bl, const char *uid, int64_t today);
/* The oldest answer not yet taken, in the order the badges were tapped; false when none. */
bool badge_lookup_next(struct badge_lookup *bl, struct badge_answer *out);
/* Waits until every look-up asked for has its answer. */
void badge_lookup_settle(struct badge_lookup *bl);

#endif
