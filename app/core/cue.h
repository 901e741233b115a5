/*
 * Which sound plays when (core/tone.h makes the sounds). The cues lead the lifter rather
 * than answer the bar:
 *
 *   count-in   once the lifter holds the weighed bar (or has declared an off-plate load,
 *              then after time to get under it), "pip, pip, pip" a second apart and a
 *              fourth beat that says which way to go: "down" (squat, bench) or "go-up"
 *              (deadlift, press from the shoulders). Moving early ends it.
 *   eccentric  counted from when the bar started down (the last frame it was not
 *              going down before the detector saw a lowering, which it does only some
 *              3 cm in): a "second" tick each whole second; if the bar is still going
 *              down when the
 *              tempo's eccentric is over, "bottom" (you should be there now) -- or
 *              "go-up" at once when the tempo has no bottom pause.
 *   pause      counted from when the bar stopped at the bottom: a tick each whole
 *              second, then "go-up" when the pause is over. A lifter who is already on
 *              the way up gets no "go-up", and the count stops.
 *   top pause  when the tempo has one (3-1-2-2), counted from when the bar stopped at the
 *              top after a lift: a tick each whole second, then "go-down" when it is over
 *              (the next rep's lowering, or a deadlift's lowering). None once the set's
 *              reps are done, none with no top pause: the lifter starts when ready.
 *   rep        "rep-clean" or "rep-flagged" as the session counts it (a rep that stops
 *              the set gets the alarm instead).
 *   badges     "badge-ok" when a badge is taken, "badge-no" when it is not known or not
 *              taken now (rack in use, trainer access locked).
 *   idle       "idle" as the logout countdown starts and on each of its last seconds.
 *   stop       the alarm, for as long as the stop buzzer sounds.
 *
 * With the bar unit not connected there is no phase to lead: no count-in, no tempo cue;
 * both start afresh when it is back.
 *
 * The screen shows what the cues say from the same state (cue_count_in_number,
 * cue_lead): the count-in's number as each pip plays, and the way to go once a "go"
 * has played and the bar has not moved yet.
 *
 * Pure: no I/O, no clock; every call takes the time. Also the volume now, from the
 * config's volume and quiet hours and the local time of day the caller gives.
 */
#ifndef CUE_H
#define CUE_H

#include <stdbool.h>
#include <stdint.h>

#include "rep.h"
#include "tone.h"

/* What the session does that makes a sound. */
enum cue_event {
    CUE_EVENT_BADGE_OK,
    CUE_EVENT_BADGE_NO,
    CUE_EVENT_REP_CLEAN,
    CUE_EVENT_REP_FLAGGED,
    CUE_EVENT_COUNT
};

/*
 * Each event counted since the session started. The speaker keeps the counts it has
 * played, so the session never waits for it and nothing needs draining.
 */
struct cue_events {
    uint32_t n[CUE_EVENT_COUNT];
};
void cue_event(struct cue_events *events, enum cue_event ev);

#define CUE_TEMPO_PHASES 4

/* What the session shows, as far as sound is concerned. */
struct cue_input {
    int64_t t_us;
    struct cue_events events;
    bool buzzer; /* the stop buzzer should sound */
    /* the set */
    bool in_set;     /* the set screen is up */
    int64_t set_key; /* which set: a new key counts in again */
    bool ready;      /* the bar is held and weighed, or its load declared */
    bool declared;   /* an off-plate lift: give the lifter time to get under the bar */
    bool con_first;  /* the exercise starts with the lift (deadlift) */
    bool bar_lost;   /* the bar unit is not connected: no phase to lead */
    int n_reps;
    int target_reps;                    /* the set's; 0 none */
    int32_t tempo_ms[CUE_TEMPO_PHASES]; /* eccentric, bottom pause, concentric, top pause */
    enum rep_phase phase;
    int64_t phase_start_us;
    float vel_mps; /* the bar's live vertical speed, up positive */
    /* the idle-logout countdown */
    bool idle_countdown;
    int64_t idle_logout_at_us;
    /* a lifter's warm-up, plan, set or rest screen: a timed cue or a count-in (an unrack
     * starts a set) may be due at any moment */
    bool lifting;
};

