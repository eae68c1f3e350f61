#!/usr/bin/env bash
# What one hop through the gateway costs on the Responses API (/v1/responses) and Anthropic's Messages API
# (/v1/messages), next to what it costs a chat completion, each against the same upstream called directly, in
# the same run with the same load generator (loom.bench.HttpLoad, Java, keep-alive connections on the same cores).
# The upstream is Debian's nginx answering each API with a fixed JSON answer or a fixed event stream in the
# provider's own shape (bench_nginx); the gateway is the built WAR in a real Tomcat 10.1 (1 GB heap) with its
# defaults on (key checked, request logged and priced, response cache looked up and stored where the API allows),
# an `openai` provider for chat and responses and an `anthropic` provider (models: [claude-haiku-4-5]) for messages.
# Each round measures every target in turn (so drift hits all of them alike), medians over the rounds:
#   1. each API not streamed, a miss (a new body every request) at a fixed rate: p50 / p99, direct vs gateway;
#   2. each API streamed at the fixed rate: time to the first complete event (its blank line read), direct vs
#      gateway;
#   3. responses and messages streamed from loom.bench.SlowSseUpstream, which waits $GAP_MS between every two events
#      and stamps each with when it wrote it: how long each event took to reach the client (loom.bench.SseEventTimes,
#      streams one at a time), direct vs gateway; the gateway's lag of an event is its delivery less the median
#      direct delivery of the same event of the sequence, so an event held back (batched) lags by the gap.
#   bench/api-overhead.sh [rounds] [seconds] [rate]       (defaults: 5 10 500)
# Environment: WARMUP (seconds of warm-up load per gateway target, default 30; direct targets and streams a quarter
# of it), LAG_STREAMS (slow streams per target and round, default 20), GAP_MS (default 20), DELTAS (text deltas per
# slow stream, default 10), PORT, UPSTREAM_PORT, NGINX_PORT (default 18390-18392).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}; seconds=${2:-10}; rate=${3:-500}
warmup=${WARMUP:-30}; lag_streams=${LAG_STREAMS:-20}; gap_ms=${GAP_MS:-20}; deltas=${DELTAS:-10}
port=${PORT:-18390}; upstream_port=${UPSTREAM_PORT:-18391}; nginx_port=${NGINX_PORT:-18392}
work=$PWD/target/bench/api-overhead
source bench/lib.sh

bench_build
bench_tomcat
bench_nginx
rm -f "$work/slow.port"
# TCP_NODELAY, as nginx and real providers set it: without it the JDK's server held the first event (written right
# after the headers) until the gateway's delayed ACK on its kept-alive connection, 40 ms later; a direct client on a
# new connection (quick ACKs) never saw that, so it looked like the gateway batching the first two events.
java -Dsun.net.httpserver.maxIdleConnections=1000 -Dsun.net.httpserver.nodelay=true -cp "$classpath" \
  loom.bench.SlowSseUpstream "$work/slow.port" "$deltas" "$gap_ms" >"$work/slow.log" 2>&1 &
bench_pids+=($!)
for _ in $(seq 1 100); do [ -s "$work/slow.port" ] && break; sleep 0.2; done
slow_port=$(cat "$work/slow.port")

up=http://127.0.0.1:$upstream_port
bench_providers="providers:
  - { id: openai, type: openai, base_url: '$up/v1', api_key: sk-bench }
  - { id: anthropic, type: anthropic, base_url: '$up', api_key: sk-ant-bench, models: [claude-haiku-4-5] }
  - { id: openai-sse, type: openai, base_url: '$up/sse/v1', api_key: sk-bench }
  - { id: anthropic-sse, type: anthropic, base_url: '$up/sse', api_key: sk-ant-bench }
  - { id: openai-slow, type: openai, base_url: 'http://127.0.0.1:$slow_port/v1', api_key: sk-bench }
  - { id: anthropic-slow, type: anthropic, base_url: 'http://127.0.0.1:$slow_port', api_key: sk-ant-bench }"
