/*
 * Bar unit wire protocol: encoder and decoder. Fields are packed by hand, byte by byte,
 * because the byte order is the protocol itself and must not depend on the compiler.
 */
#include "barproto.h"

#include <string.h>

#define OFF_MAGIC     0u
#define OFF_VERSION   2u
#define OFF_FLAGS     3u
#define OFF_SEQ       4u
#define OFF_T_US      8u
#define OFF_PERIOD_US 16u
#define OFF_COUNT     18u
#define OFF_ACCEL_FS  19u
#define OFF_GYRO_FS   20u
#define OFF_RESERVED  22u
#define OFF_SAMPLES   BARPROTO_HEADER_SIZE
#define SAMPLE_AXES   3u

static void put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put_u32(uint8_t *p, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put_u64(uint8_t *p, uint64_t v)
{
    for (unsigned i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint16_t get_u16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

/* Written out byte by byte so compilers see a little-endian load and make it one. */
static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const uint8_t *p)
{
    return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

/* Ranges the ICM-42688-P offers with integer values. */
static int accel_fs_known(uint8_t fs_g)
{
    return fs_g == 2 || fs_g == 4 || fs_g == 8 || fs_g == 16;
}

static int gyro_fs_known(uint16_t fs_dps)
{
    return fs_dps == 125 || fs_dps == 250 || fs_dps == 500 || fs_dps == 1000 || fs_dps == 2000;
}

size_t barproto_encode(const struct barproto_frame *frame, uint8_t *out)
{
    unsigned slots = barproto_frame_samples(frame->version);
    if (slots == 0)
        slots = BARPROTO_SAMPLES; /* a version nobody reads: only tests send one */
    size_t off_crc = BARPROTO_HEADER_SIZE + slots * BARPROTO_SAMPLE_SIZE;
    put_u16(out + OFF_MAGIC, BARPROTO_MAGIC);
    out[OFF_VERSION] = frame->version;
    out[OFF_FLAGS] = frame->flags;
    put_u32(out + OFF_SEQ, frame->seq);
    put_u64(out + OFF_T_US, frame->t_us);
    put_u16(out + OFF_PERIOD_US, frame->period_us);
    out[OFF_COUNT] = frame->count;
    out[OFF_ACCEL_FS] = frame->accel_fs_g;
    put_u16(out + OFF_GYRO_FS, frame->gyro_fs_dps);
    put_u16(out + OFF_RESERVED, 0);

    uint8_t *p = out + OFF_SAMPLES;
    for (unsigned i = 0; i < slots; i++) {
        const struct barproto_sample *s = &frame->samples[i];
        /* Unused slots go out as zeros so equal frames give equal bytes. */
        int used = i < frame->count;
        for (unsigned a = 0; a < SAMPLE_AXES; a++, p += 2)
            put_u16(p, used ? (uint16_t)s->accel[a] : 0);
        for (unsigned a = 0; a < SAMPLE_AXES; a++, p += 2)
            put_u16(p, used ? (uint16_t)s->gyro[a] : 0);
    }
    put_u32(out + off_crc, barproto_crc32(out, off_crc));
    return off_crc + BARPROTO_CRC_SIZE;
}

enum barproto_status barproto_decode_header(const uint8_t *in, size_t len,
                                            struct barproto_frame *frame)
{
    if (len < OFF_VERSION + 1u)
        return BARPROTO_SHORT;
    if (get_u16(in + OFF_MAGIC) != BARPROTO_MAGIC)
        return BARPROTO_BAD_MAGIC;
    /* The version decides where the CRC lies, so it is checked first. */
    size_t size = barproto_frame_size(in[OFF_VERSION]);
    if (size == 0)
        return BARPROTO_BAD_VERSION;
    if (len < size)
        return BARPROTO_SHORT;
    size_t off_crc = size - BARPROTO_CRC_SIZE;
    if (get_u32(in + off_crc) != barproto_crc32(in, off_crc))
        return BARPROTO_BAD_CRC;

    struct barproto_frame *f = frame;
    f->version = in[OFF_VERSION];
    f->flags = in[OFF_FLAGS];
    f->seq = get_u32(in + OFF_SEQ);
    f->t_us = get_u64(in + OFF_T_US);
    f->period_us = get_u16(in + OFF_PERIOD_US);
    f->count = in[OFF_COUNT];
    f->accel_fs_g = in[OFF_ACCEL_FS];
    f->gyro_fs_dps = get_u16(in + OFF_GYRO_FS);
    if (f->count == 0 || f->count > barproto_frame_samples(f->version) || f->period_us == 0 ||
        !accel_fs_known(f->accel_fs_g) || !gyro_fs_known(f->gyro_fs_dps))
        return BARPROTO_BAD_FIELD;
    /* an MCU clock this far on (292,000 years) is garbage, and would overflow the
     * kiosk's signed microsecond arithmetic */
    if (f->t_us > BARPROTO_T_US_MAX - (uint64_t)f->period_us * f->count)
        return BARPROTO_BAD_FIELD;
    return BARPROTO_OK;
}

enum barproto_status barproto_decode(const uint8_t *in, size_t len, struct barproto_frame *frame)
{
    struct barproto_frame f;
    memset(&f, 0, sizeof f);
    enum barproto_status st = barproto_decode_header(in, len, &f);
    if (st != BARPROTO_OK)
        return st;
    const uint8_t *p = in + OFF_SAMPLES;
    for (unsigned i = 0; i < f.count; i++) {
        struct barproto_sample *s = &f.samples[i];
        for (unsigned a = 0; a < SAMPLE_AXES; a++, p += 2)
            s->accel[a] = (int16_t)get_u16(p);
        for (unsigned a = 0; a < SAMPLE_AXES; a++, p += 2)
            s->gyro[a] = (int16_t)get_u16(p);
    }
    *frame = f;
    return BARPROTO_OK;
}

enum {
    INFO_OFF_VERSION = 0,
    INFO_OFF_FW = 1,
    INFO_OFF_WHO = 4,
    INFO_OFF_ACCEL = 5,
    INFO_OFF_RATE = 6,
    INFO_OFF_GYRO = 8,
    INFO_OFF_STATUS = 10,
    INFO_OFF_DROPPED = 12,
    INFO_OFF_SERIAL = 16
};

void barproto_info_encode(const struct barproto_info *info, uint8_t out[BARPROTO_INFO_SIZE])
{
    memset(out, 0, BARPROTO_INFO_SIZE);
    out[INFO_OFF_VERSION] = info->version;
    memcpy(out + INFO_OFF_FW, info->fw_version, sizeof info->fw_version);
    out[INFO_OFF_WHO] = info->who_am_i;
    out[INFO_OFF_ACCEL] = info->accel_fs_g;
    put_u16(out + INFO_OFF_RATE, info->rate_hz);
    put_u16(out + INFO_OFF_GYRO, info->gyro_fs_dps);
    out[INFO_OFF_STATUS] = info->status;
    put_u32(out + INFO_OFF_DROPPED, info->frames_dropped);
    size_t n = strnlen(info->serial, BARPROTO_SERIAL_SIZE);
    memcpy(out + INFO_OFF_SERIAL, info->serial, n);
}

enum barproto_status barproto_info_decode(const uint8_t *in, size_t len, struct barproto_info *info)
{
    if (len < 1)
        return BARPROTO_BAD_FIELD;
    /* version 1 and 2 share this layout */
    if (in[INFO_OFF_VERSION] < BARPROTO_VERSION_MIN || in[INFO_OFF_VERSION] > BARPROTO_VERSION)
        return BARPROTO_BAD_VERSION;
    if (len < BARPROTO_INFO_SIZE)
        return BARPROTO_BAD_FIELD;
    struct barproto_info out = {.version = in[INFO_OFF_VERSION]};
    memcpy(out.fw_version, in + INFO_OFF_FW, sizeof out.fw_version);
    out.who_am_i = in[INFO_OFF_WHO];
    out.accel_fs_g = in[INFO_OFF_ACCEL];
    out.rate_hz = get_u16(in + INFO_OFF_RATE);
    out.gyro_fs_dps = get_u16(in + INFO_OFF_GYRO);
    out.status = in[INFO_OFF_STATUS];
    out.frames_dropped = get_u32(in + INFO_OFF_DROPPED);
    for (size_t i = 0; i < BARPROTO_SERIAL_SIZE; i++) {
        char c = (char)in[INFO_OFF_SERIAL + i];
        if (c == '\0')
            break;
        out.serial[i] = c >= 0x20 && c < 0x7f ? c : '?'; /* printable in logs, whatever came */
    }
    *info = out;
    return BARPROTO_OK;
}

const char *barproto_status_str(enum barproto_status status)
{
    switch (status) {
    case BARPROTO_OK:
        return "ok";
    case BARPROTO_BAD_MAGIC:
        return "bad magic";
    case BARPROTO_BAD_VERSION:
        return "unsupported protocol version";
    case BARPROTO_BAD_CRC:
        return "CRC mismatch";
    case BARPROTO_BAD_FIELD:
        return "impossible field value";
    case BARPROTO_SHORT:
        return "incomplete frame";
    }
    return "unknown status";
}
