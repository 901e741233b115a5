/*
 * Bar unit over USB. One thread owns every libusb call; the device conversation is a
 * state machine with one handler per state, stepped by bar_usb_thread(). Only the
 * byte ring, the connected flag, the message and the counters are shared with the
 * caller's thread, under one mutex.
 *
 * A thread rather than libusb_handle_events from bar_read(): the configure step does
 * blocking control transfers (bounded by CTRL_TIMEOUT_MS), cancelling transfers after
 * an unplug needs event handling until libusb gives them back, and hotplug callbacks
 * arrive through event handling too. None of that may stall the kiosk's frame loop,
 * and data must keep flowing while the UI is busy.
 */
#include "bar_usb.h"

#include <errno.h>
#include <libusb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../firmware/proto/barproto.h"

#define RING_CAP          (64u * 1024u) /* ~5 s of frames at 1 kHz */
#define TRANSFERS         4             /* bulk IN transfers kept in flight */
#define FRAMES_PER_XFER   4
#define CTRL_TIMEOUT_MS   500
#define STOP_TIMEOUT_MS   200
#define PROBE_INTERVAL_US 1000000 /* re-probe without hotplug, and retry after a failure */
#define EVENT_WAIT_US     100000  /* longest sleep in libusb event handling */
#define STALL_US          2000000 /* streaming but silent this long: the unit hung */
#define STALL_TEXT        "2 s"
#define DRAIN_MAX_US      2000000 /* cancelled transfers normally return in ms */
#define INFO_MAX          64
#define VENDOR_CLASS      0xffu

#define REQ_IN  (LIBUSB_ENDPOINT_IN | LIBUSB_REQUEST_TYPE_VENDOR | LIBUSB_RECIPIENT_INTERFACE)
#define REQ_OUT (LIBUSB_ENDPOINT_OUT | LIBUSB_REQUEST_TYPE_VENDOR | LIBUSB_RECIPIENT_INTERFACE)

struct bar_usb {
    struct bar port; /* first: the port is the handle */

    /* shared with the caller, under lock */
    pthread_mutex_t lock;
    uint8_t *ring;
    size_t ring_head, ring_len;
    bool connected;
    char serial[BARPROTO_SERIAL_SIZE + 1]; /* the connected unit's, from its device info */
    char msg[BAR_USB_ERR_MAX];
    bool msg_changed;
    struct bar_usb_stats stats;
    bar_usb_wake_fn wake; /* told when bytes arrive or the link changes */
    void *wake_ctx;

    /* owned by the thread */
    pthread_t thread;
    atomic_bool quit;
    libusb_context *ctx;
    bool hotplug;
    libusb_hotplug_callback_handle hotplug_handle;
    bool arrived; /* hotplug said a unit appeared */
    enum bar_usb_state state;
    libusb_device *dev;
    libusb_device_handle *handle;
    int iface;
    bool claimed;
    bool started;
    unsigned bus, addr;
    struct libusb_transfer *xfer[TRANSFERS];
    bool in_flight[TRANSFERS];
    int n_in_flight;
    bool fault;             /* a transfer or hotplug said the stream is over */
    int64_t next_probe_us;  /* when PROBE / RECONNECT may try again */
    int64_t last_rx_us;     /* last bulk completion with data */
    int64_t drain_since_us; /* ERROR: when cancelling began */
    char where[64];         /* "bar unit 1209:0001 on bus 1 dev 5" */
};

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

const char *bar_usb_state_str(enum bar_usb_state state)
{
    switch (state) {
    case BAR_USB_PROBE:
        return "probe";
    case BAR_USB_CONFIGURE:
        return "configure";
    case BAR_USB_STREAM:
        return "stream";
    case BAR_USB_ERROR:
        return "error";
    case BAR_USB_RECONNECT:
        return "reconnect";
    }
    return "?";
}

/* Sets the one-line status; logs it once when it differs from the previous one. */
static void set_msg(struct bar_usb *u, const char *fmt, ...)
{
    char line[BAR_USB_ERR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&u->lock);
    bool changed = strcmp(line, u->msg) != 0;
    if (changed) {
        memcpy(u->msg, line, sizeof line);
        u->msg_changed = true;
    }
    pthread_mutex_unlock(&u->lock);
    if (changed && line[0])
        fprintf(stderr, "rackside: %s\n", line);
}

