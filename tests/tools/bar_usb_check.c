/*
 * The USB bar unit port against the real libusb, with the unit emulated by umockdev:
 * a sysfs USB device carrying the descriptors the firmware presents (firmware/core/usb_desc.c), and
 * a usbdevfs double on its device node that answers control requests like the firmware and fills
 * bulk IN URBs with frames from the firmware's own framer and encoder. Run it under
 * umockdev-wrapper (tests/e2e/bar_usb.sh builds and runs it).
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <umockdev.h>

#include "../../app/core/barlink.h"
#include "../../app/ctl/bar_info.h"
#include "../../app/dev/bar_usb.h"
#include "../../firmware/core/usb_desc.h"
#include "../../firmware/proto/framer.h"

#define WAIT_MAX_US   15000000 /* generous: a busy CI machine must not fail these */
#define FRAMES        60
#define IFACE         0
#define PERIOD_US     1000
#define MAX_SAMPLES   (4 * FRAMES * (int)BARPROTO_SAMPLES)
#define MAX_CTRL      64
#define STATUS_OK     0
#define URB_CONTROL   USBDEVFS_URB_TYPE_CONTROL
#define SETUP_LEN     8
#define SYSFS_NAME    "1-1"
#define DEVNODE_FIRST "/dev/bus/usb/001/002"

/* --- what the firmware presents: its own device and configuration descriptors --- */

/* The descriptors file sysfs shows: device descriptor, then the whole configuration. */
static size_t usb_descriptors(uint8_t *out, size_t cap)
{
    size_t dev_len, cfg_len;
    const uint8_t *dev = usb_desc_device(&dev_len);
    const uint8_t *cfg = usb_desc_config(&cfg_len);
    assert_true(dev_len + cfg_len <= cap);
    memcpy(out, dev, dev_len);
    memcpy(out + dev_len, cfg, cfg_len);
    return dev_len + cfg_len;
}

/* --- the firmware double --- */

struct ctrl_req {
    uint8_t type, req;
    uint16_t value, index, length;
};

struct urb_ref {
    UMockdevIoctlData *urb;
    UMockdevIoctlData *buf;
};

struct fw {
    GMutex lock;
    bool present;
    uint8_t info_version;
    const char *serial; /* in its device info */
    bool started;
    uint8_t *stream; /* encoded frames, sent after START */
    size_t stream_len, stream_pos;
    GQueue bulk;     /* bulk IN URBs waiting for data */
    GQueue reapable; /* completed URBs */
    struct ctrl_req ctrl[MAX_CTRL];
    int n_ctrl;
    int claims, releases, unknown_ioctls;
    size_t first_data_ctrl; /* control requests seen before the first bulk data */
    bool sent_data;
};

static void urb_set_result(struct urb_ref *r, int status, const uint8_t *data, size_t ofs, int len)
{
    if (len > 0)
        umockdev_ioctl_data_update(r->buf, ofs, (guint8 *)data, len);
    umockdev_ioctl_data_update(r->urb, offsetof(struct usbdevfs_urb, status), (guint8 *)&status,
                               sizeof status);
    umockdev_ioctl_data_update(r->urb, offsetof(struct usbdevfs_urb, actual_length), (guint8 *)&len,
                               sizeof len);
}

/* A control URB as the firmware answers it: GET_INFO, or a setting it records. */
static void fw_control(struct fw *fw, struct urb_ref *r)
{
    const uint8_t *s = r->buf->data;
    struct ctrl_req c = {s[0], s[1], (uint16_t)(s[2] | s[3] << 8), (uint16_t)(s[4] | s[5] << 8),
                         (uint16_t)(s[6] | s[7] << 8)};
    if (fw->n_ctrl < MAX_CTRL)
        fw->ctrl[fw->n_ctrl++] = c;
    int status = STATUS_OK;
    if (c.req == BARPROTO_REQ_GET_INFO && (c.type & 0x80)) {
        struct barproto_info bi = {.version = fw->info_version,
                                   .who_am_i = BARPROTO_WHO_AM_I,
                                   .accel_fs_g = 16,
                                   .rate_hz = 1000,
                                   .gyro_fs_dps = 2000};
        snprintf(bi.serial, sizeof bi.serial, "%s", fw->serial);
        uint8_t info[BARPROTO_INFO_SIZE];
        barproto_info_encode(&bi, info);
        int n = c.length < BARPROTO_INFO_SIZE ? c.length : (int)BARPROTO_INFO_SIZE;
        urb_set_result(r, status, info, SETUP_LEN, n);
        return;
    }
    if (c.req == BARPROTO_REQ_START)
        fw->started = true;
    else if (c.req == BARPROTO_REQ_STOP)
        fw->started = false;
    urb_set_result(r, status, NULL, 0, 0);
}

