"""A test of "this disparity breaks its limit" that keeps its promised false-fail rate.

The largest-minus-smallest gap between noisy group rates is biased upward: with
nine groups of 45 rows and no true difference at all, the observed gap is often
above 0.1. A percentile bootstrap interval inherits that bias, so "the whole
interval lies beyond the limit" fails fair models.

Here the question is asked as a test. The null hypothesis is that the disparity
keeps to its limit (a difference at most ``limit``, a ratio at least ``limit``).
Among all group rates that satisfy it, we take a least favourable set near what
was observed: the band of rates the limit allows that lies closest to the observed
rates (weighted by their numbers of cases), with each group moved to the nearer
edge of that band, so the null is as spread out as the limit permits. We simulate
every group's numerator from a binomial with those rates and the observed
denominators, and recompute the disparity. The p-value is
the share of simulated disparities at least as extreme as the observed one; the
disparity *fails* when it is at most ``alpha``. Noise in small groups widens the
simulated gaps just as it widened the observed one, so it no longer looks like
evidence. Simulations (``tests/lib/fairness/test_verdict_error_rates.py`` and
``bench/bench_verdicts.py``) measure the false-fail rate and the power.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lib.fairness._disparity import DISPARITIES, difference, ratio

_GRID = 241


def _band(kind: str, limit: float, low: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper edges of the bands that satisfy the limit, for candidate lower edges ``low``."""
    if kind == "difference":
        return low, np.minimum(low + limit, 1.0)
    return low, np.minimum(low / limit, 1.0) if limit > 0 else np.ones_like(low)


def nearest_rates_within_limit(rates: np.ndarray, weights: np.ndarray, *, kind: str, limit: float) -> np.ndarray:
    """The rates closest to ``rates`` (weighted least squares) whose disparity keeps to ``limit``.

    Parameters
    ----------
    rates : numpy.ndarray
        Observed rate per group (groups with no cases are left out by the caller).
    weights : numpy.ndarray
        Weight per group (its number of cases).
    kind : {"difference", "ratio"}
    limit : float

    Returns
    -------
    numpy.ndarray
        Each rate clipped into the best band ``[c, c + limit]`` (difference) or ``[c, c / limit]`` (ratio).

    Examples
    --------
    >>> nearest_rates_within_limit(np.array([0.2, 0.5]), np.array([1.0, 1.0]), kind="difference", limit=0.1)
    array([0.3, 0.4])
    """
    if rates.size < 2:
        return rates.copy()
    top, bottom = float(rates.max()), float(rates.min())
    if kind == "difference" and top - bottom <= limit:
        return rates.copy()
    if kind == "ratio" and (top == 0 or bottom / top >= limit):
        return rates.copy()
    start = max(bottom - (limit if kind == "difference" else 0.0), 0.0)
    candidates = np.linspace(start, top, _GRID)
    lows, highs = _band(kind, limit, candidates)
    clipped = np.clip(rates[None, :], lows[:, None], highs[:, None])
    loss = ((clipped - rates[None, :]) ** 2 * weights[None, :]).sum(axis=1)
    return clipped[int(np.argmin(loss))]


