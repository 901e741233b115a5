#!/usr/bin/env bash
# rackside-ctl's records on a generated gym (tests/gen/gen_gymdb.c, a seed used nowhere
# else): exports over ranges checked against SQLite's own counts, check-ins with and
# without health answers, backup and restore (and what restore refuses), vacuum, members
# import with its dry run and bad rows, and the usage errors.
set -euo pipefail
build=${1:-build}
ctl=$build/asan/rackside-ctl
gen=$build/tools/gen-gymdb
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$work/data
db=$data/rackside.db

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
[ -x "$gen" ] || fail "$gen is not built (make $gen)"
mkdir -p "$data"
"$gen" --out "$db" --members 80 --years 1 --seed 77 --visits-per-day 12 >/dev/null

# run EXPECTED_STATUS ARGS...: stdout in $work/out, stderr in $work/err
run() {
    local want=$1
    shift
    local got=0
    "$ctl" --data-dir "$data" "$@" >"$work/out" 2>"$work/err" || got=$?
    [ "$got" -eq "$want" ] ||
        fail "rackside-ctl $* exited $got, wanted $want: $(head -c 600 "$work/out") $(cat "$work/err")"
}
q() { sqlite3 "$db" "$1"; }
# the gym day D starts at 04:00 local time (the kiosk's default)
day_us() { echo $(($(date -d "$1 04:00" +%s) * 1000000)); }

from=$(date -d "40 days ago" +%F)
to=$(date -d "20 days ago" +%F)
next=$(date -d "19 days ago" +%F)
lo=$(day_us "$from")
hi=$(day_us "$next")

# --- flags over a range: every flag of those gym days, as SQLite counts them ---
want=$(q "SELECT count(*) FROM flags WHERE t_us >= $lo AND t_us < $hi")
[ "$want" -gt 20 ] || fail "too few flags to test on: $want"
run 0 flags --from "$from" --to "$to" --format json
got=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["flags"]))' "$work/out")
[ "$got" = "$want" ] || fail "flags --from --to: $got flags, SQLite counts $want"
health=$(q "SELECT count(*) FROM flags WHERE t_us >= $lo AND t_us < $hi AND kind IN ('pain','red-flag')")
run 0 flags --from "$from" --to "$to" --format csv
python3 - "$work/out" "$want" "$health" <<'PY' || fail "flags CSV over a range is wrong"
import csv, sys
lines = open(sys.argv[1], newline="").read().splitlines(True)
want, health = int(sys.argv[2]), int(sys.argv[3])
if health:
    assert lines[0].startswith("# HEALTH DATA"), lines[0]
    lines = lines[1:]
rows = list(csv.DictReader(lines))
assert len(rows) == want, (len(rows), want)
assert sum(r["kind"] in ("pain", "red-flag") for r in rows) == health
PY
run 0 flags --from "$from" --to "$to" --no-health --format json
got=$(python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); f=e["flags"]; assert not e["health_answers"] and not [x for x in f if x["kind"] in ("pain","red-flag")]; print(len(f))' "$work/out")
[ "$got" = $((want - health)) ] || fail "flags --no-health: $got, wanted $((want - health))"
run 0 flags --from "$from" --to "$to"
# the header, a row a flag, and first the health notice when pain or red flags are among them
notice=$(q "SELECT count(*) > 0 FROM flags WHERE t_us >= $lo AND t_us < $hi AND
    kind IN ('pain', 'red-flag', 'screening')")
[ "$(grep -c . "$work/out")" = $((want + 1 + notice)) ] || fail "flags table over a range: $(head -3 "$work/out")"
[ "$notice" = 0 ] || head -n 1 "$work/out" | grep -q "^HEALTH DATA" ||
    fail "flags table over a range: no health notice first: $(head -2 "$work/out")"

# the report over the same days holds every one of those flags
run 0 report --from "$from" --to "$to" --out "$work/range.html"
grep -q "report of $want flags written" "$work/out" || fail "report --from --to: $(cat "$work/out"), wanted $want flags"
[ "$(grep -c '<section class="flag">' "$work/range.html")" = "$want" ] || fail "the range report lacks flags"
grep -q "<h1>Flags: $from to $to</h1>" "$work/range.html" || fail "the range report's title"

# --- one member's sets, as CSV and JSON ---
member=$(q "SELECT m.name FROM members m JOIN sets s ON s.member_id = m.id WHERE s.started_us >= $lo AND s.started_us < $hi GROUP BY m.id ORDER BY count(*) DESC LIMIT 1")
want=$(q "SELECT count(*) FROM sets s JOIN members m ON m.id = s.member_id WHERE m.name = '$member' AND s.started_us >= $lo AND s.started_us < $hi")
all=$(q "SELECT count(*) FROM sets s JOIN members m ON m.id = s.member_id WHERE m.name = '$member'")
run 0 sets --member "$member" --from "$from" --to "$to" --format csv
python3 - "$work/out" "$want" "$member" <<'PY' || fail "sets CSV: $(head -3 "$work/out")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == int(sys.argv[2]), (len(rows), sys.argv[2])
assert all(r["member"] == sys.argv[3] for r in rows)
assert all(float(r["load_kg"]) >= 20 and r["clean"] in ("yes", "no") for r in rows)
assert [r["time"] for r in rows] == sorted(r["time"] for r in rows)
PY
run 0 sets --member "$member" --format json
got=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/out")
[ "$got" = "$all" ] || fail "sets --member without dates: $got, wanted every set ($all)"

# --- check-ins: health answers say so on the first line, or are left out ---
want=$(q "SELECT count(*) FROM sessions WHERE started_us >= $lo AND started_us < $hi")
run 0 checkins --from "$from" --to "$to" --format csv
head -n 1 "$work/out" | grep -q "^# HEALTH DATA" || fail "checkins CSV does not say it holds health answers"
python3 - "$work/out" "$want" <<'PY' || fail "checkins CSV is wrong"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="").read().splitlines(True)[1:]))
assert len(rows) == int(sys.argv[2]), (len(rows), sys.argv[2])
assert all(r["pain"] == "" or 0 <= int(r["pain"]) <= 10 for r in rows)
assert any(r["pain"] not in ("", "0") for r in rows)
PY
run 0 checkins --from "$from" --to "$to" --format json
head -n 1 "$work/out" | grep -q '"health_answers": true' || fail "checkins JSON first line: $(head -n 1 "$work/out")"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["checkins"]) == int(sys.argv[2]); assert "pain" in d["checkins"][0]' "$work/out" "$want" ||
    fail "checkins JSON is wrong"
