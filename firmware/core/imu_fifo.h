/*
 * ICM-42688-P FIFO packets: the firmware reads the sensor's FIFO over SPI and turns
 * each packet into a wire-protocol sample. Only packet 3 is used (16 bytes: accel and
 * gyro at 16 bits, temperature, timestamp), configured with FIFO_ACCEL_EN,
 * FIFO_GYRO_EN, FIFO_TMST_FSYNC_EN and FIFO_HIRES_EN = 0.
 *
 * Packet 3, per the datasheet's FIFO packet structure (sensor data is big-endian):
 *   byte  0      header
 *   bytes 1..6   accel X, Y, Z (high byte first)
 *   bytes 7..12  gyro X, Y, Z (high byte first)
 *   byte  13     temperature, int8: degrees C = raw / 2.07 + 25
 *   bytes 14..15 timestamp (ODR timestamp, high byte first), 16 bits, wraps
 */
#ifndef IMU_FIFO_H
#define IMU_FIFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../proto/barproto.h"

#define IMU_FIFO_PACKET3_SIZE 16u

/* Header bits. */
#define IMU_FIFO_HEADER_MSG       0x80u /* FIFO empty: no sensor data in this packet */
#define IMU_FIFO_HEADER_ACCEL     0x40u
#define IMU_FIFO_HEADER_GYRO      0x20u
#define IMU_FIFO_HEADER_20        0x10u /* 20-bit (packet 4) data */
#define IMU_FIFO_HEADER_TS_MASK   0x0Cu
#define IMU_FIFO_HEADER_TS_ODR    0x08u /* timestamp field holds the ODR timestamp */
#define IMU_FIFO_HEADER_TS_FSYNC  0x0Cu /* timestamp field holds the FSYNC delay */
#define IMU_FIFO_HEADER_ODR_ACCEL 0x02u /* accel ODR changed since the previous packet */
#define IMU_FIFO_HEADER_ODR_GYRO  0x01u

/* The sensor writes this value into a field whose sensor is off or not yet valid. */
#define IMU_FIFO_INVALID_RAW INT16_MIN

enum imu_fifo_status {
    IMU_FIFO_OK = 0,
    IMU_FIFO_EMPTY = 1,        /* header says the FIFO held nothing */
    IMU_FIFO_SHORT = -1,       /* fewer than IMU_FIFO_PACKET3_SIZE bytes */
    IMU_FIFO_UNSUPPORTED = -2, /* not a packet 3 (other FIFO configuration) */
    IMU_FIFO_INVALID = -3,     /* packet 3, but a sensor field holds the invalid marker */
};

struct imu_fifo_packet {
    uint8_t header;
    struct barproto_sample sample;
    int8_t temp_raw;
    uint16_t timestamp; /* ODR timestamp, or FSYNC delay when fsync is set */
    bool fsync;         /* first sample after an FSYNC edge */
};

/* Parses one packet from the front of buf. */
enum imu_fifo_status imu_fifo_parse(const uint8_t *buf, size_t len, struct imu_fifo_packet *out);

/* Temperature of a packet 3 in hundredths of a degree C. */
int32_t imu_fifo_temp_centi_c(int8_t temp_raw);

/* Unwraps the 16-bit FIFO timestamp into a 64-bit count of its ticks. */
struct imu_fifo_clock {
    bool started;
    uint16_t last;
    uint64_t ticks;
};

void imu_fifo_clock_init(struct imu_fifo_clock *c);
uint64_t imu_fifo_clock_extend(struct imu_fifo_clock *c, uint16_t timestamp);

#endif
