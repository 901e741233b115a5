#include "chip.h"

int main(void)
{
    chip_clocks_init();
    chip_resets_init();
    chip_pins_init();
    chip_watchdog_start();
    for (;;) {
        chip_watchdog_feed();
        chip_led((chip_time_us() / 500000u) & 1u);
    }
}
