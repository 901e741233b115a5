#include "pixel_probe.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NS_PER_MS  1e6
#define US_PER_MS  1000.0f
#define STAT_BYTES 128
#define PERCENT    100

struct sched_time pixel_probe_sched_now(struct pixel_probe *p)
{
    struct sched_time t = {-1, -1};
    if (!p->stat_tried) {
        p->stat_tried = true;
        p->stat_fd = open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
    }
    if (p->stat_fd < 0)
        return t;
    char buf[STAT_BYTES];
    ssize_t n = pread(p->stat_fd, buf, sizeof buf - 1, 0);
    if (n <= 0)
        return t;
    buf[n] = '\0';
    unsigned long long on_cpu_ns, wait_ns;
    if (sscanf(buf, "%llu %llu", &on_cpu_ns, &wait_ns) == 2)
        t = (struct sched_time){(int64_t)on_cpu_ns, (int64_t)wait_ns};
    return t;
}

static float ms_between(int64_t from_ns, int64_t to_ns)
{
    return from_ns >= 0 && to_ns >= 0 ? (float)((double)(to_ns - from_ns) / NS_PER_MS) : -1.0f;
}

void pixel_probe_pass(struct pixel_probe *p, int64_t now_us)
{
    unsigned i = p->n_passes++ % PIXEL_PROBE_PASSES;
    p->pass_us[i] = now_us;
    p->pass_time[i] = pixel_probe_sched_now(p);
}

/* The latest pass that began by arrival_us (the oldest kept when all began later; now
 * when no pass was seen): the change is counted from its start. */
static void count_from(struct pixel_probe *p, int64_t arrival_us, int64_t now_us)
{
    unsigned kept = p->n_passes < PIXEL_PROBE_PASSES ? p->n_passes : PIXEL_PROBE_PASSES;
    p->from_us = now_us;
    p->from = kept ? p->from : pixel_probe_sched_now(p);
    for (unsigned k = 1; k <= kept; k++) {
        unsigned i = (p->n_passes - k) % PIXEL_PROBE_PASSES;
        p->from_us = p->pass_us[i];
        p->from = p->pass_time[i];
        if (p->pass_us[i] <= arrival_us)
            return;
    }
}

void pixel_probe_take(struct pixel_probe *p, int64_t sample_us, int64_t arrival_us, int64_t now_us)
{
    if (p->pending || p->n == KIOSK_PROBE_MAX)
        return;
    p->pending = true; /* the next presented frame shows it */
    p->sample_us = sample_us;
    p->arrival_us = arrival_us;
    p->taken_us = now_us;
    count_from(p, arrival_us, now_us);
    if (p->n == 0) {
        p->first_us = p->from_us;
        p->first = p->from;
    }
}

