/*
 * Badge reader decoding: a USB keyboard-wedge reader types the badge UID and Enter.
 * Key events (Linux input key codes) in, a UID string out. Input that stalls for
 * longer than BADGE_KEY_GAP_MAX_US, is too long, or holds keys a reader never types
 * is reported garbled and dropped, so a stray keyboard cannot log anyone in.
 *
 * A UID is digits, letters and '-'; letters come out upper-case whether the reader
 * types them shifted or not. Enter (main or keypad) ends it. Releases are ignored
 * (Shift's are tracked); an autorepeat of anything but Shift is garbled, since a
 * reader never holds a key.
 */
#ifndef BADGE_H
#define BADGE_H

#include <stdbool.h>
#include <stdint.h>

#define BADGE_UID_MAX        32 /* bytes, including the terminating NUL */
#define BADGE_KEY_GAP_MAX_US 500000

enum badge_result {
    BADGE_NONE,     /* keep feeding */
    BADGE_COMPLETE, /* uid holds a badge */
    BADGE_GARBLED,  /* input dropped: too long, stalled or unexpected keys */
};

struct badge_decoder {
    char buf[BADGE_UID_MAX];
    int len;
    bool garbled;
    int64_t last_key_us;
    bool shift; /* a Shift key is down */
};

void badge_decoder_init(struct badge_decoder *d);
/* code: Linux KEY_* code; value: 1 press, 0 release, 2 autorepeat. */
enum badge_result badge_decoder_key(struct badge_decoder *d, int64_t t_us, int code, int value,
                                    char uid[BADGE_UID_MAX]);
/* Call when no key came: a read left unfinished for longer than BADGE_KEY_GAP_MAX_US
 * is dropped and reported GARBLED once. */
enum badge_result badge_decoder_idle(struct badge_decoder *d, int64_t now_us);

#endif
