/*
 * Bar unit wire protocol: the single source of truth for the firmware and the kiosk.
 *
 * The bar unit (RP2040 + ICM-42688-P) streams fixed-size frames on a vendor-specific
 * bulk IN endpoint. Every multi-byte field is little-endian. A frame is:
 *
 *   offset size field
 *        0    2 magic            BARPROTO_MAGIC ("RB" on the wire: 0x52 0x42)
 *        2    1 version          BARPROTO_VERSION (2); it also sets N, below
 *        3    1 flags            BARPROTO_FLAG_* (FIFO overflow seen, clipping)
 *        4    4 seq              frame sequence number, +1 per frame, wraps
 *        8    8 t_us             MCU clock at the first sample, microseconds
 *       16    2 period_us        time between samples (1000 at 1 kHz)
 *       18    1 count            valid samples in this frame (1..N)
 *       19    1 accel_fs_g       accelerometer full scale, g (2, 4, 8, 16)
 *       20    2 gyro_fs_dps      gyroscope full scale, degrees per second
 *       22    2 reserved         zero when sent, ignored when received
 *       24  12*N samples         N = barproto_frame_samples(version), each ax ay az gx
 *                                gy gz (int16)
 *  24+12*N    4 crc32            CRC-32 (IEEE 802.3, as zlib) of every byte before it
 *
 * Versions: 2 carries N = 4 samples (76 bytes, 4 ms at 1 kHz), so a sample leaves the
 * unit within a few ms; 1 carried N = 20 (268 bytes, 20 ms at 1 kHz). Everything else is
 * the same. A kiosk reads both, so a unit with older firmware keeps working; units send
 * version 2 from firmware 1.1 on. A frame of version 2 is not a multiple of USB's
 * 64-byte packet, so its last packet is short and ends the host's transfer at once.
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
#include <string.h>

#define BARPROTO_MAGIC       0x4252u /* bytes 'R' 'B' */
#define BARPROTO_VERSION     2u      /* what units send; frames and info of 1 are still read */
#define BARPROTO_VERSION_MIN 1u
#define BARPROTO_SAMPLES     4u /* samples a frame of BARPROTO_VERSION carries */
#define BARPROTO_V1_SAMPLES  20u
#define BARPROTO_HEADER_SIZE 24u
#define BARPROTO_SAMPLE_SIZE 12u
#define BARPROTO_CRC_SIZE    4u
#define BARPROTO_FRAME_SIZE                                                                        \
    (BARPROTO_HEADER_SIZE + BARPROTO_SAMPLES * BARPROTO_SAMPLE_SIZE + BARPROTO_CRC_SIZE)
#define BARPROTO_V1_FRAME_SIZE                                                                     \
    (BARPROTO_HEADER_SIZE + BARPROTO_V1_SAMPLES * BARPROTO_SAMPLE_SIZE + BARPROTO_CRC_SIZE)
#define BARPROTO_MAX_SAMPLES    BARPROTO_V1_SAMPLES
#define BARPROTO_FRAME_SIZE_MAX BARPROTO_V1_FRAME_SIZE

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
 *        0    1 protocol version (BARPROTO_VERSION; a kiosk reads 1 as well: same layout)
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
    struct barproto_sample samples[BARPROTO_MAX_SAMPLES];
};

enum barproto_status {
    BARPROTO_OK = 0,
    BARPROTO_BAD_MAGIC = -1,
    BARPROTO_BAD_VERSION = -2,
    BARPROTO_BAD_CRC = -3,
    BARPROTO_BAD_FIELD = -4, /* count 0 or too large, zero period, unknown range */
    BARPROTO_SHORT = -5,     /* fewer bytes than a frame of its version */
};

/* Samples a frame of this version carries, and its size on the wire; 0 for a version
 * this side cannot read. */
static inline unsigned barproto_frame_samples(uint8_t version)
{
    return version == 2 ? BARPROTO_SAMPLES : version == 1 ? BARPROTO_V1_SAMPLES : 0u;
}

static inline size_t barproto_frame_size(uint8_t version)
{
    unsigned n = barproto_frame_samples(version);
    return n ? BARPROTO_HEADER_SIZE + n * BARPROTO_SAMPLE_SIZE + BARPROTO_CRC_SIZE : 0u;
}

/* CRC-32 (IEEE), provided per platform: zlib on the host, the DMA sniffer on RP2040. */
uint32_t barproto_crc32(const uint8_t *data, size_t len);

/* Writes one frame of frame->version (BARPROTO_FRAME_SIZE bytes for this version, the
 * older layout for version 1, this version's for any other); returns the bytes written. */
size_t barproto_encode(const struct barproto_frame *frame, uint8_t *out);

/* Decodes the frame at the start of the len bytes at in (the bytes after it are not
 * read). */
enum barproto_status barproto_decode(const uint8_t *in, size_t len, struct barproto_frame *frame);

/* As barproto_decode, every check included, but leaves frame->samples alone: the kiosk's
 * link reads the samples straight from the bytes with barproto_sample_counts. */
enum barproto_status barproto_decode_header(const uint8_t *in, size_t len,
                                            struct barproto_frame *frame);

/* Sample i of a checked frame's bytes as counts: ax ay az gx gy gz. */
static inline void barproto_sample_counts(const uint8_t *in, unsigned i, int16_t counts[6])
{
    const uint8_t *p = in + BARPROTO_HEADER_SIZE + i * BARPROTO_SAMPLE_SIZE;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(counts, p, BARPROTO_SAMPLE_SIZE); /* the wire's order is this machine's */
#else
    for (unsigned a = 0; a < 6; a++, p += 2)
        counts[a] = (int16_t)(uint16_t)(p[0] | (p[1] << 8));
#endif
}

const char *barproto_status_str(enum barproto_status status);

#endif
