/*
 * Reading a scenario file: one event per line, "#" comments, absolute or "+N" times,
 * every word checked before anything runs, so a mistake is reported as FILE:LINE. Lines at
 * time 0 before any event set the run up: "clock HH:MM", "anchor SECONDS", "tempo 3-1-2-2"
 * (every exercise's tempo, as exercises.conf writes it). The language is in README.md,
 * "Scenarios".
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/badge.h"
#include "core/catalogue.h"
#include "core/phrase.h"
#include "core/tone.h"
#include "scenario_file.h"

static const char *const verbs[] = {"badge", "plate", "bar", "press", "expect", "wait"};

const char *const scenario_expect_names[] = {
    [E_SCREEN] = "screen",     [E_FLAG] = "flag",
    [E_LIGHT] = "light",       [E_BUZZER] = "buzzer",
    [E_LIFTER] = "lifter",     [E_SAYS] = "says",
    [E_ENABLED] = "enabled",   [E_DISABLED] = "disabled",
    [E_REPS] = "reps",         [E_CAP] = "cap",
    [E_NEXT_SET] = "next-set", [E_LISTED] = "listed",
    [E_BODY] = "body",         [E_SAVED_SETS] = "saved-sets",
    [E_SOUND] = "sound",       [E_SHOWS] = "shows",
    [E_TEMPO] = "tempo",       [E_SWEEP] = "sweep",
};
#define N_EXPECTS (E_SWEEP + 1)

static const char *const plate_words[] = {"on", "off", "left", "right", "even"};
static const char *const bar_words[] = {"unrack", "rerack", "rep",  "heavier",
                                        "unplug", "plug",   "light"};
const char *const scenario_rep_styles[SCENARIO_REP_STYLES] = {"clean", "rushed", "swing", "grind",
                                                              "rushed-top"};
const char *const scenario_lights[SCENARIO_LIGHTS] = {"off", "green", "amber", "red"};
const char *const scenario_tempo_verdicts[SCENARIO_TEMPO_VERDICTS] = {
    "none", "kept", "down-fast", "down-slow", "pause-short", "pause-long"};

static int find_word(const char *w, const char *const *list, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(w, list[i]) == 0)
            return i;
    return -1;
}
#define FIND(w, list) find_word((w), (list), (int)(sizeof(list) / sizeof((list)[0])))

static void errf(char err[SCENARIO_ERR_MAX], const char *path, int line, const char *fmt, ...)
{
    char what[SCENARIO_ERR_MAX - 300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(err, SCENARIO_ERR_MAX, "%.250s:%d: %s", path, line, what);
}

/* Splits off the next word; quotes keep spaces. NULL at the end of the line. */
static char *next_word(char **p)
{
    char *s = *p;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s)
        return NULL;
    char *start = s;
    if (*s == '"') {
        start = ++s;
        while (*s && *s != '"')
            s++;
    } else {
        while (*s && !isspace((unsigned char)*s))
            s++;
    }
    if (*s)
        *s++ = '\0';
    *p = s;
    return start;
}

/* Strips a comment: '#' outside quotes. */
static void strip_comment(char *line)
{
    bool quoted = false;
    for (char *c = line; *c; c++) {
        if (*c == '"')
            quoted = !quoted;
        else if (*c == '#' && !quoted) {
            *c = '\0';
            return;
        }
    }
}

static int parse_seconds(const char *w, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(w, &end);
    if (end == w || *end || errno || !isfinite(v) || v < 0 || v > TIME_MAX_S)
        return -1;
    *out = v;
    return 0;
}

static int parse_time(const char *w, struct event *e)
{
    e->relative = w[0] == '+';
    double v;
    if (parse_seconds(w + (e->relative ? 1 : 0), &v) != 0)
        return -1;
    e->at_us = (int64_t)llround(v * US_PER_S);
    return 0;
}

