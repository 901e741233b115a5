/*
 * A register-level model of the ICM-42688-P behind the firmware's SPI interface, for
 * the bar unit's tests (on the host and on the emulated Cortex-M0, so: no I/O, no heap).
 *
 * Bank-0 registers with their reset values; soft reset (registers back to reset, FIFO
 * empty, nothing answers for 1 ms); WHO_AM_I; the FIFO in stream mode with packet 3
 * (header, big-endian accel and gyro, temperature, 16-bit microsecond timestamp) filled
 * at the configured ODR of the model's own clock, which may run fast or slow against the
 * MCU's; the FIFO_COUNT byte count, the watermark and INT1 level, FIFO_FULL on overflow
 * (stream mode: the oldest packet goes), FIFO_DATA reads that pop, SIGNAL_PATH_RESET's
 * flush, INT_STATUS clear-on-read; the gyro reporting -32768 until it has settled
 * after power-on. Faults: the sensor stops answering (MISO reads 0xff), another part
 * (a different WHO_AM_I), a sensor that resets itself (registers back to reset values).
 *
 * Samples carry a deterministic pattern of the sample's index, so a test can tell
 * exactly which samples arrived.
 */
#ifndef ICM42688_MODEL_H
#define ICM42688_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../../firmware/core/icm42688.h"
#include "../../firmware/core/imu_fifo.h"

#define MODEL_FIFO_PACKETS  (ICM_FIFO_SIZE / IMU_FIFO_PACKET3_SIZE)
#define MODEL_SPI_BYTE_US   1u /* each byte of a transaction takes this long on the wire */
#define MODEL_PACKET_HEADER (IMU_FIFO_HEADER_ACCEL | IMU_FIFO_HEADER_GYRO | IMU_FIFO_HEADER_TS_ODR)
#define MODEL_PPM           1000000
#ifndef ICM_MODEL_TAKEN
#define ICM_MODEL_TAKEN 4096u /* samples whose true time is kept */
#endif

struct icm_model {
    uint8_t regs[128];
    uint8_t who_am_i;
    bool dead;            /* stops answering: MISO high */
    int32_t drift_ppm;    /* + : the sensor's clock runs fast */
    uint64_t now_us;      /* the MCU's clock, which the model advances */
    uint64_t ready_us;    /* after a reset nothing answers before this */
    uint64_t power_on_us; /* accel and gyro powered (low-noise) since */
    bool powered;
    uint64_t next_sample_us; /* in MCU time */
    uint32_t produced;       /* samples the sensor has made: the next sample's index */
    uint32_t first_index;    /* index of the oldest packet in the FIFO */
    uint8_t fifo[MODEL_FIFO_PACKETS][IMU_FIFO_PACKET3_SIZE];
    unsigned fifo_head, fifo_count;
    unsigned fifo_byte; /* bytes of the head packet already read */
    uint32_t resets, overflows, violations, transactions;
    uint32_t last_pwr_change_us;
    /* the MCU time each sample index was taken, for checking stamps */
    uint64_t taken_us[ICM_MODEL_TAKEN];
};

/* The value of axis a of sample i: distinct across samples and axes, both signs, never
 * the invalid marker. */
static inline int16_t icm_model_value(uint32_t i, unsigned a)
{
    int32_t v = (int32_t)((i * 2654435761u + a * 40503u) >> 16) - 32768;
    return (int16_t)(v == INT16_MIN ? INT16_MIN + 1 : v);
}

static inline void icm_model_reset_regs(struct icm_model *m)
{
    memset(m->regs, 0, sizeof m->regs);
    m->regs[ICM_INT_CONFIG1] = 0x10;  /* INT_ASYNC_RESET set */
    m->regs[ICM_INTF_CONFIG0] = 0x30; /* big-endian */
    m->regs[ICM_GYRO_CONFIG0] = 0x06; /* 2000 dps, 1 kHz */
    m->regs[ICM_ACCEL_CONFIG0] = 0x06;
    m->regs[ICM_FIFO_CONFIG1] = 0x00;
    m->regs[ICM_INT_STATUS] = ICM_INT_STATUS_RESET_DONE;
    m->regs[ICM_WHO_AM_I] = m->who_am_i;
    m->fifo_head = m->fifo_count = m->fifo_byte = 0;
    m->powered = false;
}

