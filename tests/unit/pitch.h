/* Shared by the sound tests: the pitch of a recorded tone, from its zero crossings. */
#ifndef TEST_PITCH_H
#define TEST_PITCH_H

#include <stddef.h>
#include <stdint.h>

/* Two crossings a cycle, counted between the first and the last; 0 when too short. */
static inline double dominant_hz(const int16_t *x, size_t n, int32_t rate_hz)
{
    int count = 0, last = 0;
    size_t first_at = 0, last_at = 0;
    for (size_t i = 0; i < n; i++) {
        int sign = (x[i] > 0) - (x[i] < 0);
        if (sign && last && sign != last) {
            if (count++ == 0)
                first_at = i;
            last_at = i;
        }
        if (sign)
            last = sign;
    }
    if (count < 2)
        return 0.0;
    return (count - 1) / 2.0 * rate_hz / (double)(last_at - first_at);
}

#endif
