/*
 * Progression: a table of cases from tests/data/progression/cases.txt (every rule and
 * boundary of DESIGN.md "Progression", each with the history as the offline check reads
 * it), then properties over generated histories with fixed seeds.
 *
 * Case file: "case NAME" opens a case; "conf SECTION KEY = VALUE" sets a config line (read
 * by the kiosk's own config loader); "row CSV" adds a history line
 * (date,exercise,load_kg,target_reps,done_reps,clean,pain), " stop" after it marks a
 * stop-flagged set, and an eighth field is the set's velocity_mps (the case's header then
 * names it); "ask EXERCISE YYYY-MM-DD [pain=N] [start=KG] [override=KG]
 * [step_max=KG|2.5kg|5lb|2.5kg,5lb] [ramp=MMPS usual=MMPS] [ramp_set=KG,M/S] [drop=PCT]" (step_max:
 * the exercise's own largest step; drop: its own readiness drop; ramp_set: today's last ramp set,
 * as rackside-ctl allowed --ramp, its usual speed from the rows' velocities); "want KG|LBlb|null
 * REASON [below]"; "says TEXT" a part of the sentence; "never TEXT" a part it must not hold;
 * "shown KG|LBlb" the best clean set as the rack's plates make it (what the plan shows).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../app/config.h"
#include "../../app/core/history_csv.h"
#include "../../app/core/progression.h"

#ifndef CAP_FN /* the table can be run against another implementation of the rule */
#define CAP_FN progression_cap
#endif

#define CASE_ROWS  64
#define LINE_MAX_  512
#define CONF_MAX   1024
#define LB_SLACK_G 3 /* a pound load to the gram, written in kg to the gram: PLATES_LB_SAME_G */

static const char *const reason_names[] = {
    [PROGRESSION_STEP] = "step",
    [PROGRESSION_HOLD_STANDING] = "hold_standing",
    [PROGRESSION_HOLD_RECENT] = "hold_recent",
    [PROGRESSION_AWAY_SHORT] = "away_short",
    [PROGRESSION_AWAY_LONG] = "away_long",
    [PROGRESSION_PAIN_LAST] = "pain_last",
    [PROGRESSION_START_LOAD] = "start_load",
    [PROGRESSION_EMPTY_BAR] = "empty_bar",
    [PROGRESSION_OVERRIDE] = "override",
    [PROGRESSION_PAIN_TODAY] = "pain_today",
    [PROGRESSION_TWO_FOR_TWO] = "two_for_two",
    [PROGRESSION_SLOW] = "slow",
    [PROGRESSION_NO_LIFT] = "no_lift",
    [PROGRESSION_HOLD_ATTEMPT] = "hold_attempt",
};
#define N_REASONS ((int)(sizeof reason_names / sizeof reason_names[0]))

struct tcase {
    char name[96];
    int line;
    char conf[CONF_MAX];
    char csv[CASE_ROWS * 64];
    bool stop[CASE_ROWS];
    int n_rows;
    char exercise[16];
    int64_t today;
    int pain, ramp, usual;
    int drop_pct;       /* drop=: the exercise's own readiness drop, 0 none */
    int32_t ramp_set_g; /* ramp_set=: 0 none */
    int ramp_set_mmps;
    bool velocity; /* the rows have velocity_mps */
    int32_t start_g, override_g;
    int32_t step_max_mu[2]; /* step_max=: per rack unit */
    bool want_null, want_lb, want_below;
    double want_value;
    int want_reason;
    bool shown_set, shown_lb; /* "shown": B as the rack's plates make it */
    double shown_value;
    char says[4][160];
    bool says_not[4]; /* "never": the sentence must not hold it */
    int n_says;
};

static int32_t kg_to_g(const char *s)
{
    return (int32_t)(atof(s) * 1000.0 + 0.5);
}

static int reason_named(const char *s)
{
    for (int i = 0; i < N_REASONS; i++)
        if (reason_names[i] && strcmp(reason_names[i], s) == 0)
            return i;
    fail_msg("unknown reason '%s'", s);
    return -1;
}

