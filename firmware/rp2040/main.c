/*
 * The bar unit on an RP2040: brings the chip up, reads the flash's unique id for the
 * serial number, then runs one polled loop -- IMU, USB, LED, watchdog -- forever. Every
 * decision is in the portable core (firmware/core); this file only wires it to the chip.
 */
#include <stddef.h>
#include <stdint.h>

#include "../core/barunit.h"
#include "../core/usbdev.h"
#include "chip.h"
#include "regs.h"

static struct barunit unit;
static struct usbdev usb;

static void imu_xfer(void *ctx, const uint8_t *tx, size_t tx_len, uint8_t *rx, size_t rx_len)
{
    (void)ctx;
    chip_spi_xfer(tx, tx_len, rx, rx_len);
}

static void imu_delay(void *ctx, uint32_t us)
{
    (void)ctx;
    chip_delay_us(us);
}

static uint32_t usb_rd(void *ctx, uint32_t addr)
{
    (void)ctx;
    return REG(USBCTRL_DPRAM_BASE + addr);
}

static void usb_wr(void *ctx, uint32_t addr, uint32_t value)
{
    (void)ctx;
    REG(USBCTRL_DPRAM_BASE + addr) = value;
}

/* Buffer control halves are written alone, so the other buffer's half is never
 * rewritten behind the controller's back. */
static void usb_wr16(void *ctx, uint32_t addr, uint16_t value)
{
    (void)ctx;
    *(volatile uint16_t *)(uintptr_t)(USBCTRL_DPRAM_BASE + addr) = value;
}

static bool app_vendor(void *ctx, const struct usb_setup *s, uint8_t *data, uint16_t *len)
{
    return barunit_control(ctx, s, data, len);
}

static const uint8_t *app_peek(void *ctx)
{
    return barunit_tx_peek(ctx);
}

static void app_pop(void *ctx)
{
    barunit_tx_pop(ctx);
}

static void app_gone(void *ctx)
{
    barunit_host_gone(ctx);
}

int main(void)
{
    chip_clocks_init();
    chip_resets_init();
    chip_pins_init();
    chip_spi_init();
    uint8_t uid[FLASH_UID_LEN];
    chip_flash_uid(uid);

    const struct icm_spi spi = {NULL, imu_xfer, imu_delay};
    barunit_init(&unit, &spi, uid);
    unit.watchdog_restart = chip_watchdog_caused_reset();
    const struct usbdev_io io = {NULL, usb_rd, usb_wr, usb_wr16};
    const struct usbdev_app app = {&unit, unit.serial, app_vendor, app_peek, app_pop, app_gone};
    usbdev_init(&usb, &io, &app);

    chip_watchdog_start();
    for (;;) {
        chip_watchdog_feed();
        uint64_t now_us = chip_time_us();
        barunit_poll(&unit, now_us, chip_imu_int());
        usbdev_poll(&usb);
        chip_led(barunit_led(&unit, usb.configured, now_us));
    }
}
