/*
 * The bar unit's USB device against a model of the RP2040 USB controller's registers
 * and endpoint buffers: enumeration, descriptors, the vendor requests, the bulk stream
 * through the double-buffered endpoint, a host that stops reading, a bus reset. Runs on
 * the host (cmocka) and on an emulated Cortex-M0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../firmware/core/usbdev.h"
#include "fw_rig.h"
#include "usbctrl_model.h"

#define TRIES          8 /* NAKs a host transaction tolerates before the test fails */
#define STEP_US        125u
#define S              1000000u
#define PACKETS_PER_MS 19u /* full-speed bulk: at most 19 64-byte packets per frame */

struct urig {
    struct rig r; /* the unit and its IMU model */
    struct usbctrl_model hc;
    struct usbdev dev;
    /* the bulk stream as the host received it */
    uint8_t frame[BARPROTO_FRAME_SIZE];
    unsigned frame_len;
    uint32_t packets, torn;
    bool both_armed_seen;
};

static struct urig u;

/* Fake application: a serial of any length and a fixed reply, for EP0 edge cases. */
struct fake {
    const char *serial;
};

static bool fake_vendor(void *ctx, const struct usb_setup *s, uint8_t *data, uint16_t *len)
{
    (void)ctx;
    (void)s;
    (void)data;
    *len = 0;
    return false;
}

static const uint8_t *fake_peek(void *ctx)
{
    (void)ctx;
    return NULL;
}

static void fake_pop(void *ctx)
{
    (void)ctx;
}

static void fake_gone(void *ctx)
{
    (void)ctx;
}

static bool unit_vendor(void *ctx, const struct usb_setup *s, uint8_t *data, uint16_t *len)
{
    return barunit_control(ctx, s, data, len);
}

static const uint8_t *unit_peek(void *ctx)
{
    return barunit_tx_peek(ctx);
}

static void unit_pop(void *ctx)
{
    barunit_tx_pop(ctx);
}

static void unit_gone(void *ctx)
{
    barunit_host_gone(ctx);
}

static void attach(struct urig *x, const struct usbdev_app *app)
{
    memset(&x->hc, 0, sizeof x->hc);
    struct usbdev_io io = usbctrl_model_io(&x->hc);
    usbdev_init(&x->dev, &io, app);
    x->frame_len = 0;
    x->packets = x->torn = 0;
    x->both_armed_seen = false;
}

static void attach_unit(struct urig *x, int32_t drift_ppm)
{
    rig_init(&x->r, 0x47, drift_ppm);
    struct usbdev_app app = {&x->r.unit, x->r.unit.serial, unit_vendor,
                             unit_peek,  unit_pop,         unit_gone};
    attach(x, &app);
    barunit_poll(&x->r.unit, x->r.imu.now_us, false);
}

static void attach_fake(struct urig *x, struct fake *f)
{
    struct usbdev_app app = {f, f->serial, fake_vendor, fake_peek, fake_pop, fake_gone};
    attach(x, &app);
}

static void setup_bytes(uint8_t out[8], uint8_t type, uint8_t req, uint16_t value, uint16_t index,
                        uint16_t length)
{
    uint8_t b[8] = {type,
                    req,
                    (uint8_t)value,
                    (uint8_t)(value >> 8),
                    (uint8_t)index,
                    (uint8_t)(index >> 8),
                    (uint8_t)length,
                    (uint8_t)(length >> 8)};
    memcpy(out, b, 8);
}

/* One IN transaction, letting the device's main loop run between NAKs. */
static enum usb_result in_packet(struct urig *x, unsigned ep, uint8_t *buf, unsigned *len)
{
    enum usb_result r = USB_NAK;
    for (int t = 0; t < TRIES && r == USB_NAK; t++) {
        r = usbctrl_model_in(&x->hc, ep, buf, len);
        usbdev_poll(&x->dev);
    }
    return r;
}

/*
 * A whole control transfer as a host does it: SETUP, the IN data stage packet by packet
 * until a short packet or wLength, then the status stage. Returns the first result
 * that was not an ACK, or USB_ACK with the data and its length.
 */