static int parse_int(const char *w, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(w, &end, 10);
    if (end == w || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

static int parse_kg(const char *w, int32_t *out_g)
{
    double v;
    if (parse_seconds(w, &v) != 0 || v > 1000)
        return -1;
    *out_g = (int32_t)llround(v * 1000);
    return 0;
}

/* Flag kinds as stored ("red-flag") or with underscores ("red_flag"). */
int scenario_flag_kind(const char *w)
{
    char id[ARG_MAX_LEN];
    snprintf(id, sizeof id, "%s", w);
    for (char *c = id; *c; c++)
        if (*c == '_')
            *c = '-';
    return flag_kind_from_id(id);
}

static int parse_screen(const char *w)
{
    if (strcmp(w, IDLE_SCREEN) == 0)
        return SCREEN_COUNT;
    for (int i = 0; i < SCREEN_COUNT; i++)
        if (strcmp(w, screen_name((enum screen)i)) == 0)
            return i;
    return -1;
}

#define NEED(cond, ...)                                                                            \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            errf(err, path, line, __VA_ARGS__);                                                    \
            return -1;                                                                             \
        }                                                                                          \
    } while (0)

static int parse_expect(char *rest, struct event *e, const char *path, int line,
                        char err[SCENARIO_ERR_MAX])
{
    char *w = next_word(&rest);
    NEED(w, "expect what? (screen, flag, light, buzzer, lifter, says, enabled, disabled, reps, "
            "cap, next-set, listed, body, saved-sets, sound, shows, tempo, sweep)");
    if (strcmp(w, "no") == 0) {
        e->negated = true;
        w = next_word(&rest);
        NEED(w, "expect no what?");
    }
    int kind = find_word(w, scenario_expect_names, N_EXPECTS);
    NEED(kind >= 0,
         "cannot expect '%s' (screen, flag, light, buzzer, lifter, says, enabled, "
         "disabled, reps, cap, next-set, listed, body, saved-sets, sound, shows, tempo, sweep)",
         w);
    e->expect = (enum expect_kind)kind;
    char *arg = next_word(&rest);
    NEED(arg, "expect %s needs a value", w);
    snprintf(e->text, sizeof e->text, "%s", arg);
    char *more = next_word(&rest);
    if (more && e->expect == E_SHOWS && strcmp(more, "within") != 0) {
        /* expect shows "TEXT" N mm: drawn with a cap height of at least N mm */
        char *unit = next_word(&rest);
        double mm;
        NEED(parse_seconds(more, &mm) == 0 && mm > 0 && mm <= SHOWS_MM_MAX && unit &&
                 strcmp(unit, "mm") == 0,
             "expect shows \"%s\" takes a cap height as N mm (e.g. 7 mm), not '%s'", arg, more);
        e->number = (int32_t)lround(mm * 10.0);
        more = next_word(&rest);
    }
    if (more) {
        NEED(strcmp(more, "within") == 0, "unexpected '%s' after expect %s %s", more, w, arg);
        char *s = next_word(&rest);
        double v;
        NEED(s && parse_seconds(s, &v) == 0 && v > 0, "within needs seconds, e.g. within 30");
        e->within_us = (int64_t)llround(v * US_PER_S);
        NEED(!next_word(&rest), "unexpected words after within %s", s);
    }
    int n;
    switch (e->expect) {
    case E_SCREEN:
        NEED(parse_screen(arg) >= 0, "no screen called '%s' (see rackside --controls)", arg);
        break;
    case E_FLAG:
    case E_LISTED:
        NEED(scenario_flag_kind(arg) >= 0, "no flag kind '%s' (e.g. red_flag, overload, pain)",
             arg);
        break;
    case E_LIGHT:
        NEED(find_word(arg, scenario_lights, SCENARIO_LIGHTS) >= 0,
             "light is off, green, amber or red, not '%s'", arg);
        break;
    case E_BUZZER:
        NEED(strcmp(arg, "on") == 0 || strcmp(arg, "off") == 0, "buzzer is on or off");
        break;
    case E_ENABLED:
    case E_DISABLED:
        NEED(control_parse(arg, &e->control) == 0,
             "no control called '%s' (see rackside --controls)", arg);
        break;
    case E_REPS:
    case E_NEXT_SET:
    case E_SAVED_SETS:
        NEED(parse_int(arg, 0, 1000, &n) == 0, "expect %s needs a whole number", w);
        e->number = n;
        break;
    case E_CAP:
    case E_BODY:
        NEED(parse_kg(arg, &e->number) == 0, "expect %s needs kilograms, e.g. 42.5", w);
        break;
    case E_SOUND:
        NEED(tone_cue_from_name(arg) >= 0,
             "no sound called '%s' (pip, down, second, bottom, go-up, go-down, rep-clean, "
             "rep-flagged, "
             "badge-ok, badge-no, idle)",
             arg);
        break;
    case E_SWEEP: {
        double s;
        NEED(parse_seconds(arg, &s) == 0 && s <= SWEEP_MAX_S,
             "expect sweep needs the seconds swept, e.g. 2 (0: none)");
        e->number = (int32_t)llround(s * 1000);
        break;
    }
    case E_TEMPO:
        NEED(find_word(arg, scenario_tempo_verdicts, SCENARIO_TEMPO_VERDICTS) >= 0,
             "tempo is none, kept, down-fast, down-slow, pause-short or pause-long, not '%s'", arg);
        break;
    case E_LIFTER:
    case E_SAYS:
    case E_SHOWS:
        break;
    }
    return 0;
}

