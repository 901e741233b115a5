/*
 * The plate: what the HX711 driver costs per sample, what the load filter costs per
 * sample, and how long the filter takes from a load settling to a stable reading.
 *
 *   bench_plate          the driver's CPU time, the filter's wall time (medians) and the
 *                        latency figures
 *   bench_plate --once   one pass of the load filter over a recorded visit, for
 *                        `valgrind --tool=callgrind --toggle-collect=bench_measured`;
 *                        prints "units N" (samples)
 *
 * The driver runs against the software HX711 (tests/unit/hx711_model.h), whose GPIO calls
 * cost a mutex each: its figure is an upper bound on the driver's own work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../app/dev/plate_model.h"
#include "../unit/hx711_model.h"
#include "bench_util.h"

#define PASSES       9
#define DRIVER_READS 2000
#define STEP_SEEDS   21
#define MAX_SAMPLES  40000

struct recording {
    struct plate_sample s[MAX_SAMPLES];
    int n;
    struct load_calibration cal;
};

static void keep(void *ctx, const struct plate_sample *s, const struct plate_model_truth *t)
{
    (void)t;
    struct recording *r = ctx;
    if (r->n < MAX_SAMPLES)
        r->s[r->n++] = *s;
}

__attribute__((noinline)) void bench_measured(const struct recording *rec, struct load_filter *f);
__attribute__((noinline)) void bench_measured(const struct recording *rec, struct load_filter *f)
{
    struct load_reading rd;
    struct load_event_at ev;
    struct load_stretch st;
    for (int i = 0; i < rec->n; i++) {
        load_filter_push(f, &rec->s[i]);
        load_filter_read(f, &rd);
        while (load_filter_take_event(f, &ev) || load_filter_take_stretch(f, &st))
            ;
    }
}

/* This thread's CPU time: the driver's cost, whatever else the machine is doing. */
static int64_t cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], cmp_double);
    return v[n / 2];
}

/* hx711_read against the software chips: CPU time per sample, median of passes. */
static double driver_ns_per_sample(void)
{
    double ns[PASSES];
    for (int p = 0; p < PASSES; p++) {
        static struct hx711_model m;
        model_init(&m, 80, 1);
        m.chips[0].value = 123456;
        m.chips[1].value = -65432;
        struct gpio_clock clock = model_clock(&m);
        char err[HX711_ERR_MAX];
        struct gpio *g = model_open(&m, "model-gpio", err);
        struct hx711_config cfg = {.chip_label = "model-gpio",
                                   .sck_line = "SCK",
                                   .dout_line = {"DOUT_L", "DOUT_R"},
                                   .rate_line = "RATE",
                                   .rate_hz = 80};
        struct hx711 *h = hx711_open(g, &clock, &cfg, err);
        if (!h)
            return -1;
        int64_t t0 = cpu_ns();
        for (int i = 0; i < DRIVER_READS; i++) {
            struct plate_sample s;
            if (hx711_read(h, &s, NULL) < 0 || s.ok_mask != 3)
                return -1;
        }
        ns[p] = (double)(cpu_ns() - t0) / DRIVER_READS;
        hx711_close(h);
        gpio_close(g);
        model_destroy(&m);
    }
    return median(ns, PASSES);
}

/* A weight (or a person) arrives: from the moment the whole load is on the plate (the end
 * of the model's step-on ramp, its ringing still to come) to the first stable reading. */
static double step_latency_s(uint64_t seed, int rate_hz, double sway)
{
    struct plate_model_config cfg;
    plate_model_defaults(&cfg, seed, rate_hz);
    cfg.sway = sway;
    static struct plate_model m;
    plate_model_init(&m, &cfg, 0);
    const int64_t on_us = 3000000, dur_us = 1500000;
    plate_model_move(&m, &(struct plate_move){.kind = PLATE_MOVE_STEP_ON,
                                              .t_us = on_us,
                                              .dur_us = dur_us,
                                              .body_g = 60000 + (int32_t)(seed % 7) * 10000,
                                              .left_frac = 0.5});
    struct rules rules;
    rules_default(&rules);
    static struct load_filter f;
    load_filter_init(&f, &cfg.cal, &rules);
    while (m.t_us < on_us + dur_us + 5000000) {
        struct plate_sample s;
        plate_model_sample(&m, &s, NULL);
        load_filter_push(&f, &s);
        struct load_reading rd;
        load_filter_read(&f, &rd);
        int64_t arrived_us = on_us + dur_us * 55 / 100;
        if (s.t_us >= arrived_us && rd.stable && rd.total_g > 20000)
            return (double)(s.t_us - arrived_us) / 1e6;
    }
    return 99;
}

int main(int argc, char **argv)
{
    int once = argc > 1 && strcmp(argv[1], "--once") == 0;
    static struct recording rec;
    static struct plate_visit v;
    plate_visit_generate(&v, PLATE_SEED_HELD_OUT, 80);
    rec.cal = v.cfg.cal;
    plate_visit_run(&v, keep, &rec);
    struct rules rules;
    rules_default(&rules);
    static struct load_filter f;
    if (once) {
        load_filter_init(&f, &rec.cal, &rules);
        bench_measured(&rec, &f);
        printf("units %d\n", rec.n);
        return 0;
    }
    double ns[PASSES];
    for (int p = 0; p < PASSES; p++) {
        load_filter_init(&f, &rec.cal, &rules);
        int64_t t0 = now_ns();
        bench_measured(&rec, &f);
        ns[p] = (double)(now_ns() - t0) / rec.n;
    }
    printf("bench_plate: load filter: median %.0f ns/sample over a %d-sample visit\n",
           median(ns, PASSES), rec.n);
    double drv = driver_ns_per_sample();
    if (drv < 0) {
        printf("bench_plate: the driver failed against the software HX711\n");
        return 1;
    }
    printf("bench_plate: HX711 driver CPU (both sides, with the software chip's GPIO): median %.0f "
           "ns/sample\n",
           drv);
    static const int rates[2] = {80, 10};
    static const double sways[2] = {0, 1};
    for (int r = 0; r < 2; r++)
        for (int k = 0; k < 2; k++) {
            double lat[STEP_SEEDS];
            for (int i = 0; i < STEP_SEEDS; i++)
                lat[i] = step_latency_s(PLATE_SEED_HELD_OUT + (uint64_t)i, rates[r], sways[k]);
            double med = median(lat, STEP_SEEDS);
            printf("bench_plate: step to stable reading at %d/s, %s: median %.2f s, max %.2f s\n",
                   rates[r], sways[k] > 0 ? "a person" : "a still weight", med,
                   lat[STEP_SEEDS - 1]);
        }
    return 0;
}
