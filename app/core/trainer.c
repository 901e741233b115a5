/*
 * The trainer's flow: PIN, the list of flags (unreviewed ones from earlier days first,
 * then a day at a time), a flag's evidence with its acknowledgement or a clearance for a
 * no-lifting day, and the Loads page. A table of screen x action -> guard -> run, like
 * the lifter's (session.c); the store answers through the session_*_loaded calls.
 */
#include <stdio.h>
#include <string.h>

#include "flow.h"
#include "phrase.h"
#include "prefs.h"
#include "view.h"

static int load_said(const struct session *s, enum rack_unit unit, char args[3][NOTE_MAX_LEN]);
static int load_said_shown(const struct session *s, enum rack_unit unit, char args[3][NOTE_MAX_LEN],
                           const char **say);

#define PIN_MAX_TRIES  5
#define FLAGS_DAYS_MAX 60     /* how far back the list pages */
#define LOAD_MAX_G     500000 /* no rack holds more */
#define LOAD_BIG_STEPS 4      /* the Loads page's big step: 4 small ones (10 kg, 20 lb) */
#define US_PER_S       1000000

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

static const char *const clear_reasons[SESSION_CLEAR_REASONS] = {
    "Seen by a physiotherapist",
    "Seen by a doctor",
    "Answer given by mistake, checked with the lifter",
    "Symptoms explained and gone, checked by the trainer",
};

/* An enrolment screen's yes is about the back's history, not today's symptoms. */
static const char *const screen_clear_reasons[SESSION_SCREEN_CLEAR_REASONS] = {
    "Cleared by physio",
    "Doctor's note seen",
    "History discussed, fine to lift",
    "Yes given by mistake, checked with the lifter",
};

const char *session_screen_clear_reason(int index)
{
    return index >= 0 && index < SESSION_SCREEN_CLEAR_REASONS ? screen_clear_reasons[index] : "";
}

int session_clear_reasons_for(enum flag_kind kind)
{
    return kind == FLAG_SCREENING ? SESSION_SCREEN_CLEAR_REASONS : SESSION_CLEAR_REASONS;
}

const char *session_clear_reason_for(enum flag_kind kind, int index)
{
    return kind == FLAG_SCREENING ? session_screen_clear_reason(index)
                                  : session_clear_reason(index);
}

const char *session_ack_note(int index)
{
    return index >= 0 && index < SESSION_ACK_NOTES ? ack_notes[index] : "";
}

const char *session_load_reason(int index)
{
    return index >= 0 && index < SESSION_LOAD_REASONS ? load_reasons[index] : "";
}

const char *session_clear_reason(int index)
{
    return index >= 0 && index < SESSION_CLEAR_REASONS ? clear_reasons[index] : "";
}

void trainer_reset(struct session *s)
{
    s->trainer.pin_len = 0;
    memset(s->trainer.pin, 0, sizeof s->trainer.pin);
    s->trainer.pin_wrong = false;
    s->trainer.pin_checking = false;
    s->trainer.n_flags = 0;
    s->trainer.flags_first = 0;
    s->trainer.flags_days_back = 0;
    s->trainer.flags_loading = false;
    s->trainer.flags_failed = false;
    s->trainer.flags_error[0] = '\0';
    s->trainer.n_lifters = 0;
    s->trainer.lifters_first = 0;
    s->trainer.lifters_loading = false;
    s->trainer.lifters_offset = 0;
    s->trainer.lifters_total = 0;
    s->trainer.lifters_query[0] = '\0';
    s->trainer.load_lifter = -1;
    s->trainer.load_lifter_id = 0;
    s->trainer.load_reason = -1;
    s->trainer.load_saving = false;
    s->trainer.load_msg[0] = '\0';
    s->trainer.load_say = NULL;
    s->trainer.load_failed = false;
    s->trainer.flag_open = -1;
    s->trainer.detail_loaded = false;
    memset(&s->trainer.pin_change, 0, sizeof s->trainer.pin_change);
    s->trainer.load_page = 0;
    s->trainer.story_loading = false;
    s->trainer.story_ex = 0;
    memset(&s->trainer.enrol, 0, sizeof s->trainer.enrol);
    s->trainer.enrol.pick = -1;
    trainer_flags_reset(s);
}

void trainer_enter(struct session *s, int64_t t_us)
{
    trainer_reset(s);
    flow_go(s, SCREEN_TRAINER_PIN, t_us);
}

/* Asks the store for the window of the list at flags_offset, with the filters set. */
void trainer_load_flags(struct session *s, int64_t t_us)
{
    s->trainer.flags_loading = true;
    s->trainer.flags_failed = false;
    s->trainer.flags_error[0] = '\0';
    struct effect *e = flow_push(s, EFFECT_LOAD_FLAGS, t_us);
    if (e) {
        e->key = s->trainer.flags_days_back;
        e->flags_q = trainer_flags_query(s);
    }
}

static void load_flags(struct session *s, int64_t t_us)
{
    trainer_load_flags(s, t_us);
}

/* ---- guards ---- */

static bool pin_can_digit(const struct session *s, int digit)
{
    return !s->trainer.pin_checking && digit >= 0 && digit <= 9 &&
           s->trainer.pin_len < s->rules.pin_digits && s->trainer.pin_len < PIN_MAX_DIGITS;
}

static bool pin_can_back(const struct session *s, int arg)
{
    (void)arg;
    return s->trainer.pin_len > 0 && !s->trainer.pin_checking;
}

