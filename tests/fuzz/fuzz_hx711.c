/*
 * HX711 sample decode: the real driver (app/dev/hx711.c) reads two chips through a GPIO
 * whose DOUT levels come from the input, on a clock whose waits the input may stretch.
 * Input: byte 0 says how many reads (1..16) and the rate (bit 7: 10/s, else 80/s); the
 * rest is a bit stream, LSB first. Each DOUT read takes the next bit (1 once it runs
 * out: "not ready"); each wait takes the next bit, and a 1 stretches it by 40 us (a
 * preempted thread), which can push a clock pulse past the chip's 60 us power-down.
 *
 * Invariants: every read ends (0 or -1, never hangs); a side marked ok holds exactly the
 * 24 bits its DOUT gave while the clock was high, sign-extended, inside the 24-bit
 * range; a side not ok does not claim a value; statuses are the enum's values; time
 * never runs backwards; sign extension keeps the low 24 bits for every pattern tried.
 */
#include <string.h>

#include "../../app/dev/hx711.h"
#include "fuzz.h"

#define STRETCH_US  40
#define READS_MASK  0x0Fu
#define SLOW_BIT    0x80u
#define H_SCK       0
#define H_DOUT0     1
#define MAX_HANDLES 4

struct model {
    struct gpio gpio;
    const uint8_t *bits;
    size_t n_bits, next;
    int64_t t_us;
    int sck;
    int handles;
    uint32_t shifted[PLATE_SIDES]; /* DOUT bits read while SCK was high, this read */
    int n_shifted[PLATE_SIDES];
};

static int take_bit(struct model *m)
{
    if (m->next >= m->n_bits)
        return -1;
    size_t i = m->next++;
    return (m->bits[i / 8] >> (i % 8)) & 1;
}

static int m_request(struct gpio *g, const char *line, enum gpio_dir dir, unsigned flags, int value,
                     char err[GPIO_ERR_MAX])
{
    struct model *m = (struct model *)g;
    (void)line, (void)dir, (void)flags, (void)value;
    if (m->handles >= MAX_HANDLES) {
        snprintf(err, GPIO_ERR_MAX, "no more lines");
        return -1;
    }
    return m->handles++;
}

static int m_get(struct gpio *g, int handle)
{
    struct model *m = (struct model *)g;
    int side = handle - H_DOUT0;
    int bit = take_bit(m);
    int v = bit < 0 ? 1 : bit;
    if (side >= 0 && side < PLATE_SIDES && m->sck) {
        m->shifted[side] = m->shifted[side] << 1 | (uint32_t)v;
        m->n_shifted[side]++;
    }
    return v;
}

static int m_set(struct gpio *g, int handle, int value)
{
    struct model *m = (struct model *)g;
    if (handle == H_SCK)
        m->sck = value;
    return 0;
}

static void m_release(struct gpio *g, int handle)
{
    (void)g, (void)handle;
}

static void m_close(struct gpio *g)
{
    (void)g;
}

static int64_t m_now(void *ctx)
{
    return ((struct model *)ctx)->t_us;
}

static void m_wait(void *ctx, int64_t us)
{
    struct model *m = ctx;
    m->t_us += us > 0 ? us : 0;
    if (take_bit(m) == 1)
        m->t_us += STRETCH_US;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (uint32_t b = 0; b < 64; b++) {
        uint32_t bits = (b * 0x3c5a7u) & 0xFFFFFFu;
        FUZZ_CHECK(((uint32_t)hx711_sign_extend(bits) & 0xFFFFFFu) == bits, "0x%06x", bits);
    }
    if (size < 1)
        return 0;
    struct model m = {
        .gpio = {.label = "fuzz",
                 .request = m_request,
                 .get = m_get,
                 .set = m_set,
                 .release = m_release,
                 .close = m_close},
        .bits = data + 1,
        .n_bits = (size - 1) * 8,
        .t_us = 1000000,
    };
    struct gpio_clock clock = {.now_us = m_now, .wait_us = m_wait, .ctx = &m};
    struct hx711_config cfg = {
        .chip_label = "fuzz",
        .sck_line = "SCK",
        .dout_line = {"DL", "DR"},
        .rate_line = "",
        .rate_hz = (data[0] & SLOW_BIT) ? 10 : 80,
    };
    char err[HX711_ERR_MAX];
    struct hx711 *h = hx711_open(&m.gpio, &clock, &cfg, err);
    if (!h)
        return 0;
    int reads = 1 + (int)(data[0] & READS_MASK);
    for (int i = 0; i < reads; i++) {
        memset(m.shifted, 0, sizeof m.shifted);
        memset(m.n_shifted, 0, sizeof m.n_shifted);
        int64_t before_us = m.t_us;
        struct plate_sample s;
        int rc = hx711_read(h, &s, NULL);
        FUZZ_CHECK(rc == 0 || rc == -1, "read returned %d", rc);
        FUZZ_CHECK(m.t_us >= before_us, "time ran backwards");
        if (rc != 0)
            continue;
        FUZZ_CHECK((s.ok_mask & ~3u) == 0, "ok_mask 0x%x", s.ok_mask);
        for (int side = 0; side < PLATE_SIDES; side++) {
            enum hx711_side_status st = hx711_side_status(h, side);
            FUZZ_CHECK(st >= HX711_SIDE_OK && st <= HX711_SIDE_SCK_OVERRUN, "status %d", st);
            if (!(s.ok_mask & (1u << side)))
                continue;
            FUZZ_CHECK(st == HX711_SIDE_OK, "side %d ok with status %d", side, st);
            FUZZ_CHECK(m.n_shifted[side] == 24, "side %d ok after %d bits", side,
                       m.n_shifted[side]);
            int32_t want = hx711_sign_extend(m.shifted[side]);
            FUZZ_CHECK(s.raw[side] == want, "side %d: raw %d, DOUT gave %d", side, s.raw[side],
                       want);
            FUZZ_CHECK(s.raw[side] >= -0x800000 && s.raw[side] <= 0x7FFFFF, "raw %d", s.raw[side]);
        }
    }
    hx711_close(h);
    return 0;
}
