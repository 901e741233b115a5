#!/usr/bin/env bash
# Start-up, idle redraws and memory of the release kiosk, from its own log lines:
#   first frame: median over runs (budget: a quarter second)
#   idle: frames drawn while nothing changes on the attract screen (budget: none past the first)
#   memory: peak RSS over a whole --demo (budget: tens of MB)
set -euo pipefail
build=${1:-build}
bin=$build/rackside
runs=${RUNS:-9}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy

first=()
for i in $(seq 1 "$runs"); do
    timeout -s TERM 3 "$bin" --data-dir "$work/d" 2>"$work/log" || true
    ms=$(sed -n 's/.*first frame \([0-9]*\) ms.*/\1/p' "$work/log")
    [ -n "$ms" ] || { echo "startup: no first frame in run $i: $(cat "$work/log")"; exit 1; }
    first+=("$ms")
done
median=$(printf '%s\n' "${first[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "startup: first frame median ${median} ms over $runs runs (all: ${first[*]})"

timeout -s TERM 10 "$bin" --data-dir "$work/d" 2>"$work/log" || true
idle=$(sed -n 's/.*stopped: \([0-9]*\) frames drawn in \([0-9.]*\) s.*/\1 frames in \2 s/p' "$work/log")
echo "idle: $idle on the attract screen with nothing changing"

"$bin" --demo --data-dir "$work/demo" 2>"$work/log"
sed -n 's/.*stopped: \([0-9]*\) frames drawn in \([0-9.]*\) s, peak memory \([0-9]*\) MB.*/demo: \1 frames in \2 s, peak memory \3 MB/p' "$work/log"
