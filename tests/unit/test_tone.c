/*
 * Tone synthesis and cue choice: notes have the length and pitch asked for, start and
 * end on zero (no clicks), the phases sound different, mixing saturates instead of
 * wrapping, the stop alarm alternates two pitches and ends cleanly, and the cue logic
 * plays each phase change, eccentric second and rep once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/barlink.h"
#include "../../app/core/rules.h"
#include "../../app/core/tone.h"
#include "../../app/dev/bar_sim.h"
#include "pitch.h"

#define RATE_HZ      TONE_RATE_HZ
#define US_PER_MS    1000
#define MS_PER_S     1000
#define BUF_SMP      (RATE_HZ * 2) /* two seconds */
#define FREQ_TOL_PCT 2
#define EDGE_US      100 /* the first and last tenth of a millisecond of a note */
#define EDGE_MAX_PCT 5   /* of the note's peak, inside EDGE_US */

static int16_t buf[BUF_SMP];

static void assert_near_pct(double got, double want, double pct)
{
    double tol = want * pct / 100.0;
    if (got < want - tol || got > want + tol)
        fail_msg("got %.1f, want %.1f within %.1f %%", got, want, pct);
}

/* Renders one note alone; returns how many samples until the mixer fell silent. */
static size_t render_alone(const struct tone_note *note, int32_t rate_hz)
{
    struct tone_mixer m;
    tone_mixer_init(&m, rate_hz);
    tone_mixer_note(&m, note);
    size_t n = 0;
    while (tone_mixer_busy(&m) && n < BUF_SMP) {
        tone_mixer_render(&m, &buf[n], 1);
        n++;
    }
    tone_mixer_render(&m, &buf[n], BUF_SMP - n); /* what follows must be silence */
    return n;
}

static void assert_silent(const int16_t *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (x[i] != 0)
            fail_msg("sample %zu is %d, want silence", i, x[i]);
}

static int16_t peak(const int16_t *x, size_t n)
{
    int p = 0;
    for (size_t i = 0; i < n; i++)
        p = abs(x[i]) > p ? abs(x[i]) : p;
    return (int16_t)p;
}

static const struct {
    int32_t rate_hz, freq_hz, length_ms, square_pct;
} beeps[] = {
    {48000, 1000, 100, 0}, {48000, 523, 140, 25},  {48000, 1760, 160, 90},
    {48000, 200, 50, 0},   {44100, 1047, 140, 25}, {48000, 3000, 20, 100},
};

static void test_beep_length_and_pitch(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof beeps / sizeof beeps[0]; c++) {
        struct tone_spec spec = {
            .length_us = beeps[c].length_ms * US_PER_MS,
            .attack_us = 5 * US_PER_MS,
            .release_us = 20 * US_PER_MS,
            .freq_hz = beeps[c].freq_hz,
            .amp = 20000,
            .square_pct = beeps[c].square_pct,
        };
        struct tone_note note = tone_note_at(&spec, beeps[c].rate_hz);
        size_t want_smp = (size_t)beeps[c].length_ms * (size_t)beeps[c].rate_hz / MS_PER_S;
        assert_int_equal(note.length_smp, want_smp);
        size_t n = render_alone(&note, beeps[c].rate_hz);
        assert_int_equal(n, want_smp);
        assert_silent(&buf[n], BUF_SMP - n);
        assert_near_pct(dominant_hz(buf, n, beeps[c].rate_hz), beeps[c].freq_hz, FREQ_TOL_PCT);
        assert_true(peak(buf, n) > 20000 * 9 / 10);
        assert_true(peak(buf, n) <= 20000);
    }
}

/* Checks a note starts and ends on zero and creeps in and out. */
static void assert_no_clicks(const struct tone_spec *spec)
{
    struct tone_note note = tone_note_at(spec, RATE_HZ);
    size_t n = render_alone(&note, RATE_HZ);
    size_t start = (size_t)note.delay_smp;
    assert_true(n > start);
    assert_silent(buf, start);
    assert_int_equal(buf[start], 0);
    assert_int_equal(buf[n - 1], 0);
    size_t edge = EDGE_US * RATE_HZ / (US_PER_MS * MS_PER_S);
    int16_t limit = (int16_t)(spec->amp * EDGE_MAX_PCT / 100);
    assert_true(peak(&buf[start], edge) <= limit);
    assert_true(peak(&buf[n - edge], edge) <= limit);
}

