/*
 * The catalogues' two INI files (catalogue.h), read with inih like the settings file: a
 * reader that hands inih one physical line at a time, so every message names its line.
 */
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"

#define INI_LINE_MAX       200 /* inih's default buffer; longer lines are refused */
#define SECONDS_MAX        600
#define REPS_MAX           30
#define SETS_MAX           10
#define TEMPO_PHASE_MAX    10 /* seconds */
#define VEL_MAX_MPS        3.0
#define KEYS_MAX           20 /* keys a section may set */
#define FIGURE_SECONDS_MAX 60

#define READINESS_DROP_MAX_PCT 50 /* as [rules] readiness_drop_pct */

static const char *const joint_names[CATALOGUE_JOINTS] = {
    [JOINT_HEAD] = "head",
    [JOINT_NECK] = "neck",
    [JOINT_SPINE] = "spine",
    [JOINT_HIP] = "hip",
    [JOINT_ELBOW_FAR] = "elbow.far",
    [JOINT_HAND_FAR] = "hand.far",
    [JOINT_KNEE_FAR] = "knee.far",
    [JOINT_FOOT_FAR] = "foot.far",
    [JOINT_ELBOW_NEAR] = "elbow.near",
    [JOINT_HAND_NEAR] = "hand.near",
    [JOINT_KNEE_NEAR] = "knee.near",
    [JOINT_FOOT_NEAR] = "foot.near",
};

const char *catalogue_joint_name(enum catalogue_joint j)
{
    return j >= 0 && j < CATALOGUE_JOINTS ? joint_names[j] : "";
}

int catalogue_figure_index(const struct catalogue *c, const char *key)
{
    for (int i = 0; i < c->n_figures; i++)
        if (strcmp(c->figures[i].key, key) == 0)
            return i;
    return -1;
}

void catalogue_figure_pose(const struct catalogue_figure *f, int64_t t_ms,
                           float x[CATALOGUE_JOINTS], float y[CATALOGUE_JOINTS])
{
    int n = f->n_frames;
    if (n <= 0 || f->cycle_ms <= 0) {
        memset(x, 0, sizeof(float) * CATALOGUE_JOINTS);
        memset(y, 0, sizeof(float) * CATALOGUE_JOINTS);
        return;
    }
    int64_t in = t_ms < 0 ? 0 : t_ms % f->cycle_ms;
    /* which frame the loop is leaving, and how far toward the next */
    double at = (double)in * n / f->cycle_ms;
    int k = (int)at;
    if (k >= n)
        k = n - 1;
    double u = at - k;
    if (f->eased)
        u = 0.5 - 0.5 * cos(M_PI * u);
    int next = (k + 1) % n;
    for (int j = 0; j < CATALOGUE_JOINTS; j++) {
        x[j] = (float)(f->x[k][j] + (f->x[next][j] - f->x[k][j]) * u);
        y[j] = (float)(f->y[k][j] + (f->y[next][j] - f->y[k][j]) * u);
    }
}

void catalogue_init(struct catalogue *c)
{
    memset(c, 0, sizeof *c);
}

enum file_kind { FILE_EXERCISES, FILE_WARMUP, FILE_FIGURES, FILE_PLATES };

struct parse {
    struct catalogue *c;
    enum file_kind kind;
    const char *file;
    const char *text, *end, *at; /* the text still to read */
    int lineno;
    int header_line;   /* the last [section] line */
    bool header_empty; /* ... and no key under it yet */
    bool failed;
    struct catalogue_error *err;
    char section[CATALOGUE_KEY_MAX + 16]; /* the section being filled, "" none */
    int section_line;
    char seen[KEYS_MAX][24]; /* its keys so far */
    int n_seen;
    int joint_points[CATALOGUE_JOINTS]; /* a figure's points per joint, and where given */
    int joint_line[CATALOGUE_JOINTS];
    char bar[PLATES_SPEC_MAX], plates[PLATES_SPEC_MAX]; /* plates.conf: the section's, as written */
    int step_kg_line; /* the exercise's line giving its kilogram step_max, 0: none yet */
};

/* The file's first problem at line: kept to say in the reader's language, and in English. */
static void fail_said(struct parse *p, int line, const struct phrase_said *said)
{
    if (p->failed)
        return; /* the first problem is the one to fix first */
    p->failed = true;
    p->err->line = line;
    p->err->what = *said;
    int n = snprintf(p->err->msg, sizeof p->err->msg, "%s line %d: ", p->file, line);
    if (n < 0 || (size_t)n >= sizeof p->err->msg)
        return;
    phrase_said_fill(p->err->msg + n, sizeof p->err->msg - (size_t)n, said, NULL);
}

/* A problem said with fmt (a phrase.h format marked N_) and its arguments as text, at least
 * one ("" where it takes none). */
