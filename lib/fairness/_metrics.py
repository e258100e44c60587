"""Group metrics derived from confusion counts, vectorised over any leading axes.

A rate whose denominator is zero is NaN ("undefined"), never 0: Fairlearn
counts 0/0 as 0, which would make a group with no actual negatives look as if
it had a perfect false positive rate.
"""

from __future__ import annotations

import numpy as np

from lib.fairness._counts import FN, FP, TN, TP

# Metric name -> (numerator, denominator) as functions of the counts' last axis.
METRIC_NAMES: tuple[str, ...] = (
    "base_rate",
    "selection_rate",
    "true_positive_rate",
    "false_positive_rate",
    "true_negative_rate",
    "false_negative_rate",
    "precision",
    "negative_predictive_value",
    "false_discovery_rate",
    "false_omission_rate",
    "accuracy",
    "balanced_accuracy",
)

# Higher is better for these; for the others (error rates) lower is better.
HIGHER_IS_BETTER = {
    "selection_rate": True,
    "true_positive_rate": True,
    "true_negative_rate": True,
    "precision": True,
    "negative_predictive_value": True,
    "accuracy": True,
    "balanced_accuracy": True,
    "false_positive_rate": False,
    "false_negative_rate": False,
    "false_discovery_rate": False,
    "false_omission_rate": False,
    "base_rate": True,
}


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1.0), np.nan)


def denominators(counts: np.ndarray) -> dict[str, np.ndarray]:
    """Each metric's denominator (the number of cases it is a rate of)."""
    tn, fp, fn, tp = (counts[..., i] for i in (TN, FP, FN, TP))
    n = tn + fp + fn + tp
    positives, negatives = tp + fn, tn + fp
    predicted_pos, predicted_neg = tp + fp, tn + fn
    return {
        "base_rate": n,
        "selection_rate": n,
        "true_positive_rate": positives,
        "false_positive_rate": negatives,
        "true_negative_rate": negatives,
        "false_negative_rate": positives,
        "precision": predicted_pos,
        "negative_predictive_value": predicted_neg,
        "false_discovery_rate": predicted_pos,
        "false_omission_rate": predicted_neg,
        "accuracy": n,
        "balanced_accuracy": np.minimum(positives, negatives),
    }


def metrics_from_counts(counts: np.ndarray) -> dict[str, np.ndarray]:
    """Every group metric from counts of shape (..., 4); NaN where undefined.

    Parameters
    ----------
    counts : numpy.ndarray
        Last axis TN, FP, FN, TP.

    Returns
    -------
    dict of str to numpy.ndarray
        Metric name -> array of shape ``counts.shape[:-1]``.
    """
    tn, fp, fn, tp = (counts[..., i] for i in (TN, FP, FN, TP))
    n = tn + fp + fn + tp
    tpr = _ratio(tp, tp + fn)
    tnr = _ratio(tn, tn + fp)
    return {
        "base_rate": _ratio(tp + fn, n),
        "selection_rate": _ratio(tp + fp, n),
        "true_positive_rate": tpr,
        "false_positive_rate": _ratio(fp, tn + fp),
        "true_negative_rate": tnr,
        "false_negative_rate": _ratio(fn, tp + fn),
        "precision": _ratio(tp, tp + fp),
        "negative_predictive_value": _ratio(tn, tn + fn),
        "false_discovery_rate": _ratio(fp, tp + fp),
        "false_omission_rate": _ratio(fn, tn + fn),
        "accuracy": _ratio(tp + tn, n),
        "balanced_accuracy": (tpr + tnr) / 2.0,
    }
