#!/usr/bin/env bash
# What one hop through the gateway costs, against calling the provider directly and against a plain nginx
# reverse proxy, in the same run with the same load generator (loom.bench.HttpLoad, Java, keep-alive
# connections on the same two cores). The provider is Debian's nginx answering a fixed chat completion (or a
# fixed SSE stream) on loopback (bench_nginx), the fastest upstream this machine has, so everything above
# "direct" is the hop. The gateway is the built WAR in a real Tomcat 10.1 (1 GB heap) with its defaults on:
# every request authenticated, logged and priced, looked up in (and stored to) the response cache.
# Each round measures every target in turn (so drift hits all of them alike), medians over the rounds:
#   1. a miss (a new body every request) at a fixed rate: p50 / p99, direct vs nginx vs gateway, and two floors
#      in the same Tomcat: tomcat-file (Tomcat answering a small file itself: the container alone) and
#      plain-servlet (loom.bench.PlainProxyServlet: the container and the gateway's HTTP client, no feature);
#   2. max throughput on a miss: closed loop, 16 connections;
#   3. a stream ("stream": true, 9 SSE events): time to the first byte of the body, direct vs gateway;
#   4. a cache hit (one body repeated) at the fixed rate, in memory and on Redis (a real redis-server that
#      this script starts); the upstream's own access log proves hits never reach it.
#   bench/proxy-overhead.sh [rounds] [seconds] [rate]       (defaults: 5 10 500)
# With `profile` as the only argument it measures nothing: after the warm-up it records the gateway under a
# miss load at the fixed rate for 30 s with Java Flight Recorder and prints where the time and allocations went
# (loom.bench.JfrHotMethods; the recording is kept in target/bench/proxy-overhead/gateway.jfr).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=
[ "${1:-}" = profile ] && { profile=1; shift; }
rounds=${1:-5}; seconds=${2:-10}; rate=${3:-500}
port=18190
work=$PWD/target/bench/proxy-overhead
source bench/lib.sh

bench_build
bench_tomcat
bench_nginx
rm -f "$work/redis.url"
java -cp "$classpath" loom.bench.BenchRedis "$work/redis.url" >/dev/null 2>&1 &
bench_pids+=($!)
for _ in $(seq 1 100); do [ -s "$work/redis.url" ] && break; sleep 0.2; done
redis_url=$(cat "$work/redis.url")

bench_providers="providers:
  - { id: openai, type: openai, base_url: 'http://127.0.0.1:$upstream_port/v1', api_key: sk-bench }
  - { id: streams, type: openai, base_url: 'http://127.0.0.1:$upstream_port/sse/v1', api_key: sk-bench }"
