/* ARM semihosting for the emulated test target: console output and the exit status. */
#ifndef FW_QEMU_SEMIHOST_H
#define FW_QEMU_SEMIHOST_H

#include <stdbool.h>
#include <stdint.h>

void semihost_puts(const char *s);
void semihost_putu(uint32_t v);
/* Ends the emulation: QEMU exits 0 when passed, 1 otherwise. */
void semihost_exit(bool passed) __attribute__((noreturn));

#endif
