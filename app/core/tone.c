#include <math.h>
#include <string.h>

#include "tone.h"

#define US_PER_S    1000000
#define FULL_SCALE  32767
#define HALF_TURN   0x80000000u
#define PI          3.14159265358979323846f
#define TWO_PI      (2.0f * PI)
#define TURN_TO_RAD (TWO_PI / 4294967296.0f)
#define PCT         100
/* Volume steps: 100 steps over 40 dB, as volume sliders go. */
#define VOLUME_DB_PER_STEP 0.4

/* Pitches (equal temperament, rounded to whole Hz). */
#define D4_HZ  294
#define F4_HZ  349
#define BB4_HZ 466
#define C5_HZ  523
#define G5_HZ  784
#define A5_HZ  880
#define C6_HZ  1047
#define D6_HZ  1175
#define E6_HZ  1319
#define G6_HZ  1568
#define A6_HZ  1760
#define EB6_HZ 1245
#define C7_HZ  2093
#define E7_HZ  2637

/*
 * Every sound peaks at TONE_PEAK: gym music runs loud, and a cue that has to be listened
 * for is a cue missed (the old count tick at -21 dBFS was). What sets the sounds apart
 * is pitch, length and how much square (buzz) is mixed in, not level.
 */
#define AMP TONE_PEAK

/* A little square gives the beeps edge on a small speaker; a lot makes "wrong" sounds. */
#define BEEP_SQUARE_PCT  25
#define GO_SQUARE_PCT    40
#define CHIRP_SQUARE_PCT 10
#define WRONG_SQUARE_PCT 60
#define ALARM_SQUARE_PCT 90

/* The alarm: a tritone (A6 / Eb6) is dissonant on purpose; fast turns sound urgent. */
#define ALARM_TONE_US    160000
#define ALARM_ATTACK_US  2000
#define ALARM_RELEASE_US 4000

/* The limiter lets go with this time constant once the overlap has passed. */
#define LIMIT_RELEASE_US 20000

static int32_t us_to_smp(int32_t us, int32_t rate_hz)
{
    return (int32_t)((int64_t)us * rate_hz / US_PER_S);
}

struct tone_note tone_note_at(const struct tone_spec *spec, int32_t rate_hz)
{
    struct tone_note n = {
        .delay_smp = us_to_smp(spec->delay_us, rate_hz),
        .length_smp = us_to_smp(spec->length_us, rate_hz),
        .attack_smp = us_to_smp(spec->attack_us, rate_hz),
        .release_smp = us_to_smp(spec->release_us, rate_hz),
        .freq_hz = spec->freq_hz,
        .amp = spec->amp < 0            ? 0
               : spec->amp > FULL_SCALE ? FULL_SCALE
                                        : spec->amp,
        .square_pct = spec->square_pct < 0     ? 0
                      : spec->square_pct > PCT ? PCT
                                               : spec->square_pct,
    };
    /* Attack and release share the note when it is too short for both. */
    if (n.attack_smp + n.release_smp > n.length_smp) {
        n.attack_smp = n.length_smp / 2;
        n.release_smp = n.length_smp - n.attack_smp;
    }
    return n;
}

/* {delay, length, attack, release} in us, then pitch, peak and square share. */
static const struct tone_spec cue_specs[TONE_CUE_COUNT][TONE_CUE_NOTES_MAX] = {
    [TONE_CUE_PIP] = {{0, 90000, 3000, 30000, A5_HZ, AMP, BEEP_SQUARE_PCT}},
    [TONE_CUE_DOWN] = {{0, 180000, 5000, 50000, C5_HZ, AMP, BEEP_SQUARE_PCT}},
    [TONE_CUE_SECOND] = {{0, 35000, 1000, 20000, C7_HZ, AMP, 0}},
    [TONE_CUE_BOTTOM] = {{0, 70000, 2000, 30000, G5_HZ, AMP, BEEP_SQUARE_PCT}},
    [TONE_CUE_GO_UP] = {{0, 260000, 5000, 60000, C6_HZ, AMP, GO_SQUARE_PCT}},
    /* an octave down, the way to go: go-up's pitch, then down's */
    [TONE_CUE_GO_DOWN] = {{0, 100000, 3000, 30000, C6_HZ, AMP, GO_SQUARE_PCT},
                          {120000, 180000, 5000, 50000, C5_HZ, AMP, GO_SQUARE_PCT}},
    [TONE_CUE_REP_CLEAN] = {{0, 60000, 3000, 25000, E6_HZ, AMP, CHIRP_SQUARE_PCT},
                            {70000, 90000, 3000, 25000, G6_HZ, AMP, CHIRP_SQUARE_PCT}},
    [TONE_CUE_REP_FLAGGED] = {{0, 90000, 3000, 30000, BB4_HZ, AMP, WRONG_SQUARE_PCT},
                              {110000, 160000, 3000, 50000, F4_HZ, AMP, WRONG_SQUARE_PCT}},
    [TONE_CUE_BADGE_OK] = {{0, 70000, 3000, 25000, D6_HZ, AMP, CHIRP_SQUARE_PCT},
                           {80000, 110000, 3000, 40000, A6_HZ, AMP, CHIRP_SQUARE_PCT}},
    [TONE_CUE_BADGE_NO] = {{0, 130000, 3000, 30000, D4_HZ, AMP, WRONG_SQUARE_PCT},
                           {170000, 130000, 3000, 30000, D4_HZ, AMP, WRONG_SQUARE_PCT}},
    [TONE_CUE_IDLE] = {{0, 60000, 2000, 25000, E7_HZ, AMP, BEEP_SQUARE_PCT}},
};

