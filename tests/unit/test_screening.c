/* The enrolment screen's decision (core/screening.h) as a table: never answered, the
 * window's edge, a yes with and without a trainer's clearance, an old yes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "../../app/core/screening.h"

static void test_need(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        int64_t day; /* -1 never */
        uint32_t yes;
        bool cleared;
        int64_t today;
        enum screening_need want;
    } cases[] = {
        {"never answered", -1, 0, false, 1000, SCREENING_DUE},
        {"all no today", 1000, 0, false, 1000, SCREENING_OK},
        {"all no 181 days ago", 819, 0, false, 1000, SCREENING_OK},
        {"all no 182 days ago: asked again", 818, 0, false, 1000, SCREENING_DUE},
        {"a yes today", 1000, 1u << 2, false, 1000, SCREENING_CLEARANCE},
        {"a yes, cleared", 1000, 1u << 2, true, 1000, SCREENING_OK},
        {"a yes cleared 182 days ago: asked again", 818, 1u << 4, true, 1000, SCREENING_DUE},
        {"a yes never cleared, a year ago: still waits", 635, 1u, false, 1000, SCREENING_CLEARANCE},
        {"every yes", 990, 0x1f, false, 1000, SCREENING_CLEARANCE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct screening_record r = {cases[i].day, cases[i].yes, cases[i].cleared};
        enum screening_need got = screening_need(&r, cases[i].today, 182);
        if (got != cases[i].want)
            fail_msg("%s: want %d, got %d", cases[i].what, cases[i].want, got);
    }
    assert_int_equal(screening_need(NULL, 5, 182), SCREENING_DUE);
    for (int q = 0; q < SCREENING_QUESTIONS; q++)
        assert_true(screening_question(q)[0] != '\0');
    assert_string_equal(screening_question(SCREENING_QUESTIONS), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_need)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
