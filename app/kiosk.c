#include <SDL.h>
#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kiosk.h"
#include "kiosk_words.h"
#include "scenario.h"
#include "store/badge_lookup.h"
#include "store/plate_conf.h"
#include "store/records.h"
#include "ui/i18n.h"

#define FRAME_US           16667 /* one frame at 60 Hz: the virtual clock's step */
#define PLATE_READ_MAX     64
#define BADGE_READ_MAX     64
#define SIM_BODY_G         82000
#define SIM_HEAVIER_G      20000 /* "load a heavier bar": this much over today's cap */
#define SIM_LEAN_LEFT_PCT  70
#define SIM_REP_DEPTH_MM   450
#define UNKNOWN_BADGE_UID  "DEADBEEF"
#define RETRY_US           (5 * 1000000LL) /* out of service: try starting again this often */
#define STORE_RETRY_US     (2 * 1000000LL) /* records waiting: try writing them this often */
#define TRAINER_CHECK_US   (5 * 1000000LL)
#define FAULT_WAIT_MS      250
#define CATALOGUE_CHECK_US (2 * 1000000LL)  /* an edited catalogue file is noticed within this */
#define CATALOGUE_SAID_US  (30 * 1000000LL) /* "read again" stays on screen this long */

/* snprintf for screen text that may be cut: a long path shortens the line, nothing more. */
static void textf(char *dst, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void textf(char *dst, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(dst, n, fmt, ap);
    va_end(ap);
    (void)len;
}

static int64_t clock_us(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t kiosk_now_us(const struct kiosk *k)
{
    return k->virtual_clock ? k->virtual_us : clock_us(CLOCK_MONOTONIC) - k->mono_start_us;
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
    if (s->screen == SCREEN_SET && s->visit.set.target_g > 0)
        return s->visit.set.target_g;
    if (s->visit.plan.exercise >= 0 && s->visit.plan.n_sets > 0) {
        int i = s->visit.plan.current < s->visit.plan.n_sets ? s->visit.plan.current
                                                             : s->visit.plan.n_sets - 1;
        return s->visit.plan.sets[i].load_g;
    }
    return s->rules.empty_bar_g;
}

static bool sim_ready(const struct kiosk *k)
{
    return k->plate_sim && k->bar_sim && k->badge_sim; /* a lifter on simulated devices only */
}

void kiosk_sim_rep(struct kiosk *k, enum bar_sim_rep style, int64_t t_us)
{
    if (!sim_ready(k))
        return;
    /* the lifter follows the set's tempo (its exercise's, else the rules') */
    const int *tempo = session_tempo_ms(&k->session, k->session.visit.set.exercise);
    bar_sim_rep(k->bar_sim, style, tempo, SIM_REP_DEPTH_MM, t_us);
    /* the plate feels the rep too: a rushed one comes down fast with no pause */
    bool rushed = style == BAR_SIM_REP_RUSHED;
    if (k->plate_sim && k->world.bar_held)
        plate_sim_rep(
            k->plate_sim, rushed ? tempo[0] / 3 : tempo[0], rushed ? 0 : tempo[1],
            style == BAR_SIM_REP_GRIND ? tempo[2] * BAR_SIM_GRIND_CON_PCT / 100 : tempo[2], t_us);
}

void kiosk_sim_badge(struct kiosk *k, const char *uid, int64_t t_us)
{
    if (sim_ready(k))
        badge_sim_tap(k->badge_sim, uid, t_us);
}

void kiosk_sim_plate(struct kiosk *k, bool on, int32_t body_g, int64_t t_us)
{
    struct sim_world *w = &k->world;
    if (!sim_ready(k))
        return;
    w->on_plate = on;
    if (on)
        w->body_g = body_g > 0 ? body_g : SIM_BODY_G;
    plate_sim_set_person(k->plate_sim, on ? w->body_g : 0, t_us);
    if (!on && w->bar_held) {
        w->bar_held = false; /* whoever steps off puts the bar down */
        plate_sim_set_bar(k->plate_sim, 0, t_us);
    }
}

void kiosk_sim_lean(struct kiosk *k, int lean, int64_t t_us)
{
    if (!sim_ready(k))
        return;
    k->world.leaning = lean != 0;
    plate_sim_set_left_pct(k->plate_sim,
                           lean > 0   ? SIM_LEAN_LEFT_PCT
                           : lean < 0 ? 100 - SIM_LEAN_LEFT_PCT
                                      : 50,
                           t_us);
}

void kiosk_sim_bar(struct kiosk *k, bool held, int64_t t_us)
{
    struct sim_world *w = &k->world;
    if (!sim_ready(k) || !w->on_plate || held == w->bar_held)
        return; /* the bar is lifted by someone standing on the plate */
    w->bar_held = held;
    if (held)
        w->bar_g = w->heavier ? session_cap_g(&k->session) + SIM_HEAVIER_G : sim_bar_load(k);
    else
        w->heavier = false;
    plate_sim_set_bar(k->plate_sim, held ? w->bar_g : 0, t_us);
    /* the bar itself moves too: off the hooks and walked out, or walked in and racked */
    if (held)
        bar_sim_unrack(k->bar_sim, t_us);
    else
        bar_sim_rerack(k->bar_sim, t_us);
}

void kiosk_sim_heavier(struct kiosk *k, int64_t t_us)
{
    struct sim_world *w = &k->world;
    if (!sim_ready(k))
        return;
    w->heavier = true;
    w->bar_g = session_cap_g(&k->session) + SIM_HEAVIER_G;
    if (w->bar_held)
        plate_sim_set_bar(k->plate_sim, w->bar_g, t_us);
}

void kiosk_sim_bar_link(struct kiosk *k, bool connected, int64_t t_us)
{
    if (!sim_ready(k))
        return;
    k->world.bar_connected = connected;
    bar_sim_set_connected(k->bar_sim, connected, t_us);
}

void kiosk_sim_key(struct kiosk *k, int key, int64_t t_us)
{
    struct sim_world *w = &k->world;
    switch (key) {
    case SDLK_1:
    case SDLK_2:
        kiosk_sim_badge(k, demo_uid(key - SDLK_1), t_us);
        break;
    case SDLK_9:
        kiosk_sim_badge(k, demo_uid(2), t_us);
        break;
    case SDLK_0:
        kiosk_sim_badge(k, UNKNOWN_BADGE_UID, t_us);
        break;
    case SDLK_p:
        kiosk_sim_plate(k, !w->on_plate, 0, t_us);
        break;
    case SDLK_u:
        kiosk_sim_bar(k, !w->bar_held, t_us);
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
        kiosk_sim_lean(k, !w->leaning, t_us);
        break;
    case SDLK_b:
        kiosk_sim_heavier(k, t_us);
        break;
    case SDLK_d:
        kiosk_sim_bar_link(k, !w->bar_connected, t_us);
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

/* Sensor to pixel is timed in --real-time runs only: a virtual clock has no latency, and
 * production need not read the kernel's counters every pass. */
static bool probing(const struct kiosk *k)
{
    return k->opt.real_time;
}

/* The kiosk clock read now, rather than at the frame's start. */
static int64_t probe_now_us(const struct kiosk *k)
{
    int64_t now = clock_us(CLOCK_MONOTONIC) - k->mono_start_us;
    return k->virtual_clock ? now - k->real_time_start_us : now;
}

static void on_imu(void *ctx, const struct imu_sample *imu)
{
    struct kiosk *k = ctx;
    uint64_t before = k->session.generation;
    session_imu_counts(&k->session, imu, k->link.raw_counts);
    if (k->session.generation != before && !k->probe.pending && probing(k))
        pixel_probe_take(&k->probe, imu->t_us, k->link.frame_end_t_us, probe_now_us(k));
}

/* A badge's member (or none) to the session. */
static void badge_answered(struct kiosk *k, const char *uid, int found,
                           const struct member_profile *who, int64_t t_us)
{
    /* a trainer signed in gives an unknown badge on the spot (core/trainer_enrol.c) */
    if (found >= 0 && session_badge_enrol(&k->session, uid, found == 1 ? who : NULL, t_us))
        return;
    if (found == 1) {
        session_badge(&k->session, who, t_us);
    } else if (found == 0) {
        char why[NOTE_MAX_LEN];
        const char *args[] = {uid};
        i18n_phrase(why, sizeof why, N_("Badge %s is not enrolled: ask a trainer to add it"), args,
                    1);
        session_badge_unknown(&k->session, why, t_us);
    } else {
        session_badge_unknown(&k->session, _("Badge look-up failed: the database is unavailable"),
                              t_us);
    }
}

/* ---- badge look-ups: read by their own thread (store/badge_lookup.c) ---- */
static void take_badge_answers(struct kiosk *k, int64_t t_us)
{
    struct badge_answer a;
    while (k->lookup && badge_lookup_next(k->lookup, &a))
        badge_answered(k, a.uid, a.found, &a.who, t_us);
}

static void badge_tapped(struct kiosk *k, const char *uid, int64_t t_us)
{
    int64_t today = store_gym_day(wall_us(k, t_us), k->cfg.rules.day_start_min);
    if (k->lookup) {
        if (!badge_lookup_submit(k->lookup, uid, today)) {
            session_badge_unknown(&k->session, "Badge not read cleanly: tap again", t_us);
            return;
        }
        if (k->virtual_clock && !k->opt.real_time) /* the world waits for the database */
            badge_lookup_settle(k->lookup);
        take_badge_answers(k, t_us);
        return;
    }
    /* no look-up thread could be started: read here, as the frame loop */
    struct member_profile who;
    store_flush(k->store); /* what this kiosk decided a moment ago must be in the answer */
    int found = store_find_badge(k->store, uid, today, &who);
    badge_answered(k, uid, found, &who, t_us);
}
/* ---- end of badge look-ups ---- */

/*
 * A bar unit connected: which one, and what its earlier sets learned of it, so the next
 * set starts from that (a unit swapped while the kiosk was off is told apart by its serial).
 */
static void bar_came(struct kiosk *k)
{
    char serial[BAR_UNIT_ID_MAX], err[STORE_ERR_MAX];
    struct rep_unit_ref ref;
    bar_unit(k->bar, serial, sizeof serial);
    int found = serial[0] && k->store ? store_bar_unit_ref(k->store, serial, &ref, err) : 0;
    if (found < 0)
        fprintf(stderr, "rackside: %s\n", err);
    session_bar_unit(&k->session, serial, found == 1 ? &ref : NULL);
    if (!serial[0])
        fprintf(stderr, "rackside: bar unit connected without a serial number: each set on it "
                        "starts afresh\n");
    else if (k->session.have_unit_ref)
        fprintf(stderr,
                "rackside: bar unit %s connected: its next set starts from what its earlier "
                "sets learned of its accel bias\n",
                serial);
    else
        fprintf(stderr,
                "rackside: bar unit %s connected: not lifted with here before, its first "
                "set starts afresh\n",
                serial);
}

static void pump_devices(struct kiosk *k, int64_t t_us)
{
    struct plate_sample samples[PLATE_READ_MAX];
    int n;
    while ((n = plate_poll(k->plate, t_us, samples, PLATE_READ_MAX)) > 0) {
        for (int i = 0; i < n; i++) {
            load_filter_push(&k->load, &samples[i]);
            session_plate_counts(&k->session, &samples[i], t_us);
        }
        if (n < PLATE_READ_MAX)
            break;
    }
    struct load_reading reading;
    load_filter_read(&k->load, &reading);
    session_plate(&k->session, &reading, t_us);

    bool connected = bar_connected(k->bar);
    if (connected && !k->session.bar_connected) {
        barlink_init(&k->link); /* a unit that comes back starts a new stream and clock */
        bar_came(k);
    }
    int got;
    while ((got = bar_read(k->bar, t_us, k->bar_bytes, sizeof k->bar_bytes)) > 0)
        barlink_feed(&k->link, k->bar_bytes, (size_t)got, t_us, on_imu, k);
    session_bar_link(&k->session, connected, t_us);

    take_badge_answers(k, t_us);
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
            session_badge_unknown(&k->session, _("Badge not read cleanly: tap again"), t_us);
    }
    if (badge_decoder_idle(&k->badge_dec, t_us) == BADGE_GARBLED)
        session_badge_unknown(&k->session, _("Badge not read cleanly: tap again"), t_us);
}

/* ---- session effects to the store, and the store's answers back ---- */

/* The calibration audit: what the Save did, beside the calibration it replaced, through
 * the store thread (and from there the gym's outbox). */
static void audit_calibration(struct kiosk *k, const struct effect *save, const char *result)
{
    struct effect e = *save;
    e.cal_old = k->cfg.cal;
    snprintf(e.text, sizeof e.text, "%s", result);
    if (store_submit(k->store, &e) != 0)
        fprintf(stderr, "rackside: store queue full, the calibration's audit not recorded\n");
}

/* Where the plate's calibration is saved: [plate] of the settings file; a scripted run
 * keeps it in its own data directory, never the machine's settings. */
static void calibration_path(const struct kiosk *k, char *path, size_t n)
{
    if (k->virtual_clock)
        textf(path, n, "%s/rackside.conf", k->data_dir);
    else
        textf(path, n, "%s", k->opt.config_path);
}

/* The Calibrate page's Save: into [plate] of the settings file, as rackside-ctl calibrate
 * writes it, and into the running filter, so the plate reads with it at once. */
static void save_calibration(struct kiosk *k, const struct effect *save, int64_t t_us)
{
    const struct load_calibration *cal = &save->cal;
    char path[700];
    calibration_path(k, path, sizeof path);
    if (plate_conf_save(path, cal) != 0) {
        char why[NOTE_MAX_LEN];
        snprintf(why, sizeof why, "cannot write %.48s (%s)", path, strerror(errno));
        fprintf(stderr, "rackside: calibration %s\n", why);
        char result[NOTE_MAX_LEN];
        snprintf(result, sizeof result, "not saved: %.80s", why);
        audit_calibration(k, save, result);
        session_calibration_saved(&k->session, false, why, t_us);
        return;
    }
    fprintf(stderr, "rackside: calibration saved in [plate] of %s\n", path);
    audit_calibration(k, save, "saved");
    k->cfg.cal = *cal;
    load_filter_init(&k->load, &k->cfg.cal, &k->cfg.rules);
    session_calibration_saved(&k->session, true, "", t_us);
}

static void drain_once(struct kiosk *k, int64_t t_us)
{
    struct effect e;
    while (session_next_effect(&k->session, &e)) {
        if (e.kind == EFFECT_UNKNOWN_BADGE)
            continue;
        if (e.kind == EFFECT_SAVE_CALIBRATION) {
            save_calibration(k, &e, t_us);
            continue;
        }
        if (store_submit(k->store, &e) != 0) {
            fprintf(stderr, "rackside: store queue full, %d not recorded\n", (int)e.kind);
            if (e.kind == EFFECT_SET_DONE)
                session_set_saved(&k->session, e.key, false, t_us);
        }
    }
    /* on a virtual clock the store answers within the frame, however slow the machine:
     * a scenario plays the same on every run */
    if (k->virtual_clock && !k->opt.real_time)
        store_flush(k->store);
    struct store_done d;
    while (store_next_done(k->store, &d)) {
        switch (d.kind) {
        case EFFECT_SET_DONE:
            /* the power-loss test reads these lines: what the screen has shown as saved */
            if (d.ok) {
                k->sets_saved++;
                fprintf(stderr, "rackside: saved set %lld%s\n", (long long)d.key,
                        d.retried ? " (after a retry)" : "");
            } else {
                fprintf(stderr, "rackside: set %lld not saved: %s\n", (long long)d.key, d.err);
            }
            session_set_saved(&k->session, d.key, d.ok, t_us);
            break;
        case EFFECT_VERIFY_PIN:
            session_pin_result(&k->session, d.ok, t_us);
            break;
        case EFFECT_LOAD_FLAGS:
            if (d.ok && d.page) {
                session_flags_page_loaded(&k->session, d.page, t_us);
            } else { /* the list could not be read: the screen says so, and why */
                fprintf(stderr, "rackside: flags not loaded: %s\n", d.err);
                session_flags_page_failed(&k->session, (int)d.key, d.err, t_us);
            }
            break;
        case EFFECT_LOAD_DETAIL:
            if (d.ok && d.detail)
                session_detail_loaded(&k->session, d.detail, t_us);
            break;
        case EFFECT_LOAD_LIFTERS:
            session_lifters_window(&k->session, d.lifters, d.ok ? d.n_lifters : 0, (int)d.key,
                                   d.ok ? d.lifters_total : 0, t_us);
            break;
        case EFFECT_CHANGE_PIN:
            session_pin_changed(&k->session, d.ok, !d.ok && strcmp(d.err, "wrong PIN") == 0, d.err,
                                t_us);
            break;
        case EFFECT_SET_LOAD:
            session_load_saved(&k->session, d.ok, d.err, t_us);
            break;
        case EFFECT_LOAD_STORY:
            session_story_loaded(&k->session, d.ok ? d.story : NULL, t_us);
            break;
        case EFFECT_ENROL:
            if (d.ok)
                fprintf(stderr, "rackside: badge enrolled at the rack\n");
            if (d.ok)
                session_enrol_saved_member(&k->session, true, d.key, d.name, "", t_us);
            else /* the store's reason in the reader's language */
                session_enrol_refused(&k->session, &d.refused, d.err, t_us);
            break;
        case EFFECT_LOAD_BADGES:
            session_badges_loaded(&k->session, d.badges, d.ok ? d.n_badges : -1, t_us);
            break;
        case EFFECT_BADGE_REMOVE:
            if (d.ok)
                fprintf(stderr, "rackside: a badge was taken away at the rack\n");
            if (d.ok)
                session_badge_removed(&k->session, true, "", t_us);
            else
                session_enrol_refused(&k->session, &d.refused, d.err, t_us);
            break;
        default:
            if (!d.ok)
                fprintf(stderr, "rackside: not recorded: %s\n", d.err);
            else if (d.retried)
                fprintf(stderr, "rackside: recorded after a retry (%d)\n", (int)d.kind);
            break;
        }
        store_done_release(&d);
        sync_kick(k->sync); /* gym server: a record was made, push it now */
    }
}

/*
 * On a virtual clock an answer's own requests (a PIN accepted loads the flags) are served
 * in the same frame too, so what a scenario sees never depends on the machine's speed.
 */
static void drain_effects(struct kiosk *k, int64_t t_us)
{
    const int rounds_max = 8; /* a request chain is two or three long */
    drain_once(k, t_us);
    for (int i = 0; k->virtual_clock && i < rounds_max && k->session.effect_count > 0; i++)
        drain_once(k, t_us);
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

/* Which devices the keys stand for, for the simulation strip (English words marked N_():
 * the strip says them in the language in use). */
static const char *sim_status(const struct kiosk *k)
{
    static const char *const simulated_ones[] = {
        "", /* none: no strip */
        N_("simulated: plate"),
        N_("simulated: bar"),
        N_("simulated: plate, bar"),
        N_("simulated: badge"),
        N_("simulated: plate, badge"),
        N_("simulated: bar, badge"),
        N_("simulated devices"),
    };
    if (k->bar_sim && !k->world.bar_connected)
        return N_("bar unit unplugged");
    return simulated_ones[(k->plate_sim ? 1 : 0) | (k->bar_sim ? 2 : 0) | (k->badge_sim ? 4 : 0)];
}

/*
 * What staff should know on every screen: settings that were not used, records waiting
 * to be written. Records waiting also turn a green light amber: nothing is lost yet, but
 * the disk needs someone.
 */
static bool compose_notice(struct kiosk *k)
{
    char err[STORE_ERR_MAX];
    int pending = store_pending(k->store, err);
    if (pending > 0) {
        struct phrase_said waiting;
        kiosk_said_records_waiting(&waiting, pending, err);
        i18n_select(NULL);
        i18n_said(k->notice, sizeof k->notice, &waiting);
    } else if (k->config_notice[0] && k->catalogue_notice[0])
        textf(k->notice, sizeof k->notice, "%s %s", k->config_notice, k->catalogue_notice);
    else
        textf(k->notice, sizeof k->notice, "%s",
              k->config_notice[0] ? k->config_notice : k->catalogue_notice);
    return pending > 0;
}

/* How long ago the process started, in ms (/proc/self/stat's start time, in clock ticks
 * since boot: 10 ms steps); -1 where the kernel does not say. */
static long long process_age_ms(void)
{
    FILE *f = fopen("/proc/self/stat", "re");
    char line[1024];
    bool got = f && fgets(line, sizeof line, f);
    if (f)
        fclose(f);
    const char *after = got ? strrchr(line, ')') : NULL; /* the command may hold spaces */
    unsigned long long start_ticks;
    /* after ") ": state (field 3) ... starttime (field 22) */
    if (!after || sscanf(after + 2,
                         "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d "
                         "%*d %*d %*d %*d %*d %llu",
                         &start_ticks) != 1)
        return -1;
    long hz = sysconf(_SC_CLK_TCK);
    struct timespec now;
    if (hz <= 0 || clock_gettime(CLOCK_BOOTTIME, &now) != 0)
        return -1;
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000 -
           (long long)(start_ticks * 1000 / (unsigned long long)hz);
}

static void draw(struct kiosk *k)
{
    bool buzzer;
    enum light light = session_light(&k->session, &buzzer);
    if (compose_notice(k) && light == LIGHT_GREEN)
        light = LIGHT_AMBER;
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
        .notice = k->notice[0] ? k->notice : NULL,
        .sound_mute = k->speaker_tried && speaker_mute(k->speaker),
        .no_trainer = k->no_trainer,
        .demo_members = k->demo_members && simulated(k),
    };
    if (!ui_needs_redraw(k->ui, &k->session, &sim))
        return;
    int which = shown_screen(&k->session);
    if (which != k->drawn_screen)
        screenshot(k, k->drawn_screen);
    ui_render(k->ui, &k->session, &sim);
    if (k->probe.pending)
        pixel_probe_presented(&k->probe, probe_now_us(k));
    k->drawn_screen = which;
    if (ui_frames_drawn(k->ui) == 1) {
        /* from the program's start (exec and loading its libraries included, which come
         * before kiosk_run); the frame loop's thread is the process's first: its wait for a
         * CPU since the start is what a busy machine added (make bench reports both) */
        struct sched_time t = pixel_probe_sched_now(&k->probe);
        long long own_ms = (long long)((clock_us(CLOCK_MONOTONIC) - k->mono_start_us) / 1000);
        long long age_ms = process_age_ms();
        fprintf(stderr,
                "rackside: ready: first frame %lld ms after start (%lld ms after the kiosk's "
                "own start; this thread on a CPU %lld ms, waiting for one %lld ms), database %s\n",
                age_ms >= own_ms ? age_ms : own_ms, own_ms, (long long)(t.on_cpu_ns / 1000000),
                (long long)(t.wait_ns / 1000000), k->db_path);
    }
}

enum kiosk_input kiosk_classify_event(bool production, bool demo, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_QUIT: /* a window manager's close, Alt+F4, or SDL's own signal handler */
        return production ? KIOSK_INPUT_IGNORE : KIOSK_INPUT_QUIT;
    case SDL_KEYDOWN:
        /* production: no key quits, and the simulation keys do nothing */
        if (ev->key.repeat || production)
            return KIOSK_INPUT_IGNORE;
        if (ev->key.keysym.sym == SDLK_ESCAPE)
            return KIOSK_INPUT_QUIT;
        return demo ? KIOSK_INPUT_IGNORE : KIOSK_INPUT_SIM_KEY;
    case SDL_MOUSEBUTTONDOWN:
        /* a touch also arrives as a finger event, handled there */
        return ev->button.which == SDL_TOUCH_MOUSEID ? KIOSK_INPUT_IGNORE : KIOSK_INPUT_CLICK;
    case SDL_FINGERDOWN:
        return KIOSK_INPUT_TOUCH;
    default:
        return KIOSK_INPUT_IGNORE;
    }
}

static void handle_event(struct kiosk *k, const SDL_Event *ev, int64_t t_us)
{
    int arg = 0;
    enum action a;
    switch (kiosk_classify_event(k->production, k->virtual_clock, ev)) {
    case KIOSK_INPUT_QUIT:
        k->quit = true;
        break;
    case KIOSK_INPUT_SIM_KEY:
        kiosk_sim_key(k, ev->key.keysym.sym, t_us);
        break;
    case KIOSK_INPUT_CLICK:
        a = ui_touch(k->ui, ev->button.x, ev->button.y, &arg);
        kiosk_touch(k, a, arg, t_us);
        break;
    case KIOSK_INPUT_TOUCH: {
        int w, h;
        SDL_Window *win = SDL_GetWindowFromID(ev->tfinger.windowID);
        if (!win)
            win = SDL_GetMouseFocus();
        if (win)
            SDL_GetWindowSize(win, &w, &h);
        else
            w = k->opt.width, h = k->opt.height;
        a = ui_touch(k->ui, (int)(ev->tfinger.x * w), (int)(ev->tfinger.y * h), &arg);
        kiosk_touch(k, a, arg, t_us);
        break;
    }
    case KIOSK_INPUT_IGNORE:
        break;
    }
}

/*
 * The sound device is opened once the first frame is up: a missing or slow one (an
 * HDMI sink that takes its time) never delays the screen. No sound: the kiosk runs on,
 * says so on every screen (sound_mute) and the speaker tries again.
 */
static void open_speaker(struct kiosk *k)
{
    if (k->speaker_tried || ui_frames_drawn(k->ui) == 0)
        return;
    k->speaker_tried = true;
    char serr[SPEAKER_ERR_MAX];
    if (!(k->speaker = speaker_open(serr)))
        fprintf(stderr, "rackside: no sound: %s\n", serr);
    else if (speaker_mute(k->speaker))
        fprintf(stderr,
                "rackside: no sound: %s (the stop alarm and the tempo are mute; tried again at "
                "the next sound)\n",
                serr);
    speaker_set_volume(k->speaker, &k->cfg.sound); /* [sound], also as loaded again later */
}

static int64_t advance_clock(struct kiosk *k)
{
    if (k->virtual_clock && k->opt.real_time)
        k->virtual_us = clock_us(CLOCK_MONOTONIC) - k->mono_start_us - k->real_time_start_us;
    else if (k->virtual_clock)
        k->virtual_us += FRAME_US;
    return kiosk_now_us(k);
}

/* Records that failed to write are tried again; the attract screen learns whether a
 * trainer exists yet. Both on the real clock's seconds, not every frame. */
static void housekeeping(struct kiosk *k, int64_t t_us)
{
    if (t_us >= k->next_store_retry_us) {
        k->next_store_retry_us = t_us + STORE_RETRY_US;
        if (store_pending(k->store, NULL) > 0)
            store_retry(k->store);
    }
    /* --- retention (store/records.h): old pain and red-flag answers go at start (after
     * the first frame, which has a budget) and then once a day, on the attract screen,
     * where nobody waits for the database --- */
    if (k->session.screen == SCREEN_ATTRACT && ui_frames_drawn(k->ui) > 0)
        store_retention_tick(k->store, k->cfg.health_retention_days, t_us, wall_us(k, t_us),
                             &k->next_retention_us);
    /* --- end of retention --- */
    if (t_us >= k->next_trainer_check_us && k->session.screen == SCREEN_ATTRACT) {
        k->next_trainer_check_us = t_us + TRAINER_CHECK_US;
        k->no_trainer = store_trainer_count(k->store) == 0;
    }
}

/* The operator's log (and a scenario's reader) sees every screen the kiosk shows. */
static void log_screen(struct kiosk *k)
{
    int shown = (int)kiosk_shown_screen(k);
    if (shown == k->logged_screen)
        return;
    k->logged_screen = shown;
    fprintf(stderr, "rackside: screen %s\n", screen_name((enum screen)shown));
}

/* Resident memory now, in KB (the peak is in getrusage; drift needs the current). */
static long resident_kb(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f)
        return -1;
    int n = fscanf(f, "%ld %ld", &pages, &resident);
    fclose(f);
    return n == 2 ? resident * (sysconf(_SC_PAGESIZE) / 1024) : -1;
}

static void close_started(struct kiosk *k);
static void remove_scratch(struct kiosk *k);
static int start(struct kiosk *k, int64_t t_us);
static int load_scenario(struct kiosk *k);

/*
 * --repeat: the run that passed is closed as at exit (a set in progress stored as
 * stopped), its scratch database removed, and the scenario starts again from its first
 * line on a fresh one. The window, the text cache and the sound device carry over, as
 * they would over a day of sessions.
 */
static void replay(struct kiosk *k)
{
    k->replay_pending = false;
    int64_t t_us = kiosk_now_us(k);
    session_shutdown(&k->session, t_us);
    drain_effects(k, t_us);
    store_flush(k->store);
    drain_effects(k, t_us);
    close_started(k);
    remove_scratch(k);
    k->scenario_tmp[0] = '\0';
    scenario_free(k->scenario);
    k->scenario = NULL;
    k->running = false;
    if (load_scenario(k) != 0 || start(k, 0) != 0) {
        k->quit = true;
        k->exit_code = 1;
        return;
    }
    k->next_store_retry_us = 0;
    k->next_trainer_check_us = 0;
    k->sets_saved = 0; /* a run's expectations count its own sets */
    k->drawn_screen = -1;
    k->logged_screen = -1;
    ui_invalidate(k->ui);
}

static void play_scenario(struct kiosk *k, int64_t t_us)
{
    enum scenario_state st = scenario_step(k->scenario, k, t_us, stderr);
    if (st == SCENARIO_RUNNING)
        return;
    if (st == SCENARIO_PASSED && ++k->runs_passed < k->opt.repeat) {
        fprintf(stderr, "rackside: run %d passed, resident memory %ld KB\n", k->runs_passed,
                resident_kb());
        k->replay_pending = true;
        return;
    }
    k->exit_code = st == SCENARIO_PASSED ? 0 : 1;
    if (st == SCENARIO_PASSED)
        fprintf(stderr, "rackside: scenario passed at %.1f s\n", t_us / 1e6);
    k->quit = true;
}

/*
 * How long the loop may sleep: until the screen's next animation frame or timer second,
 * a simulated device's next change, or the longest sleep (wake_deadline_us decides).
 * Devices with threads wake it sooner (wake_signal); input wakes it too.
 */
static int wait_ms(struct kiosk *k)
{
    int64_t now = kiosk_now_us(k);
    struct wake_due due = {
        .now_us = now,
        .redraw_us = ui_next_redraw_us(k->ui, &k->session),
        .bar_sim = k->bar_sim != NULL,
        .in_set = session_screen(&k->session) == SCREEN_SET,
        .bar_moving = k->bar_sim && bar_sim_busy(k->bar_sim, now),
        .bar_frame_us = k->bar_sim ? bar_sim_next_frame_us(k->bar_sim) : INT64_MAX,
        .plate_sim_loaded = k->plate_sim && k->world.on_plate,
    };
    return wake_timeout_ms(now, wake_deadline_us(&due));
}

/* --- gym server: the core learns whether the rack is in touch; a change is logged --- */
/* A calibration of this rack's the server gave back (a restored backup, a new SD card),
 * newer than any saved here: into [plate] and the running filter, as the Calibrate page's
 * Save, once nobody is at the rack (never under a set). */
static void follow_pulled_calibration(struct kiosk *k, int64_t t_us)
{
    if (t_us < k->next_pulled_cal_check_us || !session_catalogue_can_change(&k->session))
        return;
    k->next_pulled_cal_check_us = t_us + CATALOGUE_CHECK_US;
    struct load_calibration cal;
    char uid[40], err[STORE_ERR_MAX], path[700];
    int got = store_take_pulled_calibration(k->store, &cal, uid, err);
    if (got < 0)
        fprintf(stderr, "rackside: %s\n", err);
    if (got <= 0)
        return;
    calibration_path(k, path, sizeof path);
    if (plate_conf_save(path, &cal) != 0) {
        fprintf(stderr,
                "rackside: the calibration %s from the gym's server not saved: cannot write %s "
                "(%s)\n",
                uid, path, strerror(errno));
        return;
    }
    fprintf(stderr, "rackside: calibration %s from the gym's server saved in [plate] of %s\n", uid,
            path);
    k->cfg.cal = cal;
    load_filter_init(&k->load, &k->cfg.cal, &k->cfg.rules);
}

static void follow_sync(struct kiosk *k, int64_t t_us)
{
    if (!k->sync)
        return;
    struct server_link link;
    sync_follow(k->sync, wall_us(k, t_us), k->cfg.server_offline_limit_s, &k->sync_logged, &link);
    session_set_server(&k->session, &link, t_us);
    follow_pulled_calibration(k, t_us);
}
/* --- end of gym server --- */

static void follow_catalogue(struct kiosk *k, int64_t t_us);

static void frame(struct kiosk *k)
{
    if (k->replay_pending)
        replay(k);
    if (!k->running)
        return;
    SDL_Event ev;
    bool paced = !k->virtual_clock || k->opt.real_time;
    if (probing(k) && k->probe.n < KIOSK_PROBE_MAX)
        pixel_probe_pass(&k->probe, probe_now_us(k));
    bool got = paced ? wake_wait(k->wake, wait_ms(k), &ev) : SDL_PollEvent(&ev);
    int64_t t_us = advance_clock(k);
    if (k->opt.stop && *k->opt.stop)
        k->quit = true;
    while (got) {
        handle_event(k, &ev, t_us);
        got = SDL_PollEvent(&ev);
    }
    follow_sync(k, t_us); /* gym server: before anything the frame decides */
    if (k->scenario)
        play_scenario(k, t_us);
    pump_devices(k, t_us);
    session_tick(&k->session, t_us, wall_us(k, t_us));
    drain_effects(k, t_us);
    housekeeping(k, t_us);
    log_screen(k);
    follow_catalogue(k, t_us); /* after the log names the screen it is read on */
    draw(k);
    open_speaker(k);
    speaker_follow(k->speaker, &k->session, t_us);
    /* the watchdog ping comes from here only: a frame loop that stops stops the pings */
    notify_frame(k->notify, ui_frames_drawn(k->ui) > 0, clock_us(CLOCK_MONOTONIC));
}

enum screen kiosk_shown_screen(const struct kiosk *k)
{
    return session_screen(&k->session);
}

const char *kiosk_lifter_name(const struct kiosk *k)
{
    const struct member_profile *who = session_lifter(&k->session);
    return who ? who->name : NULL;
}

const char *kiosk_notice(const struct kiosk *k)
{
    const struct session *s = &k->session;
    if (!session_notice(s)[0] && s->screen == SCREEN_TRAINER_LOADS)
        return s->trainer.load_msg; /* the Loads page's own status line */
    if (!session_notice(s)[0] && s->screen == SCREEN_TRAINER_CALIBRATE)
        return s->trainer.cal.msg; /* the Calibrate page's */
    return session_notice(s);
}

int kiosk_listed_flags(const struct kiosk *k, enum flag_kind kind)
{
    int n = 0;
    /* the flags the list shows, after the trainer's filters */
    const struct trainer_state *ts = &k->session.trainer;
    if (ts->flags_loading)
        return 0; /* the screen says Loading: none shown */
    for (int i = 0; i < ts->review.n_shown; i++)
        n += ts->flags[ts->review.order[i]].kind == kind;
    return n;
}

void kiosk_redraw(struct kiosk *k)
{
    draw(k);
}

/* ---- start and stop ---- */

/* A scenario without --data-dir gets a database of its own, removed when it ends. */
static int make_scratch(struct kiosk *k)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(k->scenario_tmp, sizeof k->scenario_tmp, "%s/rackside-scenario-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(k->scenario_tmp)) {
        fprintf(stderr, "rackside: cannot make a scratch database in %s: %s (pass --data-dir)\n",
                k->scenario_tmp, strerror(errno));
        k->scenario_tmp[0] = '\0';
        return -1;
    }
    return 0;
}