/* Each waiting bulk URB gets the next frame, as the firmware writes one frame per transfer. */
static void fw_fill_bulk(struct fw *fw)
{
    while (fw->started && fw->stream_pos < fw->stream_len && !g_queue_is_empty(&fw->bulk)) {
        struct urb_ref *r = g_queue_pop_head(&fw->bulk);
        size_t n = fw->stream_len - fw->stream_pos;
        if (n > BARPROTO_FRAME_SIZE)
            n = BARPROTO_FRAME_SIZE;
        if (n > (size_t)r->buf->data_len)
            n = (size_t)r->buf->data_len;
        urb_set_result(r, STATUS_OK, fw->stream + fw->stream_pos, 0, (int)n);
        fw->stream_pos += n;
        if (!fw->sent_data)
            fw->first_data_ctrl = (size_t)fw->n_ctrl;
        fw->sent_data = true;
        g_queue_push_tail(&fw->reapable, r);
    }
}

/* Unplugged: the kernel completes every URB with -ENODEV, libusb reaps them after. */
static void fw_flush_gone(struct fw *fw)
{
    struct urb_ref *r;
    while ((r = g_queue_pop_head(&fw->bulk))) {
        urb_set_result(r, -ENODEV, NULL, 0, 0);
        g_queue_push_tail(&fw->reapable, r);
    }
}

static int fw_submit(struct fw *fw, UMockdevIoctlClient *client)
{
    GError *err = NULL;
    UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
    UMockdevIoctlData *u = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), &err);
    if (!u)
        return -EFAULT;
    struct usbdevfs_urb *urb = (struct usbdevfs_urb *)u->data;
    struct urb_ref *r = g_new0(struct urb_ref, 1);
    r->urb = u;
    r->buf = umockdev_ioctl_data_resolve(u, offsetof(struct usbdevfs_urb, buffer),
                                         (gsize)urb->buffer_length, &err);
    if (!r->buf) {
        g_object_unref(u);
        g_free(r);
        return -EFAULT;
    }
    if (urb->type == URB_CONTROL) {
        fw_control(fw, r);
        g_queue_push_tail(&fw->reapable, r);
    } else if (urb->endpoint == BARPROTO_USB_EP_IN) {
        g_queue_push_tail(&fw->bulk, r);
    } else {
        g_object_unref(r->buf);
        g_object_unref(r->urb);
        g_free(r);
        return -EINVAL;
    }
    return 0;
}

static int fw_reap(struct fw *fw, UMockdevIoctlClient *client)
{
    GError *err = NULL;
    fw_fill_bulk(fw);
    if (!fw->present)
        fw_flush_gone(fw);
    struct urb_ref *r = g_queue_pop_head(&fw->reapable);
    if (!r)
        return fw->present ? -EAGAIN : -ENODEV;
    UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
    UMockdevIoctlData *p = umockdev_ioctl_data_resolve(arg, 0, sizeof(void *), &err);
    umockdev_ioctl_data_set_ptr(p, 0, r->urb);
    g_object_unref(p);
    g_object_unref(r->buf);
    g_object_unref(r->urb);
    g_free(r);
    return 0;
}

