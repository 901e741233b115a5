#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <libevdev/libevdev.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "badge_evdev.h"

#define BADGE_EVDEV_PATH_MAX 256
#define KEY_AUTOREPEAT       2
#define KEY_RELEASED         0
#define NEVER_US             INT64_MIN
#define BY_ID_SUFFIX         "-event-kbd"
#define BY_ID_LINKS_MAX      64

struct badge_evdev {
    struct badge_reader port;              /* first, so the port converts back */
    char cfg_path[BADGE_EVDEV_PATH_MAX];   /* "" when searched for by name */
    char name_match[BADGE_EVDEV_PATH_MAX]; /* "" matches any keyboard */
    char path[BADGE_EVDEV_PATH_MAX];       /* what is open, or was last */
    int fd;                                /* -1 while lost */
    struct libevdev *dev;
    clockid_t clock; /* the clock the kernel stamps events with */
    bool grabbed;
    bool syncing; /* resyncing after SYN_DROPPED */
    int64_t last_t_us;
    int64_t next_check_us; /* reopen attempt or presence check, on the caller's clock */
    char status[BADGE_EVDEV_ERR_MAX];
    char reported[BADGE_EVDEV_ERR_MAX]; /* last status poll returned -1 for */
};

enum open_result {
    OPEN_OK,
    OPEN_ABSENT, /* not there (yet): what a lost reader waits out quietly */
    OPEN_RETRY,  /* there but unusable now, e.g. no permission */
    OPEN_UNFIT,  /* never a badge reader */
};

static int64_t clock_now_us(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* One line in status; a path too long for it is cut, not overrun. */
__attribute__((format(printf, 2, 3))) static void set_status(struct badge_evdev *b, const char *fmt,
                                                             ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->status, sizeof(b->status), fmt, ap);
    va_end(ap);
}

int64_t badge_evdev_map_time_us(int64_t ev_us, int64_t src_now_us, int64_t now_us)
{
    int64_t age_us = src_now_us - ev_us;
    if (age_us < 0 || age_us > BADGE_EVDEV_EVENT_AGE_MAX_US)
        return now_us;
    return now_us - age_us;
}

/* A badge reader types digits and Enter; anything without them cannot send a UID. */
static bool types_badges(const struct libevdev *dev)
{
    static const unsigned int digits[] = {KEY_0, KEY_1, KEY_2, KEY_3, KEY_4,
                                          KEY_5, KEY_6, KEY_7, KEY_8, KEY_9};
    if (!libevdev_has_event_type(dev, EV_KEY) || !libevdev_has_event_code(dev, EV_KEY, KEY_ENTER))
        return false;
    for (size_t i = 0; i < sizeof(digits) / sizeof(digits[0]); i++)
        if (!libevdev_has_event_code(dev, EV_KEY, digits[i]))
            return false;
    return true;
}

static void release(struct badge_evdev *b)
{
    if (b->dev) {
        if (b->grabbed)
            libevdev_grab(b->dev, LIBEVDEV_UNGRAB);
        libevdev_free(b->dev);
    }
    if (b->fd >= 0)
        close(b->fd);
    b->dev = NULL;
    b->fd = -1;
    b->grabbed = false;
    b->syncing = false;
}

/* A /dev/input/by-id link names its node by the node's file name (udev makes "../eventN");
 * opening /dev/input/eventN also suits emulators that point the link elsewhere. */
static const char *node_of(const char *path, char node[BADGE_EVDEV_PATH_MAX])
{
    char target[BADGE_EVDEV_PATH_MAX];
    ssize_t len = readlink(path, target, sizeof(target) - 1);
    if (len <= 0)
        return path;
    target[len] = '\0';
    const char *name = strrchr(target, '/');
    name = name ? name + 1 : target;
    if (strncmp(name, "event", strlen("event")) != 0)
        return path;
    int len_node = snprintf(node, BADGE_EVDEV_PATH_MAX, "/dev/input/%s", name);
    return len_node < BADGE_EVDEV_PATH_MAX ? node : path;
}