#define fail_at(p, line, fmt, ...)                                                                 \
    do {                                                                                           \
        struct phrase_said said_;                                                                  \
        PHRASE_SAY(&said_, fmt, __VA_ARGS__);                                                      \
        fail_said((p), (line), &said_);                                                            \
    } while (0)
#define fail(p, fmt, ...) fail_at((p), (p)->lineno, fmt, __VA_ARGS__)

/* A number as the text an argument takes; buf lives as long as the caller's block. */
static const char *int_text(char *buf, size_t n, long v)
{
    snprintf(buf, n, "%ld", v);
    return buf;
}
static const char *num_text(char *buf, size_t n, double v)
{
    snprintf(buf, n, "%g", v);
    return buf;
}
#define INT_TEXT(v) int_text((char[24]){""}, 24, (long)(v))
#define NUM_TEXT(v) num_text((char[32]){""}, 32, (double)(v))

/* One physical line to inih; a line too long or holding a NUL byte is refused. */
static char *read_line(char *str, int num, void *stream)
{
    struct parse *p = stream;
    if (p->at >= p->end)
        return NULL;
    const char *nl = memchr(p->at, '\n', (size_t)(p->end - p->at));
    const char *stop = nl ? nl : p->end;
    size_t n = (size_t)(stop - p->at);
    p->lineno++;
    if (memchr(p->at, '\0', n))
        fail(p, N_("holds a NUL byte: not a text line"), "");
    else if (n > (size_t)(num < INI_LINE_MAX ? num : INI_LINE_MAX) - 2)
        fail(p, N_("longer than %s characters"),
             INT_TEXT((num < INI_LINE_MAX ? num : INI_LINE_MAX) - 2));
    if (p->failed)
        n = 0;
    memcpy(str, p->at, n);
    str[n] = '\0';
    p->at = nl ? nl + 1 : p->end;
    const char *s = str;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '[') {
        /* inih says nothing of a section without keys: a header after such a one is its end */
        if (p->header_empty)
            fail_at(p, p->header_line, N_("a [section] with no keys: fill it in or remove it"), "");
        p->header_line = p->lineno;
        p->header_empty = true;
    }
    return str;
}

/* ---- values ---- */

static bool key_chars_ok(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return true;
}

/* Printable text: no control characters (UTF-8 bytes above 0x7f pass). */
static bool text_ok(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return false;
    return true;
}

static bool set_text(struct parse *p, char *out, size_t n, const char *key, const char *value)
{
    if (!*value) {
        fail(p, N_("%s is empty"), key);
        return false;
    }
    if (!text_ok(value)) {
        fail(p, N_("%s holds a control character"), key);
        return false;
    }
    if (strlen(value) >= n) {
        fail(p, N_("%s is longer than %s bytes"), key, INT_TEXT(n - 1));
        return false;
    }
    memcpy(out, value, strlen(value) + 1);
    return true;
}

/* A plain decimal in [min, max] (no hex, exponents, inf). */
static bool number(struct parse *p, const char *key, const char *value, double min, double max,
                   double *out)
{
    const char *s = value;
    int digits = 0;
    while (*s >= '0' && *s <= '9')
        s++, digits++;
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++)
            digits++;
    double v = digits && !*s ? strtod(value, NULL) : -1;
    if (!(v >= min && v <= max)) {
        fail(p, N_("%s '%s' is not a number in %s..%s"), key, value, NUM_TEXT(min), NUM_TEXT(max));
        return false;
    }
    *out = v;
    return true;
}

static bool whole(struct parse *p, const char *key, const char *value, int min, int max, int *out)
{
    double v;
    if (!number(p, key, value, min, max, &v))
        return false;
    if (v != (int)v) {
        fail(p, N_("%s '%s' is not a whole number"), key, value);
        return false;
    }
    *out = (int)v;
    return true;
}

/* one of two words: 0 or 1 */
static bool choice(struct parse *p, const char *key, const char *value, const char *w0,
                   const char *w1, bool *out)
{
    if (strcmp(value, w0) != 0 && strcmp(value, w1) != 0) {
        fail(p, N_("%s '%s' must be %s or %s"), key, value, w0, w1);
        return false;
    }
    *out = strcmp(value, w1) == 0;
    return true;
}

/* "3-1-2-0": seconds of eccentric, bottom pause, concentric, top pause. */
static bool tempo(struct parse *p, const char *value, int ms[4])
{
    const char *s = value;
    for (int i = 0; i < 4; i++) {
        if (i > 0 && *s++ != '-')
            break;
        if (*s < '0' || *s > '9' || (s[1] >= '0' && s[1] <= '9'))
            break;
        ms[i] = (*s++ - '0') * 1000;
        if (i == 3 && *s == '\0') {
            if (ms[0] == 0) {
                fail(p, N_("tempo '%s' needs a lowering of at least 1 s"), value);
                return false;
            }
            return true;
        }
    }
    fail(p, N_("tempo '%s' is four seconds like 3-1-2-0 (eccentric-pause-concentric-pause)"),
         value);
    return false;
}

