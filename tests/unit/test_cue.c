/*
 * Which cue plays when (core/cue.h), as scripts of what the session shows frame by
 * frame: the count-in before the first rep, the eccentric counted and ended ahead of
 * the bar, the pause counted from the bar stopping and ended with "go-up", nothing
 * where the lifter has already moved on, clean and flagged reps, badges, the idle
 * countdown and the stop. Then the same schedule on the real rep detector fed by the
 * simulated bar unit, against the simulator's own timeline: the count-in ends before
 * the first rep, and "go-up" sounds at the end of each pause. Last, the volume and
 * quiet hours.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../app/core/barlink.h"
#include "../../app/core/cue.h"
#include "../../app/core/rules.h"
#include "../../app/dev/bar_sim.h"

#define US_PER_MS 1000

#define ECC  REP_PHASE_ECCENTRIC
#define BOT  REP_PHASE_BOTTOM
#define CON  REP_PHASE_CONCENTRIC
#define TOP  REP_PHASE_TOP
#define B(c) TONE_CUE_BIT(TONE_CUE_##c)

/* One frame: what the session shows (fields left out are false / zero), what must play. */
struct step {
    int t; /* ms; -1 ends the script */
    bool set, ready, buzzer, idle;
    int key; /* 0: 1 */
    int reps;
    enum rep_phase phase;
    int phase_t;    /* ms the phase began */
    int ok, no;     /* badge events so far */
    int clean, bad; /* rep events so far */
    int logout_t;   /* ms the idle countdown logs out at */
    float vel;      /* m/s up; 0: 0.3 m/s the way the phase goes */
    bool lost;      /* the bar unit is not connected */
    unsigned want;
    bool want_alarm;
    /* what the screen reads of the state, checked where word is set: the count-in's
     * number (0 none) and the way the last "go" said to go */
    bool word;
    int count;
    enum cue_lead lead;
};

struct script {
    const char *name;
    int tempo_ms[CUE_TEMPO_PHASES]; /* all zero: 3-1-2-0 */
    bool con_first, declared;
    int target; /* the set's reps, 0 none */
    struct step steps[24];
};

#define END                                                                                        \
    {                                                                                              \
        .t = -1                                                                                    \
    }
#define S(...)                                                                                     \
    {                                                                                              \
        .set = true, .ready = true, __VA_ARGS__                                                    \
    }

