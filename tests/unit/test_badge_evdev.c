/*
 * The evdev badge reader against the real libevdev, on input devices emulated by
 * umockdev: device descriptions, ioctl answers and evemu event files are in
 * tests/data/badge_evdev (made by make_data.py there). Every read goes through
 * app/core/badge.h's decoder, as in the kiosk.
 *
 * umockdev works by preloading libumockdev-preload, so main() re-runs this program
 * under it. libumockdev is loaded with dlopen: the test build links no GLib.
 */
#include <dlfcn.h>
#include <stdbool.h>
#include <errno.h>
#include <linux/input-event-codes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../app/core/badge.h"
#include "../../app/dev/badge_evdev.h"

#define DATA_DIR     "tests/data/badge_evdev/"
#define READER_NODE  "/dev/input/event5"
#define READER_BY_ID "/dev/input/by-id/usb-RFID_Reader_125kHz-event-kbd"
#define READER_SYSFS                                                                               \
    "/sys/devices/platform/soc/fe980000.usb/usb1/1-1/1-1.2/1-1.2:1.0/0003:FFFF:0035.0002/input/"   \
    "input5"
#define REPLUG_NODE     "/dev/input/event6"
#define MOUSE_NODE      "/dev/input/event7"
#define PRELOAD_LIB     "libumockdev-preload.so.0"
#define POLL_STEP_US    100     /* the caller's clock per poll: far below any key gap */
#define WAIT_REAL_NS    1000000 /* between polls while umockdev replays */
#define WAIT_REAL_MAX_S 10      /* replay that has not arrived by then never will */
#define KEYS_MAX        64
#define QUIET_REAL_S    2 /* no key for this long: a replay is over, even on a busy machine */
#define EPOCH_US        1000000000LL /* the kiosk's clock starts anywhere */

/* ---- libumockdev, loaded at run time ---- */

struct gerror { /* GLib's GError */
    uint32_t domain;
    int code;
    char *message;
};

struct umockdev {
    void *lib, *gobject;
    void *(*testbed_new)(void);
    int (*add_from_file)(void *tb, const char *path, struct gerror **err);
    int (*load_ioctl)(void *tb, const char *dev, const char *path, struct gerror **err);
    int (*load_evemu_events)(void *tb, const char *dev, const char *path, struct gerror **err);
    void (*remove_device)(void *tb, const char *syspath);
    void (*object_unref)(void *obj);
    char *(*root_dir)(void *tb);
    void (*g_free)(void *p);
};

static struct umockdev um;

static int load_umockdev(void)
{
    um.lib = dlopen("libumockdev.so.0", RTLD_NOW);
    um.gobject = dlopen("libgobject-2.0.so.0", RTLD_NOW);
    if (!um.lib || !um.gobject) {
        fprintf(stderr, "test_badge_evdev: %s (install umockdev and libumockdev-dev)\n", dlerror());
        return -1;
    }
    *(void **)&um.testbed_new = dlsym(um.lib, "umockdev_testbed_new");
    *(void **)&um.add_from_file = dlsym(um.lib, "umockdev_testbed_add_from_file");
    *(void **)&um.load_ioctl = dlsym(um.lib, "umockdev_testbed_load_ioctl");
    *(void **)&um.load_evemu_events = dlsym(um.lib, "umockdev_testbed_load_evemu_events");
    *(void **)&um.remove_device = dlsym(um.lib, "umockdev_testbed_remove_device");
    *(void **)&um.object_unref = dlsym(um.gobject, "g_object_unref");
    *(void **)&um.root_dir = dlsym(um.lib, "umockdev_testbed_get_root_dir");
    *(void **)&um.g_free = dlsym(um.gobject, "g_free");
    if (!um.testbed_new || !um.add_from_file || !um.load_ioctl || !um.load_evemu_events ||
        !um.remove_device || !um.object_unref || !um.root_dir || !um.g_free) {
        fprintf(stderr, "test_badge_evdev: libumockdev lacks the testbed API\n");
        return -1;
    }
    return 0;
}

