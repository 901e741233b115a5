#!/usr/bin/env bash
# A lifter's own language and unit on an English rack in kg: Sam prefers Spanish and pounds
# (set with rackside-ctl prefs), Alex chooses German at the rack. tests/e2e/lifter_prefs.scenario
# plays both under the C locale a service runs in, at both panel sizes; the database keeps
# Alex's choice, the loads stored are grams on the kg rack's plates whatever the lifter
# read, and rackside-ctl prefs refuses what it does not know.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/common.bash
. "$here/common.bash" # fail, q, e2e_work
e2e_work "${1:-build}"
kiosk() { # data-dir size scenario [screenshot dir]
    env -i PATH="$PATH" HOME="$work" LC_ALL=C SDL_AUDIODRIVER=dummy SDL_VIDEODRIVER=offscreen \
        ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
        UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" timeout 900 "$build/rackside" --scenario "$3" \
        --size "$2" --data-dir "$1" --config /nonexistent ${4:+--screenshot-dir "$4"}
}
ctl() { "$build/rackside-ctl" --data-dir "$@"; }

printf '0 expect screen attract\n' >"$work/seed.scenario"
for size in 1280x800 800x480; do
    data="$work/$size"
    kiosk "$data" "$size" "$work/seed.scenario" >/dev/null || fail "the demo lifters were not added"
    out_line=$(ctl "$data" prefs "Sam Okafor" --lang es --unit lb --text large)
    [ "$out_line" = "Sam Okafor: language es, unit lb, text large" ] || fail "prefs said '$out_line'"
    rm -rf "$out/lifter-prefs-$size"
    kiosk "$data" "$size" "$here/lifter_prefs.scenario" "$out/lifter-prefs-$size" ||
        fail "the session with a Spanish lifter and an English one at $size exited $?"
    db="$data/rackside.db"
    [ "$(q "$db" "select language || ' ' || unit || ' ' || text_size from members where name = 'Alex Rivera'")" = "de  large" ] ||
        fail "Alex's German and large text were not kept: $(q "$db" "select language, unit, text_size from members")"
    [ "$(q "$db" "select language || ' ' || unit || ' ' || text_size from members where name = 'Sam Okafor'")" = "es lb large" ] ||
        fail "Sam's Spanish, pounds and large text changed"
    [ "$(ctl "$data" prefs "Alex Rivera")" = "Alex Rivera: language de, unit rack, text large" ] ||
        fail "rackside-ctl prefs does not show Alex's choice"
done

# what rackside-ctl prefs refuses, as one line and exit 2
data="$work/1280x800"
for bad in "--lang fr" "--unit stone" "--lang" "--text huge"; do
    # shellcheck disable=SC2086
    if msg=$(ctl "$data" prefs "Sam Okafor" $bad 2>&1); then fail "prefs $bad was accepted"; fi
    [ "$(wc -l <<<"$msg")" -eq 1 ] || fail "prefs $bad: more than one line: $msg"
done
if ctl "$data" prefs "Nobody Here" --lang es 2>/dev/null; then fail "prefs for no member passed"; fi
[ "$(ctl "$data" prefs "Sam Okafor" --lang rack --unit rack --text rack)" = "Sam Okafor: language rack, unit rack, text rack" ] ||
    fail "prefs rack did not go back to the rack's"
echo "a lifter's own language and unit: screenshots in $out/lifter-prefs-1280x800 and $out/lifter-prefs-800x480"
