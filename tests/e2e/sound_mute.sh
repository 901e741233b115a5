#!/usr/bin/env bash
# A kiosk whose sound device does not open says so to staff on the attract screen, which
# everyone passes between lifters, in the kiosk's language, and logs it once:
# the stop alarm is a safety sound. A lifter's screens keep their room for the lifter. SDL's
# disk audio driver stands in for the card, writing into a folder that is not there (the
# open fails) and then is (the device is back): with the folder missing from the start the
# amber line is on the attract screen in English, Spanish and German, and not on check-in;
# with it there, no line; made while the kiosk runs, the next sound (a badge not known) opens
# the device and the line goes. The stop screen is kept for people to look at: STOP whole.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/e2e/common.bash
. "$here/common.bash" # fail, e2e_kiosk_setup
e2e_kiosk_setup "${1:-build}"
export SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE=$work/card/out.raw
mkdir -p "$out"

declare -A said=(
    [en]="No sound: the stop alarm and tempo sounds are mute."
    [es]="Sin sonido: la alarma de parada y el tempo no se oyen."
    [de]="Kein Ton: Stopp-Alarm und Tempotöne sind stumm."
)

# run NAME ARGS...: the kiosk on the scenario $work/NAME.scenario, its output in NAME.log
run() {
    local name=$1
    shift
    "$kiosk" --config "$conf" --data-dir "$work/$name.db" --scenario "$work/$name.scenario" \
        "$@" >"$work/$name.log" 2>&1 || { cat "$work/$name.log"; fail "$name"; }
}

# no card from the start: the line on the attract screen, and after a badge's sound
for lang in en es de; do
    cat >"$work/mute-$lang.scenario" <<SCN
0    plate on
0    expect shows "${said[$lang]}" within 2
+0   badge 0001
+1   expect screen check-in
+0   expect no shows "${said[$lang]}"
SCN
    run "mute-$lang" --lang "$lang"
    n=$(grep -c "no sound: audio device (disk)" "$work/mute-$lang.log" || true)
    [ "$n" -eq 1 ] || fail "$lang: the failed open logged $n times, want once: $(cat "$work/mute-$lang.log")"
done

# the card there: no line
mkdir -p "$work/card"
cat >"$work/sound.scenario" <<SCN
0    plate on
+2   expect no shows "${said[en]}"
+0   badge 0001
+1   expect screen check-in
+0   expect no shows "${said[en]}"
SCN
run sound
rm -rf "$work/card"

# the card comes back while the kiosk runs (real time), once it has logged the failed
# open: a badge not known 3 s later (the attract screen stays) sounds, opens it and the
# line goes
cat >"$work/back.scenario" <<SCN
0    plate on
0    expect shows "${said[en]}" within 20
+3   badge 77777777
+0   expect screen attract
+0   expect no shows "${said[en]}" within 3
SCN
run back --real-time &
kiosk_pid=$!
for _ in $(seq 200); do
    ! grep -q "no sound:" "$work/back.log" 2>/dev/null || break
    sleep 0.1
done
mkdir -p "$work/card"
wait "$kiosk_pid" || fail "the device back: the line stayed"
grep -q "sound back (disk)" "$work/back.log" || fail "the device back was not logged: $(cat "$work/back.log")"

# for people to look at: the stop screen (an overload) drawn whole, no line over STOP
rm -rf "$work/card"
cat >"$work/stop.scenario" <<SCN
0    clock 10:00
0    plate on
+1   badge 0002
+3   press pain-1
$(no_red_flags)
+1   press skip-warmup
+0   expect screen plan
+1   bar heavier
+1   bar unrack
+0   expect screen stop within 5
+0   expect no shows "${said[en]}"
SCN
run stop --screenshot-dir "$work/shots"
shots=("$work"/shots/*-stop.png)
cp "${shots[0]}" "$out/sound-mute-stop.png"
echo "the stop screen with no sound device: $out/sound-mute-stop.png"
