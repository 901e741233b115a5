#!/usr/bin/env bash
# End to end in Spanish on a rack in pounds: tests/e2e/spanish_pounds.scenario (a red flag
# sent home, a check-in, the warm-up, two sets on the 45 lb bar and its ramp, an overload
# stopped) in a real X window under Xvfb at 800x480 and offscreen at 1280x800, both under
# the C locale a service runs in (LC_ALL=C, no LANG). The sets stored are in grams of
# pound loads; a screenshot of every screen passed is kept for people to look at. Also: an
# unknown language or unit is refused, and --unit against a settings file's [rack] too.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/common.bash
. "$here/common.bash" # fail, q, e2e_work
e2e_work "${1:-build}"

check_db() {
    local db=$1
    # the first set is the empty 45 lb bar (20412 g) for 10 reps, as the plate read it
    local first
    first=$(q "$db" "select load_g || ' ' || reps_done from sets where stopped = 0
                     order by started_us desc limit 1 offset 1")
    read -r load reps <<<"$first"
    [ "$reps" = 10 ] || fail "the 45 lb bar set has '$reps' reps, not 10"
    [ $((load > 20412 ? load - 20412 : 20412 - load)) -le 250 ] ||
        fail "the 45 lb bar set was stored at $load g, not about 20412 g"
    local over
    over=$(q "$db" "select count(*) from flags f join sets s on s.key = f.set_key
                    where f.kind = 'overload' and s.stopped = 1")
    [ "$over" -eq 1 ] || fail "no stopped overload set"
}

check_shots() {
    for screen in attract check-in advice warm-up plan set rest stop; do
        ls "$1"/*-"$screen".png >/dev/null 2>&1 || fail "no screenshot of the $screen screen in $1"
    done
}

run() { # size dir driver...
    local size=$1 dir=$2
    shift 2
    rm -rf "$out/$dir"
    env -i PATH="$PATH" HOME="$work" LC_ALL=C SDL_AUDIODRIVER=dummy \
        ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
        UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" "$@" \
        --scenario "$here/spanish_pounds.scenario" --lang es --unit lb --size "$size" \
        --data-dir "$work/$dir" --screenshot-dir "$out/$dir" --config /nonexistent ||
        fail "the Spanish, pounds session at $size exited $?"
    check_db "$work/$dir/rackside.db"
    check_shots "$out/$dir"
}

command -v xvfb-run >/dev/null || fail "xvfb-run is missing (make test installs xvfb)"
run 800x480 spanish-pounds-800x480 timeout 900 xvfb-run -a -s "-screen 0 1024x768x24" \
    "$build/rackside"
run 1280x800 spanish-pounds-1280x800 SDL_VIDEODRIVER=offscreen timeout 900 "$build/rackside"

# what is refused, and how
msg=$(SDL_VIDEODRIVER=offscreen "$build/rackside" --lang fr 2>&1) && fail "--lang fr was accepted"
grep -q "not one of en, es, de" <<<"$msg" || fail "--lang fr: '$msg'"
msg=$(SDL_VIDEODRIVER=offscreen "$build/rackside" --unit stone 2>&1) && fail "--unit stone was accepted"
grep -q "not kg or lb" <<<"$msg" || fail "--unit stone: '$msg'"
printf '[rack]\nunit = kg\nbar = 20\n' >"$work/kg.conf"
printf '0 expect screen attract\n' >"$work/short.scenario"
msg=$(SDL_VIDEODRIVER=offscreen timeout 60 "$build/rackside" --config "$work/kg.conf" --unit lb \
    --scenario "$work/short.scenario" --data-dir "$work/c" 2>&1 || true)
grep -q -- "--unit lb, but \[rack\]" <<<"$msg" || fail "--unit lb over a kg [rack] is not refused: '$msg'"
echo "Spanish, pounds: screenshots in $out/spanish-pounds-800x480 and $out/spanish-pounds-1280x800"
