/*
 * The speaker port, measured in the samples it hands the audio device. Most tests play
 * an offline speaker on a virtual clock: the test is the frame loop (speaker_follow
 * every FRAME_MS of session time) and the device (speaker_render, one device buffer at
 * a time, as SDL's audio thread asks), the two kept in step, so the recording is the
 * device's timeline and nothing depends on how fast the machine runs. Each cue is
 * measured against a table of what it must be: the pitch of each note (zero
 * crossings), its length, its peak and RMS level in dBFS, and where it starts. Then: the
 * volume and quiet hours scale the level; a set followed frame by frame plays the
 * count-in, the counted eccentric, the pause's "go-up", a late bottom and the rep sounds
 * at their times; the idle countdown's sounds; the stop alarm alternates two pitches
 * while the buzzer is on and then falls silent. One cue also goes through SDL's disk
 * audio driver, the real device path; an audio driver that does not exist gives NULL
 * and a message.
 *
 * The recordings are kept in $RACKSIDE_TEST_OUT for people to listen to:
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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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
#define MAX_QUEUED_MS 50                 /* the latency budget for a cue: one device buffer */
#define SILENCE_LEVEL 300                /* below this the speaker is quiet (1 % of full scale) */
#define GAP_MS        5                  /* this much quiet separates two sounds */
#define LENGTH_TOL_MS 8                  /* the quiet ends of the envelope are not counted */
#define MAX_BURSTS    64
#define MAX_FILE_SMP  (RATE_HZ * 10)
#define STALL_MS      60000 /* the disk driver playing nothing for this long has hung */

static char out_dir[512];

struct burst {
    size_t start, len; /* in samples */
    double hz;
    int peak;
    double rms;
};

