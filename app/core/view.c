/*
 * The screens' view of the session (view.h): what each screen shows, worked out here from
 * the session's state and rules, so that no screen repeats a rule, a threshold or a guard.
 */
#include <string.h>

#include "flow.h"
#include "prefs.h"
#include "view.h"

#define US_PER_S 1000000

/* A transition's guard for one argument, as session_can asks it. */
static bool guard_allows(const struct transition *t, const struct session *s, int arg)
{
    return !t->guard || t->guard(s, arg);
}

/* Every control's enabled state, as session_can answers it, for the actions the screen has:
 * each action's row looked up once, its guard asked for every argument (a look-up for
 * each of the 67 arguments was a tenth of a scripted session's CPU). */
static void fill_can(const struct session *s, struct session_view *v)
{
    for (int a = 0; a < ACTION_COUNT; a++) {
        v->can[a] = 0;
        v->can_minus_one[a] = false;
        v->can_below[a] = false;
        v->can_above[a] = false;
        const struct transition *t = session_transition(s, (enum action)a);
        if (!t)
            continue;
        for (int arg = 0; arg < VIEW_ARGS; arg++)
            if (guard_allows(t, s, arg))
                v->can[a] |= (uint64_t)1 << arg;
        v->can_minus_one[a] = guard_allows(t, s, -1);
        v->can_below[a] = guard_allows(t, s, -VIEW_ARGS);
        v->can_above[a] = guard_allows(t, s, VIEW_ARGS);
    }
}

bool view_can(const struct session_view *v, enum action action, int arg)
{
    if ((unsigned)action >= ACTION_COUNT)
        return false;
    if (arg == -1)
        return v->can_minus_one[action];
    if (arg < 0)
        return v->can_below[action];
    if (arg >= VIEW_ARGS)
        return v->can_above[action];
    return (v->can[action] >> arg) & 1u;
}

bool view_lifters_page_can(const struct session_view *v, int first)
{
    const struct view_trainer *t = &v->trainer;
    return t->lifters_pageable && !t->lifters_loading && first >= 0 && first < t->lifters_total &&
           first != t->lifters_offset + t->lifters_first;
}

bool view_flags_page_can(const struct session_view *v, int first)
{
    const struct view_trainer *t = &v->trainer;
    return v->screen == SCREEN_FLAGS && !t->flags_loading && first >= 0 && first < t->flags_total &&
           first != t->flags_offset + t->flags_first;
}

static void fill_checkin(const struct session *s, struct view_checkin *c)
{
    const struct visit *vi = &s->visit;
    c->pain = vi->pain;
    c->red_flags = vi->red_flags;
    c->red_answered = vi->red_answered;
    c->screening_yes = vi->screening_yes;
    c->screening_answered = vi->screening_answered;
    c->screening_wait = vi->screening_wait;
    c->body_known = vi->body_known;
    c->body_g = vi->body_g;
    c->red_flag = vi->red_flag_today;
    c->urgent = false;
    for (int i = 0; i < RED_FLAG_QUESTIONS; i++) {
        if (!vi->red_flags[i])
            continue;
        c->red_flag = true;
        if (session_red_flag_urgent(i))
            c->urgent = true;
    }
}

static void fill_warmup(const struct session *s, int64_t now_us, struct view_warmup *w)
{
    memset(w, 0, sizeof *w);
    w->n_steps = session_warmup(s, &w->steps);
    if (w->n_steps <= 0)
        return;
    int cur = s->visit.warmup_step < 0 ? 0 : s->visit.warmup_step;
    w->step = cur < w->n_steps ? cur : w->n_steps - 1;
    w->step_us = (int64_t)w->steps[w->step].seconds * US_PER_S;
    int64_t into_us = now_us - s->visit.warmup_step_start_us;
    w->into_us = into_us > 0 ? into_us : 0;
    int left_s = (int)((w->step_us - w->into_us + US_PER_S - 1) / US_PER_S);
    w->left_s = left_s > 0 ? left_s : 0;
    w->step_done = flow_warmup_step_done(s, now_us);
    w->total_s = (int)((now_us - s->visit.warmup_start_us) / US_PER_S);
    w->min_s = (int)(s->rules.warmup_min_us / US_PER_S);
    w->min_met = w->total_s >= w->min_s;
}

