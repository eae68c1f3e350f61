#!/usr/bin/env bash
# Fills a store with N realistic request logs (40 users, 4 providers, 7 models, errors, cache hits, streams,
# a daily rhythm over D days; 50 teams, 2,000 keys, 200 tags, 20,000 agent sessions, 500 end users) through the
# gateway's own writer, so the rollups and the tag rows are filled too.
#   bench/seed-analytics.sh <jdbc-url> [rows] [days] [user] [password]
#   e.g. bench/seed-analytics.sh jdbc:sqlite:/tmp/loom-1m.db 1000000 30
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_classpath
exec java -Xmx1g -cp "$classpath" \
  loom.bench.AnalyticsSeeder "$@"
