/*
 * Audible cues, synthesised: the sounds (tone_cue_spec) and the PCM that plays them
 * (tone_mixer_*): a few voices of enveloped sine/square tones mixed into signed 16-bit
 * mono at any sample rate, scaled by the kiosk's volume and held under a ceiling by a
 * limiter, so cues that overlap never clip. Which cue plays when is core/cue.h.
 *
 * Pure: no I/O, no clock, no allocation. Times are microseconds in the spec and samples
 * once at a rate; the same cues at the same rate always give the same samples.
 *
 * The sounds, each told apart by pitch, length and shape on a loud gym floor. At full
 * volume every one peaks at TONE_PEAK (-3 dBFS):
 *   pip        A5, short: the count-in ("3, 2, 1") before the first rep,
 *   down       C5, a low beep: go down (the count-in's last beat), or the eccentric begun,
 *   second     C7, a very short tick: a whole second of the eccentric or a pause counted,
 *   bottom     G5, short: the eccentric's time is up, you should be at the bottom now,
 *   go-up      C6, the longest tempo beep: the pause is over, drive up now,
 *   go-down    C6 falling to C5: the top pause is over, lower the bar now,
 *   rep-clean  E6 then G6, a rising chirp: the rep counted clean,
 *   rep-flagged Bb4 then F4, falling and buzzy: the rep counted but was flagged,
 *   badge-ok   D6 then A6, a rising fifth: badge accepted,
 *   badge-no   D4 twice, buzzy: badge not known (or not taken now),
 *   idle       F6, short: the idle countdown's last seconds before logout,
 *   alarm      the stop: a harsh square-wave two-tone (A6 / Eb6, 6 per second) in the
 *              ear's most sensitive band, looping while the buzzer is on.
 */
#ifndef TONE_H
#define TONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TONE_RATE_HZ 48000 /* the speaker's rate; tone_mixer_init takes any */
/* The loudest any sound (or any overlap of them) plays: -3 dBFS of a 16-bit sample. */
#define TONE_PEAK 23198

enum tone_cue {
    TONE_CUE_PIP,
    TONE_CUE_DOWN,
    TONE_CUE_SECOND,
    TONE_CUE_BOTTOM,
    TONE_CUE_GO_UP,
    TONE_CUE_GO_DOWN,
    TONE_CUE_REP_CLEAN,
    TONE_CUE_REP_FLAGGED,
    TONE_CUE_BADGE_OK,
    TONE_CUE_BADGE_NO,
    TONE_CUE_IDLE,
    TONE_CUE_COUNT
};
#define TONE_CUE_BIT(cue) (1u << (cue))

/* "pip", "down", ... "idle"; NULL for an unknown cue. */
const char *tone_cue_name(enum tone_cue cue);
/* The cue of that name; -1 when there is none. */
int tone_cue_from_name(const char *name);

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
/* The notes a cue plays, in order; returns how many (0 for an unknown cue). */
int tone_cue_spec(enum tone_cue cue, struct tone_spec out[TONE_CUE_NOTES_MAX]);
/* The stop alarm's two tones, played in turn. */
void tone_alarm_spec(struct tone_spec out[2]);

/*
 * Volume as the config gives it, 0..100: 100 plays at full level, each step below
 * takes 0.4 dB off (50 is -20 dB, 1 is -39.6 dB), 0 is silent. A slider that moved
 * amplitude linearly would do nearly nothing over its top half.
 */
#define TONE_VOLUME_MAX 100
double tone_volume_gain(int volume_pct);

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
    int alarm_next;    /* which of the two alarm tones plays next */
    float volume;      /* tone_volume_gain of the volume set */
    float limit_gain;  /* the limiter's gain now, 0..1 */
    float limit_relax; /* how far the limiter's gain recovers toward 1 each sample */
};

/* A mixer at full volume. */
void tone_mixer_init(struct tone_mixer *m, int32_t rate_hz);
/* Sets the volume (0..100, clamped) for what is rendered from now on. */
void tone_mixer_volume(struct tone_mixer *m, int volume_pct);
/* Starts a note; when every voice is busy the one nearest its end gives way. */
void tone_mixer_note(struct tone_mixer *m, const struct tone_note *note);
/* Starts every note of a cue. */
void tone_mixer_cue(struct tone_mixer *m, enum tone_cue cue);
/*
 * The stop alarm loops while on. Turning it off lets the tone playing finish its
 * release, so it never ends in a click.
 */
void tone_mixer_alarm(struct tone_mixer *m, bool on);
/*
 * Mixes the next n samples into out (overwriting it). Voices that add up past TONE_PEAK
 * are turned down by the limiter, which lets go again within a few ms: never a clipped
 * sample, whatever plays at once.
 */
void tone_mixer_render(struct tone_mixer *m, int16_t *out, size_t n);
/*
 * Drops every note waiting or sounding (no device played them in time: they would come
 * late), but not the alarm: it is a state, not a note. An alarm still on starts again
 * from its first tone with the next sample rendered.
 */
void tone_mixer_drop_notes(struct tone_mixer *m);
/* True while any voice is sounding or waiting to. */
bool tone_mixer_busy(const struct tone_mixer *m);

#endif
