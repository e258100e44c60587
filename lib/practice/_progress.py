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
from lib.practice._results import (
    PASS_MARK,
    REVIEW_DAYS,
    NextPick,
    ProgressResult,
    ReviewRecord,
    ScorePoint,
    ScoreResult,
)
from lib.practice._rules import DIMENSIONS, LABELS
from lib.practice._specs import MAX_ATTEMPTS, AttemptRecord, PracticeProgressSpec, parse_time
from lib.provenance import Provenance
from lib.store import Workspace

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

    def record(self) -> AttemptRecord:
        """The attempt as a progress spec holds it (without the answer's text)."""
        return AttemptRecord(
            scenario_id=self.scenario_id,
            created_at=self.created_at.isoformat(),
            total=float(self.total),
            fractions={k: float(v) for k, v in self.fractions.items()},
            minutes=None if self.minutes is None else float(self.minutes),
            id=self.id,
        )


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
            return int(cursor.lastrowid or 0)  # an INSERT always sets it

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
            late = f", {days} day{'s' if days > 1 else ''} late" if days > 0 else ""
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
    return Recommendation(
        choice, "weakest", f"Your weakest dimension lately is '{LABELS[weakest]}'; this scenario stresses it."
    )


def surprise_me(scenarios: Sequence[Scenario], *, seed: int) -> Scenario:
    """A scenario drawn at random (seeded, so the draw can be repeated)."""
    if not scenarios:
        raise InputError("no scenario matches the filter", expected="at least one scenario", found="none")
    return scenarios[int(np.random.default_rng(seed).integers(len(scenarios)))]


def progress_spec(attempts: Sequence[Attempt], *, today: dt.date) -> PracticeProgressSpec:
    """The progress spec of stored attempts on ``today`` (the latest 5,000 when there are more).

    Parameters
    ----------
    attempts : sequence of Attempt
        As :meth:`PracticeLog.attempts` returns them.
    today : datetime.date
        The day reviews are judged on.

    Returns
    -------
    PracticeProgressSpec
    """
    latest = sorted(attempts, key=lambda a: (a.created_at, a.id))[-MAX_ATTEMPTS:]
    return PracticeProgressSpec(today=today.isoformat(), attempts=tuple(a.record() for a in latest))


def _attempts_of(spec: PracticeProgressSpec) -> list[Attempt]:
    # Attempts without an id keep their order in the spec among those made in the same instant.
    return [
        Attempt(
            id=record.id if record.id is not None else index,
            scenario_id=record.scenario_id,
            created_at=parse_time(record.created_at, field=f"attempts[{index}].created_at"),
            total=record.total,
            fractions=dict(record.fractions),
            self_rubric=None,
            minutes=record.minutes,
            answer="",
        )
        for index, record in enumerate(spec.attempts)
    ]


def _end_of(day: dt.date) -> dt.datetime:
    # A review due at any time on a day is due on that day.
    return dt.datetime.combine(day, dt.time.max, tzinfo=dt.UTC)


def progress(spec: PracticeProgressSpec, scenarios: Sequence[Scenario], *, provenance: Provenance) -> ProgressResult:
    """Scores over time, the weakest dimension, reviews due by ``spec.today`` and what to practise next.

    Parameters
    ----------
    spec : PracticeProgressSpec
    scenarios : sequence of Scenario
        The scenarios a next one is chosen from (titles come from here too).
    provenance : Provenance

    Returns
    -------
    ProgressResult

    Notes
    -----
    A review is due on the day it falls (in UTC): a scenario passed at 21:00 with a one-day
    interval is due all the next day.
    """
    attempts = sorted(_attempts_of(spec), key=lambda a: (a.created_at, a.id))
    titles = {s.id: s.title for s in scenarios}
    now = _end_of(spec.day)
    points = tuple(
        ScorePoint(n, a.created_at.isoformat(), a.scenario_id, float(a.total), dict(a.fractions))
        for n, a in enumerate(attempts, start=1)
    )
    reviews = tuple(
        ReviewRecord(
            scenario_id=item.scenario_id,
            title=titles.get(item.scenario_id, item.scenario_id),
            last_attempt=item.last_attempt.isoformat(),
            last_total=float(item.last_total),
            passes_in_a_row=item.passes_in_a_row,
            interval_days=item.interval_days,
            due_on=item.due_at.astimezone(dt.UTC).date().isoformat(),
            due=item.is_due(now),
        )
        for item in review_schedule(attempts)
    )
    pick = next_scenario(scenarios, attempts, now=now)
    return ProgressResult(
        today=spec.today,
        scores=points,
        dimension_averages=dimension_averages(attempts) if attempts else {},
        weakest_dimension=weakest_dimension(attempts),
        reviews=reviews,
        next=None if pick is None else NextPick(pick.scenario.id, pick.scenario.title, pick.kind, pick.reason),
        provenance=provenance,
    )
