/* UF2 writer and checker; see uf2.h. Host code: the tools and their tests use it. */
#include "uf2.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define BOOT2_CRC_POLY 0x04C11DB7u
#define OFF_MAGIC0     0u
#define OFF_MAGIC1     4u
#define OFF_FLAGS      8u
#define OFF_ADDR       12u
#define OFF_SIZE       16u
#define OFF_BLOCK_NO   20u
#define OFF_NUM_BLOCKS 24u
#define OFF_FAMILY     28u
#define OFF_DATA       32u
#define OFF_MAGIC_END  (UF2_BLOCK_SIZE - 4u)
#define THUMB_BIT      1u

static void put_le32(uint8_t *p, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint32_t uf2_boot2_crc(const uint8_t *data, size_t len)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < len; i++) {
        crc ^= (uint32_t)data[i] << 24;
        for (int b = 0; b < 8; b++)
            crc = crc & 0x80000000u ? (crc << 1) ^ BOOT2_CRC_POLY : crc << 1;
    }
    return crc;
}

void uf2_boot2_seal(uint8_t boot2[RP2040_BOOT2_SIZE])
{
    put_le32(boot2 + RP2040_BOOT2_CRC_AT, uf2_boot2_crc(boot2, RP2040_BOOT2_CRC_AT));
}

size_t uf2_block_count(size_t len)
{
    return (len + UF2_PAYLOAD_SIZE - 1) / UF2_PAYLOAD_SIZE;
}

void uf2_write(const uint8_t *image, size_t len, uint32_t base, uint8_t *out)
{
    size_t n = uf2_block_count(len);
    for (size_t b = 0; b < n; b++) {
        uint8_t *blk = out + b * UF2_BLOCK_SIZE;
        memset(blk, 0, UF2_BLOCK_SIZE);
        put_le32(blk + OFF_MAGIC0, UF2_MAGIC_START0);
        put_le32(blk + OFF_MAGIC1, UF2_MAGIC_START1);
        put_le32(blk + OFF_FLAGS, UF2_FLAG_FAMILY_ID);
        put_le32(blk + OFF_ADDR, base + (uint32_t)(b * UF2_PAYLOAD_SIZE));
        put_le32(blk + OFF_SIZE, UF2_PAYLOAD_SIZE);
        put_le32(blk + OFF_BLOCK_NO, (uint32_t)b);
        put_le32(blk + OFF_NUM_BLOCKS, (uint32_t)n);
        put_le32(blk + OFF_FAMILY, UF2_FAMILY_RP2040);
        size_t off = b * UF2_PAYLOAD_SIZE;
        size_t take = len - off < UF2_PAYLOAD_SIZE ? len - off : UF2_PAYLOAD_SIZE;
        memcpy(blk + OFF_DATA, image + off, take);
        put_le32(blk + OFF_MAGIC_END, UF2_MAGIC_END);
    }
}

static int fail(char err[UF2_ERR_MAX], const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, UF2_ERR_MAX, fmt, ap);
    va_end(ap);
    return -1;
}

/* One block's header and trailer, against its position in the file. */
static int check_block(const uint8_t *blk, size_t b, size_t n, char err[UF2_ERR_MAX])
{
    if (get_le32(blk + OFF_MAGIC0) != UF2_MAGIC_START0 ||
        get_le32(blk + OFF_MAGIC1) != UF2_MAGIC_START1)
        return fail(err, "block %zu: bad start magic", b);
    if (get_le32(blk + OFF_MAGIC_END) != UF2_MAGIC_END)
        return fail(err, "block %zu: bad end magic", b);
    if (!(get_le32(blk + OFF_FLAGS) & UF2_FLAG_FAMILY_ID))
        return fail(err, "block %zu: family id flag 0x2000 not set", b);
    if (get_le32(blk + OFF_FAMILY) != UF2_FAMILY_RP2040)
        return fail(err, "block %zu: family 0x%08x is not the RP2040's", b,
                    (unsigned)get_le32(blk + OFF_FAMILY));
    if (get_le32(blk + OFF_SIZE) != UF2_PAYLOAD_SIZE)
        return fail(err, "block %zu: payload of %u bytes, not 256", b,
                    (unsigned)get_le32(blk + OFF_SIZE));
    if (get_le32(blk + OFF_BLOCK_NO) != b || get_le32(blk + OFF_NUM_BLOCKS) != n)
        return fail(err, "block %zu: numbered %u of %u, expected %zu of %zu", b,
                    (unsigned)get_le32(blk + OFF_BLOCK_NO),
                    (unsigned)get_le32(blk + OFF_NUM_BLOCKS), b, n);
    uint32_t addr = get_le32(blk + OFF_ADDR);
    if (addr != RP2040_FLASH_BASE + b * UF2_PAYLOAD_SIZE ||
        b * UF2_PAYLOAD_SIZE >= RP2040_FLASH_MAX)
        return fail(err, "block %zu: address 0x%08x is not the next 256 bytes of flash", b,
                    (unsigned)addr);
    return 0;
}

/* boot2's CRC and the vector table right after it, from the first two blocks. */
static int check_boot(const uint8_t *uf2, size_t n, char err[UF2_ERR_MAX])
{
    if (n < 2)
        return fail(err, "image of %zu block(s): no room for boot2 and a vector table", n);
    const uint8_t *boot2 = uf2 + OFF_DATA;
    uint32_t want = uf2_boot2_crc(boot2, RP2040_BOOT2_CRC_AT);
    uint32_t have = get_le32(boot2 + RP2040_BOOT2_CRC_AT);
    if (want != have)
        return fail(err, "boot2 CRC is 0x%08x, its first 252 bytes give 0x%08x", (unsigned)have,
                    (unsigned)want);
    const uint8_t *vt = uf2 + UF2_BLOCK_SIZE + OFF_DATA;
    uint32_t sp = get_le32(vt);
    uint32_t reset = get_le32(vt + 4);
    uint32_t image_end = RP2040_FLASH_BASE + (uint32_t)(n * UF2_PAYLOAD_SIZE);
    if (sp <= RP2040_SRAM_BASE || sp > RP2040_SRAM_END || sp % 8 != 0)
        return fail(err, "initial stack pointer 0x%08x is not an 8-byte aligned SRAM top",
                    (unsigned)sp);
    if (!(reset & THUMB_BIT))
        return fail(err, "reset handler 0x%08x lacks the Thumb bit", (unsigned)reset);
    uint32_t entry = reset & ~THUMB_BIT;
    if (entry < RP2040_FLASH_BASE + RP2040_VECTORS_AT || entry >= image_end)
        return fail(err, "reset handler 0x%08x is outside the image", (unsigned)reset);
    return 0;
}

int uf2_check(const uint8_t *uf2, size_t len, char err[UF2_ERR_MAX])
{
    if (len == 0 || len % UF2_BLOCK_SIZE != 0)
        return fail(err, "size %zu is not a whole number of 512-byte blocks", len);
    size_t n = len / UF2_BLOCK_SIZE;
    for (size_t b = 0; b < n; b++)
        if (check_block(uf2 + b * UF2_BLOCK_SIZE, b, n, err) != 0)
            return -1;
    return check_boot(uf2, n, err);
}
