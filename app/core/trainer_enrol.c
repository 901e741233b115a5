/*
 * Enrolment at the rack: a trainer gives a badge nobody has to a new member (the name
 * typed on the on-screen keyboard) or to a member already enrolled (found by part of the
 * name), so a new lifter needs no terminal. The page opens when an unknown badge is tapped
 * while a trainer is signed in, or from the flags' Enrol button (it then waits for a tap).
 * A badge someone already has is refused with its owner's name; the store gives the badge
 * as rackside-ctl does and records the trainer's action with who and when.
 */
#include <stdio.h>
#include <string.h>

#include "badge.h"
#include "flow.h"
#include "phrase.h"
#include "typing.h"
#include "view.h"

_Static_assert(ENROL_UID_MAX >= BADGE_UID_MAX, "an enrolment holds any badge UID");

/* marks the formats for xgettext (tests/e2e/i18n.sh); the screens translate them */
#ifndef N_
#define N_(s) s
#endif

const char *const enrol_formats[ENROL_MSGS] = {
    [ENROL_MSG_OWNED] = N_("Badge %s already belongs to %s: not given"),
    [ENROL_MSG_BADGES_UNREAD] = N_("Could not read %s's badges"),
    [ENROL_MSG_TAKEN] = N_("Badge %s taken from %s: it opens nothing now"),
    [ENROL_MSG_NOT_TAKEN] = N_("Not taken away: %s"),
    [ENROL_MSG_NOT_TAKEN_ERROR] = N_("Not taken away: error"),
    [ENROL_MSG_GIVEN] = N_("Badge %s is %s's now: they can tap in"),
    [ENROL_MSG_GIVEN_NONAME] = N_("Badge %s is the member's now: they can tap in"),
    [ENROL_MSG_NOT_GIVEN] = N_("Not given: %s"),
    [ENROL_MSG_NOT_GIVEN_ERROR] = N_("Not given: error"),
    [ENROL_MSG_NOT_GIVEN_NOT_TRAINER] = N_("Not given: only a signed-in trainer may give a badge"),
    [ENROL_MSG_NOT_GIVEN_TRAINER_BADGE] =
        N_("Not given: a trainer's badge is given with rackside-ctl badge add"),
    [ENROL_MSG_NOT_GIVEN_NAME_TAKEN] =
        N_("Not given: a member called %s already exists (pick them from the list)"),
    [ENROL_MSG_NOT_GIVEN_NAME_BAD] =
        N_("Not given: a name takes letters, digits, spaces and punctuation"),
    [ENROL_MSG_NOT_GIVEN_NO_MEMBER] = N_("Not given: that member is no longer enrolled"),
    [ENROL_MSG_NOT_GIVEN_BADGE_BAD] = N_("Not given: %s is not a badge the reader gives"),
    [ENROL_MSG_NOT_TAKEN_NOT_THEIRS] = N_("Not taken away: badge %s is not that member's any more"),
    [ENROL_MSG_NOT_TAKEN_NOT_TRAINER] =
        N_("Not taken away: only a signed-in trainer may take a badge away"),
};

/* Each refusal's sentence, when giving (0) and when taking away (1); -1: none of its own. */
static const int refused_msg[][2] = {
    [ENROL_REFUSED_OTHER] = {-1, -1},
    [ENROL_REFUSED_OWNED] = {ENROL_MSG_OWNED, -1},
    [ENROL_REFUSED_NOT_TRAINER] = {ENROL_MSG_NOT_GIVEN_NOT_TRAINER,
                                   ENROL_MSG_NOT_TAKEN_NOT_TRAINER},
    [ENROL_REFUSED_TRAINER_BADGE] = {ENROL_MSG_NOT_GIVEN_TRAINER_BADGE, -1},
    [ENROL_REFUSED_NAME_TAKEN] = {ENROL_MSG_NOT_GIVEN_NAME_TAKEN, -1},
    [ENROL_REFUSED_NAME_BAD] = {ENROL_MSG_NOT_GIVEN_NAME_BAD, -1},
    [ENROL_REFUSED_NO_MEMBER] = {ENROL_MSG_NOT_GIVEN_NO_MEMBER, -1},
    [ENROL_REFUSED_BADGE_BAD] = {ENROL_MSG_NOT_GIVEN_BADGE_BAD, -1},
    [ENROL_REFUSED_NOT_THEIRS] = {-1, ENROL_MSG_NOT_TAKEN_NOT_THEIRS},
};

