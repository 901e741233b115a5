#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../catalogue_files.h"
#include "../config.h"
#include "../core/history_csv.h"
#include "../core/offline.h"
#include "../store/store.h"
#include "../store/store_db.h"
#include "../sync/sync.h"
#include "../ui/catalogue_text.h"
#include "../ui/i18n.h"
#include "allowed.h"
#include "ctl_parse.h"

#define EXIT_FAIL         1
#define EXIT_BAD_INPUT    2
#define HISTORY_BYTES_MAX (64L << 20) /* years of sets are a few MB */
#define US_PER_S          1000000LL
#define SYSTEM_ASSETS     "/usr/share/rackside" /* as the kiosk's */
#define DIR_MAX           512

_Static_assert(sizeof HISTORY_HEADER_TEXT == sizeof HISTORY_CSV_HEADER, "one header");

struct allowed_args {
    const char *history, *member, *exercise, *date, *pain, *unit, *ramp, *catalogue, *lang;
    bool json;
};

static int parse(int argc, char **argv, struct allowed_args *a)
{
    *a = (struct allowed_args){0};
    struct {
        const char *name;
        const char **value;
    } opts[] = {
        {"--history", &a->history}, {"--member", &a->member},       {"--exercise", &a->exercise},
        {"--date", &a->date},       {"--pain", &a->pain},           {"--unit", &a->unit},
        {"--ramp", &a->ramp},       {"--catalogue", &a->catalogue}, {"--lang", &a->lang}};
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            a->json = true;
            continue;
        }
        size_t k = 0;
        while (k < sizeof opts / sizeof opts[0] && strcmp(argv[i], opts[k].name) != 0)
            k++;
        if (k == sizeof opts / sizeof opts[0])
            return ctl_usage_error("allowed: unknown argument \"%s\"", argv[i]);
        if (i + 1 >= argc)
            return ctl_usage_error("allowed: %s needs a value", argv[i]);
        *opts[k].value = argv[++i];
    }
    if (!a->history == !a->member)
        return ctl_usage_error("allowed: give --history FILE.csv or --member NAME");
    if (!a->exercise)
        return ctl_usage_error("allowed: --exercise ID is needed (squat, or the catalogue's own)");
    if (a->history && !a->date)
        return ctl_usage_error("allowed: --date YYYY-MM-DD is needed with --history");
    if (a->member && a->unit)
        return ctl_usage_error("allowed: --unit is the rack's own with --member");
    if (a->member && a->ramp)
        return ctl_usage_error("allowed: --ramp goes with --history (the kiosk measures it)");
    if (a->lang && !i18n_known(a->lang))
        return ctl_usage_error("allowed: --lang is en, es or de, not \"%s\"", a->lang);
    return 0;
}

bool ctl_allowed_is_offline(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--history") == 0)
            return true;
    return false;
}

/*
 * The gym's rules from the config file; a bad file is reported, not silently replaced.
 * The rack's bar and plates are plates.conf's set (sets) under the file's [rack], as the
 * kiosk takes them. *shown is the unit the answer is read in. A rack set in [rack] keeps
 * its bar and plates whatever --unit says: --unit then only converts the loads for
 * reading, as a lifter's own unit does at the kiosk. With no [rack], --unit is the rack's
 * unit, as rackside --unit makes it (plates.conf's set for that unit).
 */
static int load_rules(const char *config_path, const char *unit, const struct plate_set sets[2],
                      struct rules *out, enum rack_unit *shown, struct server_link *link)
{
    if (unit && strcmp(unit, "kg") != 0 && strcmp(unit, "lb") != 0)
        return ctl_usage_error("allowed: --unit is kg or lb, not \"%s\"", unit);
    struct config cfg;
    config_default(&cfg);
    char err[CONFIG_ERR_MAX];
    if (config_load(config_path, &cfg, err) != 0 ||
        config_use_plates(&cfg, sets, cfg.rack_line ? NULL : unit, err) != 0) {
        fprintf(stderr, "rackside-ctl: %s\n", err);
        return EXIT_FAIL;
    }
    *out = cfg.rules;
    *link = (struct server_link){.enabled = config_server_enabled(&cfg),
                                 .limit_s = cfg.server_offline_limit_s};
    *shown = !unit ? out->plates.unit : strcmp(unit, "lb") == 0 ? RACK_LB : RACK_KG;
    return 0;
}

