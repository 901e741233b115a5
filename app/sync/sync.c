#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../store/store.h"
#include "pull.h"
#include "server_conn.h"
#include "sync.h"

struct sync {
    char db_path[PATH_MAX];
    char conninfo[256];
    char rack[64];
    int day_start_min;

    pthread_t thread;
    pthread_mutex_t lock;
    bool stopping;
    int wake[2]; /* a byte written here ends the wait between rounds (kick, stop) */
    struct sync_status status;
};

static int64_t wall_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t sync_heard(sqlite3 *db)
{
    sqlite3_stmt *q;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, "SELECT coalesce(heard_us, 0) FROM sync_state WHERE id = 1", -1, &q,
                           NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

int sync_save_heard(sqlite3 *db, int64_t wall_us, bool pushed, bool pulled)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db,
                           "UPDATE sync_state SET heard_us = ?1, "
                           "pushed_us = CASE WHEN ?2 THEN ?1 ELSE pushed_us END, "
                           "pulled_us = CASE WHEN ?3 THEN ?1 ELSE pulled_us END WHERE id = 1",
                           -1, &q, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(q, 1, wall_us);
    sqlite3_bind_int(q, 2, pushed);
    sqlite3_bind_int(q, 3, pulled);
    int rc = sqlite3_step(q) == SQLITE_DONE ? 0 : -1;
    sqlite3_finalize(q);
    return rc;
}

/* The round without writing down the contact. */
static int round_once(sqlite3 *db, PGconn *pg, const char *rack, int day_start_min, long *pushed,
                      long *pulled, char err[SYNC_ERR_MAX])
{
    int n;
    *pushed = *pulled = 0;
    do {
        if ((n = sync_push(db, pg, rack, SYNC_PUSH_BATCH, err)) < 0)
            return -1;
        *pushed += n;
    } while (n == SYNC_PUSH_BATCH);
    do {
        if ((n = sync_pull(db, pg, rack, day_start_min, SYNC_PULL_BATCH, err)) < 0)
            return -1;
        *pulled += n;
    } while (n > 0);
    return 0;
}

