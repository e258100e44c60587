"""Self-rubric beside the automatic one, the practice report and the progress chart."""

from __future__ import annotations

import altair as alt
import pytest

from lib.analysis import run
from lib.errors import InputError
from lib.practice import (
    DIMENSIONS,
    SELF_DIMENSIONS,
    PracticeScoreSpec,
    ScorePoint,
    automatic_on_five,
    compare,
    get_scenario,
    load_bank,
    make_self_rubric,
    progress_chart,
    progress_frame,
    score_answer,
)

BANK = load_bank()
SCENARIO = get_scenario(BANK, "mle-reduced-cost")
ANSWER = (
    "Situation: cost was high | really. I cut cost per 1,000 predictions from $0.42 to $0.19 with a canary and alerts."
)


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
    # quantified results = mean of quantified_result (0.75, capped at 0.5 by the pitfall 'savings with no quality
    # metric') and baseline (0.8, one before/after figure) = 0.65 -> 1 + 4 x 0.65 = 3.6.
    assert [p.pitfall for p in result.pitfalls] == ["Savings with no quality metric."]
    assert automatic_on_five(result, "quantified results") == 3.6
    rows = compare(make_self_rubric(dict.fromkeys(SELF_DIMENSIONS, 4)), result)
    assert [r["dimension"] for r in rows] == list(SELF_DIMENSIONS)
    assert next(r for r in rows if r["dimension"] == "ownership")["gap"] == 3.0


def test_self_rubric_in_the_spec_puts_the_comparison_in_the_result():
    ratings = dict.fromkeys(SELF_DIMENSIONS, 4)
    result = run(PracticeScoreSpec(scenario_id=SCENARIO.id, answer=ANSWER, minutes=1, self_rubric=ratings))
    expected = compare(make_self_rubric(ratings), score_answer(ANSWER, SCENARIO, minutes=1))
    assert [row.to_dict() for row in result.self_rating] == expected
    assert result.to_dict()["self_rating"][3] == {"dimension": "ownership", "self": 4, "automatic": 1.0, "gap": 3.0}


def test_report_markdown_has_evidence_followups_framework_and_provenance():
    ratings = dict.fromkeys(SELF_DIMENSIONS, 4)
    result = run(PracticeScoreSpec(scenario_id=SCENARIO.id, answer=ANSWER, minutes=1, self_rubric=ratings))
    report = result.report().to_markdown()
    assert report.startswith(f"# Practice report: {SCENARIO.title}")
    assert "I cut cost per 1,000 predictions from \\$0.42 to \\$0.19 with a canary and alerts." in report
    assert "Situation: cost was high | really." in report  # the answer is quoted as one paragraph
    for heading in (
        "## Rubric",
        "## Your rating beside the rubric (1-5)",
        "## Follow-up questions to practise",
        "## Follow-up exchange",
        "## Key points made: ",
        "## Pitfalls",
        "## How scoring works",
        "## Reference framework",
        "## Provenance",
    ):
        assert heading in report
    assert SCENARIO.follow_ups[0] in report
    assert "**Score**: " in report and f"{result.total:g} / 100" in report


def test_progress_frame_and_chart():
    points = [
        ScorePoint(2, "2026-01-02T00:00:00+00:00", "b", 60.0, dict.fromkeys(DIMENSIONS, 0.5)),
        ScorePoint(1, "2026-01-01T00:00:00+00:00", "a", 20.0, dict.fromkeys(DIMENSIONS, 0.0)),
    ]
    frame = progress_frame(points)
    assert len(frame) == 2 * (1 + len(DIMENSIONS))
    totals = frame[frame["series"] == "Total"]
    assert totals["score"].tolist() == [20.0, 60.0] and totals["scenario"].tolist() == ["a", "b"]
    assert frame[frame["scenario"] == "b"]["score"].tolist() == [60.0, *[50.0] * len(DIMENSIONS)]
    chart = progress_chart(points)
    assert isinstance(chart, alt.Chart)
    spec = chart.to_dict()
    assert spec["mark"]["type"] == "line" and "tooltip" in spec["encoding"]
    assert progress_frame([]).empty
