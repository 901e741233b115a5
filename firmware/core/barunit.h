/*
 * The bar unit's behaviour, without hardware: a state machine over the IMU
 * (probe -> idle -> stream, fault -> re-probe), stamping each FIFO sample with the MCU's
 * microsecond clock, framing samples into the wire protocol, a queue of finished frames
 * for the USB bulk endpoint, and the vendor control requests. The port calls
 * barunit_poll() from its main loop with the time and the IMU's INT1 level, answers
 * vendor requests with barunit_control(), and feeds frames from barunit_tx_peek().
 *
 * A host that stops reading never stalls the unit: when the queue is full the newest
 * frame is dropped whole, counted (device info) and flagged on the next frame sent.
 */
#ifndef BARUNIT_H
#define BARUNIT_H

#include <stdbool.h>
#include <stdint.h>

#include "../proto/framer.h"
#include "icm42688.h"
#include "imu_fifo.h"
#include "usb_desc.h"

#ifndef BARUNIT_QUEUE_FRAMES
#define BARUNIT_QUEUE_FRAMES 64u /* 256 ms at 1 kHz */
#endif
#define BARUNIT_FW_MAJOR      1u
#define BARUNIT_FW_MINOR      2u /* 1.2: frames close within 4 ms at any rate */
#define BARUNIT_FW_PATCH      0u
#define BARUNIT_READ_PACKETS  32u     /* FIFO packets read per SPI burst */
#define BARUNIT_POLL_US       10000u  /* read the FIFO this often even without INT1 */
#define BARUNIT_REPROBE_US    500000u /* a faulty IMU is probed again this often */
#define BARUNIT_HEALTH_US     250000u /* WHO_AM_I is re-read this often */
#define BARUNIT_SILENT_US     100000u /* streaming, yet no sample this long: check the IMU */
#define BARUNIT_DEFAULT_RATE  1000u
#define BARUNIT_DEFAULT_ACCEL 16u
#define BARUNIT_DEFAULT_GYRO  2000u

enum barunit_state {
    BARUNIT_PROBE,  /* soft reset and WHO_AM_I due */
    BARUNIT_IDLE,   /* IMU answered, not streaming */
    BARUNIT_STREAM, /* IMU configured, FIFO read, frames queued */
    BARUNIT_FAULT,  /* IMU did not answer: waiting to probe again */
};

struct barunit_counters {
    uint32_t frames_queued;
    uint32_t frames_sent;
    uint32_t frames_dropped; /* queue full: the host did not read */
    uint32_t fifo_overflows;
    uint32_t imu_faults;
    uint32_t samples;
    uint32_t bad_packets; /* invalid or unparsable FIFO packets skipped */
};

struct barunit {
    struct icm42688 imu;
    enum barunit_state state;
    /* settings, as the host asked */
    uint16_t rate_hz;
    uint8_t accel_fs_g;
    uint16_t gyro_fs_dps;
    bool want_stream;
    bool settings_changed;
    /* stamping */
    bool stamped; /* t_last_us holds the previous sample's stamp */
    uint64_t t_last_us;
    int64_t stamp_lo_us, stamp_hi_us; /* where the last packet can have been taken */
    uint64_t next_read_us, next_health_us, next_probe_us, last_sample_us;
    struct framer framer;
    /* finished frames waiting for the host */
    uint8_t queue[BARUNIT_QUEUE_FRAMES][BARPROTO_FRAME_SIZE];
    unsigned head, count;
    uint8_t scratch[BARPROTO_FRAME_SIZE];
    uint8_t fifo[BARUNIT_READ_PACKETS * IMU_FIFO_PACKET3_SIZE];
    struct barunit_counters n;
    bool watchdog_restart; /* set by the port: this start followed a hang */
    char serial[USB_SERIAL_LEN + 1];
};

void barunit_init(struct barunit *u, const struct icm_spi *spi, const uint8_t uid[USB_UID_LEN]);

/* Runs the IMU state machine at now_us; int1 is the IMU's interrupt line. */
void barunit_poll(struct barunit *u, uint64_t now_us, bool int1);

/*
 * A vendor request on EP0. Returns true to accept it, with *len bytes of data for an IN
 * request (at most setup->length); false to stall it. Settings take effect at the next
 * barunit_poll(), outside the USB transaction.
 */
bool barunit_control(struct barunit *u, const struct usb_setup *setup,
                     uint8_t data[BARPROTO_INFO_SIZE], uint16_t *len);

/* The oldest queued frame (BARPROTO_FRAME_SIZE bytes), or NULL. */
const uint8_t *barunit_tx_peek(const struct barunit *u);
/* The peeked frame has been copied to the USB controller. */
void barunit_tx_pop(struct barunit *u);

/* The host went away (bus reset, deconfigured): stop streaming, forget queued frames. */
void barunit_host_gone(struct barunit *u);

void barunit_info(const struct barunit *u, struct barproto_info *info);

/* Status LED at now_us: fault blinks fast, streaming blinks, configured idle is steady,
 * no host gives a short flash every two seconds. */
bool barunit_led(const struct barunit *u, bool usb_configured, uint64_t now_us);

#endif