/* A discarded URB comes back from the reap with -ENOENT, as from the kernel. */
static int fw_discard(struct fw *fw, UMockdevIoctlClient *client)
{
    gulong addr = *(gulong *)umockdev_ioctl_client_get_arg(client)->data;
    for (GList *l = fw->bulk.head; l; l = l->next) {
        struct urb_ref *r = l->data;
        if (r->urb->client_addr == addr) {
            g_queue_delete_link(&fw->bulk, l);
            urb_set_result(r, -ENOENT, NULL, 0, 0);
            g_queue_push_tail(&fw->reapable, r);
            return 0;
        }
    }
    return -EINVAL;
}

static gboolean on_ioctl(UMockdevIoctlBase *base, UMockdevIoctlClient *client, gpointer data)
{
    (void)base;
    struct fw *fw = data;
    unsigned long req = umockdev_ioctl_client_get_request(client);
    int r = 0;
    g_mutex_lock(&fw->lock);
    if (req == USBDEVFS_REAPURB || req == USBDEVFS_REAPURBNDELAY) {
        r = fw_reap(fw, client);
    } else if (!fw->present) {
        r = -ENODEV;
    } else if (req == USBDEVFS_GET_CAPABILITIES) {
        GError *err = NULL;
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(umockdev_ioctl_client_get_arg(client), 0,
                                                           sizeof(uint32_t), &err);
        uint32_t caps = USBDEVFS_CAP_NO_PACKET_SIZE_LIM | USBDEVFS_CAP_REAP_AFTER_DISCONNECT |
                        USBDEVFS_CAP_BULK_CONTINUATION;
        umockdev_ioctl_data_update(d, 0, (guint8 *)&caps, sizeof caps);
        g_object_unref(d);
    } else if (req == USBDEVFS_GETDRIVER) {
        r = -ENODATA; /* no kernel driver bound */
    } else if (req == USBDEVFS_CLAIMINTERFACE) {
        fw->claims++;
    } else if (req == USBDEVFS_RELEASEINTERFACE) {
        fw->releases++;
    } else if (req == USBDEVFS_SUBMITURB) {
        r = fw_submit(fw, client);
    } else if (req == USBDEVFS_DISCARDURB) {
        r = fw_discard(fw, client);
    } else {
        fw->unknown_ioctls++;
        fprintf(stderr, "bar unit double: ioctl 0x%lx not emulated\n", req);
        r = -ENOTTY;
    }
    g_mutex_unlock(&fw->lock);
    umockdev_ioctl_client_complete(client, r < 0 ? -1 : 0, r < 0 ? -r : 0);
    return TRUE;
}

/* --- the expected samples, encoded with the firmware's framer --- */

static struct barproto_sample expected_sample(int i)
{
    struct barproto_sample s;
    for (int a = 0; a < 3; a++) {
        /* Distinct values with both signs, the full range included. */
        s.accel[a] = (int16_t)((i * 37 + a * 1009) % 65536 - 32768);
        s.gyro[a] = (int16_t)(-(i * 53 + a * 211) % 30000);
    }
    return s;
}

static uint8_t *encode_stream(int frames, size_t *len)
{
    struct framer f;
    framer_init(&f, PERIOD_US, BAR_USB_ACCEL_FS_G, BAR_USB_GYRO_FS_DPS);
    uint8_t *out = malloc((size_t)frames * BARPROTO_FRAME_SIZE);
    assert_non_null(out);
    *len = 0;
    uint64_t t_us = 5000000;
    for (int i = 0; *len < (size_t)frames * BARPROTO_FRAME_SIZE; i++, t_us += PERIOD_US) {
        struct barproto_sample s = expected_sample(i);
        if (framer_push(&f, &s, t_us, out + *len))
            *len += BARPROTO_FRAME_SIZE;
    }
    return out;
}

/* --- the testbed --- */

struct rig {
    UMockdevTestbed *tb;
    char *syspath;
    UMockdevIoctlBase *handler;
    UMockdevIoctlBase *unplugged; /* the handler of the unit pulled out */
    struct fw fw;
    struct bar *bar;
};

