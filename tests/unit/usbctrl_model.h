/*
 * A model of the RP2040 USB controller in device mode, at the level of its registers
 * and DPRAM endpoint buffers, playing the host's side of each transaction: a SETUP
 * lands in DPRAM and raises SIE_STATUS.SETUP_REC; an IN token takes an endpoint buffer
 * only when the firmware made it AVAILABLE (else NAK), checks the data toggle, clears
 * AVAILABLE and sets BUFF_STATUS; an OUT token fills an available buffer. EP1 IN is
 * double-buffered: the controller alternates between its two buffers from buffer 0.
 * SIE_STATUS and BUFF_STATUS clear when written with ones; EP_STALL_ARM with the
 * buffer's STALL bit makes the controller answer STALL; a SETUP disarms the stall.
 *
 * What it leaves out: the wire (CRC, timing, retries), interrupts (the firmware polls),
 * and any host behaviour beyond the transactions the tests drive.
 */
#ifndef USBCTRL_MODEL_H
#define USBCTRL_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../../firmware/core/usbdev.h"

#define MODEL_DPRAM_SIZE 0x400u
#define MODEL_REG_WORDS  ((USBDEV_REGS_END - USBDEV_REGS) / 4u)

enum usb_result { USB_ACK, USB_NAK, USB_STALL, USB_BAD_TOGGLE };

struct usbctrl_model {
    uint8_t dpram[MODEL_DPRAM_SIZE];
    uint32_t regs[MODEL_REG_WORDS];
    bool ep0_data1; /* the toggle the host expects next on EP0 */
    bool ep1_data1;
    unsigned ep1_sel; /* buffer the controller uses next on EP1 IN */
    uint32_t bad_writes;
};

