/* The HX711 driver against the software HX711 model behind struct gpio. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "hx711_model.h"

#define COUNT_MAX   0x7FFFFF
#define COUNT_MIN   (-0x800000)
#define PERIOD_80US 12500
#define PERIOD_10US 100000
#define POLL_SLACK_US                                                                              \
    600 /* a read starts up to one poll step (500 us) after data ready, plus line calls */
#define BOTH ((1u << PLATE_LEFT) | (1u << PLATE_RIGHT))

struct rig {
    struct hx711_model m;
    struct gpio_clock clock;
    struct gpio *gpio;
    struct hx711 *h;
};

static struct hx711_config config(int rate_hz, const char *rate_line)
{
    return (struct hx711_config){.chip_label = "model-gpio",
                                 .sck_line = "SCK",
                                 .dout_line = {"DOUT_L", "DOUT_R"},
                                 .rate_line = rate_line,
                                 .rate_hz = rate_hz};
}

static int rig_open(void **state, int strap_hz, struct hx711_config cfg)
{
    struct rig *r = calloc(1, sizeof(*r));
    model_init(&r->m, strap_hz, 42);
    r->clock = model_clock(&r->m);
    char err[GPIO_ERR_MAX];
    r->gpio = model_open(&r->m, "model-gpio", err);
    r->h = hx711_open(r->gpio, &r->clock, &cfg, err);
    if (!r->h)
        fprintf(stderr, "%s\n", err);
    *state = r;
    return r->h ? 0 : -1;
}

static int setup_80(void **state)
{
    return rig_open(state, 10, config(80, "RATE"));
}

static int setup_10(void **state)
{
    return rig_open(state, 10, config(10, "RATE"));
}

static int setup_strapped_10(void **state)
{
    return rig_open(state, 10, config(10, NULL));
}

static int teardown(void **state)
{
    struct rig *r = *state;
    hx711_close(r->h);
    gpio_close(r->gpio);
    model_destroy(&r->m);
    free(r);
    return 0;
}

static void set_values(struct rig *r, int32_t left, int32_t right)
{
    MODEL_LOCKED(&r->m, (r->m.chips[0].value = left, r->m.chips[1].value = right));
}

static void read_ok(struct rig *r, struct plate_sample *s)
{
    assert_int_equal(hx711_read(r->h, s, NULL), 0);
}