int catalogue_parse_tempo(const char *value, int ms[4], struct catalogue_error *err)
{
    struct parse p = {.file = "tempo", .err = err};
    int got[4] = {0};
    if (!tempo(&p, value, got))
        return -1;
    memcpy(ms, got, sizeof got);
    return 0;
}

/* "name.de" -> a translation of name; false when the key is not base or base.LANG. */
static bool lang_key(const char *key, const char *base, const char **lang)
{
    size_t n = strlen(base);
    if (strncmp(key, base, n) != 0)
        return false;
    if (key[n] == '\0') {
        *lang = NULL;
        return true;
    }
    if (key[n] != '.')
        return false;
    *lang = key + n + 1;
    return true;
}

static bool lang_ok(const char *lang)
{
    size_t n = strlen(lang);
    if (n != 2 && n != 5)
        return false;
    if (lang[0] < 'a' || lang[0] > 'z' || lang[1] < 'a' || lang[1] > 'z')
        return false;
    return n == 2 ||
           (lang[2] == '_' && lang[3] >= 'A' && lang[3] <= 'Z' && lang[4] >= 'A' && lang[4] <= 'Z');
}

static bool set_translation(struct parse *p, struct catalogue_text *t, int *n, size_t max_len,
                            const char *key, const char *lang, const char *value)
{
    if (!lang_ok(lang)) {
        fail(p, N_("%s: '%s' is not a language like de or pt_BR"), key, lang);
        return false;
    }
    if (*n == CATALOGUE_LANGS_MAX) {
        fail(p, N_("%s: at most %s translations"), key, INT_TEXT(CATALOGUE_LANGS_MAX));
        return false;
    }
    struct catalogue_text *to = &t[(*n)++];
    snprintf(to->lang, sizeof to->lang, "%s", lang);
    return set_text(p, to->text, max_len, key, value);
}

/* ---- sections ---- */

static bool seen_before(struct parse *p, const char *key)
{
    for (int i = 0; i < p->n_seen; i++)
        if (strcmp(p->seen[i], key) == 0)
            return true;
    if (p->n_seen < KEYS_MAX)
        snprintf(p->seen[p->n_seen++], sizeof p->seen[0], "%s", key);
    return false;
}

static bool was_set(const struct parse *p, const char *key)
{
    for (int i = 0; i < p->n_seen; i++)
        if (strcmp(p->seen[i], key) == 0)
            return true;
    return false;
}

/* Keys a finished section must have had. */
static void check_required(struct parse *p, const char *const *keys, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!was_set(p, keys[i])) {
            fail_at(p, p->section_line, N_("[%s] has no %s"), p->section, keys[i]);
            return;
        }
}

/* A finished figure: every key given, each joint one point (it holds) or one per frame. */
static void end_figure(struct parse *p)
{
    static const char *const keys[] = {"seconds", "frames"};
    check_required(p, keys, 2);
    if (p->failed)
        return;
    struct catalogue_figure *f = &p->c->figures[p->c->n_figures - 1];
    for (int j = 0; j < CATALOGUE_JOINTS; j++) {
        int n = p->joint_points[j];
        if (n == 0) {
            fail_at(p, p->section_line, N_("[%s] has no %s"), p->section, joint_names[j]);
            return;
        }
        if (n != 1 && n != f->n_frames) {
            fail_at(p, p->joint_line[j], N_("%1$s has %2$s points: frames = %3$s wants 1 or %3$s"),
                    joint_names[j], INT_TEXT(n), INT_TEXT(f->n_frames));
            return;
        }
        for (int k = 1; n == 1 && k < f->n_frames; k++) {
            f->x[k][j] = f->x[0][j];
            f->y[k][j] = f->y[0][j];
        }
    }
}

/* ---- plates.conf ---- */

static enum rack_unit section_unit(const struct parse *p)
{
    return strcmp(p->section, "lb") == 0 ? RACK_LB : RACK_KG;
}

static bool begin_plates(struct parse *p, const char *section)
{
    if (strcmp(section, "kg") != 0 && strcmp(section, "lb") != 0) {
        fail_at(p, p->header_line, N_("[%s] is not a set: the sections are [kg] and [lb]"),
                section);
        return false;
    }
    enum rack_unit u = section_unit(p);
    if (p->c->plates_line[u]) {
        fail_at(p, p->header_line, N_("[%s] is given twice (first on line %s)"), section,
                INT_TEXT(p->c->plates_line[u]));
        return false;
    }
    p->c->plates_line[u] = p->header_line;
    p->bar[0] = p->plates[0] = '\0';
    return true;
}

