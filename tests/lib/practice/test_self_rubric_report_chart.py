"""Self-rubric beside the automatic one, the Markdown report and the progress chart."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pytest

from lib.errors import InputError
from lib.practice import (
    DIMENSIONS,
    SELF_DIMENSIONS,
    automatic_on_five,
    compare,
    get_scenario,
    load_bank,
    make_self_rubric,
    practice_report,
    progress_chart,
    progress_frame,
    score_answer,
)
from lib.practice._progress import Attempt

BANK = load_bank()
SCENARIO = get_scenario(BANK, "mle-reduced-cost")
ANSWER = "Situation: cost was high | really. I cut p95 latency from 180 ms to 95 ms with a canary and alerts."


def test_self_rubric_checks_range():
    ratings = dict.fromkeys(SELF_DIMENSIONS, 3)
    assert make_self_rubric(ratings).ratings == ratings
    with pytest.raises(InputError, match="incomplete"):
        make_self_rubric({"clarity": 3})
    with pytest.raises(InputError, match="1 to 5"):
        make_self_rubric(ratings | {"ownership": 6})
    with pytest.raises(InputError, match="1 to 5"):
        make_self_rubric(ratings | {"ownership": 2.5})


def test_compare_hand_worked():
    result = score_answer(ANSWER, SCENARIO, minutes=1)
    # ownership earned nothing -> 1.0 on the 1-5 scale; guardrails are not a self-rubric item.
    assert automatic_on_five(result, "ownership") == 1.0
    # quantified results = mean of quantified_result (1.0) and baseline (1.0) -> 5.0.
    assert automatic_on_five(result, "quantified results") == 5.0
    rows = compare(make_self_rubric(dict.fromkeys(SELF_DIMENSIONS, 4)), result)
    assert [r["dimension"] for r in rows] == list(SELF_DIMENSIONS)
    assert next(r for r in rows if r["dimension"] == "ownership")["gap"] == 3.0


def test_report_markdown_has_evidence_followups_framework_and_provenance():
    result = score_answer(ANSWER, SCENARIO, minutes=1)
    report = practice_report(
        SCENARIO, result, answer=ANSWER, self_rubric=make_self_rubric(dict.fromkeys(SELF_DIMENSIONS, 4))
    ).to_markdown()
    assert report.startswith(f"# Practice report: {SCENARIO.title}")
    assert "I cut p95 latency from 180 ms to 95 ms with a canary and alerts." in report
    assert "> Situation: cost was high | really." in report  # the answer is quoted as one line
    for heading in ("## Rubric", "## Follow-up questions", "## Reference framework", "## Provenance"):
        assert heading in report
    assert SCENARIO.follow_ups[0] in report


def test_progress_frame_and_chart():
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    attempts = [
        Attempt(2, "b", t0 + dt.timedelta(days=1), 60.0, dict.fromkeys(DIMENSIONS, 0.5), None, 5, ""),
        Attempt(1, "a", t0, 20.0, dict.fromkeys(DIMENSIONS, 0.0), None, 5, ""),
    ]
    frame = progress_frame(attempts)
    assert len(frame) == 2 * (1 + len(DIMENSIONS))
    totals = frame[frame["series"] == "Total"]
    assert totals["score"].tolist() == [20.0, 60.0] and totals["scenario"].tolist() == ["a", "b"]
    chart = progress_chart(attempts)
    assert isinstance(chart, alt.Chart)
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "line" and "tooltip" in spec["encoding"]
    assert progress_frame([]).empty
