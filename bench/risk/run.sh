#!/usr/bin/env bash
# Score unmask on labelled worlds and (re)fit the risk model.
#
#   bench/risk/run.sh EVAL_DIR [--fit]
#
# EVAL_DIR holds development worlds as `NAME.tar.zst` archives with the layout of
# ../shared/eval/README.md (ats/, hr/, it/, intel/, logs/, truth/) and their `score.py`. Each world
# is unpacked, ingested as a new user would (no unmask.toml), analysed, exported and scored; the
# project's own demo worlds (seeds 1-3, analysed without their generated unmask.toml) are added.
# With --fit, the model is fitted on the first world and demo seed 1 and checked on the rest,
# and crates/scoring/model.toml is rewritten: rebuild and run again to see the new model's scores.
# Progress on stderr; the scores and reliability tables on stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
eval_dir=$(cd "${1:?usage: bench/risk/run.sh EVAL_DIR [--fit]}" && pwd)
fit=${2:-}
work=${UNMASK_BENCH_DIR:-$(mktemp -d)}
echo "building (release) ..." >&2
cargo build --release --locked --bin unmask >&2
bin=$PWD/target/release/unmask

fit_args=()
check_args=()
for archive in "$eval_dir"/*.tar.zst; do
  name=$(basename "$archive" .tar.zst)
  dir=$work/$name
  mkdir -p "$dir"
  if [ ! -d "$dir/$name" ]; then
    echo "unpacking $name ..." >&2
    zstd -dc "$archive" | tar -xf - -C "$dir"
  fi
  rm -f "$dir/w.db"*
  echo "ingesting $name ..." >&2
  for pair in greenhouse:ats/greenhouse_candidates.json references:ats/references.csv \
    payroll:hr/payroll.csv devices:it/devices.csv stix:intel/stix_bundle.json \
    okta:logs/okta_system_log.jsonl osquery:logs/osquery_results.jsonl \
    github-audit:logs/git_audit.jsonl; do
    "$bin" --db "$dir/w.db" ingest "${pair%%:*}" "$dir/$name/${pair#*:}" 2>>"$dir/ingest.log"
  done
  echo "analysing $name ..." >&2
  /usr/bin/time -f "$name analyze: %e s, %M KiB peak" "$bin" --db "$dir/w.db" analyze >/dev/null 2>"$dir/analyze.log"
  tail -1 "$dir/analyze.log" >&2
  "$bin" --db "$dir/w.db" export --format json >"$dir/result.json"
  echo "== $name"
  python3 "$eval_dir/score.py" --truth "$dir/$name/truth/truth.json" --result "$dir/result.json" \
    --json-out "$dir/score.json"
  spec="$dir/result.json:$dir/$name/truth/truth.json"
  if [ ${#fit_args[@]} -eq 0 ]; then fit_args+=("$spec"); else check_args+=("$spec"); fi
done

for seed in 1 2 3; do
  dir=$work/demo-$seed
  rm -rf "$dir" && mkdir -p "$dir/noconf"
  echo "demo world, seed $seed ..." >&2
  "$bin" generate --seed "$seed" --out "$dir/world" 2>/dev/null
  w=$dir/world
  for pair in greenhouse:candidates.json references:references.csv payroll:payroll.csv \
    devices:devices.csv osquery:osquery.jsonl github-audit:github-audit.jsonl okta:okta.jsonl \
    stix:intel.json misp-warninglist:vpn-warninglist.json; do
    (cd "$dir/noconf" && "$bin" --db u.db ingest "${pair%%:*}" "$w/${pair#*:}" 2>/dev/null)
  done
  (cd "$dir/noconf" && "$bin" --db u.db analyze >/dev/null 2>&1 && "$bin" --db u.db export >"$dir/result.json")
  spec="$dir/result.json:$w/truth.json"
  if [ "$seed" = 1 ]; then fit_args+=("$spec"); else check_args+=("$spec"); fi
done

echo "== reliability of the built model's risks"
python3 bench/risk/fit.py --report "${fit_args[@]}" "${check_args[@]}"
if [ "$fit" = "--fit" ]; then
  echo "== refit: fitted on the first world and demo seed 1, checked on the rest"
  python3 bench/risk/fit.py --fit "${fit_args[@]}" --check "${check_args[@]}" --out crates/scoring/model.toml
fi
