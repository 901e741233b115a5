#!/usr/bin/env bash
# rackside-ctl allowed (issue 9): the offline check from a history file, its fixed output
# ({"allowed_kg":...,"reason":"..."} or the reason alone), bad input named by file and
# line with exit status 2, and the same rule answering for a member from the database.
set -euo pipefail
build=${1:-build}
ctl=$build/asan/rackside-ctl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
conf=$work/none.conf # no config: the defaults
# shellcheck source=tests/e2e/common.bash
. "$(dirname "$0")/common.bash" # no_red_flags

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

allowed() {
    "$ctl" --config "$conf" allowed "$@"
}

cat >"$work/h.csv" <<'CSV'
date,exercise,load_kg,target_reps,done_reps,clean,pain
2026-10-31,squat,100,5,5,1,0
2026-11-16,squat,100,5,5,1,0
2026-11-20,bench,60,5,5,1,0
2026-11-27,squat,125,5,3,0,0
CSV

out=$(allowed --history "$work/h.csv" --exercise squat --date 2026-11-23 --json)
[ "$out" = '{"allowed_kg":105,"reason":"Best clean back squat 100 kg on 31 Oct, held 23 days: +5 kg = 105 kg"}' ] ||
    fail "json: $out"
out=$(allowed --history "$work/h.csv" --exercise squat --date 2026-12-08)
[ "$out" = "Away from back squat 22 days: 90 % of 100 kg = 90 kg" ] || fail "away, despite an unclean set: $out"
out=$(allowed --history "$work/h.csv" --exercise squat --date 2026-12-08 --unit lb --json)
[ "$out" = '{"allowed_kg":88.451,"reason":"Away from back squat 22 days: 90 % of 220.5 lb, rounded down to 195 lb"}' ] ||
    fail "lb: $out"
# a rack whose [rack] is set: --unit lb reads the answer in pounds, rounded with the
# rack's own kilogram plates (no 1.25s: 5 kg the least step), never a pound rack's
cat >"$work/kg5.conf" <<'CONF'
[rack]
unit = kg
bar = 20
plates = 25/20/10/5/2.5
CONF
out=$("$ctl" --config "$work/kg5.conf" allowed --history "$work/h.csv" --exercise squat --date 2026-12-08 --json)
[ "$out" = '{"allowed_kg":90,"reason":"Away from back squat 22 days: 90 % of 100 kg = 90 kg"}' ] ||
    fail "kg rack: $out"
out=$("$ctl" --config "$work/kg5.conf" allowed --history "$work/h.csv" --exercise squat --date 2026-12-08 --unit lb --json)
[ "$out" = '{"allowed_kg":90,"reason":"Away from back squat 22 days: 90 % of 220.5 lb = 198.4 lb"}' ] ||
    fail "kg rack read in lb: $out"
out=$("$ctl" --config "$work/kg5.conf" allowed --history "$work/h.csv" --exercise squat --date 2026-11-23 --unit lb)
[ "$out" = "Best clean back squat 220.5 lb on 31 Oct, held 23 days: +11 lb = 231.5 lb" ] ||
    fail "kg rack read in lb, a step: $out"
out=$(allowed --history "$work/h.csv" --exercise squat --date 2026-11-23 --pain 6 --json)
[ "$out" = '{"allowed_kg":null,"reason":"Pain 6 today: no lifting today"}' ] || fail "pain 6: $out"
out=$(allowed --history "$work/h.csv" --exercise deadlift --date 2026-11-23)
[[ $out == "No clean deadlift in 56 days and no start load: the empty bar; today 20 kg" ]] ||
    fail "no deadlift: $out"

# velocity readiness offline: the sets' velocity_mps column (named in the header) and
# --ramp, today's last ramp set; the gym turns readiness on in its config
cat >"$work/vel.csv" <<'CSV'
date,exercise,load_kg,target_reps,done_reps,clean,pain,velocity_mps
2026-11-09,squat,85,5,5,1,0,0.50
2026-11-20,squat,100,5,5,1,0,
CSV
printf '[rules]\nreadiness_drop_pct = 10\n' >"$work/ready.conf"
ready() {
    "$ctl" --config "$work/ready.conf" allowed --history "$work/vel.csv" --exercise squat --date 2026-11-30 "$@"
}
out=$(ready --ramp 85,0.44 --json)
[ "$out" = '{"allowed_kg":100,"reason":"Ramp set 440 mm/s against a usual 500 mm/s, over 10 % slower: no step; Best clean back squat 100 kg on 20 Nov; today 100 kg"}' ] ||
    fail "a slow ramp set: $out"
