/*
 * The bar unit's sampling on seeds the tests never see: 200 runs of 4 s against the
 * ICM-42688-P model, each with its own rate (200/500/1000 Hz), sensor clock error
 * (within +-2 %), main-loop jitter (up to 1.5 ms a turn) and reads on INT1 or only on
 * the 10 ms poll. Prints how many runs lost, repeated or misstamped a sample, how many
 * frames were short, the worst stamp error in periods, and the longest a frame's first
 * sample waited to leave (goal: ~4 ms on INT1 at every rate).
 *
 *   bench_fw_stamps          the sweep
 *   bench_fw_stamps --once   one run at 1 kHz for callgrind (bench_measured: the unit's
 *                            main-loop work, the sensor model's SPI answers included);
 *                            prints "units N" with N the samples framed
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/fw_rig.h"

#define SEED0         1000u
#define RUNS          200u
#define RUN_US        4000000u
#define MAX_JITTER_US 1500u

static struct rig rig;
static uint64_t xs;

static uint32_t rnd(void)
{
    xs ^= xs << 13;
    xs ^= xs >> 7;
    xs ^= xs << 17;
    return (uint32_t)(xs >> 11);
}

__attribute__((noinline)) void bench_measured(struct rig *r, bool int1);

void bench_measured(struct rig *r, bool int1)
{
    barunit_poll(&r->unit, r->imu.now_us, int1);
}

static double run(uint32_t seed, bool once, bool *int1)
{
    static const uint16_t rates[] = {200, 500, 1000};
    xs = 0x9E3779B97F4A7C15ull ^ (seed * 0x100000001B3ull);
    for (int k = 0; k < 5; k++)
        rnd();
    int32_t drift = once ? 5000 : (int32_t)(rnd() % 40001u) - 20000;
    uint16_t rate = once ? 1000 : rates[rnd() % 3];
    bool use_int = once || rnd() % 2;
    *int1 = use_int;
    uint32_t max_step = 50u + rnd() % MAX_JITTER_US;
    rig_init(&rig, 0x47, drift);
    barunit_poll(&rig.unit, rig.imu.now_us, false);
    rig_request(&rig, RIG_REQ_OUT, BARPROTO_REQ_SET_RATE, rate, 0);
    rig_request(&rig, RIG_REQ_OUT, BARPROTO_REQ_START, 0, 0);
    double worst_us = 0;
    while (rig.imu.now_us < RUN_US) {
        icm_model_advance(&rig.imu, rig.imu.now_us + 20u + rnd() % max_step);
        bench_measured(&rig, use_int && icm_model_int1(&rig.imu));
        const uint8_t *fr;
        while ((fr = barunit_tx_peek(&rig.unit))) {
            struct barproto_frame f;
            if (barproto_decode(fr, BARPROTO_FRAME_SIZE, &f) == BARPROTO_OK) {
                for (unsigned j = 0; j < f.count; j++) {
                    uint32_t i;
                    if (rig_sample_index(&f.samples[j], rig.have_index ? rig.next_index : 0, &i) &&
                        i < ICM_MODEL_TAKEN) {
                        double e = (double)(int64_t)(f.t_us + (uint64_t)j * f.period_us -
                                                     rig.imu.taken_us[i]);
                        worst_us =
                            e < 0 ? (-e > worst_us ? -e : worst_us) : (e > worst_us ? e : worst_us);
                    }
                }
            }
            rig_take_frame(&rig, fr);
            barunit_tx_pop(&rig.unit);
        }
    }
    return worst_us * rate / 1e6;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--once") == 0) {
        bool int1;
        run(SEED0, true, &int1);
        printf("units %u\n", (unsigned)rig.samples);
        return 0;
    }
    unsigned defects = 0, frames = 0, short_frames = 0;
    double worst = 0;
    uint64_t wait_us[2] = {0, 0}; /* worst first-sample wait: on the poll alone, on INT1 */
    for (uint32_t seed = SEED0; seed < SEED0 + RUNS; seed++) {
        bool int1;
        double w = run(seed, false, &int1);
        worst = w > worst ? w : worst;
        frames += rig.frames;
        short_frames += rig.short_frames;
        if (rig.worst_wait_us > wait_us[int1])
            wait_us[int1] = rig.worst_wait_us;
        /* a short frame is no defect: a read out of step with the frames sends what it
         * has rather than hold it (framer_close_late) */
        if (rig.sample_errors || rig.index_jumps || rig.seq_gaps || rig.bad_frames ||
            rig.stamp_errors)
            defects++;
    }
    printf("bar unit sampling, %u runs (seeds %u-%u): %u with a lost, repeated or misstamped "
           "sample; %u frames, %u short; worst stamp error %.2f periods; a frame's first "
           "sample left within %.1f ms reading on INT1, %.1f ms on the 10 ms poll alone\n",
           RUNS, SEED0, SEED0 + RUNS - 1, defects, frames, short_frames, worst,
           (double)wait_us[1] / 1000.0, (double)wait_us[0] / 1000.0);
    return defects ? 1 : 0;
}
