/*
 * USB device for the RP2040's USB controller: enumeration on EP0 (standard requests and
 * the bar unit's vendor requests) and the bulk IN endpoint 0x81, double-buffered, that
 * carries the frames. The controller is polled, not interrupt-driven.
 *
 * Register and DPRAM access goes through usbdev_io, so the same code drives the chip
 * (addresses from 0x50100000) and the host tests' model of the controller. Addresses
 * are offsets from the DPRAM base; the controller's registers start at USBDEV_REGS.
 */
#ifndef USBDEV_H
#define USBDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../proto/barproto.h"
#include "usb_desc.h"

/* DPRAM layout (offsets from 0x50100000). */
#define USBDEV_SETUP          0x000u
#define USBDEV_EP1_IN_CTRL    0x008u
#define USBDEV_EP0_IN_BUFCTL  0x080u
#define USBDEV_EP0_OUT_BUFCTL 0x084u
#define USBDEV_EP1_IN_BUFCTL  0x088u
#define USBDEV_EP0_BUF        0x100u
#define USBDEV_EP1_BUF        0x180u /* buffer 0; buffer 1 follows 64 bytes on */
#define USBDEV_DPRAM_USED     0x200u

/* Controller registers (offsets from 0x50100000: the block at 0x50110000). */
#define USBDEV_REGS         0x10000u
#define USBDEV_ADDR_ENDP    (USBDEV_REGS + 0x00u)
#define USBDEV_MAIN_CTRL    (USBDEV_REGS + 0x40u)
#define USBDEV_SIE_CTRL     (USBDEV_REGS + 0x4cu)
#define USBDEV_SIE_STATUS   (USBDEV_REGS + 0x50u)
#define USBDEV_BUFF_STATUS  (USBDEV_REGS + 0x58u)
#define USBDEV_EP_STALL_ARM (USBDEV_REGS + 0x68u)
#define USBDEV_USB_MUXING   (USBDEV_REGS + 0x74u)
#define USBDEV_USB_PWR      (USBDEV_REGS + 0x78u)
#define USBDEV_REGS_END     (USBDEV_REGS + 0xa0u)

#define USBDEV_MAIN_CTRL_EN      (1u << 0)
#define USBDEV_SIE_PULLUP_EN     (1u << 16)
#define USBDEV_SIE_EP0_INT_1BUF  (1u << 29)
#define USBDEV_SIE_SETUP_REC     (1u << 17)
#define USBDEV_SIE_BUS_RESET     (1u << 19)
#define USBDEV_MUX_TO_PHY        (1u << 0)
#define USBDEV_MUX_SOFTCON       (1u << 3)
#define USBDEV_PWR_VBUS_DETECT   (1u << 2)
#define USBDEV_PWR_VBUS_OVERRIDE (1u << 3)
#define USBDEV_BUFF_EP0_IN       (1u << 0)
#define USBDEV_BUFF_EP0_OUT      (1u << 1)
#define USBDEV_BUFF_EP1_IN       (1u << 2)
#define USBDEV_STALL_EP0_IN      (1u << 0)
#define USBDEV_STALL_EP0_OUT     (1u << 1)

/* Buffer control: one 16-bit half per buffer. */
#define USBDEV_BUF_FULL  (1u << 15)
#define USBDEV_BUF_LAST  (1u << 14)
#define USBDEV_BUF_DATA1 (1u << 13)
#define USBDEV_BUF_RESET (1u << 12) /* buffer 0 half: restart the double-buffer selector */
#define USBDEV_BUF_STALL (1u << 11)
#define USBDEV_BUF_AVAIL (1u << 10)
#define USBDEV_BUF_LEN   0x3ffu

/* Endpoint control. */
#define USBDEV_EP_ENABLE      (1u << 31)
#define USBDEV_EP_DOUBLE_BUF  (1u << 30)
#define USBDEV_EP_INT_PER_BUF (1u << 29)
#define USBDEV_EP_TYPE_BULK   (2u << 26)

struct usbdev_io {
    void *ctx;
    uint32_t (*rd)(void *ctx, uint32_t addr);
    void (*wr)(void *ctx, uint32_t addr, uint32_t value);
    void (*wr16)(void *ctx, uint32_t addr, uint16_t value); /* DPRAM only */
};

/* What the device serves: the bar unit, or a test double. */
struct usbdev_app {
    void *ctx;
    const char *serial;
    bool (*vendor)(void *ctx, const struct usb_setup *setup, uint8_t *data, uint16_t *len);
    const uint8_t *(*tx_peek)(void *ctx); /* next BARPROTO_FRAME_SIZE-byte frame or NULL */
    void (*tx_pop)(void *ctx);
    void (*host_gone)(void *ctx); /* bus reset or configuration 0 */
};

enum usbdev_ep0_stage {
    USBDEV_EP0_IDLE,
    USBDEV_EP0_DATA_IN,
    USBDEV_EP0_STATUS_IN,
    USBDEV_EP0_STATUS_OUT
};

struct usbdev {
    struct usbdev_io io;
    struct usbdev_app app;
    bool configured;
    uint8_t address; /* applied after the status stage of SET_ADDRESS */
    bool address_pending;
    /* EP0 */
    enum usbdev_ep0_stage ep0_stage;
    uint8_t ep0_data[USB_STRING_DESC_MAX];
    uint16_t ep0_len, ep0_off;
    bool ep0_zlp; /* a short reply that ends on a packet boundary needs a zero-length packet */
    bool ep0_data1;
    /* EP1 IN */
    bool ep1_data1;
    bool ep1_armed[2];
    uint8_t ep1_fill; /* the buffer the controller will send after the armed ones */
    const uint8_t *frame;
    uint16_t frame_off;
    uint32_t setups, stalls, resets;
};

void usbdev_init(struct usbdev *d, const struct usbdev_io *io, const struct usbdev_app *app);
/* Handles bus reset, SETUP and finished buffers; refills the bulk endpoint. */
void usbdev_poll(struct usbdev *d);

#endif
