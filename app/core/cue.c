#include <string.h>

#include "cue.h"

#define US_PER_S  1000000
#define US_PER_MS 1000

/* A phase must hold this long before it counts (threshold flicker is shorter). */
#define PHASE_SETTLE_US 40000
/* The bar has stopped at the bottom only once it has stayed there this long: the slow
 * turn of a bounce out of the hole reads as a bottom phase of about 100 ms. */
#define BOTTOM_SETTLE_US 150000
/* The bar whips at the bottom: the live phase reads "up" for about 100 ms at a time
 * while the bar sits in the hole. Only a drive that lasts cancels the pause's count. */
#define DRIVE_SETTLE_US 250000
/* A drive up is at least this fast (a 2 s concentric over 45 cm averages 0.22 m/s). */
#define DRIVE_MPS 0.08f
/* Going down slower than this is standing still, for the start of a lowering. */
#define ONSET_MPS 0.01f
/* The onset is looked for this far back from where the detector saw the lowering. */
#define ONSET_BACK_MAX_US 1500000
/* A "down" the count-in just gave is not repeated when the bar follows it. */
#define GO_GRACE_US 3000000
/* No count tick this close before the cue that ends the phase: they would run together. */
#define TICK_CLEAR_US            300000
#define DEFAULT_VOLUME_PCT       100
#define DEFAULT_QUIET_VOLUME_PCT 40
#define MINUTES_PER_DAY          (24 * 60)

void cue_event(struct cue_events *events, enum cue_event ev)
{
    if ((unsigned)ev < CUE_EVENT_COUNT)
        events->n[ev]++;
}

void cue_init(struct cue_state *st)
{
    memset(st, 0, sizeof *st);
    st->played = REP_PHASE_TOP;
}

static const enum tone_cue event_cues[CUE_EVENT_COUNT] = {
    [CUE_EVENT_BADGE_OK] = TONE_CUE_BADGE_OK,
    [CUE_EVENT_BADGE_NO] = TONE_CUE_BADGE_NO,
    [CUE_EVENT_REP_CLEAN] = TONE_CUE_REP_CLEAN,
    [CUE_EVENT_REP_FLAGGED] = TONE_CUE_REP_FLAGGED,
};

/* One cue per kind of event the session counted since the last call. */
static unsigned events(struct cue_state *st, const struct cue_input *in)
{
    unsigned cues = 0;
    for (int e = 0; e < CUE_EVENT_COUNT; e++) {
        bool rep = e == CUE_EVENT_REP_CLEAN || e == CUE_EVENT_REP_FLAGGED;
        /* a rep that stopped the set gets the alarm, not a chirp; a count that went
         * down is a new session: start from it, play nothing */
        if (in->events.n[e] > st->heard.n[e] && !(rep && in->buzzer))
            cues |= TONE_CUE_BIT(event_cues[e]);
        st->heard.n[e] = in->events.n[e];
    }
    return cues;
}

static void forget_rep(struct cue_state *st)
{
    st->at_top = false;
    st->top_seconds = 0;
    st->counting = false;
    st->ecc_seconds = 0;
    st->ecc_over = false;
    st->stopped = false;
    st->near_bottom = false;
    st->pause_seconds = 0;
}

static void new_set(struct cue_state *st, int64_t key)
{
    st->set_key = key;
    st->count_started = false;
    st->beats = 0;
    st->count_over = false;
    st->went = false;
    st->played = REP_PHASE_TOP;
    st->lead = CUE_LEAD_NONE;
    forget_rep(st);
}

/* A "go" that starts a movement played now (the count-in's last beat, a top pause over): the
 * lifter goes that way, and the bar following it is not cued again. */
static unsigned go(struct cue_state *st, enum cue_lead way, int64_t t_us, enum tone_cue cue)
{
    st->went = true;
    st->go_us = t_us;
    st->lead = way;
    return TONE_CUE_BIT(cue);
}

static bool moving(enum rep_phase phase)
{
    return phase == REP_PHASE_ECCENTRIC || phase == REP_PHASE_CONCENTRIC;
}

/* "pip, pip, pip, go" before the first rep, once the lifter is set up. */
static unsigned count_in(struct cue_state *st, const struct cue_input *in)
{
    if (st->count_over)
        return 0;
    bool begun = st->count_started && in->t_us >= st->count_from_us;
    if (in->n_reps > 0 || (moving(in->phase) && begun)) {
        st->count_over = true; /* the lifter has started: the count would only be noise */
        return 0;
    }
    if (!in->ready) {
        st->count_started = false; /* reracked or weighed again: count in afresh */
        st->beats = 0;
        return 0;
    }
    if (!st->count_started) {
        st->count_started = true;
        st->count_from_us = in->t_us + (in->declared ? CUE_OFF_PLATE_READY_US : 0);
    }
    if (in->t_us < st->count_from_us)
        return 0;
    int beat = (int)((in->t_us - st->count_from_us) / CUE_BEAT_US);
    if (beat < st->beats)
        return 0;
    st->beats = beat + 1; /* a late frame plays the beat due now, not the ones it missed */
    if (beat + 1 < CUE_COUNT_IN_BEATS)
        return TONE_CUE_BIT(TONE_CUE_PIP);
    st->count_over = true;
    return in->con_first ? go(st, CUE_LEAD_UP, in->t_us, TONE_CUE_GO_UP)
                         : go(st, CUE_LEAD_DOWN, in->t_us, TONE_CUE_DOWN);
}

