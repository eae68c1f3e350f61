#!/usr/bin/env bash
# Two gateways, one Redis, one PostgreSQL (issue 9): proves that what docs/DEPLOYMENT.md says is shared
# between gateway nodes is shared. Builds the WAR, starts a real redis-server (loom.bench.BenchRedis) and a
# real PostgreSQL (loom.bench.PostgresServer, a fresh data directory each run), then two separate Tomcat 10.1
# instances ("a" and "b": two unpacked copies, each on its own port of 127.0.0.1) with the same WAR at /loom
# and the same loom.yaml but for loom.home: storage on the shared PostgreSQL, cache on the shared Redis, the
# demo provider, the same bootstrap admin key. Both start at once against the empty store. Then:
#   1. cache:     a chat completion sent to A (MISS), the same one to B → HIT from Redis, the same body,
#                 no upstream call on B (its /metrics), and the shared /cache/stats counters moved by 1 and 1;
#   2. analytics: 50 requests to A and 50 to B (distinct prompts) → /analytics/stats on each node counts
#                 all 100, and one /analytics/logs listing on each node holds the request ids of both;
#   3. alerts:    a tiny global daily budget saved on A, priced traffic sent to B only, /alerts/check on A
#                 → a global daily_budget alert exists, listed on both nodes.
# Prints PASS/FAIL lines with numbers; exits 1 if any check failed. Every wait is bounded and everything
# it started is stopped on exit, also on failure or Ctrl+C.
#   bench/two-nodes.sh
# Optional: PORT_A=18191 PORT_B=18192 PG_PORT=18193 (all on 127.0.0.1; they must be free), HEAP=512m.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
root=$PWD/target/bench/two-nodes
declare -A ports=([a]=${PORT_A:-18191} [b]=${PORT_B:-18192})
pg_port=${PG_PORT:-18193}
bench_heap=${HEAP:-512m}
source bench/lib.sh

failures=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
check() {  # TEXT COMMAND...: PASS TEXT when the command succeeds, else FAIL TEXT
  if "${@:2}"; then pass "$1"; else fail "$1"; fi
}
die() { echo "FAIL  $*"; echo "logs: $root/{a,b}/apache-tomcat-*/logs, $root/postgres.log, $root/redis.log"; exit 1; }
trap 'echo "FAIL  line $LINENO: a command failed unexpectedly (see its message above)"' ERR

use_node() {  # NAME: points lib.sh's work, port, tomcat and contexts at gateway NAME
  work=$root/$1
  port=${ports[$1]}
  tomcat=$(ls -d "$work"/apache-tomcat-* 2>/dev/null | head -1 || true)
  contexts=(loom)
}

# ---- stopping everything we started, whatever happens ------------------------------------------------------
redis_pid=
pg_pid=
pg_data=$root/postgres
stop_pid() {  # PID: TERM, at most 30 s, then KILL
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 60); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.5; done
  kill -9 "$1" 2>/dev/null || true
}
stop_all() {  # the gateways first (their pools hold connections), then PostgreSQL and Redis
  trap - EXIT INT TERM ERR
  local name pid
  for name in a b; do
    if [ -f "$root/$name/tomcat.pid" ]; then
      pid=$(cat "$root/$name/tomcat.pid")
      [ -n "$pid" ] && stop_pid "$pid"
      rm -f "$root/$name/tomcat.pid"
    fi
  done
  [ -z "$pg_pid" ] || stop_pid "$pg_pid"  # its shutdown hook runs pg_ctl stop
  bench_stop_postmaster "$pg_data"
  [ -z "$redis_pid" ] || stop_pid "$redis_pid"  # its shutdown hook stops redis-server
  # A redis-server left behind (the JVM killed hard) still listens on the port we were given: stop it by pid.
  if [ -s "$root/redis.url" ]; then
    local redis_port leftover
    redis_port=$(sed -E 's/.*:([0-9]+).*/\1/' "$root/redis.url")
    leftover=$(ss -Hltnp "sport = :$redis_port" 2>/dev/null | grep -o 'redis-server",pid=[0-9]*' | grep -o '[0-9]*$' || true)
    [ -z "$leftover" ] || stop_pid "$leftover"
  fi
  return 0
}
trap stop_all EXIT
trap 'exit 130' INT TERM