static void fw_boot(struct fw *fw, uint8_t info_version)
{
    g_mutex_lock(&fw->lock);
    free(fw->stream);
    fw->stream = encode_stream(FRAMES, &fw->stream_len);
    fw->stream_pos = 0;
    fw->present = true;
    fw->started = false;
    fw->sent_data = false;
    fw->info_version = info_version;
    fw->serial = "E6614103E7452D2F";
    g_mutex_unlock(&fw->lock);
}

/* The unit's sysfs entry and device node, as a umockdev device description. */
static void plug(struct rig *rig, const char *devnode, bool announce)
{
    int devnum = atoi(devnode + strlen("/dev/bus/usb/001/"));
    GString *d = g_string_new(NULL);
    g_string_append_printf(d, "P: /devices/" SYSFS_NAME "\nN: bus/usb/001/%03d\n", devnum);
    g_string_append_printf(d,
                           "E: DEVNAME=%s\nE: DEVTYPE=usb_device\nE: SUBSYSTEM=usb\n"
                           "E: BUSNUM=001\nE: DEVNUM=%03d\nE: PRODUCT=%x/%x/100\n",
                           devnode, devnum, BARPROTO_USB_VID, BARPROTO_USB_PID);
    g_string_append_printf(d,
                           "A: busnum=1\\n\nA: devnum=%d\\n\nA: idVendor=%04x\\n\n"
                           "A: idProduct=%04x\\n\nA: speed=12\\n\nA: bConfigurationValue=1\\n\n"
                           "A: bNumConfigurations=1\\n\nA: dev=189:%d\\n\nH: descriptors=",
                           devnum, BARPROTO_USB_VID, BARPROTO_USB_PID, devnum - 1);
    uint8_t desc[64];
    size_t desc_len = usb_descriptors(desc, sizeof desc);
    for (size_t i = 0; i < desc_len; i++)
        g_string_append_printf(d, "%02X", desc[i]);
    g_string_append(d, "\n\n");
    /* The node answers before the device is visible, as a real unit's does. */
    GError *err = NULL;
    rig->handler = umockdev_ioctl_base_new();
    g_signal_connect(rig->handler, "handle-ioctl", G_CALLBACK(on_ioctl), &rig->fw);
    assert_true(umockdev_testbed_attach_ioctl(rig->tb, devnode, rig->handler, &err));
    assert_true(umockdev_testbed_add_from_string(rig->tb, d->str, &err));
    g_string_free(d, TRUE);
    rig->syspath = g_strdup("/sys/devices/" SYSFS_NAME);
    if (announce)
        umockdev_testbed_uevent(rig->tb, rig->syspath, "add");
}

static void unplug(struct rig *rig, const char *devnode)
{
    g_mutex_lock(&rig->fw.lock);
    rig->fw.present = false;
    g_mutex_unlock(&rig->fw.lock);
    umockdev_testbed_uevent(rig->tb, rig->syspath, "remove");
    umockdev_testbed_remove_device(rig->tb, rig->syspath);
    (void)devnode; /* the node stays: an open handle keeps failing with ENODEV, as in the kernel */
    rig->unplugged = rig->handler;
    rig->handler = NULL;
    g_free(rig->syspath);
    rig->syspath = NULL;
}

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {0, ms * 1000000L};
    nanosleep(&ts, NULL);
}

static bool wait_connected(struct bar *b, bool want)
{
    int64_t end = mono_us() + WAIT_MAX_US;
    while (bar_connected(b) != want && mono_us() < end)
        sleep_ms(2);
    return bar_connected(b) == want;
}

static int setup(void **state)
{
    struct rig *rig = calloc(1, sizeof *rig);
    g_mutex_init(&rig->fw.lock);
    g_queue_init(&rig->fw.bulk);
    g_queue_init(&rig->fw.reapable);
    rig->tb = umockdev_testbed_new();
    *state = rig;
    return rig->tb ? 0 : -1;
}

static void free_queue(GQueue *q)
{
    struct urb_ref *r;
    while ((r = g_queue_pop_head(q))) {
        g_object_unref(r->buf);
        g_object_unref(r->urb);
        g_free(r);
    }
}

