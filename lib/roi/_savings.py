"""Savings plan: cost levers applied to a monthly baseline by category, without double counting.

Levers on the same spend combine multiplicatively: two 50 % cuts leave
25 % of the cost (a 75 % saving), never 100 %. Each lever first reaches only
the share of its category it ``applies_to``; lever i then cuts
``applies_to_i × saving_i`` of what the levers before it left.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from lib.errors import InputError
from lib.provenance import Provenance, make_provenance
from lib.roi._checks import finite, fraction, non_negative

CATEGORIES: tuple[str, ...] = ("training", "inference", "data", "other")


@dataclass(frozen=True)
class Lever:
    """One way to cut cost.

    Attributes
    ----------
    name : str
        What the lever is.
    category : str
        The spend it acts on: training, inference, data or other.
    applies_to : float
        Share of that category's spend the lever can reach, 0..1.
    low, likely, high : float
        Saving on the spend it reaches, as shares 0..1.
    """

    name: str
    category: str
    applies_to: float
    low: float
    likely: float
    high: float

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise InputError(
                f"lever '{self.name}' has an unknown category",
                expected=", ".join(CATEGORIES),
                found=repr(self.category),
            )
        for attr in ("applies_to", "low", "likely", "high"):
            fraction(getattr(self, attr), name=f"{self.name}: {attr}")
        if not self.low <= self.likely <= self.high:
            raise InputError(
                f"lever '{self.name}': the saving range must satisfy low <= likely <= high",
                found=f"low={self.low:g}, likely={self.likely:g}, high={self.high:g}",
            )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "name": self.name,
            "category": self.category,
            "applies_to": self.applies_to,
            "low": self.low,
            "likely": self.likely,
            "high": self.high,
        }


# Typical figures from published ML cost guides where they exist; the reach ("applies_to") is our
# assumption for a mixed workload, and everything is editable on the page.
DEFAULT_LEVERS: tuple[Lever, ...] = (
    Lever("Spot instances for training (checkpoint ~15 min)", "training", 0.6, 0.60, 0.70, 0.80),
    Lever("Mixed precision training", "training", 0.8, 0.30, 0.40, 0.50),
    Lever("Quantisation / distillation of served models", "inference", 0.5, 0.50, 0.60, 0.90),
    Lever("Multi-model endpoints for low-traffic models", "inference", 0.2, 0.30, 0.50, 0.70),
    Lever("Batch instead of real-time inference", "inference", 0.3, 0.30, 0.50, 0.70),
    Lever("Right-sizing endpoints", "inference", 0.6, 0.10, 0.20, 0.30),
    Lever("Auto-shutdown of idle development instances", "other", 0.5, 0.20, 0.40, 0.60),
)


@dataclass(frozen=True)
class SavingsPlan:
    """Savings per lever and per category at low, likely and high values.

    Attributes
    ----------
    baseline : dict
        Monthly spend by category, dollars.
    levers : pandas.DataFrame
        One row per lever: category, reach, saving range and the dollars it
        saves (``saving_low``, ``saving_likely``, ``saving_high``) after the
        levers listed before it on the same category.
    by_category : pandas.DataFrame
        Spend, saving range and spend after, per category.
    total_low, total_likely, total_high : float
        Monthly savings, dollars.
    """

    baseline: dict[str, float]
    levers: pd.DataFrame
    by_category: pd.DataFrame
    total_baseline: float
    total_low: float
    total_likely: float
    total_high: float
    provenance: Provenance = field(compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "baseline": self.baseline,
            "total_baseline": self.total_baseline,
            "total_saving": {"low": self.total_low, "likely": self.total_likely, "high": self.total_high},
            "by_category": self.by_category.to_dict(orient="records"),
            "levers": self.levers.to_dict(orient="records"),
            "provenance": self.provenance.to_dict(),
        }


def combined_saving_share(cuts: Sequence[float]) -> float:
    """Share of a spend removed by several cuts on it: ``1 - prod(1 - cut)``."""
    remaining = 1.0
    for cut in cuts:
        remaining *= 1.0 - cut
    return 1.0 - remaining


def levers_from_records(records: Sequence[Mapping[str, Any]]) -> tuple[Lever, ...]:
    """Levers from table rows (as edited on the page or read from JSON)."""
    levers = []
    for i, row in enumerate(records):
        name = str(row.get("name") or f"lever {i + 1}")
        levers.append(
            Lever(
                name=name,
                category=str(row.get("category", "")).strip().lower(),
                applies_to=finite(row.get("applies_to"), name=f"{name}: applies_to"),
                low=finite(row.get("low"), name=f"{name}: low"),
                likely=finite(row.get("likely"), name=f"{name}: likely"),
                high=finite(row.get("high"), name=f"{name}: high"),
            )
        )
    return tuple(levers)


def savings_plan(baseline: Mapping[str, float], levers: Sequence[Lever]) -> SavingsPlan:
    """Apply levers to a monthly baseline by category.

    Parameters
    ----------
    baseline : mapping
        Category -> monthly spend in dollars (training, inference, data, other).
    levers : sequence of Lever
        Applied in order within each category.

    Returns
    -------
    SavingsPlan
        Per-lever savings add up exactly to the category saving, which never
        exceeds the category's spend.
    """
    spend = {}
    for category, amount in baseline.items():
        if category not in CATEGORIES:
            raise InputError("unknown spend category", expected=", ".join(CATEGORIES), found=repr(category))
        spend[category] = non_negative(amount, name=f"baseline {category}", unit=" $/month")
    spend = {c: spend.get(c, 0.0) for c in CATEGORIES}
    rows = []
    for category in CATEGORIES:
        remaining = {"low": spend[category], "likely": spend[category], "high": spend[category]}
        for lever in (lv for lv in levers if lv.category == category):
            row = lever.to_dict()
            for level in ("low", "likely", "high"):
                cut = lever.applies_to * getattr(lever, level)
                row[f"saving_{level}"] = remaining[level] * cut
                remaining[level] -= row[f"saving_{level}"]
            rows.append(row)
    columns = [*Lever.__dataclass_fields__, "saving_low", "saving_likely", "saving_high"]
    lever_frame = pd.DataFrame(rows, columns=columns)
    per_category = lever_frame.groupby("category")[["saving_low", "saving_likely", "saving_high"]].sum()
    by_category = pd.DataFrame({"category": list(CATEGORIES), "spend": [spend[c] for c in CATEGORIES]})
    for level in ("low", "likely", "high"):
        by_category[f"saving_{level}"] = [float(per_category[f"saving_{level}"].get(c, 0.0)) for c in CATEGORIES]
    by_category["spend_after_likely"] = by_category["spend"] - by_category["saving_likely"]
    return SavingsPlan(
        baseline=spend,
        levers=lever_frame,
        by_category=by_category,
        total_baseline=float(sum(spend.values())),
        total_low=float(by_category["saving_low"].sum()),
        total_likely=float(by_category["saving_likely"].sum()),
        total_high=float(by_category["saving_high"].sum()),
        provenance=make_provenance(parameters={"baseline": spend, "levers": [lv.to_dict() for lv in levers]}),
    )
