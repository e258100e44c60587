"""Verdicts: drift, no material drift, or insufficient evidence, from intervals against materiality.

A column drifts when some statistic's whole interval lies above its materiality
threshold *and* the change is significant after false discovery control. It has
no material drift when every statistic's interval stays at or under its threshold.
Anything else (an interval across a threshold) is insufficient evidence. So a
large sample with a tiny shift does not alarm (its narrow interval sits under the
threshold), and a tiny sample does not pass by default (its wide interval crosses
it). Cells with fewer rows than the minimum never pass.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

DRIFT = "drift"
NO_DRIFT = "no material drift"
INSUFFICIENT = "insufficient evidence"
VERDICTS = (DRIFT, INSUFFICIENT, NO_DRIFT)
NAMES = {"psi": "PSI", "js": "Jensen-Shannon distance", "wasserstein_norm": "Wasserstein distance (in reference SDs)"}


def _fmt(value: float) -> str:
    return f"{value:.3g}"


def judge(
    ci: Mapping[str, tuple[float | None, float | None]],
    thresholds: Mapping[str, float],
    *,
    p_adjusted: float | None,
    alpha: float,
    small: bool,
) -> tuple[str, str]:
    """The verdict of one column in one cell, and the reason in words.

    Parameters
    ----------
    ci : mapping
        Statistic -> (low, high) interval.
    thresholds : mapping
        Statistic -> materiality threshold (only these statistics are judged).
    p_adjusted : float or None
        The cell's p-value after Benjamini-Hochberg.
    alpha : float
        False discovery rate.
    small : bool
        Fewer rows than the minimum on either side.

    Returns
    -------
    (str, str)
        Verdict and reason.

    Examples
    --------
    >>> judge({"psi": (0.3, 0.4)}, {"psi": 0.2}, p_adjusted=0.001, alpha=0.05, small=False)[0]
    'drift'
    >>> judge({"psi": (0.0, 0.05)}, {"psi": 0.2}, p_adjusted=0.001, alpha=0.05, small=False)[0]
    'no material drift'
    >>> judge({"psi": (0.1, 0.3)}, {"psi": 0.2}, p_adjusted=0.2, alpha=0.05, small=False)[0]
    'insufficient evidence'
    """
    judged = {k: ci.get(k, (None, None)) for k in thresholds}
    defined = {k: v for k, v in judged.items() if v[0] is not None and v[1] is not None and not math.isnan(v[0])}
    if not defined:
        return INSUFFICIENT, "no statistic could be computed (too few values on one side)"
    significant = p_adjusted is not None and not math.isnan(p_adjusted) and p_adjusted < alpha
    above = [k for k, (low, _) in defined.items() if low is not None and low > thresholds[k]]
    if above and significant:
        k = above[0]
        low, high = defined[k]
        assert low is not None and high is not None
        return DRIFT, (
            f"{NAMES[k]} is above its threshold {_fmt(thresholds[k])} with its whole interval "
            f"({_fmt(low)} to {_fmt(high)}), and the change is significant after false discovery control "
            f"(adjusted p {p_adjusted:.2g})"
        )
    below = all(high is not None and high <= thresholds[k] for k, (_, high) in defined.items())
    if below and len(defined) == len(judged) and not small:
        worst = max(defined, key=lambda k: (defined[k][1] or 0.0) / thresholds[k])
        return NO_DRIFT, (
            f"every interval stays under its threshold; the closest is {NAMES[worst]}, "
            f"at most {_fmt(defined[worst][1] or 0.0)} against {_fmt(thresholds[worst])}"
        )
    if small:
        return INSUFFICIENT, "fewer rows than the minimum, so the data cannot show the change is immaterial"
    if above:
        return INSUFFICIENT, (
            f"{NAMES[above[0]]} is above its threshold, but the change is not significant after false discovery "
            f"control (adjusted p {p_adjusted if p_adjusted is None else f'{p_adjusted:.2g}'})"
        )
    crossing = next(k for k, (_, high) in defined.items() if high is not None and high > thresholds[k])
    low, high = defined[crossing]
    return INSUFFICIENT, (
        f"the interval of {NAMES[crossing]} ({_fmt(low or 0.0)} to {_fmt(high or 0.0)}) spans its threshold "
        f"{_fmt(thresholds[crossing])}: more rows are needed to tell"
    )