static void check_gerror(int ok, struct gerror *err, const char *what)
{
    if (!ok)
        fail_msg("%s: %s", what, err ? err->message : "failed");
}

/* Adds a device description with its ioctl answers and, if given, events to replay. */
static void plug(void *tb, const char *umockdev, const char *node, const char *ioctl_file,
                 const char *events)
{
    struct gerror *err = NULL;
    check_gerror(um.add_from_file(tb, umockdev, &err), err, umockdev);
    check_gerror(um.load_ioctl(tb, node, ioctl_file, &err), err, ioctl_file);
    if (events)
        check_gerror(um.load_evemu_events(tb, node, events, &err), err, events);
}

/*
 * The reader is unplugged: umockdev removes the device and its node; udev would also
 * remove the by-id link, which umockdev leaves (dangling), so the test does that part.
 * Without it the replug could not bring the link back: umockdev keeps an existing link.
 */
static void unplug_reader(void *tb)
{
    um.remove_device(tb, READER_SYSFS);
    char *root = um.root_dir(tb);
    char link[512];
    snprintf(link, sizeof(link), "%s%s", root, READER_BY_ID);
    um.g_free(root);
    if (unlink(link) != 0)
        fail_msg("unlink %s: %s", link, strerror(errno));
}

static int setup_testbed(void **state)
{
    *state = um.testbed_new();
    return *state ? 0 : -1;
}

static int teardown_testbed(void **state)
{
    um.object_unref(*state);
    return 0;
}

/* ---- reading badges the way the kiosk does ---- */

struct outcome {
    int complete, garbled;
    char uids[4][BADGE_UID_MAX];
    int errors; /* polls that returned -1 */
};

static void sleep_a_little(void)
{
    struct timespec ts = {0, WAIT_REAL_NS};
    nanosleep(&ts, NULL);
}

static time_t real_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec;
}

static void feed(struct badge_decoder *dec, const struct key_event *keys, int n, int64_t now_us,
                 struct outcome *o)
{
    for (int i = 0; i < n; i++) {
        assert_true(keys[i].t_us <= now_us);
        char uid[BADGE_UID_MAX];
        enum badge_result res =
            badge_decoder_key(dec, keys[i].t_us, keys[i].code, keys[i].value, uid);
        if (res == BADGE_COMPLETE && o->complete < 4)
            memcpy(o->uids[o->complete++], uid, sizeof(uid));
        else if (res == BADGE_GARBLED)
            o->garbled++;
    }
}

/*
 * Polls until want_results badges came out complete or garbled (or the replay never
 * arrives). The caller's clock advances by POLL_STEP_US a poll, so a machine too busy
 * to replay keys on time cannot make a read look stalled to the decoder.
 */
static void read_badges(struct badge_reader *r, struct badge_decoder *dec, int64_t *now_us,
                        int want_results, struct outcome *o)
{
    time_t give_up_s = real_s() + WAIT_REAL_MAX_S;
    while (o->complete + o->garbled < want_results && real_s() < give_up_s) {
        struct key_event keys[KEYS_MAX];
        *now_us += POLL_STEP_US;
        int n = badge_reader_poll(r, *now_us, keys, KEYS_MAX);
        if (n < 0)
            o->errors++;
        else
            feed(dec, keys, n, *now_us, o);
        if (n == 0)
            sleep_a_little();
    }
}

static struct badge_reader *open_reader(const char *path, const char *name_match)
{
    char err[BADGE_EVDEV_ERR_MAX];
    struct badge_reader *r = badge_evdev_open(path, name_match, err);
    if (!r)
        fail_msg("badge_evdev_open: %s", err);
    assert_string_equal(err, "");
    assert_true(badge_evdev_connected(r));
    return r;
}

