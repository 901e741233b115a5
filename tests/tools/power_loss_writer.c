/*
 * A scripted session for the power-loss test (tests/e2e/power_loss.sh): the kiosk's
 * store with its writer thread and journal, fed the records a session makes (check-in,
 * sets with reps and flags, flags, log-out) as fast as it takes them, until it is killed.
 * It writes "saved set KEY" to its log when a set's completion says ok: the moment the
 * screen shows "Saved".
 *
 * Usage: power_loss_writer DATA_DIR LOG KILLS SEED. Runs the session in a child process
 * KILLS times, each killed with SIGKILL after a random 10..160 ms, and checks with
 * PRAGMA integrity_check after every kill (in this process: no program to start, so the
 * moments stay random even on a busy machine). Exit 0 when every check said ok.
 */
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../app/store/store.h"

#define SETS_PER_SESSION 3
#define LIFTER           "Power Loss"

static int64_t wall_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

#define KILL_MIN_US    10000
#define KILL_SPREAD_US 150000

static int log_fd = -1;

static void take_dones(struct store *st)
{
    struct store_done d;
    while (store_next_done(st, &d)) {
        if (d.kind == EFFECT_SET_DONE && d.ok) {
            char line[64];
            int n = snprintf(line, sizeof line, "saved set %lld\n", (long long)d.key);
            if (write(log_fd, line, (size_t)n) != n) /* unbuffered: nothing held back */
                exit(1);
        }
        store_done_release(&d);
    }
}

static void submit(struct store *st, const struct effect *e)
{
    while (store_submit(st, e) != 0) {
        store_flush(st);
        take_dones(st);
    }
    take_dones(st);
}

static void make_set(struct live_set *s, int64_t key, unsigned *seed)
{
    memset(s, 0, sizeof *s);
    s->key = key;
    s->exercise_id = 1;
    s->load_g = 40000 + (int32_t)(rand_r(seed) % 40) * 1250;
    s->target_reps = 5;
    s->n_reps = 1 + (int)(rand_r(seed) % SET_MAX_REPS);
    s->t_start_wall_us = key;
    s->clean = rand_r(seed) % 2;
    s->left_pct = 50;
    for (int i = 0; i < s->n_reps; i++) {
        s->reps[i].index = i + 1;
        s->reps[i].ecc_ms = 2000 + (int)(rand_r(seed) % 2000);
        for (int k = 0; k < REP_TRACE_POINTS; k++)
            s->reps[i].trace_mmps[k] = (int16_t)(rand_r(seed) % 2000 - 1000);
    }
    s->n_flags = (int)(rand_r(seed) % 3);
    for (int i = 0; i < s->n_flags; i++)
        s->flags[i] = (struct raised_flag){FLAG_RUSHED, SEVERITY_CAUTION, i + 1, "rushed"};
}

/* The child: a session after a session until it is killed. */
static int run_sessions(const char *dir, unsigned seed)
{
    char path[4096], journal[4200], err[STORE_ERR_MAX];
    if (store_make_data_dir(dir, err) != 0 || store_db_path(dir, path, sizeof path) != 0)
        return 1;
    snprintf(journal, sizeof journal, "%s%s", path, STORE_JOURNAL_SUFFIX);
    struct store *st = store_open(path, true, err);
    if (!st) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    if (store_use_journal(st, journal, err) < 0)
        fprintf(stderr, "%s\n", err);
    struct member_row who;
    int64_t id;
    if (store_find_member(st, LIFTER, &who, err) == 1)
        id = who.id;
    else if (store_member_add(st, LIFTER, ROLE_LIFTER, NULL, &id, err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    static struct live_set set;
    for (;;) {
        int64_t session = wall_us();
        struct effect open = {.kind = EFFECT_SESSION_OPEN,
                              .t_wall_us = session,
                              .session_key = session,
                              .member_id = id,
                              .pain = (int)(rand_r(&seed) % 4),
                              .body_g = 80000};
        submit(st, &open);
        for (int k = 0; k < SETS_PER_SESSION; k++) {
            make_set(&set, wall_us(), &seed);
            struct effect done = {.kind = EFFECT_SET_DONE,
                                  .t_wall_us = set.key,
                                  .session_key = session,
                                  .member_id = id,
                                  .key = set.key,
                                  .set = &set};
            submit(st, &done);
            store_flush(st); /* one set at a time, as at the rack */
            take_dones(st);
        }
        struct effect flag = {
            .kind = EFFECT_FLAG, .t_wall_us = wall_us(), .session_key = session, .member_id = id};
        flag.flag = (struct raised_flag){FLAG_WARMUP_SKIPPED, SEVERITY_INFO, 0, "skipped"};
        submit(st, &flag);
        struct effect close = {.kind = EFFECT_SESSION_CLOSE,
                               .t_wall_us = wall_us(),
                               .session_key = session,
                               .member_id = id};
        submit(st, &close);
    }
}

static int integrity_ok(const char *dir)
{
    char path[4096];
    if (store_db_path(dir, path, sizeof path) != 0)
        return 0;
    if (access(path, F_OK) != 0)
        return 1; /* killed before it made the file: nothing to damage */
    sqlite3 *db;
    int ok = 0;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
        sqlite3_stmt *q;
        if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) == SQLITE_OK) {
            ok = sqlite3_step(q) == SQLITE_ROW &&
                 strcmp((const char *)sqlite3_column_text(q, 0), "ok") == 0;
            if (!ok && sqlite3_column_text(q, 0))
                fprintf(stderr, "integrity_check: %s\n", sqlite3_column_text(q, 0));
            sqlite3_finalize(q);
        }
    }
    sqlite3_close(db);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc != 5)
        return 2;
    const char *dir = argv[1];
    int kills = atoi(argv[3]);
    unsigned seed = (unsigned)strtoul(argv[4], NULL, 10);
    log_fd = open(argv[2], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (log_fd < 0)
        return 1;
    for (int i = 0; i < kills; i++) {
        unsigned child_seed = rand_r(&seed);
        pid_t pid = fork();
        if (pid < 0)
            return 1;
        if (pid == 0)
            _exit(run_sessions(dir, child_seed));
        usleep(KILL_MIN_US + rand_r(&seed) % KILL_SPREAD_US);
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        if (WIFEXITED(status)) {
            fprintf(stderr, "run %d ended by itself (status %d)\n", i + 1, WEXITSTATUS(status));
            return 1;
        }
        if (!integrity_ok(dir)) {
            fprintf(stderr, "after kill %d the database is damaged\n", i + 1);
            return 1;
        }
    }
    return 0;
}
