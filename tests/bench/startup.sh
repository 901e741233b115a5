#!/usr/bin/env bash
# The release kiosk's start-up, idle cost and memory, from its own log lines. Prints
# rows for tests/bench/run ("ROW<TAB>figure<TAB>budget<TAB>measured<TAB>how"):
#   first frame: median over runs, with the dummy sound driver and with SDL's own choice
#     (no sound device here: the kiosk must not wait for one before the first frame)
#   wake-ups and CPU on a static screen (attract, simulated devices idle), 10 s
#   peak RSS over a whole --demo, software renderer (offscreen) and accelerated (Xvfb)
#   drift: resident memory over REPEAT (1000) runs of a scenario with a set, one process
set -uo pipefail
build=${1:-build}
bin=$build/rackside
runs=${RUNS:-9}
repeat=${REPEAT:-1000}
idle_s=${IDLE_S:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
export RACKSIDE_ASSETS=${RACKSIDE_ASSETS:-$PWD/assets}

row() { printf 'ROW\t%s\t%s\t%s\t%s\n' "$@"; }
over() { awk -v m="$1" -v b="$2" 'BEGIN { if (m + 0 > b + 0) printf " OVER" }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

first_frames() { # $1: label, rest: env
    local label=$1 ms all=()
    shift
    for i in $(seq 1 "$runs"); do
        env "$@" timeout -s TERM 3 "$bin" --data-dir "$work/d" 2>"$work/log" || true
        ms=$(sed -n 's/.*first frame \([0-9]*\) ms.*/\1/p' "$work/log")
        if [ -z "$ms" ]; then
            row "first frame ($label)" "<= 250 ms" "FAILED: no first frame" "$(head -c 200 "$work/log")"
            return
        fi
        all+=("$ms")
    done
    local m
    m=$(printf '%s\n' "${all[@]}" | median)
    echo "startup: first frame ($label) median ${m} ms over $runs runs (all: ${all[*]})"
    row "first frame ($label)" "<= 250 ms" "${m} ms median$(over "$m" 250)" \
        "start to first presented frame, $runs runs, offscreen, warm database (all: ${all[*]})"
}

"$bin" --data-dir "$work/d" --help >/dev/null 2>&1 || true
first_frames "sound: dummy driver" SDL_AUDIODRIVER=dummy
first_frames "sound: SDL's own choice" -u SDL_AUDIODRIVER

# static screen: the attract screen with nobody on the simulated plate
timeout -s TERM "$idle_s" "$bin" --data-dir "$work/d" 2>"$work/log" || true
line=$(grep 'stopped:' "$work/log")
frames=$(sed -n 's/.*stopped: \([0-9]*\) frames drawn in \([0-9.]*\) s.*/\1/p' <<<"$line")
secs=$(sed -n 's/.*frames drawn in \([0-9.]*\) s.*/\1/p' <<<"$line")
wakes=$(sed -n 's/.* \([0-9]*\) wake-ups.*/\1/p' <<<"$line")
cpu=$(sed -n 's/.*cpu \([0-9.]*\) s.*/\1/p' <<<"$line")
echo "idle: $line"
if [ -n "$wakes" ] && [ -n "$secs" ]; then
    per_s=$(awk -v w="$wakes" -v s="$secs" 'BEGIN { printf "%.1f", w / s }')
    row "wake-ups per second, static screen" "<= 5/s" "$per_s/s$(over "$per_s" 5)" \
        "frame loop sleeps that ended, attract screen, simulated devices idle, ${secs} s offscreen"
    row "redraws on a static screen" "first frame only" "$frames frames in $secs s" \
        "frames drawn, same run"
    # CPU over the whole run includes start-up; the idle share is what is left after it
    pct=$(awk -v c="$cpu" -v s="$secs" 'BEGIN { printf "%.2f", 100 * c / s }')
    row "CPU on a static screen (incl. start-up)" "< 1 % of a core" "${pct} % ($cpu s in $secs s)" \
        "getrusage user+sys over the same run, start-up included"
else
    row "wake-ups per second, static screen" "<= 5/s" "FAILED" "no stopped line: $line"
fi

peak_demo() { # $1: label, rest: command prefix
    local label=$1
    shift
    "$@" "$bin" --demo --data-dir "$work/demo-$RANDOM" 2>"$work/log"
    local rc=$?
    local mb end
    mb=$(sed -n 's/.*peak memory \([0-9]*\) MB.*/\1/p' "$work/log")
    if [ $rc -ne 0 ] || [ -z "$mb" ]; then
        row "peak RSS over the demo ($label)" "<= 40 MB" "FAILED (exit $rc)" "$(tail -n 2 "$work/log" | tr '\n' ' ')"
        return
    fi
    echo "demo ($label): $(grep 'stopped:' "$work/log")"
    row "peak RSS over the demo ($label)" "<= 40 MB" "${mb} MB$(over "$mb" 40)" \
        "getrusage ru_maxrss at exit of build/rackside --demo"
}
peak_demo "software renderer, offscreen" env SDL_VIDEODRIVER=offscreen
if command -v xvfb-run >/dev/null; then
    peak_demo "accelerated renderer, Xvfb (Mesa llvmpipe GL)" \
        env SDL_VIDEODRIVER=x11 xvfb-run -a -s "-screen 0 1280x800x24"
else
    row "peak RSS over the demo (accelerated, Xvfb)" "<= 40 MB" "not measured" "xvfb-run not installed"
fi

# drift: one process, REPEAT runs of a scenario with a set, each on a fresh database
scenario=tests/scenarios/overload_during_warmup.scenario
TMPDIR=/dev/shm "$bin" --scenario "$scenario" --repeat "$repeat" 2>"$work/log"
rc=$?
first=$(sed -n 's/.*run 1 passed, resident memory \([0-9]*\) KB.*/\1/p' "$work/log")
tenth=$(sed -n 's/.*run 10 passed, resident memory \([0-9]*\) KB.*/\1/p' "$work/log")
last=$(sed -n 's/.*run \([0-9]*\) passed, resident memory \([0-9]*\) KB.*/\2/p' "$work/log" | tail -n 1)
n=$(grep -c 'passed, resident memory' "$work/log")
if [ $rc -ne 0 ] || [ -z "$last" ] || [ -z "$tenth" ]; then
    row "memory drift over $repeat sessions" "<= 1 MB" "FAILED (exit $rc, $n runs logged)" \
        "$(grep -v 'passed, resident' "$work/log" | tail -n 2 | tr '\n' ' ')"
else
    drift=$(awk -v a="$tenth" -v b="$last" 'BEGIN { printf "%.2f", (b - a) / 1024 }')
    echo "drift: resident ${first} KB after run 1, ${tenth} KB after run 10, ${last} KB after run $((n + 1))"
    row "memory drift over $repeat sessions" "<= 1 MB" \
        "${drift} MB$(over "$drift" 1) (run 10 -> run $repeat; run 1: $first KB)" \
        "VmRSS after each run of rackside --scenario $(basename "$scenario") --repeat $repeat"
fi
