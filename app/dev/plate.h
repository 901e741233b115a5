/*
 * Plate port: where raw HX711 samples come from. The hardware port (two HX711s over
 * libgpiod) and the simulator both fill this interface; everything above it is the
 * code that runs on the Pi.
 */
#ifndef PLATE_H
#define PLATE_H

#include <stdint.h>

#include "../core/load.h"

struct plate {
    const char *name;
    /* Samples taken up to now_us, oldest first; returns how many (0..max), -1 on error. */
    int (*poll)(struct plate *p, int64_t now_us, struct plate_sample *out, int max);
    void (*close)(struct plate *p);
};

static inline int plate_poll(struct plate *p, int64_t now_us, struct plate_sample *out, int max)
{
    return p->poll(p, now_us, out, max);
}

static inline void plate_close(struct plate *p)
{
    if (p)
        p->close(p);
}

#endif