/* bar or plates, each checked alone as it is read, so a mistake is named on its line */
static void plates_key(struct parse *p, const char *key, const char *value)
{
    bool bar = strcmp(key, "bar") == 0;
    if (!bar && strcmp(key, "plates") != 0) {
        fail(p, N_("unknown key '%s' in [%s] (bar, plates)"), key, p->section);
        return;
    }
    struct plate_set ps;
    struct phrase_said why;
    const struct plate_set *base = &p->c->plates[section_unit(p)];
    if (!set_text(p, bar ? p->bar : p->plates, PLATES_SPEC_MAX, key, value))
        return;
    if (plates_over_said(&ps, base, bar ? value : "", bar ? "" : value, &why) != 0)
        fail_said(p, p->lineno, &why);
}

static void end_plates(struct parse *p)
{
    static const char *const keys[] = {"bar", "plates"};
    check_required(p, keys, 2);
    if (p->failed)
        return;
    enum rack_unit u = section_unit(p);
    struct phrase_said why;
    if (plates_parse_said(&p->c->plates[u], p->section, p->bar, p->plates, &why) != 0)
        fail_said(p, p->section_line, &why);
}

static void end_section(struct parse *p)
{
    static const char *const exercise_keys[] = {"name",   "body",        "load",     "starts",
                                                "warmup", "target_reps", "work_sets"};
    static const char *const step_keys[] = {"name", "cue", "seconds", "figure"};
    static const char *const routine_keys[] = {"steps"};
    if (!p->section[0])
        return;
    if (p->kind == FILE_FIGURES)
        end_figure(p);
    else if (p->kind == FILE_PLATES)
        end_plates(p);
    else if (p->kind == FILE_EXERCISES)
        check_required(p, exercise_keys, sizeof exercise_keys / sizeof exercise_keys[0]);
    else if (strncmp(p->section, "step ", 5) == 0)
        check_required(p, step_keys, sizeof step_keys / sizeof step_keys[0]);
    else
        check_required(p, routine_keys, 1);
    p->section[0] = '\0';
}

static bool begin_exercise(struct parse *p, const char *section)
{
    struct catalogue *c = p->c;
    if (!key_chars_ok(section) || strlen(section) >= CATALOGUE_KEY_MAX) {
        fail_at(p, p->header_line,
                N_("[%s]: an exercise's id is lower-case letters, digits and '-', at most %s"),
                section, INT_TEXT(CATALOGUE_KEY_MAX - 1));
        return false;
    }
    if (catalogue_exercise(c, section)) {
        fail_at(p, p->header_line, N_("[%s] is given twice (first on line %s)"), section,
                INT_TEXT(catalogue_exercise(c, section)->line));
        return false;
    }
    if (c->n_exercises == CATALOGUE_EXERCISES_MAX) {
        fail_at(p, p->header_line, N_("more than %1$s exercises: the plan shows at most %1$s"),
                INT_TEXT(CATALOGUE_EXERCISES_MAX));
        return false;
    }
    struct catalogue_exercise *e = &c->exercises[c->n_exercises++];
    memset(e, 0, sizeof *e);
    snprintf(e->key, sizeof e->key, "%s", section);
    e->line = p->header_line;
    p->step_kg_line = 0;
    return true;
}

static bool begin_warmup_section(struct parse *p, const char *section)
{
    struct catalogue *c = p->c;
    bool step = strncmp(section, "step ", 5) == 0;
    bool routine = strncmp(section, "routine ", 8) == 0;
    const char *key = section + (step ? 5 : 8);
    if (!step && !routine) {
        fail_at(p, p->header_line, N_("[%s] is neither [step NAME] nor [routine NAME]"), section);
        return false;
    }
    if (!key_chars_ok(key) || strlen(key) >= CATALOGUE_KEY_MAX) {
        fail_at(p, p->header_line,
                N_("[%s]: a name is lower-case letters, digits and '-', at most %s"), section,
                INT_TEXT(CATALOGUE_KEY_MAX - 1));
        return false;
    }
    int line = p->header_line;
    if (step) {
        for (int i = 0; i < c->n_steps; i++)
            if (strcmp(c->steps[i].key, key) == 0) {
                fail_at(p, line, N_("[%s] is given twice (first on line %s)"), section,
                        INT_TEXT(c->steps[i].line));
                return false;
            }
        if (c->n_steps == CATALOGUE_STEPS_MAX) {
            fail_at(p, line, N_("more than %s steps"), INT_TEXT(CATALOGUE_STEPS_MAX));
            return false;
        }
        struct catalogue_step *s = &c->steps[c->n_steps++];
        memset(s, 0, sizeof *s);
        snprintf(s->key, sizeof s->key, "%s", key);
        s->line = line;
        return true;
    }
    if (catalogue_routine(c, key)) {
        fail_at(p, line, N_("[%s] is given twice (first on line %s)"), section,
                INT_TEXT(catalogue_routine(c, key)->line));
        return false;
    }
    if (c->n_routines == CATALOGUE_ROUTINES_MAX) {
        fail_at(p, line, N_("more than %s routines"), INT_TEXT(CATALOGUE_ROUTINES_MAX));
        return false;
    }
    struct catalogue_routine *r = &c->routines[c->n_routines++];
    memset(r, 0, sizeof *r);
    snprintf(r->key, sizeof r->key, "%s", key);
    r->line = line;
    return true;
}

