#include "chip.h"

#include "regs.h"

#define XOSC_STARTUP_DELAY 47u /* (12 MHz / 1000 + 128) / 256: about 1 ms of crystal settling */
#define TICKS_PER_US_REF   12u /* clk_ref is the 12 MHz crystal */
#define PLL_REFDIV         1u
#define PLL_SYS_FBDIV      125u /* VCO 1500 MHz */
#define PLL_SYS_POSTDIV1   6u
#define PLL_SYS_POSTDIV2   2u
#define PLL_USB_FBDIV      40u /* VCO 480 MHz */
#define PLL_USB_POSTDIV1   5u
#define PLL_USB_POSTDIV2   2u
#define SPI_PRESCALE       2u
#define SPI_SCR            7u
#define FLASH_CMD_UID      0x4bu
#define FLASH_UID_DUMMY    4u
#define UID_XFER_LEN       (1u + FLASH_UID_DUMMY + FLASH_UID_LEN)
#define SSI_CLKDIV         4u /* as boot2 set it */

static void unreset(uint32_t bits)
{
    REG_CLR(RESETS_RESET) = bits;
    while ((REG(RESETS_DONE) & bits) != bits)
        ;
}

static void pll_start(uint32_t base, uint32_t fbdiv, uint32_t post1, uint32_t post2)
{
    REG_SET(RESETS_RESET) = base == PLL_SYS_BASE ? RESET_PLL_SYS : RESET_PLL_USB;
    unreset(base == PLL_SYS_BASE ? RESET_PLL_SYS : RESET_PLL_USB);
    REG(base + PLL_CS) = PLL_REFDIV;
    REG(base + PLL_FBDIV_INT) = fbdiv;
    REG_CLR(base + PLL_PWR) = PLL_PWR_PD | PLL_PWR_VCOPD;
    while (!(REG(base + PLL_CS) & PLL_CS_LOCK))
        ;
    REG(base + PLL_PRIM) = post1 << PLL_POSTDIV1_LSB | post2 << PLL_POSTDIV2_LSB;
    REG_CLR(base + PLL_PWR) = PLL_PWR_POSTDIVPD;
}

void chip_clocks_init(void)
{
    REG(CLK_SYS_RESUS_CTRL) = 0;
    REG(XOSC_CTRL) = XOSC_RANGE_1_15MHZ;
    REG(XOSC_STARTUP) = XOSC_STARTUP_DELAY;
    REG_SET(XOSC_CTRL) = XOSC_ENABLE;
    while (!(REG(XOSC_STATUS) & XOSC_STABLE))
        ;
    /* clk_sys glitchlessly back to clk_ref, clk_ref onto the crystal, before the PLLs move */
    REG_CLR(CLK_SYS_CTRL) = CLK_SYS_SRC_AUX;
    while (REG(CLK_SYS_SELECTED) != 1u)
        ;
    REG(CLK_REF_CTRL) = CLK_REF_SRC_XOSC;
    while (REG(CLK_REF_SELECTED) != 1u << CLK_REF_SRC_XOSC)
        ;
    REG(CLK_REF_DIV) = CLK_DIV_ONE;

    pll_start(PLL_SYS_BASE, PLL_SYS_FBDIV, PLL_SYS_POSTDIV1, PLL_SYS_POSTDIV2);
    pll_start(PLL_USB_BASE, PLL_USB_FBDIV, PLL_USB_POSTDIV1, PLL_USB_POSTDIV2);

    REG(CLK_SYS_DIV) = CLK_DIV_ONE;
    REG(CLK_SYS_CTRL) = 0u << CLK_AUXSRC_LSB; /* aux = pll_sys, still on clk_ref */
    REG_SET(CLK_SYS_CTRL) = CLK_SYS_SRC_AUX;
    while (REG(CLK_SYS_SELECTED) != 1u << CLK_SYS_SRC_AUX)
        ;
    REG(CLK_USB_DIV) = CLK_DIV_ONE;
    REG(CLK_USB_CTRL) = CLK_CTRL_ENABLE | 0u << CLK_AUXSRC_LSB;  /* pll_usb */
    REG(CLK_PERI_CTRL) = CLK_CTRL_ENABLE | 0u << CLK_AUXSRC_LSB; /* clk_sys */

    /* the timer and watchdog count microseconds of clk_ref */
    REG(WATCHDOG_TICK) = WATCHDOG_TICK_EN | TICKS_PER_US_REF;
}

