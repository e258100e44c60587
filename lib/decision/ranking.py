"""Weighted-sum ranking of the options."""

from __future__ import annotations

import numpy as np

from lib.decision.matrix import DecisionMatrix

METHOD = "weighted sum of 1-5 scores with normalised weights"


def totals(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted-sum score per option (weights normalised here, so the total stays on the 1-5 scale)."""
    w = np.asarray(weights, dtype=float)
    return np.asarray(scores, dtype=float) @ (w / w.sum())


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
