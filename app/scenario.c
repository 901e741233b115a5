/*
 * The scenario runner: plays the events of a scenario file (read by scenario_file.c)
 * against the kiosk as its virtual clock passes. Events at the same time run in file order, before
 * the devices are read in that frame; an "expect ... within N" holds the script until it is true,
 * and "+N" times after it count from the moment it held.
 */
#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SDL.h>

#include "core/controls.h"
#include "core/view.h"
#include "kiosk.h"
#include "scenario.h"
#include "scenario_file.h"

static const char *shown_name(const struct kiosk *k)
{
    return k->session.idle_countdown ? IDLE_SCREEN : screen_name(kiosk_shown_screen(k));
}

static int rep_style(const char *w)
{
    for (int i = 0; i < SCENARIO_REP_STYLES; i++)
        if (strcmp(w, scenario_rep_styles[i]) == 0)
            return i;
    return 0;
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

/* Whether hay has needle, a no-break space drawn read as the space a scenario writes
 * ("25 kg a side" holds its words together with them). */
#define SHOWN_TEXT_MAX 2048
static bool text_has(const char *hay, const char *needle)
{
    char plain[SHOWN_TEXT_MAX];
    size_t n = 0;
    for (const char *c = hay; *c && n + 1 < sizeof plain; c++) {
        if ((unsigned char)c[0] == 0xC2 && (unsigned char)c[1] == 0xA0) {
            plain[n++] = ' ';
            c++;
        } else {
            plain[n++] = *c;
        }
    }
    plain[n] = '\0';
    return strcasestr(plain, needle) != NULL;
}

/* Whether b is the line a wrapped text drew under a: the same column, font and layer. */
static bool next_line_of(const struct ui_text_rec *a, const struct ui_text_rec *b)
{
    return b->box.x == a->box.x && b->box.w == a->box.w && b->box.y == a->box.y + a->box.h &&
           b->px == a->px && b->layer == a->layer;
}

/*
 * Whether text is drawn from t[0] on: in that one text, or in it and the lines a wrapped
 * sentence drew under it, joined at the spaces it wrapped at (a plan's reason over three).
 */
#define SHOWN_LINES_MAX 4
static bool shown_from(const struct ui_text_rec *t, int count, const char *text)
{
    char joined[SHOWN_LINES_MAX * (UI_TEXT_REC_MAX + 1)] = "";
    size_t len = 0;
    for (int i = 0; i < count && i < SHOWN_LINES_MAX; i++) {
        if (i > 0 && !next_line_of(&t[i - 1], &t[i]))
            return false;
        int k = snprintf(joined + len, sizeof joined - len, "%s%s", i ? " " : "", t[i].str);
        if (k < 0 || (size_t)k >= sizeof joined - len)
            return false;
        len += (size_t)k;
        if (text_has(joined, text))
            return true;
    }
    return false;
}

/*
 * expect sound: the cue among those the speaker played since the last one expected. The
 * sounds seen are listed, so a failure shows what played instead.
 */
static bool heard(struct scenario *sc, const struct event *e, const struct kiosk *k, char *seen,
                  size_t n)
{
    int want = tone_cue_from_name(e->text);
    uint64_t count = speaker_played_count(k->speaker);
    snprintf(seen, n, "%s", k->speaker ? "sounds since the last expected:" : "no sound device");
    for (uint64_t i = sc->sounds_heard; i < count; i++) {
        int cue = speaker_played_cue(k->speaker, i);
        size_t len = strlen(seen);
        snprintf(seen + len, n - len, " %s", cue >= 0 ? tone_cue_name((enum tone_cue)cue) : "?");
        if (cue == want) {
            sc->sound_match = i + 1;
            return true;
        }
    }
    if (k->speaker && count == sc->sounds_heard)
        snprintf(seen, n, "no sound since the last expected");
    return false;
}

/*
 * expect tempo and expect sweep: what the set screen is told to show (the core's view of the
 * lift), the last rep's verdict and the phase it sweeps, whose bar the text records miss.
 */
static bool lift_check(const struct event *e, const struct kiosk *k, char *seen, size_t n)
{
    struct session_view *v = malloc(sizeof *v);
    if (!v) {
        snprintf(seen, n, "out of memory");
        return false;
    }
    session_view(&k->session, k->session.now_us, v);
    const struct view_lift *l = &v->lift;
    bool ok;
    if (e->expect == E_TEMPO) {
        const char *said = scenario_tempo_verdicts[l->summary.last_tempo.verdict];
        snprintf(seen, n, "rep %d's tempo %s", l->summary.last_tempo.index, said);
        ok = strcmp(said, e->text) == 0;
    } else {
        snprintf(seen, n, "a sweep of %.1f s, %.1f s into it", l->phase_target_ms / 1000.0,
                 l->phase_into_us / 1e6);
        ok = l->phase_target_ms == e->number;
    }
    free(v);
    return ok;
}

/* Whether the expectation holds now; what was seen goes into seen. */
static bool check(struct scenario *sc, const struct event *e, struct kiosk *k, char *seen, size_t n)
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
        kind = scenario_flag_kind(e->text);
        snprintf(seen, n, "%s %s flag raised in this run",
                 (s->raised_kinds >> kind) & 1 ? "a" : "no", flag_kind_id((enum flag_kind)kind));
        return ((s->raised_kinds >> kind) & 1) != 0;
    case E_LIGHT:
        snprintf(seen, n, "light %s", scenario_lights[light]);
        return strcmp(scenario_lights[light], e->text) == 0;
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
    case E_SHOWS: { /* the words as drawn, in whichever language the reader reads */
        const struct ui_text_rec *t;
        int count = k->ui ? ui_layout_texts(k->ui, &t) : 0;
        snprintf(seen, n, "%d texts drawn, the first \"%s\"", count, count > 0 ? t[0].str : "");
        bool found = false;
        double cap_mm = 0.0; /* the largest it was drawn at */
        for (int i = 0; i < count; i++) {
            if (!shown_from(t + i, count - i, e->text))
                continue;
            found = true;
            double mm = t[i].cap_px / ui_px_per_mm(k->ui);
            cap_mm = mm > cap_mm ? mm : cap_mm;
        }
        if (!found || e->number == 0)
            return found;
        snprintf(seen, n, "\"%s\" drawn with a cap height of %.1f mm", e->text, cap_mm);
        return cap_mm * 10.0 >= e->number - 0.5; /* at least N mm, to a tenth */
    }
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
        snprintf(seen, n, "%d reps", s->visit.set.n_reps);
        return s->visit.set.n_reps == e->number;
    case E_CAP:
        snprintf(seen, n, "today's cap %.2f kg", s->visit.plan.cap.cap_g / 1000.0);
        return s->visit.plan.exercise >= 0 && s->visit.plan.cap.cap_g == e->number;
    case E_NEXT_SET:
        snprintf(seen, n, "next set %d of %d", s->visit.plan.current + 1, s->visit.plan.n_sets);
        return s->visit.plan.exercise >= 0 && s->visit.plan.current + 1 == e->number;
    case E_LISTED: {
        kind = scenario_flag_kind(e->text);
        int listed = kiosk_listed_flags(k, (enum flag_kind)kind);
        snprintf(seen, n, "%d %s flags in the trainer's list", listed,
                 flag_kind_id((enum flag_kind)kind));
        return listed > 0;
    }
    case E_BODY:
        snprintf(seen, n, "body weight %s%.1f kg", s->visit.body_known ? "" : "unknown, ",
                 s->visit.body_g / 1000.0);
        return s->visit.body_known && abs(s->visit.body_g - e->number) <= 500;
    case E_SAVED_SETS:
        snprintf(seen, n, "%d sets saved", k->sets_saved);
        return k->sets_saved == e->number;
    case E_SOUND:
        return heard(sc, e, k, seen, n);
    case E_TEMPO:
    case E_SWEEP:
        return lift_check(e, k, seen, n);
    }
    return false;
}

