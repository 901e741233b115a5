/*
 * Catalogues: the shipped files load and say what DESIGN.md says of each exercise; a
 * table of good and bad files (tests/data/catalogue/cases.txt) each loads or fails on
 * the line and with the words the case names; a table of plate sets
 * (tests/data/catalogue/plates.txt) says which loads each makes and how they are loaded.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/catalogue.h"
#include "../../app/core/plate_loading.h"

#define TEXT_MAX (16 * 1024)

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    char *buf = malloc(TEXT_MAX);
    assert_non_null(buf);
    *len = fread(buf, 1, TEXT_MAX, f);
    fclose(f);
    assert_true(*len < TEXT_MAX);
    return buf;
}

static void assets_path(char *out, size_t n, const char *file)
{
    const char *dir = getenv("RACKSIDE_ASSETS");
    snprintf(out, n, "%s/catalogue/%s", dir ? dir : "assets", file);
}

static void load_shipped_figures(struct catalogue *c)
{
    char path[512];
    assets_path(path, sizeof path, "figures.conf");
    size_t len;
    char *text = slurp(path, &len);
    struct catalogue_error err;
    int rc = catalogue_parse_figures(c, "figures.conf", text, len, &err);
    free(text);
    if (rc != 0)
        fail_msg("%s", err.msg);
}

static void load_shipped_warmup(struct catalogue *c)
{
    load_shipped_figures(c);
    char path[512];
    assets_path(path, sizeof path, "warmup.conf");
    size_t len;
    char *text = slurp(path, &len);
    struct catalogue_error err;
    int rc = catalogue_parse_warmup(c, "warmup.conf", text, len, &err);
    free(text);
    if (rc != 0)
        fail_msg("%s", err.msg);
}

static void test_shipped(void **state)
{
    (void)state;
    struct catalogue c;
    catalogue_init(&c);
    load_shipped_warmup(&c);
    char path[512];
    assets_path(path, sizeof path, "exercises.conf");
    size_t len;
    char *text = slurp(path, &len);
    struct catalogue_error err;
    int rc = catalogue_parse_exercises(&c, "exercises.conf", text, len, &err);
    free(text);
    if (rc != 0)
        fail_msg("%s", err.msg);
    assert_int_equal(catalogue_check(&c, "exercises.conf", &err), 0);
    /* the four exercises the history file and the database's first rows know */
    static const struct {
        const char *key, *name;
        bool upper, on_plate, con_first;
    } want[] = {{"squat", "Back squat", false, true, false},
                {"deadlift", "Deadlift", false, true, true},
                {"press", "Overhead press", true, true, true},
                {"bench", "Bench press", true, false, false}};
    assert_int_equal(c.n_exercises, 4);
    for (int i = 0; i < 4; i++) {
        const struct catalogue_exercise *e = catalogue_exercise(&c, want[i].key);
        assert_non_null(e);
        assert_string_equal(e->name, want[i].name);
        assert_int_equal(e->upper_body, want[i].upper);
        assert_int_equal(e->on_plate, want[i].on_plate);
        assert_int_equal(e->con_first, want[i].con_first);
        assert_int_equal(e->target_reps, 5);
        assert_int_equal(e->work_sets, 3);
        assert_int_equal(e->tempo_ms[0], 3000);
    }
    /* the routine a session starts with is at least the 3-minute minimum */
    const struct catalogue_routine *r = catalogue_routine(&c, c.exercises[0].warmup);
    assert_non_null(r);
    int total_s = 0;
    for (int i = 0; i < r->n_steps; i++)
        total_s += c.steps[r->steps[i]].seconds;
    assert_true(total_s >= 180);
}

/* An exercise's own readiness drop lands; without one it is 0 (the gym's). */
static void test_readiness_drop_per_exercise(void **state)
{
    (void)state;
    static const char text[] = "[squat]\nname = Back squat\nbody = lower\nload = plate\n"
                               "starts = eccentric\ntarget_reps = 5\nwork_sets = 3\n"
                               "warmup = lower\n"
                               "[deadlift]\nname = Deadlift\nbody = lower\nload = plate\n"
                               "starts = concentric\ntarget_reps = 5\nwork_sets = 3\n"
                               "readiness_drop_pct = 15\nwarmup = lower\n";
    struct catalogue c;
    catalogue_init(&c);
    load_shipped_warmup(&c);
    struct catalogue_error err;
    if (catalogue_parse_exercises(&c, "exercises.conf", text, strlen(text), &err) != 0)
        fail_msg("%s", err.msg);
    assert_int_equal(catalogue_exercise(&c, "squat")->readiness_drop_pct, 0);
    assert_int_equal(catalogue_exercise(&c, "deadlift")->readiness_drop_pct, 15);
}

