#include "icm42688.h"

#include <string.h>

#include "imu_fifo.h"

/* INT_CONFIG: latched (held until INT_STATUS is read, so a polling loop cannot miss a
 * 100 us pulse), push-pull, active high */
#define INT1_LATCHED_PUSH_PULL_HIGH 0x07u
#define FIFO_MODE_STREAM            0x40u
#define INTF_CONFIG0_BIG_ENDIAN     0x30u /* byte counts, big-endian count and data (reset value) */
#define FIFO_CONFIG1_PACKET3        0x2fu /* WM_GT_TH | TMST_FSYNC | TEMP | GYRO | ACCEL */
#define INT_CONFIG1_SYNC_RESET      0x00u /* INT_ASYNC_RESET cleared, as the datasheet asks */
#define INT_SOURCE0_FIFO            0x06u /* FIFO_THS_INT1_EN | FIFO_FULL_INT1_EN */
#define PWR_LOW_NOISE               0x0fu /* gyro and accel in low-noise mode */
#define PWR_OFF                     0x00u
#define FS_SEL_SHIFT                5u
#define WM_HIGH_MASK                0x0fu

void icm_init(struct icm42688 *imu, const struct icm_spi *spi)
{
    memset(imu, 0, sizeof *imu);
    imu->spi = *spi;
}

uint8_t icm_read_reg(struct icm42688 *imu, uint8_t reg)
{
    uint8_t tx = (uint8_t)(reg | ICM_SPI_READ), rx = 0;
    imu->spi.xfer(imu->spi.ctx, &tx, 1, &rx, 1);
    return rx;
}

void icm_write_reg(struct icm42688 *imu, uint8_t reg, uint8_t value)
{
    uint8_t tx[2] = {reg, value};
    imu->spi.xfer(imu->spi.ctx, tx, sizeof tx, NULL, 0);
}

enum icm_status icm_probe(struct icm42688 *imu)
{
    icm_write_reg(imu, ICM_REG_BANK_SEL, 0);
    icm_write_reg(imu, ICM_DEVICE_CONFIG, ICM_SOFT_RESET);
    imu->spi.delay_us(imu->spi.ctx, ICM_RESET_WAIT_US);
    imu->who_am_i = icm_read_reg(imu, ICM_WHO_AM_I);
    if (imu->who_am_i == 0x00u || imu->who_am_i == 0xffu)
        return ICM_NO_ANSWER;
    return imu->who_am_i == BARPROTO_WHO_AM_I ? ICM_OK : ICM_WRONG_ID;
}

/* ODR codes of GYRO_CONFIG0 / ACCEL_CONFIG0 bits 3:0 for the rates the unit offers. */
bool icm_odr_code(uint16_t rate_hz, uint8_t *code)
{
    switch (rate_hz) {
    case 1000:
        *code = 0x06;
        return true;
    case 500:
        *code = 0x0f;
        return true;
    case 200:
        *code = 0x07;
        return true;
    }
    return false;
}

bool icm_accel_fs_code(uint8_t fs_g, uint8_t *code)
{
    switch (fs_g) {
    case 16:
        *code = 0;
        return true;
    case 8:
        *code = 1;
        return true;
    case 4:
        *code = 2;
        return true;
    case 2:
        *code = 3;
        return true;
    }
    return false;
}

bool icm_gyro_fs_code(uint16_t fs_dps, uint8_t *code)
{
    switch (fs_dps) {
    case 2000:
        *code = 0;
        return true;
    case 1000:
        *code = 1;
        return true;
    case 500:
        *code = 2;
        return true;
    case 250:
        *code = 3;
        return true;
    case 125:
        *code = 4;
        return true;
    }
    return false;
}

struct reg_value {
    uint8_t reg, value;
};