static int teardown(void **state)
{
    struct rig *rig = *state;
    bar_close(rig->bar);
    g_clear_object(&rig->handler);
    g_clear_object(&rig->unplugged);
    g_clear_object(&rig->tb);
    g_free(rig->syspath);
    free_queue(&rig->fw.bulk);
    free_queue(&rig->fw.reapable);
    free(rig->fw.stream);
    g_mutex_clear(&rig->fw.lock);
    free(rig);
    return 0;
}

struct capture {
    int n;
    struct imu_sample s[MAX_SAMPLES];
};

static void on_sample(void *ctx, const struct imu_sample *s)
{
    struct capture *c = ctx;
    if (c->n < MAX_SAMPLES)
        c->s[c->n++] = *s;
}

/* Reads through the port until want samples decoded (or the deadline); returns bytes read. */
static size_t read_samples(struct bar *b, struct barlink *l, struct capture *c, int want,
                           uint8_t *copy, size_t copy_cap)
{
    size_t total = 0;
    int64_t end = mono_us() + WAIT_MAX_US;
    while (c->n < want && mono_us() < end) {
        uint8_t buf[700];
        int n = bar_read(b, mono_us(), buf, sizeof buf);
        assert_true(n >= 0);
        if (n == 0) {
            sleep_ms(1);
            continue;
        }
        if (copy && total + (size_t)n <= copy_cap)
            memcpy(copy + total, buf, (size_t)n);
        total += (size_t)n;
        barlink_feed(l, buf, (size_t)n, mono_us(), on_sample, c);
    }
    return total;
}

static void assert_samples_exact(const struct capture *c, int n)
{
    for (int i = 0; i < n; i++) {
        struct barproto_sample e = expected_sample(i);
        for (int a = 0; a < 3; a++) {
            double accel_raw = c->s[i].accel_g[a] * 32768.0 / BAR_USB_ACCEL_FS_G;
            double gyro_raw = c->s[i].gyro_dps[a] * 32768.0 / BAR_USB_GYRO_FS_DPS;
            assert_int_equal(lround(accel_raw), e.accel[a]);
            assert_int_equal(lround(gyro_raw), e.gyro[a]);
        }
        if (i > 0)
            assert_true(c->s[i].t_us > c->s[i - 1].t_us);
    }
}

static int find_ctrl(const struct fw *fw, uint8_t req, int from)
{
    for (int i = from; i < fw->n_ctrl; i++)
        if (fw->ctrl[i].req == req)
            return i;
    return -1;
}