/*
 * An exercise's own largest step, per rack unit like [rules] step_lower_max: step_max =
 * 2.5kg, 5lb or one of each; the older step_max_kg the kilogram one; the kilogram step by
 * both keys is named on the later line. Every case but the step_max_kg ones failed before
 * (step_max was an unknown key).
 */
static void step_max_per_unit(void **state)
{
    (void)state;
    static const struct {
        const char *keys; /* the [squat] lines after its name */
        int32_t kg_mu, lb_mu;
        int err_line; /* 0: loads */
        const char *err;
    } cases[] = {
        {"", 0, 0, 0, NULL},
        {"step_max_kg = 2.5\n", 2500, 0, 0, NULL},
        {"step_max = 2.5kg\n", 2500, 0, 0, NULL},
        {"step_max = 5lb\n", 0, 5000, 0, NULL},
        {"step_max = 2.5kg 5lb\n", 2500, 5000, 0, NULL},
        {"step_max = 10 lb, 4kg\n", 4000, 10000, 0, NULL},
        {"step_max = 7.5lb\nstep_max_kg = 3\n", 3000, 7500, 0, NULL},
        {"step_max = 110lb\n", 0, 110000, 0, NULL},
        {"step_max = 5lbs\n", 0, 0, 3,
         "step_max '5lbs' is not a step with its unit: give it as 2.5kg (0.5..50) or 5lb (1..110), "
         "or one of each"},
        {"step_max = 2.5\n", 0, 0, 3, "step_max '2.5' is not a step with its unit"},
        {"step_max = 120lb\n", 0, 0, 3, "step_max '120lb' is not a step"},
        {"step_max = 0.5lb\n", 0, 0, 3, "step_max '0.5lb' is not a step"},
        {"step_max = 2kg 1kg\n", 0, 0, 3, "step_max '2kg 1kg' is not a step"},
        {"step_max = -1kg\n", 0, 0, 3, "step_max '-1kg' is not a step"},
        {"step_max_kg = 60\n", 0, 0, 3, "step_max_kg '60' is not a number in 0.5..50"},
        {"step_max_kg = 2\nstep_max = 2.5kg 5lb\n", 0, 0, 4,
         "step_max and step_max_kg both give the kilogram step (first on line 3): keep one"},
        {"step_max = 2kg\nbody = lower\nstep_max_kg = 2\n", 0, 0, 5,
         "both give the kilogram step (first on line 3)"},
        {"step_max = 2kg\nstep_max = 5lb\n", 0, 0, 4, "'step_max' is given twice in [squat]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "[squat]\nname = Back squat\n%s%sload = plate\nstarts = eccentric\n"
                 "target_reps = 5\nwork_sets = 3\nwarmup = lower\n",
                 cases[i].keys, strstr(cases[i].keys, "body") ? "" : "body = lower\n");
        struct catalogue c;
        catalogue_init(&c);
        load_shipped_warmup(&c);
        struct catalogue_error err = {0};
        int rc = catalogue_parse_exercises(&c, "exercises.conf", text, strlen(text), &err);
        if (!cases[i].err) {
            if (rc != 0)
                fail_msg("case %zu: %s", i, err.msg);
            const struct catalogue_exercise *e = catalogue_exercise(&c, "squat");
            if (e->step_max_mu[RACK_KG] != cases[i].kg_mu ||
                e->step_max_mu[RACK_LB] != cases[i].lb_mu)
                fail_msg("case %zu: %d kg-mu %d lb-mu, want %d %d", i, e->step_max_mu[RACK_KG],
                         e->step_max_mu[RACK_LB], cases[i].kg_mu, cases[i].lb_mu);
            continue;
        }
        char where[64];
        snprintf(where, sizeof where, "exercises.conf line %d: ", cases[i].err_line);
        if (rc == 0 || err.line != cases[i].err_line || !strstr(err.msg, cases[i].err) ||
            !strstr(err.msg, where))
            fail_msg("case %zu: want line %d \"%s\", got rc %d line %d \"%s\"", i,
                     cases[i].err_line, cases[i].err, rc, err.line, err.msg);
    }
}

