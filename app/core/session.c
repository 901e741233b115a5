/*
 * The session flow: one state machine over enum screen. Each entry point does its
 * work at the time it is given, bumps generation when the screen would change, and
 * queues effects for the caller (store writes, PIN checks, look-ups).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "flag_text.h"
#include "flow.h"
#include "phrase.h"
#include "readiness.h"
#include "set_summary.h"
#include "view.h"

#define BODY_MIN_G          20000   /* less than this on the plate is not a person */
#define BODY_CHANGE_SHOWN_G 100     /* body weight moves shown on screen */
#define STOP_BUZZER_US      3000000 /* the buzzer sounds for the first 3 s of a stop */
#define BANNER_US           6000000
#define TAKEOVER_OFFER_US   20000000 /* the newcomer has this long to take over */
#define PERCENT             100

static const char *const screen_names[SCREEN_COUNT] = {
    [SCREEN_ATTRACT] = "attract",
    [SCREEN_CHECKIN] = "check-in",
    [SCREEN_ADVICE] = "advice",
    [SCREEN_WARMUP] = "warm-up",
    [SCREEN_PLAN] = "plan",
    [SCREEN_SET] = "set",
    [SCREEN_REST] = "rest",
    [SCREEN_STOP] = "stop",
    [SCREEN_TRAINER_PIN] = "trainer-pin",
    [SCREEN_FLAGS] = "flags",
    [SCREEN_FLAG_DETAIL] = "flag-detail",
    [SCREEN_TRAINER_LOADS] = "trainer-loads",
    [SCREEN_TRAINER_CALIBRATE] = "trainer-calibrate",
    [SCREEN_PIN_CHANGE] = "pin-change",
    [SCREEN_SCREENING] = "screening",
    [SCREEN_STORY] = "story",
    [SCREEN_NOTE] = "note",
    [SCREEN_ENROL] = "enrol",
};

const char *screen_name(enum screen screen)
{
    return (unsigned)screen < SCREEN_COUNT ? screen_names[screen] : "unknown";
}

static const char *const red_flag_questions[RED_FLAG_QUESTIONS] = {
    "Pain shooting down a leg?",
    "Numbness or tingling in a leg or foot?",
    "Weakness or loss of strength on one side?",
    "New bladder or bowel trouble, or numbness around the groin (saddle area)?",
    "Fever, chills or weight loss you cannot explain?",
};

const char *session_red_flag_question(int index)
{
    return index >= 0 && index < RED_FLAG_QUESTIONS ? red_flag_questions[index] : "";
}

bool session_red_flag_urgent(int index)
{
    return index == 3; /* cauda equina signs: urgent care, not just "see a professional" */
}

/* Dynamic mobility first, then activation; 200 s in all, over the 3-minute minimum. */
static const struct warmup_step warmup_steps[] = {
    {"Cat-cow", "On hands and knees: round, then arch the back slowly", 40, 0},
    {"Hip swings", "Hold the rack: swing each leg front to back, 10 a side", 40, 1},
    {"Glute bridge", "On your back: drive the hips up, squeeze, lower slowly", 40, 2},
    {"Bird-dog", "Hands and knees: reach opposite arm and leg, keep the back flat", 40, 3},
    {"Dead bug", "On your back: lower opposite arm and leg, lower back on the floor", 40, 4},
};
#define WARMUP_STEPS ((int)(sizeof warmup_steps / sizeof warmup_steps[0]))

int session_warmup_steps(const struct warmup_step **steps)
{
    *steps = warmup_steps;
    return WARMUP_STEPS;
}

int session_warmup(const struct session *s, const struct warmup_step **steps)
{
    if (s->n_warmup == 0)
        return session_warmup_steps(steps);
    *steps = s->warmup;
    return s->n_warmup;
}

void session_set_warmup(struct session *s, const struct warmup_step *steps, int n)
{
    s->n_warmup = n < SESSION_MAX_WARMUP ? n : SESSION_MAX_WARMUP;
    for (int i = 0; i < s->n_warmup; i++)
        s->warmup[i] = steps[i];
}

const int *session_tempo_ms(const struct session *s, int exercise)
{
    if (exercise >= 0 && exercise < s->n_exercises && s->exercises[exercise].tempo_ms[0] > 0)
        return s->exercises[exercise].tempo_ms;
    return s->rules.tempo_ms;
}

/* How many steps the warm-up has (the catalogue's routine, else the built-in one). */
static int warmup_count(const struct session *s)
{
    const struct warmup_step *steps;
    return session_warmup(s, &steps);
}

/* ---- what both flows share (flow.h) ---- */

const struct transition *flow_find(const struct transition *table, size_t n, enum screen screen,
                                   enum action action)
{
    for (size_t i = 0; i < n; i++)
        if ((table[i].screen == screen || table[i].screen == SCREEN_COUNT) &&
            table[i].action == action)
            return &table[i];
    return NULL;
}

void flow_changed(struct session *s)
{
    s->generation++;
}

int64_t flow_wall(const struct session *s, int64_t t_us)
{
    return t_us + s->wall_offset_us;
}

/* Keys identify sessions and sets across the kiosk and the store: wall time, made unique. */
static int64_t next_key(struct session *s, int64_t t_us)
{
    int64_t k = flow_wall(s, t_us);
    if (k <= s->key_seq)
        k = s->key_seq + 1;
    s->key_seq = k;
    return k;
}

struct effect *flow_push(struct session *s, enum effect_kind kind, int64_t t_us)
{
    if (s->effect_count == SESSION_MAX_EFFECTS)
        return NULL; /* the caller drains every frame; this cannot fill in practice */
    int slot = (s->effect_head + s->effect_count) % SESSION_MAX_EFFECTS;
    s->effect_count++;
    struct effect *e = &s->effects[slot];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->t_wall_us = flow_wall(s, t_us);
    e->session_key = s->visit.session_key;
    e->member_id = s->logged_in ? s->who.id : 0;
    return e;
}

bool session_next_effect(struct session *s, struct effect *out)
{
    if (s->effect_count == 0)
        return false;
    *out = s->effects[s->effect_head];
    s->effect_head = (s->effect_head + 1) % SESSION_MAX_EFFECTS;
    s->effect_count--;
    return true;
}

void flow_activity(struct session *s, int64_t t_us)
{
    s->last_activity_us = t_us;
    if (s->idle_countdown) {
        s->idle_countdown = false;
        flow_changed(s);
    }
}

void flow_go(struct session *s, enum screen screen, int64_t t_us)
{
    s->screen = screen;
    flow_activity(s, t_us);
    flow_changed(s);
}

void flow_notice(struct session *s, const char *text, int64_t t_us)
{
    snprintf(s->banner, sizeof s->banner, "%s", text);
    s->banner_fmt = NULL;
    s->banner_until_us = t_us + BANNER_US;
    flow_changed(s);
}

const char *const session_banner_formats[BANNER_FORMATS] = {
    [BANNER_TAKE_OVER] = "Rack in use by %s, who seems to have left: take over?",
    [BANNER_RACK_IN_USE] = "Rack in use by %1$s: tap again once %1$s has finished",
    [BANNER_PIN_LOCKED] = "Trainer access is locked after %s wrong PINs: try again in %s min",
};

void flow_banner_args(struct session *s, const char *fmt, const char *a, const char *b)
{
    snprintf(s->banner_args[0], BANNER_ARG_MAX, "%s", a ? a : "");
    snprintf(s->banner_args[1], BANNER_ARG_MAX, "%s", b ? b : "");
    const char *args[BANNER_ARGS] = {s->banner_args[0], s->banner_args[1]};
    phrase_fill(s->banner, sizeof s->banner, fmt, args, BANNER_ARGS);
    s->banner_fmt = fmt;
}

void flow_notice_args(struct session *s, const char *fmt, const char *a, const char *b,
                      int64_t t_us)
{
    flow_notice(s, "", t_us);
    flow_banner_args(s, fmt, a, b);
}

/* ---- rules the screens' view shares (flow.h) ---- */

int flow_next_set(const struct plan *p)
{
    return p->current < p->n_sets ? p->current : p->n_sets - 1;
}

int flow_set_number(const struct plan *p, int i)
{
    if (i < 0 || i >= p->n_sets)
        return 0;
    int n = 0;
    for (int k = 0; k <= i; k++)
        n += p->sets[k].ramp == p->sets[i].ramp;
    return n;
}

bool flow_stop_ends_day(enum flag_kind why)
{
    return why == FLAG_PAIN || why == FLAG_RED_FLAG;
}

bool flow_split_uneven(const struct rules *r, int left_pct)
{
    int off = left_pct > 50 ? left_pct - 50 : 50 - left_pct;
    return off > r->asymmetry_pct;
}

bool flow_warmup_step_done(const struct session *s, int64_t t_us)
{
    const struct warmup_step *steps;
    int n = session_warmup(s, &steps);
    int i = s->visit.warmup_step < n ? s->visit.warmup_step : n - 1;
    return t_us - s->visit.warmup_step_start_us >= (int64_t)steps[i].seconds * 1000000;
}

