#include "badge_lookup.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct request {
    char uid[BADGE_UID_MAX];
    int64_t today;
};

/*
 * One lock guards both queues. A request stays at the head of `asked` while the thread
 * works on it, so `asked_n + answered_n` never passes the queue's size and an answer
 * always has a slot.
 */
struct badge_lookup {
    struct store *st;
    void (*wake)(void *ctx);
    void *wake_ctx;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t work;    /* a request came, or stop */
    pthread_cond_t settled; /* an answer came */
    bool stop;
    struct request asked[BADGE_LOOKUP_QUEUE];
    int asked_head, asked_n;
    struct badge_answer answered[BADGE_LOOKUP_QUEUE];
    int answered_head, answered_n;
};

/* Reads one badge as the frame loop used to: after the writes already asked for. */
static void look_up(struct store *st, const struct request *rq, struct badge_answer *a)
{
    snprintf(a->uid, sizeof a->uid, "%s", rq->uid);
    store_flush(st); /* what this kiosk decided a moment ago must be in the answer */
    a->found = store_find_badge(st, rq->uid, rq->today, &a->who);
}

/* When the planner's statistics are due again: a day after now. */
static struct timespec next_analyze(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += BADGE_LOOKUP_ANALYZE_S;
    return ts;
}

static void *run(void *arg)
{
    struct badge_lookup *bl = arg;
    store_analyze(bl->st); /* after store_open's migrations, before the first tap */
    struct timespec due = next_analyze();
    pthread_mutex_lock(&bl->lock);
    for (;;) {
        while (!bl->stop && bl->asked_n == 0) {
            if (pthread_cond_timedwait(&bl->work, &bl->lock, &due) == ETIMEDOUT) {
                pthread_mutex_unlock(&bl->lock);
                store_analyze(bl->st);
                due = next_analyze();
                pthread_mutex_lock(&bl->lock);
            }
        }
        if (bl->asked_n == 0)
            break; /* stopping, and nothing left to answer */
        struct request rq = bl->asked[bl->asked_head];
        int slot = (bl->answered_head + bl->answered_n) % BADGE_LOOKUP_QUEUE;
        pthread_mutex_unlock(&bl->lock);
        struct badge_answer *a = &bl->answered[slot]; /* nobody else touches a free slot */
        look_up(bl->st, &rq, a);
        pthread_mutex_lock(&bl->lock);
        bl->asked_head = (bl->asked_head + 1) % BADGE_LOOKUP_QUEUE;
        bl->asked_n--;
        bl->answered_n++;
        pthread_cond_broadcast(&bl->settled);
        if (bl->wake)
            bl->wake(bl->wake_ctx);
    }
    pthread_mutex_unlock(&bl->lock);
    return NULL;
}

struct badge_lookup *badge_lookup_open(struct store *st, void (*wake)(void *ctx), void *wake_ctx)
{
    struct badge_lookup *bl = calloc(1, sizeof *bl);
    if (!bl)
        return NULL;
    bl->st = st;
    bl->wake = wake;
    bl->wake_ctx = wake_ctx;
    pthread_mutex_init(&bl->lock, NULL);
    pthread_condattr_t monotonic;
    pthread_condattr_init(&monotonic);
    pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC);
    pthread_cond_init(&bl->work, &monotonic);
    pthread_condattr_destroy(&monotonic);
    pthread_cond_init(&bl->settled, NULL);
    if (pthread_create(&bl->thread, NULL, run, bl) != 0) {
        pthread_cond_destroy(&bl->settled);
        pthread_cond_destroy(&bl->work);
        pthread_mutex_destroy(&bl->lock);
        free(bl);
        return NULL;
    }
    return bl;
}

void badge_lookup_close(struct badge_lookup *bl)
{
    if (!bl)
        return;
    pthread_mutex_lock(&bl->lock);
    bl->stop = true;
    pthread_cond_signal(&bl->work);
    pthread_mutex_unlock(&bl->lock);
    pthread_join(bl->thread, NULL);
    pthread_cond_destroy(&bl->settled);
    pthread_cond_destroy(&bl->work);
    pthread_mutex_destroy(&bl->lock);
    free(bl);
}

bool badge_lookup_submit(struct badge_lookup *bl, const char *uid, int64_t today)
{
    pthread_mutex_lock(&bl->lock);
    bool room = bl->asked_n + bl->answered_n < BADGE_LOOKUP_QUEUE;
    if (room) {
        struct request *rq = &bl->asked[(bl->asked_head + bl->asked_n) % BADGE_LOOKUP_QUEUE];
        snprintf(rq->uid, sizeof rq->uid, "%s", uid);
        rq->today = today;
        bl->asked_n++;
        pthread_cond_signal(&bl->work);
    }
    pthread_mutex_unlock(&bl->lock);
    return room;
}

bool badge_lookup_next(struct badge_lookup *bl, struct badge_answer *out)
{
    pthread_mutex_lock(&bl->lock);
    bool have = bl->answered_n > 0;
    if (have) {
        *out = bl->answered[bl->answered_head];
        bl->answered_head = (bl->answered_head + 1) % BADGE_LOOKUP_QUEUE;
        bl->answered_n--;
    }
    pthread_mutex_unlock(&bl->lock);
    return have;
}

void badge_lookup_settle(struct badge_lookup *bl)
{
    pthread_mutex_lock(&bl->lock);
    while (bl->asked_n > 0)
        pthread_cond_wait(&bl->settled, &bl->lock);
    pthread_mutex_unlock(&bl->lock);
}
