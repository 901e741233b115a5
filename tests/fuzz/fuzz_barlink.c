/*
 * Bar link: arbitrary bytes from the USB endpoint, cut into reads whose sizes and
 * arrival times come from the input, then every sample into the rep detector.
 *
 * Input: byte 0 picks how many (length, delay) pairs follow (0..15); the pairs are used
 * in turn for each read (length 1..256 bytes, delay 0..255 ms before it arrives); the
 * rest is the byte stream. No pairs: the whole stream arrives in one read.
 *
 * Invariants: sample times strictly increase; every byte fed is either skipped, part
 * of an accepted frame or still buffered; no frame yields more samples than it holds;
 * sample values are finite; reps have ordered times, non-negative durations and
 * travel, and phase durations that add up to the rep's length.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/core/barlink.h"
#include "../../app/core/rep.h"
#include "../../app/core/rules.h"
#include "fuzz.h"

#define PLAN_MAX       16u
#define RX_START_US    1000000000LL /* the kiosk has been up a while */
#define US_PER_MS      1000
#define ROUNDING_MS    2 /* each phase is rounded to the nearest ms on its own */
#define TRACE_MMPS_MIN (-32767)

struct run {
    uint64_t samples;
    bool have_t;
    int64_t last_t_us;
    int64_t first_t_us;
    int reps;
    int64_t last_end_us;     /* where the last rep ended */
    struct rep_detector det; /* last, so the counters above can be cleared on their own */
};

static void check_rep(const struct run *r, const struct rep_result *rep, int64_t now_us)
{
    FUZZ_CHECK(rep->index == r->reps + 1, "rep %d after %d", rep->index, r->reps);
    FUZZ_CHECK(rep->t_start_us >= r->first_t_us && rep->t_start_us <= rep->t_end_us,
               "start %lld end %lld first sample %lld", (long long)rep->t_start_us,
               (long long)rep->t_end_us, (long long)r->first_t_us);
    FUZZ_CHECK(r->reps == 0 || rep->t_start_us >= r->last_end_us,
               "rep starts at %lld, before the last one ended at %lld", (long long)rep->t_start_us,
               (long long)r->last_end_us);
    /* A rep is handed out once the bar has rested after it: never before its end. */
    FUZZ_CHECK(rep->t_end_us <= now_us, "rep ends at %lld, handed out at %lld",
               (long long)rep->t_end_us, (long long)now_us);
    FUZZ_CHECK(rep->ecc_ms >= 0 && rep->bottom_ms >= 0 && rep->conc_ms >= 0 && rep->top_ms >= 0,
               "phases %d %d %d %d ms", rep->ecc_ms, rep->bottom_ms, rep->conc_ms, rep->top_ms);
    FUZZ_CHECK(rep->ecc_start_us <= rep->ecc_end_us && rep->ecc_end_us <= rep->con_start_us &&
                   rep->con_start_us <= rep->con_end_us && rep->t_start_us == rep->ecc_start_us &&
                   rep->t_end_us == rep->con_end_us,
               "phase bounds out of order: ecc %lld-%lld con %lld-%lld",
               (long long)rep->ecc_start_us, (long long)rep->ecc_end_us,
               (long long)rep->con_start_us, (long long)rep->con_end_us);
    /* Eccentric first (the default): down, bottom pause, up; the top pause follows. */
    int64_t phases_ms = (int64_t)rep->ecc_ms + rep->bottom_ms + rep->conc_ms;
    int64_t span_ms = (rep->t_end_us - rep->t_start_us + US_PER_MS / 2) / US_PER_MS;
    FUZZ_CHECK(llabs(phases_ms - span_ms) <= ROUNDING_MS, "phases add to %lld ms, rep lasts %lld",
               (long long)phases_ms, (long long)span_ms);
    FUZZ_CHECK(rep->rom_mm >= 0 && rep->peak_conc_mmps >= 0 && rep->peak_horiz_mg >= 0 &&
                   rep->peak_gyro_dps >= 0,
               "rom %d peak %d mm/s horiz %d mg gyro %d dps", rep->rom_mm, rep->peak_conc_mmps,
               rep->peak_horiz_mg, rep->peak_gyro_dps);
    for (int k = 0; k < REP_TRACE_POINTS; k++)
        FUZZ_CHECK(rep->trace_mmps[k] >= TRACE_MMPS_MIN, "trace[%d] = %d", k, rep->trace_mmps[k]);
}