for p in "${ports[a]}" "${ports[b]}" "$pg_port"; do
  [ -z "$(ss -Hltn "sport = :$p")" ] || { echo "Port $p on this machine is taken; set PORT_A, PORT_B or PG_PORT"; exit 2; }
done

# ---- build, Redis, PostgreSQL ------------------------------------------------------------------------------
echo "building (mvn -o package, then the bench classes)..."
bench_build
bench_stop_postmaster "$pg_data"
rm -rf "$root"
mkdir -p "$root"
java -cp "$classpath" loom.bench.BenchRedis "$root/redis.url" > "$root/redis.log" 2>&1 &
redis_pid=$!
java -cp "$classpath" loom.bench.PostgresServer "$pg_data" "$pg_port" loom "$root/postgres.url" \
  > "$root/postgres.log" 2>&1 &
pg_pid=$!
for _ in $(seq 1 240); do  # at most 120 s (initdb of a fresh data directory takes a few seconds)
  [ -s "$root/redis.url" ] && [ -s "$root/postgres.url" ] && break
  kill -0 "$redis_pid" 2>/dev/null && kill -0 "$pg_pid" 2>/dev/null || break
  sleep 0.5
done
[ -s "$root/redis.url" ] || die "Redis did not start"
[ -s "$root/postgres.url" ] || die "PostgreSQL did not start"
redis_url=$(cat "$root/redis.url")
pg_url=$(cat "$root/postgres.url")
echo "Redis $redis_url, PostgreSQL $pg_url"

# ---- two Tomcats, one loom.yaml ----------------------------------------------------------------------------
# demo-priced is the demo provider under a model name with a (steep) price, so the alert phase has spend;
# demo-chat has no price, so phases 1 and 2 cost nothing. The yaml budgets are off: the only budget is the
# ones phase 3 saves through the API. Checks run after each write of priced requests and when asked; the
# hourly period keeps a timed check of either node out of the run.
bench_storage="storage: { url: '$pg_url', username: postgres }"
settings="cache: { backend: redis, redis_url: '$redis_url' }
analytics: { query_rate_limit: 100000 }
pricing: [ { provider: demo, model: demo-priced, input: 1000, output: 1000 } ]
alerts: { daily_budget_usd: none, monthly_budget_usd: none, check_period: 1h }"
for name in a b; do
  use_node "$name"
  mkdir -p "$work"
  bench_tomcat
  bench_context loom "$settings"
done
deploy_started=$(date +%s.%N)
for name in a b; do use_node "$name"; bench_launch; done
for name in a b; do use_node "$name"; bench_ready || die "gateway $name did not answer /loom/api/v1/health within 60 s"; done
echo "both gateways up $(awk "BEGIN {printf \"%.1f\", $(date +%s.%N) - $deploy_started}") s after starting both Tomcats" \
  "(A on 127.0.0.1:${ports[a]}, B on 127.0.0.1:${ports[b]}, /loom)"

base() { echo "http://127.0.0.1:${ports[$1]}/loom"; }
api() {  # NODE PATH [curl args...]: an admin call to /api/v1 on that node; prints the body
  local name=$1 path=$2
  shift 2
  curl -fsS --max-time 30 -H "Authorization: Bearer $key" "$@" "$(base "$name")/api/v1$path"
}
chat() {  # NODE MODEL PROMPT: one chat completion; sets status, cache, request_id; the body is in $root/last.json
  local headers=$root/last.headers
  : > "$headers"
  status=$(curl -s --max-time 30 -o "$root/last.json" -D "$headers" -w '%{http_code}' \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "$(jq -cn --arg model "$2" --arg prompt "$3" \
      '{model: $model, temperature: 0, messages: [{role: "user", content: $prompt}]}')" \
    "$(base "$1")/v1/chat/completions" || true)
  cache=$(sed -n 's/^X-Loom-Cache: *\([A-Z]*\).*/\1/Ip' "$headers" | tr -d '\r')
  request_id=$(sed -n 's/^X-Loom-Request-Id: *\([^ ]*\).*/\1/Ip' "$headers" | tr -d '\r')
}
metric() {  # NODE PROMETHEUS-LINE-REGEX: the sum of the matching samples on that node's /metrics
  curl -fsS --max-time 30 -H "Authorization: Bearer $key" "$(base "$1")/metrics" \
    | awk -v re="$2" '$0 ~ re {sum += $NF} END {printf "%d\n", sum}'
}
drained() {  # both nodes' request-log writers have nothing queued (bounded: lib.sh's 60 s per node)
  local name
  for name in a b; do use_node "$name"; bench_drained; done
}
total_requests() { api "$1" /analytics/stats | jq -r '.total_requests // .totalRequests'; }
run=$(date +%s%N)  # in every prompt, so a rerun never meets an old cache entry