static bool lifter_here(const struct session *s)
{
    return s->logged_in && s->who.role == ROLE_LIFTER;
}

static bool in_set(const struct session *s)
{
    return lifter_here(s) && s->screen == SCREEN_SET && s->visit.set.key != 0;
}

/* ---- flags and sets ---- */

/* What a flag saw, for the lifter's sentence (flag_text.h). */
struct flag_seen {
    enum flag_says says;
    int32_t val[2];
};

/* A flag outside a set goes straight to the store; inside a set it rides with the set. */
static void raise_flag_seen(struct session *s, enum flag_kind kind, enum severity sev, int rep,
                            const char *detail, struct flag_seen seen, int64_t t_us)
{
    struct raised_flag f = {.kind = kind,
                            .severity = sev,
                            .rep = rep,
                            .says = seen.says,
                            .val = {seen.val[0], seen.val[1]}};
    s->raised_kinds |= 1u << kind;
    snprintf(f.detail, sizeof f.detail, "%s", detail);
    if (in_set(s)) {
        if (s->visit.set.n_flags < SET_MAX_FLAGS)
            s->visit.set.flags[s->visit.set.n_flags++] = f;
    } else if (lifter_here(s) && s->visit.session_key != 0) {
        struct effect *e = flow_push(s, EFFECT_FLAG, t_us);
        if (e)
            e->flag = f;
    }
    flow_changed(s);
}

static void raise_flag(struct session *s, enum flag_kind kind, enum severity sev, int rep,
                       const char *detail, int64_t t_us)
{
    raise_flag_seen(s, kind, sev, rep, detail, (struct flag_seen){FLAG_SAYS_NOTHING, {0, 0}}, t_us);
}

static bool set_has_flag(const struct live_set *set, enum flag_kind kind)
{
    for (int i = 0; i < set->n_flags; i++)
        if (set->flags[i].kind == kind)
            return true;
    return false;
}

/*
 * A set ends: what its detector learned of the bar unit is where the unit's next set
 * starts. Only from a set that lifted on a unit known by its serial, with the link up
 * throughout (a unit unplugged mid-set may come back as another).
 */
static void learn_unit(struct session *s, struct live_set *set)
{
    set->learned = false;
    if (set->n_reps == 0 || !set->bar_unit[0] || strcmp(set->bar_unit, s->bar_unit) != 0 ||
        set_has_flag(set, FLAG_DEVICE_FAULT))
        return;
    rep_detector_unit_ref(&s->reps, &set->learned_ref);
    set->learned = true;
    s->unit_ref = set->learned_ref;
    s->have_unit_ref = true;
}

/*
 * The one place a set leaves the session for the store: every set, clean, stopped or
 * abandoned, is committed from here (EFFECT_SET_DONE).
 */
static void submit_set(struct session *s, int64_t t_us)
{
    struct live_set *set = &s->visit.set;
    bool tempo_ok = !set_has_flag(set, FLAG_RUSHED) && !set_has_flag(set, FLAG_MOMENTUM);
    set->clean = !set->stopped && set->n_reps >= set->target_reps && tempo_ok;
    set->saved = false;
    set->save_failed = false;
    learn_unit(s, set);
    struct effect *e = flow_push(s, EFFECT_SET_DONE, t_us);
    if (e) {
        /* a copy: logging out clears the live set in the same call */
        struct live_set *copy = &s->sets_out[s->sets_out_next];
        s->sets_out_next = (s->sets_out_next + 1) % SESSION_SETS_OUT;
        *copy = *set;
        e->key = set->key;
        e->set = copy;
        e->imu = &s->imu_rec;
    }
}

/* An empty visit: nothing answered yet, no exercise planned. */
static void visit_clear(struct visit *v)
{
    memset(v, 0, sizeof *v);
    v->pain = -1;
    v->plan.exercise = -1;
}

static void clear_lifter(struct session *s)
{
    s->logged_in = false;
    memset(&s->who, 0, sizeof s->who);
    visit_clear(&s->visit);
    s->takeover_offered = false;
    trainer_reset(s);
    s->idle_countdown = false;
}

/* The lifter's part of the session, put aside while a trainer's screens are on top. */
static void hold_lifter(struct session *s)
{
    struct lifter_hold *h = &s->hold;
    h->active = true;
    h->screen = s->screen;
    h->who = s->who;
    h->visit = s->visit;
}

static void restore_lifter(struct session *s, int64_t t_us)
{
    struct lifter_hold *h = &s->hold;
    clear_lifter(s);
    s->logged_in = true;
    s->who = h->who;
    s->visit = h->visit;
    h->active = false;
    flow_go(s, h->screen, t_us);
}

/* Ends whoever is here: a set in progress is abandoned (and kept as evidence). */
static void logout_lifter(struct session *s, int64_t t_us)
{
    if (in_set(s) && s->visit.set.n_reps > 0) {
        raise_flag(s, FLAG_SET_ABANDONED, SEVERITY_INFO, 0, "left during a set", t_us);
        s->visit.set.stopped = true;
        submit_set(s, t_us);
    }
    if (lifter_here(s) && s->visit.session_key != 0)
        flow_push(s, EFFECT_SESSION_CLOSE, t_us);
    clear_lifter(s);
    flow_go(s, SCREEN_ATTRACT, t_us);
}

void flow_logout(struct session *s, int64_t t_us)
{
    if (s->hold.active) {
        restore_lifter(s, t_us); /* the trainer leaves; the lifter's session is as it was */
        return;
    }
    logout_lifter(s, t_us);
}

static void login(struct session *s, const struct member_profile *who, int64_t t_us)
{
    clear_lifter(s);
    s->logged_in = true;
    s->who = *who;
    s->banner[0] = '\0';
    if (who->role == ROLE_TRAINER) {
        trainer_enter(s, t_us);
        return;
    }
    /* a decision taken earlier in the gym's day holds: the advice again, not the questions */
    if (who->day.no_lift) {
        s->visit.no_lift_today = true;
        s->visit.red_flag_today = who->day.red_flag;
        s->visit.pain = who->day.pain_max;
        flow_go(s, SCREEN_ADVICE, t_us);
        return;
    }
    /* Someone already standing still on the plate is weighed at once. */
    if (s->load.stable && s->load.total_g >= BODY_MIN_G && !s->load.fault) {
        s->visit.body_known = true;
        s->visit.body_g = s->load.total_g;
        s->plate_left = false;
    }
    flow_go(s, SCREEN_CHECKIN, t_us);
}

_Static_assert(offsetof(struct session, imu_rec) + sizeof(struct imu_record) ==
                   sizeof(struct session),
               "session_init leaves the bar samples' arrays untouched: they must come last");

void session_init(struct session *s, const struct rules *rules, const struct exercise *ex,
                  int n_exercises, int64_t t_us, int64_t wall_us)
{
    /* all but the bar samples' arrays (3.8 MB, last): only a set's own samples are ever
     * written there, so memory the kiosk never records into is never touched */
    memset(s, 0, offsetof(struct session, imu_rec));
    s->imu_rec.set_key = 0;
    s->imu_rec.t0_us = 0;
    s->imu_rec.n = 0;
    s->imu_rec.truncated = false;
    s->imu_rec.pre_next = 0;
    s->imu_rec.pre_n = 0;
    cue_init(&s->cue);
    s->rules = *rules;
    if (n_exercises > SESSION_MAX_EXERCISES)
        n_exercises = SESSION_MAX_EXERCISES;
    for (int i = 0; i < n_exercises; i++)
        s->exercises[i] = ex[i];
    s->n_exercises = n_exercises;
    s->now_us = t_us;
    s->wall_offset_us = wall_us - t_us;
    s->screen = SCREEN_ATTRACT;
    s->generation = 1;
    s->last_activity_us = t_us;
    rep_detector_init(&s->reps, rules);
    pin_lockout_init(&s->pin_lock, rules->pin_lockout_tries, rules->pin_lockout_window_us,
                     rules->pin_lockout_us);
    clear_lifter(s);
}

/* ---- plan ---- */

static const struct exercise_history *history_for(const struct session *s, int64_t exercise_id)
{
    for (size_t i = 0; i < s->who.n_hist; i++)
        if (s->who.hist[i].exercise_id == exercise_id)
            return &s->who.hist[i];
    return NULL;
}

static void plan_add(struct plan *p, int32_t load_g, int reps, bool ramp)
{
    if (p->n_sets < PLAN_MAX_SETS)
        p->sets[p->n_sets++] = (struct planned_set){.load_g = load_g, .reps = reps, .ramp = ramp};
}

/* The pain that sets today's cap: never less than any answer earlier in the gym's day. */
static int day_pain(const struct session *s)
{
    int pain = s->visit.pain < 0 ? 0 : s->visit.pain;
    return s->who.day.pain_max > pain ? s->who.day.pain_max : pain;
}

/*
 * Today's cap, then ramp sets toward it (bar x10, 50 % x5, 70 % x3, 85 % x1) and the work;
 * the sets already done earlier in the gym's day count as done.
 */
