#!/usr/bin/env bash
# Soak (issue 9): does the gateway's heap, thread count or file-descriptor count grow under steady traffic?
# The built WAR in one real Tomcat 10.1 with a fixed heap (512 MB, DESIGN §10), configured as users run it:
# request logging to SQLite with request and response bodies kept (so every row is redacted), prices (the
# built-in table prices gpt-4o-mini), the in-memory response cache (Ehcache, defaults). Two `type: openai`
# providers on a local nginx (bench_nginx): `openai` (…/v1, JSON answers, the default provider) and `sse`
# (…/sse/v1, streamed answers, chosen by the `sse/` model prefix). For the whole soak, at once:
#   misses   40 % of the rate, a new body every request ({seq})         → one upstream call each
#   hits     40 %, one of 500 bodies at random ({pick:500}), all 500     → no upstream call
#            sent once before the soak so that every one is cached
#   streams  20 %, "stream": true to `sse`, a new body every request      → one upstream call each
#   API      every 5 s one admin call: analytics stats, logs, time series or cache stats in turn
# each from its own loom.bench.HttpLoad process (4 keep-alive connections, fixed rate). Every 30 s (first
# at 15 s) the Tomcat JVM is sampled: live heap after a full GC (the total of `jcmd GC.class_histogram`,
# which collects first), threads and RSS (/proc/PID/status), open file descriptors (/proc/PID/fd); one
# row per sample in target/bench/soak/samples.csv, each histogram kept in target/bench/soak/histograms/.
# At the end, over the samples after the warm-up (2 minutes), it fits least-squares slopes and checks:
#   heap     slope < 1 MB/min, and the median of the last third ≤ 1.10 × the median of the first third
#   threads  slope < 0.5/min, and last-third median − first-third median ≤ 4
#   fds      slope < 0.5/min, and last-third median − first-third median ≤ 4
#   RSS      reported, not judged (Ehcache's off-heap tier, 64 MB by default, fills during the soak); the
#            heap is pre-touched (-XX:+AlwaysPreTouch), so RSS growth is native memory, broken down by NMT
# and, once the request-log writer has drained: zero errors; every load sent ≥ 98 % of its rate; rows
# stored (/analytics/stats total_requests and /analytics/logs total) == requests sent (including the 500
# pre-fill requests); upstream calls counted by nginx == misses + streams + repeating bodies the cache
# did not answer (the gateway's /cache/stats counts them: 0, or at most 1 % once the cache has evicted).
# Prints a table and PASS/FAIL lines; exits 1 if a check failed. The classes whose live bytes grew most
# between the first sample after the warm-up and the last are printed as a lead when the heap grows.
#   bench/soak.sh [minutes=10] [rate=300]
# Optional: PORT=18301 UPSTREAM_PORT=18302 NGINX_PORT=18303 (127.0.0.1, must be free), HEAP=512m,
# WARMUP=120 and PERIOD=30 (seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}; rate=${2:-300}
seconds=$((minutes * 60))
port=${PORT:-18301}
upstream_port=${UPSTREAM_PORT:-18302}
nginx_port=${NGINX_PORT:-18303}
bench_heap=${HEAP:-512m}
warmup=${WARMUP:-120}
period=${PERIOD:-30}
work=$PWD/target/bench/soak
source bench/lib.sh
# The whole heap touched at start, so that RSS growth is native memory only; native memory tracking, so
# that its growth after the warm-up can be broken down (nmt-diff.txt).
export JAVA_OPTS="${JAVA_OPTS:-} -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary"

for p in "$port" "$upstream_port" "$nginx_port"; do
  [ -z "$(ss -Hltn "sport = :$p")" ] || { echo "Port $p is taken; set PORT, UPSTREAM_PORT or NGINX_PORT"; exit 2; }
done
(( seconds >= warmup + 3 * period )) || { echo "A soak of $minutes min leaves too few samples after the warm-up"; exit 2; }