static void test_every_sound_starts_and_ends_at_zero(void **state)
{
    (void)state;
    for (int c = 0; c < TONE_CUE_COUNT; c++) {
        struct tone_spec spec[TONE_CUE_NOTES_MAX];
        int n = tone_cue_spec((enum tone_cue)c, spec);
        assert_true(n >= 1);
        for (int i = 0; i < n; i++)
            assert_no_clicks(&spec[i]);
    }
    struct tone_spec alarm[2];
    tone_alarm_spec(alarm);
    assert_no_clicks(&alarm[0]);
    assert_no_clicks(&alarm[1]);
}

/* Renders a cue from a fresh mixer; returns the samples until it fell silent. */
static size_t render_cue(enum tone_cue cue, int16_t *out)
{
    struct tone_mixer m;
    tone_mixer_init(&m, RATE_HZ);
    tone_mixer_cue(&m, cue);
    size_t n = 0;
    while (tone_mixer_busy(&m) && n < BUF_SMP)
        tone_mixer_render(&m, &out[n++], 1);
    return n;
}

static double cue_hz(enum tone_cue cue)
{
    size_t n = render_cue(cue, buf);
    assert_true(n > 0);
    return dominant_hz(buf, n, RATE_HZ);
}

static void test_phases_have_distinct_pitches(void **state)
{
    (void)state;
    double ecc = cue_hz(TONE_CUE_ECCENTRIC);
    double bottom = cue_hz(TONE_CUE_BOTTOM);
    double conc = cue_hz(TONE_CUE_CONCENTRIC);
    double tick = cue_hz(TONE_CUE_SECOND);
    /* down low, up high, the bottom tick between, the count tick above them all */
    assert_true(ecc * 1.2 < bottom);
    assert_true(bottom * 1.2 < conc);
    assert_true(conc * 1.2 < tick);
    /* each measures as its spec says */
    for (int c = TONE_CUE_ECCENTRIC; c <= TONE_CUE_SECOND; c++) {
        struct tone_spec spec[TONE_CUE_NOTES_MAX];
        assert_int_equal(tone_cue_spec((enum tone_cue)c, spec), 1);
        assert_near_pct(cue_hz((enum tone_cue)c), spec[0].freq_hz, 4);
    }
    /* the beeps are long enough to hear as tones, the ticks short */
    assert_true(render_cue(TONE_CUE_ECCENTRIC, buf) >= 3 * render_cue(TONE_CUE_BOTTOM, buf));
    assert_true(render_cue(TONE_CUE_CONCENTRIC, buf) > render_cue(TONE_CUE_BOTTOM, buf));
    assert_true(render_cue(TONE_CUE_BOTTOM, buf) > render_cue(TONE_CUE_SECOND, buf));
}

static void test_rep_chirp_rises(void **state)
{
    (void)state;
    struct tone_spec spec[TONE_CUE_NOTES_MAX];
    assert_int_equal(tone_cue_spec(TONE_CUE_REP, spec), 2);
    size_t n = render_cue(TONE_CUE_REP, buf);
    size_t first_end = (size_t)tone_note_at(&spec[0], RATE_HZ).length_smp;
    struct tone_note second = tone_note_at(&spec[1], RATE_HZ);
    assert_int_equal(n, (size_t)(second.delay_smp + second.length_smp));
    double lo = dominant_hz(buf, first_end, RATE_HZ);
    double hi = dominant_hz(&buf[second.delay_smp], (size_t)second.length_smp, RATE_HZ);
    assert_near_pct(lo, spec[0].freq_hz, 4);
    assert_near_pct(hi, spec[1].freq_hz, 4);
    assert_true(hi > lo);
    assert_silent(&buf[first_end], (size_t)second.delay_smp - first_end);
}

