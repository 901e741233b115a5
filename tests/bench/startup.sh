#!/usr/bin/env bash
# The release kiosk's start-up, idle cost and memory, from its own log lines. Prints
# rows for tests/bench/run ("ROW<TAB>figure<TAB>budget<TAB>measured<TAB>how"):
#   first frame: median over runs, with the dummy sound driver and with SDL's own choice
#     (no sound device here: the kiosk must not wait for one before the first frame)
#   wake-ups and CPU on a static screen (attract, simulated devices idle), 10 s
#   how late a sound is when the sound device was closed (the dummy, disk and ALSA drivers)
#   peak RSS over a whole --demo, software renderer (offscreen), in an Xvfb window as the
#     kiosk chooses (software: no GPU here) and with GL asked for (Mesa's llvmpipe)
# (drift over 1,000 sessions is drift.sh's, in make bench's background lane)
set -uo pipefail
build=${1:-build}
bin=$build/rackside
runs=${RUNS:-9}
idle_s=${IDLE_S:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
export RACKSIDE_ASSETS=${RACKSIDE_ASSETS:-$PWD/assets}

row() { printf 'ROW\t%s\t%s\t%s\t%s\n' "$@"; }
over() { awk -v m="$1" -v b="$2" 'BEGIN { if (m + 0 > b + 0) printf " OVER" }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# one start with env "$@": stopped (SIGTERM, as at 3 s before) once it has logged its first
# frame, or at 3 s; its log in $work/log
first_frame_run() {
    env "$@" "$bin" --data-dir "$work/d" 2>"$work/log" &
    local pid=$! i
    for ((i = 0; i < 30; i++)); do
        sleep 0.1
        grep -qs 'first frame' "$work/log" && break
    done
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}

first_frames() { # $1: label, rest: env
    local label=$1 ms wait all=() own=()
    shift
    for i in $(seq 1 "$runs"); do
        first_frame_run "$@"
        ms=$(sed -n 's/.*first frame \([0-9]*\) ms.*/\1/p' "$work/log")
        if [ -z "$ms" ]; then
            row "first frame ($label)" "<= 250 ms" "FAILED: no first frame" "$(head -c 200 "$work/log")"
            return
        fi
        all+=("$ms")
        # the frame loop's thread waiting for a CPU before its first frame (schedstat): on a
        # shared machine the load's, not the kiosk's
        wait=$(sed -n 's/.*first frame .*waiting for one \([0-9]*\) ms.*/\1/p' "$work/log")
        own+=("$((ms - ${wait:-0}))")
    done
    local m o
    m=$(printf '%s\n' "${all[@]}" | median)
    o=$(printf '%s\n' "${own[@]}" | median)
    echo "startup: first frame ($label) median ${m} ms over $runs runs (all: ${all[*]}); without the waits for a CPU median ${o} ms (all: ${own[*]})"
    row "first frame ($label)" "<= 250 ms" "${m} ms median$(over "$m" 250)" \
        "start to first presented frame, $runs runs, offscreen, warm database, load $(cut -d' ' -f1 /proc/loadavg) (all: ${all[*]})"
    row "  ... less its wait for a CPU ($label)" "<= 250 ms" "${o} ms median$(over "$o" 250)" \
        "the same runs less the frame loop's thread's run-queue wait before the first frame (schedstat; other threads' waits stay in)"
}

"$bin" --data-dir "$work/d" --help >/dev/null 2>&1 || true
first_frames "sound: dummy driver" SDL_AUDIODRIVER=dummy
first_frames "sound: SDL's own choice" -u SDL_AUDIODRIVER

# static screen: the attract screen with nobody on the simulated plate. Two runs, a short
# and a long one: the difference is the idle cost alone, without the start-up.
idle_run() { # $1: seconds; prints "frames secs wakes cpu"
    timeout -s TERM "$1" "$bin" --data-dir "$work/d" 2>"$work/log" || true
    sed -n 's/.*stopped: \([0-9]*\) frames drawn in \([0-9.]*\) s.* \([0-9]*\) wake-ups.*cpu \([0-9.]*\) s.*/\1 \2 \3 \4/p' \
        "$work/log"
}
read -r f1 s1 w1 c1 < <(idle_run 3)
read -r f2 s2 w2 c2 < <(idle_run "$idle_s")
echo "idle: 3 s run: ${f1:-?} frames, ${w1:-?} wake-ups, cpu ${c1:-?} s; ${s2:-?} s run: ${f2:-?} frames, ${w2:-?} wake-ups, cpu ${c2:-?} s"
if [ -n "${w2:-}" ] && [ -n "${w1:-}" ]; then
    per_s=$(awk -v a="$w1" -v b="$w2" -v x="$s1" -v y="$s2" 'BEGIN { printf "%.1f", (b - a) / (y - x) }')
    pct=$(awk -v a="$c1" -v b="$c2" -v x="$s1" -v y="$s2" 'BEGIN { printf "%.2f", 100 * (b - a) / (y - x) }')
    row "wake-ups per second, static screen" "<= 5/s" "$per_s/s$(over "$per_s" 5)" \
        "frame loop sleeps that ended, attract screen, simulated devices idle: (${s2} s run - ${s1} s run), offscreen"
    row "redraws on a static screen" "first frame only" "$f2 frames in $s2 s" "frames drawn, the long run"
    row "CPU on a static screen" "< 1 % of a core" "${pct} %$(over "$pct" 1)" \
        "getrusage user+sys, (${s2} s run - ${s1} s run): start-up left out; x86 here, not a Pi"
else
    row "wake-ups per second, static screen" "<= 5/s" "FAILED" "no stopped line: $(tail -n 1 "$work/log")"
fi

# every thread's wake-ups on the same static screen: the frame loop's count above is one
# thread's; a device's or the sound device's thread that wakes on its own is counted here
# (context switches of all the process's threads, /proc/PID/task/*/status, between 3 s and
# 3 + IDLE_S s after the start, so the start-up is left out)
switches() { # $1: pid; the sum of its threads' context switches
    cat /proc/"$1"/task/*/status 2>/dev/null |
        awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { n += $2 } END { print n + 0 }'
}
threads_line() { # $1: pid; "name count" of each thread's switches
    local t
    for t in /proc/"$1"/task/*; do
        printf '%s %s; ' "$(cat "$t/comm" 2>/dev/null)" \
            "$(awk '/ctxt_switches:/ { n += $2 } END { print n + 0 }' "$t/status" 2>/dev/null)"
    done
}
on_cpu_ns() { # $1: pid; the time its threads have run (schedstat, ns: finer than getrusage)
    cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ n += $1 } END { printf "%.0f", n }'
}
"$bin" --data-dir "$work/d" 2>"$work/log" &
kpid=$!
sleep 3
a=$(switches "$kpid")
ca=$(on_cpu_ns "$kpid")
sleep "$idle_s"
b=$(switches "$kpid")
cb=$(on_cpu_ns "$kpid")
per_thread=$(threads_line "$kpid")
kill -TERM "$kpid" 2>/dev/null
wait "$kpid" 2>/dev/null
all_s=$(awk -v a="$a" -v b="$b" -v s="$idle_s" 'BEGIN { printf "%.1f", (b - a) / s }')
echo "idle: all threads $all_s switches/s over $idle_s s (each thread's total: $per_thread)"
row "wake-ups per second, static screen, every thread" "<= 5/s" "$all_s/s$(over "$all_s" 5)" \
    "context switches of all the kiosk's threads over $idle_s s from 3 s after the start (/proc/PID/task), offscreen, dummy sound driver; each thread's in the log"
cpu_all=$(awk -v a="$ca" -v b="$cb" -v s="$idle_s" 'BEGIN { printf "%.2f", (b - a) / 1e7 / s }')
row "CPU on a static screen, every thread" "< 1 % of a core" "${cpu_all} %$(over "$cpu_all" 1)" \
    "time on a CPU of all the kiosk's threads over the same $idle_s s (/proc/PID/task/*/schedstat, ns), load $(cut -d' ' -f1 /proc/loadavg); x86 here, not a Pi"

# a sound due while the sound device is closed (after a silence on a screen with no timed
# cue) waits for it to open again: with the dummy and disk drivers, and through ALSA to its
# null device (no sound card here), so the open of SDL's ALSA driver is counted
mkdir -p "$work/alsa-home"
printf 'pcm.!default { type null }\n' >"$work/alsa-home/.asoundrc"
for drv in dummy disk alsa; do
    line=$(env SDL_AUDIODRIVER=$drv SDL_DISKAUDIOFILE="$work/disk.raw" HOME="$work/alsa-home" \
        "$build/tools/sound_reopen" 20 2>>"$work/reopen.log" | grep '^reopen ')
    if [ -z "$line" ]; then
        row "sound after the device closed, late by ($drv)" "the open" "not measured" \
            "$(grep -v CRITICAL "$work/reopen.log" | tail -n 1)"
        continue
    fi
    read -r _ _ n om ox lm lx cm <<<"$line"
    echo "sound: $drv: $n reopens: open median $om ms (max $ox), sound due to device open median $lm ms (max $lx), close on the speaker's thread median $cm ms"
    row "sound after the device closed, late by ($drv)" "the open" "${lm} ms median, ${lx} max" \
        "build/tools/sound_reopen: $n badge sounds each after a close, asked to device open (the open itself: median ${om}, max ${ox} ms); the frame loop waits for neither (close median ${cm} ms on the speaker's thread); load $(cut -d' ' -f1 /proc/loadavg)"
done

peak_demo() { # $1: label, rest: command prefix
    local label=$1
    shift
    "$@" "$bin" --demo --data-dir "$work/demo-$RANDOM" 2>"$work/log"
    local rc=$?
    local mb end
    mb=$(sed -n 's/.*peak memory \([0-9]*\) MB.*/\1/p' "$work/log")
    if [ $rc -ne 0 ] || [ -z "$mb" ]; then
        row "peak RSS over the demo ($label)" "<= 40 MB" "FAILED (exit $rc)" \
            "$(grep -v '^rackside: screen ' "$work/log" | tail -n 3 | tr '\n' ' ')"
        return
    fi
    echo "demo ($label): $(grep 'stopped:' "$work/log")"
    row "peak RSS over the demo ($label)" "<= 40 MB" "${mb} MB$(over "$mb" 40)" \
        "getrusage ru_maxrss at exit of build/rackside --demo"
}
peak_demo "software renderer, offscreen" env SDL_VIDEODRIVER=offscreen
if command -v xvfb-run >/dev/null; then
    # with no GPU (no /dev/dri render node, as here) the kiosk takes the software
    # renderer by itself; GL asked for by name shows what llvmpipe would cost
    # the kiosk's own exit status, not xvfb-run's (see tests/bench/in_xvfb)
    peak_demo "Xvfb window, the kiosk's own choice" env SDL_VIDEODRIVER=x11 tests/bench/in_xvfb
    peak_demo "Xvfb window, GL asked for: Mesa llvmpipe, not used without a GPU" \
        env SDL_VIDEODRIVER=x11 SDL_RENDER_DRIVER=opengl tests/bench/in_xvfb
else
    row "peak RSS over the demo (accelerated, Xvfb)" "<= 40 MB" "not measured" "xvfb-run not installed"
fi