/* A position in the list as shown (filtered and grouped), not in the store's order. */
static bool flag_index_ok(const struct session *s, int pos)
{
    return pos >= 0 && pos < s->trainer.review.n_shown && !s->trainer.flags_loading;
}

static bool days_can(const struct session *s, int delta)
{
    int to = s->trainer.flags_days_back + delta;
    return (delta == 1 || delta == -1) && to >= 0 && to <= FLAGS_DAYS_MAX &&
           !s->trainer.flags_loading;
}

static bool open_flag_ok(const struct session *s)
{
    return s->trainer.flag_open >= 0 && s->trainer.flag_open < s->trainer.n_flags;
}

static bool ack_can(const struct session *s, int note)
{
    return open_flag_ok(s) && note >= 0 && note < SESSION_ACK_NOTES &&
           !s->trainer.flags[s->trainer.flag_open].acked;
}

static bool clear_can(const struct session *s, int reason)
{
    if (!open_flag_ok(s))
        return false;
    const struct flag_view *f = &s->trainer.flags[s->trainer.flag_open];
    return reason >= 0 && reason < session_clear_reasons_for(f->kind) && f->clearable;
}

static bool lifter_index_ok(const struct session *s, int index)
{
    return index >= 0 && index < s->trainer.n_lifters;
}

static bool exercise_index_ok(const struct session *s, int index)
{
    return index >= 0 && index < s->n_exercises;
}

static bool kind_ok(const struct session *s, int kind)
{
    (void)s;
    return kind == 0 || kind == 1;
}

static bool step_can(const struct session *s, int delta_g)
{
    return delta_g > 0 ? s->trainer.load_g < LOAD_MAX_G
                       : delta_g < 0 && s->trainer.load_g > s->rules.empty_bar_g;
}

static bool reason_ok(const struct session *s, int index)
{
    (void)s;
    return index >= 0 && index < SESSION_LOAD_REASONS;
}

/* A cap lifted for today needs a reason; a start load does not. */
static bool reason_given(const struct session *s)
{
    return !s->trainer.load_override || s->trainer.load_reason >= 0;
}

/* Save: a lifter and an exercise chosen, and a reason when a cap is lifted for today. */
static bool save_can(const struct session *s, int arg)
{
    (void)arg;
    return lifter_index_ok(s, s->trainer.load_lifter) && !s->trainer.load_saving &&
           exercise_index_ok(s, s->trainer.load_exercise) && reason_given(s);
}

/* ---- what the actions do ---- */

static void pin_digit(struct session *s, int digit, int64_t t_us)
{
    s->trainer.pin[s->trainer.pin_len++] = (char)('0' + digit);
    s->trainer.pin[s->trainer.pin_len] = '\0';
    s->trainer.pin_wrong = false;
    if (s->trainer.pin_len == s->rules.pin_digits) {
        s->trainer.pin_checking = true;
        struct effect *e = flow_push(s, EFFECT_VERIFY_PIN, t_us);
        if (e)
            snprintf(e->text, sizeof e->text, "%s", s->trainer.pin);
    }
    flow_changed(s);
}

static void pin_back(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    (void)t_us;
    s->trainer.pin[--s->trainer.pin_len] = '\0';
    flow_changed(s);
}

static void open_flag(struct session *s, int pos, int64_t t_us)
{
    int index = s->trainer.review.order[pos];
    s->trainer.flag_open = index;
    s->trainer.detail_loaded = false;
    memset(&s->trainer.detail, 0, sizeof s->trainer.detail);
    if (s->trainer.flags[index].set_key != 0) {
        struct effect *e = flow_push(s, EFFECT_LOAD_DETAIL, t_us);
        if (e)
            e->key = s->trainer.flags[index].set_key;
    }
    flow_go(s, SCREEN_FLAG_DETAIL, t_us);
}

/* The most rows a page of flags shows on any panel: a page must lie inside the window. */
#define FLAGS_PAGE_MAX 16

/* A list held a window at a time (offset, n held of total): where the window must start
 * for the page at first to lie in it, or -1 when it does already. Going back, the window
 * ends where the page does, so paging back is one load. */
static int window_for(int first, int offset, int n, int total, int page_max, int window_max)
{
    int end = offset + n;
    if (first >= offset && first < end && (first + page_max <= end || end >= total))
        return -1;
    int start = first < offset ? first + page_max - window_max : first;
    return start < 0 ? 0 : start;
}

/* first counts among all the flags the filters keep: a page outside the window asks the
 * store for the window that starts there (going back, the one that ends there). */
static void flags_page(struct session *s, int first, int64_t t_us)
{
    struct trainer_state *ts = &s->trainer;
    int offset = window_for(first, ts->flags_offset, ts->n_flags, ts->flags_sum.total,
                            FLAGS_PAGE_MAX, SESSION_MAX_FLAG_VIEWS);
    if (offset < 0) {
        ts->flags_first = first - ts->flags_offset;
    } else {
        ts->flags_offset = offset;
        ts->flags_first = first - offset; /* kept: the window starts at offset */
        load_flags(s, t_us);
    }
    flow_changed(s);
}

static void flags_day(struct session *s, int delta, int64_t t_us)
{
    s->trainer.flags_days_back += delta;
    s->trainer.flags_first = 0;
    s->trainer.flags_offset = 0;
    s->trainer.n_flags = 0;
    trainer_flags_arrange(s);
    load_flags(s, t_us);
    flow_changed(s);
}

