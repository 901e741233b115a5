/*
 * Badge reader on real hardware: a USB keyboard-wedge RFID reader read from its evdev
 * node with libevdev, grabbed so the UID keystrokes reach nothing else. Fills the
 * badge_reader port (badge_reader.h); app/core/badge.h decodes what it yields.
 *
 * - A lost stretch of input (the kernel's SYN_DROPPED) is passed on as one autorepeat
 *   of KEY_UNKNOWN, which the badge decoder rejects as garbled, so half a badge is never
 *   read as a whole one.
 * - Event times are mapped onto the caller's clock (the now_us given to poll).
 * - An unplugged reader makes poll return -1 once; the port then tries to open the path
 *   again at most once a second and carries on when the reader is back.
 */
#ifndef BADGE_EVDEV_H
#define BADGE_EVDEV_H

#include <stdbool.h>
#include <stdint.h>

#include "badge_reader.h"

#define BADGE_EVDEV_ERR_MAX          320
#define BADGE_EVDEV_BY_ID_DIR        "/dev/input/by-id"
#define BADGE_EVDEV_REOPEN_US        1000000 /* between attempts to reopen a lost reader */
#define BADGE_EVDEV_EVENT_AGE_MAX_US 2000000 /* older or future timestamps: another clock */

/*
 * Opens the reader at path (e.g. /dev/input/by-id/usb-...-event-kbd). With no path
 * (NULL or ""), takes the first BADGE_EVDEV_BY_ID_DIR/ *-event-kbd whose device name
 * contains name_match (any, when name_match is NULL or ""), and searches again on
 * every reopen.
 *
 * Returns NULL with err set when the port cannot work: out of memory, or the device is
 * not a keyboard (no digit keys or no Enter). Otherwise returns the port; err is then
 * either "" or a one-line warning: the reader is absent or unreadable (the port keeps
 * trying), or it could not be grabbed (another program holds it; the port reads anyway).
 */
struct badge_reader *badge_evdev_open(const char *path, const char *name_match,
                                      char err[BADGE_EVDEV_ERR_MAX]);

/* The reader is open now. */
bool badge_evdev_connected(const struct badge_reader *r);
/* The reader is open and held exclusively. */
bool badge_evdev_grabbed(const struct badge_reader *r);
/* The last problem in one line ("" when none since the reader was last opened): why
 * poll returned -1, or why the grab failed. */
const char *badge_evdev_status(const struct badge_reader *r);

/*
 * An event stamped ev_us on a clock that reads src_now_us now, on the clock that reads
 * now_us now. A stamp in the future or older than BADGE_EVDEV_EVENT_AGE_MAX_US is not on
 * that clock (a driver or emulator that stamps otherwise): the event counts as arriving
 * at now_us.
 */
int64_t badge_evdev_map_time_us(int64_t ev_us, int64_t src_now_us, int64_t now_us);

#endif
