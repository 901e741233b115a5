/*
 * A flag's detail, the line the trainer reads under its kind ("rep 3: 1.2 s down, cue 3.0 s").
 * The session writes it in English and the store keeps it so (rackside-ctl, the report and
 * the gym server read it as written); these are its shapes as formats whose arguments are
 * strings (phrase.h), so a screen can say a stored detail in the reader's language: the
 * English is matched against its shape, the arguments taken out and put into the shape's
 * translation. A detail no shape matches stays as it was written. Pure: no I/O, no locale.
 */
#ifndef FLAG_DETAIL_H
#define FLAG_DETAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "phrase.h"
#include "plates.h"

#define FLAG_DETAIL_PHRASES  20
#define FLAG_DETAIL_OVERLOAD 0  /* "%s kg on the bar, ...": stored in kg to the gram */
#define FLAG_DETAIL_SKIPPED  6  /* "skipped at step %s of %s after %s s" */
#define FLAG_DETAIL_RUSHED   8  /* "rep %s: %s s down, cue %s s" */
#define FLAG_DETAIL_MOMENTUM 9  /* "rep %s: swing %s mg, rotation %s dps" */
#define FLAG_DETAIL_SLOWER   11 /* "rep %s: %s %% slower than the best rep" */
#define FLAG_DETAIL_LOADS    (FLAG_DETAIL_PHRASES - 1) /* the same said with the loads' units */
/* The shapes in English, as the session composes them. */
extern const char *const flag_detail_phrases_en[FLAG_DETAIL_PHRASES];

/*
 * The index of the shape english has, with its arguments copied into args (each at most
 * arg_len bytes; at most PHRASE_MAX_ARGS), or -1 when none matches. Details stored in an
 * older form that says the same with other words ("eccentric 1.1 s, target 3 s, rep 3",
 * "velocity down 34% by rep 5", written by gen-gymdb into gym databases before it wrote
 * the session's shapes) match the shape they say, their arguments in its order.
 */
int flag_detail_match(const char *english, char args[][32], int *n_args);

/*
 * english said with the shapes in words (translations of flag_detail_phrases_en, in that
 * order; one whose arity differs from its English is not used): false and english copied
 * as it stands when no shape matches. number_sign, when not NULL, replaces the decimal
 * point in arguments that are numbers ("112.5" -> "112,5"). A stored overload's loads are
 * said in the reader's unit through the FLAG_DETAIL_LOADS shape ("248.02 kg" on a pound
 * reader's screen: "546.8 lb on the bar, ...").
 */
bool flag_detail_say(char *out, size_t n, const char *english,
                     const char *const words[FLAG_DETAIL_PHRASES], const char *number_sign,
                     enum rack_unit unit);

#endif
