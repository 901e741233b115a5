/*
 * The bar unit's USB identity: device and configuration descriptors (one vendor
 * interface with bulk IN 0x81, full speed) and its strings, the serial number made from
 * the flash's unique id. The kiosk's umockdev tests present these same bytes.
 */
#ifndef USB_DESC_H
#define USB_DESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define USB_EP0_SIZE        64u
#define USB_BULK_SIZE       64u
#define USB_VENDOR_IFACE    0u
#define USB_DESC_DEVICE     1u
#define USB_DESC_CONFIG     2u
#define USB_DESC_STRING     3u
#define USB_STRING_LANGS    0u
#define USB_STRING_MAKER    1u
#define USB_STRING_PRODUCT  2u
#define USB_STRING_SERIAL   3u
#define USB_UID_LEN         8u
#define USB_SERIAL_LEN      16u /* two hex digits per unique-id byte: fits BARPROTO_SERIAL_SIZE */
#define USB_STRING_DESC_MAX (2u + 2u * 32u)

/* A SETUP packet, decoded from its 8 little-endian bytes. */
struct usb_setup {
    uint8_t type; /* bmRequestType */
    uint8_t request;
    uint16_t value, index, length;
};

void usb_setup_decode(const uint8_t raw[8], struct usb_setup *out);

/* 64-bit unique id -> 16 upper-case hex digits and a NUL. */
void usb_serial_from_uid(const uint8_t uid[USB_UID_LEN], char serial[USB_SERIAL_LEN + 1]);

const uint8_t *usb_desc_device(size_t *len);
const uint8_t *usb_desc_config(size_t *len);

/* String descriptor index into out (UTF-16LE); returns its length, 0 for no such string. */
size_t usb_desc_string(uint8_t index, const char *serial, uint8_t out[USB_STRING_DESC_MAX]);

#endif