/* Configure handshake, then every byte the firmware encoded decodes to the exact samples. */
static void test_stream_decodes_to_encoded_samples(void **state)
{
    struct rig *rig = *state;
    fw_boot(&rig->fw, BARPROTO_VERSION);
    plug(rig, DEVNODE_FIRST, false);
    char err[BAR_USB_ERR_MAX];
    rig->bar = bar_usb_open(err);
    assert_non_null(rig->bar);
    assert_true(wait_connected(rig->bar, true));

    struct barlink l;
    barlink_init(&l);
    static struct capture c;
    static uint8_t bytes[FRAMES * BARPROTO_FRAME_SIZE];
    c.n = 0;
    int want = FRAMES * (int)BARPROTO_SAMPLES;
    size_t got = read_samples(rig->bar, &l, &c, want, bytes, sizeof bytes);
    assert_int_equal(c.n, want);
    assert_int_equal(got, rig->fw.stream_len);
    assert_memory_equal(bytes, rig->fw.stream, got);
    assert_int_equal(l.stats.frames_ok, FRAMES);
    assert_int_equal(l.stats.frames_lost, 0);
    assert_int_equal(l.stats.crc_errors, 0);
    assert_int_equal(l.stats.bytes_skipped, 0);
    assert_samples_exact(&c, want);
    /* the unit is known by the serial its device info gives */
    char unit[BAR_UNIT_ID_MAX];
    bar_unit(rig->bar, unit, sizeof unit);
    assert_string_equal(unit, "E6614103E7452D2F");

    g_mutex_lock(&rig->fw.lock);
    const struct fw *fw = &rig->fw;
    int info = find_ctrl(fw, BARPROTO_REQ_GET_INFO, 0);
    int rate = find_ctrl(fw, BARPROTO_REQ_SET_RATE, 0);
    int accel = find_ctrl(fw, BARPROTO_REQ_SET_ACCEL_RANGE, 0);
    int gyro = find_ctrl(fw, BARPROTO_REQ_SET_GYRO_RANGE, 0);
    int start = find_ctrl(fw, BARPROTO_REQ_START, 0);
    assert_true(info == 0 && rate > info && accel > rate && gyro > accel && start > gyro);
    assert_int_equal(fw->ctrl[info].type, 0xc1); /* IN, vendor, interface */
    assert_int_equal(fw->ctrl[info].index, IFACE);
    assert_true(fw->ctrl[info].length >= 1);
    assert_int_equal(fw->ctrl[rate].type, 0x41); /* OUT, vendor, interface */
    assert_int_equal(fw->ctrl[rate].value, 1000);
    assert_int_equal(fw->ctrl[rate].index, IFACE);
    assert_int_equal(fw->ctrl[accel].value, 16);
    assert_int_equal(fw->ctrl[accel].index, IFACE);
    assert_int_equal(fw->ctrl[gyro].value, 2000);
    assert_int_equal(fw->ctrl[gyro].index, IFACE);
    assert_int_equal(fw->ctrl[start].type, 0x41);
    assert_true(fw->first_data_ctrl == (size_t)start + 1); /* no data before START */
    assert_int_equal(fw->claims, 1);
    assert_int_equal(fw->unknown_ioctls, 0);
    g_mutex_unlock(&rig->fw.lock);

    struct bar_usb_stats st;
    bar_usb_stats(rig->bar, &st);
    assert_int_equal(st.state, BAR_USB_STREAM);
    assert_int_equal(st.connects, 1);
    assert_int_equal(st.bytes_in, rig->fw.stream_len);
    assert_int_equal(st.bytes_dropped, 0);
    assert_true(st.transfers_in_flight > 0);

    /* Closing stops the unit and lets go of its interface. */
    bar_close(rig->bar);
    rig->bar = NULL;
    g_mutex_lock(&rig->fw.lock);
    assert_true(find_ctrl(&rig->fw, BARPROTO_REQ_STOP, start) > start);
    assert_false(rig->fw.started);
    assert_int_equal(rig->fw.releases, 1);
    g_mutex_unlock(&rig->fw.lock);
}

/* Pulled out mid-stream: not connected, transfers back, no crash; another unit plugged in:
 * streams, under its own serial. */