out=$(ready --ramp 85,0.47)
[ "$out" = "Best clean back squat 100 kg on 20 Nov, held 10 days: +5 kg = 105 kg" ] || fail "a usual ramp set: $out"
out=$(ready)
[ "$out" = "Best clean back squat 100 kg on 20 Nov, held 10 days: +5 kg = 105 kg" ] || fail "no ramp set: $out"
# an old file without the column still reads; with --ramp there is no usual speed to compare
out=$("$ctl" --config "$work/ready.conf" allowed --history "$work/h.csv" --exercise squat --date 2026-11-23 --ramp 85,0.10 2>"$work/err")
[ "$out" = "Best clean back squat 100 kg on 31 Oct, held 23 days: +5 kg = 105 kg" ] || fail "old file, --ramp: $out"
grep -q "h.csv has no usual speed at 85.0 kg" "$work/err" || fail "old file, --ramp: no word why: $(cat "$work/err")"
# readiness off in the gym: the ramp set is not checked, and that is said
out=$("$ctl" --config "$conf" allowed --history "$work/vel.csv" --exercise squat --date 2026-11-30 --ramp 85,0.30 2>"$work/err")
[ "$out" = "Best clean back squat 100 kg on 20 Nov, held 10 days: +5 kg = 105 kg" ] || fail "readiness off: $out"
grep -q "velocity readiness is off" "$work/err" || fail "readiness off, --ramp: no word why: $(cat "$work/err")"
# bad input: one line naming the file and line, exit 2
bad() {
    local want=$1
    shift
    got=0
    allowed "$@" >"$work/out" 2>"$work/err" || got=$?
    [ "$got" -eq 2 ] || fail "$* exited $got, not 2"
    [ "$(wc -l <"$work/err")" -eq 1 ] || fail "$*: not one line: $(cat "$work/err")"
    grep -qF -- "$want" "$work/err" || fail "$*: '$want' not in: $(cat "$work/err")"
    [ ! -s "$work/out" ] || fail "$*: printed an answer on bad input"
}
# the catalogue the kiosk reads: a gym's own exercise answers with its own rules (its
# largest step, its body half, its readiness drop), from --catalogue DIR or from beside
# the settings file; a mistake in it is bad input named by file and line
gym=$work/gym
mkdir -p "$gym"
cp assets/catalogue/exercises.conf "$gym/exercises.conf"
cat >>"$gym/exercises.conf" <<'CONF'

[front-squat]
name = Front squat
body = lower
load = plate
starts = eccentric
target_reps = 3
work_sets = 5
step_max_kg = 2.5
readiness_drop_pct = 1
warmup = lower
CONF
cat >"$work/front.csv" <<'CSV'
date,exercise,load_kg,target_reps,done_reps,clean,pain,velocity_mps
2026-11-09,front-squat,85,3,3,1,0,0.50
2026-11-20,front-squat,100,3,3,1,0,
2026-11-20,squat,100,5,5,1,0,
CSV
out=$(allowed --history "$work/front.csv" --exercise front-squat --date 2026-11-30 --catalogue "$gym")
[ "$out" = "Best clean front squat 100 kg on 20 Nov, held 10 days: +2.5 kg = 102.5 kg" ] ||
    fail "front squat's own step: $out"
out=$(allowed --history "$work/front.csv" --exercise squat --date 2026-11-30 --catalogue "$gym")
[ "$out" = "Best clean back squat 100 kg on 20 Nov, held 10 days: +5 kg = 105 kg" ] || fail "squat beside it: $out"
cp "$work/ready.conf" "$gym/rackside.conf" # readiness on (10 %); the catalogue beside it
out=$("$ctl" --config "$gym/rackside.conf" allowed --history "$work/front.csv" --exercise front-squat \
    --date 2026-11-30 --ramp 85,0.49)