/*
 * The bar has stopped at the bottom once it has not gone down for BOTTOM_SETTLE_US since
 * it first stopped: the whip's "up" twitches in between do not restart the pause, so the
 * pause runs from the first stop.
 */
static void watch_bottom(struct cue_state *st, const struct cue_input *in)
{
    if (!st->counting)
        return;
    if (in->phase == REP_PHASE_ECCENTRIC) {
        if (in->t_us - in->phase_start_us >= PHASE_SETTLE_US) {
            st->near_bottom = false; /* stopped on the way down and going on */
            st->stopped = false;
            st->pause_seconds = 0;
        }
        return;
    }
    if (st->stopped)
        return;
    if (!st->near_bottom) {
        st->near_bottom = true;
        st->bottom_us = in->phase == REP_PHASE_BOTTOM ? in->phase_start_us : in->t_us;
    }
    if (in->t_us - st->bottom_us >= BOTTOM_SETTLE_US)
        st->stopped = true;
}

/*
 * When the lowering began. The detector calls it a lowering only some 3 cm down, which
 * at a slow, smooth start is 0.5-0.8 s in: counting from there would make every count
 * late. The last frame the bar was not yet going down is much closer, unless it is so
 * far back that the bar cannot have been on its way since.
 */
static int64_t lowering_onset(const struct cue_state *st, const struct cue_input *in)
{
    int64_t still_us = st->still_us;
    if (still_us < in->phase_start_us && in->phase_start_us - still_us <= ONSET_BACK_MAX_US)
        return still_us;
    return in->phase_start_us;
}

/* Takes note of a moving phase once it has held long enough to be real. */
static unsigned phase_change(struct cue_state *st, const struct cue_input *in)
{
    watch_bottom(st, in);
    int64_t settle_us = in->phase == REP_PHASE_CONCENTRIC ? DRIVE_SETTLE_US : PHASE_SETTLE_US;
    if (in->phase == st->played || in->phase == REP_PHASE_BOTTOM ||
        in->t_us - in->phase_start_us < settle_us)
        return 0;
    if (in->phase == REP_PHASE_CONCENTRIC && in->vel_mps < DRIVE_MPS)
        return 0; /* "up" at a crawl is the live estimate drifting, not a drive */
    enum rep_phase was = st->played;
    st->played = in->phase;
    if (moving(in->phase))
        st->lead = CUE_LEAD_NONE; /* the bar went: the word follows it again */
    switch (in->phase) {
    case REP_PHASE_ECCENTRIC:
        if (st->counting)
            return 0; /* the count goes on (watch_bottom) */
        forget_rep(st);
        st->counting = true;
        st->ecc_start_us = lowering_onset(st, in);
        if (st->went && in->t_us - st->go_us < GO_GRACE_US)
            return 0; /* the count-in just said "down" */
        return TONE_CUE_BIT(TONE_CUE_DOWN);
    case REP_PHASE_BOTTOM:
        return 0;
    case REP_PHASE_CONCENTRIC:
    case REP_PHASE_TOP:
        forget_rep(st); /* on the way up (on the cue or not), or standing */
        if (in->phase == REP_PHASE_TOP && was == REP_PHASE_CONCENTRIC) {
            st->at_top = true; /* lifted and stopped: the top pause runs */
            st->top_us = in->phase_start_us;
        }
        return 0;
    }
    return 0;
}

/* A tick for each whole second since from_us, none too close to end_us. */
static unsigned count_seconds(int *counted, int64_t from_us, int64_t end_us, int64_t t_us)
{
    int s = (int)((t_us - from_us) / US_PER_S);
    if (s <= *counted)
        return 0;
    *counted = s;
    if (end_us - (from_us + (int64_t)s * US_PER_S) < TICK_CLEAR_US)
        return 0;
    return TONE_CUE_BIT(TONE_CUE_SECOND);
}

/* The top pause, counted from when the bar stopped at the top and ended with "go-down". */
static unsigned top_pause(struct cue_state *st, const struct cue_input *in)
{
    if (!st->at_top)
        return 0;
    bool done = in->target_reps > 0 && in->n_reps >= in->target_reps;
    if (in->phase != REP_PHASE_TOP || in->tempo_ms[3] <= 0 || done) {
        st->at_top = false; /* moved on, nothing to count, or no next rep to lead */
        return 0;
    }
    int64_t go_us = st->top_us + (int64_t)in->tempo_ms[3] * US_PER_MS;
    if (in->t_us < go_us)
        return count_seconds(&st->top_seconds, st->top_us, go_us, in->t_us);
    st->at_top = false;
    return go(st, CUE_LEAD_DOWN, in->t_us, TONE_CUE_GO_DOWN);
}

