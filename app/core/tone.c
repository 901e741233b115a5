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

/* Pitches (equal temperament, rounded to whole Hz). */
#define C5_HZ  523
#define G5_HZ  784
#define C6_HZ  1047
#define E6_HZ  1319
#define G6_HZ  1568
#define C7_HZ  2093
#define EB6_HZ 1245
#define A6_HZ  1760

/* Loudness as a share of full scale: cues clear gym noise, the count tick stays soft. */
#define BEEP_AMP  (FULL_SCALE * 45 / PCT)
#define CHIRP_AMP (FULL_SCALE * 35 / PCT)
#define TICK_AMP  (FULL_SCALE * 15 / PCT)
#define ALARM_AMP (FULL_SCALE * 70 / PCT)

/* A little square in the beeps gives them edge on a small speaker without buzzing. */
#define BEEP_SQUARE_PCT  25
#define CHIRP_SQUARE_PCT 10
#define ALARM_SQUARE_PCT 90

#define BEEP_US          140000
#define BEEP_ATTACK_US   5000
#define BEEP_RELEASE_US  40000
#define BOTTOM_US        35000
#define BOTTOM_ATTACK_US 2000
#define BOTTOM_REL_US    20000
#define TICK_US          15000
#define TICK_ATTACK_US   1000
#define TICK_RELEASE_US  10000
#define CHIRP1_US        60000
#define CHIRP2_DELAY_US  70000
#define CHIRP2_US        90000
#define CHIRP_ATTACK_US  3000
#define CHIRP_RELEASE_US 25000
/* The alarm: a tritone (A6 / Eb6) is dissonant on purpose; fast turns sound urgent. */
#define ALARM_TONE_US    160000
#define ALARM_ATTACK_US  2000
#define ALARM_RELEASE_US 4000

/* A phase must hold this long before its cue plays (threshold flicker is shorter). */
#define PHASE_SETTLE_US 40000
/* The bottom tick means "you paused": the slow turn of a bounce out of the hole reads as
 * a bottom phase of about 100 ms and must not tick. */
#define BOTTOM_SETTLE_US 150000

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

static const struct tone_spec cue_specs[TONE_CUE_COUNT][TONE_CUE_NOTES_MAX] = {
    [TONE_CUE_ECCENTRIC] = {{0, BEEP_US, BEEP_ATTACK_US, BEEP_RELEASE_US, C5_HZ, BEEP_AMP,
                             BEEP_SQUARE_PCT}},
    [TONE_CUE_BOTTOM] = {{0, BOTTOM_US, BOTTOM_ATTACK_US, BOTTOM_REL_US, G5_HZ, BEEP_AMP,
                          BEEP_SQUARE_PCT}},
    [TONE_CUE_CONCENTRIC] = {{0, BEEP_US, BEEP_ATTACK_US, BEEP_RELEASE_US, C6_HZ, BEEP_AMP,
                              BEEP_SQUARE_PCT}},
    [TONE_CUE_SECOND] = {{0, TICK_US, TICK_ATTACK_US, TICK_RELEASE_US, C7_HZ, TICK_AMP, 0}},
    [TONE_CUE_REP] = {{0, CHIRP1_US, CHIRP_ATTACK_US, CHIRP_RELEASE_US, E6_HZ, CHIRP_AMP,
                       CHIRP_SQUARE_PCT},
                      {CHIRP2_DELAY_US, CHIRP2_US, CHIRP_ATTACK_US, CHIRP_RELEASE_US, G6_HZ,
                       CHIRP_AMP, CHIRP_SQUARE_PCT}},
};

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
                                A6_HZ, ALARM_AMP,     ALARM_SQUARE_PCT};
    out[1] = (struct tone_spec){0,      ALARM_TONE_US, ALARM_ATTACK_US, ALARM_RELEASE_US,
                                EB6_HZ, ALARM_AMP,     ALARM_SQUARE_PCT};
}

/* ---- the mixer ---- */

void tone_mixer_init(struct tone_mixer *m, int32_t rate_hz)
{
    memset(m, 0, sizeof *m);
    m->rate_hz = rate_hz;
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

static int32_t voice_sample(struct tone_mixer *m, struct tone_voice *v)
{
    const struct tone_note *n = &v->note;
    int32_t i = v->pos_smp++ - n->delay_smp;
    int32_t x = 0;
    if (i >= 0) {
        float sine = sinf((float)v->phase * TURN_TO_RAD);
        float square = v->phase < HALF_TURN ? 1.0f : -1.0f;
        if (v->phase == 0)
            square = 0.0f; /* starts on the zero line with the sine */
        float wave = ((float)(PCT - n->square_pct) * sine + (float)n->square_pct * square) / PCT;
        x = (int32_t)lrintf(wave * envelope(n, i) * (float)n->amp);
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

void tone_mixer_render(struct tone_mixer *m, int16_t *out, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        int32_t sum = 0;
        for (int i = 0; i < TONE_VOICES; i++)
            if (m->voices[i].on)
                sum += voice_sample(m, &m->voices[i]);
        out[k] = (int16_t)(sum > INT16_MAX ? INT16_MAX : sum < INT16_MIN ? INT16_MIN : sum);
    }
}

bool tone_mixer_busy(const struct tone_mixer *m)
{
    for (int i = 0; i < TONE_VOICES; i++)
        if (m->voices[i].on)
            return true;
    return false;
}

/* ---- which cue when ---- */

void tone_cues_init(struct tone_cue_state *st)
{
    *st = (struct tone_cue_state){.played = REP_PHASE_TOP};
}

static enum tone_cue phase_cue(enum rep_phase phase)
{
    switch (phase) {
    case REP_PHASE_ECCENTRIC:
        return TONE_CUE_ECCENTRIC;
    case REP_PHASE_BOTTOM:
        return TONE_CUE_BOTTOM;
    case REP_PHASE_CONCENTRIC:
        return TONE_CUE_CONCENTRIC;
    case REP_PHASE_TOP:
        break;
    }
    return TONE_CUE_COUNT; /* standing: the rep chirp says enough */
}

unsigned tone_cues_update(struct tone_cue_state *st, const struct tone_cue_input *in, bool *alarm)
{
    unsigned cues = 0;
    *alarm = in->buzzer;
    if (in->set_key == st->set_key && in->n_reps > st->n_reps && !in->buzzer)
        cues |= TONE_CUE_BIT(TONE_CUE_REP);
    st->set_key = in->set_key;
    st->n_reps = in->n_reps;

    if (!in->in_set || in->buzzer) {
        st->played = REP_PHASE_TOP;
        return cues;
    }
    int64_t settle_us = in->phase == REP_PHASE_BOTTOM ? BOTTOM_SETTLE_US : PHASE_SETTLE_US;
    if (in->phase != st->played && in->t_us - in->phase_start_us >= settle_us) {
        enum tone_cue cue = phase_cue(in->phase);
        if (cue != TONE_CUE_COUNT)
            cues |= TONE_CUE_BIT(cue);
        if (in->phase == REP_PHASE_ECCENTRIC) {
            st->ecc_start_us = in->phase_start_us;
            st->ecc_seconds = 0;
        }
        st->played = in->phase;
    }
    if (st->played == REP_PHASE_ECCENTRIC && in->phase == REP_PHASE_ECCENTRIC) {
        int64_t seconds = (in->t_us - st->ecc_start_us) / US_PER_S;
        if (seconds > st->ecc_seconds) {
            cues |= TONE_CUE_BIT(TONE_CUE_SECOND);
            st->ecc_seconds = (int)seconds;
        }
    }
    return cues;
}
