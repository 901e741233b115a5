/*
 * Telling systemd how the kiosk is doing, by the sd_notify(3) datagram protocol:
 * "READY=1" once the first frame is on the screen, "WATCHDOG=1" from the frame loop so
 * that a loop that stops is restarted (WatchdogSec=), "STOPPING=1" on the way out.
 * Each message is one datagram to the AF_UNIX socket named by $NOTIFY_SOCKET (a path,
 * or an abstract name written with a leading '@'). Outside systemd there is no such
 * socket: notify_open_env returns NULL and every call below accepts NULL.
 */
#ifndef NOTIFY_H
#define NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#define NOTIFY_ERR_MAX 160

struct notify;

/*
 * Opens the socket named by socket_name. watchdog_usec and watchdog_pid are the values
 * of $WATCHDOG_USEC and $WATCHDOG_PID (NULL when unset): pings are sent only when the
 * watchdog is on and meant for this process (pid). Returns NULL with err[0] == '\0'
 * when socket_name is NULL or empty, NULL with a message in err when it is unusable.
 */
struct notify *notify_open(const char *socket_name, const char *watchdog_usec,
                           const char *watchdog_pid, long pid, char err[NOTIFY_ERR_MAX]);

/* notify_open with this process's environment; an unusable socket is logged. */
struct notify *notify_open_env(void);

/* How often the watchdog is pinged: a quarter of WatchdogSec, 0 when it is off. */
int64_t notify_watchdog_interval_us(const struct notify *n);

/*
 * Called once per pass of the frame loop at monotonic time now_us: sends READY=1 the
 * first time frame_shown is true, and WATCHDOG=1 when a ping interval has passed since
 * the last one.
 */
void notify_frame(struct notify *n, bool frame_shown, int64_t now_us);

/* Sends STOPPING=1 and closes the socket. */
void notify_close(struct notify *n);

#endif
