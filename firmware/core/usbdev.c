#include "usbdev.h"

#include <string.h>

#define TYPE_MASK          0x60u
#define TYPE_STANDARD      0x00u
#define TYPE_VENDOR        0x40u
#define DIR_IN             0x80u
#define RECIPIENT_MASK     0x1fu
#define RECIPIENT_ENDPOINT 0x02u
#define REQ_GET_STATUS     0u
#define REQ_CLEAR_FEATURE  1u
#define REQ_SET_ADDRESS    5u
#define REQ_GET_DESCRIPTOR 6u
#define REQ_GET_CONFIG     8u
#define REQ_SET_CONFIG     9u
#define REQ_GET_INTERFACE  10u
#define REQ_SET_INTERFACE  11u
#define FEATURE_EP_HALT    0u
#define CONFIG_VALUE       1u
#define ADDRESS_MASK       0x7fu
#define EP1_BUF_SIZE       64u
#define HALF_SHIFT         16u

static uint32_t rd(struct usbdev *d, uint32_t addr)
{
    return d->io.rd(d->io.ctx, addr);
}

static void wr(struct usbdev *d, uint32_t addr, uint32_t v)
{
    d->io.wr(d->io.ctx, addr, v);
}

/* Copies bytes into DPRAM as little-endian words (the DPRAM takes 32-bit writes). */
static void copy_to_dpram(struct usbdev *d, uint32_t addr, const uint8_t *src, size_t len)
{
    for (size_t i = 0; i < len; i += 4) {
        uint32_t w = 0;
        for (size_t b = 0; b < 4 && i + b < len; b++)
            w |= (uint32_t)src[i + b] << (8 * b);
        wr(d, addr + (uint32_t)i, w);
    }
}

/* Hands a buffer to the controller: AVAILABLE goes in a second write, once the rest of
 * the buffer control has settled (the datasheet's rule for clk_sys faster than clk_usb). */
static void arm(struct usbdev *d, uint32_t bufctl, uint16_t value)
{
    d->io.wr16(d->io.ctx, bufctl, value);
    d->io.wr16(d->io.ctx, bufctl, (uint16_t)(value | USBDEV_BUF_AVAIL));
}

/* --- EP0 --- */

static void ep0_send_packet(struct usbdev *d)
{
    uint16_t n = d->ep0_len - d->ep0_off;
    if (n > USB_EP0_SIZE)
        n = USB_EP0_SIZE;
    copy_to_dpram(d, USBDEV_EP0_BUF, d->ep0_data + d->ep0_off, n);
    d->ep0_off += n;
    arm(d, USBDEV_EP0_IN_BUFCTL,
        (uint16_t)(USBDEV_BUF_FULL | (d->ep0_data1 ? USBDEV_BUF_DATA1 : 0u) | n));
    d->ep0_data1 = !d->ep0_data1;
}

static void ep0_reply(struct usbdev *d, const uint8_t *data, size_t len, uint16_t w_length)
{
    if (len > w_length)
        len = w_length;
    if (len > sizeof d->ep0_data)
        len = sizeof d->ep0_data;
    memmove(d->ep0_data, data, len);
    d->ep0_len = (uint16_t)len;
    d->ep0_off = 0;
    d->ep0_zlp = len < w_length && len % USB_EP0_SIZE == 0 && len > 0;
    d->ep0_stage = USBDEV_EP0_DATA_IN;
    ep0_send_packet(d);
}

/* No data stage: the status stage is a zero-length IN packet, DATA1. */
static void ep0_ack(struct usbdev *d)
{
    d->ep0_len = 0;
    d->ep0_off = 0;
    d->ep0_stage = USBDEV_EP0_STATUS_IN;
    ep0_send_packet(d);
}

static void ep0_stall(struct usbdev *d)
{
    d->stalls++;
    d->ep0_stage = USBDEV_EP0_IDLE;
    wr(d, USBDEV_EP_STALL_ARM, USBDEV_STALL_EP0_IN | USBDEV_STALL_EP0_OUT);
    d->io.wr16(d->io.ctx, USBDEV_EP0_IN_BUFCTL, USBDEV_BUF_STALL);
    d->io.wr16(d->io.ctx, USBDEV_EP0_OUT_BUFCTL, USBDEV_BUF_STALL);
}

static void ep0_in_done(struct usbdev *d)
{
    if (d->ep0_stage == USBDEV_EP0_DATA_IN) {
        if (d->ep0_off < d->ep0_len) {
            ep0_send_packet(d);
        } else if (d->ep0_zlp) {
            d->ep0_zlp = false;
            ep0_send_packet(d);
        } else {
            /* the host acknowledges with a zero-length OUT, DATA1 */
            d->ep0_stage = USBDEV_EP0_STATUS_OUT;
            arm(d, USBDEV_EP0_OUT_BUFCTL, (uint16_t)(USBDEV_BUF_DATA1 | USB_EP0_SIZE));
        }
    } else if (d->ep0_stage == USBDEV_EP0_STATUS_IN) {
        if (d->address_pending) {
            /* the new address counts only after the status stage, sent from address 0 */
            wr(d, USBDEV_ADDR_ENDP, d->address);
            d->address_pending = false;
        }
        d->ep0_stage = USBDEV_EP0_IDLE;
    }
}

