#include "imu_fifo.h"

#include <string.h>

#define PACKET3_HEADER_MASK 0xFCu /* ignores the two ODR-changed bits */
#define PACKET3_HEADER_ODR  (IMU_FIFO_HEADER_ACCEL | IMU_FIFO_HEADER_GYRO | IMU_FIFO_HEADER_TS_ODR)
#define PACKET3_HEADER_FSYNC                                                                       \
    (IMU_FIFO_HEADER_ACCEL | IMU_FIFO_HEADER_GYRO | IMU_FIFO_HEADER_TS_FSYNC)
#define OFF_ACCEL     1u
#define OFF_GYRO      7u
#define OFF_TEMP      13u
#define OFF_TIMESTAMP 14u

/* Datasheet: FIFO temperature (8 bit) in degrees C = raw / 2.07 + 25. */
#define TEMP_SCALE_CENTI    207
#define TEMP_OFFSET_CENTI_C 2500

static int16_t get_be16(const uint8_t *p)
{
    return (int16_t)(uint16_t)((p[0] << 8) | p[1]);
}

enum imu_fifo_status imu_fifo_parse(const uint8_t *buf, size_t len, struct imu_fifo_packet *out)
{
    if (len < 1)
        return IMU_FIFO_SHORT;
    uint8_t header = buf[0];
    if (header & IMU_FIFO_HEADER_MSG)
        return IMU_FIFO_EMPTY;
    uint8_t kind = header & PACKET3_HEADER_MASK;
    if (kind != PACKET3_HEADER_ODR && kind != PACKET3_HEADER_FSYNC)
        return IMU_FIFO_UNSUPPORTED;
    if (len < IMU_FIFO_PACKET3_SIZE)
        return IMU_FIFO_SHORT;

    struct imu_fifo_packet p;
    memset(&p, 0, sizeof p);
    p.header = header;
    bool invalid = false;
    for (unsigned a = 0; a < 3; a++) {
        p.sample.accel[a] = get_be16(buf + OFF_ACCEL + 2 * a);
        p.sample.gyro[a] = get_be16(buf + OFF_GYRO + 2 * a);
        invalid |= p.sample.accel[a] == IMU_FIFO_INVALID_RAW;
        invalid |= p.sample.gyro[a] == IMU_FIFO_INVALID_RAW;
    }
    p.temp_raw = (int8_t)buf[OFF_TEMP];
    p.timestamp = (uint16_t)get_be16(buf + OFF_TIMESTAMP);
    p.fsync = kind == PACKET3_HEADER_FSYNC;
    *out = p;
    return invalid ? IMU_FIFO_INVALID : IMU_FIFO_OK;
}

int32_t imu_fifo_temp_centi_c(int8_t temp_raw)
{
    /* raw / 2.07 in hundredths: raw * 10000 / 207, rounded to nearest. */
    int32_t num = (int32_t)temp_raw * 10000;
    int32_t half = num >= 0 ? TEMP_SCALE_CENTI / 2 : -TEMP_SCALE_CENTI / 2;
    return (num + half) / TEMP_SCALE_CENTI + TEMP_OFFSET_CENTI_C;
}

void imu_fifo_clock_init(struct imu_fifo_clock *c)
{
    memset(c, 0, sizeof *c);
}

uint64_t imu_fifo_clock_extend(struct imu_fifo_clock *c, uint16_t timestamp)
{
    if (c->started) {
        /* Unsigned 16-bit difference is right across one wrap. */
        c->ticks += (uint16_t)(timestamp - c->last);
    } else {
        c->ticks = timestamp;
        c->started = true;
    }
    c->last = timestamp;
    return c->ticks;
}