#define NAME_MIN_CHARS 2                  /* "Al" */
#define NAME_TYPED_MAX (NAME_MAX_LEN - 1) /* the store's limit, in bytes */

static struct enrol_state *enrol(struct session *s)
{
    return &s->trainer.enrol;
}

/* The page's message m with its arguments, filled in English (the screen translates it);
 * on the notice line too when notice. A long name cuts the line; the record is whole. */
static void say(struct session *s, enum enrol_msg m, const char *a, const char *b, bool notice,
                int64_t t_us)
{
    struct enrol_state *en = enrol(s);
    en->msg_fmt = enrol_formats[m];
    snprintf(en->msg_args[0], sizeof en->msg_args[0], "%s", a ? a : "");
    snprintf(en->msg_args[1], sizeof en->msg_args[1], "%s", b ? b : "");
    const char *args[ENROL_MSG_ARGS] = {en->msg_args[0], en->msg_args[1]};
    phrase_fill(en->msg, sizeof en->msg, en->msg_fmt, args, ENROL_MSG_ARGS);
    if (notice)
        flow_notice_args(s, en->msg_fmt, a, b, t_us);
}

/* Signed in: past the PIN, on one of the trainer's screens. */
static bool trainer_signed_in(const struct session *s)
{
    return s->logged_in && s->who.role == ROLE_TRAINER && s->screen != SCREEN_TRAINER_PIN &&
           s->screen != SCREEN_ATTRACT;
}

static void typed_clear(struct session *s)
{
    memset(&s->trainer.note, 0, sizeof s->trainer.note);
}

/* The page for a badge (uid "" waits for one). */
static void open_page(struct session *s, const char *uid, int64_t t_us)
{
    struct enrol_state *en = enrol(s);
    memset(en, 0, sizeof *en);
    en->pick = -1;
    en->badge_pick = -1;
    snprintf(en->uid, sizeof en->uid, "%s", uid);
    en->step = uid[0] ? ENROL_CHOOSE : ENROL_WAIT;
    typed_clear(s);
    flow_go(s, SCREEN_ENROL, t_us);
}

bool session_badge_enrol(struct session *s, const char *uid, const struct member_profile *owner,
                         int64_t t_us)
{
    s->now_us = t_us;
    if (!trainer_signed_in(s) || !uid || !uid[0] || strlen(uid) >= ENROL_UID_MAX)
        return false;
    struct enrol_state *en = enrol(s);
    bool busy = s->screen == SCREEN_ENROL && en->saving;
    if (owner) {
        /* only the Enrol page takes a known badge: elsewhere it is a badge as usual */
        if (s->screen != SCREEN_ENROL || busy || en->step == ENROL_DONE)
            return false;
        say(s, ENROL_MSG_OWNED, uid, owner->name, true, t_us);
        en->failed = true;
        cue_event(&s->cue_events, CUE_EVENT_BADGE_NO);
        return true;
    }
    if (busy)
        return true; /* one badge at a time: the one being saved stands */
    open_page(s, uid, t_us);
    cue_event(&s->cue_events, CUE_EVENT_BADGE_OK);
    return true;
}

/* ---- guards ---- */

static bool on_step(const struct session *s, int step)
{
    return s->trainer.enrol.step == step && !s->trainer.enrol.saving;
}

static bool typing(const struct session *s)
{
    return on_step(s, ENROL_NAME) || on_step(s, ENROL_FIND);
}

