/*
 * Tone synthesis: notes have the length and pitch asked for, start and end on zero (no
 * clicks), every cue peaks at -3 dBFS and sounds unlike every other, overlapping sounds
 * are limited under the ceiling instead of clipping, the volume follows its 0.4 dB
 * steps, and the stop alarm alternates two pitches and ends cleanly. Which cue plays
 * when is tested in test_cue.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <math.h>

#include "../../app/core/tone.h"
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

static void test_rep_chirp_rises(void **state)
{
    (void)state;
    struct tone_spec spec[TONE_CUE_NOTES_MAX];
    assert_int_equal(tone_cue_spec(TONE_CUE_REP_CLEAN, spec), 2);
    size_t n = render_cue(TONE_CUE_REP_CLEAN, buf);
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

/* Every note of every cue: its pitch, and the cue's notes in order. */
static void cue_pitches(enum tone_cue cue, double hz[TONE_CUE_NOTES_MAX], int *n)
{
    struct tone_spec spec[TONE_CUE_NOTES_MAX];
    *n = tone_cue_spec(cue, spec);
    size_t len = render_cue(cue, buf);
    assert_true(len > 0);
    for (int i = 0; i < *n; i++) {
        struct tone_note note = tone_note_at(&spec[i], RATE_HZ);
        hz[i] = dominant_hz(&buf[note.delay_smp], (size_t)note.length_smp, RATE_HZ);
        assert_near_pct(hz[i], spec[i].freq_hz, FREQ_TOL_PCT);
    }
}

/*
 * Told apart by ear: no two cues share their first pitch within a semitone and a half
 * unless their lengths differ by half; the tempo sounds sit low (down) to high (go-up),
 * the "wrong" sounds fall or stay low, the "right" ones rise.
 */
static void test_cues_sound_distinct(void **state)
{
    (void)state;
    double hz[TONE_CUE_COUNT][TONE_CUE_NOTES_MAX];
    int n[TONE_CUE_COUNT];
    size_t len[TONE_CUE_COUNT];
    for (int c = 0; c < TONE_CUE_COUNT; c++) {
        cue_pitches((enum tone_cue)c, hz[c], &n[c]);
        len[c] = render_cue((enum tone_cue)c, buf);
        assert_non_null(tone_cue_name((enum tone_cue)c));
    }
    for (int a = 0; a < TONE_CUE_COUNT; a++)
        for (int b = a + 1; b < TONE_CUE_COUNT; b++) {
            double ratio = hz[a][0] > hz[b][0] ? hz[a][0] / hz[b][0] : hz[b][0] / hz[a][0];
            double lratio =
                len[a] > len[b] ? (double)len[a] / (double)len[b] : (double)len[b] / (double)len[a];
            if (ratio < 1.09 && lratio < 1.5 && n[a] == n[b])
                fail_msg("%s and %s sound alike: %.0f / %.0f Hz, %zu / %zu samples",
                         tone_cue_name((enum tone_cue)a), tone_cue_name((enum tone_cue)b), hz[a][0],
                         hz[b][0], len[a], len[b]);
        }
    assert_true(hz[TONE_CUE_DOWN][0] < hz[TONE_CUE_BOTTOM][0]);
    assert_true(hz[TONE_CUE_BOTTOM][0] < hz[TONE_CUE_GO_UP][0]);
    assert_true(hz[TONE_CUE_REP_CLEAN][1] > hz[TONE_CUE_REP_CLEAN][0] * 1.1);
    assert_true(hz[TONE_CUE_BADGE_OK][1] > hz[TONE_CUE_BADGE_OK][0] * 1.1);
    assert_true(hz[TONE_CUE_REP_FLAGGED][1] < hz[TONE_CUE_REP_FLAGGED][0] / 1.1);
    assert_true(hz[TONE_CUE_BADGE_NO][0] < 400 && hz[TONE_CUE_BADGE_NO][1] < 400);
    /* "go up now" is the longest tempo sound; the count tick the shortest of all */
    for (int c = 0; c < TONE_CUE_COUNT; c++) {
        if (c != TONE_CUE_SECOND)
            assert_true(len[TONE_CUE_SECOND] < len[c]);
        if (c == TONE_CUE_PIP || c == TONE_CUE_DOWN || c == TONE_CUE_BOTTOM)
            assert_true(len[TONE_CUE_GO_UP] > len[c]);
    }
    assert_null(tone_cue_name(TONE_CUE_COUNT));
}

/* Every cue at full volume peaks at -3 dBFS (within 0.1 dB), never above the ceiling. */
static void test_every_cue_peaks_at_minus_3_dbfs(void **state)
{
    (void)state;
    for (int c = 0; c < TONE_CUE_COUNT; c++) {
        size_t len = render_cue((enum tone_cue)c, buf);
        double dbfs = 20.0 * log10(peak(buf, len) / 32768.0);
        if (fabs(dbfs + 3.0) > 0.1 || peak(buf, len) > TONE_PEAK)
            fail_msg("%s peaks at %.2f dBFS", tone_cue_name((enum tone_cue)c), dbfs);
    }
}

static const struct {
    int volume_pct;
    double gain_db; /* want */
} volumes[] = {
    {100, 0.0}, {99, -0.4}, {75, -10.0}, {50, -20.0}, {1, -39.6}, {150, 0.0},
};