static void remove_scratch(struct kiosk *k)
{
    if (!k->scenario_tmp[0])
        return;
    /* everything in it is the run's own: the database and its WAL, the store's journal
     * (reserved at its full size, about 1 MB), the catalogue's last good copies. Removing
     * only the database's files left the rest, and the directory, in TMPDIR after every
     * scenario run (each of --repeat's) */
    DIR *dir = opendir(k->scenario_tmp);
    struct dirent *e;
    char path[600];
    while (dir && (e = readdir(dir))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", k->scenario_tmp, e->d_name);
        unlink(path);
    }
    if (dir)
        closedir(dir);
    if (rmdir(k->scenario_tmp) != 0)
        fprintf(stderr, "rackside: cannot remove the scenario's scratch directory %s: %s\n",
                k->scenario_tmp, strerror(errno));
}

/* The fault as the screen says it, and as the log does (English: "what: where"). */
static void fault_said(struct kiosk *k, const char *log, const char *what, const char *where,
                       const char *todo)
{
    textf(k->fault.what, sizeof k->fault.what, "%s", what);
    textf(k->fault.where, sizeof k->fault.where, "%s", where);
    textf(k->fault.todo, sizeof k->fault.todo, "%s", todo);
    textf(k->fault_english, sizeof k->fault_english, "%s", log);
}

