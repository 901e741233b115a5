/*
 * Rendering, screen by screen, at 1280x800 with the software renderer (a hidden window):
 * the median wall time of a full redraw of each screen, and that a screen that does not
 * change draws nothing more (ui_needs_redraw says no). `--once [SCREEN]` draws each screen
 * (or the one named) once inside bench_measured() and prints "units N" (frames), for
 * callgrind's instructions per frame (tests/bench/render.sh runs it per screen).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>

#include "../../app/core/rules.h"
#include "../../app/core/session.h"
#include "../../app/ui/ui.h"

#define WIDTH         1280
#define HEIGHT        800
#define FRAMES        25
#define STATIC_CHECKS 100
#define T0_US         (1000LL * 1000000)
#define US_PER_S      1000000LL

static void log_in(struct session *s)
{
    s->logged_in = true;
    snprintf(s->who.name, sizeof s->who.name, "Anna Lindqvist");
    s->who.role = ROLE_LIFTER;
    s->last_activity_us = s->now_us;
}

static struct rep_result rep(int index, int mean_mmps, bool rushed)
{
    struct rep_result r = {.index = index,
                           .ecc_ms = rushed ? 1400 : 3000,
                           .bottom_ms = 900,
                           .conc_ms = 1800,
                           .rom_mm = 620,
                           .mean_conc_mmps = mean_mmps,
                           .peak_conc_mmps = mean_mmps * 3 / 2,
                           .rushed = rushed};
    for (int i = 0; i < REP_TRACE_POINTS; i++)
        r.trace_mmps[i] = (int16_t)(sin((double)i / REP_TRACE_POINTS * 2 * M_PI) * 500);
    return r;
}

static void plan(struct session *s)
{
    static const int32_t loads_g[] = {20000, 50000, 70000, 85000, 100000, 100000, 100000};
    struct plan *p = &s->visit.plan;
    p->exercise = 0;
    p->cap = (struct progression_result){
        .cap_g = 102500, .best_g = 100000, .step_g = 2500, .reason = PROGRESSION_STEP};
    p->work_g = 100000;
    p->n_sets = 7;
    for (int i = 0; i < p->n_sets; i++)
        p->sets[i] = (struct planned_set){loads_g[i], i < 4 ? 5 : 5, i < 4, i < 2};
    p->current = 2;
}

static void set(struct session *s)
{
    plan(s);
    struct live_set *st = &s->visit.set;
    st->exercise = 0;
    st->planned = 4;
    st->target_g = 100000;
    st->target_reps = 5;
    st->bar_held = st->load_known = true;
    st->load_g = 100000;
    st->left_pct = 52;
    st->n_reps = 4;
    for (int i = 0; i < st->n_reps; i++)
        st->reps[i] = rep(i + 1, 520 - 20 * i, i == 2);
    st->n_flags = 1;
    st->flags[0] = (struct raised_flag){FLAG_RUSHED, SEVERITY_CAUTION, 3, ""};
    s->bar_connected = true;
    s->reps.phase = REP_PHASE_ECCENTRIC;
    s->reps.phase_start_us = s->now_us - 1200 * 1000;
}

static void fill(struct session *s, enum screen screen)
{
    s->screen = screen;
    if (screen != SCREEN_ATTRACT)
        log_in(s);
    switch (screen) {
    case SCREEN_CHECKIN:
        s->visit.pain = 3;
        for (int q = 0; q < RED_FLAG_QUESTIONS; q++)
            s->visit.red_answered[q] = true;
        s->visit.body_known = true;
        break;
    case SCREEN_ADVICE:
        s->visit.red_flags[3] = s->visit.red_flag_today = s->visit.no_lift_today = true;
        break;
    case SCREEN_WARMUP:
        s->visit.warmup_step = 1;
        s->visit.warmup_start_us = s->now_us - 52 * US_PER_S;
        s->visit.warmup_step_start_us = s->now_us - 12 * US_PER_S;
        break;
    case SCREEN_PLAN:
        plan(s);
        break;
    case SCREEN_SET:
        set(s);
        break;
    case SCREEN_REST:
        set(s);
        s->visit.set.saved = true;
        s->visit.rest_until_us = s->now_us + 75 * US_PER_S;
        break;
    case SCREEN_STOP:
        set(s);
        s->visit.stop_reason = FLAG_OVERLOAD;
        s->visit.set.stopped = true;
        break;
    default:
        break;
    }
}

static struct session *new_session(enum screen screen)
{
    struct session *s = calloc(1, sizeof *s);
    if (!s)
        exit(1);
    rules_default(&s->rules);
    static const struct exercise ex[] = {{1, "Back squat", false, true, 5, 3},
                                         {2, "Deadlift", false, true, 5, 1},
                                         {3, "Bench press", true, false, 5, 3}};
    memcpy(s->exercises, ex, sizeof ex);
    s->n_exercises = 3;
    s->now_us = T0_US;
    s->visit.pain = -1;
    s->visit.plan.exercise = -1;
    s->trainer.flag_open = -1;
    s->generation = 1;
    fill(s, screen);
    return s;
}

static const enum screen screens[] = {SCREEN_ATTRACT, SCREEN_CHECKIN, SCREEN_ADVICE, SCREEN_WARMUP,
                                      SCREEN_PLAN,    SCREEN_SET,     SCREEN_REST,   SCREEN_STOP};
#define N_SCREENS ((int)(sizeof screens / sizeof screens[0]))

/* What callgrind counts: one full redraw. */
__attribute__((noinline)) void bench_measured(struct ui *ui, const struct session *s);
__attribute__((noinline)) void bench_measured(struct ui *ui, const struct session *s)
{
    ui_invalidate(ui);
    ui_render(ui, s, NULL);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    bool once = argc > 1 && strcmp(argv[1], "--once") == 0;
    const char *only = once && argc > 2 ? argv[2] : NULL;
    setenv("SDL_VIDEODRIVER", "offscreen", 0);
    const char *assets = getenv("RACKSIDE_ASSETS");
    struct ui_options opt = {.width = WIDTH,
                             .height = HEIGHT,
                             .hidden = true,
                             .assets_dir = assets && *assets ? assets : "assets"};
    char err[UI_ERR_MAX];
    struct ui *ui = ui_open(&opt, err);
    if (!ui) {
        fprintf(stderr, "bench_render: %s\n", err);
        return 1;
    }
    ui_animate(ui, true); /* as the kiosk runs: a screen's clock does not move here */
    int units = 0;
    for (int i = 0; i < N_SCREENS; i++) {
        const char *name = screen_name(screens[i]);
        if (only && strcmp(only, name) != 0)
            continue;
        struct session *s = new_session(screens[i]);
        ui_render(ui, s, NULL); /* the text cache warm, as on a kiosk that has been up */
        if (once) {
            bench_measured(ui, s);
            units++;
            free(s);
            continue;
        }
        double t[FRAMES];
        for (int f = 0; f < FRAMES; f++) {
            double t0 = now_ms();
            bench_measured(ui, s);
            t[f] = now_ms() - t0;
        }
        qsort(t, FRAMES, sizeof t[0], cmp);
        /* a screen that does not change: the frame loop asks, and draws nothing */
        uint64_t before = ui_frames_drawn(ui);
        for (int c = 0; c < STATIC_CHECKS; c++)
            if (ui_needs_redraw(ui, s, NULL))
                ui_render(ui, s, NULL);
        uint64_t extra = ui_frames_drawn(ui) - before;
        printf("bench_render: %-9s %dx%d: %.2f ms per full redraw (median of %d), %llu frames "
               "drawn in %d checks of the unchanged screen%s\n",
               name, WIDTH, HEIGHT, t[FRAMES / 2], FRAMES, (unsigned long long)extra, STATIC_CHECKS,
               extra ? " OVER" : "");
        free(s);
    }
    if (once)
        printf("units %d\n", units);
    ui_close(ui);
    SDL_Quit();
    return 0;
}
