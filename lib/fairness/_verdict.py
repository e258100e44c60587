"""Verdicts: fail, pass or insufficient evidence, always with the reason."""

from __future__ import annotations

import math
from collections.abc import Sequence

FAIL, PASS, INSUFFICIENT = "fail", "pass", "insufficient evidence"


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def judge(
    *,
    kind: str,
    limit: float,
    value: float,
    ci: tuple[float, float],
    value_large: float,
    p_value: float | None,
    alpha: float,
    small_groups: Sequence[str] = (),
) -> tuple[str, str]:
    """Decide a disparity's verdict: fail on a test, pass on an interval, otherwise say why not.

    Fail when the test of "the disparity breaks its limit" (over the groups with
    enough data; see :mod:`lib.fairness._limit_test`) rejects at ``alpha``: its
    false-fail rate on models that keep to the limit is at most ``alpha``. Pass
    when the interval over all groups keeps wholly to the limit. Otherwise
    insufficient evidence, with the reason.

    Parameters
    ----------
    kind : {"difference", "ratio"}
        A difference breaks its limit above it, a ratio below it.
    limit : float
    value : float
        Point estimate over all defined groups.
    ci : (float, float)
        Bias-corrected bootstrap interval over all groups.
    value_large : float
        Point estimate over the groups with enough data.
    p_value : float or None
        The test's p-value over the groups with enough data (None when not testable).
    alpha : float
        The false-fail rate the test allows (1 - the confidence level).
    small_groups : sequence of str
        Names of the small groups left out of the test.

    Returns
    -------
    (str, str)
        The verdict and a one-sentence reason.
    """
    word = "above" if kind == "difference" else "below"
    low, high = ci
    if p_value is not None and p_value <= alpha:
        return FAIL, (
            f"over the groups with enough data the value {_fmt(value_large)} lies {word} the limit {limit:g} by more "
            f"than chance explains (p = {p_value:.3f}, test at {alpha:g})"
        )
    if not (math.isnan(low) or math.isnan(high)):
        within = high <= limit if kind == "difference" else low >= limit
        if within:
            return PASS, f"the whole interval [{_fmt(low)}, {_fmt(high)}] over all groups keeps to the limit {limit:g}"
    if math.isnan(value):
        return INSUFFICIENT, "undefined: fewer than two groups have this rate defined"
    if p_value is None:
        return INSUFFICIENT, "fewer than two groups have enough data to judge without the small ones"
    large_within = value_large <= limit if kind == "difference" else value_large >= limit
    if large_within and small_groups and not (value <= limit if kind == "difference" else value >= limit):
        return INSUFFICIENT, "only small groups (" + ", ".join(small_groups) + ") push it past the limit"
    if not math.isnan(low) and not math.isnan(high):
        keeps = value_large <= limit if kind == "difference" else value_large >= limit
        if keeps:
            return INSUFFICIENT, (
                f"the value keeps to the limit {limit:g}, but its interval [{_fmt(low)}, {_fmt(high)}] reaches past "
                "it, so the data cannot rule out a breach"
            )
        return INSUFFICIENT, (
            f"the value is past the limit {limit:g}, but by no more than chance explains (p = {p_value:.3f}); the "
            f"interval [{_fmt(low)}, {_fmt(high)}] straddles it, so the data cannot settle it"
        )
    return INSUFFICIENT, "the data cannot settle it"