/* A fault of the kiosk's own (kiosk_words.h): on screen in the kiosk's language. */
static void fault_set(struct kiosk *k, const struct kiosk_fault_words *w)
{
    struct ui_fault f;
    char log[sizeof k->fault_english];
    i18n_select(NULL);
    kiosk_words_show(&f, w);
    kiosk_words_log(log, sizeof log, w);
    fault_said(k, log, f.what, f.where, f.todo);
}

/* A settings file's problem in the kiosk's language (ui_fault_settings); the log keeps the
 * English err. */
static void config_fault(struct kiosk *k, const struct config_problem *pr, const char *err)
{
    struct ui_fault f;
    ui_fault_settings(&f, k->opt.config_path, pr->line, pr->more, &pr->what);
    char log[sizeof k->fault_english];
    textf(log, sizeof log, "The settings file cannot be used.: %s", err);
    fault_said(k, log, f.what, f.where, f.todo);
}

/* One log line per distinct fault, not one every retry. */
static void fault_log(struct kiosk *k)
{
    char line[sizeof k->fault_logged];
    textf(line, sizeof line, "%s", k->fault_english);
    if (strcmp(line, k->fault_logged) == 0)
        return;
    textf(k->fault_logged, sizeof k->fault_logged, "%s", line);
    fprintf(stderr, "rackside: out of service: %s\n", line);
}

