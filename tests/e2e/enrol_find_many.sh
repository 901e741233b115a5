#!/usr/bin/env bash
# Enrolment at the rack in a gym with more members than the Find list holds at once (64):
# 70 lifters match "Member"; the trainer pages down through all of them to the last and
# gives a new badge to the first shown there (one past the 64th), who then taps in. Also the Loads page pages
# through every lifter. The members are made with rackside-ctl, as an operator would.
set -euo pipefail
# shellcheck source=tests/e2e/common.bash
. "$(dirname "$0")/common.bash"
e2e_kiosk_setup "${1:-build}"
c() { "$ctl" --config "$conf" --data-dir "$data" "$@" 2>/dev/null; }

c member add "Dana Cole" --trainer --pin 1357 >/dev/null
c badge add D0 "Dana Cole" >/dev/null
for i in $(seq 0 69); do
    printf 'name\nMember %03d\n' "$i"
done | awk 'NR == 1 || $0 != "name"' >"$work/members.csv"
c members import "$work/members.csv" >/dev/null || fail "members import"
[ "$(c members | grep -c 'Member 0')" -eq 70 ] || fail "70 members were not enrolled"

pin() {
    pin_lines 1357
    echo "+0     expect screen flags within 3"
}
later() { # presses of the list's next-page arrow (a press on a disabled one does nothing)
    for _ in $(seq 1 "$1"); do echo "+0.5   press lifters-later"; done
}

{
    echo "0      clock 10:00"
    echo "+1     badge D0"
    pin
    cat <<'SC'
+1     badge 70AB                # a new badge
+0     expect screen enrol within 2
+1     press enrol-existing
+0.5   press key-25              # m
+0.5   press key-3               # e
+0.5   press key-25              # m
+0.5   press enrol-find
+0     expect shows "Member 000" within 2
+0     expect shows "of 70"
+0     expect disabled lifters-earlier
+0     expect enabled lifters-later
SC
    later 30
    cat <<'SC'
+0     expect shows "Member 069" within 2
+0     expect no shows "Member 000"
+0     expect disabled lifters-later
+0     expect enabled lifters-earlier
+0     expect shows "of 70"
SC
    cat <<'SC'
+0.5   press lifter-1            # the first member on the last page: past the 64th
+0.5   press enrol-save
+0     expect says "Badge 70AB is Member 0" within 2
SC
} >"$work/find.scenario"
"$kiosk" --config "$conf" --data-dir "$data" --scenario "$work/find.scenario" \
    >"$work/find.out" 2>&1 || { cat "$work/find.out"; fail "paging to the 70th member and giving a badge"; }
owner=$(c members | grep 70AB | grep -o 'Member [0-9]*') || fail "nobody has badge 70AB"
num=${owner#Member }
[ "$((10#$num))" -ge 64 ] || fail "the badge went to $owner, not to a member past the 64th"

# the member taps in with it
cat >"$work/tap.scenario" <<'SC'
0      clock 11:00
+1     badge 70AB
+0     expect lifter Member within 2
+0     expect screen check-in
SC
"$kiosk" --config "$conf" --data-dir "$data" --scenario "$work/tap.scenario" \
    >"$work/tap.out" 2>&1 || { cat "$work/tap.out"; fail "the new badge does not tap in"; }

# the Loads page pages through every lifter as well
{
    echo "0      clock 12:00"
    echo "+1     badge D0"
    pin
    echo "+1     press loads"
    echo "+0     expect shows \"Member 000\" within 2"
    later 30
    echo "+0     expect shows \"Member 069\" within 2"
    echo "+0     expect disabled lifters-later"
} >"$work/loads.scenario"
"$kiosk" --config "$conf" --data-dir "$data" --scenario "$work/loads.scenario" \
    >"$work/loads.out" 2>&1 || { cat "$work/loads.out"; fail "the Loads page does not reach the 70th lifter"; }
echo "enrol_find_many: 70 matches paged to the last, badge 70AB given to $owner"
