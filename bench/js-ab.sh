#!/usr/bin/env bash
# Two builds of the JavaScript verifier on the same keys and proofs, alternated in one script so both see the same
# machine: per round and build, one node process per model verifying it RUNS times; prints each run's median node CPU
# ms (user + system; wall is printed too but inflated on a loaded host), and at the end the median over rounds.
# Keys and proofs: KEYDIR/MODEL.vk and KEYDIR/MODEL.proof, as JsAgreementTest writes them with -Dzkml4j.jsv.keep=KEYDIR
# (models of ../shared/models and MODEL+zk for the zero-knowledge ones).
# Usage: bench/js-ab.sh BEFORE.js AFTER.js KEYDIR [MODELS=digits_mlp,digits_mlp+zk,digits_lenet,digits_lenet+zk] [RUNS=3] [ROUNDS=3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 3 ] || { echo "usage: bench/js-ab.sh BEFORE.js AFTER.js KEYDIR [MODELS] [RUNS] [ROUNDS]" >&2; exit 2; }
before="$(realpath "$1")"; after="$(realpath "$2")"; keys="$(realpath "$3")"
models="${4:-digits_mlp,digits_mlp+zk,digits_lenet,digits_lenet+zk}"; runs="${5:-3}"; rounds="${6:-3}"
manifest="$(mktemp /tmp/zkml4j-js-ab.XXXXXX.json)"; results="$(mktemp /tmp/zkml4j-js-ab.XXXXXX.txt)"
trap 'rm -f "$manifest" "$results"' EXIT
echo "node $(node --version), $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$rounds"); do
  for build in before after; do
    js="$before"; [ "$build" = after ] && js="$after"
    for m in ${models//,/ }; do
      [ -f "$keys/$m.vk" ] || { echo "js-ab: no $keys/$m.vk" >&2; exit 2; }
      printf '[{"name":"%s","vk":"%s","proof":"%s","repeat":%d,"flips":[]}]' "$m" "$keys/$m.vk" "$keys/$m.proof" "$runs" > "$manifest"
      line="$(node --stack-size=4000 "$root/web/verifier-js/src/test/js/agree.js" "$js" "$manifest")"
      echo "$line" | grep -q '"ok":true' || { echo "js-ab: $build rejects $m: $line" >&2; exit 1; }
      cpu="$(echo "$line" | sed 's/.*"cpuMs":\([0-9.]*\).*/\1/')"; wall="$(echo "$line" | sed 's/.*"ms":\([0-9.]*\).*/\1/')"
      printf 'round %d %-6s %-18s cpu %8.1f ms  wall %8.1f ms\n' "$round" "$build" "$m" "$cpu" "$wall"
      echo "$build $m $cpu" >> "$results"
    done
  done
done
echo "median node CPU ms over $rounds rounds (each the median of $runs verifications in one process):"
for m in ${models//,/ }; do
  med() { grep " $m " "$results" | grep "^$1 " | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  b="$(med before)"; a="$(med after)"
  printf '  %-18s before %8.1f  after %8.1f  (%.2fx)\n' "$m" "$b" "$a" "$(echo "$b / $a" | bc -l)"
done
