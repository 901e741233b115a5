/*
 * The trainer's Calibrate page: the plate's zero and scale from a known weight, as
 * `rackside-ctl calibrate` does it, with plate_cal.c's arithmetic. The trainer empties the
 * plate and takes the zero, sets the weight over the left cells and then the right ones
 * (or once in the middle), then somewhere else for a check; each reading is taken only
 * once the load filter has called the plate steady for CAL_STEADY_US. Save hands the
 * result to the kiosk, which writes it into [plate] of the settings file.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "flow.h"
#include "phrase.h"
#include "plate_cal.h"
#include "view.h"

#define CAL_WEIGHT_MAX     500 /* kg or lb: what rackside-ctl calibrate accepts */
#define CAL_WEIGHT_KG      20  /* a bar is the weight every gym has */
#define CAL_WEIGHT_LB      45
#define CAL_STEADY_US      1000000 /* steady this long: the hand that set the weight is off it */
#define CAL_MIN_SAMPLES    8
#define CAL_CHECK_GOOD_PCT 0.5 /* a check within this of the weight: the scales are right */
#define G_PER_LB           453.59237

static double weight_g(const struct trainer_cal *c)
{
    return c->lb ? c->weight * G_PER_LB : c->weight * 1000.0;
}

/* Not while a lifter's session waits behind the trainer's screens: the weight on the plate
 * would read as their bar. */
bool cal_open_can(const struct session *s, int arg)
{
    (void)arg;
    return !s->hold.active;
}

void cal_open(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    struct trainer_cal *c = &s->trainer.cal;
    bool lb = c->lb;
    memset(c, 0, sizeof *c);
    c->lb = lb;
    c->step = CAL_ZERO;
    c->weight = lb ? CAL_WEIGHT_LB : CAL_WEIGHT_KG;
    flow_go(s, SCREEN_TRAINER_CALIBRATE, t_us);
}

/* The weight is set before it goes on the plate. By the sign of the step, as the view
 * asks (view.h); the step is clamped to 1..CAL_WEIGHT_MAX. */
bool cal_weight_can(const struct session *s, int delta)
{
    const struct trainer_cal *c = &s->trainer.cal;
    if (c->step > CAL_LEFT)
        return false;
    return delta > 0 ? c->weight < CAL_WEIGHT_MAX : delta < 0 && c->weight > 1;
}

void cal_weight(struct session *s, int delta, int64_t t_us)
{
    (void)t_us;
    struct trainer_cal *c = &s->trainer.cal;
    int64_t to = (int64_t)c->weight + delta;
    c->weight = to < 1 ? 1 : to > CAL_WEIGHT_MAX ? CAL_WEIGHT_MAX : (int)to;
    flow_changed(s);
}

bool cal_middle_can(const struct session *s, int middle)
{
    const struct trainer_cal *c = &s->trainer.cal;
    return (middle == 0 || middle == 1) && c->step <= CAL_LEFT; /* before the weight is on */
}

void cal_middle(struct session *s, int middle, int64_t t_us)
{
    (void)t_us;
    s->trainer.cal.middle = middle == 1;
    flow_changed(s);
}

/* The samples taken since the plate has been steady for CAL_STEADY_US, or 0 when not yet. */
static int steady_samples(const struct session *s)
{
    const struct trainer_cal *c = &s->trainer.cal;
    if (!s->load.stable || s->load.fault || s->now_us - s->load.stable_since_us < CAL_STEADY_US)
        return 0;
    int n = 0;
    for (int i = 0; i < c->n_raw; i++)
        n += c->raw_t_us[i] >= s->load.stable_since_us;
    return n >= CAL_MIN_SAMPLES ? n : 0;
}

bool cal_capture_can(const struct session *s, int arg)
{
    (void)arg;
    return s->trainer.cal.step < CAL_DONE && !s->trainer.cal.saving && steady_samples(s) > 0;
}

/* The trimmed mean per side of the samples inside the steady stretch. */
static void capture(const struct session *s, double counts[PLATE_SIDES])
{
    const struct trainer_cal *c = &s->trainer.cal;
    for (int side = 0; side < PLATE_SIDES; side++) {
        int32_t v[CAL_SAMPLES];
        int n = 0;
        for (int i = 0; i < c->n_raw; i++)
            if (c->raw_t_us[i] >= s->load.stable_since_us)
                v[n++] = c->raw[i][side];
        counts[side] = plate_cal_trimmed_mean(v, n);
    }
}

static void solve(struct trainer_cal *c)
{
    c->msg_fmt = NULL;
    struct plate_cal_why why;
    c->solved = plate_cal_solve(c->counts[CAL_ZERO], c->counts[CAL_LEFT], c->counts[CAL_RIGHT],
                                c->middle, weight_g(c), &c->result, &why);
    c->failed = !c->solved;
    if (c->failed) { /* the solver's reason, its phrase said in the reader's words */
        c->msg_fmt = plate_cal_faults_en[why.fault];
        c->msg_pct = -1;
        snprintf(c->msg_arg, sizeof c->msg_arg, "%s", why.arg);
        plate_cal_why_english(&why, c->msg, sizeof c->msg);
    }
}

/* marks the formats for xgettext (tests/e2e/i18n.sh); the screen translates them */
#ifndef N_
#define N_(str) str
#endif

/* What the check and the save say: English formats the screen translates and fills. */
static const char *const cal_formats[] = {
    N_("Check good: within %s %%; Save to use it"),
    N_("Check %s %% off: a placement moved; Cancel and take the readings again"),
    N_("Saved: the plate reads with it now"),
    N_("Not saved: %s"),
};
enum { CAL_MSG_GOOD, CAL_MSG_OFF, CAL_MSG_SAVED, CAL_MSG_NOT_SAVED };

