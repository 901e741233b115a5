#!/usr/bin/env bash
# The nightly backup (systemd/rackside-backup, run by rackside-backup.timer): each run
# leaves one more complete, integrity-checked copy named by its UTC time, the newest
# KEEP are kept and older ones removed, a failed copy leaves no partial file and
# removes nothing, and a missing database or a bad KEEP is refused with a message.
set -euo pipefail
build=${1:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
script=systemd/rackside-backup
export RACKSIDE_CTL=$PWD/$build/rackside-ctl

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

data=$work/data
backups=$work/data/backups
"$RACKSIDE_CTL" --data-dir "$data" member add "Robin Park" >/dev/null || fail "could not make a database"

# older copies than the script would make today: the oldest must go first
mkdir -p "$backups"
for d in 01 02 03 04 05 06 07 08; do
    echo "not a database" >"$backups/rackside-2020-01-${d}T030000Z.db"
done
echo "an operator's own file" >"$backups/keep-me.txt"

out=$(sh "$script" "$data" "$backups" 7 2>&1) || fail "backup failed: $out"
new=$(ls "$backups" | grep -v '^rackside-2020' | grep '^rackside-') || fail "no new copy in $backups"
[ "$(printf '%s\n' "$new" | grep -c .)" -eq 1 ] || fail "expected one new copy, got: $new"
printf '%s\n' "$new" | grep -Eq '^rackside-[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{6}Z\.db$' ||
    fail "the copy's name is not rackside-YYYY-MM-DDTHHMMSSZ.db: $new"
[ "$(sqlite3 "$backups/$new" 'pragma integrity_check')" = ok ] || fail "the copy fails integrity_check"
[ "$(sqlite3 "$backups/$new" "select count(*) from members where name = 'Robin Park'")" -eq 1 ] ||
    fail "the copy does not hold what the database holds"
[ "$(ls "$backups" | grep -c '^rackside-.*\.db$')" -eq 7 ] || fail "expected 7 copies kept: $(ls "$backups")"
for d in 01 02; do
    [ ! -e "$backups/rackside-2020-01-${d}T030000Z.db" ] || fail "the old copy of 2020-01-$d was kept"
done
[ -e "$backups/rackside-2020-01-03T030000Z.db" ] || fail "a copy among the newest 7 was removed"
[ -e "$backups/keep-me.txt" ] || fail "a file that is not a backup was removed"
[ "$(stat -c %a "$backups/$new")" = 600 ] || fail "the copy is readable by others: $(stat -c %a "$backups/$new")"

# a failing copy (the ctl refuses) removes nothing and leaves no partial file
before=$(ls "$backups")
if RACKSIDE_CTL=/bin/false sh "$script" "$data" "$backups" 1 >"$work/out" 2>&1; then
    fail "a failed copy was reported as done"
fi
grep -q "older copies are kept" "$work/out" || fail "no message for a failed copy: $(cat "$work/out")"
[ "$(ls "$backups")" = "$before" ] || fail "a failed copy changed the backups: $(ls "$backups")"
[ -z "$(ls -A "$backups" | grep partial)" ] || fail "a partial copy was left behind"

# refusals
if sh "$script" "$work/none" "$backups" 7 >"$work/out" 2>&1; then fail "no database, yet it succeeded"; fi
grep -q "no database at $work/none/rackside.db" "$work/out" || fail "no clear message: $(cat "$work/out")"
for bad in 0 -1 x 7x; do
    if sh "$script" "$data" "$backups" "$bad" >"$work/out" 2>&1; then fail "KEEP='$bad' accepted"; fi
    grep -q "KEEP must be" "$work/out" || fail "KEEP='$bad': no clear message"
done
echo "backup ok"