/* Called with the lock held: who to wake once it is released. */
static void take_wake(struct bar_usb *u, bar_usb_wake_fn *fn, void **ctx)
{
    *fn = u->wake;
    *ctx = u->wake_ctx;
}

static void set_connected(struct bar_usb *u, bool connected)
{
    bar_usb_wake_fn wake;
    void *wake_ctx;
    pthread_mutex_lock(&u->lock);
    take_wake(u, &wake, &wake_ctx);
    u->connected = connected;
    if (!connected) {
        /* Bytes from the unit that left are stale; barlink restarts on the next unit. */
        u->ring_head = 0;
        u->ring_len = 0;
    }
    pthread_mutex_unlock(&u->lock);
    if (wake)
        wake(wake_ctx);
}

static void set_state(struct bar_usb *u, enum bar_usb_state state)
{
    u->state = state;
    pthread_mutex_lock(&u->lock);
    u->stats.state = state;
    u->stats.transfers_in_flight = u->n_in_flight;
    if (state == BAR_USB_STREAM)
        u->stats.connects++;
    if (state == BAR_USB_ERROR)
        u->stats.faults++;
    pthread_mutex_unlock(&u->lock);
}

/* Appends received bytes; when the reader falls behind, the oldest bytes go. */
static void ring_push(struct bar_usb *u, const uint8_t *data, size_t len)
{
    bar_usb_wake_fn wake;
    void *wake_ctx;
    pthread_mutex_lock(&u->lock);
    take_wake(u, &wake, &wake_ctx);
    u->stats.bytes_in += len;
    if (len > RING_CAP) {
        u->stats.bytes_dropped += len - RING_CAP;
        data += len - RING_CAP;
        len = RING_CAP;
    }
    size_t room = RING_CAP - u->ring_len;
    if (len > room) {
        size_t drop = len - room;
        u->ring_head = (u->ring_head + drop) % RING_CAP;
        u->ring_len -= drop;
        u->stats.bytes_dropped += drop;
    }
    size_t tail = (u->ring_head + u->ring_len) % RING_CAP;
    size_t first = len < RING_CAP - tail ? len : RING_CAP - tail;
    memcpy(u->ring + tail, data, first);
    memcpy(u->ring, data + first, len - first);
    u->ring_len += len;
    pthread_mutex_unlock(&u->lock);
    if (wake)
        wake(wake_ctx); /* the frame loop reads the bytes now, not on its next pass */
}

void bar_usb_set_wake(struct bar *b, bar_usb_wake_fn fn, void *ctx)
{
    struct bar_usb *u = (struct bar_usb *)b;
    pthread_mutex_lock(&u->lock);
    u->wake = fn;
    u->wake_ctx = ctx;
    pthread_mutex_unlock(&u->lock);
}

static const char *usb_err_text(int r)
{
    switch (r) {
    case LIBUSB_ERROR_ACCESS:
        return "permission denied (install the udev rule: see README)";
    case LIBUSB_ERROR_NO_DEVICE:
        return "unplugged";
    case LIBUSB_ERROR_BUSY:
        return "in use by another program (stop it, or unplug and replug the unit)";
    case LIBUSB_ERROR_TIMEOUT:
        return "not answering (unplug and replug the unit)";
    case LIBUSB_ERROR_PIPE:
        return "refused a request (update the bar unit firmware)";
    default:
        return libusb_strerror((enum libusb_error)r);
    }
}

/* --- transfers --- */

/* The first cause of a fault is the one worth telling. */
static void stream_fault(struct bar_usb *u, const char *why)
{
    if (!u->fault)
        set_msg(u, "%s: %s", u->where, why);
    u->fault = true;
}

static const char *transfer_err_text(enum libusb_transfer_status status)
{
    switch (status) {
    case LIBUSB_TRANSFER_NO_DEVICE:
        return "unplugged";
    case LIBUSB_TRANSFER_STALL:
        return "data endpoint stalled (reconnecting)";
    case LIBUSB_TRANSFER_OVERFLOW:
        return "sent more than asked for (reconnecting)";
    default:
        return "data transfer failed (reconnecting)";
    }
}

