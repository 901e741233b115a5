#!/usr/bin/env bash
# The bar unit's firmware as built: the UF2 passes every check the RP2040 bootrom needs
# (tests/unit/test_uf2.c shows the checker catches each fault), the UF2 carries exactly
# the ELF's loadable bytes, and the portable core's tests pass on an emulated Cortex-M0.
set -euo pipefail
build=${1:-build}
fw="$build/firmware"
for f in "$fw/barunit.uf2" "$fw/barunit.elf" "$fw/mkuf2"; do
    [ -f "$f" ] || { echo "missing $f: run make test (or make firmware)" >&2; exit 1; }
done

"$fw/mkuf2" check "$fw/barunit.uf2"

# the reset handler the UF2's vector table names is the ELF's entry point
entry=$(arm-none-eabi-readelf -h "$fw/barunit.elf" | awk '/Entry point/ {print $4}')
reset=$(od -An -tx4 -j $((512 + 32 + 4)) -N4 "$fw/barunit.uf2" | tr -d ' ')
if [ $((entry)) -ne $((0x$reset)) ]; then
    echo "UF2 reset vector 0x$reset is not the ELF entry $entry" >&2
    exit 1
fi

# the UF2's payloads, concatenated, are the flash image objcopy made from the ELF
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
arm-none-eabi-objcopy -O binary "$fw/barunit.elf" "$tmp/image.bin"
blocks=$(($(stat -c %s "$fw/barunit.uf2") / 512))
for ((b = 0; b < blocks; b++)); do
    dd if="$fw/barunit.uf2" bs=1 skip=$((b * 512 + 32)) count=256 status=none
done >"$tmp/payload.bin"
size=$(stat -c %s "$tmp/image.bin")
cmp -n "$size" "$tmp/image.bin" "$tmp/payload.bin"
echo "UF2 matches the ELF: $size bytes in $blocks blocks"

# the portable core's tests, built for the Cortex-M0 and run under QEMU with semihosting:
# QEMU's exit status is the verdict, and every case in the source must have run
for t in test_fw_imu test_fw_usb; do
    elf="$fw/qemu/$t.elf"
    [ -f "$elf" ] || { echo "missing $elf: run make test" >&2; exit 1; }
    rc=0
    out=$(timeout 300 qemu-system-arm -M microbit -nographic -monitor none -serial null \
        -semihosting-config enable=on,target=native -kernel "$elf" 2>&1) || rc=$?
    echo "$out"
    cases=$(grep -c 'cmocka_unit_test(' "tests/unit/$t.c")
    if [ "$rc" -ne 0 ] || ! grep -qx "cortex-m0: $cases passed, 0 failed" <<<"$out"; then
        echo "$t on the emulated Cortex-M0: exit $rc, expected $cases cases to pass" >&2
        exit 1
    fi
done
