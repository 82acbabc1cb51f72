#!/usr/bin/env bash
# Benchmark unmask's record linkage against Splink (DuckDB) and recordlinkage on Febrl3, Febrl4
# and two synthetic applicant sets (the project's own generator and an independent one built on
# Faker); optionally score unmask's persona finding on demo worlds.
# The table goes to stdout, progress to stderr. See README.md in this folder.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: bench/linkage/run.sh [options]

  --size N            records in each synthetic set, applicants and faker (default 1000000)
  --quick             smoke run: --size 100000
  --persona           also score `unmask demo` worlds for seeds 1..5
  --persona-only      only the persona part
  --tools LIST        comma-separated subset of unmask,splink,recordlinkage (default: all)
  --datasets LIST     comma-separated subset of febrl3,febrl4,applicants,faker (default: all)
  --splink-timeout S  per-run limit for Splink on the synthetic sets (default 900); on timeout
                      the size is halved and Splink tried again
  --skip-build        do not run `cargo build --release -p unmask-cli`
  -h, --help          this message

environment: UNMASK_BIN overrides the unmask binary (default target/release/unmask)
EOF
}

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="$HERE/.venv"
PY="$VENV/bin/python"
# Generated data must not depend on per-process string hashing.
export PYTHONHASHSEED=0
WORK="$HERE/work"
RESULTS="$WORK/results"
UNMASK="${UNMASK_BIN:-$ROOT/target/release/unmask}"

SIZE=1000000
PERSONA=0
LINKAGE=1
BUILD=1
SPLINK_TIMEOUT=900
UNMASK_TIMEOUT=1800
MIN_SPLINK_SIZE=10000
TOOLS="unmask,splink,recordlinkage"
DATASETS="febrl3,febrl4,applicants,faker"

