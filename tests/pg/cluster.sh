#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: never the system's service.
#   cluster.sh start DIR   initdb into DIR/data, listen on a Unix socket in DIR and on a free
#                          loopback port (no TLS), then write DIR/env (PGHOST, PGPORT,
#                          PGUSER, PGDATABASE, PG_TCP_PORT) for the caller to source
#   cluster.sh stop DIR    stop it (fast shutdown); the caller removes DIR
#   cluster.sh crash DIR   stop it at once, as a power cut would (immediate shutdown)
#   cluster.sh resume DIR  start it again on its data, the same port and settings
#   cluster.sh reopen DIR  start a stopped cluster again on its data on a new free port
#                          (a kept cluster, days later), and write DIR/env again
#   cluster.sh cpu DIR     the CPU seconds (user + system) the running server has used since
#                          it started: the postmaster, the backends it has reaped and those
#                          still running (a daemon: its caller's own CPU count misses it)
# With PG_TLS=1 the loopback port takes TLS only (hostssl), with a self-signed certificate
# made by openssl in DIR (DIR/server.crt is also the root a client verifies it against).
# The superuser "postgres" logs in without a password over the socket only; every other
# role needs its password (scram-sha-256), over the socket or the loopback port.
# PostgreSQL refuses to run as root: as root the cluster runs as "nobody".
set -euo pipefail

fail() {
    echo "cluster.sh: $*" >&2
    exit 1
}

bindir() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$d" ] && [ -x "$d/initdb" ] ||
        fail "no PostgreSQL server under /usr/lib/postgresql (make test installs postgresql)"
    echo "$d"
}

# as_owner CMD...: runs CMD as the cluster's owner
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u nobody -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

launch() {
    local dir=$1
    as_owner "$(bindir)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "$(cat "$dir/options")" start >/dev/null ||
        { cat "$dir/server.log" >&2; fail "the server did not start"; }
}

start() {
    local dir=$1 bin port
    bin=$(bindir)
    [ -d "$dir" ] || fail "$dir is not a directory"
    dir=$(cd "$dir" && pwd)
    chmod 700 "$dir"
    if [ "$(id -u)" = 0 ]; then
        chown nobody "$dir"
        runuser -u nobody -- test -w "$dir" ||
            fail "user nobody cannot reach $dir: let others traverse its parents (chmod o+x)"
    fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale --no-sync \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; fail "initdb failed"; }
    local host=host ssl="-c ssl=off"
    if [ "${PG_TLS:-0}" = 1 ]; then
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
            -addext subjectAltName=IP:127.0.0.1 -keyout "$dir/server.key" -out "$dir/server.crt" \
            >"$dir/openssl.log" 2>&1 || { cat "$dir/openssl.log" >&2; fail "openssl failed"; }
        chmod 600 "$dir/server.key"
        [ "$(id -u)" = 0 ] && chown nobody "$dir/server.key" "$dir/server.crt"
        host=hostssl
        ssl="-c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key"
    fi
    cat >"$dir/data/pg_hba.conf" <<HBA
local all postgres trust
local all all scram-sha-256
$host all all 127.0.0.1/32 scram-sha-256
HBA
    port=$(free_port)
    # fsync off: the cluster lives for one test and its speed is what matters
    echo "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off $ssl" >"$dir/options"
    launch "$dir"
    cat >"$dir/env" <<ENV
export PGHOST=$dir PGPORT=$port PGUSER=postgres PGDATABASE=postgres PG_TCP_PORT=$port
export PG_BIN=$bin
ENV
}

reopen() {
    local dir port
    dir=$(cd "$1" && pwd)
    port=$(free_port)
    sed -i "s/-p [0-9]* /-p $port /" "$dir/options"
    sed -i "s/PGPORT=[0-9]*/PGPORT=$port/; s/PG_TCP_PORT=[0-9]*/PG_TCP_PORT=$port/" "$dir/env"
    launch "$dir"
}

stop() {
    local dir=$1
    [ -f "$dir/data/postmaster.pid" ] || return 0
    as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
}

crash() {
    as_owner "$(bindir)/pg_ctl" -D "$1/data" -m immediate -w stop >/dev/null
}

cpu() {
    local pid
    pid=$(head -n 1 "$1/data/postmaster.pid" 2>/dev/null) || { echo 0; return 0; }
    # /proc/PID/stat after the command's ")": field 3 is the parent, 12-15 utime, stime,
    # cutime, cstime in clock ticks
    local tick
    tick=$(getconf CLK_TCK)
    for f in /proc/[0-9]*/stat; do
        sed 's/^.*) //' "$f" 2>/dev/null
    done | awk -v pm="$pid" -v ppm="$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null)" -v hz="$tick" '
        BEGIN { split(ppm, p, " "); t = p[12] + p[13] + p[14] + p[15] }
        $2 == pm { t += $12 + $13 }
        END { printf "%.1f\n", t / hz }'
}

case ${1:-} in
cpu) cpu "${2:?cluster.sh cpu DIR}" ;;
start) start "${2:?cluster.sh start DIR}" ;;
stop) stop "${2:?cluster.sh stop DIR}" ;;
crash) crash "${2:?cluster.sh crash DIR}" ;;
resume) launch "$(cd "${2:?cluster.sh resume DIR}" && pwd)" ;;
reopen) reopen "${2:?cluster.sh reopen DIR}" ;;
*) fail "usage: cluster.sh start|stop|crash|resume|reopen|cpu DIR" ;;
esac