static void ack_flag(struct session *s, int note, int64_t t_us)
{
    struct flag_view *f = &s->trainer.flags[s->trainer.flag_open];
    trainer_flag_acked(s, s->trainer.flag_open);
    snprintf(f->ack_note, sizeof f->ack_note, "%s", ack_notes[note]);
    snprintf(f->ack_by, sizeof f->ack_by, "%s", s->who.name);
    struct effect *e = flow_push(s, EFFECT_ACK_FLAG, t_us);
    if (e) {
        e->key = f->id;
        snprintf(e->text, sizeof e->text, "%s", ack_notes[note]);
    }
    trainer_flags_arrange(s);
    flow_changed(s);
}

/* Lifts the lifter's no-lifting day (or the wait an enrolment screen's yes set), recorded
 * with the reason and who; the flag counts as reviewed with the same words. */
static void clear_day(struct session *s, int reason, int64_t t_us)
{
    const struct flag_view *f = &s->trainer.flags[s->trainer.flag_open];
    trainer_clear_open(s, session_clear_reason_for(f->kind, reason), t_us);
}

void trainer_clear_open(struct session *s, const char *reason, int64_t t_us)
{
    if (!open_flag_ok(s))
        return;
    struct flag_view *f = &s->trainer.flags[s->trainer.flag_open];
    /* an enrolment screen's yes is cleared for good, not for the day */
    bool screen = f->kind == FLAG_SCREENING;
    struct effect *e = flow_push(s, screen ? EFFECT_CLEAR_SCREENING : EFFECT_CLEAR_DAY, t_us);
    if (!e)
        return;
    e->key = f->member_id;
    e->exercise_id = f->id;
    snprintf(e->text, sizeof e->text, "%s", reason);
    f->clearable = false;
    for (int i = 0; i < s->trainer.n_flags; i++)
        if (s->trainer.flags[i].member_id == f->member_id &&
            (s->trainer.flags[i].kind == FLAG_SCREENING) == screen)
            s->trainer.flags[i].clearable = false;
    if (!f->acked) {
        trainer_flag_acked(s, s->trainer.flag_open);
        int len = snprintf(f->ack_note, sizeof f->ack_note, "Cleared to lift: %s", reason);
        (void)len; /* a long typed reason is cut on the list; the record keeps it whole */
        snprintf(f->ack_by, sizeof f->ack_by, "%s", s->who.name);
    }
    trainer_flags_arrange(s);
    flow_changed(s);
}

static void back_to_flags(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    s->trainer.flag_open = -1;
    load_flags(s, t_us);
    flow_go(s, SCREEN_FLAGS, t_us);
}

void trainer_back_to_flags(struct session *s, int arg, int64_t t_us)
{
    back_to_flags(s, arg, t_us);
}

void trainer_load_lifters(struct session *s, const char *query, int offset, int64_t t_us)
{
    struct trainer_state *ts = &s->trainer;
    struct effect *e = flow_push(s, EFFECT_LOAD_LIFTERS, t_us);
    if (!e)
        return;
    snprintf(ts->lifters_query, sizeof ts->lifters_query, "%s", query);
    snprintf(e->text, sizeof e->text, "%s", query);
    e->key = offset > 0 ? offset : 0;
    ts->lifters_loading = true;
    ts->n_lifters = 0;
    ts->lifters_first = 0;
    ts->lifters_offset = (int)e->key;
    if (offset == 0)
        ts->lifters_total = 0;
}

static void reset_loads(struct session *s)
{
    s->trainer.load_lifter = -1;
    s->trainer.load_lifter_id = 0;
    s->trainer.load_exercise = 0;
    s->trainer.load_override = false;
    s->trainer.load_g = s->rules.empty_bar_g;
    s->trainer.load_reason = -1;
    s->trainer.load_saving = false;
    s->trainer.load_msg[0] = '\0';
    s->trainer.load_say = NULL;
    s->trainer.load_failed = false;
    s->trainer.load_page = 0;
}

static void open_loads(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    reset_loads(s);
    trainer_load_lifters(s, "", 0, t_us);
    flow_go(s, SCREEN_TRAINER_LOADS, t_us);
}

/* One member chosen already, their start load to set (after a new member's enrolment). */
void trainer_loads_for(struct session *s, const struct lifter_view *who, int64_t t_us)
{
    reset_loads(s);
    struct trainer_state *ts = &s->trainer;
    ts->lifters[0] = *who;
    ts->n_lifters = 1;
    ts->lifters_first = 0;
    ts->lifters_offset = 0;
    ts->lifters_total = 1;
    ts->lifters_loading = false;
    ts->load_lifter = 0;
    ts->load_lifter_id = who->id;
    flow_go(s, SCREEN_TRAINER_LOADS, t_us);
}

static void choose_lifter(struct session *s, int i, int64_t t_us)
{
    (void)t_us;
    s->trainer.load_lifter = i;
    s->trainer.load_lifter_id = s->trainer.lifters[i].id;
    flow_changed(s);
}

/* How many match in all: at least the window held (a list set without a count is all). */
static int lifters_known(const struct trainer_state *ts)
{
    int held = ts->lifters_offset + ts->n_lifters;
    return ts->lifters_total > held ? ts->lifters_total : held;
}

/* The most rows a page of lifters shows on any panel: a page must lie inside the window. */
#define LIFTERS_PAGE_MAX 16

/* first counts among all the matches: a page outside the window asks the store for the
 * window that starts there. */
