#!/usr/bin/env bash
# Sensor to pixel in the real frame loop: tests/bench/reps.scenario (a set of six reps)
# played on the real clock (rackside --real-time), offscreen with the software renderer
# and in a real X window under Xvfb; the kiosk logs, at exit, the time from each bar
# sample that changed the screen to the presented frame that shows it (median, p99).
# Budget: one frame + 4 ms at 60 Hz from the sample's arrival (its bar frame leaving the
# unit); the figure from the sample itself adds the unit's batching and is reported too.
set -uo pipefail
build=${1:-build}
bin=$build/rackside
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SDL_AUDIODRIVER=dummy RACKSIDE_ASSETS=${RACKSIDE_ASSETS:-$PWD/assets}
budget=20.7

row() { printf 'ROW\t%s\t%s\t%s\t%s\n' "$@"; }

probe() { # $1: label, rest: command prefix
    local label=$1
    shift
    "$@" "$bin" --scenario tests/bench/reps.scenario --real-time 2>"$work/log"
    local rc=$? line
    line=$(grep 'sensor to pixel:' "$work/log")
    if [ $rc -ne 0 ] || [ -z "$line" ]; then
        row "sensor to pixel ($label)" "p99 <= $budget ms" "FAILED (exit $rc)" \
            "$(grep -v 'rackside: screen' "$work/log" | tail -n 2 | tr '\n' ' ')"
        return
    fi
    echo "$label: $line"
    local n am a99 sm s99 frame mark=""
    read -r n am a99 sm s99 frame < <(sed -n \
        's/.*: \([0-9]*\) changes, from arrival median \([0-9.]*\) ms p99 \([0-9.]*\) ms, from the sample median \([0-9.]*\) ms p99 \([0-9.]*\) ms (bar frames of \([0-9]*\) samples).*/\1 \2 \3 \4 \5 \6/p' \
        <<<"$line")
    awk -v a="$a99" -v b="$budget" 'BEGIN { exit !(a > b) }' && mark=" OVER"
    row "sensor to pixel from arrival ($label)" "p99 <= $budget ms" \
        "median $am ms, p99 $a99 ms$mark" "$n screen changes from bar samples, real clock, reps.scenario"
    row "sensor to pixel from the sample ($label)" "- (adds the unit's frame of $frame ms)" \
        "median $sm ms, p99 $s99 ms" "same run: from the sample's own time"
}

probe "offscreen, software renderer" env SDL_VIDEODRIVER=offscreen
if command -v xvfb-run >/dev/null; then
    probe "Xvfb window, accelerated renderer" env SDL_VIDEODRIVER=x11 \
        xvfb-run -a -s "-screen 0 1280x800x24"
else
    row "sensor to pixel (Xvfb)" "p99 <= $budget ms" "not measured" "xvfb-run not installed"
fi
