#!/usr/bin/env bash
# Run every fuzz target under AFL++ for SECONDS each (default 60), two at a time.
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]
#
# Needs `cargo-afl` (`cargo install cargo-afl`, then `cargo afl config --build`); it installs
# nothing itself. Findings land in target/fuzz/<target>/default/{crashes,hangs}; a summary line
# per target (executions, crashes, hangs) is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
if ! cargo afl --version >/dev/null 2>&1; then
    echo "error: cargo-afl is not installed" >&2
    echo "hint: cargo install cargo-afl && cargo afl config --build" >&2
    exit 1
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}/afl"
cargo afl build --release --features afl -p unmask-fuzz
bin="$CARGO_TARGET_DIR/release/unmask-fuzz"
out="target/fuzz"
mkdir -p "$out"

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(ls fuzz/corpus)
fi

export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
export AFL_FAST_CAL=1 AFL_CMPLOG_ONLY_NEW=1

run() {
    local t="$1" seeds="fuzz/corpus/$1"
    # The SigmaHQ regression logs, when present next to the checkout, are richer EVTX seeds than
    # the committed file header (they are not committed: not ours to redistribute).
    if [ "$t" = evtx ] && [ -d ../shared/data/sigmahq/regression_data ]; then
        seeds="$out/evtx-seeds"
        mkdir -p "$seeds"
        cp fuzz/corpus/evtx/* "$seeds/"
        # `head` closes the pipe early: the status of `find` is not a failure here.
        { find ../shared/data/sigmahq/regression_data -name '*.evtx' -size -70k || true; } |
            head -8 | xargs -r cp -t "$seeds/"
    fi
    # -t: a run over 2 s is a hang; -m: at most 512 MiB of memory; -G: inputs up to 1 MiB.
    cargo afl fuzz -i "$seeds" -o "$out/$t" -t 2000 -m 512 -G 1048576 -V "$seconds" \
        "$bin" "$t" >"$out/$t.log" 2>&1 || echo "warning: afl-fuzz on \`$t\` exited $?" >&2
}

for ((i = 0; i < ${#targets[@]}; i += 2)); do
    run "${targets[i]}" &
    if [ $((i + 1)) -lt ${#targets[@]} ]; then run "${targets[i + 1]}" & fi
    wait
done

printf '%-18s %12s %8s %8s %6s\n' target execs seconds crashes hangs
for t in "${targets[@]}"; do
    stats="$out/$t/default/fuzzer_stats"
    [ -f "$stats" ] || { printf '%-18s %s\n' "$t" "no stats (see $out/$t.log)"; continue; }
    get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
    printf '%-18s %12s %8s %8s %6s\n' "$t" "$(get execs_done)" "$(get run_time)" \
        "$(get saved_crashes)" "$(get saved_hangs)"
done
