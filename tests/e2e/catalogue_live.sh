#!/usr/bin/env bash
# A catalogue edited while the kiosk runs, no restart: the kiosk plays a scenario on the
# real clock while this script edits the data directory's exercises.conf. A clean edit (a
# front squat added) is read between sessions and the next lifter lifts it; an edit with a
# mistake made during a lifter's session waits for the session's end, is then named by file
# and line on the screen, and the rack keeps the catalogue it had (the front squat stays).
set -euo pipefail
# shellcheck source=tests/e2e/common.bash
. "$(dirname "$0")/common.bash"
e2e_kiosk_setup "${1:-build}" # $conf: no settings file, the defaults
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$data"
log=$work/kiosk.log

fail() {
    echo "FAIL: $*" >&2
    [ -n "${KEEP_LOG:-}" ] && cp "$log" "$KEEP_LOG"
    [ -f "$log" ] && grep -v "^rackside: screen" "$log" | tail -15 >&2
    exit 1
}

# wait_for PATTERN: the kiosk's log has a line matching it (the kiosk still running)
wait_for() {
    local i
    for ((i = 0; i < 1200; i++)); do
        grep -q "$1" "$log" && return 0
        kill -0 "$pid" 2>/dev/null || fail "the kiosk ended before \"$1\""
        sleep 0.1
    done
    fail "no \"$1\" in the kiosk's log after 120 s"
}

cp assets/catalogue/exercises.conf "$work/exercises.good"
front_squat_conf lower >>"$work/exercises.good"
line=$(grep -n "^body = lower$" "$work/exercises.good" | tail -1 | cut -d: -f1)

checkin() { # checkin BADGE: check in with no pain and no red flag, skip the warm-up
    cat <<SC
+1     badge $1
+3     press pain-0
$(no_red_flags)
+1     press skip-warmup
+0     expect screen plan within 10
SC
}
{
    echo "0      clock 10:00"
    echo "0      plate on"
    echo "+0     expect shows \"read again\" within 120"
    checkin 0002
    echo "+0     press exercise-5"
    echo "+0     expect cap 20"
    # the script breaks the file now: nothing changes under this lifter
    echo "+8     expect no shows \"lowr\""
    echo "+0     press exercise-5"
    echo "+0     expect cap 20"
    echo "+1     press logout"
    echo "+0     expect screen attract within 10"
    echo "+0     expect shows \"lowr\" within 30"
    checkin 0001
    echo "+0     press exercise-5"
    echo "+0     expect cap 20"
    echo "+1     press logout"
} >"$work/live.scenario"

"$kiosk" --config "$conf" --data-dir "$data" --scenario "$work/live.scenario" --real-time \
    --start-time 2026-11-30T10:00 >"$log" 2>&1 &
pid=$!

# a clean edit, on the attract screen: the shipped four exercises, then a fifth
wait_for "^rackside: screen attract"
cp "$work/exercises.good" "$data/exercises.conf.tmp"
mv "$data/exercises.conf.tmp" "$data/exercises.conf"
wait_for "catalogue read again: 5 exercises"

# a mistake, during the next lifter's session
wait_for "^rackside: screen plan"
sed -i "${line}s/^body = lower$/body = lowr/" "$data/exercises.conf"
[ "$(grep "^rackside: screen" "$log" | tail -1)" = "rackside: screen plan" ] ||
    fail "the edit was not made during the session"

rc=0
wait "$pid" || rc=$?
pid=
[ "$rc" -eq 0 ] || fail "the scenario failed ($rc)"
grep -q "exercises.conf line $line: body 'lowr' must be lower or upper" "$log" ||
    fail "the mistake is not named by file and line"
grep -q "last good copy" "$log" || fail "the notice does not say what the rack uses"
# the mistake was read only once the lifter had left: after the attract screen that
# followed the first plan
plan=$(grep -n "^rackside: screen plan" "$log" | head -1 | cut -d: -f1)
back=$(awk -v p="$plan" 'NR > p && /^rackside: screen attract/ { print NR; exit }' "$log")
named=$(grep -n "body 'lowr'" "$log" | head -1 | cut -d: -f1)
[ -n "$back" ] && [ "$named" -gt "$back" ] ||
    fail "the broken file was read during the session (line $named, the session ended at $back)"
[ "$(grep -c "catalogue read again" "$log")" -ge 2 ] || fail "the broken edit was not read"
echo "catalogue_live: a front squat added while the kiosk ran, lifted by the next lifter; a mistake made mid-session read after it, named by line, the last good copy kept"