echo "building (mvn -o package, then the bench classes)..."
bench_build
bench_tomcat
trap bench_stopped EXIT
bench_nginx

bench_providers="providers:
  - { id: openai, type: openai, base_url: 'http://127.0.0.1:$upstream_port/v1' }
  - { id: sse, type: openai, base_url: 'http://127.0.0.1:$upstream_port/sse/v1' }"
bench_context loom "cache: { enabled: true, backend: memory }
privacy: { log_request_bodies: true, log_response_bodies: true }"
# A realistic body with an e-mail address and a phone number for the redactor; each load its own prompt.
message='{"model":"%s","messages":[{"role":"system","content":"You are a helpful support assistant."},{"role":"user","content":"Customer jane.doe@example.com (+1 415 555 0134) asks about ticket %s: summarise the release notes in three bullet points."}],"temperature":0%s}'
printf "$message" gpt-4o-mini "M-{seq}" "" > "$work/miss.json"
printf "$message" gpt-4o-mini "H-{pick:500}" "" > "$work/hit.json"
printf "$message" sse/gpt-4o-mini "S-{seq}" ',"stream":true' > "$work/stream.json"
bench_start
tomcat_pid=$(cat "$CATALINA_PID")
echo "Tomcat pid $tomcat_pid (heap $bench_heap), gateway 127.0.0.1:$port/loom, upstream nginx 127.0.0.1:$upstream_port"

# ---- pre-fill: the 500 repeating bodies, once each -----------------------------------------------------------
prefill_errors=0
for i in $(seq 0 499); do
  printf "$message" gpt-4o-mini "H-$i" "" > "$work/one.json"
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' --data-binary @"$work/one.json" \
    "http://127.0.0.1:$port/loom/v1/chat/completions" || true)
  [ "$status" = 200 ] || prefill_errors=$((prefill_errors + 1))
done
prefill=500
bench_drained
cache_before=$(bench_api loom /cache/stats)
upstream_before=$(bench_upstream_calls)
echo "pre-filled 500 repeating bodies ($prefill_errors errors); upstream calls so far $upstream_before"

# ---- sampling --------------------------------------------------------------------------------------------------
csv=$work/samples.csv
histograms=$work/histograms
rm -rf "$histograms"; mkdir -p "$histograms"
echo "t_s,heap_live_mb,threads,fds,rss_mb,load1,sockets,rss_anon_mb,rss_file_mb" > "$csv"
sample() {  # LABEL: one CSV row of the Tomcat JVM; the histogram is kept as histograms/LABEL.txt
  local label=$1 histogram=$histograms/$1.txt
  jcmd "$tomcat_pid" GC.class_histogram > "$histogram" 2>&1 || true
  local bytes threads fds rss load sockets
  bytes=$(awk '$1 == "Total" {print $3}' "$histogram")
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$tomcat_pid/status")
  fds=$(ls "/proc/$tomcat_pid/fd" | wc -l)
  sockets=$(find "/proc/$tomcat_pid/fd" -lname 'socket:*' 2>/dev/null | wc -l)
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$tomcat_pid/status")
  # Anonymous memory (heap, malloc, thread stacks) apart from file-backed pages (the memory-mapped SQLite file:
  # they count in RSS while mapped, and the kernel reclaims them when it needs them).
  anon=$(awk '/^RssAnon:/ {printf "%.0f", $2 / 1024}' "/proc/$tomcat_pid/status")
  file=$(awk '/^RssFile:/ {printf "%.0f", $2 / 1024}' "/proc/$tomcat_pid/status")
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "$label,$(awk "BEGIN {printf \"%.1f\", ${bytes:-0} / 1048576}"),$threads,$fds,$(awk "BEGIN {printf \"%.0f\", $rss / 1024}"),$load,$sockets,$anon,$file" >> "$csv"
}
sample idle

