#!/usr/bin/env bash
# Prove time before and after the padding invariant (issue 8), in one script on one host: the baseline is the commit
# before it (BASE, default d63ce0e), built in a temporary worktree; both run `zkml4j bench prove` alternately ROUNDS
# times on dense_4m and digits_transformer, and the medians over rounds are compared (prove wall ms and prove CPU ms).
# Usage: bench/padding-cost.sh [ROUNDS]    (environment: BASE=<commit>, MODELS=a,b or MODELS=all for bench prove's default set)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-5}"
base="${BASE:-d63ce0e}"
models="${MODELS:-dense_4m,$root/../shared/models/digits_transformer}"
sel=(--models "$models")
[ "$models" = all ] && sel=()
wt="${TMPDIR:-/tmp}/zkml4j-base-$base"
out="$(mktemp -d)"
if [ ! -f "$wt/cli/target/.built" ]; then
  git -C "$root" worktree add -f "$wt" "$base" >/dev/null 2>&1 || true
  (cd "$wt" && mvn -B -q -o package -DskipTests > "$out/base-build.log" 2>&1) || { tail -20 "$out/base-build.log"; exit 1; }
  touch "$wt/cli/target/.built"
fi
"$root/zkml4j" --version >/dev/null 2>&1 || true # builds the current tree if needed
for i in $(seq 1 "$rounds"); do
  "$wt/zkml4j" bench prove "${sel[@]}" --json "$out/base-$i.json" > "$out/base-$i.log" 2>&1
  "$root/zkml4j" bench prove "${sel[@]}" --stages --json "$out/new-$i.json" > "$out/new-$i.log" 2>&1
  echo "round $i/$rounds done" >&2
done
python3 - "$out" "$rounds" "$base" <<'PY'
import json, sys, statistics, pathlib
out, rounds, base = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
stage = {}
def load(kind):
    per = {}
    for i in range(1, rounds + 1):
        d = json.loads((out / f"{kind}-{i}.json").read_text())
        jdk = d["jdk"]
        for m in d["models"]:
            per.setdefault(m["model"], {"prove_ms": [], "prove_cpu_ms": [], "verify_ms": [], "proof_bytes": []})
            for k in per[m["model"]]: per[m["model"]][k].append(m[k])
            if kind == "new" and m.get("stages_ms"):
                st = m["stages_ms"]
                stage.setdefault(m["model"], []).append((st.get("padding", 0.0), sum(st.values())))
    return jdk, per
jdk, b = load("base")
_, n = load("new")
print(f"JDK {jdk}; {rounds} alternating rounds; baseline {base} vs working tree; medians over rounds (each round's figure is itself a median)")
print(f"{'model':<20}{'figure':<14}{'baseline':>12}{'padding':>12}{'ratio':>8}")
for m in b:
    for k in ("prove_ms", "prove_cpu_ms", "verify_ms", "proof_bytes"):
        x, y = statistics.median(b[m][k]), statistics.median(n[m][k])
        print(f"{m:<20}{k:<14}{x:>12.1f}{y:>12.1f}{y / x:>8.3f}")
print("the padding check's own time in the working tree's proofs (the stage between 'lookups' and 'padding', last run of each round):")
for m, v in stage.items():
    pad = statistics.median(p for p, _ in v)
    share = statistics.median(p / t for p, t in v)
    print(f"{m:<20}padding {pad:.1f} ms, {100 * share:.1f}% of the proof (median over rounds)")
PY
