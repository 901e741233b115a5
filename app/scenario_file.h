/*
 * Inside the scenario runner: a scenario file read into events (scenario_file.c) for the
 * player (scenario.c). The parser needs nothing of the kiosk, so it is fuzzed on its own.
 */
#ifndef SCENARIO_FILE_H
#define SCENARIO_FILE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/controls.h"
#include "scenario.h"

#define LINE_MAX_LEN 512
#define ARG_MAX_LEN  128
#define US_PER_S     1000000LL
#define IDLE_SCREEN  "idle-countdown" /* drawn over any screen, named like one */
#define TIME_MAX_S   (14.0 * 86400.0) /* a scenario is minutes long; a fortnight is a typo */

enum verb { V_BADGE, V_PLATE, V_BAR, V_PRESS, V_EXPECT, V_WAIT };

enum expect_kind {
    E_SCREEN,
    E_FLAG,
    E_LIGHT,
    E_BUZZER,
    E_LIFTER,
    E_SAYS,
    E_ENABLED,
    E_DISABLED,
    E_REPS,
    E_CAP,
    E_NEXT_SET,
    E_LISTED,
    E_BODY,
    E_SAVED_SETS,
    E_SOUND, /* a cue the speaker played (core/tone.h names), after the last one expected */
    E_SHOWS, /* some text drawn on the last frame has the words (in the language shown),
                with a cap height of at least number tenths of a mm when number > 0 */
    E_TEMPO, /* the last rep's tempo against the cue, as the core judged it (set_summary.h) */
    E_SWEEP, /* the set screen sweeps a phase of number ms (0: none; the top pause's too) */
};
#define SHOWS_MM_MAX 200.0 /* a cap height taller than a panel is a typo */
#define SWEEP_MAX_S  60.0  /* a tempo's phase is seconds long */

struct event {
    int line;
    bool relative;
    int64_t at_us; /* from the start, or after the previous event when relative */
    enum verb verb;
    char word[ARG_MAX_LEN]; /* plate/bar action, badge UID, control name */
    char text[ARG_MAX_LEN]; /* expect: what is expected */
    int32_t number;         /* plate on KG (grams), expect N, shows N mm (tenths) */
    struct control control;
    enum expect_kind expect;
    bool negated;      /* expect no ... */
    int64_t within_us; /* expect ... within N: wait up to this long */
};

struct scenario {
    char path[256];
    struct event *events;
    int n, cap;
    int next;           /* the next event to play */
    int64_t base_us;    /* when the previous event finished */
    int64_t waiting_us; /* an expect ... within: when it began waiting, -1 not waiting */
    int64_t start_wall_us;
    int64_t anchor_us;     /* the run must fit in one gym day this long, 0 no need */
    uint64_t sounds_heard; /* expect sound: the speaker's cues before this one are used up */
    uint64_t sound_match;  /* ... and just past the one the last check found */
    bool click_sent;       /* a press clicked through the window system: done next frame */
    bool has_tempo;        /* a "tempo" line: ... */
    int tempo_ms[4];       /* ... every exercise's tempo in this run */
};

/* The words the file uses, in the order of their enums. */
extern const char *const scenario_expect_names[];
extern const char *const scenario_rep_styles[];
extern const char *const scenario_lights[];
extern const char *const scenario_tempo_verdicts[]; /* by enum set_tempo_verdict */
#define SCENARIO_TEMPO_VERDICTS 6
#define SCENARIO_LIGHTS         4
#define SCENARIO_REP_STYLES     5

/* A flag kind as stored ("red-flag") or with underscores ("red_flag"); -1 none. */
int scenario_flag_kind(const char *w);

#endif
