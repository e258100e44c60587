"""Simulated monitoring data with known truth, for tests, benchmarks and trying the page."""

from __future__ import annotations

import numpy as np
import pandas as pd


def simulate_drift(
    *,
    n_reference: int,
    n_current: int,
    n_numeric: int = 3,
    n_categorical: int = 1,
    shift: float = 0.0,
    n_segments: int = 0,
    months: int = 0,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Reference and current tables whose numeric columns move by ``shift`` standard deviations.

    Numeric columns ``x0, x1, ...`` are N(0, 1) in the reference and N(shift, 1) in the
    current data; categorical columns ``c0, ...`` have four categories whose shares tilt
    with ``shift``. With ``n_segments`` a ``segment`` column, with ``months`` a ``date``
    column spread over that many months (the reference in the year before).

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
    """
    rng = np.random.default_rng(seed)

    def table(n: int, move: float, start: str) -> pd.DataFrame:
        data: dict[str, object] = {f"x{i}": rng.normal(move, 1.0, n) for i in range(n_numeric)}
        base = np.array([0.4, 0.3, 0.2, 0.1])
        tilted = base * np.exp(move * np.arange(4))
        tilted /= tilted.sum()
        for i in range(n_categorical):
            data[f"c{i}"] = rng.choice(np.array(["a", "b", "c", "d"]), size=n, p=tilted)
        if n_segments:
            data["segment"] = rng.choice(np.array([f"s{i}" for i in range(n_segments)]), size=n)
        if months:
            first = np.datetime64(start, "D")
            span = int(((np.datetime64(start, "M") + months).astype("datetime64[D]") - first) // np.timedelta64(1, "D"))
            data["date"] = first + rng.integers(0, span, n).astype("timedelta64[D]")
        return pd.DataFrame(data)

    return table(n_reference, 0.0, "2024-01-01"), table(n_current, shift, "2025-01-01")


def simulate_scores(
    n: int, *, seed: int = 0, calibrated: bool = True, months: int = 0, groups: int = 0
) -> pd.DataFrame:
    """Scores and labels: with ``calibrated`` each label is drawn as Bernoulli(score); else scores are sharpened.

    Returns
    -------
    pandas.DataFrame
        ``score``, ``label``, and optionally ``date`` and ``group``.
    """
    rng = np.random.default_rng(seed)
    truth = rng.beta(2.0, 3.0, n)
    label = (rng.random(n) < truth).astype(int)
    score = truth if calibrated else np.clip(truth**3 * 2.5, 0, 1)
    data: dict[str, object] = {"score": score, "label": label}
    if months:
        first = np.datetime64("2025-01-01", "D")
        span = int(((np.datetime64("2025-01", "M") + months).astype("datetime64[D]") - first) // np.timedelta64(1, "D"))
        data["date"] = first + rng.integers(0, span, n).astype("timedelta64[D]")
    if groups:
        data["group"] = rng.choice(np.array([f"g{i}" for i in range(groups)]), size=n)
    return pd.DataFrame(data)
