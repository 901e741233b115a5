/*
 * Audible cues, synthesised: which cue the session calls for now (tone_cues_update) and
 * the PCM that plays it (tone_mixer_*): a few voices of enveloped sine/square tones
 * mixed into signed 16-bit mono at any sample rate.
 *
 * Pure: no I/O, no clock, no allocation. Times are microseconds in the spec and samples
 * once at a rate; the same cues at the same rate always give the same samples.
 *
 * The sounds, chosen for a loud gym floor without being tiring:
 *   eccentric  a low beep (C5) when the bar starts down,
 *   tick       a soft, very short click (C7) each whole second of the eccentric, to count
 *              "3 s down" against the tempo,
 *   bottom     a short tick (G5) once the bar has paused at the bottom (a bounce that
 *              only turns around does not tick),
 *   concentric a higher beep (C6) when it drives up,
 *   rep        a rising two-note chirp (E6, G6) when a rep is counted,
 *   alarm      the stop: a harsh square-wave two-tone (high/low, 6 per second) in the
 *              ear's most sensitive band, looping while the buzzer is on.
 */
#ifndef TONE_H
#define TONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rep.h"

#define TONE_RATE_HZ 48000 /* the speaker's rate; tone_mixer_init takes any */

enum tone_cue {
    TONE_CUE_ECCENTRIC,
    TONE_CUE_BOTTOM,
    TONE_CUE_CONCENTRIC,
    TONE_CUE_SECOND, /* a whole second of eccentric has passed */
    TONE_CUE_REP,
    TONE_CUE_COUNT
};
#define TONE_CUE_BIT(cue) (1u << (cue))

/* One enveloped tone. Times in samples at the mixer's rate. */
struct tone_note {
    int32_t delay_smp;  /* silence before it starts */
    int32_t length_smp; /* attack + sustain + release */
    int32_t attack_smp;
    int32_t release_smp;
    int32_t freq_hz;
    int32_t amp;        /* peak, 0..INT16_MAX */
    int32_t square_pct; /* 0 pure sine .. 100 pure square */
};

/* A tone in microseconds, turned into a note at rate_hz. */
struct tone_spec {
    int32_t delay_us;
    int32_t length_us;
    int32_t attack_us;
    int32_t release_us;
    int32_t freq_hz;
    int32_t amp;
    int32_t square_pct;
};
struct tone_note tone_note_at(const struct tone_spec *spec, int32_t rate_hz);

#define TONE_CUE_NOTES_MAX 2
/* The notes a cue plays; returns how many (0 for an unknown cue). */
int tone_cue_spec(enum tone_cue cue, struct tone_spec out[TONE_CUE_NOTES_MAX]);
/* The stop alarm's two tones, played in turn. */
void tone_alarm_spec(struct tone_spec out[2]);

#define TONE_VOICES 8

struct tone_voice {
    bool on;
    struct tone_note note;
    int32_t pos_smp; /* from the note's start, counting its delay */
    uint32_t phase;  /* oscillator phase, a full turn is 2^32 */
    uint32_t step;   /* phase advance per sample */
    bool alarm;      /* the looping stop alarm */
};

struct tone_mixer {
    int32_t rate_hz;
    struct tone_voice voices[TONE_VOICES];
    bool alarm_on;
    int alarm_next; /* which of the two alarm tones plays next */
};

void tone_mixer_init(struct tone_mixer *m, int32_t rate_hz);
/* Starts a note; when every voice is busy the one nearest its end gives way. */
void tone_mixer_note(struct tone_mixer *m, const struct tone_note *note);
/* Starts every note of a cue. */
void tone_mixer_cue(struct tone_mixer *m, enum tone_cue cue);
/*
 * The stop alarm loops while on. Turning it off lets the tone playing finish its
 * release, so it never ends in a click.
 */
void tone_mixer_alarm(struct tone_mixer *m, bool on);
/* Mixes the next n samples into out (overwriting it), saturating at the int16 range. */
void tone_mixer_render(struct tone_mixer *m, int16_t *out, size_t n);
/* True while any voice is sounding or waiting to. */
bool tone_mixer_busy(const struct tone_mixer *m);

/* What the session shows, as far as sound is concerned. */
struct tone_cue_input {
    int64_t t_us;
    bool in_set;     /* the set screen is up */
    int64_t set_key; /* which set: a new key starts counting reps afresh */
    int n_reps;      /* reps counted in it */
    enum rep_phase phase;
    int64_t phase_start_us;
    bool buzzer; /* the stop buzzer should sound */
};

/* What has been played, to play each change once. */
struct tone_cue_state {
    enum rep_phase played; /* phase whose cue was played last */
    int64_t ecc_start_us;  /* start of the eccentric being counted */
    int ecc_seconds;       /* whole seconds of it already ticked */
    int64_t set_key;
    int n_reps;
};

void tone_cues_init(struct tone_cue_state *st);
/*
 * The cues to play now, as TONE_CUE_BIT()s, and whether the alarm should sound.
 * A phase has to hold for a few ms before its cue plays, so the detector flickering
 * across its threshold does not rattle off beeps.
 */
unsigned tone_cues_update(struct tone_cue_state *st, const struct tone_cue_input *in, bool *alarm);

#endif
