#!/usr/bin/env bash
# rackside-ctl end to end: enrol members and badges, list them, export the day's flags as
# CSV and JSON, refuse bad arguments with a message, and wait out a busy database.
set -euo pipefail
build=${1:-build}
ctl=$build/rackside-ctl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$work/data
db=$data/rackside.db

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

[ -x "$ctl" ] || fail "$ctl is not built"

# run EXPECTED_STATUS ARGS...: runs the tool, keeps stdout/stderr in $out/$err
run() {
    local want=$1
    shift
    local got=0
    "$ctl" --data-dir "$data" "$@" >"$work/out" 2>"$work/err" || got=$?
    out=$(cat "$work/out")
    err=$(cat "$work/err")
    [ "$got" -eq "$want" ] ||
        fail "rackside-ctl $* exited $got, wanted $want (stdout: $out; stderr: $err)"
}

# --- help ---
run 0 --help
grep -q "member add NAME" <<<"$out" || fail "--help does not list the commands"
run 0 help
grep -q "usage: rackside-ctl" <<<"$out" || fail "help does not print usage"

# --- members and badges ---
run 0 member add "Alex Rivera"
grep -q "id 1" <<<"$out" || fail "member add did not report the id: $out"
run 0 member add "Jordan Lee" --trainer --pin 2468
# a trainer without --pin gets a new PIN of the keypad's length, shown once
run 0 member add "Casey Nopin" --trainer
grep -Eq '^PIN [0-9]{4} ' <<<"$out" || fail "trainer without --pin: no PIN shown: $out"
run 2 member add "Casey Pin" --trainer --pin 123456
grep -q "4-digit PINs" <<<"$err" || fail "a PIN the keypad cannot take: $err"
run 1 member add "Alex Rivera"
grep -q "already exists" <<<"$err" || fail "duplicate member: $err"
run 2 member add "Short Pin" --trainer --pin 12
run 0 badge add 0001 "Alex Rivera"
run 0 badge add 9001 2
run 1 badge add 0001 "Jordan Lee"
grep -q "already belongs" <<<"$err" || fail "badge taken twice: $err"
run 1 badge add "ab cd" 1
run 1 badge add 0003 "Nobody Here"
grep -q "Nobody Here" <<<"$err" || fail "unknown member not named: $err"

run 0 members
grep -Eq '^1 +Alex Rivera +lifter .* 0001$' <<<"$out" || fail "members: Alex row missing: $out"
grep -Eq '^2 +Jordan Lee +trainer .* 9001$' <<<"$out" || fail "members: Jordan row missing: $out"
[ "$(grep -c . <<<"$out")" -eq 4 ] || fail "members: expected a header and 3 rows: $out"
sqlite3 "$db" "SELECT pin_hash FROM members WHERE id = 2" | grep -q '^\$argon2id\$' ||
    fail "the trainer's PIN is not stored as an argon2id hash"

# --- start loads ---
run 0 start-load "Alex Rivera" "back squat" 42.5
[ "$(sqlite3 "$db" 'SELECT load_g FROM start_loads WHERE member_id = 1 AND exercise_id = 1')" = 42500 ] ||
    fail "start load not stored as 42500 g"
run 0 start-load 1 "Bench press" 30
# a gym in pounds writes pounds: 135 lb is 61234.97 g, kept to the gram, said in pounds
run 0 start-load 1 "Bench press" 135lb
grep -q "Bench press: 135 lb$" <<<"$out" || fail "start-load in pounds not said in pounds: $out"
[ "$(sqlite3 "$db" 'SELECT load_g FROM start_loads WHERE member_id = 1 AND exercise_id = 4')" = 61235 ] ||
    fail "start load of 135lb not stored as 61235 g"
run 0 start-load 1 "Bench press" 30kg
[ "$(sqlite3 "$db" 'SELECT load_g FROM start_loads WHERE member_id = 1 AND exercise_id = 4')" = 30000 ] ||
    fail "start load of 30kg not stored as 30000 g"
run 2 start-load 1 "Bench press" 135lbs
run 2 start-load 1 "Bench press" lb
# each is a trainer's action with who (--by a trainer; without it the operator's)
run 0 start-load "Alex Rivera" "Deadlift" 50 --by "Jordan Lee"
grep -q "(by Jordan Lee)" <<<"$out" || fail "start-load --by: $out"
[ "$(sqlite3 "$db" "SELECT count(*) FROM trainer_actions WHERE kind = 'start_load' AND member_id = 1 AND by_member_id = 2 AND load_g = 50000")" = 1 ] ||
    fail "start-load --by not recorded as the trainer's action"
