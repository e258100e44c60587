"""Bootstrap of binned counts: B multinomial draws per side, never the rows again.

Resampling n rows with replacement and binning them is one multinomial draw of n
over the bins with the observed shares, so an interval for any statistic of the
counts costs B small draws whatever n is.
"""

from __future__ import annotations

import warnings

import numpy as np


def resample(counts: np.ndarray, *, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """``n_boot`` multinomial resamples of each row of ``counts`` (shape (cells, bins)).

    Returns
    -------
    numpy.ndarray of int64, shape (n_boot, cells, bins)
    """
    counts = np.asarray(counts, dtype=np.int64)
    totals = counts.sum(axis=-1)
    safe = np.where(totals[:, None] > 0, counts, 1).astype(float)
    shares = safe / safe.sum(axis=-1, keepdims=True)
    draws = rng.multinomial(totals, shares, size=(n_boot, len(counts)))
    return draws.astype(np.int64)


def shifted_interval(
    samples: np.ndarray,
    estimates: np.ndarray,
    *,
    level: float,
    low: float = 0.0,
    high: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of the resamples, shifted so the resamples' median sits on the estimate.

    Distances such as PSI only grow under resampling noise (a plug-in PSI is biased
    upward by about (bins - 1) * (1/n + 1/m)); shifting by ``median(samples) - estimate``
    removes that bias, so a big sample with no shift gets an interval that starts at 0.

    Parameters
    ----------
    samples : numpy.ndarray, shape (n_boot, cells)
    estimates : numpy.ndarray, shape (cells,)
    level : float
    low, high : float
        Bounds of the statistic's range (the interval is clipped to them).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Lower and upper bounds, containing the estimate (NaN where it is undefined).
    """
    alpha = (1.0 - level) / 2.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # cells with no defined resample stay undefined
        q_low, median, q_high = np.nanquantile(samples, [alpha, 0.5, 1.0 - alpha], axis=0)
    lower = np.minimum(estimates + (q_low - median), estimates)
    upper = np.maximum(estimates + (q_high - median), estimates)
    lower = np.clip(lower, low, high)
    upper = np.clip(upper, low, high)
    undefined = np.isnan(estimates) | np.isnan(median)
    return np.where(undefined, np.nan, lower), np.where(undefined, np.nan, upper)
