/*
 * A set's stored bar samples (imu_track_unpack), as read back from the database, where
 * a damaged or foreign blob must be refused, never trusted. Input: 2 bytes for the
 * sample count the database row claims (0..SAMPLES_MAX), then the packed bytes.
 *
 * Invariants: a refused input leaves nothing claimed; an accepted one starts at time 0,
 * strictly increases, and packs again into at most as many bytes that unpack to the same
 * samples.
 */
#include <stdbool.h>
#include <string.h>

#include "../../app/core/imu_record.h"
#include "fuzz.h"

#define SAMPLES_MAX 4096
#define COUNT_BYTES 2

static uint32_t t_off[SAMPLES_MAX], t_off2[SAMPLES_MAX];
static int16_t counts[SAMPLES_MAX][IMU_RECORD_AXES], counts2[SAMPLES_MAX][IMU_RECORD_AXES];
static uint8_t repacked[SAMPLES_MAX * (5 + 2 * IMU_RECORD_AXES)];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < COUNT_BYTES)
        return 0;
    int n = (data[0] | data[1] << 8) % (SAMPLES_MAX + 1);
    struct imu_track t = {.t_off_us = t_off, .counts = counts, .n = -1};
    if (imu_track_unpack(data + COUNT_BYTES, size - COUNT_BYTES, n, &t) != 0) {
        FUZZ_CHECK(t.n == -1, "refused, yet claims %d samples", t.n);
        return 0;
    }
    FUZZ_CHECK(t.n == n, "%d samples, %d claimed", t.n, n);
    for (int i = 0; i < n; i++)
        FUZZ_CHECK(i == 0 ? t_off[0] == 0 : t_off[i] > t_off[i - 1], "time %u at %d after %u",
                   t_off[i], i, i ? t_off[i - 1] : 0);
    FUZZ_CHECK(imu_track_pack_max(n) <= sizeof repacked, "pack_max %zu", imu_track_pack_max(n));
    size_t len = imu_track_pack(&t, repacked);
    FUZZ_CHECK(len <= size - COUNT_BYTES, "repacked into %zu bytes from %zu", len,
               size - COUNT_BYTES);
    struct imu_track back = {.t_off_us = t_off2, .counts = counts2};
    FUZZ_CHECK(imu_track_unpack(repacked, len, n, &back) == 0, "own packing refused");
    FUZZ_CHECK(memcmp(t_off, t_off2, (size_t)n * sizeof t_off[0]) == 0 &&
                   memcmp(counts, counts2, (size_t)n * sizeof counts[0]) == 0,
               "repacked samples differ");
    return 0;
}