[ "$(sqlite3 "$db" "SELECT count(*) FROM trainer_actions WHERE kind = 'start_load' AND by_member_id IS NULL")" = 4 ] ||
    fail "start-load without --by not recorded as the operator's action"
run 2 start-load "Alex Rivera" "Deadlift" 55 --by "Alex Rivera"
grep -q "not one" <<<"$err" || fail "start-load --by a lifter: $err"
# ... and exported with who and when; a clearance's words are health data
sqlite3 "$db" "INSERT INTO trainer_actions (t_us, by_member_id, member_id, kind, note) VALUES ($(date +%s)000000, 2, 1, 'clear_day', 'Sciatica, seen by GP')"
run 0 actions
[[ "$(head -n 1 <<<"$out")" == "# HEALTH DATA: this export holds"* ]] ||
    fail "actions: no health notice first: $out"
grep -q '^"time","by","member","action","exercise","load_kg","note"$' <<<"$out" ||
    fail "actions: header: $out"
grep -Eq '^"[0-9T:+-]+","Jordan Lee","Alex Rivera","start_load","Deadlift","50.00",""$' <<<"$out" ||
    fail "actions: the start load by Jordan Lee: $out"
grep -q ',"(operator)","Alex Rivera","start_load",' <<<"$out" || fail "actions: the operator's: $out"
grep -q 'Sciatica' <<<"$out" || fail "actions: the clearance's words: $out"
run 0 actions --no-health
grep -q 'Sciatica\|HEALTH' <<<"$out" && fail "actions --no-health: health words left in: $out"
grep -q ',"Jordan Lee","Alex Rivera","clear_day","","",""$' <<<"$out" ||
    fail "actions --no-health: the clearance: $out"
run 2 actions --from yesterday
run 2 start-load "Alex Rivera" "Back squat" heavy
run 2 start-load "Alex Rivera" "Back squat" -5
run 1 start-load "Alex Rivera" "Curl" 20
grep -q "no exercise" <<<"$err" || fail "unknown exercise: $err"

# --- flags: rows raised today (noon) and yesterday, one acknowledged ---
today=$(date +%F)
noon_us=$(($(date -d "$today 12:00" +%s) * 1000000))
yesterday_us=$((noon_us - 86400 * 1000000))
sqlite3 "$db" <<SQL
INSERT INTO flags (id, t_us, member_id, kind, severity, rep, detail)
  VALUES (1, $noon_us, 1, 'rushed', 'caution', 3, 'eccentric 1.1 s, target "3 s", rep 3');
INSERT INTO flags (id, t_us, member_id, kind, severity, rep, detail)
  VALUES (2, $((noon_us + 60000000)), 1, 'red-flag', 'stop', 0, 'numbness');
INSERT INTO flags (id, t_us, member_id, kind, severity, rep, detail)
  VALUES (3, $yesterday_us, 1, 'pain', 'stop', 0, 'yesterday');
INSERT INTO acknowledgements (flag_id, t_us, by_member_id, note)
  VALUES (2, $((noon_us + 120000000)), 2, 'sent to physio');
SQL

run 0 flags --date "$today"
# a red flag is a health answer: the table says so on its first line too
head -n 1 <<<"$out" | grep -q "^HEALTH DATA" || fail "flags table: no health notice first: $out"
grep -q "Rushed eccentric" <<<"$out" || fail "flags table: rushed row missing: $out"
grep -q "Red-flag symptom" <<<"$out" || fail "flags table: red flag row missing: $out"
grep -q "yesterday" <<<"$out" && fail "flags table shows yesterday's flag: $out"

run 0 flags --date "$today" --format json
# a red flag is a health answer: the JSON's first line says so too, as a member of its object
head -n 1 <<<"$out" | grep -q '"health_answers": true, "notice": "HEALTH DATA' ||
    fail "flags JSON: no health notice on its first line: $(head -n 2 <<<"$out")"
run 0 flags --date "$today" --no-health --format json
head -n 1 <<<"$out" | grep -q '"health_answers": false' || fail "flags JSON --no-health: $out"
grep -q "HEALTH DATA" <<<"$out" && fail "flags JSON --no-health says health data: $out"
run 0 flags --date "$today" --no-health
grep -q "HEALTH DATA" <<<"$out" && fail "flags table --no-health says health data: $out"

