/* The plate port's reader thread, driven by the HX711 model's clock (never wall time). */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../app/dev/plate_hx711.h"
#include "hx711_model.h"

#define SECOND_US      1000000
#define PERIOD_80US    12500
#define PERIOD_10US    100000
#define OPEN_SLACK_US  1000 /* model time the constructor may use before the thread is held */
#define FIRST_READY_US 3000 /* the right chip's phase: both are ready this long after settling */
#define POLL_MAX       1024
#define POLL_SLACK_US  600 /* a read starts up to one poll step (500 us) after data ready */
#define WATCHDOG_S     30
#define LEFT_VALUE     -123456
#define RIGHT_VALUE    654321
#define BOTH           ((1u << PLATE_LEFT) | (1u << PLATE_RIGHT))

struct rig {
    struct hx711_model m;
    struct gpio_clock clock;
    struct plate *plate;
    int64_t t0_us; /* model time at open */
    struct plate_sample got[POLL_MAX];
};

static struct hx711_config config(int rate_hz)
{
    return (struct hx711_config){.chip_label = "model-gpio",
                                 .sck_line = "SCK",
                                 .dout_line = {"DOUT_L", "DOUT_R"},
                                 .rate_line = "RATE",
                                 .rate_hz = rate_hz};
}

/* Opens the port with the model's clock held just after open, unless free_run. */
static struct rig *rig_new(int rate_hz, int rt_priority, bool free_run)
{
    struct rig *r = calloc(1, sizeof(*r));
    model_init(&r->m, 10, 7);
    r->m.chips[0].value = LEFT_VALUE;
    r->m.chips[1].value = RIGHT_VALUE;
    r->t0_us = r->m.now_us;
    if (!free_run)
        r->m.limit_us = r->t0_us + OPEN_SLACK_US;
    r->clock = model_clock(&r->m);
    struct plate_hx711_env env = {
        .open_gpio = model_open, .open_ctx = &r->m, .clock = &r->clock, .rt_priority = rt_priority};
    struct hx711_config cfg = config(rate_hz);
    char err[PLATE_HX711_ERR_MAX] = "";
    r->plate = plate_hx711_open_env(&cfg, &env, err);
    if (!r->plate)
        fail_msg("open: %s", err);
    return r;
}

static void rig_free(struct rig *r)
{
    model_free_run(&r->m);
    plate_close(r->plate);
    model_destroy(&r->m);
    free(r);
}

/* Runs the model to t_us and takes everything the port has by then. */
static int run_and_poll(struct rig *r, int64_t t_us)
{
    assert_true(model_run_until(&r->m, t_us));
    return plate_poll(r->plate, model_now_us(&r->m), r->got, POLL_MAX);
}

static void check_stream(struct rig *r, int n, int period_us, int64_t span_us)
{
    /* samples at settling + phase, then one a period, up to the end of the span */
    int64_t settle_us = (int64_t)HX711_SETTLE_PERIODS * period_us + FIRST_READY_US;
    int want = (int)((span_us - settle_us) / period_us) + 1;
    if (n < want - 1 || n > want + 1)
        fail_msg("%d samples in %lld us at %d us a sample, want %d", n, (long long)span_us,
                 period_us, want);
    for (int i = 0; i < n; i++) {
        assert_int_equal(r->got[i].ok_mask, BOTH);
        assert_int_equal(r->got[i].raw[PLATE_LEFT], LEFT_VALUE);
        assert_int_equal(r->got[i].raw[PLATE_RIGHT], RIGHT_VALUE);
        if (i > 0)
            assert_true(r->got[i].t_us > r->got[i - 1].t_us);
    }
    int64_t mean_us = (r->got[n - 1].t_us - r->got[0].t_us) / (n - 1);
    assert_true(mean_us > period_us - period_us / 100 && mean_us < period_us + period_us / 100);
    assert_true(r->got[n - 1].t_us <= model_now_us(&r->m));
}

static void test_rate_80(void **state)
{
    (void)state;
    struct rig *r = rig_new(80, 0, false);
    int n = run_and_poll(r, r->t0_us + SECOND_US);
    check_stream(r, n, PERIOD_80US, SECOND_US);
    assert_int_equal(r->m.lines[LINE_RATE].level, 1);
    rig_free(r);
}

