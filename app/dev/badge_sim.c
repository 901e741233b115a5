#include <linux/input-event-codes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "badge_reader.h"

#define BADGE_SIM_CHAR_US 3000 /* a wedge reader types a key every few ms */
#define BADGE_SIM_STEP_US 500  /* between the events of one key (shift, press, release) */

struct badge_sim {
    struct badge_reader port; /* first, so the port converts back to the simulator */
    struct key_event *events; /* pending, by time */
    size_t n, cap;
};

static uint16_t char_code(char c)
{
    static const uint16_t letters[26] = {
        KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I, KEY_J, KEY_K, KEY_L, KEY_M,
        KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R, KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X, KEY_Y, KEY_Z,
    };
    if (c >= '1' && c <= '9')
        return (uint16_t)(KEY_1 + (c - '1'));
    if (c == '0')
        return KEY_0;
    if (c >= 'A' && c <= 'Z')
        return letters[c - 'A'];
    if (c >= 'a' && c <= 'z')
        return letters[c - 'a'];
    if (c == '-')
        return KEY_MINUS;
    return 0;
}

/* Out of memory drops the key: the decoder then sees a garbled read, as with a bad tap. */
static int queue(struct badge_sim *sim, int64_t t_us, uint16_t code, int32_t value)
{
    if (sim->n == sim->cap) {
        size_t cap = sim->cap ? sim->cap * 2 : 64;
        struct key_event *events = realloc(sim->events, cap * sizeof(*events));
        if (!events)
            return -1;
        sim->events = events;
        sim->cap = cap;
    }
    size_t at = sim->n;
    while (at > 0 && sim->events[at - 1].t_us > t_us)
        at--;
    memmove(&sim->events[at + 1], &sim->events[at], (sim->n - at) * sizeof(*sim->events));
    sim->events[at] = (struct key_event){.t_us = t_us, .code = code, .value = value};
    sim->n++;
    return 0;
}

/* One key as a reader sends it: Shift around upper-case letters, press, release. */
static void type_key(struct badge_sim *sim, int64_t t_us, uint16_t code, bool shift)
{
    int64_t t = t_us;
    if (shift) {
        queue(sim, t, KEY_LEFTSHIFT, 1);
        t += BADGE_SIM_STEP_US;
    }
    queue(sim, t, code, 1);
    queue(sim, t + BADGE_SIM_STEP_US, code, 0);
    if (shift)
        queue(sim, t + 2 * BADGE_SIM_STEP_US, KEY_LEFTSHIFT, 0);
}

static void type_uid(struct badge_sim *sim, const char *uid, size_t n_chars, bool enter,
                     int64_t t_us)
{
    int64_t t = t_us;
    for (size_t i = 0; i < n_chars; i++) {
        uint16_t code = char_code(uid[i]);
        if (!code)
            continue; /* no key types it */
        type_key(sim, t, code, uid[i] >= 'A' && uid[i] <= 'Z');
        t += BADGE_SIM_CHAR_US;
    }
    if (enter)
        type_key(sim, t, KEY_ENTER, false);
}

static int sim_poll(struct badge_reader *r, int64_t now_us, struct key_event *out, int max)
{
    struct badge_sim *sim = (struct badge_sim *)r;
    size_t n = 0;
    while (n < sim->n && (int)n < max && sim->events[n].t_us <= now_us) {
        out[n] = sim->events[n];
        n++;
    }
    if (n == 0)
        return 0; /* nothing typed yet: events may still be unallocated */
    sim->n -= n;
    memmove(&sim->events[0], &sim->events[n], sim->n * sizeof(*sim->events));
    return (int)n;
}

static void sim_close(struct badge_reader *r)
{
    struct badge_sim *sim = (struct badge_sim *)r;
    if (!sim)
        return;
    free(sim->events);
    free(sim);
}

struct badge_sim *badge_sim_new(void)
{
    struct badge_sim *sim = calloc(1, sizeof(*sim));
    if (!sim)
        return NULL;
    sim->port = (struct badge_reader){.name = "badge-sim", .poll = sim_poll, .close = sim_close};
    return sim;
}

struct badge_reader *badge_sim_port(struct badge_sim *sim)
{
    return &sim->port;
}

void badge_sim_tap(struct badge_sim *sim, const char *uid, int64_t t_us)
{
    type_uid(sim, uid, strlen(uid), true, t_us);
}

void badge_sim_tap_partial(struct badge_sim *sim, const char *uid, int64_t t_us)
{
    size_t len = strlen(uid);
    type_uid(sim, uid, (len + 1) / 2, false, t_us);
}
