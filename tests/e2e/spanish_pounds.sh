#!/usr/bin/env bash
# End to end in Spanish on a rack in pounds: tests/e2e/spanish_pounds.scenario (a red flag
# sent home, a check-in, the warm-up, two sets on the 45 lb bar and its ramp, an overload
# stopped) in a real X window under Xvfb at 800x480 and 1280x800, under the C locale a
# service runs in (LC_ALL=C, no LANG). Every press is a click through the X server: the
# scenario runner (RACKSIDE_SCENARIO_CLICK) hands the button's rectangle in the window to
# a click program that moves the pointer there and clicks with xdotool (XTEST), and the
# kiosk takes the click from its own event loop and hit-tests it as a lifter's tap. Each
# screen passed is read in Spanish with its loads in pounds; the sets stored are in grams
# of pound loads; a screenshot of every screen passed is kept for people to look at. The
# test catches what it is for: the same run in English fails at its first Spanish line,
# and a click that lands off its button fails at that press. Also: an unknown language or
# unit is refused, and --unit against a settings file's [rack] too.
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

# the click program: NAME X Y W H, the button's rectangle in the kiosk's window; it clicks
# the middle, or just above the button named in $CLICK_MISS; each click is logged
cat >"$work/click" <<'CLICK'
#!/usr/bin/env bash
set -eu
name=$1 x=$2 y=$3 w=$4 h=$5
cx=$((x + w / 2)) cy=$((y + h / 2))
[ "$name" != "${CLICK_MISS:-}" ] || cy=$((y - 1))
xdotool search --sync --onlyvisible --name '^rackside$' \
    mousemove --window %1 --sync "$cx" "$cy" click 1
echo "$name $cx $cy" >>"$CLICK_LOG"
CLICK
chmod +x "$work/click"
presses=$(grep -c '^[^#]* press ' "$here/spanish_pounds.scenario")

# kiosk SIZE DIR [ENV...]: the scenario in a window under Xvfb, Spanish and pounds unless
# $lang says otherwise (lang=en), with the ENV words; its log in $work/DIR.log
kiosk() {
    local size=$1 dir=$2
    shift 2
    rm -rf "${out:?}/$dir" "${work:?}/$dir"
    : >"$work/$dir.clicks"
    env -i PATH="$PATH" HOME="$work" LC_ALL=C SDL_AUDIODRIVER=dummy \
        ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
        UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" RACKSIDE_SCENARIO_CLICK="$work/click" \
        CLICK_LOG="$work/$dir.clicks" XVFB_SCREEN=1600x1000x24 "$@" \
        timeout 900 "$here/../bench/in_xvfb" "$build/rackside" \
        --scenario "$here/spanish_pounds.scenario" --lang "${lang:-es}" --unit lb --size "$size" \
        --data-dir "$work/$dir" --screenshot-dir "$out/$dir" --config /nonexistent \
        >"$work/$dir.log" 2>&1
}

run() { # size dir
    local rc=0 clicks
    kiosk "$1" "$2" || rc=$?
    [ "$rc" -eq 0 ] || { cat "$work/$2.log"; fail "the Spanish, pounds session at $1 exited $rc"; }
    clicks=$(wc -l <"$work/$2.clicks")
    [ "$clicks" -eq "$presses" ] ||
        fail "$clicks clicks went through X at $1, the scenario presses $presses times"
    check_db "$work/$2/rackside.db"
    check_shots "$out/$2"
}

command -v xvfb-run >/dev/null || fail "xvfb-run is missing (make test installs xvfb)"
command -v xdotool >/dev/null || fail "xdotool is missing (make test installs it)"
run 800x480 spanish-pounds-800x480
run 1280x800 spanish-pounds-1280x800

# the test fails when the screens are not in Spanish ...
lang=en kiosk 800x480 english && fail "the session passed with --lang en"
grep -q 'expect shows Acerca tu tarjeta para empezar.*saw' "$work/english.log" ||
    fail "--lang en did not fail at the first Spanish line: $(tail -3 "$work/english.log")"
# ... and when a click lands off its button (just above Continue on the check-in)
kiosk 800x480 miss CLICK_MISS=continue && fail "the session passed with a click off Continue"
grep -q 'press continue: the click at .* landed on .*, not on the continue button' \
    "$work/miss.log" || fail "a click off Continue was not caught there: $(tail -3 "$work/miss.log")"
rm -rf "${out:?}/english" "${out:?}/miss"

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
echo "Spanish, pounds: $presses clicks through X at each size, refused in English and off a button"
echo "Spanish, pounds: screenshots in $out/spanish-pounds-800x480 and $out/spanish-pounds-1280x800"
