"""Bootstrap resamples of confusion counts without touching the rows again.

Drawing N rows with replacement and counting them is exactly one multinomial
draw of N over all (group x cell) counts jointly, with probabilities
n_cell / N. So B resamples are B small draws, whatever N is.
"""

from __future__ import annotations

import numpy as np


def resample_counts(counts: np.ndarray, *, n_boot: int, seed: int | None) -> np.ndarray:
    """Return ``n_boot`` bootstrap copies of ``counts`` (shape (groups, 4)).

    Parameters
    ----------
    counts : numpy.ndarray of int, shape (groups, 4)
    n_boot : int
        Number of resamples (0 gives an empty array).
    seed : int or None
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    numpy.ndarray of int64, shape (n_boot, groups, 4)
    """
    flat = counts.reshape(-1).astype(np.int64)
    total = int(flat.sum())
    if n_boot <= 0 or total == 0:
        return np.zeros((0, *counts.shape), dtype=np.int64)
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(total, flat / total, size=n_boot)
    return draws.reshape(n_boot, *counts.shape)


def percentile_interval(samples: np.ndarray, *, level: float = 0.95, axis: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of bootstrap samples, ignoring undefined (NaN) draws.

    Returns NaN bounds where every draw is undefined.
    """
    alpha = (1.0 - level) / 2.0
    if samples.shape[axis] == 0:
        shape = samples.shape[:axis] + samples.shape[axis + 1 :]
        return np.full(shape, np.nan), np.full(shape, np.nan)
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices are reported as undefined
            low, high = np.nanquantile(samples, [alpha, 1.0 - alpha], axis=axis)
    return low, high


def bias_corrected_interval(
    samples: np.ndarray, estimates: np.ndarray, *, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval shifted by the bootstrap's median bias, so it is centred on the estimate.

    The largest-minus-smallest gap between noisy rates can only widen under
    resampling, so its plain percentile interval sits above the truth and can
    miss the estimate itself. Shifting by ``median(samples) - estimate`` removes
    that bias and keeps every estimate inside its own interval.

    Parameters
    ----------
    samples : numpy.ndarray, shape (n_boot, k)
    estimates : numpy.ndarray, shape (k,)
    level : float

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Lower and upper bounds (NaN where every draw is undefined).
    """
    low, high = percentile_interval(samples, level=level)
    if samples.shape[0] == 0:
        return low, high
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        bias = np.nanmedian(samples, axis=0) - estimates
    bias = np.where(np.isnan(bias), 0.0, bias)
    low, high = low - bias, high - bias
    # Where the estimate is defined but the draws are degenerate, keep it inside.
    defined = ~np.isnan(estimates)
    low = np.where(defined & ~np.isnan(low), np.minimum(low, estimates), low)
    high = np.where(defined & ~np.isnan(high), np.maximum(high, estimates), high)
    return low, high