static const char *const cue_names[TONE_CUE_COUNT] = {
    [TONE_CUE_PIP] = "pip",
    [TONE_CUE_DOWN] = "down",
    [TONE_CUE_SECOND] = "second",
    [TONE_CUE_BOTTOM] = "bottom",
    [TONE_CUE_GO_UP] = "go-up",
    [TONE_CUE_GO_DOWN] = "go-down",
    [TONE_CUE_REP_CLEAN] = "rep-clean",
    [TONE_CUE_REP_FLAGGED] = "rep-flagged",
    [TONE_CUE_BADGE_OK] = "badge-ok",
    [TONE_CUE_BADGE_NO] = "badge-no",
    [TONE_CUE_IDLE] = "idle",
};

const char *tone_cue_name(enum tone_cue cue)
{
    return (unsigned)cue < TONE_CUE_COUNT ? cue_names[cue] : NULL;
}

int tone_cue_from_name(const char *name)
{
    for (int c = 0; c < TONE_CUE_COUNT; c++)
        if (strcmp(name, cue_names[c]) == 0)
            return c;
    return -1;
}

int tone_cue_spec(enum tone_cue cue, struct tone_spec out[TONE_CUE_NOTES_MAX])
{
    if ((unsigned)cue >= TONE_CUE_COUNT)
        return 0;
    int n = 0;
    for (int i = 0; i < TONE_CUE_NOTES_MAX; i++)
        if (cue_specs[cue][i].length_us > 0)
            out[n++] = cue_specs[cue][i];
    return n;
}

void tone_alarm_spec(struct tone_spec out[2])
{
    out[0] = (struct tone_spec){0,     ALARM_TONE_US, ALARM_ATTACK_US, ALARM_RELEASE_US,
                                A6_HZ, AMP,           ALARM_SQUARE_PCT};
    out[1] = (struct tone_spec){0,      ALARM_TONE_US, ALARM_ATTACK_US, ALARM_RELEASE_US,
                                EB6_HZ, AMP,           ALARM_SQUARE_PCT};
}

/* ---- the mixer ---- */

double tone_volume_gain(int volume_pct)
{
    if (volume_pct <= 0)
        return 0.0;
    if (volume_pct > TONE_VOLUME_MAX)
        volume_pct = TONE_VOLUME_MAX;
    return pow(10.0, (volume_pct - TONE_VOLUME_MAX) * VOLUME_DB_PER_STEP / 20.0);
}

void tone_mixer_init(struct tone_mixer *m, int32_t rate_hz)
{
    memset(m, 0, sizeof *m);
    m->rate_hz = rate_hz;
    m->volume = 1.0f;
    m->limit_gain = 1.0f;
    m->limit_relax = (float)(1.0 - exp(-(double)US_PER_S / (LIMIT_RELEASE_US * (double)rate_hz)));
}

void tone_mixer_volume(struct tone_mixer *m, int volume_pct)
{
    m->volume = (float)tone_volume_gain(volume_pct);
}

static void voice_start(struct tone_voice *v, const struct tone_note *note, int32_t rate_hz,
                        bool alarm)
{
    *v = (struct tone_voice){
        .on = note->length_smp > 0,
        .note = *note,
        .step = (uint32_t)(((uint64_t)(uint32_t)note->freq_hz << 32) / (uint64_t)rate_hz),
        .alarm = alarm,
    };
}

static int32_t voice_left(const struct tone_voice *v)
{
    return v->note.delay_smp + v->note.length_smp - v->pos_smp;
}