[ "$out" = "Ramp set 490 mm/s against a usual 500 mm/s, over 1 % slower: no step; Best clean front squat 100 kg on 20 Nov; today 100 kg" ] ||
    fail "front squat's own readiness drop: $out"
sed -i 's/^readiness_drop_pct = 1$/readiness_drop_pct = 0.5/' "$gym/exercises.conf"
line=$(grep -n '^readiness_drop_pct = 0.5' "$gym/exercises.conf" | cut -d: -f1)
bad "exercises.conf line $line" --history "$work/front.csv" --exercise front-squat --date 2026-11-30 \
    --catalogue "$gym"
bad "--exercise is one of the catalogue's: squat, deadlift, press, bench; not \"front-squat\"" \
    --history "$work/h.csv" --exercise front-squat --date 2026-12-01
bad "front.csv line 2: exercise 'front-squat' is not in the catalogue: squat, deadlift, press, bench" \
    --history "$work/front.csv" --exercise squat --date 2026-12-01

# the reason in the reader's language (--lang), the exercise named by its name there:
# the catalogue's name.de first, else the kiosk's own translation
out=$(allowed --history "$work/h.csv" --exercise squat --date 2026-12-08 --lang de)
[ "$out" = "Kniebeuge seit 22 Tagen pausiert: 90 % von 100 kg = 90 kg" ] || fail "German: $out"
out=$(allowed --history "$work/h.csv" --exercise squat --date 2026-11-23 --lang es --json)
[ "$out" = '{"allowed_kg":105,"reason":"Mejor serie limpia de sentadilla: 100 kg el 31 oct, mantenida 23 días: +5 kg = 105 kg"}' ] ||
    fail "Spanish: $out"
bad "--lang is en, es or de, not \"fr\"" --history "$work/h.csv" --exercise squat --date 2026-11-23 --lang fr
sed -i 's/^readiness_drop_pct = 0.5$/readiness_drop_pct = 1/' "$gym/exercises.conf" # fixed again
sed -i 's/^name = Front squat$/name = Front squat\nname.de = Frontkniebeuge/' "$gym/exercises.conf"
out=$(allowed --history "$work/front.csv" --exercise front-squat --date 2026-11-30 --catalogue "$gym" --lang de)
[ "$out" = "Bester sauberer Satz Frontkniebeuge: 100 kg am 20 Nov., 10 Tage gehalten: +2,5 kg = 102,5 kg" ] ||
    fail "a gym's own name.de: $out"

# the rack's plates: plates.conf, found as the catalogue is (beside --config here), its
# [kg] set with no [rack]; --unit lb with no [rack] is its [lb] set; a [rack] overrides
# it; a mistake in it is bad input named by file and line
plates=$work/plates
mkdir -p "$plates"
printf '[kg]\nbar = 15\nplates = 20/10/5\n\n[lb]\nbar = 35\nplates = 45/25/10/5x1\n' >"$plates/plates.conf"
: >"$plates/rackside.conf"
at_plates() { "$ctl" --config "$plates/rackside.conf" allowed --history "$work/h.csv" --exercise squat "$@"; }
out=$(at_plates --date 2026-12-08 --json)
[ "$out" = '{"allowed_kg":85,"reason":"Away from back squat 22 days: 90 % of 100 kg, rounded down to 85 kg"}' ] ||
    fail "plates.conf's kg set: $out"
out=$(at_plates --date 2026-11-23)
[ "$out" = "Best clean back squat 100 kg on 31 Oct, held 23 days: +10 kg, rounded down to 105 kg" ] ||
    fail "plates.conf's kg set, a step (its least is 10 kg on a 15 kg bar): $out"
out=$(at_plates --date 2026-12-08 --unit lb --json)
[ "$out" = '{"allowed_kg":88.451,"reason":"Away from back squat 22 days: 90 % of 220.5 lb, rounded down to 195 lb"}' ] ||
    fail "plates.conf's lb set: $out"