static void lifters_page(struct session *s, int first, int64_t t_us)
{
    struct trainer_state *ts = &s->trainer;
    int offset = window_for(first, ts->lifters_offset, ts->n_lifters, lifters_known(ts),
                            LIFTERS_PAGE_MAX, SESSION_MAX_LIFTERS);
    if (offset < 0) {
        ts->lifters_first = first - ts->lifters_offset;
    } else {
        char query[sizeof ts->lifters_query];
        snprintf(query, sizeof query, "%s", ts->lifters_query);
        int total = ts->lifters_total;
        trainer_load_lifters(s, query, offset, t_us);
        ts->lifters_total = total;
        ts->lifters_first = first - offset; /* kept: the window starts at offset */
    }
    flow_changed(s);
}

static void choose_exercise(struct session *s, int i, int64_t t_us)
{
    (void)t_us;
    s->trainer.load_exercise = i;
    flow_changed(s);
}

static void choose_kind(struct session *s, int kind, int64_t t_us)
{
    (void)t_us;
    s->trainer.load_override = kind != 0;
    flow_changed(s);
}

/* Loads move in steps the plates can make, never below the empty bar: a step up lands on
 * the lightest load the plates make at least a step heavier, a step down on the heaviest at
 * least a step lighter (with 0.5 lb micro-plates, 46 lb +1 is 47, not 47.5). */
static void load_step(struct session *s, int delta_g, int64_t t_us)
{
    (void)t_us;
    int64_t g = (int64_t)s->trainer.load_g + delta_g;
    if (g < s->rules.empty_bar_g)
        g = s->rules.empty_bar_g;
    if (g > LOAD_MAX_G)
        g = LOAD_MAX_G;
    int32_t made;
    if (delta_g <= 0 || !plates_round_up(&s->rules.plates, g, &made))
        made = load_round_down(&s->rules, (int32_t)g);
    s->trainer.load_g = made > LOAD_MAX_G ? load_round_down(&s->rules, LOAD_MAX_G) : made;
    flow_changed(s);
}

static void choose_reason(struct session *s, int i, int64_t t_us)
{
    (void)t_us;
    s->trainer.load_reason = i;
    flow_changed(s);
}

static void load_save(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    struct effect *e = flow_push(s, EFFECT_SET_LOAD, t_us);
    if (!e)
        return;
    e->key = s->trainer.lifters[s->trainer.load_lifter].id;
    e->exercise_id = s->exercises[s->trainer.load_exercise].id;
    e->load_g = s->trainer.load_g;
    e->override = s->trainer.load_override;
    if (s->trainer.load_override)
        snprintf(e->text, sizeof e->text, "%s", load_reasons[s->trainer.load_reason]);
    s->trainer.load_saving = true;
    s->trainer.load_msg[0] = '\0';
    s->trainer.load_say = NULL;
    flow_changed(s);
}

/* A page button goes somewhere else: the page it names is not the one shown. */
static bool flags_can_page(const struct session *s, int first)
{
    const struct trainer_state *ts = &s->trainer;
    return !ts->flags_loading && first >= 0 && first < ts->flags_sum.total &&
           first != ts->flags_offset + ts->flags_first;
}

/* The Loads page in two steps, so every target is a finger wide on the 7" panel: who and
 * what (lifter, exercise, start load or today's cap), then how much (load, reason, Save). */
static bool on_who_page(const struct session *s, int arg)
{
    (void)arg;
    return s->trainer.load_page == 0;
}

static bool lifter_pick_ok(const struct session *s, int index)
{
    return on_who_page(s, 0) && lifter_index_ok(s, index);
}

static bool exercise_pick_ok(const struct session *s, int index)
{
    return on_who_page(s, 0) && exercise_index_ok(s, index);
}

static bool kind_pick_ok(const struct session *s, int kind)
{
    return on_who_page(s, 0) && kind_ok(s, kind);
}

static bool next_can(const struct session *s, int arg)
{
    (void)arg;
    return on_who_page(s, 0) && lifter_index_ok(s, s->trainer.load_lifter) &&
           exercise_index_ok(s, s->trainer.load_exercise);
}

static bool step_page_can(const struct session *s, int delta_g)
{
    return s->trainer.load_page == 1 && step_can(s, delta_g);
}

static bool reason_page_ok(const struct session *s, int index)
{
    return s->trainer.load_page == 1 && s->trainer.load_override && reason_ok(s, index);
}

static bool save_page_can(const struct session *s, int arg)
{
    return s->trainer.load_page == 1 && save_can(s, arg);
}

static void load_next(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    (void)t_us;
    s->trainer.load_page = 1;
    s->trainer.load_msg[0] = '\0';
    s->trainer.load_say = NULL;
    s->trainer.load_failed = false;
    flow_changed(s);
}

/* Back from how much goes to who and what; from there, to the flags. */
static void loads_back(struct session *s, int arg, int64_t t_us)
{
    if (s->trainer.load_page == 1 && !s->trainer.load_saving) {
        s->trainer.load_page = 0;
        flow_changed(s);
        return;
    }
    back_to_flags(s, arg, t_us);
}

/* A page among all the matches, not the one shown. */
bool trainer_lifters_can_page(const struct session *s, int first)
{
    const struct trainer_state *ts = &s->trainer;
    return !ts->lifters_loading && first >= 0 && first < lifters_known(ts) &&
           first != ts->lifters_offset + ts->lifters_first;
}

void trainer_lifters_page(struct session *s, int first, int64_t t_us)
{
    lifters_page(s, first, t_us);
}

