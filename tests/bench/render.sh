#!/usr/bin/env bash
# bench-lane: background
# Instructions per full redraw of every screen the layout test knows, at 1280x800 with the
# software renderer: build/bench/bench_render --once under callgrind, counting only
# bench_measured and dumping a profile after each call (one per screen, in the order the bench
# names them). Each screen's count goes to the log; the rows for tests/bench/run are one per
# group of screens (lifter, trainer, drawn over a screen, fault): the median and the most.
# The wall times are bench_render's own rows.
set -u
build=${1:-build}
b="$build/bench/bench_render"
[ -x "$b" ] || { echo "no $b"; exit 1; }
if ! command -v valgrind >/dev/null; then
    printf 'ROW\trender instructions per frame\t-\tnot measured\tvalgrind not installed\n'
    exit 0
fi
export SDL_VIDEODRIVER=offscreen
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
out=$(valgrind --tool=callgrind --toggle-collect=bench_measured --dump-after=bench_measured \
    --callgrind-out-file="$dir/cg" "$b" --once 2>/dev/null)
units=$(awk '$1 == "units" { print $2 }' <<<"$out")
[ -n "$units" ] && [ "$units" -gt 0 ] || {
    printf 'ROW\trender instructions per frame\t-\tFAILED\t%s --once under callgrind\n' "$b"
    exit 1
}
# dump N holds the Nth call of bench_measured: the Nth screen named
i=0
table=$(while read -r word name group; do
    [ "$word" = screen ] || continue
    i=$((i + 1))
    ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$dir/cg.$i" 2>/dev/null)
    [ -n "$ir" ] || { echo "MISSING $name"; continue; }
    echo "$group $name $ir"
done <<<"$out")
if grep -q '^MISSING' <<<"$table" || [ "$(wc -l <<<"$table")" -ne "$units" ]; then
    printf 'ROW\trender instructions per frame\t-\tFAILED\tno profile for: %s\n' \
        "$(grep '^MISSING' <<<"$table" | cut -d' ' -f2 | tr '\n' ' ')"
    exit 1
fi
awk '{ printf "render %-22s 1280x800: %d instructions per frame\n", $2, $3 }' <<<"$table"
for group in lifter trainer over fault; do
    sort -k3,3n <<<"$table" | awk -v g="$group" '
        $1 == g { n++; v[n] = $3; name[n] = $2 }
        END {
            if (!n) exit
            split("lifter screens|trainer screens|drawn over a screen (idle, simulation)|fault screens", w, "|")
            k = g == "lifter" ? 1 : g == "trainer" ? 2 : g == "over" ? 3 : 4
            printf "ROW\trender %s 1280x800, instructions per frame\t-\tmedian %.1f M of %d screens, most %.1f M (%s)\tcallgrind, bench_measured: one full redraw each, software renderer; each screen in %s\n",
                w[k], v[int((n + 1) / 2)] / 1e6, n, v[n] / 1e6, name[n], "the bench log"
        }'
done
