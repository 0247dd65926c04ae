#!/usr/bin/env bash
# Proof size, prove and verify (warm medians, `bench prove`) of the tree before claim batching against this tree,
# alternated in one script so both see the same machine. Usage: bench/claim-batch.sh BEFORE_TREE [MODELS]
set -euo pipefail
before="$1"; models="${2:-dense_4m,digits_lenet,$(cd "$(dirname "$0")/.." && pwd)/../shared/models/digits_transformer}"
here="$(cd "$(dirname "$0")/.." && pwd)"
java -version 2>&1 | head -1
for round in 1 2; do
  for tree in "$before" "$here"; do
    echo "== $tree (round $round)"
    (cd "$tree" && ./zkml4j bench prove --models "$models" --runs 3 2>&1 | grep -E "^(model|dense|digits|error)" || true)
  done
done