static void on_sample(void *ctx, const struct imu_sample *s)
{
    struct run *r = ctx;
    FUZZ_CHECK(!r->have_t || s->t_us > r->last_t_us, "sample at %lld after one at %lld",
               (long long)s->t_us, (long long)r->last_t_us);
    if (!r->have_t)
        r->first_t_us = s->t_us;
    r->have_t = true;
    r->last_t_us = s->t_us;
    r->samples++;
    for (int a = 0; a < 3; a++)
        FUZZ_CHECK(isfinite(s->accel_g[a]) && isfinite(s->gyro_dps[a]), "axis %d: %g g %g dps", a,
                   s->accel_g[a], s->gyro_dps[a]);

    struct rep_result rep;
    if (rep_detector_push(&r->det, s, &rep)) {
        check_rep(r, &rep, s->t_us);
        r->reps++;
        r->last_end_us = rep.t_end_us;
    }
    FUZZ_CHECK(isfinite(rep_detector_velocity_mps(&r->det)), "velocity %g",
               rep_detector_velocity_mps(&r->det));
}

static void check_stats(const struct barlink *l, const struct run *r, uint64_t fed)
{
    const struct barlink_stats *st = &l->stats;
    FUZZ_CHECK(l->len <= sizeof l->buf, "%zu bytes buffered", l->len);
    uint64_t frames_v2 = st->frames_ok - st->frames_v1;
    FUZZ_CHECK(st->frames_v1 <= st->frames_ok, "%llu of %llu frames of version 1",
               (unsigned long long)st->frames_v1, (unsigned long long)st->frames_ok);
    FUZZ_CHECK(st->bytes_skipped + frames_v2 * BARPROTO_FRAME_SIZE +
                       st->frames_v1 * BARPROTO_V1_FRAME_SIZE + l->len ==
                   fed,
               "skipped %llu + %llu frames + %zu buffered != %llu fed",
               (unsigned long long)st->bytes_skipped, (unsigned long long)st->frames_ok, l->len,
               (unsigned long long)fed);
    FUZZ_CHECK(st->crc_errors + st->version_errors + st->bad_frames <= st->bytes_skipped,
               "%llu rejected frames but only %llu bytes skipped",
               (unsigned long long)(st->crc_errors + st->version_errors + st->bad_frames),
               (unsigned long long)st->bytes_skipped);
    FUZZ_CHECK(r->samples <= frames_v2 * BARPROTO_SAMPLES + st->frames_v1 * BARPROTO_V1_SAMPLES,
               "%llu samples from %llu frames", (unsigned long long)r->samples,
               (unsigned long long)st->frames_ok);
    FUZZ_CHECK(st->device_restarts <= st->frames_ok, "%llu restarts in %llu frames",
               (unsigned long long)st->device_restarts, (unsigned long long)st->frames_ok);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t n_plan = data[0] % PLAN_MAX;
    if (size < 1 + 2 * n_plan)
        return 0;
    const uint8_t *plan = data + 1;
    const uint8_t *stream = plan + 2 * n_plan;
    size_t left = size - 1 - 2 * n_plan;

    /* The rep detector keeps 8 s of samples: too big for the stack. */
    struct run *r = malloc(sizeof *r);
    FUZZ_CHECK(r != NULL, "out of memory");
    memset(r, 0, offsetof(struct run, det));
    struct rules rules;
    rules_default(&rules);
    rep_detector_init(&r->det, &rules);
    struct barlink l;
    barlink_init(&l);

    int64_t rx_us = RX_START_US;
    uint64_t fed = 0;
    for (size_t i = 0; left > 0; i++) {
        size_t chunk = left;
        if (n_plan > 0) {
            const uint8_t *p = plan + 2 * (i % n_plan);
            chunk = (size_t)p[0] + 1;
            if (chunk > left)
                chunk = left;
            rx_us += (int64_t)p[1] * US_PER_MS;
        }
        barlink_feed(&l, stream, chunk, rx_us, on_sample, r);
        stream += chunk;
        left -= chunk;
        fed += chunk;
        check_stats(&l, r, fed);
    }
    free(r);
    return 0;
}
