"""Power, sample size and interval formulas behind the A/B test and rollout plans.

Conversion metrics use the normal approximation on the arcsine scale (Cohen's
``h = 2 asin(sqrt(p2)) - 2 asin(sqrt(p1))``), the method of statsmodels'
``NormalIndPower`` with ``proportion_effectsize``; continuous metrics use the
two-sample t-test's power from the noncentral t distribution (statsmodels'
``TTestIndPower``). Both solve the power equation itself (the far tail of a
two-sided test included), so the closed form ``n = (z_a + z_b)^2 (1 + 1/r) / h^2``
is a close lower bound, not the answer.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from scipy import optimize, stats

Alternative = Literal["two-sided", "one-sided"]
# Above this many units per arm a plan is not a plan: the solver stops there and says so.
MAX_UNITS = 1e12


def z_alpha(alpha: float, alternative: Alternative) -> float:
    """The critical value of a z-test: ``z_(1-alpha/2)`` two-sided, ``z_(1-alpha)`` one-sided.

    Examples
    --------
    >>> round(z_alpha(0.05, "two-sided"), 4)
    1.96
    """
    return float(stats.norm.isf(alpha / 2 if alternative == "two-sided" else alpha))


def cohens_h(p1: float, p2: float) -> float:
    """Effect size of two proportions on the arcsine scale, ``2 asin(sqrt(p2)) - 2 asin(sqrt(p1))``.

    Examples
    --------
    >>> round(cohens_h(0.5, 0.5), 6)
    0.0
    """
    return 2.0 * math.asin(math.sqrt(p2)) - 2.0 * math.asin(math.sqrt(p1))


def normal_power(effect: float, n1: float, *, ratio: float, alpha: float, alternative: Alternative) -> float:
    """Power of a two-sample z-test of a standardised effect with ``n1`` and ``ratio * n1`` units.

    Parameters
    ----------
    effect : float
        Standardised effect (Cohen's h for proportions).
    n1 : float
        Units in the first (control) arm.
    ratio : float
        Units in the second arm per unit in the first.
    alpha : float
    alternative : {"two-sided", "one-sided"}

    Returns
    -------
    float
    """
    shift = abs(effect) * math.sqrt(n1 * ratio / (1.0 + ratio))
    crit = z_alpha(alpha, alternative)
    power = stats.norm.sf(crit - shift)
    if alternative == "two-sided":
        power += stats.norm.cdf(-crit - shift)
    return float(power)


def t_power(effect: float, n1: float, *, ratio: float, alpha: float, alternative: Alternative) -> float:
    """Power of the two-sample t-test (equal variances) of a standardised mean difference ``effect``.

    Parameters
    ----------
    effect : float
        Mean difference divided by the standard deviation (Cohen's d).
    n1 : float
        Units in the control arm (at least 2).
    ratio : float
        Treatment units per control unit.
    alpha : float
    alternative : {"two-sided", "one-sided"}

    Returns
    -------
    float
    """
    n2 = n1 * ratio
    df = n1 + n2 - 2.0
    ncp = abs(effect) * math.sqrt(n1 * n2 / (n1 + n2))
    if alternative == "two-sided":
        crit = stats.t.isf(alpha / 2, df)
        return float(stats.nct.sf(crit, df, ncp) + stats.nct.cdf(-crit, df, ncp))
    return float(stats.nct.sf(stats.t.isf(alpha, df), df, ncp))


def closed_form_n(effect: float, *, ratio: float, alpha: float, power: float, alternative: Alternative) -> float:
    """Control-arm units from the closed-form normal approximation, ``(z_a + z_b)^2 (1 + 1/r) / effect^2``.

    Examples
    --------
    >>> round(closed_form_n(0.2, ratio=1, alpha=0.05, power=0.8, alternative="two-sided"), 1)
    392.4
    """
    z_b = float(stats.norm.ppf(power))
    return (z_alpha(alpha, alternative) + z_b) ** 2 * (1.0 + 1.0 / ratio) / effect**2


def _solve_n(power_of, target: float, start: float) -> float:
    # Power rises with n; bracket the root from the closed form, then refine.
    low, high = 2.0, max(start * 2.0, 4.0)
    while power_of(high) < target:
        high *= 2.0
        if high > MAX_UNITS:
            return math.inf
    if power_of(low) >= target:
        return low
    return float(optimize.brentq(lambda n: power_of(n) - target, low, high, xtol=1e-6, rtol=1e-10))


def n_for_proportions(
    p1: float, p2: float, *, ratio: float, alpha: float, power: float, alternative: Alternative
) -> float:
    """Control-arm units (unrounded) that detect a change from rate ``p1`` to ``p2``.

    Parameters
    ----------
    p1, p2 : float
        Control and treatment rates, in (0, 1) and different.
    ratio : float
        Treatment units per control unit.
    alpha, power : float
    alternative : {"two-sided", "one-sided"}

    Returns
    -------
    float
        ``inf`` when more than 1e12 units would be needed.

    Examples
    --------
    >>> round(n_for_proportions(0.05, 0.055, ratio=1, alpha=0.05, power=0.8, alternative="two-sided"))
    31217
    """
    h = cohens_h(p1, p2)
    start = closed_form_n(h, ratio=ratio, alpha=alpha, power=power, alternative=alternative)
    return _solve_n(lambda n: normal_power(h, n, ratio=ratio, alpha=alpha, alternative=alternative), power, start)


def n_for_means(
    difference: float, sd: float, *, ratio: float, alpha: float, power: float, alternative: Alternative
) -> float:
    """Control-arm units (unrounded) for a t-test to detect a mean difference with common standard deviation ``sd``.

    Examples
    --------
    >>> round(n_for_means(0.5, 1.0, ratio=1, alpha=0.05, power=0.8, alternative="two-sided"), 1)
    63.8
    """
    d = difference / sd
    start = closed_form_n(d, ratio=ratio, alpha=alpha, power=power, alternative=alternative)
    return _solve_n(lambda n: t_power(d, n, ratio=ratio, alpha=alpha, alternative=alternative), power, start)


def mde_for_proportions(
    p1: float, n1: float, *, ratio: float, alpha: float, power: float, alternative: Alternative
) -> float | None:
    """The smallest rise above ``p1`` detectable with ``n1`` control units (absolute), or None if none below 1 is.

    Examples
    --------
    >>> n = n_for_proportions(0.1, 0.12, ratio=1, alpha=0.05, power=0.8, alternative="two-sided")
    >>> round(mde_for_proportions(0.1, n, ratio=1, alpha=0.05, power=0.8, alternative="two-sided"), 6)
    0.02
    """
    top = 1.0 - 1e-12
    if normal_power(cohens_h(p1, top), n1, ratio=ratio, alpha=alpha, alternative=alternative) < power:
        return None
    gap = optimize.brentq(
        lambda p2: normal_power(cohens_h(p1, p2), n1, ratio=ratio, alpha=alpha, alternative=alternative) - power,
        p1 + 1e-12,
        top,
        xtol=1e-12,
    )
    return float(gap - p1)


def mde_for_means(sd: float, n1: float, *, ratio: float, alpha: float, power: float, alternative: Alternative) -> float:
    """The smallest mean difference a t-test detects with ``n1`` control units (in the metric's units).

    Examples
    --------
    >>> n = n_for_means(2.0, 10.0, ratio=1, alpha=0.05, power=0.8, alternative="two-sided")
    >>> round(mde_for_means(10.0, n, ratio=1, alpha=0.05, power=0.8, alternative="two-sided"), 6)
    2.0
    """
    high = 1.0
    while t_power(high, n1, ratio=ratio, alpha=alpha, alternative=alternative) < power:
        high *= 2.0
    d = optimize.brentq(
        lambda e: t_power(e, n1, ratio=ratio, alpha=alpha, alternative=alternative) - power, 1e-12, high, xtol=1e-12
    )
    return float(d * sd)


def non_inferiority_n(variance: float, margin: float, *, ratio: float, alpha: float, power: float) -> float:
    """Control-arm units for a one-sided test to rule out harm of ``margin`` when the true change is zero.

    ``variance`` is one unit's variance (``p (1 - p)`` for a rate, ``sd^2`` for a mean).

    Examples
    --------
    >>> round(non_inferiority_n(1.0, 0.1, ratio=1, alpha=0.05, power=0.8))
    1237
    """
    z = float(stats.norm.isf(alpha) + stats.norm.ppf(power))
    return z**2 * variance * (1.0 + 1.0 / ratio) / margin**2


def non_inferiority_power(variance: float, margin: float, n1: float, *, ratio: float, alpha: float) -> float:
    """Power of that one-sided test with ``n1`` control units when the true change is zero."""
    se = math.sqrt(variance * (1.0 / n1 + 1.0 / (n1 * ratio)))
    return float(stats.norm.cdf(margin / se - stats.norm.isf(alpha)))


def msprt_half_width(variance: float, tau: float, alpha: float) -> float:
    """Half-width of the always-valid interval of a normal mean from the mixture SPRT.

    With an estimate of variance ``V`` and a normal mixing distribution of the effect
    with standard deviation ``tau`` (Johari, Koomen, Pekelis & Walsh, 2017), the
    mixture likelihood ratio crosses ``1 / alpha`` when the estimate lies outside
    ``+- sqrt((2 V (V + tau^2) / tau^2) * (log(1 / alpha) + log((V + tau^2) / V) / 2))``.
    The interval holds at every look at once, so it may be checked as often as wanted.

    Examples
    --------
    >>> round(msprt_half_width(1.0, 1.0, 0.05), 4)
    3.6564
    """
    ratio = (variance + tau**2) / variance
    return math.sqrt(2.0 * variance * ratio * (math.log(1.0 / alpha) + 0.5 * math.log(ratio)))


def msprt_p_value(estimate: float, variance: float, tau: float) -> float:
    """The always-valid p-value of the mixture SPRT: ``min(1, 1 / likelihood ratio)``.

    Examples
    --------
    >>> msprt_p_value(0.0, 1.0, 1.0)
    1.0
    """
    ratio = variance / (variance + tau**2)
    log_lr = 0.5 * math.log(ratio) + tau**2 * estimate**2 / (2.0 * variance * (variance + tau**2))
    return float(min(1.0, math.exp(-log_lr)))


def psi_noise_floor(n: float, *, bins: int = 10, quantile: float = 0.99) -> float:
    """The PSI that ``n`` predictions reach by chance alone (no shift), at a high quantile.

    For small shifts PSI is about ``chi2 / n`` with ``bins - 1`` degrees of freedom
    (reference much larger than the window), so its ``quantile`` is
    ``chi2.ppf(quantile, bins - 1) / n``.

    Examples
    --------
    >>> round(psi_noise_floor(1000), 4)
    0.0217
    """
    return float(stats.chi2.ppf(quantile, bins - 1) / n)


def predictions_for_psi(threshold: float, *, bins: int = 10, quantile: float = 0.99) -> int:
    """Predictions needed before PSI can be read against ``threshold`` (its chance level falls below it)."""
    return int(np.ceil(stats.chi2.ppf(quantile, bins - 1) / threshold))