out=$(at_plates --date 2026-11-23 --unit lb --json)
[ "$out" = '{"allowed_kg":102.058,"reason":"Best clean back squat 220.5 lb on 31 Oct, held 23 days: +10 lb, rounded down to 225 lb"}' ] ||
    fail "plates.conf's lb set (a 35 lb bar), a step: $out"
printf '[rack]\nplates = 20/10/5/2.5\n' >"$plates/rackside.conf"
out=$(at_plates --date 2026-12-08 --json)
[ "$out" = '{"allowed_kg":90,"reason":"Away from back squat 22 days: 90 % of 100 kg = 90 kg"}' ] ||
    fail "[rack] plates over plates.conf's bar: $out"
printf '[rules]\nempty_bar_kg = 20\n[rack]\nunit = kg\n' >"$plates/rackside.conf"
got=0
at_plates --date 2026-12-08 >"$work/out" 2>"$work/err" || got=$?
[ "$got" -eq 1 ] || fail "the bar given twice exited $got"
grep -q "rackside.conf line 2: \[rules\] empty_bar_kg differs from the bar of plates.conf's \[kg\] set (15 kg)" "$work/err" ||
    fail "the bar given twice: $(cat "$work/err")"
: >"$plates/rackside.conf"
printf '[kg]\nbar = 15\nplates = 20/10/5\n' >"$plates/plates.conf"
got=0
at_plates --date 2026-12-08 >"$work/out" 2>"$work/err" || got=$?
[ "$got" -eq 2 ] || fail "plates.conf without [lb] exited $got"
grep -q "plates.conf: no \[lb\] set" "$work/err" || fail "plates.conf without [lb]: $(cat "$work/err")"
printf '[kg]\nbar = 15\nplates = 20/10/5x0\n[lb]\nbar = 45\nplates = 45\n' >"$plates/plates.conf"
got=0
at_plates --date 2026-12-08 >"$work/out" 2>"$work/err" || got=$?
[ "$got" -eq 2 ] || fail "a bad plates.conf exited $got"
grep -q "^rackside-ctl: plates.conf line 3: '5x0': pairs after x" "$work/err" || fail "a bad plates.conf: $(cat "$work/err")"
[ ! -s "$work/out" ] || fail "a bad plates.conf printed an answer"

printf 'date,exercise,load_kg,target_reps,done_reps,clean,pain\n2026-11-02,squat,100,5,5,1,0\n2026-11-31,squat,100,5,5,1,0\n' >"$work/date.csv"
bad "date.csv line 3: date '2026-11-31'" --history "$work/date.csv" --exercise squat --date 2026-12-01
printf 'date,exercise,load,target_reps,done_reps,clean,pain\n' >"$work/head.csv"
bad "head.csv line 1: the first line must be the header" --history "$work/head.csv" --exercise squat --date 2026-12-01
printf 'date,exercise,load_kg,target_reps,done_reps,clean,pain\n2026-11-02,squat,100,5,5,2,0\n' >"$work/clean.csv"
bad "clean.csv line 2: clean '2'" --history "$work/clean.csv" --exercise squat --date 2026-12-01
printf 'date,exercise,load_kg,target_reps,done_reps,clean,pain\n2026-11-02,row,100,5,5,1,0\n' >"$work/ex.csv"
bad "ex.csv line 2: exercise 'row'" --history "$work/ex.csv" --exercise squat --date 2026-12-01
bad "missing.csv: cannot open it" --history "$work/missing.csv" --exercise squat --date 2026-12-01
bad "--exercise is one of the catalogue's" --history "$work/h.csv" --exercise row --date 2026-12-01
bad "--pain is a whole number" --history "$work/h.csv" --exercise squat --date 2026-12-01 --pain 11
bad "--unit is kg or lb" --history "$work/h.csv" --exercise squat --date 2026-12-01 --unit st
bad "--date" --history "$work/h.csv" --exercise squat --date 2026-13-01

