#include "barunit.h"

#include <string.h>

#define REQ_TYPE_VENDOR_IN  0xc1u /* device-to-host, vendor, interface */
#define REQ_TYPE_VENDOR_OUT 0x41u
#define US_PER_S            1000000u
#define STAMP_DRIFT_PPM     30000 /* the sensor clock may be this far off the MCU clock */
#define LED_FAULT_US        100000u
#define LED_STREAM_US       250000u
#define LED_IDLE_PERIOD_US  2000000u
#define LED_IDLE_FLASH_US   100000u

static uint16_t period_us(const struct barunit *u)
{
    return (uint16_t)(US_PER_S / u->rate_hz);
}

void barunit_init(struct barunit *u, const struct icm_spi *spi, const uint8_t uid[USB_UID_LEN])
{
    memset(u, 0, sizeof *u);
    icm_init(&u->imu, spi);
    u->state = BARUNIT_PROBE;
    u->rate_hz = BARUNIT_DEFAULT_RATE;
    u->accel_fs_g = BARUNIT_DEFAULT_ACCEL;
    u->gyro_fs_dps = BARUNIT_DEFAULT_GYRO;
    usb_serial_from_uid(uid, u->serial);
    framer_init(&u->framer, period_us(u), u->accel_fs_g, u->gyro_fs_dps);
}

/* --- the frame queue --- */

static void enqueue(struct barunit *u, const uint8_t frame[BARPROTO_FRAME_SIZE])
{
    if (u->count == BARUNIT_QUEUE_FRAMES) {
        /* the frame in flight is never touched: the newest goes, and the next says so */
        u->n.frames_dropped++;
        framer_mark(&u->framer, BARPROTO_FLAG_FRAMES_DROPPED);
        return;
    }
    memcpy(u->queue[(u->head + u->count) % BARUNIT_QUEUE_FRAMES], frame, BARPROTO_FRAME_SIZE);
    u->count++;
    u->n.frames_queued++;
}

const uint8_t *barunit_tx_peek(const struct barunit *u)
{
    return u->count ? u->queue[u->head] : NULL;
}

void barunit_tx_pop(struct barunit *u)
{
    if (!u->count)
        return;
    u->head = (u->head + 1) % BARUNIT_QUEUE_FRAMES;
    u->count--;
    u->n.frames_sent++;
}

/* --- streaming --- */

/* Closes the partial frame, then starts framing afresh with the current settings; the
 * sequence number runs on so the host sees no gap that was not one. */
static void restart_framer(struct barunit *u)
{
    if (framer_flush(&u->framer, u->scratch))
        enqueue(u, u->scratch);
    uint32_t seq = u->framer.next_seq;
    uint8_t flags = u->framer.frame.flags;
    framer_init(&u->framer, period_us(u), u->accel_fs_g, u->gyro_fs_dps);
    u->framer.next_seq = seq;
    u->framer.frame.flags = flags;
    u->stamped = false;
}

static void fault(struct barunit *u, uint64_t now_us)
{
    if (u->state == BARUNIT_STREAM)
        restart_framer(u); /* what was sampled still goes out */
    u->state = BARUNIT_FAULT;
    u->n.imu_faults++;
    u->next_probe_us = now_us + BARUNIT_REPROBE_US;
}

static void start_stream(struct barunit *u, uint64_t now_us)
{
    /* INT1 once a frame's worth of samples is in the FIFO: the frame goes out as soon
     * as its last sample was taken (3 ms after its first at 1 kHz; at low rates a frame
     * is one sample, see framer.h) */
    struct icm_config cfg = {u->rate_hz, u->accel_fs_g, u->gyro_fs_dps,
                             framer_samples_per_frame(period_us(u))};
    restart_framer(u);
    u->settings_changed = false;
    if (icm_configure(&u->imu, &cfg) != ICM_OK) {
        fault(u, now_us);
        return;
    }
    u->state = BARUNIT_STREAM;
    u->next_read_us = now_us + BARUNIT_POLL_US;
    u->last_sample_us = now_us;
    u->next_health_us = now_us + BARUNIT_HEALTH_US;
}

static void stop_stream(struct barunit *u)
{
    icm_stop(&u->imu);
    restart_framer(u);
    u->state = BARUNIT_IDLE;
}

/*
 * Stamps for the n packets of a read made at t_read_us, as a correction to spread over
 * them. Each read says the newest packet was taken within the period before it (the
 * next one was not due yet). Carried forward from read to read -- n periods later,
 * widened by what the sensor's clock may drift -- these windows intersect into a narrow
 * range for the newest packet, and its stamp is the middle of that range: close to
 * the truth, and moving smoothly while the two clocks disagree by a few percent. When
 * the ranges stop meeting (samples lost, the loop stalled) the stamps start again from
 * this read's window: a real gap, which the framer marks by closing the frame.
 */