enum icm_status icm_configure(struct icm42688 *imu, const struct icm_config *cfg)
{
    uint8_t odr, afs, gfs;
    uint32_t wm_bytes = (uint32_t)cfg->watermark_packets * IMU_FIFO_PACKET3_SIZE;
    if (!icm_odr_code(cfg->rate_hz, &odr) || !icm_accel_fs_code(cfg->accel_fs_g, &afs) ||
        !icm_gyro_fs_code(cfg->gyro_fs_dps, &gfs) || cfg->watermark_packets == 0 ||
        wm_bytes >= ICM_FIFO_SIZE)
        return ICM_BAD_SETTING;
    const struct reg_value regs[] = {
        {ICM_PWR_MGMT0, PWR_OFF},
        {ICM_INT_CONFIG, INT1_LATCHED_PUSH_PULL_HIGH},
        {ICM_INTF_CONFIG0, INTF_CONFIG0_BIG_ENDIAN},
        {ICM_FIFO_CONFIG, FIFO_MODE_STREAM},
        {ICM_GYRO_CONFIG0, (uint8_t)(gfs << FS_SEL_SHIFT | odr)},
        {ICM_ACCEL_CONFIG0, (uint8_t)(afs << FS_SEL_SHIFT | odr)},
        {ICM_FIFO_CONFIG1, FIFO_CONFIG1_PACKET3},
        {ICM_FIFO_CONFIG2, (uint8_t)wm_bytes},
        {ICM_FIFO_CONFIG3, (uint8_t)((wm_bytes >> 8) & WM_HIGH_MASK)},
        {ICM_INT_CONFIG1, INT_CONFIG1_SYNC_RESET},
        {ICM_INT_SOURCE0, INT_SOURCE0_FIFO},
    };
    icm_write_reg(imu, ICM_REG_BANK_SEL, 0);
    for (size_t i = 0; i < sizeof regs / sizeof regs[0]; i++) {
        icm_write_reg(imu, regs[i].reg, regs[i].value);
        if (regs[i].reg == ICM_PWR_MGMT0)
            imu->spi.delay_us(imu->spi.ctx, ICM_PWR_WAIT_US);
        else if (icm_read_reg(imu, regs[i].reg) != regs[i].value)
            return ICM_VERIFY_FAILED;
    }
    icm_fifo_flush(imu);
    icm_write_reg(imu, ICM_PWR_MGMT0, PWR_LOW_NOISE);
    /* no register access for 200 us after a power mode change */
    imu->spi.delay_us(imu->spi.ctx, ICM_PWR_WAIT_US);
    if (icm_read_reg(imu, ICM_PWR_MGMT0) != PWR_LOW_NOISE)
        return ICM_VERIFY_FAILED;
    return ICM_OK;
}

void icm_stop(struct icm42688 *imu)
{
    icm_write_reg(imu, ICM_PWR_MGMT0, PWR_OFF);
    imu->spi.delay_us(imu->spi.ctx, ICM_PWR_WAIT_US);
}

void icm_fifo_flush(struct icm42688 *imu)
{
    icm_write_reg(imu, ICM_SIGNAL_PATH_RESET, ICM_FIFO_FLUSH);
}

void icm_fifo_read(struct icm42688 *imu, uint8_t *buf, size_t max_packets,
                   struct icm_fifo_read *out)
{
    /* INT_STATUS (clears on read), FIFO_COUNTH, FIFO_COUNTL: consecutive registers */
    uint8_t cmd = ICM_INT_STATUS | ICM_SPI_READ, rx[3] = {0, 0, 0};
    imu->spi.xfer(imu->spi.ctx, &cmd, 1, rx, sizeof rx);
    out->count = (uint16_t)(rx[1] << 8 | rx[2]);
    out->implausible = out->count > ICM_FIFO_SIZE;
    out->overflow = !out->implausible && (rx[0] & ICM_INT_STATUS_FIFO_FULL) != 0;
    out->packets = 0;
    if (out->implausible)
        return;
    if (out->overflow) {
        icm_fifo_flush(imu);
        return;
    }
    size_t n = out->count / IMU_FIFO_PACKET3_SIZE;
    if (n > max_packets)
        n = max_packets;
    if (n == 0)
        return;
    /* FIFO_DATA does not advance the register address: one burst reads n packets */
    cmd = ICM_FIFO_DATA | ICM_SPI_READ;
    imu->spi.xfer(imu->spi.ctx, &cmd, 1, buf, n * IMU_FIFO_PACKET3_SIZE);
    out->packets = n;
}