static bool begin_figure(struct parse *p, const char *section)
{
    struct catalogue *c = p->c;
    if (!key_chars_ok(section) || strlen(section) >= CATALOGUE_KEY_MAX) {
        fail_at(p, p->header_line,
                N_("[%s]: a figure's name is lower-case letters, digits and '-', at most %s"),
                section, INT_TEXT(CATALOGUE_KEY_MAX - 1));
        return false;
    }
    int dup = catalogue_figure_index(c, section);
    if (dup >= 0) {
        fail_at(p, p->header_line, N_("[%s] is given twice (first on line %s)"), section,
                INT_TEXT(c->figures[dup].line));
        return false;
    }
    if (c->n_figures == CATALOGUE_FIGURES_MAX) {
        fail_at(p, p->header_line, N_("more than %s figures"), INT_TEXT(CATALOGUE_FIGURES_MAX));
        return false;
    }
    struct catalogue_figure *f = &c->figures[c->n_figures++];
    memset(f, 0, sizeof *f);
    snprintf(f->key, sizeof f->key, "%s", section);
    f->eased = true;
    f->line = p->header_line;
    memset(p->joint_points, 0, sizeof p->joint_points);
    return true;
}

/* ---- keys ---- */

/*
 * An exercise's own largest step per rack unit, as [rules] step_lower_max takes it:
 * step_max = 2.5kg, 5lb or one of each ("2.5kg 5lb"); the older step_max_kg = 2.5 is the
 * kilogram one. Giving the kilogram step by both keys is a mistake to name.
 */
static bool step_max(struct parse *p, struct catalogue_exercise *e, const char *key,
                     const char *value)
{
    static const double min[2] = {[RACK_KG] = 0.5, [RACK_LB] = 1};
    static const double max[2] = {[RACK_KG] = 50, [RACK_LB] = 110};
    int32_t mu[2] = {0, 0};
    if (strcmp(key, "step_max_kg") == 0) {
        double v;
        if (!number(p, key, value, min[RACK_KG], max[RACK_KG], &v))
            return false;
        mu[RACK_KG] = (int32_t)(v * 1000.0 + 0.5);
    } else if (plates_parse_steps(value, min, max, mu) != 0) {
        char kg[48], lb[48];
        snprintf(kg, sizeof kg, "2.5kg (%g..%g)", min[RACK_KG], max[RACK_KG]);
        snprintf(lb, sizeof lb, "5lb (%g..%g)", min[RACK_LB], max[RACK_LB]);
        fail(p,
             N_("step_max '%s' is not a step with its unit: give it as %s or %s, or one of each "
                "(\"2.5kg 5lb\")"),
             value, kg, lb);
        return false;
    }
    if (mu[RACK_KG] && p->step_kg_line) {
        fail(p,
             N_("step_max and step_max_kg both give the kilogram step (first on line %s): keep "
                "one"),
             INT_TEXT(p->step_kg_line));
        return false;
    }
    for (int u = RACK_KG; u <= RACK_LB; u++)
        if (mu[u])
            e->step_max_mu[u] = mu[u];
    if (mu[RACK_KG])
        p->step_kg_line = p->lineno;
    return true;
}

