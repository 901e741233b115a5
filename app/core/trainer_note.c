/*
 * A short note typed by a trainer on an on-screen keyboard, to acknowledge a flag in their
 * own words when no preset says it. The keys are the core's (session_note_key), three
 * layers of NOTE_KEYS: letters, digits with punctuation, and the accented letters Spanish
 * and German need (small and capital). The note is UTF-8 (typing.h). A note starts with a
 * capital; Save wants a few characters and a flag nobody has acknowledged yet.
 */
#include <stdio.h>
#include <string.h>

#include "flow.h"
#include "typing.h"
#include "view.h"

#define NOTE_MIN_CHARS 3

/* Every key is at most two bytes a character, so NOTE_TYPED_MAX characters of accented
 * letters still fit the stored note's bytes for most notes (typing_fits holds both). */
static const char *const layers[NOTE_LAYERS][NOTE_KEYS] = {
    {"q", "w", "e", "r", "t", "y", "u", "i", "o", "a", "s", "d", "f", "g",
     "h", "j", "k", "l", "z", "x", "c", "v", "b", "n", "m", "p", "."},
    {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0", ",", "-", "/", "%",
     "?", "!", ":", "'", "(", ")", "+", "=", "&", "#", "@", ";", "kg"},
    {"á", "é", "í", "ó", "ú", "ü", "ñ", "ä", "ö", "ß", "à", "è", "ç", "ê",
     "â", "ô", "¿", "¡", "Á", "É", "Í", "Ó", "Ú", "Ü", "Ñ", "Ä", "Ö"},
};

const char *session_note_key(int layer, int index)
{
    return layer >= 0 && layer < NOTE_LAYERS && index >= 0 && index < NOTE_KEYS
               ? layers[layer][index]
               : "";
}

static struct note_state *note(struct session *s)
{
    return &s->trainer.note;
}

static bool open_ok(const struct session *s)
{
    const struct trainer_state *ts = &s->trainer;
    return ts->flag_open >= 0 && ts->flag_open < ts->n_flags && !ts->flags[ts->flag_open].acked;
}

/* The flag open may be cleared to lift (a no-lifting day or an enrolment screen's yes). */
static bool clear_ok(const struct session *s)
{
    const struct trainer_state *ts = &s->trainer;
    return ts->flag_open >= 0 && ts->flag_open < ts->n_flags && ts->flags[ts->flag_open].clearable;
}

/* arg 0: a note acknowledging the flag; 1: the reason for clearing the lifter to lift. */
bool note_open_can(const struct session *s, int arg)
{
    return arg == 1 ? clear_ok(s) : arg == 0 && open_ok(s);
}

void note_open(struct session *s, int arg, int64_t t_us)
{
    memset(note(s), 0, sizeof *note(s));
    note(s)->clear = arg == 1;
    flow_go(s, SCREEN_NOTE, t_us);
}

bool note_key_can(const struct session *s, int index)
{
    const struct note_state *n = &s->trainer.note;
    return typing_fits(n, session_note_key(n->layer, index), NOTE_TYPED_MAX, NOTE_MAX_LEN - 1);
}

/* A key types its character; the note's first letter is a capital. */
void note_key(struct session *s, int index, int64_t t_us)
{
    (void)t_us;
    struct note_state *n = note(s);
    typing_add(n, session_note_key(n->layer, index), n->len == 0);
    flow_changed(s);
}

/* Space: never first, never two in a row. */
bool note_space_can(const struct session *s, int arg)
{
    (void)arg;
    const struct note_state *n = &s->trainer.note;
    return n->len > 0 && typing_fits(n, " ", NOTE_TYPED_MAX, NOTE_MAX_LEN - 1) &&
           n->text[n->len - 1] != ' ';
}

void note_space(struct session *s, int arg, int64_t t_us)
{
    (void)arg, (void)t_us;
    struct note_state *n = note(s);
    n->text[n->len++] = ' ';
    n->text[n->len] = '\0';
    flow_changed(s);
}

bool note_erase_can(const struct session *s, int arg)
{
    (void)arg;
    return s->trainer.note.len > 0;
}

void note_erase(struct session *s, int arg, int64_t t_us)
{
    (void)arg, (void)t_us;
    typing_erase(note(s));
    flow_changed(s);
}

bool note_layer_can(const struct session *s, int layer)
{
    return layer >= 0 && layer < NOTE_LAYERS && layer != s->trainer.note.layer;
}

void note_layer(struct session *s, int layer, int64_t t_us)
{
    (void)t_us;
    note(s)->layer = layer;
    flow_changed(s);
}

bool note_save_can(const struct session *s, int arg)
{
    (void)arg;
    return (s->trainer.note.clear ? clear_ok(s) : open_ok(s)) &&
           typing_chars_trimmed(&s->trainer.note) >= NOTE_MIN_CHARS;
}

/* Acknowledges the open flag with the typed note (or clears the lifter to lift with it as
 * the reason), stored with who and when, and goes back to the flag. */
void note_save(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    struct note_state *n = note(s);
    while (n->len > 0 && n->text[n->len - 1] == ' ')
        n->text[--n->len] = '\0';
    if (n->clear) {
        trainer_clear_open(s, n->text, t_us);
        flow_go(s, SCREEN_FLAG_DETAIL, t_us);
        return;
    }
    struct flag_view *f = &s->trainer.flags[s->trainer.flag_open];
    trainer_flag_acked(s, s->trainer.flag_open);
    snprintf(f->ack_note, sizeof f->ack_note, "%s", n->text);
    snprintf(f->ack_by, sizeof f->ack_by, "%s", s->who.name);
    struct effect *e = flow_push(s, EFFECT_ACK_FLAG, t_us);
    if (e) {
        e->key = f->id;
        snprintf(e->text, sizeof e->text, "%s", n->text);
    }
    trainer_flags_arrange(s);
    flow_go(s, SCREEN_FLAG_DETAIL, t_us);
}

void note_cancel(struct session *s, int arg, int64_t t_us)
{
    (void)arg;
    flow_go(s, SCREEN_FLAG_DETAIL, t_us);
}

void note_view(const struct session *s, struct view_trainer *t)
{
    t->note = s->trainer.note.text;
    t->note_len = typing_chars(s->trainer.note.text); /* characters, as the counter shows */
    t->note_max = NOTE_TYPED_MAX;
    t->note_layer = s->trainer.note.layer;
    t->note_clear = s->trainer.note.clear;
}
