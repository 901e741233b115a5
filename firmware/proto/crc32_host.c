/* CRC-32 for the host build: zlib's crc32() is the IEEE 802.3 CRC the protocol names. */
#include "barproto.h"

#include <zlib.h>

uint32_t barproto_crc32(const uint8_t *data, size_t len)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    /* zlib takes a uInt length; frames are tiny, but stay correct for any len. */
    while (len > 0) {
        uInt chunk = len > 0x40000000u ? 0x40000000u : (uInt)len;
        crc = crc32(crc, data, chunk);
        data += chunk;
        len -= chunk;
    }
    return (uint32_t)crc;
}
