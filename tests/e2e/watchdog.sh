#!/usr/bin/env bash
# The kiosk under a service manager's eyes (Type=notify, WatchdogSec=): with
# NOTIFY_SOCKET on a test socket it sends READY=1 once its first frame is drawn, then
# WATCHDOG=1 at least every half of WatchdogSec; a frame loop that is made to hang
# (the process stopped with SIGSTOP) sends no pings, so systemd would restart it; once
# it runs again the pings come back; SIGTERM ends it through its frame loop with
# STOPPING=1, exit 0 and a database that passes integrity_check with what was written.
set -euo pipefail
build=${1:-build}
bin=$build/rackside
work=$(mktemp -d)
pid=
lpid=
trap '[ -n "$pid" ] && kill -CONT "$pid" 2>/dev/null && kill "$pid" 2>/dev/null
      [ -n "$lpid" ] && kill "$lpid" 2>/dev/null; rm -rf "$work"' EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy

fail() {
    echo "FAIL: $*" >&2
    [ -f "$work/notes" ] && sed 's/^/    /' "$work/notes" >&2
    exit 1
}

watchdog_s=4 # WatchdogSec for this run; the unit's is 10
half_s=$((watchdog_s / 2))
sock=@rackside-watchdog-test-$$
python3 tests/tools/notify_listener.py "$sock" "$work/notes" 60 &
lpid=$!
for _ in $(seq 1 100); do [ -f "$work/notes" ] && break; sleep 0.1; done
[ -f "$work/notes" ] || fail "the test's notify socket did not come up"

# WATCHDOG_PID names the kiosk itself: the shell's pid, which exec hands to it
NOTIFY_SOCKET=$sock WATCHDOG_USEC=$((watchdog_s * 1000000)) \
    sh -c 'WATCHDOG_PID=$$ exec "$0" --data-dir "$1"' "$bin" "$work/data" 2>"$work/kiosk.err" &
pid=$!

wait_for() { # wait_for REGEX SECONDS
    for _ in $(seq 1 $(($2 * 10))); do
        grep -q "$1" "$work/notes" && return 0
        sleep 0.1
    done
    return 1
}
wait_for " READY=1$" 30 || fail "no READY=1: $(cat "$work/kiosk.err")"
grep -q "ready: first frame" "$work/kiosk.err" || fail "READY=1 came before the first frame was drawn"
ready_line=$(grep -n " READY=1$" "$work/notes" | head -1 | cut -d: -f1)

# the database is in use while it runs
"$build/rackside-ctl" --data-dir "$work/data" member add "Robin Park" >/dev/null || fail "member add"

# Pings for 3 watchdog periods: never more than half of WatchdogSec apart.
sleep $((watchdog_s * 3))
max_gap() { # the largest gap between pings in the lines given on stdin, in ms
    awk '/ WATCHDOG=1$/ { if (n++) { g = ($1 - t) * 1000; if (g > m) m = g } t = $1 }
         END { if (n < 2) print -1; else printf "%d\n", m }'
}
pings=$(tail -n +"$ready_line" "$work/notes" | grep -c " WATCHDOG=1$" || true)
[ "$pings" -ge $((watchdog_s * 3 / half_s)) ] || fail "only $pings pings in $((watchdog_s * 3)) s after READY"
gap=$(tail -n +"$ready_line" "$work/notes" | max_gap)
[ "$gap" -ge 0 ] && [ "$gap" -le $((half_s * 1000)) ] ||
    fail "pings $gap ms apart, more than half of WatchdogSec ($half_s s)"

# A hung frame loop: stopped for longer than WatchdogSec, it sends nothing.
kill -STOP "$pid"
sleep 0.5 # a datagram already on its way is not the loop's
before=$(wc -l <"$work/notes")
sleep $((watchdog_s + 1))
after=$(wc -l <"$work/notes")
[ "$after" -eq "$before" ] || fail "a stopped kiosk sent $((after - before)) message(s)"
kill -CONT "$pid"
for _ in $(seq 1 $((watchdog_s * 10))); do
    [ "$(wc -l <"$work/notes")" -gt "$after" ] && break
    sleep 0.1
done
[ "$(tail -n +"$((after + 1))" "$work/notes" | grep -c " WATCHDOG=1$" || true)" -ge 1 ] ||
    fail "no ping once the frame loop ran again"

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
[ "$status" -eq 0 ] || fail "the kiosk exited $status on SIGTERM: $(cat "$work/kiosk.err")"
wait_for " STOPPING=1$" 5 || fail "no STOPPING=1 on SIGTERM"
[ "$(grep -c " READY=1$" "$work/notes")" -eq 1 ] || fail "READY=1 was sent more than once"
grep -q "rackside: stopped:" "$work/kiosk.err" || fail "the kiosk did not stop through its frame loop"
db=$work/data/rackside.db
[ "$(sqlite3 "$db" 'pragma integrity_check')" = ok ] || fail "integrity_check after SIGTERM"
[ "$(sqlite3 "$db" "select count(*) from members where name = 'Robin Park'")" -eq 1 ] ||
    fail "the member written while the kiosk ran is gone"
[ ! -s "$db-wal" ] || fail "the write-ahead log was not checkpointed: the database was not closed"
# Stopping the whole process (above) stops every thread; a ping sent from any thread but
# the frame loop's would go on while that loop hangs, and systemd would never restart it.
# Traced, every WATCHDOG=1 is sent by the kiosk's main thread, which runs the frame loop
# (SDL draws from the thread that made the window), and by no other.
command -v strace >/dev/null || fail "strace not found: make deps-test installs it"
sock2=@rackside-watchdog-thread-test-$$
python3 tests/tools/notify_listener.py "$sock2" "$work/notes2" 30 &
lpid=$!
for _ in $(seq 1 100); do [ -f "$work/notes2" ] && break; sleep 0.1; done
[ -f "$work/notes2" ] || fail "the test's second notify socket did not come up"
NOTIFY_SOCKET=$sock2 WATCHDOG_USEC=$((watchdog_s * 1000000)) \
    strace -f -qq -e trace=sendto,sendmsg -s 32 -o "$work/trace" \
    sh -c 'WATCHDOG_PID=$$ exec "$0" --data-dir "$1"' "$bin" "$work/data" 2>"$work/kiosk2.err" &
spid=$!
for _ in $(seq 1 600); do # a minute: a kiosk under strace is slow to start
    [ "$(grep -c " WATCHDOG=1$" "$work/notes2")" -ge 3 ] && break
    sleep 0.1
done
kpid=$(pgrep -P "$spid" || true)
[ -n "$kpid" ] && kill -TERM "$kpid"
wait "$spid" || fail "the traced kiosk did not exit cleanly: $(tail -3 "$work/kiosk2.err")"
[ "$(grep -c " WATCHDOG=1$" "$work/notes2")" -ge 3 ] || fail "the traced kiosk sent fewer than 3 pings"
senders=$(grep 'WATCHDOG=1' "$work/trace" | awk '{print $1}' | sort -u | tr '\n' ' ')
[ "$senders" = "$kpid " ] || fail "pings sent by thread(s) $senders, not by the main thread $kpid alone"
echo "watchdog ok: pings at most $gap ms apart (WatchdogSec=${watchdog_s}s), all from the frame loop's thread"
