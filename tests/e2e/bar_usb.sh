#!/usr/bin/env bash
# The USB bar unit port and rackside-ctl bar-info against the real libusb, the unit
# emulated by umockdev: builds tests/tools/bar_usb_check.c with the ASan objects and runs
# it under umockdev-wrapper.
set -euo pipefail
build=${1:-build}
out="$build/asan/tools"
mkdir -p "$out"
lib="$build/asan/librackside.a"
[ -f "$lib" ] || make --no-print-directory "$lib"

cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
    -Wno-missing-field-initializers -O1 -g -fno-omit-frame-pointer \
    -fsanitize=address,undefined -fno-sanitize-recover=undefined \
    $(pkg-config --cflags umockdev-1.0 libusb-1.0) \
    tests/tools/bar_usb_check.c app/ctl/bar_info.c "$lib" \
    $(pkg-config --libs umockdev-1.0 libusb-1.0 zlib libdeflate) -lcmocka -lpthread -lm \
    -o "$out/bar_usb_check"

# The preload library comes before the ASan runtime; GLib's type system keeps its
# allocations for the life of the process.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export LSAN_OPTIONS="suppressions=$PWD/tests/data/bar_usb/lsan.supp:print_suppressions=0"
exec umockdev-wrapper "$out/bar_usb_check"
