#!/usr/bin/env bash
# Sync lag between two racks on one gym server (a throwaway cluster, TLS on the loopback
# port): a set committed at rack 1 until it is in rack 2's database, through both kiosks'
# sync threads (build/tools/sync-lag). Prints ROW lines for tests/bench/run.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")/../.." && pwd)
ctl=$(cd "$build" && pwd)/rackside-ctl
lag=$(cd "$build" && pwd)/tools/sync-lag
n=${SYNC_LAG_SETS:-200}
work=$(mktemp -d /tmp/rackside-lag.XXXXXX)
cleanup() {
    # the server's CPU, for make bench's time per step (tests/bench/run)
    [ -z "${BENCH_CPU_EXTRA:-}" ] || "$here/tests/pg/cluster.sh" cpu "$work/pg" >>"$BENCH_CPU_EXTRA" || true
    "$here/tests/pg/cluster.sh" stop "$work/pg" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
chmod 711 "$work"
mkdir "$work/pg"
PG_TLS=1 "$here/tests/pg/cluster.sh" start "$work/pg"
# shellcheck disable=SC1091
. "$work/pg/env"
export PGSSLROOTCERT=$work/pg/server.crt PGPASSFILE=$work/pgpass
printf '[server]\nconnection = host=%s port=%s dbname=postgres user=postgres\nrack = Rack 1\n' \
    "$PGHOST" "$PGPORT" >"$work/admin.conf"
"$ctl" --config "$work/admin.conf" server init >/dev/null
: >"$work/pgpass"
chmod 600 "$work/pgpass"
for r in 1 2; do
    "$ctl" --config "$work/admin.conf" server add-rack "Rack $r" "rack$r" >/dev/null
    psql -X -q -c "ALTER ROLE rack$r PASSWORD 'pw-$r'"
    printf '127.0.0.1:%s:postgres:rack%s:pw-%s\n' "$PG_TCP_PORT" "$r" "$r" >>"$work/pgpass"
done
tls="host=127.0.0.1 port=$PG_TCP_PORT dbname=postgres sslmode=verify-ca"
"$ctl" --data-dir "$work/k1" member add "Robin Park" >/dev/null
"$ctl" --data-dir "$work/k2" members >/dev/null
out=$("$lag" "$work/k1/rackside.db" "$tls user=rack1" "$work/k2/rackside.db" "$tls user=rack2" 1 "$n")
echo "sync-lag: $out"
printf 'ROW\tsync lag, set commit at rack 1 to rack 2 (median, p99)\t-\t%s\t%s\n' "$out" \
    "two sync threads, one TLS cluster on this machine, $n sets 50-250 ms apart"
