/*
 * The part of cmocka's interface the firmware's core tests use, for running them on an
 * emulated Cortex-M0 (QEMU's micro:bit) where cmocka itself is not available: each
 * failed assertion reports file, line and expression through semihosting and ends that
 * test; the run ends with a semihosting exit that is QEMU's exit status (0: all passed).
 */
#ifndef FW_QEMU_CMOCKA_H
#define FW_QEMU_CMOCKA_H

#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include "semihost.h"

struct CMUnitTest {
    const char *name;
    void (*test)(void **state);
};

#define cmocka_unit_test(f)                                                                        \
    {                                                                                              \
#f, f                                                                                      \
    }
#define cmocka_run_group_tests(tests, setup, teardown)                                             \
    fwt_run(tests, sizeof tests / sizeof tests[0])

static jmp_buf fwt_jump;

static inline void print_message(const char *fmt, ...)
{
    (void)fmt; /* progress notes only: the target keeps quiet */
}

static inline void fwt_fail(const char *what, const char *file, int line)
{
    semihost_puts("  FAILED ");
    semihost_puts(file);
    semihost_puts(":");
    semihost_putu((uint32_t)line);
    semihost_puts(": ");
    semihost_puts(what);
    semihost_puts("\n");
    longjmp(fwt_jump, 1);
}

static inline void fwt_check(int ok, const char *what, const char *file, int line)
{
    if (!ok)
        fwt_fail(what, file, line);
}

#define FWT_CHECK(ok, what)          fwt_check((ok), (what), __FILE__, __LINE__)
#define assert_true(c)               FWT_CHECK(!!(c), #c)
#define assert_false(c)              FWT_CHECK(!(c), "!(" #c ")")
#define assert_non_null(p)           FWT_CHECK((p) != NULL, #p " != NULL")
#define assert_null(p)               FWT_CHECK((p) == NULL, #p " == NULL")
#define assert_int_equal(a, b)       FWT_CHECK((uintmax_t)(a) == (uintmax_t)(b), #a " == " #b)
#define assert_int_not_equal(a, b)   FWT_CHECK((uintmax_t)(a) != (uintmax_t)(b), #a " != " #b)
#define assert_memory_equal(a, b, n) FWT_CHECK(memcmp((a), (b), (n)) == 0, "memory " #a " == " #b)
#define assert_string_equal(a, b)    FWT_CHECK(strcmp((a), (b)) == 0, #a " == " #b)

static inline int fwt_run(const struct CMUnitTest *tests, size_t n)
{
    /* volatile: both live across the longjmp back from a failed assertion */
    volatile uint32_t failed = 0;
    for (volatile size_t i = 0; i < n; i++) {
        semihost_puts("[ RUN ] ");
        semihost_puts(tests[i].name);
        semihost_puts("\n");
        if (setjmp(fwt_jump) == 0) {
            tests[i].test(NULL);
            semihost_puts("[ OK  ]\n");
        } else {
            failed++;
        }
    }
    semihost_puts("cortex-m0: ");
    semihost_putu((uint32_t)(n - failed));
    semihost_puts(" passed, ");
    semihost_putu(failed);
    semihost_puts(" failed\n");
    semihost_exit(failed == 0);
    return (int)failed;
}

#endif
