/*
 * What the lifter's flow (session.c) and the trainer's flow (trainer.c) share: the effect
 * queue, screen changes, flags and the transition table's shape. Internal to app/core.
 */
#ifndef FLOW_H
#define FLOW_H

#include "session.h"

/* One row of a flow's table: on this screen, this action, when the guard allows, runs. */
struct transition {
    enum screen screen;
    enum action action;
    bool (*guard)(const struct session *s, int arg); /* NULL: always */
    void (*run)(struct session *s, int arg, int64_t t_us);
};

/* The row for (screen, action) in a table, NULL none. */
const struct transition *flow_find(const struct transition *table, size_t n, enum screen screen,
                                   enum action action);

/* The row an action takes on the session's screen now (session.c's tables), NULL none:
 * session_can is its guard asked for one argument, the view asks it for every argument. */
const struct transition *session_transition(const struct session *s, enum action action);

void flow_changed(struct session *s);
int64_t flow_wall(const struct session *s, int64_t t_us);
/* Shows a screen: counts as activity. */
void flow_go(struct session *s, enum screen screen, int64_t t_us);
void flow_activity(struct session *s, int64_t t_us);
/* Queues an effect stamped with the time, the session and who is logged in; NULL full. */
struct effect *flow_push(struct session *s, enum effect_kind kind, int64_t t_us);
/* A line over every screen for a few seconds. */
void flow_notice(struct session *s, const char *text, int64_t t_us);
/* The same composed: fmt is English, its arguments strings (phrase.h), a and b or NULL. */
void flow_notice_args(struct session *s, const char *fmt, const char *a, const char *b,
                      int64_t t_us);
/* Keeps fmt and its arguments beside the English banner they make. */
void flow_banner_args(struct session *s, const char *fmt, const char *a, const char *b);
/* Whoever is logged in leaves (a trainer on top goes back to the lifter). */
void flow_logout(struct session *s, int64_t t_us);

/* Rules the lifter's flow and the screens' view (view.c) both apply. */
int flow_next_set(const struct plan *p);          /* index of the set Start set begins, -1 none */
int flow_set_number(const struct plan *p, int i); /* set i's number among the ramp or the work
                                                   * sets, from 1; 0: no such set */
bool flow_stop_ends_day(enum flag_kind why);      /* a stop for pain or a red flag: no more today */
bool flow_split_uneven(const struct rules *r, int left_pct);       /* beyond the asymmetry limit */
bool flow_warmup_step_done(const struct session *s, int64_t t_us); /* the step's timer ran */

/* trainer.c: the trainer's screens (PIN, flags, flag detail, loads). */
extern const struct transition trainer_table[];
extern const size_t trainer_table_len;
void trainer_enter(struct session *s, int64_t t_us); /* after the badge: the PIN */
void trainer_reset(struct session *s);               /* forget the trainer's screens */
struct view_trainer;
void trainer_view(const struct session *s, struct view_trainer *out); /* for session_view */

/* trainer_cal.c: the Calibrate page's guards and actions, in trainer_table. */
bool cal_open_can(const struct session *s, int arg);
void cal_open(struct session *s, int arg, int64_t t_us);
bool cal_weight_can(const struct session *s, int delta);
void cal_weight(struct session *s, int delta, int64_t t_us);
bool cal_middle_can(const struct session *s, int middle);
void cal_middle(struct session *s, int middle, int64_t t_us);
bool cal_capture_can(const struct session *s, int arg);
void cal_capture(struct session *s, int arg, int64_t t_us);
bool cal_save_can(const struct session *s, int arg);
void cal_save(struct session *s, int arg, int64_t t_us);
void cal_view(const struct session *s, struct view_trainer *out);
/* pin_change.c: a trainer changes their own PIN. */
extern const struct transition pin_change_table[];
extern const size_t pin_change_table_len;
void pin_change_view(const struct session *s, struct view_trainer *out);
/* A wrong PIN at this kiosk: counts toward the lockout; true when trainer access is now
 * locked (the flag is raised and the trainer logged out). trainer.c. */
