/*
 * Plate load filter over random counts. Input: 12 bytes of calibration, then samples of
 * 8 bytes each:
 *   byte 0      ms since the last sample (0..255; 255 also means the clock jumps back 1 s)
 *   byte 1      ok_mask (bits 0, 1; the others must be ignored)
 *   bytes 2..7  left and right raw counts, 24 bits each, little-endian, sign-extended
 * Calibration: offsets (24-bit each, sign-extended) and grams per count per side from
 * one byte each (0.001 .. 1 g per count, the range a plate can have).
 *
 * Invariants, after every sample: a fault is never stable; each known side's grams lie
 * within what a 24-bit count can give with that calibration; the total is the sum of
 * the known sides; the reading is at the last sample's time. When a run of equal samples
 * becomes stable depends on the filter's spike rejection and sway model: test_load and
 * test_plate_accuracy assert that, on tables and generated visits.
 */
#include <math.h>
#include <string.h>

#include "../../app/core/load.h"
#include "../../app/core/rules.h"
#include "fuzz.h"

#define CAL_SIZE    12u
#define SAMPLE_SIZE 8u
#define JUMP_BACK   255
#define US_PER_MS   1000

static int32_t s24(const uint8_t *p)
{
    uint32_t u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
    return (int32_t)(u ^ 0x800000u) - 0x800000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < CAL_SIZE)
        return 0;
    struct load_calibration cal;
    for (int side = 0; side < PLATE_SIDES; side++) {
        cal.offset[side] = s24(data + 3 * side);
        cal.g_per_count[side] = (1 + data[6 + side]) / 256.0;
    }
    struct rules rules;
    rules_default(&rules);
    struct load_filter f;
    load_filter_init(&f, &cal, &rules);

    int64_t t_us = 1000000;
    for (size_t off = CAL_SIZE; off + SAMPLE_SIZE <= size; off += SAMPLE_SIZE) {
        const uint8_t *e = data + off;
        t_us += e[0] == JUMP_BACK ? -1000000 : (int64_t)e[0] * US_PER_MS;
        struct plate_sample s = {.t_us = t_us, .ok_mask = e[1]};
        s.raw[PLATE_LEFT] = s24(e + 2);
        s.raw[PLATE_RIGHT] = s24(e + 5);
        load_filter_push(&f, &s);

        struct load_reading r;
        load_filter_read(&f, &r);
        FUZZ_CHECK(!(r.fault && r.stable), "a fault reads as stable");
        FUZZ_CHECK(r.t_us == t_us, "reading at %lld, last sample at %lld", (long long)r.t_us,
                   (long long)t_us);
        int64_t sum = 0;
        for (int side = 0; side < PLATE_SIDES; side++) {
            double reach = (2.0 * 0x800000) * cal.g_per_count[side] + 1;
            FUZZ_CHECK(fabs((double)r.side_g[side]) <= reach, "side %d reads %d g", side,
                       r.side_g[side]);
            sum += r.side_g[side];
        }
        FUZZ_CHECK(r.total_g == sum, "total %d g, sides sum to %lld g", r.total_g, (long long)sum);
    }
    return 0;
}
