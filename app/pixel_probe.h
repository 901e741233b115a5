/*
 * Sensor to pixel, measured in the real frame loop: from a bar sample that changed what
 * the screen shows (a phase, a rep) to the presented frame showing it. "arrival": from
 * when the sample's frame left the bar unit (its last sample's time on the kiosk clock);
 * "sample": from the sample itself, which adds the unit's batching.
 *
 * So that a slow figure says whether the machine was the cause, each change also keeps
 * how long the frame loop's thread waited for a CPU (the run-queue delay the kernel
 * counts in /proc/thread-self/schedstat) between taking the sample and presenting it,
 * and the run reports that wait in all. Only a --real-time run measures; nothing here
 * runs on a virtual clock.
 */
#ifndef PIXEL_PROBE_H
#define PIXEL_PROBE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define KIOSK_PROBE_MAX 4096
/* A change whose thread waited longer than this for a CPU counts as starved. */
#define PIXEL_PROBE_STARVED_US 1000
#define PIXEL_PROBE_PASSES     16

/* The thread's counters from the kernel (ns), -1 when it does not say. */
struct sched_time {
    int64_t on_cpu_ns, wait_ns;
};

struct pixel_probe {
    bool pending;
    int64_t arrival_us, sample_us, taken_us; /* kiosk clock */
    int64_t from_us;                         /* the start of the pass the frame arrived in */
    struct sched_time from;                  /* the thread's counters then */
    int n;
    float arrival_ms[KIOSK_PROBE_MAX], sample_ms[KIOSK_PROBE_MAX];
    float wake_ms[KIOSK_PROBE_MAX];    /* arrival to the frame loop taking the sample */
    float starved_ms[KIOSK_PROBE_MAX]; /* run-queue wait from that pass to presenting */
    float cpu_ms[KIOSK_PROBE_MAX];     /* on a CPU over the same span */
    /* the last loop passes' starts, kiosk clock and the thread's counters: where each
     * change's wait is counted from (the pass during which its frame arrived) */
    int64_t pass_us[PIXEL_PROBE_PASSES];
    struct sched_time pass_time[PIXEL_PROBE_PASSES];
    unsigned n_passes;
    int stat_fd; /* /proc/thread-self/schedstat, once opened */
    bool stat_tried;
    int64_t first_us; /* at the first change: the run's start */
    struct sched_time first;
};

/* The calling thread's time on a CPU and waiting for one since it started, -1 each where
 * the kernel does not say (reads /proc/thread-self/schedstat, kept open in p). */
struct sched_time pixel_probe_sched_now(struct pixel_probe *p);
/* The frame loop is about to sleep at now_us (a measured run only: one read of the
 * kernel's counters a pass). */
void pixel_probe_pass(struct pixel_probe *p, int64_t now_us);
/* A change from the sample at sample_us, arrived at arrival_us, taken at now_us; while
 * one is pending (not yet presented) later ones are not timed. */
void pixel_probe_take(struct pixel_probe *p, int64_t sample_us, int64_t arrival_us, int64_t now_us);
/* The frame showing the pending change was presented at now_us. */
void pixel_probe_presented(struct pixel_probe *p, int64_t now_us);
/* Two lines on log: the figures for a reader, then as key=value for the bench. Nothing
 * when nothing was measured. Closes the schedstat file. */
void pixel_probe_report(struct pixel_probe *p, FILE *log, unsigned frame_samples);

#endif
