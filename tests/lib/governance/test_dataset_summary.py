"""The dataset summary kind: figures against pandas, and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lib.analysis import TableSource, run, sha256_of
from lib.errors import InputError
from lib.governance import DatasetSummarySpec


def test_counts_match_pandas_on_a_hand_made_table():
    frame = pd.DataFrame({"label": [1, 0, 1, 1, 1], "age": [30, None, 41, 41, 41], "city": ["a", "b", None, "c", "c"]})
    source = TableSource(frame, "hand.csv", sha256_of(b"hand"))
    result = run(DatasetSummarySpec(), {"data": source})
    assert (result.rows, result.column_count) == (5, 3)
    assert result.duplicate_rows == int(frame.duplicated().sum()) == 1
    missing = {c.name: (c.missing, c.missing_pct, c.distinct) for c in result.columns}
    assert missing == {"label": (0, 0.0, 2), "age": (1, 20.0, 2), "city": (1, 20.0, 3)}
    assert result.class_balance["label"] == {"1": 4, "0": 1}
    assert result.columns_with_missing == 2
    report = result.report().to_markdown()
    assert "Data quality needs a look" in report and "1 duplicate rows; 2 of 3 columns have missing values" in report


def test_a_clean_sample_passes(samples_dir):
    result = run(DatasetSummarySpec(max_columns=3), {"data": "german_credit_predictions"})
    frame = pd.read_csv(samples_dir / "german_credit_predictions.csv")
    assert result.rows == len(frame) and result.duplicate_rows == 0
    assert np.all([c.missing == 0 for c in result.columns])
    assert "first 3 columns listed" in result.report().to_markdown()


def test_max_columns_is_checked():
    with pytest.raises(InputError, match="'max_columns' is out of range"):
        DatasetSummarySpec(max_columns=0)
