"""False discovery control across every p-value of an analysis (Benjamini-Hochberg)."""

from __future__ import annotations

import numpy as np


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values; undefined (NaN) p-values stay undefined and are not counted.

    Equal to ``scipy.stats.false_discovery_control(p, method="bh")`` on the defined values.
    Rejecting every adjusted p-value below ``alpha`` keeps the expected share of false
    discoveries at or under ``alpha`` (for independent or positively dependent tests).

    Parameters
    ----------
    p_values : numpy.ndarray

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> benjamini_hochberg(np.array([0.01, 0.04, 0.03, np.nan])).round(3).tolist()
    [0.03, 0.04, 0.04, nan]
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    defined = ~np.isnan(p)
    values = p[defined]
    m = len(values)
    if m == 0:
        return out
    order = np.argsort(values, kind="stable")
    ranked = values[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    result = np.empty(m)
    result[order] = np.clip(adjusted, 0.0, 1.0)
    out[defined] = result
    return out
