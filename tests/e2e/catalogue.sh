#!/usr/bin/env bash
# Catalogues as data (issue 9): a gym adds a front squat and its own warm-up in the data
# directory, without a rebuild, and lifts it; a later mistake in the file is named by file
# and line and the rack goes on with the last good copy; with no good copy left, with the
# shipped one; a catalogue that cannot be used at all in production is out of service.
set -euo pipefail
# shellcheck source=tests/e2e/common.bash
. "$(dirname "$0")/common.bash"
e2e_kiosk_setup "${1:-build}" # $conf: no settings file, the defaults
mkdir -p "$data"

cp assets/catalogue/exercises.conf "$data/exercises.conf"
front_squat_conf long >>"$data/exercises.conf"
# the routine of the first exercise (squat) leads the session: one long step here
cat >"$data/warmup.conf" <<'CONF'
[step cat-cow]
name = Cat-cow
cue = On hands and knees: round, then arch the back slowly
seconds = 300
figure = cat-cow

[routine lower]
steps = cat-cow

[routine upper]
steps = cat-cow

[routine long]
steps = cat-cow
CONF

# a session: the gym's warm-up (one 300 s step, where the shipped one is done at 200 s),
# then the front squat, new to this lifter: the empty bar
cat >"$work/front.scenario" <<SC
0      clock 10:00
0      plate on
+1     badge 0002
+3     press pain-1
$(no_red_flags)
+0     expect screen warm-up
+250   expect screen warm-up
+0     expect screen plan within 60
+0     press exercise-5
+0     expect cap 20
+2     bar unrack
+0     expect screen set within 3
+2     bar rep clean
+0     expect reps 1 within 12
+1     bar rerack
+0     expect saved-sets 1 within 5
SC
"$kiosk" --config "$conf" --data-dir "$data" --scenario "$work/front.scenario" \
    --start-time 2026-11-30T10:00 >"$work/out1" 2>&1 || { cat "$work/out1"; fail "front squat session"; }
[ -f "$data/exercises.conf.last-good" ] || fail "no last good copy kept"
"$ctl" --config "$conf" --data-dir "$data" exercises 2>/dev/null | grep -q "Front squat" ||
    fail "front squat not in the database"
"$ctl" --config "$conf" --data-dir "$data" sets --date 2026-11-30 2>/dev/null | grep -q "Front squat" ||
    fail "the front squat's set is not stored as a front squat"

out=$("$ctl" --config "$conf" --data-dir "$data" allowed --member "Sam Okafor" --exercise front-squat 2>/dev/null) ||
    fail "allowed does not know the front squat by its id"
grep -qi "front squat" <<<"$out" || fail "allowed for the front squat: $out"

# another rack with the same catalogue knows the front squat by the same UUID, so the gym
# server holds one front squat and its sets follow the lifter from rack to rack
data2=$work/data2
mkdir -p "$data2"
cp "$data/exercises.conf" "$data/warmup.conf" "$data2/"
"$kiosk" --config "$conf" --data-dir "$data2" --scenario "$work/front.scenario" \
    --start-time 2026-11-30T10:00 >"$work/out2" 2>&1 || { cat "$work/out2"; fail "front squat at a second rack"; }
uid1=$(sqlite3 "$data/rackside.db" "SELECT uid FROM exercises WHERE key = 'front-squat'")
uid2=$(sqlite3 "$data2/rackside.db" "SELECT uid FROM exercises WHERE key = 'front-squat'")
[[ $uid1 =~ ^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$ ]] ||
    fail "the front squat's UUID is not the gym-wide one: '$uid1'"
[ "$uid1" = "$uid2" ] || fail "two racks gave the front squat different UUIDs: $uid1, $uid2"
[ "$(sqlite3 "$data/rackside.db" "SELECT count(*) FROM sync_outbox o JOIN exercises e ON
    o.kind = 'exercise' AND o.row_key = e.id WHERE e.key = 'front-squat'")" = 1 ] ||
    fail "the front squat is not queued for the gym server"

# a typo: the kiosk names the file and line and goes on with the last good copy
sed -i 's/^body = lower$/body = lowr/' "$data/exercises.conf"
line=$(grep -n "body = lowr" "$data/exercises.conf" | head -1 | cut -d: -f1)
cat >"$work/again.scenario" <<SC
0      clock 11:00
0      plate on
+1     badge 0001
+3     press pain-0
$(no_red_flags)
+1     press skip-warmup
+0     expect screen plan
+0     press exercise-5
+0     expect cap 20
SC
"$kiosk" --config "$conf" --data-dir "$data" --scenario "$work/again.scenario" \
    --start-time 2026-11-30T11:00 >"$work/out2" 2>&1 || { cat "$work/out2"; fail "last good copy not used"; }
grep -q "exercises.conf line $line: body 'lowr' must be lower or upper" "$work/out2" ||
    { cat "$work/out2"; fail "the mistake is not named by file and line"; }
grep -q "last good copy" "$work/out2" || fail "the notice does not say what the rack uses"