for fmt in csv json table; do
    run 0 checkins --from "$from" --to "$to" --no-health --format "$fmt"
    if grep -qiE 'pain|red.?flag|HEALTH DATA' "$work/out"; then
        fail "checkins --no-health --format $fmt holds health answers: $(head -n 3 "$work/out")"
    fi
    [ "$(grep -c . "$work/out")" -gt "$want" ] || fail "checkins --no-health $fmt lost rows"
done

# --- backup, then restore after a change: the change is gone, the replaced file kept ---
run 0 backup "$work/b1.db"
[ "$(stat -c %a "$work/b1.db")" = 600 ] || fail "backup is not 0600"
[ "$(sqlite3 "$work/b1.db" 'PRAGMA integrity_check')" = ok ] || fail "backup fails integrity_check"
counts="SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM sets), (SELECT count(*) FROM reps), (SELECT count(*) FROM flags)"
[ "$(sqlite3 "$work/b1.db" "$counts")" = "$(q "$counts")" ] || fail "backup differs from the database"
run 1 backup "$work/b1.db"
grep -q "exists" "$work/err" || fail "backup over an existing file: $(cat "$work/err")"
run 0 member add "Added After Backup"
run 0 restore "$work/b1.db"
kept=$(sed -n 's/.*is kept as \(.*\)$/\1/p' "$work/out")
[ -f "$kept" ] || fail "restore kept no copy: $(cat "$work/out")"
[ "$(cd "$(dirname "$kept")" && pwd)" = "$(cd "$data" && pwd)" ] ||
    fail "the kept copy is not beside the database: $kept"
case $(basename "$kept") in rackside.db.replaced-*) ;; *) fail "the kept copy is named $kept" ;; esac
[ "$(sqlite3 "$kept" 'PRAGMA integrity_check')" = ok ] || fail "the kept copy does not open whole"
[ "$(stat -c %a "$kept")" = 600 ] || fail "the kept copy is not 0600"
[ "$(sqlite3 "$kept" "SELECT count(*) FROM members WHERE name = 'Added After Backup'")" = 1 ] ||
    fail "the kept copy is not the replaced database"
[ "$(q "SELECT count(*) FROM members WHERE name = 'Added After Backup'")" = 0 ] ||
    fail "restore did not bring the backup back"
[ "$(q "$counts")" = "$(sqlite3 "$work/b1.db" "$counts")" ] || fail "restored counts differ"

