/*
 * gen-gymdb: builds a gym's database as the kiosk would have written it over years, for
 * benchmarks and for trying the operator's tools on something the size of a real gym.
 *
 *   gen-gymdb --out FILE [--members N] [--years Y] [--seed S] [--visits-per-day V]
 *
 * Defaults: 5000 members, 5 years up to today, seed 1, 40 visits a day at the rack.
 * Members join and leave over the years; each comes at their own rate, regulars often;
 * a visit is a check-in (pain, rarely red flags), a warm-up (sometimes skipped), three
 * work sets of one exercise with five reps each (tempo, velocities, a plot trace) and the
 * flags the kiosk would raise, most of them acknowledged by a trainer. Loads climb while
 * sets are clean and drop back after time away. The schema is made by the store itself,
 * so the file is at the version this rackside writes. Same seed, same database (but for
 * the dates, which end today).
 */
#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "../../app/core/flag_detail.h"
#include "../../app/store/store.h"

#define DAY_START_MIN  240 /* the kiosk's default: the gym's day starts at 04:00 */
#define US_PER_S       1000000LL
#define US_PER_MIN     (60 * US_PER_S)
#define OPEN_MIN       (6 * 60) /* first visit 06:00 */
#define OPEN_SPAN_MIN  (15 * 60)
#define SETS_PER_VISIT 3
#define REPS_PER_SET   5
#define TRAINER_EVERY  100 /* one member in this many is a trainer */
#define EXERCISES      4
#define TRAINER_PIN    "2468"
#define EMPTY_BAR_G    20000

static uint64_t rng_state;

/* splitmix64: small, fast, and the same stream on every machine */
static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double unit(void)
{
    return (double)(rnd() >> 11) / (double)(1ULL << 53);
}

static int between(int lo, int hi)
{
    return lo + (int)(unit() * (hi - lo + 1));
}

struct member {
    int64_t id;
    int join_day, leave_day; /* days from the first day; active in [join, leave) */
    double weight;           /* how likely a visit is theirs, 0..1 */
    bool trainer;
    int32_t load_g[EXERCISES];
    int last_day[EXERCISES];
};

struct gen {
    sqlite3 *db;
    sqlite3_stmt *session, *day, *set, *rep, *flag, *ack;
    struct member *m;
    int n_members, n_trainers;
    int64_t *trainers;
    int64_t first_day; /* the gym day number of day 0 */
    int days, visits_per_day;
    int64_t session_key, set_key, flag_id;
    long n_sessions, n_sets, n_reps, n_flags;
};

static const char *const first_names[] = {
    "Alex",  "Sam",  "Jordan", "Robin", "Kim",  "Noor", "Lena", "Tomas", "Ayo", "Mira",
    "Yusuf", "Ines", "Pavel",  "Chen",  "Rosa", "Ola",  "Hana", "Luis",  "Eva", "Kofi"};
static const char *const last_names[] = {"Rivera",   "Lee",    "Okafor",  "Novak",   "Sato",
                                         "Haddad",   "Berg",   "Costa",   "Ivanova", "Mensah",
                                         "Larsen",   "Moreau", "Singh",   "Kowal",   "Abadi",
                                         "Nieminen", "Park",   "Fischer", "Ruiz",    "Tan"};

static int exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "gen-gymdb: %s: %s\n", sql, msg ? msg : "?");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
        fprintf(stderr, "gen-gymdb: %s: %s\n", sql, sqlite3_errmsg(db));
    return q;
}

/* Binds the values (int64) and runs the statement; text and blobs are bound by the caller. */
static int step(sqlite3_stmt *q)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "gen-gymdb: %s\n", sqlite3_errmsg(sqlite3_db_handle(q)));
        return -1;
    }
    return 0;
}

static int64_t day_start_us(const struct gen *g, int day)
{
    int64_t start;
    store_gym_day_bounds(g->first_day + day, DAY_START_MIN, &start, NULL);
    return start;
}

/* Members, badges and trainers: the first trainer through the store (its PIN hash), the
 * others share that hash (hashing thousands of PINs would take minutes). */
