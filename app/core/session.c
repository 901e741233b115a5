/*
 * The session flow: one state machine over enum screen. Each entry point does its
 * work at the time it is given, bumps generation when the screen would change, and
 * queues effects for the caller (store writes, PIN checks, look-ups).
 */
#include <stdio.h>
#include <string.h>

#include "session.h"

#define BODY_MIN_G          20000   /* less than this on the plate is not a person */
#define BODY_CHANGE_SHOWN_G 100     /* body weight moves shown on screen */
#define STOP_BUZZER_US      3000000 /* the buzzer sounds for the first 3 s of a stop */
#define BANNER_US           6000000
#define PIN_MAX_TRIES       5
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

static const char *const ack_notes[SESSION_ACK_NOTES] = {
    "Reviewed with the lifter",
    "Technique cue given",
    "Referred to a physiotherapist",
    "No action needed",
};

static const char *const load_reasons[SESSION_LOAD_REASONS] = {
    "Tested with a trainer this week",
    "Back after time away, agreed with a trainer",
    "Technique reviewed, ready for more",
    "Medical clearance seen",
};

const char *session_load_reason(int index)
{
    return index >= 0 && index < SESSION_LOAD_REASONS ? load_reasons[index] : "";
}

const char *session_ack_note(int index)
{
    return index >= 0 && index < SESSION_ACK_NOTES ? ack_notes[index] : "";
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

static void changed(struct session *s)
{
    s->generation++;
}

static int64_t wall(const struct session *s, int64_t t_us)
{
    return t_us + s->wall_offset_us;
}

/* Keys identify sessions and sets across the kiosk and the store: wall time, made unique. */
static int64_t next_key(struct session *s, int64_t t_us)
{
    int64_t k = wall(s, t_us);
    if (k <= s->key_seq)
        k = s->key_seq + 1;
    s->key_seq = k;
    return k;
}

static struct effect *push_effect(struct session *s, enum effect_kind kind, int64_t t_us)
{
    if (s->effect_count == SESSION_MAX_EFFECTS)
        return NULL; /* the caller drains every frame; this cannot fill in practice */
    int slot = (s->effect_head + s->effect_count) % SESSION_MAX_EFFECTS;
    s->effect_count++;
    struct effect *e = &s->effects[slot];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->t_wall_us = wall(s, t_us);
    e->session_key = s->session_key;
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

static void activity(struct session *s, int64_t t_us)
{
    s->last_activity_us = t_us;
    if (s->idle_countdown) {
        s->idle_countdown = false;
        changed(s);
    }
}

static void go(struct session *s, enum screen screen, int64_t t_us)
{
    s->screen = screen;
    activity(s, t_us);
    changed(s);
}

static bool lifter_here(const struct session *s)
{
    return s->logged_in && s->who.role == ROLE_LIFTER;
}

/* A flag outside a set goes straight to the store; inside a set it rides with the set. */
static void raise_flag(struct session *s, enum flag_kind kind, enum severity sev, int rep,
                       const char *detail, int64_t t_us)
{
    struct raised_flag f = {.kind = kind, .severity = sev, .rep = rep};
    snprintf(f.detail, sizeof f.detail, "%s", detail);
    if (s->screen == SCREEN_SET && s->set.key != 0) {
        if (s->set.n_flags < SET_MAX_FLAGS)
            s->set.flags[s->set.n_flags++] = f;
    } else if (lifter_here(s) && s->session_key != 0) {
        struct effect *e = push_effect(s, EFFECT_FLAG, t_us);
        if (e)
            e->flag = f;
    }
    changed(s);
}

static bool set_has_flag(const struct live_set *set, enum flag_kind kind)
{
    for (int i = 0; i < set->n_flags; i++)
        if (set->flags[i].kind == kind)
            return true;
    return false;
}

static void submit_set(struct session *s, int64_t t_us)
{
    struct live_set *set = &s->set;
    bool tempo_ok = !set_has_flag(set, FLAG_RUSHED) && !set_has_flag(set, FLAG_MOMENTUM);
    set->clean = !set->stopped && set->n_reps >= set->target_reps && tempo_ok;
    set->saved = false;
    set->save_failed = false;
    struct effect *e = push_effect(s, EFFECT_SET_DONE, t_us);
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

static void clear_lifter(struct session *s)
{
    s->logged_in = false;
    memset(&s->who, 0, sizeof s->who);
    s->session_key = 0;
    s->pain = -1;
    memset(s->red_flags, 0, sizeof s->red_flags);
    s->body_known = false;
    s->body_g = 0;
    s->no_lift_today = false;
    s->red_flag_today = false;
    s->warmup_step = 0;
    memset(&s->plan, 0, sizeof s->plan);
    s->plan.exercise = -1;
    memset(&s->set, 0, sizeof s->set);
    s->pin_len = 0;
    memset(s->pin, 0, sizeof s->pin);
    s->pin_wrong = false;
    s->pin_checking = false;
    s->n_flags = 0;
    s->flags_first = 0;
    s->n_lifters = 0;
    s->lifters_first = 0;
    s->lifters_loading = false;
    s->load_lifter = -1;
    s->load_reason = -1;
    s->load_saving = false;
    s->load_msg[0] = '\0';
    s->load_failed = false;
    s->flag_open = -1;
    s->detail_loaded = false;
    s->idle_countdown = false;
}

/* Ends whoever is here: a set in progress is abandoned (and kept as evidence). */
static void logout(struct session *s, int64_t t_us)
{
    if (lifter_here(s) && s->screen == SCREEN_SET && s->set.key != 0 && s->set.n_reps > 0) {
        raise_flag(s, FLAG_SET_ABANDONED, SEVERITY_INFO, 0, "left during a set", t_us);
        s->set.stopped = true;
        submit_set(s, t_us);
    }
    if (lifter_here(s) && s->session_key != 0)
        push_effect(s, EFFECT_SESSION_CLOSE, t_us);
    clear_lifter(s);
    go(s, SCREEN_ATTRACT, t_us);
}

void session_init(struct session *s, const struct rules *rules, const struct exercise *ex,
                  int n_exercises, int64_t t_us, int64_t wall_us)
{
    memset(s, 0, sizeof *s);
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
    clear_lifter(s);
}

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

/* Today's cap, then ramp sets toward it (bar x10, 50 % x5, 70 % x3, 85 % x1) and the work. */
static void plan_exercise(struct session *s, int index)
{
    static const struct {
        int pct, reps;
    } ramp[] = {{50, 5}, {70, 3}, {85, 1}};
    const struct exercise *ex = &s->exercises[index];
    const struct exercise_history *h = history_for(s, ex->id);
    struct progression_input in = {
        .sets = h ? h->sets : NULL,
        .n_sets = h ? h->n_sets : 0,
        .today = s->who.today,
        .last_session_day = s->who.last_session_day,
        .last_session_pain = s->who.last_session_pain,
        .pain_today = s->pain < 0 ? 0 : s->pain,
        .upper_body = ex->upper_body,
        .start_load_g = h ? h->start_load_g : 0,
        .override_g = h ? h->override_g : 0,
    };
    struct plan *p = &s->plan;
    memset(p, 0, sizeof *p);
    p->exercise = index;
    progression_cap(&s->rules, &in, &p->cap);
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
}

static void enter_plan(struct session *s, int64_t t_us)
{
    if (s->plan.exercise < 0 && s->n_exercises > 0)
        plan_exercise(s, 0);
    go(s, SCREEN_PLAN, t_us);
}

/*
 * The kiosk is stopping (SIGTERM from the service, Esc in simulation): a set on screen is
 * kept as stopped (not credited) whatever its phase, with a flag saying why, and the
 * session is closed. The caller then hands the effects to the store before it exits.
 */
void session_shutdown(struct session *s, int64_t t_us)
{
    s->now_us = t_us;
    if (lifter_here(s) && s->screen == SCREEN_SET && s->set.key != 0) {
        raise_flag(s, FLAG_SET_ABANDONED, SEVERITY_INFO, 0, "the kiosk stopped during the set",
                   t_us);
        s->set.stopped = true;
        submit_set(s, t_us);
        s->set.key = 0; /* stored: logout must not store it again */
    }
    if (s->logged_in)
        logout(s, t_us);
}

static void start_set(struct session *s, int64_t t_us)
{
    struct plan *p = &s->plan;
    if (p->exercise < 0 || p->n_sets == 0)
        return;
    int idx = p->current < p->n_sets ? p->current : p->n_sets - 1;
    struct live_set *set = &s->set;
    memset(set, 0, sizeof *set);
    set->key = next_key(s, t_us);
    set->exercise = p->exercise;
    set->exercise_id = s->exercises[p->exercise].id;
    set->t_start_wall_us = wall(s, t_us);
    set->planned = idx;
    set->target_g = p->sets[idx].load_g;
    set->target_reps = p->sets[idx].reps;
    set->t_start_us = t_us;
    set->left_pct = 50;
    rep_detector_reset(&s->reps);
    go(s, SCREEN_SET, t_us);
}

static void stop_set(struct session *s, enum flag_kind why, const char *detail, int64_t t_us)
{
    s->stop_reason = why;
    s->stop_at_us = t_us;
    s->set.stopped = true;
    raise_flag(s, why, SEVERITY_STOP, 0, detail, t_us);
    submit_set(s, t_us);
    go(s, SCREEN_STOP, t_us);
}

/* The lifter's load may not exceed today's cap (plus the plate's noise margin). */
static bool check_load(struct session *s, int64_t t_us)
{
    int32_t cap_g = s->plan.cap.cap_g;
    if (s->set.load_g <= cap_g + s->rules.overload_margin_g)
        return true;
    char detail[NOTE_MAX_LEN];
    snprintf(detail, sizeof detail, "%.1f kg on the bar, today's cap %.1f kg",
             s->set.load_g / 1000.0, cap_g / 1000.0);
    stop_set(s, FLAG_OVERLOAD, detail, t_us);
    return false;
}

static void finish_set(struct session *s, int64_t t_us)
{
    struct plan *p = &s->plan;
    if (s->set.planned < p->n_sets)
        p->sets[s->set.planned].done = true;
    if (p->current < p->n_sets)
        p->current++;
    submit_set(s, t_us);
    s->rest_until_us = t_us + s->rules.rest_us;
    go(s, SCREEN_REST, t_us);
}

static bool any_red_flag(const struct session *s)
{
    for (int i = 0; i < RED_FLAG_QUESTIONS; i++)
        if (s->red_flags[i])
            return true;
    return false;
}

/* Body weight is needed only to lift on the plate; a lifter sent home need not weigh in. */
bool session_checkin_ready(const struct session *s)
{
    if (s->pain < 0)
        return false;
    if (any_red_flag(s) || s->pain >= s->rules.pain_no_lift_min)
        return true;
    return s->body_known || s->plate_fault;
}

static void checkin_done(struct session *s, int64_t t_us)
{
    if (!session_checkin_ready(s))
        return;
    s->session_key = next_key(s, t_us);
    struct effect *e = push_effect(s, EFFECT_SESSION_OPEN, t_us);
    if (e) {
        e->pain = s->pain;
        memcpy(e->red_flags, s->red_flags, sizeof e->red_flags);
        e->body_g = s->body_known ? s->body_g : 0;
    }
    char detail[NOTE_MAX_LEN] = "";
    for (int i = 0; i < RED_FLAG_QUESTIONS; i++) {
        if (!s->red_flags[i])
            continue;
        size_t len = strlen(detail);
        snprintf(detail + len, sizeof detail - len, "%s#%d", len ? ", " : "red flag ", i + 1);
        s->red_flag_today = true;
    }
    if (s->red_flag_today) {
        s->no_lift_today = true;
        raise_flag(s, FLAG_RED_FLAG, SEVERITY_STOP, 0, detail, t_us);
        go(s, SCREEN_ADVICE, t_us);
        return;
    }
    snprintf(detail, sizeof detail, "pain %d/10 at check-in", s->pain);
    if (s->pain >= s->rules.pain_no_lift_min) {
        s->no_lift_today = true;
        raise_flag(s, FLAG_PAIN, SEVERITY_STOP, 0, detail, t_us);
        go(s, SCREEN_ADVICE, t_us);
        return;
    }
    if (s->pain >= s->rules.pain_cap_min)
        raise_flag(s, FLAG_PAIN, SEVERITY_CAUTION, 0, detail, t_us);
    s->warmup_step = 0;
    s->warmup_start_us = t_us;
    s->warmup_step_start_us = t_us;
    go(s, SCREEN_WARMUP, t_us);
}

static bool warmup_step_done(const struct session *s, int64_t t_us)
{
    return t_us - s->warmup_step_start_us >=
           (int64_t)warmup_steps[s->warmup_step].seconds * 1000000;
}

static void warmup_next(struct session *s, int64_t t_us)
{
    if (!warmup_step_done(s, t_us))
        return;
    if (s->warmup_step + 1 < WARMUP_STEPS) {
        s->warmup_step++;
        s->warmup_step_start_us = t_us;
        go(s, SCREEN_WARMUP, t_us);
    } else if (t_us - s->warmup_start_us >= s->rules.warmup_min_us) {
        enter_plan(s, t_us);
    }
}

static void pin_digit(struct session *s, int digit, int64_t t_us)
{
    if (s->pin_checking || digit < 0 || digit > 9 || s->pin_len >= s->rules.pin_digits ||
        s->pin_len >= PIN_MAX_DIGITS)
        return;
    s->pin[s->pin_len++] = (char)('0' + digit);
    s->pin[s->pin_len] = '\0';
    s->pin_wrong = false;
    if (s->pin_len == s->rules.pin_digits) {
        s->pin_checking = true;
        struct effect *e = push_effect(s, EFFECT_VERIFY_PIN, t_us);
        if (e)
            snprintf(e->text, sizeof e->text, "%s", s->pin);
    }
    changed(s);
}

static void load_flags(struct session *s, int64_t t_us)
{
    s->flags_loading = true;
    push_effect(s, EFFECT_LOAD_FLAGS, t_us);
}

static void open_flag(struct session *s, int index, int64_t t_us)
{
    if (index < 0 || index >= s->n_flags)
        return;
    s->flag_open = index;
    s->detail_loaded = false;
    memset(&s->detail, 0, sizeof s->detail);
    if (s->flags[index].set_key != 0) {
        struct effect *e = push_effect(s, EFFECT_LOAD_DETAIL, t_us);
        if (e)
            e->key = s->flags[index].set_key;
    }
    go(s, SCREEN_FLAG_DETAIL, t_us);
}

static void ack_flag(struct session *s, int note, int64_t t_us)
{
    if (s->flag_open < 0 || note < 0 || note >= SESSION_ACK_NOTES)
        return;
    struct flag_view *f = &s->flags[s->flag_open];
    if (f->acked)
        return;
    f->acked = true;
    snprintf(f->ack_note, sizeof f->ack_note, "%s", ack_notes[note]);
    snprintf(f->ack_by, sizeof f->ack_by, "%s", s->who.name);
    struct effect *e = push_effect(s, EFFECT_ACK_FLAG, t_us);
    if (e) {
        e->key = f->id;
        snprintf(e->text, sizeof e->text, "%s", ack_notes[note]);
    }
    changed(s);
}

static void declare_load(struct session *s, int32_t load_g, int64_t t_us)
{
    if (s->plan.exercise < 0)
        return;
    start_set(s, t_us);
    s->set.declared = true;
    s->set.load_known = true;
    s->set.load_g = load_g;
    check_load(s, t_us);
}

static void open_loads(struct session *s, int64_t t_us)
{
    s->lifters_loading = true;
    s->n_lifters = 0;
    s->lifters_first = 0;
    s->load_lifter = -1;
    s->load_exercise = 0;
    s->load_override = false;
    s->load_g = s->rules.empty_bar_g;
    s->load_reason = -1;
    s->load_saving = false;
    s->load_msg[0] = '\0';
    s->load_failed = false;
    push_effect(s, EFFECT_LOAD_LIFTERS, t_us);
    go(s, SCREEN_TRAINER_LOADS, t_us);
}

/* Loads move in steps the plates can make, never below the empty bar. */
static void load_step(struct session *s, int delta_g)
{
    int64_t g = (int64_t)s->load_g + delta_g;
    const int64_t max_g = 500000; /* no rack holds more */
    if (g < s->rules.empty_bar_g)
        g = s->rules.empty_bar_g;
    if (g > max_g)
        g = max_g;
    s->load_g = load_round_down(&s->rules, (int32_t)g);
}

static bool load_ready(const struct session *s)
{
    return s->load_lifter >= 0 && s->load_lifter < s->n_lifters && !s->load_saving &&
           s->load_exercise >= 0 && s->load_exercise < s->n_exercises &&
           (!s->load_override || s->load_reason >= 0);
}

static void load_save(struct session *s, int64_t t_us)
{
    if (!load_ready(s))
        return;
    struct effect *e = push_effect(s, EFFECT_SET_LOAD, t_us);
    if (!e)
        return;
    e->key = s->lifters[s->load_lifter].id;
    e->exercise_id = s->exercises[s->load_exercise].id;
    e->load_g = s->load_g;
    e->override = s->load_override;
    if (s->load_override)
        snprintf(e->text, sizeof e->text, "%s", load_reasons[s->load_reason]);
    s->load_saving = true;
    s->load_msg[0] = '\0';
}

static void loads_action(struct session *s, enum action action, int arg, int64_t t_us)
{
    switch (action) {
    case ACTION_LOAD_LIFTER:
        if (arg >= 0 && arg < s->n_lifters)
            s->load_lifter = arg;
        break;
    case ACTION_LIFTERS_PAGE:
        if (arg >= 0 && arg < s->n_lifters)
            s->lifters_first = arg;
        break;
    case ACTION_LOAD_EXERCISE:
        if (arg >= 0 && arg < s->n_exercises)
            s->load_exercise = arg;
        break;
    case ACTION_LOAD_KIND:
        s->load_override = arg != 0;
        break;
    case ACTION_LOAD_STEP:
        load_step(s, arg);
        break;
    case ACTION_LOAD_REASON:
        if (arg >= 0 && arg < SESSION_LOAD_REASONS)
            s->load_reason = arg;
        break;
    case ACTION_LOAD_SAVE:
        load_save(s, t_us);
        break;
    case ACTION_BACK:
        load_flags(s, t_us);
        go(s, SCREEN_FLAGS, t_us);
        return;
    default:
        return;
    }
    changed(s);
}

void session_action(struct session *s, enum action action, int arg, int64_t t_us)
{
    s->now_us = t_us;
    activity(s, t_us);
    if (action == ACTION_LOGOUT && s->screen != SCREEN_ATTRACT) {
        logout(s, t_us);
        return;
    }
    switch (s->screen) {
    case SCREEN_CHECKIN:
        if (action == ACTION_PAIN && arg >= 0 && arg <= 10) {
            s->pain = arg;
            changed(s);
        } else if (action == ACTION_RED_FLAG && arg >= 0 && arg < RED_FLAG_QUESTIONS) {
            s->red_flags[arg] = !s->red_flags[arg];
            changed(s);
        } else if (action == ACTION_CHECKIN_DONE) {
            checkin_done(s, t_us);
        }
        break;
    case SCREEN_ADVICE:
        if (action == ACTION_ADVICE_DONE)
            logout(s, t_us);
        break;
    case SCREEN_WARMUP:
        if (action == ACTION_WARMUP_NEXT) {
            warmup_next(s, t_us);
        } else if (action == ACTION_WARMUP_SKIP) {
            char detail[NOTE_MAX_LEN];
            snprintf(detail, sizeof detail, "skipped at step %d of %d after %lld s",
                     s->warmup_step + 1, WARMUP_STEPS,
                     (long long)((t_us - s->warmup_start_us) / 1000000));
            raise_flag(s, FLAG_WARMUP_SKIPPED, SEVERITY_CAUTION, 0, detail, t_us);
            enter_plan(s, t_us);
        }
        break;
    case SCREEN_PLAN:
        if (action == ACTION_EXERCISE && arg >= 0 && arg < s->n_exercises) {
            plan_exercise(s, arg);
            changed(s);
        } else if (action == ACTION_START_SET) {
            if (s->plan.exercise >= 0 && s->exercises[s->plan.exercise].on_plate && !s->plate_fault)
                start_set(s, t_us);
        } else if (action == ACTION_DECLARE_LOAD && arg > 0) {
            declare_load(s, arg, t_us);
        }
        break;
    case SCREEN_SET:
        if (action == ACTION_PAIN_STOP)
            stop_set(s, FLAG_PAIN, "pain reported during the set", t_us);
        else if (action == ACTION_END_SET && s->set.n_reps > 0)
            finish_set(s, t_us);
        else if (action == ACTION_END_SET || action == ACTION_BACK)
            go(s, SCREEN_PLAN, t_us); /* nothing lifted: no set to record */
        break;
    case SCREEN_REST:
        if (action == ACTION_REST_DONE)
            go(s, SCREEN_PLAN, t_us);
        break;
    case SCREEN_STOP:
        if (action == ACTION_STOP_DONE) {
            if (s->stop_reason == FLAG_PAIN || s->stop_reason == FLAG_RED_FLAG)
                logout(s, t_us);
            else
                go(s, SCREEN_PLAN, t_us);
        }
        break;
    case SCREEN_TRAINER_PIN:
        if (action == ACTION_PIN_DIGIT)
            pin_digit(s, arg, t_us);
        else if (action == ACTION_PIN_BACK && s->pin_len > 0 && !s->pin_checking) {
            s->pin[--s->pin_len] = '\0';
            changed(s);
        }
        break;
    case SCREEN_TRAINER_LOADS:
        loads_action(s, action, arg, t_us);
        break;
    case SCREEN_FLAGS:
        if (action == ACTION_LOADS) {
            open_loads(s, t_us);
        } else if (action == ACTION_FLAG_OPEN) {
            open_flag(s, arg, t_us);
        } else if (action == ACTION_FLAGS_PAGE && arg >= 0 && arg < s->n_flags) {
            s->flags_first = arg;
            changed(s);
        }
        break;
    case SCREEN_FLAG_DETAIL:
        if (action == ACTION_FLAG_ACK) {
            ack_flag(s, arg, t_us);
        } else if (action == ACTION_BACK) {
            s->flag_open = -1;
            load_flags(s, t_us);
            go(s, SCREEN_FLAGS, t_us);
        }
        break;
    case SCREEN_ATTRACT:
    case SCREEN_COUNT:
        break;
    }
}

void session_badge(struct session *s, const struct member_profile *who, int64_t t_us)
{
    s->now_us = t_us;
    if (s->logged_in && s->who.id == who->id) {
        activity(s, t_us); /* the same badge again: still here */
        return;
    }
    if (s->logged_in)
        logout(s, t_us);
    s->logged_in = true;
    s->who = *who;
    s->banner[0] = '\0';
    if (who->role == ROLE_TRAINER) {
        go(s, SCREEN_TRAINER_PIN, t_us);
        return;
    }
    /* Someone already standing still on the plate is weighed at once. */
    if (s->load.stable && s->load.total_g >= BODY_MIN_G && !s->load.fault) {
        s->body_known = true;
        s->body_g = s->load.total_g;
    }
    go(s, SCREEN_CHECKIN, t_us);
}

void session_badge_unknown(struct session *s, const char *why, int64_t t_us)
{
    s->now_us = t_us;
    snprintf(s->banner, sizeof s->banner, "%s", why);
    s->banner_until_us = t_us + BANNER_US;
    push_effect(s, EFFECT_UNKNOWN_BADGE, t_us);
    activity(s, t_us);
    changed(s);
}

static void set_plate(struct session *s, const struct load_reading *load, int64_t t_us)
{
    struct live_set *set = &s->set;
    if (!s->exercises[set->exercise].on_plate || set->declared)
        return;
    int32_t bar_g = load->total_g - s->body_g;
    bool held = s->body_known && load->bar_held; /* the plate's own unrack/rerack events */
    if (held != set->bar_held) {
        set->bar_held = held;
        changed(s);
        if (held) {
            rep_detector_reset(&s->reps);
        } else if (set->n_reps > 0) {
            finish_set(s, t_us); /* reracked: the set is done */
            return;
        } else {
            set->load_known = false; /* reracked before a rep: weigh again */
        }
    }
    if (!held || !load->stable)
        return;
    if (load->total_g > 0) {
        int left_pct = (int)((int64_t)load->side_g[PLATE_LEFT] * PERCENT / load->total_g);
        if (left_pct != set->left_pct) {
            set->left_pct = left_pct;
            changed(s);
        }
        int off = left_pct > 50 ? left_pct - 50 : 50 - left_pct;
        if (off > s->rules.asymmetry_pct && !set_has_flag(set, FLAG_ASYMMETRY)) {
            char detail[NOTE_MAX_LEN];
            snprintf(detail, sizeof detail, "left/right split %d/%d", left_pct, PERCENT - left_pct);
            raise_flag(s, FLAG_ASYMMETRY, SEVERITY_CAUTION, set->n_reps, detail, t_us);
        }
    }
    if (!set->load_known) {
        set->load_known = true;
        set->load_g = load_round_nearest(&s->rules, bar_g);
        changed(s);
        check_load(s, t_us);
    }
}

void session_plate(struct session *s, const struct load_reading *load, int64_t t_us)
{
    s->now_us = t_us;
    bool was_fault = s->plate_fault;
    s->load = *load;
    s->plate_fault = load->fault;
    if (load->fault && !was_fault) {
        if (lifter_here(s))
            raise_flag(s, FLAG_DEVICE_FAULT, SEVERITY_CAUTION, 0,
                       load->fault_msg[0] ? load->fault_msg
                                          : "load plate: a side stopped answering",
                       t_us);
        changed(s);
    } else if (!load->fault && was_fault) {
        changed(s);
    }
    if (load->total_g >= BODY_MIN_G)
        activity(s, t_us); /* someone is on the plate: not idle */

    if (s->screen == SCREEN_CHECKIN && load->stable && !load->fault &&
        load->total_g >= BODY_MIN_G) {
        int32_t diff = load->total_g - s->body_g;
        if (!s->body_known || diff > BODY_CHANGE_SHOWN_G || diff < -BODY_CHANGE_SHOWN_G) {
            s->body_known = true;
            s->body_g = load->total_g;
            changed(s);
        }
    }
    if (s->screen == SCREEN_SET && !load->fault)
        set_plate(s, load, t_us);
}

static void add_rep(struct session *s, const struct rep_result *rep, int64_t t_us)
{
    struct live_set *set = &s->set;
    if (set->n_reps >= SET_MAX_REPS)
        return;
    set->reps[set->n_reps] = *rep;
    set->reps[set->n_reps].index = set->n_reps + 1;
    set->n_reps++;
    int n = set->n_reps;
    char detail[NOTE_MAX_LEN];
    if (rep->rushed) {
        snprintf(detail, sizeof detail, "rep %d: %.1f s down, cue %.1f s", n, rep->ecc_ms / 1000.0,
                 s->rules.tempo_ms[0] / 1000.0);
        raise_flag(s, FLAG_RUSHED, SEVERITY_CAUTION, n, detail, t_us);
    }
    if (rep->momentum) {
        snprintf(detail, sizeof detail, "rep %d: swing %d mg, rotation %d dps", n,
                 rep->peak_horiz_mg, rep->peak_gyro_dps);
        raise_flag(s, FLAG_MOMENTUM, SEVERITY_CAUTION, n, detail, t_us);
    }
    int32_t best = 0;
    for (int i = 0; i < n; i++)
        if (set->reps[i].mean_conc_mmps > best)
            best = set->reps[i].mean_conc_mmps;
    if (best > 0 && !set_has_flag(set, FLAG_VELOCITY_LOSS)) {
        int loss_pct = (int)((int64_t)(best - rep->mean_conc_mmps) * PERCENT / best);
        if (loss_pct > s->rules.velocity_loss_pct) {
            snprintf(detail, sizeof detail, "rep %d: %d %% slower than the best rep", n, loss_pct);
            raise_flag(s, FLAG_VELOCITY_LOSS, SEVERITY_CAUTION, n, detail, t_us);
        }
    }
    changed(s);
}

void session_imu(struct session *s, const struct imu_sample *imu)
{
    imu_record_push(&s->imu_rec, s->screen == SCREEN_SET ? s->set.key : 0, imu);
    s->bar_last_sample_us = imu->t_us;
    enum rep_phase before = rep_detector_phase(&s->reps);
    struct rep_result rep;
    bool done = rep_detector_push(&s->reps, imu, &rep);
    if (s->screen != SCREEN_SET)
        return;
    if (rep_detector_phase(&s->reps) != before)
        changed(s); /* the tempo cue follows the bar */
    bool lifting = s->set.bar_held || s->set.declared;
    if (done && lifting && s->set.load_known)
        add_rep(s, &rep, imu->t_us);
}

void session_bar_link(struct session *s, bool connected, int64_t t_us)
{
    s->now_us = t_us;
    if (connected == s->bar_connected)
        return;
    s->bar_connected = connected;
    if (!connected && s->screen == SCREEN_SET && !set_has_flag(&s->set, FLAG_DEVICE_FAULT))
        raise_flag(s, FLAG_DEVICE_FAULT, SEVERITY_CAUTION, s->set.n_reps,
                   "bar unit disconnected during the set", t_us);
    changed(s);
}

void session_pin_result(struct session *s, bool ok, int64_t t_us)
{
    s->now_us = t_us;
    if (s->screen != SCREEN_TRAINER_PIN || !s->pin_checking)
        return;
    s->pin_checking = false;
    memset(s->pin, 0, sizeof s->pin);
    s->pin_len = 0;
    if (ok) {
        s->pin_tries = 0;
        load_flags(s, t_us);
        go(s, SCREEN_FLAGS, t_us);
        return;
    }
    s->pin_wrong = true;
    if (++s->pin_tries >= PIN_MAX_TRIES) {
        logout(s, t_us);
        session_badge_unknown(s, "Too many wrong PINs: tap your badge again", t_us);
        return;
    }
    changed(s);
}

void session_set_saved(struct session *s, int64_t set_key, bool ok, int64_t t_us)
{
    s->now_us = t_us;
    if (s->set.key != set_key)
        return;
    s->set.saved = ok;
    s->set.save_failed = !ok;
    changed(s);
}

void session_flags_loaded(struct session *s, const struct flag_view *flags, int n, int64_t t_us)
{
    s->now_us = t_us;
    if (n > SESSION_MAX_FLAG_VIEWS)
        n = SESSION_MAX_FLAG_VIEWS;
    if (n < 0)
        n = 0;
    if (n > 0)
        memcpy(s->flags, flags, sizeof flags[0] * (size_t)n);
    s->n_flags = n;
    if (s->flags_first >= n)
        s->flags_first = 0; /* a reload keeps the page the trainer was on, if it still exists */
    s->flags_loading = false;
    changed(s);
}

void session_detail_loaded(struct session *s, const struct set_detail *detail, int64_t t_us)
{
    s->now_us = t_us;
    if (s->flag_open < 0 || s->flags[s->flag_open].set_key != detail->set_key)
        return;
    s->detail = *detail;
    s->detail_loaded = true;
    changed(s);
}

void session_lifters_loaded(struct session *s, const struct lifter_view *lifters, int n,
                            int64_t t_us)
{
    s->now_us = t_us;
    if (n < 0)
        n = 0;
    if (n > SESSION_MAX_LIFTERS)
        n = SESSION_MAX_LIFTERS;
    if (n > 0)
        memcpy(s->lifters, lifters, sizeof lifters[0] * (size_t)n);
    s->n_lifters = n;
    s->lifters_loading = false;
    changed(s);
}

void session_load_saved(struct session *s, bool ok, const char *why, int64_t t_us)
{
    s->now_us = t_us;
    if (!s->load_saving)
        return;
    s->load_saving = false;
    s->load_failed = !ok;
    if (!ok) {
        snprintf(s->load_msg, sizeof s->load_msg, "Not saved: %s", why && *why ? why : "error");
    } else if (s->load_lifter >= 0 && s->load_lifter < s->n_lifters) {
        char kg[16];
        if (s->load_g % 1000 == 0)
            snprintf(kg, sizeof kg, "%d", (int)(s->load_g / 1000));
        else
            snprintf(kg, sizeof kg, s->load_g % 100 == 0 ? "%.1f" : "%.2f", s->load_g / 1000.0);
        int len = snprintf(s->load_msg, sizeof s->load_msg, "Saved: %s, %s %s kg %s",
                           s->lifters[s->load_lifter].name, s->exercises[s->load_exercise].name, kg,
                           s->load_override ? "for today" : "to start");
        (void)len; /* a long name cuts the status line short; the save stands */
    }
    changed(s);
}

/* Screens where walking away must not log out: a set or a rest timer is running. */
static bool idle_allowed(const struct session *s)
{
    return s->screen != SCREEN_ATTRACT && s->screen != SCREEN_SET && s->screen != SCREEN_REST;
}

static int seconds_left(int64_t until_us, int64_t now_us)
{
    if (until_us <= now_us)
        return 0;
    return (int)((until_us - now_us + 999999) / 1000000);
}

void session_tick(struct session *s, int64_t t_us, int64_t wall_us)
{
    s->now_us = t_us;
    s->wall_offset_us = wall_us - t_us;

    if (s->banner[0] && t_us >= s->banner_until_us) {
        s->banner[0] = '\0';
        changed(s);
    }
    if (s->screen == SCREEN_WARMUP && warmup_step_done(s, t_us))
        warmup_next(s, t_us); /* chalky hands: steps advance by themselves */
    if (s->screen == SCREEN_REST && t_us >= s->rest_until_us)
        go(s, SCREEN_PLAN, t_us);

    if (!idle_allowed(s)) {
        s->last_activity_us = t_us;
        if (s->idle_countdown) {
            s->idle_countdown = false;
            changed(s);
        }
    } else if (!s->idle_countdown && t_us - s->last_activity_us >= s->rules.idle_after_us) {
        s->idle_countdown = true;
        s->idle_logout_at_us = t_us + s->rules.idle_countdown_us;
        changed(s);
    } else if (s->idle_countdown && t_us >= s->idle_logout_at_us) {
        logout(s, t_us);
        return;
    }
}

enum light session_light(const struct session *s, bool *buzzer)
{
    *buzzer = false;
    switch (s->screen) {
    case SCREEN_STOP:
        *buzzer = s->now_us - s->stop_at_us < STOP_BUZZER_US;
        return LIGHT_RED;
    case SCREEN_ADVICE:
        return LIGHT_RED;
    case SCREEN_SET:
    case SCREEN_REST:
        for (int i = 0; i < s->set.n_flags; i++)
            if (s->set.flags[i].severity >= SEVERITY_CAUTION)
                return LIGHT_AMBER;
        return s->bar_connected ? LIGHT_GREEN : LIGHT_AMBER;
    case SCREEN_CHECKIN:
        return LIGHT_AMBER;
    case SCREEN_WARMUP:
    case SCREEN_PLAN:
        return s->pain >= s->rules.pain_cap_min ? LIGHT_AMBER : LIGHT_GREEN;
    case SCREEN_ATTRACT:
    case SCREEN_TRAINER_PIN:
    case SCREEN_FLAGS:
    case SCREEN_FLAG_DETAIL:
    case SCREEN_TRAINER_LOADS:
    case SCREEN_COUNT:
        break;
    }
    return LIGHT_OFF;
}

int session_idle_seconds_left(const struct session *s)
{
    return s->idle_countdown ? seconds_left(s->idle_logout_at_us, s->now_us) : 0;
}