# ---- the soak -----------------------------------------------------------------------------------------------
miss_rate=$(awk "BEGIN {print $rate * 0.4}")
hit_rate=$(awk "BEGIN {print $rate * 0.4}")
stream_rate=$(awk "BEGIN {print $rate * 0.2}")
echo "soak: $minutes min at $rate req/s (misses $miss_rate, hits $hit_rate, streams $stream_rate) + an API call every 5 s;" \
  "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
started=$(date +%s.%N)
loads=()
bench_load loom "$seconds" 4 "$miss_rate" "$work/miss.json" > "$work/miss.out" 2>&1 & loads+=($!)
bench_load loom "$seconds" 4 "$hit_rate" "$work/hit.json" > "$work/hit.out" 2>&1 & loads+=($!)
bench_load loom "$seconds" 4 "$stream_rate" "$work/stream.json" > "$work/stream.out" 2>&1 & loads+=($!)
bench_pids+=("${loads[@]}")
api_paths=(/analytics/stats "/analytics/logs?limit=50" /analytics/timeseries /cache/stats)
(
  calls=0 failures=0
  while (( $(date +%s) < ${started%.*} + seconds )); do
    bench_api loom "${api_paths[$((calls % 4))]}" --max-time 30 >/dev/null || failures=$((failures + 1))
    calls=$((calls + 1))
    echo "calls=$calls failures=$failures" > "$work/api.out"
    sleep 5
  done
) & bench_pids+=($!)
api_pid=$!
since() { awk "BEGIN {print $(date +%s.%N) - $started}"; }
for ((t = period / 2; t < seconds; t += period)); do
  wait_s=$(awk "BEGIN {w = $t - $(since); print (w > 0) ? w : 0}")
  sleep "$wait_s"
  sample "$t"
  (( t < warmup || t - period >= warmup )) || jcmd "$tomcat_pid" VM.native_memory baseline > /dev/null 2>&1 || true
  tail -1 "$csv" | awk -F, '{printf "  t=%4ss  heap %6s MB  threads %3s  fds %3s (sockets %3s)  rss %4s MB  load %s\n", $1, $2, $3, $4, $7, $5, $6}'
done
load_failed=0
jcmd "$tomcat_pid" VM.native_memory summary.diff > "$work/nmt-diff.txt" 2>&1 || true
for pid in "${loads[@]}"; do wait "$pid" || load_failed=1; done
wait "$api_pid" || true
bench_drained
sample after
upstream_after=$(bench_upstream_calls)
cache_after=$(bench_api loom /cache/stats)
stats=$(bench_api loom /analytics/stats)
logs_total=$(bench_api loom "/analytics/logs?limit=1" | jq .total)
stored=$(echo "$stats" | jq .total_requests)

# ---- verdict ----------------------------------------------------------------------------------------------
failures=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
check() { if "${@:2}"; then pass "$1"; else fail "$1"; fi; }
num() { local v; v=$(grep -o "$1=[0-9.]*" "$2" | head -1 | cut -d= -f2 || true); echo "${v:-0}"; }
misses=$(num requests "$work/miss.out"); hits=$(num requests "$work/hit.out"); streams=$(num requests "$work/stream.out")
errors=$(( $(num errors "$work/miss.out") + $(num errors "$work/hit.out") + $(num errors "$work/stream.out") ))
api_calls=$(num calls "$work/api.out"); api_failures=$(num failures "$work/api.out")
sent=$((misses + hits + streams))
cache_hits=$(( $(echo "$cache_after" | jq .hits) - $(echo "$cache_before" | jq .hits) ))
cache_misses=$(( $(echo "$cache_after" | jq .misses) - $(echo "$cache_before" | jq .misses) ))
upstream=$((upstream_after - upstream_before))
repeat_misses=$((hits - cache_hits))
evictions=$(( $(echo "$cache_after" | jq .evictions) - $(echo "$cache_before" | jq .evictions) ))

