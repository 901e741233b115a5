#!/usr/bin/env bash
# The enrolment screen (issue 9): a new lifter answers the history questions once before
# the first lift; a yes means no lifting (a flag for the trainers, the advice says why),
# also on the next visit, until a trainer clears it with a reason; all no goes on to the
# warm-up, and the next visit does not ask again.
set -euo pipefail
# shellcheck source=tests/e2e/common.bash
. "$(dirname "$0")/common.bash"
e2e_kiosk_setup "${1:-build}"
c() { "$ctl" --config "$conf" --data-dir "$data" "$@" 2>/dev/null; }

c member add "Robin Park" >/dev/null
c badge add R0B1N "Robin Park" >/dev/null
c member add "Kim Lee" >/dev/null
c badge add K1M "Kim Lee" >/dev/null
c member add "Dana Cole" --trainer --pin 1357 >/dev/null
c member add "Lee Park" >/dev/null

checkin() { # badge, start time offset
    cat <<SC
0      plate on
+1     badge $1
+3     press pain-1
$(no_red_flags)
SC
}
run() { play "$1" --start-time "$2"; } # scenario file, start time

# Robin: a fall last month
{ checkin R0B1N; cat <<'SC'
+0     expect screen screening
+0     expect disabled history-done
+0.5   press history-1-no
+0.5   press history-2-no
+0.5   press history-3-yes
+0.5   press history-4-no
+0     expect disabled history-done
+0.5   press history-5-no
+0     expect enabled history-done
+0.5   press history-done
+0     expect screen advice
+0     expect flag screening
+0     expect light red
+2     bar unrack
+0     expect no screen set within 3
SC
} >"$work/robin1.scenario"
run "$work/robin1.scenario" 2026-11-30T10:00

# the next day: not asked again, still no lifting
{ checkin R0B1N; cat <<'SC'
+0     expect screen advice
+0     expect no screen screening
SC
} >"$work/robin2.scenario"
run "$work/robin2.scenario" 2026-12-01T10:00

# a trainer's clearance needs a trainer and a reason; then Robin lifts without being asked
c clear-screening "Robin Park" --reason "seen by a physio, fine to lift" --by "Lee Park" &&
    fail "a lifter cleared a screening"
c clear-screening "Robin Park" --reason "" --by "Dana Cole" && fail "cleared without a reason"
c clear-screening "Robin Park" --reason "seen by a physio, fine to lift" --by "Dana Cole" >/dev/null ||
    fail "clearance refused"
c clear-screening "Robin Park" --reason "again" --by "Dana Cole" && fail "cleared twice"
{ checkin R0B1N; cat <<'SC'
+0     expect screen warm-up
SC
} >"$work/robin3.scenario"
run "$work/robin3.scenario" 2026-12-01T11:00

# Kim: all no, on to the warm-up; the next visit goes straight there
{ checkin K1M; cat <<SC
+0     expect screen screening
$(history_all_no)
+0     expect screen warm-up
+0     expect no flag screening
SC
} >"$work/kim1.scenario"
run "$work/kim1.scenario" 2026-11-30T12:00
{ checkin K1M; echo "+0     expect screen warm-up"; } >"$work/kim2.scenario"
run "$work/kim2.scenario" 2026-12-20T12:00

# six months on (182 days, [rules] screening_valid_days), Kim is asked again
{ checkin K1M; echo "+0     expect screen screening"; } >"$work/kim3.scenario"
run "$work/kim3.scenario" 2027-05-31T12:00