static const struct exercise *exercise_at(const struct session *s, int index)
{
    return index >= 0 && index < s->n_exercises ? &s->exercises[index] : NULL;
}

/* The tempo's time for the phase the bar is in; none at the top (the lifter is ready). */
static int phase_target_ms(const int *tempo_ms, enum rep_phase phase)
{
    switch (phase) {
    case REP_PHASE_ECCENTRIC:
        return tempo_ms[0];
    case REP_PHASE_BOTTOM:
        return tempo_ms[1];
    case REP_PHASE_CONCENTRIC:
        return tempo_ms[2];
    case REP_PHASE_TOP:
    default:
        return 0;
    }
}

/* The flag that stopped the set, when it is the set's last flag; NULL none. */
static const struct raised_flag *stop_flag(const struct visit *vi)
{
    const struct live_set *set = &vi->set;
    if (flow_stop_ends_day(vi->stop_reason) || set->n_flags <= 0)
        return NULL;
    const struct raised_flag *f = &set->flags[set->n_flags - 1];
    return f->kind == vi->stop_reason ? f : NULL;
}

static void fill_lift(const struct session *s, int64_t now_us, struct view_lift *l)
{
    const struct visit *vi = &s->visit;
    const struct plan *p = &vi->plan;
    l->exercises = s->exercises;
    l->n_exercises = s->n_exercises;
    l->plan = p;
    l->exercise = exercise_at(s, p->exercise);
    int next = flow_next_set(p);
    l->next_g = next >= 0 ? p->sets[next].load_g : s->rules.empty_bar_g;
    l->next_set = next;
    l->next_ramp = next >= 0 && p->sets[next].ramp;
    l->next_number = flow_set_number(p, next);
    l->all_done = p->n_sets > 0 && p->current >= p->n_sets;
    l->empty_bar_g = s->rules.empty_bar_g;
    l->unit = session_display_unit(s);
    l->plate_unit = s->rules.plates.unit;
    l->rules = &s->rules;
    plate_loading_plates_from(&l->plates, &s->rules.plates);
    l->tempo_ms = session_tempo_ms(s, p->exercise >= 0 ? p->exercise : vi->set.exercise);

    l->set = &vi->set;
    l->set_exercise = exercise_at(s, vi->set.exercise);
    l->phase = rep_detector_phase(&s->reps);
    const int *set_tempo = session_tempo_ms(s, vi->set.exercise);
    l->phase_target_ms = phase_target_ms(set_tempo, l->phase);
    int64_t from_us = rep_detector_phase_start_us(&s->reps), top_us;
    if (cue_top_pause(&s->cue, &top_us)) { /* the top pause the cue counts */
        l->phase_target_ms = set_tempo[3];
        from_us = top_us;
    }
    int64_t into_us = now_us - from_us;
    l->phase_into_us = into_us > 0 ? into_us : 0;
    l->cue_off = !s->bar_connected;
    l->count_in = l->cue_off ? 0 : cue_count_in_number(&s->cue);
    l->lead = l->cue_off ? CUE_LEAD_NONE : cue_lead(&s->cue);
    l->split_uneven = flow_split_uneven(&s->rules, vi->set.left_pct);
    set_summary_compute(vi->set.reps, vi->set.n_reps, session_tempo_ms(s, vi->set.exercise),
                        s->rules.velocity_loss_pct, &l->summary);

    l->rest_left_us = vi->rest_until_us - now_us;
    l->rest_us = s->rules.rest_us;

    l->stop_reason = vi->stop_reason;
    l->stop_ends_day = flow_stop_ends_day(vi->stop_reason);
    l->stop_flag = stop_flag(vi);
    l->stop_detail = l->stop_flag ? l->stop_flag->detail : "";
}

