/*
 * ICM-42688-P FIFO parser: the input is what an SPI burst read of the FIFO returned.
 * Packets are parsed from the front as the firmware does: a packet 3 (valid or
 * carrying the invalid marker) moves on 16 bytes, anything else one byte.
 *
 * Invariants: SHORT exactly when a packet 3 header has fewer than 16 bytes behind it
 * (or nothing is left); EMPTY exactly when the header's MSG bit is set; a parsed
 * packet's fields are the big-endian values of its bytes; INVALID exactly when one of
 * them holds the invalid marker; the temperature lies within the int8 range's
 * conversion; the unwrapped timestamp never goes back nor jumps by a wrap or more.
 */
#include <string.h>

#include "../../firmware/core/imu_fifo.h"
#include "fuzz.h"

#define PACKET3_KIND_MASK 0xFCu
#define PACKET3_ODR       0x68u   /* accel + gyro + ODR timestamp */
#define PACKET3_FSYNC     0x6Cu   /* accel + gyro + FSYNC delay */
#define TEMP_MIN_CENTI_C  (-3684) /* -128 / 2.07 + 25, rounded */
#define TEMP_MAX_CENTI_C  8635    /* 127 / 2.07 + 25, rounded */
#define TIMESTAMP_WRAP    65536u
#define UNTOUCHED_BYTE    0xA5

static int16_t be16(const uint8_t *p)
{
    return (int16_t)(uint16_t)((p[0] << 8) | p[1]);
}

static bool is_packet3(uint8_t header)
{
    uint8_t kind = header & PACKET3_KIND_MASK;
    return !(header & IMU_FIFO_HEADER_MSG) && (kind == PACKET3_ODR || kind == PACKET3_FSYNC);
}

/* Checks a packet 3 against its bytes; returns whether it holds the invalid marker. */
static bool check_packet(const uint8_t *buf, const struct imu_fifo_packet *p)
{
    bool invalid = false;
    FUZZ_CHECK(p->header == buf[0], "header 0x%02x from 0x%02x", p->header, buf[0]);
    for (int a = 0; a < 3; a++) {
        int16_t accel = be16(buf + 1 + 2 * a), gyro = be16(buf + 7 + 2 * a);
        FUZZ_CHECK(p->sample.accel[a] == accel, "accel[%d] %d, bytes say %d", a, p->sample.accel[a],
                   accel);
        FUZZ_CHECK(p->sample.gyro[a] == gyro, "gyro[%d] %d, bytes say %d", a, p->sample.gyro[a],
                   gyro);
        invalid |= accel == IMU_FIFO_INVALID_RAW || gyro == IMU_FIFO_INVALID_RAW;
    }
    FUZZ_CHECK(p->temp_raw == (int8_t)buf[13], "temperature %d from 0x%02x", p->temp_raw, buf[13]);
    FUZZ_CHECK(p->timestamp == (uint16_t)be16(buf + 14), "timestamp %u", p->timestamp);
    FUZZ_CHECK(p->fsync == ((buf[0] & PACKET3_KIND_MASK) == PACKET3_FSYNC),
               "fsync %d, header 0x%02x", p->fsync, buf[0]);
    int32_t temp = imu_fifo_temp_centi_c(p->temp_raw);
    FUZZ_CHECK(temp >= TEMP_MIN_CENTI_C && temp <= TEMP_MAX_CENTI_C, "%d centi-C from raw %d", temp,
               p->temp_raw);
    return invalid;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct imu_fifo_clock clock;
    imu_fifo_clock_init(&clock);
    bool have_ticks = false;
    uint64_t last_ticks = 0;
    size_t off = 0;
    for (;;) {
        size_t left = size - off;
        struct imu_fifo_packet p, untouched;
        memset(&p, UNTOUCHED_BYTE, sizeof p);
        memset(&untouched, UNTOUCHED_BYTE, sizeof untouched);
        enum imu_fifo_status st = imu_fifo_parse(data + off, left, &p);
        if (left == 0) {
            FUZZ_CHECK(st == IMU_FIFO_SHORT, "nothing left, status %d", st);
            break;
        }
        uint8_t header = data[off];
        if (st != IMU_FIFO_OK && st != IMU_FIFO_INVALID)
            FUZZ_CHECK(memcmp(&p, &untouched, sizeof p) == 0, "status %d wrote the packet", st);
        if (header & IMU_FIFO_HEADER_MSG) {
            FUZZ_CHECK(st == IMU_FIFO_EMPTY, "header 0x%02x, status %d", header, st);
        } else if (!is_packet3(header)) {
            FUZZ_CHECK(st == IMU_FIFO_UNSUPPORTED, "header 0x%02x, status %d", header, st);
        } else if (left < IMU_FIFO_PACKET3_SIZE) {
            FUZZ_CHECK(st == IMU_FIFO_SHORT, "%zu bytes, status %d", left, st);
            break;
        } else {
            bool invalid = check_packet(data + off, &p);
            FUZZ_CHECK(st == (invalid ? IMU_FIFO_INVALID : IMU_FIFO_OK), "status %d, invalid %d",
                       st, invalid);
            uint64_t ticks = imu_fifo_clock_extend(&clock, p.timestamp);
            FUZZ_CHECK(!have_ticks || (ticks >= last_ticks && ticks - last_ticks < TIMESTAMP_WRAP),
                       "ticks %llu after %llu", (unsigned long long)ticks,
                       (unsigned long long)last_ticks);
            FUZZ_CHECK((uint16_t)ticks == p.timestamp, "ticks %llu from timestamp %u",
                       (unsigned long long)ticks, p.timestamp);
            have_ticks = true;
            last_ticks = ticks;
            off += IMU_FIFO_PACKET3_SIZE;
            continue;
        }
        off++;
    }
    return 0;
}
