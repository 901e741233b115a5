/*
 * Second-stage boot (boot2) for a 25-series SPI flash such as the W25Q080: the bootrom
 * copies these bytes to 0x20041F00, checks their CRC and runs them. They set the XIP
 * SSI up for execute-in-place with the serial read command (03h, 24-bit address, one
 * 32-bit frame per access), which every 25-series part answers, then enter the
 * firmware through its vector table at 0x10000100.
 *
 * Position independent (literal pool only), no stack use. The build pads this to 252
 * bytes and appends the CRC (mkuf2 boot2).
 */
    .syntax unified
    .cpu cortex-m0plus
    .thumb

    .equ XIP_SSI_BASE,   0x18000000
    .equ SSI_CTRLR0,     0x00
    .equ SSI_CTRLR1,     0x04
    .equ SSI_SSIENR,     0x08
    .equ SSI_BAUDR,      0x14
    .equ SSI_SPI_CTRLR0, 0xf4

    /* CTRLR0: standard SPI frame format, 32-bit data frames, EEPROM read transfer mode */
    .equ CTRLR0_XIP,     (0 << 21) | (31 << 16) | (3 << 8)
    /* SPI_CTRLR0: command 03h, 8-bit instruction, 24-bit address, both sent serially */
    .equ SPI_CTRLR0_XIP, (0x03 << 24) | (2 << 8) | (6 << 2) | 0
    /* SCK = clk_sys / 4: 31.25 MHz once clk_sys runs at 125 MHz, within 03h's 50 MHz */
    .equ CLKDIV,         4

    .equ VTOR,           0xe000ed08
    .equ VECTORS,        0x10000100

    .section .text.boot2, "ax"
    .global boot2_entry
    .type boot2_entry, %function
boot2_entry:
    ldr r3, =XIP_SSI_BASE
    movs r1, #0
    str r1, [r3, #SSI_SSIENR]       /* the SSI is configured only while disabled */
    movs r1, #CLKDIV
    str r1, [r3, #SSI_BAUDR]
    ldr r1, =CTRLR0_XIP
    str r1, [r3, #SSI_CTRLR0]
    ldr r1, =SPI_CTRLR0_XIP
    movs r2, #SSI_SPI_CTRLR0
    str r1, [r3, r2]
    movs r1, #0
    str r1, [r3, #SSI_CTRLR1]       /* one data frame per XIP access */
    movs r1, #1
    str r1, [r3, #SSI_SSIENR]

    /* flash is now mapped at 0x10000000: enter the firmware as a reset would */
    ldr r0, =VECTORS
    ldr r1, =VTOR
    str r0, [r1]
    ldr r1, [r0, #0]
    ldr r2, [r0, #4]
    msr msp, r1
    bx r2
    .ltorg
