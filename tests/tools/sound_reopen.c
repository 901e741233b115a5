/*
 * How late a sound is when the speaker's device was closed (core/cue.h closes it after a
 * silence where no timed cue can come): the speaker opened on SDL's audio driver from the
 * environment, then N times closed by the schedule (speaker_follow on the attract screen
 * past CUE_DEVICE_LINGER_US) and opened again by a badge sound. Prints one line:
 *   reopen DRIVER N open_median_ms open_max_ms late_median_ms late_max_ms close_median_ms
 * "open" is the speaker's own timing of the open (audio subsystem to the device playing),
 * "late" from the frame that asked for the sound to the device being open (the open plus
 * waking the speaker's thread), "close" the speaker's thread closing it (never the frame
 * loop's wait). For tests/bench/startup.sh.
 */
#include <stdio.h>
#include <stdlib.h>

#include <SDL.h>

#include "../../app/core/rules.h"
#include "../../app/core/session.h"
#include "../../app/dev/speaker.h"
#include "../bench/bench_util.h"

#define REOPENS_MAX   200
#define WAIT_MAX_NS   5000000000LL /* a device that takes longer has hung */
#define SOUND_PLAY_MS 400          /* the badge sound plays out before the next silence */

static struct session session;

/* Waits until the device is open (or closed); the time since t0 in ms, -1 if it hung. */
static double wait_device(const struct speaker *sp, bool open, int64_t t0)
{
    while (speaker_device_open(sp) != open) {
        if (now_ns() - t0 > WAIT_MAX_NS)
            return -1.0;
        SDL_Delay(0);
    }
    return (double)(now_ns() - t0) / 1e6;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 20;
    if (n < 1 || n > REOPENS_MAX) {
        fprintf(stderr, "usage: sound_reopen [N 1..%d]\n", REOPENS_MAX);
        return 2;
    }
    char err[SPEAKER_ERR_MAX];
    struct speaker *sp = speaker_open(err);
    if (!sp || speaker_mute(sp)) {
        fprintf(stderr, "sound_reopen: %s\n", err);
        speaker_close(sp);
        return 1;
    }
    struct rules rules;
    rules_default(&rules);
    int64_t t_us = 1000LL * 1000000;
    session_init(&session, &rules, NULL, 0, t_us, t_us);
    static double open_ms[REOPENS_MAX], late_ms[REOPENS_MAX], close_ms[REOPENS_MAX];
    int st = 0;
    for (int i = 0; i < n && st == 0; i++) {
        t_us += CUE_DEVICE_LINGER_US + 1000;
        session_cue_follow(&session, t_us); /* as session_tick does */
        int64_t asked_ns = now_ns();
        speaker_follow(sp, &session, t_us);
        close_ms[i] = wait_device(sp, false, asked_ns);
        session_badge_unknown(&session, "Badge not known", t_us);
        session_cue_follow(&session, t_us);
        asked_ns = now_ns();
        speaker_follow(sp, &session, t_us);
        late_ms[i] = wait_device(sp, true, asked_ns);
        int64_t open_us = 0;
        speaker_device_opens(sp, &open_us);
        open_ms[i] = (double)open_us / 1000.0;
        if (close_ms[i] < 0 || late_ms[i] < 0) {
            fprintf(stderr, "sound_reopen: the device was not %s within %lld s\n",
                    close_ms[i] < 0 ? "closed" : "opened", WAIT_MAX_NS / 1000000000LL);
            st = 1;
        }
        SDL_Delay(SOUND_PLAY_MS);
    }
    if (st == 0) {
        const char *driver = SDL_GetCurrentAudioDriver();
        double open_med = median(open_ms, n), late_med = median(late_ms, n);
        printf("reopen %s %d %.2f %.2f %.2f %.2f %.1f\n", driver ? driver : "?", n, open_med,
               open_ms[n - 1], late_med, late_ms[n - 1], median(close_ms, n));
    }
    speaker_close(sp);
    SDL_Quit();
    return st;
}
