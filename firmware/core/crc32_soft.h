/*
 * CRC-32 (IEEE 802.3, reflected, as zlib computes it) without zlib, for the bar unit:
 * a 16-entry table, one nibble at a time, so it costs 64 bytes of flash and no RAM.
 */
#ifndef CRC32_SOFT_H
#define CRC32_SOFT_H

#include <stddef.h>
#include <stdint.h>

uint32_t crc32_soft(const uint8_t *data, size_t len);

#endif