void session_view(const struct session *s, int64_t now_us, struct session_view *out)
{
    out->screen = s->screen;
    out->generation = s->generation;
    out->now_us = now_us;
    out->name = s->who.name;
    fill_can(s, out);

    out->idle_countdown = s->idle_countdown;
    int64_t idle_left_us = s->idle_logout_at_us - now_us;
    out->idle_seconds_left =
        s->idle_countdown && idle_left_us > 0 ? (int)((idle_left_us + US_PER_S - 1) / US_PER_S) : 0;
    /* the line over the screen; on the attract screen the banner says it, unless a
     * newcomer is offered the rack (answered on the line) */
    bool over = s->screen != SCREEN_ATTRACT || s->takeover_offered;
    out->notice = over ? session_notice(s) : "";
    bool banner = s->banner_until_us == 0 || now_us < s->banner_until_us;
    out->banner = banner ? s->banner : "";
    out->notice_fmt = s->banner[0] ? s->banner_fmt : NULL;
    for (int i = 0; i < BANNER_ARGS; i++)
        out->notice_args[i] = s->banner_args[i];
    out->lang = session_language(s);
    out->text_pref = session_text_pref(s);
    out->prefs_open = s->visit.prefs_open && prefs_offered(s);
    out->plate_fault = s->plate_fault;
    out->plate_fault_msg = s->load.fault_msg;
    out->bar_connected = s->bar_connected;

    fill_checkin(s, &out->checkin);
    fill_warmup(s, now_us, &out->warmup);
    fill_lift(s, now_us, &out->lift);
    trainer_view(s, &out->trainer);
    /* --- gym server --- */
    int64_t wall_us = flow_wall(s, now_us);
    out->server = (struct view_server){.enabled = s->server.enabled,
                                       .offline = server_link_offline(&s->server, wall_us),
                                       .age_s = server_link_age_s(&s->server, wall_us)};
    /* the operator's business, not the lifters': the trainer's list says it */
    if (s->screen == SCREEN_FLAGS)
        out->server.refused = s->server.set_aside;
    /* --- end of gym server --- */
}

void session_cue_input(const struct session *s, int64_t t_us, struct cue_input *in)
{
    bool buzzer;
    session_light(s, &buzzer);
    const struct live_set *set = &s->visit.set;
    bool con_first = set->exercise >= 0 && set->exercise < s->n_exercises &&
                     s->exercises[set->exercise].con_first;
    *in = (struct cue_input){
        .t_us = t_us,
        .events = s->cue_events,
        .buzzer = buzzer,
        .in_set = s->screen == SCREEN_SET,
        .set_key = set->key,
        .ready = set->load_known && (set->bar_held || set->declared),
        .declared = set->declared,
        .con_first = con_first,
        .bar_lost = !s->bar_connected,
        .n_reps = set->n_reps,
        .target_reps = set->target_reps,
        .phase = rep_detector_phase(&s->reps),
        .phase_start_us = rep_detector_phase_start_us(&s->reps),
        .vel_mps = rep_detector_velocity_mps(&s->reps),
        .idle_countdown = s->idle_countdown,
        .idle_logout_at_us = s->idle_logout_at_us,
        .lifting = s->screen == SCREEN_WARMUP || s->screen == SCREEN_PLAN ||
                   s->screen == SCREEN_SET || s->screen == SCREEN_REST,
    };
    for (int i = 0; i < CUE_TEMPO_PHASES; i++)
        in->tempo_ms[i] = session_tempo_ms(s, set->exercise)[i];
}

/* A plan's cap sentence from what it was worked out from, in w's words. */
static void plan_explain(const struct rules *rules, const struct plan *p,
                         const struct progression_words *w, const char *exercise, char *out,
                         size_t n)
{
    if (p->why_from.offline) {
        progression_explain_offline(p->why_from.offline_age_s, w, out, n);
        return;
    }
    struct progression_input in = p->why_from.in;
    if (exercise)
        in.exercise = exercise;
    progression_explain_in(rules, &in, &p->cap, w, out, n);
}

void view_cap_explain(const struct view_lift *l, const struct progression_words *w,
                      const char *exercise, char *out, size_t n)
{
    plan_explain(l->rules, l->plan, w, exercise, out, n);
}

void view_lifter_cap_explain(const struct view_trainer *t, const struct progression_words *w,
                             const char *exercise, char *out, size_t n)
{
    if (!t->lifter_plan || !t->lifter_rules) {
        if (n)
            out[0] = '\0';
        return;
    }
    plan_explain(t->lifter_rules, t->lifter_plan, w, exercise, out, n);
}

int view_set_number(const struct plan *p, int i)
{
    return flow_set_number(p, i);
}
