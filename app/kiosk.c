#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "kiosk.h"

#define FRAME_US          16667 /* one frame at 60 Hz: the virtual clock's step */
#define IDLE_WAIT_MS      8     /* nothing to draw: wait this long for an event */
#define PLATE_READ_MAX    64
#define BADGE_READ_MAX    64
#define SIM_BODY_G        82000
#define SIM_HEAVIER_G     20000 /* "load a heavier bar": this much over today's cap */
#define SIM_LEAN_LEFT_PCT 70
#define SIM_REP_DEPTH_MM  450
#define UNKNOWN_BADGE_UID "DEADBEEF"

static int64_t clock_us(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t kiosk_now_us(const struct kiosk *k)
{
    return k->opt.demo ? k->virtual_us : clock_us(CLOCK_MONOTONIC) - k->mono_start_us;
}

static int64_t wall_us(const struct kiosk *k, int64_t t_us)
{
    return k->wall_start_us + t_us;
}

/* ---- simulation: keys move the simulated world, devices report it ---- */

static const char *demo_uid(int n)
{
    const struct demo_badge *badges;
    int count = store_demo_badges(&badges);
    return n < count ? badges[n].uid : UNKNOWN_BADGE_UID;
}

static int32_t sim_bar_load(const struct kiosk *k)
{
    const struct session *s = &k->session;
    if (s->screen == SCREEN_SET && s->set.target_g > 0)
        return s->set.target_g;
    if (s->plan.exercise >= 0 && s->plan.n_sets > 0) {
        int i = s->plan.current < s->plan.n_sets ? s->plan.current : s->plan.n_sets - 1;
        return s->plan.sets[i].load_g;
    }
    return s->rules.empty_bar_g;
}

void kiosk_sim_rep(struct kiosk *k, enum bar_sim_rep style, int64_t t_us)
{
    bar_sim_rep(k->bar_sim, style, k->session.rules.tempo_ms, SIM_REP_DEPTH_MM, t_us);
}

void kiosk_sim_key(struct kiosk *k, int key, int64_t t_us)
{
    struct sim_world *w = &k->world;
    if (!k->plate_sim || !k->bar_sim || !k->badge_sim)
        return; /* keys stand for a lifter on simulated devices only */
    switch (key) {
    case SDLK_1:
    case SDLK_2:
        badge_sim_tap(k->badge_sim, demo_uid(key - SDLK_1), t_us);
        break;
    case SDLK_9:
        badge_sim_tap(k->badge_sim, demo_uid(2), t_us);
        break;
    case SDLK_0:
        badge_sim_tap(k->badge_sim, UNKNOWN_BADGE_UID, t_us);
        break;
    case SDLK_p:
        w->on_plate = !w->on_plate;
        plate_sim_set_person(k->plate_sim, w->on_plate ? w->body_g : 0, t_us);
        if (!w->on_plate && w->bar_held) {
            w->bar_held = false;
            plate_sim_set_bar(k->plate_sim, 0, t_us);
        }
        break;
    case SDLK_u:
        if (!w->on_plate)
            break; /* the bar is lifted by someone standing on the plate */
        w->bar_held = !w->bar_held;
        if (w->bar_held)
            w->bar_g = w->heavier ? k->session.plan.cap.cap_g + SIM_HEAVIER_G : sim_bar_load(k);
        else
            w->heavier = false;
        plate_sim_set_bar(k->plate_sim, w->bar_held ? w->bar_g : 0, t_us);
        /* The bar itself moves too: off the hooks and walked out, or walked in and racked. */
        if (w->bar_held)
            bar_sim_unrack(k->bar_sim, t_us);
        else
            bar_sim_rerack(k->bar_sim, t_us);
        break;
    case SDLK_r:
        kiosk_sim_rep(k, BAR_SIM_REP_CLEAN, t_us);
        break;
    case SDLK_f:
        kiosk_sim_rep(k, BAR_SIM_REP_RUSHED, t_us);
        break;
    case SDLK_w:
        kiosk_sim_rep(k, BAR_SIM_REP_SWING, t_us);
        break;
    case SDLK_l:
        w->leaning = !w->leaning;
        plate_sim_set_left_pct(k->plate_sim, w->leaning ? SIM_LEAN_LEFT_PCT : 50, t_us);
        break;
    case SDLK_b:
        w->heavier = true;
        w->bar_g = k->session.plan.cap.cap_g + SIM_HEAVIER_G;
        if (w->bar_held)
            plate_sim_set_bar(k->plate_sim, w->bar_g, t_us);
        break;
    case SDLK_d:
        w->bar_connected = !w->bar_connected;
        bar_sim_set_connected(k->bar_sim, w->bar_connected, t_us);
        break;
    case SDLK_h:
        k->show_help = !k->show_help;
        break;
    default:
        break;
    }
}

void kiosk_touch(struct kiosk *k, enum action action, int arg, int64_t t_us)
{
    session_action(&k->session, action == ACTION_NONE ? ACTION_TOUCH : action, arg, t_us);
}

/* ---- devices to the session ---- */

static void on_imu(void *ctx, const struct imu_sample *imu)
{
    session_imu(ctx, imu);
}

static void badge_tapped(struct kiosk *k, const char *uid, int64_t t_us)
{
    struct member_profile who;
    int found = store_find_badge(k->store, uid, store_local_day(wall_us(k, t_us)), &who);
    if (found == 1) {
        session_badge(&k->session, &who, t_us);
    } else if (found == 0) {
        char why[NOTE_MAX_LEN];
        snprintf(why, sizeof why, "Badge %s is not enrolled: ask a trainer to add it", uid);
        session_badge_unknown(&k->session, why, t_us);
    } else {
        session_badge_unknown(&k->session, "Badge look-up failed: the database is unavailable",
                              t_us);
    }
}

static void pump_devices(struct kiosk *k, int64_t t_us)
{
    struct plate_sample samples[PLATE_READ_MAX];
    int n;
    while ((n = plate_poll(k->plate, t_us, samples, PLATE_READ_MAX)) > 0) {
        for (int i = 0; i < n; i++)
            load_filter_push(&k->load, &samples[i]);
        if (n < PLATE_READ_MAX)
            break;
    }
    struct load_reading reading;
    load_filter_read(&k->load, &reading);
    session_plate(&k->session, &reading, t_us);

    bool connected = bar_connected(k->bar);
    if (connected && !k->session.bar_connected)
        barlink_init(&k->link); /* a unit that comes back starts a new stream and clock */
    int got;
    while ((got = bar_read(k->bar, t_us, k->bar_bytes, sizeof k->bar_bytes)) > 0)
        barlink_feed(&k->link, k->bar_bytes, (size_t)got, t_us, on_imu, &k->session);
    session_bar_link(&k->session, connected, t_us);

    struct key_event keys[BADGE_READ_MAX];
    n = badge_reader_poll(k->badge, t_us, keys, BADGE_READ_MAX);
    if (n < 0 && k->cfg.badge == DRIVER_HARDWARE)
        fprintf(stderr, "rackside: %s\n", badge_evdev_status(k->badge));
    for (int i = 0; i < n; i++) {
        char uid[BADGE_UID_MAX];
        enum badge_result r =
            badge_decoder_key(&k->badge_dec, keys[i].t_us, keys[i].code, keys[i].value, uid);
        if (r == BADGE_COMPLETE)
            badge_tapped(k, uid, t_us);
        else if (r == BADGE_GARBLED)
            session_badge_unknown(&k->session, "Badge not read cleanly: tap again", t_us);
    }
    if (badge_decoder_idle(&k->badge_dec, t_us) == BADGE_GARBLED)
        session_badge_unknown(&k->session, "Badge not read cleanly: tap again", t_us);
}

/* ---- session effects to the store, and the store's answers back ---- */

static void drain_effects(struct kiosk *k, int64_t t_us)
{
    struct effect e;
    while (session_next_effect(&k->session, &e)) {
        if (e.kind == EFFECT_UNKNOWN_BADGE)
            continue;
        if (store_submit(k->store, &e) != 0) {
            fprintf(stderr, "rackside: store queue full, %d not recorded\n", (int)e.kind);
            if (e.kind == EFFECT_SET_DONE)
                session_set_saved(&k->session, e.key, false, t_us);
        }
    }
    struct store_done d;
    while (store_next_done(k->store, &d)) {
        switch (d.kind) {
        case EFFECT_SET_DONE:
            if (!d.ok)
                fprintf(stderr, "rackside: set not saved: %s\n", d.err);
            session_set_saved(&k->session, d.key, d.ok, t_us);
            break;
        case EFFECT_VERIFY_PIN:
            session_pin_result(&k->session, d.ok, t_us);
            break;
        case EFFECT_LOAD_FLAGS:
            session_flags_loaded(&k->session, d.flags, d.ok ? d.n_flags : 0, t_us);
            break;
        case EFFECT_LOAD_DETAIL:
            if (d.ok && d.detail)
                session_detail_loaded(&k->session, d.detail, t_us);
            break;
        case EFFECT_LOAD_LIFTERS:
            session_lifters_loaded(&k->session, d.lifters, d.ok ? d.n_lifters : 0, t_us);
            break;
        case EFFECT_SET_LOAD:
            session_load_saved(&k->session, d.ok, d.err, t_us);
            break;
        default:
            if (!d.ok)
                fprintf(stderr, "rackside: not recorded: %s\n", d.err);
            break;
        }
        store_done_release(&d);
    }
}

/* ---- the screen ---- */

static int shown_screen(const struct session *s)
{
    return s->idle_countdown ? SCREEN_COUNT : (int)s->screen;
}

/*
 * --screenshot-dir: each screen is captured as it was last drawn, just before the next
 * screen replaces it, so the picture shows the screen filled in (answers given, reps
 * done, flags loaded) rather than its first empty frame.
 */
static void screenshot(struct kiosk *k, int which)
{
    if (!k->opt.screenshot_dir || which < 0 || k->screens_seen[which])
        return;
    k->screens_seen[which] = true;
    char path[1024], err[UI_ERR_MAX];
    snprintf(path, sizeof path, "%s/%02d-%s.png", k->opt.screenshot_dir, ++k->screenshots,
             which == SCREEN_COUNT ? "idle-countdown" : screen_name((enum screen)which));
    if (ui_screenshot(k->ui, path, err) != 0)
        fprintf(stderr, "rackside: %s\n", err);
}

static bool simulated(const struct kiosk *k)
{
    return k->plate_sim || k->bar_sim || k->badge_sim;
}

/* Which devices the keys stand for, for the simulation strip. */
static const char *sim_status(struct kiosk *k)
{
    if (k->bar_sim && !k->world.bar_connected)
        return "bar unit unplugged";
    if (k->plate_sim && k->bar_sim && k->badge_sim)
        return "simulated devices";
    snprintf(k->status, sizeof k->status, "simulated:%s%s%s", k->plate_sim ? " plate" : "",
             k->bar_sim ? " bar" : "", k->badge_sim ? " badge" : "");
    return k->status;
}

static void draw(struct kiosk *k)
{
    bool buzzer;
    enum light light = session_light(&k->session, &buzzer);
    if (light != k->lights->light || buzzer != k->lights->buzzer)
        lights_set(k->lights, light, buzzer);
    struct ui_sim sim = {
        .active = simulated(k),
        .show_help = k->show_help,
        .light = k->lights->light,
        .buzzer = k->lights->buzzer,
        .on_plate = k->world.on_plate,
        .bar_held = k->world.bar_held,
        .status = sim_status(k),
    };
    if (!ui_needs_redraw(k->ui, &k->session, &sim))
        return;
    int which = shown_screen(&k->session);
    if (which != k->drawn_screen)
        screenshot(k, k->drawn_screen);
    ui_render(k->ui, &k->session, &sim);
    k->drawn_screen = which;
    if (ui_frames_drawn(k->ui) == 1)
        fprintf(stderr, "rackside: ready: first frame %lld ms after start, database %s\n",
                (long long)((clock_us(CLOCK_MONOTONIC) - k->mono_start_us) / 1000), k->db_path);
}

static void handle_event(struct kiosk *k, const SDL_Event *ev, int64_t t_us)
{
    int arg = 0;
    enum action a;
    switch (ev->type) {
    case SDL_QUIT:
        k->quit = true;
        break;
    case SDL_KEYDOWN:
        if (ev->key.repeat)
            break;
        if (ev->key.keysym.sym == SDLK_ESCAPE)
            k->quit = true;
        else if (!k->opt.demo)
            kiosk_sim_key(k, ev->key.keysym.sym, t_us);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (ev->button.which == SDL_TOUCH_MOUSEID)
            break; /* the touch event itself is handled below */
        a = ui_hit(k->ui, ev->button.x, ev->button.y, &arg);
        kiosk_touch(k, a, arg, t_us);
        break;
    case SDL_FINGERDOWN: {
        int w, h;
        SDL_Window *win = SDL_GetWindowFromID(ev->tfinger.windowID);
        if (!win)
            win = SDL_GetMouseFocus();
        if (win)
            SDL_GetWindowSize(win, &w, &h);
        else
            w = k->opt.width, h = k->opt.height;
        a = ui_hit(k->ui, (int)(ev->tfinger.x * w), (int)(ev->tfinger.y * h), &arg);
        kiosk_touch(k, a, arg, t_us);
        break;
    }
    default:
        break;
    }
}

static int64_t advance_clock(struct kiosk *k)
{
    if (k->opt.demo) {
        k->speed = demo_speed(k->demo, k);
        k->virtual_us += (int64_t)FRAME_US * k->speed;
    }
    return kiosk_now_us(k);
}

static void frame(struct kiosk *k)
{
    int64_t t_us = advance_clock(k);
    SDL_Event ev;
    bool got = k->opt.demo ? SDL_PollEvent(&ev) : SDL_WaitEventTimeout(&ev, IDLE_WAIT_MS);
    while (got) {
        handle_event(k, &ev, t_us);
        got = SDL_PollEvent(&ev);
    }
    if (k->opt.demo && !demo_step(k->demo, k, t_us))
        k->quit = true;
    pump_devices(k, t_us);
    session_tick(&k->session, t_us, wall_us(k, t_us));
    drain_effects(k, t_us);
    draw(k);
    speaker_follow(k->speaker, &k->session, t_us);
}

/* ---- start and stop ---- */

static int open_store(struct kiosk *k)
{
    if (k->opt.data_dir)
        snprintf(k->data_dir, sizeof k->data_dir, "%s", k->opt.data_dir);
    else if (store_default_data_dir(k->data_dir, sizeof k->data_dir) != 0) {
        fprintf(stderr, "rackside: no data directory: set HOME or XDG_DATA_HOME, or pass "
                        "--data-dir DIR\n");
        return -1;
    }
    char err[STORE_ERR_MAX];
    if (store_make_data_dir(k->data_dir, err) != 0) {
        fprintf(stderr, "rackside: %s (pass --data-dir DIR)\n", err);
        return -1;
    }
    store_db_path(k->data_dir, k->db_path, sizeof k->db_path);
    k->store = store_open(k->db_path, true, err);
    if (!k->store) {
        fprintf(stderr, "rackside: %s\n", err);
        return -1;
    }
    int seeded = store_seed_demo(k->store, err);
    if (seeded < 0)
        fprintf(stderr, "rackside: demo lifters not added: %s\n", err);
    return 0;
}

/*
 * Each device is the hardware port or its simulator, as the config file says. A
 * hardware device that cannot be opened is logged and the kiosk runs on without it:
 * the plate then reads as a fault, the light as the on-screen indicator only.
 */
static struct plate *open_plate(struct kiosk *k)
{
    const struct config *c = &k->cfg;
    if (c->plate == DRIVER_SIM) {
        k->plate_sim = plate_sim_new(&c->cal, 1);
        return k->plate_sim ? plate_sim_port(k->plate_sim) : NULL;
    }
    struct hx711_config hc = {
        .chip_label = c->gpio_chip,
        .sck_line = c->gpio_sck,
        .dout_line = {c->gpio_dout_left, c->gpio_dout_right},
        .rate_line = c->gpio_rate,
        .rate_hz = c->plate_rate_hz,
    };
    char err[PLATE_HX711_ERR_MAX];
    struct plate *p = plate_hx711_open(&hc, err);
    if (p)
        return p;
    fprintf(stderr, "rackside: load plate: %s (check [plate] in the config file)\n", err);
    return plate_absent_new();
}

static struct bar *open_bar(struct kiosk *k, int64_t t_us)
{
    if (k->cfg.bar == DRIVER_SIM) {
        k->bar_sim = bar_sim_new(2, t_us);
        return k->bar_sim ? bar_sim_port(k->bar_sim) : NULL;
    }
    char err[BAR_USB_ERR_MAX];
    struct bar *b = bar_usb_open(err); /* waits for the unit when it is not plugged in */
    if (!b)
        fprintf(stderr, "rackside: bar unit: %s\n", err);
    return b;
}

static struct badge_reader *open_badge(struct kiosk *k)
{
    const struct config *c = &k->cfg;
    if (c->badge == DRIVER_SIM) {
        k->badge_sim = badge_sim_new();
        return k->badge_sim ? badge_sim_port(k->badge_sim) : NULL;
    }
    char err[BADGE_EVDEV_ERR_MAX];
    struct badge_reader *r = badge_evdev_open(c->badge_device, c->badge_name, err);
    if (err[0])
        fprintf(stderr, "rackside: %s\n", err);
    return r;
}

static struct lights *open_lights(struct kiosk *k)
{
    const struct config *c = &k->cfg;
    if (c->lights == DRIVER_HARDWARE) {
        struct lights_gpio_config lc = {
            .chip_label = c->lights_chip,
            .red_line = c->light_red,
            .amber_line = c->light_amber,
            .green_line = c->light_green,
            .buzzer_line = c->light_buzzer,
            .active_low = c->lights_active_low != 0,
        };
        char err[LIGHTS_GPIO_ERR_MAX];
        struct lights *l = lights_gpio_open(&lc, err);
        if (l)
            return l;
        fprintf(stderr, "rackside: stack light: %s (check [lights] in the config file)\n", err);
    }
    return lights_sim_new();
}

static int open_devices(struct kiosk *k, int64_t t_us)
{
    k->plate = open_plate(k);
    k->bar = open_bar(k, t_us);
    k->badge = open_badge(k);
    k->lights = open_lights(k);
    if (!k->plate || !k->bar || !k->badge || !k->lights) {
        fprintf(stderr, "rackside: the devices could not be started (see above)\n");
        return -1;
    }
    k->world = (struct sim_world){.body_g = SIM_BODY_G, .bar_connected = true};
    load_filter_init(&k->load, &k->cfg.cal, &k->cfg.rules);
    barlink_init(&k->link);
    badge_decoder_init(&k->badge_dec);
    return 0;
}

/* One line for the operator's log: how much the kiosk drew and how big it grew. */
static void report_usage(const struct kiosk *k)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double run_s = (clock_us(CLOCK_MONOTONIC) - k->mono_start_us) / 1e6;
    fprintf(stderr, "rackside: stopped: %llu frames drawn in %.1f s, peak memory %ld MB\n",
            (unsigned long long)ui_frames_drawn(k->ui), run_s, ru.ru_maxrss / 1024);
}