static const struct script scripts[] = {
    {"count-in, then a 3-1-2 rep led ahead of the bar",
     .steps = {{.t = 0, .set = true},
               S(.t = 500, .want = B(PIP)), /* weighed with the bar held: counting in */
               S(.t = 1000),
               S(.t = 1500, .want = B(PIP)),
               S(.t = 2500, .want = B(PIP)),
               S(.t = 3400),
               S(.t = 3500, .want = B(DOWN)), /* go */
               S(.t = 3800),
               S(.t = 3900, .phase = ECC, .phase_t = 3800), /* down at once: no second "down" */
               S(.t = 4790, .phase = ECC, .phase_t = 3800),
               S(.t = 4800, .phase = ECC, .phase_t = 3800, .want = B(SECOND)),
               S(.t = 5800, .phase = ECC, .phase_t = 3800, .want = B(SECOND)),
               S(.t = 6700, .phase = BOT, .phase_t = 6500), /* there: the pause runs */
               S(.t = 6800, .phase = BOT, .phase_t = 6500),
               S(.t = 7490, .phase = BOT, .phase_t = 6500),
               S(.t = 7500, .phase = BOT, .phase_t = 6500, .want = B(GO_UP)), /* 6.5 + 1 s */
               S(.t = 7800, .phase = BOT, .phase_t = 6500),
               S(.t = 8000, .phase = CON, .phase_t = 7900),
               S(.t = 9000, .phase = CON, .phase_t = 7900),
               S(.t = 10000, .phase = TOP, .phase_t = 9900, .reps = 1, .clean = 1,
                 .want = B(REP_CLEAN)),
               S(.t = 12000, .phase = TOP, .phase_t = 9900, .reps = 1, .clean = 1),
               END}},
    {"slow to the bottom: told when the time is up, then the full pause from the stop",
     .steps = {S(.t = 50, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(DOWN)),
               S(.t = 1000, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(SECOND)),
               S(.t = 2000, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(SECOND)),
               S(.t = 3000, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(BOTTOM)),
               S(.t = 4000, .reps = 1, .phase = ECC, .phase_t = 0), /* still going down */
               S(.t = 4600, .reps = 1, .phase = BOT, .phase_t = 4500),
               S(.t = 5400, .reps = 1, .phase = BOT, .phase_t = 4500),
               S(.t = 5500, .reps = 1, .phase = BOT, .phase_t = 4500, .want = B(GO_UP)),
               S(.t = 5600, .reps = 1, .phase = BOT, .phase_t = 4500), END}},
    {"there early: no bottom cue, the pause counted from the stop",
     .steps = {S(.t = 50, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(DOWN)),
               S(.t = 1000, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(SECOND)),
               S(.t = 1900, .reps = 1, .phase = BOT, .phase_t = 1700),
               S(.t = 2000, .reps = 1, .phase = BOT, .phase_t = 1700),
               S(.t = 2700, .reps = 1, .phase = BOT, .phase_t = 1700, .want = B(GO_UP)),
               S(.t = 3000, .reps = 1, .phase = BOT, .phase_t = 1700),
               S(.t = 4000, .reps = 1, .phase = BOT, .phase_t = 1700), END}},
    {"up before the cue: no go-up, and the count stops",
     .steps = {S(.t = 50, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(DOWN)),
               S(.t = 1000, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(SECOND)),
               S(.t = 2000, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(SECOND)),
               S(.t = 3000, .reps = 1, .phase = BOT, .phase_t = 2900, .want = B(BOTTOM)),
               S(.t = 3500, .reps = 1, .phase = CON, .phase_t = 3400),
               S(.t = 4100, .reps = 1, .phase = CON, .phase_t = 3400),
               S(.t = 5000, .reps = 1, .phase = CON, .phase_t = 3400), END}},
    {"the live estimate creeping up in the pause is not a drive: go-up still",
     .steps = {S(.t = 50, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(DOWN)),
               S(.t = 1000, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(SECOND)),
               S(.t = 2000, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(SECOND)),
               S(.t = 3000, .reps = 1, .phase = BOT, .phase_t = 2800),
               S(.t = 3200, .reps = 1, .phase = CON, .phase_t = 3100, .vel = 0.04f),
               S(.t = 3790, .reps = 1, .phase = CON, .phase_t = 3100, .vel = 0.05f),
               S(.t = 3800, .reps = 1, .phase = CON, .phase_t = 3100, .vel = 0.05f,
                 .want = B(GO_UP)),
               S(.t = 4500, .reps = 1, .phase = CON, .phase_t = 3100), END}},
    {"a bounce: neither the bottom nor go-up",
     .steps = {S(.t = 50, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(DOWN)),
               S(.t = 1000, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(SECOND)),
               S(.t = 1200, .reps = 1, .phase = BOT, .phase_t = 1150),
               S(.t = 1300, .reps = 1, .phase = CON, .phase_t = 1255),
               S(.t = 3100, .reps = 1, .phase = CON, .phase_t = 1255),
               S(.t = 4100, .reps = 1, .phase = CON, .phase_t = 1255), END}},
    {"no bottom pause in the tempo: go-up as the eccentric's time ends",
     .tempo_ms = {2000, 0, 1000, 0},
     .steps = {S(.t = 50, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(DOWN)),
               S(.t = 1000, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(SECOND)),
               S(.t = 2000, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(GO_UP)),
               S(.t = 2300, .reps = 1, .phase = BOT, .phase_t = 2100),
               S(.t = 3000, .reps = 1, .phase = BOT, .phase_t = 2100), END}},
    {"a long pause counted in seconds; no tick just before a phase ends",
     .tempo_ms = {2200, 3000, 1000, 0},
     .steps = {S(.t = 50, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(DOWN)),
               S(.t = 1000, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(SECOND)),
               S(.t = 2000, .reps = 1, .phase = ECC, .phase_t = 0), /* 0.2 s before the end */
               S(.t = 2200, .reps = 1, .phase = BOT, .phase_t = 2100, .want = B(BOTTOM)),
               S(.t = 2300, .reps = 1, .phase = BOT, .phase_t = 2100),
               S(.t = 3090, .reps = 1, .phase = BOT, .phase_t = 2100),
               S(.t = 3100, .reps = 1, .phase = BOT, .phase_t = 2100, .want = B(SECOND)),
               S(.t = 4100, .reps = 1, .phase = BOT, .phase_t = 2100, .want = B(SECOND)),
               S(.t = 5000, .reps = 1, .phase = BOT, .phase_t = 2100),
               S(.t = 5100, .reps = 1, .phase = BOT, .phase_t = 2100, .want = B(GO_UP)),
               S(.t = 6200, .reps = 1, .phase = BOT, .phase_t = 2100), END}},
    {"threshold flicker plays nothing extra and keeps the count",
     .steps = {S(.t = 50, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(DOWN)),
               S(.t = 600, .reps = 1, .phase = BOT, .phase_t = 590),
               S(.t = 620, .reps = 1, .phase = ECC, .phase_t = 615),
               S(.t = 1010, .reps = 1, .phase = ECC, .phase_t = 615, .want = B(SECOND)), END}},
    {"a stop on the way down keeps counting from the first start",
     .steps = {S(.t = 50, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(DOWN)),
               S(.t = 1000, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(SECOND)),
               S(.t = 1400, .reps = 1, .phase = BOT, .phase_t = 1200),
               S(.t = 1600, .reps = 1, .phase = ECC, .phase_t = 1550),
               S(.t = 2000, .reps = 1, .phase = ECC, .phase_t = 1550, .want = B(SECOND)),
               S(.t = 3000, .reps = 1, .phase = ECC, .phase_t = 1550, .want = B(BOTTOM)),
               S(.t = 3400, .reps = 1, .phase = BOT, .phase_t = 3200),
               S(.t = 4100, .reps = 1, .phase = BOT, .phase_t = 3200),
               S(.t = 4200, .reps = 1, .phase = BOT, .phase_t = 3200, .want = B(GO_UP)), END}},
    {"moving during the count-in ends it",
     .steps = {S(.t = 0, .want = B(PIP)), S(.t = 1000, .want = B(PIP)), S(.t = 1300),
               S(.t = 1400, .phase = ECC, .phase_t = 1300, .want = B(DOWN)),
               S(.t = 2000, .phase = ECC, .phase_t = 1300),
               S(.t = 2300, .phase = ECC, .phase_t = 1300, .want = B(SECOND)),
               S(.t = 3000, .phase = ECC, .phase_t = 1300), END}},
    {"reracked during the count-in: it starts again once weighed again",
     .steps = {S(.t = 0, .want = B(PIP)),
               S(.t = 1000, .want = B(PIP)),
               {.t = 1500, .set = true},
               {.t = 2000, .set = true},
               S(.t = 3000, .want = B(PIP)),
               S(.t = 4000, .want = B(PIP)),
               S(.t = 5000, .want = B(PIP)),
               S(.t = 6000, .want = B(DOWN)),
               S(.t = 7000),
               END}},
    {"a late frame plays the beat due now, not the ones it missed",
     .steps = {S(.t = 0, .want = B(PIP)), S(.t = 2500, .want = B(PIP)),
               S(.t = 3000, .want = B(DOWN)), S(.t = 4000), END}},
    {"concentric first (deadlift): the count-in's go is go-up", .con_first = true,
     .steps = {S(.t = 0, .phase = BOT, .want = B(PIP)), S(.t = 1000, .phase = BOT, .want = B(PIP)),
               S(.t = 2000, .phase = BOT, .want = B(PIP)),
               S(.t = 3000, .phase = BOT, .want = B(GO_UP)),
               S(.t = 3300, .phase = CON, .phase_t = 3200), END}},
    {"off the plate: the count-in waits 5 s after the load is declared", .declared = true,
     .steps = {S(.t = 0), S(.t = 4990), S(.t = 5000, .want = B(PIP)), S(.t = 7000, .want = B(PIP)),
               S(.t = 8000, .want = B(DOWN)), END}},
    {"a new set counts in again; reps of the old one do not sound",
     .steps = {S(.t = 0, .key = 1, .reps = 4, .clean = 4, .want = B(REP_CLEAN)),
               S(.t = 100, .key = 2, .clean = 4, .want = B(PIP)),
               S(.t = 1100, .key = 2, .clean = 4, .want = B(PIP)), END}},
    {"reps: clean, flagged, both in one frame",
     .steps = {S(.t = 0, .reps = 1), S(.t = 100, .reps = 1, .clean = 1, .want = B(REP_CLEAN)),
               S(.t = 200, .reps = 2, .clean = 1, .bad = 1, .want = B(REP_FLAGGED)),
               S(.t = 300, .reps = 4, .clean = 2, .bad = 2, .want = B(REP_CLEAN) | B(REP_FLAGGED)),
               S(.t = 400, .reps = 4, .clean = 2, .bad = 2), END}},
    {"badges, on any screen",
     .steps = {{.t = 0},
               {.t = 100, .ok = 1, .want = B(BADGE_OK)},
               {.t = 200, .ok = 1, .no = 1, .want = B(BADGE_NO)},
               {.t = 300, .ok = 1, .no = 1},
               S(.t = 400, .reps = 1, .ok = 2, .no = 1, .want = B(BADGE_OK)),
               END}},
    {"outside a set the bar is silent",
     .steps = {{.t = 0, .phase = ECC},
               {.t = 1500, .phase = ECC},
               {.t = 1600, .phase = CON, .phase_t = 1500},
               S(.t = 1700, .reps = 1, .phase = TOP, .phase_t = 1650),
               END}},
    {"stop: the alarm, no tempo, no chirp for the rep that stopped the set",
     .steps = {S(.t = 50, .reps = 1, .phase = ECC, .want = B(DOWN)),
               {.t = 400, .reps = 2, .clean = 1, .phase = ECC, .buzzer = true, .want_alarm = true},
               {.t = 1500, .reps = 2, .clean = 1, .phase = ECC, .buzzer = true, .want_alarm = true},
               {.t = 3400, .reps = 2, .clean = 1, .buzzer = false},
               END}},
    {"the count-in shown as it plays: 3, 2, 1, then down until the bar goes",
     .steps = {{.t = 0, .set = true, .word = true},
               S(.t = 500, .want = B(PIP), .word = true, .count = 3),
               S(.t = 1400, .word = true, .count = 3),
               S(.t = 1500, .want = B(PIP), .word = true, .count = 2),
               S(.t = 2500, .want = B(PIP), .word = true, .count = 1),
               S(.t = 3500, .want = B(DOWN), .word = true, .lead = CUE_LEAD_DOWN),
               S(.t = 3800, .word = true, .lead = CUE_LEAD_DOWN),
               S(.t = 3900, .phase = ECC, .phase_t = 3800, .word = true),
               END}},
    {"a top pause (3-1-2-2): its seconds, then go-down; the bar following gets no second down",
     .tempo_ms = {3000, 1000, 2000, 2000}, .target = 5,
     .steps = {S(.t = 300, .reps = 1, .phase = CON, .phase_t = 0),
               S(.t = 1100, .reps = 1, .phase = TOP, .phase_t = 1000), /* up: the pause runs */
               S(.t = 1500, .reps = 2, .clean = 1, .phase = TOP, .phase_t = 1000,
                 .want = B(REP_CLEAN)),
               S(.t = 2000, .reps = 2, .clean = 1, .phase = TOP, .phase_t = 1000, .want = B(SECOND),
                 .word = true),
               S(.t = 2990, .reps = 2, .clean = 1, .phase = TOP, .phase_t = 1000, .word = true),
               S(.t = 3000, .reps = 2, .clean = 1, .phase = TOP, .phase_t = 1000,
                 .want = B(GO_DOWN), .word = true, .lead = CUE_LEAD_DOWN),
               S(.t = 3100, .reps = 2, .clean = 1, .phase = TOP, .phase_t = 1000, .word = true,
                 .lead = CUE_LEAD_DOWN),
               S(.t = 3500, .reps = 2, .clean = 1, .phase = ECC, .phase_t = 3400, .word = true),
               S(.t = 4100, .reps = 2, .clean = 1, .phase = ECC, .phase_t = 3400,
                 .want = B(SECOND)),
               END}},
    {"no go-down once the set's reps are done", .tempo_ms = {3000, 1000, 2000, 2000}, .target = 3,
     .steps = {S(.t = 300, .reps = 2, .phase = CON, .phase_t = 0),
               S(.t = 1100, .reps = 2, .phase = TOP, .phase_t = 1000),
               S(.t = 1500, .reps = 3, .clean = 1, .phase = TOP, .phase_t = 1000,
                 .want = B(REP_CLEAN)),
               S(.t = 2000, .reps = 3, .clean = 1, .phase = TOP, .phase_t = 1000),
               S(.t = 3000, .reps = 3, .clean = 1, .phase = TOP, .phase_t = 1000),
               S(.t = 5000, .reps = 3, .clean = 1, .phase = TOP, .phase_t = 1000, .word = true),
               END}},
    {"no top pause in the tempo (3-1-2-0): the next rep starts when the lifter does", .target = 5,
     .steps = {S(.t = 300, .reps = 1, .phase = CON, .phase_t = 0),
               S(.t = 1100, .reps = 1, .phase = TOP, .phase_t = 1000),
               S(.t = 2000, .reps = 1, .phase = TOP, .phase_t = 1000),
               S(.t = 6000, .reps = 1, .phase = TOP, .phase_t = 1000, .word = true), END}},
    {"the bar unit unplugged mid-rep: the count ends; back, the next lowering is cued afresh",
     .steps = {S(.t = 50, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(DOWN)),
               S(.t = 1000, .reps = 1, .phase = ECC, .phase_t = 0, .want = B(SECOND)),
               S(.t = 1500, .reps = 1, .phase = ECC, .phase_t = 0, .lost = true),
               S(.t = 2000, .reps = 1, .phase = ECC, .phase_t = 0, .lost = true),
               S(.t = 3000, .reps = 1, .phase = ECC, .phase_t = 0, .lost = true),
               S(.t = 4500, .reps = 1, .phase = ECC, .phase_t = 0, .lost = true, .word = true),
               S(.t = 6000, .reps = 1, .phase = TOP, .phase_t = 6000, .lost = true),
               S(.t = 7000, .reps = 1, .phase = TOP, .phase_t = 6900), /* back, at rest */
               S(.t = 7100, .reps = 1, .phase = ECC, .phase_t = 7000, .want = B(DOWN)),
               S(.t = 8100, .reps = 1, .phase = ECC, .phase_t = 7000, .want = B(SECOND)), END}},
    {"unplugged during the count-in: no count, and it starts again once back",
     .steps = {S(.t = 0, .want = B(PIP), .word = true, .count = 3),
               S(.t = 1000, .want = B(PIP), .word = true, .count = 2),
               S(.t = 1500, .lost = true, .word = true), S(.t = 2000, .lost = true),
               S(.t = 3000, .want = B(PIP), .word = true, .count = 3), S(.t = 4000, .want = B(PIP)),
               S(.t = 5000, .want = B(PIP)),
               S(.t = 6000, .want = B(DOWN), .word = true, .lead = CUE_LEAD_DOWN), END}},
    {"unplugged after a go: the word no longer leads",
     .steps = {S(.t = 0, .want = B(PIP)), S(.t = 1000, .want = B(PIP)),
               S(.t = 2000, .want = B(PIP)),
               S(.t = 3000, .want = B(DOWN), .word = true, .lead = CUE_LEAD_DOWN),
               S(.t = 3500, .lost = true, .word = true), END}},
    {"idle countdown: a pip as it starts, then on each of the last 5 seconds",
     .steps = {{.t = 0, .idle = true, .logout_t = 20000, .want = B(IDLE)},
               {.t = 1000, .idle = true, .logout_t = 20000},
               {.t = 14990, .idle = true, .logout_t = 20000},
               {.t = 15000, .idle = true, .logout_t = 20000, .want = B(IDLE)},
               {.t = 15500, .idle = true, .logout_t = 20000},
               {.t = 16000, .idle = true, .logout_t = 20000, .want = B(IDLE)},
               {.t = 18500, .idle = true, .logout_t = 20000, .want = B(IDLE)}, /* late frame */
               {.t = 19000, .idle = true, .logout_t = 20000, .want = B(IDLE)},
               {.t = 19900, .idle = true, .logout_t = 20000},
               {.t = 20000, .idle = true, .logout_t = 20000},
               {.t = 20100},
               {.t = 30000, .idle = true, .logout_t = 50000, .want = B(IDLE)},
               END}},
};