/*
 * Production runs on real devices: a device left on (or defaulting to) the simulator is
 * a fault. The plate enforces each lifter's cap, so it is never simulated here; the
 * others may be, when [kiosk] allow_sim_in_production = 1 says so.
 */
static int refuse_simulators(struct kiosk *k)
{
    const struct config *c = &k->cfg;
    const struct {
        const char *section;
        enum device_driver driver;
        bool set;
        bool may_simulate;
    } dev[] = {
        {"plate", c->plate, c->plate_set, false},
        {"bar", c->bar, c->bar_set, c->allow_sim_in_production != 0},
        {"badge", c->badge, c->badge_set, c->allow_sim_in_production != 0},
        {"lights", c->lights, c->lights_set, c->allow_sim_in_production != 0},
    };
    for (size_t i = 0; i < sizeof dev / sizeof dev[0]; i++) {
        if (dev[i].driver != DRIVER_SIM || dev[i].may_simulate)
            continue;
        struct kiosk_fault_words w;
        kiosk_words_device_simulated(&w, dev[i].section, dev[i].set, k->opt.config_path);
        fault_set(k, &w);
        return -1;
    }
    return 0;
}

/* --- languages and units: --lang over [kiosk] language; --unit is the rack's unit and
 * must agree with a [rack] section the file has (a bar "20" read as pounds is a mistake). */
