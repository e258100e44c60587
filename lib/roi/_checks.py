"""Checks on the numbers of ROI & Cost specs, each raising one :class:`InputError` naming the field.

Every amount has a documented ceiling: far beyond any real budget, yet small enough that sums
over 600 periods and millions of draws stay finite, so no result ever turns into a null.
"""

from __future__ import annotations

import dataclasses
import math
import types
from typing import Any, Union, get_args, get_origin, get_type_hints

from lib.errors import InputError

# A thousand trillion dollars: larger amounts are typing mistakes, and would overflow sums.
MAX_AMOUNT = 1e15


def _shown(value: float) -> str:
    text = f"{value:g}"
    return text if len(text) <= 24 else f"{value:.3g}"


def number(value: Any, *, field: str, unit: str = "") -> float:
    """A table cell read as a finite number (numeric text allowed, true/false not), or an error naming ``field``.

    Parameters
    ----------
    value : object
    field : str
        The name the person knows the value by.
    unit : str
        Appended to "a number" in the message (e.g. " dollars").

    Returns
    -------
    float
    """
    converted = math.nan
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        converted = float(value)
    elif isinstance(value, str):
        try:
            converted = float(value)
        except ValueError:
            converted = math.nan
    if math.isnan(converted):
        raise InputError(f"'{field}' must be a number", expected=f"a number{unit}", found=repr(value)[:40])
    _require_finite(converted, field=field, unit=unit)
    return converted


def _require_finite(value: Any, *, field: str, unit: str = "") -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"'{field}' must be a number", expected=f"a number{unit}", found=repr(value)[:40])
    if not math.isfinite(value):
        raise InputError(f"'{field}' must be a finite number", expected=f"a finite number{unit}", found=repr(value))


def check_amount(value: float, *, field: str, unit: str = "", low: float = 0.0, high: float = MAX_AMOUNT) -> None:
    """A finite number from ``low`` (default zero: "cannot be negative") to ``high``."""
    _require_finite(value, field=field, unit=unit)
    if value < low:
        if low == 0:
            raise InputError(f"'{field}' cannot be negative", expected=f"zero or more{unit}", found=_shown(value))
        raise InputError(f"'{field}' is out of range", expected=f"at least {_shown(low)}{unit}", found=_shown(value))
    if value > high:
        raise InputError(f"'{field}' is too large", expected=f"at most {_shown(high)}{unit}", found=_shown(value))


def check_positive(value: float, *, field: str, unit: str = "", low: float = 0.0, high: float = MAX_AMOUNT) -> None:
    """A finite number above zero (or at least ``low`` when given) and at most ``high``."""
    _require_finite(value, field=field, unit=unit)
    if value <= 0:
        raise InputError(f"'{field}' must be above zero", expected=f"more than zero{unit}", found=_shown(value))
    check_amount(value, field=field, unit=unit, low=low, high=high)


def check_fraction(value: float, *, field: str, allow_zero: bool = True, low: float = 0.0) -> None:
    """A share between 0 and 1 (a utilisation, a discount or a saving of 100 % at most).

    ``allow_zero=False`` asks for a share above zero; ``low`` raises the floor further.
    """
    _require_finite(value, field=field)
    low_ok = value >= low and (value > 0 or allow_zero)
    if not low_ok or value > 1:
        if low > 0:
            expected = f"a share from {_shown(low)} to 1 ({low * 100:g} % to 100 %)"
        elif allow_zero:
            expected = "a share between 0 and 1 (0 % to 100 %)"
        else:
            expected = "a share above 0 and at most 1"
        raise InputError(f"'{field}' is out of range", expected=expected, found=f"{value:g} ({value * 100:g} %)")


# --- whole numbers typed as floats by Python callers ---------------------------------------------


# Type hints by record class, resolved once per class. A plain dict rather than functools.cache:
# mypy does not take a class for Hashable (it checks the instances' __hash__).
_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = get_type_hints(cls)
    return hints


def _as_float(hint: Any, value: Any) -> Any:
    # Ints become floats where the field holds floats, so a spec written with 5 and one read
    # back from JSON as 5.0 are equal and share one fingerprint; bools stay bools (and are refused).
    if isinstance(value, bool) or value is None:
        return value
    origin = get_origin(hint)
    arms = get_args(hint) if origin in (Union, types.UnionType) else (hint,)
    if float in arms and isinstance(value, int):
        return float(value)
    if origin is tuple and isinstance(value, tuple):
        item = get_args(hint)[0]
        return tuple(_as_float(item, v) for v in value)
    if origin is dict and isinstance(value, dict):
        item = get_args(hint)[1]
        return {k: _as_float(item, v) for k, v in value.items()}
    for arm in arms:
        if get_origin(arm) is tuple and isinstance(value, tuple):
            return _as_float(arm, value)
    return value


def coerce_floats(record: Any) -> None:
    """Turn ints held by float-typed fields of a frozen record into floats (call from ``__post_init__``).

    Parameters
    ----------
    record : dataclass instance
    """
    hints = _hints(type(record))
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        converted = _as_float(hints[f.name], value)
        if converted is not value:
            object.__setattr__(record, f.name, converted)