static void names(unsigned cues, char *out, size_t n)
{
    out[0] = '\0';
    for (int c = 0; c < TONE_CUE_COUNT; c++)
        if (cues & TONE_CUE_BIT(c)) {
            size_t len = strlen(out);
            snprintf(out + len, n - len, "%s%s", len ? "+" : "", tone_cue_name((enum tone_cue)c));
        }
    if (!out[0])
        snprintf(out, n, "nothing");
}

static void test_cue_scripts(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof scripts / sizeof scripts[0]; c++) {
        const struct script *sc = &scripts[c];
        struct cue_state st;
        cue_init(&st);
        for (int i = 0; sc->steps[i].t >= 0; i++) {
            const struct step *s = &sc->steps[i];
            struct cue_input in = {
                .t_us = (int64_t)s->t * US_PER_MS,
                .buzzer = s->buzzer,
                .in_set = s->set,
                .set_key = s->key ? s->key : 1,
                .ready = s->ready,
                .declared = sc->declared,
                .con_first = sc->con_first,
                .bar_lost = s->lost,
                .n_reps = s->reps,
                .target_reps = sc->target,
                .tempo_ms = {3000, 1000, 2000, 0},
                .phase = s->phase,
                .phase_start_us = (int64_t)s->phase_t * US_PER_MS,
                .vel_mps = s->vel            ? s->vel
                           : s->phase == ECC ? -0.3f
                           : s->phase == CON ? 0.3f
                                             : 0.0f,
                .idle_countdown = s->idle,
                .idle_logout_at_us = (int64_t)s->logout_t * US_PER_MS,
            };
            in.events.n[CUE_EVENT_BADGE_OK] = (uint32_t)s->ok;
            in.events.n[CUE_EVENT_BADGE_NO] = (uint32_t)s->no;
            in.events.n[CUE_EVENT_REP_CLEAN] = (uint32_t)s->clean;
            in.events.n[CUE_EVENT_REP_FLAGGED] = (uint32_t)s->bad;
            if (sc->tempo_ms[0])
                memcpy(in.tempo_ms, sc->tempo_ms, sizeof in.tempo_ms);
            bool alarm = !s->want_alarm;
            unsigned got = cue_update(&st, &in, &alarm);
            if (got != s->want || alarm != s->want_alarm) {
                char g[128], w[128];
                names(got, g, sizeof g);
                names(s->want, w, sizeof w);
                fail_msg("%s, step %d (t %d ms): played %s alarm %d, want %s alarm %d", sc->name, i,
                         s->t, g, alarm, w, s->want_alarm);
            }
            if (s->word && (cue_count_in_number(&st) != s->count || cue_lead(&st) != s->lead))
                fail_msg("%s, step %d (t %d ms): shows count %d lead %d, want count %d lead %d",
                         sc->name, i, s->t, cue_count_in_number(&st), cue_lead(&st), s->count,
                         s->lead);
        }
    }
}