static void test_rate_10(void **state)
{
    (void)state;
    struct rig *r = rig_new(10, 0, false);
    int n = run_and_poll(r, r->t0_us + 3 * SECOND_US);
    check_stream(r, n, PERIOD_10US, 3 * SECOND_US);
    assert_int_equal(r->m.lines[LINE_RATE].level, 0);
    rig_free(r);
}

/* A poll returns at most max, oldest first, and nothing taken after its now_us. */
static void test_poll_limits(void **state)
{
    (void)state;
    struct rig *r = rig_new(80, 0, false);
    assert_true(model_run_until(&r->m, r->t0_us + SECOND_US));
    int64_t now_us = model_now_us(&r->m);
    struct plate_sample s[4];
    assert_int_equal(plate_poll(r->plate, now_us, s, 4), 4);
    for (int i = 1; i < 4; i++)
        assert_in_range(s[i].t_us - s[i - 1].t_us, PERIOD_80US - POLL_SLACK_US,
                        PERIOD_80US + POLL_SLACK_US);
    int64_t last_us = s[3].t_us;
    /* the next sample was taken about a period later: not there yet at last_us + 1 */
    assert_int_equal(plate_poll(r->plate, last_us + 1, s, 4), 0);
    assert_int_equal(plate_poll(r->plate, last_us + PERIOD_80US + POLL_SLACK_US, s, 4), 1);
    assert_in_range(s[0].t_us - last_us, PERIOD_80US - POLL_SLACK_US, PERIOD_80US + POLL_SLACK_US);
    rig_free(r);
}

/* Unread samples beyond the ring are dropped, oldest first. */
static void test_ring_overflow(void **state)
{
    (void)state;
    struct rig *r = rig_new(80, 0, false);
    int n = run_and_poll(r, r->t0_us + 5 * SECOND_US);
    assert_int_equal(n, PLATE_HX711_RING);
    long dropped = plate_hx711_dropped(r->plate);
    int64_t settle_us = (int64_t)HX711_SETTLE_PERIODS * PERIOD_80US + FIRST_READY_US;
    long taken = (5 * SECOND_US - settle_us) / PERIOD_80US + 1;
    assert_true(dropped >= taken - PLATE_HX711_RING - 1 && dropped <= taken - PLATE_HX711_RING + 1);
    assert_true(model_now_us(&r->m) - r->got[n - 1].t_us <= PERIOD_80US);
    rig_free(r);
}

/* A dead side: the other still streams, the problem names the side and its line, and
 * the side is back in the stream (and the message gone) once it answers again. */
static void test_dead_side(void **state)
{
    (void)state;
    struct rig *r = rig_new(80, 0, false);
    MODEL_LOCKED(&r->m, r->m.chips[0].dead = true);
    int n = run_and_poll(r, r->t0_us + 3 * SECOND_US);
    int right_ok = 0;
    for (int i = 0; i < n; i++) {
        assert_false(r->got[i].ok_mask & (1u << PLATE_LEFT));
        right_ok += (r->got[i].ok_mask & (1u << PLATE_RIGHT)) != 0;
    }
    assert_true(right_ok > 3 * 80 / 2); /* most of a 1.5-period-per-sample stream */
    char msg[PLATE_HX711_ERR_MAX];
    assert_true(plate_hx711_problem(r->plate, msg));
    assert_non_null(strstr(msg, "left"));
    assert_non_null(strstr(msg, "DOUT_L"));
    assert_non_null(strstr(msg, "model-gpio"));

    MODEL_LOCKED(&r->m, r->m.chips[0].dead = false);
    n = run_and_poll(r, r->t0_us + 7 * SECOND_US);
    assert_true(n > 0);
    assert_int_equal(r->got[n - 1].ok_mask, BOTH);
    assert_int_equal(r->got[n - 1].raw[PLATE_LEFT], LEFT_VALUE);
    assert_false(plate_hx711_problem(r->plate, msg));
    assert_string_equal(msg, "");
    rig_free(r);
}

