#!/usr/bin/env bash
# rackside-ctl enrols, lists, exports and backs up on the kiosk's database while the
# kiosk runs, and nothing it wrote is lost when the kiosk stops.
set -euo pipefail
build=${1:-build}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
ctl=("$build/rackside-ctl" --data-dir "$work/d")

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

timeout 120 "$build/asan/rackside" --data-dir "$work/d" 2>"$work/kiosk.err" &
pid=$!
for _ in $(seq 1 200); do
    grep -q "ready:" "$work/kiosk.err" 2>/dev/null && break
    sleep 0.1
done
grep -q "ready:" "$work/kiosk.err" || fail "the kiosk did not start: $(cat "$work/kiosk.err")"

"${ctl[@]}" member add "Robin Park" >/dev/null || fail "member add while the kiosk runs"
"${ctl[@]}" badge add 04A2B9C1 "Robin Park" >/dev/null || fail "badge add while the kiosk runs"
"${ctl[@]}" members | grep -q "Robin Park.*04A2B9C1" || fail "members does not list the new badge"
"${ctl[@]}" flags --format json | python3 -m json.tool >/dev/null || fail "flags json while running"
"${ctl[@]}" backup "$work/copy.db" >/dev/null || fail "backup while the kiosk runs"
[ "$(sqlite3 "$work/copy.db" "select count(*) from members")" -eq 4 ] ||
    fail "the backup does not hold the 3 demo members and Robin"

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 0 ] || fail "kiosk exit $status: $(cat "$work/kiosk.err")"
[ "$(sqlite3 "$work/d/rackside.db" "select count(*) from badges where uid = '04A2B9C1'")" -eq 1 ] ||
    fail "the badge is gone after the kiosk stopped"
echo "ctl with a running kiosk ok"