/* ---- the schedule on the real rep detector, fed by the simulated bar unit ---- */

#define SIM_T0_US      1000000
#define SIM_SETTLE_US  4000000 /* bar held still: the count-in runs over it, then 1 s */
#define SIM_REST_US    1500000 /* standing between reps */
#define SIM_POLL_US    10000   /* USB poll */
#define SIM_FRAME_US   16667   /* the kiosk's frame */
#define SIM_DEPTH_MM   450
#define SIM_MAX_EVENTS 160
#define SIM_REPS_MAX   8
/* "go-up" against the simulator's true end of the pause: the detector sees the bar stop
 * within a few tens of ms of the truth (early when it creeps in slowly), and the cue
 * lands on the next frame. Well under a reaction time either way. */
/* The count's start against the simulator's start of the lowering: 0.1-0.35 s late on
 * the seeds below (the detector itself sees the lowering 0.5-0.8 s in). */
#define ONSET_EARLY_US 100000
#define ONSET_LATE_US  400000
#define GO_EARLY_US    150000
#define GO_LATE_US     150000

struct heard {
    int64_t t_us;
    enum tone_cue cue;
};

struct sim_run {
    struct rep_detector det;
    struct cue_events events;
    int n_reps;
    struct heard heard[SIM_MAX_EVENTS];
    int n_heard;
    int64_t rep_at[SIM_REPS_MAX];   /* each rep's start as the simulator queued it */
    int64_t onset_at[SIM_REPS_MAX]; /* each lowering's start as the count took it */
    int n_onsets;
};

