#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plate_hx711.h"

#define PLATE_HX711_STOP_CHECK_US 50000 /* how long close may wait on a reopen pause */
#define LINE_NAME_MAX             32

static const char *const side_name[PLATE_SIDES] = {"left", "right"};

struct plate_hx711 {
    struct plate port; /* first, so the port converts back */
    struct hx711_config cfg;
    char chip[64], sck[LINE_NAME_MAX], dout[PLATE_SIDES][LINE_NAME_MAX], rate[LINE_NAME_MAX];
    struct plate_hx711_env env;
    pthread_t thread;
    atomic_bool stop;
    atomic_bool realtime;

    /* the reader thread's own */
    struct gpio *gpio;
    struct hx711 *h;
    int bad_run[PLATE_SIDES];                       /* samples in a row the side was not ok */
    enum hx711_side_status side_fault[PLATE_SIDES]; /* reported; HX711_SIDE_OK: none */

    pthread_mutex_t mu; /* guards what follows */
    struct plate_sample ring[PLATE_HX711_RING];
    int tail, count;
    long dropped;
    bool gpio_failed;
    char gpio_err[PLATE_HX711_ERR_MAX];
    char side_msg[PLATE_SIDES][PLATE_HX711_ERR_MAX];
    bool mapped;
    int64_t offset_us;        /* caller's time minus the port's clock */
    plate_hx711_wake_fn wake; /* told of every sample, so the frame loop need not poll */
    void *wake_ctx;
};

static void copy_name(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

/* The lines are kept here, so the caller's strings may go after open. */
static void keep_config(struct plate_hx711 *p, const struct hx711_config *cfg)
{
    copy_name(p->chip, sizeof p->chip, cfg->chip_label);
    copy_name(p->sck, sizeof p->sck, cfg->sck_line);
    copy_name(p->rate, sizeof p->rate, cfg->rate_line);
    for (int side = 0; side < PLATE_SIDES; side++)
        copy_name(p->dout[side], sizeof p->dout[side], cfg->dout_line[side]);
    p->cfg = (struct hx711_config){.chip_label = p->chip,
                                   .sck_line = p->sck,
                                   .dout_line = {p->dout[PLATE_LEFT], p->dout[PLATE_RIGHT]},
                                   .rate_line = p->rate,
                                   .rate_hz = cfg->rate_hz};
}

static int open_device(struct plate_hx711 *p, char err[PLATE_HX711_ERR_MAX])
{
    p->gpio = p->env.open_gpio(p->env.open_ctx, p->chip, err);
    if (!p->gpio)
        return -1;
    p->h = hx711_open(p->gpio, p->env.clock, &p->cfg, err);
    if (!p->h) {
        gpio_close(p->gpio);
        p->gpio = NULL;
        return -1;
    }
    return 0;
}

static void close_device(struct plate_hx711 *p)
{
    hx711_close(p->h);
    gpio_close(p->gpio);
    p->h = NULL;
    p->gpio = NULL;
}

static void set_gpio_state(struct plate_hx711 *p, bool failed, const char *msg)
{
    pthread_mutex_lock(&p->mu);
    bool changed = failed != p->gpio_failed;
    p->gpio_failed = failed;
    if (failed)
        copy_name(p->gpio_err, sizeof p->gpio_err, msg);
    pthread_mutex_unlock(&p->mu);
    if (changed && failed)
        fprintf(stderr, "rackside: plate: %s; retrying every %d s\n", msg,
                PLATE_HX711_REOPEN_US / 1000000);
    else if (changed)
        fprintf(stderr, "rackside: plate: GPIO chip '%s' is back\n", p->chip);
}

/* A side is reported once it has failed for about a second, and again when it is back. */
static void note_sides(struct plate_hx711 *p, const struct plate_sample *s)
{
    int report_after = p->cfg.rate_hz;
    for (int side = 0; side < PLATE_SIDES; side++) {
        enum hx711_side_status st = hx711_side_status(p->h, (enum plate_side)side);
        bool ok = s->ok_mask & (1u << side);
        p->bad_run[side] = ok ? 0 : p->bad_run[side] + 1;
        char msg[PLATE_HX711_ERR_MAX] = "";
        if (ok && p->side_fault[side] != HX711_SIDE_OK) {
            p->side_fault[side] = HX711_SIDE_OK;
            fprintf(stderr, "rackside: plate: %s HX711 answers again\n", side_name[side]);
        } else if (!ok && p->bad_run[side] >= report_after && st != HX711_SIDE_SCK_OVERRUN &&
                   p->side_fault[side] != st) {
            p->side_fault[side] = st;
            snprintf(msg, sizeof msg,
                     st == HX711_SIDE_STUCK_LOW
                         ? "%s HX711: DOUT '%s' on '%s' stays low: check that line for a short"
                         : "%s HX711 not answering on DOUT '%s' ('%s'): check its wiring and "
                           "supply",
                     side_name[side], p->dout[side], p->chip);
            fprintf(stderr, "rackside: plate: %s\n", msg);
        } else {
            continue;
        }
        pthread_mutex_lock(&p->mu);
        copy_name(p->side_msg[side], sizeof p->side_msg[side], msg);
        pthread_mutex_unlock(&p->mu);
    }
}

static void push(struct plate_hx711 *p, const struct plate_sample *s)
{
    pthread_mutex_lock(&p->mu);
    if (p->count == PLATE_HX711_RING) {
        p->tail = (p->tail + 1) % PLATE_HX711_RING;
        p->count--;
        p->dropped++;
    }
    p->ring[(p->tail + p->count) % PLATE_HX711_RING] = *s;
    p->count++;
    plate_hx711_wake_fn wake = p->wake;
    void *wake_ctx = p->wake_ctx;
    pthread_mutex_unlock(&p->mu);
    if (wake)
        wake(wake_ctx);
}

void plate_hx711_set_wake(struct plate *port, plate_hx711_wake_fn fn, void *ctx)
{
    struct plate_hx711 *p = (struct plate_hx711 *)port;
    pthread_mutex_lock(&p->mu);
    p->wake = fn;
    p->wake_ctx = ctx;
    pthread_mutex_unlock(&p->mu);
}

/* Waits before the next reopen, in steps, so close need not wait the whole pause. */
static void reopen_pause(struct plate_hx711 *p)
{
    for (int64_t waited_us = 0; waited_us < PLATE_HX711_REOPEN_US && !atomic_load(&p->stop);
         waited_us += PLATE_HX711_STOP_CHECK_US)
        gpio_wait_us(p->env.clock, PLATE_HX711_STOP_CHECK_US);
}

static void try_realtime(struct plate_hx711 *p)
{
    if (p->env.rt_priority <= 0)
        return;
    struct sched_param sp = {.sched_priority = p->env.rt_priority};
    /* without CAP_SYS_NICE or an RLIMIT_RTPRIO this fails: normal priority then */
    atomic_store(&p->realtime, pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp) == 0);
}

