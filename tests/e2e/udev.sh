#!/usr/bin/env bash
# The udev rules (systemd/udev/70-rackside.rules) applied by the real udev rule engine
# (`udevadm test`) to devices described for umockdev: the bar unit (by the USB id
# firmware/proto/barproto.h gives it) and the GPIO chips become the kiosk's groups'; the
# badge reader gets its stable link and stops counting as a keyboard (so nothing but the
# kiosk opens it); another USB device and an ordinary keyboard are left alone.
# udevadm writes its database and links: it runs in a private mount namespace with
# fresh /run and /dev, so this machine's own are never touched.
set -euo pipefail
rules=systemd/udev/70-rackside.rules
data=tests/data/udev
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

command -v udevadm >/dev/null || fail "udevadm not found: make deps-test installs udev"
command -v umockdev-run >/dev/null || fail "umockdev-run not found: make deps-test installs umockdev"

# The bar unit's rule names the USB id the firmware answers with.
vid=$(sed -n 's/^#define BARPROTO_USB_VID *0x\([0-9a-fA-F]*\)u.*/\1/p' firmware/proto/barproto.h)
pid=$(sed -n 's/^#define BARPROTO_USB_PID *0x\([0-9a-fA-F]*\)u.*/\1/p' firmware/proto/barproto.h)
[ -n "$vid" ] && [ -n "$pid" ] || fail "no BARPROTO_USB_VID/PID in firmware/proto/barproto.h"
grep -q "ATTR{idVendor}==\"$vid\", ATTR{idProduct}==\"$pid\"" "$rules" ||
    fail "$rules does not match the bar unit's USB id $vid:$pid"
# Every group the rules hand devices to is one the kiosk's user is put in.
for g in $(grep -o 'GROUP="[^"]*"' "$rules" | cut -d'"' -f2 | sort -u); do
    grep -q "^m rackside $g\$" systemd/sysusers.d/rackside.conf || fail "$rules uses group $g, which rackside is not in"
done

# udevadm test DESCRIPTION SYSPATH: the rule engine's account of one device
udev_test() {
    unshare --mount sh -c '
        set -e
        mount --make-rprivate /
        mount --rbind /dev "$1/olddev"
        mount -t tmpfs tmpfs /dev
        for n in null zero urandom; do touch /dev/$n; mount --bind "$1/olddev/$n" /dev/$n; done
        mkdir /dev/pts
        mount -t devpts -o newinstance,ptmxmode=0666 devpts /dev/pts
        ln -s pts/ptmx /dev/ptmx
        mount -t tmpfs tmpfs /run
        mkdir -p /run/udev/rules.d
        cp "$2" /run/udev/rules.d/70-rackside.rules
        exec umockdev-run -d "$3" -- udevadm test --action=add "/sys$4"
    ' sh "$work" "$PWD/$rules" "$PWD/$1" "$2" 2>&1
}
mkdir -p "$work/olddev"
# a line of ours that did something to the device (not merely read)
applied_lines() { grep "70-rackside.rules:[0-9]* \(MODE\|GROUP\|OWNER\|LINK\|RUN\|TAG\)" || true; }
applied() { [ -n "$(applied_lines)" ]; }
line_of() { grep -n "$1" "$rules" | grep -v '^[0-9]*:#' | head -1 | cut -d: -f1; }
bar_line=$(line_of 'ATTR{idVendor}')
badge_line=$(line_of 'SYMLINK+="input/rackside-badge"')
gpio_line=$(line_of 'KERNEL=="gpiochip\*"')
[ -n "$bar_line" ] && [ -n "$badge_line" ] && [ -n "$gpio_line" ] || fail "a rule is missing from $rules"

out=$(udev_test $data/bar-unit.umockdev /devices/platform/soc/fe980000.usb/usb1/1-1/1-1.3)
grep -q "70-rackside.rules:$bar_line MODE 0660" <<<"$out" || fail "the bar unit is not given mode 0660: $out"
grep -q "70-rackside.rules:$bar_line GROUP\|Unknown group 'plugdev'" <<<"$out" || fail "the bar unit is not given group plugdev"
out=$(udev_test $data/other-usb.umockdev /devices/platform/soc/fe980000.usb/usb1/1-1/1-1.4)
if applied <<<"$out"; then fail "a USB device with another id matched: $(applied_lines <<<"$out")"; fi

out=$(udev_test $data/gpiochip.umockdev /devices/platform/soc/fe200000.gpio/gpiochip0)
grep -q "70-rackside.rules:$gpio_line MODE 0660" <<<"$out" || fail "the GPIO chip is not given mode 0660: $out"

badge_sys=/devices/platform/soc/fe980000.usb/usb1/1-1/1-1.2/1-1.2:1.0/0003:FFFF:0035.0002/input/input5/event5
out=$(udev_test tests/data/badge_evdev/reader.umockdev $badge_sys)
grep -q "70-rackside.rules:$badge_line LINK 'input/rackside-badge'" <<<"$out" ||
    fail "the badge reader gets no /dev/input/rackside-badge link: $out"
grep -q "70-rackside.rules:$badge_line MODE 0660" <<<"$out" || fail "the badge reader is not given mode 0660"
props=$(sed -n '/^DEVPATH=/,$p' <<<"$out")
grep -q "^DEVLINKS=.*/dev/input/rackside-badge" <<<"$props" || fail "the reader's links lack rackside-badge: $props"
if grep -q "^ID_INPUT_KEYBOARD=\|^ID_INPUT_KEY=" <<<"$props"; then
    fail "the badge reader still counts as a keyboard: $props"
fi
out=$(udev_test $data/keyboard.umockdev $badge_sys)
if applied <<<"$out"; then fail "an ordinary keyboard matched: $(applied_lines <<<"$out")"; fi
grep -q "^ID_INPUT_KEYBOARD=1" <<<"$(sed -n '/^DEVPATH=/,$p' <<<"$out")" ||
    fail "an ordinary keyboard lost ID_INPUT_KEYBOARD"
echo "udev rules ok"
