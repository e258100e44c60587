"""Result records of the practice analyses: a scored answer, and progress over attempts."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from lib.analysis import Record, Result, json_meta
from lib.practice._bank import Scenario
from lib.practice._rules import DIMENSIONS, LABELS
from lib.practice._self_rubric import SelfRating
from lib.provenance import Provenance

RUBRIC_VERSION = 2  # 2: relevance, key points matched by meaning, pitfalls, stuffing rules, follow-ups
REVIEW_DAYS: tuple[int, ...] = (1, 3, 7, 14)
PASS_MARK = 70.0  # a total at or above this counts as a pass for spaced review


@dataclass(frozen=True)
class DimensionScore(Record):
    """Points on one rubric dimension, with the sentences that earned them.

    In the JSON, dimensions are keyed by ``name``; ``max_score`` is written as ``max``.
    """

    json_extras = ("points",)

    name: str
    label: str
    score: float
    max_score: int = dataclasses.field(metadata=json_meta(name="max"))
    evidence: tuple[str, ...]
    missing: str
    detail: str = ""

    @property
    def fraction(self) -> float:
        """Score as a share of the dimension's points."""
        return self.score / self.max_score if self.max_score else 0.0

    @property
    def points(self) -> float:
        """The points earned (the same number as ``score``, under the name the JSON documents)."""
        return self.score


@dataclass(frozen=True)
class KeyPointResult(Record):
    """One key point of the reference framework: made or not, and the sentence that made it."""

    point: str
    found: bool
    quote: str
    phase: str = ""
    strength: float = 1.0  # 0.5 when the sentence only listed terms


@dataclass(frozen=True)
class PitfallResult(Record):
    """A pitfall the answer commits: the sentence, why it is a pitfall, and the dimensions it capped."""

    pitfall: str
    quote: str
    why: str = ""
    touches: tuple[str, ...] = ()


@dataclass(frozen=True)
class Relevance(Record):
    """How much of the answer is about this scenario.

    Attributes
    ----------
    score : float
        0 to 1: share of the judged words in on-topic sentences (unclear ones count half).
    off_topic : tuple of str
        Sentences judged off-topic; they earn no points.
    unclear : tuple of str
        Sentences neither clearly on nor off the topic; they earn points and count half for relevance.
    cap : float
        The highest total this relevance allows (100 from a share of 0.7 up).
    model : str
        The model that compared the sentences with the scenario.
    """

    score: float
    off_topic: tuple[str, ...]
    unclear: tuple[str, ...] = ()
    cap: float = 100.0
    model: str = ""


@dataclass(frozen=True)
class FollowUpResult(Record):
    """One follow-up question of the exchange: why it was asked, the answer, and its score out of 100."""

    question: str
    reason: str
    answer: str = ""
    score: float | None = None  # None while unanswered
    max_score: int = dataclasses.field(default=100, metadata=json_meta(name="max"))
    parts: dict[str, float] = dataclasses.field(default_factory=dict)
    evidence: tuple[str, ...] = ()
    missing: str = ""
    relevance: float | None = None
    pitfalls: tuple[PitfallResult, ...] = ()
    elapsed_minutes: float | None = None


@dataclass(frozen=True)
class ScoreResult(Result):
    """An answer's rubric score: total 0-100, each dimension explained, and the scenario it answered.

    Attributes
    ----------
    scenario_id : str
    total : float
        0 to 100, the sum of the dimensions' points (rounded to 0.1).
    dimensions : tuple of DimensionScore
        Written as an object keyed by dimension name: ``{"score", "max", "evidence", "missing", ...}``.
    notes : tuple of str
        What the candidate should know about the scoring (empty answer, truncation, language, time).
    words : int
        Words scored.
    minutes : float
        The time box the length was judged against.
    scenario : Scenario
        The scenario in full (question, framework, follow-ups), so the report stands alone.
    answer : str
        The answer scored.
    provenance : Provenance
    rubric_version : int
    elapsed_minutes : float or None
        Minutes on the clock at submission, when a clock ran.
    self_rating : tuple of SelfRating
        The candidate's own ratings beside the rubric's, when given.
    relevance : Relevance or None
        How much of the answer is about this scenario, and the sentences judged off-topic.
    pitfalls : tuple of PitfallResult
        The scenario's pitfalls the answer commits, each quoted.
    key_points : tuple of KeyPointResult
        Every key point of the reference framework, made or not, quoted when made.
    penalty : float
        Points taken off the total for pitfalls.
    follow_ups : tuple of FollowUpResult
        The follow-up questions chosen from what the answer missed, with their answers and scores.
    """

    scenario_id: str
    total: float
    dimensions: tuple[DimensionScore, ...] = dataclasses.field(metadata=json_meta(keyed_by="name"))
    notes: tuple[str, ...]
    words: int
    minutes: float
    scenario: Scenario
    answer: str
    # Two runs of one spec differ only in their timestamps, so equality leaves provenance out.
    provenance: Provenance = dataclasses.field(compare=False)
    rubric_version: int = RUBRIC_VERSION
    elapsed_minutes: float | None = None
    self_rating: tuple[SelfRating, ...] = ()
    relevance: Relevance | None = None
    pitfalls: tuple[PitfallResult, ...] = ()
    key_points: tuple[KeyPointResult, ...] = ()
    penalty: float = 0.0
    follow_ups: tuple[FollowUpResult, ...] = ()

    def dimension(self, name: str) -> DimensionScore:
        """One dimension by name."""
        return next(d for d in self.dimensions if d.name == name)