/* Bytes typed, spaces at the end not counted. */
static int typed_bytes(const struct note_state *n)
{
    int len = n->len;
    while (len > 0 && n->text[len - 1] == ' ')
        len--;
    return len;
}

/* Letters typed (an accented letter is one), spaces at the end not counted. */
static int typed_chars(const struct note_state *n)
{
    return typing_chars_trimmed(n);
}

bool enrol_open_can(const struct session *s, int arg)
{
    (void)arg;
    return s->screen == SCREEN_FLAGS || on_step(s, ENROL_DONE);
}

void enrol_open(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    open_page(s, "", t_us);
}

bool enrol_to_can(const struct session *s, int existing)
{
    return on_step(s, ENROL_CHOOSE) && (existing == 0 || existing == 1);
}

void enrol_to(struct session *s, int existing, int64_t t_us)
{
    (void)t_us;
    struct enrol_state *en = enrol(s);
    en->step = existing ? ENROL_FIND : ENROL_NAME;
    en->msg[0] = '\0';
    en->failed = false;
    typed_clear(s);
    flow_changed(s);
}

bool enrol_key_can(const struct session *s, int index)
{
    const struct note_state *n = &s->trainer.note;
    return typing(s) &&
           typing_fits(n, session_note_key(n->layer, index), NAME_TYPED_MAX, NAME_TYPED_MAX);
}

/* A name's words start with a capital, accented ones too (a search does not care). */
void enrol_key(struct session *s, int index, int64_t t_us)
{
    (void)t_us;
    struct note_state *n = &s->trainer.note;
    bool word_start = n->len == 0 || n->text[n->len - 1] == ' ' || n->text[n->len - 1] == '-';
    typing_add(n, session_note_key(n->layer, index), word_start);
    enrol(s)->msg[0] = '\0';
    flow_changed(s);
}

bool enrol_space_can(const struct session *s, int arg)
{
    (void)arg;
    const struct note_state *n = &s->trainer.note;
    return typing(s) && n->len > 0 && n->len < NAME_TYPED_MAX && n->text[n->len - 1] != ' ';
}

void enrol_space(struct session *s, int arg, int64_t t_us)
{
    (void)arg, (void)t_us;
    struct note_state *n = &s->trainer.note;
    n->text[n->len++] = ' ';
    n->text[n->len] = '\0';
    flow_changed(s);
}

bool enrol_erase_can(const struct session *s, int arg)
{
    (void)arg;
    return typing(s) && s->trainer.note.len > 0;
}

void enrol_erase(struct session *s, int arg, int64_t t_us)
{
    (void)arg, (void)t_us;
    typing_erase(&s->trainer.note);
    flow_changed(s);
}

bool enrol_layer_can(const struct session *s, int layer)
{
    return typing(s) && layer >= 0 && layer < NOTE_LAYERS && layer != s->trainer.note.layer;
}

void enrol_layer(struct session *s, int layer, int64_t t_us)
{
    (void)t_us;
    s->trainer.note.layer = layer;
    flow_changed(s);
}

bool enrol_find_can(const struct session *s, int arg)
{
    (void)arg;
    return on_step(s, ENROL_FIND) && typed_chars(&s->trainer.note) >= 1;
}

/* Members whose name holds what is typed; the store answers with a window of them
 * (session_lifters_window), and the list pages through them all. */
void enrol_find(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    struct note_state *n = &s->trainer.note;
    char query[NOTE_MAX_LEN];
    snprintf(query, sizeof query, "%.*s", typed_bytes(n), n->text);
    trainer_load_lifters(s, query, 0, t_us);
    struct enrol_state *en = enrol(s);
    en->pick = -1;
    en->pick_id = 0;
    en->step = ENROL_PICK;
    en->msg[0] = '\0';
    en->failed = false;
    flow_changed(s);
}

bool enrol_pick_can(const struct session *s, int index)
{
    return on_step(s, ENROL_PICK) && !s->trainer.lifters_loading && index >= 0 &&
           index < s->trainer.n_lifters;
}

