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
    bool offline; /* no device: rendered by speaker_render */
    int rate_hz;
    int buffer_smp;
    /* --- under lock (device speakers): the audio thread's, the device thread's --- */
    struct tone_mixer mixer;
    uint64_t played_smp; /* samples handed to the device */
    SDL_AudioDeviceID dev;
    bool want_open;        /* the frame loop asks for the device */
    bool open_failed;      /* the last open failed: what is asked for is not heard */
    int64_t retry_at_us;   /* after a failed open, the next try (now_us); 0: at once */
    uint64_t failed_opens; /* every open that failed, the first one counted */
    bool quit;
    uint64_t opens;
    int64_t open_us; /* how long the last open took */
    /* --- the frame loop's --- */
    SDL_mutex *lock; /* NULL offline */
    SDL_cond *wake;  /* the device thread waits on it */
    SDL_Thread *thread;
    bool asked;                      /* what want_open was last set to */
    uint32_t heard[TONE_CUE_COUNT];  /* the session's cue counts last played from */
    bool cued;                       /* a sound played outside the session's schedule ... */
    int64_t cued_us;                 /* ... at this time (speaker_cue: a sound check) */
    const struct cue_volume *volume; /* the caller's; NULL: full volume */
    int volume_pct;                  /* what the mixer was last told */
    uint8_t log[SPEAKER_LOG_MAX];    /* the cues played, the latest at log_n - 1 */
    uint64_t log_n;
    bool alarm;        /* what the mixer was last told */
    int64_t follow_us; /* the time speaker_follow was last called at */
};

static void lock(const struct speaker *sp)
{
    if (sp->lock)
        SDL_LockMutex(sp->lock);
}

static void unlock(const struct speaker *sp)
{
    if (sp->lock)
        SDL_UnlockMutex(sp->lock);
}

/* Synthesises exactly the buffer the device asks for. */
static void render(struct speaker *sp, int16_t *out, size_t n)
{
    tone_mixer_render(&sp->mixer, out, n);
    sp->played_smp += n;
}

/* The audio thread. */
static void SDLCALL fill(void *ctx, Uint8 *stream, int len)
{
    struct speaker *sp = ctx;
    lock(sp);
    render(sp, (int16_t *)(void *)stream, (size_t)len / sizeof(int16_t));
    unlock(sp);
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
    sp->want_open = sp->asked = true;
    return sp;
}

struct speaker *speaker_open_offline(void)
{
    struct speaker *sp = new_speaker();
    if (sp) {
        sp->offline = true;
        sp->opens = 1;
        sp->dev = 1; /* open, as a device speaker starts */
    }
    return sp;
}

void speaker_render(struct speaker *sp, int16_t *out, size_t n)
{
    if (sp->offline)
        render(sp, out, n);
    else
        memset(out, 0, n * sizeof *out); /* the device's samples are the audio thread's */
}

static int64_t now_us(void)
{
    return (int64_t)(SDL_GetPerformanceCounter() * 1000000.0 / SDL_GetPerformanceFrequency());
}

/*
 * The audio subsystem and the default device, playing. The subsystem goes with the device
 * (device_close): some drivers keep a thread of their own while it is up (ALSA looks for
 * new cards ten times a second). 0 with a message in err on failure.
 */
static SDL_AudioDeviceID device_open(struct speaker *sp, char err[SPEAKER_ERR_MAX])
{
    int64_t t0_us = now_us();
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
        snprintf(err, SPEAKER_ERR_MAX, "audio: %s", SDL_GetError());
        return 0;
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
    SDL_AudioDeviceID dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (dev == 0) {
        snprintf(err, SPEAKER_ERR_MAX, "audio device (%s): %s", SDL_GetCurrentAudioDriver(),
                 SDL_GetError());
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return 0;
    }
    SDL_PauseAudioDevice(dev, 0);
    lock(sp);
    sp->buffer_smp = have.samples;
    sp->opens++;
    sp->open_us = now_us() - t0_us;
    unlock(sp);
    return dev;
}