@dataclass(frozen=True)
class ScorePoint(Record):
    """One attempt on the progress chart.

    Attributes
    ----------
    attempt : int
        1 for the oldest attempt.
    when : str
        When it was scored (ISO 8601).
    scenario_id : str
    total : float
    fractions : dict
        Dimension -> share of its points, 0 to 1.
    """

    attempt: int
    when: str
    scenario_id: str
    total: float
    fractions: dict[str, float]


@dataclass(frozen=True)
class ReviewRecord(Record):
    """When a scenario is next due for review, and why."""

    scenario_id: str
    title: str
    last_attempt: str
    last_total: float
    passes_in_a_row: int
    interval_days: int
    due_on: str
    due: bool


@dataclass(frozen=True)
class NextPick(Record):
    """The scenario to practise next: a due review, one that stresses the weakest dimension, or a first one."""

    scenario_id: str
    title: str
    kind: Literal["review", "weakest", "start"]
    reason: str


@dataclass(frozen=True)
class ProgressResult(Result):
    """Scores over time, the weakest dimension, the spaced-review schedule and what to practise next.

    Attributes
    ----------
    today : str
        The day reviews were judged on.
    scores : tuple of ScorePoint
        Every attempt, oldest first.
    dimension_averages : dict
        Dimension -> mean share of its points over the latest ten attempts.
    weakest_dimension : str or None
        The dimension with the lowest recent average (None with no attempts).
    reviews : tuple of ReviewRecord
        One per scenario tried, soonest due first.
    next : NextPick or None
    provenance : Provenance
    """

    json_extras = (("attempts", "attempt_count"), "pass_mark", "review_days", "due_today")

    today: str
    scores: tuple[ScorePoint, ...]
    dimension_averages: dict[str, float]
    weakest_dimension: str | None
    reviews: tuple[ReviewRecord, ...]
    next: NextPick | None
    provenance: Provenance

    @property
    def attempt_count(self) -> int:
        """Attempts the progress was computed from."""
        return len(self.scores)

    @property
    def pass_mark(self) -> float:
        """The total at or above which an attempt counts as a pass."""
        return PASS_MARK

    @property
    def review_days(self) -> tuple[int, ...]:
        """The review intervals after one, two, three and four passes in a row."""
        return REVIEW_DAYS

    @property
    def due_today(self) -> tuple[str, ...]:
        """Scenarios whose review has come (ids)."""
        return tuple(r.scenario_id for r in self.reviews if r.due)

    @property
    def weakest_label(self) -> str | None:
        """The weakest dimension's name as people read it."""
        return LABELS[self.weakest_dimension] if self.weakest_dimension else None

    def scores_frame(self) -> pd.DataFrame:
        """One row per attempt: when, scenario, total and each dimension as % of its points."""
        return pd.DataFrame(
            [
                {
                    "attempt": p.attempt,
                    "when": p.when[:16].replace("T", " "),
                    "scenario": p.scenario_id,
                    "total": p.total,
                    **{LABELS[d]: 100 * p.fractions.get(d, 0.0) for d in DIMENSIONS},
                }
                for p in self.scores
            ],
            columns=["attempt", "when", "scenario", "total", *[LABELS[d] for d in DIMENSIONS]],
        )

    def reviews_frame(self) -> pd.DataFrame:
        """The review schedule as people read it."""
        return pd.DataFrame(
            [
                {
                    "scenario": r.title,
                    "last score": r.last_total,
                    "passes in a row": r.passes_in_a_row,
                    "review on": r.due_on,
                    "due now": r.due,
                }
                for r in self.reviews
            ],
            columns=["scenario", "last score", "passes in a row", "review on", "due now"],
        )