/* Opens one node and checks it is a keyboard; status says why not. */
static enum open_result open_node(struct badge_evdev *b, const char *path)
{
    char node[BADGE_EVDEV_PATH_MAX];
    snprintf(b->path, sizeof(b->path), "%s", path);
    b->fd = open(node_of(path, node), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (b->fd < 0) {
        int e = errno;
        set_status(b, "badge reader %s: %s (%s)", path,
                   e == ENOENT || e == ENODEV || e == ENXIO ? "not plugged in"
                   : e == EACCES || e == EPERM              ? "no permission to read it; add the "
                                                              "kiosk user to the input group"
                                                            : "cannot open it",
                   strerror(e));
        return e == ENOENT || e == ENODEV || e == ENXIO ? OPEN_ABSENT : OPEN_RETRY;
    }
    int rc = libevdev_new_from_fd(b->fd, &b->dev);
    if (rc < 0) {
        set_status(b, "badge reader %s: not an input device (%s)", path, strerror(-rc));
        b->dev = NULL;
        release(b);
        return OPEN_UNFIT;
    }
    if (!types_badges(b->dev)) {
        set_status(b, "badge reader %s: not a keyboard (no digit keys)", path);
        release(b);
        return OPEN_UNFIT;
    }
    return OPEN_OK;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_keyboard_link(const char *name)
{
    size_t len = strlen(name), suffix = strlen(BY_ID_SUFFIX);
    return len > suffix && strcmp(name + len - suffix, BY_ID_SUFFIX) == 0;
}

/* The first by-id keyboard, in name order, whose device name contains name_match and
 * that types badges. */
static enum open_result open_by_name(struct badge_evdev *b)
{
    char *names[BY_ID_LINKS_MAX];
    size_t n = 0;
    DIR *dir = opendir(BADGE_EVDEV_BY_ID_DIR);
    for (struct dirent *e; dir && n < BY_ID_LINKS_MAX && (e = readdir(dir));)
        if (is_keyboard_link(e->d_name) && (names[n] = strdup(e->d_name)))
            n++;
    if (dir)
        closedir(dir);
    qsort(names, n, sizeof(names[0]), by_name);

    bool found = false;
    for (size_t i = 0; i < n && !found; i++) {
        char path[BADGE_EVDEV_PATH_MAX];
        snprintf(path, sizeof(path), "%s/%s", BADGE_EVDEV_BY_ID_DIR, names[i]);
        if (open_node(b, path) != OPEN_OK)
            continue;
        found = !b->name_match[0] || strstr(libevdev_get_name(b->dev), b->name_match);
        if (!found)
            release(b);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    if (found)
        return OPEN_OK;

    snprintf(b->path, sizeof(b->path), "%s/*%s", BADGE_EVDEV_BY_ID_DIR, BY_ID_SUFFIX);
    if (b->name_match[0])
        set_status(b,
                   "badge reader: no keyboard in %s named like \"%s\"; plug the reader in or "
                   "set [badge] device",
                   BADGE_EVDEV_BY_ID_DIR, b->name_match);
    else
        set_status(b, "badge reader: no keyboard in %s; plug the reader in or set [badge] device",
                   BADGE_EVDEV_BY_ID_DIR);
    return OPEN_ABSENT;
}

/* Opens the reader, takes the grab and the monotonic clock; a failed grab or clock
 * setting is a warning in status, not a failure. */
static enum open_result reader_open(struct badge_evdev *b)
{
    b->status[0] = '\0';
    enum open_result r = b->cfg_path[0] ? open_node(b, b->cfg_path) : open_by_name(b);
    if (r != OPEN_OK)
        return r;

    b->clock = CLOCK_REALTIME; /* what evdev stamps with until told otherwise */
    if (libevdev_set_clock_id(b->dev, CLOCK_MONOTONIC) == 0)
        b->clock = CLOCK_MONOTONIC;

    int rc = libevdev_grab(b->dev, LIBEVDEV_GRAB);
    b->grabbed = rc == 0;
    if (!b->grabbed)
        set_status(b,
                   "badge reader %s: not held exclusively (%s): another program also gets the "
                   "badge keystrokes; stop it",
                   b->path, strerror(-rc));
    b->reported[0] = '\0';
    return OPEN_OK;
}

static void lose(struct badge_evdev *b, const char *why, int64_t now_us)
{
    set_status(b, "badge reader %s: %s; waiting for it to come back", b->path, why);
    release(b);
    b->next_check_us = now_us + BADGE_EVDEV_REOPEN_US;
}

/* -1 tells the caller about a problem once; while it lasts unchanged, poll returns 0. */
static int report(struct badge_evdev *b)
{
    if (strcmp(b->status, b->reported) == 0)
        return 0;
    snprintf(b->reported, sizeof(b->reported), "%s", b->status);
    return -1;
}

/* When lost: tries the path again, at most once per BADGE_EVDEV_REOPEN_US; a reader
 * still absent keeps the message that said so. When open: checks as often that the node
 * still exists, for drivers and emulators that leave an open fd silent instead of
 * failing it with ENODEV. */
static int check(struct badge_evdev *b, int64_t now_us)
{
    if (b->next_check_us == NEVER_US || now_us >= b->next_check_us) {
        b->next_check_us = now_us + BADGE_EVDEV_REOPEN_US;
        struct stat st;
        if (b->fd < 0) {
            char before[BADGE_EVDEV_ERR_MAX];
            memcpy(before, b->status, sizeof(before));
            if (reader_open(b) == OPEN_ABSENT && before[0])
                memcpy(b->status, before, sizeof(before));
        } else if (stat(b->path, &st) != 0) {
            lose(b, "unplugged", now_us);
        }
    }
    return b->fd >= 0 ? 0 : report(b);
}

static void emit(struct badge_evdev *b, struct key_event *out, int *n, int64_t t_us, uint16_t code,
                 int32_t value)
{
    if (t_us < b->last_t_us)
        t_us = b->last_t_us; /* keys stay in order whatever the stamps say */
    b->last_t_us = t_us;
    out[(*n)++] = (struct key_event){.t_us = t_us, .code = code, .value = value};
}

static int64_t event_us(const struct input_event *ev)
{
    return (int64_t)ev->input_event_sec * 1000000 + ev->input_event_usec;
}

static int reader_poll(struct badge_reader *r, int64_t now_us, struct key_event *out, int max)
{
    struct badge_evdev *b = (struct badge_evdev *)r;
    if (check(b, now_us) < 0)
        return -1;
    if (b->fd < 0)
        return 0;

    struct pollfd p = {.fd = b->fd, .events = POLLIN};
    if (poll(&p, 1, 0) > 0 && (p.revents & (POLLERR | POLLHUP | POLLNVAL))) {
        lose(b, "unplugged", now_us);
        return report(b);
    }

    int64_t src_now_us = clock_now_us(b->clock);
    int n = 0;
    while (n < max) {
        struct input_event ev;
        int flag = b->syncing ? LIBEVDEV_READ_FLAG_SYNC : LIBEVDEV_READ_FLAG_NORMAL;
        int rc = libevdev_next_event(b->dev, flag, &ev);
        if (rc == -EAGAIN) {
            if (!b->syncing)
                break;
            b->syncing = false;
            continue;
        }
        if (rc < 0) {
            lose(b, rc == -ENODEV ? "unplugged" : strerror(-rc), now_us);
            return n > 0 ? n : report(b);
        }
        int64_t t_us = badge_evdev_map_time_us(event_us(&ev), src_now_us, now_us);
        if (rc == LIBEVDEV_READ_STATUS_SYNC && !b->syncing) {
            /* SYN_DROPPED: keys were lost, so whatever badge was being typed is broken */
            b->syncing = true;
            emit(b, out, &n, t_us, KEY_UNKNOWN, KEY_AUTOREPEAT);
        } else if (ev.type == EV_KEY && (!b->syncing || ev.value == KEY_RELEASED)) {
            /* while resyncing only releases count: a key "now down" was never typed */
            emit(b, out, &n, t_us, ev.code, ev.value);
        }
    }
    return n;
}

static void reader_close(struct badge_reader *r)
{
    struct badge_evdev *b = (struct badge_evdev *)r;
    if (!b)
        return;
    release(b);
    free(b);
}

struct badge_reader *badge_evdev_open(const char *path, const char *name_match,
                                      char err[BADGE_EVDEV_ERR_MAX])
{
    err[0] = '\0';
    struct badge_evdev *b = calloc(1, sizeof(*b));
    if (!b) {
        snprintf(err, BADGE_EVDEV_ERR_MAX, "badge reader: out of memory");
        return NULL;
    }
    b->port =
        (struct badge_reader){.name = "badge-evdev", .poll = reader_poll, .close = reader_close};
    snprintf(b->cfg_path, sizeof(b->cfg_path), "%s", path ? path : "");
    snprintf(b->name_match, sizeof(b->name_match), "%s", name_match ? name_match : "");
    b->fd = -1;
    b->last_t_us = INT64_MIN;
    b->next_check_us = NEVER_US; /* the first poll checks or retries at once */

    enum open_result r = reader_open(b);
    snprintf(err, BADGE_EVDEV_ERR_MAX, "%s", b->status);
    if (r == OPEN_UNFIT) {
        free(b);
        return NULL;
    }
    snprintf(b->reported, sizeof(b->reported), "%s", b->status); /* the caller has it */
    return &b->port;
}

bool badge_evdev_connected(const struct badge_reader *r)
{
    return ((const struct badge_evdev *)r)->fd >= 0;
}

bool badge_evdev_grabbed(const struct badge_reader *r)
{
    return ((const struct badge_evdev *)r)->grabbed;
}

const char *badge_evdev_status(const struct badge_reader *r)
{
    return ((const struct badge_evdev *)r)->status;
}