printf 'date,exercise,load_kg,target_reps,done_reps,clean,pain,velocity_mps\n2026-11-02,squat,100,5,5,1,0,fast\n' >"$work/vel_bad.csv"
bad "vel_bad.csv line 2: velocity_mps 'fast'" --history "$work/vel_bad.csv" --exercise squat --date 2026-12-01
printf 'date,exercise,load_kg,target_reps,done_reps,clean,pain,velocity_mps\n2026-11-02,squat,100,5,5,1,0\n' >"$work/vel_short.csv"
bad "vel_short.csv line 2: no velocity_mps field" --history "$work/vel_short.csv" --exercise squat --date 2026-12-01
printf 'date,exercise,load_kg,target_reps,done_reps,clean,pain,speed\n' >"$work/vel_head.csv"
bad "vel_head.csv line 1: the first line must be the header" --history "$work/vel_head.csv" --exercise squat --date 2026-12-01
bad "--ramp is today's last ramp set as KG,M/S" --history "$work/h.csv" --exercise squat --date 2026-12-01 --ramp 0.4
bad "--ramp is today's last ramp set as KG,M/S" --history "$work/h.csv" --exercise squat --date 2026-12-01 --ramp 85,9

# a spreadsheet's CSV UTF-8 export: a byte-order mark and CRLF line ends read the same
printf '\xef\xbb\xbfdate,exercise,load_kg,target_reps,done_reps,clean,pain\r\n2026-11-01,squat,100,5,5,1,1\r\n' >"$work/bom.csv"
out=$("$ctl" allowed --history "$work/bom.csv" --exercise squat --date 2026-11-21 2>&1) ||
    fail "a CSV with a byte-order mark: $out"
[ "$out" = "Away from back squat 20 days: 90 % of 100 kg = 90 kg" ] || fail "a CSV with a byte-order mark: $out"

# the database: the same rule, the member's start load and today's override
data=$work/data
"$ctl" --data-dir "$data" member add "Robin Park" >/dev/null
"$ctl" --data-dir "$data" member add "Dana Cole" --trainer --pin 1357 >/dev/null
out=$("$ctl" --data-dir "$data" --config "$conf" allowed --member "Robin Park" --exercise squat --json)
[ "$out" = '{"allowed_kg":20,"reason":"No clean back squat in 56 days and no start load: the empty bar; today 20 kg"}' ] ||
    fail "member, no history: $out"
"$ctl" --data-dir "$data" start-load "Robin Park" "Back squat" 41 >/dev/null
out=$("$ctl" --data-dir "$data" --config "$conf" allowed --member "Robin Park" --exercise squat)
[ "$out" = "No clean back squat in 56 days: the trainer's start load 41 kg, rounded down to 40 kg" ] ||
    fail "member, start load rounded down: $out"
"$ctl" --data-dir "$data" override "Robin Park" "Back squat" 62 --reason "tested" --by "Dana Cole" >/dev/null
out=$("$ctl" --data-dir "$data" --config "$conf" allowed --member "Robin Park" --exercise squat --json)
[ "$out" = '{"allowed_kg":60,"reason":"Set by a trainer for today: 62 kg, rounded down to 60 kg"}' ] ||
    fail "member, override: $out"
# a trainer names the exercise as allowed does (its id), or by its name
"$ctl" --data-dir "$data" exercises | grep -qE "^1 +Back squat .* squat$" || fail "exercises does not list the id squat"
"$ctl" --data-dir "$data" override "Robin Park" squat 57 --reason "tested" --by "Dana Cole" >/dev/null ||
    fail "override by the exercise's id"
out=$("$ctl" --data-dir "$data" --config "$conf" allowed --member "Robin Park" --exercise squat)
[ "$out" = "Set by a trainer for today: 57 kg, rounded down to 55 kg" ] || fail "override by id: $out"
"$ctl" --data-dir "$data" start-load "Robin Park" press 30 >/dev/null || fail "start-load by the exercise's id"
got=0
"$ctl" --data-dir "$data" --config "$conf" allowed --member "Nobody" --exercise squat >/dev/null 2>&1 || got=$?
[ "$got" -eq 1 ] || fail "an unknown member exited $got"
# --member with --catalogue: the exercise's name and rules from the catalogue, its sets
# from the database (matched by id); one the kiosk has not stored yet has no history
"$ctl" --data-dir "$data" member add "Sam Lee" >/dev/null
sam=$(sqlite3 "$data/rackside.db" "SELECT id FROM members WHERE name = 'Sam Lee'")
squat_id=$(sqlite3 "$data/rackside.db" "SELECT id FROM exercises WHERE key = 'squat'")
noon_us=$(($(date -u -d 2026-11-16T12:00:00 +%s) * 1000000))
sqlite3 "$data/rackside.db" "INSERT INTO sets (key, member_id, exercise_id, started_us, load_g,
    declared, target_reps, reps_done, clean, stopped) VALUES (9001, $sam, $squat_id, $noon_us,
    100000, 0, 5, 5, 1, 0)"
