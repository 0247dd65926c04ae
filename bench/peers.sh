#!/usr/bin/env bash
# zkml4j against its peers, side by side in one run, on the same models and inputs:
#   snarkjs Groth16 (circom) on ../shared/models/digits_mlp, and ezkl (Halo2/KZG, WASM) on its own
#   Gemm+ReLU test circuit (../shared/peers/ezkl/assets), which zkml4j proves too.
# Peers are copied to a temporary directory (../shared is read-only) and installed from npm.
# Takes about 1.5 minutes (snarkjs's Powers of Tau dominates). Prints one table.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$root/../shared"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$shared/peers/snarkjs" "$shared/peers/ezkl" "$work/"
chmod -R u+w "$work"

echo "installing peers from npm..." >&2
(cd "$work/snarkjs" && npm install --no-audit --no-fund > "$work/npm-snarkjs.log" 2>&1)
(cd "$work/ezkl" && npm install --no-audit --no-fund > "$work/npm-ezkl.log" 2>&1)

echo "zkml4j demo (digits_mlp)..." >&2
"$root/zkml4j" demo --runs 30 --json "$work/ours-digits.json" > /dev/null
echo "zkml4j on ezkl's test circuit..." >&2
( cd "$work" && "$root/zkml4j" setup "$work/ezkl/assets/network.onnx" --calibration "$work/ezkl/assets/input.json" -o keys > ours-setup.txt
  "$root/zkml4j" prove --key keys --input "$work/ezkl/assets/input.json" -o ours.proof --output ours-out.json > ours-prove.txt
  "$root/zkml4j" verify --key keys/verifying.key --proof ours.proof > ours-verify.txt
  "$root/zkml4j" bench prove --models "$work/ezkl/assets" --runs 15 --json ours-ezkl-bench.json > /dev/null )
echo "snarkjs Groth16 (digits_mlp, ~50 s)..." >&2
(cd "$work/snarkjs" && node run.js "$shared/models/digits_mlp" 2> "$work/snarkjs.err" | tail -n 1 > "$work/snarkjs.json")
echo "ezkl (its test circuit)..." >&2
(cd "$work/ezkl" && node run.js 2> "$work/ezkl.err" | tail -n 1 > "$work/ezkl.json")

node - "$work" <<'JS'
const fs = require('fs'), path = require('path'), w = process.argv[2];
const j = f => JSON.parse(fs.readFileSync(path.join(w, f), 'utf8'));
const ms = (file, re) => { const m = fs.readFileSync(path.join(w, file), 'utf8').match(re); return m ? parseFloat(m[1]) : NaN; };
const ours = j('ours-digits.json'), snark = j('snarkjs.json'), ezkl = j('ezkl.json');
const oursEzklSetup = ms('ours-setup.txt', /committed in ([\d.]+) ms/);
const oursEzklProve = ms('ours-prove.txt', /proved in ([\d.]+) ms/), oursEzklVerify = ms('ours-verify.txt', /verified in ([\d.]+) ms/);
const warm = j('ours-ezkl-bench.json').models[0];
const oursEzklBytes = fs.statSync(path.join(w, 'ours.proof')).size;
const f = x => (typeof x === 'number' && isFinite(x)) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : String(x);
const rows = [
  ['model', 'system', 'setup ms', 'prove ms', 'verify ms', 'proof bytes', 'notes'],
  ['digits_mlp', 'zkml4j (JDK ' + ours.jdk.split('+')[0] + ')', f(ours.setup_ms), f(ours.prove_first_ms) + ' / ' + f(ours.prove_ms) + ' warm',
    f(ours.verify_first_ms) + ' / ' + f(ours.verify_ms) + ' warm', ours.proof_bytes, 'transparent (no trusted setup); public input; first run / median of ' + ours.warm_runs + ' warm'],
  ['digits_mlp', 'snarkjs Groth16', f(snark.setup_ms), f(snark.prove_ms), f(snark.verify_ms), snark.proof_bytes, 'trusted setup (local ptau); private input; ' + snark.constraints + ' constraints'],
  ['ezkl test circuit', 'zkml4j (JDK ' + ours.jdk.split('+')[0] + ')', f(oursEzklSetup), f(oursEzklProve) + ' / ' + f(warm.prove_ms) + ' warm',
    f(oursEzklVerify) + ' / ' + f(warm.verify_ms) + ' warm', oursEzklBytes, 'transparent; cold CLI process / median of ' + warm.runs + ' warm (bench prove on the same folder)'],
  ['ezkl test circuit', 'ezkl v21 (WASM)', f(ezkl.keygen_ms), f(ezkl.prove_ms), f(ezkl.verify_ms), ezkl.proof_json_bytes + ' (JSON)', 'KZG SRS; Gemm+ReLU on 3 inputs'],
];
const width = rows[0].map((_, c) => Math.max(...rows.map(r => String(r[c]).length)));
for (const r of rows) console.log(r.map((x, c) => String(x).padEnd(width[c])).join('  '));
JS
