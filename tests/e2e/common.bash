# shellcheck shell=bash
# What the end-to-end scripts share, sourced by them (tests/run runs tests/e2e/*.sh only,
# so this is no test of its own): the set-up of a kiosk and rackside-ctl on a database of
# the script's own, and the scenario lines every session repeats.

# fail MESSAGE: why the script failed, on stderr; exit status 1
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# q DATABASE SQL: one query's rows, no header
q() { sqlite3 -batch -noheader "$1" "$2"; }

# e2e_work [BUILD]: $build (default build), $out where screenshots are kept
# ($RACKSIDE_TEST_OUT, or BUILD/test-out), a folder of the script's own ($work, removed at
# exit unless KEEP is set)
e2e_work() {
    build=${1:-build}
    out=${RACKSIDE_TEST_OUT:-$build/test-out}
    work=$(mktemp -d)
    trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
}

# e2e_kiosk_setup [BUILD]: e2e_work, and the ASan kiosk ($kiosk) and rackside-ctl ($ctl)
# of BUILD on a database in $work ($data) with no settings file ($conf: the defaults), the
# offscreen video and dummy audio drivers, LSan's suppressions.
e2e_kiosk_setup() {
    e2e_work "$@"
    kiosk=$build/asan/rackside
    ctl=$build/asan/rackside-ctl
    export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
    export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
    data=$work/data
    conf=$work/none.conf
}

# play FILE [ARGS...]: the kiosk plays the scenario FILE on $data (its output in FILE.out,
# shown when the scenario fails)
play() {
    local file=$1
    shift
    "$kiosk" --config "$conf" --data-dir "$data" --scenario "$file" "$@" >"$file.out" 2>&1 ||
        { cat "$file.out"; fail "$(basename "$file")"; }
}

# no_red_flags: a scenario's lines answering no to each red-flag question, then Continue
no_red_flags() {
    local i
    for i in 1 2 3 4 5; do
        echo "+0.5   press flag-$i-no"
    done
    echo "+0.5   press continue"
}

# history_all_no: the enrolment screen's history questions each answered no, then Done
history_all_no() {
    local i
    for i in 1 2 3 4 5; do
        echo "+0.5   press history-$i-no"
    done
    echo "+0.5   press history-done"
}

# pin_lines DIGITS: a trainer's PIN typed on the pad, 2 s after the badge
pin_lines() {
    local i wait=+2
    for ((i = 0; i < ${#1}; i++)); do
        printf '%-6s press pin-%s\n' "$wait" "${1:i:1}"
        wait=+0.5
    done
}

# front_squat_conf WARMUP: an exercises.conf section for a front squat (a gym's own
# exercise) warmed up by the routine WARMUP
front_squat_conf() {
    cat <<CONF

[front-squat]
name = Front squat
body = lower
load = plate
starts = eccentric
tempo = 4-1-1-0
target_reps = 3
work_sets = 5
step_max_kg = 2.5
warmup = $1
CONF
}