/* step_max=2.5 (kilograms, as step_max_kg), =2.5kg, =5lb or =2.5kg,5lb (as step_max). */
static void step_max_of(struct tcase *c, const char *s)
{
    static const double min[2] = {0.5, 1}, max[2] = {50, 110};
    if (strpbrk(s, "kl") == NULL)
        c->step_max_mu[RACK_KG] = kg_to_g(s);
    else if (plates_parse_steps(s, min, max, c->step_max_mu) != 0)
        fail_msg("line %d: step_max=%s is not 2.5, 2.5kg, 5lb or 2.5kg,5lb", c->line, s);
}

static void parse_ask(struct tcase *c, char *rest)
{
    char *save = NULL;
    char *tok = strtok_r(rest, " ", &save);
    snprintf(c->exercise, sizeof c->exercise, "%s", tok ? tok : "");
    tok = strtok_r(NULL, " ", &save);
    c->today = tok ? history_parse_date(tok, strlen(tok)) : -1;
    assert_true(c->today >= 0);
    while ((tok = strtok_r(NULL, " ", &save))) {
        if (strncmp(tok, "pain=", 5) == 0)
            c->pain = atoi(tok + 5);
        else if (strncmp(tok, "start=", 6) == 0)
            c->start_g = kg_to_g(tok + 6);
        else if (strncmp(tok, "step_max=", 9) == 0)
            step_max_of(c, tok + 9);
        else if (strncmp(tok, "override=", 9) == 0)
            c->override_g = kg_to_g(tok + 9);
        else if (strncmp(tok, "ramp=", 5) == 0)
            c->ramp = atoi(tok + 5);
        else if (strncmp(tok, "usual=", 6) == 0)
            c->usual = atoi(tok + 6);
        else if (strncmp(tok, "drop=", 5) == 0)
            c->drop_pct = atoi(tok + 5);
        else if (strncmp(tok, "ramp_set=", 9) == 0) {
            const char *comma = strchr(tok + 9, ',');
            assert_non_null(comma);
            c->ramp_set_g = history_parse_load(tok + 9, (size_t)(comma - (tok + 9)));
            c->ramp_set_mmps = history_parse_velocity(comma + 1, strlen(comma + 1));
            assert_true(c->ramp_set_g > 0 && c->ramp_set_mmps > 0);
        } else
            fail_msg("line %d: unknown ask option '%s'", c->line, tok);
    }
}

static void parse_want(struct tcase *c, char *rest)
{
    char *save = NULL;
    char *value = strtok_r(rest, " ", &save);
    char *reason = strtok_r(NULL, " ", &save);
    char *flag = strtok_r(NULL, " ", &save);
    assert_non_null(value);
    assert_non_null(reason);
    c->want_null = strcmp(value, "null") == 0;
    c->want_lb = strstr(value, "lb") != NULL;
    c->want_value = atof(value);
    c->want_reason = reason_named(reason);
    c->want_below = flag && strcmp(flag, "below") == 0;
}

