/*
 * Wire protocol decoder: the start of the input (up to BARPROTO_FRAME_SIZE_MAX bytes) as
 * one frame of whichever version its version byte names; fewer bytes than that version's
 * frame are BARPROTO_SHORT.
 *
 * Invariants: a frame that decodes has the fields the decoder promises (version,
 * count, period, known ranges); encoding it gives back every byte that carries
 * meaning (header and the count used samples); when the reserved field and the unused
 * sample slots are zero, as a sender that follows the protocol writes them, it gives
 * back the input byte for byte, CRC included; the re-encoded frame decodes to the same
 * frame. A frame that does not decode leaves the output untouched.
 *
 * The decoder accepts non-zero reserved and unused-slot bytes (the header does not
 * list them as bad fields), so such a frame re-encodes to different bytes; the corpus
 * keeps one (padding_nonzero).
 */
#include <stdbool.h>
#include <string.h>

#include "../../firmware/proto/barproto.h"
#include "fuzz.h"

#define UNTOUCHED_BYTE 0xA5
#define OFF_RESERVED   22u

static int accel_fs_ok(uint8_t fs_g)
{
    return fs_g == 2 || fs_g == 4 || fs_g == 8 || fs_g == 16;
}

static int gyro_fs_ok(uint16_t fs_dps)
{
    return fs_dps == 125 || fs_dps == 250 || fs_dps == 500 || fs_dps == 1000 || fs_dps == 2000;
}

static void check_fields(const struct barproto_frame *f)
{
    FUZZ_CHECK(f->version >= BARPROTO_VERSION_MIN && f->version <= BARPROTO_VERSION, "version %u",
               f->version);
    FUZZ_CHECK(f->count >= 1 && f->count <= barproto_frame_samples(f->version), "count %u",
               f->count);
    FUZZ_CHECK(f->period_us > 0, "period %u us", f->period_us);
    FUZZ_CHECK(accel_fs_ok(f->accel_fs_g), "accel full scale %u g", f->accel_fs_g);
    FUZZ_CHECK(gyro_fs_ok(f->gyro_fs_dps), "gyro full scale %u dps", f->gyro_fs_dps);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t in[BARPROTO_FRAME_SIZE_MAX];
    size_t len = size < sizeof in ? size : sizeof in;
    memcpy(in, data, len);

    struct barproto_frame f, untouched;
    memset(&f, UNTOUCHED_BYTE, sizeof f);
    memset(&untouched, UNTOUCHED_BYTE, sizeof untouched);
    enum barproto_status st = barproto_decode(in, len, &f);
    FUZZ_CHECK(barproto_status_str(st) != NULL, "status %d has no text", st);
    if (st != BARPROTO_OK) {
        FUZZ_CHECK(st == BARPROTO_BAD_MAGIC || st == BARPROTO_BAD_VERSION ||
                       st == BARPROTO_BAD_CRC || st == BARPROTO_BAD_FIELD || st == BARPROTO_SHORT,
                   "status %d", st);
        FUZZ_CHECK(memcmp(&f, &untouched, sizeof f) == 0, "a rejected frame (%s) wrote output",
                   barproto_status_str(st));
        return 0;
    }
    check_fields(&f);

    size_t frame_size = barproto_frame_size(f.version);
    size_t off_crc = frame_size - BARPROTO_CRC_SIZE;
    FUZZ_CHECK(frame_size <= len, "a %zu-byte frame decoded from %zu bytes", frame_size, len);
    uint8_t out[BARPROTO_FRAME_SIZE_MAX];
    FUZZ_CHECK(barproto_encode(&f, out) == frame_size, "re-encoded to another size");
    size_t used_end = BARPROTO_HEADER_SIZE + (size_t)f.count * BARPROTO_SAMPLE_SIZE;
    bool padding_zero = in[OFF_RESERVED] == 0 && in[OFF_RESERVED + 1] == 0;
    for (size_t i = used_end; i < off_crc; i++)
        padding_zero &= in[i] == 0;
    for (size_t i = 0; i < frame_size; i++) {
        bool meaningful = i < OFF_RESERVED || (i >= BARPROTO_HEADER_SIZE && i < used_end);
        if (meaningful || padding_zero)
            FUZZ_CHECK(out[i] == in[i], "re-encoded byte %zu is 0x%02x, received 0x%02x (count %u)",
                       i, out[i], in[i], f.count);
    }

    struct barproto_frame again;
    FUZZ_CHECK(barproto_decode(out, frame_size, &again) == BARPROTO_OK,
               "a re-encoded frame does not decode");
    FUZZ_CHECK(memcmp(&again, &f, sizeof f) == 0, "a re-encoded frame decodes differently");
    return 0;
}