static void test_silence_is_zeros(void **state)
{
    (void)state;
    struct tone_mixer m;
    tone_mixer_init(&m, RATE_HZ);
    assert_false(tone_mixer_busy(&m));
    memset(buf, 0x55, sizeof buf);
    tone_mixer_render(&m, buf, BUF_SMP);
    assert_silent(buf, BUF_SMP);
    /* and again once a cue has played out */
    tone_mixer_cue(&m, TONE_CUE_CONCENTRIC);
    assert_true(tone_mixer_busy(&m));
    tone_mixer_render(&m, buf, BUF_SMP / 2);
    assert_true(peak(buf, BUF_SMP / 2) > 0);
    assert_false(tone_mixer_busy(&m));
    memset(buf, 0x55, sizeof buf);
    tone_mixer_render(&m, buf, BUF_SMP);
    assert_silent(buf, BUF_SMP);
    /* an unknown cue plays nothing */
    struct tone_spec spec[TONE_CUE_NOTES_MAX];
    assert_int_equal(tone_cue_spec(TONE_CUE_COUNT, spec), 0);
    tone_mixer_cue(&m, TONE_CUE_COUNT);
    assert_false(tone_mixer_busy(&m));
}

static void test_mixing_saturates_without_wrapping(void **state)
{
    (void)state;
    static int16_t one[RATE_HZ / 10];
    struct tone_spec loud = {.length_us = 100 * US_PER_MS,
                             .attack_us = 5 * US_PER_MS,
                             .release_us = 5 * US_PER_MS,
                             .freq_hz = 440,
                             .amp = INT16_MAX,
                             .square_pct = 100};
    struct tone_note note = tone_note_at(&loud, RATE_HZ);
    size_t n = (size_t)note.length_smp;
    struct tone_mixer m;
    tone_mixer_init(&m, RATE_HZ);
    tone_mixer_note(&m, &note);
    tone_mixer_render(&m, one, n);
    tone_mixer_init(&m, RATE_HZ);
    tone_mixer_note(&m, &note);
    tone_mixer_note(&m, &note);
    tone_mixer_render(&m, buf, n);
    bool clipped_hi = false, clipped_lo = false;
    for (size_t i = 0; i < n; i++) {
        /* the sum keeps each sample's sign and is never quieter than one voice */
        int sign1 = (one[i] > 0) - (one[i] < 0);
        int sign2 = (buf[i] > 0) - (buf[i] < 0);
        assert_int_equal(sign1, sign2);
        assert_true(abs(buf[i]) >= abs(one[i]));
        clipped_hi |= buf[i] == INT16_MAX;
        clipped_lo |= buf[i] == INT16_MIN;
    }
    assert_true(clipped_hi && clipped_lo);
    /* every voice at once: still within range and still signed right */
    tone_mixer_init(&m, RATE_HZ);
    for (int v = 0; v < TONE_VOICES; v++)
        tone_mixer_note(&m, &note);
    tone_mixer_render(&m, buf, n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal((one[i] > 0) - (one[i] < 0), (buf[i] > 0) - (buf[i] < 0));
}

static void test_same_cues_same_samples(void **state)
{
    (void)state;
    static int16_t a[RATE_HZ], b[RATE_HZ];
    struct tone_mixer m1, m2;
    tone_mixer_init(&m1, RATE_HZ);
    tone_mixer_init(&m2, RATE_HZ);
    tone_mixer_cue(&m1, TONE_CUE_ECCENTRIC);
    tone_mixer_cue(&m2, TONE_CUE_ECCENTRIC);
    tone_mixer_render(&m1, a, 1000);
    tone_mixer_render(&m2, b, 333); /* buffer sizes do not change the sound */
    tone_mixer_render(&m2, &b[333], 667);
    tone_mixer_cue(&m1, TONE_CUE_REP);
    tone_mixer_cue(&m2, TONE_CUE_REP);
    tone_mixer_render(&m1, &a[1000], RATE_HZ - 1000);
    for (size_t off = 1000; off < RATE_HZ; off += 512) {
        size_t len = RATE_HZ - off < 512 ? RATE_HZ - off : 512;
        tone_mixer_render(&m2, &b[off], len);
    }
    assert_memory_equal(a, b, sizeof a);
    assert_true(peak(a, RATE_HZ) > 0);
}

/* The alarm: 160 ms tones, high then low, for as long as it is on; off ends cleanly. */
static void test_alarm_alternates_and_stops_cleanly(void **state)
{
    (void)state;
    struct tone_spec spec[2];
    tone_alarm_spec(spec);
    assert_true(spec[0].freq_hz > spec[1].freq_hz * 1.2);
    size_t tone_smp = (size_t)tone_note_at(&spec[0], RATE_HZ).length_smp;
    struct tone_mixer m;
    tone_mixer_init(&m, RATE_HZ);
    tone_mixer_alarm(&m, true);
    size_t tones = 5;
    tone_mixer_render(&m, buf, tones * tone_smp);
    for (size_t t = 0; t < tones; t++) {
        double hz = dominant_hz(&buf[t * tone_smp], tone_smp, RATE_HZ);
        assert_near_pct(hz, spec[t % 2].freq_hz, 4);
        assert_int_equal(buf[t * tone_smp], 0);
        assert_true(peak(&buf[t * tone_smp], tone_smp) > spec[0].amp * 9 / 10);
    }
    /* cues still play over it, and do not take its voice */
    for (int v = 0; v < 2 * TONE_VOICES; v++)
        tone_mixer_cue(&m, TONE_CUE_SECOND);
    tone_mixer_render(&m, buf, tone_smp / 2);
    tone_mixer_alarm(&m, false);
    assert_true(tone_mixer_busy(&m));
    tone_mixer_render(&m, buf, tone_smp / 2); /* the tone under way finishes */
    assert_false(tone_mixer_busy(&m));
    assert_int_equal(buf[tone_smp / 2 - 1], 0);
    tone_mixer_render(&m, buf, BUF_SMP);
    assert_silent(buf, BUF_SMP);
    /* and starts again, from the high tone */
    tone_mixer_alarm(&m, true);
    tone_mixer_render(&m, buf, tone_smp);
    assert_near_pct(dominant_hz(buf, tone_smp, RATE_HZ), spec[0].freq_hz, 4);
}

/* ---- which cue when: scripts of what the session shows, frame by frame ---- */

#define ECC  REP_PHASE_ECCENTRIC
#define BOT  REP_PHASE_BOTTOM
#define CON  REP_PHASE_CONCENTRIC
#define TOP  REP_PHASE_TOP
#define B(c) TONE_CUE_BIT(TONE_CUE_##c)

struct step {
    int t_ms;
    bool in_set;
    int key, reps;
    enum rep_phase phase;
    int phase_ms; /* when that phase began */
    bool buzzer;
    unsigned want;
    bool want_alarm;
};

#define STEPS_MAX 16
static const struct {
    const char *name;
    struct step steps[STEPS_MAX];
} scripts[] = {
    {"a 3-1-2 rep",
     {{0, true, 1, 0, TOP, 0, false, 0, false},
      {100, true, 1, 0, ECC, 90, false, 0, false}, /* not yet held long enough */
      {140, true, 1, 0, ECC, 90, false, B(ECCENTRIC), false},
      {500, true, 1, 0, ECC, 90, false, 0, false},
      {1090, true, 1, 0, ECC, 90, false, B(SECOND), false},
      {1500, true, 1, 0, ECC, 90, false, 0, false},
      {2100, true, 1, 0, ECC, 90, false, B(SECOND), false},
      /* no third tick: the bar has stopped going down, but is it a pause yet? */
      {3100, true, 1, 0, BOT, 3050, false, 0, false},
      {3200, true, 1, 0, BOT, 3050, false, B(BOTTOM), false},
      {4100, true, 1, 0, CON, 4050, false, B(CONCENTRIC), false},
      {6100, true, 1, 1, TOP, 6050, false, B(REP), false},
      {7000, true, 1, 1, TOP, 6050, false, 0, false}}},
    {"threshold flicker plays nothing extra and keeps the count",
     {{50, true, 1, 0, ECC, 0, false, B(ECCENTRIC), false},
      {600, true, 1, 0, BOT, 590, false, 0, false},
      {620, true, 1, 0, ECC, 615, false, 0, false},
      {1010, true, 1, 0, ECC, 615, false, B(SECOND), false}}},
    {"a bounce too short to pause goes straight to the concentric beep",
     {{50, true, 1, 0, ECC, 0, false, B(ECCENTRIC), false},
      {800, true, 1, 0, CON, 780, false, 0, false},
      {830, true, 1, 0, CON, 780, false, B(CONCENTRIC), false}}},
    {"a bounce turns without a pause: no bottom tick",
     {{50, true, 1, 0, ECC, 0, false, B(ECCENTRIC), false},
      {1100, true, 1, 0, ECC, 0, false, B(SECOND), false},
      {1200, true, 1, 0, BOT, 1150, false, 0, false},
      {1260, true, 1, 0, CON, 1255, false, 0, false},
      {1300, true, 1, 0, CON, 1255, false, B(CONCENTRIC), false}}},
    {"a new set starts counting reps afresh",
     {{0, true, 1, 4, TOP, 0, false, 0, false},
      {100, true, 2, 0, TOP, 0, false, 0, false},
      {200, true, 2, 1, TOP, 0, false, B(REP), false},
      {300, true, 2, 3, TOP, 0, false, B(REP), false}}},
    {"outside a set the bar is silent",
     {{0, false, 1, 0, ECC, 0, false, 0, false},
      {1500, false, 1, 0, ECC, 0, false, 0, false},
      {1600, false, 1, 0, CON, 1500, false, 0, false},
      {1700, true, 1, 0, TOP, 1650, false, 0, false}}},
    {"the last rep's chirp plays as the rest screen comes up",
     {{50, true, 1, 4, CON, 0, false, B(CONCENTRIC), false},
      {500, false, 1, 5, TOP, 450, false, B(REP), false}}},
    {"stop: alarm on, tempo cues off, no chirp for a rep that stopped the set",
     {{50, true, 1, 0, ECC, 0, false, B(ECCENTRIC), false},
      {400, false, 1, 1, ECC, 0, true, 0, true},
      {1500, false, 1, 1, ECC, 0, true, 0, true},
      {3400, false, 1, 1, TOP, 0, false, 0, false}}},
};

static void test_cue_scripts(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof scripts / sizeof scripts[0]; c++) {
        struct tone_cue_state st;
        tone_cues_init(&st);
        for (int i = 0; i < STEPS_MAX; i++) {
            const struct step *s = &scripts[c].steps[i];
            if (i > 0 && s->t_ms == 0)
                break;
            struct tone_cue_input in = {
                .t_us = (int64_t)s->t_ms * US_PER_MS,
                .in_set = s->in_set,
                .set_key = s->key,
                .n_reps = s->reps,
                .phase = s->phase,
                .phase_start_us = (int64_t)s->phase_ms * US_PER_MS,
                .buzzer = s->buzzer,
            };
            bool alarm = !s->want_alarm;
            unsigned got = tone_cues_update(&st, &in, &alarm);
            if (got != s->want || alarm != s->want_alarm)
                fail_msg("%s, step %d (t %d ms): cues %#x alarm %d, want %#x alarm %d",
                         scripts[c].name, i, s->t_ms, got, alarm, s->want, s->want_alarm);
        }
    }
}