/* One case's lines; returns false at the end of the file. */
static bool next_case(FILE *f, int *lineno, struct tcase *c)
{
    char line[LINE_MAX_];
    bool open = false;
    long pos = ftell(f);
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "case ", 5) == 0) {
            if (open) {
                fseek(f, pos, SEEK_SET);
                return true;
            }
            memset(c, 0, sizeof *c);
            snprintf(c->name, sizeof c->name, "%.90s", line + 5);
            c->line = *lineno + 1;
            snprintf(c->csv, sizeof c->csv, "%s\n", HISTORY_CSV_HEADER);
            open = true;
        } else if (strncmp(line, "conf ", 5) == 0) {
            char section[32], rest[256];
            assert_int_equal(sscanf(line + 5, "%31s %255[^\n]", section, rest), 2);
            size_t len = strlen(c->conf);
            snprintf(c->conf + len, sizeof c->conf - len, "[%s]\n%s\n", section, rest);
        } else if (strncmp(line, "row ", 4) == 0) {
            char *row = line + 4;
            size_t len = strlen(row);
            assert_true(c->n_rows < CASE_ROWS);
            if (len > 5 && strcmp(row + len - 5, " stop") == 0) {
                row[len - 5] = '\0';
                c->stop[c->n_rows] = true;
            }
            c->n_rows++;
            int commas = 0;
            for (const char *q = row; *q; q++)
                commas += *q == ',';
            if (commas == 7 && !c->velocity) { /* the header names the eighth column */
                c->velocity = true;
                char *nl = strchr(c->csv, '\n');
                assert_true(nl && c->n_rows == 1);
                snprintf(nl, sizeof c->csv - (size_t)(nl - c->csv), ",%s\n", HISTORY_CSV_VELOCITY);
            }
            len = strlen(c->csv);
            snprintf(c->csv + len, sizeof c->csv - len, "%s\n", row);
        } else if (strncmp(line, "ask ", 4) == 0) {
            parse_ask(c, line + 4);
        } else if (strncmp(line, "want ", 5) == 0) {
            parse_want(c, line + 5);
        } else if (strncmp(line, "shown ", 6) == 0) {
            c->shown_set = true;
            c->shown_lb = strstr(line, "lb") != NULL;
            c->shown_value = atof(line + 6);
        } else if (strncmp(line, "says ", 5) == 0 || strncmp(line, "never ", 6) == 0) {
            assert_true(c->n_says < 4);
            c->says_not[c->n_says] = line[0] == 'n';
            snprintf(c->says[c->n_says++], sizeof c->says[0], "%.150s", strchr(line, ' ') + 1);
        } else if (line[0] != '#' && line[0] != '\0') {
            fail_msg("cases line %d: not a case line: %s", *lineno + 1, line);
        }
        (*lineno)++;
        pos = ftell(f);
    }
    return open;
}

static void rules_for(const struct tcase *c, struct rules *out)
{
    struct config cfg;
    config_default(&cfg);
    char path[] = "/tmp/rackside-progression-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, c->conf, strlen(c->conf)), (ssize_t)strlen(c->conf));
    close(fd);
    char err[CONFIG_ERR_MAX];
    int rc = config_load(path, &cfg, err);
    unlink(path);
    if (rc != 0)
        fail_msg("case '%s': config: %s", c->name, err);
    *out = cfg.rules;
}

struct rows {
    struct history_row row[CASE_ROWS];
    int n;
};

static int add_row(void *ctx, const struct history_row *row)
{
    struct rows *rs = ctx;
    if (rs->n == CASE_ROWS)
        return -1;
    rs->row[rs->n++] = *row;
    return 0;
}