/* ---- cases ---- */

static void test_badge_read_by_id_path(void **state)
{
    plug(*state, DATA_DIR "reader.umockdev", READER_NODE, DATA_DIR "reader.ioctl",
         DATA_DIR "badge.events");
    struct badge_reader *r = open_reader(READER_BY_ID, NULL);
    /* umockdev accepts EVIOCGRAB (it cannot show another holder; see the report) */
    assert_true(badge_evdev_grabbed(r));

    struct badge_decoder dec;
    badge_decoder_init(&dec);
    int64_t now_us = EPOCH_US;
    struct outcome o = {0};
    read_badges(r, &dec, &now_us, 1, &o);
    assert_int_equal(o.complete, 1);
    assert_string_equal(o.uids[0], "04A2B9C1");
    assert_int_equal(o.garbled, 0);
    assert_int_equal(o.errors, 0);
    badge_reader_close(r);
}

static void test_found_by_name_without_path(void **state)
{
    plug(*state, DATA_DIR "reader.umockdev", READER_NODE, DATA_DIR "reader.ioctl",
         DATA_DIR "badge.events");
    struct badge_reader *r = open_reader(NULL, "RFID");

    struct badge_decoder dec;
    badge_decoder_init(&dec);
    int64_t now_us = EPOCH_US;
    struct outcome o = {0};
    read_badges(r, &dec, &now_us, 1, &o);
    assert_int_equal(o.complete, 1);
    assert_string_equal(o.uids[0], "04A2B9C1");
    badge_reader_close(r);
}

static void test_no_keyboard_named_so_waits(void **state)
{
    plug(*state, DATA_DIR "reader.umockdev", READER_NODE, DATA_DIR "reader.ioctl", NULL);
    char err[BADGE_EVDEV_ERR_MAX];
    struct badge_reader *r = badge_evdev_open(NULL, "Barcode", err);
    assert_non_null(r);
    assert_non_null(strstr(err, "no keyboard in /dev/input/by-id named like \"Barcode\""));
    assert_false(badge_evdev_connected(r));
    struct key_event keys[KEYS_MAX];
    /* told once through err: the same problem is not reported again */
    assert_int_equal(badge_reader_poll(r, EPOCH_US, keys, KEYS_MAX), 0);
    badge_reader_close(r);
}

static void test_garbage_is_rejected(void **state)
{
    plug(*state, DATA_DIR "reader.umockdev", READER_NODE, DATA_DIR "reader.ioctl",
         DATA_DIR "garbage.events");
    struct badge_reader *r = open_reader(READER_NODE, NULL);

    struct badge_decoder dec;
    badge_decoder_init(&dec);
    int64_t now_us = EPOCH_US;
    struct outcome o = {0};
    read_badges(r, &dec, &now_us, 1, &o);
    assert_int_equal(o.garbled, 1);
    assert_int_equal(o.complete, 0);
    badge_reader_close(r);
}

/*
 * Half a badge, SYN_DROPPED, the other half and Enter; a pause; a clean badge. libevdev's
 * resync discards whatever the kernel buffer holds at that moment, so how much of the
 * second half arrives depends on timing; what must hold is that the broken read comes
 * out garbled (on its Enter, or when the decoder gives it up in the pause) and never as
 * a UID, and that the reader then reads the clean badge.
 */
