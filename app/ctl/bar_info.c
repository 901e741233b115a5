#include "bar_info.h"

#include <errno.h>
#include <libusb.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../firmware/proto/barproto.h"
#include "../core/barlink.h"

#define IFACE           0
#define CTRL_TIMEOUT_MS 1000
#define BULK_TIMEOUT_MS 100
#define BULK_BYTES      4096 /* whole 64-byte packets; each frame ends in a short one */
#define SECONDS_MAX     60
#define MS_PER_S        1000u
#define US_PER_MS       1000
#define REQ_IN          (LIBUSB_ENDPOINT_IN | LIBUSB_REQUEST_TYPE_VENDOR | LIBUSB_RECIPIENT_INTERFACE)
#define REQ_OUT         (LIBUSB_ENDPOINT_OUT | LIBUSB_REQUEST_TYPE_VENDOR | LIBUSB_RECIPIENT_INTERFACE)

struct session {
    libusb_context *ctx;
    libusb_device_handle *h;
    bool claimed;
    char where[64];
    FILE *out, *err;
};

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static const char *usb_problem(int r)
{
    switch (r) {
    case LIBUSB_ERROR_ACCESS:
        return "permission denied (install systemd/udev/70-rackside.rules and replug, or run "
               "as a member of plugdev)";
    case LIBUSB_ERROR_BUSY:
        return "in use by another program, most likely the kiosk (sudo systemctl stop "
               "rackside, then try again)";
    case LIBUSB_ERROR_NO_DEVICE:
        return "unplugged";
    case LIBUSB_ERROR_TIMEOUT:
        return "not answering (unplug and replug the unit)";
    case LIBUSB_ERROR_PIPE:
        return "refused the request (update the bar unit firmware)";
    default:
        return libusb_strerror((enum libusb_error)r);
    }
}

static int fail(struct session *s, const char *what, int r)
{
    fprintf(s->err, "rackside-ctl: %s: %s%s%s\n", s->where, what, r ? ": " : "",
            r ? usb_problem(r) : "");
    return 1;
}

/* Opens the first unit with the protocol's VID/PID. */
static int open_unit(struct session *s)
{
    snprintf(s->where, sizeof s->where, "bar unit %04x:%04x", BARPROTO_USB_VID, BARPROTO_USB_PID);
    libusb_device **list;
    ssize_t n = libusb_get_device_list(s->ctx, &list);
    if (n < 0)
        return fail(s, "cannot list USB devices", (int)n);
    int r = LIBUSB_ERROR_NOT_FOUND;
    for (ssize_t i = 0; i < n && r == LIBUSB_ERROR_NOT_FOUND; i++) {
        struct libusb_device_descriptor d;
        if (libusb_get_device_descriptor(list[i], &d) != 0 || d.idVendor != BARPROTO_USB_VID ||
            d.idProduct != BARPROTO_USB_PID)
            continue;
        snprintf(s->where, sizeof s->where, "bar unit %04x:%04x on bus %u dev %u", BARPROTO_USB_VID,
                 BARPROTO_USB_PID, libusb_get_bus_number(list[i]),
                 libusb_get_device_address(list[i]));
        r = libusb_open(list[i], &s->h);
    }
    libusb_free_device_list(list, 1);
    if (r == LIBUSB_ERROR_NOT_FOUND) {
        fprintf(s->err,
                "rackside-ctl: %s: not plugged in (check the cable; `lsusb -d %04x:%04x` "
                "should list it)\n",
                s->where, BARPROTO_USB_VID, BARPROTO_USB_PID);
        return 1;
    }
    if (r != 0)
        return fail(s, "cannot open", r);
    if (libusb_kernel_driver_active(s->h, IFACE) == 1 &&
        (r = libusb_detach_kernel_driver(s->h, IFACE)) != 0)
        return fail(s, "cannot detach the kernel driver", r);
    if ((r = libusb_claim_interface(s->h, IFACE)) != 0)
        return fail(s, "cannot claim its interface", r);
    s->claimed = true;
    return 0;
}

static void print_info(struct session *s, const struct barproto_info *bi)
{
    bool imu_ok = !(bi->status & BARPROTO_STATUS_IMU_FAULT) && bi->who_am_i == BARPROTO_WHO_AM_I;
    fprintf(s->out, "%s\n", s->where);
    fprintf(s->out, "  serial           %s\n", bi->serial);
    fprintf(s->out, "  firmware         %u.%u.%u (protocol %u)\n", bi->fw_version[0],
            bi->fw_version[1], bi->fw_version[2], bi->version);
    fprintf(s->out, "  IMU              WHO_AM_I 0x%02x, %s\n", bi->who_am_i,
            imu_ok ? "ICM-42688-P ok"
                   : "FAULT: not answering or not an ICM-42688-P (check its wiring: "
                     "firmware/README.md)");
    fprintf(s->out, "  rate             %u Hz\n", bi->rate_hz);
    fprintf(s->out, "  ranges           +-%u g, +-%u dps\n", bi->accel_fs_g, bi->gyro_fs_dps);
    fprintf(s->out, "  dropped on unit  %u frames (not read in time since it started)\n",
            (unsigned)bi->frames_dropped);
    if (bi->status & BARPROTO_STATUS_WATCHDOG)
        fprintf(s->out, "  last start       after a hang (its watchdog restarted it)\n");
}

