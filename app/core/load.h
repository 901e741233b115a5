/*
 * Plate load filter: raw HX711 counts per side in, a person's and a bar's load out.
 *
 * The plate has two HX711s, left and right. Each sample carries both sides' raw 24-bit
 * counts (sign-extended) and whether each side answered. Per side, a median of five
 * removes single-sample glitches (a flipped bit, a rail code) before anything else sees
 * them. The load is stable while, over the last rules.load_window_us (at least
 * LOAD_WINDOW_MIN_SAMPLES samples), the total stays inside a band that grows with the load
 * (a person sways: rules.load_sway_permille of it, at least rules.load_stable_g) and neither
 * side moves by more than rules.load_side_permille (a foot leaving the plate). A stable
 * stretch's reading is the tapered mean over the whole stretch, up to where the movement
 * that ended it began, of each side's own words with lone glitches taken out (a median
 * of three at 10 samples/s bends a person's sway); its split is the plain mean of the
 * medians after its first LOAD_SKIP_US (sideways sway moves load between the feet for
 * real). When it ends, a stretch at the load of an earlier one (a hold between reps) is
 * weighed over the whole span since that one began: a person at rest at both ends gained
 * no momentum, so the reps in between average out (see level_total in load.c).
 *
 * Events come from the levels of consecutive stable stretches, never from the live
 * signal, so a rep's dynamic force (the total swings by (body + bar) * a/g) cannot make
 * one: stepped on (a stable load of a person), unracked (a stable load at least
 * rules.unrack_min_g over the person), reracked (back under half of that), stepped off.
 * A new level counts once it has held for LOAD_EVENT_AFTER_US (no phase of a rep holds a
 * force that long), and the event is dated to when the load last crossed halfway between
 * the old level and the new one: the bar meeting the hooks, not the walk back to them.
 *
 * While the plate is empty and still, its zero follows the drift; load_filter_tare zeroes
 * it on demand. A side that has not answered, has read a rail code or the very same word
 * for LOAD_FAULT_AFTER_US is a fault: the reading says which and what to do, is never
 * stable, and the fault clears once the side gives LOAD_RECOVER_US of good samples.
 */
#ifndef LOAD_H
#define LOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "rules.h"

enum plate_side { PLATE_LEFT, PLATE_RIGHT, PLATE_SIDES };

/* What the plate says happened: a person stepped on or off, the bar left or met the hooks. */
enum load_event {
    LOAD_EVENT_NONE,
    LOAD_EVENT_STEP_ON,
    LOAD_EVENT_STEP_OFF,
    LOAD_EVENT_UNRACK,
    LOAD_EVENT_RERACK,
};

/* "step_on", "step_off", "unrack", "rerack" (the analyser's JSON); "" for none. */
const char *load_event_name(enum load_event e);

struct plate_sample {
    int64_t t_us;
    int32_t raw[PLATE_SIDES]; /* sign-extended 24-bit counts */
    uint8_t ok_mask;          /* bit per side: 1 = the HX711 answered in time */
};

struct load_calibration {
    int32_t offset[PLATE_SIDES];     /* raw counts with nothing on the plate */
    double g_per_count[PLATE_SIDES]; /* from a known weight */
};