bench_context gateway "cache: { backend: memory }"
bench_context redis "cache: { backend: redis, redis_url: '$redis_url' }"
bench_floors "http://127.0.0.1:$upstream_port/v1"
message='{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Summarise the release notes of version %s in three bullet points."}],"temperature":0%s}'
printf "$message" "{seq}" "" > "$work/miss.json"
printf "$message" "4.2" "" > "$work/hit.json"
printf "$message" "{seq}" ',"stream":true' > "$work/stream.json"
bench_start
[ "$(bench_api redis /health | sed -E 's/.*"cache":"([^"]*)".*/\1/')" = redis ] || { echo "Redis not attached"; exit 1; }

# target NAME: the URL and headers HttpLoad gets for it
declare -A url=(
  [direct]="http://127.0.0.1:$upstream_port/v1/chat/completions"
  [nginx]="http://127.0.0.1:$nginx_port/v1/chat/completions"
  [tomcat-file]="http://127.0.0.1:$port/static/answer.json"
  [plain-servlet]="http://127.0.0.1:$port/plain/v1/chat/completions"
  [gateway]="http://127.0.0.1:$port/gateway/v1/chat/completions"
  [redis]="http://127.0.0.1:$port/redis/v1/chat/completions"
  [direct-stream]="http://127.0.0.1:$upstream_port/sse/v1/chat/completions"
  [gateway-stream]="http://127.0.0.1:$port/gateway/v1/chat/completions"
)
load() {  # TARGET SECONDS CONNECTIONS RATE BODY
  local target=$1
  local headers=("Authorization: Bearer $key")
  [ "$target" = gateway-stream ] && headers+=("X-Loom-Provider: streams")
  java -cp "$classpath" loom.bench.HttpLoad "${url[$target]}" "$2" "$3" "$4" "$5" "${headers[@]}"
}
checked() {  # a run with an error is not a measurement
  local line
  line=$("$@")
  [ "$(printf '%s' "$line" | field errors)" = 0 ] || { echo "errors in: $* -> $line" >&2; exit 1; }
  printf '%s\n' "$line"
}

# The JIT needs a minute of this load before the gateway's CPU time per request settles (the C2 compiler thread
# took more CPU than the request threads 35 s into it): every context is warmed that long.
echo "warming up (15 s per target, 60 s for the gateway's contexts)..."
for target in direct nginx tomcat-file plain-servlet; do load "$target" 15 8 0 "$work/miss.json" >/dev/null; done
for target in gateway redis; do load "$target" 60 8 0 "$work/miss.json" >/dev/null; done
for target in direct-stream gateway-stream; do load "$target" 10 8 0 "$work/stream.json" >/dev/null; done
for target in gateway redis; do load "$target" 5 2 0 "$work/hit.json" >/dev/null; done  # stores the hit body

if [ -n "$profile" ]; then
  # JDK's "profile" settings, but Java stacks sampled every millisecond instead of every 10
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  sed '/jdk.ExecutionSample"/,/<\/event>/ s/>10 ms</>1 ms</' "$java_home/lib/jfr/profile.jfc" > "$work/profile.jfc"
  jcmd "$(cat "$work/tomcat.pid")" JFR.start name=hot settings="$work/profile.jfc" >/dev/null
  load gateway 30 4 "$rate" "$work/miss.json"
  jcmd "$(cat "$work/tomcat.pid")" JFR.dump name=hot filename="$work/gateway.jfr" >/dev/null
  java -cp "$classpath" loom.bench.JfrHotMethods "$work/gateway.jfr" loom. 30
  exit 0
fi

tomcat_cpu() { awk '{print $14 + $15}' "/proc/$(cat "$work/tomcat.pid")/stat"; }  # clock ticks (1/100 s)
threads_cpu() {  # per thread of Tomcat's JVM: "name ticks", numbers at the end of names dropped (pools summed)
  local task
  for task in /proc/"$(cat "$work/tomcat.pid")"/task/*; do
    printf '%s %s\n' "$(tr ' ' '_' < "$task/comm" | sed -E 's/[-#_]?[0-9]+$//')" "$(awk '{print $14 + $15}' "$task/stat")"
  done 2>/dev/null
}
: > "$work/threads.before"; : > "$work/threads.after"

declare -A fixed closed stream hit
cpu=""
targets=(direct nginx tomcat-file plain-servlet gateway)
for round in $(seq 1 "$rounds"); do
  for target in "${targets[@]}"; do
    bench_drained
    calls=$(bench_upstream_calls)
    [ "$target" = gateway ] && threads_cpu >> "$work/threads.before"
    ticks=$(tomcat_cpu)
    line=$(checked load "$target" "$seconds" 4 "$rate" "$work/miss.json")
    fixed[$target]+="$line"$'\n'
    if [ "$target" = gateway ]; then
      bench_drained  # the writer's work for these requests is part of their cost
      cpu+="$(( ($(tomcat_cpu) - ticks) * 10000 / $(printf '%s' "$line" | field requests) ))"$'\n'
      threads_cpu >> "$work/threads.after"
      # every one a miss: as many upstream calls as requests
      miss_calls=$(( ${miss_calls:-0} + $(bench_upstream_calls) - calls ))
      miss_requests=$(( ${miss_requests:-0} + $(printf '%s' "$line" | field requests) ))
    fi
    bench_drained
    closed[$target]+="$(checked load "$target" "$seconds" 16 0 "$work/miss.json")"$'\n'
  done
  for target in direct-stream gateway-stream; do
    bench_drained
    stream[$target]+="$(checked load "$target" "$seconds" 4 "$rate" "$work/stream.json")"$'\n'
  done
  for target in gateway redis; do
    bench_drained
    before=$(bench_upstream_calls)
    hit[$target]+="$(checked load "$target" "$seconds" 4 "$rate" "$work/hit.json")"$'\n'
    after=$(bench_upstream_calls)
    hit[$target-upstream]=$(( ${hit[$target-upstream]:-0} + after - before ))
  done
  echo "round $round done ($(cut -d' ' -f1 /proc/loadavg) load)"
done

row() { printf '%s' "$1" | field "$2" | median; }
minus() { awk "BEGIN {printf \"%+.3f\", $1 - $2}"; }
echo
echo "Medians of $rounds rounds of $seconds s; a miss at $rate req/s (4 connections) and closed loop (16 connections):"
echo
echo "| target | p50 ms | p99 ms | added p50 ms | added p99 ms | max req/s | of nginx |"
echo "|---|---|---|---|---|---|---|"
d50=$(row "${fixed[direct]}" p50_ms); d99=$(row "${fixed[direct]}" p99_ms)
nginx_rps=$(row "${closed[nginx]}" rps)
for target in "${targets[@]}"; do
  p50=$(row "${fixed[$target]}" p50_ms); p99=$(row "${fixed[$target]}" p99_ms); rps=$(row "${closed[$target]}" rps)
  echo "| $target | $p50 | $p99 | $(minus "$p50" "$d50") | $(minus "$p99" "$d99") | $rps |" \
    "$(awk "BEGIN {printf \"%.2f\", $rps / $nginx_rps}") |"
done
echo
echo "Upstream calls during the gateway's fixed-rate runs: $miss_calls for $miss_requests requests (every one a miss)."
echo "Tomcat's CPU time per gateway miss at $rate req/s (every thread: request, proxy, writer, GC): $(printf '%s' "$cpu" | median) µs"
echo "Of it, by thread (all rounds; a pool's threads summed; the JIT compiler's share shows how warm the JVM was):"
awk -v n="$miss_requests" 'FNR == NR {before[$1] += $2; next} {after[$1] += $2}
  END {for (t in after) if (after[t] > before[t]) printf "  %-22s %6.0f µs\n", t, (after[t] - before[t]) * 10000 / n}' \
  "$work/threads.before" "$work/threads.after" | sort -k2 -rn
echo
echo "A stream at $rate req/s: time to the first byte of the body (first event), and to the end:"
echo
echo "| target | first byte p50 ms | first byte p99 ms | whole stream p50 ms | p99 ms |"
echo "|---|---|---|---|---|"
for target in direct-stream gateway-stream; do
  echo "| $target | $(row "${stream[$target]}" ttfb_median_ms) | $(row "${stream[$target]}" ttfb_99th_ms) |" \
    "$(row "${stream[$target]}" p50_ms) | $(row "${stream[$target]}" p99_ms) |"
done
echo
echo "A cache hit (one body repeated) at $rate req/s:"
echo
echo "| cache | p50 ms | p99 ms | requests | upstream calls during them |"
echo "|---|---|---|---|---|"
for target in gateway redis; do
  total=$(printf '%s' "${hit[$target]}" | field requests | paste -sd+ | bc)
  echo "| ${target/gateway/memory} | $(row "${hit[$target]}" p50_ms) | $(row "${hit[$target]}" p99_ms) | $total |" \
    "${hit[$target-upstream]} |"
done
echo
echo "The gateway's own measure (X-Loom-Overhead-Ms, loom_gateway_overhead_seconds) over the whole run:"
curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$port/gateway/metrics" \
  | grep -E '^loom_gateway_overhead_seconds_(count|sum)' \
  | awk '{v[$1 ~ /count/ ? "n" : "s"] = $2} END {printf "  %d answers, mean %.3f ms\n", v["n"], 1000 * v["s"] / v["n"]}'
