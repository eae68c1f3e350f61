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
key=lk-bench-admin-key-0123456789abcdef

mvn -B -q -o -DskipTests package
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
tomcat_version=$(grep -oP '<tomcat10.version>\K[^<]+' pom.xml)
mvn -B -q -o dependency:copy -Dartifact=org.apache.tomcat:tomcat:"$tomcat_version":zip -DoutputDirectory="$work"
rm -rf "$work/apache-tomcat-$tomcat_version" "$work/data"
mkdir -p "$work/data"
unzip -q -o "$work/tomcat-$tomcat_version.zip" -d "$work"
tomcat=$work/apache-tomcat-$tomcat_version
chmod +x "$tomcat"/bin/*.sh
rm -rf "$tomcat/webapps/"*
# Loopback only, no shutdown port, no access log (it would be measured too).
sed -i -e 's/<Server port="8005"/<Server port="-1"/' \
  -e "s/<Connector port=\"8080\"/<Connector address=\"127.0.0.1\" port=\"$port\" maxKeepAliveRequests=\"-1\"/" \
  -e '/AccessLogValve/,/\/>/d' "$tomcat/conf/server.xml"
mkdir -p "$tomcat/conf/Catalina/localhost"
variants=(off on bodies)
for variant in "${variants[@]}"; do
  case $variant in
    off) analytics="{ enabled: false }"; privacy="{}" ;;
    on) analytics="{ enabled: true }"; privacy="{}" ;;
    bodies) analytics="{ enabled: true }"; privacy="{ log_request_bodies: true, log_response_bodies: true }" ;;
  esac
  cat > "$work/$variant.yaml" <<EOF
providers: [ { id: demo, type: demo } ]
storage: { url: 'jdbc:sqlite:$work/data/$variant.db' }
auth: { bootstrap_admin_key: $key }
analytics: $analytics
privacy: $privacy
EOF
  cat > "$tomcat/conf/Catalina/localhost/$variant.xml" <<EOF
<Context docBase="$PWD/target/loom.war">
  <Environment name="loom/config" type="java.lang.String" value="$work/$variant.yaml" override="false"/>
</Context>
EOF
done
cat > "$work/body.json" <<'EOF'
{"model":"demo-chat","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Write to jane.doe@example.com about invoice 4711 and call +1 415 555 0100 tomorrow."}],"temperature":0.2}
EOF

export CATALINA_PID=$work/tomcat.pid
CATALINA_OPTS="-Xms1g -Xmx1g -Dloom.home=$work/data" "$tomcat/bin/catalina.sh" start >/dev/null
trap 'kill "$(cat "$CATALINA_PID")" 2>/dev/null || true' EXIT
for variant in "${variants[@]}"; do
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/$variant/api/v1/health" >/dev/null && break
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:$port/$variant/api/v1/health" >/dev/null
done

load() {  # variant seconds connections rate
  java -cp "target/test-classes:$(cat target/bench-classpath.txt)" loom.bench.HttpLoad \
    "http://127.0.0.1:$port/$1/v1/chat/completions" "$2" "$3" "$4" "$work/body.json" "Authorization: Bearer $key"
}
drained() {  # waits (bounded) until no variant's writer has rows left to write, so runs do not overlap
  for _ in $(seq 1 120); do
    local busy=0
    for v in "${variants[@]}"; do
      depth=$(curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$port/$v/metrics" \
        | sed -n 's/^loom_log_writer_queue_depth \([0-9.]*\).*/\1/p')
      [ "${depth:-0}" = "0.0" ] || busy=1
    done
    [ $busy = 0 ] && return
    sleep 0.5
  done
}
field() { sed -E "s/.*$1=([0-9.]+).*/\1/"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "warming up (20 s per variant)..."
for variant in "${variants[@]}"; do load "$variant" 20 8 0 >/dev/null; done

declare -A results
for round in $(seq 1 "$rounds"); do
  for variant in "${variants[@]}"; do
    drained
    fixed=$(load "$variant" "$seconds" 4 "$rate")
    drained
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
  drained
  load "$variant" 65 4 "$rate" >/dev/null
  echo "$variant: time on the request thread to record, at $rate req/s (the gateway's own measurement):"
  curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$port/$variant/metrics" | grep '^loom_analytics_record_seconds'
done