/* Runs a case; returns true when the answer is the one wanted (and says why not). */
static bool run_case(const struct tcase *c)
{
    struct rules rules;
    rules_for(c, &rules);
    struct rows rs = {.n = 0};
    struct history_csv_error err;
    if (history_csv_parse(c->csv, strlen(c->csv), add_row, &rs, &err) != 0)
        fail_msg("case '%s': row line %ld: %s", c->name, err.line - 1, err.msg);
    for (int i = 0; i < rs.n; i++)
        rs.row[i].stopped = c->stop[i];
    struct set_record sets[CASE_ROWS];
    struct progression_input in;
    history_to_input(rs.row, (size_t)rs.n, c->exercise, c->today, c->pain, sets, &in);
    in.start_load_g = c->start_g;
    in.override_g = c->override_g;
    memcpy(in.step_max_mu, c->step_max_mu, sizeof in.step_max_mu);
    in.readiness_drop_pct = c->drop_pct;
    in.ramp_vel_mmps = c->ramp;
    in.usual_vel_mmps = c->usual;
    if (c->ramp_set_g > 0)
        history_ramp_set(&rules, c->ramp_set_g, c->ramp_set_mmps, &in);
    struct progression_result r;
    memset(&r, 0xA5, sizeof r);
    CAP_FN(&rules, &in, &r);

    int32_t want_g = c->want_null ? 0
                     : c->want_lb ? plates_unit_to_g(RACK_LB, c->want_value)
                                  : (int32_t)(c->want_value * 1000.0 + 0.5);
    int32_t slack = c->want_lb ? LB_SLACK_G : 0;
    bool ok =
        r.cap_g >= want_g - slack && r.cap_g <= want_g + slack && (int)r.reason == c->want_reason;
    char why[PROGRESSION_EXPLAIN_MAX] = "";
#ifndef CAP_ONLY
    ok = ok && r.below_bar == c->want_below;
    if (c->shown_set) {
        int32_t shown_g = c->shown_lb ? plates_unit_to_g(RACK_LB, c->shown_value)
                                      : (int32_t)(c->shown_value * 1000.0 + 0.5);
        int32_t d = r.best_rack_g - shown_g;
        if (d < -LB_SLACK_G || d > LB_SLACK_G) {
            print_message("line %d: best shown as %d g, not %d g\n", c->line, r.best_rack_g,
                          shown_g);
            ok = false;
        }
    }
    progression_explain(&rules, &in, &r, why, sizeof why);
    for (int i = 0; i < c->n_says; i++)
        ok = ok && (strstr(why, c->says[i]) != NULL) != c->says_not[i];
#endif
    const char *got = (int)r.reason >= 0 && (int)r.reason < N_REASONS && reason_names[r.reason]
                          ? reason_names[r.reason]
                          : "?";
    if (!ok)
        print_message("FAIL line %d '%s': got %d g %s%s \"%s\"\n", c->line, c->name, r.cap_g, got,
                      r.below_bar ? " below" : "", why);
    return ok;
}

static void test_cases(void **state)
{
    (void)state;
    const char *dir = getenv("RACKSIDE_TESTDATA");
    char path[512];
    snprintf(path, sizeof path, "%s/progression/cases.txt", dir ? dir : "tests/data");
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    struct tcase *c = malloc(sizeof *c);
    int lineno = 0, n = 0, failed = 0;
    while (next_case(f, &lineno, c)) {
        n++;
        if (!run_case(c))
            failed++;
    }
    fclose(f);
    free(c);
    print_message("%d cases, %d failed\n", n, failed);
    assert_true(n >= 60);
    assert_int_equal(failed, 0);
}

#ifndef CAP_ONLY
/* ---- properties over generated histories (fixed seeds) ---- */

#define PROP_HISTORIES 4000
#define PROP_SETS      40
#define PROP_TODAY     20000 /* a day number; histories reach 70 days back */

/* The seed a property starts from: its own, or mixed with $RACKSIDE_PROP_SEED to run the
 * same properties on histories nobody tuned the rule on (make test uses the fixed ones). */
static uint64_t prop_seed(uint64_t base)
{
    const char *env = getenv("RACKSIDE_PROP_SEED");
    uint64_t extra = env ? strtoull(env, NULL, 0) : 0;
    if (!extra)
        return base;
    uint64_t s = base ^ (extra * 0x9E3779B97F4A7C15u);
    return s ? s : base;
}

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static int rng_int(uint64_t *s, int lo, int hi) /* lo..hi */
{
    return lo + (int)(rng_next(s) % (uint64_t)(hi - lo + 1));
}

/* One of five racks: kg, kg without small plates, few plates, lb, lb with 0.5 lb
 * micro-plates; 2-for-2 on or off. */
