"""Investment-case arithmetic: NPV, IRR, payback and ROI of a cash-flow series.

Convention: period 0 is today and is not discounted, as numpy-financial counts
(``npv(rate, [c0, c1, ...]) = c0 + c1 / (1 + rate) + ...``).
"""

from __future__ import annotations

import math
from typing import overload

import numpy as np


def discount_factors(rate: float | np.ndarray, n_periods: int) -> np.ndarray:
    """``1 / (1 + rate) ** t`` for t = 0..n_periods-1; broadcasts over an array of rates."""
    rate = np.asarray(rate, dtype=float)
    t = np.arange(n_periods)
    with np.errstate(over="ignore", divide="ignore"):  # huge rates discount far periods to exactly zero
        return 1.0 / (1.0 + rate[..., None]) ** t


def npv(rate: float | np.ndarray, flows: np.ndarray) -> float | np.ndarray:
    """Net present value; ``flows`` may be 1-D or (n, periods) with ``rate`` scalar or (n,)."""
    flows = np.asarray(flows, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):  # rates near -100 % blow up far periods; IRR's scan skips them
        values = np.sum(flows * discount_factors(rate, flows.shape[-1]), axis=-1)
    return float(values) if values.ndim == 0 else values


def irr(flows: np.ndarray) -> float | None:
    """Internal rate of return: the rate where NPV is zero.

    Returns None when the flows never change sign (no rate makes NPV zero).
    When several rates do, the one closest to zero is returned, as
    numpy-financial does.
    """
    flows = np.asarray(flows, dtype=float)
    signs = np.sign(flows[flows != 0])
    if signs.size < 2 or np.all(signs == signs[0]):
        return None
    # Scan a wide grid of rates for sign changes of NPV, then refine each one.
    grid = np.concatenate([-1 + np.geomspace(1e-6, 1, 200)[:-1], np.geomspace(1e-9, 1e6, 600), [0.0]])
    grid = np.unique(np.concatenate([grid, -grid[(grid > 0) & (grid < 1)]]))
    values = np.asarray(npv(grid, np.broadcast_to(flows, (grid.size, flows.size))))  # one NPV per rate
    roots = []
    for left, right, v_left, v_right in zip(grid[:-1], grid[1:], values[:-1], values[1:], strict=True):
        if v_left == 0:
            roots.append(left)
        elif np.isfinite(v_left) and np.isfinite(v_right) and np.sign(v_left) != np.sign(v_right) and v_right != 0:
            from scipy.optimize import brentq  # loaded on first use: the command line starts without scipy

            roots.append(brentq(lambda r: npv(r, flows), left, right, xtol=1e-14, rtol=1e-12, maxiter=200))
    if not roots:
        return None
    return float(min(roots, key=abs))


def payback_periods(flows: np.ndarray) -> float | None:
    """Periods until the running total of the flows first reaches zero, interpolated.

    Within the period that crosses zero the flow is assumed to arrive evenly,
    so ``[-100, 50, 100]`` pays back after 1.5 periods. None if it never does.
    """
    flows = np.asarray(flows, dtype=float)
    cumulative = np.cumsum(flows)
    if cumulative[0] >= 0:
        return 0.0
    for t in range(1, len(flows)):
        if cumulative[t] >= 0:
            return float(t - 1 + (-cumulative[t - 1]) / flows[t])
    return None


def discounted_payback_periods(rate: float, flows: np.ndarray) -> float | None:
    """Payback on discounted flows (the time value of money counted)."""
    flows = np.asarray(flows, dtype=float)
    return payback_periods(flows * discount_factors(rate, len(flows)))


def roi_pct(flows: np.ndarray) -> float | None:
    """Undiscounted return on the money put in: net gain / money out × 100.

    Money out is the sum of the negative flows; None when nothing is spent.
    """
    flows = np.asarray(flows, dtype=float)
    spent = -flows[flows < 0].sum()
    if spent == 0:
        return None
    return float(flows.sum() / spent * 100)


@overload
def periodic_rate(annual_rate: float, periods_per_year: int) -> float: ...
@overload
def periodic_rate(annual_rate: np.ndarray, periods_per_year: int) -> np.ndarray: ...
def periodic_rate(annual_rate: float | np.ndarray, periods_per_year: int) -> float | np.ndarray:
    """The per-period rate equivalent to an annual rate (compounded)."""
    if periods_per_year == 1:
        return annual_rate
    return (1 + np.asarray(annual_rate, dtype=float)) ** (1 / periods_per_year) - 1


def is_finite_or_none(value: float | None) -> float | None:
    """Keep JSON strict: NaN or infinity becomes None."""
    return None if value is None or not math.isfinite(value) else value