static int add_first_trainer(struct store *st, int64_t *id)
{
    char err[STORE_ERR_MAX];
    if (store_member_add(st, "Trainer Zero", ROLE_TRAINER, TRAINER_PIN, id, err) != 0 ||
        store_badge_add(st, "T0000000", *id, err) != 0) {
        fprintf(stderr, "gen-gymdb: %s\n", err);
        return -1;
    }
    return 0;
}

static int add_members(struct gen *g, int64_t first_trainer)
{
    g->trainers[g->n_trainers++] = first_trainer;
    sqlite3_stmt *mq = prep(g->db, "INSERT INTO members (id, name, role, pin_hash, created_us) "
                                   "SELECT ?1, ?2, ?3, CASE WHEN ?3 = 'trainer' THEN pin_hash END, "
                                   "?4 FROM members WHERE id = ?5");
    sqlite3_stmt *bq = prep(g->db, "INSERT INTO badges (uid, member_id) VALUES (?1, ?2)");
    if (!mq || !bq)
        return -1;
    for (int i = 0; i < g->n_members; i++) {
        struct member *m = &g->m[i];
        m->id = first_trainer + 1 + i;
        m->trainer = i % TRAINER_EVERY == 0;
        m->join_day = between(0, g->days - 1);
        /* time until leaving: exponential around 1.5 years; a third never leave */
        int stay = unit() < 0.33 ? g->days : (int)(-547.0 * log1p(-unit() * 0.999)) + 14;
        m->leave_day = m->join_day + stay > g->days ? g->days : m->join_day + stay;
        m->weight = 0.05 + 0.95 * unit() * unit(); /* most come now and then, a few often */
        for (int e = 0; e < EXERCISES; e++) {
            m->load_g[e] = (e == 2 || e == 3 ? 20000 : 40000) + 2500 * between(0, 16);
            m->last_day[e] = -1000;
        }
        char name[64], uid[16];
        snprintf(name, sizeof name, "%s %s %05d", first_names[rnd() % 20], last_names[rnd() % 20],
                 i + 1);
        snprintf(uid, sizeof uid, "B%07d", i + 1);
        sqlite3_bind_int64(mq, 1, m->id);
        sqlite3_bind_text(mq, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(mq, 3, m->trainer ? "trainer" : "lifter", -1, SQLITE_STATIC);
        sqlite3_bind_int64(mq, 4, day_start_us(g, m->join_day));
        sqlite3_bind_int64(mq, 5, first_trainer);
        sqlite3_bind_text(bq, 1, uid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(bq, 2, m->id);
        if (step(mq) != 0 || step(bq) != 0)
            return -1;
        if (m->trainer)
            g->trainers[g->n_trainers++] = m->id;
    }
    sqlite3_finalize(mq);
    sqlite3_finalize(bq);
    return 0;
}

static int add_flag(struct gen *g, int64_t t_us, const struct member *m, int64_t set_key,
                    const char *kind, const char *severity, int rep, const char *detail, int day)
{
    sqlite3_stmt *q = g->flag;
    int64_t id = ++g->flag_id;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, t_us);
    sqlite3_bind_int64(q, 3, m->id);
    sqlite3_bind_int64(q, 4, g->session_key);
    if (set_key)
        sqlite3_bind_int64(q, 5, set_key);
    sqlite3_bind_text(q, 6, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 7, severity, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 8, rep);
    sqlite3_bind_text(q, 9, detail, -1, SQLITE_TRANSIENT);
    if (step(q) != 0)
        return -1;
    g->n_flags++;
    /* trainers catch up within days; the last few days are partly unreviewed */
    bool acked = day < g->days - 3 ? unit() < 0.9 : unit() < 0.3;
    if (!acked)
        return 0;
    static const char *const notes[] = {"talked it through", "watched the next set",
                                        "sent to physio", "load lowered"};
    sqlite3_bind_int64(g->ack, 1, id);
    sqlite3_bind_int64(g->ack, 2, t_us + between(10, 600) * US_PER_MIN);
    sqlite3_bind_int64(g->ack, 3, g->trainers[rnd() % (uint64_t)g->n_trainers]);
    sqlite3_bind_text(g->ack, 4, notes[rnd() % 4], -1, SQLITE_STATIC);
    return step(g->ack);
}

/* A flag's detail as the session writes it: shape (flag_detail.h) filled with numbers,
 * each given as printf would ("%d", "%.1f"), so the trainer's screens say it in their
 * reader's words. */
static void detail_of(char *out, size_t n, int shape, int n_args, ...)
{
    char num[3][24];
    const char *args[3];
    va_list ap;
    va_start(ap, n_args);
    for (int i = 0; i < n_args && i < 3; i++) {
        const char *how = va_arg(ap, const char *);
        if (strcmp(how, "%.1f") == 0)
            snprintf(num[i], sizeof num[i], "%.1f", va_arg(ap, double));
        else
            snprintf(num[i], sizeof num[i], "%d", va_arg(ap, int));
        args[i] = num[i];
    }
    va_end(ap);
    phrase_fill(out, n, flag_detail_phrases_en[shape], args, n_args);
}

/* A rep's vertical velocity across its phases: down (negative), then up. */
static void rep_trace(int32_t down_mmps, int32_t up_mmps, double down_share,
                      unsigned char out[2 * REP_TRACE_POINTS])
{
    for (int i = 0; i < REP_TRACE_POINTS; i++) {
        double x = (i + 0.5) / REP_TRACE_POINTS, v;
        if (x < down_share)
            v = -down_mmps * sin(M_PI * x / down_share);
        else
            v = up_mmps * sin(M_PI * (x - down_share) / (1 - down_share));
        int16_t s = (int16_t)lround(v);
        out[2 * i] = (unsigned char)((uint16_t)s & 0xff);
        out[2 * i + 1] = (unsigned char)((uint16_t)s >> 8);
    }
}

static int add_set(struct gen *g, struct member *m, int e, int day, int64_t t_us, int n)
{
    int64_t key = ++g->set_key;
    int32_t load = m->load_g[e];
    bool stopped = unit() < 0.02;
    int reps = stopped ? between(1, REPS_PER_SET - 1) : REPS_PER_SET;
    bool clean = !stopped && unit() < 0.88;
    sqlite3_stmt *q = g->set;
    int64_t vals[] = {key,    g->session_key, m->id, e + 1, t_us,   load,
                      e == 3, REPS_PER_SET,   reps,  clean, stopped};
    for (int i = 0; i < 11; i++)
        sqlite3_bind_int64(q, i + 1, vals[i]);
    if (step(q) != 0)
        return -1;
    g->n_sets++;
    double v0 = 0.45 + 0.35 * unit() - 0.05 * n; /* slower as the sets go on */
    int32_t first_mmps = 0;
    for (int r = 1; r <= reps; r++) {
        int32_t conc_mmps = (int32_t)(1000 * v0 * (1.0 - 0.055 * (r - 1) * (0.4 + unit())));
        if (r == 1)
            first_mmps = conc_mmps;
        int32_t ecc_ms = (int32_t)(3000 * (0.68 + 0.4 * unit()));
        bool rushed = ecc_ms < 2100;
        bool momentum = unit() < 0.02;
        int32_t rom = 450 + between(0, 200), conc_ms = (int32_t)(1000.0 * rom / conc_mmps);
        int32_t bottom = between(200, 1200), top = between(0, 600);
        unsigned char trace[2 * REP_TRACE_POINTS];
        rep_trace(1000 * rom / ecc_ms * 3 / 2, conc_mmps * 3 / 2,
                  (double)ecc_ms / (ecc_ms + conc_ms), trace);
        int64_t rv[] = {key,
                        r,
                        ecc_ms,
                        bottom,
                        conc_ms,
                        top,
                        rom,
                        conc_mmps,
                        conc_mmps * 3 / 2,
                        between(50, 400),
                        between(5, 60),
                        rushed,
                        momentum};
        for (int i = 0; i < 13; i++)
            sqlite3_bind_int64(g->rep, i + 1, rv[i]);
        sqlite3_bind_blob(g->rep, 14, trace, sizeof trace, SQLITE_TRANSIENT);
        sqlite3_bind_int64(g->rep, 15, conc_mmps * 11 / 10);
        sqlite3_bind_int64(g->rep, 16, between(0, 300));
        sqlite3_bind_int64(g->rep, 17, momentum ? between(100, 160) : between(10, 90));
        if (step(g->rep) != 0)
            return -1;
        g->n_reps++;
        int64_t rep_t = t_us + (int64_t)r * 6 * US_PER_S;
        char detail[96];
        if (rushed) {
            detail_of(detail, sizeof detail, FLAG_DETAIL_RUSHED, 3, "%d", r, "%.1f",
                      ecc_ms / 1000.0, "%.1f", 3.0); /* the cue: 3 s down */
            if (add_flag(g, rep_t, m, key, flag_kind_id(FLAG_RUSHED), "caution", r, detail, day) !=
                0)
                return -1;
        }
        if (momentum &&
            (detail_of(detail, sizeof detail, FLAG_DETAIL_MOMENTUM, 3, "%d", r, "%d",
                       (int)(350 + conc_mmps % 400), "%d", 20 + 7 * r),
             add_flag(g, rep_t, m, key, flag_kind_id(FLAG_MOMENTUM), "caution", r, detail, day)))
            return -1;
        if (r > 1 && conc_mmps < first_mmps * 70 / 100) {
            detail_of(detail, sizeof detail, FLAG_DETAIL_SLOWER, 2, "%d", r, "%d",
                      (int)(100 - 100 * conc_mmps / first_mmps));
            if (add_flag(g, rep_t, m, key, flag_kind_id(FLAG_VELOCITY_LOSS), "caution", r, detail,
                         day) != 0)
                return -1;
        }
    }
    char over[96], on_bar[24], cap[24]; /* 2.5 kg over the cap, in kg as the session keeps it */
    snprintf(on_bar, sizeof on_bar, "%g", (load + 2500) / 1000.0);
    snprintf(cap, sizeof cap, "%g", load / 1000.0);
    phrase_fill(over, sizeof over, flag_detail_phrases_en[FLAG_DETAIL_OVERLOAD],
                (const char *[]){on_bar, cap}, 2);
    if (stopped && add_flag(g, t_us + 30 * US_PER_S, m, key, flag_kind_id(FLAG_OVERLOAD), "stop", 0,
                            over, day) != 0)
        return -1;
    return clean ? 1 : 0;
}

/* One visit: check-in, warm-up, sets; or advice and no lifting. */
static int add_visit(struct gen *g, struct member *m, int day)
{
    int64_t t = day_start_us(g, day) + (OPEN_MIN - DAY_START_MIN) * US_PER_MIN +
                (int64_t)between(0, OPEN_SPAN_MIN - 60) * US_PER_MIN + between(0, 59) * US_PER_S;
    double u = unit();
    int pain = u < 0.80 ? 0 : u < 0.93 ? between(1, 3) : u < 0.99 ? between(4, 5) : between(6, 8);
    unsigned reds = unit() < 0.003 ? 1u << between(0, RED_FLAG_QUESTIONS - 1) : 0;
    bool no_lift = pain >= 6 || reds;
    bool warmup = unit() > 0.05;
    int64_t key = ++g->session_key;
    int64_t sv[] = {
        key, m->id, t, t + between(20, 70) * US_PER_MIN, pain, reds, between(55000, 120000)};
    for (int i = 0; i < 7; i++)
        sqlite3_bind_int64(g->session, i + 1, sv[i]);
    int64_t dv[] = {m->id, g->first_day + day, pain, reds, no_lift, t + 4 * US_PER_MIN, t};
    for (int i = 0; i < 7; i++)
        if (i != 5 || (warmup && !no_lift))
            sqlite3_bind_int64(g->day, i + 1, dv[i]);
    if (step(g->session) != 0 || step(g->day) != 0)
        return -1;
    g->n_sessions++;
    char detail[64];
    if (pain >= 4) {
        snprintf(detail, sizeof detail, "pain %d/10 at check-in", pain);
        if (add_flag(g, t, m, 0, flag_kind_id(FLAG_PAIN), pain >= 6 ? "stop" : "caution", 0, detail,
                     day) != 0)
            return -1;
    }
    if (reds) {
        for (int i = 0; i < RED_FLAG_QUESTIONS; i++)
            if (reds & (1u << i))
                snprintf(detail, sizeof detail, "red flag #%d", i + 1);
        if (add_flag(g, t, m, 0, flag_kind_id(FLAG_RED_FLAG), "stop", 0, detail, day) != 0)
            return -1;
    }
    if (no_lift)
        return 0;
    char skipped[96]; /* skipped at its first step, as the session says it */
    detail_of(skipped, sizeof skipped, FLAG_DETAIL_SKIPPED, 3, "%d", 1, "%d", 5, "%d", 0);
    if (!warmup && add_flag(g, t + 2 * US_PER_MIN, m, 0, flag_kind_id(FLAG_WARMUP_SKIPPED),
                            "caution", 0, skipped, day) != 0)
        return -1;
    int e = m->trainer ? 0 : (int)(rnd() % EXERCISES);
    int away = day - m->last_day[e];
    if (away > 28) /* the kiosk's rules: back to 80 % after a long time away */
        m->load_g[e] = m->load_g[e] * 8 / 10 / 2500 * 2500;
    else if (away > 14)
        m->load_g[e] = m->load_g[e] * 9 / 10 / 2500 * 2500;
    if (m->load_g[e] < EMPTY_BAR_G)
        m->load_g[e] = EMPTY_BAR_G;
    m->last_day[e] = day;
    int clean = 0;
    for (int n = 0; n < SETS_PER_VISIT; n++) {
        int rc = add_set(g, m, e, day, t + (8 + 4 * n) * US_PER_MIN, n);
        if (rc < 0)
            return -1;
        clean += rc;
    }
    if (clean == SETS_PER_VISIT && pain < 4 && unit() < 0.4)
        m->load_g[e] += e == 2 || e == 3 ? 1250 : 2500;
    return 0;
}

static int prepare(struct gen *g)
{
    g->session = prep(g->db, "INSERT INTO sessions (key, member_id, started_us, ended_us, pain, "
                             "red_flags, body_g) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    g->day = prep(g->db, "INSERT OR REPLACE INTO day_checkins (member_id, day, pain_max, "
                         "red_flags, no_lift, warmup_done_us, updated_us) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    g->set = prep(g->db, "INSERT INTO sets (key, session_key, member_id, exercise_id, "
                         "started_us, load_g, declared, target_reps, reps_done, clean, stopped) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    g->rep = prep(g->db, "INSERT INTO reps (set_key, idx, ecc_ms, bottom_ms, conc_ms, top_ms, "
                         "rom_mm, mean_conc_mmps, peak_conc_mmps, peak_horiz_mg, peak_gyro_dps, "
                         "rushed, momentum, trace, mean_prop_mmps, tilt_cdeg, momentum_pct) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                         "?15, ?16, ?17)");
    g->flag = prep(g->db, "INSERT INTO flags (id, t_us, member_id, session_key, set_key, kind, "
                          "severity, rep, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    g->ack = prep(g->db, "INSERT INTO acknowledgements (flag_id, t_us, by_member_id, note) "
                         "VALUES (?1, ?2, ?3, ?4)");
    return g->session && g->day && g->set && g->rep && g->flag && g->ack ? 0 : -1;
}

/* Each day, visits_per_day visits by members active that day, picked by their weight. */
static int add_days(struct gen *g)
{
    char *seen = calloc((size_t)g->n_members, 1);
    if (!seen)
        return -1;
    for (int day = 0; day < g->days; day++) {
        memset(seen, 0, (size_t)g->n_members);
        int want = g->visits_per_day * (7 + between(-2, 2)) / 7, got = 0;
        for (int tries = 0; got < want && tries < 200 * want; tries++) {
            int i = (int)(rnd() % (uint64_t)g->n_members);
            struct member *m = &g->m[i];
            if (seen[i] || day < m->join_day || day >= m->leave_day || unit() > m->weight)
                continue;
            seen[i] = 1;
            got++;
            if (add_visit(g, m, day) != 0) {
                free(seen);
                return -1;
            }
        }
    }
    free(seen);
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: gen-gymdb --out FILE [--members N] [--years Y] [--seed S] "
                    "[--visits-per-day V]\n");
    return 2;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

int main(int argc, char **argv)
{
    const char *out = NULL;
    int members = 5000, years = 5, seed = 1, visits = 40;
    for (int i = 1; i < argc; i += 2) { /* every option takes a value */
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int bad = !v;
        if (strcmp(argv[i], "--out") == 0 && v)
            out = v;
        else if (strcmp(argv[i], "--members") == 0 && v)
            bad = parse_int(v, 2, 1000000, &members);
        else if (strcmp(argv[i], "--years") == 0 && v)
            bad = parse_int(v, 1, 50, &years);
        else if (strcmp(argv[i], "--seed") == 0 && v)
            bad = parse_int(v, 0, 2147483647, &seed);
        else if (strcmp(argv[i], "--visits-per-day") == 0 && v)
            bad = parse_int(v, 1, 10000, &visits);
        else
            bad = 1;
        if (bad)
            return usage();
    }
    if (!out)
        return usage();
    if (access(out, F_OK) == 0) {
        fprintf(stderr, "gen-gymdb: %s exists: remove it first\n", out);
        return 1;
    }
    if (sodium_init() < 0)
        return 1;
    rng_state = (uint64_t)seed * 0x2545f4914f6cdd1dULL + 1;

    char err[STORE_ERR_MAX];
    struct store *st = store_open(out, false, err);
    if (!st) {
        fprintf(stderr, "gen-gymdb: %s\n", err);
        return 1;
    }
    struct gen g = {.n_members = members, .visits_per_day = visits, .days = years * 365};
    g.m = calloc((size_t)members, sizeof *g.m);
    g.trainers = calloc((size_t)members + 1, sizeof *g.trainers);
    g.first_day = store_gym_day((int64_t)time(NULL) * US_PER_S, DAY_START_MIN) - g.days + 1;
    int rc = 1;
    int64_t first_trainer = 0;
    bool trainer_ok = g.m && g.trainers && add_first_trainer(st, &first_trainer) == 0;
    /* the store's connection closes first: the file is then this generator's alone */
    store_close(st);
    if (trainer_ok && sqlite3_open(out, &g.db) == SQLITE_OK &&
        /* one transaction of some 300 MB: with SQLite's 2 MB cache the indexes' pages went
         * out to the file and back at random (205 s, 57 s of it CPU); 256 MB holds them.
         * No journal while it is made (WAL wrote every page twice, to the log and then
         * to the file); the store's WAL again once it is whole */
        exec(g.db, "PRAGMA journal_mode = OFF; PRAGMA foreign_keys = ON; "
                   "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; "
                   "PRAGMA temp_store = MEMORY; BEGIN") == 0 &&
        add_members(&g, first_trainer) == 0 && prepare(&g) == 0 && add_days(&g) == 0 &&
        exec(g.db, "COMMIT") == 0)
        rc = 0;
    sqlite3_stmt *all[] = {g.session, g.day, g.set, g.rep, g.flag, g.ack};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        sqlite3_finalize(all[i]);
    if (rc == 0 && exec(g.db, "PRAGMA journal_mode = WAL") != 0)
        rc = 1;
    sqlite3_close(g.db);
    /* the query planner's statistics of the whole gym, as the kiosk's own sampled ANALYZE
     * leaves them (without them a badge's look-up planned a scan of the badges) */
    if (rc == 0) {
        st = store_open(out, false, err);
        if (!st || store_analyze(st) != 0) {
            fprintf(stderr, "gen-gymdb: %s\n", st ? "cannot refresh the statistics" : err);
            rc = 1;
        }
        store_close(st);
    }
    if (rc == 0)
        printf("%s: %d members (%d trainers), %d days, %ld check-ins, %ld sets, %ld reps, "
               "%ld flags\n",
               out, members, g.n_trainers, g.days, g.n_sessions, g.n_sets, g.n_reps, g.n_flags);
    free(g.m);
    free(g.trainers);
    return rc;
}
