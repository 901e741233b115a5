#!/usr/bin/env bash
# rackside-ctl against what an attacker or a slip would type (issue 7): names with
# newlines, escape sequences or invalid UTF-8 are refused; text already in a database is
# cleaned for the terminal and JSON and guarded against spreadsheet formulas in CSV;
# without --data-dir the tool finds the service's database and says so, and never makes
# a new empty one when it may not read the service's; PINs fit the keypad's length.
set -euo pipefail
build=${1:-build}
ctl=$build/asan/rackside-ctl
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work"; rm -rf "$work"' EXIT
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
data=$work/data
db=$data/rackside.db

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# --- names: printable UTF-8 only ---
"$ctl" --data-dir "$data" member add "Zoë Ångström" >/dev/null || fail "a UTF-8 name was refused"
for name in $'Evil\nName' $'Esc\e[2JName' $'Bell\aName' $'Bad\xffUTF8' $'Over\xc0\xafLong' \
    $'Bidi\xe2\x80\xaeName' $'Del\x7fName'; do
    got=0
    "$ctl" --data-dir "$data" member add "$name" >/dev/null 2>"$work/err" || got=$?
    [ "$got" -eq 1 ] || fail "name $(printf '%q' "$name") accepted (exit $got)"
    grep -Eq "not valid UTF-8|control or invisible" "$work/err" ||
        fail "name $(printf '%q' "$name"): no reason given: $(cat "$work/err")"
done
got=0
"$ctl" --data-dir "$data" member add "Trainer One" --trainer --pin 1357 >/dev/null
"$ctl" --data-dir "$data" override "Zoë Ångström" "Back squat" 40 --reason $'ok\e[31m' \
    --by "Trainer One" >/dev/null 2>"$work/err" || got=$?
[ "$got" -eq 1 ] || fail "an override reason with an escape sequence was accepted"

# --- loads and dates mean one thing or are refused (no hex, exponents, signs, spaces) ---
for kg in 0x20 1e2 +40 " 40" 40kgs "40 lb" 40lbs 40KG inf nan 1001 0 .5 2300lb; do
    got=0
    "$ctl" --data-dir "$data" start-load "Zoë Ångström" "Back squat" "$kg" >/dev/null 2>&1 || got=$?
    [ "$got" -eq 2 ] || fail "load '$kg' was not refused as bad usage (exit $got)"
done
for day in 2025-3-1 " 2025-03-01" 2025-02-29 +2025-03-01 2025-03-01x; do
    got=0
    "$ctl" --data-dir "$data" flags --date "$day" >/dev/null 2>&1 || got=$?
    [ "$got" -eq 2 ] || fail "date '$day' was not refused (exit $got)"
done

# --- what is already in a database (an older version let it in) comes out harmless ---
now_us=$(($(date +%s) * 1000000))
sqlite3 "$db" <<SQL
INSERT INTO members (id, name, role, created_us) VALUES (50, X'4576696C0A1B5B324A4E616D65FF', 'lifter', 0);
INSERT INTO flags (id, t_us, member_id, kind, severity, rep, detail)
  VALUES (10, $now_us, 50, 'pain', 'stop', 0, '=HYPERLINK("http://x.example/","click")');
INSERT INTO flags (id, t_us, member_id, kind, severity, rep, detail)
  VALUES (11, $now_us, 50, 'pain', 'stop', 0, '+1+2');
INSERT INTO flags (id, t_us, member_id, kind, severity, rep, detail)
  VALUES (12, $now_us, 50, 'pain', 'stop', 0, '@SUM(A1)');
INSERT INTO flags (id, t_us, member_id, kind, severity, rep, detail)
  VALUES (13, $now_us, 50, 'pain', 'stop', 0, '-2-3');