# --- restore refuses what it must, and leaves the database as it was ---
before=$(q "$counts")
cp "$work/b1.db" "$work/newer.db" && sqlite3 "$work/newer.db" "PRAGMA user_version = 99"
printf 'name,role\nnot a database\n' >"$work/text.db"
cp "$work/b1.db" "$work/damaged.db"
# scribble over pages in the middle of the file (past the header, into the b-trees)
python3 - "$work/damaged.db" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(0, 2)
    size = f.tell()
    for at in range(8192, size - 4096, size // 7):
        f.seek(at)
        f.write(bytes([0xA5]) * 2048)
PY
sqlite3 "$work/empty.db" "CREATE TABLE t (x); PRAGMA user_version = 1"
while IFS='|' read -r file why; do
    run 1 restore "$work/$file"
    grep -q "$why" "$work/err" || fail "restore $file: wanted '$why', said: $(cat "$work/err")"
    [ "$(q "$counts")" = "$before" ] || fail "a refused restore ($file) changed the database"
done <<'CASES'
newer.db|newer than this rackside
text.db|refusing to restore
damaged.db|refusing to restore
empty.db|not a rackside database
missing.db|cannot open
CASES

# --- vacuum: smaller or equal, nothing lost ---
q "DELETE FROM reps WHERE set_key IN (SELECT key FROM sets LIMIT 2000)"
before=$(q "$counts")
run 0 vacuum
read -r b a < <(sed -n 's/vacuumed: \([0-9]*\) bytes before, \([0-9]*\) after/\1 \2/p' "$work/out")
[ -n "${a:-}" ] && [ "$a" -lt "$b" ] || fail "vacuum did not shrink the file: $(cat "$work/out")"
[ "$(q "$counts")" = "$before" ] || fail "vacuum changed the records"
[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "vacuum damaged the database"

# --- members import: a dry run lists, bad rows are named by line and change nothing ---
cat >"$work/good.csv" <<'CSV'
name,role,badges
New Lifter One,lifter,AA0001
"Quoted, Name",,AA0002 AA0003
New Coach,trainer,
CSV
existing=$(q "SELECT name FROM members WHERE role = 'lifter' ORDER BY id LIMIT 1")
printf '%s,lifter,AA0004\n' "$existing" >>"$work/good.csv"
members=$(q "SELECT count(*) FROM members")
run 0 members import "$work/good.csv" --dry-run
for want in 'line 2: would add lifter "New Lifter One"' 'line 3: would give badge AA0003 to "Quoted, Name"' \
    'line 4: would add trainer "New Coach"' "line 5: would give badge AA0004 to \"$existing\"" \
    "7 changes would be made"; do
    grep -qF "$want" "$work/out" || fail "dry run does not say '$want': $(cat "$work/out")"
done
[ "$(q "SELECT count(*) FROM members")" = "$members" ] || fail "a dry run changed members"
run 0 members import "$work/good.csv"
[ "$(q "SELECT count(*) FROM members")" = $((members + 3)) ] || fail "import did not add 3 members"
[ "$(q "SELECT m.name FROM badges b JOIN members m ON m.id = b.member_id WHERE b.uid = 'AA0003'")" = "Quoted, Name" ] ||
    fail "import gave AA0003 to the wrong member"
grep -q "PIN [0-9]" "$work/out" || fail "the new trainer's PIN was not shown"
run 0 members import "$work/good.csv" --dry-run
grep -q "0 changes would be made" "$work/out" || fail "a second import would change: $(cat "$work/out")"

while IFS='|' read -r name body want; do
    printf "$body" >"$work/$name.csv"
    members=$(q "SELECT count(*) FROM members")
    run 2 members import "$work/$name.csv"
    grep -qF "$want" "$work/err" || fail "import $name: wanted '$want', said: $(cat "$work/err")"
    [ "$(q "SELECT count(*) FROM members")" = "$members" ] || fail "import $name changed members"
done <<'CASES'
no_header|Someone,lifter\n|line 1: the first line must name the columns
bad_role|name,role\nFine Person,lifter\nBad Role,coach\n|line 3: the role is lifter or trainer
empty_name|name,role\n,lifter\n|line 2: the name is empty
bad_badge|name,badges\nX Y,AB-12\n|line 2: "AB-12" is not a badge UID
dup_name|name\nTwin\nTwin\n|line 3: "Twin" is named on an earlier line
dup_badge|name,badges\nP One,ZZ1\nP Two,ZZ1\n|line 3: badge ZZ1 is given on an earlier line
taken_badge|name,badges\nP Three,AA0001\n|line 2: badge AA0001 belongs to another member
role_change|name,role\nNew Coach,lifter\n|line 2: "New Coach" is already enrolled with another role
control_chars|name\nBell\x07Name\n|line 2: the name
multi_line|name,role\n"Two\nLines",lifter\nBad,x\n|line 4: the role is lifter or trainer
unterminated|name\n"open quote\n|line 2
long_field|name,badges\nLong Badges,%01100d AB1\n|line 2: a field is longer than 1023 bytes
CASES

# --- usage errors: status 2 and a message, for each new command ---
for args in "flags --from 2026-13-01" "flags --from 2026-03-02 --to 2026-03-01" \
    "flags --date 2026-03-01 --from 2026-03-01" "sets --member" "sets --format xml" \
    "checkins --format xml" "checkins extra" "report" "report --date 2026-02-30 --out x.html" \
    "restore" "restore a b" "vacuum now" "members import" "members import a.csv --force"; do
    rc=0
    # shellcheck disable=SC2086
    "$ctl" --data-dir "$data" $args >/dev/null 2>"$work/err" || rc=$?
    [ "$rc" -eq 2 ] || fail "rackside-ctl $args exited $rc, wanted 2"
    grep -q "rackside-ctl: .*" "$work/err" || fail "rackside-ctl $args said nothing"
done
run 1 sets --member "Nobody At All" --format json
echo "records: ok"