def least_favourable_rates(rates: np.ndarray, weights: np.ndarray, *, kind: str, limit: float) -> np.ndarray:
    """Rates within the limit that make a large observed disparity most likely: each group on an edge of the band.

    The band is the one nearest the observed rates (see :func:`nearest_rates_within_limit`); each group
    goes to the edge nearer its observed rate. Spreading groups to the edges makes the simulated gaps as
    wide as the null hypothesis allows, so the test stays conservative wherever the true rates sit.

    Examples
    --------
    >>> least_favourable_rates(np.array([0.3, 0.36, 0.42]), np.ones(3), kind="difference", limit=0.1)
    array([0.31, 0.41, 0.41])
    >>> least_favourable_rates(np.array([0.30, 0.32]), np.ones(2), kind="difference", limit=0.1)
    array([0.26, 0.36])
    """
    near = nearest_rates_within_limit(rates, weights, kind=kind, limit=limit)
    if near.size < 2:
        return near
    low, high = float(near.min()), float(near.max())
    # Groups below the middle of the observed rates take the lower edge, the others the upper one,
    # so the lowest and the highest group always end up on opposite edges.
    split = (float(rates.min()) + float(rates.max())) / 2.0
    if kind == "difference":
        if high - low < limit:  # widen the band around the observed rates to the full limit
            centre = min(max((low + high) / 2.0, limit / 2.0), 1.0 - limit / 2.0)
            low, high = centre - limit / 2.0, centre + limit / 2.0
    elif limit <= 0.0:  # any ratio keeps to a limit of 0: the widest band, from no selection to all
        low, high = 0.0, 1.0
    elif high > 0 and low / high > limit:
        centre = np.sqrt(max(low, 1e-12) * high)
        low, high = centre * np.sqrt(limit), centre / np.sqrt(limit)
        if high > 1.0:
            low, high = low / high, 1.0
    if float(rates.min()) == float(rates.max()):
        return np.where(np.arange(rates.size) == 0, low, high)
    return np.where(rates < split, low, high)


def _simulate_metric(
    rates: np.ndarray, cases: np.ndarray, *, kind: str, limit: float, n_sim: int, rng: np.random.Generator
) -> np.ndarray:
    null_rates = least_favourable_rates(rates, cases.astype(float), kind=kind, limit=limit)
    draws = rng.binomial(cases[None, :].astype(np.int64), null_rates[None, :], size=(n_sim, rates.size))
    return draws / cases[None, :]


def limit_test_p_value(
    name: str,
    numerators: dict[str, np.ndarray],
    cases: dict[str, np.ndarray],
    *,
    limit: float,
    n_sim: int,
    seed: int | Sequence[int] | None,
) -> float | None:
    """P-value of "the named disparity breaks its limit" against the null that it keeps to it.

    Parameters
    ----------
    name : str
        A key of :data:`lib.fairness.DISPARITIES`.
    numerators, cases : dict
        Metric -> per-group numerator and denominator, over the groups to judge
        (groups with enough data); groups with no cases for a metric are skipped for it.
    limit : float
        The limit (maximum difference, or minimum ratio).
    n_sim : int
        Simulated audits under the null.
    seed : int, sequence of int, or None
        Seed of the simulation (a sequence keeps each disparity's draws independent).

    Returns
    -------
    float or None
        The p-value, or None when fewer than two groups have the rate defined.
    """
    kind, parts = DISPARITIES[name]
    measure = difference if kind == "difference" else ratio
    rng = np.random.default_rng(seed)
    observed_parts, simulated_parts = [], []
    for metric in parts:
        n = np.asarray(cases[metric], dtype=np.int64)
        keep = n > 0
        if keep.sum() < 2:
            return None
        rates = np.asarray(numerators[metric], dtype=float)[keep] / n[keep]
        observed_parts.append(float(measure(rates)))
        simulated_parts.append(measure(_simulate_metric(rates, n[keep], kind=kind, limit=limit, n_sim=n_sim, rng=rng)))
    if kind == "difference":
        observed = max(observed_parts)
        simulated = np.max(np.stack(simulated_parts), axis=0)
        extreme = simulated >= observed - 1e-12
    else:
        observed = min(observed_parts)
        simulated = np.min(np.stack(simulated_parts), axis=0)
        extreme = ~(simulated > observed + 1e-12)  # NaN (all rates 0) counts as extreme: no evidence
    if np.isnan(observed):
        return None
    if (observed <= limit) if kind == "difference" else (observed >= limit):
        return 1.0  # the observed value keeps to the limit: no evidence it breaks it
    return float((1 + int(extreme.sum())) / (n_sim + 1))