static void test_sign_extend(void **state)
{
    (void)state;
    static const struct {
        uint32_t bits;
        int32_t count;
    } cases[] = {
        {0x000000, 0},         {0x000001, 1},   {0x7FFFFF, COUNT_MAX},
        {0x800000, COUNT_MIN}, {0xFFFFFF, -1},  {0x123456, 0x123456},
        {0xEDCBAA, -0x123456}, {0xFF000001, 1}, /* only 24 bits count */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(hx711_sign_extend(cases[i].bits), cases[i].count);
}

/* Values round-trip on both sides, including the extremes, and each read ends with the
 * single extra pulse that keeps channel A at gain 128. */
static void test_values_round_trip(void **state)
{
    struct rig *r = *state;
    MODEL_LOCKED(&r->m, r->m.longest_high_us = 0); /* not the power-down pulse at open */
    static const int32_t cases[][2] = {
        {0, 0},
        {1, -1},
        {123456, -654321},
        {COUNT_MAX, COUNT_MIN},
        {COUNT_MIN, COUNT_MAX},
        {-1, 1},
        {0x555555, -0x2AAAAB},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        set_values(r, cases[i][0], cases[i][1]);
        struct plate_sample s;
        read_ok(r, &s); /* may carry the conversion latched before the change */
        read_ok(r, &s);
        assert_int_equal(s.ok_mask, BOTH);
        assert_int_equal(s.raw[PLATE_LEFT], cases[i][0]);
        assert_int_equal(s.raw[PLATE_RIGHT], cases[i][1]);
    }
    struct plate_sample s;
    read_ok(r, &s); /* a conversion finalises the previous read's pulse count */
    for (int chip = 0; chip < 2; chip++) {
        assert_int_equal(r->m.chips[chip].last_pulses, HX711_DATA_BITS + HX711_GAIN_A128_PULSES);
        assert_int_equal(r->m.chips[chip].gain, 128);
        assert_int_equal(r->m.chips[chip].partial_reads, 0);
        assert_int_equal(r->m.chips[chip].power_downs, 1); /* the reset at open only */
    }
    assert_true(r->m.longest_high_us < HX711_PD_SCK_HIGH_MAX_US);
    assert_int_equal(hx711_resets(r->h), 0);
}

/* One sample per conversion: consecutive samples lie one period apart. */
static void check_rate(struct rig *r, int period_us, int rate_level)
{
    assert_int_equal(r->m.lines[LINE_RATE].level, rate_level);
    assert_int_equal(hx711_period_us(r->h), period_us);
    struct plate_sample prev, s;
    read_ok(r, &prev);
    for (int i = 0; i < 20; i++) {
        read_ok(r, &s);
        assert_int_equal(s.ok_mask, BOTH);
        int64_t dt_us = s.t_us - prev.t_us;
        if (dt_us < period_us - POLL_SLACK_US || dt_us > period_us + POLL_SLACK_US)
            fail_msg("samples %lld us apart, want %d +- %d", (long long)dt_us, period_us,
                     POLL_SLACK_US);
        prev = s;
    }
}

static void test_rate_80_drives_rate_high(void **state)
{
    check_rate(*state, PERIOD_80US, 1);
}

static void test_rate_10_drives_rate_low(void **state)
{
    check_rate(*state, PERIOD_10US, 0);
}

static void test_rate_strapped(void **state)
{
    struct rig *r = *state;
    assert_false(r->m.lines[LINE_RATE].requested);
    check_rate(r, PERIOD_10US, 0);
}

/* A dead DOUT: that side is not ok in every sample, the other side still reads, the dead
 * side is reset with a back-off, and it reads again once it comes back. */
static void test_dead_side(void **state)
{
    struct rig *r = *state;
    set_values(r, 1000, -2000);
    MODEL_LOCKED(&r->m, r->m.chips[0].dead = true);
    const int samples = 60;
    for (int i = 0; i < samples; i++) {
        struct plate_sample s;
        read_ok(r, &s);
        assert_int_equal(s.ok_mask, 1u << PLATE_RIGHT);
        assert_int_equal(hx711_side_status(r->h, PLATE_LEFT), HX711_SIDE_NOT_READY);
        assert_int_equal(s.raw[PLATE_LEFT], -1);
        /* right reads its value, apart from a sample lost to a reset */
        if (s.ok_mask & (1u << PLATE_RIGHT))
            assert_int_equal(s.raw[PLATE_RIGHT], -2000);
    }
    int resets = hx711_resets(r->h);
    assert_true(resets >= 2); /* it tried */
    assert_true(resets <= 5); /* 3, 6, 12, 24... misses apart: not every sample */
    MODEL_LOCKED(&r->m, r->m.chips[0].dead = false);
    struct plate_sample s = {0};
    for (int i = 0; i < 40 && s.ok_mask != BOTH; i++)
        read_ok(r, &s);
    assert_int_equal(s.ok_mask, BOTH);
    read_ok(r, &s);
    assert_int_equal(s.raw[PLATE_LEFT], 1000);
    assert_int_equal(s.raw[PLATE_RIGHT], -2000);
}

/* A DOUT shorted low looks ready with all-zero data; it fails the release check. */
static void test_stuck_low_side(void **state)
{
    struct rig *r = *state;
    set_values(r, 777, 888);
    MODEL_LOCKED(&r->m, r->m.chips[1].stuck_low = true);
    for (int i = 0; i < 10; i++) {
        struct plate_sample s;
        read_ok(r, &s);
        assert_int_equal(s.ok_mask, 1u << PLATE_LEFT);
        assert_int_equal(s.raw[PLATE_LEFT], 777);
        assert_int_equal(hx711_side_status(r->h, PLATE_RIGHT), HX711_SIDE_STUCK_LOW);
    }
}

/* SCK held high by a stall: the sample is dropped and both chips reset; the next sample
 * is whole. A stall that stays within the limit is no fault. */
static void test_sck_stall(void **state)
{
    struct rig *r = *state;
    static const struct {
        int64_t stall_us;
        bool dropped;
        bool powered_down;
    } cases[] = {
        {30, false, false}, /* within HX711_PD_SCK_HIGH_MAX_US */
        {55, true, false},  /* over our limit, under the chip's: dropped to be safe */
        {70, true, true},   /* the chip powered down mid-word */
        {5000, true, true},
    };
    set_values(r, -4242, 4242);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct plate_sample s;
        read_ok(r, &s);
        int resets = hx711_resets(r->h);
        int downs = r->m.chips[0].power_downs;
        MODEL_LOCKED(&r->m, r->m.stall_us = cases[i].stall_us);
        read_ok(r, &s);
        assert_int_equal(r->m.stall_us, 0); /* the stall happened inside this read */
        if (cases[i].dropped) {
            assert_int_equal(s.ok_mask, 0);
            assert_int_equal(hx711_side_status(r->h, PLATE_LEFT), HX711_SIDE_SCK_OVERRUN);
            assert_int_equal(hx711_resets(r->h), resets + 1);
        } else {
            assert_int_equal(s.ok_mask, BOTH);
            assert_int_equal(hx711_resets(r->h), resets);
        }
        /* 1 for the stall itself when it was long enough, 1 for the driver's reset */
        int want_downs = downs + (cases[i].powered_down ? 1 : 0) + (cases[i].dropped ? 1 : 0);
        assert_int_equal(r->m.chips[0].power_downs, want_downs);
        read_ok(r, &s);
        assert_int_equal(s.ok_mask, BOTH);
        assert_int_equal(s.raw[PLATE_LEFT], -4242);
        assert_int_equal(s.raw[PLATE_RIGHT], 4242);
    }
}