static void stamp_read(struct barunit *u, size_t n, uint64_t t_read_us, int64_t *correction)
{
    int64_t p = period_us(u);
    int64_t span = (int64_t)n * p;
    int64_t w_lo = (int64_t)t_read_us - p, w_hi = (int64_t)t_read_us;
    int64_t lo = w_lo, hi = w_hi;
    if (u->stamped) {
        int64_t widen = span * STAMP_DRIFT_PPM / 1000000 + 1;
        lo = u->stamp_lo_us + span - widen;
        hi = u->stamp_hi_us + span + widen;
        lo = lo > w_lo ? lo : w_lo;
        hi = hi < w_hi ? hi : w_hi;
        if (lo > hi) {
            lo = w_lo;
            hi = w_hi;
        }
    } else {
        int64_t before = (int64_t)t_read_us - p / 2 - span;
        u->t_last_us = before > 0 ? (uint64_t)before : 0u; /* just after boot: no earlier */
        u->stamped = true;
    }
    u->stamp_lo_us = lo;
    u->stamp_hi_us = hi;
    *correction = lo + (hi - lo) / 2 - ((int64_t)u->t_last_us + span);
}

static uint64_t stamp_from(const struct barunit *u, uint64_t base_us, size_t i, size_t n,
                           int64_t correction)
{
    int64_t p = period_us(u);
    return (uint64_t)((int64_t)base_us + (int64_t)(i + 1) * p +
                      correction * (int64_t)(i + 1) / (int64_t)n);
}

static uint64_t slot_stamp(const struct barunit *u, size_t i, size_t n, int64_t correction)
{
    return stamp_from(u, u->t_last_us, i, n, correction);
}

static void push_sample(struct barunit *u, const struct barproto_sample *s, uint64_t t_us)
{
    if (framer_push(&u->framer, s, t_us, u->scratch))
        enqueue(u, u->scratch);
    u->n.samples++;
}

static void read_fifo(struct barunit *u, uint64_t now_us)
{
    struct icm_fifo_read r;
    icm_fifo_read(&u->imu, u->fifo, BARUNIT_READ_PACKETS, &r);
    if (r.implausible) {
        u->next_health_us = now_us; /* ask the sensor who it is, now */
        return;
    }
    if (r.overflow) {
        u->last_sample_us = now_us; /* it overflowed, so it is sampling */
        u->n.fifo_overflows++;
        restart_framer(u);
        framer_mark(&u->framer, BARPROTO_FLAG_FIFO_OVERFLOW);
        return;
    }
    if (r.packets == 0)
        return;
    int64_t correction;
    stamp_read(u, r.packets, now_us, &correction);
    uint64_t base_us = u->t_last_us;
    /* every packet takes a slot in time, sample or not */
    u->t_last_us = slot_stamp(u, r.packets - 1, r.packets, correction);
    for (size_t i = 0; i < r.packets; i++) {
        struct imu_fifo_packet pkt;
        enum imu_fifo_status st =
            imu_fifo_parse(u->fifo + i * IMU_FIFO_PACKET3_SIZE, IMU_FIFO_PACKET3_SIZE, &pkt);
        if (st == IMU_FIFO_EMPTY)
            continue;
        if (st == IMU_FIFO_UNSUPPORTED || st == IMU_FIFO_SHORT) {
            /* out of step with the packets: what follows is noise until a flush */
            u->n.bad_packets++;
            icm_fifo_flush(&u->imu);
            restart_framer(u);
            framer_mark(&u->framer, BARPROTO_FLAG_FIFO_OVERFLOW);
            return;
        }
        if (st == IMU_FIFO_INVALID) {
            u->n.bad_packets++; /* the gyro is still starting: a gap, not a zero */
            continue;
        }
        push_sample(u, &pkt.sample, stamp_from(u, base_us, i, r.packets, correction));
    }
    if (framer_close_late(&u->framer, u->scratch)) /* out of step with the reads */
        enqueue(u, u->scratch);
    u->last_sample_us = now_us;
}

/* The IMU still says who it is; a wrong answer is a fault. */
static bool imu_healthy(struct barunit *u)
{
    return icm_read_reg(&u->imu, ICM_WHO_AM_I) == BARPROTO_WHO_AM_I;
}

static void poll_stream(struct barunit *u, uint64_t now_us, bool int1)
{
    if (!u->want_stream) {
        stop_stream(u);
        return;
    }
    if (u->settings_changed) {
        start_stream(u, now_us);
        return;
    }
    if (int1 || now_us >= u->next_read_us) {
        read_fifo(u, now_us);
        u->next_read_us = now_us + BARUNIT_POLL_US;
    }
    bool silent = now_us - u->last_sample_us >= BARUNIT_SILENT_US;
    if (silent || now_us >= u->next_health_us) {
        u->next_health_us = now_us + BARUNIT_HEALTH_US;
        if (!imu_healthy(u))
            fault(u, now_us);
        else if (silent)
            start_stream(u, now_us); /* it answers but stopped sampling: set it up again */
    }
}