bench_context gateway "cache: { backend: memory }"
ask='Summarise the release notes of version {seq} in three bullet points.'
chat='{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"'$ask'"}],"temperature":0%s}'
responses='{"model":"gpt-4o-mini","instructions":"You are a helpful assistant.","input":[{"role":"user","content":"'$ask'"}],"temperature":0%s}'
messages='{"model":"claude-haiku-4-5","max_tokens":1024,"system":"You are a helpful assistant.","messages":[{"role":"user","content":"'$ask'"}],"temperature":0%s}'
for api in chat responses messages; do
  printf "${!api}" "" > "$work/$api.json"
  printf "${!api}" ',"stream":true' > "$work/$api-stream.json"
done
bench_start

# TARGET: the URL and headers of each target; every API has API-direct and API-gateway, streamed API-stream-*
# (nginx's /sse/v1) and API-slow-* (SlowSseUpstream)
declare -A url=(
  [chat-direct]="$up/v1/chat/completions" [responses-direct]="$up/v1/responses" [messages-direct]="$up/v1/messages"
  [chat-stream-direct]="$up/sse/v1/chat/completions" [responses-stream-direct]="$up/sse/v1/responses"
  [messages-stream-direct]="$up/sse/v1/messages"
  [responses-slow-direct]="http://127.0.0.1:$slow_port/v1/responses"
  [messages-slow-direct]="http://127.0.0.1:$slow_port/v1/messages"
)
declare -A provider=([chat-stream]=openai-sse [responses-stream]=openai-sse [messages-stream]=anthropic-sse
  [responses-slow]=openai-slow [messages-slow]=anthropic-slow)
for api in chat responses messages; do
  for kind in "" -stream -slow; do
    [ "$api$kind" = chat-slow ] && continue
    path=${url[$api$kind-direct]#*/v1/}
    url[$api$kind-gateway]="http://127.0.0.1:$port/gateway/v1/$path"
  done
done
headers() {  # TARGET: one header a line, as the API's clients send them (the provider's key directly, a Loom key to the gateway)
  local target=$1 base=${1%-direct}
  base=${base%-gateway}
  case $target in
    messages*-direct) printf '%s\n' "x-api-key: sk-ant-bench" "anthropic-version: 2023-06-01" ;;
    messages*-gateway) printf '%s\n' "x-api-key: $key" "anthropic-version: 2023-06-01" ;;
    *-direct) printf '%s\n' "Authorization: Bearer sk-bench" ;;
    *) printf '%s\n' "Authorization: Bearer $key" ;;
  esac
  [ "${target%-gateway}" = "$target" ] || [ -z "${provider[$base]:-}" ] || printf '%s\n' "X-Loom-Provider: ${provider[$base]}"
}
body() { local base=${1%-direct}; base=${base%-gateway}; base=${base/-slow/-stream}; echo "$work/$base.json"; }
load() {  # TARGET SECONDS CONNECTIONS RATE
  local list
  mapfile -t list < <(headers "$1")
  java -cp "$classpath" loom.bench.HttpLoad "${url[$1]}" "$2" "$3" "$4" "$(body "$1")" "${list[@]}"
}
events() {  # TARGET STREAMS [java options...]: SseEventTimes on a slow target
  local target=$1 streams=$2 list
  shift 2
  mapfile -t list < <(headers "$target")
  java "$@" -cp "$classpath" loom.bench.SseEventTimes "${url[$target]}" "$streams" "$(body "$target")" "${list[@]}"
}
timed() {  # TARGET STREAMS [java options...]: events, stopping the script when a stream failed
  local line
  line=$(events "$@") || { echo "failed: SseEventTimes ${url[$1]} -> $line" >&2; exit 1; }
  printf '%s\n' "$line"
}
checked() {  # a run with an error is not a measurement
  local line
  line=$("$@")
  [ "$(printf '%s' "$line" | field errors)" = 0 ] || { echo "errors in: $* -> $line" >&2; exit 1; }
  printf '%s\n' "$line"
}

