"""Variance-based sensitivity from simulated futures: how much of the NPV's spread each driver explains.

The first-order share of a driver X in an output Y is Var(E[Y | X]) / Var(Y): the part of the
spread that would go if X were known. It is estimated from the futures already simulated (no
extra runs): the futures are sorted by X into 50 groups of equal size, and the spread of the
group means is compared with the total spread, less what group means of pure noise would
show ((groups - 1) / (n - groups) of the spread within groups). With independent drivers of
an additive model the shares add up to 1; with correlated drivers a driver's share includes
what it carries of its partners, so shares may add up to more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from lib.analysis import Record

BINS = 50
METHOD = (
    "First-order share of variance, Var(E[NPV | driver]) / Var(NPV), estimated from the simulated futures "
    f"sorted by the driver into {BINS} equal groups (bias for noise removed). Correlated drivers share credit, "
    "so the shares may add up to more than 100 %."
)


@dataclass(frozen=True)
class SensitivityRow(Record):
    """One driver's part in the spread of the NPV.

    Attributes
    ----------
    driver : str
    share_of_variance : float
        First-order share of the NPV's variance, 0 to 1.
    rank_correlation : float
        Spearman correlation of the driver with the NPV (its sign says which way NPV moves).
    """

    driver: str
    share_of_variance: float
    rank_correlation: float


def _ranks(values: np.ndarray) -> np.ndarray:
    order = np.argsort(values, kind="stable")
    ranks = np.empty(values.size)
    ranks[order] = np.arange(values.size)
    return ranks


def first_order_share(driver: np.ndarray, output: np.ndarray, *, bins: int = BINS) -> float:
    """Var(E[output | driver]) / Var(output), estimated by equal-count groups of the driver.

    Parameters
    ----------
    driver, output : numpy.ndarray
        One value per simulated future.
    bins : int

    Returns
    -------
    float
        0 to 1 (0 when the output does not vary).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x, z = rng.normal(size=(2, 50_000))
    >>> round(first_order_share(x, x + z), 2)
    0.5
    """
    output = np.asarray(output, dtype=float)
    n = output.size
    total = float(output.var())
    if total <= 0 or n < 2 * bins:
        return 0.0
    groups = np.array_split(output[np.argsort(driver, kind="stable")], bins)
    mean = output.mean()
    between = sum(g.size * (g.mean() - mean) ** 2 for g in groups) / n
    within = sum(float(((g - g.mean()) ** 2).sum()) for g in groups) / n
    corrected = between - (bins - 1) / (n - bins) * within
    return float(min(1.0, max(0.0, corrected / total)))


def rank_correlation(driver: np.ndarray, output: np.ndarray) -> float:
    """Spearman's correlation of two samples (0 when either is constant)."""
    a, b = _ranks(np.asarray(driver, dtype=float)), _ranks(np.asarray(output, dtype=float))
    if np.ptp(driver) == 0 or np.ptp(output) == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def sensitivity(draws: Mapping[str, np.ndarray], output: np.ndarray) -> tuple[SensitivityRow, ...]:
    """Every ranged driver's first-order share and rank correlation, largest share first.

    Parameters
    ----------
    draws : mapping
        Driver -> its draws (drivers with one value are skipped).
    output : numpy.ndarray
        The NPV (or the difference of two NPVs) per future.

    Returns
    -------
    tuple of SensitivityRow
    """
    rows = [
        SensitivityRow(name, first_order_share(values, output), rank_correlation(values, output))
        for name, values in draws.items()
        if np.asarray(values).size == np.asarray(output).size and np.asarray(values).size > 1
    ]
    return tuple(sorted(rows, key=lambda r: r.share_of_variance, reverse=True))
