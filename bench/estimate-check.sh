#!/usr/bin/env bash
# How far `./zkml4j estimate` lands from what setup and prove then measure (one process per command, wall seconds
# with JVM start, /usr/bin/time; peak resident memory), on every shared model and on generated 4.3M and 17.3M dense
# networks. Prints one table with the ratios measured / predicted; the estimate aims at a factor of 2.
# Usage: bench/estimate-check.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
z="$root/zkml4j"
work="$(mktemp -d /tmp/zkml4j-estimate.XXXXXX)"
trap 'rm -rf "$work"' EXIT
"$z" --version >/dev/null
"$z" make-dense 256,1536,1536,1024,10 -o "$work/dense_4.3m" >/dev/null
"$z" make-dense 512,3072,3072,2048,10 -o "$work/dense_17.3m" >/dev/null
dirs=()
for d in "$root"/../shared/models/*/; do [ -f "$d/network.onnx" ] && dirs+=("${d%/}"); done
dirs+=("$work/dense_4.3m" "$work/dense_17.3m")
field() { sed -n "s/.*\"$1\":\([0-9.eE+-]*\).*/\1/p" "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
printf '# bench/estimate-check.sh, %s, %s: measured / predicted (the estimate aims at 0.5 .. 2)\n' "$(date -u +%F)" "$("$z" --version)"
printf '| model | setup s (pred) | ratio | prove s (pred) | ratio | proof B (pred) | ratio | prove peak MiB (pred heap) | ratio |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
for d in "${dirs[@]}"; do
  m="$(basename "$d")"
  cal="$d/input.json"
  [ -f "$d/calibration.json" ] && cal="$d/calibration.json"
  if ! "$z" compile "$d/network.onnx" --calibration "$cal" -o "$work/$m.zkm" >/dev/null 2>&1; then printf '| %s | not compiled | | | | | | | |\n' "$m"; continue; fi
  if ! "$z" estimate "$work/$m.zkm" --json "$work/$m.est.json" >/dev/null 2>&1; then printf '| %s | not provable | | | | | | | |\n' "$m"; continue; fi
  /usr/bin/time -f "%e %M" -o "$work/t" "$z" setup "$work/$m.zkm" -o "$work/$m.keys" >/dev/null 2>&1
  read -r setup_s _ < "$work/t"
  /usr/bin/time -f "%e %M" -o "$work/t" "$z" prove --key "$work/$m.keys" --input "$d/input.json" -o "$work/$m.proof" >/dev/null 2>&1
  read -r prove_s prove_kb < "$work/t"
  e="$work/$m.est.json"
  ps="$(field setup_s "$e")" pp="$(field prove_cold_s "$e")" pb="$(field proof_bytes "$e")" ph="$(field prove_heap_bytes "$e")"
  proof_b="$(stat -c %s "$work/$m.proof")"
  printf '| %s | %s (%.2f) | %s | %s (%.2f) | %s | %s (%s) | %s | %d (%d) | %s |\n' "$m" "$setup_s" "$ps" "$(ratio "$setup_s" "$ps")" \
    "$prove_s" "$pp" "$(ratio "$prove_s" "$pp")" "$proof_b" "$pb" "$(ratio "$proof_b" "$pb")" \
    "$((prove_kb / 1024))" "$(awk -v h="$ph" 'BEGIN {printf "%d", h / 1048576}')" "$(ratio "$((prove_kb * 1024))" "$ph")"
done
