"""The candidate's own 1-5 ratings, set beside the automatic rubric."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from lib.analysis import Record, json_meta
from lib.errors import InputError

if TYPE_CHECKING:  # the score result holds the ratings, so the import only serves type checkers
    from lib.practice._results import ScoreResult

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


@dataclass(frozen=True)
class SelfRating(Record):
    """One self-rated dimension beside the rubric: own rating, the rubric's on the same 1-5 scale, the gap."""

    dimension: str
    own: int = field(metadata=json_meta(name="self"))
    automatic: float
    gap: float


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


def self_ratings(self_rubric: SelfRubric, result: ScoreResult) -> tuple[SelfRating, ...]:
    """Each self-rated dimension beside the rubric's score for it (gap = own minus automatic)."""
    rows = []
    for name in SELF_DIMENSIONS:
        automatic = automatic_on_five(result, name)
        own = self_rubric.ratings[name]
        rows.append(SelfRating(name, own, automatic, round(own - automatic, 1)))
    return tuple(rows)


def compare(self_rubric: SelfRubric, result: ScoreResult) -> list[dict[str, Any]]:
    """Rows of dimension, own rating (``self``), automatic rating and the gap (own minus automatic)."""
    return [row.to_dict() for row in self_ratings(self_rubric, result)]