static void random_rules(uint64_t *seed, struct rules *r)
{
    rules_default(r);
    struct plate_set ps;
    char err[PLATES_ERR_MAX];
    switch (rng_int(seed, 0, 4)) {
    case 0:
        plates_default_kg(&ps);
        break;
    case 1:
        assert_int_equal(plates_parse(&ps, "kg", "20", "25/20/10/5/2.5", err), 0);
        break;
    case 2:
        assert_int_equal(plates_parse(&ps, "kg", "15", "20x2/10x1/5x1/2.5x1/1.25x1", err), 0);
        break;
    case 3:
        assert_int_equal(plates_parse(&ps, "lb", "45", "45/35/25/10/5/2.5/1.25/0.5", err), 0);
        break;
    default:
        plates_default_lb(&ps);
        break;
    }
    rules_use_plates(r, &ps);
    r->two_for_two_reps = rng_int(seed, 0, 1) ? 2 : 0;
    if (rng_int(seed, 0, 1))
        return;
    /* every number of the rule is a gym's setting: half the racks take other ones */
    r->step_pct = rng_int(seed, 1, 10);
    r->step_lower_max_g = rng_int(seed, 2, 20) * 500;
    r->step_upper_max_g = rng_int(seed, 2, 10) * 500;
    r->stand_days = rng_int(seed, 3, 10);
    r->recent_days = rng_int(seed, 7, 21);
    r->recent_limit_steps = rng_int(seed, 1, 3);
    r->best_window_days = rng_int(seed, 28, 84);
    r->away_short_days = rng_int(seed, 8, 20);
    r->away_long_days = r->away_short_days + rng_int(seed, 3, 20);
    r->away_short_pct = rng_int(seed, 80, 95);
    r->away_long_pct = rng_int(seed, 60, r->away_short_pct);
    r->pain_cap_pct = rng_int(seed, 70, 95);
    r->readiness_drop_pct = rng_int(seed, 0, 1) ? rng_int(seed, 3, 20) : 0;
}

static struct set_record random_set(uint64_t *seed)
{
    int target = rng_int(seed, 3, 8);
    return (struct set_record){.day = PROP_TODAY - rng_int(seed, -3, 70),
                               .load_g = rng_int(seed, 8, 160) * 1250 + rng_int(seed, 0, 1) * 7,
                               .clean = rng_int(seed, 0, 3) != 0,
                               .stopped = rng_int(seed, 0, 9) == 0,
                               .target_reps = target,
                               .done_reps = rng_int(seed, 0, target + 3)};
}

static void random_input(uint64_t *seed, struct set_record *sets, struct progression_input *in)
{
    size_t n = (size_t)rng_int(seed, 0, PROP_SETS);
    for (size_t i = 0; i < n; i++)
        sets[i] = random_set(seed);
    *in = (struct progression_input){
        .sets = sets,
        .n_sets = n,
        .today = PROP_TODAY,
        .last_session_day = PROP_TODAY - rng_int(seed, 1, 30),
        .last_session_pain = rng_int(seed, 0, 3) ? rng_int(seed, 0, 3) : rng_int(seed, 0, 10),
        .pain_today = rng_int(seed, 0, 2) ? 0 : rng_int(seed, 0, 5),
        .upper_body = rng_int(seed, 0, 1),
        .start_load_g = rng_int(seed, 0, 1) ? rng_int(seed, 10, 80) * 1000 : 0,
        /* an exercise's own largest step: none, in kg, in lb, or both */
        .step_max_mu = {rng_int(seed, 0, 2) ? 0 : rng_int(seed, 1, 20) * 500,
                        rng_int(seed, 0, 2) ? 0 : rng_int(seed, 1, 20) * 1000},
        .ramp_vel_mmps = rng_int(seed, 0, 1) ? rng_int(seed, 100, 900) : 0,
        .usual_vel_mmps = rng_int(seed, 0, 1) ? rng_int(seed, 100, 900) : 0,
    };
    in->readiness_drop_pct = rng_int(seed, 0, 2) ? 0 : rng_int(seed, 3, 30); /* an exercise's */
}

static bool counts_clean(const struct set_record *s, int64_t today, int days)
{
    return s->clean && !s->stopped && s->load_g > 0 && today - s->day >= 0 && today - s->day < days;
}

/* An exercise's largest step on r's rack: its own in the rack's unit, else its own in the
 * other unit down to a whole pound / half kilogram, else the body half's. */