/* Which way a "go" cue said to go, while the bar has not moved yet. */
enum cue_lead { CUE_LEAD_NONE, CUE_LEAD_DOWN, CUE_LEAD_UP };

/* What has been played, to play each cue once. */
struct cue_state {
    struct cue_events heard;
    int64_t set_key;
    /* the count-in */
    bool count_started;
    int64_t count_from_us; /* its first beat */
    int beats;             /* beats played */
    bool count_over;       /* played out, or cut short by the lifter */
    bool went;             /* its last beat ("go") played ... */
    int64_t go_us;         /* ... at this time */
    /* the rep under way */
    enum rep_phase played; /* the phase last taken note of */
    int64_t still_us;      /* the bar was last seen not going down */
    bool counting;         /* an eccentric is being counted */
    int64_t ecc_start_us;
    int ecc_seconds;   /* whole seconds of it ticked */
    bool ecc_over;     /* its end was cued */
    bool near_bottom;  /* the bar has not gone down since ... */
    int64_t bottom_us; /* ... this time */
    bool stopped;      /* ... long enough: it has stopped at the bottom */
    int pause_seconds; /* whole seconds of the pause ticked */
    /* the top pause after a lift */
    bool at_top;     /* being counted ... */
    int64_t top_us;  /* ... from when the bar stopped at the top */
    int top_seconds; /* whole seconds of it ticked */
    /* the way the last "go" said to go (a pause over, the count-in's last beat), until
     * the bar moves */
    enum cue_lead lead;
    /* the idle countdown */
    int idle_left_s; /* seconds left when it last pipped, 0 not counting down */
    /* the last sound: cue_update's cues and alarm, or one played with cue_sounded */
    bool sounded;
    int64_t sounded_us;
};

/* The count-in: beats a second apart, the last one the "go". */
#define CUE_COUNT_IN_BEATS 4
#define CUE_BEAT_US        1000000
/* An off-plate lift counts in this long after the load is declared. */
#define CUE_OFF_PLATE_READY_US 5000000
/* The idle countdown pips on each of its last seconds. */
#define CUE_IDLE_LAST_S 5

void cue_init(struct cue_state *st);
/*
 * The cues to play now, as TONE_CUE_BIT()s, and whether the alarm should sound. Call it
 * every frame; a cue is due at the first call at or after its time.
 */
unsigned cue_update(struct cue_state *st, const struct cue_input *in, bool *alarm);

/*
 * The sound device: open only while something can sound. An open device costs its audio
 * thread a wake-up per buffer (~94 a second) whether it plays or not, so it closes once
 * nothing has sounded for CUE_DEVICE_LINGER_US on a screen with no timed cue, and opens
 * again when a sound is due (that sound is late by the open, a few ms). It stays open
 * while a lifter's warm-up, plan, set or rest screen is up, the idle countdown runs or
 * the alarm sounds: the count-in and the tempo never wait for it.
 */
#define CUE_DEVICE_LINGER_US 5000000
/* Notes a sound played now outside cue_update (a sound check). */
void cue_sounded(struct cue_state *st, int64_t t_us);
/* Whether the device should be open now; call after cue_update for the same input. */
bool cue_device_wanted(const struct cue_state *st, const struct cue_input *in);

/* The count-in's number as its pips play (3, 2, 1), 0 when it is not counting. */
int cue_count_in_number(const struct cue_state *st);
/* The way the last "go" cue said to go, while the bar has not moved since. */
enum cue_lead cue_lead(const struct cue_state *st);
/* The top pause being counted: true and its start, else false. */
bool cue_top_pause(const struct cue_state *st, int64_t *from_us);

/* The volume settings ([sound] in the config). */
struct cue_volume {
    int volume_pct;       /* 0..100, see tone_volume_gain */
    int quiet_volume_pct; /* during quiet hours */
    int quiet_from_min;   /* local minute of the day quiet hours start, -1 none */
    int quiet_until_min;  /* ... and end (before it, after midnight when earlier) */
};
void cue_volume_default(struct cue_volume *v);
bool cue_quiet_now(const struct cue_volume *v, int minute_of_day);
/* The volume to play at, minute_of_day 0..1439 local time. */
int cue_volume_now(const struct cue_volume *v, int minute_of_day);

#endif
