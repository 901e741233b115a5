#!/usr/bin/env bash
# End to end: the demo scenario (assets/scenarios/demo.scenario) runs headless (offscreen
# at 1280x800 with the sanitised build, in a real X window under Xvfb at 800x480 with the
# release build), exits 0, leaves its sets, reps and flags in the database, and writes a
# screenshot of every screen. Its virtual clock starts at 10:00 today.
set -euo pipefail
build=${1:-build}
out=${RACKSIDE_TEST_OUT:-$build/test-out}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

q() {
    sqlite3 -batch -noheader "$1" "$2"
}

# Only what the demo made counts: the first start also seeds a lifter's history.
check_db() {
    local db=$1 since=$2
    [ -f "$db" ] || fail "no database at $db"
    local sessions sets reps
    sessions=$(q "$db" "select count(*) from sessions where started_us >= $since")
    [ "$sessions" -eq 2 ] || fail "expected 2 sessions (Alex sent home, Sam lifted), got $sessions"
    sets=$(q "$db" "select count(*) from sets where started_us >= $since")
    [ "$sets" -eq 3 ] || fail "expected 3 sets (two lifted, one overload stopped), got $sets"
    local stopped clean
    stopped=$(q "$db" "select count(*) from sets where stopped = 1 and started_us >= $since")
    [ "$stopped" -eq 1 ] || fail "expected the overload set stopped, got $stopped stopped"
    clean=$(q "$db" "select count(*) from sets where clean = 1 and started_us >= $since")
    [ "$clean" -eq 1 ] || fail "expected exactly the first set clean, got $clean"
    # every rep of the two lifted sets is stored with its measurements
    local want_reps
    want_reps=$(q "$db" "select sum(reps_done) from sets where stopped = 0 and started_us >= $since")
    reps=$(q "$db" "select count(*) from reps r join sets s on s.key = r.set_key
                    where s.started_us >= $since and s.stopped = 0")
    [ "$reps" -eq "$want_reps" ] || fail "sets say $want_reps reps, reps table has $reps"
    [ "$reps" -ge 8 ] || fail "expected at least 8 reps, got $reps"
    local bad
    bad=$(q "$db" "select count(*) from reps r join sets s on s.key = r.set_key
                   where s.started_us >= $since and (r.rom_mm < 300 or r.mean_conc_mmps <= 0)")
    [ "$bad" -eq 0 ] || fail "$bad reps have an implausible range of motion or velocity"
    for kind in red-flag rushed momentum overload; do
        local n
        n=$(q "$db" "select count(*) from flags where kind = '$kind' and t_us >= $since")
        [ "$n" -ge 1 ] || fail "no '$kind' flag recorded"
    done
    local acks
    acks=$(q "$db" "select count(*) from acknowledgements")
    [ "$acks" -eq 2 ] || fail "expected 2 acknowledgements, got $acks"
    local start
    start=$(q "$db" "select sl.load_g from start_loads sl join members m on m.id = sl.member_id
                     join exercises e on e.id = sl.exercise_id
                     where m.name = 'Alex Rivera' and e.name = 'Deadlift'")
    [ "$start" = 60000 ] || fail "the trainer's deadlift start load for Alex is '$start', not 60000"
    local over
    over=$(q "$db" "select count(*) from flags f join sets s on s.key = f.set_key
                    where f.kind = 'overload' and s.stopped = 1")
    [ "$over" -eq 1 ] || fail "the overload flag is not tied to the stopped set"
}

check_shots() {
    local dir=$1
    for screen in attract check-in advice warm-up plan set rest stop trainer-pin flags \
        flag-detail trainer-loads idle-countdown; do
        ls "$dir"/*-"$screen".png >/dev/null 2>&1 || fail "no screenshot of the $screen screen in $dir"
    done
}

start="$(date +%Y-%m-%d)T10:00"
since=$(($(date -d "$(date +%Y-%m-%d) 10:00" +%s) * 1000000))

# 1280x800, offscreen, sanitised build
rm -rf "$out/demo-1280x800"
SDL_VIDEODRIVER=offscreen timeout 900 "$build/asan/rackside" --demo --data-dir "$work/a" \
    --start-time "$start" \
    --size 1280x800 --screenshot-dir "$out/demo-1280x800" || fail "demo exited $?"
check_db "$work/a/rackside.db" "$since"
check_shots "$out/demo-1280x800"

# 800x480 in a real X window under Xvfb, release build
rm -rf "$out/demo-800x480"
if command -v xvfb-run >/dev/null; then
    env -u SDL_VIDEODRIVER timeout 900 xvfb-run -a -s "-screen 0 1024x768x24" \
        "$build/rackside" --demo --data-dir "$work/b" --size 800x480 --start-time "$start" \
        --screenshot-dir "$out/demo-800x480" || fail "demo under Xvfb exited $?"
else
    fail "xvfb-run is missing (make test installs xvfb)"
fi
check_db "$work/b/rackside.db" "$since"
check_shots "$out/demo-800x480"
echo "demo ok: screenshots in $out/demo-1280x800 and $out/demo-800x480"
