#!/usr/bin/env bash
# bench-lane: background
# Memory drift: resident memory after each of REPEAT (1000) runs of a scenario with a set,
# in one process, each run on a fresh database; the median of 50 runs from run 10 against
# the median of the last 50 (budget 1 MB). Resident memory does not depend on how busy
# the machine is, so make bench runs this beside the timed benches.
set -uo pipefail
build=${1:-build}
bin=$build/rackside
repeat=${REPEAT:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
export RACKSIDE_ASSETS=${RACKSIDE_ASSETS:-$PWD/assets}

row() { printf 'ROW\t%s\t%s\t%s\t%s\n' "$@"; }
over() { awk -v m="$1" -v b="$2" 'BEGIN { if (m + 0 > b + 0) printf " OVER" }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# drift: one process, REPEAT runs of a scenario with a set, each on a fresh database
scenario=tests/scenarios/overload_during_warmup.scenario
TMPDIR=/dev/shm "$bin" --scenario "$scenario" --repeat "$repeat" 2>"$work/log"
rc=$?
first=$(sed -n 's/.*run 1 passed, resident memory \([0-9]*\) KB.*/\1/p' "$work/log")
tenth=$(sed -n 's/.*run 10 passed, resident memory \([0-9]*\) KB.*/\1/p' "$work/log")
last=$(sed -n 's/.*run \([0-9]*\) passed, resident memory \([0-9]*\) KB.*/\2/p' "$work/log" | tail -n 1)
n=$(grep -c 'passed, resident memory' "$work/log")
base_run=10
[ -n "$tenth" ] || { tenth=$first; base_run=1; }
if [ $rc -ne 0 ] || [ -z "$last" ] || [ -z "$tenth" ]; then
    row "memory drift over $repeat sessions" "<= 1 MB" "FAILED (exit $rc, $n runs logged)" \
        "$(grep -v 'passed, resident' "$work/log" | tail -n 2 | tr '\n' ' ')"
else
    # one run's resident memory moves by 2-4 MB either way (malloc's arenas, the text
    # cache's second-based eviction), so one run against another is noise: the median of
    # 50 runs from run 10 against the median of the last 50
    sed -n 's/.*run \([0-9]*\) passed, resident memory \([0-9]*\) KB.*/\1 \2/p' "$work/log" >"$work/rss"
    early=$(awk -v b="$base_run" '$1 >= b && $1 < b + 50 { print $2 }' "$work/rss" | median)
    late=$(tail -n 50 "$work/rss" | awk '{ print $2 }' | median)
    range=$(awk '{ print $2 }' "$work/rss" | sort -n | sed -n '1p;$p' | paste -sd-)
    drift=$(awk -v a="$early" -v b="$late" 'BEGIN { printf "%.2f", (b - a) / 1024 }')
    echo "drift: resident ${first} KB after run 1, ${tenth} KB after run 10, ${last} KB after run $((n + 1)); median of runs $base_run-$((base_run + 49)) $early KB, of the last 50 $late KB; min and max $range"
    row "memory drift over $repeat sessions" "<= 1 MB" \
        "${drift} MB$(over "$drift" 1) (median of runs $base_run-$((base_run + 49)) -> of the last 50; one run: $range KB)" \
        "VmRSS after each run of rackside --scenario $(basename "$scenario") --repeat $repeat"
fi