/* The chip fails (every call errors, reopening fails): poll says -1 with a reason; when it
 * is back the thread reopens it and samples resume. */
static void test_gpio_loss_and_recovery(void **state)
{
    (void)state;
    struct rig *r = rig_new(80, 0, false);
    assert_true(run_and_poll(r, r->t0_us + SECOND_US) > 0);
    MODEL_LOCKED(&r->m, (r->m.fail_ops = true, r->m.fail_open = true));
    int opens = r->m.opens;
    int n = run_and_poll(r, r->t0_us + 4 * SECOND_US);
    if (n > 0) /* samples taken just before the failure come first */
        n = plate_poll(r->plate, model_now_us(&r->m), r->got, POLL_MAX);
    assert_int_equal(n, -1);
    char msg[PLATE_HX711_ERR_MAX];
    assert_true(plate_hx711_problem(r->plate, msg));
    assert_non_null(strstr(msg, "model-gpio"));
    assert_true(r->m.opens >= opens + 2); /* it kept trying, once a PLATE_HX711_REOPEN_US */
    assert_true(r->m.opens <= opens + 4);

    MODEL_LOCKED(&r->m, (r->m.fail_ops = false, r->m.fail_open = false));
    n = run_and_poll(r, r->t0_us + 7 * SECOND_US);
    assert_true(n > 80);
    assert_int_equal(r->got[n - 1].ok_mask, BOTH);
    assert_int_equal(r->got[n - 1].raw[PLATE_RIGHT], RIGHT_VALUE);
    assert_false(plate_hx711_problem(r->plate, msg));
    rig_free(r);
}

/*
 * Through the real driver, the kiosk's load filter follows the chips as they convert with
 * noise and a drifting zero: a steady reading while both answer, "plate offline" naming
 * the side once one stops (DOUT stuck high, or shorted low), or both once the clock is
 * too slow for the chips (SCK high past 50 us in every read powers them down mid-word),
 * and back by itself each time the fault goes.
 */
static void test_filter_follows_the_chips(void **state)
{
    (void)state;
    struct rig *r = rig_new(80, 0, false);
    /* counts near a real plate's: both sides' zero plus 40 kg at 0.05 g a count */
    const struct load_calibration cal = {.offset = {LEFT_VALUE - 800000, RIGHT_VALUE - 800000},
                                         .g_per_count = {0.05, 0.05}};
    struct rules rules;
    rules_default(&rules);
    static struct load_filter f;
    load_filter_init(&f, &cal, &rules);
    MODEL_LOCKED(&r->m, {
        for (int c = 0; c < 2; c++) {
            r->m.chips[c].noise_counts = 300;      /* 15 g a side */
            r->m.chips[c].drift_counts_per_s = 10; /* 0.5 g a second */
        }
    });
    struct load_reading rd;
    enum fault { NONE, LEFT_DEAD, RIGHT_STUCK_LOW, SLOW_CLOCK };
    static const struct {
        int64_t until_s;
        enum fault fault;
        enum plate_side side; /* the side named */
    } phases[] = {
        {2, NONE, 0},  {5, LEFT_DEAD, PLATE_LEFT},
        {8, NONE, 0},  {11, RIGHT_STUCK_LOW, PLATE_RIGHT},
        {14, NONE, 0}, {17, SLOW_CLOCK, PLATE_LEFT},
        {20, NONE, 0},
    };
    for (size_t k = 0; k < sizeof phases / sizeof phases[0]; k++) {
        enum fault fault = phases[k].fault;
        MODEL_LOCKED(&r->m, {
            r->m.chips[0].dead = fault == LEFT_DEAD;
            r->m.chips[1].stuck_low = fault == RIGHT_STUCK_LOW;
            r->m.slow_sck_us = fault == SLOW_CLOCK ? 70 : 0; /* past the chip's 60 us */
        });
        int n = run_and_poll(r, r->t0_us + phases[k].until_s * SECOND_US);
        for (int i = 0; i < n; i++)
            load_filter_push(&f, &r->got[i]);
        load_filter_read(&f, &rd);
        if (rd.fault != (fault != NONE))
            fail_msg("phase %zu: fault %d, want %d", k, rd.fault, fault != NONE);
        if (fault != NONE) {
            assert_int_equal(rd.fault_kind, LOAD_FAULT_NO_ANSWER);
            assert_int_equal(rd.fault_side, phases[k].side);
            assert_non_null(strstr(rd.fault_msg, "Plate offline"));
            assert_false(rd.stable);
        } else {
            assert_true(rd.stable);
            /* 80 kg, and up to 0.5 g a second a side of drift since the start */
            if (rd.total_g < 79900 || rd.total_g > 80100 + phases[k].until_s * 1000)
                fail_msg("phase %zu: %d g", k, rd.total_g);
        }
    }
    if (r->m.chips[0].power_downs < 3)
        fail_msg("the slow clock powered the chips down %d times", r->m.chips[0].power_downs);
    rig_free(r);
}

