#!/usr/bin/env bash
# What the response cache costs and saves: the built WAR deployed three times in one real Tomcat 10.1 —
# "none" (cache.enabled: false), "memory" (Ehcache, the default) and "redis" (Redisson against a real
# redis-server on loopback that this script starts) — all with analytics on and the built-in demo
# provider. Measured with bench's Java load generator (loom.bench.HttpLoad), medians of the rounds:
#   1. a cache hit (one body repeated) at a fixed rate: latency, vs. "none" answering every request;
#   2. hit throughput: closed loop, 16 connections;
#   3. what a miss costs: a new body every request ({seq}) at the fixed rate, vs. "none";
#   4. hit rate of a workload that repeats itself (one of 200 bodies at random, {pick:200}) for 30 s.
#   bench/cache.sh [rounds] [seconds] [rate]       (defaults: 3 15 500)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}; seconds=${2:-15}; rate=${3:-500}
port=18182
work=$PWD/target/bench/cache
source bench/lib.sh

bench_build
bench_tomcat
rm -f "$work/redis.url"
java -cp "$classpath" loom.bench.BenchRedis "$work/redis.url" >/dev/null 2>&1 &
bench_pids+=($!)
for _ in $(seq 1 100); do [ -s "$work/redis.url" ] && break; sleep 0.2; done
redis_url=$(cat "$work/redis.url")

variants=(none memory redis)
bench_context none "cache: { enabled: false }"
bench_context memory "cache: { backend: memory }"
bench_context redis "cache: { backend: redis, redis_url: '$redis_url' }"
message='{"model":"demo-chat","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Summarise the release notes of version %s in three bullet points."}],"temperature":0}'
printf "$message" "4.2" > "$work/same.json"
printf "$message" "{seq}" > "$work/unique.json"
printf "$message" "{pick:200}" > "$work/repeating.json"
bench_start
[ "$(bench_api redis /health | sed -E 's/.*"cache":"([^"]*)".*/\1/')" = redis ] || { echo "Redis not attached"; exit 1; }

echo "warming up (20 s per variant)..."
for variant in "${variants[@]}"; do bench_load "$variant" 20 8 0 "$work/unique.json" >/dev/null; done

declare -A hit miss closed
for round in $(seq 1 "$rounds"); do
  for variant in "${variants[@]}"; do
    bench_drained
    hit[$variant]+="$(bench_load "$variant" "$seconds" 4 "$rate" "$work/same.json")"$'\n'
    bench_drained
    closed[$variant]+="$(bench_load "$variant" "$seconds" 16 0 "$work/same.json")"$'\n'
    bench_drained
    miss[$variant]+="$(bench_load "$variant" "$seconds" 4 "$rate" "$work/unique.json")"$'\n'
    echo "round $round $variant done"
  done
done

row() { printf '%s' "$1" | field "$2" | median; }
echo
echo "| cache | same body at $rate/s: p50 ms | p99 ms | same body, 16 conn.: req/s | new body at $rate/s: p50 ms | p99 ms |"
echo "|---|---|---|---|---|---|"
for variant in "${variants[@]}"; do
  echo "| $variant | $(row "${hit[$variant]}" p50_ms) | $(row "${hit[$variant]}" p99_ms) |" \
    "$(row "${closed[$variant]}" rps) | $(row "${miss[$variant]}" p50_ms) | $(row "${miss[$variant]}" p99_ms) |"
done
echo
count() { sed -E "s/.*\"$1\":([0-9]+).*/\1/"; }
for variant in memory redis; do
  bench_api "$variant" /cache/clear -X POST >/dev/null
  bench_drained
  sleep 2  # the Redis counters are pushed every second
  before=$(bench_api "$variant" /cache/stats)
  bench_load "$variant" 30 4 "$rate" "$work/repeating.json" >/dev/null
  sleep 2
  after=$(bench_api "$variant" /cache/stats)
  hits=$(( $(echo "$after" | count hits) - $(echo "$before" | count hits) ))
  misses=$(( $(echo "$after" | count misses) - $(echo "$before" | count misses) ))
  echo "$variant: one of 200 bodies at random, 30 s at $rate req/s: $hits hits, $misses misses," \
    "hit rate $(awk "BEGIN {printf \"%.3f\", $hits / ($hits + $misses)}")"
done
