/*
 * Sleeping until something happens. A device thread's wake-up is coalesced: while one
 * is pending, further ones cost an atomic exchange and nothing else.
 */
#include "wake.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define INPUT_FDS_MAX 16
#define INPUT_DIR     "/dev/input"
#define DRAIN_BYTES   1024
/* KMSDRM with no input device of its own to watch (none readable): input is read at this
 * bounded rate instead, never with SDL's 1 ms spin */
#define BLIND_INPUT_MS 20

struct wake {
    bool sdl_blocks;   /* the video driver has a real blocking wait */
    Uint32 user_event; /* what a wake-up looks like there */
    int efd;           /* otherwise: device threads write here */
    int input_fd[INPUT_FDS_MAX];
    int n_input;
    bool kms; /* SDL reads input itself from /dev/input */
    atomic_bool pending;
    atomic_bool woken_by_device;
    uint64_t wakes, device_wakes;
};

static bool driver_blocks(void)
{
    const char *d = SDL_GetCurrentVideoDriver();
    return d && (strcasecmp(d, "x11") == 0 || strcasecmp(d, "wayland") == 0);
}

/*
 * KMSDRM: SDL reads the touchscreen from /dev/input/event*. The same nodes opened here
 * (read only, no grab: SDL still gets every event) say when there is input to read.
 */
static void open_inputs(struct wake *w)
{
    const char *d = SDL_GetCurrentVideoDriver();
    if (!d || strcasecmp(d, "KMSDRM") != 0)
        return;
    w->kms = true;
    DIR *dir = opendir(INPUT_DIR);
    if (!dir)
        return;
    struct dirent *e;
    while ((e = readdir(dir)) && w->n_input < INPUT_FDS_MAX) {
        if (strncmp(e->d_name, "event", 5) != 0)
            continue;
        char path[300];
        snprintf(path, sizeof path, "%s/%s", INPUT_DIR, e->d_name);
        int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0)
            w->input_fd[w->n_input++] = fd;
    }
    closedir(dir);
}

struct wake *wake_open(void)
{
    struct wake *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->efd = -1;
    w->sdl_blocks = driver_blocks();
    if (w->sdl_blocks) {
        w->user_event = SDL_RegisterEvents(1);
        if (w->user_event == (Uint32)-1)
            w->sdl_blocks = false;
    }
    if (!w->sdl_blocks) {
        w->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (w->efd < 0) {
            free(w);
            return NULL;
        }
        open_inputs(w);
    }
    return w;
}

void wake_close(struct wake *w)
{
    if (!w)
        return;
    if (w->efd >= 0)
        close(w->efd);
    for (int i = 0; i < w->n_input; i++)
        close(w->input_fd[i]);
    free(w);
}

void wake_signal(void *ctx)
{
    struct wake *w = ctx;
    if (!w || atomic_exchange(&w->pending, true))
        return;
    atomic_store(&w->woken_by_device, true);
    if (w->sdl_blocks) {
        SDL_Event ev = {.type = w->user_event};
        SDL_PushEvent(&ev);
    } else {
        uint64_t one = 1;
        ssize_t r = write(w->efd, &one, sizeof one);
        (void)r; /* full counter: a wake-up is pending anyway */
    }
}

/* Reads what made poll() return, so the next poll sleeps again. */
static void drain(int fd)
{
    uint8_t buf[DRAIN_BYTES];
    while (read(fd, buf, sizeof buf) > 0)
        ;
}

static void sleep_poll(struct wake *w, int timeout_ms)
{
    struct pollfd fds[1 + INPUT_FDS_MAX];
    int n = 0;
    fds[n++] = (struct pollfd){.fd = w->efd, .events = POLLIN};
    for (int i = 0; i < w->n_input; i++)
        fds[n++] = (struct pollfd){.fd = w->input_fd[i], .events = POLLIN};
    if (w->kms && w->n_input == 0 && timeout_ms > BLIND_INPUT_MS)
        timeout_ms = BLIND_INPUT_MS;
    int r = poll(fds, (nfds_t)n, timeout_ms);
    if (r <= 0)
        return;
    for (int i = 0; i < n; i++)
        if (fds[i].revents & POLLIN)
            drain(fds[i].fd);
}

bool wake_wait(struct wake *w, int timeout_ms, SDL_Event *ev)
{
    /* cleared before the devices are read: data that arrives after is a new wake-up (a
     * wake-up already queued only costs one extra pass) */
    atomic_store(&w->pending, false);
    if (SDL_PollEvent(ev))
        return true;
    if (timeout_ms <= 0)
        return false;
    bool got = false;
    if (w->sdl_blocks)
        got = SDL_WaitEventTimeout(ev, timeout_ms) != 0;
    else
        sleep_poll(w, timeout_ms);
    w->wakes++;
    if (atomic_exchange(&w->woken_by_device, false))
        w->device_wakes++;
    return got || SDL_PollEvent(ev);
}

int64_t wake_deadline_us(const struct wake_due *d)
{
    int64_t until = d->now_us + WAKE_IDLE_MAX_US;
    if (d->redraw_us < until)
        until = d->redraw_us;
    /* During a set the simulated bar is read at each of its frames, as the USB thread
     * wakes the loop for a real unit's: the rep detector decides from the quiet samples
     * after a movement too (a rep closes once the bar rests), and sleeping to the next
     * redraw held those decisions up to WAKE_IDLE_MAX_US. Outside a set only a movement
     * (unrack, rerack) needs it; a still bar on the attract screen must not wake it. */
    if (d->bar_sim && (d->in_set || d->bar_moving)) {
        /* never sooner than WAKE_SIM_MIN_US from now: a sample the model takes a little
         * late must not turn the wait into a spin */
        int64_t frame_us = d->bar_frame_us;
        if (frame_us < d->now_us + WAKE_SIM_MIN_US)
            frame_us = d->now_us + WAKE_SIM_MIN_US;
        if (frame_us < until)
            until = frame_us;
    }
    if (d->plate_sim_loaded && d->now_us + WAKE_SIM_PLATE_US < until)
        until = d->now_us + WAKE_SIM_PLATE_US;
    return until;
}

int wake_timeout_ms(int64_t now_us, int64_t deadline_us)
{
    if (deadline_us <= now_us)
        return 0;
    int64_t us = deadline_us - now_us;
    if (us / 1000 >= INT_MAX)
        return INT_MAX;
    return (int)((us + 999) / 1000);
}

uint64_t wake_count(const struct wake *w)
{
    return w ? w->wakes : 0;
}

uint64_t wake_device_count(const struct wake *w)
{
    return w ? w->device_wakes : 0;
}