static void LIBUSB_CALL on_bulk(struct libusb_transfer *t)
{
    struct bar_usb *u = t->user_data;
    int i = 0;
    while (i < TRANSFERS && u->xfer[i] != t)
        i++;
    if (i == TRANSFERS)
        return; /* not ours: cannot happen, but never write past the table */
    if (t->status == LIBUSB_TRANSFER_COMPLETED) {
        if (t->actual_length > 0) {
            ring_push(u, t->buffer, (size_t)t->actual_length);
            u->last_rx_us = now_us();
        }
        if (u->state == BAR_USB_STREAM && !u->fault) {
            int r = libusb_submit_transfer(t);
            if (r == 0)
                return;
            stream_fault(u, usb_err_text(r));
        }
    } else if (t->status != LIBUSB_TRANSFER_CANCELLED) {
        stream_fault(u, transfer_err_text(t->status));
    }
    u->in_flight[i] = false;
    u->n_in_flight--;
}

static void free_transfers(struct bar_usb *u)
{
    for (int i = 0; i < TRANSFERS; i++) {
        if (u->xfer[i] && !u->in_flight[i]) {
            free(u->xfer[i]->buffer);
            libusb_free_transfer(u->xfer[i]);
            u->xfer[i] = NULL;
        }
    }
}

static int submit_transfers(struct bar_usb *u)
{
    int mps = libusb_get_max_packet_size(u->dev, BARPROTO_USB_EP_IN);
    if (mps <= 0)
        mps = 64;
    /* A multiple of the packet size, so a full packet never overflows the buffer. */
    size_t len = (FRAMES_PER_XFER * BARPROTO_FRAME_SIZE_MAX + (size_t)mps - 1) / (size_t)mps;
    len *= (size_t)mps;
    for (int i = 0; i < TRANSFERS; i++) {
        u->xfer[i] = libusb_alloc_transfer(0);
        uint8_t *buf = malloc(len);
        if (!u->xfer[i] || !buf) {
            free(buf);
            return LIBUSB_ERROR_NO_MEM;
        }
        libusb_fill_bulk_transfer(u->xfer[i], u->handle, BARPROTO_USB_EP_IN, buf, (int)len, on_bulk,
                                  u, 0);
        int r = libusb_submit_transfer(u->xfer[i]);
        if (r != 0)
            return r;
        u->in_flight[i] = true;
        u->n_in_flight++;
    }
    return 0;
}

/* --- hotplug --- */

static int LIBUSB_CALL on_hotplug(libusb_context *ctx, libusb_device *dev,
                                  libusb_hotplug_event event, void *user_data)
{
    (void)ctx;
    struct bar_usb *u = user_data;
    if (event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED) {
        u->arrived = true;
    } else if (dev == u->dev && (u->state == BAR_USB_STREAM || u->state == BAR_USB_CONFIGURE)) {
        stream_fault(u, "unplugged");
    }
    return 0; /* stay registered */
}

/* Runs libusb's event handling for up to wait_us, returning early on any event. */
static void pump_events(struct bar_usb *u, int64_t wait_us)
{
    if (wait_us < 0)
        wait_us = 0;
    if (wait_us > EVENT_WAIT_US)
        wait_us = EVENT_WAIT_US;
    struct timeval tv = {.tv_sec = 0, .tv_usec = (suseconds_t)wait_us};
    libusb_handle_events_timeout_completed(u->ctx, &tv, NULL);
}

/* --- the states --- */

static libusb_device *find_unit(struct bar_usb *u)
{
    libusb_device **list;
    ssize_t n = libusb_get_device_list(u->ctx, &list);
    libusb_device *found = NULL;
    for (ssize_t i = 0; i < n && !found; i++) {
        struct libusb_device_descriptor dd;
        if (libusb_get_device_descriptor(list[i], &dd) == 0 && dd.idVendor == BARPROTO_USB_VID &&
            dd.idProduct == BARPROTO_USB_PID)
            found = libusb_ref_device(list[i]);
    }
    if (n >= 0)
        libusb_free_device_list(list, 1);
    return found;
}