void barunit_poll(struct barunit *u, uint64_t now_us, bool int1)
{
    switch (u->state) {
    case BARUNIT_PROBE:
        if (icm_probe(&u->imu) != ICM_OK) {
            fault(u, now_us);
            return;
        }
        u->state = BARUNIT_IDLE;
        u->next_health_us = now_us + BARUNIT_HEALTH_US;
        if (u->want_stream)
            start_stream(u, now_us);
        return;
    case BARUNIT_IDLE:
        if (u->want_stream) {
            start_stream(u, now_us);
        } else if (now_us >= u->next_health_us) {
            u->next_health_us = now_us + BARUNIT_HEALTH_US;
            if (!imu_healthy(u))
                fault(u, now_us);
        }
        return;
    case BARUNIT_STREAM:
        poll_stream(u, now_us, int1);
        return;
    case BARUNIT_FAULT:
        if (now_us >= u->next_probe_us)
            u->state = BARUNIT_PROBE;
        return;
    }
}

/* --- control requests --- */

static bool set_setting(struct barunit *u, uint8_t request, uint16_t value)
{
    uint8_t code;
    switch (request) {
    case BARPROTO_REQ_SET_RATE:
        if (!icm_odr_code(value, &code))
            return false;
        u->rate_hz = value;
        break;
    case BARPROTO_REQ_SET_ACCEL_RANGE:
        if (value > UINT8_MAX || !icm_accel_fs_code((uint8_t)value, &code))
            return false;
        u->accel_fs_g = (uint8_t)value;
        break;
    case BARPROTO_REQ_SET_GYRO_RANGE:
        if (!icm_gyro_fs_code(value, &code))
            return false;
        u->gyro_fs_dps = value;
        break;
    default:
        return false;
    }
    u->settings_changed = true;
    return true;
}

bool barunit_control(struct barunit *u, const struct usb_setup *setup,
                     uint8_t data[BARPROTO_INFO_SIZE], uint16_t *len)
{
    *len = 0;
    /* wIndex names the interface; its high byte is zero for an interface recipient */
    if (setup->index != USB_VENDOR_IFACE)
        return false;
    if (setup->type == REQ_TYPE_VENDOR_IN) {
        if (setup->request != BARPROTO_REQ_GET_INFO)
            return false;
        struct barproto_info info;
        barunit_info(u, &info);
        barproto_info_encode(&info, data);
        *len = setup->length < BARPROTO_INFO_SIZE ? setup->length : (uint16_t)BARPROTO_INFO_SIZE;
        return true;
    }
    if (setup->type != REQ_TYPE_VENDOR_OUT || setup->length != 0)
        return false;
    switch (setup->request) {
    case BARPROTO_REQ_START:
        u->want_stream = true;
        return true;
    case BARPROTO_REQ_STOP:
        u->want_stream = false;
        return true;
    default:
        return set_setting(u, setup->request, setup->value);
    }
}

void barunit_host_gone(struct barunit *u)
{
    u->want_stream = false;
    u->head = 0;
    u->count = 0;
    /* the frame being filled is for nobody either */
    u->framer.frame.count = 0;
    u->framer.frame.flags = 0;
}

void barunit_info(const struct barunit *u, struct barproto_info *info)
{
    memset(info, 0, sizeof *info);
    info->version = BARPROTO_VERSION;
    info->fw_version[0] = BARUNIT_FW_MAJOR;
    info->fw_version[1] = BARUNIT_FW_MINOR;
    info->fw_version[2] = BARUNIT_FW_PATCH;
    info->who_am_i = u->imu.who_am_i;
    info->accel_fs_g = u->accel_fs_g;
    info->rate_hz = u->rate_hz;
    info->gyro_fs_dps = u->gyro_fs_dps;
    if (u->state == BARUNIT_FAULT || u->state == BARUNIT_PROBE)
        info->status |= BARPROTO_STATUS_IMU_FAULT;
    if (u->state == BARUNIT_STREAM)
        info->status |= BARPROTO_STATUS_STREAMING;
    if (u->watchdog_restart)
        info->status |= BARPROTO_STATUS_WATCHDOG;
    info->frames_dropped = u->n.frames_dropped;
    memcpy(info->serial, u->serial, sizeof u->serial);
}

bool barunit_led(const struct barunit *u, bool usb_configured, uint64_t now_us)
{
    if (u->state == BARUNIT_FAULT || u->state == BARUNIT_PROBE)
        return (now_us / LED_FAULT_US) % 2u == 0;
    if (!usb_configured)
        return now_us % LED_IDLE_PERIOD_US < LED_IDLE_FLASH_US;
    if (u->state == BARUNIT_STREAM)
        return (now_us / LED_STREAM_US) % 2u == 0;
    return true;
}
