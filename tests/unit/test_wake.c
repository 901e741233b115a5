/*
 * The frame loop's next deadline (wake_deadline_us) as a table: what the loop knows when
 * it goes to sleep, and when it must run again. The case that matters most: during a set
 * with the simulated bar at rest, the loop still wakes at the bar's next frame, because a
 * rep closes on the quiet samples after the movement (sleeping to the next redraw put a
 * closed rep on the screen up to 250 ms late).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../app/wake.h"

#define T0    5000000 /* the kiosk clock at the sleep, arbitrary */
#define NEVER INT64_MAX
#define MS(x) ((int64_t)(x)*1000)

struct deadline_case {
    const char *what;
    struct wake_due due;
    int64_t want_us; /* from T0 */
};

/* clang-format off */
static const struct deadline_case deadline_cases[] = {
    {"attract, nothing due: the longest sleep",
     {.now_us = T0, .redraw_us = NEVER}, WAKE_IDLE_MAX_US},
    {"a redraw sooner than the longest sleep",
     {.now_us = T0, .redraw_us = T0 + MS(40)}, MS(40)},
    {"a redraw already due: run now",
     {.now_us = T0, .redraw_us = T0 - MS(3)}, -MS(3)},
    {"still simulated bar outside a set: its frames do not wake the loop",
     {.now_us = T0, .redraw_us = NEVER, .bar_sim = true, .bar_frame_us = T0 + MS(4)},
     WAKE_IDLE_MAX_US},
    {"simulated bar moving outside a set (unrack): each frame",
     {.now_us = T0, .redraw_us = NEVER, .bar_sim = true, .bar_moving = true,
      .bar_frame_us = T0 + MS(4)}, MS(4)},
    {"set, bar moving: each frame",
     {.now_us = T0, .redraw_us = T0 + MS(900), .bar_sim = true, .in_set = true,
      .bar_moving = true, .bar_frame_us = T0 + MS(3)}, MS(3)},
    {"set, bar at rest after a rep, nothing to redraw: each frame (closes the rep)",
     {.now_us = T0, .redraw_us = NEVER, .bar_sim = true, .in_set = true,
      .bar_frame_us = T0 + MS(4)}, MS(4)},
    {"set, bar at rest, next redraw a second away: each frame",
     {.now_us = T0, .redraw_us = T0 + MS(1000), .bar_sim = true, .in_set = true,
      .bar_frame_us = T0 + 2500}, 2500},
    {"set, bar at rest, someone on the plate: the bar's frame is sooner",
     {.now_us = T0, .redraw_us = NEVER, .bar_sim = true, .in_set = true,
      .bar_frame_us = T0 + MS(4), .plate_sim_loaded = true}, MS(4)},
    {"set, a redraw sooner than the bar's frame",
     {.now_us = T0, .redraw_us = T0 + MS(1), .bar_sim = true, .in_set = true,
      .bar_frame_us = T0 + MS(4)}, MS(1)},
    {"set, the bar's frame already complete: a millisecond on, never a spin",
     {.now_us = T0, .redraw_us = NEVER, .bar_sim = true, .in_set = true,
      .bar_frame_us = T0 - MS(2)}, WAKE_SIM_MIN_US},
    {"set, the bar's frame due now: a millisecond on",
     {.now_us = T0, .redraw_us = NEVER, .bar_sim = true, .in_set = true,
      .bar_frame_us = T0}, WAKE_SIM_MIN_US},
    {"set, a real bar unit: its USB thread wakes the loop, no frame deadline",
     {.now_us = T0, .redraw_us = NEVER, .in_set = true, .bar_frame_us = T0 + MS(4)},
     WAKE_IDLE_MAX_US},
    {"someone on the simulated plate, bar still: the plate's period",
     {.now_us = T0, .redraw_us = NEVER, .bar_sim = true, .bar_frame_us = T0 + MS(4),
      .plate_sim_loaded = true}, WAKE_SIM_PLATE_US},
    {"someone on the plate, a redraw sooner",
     {.now_us = T0, .redraw_us = T0 + MS(16), .plate_sim_loaded = true}, MS(16)},
};
/* clang-format on */

static void deadline_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof deadline_cases / sizeof deadline_cases[0]; i++) {
        const struct deadline_case *c = &deadline_cases[i];
        int64_t got = wake_deadline_us(&c->due) - T0;
        if (got != c->want_us)
            fail_msg("case %zu (%s): deadline %+lld us, want %+lld us", i, c->what, (long long)got,
                     (long long)c->want_us);
    }
}

/*
 * A set of reps played frame by frame on a simulated clock: the bar moves for each rep
 * and then rests; the loop sleeps to its deadline each time. Between the end of a
 * movement and the bar's next frame the loop must never sleep past that frame, whatever
 * the redraws do, so a rep closing at rest is taken within a frame of the bar.
 */
static void set_at_rest_never_sleeps_past_a_bar_frame(void **state)
{
    (void)state;
    const int64_t frame_us = 4000; /* 4 samples at 1 kHz */
    const int64_t rep_us = MS(6000), rest_us = MS(1500);
    int64_t now = T0, next_frame = T0 + frame_us, worst_late = 0;
    int wakes = 0;
    while (now < T0 + 6 * (rep_us + rest_us)) {
        int64_t in_cycle = (now - T0) % (rep_us + rest_us);
        struct wake_due due = {
            .now_us = now,
            .redraw_us = NEVER, /* the set screen redraws on changes only */
            .bar_sim = true,
            .in_set = true,
            .bar_moving = in_cycle < rep_us,
            .bar_frame_us = next_frame,
        };
        int64_t wake_at = now + (int64_t)wake_timeout_ms(now, wake_deadline_us(&due)) * 1000;
        if (wake_at > next_frame && wake_at - next_frame > worst_late)
            worst_late = wake_at - next_frame;
        now = wake_at;
        while (next_frame <= now)
            next_frame += frame_us;
        wakes++;
    }
    assert_true(worst_late < MS(1)); /* rounding to whole milliseconds, nothing more */
    assert_true(wakes > 6 * (rep_us + rest_us) / frame_us / 2);
}

struct timeout_case {
    int64_t from_now_us;
    int want_ms;
};

static void timeout_rounds_up(void **state)
{
    (void)state;
    static const struct timeout_case cases[] = {
        {-5000, 0}, {0, 0},    {1, 1},        {999, 1},
        {1000, 1},  {1001, 2}, {250000, 250}, {INT64_MAX - T0, 2147483647},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = wake_timeout_ms(T0, T0 + cases[i].from_now_us);
        if (got != cases[i].want_ms)
            fail_msg("%lld us from now: %d ms, want %d", (long long)cases[i].from_now_us, got,
                     cases[i].want_ms);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deadline_table),
        cmocka_unit_test(set_at_rest_never_sleeps_past_a_bar_frame),
        cmocka_unit_test(timeout_rounds_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