static int32_t exercise_max_g(const struct rules *r, const int32_t mu[2], bool upper)
{
    enum rack_unit u = r->plates.unit, o = u == RACK_LB ? RACK_KG : RACK_LB;
    const double g_per_mu[2] = {[RACK_KG] = 1.0, [RACK_LB] = PLATES_G_PER_LB / 1000.0};
    const double grain_mu[2] = {[RACK_KG] = 500, [RACK_LB] = 1000};
    if (mu[u] > 0)
        return (int32_t)(mu[u] * g_per_mu[u] + 0.5);
    if (mu[o] > 0) {
        double in_u = floor(mu[o] * g_per_mu[o] / g_per_mu[u] / grain_mu[u]) * grain_mu[u];
        return (int32_t)((in_u > 0 ? in_u * g_per_mu[u] : mu[o] * g_per_mu[o]) + 0.5);
    }
    return upper ? r->step_upper_max_g : r->step_lower_max_g;
}

/* The step for a load, from DESIGN.md, worked out here and not by the rule's code. */
static int32_t step_of(const struct rules *r, bool upper, const int32_t step_max_mu[2],
                       int32_t load_g)
{
    int64_t g = (int64_t)load_g * r->step_pct / 100;
    int32_t max_g = exercise_max_g(r, step_max_mu, upper);
    int32_t least_g = plates_smallest_increment_g(&r->plates);
    if (least_g < r->smallest_step_g)
        least_g = r->smallest_step_g;
    g = g > max_g ? max_g : g;
    return (int32_t)(g < least_g ? least_g : g);
}

static int32_t slack_of(const struct rules *r)
{
    return r->plates.unit == RACK_LB ? PLATES_LB_SAME_G : 0;
}

/* The cap never exceeds B + one step; without B, the start load or the bar. */
static void prop_cap_at_most_best_plus_step(void **state)
{
    (void)state;
    uint64_t seed = prop_seed(0x9E3779B97F4A7C15u);
    struct set_record sets[PROP_SETS];
    for (int k = 0; k < PROP_HISTORIES; k++) {
        struct rules r;
        random_rules(&seed, &r);
        struct progression_input in;
        random_input(&seed, sets, &in);
        int32_t best_g = 0;
        for (size_t i = 0; i < in.n_sets; i++)
            if (counts_clean(&sets[i], in.today, r.best_window_days) && sets[i].load_g > best_g)
                best_g = sets[i].load_g;
        struct progression_result out;
        progression_cap(&r, &in, &out);
        assert_int_equal(out.best_g, best_g);
        int32_t limit_g = best_g > 0 ? best_g + step_of(&r, in.upper_body, in.step_max_mu, best_g)
                          : in.start_load_g > r.plates.bar_g ? in.start_load_g
                                                             : r.plates.bar_g;
        if (out.cap_g > limit_g + slack_of(&r) && !(out.below_bar && out.cap_g == r.plates.bar_g))
            fail_msg("history %d: cap %d over %d", k, out.cap_g, limit_g);
    }
}

/* Adding an unclean or stop-flagged set, on any day and anywhere in a day's order, never
 * raises the cap. */
static void prop_unclean_never_raises(void **state)
{
    (void)state;
    uint64_t seed = prop_seed(0xD1B54A32D192ED03u);
    struct set_record sets[PROP_SETS + 1];
    for (int k = 0; k < PROP_HISTORIES; k++) {
        struct rules r;
        random_rules(&seed, &r);
        struct progression_input in;
        random_input(&seed, sets, &in);
        struct progression_result before, after;
        progression_cap(&r, &in, &before);
        size_t at = (size_t)rng_int(&seed, 0, (int)in.n_sets);
        memmove(&sets[at + 1], &sets[at], (in.n_sets - at) * sizeof sets[0]);
        sets[at] = random_set(&seed);
        if (in.n_sets > 0 && rng_int(&seed, 0, 1))
            sets[at].day = sets[rng_int(&seed, 0, (int)in.n_sets)].day; /* a day lifted on */
        if (rng_int(&seed, 0, 1))
            sets[at].clean = false;
        else
            sets[at].stopped = true;
        in.n_sets++;
        progression_cap(&r, &in, &after);
        if (after.cap_g > before.cap_g)
            fail_msg("history %d: a spoiled set raised the cap %d -> %d", k, before.cap_g,
                     after.cap_g);
    }
}

