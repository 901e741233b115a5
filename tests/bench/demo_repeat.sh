#!/usr/bin/env bash
# bench-lane: background
# The demo is deterministic: it plays RUNS times (6 by default, two from each start) on the
# release build, its virtual clock started at 10:00, across midnight (23:58) and just before
# the gym's day boundary (03:55, where it anchors itself at 04:00), and must pass every
# time. Each start is one process playing its runs in a row (--repeat), each run on a fresh
# database: a copy of the one the process's first run migrated and seeded, so a second run
# in the same gym day repeats the first with the window, text cache and sound device carried
# over, as over a day of sessions. Prints how many passed and the median wall time per run
# (a process's wall time over its runs). Too long for make test; RUNS=50 for a longer check.
set -u
build=${1:-build}
runs=${RUNS:-6}
export SDL_VIDEODRIVER=${SDL_VIDEODRIVER:-offscreen}
export SDL_AUDIODRIVER=${SDL_AUDIODRIVER:-dummy}
export RACKSIDE_ASSETS=${RACKSIDE_ASSETS:-$PWD/assets}
day=$(date +%Y-%m-%d)
next=$(date -d "$day + 1 day" +%Y-%m-%d)
starts=("${day}T10:00" "${day}T23:58" "${next}T03:55")
passed=0
times=()
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for ((s = 0; s < ${#starts[@]}; s++)); do
    n=$(((runs - s + ${#starts[@]} - 1) / ${#starts[@]})) # runs s, s + 3, ... of RUNS
    [ "$n" -gt 0 ] || continue
    start=${starts[$s]}
    t0=$(date +%s%N)
    timeout 1800 "$build/rackside" --demo --start-time "$start" --repeat "$n" >"$log" 2>&1
    rc=$?
    ms=$((($(date +%s%N) - t0) / 1000000))
    # every run but the last logs "run K passed"; the last "scenario passed"
    ok=$(grep -c 'rackside: run [0-9]* passed' "$log")
    [ $rc -eq 0 ] && ok=$n
    passed=$((passed + ok))
    if [ $rc -ne 0 ]; then
        echo "run $((ok + 1)) of $n from $start failed (exit $rc):"
        grep -v "^rackside: screen" "$log" | tail -n 5 | sed 's/^/    /'
    fi
    for ((i = 0; i < n; i++)); do times+=($((ms / n))); done
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "demo_repeat: $passed of $runs runs passed (starts ${starts[*]}), median ${median} ms a run"
printf 'ROW\t%s\t%s\t%s\t%s\n' "demo runs passed" "all" "$passed of $runs" \
    "build/rackside --demo --repeat from ${starts[*]} in turn, one process a start"
printf 'ROW\t%s\t%s\t%s\t%s\n' "demo wall time" "-" "${median} ms median a run" \
    "725 s of virtual time, offscreen, same runs (a process's wall time over its runs)"
[ "$passed" -eq "$runs" ]
