#!/usr/bin/env bash
# The screens read the core's view (app/core/view.h) and nothing else of the session: no
# screen or overlay names struct session or asks the session itself (session_can,
# session_notice, ...), so no screen can re-derive a rule from the session's raw state.
# Text look-ups that take no session (session_red_flag_question, session_ack_note, ...)
# are fine.
set -euo pipefail
cd "$(dirname "$0")/../.."
files=(app/ui/screen_*.c app/ui/overlays.c app/ui/screens.h)
[ -f "${files[0]}" ] || { echo "FAIL: no screens found"; exit 1; }
bad=$(grep -nE '\bstruct session\b[^_]|session_(can|screen|lifter|notice|light|cap_g|idle_seconds_left|checkin_ready|offers)\(' \
    "${files[@]}" || true)
if [ -n "$bad" ]; then
    echo "FAIL: screens reach past the view into the session:"
    echo "$bad"
    exit 1
fi
echo "screens read the view only (${#files[@]} files)"