/* A setting the kiosk cannot use, where (or a message quoted as it stands): a fault in
 * production, else the notice (and the log). */
static int setting_problem(struct kiosk *k, const struct phrase_said *where, const char *quoted,
                           void (*words)(struct kiosk_fault_words *, const struct phrase_said *))
{
    struct kiosk_fault_words w;
    struct phrase_said none;
    phrase_said_set(&none, "", NULL, 0);
    words(&w, where ? where : &none);
    if (quoted)
        kiosk_words_quote(&w, quoted);
    if (k->production) {
        fault_set(k, &w);
        return -1;
    }
    char english[UI_FAULT_TEXT_MAX];
    kiosk_words_where(english, sizeof english, &w, true);
    fprintf(stderr, "rackside: %s\n", english);
    i18n_select(NULL);
    kiosk_words_where(k->config_notice, sizeof k->config_notice, &w, false);
    return 0;
}

/* The kiosk's language, chosen once: code, or English when it is not one the kiosk has. */
static void use_language(struct kiosk *k, const char *code)
{
    if (k->lang_applied)
        return;
    char dir[1024], err[I18N_ERR_MAX];
    if (i18n_use(i18n_known(code) ? code : "en", i18n_find_dir(k->opt.assets_dir, dir, sizeof dir),
                 err) != 0)
        fprintf(stderr, "rackside: %s\n", err);
    k->lang_applied = true;
}

/* --lang, else the settings file's [kiosk] language (the lines read right count when the
 * file has a mistake elsewhere), else English (a file that cannot be read at all). */
static const char *kiosk_language(const struct kiosk *k)
{
    return k->opt.lang ? k->opt.lang : k->cfg.language[0] ? k->cfg.language : "en";
}

static int apply_lang_unit(struct kiosk *k)
{
    struct phrase_said where;
    const char *lang = kiosk_language(k);
    if (!i18n_known(lang)) {
        kiosk_said_bad_language(&where, lang, k->opt.config_path);
        lang = "en";
        use_language(k, lang);
        if (setting_problem(k, &where, NULL, kiosk_words_lang_unit) != 0)
            return -1;
    }
    use_language(k, lang);
    if (!k->opt.unit)
        return 0;
    bool want_lb = strcmp(k->opt.unit, "lb") == 0;
    /* only a [rack] in the file is the gym's own choice: plates.conf's sets are not */
    bool file_lb = strcmp(k->cfg.rack_unit, "lb") == 0;
    if (k->cfg.rack_line && want_lb != file_lb) {
        kiosk_said_unit_clash(&where, k->opt.unit, k->opt.config_path, file_lb ? "lb" : "kg");
        return setting_problem(k, &where, NULL, kiosk_words_lang_unit);
    }
    return 0; /* the plates of that unit: use_rack_plates, once plates.conf is read */
}
/* --- end of languages and units --- */

/* --- display: [kiosk] orientation and text_size --- */
static int apply_display(struct kiosk *k)
{
    struct phrase_said where;
    const char *o = k->cfg.orientation, *t = k->cfg.text_size;
    if (o[0] && strcmp(o, "landscape") != 0 && strcmp(o, "portrait") != 0) {
        kiosk_said_bad_orientation(&where, o, k->opt.config_path);
        return setting_problem(k, &where, NULL, kiosk_words_display);
    }
    if (t[0] && strcmp(t, "normal") != 0 && strcmp(t, "large") != 0) {
        kiosk_said_bad_text_size(&where, t, k->opt.config_path);
        return setting_problem(k, &where, NULL, kiosk_words_display);
    }
    ui_set_large_text(k->ui, strcmp(t, "large") == 0);
    char err[UI_ERR_MAX];
    if (strcmp(o, "portrait") == 0 && ui_set_portrait(k->ui, err) != 0)
        return setting_problem(k, NULL, err, kiosk_words_display);
    return 0;
}
/* --- end of display --- */

/* The notice of a simulated rack on the defaults (or without the rack's plates): the
 * file's problem and where, in the kiosk's language (as the fault screen says it). */
static void settings_notice(struct kiosk *k, enum kiosk_notice_lead lead,
                            const struct config_problem *pr)
{
    struct ui_fault f;
    i18n_select(NULL);
    ui_fault_settings(&f, k->opt.config_path, pr->line, pr->more, &pr->what);
    char why[2 * UI_FAULT_TEXT_MAX];
    phrase_fill(why, sizeof why, "%s: %s", (const char *const[]){f.where, f.what}, 2);
    kiosk_words_notice(k->config_notice, sizeof k->config_notice, lead, why);
}

/* The settings: in production a bad or missing file is a fault; the simulation runs on
 * the defaults and says on screen which settings it did not use. */
static int load_config(struct kiosk *k)
{
    config_default(&k->cfg);
    k->config_notice[0] = '\0';
    char err[CONFIG_ERR_MAX] = "";
    if (config_load(k->opt.config_path, &k->cfg, err) != 0) {
        use_language(k, kiosk_language(k));
        if (k->production) {
            config_fault(k, &k->cfg.problem, err);
            return -1;
        }
        fprintf(stderr, "rackside: %s; running on the defaults\n", err);
        settings_notice(k, KIOSK_NOTICE_DEFAULTS, &k->cfg.problem);
        config_default(&k->cfg);
        return apply_lang_unit(k);
    }
    if (apply_lang_unit(k) != 0 || apply_display(k) != 0)
        return -1;
    if (!k->production)
        return 0;
    if (!k->cfg.present) {
        struct kiosk_fault_words w;
        kiosk_words_no_settings(&w, k->opt.config_path);
        fault_set(k, &w);
        return -1;
    }
    return refuse_simulators(k);
}

/* The demo trainer's badge is there: the attract screen may name its PIN. */
static bool demo_trainer_enrolled(struct kiosk *k)
{
    const struct demo_badge *badges;
    int n = store_demo_badges(&badges);
    for (int i = 0; i < n; i++) {
        struct member_profile who;
        if (badges[i].role == ROLE_TRAINER &&
            store_find_badge(k->store, badges[i].uid, 0, &who) == 1 && who.role == ROLE_TRAINER)
            return true;
    }
    return false;
}

/* --- the exercise and warm-up catalogues (catalogue_files.h) --- */

/* The settings file's directory (/etc/rackside): a gym's catalogues sit beside it. */
static void settings_dir(const struct kiosk *k, char *out, size_t n)
{
    const char *path = k->opt.config_path ? k->opt.config_path : "";
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(out, n, "%.*s", (int)(slash - path), path);
    else
        snprintf(out, n, ".");
}

/*
 * The rack's bar and plates: plates.conf's set for the rack's unit under the settings'
 * [rack] (config_use_plates). 0 ok; -1 with why (a line of the settings file).
 */
static int rack_plates(const struct kiosk *k, const struct catalogue *c, struct config *cfg,
                       char why[CONFIG_ERR_MAX])
{
    *cfg = k->cfg;
    return config_use_plates(cfg, c->plates, k->opt.unit, why);
}