static void on_sample(void *ctx, const struct imu_sample *imu)
{
    struct sim_run *r = ctx;
    struct rep_result res;
    if (!rep_detector_push(&r->det, imu, &res))
        return;
    r->n_reps++;
    cue_event(&r->events, res.rushed || res.momentum ? CUE_EVENT_REP_FLAGGED : CUE_EVENT_REP_CLEAN);
}

static void listen_to_reps(struct sim_run *r, uint32_t seed, const enum bar_sim_rep *styles, int n,
                           const int tempo_ms[4])
{
    struct rules rules;
    rules_default(&rules);
    for (int p = 0; p < 4; p++)
        rules.tempo_ms[p] = tempo_ms[p];
    rep_detector_init(&r->det, &rules);
    struct bar_sim *sim = bar_sim_new(seed, SIM_T0_US);
    assert_non_null(sim);
    int64_t t_rep = SIM_T0_US + SIM_SETTLE_US;
    for (int i = 0; i < n; i++) {
        r->rep_at[i] = t_rep;
        bar_sim_rep(sim, styles[i], tempo_ms, SIM_DEPTH_MM, t_rep);
        for (int p = 0; p < 4; p++)
            t_rep += (int64_t)tempo_ms[p] * US_PER_MS;
        t_rep += SIM_REST_US;
    }
    struct barlink link;
    barlink_init(&link);
    static uint8_t bytes[64 * 1024];
    struct cue_state st;
    cue_init(&st);
    int64_t next_poll = SIM_T0_US + SIM_POLL_US;
    for (int64_t t = SIM_T0_US; t <= t_rep; t += SIM_FRAME_US) {
        for (; next_poll <= t; next_poll += SIM_POLL_US) {
            int got = bar_read(bar_sim_port(sim), next_poll, bytes, sizeof bytes);
            assert_true(got >= 0);
            barlink_feed(&link, bytes, (size_t)got, next_poll, on_sample, r);
        }
        struct cue_input in = {
            .t_us = t,
            .events = r->events,
            .in_set = true,
            .set_key = 1,
            .ready = true,
            .n_reps = r->n_reps,
            .phase = rep_detector_phase(&r->det),
            .phase_start_us = rep_detector_phase_start_us(&r->det),
            .vel_mps = rep_detector_velocity_mps(&r->det),
        };
        memcpy(in.tempo_ms, rules.tempo_ms, sizeof in.tempo_ms);
        bool alarm;
        int64_t counted_from = st.counting ? st.ecc_start_us : 0;
        unsigned cues = cue_update(&st, &in, &alarm);
        assert_false(alarm);
        if (st.counting && st.ecc_start_us != counted_from && r->n_onsets < SIM_REPS_MAX)
            r->onset_at[r->n_onsets++] = st.ecc_start_us;
        for (int c = 0; c < TONE_CUE_COUNT; c++) {
            if (!(cues & TONE_CUE_BIT(c)))
                continue;
            assert_true(r->n_heard < SIM_MAX_EVENTS);
            r->heard[r->n_heard++] = (struct heard){t, (enum tone_cue)c};
        }
    }
    bar_close(bar_sim_port(sim));
    for (int i = 0; i < r->n_heard; i++)
        print_message("%7.3f s %s\n", (double)(r->heard[i].t_us - SIM_T0_US) / 1e6,
                      tone_cue_name(r->heard[i].cue));
}

