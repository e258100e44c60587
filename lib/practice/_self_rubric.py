"""The candidate's own 1-5 ratings, set beside the automatic rubric."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from lib.errors import InputError
from lib.practice._scoring import ScoreResult

SELF_DIMENSIONS: tuple[str, ...] = (
    "clarity",
    "structure",
    "quantified results",
    "ownership",
    "trade-offs",
    "conciseness",
)
# Which automatic dimensions each self-rated one is compared with.
AUTOMATIC_COUNTERPARTS: dict[str, tuple[str, ...]] = {
    "clarity": ("structure", "coverage"),
    "structure": ("structure",),
    "quantified results": ("quantified_result", "baseline"),
    "ownership": ("ownership",),
    "trade-offs": ("trade_off",),
    "conciseness": ("length",),
}


@dataclass(frozen=True)
class SelfRubric:
    """Ratings from 1 (weak) to 5 (strong) for the six self-rubric dimensions."""

    ratings: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return dict(self.ratings)


def make_self_rubric(ratings: Mapping[str, int]) -> SelfRubric:
    """Check that every dimension has a whole-number rating from 1 to 5."""
    missing = [d for d in SELF_DIMENSIONS if d not in ratings]
    if missing:
        raise InputError(
            "the self-rubric is incomplete",
            expected="a rating for " + ", ".join(SELF_DIMENSIONS),
            found="none for " + ", ".join(missing),
        )
    for name in SELF_DIMENSIONS:
        value = ratings[name]
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 1 <= int(value) <= 5:
            raise InputError(
                f"the rating for {name} is out of range", expected="a whole number from 1 to 5", found=repr(value)
            )
    return SelfRubric({name: int(ratings[name]) for name in SELF_DIMENSIONS})


def automatic_on_five(result: ScoreResult, dimension: str) -> float:
    """The automatic score of a self-rubric dimension on the same 1-5 scale (1 + 4 x share of points)."""
    shares = [result.dimension(name).fraction for name in AUTOMATIC_COUNTERPARTS[dimension]]
    return round(1 + 4 * float(np.mean(shares)), 1)


def compare(self_rubric: SelfRubric, result: ScoreResult) -> list[dict[str, Any]]:
    """Rows of dimension, own rating, automatic rating and the gap (own minus automatic)."""
    rows = []
    for name in SELF_DIMENSIONS:
        automatic = automatic_on_five(result, name)
        own = self_rubric.ratings[name]
        rows.append({"dimension": name, "self": own, "automatic": automatic, "gap": round(own - automatic, 1)})
    return rows