static void state_probe(struct bar_usb *u)
{
    int64_t t = now_us();
    if (!u->arrived && t < u->next_probe_us) {
        pump_events(u, u->next_probe_us - t);
        return;
    }
    u->arrived = false;
    u->next_probe_us = t + PROBE_INTERVAL_US;
    u->dev = find_unit(u);
    if (!u->dev) {
        set_msg(u, "bar unit %04x:%04x: not plugged in", BARPROTO_USB_VID, BARPROTO_USB_PID);
        return;
    }
    u->bus = libusb_get_bus_number(u->dev);
    u->addr = libusb_get_device_address(u->dev);
    snprintf(u->where, sizeof u->where, "bar unit %04x:%04x on bus %u dev %u", BARPROTO_USB_VID,
             BARPROTO_USB_PID, u->bus, u->addr);
    u->fault = false;
    set_state(u, BAR_USB_CONFIGURE);
}

/* The vendor-specific interface that holds the data endpoint, or -1. */
static int find_iface(libusb_device *dev)
{
    struct libusb_config_descriptor *cfg;
    if (libusb_get_active_config_descriptor(dev, &cfg) != 0)
        return -1;
    int found = -1;
    for (int i = 0; i < cfg->bNumInterfaces && found < 0; i++) {
        for (int a = 0; a < cfg->interface[i].num_altsetting && found < 0; a++) {
            const struct libusb_interface_descriptor *id = &cfg->interface[i].altsetting[a];
            for (int e = 0; e < id->bNumEndpoints; e++) {
                const struct libusb_endpoint_descriptor *ep = &id->endpoint[e];
                if (id->bInterfaceClass == VENDOR_CLASS &&
                    ep->bEndpointAddress == BARPROTO_USB_EP_IN &&
                    (ep->bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) == LIBUSB_TRANSFER_TYPE_BULK)
                    found = id->bInterfaceNumber;
            }
        }
    }
    libusb_free_config_descriptor(cfg);
    return found;
}

static int ctrl_out(struct bar_usb *u, uint8_t req, uint16_t value, uint16_t index)
{
    int r =
        libusb_control_transfer(u->handle, REQ_OUT, req, value, index, NULL, 0, CTRL_TIMEOUT_MS);
    return r < 0 ? r : 0;
}

/* Open, claim, check the protocol, set the unit up and start it. Returns a message or NULL. */
static const char *configure(struct bar_usb *u, char *detail, size_t detail_len)
{
    int r = libusb_open(u->dev, &u->handle);
    if (r != 0)
        return usb_err_text(r);
    u->iface = find_iface(u->dev);
    if (u->iface < 0)
        return "no vendor interface with bulk IN 0x81 (not a bar unit, or old firmware)";
    if (libusb_kernel_driver_active(u->handle, u->iface) == 1) {
        r = libusb_detach_kernel_driver(u->handle, u->iface);
        if (r != 0)
            return usb_err_text(r);
    }
    r = libusb_claim_interface(u->handle, u->iface);
    if (r != 0)
        return usb_err_text(r);
    u->claimed = true;

    uint8_t info[INFO_MAX];
    uint16_t ifn = (uint16_t)u->iface;
    r = libusb_control_transfer(u->handle, REQ_IN, BARPROTO_REQ_GET_INFO, 0, ifn, info, sizeof info,
                                CTRL_TIMEOUT_MS);
    if (r < 0)
        return usb_err_text(r);
    struct barproto_info bi;
    switch (barproto_info_decode(info, (size_t)r, &bi)) {
    case BARPROTO_OK:
        break;
    case BARPROTO_BAD_VERSION:
        snprintf(detail, detail_len,
                 "speaks protocol %u, this kiosk speaks %u to %u (update the bar unit firmware)",
                 info[0], BARPROTO_VERSION_MIN, BARPROTO_VERSION);
        return detail;
    default:
        return "sent a short device info (update the bar unit firmware)";
    }
    pthread_mutex_lock(&u->lock);
    snprintf(u->serial, sizeof u->serial, "%s", bi.serial);
    pthread_mutex_unlock(&u->lock);
    if ((r = ctrl_out(u, BARPROTO_REQ_SET_RATE, BAR_USB_RATE_HZ, ifn)) != 0 ||
        (r = ctrl_out(u, BARPROTO_REQ_SET_ACCEL_RANGE, BAR_USB_ACCEL_FS_G, ifn)) != 0 ||
        (r = ctrl_out(u, BARPROTO_REQ_SET_GYRO_RANGE, BAR_USB_GYRO_FS_DPS, ifn)) != 0 ||
        (r = ctrl_out(u, BARPROTO_REQ_START, 0, ifn)) != 0)
        return usb_err_text(r);
    u->started = true;
    r = submit_transfers(u);
    if (r != 0)
        return usb_err_text(r);
    return NULL;
}