static bool exercise_key(struct parse *p, struct catalogue_exercise *e, const char *key,
                         const char *value)
{
    const char *lang;
    double v;
    if (lang_key(key, "name", &lang)) {
        if (lang)
            return set_translation(p, e->names, &e->n_names, sizeof e->name, key, lang, value);
        if (!set_text(p, e->name, sizeof e->name, key, value))
            return false;
        for (int i = 0; i < p->c->n_exercises; i++)
            if (&p->c->exercises[i] != e && strcmp(p->c->exercises[i].name, value) == 0) {
                fail(p, N_("name '%s' is [%s]'s too: names must differ"), value,
                     p->c->exercises[i].key);
                return false;
            }
        return true;
    }
    if (strcmp(key, "body") == 0)
        return choice(p, key, value, "lower", "upper", &e->upper_body);
    if (strcmp(key, "load") == 0) {
        bool declared;
        if (!choice(p, key, value, "plate", "declared", &declared))
            return false;
        e->on_plate = !declared;
        return true;
    }
    if (strcmp(key, "starts") == 0)
        return choice(p, key, value, "eccentric", "concentric", &e->con_first);
    if (strcmp(key, "tempo") == 0)
        return tempo(p, value, e->tempo_ms);
    if (strcmp(key, "target_reps") == 0)
        return whole(p, key, value, 1, REPS_MAX, &e->target_reps);
    if (strcmp(key, "work_sets") == 0)
        return whole(p, key, value, 1, SETS_MAX, &e->work_sets);
    if (strcmp(key, "min_velocity_mps") == 0) {
        if (!number(p, key, value, 0, VEL_MAX_MPS, &v))
            return false;
        e->min_vel_mmps = (int)(v * 1000.0 + 0.5);
        return true;
    }
    if (strcmp(key, "step_max") == 0 || strcmp(key, "step_max_kg") == 0)
        return step_max(p, e, key, value);
    if (strcmp(key, "readiness_drop_pct") == 0) /* as [rules] allows, but not 0 (off) */
        return whole(p, key, value, 1, READINESS_DROP_MAX_PCT, &e->readiness_drop_pct);
    if (strcmp(key, "warmup") == 0) {
        if (!key_chars_ok(value) || strlen(value) >= sizeof e->warmup) {
            fail(p, N_("warmup '%s' is a routine's name from the warm-up file"), value);
            return false;
        }
        snprintf(e->warmup, sizeof e->warmup, "%s", value);
        return true;
    }
    fail(p,
         N_("unknown key '%s' in [%s] (name, body, load, starts, tempo, target_reps, work_sets, "
            "min_velocity_mps, step_max, readiness_drop_pct, warmup)"),
         key, e->key);
    return false;
}

static bool step_key(struct parse *p, struct catalogue_step *s, const char *key, const char *value)
{
    const char *lang;
    if (lang_key(key, "name", &lang))
        return lang ? set_translation(p, s->names, &s->n_names, sizeof s->name, key, lang, value)
                    : set_text(p, s->name, sizeof s->name, key, value);
    if (lang_key(key, "cue", &lang))
        return lang ? set_translation(p, s->cues, &s->n_cues, sizeof s->cue, key, lang, value)
                    : set_text(p, s->cue, sizeof s->cue, key, value);
    if (strcmp(key, "seconds") == 0)
        return whole(p, key, value, 5, SECONDS_MAX, &s->seconds);
    if (strcmp(key, "reps") == 0)
        return whole(p, key, value, 1, REPS_MAX, &s->reps);
    if (strcmp(key, "figure") == 0) {
        s->figure = catalogue_figure_index(p->c, value);
        if (s->figure < 0)
            fail(p, N_("figure '%s' is not a [section] of the figures file (figures.conf)"), value);
        return s->figure >= 0;
    }
    fail(p, N_("unknown key '%s' in [step %s] (name, cue, seconds, reps, figure)"), key, s->key);
    return false;
}

/* "0.78,0.66 0.83,0.40": a joint's x,y per frame, each in 0..1. */
static bool joint_points(struct parse *p, struct catalogue_figure *f, int j, const char *value)
{
    int n = 0;
    const char *s = value;
    while (*s) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        const char *start = s;
        while (*s && *s != ' ')
            s++;
        char tok[32], *comma;
        size_t len = (size_t)(s - start);
        snprintf(tok, sizeof tok, "%.*s", (int)(len < sizeof tok ? len : sizeof tok - 1), start);
        comma = strchr(tok, ',');
        if (len >= sizeof tok || !comma) {
            char point[44];
            snprintf(point, sizeof point, "%.*s", (int)(len < 40 ? len : 40), start);
            fail(p, N_("%s: '%s' is not a point like 0.45,0.80 (x,y)"), joint_names[j], point);
            return false;
        }
        if (n == CATALOGUE_FRAMES_MAX) {
            fail(p, N_("%s: more than %s points"), joint_names[j], INT_TEXT(CATALOGUE_FRAMES_MAX));
            return false;
        }
        *comma = '\0';
        double x, y;
        if (!number(p, joint_names[j], tok, 0, 1, &x) ||
            !number(p, joint_names[j], comma + 1, 0, 1, &y))
            return false;
        f->x[n][j] = (float)x;
        f->y[n][j] = (float)y;
        n++;
    }
    if (n == 0) {
        fail(p, N_("%s is empty: one point x,y, or one per frame"), joint_names[j]);
        return false;
    }
    p->joint_points[j] = n;
    p->joint_line[j] = p->lineno;
    return true;
}