static enum usb_result control(struct urig *x, uint8_t type, uint8_t req, uint16_t value,
                               uint16_t index, uint16_t length, uint8_t *data, unsigned *got)
{
    uint8_t s[8];
    setup_bytes(s, type, req, value, index, length);
    usbctrl_model_setup(&x->hc, s);
    usbdev_poll(&x->dev);
    *got = 0;
    if (type & 0x80) {
        for (;;) {
            uint8_t pkt[64];
            unsigned n = 0;
            enum usb_result r = in_packet(x, 0, pkt, &n);
            if (r != USB_ACK)
                return r;
            memcpy(data + *got, pkt, n);
            *got += n;
            if (n < USB_EP0_SIZE || *got >= length)
                break;
        }
        enum usb_result r = USB_NAK;
        for (int t = 0; t < TRIES && r == USB_NAK; t++) {
            r = usbctrl_model_out_zlp(&x->hc);
            usbdev_poll(&x->dev);
        }
        return r;
    }
    uint8_t zlp[64];
    unsigned n = 99;
    enum usb_result r = in_packet(x, 0, zlp, &n);
    if (r == USB_ACK && n != 0)
        return USB_BAD_TOGGLE; /* a status stage carries no data */
    return r;
}

static void enumerate(struct urig *x)
{
    uint8_t buf[256];
    unsigned got;
    usbctrl_model_bus_reset(&x->hc);
    usbdev_poll(&x->dev);
    assert_int_equal(control(x, 0x80, 6, 0x0100, 0, 64, buf, &got), USB_ACK);
    assert_int_equal(control(x, 0x00, 5, 9, 0, 0, buf, &got), USB_ACK);
    assert_int_equal(control(x, 0x80, 6, 0x0200, 0, 255, buf, &got), USB_ACK);
    assert_int_equal(control(x, 0x00, 9, 1, 0, 0, buf, &got), USB_ACK);
    assert_true(x->dev.configured);
}

/* Linux's enumeration, step by step, and what each answer holds. */
static void test_enumeration(void **state)
{
    (void)state;
    attach_unit(&u, 0);
    uint32_t *reg = u.hc.regs;
    (void)reg;
    assert_int_equal(*model_reg(&u.hc, USBDEV_SIE_CTRL) & USBDEV_SIE_PULLUP_EN,
                     USBDEV_SIE_PULLUP_EN); /* the host can see the unit */
    assert_int_equal(*model_reg(&u.hc, USBDEV_MAIN_CTRL), USBDEV_MAIN_CTRL_EN);
    usbctrl_model_bus_reset(&u.hc);
    usbdev_poll(&u.dev);

    uint8_t buf[256];
    unsigned got;
    size_t dev_len, cfg_len;
    const uint8_t *dev = usb_desc_device(&dev_len);
    const uint8_t *cfg = usb_desc_config(&cfg_len);
    assert_int_equal(control(&u, 0x80, 6, 0x0100, 0, 64, buf, &got), USB_ACK);
    assert_int_equal(got, 18);
    assert_memory_equal(buf, dev, 18);
    assert_int_equal(buf[7], 64);
    assert_int_equal(buf[8] | buf[9] << 8, BARPROTO_USB_VID);
    assert_int_equal(buf[10] | buf[11] << 8, BARPROTO_USB_PID);

    assert_int_equal(control(&u, 0x00, 5, 9, 0, 0, buf, &got), USB_ACK);
    assert_int_equal(*model_reg(&u.hc, USBDEV_ADDR_ENDP), 9); /* after the status stage */

    assert_int_equal(control(&u, 0x80, 6, 0x0200, 0, 9, buf, &got), USB_ACK);
    assert_int_equal(got, 9);
    assert_int_equal(buf[2] | buf[3] << 8, cfg_len);
    assert_int_equal(control(&u, 0x80, 6, 0x0200, 0, 255, buf, &got), USB_ACK);
    assert_int_equal(got, cfg_len);
    assert_memory_equal(buf, cfg, cfg_len);
    assert_int_equal(buf[9 + 5], 0xff);                /* vendor-specific interface */
    assert_int_equal(buf[18 + 2], BARPROTO_USB_EP_IN); /* bulk IN 0x81, 64 bytes */
    assert_int_equal(buf[18 + 3], 2);
    assert_int_equal(buf[18 + 4], 64);

    assert_int_equal(control(&u, 0x80, 6, 0x0300, 0, 255, buf, &got), USB_ACK);
    assert_int_equal(got, 4);
    assert_int_equal(buf[2] | buf[3] << 8, 0x0409);
    assert_int_equal(control(&u, 0x80, 6, 0x0303, 0x0409, 255, buf, &got), USB_ACK);
    assert_int_equal(got, 2 + 2 * 16);
    for (unsigned i = 0; i < 16; i++) {
        assert_int_equal(buf[2 + 2 * i], (uint8_t)u.r.unit.serial[i]);
        assert_int_equal(buf[3 + 2 * i], 0);
    }
    assert_int_equal(control(&u, 0x80, 6, 0x0302, 0x0409, 255, buf, &got), USB_ACK);
    assert_int_equal(got, 2 + 2 * strlen("rackside bar unit"));
    /* no such string, no device qualifier (full speed only): stalled, then all is well */
    assert_int_equal(control(&u, 0x80, 6, 0x0304, 0x0409, 255, buf, &got), USB_STALL);
    assert_int_equal(control(&u, 0x80, 6, 0x0600, 0, 10, buf, &got), USB_STALL);
    assert_int_equal(control(&u, 0x80, 6, 0x0100, 0, 18, buf, &got), USB_ACK);
    assert_int_equal(got, 18);

    assert_int_equal(control(&u, 0x80, 8, 0, 0, 1, buf, &got), USB_ACK);
    assert_int_equal(buf[0], 0);
    assert_int_equal(control(&u, 0x00, 9, 1, 0, 0, buf, &got), USB_ACK);
    uint32_t ep = model_get32(u.hc.dpram + USBDEV_EP1_IN_CTRL);
    assert_int_equal(ep & (USBDEV_EP_ENABLE | USBDEV_EP_DOUBLE_BUF | (3u << 26)),
                     USBDEV_EP_ENABLE | USBDEV_EP_DOUBLE_BUF | USBDEV_EP_TYPE_BULK);
    assert_int_equal(ep & 0xffffu, USBDEV_EP1_BUF);
    assert_int_equal(control(&u, 0x80, 8, 0, 0, 1, buf, &got), USB_ACK);
    assert_int_equal(buf[0], 1);
    assert_int_equal(control(&u, 0x80, 0, 0, 0, 2, buf, &got), USB_ACK);
    assert_int_equal(got, 2);
    assert_int_equal(control(&u, 0x00, 9, 2, 0, 0, buf, &got), USB_STALL);
    assert_int_equal(u.hc.bad_writes, 0);
}