void enrol_pick(struct session *s, int index, int64_t t_us)
{
    (void)t_us;
    enrol(s)->pick = index;
    enrol(s)->pick_id = s->trainer.lifters[index].id;
    flow_changed(s);
}

bool enrol_page_can(const struct session *s, int first)
{
    return on_step(s, ENROL_PICK) && trainer_lifters_can_page(s, first);
}

void enrol_page(struct session *s, int first, int64_t t_us)
{
    trainer_lifters_page(s, first, t_us);
}

bool enrol_save_can(const struct session *s, int arg)
{
    (void)arg;
    const struct enrol_state *en = &s->trainer.enrol;
    if (en->take)
        return false; /* taking a badge away gives none */
    if (on_step(s, ENROL_NAME))
        return typed_chars(&s->trainer.note) >= NAME_MIN_CHARS;
    return on_step(s, ENROL_PICK) && en->pick >= 0 && en->pick < s->trainer.n_lifters &&
           !s->trainer.lifters_loading;
}

void enrol_save(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    struct enrol_state *en = enrol(s);
    struct note_state *n = &s->trainer.note;
    struct effect *e = flow_push(s, EFFECT_ENROL, t_us);
    if (!e)
        return;
    if (en->step == ENROL_NAME) {
        n->text[typed_bytes(n)] = '\0';
        n->len = (int)strlen(n->text);
        snprintf(e->text, sizeof e->text, "%s %.*s", en->uid, NAME_MAX_LEN - 1, n->text);
    } else {
        e->key = s->trainer.lifters[en->pick].id;
        snprintf(e->text, sizeof e->text, "%s ", en->uid);
    }
    en->new_member = en->step == ENROL_NAME;
    en->saving = true;
    en->msg[0] = '\0';
    en->failed = false;
    flow_changed(s);
}

/* ---- taking a lost badge away: the member (found by name, or the story's), their
 * badges, the one to take, a confirmation; the store takes it as rackside-ctl badge remove
 * does and records the trainer's action ---- */

static void load_badges(struct session *s, int64_t member_id, const char *name, int64_t t_us)
{
    struct enrol_state *en = enrol(s);
    en->member_id = member_id;
    snprintf(en->member, sizeof en->member, "%s", name);
    en->n_badges = 0;
    en->badge_pick = -1;
    en->step = ENROL_BADGES;
    en->msg[0] = '\0';
    en->failed = false;
    struct effect *e = flow_push(s, EFFECT_LOAD_BADGES, t_us);
    en->badges_loading = e != NULL;
    if (e)
        e->key = member_id;
    flow_changed(s);
}

bool badge_take_can(const struct session *s, int arg)
{
    (void)arg;
    const struct trainer_state *ts = &s->trainer;
    if (s->screen == SCREEN_STORY)
        return !ts->story_loading && !ts->story_failed && ts->story.member_id != 0;
    if (s->screen != SCREEN_ENROL)
        return false;
    if (on_step(s, ENROL_WAIT) || on_step(s, ENROL_DONE))
        return true;
    return ts->enrol.take && on_step(s, ENROL_PICK) && !ts->lifters_loading &&
           ts->enrol.pick >= 0 && ts->enrol.pick < ts->n_lifters;
}

void badge_take(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    struct trainer_state *ts = &s->trainer;
    struct enrol_state *en = enrol(s);
    if (s->screen == SCREEN_STORY) {
        open_page(s, "", t_us);
        en->take = true;
        en->from_story = true;
        load_badges(s, ts->story.member_id, ts->story.name, t_us);
        return;
    }
    if (en->step == ENROL_PICK) {
        load_badges(s, ts->lifters[en->pick].id, ts->lifters[en->pick].name, t_us);
        return;
    }
    open_page(s, "", t_us);
    en->take = true;
    en->step = ENROL_FIND;
    flow_changed(s);
}

bool badge_pick_can(const struct session *s, int index)
{
    const struct enrol_state *en = &s->trainer.enrol;
    return en->take && on_step(s, ENROL_BADGES) && !en->badges_loading && index >= 0 &&
           index < en->n_badges;
}