static int parse_line(char *text, struct event *e, const char *path, int line,
                      char err[SCENARIO_ERR_MAX])
{
    char *rest = text;
    char *t = next_word(&rest);
    NEED(parse_time(t, e) == 0,
         "'%s' is not a time: seconds from the start, or +N after the "
         "line before",
         t);
    char *v = next_word(&rest);
    NEED(v, "a time with no event (badge, plate, bar, press, expect, wait)");
    int verb = FIND(v, verbs);
    NEED(verb >= 0, "unknown event '%s' (badge, plate, bar, press, expect, wait)", v);
    e->verb = (enum verb)verb;
    e->line = line;
    if (e->verb == V_EXPECT)
        return parse_expect(rest, e, path, line, err);
    char *w = next_word(&rest);
    if (e->verb == V_WAIT) {
        NEED(!w, "wait takes nothing: the time says how long");
        return 0;
    }
    NEED(w, "%s needs an argument", v);
    snprintf(e->word, sizeof e->word, "%s", w);
    char *x = next_word(&rest);
    switch (e->verb) {
    case V_BADGE:
        NEED(strlen(w) < BADGE_UID_MAX, "badge UID '%s' is too long", w);
        break;
    case V_PLATE:
        NEED(FIND(w, plate_words) >= 0, "plate is on [KG], off, left, right or even, not '%s'", w);
        if (x) {
            NEED(strcmp(w, "on") == 0 && parse_kg(x, &e->number) == 0 && e->number >= 20000,
                 "plate on takes a body weight in kg (20 or more)");
            x = next_word(&rest);
        }
        break;
    case V_BAR:
        NEED(FIND(w, bar_words) >= 0,
             "bar is unrack, rerack, rep clean|rushed|swing|grind|rushed-top, heavier, unplug or "
             "plug, not "
             "'%s'",
             w);
        if (strcmp(w, "rep") == 0) {
            NEED(x && find_word(x, scenario_rep_styles, SCENARIO_REP_STYLES) >= 0,
                 "bar rep is clean, rushed, swing, grind or rushed-top");
            snprintf(e->text, sizeof e->text, "%s", x);
            x = next_word(&rest);
        }
        break;
    case V_PRESS:
        NEED(control_parse(w, &e->control) == 0, "no control called '%s' (see rackside --controls)",
             w);
        break;
    default:
        break;
    }
    NEED(!x, "unexpected '%s' at the end of the line", x);
    return 0;
}

