#include <linux/input-event-codes.h>
#include <string.h>

#include "badge.h"

#define KEY_RELEASE 0
#define KEY_PRESS   1

/* Unshifted characters a reader types; letters are stored upper-case already. */
static const char plain_chars[KEY_KPDOT + 1] = {
    [KEY_1] = '1',     [KEY_2] = '2',   [KEY_3] = '3',       [KEY_4] = '4',   [KEY_5] = '5',
    [KEY_6] = '6',     [KEY_7] = '7',   [KEY_8] = '8',       [KEY_9] = '9',   [KEY_0] = '0',
    [KEY_MINUS] = '-', [KEY_A] = 'A',   [KEY_B] = 'B',       [KEY_C] = 'C',   [KEY_D] = 'D',
    [KEY_E] = 'E',     [KEY_F] = 'F',   [KEY_G] = 'G',       [KEY_H] = 'H',   [KEY_I] = 'I',
    [KEY_J] = 'J',     [KEY_K] = 'K',   [KEY_L] = 'L',       [KEY_M] = 'M',   [KEY_N] = 'N',
    [KEY_O] = 'O',     [KEY_P] = 'P',   [KEY_Q] = 'Q',       [KEY_R] = 'R',   [KEY_S] = 'S',
    [KEY_T] = 'T',     [KEY_U] = 'U',   [KEY_V] = 'V',       [KEY_W] = 'W',   [KEY_X] = 'X',
    [KEY_Y] = 'Y',     [KEY_Z] = 'Z',   [KEY_KP0] = '0',     [KEY_KP1] = '1', [KEY_KP2] = '2',
    [KEY_KP3] = '3',   [KEY_KP4] = '4', [KEY_KP5] = '5',     [KEY_KP6] = '6', [KEY_KP7] = '7',
    [KEY_KP8] = '8',   [KEY_KP9] = '9', [KEY_KPMINUS] = '-',
};

static bool is_shift(int code)
{
    return code == KEY_LEFTSHIFT || code == KEY_RIGHTSHIFT;
}

static bool is_keypad(int code)
{
    return (code >= KEY_KP7 && code <= KEY_KPDOT) || code == KEY_KPMINUS;
}

static bool is_letter(char c)
{
    return c >= 'A' && c <= 'Z';
}

/* The character a key types, or 0 for keys a reader never sends. Shift only makes
 * letters upper-case; shifted digits and minus are punctuation, so garbage. */
static char key_char(int code, bool shift)
{
    if (code < 0 || code >= (int)sizeof(plain_chars))
        return 0;
    char c = plain_chars[code];
    if (shift && c && !is_letter(c) && !is_keypad(code))
        return 0;
    return c;
}

static void start_over(struct badge_decoder *d)
{
    memset(d->buf, 0, sizeof(d->buf));
    d->len = 0;
    d->garbled = false;
}

static bool pending(const struct badge_decoder *d)
{
    return d->len > 0 || d->garbled;
}

static bool stalled(const struct badge_decoder *d, int64_t now_us)
{
    return pending(d) && now_us - d->last_key_us > BADGE_KEY_GAP_MAX_US;
}

void badge_decoder_init(struct badge_decoder *d)
{
    memset(d, 0, sizeof(*d));
}

enum badge_result badge_decoder_idle(struct badge_decoder *d, int64_t now_us)
{
    if (!stalled(d, now_us))
        return BADGE_NONE;
    start_over(d);
    return BADGE_GARBLED;
}

enum badge_result badge_decoder_key(struct badge_decoder *d, int64_t t_us, int code, int value,
                                    char uid[BADGE_UID_MAX])
{
    if (is_shift(code)) {
        d->shift = value != KEY_RELEASE;
        return BADGE_NONE;
    }
    if (value == KEY_RELEASE)
        return BADGE_NONE;

    /* A stale part is dropped and reported; this key starts the next read. */
    enum badge_result result = badge_decoder_idle(d, t_us);
    d->last_key_us = t_us;

    if (value != KEY_PRESS) { /* autorepeat: a person holding a key, not a reader */
        d->garbled = true;
        return result;
    }

    if (code == KEY_ENTER || code == KEY_KPENTER) {
        if (result == BADGE_GARBLED)
            return result;
        if (d->garbled) {
            start_over(d);
            return BADGE_GARBLED;
        }
        if (d->len == 0)
            return BADGE_NONE; /* a lone Enter carries nothing to drop */
        if (uid) {
            memcpy(uid, d->buf, (size_t)d->len);
            uid[d->len] = '\0';
        }
        start_over(d);
        return BADGE_COMPLETE;
    }

    char c = key_char(code, d->shift);
    if (!c || d->len >= BADGE_UID_MAX - 1)
        d->garbled = true;
    else if (!d->garbled)
        d->buf[d->len++] = c;
    return result;
}