/* Stops the audio thread (it finishes its buffer) and the subsystem. */
static void device_close(SDL_AudioDeviceID dev)
{
    SDL_CloseAudioDevice(dev);
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

/*
 * An open that failed, under lock: the notes asked for are dropped (they would come late),
 * the alarm stays on for the next device, and the next try waits SPEAKER_RETRY_US. The
 * first failure of a run is logged; the tries after it are not.
 */
static void failed_open(struct speaker *sp, const char *err)
{
    if (!sp->open_failed)
        fprintf(stderr,
                "rackside: no sound: %s (the stop alarm and the tempo are mute; tried again "
                "every %lld s while a sound is due)\n",
                err, SPEAKER_RETRY_US / 1000000);
    sp->open_failed = true;
    sp->failed_opens++;
    sp->retry_at_us = now_us() + SPEAKER_RETRY_US;
    tone_mixer_drop_notes(&sp->mixer);
}

/* A device open again after failed ones, under lock: logged once. */
static void reopened(struct speaker *sp)
{
    if (sp->open_failed)
        fprintf(stderr, "rackside: sound back (%s) after %llu failed open%s\n",
                SDL_GetCurrentAudioDriver(), (unsigned long long)sp->failed_opens,
                sp->failed_opens == 1 ? "" : "s");
    sp->open_failed = false;
    sp->retry_at_us = 0;
}

/*
 * The device thread: opens and closes the device as the frame loop asks, so the frame
 * loop never waits for either (ALSA's close takes up to 160 ms: its card watcher sleeps
 * in 100 ms steps). It sleeps on a condition; only while a sound is wanted and no device
 * opens does it wake on a timer, every SPEAKER_RETRY_US.
 */
static int SDLCALL device_thread(void *ctx)
{
    struct speaker *sp = ctx;
    SDL_LockMutex(sp->lock);
    while (!sp->quit) {
        bool open = sp->dev != 0;
        if (sp->want_open == open) {
            SDL_CondWait(sp->wake, sp->lock);
            continue;
        }
        int64_t wait_us = open || !sp->retry_at_us ? 0 : sp->retry_at_us - now_us();
        if (wait_us > 0) {
            SDL_CondWaitTimeout(sp->wake, sp->lock, (Uint32)((wait_us + 999) / 1000));
            continue;
        }
        /* a retry: what was asked for since the last try is up to SPEAKER_RETRY_US late */
        if (!open && sp->retry_at_us)
            tone_mixer_drop_notes(&sp->mixer);
        SDL_AudioDeviceID dev = sp->dev;
        SDL_UnlockMutex(sp->lock);
        char err[SPEAKER_ERR_MAX];
        if (open)
            device_close(dev);
        else
            dev = device_open(sp, err);
        SDL_LockMutex(sp->lock);
        sp->dev = open ? 0 : dev;
        if (!open && !dev)
            failed_open(sp, err);
        else if (!open)
            reopened(sp);
    }
    SDL_UnlockMutex(sp->lock);
    return 0;
}

struct speaker *speaker_open(char err[SPEAKER_ERR_MAX])
{
    struct speaker *sp = new_speaker();
    if (!sp) {
        snprintf(err, SPEAKER_ERR_MAX, "out of memory");
        return NULL;
    }
    sp->lock = SDL_CreateMutex();
    sp->wake = SDL_CreateCond();
    if (!sp->lock || !sp->wake) {
        snprintf(err, SPEAKER_ERR_MAX, "audio: %s", SDL_GetError());
        speaker_close(sp);
        return NULL;
    }
    /* no device now: the speaker stays, mute, and its thread tries again */
    sp->dev = device_open(sp, err);
    if (!sp->dev) {
        sp->open_failed = true; /* the caller logs err */
        sp->failed_opens = 1;
        sp->retry_at_us = now_us() + SPEAKER_RETRY_US;
    } else {
        err[0] = '\0';
    }
    sp->thread = SDL_CreateThread(device_thread, "rackside-sound", sp);
    if (!sp->thread) {
        snprintf(err, SPEAKER_ERR_MAX, "audio: %s", SDL_GetError());
        speaker_close(sp);
        return NULL;
    }
    return sp;
}

void speaker_close(struct speaker *sp)
{
    if (!sp)
        return;
    if (sp->thread) {
        lock(sp);
        sp->quit = true;
        SDL_CondSignal(sp->wake);
        unlock(sp);
        SDL_WaitThread(sp->thread, NULL);
    }
    if (sp->dev && !sp->offline)
        device_close(sp->dev);
    if (sp->wake)
        SDL_DestroyCond(sp->wake);
    if (sp->lock)
        SDL_DestroyMutex(sp->lock);
    free(sp);
}

/* The device open or closed, as the frame loop wants it; the device thread does it. */
static void ask(struct speaker *sp, bool open)
{
    if (open == sp->asked)
        return;
    sp->asked = open;
    lock(sp);
    sp->want_open = open;
    if (open)
        sp->retry_at_us = 0; /* a new sound tries at once (asks come >= 5 s apart) */
    if (sp->offline) {
        sp->opens += open;
        sp->dev = open; /* nothing to open: the state alone, for the tests */
    }
    if (sp->wake)
        SDL_CondSignal(sp->wake);
    unlock(sp);
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
    sp->follow_us = t_us;
    struct cue_input in;
    session_cue_input(s, t_us, &in);
    ask(sp,
        cue_device_wanted(&s->cue, &in) || (sp->cued && t_us - sp->cued_us < CUE_DEVICE_LINGER_US));
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
    if (!sp || (unsigned)cue >= TONE_CUE_COUNT)
        return;
    play(sp, TONE_CUE_BIT(cue), sp->alarm);
    sp->cued = true;
    sp->cued_us = sp->follow_us;
    ask(sp, true);
}

bool speaker_device_open(const struct speaker *sp)
{
    lock(sp);
    bool open = sp->dev != 0;
    unlock(sp);
    return open;
}

bool speaker_mute(const struct speaker *sp)
{
    if (!sp)
        return true;
    lock(sp);
    bool mute = sp->open_failed;
    unlock(sp);
    return mute;
}

uint64_t speaker_failed_opens(const struct speaker *sp)
{
    lock(sp);
    uint64_t n = sp->failed_opens;
    unlock(sp);
    return n;
}

uint64_t speaker_device_opens(const struct speaker *sp, int64_t *last_open_us)
{
    lock(sp);
    uint64_t n = sp->opens;
    if (last_open_us)
        *last_open_us = sp->open_us;
    unlock(sp);
    return n;
}

int speaker_rate_hz(const struct speaker *sp)
{
    return sp->rate_hz;
}

int speaker_buffer_smp(const struct speaker *sp)
{
    lock(sp);
    int n = sp->buffer_smp;
    unlock(sp);
    return n;
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