void chip_resets_init(void)
{
    REG_SET(RESETS_RESET) = RESET_USBCTRL;
    unreset(RESET_IO_BANK0 | RESET_PADS_BANK0 | RESET_SPI0 | RESET_TIMER | RESET_USBCTRL);
}

static void pin_sio_out(uint32_t pin, bool high)
{
    REG(high ? SIO_GPIO_OUT_SET : SIO_GPIO_OUT_CLR) = 1u << pin;
    REG(SIO_GPIO_OE_SET) = 1u << pin;
    REG(GPIO_CTRL(pin)) = GPIO_FUNC_SIO;
}

void chip_pins_init(void)
{
    pin_sio_out(PIN_LED, false);
    pin_sio_out(PIN_IMU_CS, true); /* deselected until a transaction */
    REG(GPIO_CTRL(PIN_IMU_SCK)) = GPIO_FUNC_SPI;
    REG(GPIO_CTRL(PIN_IMU_MOSI)) = GPIO_FUNC_SPI;
    REG(GPIO_CTRL(PIN_IMU_MISO)) = GPIO_FUNC_SPI;
    /* INT1 is push-pull active high; the pull-down keeps an unplugged sensor quiet */
    REG(PADS_GPIO(PIN_IMU_INT)) = PADS_IE | PADS_PDE;
    REG(GPIO_CTRL(PIN_IMU_INT)) = GPIO_FUNC_SIO;
    /* a dead sensor's MISO reads as 0xff rather than floating */
    REG(PADS_GPIO(PIN_IMU_MISO)) = PADS_IE | PADS_PUE;
}

void chip_spi_init(void)
{
    REG(SPI_CPSR) = SPI_PRESCALE;
    /* mode 3 (clock idles high, sample on the rising edge), which the ICM-42688-P takes */
    REG(SPI_CR0) = SPI_CR0_DSS_8BIT | SPI_CR0_SPO | SPI_CR0_SPH | SPI_SCR << SPI_CR0_SCR_LSB;
    REG(SPI_CR1) = SPI_CR1_SSE;
}

static uint8_t spi_byte(uint8_t out)
{
    while (!(REG(SPI_SR) & SPI_SR_TNF))
        ;
    REG(SPI_DR) = out;
    while (!(REG(SPI_SR) & SPI_SR_RNE))
        ;
    return (uint8_t)REG(SPI_DR);
}

void chip_spi_xfer(const uint8_t *tx, size_t tx_len, uint8_t *rx, size_t rx_len)
{
    REG(SIO_GPIO_OUT_CLR) = 1u << PIN_IMU_CS;
    for (size_t i = 0; i < tx_len; i++)
        (void)spi_byte(tx[i]);
    for (size_t i = 0; i < rx_len; i++)
        rx[i] = spi_byte(0);
    while (REG(SPI_SR) & SPI_SR_BSY)
        ;
    REG(SIO_GPIO_OUT_SET) = 1u << PIN_IMU_CS;
}

uint64_t chip_time_us(void)
{
    /* the raw registers do not latch: read high, low, high until high holds still */
    uint32_t hi, lo;
    do {
        hi = REG(TIMER_RAWH);
        lo = REG(TIMER_RAWL);
    } while (hi != REG(TIMER_RAWH));
    return (uint64_t)hi << 32 | lo;
}

void chip_delay_us(uint32_t us)
{
    uint64_t end = chip_time_us() + us;
    while (chip_time_us() < end)
        ;
}

bool chip_imu_int(void)
{
    return (REG(SIO_GPIO_IN) >> PIN_IMU_INT) & 1u;
}

