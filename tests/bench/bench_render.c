/*
 * Rendering, screen by screen, at 1280x800 with the software renderer (a hidden window), for
 * every screen the layout test knows: its table of states (tests/unit/test_ui.c, lifter and
 * trainer screens, the idle countdown, the simulation strip and help) and its fault screens.
 * For each: the median wall time of a full redraw, and that a screen that does not change
 * draws nothing more (ui_needs_redraw says no).
 *
 * Output: each screen's figures on stderr (the bench log), and on stdout one line per group of
 * screens (lifter, trainer, over any screen, fault) with its median and its slowest screen, and
 * one for the unchanged screens: the rows of make bench's table. A frame drawn on an unchanged
 * screen is a missed budget: the line says OVER and the exit status is 2 (ran, over budget, as
 * tests/bench/run reads it).
 *
 * `--once` draws each screen once inside bench_measured() and prints the screens in order
 * ("screen NAME GROUP", GROUP lifter, trainer, over or fault) and "units N", for callgrind's
 * instructions per frame (tests/bench/render.sh dumps a profile after each call, so each
 * screen is counted on its own).
 *
 * The states are the layout test's own (its file is compiled in here, its main renamed), so a
 * screen added to the layout test is benched without a second copy of its state.
 */
#define main test_ui_main
#include "../unit/test_ui.c"
#undef main

#include <time.h>

#define BENCH_W       1280
#define BENCH_H       800
#define FRAMES        25
#define STATIC_CHECKS 100
#define FAULTS_MAX    4

enum group { G_LIFTER, G_TRAINER, G_OVER, G_FAULT, G_COUNT };
static const char *const group_words[G_COUNT] = {"lifter", "trainer", "over", "fault"};
static const char *const group_names[G_COUNT] = {
    "lifter screens", "trainer screens", "drawn over a screen (idle, simulation)", "fault screens"};

/* One screen to draw: a state of the layout test's table, or one of its faults. */
struct bench_screen {
    char name[48];
    enum group group;
    struct session *s; /* NULL: a fault */
    struct ui_sim sim;
    struct ui_fault fault;
};

/* One full redraw of the screen. */
static void draw(struct ui *ui, const struct bench_screen *b)
{
    ui_invalidate(ui);
    if (b->s)
        ui_render(ui, b->s, &b->sim);
    else
        ui_render_fault(ui, &b->fault);
}