/* Marking a clean set unclean or stop-flagged afterwards (a trainer's review, a late
 * flag) never raises the cap: what it was evidence of is gone, what it showed stays. The
 * one exception, counted: the lifter's only clean set of 8 weeks, after which the rule
 * gives the trainer's start load (DESIGN.md), which may lie above the old cap. */
static void prop_marking_unclean_never_raises(void **state)
{
    (void)state;
    uint64_t seed = prop_seed(0x2545F4914F6CDD1Du);
    struct set_record sets[PROP_SETS];
    int raised = 0, first = -1, flipped = 0, to_start_load = 0;
    int32_t first_before = 0, first_after = 0;
    for (int k = 0; k < PROP_HISTORIES; k++) {
        struct rules r;
        random_rules(&seed, &r);
        struct progression_input in;
        random_input(&seed, sets, &in);
        if (in.n_sets == 0)
            continue;
        size_t at = (size_t)rng_int(&seed, 0, (int)in.n_sets - 1);
        if (!sets[at].clean || sets[at].stopped)
            continue;
        struct progression_result before, after;
        progression_cap(&r, &in, &before);
        if (rng_int(&seed, 0, 1))
            sets[at].clean = false;
        else
            sets[at].stopped = true;
        flipped++;
        progression_cap(&r, &in, &after);
        if (after.cap_g > before.cap_g && after.best_g == 0 && in.start_load_g > 0) {
            /* the flipped set was the only clean one in 8 weeks: the trainer's start load
             * is what the rule gives with no clean set, whatever the sets not counted */
            to_start_load++;
            continue;
        }
        if (after.cap_g > before.cap_g) {
            if (first < 0)
                first = k, first_before = before.cap_g, first_after = after.cap_g;
            raised++;
        }
    }
    if (raised)
        fail_msg("%d of %d histories: a set marked unclean raised the cap (first: history %d, "
                 "%d -> %d)",
                 raised, flipped, first, first_before, first_after);
    assert_true(flipped > PROP_HISTORIES / 4);
    printf("marking unclean: %d flips, none raised a cap; %d fell back to a start load above "
           "it\n",
           flipped, to_start_load);
}

/* A cap is a load the plates make, at or below the rule's load (or the bar, said). */
static void prop_never_rounded_up(void **state)
{
    (void)state;
    uint64_t seed = prop_seed(0x94D049BB133111EBu);
    struct set_record sets[PROP_SETS];
    for (int k = 0; k < PROP_HISTORIES; k++) {
        struct rules r;
        random_rules(&seed, &r);
        struct progression_input in;
        random_input(&seed, sets, &in);
        if (rng_int(&seed, 0, 5) == 0)
            in.override_g = rng_int(&seed, 5000, 200000);
        struct progression_result out;
        progression_cap(&r, &in, &out);
        if (out.reason == PROGRESSION_NO_LIFT)
            continue;
        int32_t again;
        assert_true(plates_round_down(&r.plates, out.cap_g, &again));
        assert_int_equal(again, out.cap_g);
        if (out.below_bar)
            assert_true(out.want_g < r.plates.bar_g && out.cap_g == r.plates.bar_g);
        else if (out.cap_g > out.want_g + slack_of(&r))
            fail_msg("history %d: %d rounded up to %d", k, (int)out.want_g, out.cap_g);
    }
}

/* Never more than two of R's steps above R, the best clean set of the last 14 days (or,
 * with none there, of the last day with a clean set). */