static void test_unplug_and_replug(void **state)
{
    struct rig *rig = *state;
    fw_boot(&rig->fw, BARPROTO_VERSION);
    plug(rig, DEVNODE_FIRST, false);
    char err[BAR_USB_ERR_MAX];
    rig->bar = bar_usb_open(err);
    assert_non_null(rig->bar);
    assert_true(wait_connected(rig->bar, true));
    struct barlink l;
    barlink_init(&l);
    static struct capture c;
    c.n = 0;
    read_samples(rig->bar, &l, &c, (int)BARPROTO_SAMPLES * 5, NULL, 0);
    assert_true(c.n >= (int)BARPROTO_SAMPLES * 5);

    unplug(rig, DEVNODE_FIRST);
    assert_true(wait_connected(rig->bar, false));
    char unit[BAR_UNIT_ID_MAX];
    bar_unit(rig->bar, unit, sizeof unit);
    assert_string_equal(unit, ""); /* no unit, no serial */
    uint8_t buf[64];
    assert_int_equal(bar_read(rig->bar, mono_us(), buf, sizeof buf), 0);
    char msg[BAR_USB_ERR_MAX];
    bar_usb_message(rig->bar, msg);
    print_message("after unplug: %s\n", msg);
    assert_non_null(strstr(msg, "bar unit 1209:0001 on bus 1 dev 2"));
    assert_non_null(strstr(msg, "unplugged"));
    struct bar_usb_stats st;
    int64_t end = mono_us() + WAIT_MAX_US;
    do {
        sleep_ms(2);
        bar_usb_stats(rig->bar, &st);
    } while (st.state != BAR_USB_RECONNECT && st.state != BAR_USB_PROBE && mono_us() < end);
    assert_int_equal(st.transfers_in_flight, 0);
    assert_int_equal(st.faults, 1);

    /* Another unit in its place, on a new address: known by its own serial. */
    fw_boot(&rig->fw, BARPROTO_VERSION);
    g_mutex_lock(&rig->fw.lock);
    rig->fw.serial = "E6614103E7450A11";
    g_mutex_unlock(&rig->fw.lock);
    plug(rig, "/dev/bus/usb/001/003", true);
    assert_true(wait_connected(rig->bar, true));
    bar_unit(rig->bar, unit, sizeof unit);
    assert_string_equal(unit, "E6614103E7450A11");
    barlink_init(&l);
    c.n = 0;
    int want = FRAMES * (int)BARPROTO_SAMPLES;
    read_samples(rig->bar, &l, &c, want, NULL, 0);
    assert_int_equal(c.n, want);
    assert_samples_exact(&c, want);
    bar_usb_stats(rig->bar, &st);
    assert_int_equal(st.connects, 2);
    bar_usb_message(rig->bar, msg);
    assert_string_equal(msg, "");
}

/* A unit that speaks another protocol version is refused, with what to do, and never started. */
static void test_protocol_version_mismatch(void **state)
{
    struct rig *rig = *state;
    fw_boot(&rig->fw, BARPROTO_VERSION + 6);
    plug(rig, DEVNODE_FIRST, false);
    char err[BAR_USB_ERR_MAX];
    rig->bar = bar_usb_open(err);
    assert_non_null(rig->bar);
    char msg[BAR_USB_ERR_MAX] = "";
    int64_t end = mono_us() + WAIT_MAX_US;
    while (!strstr(msg, "protocol") && mono_us() < end) {
        sleep_ms(2);
        bar_usb_message(rig->bar, msg);
    }
    char want[BAR_USB_ERR_MAX];
    snprintf(want, sizeof want,
             "bar unit 1209:0001 on bus 1 dev 2: speaks protocol %u, this kiosk speaks %u to %u "
             "(update the bar unit firmware)",
             BARPROTO_VERSION + 6, BARPROTO_VERSION_MIN, BARPROTO_VERSION);
    assert_string_equal(msg, want);
    assert_false(bar_connected(rig->bar));
    g_mutex_lock(&rig->fw.lock);
    assert_int_equal(find_ctrl(&rig->fw, BARPROTO_REQ_START, 0), -1);
    assert_false(rig->fw.sent_data);
    g_mutex_unlock(&rig->fw.lock);
}

/* Started with nothing plugged in: succeeds, says so, and picks the unit up when it arrives. */
static void test_open_without_unit_then_arrival(void **state)
{
    struct rig *rig = *state;
    char err[BAR_USB_ERR_MAX];
    rig->bar = bar_usb_open(err);
    assert_non_null(rig->bar);
    char msg[BAR_USB_ERR_MAX] = "";
    int64_t end = mono_us() + WAIT_MAX_US;
    while (!msg[0] && mono_us() < end) {
        sleep_ms(2);
        bar_usb_message(rig->bar, msg);
    }
    assert_string_equal(msg, "bar unit 1209:0001: not plugged in");
    assert_false(bar_connected(rig->bar));

    fw_boot(&rig->fw, BARPROTO_VERSION);
    plug(rig, DEVNODE_FIRST, true);
    assert_true(wait_connected(rig->bar, true));
    struct barlink l;
    barlink_init(&l);
    static struct capture c;
    c.n = 0;
    read_samples(rig->bar, &l, &c, (int)BARPROTO_SAMPLES * 10, NULL, 0);
    assert_true(c.n >= (int)BARPROTO_SAMPLES * 10);
    assert_samples_exact(&c, c.n);
}

