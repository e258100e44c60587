"""Progress in the workspace: attempts, spaced review at 1/3/7/14 days, next scenario; clock injected."""

from __future__ import annotations

import datetime as dt

import pytest

from lib.errors import InputError
from lib.practice import (
    DIMENSIONS,
    PracticeLog,
    dimension_averages,
    get_scenario,
    load_bank,
    next_scenario,
    review_schedule,
    score_answer,
    surprise_me,
    weakest_dimension,
)
from lib.practice._progress import Attempt
from lib.store import MIGRATIONS, Workspace

BANK = load_bank()
T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
PASSING = (
    "Situation: our ranking service cost $0.42 per 1,000 predictions and finance flagged the bill. "
    "My goal was to cut unit cost without hurting NDCG@10. "
    "I profiled the service, quantised the model and ran it in shadow before a canary with a rollback rule. "
    "As a result, cost went from $0.42 to $0.19 per 1,000 predictions. "
    "We accepted a 0.5% NDCG drop as the trade-off. "
    "I assumed traffic was uniform and missed a nightly spike; the alert caught it."
)


def _attempt(scenario_id: str, day: float, total: float, fractions: dict[str, float] | None = None, n: int = 0):
    return Attempt(
        n, scenario_id, T0 + dt.timedelta(days=day), total, fractions or dict.fromkeys(DIMENSIONS, 0.5), None, 5, ""
    )


def test_workspace_gains_practice_tables_and_log_round_trips(tmp_path):
    space = Workspace(tmp_path / "w.sqlite3")
    assert space.schema_version == len(MIGRATIONS)
    log = PracticeLog(space)
    scenario = get_scenario(BANK, "mle-reduced-cost")
    result = score_answer(PASSING, scenario, minutes=2)
    log.record(result, answer=PASSING, now=T0, self_rubric={"clarity": 4})
    log.record(score_answer("", scenario), answer="", now=T0 + dt.timedelta(hours=1))
    attempts = log.attempts()
    assert [a.total for a in attempts] == [result.total, 0.0] and result.total > 50
    assert attempts[0].fractions == {d.name: d.fraction for d in result.dimensions}
    assert attempts[0].self_rubric == {"clarity": 4}
    assert attempts[0].created_at == T0
    assert log.attempts(scenario_id="other") == []
    # Reopening the same file keeps the data and does not migrate twice.
    assert len(PracticeLog(Workspace(tmp_path / "w.sqlite3")).attempts()) == 2


def test_naive_time_is_rejected(tmp_path):
    log = PracticeLog(Workspace(tmp_path / "w.sqlite3"))
    with pytest.raises(InputError, match="time zone"):
        log.record(score_answer("x", BANK[0]), answer="x", now=dt.datetime(2026, 1, 1))


def test_review_intervals_hand_worked():
    history = []
    expected_gaps = [1, 3, 7, 14, 14]
    day = 0.0
    for gap in expected_gaps:
        history.append(_attempt("a", day, 80, n=len(history)))
        (item,) = review_schedule(history)
        assert item.interval_days == gap
        assert item.due_at == T0 + dt.timedelta(days=day + gap)
        day += gap
    # A fail resets to tomorrow, and the next pass starts the ladder again.
    history.append(_attempt("a", day, 40, n=len(history)))
    assert review_schedule(history)[0].interval_days == 1
    history.append(_attempt("a", day + 1, 75, n=len(history)))
    assert review_schedule(history)[0].interval_days == 1
    history.append(_attempt("a", day + 2, 75, n=len(history)))
    assert review_schedule(history)[0].interval_days == 3


def test_due_review_comes_first_then_weakest_dimension():
    weak_trade_off = dict.fromkeys(DIMENSIONS, 1.0) | {"trade_off": 0.0}
    attempts = [_attempt("l6-underperformer", 0, 90, weak_trade_off)]
    # Day 0.5: nothing due; weakest is trade_off, so a never-tried scenario stressing trade-offs is next.
    pick = next_scenario(BANK, attempts, now=T0 + dt.timedelta(hours=12))
    assert pick.kind == "weakest"
    assert any(r.dimension == "trade_off" for r in pick.scenario.rubric)
    assert pick.scenario.id != "l6-underperformer"
    assert pick.scenario.id == min(s.id for s in BANK if any(r.dimension == "trade_off" for r in s.rubric))
    # Day 1: the review is due.
    pick = next_scenario(BANK, attempts, now=T0 + dt.timedelta(days=1))
    assert (pick.kind, pick.scenario.id) == ("review", "l6-underperformer")


def test_first_pick_without_history_and_empty_filter():
    assert next_scenario(BANK, [], now=T0).kind == "start"
    assert next_scenario([], [], now=T0) is None


def test_averages_use_recent_attempts_only():
    old = _attempt("a", 0, 0, dict.fromkeys(DIMENSIONS, 0.0))
    new = [_attempt("a", d, 100, dict.fromkeys(DIMENSIONS, 1.0), n=d) for d in range(1, 11)]
    assert dimension_averages([old, *new]) == dict.fromkeys(DIMENSIONS, 1.0)
    assert dimension_averages([old, *new[:1]])["structure"] == 0.5
    assert weakest_dimension([]) is None
    # Ties go to the rubric's order.
    assert weakest_dimension(new) == DIMENSIONS[0]


def test_surprise_me_is_seeded():
    assert surprise_me(BANK, seed=7) == surprise_me(BANK, seed=7)
    assert len({surprise_me(BANK, seed=s).id for s in range(20)}) > 5
    with pytest.raises(InputError):
        surprise_me([], seed=1)