static void *reader(void *arg)
{
    struct plate_hx711 *p = arg;
    try_realtime(p);
    while (!atomic_load(&p->stop)) {
        if (!p->h) {
            char err[PLATE_HX711_ERR_MAX];
            if (open_device(p, err) < 0) {
                set_gpio_state(p, true, err);
                reopen_pause(p);
                continue;
            }
            set_gpio_state(p, false, NULL);
        }
        struct plate_sample s;
        if (hx711_read(p->h, &s, &p->stop) < 0) {
            if (atomic_load(&p->stop))
                break;
            set_gpio_state(p, true, hx711_error(p->h));
            close_device(p);
            continue;
        }
        push(p, &s);
        note_sides(p, &s);
    }
    close_device(p);
    return NULL;
}

static int hx_poll(struct plate *port, int64_t now_us, struct plate_sample *out, int max)
{
    struct plate_hx711 *p = (struct plate_hx711 *)port;
    int64_t clock_us = gpio_now_us(p->env.clock);
    pthread_mutex_lock(&p->mu);
    if (!p->mapped) {
        p->offset_us = now_us - clock_us;
        p->mapped = true;
    }
    int n = 0;
    while (n < max && p->count > 0) {
        struct plate_sample s = p->ring[p->tail];
        s.t_us += p->offset_us;
        if (s.t_us > now_us)
            break;
        out[n++] = s;
        p->tail = (p->tail + 1) % PLATE_HX711_RING;
        p->count--;
    }
    bool failed = p->gpio_failed;
    pthread_mutex_unlock(&p->mu);
    return n == 0 && failed ? -1 : n;
}

static void hx_close(struct plate *port)
{
    struct plate_hx711 *p = (struct plate_hx711 *)port;
    atomic_store(&p->stop, true);
    pthread_join(p->thread, NULL);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

struct plate *plate_hx711_open_env(const struct hx711_config *cfg,
                                   const struct plate_hx711_env *env, char err[PLATE_HX711_ERR_MAX])
{
    struct plate_hx711 *p = calloc(1, sizeof(*p));
    if (!p) {
        snprintf(err, PLATE_HX711_ERR_MAX, "plate: out of memory");
        return NULL;
    }
    p->port = (struct plate){.name = "plate-hx711", .poll = hx_poll, .close = hx_close};
    p->env = *env;
    keep_config(p, cfg);
    pthread_mutex_init(&p->mu, NULL);
    if (open_device(p, err) < 0)
        goto fail;
    int rc = pthread_create(&p->thread, NULL, reader, p);
    if (rc != 0) {
        snprintf(err, PLATE_HX711_ERR_MAX, "plate: cannot start the reader thread: %s",
                 strerror(rc));
        close_device(p);
        goto fail;
    }
    return &p->port;
fail:
    pthread_mutex_destroy(&p->mu);
    free(p);
    return NULL;
}

struct plate *plate_hx711_open(const struct hx711_config *cfg, char err[PLATE_HX711_ERR_MAX])
{
    const struct plate_hx711_env env = {.open_gpio = gpio_open_ctx,
                                        .clock = &gpio_clock_monotonic,
                                        .rt_priority = PLATE_HX711_RT_PRIORITY};
    return plate_hx711_open_env(cfg, &env, err);
}

bool plate_hx711_problem(struct plate *port, char msg[PLATE_HX711_ERR_MAX])
{
    struct plate_hx711 *p = (struct plate_hx711 *)port;
    pthread_mutex_lock(&p->mu);
    const char *what = p->gpio_failed             ? p->gpio_err
                       : *p->side_msg[PLATE_LEFT] ? p->side_msg[PLATE_LEFT]
                                                  : p->side_msg[PLATE_RIGHT];
    copy_name(msg, PLATE_HX711_ERR_MAX, what);
    pthread_mutex_unlock(&p->mu);
    return *msg != '\0';
}

bool plate_hx711_realtime(struct plate *port)
{
    return atomic_load(&((struct plate_hx711 *)port)->realtime);
}

long plate_hx711_dropped(struct plate *port)
{
    struct plate_hx711 *p = (struct plate_hx711 *)port;
    pthread_mutex_lock(&p->mu);
    long n = p->dropped;
    pthread_mutex_unlock(&p->mu);
    return n;
}
