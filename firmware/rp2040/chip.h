/*
 * The RP2040 as the bar unit uses it: clocks, resets, pins, SPI0 to the IMU, the
 * microsecond timer, the status LED, the watchdog and the flash's unique id.
 */
#ifndef RP2040_CHIP_H
#define RP2040_CHIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Wiring (see firmware/README.md): SPI0 on GPIO 16-19, the IMU's INT1 on GPIO 20. */
#define PIN_IMU_MISO 16u
#define PIN_IMU_CS   17u
#define PIN_IMU_SCK  18u
#define PIN_IMU_MOSI 19u
#define PIN_IMU_INT  20u
#define PIN_LED      25u

#define CLK_SYS_HZ    125000000u
#define IMU_SPI_HZ    7812500u /* 125 MHz / 2 / 8: well under the ICM-42688-P's 24 MHz */
#define WATCHDOG_MS   250u
#define FLASH_UID_LEN 8u

/* XOSC 12 MHz, PLL_SYS 125 MHz for clk_sys and clk_peri, PLL_USB 48 MHz for clk_usb. */
void chip_clocks_init(void);
/* Takes the peripherals the unit uses out of reset (and resets the USB controller). */
void chip_resets_init(void);
void chip_pins_init(void);
void chip_spi_init(void);
/* One SPI transaction with chip select held low: tx_len bytes out, then rx_len bytes in. */
void chip_spi_xfer(const uint8_t *tx, size_t tx_len, uint8_t *rx, size_t rx_len);
uint64_t chip_time_us(void);
void chip_delay_us(uint32_t us);
bool chip_imu_int(void);
void chip_led(bool on);
void chip_watchdog_start(void);
void chip_watchdog_feed(void);
/* This start followed a hang our watchdog caught (read before chip_watchdog_start). */
bool chip_watchdog_caused_reset(void);
/* Reads the flash's 64-bit unique id (command 4Bh). Call before anything runs from RAM
 * that would mind XIP pausing; it runs from RAM itself. */
void chip_flash_uid(uint8_t uid[FLASH_UID_LEN]);

#endif