/* "0 clock 23:50" or "0 clock 2026-12-01T23:50[:SS]": local time the run starts at. */
static int parse_clock(char *rest, int64_t *out, const char *path, int line,
                       char err[SCENARIO_ERR_MAX])
{
    char *w = next_word(&rest);
    NEED(w && !next_word(&rest), "clock takes one local time: HH:MM[:SS] or YYYY-MM-DDTHH:MM");
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    int y = tm.tm_year + 1900, mo = tm.tm_mon + 1, d = tm.tm_mday, h = 0, mi = 0, sec = 0;
    char tail;
    int got =
        strchr(w, 'T') ? sscanf(w, "%d-%d-%dT%d:%d:%d%c", &y, &mo, &d, &h, &mi, &sec, &tail) : 0;
    if (!strchr(w, 'T')) {
        got = sscanf(w, "%d:%d:%d%c", &h, &mi, &sec, &tail);
        NEED(got == 2 || got == 3, "clock '%s' is not HH:MM[:SS] or YYYY-MM-DDTHH:MM[:SS]", w);
    } else {
        NEED(got == 5 || got == 6, "clock '%s' is not YYYY-MM-DDTHH:MM[:SS]", w);
    }
    NEED(h >= 0 && h < 24 && mi >= 0 && mi < 60 && sec >= 0 && sec < 60 && mo >= 1 && mo <= 12 &&
             d >= 1 && d <= 31,
         "clock '%s' is not a time of day", w);
    struct tm want = {.tm_year = y - 1900,
                      .tm_mon = mo - 1,
                      .tm_mday = d,
                      .tm_hour = h,
                      .tm_min = mi,
                      .tm_sec = sec,
                      .tm_isdst = -1};
    time_t t = mktime(&want);
    NEED(t != (time_t)-1, "clock '%s' is not a time this machine can represent", w);
    *out = (int64_t)t * US_PER_S;
    return 0;
}

/*
 * "0 tempo 3-1-2-2": the run's exercises are lifted to this tempo, as if each one's tempo line
 * in exercises.conf said so (the same syntax, read by the catalogue's own reader).
 */
static int parse_tempo(struct scenario *sc, const char *at, char *rest, bool timed_yet,
                       const char *path, int line, char err[SCENARIO_ERR_MAX])
{
    NEED(!timed_yet && strcmp(at, "0") == 0,
         "tempo goes first, at time 0: a rack's tempo is its catalogue's, set before anyone lifts");
    char *w = next_word(&rest);
    NEED(w && !next_word(&rest), "tempo takes one tempo, seconds like 3-1-2-2");
    struct catalogue_error cerr;
    if (catalogue_parse_tempo(w, sc->tempo_ms, &cerr) != 0) {
        char what[CATALOGUE_ERR_MAX];
        phrase_said_fill(what, sizeof what, &cerr.what, NULL);
        NEED(false, "%s", what);
    }
    sc->has_tempo = true;
    return 0;
}

static int add_event(struct scenario *sc, const struct event *e)
{
    if (sc->n == sc->cap) {
        int cap = sc->cap ? sc->cap * 2 : 64;
        struct event *grown = realloc(sc->events, (size_t)cap * sizeof *grown);
        if (!grown)
            return -1;
        sc->events = grown;
        sc->cap = cap;
    }
    sc->events[sc->n++] = *e;
    return 0;
}

enum { LINE_END, LINE_OK, LINE_TOO_LONG, LINE_NUL };

/* Reads one line into buf, without its newline. A NUL byte is not text: fgets would end
 * the line's string there and read on from the middle of the line as if it were the next. */
static int read_line(FILE *f, char *buf, size_t size)
{
    size_t n = 0;
    bool nul = false;
    int c;
    while ((c = getc(f)) != EOF && c != '\n') {
        nul = nul || c == '\0';
        if (n + 1 < size)
            buf[n] = (char)c;
        n++;
    }
    if (c == EOF && n == 0)
        return LINE_END;
    if (nul)
        return LINE_NUL;
    if (n > size - 2)
        return LINE_TOO_LONG;
    buf[n] = '\0';
    return LINE_OK;
}