/* ---- the cue logic on the real rep detector, fed by the simulated bar unit ---- */

#define SIM_T0_US      1000000
#define SIM_SETTLE_US  2000000 /* bar held still before the first rep */
#define SIM_REST_US    1500000 /* standing between reps */
#define SIM_POLL_US    10000   /* USB poll */
#define SIM_FRAME_US   16667   /* the kiosk's frame */
#define SIM_DEPTH_MM   450
#define SIM_MAX_EVENTS 128

struct heard {
    int64_t t_us;
    enum tone_cue cue;
};

struct sim_run {
    struct rep_detector det;
    int n_reps;
    struct heard heard[SIM_MAX_EVENTS];
    int n_heard;
};

static void on_sample(void *ctx, const struct imu_sample *imu)
{
    struct sim_run *r = ctx;
    struct rep_result res;
    if (rep_detector_push(&r->det, imu, &res))
        r->n_reps++;
}

/* Streams queued reps through the bar link into the detector, asking for cues each frame. */
static void listen_to_reps(struct sim_run *r, const enum bar_sim_rep *styles, int n,
                           const int tempo_ms[4])
{
    struct rules rules;
    rules_default(&rules);
    rep_detector_init(&r->det, &rules);
    struct bar_sim *sim = bar_sim_new(3, SIM_T0_US);
    assert_non_null(sim);
    int64_t t_rep = SIM_T0_US + SIM_SETTLE_US;
    for (int i = 0; i < n; i++) {
        bar_sim_rep(sim, styles[i], tempo_ms, SIM_DEPTH_MM, t_rep);
        for (int p = 0; p < 4; p++)
            t_rep += (int64_t)tempo_ms[p] * US_PER_MS;
        t_rep += SIM_REST_US;
    }
    struct barlink link;
    barlink_init(&link);
    static uint8_t bytes[64 * 1024];
    struct tone_cue_state st;
    tone_cues_init(&st);
    int64_t next_poll = SIM_T0_US + SIM_POLL_US;
    for (int64_t t = SIM_T0_US; t <= t_rep; t += SIM_FRAME_US) {
        for (; next_poll <= t; next_poll += SIM_POLL_US) {
            int got = bar_read(bar_sim_port(sim), next_poll, bytes, sizeof bytes);
            assert_true(got >= 0);
            barlink_feed(&link, bytes, (size_t)got, next_poll, on_sample, r);
        }
        struct tone_cue_input in = {
            .t_us = t,
            .in_set = true,
            .set_key = 1,
            .n_reps = r->n_reps,
            .phase = rep_detector_phase(&r->det),
            .phase_start_us = rep_detector_phase_start_us(&r->det),
        };
        bool alarm;
        unsigned cues = tone_cues_update(&st, &in, &alarm);
        assert_false(alarm);
        for (int c = 0; c < TONE_CUE_COUNT; c++) {
            if (!(cues & TONE_CUE_BIT(c)))
                continue;
            assert_true(r->n_heard < SIM_MAX_EVENTS);
            r->heard[r->n_heard++] = (struct heard){t, (enum tone_cue)c};
        }
    }
    bar_close(bar_sim_port(sim));
    static const char *names[] = {"down", "bottom", "up", "tick", "rep"};
    for (int i = 0; i < r->n_heard; i++)
        print_message("%7.3f s %s\n", (double)(r->heard[i].t_us - SIM_T0_US) / 1e6,
                      names[r->heard[i].cue]);
}