static const struct {
    uint32_t seed;
    int tempo_ms[4];
} sim_cases[] = {
    {3, {3000, 1000, 2000, 0}},  {11, {3000, 1000, 2000, 0}}, {29, {2000, 2000, 1000, 0}},
    {47, {3000, 2000, 2000, 0}}, {58, {3000, 1500, 1000, 0}},
};

/* The count-in ends before the first rep; each clean rep's pause ends on "go-up". */
static void test_cues_lead_simulated_reps(void **state)
{
    (void)state;
    static const enum bar_sim_rep styles[] = {BAR_SIM_REP_CLEAN, BAR_SIM_REP_CLEAN,
                                              BAR_SIM_REP_RUSHED};
    static struct sim_run run;
    for (size_t c = 0; c < sizeof sim_cases / sizeof sim_cases[0]; c++) {
        const int *tempo = sim_cases[c].tempo_ms;
        print_message("seed %u, tempo %d-%d-%d-%d\n", sim_cases[c].seed, tempo[0], tempo[1],
                      tempo[2], tempo[3]);
        struct sim_run *r = &run;
        memset(r, 0, sizeof *r);
        listen_to_reps(r, sim_cases[c].seed, styles, 3, tempo);
        assert_int_equal(r->n_reps, 3);
        int i = 0;
        /* pip, pip, pip a second apart, then "down", all before the bar moves */
        for (int beat = 0; beat < CUE_COUNT_IN_BEATS; beat++) {
            assert_int_equal(r->heard[i].cue, beat < 3 ? TONE_CUE_PIP : TONE_CUE_DOWN);
            int64_t since = r->heard[i].t_us - r->heard[0].t_us;
            assert_true(since >= beat * CUE_BEAT_US && since < beat * CUE_BEAT_US + SIM_FRAME_US);
            assert_true(r->heard[i].t_us < r->rep_at[0]);
            i++;
        }
        for (int rep = 0; rep < 2; rep++) {
            if (rep > 0) /* the first rep's "down" was the count-in's */
                assert_int_equal(r->heard[i++].cue, TONE_CUE_DOWN);
            /* the eccentric's seconds (counted from when the bar is seen going down),
             * maybe "bottom", then the pause's seconds counted from the stop */
            int64_t ecc_end = r->rep_at[rep] + (int64_t)tempo[0] * US_PER_MS;
            int ticks = 0, pause_ticks = 0;
            for (; r->heard[i].cue == TONE_CUE_SECOND || r->heard[i].cue == TONE_CUE_BOTTOM; i++) {
                if (r->heard[i].cue == TONE_CUE_BOTTOM)
                    assert_int_equal(pause_ticks, 0);
                else if (r->heard[i].t_us < ecc_end)
                    ticks++;
                else
                    pause_ticks++;
            }
            assert_true(ticks <= (tempo[0] - 1) / 1000);
            assert_true(ticks >= tempo[0] / 1000 - 1);
            assert_int_equal(pause_ticks, (tempo[1] - 1) / 1000);
            assert_int_equal(r->heard[i].cue, TONE_CUE_GO_UP);
            int64_t pause_end = r->rep_at[rep] + (int64_t)(tempo[0] + tempo[1]) * US_PER_MS;
            int64_t off = r->heard[i].t_us - pause_end;
            print_message("rep %d: go-up %+.0f ms from the end of the pause\n", rep + 1,
                          off / 1000.0);
            assert_true(off >= -GO_EARLY_US && off <= GO_LATE_US);
            /* the count starts where the bar started down, not 3 cm later */
            assert_true(r->n_onsets > rep);
            int64_t onset_off = r->onset_at[rep] - r->rep_at[rep];
            print_message("rep %d: lowering counted from %+.0f ms of its start\n", rep + 1,
                          onset_off / 1000.0);
            assert_true(onset_off >= -ONSET_EARLY_US && onset_off <= ONSET_LATE_US);
            i++;
            assert_int_equal(r->heard[i++].cue, TONE_CUE_REP_CLEAN);
        }
        /* the rushed rep: down, maybe a tick, no bottom and no go-up, and it is flagged */
        assert_int_equal(r->heard[i++].cue, TONE_CUE_DOWN);
        if (r->heard[i].cue == TONE_CUE_SECOND)
            i++;
        assert_int_equal(r->heard[i++].cue, TONE_CUE_REP_FLAGGED);
        assert_int_equal(i, r->n_heard);
    }
}

