"""Run Splink (DuckDB backend) on one benchmark dataset and write its scored pairs.

    python run_splink.py febrl3 work/febrl3.csv --out work/out/febrl3-splink
    python run_splink.py febrl4 work/febrl4a.csv work/febrl4b.csv --out work/out/febrl4-splink
    python run_splink.py applicants work/applicants-1000000.csv --out work/out/...
    python run_splink.py faker work/faker-100000.csv --out work/out/...

The Febrl models are the ones in Splink's own example notebooks (docs/demos/examples/duckdb/
febrl3 and febrl4, the "detailed" model for febrl4): same comparisons, blocking rules,
deterministic rules for lambda, u by random sampling and the same EM training blocks. The
applicants model follows Splink's 50k-synthetic example, with the columns this data has.

Writes OUT/pairs.csv (left_id,right_id,match_probability,match_weight; for link jobs left_id
is from the first file) for every pair predicted at match probability >= 0.01, so that the
evaluator can score the recommended 0.5 threshold and sweep others from one run, and
OUT/phases.json with the time spent in each phase.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

PREDICT_FLOOR = 0.01


def read_csv(con: duckdb.DuckDBPyConnection, path: str) -> duckdb.DuckDBPyRelation:
    return con.read_csv(path, header=True, all_varchar=True)


def febrl_relation(con, path: str, name: str) -> duckdb.DuckDBPyRelation:
    # The notebooks trim and cast these columns; our CSVs are already strings.
    rel = read_csv(con, path)
    return con.sql(
        f"""
        select * replace (
            trim(date_of_birth) as date_of_birth,
            trim(soc_sec_id) as soc_sec_id,
            trim(postcode) as postcode
        )
        from rel
        """
    ).set_alias(name)


def febrl3(con, paths):
    df = febrl_relation(con, paths[0], "febrl3")
    blocking_rules = [
        block_on("soc_sec_id"),
        block_on("given_name"),
        block_on("surname"),
        block_on("date_of_birth"),
        block_on("postcode"),
    ]
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI(connection=con)
    linker = Linker(db_api.register(df), settings)

    def train():
        linker.training.estimate_probability_two_random_records_match(
            [
                block_on("soc_sec_id"),
                block_on("given_name", "surname", "date_of_birth"),
                "l.given_name = r.surname and l.surname = r.given_name "
                "and l.date_of_birth = r.date_of_birth",
            ],
            recall=0.9,
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))

    return linker, train, None


def febrl4(con, paths):
    dfs = [febrl_relation(con, p, n) for p, n in zip(paths, ("febrl4a", "febrl4b"))]
    blocking_rules = [
        block_on("given_name", "surname"),
        "l.given_name = r.surname and l.surname = r.given_name",
        block_on("date_of_birth"),
        block_on("soc_sec_id"),
        block_on("state", "address_1"),
        block_on("street_number", "address_1"),
        block_on("postcode"),
    ]
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="link_only",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d",
                invalid_dates_as_null=True,
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI(connection=con)
    sdfs = [db_api.register(df, dataset_display_name=name)
            for df, name in zip(dfs, ("febrl4a", "febrl4b"))]
    linker = Linker(sdfs, settings)

    def train():
        linker.training.estimate_probability_two_random_records_match(
            [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")],
            recall=0.8,
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("date_of_birth"), estimate_without_term_frequencies=True
        )
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("postcode"), estimate_without_term_frequencies=True
        )

    return linker, train, "febrl4a"


def applicants(con, paths):
    # Splink expects cleaned input: lower case, accents stripped, phone digits only. That
    # is the data preparation a Splink user would do before linking.
    raw = read_csv(con, paths[0])
    df = con.sql(
        """
        select
            rec_id,
            nullif(lower(strip_accents(trim(given_name))), '') as given_name,
            nullif(lower(strip_accents(trim(surname))), '') as surname,
            nullif(lower(strip_accents(trim(given_name))) || ' '
                   || lower(strip_accents(trim(surname))), ' ') as given_surname,
            nullif(lower(trim(email)), '') as email,
            nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '') as phone,
            nullif(trim(date_of_birth), '') as date_of_birth,
            nullif(lower(trim(city)), '') as city,
            nullif(upper(replace(postcode, ' ', '')), '') as postcode
        from raw
        """
    ).set_alias("applicants")
    blocking_rules = [
        block_on("substr(given_name,1,3)", "substr(surname,1,4)"),
        block_on("surname", "date_of_birth"),
        block_on("given_name", "date_of_birth"),
        block_on("email"),
        block_on("phone"),
        block_on("postcode", "given_name"),
        block_on("postcode", "surname"),
    ]
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.ForenameSurnameComparison(
                "given_name", "surname", forename_surname_concat_col_name="given_surname"
            ),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
            cl.EmailComparison("email"),
            cl.DamerauLevenshteinAtThresholds("phone", [1, 2]),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1]).configure(
                term_frequency_adjustments=True
            ),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI(connection=con)
    linker = Linker(db_api.register(df), settings)

    def train():
        linker.training.estimate_probability_two_random_records_match(
            [
                block_on("given_name", "surname", "date_of_birth"),
                block_on("email"),
                block_on("date_of_birth", "postcode"),
            ],
            recall=0.7,
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("date_of_birth"), estimate_without_term_frequencies=True
        )
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("email"), estimate_without_term_frequencies=True
        )

    return linker, train, None


# gen_faker.py writes the same columns as gen_applicants.py: the same model, as a Splink user
# would set it up for applicant data, serves both.
MODELS = {"febrl3": febrl3, "febrl4": febrl4, "applicants": applicants, "faker": applicants}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset", choices=sorted(MODELS))
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    phases: dict[str, float] = {}
    t0 = time.perf_counter()
    con = duckdb.connect()
    linker, train, left_source = MODELS[args.dataset](con, args.inputs)
    phases["load"] = time.perf_counter() - t0

    t = time.perf_counter()
    train()
    phases["train"] = time.perf_counter() - t
    linker.misc.save_model_to_json(os.path.join(args.out, "model.json"), overwrite=True)

    t = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=PREDICT_FLOOR)
    table = predictions.physical_name
    if left_source is None:
        select = "rec_id_l as left_id, rec_id_r as right_id"
    else:
        select = (
            f"case when source_dataset_l = '{left_source}' then rec_id_l else rec_id_r end as left_id, "
            f"case when source_dataset_l = '{left_source}' then rec_id_r else rec_id_l end as right_id"
        )
    out_csv = os.path.join(args.out, "pairs.csv")
    con.sql(
        f"copy (select {select}, match_probability, match_weight from {table}) "
        f"to '{out_csv}' (header, delimiter ',')"
    )
    phases["predict"] = time.perf_counter() - t
    phases["total"] = time.perf_counter() - t0
    with open(os.path.join(args.out, "phases.json"), "w") as f:
        json.dump(phases, f, indent=2)
    print(f"splink {args.dataset}: " + ", ".join(f"{k} {v:.1f} s" for k, v in phases.items()),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
