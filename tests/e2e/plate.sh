#!/usr/bin/env bash
# End to end: rackside-ctl analyze-plate on generated traces (JSON checked against the
# generator's truth with python3), its answer to bad input (one line naming file and
# line, exit 2), and calibrate against the simulated plate with Enter presses on a pipe.
set -euo pipefail
build=${1:-build}
ctl="$build/asan/rackside-ctl"
[ -x "$ctl" ] || ctl="$build/rackside-ctl"
gen="$build/tools/gen-plate"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# --- a visit at each rate: the events and the stable loads the truth has ---
for rate in 80 10; do
    "$gen" --seed 1003 --rate "$rate" --truth "$work/truth.json" >"$work/trace.csv"
    cal=$("$gen" --seed 1003 --cal)
    "$ctl" analyze-plate "$work/trace.csv" --cal "$cal" --json >"$work/out.json" ||
        fail "analyze-plate exited $? at $rate/s"
    python3 - "$work/out.json" "$work/truth.json" "$rate" <<'PY' || fail "analyze-plate JSON at $rate/s"
import json, sys
out = json.load(open(sys.argv[1]))
truth = json.load(open(sys.argv[2]))
assert set(out) == {"stable", "events"}, out.keys()
for s in out["stable"]:
    assert set(s) == {"start_s", "end_s", "total_kg", "left_pct"}, s
    assert s["end_s"] >= s["start_s"] >= 0
for e in out["events"]:
    assert set(e) == {"t_s", "type"} and e["type"] in ("step_on", "step_off", "unrack", "rerack"), e
want = [e["type"] for e in truth["events"]]
got = [e["type"] for e in out["events"]]
assert got == want, (got, want)
for g, w in zip(out["events"], truth["events"]):
    assert abs(g["t_s"] - w["t_s"]) < 1.0, (g, w)
# every required still stretch has a reading within 0.2 kg over most of it
for t in truth["stable"]:
    if not t["required"]:
        continue
    best = max(out["stable"], key=lambda s: min(s["end_s"], t["end_s"]) - max(s["start_s"], t["start_s"]))
    overlap = min(best["end_s"], t["end_s"]) - max(best["start_s"], t["start_s"])
    assert overlap >= 0.4 * (t["end_s"] - t["start_s"]), (t, best)
    assert abs(best["total_kg"] - t["total_kg"]) < 0.2, (t, best)
    if t["kind"] != "empty":
        assert abs(best["left_pct"] - t["left_pct"]) < 1.5, (t, best)
    else:
        assert best["left_pct"] is None, best
PY
    # numbers as written: grams, microseconds, thousandths of a point, no float tails
    ! grep -qE '[0-9]\.[0-9]{7,}' "$work/out.json" || fail "a number with a float tail at $rate/s"
done
# the table form says the same
"$ctl" analyze-plate "$work/trace.csv" --cal "$cal" >"$work/out.txt"
grep -q "event .* step_on" "$work/out.txt" || fail "no step_on in the table"