while [ $# -gt 0 ]; do
    case "$1" in
        --size) SIZE="${2:?--size needs a number}"; shift 2 ;;
        --quick) SIZE=100000; shift ;;
        --persona) PERSONA=1; shift ;;
        --persona-only) PERSONA=1; LINKAGE=0; shift ;;
        --tools) TOOLS="${2:?--tools needs a list}"; shift 2 ;;
        --datasets) DATASETS="${2:?--datasets needs a list}"; shift 2 ;;
        --splink-timeout) SPLINK_TIMEOUT="${2:?--splink-timeout needs seconds}"; shift 2 ;;
        --skip-build) BUILD=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown option \`$1\`" >&2; usage >&2; exit 1 ;;
    esac
done
case "$SIZE" in ''|*[!0-9]*) echo "error: --size takes a positive integer, not \`$SIZE\`" >&2; exit 1 ;; esac

log() { printf 'bench: %s\n' "$*" >&2; }
has() { case ",$1," in *",$2,"*) return 0 ;; *) return 1 ;; esac; }

# ------------------------------------------------------------------ 0. checks
if [ ! -x /usr/bin/time ]; then
    echo "error: \`/usr/bin/time\` (GNU time) is missing" >&2
    echo "hint: \`apt-get install time\`" >&2
    exit 1
fi
command -v timeout >/dev/null || { echo "error: \`timeout\` (coreutils) is missing" >&2; exit 1; }

# ------------------------------------------------------------------ 1. Python environment
setup_venv() {
    local want have
    want="$(sha256sum "$HERE/requirements.txt" | cut -d' ' -f1)"
    have="$(cat "$VENV/.requirements.sha256" 2>/dev/null || true)"
    if [ -x "$PY" ] && [ "$want" = "$have" ]; then
        return
    fi
    log "creating $VENV and installing requirements.txt (splink, recordlinkage)"
    [ -x "$PY" ] || python3 -m venv "$VENV"
    "$PY" -m pip install --quiet --upgrade pip >&2
    "$PY" -m pip install --quiet -r "$HERE/requirements.txt" >&2
    echo "$want" >"$VENV/.requirements.sha256"
}
setup_venv

# ------------------------------------------------------------------ 2. build unmask
if [ "$BUILD" = 1 ]; then
    log "cargo build --release -p unmask-cli"
    (cd "$ROOT" && cargo build --release -p unmask-cli >&2)
fi
[ -x "$UNMASK" ] || { echo "error: no unmask binary at \`$UNMASK\`" >&2; echo "hint: drop --skip-build or set UNMASK_BIN" >&2; exit 1; }

UNMASK_LINK=1
if ! "$UNMASK" link --help >/dev/null 2>&1; then
    UNMASK_LINK=0
    if [ "$LINKAGE" = 1 ] && has "$TOOLS" unmask; then
        log "warning: \`$UNMASK link\` is not available; unmask linkage rows are skipped"
    fi
fi

# One fixed threshold for unmask everywhere: refuse to run if the configs disagree.
THRESHOLD=""
for cfg in "$HERE"/configs/febrl3.toml "$HERE"/configs/febrl4.toml "$HERE"/configs/applicants.toml "$HERE"/configs/faker.toml; do
    t="$(sed -n 's/^threshold[[:space:]]*=[[:space:]]*\([0-9.]*\).*/\1/p' "$cfg")"
    if [ -z "$t" ]; then echo "error: \`$cfg\` has no threshold" >&2; exit 1; fi
    if [ -n "$THRESHOLD" ] && [ "$t" != "$THRESHOLD" ]; then
        echo "error: \`$cfg\` has threshold $t but another config has $THRESHOLD; the benchmark uses one fixed threshold" >&2
        exit 1
    fi
    THRESHOLD="$t"
done
SPLINK_THRESHOLD=0.5
RL_THRESHOLD=0.5

mkdir -p "$WORK" "$WORK/out" "$WORK/logs"

# run_timed NAME LIMIT_S CMD...: runs CMD in its own process under `timeout` and GNU time,
# output to work/logs/NAME.log, time and peak RSS to work/out/NAME/time.txt. Returns CMD's
# status; 124 means the limit was hit.
run_timed() {
    local name="$1" limit="$2"; shift 2
    local out="$WORK/out/$name"
    rm -rf "$out"; mkdir -p "$out"
    local rc=0
    timeout --kill-after=30 "$limit" /usr/bin/time -o "$out/time.txt" -f '%e %M' "$@" \
        >"$WORK/logs/$name.log" 2>&1 || rc=$?
    if [ "$rc" = 137 ]; then rc=124; fi
    if [ "$rc" != 0 ] && [ "$rc" != 124 ]; then
        log "$name failed (exit $rc); last lines of work/logs/$name.log:"
        tail -n 15 "$WORK/logs/$name.log" | sed 's/^/    /' >&2
    fi
    return "$rc"
}

# score DATASET TOOL MODE TRUTH THRESHOLD RECORDS SIZE NAME [extra evaluate.py args...]
score() {
    local ds="$1" tool="$2" mode="$3" truth="$4" thr="$5" records="$6" size="$7" name="$8"; shift 8
    "$PY" "$HERE/evaluate.py" score --dataset "$ds" --tool "$tool" --mode "$mode" --truth "$truth" \
        --threshold "$thr" --records "$records" --size "$size" --time "$WORK/out/$name/time.txt" \
        --result "$RESULTS/$name.json" "$@" >&2
}

# synthetic_file DATASET N: make sure the N-record set exists; print its prefix. `applicants`
# comes from gen_applicants.py (seed 42), `faker` from the independent gen_faker.py (seed 7).
synthetic_file() {
    local ds="$1" n="$2" prefix="$WORK/$1-$2" gen seed
    case "$ds" in
        applicants) gen="$HERE/gen_applicants.py"; seed=42 ;;
        faker) gen="$HERE/gen_faker.py"; seed=7 ;;
        *) echo "error: no generator for \`$ds\`" >&2; exit 2 ;;
    esac
    if [ ! -s "$prefix.csv" ] || [ ! -s "$prefix.truth.csv" ] || [ "$gen" -nt "$prefix.csv" ]; then
        log "generating $n synthetic records for $ds"
        "$PY" "$gen" --size "$n" --seed "$seed" --out "$prefix" >&2
    fi
    printf '%s' "$prefix"
}

run_unmask() {  # run_unmask DATASET MODE TRUTH RECORDS SIZE NAME INPUT...
    local ds="$1" mode="$2" truth="$3" records="$4" size="$5" name="$6"; shift 6
    log "unmask link: $name"
    local rc=0
    run_timed "$name" "$UNMASK_TIMEOUT" "$UNMASK" link --config "$HERE/configs/$ds.toml" "$@" \
        --out "$WORK/out/$name" || rc=$?
    case "$rc" in
        0) score "$ds" unmask "$mode" "$truth" "$THRESHOLD" "$records" "$size" "$name" \
               --pairs "$WORK/out/$name/pairs.csv" --clusters "$WORK/out/$name/clusters.csv" ;;
        124) score "$ds" unmask "$mode" "$truth" "$THRESHOLD" "$records" "$size" "$name" \
               --failed "timeout ${UNMASK_TIMEOUT}s" ;;
        *) score "$ds" unmask "$mode" "$truth" "$THRESHOLD" "$records" "$size" "$name" \
               --failed "exit $rc" ;;
    esac
}

# run_synthetic DATASET: unmask at --size; Splink at the largest size it finishes within the
# limit (halving on timeout), and unmask again at that size so that the ratios compare like
# with like.
run_synthetic() {
    local ds="$1" prefix n tried p name rc note
    prefix="$(synthetic_file "$ds" "$SIZE")"
    if has "$TOOLS" unmask && [ "$UNMASK_LINK" = 1 ]; then
        run_unmask "$ds" dedupe "$prefix.truth.csv" "$SIZE" "$SIZE" "$ds-$SIZE-unmask" "$prefix.csv"
    fi
    has "$TOOLS" splink || return 0
    n="$SIZE"; tried=""
    while :; do
        p="$(synthetic_file "$ds" "$n")"
        name="$ds-$n-splink"
        log "splink: $ds at $n records (limit ${SPLINK_TIMEOUT}s)"
        rc=0; run_timed "$name" "$SPLINK_TIMEOUT" "$PY" "$HERE/run_splink.py" "$ds" "$p.csv" \
            --out "$WORK/out/$name" || rc=$?
        note=""; [ -n "$tried" ] && note="timed out after ${SPLINK_TIMEOUT}s at $tried; finished at $n"
        if [ "$rc" = 0 ]; then
            score "$ds" splink dedupe "$p.truth.csv" "$SPLINK_THRESHOLD" "$n" "$n" "$name" \
                --pairs "$WORK/out/$name/pairs.csv" --sweep --also "$THRESHOLD" ${note:+--note "$note"}
            break
        elif [ "$rc" = 124 ]; then
            log "splink timed out at $n records"
            tried="${tried:+$tried, }$n"
            n=$((n / 2))
            if [ "$n" -lt "$MIN_SPLINK_SIZE" ]; then
                score "$ds" splink dedupe "$p.truth.csv" "$SPLINK_THRESHOLD" "$SIZE" "$SIZE" "$name" \
                    --failed "timeout" --note "timed out after ${SPLINK_TIMEOUT}s at $tried"
                break
            fi
        else
            score "$ds" splink dedupe "$p.truth.csv" "$SPLINK_THRESHOLD" "$n" "$n" "$name" --failed "exit $rc"
            break
        fi
    done
    if [ "$rc" = 0 ] && [ "$n" != "$SIZE" ] && has "$TOOLS" unmask && [ "$UNMASK_LINK" = 1 ]; then
        run_unmask "$ds" dedupe "$p.truth.csv" "$n" "$n" "$ds-$n-unmask" "$p.csv"
    fi
}

# ------------------------------------------------------------------ 3.-4. linkage runs
if [ "$LINKAGE" = 1 ]; then
    rm -rf "$RESULTS"; mkdir -p "$RESULTS"
    if has "$DATASETS" febrl3 || has "$DATASETS" febrl4; then
        if [ ! -s "$WORK/febrl4.truth.csv" ] || [ "$HERE/prepare.py" -nt "$WORK/febrl4.truth.csv" ]; then
            "$PY" "$HERE/prepare.py" --out "$WORK" >&2
        fi
    fi

    if has "$DATASETS" febrl3; then
        in=("$WORK/febrl3.csv"); truth="$WORK/febrl3.truth.csv"
        if has "$TOOLS" unmask && [ "$UNMASK_LINK" = 1 ]; then
            run_unmask febrl3 dedupe "$truth" 5000 5000 febrl3-unmask "${in[@]}"
        fi
        if has "$TOOLS" splink; then
            log "splink: febrl3"
            rc=0; run_timed febrl3-splink "$SPLINK_TIMEOUT" "$PY" "$HERE/run_splink.py" febrl3 "${in[@]}" \
                --out "$WORK/out/febrl3-splink" || rc=$?
            if [ "$rc" = 0 ]; then
                score febrl3 splink dedupe "$truth" "$SPLINK_THRESHOLD" 5000 5000 febrl3-splink \
                    --pairs "$WORK/out/febrl3-splink/pairs.csv" --sweep --also "$THRESHOLD"
            else
                score febrl3 splink dedupe "$truth" "$SPLINK_THRESHOLD" 5000 5000 febrl3-splink --failed "exit $rc"
            fi
        fi
        if has "$TOOLS" recordlinkage; then
            log "recordlinkage: febrl3"
            rc=0; run_timed febrl3-recordlinkage 900 "$PY" "$HERE/run_recordlinkage.py" febrl3 "${in[@]}" \
                --out "$WORK/out/febrl3-recordlinkage" || rc=$?
            if [ "$rc" = 0 ]; then
                score febrl3 recordlinkage dedupe "$truth" "$RL_THRESHOLD" 5000 5000 febrl3-recordlinkage \
                    --pairs "$WORK/out/febrl3-recordlinkage/pairs.csv"
            else
                score febrl3 recordlinkage dedupe "$truth" "$RL_THRESHOLD" 5000 5000 febrl3-recordlinkage --failed "exit $rc"
            fi
        fi
    fi

    if has "$DATASETS" febrl4; then
        in=("$WORK/febrl4a.csv" "$WORK/febrl4b.csv"); truth="$WORK/febrl4.truth.csv"
        if has "$TOOLS" unmask && [ "$UNMASK_LINK" = 1 ]; then
            run_unmask febrl4 link "$truth" 5000x5000 10000 febrl4-unmask "${in[@]}"
        fi
        if has "$TOOLS" splink; then
            log "splink: febrl4"
            rc=0; run_timed febrl4-splink "$SPLINK_TIMEOUT" "$PY" "$HERE/run_splink.py" febrl4 "${in[@]}" \
                --out "$WORK/out/febrl4-splink" || rc=$?
            if [ "$rc" = 0 ]; then
                score febrl4 splink link "$truth" "$SPLINK_THRESHOLD" 5000x5000 10000 febrl4-splink \
                    --pairs "$WORK/out/febrl4-splink/pairs.csv" --sweep --also "$THRESHOLD"
            else
                score febrl4 splink link "$truth" "$SPLINK_THRESHOLD" 5000x5000 10000 febrl4-splink --failed "exit $rc"
            fi
        fi
        if has "$TOOLS" recordlinkage; then
            log "recordlinkage: febrl4"
            rc=0; run_timed febrl4-recordlinkage 900 "$PY" "$HERE/run_recordlinkage.py" febrl4 "${in[@]}" \
                --out "$WORK/out/febrl4-recordlinkage" || rc=$?
            if [ "$rc" = 0 ]; then
                score febrl4 recordlinkage link "$truth" "$RL_THRESHOLD" 5000x5000 10000 febrl4-recordlinkage \
                    --pairs "$WORK/out/febrl4-recordlinkage/pairs.csv"
            else
                score febrl4 recordlinkage link "$truth" "$RL_THRESHOLD" 5000x5000 10000 febrl4-recordlinkage --failed "exit $rc"
            fi
        fi
    fi

    for ds in applicants faker; do
        if has "$DATASETS" "$ds"; then run_synthetic "$ds"; fi
    done

    {
        echo "# unmask record-linkage benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB"
        echo "# $("$UNMASK" --version 2>/dev/null || echo unmask) | splink $("$PY" -c 'import splink; print(splink.__version__)') (duckdb $("$PY" -c 'import duckdb; print(duckdb.__version__)')) | recordlinkage $("$PY" -c 'import recordlinkage; print(recordlinkage.__version__)')"
        echo "# unmask threshold $THRESHOLD in every config; splink and recordlinkage at $SPLINK_THRESHOLD; wall and peak RSS from /usr/bin/time, one process per run"
        [ "$UNMASK_LINK" = 1 ] || echo "# unmask rows missing: \`unmask link\` is not available in this build"
        echo
    }
    "$PY" "$HERE/evaluate.py" report "$RESULTS" --size "$SIZE"
fi

# ------------------------------------------------------------------ 6. persona part
if [ "$PERSONA" = 1 ]; then
    files=()
    for seed in 1 2 3 4 5; do
        dir="$WORK/persona-$seed"
        rm -rf "$dir"
        log "unmask demo --seed $seed"
        "$UNMASK" demo --seed "$seed" --out "$dir" >"$WORK/logs/persona-$seed.log" 2>&1 || {
            log "unmask demo --seed $seed failed; see work/logs/persona-$seed.log"; exit 2; }
        "$UNMASK" --db "$dir/unmask.db" eval --truth "$dir/truth.json" --format json >"$dir/eval.json" \
            2>>"$WORK/logs/persona-$seed.log"
        files+=("$dir/eval.json")
    done
    if [ "$LINKAGE" = 1 ]; then echo; fi
    "$PY" "$HERE/evaluate.py" persona "${files[@]}"
fi