echo
echo "== 0. both nodes on the shared stores"
for name in a b; do
  health=$(api "$name" /health)
  check "node ${name^^}: health $(echo "$health" | jq -c '{status, cache}') (expected UP, redis)" \
    test "$(echo "$health" | jq -r '.status + " " + .cache')" = "UP redis"
done
users=$(api a /users | jq -r '[.users[].name] | join(",")')
check "one user in the shared store after both nodes bootstrapped it at once: $users" test "$users" = admin

echo
echo "== 1. a response cached through node A is a hit on node B"
stats_before=$(api a /cache/stats)
prompt="two-nodes cache check $run"
t0=$(date +%s%N)
chat a demo-chat "$prompt"
a_status=$status a_cache=$cache
cp "$root/last.json" "$root/answer-a.json"
check "A: HTTP $a_status, X-Loom-Cache: $a_cache (expected 200, MISS)" test "$a_status $a_cache" = "200 MISS"
# A stores the answer in Redis after its response went out: wait (bounded) until B's cache sees the key.
explain_body=$(jq -cn --arg prompt "$prompt" '{model: "demo-chat", temperature: 0, messages: [{role: "user", content: $prompt}]}')
seen=false
for _ in $(seq 1 50); do  # at most 5 s
  seen=$(api b /cache/explain -X POST -H 'Content-Type: application/json' -d "$explain_body" | jq -r .cached)
  [ "$seen" = true ] && break
  sleep 0.1
done
chat b demo-chat "$prompt"
elapsed_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check "B: HTTP $status, X-Loom-Cache: $cache (expected 200, HIT; entry visible on B first: $seen; ${elapsed_ms} ms from A's request to B's answer)" \
  test "$status $cache" = "200 HIT"
check "B answered A's stored response byte for byte ($(wc -c < "$root/last.json") bytes, id $(jq -r .id "$root/last.json"))" \
  cmp -s "$root/answer-a.json" "$root/last.json"
for _ in $(seq 1 20); do  # at most 2 s: a request is counted when its response has been written
  b_hits=$(metric b '^loom_requests_total[{].*cache_status="HIT"')
  [ "$b_hits" -ge 1 ] && break
  sleep 0.1
done
b_misses=$(metric b '^loom_requests_total[{].*cache_status="MISS"')
b_proxied=$(metric b '^loom_gateway_overhead_seconds_count')
check "B made no upstream call: its /metrics count $b_hits HIT, $b_misses MISS, $b_proxied responses from its proxy (expected 1, 0, 0)" \
  test "$b_hits $b_misses $b_proxied" = "1 0 0"
# The hit and miss counters live in Redis (pushed about every second): both nodes show the cluster's.
count() { jq -r ".$1"; }
for name in a b; do
  hits=0 misses=0
  for _ in $(seq 1 50); do  # at most 5 s
    after=$(api "$name" /cache/stats)
    hits=$(( $(echo "$after" | count hits) - $(echo "$stats_before" | count hits) ))
    misses=$(( $(echo "$after" | count misses) - $(echo "$stats_before" | count misses) ))
    [ "$hits" = 1 ] && [ "$misses" = 1 ] && break
    sleep 0.1
  done
  check "/cache/stats on ${name^^}: +$hits hit, +$misses miss across both nodes (expected +1, +1; backend $(echo "$after" | count backend))" \
    test "$hits $misses" = "1 1"
done

echo
echo "== 2. requests to both nodes in one analytics store"
drained
before=$(total_requests a)
: > "$root/ids-a.txt"; : > "$root/ids-b.txt"
bad=0
t0=$(date +%s%N)
for i in $(seq 1 50); do
  for name in a b; do
    chat "$name" demo-chat "two-nodes analytics $run $name $i"
    { [ "$status" = 200 ] && [ "$cache" = MISS ]; } || bad=$((bad + 1))
    echo "$request_id" >> "$root/ids-$name.txt"
  done
done
send_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check "100 requests, 50 to A and 50 to B, interleaved, one at a time, in $send_ms ms: $((100 - bad)) answered 200 MISS" \
  test "$bad" = 0
