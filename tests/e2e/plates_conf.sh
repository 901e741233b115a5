#!/usr/bin/env bash
# The rack's plates as catalogue data at the kiosk (issue 9): a gym's plates.conf in the
# data directory is the rack's set (a 15 kg bar: a new lifter starts on 15 kg); a [rack]
# bar in the settings overrides it for this rack; with no [rack], --unit lb is the file's
# [lb] set (a 35 lb bar), not a conflict; a mistake is named by file and line and the
# rack goes on with the last good copy; an edit while the kiosk runs is taken between
# sessions, the next lifter's plan on the new bar.
set -euo pipefail
# shellcheck source=tests/e2e/common.bash
. "$(dirname "$0")/common.bash" # fail, no_red_flags
build=${1:-build}
kiosk=$build/asan/rackside
work=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
data=$work/data
mkdir -p "$data"
conf=$work/rackside.conf
: >"$conf"


# a lifter new to the bench (exercise 4): today's cap is the empty bar
plan_cap() { # plan_cap CAP_KG OUT [kiosk options]: plays to the bench's plan, expects CAP_KG
    local cap=$1 out=$2
    shift 2
    cat >"$work/plan.scenario" <<SC
0      clock 11:00
0      plate on
+1     badge 0001
+3     press pain-0
$(no_red_flags)
+1     press skip-warmup
+0     expect screen plan
+0     press exercise-4
+0     expect cap $cap
SC
    "$kiosk" --config "$conf" --data-dir "$data" --scenario "$work/plan.scenario" \
        --start-time 2026-11-30T11:00 "$@" >"$out" 2>&1 || { cat "$out"; fail "cap $cap kg ($*)"; }
}

plan_cap 20 "$work/out0" # the shipped set: a 20 kg bar
printf '[kg]\nbar = 15\nplates = 20/10/5/2.5/1.25\n\n[lb]\nbar = 35\nplates = 45/25/10/5\n' \
    >"$data/plates.conf"
plan_cap 15 "$work/out1"
[ -f "$data/plates.conf.last-good" ] || fail "the gym's plates.conf is not kept as the last good copy"
plan_cap 15.876 "$work/out2" --unit lb # 35 lb, no [rack]: the file's [lb] set
printf '[rack]\nbar = 20\n' >"$conf"
plan_cap 20 "$work/out3" # the rack's own bar over the gym's set
printf '[rack]\nunit = lb\n' >"$conf"
plan_cap 15.876 "$work/out4" # the rack in pounds: the [lb] set
: >"$conf"

# a mistake: named by file and line; the last good copy (the 15 kg bar) stays in use
sed -i 's|^plates = 20/10/5/2.5/1.25$|plates = 20/10/5x0|' "$data/plates.conf"
plan_cap 15 "$work/out5"
grep -q "plates.conf line 3: '5x0': pairs after x must be a whole number 1..50" "$work/out5" ||
    { cat "$work/out5"; fail "the mistake is not named by file and line"; }
grep -q "last good copy" "$work/out5" || fail "the notice does not say what the rack uses"
# no last good copy: the shipped set
rm "$data/plates.conf.last-good"
plan_cap 20 "$work/out6"
grep -q "uses the shipped one" "$work/out6" || { cat "$work/out6"; fail "not the shipped set"; }
# edited while the kiosk runs: read again on the attract screen, the next plan on it
log=$work/live.log
rm -f "$data"/plates.conf*
{
    echo "0      clock 11:00"
    echo "0      plate on"
    echo "+0     expect shows \"read again\" within 120"
    sed -n '3,13p' "$work/plan.scenario"
    echo "+0     expect cap 15"
    echo "+1     press logout"
} >"$work/live.scenario"
"$kiosk" --config "$conf" --data-dir "$data" --scenario "$work/live.scenario" --real-time \
    --start-time 2026-11-30T11:00 >"$log" 2>&1 &
pid=$!
for ((i = 0; i < 1200; i++)); do
    grep -q "^rackside: screen attract" "$log" && break
    kill -0 "$pid" 2>/dev/null || { cat "$log"; fail "the kiosk ended before the attract screen"; }
    sleep 0.1
done
printf '[kg]\nbar = 15\nplates = 20/10/5/2.5/1.25\n[lb]\nbar = 45\nplates = 45/25/10/5\n' \
    >"$data/plates.conf.tmp"
mv "$data/plates.conf.tmp" "$data/plates.conf"
rc=0
wait "$pid" || rc=$?
pid=
[ "$rc" -eq 0 ] || { grep -v "^rackside: screen" "$log" | tail -15; fail "the live edit's scenario failed ($rc)"; }
echo "plates_conf: a gym's plate set used, [rack] over it, --unit lb its pound set, mistakes named by line"
