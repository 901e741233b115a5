/*
 * Bar unit port: where the wire-format bytes come from. The hardware port (libusb bulk
 * IN) and the simulator both fill this interface.
 */
#ifndef BAR_H
#define BAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bar {
    const char *name;
    /* Bytes received up to now_us; returns how many (0..cap), -1 on error. */
    int (*read)(struct bar *b, int64_t now_us, uint8_t *buf, size_t cap);
    bool (*connected)(struct bar *b);
    /* The connected unit's serial number into out ("" when it has none to give). */
    void (*unit)(struct bar *b, char *out, size_t cap);
    void (*close)(struct bar *b);
};

static inline int bar_read(struct bar *b, int64_t now_us, uint8_t *buf, size_t cap)
{
    return b->read(b, now_us, buf, cap);
}

static inline bool bar_connected(struct bar *b)
{
    return b->connected(b);
}

static inline void bar_unit(struct bar *b, char *out, size_t cap)
{
    if (cap == 0)
        return;
    out[0] = '\0';
    if (b->unit)
        b->unit(b, out, cap);
}

static inline void bar_close(struct bar *b)
{
    if (b)
        b->close(b);
}

#endif