static void close_all(struct kiosk *k)
{
    if (k->ui)
        report_usage(k);
    if (k->ui)
        screenshot(k, k->drawn_screen);
    if (k->store)
        store_flush(k->store);
    if (k->store)
        drain_effects(k, kiosk_now_us(k));
    if (k->lights)
        lights_set(k->lights, LIGHT_OFF, false);
    speaker_close(k->speaker);
    lights_close(k->lights);
    badge_reader_close(k->badge);
    bar_close(k->bar);
    plate_close(k->plate);
    ui_close(k->ui);
    store_close(k->store);
    demo_free(k->demo);
}

int kiosk_run(const struct kiosk_options *opt)
{
    struct kiosk *k = calloc(1, sizeof *k);
    if (!k) {
        fprintf(stderr, "rackside: out of memory\n");
        return 1;
    }
    int code = 1;
    k->opt = *opt;
    k->mono_start_us = clock_us(CLOCK_MONOTONIC);
    k->wall_start_us = clock_us(CLOCK_REALTIME);
    k->speed = 1;
    k->drawn_screen = -1;

    config_default(&k->cfg);
    char cerr[CONFIG_ERR_MAX];
    bool config_bad = opt->config_path && config_load(opt->config_path, &k->cfg, cerr) != 0;
    if (config_bad)
        fprintf(stderr, "rackside: %s\n", cerr);

    if (open_store(k) != 0)
        goto out;
    struct exercise ex[SESSION_MAX_EXERCISES];
    int n_ex = store_exercises(k->store, ex, SESSION_MAX_EXERCISES);
    if (n_ex <= 0) {
        fprintf(stderr, "rackside: database %s lists no exercises\n", k->db_path);
        goto out;
    }
    if (open_devices(k, 0) != 0)
        goto out;

    struct ui_options uo = {
        .width = opt->width,
        .height = opt->height,
        .fullscreen = opt->fullscreen,
        .assets_dir = opt->assets_dir,
    };
    char uerr[UI_ERR_MAX];
    k->ui = ui_open(&uo, uerr);
    if (!k->ui) {
        fprintf(stderr, "rackside: %s\n", uerr);
        goto out;
    }
    if (opt->screenshot_dir)
        ui_keep_frames(k->ui, true);
    char serr[SPEAKER_ERR_MAX];
    if (!(k->speaker = speaker_open(serr))) /* no sound: the kiosk runs on without it */
        fprintf(stderr, "rackside: no sound: %s\n", serr);
    session_init(&k->session, &k->cfg.rules, ex, n_ex, 0, wall_us(k, 0));
    if (config_bad)
        session_badge_unknown(&k->session, "Config file has an error: see the log", 0);
    char derr[STORE_ERR_MAX];
    if (opt->screenshot_dir && store_make_data_dir(opt->screenshot_dir, derr) != 0) {
        fprintf(stderr, "rackside: screenshots: %s\n", derr);
        goto out;
    }
    if (opt->demo && !(k->demo = demo_new())) {
        fprintf(stderr, "rackside: out of memory\n");
        goto out;
    }

    while (!k->quit)
        frame(k);
    code = k->opt.demo ? k->exit_code : 0;
out:
    close_all(k);
    free(k);
    return code;
}
