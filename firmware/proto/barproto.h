/*
 * Bar unit wire protocol: the single source of truth for the firmware and the kiosk.
 *
 * The bar unit (RP2040 + ICM-42688-P) streams fixed-size frames on a vendor-specific
 * bulk IN endpoint. Every multi-byte field is little-endian. A frame is:
 *
 *   offset size field
 *        0    2 magic            BARPROTO_MAGIC ("RB" on the wire: 0x52 0x42)
 *        2    1 version          BARPROTO_VERSION
 *        3    1 flags            BARPROTO_FLAG_* (FIFO overflow seen, clipping)
 *        4    4 seq              frame sequence number, +1 per frame, wraps
 *        8    8 t_us             MCU clock at the first sample, microseconds
 *       16    2 period_us        time between samples (1000 at 1 kHz)
 *       18    1 count            valid samples in this frame (1..BARPROTO_SAMPLES)
 *       19    1 accel_fs_g       accelerometer full scale, g (2, 4, 8, 16)
 *       20    2 gyro_fs_dps      gyroscope full scale, degrees per second
 *       22    2 reserved         zero when sent, ignored when received
 *       24  12*N samples         N = BARPROTO_SAMPLES, each ax ay az gx gy gz (int16)
 *  24+12*N    4 crc32            CRC-32 (IEEE 802.3, as zlib) of every byte before it
 *
 * Sample slots past count are zero when sent and ignored when received. t_us may not
 * exceed BARPROTO_T_US_MAX.
 *
 * Axes are the bar unit's body frame: z points up along gravity when the bar sits in
 * the rack with the unit mounted as the manual shows; x runs along the bar.
 * Raw counts convert with the full scales: accel_g = raw * fs_g / 32768.
 *
 * The kiosk finds frames in the byte stream by magic + CRC, so it resynchronises after
 * garbage, and detects lost frames by gaps in seq.
 */
#ifndef BARPROTO_H
#define BARPROTO_H

#include <stddef.h>
#include <stdint.h>

#define BARPROTO_MAGIC       0x4252u /* bytes 'R' 'B' */
#define BARPROTO_VERSION     1u
#define BARPROTO_SAMPLES     20u
#define BARPROTO_HEADER_SIZE 24u
#define BARPROTO_SAMPLE_SIZE 12u
#define BARPROTO_FRAME_SIZE  (BARPROTO_HEADER_SIZE + BARPROTO_SAMPLES * BARPROTO_SAMPLE_SIZE + 4u)

/* Largest MCU timestamp a frame may carry: later samples must still fit an int64. */
#define BARPROTO_T_US_MAX ((uint64_t)INT64_MAX / 2)

#define BARPROTO_FLAG_FIFO_OVERFLOW 0x01u /* the IMU's FIFO overflowed before this frame */
#define BARPROTO_FLAG_CLIPPED       0x02u
#define BARPROTO_FLAG_FRAMES_DROPPED                                                               \
    0x04u /* the unit dropped whole frames before this one:                                        \
           * the host did not read them in time */

/* USB identity (pid.codes test VID/PID until a PID is allocated). */
#define BARPROTO_USB_VID   0x1209u
#define BARPROTO_USB_PID   0x0001u
#define BARPROTO_USB_EP_IN 0x81u

/*
 * Vendor control requests, addressed to the bar unit's vendor interface: wIndex is
 * always the interface number (USB convention; some host stacks overwrite it), so
 * every setting travels in wValue.
 */
enum barproto_request {
    BARPROTO_REQ_GET_INFO = 0x01,        /* IN: BARPROTO_INFO_SIZE bytes, layout below */
    BARPROTO_REQ_SET_RATE = 0x02,        /* wValue = sample rate in Hz */
    BARPROTO_REQ_SET_ACCEL_RANGE = 0x03, /* wValue = accelerometer full scale, g */
    BARPROTO_REQ_START = 0x04,
    BARPROTO_REQ_STOP = 0x05,
    BARPROTO_REQ_SET_GYRO_RANGE = 0x06, /* wValue = gyroscope full scale, dps */
};

/*
 * GET_INFO answer, little-endian. The protocol version comes first so that any kiosk
 * can tell a unit it cannot talk to from a broken one.
 *
 *   offset size field
 *        0    1 protocol version (BARPROTO_VERSION)
 *        1    3 firmware version: major, minor, patch
 *        4    1 IMU WHO_AM_I (0x47 for the ICM-42688-P)
 *        5    1 accel_fs_g now in force
 *        6    2 sample rate now in force, Hz
 *        8    2 gyro_fs_dps now in force
 *       10    1 status: BARPROTO_STATUS_* bits (zero on units that predate it)
 *       11    1 reserved, zero
 *       12    4 frames the unit dropped because the host did not read them
 *       16   16 serial number, ASCII, NUL-padded
 */
#define BARPROTO_INFO_SIZE   32u
#define BARPROTO_SERIAL_SIZE 16u
#define BARPROTO_WHO_AM_I    0x47u

#define BARPROTO_STATUS_IMU_FAULT 0x01u /* the IMU does not answer or is not an ICM-42688-P */
#define BARPROTO_STATUS_STREAMING 0x02u /* START received and samples flowing */
#define BARPROTO_STATUS_WATCHDOG  0x04u /* the unit hung and its watchdog restarted it */

struct barproto_info {
    uint8_t version;
    uint8_t fw_version[3];
    uint8_t who_am_i;
    uint8_t accel_fs_g;
    uint16_t rate_hz;
    uint16_t gyro_fs_dps;
    uint8_t status;
    uint32_t frames_dropped;
    char serial[BARPROTO_SERIAL_SIZE + 1]; /* NUL-terminated here, padded on the wire */
};

void barproto_info_encode(const struct barproto_info *info, uint8_t out[BARPROTO_INFO_SIZE]);
/* Decodes len bytes (a short answer is BARPROTO_BAD_FIELD; a newer version BAD_VERSION). */
enum barproto_status barproto_info_decode(const uint8_t *in, size_t len,
                                          struct barproto_info *info);

struct barproto_sample {
    int16_t accel[3]; /* raw counts, x y z */
    int16_t gyro[3];  /* raw counts, x y z */
};

struct barproto_frame {
    uint8_t version;
    uint8_t flags;
    uint32_t seq;
    uint64_t t_us;
    uint16_t period_us;
    uint8_t count;
    uint8_t accel_fs_g;
    uint16_t gyro_fs_dps;
    struct barproto_sample samples[BARPROTO_SAMPLES];
};

enum barproto_status {
    BARPROTO_OK = 0,
    BARPROTO_BAD_MAGIC = -1,
    BARPROTO_BAD_VERSION = -2,
    BARPROTO_BAD_CRC = -3,
    BARPROTO_BAD_FIELD = -4, /* count 0 or too large, zero period, unknown range */
};

/* CRC-32 (IEEE), provided per platform: zlib on the host, the DMA sniffer on RP2040. */
uint32_t barproto_crc32(const uint8_t *data, size_t len);

/* Writes exactly BARPROTO_FRAME_SIZE bytes into out. */
void barproto_encode(const struct barproto_frame *frame, uint8_t out[BARPROTO_FRAME_SIZE]);

/* Decodes one frame from exactly BARPROTO_FRAME_SIZE bytes. */
enum barproto_status barproto_decode(const uint8_t in[BARPROTO_FRAME_SIZE],
                                     struct barproto_frame *frame);

const char *barproto_status_str(enum barproto_status status);

#endif
