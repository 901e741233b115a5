#!/usr/bin/env python3
"""Writes the umockdev ioctl answers and evemu event files for test_badge_evdev.

The reader is a 125 kHz keyboard-wedge RFID reader as the kernel shows it: a USB HID
keyboard (EV_KEY, EV_MSC, EV_LED, EV_REP) that types the badge UID and Enter. The mouse
is a device that has keys (buttons) but no digits, so the port must refuse it.

Each ioctl answer is "NAME result hexdata", the data exactly as long as libevdev asks
for (umockdev matches on the request size). Event lines are evemu's
"E: sec.usec type code value" (type and code in hex). Run from this directory.
"""

EV_SYN, EV_KEY, EV_REL, EV_ABS, EV_MSC, EV_SW, EV_LED, EV_SND, EV_REP, EV_FF = (
    0, 1, 2, 3, 4, 5, 0x11, 0x12, 0x14, 0x15)
SYN_REPORT, SYN_DROPPED = 0, 3
MSC_SCAN = 4
KEY_LEFTSHIFT, KEY_ENTER, KEY_MINUS = 42, 28, 12
BTN_LEFT, BTN_RIGHT, BTN_MIDDLE = 0x110, 0x111, 0x112
REL_X, REL_Y, REL_WHEEL = 0, 1, 8
NAME_LEN = 255   # libevdev asks for names with a 256-byte buffer less the NUL
KEY_BYTES = 96   # KEY_MAX / 8 + 1, in longs
LONG_BYTES = 8
FF_BYTES = 16

DIGITS = {'1': 2, '2': 3, '3': 4, '4': 5, '5': 6, '6': 7, '7': 8, '8': 9, '9': 10, '0': 11}
LETTERS = {'A': 30, 'B': 48, 'C': 46, 'D': 32, 'E': 18, 'F': 33}
KEY_GAP_S = 0.003  # a wedge reader types a key every few ms
# longer than test_badge_evdev's QUIET_REAL_S, so the test sees the replay pause
DROPPED_PAUSE_S = 4.0


def bits(nbytes, on):
    b = bytearray(nbytes)
    for n in on:
        b[n // 8] |= 1 << (n % 8)
    return b.hex().upper()


def ioctls(name, ev_types, keys, rel, msc, leds, bus_vendor_product_version):
    text = name.encode() + b"\0"
    lines = [
        "EVIOCGVERSION 0 01000100",
        "EVIOCGID 0 " + bus_vendor_product_version,
        "EVIOCGNAME(0) %d %s" % (len(text), text.ljust(NAME_LEN, b"\0").hex().upper()),
        "EVIOCGPROP(0) 0 " + bits(LONG_BYTES, []),
        "EVIOCGBIT(0) 8 " + bits(LONG_BYTES, ev_types),
        "EVIOCGBIT(%d) 8 %s" % (EV_REL, bits(LONG_BYTES, rel)),
        "EVIOCGBIT(%d) 8 %s" % (EV_ABS, bits(LONG_BYTES, [])),
        "EVIOCGBIT(%d) 96 %s" % (EV_KEY, bits(KEY_BYTES, keys)),
        "EVIOCGBIT(%d) 8 %s" % (EV_MSC, bits(LONG_BYTES, msc)),
        "EVIOCGBIT(%d) 8 %s" % (EV_SW, bits(LONG_BYTES, [])),
        "EVIOCGBIT(%d) 8 %s" % (EV_LED, bits(LONG_BYTES, leds)),
        "EVIOCGBIT(%d) 8 %s" % (EV_SND, bits(LONG_BYTES, [])),
        "EVIOCGBIT(%d) 16 %s" % (EV_FF, bits(FF_BYTES, [])),
        # key, LED and switch state: nothing held, used again on every resync
        "EVIOCGKEY(0) 96 " + bits(KEY_BYTES, []),
        "EVIOCGLED(0) 8 " + bits(LONG_BYTES, []),
        "EVIOCGSW(0) 8 " + bits(LONG_BYTES, []),
    ]
    if EV_REP in ev_types:
        lines.append("EVIOCGREP 0 FA00000021000000")  # 250 ms delay, 33 ms period
    return "\n".join(lines) + "\n"


class Events:
    def __init__(self, comment):
        self.lines = ["# EVEMU 1.3", "# " + comment]
        self.t = 0.0

    def ev(self, type_, code, value):
        self.lines.append("E: %.6f %04x %04x %d" % (self.t, type_, code, value))

    def key(self, code, value):
        self.ev(EV_KEY, code, value)
        self.ev(EV_SYN, SYN_REPORT, 0)

    def tap(self, code, shift=False):
        if shift:
            self.key(KEY_LEFTSHIFT, 1)
        self.key(code, 1)
        self.key(code, 0)
        if shift:
            self.key(KEY_LEFTSHIFT, 0)
        self.t += KEY_GAP_S

    def type(self, text):
        for c in text:
            if c in DIGITS:
                self.tap(DIGITS[c])
            else:
                self.tap(LETTERS[c], shift=True)  # readers type hex letters shifted

    def dropped(self):
        self.ev(EV_SYN, SYN_DROPPED, 0)

    def write(self, path):
        with open(path, "w") as f:
            f.write("\n".join(self.lines) + "\n")


def main():
    reader_keys = list(range(1, 84)) + [96]  # KEY_ESC..KEY_KPDOT, KEY_KPENTER
    with open("reader.ioctl", "w") as f:
        f.write(ioctls("RFID Reader 125kHz", [EV_SYN, EV_KEY, EV_MSC, EV_LED, EV_REP],
                       reader_keys, [], [MSC_SCAN], [0, 1, 2], "0300FFFF35001001"))
    with open("mouse.ioctl", "w") as f:
        f.write(ioctls("USB Optical Mouse", [EV_SYN, EV_KEY, EV_REL, EV_MSC],
                       [BTN_LEFT, BTN_RIGHT, BTN_MIDDLE], [REL_X, REL_Y, REL_WHEEL],
                       [MSC_SCAN], [], "0300FFFF36001001"))

    e = Events("badge 04A2B9C1 and Enter")
    e.type("04A2B9C1")
    e.tap(KEY_ENTER)
    e.write("badge.events")

    e = Events("garbage: 04, then Shift+1 ('!', never in a UID), then Enter")
    e.type("04")
    e.tap(DIGITS["1"], shift=True)
    e.tap(KEY_ENTER)
    e.write("garbage.events")

    e = Events("04A2, the kernel drops events (SYN_DROPPED), B9C1 and Enter; "
               "a pause, then a clean 04A2B9C1")
    e.type("04A2")
    e.dropped()
    e.type("B9C1")
    e.tap(KEY_ENTER)
    e.t += DROPPED_PAUSE_S
    e.type("04A2B9C1")
    e.tap(KEY_ENTER)
    e.write("dropped.events")

    e = Events("after the reader was plugged back in: badge 7731DEAD and Enter")
    e.type("7731DEAD")
    e.tap(KEY_ENTER)
    e.write("replug.events")


if __name__ == "__main__":
    main()
