#!/usr/bin/env bash
# Retention of health answers: the kiosk itself removes pain scores and red-flag answers
# older than health_retention_days when it starts (and daily), keeps every training
# record, and logs how many it removed, never what; rackside-ctl purge-health does the same
# by hand for a date. On a generated gym database (tests/gen/gen_gymdb.c).
set -euo pipefail
build=${1:-build}
bin=$build/asan/rackside
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
"$gen" --out "$db" --members 60 --years 2 --seed 21 --visits-per-day 10 >/dev/null

q() { sqlite3 "$db" "$1"; }
# the kiosk's now is the scenario's clock (10:00 today, below), not the wall clock: a cut-off
# from the wall clock left a visit between 10:00 and now on the cut-off day when run later
now_us=$(($(date -d "today 10:00" +%s) * 1000000))
keep_days=100
cut_us=$((now_us - keep_days * 86400 * 1000000))
# what must stay: training records and the other flags, and the recent answers
kept_query="SELECT (SELECT count(*) FROM sets), (SELECT count(*) FROM reps),
  (SELECT count(*) FROM flags WHERE kind NOT IN ('pain', 'red-flag')),
  (SELECT count(*) FROM sessions),
  (SELECT count(*) FROM sessions WHERE started_us >= $cut_us + 86400000000 AND pain > 0),
  (SELECT count(*) FROM flags WHERE kind IN ('pain', 'red-flag') AND t_us >= $cut_us + 86400000000)"
before=$(q "$kept_query")
old_answers="SELECT (SELECT count(*) FROM sessions WHERE started_us < $cut_us AND (pain <> -1 OR red_flags <> 0))
  + (SELECT count(*) FROM flags WHERE t_us < $cut_us AND kind IN ('pain', 'red-flag'))"
[ "$(q "$old_answers")" -gt 50 ] || fail "the generated database has too few old answers to test on"

printf '[kiosk]\nhealth_retention_days = %d\n' "$keep_days" >"$work/rackside.conf"
printf '0 clock 10:00\n+2 expect screen attract\n' >"$work/idle.scenario"
SDL_VIDEODRIVER=offscreen timeout 120 "$bin" --data-dir "$data" --config "$work/rackside.conf" \
    --scenario "$work/idle.scenario" >"$work/out" 2>"$work/err" || fail "kiosk: $(tail -n 5 "$work/err")"

[ "$(q "$old_answers")" -eq 0 ] || fail "$(q "$old_answers") answers older than $keep_days days are still there"
after=$(q "$kept_query")
[ "$before" = "$after" ] || fail "retention touched what it must keep: before $before, after $after"
[ "$(q "SELECT count(*) FROM day_checkins WHERE day < (SELECT min(day) FROM day_checkins) + 100 AND pain_max <> -1")" -eq 0 ] ||
    fail "the old days' highest pain is still there"
grep -q "retention: removed health answers older than $keep_days days" "$work/err" ||
    fail "the kiosk did not say what it removed: $(cat "$work/err")"
if grep -qE "pain [0-9]|/10|red flag #" "$work/err" "$work/out"; then fail "the log names an answer"; fi
[ "$(q "PRAGMA integrity_check")" = ok ] || fail "the database is damaged"

# By hand: everything before a date ten days ago; a second run finds nothing left.
cut_day=$(date -d "10 days ago" +%F)
"$ctl" --data-dir "$data" purge-health --before "$cut_day" >"$work/p1"
grep -qE "removed pain and red-flag answers before $cut_day: [1-9][0-9]* check-ins" "$work/p1" ||
    fail "purge-health: $(cat "$work/p1")"
cut2_us=$(($(date -d "$cut_day 04:00" +%s) * 1000000))
[ "$(q "SELECT count(*) FROM sessions WHERE started_us < $cut2_us AND pain <> -1")" -eq 0 ] ||
    fail "purge-health left answers before $cut_day"
[ "$(q "SELECT count(*) FROM sessions WHERE started_us >= $cut2_us + 86400000000 AND pain > 0")" -gt 0 ] ||
    fail "purge-health removed answers after $cut_day"
"$ctl" --data-dir "$data" purge-health --before "$cut_day" >"$work/p2"
grep -q ": 0 check-ins, 0 days, 0 flags" "$work/p2" || fail "a second purge found more: $(cat "$work/p2")"
[ "$(q "SELECT count(*) FROM sets")" = "$(cut -d'|' -f1 <<<"$before")" ] || fail "purge-health removed sets"

# Bad input: a usage error naming what is wrong, nothing removed.
for args in "purge-health" "purge-health --before" "purge-health --before 2026-02-30" \
    "purge-health --before yesterday" "purge-health 2020-01-01"; do
    rc=0
    # shellcheck disable=SC2086
    "$ctl" --data-dir "$data" $args >/dev/null 2>"$work/e" || rc=$?
    [ "$rc" -eq 2 ] || fail "rackside-ctl $args exited $rc, wanted 2"
    grep -q "rackside-ctl:" "$work/e" || fail "rackside-ctl $args said nothing"
done
grep -n "health_retention_days" assets/config/rackside.conf >/dev/null ||
    fail "the example settings do not show health_retention_days"
echo "retention: ok"
