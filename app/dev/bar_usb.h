/*
 * Bar unit over USB (libusb): finds the unit by the VID/PID in barproto.h, configures
 * it with the vendor control requests (info, rate, ranges, start), keeps several bulk
 * IN transfers in flight and hands the received wire bytes to bar_read() for barlink.
 *
 * A thread of its own runs the device conversation as one state machine
 * (probe -> configure -> stream -> error -> reconnect), so bar_read() never waits on
 * USB: it only drains the bytes that have already arrived. Unplugging, a dead or
 * misbehaving unit and missing permissions make bar_connected() false and leave a
 * one-line message; the port goes back to probing and picks the unit up again when
 * it returns (hotplug events where libusb has them, otherwise a probe every second).
 */
#ifndef BAR_USB_H
#define BAR_USB_H

#include <stdbool.h>
#include <stdint.h>

#include "bar.h"

#define BAR_USB_ERR_MAX 200

/* Setup wanted from the unit: 1 kHz, +-16 g, +-2000 dps (what the kiosk's core expects). */
#define BAR_USB_RATE_HZ     1000u
#define BAR_USB_ACCEL_FS_G  16u
#define BAR_USB_GYRO_FS_DPS 2000u

enum bar_usb_state {
    BAR_USB_PROBE,     /* looking for the unit */
    BAR_USB_CONFIGURE, /* open, claim, info, rate, ranges, start, submit transfers */
    BAR_USB_STREAM,    /* bulk transfers in flight, bytes flowing */
    BAR_USB_ERROR,     /* cancelling transfers, releasing the unit */
    BAR_USB_RECONNECT, /* waiting for the unit to come back (hotplug or retry timer) */
};

struct bar_usb_stats {
    enum bar_usb_state state;
    uint64_t bytes_in;      /* received from the unit */
    uint64_t bytes_dropped; /* oldest bytes lost because nobody read them in time */
    uint32_t connects;      /* times the unit reached STREAM */
    uint32_t faults;        /* times STREAM or CONFIGURE ended in ERROR */
    int transfers_in_flight;
    bool hotplug; /* libusb reports hotplug events on this system */
};

/*
 * Starts the port. Succeeds with no unit plugged in (bar_connected() stays false until
 * one appears); returns NULL with a message in err only when libusb itself cannot
 * start or memory runs out. Close with bar_close().
 */
struct bar *bar_usb_open(char err[BAR_USB_ERR_MAX]);

/*
 * fn(ctx) is called from the port's thread whenever bytes arrive or the unit comes or
 * goes, so the frame loop can sleep instead of polling. It must be thread-safe and quick.
 */
typedef void (*bar_usb_wake_fn)(void *ctx);
void bar_usb_set_wake(struct bar *b, bar_usb_wake_fn fn, void *ctx);

/*
 * The latest one-line status (what, where, what to do), empty while streaming without
 * trouble. Returns true when it changed since the previous call.
 */
bool bar_usb_message(struct bar *b, char out[BAR_USB_ERR_MAX]);

void bar_usb_stats(struct bar *b, struct bar_usb_stats *out);

const char *bar_usb_state_str(enum bar_usb_state state);

#endif