/* A catalogue file with no usable copy, in the kiosk's language; the log keeps notice. */
static void catalogue_fault(struct kiosk *k, const struct catalogue_fault *cf, const char *notice)
{
    struct ui_fault f;
    ui_fault_said(&f, &cf->title, &cf->detail, &cf->where, &cf->fix);
    char log[sizeof k->fault_english];
    textf(log, sizeof log, "%s: %s", cf->what, notice);
    fault_said(k, log, f.what, f.where, f.todo);
}

/* At start: the settings' rules take the rack's plates; a mistake is a settings fault. */
static int use_rack_plates(struct kiosk *k)
{
    struct config *cfg = malloc(sizeof *cfg);
    char why[CONFIG_ERR_MAX];
    int rc = cfg ? rack_plates(k, &k->catalogue, cfg, why) : -1;
    if (!cfg) {
        fprintf(stderr, "rackside: out of memory\n");
        return -2;
    }
    if (rc == 0)
        k->cfg.rules = cfg->rules;
    else if (k->production)
        config_fault(k, &cfg->problem, why);
    else {
        fprintf(stderr, "rackside: %s\n", why);
        settings_notice(k, KIOSK_NOTICE_PLATES_UNUSED, &cfg->problem);
    }
    free(cfg);
    return rc == 0 || !k->production ? 0 : -1;
}

/* A scenario's "tempo" line: every exercise takes it, as if exercises.conf said so. */
static void use_scenario_tempo(const struct kiosk *k, struct catalogue *c)
{
    const int *tempo_ms = k->scenario ? scenario_tempo_ms(k->scenario) : NULL;
    for (int i = 0; tempo_ms && i < c->n_exercises; i++)
        memcpy(c->exercises[i].tempo_ms, tempo_ms, sizeof c->exercises[i].tempo_ms);
}

/*
 * The catalogues, into the database (exercises keep their rows) and k->exercises. A file
 * with a mistake leaves the rack on its last good copy with a notice on every screen: a
 * gym that adds an exercise during opening hours should not take the rack from everyone
 * for a typo, and the copy in use was checked. No usable copy at all is a fault.
 * 0 ok; -1 a fault; -2 give up (simulation).
 */
static int load_catalogue(struct kiosk *k)
{
    char etc[512], notice[CATALOGUE_NOTICE_MAX];
    struct catalogue_fault fault;
    settings_dir(k, etc, sizeof etc);
    k->catalogue_notice[0] = '\0';
    /* stamped before reading: an edit made while the files are read is read again */
    catalogue_files_stamp(&k->catalogue_stamp, k->data_dir, etc, k->opt.assets_dir);
    k->catalogue_edited = false;
    if (catalogue_files_load(&k->catalogue, k->data_dir, etc, k->opt.assets_dir, notice, &fault) !=
        0) {
        fprintf(stderr, "rackside: %s %s\n", fault.what, notice);
        catalogue_fault(k, &fault, notice);
        return k->production ? -1 : -2;
    }
    if (notice[0]) {
        fprintf(stderr, "rackside: %s\n", notice);
        i18n_select(NULL);
        kiosk_words_catalogue_kept(k->catalogue_notice, sizeof k->catalogue_notice, &fault);
    }
    use_scenario_tempo(k, &k->catalogue);
    int prc = use_rack_plates(k);
    if (prc != 0)
        return prc;
    char err[STORE_ERR_MAX];
    k->n_exercises =
        store_sync_catalogue(k->store, &k->catalogue, k->exercises, SESSION_MAX_EXERCISES, err);
    if (k->n_exercises <= 0) {
        fprintf(stderr, "rackside: %s\n", err);
        struct kiosk_fault_words w;
        kiosk_words_catalogue_store(&w, err);
        fault_set(k, &w);
        return k->production ? -1 : -2;
    }
    return 0;
}

/* The session's warm-up: the routine of the exercise the plan opens on. */
static void use_catalogue_warmup(struct kiosk *k)
{
    const struct catalogue *c = &k->catalogue;
    struct warmup_step steps[SESSION_MAX_WARMUP];
    int n = session_warmup_from_catalogue(c, c->exercises[0].warmup, steps, SESSION_MAX_WARMUP);
    if (n > 0)
        session_set_warmup(&k->session, steps, n);
}

/* A catalogue that cannot be taken in leaves the rack on the one it has, and says why:
 * english for the log, said (NULL: the same) in the kiosk's language. */
static void catalogue_kept(struct kiosk *k, const char *english, const char *said)
{
    fprintf(stderr, "rackside: catalogue not read again: %s\n", english);
    i18n_select(NULL);
    kiosk_words_notice(k->catalogue_notice, sizeof k->catalogue_notice, KIOSK_NOTICE_CATALOGUE_KEPT,
                       said ? said : english);
    k->catalogue_said_until_us = 0;
}

/*
 * The files read again, as at start (the same checks; a file with a mistake named by file
 * and line, its last good copy used), into the database and the session. Called between
 * sessions only.
 */
static void reread_catalogue(struct kiosk *k, int64_t t_us)
{
    char etc[512], notice[CATALOGUE_NOTICE_MAX], err[STORE_ERR_MAX];
    settings_dir(k, etc, sizeof etc);
    struct catalogue *c = malloc(sizeof *c);
    struct config *cfg = malloc(sizeof *cfg);
    struct catalogue_fault *cf = malloc(sizeof *cf);
    if (!c || !cfg || !cf) {
        free(c);
        free(cfg);
        free(cf);
        k->catalogue_edited = true; /* tried again at the next frame */
        return;
    }
    struct exercise ex[SESSION_MAX_EXERCISES];
    int n = 0;
    char why[CONFIG_ERR_MAX], said[2 * UI_FAULT_TEXT_MAX];
    struct ui_fault f;
    i18n_select(NULL);
    bool read = catalogue_files_load(c, k->data_dir, etc, k->opt.assets_dir, notice, cf) == 0;
    if (read)
        use_scenario_tempo(k, c);
    if (!read) {
        ui_fault_said(&f, &cf->title, &cf->detail, &cf->where, &cf->fix);
        phrase_fill(said, sizeof said, "%s: %s", (const char *const[]){f.where, f.what}, 2);
        catalogue_kept(k, notice, said);
    } else if (rack_plates(k, c, cfg, why) != 0) {
        ui_fault_settings(&f, k->opt.config_path, cfg->problem.line, cfg->problem.more,
                          &cfg->problem.what);
        phrase_fill(said, sizeof said, "%s: %s", (const char *const[]){f.where, f.what}, 2);
        catalogue_kept(k, why, said);
    } else if ((n = store_sync_catalogue(k->store, c, ex, SESSION_MAX_EXERCISES, err)) <= 0) {
        catalogue_kept(k, err, NULL);
    } else if (session_set_exercises(&k->session, ex, n)) {
        /* the plates too: between sessions, so no plan was worked out on the old ones */
        k->cfg.rules = cfg->rules;
        rules_use_plates(&k->session.rules, &cfg->rules.plates);
        k->catalogue = *c;
        memcpy(k->exercises, ex, sizeof ex);
        k->n_exercises = n;
        use_catalogue_warmup(k);
        if (notice[0]) {
            fprintf(stderr, "rackside: %s\n", notice);
            kiosk_words_catalogue_kept(k->catalogue_notice, sizeof k->catalogue_notice, cf);
            k->catalogue_said_until_us = 0;
        } else {
            struct phrase_said again;
            kiosk_said_catalogue_read_again(&again, n);
            i18n_said(k->catalogue_notice, sizeof k->catalogue_notice, &again);
            k->catalogue_said_until_us = t_us + CATALOGUE_SAID_US;
        }
        fprintf(stderr, "rackside: catalogue read again: %d exercises\n", n);
    }
    free(cf);
    free(cfg);
    free(c);
}

/* A catalogue file edited while the kiosk runs: noticed within CATALOGUE_CHECK_US, read
 * again once nobody is at the rack (never under a plan or a set). */
static void follow_catalogue(struct kiosk *k, int64_t t_us)
{
    if (k->catalogue_said_until_us && t_us >= k->catalogue_said_until_us) {
        k->catalogue_notice[0] = '\0';
        k->catalogue_said_until_us = 0;
    }
    if (t_us >= k->next_catalogue_check_us) {
        k->next_catalogue_check_us = t_us + CATALOGUE_CHECK_US;
        char etc[512];
        settings_dir(k, etc, sizeof etc);
        struct catalogue_files_stamp now;
        catalogue_files_stamp(&now, k->data_dir, etc, k->opt.assets_dir);
        if (!catalogue_files_same(&now, &k->catalogue_stamp)) {
            k->catalogue_stamp = now;
            k->catalogue_edited = true;
        }
    }
    if (k->catalogue_edited && session_catalogue_can_change(&k->session)) {
        k->catalogue_edited = false;
        reread_catalogue(k, t_us);
    }
}
/* --- end of catalogues --- */

/* --- gym server: the sync thread beside the store (app/sync/sync.h) --- */
static void start_sync(struct kiosk *k)
{
    const struct config *c = &k->cfg;
    if (!config_server_enabled(c))
        return;
    char err[SYNC_ERR_MAX];
    k->sync =
        sync_start(k->db_path, c->server_connection, c->server_rack, c->rules.day_start_min, err);
    if (!k->sync)
        fprintf(stderr, "rackside: gym server: %s (working offline)\n", err);
    k->sync_logged = 0;
}
/* --- end of gym server --- */

