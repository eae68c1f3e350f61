#!/usr/bin/env bash
# Faults under load (issue 9): the built WAR in one real Tomcat 10.1 on 127.0.0.1, under steady load while
# something it depends on fails, and "nothing lost" checked by counting the rows stored (GET
# /api/v1/analytics/stats, total_requests, before and after, once the writer has drained) against the
# requests sent (loom.bench.HttpLoad's count of answers), with every non-200 answer counted:
#   redis     cache on a real redis-server (loom.bench.BenchRedis); load for 60 s; redis-server killed
#             (kill -9) after 15 s, started again on the same port after 35 s. Expected: no failed request,
#             /api/v1/health's cache goes redis → memory-fallback → redis, rows == requests.
#   sqlite    SQLite store; load for 40 s; after 10 s another process (the sqlite3 CLI) holds the database's
#             write lock (BEGIN EXCLUSIVE) for 10 s. Expected: no failed request, rows == requests.
#   postgres  PostgreSQL store (loom.bench.PostgresServer); load for 40 s; after 10 s the server is shut down
#             (fast: connections dropped, new ones refused) and started again 10 s later. Same expectations.
#   streams   STREAMS (1,000) streaming chat completions open at once (loom.bench.StreamClients) through
#             the gateway to an upstream that sends a chunk every 150 ms for ~5 s (loom.bench.SlowSseUpstream).
#             Expected: every stream gets every chunk and [DONE], rows == STREAMS; gateway threads and heap
#             sampled while they are open.
# The load is HttpLoad at RATE req/s over 4 connections, one of 200 bodies at random ({pick:200}), so the
# cache has hits and misses. Prints PASS/FAIL lines with numbers; exits 1 if any check failed. Every wait is
# bounded; everything it started is stopped on exit, also on failure or Ctrl+C.
#   bench/faults.sh [phase...]      (default: redis sqlite postgres streams)
# Optional: PORT=18281 PG_PORT=18283 RATE=200 STREAMS=1000 CHUNKS=33 HEAP=1g (ports on 127.0.0.1; they must be free);
# DUMP=1 writes a thread dump of Tomcat 5 s into each outage to $work/PHASE.jstack.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
phases=("$@")
[ ${#phases[@]} -gt 0 ] || phases=(redis sqlite postgres streams)
port=${PORT:-18281}
pg_port=${PG_PORT:-18283}
rate=${RATE:-200}
streams=${STREAMS:-1000}
chunks=${CHUNKS:-33}  # one every 150 ms: about 5 s a stream
interval_ms=150
bench_heap=${HEAP:-1g}
work=$PWD/target/bench/faults
source bench/lib.sh

failures=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
check() { if "${@:2}"; then pass "$1"; else fail "$1"; fi; }
die() { echo "FAIL  $*"; echo "logs: $work/apache-tomcat-*/logs, $work/*.log"; exit 1; }
has_phase() { [[ " ${phases[*]} " == *" $1 "* ]]; }
trap 'echo "FAIL  line $LINENO: a command failed unexpectedly (see its message above)"' ERR

# ---- stopping everything we started, whatever happens ------------------------------------------------------
redis_pid= redis_again= pg_pid= upstream_pid= lock_pid= sampler_pid=
pg_data=$work/postgres
stop_pid() {  # PID: TERM, at most 30 s, then KILL
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 60); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.5; done
  kill -9 "$1" 2>/dev/null || true
}
stop_all() {
  trap - EXIT INT TERM ERR
  local pid
  for pid in $sampler_pid $lock_pid; do kill "$pid" 2>/dev/null || true; done
  if [ -f "$work/tomcat.pid" ]; then
    pid=$(cat "$work/tomcat.pid")
    [ -n "$pid" ] && stop_pid "$pid"
    rm -f "$work/tomcat.pid"
  fi
  [ -z "$upstream_pid" ] || stop_pid "$upstream_pid"
  [ -z "$pg_pid" ] || stop_pid "$pg_pid"  # its shutdown hook stops PostgreSQL
  bench_stop_postmaster "$pg_data"
  [ -z "$redis_again" ] || kill -9 "$redis_again" 2>/dev/null || true  # the redis-server this script restarted
  [ -z "$redis_pid" ] || stop_pid "$redis_pid"  # its shutdown hook stops the first redis-server
  return 0
}
trap stop_all EXIT
trap 'exit 130' INT TERM

for p in "$port" "$pg_port"; do
  [ -z "$(ss -Hltn "sport = :$p")" ] || { echo "Port $p on this machine is taken; set PORT or PG_PORT"; exit 2; }
done
if has_phase sqlite && ! command -v sqlite3 >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q sqlite3 >/dev/null
fi

# ---- build, Redis, PostgreSQL, the slow upstream -----------------------------------------------------------
echo "building (mvn -o package, then the bench classes)..."
bench_build
bench_stop_postmaster "$pg_data"
rm -rf "$work"
mkdir -p "$work"
bench_tomcat
if has_phase redis; then
  java -cp "$classpath" loom.bench.BenchRedis "$work/redis.url" > "$work/redis.log" 2>&1 &
  redis_pid=$!
fi
if has_phase postgres; then
  java -cp "$classpath" loom.bench.PostgresServer "$pg_data" "$pg_port" loom "$work/postgres.url" \
    "$work/postgres.control" > "$work/postgres.log" 2>&1 &
  pg_pid=$!
fi
if has_phase streams; then
  # JDK HttpServer closes kept-alive connections beyond 200 idle ones, which the gateway's pool may just be reusing.
  java -Xss256k -Dsun.net.httpserver.maxIdleConnections=$((streams * 2)) -cp "$classpath" loom.bench.SlowSseUpstream "$work/upstream.port" "$chunks" "$interval_ms" \
    > "$work/upstream.log" 2>&1 &
  upstream_pid=$!
fi
for _ in $(seq 1 240); do  # at most 120 s (initdb of a fresh data directory takes a few seconds)
  { [ -z "$redis_pid" ] || [ -s "$work/redis.url" ]; } && { [ -z "$pg_pid" ] || [ -s "$work/postgres.url" ]; } \
    && { [ -z "$upstream_pid" ] || [ -s "$work/upstream.port" ]; } && break
  sleep 0.5
done
[ -z "$redis_pid" ] || [ -s "$work/redis.url" ] || die "Redis did not start"
[ -z "$pg_pid" ] || [ -s "$work/postgres.url" ] || die "PostgreSQL did not start"
[ -z "$upstream_pid" ] || [ -s "$work/upstream.port" ] || die "the slow upstream did not start"

# ---- one Tomcat, a context per phase -----------------------------------------------------------------------
common="analytics: { query_rate_limit: 100000 }"
if has_phase redis; then
  bench_context redis "$common
cache: { backend: redis, redis_url: '$(cat "$work/redis.url")' }"
fi
if has_phase sqlite; then
  bench_context sqlite "$common"
fi
if has_phase postgres; then
  bench_storage="storage: { url: '$(cat "$work/postgres.url")', username: postgres }" bench_context postgres "$common"
fi
if has_phase streams; then
  # What a user raises for 1,000 streams: the gateway's and the provider's bounds (docs/DEPLOYMENT.md, sizing).
  bench_providers="providers: [ { id: slow, type: openai, base_url: 'http://127.0.0.1:$(cat "$work/upstream.port")/v1', max_connections: $((streams + 100)), max_in_flight: $((streams + 100)) } ]" \
    bench_context streams "$common
server: { max_concurrent_requests: $((streams + 100)) }"
fi
deploy_started=$(date +%s.%N)
bench_launch
bench_ready || die "a context did not answer its health check within 60 s"
tomcat_pid=$(cat "$work/tomcat.pid")
echo "Tomcat up with ${#contexts[@]} contexts ($(printf '/%s ' "${contexts[@]}")) in" \
  "$(awk "BEGIN {printf \"%.1f\", $(date +%s.%N) - $deploy_started}") s; load average $(cut -d' ' -f1-3 /proc/loadavg)"

message='{"model":"demo-chat","messages":[{"role":"user","content":"Summarise the release notes of version %s in three bullet points."}],"temperature":0}'
printf "$message" "{pick:200}" > "$work/repeating.json"
total_requests() { bench_api "$1" /analytics/stats | jq -r '.total_requests // .totalRequests'; }
health() { curl -s --max-time 5 -H "Authorization: Bearer $key" "http://127.0.0.1:$port/$1/api/v1/health" || true; }
elapsed() { awk "BEGIN {printf \"%.1f\", $(date +%s.%N) - $1}"; }
at() {  # SECONDS-SINCE-T0: sleeps until then
  local left
  left=$(awk "BEGIN {print $1 - ($(date +%s.%N) - $t0)}")
  awk "BEGIN {exit !($left > 0)}" && sleep "$left" || true
}
load() {  # CONTEXT SECONDS: HttpLoad in the background, its line into $work/CONTEXT.load
  java -Dloom.bench.timeline="$work/$1.timeline" -cp "$classpath" loom.bench.HttpLoad \
    "http://127.0.0.1:$port/$1/v1/chat/completions" "$2" 4 "$rate" "$work/repeating.json" "Authorization: Bearer $key" \
    > "$work/$1.load" 2> "$work/$1.load.err" &
  load_pid=$!
}
watch_health() {  # CONTEXT SECONDS: until SECONDS after t0, every 0.5 s, "t state" lines into $work/CONTEXT.health
  local name=$1 until=$2
  (
    while awk "BEGIN {exit !($(date +%s.%N) - $t0 < $until)}"; do
      echo "$(elapsed "$t0") $(health "$name" | jq -r '"\(.status) store=\(.store // "?") cache=\(.cache)"' 2>/dev/null)"
      sleep 0.5
    done
  ) > "$work/$name.health" &
  sampler_pid=$!
}
dump() {  # PHASE: with DUMP=1, a thread dump of Tomcat 5 s from now, in the background
  [ -n "${DUMP:-}" ] || return 0
  (sleep 5; jstack "$tomcat_pid" > "$work/$1.jstack" 2>&1) &
}
transitions() { awk '{state=$2" "$3" "$4} state != last {printf "%s%s s: %s", sep, $1, state; sep="; "; last=state} END {print ""}' "$1"; }
count_rows() {  # CONTEXT BEFORE REQUESTS: waits (bounded) for the writer, then sets rows
  bench_drained
  rows=0
  for _ in $(seq 1 100); do  # at most about 20 s after the queue is empty
    rows=$(( $(total_requests "$1") - $2 ))
    [ "$rows" -ge "$3" ] && break
    sleep 0.2
  done
}
writer_metrics() {  # CONTEXT: the writer's counters from /metrics, one line
  curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$port/$1/metrics" \
    | grep -E '^loom_log_writer_[a-z_]+(\{[^}]*\})? ' | sed -E 's/^loom_log_writer_//; s/\{[^}]*\}//; s/ ([0-9]+)\.0$/=\1/; s/ /=/' \
    | tr '\n' ' '
}
load_result() {  # CONTEXT: waits for the load, sets sent, errors and the latency fields
  wait "$load_pid" || true
  line=$(cat "$work/$1.load")
  sent=$(echo "$line" | field requests)
  errors=$(echo "$line" | sed -E 's/.*errors=([0-9]+).*/\1/')
  [ -n "$sent" ] || die "HttpLoad printed nothing for $1: $(cat "$work/$1.load.err")"
  echo "  seconds of the run with a request slower than 1 s (second: requests, errors, p50 ms, max ms):" \
    "$(awk '$5 > 1000 {printf "%s%d: %d, %d, %.0f, %.0f", sep, $1, $2, $3, $4, $5; sep="; "} END {if (!sep) printf "none"}' "$work/$1.timeline")"
}

# ---- 1. Redis killed and restarted ---------------------------------------------------------------------------
if has_phase redis; then
  echo
  echo "== redis: $rate req/s for 60 s; redis-server killed (-9) at 15 s, started again on its port at 35 s"
  redis_port=$(sed -E 's/.*:([0-9]+).*/\1/' "$work/redis.url")
  first=$(ss -Hltnp "sport = :$redis_port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  [ -n "$first" ] || die "no redis-server listens on $redis_port"
  redis_bin=$work/redis-server
  cp "$(readlink "/proc/$first/exe")" "$redis_bin"
  check "health before: $(health redis | jq -c '{status, cache}') (expected cache redis)" \
    test "$(health redis | jq -r .cache)" = redis
  bench_drained
  before=$(total_requests redis)
  t0=$(date +%s.%N)
  load redis 60
  watch_health redis 62
  at 15
  kill -9 "$first"
  dump redis
  echo "  $(elapsed "$t0") s: killed redis-server (pid $first, port $redis_port)"
  at 35
  "$redis_bin" --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    > "$work/redis-again.log" 2>&1 &
  redis_again=$!
  echo "  $(elapsed "$t0") s: redis-server started again (pid $redis_again, same port, empty)"
  load_result redis
  wait "$sampler_pid" 2>/dev/null || true; sampler_pid=
  count_rows redis "$before" "$sent"
  echo "  load: $line"
  echo "  health: $(transitions "$work/redis.health")"
  check "no failed request while Redis died and came back: $errors of $sent not 200 (expected 0)" test "$errors" = 0
  states=$(awk 'NF >= 4 {print $4}' "$work/redis.health" | uniq | tr '\n' ' ')
  check "/health's cache went redis → memory-fallback → redis: $states" \
    grep -qE '^cache=redis (cache=memory-fallback )+cache=redis ' <<< "$states"
  check "rows stored == requests sent: $rows == $sent ($(writer_metrics redis))" test "$rows" = "$sent"
  hits=$(curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$port/redis/metrics" \
    | awk '/^loom_requests_total\{.*cache_status="HIT"/ {s += $NF} END {printf "%d", s}')
  echo "  cache hits in the run: $hits of $sent (from /metrics)"
fi

# ---- 2a. SQLite locked by another process for 10 s ---------------------------------------------------------
if has_phase sqlite; then
  echo
  echo "== sqlite: $rate req/s for 40 s; another process holds the database's write lock from 10 s to 20 s"
  db=$work/data/sqlite.db
  bench_drained
  before=$(total_requests sqlite)
  t0=$(date +%s.%N)
  load sqlite 40
  watch_health sqlite 42
  at 10
  # .timeout: wait for the gateway's own write to end rather than fail; then hold the lock for 10 s.
  { echo '.timeout 5000'; echo 'BEGIN EXCLUSIVE;'; echo "SELECT 'locked at ' || strftime('%H:%M:%f','now');";
    sleep 10; echo 'COMMIT;'; echo "SELECT 'released at ' || strftime('%H:%M:%f','now');"; } \
    | sqlite3 "$db" > "$work/sqlite-lock.log" 2>&1 &
  lock_pid=$!
  dump sqlite
  wait "$lock_pid" || true; lock_pid=
  echo "  $(elapsed "$t0") s: lock released ($(tr '\n' ' ' < "$work/sqlite-lock.log"))"
  load_result sqlite
  wait "$sampler_pid" 2>/dev/null || true; sampler_pid=
  count_rows sqlite "$before" "$sent"
  echo "  load: $line"
  check "the other process held the write lock for 10 s: $(tr '\n' ' ' < "$work/sqlite-lock.log")" \
    grep -q 'released at' "$work/sqlite-lock.log"
  check "no failed request while the store was locked: $errors of $sent not 200 (expected 0)" test "$errors" = 0
  check "rows stored == requests sent: $rows == $sent ($(writer_metrics sqlite))" test "$rows" = "$sent"
fi

# ---- 2b. PostgreSQL stopped for 10 s -------------------------------------------------------------------------
if has_phase postgres; then
  echo
  echo "== postgres: $rate req/s for 40 s; PostgreSQL shut down at 10 s, started again 10 s later"
  pg_command() {  # stop|start: tells loom.bench.PostgresServer, waits (at most 60 s) until it is done
    rm -f "$work/postgres.control.done"
    echo "$1" > "$work/postgres.control"
    for _ in $(seq 1 120); do [ -f "$work/postgres.control.done" ] && return; sleep 0.5; done
    die "PostgreSQL did not $1 within 60 s (see $work/postgres.log)"
  }
  bench_drained
  before=$(total_requests postgres)
  t0=$(date +%s.%N)
  load postgres 40
  watch_health postgres 42
  at 10
  pg_command stop
  dump postgres
  down_at=$(elapsed "$t0")
  echo "  $down_at s: PostgreSQL stopped"
  at "$(awk "BEGIN {print $down_at + 10}")"
  pg_command start
  echo "  $(elapsed "$t0") s: PostgreSQL started again"
  load_result postgres
  wait "$sampler_pid" 2>/dev/null || true; sampler_pid=
  count_rows postgres "$before" "$sent"
  echo "  load: $line"
  echo "  health: $(transitions "$work/postgres.health")"
  check "no failed request while PostgreSQL was down: $errors of $sent not 200 (expected 0)" test "$errors" = 0
  check "rows stored == requests sent: $rows == $sent ($(writer_metrics postgres))" test "$rows" = "$sent"
fi

# ---- 3. 1,000 concurrent streams -----------------------------------------------------------------------------
if has_phase streams; then
  echo
  echo "== streams: $streams streaming chat completions at once, $chunks chunks $interval_ms ms apart each"
  bench_drained
  before=$(total_requests streams)
  threads_before=$(awk '/^Threads:/ {print $2}' "/proc/$tomcat_pid/status")
  ( for _ in $(seq 1 120); do  # at most 60 s: threads, and the heap in use (jcmd), every 0.5 s
      echo "$(awk '/^Threads:/ {print $2}' "/proc/$tomcat_pid/status") $(jcmd "$tomcat_pid" GC.heap_info 2>/dev/null \
        | sed -nE 's/.* used ([0-9]+)K.*/\1/p' | head -1)"
      sleep 0.5
    done ) > "$work/streams.samples" &
  sampler_pid=$!
  status=0
  java -Xss256k -cp "$classpath" loom.bench.StreamClients "http://127.0.0.1:$port/streams/v1/chat/completions" \
    "$streams" "$chunks" 60 "Authorization: Bearer $key" > "$work/streams.out" 2>&1 || status=$?
  kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=
  result=$(head -1 "$work/streams.out")
  echo "  $result"
  sed -n '2,12p' "$work/streams.out" | sed 's/^/  /'
  echo "  upstream: $(curl -s "http://127.0.0.1:$(cat "$work/upstream.port")/stats")"
  complete=$(echo "$result" | sed -nE 's/.*complete=([0-9]+).*/\1/p')
  peak_open=$(echo "$result" | sed -nE 's/.*peak_open=([0-9]+).*/\1/p')
  check "every stream got all $chunks chunks and [DONE]: ${complete:-0} of $streams complete" \
    test "$status:${complete:-0}" = "0:$streams"
  check "all were open at once: at most ${peak_open:-0} streams open at the same time (expected $streams)" \
    test "${peak_open:-0}" = "$streams"
  count_rows streams "$before" "$streams"
  check "rows stored == streams sent: $rows == $streams ($(writer_metrics streams))" test "$rows" = "$streams"
  echo "  gateway JVM (whole Tomcat): threads $threads_before before, peak $(awk '{print $1}' "$work/streams.samples" | sort -n | tail -1)" \
    "while streaming; heap used at most $(awk '$2 {print int($2 / 1024)}' "$work/streams.samples" | sort -n | tail -1) MB" \
    "(-Xmx$bench_heap); load average $(cut -d' ' -f1-3 /proc/loadavg)"
fi

echo
echo "faults: $failures failed; $(( $(date +%s) - started )) s in all; load average $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$failures" = 0 ] || { echo "logs: $work/apache-tomcat-*/logs, $work/*.log"; exit 1; }
