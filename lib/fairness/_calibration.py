"""Calibration per group: whether a score of 0.7 means a 70 % chance in every group.

For scores that are probabilities, each group's rows are binned by score; per bin
we compare the mean score with the observed share of positives (with a Wilson
95 % interval). A group's expected calibration error (ECE) is the row-weighted
mean gap; its Brier score is the mean squared difference between score and outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from lib.analysis import Record

N_BINS = 10
# A group whose ECE stays under this is read as calibrated (a stated rule of thumb, not a test).
CALIBRATION_TOLERANCE = 0.05


@dataclass(frozen=True)
class CalibrationBin(Record):
    """One score bin of one group: rows, mean score, observed positive share and its interval."""

    attribute: str
    group: str
    bin_low: float
    bin_high: float
    rows: int
    mean_score: float
    observed_rate: float
    ci: tuple[float, float]


@dataclass(frozen=True)
class GroupCalibration(Record):
    """A group's overall calibration: Brier score, expected calibration error, mean score and outcome."""

    attribute: str
    group: str
    rows: int
    brier: float
    ece: float
    mean_score: float
    observed_rate: float
    calibrated: bool


@dataclass(frozen=True)
class CalibrationResult(Record):
    """Calibration of every group of every view (see :func:`calibration_by_group`)."""

    n_bins: int
    tolerance: float
    groups: tuple[GroupCalibration, ...]
    bins: tuple[CalibrationBin, ...]


def wilson_interval(successes: np.ndarray, trials: np.ndarray, *, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a binomial proportion (vectorised).

    Examples
    --------
    >>> low, high = wilson_interval(np.array([5]), np.array([10]))
    >>> round(float(low[0]), 4), round(float(high[0]), 4)
    (0.2366, 0.7634)
    """
    z = norm.ppf(0.5 + level / 2.0)
    n = np.asarray(trials, dtype=float)
    p = np.where(n > 0, np.asarray(successes, dtype=float) / np.where(n > 0, n, 1.0), np.nan)
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def calibration_by_group(
    y_true: np.ndarray,
    scores: np.ndarray,
    views: Sequence[tuple[str, np.ndarray, Sequence[str]]],
    *,
    n_bins: int = N_BINS,
    weights: np.ndarray | None = None,
) -> CalibrationResult:
    """Reliability per group, for each view of the groups.

    Parameters
    ----------
    y_true : numpy.ndarray of bool
    scores : numpy.ndarray of float
        Probabilities in [0, 1].
    views : sequence of (attribute, codes, names)
        For each view, the group code of every row and the groups' names.
    n_bins : int
        Equal-width score bins.
    weights : numpy.ndarray, optional
        How many rows each row stands for (distinct rows counted by a database).

    Returns
    -------
    CalibrationResult
    """
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.clip(np.digitize(scores, edges[1:-1], right=False), 0, n_bins - 1)
    outcome = y_true.astype(float)
    groups: list[GroupCalibration] = []
    bins: list[CalibrationBin] = []
    for attribute, codes, names in views:
        for g, name in enumerate(names):
            member = codes == g
            w = None if weights is None else np.asarray(weights, dtype=float)[member]
            rows = int(member.sum()) if w is None else int(w.sum())
            if rows == 0:
                continue
            s, y, b = scores[member], outcome[member], which[member]
            counts = np.bincount(b, weights=w, minlength=n_bins)
            score_sums = np.bincount(b, weights=s if w is None else s * w, minlength=n_bins)
            positives = np.bincount(b, weights=y if w is None else y * w, minlength=n_bins)
            used = counts > 0
            mean_scores = score_sums[used] / counts[used]
            rates = positives[used] / counts[used]
            low, high = wilson_interval(positives[used], counts[used])
            ece = float(np.sum(counts[used] * np.abs(rates - mean_scores)) / rows)
            groups.append(
                GroupCalibration(
                    attribute=attribute,
                    group=str(name),
                    rows=rows,
                    brier=float(np.average((s - y) ** 2, weights=w)),
                    ece=ece,
                    mean_score=float(np.average(s, weights=w)),
                    observed_rate=float(np.average(y, weights=w)),
                    calibrated=ece <= CALIBRATION_TOLERANCE,
                )
            )
            for k, m, r, lo, hi in zip(np.flatnonzero(used), mean_scores, rates, low, high, strict=True):
                bins.append(
                    CalibrationBin(
                        attribute=attribute,
                        group=str(name),
                        bin_low=float(edges[k]),
                        bin_high=float(edges[k + 1]),
                        rows=int(counts[k]),
                        mean_score=float(m),
                        observed_rate=float(r),
                        ci=(float(lo), float(hi)),
                    )
                )
    return CalibrationResult(n_bins=n_bins, tolerance=CALIBRATION_TOLERANCE, groups=tuple(groups), bins=tuple(bins))
