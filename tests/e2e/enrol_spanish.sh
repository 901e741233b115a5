#!/usr/bin/env bash
# The enrol page's lines in the reader's language: on a Spanish kiosk (--lang es, under the
# C locale a service runs in) a badge someone has is refused, a lost badge is taken away
# and given again, each line on the page and over it in Spanish; the core keeps the English
# record (what the notice says before translation).
set -euo pipefail
build=${1:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=tests/e2e/common.bash
. "$(dirname "$0")/common.bash" # fail, pin_lines
find_sam() { # the member found by "sam" and chosen
    cat <<'SC'
+0.5   press key-11              # s
+0.5   press key-10              # a
+0.5   press key-25              # m
+0.5   press enrol-find
+0     expect enabled lifter-1 within 2
+0.5   press lifter-1
SC
}
cat >"$work/enrol.scenario" <<SC
0      clock 10:00
0      plate on
+1     badge 9001
$(pin_lines 2468)
+0     expect screen flags within 3

# a badge somebody has: refused, naming them
+1     press enrol
+0     expect screen enrol
+1     badge 0002
+0     expect says "Badge 0002 already belongs to Sam Okafor: not given" within 2
+0     expect shows "ya es de Sam Okafor" within 2
+0     expect no shows "already belongs"

# Sam's badge taken away
+1     press take-badge
$(find_sam)
+0.5   press take-badge
+0     expect enabled badge-1 within 2
+0.5   press badge-1
+0.5   press take-badge-confirm
+0     expect says "Badge 0002 taken from Sam Okafor" within 2
+0     expect shows "retirada a Sam Okafor" within 2
+0     expect no shows "taken from"
+1     press back
+0     expect screen flags

# ... and given back to Sam
+1     press enrol
+1     badge 0002
+0     expect enabled enrol-existing within 2
+0.5   press enrol-existing
$(find_sam)
+0.5   press enrol-save
+0     expect says "Badge 0002 is Sam Okafor's now" within 2
+0     expect shows "es de Sam Okafor" within 2
+0     expect no shows "they can tap in"
SC
env -i PATH="$PATH" HOME="$work" LC_ALL=C SDL_AUDIODRIVER=dummy SDL_VIDEODRIVER=offscreen \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
    UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" "$build/asan/rackside" --scenario "$work/enrol.scenario" \
    --lang es --data-dir "$work/data" --config /nonexistent >"$work/out" 2>&1 ||
    { cat "$work/out"; fail "the Spanish enrol page showed English or did not finish"; }
echo "enrol_spanish: the enrol page's lines shown in Spanish"