static void state_configure(struct bar_usb *u)
{
    char detail[BAR_USB_ERR_MAX];
    const char *why = configure(u, detail, sizeof detail);
    if (why) {
        set_msg(u, "%s: %s", u->where, why);
        u->drain_since_us = now_us();
        set_state(u, BAR_USB_ERROR);
        return;
    }
    set_msg(u, "");
    u->last_rx_us = now_us();
    set_connected(u, true);
    set_state(u, BAR_USB_STREAM);
}

static void state_stream(struct bar_usb *u)
{
    pump_events(u, EVENT_WAIT_US);
    if (!u->fault && now_us() - u->last_rx_us > STALL_US)
        stream_fault(u, "no data for " STALL_TEXT " (reconnecting)");
    if (u->fault || u->n_in_flight == 0) {
        set_connected(u, false);
        u->drain_since_us = now_us();
        set_state(u, BAR_USB_ERROR);
    }
}

/* Stops the unit (when it is still there), cancels and frees transfers, lets go of it. */
static void state_error(struct bar_usb *u)
{
    set_connected(u, false);
    if (u->started && !u->fault) {
        /* A clean stop (closing, or a failed configure): tell the unit to stop sending. */
        libusb_control_transfer(u->handle, REQ_OUT, BARPROTO_REQ_STOP, 0, (uint16_t)u->iface, NULL,
                                0, STOP_TIMEOUT_MS);
    }
    u->started = false;
    for (int i = 0; i < TRANSFERS; i++)
        if (u->in_flight[i])
            libusb_cancel_transfer(u->xfer[i]);
    if (u->n_in_flight > 0) {
        if (now_us() - u->drain_since_us < DRAIN_MAX_US) {
            pump_events(u, EVENT_WAIT_US);
            return;
        }
        /* libusb still owns them: keep the handle open rather than free live memory. */
        set_msg(u, "%s: %d transfers will not cancel (unplug and replug the unit)", u->where,
                u->n_in_flight);
        u->drain_since_us = now_us();
        return;
    }
    free_transfers(u);
    if (u->claimed)
        libusb_release_interface(u->handle, u->iface);
    u->claimed = false;
    if (u->handle)
        libusb_close(u->handle);
    u->handle = NULL;
    libusb_unref_device(u->dev);
    u->dev = NULL;
    u->fault = false;
    u->next_probe_us = now_us() + PROBE_INTERVAL_US;
    set_state(u, BAR_USB_RECONNECT);
}

/* Waits for the unit to come back: a hotplug arrival, or the retry timer. */
static void state_reconnect(struct bar_usb *u)
{
    int64_t t = now_us();
    if (u->arrived || t >= u->next_probe_us) {
        u->next_probe_us = t; /* probe at once */
        set_state(u, BAR_USB_PROBE);
        return;
    }
    pump_events(u, u->next_probe_us - t);
}

static void step(struct bar_usb *u)
{
    switch (u->state) {
    case BAR_USB_PROBE:
        state_probe(u);
        break;
    case BAR_USB_CONFIGURE:
        state_configure(u);
        break;
    case BAR_USB_STREAM:
        state_stream(u);
        break;
    case BAR_USB_ERROR:
        state_error(u);
        break;
    case BAR_USB_RECONNECT:
        state_reconnect(u);
        break;
    }
    pthread_mutex_lock(&u->lock);
    u->stats.transfers_in_flight = u->n_in_flight;
    pthread_mutex_unlock(&u->lock);
}

static void *bar_usb_thread(void *arg)
{
    struct bar_usb *u = arg;
    while (!atomic_load(&u->quit))
        step(u);
    /* Closing: a clean stop from whatever state, bounded by DRAIN_MAX_US. */
    if (u->state == BAR_USB_STREAM || u->state == BAR_USB_CONFIGURE) {
        u->drain_since_us = now_us();
        set_state(u, BAR_USB_ERROR);
    }
    while (u->state == BAR_USB_ERROR && now_us() - u->drain_since_us < DRAIN_MAX_US)
        state_error(u);
    return NULL;
}

/* --- the port --- */

