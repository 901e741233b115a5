/*
 * Speaker port: the tempo cues, the rep chirp and the stop alarm (core/tone.h) played on
 * the default SDL audio device (HDMI or the 3.5 mm jack on the Pi), signed 16-bit mono
 * at 48 kHz. The audio thread synthesises each buffer as the device asks for it, so
 * nothing is queued beyond one small device buffer and the frame loop never waits on
 * the sound card: it only takes a lock for a few microseconds when a cue starts.
 */
#ifndef SPEAKER_H
#define SPEAKER_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/session.h"
#include "../core/tone.h"

#define SPEAKER_ERR_MAX 256

struct speaker;

/* Opens the default output device; NULL with a message in err when there is none. */
struct speaker *speaker_open(char err[SPEAKER_ERR_MAX]);
/* Stops the sound and releases the device; accepts NULL. */
void speaker_close(struct speaker *sp);

/*
 * Plays what the session calls for at t_us: a beep per phase change during a set, a
 * soft tick each second of the eccentric, a chirp per rep counted, the alarm while
 * the stop buzzer is on. Call every frame; a NULL speaker (no sound) does nothing.
 */
void speaker_follow(struct speaker *sp, const struct session *s, int64_t t_us);

/* Plays one cue now (a sound check). */
void speaker_cue(struct speaker *sp, enum tone_cue cue);

/* The device as opened: what the log and the tests need to know. */
int speaker_rate_hz(const struct speaker *sp);
int speaker_buffer_smp(const struct speaker *sp); /* one device buffer, the added latency */

#endif
