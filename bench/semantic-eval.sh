#!/usr/bin/env bash
# The semantic cache's evaluation (issue 19): the hand-written pairs of src/test/resources/semantic-eval embedded in
# process by all-MiniLM-L6-v2 (quantized ONNX, from Maven Central), cosine similarity with and without the meaning
# guards; recall, precision and false hits per look-alike category across thresholds (loom.cache.semantic.
# SemanticEvalBench). Results: docs/CACHING.md.
#   bench/semantic-eval.sh [threshold|- [pairs]]
# With a threshold, also lists each mistake at it ("-": none). pairs names the set, pairs.jsonl by default (the one
# the meaning guards were tuned on); heldout.jsonl is the held-out set and final.jsonl the final test set, both for
# out-of-sample numbers (never tune on them); a file name is looked up in src/test/resources/semantic-eval (via the
# test classpath), a path containing / is read as is.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_classpath
exec java -Xmx1g -cp "$classpath" loom.cache.semantic.SemanticEvalBench "$@"
