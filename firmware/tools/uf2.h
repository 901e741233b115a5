/*
 * UF2 images for the RP2040's USB boot mode, and the checks a UF2 must pass before a
 * gym copies it onto a bar unit. The format (Microsoft's UF2): 512-byte blocks, each
 * carrying 256 bytes of flash at a target address, magics at both ends, and the RP2040
 * family id so the bootrom refuses images meant for other chips.
 *
 * The RP2040 bootrom runs the first 256 bytes of flash (boot2) only when their last 4
 * bytes hold the CRC-32 of the first 252 (polynomial 0x04C11DB7, not reflected, initial
 * value 0xFFFFFFFF, no final XOR) -- a different CRC from the wire protocol's.
 */
#ifndef UF2_H
#define UF2_H

#include <stddef.h>
#include <stdint.h>

#define UF2_BLOCK_SIZE      512u
#define UF2_PAYLOAD_SIZE    256u
#define UF2_MAGIC_START0    0x0A324655u
#define UF2_MAGIC_START1    0x9E5D5157u
#define UF2_MAGIC_END       0x0AB16F30u
#define UF2_FLAG_FAMILY_ID  0x00002000u
#define UF2_FAMILY_RP2040   0xE48BFF56u
#define RP2040_FLASH_BASE   0x10000000u
#define RP2040_FLASH_MAX    (16u * 1024u * 1024u) /* the XIP window */
#define RP2040_SRAM_BASE    0x20000000u
#define RP2040_SRAM_END     0x20042000u /* 264 KB: banks 0-3 striped, then 4 and 5 */
#define RP2040_BOOT2_SIZE   256u
#define RP2040_BOOT2_CRC_AT 252u
#define RP2040_VECTORS_AT   0x100u /* boot2 jumps to the vector table just after itself */

#define UF2_ERR_MAX 160

/* CRC-32 as the RP2040 bootrom checks boot2: MSB first, init ~0, no final XOR. */
uint32_t uf2_boot2_crc(const uint8_t *data, size_t len);

/* Writes the CRC of boot2[0..251] into boot2[252..255] (little-endian). */
void uf2_boot2_seal(uint8_t boot2[RP2040_BOOT2_SIZE]);

/* Number of UF2 blocks for an image of len bytes. */
size_t uf2_block_count(size_t len);

/*
 * Writes image (placed at base) as UF2 blocks into out, which must hold
 * uf2_block_count(len) * UF2_BLOCK_SIZE bytes; the last payload is zero-padded.
 */
void uf2_write(const uint8_t *image, size_t len, uint32_t base, uint8_t *out);

/*
 * Checks a UF2 meant for a bar unit: block structure and magics, the RP2040 family,
 * 256-byte payloads at consecutive 256-byte aligned flash addresses starting at the
 * flash base, block numbering, boot2's CRC, and a sane vector table (initial stack
 * pointer inside SRAM, reset handler inside the image with the Thumb bit).
 * Returns 0, or -1 with the first problem in err (block number and what is wrong).
 */
int uf2_check(const uint8_t *uf2, size_t len, char err[UF2_ERR_MAX]);

#endif
