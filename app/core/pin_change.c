/*
 * A trainer changes their own PIN on the kiosk: the old PIN, then the new one twice, on
 * the same keypad as the sign-in (the kiosk's pin_digits). The store checks the old PIN
 * and keeps only the new one's argon2id hash; a wrong old PIN counts toward the lockout.
 */
#include <stdio.h>
#include <string.h>

#include "flow.h"
#include "session.h"
#include "view.h"

static void start(struct session *s, enum pin_change_step step)
{
    struct pin_change_state *pc = &s->trainer.pin_change;
    pc->step = step;
    pc->len = 0;
    memset(pc->digits, 0, sizeof pc->digits);
}

static void open_page(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    memset(&s->trainer.pin_change, 0, sizeof s->trainer.pin_change);
    flow_go(s, SCREEN_PIN_CHANGE, t_us);
}

static bool can_digit(const struct session *s, int digit)
{
    const struct pin_change_state *pc = &s->trainer.pin_change;
    return !pc->saving && pc->step != PIN_CHANGE_DONE && digit >= 0 && digit <= 9 &&
           pc->len < s->rules.pin_digits && pc->len < PIN_MAX_DIGITS;
}

static bool can_back(const struct session *s, int arg)
{
    (void)arg;
    const struct pin_change_state *pc = &s->trainer.pin_change;
    return !pc->saving && pc->step != PIN_CHANGE_DONE && pc->len > 0;
}

/* The page's messages are English phrases the screen says in the reader's language (the
 * strings are found for translation in this file). */
#ifndef N_
#define N_(str) str
#endif
static void say(struct pin_change_state *pc, bool failed, const char *msg)
{
    pc->failed = failed;
    pc->msg = msg;
    pc->arg[0] = '\0';
}

/* A whole PIN typed: on to the next step, or ask the store. */
static void step_done(struct session *s, int64_t t_us)
{
    struct pin_change_state *pc = &s->trainer.pin_change;
    switch (pc->step) {
    case PIN_CHANGE_OLD:
        memcpy(pc->old_pin, pc->digits, sizeof pc->old_pin);
        say(pc, false, "");
        start(s, PIN_CHANGE_NEW);
        return;
    case PIN_CHANGE_NEW:
        if (strcmp(pc->digits, pc->old_pin) == 0) {
            say(pc, true, N_("The new PIN is the old one: choose another"));
            start(s, PIN_CHANGE_NEW);
            return;
        }
        memcpy(pc->new_pin, pc->digits, sizeof pc->new_pin);
        say(pc, false, "");
        start(s, PIN_CHANGE_AGAIN);
        return;
    case PIN_CHANGE_AGAIN:
        if (strcmp(pc->digits, pc->new_pin) != 0) {
            say(pc, true, N_("The two new PINs differ: enter the new PIN again"));
            start(s, PIN_CHANGE_NEW);
            return;
        }
        break;
    case PIN_CHANGE_DONE:
        return;
    }
    struct effect *e = flow_push(s, EFFECT_CHANGE_PIN, t_us);
    if (!e) {
        say(pc, true, N_("Busy: try again"));
        start(s, PIN_CHANGE_OLD);
        return;
    }
    e->member_id = s->who.id;
    snprintf(e->text, sizeof e->text, "%s %s", pc->old_pin, pc->new_pin);
    pc->saving = true;
    say(pc, false, "");
}

static void digit(struct session *s, int d, int64_t t_us)
{
    struct pin_change_state *pc = &s->trainer.pin_change;
    pc->digits[pc->len++] = (char)('0' + d);
    pc->digits[pc->len] = '\0';
    if (pc->len >= s->rules.pin_digits)
        step_done(s, t_us);
    flow_changed(s);
}

static void back(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    (void)t_us;
    struct pin_change_state *pc = &s->trainer.pin_change;
    pc->digits[--pc->len] = '\0';
    flow_changed(s);
}

static bool can_leave(const struct session *s, int arg)
{
    (void)arg;
    return !s->trainer.pin_change.saving;
}

static void leave(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    memset(&s->trainer.pin_change, 0, sizeof s->trainer.pin_change);
    flow_go(s, SCREEN_FLAGS, t_us);
}

const struct transition pin_change_table[] = {
    {SCREEN_FLAGS, ACTION_PIN_CHANGE, NULL, open_page},
    {SCREEN_PIN_CHANGE, ACTION_PIN_DIGIT, can_digit, digit},
    {SCREEN_PIN_CHANGE, ACTION_PIN_BACK, can_back, back},
    {SCREEN_PIN_CHANGE, ACTION_BACK, can_leave, leave},
};
const size_t pin_change_table_len = sizeof pin_change_table / sizeof pin_change_table[0];

void session_pin_changed(struct session *s, bool ok, bool wrong_old, const char *why, int64_t t_us)
{
    s->now_us = t_us;
    struct pin_change_state *pc = &s->trainer.pin_change;
    if (s->screen != SCREEN_PIN_CHANGE || !pc->saving)
        return;
    pc->saving = false;
    memset(pc->old_pin, 0, sizeof pc->old_pin);
    memset(pc->new_pin, 0, sizeof pc->new_pin);
    if (ok) {
        pin_lockout_succeeded(&s->pin_lock);
        say(pc, false, N_("PIN changed: use the new one from now on"));
        start(s, PIN_CHANGE_DONE);
        flow_changed(s);
        return;
    }
    if (wrong_old) {
        if (trainer_pin_failed(s, t_us))
            return; /* locked: the trainer is logged out */
        say(pc, true, N_("Wrong old PIN: nothing changed"));
    } else {
        /* the store's own words: a database's error is said as it was */
        say(pc, true, N_("Not changed: %s"));
        snprintf(pc->arg, sizeof pc->arg, "%.60s", why && why[0] ? why : "store error");
    }
    start(s, PIN_CHANGE_OLD);
    flow_changed(s);
}

void pin_change_view(const struct session *s, struct view_trainer *t)
{
    const struct pin_change_state *pc = &s->trainer.pin_change;
    t->pc_step = (int)pc->step;
    t->pc_len = pc->len;
    t->pc_saving = pc->saving;
    t->pc_failed = pc->failed;
    t->pc_msg = pc->msg ? pc->msg : "";
    t->pc_msg_arg = pc->arg;
}