#define LOAD_WINDOW_MAX           256
#define LOAD_MEDIAN               5     /* words: two glitches close together are still outvoted */
#define LOAD_MEDIAN_SHORT_US      40000 /* samples closer than this get the median of five */
#define LOAD_WINDOW_MIN_SAMPLES   6     /* at 10 samples/s the window is 0.6 s */
#define LOAD_SKIP_US              500000
#define LOAD_TRIM_US              300000 /* the end of a stretch that the movement began in */
#define LOAD_DEPART_PERMILLE      15     /* a sample this far off the level: the movement began */
#define LOAD_DEPART_SIDE_PERMILLE 40
#define LOAD_LEVEL_PERMILLE       5        /* stretches this close are one load on the plate */
#define LOAD_LEVEL_GAP_US         60000000 /* and no further apart than this */
#define LOAD_LEVELS               4
#define LOAD_GLITCH_MIN_G         1000 /* a word bent this far off its neighbours is a glitch */
#define LOAD_GLITCH_PERMILLE      10   /* to a span through reps (level_total) */
#define LOAD_GLITCH_ALONE         3    /* and more than this times what the other side bent */
#define LOAD_ALONE_G              150  /* in a stretch: bent this much more than the other side */
#define LOAD_ALONE_PERMILLE       100
#define LOAD_GLITCH_HUGE_G        20000 /* no person moves a side this much in one word */
#define LOAD_GLITCH_FAR           4 /* a neighbour this many times further off is a glitch too */
#define LOAD_WORDS                5
#define LOAD_LEVEL_FIRST_US       1000000 /* a level starts with a stretch this long */
#define LOAD_PERSON_MIN_G         20000   /* less than this on the plate is not a person */
#define LOAD_ZERO_BAND_G          3000    /* an empty plate within this is zeroed */
#define LOAD_ZERO_AFTER_US        1000000 /* of empty and still before the zero follows it */
#define LOAD_FAULT_AFTER_US       1000000
#define LOAD_FROZEN_AFTER_US      2000000 /* the same word: no real converter is that quiet */
#define LOAD_RECOVER_US           500000
#define LOAD_EVENT_AFTER_US       1000000 /* stable this long before a new load makes an event */
#define LOAD_MOVE_MPS             0.04    /* faster than any sway: the lifter is moving */
#define LOAD_MOVE_TAU_US          500000  /* the speed estimate forgets an error in the level */
#define LOAD_GAP_US               500000  /* no samples this long: the window starts again */
#define LOAD_TAPER_POWER          1       /* the stretch's mean is weighted by (t (T - t))^1 */
#define LOAD_MOMENTS              (2 * LOAD_TAPER_POWER + 1)
#define LOAD_HIST                 128 /* 12.8 s of the total in buckets of LOAD_HIST_US */
#define LOAD_HIST_US              100000
#define LOAD_HIST_SMOOTH          8 /* buckets: steps and reps average out, a load change not */
#define LOAD_QUEUE                8
#define LOAD_FAULT_MSG_MAX        160

enum load_state { LOAD_EMPTY, LOAD_PERSON, LOAD_BAR_HELD };

enum load_fault {
    LOAD_FAULT_NONE,
    LOAD_FAULT_NO_ANSWER, /* DOUT stuck: the HX711 never said ready, or stayed low */
    LOAD_FAULT_FROZEN,    /* the very same word over and over */
    LOAD_FAULT_SATURATED, /* a rail code: input beyond full scale, a cell or wire open */
};

struct load_reading {
    int64_t t_us;
    int32_t total_g;             /* stable: the mean over the stretch; else the live value */
    int32_t side_g[PLATE_SIDES]; /* likewise */
    bool stable;                 /* inside a stable stretch, and no fault */
    bool fault;                  /* a side is faulted (see fault_kind, fault_msg) */
    int64_t stable_since_us;     /* when the stretch began, when stable */
    enum load_state state;       /* from the events so far */
    bool bar_held;               /* state == LOAD_BAR_HELD */
    int32_t person_g;            /* the person's stable load, 0 when empty */
    int32_t bar_g;               /* the bar's, while held */
    enum load_fault fault_kind;  /* the first faulted side's */
    enum plate_side fault_side;
    char fault_msg[LOAD_FAULT_MSG_MAX]; /* "" or what is wrong and what to do, one line */
};

/* A stable stretch once it has ended. */
struct load_stretch {
    int64_t start_us, end_us;
    int64_t stable_at_us; /* when the filter first said stable */
    int32_t total_g;
    int32_t side_g[PLATE_SIDES];
};

struct load_event_at {
    int64_t t_us;       /* when the load crossed halfway from the old level to the new */
    int64_t decided_us; /* when the new load settled and the filter said so */
    enum load_event type;
    int32_t load_g; /* the person's (step on) or the bar's (unrack) stable load */
};

struct load_side_state {
    int32_t last_raw[LOAD_MEDIAN]; /* the usable words, newest first, for the median */
    int n_raw;
    double value_g; /* after the median, before the zero; held through a missing sample */
    bool have_value;
    /* the last samples' own words (the median where a word was unusable), newest first:
     * for the span sums */
    double word_g[LOAD_WORDS];
    int n_words;
    int64_t bad_since_us; /* -1 while good */
    enum load_fault bad_kind;
    int32_t same_raw;
    int64_t same_since_us;
    enum load_fault fault;
    int64_t good_since_us; /* while faulted: good samples since then, -1 none */
};

