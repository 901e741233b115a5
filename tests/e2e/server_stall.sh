#!/usr/bin/env bash
# Sync never blocks the render thread or a set's commit: a gym server that takes the
# kiosk's first push and then answers nothing (the push waits on a lock the test holds, a
# server stalled mid-transaction) while a lifter taps in, checks in, lifts a set and sees
# it saved. The proof is progress, not speed: the scenario's every step (each played by
# the frame loop) and the set's commit happen while the sync thread is still inside that
# push, which began before the set did; once the server answers, every record reaches it
# exactly once. The only time limits are guards against a hang.
# Then the same for a pull that must fetch a record by id (rack 2's acknowledgement of a
# flag of rack 1's, pulled by a new SD card at rack 1 that lacks the flag): with the
# server stalled on that fetch, the rack's database is not locked and a set is lifted and
# saved there. The stall is put in place step by step (table locks the test holds, each
# seen in pg_stat_activity) before the set, and held until after it: no race.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/e2e/common.bash
. "$here/tests/e2e/common.bash" # fail, no_red_flags
kiosk=$(cd "$(dirname "$build/rackside")" && pwd)/rackside
ctl=$(cd "$(dirname "$build/rackside-ctl")" && pwd)/rackside-ctl
work=$(mktemp -d /tmp/rackside-stall.XXXXXX)
kpid=
hpid=
cleanup() {
    [ -z "$kpid" ] || kill -KILL "$kpid" 2>/dev/null || true
    [ -z "$hpid" ] || kill -KILL "$hpid" 2>/dev/null || true
    [ -z "${cpid:-}" ] || kill -KILL "$cpid" 2>/dev/null || true
    "$here/tests/pg/cluster.sh" stop "$work/pg" 2>/dev/null || true
    [ -n "${STALL_KEEP:-}" ] && cp -r "$work" /tmp/stall-keep; rm -rf "$work"
}
trap cleanup EXIT


GUARD_S=180 # against a hang only: on a loaded machine the scenario takes ~25 s

[ -x "$ctl" ] && [ -x "$kiosk" ] || fail "$ctl or $kiosk is not built"
chmod 711 "$work" # the cluster runs as nobody when this runs as root
mkdir "$work/pg"
"$here/tests/pg/cluster.sh" start "$work/pg"
# shellcheck disable=SC1091
. "$work/pg/env"
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }
printf '[server]\nconnection = host=%s port=%s dbname=postgres user=postgres\nrack = Rack 1\n' \
    "$PGHOST" "$PGPORT" >"$work/admin.conf"
"$ctl" --config "$work/admin.conf" server init >/dev/null
"$ctl" --config "$work/admin.conf" server add-rack "Rack 1" rack1 >/dev/null
sql "ALTER ROLE rack1 PASSWORD 'rack-one-pw'"
printf '127.0.0.1:%s:postgres:rack1:rack-one-pw\n' "$PG_TCP_PORT" >"$work/pgpass"
chmod 600 "$work/pgpass"
export PGPASSFILE=$work/pgpass
printf '[server]\nconnection = host=127.0.0.1 port=%s dbname=postgres user=rack1\nrack = Rack 1\n' \
    "$PG_TCP_PORT" >"$work/k.conf"

# the server stalls inside the kiosk's first push (its demo lifters, the first records it
# has) for as long as the test holds advisory lock 4242
sql "CREATE FUNCTION stall() RETURNS trigger LANGUAGE plpgsql AS
     \$\$ BEGIN PERFORM pg_advisory_xact_lock(4242); RETURN NEW; END \$\$;
     CREATE TRIGGER stall BEFORE INSERT ON members FOR EACH ROW EXECUTE FUNCTION stall()"
PGAPPNAME=holder psql -X -q -c "SELECT pg_advisory_lock(4242)" -c "SELECT pg_sleep(3600)" \
    >/dev/null 2>&1 &
hpid=$!
# until_true WHAT CHECK: runs CHECK every 0.2 s until it succeeds (the guard: GUARD_S)
until_true() {
    local start=$SECONDS
    until eval "$2"; do
        [ $((SECONDS - start)) -le "$GUARD_S" ] || fail "no $1 within $GUARD_S s"
        sleep 0.2
    done
}
until_true "lock held" '[ "$(sql "SELECT count(*) FROM pg_locks WHERE locktype = '"'advisory'"' AND granted")" = 1 ]'

