#!/usr/bin/env bash
# Sensor to pixel in the real frame loop: tests/bench/reps.scenario (a set of 12 reps)
# played on the real clock (rackside --real-time), offscreen with the software renderer
# and in a real X window under Xvfb; the kiosk logs, at exit, the time from each bar
# sample that changed the screen to the presented frame that shows it (median, p99).
# Budget: one frame + 4 ms at 60 Hz from the sample's arrival (its bar frame leaving the
# unit); the figure from the sample itself adds the unit's batching and is reported too.
# Each run also says how long the frame loop's thread waited for a CPU (the kernel's
# run-queue delay) and the p99 of the changes that did not wait, so a slow figure on a
# loaded machine says whether the machine or the kiosk was the cause; the load average
# at the start is in the row. Run it on a quiet machine for the figure that counts.
set -uo pipefail
build=${1:-build}
bin=$build/rackside
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SDL_AUDIODRIVER=dummy RACKSIDE_ASSETS=${RACKSIDE_ASSETS:-$PWD/assets}
budget=20.7

row() { printf 'ROW\t%s\t%s\t%s\t%s\n' "$@"; }
# the lines every run prints; anything else says what went wrong
usual='^rackside: (screen |sensor to pixel|stopped:|saved set|ready:|no GPU|scenario passed)'

probe() { # $1: label, rest: command prefix
    local label=$1 load
    shift
    load=$(cut -d' ' -f1 /proc/loadavg)
    "$@" "$bin" --scenario tests/bench/reps.scenario --real-time 2>"$work/log"
    local rc=$? line
    line=$(grep 'sensor to pixel figures:' "$work/log")
    if [ $rc -ne 0 ] || [ -z "$line" ]; then
        # why: what the run said besides its usual lines (a scenario's failed expectation
        # comes before the figures, which a failed run prints too)
        row "sensor to pixel ($label)" "p99 <= $budget ms" "FAILED (exit $rc)" \
            "$(grep -v -E "$usual" "$work/log" | tail -n 3 | tr '\n' ' ')"
        return
    fi
    local xvfb
    xvfb=$(grep '^in_xvfb:' "$work/log")
    [ -z "$xvfb" ] || row "  ... the X server ($label)" "-" "the kiosk's run passed" "$xvfb"
    grep 'sensor to pixel:' "$work/log" | sed "s/^/$label: /"
    local -A f=()
    local kv
    for kv in ${line#*figures: }; do f[${kv%%=*}]=${kv#*=}; done
    local mark="" calm_mark=""
    awk -v a="${f[a99]}" -v b="$budget" 'BEGIN { exit !(a > b) }' && mark=" OVER"
    awk -v a="${f[calm99]}" -v b="$budget" 'BEGIN { exit !(a > b) }' && calm_mark=" OVER"
    row "sensor to pixel from arrival ($label)" "p99 <= $budget ms" \
        "median ${f[a50]}, p95 ${f[a95]}, p99 ${f[a99]}$mark, max ${f[amax]} ms" \
        "${f[n]} screen changes from bar samples, real clock, reps.scenario, load $load"
    row "  ... with the CPU to itself ($label)" "p99 <= $budget ms" \
        "p99 ${f[calm99]} ms$calm_mark over ${f[calm_n]} changes" \
        "leaving out the ${f[starved]} changes whose thread waited > 1 ms for a CPU (schedstat)"
    row "  ... its thread waiting for a CPU ($label)" "- (the machine, not the kiosk)" \
        "${f[wait_ms]} ms over ${f[run_s]} s" \
        "run-queue delay of the frame loop's thread, /proc/thread-self/schedstat"
    row "  ... the slowest change ($label)" "-" \
        "${f[amax]} ms: on a CPU ${f[worst_cpu]}, waiting for one ${f[worst_wait]}, asleep or blocked ${f[worst_off]} ms" \
        "the frame loop's thread from the pass its frame arrived in to the present (schedstat)"
    row "  ... the slowest that got a CPU at once ($label)" "-" \
        "${f[calm_worst]} ms: on a CPU ${f[calm_worst_cpu]}, asleep or blocked ${f[calm_worst_off]} ms, taken ${f[calm_worst_wake]} ms after arrival" \
        "where the kiosk's own time went"
    row "  ... arrival to the loop taking the sample ($label)" "-" \
        "median ${f[wake50]}, p99 ${f[wake99]} ms" "the wake-up path: device to frame loop"
    row "sensor to pixel from the sample ($label)" "- (adds the unit's frame of ${f[frame]} samples)" \
        "median ${f[s50]}, p99 ${f[s99]} ms" "same run: from the sample's own time"
}

probe "offscreen, software renderer" env SDL_VIDEODRIVER=offscreen
if command -v xvfb-run >/dev/null; then
    # the kiosk's own exit status, not xvfb-run's (see tests/bench/in_xvfb)
    probe "Xvfb window" env SDL_VIDEODRIVER=x11 tests/bench/in_xvfb
else
    row "sensor to pixel (Xvfb)" "p99 <= $budget ms" "not measured" "xvfb-run not installed"
fi
