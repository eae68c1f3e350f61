#!/usr/bin/env bash
# Sustained throughput of the analytics writer (AnalyticsWriter → JDBI batches + rollup upserts) into SQLite
# (a temp file, WAL) and an embedded PostgreSQL. Budget (DESIGN.md §10): ≥ 20,000 rows/s into SQLite.
#   bench/writer-throughput.sh [sqlite|postgresql|both] [rows]     (defaults: both 200000)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -Xmx512m -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  loom.analytics.AnalyticsWriterBench "${1:-both}" "${2:-200000}"
