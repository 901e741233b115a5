#!/usr/bin/env bash
# The rep detector against the bar motion goals on ten held-out seeds per condition:
# F1, ghost reps, mean concentric velocity, range of motion and phase durations, per
# condition (build/tools/imu-accuracy; seeds 10001 and up are never tuned on).
set -u
build=${1:-build}
tool="$build/tools/imu-accuracy"
if [ ! -x "$tool" ]; then
    make --no-print-directory "$tool" >/dev/null || exit 1
fi
"$tool" --seeds 10001-10010
