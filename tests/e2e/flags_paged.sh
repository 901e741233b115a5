#!/usr/bin/env bash
# The trainer's list past its first window (the kiosk holds 64 flags at a time): 91 flags
# today, Ana's 64 cautions first, then Zed's 27 infos. The trainer pages down to the end
# (the pager says "of 91"), opens the first flag shown there (Zed's, past the 64th),
# acknowledges it, and back on the list it is stored and counted (26 of Zed's still open),
# the list still 91 long. The flags are written into the database as the kiosk would have.
set -euo pipefail
# shellcheck source=tests/e2e/common.bash
. "$(dirname "$0")/common.bash"
e2e_kiosk_setup "${1:-build}"
c() { "$ctl" --config "$conf" --data-dir "$data" "$@" 2>/dev/null; }
db="$data/rackside.db"

c member add "Dana Cole" --trainer --pin 1357 >/dev/null
c badge add D0 "Dana Cole" >/dev/null
c member add "Ana Bell" >/dev/null
c member add "Zed Moss" >/dev/null
ana=$(q "$db" "SELECT id FROM members WHERE name = 'Ana Bell'")
zed=$(q "$db" "SELECT id FROM members WHERE name = 'Zed Moss'")
morning=$(($(date -d 'today 07:00' +%s) * 1000000))
{
    echo "BEGIN;"
    for i in $(seq 0 63); do
        echo "INSERT INTO flags (t_us, member_id, kind, severity, detail) VALUES ($((morning + i * 60000000)), $ana, 'rushed', 'caution', 'rep $i');"
    done
    for i in $(seq 0 26); do
        echo "INSERT INTO flags (t_us, member_id, kind, severity, detail) VALUES ($((morning + (100 + i) * 60000000)), $zed, 'set-abandoned', 'info', 'zed $i');"
    done
    echo "COMMIT;"
} | sqlite3 "$db"
[ "$(q "$db" "SELECT count(*) FROM flags")" -eq 91 ] || fail "91 flags were not written"

{
    echo "0      clock 10:00"
    echo "+1     badge D0"
    pin_lines 1357
    cat <<'SC'
+0     expect screen flags within 3
+0     expect shows "of 91" within 2
+0     expect shows "Ana Bell"
+0     expect no shows "Zed Moss"
+0     expect disabled flags-earlier
+0     expect enabled flags-later
SC
    for _ in $(seq 1 30); do echo "+0.5   press flags-later"; done
    cat <<'SC'
+0     expect shows "Zed Moss" within 2
+0     expect no shows "Ana Bell"
+0     expect disabled flags-later
+0     expect enabled flags-earlier
+0     expect shows "of 91"
+0     expect shows "Set abandoned"
+1     press open-1
+0     expect screen flag-detail within 2
+0     expect shows "Zed Moss"
+1     press ack-1
+1     press back
+0     expect screen flags within 2
+0     expect shows "of 91" within 2
+0     expect shows "26 open"
+1     press logout
SC
} >"$work/paged.scenario"
play "$work/paged.scenario" --screenshot-dir "$work/shots"

acked=$(q "$db" "SELECT f.member_id || ' ' || f.detail FROM acknowledgements a JOIN flags f ON f.id = a.flag_id")
case "$acked" in
"$zed zed "*) ;;
*) fail "the acknowledgement is not of one of Zed's flags: \"$acked\"" ;;
esac
[ "$(q "$db" "SELECT count(*) FROM acknowledgements")" -eq 1 ] || fail "not one acknowledgement"
mkdir -p "$out"
shot=$(ls "$work/shots"/*flags*.png 2>/dev/null | tail -1 || true)
[ -n "$shot" ] && cp "$shot" "$out/flags_paged.png"
echo "flags_paged: paged past the 64th flag of 91 and acknowledged one there"
