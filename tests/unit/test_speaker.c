/*
 * The speaker port on SDL's disk audio driver, which writes what the device would play
 * to a raw file (S16 mono 48 kHz). Each cue, played on its own, is measured in that file
 * against a table of what it must be: the pitch of each note (zero crossings), its
 * length, its peak and RMS level in dBFS. Then: the volume and quiet hours scale the
 * level; a set followed frame by frame plays the count-in, the counted eccentric, the
 * pause's "go-up" and the rep sounds in order; a badge the session does not know and
 * the idle countdown sound; the stop alarm alternates two pitches while the buzzer is
 * on and then falls silent; an audio driver that does not exist gives NULL and a
 * message.
 *
 * The raw files are kept in $RACKSIDE_TEST_OUT for people to listen to:
 *   aplay -f S16_LE -r 48000 -c 1 build/test-out/speaker-cues.raw
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <SDL.h>

#include "../../app/core/cue.h"
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
    double rms;
};

struct recording {
    int silence; /* below this a sample is quiet */
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
        bool loud = i < r->n && abs(r->smp[i]) >= r->silence;
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
            double sum2 = 0.0;
            for (size_t k = start; k <= last_loud; k++) {
                b->peak = abs(r->smp[k]) > b->peak ? abs(r->smp[k]) : b->peak;
                sum2 += (double)r->smp[k] * r->smp[k];
            }
            b->rms = sqrt(sum2 / (double)b->len);
        }
    }
}

/* Loads a recording whose loudest sounds peak at peak_dbfs: quiet is a level under it
 * by as much as SILENCE_LEVEL is under -3 dBFS, so lengths compare at any volume. */
static void load_at(struct recording *r, const char *path, double peak_dbfs)
{
    double scale = pow(10.0, (peak_dbfs + 3.0) / 20.0);
    r->silence = (int)(SILENCE_LEVEL * scale + 0.5);
    r->silence = r->silence < 2 ? 2 : r->silence;
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    r->smp = calloc(MAX_FILE_SMP, sizeof *r->smp);
    assert_non_null(r->smp);
    r->n = fread(r->smp, sizeof *r->smp, MAX_FILE_SMP, f);
    fclose(f);
    assert_true(r->n > 0);
    find_bursts(r);
}

static void load(struct recording *r, const char *path)
{
    load_at(r, path, -3.0);
}

/* dBFS: relative to a full-scale 16-bit sample (a full-scale square wave is 0 dBFS RMS). */
static double dbfs(double x)
{
    return 20.0 * log10(x / 32768.0);
}