/* A free voice, else the non-alarm voice nearest its end; NULL if only the alarm plays. */
static struct tone_voice *voice_for_new_note(struct tone_mixer *m)
{
    struct tone_voice *best = NULL;
    for (int i = 0; i < TONE_VOICES; i++) {
        struct tone_voice *v = &m->voices[i];
        if (!v->on)
            return v;
        if (!v->alarm && (!best || voice_left(v) < voice_left(best)))
            best = v;
    }
    return best;
}

void tone_mixer_note(struct tone_mixer *m, const struct tone_note *note)
{
    struct tone_voice *v = voice_for_new_note(m);
    if (v)
        voice_start(v, note, m->rate_hz, false);
}

void tone_mixer_cue(struct tone_mixer *m, enum tone_cue cue)
{
    struct tone_spec spec[TONE_CUE_NOTES_MAX];
    int n = tone_cue_spec(cue, spec);
    for (int i = 0; i < n; i++) {
        struct tone_note note = tone_note_at(&spec[i], m->rate_hz);
        tone_mixer_note(m, &note);
    }
}

static void alarm_next_tone(struct tone_mixer *m, struct tone_voice *v)
{
    struct tone_spec spec[2];
    tone_alarm_spec(spec);
    struct tone_note note = tone_note_at(&spec[m->alarm_next], m->rate_hz);
    m->alarm_next ^= 1;
    voice_start(v, &note, m->rate_hz, true);
}

void tone_mixer_alarm(struct tone_mixer *m, bool on)
{
    bool was_on = m->alarm_on;
    m->alarm_on = on;
    if (!on || was_on)
        return;
    for (int i = 0; i < TONE_VOICES; i++)
        if (m->voices[i].on && m->voices[i].alarm)
            return; /* still releasing its last tone: it carries on from there */
    struct tone_voice *v = voice_for_new_note(m);
    if (v) {
        m->alarm_next = 0;
        alarm_next_tone(m, v);
    }
}

/* Raised-cosine attack and release: zero at both ends, no step to click. */
static float envelope(const struct tone_note *n, int32_t i)
{
    int32_t from_end = n->length_smp - 1 - i;
    if (i < n->attack_smp)
        return 0.5f - 0.5f * cosf(PI * (float)i / (float)n->attack_smp);
    if (from_end < n->release_smp)
        return 0.5f - 0.5f * cosf(PI * (float)from_end / (float)n->release_smp);
    return 1.0f;
}

static float voice_sample(struct tone_mixer *m, struct tone_voice *v)
{
    const struct tone_note *n = &v->note;
    int32_t i = v->pos_smp++ - n->delay_smp;
    float x = 0.0f;
    if (i >= 0) {
        float sine = sinf((float)v->phase * TURN_TO_RAD);
        float square = v->phase < HALF_TURN ? 1.0f : -1.0f;
        if (v->phase == 0)
            square = 0.0f; /* starts on the zero line with the sine */
        float wave = ((float)(PCT - n->square_pct) * sine + (float)n->square_pct * square) / PCT;
        x = wave * envelope(n, i) * (float)n->amp;
        v->phase += v->step;
    }
    if (i + 1 >= n->length_smp) {
        if (v->alarm && m->alarm_on)
            alarm_next_tone(m, v);
        else
            v->on = false;
    }
    return x;
}

/*
 * A peak limiter with no look-ahead: the gain drops at once to what keeps this sample at
 * the ceiling, then recovers smoothly. One sound alone never reaches past the ceiling, so
 * it plays untouched; only overlaps are turned down, and nothing is ever clipped.
 */
static float limit(struct tone_mixer *m, float x)
{
    m->limit_gain += (1.0f - m->limit_gain) * m->limit_relax;
    float mag = fabsf(x) * m->limit_gain;
    if (mag > (float)TONE_PEAK)
        m->limit_gain = (float)TONE_PEAK / fabsf(x);
    return x * m->limit_gain;
}

void tone_mixer_render(struct tone_mixer *m, int16_t *out, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        float sum = 0.0f;
        for (int i = 0; i < TONE_VOICES; i++)
            if (m->voices[i].on)
                sum += voice_sample(m, &m->voices[i]);
        long x = lrintf(limit(m, sum * m->volume));
        out[k] = (int16_t)(x > TONE_PEAK ? TONE_PEAK : x < -TONE_PEAK ? -TONE_PEAK : x);
    }
}

void tone_mixer_drop_notes(struct tone_mixer *m)
{
    bool alarm = m->alarm_on;
    for (int i = 0; i < TONE_VOICES; i++)
        m->voices[i].on = false;
    m->alarm_on = false;
    tone_mixer_alarm(m, alarm);
}

bool tone_mixer_busy(const struct tone_mixer *m)
{
    for (int i = 0; i < TONE_VOICES; i++)
        if (m->voices[i].on)
            return true;
    return false;
}