/* Replies longer than a packet, and ones that end on a packet boundary short of wLength
 * (which need a zero-length packet), with a serial long enough to need them. */
static void test_ep0_multi_packet_and_zlp(void **state)
{
    (void)state;
    static const struct {
        const char *serial;
        uint16_t w_length;
        unsigned expect;
    } cases[] = {
        {"ABCDEFGHIJKLMNOPQRSTUVWXYZ01234", 255, 64}, /* 31 chars: 64 bytes, then a ZLP */
        {"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", 255, 66},
        {"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", 64, 64}, /* cut at wLength */
        {"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", 65, 65},
        {"ABCDEFGHIJKLMNOPQRSTUVWXYZ01234", 64, 64}, /* exactly wLength: no ZLP */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct fake f = {cases[k].serial};
        attach_fake(&u, &f);
        uint8_t buf[256];
        unsigned got;
        assert_int_equal(control(&u, 0x80, 6, 0x0303, 0x0409, cases[k].w_length, buf, &got),
                         USB_ACK);
        assert_int_equal(got, cases[k].expect);
        assert_int_equal(buf[0], 2 + 2 * strlen(f.serial));
        assert_int_equal(buf[got - 1 - (got % 2 ? 0 : 1)], (uint8_t)f.serial[(got - 3) / 2]);
        assert_int_equal(u.dev.ep0_stage, USBDEV_EP0_IDLE);
    }
}