/* ---- a press as a click through the window system ---- */

/*
 * With RACKSIDE_SCENARIO_CLICK=PROGRAM a press is a click in the real window: the runner
 * finds the named button on the frame drawn and runs PROGRAM NAME X Y W H (the button's
 * rectangle in window pixels), which clicks through the window system (the end-to-end
 * test runs xdotool under Xvfb). The click comes back as the window's pointer event; the
 * kiosk's own event loop takes it at the next frame and hit-tests it as it does a
 * lifter's tap. The runner only waits for it and checks which button it landed on, so a
 * click that misses fails at its line rather than somewhere later.
 */
#define CLICK_ENV     "RACKSIDE_SCENARIO_CLICK"
#define CLICK_WAIT_MS 10000 /* the window system has this long to deliver the click */
#define CLICK_POLL_MS 2

/* The rectangle of the topmost button for action carrying arg on the last frame. */
static bool button_rect(struct ui *ui, enum action a, int arg, struct ui_rect *r)
{
    const struct ui_target_rec *t;
    for (int i = ui_layout_targets(ui, &t) - 1; i >= 0; i--)
        if (t[i].action == a && t[i].arg == arg) {
            *r = t[i].r;
            return true;
        }
    return false;
}

/* Runs the click program for the button; 0 when it exited 0. */
static int run_clicker(const char *prog, const char *name, struct ui_rect r, FILE *log)
{
    char num[4][16];
    int v[4] = {r.x, r.y, r.w, r.h};
    for (int i = 0; i < 4; i++)
        snprintf(num[i], sizeof num[i], "%d", v[i]);
    char *argv[] = {(char *)prog, (char *)name, num[0], num[1], num[2], num[3], NULL};
    pid_t pid;
    int err = posix_spawnp(&pid, prog, NULL, NULL, argv, environ);
    if (err != 0) {
        fprintf(log, "%s %s: cannot run: %s\n", prog, name, strerror(err));
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(log, "%s %s %s %s %s %s: exit status %d\n", prog, name, num[0], num[1], num[2],
                num[3], WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return -1;
    }
    return 0;
}

/* Waits (real time) until a pointer button press is in the window's event queue, left
 * there for the kiosk's event loop; false when none came. */
static bool click_arrived(SDL_Event *ev)
{
    for (int ms = 0; ms < CLICK_WAIT_MS; ms += CLICK_POLL_MS) {
        SDL_PumpEvents();
        if (SDL_PeepEvents(ev, 1, SDL_PEEKEVENT, SDL_MOUSEBUTTONDOWN, SDL_MOUSEBUTTONDOWN) == 1)
            return true;
        SDL_Delay(CLICK_POLL_MS);
    }
    return false;
}

/* Clicks the button for a, arg through the window system; 1 sent, -1 failed. */
static int click(struct scenario *sc, const struct event *e, struct kiosk *k, enum action a,
                 int arg, const char *prog, FILE *log)
{
    struct ui_rect r;
    if (!button_rect(k->ui, a, arg, &r)) {
        fprintf(log, "%s:%d: press %s: no touch target for it on the %s screen\n", sc->path,
                e->line, e->word, shown_name(k));
        return -1;
    }
    if (run_clicker(prog, e->word, r, log) != 0) {
        fprintf(log, "%s:%d: press %s: the click program failed\n", sc->path, e->line, e->word);
        return -1;
    }
    SDL_Event ev;
    if (!click_arrived(&ev)) {
        fprintf(log, "%s:%d: press %s: no click reached the window within %d ms\n", sc->path,
                e->line, e->word, CLICK_WAIT_MS);
        return -1;
    }
    int hit_arg;
    enum action hit = ui_hit(k->ui, ev.button.x, ev.button.y, &hit_arg);
    if (hit != a || hit_arg != arg) {
        fprintf(log,
                "%s:%d: press %s: the click at %d,%d landed on %s, not on the %s button at "
                "%d,%d %dx%d\n",
                sc->path, e->line, e->word, ev.button.x, ev.button.y,
                hit == ACTION_NONE ? "no button" : "another button", e->word, r.x, r.y, r.w, r.h);
        return -1;
    }
    return 1;
}

/* 1 done, 0 a click on its way to the kiosk's event loop, -1 failed. */
static int press(struct scenario *sc, const struct event *e, struct kiosk *k, int64_t t_us,
                 FILE *log)
{
    if (sc->click_sent) { /* this frame's event loop took the click */
        sc->click_sent = false;
        return 1;
    }
    kiosk_redraw(k); /* the buttons as they are now */
    int arg;
    bool enabled;
    enum action a = e->control.action;
    if (a == ACTION_TOUCH) {
        kiosk_touch(k, ACTION_TOUCH, 0, t_us);
        return 1;
    }
    if (!ui_find_button(k->ui, a, e->control.arg, e->control.nth, &arg, &enabled)) {
        fprintf(log, "%s:%d: press %s: there is no %s button on the %s screen\n", sc->path, e->line,
                e->word, e->word, shown_name(k));
        return -1;
    }
    if (!enabled) {
        fprintf(stderr, "scenario: %s:%d: %s is disabled: the tap does nothing\n", sc->path,
                e->line, e->word);
        return 1;
    }
    const char *prog = getenv(CLICK_ENV);
    if (prog && *prog) {
        if (click(sc, e, k, a, arg, prog, log) < 0)
            return -1;
        sc->click_sent = true;
        return 0;
    }
    kiosk_touch(k, a, arg, t_us);
    return 1;
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
            kiosk_sim_lean(k,
                           strcmp(e->word, "even") == 0   ? 0
                           : strcmp(e->word, "left") == 0 ? 1
                                                          : -1,
                           t_us);
        break;
    case V_BAR:
        if (strcmp(e->word, "unrack") == 0 || strcmp(e->word, "rerack") == 0)
            kiosk_sim_bar(k, strcmp(e->word, "unrack") == 0, t_us);
        else if (strcmp(e->word, "rep") == 0)
            kiosk_sim_rep(k, (enum bar_sim_rep)rep_style(e->text), t_us);
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
        return press(sc, e, k, t_us, log);
    if (e->verb != V_EXPECT) {
        act(e, k, t_us);
        return 1;
    }
    kiosk_redraw(k);
    char seen[256];
    bool ok = check(sc, e, k, seen, sizeof seen) != e->negated;
    if (ok && e->expect == E_SOUND && !e->negated)
        sc->sounds_heard = sc->sound_match; /* the next expect sound listens after it */
    if (ok)
        return 1;
    if (e->within_us > 0) {
        if (sc->waiting_us < 0)
            sc->waiting_us = t_us;
        if (t_us - sc->waiting_us < e->within_us)
            return 0;
    }
    fprintf(log, "%s:%d: expect %s%s %s%s: saw %s\n", sc->path, e->line, e->negated ? "no " : "",
            scenario_expect_names[e->expect], e->text,
            e->within_us > 0 ? " (within the time given)" : "", seen);
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
    fprintf(out, "\nSounds (expect sound NAME):\n ");
    for (int i = 0; i < TONE_CUE_COUNT; i++)
        fprintf(out, " %s", tone_cue_name((enum tone_cue)i));
    fprintf(out, "\n");
}
