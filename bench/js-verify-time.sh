#!/usr/bin/env bash
# Median time of the JavaScript verifier under node on one key and proof (RUNS verifications in one process, the first
# included in the median's sample: node compiles as it goes). Build the JS file first (mvn -B -pl web/verifier-js -am package).
# Usage: bench/js-verify-time.sh KEYDIR/verifying.key PROOF [RUNS=21]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
js="$root/web/verifier-js/target/zkml4j-verifier.js"
[ -f "$js" ] || { echo "js-verify-time: $js not built (mvn -B -pl web/verifier-js -am package)" >&2; exit 2; }
[ $# -ge 2 ] || { echo "usage: bench/js-verify-time.sh VERIFYING_KEY PROOF [RUNS]" >&2; exit 2; }
manifest="$(mktemp /tmp/zkml4j-js-time.XXXXXX.json)"
trap 'rm -f "$manifest"' EXIT
printf '[{"name":"%s","vk":"%s","proof":"%s","repeat":%d,"flips":[]}]' "$(basename "$(dirname "$2")")" "$(realpath "$1")" "$(realpath "$2")" "${3:-21}" > "$manifest"
node "$root/web/verifier-js/src/test/js/agree.js" "$js" "$manifest"