static inline uint32_t model_get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void model_put32(uint8_t *p, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint32_t *model_reg(struct usbctrl_model *m, uint32_t addr)
{
    return &m->regs[(addr - USBDEV_REGS) / 4u];
}

static inline uint32_t usbctrl_model_rd(void *ctx, uint32_t addr)
{
    struct usbctrl_model *m = ctx;
    if (addr < MODEL_DPRAM_SIZE)
        return model_get32(m->dpram + addr);
    if (addr >= USBDEV_REGS && addr < USBDEV_REGS_END)
        return *model_reg(m, addr);
    m->bad_writes++;
    return 0;
}

static inline void usbctrl_model_wr(void *ctx, uint32_t addr, uint32_t v)
{
    struct usbctrl_model *m = ctx;
    if (addr % 4 != 0) {
        m->bad_writes++;
    } else if (addr < MODEL_DPRAM_SIZE) {
        model_put32(m->dpram + addr, v);
        if (addr == USBDEV_EP1_IN_BUFCTL && (v & USBDEV_BUF_RESET))
            m->ep1_sel = 0;
    } else if (addr == USBDEV_SIE_STATUS || addr == USBDEV_BUFF_STATUS) {
        *model_reg(m, addr) &= ~v; /* write one to clear */
    } else if (addr >= USBDEV_REGS && addr < USBDEV_REGS_END) {
        *model_reg(m, addr) = v;
    } else {
        m->bad_writes++;
    }
}

static inline void usbctrl_model_wr16(void *ctx, uint32_t addr, uint16_t v)
{
    struct usbctrl_model *m = ctx;
    if (addr % 2 != 0 || addr >= MODEL_DPRAM_SIZE) {
        m->bad_writes++;
        return;
    }
    m->dpram[addr] = (uint8_t)v;
    m->dpram[addr + 1] = (uint8_t)(v >> 8);
}

static inline struct usbdev_io usbctrl_model_io(struct usbctrl_model *m)
{
    struct usbdev_io io = {m, usbctrl_model_rd, usbctrl_model_wr, usbctrl_model_wr16};
    return io;
}

static inline uint16_t model_half(const struct usbctrl_model *m, uint32_t addr)
{
    return (uint16_t)(m->dpram[addr] | m->dpram[addr + 1] << 8);
}

static inline void model_set_half(struct usbctrl_model *m, uint32_t addr, uint16_t v)
{
    m->dpram[addr] = (uint8_t)v;
    m->dpram[addr + 1] = (uint8_t)(v >> 8);
}

static inline void usbctrl_model_bus_reset(struct usbctrl_model *m)
{
    *model_reg(m, USBDEV_SIE_STATUS) |= USBDEV_SIE_BUS_RESET;
    m->ep1_sel = 0;
}

static inline void usbctrl_model_setup(struct usbctrl_model *m, const uint8_t setup[8])
{
    memcpy(m->dpram + USBDEV_SETUP, setup, 8);
    *model_reg(m, USBDEV_SIE_STATUS) |= USBDEV_SIE_SETUP_REC;
    *model_reg(m, USBDEV_EP_STALL_ARM) = 0;
    m->ep0_data1 = true;
}

/* One IN transaction on EP0 (ep 0) or EP1 (ep 1): data into buf, its length into *len. */
static inline enum usb_result usbctrl_model_in(struct usbctrl_model *m, unsigned ep, uint8_t *buf,
                                               unsigned *len)
{
    uint32_t ctl;
    uint32_t data;
    bool *toggle;
    uint32_t done_bit;
    if (ep == 0) {
        ctl = USBDEV_EP0_IN_BUFCTL;
        data = USBDEV_EP0_BUF;
        toggle = &m->ep0_data1;
        done_bit = USBDEV_BUFF_EP0_IN;
        uint16_t h = model_half(m, ctl);
        if ((*model_reg(m, USBDEV_EP_STALL_ARM) & USBDEV_STALL_EP0_IN) && (h & USBDEV_BUF_STALL))
            return USB_STALL;
    } else {
        uint32_t epctl = model_get32(m->dpram + USBDEV_EP1_IN_CTRL);
        if (!(epctl & USBDEV_EP_ENABLE))
            return USB_STALL; /* not configured: no such endpoint */
        ctl = USBDEV_EP1_IN_BUFCTL + 2u * m->ep1_sel;
        data = (epctl & 0xffffu) + 64u * m->ep1_sel;
        toggle = &m->ep1_data1;
        done_bit = USBDEV_BUFF_EP1_IN;
    }
    uint16_t h = model_half(m, ctl);
    if (!(h & USBDEV_BUF_AVAIL) || !(h & USBDEV_BUF_FULL))
        return USB_NAK;
    if (((h & USBDEV_BUF_DATA1) != 0) != *toggle)
        return USB_BAD_TOGGLE;
    *len = h & USBDEV_BUF_LEN;
    memcpy(buf, m->dpram + data, *len);
    *toggle = !*toggle;
    model_set_half(m, ctl, (uint16_t)(h & ~(USBDEV_BUF_AVAIL | USBDEV_BUF_FULL)));
    *model_reg(m, USBDEV_BUFF_STATUS) |= done_bit;
    if (ep == 1)
        m->ep1_sel ^= 1u;
    return USB_ACK;
}

/* The zero-length OUT of a control read's status stage. */
static inline enum usb_result usbctrl_model_out_zlp(struct usbctrl_model *m)
{
    uint16_t h = model_half(m, USBDEV_EP0_OUT_BUFCTL);
    if ((*model_reg(m, USBDEV_EP_STALL_ARM) & USBDEV_STALL_EP0_OUT) && (h & USBDEV_BUF_STALL))
        return USB_STALL;
    if (!(h & USBDEV_BUF_AVAIL))
        return USB_NAK;
    if (!(h & USBDEV_BUF_DATA1))
        return USB_BAD_TOGGLE;
    model_set_half(m, USBDEV_EP0_OUT_BUFCTL, USBDEV_BUF_FULL | USBDEV_BUF_DATA1);
    *model_reg(m, USBDEV_BUFF_STATUS) |= USBDEV_BUFF_EP0_OUT;
    return USB_ACK;
}

#endif