drained
t0=$(date +%s%N)
declare -A counted
for name in a b; do
  counted[$name]=?
  for _ in $(seq 1 100); do  # at most about 20 s after the queues are empty
    counted[$name]=$(( $(total_requests "$name") - before ))
    [ "${counted[$name]}" -ge 100 ] && break
    sleep 0.2
  done
done
wait_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
for name in a b; do
  check "GET /analytics/stats on ${name^^}: total_requests grew by ${counted[$name]} (expected 100; visible ${wait_ms} ms after both writer queues were empty)" \
    test "${counted[$name]}" = 100
done
for name in a b; do
  api "$name" "/analytics/logs?limit=1000" | jq -r '.logs[].request_id' | sort > "$root/listed-$name.txt"
  from_a=$(sort "$root/ids-a.txt" | comm -12 - "$root/listed-$name.txt" | wc -l)
  from_b=$(sort "$root/ids-b.txt" | comm -12 - "$root/listed-$name.txt" | wc -l)
  check "one /analytics/logs listing on ${name^^} ($(wc -l < "$root/listed-$name.txt") rows) holds $from_a of A's and $from_b of B's 50 request ids" \
    test "$from_a $from_b" = "50 50"
done

echo
echo "== 3. a budget saved on A, spend on B, the alert on A"
saved=$(api a "/alerts/config?user_id=global" -X PUT -H 'Content-Type: application/json' \
  -d '{"daily_budget_usd": 0.01}' | jq -c '{daily_budget_usd, monthly_budget_usd}')
check "PUT /alerts/config?user_id=global on A: $saved" test "$(echo "$saved" | jq -r .daily_budget_usd)" = 0.01
alerts_before=$(api a "/alerts?user_id=global" | jq -r .total)
bad=0
for i in $(seq 1 5); do
  chat b demo-priced "two-nodes alert check $run $i"
  [ "$status" = 200 ] || bad=$((bad + 1))
done
check "5 priced requests (demo-priced, \$1,000 per 1M tokens) to B only: $((5 - bad)) answered 200" test "$bad" = 0
drained
spent=0
at_least() { awk "BEGIN {exit !($1 >= $2)}"; }
for _ in $(seq 1 100); do  # at most 20 s: until A reads B's spend from the shared store
  spent=$(api a /analytics/stats | jq -r '.total_cost_usd // .totalCostUsd')
  at_least "$spent" 0.01 && break
  sleep 0.2
done
check "A's /analytics/stats shows B's spend: \$$spent today (budget \$0.01)" at_least "$spent" 0.01
raised=$(api a /alerts/check -X POST | jq -c '[.raised[] | .type]')
listed=$(api a "/alerts?user_id=global")
alert=$(echo "$listed" | jq -c '[.alerts[] | select(.type == "daily_budget")][0] // empty
  | {type, current_value, threshold_value, period, triggered_at}')
check "GET /alerts?user_id=global on A: ${alert:-none} (none before; A's check just now raised $raised, where [] means B's own check, right after its writer stored the spend, raised it first)" \
  test -n "$alert" -a "$alerts_before" = 0
on_b=$(api b "/alerts?user_id=global" | jq -r '[.alerts[] | select(.type == "daily_budget")] | length')
check "the same alert listed on B ($on_b daily_budget alert of the whole gateway)" test "$on_b" = 1
# Now with B idle (no writes, so no checks of its own): a monthly budget saved on A below B's spend, and A's
# check alone must find the breach, from the spend B's writer stored.
saved=$(api a "/alerts/config?user_id=global" -X PUT -H 'Content-Type: application/json' \
  -d '{"daily_budget_usd": 0.01, "monthly_budget_usd": 0.02}' | jq -c '{daily_budget_usd, monthly_budget_usd}')
raised=$(api a /alerts/check -X POST | jq -c '[.raised[] | {type, current_value, threshold_value}]')
check "with B idle, a monthly budget of \$0.02 saved on A ($saved): A's check raised $raised" \
  test "$(echo "$raised" | jq -r '[.[] | select(.type == "monthly_budget")] | length')" = 1

echo
echo "two-nodes: $failures failed; $(( $(date +%s) - started )) s in all (build, Redis, PostgreSQL, two Tomcats, the checks)"
[ "$failures" = 0 ] || { echo "logs: $root/{a,b}/apache-tomcat-*/logs"; exit 1; }
