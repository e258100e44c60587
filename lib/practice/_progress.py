"""Practice history in the workspace: attempts, spaced review and what to practise next."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from lib.errors import InputError
from lib.practice._bank import Scenario
from lib.practice._rules import DIMENSIONS
from lib.practice._scoring import ScoreResult
from lib.store import Workspace

REVIEW_DAYS: tuple[int, ...] = (1, 3, 7, 14)
PASS_MARK = 70.0  # a total at or above this counts as a pass for spaced review
RECENT_ATTEMPTS = 10  # the weakest dimension is judged on this many latest attempts


@dataclass(frozen=True)
class Attempt:
    """One scored answer, as stored."""

    id: int
    scenario_id: str
    created_at: dt.datetime
    total: float
    fractions: dict[str, float]  # dimension -> share of its points, 0..1
    self_rubric: dict[str, int] | None
    minutes: float | None
    answer: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "id": self.id,
            "scenario_id": self.scenario_id,
            "created_at": self.created_at.isoformat(),
            "total": self.total,
            "fractions": self.fractions,
            "self_rubric": self.self_rubric,
            "minutes": self.minutes,
        }


@dataclass(frozen=True)
class ReviewItem:
    """When a scenario is next due for review."""

    scenario_id: str
    last_attempt: dt.datetime
    last_total: float
    passes_in_a_row: int
    interval_days: int
    due_at: dt.datetime

    def is_due(self, now: dt.datetime) -> bool:
        """True once the review date has come."""
        return now >= self.due_at


@dataclass(frozen=True)
class Recommendation:
    """The scenario to practise next, and why."""

    scenario: Scenario
    kind: Literal["review", "weakest", "start"]
    reason: str


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise InputError("a time without a time zone was given", expected="a UTC datetime", found=moment.isoformat())
    return moment


class PracticeLog:
    """Attempts stored in the workspace's SQLite file.

    Parameters
    ----------
    workspace : Workspace, optional
        Defaults to the user's workspace.
    """

    def __init__(self, workspace: Workspace | None = None) -> None:
        self.workspace = workspace if workspace is not None else Workspace()

    def record(
        self,
        result: ScoreResult,
        *,
        answer: str,
        now: dt.datetime,
        self_rubric: dict[str, int] | None = None,
    ) -> int:
        """Store a scored attempt at time ``now``; return its id."""
        fractions = {d.name: d.fraction for d in result.dimensions}
        # The workspace's own connection helper keeps one transaction per write.
        with self.workspace._connect(write=True) as connection:
            cursor = connection.execute(
                "INSERT INTO practice_attempts (scenario_id, created_at, total, dimensions, self_rubric, minutes, answer)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    result.scenario_id,
                    _aware(now).isoformat(),
                    float(result.total),
                    json.dumps(fractions),
                    json.dumps(self_rubric) if self_rubric else None,
                    float(result.minutes),
                    answer,
                ),
            )
            return int(cursor.lastrowid)

    def attempts(self, *, scenario_id: str | None = None) -> list[Attempt]:
        """Stored attempts, oldest first."""
        query = (
            "SELECT id, scenario_id, created_at, total, dimensions, self_rubric, minutes, answer FROM practice_attempts"
        )
        args: list[Any] = []
        if scenario_id is not None:
            query += " WHERE scenario_id = ?"
            args.append(scenario_id)
        query += " ORDER BY created_at, id"
        with self.workspace._connect() as connection:
            rows = connection.execute(query, args).fetchall()
        return [
            Attempt(
                id=row[0],
                scenario_id=row[1],
                created_at=dt.datetime.fromisoformat(row[2]),
                total=row[3],
                fractions=json.loads(row[4]),
                self_rubric=json.loads(row[5]) if row[5] else None,
                minutes=row[6],
                answer=row[7],
            )
            for row in rows
        ]


def dimension_averages(attempts: Sequence[Attempt], *, recent: int = RECENT_ATTEMPTS) -> dict[str, float]:
    """Mean share of points per dimension over the latest ``recent`` attempts."""
    latest = sorted(attempts, key=lambda a: (a.created_at, a.id))[-recent:]
    return {
        name: float(np.mean([a.fractions.get(name, 0.0) for a in latest])) if latest else 0.0 for name in DIMENSIONS
    }


def weakest_dimension(attempts: Sequence[Attempt], *, recent: int = RECENT_ATTEMPTS) -> str | None:
    """The dimension with the lowest recent average (ties go to the rubric's order); None with no attempts."""
    if not attempts:
        return None
    averages = dimension_averages(attempts, recent=recent)
    return min(DIMENSIONS, key=lambda name: (averages[name], DIMENSIONS.index(name)))


def review_schedule(attempts: Sequence[Attempt]) -> list[ReviewItem]:
    """Next review of every attempted scenario.

    A fail brings the scenario back the next day; each pass in a row pushes the
    next review further out: 1, 3, 7, then 14 days.
    """
    by_scenario: dict[str, list[Attempt]] = {}
    for attempt in sorted(attempts, key=lambda a: (a.created_at, a.id)):
        by_scenario.setdefault(attempt.scenario_id, []).append(attempt)
    items = []
    for scenario_id, history in by_scenario.items():
        streak = 0
        for attempt in reversed(history):
            if attempt.total < PASS_MARK:
                break
            streak += 1
        interval = REVIEW_DAYS[min(max(streak - 1, 0), len(REVIEW_DAYS) - 1)]
        last = history[-1]
        items.append(
            ReviewItem(
                scenario_id,
                last.created_at,
                last.total,
                streak,
                interval,
                last.created_at + dt.timedelta(days=interval),
            )
        )
    return sorted(items, key=lambda item: (item.due_at, item.scenario_id))


def next_scenario(
    scenarios: Sequence[Scenario], attempts: Sequence[Attempt], *, now: dt.datetime
) -> Recommendation | None:
    """What to practise next among ``scenarios``.

    A due review comes first (the most overdue); otherwise the weakest dimension
    picks a scenario whose rubric stresses it, preferring ones tried least.
    """
    if not scenarios:
        return None
    offered = {s.id: s for s in scenarios}
    for item in review_schedule(attempts):
        if item.scenario_id in offered and item.is_due(_aware(now)):
            days = (now - item.due_at).days
            late = f", {days} days late" if days > 0 else ""
            return Recommendation(
                offered[item.scenario_id],
                "review",
                f"Due for review (last score {item.last_total:g}, {item.interval_days}-day interval{late}).",
            )
    weakest = weakest_dimension(attempts)
    tries: dict[str, int] = {}
    for attempt in attempts:
        tries[attempt.scenario_id] = tries.get(attempt.scenario_id, 0) + 1
    ordered = sorted(scenarios, key=lambda s: (tries.get(s.id, 0), s.id))
    if weakest is None:
        return Recommendation(ordered[0], "start", "A first scenario to set your baseline.")
    stressing = [s for s in ordered if any(r.dimension == weakest for r in s.rubric)]
    choice = (stressing or ordered)[0]
    from lib.practice._rules import LABELS

    return Recommendation(
        choice, "weakest", f"Your weakest dimension lately is '{LABELS[weakest]}'; this scenario stresses it."
    )


def surprise_me(scenarios: Sequence[Scenario], *, seed: int) -> Scenario:
    """A scenario drawn at random (seeded, so the draw can be repeated)."""
    if not scenarios:
        raise InputError("no scenario matches the filter", expected="at least one scenario", found="none")
    return scenarios[int(np.random.default_rng(seed).integers(len(scenarios)))]