/* The vendor requests through the control pipe, as the kiosk sends them. */
static void test_vendor_requests(void **state)
{
    (void)state;
    attach_unit(&u, 0);
    enumerate(&u);
    uint8_t buf[256];
    unsigned got;
    assert_int_equal(control(&u, 0xc1, BARPROTO_REQ_GET_INFO, 0, 0, 64, buf, &got), USB_ACK);
    assert_int_equal(got, BARPROTO_INFO_SIZE);
    struct barproto_info info;
    assert_int_equal(barproto_info_decode(buf, got, &info), BARPROTO_OK);
    assert_int_equal(info.who_am_i, 0x47);
    assert_int_equal(info.rate_hz, 1000);
    assert_string_equal(info.serial, u.r.unit.serial);
    assert_int_equal(control(&u, 0xc1, BARPROTO_REQ_GET_INFO, 0, 0, 1, buf, &got), USB_ACK);
    assert_int_equal(got, 1);
    assert_int_equal(buf[0], BARPROTO_VERSION);

    static const struct {
        uint8_t req;
        uint16_t value, index;
        enum usb_result expect;
    } cases[] = {
        {BARPROTO_REQ_SET_RATE, 500, 0, USB_ACK},
        {BARPROTO_REQ_SET_RATE, 333, 0, USB_STALL},
        {BARPROTO_REQ_SET_ACCEL_RANGE, 8, 0, USB_ACK},
        {BARPROTO_REQ_SET_ACCEL_RANGE, 12, 0, USB_STALL},
        {BARPROTO_REQ_SET_GYRO_RANGE, 250, 0, USB_ACK},
        {BARPROTO_REQ_SET_GYRO_RANGE, 300, 0, USB_STALL},
        {BARPROTO_REQ_SET_RATE, 200, 2, USB_STALL},
        {0x55, 0, 0, USB_STALL},
        {BARPROTO_REQ_START, 0, 0, USB_ACK},
        {BARPROTO_REQ_STOP, 0, 0, USB_ACK},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
        assert_int_equal(
            control(&u, 0x41, cases[k].req, cases[k].value, cases[k].index, 0, buf, &got),
            cases[k].expect);
    assert_int_equal(control(&u, 0xc1, BARPROTO_REQ_GET_INFO, 0, 0, 64, buf, &got), USB_ACK);
    assert_int_equal(barproto_info_decode(buf, got, &info), BARPROTO_OK);
    assert_int_equal(info.rate_hz, 500);
    assert_int_equal(info.accel_fs_g, 8);
    assert_int_equal(info.gyro_fs_dps, 250);
}

/* The host's bulk reads: up to n IN transactions on EP1, frames reassembled from
 * packets (a frame ends with its short packet) and checked by the rig. */
static void host_read(struct urig *x, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint8_t pkt[64];
        unsigned len = 0;
        if (x->dev.ep1_armed[0] && x->dev.ep1_armed[1])
            x->both_armed_seen = true;
        enum usb_result r = usbctrl_model_in(&x->hc, 1, pkt, &len);
        if (r == USB_NAK)
            return;
        assert_int_equal(r, USB_ACK);
        x->packets++;
        if (x->frame_len + len > BARPROTO_FRAME_SIZE) {
            x->torn++;
            x->frame_len = 0;
            continue;
        }
        memcpy(x->frame + x->frame_len, pkt, len);
        x->frame_len += len;
        if (len < 64) {
            if (x->frame_len == BARPROTO_FRAME_SIZE)
                rig_take_frame(&x->r, x->frame);
            else
                x->torn++;
            x->frame_len = 0;
        }
    }
}

static void run(struct urig *x, uint64_t until_us, bool host_reads)
{
    while (x->r.imu.now_us < until_us) {
        icm_model_advance(&x->r.imu, x->r.imu.now_us + STEP_US);
        barunit_poll(&x->r.unit, x->r.imu.now_us, icm_model_int1(&x->r.imu));
        usbdev_poll(&x->dev);
        if (host_reads)
            host_read(x, PACKETS_PER_MS / (1000u / STEP_US) + 1u);
    }
}

/* Streaming through the double-buffered endpoint: every frame whole, in order, every
 * sample the sensor made, with both buffers in use. */