void pixel_probe_presented(struct pixel_probe *p, int64_t now_us)
{
    if (!p->pending)
        return;
    p->pending = false;
    struct sched_time t = pixel_probe_sched_now(p);
    int i = p->n++;
    p->arrival_ms[i] = (float)(now_us - p->arrival_us) / US_PER_MS;
    p->sample_ms[i] = (float)(now_us - p->sample_us) / US_PER_MS;
    p->wake_ms[i] = (float)(p->taken_us - p->arrival_us) / US_PER_MS;
    p->starved_ms[i] = ms_between(p->from.wait_ns, t.wait_ns);
    p->cpu_ms[i] = ms_between(p->from.on_cpu_ns, t.on_cpu_ns);
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of n sorted values. */
static float rank(const float *sorted, int n, int pct)
{
    int i = (n * pct + PERCENT - 1) / PERCENT - 1;
    return sorted[i < 0 ? 0 : i];
}

/* The figures of one run, each list sorted. */
struct figures {
    float *arrival, *sample, *wake, *calm;
    int n, n_calm, starved, worst, worst_calm; /* worst_calm: -1 when every change waited */
};

static float *sorted_copy(const float *v, int n)
{
    float *c = malloc((size_t)(n > 0 ? n : 1) * sizeof *c);
    if (c) {
        memcpy(c, v, (size_t)n * sizeof *c);
        qsort(c, (size_t)n, sizeof *c, cmp_float);
    }
    return c;
}

static bool figures_make(const struct pixel_probe *p, struct figures *f)
{
    *f = (struct figures){.n = p->n, .worst_calm = -1};
    f->arrival = sorted_copy(p->arrival_ms, p->n);
    f->sample = sorted_copy(p->sample_ms, p->n);
    f->wake = sorted_copy(p->wake_ms, p->n);
    f->calm = malloc((size_t)p->n * sizeof *f->calm);
    if (!f->arrival || !f->sample || !f->wake || !f->calm)
        return false;
    /* the changes whose thread got a CPU at once, apart: what the kiosk itself costs */
    for (int i = 0; i < p->n; i++) {
        if (p->arrival_ms[i] > p->arrival_ms[f->worst])
            f->worst = i;
        if (p->starved_ms[i] * US_PER_MS > PIXEL_PROBE_STARVED_US)
            f->starved++;
        else if ((f->calm[f->n_calm++] = p->arrival_ms[i]) >
                 (f->worst_calm < 0 ? -1.0f : p->arrival_ms[f->worst_calm]))
            f->worst_calm = i;
    }
    qsort(f->calm, (size_t)f->n_calm, sizeof *f->calm, cmp_float);
    return true;
}

static void figures_free(struct figures *f)
{
    free(f->arrival);
    free(f->sample);
    free(f->wake);
    free(f->calm);
}

/*
 * Change i's time off a CPU and not waiting for one (asleep or blocked), from its
 * arrival: the counters run from the start of the pass it arrived in, which may be a
 * little earlier, so this is a lower bound, never below 0.
 */
static float off_cpu_ms(const struct pixel_probe *p, int i)
{
    float off = p->arrival_ms[i] - p->cpu_ms[i] - p->starved_ms[i];
    return off > 0.0f ? off : 0.0f;
}

void pixel_probe_report(struct pixel_probe *p, FILE *log, unsigned frame_samples)
{
    struct sched_time end = pixel_probe_sched_now(p);
    if (p->stat_fd >= 0 && p->stat_tried)
        close(p->stat_fd);
    p->stat_fd = -1;
    if (p->n == 0)
        return;
    struct figures f;
    if (!figures_make(p, &f)) {
        fprintf(log, "rackside: sensor to pixel: %d changes, no memory for the figures\n", p->n);
        figures_free(&f);
        return;
    }
    int n = f.n, w = f.worst;
    float calm99 = f.n_calm ? rank(f.calm, f.n_calm, 99) : -1.0f;
    float wait_ms = ms_between(p->first.wait_ns, end.wait_ns);
    float off_ms = off_cpu_ms(p, w);
    /* the slowest change that got a CPU at once: where the kiosk's own time went */
    int c = f.worst_calm < 0 ? w : f.worst_calm;
    float calm_off_ms = off_cpu_ms(p, c);
    double run_s = (double)(p->taken_us - p->first_us) / 1e6;
    fprintf(log,
            "rackside: sensor to pixel: %d changes, from arrival median %.1f ms p95 %.1f ms "
            "p99 %.1f ms max %.1f ms, from the sample median %.1f ms p99 %.1f ms (bar frames "
            "of %u samples); arrival to the loop taking it median %.1f ms p99 %.1f ms; the "
            "loop's thread waited for a CPU %.1f ms over %.1f s, over %.1f ms in %d changes; "
            "p99 of the other %d changes %.1f ms; the slowest change: %.1f ms, its thread on "
            "a CPU %.1f ms, waiting for one %.1f ms, asleep or blocked %.1f ms; the slowest "
            "that did not wait: %.1f ms, on a CPU %.1f ms, asleep or blocked %.1f ms, taken "
            "%.1f ms after arrival\n",
            n, rank(f.arrival, n, 50), rank(f.arrival, n, 95), rank(f.arrival, n, 99),
            f.arrival[n - 1], rank(f.sample, n, 50), rank(f.sample, n, 99), frame_samples,
            rank(f.wake, n, 50), rank(f.wake, n, 99), wait_ms, run_s,
            PIXEL_PROBE_STARVED_US / US_PER_MS, f.starved, f.n_calm, calm99, p->arrival_ms[w],
            p->cpu_ms[w], p->starved_ms[w], off_ms, p->arrival_ms[c], p->cpu_ms[c], calm_off_ms,
            p->wake_ms[c]);
    fprintf(log,
            "rackside: sensor to pixel figures: n=%d a50=%.2f a95=%.2f a99=%.2f amax=%.2f "
            "s50=%.2f s99=%.2f wake50=%.2f wake99=%.2f wait_ms=%.1f run_s=%.1f starved=%d "
            "calm_n=%d calm99=%.2f worst_cpu=%.2f worst_wait=%.2f worst_off=%.2f "
            "calm_worst=%.2f calm_worst_cpu=%.2f calm_worst_off=%.2f calm_worst_wake=%.2f "
            "frame=%u\n",
            n, rank(f.arrival, n, 50), rank(f.arrival, n, 95), rank(f.arrival, n, 99),
            f.arrival[n - 1], rank(f.sample, n, 50), rank(f.sample, n, 99), rank(f.wake, n, 50),
            rank(f.wake, n, 99), wait_ms, run_s, f.starved, f.n_calm, calm99, p->cpu_ms[w],
            p->starved_ms[w], off_ms, p->arrival_ms[c], p->cpu_ms[c], calm_off_ms, p->wake_ms[c],
            frame_samples);
    figures_free(&f);
}
