#!/usr/bin/env bash
# Bad input gets a one-line error that says what and where, and loses nothing stored.
set -euo pipefail
build=${1:-build}
bin=$build/asan/rackside
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
export SDL_VIDEODRIVER=offscreen
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# A broken config line is named with its file and line; the demo still runs on defaults.
cat >"$work/bad.conf" <<'CONF'
[rules]
rest_s = 60
pain_cap_pct = lots
[plate
CONF
timeout 900 "$bin" --demo --data-dir "$work/cfg" --config "$work/bad.conf" 2>"$work/cfg.err" ||
    fail "the demo did not survive a broken config file"
grep -q "config $work/bad.conf line 3: 'lots'" "$work/cfg.err" ||
    fail "config error does not name the file and line: $(cat "$work/cfg.err")"

# A file that is not a database is refused and left untouched.
mkdir -p "$work/junk"
head -c 4096 /dev/urandom >"$work/junk/rackside.db"
sum=$(sha256sum "$work/junk/rackside.db")
if timeout 60 "$bin" --data-dir "$work/junk" 2>"$work/junk.err"; then
    fail "the kiosk ran on a file that is not a database"
fi
[ "$(wc -l <"$work/junk.err")" -eq 1 ] || fail "expected one line, got: $(cat "$work/junk.err")"
grep -q "$work/junk/rackside.db" "$work/junk.err" || fail "error does not say where"
[ "$(sha256sum "$work/junk/rackside.db")" = "$sum" ] || fail "the file was changed"

# A database in a read-only directory: one line, and the data is still there. Root
# ignores file modes, so as root the kiosk runs as nobody for this check.
as_user() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    else
        "$@"
    fi
}
timeout 900 "$bin" --demo --data-dir "$work/ro" 2>/dev/null || fail "demo failed"
before=$(sqlite3 "$work/ro/rackside.db" "select count(*) from sets")
chmod -R a-w "$work/ro"
chmod a+rx "$work"
cp "$bin" "$work/rackside" # the checkout's folders may be closed to nobody
if as_user env HOME="$work" timeout 60 "$work/rackside" --data-dir "$work/ro" 2>"$work/ro.err"; then
    fail "the kiosk ran on a read-only database"
fi
[ "$(wc -l <"$work/ro.err")" -eq 1 ] || fail "expected one line, got: $(cat "$work/ro.err")"
grep -q "$work/ro" "$work/ro.err" || fail "read-only error does not say where: $(cat "$work/ro.err")"
chmod -R u+w "$work/ro"
after=$(sqlite3 "$work/ro/rackside.db" "select count(*) from sets")
[ "$before" = "$after" ] || fail "sets changed from $before to $after"

# No display at all: one line, exit non-zero, no crash.
if env SDL_VIDEODRIVER=x11 DISPLAY=:99999 timeout 60 "$bin" --data-dir "$work/nodisp" \
    2>"$work/nodisp.err"; then
    fail "the kiosk ran without a display"
fi
[ "$(wc -l <"$work/nodisp.err")" -eq 1 ] || fail "expected one line, got: $(cat "$work/nodisp.err")"
grep -qi "display" "$work/nodisp.err" || fail "no-display error does not say so"

# Bad command-line arguments.
if "$bin" --size huge 2>"$work/args.err"; then fail "--size huge accepted"; fi
grep -q "WIDTHxHEIGHT" "$work/args.err" || fail "bad --size not explained"

# A broken or missing font: one line naming the file, exit non-zero.
mkdir -p "$work/assets/fonts"
head -c 5000 /dev/urandom >"$work/assets/fonts/DejaVuSans.ttf"
cp "$work/assets/fonts/DejaVuSans.ttf" "$work/assets/fonts/DejaVuSans-Bold.ttf"
if timeout 60 "$bin" --assets "$work/assets" --data-dir "$work/fonts" 2>"$work/font.err"; then
    fail "the kiosk ran with a garbage font"
fi
[ "$(wc -l <"$work/font.err")" -eq 1 ] || fail "expected one line, got: $(cat "$work/font.err")"
grep -q "$work/assets/fonts/DejaVuSans.ttf" "$work/font.err" || fail "font error does not say which file"

# SIGTERM (systemd stopping the kiosk) is a clean exit that keeps the database whole.
timeout 60 "$bin" --data-dir "$work/term" 2>"$work/term.err" &
pid=$!
for _ in $(seq 1 100); do
    [ -f "$work/term/rackside.db" ] && break
    sleep 0.1
done
sleep 1
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 0 ] || fail "SIGTERM gave exit $status: $(cat "$work/term.err")"
[ "$(sqlite3 "$work/term/rackside.db" "pragma integrity_check")" = ok ] || fail "database damaged"
[ "$(sqlite3 "$work/term/rackside.db" "select count(*) from members")" -eq 3 ] ||
    fail "the demo members are not there after a stop"
echo "bad input ok"

# Hardware configured but not there (no GPIO chip, no bar unit, no badge reader): the
# kiosk still starts, says once what is missing and where to fix it, and stops cleanly.
cat >"$work/hw.conf" <<'CONF'
[plate]
driver = hardware
gpio_chip = no-such-chip
[bar]
driver = hardware
[badge]
driver = hardware
device = /dev/input/by-id/no-such-reader-event-kbd
[lights]
driver = hardware
gpio_chip = no-such-chip
CONF
timeout 60 "$bin" --config "$work/hw.conf" --data-dir "$work/hw" 2>"$work/hw.err" &
pid=$!
# a minute for the first frame: an ASan build on a loaded machine is slow to start
for _ in $(seq 1 600); do
    grep -q "ready:" "$work/hw.err" && break
    sleep 0.1
done
grep -q "ready:" "$work/hw.err" || fail "kiosk with absent hardware never drew: $(cat "$work/hw.err")"
sleep 1
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 0 ] || fail "kiosk with absent hardware exited $status: $(cat "$work/hw.err")"
grep -q "ready:" "$work/hw.err" || fail "kiosk with absent hardware never drew: $(cat "$work/hw.err")"
for what in "load plate: no GPIO chip labelled 'no-such-chip'" "stack light: no GPIO chip" \
    "bar unit 1209:0001: not plugged in" "no-such-reader-event-kbd"; do
    [ "$(grep -c "$what" "$work/hw.err")" -eq 1 ] ||
        fail "expected one line about '$what': $(cat "$work/hw.err")"
done
echo "absent hardware ok"