/* --- EP1 IN --- */

static void ep1_reset(struct usbdev *d)
{
    d->ep1_data1 = false;
    d->ep1_armed[0] = d->ep1_armed[1] = false;
    d->ep1_fill = 0;
    d->frame = NULL;
    d->frame_off = 0;
    wr(d, USBDEV_EP1_IN_BUFCTL, USBDEV_BUF_RESET);
}

static void ep1_configure(struct usbdev *d)
{
    wr(d, USBDEV_EP1_IN_CTRL,
       USBDEV_EP_ENABLE | USBDEV_EP_DOUBLE_BUF | USBDEV_EP_INT_PER_BUF | USBDEV_EP_TYPE_BULK |
           USBDEV_EP1_BUF);
    ep1_reset(d);
}

/* Copies the next packet of the current frame into buffer i; false when nothing to send. */
static bool ep1_fill(struct usbdev *d, unsigned i)
{
    if (!d->frame) {
        d->frame = d->app.tx_peek(d->app.ctx);
        d->frame_off = 0;
        if (!d->frame)
            return false;
    }
    uint16_t n = BARPROTO_FRAME_SIZE - d->frame_off;
    if (n > EP1_BUF_SIZE)
        n = EP1_BUF_SIZE;
    copy_to_dpram(d, USBDEV_EP1_BUF + i * EP1_BUF_SIZE, d->frame + d->frame_off, n);
    d->frame_off += n;
    bool last = d->frame_off == BARPROTO_FRAME_SIZE;
    if (last) {
        /* the bytes are in the controller: the queue slot is free again */
        d->app.tx_pop(d->app.ctx);
        d->frame = NULL;
    }
    arm(d, USBDEV_EP1_IN_BUFCTL + 2u * i,
        (uint16_t)(USBDEV_BUF_FULL | (last ? USBDEV_BUF_LAST : 0u) |
                   (d->ep1_data1 ? USBDEV_BUF_DATA1 : 0u) | n));
    d->ep1_data1 = !d->ep1_data1;
    d->ep1_armed[i] = true;
    return true;
}

/* A buffer the controller has sent no longer shows AVAILABLE; refill in the same order
 * the controller alternates, so a host that stops reading just leaves both armed. */
static void ep1_service(struct usbdev *d)
{
    uint32_t bufctl = rd(d, USBDEV_EP1_IN_BUFCTL);
    for (unsigned i = 0; i < 2; i++) {
        uint32_t half = bufctl >> (HALF_SHIFT * i);
        if (d->ep1_armed[i] && !(half & USBDEV_BUF_AVAIL))
            d->ep1_armed[i] = false;
    }
    while (!d->ep1_armed[d->ep1_fill] && ep1_fill(d, d->ep1_fill))
        d->ep1_fill ^= 1u;
}

/* --- requests --- */

static void get_descriptor(struct usbdev *d, const struct usb_setup *s)
{
    uint8_t type = (uint8_t)(s->value >> 8), index = (uint8_t)s->value;
    size_t len = 0;
    const uint8_t *desc = NULL;
    uint8_t str[USB_STRING_DESC_MAX];
    if (type == USB_DESC_DEVICE) {
        desc = usb_desc_device(&len);
    } else if (type == USB_DESC_CONFIG && index == 0) {
        desc = usb_desc_config(&len);
    } else if (type == USB_DESC_STRING) {
        len = usb_desc_string(index, d->app.serial, str);
        desc = len ? str : NULL;
    }
    if (!desc) {
        ep0_stall(d); /* e.g. the device qualifier: a full-speed device has none */
        return;
    }
    ep0_reply(d, desc, len, s->length);
}

static void set_configuration(struct usbdev *d, uint16_t value)
{
    if (value == CONFIG_VALUE) {
        d->configured = true;
        ep1_configure(d);
    } else {
        d->configured = false;
        wr(d, USBDEV_EP1_IN_CTRL, 0);
        d->app.host_gone(d->app.ctx);
    }
    ep0_ack(d);
}