struct recording {
    int silence;        /* below this a sample is quiet */
    const int16_t *smp; /* the caller's */
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

/* Measures a recording whose loudest sounds peak at peak_dbfs: quiet is a level under
 * it by as much as SILENCE_LEVEL is under -3 dBFS, so lengths compare at any volume. */
static void measure(struct recording *r, const int16_t *smp, size_t n, double peak_dbfs)
{
    double scale = pow(10.0, (peak_dbfs + 3.0) / 20.0);
    r->silence = (int)(SILENCE_LEVEL * scale + 0.5);
    r->silence = r->silence < 2 ? 2 : r->silence;
    r->smp = smp;
    r->n = n;
    find_bursts(r);
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

/* ---- what each cue must sound like ---- */

#define PITCH_TOL_PCT  3
#define PEAK_DBFS      -3.0
#define PEAK_TOL_DB    0.2
#define RMS_FLOOR_DBFS -10.0 /* each note carries: no quiet tick under the music */
/* A cue sounds from the first sample the device takes after it is asked for; its first
 * loud sample comes a little into the attack. */
#define START_TOL_MS 8

static size_t ms_smp(int ms)
{
    return (size_t)ms * SMP_PER_MS;
}

struct note_want {
    int hz, ms;
    int at_ms; /* from the cue's start */
};

/* Each cue's notes: their pitches, lengths and where they start, in order. */
static const struct {
    enum tone_cue cue;
    struct note_want notes[TONE_CUE_NOTES_MAX];
} cue_table[] = {
    {TONE_CUE_PIP, {{880, 90, 0}}},
    {TONE_CUE_DOWN, {{523, 180, 0}}},
    {TONE_CUE_SECOND, {{2093, 35, 0}}},
    {TONE_CUE_BOTTOM, {{784, 70, 0}}},
    {TONE_CUE_GO_UP, {{1047, 260, 0}}},
    {TONE_CUE_GO_DOWN, {{1047, 100, 0}, {523, 180, 120}}},
    {TONE_CUE_REP_CLEAN, {{1319, 60, 0}, {1568, 90, 70}}},
    {TONE_CUE_REP_FLAGGED, {{466, 90, 0}, {349, 160, 110}}},
    {TONE_CUE_BADGE_OK, {{1175, 70, 0}, {1760, 110, 80}}},
    {TONE_CUE_BADGE_NO, {{294, 130, 0}, {294, 130, 170}}},
    {TONE_CUE_IDLE, {{2637, 60, 0}}},
};
#define N_CUES ((int)(sizeof cue_table / sizeof cue_table[0]))

static int n_notes(enum tone_cue cue)
{
    return cue_table[cue].notes[1].hz ? 2 : 1;
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

/*
 * The cue's notes are the bursts from *b on, each sounding like its row and starting
 * where it should: the first within [from_smp, until_smp] (the device's position when
 * the cue was asked for, and the latest it may start), the others their spacing after
 * it. Moves *b past them.
 */
static void assert_cue_at(const struct recording *r, int *b, enum tone_cue cue, size_t from_smp,
                          size_t until_smp, double peak_dbfs)
{
    const char *name = tone_cue_name(cue);
    assert_int_equal(cue_table[cue].cue, cue);
    if (*b + n_notes(cue) > r->n_bursts)
        fail_msg("%s: missing (%d sounds recorded)", name, r->n_bursts);
    size_t first = r->bursts[*b].start;
    for (int k = 0; k < n_notes(cue); k++) {
        const struct burst *bu = &r->bursts[*b + k];
        const struct note_want *w = &cue_table[cue].notes[k];
        assert_note(name, k, bu, w, peak_dbfs);
        size_t at = first + ms_smp(w->at_ms); /* a later note: its spacing after the first */
        size_t lo = k == 0 ? from_smp : at - ms_smp(START_TOL_MS);
        size_t hi = (k == 0 ? until_smp : at) + ms_smp(START_TOL_MS);
        if (bu->start < lo || bu->start > hi)
            fail_msg("%s note %d starts at %.1f ms, want %.1f-%.1f ms", name, k + 1,
                     (double)bu->start / SMP_PER_MS, (double)lo / SMP_PER_MS,
                     (double)hi / SMP_PER_MS);
    }
    *b += n_notes(cue);
}

/* ---- the virtual device and frame loop ---- */

struct rig {
    struct speaker *sp;
    struct session *s;
    int64_t t_us; /* the session clock: the next frame's time */
    int16_t *smp; /* what the device has played, from T0_US */
    size_t n, cap;
};

static struct session *new_session(void)
{
    struct session *s = calloc(1, sizeof *s);
    assert_non_null(s);
    struct rules rules;
    rules_default(&rules);
    session_init(s, &rules, NULL, 0, T0_US, T0_US);
    s->bar_connected = true; /* a bar unit plugged in: the tempo has a phase to lead */
    return s;
}

static void rig_open(struct rig *g)
{
    *g = (struct rig){.sp = speaker_open_offline(), .s = new_session(), .t_us = T0_US};
    assert_non_null(g->sp);
    assert_int_equal(speaker_rate_hz(g->sp), RATE_HZ);
    assert_true(speaker_buffer_smp(g->sp) > 0);
    assert_true(speaker_buffer_smp(g->sp) * 1000 / speaker_rate_hz(g->sp) <= MAX_QUEUED_MS);
}

static void rig_close(struct rig *g)
{
    speaker_close(g->sp);
    free(g->s);
    free(g->smp);
}

static size_t smp_at(int64_t t_us)
{
    return (size_t)((t_us - T0_US) * RATE_HZ / 1000000);
}

/* The device takes whole buffers until it has played up to pos. */
static void device_until(struct rig *g, size_t pos)
{
    size_t buf = (size_t)speaker_buffer_smp(g->sp);
    while (g->n < pos) {
        if (g->n + buf > g->cap) {
            g->cap = g->cap ? 2 * g->cap : (size_t)RATE_HZ;
            g->smp = realloc(g->smp, g->cap * sizeof *g->smp);
            assert_non_null(g->smp);
        }
        speaker_render(g->sp, &g->smp[g->n], buf);
        g->n += buf;
        assert_int_equal(speaker_played_smp(g->sp), g->n);
    }
}

/* The frame loop runs up to until_us: a frame calls the speaker, the device plays on. */
static void frames_until(struct rig *g, int64_t until_us)
{
    for (; g->t_us < until_us; g->t_us += FRAME_MS * US_PER_MS) {
        session_cue_follow(g->s, g->t_us); /* as session_tick does */
        speaker_follow(g->sp, g->s, g->t_us);
        device_until(g, smp_at(g->t_us + FRAME_MS * US_PER_MS));
    }
}

/* Keeps the recording for people to listen to. */
static void save(const struct rig *g, const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/speaker-%s.raw", out_dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(g->smp, sizeof *g->smp, g->n, f), g->n);
    assert_int_equal(fclose(f), 0);
}

/* ---- every cue, measured in what the device played ---- */

#define CUE_GAP_MS 400 /* between cues: the longest is 300 ms */

/* Asks for every cue in the table CUE_GAP_MS apart at the volume; checks each note and
 * that each cue starts with the next buffer after it was asked for. */
static void play_and_measure(const char *file, int volume_pct, double peak_dbfs)
{
    struct rig g;
    rig_open(&g);
    struct cue_volume v;
    cue_volume_default(&v);
    v.volume_pct = volume_pct;
    speaker_set_volume(g.sp, &v);
    size_t asked[N_CUES];
    for (int c = 0; c < N_CUES; c++) {
        frames_until(&g, T0_US + (int64_t)(c + 1) * CUE_GAP_MS * US_PER_MS);
        assert_int_equal(speaker_volume_pct(g.sp), volume_pct);
        asked[c] = g.n;
        speaker_cue(g.sp, cue_table[c].cue);
    }
    frames_until(&g, g.t_us + CUE_GAP_MS * US_PER_MS);
    save(&g, file);

    struct recording r;
    measure(&r, g.smp, g.n, peak_dbfs);
    print_bursts(file, &r);
    int b = 0;
    for (int c = 0; c < N_CUES; c++)
        assert_cue_at(&r, &b, cue_table[c].cue, asked[c], asked[c], peak_dbfs);
    assert_int_equal(b, r.n_bursts);
    rig_close(&g);
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

/* The cue asked for by the frame at t_us starts with the device's next buffer: at the
 * earliest then, at the latest a buffer later. */
static void assert_cue_due(const struct rig *g, const struct recording *r, int *b,
                           enum tone_cue cue, int64_t t_us, double peak_dbfs)
{
    size_t at = smp_at(t_us);
    assert_cue_at(r, b, cue, at, at + (size_t)speaker_buffer_smp(g->sp), peak_dbfs);
}

/* Quiet hours: at noon local time inside 11:00-13:00 the quiet volume plays. */
static void test_quiet_hours_turn_it_down(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    tzset();
    struct rig g;
    rig_open(&g);
    const int64_t noon_us = (int64_t)(20000 * 86400LL + 12 * 3600LL) * 1000000LL;
    g.s->wall_offset_us = noon_us - T0_US;
    struct cue_volume v = {.volume_pct = 100,
                           .quiet_volume_pct = 40,
                           .quiet_from_min = 11 * 60,
                           .quiet_until_min = 13 * 60};
    speaker_set_volume(g.sp, &v);
    session_badge_unknown(g.s, "Badge not known", T0_US); /* the session counts it */
    frames_until(&g, T0_US + 500 * US_PER_MS);
    assert_int_equal(speaker_volume_pct(g.sp), 40);
    v.quiet_from_min = 13 * 60; /* now outside them */
    v.quiet_until_min = 14 * 60;
    session_badge_unknown(g.s, "Badge not known", g.t_us);
    int64_t loud_us = g.t_us;
    frames_until(&g, T0_US + 1000 * US_PER_MS);
    assert_int_equal(speaker_volume_pct(g.sp), 100);
    save(&g, "quiet");

    /* badge-no twice, two notes each: first at volume 40 (60 steps of 0.4 dB down), then
     * at full volume; each measured at its own level, the quiet one before the loud */
    struct recording r;
    const double quiet_dbfs = PEAK_DBFS - 24.0;
    measure(&r, g.smp, smp_at(loud_us), quiet_dbfs);
    print_bursts("quiet hours", &r);
    int b = 0;
    assert_cue_due(&g, &r, &b, TONE_CUE_BADGE_NO, T0_US, quiet_dbfs);
    assert_int_equal(b, r.n_bursts);
    measure(&r, g.smp, g.n, PEAK_DBFS);
    print_bursts("then not", &r);
    assert_int_equal(r.n_bursts, 4);
    b = 2;
    assert_cue_due(&g, &r, &b, TONE_CUE_BADGE_NO, loud_us, PEAK_DBFS);
    rig_close(&g);
}

/* What the frame loop does to the session at a time, and the cue due then (-1 none). */
struct step {
    int at_ms;
    int phase;         /* the detector's phase from now on (an enum rep_phase) ... */
    int phase_from_ms; /* ... which it dates this far back (it sees a lowering late) */
    int n_reps;
    int event; /* a cue_event counted now, -1 none */
    int screen;
    int idle_logout_ms; /* the idle countdown runs to this, 0 not */
    int cue;            /* the cue due at at_ms, -1 none */
};

/*
 * A set on a 3-1-2-0 tempo, as the kiosk calls the speaker: the count-in (pip, pip, pip,
 * down); a rep lowered from 3.2 s (no "down": the count-in just said it), a tick at each
 * of its first two seconds, stopped at the bottom at 5.9 s, "go-up" a second later;
 * counted clean. A second rep lowered from 10 s ("down"), two ticks, still going down
 * when its 3 s are up ("bottom"), stopped at 13.2 s, "go-up" at 14.2 s; counted flagged.
 * Then the plan screen, silent, and the idle countdown: a pip as it starts and on each
 * of its last five seconds.
 */
#define KEEP (-1)
static const struct step set_steps[] = {
    {0, REP_PHASE_TOP, 0, 0, -1, SCREEN_SET, 0, TONE_CUE_PIP},
    {1000, KEEP, 0, KEEP, -1, KEEP, 0, TONE_CUE_PIP},
    {2000, KEEP, 0, KEEP, -1, KEEP, 0, TONE_CUE_PIP},
    {3000, KEEP, 0, KEEP, -1, KEEP, 0, TONE_CUE_DOWN},
    {3300, REP_PHASE_ECCENTRIC, 3200, KEEP, -1, KEEP, 0, -1},
    {4200, KEEP, 0, KEEP, -1, KEEP, 0, TONE_CUE_SECOND},
    {5200, KEEP, 0, KEEP, -1, KEEP, 0, TONE_CUE_SECOND},
    {5950, REP_PHASE_BOTTOM, 5900, KEEP, -1, KEEP, 0, -1},
    {6900, KEEP, 0, KEEP, -1, KEEP, 0, TONE_CUE_GO_UP},
    {7300, REP_PHASE_CONCENTRIC, 7000, KEEP, -1, KEEP, 0, -1},
    {9200, REP_PHASE_TOP, 9200, 1, -1, KEEP, 0, -1},
    {9300, KEEP, 0, KEEP, CUE_EVENT_REP_CLEAN, KEEP, 0, TONE_CUE_REP_CLEAN},
    {10100, REP_PHASE_ECCENTRIC, 10000, KEEP, -1, KEEP, 0, TONE_CUE_DOWN},
    {11000, KEEP, 0, KEEP, -1, KEEP, 0, TONE_CUE_SECOND},
    {12000, KEEP, 0, KEEP, -1, KEEP, 0, TONE_CUE_SECOND},
    {13000, KEEP, 0, KEEP, -1, KEEP, 0, TONE_CUE_BOTTOM},
    {13250, REP_PHASE_BOTTOM, 13200, KEEP, -1, KEEP, 0, -1},
    {14200, KEEP, 0, KEEP, -1, KEEP, 0, TONE_CUE_GO_UP},
    {14500, REP_PHASE_CONCENTRIC, 14300, KEEP, -1, KEEP, 0, -1},
    {16000, REP_PHASE_TOP, 16000, 2, -1, KEEP, 0, -1},
    {16100, KEEP, 0, KEEP, CUE_EVENT_REP_FLAGGED, KEEP, 0, TONE_CUE_REP_FLAGGED},
    {17000, KEEP, 0, KEEP, -1, SCREEN_PLAN, 37000, TONE_CUE_IDLE},
    {32000, KEEP, 0, KEEP, -1, KEEP, 37000, TONE_CUE_IDLE}, /* 5 s left */
    {33000, KEEP, 0, KEEP, -1, KEEP, 37000, TONE_CUE_IDLE},
    {34000, KEEP, 0, KEEP, -1, KEEP, 37000, TONE_CUE_IDLE},
    {35000, KEEP, 0, KEEP, -1, KEEP, 37000, TONE_CUE_IDLE},
    {36000, KEEP, 0, KEEP, -1, KEEP, 37000, TONE_CUE_IDLE}, /* 1 s left */
    {38000, KEEP, 0, KEEP, -1, KEEP, 0, -1},                /* logged out: quiet */
};
#define N_SET_STEPS ((int)(sizeof set_steps / sizeof set_steps[0]))

/*
 * A 3-1-2-2 tempo, a set of 5 under way: the bar stops at the top at 1 s after a lift; the
 * rep counts clean; a tick at the top pause's first second, "go-down" as its two seconds
 * end; the bar following it at once gets no second "down".
 */
static const struct step top_pause_steps[] = {
    {0, REP_PHASE_CONCENTRIC, 0, 1, -1, SCREEN_SET, 0, -1},
    {1100, REP_PHASE_TOP, 1000, KEEP, -1, KEEP, 0, -1},
    {1500, KEEP, 0, 2, CUE_EVENT_REP_CLEAN, KEEP, 0, TONE_CUE_REP_CLEAN},
    {2000, KEEP, 0, KEEP, -1, KEEP, 0, TONE_CUE_SECOND},
    {3000, KEEP, 0, KEEP, -1, KEEP, 0, TONE_CUE_GO_DOWN},
    {3300, REP_PHASE_ECCENTRIC, 3200, KEEP, -1, KEEP, 0, -1},
};
#define N_TOP_PAUSE_STEPS ((int)(sizeof top_pause_steps / sizeof top_pause_steps[0]))

static void apply(struct session *s, const struct step *st)
{
    if (st->phase != KEEP) {
        s->reps.phase = (enum rep_phase)st->phase;
        s->reps.phase_start_us = T0_US + (int64_t)st->phase_from_ms * US_PER_MS;
        /* the bar's speed the way it goes: a lift is a drive, not the estimate creeping */
        s->reps.vel_mps = st->phase == REP_PHASE_CONCENTRIC  ? 0.3f
                          : st->phase == REP_PHASE_ECCENTRIC ? -0.3f
                                                             : 0.0f;
    }
    if (st->n_reps != KEEP)
        s->visit.set.n_reps = st->n_reps;
    if (st->event >= 0)
        cue_event(&s->cue_events, (enum cue_event)st->event);
    if (st->screen != KEEP)
        s->screen = (enum screen)st->screen;
    s->idle_countdown = st->idle_logout_ms > 0;
    s->idle_logout_at_us = T0_US + (int64_t)st->idle_logout_ms * US_PER_MS;
}

/* Plays the steps as the frame loop would, on the tempo, and checks each cue due is heard
 * at its time, and nothing else. */
static void play_set(const struct step *steps, int n, const int tempo_ms[4], const char *file,
                     const char *what)
{
    struct rig g;
    rig_open(&g);
    g.s->visit.set.key = 7;
    g.s->visit.set.bar_held = true;
    g.s->visit.set.load_known = true;
    g.s->visit.set.target_reps = 5;
    for (int p = 0; p < 4; p++)
        g.s->rules.tempo_ms[p] = tempo_ms[p];
    for (int i = 0; i < n; i++) {
        frames_until(&g, T0_US + (int64_t)steps[i].at_ms * US_PER_MS);
        apply(g.s, &steps[i]);
    }
    frames_until(&g, g.t_us + 500 * US_PER_MS);
    save(&g, file);

    struct recording r;
    measure(&r, g.smp, g.n, PEAK_DBFS);
    print_bursts(what, &r);
    int b = 0, n_cues = 0;
    for (int i = 0; i < n; i++) {
        const struct step *st = &steps[i];
        if (st->cue < 0)
            continue;
        assert_cue_due(&g, &r, &b, (enum tone_cue)st->cue, T0_US + st->at_ms * US_PER_MS,
                       PEAK_DBFS);
        assert_int_equal(speaker_played_cue(g.sp, (uint64_t)n_cues++), st->cue);
    }
    assert_int_equal(b, r.n_bursts);
    assert_int_equal(speaker_played_count(g.sp), n_cues);
    /* the count-in, the tempo and the idle countdown never waited for a device to open */
    assert_true(speaker_device_open(g.sp));
    assert_int_equal(speaker_device_opens(g.sp, NULL), 1);
    rig_close(&g);
}

/* ---- the device closed while nothing can sound ---- */

/*
 * On the attract screen a badge sound opens nothing new (the device is open from the
 * start), the device closes CUE_DEVICE_LINGER_US after it, and the next badge sound opens
 * it again and still starts with the next buffer: the offline device opens at once. The
 * rest screen keeps it open with nothing sounding.
 */
static void test_device_closes_when_silent(void **state)
{
    (void)state;
    struct rig g;
    rig_open(&g);
    const int64_t linger_ms = CUE_DEVICE_LINGER_US / US_PER_MS;
    session_badge_unknown(g.s, "Badge not known", T0_US);
    frames_until(&g, T0_US + (linger_ms - FRAME_MS) * US_PER_MS);
    assert_true(speaker_device_open(g.sp));
    frames_until(&g, T0_US + (linger_ms + FRAME_MS) * US_PER_MS);
    assert_false(speaker_device_open(g.sp));
    int64_t again_us = g.t_us + 2000 * US_PER_MS;
    frames_until(&g, again_us);
    assert_false(speaker_device_open(g.sp));
    session_badge_unknown(g.s, "Badge not known", again_us);
    frames_until(&g, again_us + 1000 * US_PER_MS);
    assert_true(speaker_device_open(g.sp));
    assert_int_equal(speaker_device_opens(g.sp, NULL), 2);
    g.s->screen = SCREEN_REST;
    frames_until(&g, g.t_us + 3 * CUE_DEVICE_LINGER_US);
    assert_true(speaker_device_open(g.sp));
    assert_int_equal(speaker_device_opens(g.sp, NULL), 2);

    struct recording r;
    measure(&r, g.smp, g.n, PEAK_DBFS);
    print_bursts("badge-no, closed, badge-no", &r);
    assert_int_equal(r.n_bursts, 4);
    int b = 0;
    assert_cue_due(&g, &r, &b, TONE_CUE_BADGE_NO, T0_US, PEAK_DBFS);
    assert_cue_due(&g, &r, &b, TONE_CUE_BADGE_NO, again_us, PEAK_DBFS);
    rig_close(&g);
}

static void test_follows_a_set(void **state)
{
    (void)state;
    static const int tempo_ms[4] = {3000, 1000, 2000, 0};
    play_set(set_steps, N_SET_STEPS, tempo_ms, "set",
             "a set: count-in, a 3-1 rep, a late one, clean and flagged, idle");
}

static void test_top_pause_ends_with_go_down(void **state)
{
    (void)state;
    static const int tempo_ms[4] = {3000, 1000, 2000, 2000};
    play_set(top_pause_steps, N_TOP_PAUSE_STEPS, tempo_ms, "top-pause",
             "a 3-1-2-2 set: the top pause ticked and ended with go-down");
}

/* ---- the stop alarm ---- */

/*
 * The recording r is the stop alarm alone: one unbroken sound (the tones join with no
 * gap) from the device buffer that followed from_smp, of whole tones (at least on_ms of
 * them), the last begun before the alarm went off (between off_from and off_until: a
 * device's buffer may be under way) and played out; the two pitches in turn, at the
 * ceiling and nearly square.
 */
static void assert_alarm(const struct recording *r, size_t from_smp, size_t buf_smp,
                         size_t off_from, size_t off_until, int on_ms)
{
    struct tone_spec alarm[2];
    tone_alarm_spec(alarm);
    size_t tone_smp = (size_t)tone_note_at(&alarm[0], RATE_HZ).length_smp;
    assert_int_equal(r->n_bursts, 1);
    const struct burst *b = &r->bursts[0];
    if (b->start < from_smp || b->start > from_smp + buf_smp + ms_smp(START_TOL_MS))
        fail_msg("the alarm starts at %.1f ms, want %.1f ms or a buffer after",
                 (double)b->start / SMP_PER_MS, (double)from_smp / SMP_PER_MS);
    /* the first tone starts with a buffer; its first loud sample comes into its attack */
    size_t origin = from_smp + (b->start - from_smp) / buf_smp * buf_smp;
    size_t end = b->start + b->len - origin;
    size_t tones = (end + tone_smp / 2) / tone_smp;
    printf("alarm: %zu tones of %zu ms, off after %zu-%zu ms\n", tones, tone_smp / SMP_PER_MS,
           (off_from - origin) / SMP_PER_MS, (off_until - origin) / SMP_PER_MS);
    assert_true(tones >= (size_t)on_ms * SMP_PER_MS / tone_smp);
    if (end > tones * tone_smp || end < tones * tone_smp - ms_smp(LENGTH_TOL_MS))
        fail_msg("the alarm ends at %.1f ms, not after whole tones of %.1f ms",
                 (double)end / SMP_PER_MS, (double)tone_smp / SMP_PER_MS);
    if (origin + (tones - 1) * tone_smp > off_until || origin + tones * tone_smp <= off_from)
        fail_msg("%zu tones: the alarm went off after %.1f-%.1f ms", tones,
                 (double)(off_from - origin) / SMP_PER_MS,
                 (double)(off_until - origin) / SMP_PER_MS);
    size_t margin = ms_smp(10); /* skip the envelope ends */
    for (size_t k = 0; k < tones; k++) {
        size_t from = origin + k * tone_smp + margin;
        double hz = dominant_hz(&r->smp[from], tone_smp - 2 * margin, RATE_HZ);
        assert_near_pct(hz, alarm[k % 2].freq_hz, PITCH_TOL_PCT);
    }
    /* the loudest sound the kiosk makes: at the ceiling, nearly square */
    printf("alarm: peak %.2f dBFS, RMS %.2f dBFS\n", dbfs(b->peak), dbfs(b->rms));
    assert_true(fabs(dbfs(b->peak) - PEAK_DBFS) <= PEAK_TOL_DB);
    assert_true(dbfs(b->rms) >= PEAK_DBFS - 1.0);
}

static void test_stop_alarm_while_buzzer_on(void **state)
{
    (void)state;
    struct rig g;
    rig_open(&g);
    struct session *s = g.s;
    s->screen = SCREEN_STOP;
    s->visit.stop_at_us = s->now_us = T0_US;
    bool buzzer;
    session_light(s, &buzzer);
    assert_true(buzzer);
    const int on_ms = 900;
    frames_until(&g, T0_US + on_ms * US_PER_MS);
    s->now_us += 3600LL * 1000 * US_PER_MS; /* long after: the buzzer is over */
    session_light(s, &buzzer);
    assert_false(buzzer);
    size_t off_smp = g.n; /* the device plays on from here with the alarm off */
    frames_until(&g, g.t_us + 600 * US_PER_MS);
    save(&g, "stop");

    struct recording r;
    measure(&r, g.smp, g.n, PEAK_DBFS);
    print_bursts("stop", &r);
    assert_alarm(&r, 0, (size_t)speaker_buffer_smp(g.sp), off_smp, off_smp, on_ms);
    rig_close(&g);
}

/* ---- the real device path ---- */

#define DISK_ALARM_ON_MS 700 /* the alarm row: the buzzer on this long */
#define DISK_TAIL_MS     CUE_GAP_MS

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
    assert_true(speaker_buffer_smp(sp) > 0);
    assert_true(speaker_buffer_smp(sp) * 1000 / speaker_rate_hz(sp) <= MAX_QUEUED_MS);
    return sp;
}

/* What a disk driver device wrote, from its file; fails when it holds less than played. */
static int16_t *read_disk(const char *path, uint64_t played, size_t *n)
{
    int16_t *smp = calloc(MAX_FILE_SMP, sizeof *smp);
    assert_non_null(smp);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    *n = fread(smp, sizeof *smp, MAX_FILE_SMP, f);
    fclose(f);
    if (*n < played)
        fail_msg("%s holds %zu samples, the device played %llu", path, *n,
                 (unsigned long long)played);
    return smp;
}

/* read_disk's samples (to free), measured into r and printed under what. */
static int16_t *measure_disk(const char *path, uint64_t played, const char *what,
                             struct recording *r, size_t *n)
{
    int16_t *smp = read_disk(path, played, n);
    measure(r, smp, *n, PEAK_DBFS);
    print_bursts(what, r);
    return smp;
}

/* Waits, however slowly the device runs, until it has played pos samples; a device that
 * plays nothing for STALL_MS has hung. */
static void wait_played(const struct speaker *sp, uint64_t pos)
{
    uint64_t last = speaker_played_smp(sp);
    for (int quiet_ms = 0; last < pos; quiet_ms += 5) {
        if (quiet_ms >= STALL_MS)
            fail_msg("the audio device stalled at %llu samples", (unsigned long long)last);
        SDL_Delay(5);
        uint64_t now = speaker_played_smp(sp);
        if (now != last)
            quiet_ms = 0;
        last = now;
    }
}

/* The disk driver writes what the audio thread gives the device: one cue, whole. */
static void test_disk_device_plays_a_cue(void **state)
{
    (void)state;
    char path[600];
    struct speaker *sp = open_disk("disk", path, sizeof path);
    int16_t none[64];
    memset(none, 0x55, sizeof none);
    speaker_render(sp, none, 64); /* the device's samples are not to be taken */
    for (int i = 0; i < 64; i++)
        assert_int_equal(none[i], 0);
    uint64_t buf = (uint64_t)speaker_buffer_smp(sp);
    wait_played(sp, buf); /* quiet first */
    uint64_t asked = speaker_played_smp(sp);
    speaker_cue(sp, TONE_CUE_GO_UP);
    wait_played(sp, asked + 2 * buf + ms_smp(300 + 100));
    uint64_t played = speaker_played_smp(sp);
    speaker_close(sp);

    size_t n;
    int16_t *smp = read_disk(path, played, &n);
    struct recording r;
    measure(&r, smp, n, PEAK_DBFS);
    print_bursts("one go-up cue on the disk driver", &r);
    /* where it starts depends on the threads; that it starts no earlier than asked for,
     * sounds right and ends before the file does does not */
    int b = 0;
    assert_cue_at(&r, &b, TONE_CUE_GO_UP, (size_t)asked, n, PEAK_DBFS);
    assert_int_equal(r.n_bursts, 1);
    assert_true(r.bursts[0].start + r.bursts[0].len < n);
    free(smp);
}

/* Waits, however slowly the device thread runs, until the device is open or closed. */
static void wait_device(const struct speaker *sp, bool open)
{
    for (int ms = 0; speaker_device_open(sp) != open; ms += 5) {
        if (ms >= STALL_MS)
            fail_msg("the device was not %s after %d ms", open ? "opened" : "closed", ms);
        SDL_Delay(5);
    }
}

/*
 * A badge-no asked for as the disk driver's device (re)opened, with closed_at samples
 * played before: it comes out from the new file's first buffer, both notes, ended in the
 * file (the disk driver starts its file again at each open). Closes sp and frees s.
 */
static void badge_no_comes_out_whole(struct speaker *sp, struct session *s, const char *path,
                                     uint64_t closed_at, const char *what)
{
    uint64_t buf = (uint64_t)speaker_buffer_smp(sp);
    wait_played(sp, closed_at + 2 * buf + ms_smp(300 + 100));
    uint64_t played = speaker_played_smp(sp) - closed_at;
    speaker_close(sp);
    free(s);

    size_t n;
    struct recording r;
    int16_t *smp = measure_disk(path, played, what, &r, &n);
    int b = 0;
    assert_cue_at(&r, &b, TONE_CUE_BADGE_NO, 0, (size_t)buf, PEAK_DBFS);
    assert_int_equal(r.n_bursts, n_notes(TONE_CUE_BADGE_NO));
    const struct burst *last = &r.bursts[r.n_bursts - 1];
    assert_true(last->start + last->len < n);
    free(smp);
}

/* The frame loop on a silent screen (no timed cue) past the linger: the device closes.
 * The session's time the frames got to. */
static int64_t close_in_silence(struct speaker *sp, struct session *s)
{
    int64_t t_us = T0_US;
    for (; t_us <= T0_US + CUE_DEVICE_LINGER_US; t_us += FRAME_MS * US_PER_MS) {
        session_cue_follow(s, t_us); /* as session_tick does */
        speaker_follow(sp, s, t_us);
    }
    wait_device(sp, false);
    return t_us;
}

/*
 * The disk driver's device closed after a silence on the attract screen (no timed cue),
 * then a badge sound: the device opens again and the sound comes out whole, from the
 * start of the new device's file (the disk driver starts its file again at each open).
 */
static void test_disk_cue_after_close_comes_out_whole(void **state)
{
    (void)state;
    char path[600];
    struct speaker *sp = open_disk("disk-reopened", path, sizeof path);
    struct session *s = new_session();
    int64_t t_us = close_in_silence(sp, s);
    assert_int_equal(speaker_device_opens(sp, NULL), 1);
    uint64_t closed_at = speaker_played_smp(sp);
    SDL_Delay(50);
    assert_int_equal(speaker_played_smp(sp), closed_at); /* no audio thread left */

    session_badge_unknown(s, "Badge not known", t_us);
    session_cue_follow(s, t_us);
    speaker_follow(sp, s, t_us);
    wait_device(sp, true);
    int64_t open_us;
    assert_int_equal(speaker_device_opens(sp, &open_us), 2);
    printf("the disk driver's device opened again in %.2f ms\n", (double)open_us / 1000.0);
    badge_no_comes_out_whole(sp, s, path, closed_at,
                             "badge-no after the device was closed, on the disk driver");
}

/* A driver that is not there: a mute speaker that says why, and the kiosk goes on. */
static void test_no_driver_is_mute_with_a_message(void **state)
{
    (void)state;
    setenv("SDL_AUDIODRIVER", "nonexistent", 1);
    char err[SPEAKER_ERR_MAX] = "";
    struct speaker *sp = speaker_open(err);
    assert_non_null(sp);
    assert_true(speaker_mute(sp));
    assert_false(speaker_device_open(sp));
    printf("message: %s\n", err);
    assert_non_null(strstr(err, "nonexistent"));
    struct session *s = new_session();
    speaker_follow(sp, s, T0_US);
    speaker_cue(sp, TONE_CUE_REP_CLEAN);
    speaker_close(sp);
    /* no speaker at all (out of memory): mute, and nothing breaks */
    assert_true(speaker_mute(NULL));
    speaker_follow(NULL, s, T0_US);
    speaker_cue(NULL, TONE_CUE_REP_CLEAN);
    speaker_close(NULL);
    free(s);
    /* and the real thing still opens afterwards */
    char path[600];
    sp = open_disk("reopen", path, sizeof path);
    assert_false(speaker_mute(sp));
    speaker_close(sp);
}

/*
 * The disk driver writing into a directory that is there or not: without it the device
 * does not open (SDL cannot create its file), with it the device opens again. dir is
 * removed; the driver is pointed at a file in it.
 */
static void disk_in_dir(const char *name, char dir[600], char path[700])
{
    snprintf(dir, 600, "%s/speaker-%s.d", out_dir, name);
    snprintf(path, 700, "%s/out.raw", dir);
    remove(path);
    rmdir(dir);
    setenv("SDL_AUDIODRIVER", "disk", 1);
    setenv("SDL_DISKAUDIOFILE", path, 1);
}

/* Waits, however slowly the device thread runs, until n opens have failed; how long, ms. */
static double wait_failed(const struct speaker *sp, uint64_t n)
{
    uint64_t t0 = SDL_GetTicks64();
    while (speaker_failed_opens(sp) < n) {
        if (SDL_GetTicks64() - t0 >= STALL_MS)
            fail_msg("%llu opens failed after %d ms, want %llu",
                     (unsigned long long)speaker_failed_opens(sp), STALL_MS, (unsigned long long)n);
        SDL_Delay(5);
    }
    return (double)(SDL_GetTicks64() - t0);
}

/*
 * The stop alarm while no device opens (the device closed after a silence, then went
 * away): the speaker is mute and tries again every SPEAKER_RETRY_US, no faster; once the
 * device is back it opens by itself, with the alarm still on, and the alarm comes out
 * from the reopened device's first buffer.
 */
static void test_disk_alarm_after_a_failed_reopen(void **state)
{
    (void)state;
    char dir[600], path[700];
    disk_in_dir("alarm-reopen", dir, path);
    assert_int_equal(mkdir(dir, 0700), 0);
    char err[SPEAKER_ERR_MAX] = "";
    struct speaker *sp = speaker_open(err);
    assert_non_null(sp);
    assert_false(speaker_mute(sp));
    struct session *s = new_session();
    int64_t t_us = close_in_silence(sp, s);
    uint64_t closed_at = speaker_played_smp(sp);
    assert_int_equal(remove(path), 0);
    assert_int_equal(rmdir(dir), 0); /* the device is gone */

    /* a stop: the alarm wants the device, which does not open */
    s->screen = SCREEN_STOP;
    s->visit.stop_at_us = s->now_us = t_us;
    session_cue_follow(s, t_us);
    speaker_follow(sp, s, t_us);
    wait_failed(sp, 1);
    assert_true(speaker_mute(sp));
    /* tried again while the alarm is wanted, at SPEAKER_RETRY_US (the buzzer's time stands
     * still here: the session's clock does not move) */
    double ms = wait_failed(sp, 3);
    printf("two more failed opens in %.0f ms\n", ms);
    assert_true(ms >= 2 * SPEAKER_RETRY_US / 1000 - 2 * FRAME_MS - 1000 / 2);
    uint64_t failed = speaker_failed_opens(sp);
    assert_int_equal(speaker_device_opens(sp, NULL), 1);

    assert_int_equal(mkdir(dir, 0700), 0); /* the device is back */
    uint64_t back_at = SDL_GetTicks64();
    wait_device(sp, true);
    printf("open again %llu ms after the device was back (%llu failed opens)\n",
           (unsigned long long)(SDL_GetTicks64() - back_at), (unsigned long long)failed);
    assert_false(speaker_mute(sp));
    assert_int_equal(speaker_device_opens(sp, NULL), 2);
    wait_played(sp, closed_at + ms_smp(DISK_ALARM_ON_MS));
    /* long after: the buzzer is over */
    s->now_us += 3600LL * 1000 * US_PER_MS;
    size_t off_from = (size_t)(speaker_played_smp(sp) - closed_at);
    session_cue_follow(s, t_us + DISK_ALARM_ON_MS * US_PER_MS);
    speaker_follow(sp, s, t_us + DISK_ALARM_ON_MS * US_PER_MS);
    uint64_t buf = (uint64_t)speaker_buffer_smp(sp);
    size_t off_until = (size_t)(speaker_played_smp(sp) - closed_at + buf);
    wait_played(sp, speaker_played_smp(sp) + 2 * buf + ms_smp(DISK_TAIL_MS));
    uint64_t played = speaker_played_smp(sp) - closed_at;
    speaker_close(sp);
    free(s);

    size_t n;
    struct recording r;
    int16_t *smp = measure_disk(path, played,
                                "the stop alarm after failed reopens, on the disk driver", &r, &n);
    assert_alarm(&r, 0, (size_t)buf, off_from, off_until, DISK_ALARM_ON_MS);
    free(smp);
}

/*
 * No device at the start: the speaker is made, mute, and with nothing to play it does not
 * try again on a timer; the device back, the next sound (a badge) opens it at once and
 * comes out whole.
 */
static void test_disk_no_device_at_start(void **state)
{
    (void)state;
    char dir[600], path[700];
    disk_in_dir("start-mute", dir, path);
    char err[SPEAKER_ERR_MAX] = "";
    struct speaker *sp = speaker_open(err);
    assert_non_null(sp);
    printf("message: %s\n", err);
    assert_non_null(strstr(err, path));
    assert_true(speaker_mute(sp));
    assert_false(speaker_device_open(sp));
    struct session *s = new_session(); /* the attract screen: nothing to sound */
    session_cue_follow(s, T0_US);
    speaker_follow(sp, s, T0_US);
    SDL_Delay((Uint32)(SPEAKER_RETRY_US * 3 / 2 / 1000));
    assert_int_equal(speaker_failed_opens(sp), 1);
    assert_true(speaker_mute(sp));

    assert_int_equal(mkdir(dir, 0700), 0);
    int64_t t_us = T0_US + FRAME_MS * US_PER_MS;
    session_badge_unknown(s, "Badge not known", t_us);
    session_cue_follow(s, t_us);
    speaker_follow(sp, s, t_us);
    wait_device(sp, true);
    assert_false(speaker_mute(sp));
    badge_no_comes_out_whole(sp, s, path, 0,
                             "badge-no with the device back after a start without one");
}

/* ---- every sound through the real device path ---- */

/*
 * The stop alarm as the kiosk sounds it: the session on the stop screen with the buzzer
 * on, followed for DISK_ALARM_ON_MS of the device's time, then the buzzer over. The
 * device's position when the alarm went off, at the earliest and the latest, in *off.
 */
static void disk_alarm(struct speaker *sp, size_t off[2])
{
    struct session *s = new_session();
    s->screen = SCREEN_STOP;
    s->visit.stop_at_us = s->now_us = T0_US;
    uint64_t on_at = speaker_played_smp(sp);
    session_cue_follow(s, T0_US);
    speaker_follow(sp, s, T0_US);
    wait_played(sp, on_at + ms_smp(DISK_ALARM_ON_MS));
    s->now_us += 3600LL * 1000 * US_PER_MS; /* long after: the buzzer is over */
    off[0] = (size_t)speaker_played_smp(sp);
    session_cue_follow(s, T0_US + DISK_ALARM_ON_MS * US_PER_MS);
    speaker_follow(sp, s, T0_US + DISK_ALARM_ON_MS * US_PER_MS);
    off[1] = (size_t)speaker_played_smp(sp) + (size_t)speaker_buffer_smp(sp);
    free(s);
}

/*
 * Each cue of cue_table, and the stop alarm, on SDL's disk audio driver: the device the
 * kiosk opens, its audio thread and SDL's conversion, into a file read back. Each sound
 * on a device of its own from a quiet start, so each file is that sound alone: the pitch,
 * length, level and spacing of every note as the table says, starting with the device's
 * next buffer after it was asked for, and over before the file ends.
 */
static void test_disk_device_plays_every_sound(void **state)
{
    (void)state;
    for (int c = 0; c <= N_CUES; c++) { /* the last row: the alarm */
        bool alarm = c == N_CUES;
        const char *name = alarm ? "alarm" : tone_cue_name(cue_table[c].cue);
        char file[64], path[600];
        snprintf(file, sizeof file, "disk-%s", name);
        struct speaker *sp = open_disk(file, path, sizeof path);
        uint64_t buf = (uint64_t)speaker_buffer_smp(sp);
        wait_played(sp, buf); /* quiet first */
        uint64_t asked = speaker_played_smp(sp);
        size_t off[2] = {0, 0};
        if (alarm)
            disk_alarm(sp, off);
        else
            speaker_cue(sp, cue_table[c].cue);
        wait_played(sp, speaker_played_smp(sp) + 2 * buf + ms_smp(DISK_TAIL_MS));
        uint64_t played = speaker_played_smp(sp);
        speaker_close(sp);

        size_t n;
        int16_t *smp = read_disk(path, played, &n);
        struct recording r;
        measure(&r, smp, n, PEAK_DBFS);
        print_bursts(file, &r);
        if (alarm) {
            assert_alarm(&r, (size_t)asked, (size_t)buf, off[0], off[1], DISK_ALARM_ON_MS);
        } else {
            int b = 0;
            assert_cue_at(&r, &b, cue_table[c].cue, (size_t)asked, (size_t)(asked + buf),
                          PEAK_DBFS);
            assert_int_equal(r.n_bursts, b);
        }
        const struct burst *last = &r.bursts[r.n_bursts - 1];
        assert_true(last->start + last->len < n);
        free(smp);
    }
}

int main(void)
{
    const char *dir = getenv("RACKSIDE_TEST_OUT");
    snprintf(out_dir, sizeof out_dir, "%s", dir && *dir ? dir : "/tmp");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_cue_measured),
        cmocka_unit_test(test_top_pause_ends_with_go_down),
        cmocka_unit_test(test_volume_scales_every_cue),
        cmocka_unit_test(test_quiet_hours_turn_it_down),
        cmocka_unit_test(test_follows_a_set),
        cmocka_unit_test(test_device_closes_when_silent),
        cmocka_unit_test(test_stop_alarm_while_buzzer_on),
        cmocka_unit_test(test_disk_device_plays_a_cue),
        cmocka_unit_test(test_disk_cue_after_close_comes_out_whole),
        cmocka_unit_test(test_no_driver_is_mute_with_a_message),
        cmocka_unit_test(test_disk_alarm_after_a_failed_reopen),
        cmocka_unit_test(test_disk_no_device_at_start),
        cmocka_unit_test(test_disk_device_plays_every_sound),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    SDL_Quit();
    return failed;
}