# no last good copy: the shipped catalogue (four exercises, no front squat)
rm "$data/exercises.conf.last-good"
if "$kiosk" --config "$conf" --data-dir "$data" --scenario "$work/again.scenario" \
    --start-time 2026-11-30T11:00 >"$work/out3" 2>&1; then
    fail "a fifth exercise from a catalogue with a mistake"
fi
grep -q "uses the shipped one" "$work/out3" || { cat "$work/out3"; fail "not the shipped one"; }
grep -q "press exercise-5" "$work/out3" || { cat "$work/out3"; fail "failed elsewhere than exercise-5"; }

# a gym's own warm-up figure, no rebuild: a plank's keyframes in figures.conf, a step that
# shows it; then a typo in it is named by file and line and the last good copy is drawn
cp assets/catalogue/figures.conf "$data/figures.conf"
cat >>"$data/figures.conf" <<'CONF'

[plank]
seconds = 4
frames = 2
head = 0.8,0.6 0.8,0.58
neck = 0.7,0.62
spine = 0.5,0.66 0.5,0.64
hip = 0.34,0.7
elbow.near = 0.7,0.86
hand.near = 0.82,0.86
knee.near = 0.2,0.78
foot.near = 0.05,0.86
elbow.far = 0.72,0.86
hand.far = 0.84,0.86
knee.far = 0.22,0.78
foot.far = 0.07,0.86
CONF
cat >"$data/warmup.conf" <<'CONF'
[step plank]
name = Plank
cue = Forearms and toes: hold the back flat
seconds = 200
figure = plank

[routine lower]
steps = plank

[routine upper]
steps = plank

[routine long]
steps = plank
CONF
cp "$data/exercises.conf.last-good" "$data/exercises.conf" 2>/dev/null || cp assets/catalogue/exercises.conf "$data/exercises.conf"
cat >"$work/plank.scenario" <<SC
0      clock 12:00
0      plate on
+1     badge 0001
+3     press pain-0
$(no_red_flags)
+0     expect screen warm-up
+190   expect screen warm-up
+0     expect screen plan within 30
SC
"$kiosk" --config "$conf" --data-dir "$data" --scenario "$work/plank.scenario" \
    --start-time 2026-11-30T12:00 >"$work/out5" 2>&1 || { cat "$work/out5"; fail "the gym's plank"; }
if grep -q "figures.conf" "$work/out5"; then cat "$work/out5"; fail "a good figures.conf was not used"; fi
cmp -s "$data/figures.conf" "$data/figures.conf.last-good" || fail "the gym's figures.conf is not kept as the last good copy"
sed -i 's/^hand.near = 0.82,0.86$/hand.near = 0.82/' "$data/figures.conf"
line=$(grep -n "^hand.near = 0.82$" "$data/figures.conf" | cut -d: -f1)
"$kiosk" --config "$conf" --data-dir "$data" --scenario "$work/plank.scenario" \
    --start-time 2026-12-01T12:00 >"$work/out6" 2>&1 || { cat "$work/out6"; fail "plank from the last good copy"; }
grep -q "figures.conf line $line: hand.near: '0.82' is not a point like 0.45,0.80" "$work/out6" ||
    { cat "$work/out6"; fail "the figure's mistake is not named by file and line"; }
grep -q "last good copy" "$work/out6" || fail "the figures notice does not say what the rack uses"

# the shipped catalogue itself broken (a damaged install), and nothing else: no start
assets=$work/assets
cp -r assets "$assets"
rm "$data/exercises.conf" "$data/warmup.conf" "$data"/*.last-good
printf '[squat]\nname = Back squat\nbody = sideways\n' >"$assets/catalogue/exercises.conf"
if "$kiosk" --config "$conf" --data-dir "$data" --assets "$assets" --scenario "$work/again.scenario" \
    >"$work/out4" 2>&1; then
    fail "started without a usable catalogue"
fi
grep -q "exercises.conf line 3: body 'sideways' must be lower or upper" "$work/out4" ||
    { cat "$work/out4"; fail "the damaged shipped file is not named"; }
# the shipped plates.conf damaged: the fault names the rack's plates, not the exercises
cp assets/catalogue/exercises.conf "$assets/catalogue/exercises.conf"
printf '[kg]\nbar = 20\nplates = 25/20/0.1\n[lb]\nbar = 45\nplates = 45\n' >"$assets/catalogue/plates.conf"
rm -f "$data"/plates.conf*
if "$kiosk" --config "$conf" --data-dir "$data" --assets "$assets" --scenario "$work/again.scenario" \
    >"$work/out7" 2>&1; then
    fail "started without a usable plates.conf"
fi
grep -q "The rack's bar and plates (plates.conf) cannot be used. plates.conf line 3: '0.1' is not a plate weight" "$work/out7" ||
    { cat "$work/out7"; fail "the damaged plates.conf is not named with its line"; }
if grep -q "exercise catalogue" "$work/out7"; then cat "$work/out7"; fail "plates.conf's fault blames the exercises"; fi
echo "catalogue: front squat added and lifted, a gym's figure drawn, typos named by line, last good and shipped copies used, a broken plates.conf named as the rack's plates"