static void standard_request(struct usbdev *d, const struct usb_setup *s)
{
    static const uint8_t zeros[2] = {0, 0};
    uint8_t config = d->configured ? CONFIG_VALUE : 0u;
    bool ep_in = (s->type & RECIPIENT_MASK) == RECIPIENT_ENDPOINT &&
                 s->index == BARPROTO_USB_EP_IN && d->configured;
    switch (s->request) {
    case REQ_GET_DESCRIPTOR:
        get_descriptor(d, s);
        return;
    case REQ_SET_ADDRESS:
        d->address = (uint8_t)(s->value & ADDRESS_MASK);
        d->address_pending = true;
        ep0_ack(d);
        return;
    case REQ_SET_CONFIG:
        if (s->value <= CONFIG_VALUE) {
            set_configuration(d, s->value);
            return;
        }
        break;
    case REQ_GET_CONFIG:
        ep0_reply(d, &config, 1, s->length);
        return;
    case REQ_GET_STATUS:
        ep0_reply(d, zeros, 2, s->length); /* bus powered, no wake-up, never halted */
        return;
    case REQ_GET_INTERFACE:
        if (d->configured && s->index == USB_VENDOR_IFACE) {
            ep0_reply(d, zeros, 1, s->length);
            return;
        }
        break;
    case REQ_SET_INTERFACE:
        if (d->configured && s->index == USB_VENDOR_IFACE && s->value == 0) {
            ep1_reset(d);
            ep0_ack(d);
            return;
        }
        break;
    case REQ_CLEAR_FEATURE:
        if (ep_in && s->value == FEATURE_EP_HALT) {
            ep1_reset(d); /* the data toggle starts again at DATA0 */
            ep0_ack(d);
            return;
        }
        break;
    }
    ep0_stall(d);
}

static void setup_received(struct usbdev *d)
{
    uint8_t raw[8];
    uint32_t w0 = rd(d, USBDEV_SETUP), w1 = rd(d, USBDEV_SETUP + 4u);
    for (unsigned i = 0; i < 4; i++) {
        raw[i] = (uint8_t)(w0 >> (8 * i));
        raw[4 + i] = (uint8_t)(w1 >> (8 * i));
    }
    struct usb_setup s;
    usb_setup_decode(raw, &s);
    d->setups++;
    /* a SETUP ends whatever EP0 was doing; the reply starts with DATA1 */
    d->ep0_data1 = true;
    d->ep0_zlp = false;
    d->io.wr16(d->io.ctx, USBDEV_EP0_OUT_BUFCTL, 0);
    if ((s.type & TYPE_MASK) == TYPE_STANDARD) {
        standard_request(d, &s);
    } else if ((s.type & TYPE_MASK) == TYPE_VENDOR) {
        uint8_t data[BARPROTO_INFO_SIZE];
        uint16_t len = 0;
        if (!d->app.vendor(d->app.ctx, &s, data, &len))
            ep0_stall(d);
        else if (s.type & DIR_IN)
            ep0_reply(d, data, len, s.length);
        else
            ep0_ack(d);
    } else {
        ep0_stall(d);
    }
}

static void bus_reset(struct usbdev *d)
{
    d->resets++;
    d->configured = false;
    d->address = 0;
    d->address_pending = false;
    d->ep0_stage = USBDEV_EP0_IDLE;
    wr(d, USBDEV_ADDR_ENDP, 0);
    wr(d, USBDEV_EP1_IN_CTRL, 0);
    d->app.host_gone(d->app.ctx);
}

void usbdev_init(struct usbdev *d, const struct usbdev_io *io, const struct usbdev_app *app)
{
    memset(d, 0, sizeof *d);
    d->io = *io;
    d->app = *app;
    for (uint32_t a = 0; a < USBDEV_DPRAM_USED; a += 4)
        wr(d, a, 0);
    wr(d, USBDEV_USB_MUXING, USBDEV_MUX_TO_PHY | USBDEV_MUX_SOFTCON);
    /* bus powered: VBUS is there whenever the unit runs */
    wr(d, USBDEV_USB_PWR, USBDEV_PWR_VBUS_DETECT | USBDEV_PWR_VBUS_OVERRIDE);
    wr(d, USBDEV_MAIN_CTRL, USBDEV_MAIN_CTRL_EN);
    wr(d, USBDEV_SIE_CTRL, USBDEV_SIE_EP0_INT_1BUF | USBDEV_SIE_PULLUP_EN);
}

void usbdev_poll(struct usbdev *d)
{
    uint32_t sie = rd(d, USBDEV_SIE_STATUS);
    if (sie & USBDEV_SIE_BUS_RESET) {
        wr(d, USBDEV_SIE_STATUS, USBDEV_SIE_BUS_RESET);
        bus_reset(d);
    }
    /* finished buffers first: they belong to whatever came before a new SETUP */
    uint32_t done = rd(d, USBDEV_BUFF_STATUS);
    if (done) {
        wr(d, USBDEV_BUFF_STATUS, done);
        if (done & USBDEV_BUFF_EP0_IN)
            ep0_in_done(d);
        if ((done & USBDEV_BUFF_EP0_OUT) && d->ep0_stage == USBDEV_EP0_STATUS_OUT)
            d->ep0_stage = USBDEV_EP0_IDLE;
    }
    if (sie & USBDEV_SIE_SETUP_REC) {
        wr(d, USBDEV_SIE_STATUS, USBDEV_SIE_SETUP_REC);
        setup_received(d);
    }
    if (d->configured)
        ep1_service(d);
}