/* Sets the message m with its argument (pct >= 0: a percentage to one decimal, else arg),
 * filled in English for the record; the screen says it in the reader's language. */
static void cal_say(struct trainer_cal *c, int m, double pct, const char *arg)
{
    c->msg_fmt = cal_formats[m];
    c->msg_pct = pct;
    if (pct >= 0)
        snprintf(c->msg_arg, sizeof c->msg_arg, "%.1f", pct);
    else
        snprintf(c->msg_arg, sizeof c->msg_arg, "%s", arg ? arg : "");
    const char *args[1] = {c->msg_arg};
    phrase_fill(c->msg, sizeof c->msg, c->msg_fmt, args, 1);
}

/* What the check says of the result: good enough to save, or taken again (Cancel). */
static void check_verdict(struct trainer_cal *c)
{
    double off_pct = 100.0 * fabs(c->residual_g) / weight_g(c);
    cal_say(c, off_pct <= CAL_CHECK_GOOD_PCT ? CAL_MSG_GOOD : CAL_MSG_OFF, off_pct, NULL);
}

void cal_capture(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    (void)t_us;
    struct trainer_cal *c = &s->trainer.cal;
    capture(s, c->counts[c->step]);
    c->msg[0] = '\0';
    c->failed = false;
    switch (c->step) {
    case CAL_ZERO:
        c->step = CAL_LEFT;
        break;
    case CAL_LEFT:
    case CAL_RIGHT:
        if (c->step == CAL_LEFT && !c->middle) {
            c->step = CAL_RIGHT;
            break;
        }
        solve(c);
        /* placements that cannot be solved are taken again; the message says why */
        c->step = c->solved ? CAL_CHECK : CAL_LEFT;
        break;
    case CAL_CHECK:
        c->residual_g = plate_cal_read_g(&c->result, c->counts[CAL_CHECK]) - weight_g(c);
        c->step = CAL_DONE;
        check_verdict(c);
        break;
    case CAL_DONE:
        break;
    }
    /* the next reading starts from its own steady stretch */
    c->n_raw = 0;
    c->at = 0;
    flow_changed(s);
}

bool cal_save_can(const struct session *s, int arg)
{
    (void)arg;
    const struct trainer_cal *c = &s->trainer.cal;
    return c->step == CAL_DONE && c->solved && !c->saving && !c->saved;
}

void cal_save(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    struct effect *e = flow_push(s, EFFECT_SAVE_CALIBRATION, t_us);
    if (!e)
        return;
    e->cal = s->trainer.cal.result;
    e->cal_known_g = (int32_t)lround(weight_g(&s->trainer.cal));
    e->cal_middle = s->trainer.cal.middle;
    e->cal_check_error_g = s->trainer.cal.residual_g;
    s->trainer.cal.saving = true;
    s->trainer.cal.msg[0] = '\0';
    flow_changed(s);
}

void session_plate_counts(struct session *s, const struct plate_sample *sample, int64_t t_us)
{
    if (s->screen != SCREEN_TRAINER_CALIBRATE)
        return; /* nothing else reads the counts: every other screen is as it was */
    s->now_us = t_us;
    struct trainer_cal *c = &s->trainer.cal;
    if (sample->ok_mask == (1u << PLATE_SIDES) - 1) {
        c->raw[c->at][PLATE_LEFT] = sample->raw[PLATE_LEFT];
        c->raw[c->at][PLATE_RIGHT] = sample->raw[PLATE_RIGHT];
        c->raw_t_us[c->at] = sample->t_us;
        c->at = (c->at + 1) % CAL_SAMPLES;
        if (c->n_raw < CAL_SAMPLES)
            c->n_raw++;
    }
    flow_changed(s); /* the live reading */
}

void session_calibration_saved(struct session *s, bool ok, const char *why, int64_t t_us)
{
    s->now_us = t_us;
    struct trainer_cal *c = &s->trainer.cal;
    if (!c->saving)
        return;
    c->saving = false;
    c->saved = ok;
    c->failed = !ok;
    cal_say(c, ok ? CAL_MSG_SAVED : CAL_MSG_NOT_SAVED, -1, why && *why ? why : "error");
    flow_changed(s);
}

void cal_view(const struct session *s, struct view_trainer *out)
{
    const struct trainer_cal *c = &s->trainer.cal;
    struct view_calibrate *v = &out->cal;
    v->step = c->step;
    v->middle = c->middle;
    v->lb = c->lb;
    v->weight = c->weight;
    v->live_g = s->load.total_g;
    v->live_side_g[PLATE_LEFT] = s->load.side_g[PLATE_LEFT];
    v->live_side_g[PLATE_RIGHT] = s->load.side_g[PLATE_RIGHT];
    v->stable = s->load.stable;
    v->ready = steady_samples(s) > 0;
    v->fault = s->load.fault;
    v->fault_msg = s->load.fault_msg;
    int last = (c->at + CAL_SAMPLES - 1) % CAL_SAMPLES;
    v->raw[PLATE_LEFT] = c->n_raw ? c->raw[last][PLATE_LEFT] : 0;
    v->raw[PLATE_RIGHT] = c->n_raw ? c->raw[last][PLATE_RIGHT] : 0;
    v->solved = c->solved;
    v->result = c->result;
    v->residual_g = c->residual_g;
    v->weight_g = weight_g(c);
    v->saving = c->saving;
    v->saved = c->saved;
    v->failed = c->failed;
    v->msg = c->msg;
    v->msg_fmt = c->msg[0] ? c->msg_fmt : NULL;
    v->msg_arg = c->msg_arg;
    v->msg_pct = c->msg_pct;
}
