#!/usr/bin/env bash
# Bad input gets a one-line error that says what and where, and loses nothing stored.
set -euo pipefail
build=${1:-build}
bin=$build/asan/rackside
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
export SDL_VIDEODRIVER=offscreen

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
echo "bad input ok"
