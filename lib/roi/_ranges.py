"""Uncertain inputs: a low / likely / high range drawn as triangular, PERT or normal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeGuard

import numpy as np

from lib.analysis import Record, json_field
from lib.errors import InputError
from lib.roi._checks import MAX_AMOUNT, check_amount

Distribution = Literal["triangular", "pert", "normal"]
DISTRIBUTIONS: tuple[str, ...] = ("triangular", "pert", "normal")
# The normal shape reads low and high as its 10th and 90th percentiles: z of the 90th percentile.
Z90 = 1.2815515655446004


@dataclass(frozen=True)
class Range(Record):
    """An input known only as a range.

    In a spec it is written ``{"low", "likely", "high", "distribution"}``; ``likely``
    defaults to the midpoint of low and high, and ``distribution`` to ``"pert"``
    (``"dist"`` is read as another name for it). :meth:`check` says whether the
    numbers make a range; specs call it with the field's name.

    Attributes
    ----------
    low, likely, high : float
        Smallest plausible, most likely and largest plausible value.
    distribution : {"triangular", "pert", "normal"}
        Shape between low and high. PERT is a beta distribution that puts
        more weight near ``likely`` than the triangle does. Normal reads low and
        high as the 10th and 90th percentiles (so one draw in five falls outside
        them) and needs ``likely`` midway between them.
    """

    low: float
    likely: float | None = None
    high: float | None = None
    distribution: Distribution = "pert"
    dist: Distribution | None = json_field(omit=True, default=None, compare=False)

    def __post_init__(self) -> None:
        # Documented defaults are filled in here, so the stored range is explicit.
        for name in ("low", "likely", "high"):
            value = getattr(self, name)
            if isinstance(value, int) and not isinstance(value, bool):
                object.__setattr__(self, name, float(value))
        if self.dist is not None:
            object.__setattr__(self, "distribution", self.dist)
            object.__setattr__(self, "dist", None)
        if self.likely is None and _is_number(self.low) and _is_number(self.high):
            object.__setattr__(self, "likely", (self.low + self.high) / 2)

    def check(self, *, field: str, low: float = -MAX_AMOUNT, high: float = MAX_AMOUNT, unit: str = "") -> None:
        """Refuse a range whose numbers are missing, out of bounds or out of order, naming ``field``.

        Parameters
        ----------
        field : str
            The spec field the range sits in (``cash_flows[2]``).
        low, high : float
            Bounds every number of the range must keep.
        unit : str
            For messages.

        Raises
        ------
        InputError
        """
        if self.high is None:
            raise InputError(
                f"'{field}' is not a valid range",
                expected='{"low": number, "likely": number, "high": number, "distribution": "pert" or "triangular"}',
                found="no high",
            )
        check_amount(self.low, field=field, low=low, high=high, unit=unit)
        check_amount(self.high, field=field, low=low, high=high, unit=unit)
        if self.low > self.high:
            raise InputError(
                f"'{field}': low is above high",
                expected="low <= likely <= high",
                found=f"low={self.low:g}, high={self.high:g}",
            )
        # low and high are numbers now, and __post_init__ fills likely whenever they are.
        assert self.likely is not None
        check_amount(self.likely, field=f"{field}.likely", low=low, high=high, unit=unit)
        if not self.low <= self.likely <= self.high:
            raise InputError(
                f"'{field}': likely lies outside low..high",
                expected="low <= likely <= high",
                found=f"low={self.low:g}, likely={self.likely:g}, high={self.high:g}",
            )
        if self.distribution not in DISTRIBUTIONS:
            raise InputError(
                f"'{field}' has an unknown distribution",
                expected="'triangular', 'pert' or 'normal'",
                found=repr(self.distribution),
            )
        middle = (self.low + self.high) / 2
        if self.distribution == "normal" and abs(self.likely - middle) > 1e-9 * max(1.0, abs(self.low), abs(self.high)):
            raise InputError(
                f"'{field}': a normal range is symmetric, so its likely value must sit midway between low and high",
                expected=f"likely {middle:g} (low and high are the 10th and 90th percentiles)",
                found=f"low={self.low:g}, likely={self.likely:g}, high={self.high:g}",
            )

    def points(self) -> tuple[float, float, float]:
        """Low, likely and high of a range that has passed :meth:`check`.

        Returns
        -------
        (float, float, float)
        """
        # Specs check every range they hold when built; check() refuses a range without high,
        # and __post_init__ fills likely whenever low and high are numbers.
        assert self.likely is not None and self.high is not None
        return self.low, self.likely, self.high

    @property
    def mean(self) -> float:
        """Analytic mean: (a+b+c)/3 for the triangle, (a+4b+c)/6 for PERT, the likely value for normal."""
        low, likely, high = self.points()
        if self.distribution == "normal":
            return likely
        if self.distribution == "triangular":
            return (low + likely + high) / 3
        return (low + 4 * likely + high) / 6

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw ``size`` values with ``rng`` (vectorised)."""
        low, likely, high = self.points()
        width = high - low
        if width == 0:
            return np.full(size, low, dtype=float)
        if self.distribution == "triangular":
            return rng.triangular(low, likely, high, size=size)
        if self.distribution == "normal":
            return rng.normal(likely, width / (2 * Z90), size=size)
        # PERT with the usual weight 4 on the mode: a scaled beta distribution.
        alpha = 1 + 4 * (likely - low) / width
        beta = 1 + 4 * (high - likely) / width
        return low + width * rng.beta(alpha, beta, size=size)


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


Value = float | Range


def likely_of(value: Value) -> float:
    """The single best guess of a value."""
    return value.points()[1] if isinstance(value, Range) else float(value)


def lowest_of(value: Value) -> float:
    """The smallest value a number or range can take."""
    return value.low if isinstance(value, Range) else float(value)


def spread_of(value: Value) -> tuple[float, float]:
    """The low and high of a number or range (for a normal range its 10th and 90th percentiles)."""
    if isinstance(value, Range):
        low, _, high = value.points()
        return low, high
    return float(value), float(value)


def check_value(
    value: Value, *, field: str, low: float = -MAX_AMOUNT, high: float = MAX_AMOUNT, unit: str = ""
) -> None:
    """Check a number or a range against bounds, naming ``field`` (see :meth:`Range.check`)."""
    if isinstance(value, Range):
        value.check(field=field, low=low, high=high, unit=unit)
    else:
        check_amount(value, field=field, low=low, high=high, unit=unit)
