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

/* Times the loop woke from a sleep, and of those, by a device thread. */
uint64_t wake_count(const struct wake *w);
uint64_t wake_device_count(const struct wake *w);

#endif