# Each gateway target once: it must answer 200 from the provider meant, and its request log shows what the gateway
# read from the answer (tokens, cost, cache).
echo "one request to each gateway target:"
for target in chat-gateway responses-gateway messages-gateway chat-stream-gateway responses-stream-gateway \
    messages-stream-gateway responses-slow-gateway messages-slow-gateway; do
  mapfile -t list < <(headers "$target")
  args=()
  for header in "${list[@]}"; do args+=(-H "$header"); done
  answer=$(curl -s -D "$work/answer.headers" -H 'Content-Type: application/json' "${args[@]}" \
    --data-binary "@$(body "$target")" "${url[$target]}" | tr -d '\r')
  status=$(head -1 "$work/answer.headers" | cut -d' ' -f2)
  answered_by=$(sed -n 's/^X-Loom-Provider: //Ip' "$work/answer.headers" | tr -d '\r')
  request_id=$(sed -n 's/^X-Loom-Request-Id: //Ip' "$work/answer.headers" | tr -d '\r')
  if [ "$status" != 200 ]; then
    echo "  $target: POST ${url[$target]} ($(body "$target")) answered $status:"
    cat "$work/answer.headers"; printf '%s\n' "$answer" | head -c 2000; echo
    exit 1
  fi
  sleep 0.3; bench_drained; sleep 0.3  # the writer stores a batch every 100 ms
  logged=$(bench_api gateway "/analytics/logs/$request_id" \
    | grep -oE '"(path|prompt_tokens|completion_tokens|cached_tokens|cost_usd|cache_status|stream)":[^,}]*' \
    | tr '\n' ' ') || logged="(no log row $request_id)"
  echo "  $target: 200 from $answered_by; logged: $logged"
done

echo "warming up ($warmup s per gateway target, $((warmup / 4)) s per direct target and stream)..."
for api in chat responses messages; do load "$api-direct" $((warmup / 4 + 1)) 8 0 >/dev/null; done
for api in chat responses messages; do load "$api-gateway" "$warmup" 8 0 >/dev/null; done
for api in chat responses messages; do
  for side in direct gateway; do load "$api-stream-$side" $((warmup / 4 + 1)) 8 0 >/dev/null; done
done
for api in responses messages; do
  for side in direct gateway; do timed "$api-slow-$side" $((lag_streams / 4 + 1)) >/dev/null; done
done

declare -A fixed stream lag
for round in $(seq 1 "$rounds"); do
  for api in chat responses messages; do
    for side in direct gateway; do
      bench_drained
      fixed[$api-$side]+="$(checked load "$api-$side" "$seconds" 4 "$rate")"$'\n'
    done
  done
  for api in chat responses messages; do
    for side in direct gateway; do
      bench_drained
      stream[$api-$side]+="$(checked load "$api-stream-$side" "$seconds" 4 "$rate")"$'\n'
    done
  done
  for api in responses messages; do
    bench_drained
    lag[$api-direct]+="$(timed "$api-slow-direct" "$lag_streams" -Dloom.bench.events="$work/$api-slow.events")"$'\n'
    bench_drained
    lag[$api-gateway]+="$(timed "$api-slow-gateway" "$lag_streams" -Dloom.bench.baseline="$work/$api-slow.events")"$'\n'
  done
  echo "round $round done ($(cut -d' ' -f1 /proc/loadavg) load)"
done