static void cap_for(const struct session *s, int index, struct progression_result *out, char *why,
                    struct cap_source *from)
{
    const struct exercise *ex = &s->exercises[index];
    const struct exercise_history *h = history_for(s, ex->id);
    struct progression_input in = {
        .sets = h ? h->sets : NULL,
        .n_sets = h ? h->n_sets : 0,
        .today = s->who.today,
        .last_session_day = s->who.last_session_day,
        .last_session_pain = s->who.last_session_pain,
        .pain_today = day_pain(s),
        .upper_body = ex->upper_body,
        .exercise = ex->name,
        .step_max_mu = {ex->step_max_mu[RACK_KG], ex->step_max_mu[RACK_LB]},
        .readiness_drop_pct = ex->readiness_drop_pct,
        .start_load_g = h ? h->start_load_g : 0,
        .override_g = h ? h->override_g : 0,
    };
    /* the last ramp set of this plan, measured: compared with the lifter's usual speed */
    const struct plan *p = &s->visit.plan;
    if (p->exercise == index && p->ramp_vel_mmps > 0 && h) {
        in.ramp_vel_mmps = p->ramp_vel_mmps;
        in.usual_vel_mmps =
            readiness_usual_mmps(&s->rules, h->sets, h->n_sets, s->who.today, p->ramp_load_g);
    }
    /* pain 6+ is the check-in's no-lift day; past the plan a trainer has cleared it */
    if (in.pain_today >= s->rules.pain_no_lift_min)
        in.pain_today = s->rules.pain_cap_min;
    progression_cap(&s->rules, &in, out);
    if (why)
        progression_explain(&s->rules, &in, out, why, PROGRESSION_EXPLAIN_MAX);
    /* --- gym server: offline, no step above the base it knows --- */
    int64_t wall_now_us = flow_wall(s, s->now_us);
    bool offline = offline_hold_cap(&s->rules, &s->server, wall_now_us, out);
    if (offline && why)
        offline_explain(&s->server, wall_now_us, why, PROGRESSION_EXPLAIN_MAX);
    /* --- end of gym server --- */
    if (from) {
        from->in = in;
        from->in.sets = NULL;
        from->in.n_sets = 0;
        from->offline = offline;
        from->offline_age_s = server_link_age_s(&s->server, wall_now_us);
    }
}

int32_t session_cap_g(const struct session *s)
{
    if (s->visit.plan.exercise >= 0)
        return s->visit.plan.cap.cap_g;
    if (s->n_exercises == 0 || !session_lifter(s))
        return 0;
    struct progression_result r;
    cap_for(s, 0, &r, NULL, NULL); /* the exercise the plan opens on */
    return r.cap_g;
}

static void plan_exercise(struct session *s, int index)
{
    static const struct {
        int pct, reps;
    } ramp[] = {{50, 5}, {70, 3}, {85, 1}};
    const struct exercise *ex = &s->exercises[index];
    const struct exercise_history *h = history_for(s, ex->id);
    struct plan *p = &s->visit.plan;
    memset(p, 0, sizeof *p);
    p->exercise = index;
    cap_for(s, index, &p->cap, p->cap_why, &p->why_from);
    p->work_g = p->cap.cap_g;

    int32_t bar_g = s->rules.empty_bar_g;
    int32_t last_g = 0;
    if (p->work_g > bar_g) {
        plan_add(p, bar_g, 10, true);
        last_g = bar_g;
    }
    for (size_t i = 0; i < sizeof ramp / sizeof ramp[0]; i++) {
        int32_t g =
            load_round_down(&s->rules, (int32_t)((int64_t)p->work_g * ramp[i].pct / PERCENT));
        if (g > last_g && g < p->work_g) {
            plan_add(p, g, ramp[i].reps, true);
            last_g = g;
        }
    }
    int work_sets = ex->work_sets > 0 ? ex->work_sets : 1;
    for (int i = 0; i < work_sets; i++)
        plan_add(p, p->work_g, ex->target_reps > 0 ? ex->target_reps : 5, false);
    int done = h ? h->sets_today : 0;
    for (int i = 0; i < done && i < p->n_sets; i++)
        p->sets[i].done = true;
    p->current = done < p->n_sets ? done : p->n_sets;
}

static void enter_plan(struct session *s, int64_t t_us)
{
    if (s->visit.plan.exercise < 0 && s->n_exercises > 0)
        plan_exercise(s, 0);
    flow_go(s, SCREEN_PLAN, t_us);
}

/*
 * The kiosk is stopping (SIGTERM from the service, Esc in simulation): a set on screen is
 * kept as stopped (not credited) whatever its phase, with a flag saying why, and the
 * session is closed. The caller then hands the effects to the store before it exits.
 */
void session_shutdown(struct session *s, int64_t t_us)
{
    s->now_us = t_us;
    if (lifter_here(s) && s->screen == SCREEN_SET && s->visit.set.key != 0) {
        raise_flag(s, FLAG_SET_ABANDONED, SEVERITY_INFO, 0, "the kiosk stopped during the set",
                   t_us);
        s->visit.set.stopped = true;
        submit_set(s, t_us);
        s->visit.set.key = 0; /* stored: logout must not store it again */
    }
    if (s->logged_in)
        flow_logout(s, t_us);
}

/* ---- sets ---- */

static void add_rep(struct session *s, const struct rep_result *rep, int64_t t_us);

/*
 * A new lift: the set's recording starts with the pre-roll (the bar's last seconds before
 * the set), and the detector starts afresh on it, told which way this exercise starts --
 * what the analyser does with the exported recording, so the two measure the same reps.
 * At the tap it replays the pre-roll (IMU_RECORD_PREROLL_S of samples); after a bar
 * put back before a rep, the whole recording so far.
 */
static void reset_reps(struct session *s)
{
    struct live_set *set = &s->visit.set;
    const struct exercise *ex = &s->exercises[set->exercise];
    rep_detector_init(&s->reps, &s->rules);
    rep_detector_set_start(&s->reps, ex->con_first ? REP_START_CONCENTRIC : REP_START_ECCENTRIC);
    snprintf(set->bar_unit, sizeof set->bar_unit, "%s", s->bar_unit);
    set->began_from_ref = s->have_unit_ref && rep_detector_set_unit_ref(&s->reps, &s->unit_ref);
    if (set->began_from_ref)
        set->start_ref = s->unit_ref;
    imu_record_start(&s->imu_rec, set->key);
    imu_record_replay(&s->imu_rec, &s->reps);
    rep_detector_begin_set(&s->reps);
    const int *tempo = session_tempo_ms(s, set->exercise);
    for (int i = 0; i < 4; i++)
        s->reps.rules.tempo_ms[i] = tempo[i];
}

/*
 * The set ends (the bar reracked, or End set): reps the detector measured but had not yet
 * handed out (it gives a rep's final figures once the bar has rested) are counted first.
 * Returns the set's reps.
 */
static int drain_reps(struct session *s, int64_t t_us)
{
    struct rep_result rep;
    while (rep_detector_finish(&s->reps, &rep))
        add_rep(s, &rep, t_us);
    return s->visit.set.n_reps;
}

static void start_set(struct session *s, int64_t t_us)
{
    struct plan *p = &s->visit.plan;
    int idx = flow_next_set(p);
    struct live_set *set = &s->visit.set;
    memset(set, 0, sizeof *set);
    set->key = next_key(s, t_us);
    set->exercise = p->exercise;
    set->exercise_id = s->exercises[p->exercise].id;
    set->t_start_wall_us = flow_wall(s, t_us);
    set->planned = idx;
    set->target_g = p->sets[idx].load_g;
    set->target_reps = p->sets[idx].reps;
    set->t_start_us = t_us;
    set->t_moved_us = t_us;
    set->left_pct = 50;
    reset_reps(s);
    flow_go(s, SCREEN_SET, t_us);
}

static void stop_set_at_rep(struct session *s, enum flag_kind why, int rep, const char *detail,
                            struct flag_seen seen, int64_t t_us)
{
    s->visit.stop_reason = why;
    s->visit.stop_at_us = t_us;
    s->visit.set.stopped = true;
    raise_flag_seen(s, why, SEVERITY_STOP, rep, detail, seen, t_us);
    submit_set(s, t_us);
    flow_go(s, SCREEN_STOP, t_us);
}

static void stop_set(struct session *s, enum flag_kind why, const char *detail,
                     struct flag_seen seen, int64_t t_us)
{
    stop_set_at_rep(s, why, 0, detail, seen, t_us);
}

/* The lifter's load may not exceed today's cap (plus the plate's noise margin). */
static bool check_load(struct session *s, int64_t t_us)
{
    int32_t cap_g = s->visit.plan.cap.cap_g;
    if (s->visit.set.load_g <= cap_g + s->rules.overload_margin_g)
        return true;
    char detail[NOTE_MAX_LEN], on_bar[24], cap[24]; /* kept in kg to the gram */
    plates_mu_text(s->visit.set.load_g, on_bar, sizeof on_bar);
    plates_mu_text(cap_g, cap, sizeof cap);
    snprintf(detail, sizeof detail, "%s kg on the bar, today's cap %s kg", on_bar, cap);
    stop_set(s, FLAG_OVERLOAD, detail,
             (struct flag_seen){FLAG_SAYS_OVERLOAD, {s->visit.set.load_g, cap_g}}, t_us);
    return false;
}

