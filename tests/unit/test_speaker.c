/*
 * The speaker port on SDL's disk audio driver, which writes what the device would play
 * to a raw file (S16 mono 48 kHz): a cue arrives within one device buffer at its pitch,
 * a set's phase changes, eccentric seconds and reps sound in order and only once, the
 * stop alarm alternates two pitches while the buzzer is on and then falls silent, and
 * an audio driver that does not exist gives NULL and a message.
 *
 * The raw files are kept in $RACKSIDE_TEST_OUT for people to listen to:
 *   aplay -f S16_LE -r 48000 -c 1 build/test-out/speaker-set.raw
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <SDL.h>

#include "../../app/core/rules.h"
#include "../../app/core/session.h"
#include "../../app/core/tone.h"
#include "../../app/dev/speaker.h"
#include "pitch.h"

#define RATE_HZ       TONE_RATE_HZ
#define SMP_PER_MS    (RATE_HZ / 1000)
#define US_PER_MS     1000
#define T0_US         (1000LL * 1000000) /* the kiosk has been up a while */
#define FRAME_MS      10                 /* how often the test's "frame loop" calls in */
#define MAX_QUEUED_MS 50                 /* the latency budget for a cue */
#define SILENCE_LEVEL 300                /* below this the speaker is quiet (1 % of full scale) */
#define GAP_MS        5                  /* this much quiet separates two sounds */
#define FREQ_TOL_PCT  4
#define LENGTH_TOL_MS 8 /* the quiet ends of the envelope are not counted */
#define MAX_BURSTS    64
#define MAX_FILE_SMP  (RATE_HZ * 10)

static char out_dir[512];

struct burst {
    size_t start, len; /* in samples */
    double hz;
    int peak;
};

struct recording {
    int16_t *smp;
    size_t n;
    struct burst bursts[MAX_BURSTS];
    int n_bursts;
};

/* Splits the recording into sounds separated by at least GAP_MS of quiet. */
static void find_bursts(struct recording *r)
{
    size_t gap = GAP_MS * SMP_PER_MS;
    size_t quiet = gap, start = 0, last_loud = 0;
    bool in_burst = false;
    r->n_bursts = 0;
    for (size_t i = 0; i <= r->n; i++) {
        bool loud = i < r->n && abs(r->smp[i]) >= SILENCE_LEVEL;
        quiet = loud ? 0 : quiet + 1;
        if (loud && !in_burst) {
            in_burst = true;
            start = i;
        }
        if (loud)
            last_loud = i;
        if (in_burst && (quiet >= gap || i == r->n)) {
            in_burst = false;
            assert_true(r->n_bursts < MAX_BURSTS);
            struct burst *b = &r->bursts[r->n_bursts++];
            b->start = start;
            b->len = last_loud + 1 - start;
            b->hz = dominant_hz(&r->smp[start], b->len, RATE_HZ);
            b->peak = 0;
            for (size_t k = start; k <= last_loud; k++)
                b->peak = abs(r->smp[k]) > b->peak ? abs(r->smp[k]) : b->peak;
        }
    }
}

static void load(struct recording *r, const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    r->smp = calloc(MAX_FILE_SMP, sizeof *r->smp);
    assert_non_null(r->smp);
    r->n = fread(r->smp, sizeof *r->smp, MAX_FILE_SMP, f);
    fclose(f);
    assert_true(r->n > 0);
    find_bursts(r);
}

static void print_bursts(const char *what, const struct recording *r)
{
    printf("%s: %zu ms recorded, %d sounds\n", what, r->n / SMP_PER_MS, r->n_bursts);
    for (int i = 0; i < r->n_bursts; i++)
        printf("  at %5zu ms: %4zu ms, %6.1f Hz, peak %d\n", r->bursts[i].start / SMP_PER_MS,
               r->bursts[i].len / SMP_PER_MS, r->bursts[i].hz, r->bursts[i].peak);
}

static void assert_near_pct(double got, double want, double pct)
{
    double tol = want * pct / 100.0;
    if (got < want - tol || got > want + tol)
        fail_msg("got %.1f, want %.1f within %.1f %%", got, want, pct);
}

/* The burst sounds like the spec: its pitch, its length (less the quiet envelope ends). */
static void assert_burst_is(const struct burst *b, const struct tone_spec *spec)
{
    assert_near_pct(b->hz, spec->freq_hz, FREQ_TOL_PCT);
    double ms = (double)b->len / SMP_PER_MS;
    double want_ms = spec->length_us / (double)US_PER_MS;
    if (ms > want_ms || ms < want_ms - LENGTH_TOL_MS)
        fail_msg("sound lasts %.1f ms, want %.1f (less up to %d)", ms, want_ms, LENGTH_TOL_MS);
    assert_true(b->peak > spec->amp / 2);
}