struct load_filter {
    struct load_calibration cal;
    int64_t window_us;
    int32_t stable_g;
    int sway_permille, side_permille; /* the stable bands, from the rules */
    int32_t unrack_min_g;
    double zero_g[PLATE_SIDES];
    struct load_side_state side[PLATE_SIDES];
    int64_t last_us;
    int64_t dt_us; /* between the last two samples */
    bool started;
    /* the window: values after the median, before the zero */
    struct load_entry {
        int64_t t_us;
        double g[PLATE_SIDES];      /* after the median */
        double word_g[PLATE_SIDES]; /* its own word, a lone glitch taken out, once decided */
        struct load_cum {
            double g, n;  /* sums of the totals as spans take them, and their count */
            double tg, t; /* and weighted by the time since cum_origin_us, s */
        } cum;            /* of every sample before this one, once decided */
        bool decided;
    } ring[LOAD_WINDOW_MAX];
    int head, count;
    struct load_cum cum; /* every sample decided so far */
    int64_t cum_origin_us;
    struct load_cum start_cum; /* before the stretch's first sample */
    /* levels: stretches of one load and the movements between them; a few at once, as a
     * rep's slow phases can look like stretches of other loads */
    struct load_level {
        bool open;
        double value_g;          /* its total so far, zero not taken off */
        double ramp_g, ramp_w;   /* its first stretch weighted up from 0 to 1 */
        struct load_cum end_cum; /* after its first stretch's last sample */
        int64_t last_end_us;
    } level[LOAD_LEVELS];
    /* the stable stretch */
    bool stable;
    int64_t stretch_start_us, stable_at_us;
    struct load_moments {
        double ref_g[PLATE_SIDES];           /* subtracted before summing, for precision */
        double x[PLATE_SIDES][LOAD_MOMENTS]; /* sum of (g - ref) t^k, t from the start */
        double w[LOAD_MOMENTS];              /* sum of t^k */
        double split_g[PLATE_SIDES];         /* sum of g - ref from LOAD_SKIP_US on */
        double split_n;
    } sums; /* samples older than LOAD_TRIM_US */
    int n_sum;
    int64_t sum_from_us;  /* the sums start here */
    int64_t prev_end_us;  /* where the last reported stretch ended */
    int64_t summed_to_us; /* the newest sample in sums */
    /* the total in 0.1 s buckets, to date an event by its smoothed crossing */
    struct {
        int64_t t_us; /* the bucket's middle */
        double g;
    } hist[LOAD_HIST];
    int hist_head, hist_count;
    double bucket_g;
    int bucket_n;
    int64_t bucket_start_us;
    bool classified;     /* this stretch's level has been compared with the last one's */
    double last_level_g; /* the level of the last stretch that made it to an event check */
    double vel_mps;      /* vertical speed of what stands on the plate, leaky, while stable */
    /* events */
    enum load_state state;
    int32_t person_g, bar_g;
    struct load_event_at events[LOAD_QUEUE];
    int n_events;
    struct load_stretch stretches[LOAD_QUEUE];
    int n_stretches;
    struct load_reading live; /* the last reading */
};

void load_filter_init(struct load_filter *f, const struct load_calibration *cal,
                      const struct rules *rules);
void load_filter_push(struct load_filter *f, const struct plate_sample *s);
/* The reading as of the newest sample. All zero before the first push. */
void load_filter_read(const struct load_filter *f, struct load_reading *out);
/* Takes the oldest event or ended stretch not taken yet; false when none. At most
 * LOAD_QUEUE wait: older ones are dropped. */
bool load_filter_take_event(struct load_filter *f, struct load_event_at *out);
bool load_filter_take_stretch(struct load_filter *f, struct load_stretch *out);
/* Ends the stretch in progress (at the end of a recording) so it can be taken. */
void load_filter_finish(struct load_filter *f);
/* Zeroes the plate at its present load (an operator's tare); false when not stable. */
bool load_filter_tare(struct load_filter *f);

/* Rounds a load down to what the rack's bar and plate set can make (plates.h).
 * Anything at or below the empty bar gives the empty bar, the lightest load there is. */
int32_t load_round_down(const struct rules *rules, int32_t load_g);
/* A measured bar load as the rack would have made it: the nearest bar + n * smallest
 * step, so a 20 kg bar that weighs in at 19.93 kg reads 20 kg. Under half a step below
 * the empty bar reads as measured, to 0.1 kg. */
int32_t load_round_nearest(const struct rules *rules, int32_t load_g);

#endif
