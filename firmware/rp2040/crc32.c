/* The wire protocol's CRC on the bar unit (the host build uses zlib's). */
#include "../core/crc32_soft.h"
#include "../proto/barproto.h"

uint32_t barproto_crc32(const uint8_t *data, size_t len)
{
    return crc32_soft(data, len);
}