static const char *assets_dir(char *buf, size_t n);

static int parse_pain(const char *s, int *out)
{
    *out = 0;
    if (!s)
        return 0;
    if (!((s[0] >= '0' && s[0] <= '9' && s[1] == '\0') || strcmp(s, "10") == 0))
        return ctl_usage_error("allowed: --pain is a whole number 0..10, not \"%s\"", s);
    *out = atoi(s);
    return 0;
}

static void print(const struct progression_result *r, const char *why, bool json)
{
    if (!json) {
        printf("%s\n", why);
        return;
    }
    json_object *o = json_object_new_object();
    if (r->cap_g > 0) {
        char kg[24];
        snprintf(kg, sizeof kg, "%.3f", r->cap_g / 1000.0);
        char *end = kg + strlen(kg) - 1;
        while (*end == '0')
            *end-- = '\0';
        if (*end == '.')
            *end = '\0';
        json_object_object_add(o, "allowed_kg", json_object_new_double_s(r->cap_g / 1000.0, kg));
    } else {
        json_object_object_add(o, "allowed_kg", NULL);
    }
    json_object_object_add(o, "reason", json_object_new_string(why));
    printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
}

/*
 * The reason's words: English, or --lang's through the kiosk's own translations (the
 * same phrases the plan screen and the trainer's view use). A language whose catalogue
 * cannot be found is said on stderr and the answer is given in English.
 */
static void reason_words(const char *lang, enum rack_unit shown, struct progression_words *w)
{
    if (!lang || strcmp(lang, "en") == 0) {
        progression_words_english(w, shown);
        return;
    }
    char assets[DIR_MAX], dir[DIR_MAX], err[I18N_ERR_MAX];
    if (i18n_use(lang, i18n_find_dir(assets_dir(assets, sizeof assets), dir, sizeof dir), err) != 0)
        fprintf(stderr, "rackside-ctl: %s\n", err);
    i18n_progression_words(w, shown);
}

/*
 * The exercise as the reason names it: the catalogue's name in lang (its name.de, else
 * the kiosk's translation of the name), not its id; the sentence decides its case.
 */
static void sentence_name(const char *lang, const char *plain, const struct catalogue_text *t,
                          int n, char *out, size_t size)
{
    bool english = !lang || strcmp(lang, "en") == 0;
    snprintf(out, size, "%s", english ? plain : ui_catalogue_text(plain, t, n));
}

/*
 * link: the rack's contact with the gym server (--member; NULL for a history file). Offline
 * past the limit, the kiosk's rule holds the cap at the base and its sentence is the reason.
 */
static void answer(const struct rules *rules, const struct progression_input *in,
                   const struct progression_words *w, const struct server_link *link, bool json)
{
    struct progression_result r;
    progression_cap(rules, in, &r);
    char why[PROGRESSION_EXPLAIN_MAX];
    progression_explain_in(rules, in, &r, w, why, sizeof why);
    int64_t wall_us = store_wall_now_us();
    /* offline: the kiosk's sentence; in words alone it ends with the load it holds, as
     * the kiosk shows it beside the sentence and --json in allowed_kg */
    if (link && offline_hold_cap(rules, link, wall_us, &r))
        progression_explain_offline_load(server_link_age_s(link, wall_us), json ? 0 : r.cap_g, w,
                                         why, sizeof why);
    print(&r, why, json);
}

struct rows {
    struct history_row *row;
    size_t n, cap;
};

