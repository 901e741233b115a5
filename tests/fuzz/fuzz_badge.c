/*
 * Badge decoder: key events from the input, 4 bytes each:
 *   byte 0  bit 7: report idle instead of a key; bits 0..6: ms since the last event,
 *           in steps of 8 ms (0..1016 ms, either side of BADGE_KEY_GAP_MAX_US)
 *   byte 1  key code, low byte      byte 2  key code, high byte (int16, may be negative)
 *   byte 3  event value (int8: 0 release, 1 press, 2 autorepeat, anything else)
 *
 * Invariants: results are one of the enum's values; a completed UID is NUL-terminated
 * inside BADGE_UID_MAX, non-empty, and only upper-case letters, digits and '-'; no
 * other result writes the UID; idle never completes a badge; the decoder's length stays
 * inside its buffer.
 */
#include <string.h>

#include "../../app/core/badge.h"
#include "fuzz.h"

#define EVENT_SIZE    4u
#define IDLE_BIT      0x80u
#define STEP_US       8000
#define START_US      5000000LL
#define SENTINEL_BYTE 0x5A

static bool uid_char_ok(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

static void check_uid(const char uid[BADGE_UID_MAX])
{
    const char *nul = memchr(uid, '\0', BADGE_UID_MAX);
    FUZZ_CHECK(nul != NULL, "completed UID is not terminated within %d bytes", BADGE_UID_MAX);
    FUZZ_CHECK(nul > uid, "completed UID is empty");
    for (const char *c = uid; c < nul; c++)
        FUZZ_CHECK(uid_char_ok(*c), "UID holds 0x%02x at %d", (unsigned char)*c, (int)(c - uid));
}

static void check_untouched(const char uid[BADGE_UID_MAX], enum badge_result res)
{
    for (int i = 0; i < BADGE_UID_MAX; i++)
        FUZZ_CHECK((unsigned char)uid[i] == SENTINEL_BYTE, "result %d wrote uid[%d]", res, i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct badge_decoder d;
    badge_decoder_init(&d);
    int64_t t_us = START_US;
    for (size_t off = 0; off + EVENT_SIZE <= size; off += EVENT_SIZE) {
        const uint8_t *e = data + off;
        t_us += (int64_t)(e[0] & ~IDLE_BIT) * STEP_US;
        int code = (int16_t)(uint16_t)(e[1] | (e[2] << 8));
        int value = (int8_t)e[3];
        char uid[BADGE_UID_MAX];
        memset(uid, SENTINEL_BYTE, sizeof uid);

        enum badge_result res;
        if (e[0] & IDLE_BIT) {
            res = badge_decoder_idle(&d, t_us);
            FUZZ_CHECK(res == BADGE_NONE || res == BADGE_GARBLED, "idle returned %d", res);
        } else {
            res = badge_decoder_key(&d, t_us, code, value, uid);
            FUZZ_CHECK(res == BADGE_NONE || res == BADGE_COMPLETE || res == BADGE_GARBLED,
                       "key returned %d", res);
        }
        if (res == BADGE_COMPLETE)
            check_uid(uid);
        else
            check_untouched(uid, res);
        FUZZ_CHECK(d.len >= 0 && d.len < BADGE_UID_MAX, "decoder holds %d characters", d.len);
    }
    return 0;
}
