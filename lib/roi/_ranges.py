"""Uncertain inputs: a low / likely / high range drawn as triangular or PERT."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from lib.errors import InputError
from lib.roi._checks import finite

Distribution = Literal["triangular", "pert"]
DISTRIBUTIONS: tuple[str, ...] = ("triangular", "pert")


@dataclass(frozen=True)
class Range:
    """An input known only as a range.

    Attributes
    ----------
    low, likely, high : float
        Smallest plausible, most likely and largest plausible value.
    distribution : {"triangular", "pert"}
        Shape between low and high. PERT is a beta distribution that puts
        more weight near ``likely`` than the triangle does.
    """

    low: float
    likely: float
    high: float
    distribution: Distribution = "pert"

    def __post_init__(self) -> None:
        if not self.low <= self.likely <= self.high:
            raise InputError(
                "a range must satisfy low <= likely <= high",
                expected="low <= likely <= high",
                found=f"low={self.low:g}, likely={self.likely:g}, high={self.high:g}",
            )
        if self.distribution not in DISTRIBUTIONS:
            raise InputError("unknown distribution", expected="'triangular' or 'pert'", found=repr(self.distribution))

    @property
    def mean(self) -> float:
        """Analytic mean: (a+b+c)/3 for the triangle, (a+4b+c)/6 for PERT."""
        if self.distribution == "triangular":
            return (self.low + self.likely + self.high) / 3
        return (self.low + 4 * self.likely + self.high) / 6

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw ``size`` values with ``rng`` (vectorised)."""
        width = self.high - self.low
        if width == 0:
            return np.full(size, self.low, dtype=float)
        if self.distribution == "triangular":
            return rng.triangular(self.low, self.likely, self.high, size=size)
        # PERT with the usual weight 4 on the mode: a scaled beta distribution.
        alpha = 1 + 4 * (self.likely - self.low) / width
        beta = 1 + 4 * (self.high - self.likely) / width
        return self.low + width * rng.beta(alpha, beta, size=size)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (the same form the spec accepts)."""
        return {"low": self.low, "likely": self.likely, "high": self.high, "distribution": self.distribution}


Value = float | Range


def parse_value(raw: object, *, name: str) -> Value:
    """A number, or a mapping ``{"low", "likely", "high", "distribution"}``, into a value.

    ``likely`` defaults to the midpoint when left out.
    """
    if isinstance(raw, Range):
        return raw
    if isinstance(raw, dict):
        unknown = set(raw) - {"low", "likely", "high", "distribution", "dist"}
        if unknown or "low" not in raw or "high" not in raw:
            raise InputError(
                f"'{name}' is not a valid range",
                expected='{"low": number, "likely": number, "high": number, "distribution": "pert" or "triangular"}',
                found=str(sorted(raw)),
            )
        low = finite(raw["low"], name=f"{name}.low")
        high = finite(raw["high"], name=f"{name}.high")
        if low > high:
            raise InputError(
                f"'{name}': low is above high", expected="low <= likely <= high", found=f"low={low:g}, high={high:g}"
            )
        likely = finite(raw.get("likely", (low + high) / 2), name=f"{name}.likely")
        if not low <= likely <= high:
            raise InputError(
                f"'{name}': likely lies outside low..high",
                expected="low <= likely <= high",
                found=f"low={low:g}, likely={likely:g}, high={high:g}",
            )
        return Range(low, likely, high, str(raw.get("distribution", raw.get("dist", "pert"))))  # type: ignore[arg-type]
    return finite(raw, name=name)


def likely_of(value: Value) -> float:
    """The single best guess of a value."""
    return value.likely if isinstance(value, Range) else float(value)


def value_to_dict(value: Value) -> float | dict[str, Any]:
    """JSON form of a value."""
    return value.to_dict() if isinstance(value, Range) else float(value)
