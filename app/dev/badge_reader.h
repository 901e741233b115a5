/*
 * Badge reader port: key events from a keyboard-wedge reader (evdev on the Pi, keys
 * in simulation).
 */
#ifndef BADGE_READER_H
#define BADGE_READER_H

#include <stdint.h>

struct key_event {
    int64_t t_us;
    uint16_t code; /* Linux KEY_* */
    int32_t value; /* 1 press, 0 release, 2 repeat */
};

struct badge_reader {
    const char *name;
    /* Events up to now_us, oldest first; returns how many, -1 on error. */
    int (*poll)(struct badge_reader *r, int64_t now_us, struct key_event *out, int max);
    void (*close)(struct badge_reader *r);
};

static inline int badge_reader_poll(struct badge_reader *r, int64_t now_us, struct key_event *out,
                                    int max)
{
    return r->poll(r, now_us, out, max);
}

static inline void badge_reader_close(struct badge_reader *r)
{
    if (r)
        r->close(r);
}

/* Simulated reader: types a UID and Enter the way a wedge reader does (a few ms a key). */
struct badge_sim;
struct badge_sim *badge_sim_new(void);
struct badge_reader *badge_sim_port(struct badge_sim *sim);
void badge_sim_tap(struct badge_sim *sim, const char *uid, int64_t t_us);
/* Fault injection: a read cut off half-way (no Enter). */
void badge_sim_tap_partial(struct badge_sim *sim, const char *uid, int64_t t_us);

#endif