static int add_row(void *ctx, const struct history_row *row)
{
    struct rows *rs = ctx;
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 256;
        struct history_row *p = realloc(rs->row, cap * sizeof *p);
        if (!p)
            return -1;
        rs->row = p;
        rs->cap = cap;
    }
    rs->row[rs->n++] = *row;
    return 0;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "rackside-ctl: %s: cannot open it (%s)\n", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            char *p = (long)cap <= HISTORY_BYTES_MAX + 1 ? realloc(buf, cap) : NULL;
            if (!p) {
                fprintf(stderr, "rackside-ctl: %s: larger than a history file can be\n", path);
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = p;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) {
        fprintf(stderr, "rackside-ctl: %s: cannot read it\n", path);
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* --ramp KG,M/S: today's last ramp set, e.g. 85,0.42. */
static int parse_ramp(const char *s, int32_t *load_g, int *vel_mmps)
{
    const char *comma = strchr(s, ',');
    *load_g = comma ? history_parse_load(s, (size_t)(comma - s)) : -1;
    *vel_mmps = comma ? history_parse_velocity(comma + 1, strlen(comma + 1)) : -1;
    if (*load_g < 0 || *vel_mmps < 0)
        return ctl_usage_error(
            "allowed: --ramp is today's last ramp set as KG,M/S (load in kg, mean concentric "
            "velocity in m/s up to 5), like 85,0.42, not \"%s\"",
            s);
    return 0;
}

static int offline(const struct allowed_args *a, const struct catalogue *cat,
                   const struct rules *rules, const struct progression_words *w, int pain)
{
    int32_t ramp_g = 0;
    int ramp_mmps = 0;
    if (a->ramp && parse_ramp(a->ramp, &ramp_g, &ramp_mmps) != 0)
        return EXIT_BAD_INPUT;
    int64_t today = history_parse_date(a->date, strlen(a->date));
    if (today < 0)
        return ctl_usage_error("allowed: --date \"%s\" is not a date like 2026-11-30", a->date);
    size_t len = 0;
    char *text = read_file(a->history, &len);
    if (!text)
        return EXIT_BAD_INPUT;
    struct rows rs = {0};
    struct history_csv_error err;
    int rc = history_csv_parse_in(cat, text, len, add_row, &rs, &err);
    free(text);
    if (rc != 0) {
        fprintf(stderr, "rackside-ctl: %s line %ld: %s\n", a->history, err.line, err.msg);
        free(rs.row);
        return EXIT_BAD_INPUT;
    }
    struct set_record *sets = malloc((rs.n ? rs.n : 1) * sizeof *sets);
    if (!sets) {
        free(rs.row);
        fprintf(stderr, "rackside-ctl: out of memory\n");
        return EXIT_FAIL;
    }
    struct progression_input in;
    history_to_input(rs.row, rs.n, a->exercise, today, pain, sets, &in);
    const struct catalogue_exercise *ex = catalogue_exercise(cat, a->exercise);
    history_use_exercise(ex, &in);
    char name[CATALOGUE_NAME_MAX * 2];
    sentence_name(a->lang, ex->name, ex->names, ex->n_names, name, sizeof name);
    in.exercise = name;
    if (a->ramp) {
        history_ramp_set(rules, ramp_g, ramp_mmps, &in);
        /* the answer is still given; say why the ramp set did not count */
        if (progression_readiness_drop_pct(rules, &in) == 0)
            fprintf(stderr, "rackside-ctl: --ramp not checked: velocity readiness is off "
                            "(set [rules] readiness_drop_pct in the config)\n");
        else if (in.usual_vel_mmps == 0)
            fprintf(stderr,
                    "rackside-ctl: --ramp not checked: %s has no usual speed at %.1f kg (clean "
                    "sets before that day with velocity_mps, near that load or three spread "
                    "over it)\n",
                    a->history, ramp_g / 1000.0);
    }
    answer(rules, &in, w, NULL, a->json);
    free(sets);
    free(rs.row);
    return 0;
}

/* squat -> "Back squat": the short names the file form takes, or a stored name. */
static int stored_exercise(struct store *st, const char *name, struct exercise *out)
{
    static const char *const names[][2] = {{"squat", "Back squat"},
                                           {"bench", "Bench press"},
                                           {"press", "Overhead press"},
                                           {"deadlift", "Deadlift"}};
    const char *want = name;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i][0]) == 0)
            want = names[i][1];
    struct exercise ex[SESSION_MAX_EXERCISES];
    int n = store_exercises(st, ex, SESSION_MAX_EXERCISES);
    for (int i = 0; i < n; i++)
        if (strcasecmp(ex[i].name, want) == 0 || strcmp(ex[i].key, name) == 0) {
            *out = ex[i];
            return 0;
        }
    fprintf(stderr, "rackside-ctl: no exercise \"%s\" (see rackside-ctl exercises)\n", name);
    return EXIT_FAIL;
}

