#!/usr/bin/env bash
# What recording costs a proxied request: the built WAR deployed three times in one real Tomcat 10.1, the
# same configuration but for analytics — "off" (analytics.enabled: false), "on" (the defaults: logs, cost,
# metrics, no bodies) and "bodies" (request and response bodies kept, so every body is redacted). All three
# answer from the built-in demo provider, so only the gateway is measured. Rounds alternate between the
# three so drift of the machine hits each alike; each round runs a fixed-rate latency test and a
# closed-loop throughput test with bench's Java load generator (loom.bench.HttpLoad). Prints the medians,
# then the on-thread recording time the gateway measures itself (loom_analytics_record_seconds) during a
# last minute at the fixed rate.
#   bench/analytics-overhead.sh [rounds] [seconds] [rate]       (defaults: 3 15 500)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}; seconds=${2:-15}; rate=${3:-500}
port=18181
work=$PWD/target/bench/analytics-overhead
source bench/lib.sh

bench_build
bench_tomcat
variants=(off on bodies)
# The response cache is off in all three: with one body repeated, every request would be a cache hit.
bench_context off "analytics: { enabled: false }
cache: { enabled: false }"
bench_context on "cache: { enabled: false }"
bench_context bodies "cache: { enabled: false }
privacy: { log_request_bodies: true, log_response_bodies: true }"
cat > "$work/body.json" <<'JSON'
{"model":"demo-chat","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Write to jane.doe@example.com about invoice 4711 and call +1 415 555 0100 tomorrow."}],"temperature":0.2}
JSON
bench_start

load() { bench_load "$1" "$2" "$3" "$4" "$work/body.json"; }

echo "warming up (20 s per variant)..."
for variant in "${variants[@]}"; do load "$variant" 20 8 0 >/dev/null; done

declare -A results
for round in $(seq 1 "$rounds"); do
  for variant in "${variants[@]}"; do
    bench_drained
    fixed=$(load "$variant" "$seconds" 4 "$rate")
    bench_drained
    closed=$(load "$variant" "$seconds" 16 0)
    echo "round $round $variant: at $rate req/s: $fixed | closed loop, 16 connections: $closed"
    results[$variant]+="$fixed # $closed"$'\n'
  done
done

echo
echo "| analytics | p50 ms @ $rate/s | p99 ms @ $rate/s | max req/s (16 conn.) | p99 ms at max |"
echo "|---|---|---|---|---|"
for variant in "${variants[@]}"; do
  lines=${results[$variant]}
  p50=$(printf '%s' "$lines" | sed 's/ # .*//' | field p50_ms | median)
  p99=$(printf '%s' "$lines" | sed 's/ # .*//' | field p99_ms | median)
  rps=$(printf '%s' "$lines" | sed 's/.* # //' | field rps | median)
  p99max=$(printf '%s' "$lines" | sed 's/.* # //' | field p99_ms | median)
  echo "| $variant | $p50 | $p99 | $rps | $p99max |"
done
echo
# The percentiles the gateway publishes cover about the last minute: measure them at the fixed rate alone.
for variant in on bodies; do
  bench_drained
  load "$variant" 65 4 "$rate" >/dev/null
  echo "$variant: time on the request thread to record, at $rate req/s (the gateway's own measurement):"
  curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$port/$variant/metrics" | grep '^loom_analytics_record_seconds'
done