static bool figure_key(struct parse *p, struct catalogue_figure *f, const char *key,
                       const char *value)
{
    if (strcmp(key, "seconds") == 0) {
        double v;
        if (!number(p, key, value, 0.5, FIGURE_SECONDS_MAX, &v))
            return false;
        f->cycle_ms = (int)(v * 1000.0 + 0.5);
        return true;
    }
    if (strcmp(key, "frames") == 0) {
        if (!whole(p, key, value, 1, CATALOGUE_FRAMES_MAX, &f->n_frames))
            return false;
        for (int j = 0; j < CATALOGUE_JOINTS; j++)
            if (p->joint_points[j] > 1 && p->joint_points[j] != f->n_frames) {
                fail(p, N_("frames = %s, but %s above has %s points"), INT_TEXT(f->n_frames),
                     joint_names[j], INT_TEXT(p->joint_points[j]));
                return false;
            }
        return true;
    }
    if (strcmp(key, "ease") == 0) {
        bool no;
        if (!choice(p, key, value, "yes", "no", &no))
            return false;
        f->eased = !no;
        return true;
    }
    if (strcmp(key, "rack") == 0)
        return choice(p, key, value, "no", "yes", &f->rack);
    for (int j = 0; j < CATALOGUE_JOINTS; j++)
        if (strcmp(key, joint_names[j]) == 0)
            return joint_points(p, f, j, value);
    fail(p,
         N_("unknown key '%s' in [%s] (seconds, frames, ease, rack, head, neck, spine, hip, "
            "elbow/hand/knee/foot .near and .far)"),
         key, f->key);
    return false;
}

static int step_index(const struct catalogue *c, const char *key)
{
    for (int i = 0; i < c->n_steps; i++)
        if (strcmp(c->steps[i].key, key) == 0)
            return i;
    return -1;
}

/* "cat-cow, hip-swings": steps given above the routine. */
static bool routine_steps(struct parse *p, struct catalogue_routine *r, const char *value)
{
    const char *s = value;
    r->steps_line = p->lineno;
    while (*s) {
        while (*s == ' ' || *s == ',')
            s++;
        const char *start = s;
        while (*s && *s != ',' && *s != ' ')
            s++;
        if (s == start)
            break;
        char key[CATALOGUE_KEY_MAX];
        size_t n = (size_t)(s - start);
        snprintf(key, sizeof key, "%.*s", (int)(n < sizeof key ? n : sizeof key - 1), start);
        int idx = n < sizeof key ? step_index(p->c, key) : -1;
        if (idx < 0) {
            char step[48];
            snprintf(step, sizeof step, "%.*s", (int)(n < 40 ? n : 40), start);
            fail(p, N_("routine %s: no [step %s] above it"), r->key, step);
            return false;
        }
        if (r->n_steps == CATALOGUE_ROUTINE_STEPS) {
            fail(p, N_("routine %s: more than %s steps"), r->key,
                 INT_TEXT(CATALOGUE_ROUTINE_STEPS));
            return false;
        }
        r->steps[r->n_steps++] = idx;
    }
    if (r->n_steps == 0)
        fail(p, N_("routine %s has no steps"), r->key);
    return r->n_steps > 0;
}

static bool new_section(struct parse *p, const char *section)
{
    end_section(p);
    if (p->failed)
        return false;
    p->n_seen = 0;
    p->section_line = p->header_line;
    if (strlen(section) >= sizeof p->section) {
        {
            char cut[44];
            snprintf(cut, sizeof cut, "%.40s", section);
            fail_at(p, p->header_line, N_("[%s...] is too long a section name"), cut);
        }
        return false;
    }
    snprintf(p->section, sizeof p->section, "%s", section);
    if (p->kind == FILE_FIGURES)
        return begin_figure(p, section);
    if (p->kind == FILE_PLATES)
        return begin_plates(p, section);
    return p->kind == FILE_EXERCISES ? begin_exercise(p, section)
                                     : begin_warmup_section(p, section);
}

static int handler(void *user, const char *section, const char *key, const char *value)
{
    struct parse *p = user;
    if (p->failed)
        return 1;
    p->header_empty = false;
    if (!section[0]) {
        fail(p, N_("'%s' comes before any [section]"), key);
        return 1;
    }
    /* a section whose header line is not the one being filled starts anew (a repeated
     * header of the same name included) */
    if (strcmp(section, p->section) != 0 || p->header_line != p->section_line) {
        if (!new_section(p, section))
            return 1;
    }
    if (seen_before(p, key)) {
        fail(p, N_("'%s' is given twice in [%s]"), key, section);
        return 1;
    }
    struct catalogue *c = p->c;
    if (p->kind == FILE_FIGURES)
        figure_key(p, &c->figures[c->n_figures - 1], key, value);
    else if (p->kind == FILE_PLATES)
        plates_key(p, key, value);
    else if (p->kind == FILE_EXERCISES)
        exercise_key(p, &c->exercises[c->n_exercises - 1], key, value);
    else if (strncmp(section, "step ", 5) == 0)
        step_key(p, &c->steps[c->n_steps - 1], key, value);
    else if (strcmp(key, "steps") == 0)
        routine_steps(p, &c->routines[c->n_routines - 1], value);
    else
        fail(p, N_("unknown key '%s' in [%s] (steps)"), key, section);
    return 1;
}