/*
 * Velocity readiness: once the last ramp set is done, its speed goes to the rule, and a
 * lifter clearly slower than usual at that load keeps today's work sets at the load
 * without a step (the reason on the plan says so). Only ever lowers the work sets.
 */
static void readiness_after_ramp(struct session *s)
{
    struct plan *p = &s->visit.plan;
    int done = s->visit.set.planned;
    if (s->rules.readiness_drop_pct <= 0 || done >= p->n_sets || !p->sets[done].ramp ||
        (done + 1 < p->n_sets && p->sets[done + 1].ramp) || s->visit.set.stopped)
        return;
    int64_t sum = 0;
    int n = 0;
    for (int i = 0; i < s->visit.set.n_reps; i++)
        if (s->visit.set.reps[i].mean_conc_mmps > 0) {
            sum += s->visit.set.reps[i].mean_conc_mmps;
            n++;
        }
    if (n == 0)
        return;
    p->ramp_vel_mmps = (int)(sum / n);
    p->ramp_load_g = s->visit.set.load_g > 0 ? s->visit.set.load_g : p->sets[done].load_g;
    struct progression_result r;
    char why[PROGRESSION_EXPLAIN_MAX];
    struct cap_source from;
    cap_for(s, p->exercise, &r, why, &from);
    if (r.cap_g >= p->cap.cap_g)
        return;
    p->cap = r;
    p->why_from = from;
    memcpy(p->cap_why, why, sizeof p->cap_why);
    p->work_g = r.cap_g;
    for (int i = done + 1; i < p->n_sets; i++)
        if (!p->sets[i].done && p->sets[i].load_g > r.cap_g)
            p->sets[i].load_g = r.cap_g;
    flow_changed(s);
}

static void finish_set(struct session *s, int64_t t_us)
{
    struct plan *p = &s->visit.plan;
    readiness_after_ramp(s);
    if (s->visit.set.planned < p->n_sets)
        p->sets[s->visit.set.planned].done = true;
    if (p->current < p->n_sets)
        p->current++;
    submit_set(s, t_us);
    s->visit.rest_until_us = t_us + s->rules.rest_us;
    flow_go(s, SCREEN_REST, t_us);
}

/* Nobody lifting and nothing moving for a while: the set ends, flagged, not credited. */
static void abandon_set(struct session *s, int64_t t_us)
{
    char detail[NOTE_MAX_LEN];
    long long still_s = (t_us - s->visit.set.t_moved_us) / 1000000;
    bool nobody = s->load.total_g < BODY_MIN_G;
    snprintf(detail, sizeof detail, "no movement for %lld s with %s", still_s,
             nobody ? "nobody on the plate" : "the bar racked");
    struct flag_seen seen = {nobody ? FLAG_SAYS_ABANDONED_EMPTY : FLAG_SAYS_ABANDONED_RACKED,
                             {(int32_t)still_s, 0}};
    raise_flag_seen(s, FLAG_SET_ABANDONED, SEVERITY_CAUTION, s->visit.set.n_reps, detail, seen,
                    t_us);
    s->visit.set.stopped = true;
    submit_set(s, t_us);
    flow_go(s, SCREEN_PLAN, t_us);
}

static bool set_abandoned(const struct session *s, int64_t t_us)
{
    bool nobody = s->load.total_g < BODY_MIN_G;
    return in_set(s) && !s->visit.set.declared && (!s->visit.set.bar_held || nobody) &&
           t_us - s->visit.set.t_moved_us >= s->rules.abandon_after_us;
}

/* ---- check-in ---- */

static bool any_red_flag(const struct session *s)
{
    for (int i = 0; i < RED_FLAG_QUESTIONS; i++)
        if (s->visit.red_flags[i])
            return true;
    return false;
}

static bool all_answered(const struct session *s)
{
    for (int i = 0; i < RED_FLAG_QUESTIONS; i++)
        if (!s->visit.red_answered[i])
            return false;
    return true;
}

/*
 * Every question answered (none pre-selected); body weight is needed only to lift on the
 * plate: a lifter sent home need not weigh in.
 */
bool session_checkin_ready(const struct session *s)
{
    if (s->visit.pain < 0 || !all_answered(s))
        return false;
    if (any_red_flag(s) || s->visit.pain >= s->rules.pain_no_lift_min)
        return true;
    return s->visit.body_known || s->plate_fault;
}

static void send_home(struct session *s, enum flag_kind kind, const char *detail, int64_t t_us)
{
    s->visit.no_lift_today = true;
    raise_flag(s, kind, SEVERITY_STOP, 0, detail, t_us);
    flow_go(s, SCREEN_ADVICE, t_us);
}

static bool warmup_still_counts(const struct session *s, int64_t t_us)
{
    int64_t done = s->who.day.warmup_done_wall_us;
    return done > 0 && flow_wall(s, t_us) - done <= s->rules.warmup_valid_us;
}

/* After the check-in: the warm-up, or the plan when today's warm-up still counts. */
static void start_warmup(struct session *s, int64_t t_us)
{
    if (warmup_still_counts(s, t_us)) {
        enter_plan(s, t_us); /* back the same day: the warm-up done an hour ago still counts */
        return;
    }
    s->visit.warmup_step = 0;
    s->visit.warmup_start_us = t_us;
    s->visit.warmup_step_start_us = t_us;
    flow_go(s, SCREEN_WARMUP, t_us);
}

/*
 * The enrolment screen before the first lift and every screening_valid_days: its
 * questions when due; a yes not yet cleared by a trainer means no lifting (the advice
 * says why). True when the lifter does not go on to the warm-up now.
 */
static bool screening_first(struct session *s, int64_t t_us)
{
    switch (screening_need(&s->who.screening, s->who.today, s->rules.screening_valid_days)) {
    case SCREENING_DUE:
        memset(s->visit.screening_answered, 0, sizeof s->visit.screening_answered);
        flow_go(s, SCREEN_SCREENING, t_us);
        return true;
    case SCREENING_CLEARANCE:
        s->visit.screening_wait = true;
        s->visit.no_lift_today = true;
        flow_go(s, SCREEN_ADVICE, t_us);
        return true;
    case SCREENING_OK:
        break;
    }
    return false;
}

static void checkin_done(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    s->visit.session_key = next_key(s, t_us);
    bool no_lift = any_red_flag(s) || s->visit.pain >= s->rules.pain_no_lift_min;
    struct effect *e = flow_push(s, EFFECT_SESSION_OPEN, t_us);
    if (e) {
        e->pain = s->visit.pain;
        memcpy(e->red_flags, s->visit.red_flags, sizeof e->red_flags);
        e->body_g = s->visit.body_known ? s->visit.body_g : 0;
        e->no_lift = no_lift;
    }
    /* a plate that went offline before the session had a key: its flag is raised now */
    if (s->plate_fault)
        raise_flag(s, FLAG_DEVICE_FAULT, SEVERITY_CAUTION, 0,
                   s->load.fault_msg[0] ? s->load.fault_msg
                                        : "load plate: a side stopped answering",
                   t_us);
    char detail[NOTE_MAX_LEN] = "";
    for (int i = 0; i < RED_FLAG_QUESTIONS; i++) {
        if (!s->visit.red_flags[i])
            continue;
        size_t len = strlen(detail);
        snprintf(detail + len, sizeof detail - len, "%s#%d", len ? ", " : "red flag ", i + 1);
        s->visit.red_flag_today = true;
    }
    if (s->visit.red_flag_today) {
        send_home(s, FLAG_RED_FLAG, detail, t_us);
        return;
    }
    snprintf(detail, sizeof detail, "pain %d/10 at check-in", s->visit.pain);
    if (s->visit.pain >= s->rules.pain_no_lift_min) {
        send_home(s, FLAG_PAIN, detail, t_us);
        return;
    }
    if (s->visit.pain >= s->rules.pain_cap_min)
        raise_flag(s, FLAG_PAIN, SEVERITY_CAUTION, 0, detail, t_us);
    if (screening_first(s, t_us))
        return;
    start_warmup(s, t_us);
}

/* ---- the enrolment screen (core/screening.h) ---- */

static bool screening_question_ok(const struct session *s, int arg)
{
    (void)s;
    return arg >= 0 && arg < SCREENING_QUESTIONS;
}

static void screening_answer(struct session *s, int arg, bool yes, int64_t t_us)
{
    s->visit.screening_yes[arg] = yes;
    s->visit.screening_answered[arg] = true;
    flow_changed(s);
    flow_activity(s, t_us);
}

static void screening_yes(struct session *s, int arg, int64_t t_us)
{
    screening_answer(s, arg, true, t_us);
}

static void screening_no(struct session *s, int arg, int64_t t_us)
{
    screening_answer(s, arg, false, t_us);
}