/*
 * The shipped plates.conf: the sets DESIGN.md names (20 kg bar with 25..1.25 kg plates,
 * 45 lb bar with 45..2.5 lb plates); a gym's own set rounds down to what its plates make.
 */
static void test_plates(void **state)
{
    (void)state;
    struct catalogue c;
    catalogue_init(&c);
    char path[512];
    assets_path(path, sizeof path, "plates.conf");
    size_t len;
    char *text = slurp(path, &len);
    struct catalogue_error err;
    int rc = catalogue_parse_plates(&c, "plates.conf", text, len, &err);
    free(text);
    if (rc != 0)
        fail_msg("%s", err.msg);
    struct plate_set kg, lb;
    plates_default_kg(&kg);
    plates_default_lb(&lb);
    assert_memory_equal(&c.plates[RACK_KG], &kg, sizeof kg);
    assert_memory_equal(&c.plates[RACK_LB], &lb, sizeof lb);
    /* a gym's: a 15 kg bar, 20s and one pair of 2.5s: 15, 20, 55, 60, 95, 100 kg... */
    static const char own[] = "[kg]\nbar = 15\nplates = 20/2.5x1\n[lb]\nbar = 45\nplates = 45\n";
    assert_int_equal(catalogue_parse_plates(&c, "plates.conf", own, strlen(own), &err), 0);
    static const struct {
        int32_t want_g, got_g;
    } cases[] = {{52500, 20000}, {57500, 55000}, {60000, 60000}, {59999, 55000}, {14000, 15000}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int32_t out_g;
        plates_round_down(&c.plates[RACK_KG], cases[i].want_g, &out_g);
        if (out_g != cases[i].got_g)
            fail_msg("%d g on a 15 kg bar with 20s and 2.5s: %d g, want %d g", cases[i].want_g,
                     out_g, cases[i].got_g);
    }
    assert_int_equal(plates_smallest_increment_g(&c.plates[RACK_KG]), 5000);
    assert_int_equal(c.plates_line[RACK_KG], 1);
    assert_int_equal(c.plates_line[RACK_LB], 4);
}