static struct speaker *open_disk(const char *name, char *path, size_t path_max)
{
    snprintf(path, path_max, "%s/speaker-%s.raw", out_dir, name);
    remove(path);
    setenv("SDL_AUDIODRIVER", "disk", 1);
    setenv("SDL_DISKAUDIOFILE", path, 1);
    char err[SPEAKER_ERR_MAX] = "";
    struct speaker *sp = speaker_open(err);
    if (!sp)
        fail_msg("speaker_open on the disk driver: %s", err);
    assert_int_equal(speaker_rate_hz(sp), RATE_HZ);
    assert_true(speaker_buffer_smp(sp) * 1000 / speaker_rate_hz(sp) <= MAX_QUEUED_MS);
    return sp;
}

/* Calls speaker_follow every frame for real_ms with the session as it stands. */
static void pump(struct speaker *sp, const struct session *s, int64_t t_us, int real_ms)
{
    for (int ms = 0; ms < real_ms; ms += FRAME_MS) {
        speaker_follow(sp, s, t_us);
        SDL_Delay(FRAME_MS);
    }
}

static struct session *new_session(void)
{
    struct session *s = calloc(1, sizeof *s);
    assert_non_null(s);
    struct rules rules;
    rules_default(&rules);
    session_init(s, &rules, NULL, 0, T0_US, T0_US);
    return s;
}

static void cue_spec(enum tone_cue cue, struct tone_spec spec[TONE_CUE_NOTES_MAX], int want_n)
{
    assert_int_equal(tone_cue_spec(cue, spec), want_n);
}

static void test_cue_plays_at_its_pitch_within_one_buffer(void **state)
{
    (void)state;
    char path[600];
    struct speaker *sp = open_disk("cue", path, sizeof path);
    uint64_t opened = SDL_GetTicks64();
    SDL_Delay(100);
    uint64_t cue_ms = SDL_GetTicks64() - opened;
    speaker_cue(sp, TONE_CUE_CONCENTRIC);
    SDL_Delay(400);
    speaker_close(sp);

    struct recording r;
    load(&r, path);
    print_bursts("one concentric cue", &r);
    assert_int_equal(r.n_bursts, 1);
    struct tone_spec spec[TONE_CUE_NOTES_MAX];
    cue_spec(TONE_CUE_CONCENTRIC, spec, 1);
    assert_burst_is(&r.bursts[0], &spec[0]);
    /* The file is the device's timeline: the cue starts no later than a buffer or two
     * after it was asked for (the disk driver may run a little slow, never ahead). */
    double at_ms = (double)r.bursts[0].start / SMP_PER_MS;
    printf("cue asked for at %llu ms, sounds at %.1f ms\n", (unsigned long long)cue_ms, at_ms);
    assert_true(at_ms <= (double)cue_ms + MAX_QUEUED_MS);
    /* silence around it */
    assert_true(r.bursts[0].start > 0);
    free(r.smp);
}

static void test_follows_a_set(void **state)
{
    (void)state;
    char path[600];
    struct session *s = new_session();
    struct speaker *sp = open_disk("set", path, sizeof path);
    s->screen = SCREEN_SET;
    s->visit.set.key = 7;
    int64_t t = T0_US;

    pump(sp, s, t, 100); /* standing at the top: nothing */
    s->reps.phase = REP_PHASE_ECCENTRIC;
    s->reps.phase_start_us = t;
    pump(sp, s, t + 50 * US_PER_MS, 250);
    pump(sp, s, t + 1050 * US_PER_MS, 150); /* one second down */
    s->reps.phase = REP_PHASE_BOTTOM;
    s->reps.phase_start_us = t + 3000 * US_PER_MS;
    pump(sp, s, t + 3200 * US_PER_MS, 150); /* a pause, not just turning */
    s->reps.phase = REP_PHASE_CONCENTRIC;
    s->reps.phase_start_us = t + 4000 * US_PER_MS;
    pump(sp, s, t + 4050 * US_PER_MS, 250);
    s->reps.phase = REP_PHASE_TOP;
    s->reps.phase_start_us = t + 6000 * US_PER_MS;
    s->visit.set.n_reps = 1;
    pump(sp, s, t + 6050 * US_PER_MS, 300);
    s->screen = SCREEN_REST; /* touches and screens make no sound */
    pump(sp, s, t + 7000 * US_PER_MS, 100);
    speaker_close(sp);

    struct recording r;
    load(&r, path);
    print_bursts("a 3-1-2 rep", &r);
    static const enum tone_cue order[] = {TONE_CUE_ECCENTRIC, TONE_CUE_SECOND, TONE_CUE_BOTTOM,
                                          TONE_CUE_CONCENTRIC};
    int n_order = (int)(sizeof order / sizeof order[0]);
    struct tone_spec chirp[TONE_CUE_NOTES_MAX];
    cue_spec(TONE_CUE_REP, chirp, 2);
    assert_int_equal(r.n_bursts, n_order + 2);
    for (int i = 0; i < n_order; i++) {
        struct tone_spec spec[TONE_CUE_NOTES_MAX];
        cue_spec(order[i], spec, 1);
        assert_burst_is(&r.bursts[i], &spec[0]);
    }
    assert_burst_is(&r.bursts[n_order], &chirp[0]);
    assert_burst_is(&r.bursts[n_order + 1], &chirp[1]);
    free(r.smp);
    free(s);
}