static bool screening_can_finish(const struct session *s, int arg)
{
    (void)arg;
    for (int i = 0; i < SCREENING_QUESTIONS; i++)
        if (!s->visit.screening_answered[i])
            return false;
    return true;
}

/* The answers are kept (with a flag for the trainers on a yes); a yes waits for them. */
static void screening_done(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    uint32_t yes = 0;
    char detail[NOTE_MAX_LEN] = "";
    for (int i = 0; i < SCREENING_QUESTIONS; i++) {
        if (!s->visit.screening_yes[i])
            continue;
        yes |= 1u << i;
        size_t len = strlen(detail);
        snprintf(detail + len, sizeof detail - len, "%s#%d", len ? ", " : "history question ",
                 i + 1);
    }
    struct effect *e = flow_push(s, EFFECT_SCREENING, t_us);
    if (e)
        e->key = yes;
    s->who.screening = (struct screening_record){.day = s->who.today, .yes_mask = yes};
    if (yes) {
        raise_flag(s, FLAG_SCREENING, SEVERITY_STOP, 0, detail, t_us);
        s->visit.screening_wait = true;
        s->visit.no_lift_today = true;
        flow_go(s, SCREEN_ADVICE, t_us);
        return;
    }
    start_warmup(s, t_us);
}
/* ---- end of the enrolment screen ---- */

/* ---- warm-up ---- */

static bool warmup_can_next(const struct session *s, int arg)
{
    (void)arg;
    if (!flow_warmup_step_done(s, s->now_us))
        return false;
    return s->visit.warmup_step + 1 < warmup_count(s) ||
           s->now_us - s->visit.warmup_start_us >= s->rules.warmup_min_us;
}

static void warmup_next(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    if (s->visit.warmup_step + 1 < warmup_count(s)) {
        s->visit.warmup_step++;
        s->visit.warmup_step_start_us = t_us;
        flow_go(s, SCREEN_WARMUP, t_us);
        return;
    }
    flow_push(s, EFFECT_WARMUP_DONE, t_us);
    s->who.day.warmup_done_wall_us = flow_wall(s, t_us);
    enter_plan(s, t_us);
}

static void warmup_skip(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    char detail[NOTE_MAX_LEN];
    snprintf(detail, sizeof detail, "skipped at step %d of %d after %lld s",
             s->visit.warmup_step + 1, warmup_count(s),
             (long long)((t_us - s->visit.warmup_start_us) / 1000000));
    raise_flag(s, FLAG_WARMUP_SKIPPED, SEVERITY_CAUTION, 0, detail, t_us);
    enter_plan(s, t_us);
}

/* ---- the lifter's actions ---- */

static bool pain_ok(const struct session *s, int arg)
{
    (void)s;
    return arg >= 0 && arg <= 10;
}

static void set_pain(struct session *s, int arg, int64_t t_us)
{
    (void)t_us;
    s->visit.pain = arg;
    flow_changed(s);
}

static bool question_ok(const struct session *s, int arg)
{
    (void)s;
    return arg >= 0 && arg < RED_FLAG_QUESTIONS;
}

static void answer_yes(struct session *s, int arg, int64_t t_us)
{
    (void)t_us;
    s->visit.red_flags[arg] = true;
    s->visit.red_answered[arg] = true;
    flow_changed(s);
}

static void answer_no(struct session *s, int arg, int64_t t_us)
{
    (void)t_us;
    s->visit.red_flags[arg] = false;
    s->visit.red_answered[arg] = true;
    flow_changed(s);
}

static bool checkin_can(const struct session *s, int arg)
{
    (void)arg;
    return session_checkin_ready(s);
}

static bool exercise_ok(const struct session *s, int arg)
{
    return arg >= 0 && arg < s->n_exercises;
}

static void choose_exercise(struct session *s, int arg, int64_t t_us)
{
    (void)t_us;
    plan_exercise(s, arg);
    flow_changed(s);
}

static bool plan_ready(const struct session *s)
{
    return s->visit.plan.exercise >= 0 && s->visit.plan.n_sets > 0;
}

static bool start_can(const struct session *s, int arg)
{
    (void)arg;
    return plan_ready(s) && s->exercises[s->visit.plan.exercise].on_plate && !s->plate_fault;
}

static void start_set_action(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    start_set(s, t_us);
}

static bool declare_can(const struct session *s, int arg)
{
    return plan_ready(s) && !s->exercises[s->visit.plan.exercise].on_plate && arg > 0;
}

static void declare_load(struct session *s, int load_g, int64_t t_us)
{
    start_set(s, t_us);
    s->visit.set.declared = true;
    s->visit.set.load_known = true;
    s->visit.set.load_g = load_g;
    check_load(s, t_us);
}

static void pain_stop(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    stop_set(s, FLAG_PAIN, "pain reported during the set",
             (struct flag_seen){FLAG_SAYS_PAIN_IN_SET, {0, 0}}, t_us);
}

static bool end_set_can(const struct session *s, int arg)
{
    (void)arg;
    return !s->visit.set.bar_held || s->visit.set.declared;
}

static void end_set(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    if (drain_reps(s, t_us) > 0)
        finish_set(s, t_us);
    else
        flow_go(s, SCREEN_PLAN, t_us); /* nothing lifted: no set to record */
}

static void to_plan(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    flow_go(s, SCREEN_PLAN, t_us);
}

/* The stop holds until the bar is back on the hooks. */
static bool stop_done_can(const struct session *s, int arg)
{
    (void)arg;
    return !s->bar_off_hooks;
}

static void stop_done(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    if (flow_stop_ends_day(s->visit.stop_reason))
        logout_lifter(s, t_us);
    else
        flow_go(s, SCREEN_PLAN, t_us);
}

static void advice_done(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    logout_lifter(s, t_us);
}

static bool logged_in(const struct session *s, int arg)
{
    (void)arg;
    return s->logged_in;
}

static void logout_action(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    flow_logout(s, t_us);
}

static void nothing(struct session *s, int arg, int64_t t_us)
{
    (void)s;
    (void)arg;
    (void)t_us;
}

static bool takeover_pending(const struct session *s, int arg)
{
    (void)arg;
    return s->takeover_offered;
}

static void takeover(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    struct member_profile who = s->pending;
    logout_lifter(s, t_us);
    login(s, &who, t_us);
}

static void takeover_cancel(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    (void)t_us;
    s->takeover_offered = false;
    s->banner[0] = '\0';
    flow_changed(s);
}

/*
 * The lifter's flow as a table: on this screen (SCREEN_COUNT: any), this action, when the
 * guard allows, does this. The trainer's screens have their own table (trainer.c).
 */
static const struct transition lifter_table[] = {
    {SCREEN_COUNT, ACTION_TOUCH, NULL, nothing},
    {SCREEN_COUNT, ACTION_LOGOUT, logged_in, logout_action},
    {SCREEN_COUNT, ACTION_TAKEOVER, takeover_pending, takeover},
    {SCREEN_COUNT, ACTION_TAKEOVER_CANCEL, takeover_pending, takeover_cancel},
    {SCREEN_CHECKIN, ACTION_PAIN, pain_ok, set_pain},
    {SCREEN_CHECKIN, ACTION_RED_FLAG_YES, question_ok, answer_yes},
    {SCREEN_CHECKIN, ACTION_RED_FLAG_NO, question_ok, answer_no},
    {SCREEN_CHECKIN, ACTION_CHECKIN_DONE, checkin_can, checkin_done},
    {SCREEN_ADVICE, ACTION_ADVICE_DONE, NULL, advice_done},
    {SCREEN_SCREENING, ACTION_SCREENING_YES, screening_question_ok, screening_yes},
    {SCREEN_SCREENING, ACTION_SCREENING_NO, screening_question_ok, screening_no},
    {SCREEN_SCREENING, ACTION_SCREENING_DONE, screening_can_finish, screening_done},
    {SCREEN_WARMUP, ACTION_WARMUP_NEXT, warmup_can_next, warmup_next},
    {SCREEN_WARMUP, ACTION_WARMUP_SKIP, NULL, warmup_skip},
    {SCREEN_PLAN, ACTION_EXERCISE, exercise_ok, choose_exercise},
    {SCREEN_PLAN, ACTION_START_SET, start_can, start_set_action},
    {SCREEN_PLAN, ACTION_DECLARE_LOAD, declare_can, declare_load},
    {SCREEN_SET, ACTION_PAIN_STOP, NULL, pain_stop},
    {SCREEN_SET, ACTION_END_SET, end_set_can, end_set},
    {SCREEN_SET, ACTION_BACK, end_set_can, end_set},
    {SCREEN_REST, ACTION_REST_DONE, NULL, to_plan},
    {SCREEN_STOP, ACTION_STOP_DONE, stop_done_can, stop_done},
};

