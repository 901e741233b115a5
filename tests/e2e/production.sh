#!/usr/bin/env bash
# Production fails loud (issue 7): with --production the kiosk never runs on a simulator
# it was not told to use, and a missing, unreadable or wrong settings file, a database
# it cannot open or a device that is not there is a full-screen fault that names what,
# where and what to do. The kiosk stays up, tries again, goes on once the cause is
# fixed, ignores Ctrl+C, seeds no demo members, and stops cleanly on SIGTERM.
set -euo pipefail
build=${1:-build}
bin=$build/asan/rackside
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$work"' EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=${SDL_AUDIODRIVER:-dummy}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
out=${RACKSIDE_TEST_OUT:-$work}/production
mkdir -p "$out"

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# wait_for FILE PATTERN: up to 20 s for a line in the kiosk's log
wait_for() {
    for _ in $(seq 1 200); do
        grep -q -- "$2" "$1" && return 0
        kill -0 "$pid" 2>/dev/null || fail "the kiosk exited; log: $(cat "$1")"
        sleep 0.1
    done
    fail "no '$2' in the log: $(cat "$1")"
}

# start NAME CONFIG: the kiosk in the background, as the service would start it
start() {
    rm -rf "$out/$1"
    "$bin" --production --config "$2" --data-dir "$work/$1-data" \
        --screenshot-dir "$out/$1" 2>"$work/$1.log" &
    pid=$!
}

# stop NAME: Ctrl+C does nothing; SIGTERM stops it with status 0
stop() {
    kill -INT "$pid"
    sleep 0.3
    kill -0 "$pid" 2>/dev/null || fail "$1: Ctrl+C (SIGINT) stopped a production kiosk"
    kill -TERM "$pid"
    local status=0
    wait "$pid" || status=$?
    pid=
    [ "$status" -eq 0 ] || fail "$1: SIGTERM gave exit $status: $(cat "$work/$1.log")"
}

# fault NAME CONFIG WHAT WHERE: the fault is logged once and drawn full screen
fault() {
    start "$1" "$2"
    wait_for "$work/$1.log" "out of service: $3"
    grep -q -- "$4" "$work/$1.log" || fail "$1: the fault does not say where ($4): $(cat "$work/$1.log")"
    for _ in $(seq 1 50); do [ -s "$out/$1/01-fault.png" ] && break; sleep 0.1; done
    [ -s "$out/$1/01-fault.png" ] || fail "$1: no fault screen was drawn"
    stop "$1"
    [ "$(grep -c "out of service" "$work/$1.log")" -eq 1 ] ||
        fail "$1: the fault was logged more than once: $(cat "$work/$1.log")"
}

fault missing "$work/none.conf" "There is no settings file" "$work/none.conf does not exist"
mkdir "$work/confdir"
fault directory "$work/confdir" "The settings file cannot be used" "config $work/confdir: is a directory"
printf '[plate]\ndriver = hardwre\n' >"$work/typo.conf"
fault typo "$work/typo.conf" "The settings file cannot be used" \
    "config $work/typo.conf line 2: driver 'hardwre' is neither sim nor hardware"
printf '[rules]\nsmallest_step_kg = 20\n' >"$work/nonsense.conf"
fault nonsense "$work/nonsense.conf" "The settings file cannot be used" \
    "line 2: \[rules\] smallest_step_kg = 20 must be at most"
# the shipped file runs the simulators: not as the service
fault shipped assets/config/rackside.conf "The load plate is set to a simulator" "driver = sim"
# simulators allowed for the others, never for the plate
printf '[kiosk]\nallow_sim_in_production = 1\n[plate]\ndriver = sim\n' >"$work/allow.conf"
fault allowed "$work/allow.conf" "The load plate is set to a simulator" "\[plate\]"

# A real plate that is not there: a fault, not a plate that reads nothing.
hw="$work/hw.conf"
printf '[plate]\ndriver = hardware\ngpio_chip = no-such-chip\n[kiosk]\nallow_sim_in_production = 1\n[bar]\ndriver = sim\n[badge]\ndriver = sim\n[lights]\ndriver = sim\n' >"$hw"
fault plate "$hw" "The load plate is not answering" "no-such-chip"
# no demo members in production
[ "$(sqlite3 "$work/plate-data/rackside.db" "select count(*) from members")" -eq 0 ] ||
    fail "production seeded demo members"

# A database it cannot open: the fault, then, once it is moved away, the kiosk goes on
# (here to the next fault, the absent plate).
mkdir -p "$work/db-data"
head -c 4096 /dev/urandom >"$work/db-data/rackside.db"
start db "$hw"
wait_for "$work/db.log" "out of service: The database cannot be opened"
grep -q "file is not a database" "$work/db.log" || fail "the database fault does not say why"
mv "$work/db-data/rackside.db" "$work/junk.db"
wait_for "$work/db.log" "out of service: The load plate is not answering"
stop db
[ "$(sqlite3 "$work/db-data/rackside.db" "pragma integrity_check")" = ok ] ||
    fail "the database made after the fix is not whole"
echo "production faults ok"
