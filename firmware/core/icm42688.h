/*
 * ICM-42688-P driver over an SPI interface: probe (soft reset, WHO_AM_I), configure
 * (output data rate, full scales, FIFO with a watermark, INT1), read the FIFO, and a
 * health check that tells a sensor that stopped answering from one that is running.
 *
 * No hardware access and no clock of its own: the port supplies the SPI transaction and
 * a blocking delay (the sensor needs 1 ms after a reset and 200 us after power mode
 * changes). Registers are in user bank 0 (REG_BANK_SEL 0x76 selects the bank).
 */
#ifndef ICM42688_H
#define ICM42688_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bank 0 registers used here, from the ICM-42688-P datasheet. */
#define ICM_DEVICE_CONFIG     0x11u
#define ICM_INT_CONFIG        0x14u
#define ICM_FIFO_CONFIG       0x16u
#define ICM_INT_STATUS        0x2du
#define ICM_FIFO_COUNTH       0x2eu
#define ICM_FIFO_DATA         0x30u
#define ICM_SIGNAL_PATH_RESET 0x4bu
#define ICM_INTF_CONFIG0      0x4cu
#define ICM_PWR_MGMT0         0x4eu
#define ICM_GYRO_CONFIG0      0x4fu
#define ICM_ACCEL_CONFIG0     0x50u
#define ICM_FIFO_CONFIG1      0x5fu
#define ICM_FIFO_CONFIG2      0x60u
#define ICM_FIFO_CONFIG3      0x61u
#define ICM_INT_CONFIG1       0x64u
#define ICM_INT_SOURCE0       0x65u
#define ICM_WHO_AM_I          0x75u
#define ICM_REG_BANK_SEL      0x76u

#define ICM_SPI_READ              0x80u
#define ICM_SOFT_RESET            0x01u
#define ICM_INT_STATUS_FIFO_FULL  0x02u
#define ICM_INT_STATUS_FIFO_THS   0x04u
#define ICM_INT_STATUS_RESET_DONE 0x10u
#define ICM_FIFO_FLUSH            0x02u
#define ICM_FIFO_SIZE             2048u
#define ICM_RESET_WAIT_US         1000u
#define ICM_PWR_WAIT_US           200u
#define ICM_GYRO_START_US         45000u /* gyro output settles this long after power-on */

struct icm_spi {
    void *ctx;
    /* One transaction, chip select held throughout: tx_len bytes out, then rx_len bytes
     * in (zeros clocked out meanwhile). */
    void (*xfer)(void *ctx, const uint8_t *tx, size_t tx_len, uint8_t *rx, size_t rx_len);
    void (*delay_us)(void *ctx, uint32_t us);
};

enum icm_status {
    ICM_OK = 0,
    ICM_WRONG_ID = -1,     /* something answered, not an ICM-42688-P */
    ICM_NO_ANSWER = -2,    /* the bus reads all zeros or all ones */
    ICM_BAD_SETTING = -3,  /* a rate or range the sensor does not have */
    ICM_VERIFY_FAILED = -4 /* a configuration register did not keep what was written */
};

struct icm_config {
    uint16_t rate_hz; /* 200, 500 or 1000 */
    uint8_t accel_fs_g;
    uint16_t gyro_fs_dps;
    uint16_t watermark_packets; /* FIFO threshold for INT1, in 16-byte packets */
};

struct icm42688 {
    struct icm_spi spi;
    uint8_t who_am_i; /* last value read */
};

void icm_init(struct icm42688 *imu, const struct icm_spi *spi);

uint8_t icm_read_reg(struct icm42688 *imu, uint8_t reg);
void icm_write_reg(struct icm42688 *imu, uint8_t reg, uint8_t value);

/* Selects bank 0, soft-resets the sensor and checks WHO_AM_I. */
enum icm_status icm_probe(struct icm42688 *imu);

/* The register codes for a setting; false when the sensor has no such setting. */
bool icm_odr_code(uint16_t rate_hz, uint8_t *code);
bool icm_accel_fs_code(uint8_t fs_g, uint8_t *code);
bool icm_gyro_fs_code(uint16_t fs_dps, uint8_t *code);

/*
 * Configures rate, ranges, the FIFO (packet 3: accel, gyro, temperature, timestamp;
 * stream mode), INT1 on the watermark and on FIFO full, flushes the FIFO and powers
 * accel and gyro in low-noise mode. Every register written is read back.
 */
enum icm_status icm_configure(struct icm42688 *imu, const struct icm_config *cfg);

/* Powers the sensors down (the FIFO stops filling). */
void icm_stop(struct icm42688 *imu);

struct icm_fifo_read {
    size_t packets;   /* whole 16-byte packets copied to the buffer */
    bool overflow;    /* FIFO_FULL was set: older samples were lost */
    bool implausible; /* a count past the FIFO's size: the bus reads garbage */
    uint16_t count;   /* bytes the sensor said it held */
};

/*
 * Reads INT_STATUS and FIFO_COUNT in one transaction, then up to max_packets packets
 * of FIFO_DATA. On overflow the FIFO is flushed, since after a wrap the next byte need
 * not start a packet.
 */
void icm_fifo_read(struct icm42688 *imu, uint8_t *buf, size_t max_packets,
                   struct icm_fifo_read *out);

void icm_fifo_flush(struct icm42688 *imu);

#endif