static const struct transition *transition_for(const struct session *s, enum action action)
{
    const struct transition *t =
        flow_find(lifter_table, sizeof lifter_table / sizeof lifter_table[0], s->screen, action);
    if (t && t->screen == SCREEN_COUNT)
        return s->screen == SCREEN_ATTRACT && action == ACTION_LOGOUT ? NULL : t;
    if (t)
        return t;
    /* --- a lifter's own language and unit (prefs.c) --- */
    t = flow_find(prefs_table, prefs_table_len, s->screen, action);
    if (t)
        return prefs_offered(s) ? t : NULL;
    /* --- end of language and unit --- */
    t = flow_find(trainer_table, trainer_table_len, s->screen, action);
    if (t)
        return t;
    return flow_find(pin_change_table, pin_change_table_len, s->screen, action);
}

const struct transition *session_transition(const struct session *s, enum action action)
{
    return transition_for(s, action);
}

bool session_can(const struct session *s, enum action action, int arg)
{
    const struct transition *t = transition_for(s, action);
    return t && (!t->guard || t->guard(s, arg));
}

bool session_offers(const struct session *s, enum action action)
{
    return transition_for(s, action) != NULL;
}

void session_action(struct session *s, enum action action, int arg, int64_t t_us)
{
    s->now_us = t_us;
    flow_activity(s, t_us);
    const struct transition *t = transition_for(s, action);
    if (t && (!t->guard || t->guard(s, arg)))
        t->run(s, arg, t_us);
}

/* ---- badges: who has the rack ---- */

/* A set or rest running, a stop not yet cleared, or the bar off the hooks. */
static bool rack_busy(const struct session *s)
{
    enum screen sc = s->hold.active ? s->hold.screen : s->screen;
    return sc == SCREEN_SET || sc == SCREEN_REST || sc == SCREEN_STOP || s->bar_off_hooks;
}

/* Trainer screens may go on top during a rest, never while the bar is in use. */
static bool lifter_busy(const struct session *s)
{
    return s->screen == SCREEN_SET || s->screen == SCREEN_STOP || s->bar_off_hooks;
}

static bool owner_idle(const struct session *s, int64_t t_us)
{
    return t_us - s->last_activity_us >= s->rules.idle_after_us || s->idle_countdown;
}

static void first_name(const char *name, char *out, size_t n)
{
    size_t len = strcspn(name, " ");
    if (len >= n)
        len = n - 1;
    memcpy(out, name, len);
    out[len] = '\0';
}

/* Another lifter's badge while this one has the rack. */
static void rack_in_use(struct session *s, const struct member_profile *who, int64_t t_us)
{
    const struct member_profile *owner = session_lifter(s);
    char first[24]; /* a first name; a longer one is cut */
    first_name(owner->name, first, sizeof first);
    if (!rack_busy(s) && !s->hold.active && owner_idle(s, t_us)) {
        s->pending = *who;
        s->takeover_offered = true;
        flow_banner_args(s, session_banner_formats[BANNER_TAKE_OVER], first, NULL);
        s->banner_until_us = t_us + TAKEOVER_OFFER_US;
        flow_changed(s);
        return;
    }
    flow_notice_args(s, session_banner_formats[BANNER_RACK_IN_USE], first, NULL, t_us);
}

static int seconds_left(int64_t until_us, int64_t now_us);

/* Seconds trainer access stays locked at t_us for a trainer's badge (0: open): this rack's
 * own lockout, or the gym's latest, which the badge's profile carries (one started at
 * another rack, or here before a restart). */
static int trainer_locked_s(const struct session *s, const struct member_profile *who, int64_t t_us)
{
    int here_s = 0;
    pin_lockout_locked(&s->pin_lock, t_us, &here_s);
    int gym_s = seconds_left(who->pin_locked_until_wall_us, flow_wall(s, t_us));
    return here_s > gym_s ? here_s : gym_s;
}

void session_badge(struct session *s, const struct member_profile *who, int64_t t_us)
{
    s->now_us = t_us;
    int locked_s;
    if (who->role == ROLE_TRAINER && (locked_s = trainer_locked_s(s, who, t_us)) > 0) {
        char tries[16], min[16];
        snprintf(tries, sizeof tries, "%d", s->pin_lock.tries);
        snprintf(min, sizeof min, "%d", (locked_s + 59) / 60);
        flow_notice_args(s, session_banner_formats[BANNER_PIN_LOCKED], tries, min, t_us);
        cue_event(&s->cue_events, CUE_EVENT_BADGE_NO);
        return;
    }
    if (s->logged_in && s->who.id == who->id) {
        flow_activity(s, t_us); /* the same badge again: still here */
        cue_event(&s->cue_events, CUE_EVENT_BADGE_OK);
        return;
    }
    if (s->hold.active && who->id == s->hold.who.id) {
        flow_logout(s, t_us); /* the lifter taps back in: the trainer's screens close */
        cue_event(&s->cue_events, CUE_EVENT_BADGE_OK);
        return;
    }
    const struct member_profile *owner = session_lifter(s);
    if (who->role == ROLE_TRAINER && owner && !s->hold.active && lifter_busy(s)) {
        flow_notice(s, "A set is running: tap again once the bar is racked", t_us);
        cue_event(&s->cue_events, CUE_EVENT_BADGE_NO);
        return;
    }
    if (who->role == ROLE_TRAINER && owner && !s->hold.active) {
        hold_lifter(s); /* the trainer's screens go on top; the lifter's session waits */
        struct lifter_hold keep = s->hold;
        clear_lifter(s);
        s->hold = keep;
        s->logged_in = true;
        s->who = *who;
        trainer_enter(s, t_us);
        cue_event(&s->cue_events, CUE_EVENT_BADGE_OK);
        return;
    }
    if (owner && owner->id != who->id) {
        rack_in_use(s, who, t_us);
        cue_event(&s->cue_events, CUE_EVENT_BADGE_NO);
        return;
    }
    if (s->logged_in)
        flow_logout(s, t_us);
    login(s, who, t_us);
    cue_event(&s->cue_events, CUE_EVENT_BADGE_OK);
}

void session_badge_unknown(struct session *s, const char *why, int64_t t_us)
{
    s->now_us = t_us;
    flow_push(s, EFFECT_UNKNOWN_BADGE, t_us);
    flow_activity(s, t_us);
    flow_notice(s, why, t_us);
    cue_event(&s->cue_events, CUE_EVENT_BADGE_NO);
}

/* ---- the plate and the bar, watched on every screen ---- */

static void set_plate(struct session *s, const struct load_reading *load, int64_t t_us)
{
    struct live_set *set = &s->visit.set;
    if (!s->exercises[set->exercise].on_plate || set->declared)
        return;
    int32_t bar_g = load->total_g - s->visit.body_g;
    bool held = s->bar_off_hooks;
    if (held != set->bar_held) {
        set->bar_held = held;
        set->t_moved_us = t_us;
        flow_changed(s);
        if (held) {
            /* Reps start counting at the unrack; the detector goes on as the analyser
             * does through the recording, which has no unrack in it. */
            rep_detector_begin_set(&s->reps);
        } else if (drain_reps(s, t_us) > 0) {
            finish_set(s, t_us); /* reracked: the set is done */
            return;
        } else {
            set->load_known = false; /* reracked before a rep: weigh again */
            /* Draining took the bar as resting for good, which the analyser reading the
             * recording does not: start the detector afresh on the recording so far. */
            reset_reps(s);
        }
    }
    if (!held || !load->stable)
        return;
    if (load->total_g > 0) {
        int left_pct = (int)((int64_t)load->side_g[PLATE_LEFT] * PERCENT / load->total_g);
        if (left_pct != set->left_pct) {
            set->left_pct = left_pct;
            flow_changed(s);
        }
        if (flow_split_uneven(&s->rules, left_pct) && !set_has_flag(set, FLAG_ASYMMETRY)) {
            char detail[NOTE_MAX_LEN];
            snprintf(detail, sizeof detail, "left/right split %d/%d", left_pct, PERCENT - left_pct);
            raise_flag_seen(s, FLAG_ASYMMETRY, SEVERITY_CAUTION, set->n_reps, detail,
                            (struct flag_seen){FLAG_SAYS_SPLIT, {left_pct, 0}}, t_us);
        }
    }
    if (!set->load_known) {
        set->load_known = true;
        set->load_g = load_round_nearest(&s->rules, bar_g);
        flow_changed(s);
        check_load(s, t_us);
    }
}

/*
 * The bar lifted outside a set (warm-up, plan, rest, a trainer's screens on top) starts a
 * set at the planned load, so today's cap holds on it like on any other.
 */
static void unracked_outside_set(struct session *s, int64_t t_us)
{
    if (s->hold.active) {
        restore_lifter(s, t_us); /* the lifter is lifting: their screen comes back */
        flow_notice(s, "The bar was lifted: the trainer's screens are closed", t_us);
    }
    if (s->screen == SCREEN_WARMUP)
        raise_flag(s, FLAG_WARMUP_SKIPPED, SEVERITY_CAUTION, 0, "the bar lifted during the warm-up",
                   t_us);
    if (s->visit.plan.exercise < 0 && s->n_exercises > 0)
        plan_exercise(s, 0);
    if (plan_ready(s) && s->exercises[s->visit.plan.exercise].on_plate)
        start_set(s, t_us);
}

