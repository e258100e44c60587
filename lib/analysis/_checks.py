"""Checks that specs share: seeds, counts with a documented maximum, shares and limits.

Each raises :class:`InputError` naming the spec field, what it accepts and what it got,
before any work starts.
"""

from __future__ import annotations

import math

from lib.errors import InputError

MAX_SEED = 2**32 - 1


def _shown(value: float) -> str:
    text = f"{value:g}"
    return text if len(text) <= 24 else f"{value:.3g}"


def check_seed(seed: int | None, *, field: str = "seed") -> None:
    """A seed is a whole number from 0 to 2**32 - 1 (or None where allowed)."""
    if seed is None:
        return
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise InputError(
            f"'{field}' is out of range", expected=f"a whole number from 0 to {MAX_SEED:,}", found=str(seed)[:40]
        )


def check_count(value: int, *, field: str, low: int, high: int, what: str = "") -> None:
    """A whole number within ``[low, high]`` (the documented maximum of a count the user controls)."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        suffix = f" {what}" if what else ""
        raise InputError(
            f"'{field}' is out of range",
            expected=f"a whole number from {low:,} to {high:,}{suffix}",
            found=str(value)[:40],
        )


def check_number(
    value: float | None,
    *,
    field: str,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    allow_none: bool = False,
) -> None:
    """A finite number within optional bounds (open or closed)."""
    if value is None:
        if allow_none:
            return
        raise InputError(f"'{field}' is missing", expected="a number")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(f"'{field}' must be a finite number", found=str(value)[:40])
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high:
        left = "" if low is None else (f"above {_shown(low)}" if low_open else f"at least {_shown(low)}")
        right = "" if high is None else (f"below {_shown(high)}" if high_open else f"at most {_shown(high)}")
        raise InputError(
            f"'{field}' is out of range",
            expected="a number " + " and ".join(p for p in (left, right) if p),
            found=_shown(float(value)),
        )


def check_text(value: str | None, *, field: str, allow_none: bool = False, max_length: int = 500) -> None:
    """Non-empty text of sensible length."""
    if value is None and allow_none:
        return
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"'{field}' must be non-empty text", found=repr(value)[:40])
    if len(value) > max_length:
        raise InputError(
            f"'{field}' is too long", expected=f"at most {max_length:,} characters", found=f"{len(value):,}"
        )
