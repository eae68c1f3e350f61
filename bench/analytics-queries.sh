#!/usr/bin/env bash
# Times the analytics read side in process on a seeded store (bench/seed-analytics.sh): CPU and wall time of
# stats, costs, log pages and time series, by provider and by endpoint, median of N runs after two warm-ups.
# Opening the store migrates it first, and the first line says how long that took.
#   bench/analytics-queries.sh <jdbc-url> [runs=9] [user] [password]
#   e.g. bench/analytics-queries.sh jdbc:sqlite:/tmp/loom-1m.db 9
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_classpath
exec java -Xmx1g -cp "$classpath" \
  loom.bench.AnalyticsQueryBench "$@"
