#!/usr/bin/env bash
# Sigma detection throughput: SigmaHQ's Windows rules (plus unmask's pack in rules/, when present)
# against SigmaHQ's regression event logs, read once through the evtx importer and repeated to a
# million events, on one thread. Prints events per second on one core, total time, the ratio to
# rsigma alone (measured in the same run) and peak RSS (from /usr/bin/time -v).
#
# usage: bench/sigma/run.sh [EVENTS]        (default 1000000)
# environment: SIGMAHQ (default ../shared/data/sigmahq from the repository root),
#              UNMASK_BENCH_ANCHOR_EVENTS (default 100000; 0 skips the anchor)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export UNMASK_BENCH_EVENTS="${1:-1000000}"

exe="$(cargo bench -p unmask-sigma --bench throughput --no-run --message-format=json 2>/dev/null \
    | grep -o '"executable":"[^"]*throughput[^"]*"' | tail -1 | cut -d'"' -f4)"
if [[ -z "$exe" ]]; then
    echo "error: could not build the throughput benchmark" >&2
    exit 2
fi

if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -v "$exe" 2> >(grep -E 'Maximum resident|Elapsed \(wall' >&2)
else
    "$exe"
fi