static void prop_recent_limit_holds(void **state)
{
    (void)state;
    uint64_t seed = prop_seed(0xBF58476D1CE4E5B9u);
    struct set_record sets[PROP_SETS];
    int checked = 0;
    for (int k = 0; k < PROP_HISTORIES; k++) {
        struct rules r;
        random_rules(&seed, &r);
        struct progression_input in;
        random_input(&seed, sets, &in);
        in.pain_today = 0;
        int32_t recent_g = 0, last_g = 0;
        int64_t last_day = -1;
        for (size_t i = 0; i < in.n_sets; i++) {
            const struct set_record *s = &sets[i];
            if (!counts_clean(s, in.today, r.best_window_days))
                continue;
            if (counts_clean(s, in.today, r.recent_days) && s->load_g > recent_g)
                recent_g = s->load_g;
            if (s->day > last_day)
                last_day = s->day, last_g = 0;
            if (s->day == last_day && s->load_g > last_g)
                last_g = s->load_g;
        }
        if (last_day < 0)
            continue;
        int32_t base_g = recent_g > 0 ? recent_g : last_g;
        struct progression_result out;
        progression_cap(&r, &in, &out);
        int32_t limit_g =
            base_g + r.recent_limit_steps * step_of(&r, in.upper_body, in.step_max_mu, base_g);
        if (out.cap_g > limit_g + slack_of(&r) && !out.below_bar)
            fail_msg("history %d: cap %d over the 14-day limit %d", k, out.cap_g, limit_g);
        checked++;
    }
    assert_true(checked > PROP_HISTORIES / 2);
}

/*
 * A lifter who always lifts the cap, cleanly, sessions 1..14 days apart: the cap rises
 * above everything lifted before at most once in any stand_days (7 by default), by at
 * most one step.
 */
static void prop_one_step_a_week(void **state)
{
    (void)state;
    uint64_t seed = prop_seed(0x2545F4914F6CDD1Du);
    enum { DAYS = 400, MAX_SETS = 4096 };
    struct set_record *sets = malloc(MAX_SETS * sizeof *sets);
    for (int lifter = 0; lifter < 200; lifter++) {
        struct rules r;
        random_rules(&seed, &r);
        bool upper = rng_int(&seed, 0, 1);
        size_t n = 0;
        int32_t lifted_max_g = 0;
        int64_t last_rise = -1000, day = 0, last_day = -1;
        int last_pain = 0;
        while (day < DAYS && n < MAX_SETS) {
            int pain = rng_int(&seed, 0, 4) ? 0 : rng_int(&seed, 0, 5);
            struct progression_input in = {.sets = sets,
                                           .n_sets = n,
                                           .today = day,
                                           .last_session_day = last_day,
                                           .last_session_pain = last_pain,
                                           .pain_today = pain,
                                           .upper_body = upper,
                                           .start_load_g = 40000};
            struct progression_result out;
            progression_cap(&r, &in, &out);
            if (out.cap_g > lifted_max_g && lifted_max_g > 0) {
                if (day - last_rise < r.stand_days)
                    fail_msg("lifter %d: rises on days %lld and %lld", lifter, (long long)last_rise,
                             (long long)day);
                if (out.cap_g - lifted_max_g >
                    step_of(&r, upper, in.step_max_mu, lifted_max_g) + slack_of(&r))
                    fail_msg("lifter %d day %lld: +%d g in one rise", lifter, (long long)day,
                             out.cap_g - lifted_max_g);
                last_rise = day;
            }
            int reps = rng_int(&seed, 5, 8);
            sets[n++] = (struct set_record){.day = day,
                                            .load_g = out.cap_g,
                                            .clean = true,
                                            .target_reps = 5,
                                            .done_reps = reps};
            if (out.cap_g > lifted_max_g)
                lifted_max_g = out.cap_g;
            last_day = day;
            last_pain = pain;
            day += rng_int(&seed, 1, 14);
        }
    }
    free(sets);
}

#define PROGRESSION_PROPERTY_TESTS                                                                 \
    cmocka_unit_test(prop_cap_at_most_best_plus_step),                                             \
        cmocka_unit_test(prop_unclean_never_raises),                                               \
        cmocka_unit_test(prop_marking_unclean_never_raises),                                       \
        cmocka_unit_test(prop_never_rounded_up), cmocka_unit_test(prop_recent_limit_holds),        \
        cmocka_unit_test(prop_one_step_a_week),
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_cases),
#ifndef CAP_ONLY
                                       PROGRESSION_PROPERTY_TESTS
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
