#!/usr/bin/env bash
# bench-lane: background
# The 5-year, 5,000-member database records.sh reads (build/tools/gen-gymdb, seed 7: the
# tests use others), kept in BUILD/gymdb and made again when the generator's binary changes
# (its hash, not its date: a relink that changed nothing it uses keeps the database) or the
# day has turned (its dates end on the day it is made). make bench runs this in its
# background lane at the start, so the database is ready when records.sh (which waits on
# the same lock) needs it. No rows: how long it took is in the log.
set -u
build=${1:-build}
gen=$build/tools/gen-gymdb
[ -x "$gen" ] || { echo "gymdb: $gen is not built"; exit 1; }
dir=$build/gymdb
db=$dir/data/rackside.db
stamp=$dir/made-on
args=(--members 5000 --years 5 --seed 7)
made="$(date +%F) $(sha1sum <"$gen" | cut -c1-16) ${args[*]}"
mkdir -p "$dir/data"
exec 9>"$dir/.lock"
flock 9
if [ ! -f "$db" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$made" ]; then
    rm -f "$db" "$db-wal" "$db-shm" "$stamp"
    start=$(date +%s.%N)
    "$gen" --out "$db" "${args[@]}" || exit 1
    printf 'gymdb: generated in %.1f s, %s MB\n' "$(echo "$(date +%s.%N) - $start" | bc)" \
        "$(($(stat -c %s "$db") / 1048576))"
    echo "$made" >"$stamp"
else
    echo "gymdb: using $db (made today; $(($(stat -c %s "$db") / 1048576)) MB)"
fi
