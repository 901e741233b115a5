#!/usr/bin/env bash
# gen-imu end to end: a generated set is the analyser's CSV input format (header, units,
# rising timestamps, the asked-for rate) with a truth file in the analyser's field names;
# the same seed gives the same files; bad arguments are refused with status 2.
set -euo pipefail
build=${1:-build}
gen=$build/tools/gen-imu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

[ -x "$gen" ] || fail "$gen is not built"

"$gen" --seed 3 --condition deadlift --rate 500 --out "$work/a.csv" --truth "$work/a.json"
"$gen" --seed 3 --condition deadlift --rate 500 --out "$work/b.csv" --truth "$work/b.json"
cmp -s "$work/a.csv" "$work/b.csv" || fail "the same seed gave different samples"
cmp -s "$work/a.json" "$work/b.json" || fail "the same seed gave different truth"
"$gen" --seed 4 --condition deadlift --rate 500 --out "$work/c.csv" --truth "$work/c.json"
cmp -s "$work/a.csv" "$work/c.csv" && fail "seeds 3 and 4 gave the same samples"

python3 - "$work/a.csv" "$work/a.json" <<'EOF' || fail "generated files are not in the analyser's format"
import csv, json, math, sys
rows = list(csv.reader(open(sys.argv[1])))
assert rows[0] == ["t_us", "ax", "ay", "az", "gx", "gy", "gz"], rows[0]
t = [int(r[0]) for r in rows[1:]]
assert all(b > a for a, b in zip(t, t[1:])), "time goes backwards"
steps = sorted(b - a for a, b in zip(t, t[1:]))
assert 1990 <= steps[len(steps) // 2] <= 2010, "not 500 Hz"
# at rest at the start: 1 g of specific force in m/s^2, next to no rotation in rad/s
a = [float(x) for x in rows[1][1:4]]
w = [float(x) for x in rows[1][4:7]]
assert abs(math.sqrt(sum(x * x for x in a)) - 9.81) < 0.8, a
assert math.sqrt(sum(x * x for x in w)) < 0.05, w
span_s = (t[-1] - t[0]) / 1e6
truth = json.load(open(sys.argv[2]))
assert truth["concentric_first"] is True and truth["rate_hz"] == 500
fields = ["ecc_start_s", "ecc_end_s", "con_start_s", "con_end_s", "bottom_pause_s",
          "top_pause_s", "mcv_mps", "mpv_mps", "peak_mps", "rom_m", "tilt_deg"]
assert truth["reps"], "no reps"
for r in truth["reps"]:
    assert sorted(r) == sorted(fields), sorted(r)
    # a deadlift pulls first: the concentric ends before the lowering starts
    assert 0 < r["con_start_s"] < r["con_end_s"] <= r["ecc_start_s"] < r["ecc_end_s"] < span_s
    assert 0.3 <= r["rom_m"] <= 0.8 and 0 < r["mcv_mps"] < r["peak_mps"]
assert any(n["kind"] == "setup" for n in truth["non_reps"])
EOF

# bad arguments: one line on stderr, status 2
for args in "--seed 1 --condition nosuch --out $work/x.csv --truth $work/x.json" \
    "--seed x --condition squat --out $work/x.csv --truth $work/x.json" \
    "--seed 1 --condition squat --rate 300 --out $work/x.csv --truth $work/x.json" \
    "--seed 1 --condition squat"; do
    got=0
    # shellcheck disable=SC2086
    "$gen" $args 2>"$work/err" || got=$?
    [ "$got" -eq 2 ] || fail "gen-imu $args exited $got, wanted 2"
    [ -s "$work/err" ] || fail "gen-imu $args said nothing"
done
"$gen" --list | grep -q "^ecc-5 " || fail "--list does not name the conditions"
echo "gen-imu: ok"