static bool watches_unrack(const struct session *s)
{
    enum screen sc = s->hold.active ? s->hold.screen : s->screen;
    bool lifter = s->hold.active || lifter_here(s);
    return lifter && (sc == SCREEN_WARMUP || sc == SCREEN_PLAN || sc == SCREEN_REST);
}

/*
 * The bar is off the hooks when the plate reads the lifter's body weight plus at least a
 * bar's worth, until the plate's filter sees it reracked. Once the plate has been empty the lifter
 * has stepped off: someone heavier stepping on is not an unrack, so nothing counts until the
 * lifter's own weight is back.
 */
static void update_bar_off_hooks(struct session *s, const struct load_reading *load)
{
    bool body_known = s->hold.active ? s->hold.visit.body_known : s->visit.body_known;
    int32_t body_g = s->hold.active ? s->hold.visit.body_g : s->visit.body_g;
    int32_t over_g = load->total_g - body_g;
    if (load->total_g < BODY_MIN_G)
        s->plate_left = true;
    else if (s->plate_left && load->stable && over_g < s->rules.unrack_min_g / 2 &&
             over_g > -s->rules.unrack_min_g / 2)
        s->plate_left = false; /* the lifter's own weight again */
    /*
     * Lifted: the plate reads body + a bar. Back on the hooks: the reading is under that
     * and the filter has seen the rerack too, so a rep's dip below body + bar (its dynamic
     * force) does not end the set.
     */
    bool over = over_g >= s->rules.unrack_min_g || (s->bar_off_hooks && load->bar_held);
    bool off = !load->fault && body_known && !s->plate_left && over;
    if (off != s->bar_off_hooks) {
        s->bar_off_hooks = off;
        flow_changed(s);
    }
}

void session_plate(struct session *s, const struct load_reading *load, int64_t t_us)
{
    s->now_us = t_us;
    bool was_fault = s->plate_fault;
    s->load = *load;
    s->plate_fault = load->fault;
    if (load->fault && !was_fault) {
        /* a loose cable that comes and goes flags a set once, as the bar unit's does */
        if (lifter_here(s) && !(in_set(s) && set_has_flag(&s->visit.set, FLAG_DEVICE_FAULT)))
            raise_flag_seen(s, FLAG_DEVICE_FAULT, SEVERITY_CAUTION, 0,
                            load->fault_msg[0] ? load->fault_msg
                                               : "load plate: a side stopped answering",
                            (struct flag_seen){FLAG_SAYS_PLATE_LOST, {0, 0}}, t_us);
        flow_changed(s);
    } else if (!load->fault && was_fault) {
        flow_changed(s);
    }
    /* someone is on the plate: not idle; but a trainer's screens count touches only, since
     * the one standing there is the lifter the trainer left them open beside */
    bool trainer = s->logged_in && s->who.role == ROLE_TRAINER;
    if (load->total_g >= BODY_MIN_G && !trainer)
        flow_activity(s, t_us);

    if (s->screen == SCREEN_CHECKIN && load->stable && !load->fault &&
        load->total_g >= BODY_MIN_G) {
        int32_t diff = load->total_g - s->visit.body_g;
        if (!s->visit.body_known || diff > BODY_CHANGE_SHOWN_G || diff < -BODY_CHANGE_SHOWN_G) {
            s->visit.body_known = true;
            s->visit.body_g = load->total_g;
            s->plate_left = false;
            flow_changed(s);
        }
    }
    bool was_off = s->bar_off_hooks;
    update_bar_off_hooks(s, load);
    if (s->bar_off_hooks && !was_off && watches_unrack(s))
        unracked_outside_set(s, t_us);
    if (s->screen == SCREEN_SET && !load->fault)
        set_plate(s, load, t_us);
}

/* Whether the bar's speeds in this set can be acted on: a rep came from its samples, and
 * the unit never dropped out of the set (the speeds after a gap start from a fresh guess). */
static bool bar_motion_trusted(const struct live_set *set)
{
    for (int i = 0; i < set->n_flags; i++)
        if (set->flags[i].says == FLAG_SAYS_BAR_LOST)
            return false;
    return true;
}

static void add_rep(struct session *s, const struct rep_result *rep, int64_t t_us)
{
    char detail[NOTE_MAX_LEN];
    struct live_set *set = &s->visit.set;
    if (set->n_reps >= SET_MAX_REPS)
        return;
    set->reps[set->n_reps] = *rep;
    set->reps[set->n_reps].index = set->n_reps + 1;
    set->n_reps++;
    set->t_moved_us = t_us;
    int n = set->n_reps;
    int flags_before = set->n_flags;
    if (rep->rushed) {
        int32_t cue_ms = session_tempo_ms(s, set->exercise)[0];
        snprintf(detail, sizeof detail, "rep %d: %.1f s down, cue %.1f s", n, rep->ecc_ms / 1000.0,
                 cue_ms / 1000.0);
        raise_flag_seen(s, FLAG_RUSHED, SEVERITY_CAUTION, n, detail,
                        (struct flag_seen){FLAG_SAYS_RUSHED, {rep->ecc_ms, cue_ms}}, t_us);
    }
    if (rep->momentum) {
        snprintf(detail, sizeof detail, "rep %d: swing %d mg, rotation %d dps", n,
                 rep->peak_horiz_mg, rep->peak_gyro_dps);
        raise_flag_seen(s, FLAG_MOMENTUM, SEVERITY_CAUTION, n, detail,
                        (struct flag_seen){FLAG_SAYS_MOMENTUM, {0, 0}}, t_us);
    }
    int32_t tilt = rep->tilt_cdeg < 0 ? -rep->tilt_cdeg : rep->tilt_cdeg;
    if (tilt > s->rules.tilt_max_cdeg && !set_has_flag(set, FLAG_ASYMMETRY)) {
        snprintf(detail, sizeof detail, "rep %d: the bar tilted %.1f deg, one side lower", n,
                 tilt / 100.0);
        raise_flag_seen(s, FLAG_ASYMMETRY, SEVERITY_CAUTION, n, detail,
                        (struct flag_seen){FLAG_SAYS_TILT, {tilt, 0}}, t_us);
    }
    bool trusted = bar_motion_trusted(set);
    /* the same loss the screens show (set_summary), against the rules' limit */
    if (trusted && !set_has_flag(set, FLAG_VELOCITY_LOSS)) {
        int loss_pct = (int)rep_velocity_loss_pct(set->reps, n);
        if (loss_pct > s->rules.velocity_loss_pct) {
            snprintf(detail, sizeof detail, "rep %d: %d %% slower than the best rep", n, loss_pct);
            raise_flag_seen(
                s, FLAG_VELOCITY_LOSS, SEVERITY_CAUTION, n, detail,
                (struct flag_seen){FLAG_SAYS_VELOCITY_LOSS, {loss_pct, s->rules.velocity_loss_pct}},
                t_us);
        }
    }
    /* a grind, the lifter near failure: the set ends here, as a velocity coach ends it
     * (the stop's buzzer, not the rep's sound) */
    int32_t min_mmps = s->exercises[set->exercise].min_vel_mmps;
    int conc_cue_ms = session_tempo_ms(s, set->exercise)[2];
    if (trusted && set_rep_grinds(rep, min_mmps, conc_cue_ms)) {
        snprintf(detail, sizeof detail, "rep %d: up at %d mm/s, under the minimum %d mm/s", n,
                 rep->mean_conc_mmps, min_mmps);
        stop_set_at_rep(s, FLAG_GRIND, n, detail,
                        (struct flag_seen){FLAG_SAYS_GRIND, {rep->mean_conc_mmps, min_mmps}}, t_us);
        return;
    }
    /* the rep's sound: clean, or flagged when it raised any flag */
    bool flagged = set->n_flags > flags_before || rep->rushed || rep->momentum;
    cue_event(&s->cue_events, flagged ? CUE_EVENT_REP_FLAGGED : CUE_EVENT_REP_CLEAN);
    flow_changed(s);
}

void session_add_rep(struct session *s, const struct rep_result *rep, int64_t t_us)
{
    if (s->screen == SCREEN_SET)
        add_rep(s, rep, t_us);
}

void session_imu(struct session *s, const struct imu_sample *imu)
{
    session_imu_counts(s, imu, NULL);
}

void session_imu_counts(struct session *s, const struct imu_sample *imu, const int16_t *counts)
{
    int64_t key = s->screen == SCREEN_SET ? s->visit.set.key : 0;
    if (counts)
        imu_record_push_counts(&s->imu_rec, key, imu->t_us, counts);
    else
        imu_record_push(&s->imu_rec, key, imu);
    s->bar_last_sample_us = imu->t_us;
    /* The phase is read from the detector's struct, not through rep_detector_phase: this
     * runs 1,000 times a second and two calls into rep.c cost more than the rest of it. */
    enum rep_phase before = s->reps.phase;
    struct rep_result rep;
    bool done = rep_detector_push(&s->reps, imu, &rep);
    if (s->screen != SCREEN_SET)
        return;
    if (s->reps.phase != before) {
        s->visit.set.t_moved_us = imu->t_us;
        flow_changed(s); /* the tempo cue follows the bar */
    }
    bool lifting = s->visit.set.bar_held || s->visit.set.declared;
    if (done && lifting && s->visit.set.load_known)
        add_rep(s, &rep, imu->t_us);
}