void badge_pick(struct session *s, int index, int64_t t_us)
{
    (void)t_us;
    struct enrol_state *en = enrol(s);
    en->badge_pick = index;
    snprintf(en->uid, sizeof en->uid, "%s", en->badges[index]);
    en->step = ENROL_CONFIRM;
    en->msg[0] = '\0';
    en->failed = false;
    flow_changed(s);
}

bool badge_remove_can(const struct session *s, int arg)
{
    (void)arg;
    const struct enrol_state *en = &s->trainer.enrol;
    return en->take && on_step(s, ENROL_CONFIRM) && en->uid[0] && en->member_id != 0;
}

void badge_remove(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    struct enrol_state *en = enrol(s);
    struct effect *e = flow_push(s, EFFECT_BADGE_REMOVE, t_us);
    if (!e)
        return;
    e->key = en->member_id;
    snprintf(e->text, sizeof e->text, "%s", en->uid);
    en->saving = true;
    en->msg[0] = '\0';
    en->failed = false;
    flow_changed(s);
}

/* Back while taking a badge away: the confirmation to the badges, the badges to the
 * members found (or the story they came from), the search to the waiting page; true when
 * it moved. */
static bool take_back(struct session *s, int64_t t_us)
{
    struct enrol_state *en = enrol(s);
    switch (en->step) {
    case ENROL_CONFIRM:
        en->step = ENROL_BADGES;
        en->uid[0] = '\0';
        en->badge_pick = -1;
        break;
    case ENROL_BADGES:
    case ENROL_DONE:
        if (en->from_story) {
            flow_go(s, SCREEN_STORY, t_us);
            return true;
        }
        if (en->step == ENROL_DONE)
            return false;
        en->step = ENROL_PICK;
        break;
    case ENROL_FIND:
        en->step = ENROL_WAIT;
        en->take = false;
        break;
    default:
        return false;
    }
    en->msg[0] = '\0';
    en->failed = false;
    flow_changed(s);
    return true;
}

void session_badges_loaded(struct session *s, const char (*uids)[ENROL_UID_MAX], int n,
                           int64_t t_us)
{
    s->now_us = t_us;
    struct enrol_state *en = enrol(s);
    if (!en->badges_loading || en->step != ENROL_BADGES)
        return;
    en->badges_loading = false;
    en->n_badges = 0;
    if (n < 0 || !uids) {
        en->failed = true;
        say(s, ENROL_MSG_BADGES_UNREAD, en->member, NULL, false, t_us);
    }
    for (int i = 0; uids && i < n && i < ENROL_BADGES_MAX; i++)
        snprintf(en->badges[en->n_badges++], ENROL_UID_MAX, "%s", uids[i]);
    flow_changed(s);
}

void session_badge_removed(struct session *s, bool ok, const char *why, int64_t t_us)
{
    s->now_us = t_us;
    struct enrol_state *en = enrol(s);
    if (!en->saving || !en->take)
        return;
    en->saving = false;
    en->failed = !ok;
    if (ok) {
        en->step = ENROL_DONE;
        say(s, ENROL_MSG_TAKEN, en->uid, en->member, true, t_us);
    } else if (why && *why) {
        say(s, ENROL_MSG_NOT_TAKEN, why, NULL, true, t_us);
    } else {
        say(s, ENROL_MSG_NOT_TAKEN_ERROR, NULL, NULL, true, t_us);
    }
    flow_changed(s);
}

bool enrol_loads_can(const struct session *s, int arg)
{
    (void)arg;
    const struct enrol_state *en = &s->trainer.enrol;
    return on_step(s, ENROL_DONE) && !en->take && en->new_member && en->member_id != 0;
}

/* A new member's start loads, on the Loads page with them chosen (Back skips it). */
void enrol_loads(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    const struct enrol_state *en = &s->trainer.enrol;
    struct lifter_view who = {.id = en->member_id};
    snprintf(who.name, sizeof who.name, "%s", en->member);
    trainer_loads_for(s, &who, t_us);
}

