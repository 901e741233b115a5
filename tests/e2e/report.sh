#!/usr/bin/env bash
# rackside-ctl report: one self-contained HTML page of a day's flags with per-rep plots as
# inline SVG. Checked as text (no script, no external file, every flag there, names
# escaped, an A4 print rule) and in a real headless Chromium (Debian's chromium): it loads
# with no console message, and its screenshot is kept as BUILD/test-out/report.png for
# people to look at. Printing to A4 and a control page that must raise a console error
# are in make bench (tests/bench/records.sh), as Chromium is slow to start.
set -euo pipefail
build=${1:-build}
ctl=$build/asan/rackside-ctl
gen=$build/tools/gen-gymdb
out_dir=${RACKSIDE_TEST_OUT:-$build/test-out}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$work/data
db=$data/rackside.db

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
[ -x "$gen" ] || fail "$gen is not built (make $gen)"
command -v chromium >/dev/null || fail "chromium is not installed (make deps-test installs it)"
mkdir -p "$data" "$out_dir"
"$gen" --out "$db" --members 50 --years 1 --seed 404 --visits-per-day 6 >/dev/null
q() { sqlite3 "$db" "$1"; }
day_us() { echo $(($(date -d "$1 04:00" +%s) * 1000000)); }

# a day a few days back with flags on sets, and a pain flag on it
day=$(date -d "3 days ago" +%F)
lo=$(day_us "$day")
hi=$(day_us "$(date -d "2 days ago" +%F)")
member=$(q "SELECT member_id FROM flags WHERE t_us >= $lo AND t_us < $hi AND set_key IS NOT NULL LIMIT 1")
[ -n "$member" ] || fail "the generated day has no flag on a set"
# a name and a note that would run as markup if the page did not escape them
q "UPDATE members SET name = '<script>alert(1)</script> & \"Rob\"' WHERE id = $member"
q "INSERT INTO flags (t_us, member_id, kind, severity, detail)
   VALUES ($lo + 3600000000, $member, 'pain', 'caution', 'pain 5/10 at check-in <img src=x onerror=alert(2)>')"
flags=$(q "SELECT count(*) FROM flags WHERE t_us >= $lo AND t_us < $hi")
plotted=$(q "SELECT count(*) FROM flags f WHERE t_us >= $lo AND t_us < $hi AND
  EXISTS (SELECT 1 FROM reps r WHERE r.set_key = f.set_key)")

page=$out_dir/report.html
rm -f "$page"
"$ctl" --data-dir "$data" report --date "$day" --out "$page" >"$work/out" ||
    fail "report failed: $(cat "$work/out")"
grep -q "report of $flags flags written" "$work/out" || fail "report says: $(cat "$work/out")"
[ "$(stat -c %a "$page")" = 600 ] || fail "the report is readable by others"

python3 - "$page" "$flags" "$plotted" <<'PY' || fail "the page is not what it should be"
import html.parser, sys
path, flags, plotted = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
text = open(path, encoding="utf-8").read()
first = text.splitlines()[0]
assert first.startswith("<!DOCTYPE html>") and "HEALTH DATA" in first, first

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.sections, self.svgs, self.text = [], 0, 0, []
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        assert tag not in ("script", "img", "link", "iframe", "object", "embed"), tag
        for k, v in attrs:
            assert k not in ("src", "href") and not k.startswith("on"), (tag, k, v)
            assert "url(" not in (v or "") or (v or "").startswith("url(#"), (tag, k, v)
        if tag == "section" and a.get("class") == "flag":
            self.sections += 1
        if tag == "svg":
            self.svgs += 1
            assert a.get("role") == "img", a
    def handle_data(self, data):
        self.text.append(data)

p = Page()
p.feed(text)
assert p.sections == flags, (p.sections, flags)
assert p.svgs == 3 * plotted, (p.svgs, plotted)  # velocity, tempo, speed trace per flagged set
words = " ".join(p.text)
assert '<script>alert(1)</script> & "Rob"' in words, "the name is not shown as text"
assert "@page{size:A4" in text.replace(" ", ""), "no A4 print rule"
assert "Health data" in words
for mark in ("stop", "caution", "rep", "eccentric", "concentric", "m/s"):
    assert mark in words, mark
PY

# Chromium: load it, log the console, keep a screenshot.
shot=$out_dir/report.png
rm -f "$shot"
timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$work/profile" --enable-logging=stderr --v=0 --hide-scrollbars \
    --window-size=900,1600 --screenshot="$shot" "file://$(realpath "$page")" \
    >"$work/chromium.out" 2>"$work/chromium.err" || fail "chromium failed: $(tail -n 5 "$work/chromium.err")"
if grep -E ":CONSOLE|Uncaught|Refused to|Content.Security.Policy" "$work/chromium.err"; then
    fail "the page logged to the console (above)"
fi
[ -s "$shot" ] || fail "no screenshot"
python3 - "$shot" <<'PY' || fail "the screenshot is not a 900x1600 picture with something on it"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == (900, 1600), (w, h)
assert len(data) > 30000, len(data)  # a blank page compresses to a few kB
PY
echo "report: $flags flags, $plotted plotted; screenshot $shot"
