"""Disparities with Fairlearn's names and definitions, over the groups where a rate is defined.

``demographic_parity_difference`` is the largest minus the smallest selection
rate between groups and ``demographic_parity_ratio`` the smallest over the
largest; the equalized-odds pair takes the worse of the true and false
positive rate gaps, as Fairlearn's ``agg="worst_case"`` does. Every function
here works on arrays whose last axis is the group, so the same code serves the
point estimate and all bootstrap resamples at once.
"""

from __future__ import annotations

import warnings

import numpy as np

# Fairlearn function name -> (kind, metrics it combines).
DISPARITIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "demographic_parity_difference": ("difference", ("selection_rate",)),
    "demographic_parity_ratio": ("ratio", ("selection_rate",)),
    "equalized_odds_difference": ("difference", ("true_positive_rate", "false_positive_rate")),
    "equalized_odds_ratio": ("ratio", ("true_positive_rate", "false_positive_rate")),
    "equal_opportunity_difference": ("difference", ("true_positive_rate",)),
    "equal_opportunity_ratio": ("ratio", ("true_positive_rate",)),
    "false_positive_rate_difference": ("difference", ("false_positive_rate",)),
    "accuracy_score_difference": ("difference", ("accuracy",)),
    "four_fifths_rule": ("ratio", ("selection_rate",)),
    # Not Fairlearn functions: precision (PPV) gaps, the criterion Northpointe defended COMPAS on.
    "predictive_parity_difference": ("difference", ("precision",)),
    "predictive_parity_ratio": ("ratio", ("precision",)),
}


def _masked(values: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    return values if mask is None else np.where(mask, values, np.nan)


def _extremes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # fewer than two defined groups -> NaN
        low = np.nanmin(values, axis=-1)
        high = np.nanmax(values, axis=-1)
    defined = np.sum(~np.isnan(values), axis=-1)
    return low, high, defined


def difference(values: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Largest minus smallest value over the defined (and unmasked) groups; NaN below two groups."""
    low, high, defined = _extremes(_masked(values, mask))
    return np.where(defined >= 2, high - low, np.nan)


def ratio(values: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Smallest over largest value over the defined groups; NaN below two groups or when all are 0."""
    low, high, defined = _extremes(_masked(values, mask))
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(high > 0, low / np.where(high > 0, high, 1.0), np.nan)
    return np.where(defined >= 2, out, np.nan)


def disparity(name: str, metrics: dict[str, np.ndarray], masks: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """Value of the named disparity from per-group metrics (last axis = group).

    Parameters
    ----------
    name : str
        A key of :data:`DISPARITIES`.
    metrics : dict
        Metric name -> array (..., groups).
    masks : dict, optional
        Metric name -> boolean array (groups,) of the groups to include.
    """
    kind, parts = DISPARITIES[name]
    function = difference if kind == "difference" else ratio
    values = [function(metrics[m], None if masks is None else masks[m]) for m in parts]
    if len(values) == 1:
        return values[0]
    stacked = np.stack(values)
    # Worst case of the parts; undefined when any part is undefined (as for an interval edge).
    return np.max(stacked, axis=0) if kind == "difference" else np.min(stacked, axis=0)


def is_beyond(kind: str, value: float, limit: float) -> bool:
    """Whether a value breaks its limit (difference above, ratio below)."""
    return value > limit if kind == "difference" else value < limit


def is_within(kind: str, value: float, limit: float) -> bool:
    """Whether a value keeps to its limit (difference at most, ratio at least)."""
    return value <= limit if kind == "difference" else value >= limit
