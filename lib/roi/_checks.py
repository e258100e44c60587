"""Checks on user-supplied numbers, each raising one clear :class:`InputError`."""

from __future__ import annotations

import math

from lib.errors import InputError


def finite(value: float, *, name: str, unit: str = "") -> float:
    """Return ``value`` as a float, or raise when it is not a finite number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(f"'{name}' must be a number", expected=f"a number{unit}", found=repr(value)) from None
    if not math.isfinite(number):
        raise InputError(f"'{name}' must be a finite number", expected=f"a finite number{unit}", found=repr(value))
    return number


def non_negative(value: float, *, name: str, unit: str = "") -> float:
    """A finite number at or above zero (prices, volumes, hours)."""
    number = finite(value, name=name, unit=unit)
    if number < 0:
        raise InputError(f"'{name}' cannot be negative", expected=f"zero or more{unit}", found=f"{number:g}")
    return number


def positive(value: float, *, name: str, unit: str = "") -> float:
    """A finite number strictly above zero (a budget, a throughput)."""
    number = finite(value, name=name, unit=unit)
    if number <= 0:
        raise InputError(f"'{name}' must be above zero", expected=f"more than zero{unit}", found=f"{number:g}")
    return number


def fraction(value: float, *, name: str, allow_zero: bool = True) -> float:
    """A share between 0 and 1 (a utilisation or a saving of 100 % at most)."""
    number = finite(value, name=name)
    low_ok = number >= 0 if allow_zero else number > 0
    if not low_ok or number > 1:
        shown = f"{number:g} ({number * 100:g} %)"
        expected = "a share between 0 and 1 (0 % to 100 %)" if allow_zero else "a share above 0 and at most 1"
        raise InputError(f"'{name}' is out of range", expected=expected, found=shown)
    return number
