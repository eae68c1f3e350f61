#!/usr/bin/env bash
# What the semantic cache adds to a request that misses (issue 19's budget: at most 5 ms at the median with 100,000
# questions in the partition, embedding included), beside the exact key alone; and the memory the index takes
# (loom.cache.SemanticLookupBench). Results: docs/PERFORMANCE.md.
#   bench/semantic-lookup.sh [entries] [queries]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_classpath
exec java -Xmx4g -cp "$classpath" loom.cache.SemanticLookupBench "$@"
