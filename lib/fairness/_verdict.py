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
    ci_large: tuple[float, float],
    small_groups: Sequence[str] = (),
) -> tuple[str, str]:
    """Decide a disparity's verdict from its intervals.

    Fail when the interval over the groups that are not small lies wholly
    beyond the limit; pass when the interval over all groups lies wholly within
    it; otherwise insufficient evidence, saying why.

    Parameters
    ----------
    kind : {"difference", "ratio"}
        A difference breaks its limit above it, a ratio below it.
    limit : float
    value : float
        Point estimate over all defined groups.
    ci, ci_large : (float, float)
        Percentile intervals over all groups and over groups that are not small.
    small_groups : sequence of str
        Names of the small groups left out of ``ci_large``.

    Returns
    -------
    (str, str)
        The verdict and a one-sentence reason.
    """
    word = "above" if kind == "difference" else "below"
    large_low, large_high = ci_large
    low, high = ci
    if not (math.isnan(large_low) or math.isnan(large_high)):
        beyond = large_low > limit if kind == "difference" else large_high < limit
        if beyond:
            return FAIL, (
                f"over the groups with enough data the whole interval [{_fmt(large_low)}, {_fmt(large_high)}] "
                f"lies {word} the limit {limit:g}"
            )
    if not (math.isnan(low) or math.isnan(high)):
        within = high <= limit if kind == "difference" else low >= limit
        if within:
            return PASS, f"the whole interval [{_fmt(low)}, {_fmt(high)}] over all groups keeps to the limit {limit:g}"
    if math.isnan(value):
        return INSUFFICIENT, "undefined: fewer than two groups have this rate defined"
    if math.isnan(large_low) or math.isnan(large_high):
        return INSUFFICIENT, "fewer than two groups have enough data to judge without the small ones"
    large_within = large_high <= limit if kind == "difference" else large_low >= limit
    if large_within and small_groups:
        return INSUFFICIENT, "only small groups (" + ", ".join(small_groups) + ") push it past the limit"
    return INSUFFICIENT, (
        f"the interval [{_fmt(low)}, {_fmt(high)}] straddles the limit {limit:g}, so the data cannot settle it"
    )
