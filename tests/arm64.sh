#!/usr/bin/env bash
# Runs the unit tests cross-built for arm64 (make test-arm64) under qemu-aarch64, two at a
# time, then builds the arm64 package and checks it installed into a scratch root
# (tests/e2e/deb.sh) and with apt into a fresh Debian root (tests/e2e/deb_root.sh), runs
# the scripted demo with the packaged kiosk under qemu (screenshots kept), and ends with
# "N passed, N failed" as tests/run does.
# test_badge_evdev runs with the arm64 umockdev preload library (unpacked by make
# test-arm64) given to the program by qemu's -E: the test then sees itself preloaded and
# does not re-execute itself, which qemu-user could not follow without binfmt_misc.
set -u
build=${1:-build/arm64}
top_build=${2:-build}
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
export RACKSIDE_ASSETS=$PWD/assets
export RACKSIDE_TEST_OUT=$PWD/$build/test-out
export QEMU_LD_PREFIX=/
mkdir -p "$RACKSIDE_TEST_OUT"
command -v qemu-aarch64 >/dev/null || { echo "qemu-aarch64 not found: make deps-arm64"; exit 1; }
preload=$build/umockdev/usr/lib/aarch64-linux-gnu/libumockdev-preload.so.0
jobs=${ARM64_TEST_JOBS:-2}

passed=0
failed=0
failures=()
start=$(date +%s)

# A test entry is a test binary's path, or "PATH@K/N" for shard K of N of it (see
# tests/unit/test_rep_accuracy.c); its name is the binary's, or NAME.shardK.
entry_name() {
    local e=$1 shard=${1##*@}
    if [[ $e == *@* ]]; then
        echo "$(basename "${e%@*}").shard${shard%/*}"
    else
        basename "$e"
    fi
}

# One test entry under qemu; its summary goes to $RACKSIDE_TEST_OUT/NAME.result.
run_one() {
    local t=$1 name log qemu_env=() shard=
    name=$(entry_name "$t")
    if [[ $t == *@* ]]; then
        shard=${t##*@}
        t=${t%@*}
    fi
    log=$RACKSIDE_TEST_OUT/$name.log
    if ! file -L "$t" | grep -q "ARM aarch64"; then
        echo "FAIL $name: not an arm64 binary" >"$log"
        echo "0 1" >"$RACKSIDE_TEST_OUT/$name.result"
        return
    fi
    if [ "$name" = test_badge_evdev ]; then
        [ -f "$preload" ] || { echo "FAIL $name: $preload missing (make test-arm64 unpacks it)" >"$log"; echo "0 1" >"$RACKSIDE_TEST_OUT/$name.result"; return; }
        qemu_env=(-E "LD_PRELOAD=$PWD/$preload")
    fi
    local rc=0 t0
    t0=$(date +%s)
    # a guard against a hang only: emulated floating point is slow, and slower still on a
    # busy machine (test_bar_model takes about a minute of CPU under qemu)
    RACKSIDE_TEST_SHARD=$shard timeout -k 10 1800 qemu-aarch64 "${qemu_env[@]}" "$t" >"$log" 2>&1 ||
        rc=$?
    local p f
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\..*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:.*/\1/p' "$log" | tail -n 1)
    p=${p:-0}
    f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    echo "$p $f" >"$RACKSIDE_TEST_OUT/$name.result"
    echo "$(($(date +%s) - t0))" >"$RACKSIDE_TEST_OUT/$name.seconds"
}

# the longest first (as they took last time), so that no long one runs alone at the end;
# on a fresh tree, the long ones by about how long they take here (seconds)
took() {
    local f="$RACKSIDE_TEST_OUT/$1.seconds"
    if [ -f "$f" ]; then
        cat "$f"
        return
    fi
    case $1 in
    test_rep_accuracy.shard*) echo 560 ;;
    test_ui) echo 350 ;;
    test_bar_model) echo 90 ;;
    test_store) echo 60 ;;
    *) echo 0 ;;
    esac
}
tests=()
while read -r _ t; do
    tests+=("$t")
done < <(for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    entries=("$t")
    # the accuracy suite alone takes most of the run under qemu: two shards side by side
    [ "$(basename "$t")" = test_rep_accuracy ] && entries=("$t@0/2" "$t@1/2")
    for e in "${entries[@]}"; do
        echo "$(took "$(entry_name "$e")") $e"
    done
done | sort -k1,1nr -k2,2)
rm -f "$RACKSIDE_TEST_OUT"/*.result
for t in "${tests[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    run_one "$t" &
done
wait
for t in "${tests[@]}"; do
    name=$(entry_name "$t")
    read -r p f <"$RACKSIDE_TEST_OUT/$name.result" || { p=0; f=1; }
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -eq 0 ]; then
        echo "PASS $name ($p)"
    else
        failures+=("$name")
        echo "FAIL $name (log: $RACKSIDE_TEST_OUT/$name.log)"
        tail -n 20 "$RACKSIDE_TEST_OUT/$name.log" | sed 's/^/    /'
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
# the arm64 package installed with apt into a fresh Debian root, its arm64 libraries
# taken from Debian's archive, the kiosk started there under a static qemu-aarch64
start=$(date +%s)
if DEB_ARCH=arm64 bash tests/e2e/deb_root.sh "$top_build" >"$RACKSIDE_TEST_OUT/deb_root.log" 2>&1; then
    echo "PASS arm64 package in a fresh Debian root (apt-get install, user, units enabled, kiosk started) in $(($(date +%s) - start)) s"
    passed=$((passed + 1))
else
    echo "FAIL arm64 package in a fresh Debian root (log: $RACKSIDE_TEST_OUT/deb_root.log)"
    tail -n 20 "$RACKSIDE_TEST_OUT/deb_root.log" | sed 's/^/    /'
    failed=$((failed + 1))
    failures+=("arm64-deb-root")
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
[ ${#failures[@]} -eq 0 ] || echo "failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
