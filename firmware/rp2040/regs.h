/*
 * RP2040 register addresses used by the bar unit, from the RP2040 datasheet. Only what
 * the port touches; every peripheral register is 32 bits wide. Writing to base + 0x2000
 * sets bits and base + 0x3000 clears them atomically (not for SIO or the USB DPRAM).
 */
#ifndef RP2040_REGS_H
#define RP2040_REGS_H

#include <stdint.h>

#define REG(addr)     (*(volatile uint32_t *)(uintptr_t)(addr))
#define REG_SET(addr) REG((addr) + 0x2000u)
#define REG_CLR(addr) REG((addr) + 0x3000u)

/* RESETS: a peripheral is held in reset while its bit is set. */
#define RESETS_BASE      0x4000c000u
#define RESETS_RESET     (RESETS_BASE + 0x0u)
#define RESETS_DONE      (RESETS_BASE + 0x8u)
#define RESET_IO_BANK0   (1u << 5)
#define RESET_PADS_BANK0 (1u << 8)
#define RESET_PLL_SYS    (1u << 12)
#define RESET_PLL_USB    (1u << 13)
#define RESET_SPI0       (1u << 16)
#define RESET_TIMER      (1u << 21)
#define RESET_USBCTRL    (1u << 24)

/* CLOCKS: each generator has CTRL, DIV (integer in 31:8), SELECTED (one-hot source). */
#define CLOCKS_BASE        0x40008000u
#define CLK_REF_CTRL       (CLOCKS_BASE + 0x30u)
#define CLK_REF_DIV        (CLOCKS_BASE + 0x34u)
#define CLK_REF_SELECTED   (CLOCKS_BASE + 0x38u)
#define CLK_SYS_CTRL       (CLOCKS_BASE + 0x3cu)
#define CLK_SYS_DIV        (CLOCKS_BASE + 0x40u)
#define CLK_SYS_SELECTED   (CLOCKS_BASE + 0x44u)
#define CLK_PERI_CTRL      (CLOCKS_BASE + 0x48u)
#define CLK_USB_CTRL       (CLOCKS_BASE + 0x54u)
#define CLK_USB_DIV        (CLOCKS_BASE + 0x58u)
#define CLK_SYS_RESUS_CTRL (CLOCKS_BASE + 0x78u)
#define CLK_CTRL_ENABLE    (1u << 11)
#define CLK_AUXSRC_LSB     5u
#define CLK_REF_SRC_XOSC   2u
#define CLK_SYS_SRC_AUX    1u
#define CLK_DIV_ONE        (1u << 8)

/* XOSC: 12 MHz crystal. */
#define XOSC_BASE          0x40024000u
#define XOSC_CTRL          (XOSC_BASE + 0x00u)
#define XOSC_STATUS        (XOSC_BASE + 0x04u)
#define XOSC_STARTUP       (XOSC_BASE + 0x0cu)
#define XOSC_RANGE_1_15MHZ 0xaa0u
#define XOSC_ENABLE        (0xfabu << 12)
#define XOSC_STABLE        (1u << 31)

/* PLLs: VCO = 12 MHz / REFDIV * FBDIV, output = VCO / POSTDIV1 / POSTDIV2. */
#define PLL_SYS_BASE      0x40028000u
#define PLL_USB_BASE      0x4002c000u
#define PLL_CS            0x0u
#define PLL_PWR           0x4u
#define PLL_FBDIV_INT     0x8u
#define PLL_PRIM          0xcu
#define PLL_CS_LOCK       (1u << 31)
#define PLL_PWR_PD        (1u << 0)
#define PLL_PWR_POSTDIVPD (1u << 3)
#define PLL_PWR_VCOPD     (1u << 5)
#define PLL_POSTDIV1_LSB  16u
#define PLL_POSTDIV2_LSB  12u

