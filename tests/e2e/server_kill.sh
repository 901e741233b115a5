#!/usr/bin/env bash
# The kiosk itself killed (SIGKILL, as a power cut) while its sync thread is in the middle
# of a push, then started again: every set reaches the server exactly once, the outbox
# empties, and a second rack's kiosk pulls the same sets. (server_sync.sh kills
# rackside-ctl's syncs, which run the same rounds; this kills the kiosk's own thread.)
# The server takes 5 ms per set (a trigger that waits), so the kill lands mid-push however
# fast the machine: the test does not race the push.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/e2e/common.bash
. "$here/tests/e2e/common.bash" # fail, q
kiosk=$(cd "$(dirname "$build/rackside")" && pwd)/rackside
ctl=$(cd "$(dirname "$build/rackside-ctl")" && pwd)/rackside-ctl
[ -x "$ctl" ] && [ -x "$kiosk" ] || fail "$ctl or $kiosk is not built"
work=$(mktemp -d /tmp/rackside-kill.XXXXXX)
kpid=
cleanup() {
    [ -z "$kpid" ] || kill -KILL "$kpid" 2>/dev/null || true
    "$here/tests/pg/cluster.sh" stop "$work/pg" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
chmod 711 "$work" # the cluster runs as nobody when this runs as root
mkdir "$work/pg"
"$here/tests/pg/cluster.sh" start "$work/pg"
# shellcheck disable=SC1091
. "$work/pg/env"
unset PGPASSWORD PGSERVICE PGSSLMODE
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
printf '[server]\nconnection = host=%s port=%s dbname=postgres user=postgres\nrack = Rack 1\n' \
    "$PGHOST" "$PGPORT" >"$work/admin.conf"
"$ctl" --config "$work/admin.conf" server init >/dev/null
for r in 1 2; do
    "$ctl" --config "$work/admin.conf" server add-rack "Rack $r" "rack$r" >/dev/null
    sql -c "ALTER ROLE rack$r PASSWORD 'rack-$r-pw'"
    printf '127.0.0.1:%s:postgres:rack%s:rack-%s-pw\n' "$PG_TCP_PORT" "$r" "$r" >>"$work/pgpass"
    printf '[server]\nconnection = host=127.0.0.1 port=%s dbname=postgres user=rack%s\nrack = Rack %s\n' \
        "$PG_TCP_PORT" "$r" "$r" >"$work/k$r.conf"
done
chmod 600 "$work/pgpass"
export PGPASSFILE=$work/pgpass
printf '0      wait\n+300   expect screen attract\n' >"$work/idle.scenario"
k1=$work/k1

# a rack with a lifter and 1500 sets of hers in its outbox (a busy day's sets made offline)
"$ctl" --data-dir "$k1" --config "$work/k1.conf" member add "Sky Lund" >/dev/null 2>&1
sky=$(q "$k1/rackside.db" "SELECT id FROM members WHERE name = 'Sky Lund'")
t0=$((($(date +%s) - 400 * 86400) * 1000000))
q "$k1/rackside.db" "WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 1500)
    INSERT INTO sets (key, member_id, exercise_id, started_us, load_g, declared, target_reps,
    reps_done, clean, stopped) SELECT $t0 + n, $sky, 1 + n % 4, $t0 + n, 20000 + 2500 * (n % 20),
    0, 5, 3, 0, 0 FROM i"
made=$(q "$k1/rackside.db" "SELECT count(*) FROM sets")
[ "$made" = 1500 ] || fail "the rack holds $made sets"
sql -c "CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS
        \$\$ BEGIN PERFORM pg_sleep(0.005); RETURN NEW; END \$\$;
        CREATE TRIGGER slow_sets BEFORE INSERT ON sets FOR EACH ROW EXECUTE FUNCTION slow_insert()"
on_server() { sql -c "SELECT count(*) FROM sets WHERE rack = 'Rack 1'"; }

# start_kiosk N: rack N's kiosk on the idle scenario, on the real clock
start_kiosk() {
    "$kiosk" --scenario "$work/idle.scenario" --real-time --data-dir "$work/k$1" \
        --config "$work/k$1.conf" >"$work/kiosk.out" 2>"$work/kiosk.err" &
    kpid=$!
}
# until_true WHAT CHECK: CHECK every 50 ms for up to 60 s, the kiosk still running
until_true() {
    local start=$SECONDS
    until eval "$2"; do
        kill -0 "$kpid" 2>/dev/null || fail "the kiosk ended before $1: $(tail -3 "$work/kiosk.err")"
        [ $((SECONDS - start)) -le 60 ] || fail "no $1 within 60 s: $(tail -3 "$work/kiosk.err")"
        sleep 0.05
    done
}
kill_kiosk() {
    kill -KILL "$kpid"
    wait "$kpid" 2>/dev/null || true
    kpid=
}

# killed twice in the middle of its push
for kill in 1 2; do
    start_kiosk 1
    before=$(on_server) # read by until_true's check
    export before
    until_true "a batch on the server (kill $kill)" '[ "$(on_server)" -gt "$before" ]'
    kill_kiosk
    now=$(on_server)
    [ "$now" -lt "$made" ] || fail "kill $kill came after the push ($now of $made on the server)"
    echo "kill $kill: the kiosk killed with $now of $made sets on the server"
done
sql -c "DROP TRIGGER slow_sets ON sets; DROP FUNCTION slow_insert()"
start_kiosk 1
until_true "the whole push" '[ "$(q "$k1/rackside.db" "SELECT count(*) FROM sync_outbox")" = 0 ]'
kill_kiosk
[ "$(on_server)" = "$made" ] || fail "the server holds $(on_server) of the rack's $made sets"
[ "$(sql -c "SELECT count(DISTINCT id) FROM sets WHERE rack = 'Rack 1'")" = "$made" ] ||
    fail "the server's sets are not the rack's"
q "$k1/rackside.db" "SELECT uid FROM sets ORDER BY uid" >"$work/uids1"
sql -c "SELECT id FROM sets WHERE rack = 'Rack 1' ORDER BY id::text" >"$work/uids_server"
cmp -s "$work/uids1" "$work/uids_server" || fail "the server holds other sets than the rack's"

# rack 2's kiosk pulls them, each once
start_kiosk 2
until_true "rack 2's pull" \
    '[ "$(q "$work/k2/rackside.db" "SELECT count(*) FROM sets WHERE key < 0" 2>/dev/null || echo 0)" = "$made" ]'
kill_kiosk
q "$work/k2/rackside.db" "SELECT uid FROM sets WHERE key < 0 ORDER BY uid" >"$work/uids2"
cmp -s "$work/uids1" "$work/uids2" || fail "rack 2 holds other sets than rack 1's"
echo "server_kill: ok ($made sets once each on the server and at rack 2, after two kills mid-push)"
