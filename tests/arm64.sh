#!/usr/bin/env bash
# Runs the unit tests cross-built for arm64 (make test-arm64) under qemu-aarch64, then
# builds the arm64 package and checks it installed into a scratch root (tests/e2e/deb.sh),
# runs the scripted demo with the packaged kiosk under qemu (screenshots kept), and ends with "N passed, N failed" as tests/run does. Tests that do not run under
# qemu-user are listed as not run, never counted as passed:
#   test_badge_evdev  re-executes itself under umockdev's LD_PRELOAD, which qemu-user
#                     cannot follow without binfmt_misc
#   test_plate_hx711  bit-bangs the HX711 against its model in real time: too slow
#                     emulated (did not finish in 10 minutes)
#   test_speaker      measures audio played in real time: did not finish in 10 minutes
#   test_store        stops in test_reopen_keeps_data_and_migrates_once under qemu-user
#                     (not yet understood; passes natively and under ASan)
set -u
build=${1:-build/arm64}
top_build=${2:-build}
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
export RACKSIDE_ASSETS=$PWD/assets
export RACKSIDE_TEST_OUT=$PWD/$build/test-out
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export QEMU_LD_PREFIX=/
mkdir -p "$RACKSIDE_TEST_OUT"
command -v qemu-aarch64 >/dev/null || { echo "qemu-aarch64 not found: make deps-arm64"; exit 1; }

not_under_qemu=" test_badge_evdev test_plate_hx711 test_speaker test_store "
passed=0
failed=0
skipped=()
failures=()
start=$(date +%s)
for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    if [[ $not_under_qemu == *" $name "* ]]; then
        skipped+=("$name")
        continue
    fi
    file -L "$t" | grep -q "ARM aarch64" || { echo "FAIL $name: not an arm64 binary"; failed=$((failed + 1)); continue; }
    log=$RACKSIDE_TEST_OUT/$name.log
    rc=0
    # the cross toolchain keeps the UBSan runtime apart from the multiarch libraries
    timeout -k 10 600 qemu-aarch64 -E LD_LIBRARY_PATH=/usr/aarch64-linux-gnu/lib "$t" >"$log" 2>&1 || rc=$?
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\..*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:.*/\1/p' "$log" | tail -n 1)
    p=${p:-0}
    f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -eq 0 ]; then
        echo "PASS $name ($p)"
    else
        failures+=("$name")
        echo "FAIL $name (log: $log)"
        tail -n 20 "$log" | sed 's/^/    /'
    fi
done
echo "arm64 unit tests under qemu-aarch64 in $(($(date +%s) - start)) s"
start=$(date +%s)
if DEB_ARCH=arm64 bash tests/e2e/deb.sh "$top_build" >"$RACKSIDE_TEST_OUT/deb.log" 2>&1; then
    echo "PASS arm64 package (built, lintian, installed into a scratch root) in $(($(date +%s) - start)) s"
    passed=$((passed + 1))
else
    echo "FAIL arm64 package (log: $RACKSIDE_TEST_OUT/deb.log)"
    tail -n 20 "$RACKSIDE_TEST_OUT/deb.log" | sed 's/^/    /'
    failed=$((failed + 1))
    failures+=("arm64-package")
fi
# The scripted demo, run by the packaged arm64 kiosk under qemu: it must pass (exit 0)
# and write a screenshot of every screen it passes, kept for people to look at.
start=$(date +%s)
deb=$(ls "$top_build"/deb/rackside_*_arm64.deb 2>/dev/null | head -1)
shots=$RACKSIDE_TEST_OUT/demo-shots
demo_log=$RACKSIDE_TEST_OUT/demo.log
rm -rf "$shots" "$RACKSIDE_TEST_OUT/demo-root" "$RACKSIDE_TEST_OUT/demo-data"
if [ -n "$deb" ] && dpkg-deb -x "$deb" "$RACKSIDE_TEST_OUT/demo-root" &&
    timeout -k 10 900 qemu-aarch64 "$RACKSIDE_TEST_OUT/demo-root/usr/bin/rackside" --demo \
        --screenshot-dir "$shots" --data-dir "$RACKSIDE_TEST_OUT/demo-data" >"$demo_log" 2>&1 &&
    [ "$(ls "$shots"/*.png 2>/dev/null | wc -l)" -ge 10 ]; then
    echo "PASS arm64 demo under qemu: $(ls "$shots"/*.png | wc -l) screenshots in $shots, $(($(date +%s) - start)) s"
    passed=$((passed + 1))
else
    echo "FAIL arm64 demo under qemu (log: $demo_log)"
    tail -n 20 "$demo_log" 2>/dev/null | sed 's/^/    /'
    failed=$((failed + 1))
    failures+=("arm64-demo")
fi
[ ${#skipped[@]} -eq 0 ] || echo "not run under qemu-user: ${skipped[*]}"
[ ${#failures[@]} -eq 0 ] || echo "failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