/* rackside-ctl bar-info against the unit: what it reports, and a frame the unit lost. */
static void test_bar_info_report(void **state)
{
    struct rig *rig = *state;
    fw_boot(&rig->fw, BARPROTO_VERSION);
    const size_t gone = 10 * BARPROTO_FRAME_SIZE; /* frame 10 never arrives */
    memmove(rig->fw.stream + gone, rig->fw.stream + gone + BARPROTO_FRAME_SIZE,
            rig->fw.stream_len - gone - BARPROTO_FRAME_SIZE);
    rig->fw.stream_len -= BARPROTO_FRAME_SIZE;
    plug(rig, DEVNODE_FIRST, false);
    char *out_s = NULL, *err_s = NULL;
    size_t out_n, err_n;
    FILE *out = open_memstream(&out_s, &out_n), *err = open_memstream(&err_s, &err_n);
    int rc = bar_info_run(1500, out, err);
    fclose(out);
    fclose(err);
    print_message("%s%s", out_s, err_s);
    assert_int_equal(rc, 0);
    assert_string_equal(err_s, "");
    char frames_line[64], proto_line[64];
    snprintf(proto_line, sizeof proto_line, "  firmware         0.0.0 (protocol %u)\n",
             BARPROTO_VERSION);
    snprintf(frames_line, sizeof frames_line, "  frames received  59 in 1.5 s (%u samples)\n",
             59u * BARPROTO_SAMPLES);
    const char *const lines[] = {
        "bar unit 1209:0001 on bus 1 dev 2\n",
        "  serial           E6614103E7452D2F\n",
        proto_line,
        "  IMU              WHO_AM_I 0x47, ICM-42688-P ok\n",
        "  rate             1000 Hz\n",
        "  ranges           +-16 g, +-2000 dps\n",
        frames_line,
        "  frames lost      1 (gaps in the sequence)\n",
        "  CRC errors       0\n",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        assert_non_null(strstr(out_s, lines[i]));
    g_mutex_lock(&rig->fw.lock);
    int info = find_ctrl(&rig->fw, BARPROTO_REQ_GET_INFO, 0);
    int start = find_ctrl(&rig->fw, BARPROTO_REQ_START, 0);
    assert_true(info == 0 && start > info);
    assert_true(find_ctrl(&rig->fw, BARPROTO_REQ_STOP, start) > start);
    assert_int_equal(find_ctrl(&rig->fw, BARPROTO_REQ_SET_RATE, 0), -1); /* settings kept */
    assert_int_equal(rig->fw.claims, 1);
    assert_int_equal(rig->fw.releases, 1);
    g_mutex_unlock(&rig->fw.lock);
    free(out_s);
    free(err_s);
}

static void test_bar_info_no_unit(void **state)
{
    (void)state;
    char *out_s = NULL, *err_s = NULL;
    size_t out_n, err_n;
    FILE *out = open_memstream(&out_s, &out_n), *err = open_memstream(&err_s, &err_n);
    int rc = bar_info_run(200, out, err);
    fclose(out);
    fclose(err);
    assert_int_equal(rc, 1);
    assert_string_equal(out_s, "");
    assert_string_equal(err_s, "rackside-ctl: bar unit 1209:0001: not plugged in (check the "
                               "cable; `lsusb -d 1209:0001` should list it)\n");
    free(out_s);
    free(err_s);
}

int main(void)
{
    const char *preload = getenv("LD_PRELOAD");
    if (!preload || !strstr(preload, "libumockdev-preload")) {
        fprintf(stderr, "run under umockdev-wrapper (tests/e2e/bar_usb.sh does)\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_stream_decodes_to_encoded_samples, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unplug_and_replug, setup, teardown),
        cmocka_unit_test_setup_teardown(test_protocol_version_mismatch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_without_unit_then_arrival, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bar_info_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bar_info_no_unit, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