static bool lifters_can_page(const struct session *s, int first)
{
    return s->trainer.load_page == 0 && trainer_lifters_can_page(s, first);
}

const struct transition trainer_table[] = {
    {SCREEN_TRAINER_PIN, ACTION_PIN_DIGIT, pin_can_digit, pin_digit},
    {SCREEN_TRAINER_PIN, ACTION_PIN_BACK, pin_can_back, pin_back},
    {SCREEN_FLAGS, ACTION_FLAG_OPEN, flag_index_ok, open_flag},
    {SCREEN_FLAGS, ACTION_FLAGS_PAGE, flags_can_page, flags_page},
    {SCREEN_FLAGS, ACTION_FLAGS_DAY, days_can, flags_day},
    {SCREEN_FLAGS, ACTION_LOADS, NULL, open_loads},
    {SCREEN_FLAG_DETAIL, ACTION_FLAG_ACK, ack_can, ack_flag},
    {SCREEN_FLAG_DETAIL, ACTION_CLEAR_DAY, clear_can, clear_day},
    {SCREEN_FLAG_DETAIL, ACTION_BACK, NULL, back_to_flags},
    {SCREEN_FLAGS, ACTION_FLAGS_FILTER, trainer_filter_can, trainer_filter_next},
    {SCREEN_FLAG_DETAIL, ACTION_STORY, story_open_can, story_open},
    {SCREEN_STORY, ACTION_STORY_EXERCISE, story_exercise_can, story_exercise},
    {SCREEN_STORY, ACTION_BACK, NULL, story_back},
    {SCREEN_FLAG_DETAIL, ACTION_NOTE, note_open_can, note_open},
    {SCREEN_NOTE, ACTION_NOTE_KEY, note_key_can, note_key},
    {SCREEN_NOTE, ACTION_NOTE_SPACE, note_space_can, note_space},
    {SCREEN_NOTE, ACTION_NOTE_ERASE, note_erase_can, note_erase},
    {SCREEN_NOTE, ACTION_NOTE_LAYER, note_layer_can, note_layer},
    {SCREEN_NOTE, ACTION_NOTE_SAVE, note_save_can, note_save},
    {SCREEN_NOTE, ACTION_BACK, NULL, note_cancel},
    {SCREEN_TRAINER_LOADS, ACTION_LOAD_LIFTER, lifter_pick_ok, choose_lifter},
    {SCREEN_TRAINER_LOADS, ACTION_LIFTERS_PAGE, lifters_can_page, lifters_page},
    {SCREEN_TRAINER_LOADS, ACTION_LOAD_EXERCISE, exercise_pick_ok, choose_exercise},
    {SCREEN_TRAINER_LOADS, ACTION_LOAD_KIND, kind_pick_ok, choose_kind},
    {SCREEN_TRAINER_LOADS, ACTION_LOAD_NEXT, next_can, load_next},
    {SCREEN_TRAINER_LOADS, ACTION_LOAD_STEP, step_page_can, load_step},
    {SCREEN_TRAINER_LOADS, ACTION_LOAD_REASON, reason_page_ok, choose_reason},
    {SCREEN_TRAINER_LOADS, ACTION_LOAD_SAVE, save_page_can, load_save},
    {SCREEN_TRAINER_LOADS, ACTION_BACK, NULL, loads_back},
    /* the Calibrate page (trainer_cal.c); Back cancels, nothing is stored */
    {SCREEN_FLAGS, ACTION_CALIBRATE, cal_open_can, cal_open},
    {SCREEN_TRAINER_CALIBRATE, ACTION_CAL_WEIGHT, cal_weight_can, cal_weight},
    {SCREEN_TRAINER_CALIBRATE, ACTION_CAL_MIDDLE, cal_middle_can, cal_middle},
    {SCREEN_TRAINER_CALIBRATE, ACTION_CAL_CAPTURE, cal_capture_can, cal_capture},
    {SCREEN_TRAINER_CALIBRATE, ACTION_CAL_SAVE, cal_save_can, cal_save},
    {SCREEN_TRAINER_CALIBRATE, ACTION_BACK, NULL, back_to_flags},
    /* enrolment at the rack (trainer_enrol.c) */
    {SCREEN_FLAGS, ACTION_ENROL, enrol_open_can, enrol_open},
    {SCREEN_ENROL, ACTION_ENROL, enrol_open_can, enrol_open},
    {SCREEN_ENROL, ACTION_ENROL_TO, enrol_to_can, enrol_to},
    {SCREEN_ENROL, ACTION_NOTE_KEY, enrol_key_can, enrol_key},
    {SCREEN_ENROL, ACTION_NOTE_SPACE, enrol_space_can, enrol_space},
    {SCREEN_ENROL, ACTION_NOTE_ERASE, enrol_erase_can, enrol_erase},
    {SCREEN_ENROL, ACTION_NOTE_LAYER, enrol_layer_can, enrol_layer},
    {SCREEN_ENROL, ACTION_ENROL_FIND, enrol_find_can, enrol_find},
    {SCREEN_ENROL, ACTION_LOAD_LIFTER, enrol_pick_can, enrol_pick},
    {SCREEN_ENROL, ACTION_ENROL_SAVE, enrol_save_can, enrol_save},
    {SCREEN_ENROL, ACTION_BACK, NULL, enrol_back},
    {SCREEN_ENROL, ACTION_LIFTERS_PAGE, enrol_page_can, enrol_page},
    {SCREEN_ENROL, ACTION_BADGE_TAKE, badge_take_can, badge_take},
    {SCREEN_ENROL, ACTION_BADGE_PICK, badge_pick_can, badge_pick},
    {SCREEN_ENROL, ACTION_BADGE_REMOVE, badge_remove_can, badge_remove},
    {SCREEN_ENROL, ACTION_ENROL_LOADS, enrol_loads_can, enrol_loads},
    {SCREEN_STORY, ACTION_BADGE_TAKE, badge_take_can, badge_take},
    {SCREEN_NOTE, ACTION_NOTE, note_open_can, note_open},
};
const size_t trainer_table_len = sizeof trainer_table / sizeof trainer_table[0];