/*
 * --repeat on fresh databases: the first run's database, once migrated and seeded, is
 * copied aside (keep_seeded) and put in place of each later run's empty file before it is
 * opened (use_seeded), so that each of a thousand runs does not build the schema and seed
 * the demo again (a third of a short scenario's CPU). A run that starts at another wall
 * time (the demo's anchored start) seeds its own. The copy goes when the program ends.
 */
static void keep_seeded(struct kiosk *k)
{
    if (!k->scenario_tmp[0] || k->opt.repeat < 2 || k->seeded_db[0])
        return;
    const char *tmp = getenv("TMPDIR");
    char path[sizeof k->seeded_db];
    snprintf(path, sizeof path, "%s/rackside-seeded-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return; /* every run seeds its own */
    close(fd);
    unlink(path); /* the backup makes it afresh, private (O_EXCL, 0600) */
    char err[STORE_ERR_MAX];
    if (store_backup(k->store, path, err) != 0) {
        fprintf(stderr, "rackside: each run seeds its own database: %s\n", err);
        return;
    }
    snprintf(k->seeded_db, sizeof k->seeded_db, "%s", path);
    k->seeded_at_us = k->wall_start_us;
}

/* Copies the kept database to the run's path (a new private file); false: not done. */
static bool use_seeded(const struct kiosk *k)
{
    if (!k->scenario_tmp[0] || !k->seeded_db[0] || k->seeded_at_us != k->wall_start_us)
        return false;
    int in = open(k->seeded_db, O_RDONLY | O_CLOEXEC);
    int out = in < 0 ? -1 : open(k->db_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    bool ok = in >= 0 && out >= 0;
    char buf[65536];
    ssize_t n;
    while (ok && (n = read(in, buf, sizeof buf)) != 0)
        ok = n > 0 && write(out, buf, (size_t)n) == n;
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) != 0)
        ok = false;
    if (!ok && out >= 0)
        unlink(k->db_path); /* the run starts on an empty file, as the first did */
    return ok;
}

/* 0 ok; -1 a fault (production shows it and retries); -2 give up (simulation exits). */
static int open_store(struct kiosk *k)
{
    char err[STORE_ERR_MAX] = "";
    /* a scenario without --data-dir runs on a fresh database of its own */
    if (!k->opt.data_dir && k->virtual_clock && !k->scenario_tmp[0] && make_scratch(k) != 0)
        return -2;
    if (k->scenario_tmp[0])
        snprintf(k->data_dir, sizeof k->data_dir, "%s", k->scenario_tmp);
    else if (k->opt.data_dir)
        snprintf(k->data_dir, sizeof k->data_dir, "%s", k->opt.data_dir);
    else if (store_default_data_dir(k->data_dir, sizeof k->data_dir) != 0)
        snprintf(err, sizeof err,
                 "no data directory: set HOME or XDG_DATA_HOME, or pass "
                 "--data-dir DIR");
    if (!err[0] && store_make_data_dir(k->data_dir, err) == 0) {
        store_db_path(k->data_dir, k->db_path, sizeof k->db_path);
        use_seeded(k);
        k->store = store_open(k->db_path, true, err);
    }
    if (!k->store) {
        if (!k->production) {
            fprintf(stderr, "rackside: %s\n", err);
            return -2;
        }
        struct kiosk_fault_words w;
        kiosk_words_database(&w, err);
        fault_set(k, &w);
        return -1;
    }
    store_set_day_start(k->store, k->cfg.rules.day_start_min);
    int crc = load_catalogue(k);
    if (crc != 0)
        return crc;
    k->lookup = badge_lookup_open(k->store, wake_signal, k->wake); /* NULL: read in the loop */
    start_sync(k);
    char journal[sizeof k->db_path + 16];
    snprintf(journal, sizeof journal, "%s%s", k->db_path, STORE_JOURNAL_SUFFIX);
    int replayed = store_use_journal(k->store, journal, err);
    if (replayed < 0)
        fprintf(stderr, "rackside: %s\n", err);
    else if (replayed > 0)
        fprintf(stderr, "rackside: %d records from the last run written from %s\n", replayed,
                journal);
    /* demo members only where nobody lifts for real: never in production, and never in a
     * simulated rack of a gym (its sync would give every rack the demo trainer and her
     * published PIN, and records on the server are never taken back); a scripted run
     * (--demo, --scenario) asks for them */
    bool gym = config_server_enabled(&k->cfg) && !k->opt.demo && !k->opt.scenario;
    if (gym && !k->production)
        fprintf(stderr, "rackside: no demo lifters: this rack is part of a gym ([server] in "
                        "the settings); enrol lifters with rackside-ctl\n");
    if (k->opt.demo || (!k->production && !gym)) {
        if (store_seed_demo_at(k->store, k->wall_start_us, &k->demo_pins, err) < 0)
            fprintf(stderr, "rackside: demo lifters not added: %s\n", err);
        k->demo_members = demo_trainer_enrolled(k);
        keep_seeded(k);
    }
    return 0;
}

/* A hardware device that cannot be opened: production stops here, simulation runs on. */
static void device_fault(struct kiosk *k, const char *section, const char *err)
{
    struct kiosk_fault_words w;
    kiosk_words_device_silent(&w, section, err, k->opt.config_path);
    fault_set(k, &w);
}

/*
 * Each device is the hardware port or its simulator, as the config file says. In
 * simulation a hardware device that cannot be opened is logged and the kiosk runs on
 * without it (the plate then reads as a fault); in production it is a fault.
 */
static int open_plate(struct kiosk *k)
{
    const struct config *c = &k->cfg;
    if (c->plate == DRIVER_SIM) {
        k->plate_sim = plate_sim_new(&c->cal, 1);
        k->plate = k->plate_sim ? plate_sim_port(k->plate_sim) : NULL;
        return k->plate ? 0 : -2;
    }
    struct hx711_config hc = {
        .chip_label = c->gpio_chip,
        .sck_line = c->gpio_sck,
        .dout_line = {c->gpio_dout_left, c->gpio_dout_right},
        .rate_line = c->gpio_rate,
        .rate_hz = c->plate_rate_hz,
    };
    char err[PLATE_HX711_ERR_MAX];
    k->plate = plate_hx711_open(&hc, err);
    if (k->plate) {
        plate_hx711_set_wake(k->plate, wake_signal, k->wake);
        return 0;
    }
    if (k->production) {
        device_fault(k, "plate", err);
        return -1;
    }
    fprintf(stderr, "rackside: load plate: %s (check [plate] in the config file)\n", err);
    k->plate = plate_absent_new();
    return k->plate ? 0 : -2;
}

static int open_bar(struct kiosk *k, int64_t t_us)
{
    if (k->cfg.bar == DRIVER_SIM) {
        k->bar_sim = bar_sim_new(2, t_us);
        k->bar = k->bar_sim ? bar_sim_port(k->bar_sim) : NULL;
        return k->bar ? 0 : -2;
    }
    char err[BAR_USB_ERR_MAX];
    k->bar = bar_usb_open(err); /* waits for the unit when it is not plugged in */
    if (k->bar) {
        bar_usb_set_wake(k->bar, wake_signal, k->wake);
        return 0;
    }
    fprintf(stderr, "rackside: bar unit: %s\n", err);
    if (k->production)
        device_fault(k, "bar", err);
    return k->production ? -1 : -2;
}

static int open_badge(struct kiosk *k)
{
    const struct config *c = &k->cfg;
    if (c->badge == DRIVER_SIM) {
        k->badge_sim = badge_sim_new();
        k->badge = k->badge_sim ? badge_sim_port(k->badge_sim) : NULL;
        return k->badge ? 0 : -2;
    }
    char err[BADGE_EVDEV_ERR_MAX];
    k->badge = badge_evdev_open(c->badge_device, c->badge_name, err);
    if (err[0] && !k->production)
        fprintf(stderr, "rackside: %s\n", err);
    if (!k->badge && !k->production)
        return -2;
    if (k->production && (!k->badge || !badge_evdev_connected(k->badge))) {
        device_fault(k, "badge", err[0] ? err : "the reader could not be opened");
        return -1;
    }
    return 0;
}

static int open_lights(struct kiosk *k)
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
        k->lights = lights_gpio_open(&lc, err);
        if (k->lights)
            return 0;
        if (k->production) {
            device_fault(k, "lights", err);
            k->lights = lights_sim_new(); /* the screen still shows amber */
            return -1;
        }
        fprintf(stderr, "rackside: stack light: %s (check [lights] in the config file)\n", err);
    }
    k->lights = lights_sim_new();
    return k->lights ? 0 : -2;
}

static int open_devices(struct kiosk *k, int64_t t_us)
{
    int rc = open_lights(k);
    if (rc == 0)
        rc = open_plate(k);
    if (rc == 0)
        rc = open_bar(k, t_us);
    if (rc == 0)
        rc = open_badge(k);
    if (rc == -2)
        fprintf(stderr, "rackside: the devices could not be started (see above)\n");
    if (rc != 0)
        return rc;
    k->world = (struct sim_world){.body_g = SIM_BODY_G, .bar_connected = true};
    load_filter_init(&k->load, &k->cfg.cal, &k->cfg.rules);
    barlink_init(&k->link);
    badge_decoder_init(&k->badge_dec);
    return 0;
}

