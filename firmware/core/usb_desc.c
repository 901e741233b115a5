#include "usb_desc.h"

#include <string.h>

#include "../proto/barproto.h"

#define USB_LANG_EN_US   0x0409u
#define BCD_USB_2_0      0x0200u
#define BCD_DEVICE       0x0100u
#define CONFIG_VALUE     1u
#define ATTR_BUS_POWERED 0x80u
#define MAX_POWER_2MA    50u /* 100 mA: an RP2040 and an IMU draw far less */
#define CLASS_VENDOR     0xffu
#define EP_BULK          0x02u
#define CONFIG_TOTAL     (9u + 9u + 7u)

#define LO(v) (uint8_t)((v)&0xffu)
#define HI(v) (uint8_t)((v) >> 8)

static const uint8_t device_desc[18] = {
    18,
    USB_DESC_DEVICE,
    LO(BCD_USB_2_0),
    HI(BCD_USB_2_0),
    0x00,
    0x00,
    0x00, /* class per interface */
    USB_EP0_SIZE,
    LO(BARPROTO_USB_VID),
    HI(BARPROTO_USB_VID),
    LO(BARPROTO_USB_PID),
    HI(BARPROTO_USB_PID),
    LO(BCD_DEVICE),
    HI(BCD_DEVICE),
    USB_STRING_MAKER,
    USB_STRING_PRODUCT,
    USB_STRING_SERIAL,
    1, /* one configuration */
};

static const uint8_t config_desc[CONFIG_TOTAL] = {
    /* configuration: one interface, bus powered */
    9, USB_DESC_CONFIG, LO(CONFIG_TOTAL), HI(CONFIG_TOTAL), 1, CONFIG_VALUE, 0, ATTR_BUS_POWERED,
    MAX_POWER_2MA,
    /* interface 0: vendor specific, one endpoint */
    9, 4, USB_VENDOR_IFACE, 0, 1, CLASS_VENDOR, 0x00, 0x00, 0,
    /* endpoint 0x81: bulk IN, 64-byte packets */
    7, 5, BARPROTO_USB_EP_IN, EP_BULK, LO(USB_BULK_SIZE), HI(USB_BULK_SIZE), 0};

static const char *const strings[] = {
    [USB_STRING_MAKER] = "rackside",
    [USB_STRING_PRODUCT] = "rackside bar unit",
};

void usb_setup_decode(const uint8_t raw[8], struct usb_setup *out)
{
    out->type = raw[0];
    out->request = raw[1];
    out->value = (uint16_t)(raw[2] | raw[3] << 8);
    out->index = (uint16_t)(raw[4] | raw[5] << 8);
    out->length = (uint16_t)(raw[6] | raw[7] << 8);
}

void usb_serial_from_uid(const uint8_t uid[USB_UID_LEN], char serial[USB_SERIAL_LEN + 1])
{
    static const char hex[] = "0123456789ABCDEF";
    for (unsigned i = 0; i < USB_UID_LEN; i++) {
        serial[2 * i] = hex[uid[i] >> 4];
        serial[2 * i + 1] = hex[uid[i] & 0xfu];
    }
    serial[USB_SERIAL_LEN] = '\0';
}

const uint8_t *usb_desc_device(size_t *len)
{
    *len = sizeof device_desc;
    return device_desc;
}

const uint8_t *usb_desc_config(size_t *len)
{
    *len = sizeof config_desc;
    return config_desc;
}

size_t usb_desc_string(uint8_t index, const char *serial, uint8_t out[USB_STRING_DESC_MAX])
{
    if (index == USB_STRING_LANGS) {
        const uint8_t langs[4] = {4, USB_DESC_STRING, LO(USB_LANG_EN_US), HI(USB_LANG_EN_US)};
        memcpy(out, langs, sizeof langs);
        return sizeof langs;
    }
    const char *s = index == USB_STRING_SERIAL                   ? serial
                    : index < sizeof strings / sizeof strings[0] ? strings[index]
                                                                 : NULL;
    if (!s)
        return 0;
    size_t n = strnlen(s, (USB_STRING_DESC_MAX - 2u) / 2u);
    out[0] = (uint8_t)(2u + 2u * n);
    out[1] = USB_DESC_STRING;
    for (size_t i = 0; i < n; i++) {
        out[2 + 2 * i] = (uint8_t)s[i]; /* ASCII is its own UTF-16 low byte */
        out[3 + 2 * i] = 0;
    }
    return 2u + 2u * n;
}
