#!/usr/bin/env bash
# Post-hire checks throughput: Okta System Log sign-ins generated in time order (20,000 people,
# about six months; 1 % operators), read through the `okta` importer, enriched from
# ip-location-db style tables and run through every check in `unmask-signals`, on one thread.
# Prints events per second on one core, the ratio to the anchor (serde_json parsing the same
# lines into a Value, measured in the same run) and peak RSS (from /usr/bin/time -v).
#
# usage: bench/signals/run.sh [EVENTS]        (default 10000000)
# environment: UNMASK_BENCH_PEOPLE (default 20000)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export UNMASK_BENCH_EVENTS="${1:-10000000}"

exe="$(cargo bench -p unmask-pipeline --bench signins --no-run --message-format=json 2>/dev/null \
    | grep -o '"executable":"[^"]*signins[^"]*"' | tail -1 | cut -d'"' -f4)"
if [[ -z "$exe" ]]; then
    echo "error: could not build the sign-in benchmark" >&2
    exit 2
fi

if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -v "$exe" 2> >(grep -E 'Maximum resident|Elapsed \(wall|^generated|^anchor:|^error' >&2)
else
    "$exe"
fi