row() { printf '%s' "$1" | field "$2" | median; }
largest() { printf '%s' "$1" | field "$2" | sort -g | tail -1; }
minus() { awk "BEGIN {printf \"%+.3f\", $1 - $2}"; }
verdict() { awk "BEGIN {print ($1 <= $2) ? \"yes\" : \"no\"}"; }
echo
echo "Medians of $rounds rounds of $seconds s; each API not streamed, a miss at $rate req/s (4 connections):"
echo
echo "| API | direct p50 ms | gateway p50 ms | added p50 ms | added p50 vs chat's | within 0.1 ms of chat | direct p99 ms | gateway p99 ms | added p99 ms |"
echo "|---|---|---|---|---|---|---|---|---|"
for api in chat responses messages; do
  d50=$(row "${fixed[$api-direct]}" p50_ms); g50=$(row "${fixed[$api-gateway]}" p50_ms)
  d99=$(row "${fixed[$api-direct]}" p99_ms); g99=$(row "${fixed[$api-gateway]}" p99_ms)
  added=$(minus "$g50" "$d50")
  [ $api = chat ] && chat_added=$added
  if [ $api = chat ]; then vs="—"; within="—"; else vs=$(minus "$added" "$chat_added"); within=$(verdict "$vs" 0.1); fi
  echo "| $api | $d50 | $g50 | $added | $vs | $within | $d99 | $g99 | $(minus "$g99" "$d99") |"
done
echo
echo "Each API streamed at $rate req/s (4 connections): time to the first complete event, and to the end of the stream:"
echo
echo "| API | direct first event p50 ms | gateway first event p50 ms | added p50 ms | ≤ 1 ms | direct p99 ms | gateway p99 ms | whole stream p50 direct / gateway ms |"
echo "|---|---|---|---|---|---|---|---|"
for api in chat responses messages; do
  d50=$(row "${stream[$api-direct]}" ttfe_median_ms); g50=$(row "${stream[$api-gateway]}" ttfe_median_ms)
  added=$(minus "$g50" "$d50")
  echo "| $api | $d50 | $g50 | $added | $(verdict "$added" 1) | $(row "${stream[$api-direct]}" ttfe_99th_ms) |" \
    "$(row "${stream[$api-gateway]}" ttfe_99th_ms) | $(row "${stream[$api-direct]}" p50_ms) / $(row "${stream[$api-gateway]}" p50_ms) |"
done
echo
events_per_stream() { printf '%s' "$1" | field events_per_stream | head -1; }
total() { printf '%s' "$1" | field "$2" | paste -sd+ | bc; }
at_largest() {  # LINES FIELD PLACE-FIELD: the place named beside the largest value of FIELD over the rounds
  printf '%s' "$1" | awk -v f="$2" -v p="$3" '{for (i = 1; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]}
    if (NR == 1 || v[f] + 0 > max) {max = v[f] + 0; at = v[p]}} END {print at}'
}
echo "Streams with $gap_ms ms between events (loom.bench.SlowSseUpstream, $deltas deltas; $lag_streams streams per round, one at a time):"
echo "delivery = when the client had read the event's blank line less when the upstream wrote it; lag = the gateway's"
echo "delivery less the median direct delivery of the same event of the sequence (medians of the rounds; max of all);"
echo "worst place = the place in the sequence with the largest median lag (an event held back every time, not a pause):"
echo
echo "| API | events per stream | direct delivery p50 / max ms | gateway delivery p50 / max ms | lag p50 ms | ≤ 1 ms | lag max ms (event) | worst place: median lag ms (event) | lags > 1 ms / > 10 ms, of events |"
echo "|---|---|---|---|---|---|---|---|---|"
for api in responses messages; do
  lines=${lag[$api-gateway]}
  lag50=$(row "$lines" lag_p50_ms)
  echo "| $api | $(events_per_stream "$lines") |" \
    "$(row "${lag[$api-direct]}" delivery_p50_ms) / $(largest "${lag[$api-direct]}" delivery_max_ms) |" \
    "$(row "$lines" delivery_p50_ms) / $(largest "$lines" delivery_max_ms) | $lag50 | $(verdict "$lag50" 1) |" \
    "$(largest "$lines" lag_max_ms) ($(at_largest "$lines" lag_max_ms lag_max_at)) |" \
    "$(largest "$lines" worst_place_lag_p50_ms) ($(at_largest "$lines" worst_place_lag_p50_ms worst_place)) |" \
    "$(total "$lines" lags_over_1ms) / $(total "$lines" lags_over_10ms), of $(total "$lines" events) |"
done
