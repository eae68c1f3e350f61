#!/usr/bin/env bash
# Sustained throughput of the analytics writer (AnalyticsWriter → JDBI batches + rollup upserts) into SQLite
# (a temp file, WAL) and an embedded PostgreSQL. Budget (DESIGN.md §10): ≥ 20,000 rows/s into SQLite.
#   bench/writer-throughput.sh [sqlite|postgresql|both] [rows]     (defaults: both 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_classpath
exec java -Xmx512m -cp "$classpath" \
  loom.analytics.AnalyticsWriterBench "${1:-both}" "${2:-200000}"
