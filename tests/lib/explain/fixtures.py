"""Small seeded tables for the explain tests."""

from __future__ import annotations

import numpy as np
import pandas as pd


def make_table(n: int = 400, *, seed: int = 0) -> pd.DataFrame:
    """Numbers, a categorical column, a row id, a binary outcome and a numeric outcome."""
    rng = np.random.default_rng(seed)
    x1 = rng.normal(size=n)
    x2 = rng.normal(size=n)
    colour = rng.choice(["red", "green", "blue"], size=n)
    group = rng.choice(["a", "b"], size=n, p=[0.6, 0.4])
    signal = 1.5 * x1 - x2 + (colour == "red") * 1.0 + (group == "a") * 0.5
    return pd.DataFrame(
        {
            "record_id": np.arange(1000, 1000 + n),
            "x1": x1,
            "x2": x2,
            "colour": colour,
            "group": group,
            "outcome": np.where(signal + rng.normal(scale=0.5, size=n) > 0.3, "yes", "no"),
            "amount": signal * 10 + rng.normal(size=n),
        }
    )