echo
echo "samples (t in s from the start of the load; heap = live bytes after a full GC), $csv:"
echo "| t s | heap live MB | threads | fds (sockets) | RSS MB (anonymous + file-backed) | load1 |"
echo "|---|---|---|---|---|---|"
tail -n +2 "$csv" | awk -F, '{printf "| %s | %s | %s | %s (%s) | %s (%s + %s) | %s |\n", $1, $2, $3, $4, $7, $5, $8, $9, $6}'
echo
# least-squares slope per minute and the medians of the first and last third, over the samples after the warm-up
fit() {  # COLUMN: prints "slope first_median last_median"
  tail -n +2 "$csv" | awk -F, -v w="$warmup" -v c="$1" 'BEGIN {n = 0} $1 ~ /^[0-9]+$/ && $1 >= w {x[n] = $1 / 60; y[n] = $c; n++}
    END {
      for (i = 0; i < n; i++) {sx += x[i]; sy += y[i]}
      mx = sx / n; my = sy / n
      for (i = 0; i < n; i++) {sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ^ 2}
      k = int(n / 3)
      printf "%.3f %s %s\n", sxy / sxx, med(y, 0, k), med(y, n - k, n)
    }
    function med(a, from, to,   b, m, i, j, t) {
      m = 0; for (i = from; i < to; i++) b[m++] = a[i]
      for (i = 0; i < m; i++) for (j = i + 1; j < m; j++) if (b[j] < b[i]) {t = b[i]; b[i] = b[j]; b[j] = t}
      return (m % 2) ? b[(m - 1) / 2] : (b[m / 2 - 1] + b[m / 2]) / 2
    }'
}
read -r heap_slope heap_first heap_last <<< "$(fit 2)"
read -r thread_slope thread_first thread_last <<< "$(fit 3)"
read -r fd_slope fd_first fd_last <<< "$(fit 4)"
read -r rss_slope rss_first rss_last <<< "$(fit 5)"
read -r anon_slope anon_first anon_last <<< "$(fit 8)"
read -r file_slope file_first file_last <<< "$(fit 9)"
n_fit=$(tail -n +2 "$csv" | awk -F, -v w="$warmup" '$1 ~ /^[0-9]+$/ && $1 >= w' | wc -l)
lt() { awk "BEGIN {exit !($1 < $2)}"; }
le() { awk "BEGIN {exit !($1 <= $2)}"; }
echo "after the ${warmup} s warm-up ($n_fit samples): slope per minute and medians of the first → last third"
echo "  heap live  $heap_slope MB/min   $heap_first → $heap_last MB"
echo "  threads    $thread_slope /min   $thread_first → $thread_last"
echo "  fds        $fd_slope /min   $fd_first → $fd_last"
echo "  RSS        $rss_slope MB/min   $rss_first → $rss_last MB (not judged), of it:"
echo "    anonymous    $anon_slope MB/min   $anon_first → $anon_last MB"
echo "    file-backed  $file_slope MB/min   $file_first → $file_last MB (memory-mapped files, e.g. the SQLite store)"
echo "sent: misses $misses, hits $hits, streams $streams = $sent in $(awk "BEGIN {printf \"%.0f\", $(since)}") s," \
  "+ $prefill pre-fill; API calls $api_calls ($api_failures failed); load average now $(cut -d' ' -f1-3 /proc/loadavg)"
echo "latency (HttpLoad, from when each request was due):"
for load in miss hit stream; do echo "  $load: $(cat "$work/$load.out")"; done
echo "cache during the soak: $cache_hits hits, $cache_misses misses, $evictions evictions for lack of room," \
  "$(echo "$cache_after" | jq .total_entries) entries at the end; upstream calls during the soak: $upstream"
echo "native memory from the first sample after the warm-up to the end of the load (NMT; $work/nmt-diff.txt):"
grep -E '^Total|^-  *(Java Heap|Class|Thread|Code|GC|Internal|Other|Arena Chunk|Symbol|Metaspace)' "$work/nmt-diff.txt" \
  | sed -E 's/^-? */  /; s/\(reserved=[^,]*, //' || true
