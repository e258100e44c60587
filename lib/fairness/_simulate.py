"""Seeded confusion counts of simulated models, fair or not: the ground truth for checking verdicts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lib.fairness._counts import FN, FP, TN, TP


def simulated_counts(
    *,
    rows_per_group: int | Sequence[int],
    true_positive_rates: Sequence[float],
    false_positive_rates: Sequence[float],
    base_rate: float = 0.4,
    seed: int | Sequence[int] | None = 0,
) -> np.ndarray:
    """Confusion counts (TN, FP, FN, TP) of a model whose true rates per group are known.

    Each row's label is positive with probability ``base_rate`` in every group; the
    model predicts positive with probability ``true_positive_rates[g]`` for positives
    and ``false_positive_rates[g]`` for negatives. Equal rates in every group make a
    model that is fair by equalized odds, demographic parity and equal opportunity.

    Parameters
    ----------
    rows_per_group : int or sequence of int
    true_positive_rates, false_positive_rates : sequence of float
        One per group.
    base_rate : float
    seed : int, sequence of int, or None

    Returns
    -------
    numpy.ndarray of int64, shape (groups, 4)

    Examples
    --------
    >>> counts = simulated_counts(rows_per_group=100, true_positive_rates=[0.8, 0.8], false_positive_rates=[0.1, 0.1])
    >>> counts.shape, int(counts.sum())
    ((2, 4), 200)
    """
    tpr = np.asarray(true_positive_rates, dtype=float)
    fpr = np.asarray(false_positive_rates, dtype=float)
    rows = np.broadcast_to(np.asarray(rows_per_group, dtype=np.int64), tpr.shape)
    rng = np.random.default_rng(seed)
    positives = rng.binomial(rows, base_rate)
    negatives = rows - positives
    tp = rng.binomial(positives, tpr)
    fp = rng.binomial(negatives, fpr)
    counts = np.zeros((tpr.size, 4), dtype=np.int64)
    counts[:, TP], counts[:, FN] = tp, positives - tp
    counts[:, FP], counts[:, TN] = fp, negatives - fp
    return counts
