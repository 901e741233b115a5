#!/usr/bin/env bash
# rackside-ctl ack: a trainer at a desk acknowledges a flag the kiosk raised; it is stored
# as the kiosk's acknowledgement (the trainer's action, the outbox's 'ack' record for the
# gym server) and the kiosk's flag detail shows it; refusals change nothing.
set -euo pipefail
# shellcheck source=tests/e2e/common.bash
. "$(dirname "$0")/common.bash"
e2e_kiosk_setup "${1:-build}"
c() { "$ctl" --config "$conf" --data-dir "$data" "$@" 2>"$work/err"; }
db() { sqlite3 "$data/rackside.db" "$1"; }

c member add "Dana Cole" --trainer --pin 1357 >/dev/null
c badge add D0 "Dana Cole" >/dev/null
c member add "Robin Park" >/dev/null
c badge add R0B1N "Robin Park" >/dev/null

run() { play "$1"; } # scenario file

# Robin skips the warm-up: a flag for the trainers
cat >"$work/skip.scenario" <<SC
0      plate on
+1     badge R0B1N
+3     press pain-1
$(no_red_flags)
$(history_all_no)
+0     expect screen warm-up within 2
+1     press skip-warmup
+0     expect flag warmup_skipped
+1     press logout
SC
run "$work/skip.scenario"
id=$(c flags --format csv | awk -F, '$4 ~ /warmup-skipped/ { gsub(/"/, "", $1); print $1 }')
[ -n "$id" ] || fail "no warm-up flag listed with its id"
# the table shows the same id, so an operator can ack from it
table_id=$(c flags | awk 'NR > 1 && /Warm-up skipped/ { print $1 }')
[ "$(c flags | head -1 | awk '{ print $1 }')" = ID ] || fail "the flags table has no ID column: $(c flags)"
[ "$table_id" = "$id" ] || fail "the flags table shows id \"$table_id\", csv $id: $(c flags)"
before=$(db "SELECT (SELECT count(*) FROM acknowledgements) || '/' || (SELECT count(*) FROM trainer_actions) || '/' || (SELECT count(*) FROM sync_outbox)")

# refusals: a lifter as --by, no such flag, no FLAG_ID, a note with a control character
set +e
c ack "$id" --by "Robin Park" >/dev/null; [ $? -eq 2 ] || fail "a lifter acknowledged a flag"
c ack 999999 --by "Dana Cole" >/dev/null; [ $? -eq 1 ] || fail "an unknown flag was acknowledged"
grep -q "no flag with id 999999" "$work/err" || fail "unknown flag: $(cat "$work/err")"
c ack --by "Dana Cole" >/dev/null; [ $? -eq 2 ] || fail "ack without a FLAG_ID"
c ack "$id" --by "Dana Cole" --note "$(printf 'bad\033[2J')" >/dev/null; [ $? -eq 1 ] || fail "a note with an escape sequence"
set -e
[ "$(db "SELECT (SELECT count(*) FROM acknowledgements) || '/' || (SELECT count(*) FROM trainer_actions) || '/' || (SELECT count(*) FROM sync_outbox)")" = "$before" ] ||
    fail "a refusal changed the records"

c ack "$id" --by "Dana Cole" --note "Talked it through" | grep -q "acknowledged by Dana Cole" ||
    fail "ack: $(cat "$work/err")"
set +e
c ack "$id" --by "Dana Cole" >/dev/null; [ $? -eq 1 ] || fail "a flag acknowledged twice"
set -e
grep -q "already acknowledged" "$work/err" || fail "twice: $(cat "$work/err")"

# stored as the kiosk stores it: the flag, the trainer's action, the outbox
c flags --format json | grep -q '"ack_by": *"Dana Cole"' || fail "flags does not show who acknowledged"
c flags --format json | grep -q '"ack_note": *"Talked it through"' || fail "flags does not show the note"
c actions | grep -q '"Dana Cole","Robin Park","ack",.*"Talked it through"' || fail "no ack in the trainers' actions: $(c actions)"
[ "$(db "SELECT count(*) FROM sync_outbox WHERE kind = 'ack' AND json_extract(payload, '\$[3]') = 'Talked it through'")" = 1 ] ||
    fail "the acknowledgement is not queued for the gym server"

# the kiosk shows it acknowledged
cat >"$work/see.scenario" <<SC
+1     badge D0
$(pin_lines 1357)
+0     expect listed warmup_skipped within 3
+1     press open-1
+0     expect screen flag-detail
+0     expect shows "Talked"
+0     expect no shows "Type a note"
SC
run "$work/see.scenario"
echo "ctl_ack: flag $id acknowledged from the command line, seen at the kiosk"