run 0 flags --date "$today" --format csv
python3 - "$work/out" <<'PY' || fail "flags CSV is wrong: $out"
import csv, sys
lines = open(sys.argv[1], newline="").read().splitlines(True)
# a red flag is a health answer: the export says so on its first line
assert lines[0].startswith("# HEALTH DATA"), lines[0]
rows = list(csv.DictReader(lines[1:]))
assert len(rows) == 2, rows
a, b = rows
assert a["member"] == "Alex Rivera" and a["kind"] == "rushed" and a["rep"] == "3", a
assert a["detail"] == 'eccentric 1.1 s, target "3 s", rep 3', a["detail"]
assert a["acked"] == "no", a
assert b["kind"] == "red-flag" and b["severity"] == "stop", b
assert b["acked"] == "yes" and b["ack_by"] == "Jordan Lee" and b["ack_note"] == "sent to physio", b
PY

run 0 flags --date "$today" --format json
python3 -m json.tool "$work/out" >/dev/null || fail "flags JSON does not parse: $out"
python3 - "$work/out" <<'PY' || fail "flags JSON is wrong: $out"
import json, sys
export = json.load(open(sys.argv[1]))
assert export["health_answers"] is True and export["notice"].startswith("HEALTH DATA"), export
flags = export["flags"]
assert [f["kind"] for f in flags] == ["rushed", "red-flag"], flags
assert flags[0]["detail"] == 'eccentric 1.1 s, target "3 s", rep 3'
assert flags[0]["acked"] is False and flags[0]["ack_by"] is None
assert flags[1]["acked"] is True and flags[1]["ack_note"] == "sent to physio"
assert flags[1]["member"] == "Alex Rivera" and flags[1]["severity"] == "stop"
PY

run 0 flags --date 2001-01-01 --format json
python3 -m json.tool "$work/out" >/dev/null || fail "empty flags JSON does not parse: $out"
[ "$(python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); print(e["health_answers"], len(e["flags"]))' "$work/out")" = "False 0" ] ||
    fail "a day without flags is not an empty list without health answers: $out"

# --- bad usage: exit 2 with a message ---
for args in "" "frobnicate" "flags --date 2024-13-01" "flags --date yesterday" \
    "flags --format xml" "member" "member add" "badge add 0001" "members extra" \
    "flags --date" "--data-dir"; do
    got=0
    # shellcheck disable=SC2086
    "$ctl" --data-dir "$data" $args >/dev/null 2>"$work/err" || got=$?
    [ "$got" -eq 2 ] || fail "'rackside-ctl $args' exited $got, wanted 2"
    [ "$(grep -c . "$work/err")" -eq 1 ] || fail "'rackside-ctl $args': not a one-line error: $(cat "$work/err")"
    grep -q "rackside-ctl:" "$work/err" || fail "'rackside-ctl $args': no message"
done

# --- a file that is not a database is refused and left as it was ---
mkdir -p "$work/junk"
printf 'name,weight\nAlex,80\n' >"$work/junk/rackside.db"
sum=$(sha256sum <"$work/junk/rackside.db")
got=0
"$ctl" --data-dir "$work/junk" members >/dev/null 2>"$work/err" || got=$?
[ "$got" -eq 1 ] || fail "a non-database file: exit $got, wanted 1"
grep -q "$work/junk/rackside.db" "$work/err" || fail "the error does not name the file: $(cat "$work/err")"
[ "$(sha256sum <"$work/junk/rackside.db")" = "$sum" ] || fail "the non-database file was changed"
[ ! -e "$work/junk/rackside.db-wal" ] || fail "a WAL file was created beside the non-database file"

# --- the database is busy (the kiosk writing): the tool waits instead of failing ---
python3 - "$db" <<'PY' &
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("INSERT INTO members (name, role, created_us) VALUES ('Held Lock', 'lifter', 0)")
open(sys.argv[1] + ".locked", "w").close()
time.sleep(1.5)
con.execute("COMMIT")
PY
holder=$!
for _ in $(seq 50); do
    [ -e "$db.locked" ] && break
    sleep 0.1
done
[ -e "$db.locked" ] || fail "the lock holder did not start"
run 0 member add "Waited Out"
wait "$holder" || fail "the lock holder failed"
run 0 members
grep -q "Waited Out" <<<"$out" || fail "member added under a busy database is missing"
grep -q "Held Lock" <<<"$out" || fail "the other writer's row is missing"

# --- backup ---
run 0 backup "$work/backup.db"
[ "$(sqlite3 "$work/backup.db" 'SELECT count(*) FROM members')" = 5 ] || fail "backup is incomplete"
[ "$(stat -c %a "$work/backup.db")" = 600 ] || fail "backup is readable by others: $(stat -c %a "$work/backup.db")"
run 1 backup "$work/backup.db"

echo "ctl: all checks passed"
