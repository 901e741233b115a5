/*
 * A lifter's story for a trainer: from a flag's detail, the lifter's last 8 weeks (the
 * store reads them, story_compute works out the pictures); the trainer steps through the
 * exercises and goes back to the flag.
 */
#include <string.h>

#include "flow.h"
#include "view.h"

/* A flag about a lifter (not a PIN lockout at the kiosk) has a story. */
bool story_open_can(const struct session *s, int arg)
{
    (void)arg;
    const struct trainer_state *ts = &s->trainer;
    return ts->flag_open >= 0 && ts->flag_open < ts->n_flags &&
           ts->flags[ts->flag_open].member_id != 0;
}

void story_open(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    struct trainer_state *ts = &s->trainer;
    memset(&ts->story, 0, sizeof ts->story);
    ts->story_loading = true;
    ts->story_failed = false;
    ts->story_ex = 0;
    struct effect *e = flow_push(s, EFFECT_LOAD_STORY, t_us);
    if (e)
        e->key = ts->flags[ts->flag_open].member_id;
    else
        ts->story_loading = false, ts->story_failed = true;
    flow_go(s, SCREEN_STORY, t_us);
}

bool story_exercise_can(const struct session *s, int index)
{
    return !s->trainer.story_loading && index >= 0 && index < s->trainer.story.n_ex;
}

void story_exercise(struct session *s, int index, int64_t t_us)
{
    (void)t_us;
    s->trainer.story_ex = index;
    flow_changed(s);
}

/* Back to the flag the story was opened from. */
void story_back(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    flow_go(s, SCREEN_FLAG_DETAIL, t_us);
}

void session_story_loaded(struct session *s, const struct lifter_story *story, int64_t t_us)
{
    s->now_us = t_us;
    struct trainer_state *ts = &s->trainer;
    if (!ts->story_loading)
        return;
    ts->story_loading = false;
    ts->story_failed = story == NULL;
    if (story) {
        ts->story = *story;
        story_compute(&ts->story, &s->rules);
    }
    ts->story_ex = 0;
    flow_changed(s);
}

void story_view(const struct session *s, struct view_trainer *t)
{
    const struct trainer_state *ts = &s->trainer;
    t->story = &ts->story;
    t->story_loading = ts->story_loading;
    t->story_failed = ts->story_failed;
    t->story_ex = ts->story_ex >= 0 && ts->story_ex < ts->story.n_ex ? ts->story_ex : -1;
}
