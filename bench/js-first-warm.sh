#!/usr/bin/env bash
# Builds of the JavaScript verifier alternated in one script on the same keys and proofs: per round, build and model,
# one fresh node process verifies the proof RUNS times and reports the first verification's CPU ms (V8 compiling the
# file's hot code included: what a page pays once) and the median of the others (warm). A build written FILE#bigint
# runs with the BigInt field functions (zkml4jNoWasm, as a page whose Content-Security-Policy refuses WebAssembly).
# Keys and proofs: KEYDIR/MODEL.vk and KEYDIR/MODEL.proof (JsAgreementTest with -Dzkml4j.jsv.keep=KEYDIR).
# Usage: bench/js-first-warm.sh KEYDIR MODELS RUNS ROUNDS BUILD.js[#bigint]...
set -euo pipefail
[ $# -ge 5 ] || { echo "usage: bench/js-first-warm.sh KEYDIR MODELS RUNS ROUNDS BUILD.js[#bigint]..." >&2; exit 2; }
keys="$(realpath "$1")"; models="$2"; runs="$3"; rounds="$4"; shift 4
results="$(mktemp /tmp/zkml4j-js-fw.XXXXXX.txt)"; trap 'rm -f "$results"' EXIT
echo "node $(node --version), $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
driver='const fs = require("fs"), [js, noWasm, vkf, pff, runs] = process.argv.slice(1);
if (noWasm === "1") globalThis.zkml4jNoWasm = true;
const z = require(js), vk = new Uint8Array(fs.readFileSync(vkf)), pf = new Uint8Array(fs.readFileSync(pff)), cpu = [];
for (let i = 0; i < +runs; i++) {
  const c = process.cpuUsage(), r = z.verify(vk, pf), d = process.cpuUsage(c);
  if (!r.ok) { console.error(r.message); process.exit(1); }
  cpu.push((d.user + d.system) / 1e3);
}
const warm = cpu.slice(1).sort((a, b) => a - b);
console.log(z.fieldArithmetic, cpu[0].toFixed(1), warm.length ? warm[(warm.length - 1) >> 1].toFixed(1) : "-");'
for round in $(seq "$rounds"); do
  for build in "$@"; do
    js="$(realpath "${build%#bigint}")"; nw=0; [ "$build" != "${build%#bigint}" ] && nw=1
    for m in ${models//,/ }; do
      read -r arith first warm < <(node -e "$driver" "$js" "$nw" "$keys/$m.vk" "$keys/$m.proof" "$runs")
      printf 'round %d %-28s %-6s %-16s first %8.1f  warm %8s ms CPU\n' "$round" "$(basename "$build")" "$arith" "$m" "$first" "$warm"
      echo "$build $m $first $warm" >> "$results"
    done
  done
done
echo "medians over $rounds rounds, node CPU ms: first verification in a fresh process / warm (median of the next $((runs - 1)))"
for m in ${models//,/ }; do
  for build in "$@"; do
    f="$(grep " $m " "$results" | grep -F "$build " | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
    w="$(grep " $m " "$results" | grep -F "$build " | awk '{print $4}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
    printf '  %-16s %-28s first %8.1f  warm %8s\n' "$m" "$(basename "$build")" "$f" "$w"
  done
done
