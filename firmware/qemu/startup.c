/*
 * Start-up for the core's tests on QEMU's micro:bit (nRF51, Cortex-M0): vector table at
 * address 0, RAM laid out, main run; any fault ends the emulation as a failure.
 */
#include <stdint.h>

#include "semihost.h"

#define SYS_WRITE0                   0x04u
#define SYS_EXIT                     0x18u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u
#define ADP_STOPPED_RUNTIME_ERROR    0x20023u
#define CORE_VECTORS                 16

extern uint32_t __stack_top, __data_start, __data_end, __data_load, __bss_start, __bss_end;
int main(void);
void reset_handler(void);

static uint32_t semihost_call(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void semihost_puts(const char *s)
{
    semihost_call(SYS_WRITE0, s);
}

void semihost_putu(uint32_t v)
{
    char buf[11];
    int i = 10;
    buf[i] = '\0';
    do {
        buf[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    semihost_puts(buf + i);
}

void semihost_exit(bool passed)
{
    /* on 32-bit ARM the reason code itself goes in r1 */
    semihost_call(SYS_EXIT, (const void *)(uintptr_t)(passed ? ADP_STOPPED_APPLICATION_EXIT
                                                             : ADP_STOPPED_RUNTIME_ERROR));
    for (;;)
        ;
}

static void fault(void)
{
    semihost_puts("cortex-m0: fault (hard fault, bad access or unaligned word)\n");
    semihost_exit(false);
}

void reset_handler(void)
{
    uint32_t *src = &__data_load;
    for (uint32_t *dst = &__data_start; dst < &__data_end;)
        *dst++ = *src++;
    for (uint32_t *dst = &__bss_start; dst < &__bss_end;)
        *dst++ = 0;
    main();
    semihost_exit(false); /* main returned without the test runner's verdict */
}

__attribute__((section(".vectors"), used)) static const uintptr_t vectors[CORE_VECTORS] = {
    [0] = (uintptr_t)&__stack_top,
    [1] = (uintptr_t)reset_handler,
    [2] = (uintptr_t)fault,
    [3] = (uintptr_t)fault,
};
