#!/usr/bin/env bash
# What only a settings file gives, through the kiosk: each key read from a file by the
# real kiosk and seen where it acts, each against a run without it.
#   [kiosk] orientation = portrait: a 1280x800 window draws the screens 800x1280 (the
#           screenshot's size; without the key 1280x800).
#   [kiosk] text_size = large: the check-in's title, a button's label and a secondary line
#           drawn larger (cap heights in mm on the 10" panel, "expect shows ... N mm");
#           the same scenario without the key fails at the title.
#   [sound] volume_pct and quiet hours: a badge's sound played by the kiosk through SDL's
#           disk audio driver on the real clock, its peak level read from the file:
#           -3 dBFS at the default, -23 dBFS at volume 50, -27 dBFS at quiet_volume_pct 40
#           inside quiet hours, silence at quiet_volume_pct 0 (the sound still called for),
#           full level again outside them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/common.bash
. "$here/common.bash" # fail, e2e_kiosk_setup ($kiosk, $work)
e2e_kiosk_setup "${1:-build}"
export TZ=UTC # quiet hours are local times: the scenario's clock is read in this zone

# kiosk_with CONF SCENARIO NAME [ARGS...]: the kiosk at 1280x800 on its own database,
# screenshots in $work/NAME.shots, its output in $work/NAME.log; the kiosk's status
kiosk_with() {
    local conf_file=$1 scenario=$2 name=$3
    shift 3
    "$kiosk" --config "$conf_file" --scenario "$scenario" --size 1280x800 \
        --data-dir "$work/$name.db" --screenshot-dir "$work/$name.shots" "$@" \
        >"$work/$name.log" 2>&1
}

# the size of a PNG: "W H"
png_size() {
    python3 -c 'import struct, sys
b = open(sys.argv[1], "rb").read(24)
print(*struct.unpack(">II", b[16:24]))' "$1"
}

# ---- the screens: portrait and larger text ----
none=$work/none.conf
: >"$none"
cat >"$work/checkin.scenario" <<'SCN'
0.5    badge 0002
+0     expect screen check-in within 3
+0     expect shows "Pain in your back today?"
+0.5   wait
SCN
cat >"$work/large.scenario" <<'SCN'
0.5    badge 0002
+0     expect screen check-in within 3
+0     expect shows "Pain in your back today?" 8.4 mm
+0     expect shows "Continue" 6 mm
+0     expect shows "Choose a pain number" 5.6 mm
SCN
printf '[kiosk]\norientation = portrait\n' >"$work/portrait.conf"
printf '[kiosk]\ntext_size = large\n' >"$work/large.conf"

kiosk_with "$none" "$work/checkin.scenario" landscape || fail "the check-in: $(cat "$work/landscape.log")"
size=$(png_size "$work/landscape.shots/02-check-in.png")
[ "$size" = "1280 800" ] || fail "with no orientation the check-in is drawn $size, not 1280 800"
kiosk_with "$work/portrait.conf" "$work/checkin.scenario" portrait ||
    fail "the check-in in portrait: $(cat "$work/portrait.log")"
size=$(png_size "$work/portrait.shots/02-check-in.png")
[ "$size" = "800 1280" ] || fail "orientation = portrait drew the check-in $size, not 800 1280"

kiosk_with "$work/large.conf" "$work/large.scenario" large ||
    fail "text_size = large: $(grep -v '^rackside: ' "$work/large.log")"
kiosk_with "$none" "$work/large.scenario" normal && fail "the larger text was drawn with no text_size"
grep -q 'expect shows Pain in your back today?: saw .* cap height of [0-9.]* mm' "$work/normal.log" ||
    fail "normal text did not fail at the title: $(tail -n 3 "$work/normal.log")"

# ---- the sound: volume and quiet hours ----
# peak_dbfs FILE: the loudest sample of S16 mono in dBFS ("silent" when all zero, "short"
# when the device wrote under a second: it did not play through the run)
peak_dbfs() {
    python3 -c 'import array, math, sys
a = array.array("h")
a.frombytes(open(sys.argv[1], "rb").read())
peak = max((abs(x) for x in a), default=0)
print("short" if len(a) < 48000 else
      "%.1f" % (20 * math.log10(peak / 32768)) if peak else "silent")' "$1"
}

# sound NAME CLOCK SETTINGS WANT: a badge at CLOCK (local HH:MM) with the [sound] lines
# SETTINGS, played through the disk driver on the real clock: its peak is WANT dBFS
# (within 0.3 dB) or "silent"; the device may have closed in the silence before the badge
# and opened again for it (the disk driver starts its file again), so the run goes on
# 3 s after it (the disk driver paces itself by sleeping: on a loaded machine it writes
# slower than the clock)
sound() {
    local name=$1 clock=$2 settings=$3 want=$4
    printf '[sound]\n%b' "$settings" >"$work/$name.conf"
    printf '0 clock %s\n1 badge 0002\n+0 expect sound badge-ok within 2\n+3 wait\n' \
        "$clock" >"$work/$name.scenario"
    SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$work/$name.raw" \
        kiosk_with "$work/$name.conf" "$work/$name.scenario" "$name" --real-time ||
        fail "$name: $(grep -v '^rackside: \|^CRITICAL' "$work/$name.log")"
    local got
    got=$(peak_dbfs "$work/$name.raw")
    echo "$name: [sound] ${settings//\\n/ } at $clock: peak $got dBFS (want $want)"
    if [ "$want" = silent ] || [ "$got" = silent ] || [ "$got" = short ]; then
        [ "$got" = "$want" ] || fail "$name: the badge's sound peaked at $got dBFS, want $want"
    else
        python3 -c 'import sys; sys.exit(abs(float(sys.argv[1]) - float(sys.argv[2])) > 0.3)' \
            "$got" "$want" || fail "$name: the badge's sound peaked at $got dBFS, want $want"
    fi
}

quiet='quiet_from = 09:00\nquiet_until = 11:00\n'
sound full 10:00 '' -3.0
sound volume-50 10:00 'volume_pct = 50\n' -23.0
sound quiet-40 10:00 "${quiet}quiet_volume_pct = 40\n" -27.0
sound quiet-0 10:00 "${quiet}quiet_volume_pct = 0\n" silent
sound after-quiet 12:00 "${quiet}quiet_volume_pct = 0\n" -3.0
echo "settings files: portrait, larger text, volume and quiet hours seen through the kiosk"