/* What Save waits for (save_can's conditions, in the order the page asks for them). */
static enum view_load_hint load_hint(const struct session *s)
{
    if (!lifter_index_ok(s, s->trainer.load_lifter))
        return VIEW_LOAD_CHOOSE_LIFTER;
    if (!reason_given(s))
        return VIEW_LOAD_CHOOSE_REASON;
    return VIEW_LOAD_READY;
}

/* The trainer's screens' part of the screens' view (view.h). */
void trainer_view(const struct session *s, struct view_trainer *t)
{
    const struct trainer_state *ts = &s->trainer;
    const struct plan *held = &s->hold.visit.plan;
    bool planned = s->hold.active && held->exercise >= 0;
    t->lifter_cap_g = planned ? held->cap.cap_g : 0;
    t->lifter_cap_why = planned ? held->cap_why : "";
    t->lifter_id = s->hold.active ? s->hold.who.id : 0;
    t->lifter_exercise =
        planned && held->exercise < s->n_exercises ? s->exercises[held->exercise].name : "";
    t->lifter_plan = planned ? held : NULL;
    t->lifter_ex =
        planned && held->exercise < s->n_exercises ? &s->exercises[held->exercise] : NULL;
    t->lifter_rules = &s->rules;
    t->pin_len = ts->pin_len;
    t->pin_digits = s->rules.pin_digits;
    t->pin_wrong = ts->pin_wrong;
    t->pin_checking = ts->pin_checking;

    t->flags = ts->flags;
    t->n_flags = ts->n_flags;
    t->n_open = 0;
    for (int i = 0; i < ts->n_flags; i++)
        t->n_open += !ts->flags[i].acked;
    t->review = &ts->review;
    t->flags_first =
        ts->flags_first >= 0 && ts->flags_first < ts->review.n_shown ? ts->flags_first : 0;
    t->flags_days_back = ts->flags_days_back;
    t->flags_loading = ts->flags_loading;
    t->flags_failed = ts->flags_failed;
    t->flags_error = ts->flags_error;
    t->flags_offset = ts->flags_offset;
    t->flags_total = ts->flags_sum.total;
    bool open = open_flag_ok(s);
    t->open_flag = open ? &ts->flags[ts->flag_open] : NULL;
    bool loaded = open && ts->detail_loaded && ts->detail.set_key == t->open_flag->set_key;
    t->detail = loaded ? &ts->detail : NULL;

    t->lifters = ts->lifters;
    t->n_lifters = ts->n_lifters;
    t->lifters_first =
        ts->lifters_first > 0 && ts->lifters_first < ts->n_lifters ? ts->lifters_first : 0;
    t->lifters_loading = ts->lifters_loading;
    t->lifters_offset = ts->lifters_offset;
    t->lifters_total = lifters_known(ts);
    t->lifters_pageable =
        s->screen == SCREEN_TRAINER_LOADS
            ? ts->load_page == 0
            : s->screen == SCREEN_ENROL && ts->enrol.step == ENROL_PICK && !ts->enrol.saving;
    t->load_lifter = ts->load_lifter;
    t->load_exercise = ts->load_exercise;
    t->load_override = ts->load_override;
    t->load_g = ts->load_g;
    t->load_step_g[0] = plates_smallest_increment_g(&s->rules.plates);
    t->load_step_g[1] = LOAD_BIG_STEPS * t->load_step_g[0];
    t->load_reason = ts->load_reason;
    t->load_saving = ts->load_saving;
    t->load_msg = ts->load_msg;
    t->load_say = NULL;
    t->n_load_args =
        ts->load_say ? load_said_shown(s, session_display_unit(s), t->load_args, &t->load_say) : 0;
    t->load_said_exercise = t->n_load_args == 3 ? ts->load_said_exercise : -1;
    t->load_failed = ts->load_failed;
    t->load_hint = load_hint(s);
    t->load_page = ts->load_page;
    story_view(s, t);
    note_view(s, t);
    enrol_view(s, t);
    cal_view(s, t);
    pin_change_view(s, t);
}

/* ---- the store's answers ---- */

/* The lockout's length in whole minutes, rounded up, as the screens say it. */
static long long lockout_min(const struct session *s)
{
    return (long long)((s->pin_lock.lock_us + 59999999) / 60000000);
}

