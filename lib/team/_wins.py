"""Counting wins: Poisson-binomial and beta-binomial distributions, and experiments needed for k wins.

Written with numpy and scipy's special functions only, so the tests can hold them against
``scipy.stats`` (binom, nbinom, betabinom, beta) as independent oracles.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.special import betainc, betaincinv, betaln, gammaln

# Searching the experiments needed for k wins stops here: more than a billion experiments is
# an answer of "not with these odds".
MAX_EXPERIMENTS = 10**9


def poisson_binomial_pmf(probabilities: Sequence[float]) -> np.ndarray:
    """Distribution of the number of successes among independent experiments with their own chances.

    Parameters
    ----------
    probabilities : sequence of float
        Each experiment's chance of success, 0 to 1.

    Returns
    -------
    numpy.ndarray
        ``pmf[w]`` = P(exactly ``w`` successes), ``w = 0..n``.

    Examples
    --------
    >>> poisson_binomial_pmf([0.5, 0.5]).tolist()
    [0.25, 0.5, 0.25]
    """
    pmf = np.ones(1)
    for p in probabilities:
        grown = np.zeros(pmf.size + 1)
        grown[:-1] += pmf * (1.0 - p)
        grown[1:] += pmf * p
        pmf = grown
    return pmf


def beta_binomial_pmf(n: int, a: float, b: float) -> np.ndarray:
    """Successes among ``n`` experiments sharing one unknown success rate drawn from Beta(a, b).

    ``pmf[w] = C(n, w) B(w + a, n - w + b) / B(a, b)``.

    Parameters
    ----------
    n : int
    a, b : float
        Positive Beta parameters.

    Returns
    -------
    numpy.ndarray
        Length ``n + 1``.

    Examples
    --------
    >>> beta_binomial_pmf(2, 1.0, 1.0).round(6).tolist()
    [0.333333, 0.333333, 0.333333]
    """
    w = np.arange(n + 1, dtype=float)
    log_choose = gammaln(n + 1) - gammaln(w + 1) - gammaln(n - w + 1)
    pmf = np.exp(log_choose + betaln(w + a, n - w + b) - betaln(a, b))
    return np.asarray(pmf / pmf.sum())


def survival(pmf: np.ndarray) -> np.ndarray:
    """``out[k]`` = P(at least ``k``) for ``k = 0..n`` (clipped to [0, 1] against rounding)."""
    tail = np.cumsum(np.asarray(pmf, dtype=float)[::-1])[::-1]
    return np.clip(tail, 0.0, 1.0)


def quantile(pmf: np.ndarray, q: float) -> int:
    """The smallest count whose cumulative probability reaches ``q`` (as ``scipy.stats`` ``ppf``)."""
    cdf = np.cumsum(pmf)
    return min(int(np.searchsorted(cdf, q - 1e-12)), pmf.size - 1)


def binomial_at_least(n: int, p: float, k: int) -> float:
    """P(at least ``k`` successes in ``n`` experiments with chance ``p`` each).

    Uses ``P(Binom(n, p) >= k) = I_p(k, n - k + 1)``, the regularised incomplete beta function.

    Examples
    --------
    >>> round(binomial_at_least(2, 0.5, 1), 6)
    0.75
    """
    if k <= 0:
        return 1.0
    if n < k or p <= 0:
        return 0.0
    if p >= 1:
        return 1.0
    return float(betainc(k, n - k + 1, p))


def experiments_for_wins(k: int, p: float, confidence: float) -> int | None:
    """The fewest experiments that give at least ``k`` wins with the given confidence.

    The number of experiments until the k-th win is ``k`` plus a negative-binomial number of
    failures, so this is ``k + nbinom.ppf(confidence, k, p)``; found by bisection on the
    binomial tail. None when ``p`` is 0 or the answer passes a billion.

    Parameters
    ----------
    k : int
        Wins wanted (1 or more).
    p : float
        Chance each experiment succeeds.
    confidence : float
        Strictly between 0 and 1.

    Returns
    -------
    int or None

    Examples
    --------
    >>> experiments_for_wins(1, 0.3, 0.8)  # 1 - 0.7**5 = 0.83 is the first to reach 0.8
    5
    """
    if p <= 0:
        return None
    if p >= 1:
        return k
    low, high = k, k
    while binomial_at_least(high, p, k) < confidence:
        low, high = high + 1, high * 2
        if high > MAX_EXPERIMENTS:
            return None
    while low < high:
        middle = (low + high) // 2
        if binomial_at_least(middle, p, k) >= confidence:
            high = middle
        else:
            low = middle + 1
    return low


def beta_interval(a: float, b: float, level: float) -> tuple[float, float]:
    """The central credible interval of Beta(a, b) at ``level`` (e.g. 0.9: the 5th to 95th percentile).

    Examples
    --------
    >>> [round(v, 4) for v in beta_interval(1.0, 1.0, 0.9)]
    [0.05, 0.95]
    """
    tail = (1.0 - level) / 2
    return float(betaincinv(a, b, tail)), float(betaincinv(a, b, 1.0 - tail))


def at_least_with_shared_rate(own: np.ndarray, shared: int, a: float, b: float, k: int) -> float:
    """P(at least ``k`` wins) from experiments with their own chances plus ``shared`` at the team's rate.

    Parameters
    ----------
    own : numpy.ndarray
        Survival function (``P(at least j)``) of the wins among experiments with their own chances.
    shared : int
        Experiments at the team's uncertain rate, Beta(a, b).
    a, b : float
    k : int

    Returns
    -------
    float
    """
    if k <= 0:
        return 1.0
    pmf = beta_binomial_pmf(shared, a, b) if shared else np.ones(1)
    need = k - np.arange(pmf.size)  # wins still needed from the others
    tail = np.where(need <= 0, 1.0, np.where(need < own.size, own[np.clip(need, 0, own.size - 1)], 0.0))
    return float(min(1.0, max(0.0, float(np.dot(pmf, tail)))))
