/* The recorded-trace reader: each line and --cal, as a table of cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/dev/plate_trace.h"

static void test_lines(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        bool header;
        int64_t prev_us;
        int want; /* 1 sample, 0 nothing, -1 error */
        int64_t t_us;
        int32_t left, right;
        uint8_t ok;
        const char *err; /* a piece of the message */
    } cases[] = {
        {"t_us,left_counts,right_counts", true, INT64_MIN, 0, 0, 0, 0, 0, NULL},
        {"t_us,left_counts,right_counts\r", true, INT64_MIN, 0, 0, 0, 0, 0, NULL},
        {"t_us,left,right", true, INT64_MIN, -1, 0, 0, 0, 0, "header"},
        {"0,1,2", true, INT64_MIN, -1, 0, 0, 0, 0, "header"},
        {"0,83000,-61000", false, INT64_MIN, 1, 0, 83000, -61000, 3, NULL},
        {"12500,-8388608,8388607", false, 0, 1, 12500, -8388608, 8388607, 3, NULL},
        {"12500,,5", false, 0, 1, 12500, -1, 5, 2, NULL},
        {"12500,5,", false, 0, 1, 12500, 5, -1, 1, NULL},
        {"12500,5,6\r", false, 0, 1, 12500, 5, 6, 3, NULL},
        {"\"12500\",\"5\",\"6\"", false, 0, 1, 12500, 5, 6, 3, NULL},
        {"", false, 0, 0, 0, 0, 0, 0, NULL},
        {"12500,5", false, 0, -1, 0, 0, 0, 0, "2 fields"},
        {"12500,5,6,7", false, 0, -1, 0, 0, 0, 0, "4 fields"},
        {"12500,5,8388608", false, 0, -1, 0, 0, 0, 0, "right_counts"},
        {"12500,-8388609,0", false, 0, -1, 0, 0, 0, 0, "left_counts"},
        {"12500,1.5,0", false, 0, -1, 0, 0, 0, 0, "left_counts"},
        {"12500,0x10,0", false, 0, -1, 0, 0, 0, 0, "left_counts"},
        {"abc,1,2", false, 0, -1, 0, 0, 0, 0, "t_us"},
        {"-1,1,2", false, INT64_MIN, -1, 0, 0, 0, 0, "t_us"},
        {"100,1,2", false, 100, -1, 0, 0, 0, 0, "not after"},
        {"99,1,2", false, 100, -1, 0, 0, 0, 0, "not after"},
        {"100,\"1,2", false, 0, -1, 0, 0, 0, 0, "not CSV"},
        {"99999999999999999999999,1,2", false, 0, -1, 0, 0, 0, 0, "t_us"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct plate_sample s;
        memset(&s, 0xAB, sizeof s);
        char err[PLATE_TRACE_ERR_MAX] = "";
        int got = plate_trace_parse_line(cases[i].line, cases[i].header, cases[i].prev_us, &s, err);
        if (got != cases[i].want)
            fail_msg("\"%s\": %d, want %d (%s)", cases[i].line, got, cases[i].want, err);
        if (got == 1) {
            assert_int_equal(s.t_us, cases[i].t_us);
            assert_int_equal(s.raw[PLATE_LEFT], cases[i].left);
            assert_int_equal(s.raw[PLATE_RIGHT], cases[i].right);
            assert_int_equal(s.ok_mask, cases[i].ok);
        }
        if (cases[i].err && !strstr(err, cases[i].err))
            fail_msg("\"%s\": \"%s\" does not say \"%s\"", cases[i].line, err, cases[i].err);
    }
}

static void test_cal(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
        int32_t off_l, off_r;
        double gpc_l, gpc_r;
    } cases[] = {
        {"83000,20000,-61000,25000", true, 83000, -61000, 0.05, 0.04},
        {"0,1000.5,0,1000.5", true, 0, 0, 1000 / 1000.5, 1000 / 1000.5},
        {"1,2,3", false, 0, 0, 0, 0},
        {"1,2,3,4,5", false, 0, 0, 0, 0},
        {"a,2,3,4", false, 0, 0, 0, 0},
        {"0,0,0,20000", false, 0, 0, 0, 0},
        {"0,-20000,0,20000", false, 0, 0, 0, 0},
        {"1.5,20000,0,20000", false, 0, 0, 0, 0},
        {"9000000,20000,0,20000", false, 0, 0, 0, 0},
        {"0,nan,0,20000", false, 0, 0, 0, 0},
        {"", false, 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct load_calibration cal;
        char err[PLATE_TRACE_ERR_MAX] = "";
        bool ok = plate_trace_parse_cal(cases[i].text, &cal, err);
        if (ok != cases[i].ok)
            fail_msg("--cal \"%s\": %s (%s)", cases[i].text, ok ? "taken" : "refused", err);
        if (!ok) {
            assert_true(strlen(err) > 10);
            continue;
        }
        assert_int_equal(cal.offset[PLATE_LEFT], cases[i].off_l);
        assert_int_equal(cal.offset[PLATE_RIGHT], cases[i].off_r);
        assert_float_equal(cal.g_per_count[PLATE_LEFT], cases[i].gpc_l, 1e-12);
        assert_float_equal(cal.g_per_count[PLATE_RIGHT], cases[i].gpc_r, 1e-12);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_cal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
