/*
 * The sd_notify datagrams: to a path and to an abstract socket, READY=1 once after the
 * first frame, WATCHDOG=1 at a quarter of WATCHDOG_USEC (on the caller's clock) and only
 * for the process WATCHDOG_PID names, STOPPING=1 on close; unusable names are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../app/notify.h"

#define PID 4242

/* A datagram socket the test listens on, bound to a path or an abstract name. */
struct listener {
    int fd;
    char name[108]; /* as NOTIFY_SOCKET says it */
};

static void listen_on(struct listener *l, bool abstract)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    l->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    assert_true(l->fd >= 0);
    socklen_t len;
    if (abstract) {
        snprintf(l->name, sizeof l->name, "@rackside-test-notify-%d", (int)getpid());
        memcpy(a.sun_path, l->name, strlen(l->name));
        a.sun_path[0] = '\0';
        len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(l->name));
    } else {
        snprintf(l->name, sizeof l->name, "/tmp/rackside-notify-%d", (int)getpid());
        unlink(l->name);
        memcpy(a.sun_path, l->name, strlen(l->name) + 1);
        len = sizeof a;
    }
    assert_int_equal(bind(l->fd, (struct sockaddr *)&a, len), 0);
}

static void unlisten(struct listener *l)
{
    close(l->fd);
    if (l->name[0] == '/')
        unlink(l->name);
}

/* The next datagram, or "" when none is waiting. */
static const char *next_message(struct listener *l)
{
    static char buf[256];
    ssize_t n = recv(l->fd, buf, sizeof buf - 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

static void session_messages(bool abstract)
{
    struct listener l;
    listen_on(&l, abstract);
    char err[NOTIFY_ERR_MAX];
    struct notify *n = notify_open(l.name, "2000000", NULL, PID, err);
    assert_non_null(n);
    assert_int_equal(notify_watchdog_interval_us(n), 500000);

    notify_frame(n, false, 0); /* nothing on screen yet: a ping, no READY */
    assert_string_equal(next_message(&l), "WATCHDOG=1");
    assert_string_equal(next_message(&l), "");
    notify_frame(n, true, 10000);
    assert_string_equal(next_message(&l), "READY=1");
    assert_string_equal(next_message(&l), "");
    /* every loop pass calls; a ping goes out once per interval */
    for (int64_t t = 20000; t < 500000; t += 16667)
        notify_frame(n, true, t);
    assert_string_equal(next_message(&l), "");
    notify_frame(n, true, 500000);
    assert_string_equal(next_message(&l), "WATCHDOG=1");
    notify_frame(n, true, 999999);
    assert_string_equal(next_message(&l), "");
    notify_frame(n, true, 1000000);
    assert_string_equal(next_message(&l), "WATCHDOG=1");
    notify_close(n);
    assert_string_equal(next_message(&l), "STOPPING=1");
    unlisten(&l);
}

static void path_socket(void **state)
{
    (void)state;
    session_messages(false);
}

static void abstract_socket(void **state)
{
    (void)state;
    session_messages(true);
}

/* Which environments turn the watchdog on, and how often it is pinged. */
static void watchdog_settings(void **state)
{
    (void)state;
    static const struct {
        const char *usec, *pid;
        int64_t interval_us;
    } cases[] = {
        {"10000000", NULL, 2500000}, /* WatchdogSec=10 */
        {"10000000", "4242", 2500000},
        {"10000000", "4243", 0}, /* meant for another process */
        {"10000000", "x", 0},
        {NULL, NULL, 0},
        {"", NULL, 0},
        {"0", NULL, 0},
        {"-5", NULL, 0},
        {"12abc", NULL, 0},
        {"99999999999999999999999", NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[NOTIFY_ERR_MAX];
        struct notify *n =
            notify_open("@rackside-test-settings", cases[i].usec, cases[i].pid, PID, err);
        assert_non_null(n);
        if (notify_watchdog_interval_us(n) != cases[i].interval_us)
            fail_msg("case %zu: interval %lld, want %lld", i,
                     (long long)notify_watchdog_interval_us(n), (long long)cases[i].interval_us);
        notify_close(n);
    }
}

static void names_refused_or_absent(void **state)
{
    (void)state;
    char err[NOTIFY_ERR_MAX];
    assert_null(notify_open(NULL, "1000", NULL, PID, err));
    assert_string_equal(err, "");
    assert_null(notify_open("", "1000", NULL, PID, err));
    assert_string_equal(err, "");
    assert_null(notify_open("relative/socket", NULL, NULL, PID, err));
    assert_non_null(strstr(err, "neither a path nor an @name"));
    char longname[300];
    memset(longname, 'a', sizeof longname - 1);
    longname[0] = '/';
    longname[sizeof longname - 1] = '\0';
    assert_null(notify_open(longname, NULL, NULL, PID, err));
    assert_non_null(strstr(err, "more than a socket name holds"));
    /* NULL is what the kiosk holds outside systemd: every call accepts it */
    notify_frame(NULL, true, 0);
    assert_int_equal(notify_watchdog_interval_us(NULL), 0);
    notify_close(NULL);
}

/* Nobody listening (systemd gone): the kiosk goes on, READY is tried again. */
static void nobody_listening(void **state)
{
    (void)state;
    char err[NOTIFY_ERR_MAX];
    char name[64];
    snprintf(name, sizeof name, "/tmp/rackside-notify-none-%d", (int)getpid());
    struct notify *n = notify_open(name, "1000000", NULL, PID, err);
    assert_non_null(n);
    notify_frame(n, true, 0);
    struct listener l = {.name = ""};
    snprintf(l.name, sizeof l.name, "%s", name);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    memcpy(a.sun_path, name, strlen(name) + 1);
    l.fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    assert_int_equal(bind(l.fd, (struct sockaddr *)&a, sizeof a), 0);
    notify_frame(n, true, 1);
    assert_string_equal(next_message(&l), "READY=1");
    assert_string_equal(next_message(&l), "WATCHDOG=1");
    notify_close(n);
    unlisten(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(path_socket),       cmocka_unit_test(abstract_socket),
        cmocka_unit_test(watchdog_settings), cmocka_unit_test(names_refused_or_absent),
        cmocka_unit_test(nobody_listening),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