static int32_t median(int32_t *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            int32_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

/* Bit flips on one DOUT: the clean side is exact, the noisy side stays in range and is
 * right in most samples; readings keep coming at the rate. */
static void test_noisy_line(void **state)
{
    struct rig *r = *state;
    const int32_t left = 0x3A5A5A, right = -0x1234;
    set_values(r, left, right);
    MODEL_LOCKED(&r->m, r->m.chips[1].flip_p = 0.01);
    enum { N = 200 };
    int32_t right_raw[N];
    int n_right = 0, exact = 0;
    struct plate_sample s;
    read_ok(r, &s);
    int64_t t0_us = s.t_us;
    for (int i = 0; i < N; i++) {
        read_ok(r, &s);
        assert_true(s.ok_mask & (1u << PLATE_LEFT));
        assert_int_equal(s.raw[PLATE_LEFT], left);
        if (s.ok_mask & (1u << PLATE_RIGHT)) {
            assert_true(s.raw[PLATE_RIGHT] >= COUNT_MIN && s.raw[PLATE_RIGHT] <= COUNT_MAX);
            exact += s.raw[PLATE_RIGHT] == right;
            right_raw[n_right++] = s.raw[PLATE_RIGHT];
        }
    }
    assert_true(n_right > N * 9 / 10);
    assert_true(exact < n_right); /* the noise did reach the data */
    assert_true(exact > n_right / 2);
    assert_int_equal(median(right_raw, n_right), right);
    int64_t mean_us = (s.t_us - t0_us) / N;
    assert_true(mean_us < PERIOD_80US + POLL_SLACK_US);
}

/* A dead DOUT on a noisy wire glitches low now and then: a single low read is not "data
 * ready", so the dead side almost never yields a (garbage) sample. */
static void test_glitch_is_not_ready(void **state)
{
    struct rig *r = *state;
    set_values(r, 100, 200);
    MODEL_LOCKED(&r->m, (r->m.chips[0].dead = true, r->m.chips[0].flip_p = 0.01));
    enum { N = 200 };
    int left_ok = 0;
    for (int i = 0; i < N; i++) {
        struct plate_sample s;
        read_ok(r, &s);
        left_ok += (s.ok_mask & (1u << PLATE_LEFT)) != 0;
    }
    /* about 37 polls a sample: one read would be fooled in ~30% of samples, two in ~0.4% */
    assert_true(left_ok <= N / 50);
}

static void test_gpio_failure(void **state)
{
    struct rig *r = *state;
    MODEL_LOCKED(&r->m, r->m.fail_ops = true);
    struct plate_sample s;
    errno = 0;
    assert_int_equal(hx711_read(r->h, &s, NULL), -1);
    assert_int_equal(errno, ENODEV);
    assert_non_null(strstr(hx711_error(r->h), "model-gpio"));
    assert_non_null(strstr(hx711_error(r->h), strerror(ENODEV)));
    MODEL_LOCKED(&r->m, r->m.fail_ops = false);
}

static void test_stop_while_waiting(void **state)
{
    struct rig *r = *state;
    MODEL_LOCKED(&r->m, (r->m.chips[0].dead = true, r->m.chips[1].dead = true));
    atomic_bool stop = true;
    int64_t t0_us = model_now_us(&r->m);
    struct plate_sample s;
    errno = 0;
    assert_int_equal(hx711_read(r->h, &s, &stop), -1);
    assert_int_equal(errno, ECANCELED);
    assert_true(model_now_us(&r->m) - t0_us < PERIOD_80US); /* did not sit out the timeout */
    atomic_store(&stop, false);
    assert_int_equal(hx711_read(r->h, &s, &stop), 0);
    assert_int_equal(s.ok_mask, 0);
}

static void test_close_powers_down(void **state)
{
    struct rig *r = *state;
    hx711_close(r->h);
    r->h = NULL;
    assert_int_equal(r->m.lines[LINE_SCK].level, 1);
    for (int id = LINE_SCK; id <= LINE_RATE; id++)
        assert_false(r->m.lines[id].requested);
    model_wait_us(&r->m, HX711_POWER_DOWN_HOLD_US);
    assert_true(r->m.chips[0].powered_down);
    assert_true(r->m.chips[1].powered_down);
}

static void test_open_errors(void **state)
{
    (void)state;
    static const struct {
        struct hx711_config cfg;
        const char *says;
    } cases[] = {
        {{"model-gpio", "SCK", {"DOUT_L", "DOUT_R"}, NULL, 25}, "10 or 80"},
        {{"model-gpio", "GPIO99", {"DOUT_L", "DOUT_R"}, NULL, 80}, "'GPIO99'"},
        {{"model-gpio", "SCK", {"DOUT_L", ""}, NULL, 80}, "right DOUT"},
        {{"model-gpio", "SCK", {"DOUT_L", "DOUT_L"}, NULL, 80}, "busy"},
        {{"model-gpio", "SCK", {"DOUT_L", "DOUT_R"}, "SCK", 80}, "busy"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct hx711_model m;
        model_init(&m, 10, 1);
        struct gpio_clock clock = model_clock(&m);
        char err[HX711_ERR_MAX] = "";
        struct gpio *g = model_open(&m, "model-gpio", err);
        assert_null(hx711_open(g, &clock, &cases[i].cfg, err));
        if (!strstr(err, cases[i].says))
            fail_msg("case %zu: \"%s\" does not say %s", i, err, cases[i].says);
        for (int id = 0; id < MODEL_LINES; id++)
            assert_false(m.lines[id].requested); /* nothing half-open is left */
        gpio_close(g);
        model_destroy(&m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sign_extend),
        cmocka_unit_test_setup_teardown(test_values_round_trip, setup_80, teardown),
        cmocka_unit_test_setup_teardown(test_rate_80_drives_rate_high, setup_80, teardown),
        cmocka_unit_test_setup_teardown(test_rate_10_drives_rate_low, setup_10, teardown),
        cmocka_unit_test_setup_teardown(test_rate_strapped, setup_strapped_10, teardown),
        cmocka_unit_test_setup_teardown(test_dead_side, setup_80, teardown),
        cmocka_unit_test_setup_teardown(test_stuck_low_side, setup_80, teardown),
        cmocka_unit_test_setup_teardown(test_sck_stall, setup_80, teardown),
        cmocka_unit_test_setup_teardown(test_noisy_line, setup_80, teardown),
        cmocka_unit_test_setup_teardown(test_glitch_is_not_ready, setup_80, teardown),
        cmocka_unit_test_setup_teardown(test_gpio_failure, setup_80, teardown),
        cmocka_unit_test_setup_teardown(test_stop_while_waiting, setup_80, teardown),
        cmocka_unit_test_setup_teardown(test_close_powers_down, setup_80, teardown),
        cmocka_unit_test(test_open_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
