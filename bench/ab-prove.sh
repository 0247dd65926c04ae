#!/usr/bin/env bash
# Two builds of the prover side by side, alternated in one script so both see the same machine: `bench prove`
# (warm medians in one JVM per build and round) of each. A build is a tree (its ./zkml4j runs it) or a directory of
# jars (a copy of some commit's cli/target/lib, run with the newest JDK here).
# Usage: bench/ab-prove.sh BEFORE AFTER [MODELS] [RUNS] [ROUNDS]   (AB_BENCH_ARGS: more `bench prove` options, e.g. --zk)
set -euo pipefail
before="$1"; after="$2"; models="${3:-dense_4m,digits_transformer,digits_lenet,digits_mlp}"; runs="${4:-5}"; rounds="${5:-2}"
java_bin="$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)/bin/java"; [ -x "$java_bin" ] || java_bin=java
run() {
  if [ -x "$1/zkml4j" ]; then (cd "$1" && ./zkml4j bench prove --models "$models" --runs "$runs" ${AB_BENCH_ARGS:-})
  else "$java_bin" -Xmx12g -XX:+UseParallelGC -cp "$1/*" io.zkml4j.cli.Main bench prove --models "$models" --runs "$runs" ${AB_BENCH_ARGS:-}; fi
}
"$java_bin" -version 2>&1 | head -1
for round in $(seq "$rounds"); do
  for build in "$before" "$after"; do
    echo "== $build (round $round)"
    run "$build" 2>&1 | grep -E "^(model|dense|digits|gpt|torch|error)" || true
  done
done
