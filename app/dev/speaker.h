/*
 * Speaker port: the cues core/cue.h calls for, made by core/tone.h, played on
 * the default SDL audio device (HDMI or the 3.5 mm jack on the Pi), signed 16-bit mono
 * at 48 kHz. The audio thread synthesises each buffer as the device asks for it, so
 * nothing is queued beyond one small device buffer and the frame loop never waits on
 * the sound card: it only takes a lock for a few microseconds when a cue starts.
 *
 * The device is open only while core/cue.h's cue_device_wanted says something can
 * sound: an open device's audio thread wakes for every buffer, sounding or not. A thread
 * of the speaker's own opens and closes it, so the frame loop waits for neither; a sound
 * due while it is closed waits in the mixer and starts with the device's first buffer.
 */
#ifndef SPEAKER_H
#define SPEAKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/cue.h"
#include "../core/session.h"
#include "../core/tone.h"
#include "../core/view.h"

#define SPEAKER_ERR_MAX 256
/*
 * After a failed open, how long the device thread waits before trying again while a sound
 * is still wanted. The stop alarm sounds for 3 s: a device back (an HDMI sink woken, a
 * USB speaker plugged in again) within its first 2 s is heard in it. A failed try costs
 * ~1.5 ms here (ALSA with no card), so ~0.15 % of a core while no device opens, and none
 * while nothing is wanted.
 */
#define SPEAKER_RETRY_US 1000000LL

struct speaker;

/*
 * Opens the default output device. When it does not open, the speaker is still made,
 * mute (speaker_mute), with the reason in err: its thread tries again at the next sound
 * and, while one is wanted, every second, and plays from the first device that opens. NULL
 * with a message in err only when the speaker cannot be made (memory, a thread).
 */
struct speaker *speaker_open(char err[SPEAKER_ERR_MAX]);
/*
 * A speaker with no device: what it plays is pulled with speaker_render, as the audio
 * thread would, so its sound can be checked sample by sample on a virtual clock, however
 * fast the machine runs. NULL when out of memory.
 */
struct speaker *speaker_open_offline(void);
/*
 * An offline speaker's next n samples (S16 mono at speaker_rate_hz): exactly what the
 * audio thread hands the device, in buffers of speaker_buffer_smp. A speaker on a device
 * leaves them to it and gives silence.
 */
void speaker_render(struct speaker *sp, int16_t *out, size_t n);
/* Stops the sound and releases the device; accepts NULL. */
void speaker_close(struct speaker *sp);

/*
 * The volume and quiet hours to play at (the config's [sound]), read again every frame,
 * so settings loaded again later apply at once: v must outlive the speaker. Full volume
 * until set; NULL goes back to that.
 */
void speaker_set_volume(struct speaker *sp, const struct cue_volume *v);

/*
 * Plays what the session's cue schedule called for since the last call (core/cue.h
 * decides, session_cue_follow counts: the count-in, the tempo counted ahead of the bar,
 * reps, badges, the idle countdown, the stop alarm), at the volume for the local time of
 * day at t_us. Call every frame after session_tick; a NULL speaker does nothing.
 */
void speaker_follow(struct speaker *sp, const struct session *s, int64_t t_us);

/* Plays one cue now (a sound check). */
void speaker_cue(struct speaker *sp, enum tone_cue cue);

/*
 * The cues played by speaker_follow, in order, for the scenario runner and the tests:
 * how many so far, and the i-th of them (the last SPEAKER_LOG_MAX are kept; -1 for one
 * that is not, or with no speaker).
 */
#define SPEAKER_LOG_MAX 64
uint64_t speaker_played_count(const struct speaker *sp);
int speaker_played_cue(const struct speaker *sp, uint64_t i);

/*
 * Whether the device is open now (an offline speaker: whether it would be), and how many
 * times it was opened, the first open counted; *last_open_us (may be NULL) the time the
 * last open took, from starting the audio subsystem to the device playing.
 */
bool speaker_device_open(const struct speaker *sp);
/*
 * Whether the last open failed (a NULL speaker: there is none): nothing asked for is heard,
 * the stop alarm included, until a device opens. Cleared by the next open that works; the
 * device is open only while a sound is wanted, so a device fixed on a silent screen shows
 * here at the next sound. How many opens failed in all, the first one counted.
 */
bool speaker_mute(const struct speaker *sp);
uint64_t speaker_failed_opens(const struct speaker *sp);
uint64_t speaker_device_opens(const struct speaker *sp, int64_t *last_open_us);

/* The device as opened: what the log and the tests need to know. */
int speaker_rate_hz(const struct speaker *sp);
int speaker_buffer_smp(const struct speaker *sp); /* one device buffer, the added latency */
int speaker_volume_pct(const struct speaker *sp); /* the volume playing now */
/* Samples the device has taken so far: its own clock, however fast it runs. */
uint64_t speaker_played_smp(const struct speaker *sp);

#endif
