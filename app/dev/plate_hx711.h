/*
 * The plate on real hardware: two HX711s over GPIO (hx711.h), read by a thread of its
 * own at the chips' rate (10 or 80 samples/s). The thread asks for SCHED_FIFO so a clock
 * pulse is not preempted past the chips' power-down limit, and runs at normal priority
 * when that is not permitted. Samples go into a ring of PLATE_HX711_RING samples (3.2 s
 * at 80/s; older unread samples are dropped); poll drains it.
 *
 * Sample times are mapped onto the caller's clock at the first poll. A side that stops
 * answering reads as not ok (the load filter turns that into a fault) and is logged
 * once; when the GPIO chip itself fails, poll returns -1 while the thread reopens it
 * every PLATE_HX711_REOPEN_US, and samples resume when it is back.
 */
#ifndef PLATE_HX711_H
#define PLATE_HX711_H

#include <stdbool.h>

#include "gpio.h"
#include "hx711.h"
#include "plate.h"

#define PLATE_HX711_RING        256
#define PLATE_HX711_REOPEN_US   1000000
#define PLATE_HX711_RT_PRIORITY 50 /* SCHED_FIFO, 1..99: above the UI, below kernel IRQ threads */
#define PLATE_HX711_ERR_MAX     HX711_ERR_MAX

/* Where the port gets its chip and its time: the hardware, or a model in tests. */
struct plate_hx711_env {
    gpio_open_fn *open_gpio;
    void *open_ctx;
    const struct gpio_clock *clock;
    int rt_priority; /* 0: normal scheduling */
};

/*
 * Opens the chip and the lines of cfg and starts the reader thread. NULL with a one-line
 * message in err when the chip, a line or the rate is wrong.
 */
struct plate *plate_hx711_open(const struct hx711_config *cfg, char err[PLATE_HX711_ERR_MAX]);
struct plate *plate_hx711_open_env(const struct hx711_config *cfg,
                                   const struct plate_hx711_env *env,
                                   char err[PLATE_HX711_ERR_MAX]);

/* What is wrong now, in one line ("" when both sides answer); returns true when anything is. */
/* fn(ctx) is called from the reader thread after each sample (thread-safe, quick). */
typedef void (*plate_hx711_wake_fn)(void *ctx);
void plate_hx711_set_wake(struct plate *p, plate_hx711_wake_fn fn, void *ctx);
bool plate_hx711_problem(struct plate *p, char msg[PLATE_HX711_ERR_MAX]);
/* Whether the reader thread got SCHED_FIFO. */
bool plate_hx711_realtime(struct plate *p);
/* Samples dropped because the ring was full. */
long plate_hx711_dropped(struct plate *p);

#endif
