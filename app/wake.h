/*
 * How the kiosk's frame loop sleeps: until its next deadline, input, or a device thread
 * saying it has data. No polling: on a desktop (X11, Wayland) SDL itself blocks and a
 * device's wake-up is an SDL user event; where SDL 2.26 cannot block (KMSDRM, offscreen,
 * dummy: its wait turns into a 1 ms spin) the loop sleeps in poll() on an eventfd the
 * device threads write and, on KMSDRM, on the input devices' own fds, then lets SDL
 * read them.
 */
#ifndef WAKE_H
#define WAKE_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

struct wake;

/* For the current SDL video driver; NULL when out of memory or descriptors. */
struct wake *wake_open(void);
void wake_close(struct wake *w);

/* From any thread: the frame loop should run now. Cheap when a wake-up is pending. */
void wake_signal(void *w);

/*
 * Waits up to timeout_ms (0: only looks) for an SDL event or a wake-up; true with *ev
 * filled when an SDL event is there. Counts the times it returned after sleeping.
 */
bool wake_wait(struct wake *w, int timeout_ms, SDL_Event *ev);

/*
 * What decides how long the frame loop may sleep, on the kiosk's clock. The simulators
 * have no threads (their data is made when read), so their next change is a deadline
 * here; a real device's thread wakes the loop with wake_signal instead.
 */
struct wake_due {
    int64_t now_us;
    int64_t redraw_us;     /* the screen's next animation frame or timer second */
    bool bar_sim;          /* the bar unit is simulated */
    bool in_set;           /* the set screen is up: any bar frame may close a phase or rep */
    bool bar_moving;       /* the simulated bar is in a movement (a rep, unrack, rerack) */
    int64_t bar_frame_us;  /* when the simulated bar's next frame is complete */
    bool plate_sim_loaded; /* someone stands on the simulated plate: its readings change */
};

/* The longest sleep: session timeouts and the badge reader's polling are within it. */
#define WAKE_IDLE_MAX_US 250000
/* A simulated frame due now or past is read a millisecond on: never a spin. */
#define WAKE_SIM_MIN_US 1000
/* Someone on the simulated plate: read it this often. */
#define WAKE_SIM_PLATE_US 100000

/* When the loop must run next (may be <= now_us: run now). */
int64_t wake_deadline_us(const struct wake_due *d);
/* The sleep to reach deadline_us from now_us in whole milliseconds, rounded up; 0 when due. */
int wake_timeout_ms(int64_t now_us, int64_t deadline_us);

/* Times the loop woke from a sleep, and of those, by a device thread. */
uint64_t wake_count(const struct wake *w);
uint64_t wake_device_count(const struct wake *w);

#endif