/* ---- volume and quiet hours ---- */

static const struct {
    int from, until; /* minutes of the day, -1 none */
    int minute;
    int want_pct;
} volume_cases[] = {
    {-1, -1, 0, 90},
    {-1, -1, 23 * 60, 90},
    {22 * 60, 6 * 60, 23 * 60, 30},
    {22 * 60, 6 * 60, 0, 30},
    {22 * 60, 6 * 60, 5 * 60 + 59, 30},
    {22 * 60, 6 * 60, 6 * 60, 90},
    {22 * 60, 6 * 60, 21 * 60 + 59, 90},
    {22 * 60, 6 * 60, 22 * 60, 30},
    {13 * 60, 14 * 60, 13 * 60 + 30, 30},
    {13 * 60, 14 * 60, 14 * 60, 90},
    {13 * 60, 14 * 60, 12 * 60, 90},
    {8 * 60, 8 * 60, 8 * 60, 90}, /* no length: none */
};

static void test_volume_and_quiet_hours(void **state)
{
    (void)state;
    struct cue_volume v;
    cue_volume_default(&v);
    assert_int_equal(v.volume_pct, 100);
    assert_false(cue_quiet_now(&v, 0));
    for (size_t i = 0; i < sizeof volume_cases / sizeof volume_cases[0]; i++) {
        v = (struct cue_volume){90, 30, volume_cases[i].from, volume_cases[i].until};
        int got = cue_volume_now(&v, volume_cases[i].minute);
        if (got != volume_cases[i].want_pct)
            fail_msg("quiet %d-%d at minute %d: volume %d, want %d", volume_cases[i].from,
                     volume_cases[i].until, volume_cases[i].minute, got, volume_cases[i].want_pct);
    }
}