static void print_bursts(const char *what, const struct recording *r)
{
    printf("%s: %zu ms recorded, %d sounds\n", what, r->n / SMP_PER_MS, r->n_bursts);
    for (int i = 0; i < r->n_bursts; i++)
        printf("  at %5zu ms: %4zu ms, %6.1f Hz, peak %d (%.1f dBFS), RMS %.1f dBFS\n",
               r->bursts[i].start / SMP_PER_MS, r->bursts[i].len / SMP_PER_MS, r->bursts[i].hz,
               r->bursts[i].peak, dbfs(r->bursts[i].peak), dbfs(r->bursts[i].rms));
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
    speaker_cue(sp, TONE_CUE_GO_UP);
    SDL_Delay(700); /* go-up is 260 ms; the disk driver may run a little slow */
    speaker_close(sp);

    struct recording r;
    load(&r, path);
    print_bursts("one go-up cue", &r);
    assert_int_equal(r.n_bursts, 1);
    struct tone_spec spec[TONE_CUE_NOTES_MAX];
    cue_spec(TONE_CUE_GO_UP, spec, 1);
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

/* ---- every cue, measured in what the device played ---- */

#define CUE_GAP_MS     380 /* between cues in the recording: the longest cue is 300 ms */
#define PITCH_TOL_PCT  3
#define PEAK_DBFS      -3.0
#define PEAK_TOL_DB    0.2
#define RMS_FLOOR_DBFS -10.0 /* each note carries: no quiet tick under the music */

struct note_want {
    int hz, ms;
};

/* What each cue must sound like: its notes' pitches and lengths, in order. */
static const struct {
    enum tone_cue cue;
    struct note_want notes[TONE_CUE_NOTES_MAX];
} cue_table[] = {
    {TONE_CUE_PIP, {{880, 90}}},
    {TONE_CUE_DOWN, {{523, 180}}},
    {TONE_CUE_SECOND, {{2093, 35}}},
    {TONE_CUE_BOTTOM, {{784, 70}}},
    {TONE_CUE_GO_UP, {{1047, 260}}},
    {TONE_CUE_REP_CLEAN, {{1319, 60}, {1568, 90}}},
    {TONE_CUE_REP_FLAGGED, {{466, 90}, {349, 160}}},
    {TONE_CUE_BADGE_OK, {{1175, 70}, {1760, 110}}},
    {TONE_CUE_BADGE_NO, {{294, 130}, {294, 130}}},
    {TONE_CUE_IDLE, {{2637, 60}}},
};
#define N_CUES ((int)(sizeof cue_table / sizeof cue_table[0]))

static int n_notes(int c)
{
    return cue_table[c].notes[1].hz ? 2 : 1;
}

static void assert_note(const char *name, int k, const struct burst *b, const struct note_want *w,
                        double peak_dbfs)
{
    double ms = (double)b->len / SMP_PER_MS;
    printf("%-12s note %d: %7.1f Hz (want %4d), %5.1f ms (want %3d), peak %6.2f dBFS, "
           "RMS %6.2f dBFS\n",
           name, k + 1, b->hz, w->hz, ms, w->ms, dbfs(b->peak), dbfs(b->rms));
    assert_near_pct(b->hz, w->hz, PITCH_TOL_PCT);
    if (ms > w->ms || ms < w->ms - LENGTH_TOL_MS)
        fail_msg("%s note %d lasts %.1f ms, want %d (less up to %d)", name, k + 1, ms, w->ms,
                 LENGTH_TOL_MS);
    if (fabs(dbfs(b->peak) - peak_dbfs) > PEAK_TOL_DB)
        fail_msg("%s note %d peaks at %.2f dBFS, want %.1f", name, k + 1, dbfs(b->peak), peak_dbfs);
    if (dbfs(b->rms) < RMS_FLOOR_DBFS + (peak_dbfs - PEAK_DBFS))
        fail_msg("%s note %d: RMS %.2f dBFS is too quiet", name, k + 1, dbfs(b->rms));
}

/* Plays every cue in the table, CUE_GAP_MS apart, at the volume; checks each note. */
static void play_and_measure(const char *file, int volume_pct, double peak_dbfs)
{
    char path[600];
    struct speaker *sp = open_disk(file, path, sizeof path);
    struct cue_volume v;
    cue_volume_default(&v);
    v.volume_pct = volume_pct;
    speaker_set_volume(sp, &v);
    struct session *s = new_session();
    speaker_follow(sp, s, T0_US); /* takes the volume */
    assert_int_equal(speaker_volume_pct(sp), volume_pct);
    SDL_Delay(50);
    for (int c = 0; c < N_CUES; c++) {
        speaker_cue(sp, cue_table[c].cue);
        SDL_Delay(CUE_GAP_MS);
    }
    speaker_close(sp);
    free(s);

    struct recording r;
    load_at(&r, path, peak_dbfs);
    print_bursts(file, &r);
    int want = 0;
    for (int c = 0; c < N_CUES; c++)
        want += n_notes(c);
    assert_int_equal(r.n_bursts, want);
    int b = 0;
    for (int c = 0; c < N_CUES; c++)
        for (int k = 0; k < n_notes(c); k++)
            assert_note(tone_cue_name(cue_table[c].cue), k, &r.bursts[b++], &cue_table[c].notes[k],
                        peak_dbfs);
    free(r.smp);
}

static void test_every_cue_measured(void **state)
{
    (void)state;
    assert_int_equal(N_CUES, TONE_CUE_COUNT); /* a new cue needs its row */
    play_and_measure("cues", 100, PEAK_DBFS);
}

/* Volume 75 is 10 dB down: every cue 10 dB quieter, same pitch and length. */
static void test_volume_scales_every_cue(void **state)
{
    (void)state;
    play_and_measure("cues-75", 75, PEAK_DBFS - 10.0);
}

/* Quiet hours: at noon local time inside 11:00-13:00 the quiet volume plays. */
static void test_quiet_hours_turn_it_down(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    tzset();
    char path[600];
    struct speaker *sp = open_disk("quiet", path, sizeof path);
    struct session *s = new_session();
    const int64_t noon_us = (int64_t)(20000 * 86400LL + 12 * 3600LL) * 1000000LL;
    s->wall_offset_us = noon_us - T0_US;
    struct cue_volume v = {.volume_pct = 100,
                           .quiet_volume_pct = 40,
                           .quiet_from_min = 11 * 60,
                           .quiet_until_min = 13 * 60};
    speaker_set_volume(sp, &v);
    session_badge_unknown(s, "Badge not known", T0_US); /* the session counts it */
    pump(sp, s, T0_US, 500);
    assert_int_equal(speaker_volume_pct(sp), 40);
    v.quiet_from_min = 13 * 60; /* now outside them */
    v.quiet_until_min = 14 * 60;
    speaker_set_volume(sp, &v);
    session_badge_unknown(s, "Badge not known", T0_US + 500000);
    pump(sp, s, T0_US + 500000, 500);
    assert_int_equal(speaker_volume_pct(sp), 100);
    speaker_close(sp);
    free(s);

    /* badge-no twice, two notes each: first at volume 40 (60 steps of 0.4 dB down), then
     * at full volume; each half measured at its own level */
    struct recording r;
    const double quiet_dbfs = PEAK_DBFS - 24.0;
    load_at(&r, path, quiet_dbfs);
    print_bursts("quiet hours, then not", &r);
    assert_int_equal(r.n_bursts, 4);
    for (int k = 0; k < 2; k++)
        assert_note("badge-no", k, &r.bursts[k], &cue_table[8].notes[k], quiet_dbfs);
    size_t loud_from = r.bursts[2].start;
    free(r.smp);
    load_at(&r, path, PEAK_DBFS);
    assert_int_equal(r.n_bursts, 4);
    assert_true(r.bursts[2].start >= loud_from - 2 * SMP_PER_MS);
    for (int k = 2; k < 4; k++)
        assert_note("badge-no", k - 2, &r.bursts[k], &cue_table[8].notes[k - 2], PEAK_DBFS);
    free(r.smp);
}

/* A set followed frame by frame, on a virtual clock, as the kiosk calls the speaker. */
static void test_follows_a_set(void **state)
{
    (void)state;
    char path[600];
    struct session *s = new_session();
    struct speaker *sp = open_disk("set", path, sizeof path);
    s->screen = SCREEN_SET;
    s->visit.set.key = 7;
    s->visit.set.bar_held = true;
    s->visit.set.load_known = true;
    int64_t t = T0_US;
    const int beat = 150; /* real ms per virtual step: each sound has room */
#define AT(ms) (t + (int64_t)(ms)*US_PER_MS)
    for (int b = 0; b < CUE_COUNT_IN_BEATS; b++)
        pump(sp, s, AT(b * 1000), 250); /* pip, pip, pip, down */
    s->reps.phase = REP_PHASE_ECCENTRIC;
    s->reps.phase_start_us = AT(3200);
    pump(sp, s, AT(3300), beat);
    pump(sp, s, AT(4200), beat); /* one second down */
    pump(sp, s, AT(5200), beat); /* two */
    s->reps.phase = REP_PHASE_BOTTOM;
    s->reps.phase_start_us = AT(6100);
    pump(sp, s, AT(6300), beat); /* stopped: the pause runs */
    pump(sp, s, AT(7100), 350);  /* the pause is over: go up */
    s->reps.phase = REP_PHASE_CONCENTRIC;
    s->reps.phase_start_us = AT(7200);
    pump(sp, s, AT(7500), beat);
    s->reps.phase = REP_PHASE_TOP;
    s->reps.phase_start_us = AT(9200);
    s->visit.set.n_reps = 1;
    cue_event(&s->cue_events, CUE_EVENT_REP_CLEAN);
    pump(sp, s, AT(9300), 250);
    s->visit.set.n_reps = 2;
    cue_event(&s->cue_events, CUE_EVENT_REP_FLAGGED);
    pump(sp, s, AT(12000), 350);
    s->screen = SCREEN_PLAN; /* screens make no tempo sound ... */
    pump(sp, s, AT(13000), beat);
    s->idle_countdown = true; /* ... but the idle countdown does */
    s->idle_logout_at_us = AT(33000);
    pump(sp, s, AT(13000), beat);
    pump(sp, s, AT(28000), beat); /* 5 s left */
#undef AT
    speaker_close(sp);

    struct recording r;
    load(&r, path);
    print_bursts("a set: count-in, a 3-1 rep, a clean and a flagged rep, idle", &r);
    static const enum tone_cue order[] = {
        TONE_CUE_PIP,         TONE_CUE_PIP,    TONE_CUE_PIP,   TONE_CUE_DOWN,
        TONE_CUE_SECOND,      TONE_CUE_SECOND, TONE_CUE_GO_UP, TONE_CUE_REP_CLEAN,
        TONE_CUE_REP_FLAGGED, TONE_CUE_IDLE,   TONE_CUE_IDLE,
    };
    int b = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        int c = (int)order[i];
        assert_int_equal(cue_table[c].cue, order[i]);
        for (int k = 0; k < n_notes(c); k++) {
            assert_true(b < r.n_bursts);
            assert_note(tone_cue_name(order[i]), k, &r.bursts[b++], &cue_table[c].notes[k],
                        PEAK_DBFS);
        }
    }
    assert_int_equal(b, r.n_bursts);
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
    /* the loudest sound the kiosk makes: at the ceiling, nearly square */
    printf("alarm: peak %.2f dBFS, RMS %.2f dBFS\n", dbfs(b->peak), dbfs(b->rms));
    assert_true(fabs(dbfs(b->peak) - PEAK_DBFS) <= PEAK_TOL_DB);
    assert_true(dbfs(b->rms) >= PEAK_DBFS - 1.0);
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
    speaker_cue(NULL, TONE_CUE_REP_CLEAN);
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
        cmocka_unit_test(test_every_cue_measured),
        cmocka_unit_test(test_volume_scales_every_cue),
        cmocka_unit_test(test_quiet_hours_turn_it_down),
        cmocka_unit_test(test_follows_a_set),
        cmocka_unit_test(test_stop_alarm_while_buzzer_on),
        cmocka_unit_test(test_no_driver_gives_null_and_a_message),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    SDL_Quit();
    return failed;
}