static void test_volume_steps(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof volumes / sizeof volumes[0]; i++) {
        double db = 20.0 * log10(tone_volume_gain(volumes[i].volume_pct));
        if (fabs(db - volumes[i].gain_db) > 0.01)
            fail_msg("volume %d: %.2f dB, want %.2f", volumes[i].volume_pct, db,
                     volumes[i].gain_db);
        /* and the mixer plays at that level */
        struct tone_mixer m;
        tone_mixer_init(&m, RATE_HZ);
        tone_mixer_volume(&m, volumes[i].volume_pct);
        tone_mixer_cue(&m, TONE_CUE_GO_UP);
        tone_mixer_render(&m, buf, RATE_HZ / 2);
        double got_db = 20.0 * log10(peak(buf, RATE_HZ / 2) / (double)TONE_PEAK);
        if (fabs(got_db - volumes[i].gain_db) > 0.1)
            fail_msg("volume %d plays at %.2f dB", volumes[i].volume_pct, got_db);
    }
    assert_true(tone_volume_gain(0) == 0.0);
    assert_true(tone_volume_gain(-5) == 0.0);
    struct tone_mixer m;
    tone_mixer_init(&m, RATE_HZ);
    tone_mixer_volume(&m, 0);
    tone_mixer_cue(&m, TONE_CUE_BADGE_NO);
    tone_mixer_render(&m, buf, RATE_HZ / 2);
    assert_silent(buf, RATE_HZ / 2);
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
    tone_mixer_cue(&m, TONE_CUE_GO_UP);
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

/* Notes no device played in time are dropped; the alarm, a state, goes on. */
static void test_drop_notes_keeps_the_alarm(void **state)
{
    (void)state;
    struct tone_mixer m;
    tone_mixer_init(&m, RATE_HZ);
    tone_mixer_cue(&m, TONE_CUE_GO_UP);
    tone_mixer_drop_notes(&m);
    assert_false(tone_mixer_busy(&m));
    tone_mixer_render(&m, buf, BUF_SMP);
    assert_silent(buf, BUF_SMP);
    /* the alarm on, with a note beside it: the note goes, the alarm sounds on */
    tone_mixer_alarm(&m, true);
    tone_mixer_cue(&m, TONE_CUE_BADGE_OK);
    tone_mixer_drop_notes(&m);
    assert_true(tone_mixer_busy(&m));
    tone_mixer_render(&m, buf, BUF_SMP);
    assert_true(peak(buf, BUF_SMP) > 0);
    tone_mixer_alarm(&m, false);
    tone_mixer_render(&m, buf, BUF_SMP); /* its last tone's release */
    assert_false(tone_mixer_busy(&m));
}

/* Loud notes together: held at the ceiling, never clipped, never of the wrong sign. */
static void test_overlaps_are_limited_not_clipped(void **state)
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
    for (int voices = 1; voices <= TONE_VOICES; voices++) {
        struct tone_mixer m;
        tone_mixer_init(&m, RATE_HZ);
        tone_mixer_note(&m, &note);
        tone_mixer_render(&m, one, n);
        tone_mixer_init(&m, RATE_HZ);
        for (int v = 0; v < voices; v++)
            tone_mixer_note(&m, &note);
        tone_mixer_render(&m, buf, n);
        for (size_t i = 0; i < n; i++)
            assert_int_equal((one[i] > 0) - (one[i] < 0), (buf[i] > 0) - (buf[i] < 0));
        assert_int_equal(peak(buf, n), TONE_PEAK);
    }
    /* two real cues at once (a rep chirp over the alarm) stay under the ceiling too, and
     * once the overlap is over a cue plays at its own level again */
    struct tone_mixer m;
    tone_mixer_init(&m, RATE_HZ);
    tone_mixer_alarm(&m, true);
    tone_mixer_cue(&m, TONE_CUE_REP_CLEAN);
    tone_mixer_cue(&m, TONE_CUE_BADGE_OK);
    tone_mixer_render(&m, buf, RATE_HZ / 2);
    assert_true(peak(buf, RATE_HZ / 2) <= TONE_PEAK);
    tone_mixer_alarm(&m, false);
    tone_mixer_render(&m, buf, RATE_HZ / 2);
    assert_false(tone_mixer_busy(&m));
    tone_mixer_cue(&m, TONE_CUE_GO_UP);
    tone_mixer_render(&m, buf, RATE_HZ / 2);
    assert_true(peak(buf, RATE_HZ / 2) >= TONE_PEAK - 2);
}

static void test_same_cues_same_samples(void **state)
{
    (void)state;
    static int16_t a[RATE_HZ], b[RATE_HZ];
    struct tone_mixer m1, m2;
    tone_mixer_init(&m1, RATE_HZ);
    tone_mixer_init(&m2, RATE_HZ);
    tone_mixer_cue(&m1, TONE_CUE_DOWN);
    tone_mixer_cue(&m2, TONE_CUE_DOWN);
    tone_mixer_render(&m1, a, 1000);
    tone_mixer_render(&m2, b, 333); /* buffer sizes do not change the sound */
    tone_mixer_render(&m2, &b[333], 667);
    tone_mixer_cue(&m1, TONE_CUE_REP_CLEAN);
    tone_mixer_cue(&m2, TONE_CUE_REP_CLEAN);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_beep_length_and_pitch),
        cmocka_unit_test(test_every_sound_starts_and_ends_at_zero),
        cmocka_unit_test(test_cues_sound_distinct),
        cmocka_unit_test(test_every_cue_peaks_at_minus_3_dbfs),
        cmocka_unit_test(test_volume_steps),
        cmocka_unit_test(test_rep_chirp_rises),
        cmocka_unit_test(test_silence_is_zeros),
        cmocka_unit_test(test_drop_notes_keeps_the_alarm),
        cmocka_unit_test(test_overlaps_are_limited_not_clipped),
        cmocka_unit_test(test_same_cues_same_samples),
        cmocka_unit_test(test_alarm_alternates_and_stops_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