static void test_syn_dropped_drops_the_partial_badge(void **state)
{
    plug(*state, DATA_DIR "reader.umockdev", READER_NODE, DATA_DIR "reader.ioctl",
         DATA_DIR "dropped.events");
    struct badge_reader *r = open_reader(READER_NODE, NULL);
    struct badge_decoder dec;
    badge_decoder_init(&dec);
    int64_t now_us = EPOCH_US;
    struct outcome o = {0};
    time_t give_up_s = real_s() + WAIT_REAL_MAX_S;
    time_t quiet_since_s = real_s();
    while (o.complete == 0 && real_s() < give_up_s) {
        struct key_event keys[KEYS_MAX];
        now_us += POLL_STEP_US;
        int n = badge_reader_poll(r, now_us, keys, KEYS_MAX);
        assert_true(n >= 0);
        feed(&dec, keys, n, now_us, &o);
        if (n > 0) {
            quiet_since_s = real_s();
        } else if (real_s() - quiet_since_s >= QUIET_REAL_S) {
            /* the replay's pause: the decoder's stall timeout runs out */
            now_us += BADGE_KEY_GAP_MAX_US + 1;
            if (badge_decoder_idle(&dec, now_us) == BADGE_GARBLED)
                o.garbled++;
            quiet_since_s = real_s();
        } else {
            sleep_a_little();
        }
    }
    assert_int_equal(o.garbled, 1);
    assert_int_equal(o.complete, 1);
    assert_string_equal(o.uids[0], "04A2B9C1");
    badge_reader_close(r);
}

static void test_not_a_keyboard_is_refused(void **state)
{
    plug(*state, DATA_DIR "mouse.umockdev", MOUSE_NODE, DATA_DIR "mouse.ioctl", NULL);
    char err[BADGE_EVDEV_ERR_MAX];
    assert_null(badge_evdev_open(MOUSE_NODE, NULL, err));
    assert_string_equal(err, "badge reader " MOUSE_NODE ": not a keyboard (no digit keys)");
}

static void test_absent_reader_waits(void **state)
{
    (void)state;
    char err[BADGE_EVDEV_ERR_MAX];
    struct badge_reader *r = badge_evdev_open(READER_BY_ID, NULL, err);
    assert_non_null(r);
    assert_string_equal(err, "badge reader " READER_BY_ID
                             ": not plugged in (No such file or directory)");
    assert_false(badge_evdev_connected(r));
    badge_reader_close(r);
}

/*
 * Unplugged: poll says -1 once, with a message, and nothing after. Plugged back in (as
 * the next event node, behind the same by-id link): reopened on the first attempt a
 * second after the last one, never sooner, and badges read again.
 */
static void test_unplug_and_replug(void **state)
{
    plug(*state, DATA_DIR "reader.umockdev", READER_NODE, DATA_DIR "reader.ioctl",
         DATA_DIR "badge.events");
    struct badge_reader *r = open_reader(READER_BY_ID, NULL);
    struct badge_decoder dec;
    badge_decoder_init(&dec);
    int64_t now_us = EPOCH_US;
    struct outcome o = {0};
    read_badges(r, &dec, &now_us, 1, &o);
    assert_int_equal(o.complete, 1);

    unplug_reader(*state);
    struct key_event keys[KEYS_MAX];
    now_us += BADGE_EVDEV_REOPEN_US;
    assert_int_equal(badge_reader_poll(r, now_us, keys, KEYS_MAX), -1);
    assert_false(badge_evdev_connected(r));
    assert_string_equal(badge_evdev_status(r),
                        "badge reader " READER_BY_ID ": unplugged; waiting for it to come back");
    int64_t lost_us = now_us;
    now_us += BADGE_EVDEV_REOPEN_US; /* an attempt that fails the same way stays quiet */
    assert_int_equal(badge_reader_poll(r, now_us, keys, KEYS_MAX), 0);
    assert_false(badge_evdev_connected(r));

    plug(*state, DATA_DIR "reader-replug.umockdev", REPLUG_NODE, DATA_DIR "reader.ioctl",
         DATA_DIR "replug.events");
    int64_t last_try_us = now_us;
    now_us = last_try_us + BADGE_EVDEV_REOPEN_US - 1;
    assert_int_equal(badge_reader_poll(r, now_us, keys, KEYS_MAX), 0);
    assert_false(badge_evdev_connected(r));
    now_us = last_try_us + BADGE_EVDEV_REOPEN_US;
    int n = badge_reader_poll(r, now_us, keys, KEYS_MAX);
    assert_true(n >= 0);
    assert_true(badge_evdev_connected(r));
    assert_string_equal(badge_evdev_status(r), "");
    assert_true(now_us - lost_us >= 2 * BADGE_EVDEV_REOPEN_US);

    o = (struct outcome){0};
    feed(&dec, keys, n, now_us, &o); /* the reopening poll may already carry keys */
    read_badges(r, &dec, &now_us, 1, &o);
    assert_int_equal(o.complete, 1);
    assert_string_equal(o.uids[0], "7731DEAD");
    assert_int_equal(o.errors, 0);
    badge_reader_close(r);
}

