/*
 * The scenario runner: parses a file of timed events, then plays them against the kiosk
 * as its virtual clock passes. Events at the same time run in file order, before the
 * devices are read in that frame; an "expect ... within N" holds the script until it is
 * true, and "+N" times after it count from the moment it held.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/controls.h"
#include "kiosk.h"
#include "scenario.h"

#define LINE_MAX_LEN 512
#define ARG_MAX_LEN  128
#define US_PER_S     1000000LL
#define TIME_MAX_S   (14.0 * 86400.0) /* a scenario is minutes long; a fortnight is a typo */

enum verb { V_BADGE, V_PLATE, V_BAR, V_PRESS, V_EXPECT, V_WAIT };

enum expect_kind {
    E_SCREEN,
    E_FLAG,
    E_LIGHT,
    E_BUZZER,
    E_LIFTER,
    E_SAYS,
    E_ENABLED,
    E_DISABLED,
    E_REPS,
    E_CAP,
    E_NEXT_SET,
    E_LISTED,
    E_BODY,
    E_SAVED_SETS,
};

struct event {
    int line;
    bool relative;
    int64_t at_us; /* from the start, or after the previous event when relative */
    enum verb verb;
    char word[ARG_MAX_LEN]; /* plate/bar action, badge UID, control name */
    char text[ARG_MAX_LEN]; /* expect: what is expected */
    int32_t number;         /* plate on KG (grams), expect N */
    struct control control;
    enum expect_kind expect;
    bool negated;      /* expect no ... */
    int64_t within_us; /* expect ... within N: wait up to this long */
};

struct scenario {
    char path[256];
    struct event *events;
    int n, cap;
    int next;           /* the next event to play */
    int64_t base_us;    /* when the previous event finished */
    int64_t waiting_us; /* an expect ... within: when it began waiting, -1 not waiting */
    int64_t start_wall_us;
    int64_t anchor_us; /* the run must fit in one gym day this long, 0 no need */
};

static const char *const verbs[] = {"badge", "plate", "bar", "press", "expect", "wait"};

static const char *const expect_names[] = {
    [E_SCREEN] = "screen",     [E_FLAG] = "flag",
    [E_LIGHT] = "light",       [E_BUZZER] = "buzzer",
    [E_LIFTER] = "lifter",     [E_SAYS] = "says",
    [E_ENABLED] = "enabled",   [E_DISABLED] = "disabled",
    [E_REPS] = "reps",         [E_CAP] = "cap",
    [E_NEXT_SET] = "next-set", [E_LISTED] = "listed",
    [E_BODY] = "body",         [E_SAVED_SETS] = "saved-sets",
};
#define N_EXPECTS ((int)(sizeof expect_names / sizeof expect_names[0]))

static const char *const plate_words[] = {"on", "off", "left", "even"};
static const char *const bar_words[] = {"unrack", "rerack", "rep",  "heavier",
                                        "unplug", "plug",   "light"};
static const char *const rep_styles[] = {"clean", "rushed", "swing"};
static const char *const lights[] = {"off", "green", "amber", "red"};

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
static int parse_flag_kind(const char *w)
{
    char id[ARG_MAX_LEN];
    snprintf(id, sizeof id, "%s", w);
    for (char *c = id; *c; c++)
        if (*c == '_')
            *c = '-';
    return flag_kind_from_id(id);
}

#define IDLE_SCREEN "idle-countdown" /* drawn over any screen, named like one */