# --- the answers are health data: exports say so, --no-health leaves them out, the purge
# takes the answers and keeps the decision ---
c member add "Sam Ode" >/dev/null
c badge add S4M "Sam Ode" >/dev/null
{ checkin S4M; cat <<'SC'
+0     expect screen screening
+0.5   press history-1-yes
+0.5   press history-2-no
+0.5   press history-3-no
+0.5   press history-4-no
+0.5   press history-5-no
+0.5   press history-done
+0     expect screen advice
SC
} >"$work/sam1.scenario"
run "$work/sam1.scenario" 2026-11-30T13:00
range=(--from 2026-11-01 --to 2027-06-30)
c screenings "${range[@]}" --format csv >"$work/s.csv" || fail "screenings export"
head -n 1 "$work/s.csv" | grep -q "^# HEALTH DATA" || fail "screenings CSV does not say it holds health answers"
# member's row: yes, standing, cleared by, reason
row() { python3 -c '
import csv, sys
rows = [r for r in csv.reader(open(sys.argv[1])) if len(r) > 1 and r[1] == sys.argv[2]]
print("|".join([rows[-1][2], rows[-1][3], rows[-1][5], rows[-1][6]]) if rows else "none")
' "$1" "$2"; }
[ "$(row "$work/s.csv" "Robin Park")" = "3|cleared|Dana Cole|seen by a physio, fine to lift" ] ||
    fail "Robin's screen: $(cat "$work/s.csv")"
[ "$(row "$work/s.csv" "Sam Ode")" = "1|waits for a trainer||" ] || fail "Sam's screen: $(cat "$work/s.csv")"
[ "$(row "$work/s.csv" "Kim Lee")" = "|no yes||" ] || fail "Kim's screen: $(cat "$work/s.csv")"
c screenings "${range[@]}" --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["health_answers"] is True, d
sam = [s for s in d["screenings"] if s["member"] == "Sam Ode"][0]
assert sam["yes"] == [1] and sam["standing"] == "waits for a trainer", sam
' || fail "screenings JSON"
for fmt in csv json table; do
    c screenings "${range[@]}" --format $fmt --no-health >"$work/nh.$fmt" || fail "screenings --no-health ($fmt)"
    if grep -qiE "physio|waits|cleared|HEALTH DATA|\"yes\"" "$work/nh.$fmt"; then
        fail "screenings --no-health ($fmt) holds answers: $(cat "$work/nh.$fmt")"
    fi
    grep -q "Sam Ode" "$work/nh.$fmt" || fail "screenings --no-health ($fmt) lost who answered"
done
c flags "${range[@]}" --format csv --no-health >"$work/f.csv" || fail "flags --no-health"
if grep -q "screening" "$work/f.csv"; then fail "flags --no-health lists a screening flag"; fi
c flags "${range[@]}" --format csv | grep -q "history question #1" || fail "flags without --no-health lost the screening flag"

# the purge: which questions and the clearance's words go; Robin stays cleared, Sam still
# waits for a trainer (not asked again: an answer of all no now would lift an old yes)
c purge-health --before 2027-05-01 >"$work/purge" || fail "purge-health"
grep -qE ", [1-9][0-9]* enrolment screens$" "$work/purge" || fail "purge-health: $(cat "$work/purge")"
c screenings "${range[@]}" --format csv >"$work/s2.csv"
[ "$(row "$work/s2.csv" "Robin Park")" = "removed|cleared|Dana Cole|" ] ||
    fail "Robin after the purge: $(cat "$work/s2.csv")"
[ "$(row "$work/s2.csv" "Sam Ode")" = "removed|waits for a trainer||" ] ||
    fail "Sam after the purge: $(cat "$work/s2.csv")"
[ "$(row "$work/s2.csv" "Kim Lee")" = "|no yes||" ] || fail "Kim after the purge: $(cat "$work/s2.csv")"
if grep -q "physio" "$work/s2.csv"; then fail "the clearance's words survived the purge"; fi
if c flags "${range[@]}" --format csv | grep -q "history question"; then fail "a flag still names a question"; fi
{ checkin S4M; cat <<'SC'
+0     expect screen advice
+0     expect no screen screening
+2     bar unrack
+0     expect no screen set within 3
SC
} >"$work/sam2.scenario"
run "$work/sam2.scenario" 2027-05-02T10:00
echo "screening: asked once, a yes holds until cleared by a trainer with a reason, asked again after 182 days; the purge keeps the decision"