static void test_cues_follow_simulated_reps(void **state)
{
    (void)state;
    static const int tempo_ms[4] = {3000, 1000, 2000, 0};
    static const enum bar_sim_rep styles[] = {BAR_SIM_REP_CLEAN, BAR_SIM_REP_CLEAN,
                                              BAR_SIM_REP_RUSHED};
    static struct sim_run run;
    struct sim_run *r = &run;
    memset(r, 0, sizeof *r);
    listen_to_reps(r, styles, 3, tempo_ms);
    assert_int_equal(r->n_reps, 3);
    /* A 3 s eccentric ticks at 1 s and 2 s (a tick at 3 s only if the detector still sees
     * the bar moving), then the bottom tick, the drive up, the chirp. */
    int i = 0;
    for (int rep = 0; rep < 2; rep++) {
        assert_true(i < r->n_heard);
        assert_int_equal(r->heard[i].cue, TONE_CUE_ECCENTRIC);
        int64_t down_at = r->heard[i++].t_us;
        int ticks = 0;
        while (i < r->n_heard && r->heard[i].cue == TONE_CUE_SECOND) {
            ticks++;
            int64_t since = r->heard[i++].t_us - down_at;
            assert_true(since > ticks * US_PER_MS * MS_PER_S - 2 * SIM_FRAME_US);
            assert_true(since < ticks * US_PER_MS * MS_PER_S + 2 * SIM_FRAME_US);
        }
        assert_true(ticks >= 2 && ticks <= 3);
        assert_int_equal(r->heard[i++].cue, TONE_CUE_BOTTOM);
        assert_int_equal(r->heard[i++].cue, TONE_CUE_CONCENTRIC);
        assert_int_equal(r->heard[i++].cue, TONE_CUE_REP);
    }
    /* The rushed rep (1.2 s down, no pause): at most one tick, and no bottom tick. */
    assert_int_equal(r->heard[i++].cue, TONE_CUE_ECCENTRIC);
    if (r->heard[i].cue == TONE_CUE_SECOND)
        i++;
    assert_int_equal(r->heard[i++].cue, TONE_CUE_CONCENTRIC);
    assert_int_equal(r->heard[i++].cue, TONE_CUE_REP);
    assert_int_equal(i, r->n_heard);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_beep_length_and_pitch),
        cmocka_unit_test(test_every_sound_starts_and_ends_at_zero),
        cmocka_unit_test(test_phases_have_distinct_pitches),
        cmocka_unit_test(test_rep_chirp_rises),
        cmocka_unit_test(test_silence_is_zeros),
        cmocka_unit_test(test_mixing_saturates_without_wrapping),
        cmocka_unit_test(test_same_cues_same_samples),
        cmocka_unit_test(test_alarm_alternates_and_stops_cleanly),
        cmocka_unit_test(test_cue_scripts),
        cmocka_unit_test(test_cues_follow_simulated_reps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