cat >"$work/stall.scenario" <<EOF
0      plate on
+3     badge 0002
+0     expect screen check-in within 5
+1     press pain-1
$(no_red_flags)
+1     press skip-warmup
+0     expect screen plan within 5
+2     bar unrack
+0     expect screen set within 3
+2     bar rep clean
+0     expect reps 1 within 12
+1     bar rerack
+0     expect screen rest within 5
+0     expect saved-sets 1 within 5
+1     press logout
+0     expect screen attract within 3
EOF
"$kiosk" --scenario "$work/stall.scenario" --real-time --data-dir "$work/k" \
    --config "$work/k.conf" >"$work/kiosk.out" 2>"$work/kiosk.err" &
kpid=$!
stalled() { sql "SELECT count(*) FROM pg_stat_activity WHERE usename = 'rack1' AND wait_event_type = 'Lock'"; }
until_true "push stalled on the server" '[ "$(stalled)" = 1 ] || ! kill -0 $kpid 2>/dev/null'
until_true "end of the scenario" 'grep -q "scenario passed" "$work/kiosk.err" || ! kill -0 $kpid 2>/dev/null'
grep -q "scenario passed" "$work/kiosk.err" ||
    fail "the scenario did not pass with the server stalled: $(grep -v '^rackside: screen' "$work/kiosk.err" | tail -5)"

# still inside the same push: it began before the set and has not ended
[ "$(stalled)" = 1 ] || fail "the sync thread is not waiting on the stalled server"
set_us=$(sqlite3 -cmd ".timeout 5000" "$work/k/rackside.db" "SELECT max(started_us) FROM sets")
[ "$(sql "SELECT xact_start < to_timestamp($set_us / 1e6) FROM pg_stat_activity
    WHERE usename = 'rack1' AND wait_event_type = 'Lock'")" = t ] ||
    fail "the stalled push did not begin before the set ($set_us)"
[ "$(sql "SELECT count(*) FROM members WHERE rack = 'Rack 1'")" = 0 ] ||
    fail "the push was not stalled: the server has rack 1's members"
screens=$(grep -c '^rackside: screen' "$work/kiosk.err" || true)
[ "$screens" -ge 5 ] || fail "only $screens screens drawn during the stall"

# the server answers: the kiosk ends, sending what it has, and nothing goes twice
sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'holder'" \
    >/dev/null
wait "$hpid" 2>/dev/null || true
hpid=
until_true "kiosk's exit" '! kill -0 $kpid 2>/dev/null'
got=0
wait "$kpid" || got=$?
kpid=
[ "$got" = 0 ] || fail "the kiosk exited $got: $(tail -5 "$work/kiosk.err")"
"$ctl" --data-dir "$work/k" --config "$work/k.conf" server sync >"$work/out" 2>&1 ||
    fail "sync after the stall: $(cat "$work/out")"
[ "$(sql "SELECT count(*) FROM sets WHERE rack = 'Rack 1' AND started_us = $set_us")" = 1 ] ||
    fail "the set made during the stall is not on the server once"
[ "$(sql "SELECT count(*) FROM sets WHERE rack = 'Rack 1'")" = \
    "$(sqlite3 "$work/k/rackside.db" "SELECT count(*) FROM sets")" ] ||
    fail "the server's sets of rack 1 differ from the rack's"
echo "server stalled inside the first push: $screens screens drawn and the set saved meanwhile; all sent once after"
# --- a pull stalled on the server while fetching a record another names: the rack's
# database stays free. Rack 2 acknowledges rack 1's flag (the warm-up skipped above); a new
# SD card at rack 1 (its own records are not pulled back, so it lacks the flag) pulls the
# acknowledgement and must fetch the flag, its lifter and session by id. ---
"$ctl" --config "$work/admin.conf" server add-rack "Rack 2" rack2 >/dev/null
sql "ALTER ROLE rack2 PASSWORD 'rack-two-pw'"
printf '127.0.0.1:%s:postgres:rack2:rack-two-pw\n' "$PG_TCP_PORT" >>"$work/pgpass"
sed 's/user=rack1/user=rack2/; s/Rack 1/Rack 2/' "$work/k.conf" >"$work/k2.conf"
at_rack2() { "$ctl" --data-dir "$work/k2" --config "$work/k2.conf" "$@" >"$work/out" 2>&1 ||
    fail "rackside-ctl $* at rack 2: $(cat "$work/out")"; }
