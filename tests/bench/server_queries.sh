#!/usr/bin/env bash
# The gym server's own queries on a generated 5-year gym (5,000 members, 20 racks): what a
# lifter's cap today is made of (the clean sets of the last 8 weeks and the heaviest
# ever, the latest start load, today's override, check-ins, clearance and warm-up), and
# a day's flags with the rack, the lifter and the newest acknowledgement, as a trainer's
# list across the gym reads them. A throwaway cluster (tests/pg/cluster.sh) with the
# schema `rackside-ctl server init` makes; the gym is generated in SQL on the server
# (setseed: the same gym every run, but for the dates, which end today). Each query runs
# SERVER_BENCH_RUNS times for random lifters and days through pgbench, one client;
# median and 99th percentile of the whole transaction. Every plan is checked for a
# sequential scan of a record table (FAILED if there is one). Prints ROW lines for
# tests/bench/run.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")/../.." && pwd)
ctl=$(cd "$build" && pwd)/rackside-ctl
members=${SERVER_BENCH_MEMBERS:-5000}
years=${SERVER_BENCH_YEARS:-5}
visits=${SERVER_BENCH_VISITS:-200} # the gym's visits a day, all racks together
runs=${SERVER_BENCH_RUNS:-2000}
racks=20
work=$(mktemp -d /tmp/rackside-srvbench.XXXXXX)
# the generated gym is kept in BUILD/srvbench (a stopped cluster) and used again the same
# day, while this script, the gym's size and the server schema `rackside-ctl server init`
# makes are unchanged: the schema by the sources it is written in (server_schema.c, and
# server_cmds.c's own table), not rackside-ctl's binary, which changes with every change to
# the kiosk's code it links and made the gym again on almost every run
keep=$(mkdir -p "$build/srvbench" && cd "$build/srvbench" && pwd)
schema=$(cat "$here/app/ctl/server_schema.c" "$here/app/ctl/server_cmds.c" | sha1sum | cut -c1-12)
made="$(date +%F) $members $years $visits $(sha1sum <"$0" | cut -c1-12) $schema"
cleanup() {
    # the server's CPU, for make bench's time per step (tests/bench/run)
    [ -z "${BENCH_CPU_EXTRA:-}" ] || "$here/tests/pg/cluster.sh" cpu "$keep/pg" >>"$BENCH_CPU_EXTRA" || true
    "$here/tests/pg/cluster.sh" stop "$keep/pg" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
chmod 711 "$work" "$keep"
reuse=0
if [ -d "$keep/pg/data" ] && [ "$(cat "$keep/made" 2>/dev/null)" = "$made" ] &&
    "$here/tests/pg/cluster.sh" reopen "$keep/pg"; then
    reuse=1
else
    "$here/tests/pg/cluster.sh" stop "$keep/pg" 2>/dev/null || true
    rm -rf "$keep/pg" "$keep/made"
    mkdir "$keep/pg"
    "$here/tests/pg/cluster.sh" start "$keep/pg"
fi
# shellcheck disable=SC1091
. "$keep/pg/env"
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
printf '[server]\nconnection = host=%s port=%s dbname=postgres user=postgres\nrack = Rack 1\n' \
    "$PGHOST" "$PGPORT" >"$work/admin.conf"
[ "$reuse" = 1 ] || "$ctl" --config "$work/admin.conf" server init >/dev/null
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

day_us=86400000000
today=$(($(date +%s) / 86400))
first=$((today - years * 365))
start=$SECONDS
# members m1..mN and the four shipped exercises; a visit is a session, a check-in, a
# warm-up and three work sets of one exercise; one set in 20 raises a flag (one in 5 of
# those is pain or a red flag), most flags are acknowledged
[ "$reuse" = 1 ] || sql <<SQL
-- a bulk load made consistent by construction: no reference checked row by row at commit
-- (the schema's only triggers are its references); ANALYZE and the queries are as a gym's
SET session_replication_role = replica;
SELECT setseed(0.1313);
INSERT INTO racks (name) SELECT 'Rack ' || r FROM generate_series(1, $racks) r;
CREATE FUNCTION bench_member(i bigint) RETURNS uuid IMMUTABLE LANGUAGE sql
    AS \$\$ SELECT md5('member ' || i)::uuid \$\$;
CREATE FUNCTION bench_exercise(i bigint) RETURNS uuid IMMUTABLE LANGUAGE sql
    AS \$\$ SELECT ('5eed0000-0000-4000-8000-00000000000' || i)::uuid \$\$;
INSERT INTO members (id, rack, created_us, name, role)
    SELECT bench_member(i), 'Rack ' || (1 + i % $racks), 0, 'Member ' || i,
           CASE WHEN i % 100 = 0 THEN 'trainer' ELSE 'lifter' END
    FROM generate_series(1, $members) i;
INSERT INTO exercises (id, rack, created_us, name, upper_body, on_plate, target_reps, work_sets)
    VALUES (bench_exercise(1), 'Rack 1', 0, 'Back squat', false, true, 5, 3),
           (bench_exercise(2), 'Rack 1', 0, 'Deadlift', false, true, 5, 3),
           (bench_exercise(3), 'Rack 1', 0, 'Overhead press', true, true, 5, 3),
           (bench_exercise(4), 'Rack 1', 0, 'Bench press', true, false, 5, 3);
CREATE TEMP TABLE visit AS
    SELECT d, v, 1 + floor(random() * $members)::bigint AS m, 1 + floor(random() * 4)::int AS e,
           ((d::bigint * 86400 + 6 * 3600 + floor(random() * 15 * 3600)::bigint) * 1000000) AS t,
           floor(random() * 4)::int AS pain, (random() < 0.01)::int AS red,
           'Rack ' || (1 + v % $racks) AS rack
    FROM generate_series($first, $today) d, generate_series(1, $visits) v;
INSERT INTO sessions (id, rack, created_us, member_id, started_us, ended_us, pain, red_flags)
    SELECT md5('session ' || d || '/' || v)::uuid, rack, t, bench_member(m), t, t + 3600000000,
           pain, red FROM visit;
INSERT INTO checkins (id, rack, created_us, member_id, day, pain, red_flags, no_lift)
    SELECT md5('checkin ' || d || '/' || v)::uuid, rack, t, bench_member(m),
           date '1970-01-01' + d, pain, red, red = 1 FROM visit;
INSERT INTO warmups (id, rack, created_us, member_id, done_us)
    SELECT md5('warmup ' || d || '/' || v)::uuid, rack, t + 600000000, bench_member(m),
           t + 600000000 FROM visit WHERE red = 0;
INSERT INTO sets (id, rack, created_us, session_id, member_id, exercise_id, started_us, load_g,
                  declared, target_reps, reps_done, clean, stopped)
    SELECT md5('set ' || d || '/' || v || '/' || k)::uuid, rack, t + k * 300000000,
           md5('session ' || d || '/' || v)::uuid, bench_member(m), bench_exercise(e),
           t + k * 300000000, 20000 + 2500 * ((m + d / 30) % 40)::int, false, 5,
           CASE WHEN random() < 0.85 THEN 5 ELSE 3 END, random() < 0.8, false
    FROM visit, generate_series(1, 3) k WHERE red = 0;
INSERT INTO flags (id, rack, created_us, t_us, member_id, session_id, set_id, kind, severity,
                   detail)
    SELECT md5('flag ' || s.id)::uuid, s.rack, s.started_us, s.started_us, s.member_id,
           s.session_id, s.id, k.kind, k.severity, 'generated'
    FROM (SELECT *, random() AS r FROM sets) s
    JOIN (VALUES (0, 'rushed', 'caution'), (1, 'overload', 'stop'), (2, 'asymmetry', 'caution'),
                 (3, 'momentum', 'caution'), (4, 'pain', 'stop')) k(n, kind, severity)
      ON k.n = floor(s.r * 100)::int % 5
    WHERE s.r < 0.05;
INSERT INTO acknowledgements (id, rack, created_us, flag_id, by_member_id, note)
    SELECT md5('ack ' || f.id)::uuid, f.rack, f.t_us + 3600000000, f.id,
           bench_member(100 * (1 + floor(random() * ($members / 100))::bigint)), 'seen'
    FROM flags f WHERE random() < 0.8;
INSERT INTO clearances (id, rack, created_us, member_id, day, by_member_id, reason)
    SELECT md5('clearance ' || d || '/' || v)::uuid, rack, t + 1800000000, bench_member(m),
           date '1970-01-01' + d, bench_member(100), 'seen by a physio'
    FROM visit WHERE red = 1 AND v % 2 = 0;
INSERT INTO start_loads (id, rack, created_us, member_id, exercise_id, load_g)
    SELECT md5('start ' || i || '/' || e)::uuid, 'Rack 1', 0, bench_member(i), bench_exercise(e),
           40000 FROM generate_series(1, $members, 2) i, generate_series(1, 4) e;
INSERT INTO overrides (id, rack, created_us, member_id, exercise_id, day, load_g, reason,
                       by_member_id)
    SELECT md5('override ' || d || '/' || v)::uuid, rack, t, bench_member(m), bench_exercise(e),
           date '1970-01-01' + d, 60000, 'coach', bench_member(100) FROM visit WHERE v % 50 = 0;
ANALYZE;
SQL
[ "$reuse" = 1 ] || echo "$made" >"$keep/made"
gen_s=$((SECONDS - start))
counts=$(sql -c "SELECT (SELECT count(*) FROM sessions) || ' sessions, ' ||
    (SELECT count(*) FROM sets) || ' sets, ' || (SELECT count(*) FROM flags) || ' flags, ' ||
    (SELECT count(*) FROM acknowledgements) || ' acknowledgements'")
size=$(sql -c "SELECT pg_size_pretty(pg_database_size(current_database()))")
made_how="generated in ${gen_s} s"
[ "$reuse" = 0 ] || made_how="kept from an earlier run today ($keep)"
echo "server_queries: $members members, $years years, $visits visits a day: $counts ($size), $made_how"

since=$(((today - 56) * day_us)) # the story's 8 weeks
now_us=$(($(date +%s) * 1000000))
cat >"$work/cap.sql" <<SQL
\\set m random(1, $members)
\\set e random(1, 4)
SELECT started_us, load_g, clean, reps_done FROM sets WHERE member_id = bench_member(:m)
    AND exercise_id = bench_exercise(:e) AND started_us >= $since ORDER BY started_us;
SELECT max(load_g) FROM sets WHERE member_id = bench_member(:m)
    AND exercise_id = bench_exercise(:e) AND clean;
SELECT load_g FROM start_loads WHERE member_id = bench_member(:m)
    AND exercise_id = bench_exercise(:e) ORDER BY created_us DESC LIMIT 1;
SELECT load_g, reason FROM overrides WHERE member_id = bench_member(:m)
    AND exercise_id = bench_exercise(:e) AND day = date '1970-01-01' + $today
    ORDER BY created_us DESC LIMIT 1;
SELECT max(pain), bit_or(red_flags), bool_or(no_lift), max(created_us) FROM checkins
    WHERE member_id = bench_member(:m) AND day = date '1970-01-01' + $today;
SELECT max(created_us) FROM clearances WHERE member_id = bench_member(:m)
    AND day = date '1970-01-01' + $today;
SELECT max(done_us) FROM warmups WHERE member_id = bench_member(:m)
    AND done_us >= $now_us - 3600000000;
SQL
cat >"$work/flags.sql" <<SQL
\\set d random($first, $today)
SELECT f.t_us, f.rack, f.kind, f.severity, f.detail, m.name, a.note, t.name
    FROM flags f LEFT JOIN members m ON m.id = f.member_id
    LEFT JOIN LATERAL (SELECT note, by_member_id FROM acknowledgements
                       WHERE flag_id = f.id ORDER BY created_us DESC LIMIT 1) a ON true
    LEFT JOIN members t ON t.id = a.by_member_id
    WHERE f.t_us >= :d * $day_us AND f.t_us < (:d + 1) * $day_us ORDER BY f.t_us;
SQL

# no sequential scan of a record table in any plan (the first lifter, exercise and day)
plans_ok=1
for q in cap flags; do
    sed -e 's/^\\set.*//' -e 's/:m\b/1/g; s/:e\b/1/g' -e "s/:d\b/$today/g" "$work/$q.sql" |
        awk 'BEGIN { RS = ";" } NF { print "EXPLAIN " $0 ";" }' >"$work/$q.explain"
    sql -f "$work/$q.explain" >"$work/$q.plan"
    echo "== plans of $q" && cat "$work/$q.plan"
    if grep -E "Seq Scan on (sets|flags|sessions|checkins|acknowledgements|warmups|start_loads|overrides|clearances)\b" "$work/$q.plan"; then
        plans_ok=0
    fi
done

# bench NAME: median and p99 of the transaction's latency in ms over $runs runs
bench() {
    mkdir -p "$work/log-$1"
    (cd "$work" && "$bin/pgbench" -n -r -c 1 -t "$runs" -f "$1.sql" -l --log-prefix="log-$1/tx" \
        >"$work/$1.out" 2>&1) || { cat "$work/$1.out"; return 1; }
    sed -n '/statement latencies/,$p' "$work/$1.out" >&2 # each statement's mean, in the log
    awk '{ print $3 }' "$work/log-$1"/tx.* | sort -n >"$work/$1.lat"
    awk '{ v[NR] = $1 } END { m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.99 + 0.5)];
        printf "median %.3f ms, p99 %.3f ms (%d runs)", m / 1000, p / 1000, NR }' "$work/$1.lat"
}
cap=$(bench cap)
flags=$(bench flags)
echo "server_queries: today's cap $cap; a day's flags $flags"
how="pgbench, one client, random lifters and days; $members members, $years years, $counts"
if [ "$plans_ok" = 1 ]; then
    printf 'ROW\tgym server: a lifter'"'"'s cap today, its 7 reads (median, p99)\t-\t%s\t%s\n' "$cap" "$how"
    printf 'ROW\tgym server: a day'"'"'s flags with rack, lifter, acknowledgement (median, p99)\t-\t%s\t%s\n' "$flags" "$how"
else
    printf 'ROW\tgym server: the cap and flags queries\tno sequential scan\tFAILED: a plan reads a whole table\t%s\n' "see the plans in the bench log"
    exit 1
fi