member() { "$ctl" --data-dir "$data" --config "$conf" allowed --member "Sam Lee" --date 2026-11-30 "$@"; }
out=$(member --exercise squat)
[ "$out" = "Best clean back squat 100 kg on 16 Nov, held 14 days: +5 kg = 105 kg" ] || fail "member, stored squat: $out"
# a pound rack caps the step by the exercise's pound figure, as the kiosk stored it from its
# catalogue (step_max = 2.5kg 10lb): +10 lb, where its kilogram figure alone would give 5 lb
printf '[rack]\nunit = lb\n' >"$work/lb.conf"
sqlite3 "$data/rackside.db" "UPDATE exercises SET step_max_g = 2500, step_max_lb_mu = 10000 WHERE key = 'squat'"
out=$("$ctl" --data-dir "$data" --config "$work/lb.conf" allowed --member "Sam Lee" --exercise squat --date 2026-11-30)
[ "$out" = "Best clean back squat 220.5 lb on 16 Nov, held 14 days: +10 lb, rounded down to 230 lb" ] ||
    fail "member, stored squat's pound step on a pound rack: $out"
sqlite3 "$data/rackside.db" "UPDATE exercises SET step_max_lb_mu = 0 WHERE key = 'squat'"
out=$("$ctl" --data-dir "$data" --config "$work/lb.conf" allowed --member "Sam Lee" --exercise squat --date 2026-11-30)
[ "$out" = "Best clean back squat 220.5 lb on 16 Nov, held 14 days: +5 lb, rounded down to 225 lb" ] ||
    fail "member, stored squat's kilogram step alone on a pound rack: $out"
sqlite3 "$data/rackside.db" "UPDATE exercises SET step_max_g = 0, step_max_lb_mu = 0 WHERE key = 'squat'"
sed -i 's/^name = Back squat$/name = High-bar squat\nstep_max_kg = 2.5/' "$gym/exercises.conf"
out=$(member --exercise squat --catalogue "$gym")
[ "$out" = "Best clean high-bar squat 100 kg on 16 Nov, held 14 days: +2.5 kg = 102.5 kg" ] ||
    fail "member, the catalogue's squat: $out"
out=$(member --exercise front-squat --catalogue "$gym" --lang de)
[ "$out" = "Kein sauberer Satz Frontkniebeuge in 56 Tagen und keine Startlast: die leere Stange; heute 20 kg" ] ||
    fail "member, an exercise only the catalogue has: $out"
got=0
member --exercise front-squat >/dev/null 2>&1 || got=$?
[ "$got" -eq 1 ] || fail "member, front-squat without --catalogue exited $got"
# a rack of a gym offline past the limit (its gym server unreachable, its last contact 2 h
# ago): allowed --member holds the base as the kiosk does, with the kiosk's own reason; the
# kiosk, on the same database and settings, shows the same load and the same sentence
kiosk=$build/asan/rackside
"$ctl" --data-dir "$data" member add "Kai Berg" >/dev/null
"$ctl" --data-dir "$data" badge add 0C33 "Kai Berg" >/dev/null
kai=$(sqlite3 "$data/rackside.db" "SELECT id FROM members WHERE name = 'Kai Berg'")
now_s=$(date +%s)
t=$(((now_s - 11 * 86400) * 1000000))
sqlite3 "$data/rackside.db" "INSERT INTO sets (key, member_id, exercise_id, started_us, load_g,
    declared, target_reps, reps_done, clean, stopped) VALUES ($t, $kai, $squat_id, $t, 100000, 0,
    5, 5, 1, 0);
    INSERT INTO screenings (member_id, day, answers, t_us) VALUES ($kai, $((now_s / 86400)), 0,
    $((now_s * 1000000)))"