static int usb_read(struct bar *b, int64_t t_us, uint8_t *buf, size_t cap)
{
    (void)t_us; /* bytes carry their own MCU time; barlink stamps arrival itself */
    struct bar_usb *u = (struct bar_usb *)b;
    pthread_mutex_lock(&u->lock);
    size_t n = u->ring_len < cap ? u->ring_len : cap;
    size_t first = n < RING_CAP - u->ring_head ? n : RING_CAP - u->ring_head;
    memcpy(buf, u->ring + u->ring_head, first);
    memcpy(buf + first, u->ring, n - first);
    u->ring_head = (u->ring_head + n) % RING_CAP;
    u->ring_len -= n;
    pthread_mutex_unlock(&u->lock);
    return (int)n;
}

static bool usb_connected(struct bar *b)
{
    struct bar_usb *u = (struct bar_usb *)b;
    pthread_mutex_lock(&u->lock);
    bool c = u->connected;
    pthread_mutex_unlock(&u->lock);
    return c;
}

static void usb_unit(struct bar *b, char *out, size_t cap)
{
    struct bar_usb *u = (struct bar_usb *)b;
    pthread_mutex_lock(&u->lock);
    snprintf(out, cap, "%s", u->connected ? u->serial : "");
    pthread_mutex_unlock(&u->lock);
}

static void usb_close(struct bar *b)
{
    struct bar_usb *u = (struct bar_usb *)b;
    atomic_store(&u->quit, true);
    libusb_interrupt_event_handler(u->ctx);
    pthread_join(u->thread, NULL);
    if (u->hotplug)
        libusb_hotplug_deregister_callback(u->ctx, u->hotplug_handle);
    if (!u->handle) /* else transfers never came back: leave libusb's memory alone */
        libusb_exit(u->ctx);
    pthread_mutex_destroy(&u->lock);
    free(u->ring);
    free(u);
}

struct bar *bar_usb_open(char err[BAR_USB_ERR_MAX])
{
    err[0] = '\0';
    struct bar_usb *u = calloc(1, sizeof *u);
    uint8_t *ring = malloc(RING_CAP);
    if (!u || !ring) {
        free(u);
        free(ring);
        snprintf(err, BAR_USB_ERR_MAX, "bar unit: out of memory");
        return NULL;
    }
    u->ring = ring;
    u->port = (struct bar){
        .name = "bar unit (USB)",
        .read = usb_read,
        .connected = usb_connected,
        .unit = usb_unit,
        .close = usb_close,
    };
    int r = libusb_init(&u->ctx);
    if (r != 0) {
        snprintf(err, BAR_USB_ERR_MAX, "bar unit: libusb cannot start: %s",
                 libusb_strerror((enum libusb_error)r));
        free(ring);
        free(u);
        return NULL;
    }
    pthread_mutex_init(&u->lock, NULL);
    u->hotplug = libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) &&
                 libusb_hotplug_register_callback(
                     u->ctx, LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT,
                     LIBUSB_HOTPLUG_NO_FLAGS, BARPROTO_USB_VID, BARPROTO_USB_PID,
                     LIBUSB_HOTPLUG_MATCH_ANY, on_hotplug, u, &u->hotplug_handle) == 0;
    u->stats.hotplug = u->hotplug;
    u->state = BAR_USB_PROBE;
    r = pthread_create(&u->thread, NULL, bar_usb_thread, u);
    if (r != 0) {
        snprintf(err, BAR_USB_ERR_MAX, "bar unit: cannot start its thread: %s", strerror(r));
        if (u->hotplug)
            libusb_hotplug_deregister_callback(u->ctx, u->hotplug_handle);
        libusb_exit(u->ctx);
        pthread_mutex_destroy(&u->lock);
        free(ring);
        free(u);
        return NULL;
    }
    return &u->port;
}

bool bar_usb_message(struct bar *b, char out[BAR_USB_ERR_MAX])
{
    struct bar_usb *u = (struct bar_usb *)b;
    pthread_mutex_lock(&u->lock);
    memcpy(out, u->msg, BAR_USB_ERR_MAX);
    bool changed = u->msg_changed;
    u->msg_changed = false;
    pthread_mutex_unlock(&u->lock);
    return changed;
}

void bar_usb_stats(struct bar *b, struct bar_usb_stats *out)
{
    struct bar_usb *u = (struct bar_usb *)b;
    pthread_mutex_lock(&u->lock);
    *out = u->stats;
    pthread_mutex_unlock(&u->lock);
}