/* ---- the clock mapping, without devices ---- */

static void test_event_times_map_onto_the_callers_clock(void **state)
{
    (void)state;
    static const struct {
        int64_t ev_us, src_now_us, now_us, want_us;
    } cases[] = {
        {5000000, 5000000, 42, 42},                 /* just now */
        {4997000, 5000000, 1000000, 997000},        /* 3 ms ago */
        {3000000, 5000000, 9000000, 7000000},       /* the oldest still believed */
        {2999999, 5000000, 9000000, 9000000},       /* older: another clock, arrival */
        {5000001, 5000000, 9000000, 9000000},       /* in the future: arrival */
        {1536, 1700000000000000, 9000000, 9000000}, /* near zero on the wall clock */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_int_equal(
            badge_evdev_map_time_us(cases[i].ev_us, cases[i].src_now_us, cases[i].now_us),
            cases[i].want_us);
}

/* ---- running under umockdev ---- */

/* GLib and umockdev keep type data and a replay thread to the end of the process. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libglib-2.0.so\nleak:libgobject-2.0.so\nleak:libumockdev.so\n";
}

static int rerun_under_umockdev(char **argv)
{
    const char *preload = getenv("LD_PRELOAD");
    if (preload && strstr(preload, PRELOAD_LIB))
        return 0;
    char buf[1024];
    snprintf(buf, sizeof(buf), "%s%s%s", PRELOAD_LIB, preload ? ":" : "", preload ? preload : "");
    setenv("LD_PRELOAD", buf, 1);
    /* the sanitizer runtime is then not first in the library list; that is fine here */
    const char *asan = getenv("ASAN_OPTIONS");
    snprintf(buf, sizeof(buf), "%s%sverify_asan_link_order=0", asan ? asan : "", asan ? ":" : "");
    setenv("ASAN_OPTIONS", buf, 1);
    execv("/proc/self/exe", argv);
    fprintf(stderr, "test_badge_evdev: cannot re-run under %s: %s\n", PRELOAD_LIB, strerror(errno));
    return -1;
}

int main(int argc, char **argv)
{
    (void)argc;
    if (rerun_under_umockdev(argv) < 0 || load_umockdev() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_badge_read_by_id_path, setup_testbed,
                                        teardown_testbed),
        cmocka_unit_test_setup_teardown(test_found_by_name_without_path, setup_testbed,
                                        teardown_testbed),
        cmocka_unit_test_setup_teardown(test_no_keyboard_named_so_waits, setup_testbed,
                                        teardown_testbed),
        cmocka_unit_test_setup_teardown(test_garbage_is_rejected, setup_testbed, teardown_testbed),
        cmocka_unit_test_setup_teardown(test_syn_dropped_drops_the_partial_badge, setup_testbed,
                                        teardown_testbed),
        cmocka_unit_test_setup_teardown(test_not_a_keyboard_is_refused, setup_testbed,
                                        teardown_testbed),
        cmocka_unit_test_setup_teardown(test_absent_reader_waits, setup_testbed, teardown_testbed),
        cmocka_unit_test_setup_teardown(test_unplug_and_replug, setup_testbed, teardown_testbed),
        cmocka_unit_test(test_event_times_map_onto_the_callers_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
