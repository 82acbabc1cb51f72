"""Run recordlinkage on Febrl3 or Febrl4 and write its scored pairs (an extra reference row).

    python run_recordlinkage.py febrl3 work/febrl3.csv --out work/out/febrl3-recordlinkage
    python run_recordlinkage.py febrl4 work/febrl4a.csv work/febrl4b.csv --out ...

Indexing and comparisons are those of recordlinkage's own Febrl examples
(examples/dedup_deterministic.py and linking_deterministic.py: blocks on given_name, surname
and soc_sec_id; exact and Jaro-Winkler >= 0.85 comparisons). Instead of the examples'
hand-set logistic weights, the pairs are classified without labels by the ECM classifier
(examples/unsupervised_learning_prob.py), which fits the Fellegi-Sunter m and u values, as
Splink and unmask do. Writes OUT/pairs.csv (left_id,right_id,match_probability,match_weight)
for every candidate pair with probability >= 0.01.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np
import pandas as pd
import recordlinkage as rl
from recordlinkage.compare import Exact, String
from recordlinkage.index import Block


def load(path: str) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""]).set_index("rec_id")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset", choices=("febrl3", "febrl4"))
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    started = time.perf_counter()
    frames = [load(p) for p in args.inputs]

    indexer = rl.Index()
    indexer.add(Block("given_name"))
    indexer.add(Block("surname"))
    indexer.add(Block("soc_sec_id"))
    candidates = indexer.index(*frames)

    comparer = rl.Compare()
    comparer.add(Exact("given_name", "given_name", label="given_name"))
    comparer.add(String("surname", "surname", method="jarowinkler", threshold=0.85, label="surname"))
    comparer.add(Exact("date_of_birth", "date_of_birth", label="date_of_birth"))
    comparer.add(Exact("suburb", "suburb", label="suburb"))
    comparer.add(Exact("state", "state", label="state"))
    comparer.add(String("address_1", "address_1", threshold=0.85, label="address_1"))
    comparer.add(String("address_2", "address_2", threshold=0.85, label="address_2"))
    features = comparer.compute(candidates, *frames)

    ecm = rl.ECMClassifier(binarize=0.5)
    ecm.fit(features)
    prob = ecm.prob(features)
    prob = prob[prob >= 0.01]
    with np.errstate(divide="ignore"):
        weight = np.log2(prob / (1.0 - prob))
    out = pd.DataFrame({
        "left_id": prob.index.get_level_values(0),
        "right_id": prob.index.get_level_values(1),
        "match_probability": prob.to_numpy(),
        "match_weight": weight.to_numpy(),
    })
    out.to_csv(os.path.join(args.out, "pairs.csv"), index=False)
    print(f"recordlinkage {args.dataset}: {len(candidates)} candidate pairs, {len(out)} written, "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
