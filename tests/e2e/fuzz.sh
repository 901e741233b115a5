#!/usr/bin/env bash
# Runs every libFuzzer harness (built by `make fuzz` into $1/fuzz/) for a fixed number
# of inputs from a fixed seed, starting from a copy of its corpus, after replaying the
# inputs that once crashed it. Fails on any crash, leak, timeout or broken invariant, and
# when a harness in tests/fuzz/ was not built. Two fuzzers run at a time.
#
# For a longer hunt: FUZZ_TIME_S=300 tests/e2e/fuzz.sh build  (time-bound instead of a
# fixed count; new corpus entries are kept in $FUZZ_KEEP if that names a directory).
set -euo pipefail
build=${1:-build}
src=tests/fuzz
jobs=${FUZZ_JOBS:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Inputs per harness, sized so all of them take about a minute on two cores.
declare -A runs=(
    [barlink]=60000
    [barproto]=2000000
    [badge]=600000
    [config]=300000
    [imu_fifo]=1500000
    [ctl_parse]=300000
    [load]=20000
    [hx711]=2000
    [imu_csv]=250000
    [history_csv]=100000
    [catalogue]=100000
    [imu_track]=400000
    [plate_trace]=100000
    [scenario]=50000
)

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

[ -d "$src" ] || fail "run from the top of the tree: $src not found"
targets=()
for f in "$src"/fuzz_*.c; do
    t=$(basename "$f" .c)
    t=${t#fuzz_}
    [ -n "${runs[$t]:-}" ] || fail "$f has no run count in $0"
    bin="$build/fuzz/fuzz_$t"
    [ -x "$bin" ] || fail "$bin is missing: build it with 'make fuzz' (needs clang and libclang-rt-dev;\
 clang: $(command -v clang || echo 'not installed'))"
    [ -d "$src/corpus/$t" ] || fail "no seed corpus in $src/corpus/$t"
    targets+=("$t")
done
[ ${#targets[@]} -gt 0 ] || fail "no harnesses in $src"

# One harness: replay the inputs that once broke it (tests/fuzz/crashers/<target>/), then
# fuzz from its corpus, even after a replay failed, so that other problems still show.
# Writes $work/$t.log and $work/$t.rc (the first non-zero exit).
fuzz_one() {
    local t=$1 bin="$build/fuzz/fuzz_$t" log="$work/$t.log" rc=0 frc=0
    local opts=(-seed=1 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        "-artifact_prefix=$work/$t-")
    [ -f "$src/$t.dict" ] && opts+=("-dict=$src/$t.dict")
    : >"$log"
    if [ -d "$src/crashers/$t" ] && [ -n "$(ls -A "$src/crashers/$t")" ]; then
        echo "replaying $src/crashers/$t" >>"$log"
        "$bin" "${opts[@]}" "$src/crashers/$t"/* >>"$log" 2>&1 || rc=$?
    fi
    mkdir -p "$work/corpus/$t"
    cp "$src/corpus/$t"/* "$work/corpus/$t/"
    if [ -n "${FUZZ_TIME_S:-}" ]; then
        opts+=("-max_total_time=$FUZZ_TIME_S")
    else
        opts+=("-runs=${runs[$t]}")
    fi
    "$bin" "${opts[@]}" "$work/corpus/$t" >>"$log" 2>&1 || frc=$?
    [ "$rc" -ne 0 ] || rc=$frc
    if [ -n "${FUZZ_KEEP:-}" ] && [ -d "$FUZZ_KEEP" ]; then
        mkdir -p "$FUZZ_KEEP/$t" && cp "$work/corpus/$t"/* "$FUZZ_KEEP/$t/"
    fi
    echo "$rc" >"$work/$t.rc"
}

start=$SECONDS
for t in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
        wait -n || true
    done
    fuzz_one "$t" &
done
wait

failed=0
for t in "${targets[@]}"; do
    rc=$(cat "$work/$t.rc" 2>/dev/null || echo missing)
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$work/$t.log" | tail -n 1 || true)
    if [ "$rc" = 0 ] && [ -n "$done_line" ]; then
        echo "ok   $t: $done_line"
    else
        failed=1
        echo "FAIL $t (exit $rc)"
        grep -E 'invariant broken|ERROR: |runtime error|SUMMARY|Test unit written' "$work/$t.log" |
            head -n 20 | sed 's/^/    /'
        tail -n 40 "$work/$t.log" | sed 's/^/    | /'
        for a in "$work/$t"-*; do
            [ -f "$a" ] || continue
            echo "    input ($(basename "$a")): $(od -An -tx1 -v "$a" | tr -d '\n' | head -c 600)"
        done
    fi
done
echo "fuzzing took $((SECONDS - start)) s"
[ "$failed" -eq 0 ] || fail "a fuzzer found a problem"
echo "fuzz ok"