/* Back one step: the typing goes back to the choice, the list to the search, the choice
 * and the wait to the flags. */
void enrol_back(struct session *s, int arg, int64_t t_us)
{
    struct enrol_state *en = enrol(s);
    if (en->saving)
        return;
    if (en->take && take_back(s, t_us))
        return;
    switch (en->step) {
    case ENROL_NAME:
    case ENROL_FIND:
        en->step = ENROL_CHOOSE;
        en->msg[0] = '\0';
        flow_changed(s);
        return;
    case ENROL_PICK:
        en->step = ENROL_FIND;
        en->msg[0] = '\0';
        flow_changed(s);
        return;
    default:
        trainer_back_to_flags(s, arg, t_us);
    }
}

void session_enrol_saved(struct session *s, bool ok, const char *name, const char *why,
                         int64_t t_us)
{
    session_enrol_saved_member(s, ok, 0, name, why, t_us);
}

void session_enrol_saved_member(struct session *s, bool ok, int64_t member_id, const char *name,
                                const char *why, int64_t t_us)
{
    s->now_us = t_us;
    struct enrol_state *en = enrol(s);
    if (!en->saving || en->take)
        return;
    en->saving = false;
    en->failed = !ok;
    if (ok) {
        en->step = ENROL_DONE;
        en->member_id = member_id;
        snprintf(en->member, sizeof en->member, "%s", name ? name : "");
        /* a line over the page too, as a badge refused is */
        if (name && *name)
            say(s, ENROL_MSG_GIVEN, en->uid, name, true, t_us);
        else
            say(s, ENROL_MSG_GIVEN_NONAME, en->uid, NULL, true, t_us);
    } else if (why && *why) {
        say(s, ENROL_MSG_NOT_GIVEN, why, NULL, true, t_us);
    } else {
        say(s, ENROL_MSG_NOT_GIVEN_ERROR, NULL, NULL, true, t_us);
    }
    flow_changed(s);
}

void session_enrol_refused(struct session *s, const struct enrol_refused *r, const char *text,
                           int64_t t_us)
{
    s->now_us = t_us;
    struct enrol_state *en = enrol(s);
    if (!en->saving)
        return;
    en->saving = false;
    en->failed = true;
    int why = (int)r->why;
    int m = why >= 0 && why < (int)(sizeof refused_msg / sizeof refused_msg[0])
                ? refused_msg[why][en->take ? 1 : 0]
                : -1;
    if (m >= 0)
        say(s, (enum enrol_msg)m, r->args[0], r->args[1], true, t_us);
    else if (text && *text)
        say(s, en->take ? ENROL_MSG_NOT_TAKEN : ENROL_MSG_NOT_GIVEN, text, NULL, true, t_us);
    else
        say(s, en->take ? ENROL_MSG_NOT_TAKEN_ERROR : ENROL_MSG_NOT_GIVEN_ERROR, NULL, NULL, true,
            t_us);
    flow_changed(s);
}

void enrol_view(const struct session *s, struct view_trainer *t)
{
    const struct enrol_state *en = &s->trainer.enrol;
    t->enrol_step = en->step;
    t->enrol_uid = en->uid;
    t->enrol_pick = en->pick;
    t->enrol_saving = en->saving;
    t->enrol_failed = en->failed;
    t->enrol_msg = en->msg;
    t->enrol_msg_fmt = en->msg[0] ? en->msg_fmt : NULL;
    for (int i = 0; i < ENROL_MSG_ARGS; i++)
        t->enrol_msg_args[i] = en->msg_args[i];
    t->enrol_name_max = NAME_TYPED_MAX;
    t->enrol_take = en->take;
    t->enrol_member = en->member;
    t->enrol_badges = en->badges;
    t->enrol_n_badges = en->n_badges;
    t->enrol_badges_loading = en->badges_loading;
    t->enrol_badge_pick = en->badge_pick;
}
