"""The practice kinds through the registry: scoring from a spec, progress from attempts, their reports."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from lib.analysis import Chart, Table, file_source, get_kind, run
from lib.errors import InputError
from lib.practice import (
    BANK_FILE,
    DIMENSIONS,
    WEIGHTS,
    Attempt,
    AttemptRecord,
    PracticeProgressSpec,
    PracticeScoreSpec,
    ProgressResult,
    ScoreResult,
    StarAnswer,
    get_scenario,
    load_bank,
    progress_spec,
    score_answer,
)
from lib.practice.analyses import STRONG_ANSWER, WEAK_ANSWER

BANK = load_bank()
FULL = dict.fromkeys(DIMENSIONS, 1.0)


def test_kinds_are_registered_with_their_types():
    score, progress = get_kind("practice_score"), get_kind("practice_progress")
    assert (score.spec_type, score.result_type) == (PracticeScoreSpec, ScoreResult)
    assert (progress.spec_type, progress.result_type) == (PracticeProgressSpec, ProgressResult)


def test_strong_and_weak_examples_hand_worked():
    strong = run(PracticeScoreSpec(scenario_id="mle-reduced-cost", answer=STRONG_ANSWER, minutes=2))
    weak = run(PracticeScoreSpec(scenario_id="cost-500k-roi", answer=WEAK_ANSWER))
    # The strong example is worked dimension by dimension in tests/lib/practice/test_scoring.py.
    assert strong.total == 88.0 and strong.total <= sum(WEIGHTS.values())
    # One generic sentence is about no scenario in particular: judged off-topic, so it earns nothing.
    assert weak.total == 0.0 and weak.relevance.off_topic == (WEAK_ANSWER,)
    assert any("about this scenario" in note for note in weak.notes)


def test_a_pasted_answer_is_judged_by_words_for_the_time_box_not_by_the_clock():
    # About 300 words submitted 6 seconds after Start: inside 125-650 words for a 5-minute box.
    answer = " ".join([STRONG_ANSWER] * 4)
    spec = PracticeScoreSpec(scenario_id="mle-reduced-cost", answer=answer, minutes=5, elapsed_minutes=0.1)
    result = run(spec)
    assert result.words == 312 and result.minutes == 5.0 and result.elapsed_minutes == 0.1
    assert result.dimension("length").score == 5.0
    assert result.dimension("length").detail == "312 words for 5 minutes (aim for 125-650)"
    assert result.total == run(spec.replace(elapsed_minutes=None)).total
    assert any("earns nothing extra" in note for note in result.notes)  # the same story four times


def test_running_over_the_time_box_is_a_note_not_a_penalty():
    spec = PracticeScoreSpec(scenario_id="mle-reduced-cost", answer=STRONG_ANSWER, minutes=2, elapsed_minutes=3.25)
    result = run(spec)
    assert any("3.2 minutes against a 2-minute time box" in note for note in result.notes)
    assert result.total == 88.0
    assert not run(spec.replace(elapsed_minutes=2.4)).notes  # finishing the last sentence is fine


def test_no_time_box_is_judged_as_five_minutes():
    result = run(PracticeScoreSpec(scenario_id="mle-reduced-cost", answer=STRONG_ANSWER))
    assert result.minutes == 5.0 and result.dimension("length").score == 2.5  # 78 words: half of 125


def test_star_boxes_score_as_the_labelled_text():
    star = StarAnswer(
        situation="We had to choose an embedding model before launch.", result="CTR rose from 3.1% to 3.4%."
    )
    result = run(PracticeScoreSpec(scenario_id="mle-incomplete-info", star=star))
    assert (
        result.answer
        == "Situation: We had to choose an embedding model before launch. Result: CTR rose from 3.1% to 3.4%."
    )
    assert result == score_answer(result.answer, get_scenario(BANK, "mle-incomplete-info"))


def test_library_shortcut_and_kind_agree_and_result_json_round_trips():
    spec = PracticeScoreSpec(scenario_id="mle-reduced-cost", answer=STRONG_ANSWER, minutes=2)
    result = run(spec)
    assert result == score_answer(STRONG_ANSWER, get_scenario(BANK, "mle-reduced-cost"), minutes=2)
    payload = json.loads(result.to_json())
    assert ScoreResult.from_dict(payload).to_dict() == payload
    assert ScoreResult.from_dict(payload) == result
    assert payload["provenance"]["parameters"] == spec.to_dict()


def test_unknown_scenario_and_missing_bank_file_are_input_errors():
    with pytest.raises(InputError, match="no scenario with this id"):
        run(PracticeScoreSpec(scenario_id="no-such-id"))
    with pytest.raises(InputError, match="'bank' input"):
        run(PracticeScoreSpec(scenario_id="cost-500k-roi", bank="file"))


def test_a_bank_file_input_is_read_and_recorded():
    source = file_source(BANK_FILE.read_bytes(), "scenarios.json")
    result = run(PracticeScoreSpec(scenario_id="cost-500k-roi", answer=WEAK_ANSWER, bank="file"), {"bank": source})
    assert result.provenance.inputs["bank"]["sha256"] == source.sha256
    bundled = run(PracticeScoreSpec(scenario_id="cost-500k-roi", answer=WEAK_ANSWER))
    assert result.total == bundled.total == 0.0
    # A bank file's scenarios have no pitfall rules of their own: its key points still come from the framework.
    assert len(result.key_points) == len(bundled.key_points)


def test_score_report_blocks():
    result = run(PracticeScoreSpec(scenario_id="mle-reduced-cost", answer=STRONG_ANSWER, minutes=2))
    report = result.report()
    rubric = report.block("rubric")
    assert isinstance(rubric, Table) and len(rubric.frame) == len(DIMENSIONS)
    assert rubric.frame["points"].sum() == pytest.approx(result.total)  # no pitfall, no relevance cap
    points = report.block("key_points")
    assert isinstance(points, Table) and len(points.frame) == len(result.key_points)
    html = report.to_html()
    assert "Tell me about a time you reduced" in html and "<script" not in html.lower()
    markdown = report.to_markdown()
    assert "How scoring works" in markdown and "cannot judge" in markdown and "Follow-up exchange" in markdown


def test_score_json_keeps_its_keys_and_adds_the_substance():
    payload = run(PracticeScoreSpec(scenario_id="rai-hiring-model", answer="We kept the model running.")).to_dict()
    for key in ("scenario_id", "total", "dimensions", "notes", "words", "minutes", "scenario", "answer"):
        assert key in payload
    for dimension in payload["dimensions"].values():
        assert {"score", "points", "max", "evidence", "missing", "label", "detail"} <= set(dimension)
    assert 0 <= payload["relevance"]["score"] <= 1 and isinstance(payload["relevance"]["off_topic"], list)
    assert payload["pitfalls"] and {"pitfall", "quote"} <= set(payload["pitfalls"][0])
    assert {"point", "found", "quote"} <= set(payload["key_points"][0])


T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def _attempt(scenario_id: str, day: float, total: float, fractions: dict | None = None, n: int = 0) -> Attempt:
    return Attempt(n, scenario_id, T0 + dt.timedelta(days=day), total, fractions or dict(FULL), None, 5.0, "")


def test_progress_hand_worked():
    weak_trade_off = FULL | {"trade_off": 0.0}
    attempts = [
        _attempt("l6-underperformer", 0, 90, weak_trade_off, n=1),
        _attempt("l6-underperformer", 1, 85, weak_trade_off, n=2),
        _attempt("cost-500k-roi", 1.5, 40, FULL | {"trade_off": 0.5}, n=3),
    ]
    result = run(progress_spec(attempts, today=dt.date(2026, 1, 7)))
    assert [p.total for p in result.scores] == [90.0, 85.0, 40.0] and [p.attempt for p in result.scores] == [1, 2, 3]
    assert result.weakest_dimension == "trade_off"
    assert result.dimension_averages["trade_off"] == pytest.approx(0.5 / 3)
    reviews = {r.scenario_id: r for r in result.reviews}
    # Two passes in a row: a 3-day interval from 2026-01-06 09:00; the fail at 2026-01-06 21:00 is back the next day.
    assert (reviews["l6-underperformer"].interval_days, reviews["l6-underperformer"].due_on) == (3, "2026-01-09")
    assert (reviews["cost-500k-roi"].interval_days, reviews["cost-500k-roi"].due_on) == (1, "2026-01-07")
    assert result.due_today == ("cost-500k-roi",) and not reviews["l6-underperformer"].due
    assert (result.next.kind, result.next.scenario_id) == ("review", "cost-500k-roi")
    assert reviews["cost-500k-roi"].title == get_scenario(BANK, "cost-500k-roi").title
    # The day before, nothing is due: the weakest dimension picks a scenario stressing trade-offs.
    before = run(progress_spec(attempts, today=dt.date(2026, 1, 6)))
    assert before.due_today == () and before.next.kind == "weakest"
    assert any(r.dimension == "trade_off" for r in get_scenario(BANK, before.next.scenario_id).rubric)


def test_progress_spec_keeps_the_latest_attempts_in_order():
    attempts = [_attempt("a", d, 50, n=d) for d in (3, 1, 2)]
    spec = progress_spec(attempts, today=dt.date(2026, 2, 1))
    assert [a.id for a in spec.attempts] == [1, 2, 3] and spec.today == "2026-02-01"
    assert spec.attempts[0] == AttemptRecord("a", "2026-01-06T09:00:00+00:00", 50.0, FULL, 5.0, 1)


def test_progress_without_attempts_suggests_a_start():
    result = run(PracticeProgressSpec(today="2026-01-01"))
    assert result.scores == () and result.weakest_dimension is None and result.next.kind == "start"
    assert result.next.scenario_id == min(s.id for s in BANK)
    markdown = result.report().to_markdown()
    assert "No attempts yet" in markdown and "Practise next" in markdown


def test_progress_report_has_the_chart_and_tables():
    attempts = [_attempt("a", 0, 30, n=1), _attempt("a", 2, 75, n=2)]
    result = run(progress_spec(attempts, today=dt.date(2026, 1, 8)))
    report = result.report()
    assert isinstance(report.block("progress"), Chart)
    assert report.block("scores").frame["total"].tolist() == [30.0, 75.0]
    assert report.block("reviews").frame["review on"].tolist() == ["2026-01-08"]
    payload = json.loads(result.to_json())
    assert ProgressResult.from_dict(payload).to_dict() == payload
    assert payload["attempts"] == 2 and payload["pass_mark"] == 70.0 and payload["review_days"] == [1, 3, 7, 14]