static const char *shown_name(const struct kiosk *k)
{
    return k->session.idle_countdown ? IDLE_SCREEN : screen_name(kiosk_shown_screen(k));
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
            "cap, next-set, listed, body, saved-sets)");
    if (strcmp(w, "no") == 0) {
        e->negated = true;
        w = next_word(&rest);
        NEED(w, "expect no what?");
    }
    int kind = FIND(w, expect_names);
    NEED(kind >= 0,
         "cannot expect '%s' (screen, flag, light, buzzer, lifter, says, enabled, "
         "disabled, reps, cap, next-set, listed, body, saved-sets)",
         w);
    e->expect = (enum expect_kind)kind;
    char *arg = next_word(&rest);
    NEED(arg, "expect %s needs a value", w);
    snprintf(e->text, sizeof e->text, "%s", arg);
    char *more = next_word(&rest);
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
        NEED(parse_flag_kind(arg) >= 0, "no flag kind '%s' (e.g. red_flag, overload, pain)", arg);
        break;
    case E_LIGHT:
        NEED(FIND(arg, lights) >= 0, "light is off, green, amber or red, not '%s'", arg);
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
    case E_LIFTER:
    case E_SAYS:
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
        NEED(FIND(w, plate_words) >= 0, "plate is on [KG], off, left or even, not '%s'", w);
        if (x) {
            NEED(strcmp(w, "on") == 0 && parse_kg(x, &e->number) == 0 && e->number >= 20000,
                 "plate on takes a body weight in kg (20 or more)");
            x = next_word(&rest);
        }
        break;
    case V_BAR:
        NEED(FIND(w, bar_words) >= 0,
             "bar is unrack, rerack, rep clean|rushed|swing, heavier, unplug or plug, not '%s'", w);
        if (strcmp(w, "rep") == 0) {
            NEED(x && FIND(x, rep_styles) >= 0, "bar rep is clean, rushed or swing");
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

static int load_lines(struct scenario *sc, FILE *f, const char *path, char err[SCENARIO_ERR_MAX])
{
    char buf[LINE_MAX_LEN];
    int line = 0;
    int64_t last_abs_us = 0;
    bool timed_yet = false;
    while (fgets(buf, sizeof buf, f)) {
        line++;
        size_t len = strlen(buf);
        if (len == sizeof buf - 1 && buf[len - 1] != '\n') {
            errf(err, path, line, "line longer than %d characters", LINE_MAX_LEN - 2);
            return -1;
        }
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
        errf(err, path, line, "no events: a scenario needs at least one line");
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

/* ---- playing ---- */

static void first_name(const char *name, char *out, size_t n)
{
    size_t len = strcspn(name, " ");
    if (len >= n)
        len = n - 1;
    memcpy(out, name, len);
    out[len] = '\0';
}

static bool text_has(const char *hay, const char *needle)
{
    return strcasestr(hay, needle) != NULL;
}

/* Whether the expectation holds now; what was seen goes into seen. */
static bool check(const struct event *e, struct kiosk *k, char *seen, size_t n)
{
    const struct session *s = &k->session;
    bool buzzer;
    enum light light = session_light(s, &buzzer);
    int kind;
    switch (e->expect) {
    case E_SCREEN:
        snprintf(seen, n, "screen %s", shown_name(k));
        return strcmp(shown_name(k), e->text) == 0;
    case E_FLAG:
        kind = parse_flag_kind(e->text);
        snprintf(seen, n, "%s %s flag raised in this run",
                 (s->raised_kinds >> kind) & 1 ? "a" : "no", flag_kind_id((enum flag_kind)kind));
        return ((s->raised_kinds >> kind) & 1) != 0;
    case E_LIGHT:
        snprintf(seen, n, "light %s", lights[light]);
        return strcmp(lights[light], e->text) == 0;
    case E_BUZZER:
        snprintf(seen, n, "buzzer %s", buzzer ? "on" : "off");
        return buzzer == (strcmp(e->text, "on") == 0);
    case E_LIFTER: {
        char who[NAME_MAX_LEN] = "none";
        if (kiosk_lifter_name(k))
            first_name(kiosk_lifter_name(k), who, sizeof who);
        snprintf(seen, n, "lifter %s", who);
        return strcasecmp(who, e->text) == 0;
    }
    case E_SAYS:
        snprintf(seen, n, "the screen says \"%s\"", kiosk_notice(k));
        return text_has(kiosk_notice(k), e->text);
    case E_ENABLED:
    case E_DISABLED: {
        int arg;
        bool enabled;
        if (!ui_find_button(k->ui, e->control.action, e->control.arg, e->control.nth, &arg,
                            &enabled)) {
            snprintf(seen, n, "no %s button on the %s screen", e->text, shown_name(k));
            return false;
        }
        snprintf(seen, n, "%s is %s", e->text, enabled ? "enabled" : "disabled");
        return enabled == (e->expect == E_ENABLED);
    }
    case E_REPS:
        snprintf(seen, n, "%d reps", s->set.n_reps);
        return s->set.n_reps == e->number;
    case E_CAP:
        snprintf(seen, n, "today's cap %.2f kg", s->plan.cap.cap_g / 1000.0);
        return s->plan.exercise >= 0 && s->plan.cap.cap_g == e->number;
    case E_NEXT_SET:
        snprintf(seen, n, "next set %d of %d", s->plan.current + 1, s->plan.n_sets);
        return s->plan.exercise >= 0 && s->plan.current + 1 == e->number;
    case E_LISTED: {
        kind = parse_flag_kind(e->text);
        int listed = kiosk_listed_flags(k, (enum flag_kind)kind);
        snprintf(seen, n, "%d %s flags in the trainer's list", listed,
                 flag_kind_id((enum flag_kind)kind));
        return listed > 0;
    }
    case E_BODY:
        snprintf(seen, n, "body weight %s%.1f kg", s->body_known ? "" : "unknown, ",
                 s->body_g / 1000.0);
        return s->body_known && abs(s->body_g - e->number) <= 500;
    case E_SAVED_SETS:
        snprintf(seen, n, "%d sets saved", k->sets_saved);
        return k->sets_saved == e->number;
    }
    return false;
}

static int press(struct scenario *sc, const struct event *e, struct kiosk *k, int64_t t_us,
                 FILE *log)
{
    kiosk_redraw(k); /* the buttons as they are now */
    int arg;
    bool enabled;
    enum action a = e->control.action;
    if (a == ACTION_TOUCH) {
        kiosk_touch(k, ACTION_TOUCH, 0, t_us);
        return 0;
    }
    if (!ui_find_button(k->ui, a, e->control.arg, e->control.nth, &arg, &enabled)) {
        fprintf(log, "%s:%d: press %s: there is no %s button on the %s screen\n", sc->path, e->line,
                e->word, e->word, shown_name(k));
        return -1;
    }
    if (!enabled) {
        fprintf(stderr, "scenario: %s:%d: %s is disabled: the tap does nothing\n", sc->path,
                e->line, e->word);
        return 0;
    }
    kiosk_touch(k, a, arg, t_us);
    return 0;
}

static void act(const struct event *e, struct kiosk *k, int64_t t_us)
{
    switch (e->verb) {
    case V_BADGE:
        kiosk_sim_badge(k, e->word, t_us);
        break;
    case V_PLATE:
        if (strcmp(e->word, "on") == 0)
            kiosk_sim_plate(k, true, e->number, t_us);
        else if (strcmp(e->word, "off") == 0)
            kiosk_sim_plate(k, false, 0, t_us);
        else
            kiosk_sim_lean(k, strcmp(e->word, "left") == 0, t_us);
        break;
    case V_BAR:
        if (strcmp(e->word, "unrack") == 0 || strcmp(e->word, "rerack") == 0)
            kiosk_sim_bar(k, strcmp(e->word, "unrack") == 0, t_us);
        else if (strcmp(e->word, "rep") == 0)
            kiosk_sim_rep(k, (enum bar_sim_rep)FIND(e->text, rep_styles), t_us);
        else if (strcmp(e->word, "heavier") == 0)
            kiosk_sim_heavier(k, t_us);
        else
            kiosk_sim_bar_link(k, strcmp(e->word, "plug") == 0, t_us);
        break;
    default:
        break;
    }
}

/* Runs one due event; 1 done, 0 still waiting, -1 failed. */
static int play(struct scenario *sc, const struct event *e, struct kiosk *k, int64_t t_us,
                FILE *log)
{
    if (e->verb == V_PRESS)
        return press(sc, e, k, t_us, log) == 0 ? 1 : -1;
    if (e->verb != V_EXPECT) {
        act(e, k, t_us);
        return 1;
    }
    kiosk_redraw(k);
    char seen[256];
    bool ok = check(e, k, seen, sizeof seen) != e->negated;
    if (ok)
        return 1;
    if (e->within_us > 0) {
        if (sc->waiting_us < 0)
            sc->waiting_us = t_us;
        if (t_us - sc->waiting_us < e->within_us)
            return 0;
    }
    fprintf(log, "%s:%d: expect %s%s %s%s: saw %s\n", sc->path, e->line, e->negated ? "no " : "",
            expect_names[e->expect], e->text, e->within_us > 0 ? " (within the time given)" : "",
            seen);
    return -1;
}

enum scenario_state scenario_step(struct scenario *sc, struct kiosk *k, int64_t t_us, FILE *log)
{
    while (sc->next < sc->n) {
        const struct event *e = &sc->events[sc->next];
        int64_t due = e->relative ? sc->base_us + e->at_us : e->at_us;
        if (t_us < due)
            return SCENARIO_RUNNING;
        int r = play(sc, e, k, t_us, log);
        if (r < 0)
            return SCENARIO_FAILED;
        if (r == 0)
            return SCENARIO_RUNNING;
        sc->waiting_us = -1;
        /* relative times count from when this line ran (later, for a wait that held) */
        sc->base_us = e->within_us > 0 ? t_us : (due > sc->base_us ? due : sc->base_us);
        sc->next++;
    }
    return SCENARIO_PASSED;
}

void scenario_print_controls(FILE *out)
{
    fprintf(out, "Controls (press NAME in a scenario):\n");
    int n = control_count();
    for (int i = 0; i < n; i++) {
        char name[CONTROL_NAME_MAX];
        const char *what;
        control_name(i, name, sizeof name, &what);
        fprintf(out, "  %-18s %s\n", name, what);
    }
    fprintf(out, "Screens (expect screen NAME):\n ");
    for (int i = 0; i < SCREEN_COUNT; i++)
        fprintf(out, " %s", screen_name((enum screen)i));
    fprintf(out, "\nFlag kinds (expect flag KIND, expect listed KIND):\n ");
    for (int i = 0; i < FLAG_KIND_COUNT; i++)
        fprintf(out, " %s", flag_kind_id((enum flag_kind)i));
    fprintf(out, "\n");
}
