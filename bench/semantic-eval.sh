#!/usr/bin/env bash
# The semantic cache's evaluation (issue 19): the hand-written pairs of src/test/resources/semantic-eval embedded in
# process by all-MiniLM-L6-v2 (quantized ONNX, from Maven Central), cosine similarity with and without the meaning
# guards; recall, precision and false hits per look-alike category across thresholds (loom.cache.semantic.
# SemanticEvalBench). Results: docs/CACHING.md.
#   bench/semantic-eval.sh [threshold]     (with a threshold, also lists each mistake at it)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_classpath
exec java -Xmx1g -cp "$classpath" loom.cache.semantic.SemanticEvalBench "$@"
