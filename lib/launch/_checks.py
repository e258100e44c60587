"""Checks the launch specs share: rates, money, test settings and metric definitions."""

from __future__ import annotations

from typing import Any

from lib.analysis import check_number
from lib.errors import InputError

MAX_MONEY = 1e12
MAX_TRAFFIC = 1e12
ALTERNATIVES = ("two-sided", "one-sided")


def check_rate(value: float, *, field: str, what: str = "a rate") -> None:
    """A proportion strictly between 0 and 1 (a conversion rate, an error rate)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"'{field}' must be a number", expected=f"{what} above 0 and below 1", found=repr(value)[:40])
    if not 0.0 < float(value) < 1.0:
        raise InputError(
            f"'{field}' is not {what}", expected="a number above 0 and below 1 (0.05 for 5 %)", found=f"{value:g}"
        )


def check_cost(value: float, *, field: str, what: str) -> None:
    """Money per case: zero or more dollars, naming which figure was negative."""
    check_number(value, field=field)
    if value < 0:
        raise InputError(
            f"{what} ('{field}') cannot be negative",
            expected="zero or more dollars (enter a cost as a positive number)",
            found=f"{value:g}",
        )
    if value > MAX_MONEY:
        raise InputError(
            f"{what} ('{field}') is too large", expected=f"at most {MAX_MONEY:g} dollars", found=f"{value:g}"
        )


def check_test_settings(*, alpha: float, power: float | None, alternative: str) -> None:
    """Significance in (0, 0.5), power above alpha and below 1, a known alternative."""
    check_number(alpha, field="alpha", low=0.0, high=0.5, low_open=True, high_open=True)
    if power is not None:
        check_number(power, field="power", low=0.0, high=1.0, low_open=True, high_open=True)
        if power <= alpha:
            raise InputError(
                "'power' must be above 'alpha'", expected=f"a power above {alpha:g} (0.8 is usual)", found=f"{power:g}"
            )
    if alternative not in ALTERNATIVES:
        raise InputError("'alternative' is not known", expected="'two-sided' or 'one-sided'", found=repr(alternative))


def check_metric(*, baseline: float | None, mean: float | None, sd: float | None, where: str) -> str:
    """Exactly one metric definition: a baseline rate, or a mean with its standard deviation.

    Returns
    -------
    str
        ``conversion`` or ``continuous``.
    """
    rate, continuous = baseline is not None, mean is not None or sd is not None
    if rate == continuous:
        raise InputError(
            f"{where}: give either a baseline rate or a mean with its standard deviation",
            expected="'baseline' (a rate such as 0.05), or 'mean' and 'sd'",
            found="both" if rate else "neither",
        )
    if rate:
        assert baseline is not None
        check_rate(baseline, field="baseline", what="a baseline rate")
        return "conversion"
    if mean is None or sd is None:
        raise InputError(f"{where}: a continuous metric needs both 'mean' and 'sd'", found=f"mean={mean}, sd={sd}")
    check_number(mean, field="mean")
    check_number(sd, field="sd", low=0.0, low_open=True)
    return "continuous"


def check_choice(value: Any, *, field: str, choices: tuple[str, ...]) -> None:
    """One of a fixed set of words."""
    if value not in choices:
        raise InputError(
            f"'{field}' is not known", expected="one of " + ", ".join(map(repr, choices)), found=repr(value)
        )