static int load_lines(struct scenario *sc, FILE *f, const char *path, char err[SCENARIO_ERR_MAX])
{
    char buf[LINE_MAX_LEN];
    int line = 0;
    int64_t last_abs_us = 0;
    bool timed_yet = false;
    int got;
    while ((got = read_line(f, buf, sizeof buf)) != LINE_END) {
        line++;
        if (got == LINE_TOO_LONG) {
            errf(err, path, line, "line longer than %d characters", LINE_MAX_LEN - 2);
            return -1;
        }
        if (got == LINE_NUL) {
            errf(err, path, line, "holds a NUL byte: save the scenario as plain text");
            return -1;
        }
        buf[strcspn(buf, "\r")] = '\0'; /* a quote never runs past its line */
        strip_comment(buf);
        char whole[LINE_MAX_LEN];
        snprintf(whole, sizeof whole, "%s", buf);
        char *p = buf;
        char *first = next_word(&p);
        if (!first)
            continue;
        char *second = next_word(&p);
        if (second && strcmp(second, "anchor") == 0) {
            char *w = next_word(&p);
            double v;
            if (timed_yet || strcmp(first, "0") != 0 || !w || parse_seconds(w, &v) != 0 || v <= 0 ||
                v > 86400 || next_word(&p)) {
                errf(err, path, line,
                     "anchor goes first, at time 0, with the seconds the run needs "
                     "within one gym day (e.g. 0 anchor 900)");
                return -1;
            }
            sc->anchor_us = (int64_t)llround(v * US_PER_S);
            continue;
        }
        if (second && strcmp(second, "tempo") == 0) {
            if (parse_tempo(sc, first, p, timed_yet, path, line, err) != 0)
                return -1;
            continue;
        }
        if (second && strcmp(second, "clock") == 0) {
            if (timed_yet || strcmp(first, "0") != 0) {
                errf(err, path, line, "clock goes first, at time 0");
                return -1;
            }
            if (parse_clock(p, &sc->start_wall_us, path, line, err) != 0)
                return -1;
            continue;
        }
        struct event e = {0};
        if (parse_line(whole, &e, path, line, err) != 0)
            return -1;
        if (!e.relative) {
            if (e.at_us < last_abs_us) {
                errf(err, path, line, "time %.3f s is before an earlier line's time",
                     e.at_us / 1e6);
                return -1;
            }
            last_abs_us = e.at_us;
        }
        timed_yet = true;
        if (add_event(sc, &e) != 0) {
            errf(err, path, line, "out of memory");
            return -1;
        }
    }
    if (ferror(f)) {
        errf(err, path, line, "read error: %s", strerror(errno));
        return -1;
    }
    if (sc->n == 0) {
        errf(err, path, line > 0 ? line : 1, "no events: a scenario needs at least one line");
        return -1;
    }
    return 0;
}

struct scenario *scenario_load(const char *path, char err[SCENARIO_ERR_MAX])
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, SCENARIO_ERR_MAX, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct scenario *sc = calloc(1, sizeof *sc);
    if (!sc) {
        fclose(f);
        snprintf(err, SCENARIO_ERR_MAX, "%s: out of memory", path);
        return NULL;
    }
    snprintf(sc->path, sizeof sc->path, "%s", path);
    sc->waiting_us = -1;
    int rc = load_lines(sc, f, path, err);
    fclose(f);
    if (rc != 0) {
        scenario_free(sc);
        return NULL;
    }
    return sc;
}

void scenario_free(struct scenario *sc)
{
    if (!sc)
        return;
    free(sc->events);
    free(sc);
}

int64_t scenario_start_wall_us(const struct scenario *sc)
{
    return sc->start_wall_us;
}

int64_t scenario_anchor_us(const struct scenario *sc)
{
    return sc->anchor_us;
}

const int *scenario_tempo_ms(const struct scenario *sc)
{
    return sc->has_tempo ? sc->tempo_ms : NULL;
}