/* Closes what a failed start opened, so the next try starts from nothing. */
static void close_started(struct kiosk *k)
{
    badge_reader_close(k->badge);
    bar_close(k->bar);
    plate_close(k->plate);
    badge_lookup_close(k->lookup); /* before the store it reads */
    k->lookup = NULL;
    sync_stop(k->sync, &k->sync_logged); /* gym server: before the store it reads */
    k->sync = NULL;
    store_close(k->store);
    k->badge = NULL, k->badge_sim = NULL;
    k->bar = NULL, k->bar_sim = NULL;
    k->plate = NULL, k->plate_sim = NULL;
    k->store = NULL;
    k->demo_members = false;
    if (k->lights) {
        lights_close(k->lights);
        k->lights = NULL;
    }
}

/*
 * Everything the session needs, in order: settings, database, devices. 0 running, -1 a
 * fault in k->fault (shown, tried again), -2 a failure that ends the program.
 */
static int start(struct kiosk *k, int64_t t_us)
{
    close_started(k); /* the fault screen's own light, or a failed try's */
    int rc = load_config(k);
    if (rc == 0)
        rc = open_store(k);
    if (rc == 0)
        rc = open_devices(k, t_us);
    if (rc != 0) {
        if (rc == -1)
            fault_log(k);
        close_started(k);
        return rc;
    }
    session_init(&k->session, &k->cfg.rules, k->exercises, k->n_exercises, t_us, wall_us(k, t_us));
    use_catalogue_warmup(k);
    k->session.trainer.cal.lb = k->cfg.rules.plates.unit == RACK_LB; /* the Calibrate page's */
    k->fault_logged[0] = '\0';
    k->running = true;
    return 0;
}

/* Out of service: the fault on screen, the light amber, no key does anything. */
static void fault_frame(struct kiosk *k)
{
    int64_t t_us = kiosk_now_us(k);
    SDL_Event ev;
    bool got = wake_wait(k->wake, FAULT_WAIT_MS, &ev);
    while (got) {
        if (kiosk_classify_event(k->production, false, &ev) == KIOSK_INPUT_QUIT)
            k->quit = true;
        got = SDL_PollEvent(&ev);
    }
    if (k->opt.stop && *k->opt.stop)
        k->quit = true;
    if (k->quit)
        return;
    if (t_us >= k->next_try_us) {
        int rc = start(k, t_us);
        if (rc == 0)
            return;
        if (rc == -2) {
            k->quit = true;
            k->exit_code = 1;
            return;
        }
        k->next_try_us = t_us + RETRY_US;
    }
    if (!k->lights)
        k->lights = lights_sim_new();
    if (k->lights && k->lights->light != LIGHT_AMBER)
        lights_set(k->lights, LIGHT_AMBER, false);
    int left = (int)((k->next_try_us - t_us + 999999) / 1000000);
    if (left != k->fault.retry_s || ui_frames_drawn(k->ui) == 0) {
        k->fault.retry_s = left;
        ui_render_fault(k->ui, &k->fault);
        if (ui_frames_drawn(k->ui) == 1)
            fprintf(stderr, "rackside: ready: first frame shows the fault, database %s\n",
                    k->db_path[0] ? k->db_path : "not open");
        if (k->opt.screenshot_dir && !k->fault_shot) {
            char path[1024], err[UI_ERR_MAX];
            snprintf(path, sizeof path, "%s/%02d-fault.png", k->opt.screenshot_dir,
                     ++k->screenshots);
            if (ui_screenshot(k->ui, path, err) != 0)
                fprintf(stderr, "rackside: %s\n", err);
            k->fault_shot = true;
        }
    }
}

/* One line for the operator's log: how much the kiosk drew and how big it grew. */
static void report_usage(const struct kiosk *k)
{
    struct rusage ru, apart;
    getrusage(RUSAGE_SELF, &ru);
    getrusage(RUSAGE_CHILDREN, &apart); /* the PIN checks' own processes, the largest */
    double run_s = (clock_us(CLOCK_MONOTONIC) - k->mono_start_us) / 1e6;
    fprintf(stderr,
            "rackside: stopped: %llu frames drawn in %.1f s, peak memory %ld MB "
            "(PIN checks apart: %ld MB), %llu wake-ups (%llu by devices), cpu %.2f s\n",
            (unsigned long long)ui_frames_drawn(k->ui), run_s, ru.ru_maxrss / 1024,
            apart.ru_maxrss / 1024, (unsigned long long)wake_count(k->wake),
            (unsigned long long)wake_device_count(k->wake),
            ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
                (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
}

static void close_all(struct kiosk *k)
{
    notify_close(k->notify); /* STOPPING=1 before the last writes, which may take a while */
    if (k->ui && ui_frames_drawn(k->ui) > 0)
        report_usage(k);
    pixel_probe_report(&k->probe, stderr, BARPROTO_SAMPLES);
    if (k->ui && k->running)
        screenshot(k, k->drawn_screen);
    if (k->store && k->running) {
        /* a set in progress is stored as stopped and the session closed (SIGTERM, Esc) */
        session_shutdown(&k->session, kiosk_now_us(k));
        drain_effects(k, kiosk_now_us(k));
    }
    if (k->store)
        store_flush(k->store);
    if (k->store)
        drain_effects(k, kiosk_now_us(k));
    if (k->store) {
        char err[STORE_ERR_MAX];
        int n = store_pending(k->store, err);
        if (n > 0)
            fprintf(stderr,
                    "rackside: %d records not written (%s): kept in %s%s for the next "
                    "start\n",
                    n, err, k->db_path, STORE_JOURNAL_SUFFIX);
    }
    if (k->lights)
        lights_set(k->lights, LIGHT_OFF, false);
    speaker_close(k->speaker);
    close_started(k);
    wake_close(k->wake); /* after the device threads have stopped */
    ui_close(k->ui);
    scenario_free(k->scenario);
    remove_scratch(k);
    if (k->seeded_db[0])
        unlink(k->seeded_db);
}

/*
 * A scenario that needs its whole run inside one gym day (the demo) starts at the next
 * day's start when the time asked for is too close to the boundary: decisions that hold
 * for a day would otherwise change half-way through.
 */
static void anchor_in_day(struct kiosk *k)
{
    int64_t need_us = scenario_anchor_us(k->scenario);
    if (need_us <= 0)
        return;
    int day_start = k->cfg.rules.day_start_min;
    int64_t day = store_gym_day(k->wall_start_us, day_start);
    int64_t end_us;
    store_gym_day_bounds(day, day_start, NULL, &end_us);
    if (k->wall_start_us + need_us < end_us)
        return;
    k->wall_start_us = end_us;
    fprintf(stderr, "rackside: the run would cross the gym's day boundary: it starts at it\n");
}

/* --demo plays the demo scenario shipped with the assets. 0 ok, 2 the file is wrong. */
static int load_scenario(struct kiosk *k)
{
    char path[1024];
    const char *file = k->opt.scenario;
    if (!file) {
        snprintf(path, sizeof path, "%s/scenarios/demo.scenario", k->opt.assets_dir);
        file = path;
    }
    char err[SCENARIO_ERR_MAX];
    k->scenario = scenario_load(file, err);
    if (!k->scenario) {
        fprintf(stderr, "rackside: %s\n", err);
        return 2;
    }
    k->virtual_clock = true;
    k->virtual_us = 0;
    k->real_time_start_us = clock_us(CLOCK_MONOTONIC) - k->mono_start_us;
    int64_t start = scenario_start_wall_us(k->scenario);
    if (start && !k->opt.start_wall_us)
        k->wall_start_us = start;
    anchor_in_day(k);
    return 0;
}

/* Production is asked for, or implied by a full screen on the console with no desktop. */
static bool production_mode(const struct kiosk_options *opt)
{
    if (opt->production)
        return true;
    const char *driver = SDL_GetCurrentVideoDriver();
    return opt->fullscreen && driver && SDL_strcasecmp(driver, "KMSDRM") == 0;
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
    k->wall_start_us = opt->start_wall_us ? opt->start_wall_us : clock_us(CLOCK_REALTIME);
    k->drawn_screen = -1;
    k->notify = notify_open_env();
    k->logged_screen = -1;
    if (opt->scenario || opt->demo) {
        code = load_scenario(k);
        if (code != 0)
            goto out;
        code = 1;
    }

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
    if (!(k->wake = wake_open())) {
        fprintf(stderr, "rackside: cannot make the frame loop's wake-up: %s\n", strerror(errno));
        goto out;
    }
    k->production = production_mode(opt);
    if (k->production)
        signal(SIGINT, SIG_IGN); /* only the service (SIGTERM) stops a production kiosk */
    if (opt->screenshot_dir)
        ui_keep_frames(k->ui, true);
    char derr[STORE_ERR_MAX];
    if (opt->screenshot_dir && store_make_data_dir(opt->screenshot_dir, derr) != 0) {
        fprintf(stderr, "rackside: screenshots: %s\n", derr);
        goto out;
    }
    int rc = start(k, 0);
    if (rc == -2)
        goto out;
    if (rc == -1 && !k->production) {
        fprintf(stderr, "rackside: %s: %s\n", k->fault.what, k->fault.where);
        goto out;
    }
    k->next_try_us = kiosk_now_us(k) + RETRY_US;
    if (k->virtual_clock && !opt->real_time)
        ui_animate(k->ui, false); /* virtual time: redraw on changes only */
    k->real_time_start_us = clock_us(CLOCK_MONOTONIC) - k->mono_start_us;

    while (!k->quit) {
        if (k->running)
            frame(k);
        else
            fault_frame(k);
    }
    code = k->exit_code;
out:
    close_all(k);
    free(k);
    return code;
}