SQL
"$ctl" --data-dir "$data" members >"$work/members" 2>&1
if grep -q $'\e' "$work/members"; then fail "members prints an escape sequence"; fi
[ "$(grep -c . "$work/members")" -eq 4 ] || fail "a name broke the members table into lines: $(cat -v "$work/members")"
"$ctl" --data-dir "$data" flags >"$work/table" 2>&1
if grep -q $'\e' "$work/table"; then fail "flags prints an escape sequence"; fi
"$ctl" --data-dir "$data" flags --format json >"$work/json"
python3 - "$work/json" <<'PY' || fail "flags JSON is not valid or not cleaned: $(cat "$work/json")"
import json, sys
raw = open(sys.argv[1], "rb").read()
raw.decode("utf-8")  # strict: invalid UTF-8 raises
flags = json.loads(raw)["flags"]
assert len(flags) == 4, flags
for f in flags:
    assert "\x1b" not in f["member"] and "\n" not in f["member"], f["member"]
    assert f["member"].startswith("Evil"), f["member"]
assert flags[0]["detail"].startswith("=HYPERLINK"), flags[0]  # JSON keeps the text itself
PY
"$ctl" --data-dir "$data" flags --format csv >"$work/csv"
python3 - "$work/csv" <<'PY' || fail "CSV lets a formula through: $(cat "$work/csv")"
import csv, sys
lines = open(sys.argv[1], newline="", encoding="utf-8").read().splitlines(True)
assert lines[0].startswith("# HEALTH DATA"), lines[0]  # a pain flag is among them
rows = list(csv.DictReader(lines[1:]))
assert len(rows) == 4, rows
for r in rows:
    for k, v in r.items():
        assert not v or v[0] not in "=+-@\t\r" or k in ("time",), (k, v)
details = sorted(r["detail"] for r in rows)
assert details == sorted(["'=HYPERLINK(\"http://x.example/\",\"click\")", "'+1+2", "'@SUM(A1)", "'-2-3"]), details
PY

# --- which database: the service's when it exists, said on stderr ---
service=$work/service
mkdir -p "$service"
"$ctl" --data-dir "$service" member add "Service Lifter" >/dev/null
home=$work/home
mkdir -p "$home"
HOME=$home RACKSIDE_SERVICE_DATA_DIR=$service "$ctl" members >"$work/out" 2>"$work/err"
grep -q "Service Lifter" "$work/out" || fail "the service's database was not used: $(cat "$work/out")"
grep -q "rackside-ctl: database $service/rackside.db" "$work/err" ||
    fail "the tool does not say which database: $(cat "$work/err")"
[ ! -e "$home/.local/share/rackside" ] || fail "a database was made in the operator's home"
# one the operator may not read: an error naming it, and still nothing made in the home
chmod 0700 "$service"
chmod a+rx "$work" "$home"
cp "$ctl" "$work/ctl"
as_user() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    else
        chmod 0000 "$service"
        "$@"
    fi
}
got=0
as_user env HOME="$home" RACKSIDE_SERVICE_DATA_DIR="$service" "$work/ctl" members \
    >/dev/null 2>"$work/err" || got=$?
[ "$got" -eq 1 ] || fail "an unreadable service database: exit $got"
grep -q "which you may not read" "$work/err" || fail "no message for an unreadable service database: $(cat "$work/err")"
[ ! -e "$home/.local/share/rackside" ] || fail "a new empty database was made in the home"
chmod 0700 "$service"

# --- PINs the keypad can take: pin_digits from the service's settings ---
printf '[rules]\npin_digits = 6\n' >"$work/six.conf"
"$ctl" --data-dir "$data" --config "$work/six.conf" member add "Six Digits" --trainer >"$work/out"
grep -Eq '^PIN [0-9]{6} ' "$work/out" || fail "no 6-digit PIN made: $(cat "$work/out")"
got=0
"$ctl" --data-dir "$data" --config "$work/six.conf" member add "Four" --trainer --pin 2468 \
    >/dev/null 2>"$work/err" || got=$?
[ "$got" -eq 2 ] || fail "a 4-digit PIN on a 6-digit keypad: exit $got"
# the shipped settings make new trainers' PINs 6 digits
"$ctl" --data-dir "$data" --config assets/config/rackside.conf member add "Shipped" --trainer >"$work/out"
grep -Eq '^PIN [0-9]{6} ' "$work/out" || fail "the shipped settings do not give 6-digit PINs: $(cat "$work/out")"
echo "ctl safety ok"