static void watchdog(int sig)
{
    (void)sig;
    static const char msg[] = "close hung\n";
    (void)!write(2, msg, sizeof msg - 1);
    _exit(1);
}

/* Close returns while the thread reads (or waits on sides that never answer), and leaves
 * the chips powered down with every line released. */
static void test_close_while_reading(void **state)
{
    (void)state;
    signal(SIGALRM, watchdog);
    for (int dead = 0; dead < 2; dead++) {
        struct rig *r = rig_new(80, 0, true);
        MODEL_LOCKED(&r->m, (r->m.chips[0].dead = dead, r->m.chips[1].dead = dead));
        while (model_now_us(&r->m) < r->t0_us + SECOND_US / 10)
            sched_yield(); /* the thread is well into reading */
        alarm(WATCHDOG_S);
        plate_close(r->plate);
        alarm(0);
        assert_int_equal(r->m.lines[LINE_SCK].level, 1);
        for (int id = LINE_SCK; id <= LINE_RATE; id++)
            assert_false(r->m.lines[id].requested);
        model_destroy(&r->m);
        free(r);
    }
}

static void *probe_fifo(void *arg)
{
    struct sched_param sp = {.sched_priority = *(int *)arg};
    return (void *)(intptr_t)(pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp) == 0);
}

/* SCHED_FIFO when this process may have it, normal priority when not; samples either way. */
static void test_realtime_or_fallback(void **state)
{
    (void)state;
    int prio = 10;
    pthread_t t;
    void *permitted;
    assert_int_equal(pthread_create(&t, NULL, probe_fifo, &prio), 0);
    pthread_join(t, &permitted);
    struct rig *r = rig_new(80, prio, false);
    int n = run_and_poll(r, r->t0_us + SECOND_US);
    check_stream(r, n, PERIOD_80US, SECOND_US);
    assert_int_equal(plate_hx711_realtime(r->plate), permitted != NULL);
    print_message("SCHED_FIFO %s here\n", permitted ? "permitted" : "not permitted");
    rig_free(r);
}

static void test_open_errors(void **state)
{
    (void)state;
    struct hx711_model m;
    model_init(&m, 10, 1);
    struct gpio_clock clock = model_clock(&m);
    struct plate_hx711_env env = {.open_gpio = model_open, .open_ctx = &m, .clock = &clock};
    char err[PLATE_HX711_ERR_MAX];
    struct hx711_config cfg = config(80);
    cfg.chip_label = "pinctrl-rp1";
    assert_null(plate_hx711_open_env(&cfg, &env, err));
    assert_non_null(strstr(err, "'pinctrl-rp1'"));
    cfg = config(80);
    cfg.dout_line[PLATE_LEFT] = "GPIO6";
    assert_null(plate_hx711_open_env(&cfg, &env, err));
    assert_non_null(strstr(err, "'GPIO6'"));
    for (int id = 0; id < MODEL_LINES; id++)
        assert_false(m.lines[id].requested);
    model_destroy(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_80),
        cmocka_unit_test(test_rate_10),
        cmocka_unit_test(test_poll_limits),
        cmocka_unit_test(test_ring_overflow),
        cmocka_unit_test(test_dead_side),
        cmocka_unit_test(test_gpio_loss_and_recovery),
        cmocka_unit_test(test_close_while_reading),
        cmocka_unit_test(test_realtime_or_fallback),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_filter_follows_the_chips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
