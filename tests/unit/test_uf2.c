/* The UF2 writer and checker (firmware/tools/uf2.c) on synthetic images. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../firmware/tools/uf2.h"

#define IMAGE_LEN 1000u /* four blocks, the last one partly padding */
#define SP_TOP    0x20042000u
#define RESET_AT  0x10000201u

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A plausible flash image: boot2 sealed, vector table after it, some code bytes. */
static void make_image(uint8_t image[IMAGE_LEN])
{
    for (unsigned i = 0; i < IMAGE_LEN; i++)
        image[i] = (uint8_t)(i * 7 + 3);
    uf2_boot2_seal(image);
    put32(image + RP2040_VECTORS_AT, SP_TOP);
    put32(image + RP2040_VECTORS_AT + 4, RESET_AT);
}

/* The bootrom's CRC: MSB-first CRC-32/MPEG-2 has the check value 0x0376E6E7. */
static void test_boot2_crc_is_mpeg2(void **state)
{
    (void)state;
    const uint8_t check[] = "123456789";
    assert_int_equal(uf2_boot2_crc(check, 9), 0x0376E6E7u);
    uint8_t boot2[RP2040_BOOT2_SIZE] = {0};
    boot2[0] = 0x4b;
    uf2_boot2_seal(boot2);
    assert_int_equal(get32(boot2 + 252), uf2_boot2_crc(boot2, 252));
    assert_int_not_equal(get32(boot2 + 252), 0);
}

static void test_writer_layout(void **state)
{
    (void)state;
    uint8_t image[IMAGE_LEN];
    make_image(image);
    size_t n = uf2_block_count(IMAGE_LEN);
    assert_int_equal(n, 4);
    assert_int_equal(uf2_block_count(256), 1);
    assert_int_equal(uf2_block_count(257), 2);
    static uint8_t uf2[4 * UF2_BLOCK_SIZE];
    uf2_write(image, IMAGE_LEN, RP2040_FLASH_BASE, uf2);
    for (size_t b = 0; b < n; b++) {
        const uint8_t *blk = uf2 + b * UF2_BLOCK_SIZE;
        assert_int_equal(get32(blk + 0), 0x0A324655u);
        assert_int_equal(get32(blk + 4), 0x9E5D5157u);
        assert_int_equal(get32(blk + 8), 0x2000u);
        assert_int_equal(get32(blk + 12), 0x10000000u + 256u * b);
        assert_int_equal(get32(blk + 16), 256);
        assert_int_equal(get32(blk + 20), b);
        assert_int_equal(get32(blk + 24), n);
        assert_int_equal(get32(blk + 28), 0xE48BFF56u);
        assert_int_equal(get32(blk + 508), 0x0AB16F30u);
        size_t take = b == n - 1 ? IMAGE_LEN - 256 * b : 256;
        assert_memory_equal(blk + 32, image + 256 * b, take);
        for (size_t i = 32 + take; i < 508; i++)
            assert_int_equal(blk[i], 0); /* padding and the unused tail */
    }
    char err[UF2_ERR_MAX] = "";
    assert_int_equal(uf2_check(uf2, n * UF2_BLOCK_SIZE, err), 0);
}

struct corruption {
    const char *what;
    size_t block, offset; /* where, within the UF2 file */
    uint32_t value;       /* written as a 32-bit little-endian word */
    const char *expect;   /* in the error message */
};

static const struct corruption corruptions[] = {
    {"start magic 0", 1, 0, 0x0A324656u, "block 1: bad start magic"},
    {"start magic 1", 2, 4, 0, "block 2: bad start magic"},
    {"end magic", 3, 508, 0x0AB16F31u, "block 3: bad end magic"},
    {"family flag cleared", 0, 8, 0, "family id flag"},
    {"other family", 1, 28, 0xADA52840u, "not the RP2040"},
    {"payload size", 2, 16, 476, "payload of 476 bytes"},
    {"block number", 2, 20, 1, "numbered 1 of 4"},
    {"block count", 0, 24, 5, "numbered 0 of 5"},
    {"address in SRAM", 3, 12, 0x20000000u, "address 0x20000000"},
    {"address misordered", 1, 12, 0x10000200u, "address 0x10000200"},
    {"boot2 byte changed", 0, 32 + 17, 0x12345678u, "boot2 CRC"},
    {"boot2 CRC changed", 0, 32 + 252, 0, "boot2 CRC"},
    {"stack pointer in flash", 1, 32, 0x10001000u, "stack pointer 0x10001000"},
    {"stack pointer past SRAM", 1, 32, 0x20042008u, "stack pointer"},
    {"stack pointer unaligned", 1, 32, 0x20041ffcu, "stack pointer"},
    {"reset handler ARM state", 1, 36, 0x10000200u, "Thumb bit"},
    {"reset handler past image", 1, 36, 0x10000401u, "outside the image"},
    {"reset handler in boot2", 1, 36, 0x10000081u, "outside the image"},
};

static void test_checker_finds_each_corruption(void **state)
{
    (void)state;
    uint8_t image[IMAGE_LEN];
    make_image(image);
    size_t n = uf2_block_count(IMAGE_LEN);
    static uint8_t good[4 * UF2_BLOCK_SIZE], bad[4 * UF2_BLOCK_SIZE];
    assert_int_equal(n, 4);
    uf2_write(image, IMAGE_LEN, RP2040_FLASH_BASE, good);
    for (size_t k = 0; k < sizeof corruptions / sizeof corruptions[0]; k++) {
        const struct corruption *c = &corruptions[k];
        memcpy(bad, good, n * UF2_BLOCK_SIZE);
        put32(bad + c->block * UF2_BLOCK_SIZE + c->offset, c->value);
        char err[UF2_ERR_MAX] = "";
        int rc = uf2_check(bad, n * UF2_BLOCK_SIZE, err);
        print_message("%s -> %s\n", c->what, err);
        assert_int_equal(rc, -1);
        assert_non_null(strstr(err, c->expect));
    }
    char err[UF2_ERR_MAX] = "";
    assert_int_equal(uf2_check(good, n * UF2_BLOCK_SIZE - 1, err), -1);
    assert_non_null(strstr(err, "512-byte blocks"));
    uf2_write(image, UF2_PAYLOAD_SIZE, RP2040_FLASH_BASE, bad); /* boot2 alone */
    assert_int_equal(uf2_check(bad, UF2_BLOCK_SIZE, err), -1);
    assert_non_null(strstr(err, "no room"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boot2_crc_is_mpeg2),
        cmocka_unit_test(test_writer_layout),
        cmocka_unit_test(test_checker_finds_each_corruption),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
