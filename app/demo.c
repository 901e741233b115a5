/*
 * --demo: a whole session at the rack with nobody there, driven through the same
 * simulated devices and touches a person would use. Every step waits for the screen
 * it expects, so the script fails loudly (exit 1) instead of drifting when the
 * product changes.
 */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk.h"

#define SEC                1000000LL
#define STEP_TIMEOUT_US    (400 * SEC) /* virtual time: longer than a warm-up or a rest */
#define FAST               20          /* warm-up, rests and idle waits run 20x */
#define LIVE               3           /* sets run 3x: still every IMU sample */
#define TRAINER_PIN_DIGITS "2468"
#define DEMO_PAIN          2
#define DEMO_PAIN_RED_FLAG 3
#define DEMO_LOAD_LIFTER   "Alex Rivera"
#define DEMO_LOAD_EXERCISE "Deadlift"
#define DEMO_START_LOAD_G  60000
#define DEMO_LOAD_STEP_G   10000

enum demo_step {
    D_START,
    D_TAP_ALEX,
    D_ALEX_PAIN,
    D_ALEX_RED_FLAG,
    D_ALEX_DONE,
    D_ADVICE,
    D_STEP_ON,
    D_TAP_SAM,
    D_SAM_PAIN,
    D_SAM_DONE,
    D_WARMUP,
    D_PLAN,
    D_UNRACK,
    D_REPS,
    D_RERACK,
    D_REST,
    D_OVERLOAD_PLAN,
    D_OVERLOAD_UNRACK,
    D_STOPPED,
    D_AFTER_STOP,
    D_LOGOUT,
    D_STEP_OFF,
    D_TAP_TRAINER,
    D_PIN,
    D_FLAGS,
    D_IDLE,
    D_OPEN_FLAG,
    D_ACK,
    D_BACK,
    D_LOADS,
    D_LOADS_SET,
    D_LOADS_SAVED,
    D_TRAINER_LOGOUT,
    D_DONE,
};

struct demo {
    enum demo_step step;
    int64_t since_us; /* when the current step began */
    int sub;          /* progress inside a step */
    int sets_done;
    int acked;
};

struct demo *demo_new(void)
{
    return calloc(1, sizeof(struct demo));
}

void demo_free(struct demo *d)
{
    free(d);
}

int demo_speed(const struct demo *d, const struct kiosk *k)
{
    if (!d)
        return 1;
    enum screen s = k->session.screen;
    if (s == SCREEN_WARMUP || s == SCREEN_REST || d->step == D_IDLE)
        return FAST;
    return s == SCREEN_SET ? LIVE : 1;
}

static void next(struct demo *d, int64_t t_us)
{
    d->step++;
    d->since_us = t_us;
    d->sub = 0;
}

static bool after(const struct demo *d, int64_t t_us, double seconds)
{
    return t_us - d->since_us >= (int64_t)(seconds * SEC);
}

/* Set 2 has the faults a trainer should see: a rushed and a swinging rep. */
static enum bar_sim_rep rep_style(int set, int rep)
{
    if (set == 1 && rep == 2)
        return BAR_SIM_REP_RUSHED;
    if (set == 1 && rep == 3)
        return BAR_SIM_REP_SWING;
    return BAR_SIM_REP_CLEAN;
}

static int find_lifter(const struct session *s, const char *name)
{
    for (int i = 0; i < s->n_lifters; i++)
        if (strcmp(s->lifters[i].name, name) == 0)
            return i;
    return -1;
}

static int find_exercise(const struct session *s, const char *name)
{
    for (int i = 0; i < s->n_exercises; i++)
        if (strcmp(s->exercises[i].name, name) == 0)
            return i;
    return -1;
}

/* The first flag raised on a set, preferring the kind asked for. */
static int find_flag(const struct session *s, enum flag_kind kind)
{
    for (int i = 0; i < s->n_flags; i++)
        if (s->flags[i].kind == kind && !s->flags[i].acked)
            return i;
    return -1;
}

