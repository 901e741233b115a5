#!/usr/bin/env bash
# Health answers stay private: a full session (check-ins with pain, a pain stop in a set,
# a red flag, a trainer's review) leaves no pain score or red-flag answer in the kiosk's
# standard output or error, and the data directory, database and backups are the service
# user's alone (0700 and 0600).
set -euo pipefail
build=${1:-build}
bin=$build/asan/rackside
ctl=$build/asan/rackside-ctl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$work/data
db=$data/rackside.db

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

umask 022 # a permissive umask, as in a shell: the kiosk must not depend on the service's
SDL_VIDEODRIVER=offscreen timeout 300 "$bin" --data-dir "$data" \
    --scenario tests/data/records/full_session.scenario >"$work/out" 2>"$work/err" ||
    fail "the session did not play: $(tail -n 5 "$work/err")"
cat "$work/out" "$work/err" >"$work/logs"

# What was answered, as the database holds it: the oracle for the patterns below.
details=$(sqlite3 "$db" "SELECT detail FROM flags WHERE kind IN ('pain', 'red-flag')")
grep -q "pain 4/10" <<<"$details" || fail "the session did not record pain 4: $details"
grep -q "red flag #2" <<<"$details" || fail "the session did not record red flag 2: $details"
[ "$(sqlite3 "$db" "SELECT count(*) FROM sessions WHERE pain = 4")" -ge 1 ] ||
    fail "no check-in with pain 4 stored"

# The answers in any form: the flag details, the scores, the questions' words.
patterns=(
    "pain 4" "4/10" "pain 3" "3/10" "pain=" "pain:" "pain-" "red flag #" "red_flags"
    "flag-2-yes" "Numbness" "tingling" "shooting" "bladder" "fever" "weakness"
)
while IFS= read -r d; do patterns+=("$d"); done <<<"$details"
for p in "${patterns[@]}"; do
    if grep -qiF -- "$p" "$work/logs"; then
        fail "the kiosk's output holds a health answer ('$p'): $(grep -iF -- "$p" "$work/logs" | head -n 3)"
    fi
done
# the logs are there and say something, so the grep above looked at real output
grep -q "screen check-in" "$work/logs" || fail "no log of the session to check: $(head "$work/logs")"

# Files: the directory 0700, the database and its WAL 0600, also under umask 022.
mode() { stat -c %a "$1"; }
[ "$(mode "$data")" = 700 ] || fail "data directory mode $(mode "$data"), wanted 700"
for f in "$db" "$db-wal" "$db-shm" "$db.pending"; do
    [ -e "$f" ] || continue
    [ "$(mode "$f")" = 600 ] || fail "$f mode $(mode "$f"), wanted 600"
done
# a database left readable by an older version is made private on the next open
chmod 644 "$db"
"$ctl" --data-dir "$data" members >/dev/null
[ "$(mode "$db")" = 600 ] || fail "an open did not make the database private: $(mode "$db")"
"$ctl" --data-dir "$data" backup "$work/copy.db" >/dev/null
[ "$(mode "$work/copy.db")" = 600 ] || fail "backup mode $(mode "$work/copy.db")"
"$ctl" --data-dir "$data" report --out "$work/report.html" --date "$(date +%F)" >/dev/null
[ "$(mode "$work/report.html")" = 600 ] || fail "report mode $(mode "$work/report.html")"
# rackside-ctl's own output holds no answer either unless the export says it does
"$ctl" --data-dir "$data" checkins --no-health --format csv >"$work/nohealth.csv"
for p in "pain" "red_flags" "HEALTH"; do
    if grep -qiF -- "$p" "$work/nohealth.csv"; then fail "checkins --no-health holds '$p'"; fi
done
echo "privacy: no health answer in the logs; files private"
