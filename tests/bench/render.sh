#!/usr/bin/env bash
# bench-lane: background
# Instructions per full redraw of each lifter screen at 1280x800 with the software
# renderer: build/bench/bench_render --once SCREEN under callgrind, counting only
# bench_measured (one frame). Rows for tests/bench/run; the wall times are bench_render's.
set -u
build=${1:-build}
b="$build/bench/bench_render"
[ -x "$b" ] || { echo "no $b"; exit 1; }
if ! command -v valgrind >/dev/null; then
    printf 'ROW\trender instructions per frame\t-\tnot measured\tvalgrind not installed\n'
    exit 0
fi
export SDL_VIDEODRIVER=offscreen
for screen in attract check-in advice warm-up plan set rest stop; do
    cg=$(mktemp)
    units=$(valgrind --tool=callgrind --toggle-collect=bench_measured --callgrind-out-file="$cg" \
        "$b" --once "$screen" 2>/dev/null | awk '$1 == "units" { print $2 }')
    ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$cg")
    rm -f "$cg"
    if [ "$units" = 1 ] && [ -n "$ir" ]; then
        echo "render $screen: $ir instructions per frame"
        printf 'ROW\trender %s 1280x800, instructions per frame\t-\t%s\t%s\n' "$screen" "$ir" \
            "callgrind, bench_measured: one full redraw, software renderer"
    else
        printf 'ROW\trender %s 1280x800, instructions per frame\t-\tFAILED\t%s --once %s\n' \
            "$screen" "$b" "$screen"
        exit 1
    fi
done