void session_bar_link(struct session *s, bool connected, int64_t t_us)
{
    s->now_us = t_us;
    if (connected == s->bar_connected)
        return;
    s->bar_connected = connected;
    /* no samples while it is away: the phase it was in has ended, and it starts from rest
     * when the unit is back (the set's reps are the session's, kept) */
    rep_detector_reset(&s->reps);
    if (!connected && in_set(s) && !set_has_flag(&s->visit.set, FLAG_DEVICE_FAULT))
        raise_flag_seen(s, FLAG_DEVICE_FAULT, SEVERITY_CAUTION, s->visit.set.n_reps,
                        "bar unit disconnected during the set",
                        (struct flag_seen){FLAG_SAYS_BAR_LOST, {0, 0}}, t_us);
    flow_changed(s);
}

void session_bar_unit(struct session *s, const char *serial, const struct rep_unit_ref *known)
{
    if (!serial)
        serial = "";
    if (serial[0] && strcmp(serial, s->bar_unit) == 0)
        return;
    snprintf(s->bar_unit, sizeof s->bar_unit, "%s", serial);
    s->have_unit_ref = serial[0] && known;
    if (s->have_unit_ref)
        s->unit_ref = *known;
}

void session_set_saved(struct session *s, int64_t set_key, bool ok, int64_t t_us)
{
    s->now_us = t_us;
    struct live_set *set = s->hold.active ? &s->hold.visit.set : &s->visit.set;
    if (set->key != set_key)
        return;
    set->saved = ok;
    set->save_failed = !ok;
    flow_changed(s);
}

/* ---- time ---- */

/* Screens where walking away must not log out: a set, a rest timer or a stop is running. */
static bool idle_allowed(const struct session *s)
{
    return s->screen != SCREEN_ATTRACT && s->screen != SCREEN_SET && s->screen != SCREEN_REST &&
           !(s->screen == SCREEN_STOP && s->bar_off_hooks);
}

static int seconds_left(int64_t until_us, int64_t now_us)
{
    if (until_us <= now_us)
        return 0;
    return (int)((until_us - now_us + 999999) / 1000000);
}

/*
 * How long without a touch before the countdown, and the countdown's length. A trainer's
 * screens log out at trainer_idle_us in all (a shorter countdown inside it): a walked-away
 * trainer must not leave the flags and loads open to the next person.
 */
static void idle_times(const struct session *s, int64_t *after_us, int64_t *countdown_us)
{
    *after_us = s->rules.idle_after_us;
    *countdown_us = s->rules.idle_countdown_us;
    if (s->logged_in && s->who.role == ROLE_TRAINER) {
        int64_t total_us = s->rules.trainer_idle_us;
        if (*countdown_us > total_us / 2)
            *countdown_us = total_us / 2;
        *after_us = total_us - *countdown_us;
    }
}

static void tick_idle(struct session *s, int64_t t_us)
{
    int64_t after_us, countdown_us;
    idle_times(s, &after_us, &countdown_us);
    if (!idle_allowed(s)) {
        s->last_activity_us = t_us;
        if (s->idle_countdown) {
            s->idle_countdown = false;
            flow_changed(s);
        }
    } else if (!s->idle_countdown && t_us - s->last_activity_us >= after_us) {
        s->idle_countdown = true;
        s->idle_logout_at_us = t_us + countdown_us;
        flow_changed(s);
    } else if (s->idle_countdown && t_us >= s->idle_logout_at_us) {
        if (s->takeover_offered) {
            struct member_profile who = s->pending; /* the owner never came back */
            logout_lifter(s, t_us);
            login(s, &who, t_us);
            return;
        }
        flow_logout(s, t_us);
    }
}

void session_tick(struct session *s, int64_t t_us, int64_t wall_us)
{
    s->now_us = t_us;
    s->wall_offset_us = wall_us - t_us;

    if (s->banner[0] && t_us >= s->banner_until_us) {
        s->banner[0] = '\0';
        s->takeover_offered = false; /* an offer nobody took lapses with its line */
        flow_changed(s);
    }
    if (s->screen == SCREEN_WARMUP && warmup_can_next(s, 0))
        warmup_next(s, 0, t_us); /* chalky hands: steps advance by themselves */
    if (s->screen == SCREEN_REST && t_us >= s->visit.rest_until_us)
        flow_go(s, SCREEN_PLAN, t_us);
    if (s->hold.active && s->hold.screen == SCREEN_REST && t_us >= s->hold.visit.rest_until_us)
        s->hold.screen = SCREEN_PLAN; /* the rest ran out behind the trainer's screens */
    if (set_abandoned(s, t_us))
        abandon_set(s, t_us);
    tick_idle(s, t_us);
    session_cue_follow(s, t_us);
}

void session_cue_follow(struct session *s, int64_t t_us)
{
    struct cue_input in;
    session_cue_input(s, t_us, &in);
    int count = cue_count_in_number(&s->cue);
    enum cue_lead lead = cue_lead(&s->cue);
    int64_t top_us;
    bool top = cue_top_pause(&s->cue, &top_us);
    unsigned cues = cue_update(&s->cue, &in, &s->cue_alarm);
    int64_t top_now_us;
    if (cue_count_in_number(&s->cue) != count || cue_lead(&s->cue) != lead ||
        cue_top_pause(&s->cue, &top_now_us) != top)
        flow_changed(s); /* the set screen's cue word or sweep follows the cue */
    for (int c = 0; c < TONE_CUE_COUNT; c++)
        if (cues & TONE_CUE_BIT(c))
            s->cue_played[c]++;
}

/* The light follows the lifter's session, also behind a trainer's screens. */
enum light session_light(const struct session *s, bool *buzzer)
{
    *buzzer = false;
    bool held = s->hold.active;
    enum screen sc = held ? s->hold.screen : s->screen;
    const struct live_set *set = held ? &s->hold.visit.set : &s->visit.set;
    int pain = held ? s->hold.visit.pain : day_pain(s);
    if (held && s->hold.who.day.pain_max > pain)
        pain = s->hold.who.day.pain_max;
    switch (sc) {
    case SCREEN_STOP:
        *buzzer =
            s->now_us - (held ? s->hold.visit.stop_at_us : s->visit.stop_at_us) < STOP_BUZZER_US;
        return LIGHT_RED;
    case SCREEN_ADVICE:
        return LIGHT_RED;
    case SCREEN_SET:
    case SCREEN_REST:
        for (int i = 0; i < set->n_flags; i++)
            if (set->flags[i].severity >= SEVERITY_CAUTION)
                return LIGHT_AMBER;
        return s->bar_connected ? LIGHT_GREEN : LIGHT_AMBER;
    case SCREEN_CHECKIN:
    case SCREEN_SCREENING:
        return LIGHT_AMBER;
    case SCREEN_WARMUP:
    case SCREEN_PLAN:
        return pain >= s->rules.pain_cap_min ? LIGHT_AMBER : LIGHT_GREEN;
    case SCREEN_ATTRACT:
    case SCREEN_TRAINER_PIN:
    case SCREEN_FLAGS:
    case SCREEN_FLAG_DETAIL:
    case SCREEN_TRAINER_LOADS:
    case SCREEN_TRAINER_CALIBRATE:
    case SCREEN_PIN_CHANGE:
    case SCREEN_STORY:
    case SCREEN_NOTE:
    case SCREEN_ENROL:
    case SCREEN_COUNT:
        break;
    }
    return LIGHT_OFF;
}

int session_idle_seconds_left(const struct session *s)
{
    return s->idle_countdown ? seconds_left(s->idle_logout_at_us, s->now_us) : 0;
}

enum screen session_screen(const struct session *s)
{
    return s->screen;
}

const struct member_profile *session_lifter(const struct session *s)
{
    if (s->hold.active)
        return &s->hold.who;
    return lifter_here(s) ? &s->who : NULL;
}

const char *session_notice(const struct session *s)
{
    return s->banner;
}

/* --- gym server --- */
/* The screen shows whether the rack is offline and, while it is, for how many minutes:
 * the view changes with those, not with each sync. */
static int64_t server_shown(const struct server_link *l, int64_t wall_us)
{
    if (!l->enabled)
        return -2;
    if (!server_link_offline(l, wall_us))
        return -1;
    return server_link_age_s(l, wall_us) / 60;
}

void session_set_server(struct session *s, const struct server_link *link, int64_t t_us)
{
    int64_t shown = server_shown(link, flow_wall(s, t_us));
    if (shown != s->server_shown || link->set_aside != s->server.set_aside)
        s->generation++;
    s->server = *link;
    s->server_shown = shown;
}
/* --- end of gym server --- */