/*
 * The exercise as --member answers for it: from the catalogue when --catalogue gave one
 * (its rules and names; its stored row, found by id, holds the history, none when the
 * kiosk has not offered it yet: id -1), else as the kiosk stored it.
 */
static int member_exercise(struct store *st, const struct allowed_args *a,
                           const struct catalogue *cat, struct exercise *out)
{
    if (!cat)
        return stored_exercise(st, a->exercise, out);
    const struct catalogue_exercise *c = catalogue_exercise(cat, a->exercise);
    *out = (struct exercise){.id = -1,
                             .upper_body = c->upper_body,
                             .step_max_mu = {c->step_max_mu[RACK_KG], c->step_max_mu[RACK_LB]},
                             .readiness_drop_pct = c->readiness_drop_pct,
                             .n_names = c->n_names};
    snprintf(out->name, sizeof out->name, "%s", c->name);
    snprintf(out->key, sizeof out->key, "%s", c->key);
    memcpy(out->names, c->names, sizeof out->names);
    struct exercise ex[SESSION_MAX_EXERCISES];
    int n = store_exercises(st, ex, SESSION_MAX_EXERCISES);
    for (int i = 0; i < n; i++)
        if (strcmp(ex[i].key, c->key) == 0)
            out->id = ex[i].id;
    return 0;
}

static int from_store(struct store *st, const struct allowed_args *a, const struct catalogue *cat,
                      const struct rules *rules, struct server_link *link, int pain)
{
    int64_t today = store_gym_day((int64_t)time(NULL) * US_PER_S, rules->day_start_min);
    if (a->date) {
        int64_t noon_s;
        if (ctl_parse_date(a->date, &noon_s) != 0)
            return ctl_usage_error("allowed: --date \"%s\" is not a date like 2026-11-30", a->date);
        today = store_local_day(noon_s * US_PER_S);
    }
    char err[STORE_ERR_MAX];
    struct member_row m;
    if (store_find_member(st, a->member, &m, err) != 1) {
        fprintf(stderr, "rackside-ctl: %s\n", err);
        return EXIT_FAIL;
    }
    struct exercise ex;
    if (member_exercise(st, a, cat, &ex) != 0)
        return EXIT_FAIL;
    struct member_profile *p = malloc(sizeof *p);
    if (!p || store_member_profile(st, m.id, today, p) != 0) {
        free(p);
        fprintf(stderr, "rackside-ctl: cannot read %s's history\n", m.name);
        return EXIT_FAIL;
    }
    const struct exercise_history *h = NULL;
    for (size_t i = 0; i < p->n_hist; i++)
        if (p->hist[i].exercise_id == ex.id)
            h = &p->hist[i];
    if (!a->pain && p->day.pain_max > pain)
        pain = p->day.pain_max; /* today's check-in, as the kiosk would take it */
    struct progression_words w; /* first: it sets the language the name is read in */
    reason_words(a->lang, rules->plates.unit, &w);
    char name[CATALOGUE_NAME_MAX * 2];
    sentence_name(a->lang, ex.name, ex.names, ex.n_names, name, sizeof name);
    struct progression_input in = {
        .sets = h ? h->sets : NULL,
        .n_sets = h ? h->n_sets : 0,
        .today = today,
        .last_session_day = p->last_session_day,
        .last_session_pain = p->last_session_pain,
        .pain_today = pain,
        .upper_body = ex.upper_body,
        .exercise = name,
        .step_max_mu = {ex.step_max_mu[RACK_KG], ex.step_max_mu[RACK_LB]},
        .readiness_drop_pct = ex.readiness_drop_pct,
        .start_load_g = h ? h->start_load_g : 0,
        .override_g = h ? h->override_g : 0,
    };
    int64_t heard = link->enabled ? sync_heard(st->wdb) : 0; /* as the kiosk reads it */
    link->heard_wall_us = heard > 0 ? heard : 0;
    answer(rules, &in, &w, link, a->json);
    free(p);
    return 0;
}