/*
 * The sound device open or closed, frame by frame: a script of what the session shows
 * and the badge sounds, and whether the device is wanted then. It closes
 * CUE_DEVICE_LINGER_US after the last sound where nothing timed runs, opens with the next
 * sound, and stays open on a lifter's screens, in a set, the idle countdown and the alarm.
 */
static const struct device_step {
    int t; /* ms; -1 ends */
    bool lifting, set, idle, buzzer;
    int no; /* badge-no events so far */
    bool want;
} device_script[] = {
    {0, .want = false}, /* attract, nothing has sounded since the start */
    {1000, .no = 1, .want = true},
    {5999, .no = 1, .want = true},
    {6000, .no = 1, .want = false}, /* 5 s of silence */
    {9000, .no = 2, .want = true},  /* a sound opens it again */
    {14000, .lifting = true, .no = 2, .want = true},
    {60000, .lifting = true, .no = 2, .want = true}, /* warm-up, plan or rest: no linger */
    {61000, .set = true, .no = 2, .want = true},     /* the bar held: "pip" */
    {62000, .no = 2, .want = true},                  /* the set ended: its pip lingers */
    {66000, .no = 2, .want = false},
    {70000, .idle = true, .no = 2, .want = true},
    {200000, .buzzer = true, .no = 2, .want = true},
    {204000, .no = 2, .want = true}, /* the alarm sounded until 200 s */
    {205000, .no = 2, .want = false},
    {-1},
};

static void test_device_open_while_something_can_sound(void **state)
{
    (void)state;
    struct cue_state st;
    cue_init(&st);
    for (const struct device_step *d = device_script; d->t >= 0; d++) {
        struct cue_input in = {
            .t_us = (int64_t)d->t * US_PER_MS,
            .lifting = d->lifting,
            .in_set = d->set,
            .ready = d->set,
            .set_key = 1,
            .idle_countdown = d->idle,
            .idle_logout_at_us = (int64_t)(d->t + 20000) * US_PER_MS,
            .buzzer = d->buzzer,
        };
        in.events.n[CUE_EVENT_BADGE_NO] = (uint32_t)d->no;
        bool alarm;
        cue_update(&st, &in, &alarm);
        bool want = cue_device_wanted(&st, &in);
        if (want != d->want)
            fail_msg("at %d ms: device %s, want %s", d->t, want ? "open" : "closed",
                     d->want ? "open" : "closed");
    }
    /* a sound played outside the schedule (a sound check) counts as one */
    cue_sounded(&st, 300000LL * US_PER_MS);
    struct cue_input later = {.t_us = 300001LL * US_PER_MS, .set_key = 1};
    later.events.n[CUE_EVENT_BADGE_NO] = 2;
    assert_true(cue_device_wanted(&st, &later));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cue_scripts),
        cmocka_unit_test(test_cues_lead_simulated_reps),
        cmocka_unit_test(test_volume_and_quiet_hours),
        cmocka_unit_test(test_device_open_while_something_can_sound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