static int parse(struct parse *p)
{
    p->err->msg[0] = '\0';
    p->err->line = 0;
    int bad = ini_parse_stream(read_line, p, handler, p);
    if (bad > 0 && !p->failed)
        fail_at(p, bad, N_("not a 'key = value' line or a [section]"), "");
    if (p->header_empty)
        fail_at(p, p->header_line, N_("a [section] with no keys: fill it in or remove it"), "");
    if (!p->failed)
        end_section(p);
    return p->failed ? -1 : 0;
}

/* A problem with the file as a whole (no line): -1. */
static int whole_file(struct catalogue_error *err, const char *file, const char *fmt,
                      const char *arg)
{
    PHRASE_SAY(&err->what, fmt, arg);
    err->line = 0;
    int n = snprintf(err->msg, sizeof err->msg, "%s: ", file);
    if (n >= 0 && (size_t)n < sizeof err->msg)
        phrase_said_fill(err->msg + n, sizeof err->msg - (size_t)n, &err->what, NULL);
    return -1;
}

int catalogue_parse_exercises(struct catalogue *c, const char *file, const char *text, size_t len,
                              struct catalogue_error *err)
{
    c->n_exercises = 0;
    struct parse p = {.c = c, .kind = FILE_EXERCISES, .file = file, .err = err};
    p.text = p.at = text;
    p.end = text + len;
    if (parse(&p) != 0)
        return -1;
    if (c->n_exercises == 0)
        return whole_file(err, file, N_("lists no exercise ([squat] with its keys)"), "");
    return 0;
}

int catalogue_parse_figures(struct catalogue *c, const char *file, const char *text, size_t len,
                            struct catalogue_error *err)
{
    c->n_figures = 0;
    struct parse p = {.c = c, .kind = FILE_FIGURES, .file = file, .err = err};
    p.text = p.at = text;
    p.end = text + len;
    if (parse(&p) != 0)
        return -1;
    if (c->n_figures == 0)
        return whole_file(err, file, N_("lists no figure ([cat-cow] with its keys)"), "");
    return 0;
}

int catalogue_parse_plates(struct catalogue *c, const char *file, const char *text, size_t len,
                           struct catalogue_error *err)
{
    c->plates_line[RACK_KG] = c->plates_line[RACK_LB] = 0;
    plates_default_kg(&c->plates[RACK_KG]); /* stand-ins while reading: each key checked alone */
    plates_default_lb(&c->plates[RACK_LB]);
    struct parse p = {.c = c, .kind = FILE_PLATES, .file = file, .err = err};
    p.text = p.at = text;
    p.end = text + len;
    if (parse(&p) != 0)
        return -1;
    static const char *const missing[2] = {
        N_("no [kg] set: add [kg] with bar and plates (the set of a rack in kilograms), as the "
           "shipped file has"),
        N_("no [lb] set: add [lb] with bar and plates (the set of a rack in pounds), as the "
           "shipped file has"),
    };
    for (int u = 0; u < 2; u++)
        if (!c->plates_line[u])
            return whole_file(err, file, missing[u], "");
    return 0;
}

int catalogue_parse_warmup(struct catalogue *c, const char *file, const char *text, size_t len,
                           struct catalogue_error *err)
{
    c->n_steps = c->n_routines = 0;
    struct parse p = {.c = c, .kind = FILE_WARMUP, .file = file, .err = err};
    p.text = p.at = text;
    p.end = text + len;
    if (parse(&p) != 0)
        return -1;
    if (c->n_routines == 0)
        return whole_file(err, file, N_("lists no [routine NAME]"), "");
    return 0;
}

int catalogue_check(const struct catalogue *c, const char *exercises_file,
                    struct catalogue_error *err)
{
    for (int i = 0; i < c->n_exercises; i++) {
        const struct catalogue_exercise *e = &c->exercises[i];
        if (!catalogue_routine(c, e->warmup)) {
            struct parse p = {.file = exercises_file, .err = err};
            fail_at(&p, e->line, N_("[%s] warmup '%s' is not a routine of the warm-up file"),
                    e->key, e->warmup);
            return -1;
        }
    }
    return 0;
}

const struct catalogue_exercise *catalogue_exercise(const struct catalogue *c, const char *key)
{
    for (int i = 0; i < c->n_exercises; i++)
        if (strcmp(c->exercises[i].key, key) == 0)
            return &c->exercises[i];
    return NULL;
}

const struct catalogue_routine *catalogue_routine(const struct catalogue *c, const char *key)
{
    for (int i = 0; i < c->n_routines; i++)
        if (strcmp(c->routines[i].key, key) == 0)
            return &c->routines[i];
    return NULL;
}

const char *catalogue_text_in(const char *plain, const struct catalogue_text *t, int n,
                              const char *lang)
{
    if (lang)
        for (int i = 0; i < n; i++)
            if (strcmp(t[i].lang, lang) == 0)
                return t[i].text;
    return plain;
}