static bool run(struct demo *d, struct kiosk *k, int64_t t)
{
    struct session *s = &k->session;
    switch (d->step) {
    case D_START:
        if (after(d, t, 1.0))
            next(d, t);
        break;
    case D_TAP_ALEX:
        kiosk_sim_key(k, SDLK_1, t);
        next(d, t);
        break;
    case D_ALEX_PAIN:
        if (s->screen == SCREEN_CHECKIN && after(d, t, 1.5)) {
            kiosk_touch(k, ACTION_PAIN, DEMO_PAIN_RED_FLAG, t);
            next(d, t);
        }
        break;
    case D_ALEX_RED_FLAG:
        if (after(d, t, 1.0)) {
            kiosk_touch(k, ACTION_RED_FLAG, 0, t);
            next(d, t);
        }
        break;
    case D_ALEX_DONE:
        if (after(d, t, 1.0)) {
            kiosk_touch(k, ACTION_CHECKIN_DONE, 0, t);
            next(d, t);
        }
        break;
    case D_ADVICE:
        if (s->screen == SCREEN_ADVICE && after(d, t, 3.0)) {
            kiosk_touch(k, ACTION_ADVICE_DONE, 0, t);
            next(d, t);
        }
        break;
    case D_STEP_ON:
        if (s->screen == SCREEN_ATTRACT && after(d, t, 1.0)) {
            kiosk_sim_key(k, SDLK_p, t);
            next(d, t);
        }
        break;
    case D_TAP_SAM:
        if (after(d, t, 1.5)) {
            kiosk_sim_key(k, SDLK_2, t);
            next(d, t);
        }
        break;
    case D_SAM_PAIN:
        if (s->screen == SCREEN_CHECKIN && s->body_known && after(d, t, 1.5)) {
            kiosk_touch(k, ACTION_PAIN, DEMO_PAIN, t);
            next(d, t);
        }
        break;
    case D_SAM_DONE:
        if (after(d, t, 1.0)) {
            kiosk_touch(k, ACTION_CHECKIN_DONE, 0, t);
            next(d, t);
        }
        break;
    case D_WARMUP:
        if (s->screen == SCREEN_PLAN)
            next(d, t);
        break;
    case D_PLAN:
        if (s->screen == SCREEN_PLAN && after(d, t, 2.0)) {
            if (d->sets_done == 0)
                kiosk_touch(k, ACTION_EXERCISE, 0, t);
            kiosk_touch(k, ACTION_START_SET, 0, t);
            next(d, t);
        }
        break;
    case D_UNRACK:
        if (s->screen == SCREEN_SET && after(d, t, 1.0)) {
            kiosk_sim_key(k, SDLK_u, t);
            next(d, t);
        }
        break;
    case D_REPS:
        /* one rep at a time, each once the bar has settled from the last */
        if (!s->set.load_known || bar_sim_busy(k->bar_sim, t)) {
            d->since_us = t; /* time counts from the end of the movement */
            break;
        }
        if (!after(d, t, 1.0))
            break;
        if (s->set.n_reps >= s->set.target_reps) {
            next(d, t);
            break;
        }
        if (d->sub == s->set.n_reps) {
            kiosk_sim_rep(k, rep_style(d->sets_done, d->sub), t);
            d->sub++;
            d->since_us = t;
        } else if (after(d, t, 4.0)) {
            fprintf(stderr, "demo: rep %d was not counted\n", d->sub);
            k->exit_code = 1;
            return false;
        }
        break;
    case D_RERACK:
        if (after(d, t, 1.0)) {
            kiosk_sim_key(k, SDLK_u, t);
            next(d, t);
        }
        break;
    case D_REST:
        if (s->screen == SCREEN_REST && !s->set.saved)
            break;
        if (s->screen == SCREEN_PLAN) {
            if (!s->set.saved) {
                fprintf(stderr, "demo: set %d was not saved\n", d->sets_done + 1);
                k->exit_code = 1;
                return false;
            }
            d->sets_done++;
            if (d->sets_done < 2) {
                d->step = D_PLAN;
                d->since_us = t;
            } else {
                next(d, t);
            }
        }
        break;
    case D_OVERLOAD_PLAN:
        if (after(d, t, 2.0)) {
            kiosk_touch(k, ACTION_START_SET, 0, t);
            kiosk_sim_key(k, SDLK_b, t);
            next(d, t);
        }
        break;
    case D_OVERLOAD_UNRACK:
        if (s->screen == SCREEN_SET && after(d, t, 1.0)) {
            kiosk_sim_key(k, SDLK_u, t);
            next(d, t);
        }
        break;
    case D_STOPPED:
        if (s->screen == SCREEN_STOP && after(d, t, 3.0)) {
            kiosk_sim_key(k, SDLK_u, t); /* rack the bar, as the screen says */
            kiosk_touch(k, ACTION_STOP_DONE, 0, t);
            next(d, t);
        }
        break;
    case D_AFTER_STOP:
        if (s->screen == SCREEN_PLAN && s->set.saved && after(d, t, 2.0))
            next(d, t);
        break;
    case D_LOGOUT:
        kiosk_touch(k, ACTION_LOGOUT, 0, t);
        next(d, t);
        break;
    case D_STEP_OFF:
        if (after(d, t, 1.0)) {
            kiosk_sim_key(k, SDLK_p, t);
            next(d, t);
        }
        break;
    case D_TAP_TRAINER:
        if (after(d, t, 2.0)) {
            kiosk_sim_key(k, SDLK_9, t);
            next(d, t);
        }
        break;
    case D_PIN:
        if (s->screen == SCREEN_FLAGS) {
            next(d, t);
            break;
        }
        if (s->screen != SCREEN_TRAINER_PIN || !after(d, t, 0.6))
            break;
        if (d->sub < (int)sizeof TRAINER_PIN_DIGITS - 1) {
            kiosk_touch(k, ACTION_PIN_DIGIT, TRAINER_PIN_DIGITS[d->sub++] - '0', t);
            d->since_us = t;
        } else if (s->pin_wrong) {
            fprintf(stderr, "demo: the trainer PIN was refused\n");
            k->exit_code = 1;
            return false;
        }
        break;
    case D_FLAGS:
        if (s->screen == SCREEN_FLAGS && !s->flags_loading && after(d, t, 2.0))
            next(d, t);
        break;
    case D_IDLE:
        /* the trainer walks away: the countdown shows, then a touch keeps them in */
        if (!s->idle_countdown) {
            d->since_us = t; /* count from when the countdown appears */
            break;
        }
        if (after(d, t, 3.0)) {
            kiosk_touch(k, ACTION_TOUCH, 0, t);
            next(d, t);
        }
        break;
    case D_OPEN_FLAG: {
        if (!after(d, t, 1.0))
            break;
        enum flag_kind want = d->acked == 0 ? FLAG_RUSHED : FLAG_OVERLOAD;
        int i = find_flag(s, want);
        if (i < 0) {
            fprintf(stderr, "demo: no %s flag in today's list\n", flag_kind_id(want));
            k->exit_code = 1;
            return false;
        }
        kiosk_touch(k, ACTION_FLAG_OPEN, i, t);
        next(d, t);
        break;
    }
    case D_ACK:
        if (s->screen == SCREEN_FLAG_DETAIL && s->detail_loaded && after(d, t, 2.0)) {
            kiosk_touch(k, ACTION_FLAG_ACK, d->acked == 0 ? 1 : 0, t);
            d->acked++;
            next(d, t);
        }
        break;
    case D_BACK:
        if (after(d, t, 2.0)) {
            kiosk_touch(k, ACTION_BACK, 0, t);
            if (d->acked < 2) {
                d->step = D_OPEN_FLAG;
                d->since_us = t;
            } else {
                next(d, t);
            }
        }
        break;
    case D_LOADS:
        /* the trainer gives Alex a deadlift start load before Alex's first deadlift */
        if (s->screen == SCREEN_FLAGS && !s->flags_loading && after(d, t, 2.0)) {
            kiosk_touch(k, ACTION_LOADS, 0, t);
            next(d, t);
        }
        break;
    case D_LOADS_SET: {
        if (s->screen != SCREEN_TRAINER_LOADS || s->lifters_loading || !after(d, t, 1.5))
            break;
        int alex = find_lifter(s, DEMO_LOAD_LIFTER);
        int deadlift = find_exercise(s, DEMO_LOAD_EXERCISE);
        if (alex < 0 || deadlift < 0) {
            fprintf(stderr, "demo: no %s or no %s on the loads screen\n", DEMO_LOAD_LIFTER,
                    DEMO_LOAD_EXERCISE);
            k->exit_code = 1;
            return false;
        }
        kiosk_touch(k, ACTION_LOAD_LIFTER, alex, t);
        kiosk_touch(k, ACTION_LOAD_EXERCISE, deadlift, t);
        kiosk_touch(k, ACTION_LOAD_KIND, 0, t);
        while (s->load_g < DEMO_START_LOAD_G)
            kiosk_touch(k, ACTION_LOAD_STEP, DEMO_LOAD_STEP_G, t);
        kiosk_touch(k, ACTION_LOAD_SAVE, 0, t);
        next(d, t);
        break;
    }
    case D_LOADS_SAVED:
        if (s->load_saving || !after(d, t, 2.0))
            break;
        if (s->load_failed) {
            fprintf(stderr, "demo: the start load was not saved: %s\n", s->load_msg);
            k->exit_code = 1;
            return false;
        }
        kiosk_touch(k, ACTION_BACK, 0, t);
        next(d, t);
        break;
    case D_TRAINER_LOGOUT:
        if (s->screen == SCREEN_FLAGS && !s->flags_loading && after(d, t, 2.0)) {
            kiosk_touch(k, ACTION_LOGOUT, 0, t);
            next(d, t);
        }
        break;
    case D_DONE:
        if (after(d, t, 1.0)) {
            k->exit_code = 0;
            return false;
        }
        break;
    }
    return true;
}

bool demo_step(struct demo *d, struct kiosk *k, int64_t t_us)
{
    enum demo_step before = d->step;
    if (!run(d, k, t_us))
        return false;
    if (d->step == before && t_us - d->since_us > STEP_TIMEOUT_US) {
        fprintf(stderr, "demo: stuck at step %d on the %s screen\n", (int)d->step,
                screen_name(k->session.screen));
        k->exit_code = 1;
        return false;
    }
    return true;
}
