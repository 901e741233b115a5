#include "notify.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* Ping four times per WatchdogSec, so a late frame or two never trips it. */
#define WATCHDOG_PINGS_PER_PERIOD 4

struct notify {
    int fd;
    struct sockaddr_un addr;
    socklen_t addr_len;
    int64_t watchdog_interval_us; /* 0: no watchdog */
    int64_t last_ping_us;
    bool pinged;
    bool ready_sent;
};

static bool parse_positive(const char *s, long long *out)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0)
        return false;
    *out = v;
    return true;
}

/* A path ("/run/systemd/notify") or an abstract name ("@name": a leading NUL byte). */
static int set_address(struct notify *n, const char *name, char err[NOTIFY_ERR_MAX])
{
    size_t len = strlen(name);
    if (name[0] != '/' && name[0] != '@') {
        snprintf(err, NOTIFY_ERR_MAX, "NOTIFY_SOCKET '%.100s' is neither a path nor an @name",
                 name);
        return -1;
    }
    if (len >= sizeof n->addr.sun_path) {
        snprintf(err, NOTIFY_ERR_MAX,
                 "NOTIFY_SOCKET is %zu bytes long, more than a socket name holds", len);
        return -1;
    }
    n->addr.sun_family = AF_UNIX;
    memcpy(n->addr.sun_path, name, len);
    if (name[0] == '@')
        n->addr.sun_path[0] = '\0'; /* the name's length is in addr_len, not a terminator */
    n->addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
    return 0;
}

struct notify *notify_open(const char *socket_name, const char *watchdog_usec,
                           const char *watchdog_pid, long pid, char err[NOTIFY_ERR_MAX])
{
    err[0] = '\0';
    if (!socket_name || !*socket_name)
        return NULL;
    struct notify *n = calloc(1, sizeof *n);
    if (!n) {
        snprintf(err, NOTIFY_ERR_MAX, "out of memory");
        return NULL;
    }
    if (set_address(n, socket_name, err) != 0) {
        free(n);
        return NULL;
    }
    n->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (n->fd < 0) {
        snprintf(err, NOTIFY_ERR_MAX, "NOTIFY_SOCKET: %s", strerror(errno));
        free(n);
        return NULL;
    }
    long long usec, for_pid;
    bool ours = !watchdog_pid || (parse_positive(watchdog_pid, &for_pid) && for_pid == pid);
    if (ours && parse_positive(watchdog_usec, &usec))
        n->watchdog_interval_us = usec / WATCHDOG_PINGS_PER_PERIOD;
    return n;
}

struct notify *notify_open_env(void)
{
    char err[NOTIFY_ERR_MAX];
    struct notify *n = notify_open(getenv("NOTIFY_SOCKET"), getenv("WATCHDOG_USEC"),
                                   getenv("WATCHDOG_PID"), (long)getpid(), err);
    if (!n && err[0])
        fprintf(stderr, "rackside: not telling systemd how the kiosk is: %s\n", err);
    return n;
}

int64_t notify_watchdog_interval_us(const struct notify *n)
{
    return n ? n->watchdog_interval_us : 0;
}

/* One datagram; never blocks the frame loop (a full socket drops this message). */
static bool send_message(struct notify *n, const char *msg)
{
    ssize_t sent = sendto(n->fd, msg, strlen(msg), MSG_NOSIGNAL | MSG_DONTWAIT,
                          (const struct sockaddr *)&n->addr, n->addr_len);
    return sent == (ssize_t)strlen(msg);
}

void notify_frame(struct notify *n, bool frame_shown, int64_t now_us)
{
    if (!n)
        return;
    if (frame_shown && !n->ready_sent)
        n->ready_sent = send_message(n, "READY=1");
    if (n->watchdog_interval_us <= 0)
        return;
    if (n->pinged && now_us - n->last_ping_us < n->watchdog_interval_us)
        return;
    if (send_message(n, "WATCHDOG=1")) {
        n->pinged = true;
        n->last_ping_us = now_us;
    }
}

void notify_close(struct notify *n)
{
    if (!n)
        return;
    send_message(n, "STOPPING=1");
    close(n->fd);
    free(n);
}
