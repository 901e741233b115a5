/*
 * Keeping a set's bar samples: the per-sample cost of imu_record_push (the kiosk's IMU
 * path), and, once per set, packing and compressing a minute of the simulated bar unit's
 * samples as the store does, with the bytes per minute that leaves.
 *
 *   bench_imu_record          wall times (medians) and bytes per minute
 *   bench_imu_record --once   one pass of the pushes for callgrind; prints "units N"
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#include "../../app/core/barlink.h"
#include "../../app/core/imu_record.h"
#include "../../app/dev/bar_sim.h"
#include "bench_util.h"

#define T0_US      1000000
#define POLL_US    10000
#define MINUTE_US  60000000LL
#define REP_GAP_US 7000000
#define DEPTH_MM   450
#define PASSES     9
#define SET_KEY    1
#define ZLIB_LEVEL 3 /* as app/store/writes.c */

static struct imu_sample samples[IMU_RECORD_RATE_HZ * 61];
static int n_samples;
static struct imu_record rec;

static void keep(void *ctx, const struct imu_sample *s)
{
    (void)ctx;
    if (n_samples < (int)(sizeof samples / sizeof samples[0]))
        samples[n_samples++] = *s;
}

/* A minute of the simulated bar unit doing squats, through the kiosk's bar link. */
static void capture(void)
{
    struct bar_sim *sim = bar_sim_new(7, T0_US);
    const int tempo[4] = {3000, 1000, 2000, 0};
    for (int64_t t = T0_US + 2000000; t < T0_US + MINUTE_US - REP_GAP_US; t += REP_GAP_US)
        bar_sim_rep(sim, BAR_SIM_REP_CLEAN, tempo, DEPTH_MM, t);
    struct barlink link;
    barlink_init(&link);
    static uint8_t buf[64 * 1024];
    for (int64_t t = T0_US + POLL_US; t <= T0_US + MINUTE_US; t += POLL_US) {
        int n = bar_read(bar_sim_port(sim), t, buf, sizeof buf);
        if (n > 0)
            barlink_feed(&link, buf, (size_t)n, t + 800, keep, NULL);
    }
    bar_close(bar_sim_port(sim));
}

/* What callgrind counts: every sample of the minute into the recorder. */
__attribute__((noinline)) void bench_measured(void)
{
    rec.set_key = 0;
    for (int i = 0; i < n_samples; i++)
        imu_record_push(&rec, SET_KEY, &samples[i]);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    capture();
    if (argc > 1 && strcmp(argv[1], "--once") == 0) {
        bench_measured();
        printf("units %d\n", n_samples);
        return 0;
    }
    double push_s[PASSES], pack_s[PASSES];
    uLongf zlen = 0;
    struct imu_track t;
    imu_record_track(&rec, &t);
    uint8_t *packed = malloc(imu_track_pack_max(n_samples));
    uLongf zcap = compressBound((uLong)imu_track_pack_max(n_samples));
    uint8_t *z = malloc(zcap);
    if (!packed || !z)
        return 1;
    for (int p = 0; p < PASSES; p++) {
        double t0 = now_s();
        bench_measured();
        double t1 = now_s();
        imu_record_track(&rec, &t);
        size_t len = imu_track_pack(&t, packed);
        zlen = zcap;
        if (compress2(z, &zlen, packed, (uLong)len, ZLIB_LEVEL) != Z_OK)
            return 1;
        double t2 = now_s();
        push_s[p] = (t1 - t0) / n_samples;
        pack_s[p] = t2 - t1;
    }
    qsort(push_s, PASSES, sizeof push_s[0], cmp_double);
    qsort(pack_s, PASSES, sizeof pack_s[0], cmp_double);
    double span_min = (double)(samples[n_samples - 1].t_us - samples[0].t_us) / MINUTE_US;
    printf("imu_record: %d samples over %.2f min; push %.1f ns per sample (median)\n", n_samples,
           span_min, push_s[PASSES / 2] * 1e9);
    printf("imu_record: pack + zlib %d: %.1f ms per minute of samples (median), "
           "%.0f bytes per minute, %.2f bytes per sample; cap %d min = %.0f kB\n",
           ZLIB_LEVEL, pack_s[PASSES / 2] * 1e3 / span_min, (double)zlen / span_min,
           (double)zlen / n_samples, IMU_RECORD_MAX_S / 60,
           (double)zlen / span_min * IMU_RECORD_MAX_S / 60 / 1000);
    free(packed);
    free(z);
    return 0;
}