/* A table of cases in tests/data/catalogue (or $RACKSIDE_TESTDATA/catalogue). */
static FILE *open_testdata(const char *name)
{
    const char *dir = getenv("RACKSIDE_TESTDATA");
    char path[512];
    snprintf(path, sizeof path, "%s/catalogue/%s", dir ? dir : "tests/data", name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    return f;
}

/* ---- plate sets as a table (tests/data/catalogue/plates.txt) ---- */

#define SWEEP_TOP_G  300000
#define SWEEP_STEP_G 13

/* "102.5" in the set's unit, or "102499g" in grams. */
static int32_t load_of(const struct plate_set *ps, const char *s)
{
    size_t n = strlen(s);
    if (n && s[n - 1] == 'g')
        return (int32_t)atol(s);
    return plates_unit_to_g(ps->unit, atof(s));
}

/* Every load from under the bar up rounds down to one the set makes (a pound load at most
 * PLATES_LB_SAME_G over, as loads are whole grams), which rounds to itself, and which the
 * plates load exactly. */
static void sweep_set(const struct plate_set *ps, int line)
{
    struct loading_plates lp;
    plate_loading_plates_from(&lp, ps);
    for (int k = 0; k < ps->n_kinds; k++) { /* each plate named as it is marked */
        char said[32];
        plates_load_text(ps->unit, ps->plate_g[k], said, sizeof said);
        if (plates_unit_to_g(ps->unit, atof(said)) != ps->plate_g[k])
            fail_msg("plates.txt:%d: a %d g plate is said as %s", line, ps->plate_g[k], said);
    }
    int32_t slack = ps->unit == RACK_LB ? PLATES_LB_SAME_G : 0;
    for (int32_t want = ps->bar_g - 500; want <= SWEEP_TOP_G; want += SWEEP_STEP_G) {
        int32_t made, again;
        bool ok = plates_round_down(ps, want, &made);
        if (ok != (want + slack >= ps->bar_g) || (ok && made > want + slack) ||
            (!ok && made != ps->bar_g))
            fail_msg("plates.txt:%d: %d g rounds to %d g (%s)", line, want, made,
                     ok ? "made" : "under the bar");
        if (!plates_round_down(ps, made, &again) || again != made)
            fail_msg("plates.txt:%d: %d g, made by the set, rounds to %d g", line, made, again);
        int32_t up, up_again;
        if (plates_round_up(ps, want, &up) &&
            (up < want - slack || up < made || !plates_round_down(ps, up, &up_again) ||
             up_again != up))
            fail_msg("plates.txt:%d: %d g rounds up to %d g (down: %d g)", line, want, up, made);
        char said[32];
        plates_load_text(ps->unit, made, said, sizeof said);
        if (plates_unit_to_g(ps->unit, atof(said)) != made)
            fail_msg("plates.txt:%d: %d g, made by the set, is said as %s", line, made, said);
        struct plate_loading pl;
        assert_int_equal(plate_loading_for(&lp, ps->bar_g, made, &pl), 0);
        if (pl.made_g != made || pl.remainder_g != 0)
            fail_msg("plates.txt:%d: the plates load %d g for %d g (%d short)", line, pl.made_g,
                     made, pl.remainder_g);
    }
}

/* "loads LOAD P/P/..": the plates on each side, heaviest first. */
static void check_loads(const struct plate_set *ps, const char *load, const char *want, int line)
{
    struct loading_plates lp;
    plate_loading_plates_from(&lp, ps);
    int32_t target = load_of(ps, load);
    struct plate_loading pl;
    assert_int_equal(plate_loading_for(&lp, ps->bar_g, target, &pl), 0);
    char got[128] = "";
    size_t len = 0;
    for (int i = 0; i < pl.n; i++)
        len += (size_t)snprintf(got + len, sizeof got - len, "%s%g", i ? "/" : "",
                                round(lp.g[pl.kind[i]] / (ps->unit == RACK_LB ? 4.5359237 : 10.0)) /
                                    100.0);
    if (!pl.n)
        snprintf(got, sizeof got, "-");
    if (strcmp(got, want) != 0 || pl.made_g != target || pl.remainder_g != 0)
        fail_msg("plates.txt:%d: %s loads %s (%d g, %d short), want %s", line, load, got, pl.made_g,
                 pl.remainder_g, want);
}

static void test_plate_table(void **state)
{
    (void)state;
    FILE *f = open_testdata("plates.txt");
    struct plate_set ps;
    char line[256], err[PLATES_ERR_MAX];
    int lineno = 0, set_line = 0, n_sets = 0, n_asked = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        char verb[16], a[64], b[64], c[96];
        int used = 0;
        if (line[0] == '#' || sscanf(line, "%15s %63s %n", verb, a, &used) < 2)
            continue;
        if (strcmp(verb, "set") == 0 || strcmp(verb, "refused") == 0) {
            if (set_line)
                sweep_set(&ps, set_line);
            set_line = 0;
            assert_int_equal(sscanf(line + used, "%63s %95s %n", b, c, &used), 2);
            const char *rest = strstr(line, c) + strlen(c);
            rest += strspn(rest, " ");
            int rc = plates_parse(&ps, a, b, c, err);
            if (strcmp(verb, "set") == 0 && rc != 0)
                fail_msg("plates.txt:%d: %s", lineno, err);
            if (strcmp(verb, "refused") == 0 && (rc == 0 || !strstr(err, rest)))
                fail_msg("plates.txt:%d: want refused with \"%s\", got %s", lineno, rest,
                         rc ? err : "a set");
            if (strcmp(verb, "set") == 0)
                set_line = lineno, n_sets++;
            continue;
        }
        assert_true(set_line > 0);
        n_asked++;
        int32_t out;
        if (strcmp(verb, "down") == 0) {
            assert_int_equal(sscanf(line + used, "%63s", b), 1);
            bool ok = plates_round_down(&ps, load_of(&ps, a), &out);
            if (!ok || out != load_of(&ps, b))
                fail_msg("plates.txt:%d: %s rounds down to %d g, want %s (%d g)", lineno, a, out, b,
                         load_of(&ps, b));
        } else if (strcmp(verb, "up") == 0) {
            assert_int_equal(sscanf(line + used, "%63s", b), 1);
            if (!plates_round_up(&ps, load_of(&ps, a), &out) || out != load_of(&ps, b))
                fail_msg("plates.txt:%d: %s rounds up to %d g, want %s (%d g)", lineno, a, out, b,
                         load_of(&ps, b));
        } else if (strcmp(verb, "bar") == 0) {
            if (plates_round_down(&ps, load_of(&ps, a), &out) || out != ps.bar_g)
                fail_msg("plates.txt:%d: %s is not said to be under the bar", lineno, a);
        } else if (strcmp(verb, "least") == 0) {
            if (plates_smallest_increment_g(&ps) != load_of(&ps, a))
                fail_msg("plates.txt:%d: the least step is %d g, want %s", lineno,
                         plates_smallest_increment_g(&ps), a);
        } else if (strcmp(verb, "says") == 0) {
            char said[32];
            plates_format(ps.unit, load_of(&ps, a), said, sizeof said);
            if (strcmp(said, line + used) != 0)
                fail_msg("plates.txt:%d: %s is said as \"%s\", want \"%s\"", lineno, a, said,
                         line + used);
        } else if (strcmp(verb, "loads") == 0) {
            assert_int_equal(sscanf(line + used, "%63s", b), 1);
            check_loads(&ps, a, b, lineno);
        } else {
            fail_msg("plates.txt:%d: unknown line '%s'", lineno, verb);
        }
    }
    fclose(f);
    if (set_line)
        sweep_set(&ps, set_line);
    printf("plate sets: %d, %d questions, each swept to %d kg\n", n_sets, n_asked,
           SWEEP_TOP_G / 1000);
    assert_true(n_sets >= 5 && n_asked >= 30);
}

