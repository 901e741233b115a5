#!/usr/bin/env bash
# The scenario runner itself: a mistake in a file is one line naming FILE:LINE (exit 2),
# an expectation that does not hold names its line and what was seen (exit 1), and
# --controls lists the control names the README documents.
set -euo pipefail
build=${1:-build}
bin="$build/asan/rackside"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# runs a scenario; sets rc and out (stderr and stdout)
play() {
    rc=0
    out=$(SDL_VIDEODRIVER=offscreen timeout 120 "$bin" --scenario "$1" 2>&1) || rc=$?
}

# file contents, the exit code wanted, text the output must hold
check() {
    local name=$1 want_rc=$2 want_text=$3 body=$4
    printf '%s\n' "$body" >"$work/$name.scenario"
    play "$work/$name.scenario"
    [ "$rc" -eq "$want_rc" ] || fail "$name: exit $rc, wanted $want_rc: $out"
    grep -qF -- "$want_text" <<<"$out" || fail "$name: no '$want_text' in: $out"
}

# parse errors: exit 2, FILE:LINE, nothing runs
check unknown_event 2 "unknown_event.scenario:2: unknown event 'jump'" $'0 badge 0001\n+1 jump'
check bad_time 2 "bad_time.scenario:1: 'soon' is not a time" 'soon badge 0001'
check backwards 2 "backwards.scenario:2: time 1.000 s is before" $'5 wait\n1 wait'
check bad_control 2 "bad_control.scenario:1: no control called 'pain-11'" '0 press pain-11'
check bad_screen 2 "bad_screen.scenario:3: no screen called 'lobby'" $'# a comment\n\n0 expect screen lobby'
check bad_flag 2 "bad_flag.scenario:1: no flag kind 'sprain'" '0 expect flag sprain'
check bad_plate 2 "bad_plate.scenario:1: plate is on [KG], off, left, right or even" '0 plate up'
check bad_within 2 "bad_within.scenario:1: within needs seconds" '0 expect screen attract within'
check late_clock 2 "late_clock.scenario:2: clock goes first" $'0 wait\n0 clock 10:00'
check empty 2 "empty.scenario:1: no events" '# nothing but a comment'
check late_tempo 2 "late_tempo.scenario:2: tempo goes first, at time 0" $'0 wait\n0 tempo 3-1-2-2'
check bad_tempo 2 "bad_tempo.scenario:1: tempo '3-1-2' is four seconds like 3-1-2-0" '0 tempo 3-1-2'
check no_lowering 2 "no_lowering.scenario:1: tempo '0-1-2-2' needs a lowering of at least 1 s" \
    '0 tempo 0-1-2-2'
check bad_verdict 2 "bad_verdict.scenario:1: tempo is none, kept, down-fast" '0 expect tempo slow'
check bad_sweep 2 "bad_sweep.scenario:1: expect sweep needs the seconds swept" '0 expect sweep long'
check bad_sound 2 "bad_sound.scenario:1: no sound called 'beep'" '0 expect sound beep'
check bad_mm 2 "bad_mm.scenario:1: expect shows \"Tap\" takes a cap height as N mm" \
    '0 expect shows "Tap" 7 cm'
check huge_mm 2 "huge_mm.scenario:1: expect shows \"Tap\" takes a cap height" \
    '0 expect shows "Tap" 900 mm within 2'
rc=0
out=$("$bin" --scenario "$work/missing.scenario" 2>&1) || rc=$?
[ "$rc" -eq 2 ] || fail "a missing file exits $rc, not 2"
grep -q "missing.scenario: No such file" <<<"$out" || fail "a missing file: $out"

# a failed expectation: exit 1 with the line and what was seen
check wrong_screen 1 "wrong_screen.scenario:3: expect screen plan: saw screen attract" \
    $'0 clock 10:00\n# still on the attract screen\n+1 expect screen plan'
check waited 1 "waited.scenario:2: expect screen check-in (within the time given): saw screen attract" \
    $'0 wait\n+1 expect screen check-in within 2'
check no_sound 1 "no_sound.scenario:2: expect sound go-up (within the time given): saw no sound" \
    $'0 clock 10:00\n+0 expect sound go-up within 1'
check too_small 1 "too_small.scenario:2: expect shows Tap your badge: saw \"Tap your badge\" drawn with a cap height of" \
    $'0 clock 10:00\n+0.5 expect shows "Tap your badge" 40 mm'
check absent_button 1 "absent_button.scenario:1: press continue: there is no continue button on the attract screen" \
    '0 press continue'

# what holds passes, with comments, blank lines, absolute and relative times
check sized 0 "scenario passed" $'0 clock 10:00\n+0.5 expect shows "Tap your badge" 4 mm within 1'
check passes 0 "scenario passed" $'0 clock 10:00   # morning\n\n1 badge 0002\n+2 expect screen check-in\n+0 expect lifter Sam\n+0 expect no flag red_flag\n5 expect light amber'

# --repeat plays it again in the same process, each run on a fresh database: a badge that
# only the first run's database knew, or a count carried over, would fail the later runs
printf '%s\n' '0 clock 10:00' '1 badge 0002' '+2 expect screen check-in' \
    '+0 expect saved-sets 0' >"$work/again.scenario"
rc=0
mkdir "$work/tmp" # each run's scratch database goes here, and must go with it
out=$(TMPDIR=$work/tmp SDL_VIDEODRIVER=offscreen timeout 120 "$bin" --scenario "$work/again.scenario" \
    --repeat 3 2>&1) || rc=$?
[ "$rc" -eq 0 ] || fail "--repeat 3: exit $rc: $out"
[ "$(grep -c 'passed, resident memory' <<<"$out")" -eq 2 ] || fail "--repeat 3: not 3 runs: $out"
grep -qF "scenario passed" <<<"$out" || fail "--repeat 3: the last run did not pass: $out"
left=$(find "$work/tmp" -mindepth 1 | head -n 5)
[ -z "$left" ] || fail "--repeat 3 left its scratch files behind: $left"
rc=0
out=$(SDL_VIDEODRIVER=offscreen timeout 120 "$bin" --repeat 2 2>&1) || rc=$?
[ "$rc" -eq 2 ] || fail "--repeat without a scenario: exit $rc, wanted 2: $out"

# the control names are listed, one per line, as the README says
ctl=$("$bin" --controls)
for name in continue done ok logout skip-warmup next start-set stop-pain pain-0 pain-10 \
    flag-1-yes flag-5-no pin-0 pin-9 ack-1 take-over clear-1 day-earlier; do
    grep -qE "^  $name " <<<"$ctl" || fail "--controls does not list $name"
done
echo "scenario runner ok"