void chip_led(bool on)
{
    REG(on ? SIO_GPIO_OUT_SET : SIO_GPIO_OUT_CLR) = 1u << PIN_LED;
}

/* Written to a scratch register when our watchdog is armed: a reset with it still there
 * was our watchdog, not the bootrom's reboot after flashing or a power-up. */
#define WATCHDOG_ARMED_MAGIC 0x6ba7c0deu

void chip_watchdog_start(void)
{
    REG(WATCHDOG_SCRATCH4) = WATCHDOG_ARMED_MAGIC;
    REG_SET(PSM_WDSEL) = PSM_WDSEL_ALL_BUT_OSCS;
    chip_watchdog_feed();
    REG(WATCHDOG_CTRL) = WATCHDOG_ENABLE | WATCHDOG_PAUSE_DBG;
}

void chip_watchdog_feed(void)
{
    REG(WATCHDOG_LOAD) = WATCHDOG_MS * 1000u * 2u;
}

bool chip_watchdog_caused_reset(void)
{
    return REG(WATCHDOG_REASON) != 0 && REG(WATCHDOG_SCRATCH4) == WATCHDOG_ARMED_MAGIC;
}

/* --- flash unique id: XIP must be off while the flash is spoken to directly, so this
 * part runs from RAM and touches nothing in flash, not even a literal --- */

typedef void *(*rom_lookup_fn)(const uint16_t *table, uint32_t code);
typedef void (*rom_void_fn)(void);

/* A halfword of the bootrom: read by hand, as the compiler sees address 0x14 as null. */
static uint32_t rom_hword(uint32_t addr)
{
    uint32_t v;
    __asm__ volatile("ldrh %0, [%1]" : "=l"(v) : "l"(addr));
    return v;
}

static void *rom_func(char a, char b)
{
    rom_lookup_fn lookup = (rom_lookup_fn)(uintptr_t)rom_hword(ROM_TABLE_LOOKUP);
    const uint16_t *table = (const uint16_t *)(uintptr_t)rom_hword(ROM_FUNC_TABLE);
    return lookup(table, (uint32_t)a | (uint32_t)b << 8);
}

struct rom_flash {
    rom_void_fn connect, exit_xip, flush_cache, enter_cmd_xip;
};

__attribute__((section(".ram_code"), noinline)) static void
flash_uid_ram(const struct rom_flash *rom, uint8_t *rx)
{
    rom->connect();
    rom->exit_xip();
    REG(IO_QSPI_SS_CTRL) = QSPI_SS_LOW << QSPI_SS_OUTOVER_LSB;
    for (uint32_t i = 0; i < UID_XFER_LEN; i++) {
        REG(SSI_DR0) = i == 0 ? FLASH_CMD_UID : 0u;
        while (!(REG(SSI_SR) & SSI_SR_RFNE))
            ;
        rx[i] = (uint8_t)REG(SSI_DR0);
    }
    REG(IO_QSPI_SS_CTRL) = QSPI_SS_HIGH << QSPI_SS_OUTOVER_LSB;
    rom->flush_cache(); /* also hands chip select back to the SSI */
    rom->enter_cmd_xip();
    REG(SSI_SSIENR) = 0;
    REG(SSI_BAUDR) = SSI_CLKDIV;
    REG(SSI_SSIENR) = 1;
}

void chip_flash_uid(uint8_t uid[FLASH_UID_LEN])
{
    struct rom_flash rom = {
        (rom_void_fn)rom_func('I', 'F'),
        (rom_void_fn)rom_func('E', 'X'),
        (rom_void_fn)rom_func('F', 'C'),
        (rom_void_fn)rom_func('C', 'X'),
    };
    uint8_t rx[UID_XFER_LEN];
    flash_uid_ram(&rom, rx);
    for (uint32_t i = 0; i < FLASH_UID_LEN; i++)
        uid[i] = rx[1 + FLASH_UID_DUMMY + i];
}
