/*
 * Start-up: the vector table boot2 jumps through, and the reset handler that lays out
 * RAM (copies .data and the RAM-resident code, zeroes .bss) and calls main. A fault
 * parks the core; the watchdog then resets the unit.
 */
#include <stdint.h>

#define CORE_VECTORS 16
#define IRQ_VECTORS  32

extern uint32_t __stack_top, __data_start, __data_end, __data_load, __bss_start, __bss_end;
int main(void);
void reset_handler(void);

static void park(void)
{
    for (;;)
        __asm__ volatile("wfi");
}

void reset_handler(void)
{
    uint32_t *src = &__data_load;
    for (uint32_t *dst = &__data_start; dst < &__data_end;)
        *dst++ = *src++;
    for (uint32_t *dst = &__bss_start; dst < &__bss_end;)
        *dst++ = 0;
    main();
    park();
}

typedef void (*vector_fn)(void);

__attribute__((section(".vectors"),
               used)) static const uintptr_t vectors[CORE_VECTORS + IRQ_VECTORS] = {
    [0] = (uintptr_t)&__stack_top, [1] = (uintptr_t)reset_handler, [2] = (uintptr_t)park, /* NMI */
    [3] = (uintptr_t)park,  /* HardFault */
    [11] = (uintptr_t)park, /* SVCall */
    [14] = (uintptr_t)park, /* PendSV */
    [15] = (uintptr_t)park, /* SysTick */
    /* every peripheral interrupt stays disabled: the port polls */
};