# --- bad input: one line naming the file and the line, exit 2 ---
good='83000,20283.97,-61000,19193.86'
check_bad() { # name, content (printf format), want (substring), [cal]
    printf "$2" >"$work/$1.csv"
    set +e
    "$ctl" analyze-plate "$work/$1.csv" --cal "${4:-$good}" >"$work/stdout" 2>"$work/stderr"
    local rc=$?
    set -e
    [ "$rc" -eq 2 ] || fail "$1: exit $rc, want 2"
    [ "$(wc -l <"$work/stderr")" -eq 1 ] || fail "$1: not one line: $(cat "$work/stderr")"
    grep -qF -- "$3" "$work/stderr" || fail "$1: '$(cat "$work/stderr")' does not say '$3'"
    [ ! -s "$work/stdout" ] || fail "$1: wrote to stdout"
}
check_bad no_header '1,2,3\n' "no_header.csv:1: the first line must be the header"
check_bad empty '' "empty.csv:1: empty file"
check_bad header_only 't_us,left_counts,right_counts\n' "header_only.csv:2: no samples"
check_bad fields 't_us,left_counts,right_counts\n0,1,2\n12500,1\n' "fields.csv:3: 2 fields"
check_bad time 't_us,left_counts,right_counts\n0,1,2\n12500,1,2\n12500,1,2\n' "time.csv:4: t_us 12500 is not after"
check_bad word 't_us,left_counts,right_counts\n0,1,2\n12500,x,2\n' "word.csv:3: left_counts \"x\""
check_bad range 't_us,left_counts,right_counts\n0,1,8388608\n' "range.csv:2: right_counts"
check_bad negative_t 't_us,left_counts,right_counts\n-5,1,2\n' "negative_t.csv:2: t_us"
check_bad quote 't_us,left_counts,right_counts\n0,"1,2\n' "quote.csv:2: not CSV"
check_bad cal 't_us,left_counts,right_counts\n0,1,2\n' "--cal wants" '1,2,3'
check_bad cal_zero 't_us,left_counts,right_counts\n0,1,2\n' "counts per kg" '0,0,0,20000'
set +e
"$ctl" analyze-plate "$work/missing.csv" --cal "$good" 2>"$work/stderr"
rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q "missing.csv: cannot open" "$work/stderr" || fail "missing file: exit $rc"
# an empty count is a side that did not answer: read, not an error
printf 't_us,left_counts,right_counts\n0,83000,\n12500,83010,-61000\n' >"$work/gap.csv"
"$ctl" analyze-plate "$work/gap.csv" --cal "$good" --json >/dev/null || fail "an empty count"

# --- calibrate against the simulated plate: Enter four times on a pipe ---
printf '[plate]\ndriver = sim\n# the wiring stays as it is\ngpio_chip = pinctrl-bcm2711\n' >"$work/rackside.conf"
printf '\n\n\n\n' | "$ctl" --data-dir "$work/data" calibrate --kg 20 --driver sim \
    --config "$work/rackside.conf" >"$work/cal.out" || fail "calibrate exited $?"
# into a file, not a pipe: grep -q leaving early would kill tr, and pipefail call it a failure
tr '\r' '\n' <"$work/cal.out" >"$work/cal.lines"
grep -q "steady" "$work/cal.lines" || fail "no stability shown"
residual=$(sed -n 's/.*residual \([-+0-9.]*\) kg.*/\1/p' "$work/cal.out")
python3 -c "import sys; assert abs(float('$residual')) < 0.05" || fail "residual $residual kg"
grep -q '^gpio_chip = pinctrl-bcm2711' "$work/rackside.conf" || fail "other settings lost"
python3 - "$work/rackside.conf" <<'PY' || fail "calibration not in [plate]"
import configparser, sys
c = configparser.ConfigParser(inline_comment_prefixes=("#",))
c.read(sys.argv[1])
p = c["plate"]
# the simulated plate's true scale: 0.0493 and 0.0521 g a count
assert abs(float(p["g_per_count_left"]) - 0.0493) < 0.0005, p["g_per_count_left"]
assert abs(float(p["g_per_count_right"]) - 0.0521) < 0.0005, p["g_per_count_right"]
int(p["offset_left"]); int(p["offset_right"])
PY
# in pounds, with the weight in the middle
printf '\n\n\n' | "$ctl" --data-dir "$work/data" calibrate --lb 45 --middle --driver sim \
    --config "$work/rackside.conf" >"$work/cal.out" || fail "calibrate --lb --middle exited $?"
grep -q "read for 45 lb" "$work/cal.out" || fail "not in pounds"
# the operator walks away: nothing saved, exit 1
cp "$work/rackside.conf" "$work/before.conf"
set +e
printf '\n' | "$ctl" --data-dir "$work/data" calibrate --kg 20 --driver sim \
    --config "$work/rackside.conf" >/dev/null 2>"$work/stderr"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "cancelled calibrate exited $rc"
grep -q "cancelled" "$work/stderr" || fail "no word on the cancel"
cmp -s "$work/rackside.conf" "$work/before.conf" || fail "a cancelled calibration changed the file"
echo "plate e2e ok"