static void test_stop_alarm_while_buzzer_on(void **state)
{
    (void)state;
    char path[600];
    struct session *s = new_session();
    struct speaker *sp = open_disk("stop", path, sizeof path);
    s->screen = SCREEN_STOP;
    s->visit.stop_at_us = s->now_us = T0_US;
    bool buzzer;
    session_light(s, &buzzer);
    assert_true(buzzer);
    int on_ms = 800;
    pump(sp, s, s->now_us, on_ms);
    s->now_us += 3600LL * 1000 * US_PER_MS; /* long after: the buzzer is over */
    session_light(s, &buzzer);
    assert_false(buzzer);
    pump(sp, s, s->now_us, 400);
    speaker_close(sp);

    struct recording r;
    load(&r, path);
    print_bursts("stop", &r);
    struct tone_spec alarm[2];
    tone_alarm_spec(alarm);
    size_t tone_smp = (size_t)tone_note_at(&alarm[0], RATE_HZ).length_smp;
    /* one unbroken sound (the tones join with no gap) of whole tones, high first */
    assert_int_equal(r.n_bursts, 1);
    const struct burst *b = &r.bursts[0];
    size_t tones = (b->len + tone_smp / 2) / tone_smp;
    /* the audio thread may lag on a busy machine, so it can play fewer tones than the
     * wall time allows, never more; at least one high-low pair must sound */
    assert_true(tones >= 2);
    assert_true(tones <= (size_t)on_ms * SMP_PER_MS / tone_smp + 2);
    size_t margin = 10 * SMP_PER_MS; /* skip the envelope ends */
    for (size_t k = 0; k < tones; k++) {
        size_t from = b->start + k * tone_smp + margin;
        double hz = dominant_hz(&r.smp[from], tone_smp - 2 * margin, RATE_HZ);
        assert_near_pct(hz, alarm[k % 2].freq_hz, FREQ_TOL_PCT);
    }
    assert_true(b->peak > alarm[0].amp * 9 / 10);
    /* and it stopped: quiet follows it in the file */
    assert_true(b->start + b->len < r.n);
    free(r.smp);
    free(s);
}

static void test_no_driver_gives_null_and_a_message(void **state)
{
    (void)state;
    setenv("SDL_AUDIODRIVER", "nonexistent", 1);
    char err[SPEAKER_ERR_MAX] = "";
    struct speaker *sp = speaker_open(err);
    assert_null(sp);
    printf("message: %s\n", err);
    assert_true(strlen(err) > 0);
    assert_non_null(strstr(err, "nonexistent"));
    /* no speaker: the kiosk goes on without sound */
    struct session *s = new_session();
    speaker_follow(NULL, s, T0_US);
    speaker_cue(NULL, TONE_CUE_REP);
    speaker_close(NULL);
    free(s);
    /* and the real thing still opens afterwards */
    char path[600];
    sp = open_disk("reopen", path, sizeof path);
    speaker_close(sp);
}

int main(void)
{
    const char *dir = getenv("RACKSIDE_TEST_OUT");
    snprintf(out_dir, sizeof out_dir, "%s", dir && *dir ? dir : "/tmp");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cue_plays_at_its_pitch_within_one_buffer),
        cmocka_unit_test(test_follows_a_set),
        cmocka_unit_test(test_stop_alarm_while_buzzer_on),
        cmocka_unit_test(test_no_driver_gives_null_and_a_message),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    SDL_Quit();
    return failed;
}
