#!/usr/bin/env bash
# Load test of the proving service on loopback (docs/benchmarks.md, "Proving service"): starts './zkml4j serve' as its
# own process with a heap cap, sends JOBS digits_mlp jobs from CLIENTS clients at once, verifies every proof with
# ModelVerifier, kills the service with kill -9 once 40% of the jobs are accepted and starts it again on the same jobs
# directory, and fails if any accepted job is lost. Bounded: JOBS jobs, and LIMIT seconds at most.
# Usage: bench/serve-load.sh [JOBS=200] [CLIENTS=8] [WORKERS=2] [HEAP=512m] [LIMIT=900]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs=${1:-200} clients=${2:-8} workers=${3:-2} heap=${4:-512m} limit=${5:-900}
shared="${ZKML4J_SHARED:-$root/../shared}"
model="$shared/models/digits_mlp"
[ -f "$model/network.onnx" ] || { echo "serve-load: $model/network.onnx not found (set ZKML4J_SHARED)" >&2; exit 2; }

"$root/zkml4j" --version > /dev/null   # builds the jars (and the test classes the client runs) when sources changed
work="$(mktemp -d /tmp/zkml4j-serve-load.XXXXXX)"
trap 'rm -rf "$work"' EXIT
"$root/zkml4j" setup "$model/network.onnx" -o "$work/keys/digits_mlp" > /dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java -Xmx1g -Dzkml4j.shared="$shared" -cp "$root/server/target/test-classes:$root/cli/target/lib/*" 'io.zkml4j.server.ServeLoad$Load' \
  "$root/zkml4j" "$work/keys" "$work/jobs" "$port" "$jobs" "$clients" "$workers" "$heap" "$limit"
