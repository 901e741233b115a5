/*
 * The IMU trace file: CSV with the header "t_us,ax,ay,az,gx,gy,gz", one sample a line:
 * microseconds on the bar unit's clock, acceleration in m/s^2 and angular rate in rad/s,
 * in the sensor's own frame. rackside-ctl analyze-imu reads it and export-imu writes it.
 *
 * The reader is fed bytes in any chunking (no I/O here, so the fuzzer and the tests
 * drive it from memory) and converts each line at the edge into a struct imu_sample
 * (g and degrees per second), so the rep detector sees what the kiosk would. It stops
 * at the first bad line with a one-line reason and that line's number.
 *
 * Hand-written on strtod rather than libcsv: the format is seven plain numbers, so
 * quoting (libcsv's strength) is never valid input here, while exact line numbers and
 * per-column messages are what a user needs; every field is checked against a number's
 * characters first, so strtod never sees "nan", "inf", hex or a locale's decimal comma.
 */
#ifndef IMU_CSV_H
#define IMU_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rep.h"

#define IMU_CSV_HEADER   "t_us,ax,ay,az,gx,gy,gz"
#define IMU_CSV_COLUMNS  7
#define IMU_CSV_LINE_MAX 512 /* seven numbers fit many times over; longer is not this format */
#define IMU_CSV_ERR_MAX  200
#define IMU_CSV_G_MPS2   9.80665
/* Beyond these a value is not a bar's motion: most likely the wrong unit (g, deg/s). */
#define IMU_CSV_ACCEL_MAX_MPS2 (64.0 * IMU_CSV_G_MPS2) /* 64 g */
#define IMU_CSV_GYRO_MAX_RADPS 70.0                    /* about 4000 deg/s */
#define IMU_CSV_T_MAX_US       (INT64_C(1) << 53)      /* exact in a double */

typedef void (*imu_csv_sample_fn)(void *ctx, const struct imu_sample *s);

struct imu_csv {
    long line; /* lines started so far: the number of the line being read */
    bool header_seen;
    long samples;
    int64_t last_t_us;
    long blank_line; /* an empty line not yet followed by data (only allowed at the end) */
    char buf[IMU_CSV_LINE_MAX + 1];
    size_t len;
    bool failed;
    long err_line;
    char err[IMU_CSV_ERR_MAX]; /* what is wrong and what to do, without the file's name */
};

void imu_csv_init(struct imu_csv *c);
/* Feeds bytes; calls fn for every good sample. 0 ok, -1 at the first error (see err). */
int imu_csv_feed(struct imu_csv *c, const char *data, size_t len, imu_csv_sample_fn fn, void *ctx);
/* End of input: reads a last line without a newline; an empty file or no samples is an error. */
int imu_csv_finish(struct imu_csv *c, imu_csv_sample_fn fn, void *ctx);

/* One line of the format for s, newline included; returns its length, -1 if n is too small. */
int imu_csv_format(const struct imu_sample *s, char *out, size_t n);

#endif