struct tcase {
    int line;
    char kind[16];
    bool want_ok;
    int want_line;
    char want[200];
    char text[TEXT_MAX];
    size_t len;
};

static void run_case(const struct tcase *t)
{
    struct catalogue c;
    catalogue_init(&c);
    struct catalogue_error err = {0};
    int rc;
    if (strcmp(t->kind, "exercises") == 0) {
        load_shipped_warmup(&c);
        rc = catalogue_parse_exercises(&c, "exercises.conf", t->text, t->len, &err);
        if (rc == 0)
            rc = catalogue_check(&c, "exercises.conf", &err);
    } else if (strcmp(t->kind, "figures") == 0) {
        rc = catalogue_parse_figures(&c, "figures.conf", t->text, t->len, &err);
    } else if (strcmp(t->kind, "plates") == 0) {
        rc = catalogue_parse_plates(&c, "plates.conf", t->text, t->len, &err);
    } else {
        load_shipped_figures(&c);
        rc = catalogue_parse_warmup(&c, "warmup.conf", t->text, t->len, &err);
    }
    if (t->want_ok) {
        if (rc != 0)
            fail_msg("cases.txt:%d: want ok, got %s", t->line, err.msg);
        return;
    }
    if (rc == 0)
        fail_msg("cases.txt:%d: want a failure on line %d, it loaded", t->line, t->want_line);
    if (err.line != t->want_line || !strstr(err.msg, t->want))
        fail_msg("cases.txt:%d: want line %d \"%s\", got line %d \"%s\"", t->line, t->want_line,
                 t->want, err.line, err.msg);
    /* the message names the file and, for a line, the line */
    char where[64];
    if (t->want_line)
        snprintf(where, sizeof where, ".conf line %d: ", t->want_line);
    else
        snprintf(where, sizeof where, ".conf: ");
    assert_non_null(strstr(err.msg, where));
}

