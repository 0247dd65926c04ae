#!/usr/bin/env bash
# The JavaScript verifier (web/verifier-js) against the JVM verifier on every model of ../shared/models and EVERY
# ezkl example (mvn verify runs a selection), each with a validity key and with setup's default zero-knowledge key
# (16 proofs): proves each in process, runs node on target/zkml4j-verifier.js over each key and proof, and fails on
# any verdict or message that differs (or on a model that proves with the one key and not the other); then 1,000
# byte-flipped proofs of digits_mlp.
# Prints one row a model (key and proof bytes, JVM and node median verify ms); the table is kept in
# web/verifier-js/target/js-agreement.txt.
# Usage: bench/js-verifier.sh [FLIPS=1000]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v node > /dev/null || { echo "js-verifier: node is not on the PATH" >&2; exit 2; }
cd "$root"
mvn -B -q -o -pl web/verifier-js -am verify -Dtest=JsAgreementTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dzkml4j.jsv.models=all -Dzkml4j.jsv.zk=all -Dzkml4j.jsv.flips="${1:-1000}"
cat web/verifier-js/target/js-agreement.txt
