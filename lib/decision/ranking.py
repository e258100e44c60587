"""Weighted-sum ranking of the options."""

from __future__ import annotations

import numpy as np

from lib.decision.matrix import DecisionMatrix, normalise

METHOD = "weighted sum of 1-5 scores with normalised weights"
# Totals closer than this (on the 1-5 scale) are a tie: no option leads by rounding noise.
TIE_TOLERANCE = 1e-9


def totals(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted-sum score per option (weights normalised here, so the total stays on the 1-5 scale)."""
    return np.asarray(scores, dtype=float) @ normalise(weights)


def tied_first(total: np.ndarray) -> list[int]:
    """Indices of the options whose total equals the best one (within :data:`TIE_TOLERANCE`), in listed order.

    Examples
    --------
    >>> tied_first(np.array([3.0, 3.0, 2.5]))
    [0, 1]
    >>> tied_first(np.array([3.1, 3.0]))
    [0]
    """
    values = np.asarray(total, dtype=float)
    return [int(i) for i in np.flatnonzero(values >= values.max() - TIE_TOLERANCE)]


def order(total: np.ndarray) -> np.ndarray:
    """Option indices best first; ties keep the options' listed order."""
    return np.argsort(-np.asarray(total), kind="stable")


def winner_index(total: np.ndarray) -> int:
    """Index of the best option (the first listed wins a tie)."""
    return int(order(total)[0])


def margin_of(total: np.ndarray, winner: int) -> float:
    """The given option's total minus the best other option's total (negative when it is not first)."""
    others = np.delete(np.asarray(total, dtype=float), winner)
    return float(total[winner] - others.max())


def rank(matrix: DecisionMatrix) -> tuple[np.ndarray, np.ndarray]:
    """Totals per option and the order best first."""
    total = totals(matrix.scores, matrix.weights)
    return total, order(total)