static inline void icm_model_init(struct icm_model *m, uint8_t who_am_i, int32_t drift_ppm)
{
    memset(m, 0, sizeof *m);
    m->who_am_i = who_am_i;
    m->drift_ppm = drift_ppm;
    m->now_us = 1000;
    icm_model_reset_regs(m);
}

static inline uint32_t icm_model_period_us(const struct icm_model *m)
{
    switch (m->regs[ICM_ACCEL_CONFIG0] & 0x0f) {
    case 0x06:
        return 1000;
    case 0x0f:
        return 2000;
    case 0x07:
        return 5000;
    }
    return 1000000; /* other rates are not used by the unit */
}

static inline bool icm_model_streaming(const struct icm_model *m)
{
    return m->powered && (m->regs[ICM_FIFO_CONFIG] & 0xc0) == 0x40 &&
           (m->regs[ICM_FIFO_CONFIG1] & 0x03) == 0x03;
}

static inline uint16_t icm_model_count_bytes(const struct icm_model *m)
{
    return (uint16_t)(m->fifo_count * IMU_FIFO_PACKET3_SIZE - m->fifo_byte);
}

static inline void icm_model_push(struct icm_model *m)
{
    uint32_t i = m->produced++;
    if (i < ICM_MODEL_TAKEN)
        m->taken_us[i] = m->next_sample_us;
    if (m->fifo_count == MODEL_FIFO_PACKETS) {
        /* stream mode: the oldest packet goes, and the sensor says so */
        m->fifo_head = (m->fifo_head + 1) % MODEL_FIFO_PACKETS;
        m->fifo_count--;
        m->fifo_byte = 0;
        m->first_index++;
        m->overflows++;
        m->regs[ICM_INT_STATUS] |= ICM_INT_STATUS_FIFO_FULL;
    }
    if (m->fifo_count == 0)
        m->first_index = i;
    uint8_t *p = m->fifo[(m->fifo_head + m->fifo_count) % MODEL_FIFO_PACKETS];
    bool gyro_ready = m->next_sample_us - m->power_on_us >= ICM_GYRO_START_US / 2;
    p[0] = MODEL_PACKET_HEADER;
    for (unsigned a = 0; a < 3; a++) {
        int16_t accel = icm_model_value(i, a);
        int16_t gyro = gyro_ready ? icm_model_value(i, a + 3) : INT16_MIN;
        p[1 + 2 * a] = (uint8_t)((uint16_t)accel >> 8);
        p[2 + 2 * a] = (uint8_t)accel;
        p[7 + 2 * a] = (uint8_t)((uint16_t)gyro >> 8);
        p[8 + 2 * a] = (uint8_t)gyro;
    }
    p[13] = 10; /* about 30 C */
    uint16_t ts = (uint16_t)(m->next_sample_us - m->power_on_us);
    p[14] = (uint8_t)(ts >> 8);
    p[15] = (uint8_t)ts;
    m->fifo_count++;
    uint32_t wm = (uint32_t)(m->regs[ICM_FIFO_CONFIG3] & 0x0f) << 8 | m->regs[ICM_FIFO_CONFIG2];
    if (wm && icm_model_count_bytes(m) >= wm)
        m->regs[ICM_INT_STATUS] |= ICM_INT_STATUS_FIFO_THS;
}

/* Moves the MCU clock to now_us, making every sample due on the sensor's clock. */
static inline void icm_model_advance(struct icm_model *m, uint64_t now_us)
{
    if (now_us > m->now_us)
        m->now_us = now_us;
    while (icm_model_streaming(m) && m->next_sample_us <= m->now_us) {
        icm_model_push(m);
        int64_t p = icm_model_period_us(m);
        m->next_sample_us += (uint64_t)(p - p * m->drift_ppm / MODEL_PPM);
    }
}

/* INT1, latched, push-pull, active high: high while the FIFO holds at least the
 * watermark (FIFO_WM_GT_TH re-asserts it every sample until then). In pulsed mode it is
 * a 100 us pulse a polling loop would mostly miss: the model shows it as never high. */
