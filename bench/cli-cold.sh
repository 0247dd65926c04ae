#!/usr/bin/env bash
# The command line as users run it: one process per command, JVM start included, on dense networks generated here
# (not bundled) and on digits_mlp from ../shared. Prints one table of median wall seconds (farm-bench, RUNS runs
# after one warm-up that also builds the launcher's class-data archive) against the targets of the issue
# "The command line as users run it", and the peak memory of each command.
#
# Usage: bench/cli-cold.sh [RUNS] [validity|zk]     (default 5 validity; the 17.3M network takes a few minutes in all)
#   validity: keys with input and parameters public (setup --input-visibility public --param-visibility public), the
#             proofs the issue's targets were set for; zk: setup's defaults (private input and parameters), whose
#             proofs are zero-knowledge (a key for 16 proofs, setup's default, or RUNS + 2 when more: farm-bench runs
#             prove RUNS + 1 times)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
mode="${2:-validity}"
case "$mode" in
  validity) setup_args=(--input-visibility public --param-visibility public) ;;
  zk) setup_args=(--proofs "$(( runs + 2 > 16 ? runs + 2 : 16 ))") ;; # setup's default budget, or enough for the runs
  *) echo "cli-cold: mode must be validity or zk, got $mode" >&2; exit 2 ;;
esac
z="$root/zkml4j"
work="$(mktemp -d /tmp/zkml4j-cli-cold.XXXXXX)"
trap 'rm -rf "$work"' EXIT

"$z" --version >/dev/null # builds on first use, outside the timings
# that first run also starts making the class data (JDK 25: the ahead-of-time cache) in the background: time with it
# in place (ZKML4J_JAVA picks the JDK, as for the launcher)
for _ in $(seq 180); do ls -d "$root"/cli/target/aot-*.lock "$root"/cli/target/cds-*.lock >/dev/null 2>&1 || break; sleep 1; done
jdk="$("$z" --version | sed 's/.*(//; s/)//')"

"$z" make-dense 256,1536,1536,1024,10 -o "$work/dense_4.3m" >/dev/null
"$z" make-dense 512,3072,3072,2048,10 -o "$work/dense_17.3m" >/dev/null
models=("dense_4.3m" "dense_17.3m")
if [ -d "$root/../shared/models/digits_mlp" ]; then
  mkdir -p "$work/digits_mlp"
  cp "$root/../shared/models/digits_mlp/network.onnx" "$root/../shared/models/digits_mlp/input.json" "$work/digits_mlp/"
  models=("digits_mlp" "${models[@]}")
fi

# median wall seconds and median peak MiB of a command (farm-bench: whole process, median of $runs)
timed() {
  local out
  out="$(farm-bench -n "$runs" --warmup 1 --timeout 1800 -- "$@" 2>&1)"
  if ! grep -q "exit 0 ($runs of $runs)" <<<"$out"; then
    echo "command failed: $*" >&2
    echo "$out" >&2
    exit 1
  fi
  awk '/^A wall s/ {w=$5} /^A peak MiB/ {m=$5} END {printf "%s %s", w, m}' <<<"$out"
}

target() { # the issue's ceilings (seconds) per model and command, "-" where it names none
  case "$1:$2" in
    digits_mlp:prove|digits_mlp:verify) echo 0.3 ;;
    dense_4.3m:prove) echo 1.0 ;;
    dense_4.3m:verify) echo 0.3 ;;
    dense_17.3m:setup|dense_17.3m:prove) echo 3 ;;
    dense_17.3m:verify) echo 0.5 ;;
    *) echo - ;;
  esac
}

printf '# bench/cli-cold.sh, %s, %s, %d runs per figure (median wall seconds, one process per command), %s proofs\n' "$(date -u +%F)" "$jdk" "$runs" "$mode"
printf '| model | parameters | command | wall s | target s | peak MiB |\n| --- | ---: | --- | ---: | ---: | ---: |\n'
for m in "${models[@]}"; do
  d="$work/$m"
  cal="$d/input.json"
  [ -f "$d/calibration.json" ] && cal="$d/calibration.json"
  "$z" compile "$d/network.onnx" --calibration "$cal" -o "$d/model.zkm" >/dev/null
  params="$("$z" inspect "$d/network.onnx" 2>/dev/null | awk '/parameters/ {for (i = 1; i <= NF; i++) if ($i ~ /^[0-9,]+$/) {print $i; exit}}')"
  for cmd in setup prove verify; do
    case "$cmd" in
      setup) set -- "$z" setup "$d/model.zkm" -o "$d/keys" "${setup_args[@]}" ;;
      prove) set -- "$z" prove --key "$d/keys" --input "$d/input.json" -o "$d/proof.bin" ;;
      verify) set -- "$z" verify --key "$d/keys" --proof "$d/proof.bin" ;;
    esac
    read -r wall peak <<<"$(timed "$@")"
    printf '| %s | %s | %s | %s | %s | %s |\n' "$m" "${params:-?}" "$cmd" "$wall" "$(target "$m" "$cmd")" "$peak"
  done
  printf '| %s | | proof bytes | %s | | |\n' "$m" "$(stat -c %s "$d/proof.bin")"
done