/* The shipped catalogue's directory, found as the kiosk finds its assets. */
static const char *assets_dir(char *buf, size_t n)
{
    const char *env = getenv("RACKSIDE_ASSETS");
    if (env && *env)
        return env;
    char exe[DIR_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash = len > 0 ? memrchr(exe, '/', (size_t)len) : NULL;
    static const char *const beside_program[] = {"../assets", "../share/rackside"};
    for (size_t i = 0; slash && i < sizeof beside_program / sizeof beside_program[0]; i++) {
        char probe[DIR_MAX * 2];
        snprintf(buf, n, "%.*s/%s", (int)(slash - exe), exe, beside_program[i]);
        snprintf(probe, sizeof probe, "%s/catalogue/" CATALOGUE_EXERCISES_FILE, buf);
        if (access(probe, R_OK) == 0)
            return buf;
    }
    if (access("assets/catalogue/" CATALOGUE_EXERCISES_FILE, R_OK) == 0)
        return "assets";
    return SYSTEM_ASSETS;
}

/*
 * Where the kiosk would read the catalogue (catalogue_files.h): --catalogue DIR in place of
 * the gym's own places, else the data directory's (when --data-dir is given) and the one
 * beside the settings file; any file not there is the shipped one.
 */
static void catalogue_places(const struct allowed_args *a, const char *config_path,
                             const char **data_dir, char etc[DIR_MAX])
{
    const char *slash = config_path ? strrchr(config_path, '/') : NULL;
    if (a->catalogue) {
        snprintf(etc, DIR_MAX, "%s", a->catalogue);
        *data_dir = NULL;
    } else if (slash) {
        snprintf(etc, DIR_MAX, "%.*s", (int)(slash - config_path), config_path);
    } else {
        snprintf(etc, DIR_MAX, ".");
    }
}

/*
 * The catalogue from its places, all of it (exercises: with --history or --catalogue) or
 * plates.conf alone (--member on the database's exercises). A mistake is bad input.
 */
static int read_catalogue(const struct allowed_args *a, const char *config_path,
                          const char *data_dir, bool exercises, struct catalogue *cat)
{
    char etc[DIR_MAX], assets[DIR_MAX], why[CATALOGUE_NOTICE_MAX];
    catalogue_places(a, config_path, &data_dir, etc);
    const char *shipped = assets_dir(assets, sizeof assets);
    if ((exercises ? catalogue_files_read(cat, data_dir, etc, shipped, why)
                   : catalogue_files_read_plates(cat, data_dir, etc, shipped, why)) != 0) {
        fprintf(stderr, "rackside-ctl: %s\n", why);
        return EXIT_BAD_INPUT;
    }
    if (!exercises || catalogue_exercise(cat, a->exercise))
        return 0;
    char keys[CATALOGUE_EXERCISES_MAX * (CATALOGUE_KEY_MAX + 2)] = "";
    for (int i = 0; i < cat->n_exercises; i++)
        snprintf(keys + strlen(keys), sizeof keys - strlen(keys), "%s%s", i ? ", " : "",
                 cat->exercises[i].key);
    return ctl_usage_error("allowed: --exercise is one of the catalogue's: %s; not \"%s\"", keys,
                           a->exercise);
}

int ctl_allowed(struct store *st, const char *config_path, const char *data_dir, int argc,
                char **argv)
{
    struct allowed_args a;
    int rc = parse(argc, argv, &a);
    if (rc != 0)
        return rc;
    int pain;
    if ((rc = parse_pain(a.pain, &pain)) != 0)
        return rc;
    struct catalogue *cat = malloc(sizeof *cat); /* warm-up figures: too large for the stack */
    if (!cat) {
        fprintf(stderr, "rackside-ctl: out of memory\n");
        return EXIT_FAIL;
    }
    bool exercises = a.history || a.catalogue;
    struct rules rules;
    enum rack_unit shown = RACK_KG; /* set by load_rules */
    struct server_link link = {0};
    rc = read_catalogue(&a, config_path, data_dir, exercises, cat);
    if (rc == 0)
        rc = load_rules(config_path, a.unit, cat->plates, &rules, &shown, &link);
    if (rc == 0 && !a.history) {
        rc = from_store(st, &a, exercises ? cat : NULL, &rules, &link, pain);
    } else if (rc == 0) {
        struct progression_words w;
        reason_words(a.lang, shown, &w);
        rc = offline(&a, cat, &rules, &w, pain);
    }
    free(cat);
    return rc;
}
