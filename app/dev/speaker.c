#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "speaker.h"

/* 512 samples at 48 kHz is under 11 ms: cues land with the frame that called them. */
#define SPEAKER_BUFFER_SMP 512
#define SPEAKER_CHANNELS   1

struct speaker {
    SDL_AudioDeviceID dev; /* 0: offline, rendered by speaker_render */
    int rate_hz;
    int buffer_smp;
    struct tone_mixer mixer;         /* the audio thread's: touch only under the device lock */
    uint32_t heard[TONE_CUE_COUNT];  /* the session's cue counts last played from */
    const struct cue_volume *volume; /* the caller's; NULL: full volume */
    int volume_pct;                  /* what the mixer was last told */
    uint8_t log[SPEAKER_LOG_MAX];    /* the cues played, the latest at log_n - 1 */
    uint64_t log_n;
    bool alarm;          /* what the mixer was last told */
    uint64_t played_smp; /* samples handed to the device: the audio thread's, as the mixer */
};

/* Synthesises exactly the buffer the device asks for (the device lock is held). */
static void render(struct speaker *sp, int16_t *out, size_t n)
{
    tone_mixer_render(&sp->mixer, out, n);
    sp->played_smp += n;
}

/* The audio thread. */
static void SDLCALL fill(void *ctx, Uint8 *stream, int len)
{
    render(ctx, (int16_t *)(void *)stream, (size_t)len / sizeof(int16_t));
}

/* The mixer is the audio thread's while a device runs; an offline speaker has no thread. */
static void lock(const struct speaker *sp)
{
    if (sp->dev)
        SDL_LockAudioDevice(sp->dev);
}

static void unlock(const struct speaker *sp)
{
    if (sp->dev)
        SDL_UnlockAudioDevice(sp->dev);
}

static struct speaker *new_speaker(void)
{
    struct speaker *sp = calloc(1, sizeof *sp);
    if (!sp)
        return NULL;
    tone_mixer_init(&sp->mixer, TONE_RATE_HZ);
    sp->volume_pct = TONE_VOLUME_MAX;
    sp->rate_hz = TONE_RATE_HZ;
    sp->buffer_smp = SPEAKER_BUFFER_SMP;
    return sp;
}

struct speaker *speaker_open_offline(void)
{
    return new_speaker();
}

void speaker_render(struct speaker *sp, int16_t *out, size_t n)
{
    if (sp->dev)
        memset(out, 0, n * sizeof *out); /* the device's samples are the audio thread's */
    else
        render(sp, out, n);
}

struct speaker *speaker_open(char err[SPEAKER_ERR_MAX])
{
    struct speaker *sp = new_speaker();
    if (!sp) {
        snprintf(err, SPEAKER_ERR_MAX, "out of memory");
        return NULL;
    }
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
        snprintf(err, SPEAKER_ERR_MAX, "audio: %s", SDL_GetError());
        free(sp);
        return NULL;
    }
    SDL_AudioSpec want = {
        .freq = TONE_RATE_HZ,
        .format = AUDIO_S16SYS,
        .channels = SPEAKER_CHANNELS,
        .samples = SPEAKER_BUFFER_SMP,
        .callback = fill,
        .userdata = sp,
    };
    SDL_AudioSpec have;
    /* No changes allowed: SDL converts if the card wants another format. */
    sp->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (sp->dev == 0) {
        snprintf(err, SPEAKER_ERR_MAX, "audio device (%s): %s", SDL_GetCurrentAudioDriver(),
                 SDL_GetError());
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        free(sp);
        return NULL;
    }
    sp->rate_hz = have.freq;
    sp->buffer_smp = have.samples;
    SDL_PauseAudioDevice(sp->dev, 0);
    return sp;
}

void speaker_close(struct speaker *sp)
{
    if (!sp)
        return;
    if (sp->dev) {
        SDL_CloseAudioDevice(sp->dev);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }
    free(sp);
}

static void play(struct speaker *sp, unsigned cues, bool alarm)
{
    lock(sp);
    for (int c = 0; c < TONE_CUE_COUNT; c++)
        if (cues & TONE_CUE_BIT(c))
            tone_mixer_cue(&sp->mixer, (enum tone_cue)c);
    tone_mixer_alarm(&sp->mixer, alarm);
    unlock(sp);
    sp->alarm = alarm;
}

void speaker_set_volume(struct speaker *sp, const struct cue_volume *v)
{
    if (sp)
        sp->volume = v;
}

/* The local minute of the day at t_us, for quiet hours; -1 when the clock says nothing. */
static int local_minute(const struct session *s, int64_t t_us)
{
    time_t wall_s = (time_t)((t_us + s->wall_offset_us) / 1000000);
    struct tm tm;
    if (!localtime_r(&wall_s, &tm))
        return -1;
    return tm.tm_hour * 60 + tm.tm_min;
}

void speaker_follow(struct speaker *sp, const struct session *s, int64_t t_us)
{
    if (!sp)
        return;
    int volume_pct = TONE_VOLUME_MAX;
    if (sp->volume) {
        int minute = local_minute(s, t_us);
        volume_pct = minute < 0 ? sp->volume->volume_pct : cue_volume_now(sp->volume, minute);
    }
    if (volume_pct != sp->volume_pct) {
        lock(sp);
        tone_mixer_volume(&sp->mixer, volume_pct);
        unlock(sp);
        sp->volume_pct = volume_pct;
    }
    /* each cue the session's schedule counted since the last frame, once (a count that
     * went down is a new session: start from it) */
    unsigned cues = 0;
    for (int cue = 0; cue < TONE_CUE_COUNT; cue++) {
        if (s->cue_played[cue] > sp->heard[cue])
            cues |= TONE_CUE_BIT(cue);
        sp->heard[cue] = s->cue_played[cue];
    }
    bool alarm = s->cue_alarm;
    if (cues || alarm != sp->alarm)
        play(sp, cues, alarm);
    for (int cue = 0; cue < TONE_CUE_COUNT; cue++)
        if (cues & TONE_CUE_BIT(cue))
            sp->log[sp->log_n++ % SPEAKER_LOG_MAX] = (uint8_t)cue;
}

uint64_t speaker_played_count(const struct speaker *sp)
{
    return sp ? sp->log_n : 0;
}

int speaker_played_cue(const struct speaker *sp, uint64_t i)
{
    if (!sp || i >= sp->log_n || sp->log_n - i > SPEAKER_LOG_MAX)
        return -1;
    return sp->log[i % SPEAKER_LOG_MAX];
}

void speaker_cue(struct speaker *sp, enum tone_cue cue)
{
    if (sp && (unsigned)cue < TONE_CUE_COUNT)
        play(sp, TONE_CUE_BIT(cue), sp->alarm);
}

int speaker_rate_hz(const struct speaker *sp)
{
    return sp->rate_hz;
}

int speaker_buffer_smp(const struct speaker *sp)
{
    return sp->buffer_smp;
}

int speaker_volume_pct(const struct speaker *sp)
{
    return sp->volume_pct;
}

uint64_t speaker_played_smp(const struct speaker *sp)
{
    lock(sp);
    uint64_t n = sp->played_smp;
    unlock(sp);
    return n;
}