bool trainer_pin_failed(struct session *s, int64_t t_us)
{
    if (!pin_lockout_failed(&s->pin_lock, t_us))
        return false;
    /* a record for the trainers: someone tried PINs at the rack */
    struct effect *e = flow_push(s, EFFECT_FLAG, t_us);
    if (e) {
        e->flag.kind = FLAG_PIN_LOCKOUT;
        e->flag.severity = flag_kind_severity(FLAG_PIN_LOCKOUT);
        snprintf(e->flag.detail, sizeof e->flag.detail,
                 "%d wrong PINs (last with %.24s's badge): locked %lld min", s->pin_lock.tries,
                 s->who.name, (long long)(lockout_min(s)));
    }
    s->raised_kinds |= 1u << FLAG_PIN_LOCKOUT;
    /* the lockout itself, a record: it holds at every rack of the gym, and here after a
     * restart */
    struct effect *lock = flow_push(s, EFFECT_PIN_LOCKOUT, t_us);
    if (lock) {
        lock->member_id = s->who.id;
        lock->key = flow_wall(s, s->pin_lock.locked_until_us);
    }
    flow_logout(s, t_us);
    char why[NOTE_MAX_LEN];
    snprintf(why, sizeof why, "Too many wrong PINs: trainer access is locked for %lld min",
             lockout_min(s));
    session_badge_unknown(s, why, t_us);
    return true;
}

void session_pin_result(struct session *s, bool ok, int64_t t_us)
{
    s->now_us = t_us;
    if (s->screen != SCREEN_TRAINER_PIN || !s->trainer.pin_checking)
        return;
    s->trainer.pin_checking = false;
    memset(s->trainer.pin, 0, sizeof s->trainer.pin);
    s->trainer.pin_len = 0;
    if (ok) {
        pin_lockout_succeeded(&s->pin_lock);
        s->trainer.pin_tries = 0;
        s->trainer.flags_days_back = 0;
        load_flags(s, t_us);
        flow_go(s, SCREEN_FLAGS, t_us);
        return;
    }
    s->trainer.pin_wrong = true;
    if (trainer_pin_failed(s, t_us))
        return;
    if (++s->trainer.pin_tries >= PIN_MAX_TRIES) {
        flow_logout(s, t_us);
        session_badge_unknown(s, "Too many wrong PINs: tap your badge again", t_us);
        return;
    }
    flow_changed(s);
}

/* A window comes: the filters and the window as the store settled them. A reload keeps
 * the page the trainer was on, if it is still there. */
static void take_page(struct session *s, const struct flags_page *p, int64_t t_us)
{
    struct trainer_state *ts = &s->trainer;
    s->now_us = t_us;
    int n = p->n < 0 ? 0 : p->n > SESSION_MAX_FLAG_VIEWS ? SESSION_MAX_FLAG_VIEWS : p->n;
    if (n > 0) {
        memcpy(ts->flags, p->flags, sizeof p->flags[0] * (size_t)n);
        memcpy(ts->flags_group, p->group, sizeof p->group[0] * (size_t)n);
    }
    ts->n_flags = n;
    if (p->q.offset != ts->flags_offset)
        ts->flags_first = 0; /* not the window asked for: the list is shorter now */
    ts->flags_offset = p->q.offset;
    ts->flags_sum = p->sum;
    ts->review.filter_kind = p->q.filter_kind;
    ts->review.filter_severity = p->q.filter_severity;
    ts->review.filter_member = p->q.filter_member;
    ts->flags_loading = false;
    ts->flags_failed = false;
    ts->flags_error[0] = '\0';
    trainer_flags_arrange(s);
    flow_changed(s);
}

void session_flags_page_loaded(struct session *s, const struct flags_page *page, int64_t t_us)
{
    if (!s->trainer.flags_loading || page->q.days_back != s->trainer.flags_days_back)
        return; /* an answer nobody waits for */
    take_page(s, page, t_us);
}

void session_flags_page_failed(struct session *s, int days_back, const char *why, int64_t t_us)
{
    struct trainer_state *ts = &s->trainer;
    if (!ts->flags_loading || days_back != ts->flags_days_back)
        return; /* an answer nobody waits for */
    s->now_us = t_us;
    ts->n_flags = 0; /* nothing read: no list, no counts; the filters stay for a retry */
    ts->flags_first = 0;
    memset(&ts->flags_sum, 0, sizeof ts->flags_sum);
    ts->flags_loading = false;
    ts->flags_failed = true;
    snprintf(ts->flags_error, sizeof ts->flags_error, "%s",
             why && why[0] ? why : "the store gave no reason");
    trainer_flags_arrange(s);
    flow_changed(s);
}

void session_flags_loaded(struct session *s, const struct flag_view *flags, int n, int64_t t_us)
{
    if (n > SESSION_MAX_FLAG_VIEWS)
        n = SESSION_MAX_FLAG_VIEWS;
    if (n < 0)
        n = 0;
    struct flag_place scratch[SESSION_MAX_FLAG_VIEWS];
    struct flags_page page;
    struct flags_query q = trainer_flags_query(s);
    trainer_flags_page_of(flags, n, &q, scratch, &page);
    take_page(s, &page, t_us);
}

void session_detail_loaded(struct session *s, const struct set_detail *detail, int64_t t_us)
{
    s->now_us = t_us;
    if (s->trainer.flag_open < 0 ||
        s->trainer.flags[s->trainer.flag_open].set_key != detail->set_key)
        return;
    s->trainer.detail = *detail;
    s->trainer.detail_loaded = true;
    flow_changed(s);
}

void session_lifters_loaded(struct session *s, const struct lifter_view *lifters, int n,
                            int64_t t_us)
{
    s->trainer.lifters_loading = true; /* an answer however asked for */
    session_lifters_window(s, lifters, n, s->trainer.lifters_offset,
                           s->trainer.lifters_offset + (n > 0 ? n : 0), t_us);
}

/* The chosen member's place in the new window, -1 when it is not there. */
static int place_of(const struct trainer_state *ts, int64_t id)
{
    for (int i = 0; id && i < ts->n_lifters; i++)
        if (ts->lifters[i].id == id)
            return i;
    return -1;
}