static inline bool icm_model_int1(const struct icm_model *m)
{
    uint32_t wm = (uint32_t)(m->regs[ICM_FIFO_CONFIG3] & 0x0f) << 8 | m->regs[ICM_FIFO_CONFIG2];
    return !m->dead && (m->regs[ICM_INT_CONFIG] & 0x07) == 0x07 &&
           (m->regs[ICM_INT_SOURCE0] & 0x04) && wm && icm_model_count_bytes(m) >= wm;
}

static inline uint8_t icm_model_fifo_pop(struct icm_model *m)
{
    if (m->fifo_count == 0)
        return 0xff; /* reading an empty FIFO gives 0xff, i.e. a header with the empty bit */
    uint8_t b = m->fifo[m->fifo_head][m->fifo_byte++];
    if (m->fifo_byte == IMU_FIFO_PACKET3_SIZE) {
        m->fifo_byte = 0;
        m->fifo_head = (m->fifo_head + 1) % MODEL_FIFO_PACKETS;
        m->fifo_count--;
        m->first_index++;
    }
    return b;
}

static inline uint8_t icm_model_read(struct icm_model *m, uint8_t reg)
{
    switch (reg) {
    case ICM_FIFO_DATA:
        return icm_model_fifo_pop(m);
    case ICM_FIFO_COUNTH:
        return (uint8_t)(icm_model_count_bytes(m) >> 8);
    case ICM_FIFO_COUNTH + 1:
        return (uint8_t)icm_model_count_bytes(m);
    case ICM_INT_STATUS: {
        uint8_t v = m->regs[reg];
        m->regs[reg] = 0; /* clears on read */
        return v;
    }
    }
    return m->regs[reg & 0x7f];
}

static inline void icm_model_write(struct icm_model *m, uint8_t reg, uint8_t v)
{
    if (reg == ICM_DEVICE_CONFIG && (v & ICM_SOFT_RESET)) {
        m->resets++;
        icm_model_reset_regs(m);
        m->ready_us = m->now_us + ICM_RESET_WAIT_US;
        return;
    }
    if (reg == ICM_SIGNAL_PATH_RESET) {
        if (v & ICM_FIFO_FLUSH)
            m->fifo_head = m->fifo_count = m->fifo_byte = 0;
        return;
    }
    if (reg == ICM_PWR_MGMT0) {
        if (m->now_us - m->last_pwr_change_us < ICM_PWR_WAIT_US)
            m->violations++;
        m->last_pwr_change_us = (uint32_t)m->now_us;
        bool on = (v & 0x0f) == 0x0f;
        if (on && !m->powered) {
            m->power_on_us = m->now_us;
            m->next_sample_us = m->now_us + icm_model_period_us(m);
        }
        m->powered = on;
    }
    if (reg == ICM_WHO_AM_I || reg == ICM_INT_STATUS || reg == ICM_FIFO_COUNTH ||
        reg == ICM_FIFO_COUNTH + 1)
        return; /* read-only */
    m->regs[reg & 0x7f] = v;
}

/* The firmware's SPI transaction against the model. */
static inline void icm_model_xfer(void *ctx, const uint8_t *tx, size_t tx_len, uint8_t *rx,
                                  size_t rx_len)
{
    struct icm_model *m = ctx;
    m->transactions++;
    icm_model_advance(m, m->now_us + (tx_len + rx_len) * MODEL_SPI_BYTE_US);
    bool deaf = m->dead || m->now_us < m->ready_us;
    if (tx_len == 0) {
        for (size_t i = 0; i < rx_len; i++)
            rx[i] = 0xff;
        return;
    }
    uint8_t reg = tx[0] & 0x7f;
    if (tx[0] & ICM_SPI_READ) {
        for (size_t i = 0; i < rx_len; i++) {
            rx[i] = deaf ? 0xff : icm_model_read(m, reg);
            if (reg != ICM_FIFO_DATA)
                reg++;
        }
        return;
    }
    for (size_t i = 1; i < tx_len && !deaf; i++, reg++)
        icm_model_write(m, reg, tx[i]);
    for (size_t i = 0; i < rx_len; i++)
        rx[i] = 0xff;
}

static inline void icm_model_delay(void *ctx, uint32_t us)
{
    struct icm_model *m = ctx;
    icm_model_advance(m, m->now_us + us);
}

static inline struct icm_spi icm_model_spi(struct icm_model *m)
{
    struct icm_spi spi = {m, icm_model_xfer, icm_model_delay};
    return spi;
}

#endif