int sync_round(sqlite3 *db, PGconn *pg, const char *rack, int day_start_min, long *pushed,
               long *pulled, char err[SYNC_ERR_MAX])
{
    if (sync_pull_waiting(db, pg, rack, day_start_min, err) < 0)
        return -1;
    if (round_once(db, pg, rack, day_start_min, pushed, pulled, err) != 0)
        return -1;
    if (sync_save_heard(db, wall_now_us(), *pushed > 0, *pulled > 0) != 0) {
        snprintf(err, SYNC_ERR_MAX, "writing down the last contact: %s", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

static void set_status(struct sync *s, const struct sync_status *st)
{
    pthread_mutex_lock(&s->lock);
    uint64_t gen = s->status.generation;
    bool changed = st->connected != s->status.connected || strcmp(st->err, s->status.err) != 0 ||
                   st->set_aside != s->status.set_aside || st->waiting != s->status.waiting;
    s->status = *st;
    s->status.generation = gen + (changed ? 1 : 0);
    pthread_mutex_unlock(&s->lock);
}

static bool stopping(struct sync *s)
{
    pthread_mutex_lock(&s->lock);
    bool stop = s->stopping;
    pthread_mutex_unlock(&s->lock);
    return stop;
}

/* Takes the NOTIFYs pg has read; true when another rack's was among them (this rack's own
 * push notifies itself too: no reason to pull). */
static bool notified(PGconn *pg)
{
    bool other = false;
    if (pg && PQconsumeInput(pg)) {
        PGnotify *n;
        while ((n = PQnotifies(pg)) != NULL) {
            other |= n->be_pid != PQbackendPID(pg);
            PQfreemem(n);
        }
    }
    return other;
}

/* Waits ms, or until a kick, a stop or a NOTIFY on pg (NULL: none). */
static void wait_for(struct sync *s, PGconn *pg, int ms)
{
    /* a NOTIFY that came during the round was read by the round's own queries: it waits in
     * libpq's queue with nothing left on the socket for poll, so the next round is now
     * (it waited out the whole poll before: the sync lag's p99 of about a second) */
    if (notified(pg))
        return;
    struct pollfd fds[2] = {{.fd = s->wake[0], .events = POLLIN}, {.fd = -1}};
    if (pg && PQsocket(pg) >= 0)
        fds[1] = (struct pollfd){.fd = PQsocket(pg), .events = POLLIN};
    if (poll(fds, 2, ms) > 0 && (fds[0].revents & POLLIN)) {
        char buf[64];
        while (read(s->wake[0], buf, sizeof buf) > 0) {
        }
    }
    notified(pg);
}

static PGconn *connect_listening(struct sync *s, char err[SYNC_ERR_MAX])
{
    char line[SERVER_ERR_MAX];
    PGconn *pg = server_connect(s->conninfo, line);
    if (!pg) {
        snprintf(err, SYNC_ERR_MAX, "%s", line);
        return NULL;
    }
    PGresult *r = PQexec(pg, "LISTEN " SYNC_CHANNEL);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok) {
        server_one_line(PQerrorMessage(pg), line);
        snprintf(err, SYNC_ERR_MAX, "listening for other racks: %.400s", line);
        PQfinish(pg);
        return NULL;
    }
    return pg;
}

static void *run_sync(struct sync *s)
{
    struct sync_status st;
    pthread_mutex_lock(&s->lock);
    st = s->status;
    pthread_mutex_unlock(&s->lock);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(s->db_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        snprintf(st.err, sizeof st.err, "cannot open %.300s for the sync: %.150s", s->db_path,
                 db ? sqlite3_errmsg(db) : "out of memory");
        set_status(s, &st);
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, STORE_BUSY_TIMEOUT_MS);
    sqlite3_exec(db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
    PGconn *pg = NULL;
    int64_t saved_us = st.heard_wall_us;
    bool pushed_any = false, pulled_any = false; /* since the contact was last written down */
    bool waiting = true; /* records set aside for an older schema: fetched again at first */
    while (!stopping(s)) {
        if (!pg)
            pg = connect_listening(s, st.err);
        long pushed = 0, pulled = 0;
        bool ok = pg &&
                  (!waiting || sync_pull_waiting(db, pg, s->rack, s->day_start_min, st.err) >= 0) &&
                  round_once(db, pg, s->rack, s->day_start_min, &pushed, &pulled, st.err) == 0;
        waiting &= !ok;
        st.connected = ok;
        st.pushed += pushed;
        st.pulled += pulled;
        pushed_any |= pushed > 0;
        pulled_any |= pulled > 0;
        if (ok) {
            st.err[0] = '\0';
            st.heard_wall_us = wall_now_us();
            if (st.heard_wall_us - saved_us >= SYNC_HEARD_SAVE_US &&
                sync_save_heard(db, st.heard_wall_us, pushed_any, pulled_any) == 0) {
                saved_us = st.heard_wall_us;
                pushed_any = pulled_any = false;
            }
        } else if (pg) { /* start afresh: the connection may be broken or mid-transaction */
            PQfinish(pg);
            pg = NULL;
        }
        st.outbox = sync_outbox_depth(db);
        st.set_aside = sync_set_aside(db);
        st.waiting = sync_pull_waiting_depth(db);
        set_status(s, &st);
        wait_for(s, pg, ok ? SYNC_POLL_MS : SYNC_RETRY_MS);
    }
    /* a kiosk stopping cleanly sends what it has while the server is there */
    char last_err[SYNC_ERR_MAX];
    while (pg && st.connected && sync_push(db, pg, s->rack, SYNC_PUSH_BATCH, last_err) > 0) {
    }
    if (st.connected && st.heard_wall_us > saved_us)
        sync_save_heard(db, st.heard_wall_us, pushed_any, pulled_any);
    PQfinish(pg);
    sqlite3_close(db);
    return NULL;
}

/*
 * The lifter's screens choose the process's language (ui/i18n.c sets LANGUAGE for
 * gettext), and libpq translates its messages with it; the server's messages go to the
 * rack's log for its operator, so this thread reads them in the C locale, where gettext
 * leaves them as written.
 */
static void *run(void *arg)
{
    locale_t c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (c_locale)
        uselocale(c_locale);
    void *r = run_sync(arg);
    if (c_locale) {
        uselocale(LC_GLOBAL_LOCALE);
        freelocale(c_locale);
    }
    return r;
}

struct sync *sync_start(const char *db_path, const char *conninfo, const char *rack,
                        int day_start_min, char err[SYNC_ERR_MAX])
{
    struct sync *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, SYNC_ERR_MAX, "out of memory for the sync");
        return NULL;
    }
    snprintf(s->db_path, sizeof s->db_path, "%s", db_path);
    snprintf(s->conninfo, sizeof s->conninfo, "%s", conninfo);
    snprintf(s->rack, sizeof s->rack, "%s", rack);
    s->day_start_min = day_start_min;
    s->status.running = true;
    s->status.outbox = -1;
    /* the last contact before this start: a kiosk started without a network is offline
     * from its last contact on, not from now */
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        int64_t heard = sync_heard(db);
        s->status.heard_wall_us = heard > 0 ? heard : 0;
        s->status.outbox = sync_outbox_depth(db);
    }
    sqlite3_close(db);
    pthread_mutex_init(&s->lock, NULL);
    if (pipe(s->wake) != 0) {
        snprintf(err, SYNC_ERR_MAX, "cannot start the sync: %s", strerror(errno));
        pthread_mutex_destroy(&s->lock);
        free(s);
        return NULL;
    }
    fcntl(s->wake[0], F_SETFL, O_NONBLOCK);
    fcntl(s->wake[1], F_SETFL, O_NONBLOCK);
    if (pthread_create(&s->thread, NULL, run, s) != 0) {
        snprintf(err, SYNC_ERR_MAX, "cannot start the sync thread");
        close(s->wake[0]);
        close(s->wake[1]);
        pthread_mutex_destroy(&s->lock);
        free(s);
        return NULL;
    }
    return s;
}