at_rack2 server sync
flag=$(sqlite3 "$work/k2/rackside.db" "SELECT id FROM flags WHERE rack = 'Rack 1' LIMIT 1")
[ -n "$flag" ] || fail "rack 1's flag did not reach rack 2"
at_rack2 ack "$flag" --by "Jordan Lee" --note "seen at rack 2"
at_rack2 server sync
[ "$(sql "SELECT count(*) FROM acknowledgements WHERE rack = 'Rack 2'")" = 1 ] ||
    fail "rack 2's acknowledgement is not on the server"

# the new card's pull: blocked first on the acknowledgements' page (a lock on that table),
# then, with a lock on flags taken meanwhile and the first let go, inside the fetch of the
# flag by id
hold() { # hold NAME TABLE: a session named NAME holds TABLE locked until it is ended
    PGAPPNAME=$1 psql -X -q -c "BEGIN" -c "LOCK TABLE $2 IN ACCESS EXCLUSIVE MODE" \
        -c "SELECT pg_sleep(3600)" >/dev/null 2>&1 &
    until_true "lock on $2" '[ "$(sql "SELECT count(*) FROM pg_stat_activity
        WHERE application_name = '"'$1'"' AND query LIKE '"'%pg_sleep%'"'")" = 1 ]'
}
release() { sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '$1'" >/dev/null; }
waiting_on() { # waiting_on PATTERN: rack 1's sessions waiting on a lock in a query like it
    sql "SELECT count(*) FROM pg_stat_activity WHERE usename = 'rack1' AND
        wait_event_type = 'Lock' AND query LIKE '$1'"
}
hold acks acknowledgements
"$ctl" --data-dir "$work/card" --config "$work/k.conf" server sync >"$work/card.out" 2>&1 &
cpid=$!
until_true "the card's pull at the acknowledgements" \
    '[ "$(waiting_on "%FROM acknowledgements WHERE txid%")" = 1 ] || ! kill -0 $cpid 2>/dev/null'
hold flags flags
release acks
fetch_sql='%FROM flags WHERE id = $1%'
until_true "the card's fetch of the flag" \
    '[ "$(waiting_on "$fetch_sql")" = 1 ] || ! kill -0 $cpid 2>/dev/null'
[ "$(waiting_on "$fetch_sql")" = 1 ] || fail "the card's sync did not stall in the fetch: $(cat "$work/card.out")"
# the server stalls in the fetch: the card's database takes a write at once...
sqlite3 -cmd ".timeout 1000" "$work/card/rackside.db" "BEGIN IMMEDIATE; ROLLBACK" 2>"$work/lock.err" ||
    fail "the card's database is locked while its pull waits on the server: $(cat "$work/lock.err")"
# ...and the kiosk there (no server of its own: the stalled pull is the only sync) saves a set
: >"$work/none.conf"
"$kiosk" --scenario "$work/stall.scenario" --real-time --data-dir "$work/card" \
    --config "$work/none.conf" >"$work/card-kiosk.out" 2>"$work/card-kiosk.err" ||
    fail "no set saved at the card while its pull waited on the server: $(grep -v '^rackside: screen' "$work/card-kiosk.err" | tail -5)"
[ "$(waiting_on "$fetch_sql")" = 1 ] || fail "the fetch was not stalled throughout the set"
card_set=$(sqlite3 -cmd ".timeout 5000" "$work/card/rackside.db" "SELECT max(started_us) FROM sets")
[ "$(sql "SELECT query_start < to_timestamp($card_set / 1e6) FROM pg_stat_activity
    WHERE usename = 'rack1' AND wait_event_type = 'Lock'")" = t ] ||
    fail "the stalled fetch did not begin before the set ($card_set)"
release flags
until_true "the card's sync's end" '! kill -0 $cpid 2>/dev/null'
wait "$cpid" || fail "the card's sync after the stall: $(cat "$work/card.out")"
[ "$(sqlite3 "$work/card/rackside.db" "SELECT f.kind || '/' || coalesce(f.rack, '-') || '/' || a.note
    FROM acknowledgements a JOIN flags f ON f.id = a.flag_id")" = "warmup-skipped/-/seen at rack 2" ] ||
    fail "the card did not get rack 2's acknowledgement of its flag: $(cat "$work/card.out")"
echo "a pull stalled on the server inside a fetch by id: the rack's database stayed free and a set was saved meanwhile"
echo "server_stall: ok"