/* What callgrind counts: one full redraw. */
__attribute__((noinline)) void bench_measured(struct ui *ui, const struct bench_screen *b);
__attribute__((noinline)) void bench_measured(struct ui *ui, const struct bench_screen *b)
{
    draw(ui, b);
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

/* Every screen of the layout test, in its order; the faults last. */
static int list_screens(struct bench_screen *out, int max, const char *scratch)
{
    int n = 0;
    for (int c = 0; c < N_CASES && n < max; c++) {
        struct bench_screen *b = &out[n++];
        b->s = new_session();
        cases[c].fill(b->s);
        b->sim = sim_for(&cases[c], b->s);
        snprintf(b->name, sizeof b->name, "%s",
                 cases[c].name ? cases[c].name : screen_name(b->s->screen));
        bool over = b->s->idle_countdown || strncmp(b->name, "sim-", 4) == 0;
        b->group = over ? G_OVER : trainer_screen(b->s->screen) ? G_TRAINER : G_LIFTER;
    }
    struct ui_fault faults[FAULTS_MAX];
    int nf = real_faults(faults, scratch);
    for (int f = 0; f < nf && n < max; f++) {
        struct bench_screen *b = &out[n++];
        snprintf(b->name, sizeof b->name, "fault-%d", f + 1);
        b->group = G_FAULT;
        b->fault = faults[f];
    }
    return n;
}

/* The median of a group's screens and its slowest, as a row of the table. */
static void group_line(enum group g, const struct bench_screen *screens, const double *ms, int n)
{
    double v[N_CASES + FAULTS_MAX];
    int k = 0, worst = -1;
    for (int i = 0; i < n; i++) {
        if (screens[i].group != g)
            continue;
        v[k++] = ms[i];
        if (worst < 0 || ms[i] > ms[worst])
            worst = i;
    }
    if (k == 0)
        return;
    qsort(v, (size_t)k, sizeof v[0], cmp);
    printf("bench_render: %s %dx%d: %.2f ms per full redraw (median of %d screens), slowest "
           "%.2f ms (%s)\n",
           group_names[g], BENCH_W, BENCH_H, v[k / 2], k, ms[worst], screens[worst].name);
}

int main(int argc, char **argv)
{
    bool once = argc > 1 && strcmp(argv[1], "--once") == 0;
    setenv("SDL_VIDEODRIVER", "offscreen", 0);
    char dir[1024], err[UI_ERR_MAX];
    if (i18n_use("en", i18n_find_dir(assets(), dir, sizeof dir), err) != 0)
        fprintf(stderr, "bench_render: %s (the screens' words untranslated)\n", err);
    char scratch[] = "/tmp/bench-render-XXXXXX";
    if (!mkdtemp(scratch)) {
        perror("bench_render: mkdtemp");
        return 1;
    }
    struct ui *ui = open_ui(BENCH_W, BENCH_H);
    ui_animate(ui, true); /* as the kiosk runs: a screen's clock does not move here */
    static struct bench_screen screens[N_CASES + FAULTS_MAX];
    int n = list_screens(screens, N_CASES + FAULTS_MAX, scratch);
    double ms[N_CASES + FAULTS_MAX];
    int over = 0;
    char drew[256] = ""; /* the screens that drew on being asked again */
    for (int i = 0; i < n; i++) {
        struct bench_screen *b = &screens[i];
        draw(ui, b); /* the text cache warm, as on a kiosk that has been up */
        if (once) {
            bench_measured(ui, b);
            printf("screen %s %s\n", b->name, group_words[b->group]);
            continue;
        }
        double t[FRAMES];
        for (int f = 0; f < FRAMES; f++) {
            double t0 = now_ms();
            bench_measured(ui, b);
            t[f] = now_ms() - t0;
        }
        qsort(t, FRAMES, sizeof t[0], cmp);
        ms[i] = t[FRAMES / 2];
        /* a screen that does not change: the frame loop asks, and draws nothing (the fault
         * screen's loop redraws when its retry countdown's second changes: not asked here) */
        uint64_t extra = 0;
        if (b->s) {
            uint64_t before = ui_frames_drawn(ui);
            for (int c = 0; c < STATIC_CHECKS; c++)
                if (ui_needs_redraw(ui, b->s, &b->sim))
                    ui_render(ui, b->s, &b->sim);
            extra = ui_frames_drawn(ui) - before;
            if (extra > 0 && strlen(drew) + strlen(b->name) + 3 < sizeof drew)
                snprintf(drew + strlen(drew), sizeof drew - strlen(drew), "%s%s", over ? ", " : "",
                         b->name);
            over += extra > 0;
        }
        char checked[96] = "";
        if (b->s)
            snprintf(checked, sizeof checked, ", %llu frames drawn in %d checks of it unchanged%s",
                     (unsigned long long)extra, STATIC_CHECKS, extra ? " OVER" : "");
        fprintf(stderr, "bench_render: %-22s %dx%d: %6.2f ms per full redraw (median of %d)%s\n",
                b->name, BENCH_W, BENCH_H, ms[i], FRAMES, checked);
    }
    if (once) {
        printf("units %d\n", n);
    } else {
        for (int g = 0; g < G_COUNT; g++)
            group_line((enum group)g, screens, ms, n);
        int asked = n;
        for (int i = 0; i < n; i++)
            asked -= screens[i].s == NULL;
        printf("bench_render: unchanged screens %dx%d: %d of %d drew a frame in %d checks "
               "each%s%s%s\n",
               BENCH_W, BENCH_H, over, asked, STATIC_CHECKS, over ? " (" : "", drew,
               over ? ") OVER" : "");
    }
    for (int i = 0; i < n; i++)
        free(screens[i].s);
    ui_close(ui);
    SDL_Quit();
    char path[1100];
    for (const char *const *f =
             (const char *const[]){"catalogue/plates.conf", "catalogue", "rackside.conf", NULL};
         *f; f++) {
        snprintf(path, sizeof path, "%s/%s", scratch, *f);
        remove(path);
    }
    rmdir(scratch);
    return over ? 2 : 0;
}