void session_lifters_window(struct session *s, const struct lifter_view *lifters, int n, int offset,
                            int total, int64_t t_us)
{
    s->now_us = t_us;
    struct trainer_state *ts = &s->trainer;
    if (!ts->lifters_loading || offset != ts->lifters_offset)
        return; /* an answer to a window no longer wanted */
    if (n < 0)
        n = 0;
    if (n > SESSION_MAX_LIFTERS)
        n = SESSION_MAX_LIFTERS;
    if (n > 0)
        memcpy(ts->lifters, lifters, sizeof lifters[0] * (size_t)n);
    ts->n_lifters = n;
    ts->lifters_total = total > offset + n ? total : offset + n;
    if (ts->lifters_first >= n || ts->lifters_first < 0)
        ts->lifters_first = 0;
    ts->lifters_loading = false;
    ts->load_lifter = place_of(ts, ts->load_lifter_id);
    ts->enrol.pick = place_of(ts, ts->enrol.pick_id);
    flow_changed(s);
}

const char *const trainer_load_phrases_en[LOAD_PHRASES] = {
    [LOAD_SAID_TO_START] = "Saved: %s, %s %s to start",
    [LOAD_SAID_FOR_TODAY] = "Saved: %s, %s %s for today",
    [LOAD_SAID_NOT_SAVED] = "Not saved: %s",
    [LOAD_SAID_LOAD_TO_START] = "Saved: %s to start",
    [LOAD_SAID_LOAD_FOR_TODAY] = "Saved: %s for today",
};

/* What the page says of the last save: the stored phrase, or its load alone while the page
 * still shows the lifter and exercise it was for (a long name would push the page's
 * buttons off a 7" panel); its arguments in args, their count returned. */
static int load_said_shown(const struct session *s, enum rack_unit unit, char args[3][NOTE_MAX_LEN],
                           const char **say)
{
    const struct trainer_state *ts = &s->trainer;
    *say = ts->load_say;
    int n = load_said(s, unit, args);
    bool saved = ts->load_say == trainer_load_phrases_en[LOAD_SAID_TO_START] ||
                 ts->load_say == trainer_load_phrases_en[LOAD_SAID_FOR_TODAY];
    bool same = ts->load_lifter >= 0 && ts->load_lifter < ts->n_lifters && ts->load_exercise >= 0 &&
                ts->load_exercise < s->n_exercises &&
                strcmp(ts->lifters[ts->load_lifter].name, ts->load_said[0]) == 0 &&
                strcmp(s->exercises[ts->load_exercise].name, ts->load_said[1]) == 0;
    if (!saved || !same)
        return n;
    *say = trainer_load_phrases_en[ts->load_say == trainer_load_phrases_en[LOAD_SAID_TO_START]
                                       ? LOAD_SAID_LOAD_TO_START
                                       : LOAD_SAID_LOAD_FOR_TODAY];
    snprintf(args[0], NOTE_MAX_LEN, "%s", args[2]);
    return 1;
}

/* The save's phrase and its arguments, the load in unit. */
static int load_said(const struct session *s, enum rack_unit unit, char args[3][NOTE_MAX_LEN])
{
    const struct trainer_state *ts = &s->trainer;
    snprintf(args[0], NOTE_MAX_LEN, "%s", ts->load_said[0]);
    if (ts->load_say == trainer_load_phrases_en[LOAD_SAID_NOT_SAVED])
        return 1;
    snprintf(args[1], NOTE_MAX_LEN, "%s", ts->load_said[1]);
    plates_format(unit, ts->load_said_g, args[2], NOTE_MAX_LEN);
    return 3;
}

void session_load_saved(struct session *s, bool ok, const char *why, int64_t t_us)
{
    s->now_us = t_us;
    if (!s->trainer.load_saving)
        return;
    s->trainer.load_saving = false;
    s->trainer.load_failed = !ok;
    s->trainer.load_say = NULL;
    s->trainer.load_msg[0] = '\0';
    if (!ok) {
        s->trainer.load_say = trainer_load_phrases_en[LOAD_SAID_NOT_SAVED];
        snprintf(s->trainer.load_said[0], NOTE_MAX_LEN, "%s", why && *why ? why : "error");
    } else if (s->trainer.load_lifter >= 0 && s->trainer.load_lifter < s->trainer.n_lifters) {
        s->trainer.load_say =
            trainer_load_phrases_en[s->trainer.load_override ? LOAD_SAID_FOR_TODAY
                                                             : LOAD_SAID_TO_START];
        snprintf(s->trainer.load_said[0], NOTE_MAX_LEN, "%s",
                 s->trainer.lifters[s->trainer.load_lifter].name);
        snprintf(s->trainer.load_said[1], NOTE_MAX_LEN, "%s",
                 s->exercises[s->trainer.load_exercise].name);
        s->trainer.load_said_exercise = s->trainer.load_exercise;
        s->trainer.load_said_g = s->trainer.load_g;
    }
    if (s->trainer.load_say) { /* a long name cuts the English line short; the save stands */
        char args[3][NOTE_MAX_LEN];
        const char *argv[3] = {args[0], args[1], args[2]};
        int n = load_said(s, s->rules.plates.unit, args);
        phrase_fill(s->trainer.load_msg, sizeof s->trainer.load_msg, s->trainer.load_say, argv, n);
    }
    flow_changed(s);
}