/* The eccentric and the pauses, counted out and ended ahead of the bar. */
static unsigned tempo(struct cue_state *st, const struct cue_input *in)
{
    unsigned cues = phase_change(st, in);
    cues |= top_pause(st, in);
    if (!st->counting)
        return cues;
    int64_t pause_us = (int64_t)in->tempo_ms[1] * US_PER_MS;
    if (!st->stopped) {
        int64_t ecc_end_us = st->ecc_start_us + (int64_t)in->tempo_ms[0] * US_PER_MS;
        if (st->ecc_over)
            return cues; /* late: the pause starts when the bar stops */
        if (in->t_us < ecc_end_us)
            return cues | count_seconds(&st->ecc_seconds, st->ecc_start_us, ecc_end_us, in->t_us);
        st->ecc_over = true; /* still going down: you should be there now */
        if (pause_us > 0)
            return cues | TONE_CUE_BIT(TONE_CUE_BOTTOM);
        forget_rep(st); /* no pause: turn now */
        st->lead = CUE_LEAD_UP;
        return cues | TONE_CUE_BIT(TONE_CUE_GO_UP);
    }
    /* at the bottom: the pause runs from when the bar stopped */
    int64_t go_us = st->bottom_us + pause_us;
    if (in->t_us < go_us)
        return cues | count_seconds(&st->pause_seconds, st->bottom_us, go_us, in->t_us);
    forget_rep(st);
    st->lead = CUE_LEAD_UP; /* (a lowering after it is a new rep's, and says "down") */
    return cues | TONE_CUE_BIT(TONE_CUE_GO_UP);
}

static int seconds_left(int64_t until_us, int64_t t_us)
{
    return until_us <= t_us ? 0 : (int)((until_us - t_us + US_PER_S - 1) / US_PER_S);
}

/* A pip as the countdown starts ("still there?"), then one on each of its last seconds. */
static unsigned idle(struct cue_state *st, const struct cue_input *in)
{
    if (!in->idle_countdown) {
        st->idle_left_s = 0;
        return 0;
    }
    int left = seconds_left(in->idle_logout_at_us, in->t_us);
    if (st->idle_left_s == 0) {
        st->idle_left_s = left > 0 ? left : 1;
        return TONE_CUE_BIT(TONE_CUE_IDLE);
    }
    if (left >= st->idle_left_s)
        return 0;
    st->idle_left_s = left > 0 ? left : 1;
    return left > 0 && left <= CUE_IDLE_LAST_S ? TONE_CUE_BIT(TONE_CUE_IDLE) : 0;
}

unsigned cue_update(struct cue_state *st, const struct cue_input *in, bool *alarm)
{
    if (in->phase != REP_PHASE_ECCENTRIC && in->vel_mps > -ONSET_MPS)
        st->still_us = in->t_us;
    *alarm = in->buzzer;
    unsigned cues = events(st, in) | idle(st, in);
    if (in->set_key != st->set_key)
        new_set(st, in->set_key);
    if (!in->in_set || in->buzzer || in->bar_lost) {
        st->played = REP_PHASE_TOP;
        st->lead = CUE_LEAD_NONE;
        forget_rep(st);
        if (in->bar_lost && !st->count_over) {
            st->count_started = false; /* counts in afresh once the bar unit is back */
            st->beats = 0;
        }
    } else {
        cues |= count_in(st, in) | tempo(st, in);
    }
    if (cues || *alarm)
        cue_sounded(st, in->t_us);
    return cues;
}

void cue_sounded(struct cue_state *st, int64_t t_us)
{
    st->sounded = true;
    st->sounded_us = t_us;
}

bool cue_device_wanted(const struct cue_state *st, const struct cue_input *in)
{
    if (in->lifting || in->in_set || in->idle_countdown || in->buzzer)
        return true;
    return st->sounded && in->t_us - st->sounded_us < CUE_DEVICE_LINGER_US;
}

int cue_count_in_number(const struct cue_state *st)
{
    if (!st->count_started || st->count_over || st->beats <= 0)
        return 0;
    return CUE_COUNT_IN_BEATS - st->beats;
}

enum cue_lead cue_lead(const struct cue_state *st)
{
    return st->lead;
}

bool cue_top_pause(const struct cue_state *st, int64_t *from_us)
{
    *from_us = st->at_top ? st->top_us : 0;
    return st->at_top;
}

void cue_volume_default(struct cue_volume *v)
{
    *v = (struct cue_volume){
        .volume_pct = DEFAULT_VOLUME_PCT,
        .quiet_volume_pct = DEFAULT_QUIET_VOLUME_PCT,
        .quiet_from_min = -1,
        .quiet_until_min = -1,
    };
}

bool cue_quiet_now(const struct cue_volume *v, int minute_of_day)
{
    int from = v->quiet_from_min, until = v->quiet_until_min;
    if (from < 0 || until < 0 || from == until)
        return false;
    int m = ((minute_of_day % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
    if (from < until)
        return m >= from && m < until;
    return m >= from || m < until; /* across midnight */
}

int cue_volume_now(const struct cue_volume *v, int minute_of_day)
{
    return cue_quiet_now(v, minute_of_day) ? v->quiet_volume_pct : v->volume_pct;
}
