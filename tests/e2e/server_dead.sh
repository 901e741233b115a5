#!/usr/bin/env bash
# A gym server that vanishes without closing the connection (power cut, cable pulled): the
# kiosk's sync thread notices within a bounded time, says so in one line, and is back in
# touch once the network returns. The network dies by taking the loopback interface down
# in a network namespace of this test's own (the cluster and the kiosk both live in it):
# nothing answers and nothing is refused, as on a dead link, and the host is untouched.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")/../.." && pwd)

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# what the kiosk's defaults allow (app/sync/server_conn.c: unacknowledged data is given up
# after 15 s), plus a round's wait and the machine's load
NOTICED_MAX_S=30
BACK_MAX_S=30

if [ -z "${RACKSIDE_DEAD_NS:-}" ]; then
    if [ "$(id -u)" != 0 ]; then
        sudo -n true 2>/dev/null || fail "a network namespace needs root: run as root or with sudo"
        exec sudo -n bash "$0" "$@"
    fi
    RACKSIDE_DEAD_NS=1 exec unshare --net bash "$0" "$@"
fi

kiosk=$(cd "$(dirname "$build/rackside")" && pwd)/rackside
ctl=$(cd "$(dirname "$build/rackside-ctl")" && pwd)/rackside-ctl
[ -x "$ctl" ] && [ -x "$kiosk" ] || fail "$ctl or $kiosk is not built"
ip link set lo up
work=$(mktemp -d /tmp/rackside-dead.XXXXXX)
kpid=
cleanup() {
    [ -z "$kpid" ] || kill -KILL "$kpid" 2>/dev/null || true
    ip link set lo up 2>/dev/null || true
    "$here/tests/pg/cluster.sh" stop "$work/pg" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
chmod 711 "$work"
mkdir "$work/pg"
"$here/tests/pg/cluster.sh" start "$work/pg"
# shellcheck disable=SC1091
. "$work/pg/env"
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
printf '[server]\nconnection = host=%s port=%s dbname=postgres user=postgres\nrack = Rack 1\n' \
    "$PGHOST" "$PGPORT" >"$work/admin.conf"
"$ctl" --config "$work/admin.conf" server init >/dev/null
"$ctl" --config "$work/admin.conf" server add-rack "Rack 1" rack1 >/dev/null
psql -X -q -c "ALTER ROLE rack1 PASSWORD 'rack-one-pw'"
printf '127.0.0.1:%s:postgres:rack1:rack-one-pw\n' "$PG_TCP_PORT" >"$work/pgpass"
chmod 600 "$work/pgpass"
export PGPASSFILE=$work/pgpass
# over TCP: a Unix socket does not go through the network
printf '[server]\nconnection = host=127.0.0.1 port=%s dbname=postgres user=rack1\nrack = Rack 1\n' \
    "$PG_TCP_PORT" >"$work/k.conf"
printf '0      wait\n+300   expect screen attract\n' >"$work/idle.scenario"
"$kiosk" --scenario "$work/idle.scenario" --real-time --data-dir "$work/k" \
    --config "$work/k.conf" >"$work/kiosk.out" 2>"$work/kiosk.err" &
kpid=$!

# wait_line PATTERN N MAX_S: seconds until the kiosk's stderr has N lines matching PATTERN
wait_line() {
    local start=$SECONDS
    while [ "$(grep -c "$1" "$work/kiosk.err" || true)" -lt "$2" ]; do
        kill -0 "$kpid" 2>/dev/null || fail "the kiosk ended: $(tail -5 "$work/kiosk.err")"
        [ $((SECONDS - start)) -le "$3" ] ||
            fail "no \"$1\" within $3 s: $(grep "gym server" "$work/kiosk.err" | tail -3)"
        sleep 0.2
    done
    echo $((SECONDS - start))
}
wait_line "gym server: in touch" 1 30 >/dev/null
sleep 2 # a few rounds on the live connection: the thread waits on it between them
ip link set lo down
noticed=$(wait_line "gym server: .*working offline" 1 "$NOTICED_MAX_S")
ip link set lo up
back=$(wait_line "gym server: in touch" 2 "$BACK_MAX_S")
kill -TERM "$kpid"
wait "$kpid" 2>/dev/null || true
kpid=
echo "a dead server noticed in ${noticed} s (at most $NOTICED_MAX_S), back in touch ${back} s after the network"
echo "server_dead: ok"