/* IO_BANK0 / PADS_BANK0 / SIO: GPIO functions, pad settings, fast GPIO. */
#define IO_BANK0_BASE    0x40014000u
#define GPIO_CTRL(n)     (IO_BANK0_BASE + 8u * (n) + 4u)
#define GPIO_FUNC_SPI    1u
#define GPIO_FUNC_SIO    5u
#define PADS_BANK0_BASE  0x4001c000u
#define PADS_GPIO(n)     (PADS_BANK0_BASE + 4u + 4u * (n))
#define PADS_IE          (1u << 6)
#define PADS_PUE         (1u << 3)
#define PADS_PDE         (1u << 2)
#define SIO_BASE         0xd0000000u
#define SIO_GPIO_IN      (SIO_BASE + 0x04u)
#define SIO_GPIO_OUT_SET (SIO_BASE + 0x14u)
#define SIO_GPIO_OUT_CLR (SIO_BASE + 0x18u)
#define SIO_GPIO_OE_SET  (SIO_BASE + 0x24u)

/* SPI0 (ARM PL022). */
#define SPI0_BASE        0x4003c000u
#define SPI_CR0          (SPI0_BASE + 0x00u)
#define SPI_CR1          (SPI0_BASE + 0x04u)
#define SPI_DR           (SPI0_BASE + 0x08u)
#define SPI_SR           (SPI0_BASE + 0x0cu)
#define SPI_CPSR         (SPI0_BASE + 0x10u)
#define SPI_CR0_DSS_8BIT 7u
#define SPI_CR0_SPO      (1u << 6)
#define SPI_CR0_SPH      (1u << 7)
#define SPI_CR0_SCR_LSB  8u
#define SPI_CR1_SSE      (1u << 1)
#define SPI_SR_TNF       (1u << 1)
#define SPI_SR_RNE       (1u << 2)
#define SPI_SR_BSY       (1u << 4)

/* TIMER: 64-bit microsecond counter, ticked by the watchdog's tick generator. */
#define TIMER_BASE 0x40054000u
#define TIMER_RAWH (TIMER_BASE + 0x24u)
#define TIMER_RAWL (TIMER_BASE + 0x28u)

/* WATCHDOG. LOAD counts down twice per tick on RP2040 B0-B2 (erratum RP2040-E1). */
#define WATCHDOG_BASE          0x40058000u
#define WATCHDOG_CTRL          (WATCHDOG_BASE + 0x00u)
#define WATCHDOG_LOAD          (WATCHDOG_BASE + 0x04u)
#define WATCHDOG_REASON        (WATCHDOG_BASE + 0x08u)
#define WATCHDOG_SCRATCH4      (WATCHDOG_BASE + 0x1cu) /* survives a watchdog reset */
#define WATCHDOG_TICK          (WATCHDOG_BASE + 0x2cu)
#define WATCHDOG_ENABLE        (1u << 30)
#define WATCHDOG_PAUSE_DBG     (7u << 24) /* JTAG, DBG0, DBG1: a debugger halt is not a hang */
#define WATCHDOG_TICK_EN       (1u << 9)
#define PSM_BASE               0x40010000u
#define PSM_WDSEL              (PSM_BASE + 0x08u)
#define PSM_WDSEL_ALL_BUT_OSCS 0x1fffcu /* everything but ROSC and XOSC */

/* XIP SSI and the QSPI chip select, for reading the flash's unique id. */
#define XIP_SSI_BASE        0x18000000u
#define SSI_SSIENR          (XIP_SSI_BASE + 0x08u)
#define SSI_BAUDR           (XIP_SSI_BASE + 0x14u)
#define SSI_SR              (XIP_SSI_BASE + 0x28u)
#define SSI_DR0             (XIP_SSI_BASE + 0x60u)
#define SSI_SR_RFNE         (1u << 3)
#define SSI_SR_TFNF         (1u << 1)
#define IO_QSPI_SS_CTRL     (0x40018000u + 0x0cu)
#define QSPI_SS_OUTOVER_LSB 8u
#define QSPI_SS_LOW         2u
#define QSPI_SS_HIGH        3u

/* Bootrom function table: 16-bit pointers at 0x14 (table) and 0x18 (lookup function). */
#define ROM_FUNC_TABLE   0x14u
#define ROM_TABLE_LOOKUP 0x18u

/* USB controller. */
#define USBCTRL_DPRAM_BASE 0x50100000u
#define USBCTRL_REGS_BASE  0x50110000u

#define NVIC_ICER 0xe000e180u

#endif