static void test_stream_over_usb(void **state)
{
    (void)state;
    attach_unit(&u, 7000);
    enumerate(&u);
    uint8_t buf[8];
    unsigned got;
    assert_int_equal(control(&u, 0x41, BARPROTO_REQ_START, 0, 0, 0, buf, &got), USB_ACK);
    run(&u, 2 * S, true);
    assert_true(u.r.frames >= 1800u / BARPROTO_SAMPLES); /* 2 s at 1 kHz, less start-up */
    assert_int_equal(u.torn, 0);
    assert_int_equal(u.r.bad_frames, 0);
    assert_int_equal(u.r.seq_gaps, 0);
    assert_int_equal(u.r.sample_errors, 0);
    assert_int_equal(u.r.index_jumps, 0);
    assert_int_equal(u.r.stamp_errors, 0);
    assert_int_equal(u.r.unit.n.frames_dropped, 0);
    assert_true(u.both_armed_seen);
    /* a frame is its full 64-byte packets and one short one, which ends the transfer */
    _Static_assert(BARPROTO_FRAME_SIZE % 64u != 0, "a frame ends on a short packet");
    assert_int_equal(u.packets, u.r.frames * (BARPROTO_FRAME_SIZE / 64u + 1u));
}

/* The host stops reading for a second: the unit runs on, frames are dropped whole and
 * counted, the two packets already in the controller go out when the host returns, and
 * the first frame after the gap says frames were dropped. */
static void test_host_stops_reading_over_usb(void **state)
{
    (void)state;
    attach_unit(&u, -3000);
    enumerate(&u);
    uint8_t buf[64];
    unsigned got;
    assert_int_equal(control(&u, 0x41, BARPROTO_REQ_START, 0, 0, 0, buf, &got), USB_ACK);
    run(&u, S, true);
    uint32_t frames = u.r.frames;
    run(&u, 2 * S, false);
    assert_true(u.dev.ep1_armed[0] && u.dev.ep1_armed[1]);
    uint32_t dropped = u.r.unit.n.frames_dropped;
    assert_true(dropped > 20);
    run(&u, 3 * S, true);
    assert_true(u.r.frames > frames + 40);
    assert_int_equal(u.torn, 0);
    assert_int_equal(u.r.bad_frames, 0);
    assert_int_equal(u.r.seq_gaps, 1);
    assert_int_equal(u.r.lost_frames, dropped);
    assert_int_equal(u.r.flagged_dropped, 1);
    assert_int_equal(u.r.sample_errors, 0);
    assert_int_equal(control(&u, 0xc1, BARPROTO_REQ_GET_INFO, 0, 0, 64, buf, &got), USB_ACK);
    struct barproto_info info;
    assert_int_equal(barproto_info_decode(buf, got, &info), BARPROTO_OK);
    assert_int_equal(info.frames_dropped, dropped);
}

/* A bus reset mid-stream (the kiosk rebooted): streaming stops, the endpoint goes, and
 * the unit enumerates and streams again. */
static void test_bus_reset_mid_stream(void **state)
{
    (void)state;
    attach_unit(&u, 0);
    enumerate(&u);
    uint8_t buf[64];
    unsigned got;
    assert_int_equal(control(&u, 0x41, BARPROTO_REQ_START, 0, 0, 0, buf, &got), USB_ACK);
    run(&u, S, true);
    usbctrl_model_bus_reset(&u.hc);
    u.frame_len = 0;
    run(&u, S + 50000u, false);
    assert_false(u.dev.configured);
    assert_int_equal(*model_reg(&u.hc, USBDEV_ADDR_ENDP), 0);
    assert_false(model_get32(u.hc.dpram + USBDEV_EP1_IN_CTRL) & USBDEV_EP_ENABLE);
    assert_int_equal(u.r.unit.state, BARUNIT_IDLE);
    assert_null(barunit_tx_peek(&u.r.unit));
    enumerate(&u);
    u.r.have_seq = false;
    u.r.have_index = false;
    assert_int_equal(control(&u, 0x41, BARPROTO_REQ_START, 0, 0, 0, buf, &got), USB_ACK);
    uint32_t frames = u.r.frames;
    run(&u, 2 * S, true);
    assert_true(u.r.frames > frames + 30);
    assert_int_equal(u.torn, 0);
    assert_int_equal(u.r.bad_frames, 0);
    assert_int_equal(u.r.seq_gaps, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enumeration),
        cmocka_unit_test(test_ep0_multi_packet_and_zlp),
        cmocka_unit_test(test_vendor_requests),
        cmocka_unit_test(test_stream_over_usb),
        cmocka_unit_test(test_host_stops_reading_over_usb),
        cmocka_unit_test(test_bus_reset_mid_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
