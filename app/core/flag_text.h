/*
 * A flag as the lifter reads it on the set, rest and stop screens: one sentence saying
 * what was flagged and what was seen ("Rep 3 rushed: down in 1.2 s, the cue 3 s"), in the
 * reader's language and unit. The formats are translatable and filled by plain
 * substitution (phrase.h), never printf, so a bad translation cannot crash; the numbers
 * are the ones the session saw when it raised the flag (struct raised_flag's says, val).
 * The stored detail stays the English record the trainers and the gym server read.
 */
#ifndef FLAG_TEXT_H
#define FLAG_TEXT_H

#include <stddef.h>

#include "plates.h"
#include "session.h"

/* What a flag saw, one sentence shape each; FLAG_SAYS_NOTHING: the kind's label (and rep). */
enum flag_says {
    FLAG_SAYS_NOTHING,
    FLAG_SAYS_OVERLOAD,         /* val: load on the bar g, today's cap g */
    FLAG_SAYS_RUSHED,           /* val: lowering ms, the cue's ms */
    FLAG_SAYS_MOMENTUM,         /* the rep only */
    FLAG_SAYS_TILT,             /* val: tilt in 1/100 degree */
    FLAG_SAYS_SPLIT,            /* val: % of the load on the left */
    FLAG_SAYS_VELOCITY_LOSS,    /* val: loss %, the limit % */
    FLAG_SAYS_ABANDONED_EMPTY,  /* val: seconds without movement, nobody on the plate */
    FLAG_SAYS_ABANDONED_RACKED, /* val: seconds without movement, the bar racked */
    FLAG_SAYS_BAR_LOST,         /* the bar unit disconnected during the set */
    FLAG_SAYS_PLATE_LOST,       /* the load plate stopped answering */
    FLAG_SAYS_PAIN_IN_SET,      /* "pain - stop" during the set */
    FLAG_SAYS_GRIND,            /* val: the rep's mean concentric mm/s, the exercise's minimum */
    FLAG_SAYS_COUNT,
};

/* The sentence shapes: the two for a flag that says nothing more, then one per enum
 * flag_says (index FLAG_PHRASE_OF(says)), then the short form of each (a narrow panel's:
 * "Rep 2: down 1.5 s of 3", still saying why). */
enum {
    FLAG_PHRASE_LABEL,     /* "%s": the kind's label */
    FLAG_PHRASE_LABEL_REP, /* "%s, rep %s" */
    FLAG_PHRASE_FIRST,
    FLAG_PHRASE_SHORT_FIRST = FLAG_PHRASE_FIRST + FLAG_SAYS_COUNT - 1,
    FLAG_PHRASES = FLAG_PHRASE_SHORT_FIRST + FLAG_SAYS_COUNT - 1,
};

/* The English formats, the source the screens translate (assets/i18n). */
extern const char *const flag_phrases_en[FLAG_PHRASES];

/* The words a sentence is made of, in the reader's language and unit. */
struct flag_words {
    const char *phrase[FLAG_PHRASES];
    const char *label[FLAG_KIND_COUNT]; /* the kinds' labels (flag_kind_label) */
    const char *decimal_sign;
    enum rack_unit unit;
};

/* English, loads in unit. */
void flag_words_english(struct flag_words *w, enum rack_unit unit);

/* The lifter's sentence for f into out (always terminated). */
void flag_sentence(const struct raised_flag *f, const struct flag_words *w, char *out, size_t n);
/* The same said short, what was seen kept ("Rep 2: down 1.5 s of 3", "Rep 9: 35 % slower, over
 * 30 %"): a line on a narrow panel. A flag that says nothing more: its label and rep. */
void flag_sentence_short(const struct raised_flag *f, const struct flag_words *w, char *out,
                         size_t n);

#endif