echo
check "heap slope $heap_slope MB/min < 1" lt "$heap_slope" 1
check "heap last third $heap_last MB ≤ 1.10 × first third $heap_first MB" le "$heap_last" "$(awk "BEGIN {print 1.10 * $heap_first}")"
check "threads slope $thread_slope /min < 0.5, last − first third $thread_last − $thread_first ≤ 4" \
  eval 'lt "${thread_slope#-}" 0.5 && le "$(awk "BEGIN {print $thread_last - $thread_first}")" 4'
check "fds slope $fd_slope /min < 0.5, last − first third $fd_last − $fd_first ≤ 4" \
  eval 'lt "${fd_slope#-}" 0.5 && le "$(awk "BEGIN {print $fd_last - $fd_first}")" 4'
check "zero errors: loads $errors, API $api_failures of $api_calls, pre-fill $prefill_errors, load processes exited 0" \
  eval '[ "$errors" = 0 ] && [ "$api_failures" = 0 ] && [ "$prefill_errors" = 0 ] && [ "$load_failed" = 0 ]'
check "steady rate: each load sent ≥ 98 % of rate × $seconds s" \
  eval 'le "$(awk "BEGIN {print 0.98 * $miss_rate * $seconds}")" "$misses" &&
        le "$(awk "BEGIN {print 0.98 * $hit_rate * $seconds}")" "$hits" &&
        le "$(awk "BEGIN {print 0.98 * $stream_rate * $seconds}")" "$streams"'
check "rows stored == requests sent: stats $stored, logs $logs_total, sent $((sent + prefill)) (with pre-fill)" \
  eval '[ "$stored" = $((sent + prefill)) ] && [ "$logs_total" = $((sent + prefill)) ]'
check "upstream calls $upstream == misses $misses + streams $streams + repeating bodies not answered from cache $repeat_misses" \
  eval '[ "$upstream" = $((misses + streams + repeat_misses)) ] && [ "$cache_misses" = "$upstream" ]'
# The default memory cache (1,000 entries on heap, 64 MB off heap) fills with the misses' and streams' answers
# and then evicts; a repeating body whose entry was evicted is a miss again. Allowed only after evictions,
# and at most 1 % of the repeating requests.
check "hits never reach the upstream: $cache_hits of $hits repeating requests answered from the cache;\
 $repeat_misses not, after $evictions evictions (allowed: 0, or ≤ 1 % after evictions)" \
  eval '[ "$repeat_misses" = 0 ] || { [ "$evictions" -gt 0 ] && le "$repeat_misses" "$(awk "BEGIN {print 0.01 * $hits}")"; }'

if ! lt "$heap_slope" 1 || ! le "$heap_last" "$(awk "BEGIN {print 1.10 * $heap_first}")"; then
  first=$(tail -n +2 "$csv" | awk -F, -v w="$warmup" '$1 ~ /^[0-9]+$/ && $1 >= w {print $1; exit}')
  last=$(tail -n +2 "$csv" | awk -F, '$1 ~ /^[0-9]+$/ {t = $1} END {print t}')
  echo
  echo "classes whose live bytes grew most from t=$first s to t=$last s (histograms in $histograms):"
  awk 'FNR == NR && $1 ~ /:$/ {before[$4] = $3; next} $1 ~ /:$/ {d = $3 - before[$4]; if (d > 0) print d, $2, $4}' \
    "$histograms/$first.txt" "$histograms/$last.txt" | sort -rn | head -15 |
    awk '{printf "  %+10.1f KB  %9d instances now  %s\n", $1 / 1024, $2, $3}'
fi
echo
[ "$failures" = 0 ] && echo "soak PASS" || echo "soak FAIL ($failures checks)"
[ "$failures" = 0 ]
