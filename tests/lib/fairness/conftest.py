"""Fixtures for the bias audit tests: the real predictions sample and small hand-made frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.conftest import SAMPLES


@pytest.fixture(scope="session")
def adult() -> pd.DataFrame:
    """16,281 real predictions with sex and race."""
    return pd.read_csv(SAMPLES / "adult_predictions.csv")


@pytest.fixture(scope="session")
def german() -> pd.DataFrame:
    """1,000 predictions with small age groups."""
    return pd.read_csv(SAMPLES / "german_credit_predictions.csv")


def make_frame(seed: int = 0, n: int = 400, groups: tuple[str, ...] = ("a", "b", "c")) -> pd.DataFrame:
    """Seeded random outcomes for a few groups, with scores correlated to the label."""
    rng = np.random.default_rng(seed)
    label = rng.integers(0, 2, n)
    score = np.clip(0.3 * label + rng.uniform(0, 0.7, n), 0, 1)
    return pd.DataFrame(
        {
            "label": label,
            "score": score,
            "prediction": (score >= 0.5).astype(int),
            "group": rng.choice(list(groups), n),
            "band": rng.choice(["x", "y"], n),
        }
    )