static void count_sample(void *ctx, const struct imu_sample *sample)
{
    (void)sample;
    (*(uint64_t *)ctx)++;
}

/* Starts the unit, reads for duration_ms, stops it; the host's view of the stream. */
static int stream(struct session *s, unsigned duration_ms, struct barlink *l, uint64_t *samples)
{
    int r = libusb_control_transfer(s->h, REQ_OUT, BARPROTO_REQ_START, 0, IFACE, NULL, 0,
                                    CTRL_TIMEOUT_MS);
    if (r < 0)
        return fail(s, "START refused", r);
    static uint8_t buf[BULK_BYTES];
    int64_t end = mono_us() + (int64_t)duration_ms * US_PER_MS;
    int rc = 0;
    while (mono_us() < end) {
        int got = 0;
        r = libusb_bulk_transfer(s->h, BARPROTO_USB_EP_IN, buf, sizeof buf, &got, BULK_TIMEOUT_MS);
        if (got > 0)
            barlink_feed(l, buf, (size_t)got, mono_us(), count_sample, samples);
        if (r != 0 && r != LIBUSB_ERROR_TIMEOUT) {
            rc = fail(s, "stream broke off", r);
            break;
        }
    }
    libusb_control_transfer(s->h, REQ_OUT, BARPROTO_REQ_STOP, 0, IFACE, NULL, 0, CTRL_TIMEOUT_MS);
    return rc;
}

static int run(struct session *s, unsigned duration_ms)
{
    int r = open_unit(s);
    if (r != 0)
        return r;
    uint8_t raw[BARPROTO_INFO_SIZE];
    r = libusb_control_transfer(s->h, REQ_IN, BARPROTO_REQ_GET_INFO, 0, IFACE, raw, sizeof raw,
                                CTRL_TIMEOUT_MS);
    if (r < 0)
        return fail(s, "GET_INFO failed", r);
    struct barproto_info bi;
    enum barproto_status st = barproto_info_decode(raw, (size_t)r, &bi);
    if (st == BARPROTO_BAD_VERSION) {
        fprintf(s->err,
                "rackside-ctl: %s: speaks protocol %u, this kiosk speaks %u to %u (update the bar "
                "unit firmware, or the kiosk)\n",
                s->where, raw[0], BARPROTO_VERSION_MIN, BARPROTO_VERSION);
        return 1;
    }
    if (st != BARPROTO_OK)
        return fail(s, "sent a short device info (update the bar unit firmware)", 0);
    print_info(s, &bi);

    struct barlink l;
    barlink_init(&l);
    uint64_t samples = 0;
    int rc = stream(s, duration_ms, &l, &samples);
    fprintf(s->out, "  frames received  %llu in %.1f s (%llu samples)\n",
            (unsigned long long)l.stats.frames_ok, duration_ms / (double)MS_PER_S,
            (unsigned long long)samples);
    fprintf(s->out, "  frames lost      %llu (gaps in the sequence)\n",
            (unsigned long long)l.stats.frames_lost);
    fprintf(s->out, "  CRC errors       %llu\n", (unsigned long long)l.stats.crc_errors);
    if (rc == 0 && l.stats.frames_ok == 0) {
        fprintf(s->err, "rackside-ctl: %s: no frames in %.1f s%s\n", s->where,
                duration_ms / (double)MS_PER_S,
                bi.status & BARPROTO_STATUS_IMU_FAULT ? " (its IMU is at fault, see above)" : "");
        rc = 1;
    }
    return rc;
}

int bar_info_run(unsigned duration_ms, FILE *out, FILE *err)
{
    struct session s = {.out = out, .err = err};
    snprintf(s.where, sizeof s.where, "bar unit %04x:%04x", BARPROTO_USB_VID, BARPROTO_USB_PID);
    int r = libusb_init(&s.ctx);
    if (r != 0)
        return fail(&s, "cannot start libusb", r);
    int rc = run(&s, duration_ms);
    if (s.claimed)
        libusb_release_interface(s.h, IFACE);
    if (s.h)
        libusb_close(s.h);
    libusb_exit(s.ctx);
    return rc;
}

int ctl_bar_info(int argc, char **argv)
{
    unsigned ms = BAR_INFO_DEFAULT_MS;
    for (int i = 0; i < argc; i++) {
        char *end;
        if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            errno = 0;
            double sec = strtod(argv[++i], &end);
            if (errno || *end || !(sec > 0) || sec > SECONDS_MAX) {
                fprintf(stderr,
                        "rackside-ctl: --seconds takes 0.1 to %d (see rackside-ctl "
                        "--help)\n",
                        SECONDS_MAX);
                return 2;
            }
            ms = (unsigned)(sec * MS_PER_S);
            continue;
        }
        fprintf(stderr, "rackside-ctl: usage: bar-info [--seconds N] (see rackside-ctl --help)\n");
        return 2;
    }
    return bar_info_run(ms, stdout, stderr);
}