kai() { "$ctl" --data-dir "$data" --config "$1" allowed --member "Kai Berg" --exercise squat "${@:2}"; }
out=$(kai "$conf" --json)
[[ "$out" == '{"allowed_kg":105,"reason":"Best clean back squat 100 kg on '*', held 11 days: +5 kg = 105 kg"}' ]] ||
    fail "member, a rack alone (never offline): $out"
# the kiosk's plan shows that sentence whole, word for word (wrapped over its lines), on
# its clock set to the moment rackside-ctl answered (the same gym day, the same days held)
plan_shows() { # CONFIG NAME CAP_KG SENTENCE: the kiosk's plan for Kai on CONFIG, now
    cat >"$work/$2.scenario" <<EOF
0      clock $asked
0      badge 0C33
+1     plate on
+2     press pain-1
$(no_red_flags)
+1     press skip-warmup
+0     expect screen plan
+0     expect cap $3
+0     expect shows "$4"
${5:-}
EOF
    "$kiosk" --config "$1" --data-dir "$data" --scenario "$work/$2.scenario" >"$work/$2.out" 2>&1 ||
        fail "the kiosk's plan ($2) does not show \"$4\": $(grep -v '^rackside: screen' "$work/$2.out" | tail -5)"
}
# and the trainer's view of Kai's story, over Kai's plan, says it too
"$ctl" --data-dir "$data" badge add 0D44 "Dana Cole" >/dev/null
asked=$(date +%Y-%m-%dT%H:%M:%S)
alone=$(kai "$conf")
plan_shows "$conf" alone 105 "$alone" "+1     badge 0D44
+2     press pin-1
+0.5   press pin-3
+0.5   press pin-5
+0.5   press pin-7
+0     expect screen flags within 3
+1     press open-1
+0     expect screen flag-detail
+1     press story
+0     expect screen story within 3
+0     expect shows \"At the rack now, Back squat: today's cap 105 kg. $alone\" within 3"
printf '[server]\nconnection = host=%s dbname=postgres user=nobody\nrack = Rack 1\noffline_limit_s = 600\n' \
    "$work/nowhere" >"$work/gym.conf"
sqlite3 "$data/rackside.db" "UPDATE sync_state SET heard_us = $(((now_s - 7200) * 1000000))"
out=$(kai "$work/gym.conf" --json 2>"$work/err")
[ "$out" = '{"allowed_kg":100,"reason":"Gym server not heard for 2 h: no step up until it is"}' ] ||
    fail "member, offline past the limit: $out ($(cat "$work/err"))"
grep -q "what follows is this rack's, as of its last sync" "$work/err" || fail "offline, stderr: $(cat "$work/err")"
# in words alone the answer gives the load it holds too, as the kiosk and --json do
out=$(kai "$work/gym.conf" --lang de 2>/dev/null)
[ "$out" = "Studio-Server seit 2 h nicht erreichbar: keine Steigerung bis dahin; heute 100 kg" ] ||
    fail "member, offline, in German: $out"
reason=$(kai "$work/gym.conf" 2>/dev/null)
[ "$reason" = "Gym server not heard for 2 h: no step up until it is; today 100 kg" ] ||
    fail "member, offline, in words: $reason"
# the plan shows the sentence --json gives, whole, beside the load it holds
asked=$(date +%Y-%m-%dT%H:%M:%S)
json=$(kai "$work/gym.conf" --json 2>/dev/null)
why=${json#*\"reason\":\"}
plan_shows "$work/gym.conf" offline 100 "${why%\"\}}"
# the last contact within the limit: the step again
sqlite3 "$data/rackside.db" "UPDATE sync_state SET heard_us = $((($(date +%s) - 60) * 1000000))"
out=$(kai "$work/gym.conf" --json 2>/dev/null)
[[ "$out" == '{"allowed_kg":105,'* ]] || fail "member, in touch a minute ago: $out"
echo "ctl_allowed: ok"