void sync_kick(struct sync *s)
{
    if (s && write(s->wake[1], "k", 1) < 0) {
        /* full: a wake-up is already waiting */
    }
}

void sync_get_status(struct sync *s, struct sync_status *out)
{
    if (!s) {
        memset(out, 0, sizeof *out);
        out->outbox = -1;
        return;
    }
    pthread_mutex_lock(&s->lock);
    *out = s->status;
    pthread_mutex_unlock(&s->lock);
}

/* One line on stderr when the link's state changed since *gen. */
static void log_change(const struct sync_status *st, uint64_t *gen)
{
    if (!st->running || st->generation == *gen)
        return;
    *gen = st->generation;
    static const char tag[] = "rackside: gym server";
    if (st->err[0])
        fprintf(stderr, "%s: %s (working offline; trying again)\n", tag, st->err);
    else if (st->connected)
        fprintf(stderr, "%s: in touch (%ld records waiting)\n", tag, st->outbox);
    if (st->set_aside > 0)
        fprintf(stderr,
                "%s: %ld records set aside, refused by the server (rackside-ctl server status "
                "says why; server retry after a fix)\n",
                tag, st->set_aside);
    if (st->waiting > 0)
        fprintf(stderr,
                "%s: %ld records from other racks wait here, refused by this rack's database "
                "(rackside-ctl server status says why; an upgrade takes them)\n",
                tag, st->waiting);
}

void sync_follow(struct sync *s, int64_t session_wall_us, int limit_s, uint64_t *gen,
                 struct server_link *out)
{
    struct sync_status st;
    sync_get_status(s, &st);
    *out = (struct server_link){.enabled = st.running,
                                .limit_s = limit_s,
                                .set_aside = st.set_aside > 0 ? st.set_aside : 0};
    if (st.heard_wall_us > 0)
        out->heard_wall_us = session_wall_us - (wall_now_us() - st.heard_wall_us);
    log_change(&st, gen);
}

void sync_stop(struct sync *s, uint64_t *gen)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    s->stopping = true;
    pthread_mutex_unlock(&s->lock);
    sync_kick(s);
    pthread_join(s->thread, NULL);
    if (gen) /* what the last round found, if nobody read it yet */
        log_change(&s->status, gen);
    close(s->wake[0]);
    close(s->wake[1]);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