bool trainer_pin_failed(struct session *s, int64_t t_us);
/* trainer_flags.c: the flag list's order, groups and filters (struct trainer_review). */
int trainer_flag_rank(const struct flag_view *f); /* 0 red flag, 1 pain, 2.. by severity */
void trainer_flags_arrange(struct session *s);    /* after the list or a filter changed */
void trainer_flags_reset(struct session *s);      /* filters back to all */
struct flags_query trainer_flags_query(const struct session *s); /* the list's day, filters */
void trainer_flag_acked(struct session *s, int index);    /* acknowledged here: counts follow */
void trainer_load_flags(struct session *s, int64_t t_us); /* trainer.c: asks for the window */
bool trainer_filter_can(const struct session *s, int which);
void trainer_filter_next(struct session *s, int which, int64_t t_us);
/* trainer_story.c: a lifter's story, from a flag */
bool story_open_can(const struct session *s, int arg);
void story_open(struct session *s, int arg, int64_t t_us);
bool story_exercise_can(const struct session *s, int index);
void story_exercise(struct session *s, int index, int64_t t_us);
void story_back(struct session *s, int arg, int64_t t_us);
void story_view(const struct session *s, struct view_trainer *out);
/* trainer_note.c: a typed note on the on-screen keyboard */
bool note_open_can(const struct session *s, int arg);
void note_open(struct session *s, int arg, int64_t t_us);
bool note_key_can(const struct session *s, int index);
void note_key(struct session *s, int index, int64_t t_us);
bool note_space_can(const struct session *s, int arg);
void note_space(struct session *s, int arg, int64_t t_us);
bool note_erase_can(const struct session *s, int arg);
void note_erase(struct session *s, int arg, int64_t t_us);
bool note_layer_can(const struct session *s, int layer);
void note_layer(struct session *s, int layer, int64_t t_us);
bool note_save_can(const struct session *s, int arg);
void note_save(struct session *s, int arg, int64_t t_us);
void note_cancel(struct session *s, int arg, int64_t t_us);
void note_view(const struct session *s, struct view_trainer *out);
/* trainer_enrol.c: enrolment at the rack; the keyboard's keys as on the note page */
bool enrol_open_can(const struct session *s, int arg);
void enrol_open(struct session *s, int arg, int64_t t_us);
bool enrol_to_can(const struct session *s, int existing);
void enrol_to(struct session *s, int existing, int64_t t_us);
bool enrol_key_can(const struct session *s, int index);
void enrol_key(struct session *s, int index, int64_t t_us);
bool enrol_space_can(const struct session *s, int arg);
void enrol_space(struct session *s, int arg, int64_t t_us);
bool enrol_erase_can(const struct session *s, int arg);
void enrol_erase(struct session *s, int arg, int64_t t_us);
bool enrol_layer_can(const struct session *s, int layer);
void enrol_layer(struct session *s, int layer, int64_t t_us);
bool enrol_find_can(const struct session *s, int arg);
void enrol_find(struct session *s, int arg, int64_t t_us);
bool enrol_pick_can(const struct session *s, int index);
void enrol_pick(struct session *s, int index, int64_t t_us);
bool enrol_save_can(const struct session *s, int arg);
void enrol_save(struct session *s, int arg, int64_t t_us);
void enrol_back(struct session *s, int arg, int64_t t_us);
void enrol_view(const struct session *s, struct view_trainer *out);
/* trainer.c: back to the flag list (reloaded) */
void trainer_back_to_flags(struct session *s, int arg, int64_t t_us);
/* trainer.c: clears the open flag's lifter to lift (its no-lifting day, or its enrolment
 * screen's yes for good) with the reason, recorded with who; the flag counts as reviewed */
void trainer_clear_open(struct session *s, const char *reason, int64_t t_us);
/* trainer.c: asks the store for the members matching query from position offset */
void trainer_load_lifters(struct session *s, const char *query, int offset, int64_t t_us);
/* trainer.c: the Loads page for one member only (a new member's start loads) */
void trainer_loads_for(struct session *s, const struct lifter_view *who, int64_t t_us);
/* trainer_enrol.c: taking a badge away, from the lifter's story */
bool badge_take_can(const struct session *s, int arg);
void badge_take(struct session *s, int arg, int64_t t_us);
bool badge_pick_can(const struct session *s, int index);
void badge_pick(struct session *s, int index, int64_t t_us);
bool badge_remove_can(const struct session *s, int arg);
void badge_remove(struct session *s, int arg, int64_t t_us);
bool enrol_page_can(const struct session *s, int first);
void enrol_page(struct session *s, int first, int64_t t_us);
bool trainer_lifters_can_page(const struct session *s, int first); /* trainer.c */
void trainer_lifters_page(struct session *s, int first, int64_t t_us);
bool enrol_loads_can(const struct session *s, int arg);
void enrol_loads(struct session *s, int arg, int64_t t_us);
/* prefs.c: a lifter's own language and unit, chosen on their screens */
extern const struct transition prefs_table[];
extern const size_t prefs_table_len;
bool prefs_offered(const struct session *s); /* the choices may show on this screen */

#endif
