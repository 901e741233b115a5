#!/usr/bin/env bash
# The gym server end to end, on a throwaway PostgreSQL cluster: server init creates the
# schema, migrate is idempotent, status reports it, a kiosk's role inserts only its own
# rack's records, and a wrong connection fails with one clear line and status 1.
set -euo pipefail
build=${1:-build}
ctl=$(cd "$(dirname "$build/rackside-ctl")" && pwd)/rackside-ctl
kiosk=$(cd "$(dirname "$build/rackside")" && pwd)/rackside
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/rackside-server.XXXXXX)
cleanup() {
    "$here/tests/pg/cluster.sh" stop "$work/pg" || true
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

[ -x "$ctl" ] && [ -x "$kiosk" ] || fail "$ctl or $kiosk is not built"
chmod 711 "$work" # the cluster runs as nobody when this runs as root
mkdir "$work/pg"
"$here/tests/pg/cluster.sh" start "$work/pg"
# shellcheck disable=SC1091
. "$work/pg/env"
unset PGPASSWORD PGSERVICE PGSSLMODE

# conf NAME CONNECTION [RACK]: a config file with that [server] section
conf() {
    printf '[server]\nconnection = %s\nrack = %s\n' "$2" "${3:-Rack 1}" >"$work/$1.conf"
}
admin="host=$PGHOST port=$PGPORT dbname=postgres user=postgres"
tcp="host=127.0.0.1 port=$PG_TCP_PORT dbname=postgres"
conf admin "$admin"

# run EXPECTED_STATUS CONFIG ARGS...: keeps stdout and stderr in $out and $err
run() {
    local want=$1 cfg=$2
    shift 2
    local got=0
    "$ctl" --config "$work/$cfg.conf" "$@" >"$work/out" 2>"$work/err" || got=$?
    out=$(cat "$work/out")
    err=$(cat "$work/err")
    [ "$got" -eq "$want" ] ||
        fail "rackside-ctl --config $cfg $* exited $got, wanted $want (stdout: $out; stderr: $err)"
}
one_line() { # the failure is one line on stderr holding $1
    [ "$(grep -c . "$work/err")" -eq 1 ] || fail "wanted one line on stderr, got: $err"
    grep -qF -- "$1" "$work/err" || fail "stderr does not say '$1': $err"
}
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# --- the schema: init, then migrate is idempotent ---
run 1 admin server migrate
one_line "run rackside-ctl server init first"
run 0 admin server init
grep -q "migrated from version 0 to " <<<"$out" || fail "init did not migrate: $out"
latest=$(sql -c "SELECT max(version) FROM schema_version")
[ "$latest" -ge 1 ] || fail "no schema version after init"
run 0 admin server migrate
grep -q "up to date (version $latest)" <<<"$out" || fail "migrate after init: $out"
run 0 admin server migrate
grep -q "up to date (version $latest)" <<<"$out" || fail "second migrate: $out"
run 0 admin server init
[ "$(sql -c "SELECT count(*) FROM schema_version")" = "$latest" ] ||
    fail "a step was recorded twice: $(sql -c 'TABLE schema_version')"
for t in members badges exercises checkins sessions sets reps flags acknowledgements \
    start_loads overrides calibrations; do
    [ "$(sql -c "SELECT to_regclass('$t') IS NOT NULL")" = t ] || fail "no table $t"
done
# two operators running init at once on a new database: one schema, each step once
sql -c "CREATE DATABASE second"
conf second "host=$PGHOST port=$PGPORT dbname=second user=postgres"
pids=()
for k in 1 2 3; do
    "$ctl" --config "$work/second.conf" server init >"$work/init$k.out" 2>&1 &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail "a concurrent init failed: $(cat "$work"/init*.out)"; done
[ "$(sql -d second -c "SELECT count(*) FROM schema_version")" = "$latest" ] ||
    fail "concurrent inits recorded steps twice"
[ "$(cat "$work"/init*.out | grep -c "migrated from version 0")" -eq 1 ] ||
    fail "more than one init made the schema: $(cat "$work"/init*.out)"
# a newer schema than this build knows is refused, not downgraded or reapplied
sql -c "INSERT INTO schema_version VALUES ($latest + 1, 'from a newer rackside')"
run 1 admin server migrate
one_line "newer than this rackside-ctl knows"
sql -c "DELETE FROM schema_version WHERE version = $latest + 1"

# --- status: unregistered rack, then registered ---
run 1 admin server status
grep -q "schema: version $latest" <<<"$out" || fail "status does not give the version: $out"
grep -q '"Rack 1" is not registered' <<<"$out" || fail "status on an unknown rack: $out"
run 0 admin server add-rack "Rack 1" rack1
run 0 admin server add-rack "Rack 2" rack2
run 1 admin server add-rack "../x" rack3
one_line "racks_name_check"
sql -c "ALTER ROLE rack1 PASSWORD 'rack-one-pw'; ALTER ROLE rack2 PASSWORD 'rack-two-pw'"
printf '127.0.0.1:%s:postgres:rack1:rack-one-pw\n' "$PG_TCP_PORT" >"$work/pgpass"
chmod 600 "$work/pgpass"
conf kiosk1 "$tcp user=rack1 passfile=$work/pgpass"
run 0 kiosk1 server status
grep -q 'rack: "Rack 1", role rack1' <<<"$out" || fail "kiosk status: $out"
grep -q "gym: 2 racks" <<<"$out" || fail "kiosk status counts: $out"

# --- least privilege: a kiosk inserts its own rack's records, reads all, changes none ---
as_rack1() { PGPASSFILE=$work/pgpass sql -h 127.0.0.1 -p "$PG_TCP_PORT" -U rack1 "$@"; }
member="INSERT INTO members (id, rack, created_us, name, role) VALUES"
as_rack1 -c "$member ('0190b2c4-0000-7000-8000-000000000001', 'Rack 1', 1, 'Alex', 'lifter')"
sql -c "$member ('0190b2c4-0000-7000-8000-000000000002', 'Rack 2', 2, 'Sam', 'lifter')"
! as_rack1 -c "$member (gen_random_uuid(), 'Rack 2', 3, 'Forged', 'lifter')" 2>"$work/rls" ||
    fail "rack1 inserted a record for Rack 2"
grep -q "row-level security" "$work/rls" || fail "not refused by the policy: $(cat "$work/rls")"
# a retried push of the same id is a no-op, never a duplicate
as_rack1 -c "$member ('0190b2c4-0000-7000-8000-000000000001', 'Rack 1', 1, 'Alex', 'lifter')
             ON CONFLICT (id) DO NOTHING"
[ "$(as_rack1 -c "SELECT count(*) FROM members")" = 2 ] || fail "rack1 does not read the gym's"
! as_rack1 -c "UPDATE members SET name = 'x'" 2>/dev/null || fail "rack1 may update"
! as_rack1 -c "DELETE FROM members" 2>/dev/null || fail "rack1 may delete"
! as_rack1 -c "INSERT INTO racks (name) VALUES ('Rack 9')" 2>/dev/null || fail "rack1 adds racks"

# --- a wrong connection: one clear line, status 1 ---
conf wrongpw "$tcp user=rack1 password=not-the-password"
run 1 wrongpw server status
one_line "password authentication failed"
conf notls "$tcp user=rack1 passfile=$work/pgpass sslmode=require"
run 1 notls server status
one_line "server does not support SSL, but SSL was required"
# a passfile its user cannot read (root's own, when the kiosk runs as its own user): the line
# names the file, the user and what to do (before: only "no password supplied", and to put
# the password in such a file)
cp "$work/pgpass" "$work/pgpass.unreadable"
conf unreadable "$tcp user=rack1 passfile=$work/pgpass.unreadable"
if [ "$(id -u)" = 0 ]; then
    reader=nobody
    chmod 600 "$work/pgpass.unreadable"
    chmod 644 "$work/unreadable.conf"
    ctl_as() { runuser -u nobody -- "$@"; }
else
    reader=$(id -un)
    chmod 000 "$work/pgpass.unreadable"
    ctl_as() { "$@"; }
fi
got=0
ctl_as "$ctl" --config "$work/unreadable.conf" server status >"$work/out" 2>"$work/err" || got=$?
err=$(cat "$work/err")
[ "$got" = 1 ] || fail "an unreadable passfile: status $got ($err)"
one_line "the passfile $work/pgpass.unreadable cannot be read by $reader: Permission denied; make it that user's, mode 0600"
conf noserver "host=$work/nowhere dbname=postgres"
run 1 noserver server status
one_line "is PostgreSQL running there"
printf '[rules]\n' >"$work/noserver.conf"
run 1 noserver server status
one_line "no gym server in"
run 2 admin server frobnicate
run 2 admin server add-rack "Rack 3"
# --- push: a rack's new records reach the server once, however often it is retried ---
ctl_at() { # ctl_at STATUS CONFIG DATADIR ARGS...
    local want=$1 cfg=$2 dir=$3
    shift 3
    local got=0
    "$ctl" --data-dir "$dir" --config "$work/$cfg.conf" "$@" >"$work/out" 2>"$work/err" || got=$?
    out=$(cat "$work/out")
    err=$(cat "$work/err")
    [ "$got" -eq "$want" ] || fail "rackside-ctl $* at $dir exited $got, wanted $want ($out; $err)"
}
add_set() { # add_set DATADIR KEY MEMBER_ID: a clean set of Back squat, as the kiosk stores one
    sqlite3 "$1/rackside.db" "INSERT INTO sets (key, member_id, exercise_id, started_us, load_g,
        declared, target_reps, reps_done, clean, stopped) VALUES ($2, $3, 1, $2, 60000, 0, 5, 5,
        1, 0)"
}
depth() { sqlite3 "$1/rackside.db" "SELECT count(*) FROM sync_outbox"; }
on_server() { sql -c "SELECT count(*) FROM $1 WHERE rack = '$2'"; }
k1=$work/kiosk1
# enrolled before the rack joined the gym (with a server configured, member add sends at once)
: >"$work/none.conf"
ctl_at 0 none "$k1" member add "Robin Park"
add_set "$k1" 1001 1
add_set "$k1" 1002 1
# a wrong password or a rack that is not this role's: nothing leaves the outbox
before=$(depth "$k1")
[ "$before" -eq 7 ] || fail "outbox holds $before records, wanted 7 (member, 4 exercises, 2 sets)"
ctl_at 1 wrongpw "$k1" server push
one_line "password authentication failed"
conf liar "$tcp user=rack1 passfile=$work/pgpass" "Rack 2"
ctl_at 1 liar "$k1" server push
one_line "row-level security"
[ "$(depth "$k1")" -eq "$before" ] || fail "a failed push changed the outbox"
[ "$(on_server sets 'Rack 1')" -eq 0 ] || fail "a failed push left sets on the server"
ctl_at 0 kiosk1 "$k1" server push
grep -q "pushed 7 records" <<<"$out" || fail "first push: $out"
[ "$(depth "$k1")" -eq 0 ] || fail "the outbox was not cleared"
[ "$(on_server sets 'Rack 1')" -eq 2 ] || fail "sets on the server: $(on_server sets 'Rack 1')"
uid=$(sqlite3 "$k1/rackside.db" "SELECT uid FROM sets WHERE key = 1001")
[ "$(sql -c "SELECT load_g || ' ' || clean FROM sets WHERE id = '$uid'")" = "60000 true" ] ||
    fail "set $uid is not on the server as made"
