"""Savings plan: cost levers applied to a monthly baseline by category, without double counting.

Levers on the same spend combine multiplicatively: two 50 % cuts leave
25 % of the cost (a 75 % saving), never 100 %. Each lever first reaches only
the share of its category it ``applies_to``; lever i then cuts
``applies_to_i × saving_i`` of what the levers before it left.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

import pandas as pd

from lib.analysis import Provenance, Result, json_field, provenance_for
from lib.roi._checks import number
from lib.roi._specs import CATEGORIES, Lever, SavingsSpec

LEVELS = ("low", "likely", "high")


@dataclass(frozen=True)
class SavingsPlan(Result):
    """Savings per lever and per category at low, likely and high values.

    Attributes
    ----------
    baseline : dict
        Monthly spend by category, dollars.
    total_baseline : float
        Monthly spend over all categories, dollars.
    total_saving : dict
        ``low``, ``likely`` and ``high`` monthly savings, dollars.
    by_category : pandas.DataFrame
        Spend, saving range and spend after, per category.
    levers : pandas.DataFrame
        One row per lever: category, reach, saving range and the dollars it
        saves (``saving_low``, ``saving_likely``, ``saving_high``) after the
        levers listed before it on the same category.
    provenance : Provenance
    """

    baseline: dict[str, float]
    total_baseline: float
    total_saving: dict[str, float]
    by_category: pd.DataFrame
    levers: pd.DataFrame
    provenance: Provenance = json_field(compare=False)

    @property
    def total_low(self) -> float:
        """Monthly saving with every lever at its low value, dollars."""
        return self.total_saving["low"]

    @property
    def total_likely(self) -> float:
        """Monthly saving with every lever at its likely value, dollars."""
        return self.total_saving["likely"]

    @property
    def total_high(self) -> float:
        """Monthly saving with every lever at its high value, dollars."""
        return self.total_saving["high"]


def combined_saving_share(cuts: Sequence[float]) -> float:
    """Share of a spend removed by several cuts on it: ``1 - prod(1 - cut)``.

    Examples
    --------
    >>> combined_saving_share([0.5, 0.5])
    0.75
    """
    remaining = 1.0
    for cut in cuts:
        remaining *= 1.0 - cut
    return 1.0 - remaining


def levers_from_records(records: Sequence[Mapping[str, Any]]) -> tuple[Lever, ...]:
    """Levers from table rows (as edited on the page), each cell read as a number.

    Raises
    ------
    InputError
        A cell that is not a number, or a lever out of range, naming the lever.
    """
    levers = []
    for i, row in enumerate(records):
        name = str(row.get("name") or f"lever {i + 1}")
        levers.append(
            Lever(
                name=name,
                category=str(row.get("category", "")).strip().lower(),
                **{k: number(row.get(k), field=f"{name}: {k}") for k in ("applies_to", *LEVELS)},
            )
        )
    return tuple(levers)


def run_savings(spec: SavingsSpec, *, provenance: Provenance | None = None) -> SavingsPlan:
    """The savings plan of a spec: levers applied in order within each category.

    Parameters
    ----------
    spec : SavingsSpec
    provenance : Provenance, optional

    Returns
    -------
    SavingsPlan
        Per-lever savings add up exactly to the category saving, which never
        exceeds the category's spend.
    """
    spend = spec.baseline
    rows = []
    for category in CATEGORIES:
        remaining = dict.fromkeys(LEVELS, spend[category])
        for lever in (lv for lv in spec.levers if lv.category == category):
            row = lever.to_dict()
            for level in LEVELS:
                cut = lever.applies_to * getattr(lever, level)
                row[f"saving_{level}"] = remaining[level] * cut
                remaining[level] -= row[f"saving_{level}"]
            rows.append(row)
    columns = [*(f.name for f in fields(Lever)), *(f"saving_{level}" for level in LEVELS)]
    lever_frame = pd.DataFrame(rows, columns=columns)
    per_category = lever_frame.groupby("category")[[f"saving_{level}" for level in LEVELS]].sum()
    by_category = pd.DataFrame({"category": list(CATEGORIES), "spend": [spend[c] for c in CATEGORIES]})
    for level in LEVELS:
        by_category[f"saving_{level}"] = [float(per_category[f"saving_{level}"].get(c, 0.0)) for c in CATEGORIES]
    by_category["spend_after_likely"] = by_category["spend"] - by_category["saving_likely"]
    return SavingsPlan(
        baseline=dict(spend),
        total_baseline=float(sum(spend.values())),
        total_saving={level: float(by_category[f"saving_{level}"].sum()) for level in LEVELS},
        by_category=by_category,
        levers=lever_frame,
        provenance=provenance or provenance_for(spec),
    )


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
    """
    return run_savings(SavingsSpec(baseline=dict(baseline), levers=tuple(levers)))