static void test_cases(void **state)
{
    (void)state;
    FILE *f = open_testdata("cases.txt");
    static struct tcase t;
    bool open = false;
    int lineno = 0, n = 0, n_ok = 0;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (strncmp(line, "| ", 2) == 0 || strcmp(line, "|\n") == 0) {
            assert_true(open);
            const char *body = line[1] == ' ' ? line + 2 : line + 1;
            size_t k = strlen(body);
            assert_true(t.len + k < sizeof t.text);
            memcpy(t.text + t.len, body, k);
            t.len += k;
            continue;
        }
        if (strncmp(line, "case ", 5) != 0)
            continue;
        if (open)
            run_case(&t), n++;
        memset(&t, 0, sizeof t);
        t.line = lineno;
        line[strcspn(line, "\n")] = '\0';
        char word[16];
        int used = 0;
        assert_int_equal(sscanf(line + 5, "%15s %15s %n", t.kind, word, &used), 2);
        t.want_ok = strcmp(word, "ok") == 0;
        n_ok += t.want_ok;
        t.want_line = atoi(word);
        snprintf(t.want, sizeof t.want, "%s", line + 5 + used);
        open = true;
    }
    fclose(f);
    if (open)
        run_case(&t), n++;
    printf("catalogue cases: %d (%d that load)\n", n, n_ok);
    assert_true(n >= 30);
}

/* Every prefix of a good file, and the file with each line dropped, parses or fails with a
 * line inside the file: never a crash, never a line past the end. */
static void test_cut_files(void **state)
{
    (void)state;
    char path[512];
    assets_path(path, sizeof path, "exercises.conf");
    size_t len;
    char *text = slurp(path, &len);
    int lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    for (size_t cut = 0; cut <= len; cut += 7) {
        struct catalogue c;
        catalogue_init(&c);
        struct catalogue_error err;
        if (catalogue_parse_exercises(&c, "x.conf", text, cut, &err) != 0)
            assert_true(err.line >= 0 && err.line <= lines + 1);
    }
    free(text);
}

/* The shipped figures: every step names one, each has frames that move, and the pose at a
 * time is the keyframes' blend: frame k at k/n of the loop, half-way eased to the middle,
 * the loop wrapping back to frame 0, a time before 0 held at frame 0. */
static void test_figures(void **state)
{
    (void)state;
    struct catalogue c;
    catalogue_init(&c);
    load_shipped_warmup(&c);
    assert_true(c.n_figures >= 5);
    for (int i = 0; i < c.n_steps; i++)
        assert_true(c.steps[i].figure >= 0 && c.steps[i].figure < c.n_figures);
    for (int i = 0; i < c.n_figures; i++) {
        const struct catalogue_figure *f = &c.figures[i];
        assert_true(f->n_frames >= 2);
        int n = f->n_frames;
        float x[CATALOGUE_JOINTS], y[CATALOGUE_JOINTS];
        static const struct {
            int num, den; /* time as a fraction of one frame's share of the loop */
            int frame, next;
            double u;
        } at[] = {{0, 1, 0, 1, 0}, {1, 1, 1, 2, 0}, {1, 2, 0, 1, 0.5}, {-3, 1, 0, 1, 0}};
        for (size_t t = 0; t < sizeof at / sizeof at[0]; t++) {
            int64_t share_ms = f->cycle_ms / n;
            int64_t t_ms = at[t].num * share_ms / at[t].den;
            catalogue_figure_pose(f, t_ms, x, y);
            int k = at[t].frame % n, k2 = at[t].next % n;
            for (int j = 0; j < CATALOGUE_JOINTS; j++) {
                double want_x = f->x[k][j] + (f->x[k2][j] - f->x[k][j]) * at[t].u;
                double want_y = f->y[k][j] + (f->y[k2][j] - f->y[k][j]) * at[t].u;
                if (fabs(x[j] - want_x) > 0.01 || fabs(y[j] - want_y) > 0.01)
                    fail_msg("%s at %lld ms: %s at %.3f,%.3f, want %.3f,%.3f", f->key,
                             (long long)t_ms, catalogue_joint_name(j), x[j], y[j], want_x, want_y);
            }
        }
        /* one whole loop later: the same pose */
        float x2[CATALOGUE_JOINTS], y2[CATALOGUE_JOINTS];
        catalogue_figure_pose(f, 1234, x, y);
        catalogue_figure_pose(f, 1234 + 3 * (int64_t)f->cycle_ms, x2, y2);
        assert_memory_equal(x, x2, sizeof x);
        assert_memory_equal(y, y2, sizeof y);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped),      cmocka_unit_test(test_readiness_drop_per_exercise),
        cmocka_unit_test(step_max_per_unit), cmocka_unit_test(test_cases),
        cmocka_unit_test(test_cut_files),    cmocka_unit_test(test_figures),
        cmocka_unit_test(test_plates),       cmocka_unit_test(test_plate_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
