#!/usr/bin/env bash
# The JVM's field arithmetic, two builds alternated in one script (FieldJmh: base mul and add, extension mul; one fork
# each, short iterations: for an A/B on a shared host, not absolute figures). A build is a directory of jars (a copy of
# some commit's cli/target/lib), run with the newest JDK here.
# Usage: bench/jvm-field-ab.sh BEFORE_LIB AFTER_LIB [ROUNDS=3]
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: bench/jvm-field-ab.sh BEFORE_LIB AFTER_LIB [ROUNDS]" >&2; exit 2; }
java_bin="$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)/bin/java"; [ -x "$java_bin" ] || java_bin=java
"$java_bin" -version 2>&1 | head -1; date -u '+%Y-%m-%d %H:%M UTC'
for round in $(seq "${3:-3}"); do
  for build in "$1" "$2"; do
    echo "== $build (round $round)"
    "$java_bin" -cp "$build/*" io.zkml4j.cli.Main bench jmh -- 'FieldJmh\.(baseMul|baseAdd|extMul)$' -f 1 -wi 2 -w 1 -i 5 -r 1 2>&1 \
      | grep -E "^FieldJmh" || true
  done
done
