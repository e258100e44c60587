"""Small logs written to a temporary folder: one Parquet file, hive partitions, a CSV."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest


def make_log_frame(seed: int = 0, n: int = 3_000, *, dyadic: bool = True) -> pd.DataFrame:
    """Predictions with two sensitive columns (with a few missing values), a date and two features.

    ``dyadic`` scores are multiples of 1/64: every sum of them is exact in floating point, so sums taken
    in any order (rows, or distinct values times their counts) agree to the last bit.
    """
    rng = np.random.default_rng(seed)
    label = rng.integers(0, 2, n)
    raw = np.clip(0.35 * label + rng.uniform(0, 0.65, n), 0, 1)
    score = np.round(raw * 64) / 64 if dyadic else raw
    sex = rng.choice(["F", "M"], n).astype(object)
    sex[rng.random(n) < 0.01] = None
    return pd.DataFrame(
        {
            "label": label,
            "score": score,
            "prediction": (score >= 0.5).astype(int),
            "sex": sex,
            "race": rng.choice(["a", "b", "c"], n),
            "day": pd.to_datetime("2025-01-01") + pd.to_timedelta(rng.integers(0, 90, n), unit="D"),
            "income": np.round(rng.normal(50, 10, n), 1),
            "region": rng.choice(["north", "south", "east"], n),
        }
    )


@pytest.fixture(scope="session")
def log_frame() -> pd.DataFrame:
    """3,000 rows of predictions."""
    return make_log_frame()


@pytest.fixture(scope="session")
def log_file(tmp_path_factory: pytest.TempPathFactory, log_frame: pd.DataFrame) -> Path:
    """The frame as one Parquet file."""
    path = tmp_path_factory.mktemp("log") / "log.parquet"
    log_frame.to_parquet(path, index=False)
    return path


@pytest.fixture(scope="session")
def partitioned(tmp_path_factory: pytest.TempPathFactory, log_frame: pd.DataFrame) -> Path:
    """The frame split into hive partitions by month (``month=2025-01/part.parquet``)."""
    root = tmp_path_factory.mktemp("partitioned")
    months = log_frame["day"].dt.strftime("%Y-%m")
    for month, part in log_frame.groupby(months):
        folder = root / f"month={month}"
        folder.mkdir()
        part.to_parquet(folder / "part-0.parquet", index=False)
    return root
