#!/usr/bin/env bash
# Two builds' cold zero-knowledge prove and verify of digits_mlp (the commands of bench/cli-cold.sh zk for that model
# alone), alternated in one script: setup's defaults with --proofs B for each B, then BEFORE and AFTER in turn (one
# warm-up each, then RUNS pairs) under /usr/bin/time: whole-process wall and CPU seconds and peak memory, medians, and
# the median of the pairs' CPU ratios. A build is a tree whose ./zkml4j runs it;
# each makes its own keys (a key file of one build need not be readable by the other).
# Usage: bench/zk-cold-ab.sh BEFORE_TREE AFTER_TREE [RUNS] [B...]   (default 5 runs, B = 16 64)
#   ZK_COLD_MODEL=DIR: another model folder (network.onnx, input.json, calibration.json if any), e.g. the 4.3M network
#   of bench/cli-cold.sh: ./zkml4j make-dense 256,1536,1536,1024,10 -o DIR
set -uo pipefail
base="$(cd "$1" && pwd)"; after="$(cd "$2" && pwd)"; runs="${3:-5}"; shift 3 2>/dev/null || shift $#
budgets=("${@:-16 64}"); [ $# -eq 0 ] && budgets=(16 64)
model="${ZK_COLD_MODEL:-$after/../shared/models/digits_mlp}"; name="$(basename "$model")"
for root in "$base" "$after"; do # build and make the class caches outside the timings, as bench/cli-cold.sh does
  "$root/zkml4j" --version >/dev/null
  for _ in $(seq 240); do ls -d "$root"/cli/target/aot-*.lock "$root"/cli/target/cds-*.lock >/dev/null 2>&1 || break; sleep 1; done
done
date -u; uptime; "$after/zkml4j" --version
w="$(mktemp -d /tmp/zkml4j-zk-cold-ab.XXXXXX)"
trap 'rm -rf "$w"' EXIT
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
# one run: "wall cpu peakKiB"
once() { /usr/bin/time -f "%e %U %S %M" -o "$w/t" $1 >/dev/null 2>&1; awk '{printf "%s %.3f %s\n", $1, $2 + $3, $4}' "$w/t"; }
pair() { # name, BEFORE command, AFTER command (words split as by a shell, no quoting)
  local what="$1" ca="$2" cb="$3" i ta tb
  once "$ca" >/dev/null; once "$cb" >/dev/null
  : >"$w/a"; : >"$w/b"; : >"$w/r"
  for i in $(seq "$runs"); do
    ta="$(once "$ca")"; tb="$(once "$cb")"; echo "$ta" >>"$w/a"; echo "$tb" >>"$w/b"
    awk -v x="${ta#* }" -v y="${tb#* }" 'BEGIN {split(x, p, " "); split(y, q, " "); printf "%.4f\n", p[1] / q[1]}' >>"$w/r"
  done
  printf '%-7s before: wall %s s, cpu %s s, peak %s MiB | after: wall %s s, cpu %s s, peak %s MiB | cpu before/after %s\n' "$what" \
    "$(cut -d' ' -f1 "$w/a" | median)" "$(cut -d' ' -f2 "$w/a" | median)" "$(($(cut -d' ' -f3 "$w/a" | median | cut -d. -f1) / 1024))" \
    "$(cut -d' ' -f1 "$w/b" | median)" "$(cut -d' ' -f2 "$w/b" | median)" "$(($(cut -d' ' -f3 "$w/b" | median | cut -d. -f1) / 1024))" "$(median <"$w/r")"
}
for proofs in "${budgets[@]}"; do
  echo "### $name, setup's defaults, --proofs $proofs"
  for b in before after; do
    d="$w/$b$proofs"; root="$base"; [ "$b" = after ] && root="$after"
    mkdir -p "$d"; cp "$model/network.onnx" "$model/input.json" "$d/"
    cal="$d/input.json"; [ -f "$model/calibration.json" ] && cp "$model/calibration.json" "$d/" && cal="$d/calibration.json"
    "$root/zkml4j" compile "$d/network.onnx" --calibration "$cal" -o "$d/model.zkm" >/dev/null
    "$root/zkml4j" setup "$d/model.zkm" -o "$d/keys" --proofs "$proofs" >/dev/null
    "$root/zkml4j" prove --key "$d/keys" --input "$d/input.json" -o "$d/proof.bin" >/dev/null
    echo "$b: proving key $(stat -c %s "$d/keys/proving.key") bytes, proof $(stat -c %s "$d/proof.bin") bytes"
  done
  a="$w/before$proofs"; z="$w/after$proofs"
  pair "prove" "$base/zkml4j prove --key $a/keys --input $a/input.json -o $a/proof.bin" "$after/zkml4j prove --key $z/keys --input $z/input.json -o $z/proof.bin"
  pair "verify" "$base/zkml4j verify --key $a/keys --proof $a/proof.bin" "$after/zkml4j verify --key $z/keys --proof $z/proof.bin"
done
date -u; uptime