ctl_at 0 kiosk1 "$k1" server push
grep -q "pushed 0 records" <<<"$out" || fail "an empty outbox pushed: $out"
# killed after the server committed but before the outbox was cleared: sent again, no-ops
sqlite3 "$k1/rackside.db" "INSERT INTO sync_outbox (kind, row_key) SELECT 'set', key FROM sets;
    INSERT INTO sync_outbox (kind, row_key) SELECT 'member', id FROM members"
ctl_at 0 kiosk1 "$k1" server push
[ "$(on_server sets 'Rack 1')" -eq 2 ] || fail "a retried push duplicated sets"
[ "$(on_server members 'Rack 1')" -eq 2 ] || fail "a retried push duplicated members"
# a second rack: its sets join the gym's, the seeded exercises stay one each
printf '127.0.0.1:%s:postgres:rack2:rack-two-pw\n' "$PG_TCP_PORT" >>"$work/pgpass"
conf kiosk2 "$tcp user=rack2 passfile=$work/pgpass" "Rack 2"
k2=$work/kiosk2
ctl_at 0 kiosk2 "$k2" member add "Sam Quinn"
add_set "$k2" 2001 1
ctl_at 0 kiosk2 "$k2" server push
[ "$(sql -c "SELECT count(*) FROM sets")" -eq 3 ] || fail "the gym does not hold both racks' sets"
[ "$(sql -c "SELECT count(*) FROM exercises")" -eq 4 ] || fail "racks duplicated the exercises"
# a simulated kiosk of the gym (a new rack tried out before its devices come) seeds no
# demo lifters: they would reach every rack, the demo trainer with her published PIN
# (before: Alex Rivera, Sam Okafor and trainer Jordan Lee, with 21 sets, on the server)
members=$(sql -c "SELECT count(*) FROM members")
# until its first sync round is done (a minute at most: a loaded machine is slow to start
# a kiosk), and a second more, then stopped as systemd stops it
SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy timeout -s TERM 120 \
    "$kiosk" --config "$work/kiosk2.conf" --data-dir "$work/kiosk3" >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 1 600); do
    grep -q "gym server: in touch" "$work/err" && break
    sleep 0.1
done
sleep 1
kill -TERM "$pid" 2>/dev/null || true
got=0
wait "$pid" || got=$?
[ "$got" = 0 ] || fail "the simulated kiosk of the gym stopped with $got: $(cat "$work/err")"
grep -q "gym server: in touch" "$work/err" || fail "the kiosk did not sync: $(cat "$work/err")"
[ "$(sql -c "SELECT count(*) FROM members")" = "$members" ] ||
    fail "demo lifters reached the gym: $(sql -c "SELECT name, rack FROM members")"
[ "$(sqlite3 "$work/kiosk3/rackside.db" "SELECT count(*) FROM members WHERE name = 'Alex Rivera'")" = 0 ] ||
    fail "the rack seeded demo lifters"
grep -q "no demo lifters: this rack is part of a gym" "$work/err" ||
    fail "the kiosk does not say why it has no demo lifters: $(cat "$work/err")"
echo "server: ok"
